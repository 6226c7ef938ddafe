// The descriptors' defaults (sim/model/parameters.hpp, traits.hpp), typed again here
// on purpose: they must be MODEL.md's "Default values" table, number for number.
#include "support/check.hpp"

#include "sim/model/scenario.hpp"  // Schedule, Scenario

using namespace bpsim;

TEST_CASE("trait defaults are MODEL.md's") {
  const TraitDefaults t;
  CHECK(t.kappa == 0.05);
  CHECK(t.mu == 0.1);
  CHECK(t.eps == 0.5);
  CHECK(t.theta == 1.0);
  CHECK(t.beta == 1.0);
  CHECK(t.hedging == 0.0);
  CHECK(t.tolerance == 2.0);
  CHECK(t.arms_reaction == 0.0);
  CHECK(t.pivot == 0.02);
  CHECK(t.growth.empty());  // growth 0
}

TEST_CASE("parameter defaults are MODEL.md's") {
  const Parameters p;
  CHECK(p.w_h == 1);
  CHECK(p.w_r == 1);
  CHECK(p.w_c == 1);
  CHECK(p.w_t == 1);
  CHECK(p.tau_h == 0.05);
  CHECK(p.lambda_R == 0.02);
  CHECK(p.lambda_M == 0.1);
  CHECK(p.k_target == 0.05);
  CHECK(p.k_tech == 0.05);
  CHECK(p.k_cost == 0.01);
  CHECK(p.rho_sanction == 0.05);
  CHECK(p.rho_divert == 0.05);
  CHECK(p.quality == 1);
  CHECK(p.price == 0.5);
  CHECK(p.phi == 0.1);
  CHECK(p.rho_arms == 1);
  CHECK(p.alpha_arms == 1);
  CHECK(p.rho_ex == 0.02);
  CHECK(p.alpha_ex == 0.02);
  CHECK(p.eta_ex == 0);
  CHECK(p.rho_3rd == 0.01);
  CHECK(p.q_inc == 0.05);
  CHECK(p.shock_inc == 0.05);
  CHECK(p.k_engage == 0.02);
  CHECK(p.rho_engage == 0.05);
  CHECK(p.alpha_engage == 0.02);
  CHECK(p.sigma_a == 0);
  CHECK(p.sigma_c == 0);
  CHECK(p.s_bloc == 0.5);  // MODEL.md "Metrics logged": bloc threshold default 0.5
}

TEST_CASE("schedule defaults: from 0, until the end, every tick") {
  const Schedule s;
  CHECK(s.from == 0);
  CHECK(s.until == -1);
  CHECK(s.every == 1);
}

TEST_CASE("dmax = 2 sqrt(D), the diameter of [-1,1]^D") {
  Scenario sc;
  sc.alignment_axes = {"a"};
  CHECK(sc.dmax() == 2.0);
  sc.alignment_axes = {"a", "b", "c", "d"};
  CHECK(sc.dmax() == 4.0);
  sc.alignment_axes = {"a", "b"};
  CHECK(sc.dmax() == test::near(2.8284271247461903));
}
