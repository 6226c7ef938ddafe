// `bpsim run FILE`: one run of a scenario, written as a result directory
// (CSVs + manifest.json) that appears atomically, then a summary on stdout.
// `--save-at T` also saves the World at tick T as a snapshot; `--resume SNAPSHOT`
// continues a run from such a snapshot to the end.
#include "analysis/summary.hpp"
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/progress.hpp"
#include "sim/drivers/report.hpp"
#include "sim/drivers/run.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

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
  bool force = false, quiet = false, attribution = false, report = false;
  int save_at = -1;           // -1: no snapshot
  std::string snapshot_path;  // "": DIR/snapshot_T.bpsnap
  std::string resume;         // "": start at tick 0
};

// Thrown from the progress callback when Ctrl-C arrives: unwinds the run so that the
// result directory's staging copy is removed (nothing half-written stays behind).
struct Interrupted {
  int tick, total;
};

// The run with its progress bar, stopped by Ctrl-C.
StreamedRun simulate(const Scenario& sc, const RunArgs& args, const RunOptions& opt, const SnapshotPlan& snap,
                     const ResultDir& out, int& reached) {
  ProgressBar bar(!args.quiet);
  const auto progress = [&bar](int done, int total) {
    bar.update(done, total);
    if (interrupt_flag()) throw Interrupted{done, total};
  };
  StreamedRun run = stream_run(sc, opt, snap, out, progress, reached);
  bar.clear();
  return run;
}

Manifest begin_manifest(const Scenario& sc, const RunArgs& args, const RunOptions& opt) {
  Manifest m = start_manifest(sc, args.file, args.sets, opt.seed, opt.ticks);
  m.run = opt.run;
  m.attribution = args.attribution;
  return m;
}

// Writes the last files (snapshot, manifest) beside the streamed CSVs and commits.
// When that fails the finished run is not lost: the staging directory is kept and
// named. Returns the exit status and sets `where` to the results.
int commit_results(ResultDir& out, const std::vector<ResultFile>& last, fs::path& where) {
  std::size_t written = 0;
  try {
    for (; written < last.size(); ++written) out.write(last[written]);
    out.commit();
  } catch (const OutputError& e) {
    out.keep();
    print_error(e.what());
    where = out.staging();
    std::string missing;
    for (std::size_t i = written; i < last.size(); ++i) missing += (missing.empty() ? "" : ", ") + last[i].name;
    if (missing.empty()) fmt::print(stderr, "the complete results are in {}\n", where.string());
    else fmt::print(stderr, "the finished run's results are in {}, without {}\n", where.string(), missing);
    return exit_failure;
  }
  where = out.target();
  return exit_ok;
}

// Loads and checks --resume and --save-at/--snapshot; fills opt's seed and run.
SnapshotPlan plan_snapshots(const Scenario& sc, const RunArgs& args, RunOptions& opt) {
  SnapshotPlan plan;
  plan.resume_file = args.resume;
  plan.scenario_sha256 = scenario_sha256(args.file);
  int first = 0;
  if (!args.resume.empty()) {
    if (args.seed_given)
      throw UsageError(
          "--seed cannot be used with --resume: a resumed run continues with the snapshot's "
          "random key (its seed and run)");
    try {
      plan.resume = load_snapshot(args.resume);
      check_snapshot_fits(*plan.resume, sc, opt.ticks);
    } catch (const std::runtime_error& e) {
      throw UsageError(fmt::format("--resume {}: {}", args.resume, e.what()));
    }
    const World& w = plan.resume->world;
    first = w.tick;
    if (plan.resume->scenario_sha256 != plan.scenario_sha256)
      spdlog::warn(
          "--resume {}: the snapshot was taken from scenario '{}' with other contents than {} "
          "(the file or one of its bases has changed since): the resumed run is not the one the "
          "snapshot began",
          args.resume, plan.resume->scenario_name, args.file);
    opt.seed = w.seed;
    opt.run = w.run;
  }
  if (!args.snapshot_path.empty() && args.save_at < 0) throw UsageError("--snapshot PATH needs --save-at T");
  if (args.save_at >= 0) {
    if (args.save_at < first || args.save_at > opt.ticks)
      throw UsageError(fmt::format("--save-at {}: the tick must be within {}..{} (the ticks this run {})", args.save_at,
                                   first, opt.ticks, plan.resume ? "goes through" : "has"));
    plan.save_at = args.save_at;
    plan.save_path = args.snapshot_path;
  }
  if (!plan.save_path.empty()) {
    const fs::path p(plan.save_path);
    std::error_code ec;
    if (fs::is_directory(p, ec)) throw UsageError("--snapshot " + plan.save_path + ": is a directory");
    if (fs::exists(p, ec) && !args.force)
      throw UsageError("--snapshot " + plan.save_path + ": the file exists; use --force to replace it");
    const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec))
      throw UsageError("--snapshot " + plan.save_path + ": the directory " + parent.string() + " does not exist");
  }
  return plan;
}

