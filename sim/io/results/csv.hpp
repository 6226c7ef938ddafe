// CsvRecorder: turns the TickViews of one run into the result CSVs
// (states, dyads, world, events and optionally attribution).
// Rows are either kept in memory (files(), for callers that need the bytes) or handed
// to a ChunkSink in chunks as the ticks come (bpsim run streams them into the staging
// directory, so memory stays flat however many ticks run). Numbers use the shortest
// round-trip form, so the same seed gives the same bytes either way.
// Nothing nondeterministic (times, paths, hosts) ever goes into these files.
#pragma once

#include "sim/core/run.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/table.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim {

// The column lists of the run's files (CsvTable writes them as the header lines): first
// the tick and its date (analysis/summary.hpp's date_of_tick: 2014Q2 on a calendar, else
// empty), then the keys; the value columns come from analysis/rows.hpp, the states'
// dims/axes use the scenario's names.
std::vector<std::string> states_columns(const Scenario& sc);
std::vector<std::string> dyads_columns();
std::vector<std::string> world_columns();
std::vector<std::string> events_columns();
std::vector<std::string> attribution_columns();
// states.csv's header line (with trailing newline).
std::string states_header(const Scenario& sc);

// Receives a recorder's files as they grow: the bytes of each file in order, in chunks.
class ChunkSink {
 public:
  virtual ~ChunkSink() = default;
  // Appends bytes to the file `name` (its first call starts the file).
  virtual void append(const std::string& name, std::string_view bytes) = 0;
};

class CsvRecorder {
 public:
  // A file's rows are handed on once they hold this many bytes.
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 18;

  // In memory: every row is kept until files().
  CsvRecorder(const Scenario& sc, bool attribution);
  // Streamed: the headers go to sink at once (each file begins, in the fixed order);
  // after each tick, each file's rows go once they hold chunk_bytes; finish() hands on
  // the rest. sink must outlive the recorder.
  CsvRecorder(const Scenario& sc, bool attribution, ChunkSink& sink, std::size_t chunk_bytes = kChunkBytes);

  // Appends the rows of one tick. Tick 0 (v.last == nullptr) has no events,
  // zero counts and no attribution rows.
  void observe(const TickView& v);

  // Streamed: hands every file's remaining rows to the sink (each file at least its header).
  void finish();

  // In memory: the finished files, in a fixed order: states, dyads, world, events[, attribution].
  std::vector<ResultFile> files() const;

  // The names of the files, in that order.
  std::vector<std::string> file_names() const;

  // Bytes held now, not yet handed on (all of them in memory; under about 5 chunks
  // plus one tick's rows when streamed).
  std::size_t buffered_bytes() const;

 private:
  void add_states(const TickView& v);
  void add_dyads(const TickView& v);
  void add_world(const TickView& v);
  void add_events(const TickView& v);
  void add_attribution(const TickView& v);
  void hand_on(std::size_t at_least);

  bool attribution_;
  std::vector<CsvTable> out_;  // states, dyads, world, events[, attribution]
  ChunkSink* sink_ = nullptr;
  std::size_t chunk_ = 0;
  std::vector<double> row_;  // scratch for one row
  std::string date_;         // the date of the tick being observed
};

}  // namespace bpsim
