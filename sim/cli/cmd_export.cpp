// `bpsim export DB --csv DIR` and `bpsim merge OUT.db IN.db...`.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/io/sweep/db.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

namespace bpsim::cli {

namespace {

namespace fs = std::filesystem;

// "N runs (D done, F failed) of P planned, M missing" for a DB (complete runs only; an
// incomplete one is missing).
std::string run_totals(const SweepDb& db) {
  const std::int64_t runs = db.run_count(), failed = db.failed_count(), incomplete = db.incomplete_count();
  const std::int64_t planned = db.points().rows() * db.spec().replicates;
  std::string out = fmt::format("{} runs ({} done, {} failed) of {} planned, {} missing", runs, runs - failed, failed,
                                planned, std::max<std::int64_t>(0, planned - runs));
  if (incomplete > 0) out += fmt::format(" ({} of them incomplete in the DB, left out)", incomplete);
  return out;
}

struct ExportArgs {
  std::string db, dir;
  bool force = false;
};

int export_csv(const ExportArgs& args) {
  const SweepDb db = SweepDb::open_existing(args.db);  // not a sweep DB, or damaged: SweepDbError (2)
  const std::string totals = run_totals(db);
  const fs::path dir = normalize_dir(args.dir);
  export_sweep_csv(args.db, dir.string(), args.force);
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  fmt::print("Exported {} of {} to {}/: {}\n", totals, args.db, dir.string(), list);
  return exit_ok;
}

struct MergeArgs {
  std::string out;
  std::vector<std::string> inputs;
  bool quiet = false;
};

int merge(const MergeArgs& args) {
  // Every input (and an existing OUT) is checked before anything is written; a new OUT
  // appears only complete. Refusals (not a sweep DB, damaged, another sweep, runs that
  // differ) are SweepDbErrors: bad input (2).
  const std::int64_t copied = merge_sweep_dbs(args.out, args.inputs);
  if (!args.quiet) {
    const SweepDb db = SweepDb::open_existing(args.out);
    fmt::print("Merged {} DB{} into {}: {} runs copied; {} now holds {}\n", args.inputs.size(),
               args.inputs.size() == 1 ? "" : "s", args.out, copied, args.out, run_totals(db));
  }
  return exit_ok;
}

}  // namespace

void register_export(CLI::App& app, int& status) {
  auto a = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Write a sweep DB as tidy CSV files");
  cmd->add_option("DB", a->db, "Sweep database")->required();
  cmd->add_option("--csv", a->dir, "Directory to write; created, must not exist unless --force")
      ->type_name("DIR")
      ->required();
  cmd->add_flag("--force", a->force, "Replace DIR if it exists (only once the new files are complete)");
  cmd->footer(
      "Writes meta.csv, parameters.csv, points.csv (one column per parameter), runs.csv,\n"
      "results.csv (run, point, replicate, outcome, value; empty = NaN) and trajectories.csv\n"
      "(when the sweep kept any), for pandas, R or a spreadsheet.\n"
      "Examples:\n"
      "  bpsim export out/sanctions.db --csv out/sanctions-csv\n"
      "  bpsim export out/sanctions.db --csv out/sanctions-csv --force");
  cmd->callback([a, &status] { status = run_guarded([&] { return export_csv(*a); }); });
}

void register_merge(CLI::App& app, int& status) {
  auto a = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand("merge", "Merge the DBs of a sweep's shards into one");
  cmd->add_option("OUT", a->out, "Merged database; created from the first input if it does not exist")->required();
  cmd->add_option("IN", a->inputs, "Input databases of the same sweep")->required()->expected(1, -1);
  cmd->add_flag("-q,--quiet", a->quiet, "No summary line");
  cmd->footer(
      "Copies every run of the inputs into OUT. Inputs must come from the same sweep file and\n"
      "scenario (same fingerprint); a run present twice must agree, so merging again is harmless.\n"
      "Examples:\n"
      "  bpsim merge out/sweep.db out/shard1.db out/shard2.db out/shard3.db out/shard4.db\n"
      "  bpsim analyze out/sweep.db");
  cmd->callback([a, &status] { status = run_guarded([&] { return merge(*a); }); });
}

}  // namespace bpsim::cli