int run(const RunArgs& args) {
  const Scenario sc = load_with_overrides(args.file, args.sets);
  RunOptions opt;
  opt.seed = args.seed_given ? args.seed : sc.seed;
  opt.run = 0;
  opt.ticks = args.ticks >= 0 ? args.ticks : sc.ticks;
  opt.attribution = args.attribution;
  const SnapshotPlan snap = plan_snapshots(sc, args, opt);
  Manifest manifest = begin_manifest(sc, args, opt);
  ResultDir out(args.out.empty() ? default_output_dir(sc, args.file) : fs::path(args.out), args.force);
  const auto t0 = std::chrono::steady_clock::now();
  StreamedRun done;
  int reached = -1;
  try {
    const InterruptGuard guard;
    done = simulate(sc, args, opt, snap, out, reached);
  } catch (const Interrupted& i) {
    print_error(fmt::format("interrupted at tick {} of {}; no results were written to {}", i.tick, i.total,
                            out.target().string()));
    return kInterruptedStatus;  // out's destructor removes the staging directory
  } catch (const WriteError& e) {
    print_error(e.what());
    print_error(fmt::format("the run stopped at tick {} of {}; no results were written to {}", reached, opt.ticks,
                            out.target().string()));
    return exit_failure;  // out's destructor removes the staging directory
  }
  manifest.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  manifest.finished = std::chrono::system_clock::now();
  const std::vector<ResultFile> last = last_files(manifest, sc, snap, done);
  fs::path where;
  const int status = commit_results(out, last, where);
  if (!where.empty()) spdlog::info("wrote {} files to {}", done.streamed.size() + last.size(), where.string());
  if (!args.quiet) {
    const std::string shown = where.empty() ? std::string() : where.string() + "/";
    if (snap.resume) {
      fmt::print("Resumed   {} at tick {} ({}), seed {} run {}\n", args.resume, snap.resume->world.tick,
                 tick_label(sc, snap.resume->world.tick), opt.seed, opt.run);
    }
    fmt::print("{}", summary_table(sc, done.summary, {opt.seed, shown, 12}));
    if (done.saved) {
      // Inside the result directory it is only where the results went (nowhere when lost).
      const std::string path = !snap.save_path.empty() ? snap.save_path
                               : shown.empty()         ? ""
                                                       : shown + snapshot_file_name(snap.save_at);
      if (!path.empty()) fmt::print("Snapshot  {} (tick {}, {})\n", path, snap.save_at, tick_label(sc, snap.save_at));
    }
  }
  if (args.report && status == exit_ok && !where.empty()) {
    // After the results are safe: a report that cannot be written costs no result.
    const std::string page = (where / "report.html").string();
    try {
      write_report(where.string(), page, {}, true);
      if (!args.quiet) fmt::print("Report    {}  (open it in a browser)\n", page);
    } catch (const std::exception& e) {
      print_error(fmt::format("the results are complete, but the report was not written: {}", e.what()));
      return exit_failure;
    }
  }
  return status;
}

void add_run_options(CLI::App& cmd, RunArgs& a) {
  cmd.add_option("FILE", a.file, "Scenario file (YAML)")->required();
  cmd.add_option("-o,--output", a.out, "Result directory; created, must not exist unless --force")
      ->type_name("DIR")
      ->default_str("out/<scenario name>");
  add_seed_option(cmd, a.seed, a.seed_given, "Random seed, overriding the scenario's `seed` (not with --resume)",
                  "the scenario's");
  cmd.add_option("--ticks", a.ticks, "Number of ticks to run, overriding the scenario's `ticks`")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber)
      ->default_str("the scenario's");
  add_set_option(cmd, a.sets);
  cmd.add_option("--save-at", a.save_at,
                 "Save the World at tick T as a snapshot (DIR/snapshot_T.bpsnap unless --snapshot)")
      ->type_name("T")
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--snapshot", a.snapshot_path, "With --save-at: write the snapshot to PATH instead (atomically)")
      ->type_name("PATH");
  cmd.add_option("--resume", a.resume,
                 "Continue from a snapshot (of --save-at) to the end, with the snapshot's seed;\n"
                 "the results start at its tick")
      ->type_name("SNAPSHOT");
  cmd.add_flag("--force", a.force,
               "Replace DIR if it exists (only once the new results are complete); also an existing\n"
               "--snapshot file");
  cmd.add_flag("-q,--quiet", a.quiet, "No progress bar and no summary table");
  cmd.add_flag("--attribution", a.attribution,
               "Also write attribution.csv: each state's change per tick split by mechanism");
  cmd.add_flag("--report", a.report,
               "Also write DIR/report.html: the run's charts in one self-contained page (bpsim report)");
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
      "Snapshots: --save-at T saves the World at tick T (DIR/snapshot_T.bpsnap, or --snapshot PATH).\n"
      "--resume SNAPSHOT continues such a World with the snapshot's seed and run to the end\n"
      "(--ticks: the absolute last tick). The scenario must have the snapshot's states, capability\n"
      "dimensions and alignment axes; --set may change anything else (a counterfactual branch).\n"
      "The result files then hold ticks T..end: tick T is the first row, as tick 0 of a full run,\n"
      "so its event counts in world.csv are 0 (those events happened before the snapshot) and\n"
      "events.csv starts with the events scheduled at tick T. Every row after it, and the states\n"
      "and dyads rows of tick T, are byte-identical to the same run done in one go.\n"
      "manifest.json records the snapshot resumed from (\"resumed_from\") or saved (\"snapshot\").\n"
      "Global options go before `run`, e.g. `bpsim --log-level info run FILE`.\n"
      "Exit status: 0 ok, 1 run-time failure, 2 bad input (scenario, options, snapshot, output location),\n"
      "130 interrupted (Ctrl-C: the run stops after the current tick and writes nothing).\n"
      "Examples:\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml -o out/no_sanctions --force \\\n"
      "      --set events.0.sanctions.intensity=0\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml --seed 7 --set parameters.sigma_a=0.05\n"
      "  bpsim run scenarios/us_wedge.yaml --ticks 20 --attribution --quiet\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml -o out/base --save-at 20\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml -o out/branch --resume out/base/snapshot_20.bpsnap \\\n"
      "      --set events.0.sanctions.intensity=0");
  cmd->callback([args, &status] { status = run_guarded([&] { return run(*args); }); });
}

}  // namespace bpsim::cli
