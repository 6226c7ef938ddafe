// Run summary: start/end values collected from TickViews, calendar labels, and the
// console table.
#include "analysis/summary.hpp"
#include "analysis/metrics.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/builders.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace bpsim;

namespace {

Scenario calendar(const std::string& unit, std::optional<double> start) {
  Scenario sc = test::make_scenario(2, 1);
  sc.tick_label = unit;
  sc.start = start;
  return sc;
}

}  // namespace

TEST_CASE("tick labels follow the scenario's calendar") {
  CHECK(tick_label(calendar("quarter", 2014.0), 0) == "2014Q1");
  CHECK(tick_label(calendar("quarter", 2014.0), 5) == "2015Q2");
  CHECK(tick_label(calendar("quarter", 2014.25), 0) == "2014Q2");
  CHECK(tick_label(calendar("month", 2014.0), 4) == "2014-05");
  CHECK(tick_label(calendar("month", 2014.0), 12) == "2015-01");
  CHECK(tick_label(calendar("year", 1996.0), 3) == "1999");
  CHECK(tick_label(calendar("quarter", std::nullopt), 17) == "tick 17");
  CHECK(tick_label(calendar("week", 2014.0), 17) == "tick 17");
  // A run's span: on a calendar, through the end of the last period stepped.
  CHECK(span_label(calendar("quarter", 2010.0), 0, 48) == "2010Q1 -> end of 2021Q4");
  CHECK(span_label(calendar("quarter", 2010.0), 3, 24) == "2010Q4 -> end of 2015Q4");
  CHECK(span_label(calendar("month", 2014.0), 0, 12) == "2014-01 -> end of 2014-12");
  CHECK(span_label(calendar("year", 1996.0), 0, 12) == "1996 -> end of 2007");
  CHECK(span_label(calendar("quarter", 2010.0), 5, 5) == "2011Q2 -> 2011Q2");  // no step
  CHECK(span_label(calendar("quarter", std::nullopt), 0, 48) == "tick 0 -> tick 48");
}

TEST_CASE("collector keeps first and last values and sums the step counts") {
  const Scenario sc = load_scenario(BPSIM_SOURCE_DIR "/tests/data/minimal.yaml");
  SummaryCollector col;
  World first;
  StepCounts total{};
  RunOptions opt;
  opt.seed = sc.seed;
  const World last = run_scenario(sc, opt, [&](const TickView& v) {
    col.observe(v);
    if (v.w.tick == 0) first = v.w;
    if (v.last) add_counts(total, v.last->counts);
  });
  const RunSummary& s = col.summary();
  CHECK(s.first_tick == 0);
  CHECK(s.last_tick == sc.ticks);
  REQUIRE(s.dyads.size() == sc.watch.size());
  Derived d0, d1;
  compute_derived(sc, first, d0);
  compute_derived(sc, last, d1);
  const auto [a, b] = sc.watch[0];
  CHECK(s.dyads[0].alignment_start == dyad_metrics(first, d0, a, b).alignment);
  CHECK(s.dyads[0].alignment_end == dyad_metrics(last, d1, a, b).alignment);
  CHECK(s.dyads[0].ratio_end == dyad_metrics(last, d1, a, b).power_ratio);
  CHECK(s.concentration_start == concentration(d0.power));
  CHECK(s.poles_end == effective_poles(d1.power));
  CHECK(s.totals[count_slot<ArmsSaleEvent>("deliveries")] == total[count_slot<ArmsSaleEvent>("deliveries")]);
  CHECK(s.totals[count_slot<SanctionsEvent>("sanctions")] > 0);
  // Every total is the sum of its steps, from 0 (a RunSummary's totals start at 0: an
  // uninitialised array printed 5068171.5 sanctions once).
  CHECK(s.totals == total);
  CHECK(RunSummary{}.totals == StepCounts{});
}

