// sim/rules/arms_sales.cpp (docs/ODD.md Section 7.6, arms sales {seller s, buyer b, volume v, policy, tau}).
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/step.hpp"

#include <string>

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;

// Three states, one axis, econ/mil/tech; power from econ only (weights 1, 0, 0):
//   econ = (2, 2, 1) -> p = (.4, .4, .2);  mil = (10, 4, 1);  tech = (6, 1, 3)
//   a = (.5, -.5, 0) -> S01 = 0; theta = (1, 3, 1); R = 0.
//   T[0,1] = 1 * 1 * (.4/.8) * (1 - 0)/2 * 1 = 0.25 exactly (seller 0's view of buyer 1);
//   T[1,0] = 3 * 0.25 = 0.75 (the buyer's view, which must not matter).
//   M[1,0] = 0.4, M[1,2] = 0.5.
static Scenario three_states() {
  Scenario sc = make_scenario(3, 1);
  sc.power_weights << 1, 0, 0;
  test::fill(sc.capability0, {2, 10, 6,  //
                              2, 4, 1,   //
                              1, 1, 3});
  test::set_alignment(sc, {0.5, -0.5, 0.0});
  sc.traits.theta << 1, 3, 1;
  sc.dependence0[dependence_channel<ArmsSaleEvent>](1, 0) = 0.4;
  sc.dependence0[dependence_channel<ArmsSaleEvent>](1, 2) = 0.5;
  return sc;
}

static ArmsSaleEvent sale(int s, int b, ArmsPolicy policy, double tau) { return ArmsSaleEvent{s, b, 0.1, policy, tau}; }

TEST_CASE("arms sale delivered: capabilities, relations, pull, deliveries") {
  Bench b(three_states());
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::always, 0.25), 0, b.out);
  const auto& dc = b.out.cap[mechanism_of<ArmsSaleEvent>];
  // m = v C[s,mil] = 0.1 * 10 = 1
  CHECK(dc(1, 1) == near(1.0));   // buyer military += m quality = 1 * 1
  CHECK(dc(0, 0) == near(0.5));   // seller economy += m price = 1 * 0.5
  CHECK(dc(1, 2) == near(0.05));  // buyer tech += v phi (6 - 1) = 0.1 * 0.1 * 5
  CHECK(dc(0, 1) == 0.0);         // the seller keeps its own military
  CHECK(dc(1, 0) == 0.0);
  CHECK(dc.row(2).norm() == 0.0);
  CHECK(b.out.rel(0, 1) == near(0.1));  // rho_arms v = 1 * 0.1
  CHECK(b.out.rel(1, 0) == near(0.1));
  // da_b = alpha_arms v M[b,s] (a_s - a_b) = 1 * 0.1 * 0.4 * (0.5 + 0.5) = 0.04
  CHECK(b.out.align[mechanism_of<ArmsSaleEvent>](1, 0) == near(0.04));
  CHECK(b.out.align[mechanism_of<ArmsSaleEvent>](0, 0) == 0.0);
  CHECK(b.out.flows[dependence_channel<ArmsSaleEvent>].amount(0, 1) == near(1.0));  // [seller, buyer]
  CHECK(b.out.flows[dependence_channel<ArmsSaleEvent>].amount(1, 0) == 0.0);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1.0);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("blocked_sales")] == 0.0);
}

TEST_CASE("arms sale: the alignment pull is proportional to M[b,s]") {
  Scenario sc = three_states();
  sc.dependence0[dependence_channel<ArmsSaleEvent>](1, 0) = 0.0;
  Bench b(sc);
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::always, 0), 0, b.out);
  CHECK(b.out.align[mechanism_of<ArmsSaleEvent>].norm() == 0.0);  // no dependence, no pull

  b.sc.dependence0[dependence_channel<ArmsSaleEvent>](1, 0) = 0.8;
  b.refresh();
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::always, 0), 0, b.out);
  CHECK(b.out.align[mechanism_of<ArmsSaleEvent>](1, 0) == near(0.08));  // 0.1 * 0.8 * 1
}

TEST_CASE("arms sale: technology transfers only on a positive gap") {
  Bench b(three_states());
  // Seller 2 (tech 3) to buyer 0 (tech 6): gap max(3 - 6, 0) = 0.
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(2, 0, ArmsPolicy::always, 0), 0, b.out);
  const auto& dc = b.out.cap[mechanism_of<ArmsSaleEvent>];
  CHECK(dc(0, 2) == 0.0);
  CHECK(dc(0, 1) == near(0.1));   // m = 0.1 * C[2,mil] = 0.1
  CHECK(dc(2, 0) == near(0.05));  // price 0.5 * 0.1
  // Seller 2 (tech 3) to buyer 1 (tech 1): gap 2 -> 0.1 * 0.1 * 2 = 0.02.
  b.recompute();
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(2, 1, ArmsPolicy::always, 0), 0, b.out);
  CHECK(b.out.cap[mechanism_of<ArmsSaleEvent>](1, 2) == near(0.02));
}

TEST_CASE("security check passes at the threshold: T[s,b] <= tau") {
  Bench b(three_states());
  REQUIRE(b.d.threat(0, 1) == 0.25);  // exactly, see three_states()
  REQUIRE(b.d.threat(1, 0) == near(0.75));
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::security_check, 0.25), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1.0);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("blocked_sales")] == 0.0);
  CHECK(b.out.flows[dependence_channel<ArmsSaleEvent>].amount(0, 1) == near(1.0));
}

