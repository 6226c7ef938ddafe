// `bpsim sweep SWEEP.yaml [-o DB] [--threads T] [--shard K/N]`: a parameter sweep
// into an SQLite database, resumable after Ctrl-C or a kill.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/interrupt.hpp"
#include "sim/cli/progress.hpp"
#include "sim/drivers/parallel.hpp"
#include "sim/drivers/sweep.hpp"
#include "sim/drivers/sweep_mpi.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <filesystem>
#include <memory>
#include <regex>

namespace bpsim::cli {

namespace {

namespace fs = std::filesystem;

struct SweepArgs {
  std::string file, db, shard = "1/1";
  int threads = 0;
  bool quiet = false, dry_run = false, mpi = false;
};

void parse_shard(const std::string& text, int& k, int& n) {
  std::smatch m;
  static const std::regex re(R"((\d+)/(\d+))");
  if (!std::regex_match(text, m, re)) throw UsageError("--shard " + text + ": expected K/N, e.g. --shard 2/8");
  const auto number = [&](const std::string& digits) {
    int v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || end != digits.data() + digits.size())
      throw UsageError("--shard " + text + ": K and N must be at most 2147483647");
    return v;
  };
  k = number(m[1]);
  n = number(m[2]);
  if (n < 1 || k < 1 || k > n) throw UsageError("--shard " + text + ": need 1 <= K <= N");
}

std::string default_db(const std::string& sweep_file) {
  return (fs::path("out") / (fs::path(sweep_file).stem().string() + ".db")).string();
}

void print_plan(const SweepPlan& plan, const std::string& db, int k, int n) {
  fmt::print("sweep {}: scenario {}, design {} -> {} points x {} replicates = {} runs{}\n", plan.spec.file,
             plan.spec.scenario_path, plan.spec.design.kind, plan.points.rows(), plan.spec.replicates,
             plan.total_runs(), n > 1 ? fmt::format(" (shard {}/{})", k, n) : "");
  for (std::size_t j = 0; j < plan.spec.parameters.size(); ++j) {
    const SweepParameter& p = plan.spec.parameters[j];
    fmt::print(
        "  {:<36} {}{}\n", p.path,
        p.levels.empty() ? fmt::format("[{}, {}]", p.lo, p.hi) : fmt::format("levels {}", fmt::join(p.levels, ", ")),
        plan.patches[j] ? "" : "  (re-reads the YAML per point)");
  }
  fmt::print("  outcomes: {}\n  database: {}\n", fmt::join(plan.outcome_texts, ", "), db);
}

int sweep(const SweepArgs& args) {
  int k = 1, n = 1;
  parse_shard(args.shard, k, n);
  const SweepPlan plan = plan_sweep(args.file);
  const std::string db_path = args.db.empty() ? default_db(args.file) : args.db;
  const std::string shard_label = n > 1 ? fmt::format("{}/{}", k, n) : "all";
  const bool use_mpi = args.mpi || mpi_launched();
  if (use_mpi) {
    if (!mpi_available()) {
      throw UsageError("this bpsim was built without MPI; rebuild with -DBPSIM_MPI=ON (needs libopenmpi-dev)");
    }
    return run_sweep_mpi(plan, db_path, shard_label, k, n, args.quiet) ? exit_ok : exit_failure;
  }
  // Once per sweep (under MPI the coordinator says it).
  if (const std::string w = sobol_samples_warning(plan.spec); !w.empty()) spdlog::warn("{}", w);
  if (!args.quiet) print_plan(plan, db_path, k, n);
  if (args.dry_run) return exit_ok;
  if (fs::path(db_path).has_parent_path()) {
    std::error_code ec;
    fs::create_directories(fs::path(db_path).parent_path(), ec);
  }
  // A database of another sweep, a damaged one, or a location that cannot hold one is
  // a SweepDbError: bad input (2), as from every command.
  SweepDb db = open_sweep_db(plan, db_path, shard_label);

  SweepOptions opt;
  opt.threads = args.threads;
  opt.shard = k;
  opt.shards = n;
  opt.stop = &interrupt_flag();
  ProgressBar bar(!args.quiet, "run");
  opt.progress = [&bar](std::int64_t done, std::int64_t total) {
    bar.update(static_cast<int>(done), static_cast<int>(total));
  };
  const SweepSummary s = [&] {
    const InterruptGuard guard;
    return run_sweep(plan, db, opt);
  }();
  bar.clear();
  const std::int64_t recorded = s.already + s.ran;
  if (!args.quiet || s.interrupted) {
    fmt::print(
        "{} runs in {:.2f} s ({:.0f} runs/s on {} threads); {} of {} runs recorded{}, {} failed in this invocation\n",
        s.ran, s.seconds, s.seconds > 0 ? static_cast<double>(s.ran) / s.seconds : 0.0,
        std::min<std::int64_t>(resolve_threads(args.threads), std::max<std::int64_t>(s.ran, 1)), recorded, s.planned,
        s.already > 0 ? fmt::format(" ({} from before)", s.already) : "", s.failed);
  }
  if (s.interrupted) {
    print_error(
        fmt::format("interrupted: {} runs are safe in {}; run the same command again to finish", recorded, db_path));
    return kInterruptedStatus;
  }
  if (!args.quiet) {
    fmt::print("database: {}\nnext: bpsim analyze {}   (or bpsim export {} --csv DIR)\n", db_path, db_path, db_path);
  }
  return s.failed > 0 ? exit_failure : exit_ok;
}

}  // namespace

