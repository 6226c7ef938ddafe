// Paired comparison: common random numbers, exact branching, statistics.
#include "sim/drivers/compare.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

using namespace bpsim;

namespace {

Scenario shipped(const std::string& name) {
  return load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/" + name,
                       {{"parameters.sigma_a", "0.03"}, {"parameters.sigma_c", "0.01"}});
}

}  // namespace

TEST_CASE("first_tick_apart: bands must stay apart to the end") {
  CHECK(first_tick_apart({0, 0, 0, 0}, {1, 1, 1, 1}, {0.5, 2, 0.5, 2}, {0.9, 3, 0.9, 3}) == 3);
  CHECK(first_tick_apart({0, 0, 0}, {1, 1, 1}, {2, 2, 2}, {3, 3, 3}) == 0);
  CHECK(first_tick_apart({0, 0, 0}, {1, 1, 1}, {2, 2, 0.5}, {3, 3, 3}) == -1);
  CHECK(first_tick_apart({0, 0, 2}, {1, 1, 3}, {0.5, -2, -2}, {3, -1, -1}) == 1);  // b below a
}

TEST_CASE("a scenario compared with itself differs by exactly zero in every pair") {
  const Scenario sc = shipped("pivot_to_asia_2014.yaml");
  Scenario same = sc;
  same.name = "copy";
  CompareOptions opt;
  opt.runs = 6;
  opt.ticks = 10;
  opt.seed = 2;
  const CompareResult r = run_compare({sc, same}, opt);
  REQUIRE(!r.outcomes.empty());
  for (const OutcomeComparison& c : r.outcomes) {
    CAPTURE(c.outcome);
    CHECK(c.diff[1].mean == 0.0);
    CHECK(c.var_paired[1] == 0.0);
    CHECK(c.share_higher[1] == 0.5);
    CHECK(c.values[0] == c.values[1]);
  }
}

TEST_CASE("common random numbers: paired differences vary far less than unpaired ones") {
  CompareOptions opt;
  opt.runs = 30;
  opt.seed = 7;
  opt.threads = 2;
  opt.outcomes = {"dyad:RUS:CHN:alignment@last", "state:RUS:power@last"};
  const CompareResult r = run_compare({shipped("no_sanctions_2014.yaml"), shipped("pivot_to_asia_2014.yaml")}, opt);
  for (const OutcomeComparison& c : r.outcomes) {
    CAPTURE(c.outcome);
    CHECK(c.var_paired[1] * 2 < c.var_unpaired[1]);
    MESSAGE("variance gain " << c.var_unpaired[1] / c.var_paired[1]);
  }
  // Sanctions pull Russia toward China in (nearly) every pair, as the story test says.
  CHECK(r.outcomes[0].diff[1].lo > 0);
  CHECK(r.outcomes[0].share_higher[1] >= 0.9);
  CHECK(r.outcomes[1].diff[1].hi < 0);  // and cost Russia power
}

TEST_CASE("the result does not depend on the thread count") {
  CompareOptions opt;
  opt.runs = 5;
  opt.ticks = 12;
  opt.threads = 1;
  const std::vector<Scenario> scs = {shipped("no_sanctions_2014.yaml"), shipped("us_wedge.yaml")};
  const std::string one = compare_csv(run_compare(scs, opt));
  opt.threads = 3;
  CHECK(compare_csv(run_compare(scs, opt)) == one);
}

TEST_CASE("branching at tick 0 equals running from tick 0, later, histories agree up to T") {
  const std::vector<Scenario> scs = {shipped("no_sanctions_2014.yaml"), shipped("pivot_to_asia_2014.yaml")};
  CompareOptions opt;
  opt.runs = 4;
  opt.ticks = 30;
  opt.outcomes = {"dyad:RUS:CHN:alignment@last", "dyad:RUS:CHN:alignment@at(16)"};
  const CompareResult direct = run_compare(scs, opt);
  opt.branch_at = 0;
  const CompareResult b0 = run_compare(scs, opt);
  CHECK(b0.outcomes[0].values == direct.outcomes[0].values);
  // Sanctions start at tick 17: branching at 16 changes nothing either.
  opt.branch_at = 16;
  const CompareResult b16 = run_compare(scs, opt);
  CHECK(b16.outcomes[0].values == direct.outcomes[0].values);
  CHECK(b16.outcomes[1].values[0] == b16.outcomes[1].values[1]);  // same history at tick 16
}

