#include "sim/drivers/run.hpp"

#include "sim/core/run_from.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/results/stream.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>

namespace bpsim {

namespace {

// The snapshot as a file of the result directory (written and committed with the CSVs).
ResultFile snapshot_result_file(const Snapshot& s) {
  try {
    return {snapshot_file_name(s.world.tick), encode_snapshot(s)};
  } catch (const std::runtime_error& e) {
    throw OutputError(e.what());
  }
}

ResumedFrom resumed_from(const SnapshotPlan& snap) {
  std::error_code ec;
  const Snapshot& s = *snap.resume;
  return {snap.resume_file,
          std::filesystem::absolute(snap.resume_file, ec).lexically_normal().string(),
          file_sha256(snap.resume_file, "snapshot"),
          s.world.tick,
          s.scenario_name,
          s.scenario_sha256};
}

}  // namespace

std::string snapshot_file_name(int tick) { return fmt::format("snapshot_{}.bpsnap", tick); }

StreamedRun stream_run(const Scenario& sc, const RunOptions& base, const SnapshotPlan& snap, const ResultDir& out,
                       const std::function<void(int, int)>& progress, int& reached) {
  StagedFiles staged(out);
  CsvRecorder recorder(sc, base.attribution, staged);
  SummaryCollector summary;
  RunOptions opt = base;
  opt.progress = progress;
  std::optional<Snapshot> saved;
  PowerRenormalisation renormalised;
  const Observer observe = [&](const TickView& v) {
    reached = v.w.tick;
    renormalised = v.d.renormalised;
    recorder.observe(v);
    summary.observe(v);
    if (v.w.tick != snap.save_at || saved) return;
    saved = make_snapshot(sc, v.w, snap.scenario_sha256);
    if (snap.save_path.empty()) return;  // goes into the result directory at the end
    try {
      save_snapshot(snap.save_path, *saved);
    } catch (const std::runtime_error& e) {
      throw OutputError(e.what());
    }
  };
  World w = snap.resume ? run_from(sc, snap.resume->world, opt, observe, /*observe_start=*/true)
                        : run_scenario(sc, opt, observe);
  recorder.finish();
  return {staged.finish(), summary.summary(), std::move(w), std::move(saved), renormalised};
}

std::vector<ResultFile> last_files(Manifest m, const Scenario& sc, const SnapshotPlan& snap, const StreamedRun& run) {
  m.world_hash = world_hash(run.final_world);
  record_power_renormalisation(m, sc, run.renormalised);
  std::vector<ResultFile> last;
  std::string saved_as;
  if (run.saved) {
    if (snap.save_path.empty()) last.push_back(snapshot_result_file(*run.saved));
    saved_as = snap.save_path.empty() ? last.back().name : snap.save_path;
  }
  if (snap.save_at >= 0) m.snapshot = SavedSnapshot{saved_as, snap.save_at};
  if (snap.resume) m.resumed_from = resumed_from(snap);
  std::vector<FileEntry> listed = run.streamed;
  for (const ResultFile& f : last) listed.push_back(file_entry(f));
  last.push_back(manifest_file(m, listed));
  return last;
}

}  // namespace bpsim
