// sim/rules/capability.cpp (docs/ODD.md Section 7.3):
// dC[i,k] = C[i,k] (g[i,k] + sigma_c N(0,1)); military also + C[i,mil] rho_i max_j T[i,j].
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/step.hpp"

#include <cmath>

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;

// Two states, econ and mil; power from econ only (weights 1, 0):
//   C = [1 10; 3 20] -> p = (0.25, 0.75); a = (0.5, -0.5) -> S = 0; R = 0;
//   T01 = 0.75 * 0.5 = 0.375, T10 = 0.25 * 0.5 = 0.125.
static Scenario two_states() {
  Scenario sc = make_scenario(2, 1, {Role::economy, Role::military});
  sc.power_weights << 1, 0;
  test::fill(sc.capability0, {1, 10, 3, 20});
  test::set_alignment(sc, {0.5, -0.5});
  return sc;
}

TEST_CASE("growth alone: dC = C g") {
  Scenario sc = two_states();
  test::fill(sc.traits.growth, {0.01, 0.02, 0.03, -0.01});
  Bench b(sc);
  apply_capability_growth(b.input(), b.out);
  const auto& g = b.out.cap[Mechanism::growth];
  CHECK(g(0, 0) == near(0.01));                          // 1 * 0.01
  CHECK(g(0, 1) == near(0.2));                           // 10 * 0.02
  CHECK(g(1, 0) == near(0.09));                          // 3 * 0.03
  CHECK(g(1, 1) == near(-0.2));                          // 20 * -0.01
  CHECK(b.out.cap[Mechanism::arms_race].norm() == 0.0);  // rho = 0 by default
  CHECK(b.out.cap[Mechanism::noise].norm() == 0.0);      // sigma_c = 0 by default
}

TEST_CASE("Richardson reaction: dC[i,mil] = C[i,mil] rho_i max_j T[i,j]") {
  Scenario sc = two_states();
  sc.traits.arms_reaction << 0.2, 0.4;
  Bench b(sc);
  REQUIRE(b.d.threat(0, 1) == near(0.375));
  apply_capability_growth(b.input(), b.out);
  const auto& r = b.out.cap[Mechanism::arms_race];
  CHECK(r(0, 1) == near(0.75));  // 10 * 0.2 * 0.375
  CHECK(r(1, 1) == near(1.0));   // 20 * 0.4 * 0.125
  CHECK(r(0, 0) == 0.0);         // only the military dimension reacts
  CHECK(r(1, 0) == 0.0);
  CHECK(b.out.cap[Mechanism::growth].norm() == 0.0);
}

TEST_CASE("Richardson reaction takes the largest threat, not the sum") {
  Scenario sc = make_scenario(3, 1, {Role::economy, Role::military});
  sc.power_weights << 1, 0;
  sc.capability0.col(0) << 1, 1, 2;  // p = (0.25, 0.25, 0.5)
  test::set_alignment(sc, {0.0, 1.0, -1.0});
  sc.traits.arms_reaction << 1, 0, 0;
  Bench b(sc);
  // T01 = 0.5 * (1 - 0)/2 = 0.25 (S01 = 0); T02 = (0.5/0.75) * 0.5 = 1/3 -> max 1/3.
  apply_capability_growth(b.input(), b.out);
  CHECK(b.out.cap[Mechanism::arms_race](0, 1) == near(1.0 / 3.0));  // C = 1, rho = 1
}

TEST_CASE("no military dimension: no Richardson reaction") {
  Scenario sc = make_scenario(2, 1, {Role::economy, Role::technology});
  test::set_alignment(sc, {0.5, -0.5});
  sc.traits.arms_reaction << 1, 1;
  Bench b(sc);
  apply_capability_growth(b.input(), b.out);
  CHECK(b.out.cap[Mechanism::arms_race].norm() == 0.0);
}

TEST_CASE("capability noise: C sigma_c N(0,1), zero for a zero capability") {
  Scenario sc = two_states();
  sc.capability0(0, 0) = 0;
  sc.params.sigma_c = 0.05;
  Bench b(sc);
  double sum = 0, sum2 = 0;
  int count = 0;
  for (int t = 0; t < 2000; ++t) {
    b.w.tick = t;
    b.out.reset(2, 2, 1);
    apply_noise(b.input(), b.out);
    const auto& n = b.out.cap[Mechanism::noise];
    CHECK(n(0, 0) == 0.0);
    // Relative noise dC/C is sigma_c N(0,1): pool the three nonzero cells.
    for (const auto& [i, k] : {std::pair{0, 1}, std::pair{1, 0}, std::pair{1, 1}}) {
      const double z = n(i, k) / (b.w.capability(i, k) * 0.05);
      sum += z;
      sum2 += z * z;
      ++count;
    }
  }
  const double mean = sum / count;
  CHECK(std::abs(mean) < 0.06);  // 4 standard errors of 6000 N(0,1)
  CHECK(sum2 / count - mean * mean == doctest::Approx(1.0).epsilon(0.06));
}

TEST_CASE("noise: both arrays in one pass are the draws of each on its own, bit for bit") {
  Scenario sc = make_scenario(11, 3);  // 22 + 22 blocks: a chunk holds both arrays
  sc.params.sigma_a = 0.02;
  sc.params.sigma_c = 0.01;
  Bench b(sc);
  b.w.tick = 7;
  apply_noise(b.input(), b.out);
  const auto& da = b.out.align[Mechanism::noise];
  const auto& dc = b.out.cap[Mechanism::noise];
  REQUIRE(dc.rows() == 11);
  for (Eigen::Index i = 0; i < da.rows(); ++i) {
    for (Eigen::Index k = 0; k < da.cols(); ++k)
      CHECK(da(i, k) == 0.02 * rng::normal(b.key, 7, rng::alignment_noise, int(i), int(k)));
    for (Eigen::Index k = 0; k < dc.cols(); ++k)
      CHECK(dc(i, k) == (b.w.capability(i, k) * 0.01) * rng::normal(b.key, 7, rng::capability_noise, int(i), int(k)));
  }
  // Only the noise mechanism, only where its sigma is not zero.
  CHECK(b.out.cap[Mechanism::growth].norm() == 0.0);
  b.out.reset(11, 3, 3);
  b.sc.params.sigma_a = 0;
  apply_noise(b.input(), b.out);
  CHECK(b.out.align[Mechanism::noise].norm() == 0.0);
  CHECK(b.out.cap[Mechanism::noise].norm() > 0.0);
}

TEST_CASE("growth in a full step: C' = C (1 + g), clamped at 0") {
  Scenario sc = two_states();
  test::silence(sc);
  test::fill(sc.traits.growth, {0.1, -2.0, 0.0, 0.05});
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  CHECK(w.capability(0, 0) == near(1.1));  // 1 * 1.1
  CHECK(w.capability(0, 1) == 0.0);        // 10 - 20 clamped to 0
  CHECK(w.capability(1, 0) == near(3.0));
  CHECK(w.capability(1, 1) == near(21.0));  // 20 * 1.05
}