TEST_CASE("security check blocks just below the threshold, and logs why") {
  Bench b(three_states());
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::security_check, 0.2499), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 0.0);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("blocked_sales")] == 1.0);
  // Nothing delivered: no capability, relation, alignment or dependence change.
  for (int m = 0; m < n_mechanisms; ++m) {
    CHECK(b.out.cap[m].norm() == 0.0);
    CHECK(b.out.align[m].norm() == 0.0);
  }
  CHECK(b.out.rel.norm() == 0.0);
  CHECK(b.out.flows[dependence_channel<ArmsSaleEvent>].amount.norm() == 0.0);
  REQUIRE(b.out.log.size() == 1);
  CHECK(b.out.log[0].kind == "blocked_sale");
  CHECK(b.out.log[0].actors == "S0;S1");
  CHECK(b.out.log[0].tick == 0);
  CHECK(b.out.log[0].detail.find("threshold") != std::string::npos);
  CHECK(b.out.log[0].detail.find("0.2500") != std::string::npos);  // the threat that blocked
}

TEST_CASE("security check reads the seller's threat perception, not the buyer's") {
  Bench b(three_states());
  // Buyer 1 sells to 0: T[1,0] = 0.75 > 0.5 blocks; T[0,1] = 0.25 would have passed.
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(1, 0, ArmsPolicy::security_check, 0.5), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("blocked_sales")] == 1.0);
  b.recompute();
  // Policy `always` ignores the threat.
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(1, 0, ArmsPolicy::always, 0.0), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1.0);
}

TEST_CASE("status_quo check: sell while T[s,b] is at most its value in the initial world") {
  Bench b(three_states());
  // At tick 0 the threat equals its initial value 0.25: the sale passes.
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::status_quo, 0.0), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1.0);
  // The buyer gains economy (power): p = (2, 3, 1)/6, q[0,1] = 3/5, T[0,1] = 0.3 > 0.25.
  b.w.capability(1, 0) = 3;
  b.recompute();
  REQUIRE(b.d.threat(0, 1) == near(0.3));
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::status_quo, 0.0), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("blocked_sales")] == 1.0);
  REQUIRE(b.out.log.size() == 1);
  CHECK(b.out.log[0].detail == "seller's threat perception of buyer 0.3000 > its initial value 0.2500");
  // It loses it (q = 1/3, T = 1/6 < 0.25): the sale passes again. The threshold field is unused.
  b.w.capability(1, 0) = 1;
  b.recompute();
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::status_quo, 99.0), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1.0);
  // The reference follows the scenario's initial world (a --set of tick 0), not the run.
  b.sc.capability0(1, 0) = 3;
  b.recompute();
  RuleKind<ArmsSaleEvent>::apply(b.input(), sale(0, 1, ArmsPolicy::status_quo, 0.0), 0, b.out);
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1.0);  // T 1/6 <= initial 0.3
}

TEST_CASE("status_quo check: a run keeps the initial world's threat, bit for bit the tick-0 threat") {
  Scenario sc = three_states();
  test::add_event(sc, sale(0, 1, ArmsPolicy::status_quo, 0.0));
  REQUIRE(uses_status_quo(sc));
  World w = make_world(sc, 1);
  Workspace ws;
  ws.derived.initial_threat = Eigen::MatrixXd::Constant(7, 7, 9.0);  // left by another scenario's run
  init_workspace(sc, w, ws);
  REQUIRE(ws.derived.initial_threat.rows() == 3);
  CHECK((ws.derived.initial_threat.array() == ws.derived.threat.array()).all());  // tick 0: the same numbers
  step(sc, w, ws);
  CHECK(ws.derived.initial_threat(0, 1) == 0.25);  // kept through the run
  CHECK(run_sizes(sc).references == 1);
  // Without a status_quo check nothing is kept.
  Scenario plain = three_states();
  test::add_event(plain, sale(0, 1, ArmsPolicy::security_check, 0.25));
  init_workspace(plain, make_world(plain, 1), ws);
  CHECK(ws.derived.initial_threat.size() == 0);
  CHECK(run_sizes(plain).references == 0);
}

TEST_CASE("arms sale alone in a full step, then the dependence update") {
  Scenario sc = three_states();
  test::silence(sc);
  test::add_event(sc, sale(0, 1, ArmsPolicy::security_check, 0.25));
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  CHECK(w.capability(1, 1) == near(5.0));   // 4 + 1
  CHECK(w.capability(0, 0) == near(2.5));   // 2 + 0.5
  CHECK(w.capability(1, 2) == near(1.05));  // 1 + 0.05
  CHECK(w.capability(0, 1) == near(10.0));
  CHECK(w.relations(0, 1) == near(0.1));
  // a1' = -0.5 + 0.04 (1 - 0.25) = -0.47
  CHECK(w.alignment(1, 0) == near(-0.47));
  // Buyer 1 got everything from 0: M[1,0] = 0.9 * 0.4 + 0.1 * 1 = 0.46, M[1,2] = 0.9 * 0.5.
  CHECK(w.arms_dep()(1, 0) == near(0.46));
  CHECK(w.arms_dep()(1, 2) == near(0.45));
  CHECK(ws.deltas.log.size() == 1);
  CHECK(ws.deltas.log[0].kind == "arms_sale");
}