void register_sweep(CLI::App& app, int& status) {
  auto a = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand("sweep", "Run a parameter sweep into an SQLite database (resumable)");
  cmd->add_option("SWEEP", a->file, "Sweep file (YAML)")->required();
  cmd->add_option("-o,--output", a->db, "Database file; an existing one of the same sweep is resumed")
      ->type_name("DB")
      ->default_str("out/<sweep file stem>.db");
  cmd->add_option("--threads", a->threads, "Worker threads (0: all cores); results are the same for any number")
      ->check(CLI::Range(0, 4096))
      ->default_val(0);
  cmd->add_option("--shard", a->shard, "Run only the K-th of N disjoint parts (job arrays); combine with `bpsim merge`")
      ->type_name("K/N")
      ->default_str("1/1");
  cmd->add_flag("--mpi", a->mpi, "Distribute runs over MPI ranks (automatic under mpirun when built with MPI)");
  cmd->add_flag("--dry-run", a->dry_run, "Check the sweep and print its plan; run nothing");
  cmd->add_flag("-q,--quiet", a->quiet, "No plan, progress bar or summary");
  cmd->footer(
      "Every run is recorded in DB as it finishes (a batch per transaction). Stop the sweep at any\n"
      "moment (Ctrl-C, or kill -9) and run the same command again: finished runs are kept, none is\n"
      "run twice. A sweep file or scenario that changed since DB was created is refused.\n"
      "Replicate r of every point uses the key (scenario seed, r): common random numbers.\n"
      "Exit status: 0 all runs ok, 1 some runs failed (recorded with their error), 2 bad input,\n"
      "130 interrupted.\n"
      "Examples:\n"
      "  bpsim sweep scenarios/sweeps/sanctions_sobol.yaml -o out/sobol.db\n"
      "  bpsim sweep scenarios/sweeps/sanctions_sobol.yaml -o out/part3.db --shard 3/8   # job array\n"
      "  mpirun -np 4 bpsim sweep scenarios/sweeps/sanctions_sobol.yaml -o out/sobol.db\n"
      "  bpsim analyze out/sobol.db");
  cmd->callback([a, &status] { status = run_guarded([&] { return sweep(*a); }); });
}

}  // namespace bpsim::cli
