// Outcomes: one number per run, named by a spec such as
//   dyad:RUS:CHN:alignment@last       world:concentration@mean(40:48)
//   state:RUS:power@last              dyad:RUS:CHN:alignment@first_above(0.5)
// Grammar: SUBJECT ":" METRIC ["@" REDUCER], where SUBJECT is `world`, `state:ID` or
// `dyad:ID:ID`, and REDUCER is one of last (the default), first, mean, sum (over every
// tick, tick 0 included: a count column @sum totals the run), min, max,
// mean(A:B) (ticks A..B inclusive), at(T), first_above(X), first_below(X) (the
// first tick at which the metric is > X or < X; NaN when it never is).
// Parsing checks the syntax only; bind_outcome resolves ids and metric names
// against a scenario. Both throw std::invalid_argument with a message that
// names the spec and says what is allowed.
#pragma once

#include "sim/core/run.hpp"

#include <string>
#include <vector>

namespace bpsim {

enum class OutcomeSubject { world, state, dyad };
enum class Reducer { last, first, mean, sum, mean_range, min, max, at, first_above, first_below };

struct OutcomeSpec {
  std::string text;  // as written
  OutcomeSubject subject = OutcomeSubject::world;
  std::vector<std::string> ids;  // 0, 1 or 2 state ids
  std::string metric;
  Reducer reducer = Reducer::last;
  double arg0 = 0, arg1 = 0;  // mean(A:B): A, B; at(T): T; first_above(X): X
};

OutcomeSpec parse_outcome(const std::string& text);

// Metric names per subject (state metrics also include the scenario's dimension
// and axis names).
const std::vector<std::string>& world_metric_names();
const std::vector<std::string>& dyad_metric_names();
const std::vector<std::string>& state_metric_names();  // power, threat

// An outcome resolved against one scenario: where to read the metric each tick.
struct BoundOutcome {
  OutcomeSpec spec;
  int a = -1, b = -1;  // state indices
  int column = -1;     // which metric (subject-specific index)
};

BoundOutcome bind_outcome(const OutcomeSpec& spec, const Scenario& sc);

// The metric's value at one tick.
double outcome_metric(const BoundOutcome& o, const TickView& v);

// Reduces a per-tick series (index = tick) to the outcome's number.
double reduce_series(const OutcomeSpec& spec, const std::vector<double>& series);

// The default outcomes when none are given: for three watched pairs (or the first pair
// of states) alignment@last and power_ratio@last, world concentration@last and
// blocs@last. The pairs are those the most events act between (event_pairs, ties in
// watch order): the pairs the scenario is about.
std::vector<std::string> default_outcomes(const Scenario& sc);

// Records the metrics of a set of outcomes over one run; values() reduces them.
class OutcomeRecorder {
 public:
  OutcomeRecorder(const Scenario& sc, const std::vector<OutcomeSpec>& specs);
  void observe(const TickView& v);
  std::vector<double> values() const;
  const std::vector<std::vector<double>>& series() const { return series_; }
  const std::vector<BoundOutcome>& bound() const { return bound_; }

 private:
  std::vector<BoundOutcome> bound_;
  std::vector<std::vector<double>> series_;  // [outcome][tick]
};

}  // namespace bpsim
