#include "analysis/outcomes.hpp"

#include "analysis/metrics.hpp"
#include "analysis/rows.hpp"
#include "sim/model/rule_kinds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace bpsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

[[noreturn]] void fail(const std::string& text, const std::string& what) {
  throw std::invalid_argument(fmt::format("outcome '{}': {}", text, what));
}

double number(const std::string& text, const std::string& s, const char* what) {
  double v = 0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (s.empty() || ec != std::errc() || ptr != last || !std::isfinite(v)) {
    fail(text, fmt::format("{} '{}' is not a number", what, s));
  }
  return v;
}

const char* reducer_help =
    "allowed reducers: last, first, mean, sum, min, max, mean(A:B), at(T), first_above(X), first_below(X)";

void parse_reducer(const std::string& text, const std::string& r, OutcomeSpec& o) {
  if (r == "last") {
    o.reducer = Reducer::last;
    return;
  }
  if (r == "first") {
    o.reducer = Reducer::first;
    return;
  }
  if (r == "mean") {
    o.reducer = Reducer::mean;
    return;
  }
  if (r == "sum") {
    o.reducer = Reducer::sum;
    return;
  }
  if (r == "min") {
    o.reducer = Reducer::min;
    return;
  }
  if (r == "max") {
    o.reducer = Reducer::max;
    return;
  }
  const std::size_t open = r.find('(');
  if (open == std::string::npos || r.back() != ')')
    fail(text, fmt::format("unknown reducer '{}'; {}", r, reducer_help));
  const std::string name = r.substr(0, open);
  const std::string arg = r.substr(open + 1, r.size() - open - 2);
  if (name == "mean") {
    const std::vector<std::string> ab = split(arg, ':');
    if (ab.size() != 2) fail(text, "mean(A:B) needs two ticks A:B");
    o.reducer = Reducer::mean_range;
    o.arg0 = number(text, ab[0], "tick");
    o.arg1 = number(text, ab[1], "tick");
    if (o.arg0 < 0 || o.arg1 < o.arg0 || o.arg0 != std::floor(o.arg0) || o.arg1 != std::floor(o.arg1)) {
      fail(text, "mean(A:B) needs whole ticks 0 <= A <= B");
    }
  } else if (name == "at") {
    o.reducer = Reducer::at;
    o.arg0 = number(text, arg, "tick");
    if (o.arg0 < 0 || o.arg0 != std::floor(o.arg0)) fail(text, "at(T) needs a whole tick T >= 0");
  } else if (name == "first_above") {
    o.reducer = Reducer::first_above;
    o.arg0 = number(text, arg, "threshold");
  } else if (name == "first_below") {
    o.reducer = Reducer::first_below;
    o.arg0 = number(text, arg, "threshold");
  } else {
    fail(text, fmt::format("unknown reducer '{}'; {}", r, reducer_help));
  }
}

int index_of(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

}  // namespace

const std::vector<std::string>& world_metric_names() { return world_value_columns(); }

const std::vector<std::string>& dyad_metric_names() { return dyad_value_columns(); }

const std::vector<std::string>& state_metric_names() {
  static const std::vector<std::string> names = {"power", "threat"};
  return names;
}

