// Model v2's rules (docs/ODD.md, Model versions), against hand-computed values: the
// latent alignment step, the identity spring on the latent coordinate, saturating relation
// shocks, threat from the military balance, the pivot toward the substitute partners.
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/latent.hpp"
#include "sim/core/step.hpp"

#include <cmath>

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;
using bpsim::test::set_sym;

namespace {

Scenario v2(Scenario sc) {
  sc.model = ModelVersion::v2;
  return sc;
}

// One summed alignment delta da on state 0, axis 0, through apply_deltas.
double stepped(const Scenario& sc, double a, double da) {
  World w = make_world(sc, 1);
  w.alignment(0, 0) = a;
  Deltas dl;
  dl.reset(sc.n_states(), sc.n_cap(), sc.n_axes());
  dl.align[Mechanism::noise](0, 0) = da;
  apply_deltas(sc, dl, w);
  return w.alignment(0, 0);
}

}  // namespace

TEST_CASE("v2 alignment: a <- tanh(atanh(a) + da), where v1 takes a + da (1 - a^2), clamped") {
  const Scenario one = make_scenario(2, 1);
  CHECK(stepped(v2(one), 0.5, 0.3) == near(0.6907068098446205));  // tanh(atanh .5 + .3)
  CHECK(stepped(one, 0.5, 0.3) == near(0.725));                   // .5 + .3 * .75
  // At the bound v1 is absorbed (1 - a^2 = 0); v2 starts a = 1 at the latent cap and moves.
  CHECK(stepped(one, 1.0, -0.5) == 1.0);
  CHECK(stepped(v2(one), 1.0, -0.5) == near(0.9999999887944072));  // tanh(10 - .5)
  CHECK(stepped(v2(one), 1.0, -3.0) == near(std::tanh(7.0)));
  // No step reaches +-1: a huge push stops at the cap.
  CHECK(stepped(v2(one), 0.0, 1e6) == std::tanh(kLatentCap));
  CHECK(stepped(v2(one), 0.0, -1e6) == -std::tanh(kLatentCap));
  CHECK(std::tanh(kLatentCap) < 1.0);
  CHECK(latent_of(coordinate_of(3.25)) == near(3.25, 1e-12));
}

TEST_CASE("v2 identity: kappa (atanh(home) - atanh(a)), a spring that grows toward the bounds") {
  Scenario sc = make_scenario(2, 1);
  sc.identity(0, 0) = 0.2;
  sc.alignment0(0, 0) = 0.9;
  Bench b1(sc);
  apply_alignment_pull(b1.input(), b1.out);
  CHECK(b1.out.align[Mechanism::identity](0, 0) == near(0.05 * (0.2 - 0.9)));
  Bench b2(v2(sc));
  apply_alignment_pull(b2.input(), b2.out);
  CHECK(b2.out.align[Mechanism::identity](0, 0) == near(-0.06347434677645691));
  // The social pull is the same expression in both versions.
  CHECK(b2.out.align[Mechanism::social](0, 0) == near(b1.out.align[Mechanism::social](0, 0)));
}

TEST_CASE("v2 relations: the summed shocks close their fraction of the gap to the bound they move toward") {
  Scenario sc = make_scenario(3, 1);
  set_sym(sc.relations0, 0, 1, 0.8);
  set_sym(sc.relations0, 0, 2, -0.5);
  Bench b(v2(sc));
  b.out.add_relation(0, 1, 0.3);
  b.out.add_relation(0, 1, -0.1);
  b.out.add_relation(0, 2, -0.4);
  b.out.add_relation(1, 2, 0.5);
  saturate_relation_shocks(b.input(), b.out);
  CHECK(b.out.rel(0, 1) == near(0.2 * (1 - 0.8)));   // net +0.2: F (1 - R)
  CHECK(b.out.rel(0, 2) == near(-0.4 * (1 - 0.5)));  // net -0.4: F (1 + R), R = -0.5
  CHECK(b.out.rel(1, 2) == near(0.5));               // R = 0: unchanged
  CHECK(b.out.rel(1, 0) == b.out.rel(0, 1));
  CHECK(b.out.rel.diagonal().isZero());
  // Repeated cooperation approaches +1 and never reaches it: R_t = 1 - 0.2 (1 - 0.3)^t.
  Scenario quiet = v2(make_scenario(2, 1));
  test::silence(quiet);
  set_sym(quiet.relations0, 0, 1, 0.8);
  Bench q(quiet);
  for (int t = 0; t < 200; ++t) {
    q.out.add_relation(0, 1, 0.3);
    saturate_relation_shocks(q.input(), q.out);
    apply_deltas(q.sc, q.out, q.w);
    q.recompute();
  }
  CHECK(q.w.relations(0, 1) < 1.0);
  CHECK(q.w.relations(0, 1) == near(1.0 - 0.2 * std::pow(0.7, 200), 1e-15));
}

