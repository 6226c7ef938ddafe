// `bpsim explain FILE [--set P=V]...`: the resolved scenario and where each value came from.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/io/scenario/explain.hpp"
#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

#include <memory>
#include <sstream>
#include <string>

namespace bpsim::cli {

namespace {

struct ExplainArgs {
  std::string file;
  std::vector<std::string> sets;
};

// Line by line through printable(): the values are input text (an ESC in a name stays visible).
int explain(const ExplainArgs& args) {
  std::istringstream lines(explain_scenario(args.file, parse_overrides(args.file, args.sets)));
  for (std::string line; std::getline(lines, line);) fmt::print("{}\n", io::printable(line));
  return exit_ok;
}

}  // namespace

void register_explain(CLI::App& app, int& status) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand("explain",
                                     "Print a scenario as bpsim reads it (after extends and --set, defaults filled in) "
                                     "and where each value came from");
  cmd->add_option("FILE", args->file, "Scenario file (YAML)")->required();
  add_set_option(*cmd, args->sets);
  cmd->footer(
      "Each line ends with `# FILE:LINE`, `# --set PATH=VALUE` or `# default`.\n"
      "A scenario that does not load is reported as `bpsim check` does (exit 2).\n"
      "Examples:\n"
      "  bpsim explain scenarios/us_wedge.yaml\n"
      "  bpsim explain scenarios/us_wedge.yaml --set events.rus_chn_arms.threshold=0.2");
  cmd->callback([args, &status] { status = run_guarded([&] { return explain(*args); }); });
}

}  // namespace bpsim::cli
