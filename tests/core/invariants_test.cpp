// Invariants that hold in every World of every run (docs/ODD.md Sections 2 and 7.13),
// checked at every tick of random-ish 6-10 state worlds with noise and all event kinds.
#include "support/builders.hpp"
#include "support/check.hpp"

#include "analysis/metrics.hpp"
#include "sim/core/degenerate.hpp"
#include "sim/core/run.hpp"

#include <cmath>

using namespace bpsim;

namespace {

struct Tally {
  int ticks = 0;
  StepCounts counts{};   // summed over the ticks
  int renormalised = 0;  // ticks whose power left a dimension out, so far
};

void check_tick(const TickView& v, Tally& tally) {
  const World& w = v.w;
  const Derived& d = v.d;
  const auto n = static_cast<double>(w.capability.rows());
  const double tol = 1e-12;
  CHECK(w.alignment.minCoeff() >= -1.0);
  CHECK(w.alignment.maxCoeff() <= 1.0);
  CHECK(w.capability.minCoeff() >= 0.0);
  // A dimension's shares sum to 1, or to 0 when it has no total (ODD 7.1); power always to 1.
  for (Eigen::Index k = 0; k < d.share.cols(); ++k) {
    const bool dead = below_divisor(w.capability.col(k).sum());
    CHECK(std::abs(d.share.col(k).sum() - (dead ? 0.0 : 1.0)) < tol);
    if (dead) CHECK(d.weights[k] == 0.0);
  }
  CHECK(std::abs(d.weights.sum() - 1.0) < tol);
  CHECK(std::abs(d.power.sum() - 1.0) < tol);
  CHECK(d.power.minCoeff() >= 0.0);
  CHECK(w.relations == w.relations.transpose());
  CHECK(w.relations.diagonal().cwiseAbs().maxCoeff() == 0.0);
  CHECK(w.relations.minCoeff() >= -1.0);
  CHECK(w.relations.maxCoeff() <= 1.0);
  CHECK(w.arms_dep().minCoeff() >= 0.0);
  CHECK(w.arms_dep().rowwise().sum().maxCoeff() <= 1.0 + tol);
  CHECK(d.score.minCoeff() >= -1.0 - tol);
  CHECK(d.score.maxCoeff() <= 1.0 + tol);
  CHECK(d.threat.minCoeff() >= 0.0);
  CHECK(d.propensity.cwiseAbs().maxCoeff() <= 1.0);
  const WorldMetrics m = world_metrics(v.sc, w, d);
  CHECK(m.concentration >= 0.0);
  CHECK(m.concentration <= 1.0 + tol);
  CHECK(m.effective_poles >= 1.0 - tol);
  CHECK(m.effective_poles <= n);
  CHECK(m.polarization >= 0.0);
  CHECK(m.polarization <= 1.0 + tol);
  CHECK(m.blocs >= 1);
  CHECK(m.blocs <= static_cast<int>(n));
  CHECK(std::abs(m.mean_relation) <= 1.0);
  for (const auto& [a, b] : v.sc.watch) {
    const DyadMetrics dm = dyad_metrics(w, d, a, b);
    CHECK(std::abs(dm.asymmetry) <= 1.0 + tol);
    CHECK(!std::isinf(dm.power_ratio));  // undefined is NaN, never inf
    CHECK(std::isnan(dm.power_ratio) == below_divisor(d.power[b]));
  }
  tally.renormalised = d.renormalised.ticks;
  if (v.last) {
    for (std::size_t c = 0; c < kCountColumns; ++c) tally.counts[c] += v.last->counts[c];
  }
  ++tally.ticks;
}

}  // namespace

TEST_CASE("invariants hold at every tick of random-ish worlds") {
  for (const auto& world :
       {std::pair{6, 1ull}, std::pair{8, 2ull}, std::pair{10, 3ull}, std::pair{7, 4ull}, std::pair{9, 5ull}}) {
    const int n = world.first;  // not structured bindings: clang 14 cannot capture those
    const unsigned long long seed = world.second;
    CAPTURE(n);
    CAPTURE(seed);
    const Scenario sc = test::random_scenario(n, seed, 300);
    Tally tally;
    RunOptions opt;
    opt.seed = seed * 17;
    opt.attribution = true;
    run_scenario(sc, opt, [&](const TickView& v) { check_tick(v, tally); });
    CHECK(tally.ticks == 301);
    // Every kind of event did act (the invariants were tested under all of them): each
    // kind's first count, and the incidents.
    std::size_t first = 0;
    for_each_rule_kind([&](auto k) {
      CAPTURE(decltype(k)::key);
      CHECK(tally.counts[first] > 0);
      first += decltype(k)::counts.size();
    });
    CHECK(tally.counts[count_slot<ExerciseEvent>("incidents")] > 0);
  }
}

TEST_CASE("invariants hold under extreme rates too") {
  // Strong pulls, pivots and shocks: the soft bound and the clamps must hold the line.
  Scenario sc = test::random_scenario(8, 42, 200);
  sc.traits.mu.setConstant(5.0);
  sc.traits.pivot.setConstant(2.0);
  sc.params.sigma_a = 0.5;
  sc.params.shock_inc = 0.8;
  sc.params.rho_sanction = 0.9;
  sc.params.alpha_arms = 20;
  sc.params.k_target = 3;  // sanctions can wipe the target's economy out in one step
  Tally tally;
  RunOptions opt;
  opt.seed = 9;
  run_scenario(sc, opt, [&](const TickView& v) { check_tick(v, tally); });
  CHECK(tally.ticks == 201);
}

TEST_CASE("invariants hold while capability dimensions die") {
  // tech shrinks by 2^-52 a tick (below kMinDivisor from about tick 20), econ by 10^-3 a
  // tick (from about tick 100); mil stays, so power is always defined.
  Scenario sc = test::random_scenario(8, 11, 200);
  sc.traits.growth.col(2).setConstant(-1.0 + 0x1.0p-52);
  sc.traits.growth.col(0).setConstant(-0.999);
  Tally tally;
  RunOptions opt;
  opt.seed = 5;
  run_scenario(sc, opt, [&](const TickView& v) { check_tick(v, tally); });
  CHECK(tally.ticks == 201);
  CHECK(tally.renormalised > 150);
}