TEST_CASE("compare refuses outcomes and branches that do not fit every scenario") {
  Scenario base = shipped("pivot_to_asia_2014.yaml");
  Scenario tiny = load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/classroom_three_powers.yaml");
  CompareOptions opt;
  opt.runs = 2;
  opt.outcomes = {"dyad:RUS:CHN:alignment@last"};
  CHECK_THROWS_WITH_AS(run_compare({base, tiny}, opt),
                       doctest::Contains("outcome 'dyad:RUS:CHN:alignment@last': unknown state id"),
                       std::invalid_argument);
  opt.outcomes = {"world:blocs@last"};
  opt.branch_at = 3;
  CHECK_THROWS_WITH_AS(run_compare({base, tiny}, opt), doctest::Contains("cannot continue from"),
                       std::invalid_argument);
}

TEST_CASE("compare series: the last tick of an @last outcome's series is the outcome itself") {
  const Scenario base = shipped("no_sanctions_2014.yaml");
  const Scenario alt = shipped("pivot_to_asia_2014.yaml");
  CompareOptions opt;
  opt.runs = 8;
  opt.seed = 4;
  opt.outcomes = {"dyad:RUS:CHN:alignment@last", "dyad:RUS:CHN:alignment@mean"};
  const CompareResult r = run_compare({base, alt}, opt);
  const OutcomeComparison& c = r.outcomes[0];
  REQUIRE(c.band.size() == 2);
  REQUIRE(c.band[1].size() == static_cast<std::size_t>(r.ticks) + 1);
  const std::size_t last = static_cast<std::size_t>(r.ticks);
  for (std::size_t s = 0; s < 2; ++s) {
    CHECK(c.band[s][last].mean == doctest::Approx(c.mean[s].mean).epsilon(1e-14));
    CHECK(c.band[s][last].n == opt.runs);
    CHECK(c.band[s][last].p5 <= c.band[s][last].p50);
    CHECK(c.band[s][last].p50 <= c.band[s][last].p95);
  }
  CHECK(c.diff_band[1][last].mean == doctest::Approx(c.diff[1].mean).epsilon(1e-14));
  CHECK(c.diff_band[1][last].lo == doctest::Approx(c.diff[1].lo).epsilon(1e-14));
  // Before the sanctions start (tick 17) the two scenarios are the same run exactly.
  CHECK(c.diff_band[1][5].mean == 0.0);
  CHECK(c.diff_band[0][last].mean == 0.0);
  // An @mean outcome's series is the same metric: same bands as the @last one.
  CHECK(r.outcomes[1].band[1][last].mean == c.band[1][last].mean);
  const std::string csv = compare_series_csv(r);
  CHECK(csv.rfind("outcome,scenario,tick,mean,p5,p25,p50,p75,p95,diff,diff_lo,diff_hi\n", 0) == 0);
  // 2 outcomes x 2 scenarios x (ticks + 1) rows plus the header.
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 2 * 2 * (r.ticks + 1) + 1);
  CHECK(csv.find("nan") == std::string::npos);
}

TEST_CASE("compare.csv: an undefined statistic is an empty field, never nan") {
  // One replicate: no variance, no CI; the base row has no difference, share or gain.
  const Scenario base = shipped("no_sanctions_2014.yaml");
  const Scenario alt = shipped("pivot_to_asia_2014.yaml");
  CompareOptions opt;
  opt.runs = 1;
  opt.ticks = 5;
  opt.outcomes = {"world:blocs@last"};
  const CompareResult r = run_compare({base, alt}, opt);
  REQUIRE(std::isnan(r.outcomes[0].var_paired[1]));
  const std::string csv = compare_csv(r);
  CHECK(csv.find("nan") == std::string::npos);
  CHECK(csv.find("inf") == std::string::npos);
  std::istringstream in(csv);
  std::string header, base_row, alt_row;
  std::getline(in, header);
  std::getline(in, base_row);
  std::getline(in, alt_row);
  CHECK(header ==
        "outcome,scenario,runs_defined,mean,ci_lo,ci_hi,diff,diff_ci_lo,diff_ci_hi,share_higher,var_paired,"
        "var_unpaired,bands_apart_from");
  // Base: mean and diff (0) are defined; the 1-run CI, share, variances are not.
  const std::string b = fmt::format("{}", r.outcomes[0].mean[0].mean);
  CHECK(base_row == "world:blocs@last," + r.scenarios[0] + ",1," + b + ",,,0,0,0,,,,-1");
  const std::string a = fmt::format("{}", r.outcomes[0].mean[1].mean);
  const std::string d = fmt::format("{}", r.outcomes[0].diff[1].mean);
  const std::string share = fmt::format("{}", r.outcomes[0].share_higher[1]);
  CHECK(alt_row.rfind("world:blocs@last," + r.scenarios[1] + ",1," + a + ",,," + d + ",,," + share + ",,,", 0) == 0);
}
