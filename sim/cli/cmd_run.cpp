// `bpsim run FILE`: one run of a scenario, written as a result directory
// (CSVs + manifest.json) that appears atomically, then a summary on stdout.
#include "analysis/summary.hpp"
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/manifest.hpp"
#include "sim/io/result_dir.hpp"
#include "sim/io/results.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>

namespace bpsim::cli {

namespace {

namespace fs = std::filesystem;

struct RunArgs {
  std::string file;
  std::string out;  // "": out/<scenario name>
  std::uint64_t seed = 0;
  bool seed_given = false;
  int ticks = -1;  // -1: the scenario's
  std::vector<std::string> sets;
  bool force = false, quiet = false, attribution = false;
};

// What a finished run leaves behind, before anything is written.
struct Outcome {
  std::vector<ResultFile> files;
  RunSummary summary;
  World final_world;
};

Outcome simulate(const Scenario& sc, const RunArgs& args, const RunOptions& base) {
  CsvRecorder recorder(sc, args.attribution);
  SummaryCollector summary;
  ProgressBar bar(!args.quiet);
  RunOptions opt = base;
  opt.progress = [&bar](int done, int total) { bar.update(done, total); };
  World w = run_scenario(sc, opt, [&](const TickView& v) {
    recorder.observe(v);
    summary.observe(v);
  });
  return {recorder.files(), summary.summary(), std::move(w)};
}

Manifest begin_manifest(const Scenario& sc, const RunArgs& args, const RunOptions& opt) {
  Manifest m;
  m.scenario_file = args.file;
  std::error_code ec;
  m.scenario_file_absolute = fs::absolute(args.file, ec).lexically_normal().string();
  m.scenario_sha256 = file_sha256(args.file);
  m.scenario_name = sc.name;
  m.seed = opt.seed;
  m.run = opt.run;
  m.overrides = args.sets;
  m.ticks = opt.ticks;
  m.attribution = args.attribution;
  m.command_line = command_line();
  m.started = std::chrono::system_clock::now();
  return m;
}

int run(const RunArgs& args) {
  const Scenario sc = load_with_overrides(args.file, args.sets);
  RunOptions opt;
  opt.seed = args.seed_given ? args.seed : sc.seed;
  opt.run = 0;
  opt.ticks = args.ticks >= 0 ? args.ticks : sc.ticks;
  opt.attribution = args.attribution;
  Manifest manifest = begin_manifest(sc, args, opt);
  ResultDir out(args.out.empty() ? default_output_dir(sc, args.file) : fs::path(args.out), args.force);
  const auto t0 = std::chrono::steady_clock::now();
  Outcome done = simulate(sc, args, opt);
  manifest.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  manifest.finished = std::chrono::system_clock::now();
  manifest.world_hash = world_hash(done.final_world);
  done.files.push_back(manifest_file(manifest, done.files));
  fs::path where;
  const int status = save_results(out, done.files, out.target().filename().string(), where);
  if (!where.empty()) spdlog::info("wrote {} files to {}", done.files.size(), where.string());
  if (!args.quiet) {
    const std::string shown = where.empty() ? std::string() : where.string() + "/";
    fmt::print("{}", summary_table(sc, done.summary, {opt.seed, shown, 12}));
  }
  return status;
}

void add_run_options(CLI::App& cmd, RunArgs& a) {
  cmd.add_option("FILE", a.file, "Scenario file (YAML)")->required()->check(CLI::ExistingFile);
  cmd.add_option("-o,--output", a.out, "Result directory; created, must not exist unless --force")
      ->type_name("DIR")
      ->default_str("out/<scenario name>");
  cmd.add_option("--seed", a.seed, "Random seed, overriding the scenario's `seed`")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber)
      ->default_str("the scenario's")
      ->each([&a](const std::string&) { a.seed_given = true; });
  cmd.add_option("--ticks", a.ticks, "Number of ticks to run, overriding the scenario's `ticks`")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber)
      ->default_str("the scenario's");
  add_set_option(cmd, a.sets);
  cmd.add_flag("--force", a.force, "Replace DIR if it exists (only once the new results are complete)");
  cmd.add_flag("-q,--quiet", a.quiet, "No progress bar and no summary table");
  cmd.add_flag("--attribution", a.attribution,
               "Also write attribution.csv: each state's change per tick split by mechanism");
}

}  // namespace

void register_run(CLI::App& app, int& status) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a scenario once and write its result directory");
  add_run_options(*cmd, *args);
  cmd->footer(
      "Writes into DIR: states.csv, dyads.csv, world.csv, events.csv, manifest.json\n"
      "(and attribution.csv with --attribution). Tick 0 is the initial state. DIR appears only\n"
      "once complete; the same scenario, overrides and seed give byte-identical CSVs.\n"
      "Global options go before `run`, e.g. `bpsim --log-level info run FILE`.\n"
      "Exit status: 0 ok, 1 run-time failure, 2 bad input (scenario, options, output location).\n"
      "Examples:\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml -o out/no_sanctions --force \\\n"
      "      --set events.0.sanctions.intensity=0\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml --seed 7 --set parameters.sigma_a=0.05\n"
      "  bpsim run scenarios/us_wedge.yaml --ticks 20 --attribution --quiet");
  cmd->callback([args, &status] { status = run_guarded([&] { return run(*args); }); });
}

}  // namespace bpsim::cli
