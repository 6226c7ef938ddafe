// `bpsim ensemble FILE --runs N`: N replicates, per-tick statistics over them.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/progress.hpp"
#include "sim/drivers/ensemble.hpp"
#include "sim/drivers/parallel.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/memory_budget.hpp"
#include "sim/io/results/manifest.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

namespace bpsim::cli {

namespace {

namespace fs = std::filesystem;

struct EnsembleArgs {
  std::string file, out;
  int runs = 100, threads = 0, ticks = -1;
  std::uint64_t seed = 0;
  bool seed_given = false;
  std::vector<std::string> sets;
  bool force = false, quiet = false, keep_runs = false;
};

int ensemble(const EnsembleArgs& args) {
  const Scenario sc = load_with_overrides(args.file, args.sets);
  EnsembleOptions opt;
  opt.runs = args.runs;
  opt.threads = args.threads;
  opt.seed = args.seed_given ? args.seed : sc.seed;
  opt.ticks = args.ticks >= 0 ? args.ticks : sc.ticks;
  const EnsembleSizes sizes{static_cast<std::uint64_t>(opt.runs),
                            static_cast<std::uint64_t>(resolve_threads(opt.threads)),
                            static_cast<std::uint64_t>(opt.ticks), args.keep_runs};
  if (const std::string p = memory_problem(ensemble_memory_estimate(run_sizes(sc), sizes),
                                           fmt::format("an ensemble of {} runs x {} ticks", opt.runs, opt.ticks));
      !p.empty())
    throw UsageError(p);
  ResultDir out(args.out.empty() ? default_output_dir(sc, args.file, "-ensemble") : fs::path(args.out), args.force);
  if (args.keep_runs) opt.keep_runs = &out;  // each run's CSVs stream into the staging directory
  Manifest manifest = start_manifest(sc, args.file, args.sets, opt.seed, opt.ticks);

  ProgressBar bar(!args.quiet, "run");
  opt.progress = [&bar](int done, int total) { bar.update(done, total); };
  const auto t0 = std::chrono::steady_clock::now();
  const EnsembleResult r = run_ensemble(sc, opt);
  bar.clear();
  manifest.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  manifest.finished = std::chrono::system_clock::now();
  std::vector<ResultFile> files = ensemble_files(sc, r);
  files.push_back(manifest_file(manifest, ensemble_entries(files, r)));
  fs::path where;
  const int status = save_results(out, files, out.target().filename().string(), where);
  if (!args.quiet) {
    fmt::print("{} runs of {} ({} ticks each, seed {}, replicates 0..{}) in {:.2f} s on {} threads", args.runs, sc.name,
               opt.ticks, opt.seed, args.runs - 1, manifest.wall_seconds,
               std::min(resolve_threads(args.threads), args.runs));
    if (!where.empty()) fmt::print("; statistics in {}/", where.string());
    fmt::print("\n");
  }
  return status;
}

}  // namespace

void register_ensemble(CLI::App& app, int& status) {
  auto a = std::make_shared<EnsembleArgs>();
  CLI::App* cmd = app.add_subcommand("ensemble", "Run N replicates of a scenario; per-tick statistics over them");
  cmd->add_option("FILE", a->file, "Scenario file (YAML)")->required();
  cmd->add_option("--runs", a->runs, "Number of replicates")->check(CLI::Range(1, 10000000))->default_val(100);
  cmd->add_option("--threads", a->threads, "Worker threads (0: all cores); the result is the same for any number")
      ->check(CLI::Range(0, 4096))
      ->default_val(0);
  cmd->add_option("-o,--output", a->out, "Result directory; created, must not exist unless --force")
      ->type_name("DIR")
      ->default_str("out/<scenario name>-ensemble");
  add_seed_option(*cmd, a->seed, a->seed_given, "Seed of the ensemble (replicate r uses key (seed, r))",
                  "the scenario's");
  cmd->add_option("--ticks", a->ticks, "Ticks per run")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber)
      ->default_str("the scenario's");
  add_set_option(*cmd, a->sets);
  cmd->add_flag("--keep-runs", a->keep_runs, "Also write every run's CSVs under DIR/runs/NNNN/");
  cmd->add_flag("--force", a->force, "Replace DIR if it exists (only once the new results are complete)");
  cmd->add_flag("-q,--quiet", a->quiet, "No progress bar and no summary line");
  cmd->footer(
      "Writes into DIR: ensemble_states.csv, ensemble_dyads.csv, ensemble_world.csv (the\n"
      "single-run columns plus `stat`: mean, sd, p5, p25, p50, p75, p95 over replicates),\n"
      "replicates.csv (each replicate's final-state hash) and manifest.json. Replicate 0 is\n"
      "`bpsim run` with the same seed; the files are byte-identical for any --threads.\n"
      "Examples:\n"
      "  bpsim ensemble scenarios/pivot_to_asia_2014.yaml --runs 200\n"
      "  bpsim ensemble scenarios/us_wedge.yaml --runs 50 --threads 2 --keep-runs -o out/wedge50");
  cmd->callback([a, &status] { status = run_guarded([&] { return ensemble(*a); }); });
}

}  // namespace bpsim::cli