TEST_CASE("v2 relations in a step: drift and saturated shocks, where v1 adds the shocks as given") {
  Scenario sc = make_scenario(2, 1);
  test::silence(sc);
  sc.params.lambda_R = 0.1;
  test::set_alignment(sc, {0.5, -0.5});  // S = 0
  set_sym(sc.relations0, 0, 1, 0.6);
  test::add_event(sc, ExerciseEvent{{0, 1}, 1.0});  // +rho_ex x = +0.02
  for (const ModelVersion m : {ModelVersion::v1, ModelVersion::v2}) {
    sc.model = m;
    World w = make_world(sc, 1);
    Workspace ws;
    init_workspace(sc, w, ws);
    step(sc, w, ws);
    const double shock = m == ModelVersion::v1 ? 0.02 : 0.02 * (1 - 0.6);
    CHECK(w.relations(0, 1) == near(0.6 + 0.1 * (0 - 0.6) + shock));
  }
}

TEST_CASE("v2 threat: q from the military balance, not total power") {
  Scenario sc = make_scenario(2, 1);
  test::fill(sc.capability0, {4, 1, 1,    //
                              1, 3, 1});  // econ, mil, tech
  test::set_alignment(sc, {0.5, -0.5});   // S = 0, (1 - S)/2 = 0.5
  Bench b1(sc), b2(v2(sc));
  // v1: p = (.8 + .25 + .5, .2 + .75 + .5) / 3 = (1.55, 1.45) / 3; q[0,1] = p1/(p0 + p1) = 1.45/3
  CHECK(b1.d.threat(0, 1) == near(0.5 * (1.45 / 3) / (3.0 / 3.0)));
  // v2: q[0,1] = mil_1/(mil_0 + mil_1) = 3/4, q[1,0] = 1/4
  CHECK(b2.d.threat(0, 1) == near(0.5 * 0.75));
  CHECK(b2.d.threat(1, 0) == near(0.5 * 0.25));
  // Without a military dimension v2 weighs threat by power, as v1.
  Scenario econ = make_scenario(2, 1, {Role::economy});
  test::fill(econ.capability0, {3, 1});
  test::set_alignment(econ, {0.5, -0.5});
  Bench e1(econ), e2(v2(econ));
  CHECK(e2.d.threat(0, 1) == e1.d.threat(0, 1));
}

// Five states on one axis as in sanctions_test.cpp: coalition {0, 1} on target 2 at -0.5,
// substitutes 3 (at 0, weight v3 = .14/3) and 4 (at -0.8, v4 = .225/3).
TEST_CASE("v2 pivot: toward the substitutes' weighted position, never past it") {
  Scenario sc = make_scenario(5, 1);
  test::fill(sc.capability0, {4, 1, 5, 2, 1, 3, 1, 1, 2, 2, 1, 0, 1, 1, 0});
  test::set_alignment(sc, {0.8, 0.6, -0.5, 0.0, -0.8});
  const SanctionsEvent ev{{0, 1}, 2, 0.5};
  const double target = (0.14 * 0.0 + 0.225 * -0.8) / 0.365;  // -0.49315...
  sc.traits.pivot[2] = 1.0;                                   // rate min(0.5 * 1, 1) = 0.5
  Bench b(v2(sc));
  RuleKind<SanctionsEvent>::apply(b.input(), ev, 0, b.out);
  CHECK(b.out.align[mechanism_of<SanctionsEvent>](2, 0) == near(0.5 * (target + 0.5)));
  // A rate above 1 closes exactly the whole gap.
  b.sc.traits.pivot[2] = 10.0;
  b.recompute();
  RuleKind<SanctionsEvent>::apply(b.input(), ev, 0, b.out);
  CHECK(b.out.align[mechanism_of<SanctionsEvent>](2, 0) == near(target + 0.5));
  // v1 pushes away from the coalition's mean (0.7) at a constant size sigma pi = 5.
  Bench b1(sc);
  b1.sc.traits.pivot[2] = 10.0;
  b1.recompute();
  RuleKind<SanctionsEvent>::apply(b1.input(), ev, 0, b1.out);
  CHECK(b1.out.align[mechanism_of<SanctionsEvent>](2, 0) == near(-5.0));
}

