// sim/rules/sanctions.cpp (docs/ODD.md Section 7.5, sanctions {by: coalition S, target x, intensity sigma}).
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/step.hpp"

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;

// Five states, one axis (dmax 2, so S = 1 - |a_i - a_j|), econ/mil/tech, uniform weights.
// Coalition S = {0, 1}, target x = 2, non-participants 3 and 4; sigma = 0.5.
//   econ = (4, 2, 1, 2, 1)  -> Sh_econ = (.4, .2, .1, .2, .1)
//   mil  = (1, 1, 1, 1, 1)  -> Sh_mil  = .2 each
//   tech = (5, 3, 2, 0, 0)  -> Sh_tech = (.5, .3, .2, 0, 0)
//   p = (1.1, .7, .5, .4, .3) / 3
//   a = (.8, .6, -.5, 0, -.8)
static Scenario five_states() {
  Scenario sc = make_scenario(5, 1);
  test::fill(sc.capability0, {4, 1, 5,  //
                              2, 1, 3,  //
                              1, 1, 2,  //
                              2, 1, 0,  //
                              1, 1, 0});
  test::set_alignment(sc, {0.8, 0.6, -0.5, 0.0, -0.8});
  return sc;
}

static const SanctionsEvent coalition_on_2{{0, 1}, 2, 0.5};

TEST_CASE("sanctions: capability damage to target and cost to sanctioners") {
  Bench b(five_states());
  REQUIRE(b.d.power[3] == near(0.4 / 3));
  RuleKind<SanctionsEvent>::apply(b.input(), coalition_on_2, 0, b.out);
  const auto& dc = b.out.cap[mechanism_of<SanctionsEvent>];
  // e = Sh[0,econ] + Sh[1,econ] = 0.6
  CHECK(dc(2, 0) == near(-0.015));  // -sigma k_target e C = -0.5 * 0.05 * 0.6 * 1
  CHECK(dc(2, 2) == near(-0.03));   // -sigma k_tech e C   = -0.5 * 0.05 * 0.6 * 2
  CHECK(dc(2, 1) == 0.0);           // military untouched
  CHECK(dc(0, 0) == near(-0.002));  // -sigma k_cost Sh[x,econ] C = -0.5 * 0.01 * 0.1 * 4
  CHECK(dc(1, 0) == near(-0.001));  // -0.5 * 0.01 * 0.1 * 2
  CHECK(dc(0, 2) == 0.0);           // sanctioners pay in economy only
  CHECK(dc.row(3).norm() == 0.0);   // non-participants untouched
  CHECK(dc.row(4).norm() == 0.0);
  CHECK(b.out.counts[count_slot<SanctionsEvent>("sanctions")] == 1.0);
}

TEST_CASE("sanctions: relation damage with the coalition, trade diversion to the others") {
  Bench b(five_states());
  RuleKind<SanctionsEvent>::apply(b.input(), coalition_on_2, 0, b.out);
  const auto& dR = b.out.rel;
  CHECK(dR(2, 0) == near(-0.025));  // -sigma rho_sanction = -0.5 * 0.05
  CHECK(dR(2, 1) == near(-0.025));
  CHECK(dR(0, 2) == dR(2, 0));  // symmetric
  // v_j = p_j (1 - mean_S S[j,s]) / 2:
  //   S30 = 1 - .8 = .2, S31 = 1 - .6 = .4  -> mean .3 -> v3 = (.4/3) * .35 = .14/3
  //   S40 = 1 - 1.6 = -.6, S41 = 1 - 1.4 = -.4 -> mean -.5 -> v4 = (.3/3) * .75 = .225/3
  // dR[x,j] = sigma rho_divert v_j / sum(v) = 0.025 * .14/.365 and 0.025 * .225/.365.
  CHECK(dR(2, 3) == near(0.009589041095890413));
  CHECK(dR(2, 4) == near(0.015410958904109592));
  CHECK(dR(3, 2) == dR(2, 3));
  // Nothing between the others.
  CHECK(dR(0, 1) == 0.0);
  CHECK(dR(3, 4) == 0.0);
  CHECK(dR(0, 3) == 0.0);
}

TEST_CASE("sanctions: the target pivots away from the coalition's mean position") {
  // Two axes: dmax 2 sqrt 2. Coalition {0} at (.3, .4), target 1 at (0, 0), pivot 0.1.
  Scenario sc = make_scenario(3, 2);
  test::set_alignment(sc, {0.3, 0.4, 0.0, 0.0, -0.5, 0.5});
  sc.traits.pivot << 0.0, 0.1, 0.0;
  Bench b(sc);
  RuleKind<SanctionsEvent>::apply(b.input(), SanctionsEvent{{0}, 1, 0.5}, 0, b.out);
  const auto& da = b.out.align[mechanism_of<SanctionsEvent>];
  // away = a_x - mean_S a = (-.3, -.4), norm .5, unit (-.6, -.8); sigma pi = .05.
  CHECK(da(1, 0) == near(-0.03));
  CHECK(da(1, 1) == near(-0.04));
  CHECK(da.row(0).norm() == 0.0);  // the coalition does not move
  CHECK(da.row(2).norm() == 0.0);
}

TEST_CASE("sanctions: no pivot when the target sits at the coalition's mean") {
  Scenario sc = make_scenario(3, 2);
  test::set_alignment(sc, {0.3, 0.4, -0.3, -0.4, 0.0, 0.0});  // mean of {0, 1} = a_2
  Bench b(sc);
  RuleKind<SanctionsEvent>::apply(b.input(), SanctionsEvent{{0, 1}, 2, 1.0}, 0, b.out);
  CHECK(b.out.align[mechanism_of<SanctionsEvent>].norm() == 0.0);
  CHECK(b.out.align[mechanism_of<SanctionsEvent>].allFinite());
}

TEST_CASE("sanctions at intensity 0 change nothing but the count and the log") {
  Bench b(five_states());
  RuleKind<SanctionsEvent>::apply(b.input(), SanctionsEvent{{0, 1}, 2, 0.0}, 0, b.out);
  CHECK(b.out.cap[mechanism_of<SanctionsEvent>].norm() == 0.0);
  CHECK(b.out.rel.norm() == 0.0);
  CHECK(b.out.align[mechanism_of<SanctionsEvent>].norm() == 0.0);
  REQUIRE(b.out.log.size() == 1);
  CHECK(b.out.log[0].kind == "sanctions");
  CHECK(b.out.log[0].actors == "S0;S1>S2");
}

TEST_CASE("sanctions alone in a full step: C' = C + dC") {
  Scenario sc = five_states();
  test::silence(sc);
  test::add_event(sc, coalition_on_2);
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  CHECK(w.capability(2, 0) == near(0.985));  // 1 - 0.015
  CHECK(w.capability(2, 2) == near(1.97));   // 2 - 0.03
  CHECK(w.capability(0, 0) == near(3.998));  // 4 - 0.002
  CHECK(w.capability(1, 0) == near(1.999));  // 2 - 0.001
  CHECK(w.relations(2, 0) == near(-0.025));
  CHECK(w.relations(2, 4) == near(0.015410958904109592));
  // The pivot moves the target away from mean(.8, .6) = .7: da = -0.5 * 0.02 = -0.01,
  // soft-bounded: a' = -0.5 - 0.01 * (1 - 0.25) = -0.5075.
  CHECK(w.alignment(2, 0) == near(-0.5075));
  CHECK(w.alignment(3, 0) == near(0.0));
}
