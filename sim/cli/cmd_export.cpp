// `bpsim export DB --csv DIR` and `bpsim merge OUT.db IN.db...`.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/io/sweep_db.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <memory>

namespace bpsim::cli {

namespace {

namespace fs = std::filesystem;

SweepDb open_db(const std::string& path) {
  try {
    return SweepDb::open_existing(path);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

// "N done, F failed of P planned (M missing)" for a DB.
std::string run_totals(const SweepDb& db) {
  const std::int64_t runs = db.run_count(), failed = db.failed_count();
  const std::string s = db.meta("replicates");
  std::int64_t reps = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), reps);
  std::string out = fmt::format("{} runs ({} done, {} failed)", runs, runs - failed, failed);
  if (ec == std::errc() && p == s.data() + s.size() && reps > 0) {
    const std::int64_t planned = db.points().rows() * reps;
    out += fmt::format(" of {} planned, {} missing", planned, std::max<std::int64_t>(0, planned - runs));
  }
  return out;
}

struct ExportArgs {
  std::string db, dir;
  bool force = false;
};

int export_csv(const ExportArgs& args) {
  const SweepDb db = open_db(args.db);
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
  // Bad input is found before anything is written: every input (and an existing
  // OUT) a sweep DB, all of the same sweep.
  std::vector<std::string> files = args.inputs;
  std::error_code ec;
  if (fs::exists(args.out, ec)) files.insert(files.begin(), args.out);
  const std::string fp = open_db(files.front()).header().fingerprint;
  for (std::size_t i = 1; i < files.size(); ++i) {
    const std::string other = open_db(files[i]).header().fingerprint;
    if (other != fp)
      throw UsageError(
          fmt::format("merge: {} and {} belong to different sweeps (fingerprints {} and {}); only DBs of the same "
                      "sweep file and scenario can be merged{}",
                      files.front(), files[i], fp, other, files.front() == args.out ? "; merge into a new file" : ""));
  }
  std::int64_t copied = 0;
  try {
    copied = merge_sweep_dbs(args.out, args.inputs);
  } catch (const OutputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    // merge_sweep_dbs's own refusals (a run that differs between files, an input that
    // is also the output, points that differ) are the inputs' fault; anything else
    // (I/O) is a run-time failure.
    const std::string what = e.what();
    if (what.rfind("merge:", 0) == 0) throw UsageError(what);
    throw;
  }
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
