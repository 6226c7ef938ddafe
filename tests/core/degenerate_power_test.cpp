// Power when a capability dimension has no total (ODD 7.1): the weights renormalised
// over the dimensions that still have one, counted per run and noticed once; no
// dimension left: the run fails. Metrics of undefined quantities are NaN, never inf.
#include "support/builders.hpp"
#include "support/check.hpp"

#include "analysis/metrics.hpp"
#include "sim/core/degenerate.hpp"
#include "sim/core/run.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using namespace bpsim;
using bpsim::test::near;

namespace {

// 1 - 2^-52: C + g C = 2^-52 C exactly, so a capability of 1 is 2^(-52 t) at tick t.
constexpr double kDying = -1.0 + 0x1.0p-52;

// Three states, econ (2, 1, 1) and mil (1, 1, 0), equal weights, nothing moving but
// mil shrinking by 2^-52 per tick: its total 2^(1 - 52 t) is normal up to tick 19,
// 2^-1039 (denormal) at tick 20 and 0 from tick 21 on.
Scenario dying_military(int ticks) {
  Scenario sc = test::make_scenario(3, 1, {Role::economy, Role::military});
  test::silence(sc);
  sc.ticks = ticks;
  sc.capability0 << 2, 1, 1, 1, 1, 0;
  sc.traits.growth.col(1).setConstant(kDying);
  return sc;
}

std::vector<std::string>& notices() {
  static std::vector<std::string> seen;
  return seen;
}

void collect(const std::string& message) { notices().push_back(message); }

// Notices go to `collect` for the lifetime of the guard.
struct NoticeGuard {
  NoticeGuard() {
    notices().clear();
    set_derived_notice(&collect);
  }
  ~NoticeGuard() { set_derived_notice(nullptr); }
};

using bpsim::test::vec;

}  // namespace

TEST_CASE("a dimension without a total gives its weight to the others: 3 states, mil dies") {
  Scenario sc = dying_military(30);
  const NoticeGuard guard;
  std::vector<Eigen::VectorXd> power;
  PowerRenormalisation last;
  run_scenario(sc, RunOptions{}, [&](const TickView& v) {
    power.push_back(v.d.power);
    last = v.d.renormalised;
  });
  REQUIRE(power.size() == 31);
  // Ticks 0..19: Sh_econ = (1/2, 1/4, 1/4), Sh_mil = (1/2, 1/2, 0), w = (1/2, 1/2).
  for (int t = 0; t < 20; ++t) {
    CAPTURE(t);
    CHECK(power[t][0] == near(0.5));
    CHECK(power[t][1] == near(0.375));
    CHECK(power[t][2] == near(0.125));
  }
  // From tick 20 mil's total (2^-1039, then 0) is below kMinDivisor: w = (1, 0).
  for (int t = 20; t <= 30; ++t) {
    CAPTURE(t);
    CHECK(power[t][0] == near(0.5));
    CHECK(power[t][1] == near(0.25));
    CHECK(power[t][2] == near(0.25));
    CHECK(power[t].sum() == near(1.0));
  }
  CHECK(last.ticks == 11);  // ticks 20..30
  CHECK(last.first_tick == 20);
  CHECK(last.first_dim == 1);
  REQUIRE(notices().size() == 1);  // once per run
  CHECK(notices()[0] ==
        "tick 20: capability dimension 'mil' has no total left (0 or below 2.2250738585072014e-308 summed "
        "over the states), so its power weight goes to 'econ' while it has none; the run counts such ticks "
        "(power_renormalised in manifest.json)");
}

TEST_CASE("the record of renormalised ticks starts again with each run and on a reused workspace") {
  Scenario sc = dying_military(25);
  const NoticeGuard guard;
  Workspace ws;
  RunOptions opt;
  opt.workspace = &ws;
  for (std::uint64_t run = 0; run < 2; ++run) {
    opt.run = run;
    PowerRenormalisation last;
    run_scenario(sc, opt, [&](const TickView& v) { last = v.d.renormalised; });
    CHECK(last.ticks == 6);  // ticks 20..25
    CHECK(last.first_tick == 20);
    CHECK(last.run == run);
  }
  CHECK(notices().size() == 2);  // one per run
}

TEST_CASE("world metrics stay in range while a dimension is dead: poles <= N, CON in [0, 1]") {
  Scenario sc = dying_military(25);
  run_scenario(sc, RunOptions{}, [&](const TickView& v) {
    const WorldMetrics m = world_metrics(v.sc, v.w, v.d);
    CHECK(m.effective_poles <= 3.0);
    CHECK(m.effective_poles >= 1.0);
    CHECK(m.concentration >= 0.0);
    CHECK(m.concentration <= 1.0);
    if (v.w.tick >= 20) {  // p = (1/2, 1/4, 1/4): sum p^2 = 3/8
      CHECK(m.effective_poles == near(8.0 / 3.0));
      CHECK(m.concentration == near(std::sqrt((0.375 - 1.0 / 3.0) / (2.0 / 3.0))));
      const DyadMetrics d = dyad_metrics(v.w, v.d, 0, 1);
      CHECK(d.power_ratio == near(2.0));
      CHECK(d.asymmetry == near(1.0 / 3.0));
    }
  });
}

