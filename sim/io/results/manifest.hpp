// Manifest: the provenance of one result directory (manifest.json). It is the only
// result file that may differ between two runs of the same scenario and seed
// (times, command line); the CSVs it lists are byte-identical.
#pragma once

#include "sim/core/derived.hpp"
#include "sim/io/results/dir.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bpsim {

// A result file as manifest.json lists it: {name, bytes, sha256}.
struct FileEntry {
  std::string name;
  std::uint64_t bytes = 0;
  std::string sha256;
};

FileEntry file_entry(const ResultFile& f);

// The snapshot a resumed run continued from (manifest key "resumed_from").
struct ResumedFrom {
  std::string snapshot_file, snapshot_file_absolute, snapshot_sha256;
  int tick = 0;
  std::string scenario_name, scenario_sha256;  // of the run that saved it
};

// The snapshot saved by --save-at (manifest key "snapshot").
struct SavedSnapshot {
  std::string file;  // in the result directory, or the path given
  int tick = 0;
};

struct Manifest {
  std::string scenario_file;  // as given on the command line
  std::string scenario_file_absolute;
  std::string scenario_sha256;  // of the file's bytes
  std::string scenario_name;
  std::string model;  // the rule set run (Scenario::model: v1, v2)
  // What a report needs to label its charts: the calendar of the ticks, the states'
  // names and the alignment axes (manifest keys calendar, states, alignment_axes).
  std::string tick_label;
  std::optional<double> start;
  std::vector<std::pair<std::string, std::string>> states;  // id, name
  std::vector<std::string> alignment_axes;
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  std::vector<std::string> overrides;  // --set arguments, as given
  int ticks = 0;                       // steps actually run
  // Ticks whose power was renormalised over the dimensions with a total (ODD 7.1):
  // manifest key power_renormalised {ticks, first_tick, dimension}.
  int power_renormalised_ticks = 0;
  int power_renormalised_first_tick = -1;    // -1: none (null)
  std::string power_renormalised_dimension;  // the first left out then ("": null)
  bool attribution = false;
  std::optional<ResumedFrom> resumed_from;  // listed after "attribution", when given
  std::optional<SavedSnapshot> snapshot;    // listed after "attribution", when given
  std::chrono::system_clock::time_point started, finished;
  double wall_seconds = 0;
  std::string world_hash;  // of the final World
  std::vector<std::string> command_line;
};

// Copies what a run saw of renormalised power (Derived::renormalised, read from the
// TickView of the run's last tick) into the manifest.
void record_power_renormalisation(Manifest& m, const Scenario& sc, const PowerRenormalisation& r);

// "2024-05-01T12:34:56.789Z"
std::string utc_iso8601(std::chrono::system_clock::time_point t);

// manifest.json: the manifest plus name, size and SHA-256 of each result file (in that
// order), and the bpsim version and git revision this binary was built from.
ResultFile manifest_file(const Manifest& m, const std::vector<FileEntry>& files);
// The same for files held in memory.
ResultFile manifest_file(const Manifest& m, const std::vector<ResultFile>& files);

}  // namespace bpsim
