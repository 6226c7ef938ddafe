// sim/core/attribution.cpp: where each state's change came from.
//   d_alignment[i,m] = || da_m,i (1 - a_i^2) ||   (the mechanism's own bounded step)
//   d_power[i,m]     = sum_k w_k (dC_m[i,k]/T_k - C[i,k] sum_j dC_m[j,k]/T_k^2)
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/step.hpp"

#include <cmath>

using namespace bpsim;
using bpsim::test::make_scenario;
using bpsim::test::near;

static Eigen::VectorXd power_of(const Scenario& sc, const Eigen::MatrixXd& capability) {
  Derived d;
  compute_shares(sc, capability, d);
  return d.power;
}

TEST_CASE("a sanctions-only world attributes the target's power loss to sanctions") {
  // Two states, economy only: C = (6, 4), Sh = (.6, .4); state 0 sanctions 1 at sigma 1.
  //   dC1 = -1 * 0.05 * 0.6 * 4 = -0.12 (target), dC0 = -1 * 0.01 * 0.4 * 6 = -0.024 (cost)
  //   T = 10, dT = -0.144
  //   dp1 = -0.12/10 - 4 * (-0.144)/100 = -0.012 + 0.00576 = -0.00624; dp0 = +0.00624
  Scenario sc = make_scenario(2, 1, {Role::economy});
  sc.capability0.col(0) << 6, 4;
  test::set_alignment(sc, {0.5, -0.5});
  test::silence(sc);
  test::add_event(sc, SanctionsEvent{{0}, 1, 1.0});
  World w = make_world(sc, 1);
  Workspace ws;
  ws.attribute = true;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  const Attribution& at = ws.attribution;
  CHECK(at.d_power(1, mechanism_of<SanctionsEvent>) == near(-0.00624));
  CHECK(at.d_power(0, mechanism_of<SanctionsEvent>) == near(0.00624));
  // Pivot: away from the coalition, da1 = -1 * 0.02 = -0.02, bounded -0.02 * 0.75 = -0.015.
  CHECK(at.d_alignment(1, mechanism_of<SanctionsEvent>) == near(0.015));
  CHECK(at.d_alignment(0, mechanism_of<SanctionsEvent>) == 0.0);
  for (int m = 0; m < n_mechanisms; ++m) {
    if (m == mechanism_of<SanctionsEvent>) continue;
    CAPTURE(m);
    CHECK(at.d_power.col(m).norm() == 0.0);
    CHECK(at.d_alignment.col(m).norm() == 0.0);
  }
}

// A busy 4-state world where every mechanism does something in the first step.
static Scenario busy() {
  Scenario sc = make_scenario(4, 2);
  test::fill(sc.capability0, {4, 3, 2, 2, 2, 1, 1, 1, 3, 3, 1, 1});
  test::set_alignment(sc, {0.5, 0.1, -0.4, 0.3, 0.2, -0.6, -0.1, 0.7});
  sc.identity.setZero();
  sc.dependence0[dependence_channel<ArmsSaleEvent>](2, 1) = 0.5;
  sc.params.sigma_a = 0.02;
  sc.params.sigma_c = 0.01;
  sc.params.eta_ex = 0.05;
  sc.traits.arms_reaction.setConstant(0.1);
  sc.traits.growth.col(0) << 0.01, 0.02, -0.01, 0.03;
  test::add_event(sc, SanctionsEvent{{0, 3}, 2, 0.8});
  test::add_event(sc, ArmsSaleEvent{1, 2, 0.2, ArmsPolicy::always, 0});
  test::add_event(sc, ExerciseEvent{{1, 2}, 0.7});
  test::add_event(sc, EngagementEvent{{0}, 3, 0.6});
  return sc;
}

TEST_CASE("per-mechanism d_power sums to the first-order change of power") {
  const Scenario sc = busy();
  World w = make_world(sc, 4);
  Workspace ws;
  ws.attribute = true;
  init_workspace(sc, w, ws);
  gather_deltas(sc, w, ws);
  attribute_changes(sc, w, ws.derived, ws.deltas, ws.attribution);
  Eigen::MatrixXd dc = Eigen::MatrixXd::Zero(4, 3);
  for (int m = 0; m < n_mechanisms; ++m) dc += ws.deltas.cap[m];
  // The directional derivative of p along dC, by a central difference (error O(h^2)).
  const double h = 1e-5;
  const Eigen::VectorXd fd = (power_of(sc, w.capability + h * dc) - power_of(sc, w.capability - h * dc)) / (2 * h);
  const Eigen::VectorXd total = ws.attribution.d_power.rowwise().sum();
  for (int i = 0; i < 4; ++i) CHECK(total[i] == near(fd[i], 1e-8));
  // Power sums to 1, so each mechanism's changes sum to 0 over the states.
  for (int m = 0; m < n_mechanisms; ++m) {
    CAPTURE(m);
    CHECK(ws.attribution.d_power.col(m).sum() == near(0.0));
  }
  // And every mechanism with a capability delta did register.
  for (Mechanism m :
       {Mechanism::growth, Mechanism::arms_race, mechanism_of<SanctionsEvent>, mechanism_of<ArmsSaleEvent>,
        mechanism_of<ExerciseEvent>, mechanism_of<EngagementEvent>, Mechanism::noise}) {
    CAPTURE(m);
    CHECK(ws.attribution.d_power.col(m).norm() > 0.0);
  }
}

TEST_CASE("d_alignment is zero for a mechanism that did nothing") {
  Scenario sc = busy();
  sc.events.erase(sc.events.begin() + 1, sc.events.end());  // sanctions only
  sc.params.sigma_a = 0;
  World w = make_world(sc, 4);
  Workspace ws;
  ws.attribute = true;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  const Attribution& at = ws.attribution;
  for (Mechanism m : {mechanism_of<ArmsSaleEvent>, mechanism_of<ExerciseEvent>, mechanism_of<EngagementEvent>,
                      Mechanism::noise, Mechanism::growth, Mechanism::arms_race}) {
    CAPTURE(m);
    CHECK(at.d_alignment.col(m).norm() == 0.0);
  }
  CHECK(at.d_alignment(2, mechanism_of<SanctionsEvent>) > 0.0);  // the target pivots
  CHECK(at.d_alignment.col(Mechanism::social).norm() > 0.0);
  CHECK(at.d_alignment.col(Mechanism::identity).norm() > 0.0);
}

TEST_CASE("d_alignment is the norm of the bounded step of the mechanism") {
  // Engagement alone, two axes: da_x = 0.6 * 0.02 * (a_0 - a_3) = 0.012 ((0.5, 0.1) - (-0.1, 0.7))
  //   = (0.0072, -0.0072); bounded by (1 - a^2) = (0.99, 0.51): (0.007128, -0.003672).
  Scenario sc = busy();
  sc.events.erase(sc.events.begin(), sc.events.begin() + 3);  // engagement only
  World w = make_world(sc, 4);
  Workspace ws;
  ws.attribute = true;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  CHECK(ws.attribution.d_alignment(3, mechanism_of<EngagementEvent>) == near(std::hypot(0.007128, 0.003672)));
}
