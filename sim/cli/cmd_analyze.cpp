// `bpsim analyze DB` (being written).
#include "sim/cli/commands.hpp"
namespace bpsim::cli {
void register_analyze(CLI::App&, int&) {}
}  // namespace bpsim::cli
