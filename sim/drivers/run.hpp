// `bpsim run` without its command line: one run of a scenario streamed into a
// ResultDir's staging directory (CsvRecorder -> StagedFiles, memory flat in ticks),
// its summary, the snapshot it saves on the way (--save-at), and the last files
// written beside the CSVs (that snapshot, manifest.json listing every file by the
// size and SHA-256 taken on the way). The CLI (cli/cmd_run.cpp) parses the options,
// shows progress, commits the directory and prints the messages.
#pragma once

#include "analysis/summary.hpp"
#include "sim/core/run.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/manifest.hpp"
#include "sim/io/results/snapshot.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bpsim {

// What the run starts from and what it saves on the way.
struct SnapshotPlan {
  std::optional<Snapshot> resume;  // the loaded snapshot, when resuming
  std::string resume_file;         // its path, as given
  int save_at = -1;                // -1: no snapshot
  std::string save_path;           // "": into the result directory
  std::string scenario_sha256;     // of the scenario file (recorded in the snapshot)
};

// What a finished run leaves behind: its CSVs already in the staging directory.
struct StreamedRun {
  std::vector<FileEntry> streamed;  // the CSVs, written and synced
  RunSummary summary;
  World final_world;
  std::optional<Snapshot> saved;      // the snapshot taken at save_at
  PowerRenormalisation renormalised;  // as seen at the last tick (ODD 7.1)
};

// "snapshot_T.bpsnap"
std::string snapshot_file_name(int tick);

// Runs sc with opt, streaming the CSVs (attribution.csv too when opt.attribution)
// into out's staging directory; progress is called after each tick (it may throw to
// stop the run); `reached` is the last tick observed. Throws WriteError when a file
// cannot be written, OutputError when the snapshot at save_path cannot.
StreamedRun stream_run(const Scenario& sc, const RunOptions& opt, const SnapshotPlan& snap, const ResultDir& out,
                       const std::function<void(int done, int total)>& progress, int& reached);

// The files written after the CSVs, in order: the snapshot when it goes into the
// result directory, then manifest.json (m completed with the run's world hash, its
// renormalised power and the snapshots, listing the CSVs and those files).
std::vector<ResultFile> last_files(Manifest m, const Scenario& sc, const SnapshotPlan& snap, const StreamedRun& run);

}  // namespace bpsim
