// `bpsim check FILE [--set P=V]...`: load and validate a scenario without running it.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

#include <memory>

namespace bpsim::cli {

namespace {

struct CheckArgs {
  std::string file;
  std::vector<std::string> sets;
};

int check(const CheckArgs& args) {
  const Scenario sc = load_with_overrides(args.file, args.sets);
  fmt::print("{}: ok ({} states, {} capability dims, {} axes, {} events, {} ticks)\n", io::printable(args.file),
             sc.n_states(), sc.n_cap(), sc.n_axes(), sc.events.size(), sc.ticks);
  return exit_ok;
}

}  // namespace

void register_check(CLI::App& app, int& status) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Validate a scenario file without running it");
  cmd->add_option("FILE", args->file, "Scenario file (YAML)")->required();
  add_set_option(*cmd, args->sets);
  cmd->footer(
      "Prints `FILE: ok (...)` and exits 0, or every problem found as\n"
      "`error: FILE:LINE:COL: PATH: MESSAGE` and exits 2.\n"
      "Examples:\n"
      "  bpsim check scenarios/pivot_to_asia_2014.yaml\n"
      "  bpsim check scenarios/pivot_to_asia_2014.yaml --set parameters.sigma_a=0.05");
  cmd->callback([args, &status] { status = run_guarded([&] { return check(*args); }); });
}

}  // namespace bpsim::cli