TEST_CASE("dyads_to_show keeps order when all fit, else the largest changes") {
  RunSummary s;
  for (double change : {0.1, -0.5, 0.3, 0.0}) s.dyads.push_back({0, 1, 0.0, change, 1, 1});
  CHECK(dyads_to_show(s, 12) == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(dyads_to_show(s, 2) == std::vector<std::size_t>{1, 2});
}

TEST_CASE("summary table shows labels, pairs, system and event totals") {
  Scenario sc = calendar("quarter", 2010.0);
  sc.name = "demo";
  RunSummary s;
  s.last_tick = 48;
  s.dyads = {{0, 1, 0.17, 0.61, 0.42, 0.21}};
  s.concentration_start = 0.31;
  s.concentration_end = 0.35;
  s.totals[count_slot<SanctionsEvent>("sanctions")] = 44;
  s.totals[count_slot<ExerciseEvent>("incidents")] = 3.25;
  const std::string t = summary_table(sc, s, {42, "out/demo/", 12});
  CHECK(t.find("demo") != std::string::npos);
  CHECK(t.find("48 ticks, 2010Q1 -> end of 2021Q4, seed 42") != std::string::npos);
  CHECK(t.find("S0-S1") != std::string::npos);
  CHECK(t.find("+0.44") != std::string::npos);
  CHECK(t.find("sanctions 44,") != std::string::npos);
  CHECK(t.find("incidents 3.2") != std::string::npos);
  CHECK(t.find("out/demo/") != std::string::npos);
}

TEST_CASE("summary table says how many pairs it leaves out") {
  Scenario sc = test::make_scenario(6, 1);
  RunSummary s;
  for (const auto& [a, b] : sc.watch) s.dyads.push_back({a, b, 0, 0, 1, 1});
  const std::string t = summary_table(sc, s, {1, "", 12});
  CHECK(t.find("the 12 of 15") != std::string::npos);
  CHECK(t.find("... and 3 more pairs in dyads.csv") != std::string::npos);
}

TEST_CASE("tick labels before year 1 count down through 0, and an absurd start gives tick N") {
  // Quarter -1 is the last quarter of year -1 (floor division; C++'s / rounds to 0).
  CHECK(tick_label(calendar("quarter", -0.25), 0) == "-1Q4");
  CHECK(tick_label(calendar("quarter", -0.25), 1) == "0Q1");
  CHECK(tick_label(calendar("quarter", -10000.0), 0) == "-10000Q1");
  CHECK(tick_label(calendar("month", -1.0 / 12), 0) == "-1-12");
  CHECK(tick_label(calendar("month", -1.0 / 12), 2) == "0-02");
  CHECK(tick_label(calendar("year", -5.0), 3) == "-2");
  CHECK(tick_label(calendar("quarter", 10000.0), 4) == "10001Q1");
  // Outside kStartYears (the loader refuses these; a manifest might still hold one).
  CHECK(tick_label(calendar("quarter", 1e308), 3) == "tick 3");
  CHECK(tick_label(calendar("month", -9e18), 3) == "tick 3");
  CHECK(tick_label(calendar("year", 10000.5), 3) == "tick 3");
}

TEST_CASE("summary table escapes control characters in the scenario name, ids and directory") {
  Scenario sc = test::make_scenario(2, 1);
  sc.name = "demo\x1b[2J\a";
  sc.state_ids = {"S\u202E0", std::string("S1\0x", 4)};
  RunSummary s;
  s.dyads = {{0, 1, 0, 0, 1, 1}};
  const std::string t = summary_table(sc, s, {1, "out/\x1b]0;title\a", 12});
  CHECK(t.find("Scenario  demo\\x1B[2J\\x07\n") != std::string::npos);
  CHECK(t.find("S\\u{202E}0-S1\\x00x") != std::string::npos);
  CHECK(t.find("Results   out/\\x1B]0;title\\x07\n") != std::string::npos);
  const auto raw_control = [](char c) { return c != '\n' && static_cast<unsigned char>(c) < 0x20; };
  CHECK(std::none_of(t.begin(), t.end(), raw_control));
  CHECK(t.find("\u202E") == std::string::npos);
}