TEST_CASE("no dimension with a power weight left: the run fails naming the tick") {
  Scenario sc = dying_military(30);
  sc.power_weights << 0.0, 1.0;  // only mil counts, and it dies at tick 20
  const NoticeGuard guard;
  CHECK_THROWS_WITH_AS(
      run_scenario(sc, RunOptions{}, nullptr),
      "tick 20: power is undefined: no capability dimension with a power weight has a total left ('mil' "
      "summed over the states: 0 or below 2.2250738585072014e-308), and threat and pull need power; lower "
      "the negative growth rates or the sanctions that wipe these capabilities out",
      std::runtime_error);
  CHECK(notices().empty());
}

TEST_CASE("compute_shares alone: undefined power is NaN, weights 0, -0.0 and denormal totals have none") {
  Scenario sc = test::make_scenario(3, 1, {Role::economy, Role::military});
  Derived d;
  Eigen::MatrixXd c(3, 2);
  c << -0.0, 1e-320, -0.0, 0.0, -0.0, 1e-320;
  compute_shares(sc, c, d);
  CHECK_FALSE(d.power_defined);
  CHECK(d.dims_left_out == 2);
  CHECK(d.weights == Eigen::VectorXd::Zero(2));
  for (Eigen::Index i = 0; i < 3; ++i) CHECK(std::isnan(d.power[i]));
  const WorldMetrics m{concentration(d.power), effective_poles(d.power), 0, 0, 0};
  CHECK(std::isnan(m.concentration));
  CHECK(std::isnan(m.effective_poles));

  c.col(0) << 3, 1, 0;  // econ alive: w = (1, 0)
  compute_shares(sc, c, d);
  CHECK(d.power_defined);
  CHECK(d.dims_left_out == 1);
  CHECK(d.power[0] == near(0.75));
  CHECK(d.power[1] == near(0.25));
  CHECK(d.power[2] == 0.0);
}

TEST_CASE("a column total that overflows is shared out after scaling: shares still sum to 1") {
  Scenario sc = test::make_scenario(3, 1, {Role::economy});
  Derived d;
  Eigen::MatrixXd c(3, 1);
  c << 1e308, 1e308, 1e308;  // the sum 3e308 overflows to inf
  compute_shares(sc, c, d);
  CHECK(d.power[0] == near(1.0 / 3.0));
  CHECK(d.power.sum() == near(1.0));
}

TEST_CASE("ratios with a zero or denormal denominator are NaN, never inf") {
  Scenario sc = test::make_scenario(3, 1, {Role::economy});
  test::Bench b(sc);
  b.d.power = vec({0.5, 1e-310, 0.0});
  const DyadMetrics denormal = dyad_metrics(b.w, b.d, 0, 1);
  CHECK(std::isnan(denormal.power_ratio));  // 0.5 / 1e-310 would be inf
  CHECK(denormal.asymmetry == near(1.0));   // (0.5 - tiny) / (0.5 + tiny)
  const DyadMetrics both = dyad_metrics(b.w, b.d, 1, 2);
  CHECK(std::isnan(both.power_ratio));
  CHECK(std::isnan(both.asymmetry));                                // denominator 1e-310
  CHECK(dyad_metrics(b.w, b.d, 1, 0).power_ratio == 1e-310 / 0.5);  // a denormal numerator is fine
  CHECK(std::isnan(ratio_or_nan(1.0, 0.0)));
  CHECK(std::isnan(ratio_or_nan(1.0, -0.0)));
  CHECK(std::isnan(ratio_or_nan(1.0, 4e-320)));
  CHECK(ratio_or_nan(1.0, kMinDivisor) == 1.0 / kMinDivisor);
}

TEST_CASE("effective poles never exceed N, even by round-off") {
  int above = 0;  // equal shares 1/n whose 1 / sum p^2 rounds above n (17, 21, ... in double)
  for (int n = 2; n <= 30; ++n) {
    const Eigen::VectorXd equal = Eigen::VectorXd::Constant(n, 1.0 / n);
    above += 1.0 / equal.squaredNorm() > n ? 1 : 0;
    CHECK(effective_poles(equal) <= n);
    CHECK(effective_poles(equal) == near(n));
  }
  CHECK(above > 0);  // the round-off the min absorbs does occur
  CHECK(std::isnan(effective_poles(vec({0.0, 0.0, 0.0}))));
  CHECK(std::isnan(effective_poles(vec({1e-200, 0.0}))));  // sum of squares underflows
}
