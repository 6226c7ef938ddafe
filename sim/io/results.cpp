#include "sim/io/results.hpp"

#include "analysis/metrics.hpp"

#include <fmt/format.h>

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

std::string states_header(const Scenario& sc) {
  std::string h = "tick,state,power,threat";
  for (const CapabilityDim& dim : sc.capability_dims) h += "," + csv_field(dim.name);
  for (const std::string& axis : sc.alignment_axes) h += "," + csv_field(axis);
  return h + "\n";
}

std::string dyads_header() {
  return "tick,a,b,alignment,relation,asymmetry,power_ratio,threat_ab,threat_ba,arms_dep_ab,arms_dep_ba\n";
}

std::string world_header() {
  return "tick,concentration,effective_poles,polarization,blocs,mean_relation,sanctions,deliveries,"
         "blocked_sales,exercises,incidents,engagements\n";
}

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

void CsvRecorder::add_states(const TickView& v) {
  auto out = std::back_inserter(states_);
  for (Eigen::Index i = 0; i < v.w.capability.rows(); ++i) {
    fmt::format_to(out, "{},{},{},{}", v.w.tick, csv_field(id(v.sc, i)), v.d.power[i], v.d.threat_level[i]);
    for (Eigen::Index k = 0; k < v.w.capability.cols(); ++k) fmt::format_to(out, ",{}", v.w.capability(i, k));
    for (Eigen::Index k = 0; k < v.w.alignment.cols(); ++k) fmt::format_to(out, ",{}", v.w.alignment(i, k));
    states_ += '\n';
  }
}

void CsvRecorder::add_dyads(const TickView& v) {
  auto out = std::back_inserter(dyads_);
  for (const auto& [a, b] : v.sc.watch) {
    const DyadMetrics m = dyad_metrics(v.w, v.d, a, b);
    fmt::format_to(out, "{},{},{},{},{},{},{},{},{},{},{}\n", v.w.tick, csv_field(id(v.sc, a)),
                   csv_field(id(v.sc, b)), m.alignment, m.relation, m.asymmetry, m.power_ratio,
                   m.threat_ab, m.threat_ba, m.arms_dep_ab, m.arms_dep_ba);
  }
}

void CsvRecorder::add_world(const TickView& v) {
  const WorldMetrics m = world_metrics(v.sc, v.w, v.d);
  const StepCounts c = v.last ? v.last->counts : StepCounts{};
  fmt::format_to(std::back_inserter(world_), "{},{},{},{},{},{},{},{},{},{},{},{}\n", v.w.tick,
                 m.concentration, m.effective_poles, m.polarization, m.blocs, m.mean_relation,
                 c.sanctions, c.deliveries, c.blocked_sales, c.exercises, c.incidents, c.engagements);
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
