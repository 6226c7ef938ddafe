// sim/rules/engagement.cpp (docs/ODD.md Section 7.8, engagement {by: set E, target x, intensity sigma}).
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/step.hpp"

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;

// Four states, two axes; E = {0, 1}, target 2, bystander 3; sigma = 0.5.
//   econ = (4, 2, 1, 3) -> Sh = (.4, .2, .1, .3), e = .6
//   a0 = (.4, .2), a1 = (0, .6) -> mean_E a = (.2, .4); a2 = (-.2, -.4); a3 = (.9, .9)
static Scenario four_states() {
  Scenario sc = make_scenario(4, 2);
  sc.capability0.col(0) << 4, 2, 1, 3;
  test::set_alignment(sc, {0.4, 0.2, 0.0, 0.6, -0.2, -0.4, 0.9, 0.9});
  return sc;
}

static const EngagementEvent engage{{0, 1}, 2, 0.5};

TEST_CASE("engagement: economy gain, relations with engagers, pull toward their mean") {
  Bench b(four_states());
  RuleKind<EngagementEvent>::apply(b.input(), engage, 0, b.out);
  const auto& dc = b.out.cap[mechanism_of<EngagementEvent>];
  CHECK(dc(2, 0) == near(0.006));  // sigma k_engage e C = 0.5 * 0.02 * 0.6 * 1
  CHECK(dc(2, 1) == 0.0);
  CHECK(dc.row(0).norm() == 0.0);  // engaging costs nothing in this model
  CHECK(dc.row(3).norm() == 0.0);
  CHECK(b.out.rel(2, 0) == near(0.025));  // sigma rho_engage = 0.5 * 0.05
  CHECK(b.out.rel(2, 1) == near(0.025));
  CHECK(b.out.rel(0, 2) == near(0.025));
  CHECK(b.out.rel(0, 1) == 0.0);
  CHECK(b.out.rel(2, 3) == 0.0);
  // da_x = sigma alpha_engage (mean_E a - a_x) = 0.01 ((.2, .4) - (-.2, -.4)) = (.004, .008)
  const auto& da = b.out.align[mechanism_of<EngagementEvent>];
  CHECK(da(2, 0) == near(0.004));
  CHECK(da(2, 1) == near(0.008));
  CHECK(da.row(0).norm() == 0.0);
  CHECK(da.row(3).norm() == 0.0);
  CHECK(b.out.counts[count_slot<EngagementEvent>("engagements")] == 1.0);
  REQUIRE(b.out.log.size() == 1);
  CHECK(b.out.log[0].kind == "engagement");
}

TEST_CASE("engagement alone in a full step") {
  Scenario sc = four_states();
  test::silence(sc);
  test::add_event(sc, engage);
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  CHECK(w.capability(2, 0) == near(1.006));
  CHECK(w.relations(2, 1) == near(0.025));
  // Soft bound: a' = a + da (1 - a^2): -.2 + .004 * .96, -.4 + .008 * .84
  CHECK(w.alignment(2, 0) == near(-0.19616));
  CHECK(w.alignment(2, 1) == near(-0.39328));
}