OutcomeSpec parse_outcome(const std::string& text) {
  OutcomeSpec o;
  o.text = text;
  std::string body = text;
  const std::size_t at = text.find('@');
  if (at != std::string::npos) {
    body = text.substr(0, at);
    parse_reducer(text, text.substr(at + 1), o);
  }
  const std::vector<std::string> parts = split(body, ':');
  const char* shape = "expected world:METRIC, state:ID:METRIC or dyad:ID:ID:METRIC";
  if (parts[0] == "world") {
    o.subject = OutcomeSubject::world;
    if (parts.size() != 2) fail(text, shape);
  } else if (parts[0] == "state") {
    o.subject = OutcomeSubject::state;
    if (parts.size() != 3) fail(text, shape);
  } else if (parts[0] == "dyad") {
    o.subject = OutcomeSubject::dyad;
    if (parts.size() != 4) fail(text, shape);
  } else {
    fail(text, fmt::format("unknown subject '{}'; {}", parts[0], shape));
  }
  for (std::size_t k = 1; k < parts.size(); ++k) {
    if (parts[k].empty()) fail(text, shape);
  }
  o.ids.assign(parts.begin() + 1, parts.end() - 1);
  o.metric = parts.back();
  if (o.subject == OutcomeSubject::world && index_of(world_metric_names(), o.metric) < 0) {
    fail(text, fmt::format("unknown world metric '{}'; allowed: {}", o.metric, join(world_metric_names())));
  }
  if (o.subject == OutcomeSubject::dyad && index_of(dyad_metric_names(), o.metric) < 0) {
    fail(text, fmt::format("unknown dyad metric '{}'; allowed: {}", o.metric, join(dyad_metric_names())));
  }
  return o;
}

BoundOutcome bind_outcome(const OutcomeSpec& spec, const Scenario& sc) {
  BoundOutcome b;
  b.spec = spec;
  auto state = [&](const std::string& id) {
    const int i = index_of(sc.state_ids, id);
    if (i < 0) fail(spec.text, fmt::format("unknown state id '{}'; the scenario has: {}", id, join(sc.state_ids)));
    return i;
  };
  switch (spec.subject) {
    case OutcomeSubject::world:
      b.column = index_of(world_metric_names(), spec.metric);
      break;
    case OutcomeSubject::dyad:
      b.a = state(spec.ids.at(0));
      b.b = state(spec.ids.at(1));
      if (b.a == b.b) fail(spec.text, "a dyad needs two different states");
      b.column = index_of(dyad_metric_names(), spec.metric);
      break;
    case OutcomeSubject::state: {
      b.a = state(spec.ids.at(0));
      std::vector<std::string> names = state_metric_names();
      for (const CapabilityDim& d : sc.capability_dims) names.push_back(d.name);
      for (const std::string& axis : sc.alignment_axes) names.push_back(axis);
      b.column = index_of(names, spec.metric);
      if (b.column < 0)
        fail(spec.text, fmt::format("unknown state metric '{}'; allowed: {}", spec.metric, join(names)));
      break;
    }
  }
  if ((spec.reducer == Reducer::mean_range && spec.arg1 > sc.ticks) ||
      (spec.reducer == Reducer::at && spec.arg0 > sc.ticks)) {
    fail(spec.text, fmt::format("tick out of range: the scenario runs ticks 0..{}", sc.ticks));
  }
  return b;
}

double outcome_metric(const BoundOutcome& o, const TickView& v) {
  switch (o.spec.subject) {
    case OutcomeSubject::world: {
      if (o.column >= static_cast<int>(kWorldMetricValues))
        return count_values(v)[static_cast<std::size_t>(o.column) - kWorldMetricValues];
      switch (o.column) {
        case 0:
          return concentration(v.d.power);
        case 1:
          return effective_poles(v.d.power);
        case 2:
          return polarization(v.d.distance, v.sc.dmax());
        case 3:
          return bloc_count(v.d.score, v.sc.params.s_bloc);
        default:
          return mean_offdiagonal(v.w.relations);
      }
    }
    case OutcomeSubject::dyad:
      return dyad_values(v, o.a, o.b)[static_cast<std::size_t>(o.column)];
    case OutcomeSubject::state: {
      if (o.column == 0) return v.d.power[o.a];
      if (o.column == 1) return v.d.threat_level[o.a];
      const int k = o.column - 2;
      if (k < v.w.capability.cols()) return v.w.capability(o.a, k);
      return v.w.alignment(o.a, k - v.w.capability.cols());
    }
  }
  return nan;
}

