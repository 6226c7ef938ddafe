#include "sim/io/results.hpp"

#include "analysis/rows.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

namespace bpsim {

namespace {

const std::string& id(const Scenario& sc, Eigen::Index i) {
  return sc.state_ids[static_cast<std::size_t>(i)];
}

}  // namespace

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); }

void append_csv_number(std::string& out, double x) {
  out += ',';
  if (std::isfinite(x)) fmt::format_to(std::back_inserter(out), "{}", x);
}

std::string csv_header(const std::string& keys, const std::vector<std::string>& cols) {
  std::string h = keys;
  for (const std::string& c : cols) h += "," + csv_field(c);
  return h + "\n";
}

std::string states_header(const Scenario& sc) { return csv_header("tick,state", state_value_columns(sc)); }

std::string dyads_header() { return csv_header("tick,a,b", dyad_value_columns()); }

std::string world_header() { return csv_header("tick", world_value_columns()); }

std::string events_header() { return "tick,kind,actors,detail\n"; }

std::string attribution_header() { return "tick,state,mechanism,d_alignment,d_power\n"; }

CsvRecorder::CsvRecorder(const Scenario& sc, bool attribution)
    : attribution_(attribution),
      states_(states_header(sc)),
      dyads_(dyads_header()),
      world_(world_header()),
      events_(events_header()),
      attr_(attribution_header()) {}

void CsvRecorder::observe(const TickView& v) {
  add_states(v);
  add_dyads(v);
  add_world(v);
  if (v.last) add_events(v);
  if (attribution_ && v.attribution) add_attribution(v);
}

namespace {

void append_values(std::string& out, const std::vector<double>& values) {
  for (const double x : values) append_csv_number(out, x);
  out += '\n';
}

}  // namespace

void CsvRecorder::add_states(const TickView& v) {
  for (int i = 0; i < v.sc.n_states(); ++i) {
    fmt::format_to(std::back_inserter(states_), "{},{}", v.w.tick, csv_field(id(v.sc, i)));
    row_.clear();
    append_state_row(v, i, row_);
    append_values(states_, row_);
  }
}

void CsvRecorder::add_dyads(const TickView& v) {
  for (const auto& [a, b] : v.sc.watch) {
    fmt::format_to(std::back_inserter(dyads_), "{},{},{}", v.w.tick, csv_field(id(v.sc, a)),
                   csv_field(id(v.sc, b)));
    row_.clear();
    append_dyad_row(v, a, b, row_);
    append_values(dyads_, row_);
  }
}

void CsvRecorder::add_world(const TickView& v) {
  fmt::format_to(std::back_inserter(world_), "{}", v.w.tick);
  row_.clear();
  append_world_row(v, row_);
  append_values(world_, row_);
}

// The record's own tick: the tick the event was scheduled at (it acted in the step
// that produced v.w.tick = record tick + 1), matching `at:`/`from:` in the scenario.
void CsvRecorder::add_events(const TickView& v) {
  auto out = std::back_inserter(events_);
  for (const EventRecord& e : v.last->log) {
    fmt::format_to(out, "{},{},{},{}\n", e.tick, csv_field(e.kind), csv_field(e.actors), csv_field(e.detail));
  }
}

void CsvRecorder::add_attribution(const TickView& v) {
  auto out = std::back_inserter(attr_);
  const Attribution& at = *v.attribution;
  for (Eigen::Index i = 0; i < at.d_alignment.rows(); ++i) {
    for (int m = 0; m < n_mechanisms; ++m) {
      fmt::format_to(out, "{},{},{},{},{}\n", v.w.tick, csv_field(id(v.sc, i)),
                     mechanism_name(static_cast<Mechanism>(m)), at.d_alignment(i, m), at.d_power(i, m));
    }
  }
}

std::vector<ResultFile> CsvRecorder::files() const {
  std::vector<ResultFile> out = {
      {"states.csv", states_}, {"dyads.csv", dyads_}, {"world.csv", world_}, {"events.csv", events_}};
  if (attribution_) out.push_back({"attribution.csv", attr_});
  return out;
}

}  // namespace bpsim