TEST_CASE("v2 repulsion fades with distance: W = p_j min(P,0) (1 + S)/2 where P < 0, unchanged where P > 0") {
  Scenario sc = make_scenario(2, 1);
  test::set_alignment(sc, {0.5, -0.5});  // d = 1 = dmax/2: S = 0, (1 + S)/2 = 1/2
  sc.params.w_h = 0;                     // P = tanh(-beta T) = tanh(-0.25), T = q (1 - S)/2 = 0.5 * 0.5
  Bench b1(sc), b2(v2(sc));
  REQUIRE(b1.d.propensity(0, 1) == near(std::tanh(-0.25)));
  REQUIRE(b2.d.propensity(0, 1) == near(std::tanh(-0.25)));
  CHECK(b1.d.pull(0, 1) == near(0.5 * std::tanh(-0.25)));
  CHECK(b2.d.pull(0, 1) == near(0.5 * std::tanh(-0.25) * 0.5));
  CHECK(b2.d.pull_weight[0] == near(b2.d.pull(0, 1)));
  // Attraction is the same in both versions.
  sc.params.w_h = 2;  // P = tanh(2 * 0.5 - 0.25) > 0
  Bench a1(sc), a2(v2(sc));
  REQUIRE(a1.d.propensity(0, 1) > 0);
  CHECK(a2.d.pull(0, 1) == a1.d.pull(0, 1));
}

TEST_CASE("v2 noise and identity still move a state at the bound, where v1 freezes it") {
  Scenario sc = make_scenario(2, 1);
  test::silence(sc);
  sc.params.sigma_a = 0.02;
  sc.alignment0(0, 0) = 1.0;  // a coordinate written at the bound
  sc.identity(0, 0) = 0.0;
  sc.traits.kappa.setConstant(0.05);
  for (const ModelVersion m : {ModelVersion::v1, ModelVersion::v2}) {
    sc.model = m;
    World w = make_world(sc, 3);
    Workspace ws;
    init_workspace(sc, w, ws);
    double lowest = 1.0;
    for (int t = 0; t < 200; ++t) {
      step(sc, w, ws);
      lowest = std::min(lowest, w.alignment(0, 0));
    }
    if (m == ModelVersion::v1) {
      CHECK(lowest == 1.0);  // 1 - a^2 = 0 scales noise and the identity pull to nothing
    } else {
      CHECK(lowest < 0.99);  // z shrinks by 5% a tick from 10: within 0.99 (z < 2.65) after about 26 ticks
      CHECK(w.alignment(0, 0) < 1.0);
    }
  }
}

// Seller 0 (econ 10, mil 4, tech 3) and buyer 1 (econ 5, mil 2, tech 1); volume 0.1 of the
// buyer's military ordered per tick; lag L = 4.
namespace {
Scenario arms_pair(ArmsPolicy policy, double threshold = 0.25) {
  Scenario sc = make_scenario(2, 1);
  test::fill(sc.capability0, {10, 4, 3,   //
                              5, 2, 1});  // econ, mil, tech
  test::set_alignment(sc, {0.5, -0.5});   // S = 0: a threat T[0,1] > 0
  test::silence(sc);
  sc.params.arms_lag = 4;
  test::add_event(sc, ArmsSaleEvent{0, 1, 0.1, policy, threshold});
  return v2(sc);
}
}  // namespace