double reduce_series(const OutcomeSpec& spec, const std::vector<double>& s) {
  if (s.empty()) return nan;
  const auto sum_of = [&](std::size_t from, std::size_t to) {  // inclusive, to < s.size()
    double sum = 0;
    for (std::size_t t = from; t <= to; ++t) sum += s[t];
    return sum;
  };
  const auto mean_of = [&](std::size_t from, std::size_t to) {  // inclusive
    if (from >= s.size()) return nan;
    to = std::min(to, s.size() - 1);
    return sum_of(from, to) / static_cast<double>(to - from + 1);
  };
  switch (spec.reducer) {
    case Reducer::last:
      return s.back();
    case Reducer::first:
      return s.front();
    case Reducer::mean:
      return mean_of(0, s.size() - 1);
    case Reducer::sum:
      return sum_of(0, s.size() - 1);
    case Reducer::mean_range:
      return mean_of(static_cast<std::size_t>(spec.arg0), static_cast<std::size_t>(spec.arg1));
    case Reducer::min:
      return *std::min_element(s.begin(), s.end());
    case Reducer::max:
      return *std::max_element(s.begin(), s.end());
    case Reducer::at: {
      const auto t = static_cast<std::size_t>(spec.arg0);
      return t < s.size() ? s[t] : nan;
    }
    case Reducer::first_above:
      for (std::size_t t = 0; t < s.size(); ++t)
        if (s[t] > spec.arg0) return static_cast<double>(t);
      return nan;
    case Reducer::first_below:
      for (std::size_t t = 0; t < s.size(); ++t)
        if (s[t] < spec.arg0) return static_cast<double>(t);
      return nan;
  }
  return nan;
}

std::vector<std::string> default_outcomes(const Scenario& sc) {
  std::vector<std::pair<int, int>> pairs = sc.watch;
  if (pairs.empty() && sc.n_states() >= 2) pairs.emplace_back(0, 1);
  // The pairs the scenario acts on first: by how many events act between the two states
  // (event_pairs; ties in watch order), so that a world watching every pair is compared
  // on the pairs its events are about, not on the first state's.
  std::vector<int> acted(pairs.size(), 0);
  for (const Event& ev : sc.events) {
    for (const auto& [a, b] : event_pairs(ev.rule))
      for (std::size_t p = 0; p < pairs.size(); ++p)
        acted[p] += (pairs[p].first == a && pairs[p].second == b) || (pairs[p].first == b && pairs[p].second == a);
  }
  std::vector<std::size_t> order(pairs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return acted[x] > acted[y]; });
  if (order.size() > 3) order.resize(3);
  std::vector<std::pair<int, int>> chosen;
  for (const std::size_t p : order) chosen.push_back(pairs[p]);
  pairs = chosen;
  std::vector<std::string> out;
  for (const auto& [a, b] : pairs) {
    const std::string ab = sc.state_ids[static_cast<std::size_t>(a)] + ":" + sc.state_ids[static_cast<std::size_t>(b)];
    out.push_back("dyad:" + ab + ":alignment@last");
    out.push_back("dyad:" + ab + ":power_ratio@last");
  }
  out.emplace_back("world:concentration@last");
  out.emplace_back("world:blocs@last");
  return out;
}

OutcomeRecorder::OutcomeRecorder(const Scenario& sc, const std::vector<OutcomeSpec>& specs) {
  for (const OutcomeSpec& s : specs) bound_.push_back(bind_outcome(s, sc));
  series_.resize(bound_.size());
}

void OutcomeRecorder::observe(const TickView& v) {
  for (std::size_t k = 0; k < bound_.size(); ++k) {
    auto& s = series_[k];
    const auto t = static_cast<std::size_t>(v.w.tick);
    if (s.size() <= t) s.resize(t + 1, nan);
    s[t] = outcome_metric(bound_[k], v);
  }
}

std::vector<double> OutcomeRecorder::values() const {
  std::vector<double> out;
  out.reserve(bound_.size());
  for (std::size_t k = 0; k < bound_.size(); ++k) out.push_back(reduce_series(bound_[k].spec, series_[k]));
  return out;
}

}  // namespace bpsim
