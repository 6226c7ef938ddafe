#include "sim/io/results/csv.hpp"

#include "analysis/calendar.hpp"
#include "analysis/rows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace bpsim {

namespace {

enum FileIndex : std::size_t { kStates, kDyads, kWorld, kEvents, kAttribution };

}  // namespace

// Every file's rows begin with the tick and its date (date_of_tick).
std::vector<std::string> states_columns(const Scenario& sc) {
  return csv_columns({"tick", "date", "state"}, state_value_columns(sc));
}
std::vector<std::string> dyads_columns() { return csv_columns({"tick", "date", "a", "b"}, dyad_value_columns()); }
std::vector<std::string> world_columns() { return csv_columns({"tick", "date"}, world_value_columns()); }
std::vector<std::string> events_columns() { return {"tick", "date", "kind", "actors", "detail"}; }
std::vector<std::string> attribution_columns() {
  return {"tick", "date", "state", "mechanism", "d_alignment", "d_power"};
}

std::string states_header(const Scenario& sc) { return CsvTable("states.csv", states_columns(sc)).text(); }

CsvRecorder::CsvRecorder(const Scenario& sc, bool attribution) : attribution_(attribution) {
  out_.emplace_back("states.csv", states_columns(sc));
  out_.emplace_back("dyads.csv", dyads_columns());
  out_.emplace_back("world.csv", world_columns());
  out_.emplace_back("events.csv", events_columns());
  if (attribution_) out_.emplace_back("attribution.csv", attribution_columns());
}

CsvRecorder::CsvRecorder(const Scenario& sc, bool attribution, ChunkSink& sink, std::size_t chunk_bytes)
    : CsvRecorder(sc, attribution) {
  sink_ = &sink;
  chunk_ = chunk_bytes;
  hand_on(1);  // the headers: every file begins now, in the fixed order
}

void CsvRecorder::observe(const TickView& v) {
  date_ = date_of_tick(v.sc, v.w.tick);
  add_states(v);
  add_dyads(v);
  add_world(v);
  if (v.last) add_events(v);
  if (attribution_ && v.attribution) add_attribution(v);
  if (sink_) hand_on(chunk_);
}

// Each file whose rows hold at least `at_least` bytes goes to the sink; its buffer
// keeps its capacity, so a streamed run allocates nothing after the first chunks.
void CsvRecorder::hand_on(std::size_t at_least) {
  for (CsvTable& t : out_) {
    if (t.text().empty() || t.text().size() < at_least) continue;
    sink_->append(t.name(), t.text());
    t.clear();
  }
}

void CsvRecorder::finish() {
  if (sink_) hand_on(1);
}

void CsvRecorder::add_states(const TickView& v) {
  CsvTable& t = out_[kStates];
  for (int i = 0; i < v.sc.n_states(); ++i) {
    row_.clear();
    append_state_row(v, i, row_);
    t.integer(v.w.tick).text(date_).text(v.sc.state_ids[static_cast<std::size_t>(i)]).numbers(row_).end_row();
  }
}

void CsvRecorder::add_dyads(const TickView& v) {
  CsvTable& t = out_[kDyads];
  for (const auto& [a, b] : v.sc.watch) {
    row_.clear();
    append_dyad_row(v, a, b, row_);
    t.integer(v.w.tick).text(date_).text(v.sc.state_ids[static_cast<std::size_t>(a)]);
    t.text(v.sc.state_ids[static_cast<std::size_t>(b)]).numbers(row_).end_row();
  }
}

void CsvRecorder::add_world(const TickView& v) {
  row_.clear();
  append_world_row(v, row_);
  out_[kWorld].integer(v.w.tick).text(date_).numbers(row_).end_row();
}

// The record's own tick and date: the tick the event was scheduled at (it acted in the
// step that produced v.w.tick = record tick + 1), matching `at:`/`from:` in the scenario.
void CsvRecorder::add_events(const TickView& v) {
  CsvTable& t = out_[kEvents];
  int dated = -1;  // the tick `date` is of
  std::string date;
  for (const EventRecord& e : v.last->log) {
    if (e.tick != dated) date = date_of_tick(v.sc, dated = e.tick);
    t.integer(e.tick).text(date).text(e.kind).text(e.actors).text(e.detail).end_row();
  }
}

// An attribution value that is not finite (a mechanism's change overflowing) is an
// empty field, as everywhere else.
void CsvRecorder::add_attribution(const TickView& v) {
  CsvTable& t = out_[kAttribution];
  const Attribution& at = *v.attribution;
  for (Eigen::Index i = 0; i < at.d_alignment.rows(); ++i) {
    for (int m = 0; m < n_mechanisms; ++m) {
      t.integer(v.w.tick).text(date_).text(v.sc.state_ids[static_cast<std::size_t>(i)]);
      t.text(mechanism_name(static_cast<Mechanism>(m))).number(at.d_alignment(i, m)).number(at.d_power(i, m)).end_row();
    }
  }
}

std::vector<ResultFile> CsvRecorder::files() const {
  std::vector<ResultFile> files;
  for (const CsvTable& t : out_) files.push_back({t.name(), t.text()});
  return files;
}

std::vector<std::string> CsvRecorder::file_names() const {
  std::vector<std::string> names;
  for (const CsvTable& t : out_) names.push_back(t.name());
  return names;
}

std::size_t CsvRecorder::buffered_bytes() const {
  std::size_t n = 0;
  for (const CsvTable& t : out_) n += t.text().size();
  return n;
}

}  // namespace bpsim
