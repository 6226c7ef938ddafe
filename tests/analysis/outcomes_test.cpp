// Outcome specs: parsing, binding to a scenario, reducing a run to one number.
#include "analysis/outcomes.hpp"
#include "analysis/metrics.hpp"
#include "sim/core/run.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/builders.hpp"

#include "sim/model/rule_kinds.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>
#include <string>

using namespace bpsim;

namespace {

std::string parse_error(const std::string& text) {
  try {
    parse_outcome(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

std::string bind_error(const std::string& text, const Scenario& sc) {
  try {
    bind_outcome(parse_outcome(text), sc);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("outcome specs parse subject, ids, metric and reducer") {
  const OutcomeSpec a = parse_outcome("dyad:RUS:CHN:alignment@last");
  CHECK(a.subject == OutcomeSubject::dyad);
  CHECK(a.ids == std::vector<std::string>{"RUS", "CHN"});
  CHECK(a.metric == "alignment");
  CHECK(a.reducer == Reducer::last);

  const OutcomeSpec b = parse_outcome("world:concentration@mean(40:48)");
  CHECK(b.subject == OutcomeSubject::world);
  CHECK(b.reducer == Reducer::mean_range);
  CHECK(b.arg0 == 40);
  CHECK(b.arg1 == 48);

  const OutcomeSpec c = parse_outcome("dyad:RUS:CHN:alignment@first_above(0.5)");
  CHECK(c.reducer == Reducer::first_above);
  CHECK(c.arg0 == 0.5);

  const OutcomeSpec d = parse_outcome("state:RUS:power");  // reducer defaults to last
  CHECK(d.subject == OutcomeSubject::state);
  CHECK(d.ids == std::vector<std::string>{"RUS"});
  CHECK(d.reducer == Reducer::last);
  CHECK(parse_outcome("world:blocs@at(12)").arg0 == 12);
  CHECK(parse_outcome("world:blocs@first_below(-0.25)").arg0 == -0.25);
}

TEST_CASE("outcome spec errors say what is allowed") {
  CHECK(parse_error("galaxy:x@last") ==
        "outcome 'galaxy:x@last': unknown subject 'galaxy'; expected world:METRIC, "
        "state:ID:METRIC or dyad:ID:ID:METRIC");
  CHECK(parse_error("dyad:RUS:alignment") ==
        "outcome 'dyad:RUS:alignment': expected world:METRIC, state:ID:METRIC or dyad:ID:ID:METRIC");
  CHECK(parse_error("world:poles") ==
        "outcome 'world:poles': unknown world metric 'poles'; allowed: concentration, "
        "effective_poles, polarization, blocs, mean_relation, " +
            fmt::format("{}", fmt::join(kCountNames, ", ")));  // the rule kinds' counts (v1: sanctions .. engagements)
  CHECK(parse_error("world:blocs@median") ==
        "outcome 'world:blocs@median': unknown reducer 'median'; allowed reducers: last, first, "
        "mean, sum, min, max, mean(A:B), at(T), first_above(X), first_below(X)");
  CHECK(parse_error("world:blocs@mean(40)") == "outcome 'world:blocs@mean(40)': mean(A:B) needs two ticks A:B");
  CHECK(parse_error("world:blocs@mean(9:3)") ==
        "outcome 'world:blocs@mean(9:3)': mean(A:B) needs whole ticks 0 <= A <= B");
  CHECK(parse_error("world:blocs@first_above(x)") ==
        "outcome 'world:blocs@first_above(x)': threshold 'x' is not a number");
}

TEST_CASE("binding an outcome checks ids, state metrics and tick ranges") {
  const Scenario sc = test::make_scenario(3, 2);  // S0..S2, dims econ/mil/tech, axes axis0/1, 10 ticks
  CHECK(bind_error("dyad:S0:XX:alignment", sc) ==
        "outcome 'dyad:S0:XX:alignment': unknown state id 'XX'; the scenario has: S0, S1, S2");
  CHECK(bind_error("dyad:S1:S1:alignment", sc) == "outcome 'dyad:S1:S1:alignment': a dyad needs two different states");
  CHECK(bind_error("state:S0:gdp", sc) ==
        "outcome 'state:S0:gdp': unknown state metric 'gdp'; allowed: power, threat, econ, mil, "
        "tech, axis0, axis1");
  CHECK(bind_error("world:blocs@at(11)", sc) ==
        "outcome 'world:blocs@at(11)': tick out of range: the scenario runs ticks 0..10");
  CHECK(bind_outcome(parse_outcome("state:S2:axis1"), sc).column == 2 + 3 + 1);
  CHECK(bind_outcome(parse_outcome("dyad:S2:S0:power_ratio"), sc).a == 2);
}

TEST_CASE("reducers over a series, by hand") {
  const std::vector<double> s = {0.1, 0.4, 0.6, 0.3, 0.7};
  auto red = [&](const std::string& r) { return reduce_series(parse_outcome("world:blocs@" + r), s); };
  CHECK(red("last") == 0.7);
  CHECK(red("first") == 0.1);
  CHECK(red("mean") == doctest::Approx(2.1 / 5));
  CHECK(red("mean(1:3)") == doctest::Approx(1.3 / 3));
  CHECK(red("min") == 0.1);
  CHECK(red("max") == 0.7);
  CHECK(red("at(2)") == 0.6);
  CHECK(red("first_above(0.5)") == 2);
  CHECK(red("first_below(0.35)") == 0);
  CHECK(std::isnan(red("first_above(0.9)")));  // never crosses
}

TEST_CASE("the recorder reads the same numbers as the metrics of each tick") {
  Scenario sc = test::make_scenario(3, 1);
  test::set_alignment(sc, {0.5, -0.5, 0.1});
  const std::vector<OutcomeSpec> specs = {
      parse_outcome("dyad:S0:S1:alignment@first"), parse_outcome("dyad:S0:S1:alignment@last"),
      parse_outcome("world:polarization@mean"), parse_outcome("state:S2:axis0@last")};
  OutcomeRecorder rec(sc, specs);
  double first_s = NAN, last_s = NAN, pol_sum = 0, last_a2 = NAN;
  int ticks = 0;
  RunOptions opt;
  opt.seed = 1;
  run_scenario(sc, opt, [&](const TickView& v) {
    rec.observe(v);
    const double s01 = v.d.score(0, 1);
    if (v.w.tick == 0) first_s = s01;
    last_s = s01;
    pol_sum += polarization(v.d.distance, sc.dmax());
    last_a2 = v.w.alignment(2, 0);
    ++ticks;
  });
  const std::vector<double> got = rec.values();
  REQUIRE(got.size() == 4);
  CHECK(ticks == sc.ticks + 1);
  CHECK(got[0] == first_s);
  CHECK(got[1] == last_s);
  CHECK(got[2] == doctest::Approx(pol_sum / ticks));
  CHECK(got[3] == last_a2);
  CHECK(got[0] != got[1]);  // the states moved: the test would notice a stale value
}

TEST_CASE("default outcomes name the watched pairs and the system") {
  Scenario sc = test::make_scenario(3, 1);
  sc.watch = {{2, 0}};
  const std::vector<std::string> d = default_outcomes(sc);
  CHECK(d == std::vector<std::string>{"dyad:S2:S0:alignment@last", "dyad:S2:S0:power_ratio@last",
                                      "world:concentration@last", "world:blocs@last"});
  for (const std::string& s : d) CHECK_NOTHROW(bind_outcome(parse_outcome(s), sc));
}

TEST_CASE("default outcomes: of many watched pairs, the three the most events act on") {
  // The flagship watches all 28 pairs, USA's first; its events are about Russia and China.
  const Scenario sc = load_scenario(BPSIM_SOURCE_DIR "/scenarios/pivot_to_asia_2014.yaml");
  REQUIRE(sc.watch.size() == 28);
  const std::vector<std::string> d = default_outcomes(sc);
  REQUIRE(d.size() == 8);
  CAPTURE(d[0]);
  CHECK((d[0] == "dyad:RUS:CHN:alignment@last" || d[0] == "dyad:CHN:RUS:alignment@last"));
  // No event names both states of a pair: watch order.
  Scenario quiet = test::make_scenario(4, 1);
  quiet.watch = {{0, 1}, {0, 2}, {0, 3}, {2, 3}};
  CHECK(default_outcomes(quiet)[0] == "dyad:S0:S1:alignment@last");
  CHECK(default_outcomes(quiet)[4] == "dyad:S0:S3:alignment@last");
  // Sanctions act between each sanctioner and the target, not among the sanctioners.
  quiet.events.push_back(Event{SanctionsEvent{{0, 2}, 3, 0.5}, Schedule{}, "", 0, true});
  CHECK(default_outcomes(quiet)[0] == "dyad:S0:S3:alignment@last");
  CHECK(default_outcomes(quiet)[2] == "dyad:S2:S3:alignment@last");
  CHECK(default_outcomes(quiet)[4] == "dyad:S0:S1:alignment@last");  // S0-S2 is not watched
  quiet.events.clear();
  // One exercise of S2 and S3 puts their pair first.
  quiet.events.push_back(Event{ExerciseEvent{{2, 3}, 0.5}, Schedule{}, "", 0, true});
  CHECK(default_outcomes(quiet)[0] == "dyad:S2:S3:alignment@last");
  CHECK(default_outcomes(quiet)[2] == "dyad:S0:S1:alignment@last");
}
