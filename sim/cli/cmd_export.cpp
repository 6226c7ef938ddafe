// `bpsim export DB --csv DIR` and `bpsim merge OUT.db IN.db...` (being written).
#include "sim/cli/commands.hpp"
namespace bpsim::cli {
void register_export(CLI::App&, int&) {}
void register_merge(CLI::App&, int&) {}
}  // namespace bpsim::cli