TEST_CASE("v2 arms: the buyer orders v C[b,mil] and the book starts full and delivers 1/L of itself per tick") {
  Scenario sc = arms_pair(ArmsPolicy::always);
  Bench b(sc);
  REQUIRE(uses_order_book(sc));
  CHECK(b.w.orders(0, 1) == near(4 * 0.1 * 2));  // L v C[b,mil]: the book whose deliveries equal its orders
  CHECK(b.w.orders(1, 0) == 0.0);
  deliver_orders(b.input(), b.out);
  const double m = 0.8 / 4, u = m / 2;  // delivered units, and their share of the buyer's military
  const auto mech = mechanism_of<ArmsSaleEvent>;
  CHECK(b.out.cap[mech](1, 1) == near(m * 1.0));                                  // quality 1
  CHECK(b.out.cap[mech](0, 0) == near(m * 0.5));                                  // price 0.5
  CHECK(b.out.cap[mech](1, 2) == near(u * 0.1 * (3 - 1)));                        // phi 0.1 times the technology gap
  CHECK(b.out.rel(0, 1) == near(1.0 * u));                                        // rho_arms u
  CHECK(b.out.procured[dependence_channel<ArmsSaleEvent>](1) == near(0.05 * 2));  // psi C[b,mil]
  CHECK(b.out.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1);
  RuleKind<ArmsSaleEvent>::apply(b.input(), std::get<ArmsSaleEvent>(sc.events[0].rule), 0, b.out);
  REQUIRE(b.out.orders.size() == 1);
  CHECK(b.out.orders[0].amount == near(0.1 * 2));
  // v1 delivers v C[s,mil] at once and keeps no book.
  Scenario one = sc;
  one.model = ModelVersion::v1;
  CHECK_FALSE(uses_order_book(one));
  CHECK(make_world(one, 1).orders.size() == 0);
}

TEST_CASE("v2 arms: a blocked order signs nothing new but the book still delivers (1 - 1/L) less each tick") {
  const Scenario sc = arms_pair(ArmsPolicy::security_check, 0.0);  // T[0,1] > 0 blocks every order
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  double book = 0.8;
  for (int t = 0; t < 6; ++t) {
    CHECK(w.orders(0, 1) == near(book));
    step(sc, w, ws);
    CHECK(ws.deltas.orders.empty());
    CHECK(ws.deltas.counts[count_slot<ArmsSaleEvent>("blocked_sales")] == 1);
    CHECK(ws.deltas.counts[count_slot<ArmsSaleEvent>("deliveries")] == 1);
    book -= book / 4;
  }
  CHECK(w.orders(0, 1) == near(0.8 * std::pow(0.75, 6)));
  // With every order passing, the book stays where it started (orders = deliveries at t0).
  const Scenario open = arms_pair(ArmsPolicy::always);
  World o = make_world(open, 1);
  Workspace wo;
  init_workspace(open, o, wo);
  step(open, o, wo);
  CHECK(o.orders(0, 1) == near(0.8));
}

TEST_CASE("v2 arms dependence: a share of total procurement, below 1 when the buyer produces arms itself") {
  Scenario sc = arms_pair(ArmsPolicy::always);
  sc.params.procurement = 0.5;  // the buyer procures 0.5 C[b,mil] = 1 per tick; imports 0.2 of it
  sc.params.quality = 0;        // hold C[b,mil] at 2
  sc.params.price = 0;
  for (const ModelVersion m : {ModelVersion::v1, ModelVersion::v2}) {
    const std::string_view name = model_name(m);
    CAPTURE(name);
    Scenario s = sc;
    s.model = m;
    World w = make_world(s, 1);
    Workspace ws;
    init_workspace(s, w, ws);
    step(s, w, ws);
    // One step: M <- (1 - lambda_M) 0 + lambda_M m / max(m, psi C[b,mil]); v1 m / m.
    CHECK(w.arms_dep()(1, 0) == near(m == ModelVersion::v1 ? 0.1 : 0.1 * 0.2 / 1.0));
    for (int t = 1; t < 200; ++t) step(s, w, ws);
    if (m == ModelVersion::v1) CHECK(w.arms_dep()(1, 0) == near(1.0, 1e-6));
    else CHECK(w.arms_dep()(1, 0) == near(0.2, 1e-6));  // imports 0.2 of procurement 1
  }
}
