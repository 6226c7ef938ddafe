// `bpsim analyze DB`: sensitivity indices, level summaries and PRIM boxes of a sweep.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/drivers/analyze.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

namespace bpsim::cli {

namespace {

namespace fs = std::filesystem;

struct AnalyzeArgs {
  std::string db, csv;
  AnalyzeOptions opt;
  bool force = false;
};

int analyze(const AnalyzeArgs& args) {
  const SweepDb db = SweepDb::open_existing(args.db);  // not a sweep DB, or damaged: SweepDbError (2)
  std::optional<ResultDir> out;                        // checked before the work
  if (!args.csv.empty()) out.emplace(normalize_dir(args.csv), args.force);
  AnalysisReport r;
  try {
    r = analyze_sweep(db, args.opt);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  for (const std::string& w : r.warnings) spdlog::warn("{}", w);
  fmt::print("{}", analysis_table(r));
  if (!out) return exit_ok;
  const std::vector<ResultFile> files = analysis_files(r);
  fs::path where;
  const int status = save_results(*out, files, out->target().filename().string(), where);
  if (!where.empty()) {
    std::string names;
    for (const auto& f : files) names += (names.empty() ? "" : ", ") + f.name;
    fmt::print("\nCSV       {}/ ({})\n", where.string(), names);
  }
  return status;
}

}  // namespace

void register_analyze(CLI::App& app, int& status) {
  auto a = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand("analyze", "Sensitivity indices, level summaries and PRIM boxes of a sweep DB");
  cmd->add_option("DB", a->db, "Sweep database (from bpsim sweep or bpsim merge)")->required();
  cmd->add_option("--outcome", a->opt.outcomes,
                  "Outcome to analyse: its spec or a unique part of it (repeatable; default all)")
      ->type_name("SPEC");
  cmd->add_option("--bootstrap", a->opt.bootstrap, "Bootstrap resamples for the Sobol' 95% CIs (0: none)")
      ->check(CLI::Range(0, 1000000))
      ->default_val(1000);
  cmd->add_option("--prim", a->opt.prim,
                  "PRIM scenario discovery: the runs where OUTCOME>X (or <, >=, <=) hold; prints the box")
      ->type_name("\"OUTCOME>X\"");
  cmd->add_option("--min-density", a->opt.min_density,
                  "PRIM: the selected box is the one of most coverage with at least this density")
      ->check(CLI::Range(0.0, 1.0))
      ->default_val(0.8);
  cmd->add_option("--bins", a->opt.bins, "Bins per parameter for the level summaries (grid designs: every level)")
      ->check(CLI::Range(1, 1000))
      ->default_val(5);
  cmd->add_flag("--levels", a->opt.levels, "Print the outcome per parameter level or bin (always for grid designs)");
  cmd->add_option("--csv", a->csv, "Also write sobol.csv / morris.csv / levels.csv / prim.csv into DIR")
      ->type_name("DIR");
  cmd->add_flag("--force", a->force, "Replace the --csv DIR if it exists");
  cmd->footer(
      "Sensitivity indices use each point's mean over its finished runs; failed and missing runs\n"
      "are counted in the header and left out. Sobol' designs give first-order (S1) and total (ST)\n"
      "indices with bootstrap CIs; Morris designs mu*, mu and sigma of the elementary effects (per\n"
      "whole range of each parameter). Level summaries and PRIM use the runs themselves.\n"
      "Examples:\n"
      "  bpsim analyze out/sanctions.db\n"
      "  bpsim analyze out/sanctions.db --outcome dyad:RUS:CHN:alignment@last --bootstrap 2000\n"
      "  bpsim analyze out/sanctions.db --prim \"dyad:RUS:CHN:alignment@last>0.5\" --min-density 0.9\n"
      "  bpsim analyze out/grid.db --levels --csv out/grid-analysis");
  cmd->callback([a, &status] { status = run_guarded([&] { return analyze(*a); }); });
}

}  // namespace bpsim::cli
