// analysis/metrics.cpp (docs/ODD.md Section 7.13).
#include "support/builders.hpp"
#include "support/check.hpp"

#include "analysis/metrics.hpp"

#include <cmath>

using namespace bpsim;
using bpsim::test::near;

using bpsim::test::vec;

TEST_CASE("concentration CON = sqrt((sum p^2 - 1/N) / (1 - 1/N))") {
  CHECK(concentration(vec({0.25, 0.25, 0.25, 0.25})) == near(0.0));  // equal powers
  CHECK(concentration(vec({1, 0, 0, 0})) == near(1.0));              // one state has all
  // sum p^2 = 0.5: sqrt((0.5 - 0.25) / 0.75) = sqrt(1/3)
  CHECK(concentration(vec({0.5, 0.5, 0, 0})) == near(0.5773502691896257));
  // N = 2, p = (0.7, 0.3): sum p^2 = 0.58; sqrt(0.08 / 0.5) = 0.4
  CHECK(concentration(vec({0.7, 0.3})) == near(0.4));
}

TEST_CASE("effective number of poles 1 / sum p^2") {
  CHECK(effective_poles(vec({0.25, 0.25, 0.25, 0.25})) == near(4.0));
  CHECK(effective_poles(vec({0.5, 0.5, 0, 0})) == near(2.0));
  CHECK(effective_poles(vec({1, 0, 0})) == near(1.0));
  CHECK(effective_poles(vec({0.7, 0.3})) == near(1.0 / 0.58));
}

TEST_CASE("polarization: mean pairwise distance over dmax") {
  // One axis, dmax 2, a = (1, -1, 0): d01 = 2, d02 = 1, d12 = 1 -> mean 4/3 -> 2/3.
  Scenario sc = test::make_scenario(3, 1, {Role::economy});
  test::set_alignment(sc, {1, -1, 0});
  test::Bench b(sc);
  CHECK(polarization(b.d.distance, sc.dmax()) == near(2.0 / 3.0));
  // Everyone at the same point: 0.
  test::set_alignment(b.sc, {0.3, 0.3, 0.3});
  b.refresh();
  CHECK(polarization(b.d.distance, b.sc.dmax()) == near(0.0));
}

TEST_CASE("bloc count: components of the graph S >= s_bloc") {
  // 6 states: 0-1 (0.6) and 1-2 (0.5, exactly at the threshold) chain into one bloc
  // even though S02 = -0.2; 3-4 at 0.49 stay apart; 5 is alone.
  Eigen::MatrixXd S = Eigen::MatrixXd::Constant(6, 6, -0.5);
  S.diagonal().setOnes();
  test::set_sym(S, 0, 1, 0.6);
  test::set_sym(S, 1, 2, 0.5);
  test::set_sym(S, 0, 2, -0.2);
  test::set_sym(S, 3, 4, 0.49);
  CHECK(bloc_count(S, 0.5) == 4);   // {0,1,2}, {3}, {4}, {5}
  CHECK(bloc_count(S, 0.45) == 3);  // {0,1,2}, {3,4}, {5}
  CHECK(bloc_count(S, 0.55) == 5);  // {0,1}, {2}, {3}, {4}, {5}
  CHECK(bloc_count(S, -1.0) == 1);
  CHECK(bloc_count(S, 1.01) == 6);
}

TEST_CASE("dyad metrics: asymmetry, power ratio (incl. p_b = 0), and the raw entries") {
  Scenario sc = test::make_scenario(3, 1, {Role::economy});
  sc.capability0.col(0) << 3, 1, 0;  // p = (0.75, 0.25, 0)
  test::set_alignment(sc, {0.5, -0.5, 0.5});
  test::set_sym(sc.relations0, 0, 1, -0.3);
  sc.dependence0[dependence_channel<ArmsSaleEvent>](0, 1) = 0.2;
  sc.dependence0[dependence_channel<ArmsSaleEvent>](1, 0) = 0.6;
  test::Bench b(sc);
  const DyadMetrics m = dyad_metrics(b.w, b.d, 0, 1);
  CHECK(m.asymmetry == near(0.5));  // (0.75 - 0.25) / 1
  CHECK(m.power_ratio == near(3.0));
  CHECK(m.alignment == near(0.0));  // S = 1 - |1|
  CHECK(m.relation == near(-0.3));
  // T01 = 0.25 * 0.5 * (1 - 0) = 0.125; T10 = 0.75 * 0.5 = 0.375
  CHECK(m.threat_ab == near(0.125));
  CHECK(m.threat_ba == near(0.375));
  CHECK(m.dep_ab[dependence_channel<ArmsSaleEvent>] == near(0.2));
  CHECK(m.dep_ba[dependence_channel<ArmsSaleEvent>] == near(0.6));

  const DyadMetrics z = dyad_metrics(b.w, b.d, 0, 2);  // p_b = 0: the ratio is undefined, never inf
  CHECK(z.asymmetry == near(1.0));
  CHECK(std::isnan(z.power_ratio));
  const DyadMetrics r = dyad_metrics(b.w, b.d, 2, 0);
  CHECK(r.asymmetry == near(-1.0));
  CHECK(r.power_ratio == near(0.0));
}

TEST_CASE("dyad metrics when both powers are 0: asymmetry and ratio undefined (NaN)") {
  Scenario sc = test::make_scenario(3, 1, {Role::economy});
  sc.capability0.col(0) << 1, 0, 0;
  test::Bench b(sc);
  const DyadMetrics m = dyad_metrics(b.w, b.d, 1, 2);
  CHECK(std::isnan(m.asymmetry));
  CHECK(std::isnan(m.power_ratio));
}

TEST_CASE("world metrics of a built world") {
  // Four states, one axis, economy only: p = (0.4, 0.4, 0.1, 0.1); a = (1, 0.8, -1, -0.8):
  // blocs {0,1} (S = 0.8) and {2,3}; S12 = 1 - 1.8 = -0.8.
  Scenario sc = test::make_scenario(4, 1, {Role::economy});
  sc.capability0.col(0) << 4, 4, 1, 1;
  test::set_alignment(sc, {1, 0.8, -1, -0.8});
  test::set_sym(sc.relations0, 0, 1, 0.6);
  test::set_sym(sc.relations0, 2, 3, -0.3);
  test::Bench b(sc);
  const WorldMetrics m = world_metrics(b.sc, b.w, b.d);
  // sum p^2 = 0.34: CON = sqrt((0.34 - 0.25) / 0.75) = sqrt(0.12); poles = 1/0.34
  CHECK(m.concentration == near(std::sqrt(0.12)));
  CHECK(m.effective_poles == near(1.0 / 0.34));
  // distances: .2, 2, 1.8, 1.8, 1.6, .2 -> sum 7.6, mean 7.6/6, / dmax 2
  CHECK(m.polarization == near(7.6 / 12.0));
  CHECK(m.blocs == 2);
  CHECK(m.mean_relation == near(0.3 / 6.0));  // (0.6 - 0.3) over 6 dyads
}
