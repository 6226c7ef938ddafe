// `bpsim generate`: a synthetic world (sim/io/generate.hpp) as scenario YAML, for
// benchmarks and stress tests.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/io/generate.hpp"

#include <fmt/format.h>

#include <climits>
#include <memory>
#include <stdexcept>
#include <string>

namespace bpsim::cli {
namespace {

struct GenerateArgs {
  GenerateOptions gen;
  std::string output;  // "" = stdout
  bool force = false;
};

int run_generate(const GenerateArgs& args) {
  std::string text;
  try {
    text = generate_scenario_yaml(args.gen);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "bpsim generate: error: {}\n", e.what());
    return exit_bad_input;
  }
  return write_text_output("generate", args.output, text, args.force);
}

}  // namespace

void register_generate(CLI::App& app, int& status) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd =
      app.add_subcommand("generate", "Write a synthetic world as scenario YAML (for benchmarks and stress tests)");
  cmd->add_option("--states", args->gen.states, "Number of states (ids S001, S002, ...)")
      ->required()
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--axes", args->gen.axes, "Number of alignment axes")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--ticks", args->gen.ticks, "Ticks to run")->check(CLI::Range(1, INT_MAX))->capture_default_str();
  cmd->add_option("--seed", args->gen.seed, "Seed of the world and of its runs")->capture_default_str();
  cmd->add_option("--events", args->gen.events, "Number of events (default: states/10, at least 4, at most 100)")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of stdout");
  cmd->add_flag("--force", args->force, "Overwrite the output file if it exists");
  cmd->footer(
      "Example:\n  bpsim generate --states 193 --seed 7 -o /tmp/w193.yaml\n"
      "  bpsim bench /tmp/w193.yaml");
  cmd->callback([args, &status] { status = run_guarded([&] { return run_generate(*args); }); });
}

}  // namespace bpsim::cli
