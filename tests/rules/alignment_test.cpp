// sim/rules/alignment.cpp: landscape pull, identity anchor, alignment noise
// (docs/ODD.md Section 7.2: da_i = mu_i sum_{j != i} W[i,j] (a_j - a_i) + kappa_i (home_i - a_i)
// + sigma_a N(0,1)).
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/step.hpp"

#include <cmath>

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;

// Three states, two axes, with a hand-made pull matrix W (the Derived quantity the
// rule reads), so the rule is checked alone:
//   W = [0 .2 .1; .3 0 0; 0 .5 0], mu = (.1, .2, .3), kappa = (.05, 0, .1),
//   a0 = (0, 0), a1 = (1, 0), a2 = (0, -1); home0 = (.2, .2), home1 = a1, home2 = (0, 0).
static Bench hand_pull() {
  Scenario sc = make_scenario(3, 2, {Role::economy});
  test::fill(sc.alignment0, {0, 0, 1, 0, 0, -1});
  test::fill(sc.identity, {0.2, 0.2, 1, 0, 0, 0});
  sc.traits.mu << 0.1, 0.2, 0.3;
  sc.traits.kappa << 0.05, 0, 0.1;
  Bench b(sc);
  b.d.pull.setZero(3, 3);
  test::fill(b.d.pull, {0, 0.2, 0.1, 0.3, 0, 0, 0, 0.5, 0});
  b.d.pull_weight = b.d.pull.rowwise().sum();  // as compute_propensity leaves it
  return b;
}

TEST_CASE("alignment pull: social and identity terms, hand computed") {
  Bench b = hand_pull();
  apply_alignment_pull(b.input(), b.out);
  const auto& social = b.out.align[Mechanism::social];
  const auto& identity = b.out.align[Mechanism::identity];
  // social0 = .1 (.2 (a1 - a0) + .1 (a2 - a0)) = .1 ((.2, 0) + (0, -.1)) = (.02, -.01)
  CHECK(social(0, 0) == near(0.02));
  CHECK(social(0, 1) == near(-0.01));
  // identity0 = .05 ((.2, .2) - (0, 0)) = (.01, .01)
  CHECK(identity(0, 0) == near(0.01));
  CHECK(identity(0, 1) == near(0.01));
  // social1 = .2 * .3 (a0 - a1) = .06 (-1, 0); identity1 = 0 (kappa 0, and at home)
  CHECK(social(1, 0) == near(-0.06));
  CHECK(social(1, 1) == near(0.0));
  CHECK(identity.row(1).norm() == near(0.0));
  // social2 = .3 * .5 (a1 - a2) = .15 (1, 1); identity2 = .1 ((0,0) - (0,-1)) = (0, .1)
  CHECK(social(2, 0) == near(0.15));
  CHECK(social(2, 1) == near(0.15));
  CHECK(identity(2, 0) == near(0.0));
  CHECK(identity(2, 1) == near(0.1));
  // Nothing else is touched.
  CHECK(b.out.align[Mechanism::noise].norm() == 0.0);
  CHECK(b.out.rel.norm() == 0.0);
}

TEST_CASE("alignment pull: the diagonal of W does not move a state toward itself") {
  Bench b = hand_pull();
  b.d.pull(1, 1) = 5.0;  // a_1 - a_1 = 0 whatever W[1,1] is
  b.d.pull_weight = b.d.pull.rowwise().sum();
  apply_alignment_pull(b.input(), b.out);
  CHECK(b.out.align[Mechanism::social](1, 0) == near(-0.06));
}

TEST_CASE("alignment pull in a full step on the hedging world, with the soft bound") {
  // Two states, econ only: p = (0.2, 0.8), a = (0.5, -0.5), hedging 0.5, r = 2 (see
  // derived_test): W01 = 0.8 * 0.75 tanh(0.1) = 0.05980079677497349,
  //            W10 = 0.2 tanh(0.4) = 0.07598979245104498.
  Scenario sc = make_scenario(2, 1, {Role::economy});
  sc.capability0.col(0) << 1, 4;
  test::set_alignment(sc, {0.5, -0.5});
  sc.traits.hedging << 0.5, 0.5;
  test::silence(sc);
  sc.traits.mu << 0.1, 0.1;
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  // da0 = 0.1 * W01 * (-0.5 - 0.5) = -0.005980079677497349; a0' = 0.5 + da0 (1 - 0.25)
  CHECK(w.alignment(0, 0) == near(0.495514940241877));
  // da1 = 0.1 * W10 * (0.5 + 0.5) = 0.007598979245104498; a1' = -0.5 + da1 * 0.75
  CHECK(w.alignment(1, 0) == near(-0.49430076556617164));
}

TEST_CASE("alignment noise: none at sigma_a = 0, sigma_a N(0,1) per state and axis otherwise") {
  Scenario sc = make_scenario(3, 2, {Role::economy});
  Bench b(sc);
  apply_noise(b.input(), b.out);
  CHECK(b.out.align[Mechanism::noise].norm() == 0.0);

  b.sc.params.sigma_a = 0.3;
  b.recompute();
  apply_noise(b.input(), b.out);
  for (int i = 0; i < 3; ++i)
    for (int k = 0; k < 2; ++k)
      CHECK(b.out.align[Mechanism::noise](i, k) == near(0.3 * rng::normal(b.key, 0, rng::alignment_noise, i, k)));
  CHECK(b.out.align[Mechanism::social].norm() == 0.0);  // the noise rule only writes noise
  CHECK(b.out.cap[Mechanism::noise].norm() == 0.0);     // and none on capability at sigma_c = 0

  // Empirical sd over many ticks: 0.3 within 3% (standard error of an sd over 6000
  // draws is about 0.3/sqrt(12000) = 0.0027).
  double sum = 0, sum2 = 0;
  int count = 0;
  for (int t = 0; t < 1000; ++t) {
    b.w.tick = t;
    b.out.reset(3, 1, 2);
    apply_noise(b.input(), b.out);
    const auto noise = b.out.align[Mechanism::noise];
    for (double v : noise.reshaped()) {
      sum += v;
      sum2 += v * v;
      ++count;
    }
  }
  const double mean = sum / count;
  CHECK(std::abs(mean) < 0.015);
  CHECK(std::sqrt(sum2 / count - mean * mean) == doctest::Approx(0.3).epsilon(0.03));
}
