// `bpsim sweep SWEEP.yaml [-o DB]` (being written).
#include "sim/cli/commands.hpp"
namespace bpsim::cli {
void register_sweep(CLI::App&, int&) {}
}  // namespace bpsim::cli
