#include "sim/drivers/ensemble.hpp"

#include "analysis/rows.hpp"
#include "analysis/stats.hpp"
#include "sim/core/run.hpp"
#include "sim/drivers/parallel.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/results/stream.hpp"
#include "sim/io/results/table.hpp"

#include <fmt/format.h>

#include <mutex>
#include <optional>

namespace bpsim {

namespace {

RunTables record_run(const Scenario& sc, const RunOptions& opt, CsvRecorder* csv, World& final_world) {
  RunTables t;
  final_world = run_scenario(sc, opt, [&](const TickView& v) {
    for (int i = 0; i < sc.n_states(); ++i) append_state_row(v, i, t.states);
    for (const auto& [a, b] : sc.watch) append_dyad_row(v, a, b, t.dyads);
    append_world_row(v, t.world);
    if (csv) csv->observe(v);
  });
  return t;
}

// Statistics of cell (row, col) over runs; `pick` selects a run's table.
template <class Pick>
stats::Summary cell(const EnsembleResult& r, Pick pick, std::size_t row, std::size_t col, std::size_t ncols,
                    std::vector<double>& scratch) {
  scratch.clear();
  for (const RunTables& t : r.runs) scratch.push_back(pick(t)[row * ncols + col]);
  return stats::summarize(scratch);
}

double stat_value(const stats::Summary& s, std::size_t k) {
  const double v[] = {s.mean, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95};
  return v[k];
}

// One CSV: for each row of the per-run table, one line per statistic; keys(t, row)
// writes the row's key fields.
template <class Pick, class Keys>
std::string stats_csv(const EnsembleResult& r, CsvTable t, std::size_t rows, std::size_t ncols, Pick pick, Keys keys) {
  std::vector<stats::Summary> summaries(ncols);
  std::vector<double> scratch, values(ncols);
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t c = 0; c < ncols; ++c) summaries[c] = cell(r, pick, row, c, ncols, scratch);
    for (std::size_t k = 0; k < ensemble_stat_names().size(); ++k) {
      for (std::size_t c = 0; c < ncols; ++c) values[c] = stat_value(summaries[c], k);
      keys(t, row);
      t.text(ensemble_stat_names()[k]).numbers(values).end_row();
    }
  }
  return t.take();
}

}  // namespace

const std::vector<std::string>& ensemble_stat_names() {
  static const std::vector<std::string> names = {"mean", "sd", "p5", "p25", "p50", "p75", "p95"};
  return names;
}

EnsembleResult run_ensemble(const Scenario& sc, const EnsembleOptions& opt) {
  EnsembleResult r;
  r.ticks = opt.ticks >= 0 ? opt.ticks : sc.ticks;
  r.state_cols = state_value_columns(sc);
  r.dyad_cols = dyad_value_columns();
  r.world_cols = world_value_columns();
  const auto n = static_cast<std::size_t>(opt.runs);
  r.runs.resize(n);
  r.world_hashes.resize(n);
  if (opt.keep_runs) r.run_files.resize(n);
  std::mutex progress_mutex;
  int done = 0;
  parallel_for(opt.runs, opt.threads, [&](std::int64_t rep, int) {
    RunOptions ro;
    ro.seed = opt.seed;
    ro.run = static_cast<std::uint64_t>(rep);
    ro.ticks = r.ticks;
    ro.log_events = opt.keep_runs != nullptr;
    std::optional<StagedFiles> staged;
    std::optional<CsvRecorder> csv;
    if (opt.keep_runs) {
      staged.emplace(*opt.keep_runs, fmt::format("runs/{:04d}/", rep));
      csv.emplace(sc, false, *staged);
    }
    World w;
    const auto k = static_cast<std::size_t>(rep);
    r.runs[k] = record_run(sc, ro, csv ? &*csv : nullptr, w);
    r.world_hashes[k] = world_hash(w);
    if (csv) {
      csv->finish();
      r.run_files[k] = staged->finish();
    }
    if (opt.progress) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      opt.progress(++done, opt.runs);
    }
  });
  return r;
}

std::vector<ResultFile> ensemble_files(const Scenario& sc, const EnsembleResult& r) {
  const auto ticks = static_cast<std::size_t>(r.ticks) + 1;
  const auto n = static_cast<std::size_t>(sc.n_states());
  const auto pairs = sc.watch.size();
  const auto id = [&](int i) -> const std::string& { return sc.state_ids[static_cast<std::size_t>(i)]; };
  std::vector<ResultFile> files;
  files.push_back(
      {"ensemble_states.csv",
       stats_csv(
           r, CsvTable("ensemble_states.csv", csv_columns({"tick", "state", "stat"}, r.state_cols)), ticks * n,
           r.state_cols.size(), [](const RunTables& t) -> const std::vector<double>& { return t.states; },
           [&](CsvTable& t, std::size_t row) { t.integer(row / n).text(id(static_cast<int>(row % n))); })});
  files.push_back(
      {"ensemble_dyads.csv",
       stats_csv(
           r, CsvTable("ensemble_dyads.csv", csv_columns({"tick", "a", "b", "stat"}, r.dyad_cols)), ticks * pairs,
           r.dyad_cols.size(), [](const RunTables& t) -> const std::vector<double>& { return t.dyads; },
           [&](CsvTable& t, std::size_t row) {
             const std::pair<int, int>& ab = sc.watch[row % pairs];
             t.integer(row / pairs).text(id(ab.first)).text(id(ab.second));
           })});
  files.push_back({"ensemble_world.csv",
                   stats_csv(
                       r, CsvTable("ensemble_world.csv", csv_columns({"tick", "stat"}, r.world_cols)), ticks,
                       r.world_cols.size(), [](const RunTables& t) -> const std::vector<double>& { return t.world; },
                       [](CsvTable& t, std::size_t row) { t.integer(row); })});
  CsvTable hashes("replicates.csv", {"replicate", "world_hash"});
  for (std::size_t k = 0; k < r.world_hashes.size(); ++k) hashes.integer(k).text(r.world_hashes[k]).end_row();
  files.push_back({hashes.name(), hashes.take()});
  return files;
}

std::vector<FileEntry> ensemble_entries(const std::vector<ResultFile>& files, const EnsembleResult& r) {
  std::vector<FileEntry> entries;
  for (const ResultFile& f : files) entries.push_back(file_entry(f));
  for (const std::vector<FileEntry>& run : r.run_files) entries.insert(entries.end(), run.begin(), run.end());
  return entries;
}

}  // namespace bpsim
