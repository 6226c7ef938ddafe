// sim/core/step.cpp: applying the summed deltas (docs/ODD.md Sections 3 and 7.10), synchrony,
// and the event schedule.
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/step.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

using namespace bpsim;
using bpsim::test::make_scenario;
using bpsim::test::near;

namespace {

struct Applied {
  Scenario sc;
  World w;
  Deltas dl;
  explicit Applied(Scenario s) : sc(std::move(s)), w(make_world(sc, 1)) {
    dl.reset(sc.n_states(), sc.n_cap(), sc.n_axes());
  }
};

}  // namespace

TEST_CASE("soft bounds: a <- clamp(a + da (1 - a^2), -1, 1), on the summed da") {
  Scenario sc = make_scenario(5, 1);
  test::set_alignment(sc, {0.5, -0.9, 1.0, 0.0, 0.9});
  Applied x(sc);
  x.dl.align[Mechanism::social].col(0) << 0.4, -2.0, 5.0, 0.1, 0.2;
  x.dl.align[Mechanism::identity].col(0) << 0.0, 0.0, 0.0, 0.2, 0.1;
  x.dl.align[Mechanism::noise].col(0) << 0.0, 0.0, 0.0, 0.0, 0.2;
  apply_deltas(x.sc, x.dl, x.w);
  CHECK(x.w.alignment(0, 0) == near(0.8));    // 0.5 + 0.4 * 0.75
  CHECK(x.w.alignment(1, 0) == -1.0);         // -0.9 - 2 * 0.19 = -1.28, clamped
  CHECK(x.w.alignment(2, 0) == 1.0);          // at the bound the room is 0
  CHECK(x.w.alignment(3, 0) == near(0.3));    // 0 + (0.1 + 0.2) * 1
  CHECK(x.w.alignment(4, 0) == near(0.995));  // 0.9 + 0.5 * 0.19
}

TEST_CASE("capability: C <- max(C + dC, 0)") {
  Applied x(make_scenario(2, 1));
  x.dl.cap[Mechanism::growth](0, 0) = -3.0;
  x.dl.cap[mechanism_of<SanctionsEvent>](0, 1) = 1.5;
  x.dl.cap[mechanism_of<ArmsSaleEvent>](0, 1) = 0.5;
  x.dl.cap[Mechanism::growth](1, 2) = -0.25;
  apply_deltas(x.sc, x.dl, x.w);
  CHECK(x.w.capability(0, 0) == 0.0);        // 1 - 3 clamped
  CHECK(x.w.capability(0, 1) == near(3.0));  // 1 + 1.5 + 0.5
  CHECK(x.w.capability(1, 2) == near(0.75));
  CHECK(x.w.capability(1, 0) == near(1.0));
}

TEST_CASE("relations: symmetric, zero diagonal, clamped to [-1, 1]") {
  Scenario sc = make_scenario(3, 1);
  test::set_sym(sc.relations0, 0, 1, 0.9);
  test::set_sym(sc.relations0, 0, 2, -0.8);
  test::set_sym(sc.relations0, 1, 2, 0.1);
  Applied x(sc);
  x.dl.add_relation(0, 1, 0.5);
  x.dl.add_relation(0, 2, -0.5);
  x.dl.add_relation(1, 2, 0.05);
  x.dl.add_relation(1, 1, 0.3);  // a rule touching the diagonal must not leak
  apply_deltas(x.sc, x.dl, x.w);
  CHECK(x.w.relations(0, 1) == 1.0);
  CHECK(x.w.relations(1, 0) == 1.0);
  CHECK(x.w.relations(0, 2) == -1.0);
  CHECK(x.w.relations(1, 2) == near(0.15));
  CHECK(x.w.relations(2, 1) == near(0.15));
  for (int i = 0; i < 3; ++i) CHECK(x.w.relations(i, i) == 0.0);
}

TEST_CASE("arms dependence is updated from the step's deliveries, in its own phase") {
  Scenario sc = make_scenario(3, 1);
  sc.dependence0[dependence_channel<ArmsSaleEvent>].row(0) << 0.0, 0.5, 0.5;
  Applied x(sc);
  x.dl.add_flow(dependence_channel<ArmsSaleEvent>, 2, 0, 2.0);  // seller 2 -> buyer 0
  apply_deltas(x.sc, x.dl, x.w);
  CHECK(x.w.arms_dep()(0, 2) == 0.5);  // apply_deltas leaves M alone: its own phase follows
  update_dependence(x.sc, x.dl, x.w);
  CHECK(x.w.arms_dep()(0, 1) == near(0.45));  // 0.9 * 0.5
  CHECK(x.w.arms_dep()(0, 2) == near(0.55));  // 0.9 * 0.5 + 0.1 * 1
  CHECK(x.w.arms_dep().row(0).sum() <= 1.0 + 1e-15);
}

TEST_CASE("step advances the tick and leaves Derived describing the new state") {
  Scenario sc = test::random_scenario(6, 11);
  World w = make_world(sc, 3);
  Workspace ws;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  CHECK(w.tick == 1);
  Derived fresh;
  compute_derived(sc, w, fresh);
  CHECK(ws.derived.power == fresh.power);
  CHECK(ws.derived.threat == fresh.threat);
  CHECK(ws.derived.pull == fresh.pull);
}

// Four states with every kind of event acting on overlapping pairs in one step.
static Scenario busy_world() {
  Scenario sc = make_scenario(4, 2);
  test::fill(sc.capability0, {4, 3, 2, 2, 2, 1, 1, 1, 3, 3, 1, 1});
  test::set_alignment(sc, {0.5, 0.1, -0.4, 0.3, 0.2, -0.6, -0.1, 0.7});
  test::set_sym(sc.relations0, 0, 1, 0.3);
  sc.dependence0[dependence_channel<ArmsSaleEvent>](2, 1) = 0.5;
  sc.params.incident_mode = IncidentMode::expected;
  sc.params.eta_ex = 0.05;
  sc.traits.arms_reaction.setConstant(0.1);
  sc.traits.growth.setConstant(0.01);
  test::add_event(sc, SanctionsEvent{{0, 3}, 2, 0.8});
  test::add_event(sc, ArmsSaleEvent{1, 2, 0.2, ArmsPolicy::always, 0});
  test::add_event(sc, ExerciseEvent{{1, 2}, 0.7});
  test::add_event(sc, EngagementEvent{{0}, 2, 0.6});
  return sc;
}

TEST_CASE("synchronous update: the order of the events changes nothing but the log") {
  Scenario a = busy_world();
  SUBCASE("expected incidents") {}
  SUBCASE("random incidents: streams follow the event, not its position") {
    a.params.incident_mode = IncidentMode::random;
    a.params.q_inc = 0.8;
  }
  Scenario b = a;
  std::reverse(b.events.begin(), b.events.end());
  assign_event_streams(b);  // as loading the reordered file would
  World wa = make_world(a, 1), wb = make_world(b, 1);
  Workspace sa, sb;
  init_workspace(a, wa, sa);
  init_workspace(b, wb, sb);
  double incidents_a = 0, incidents_b = 0;
  for (int t = 0; t < 5; ++t) {
    step(a, wa, sa);
    step(b, wb, sb);
    incidents_a += sa.deltas.counts[count_slot<ExerciseEvent>("incidents")];
    incidents_b += sb.deltas.counts[count_slot<ExerciseEvent>("incidents")];
  }
  CHECK(incidents_a > 0);
  CHECK(incidents_a == near(incidents_b));
  // Summation order differs, so allow round-off, nothing more.
  CHECK((wa.capability - wb.capability).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((wa.alignment - wb.alignment).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((wa.relations - wb.relations).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((wa.arms_dep() - wb.arms_dep()).cwiseAbs().maxCoeff() < 1e-14);
  // The logs list the same events in opposite order.
  std::vector<std::string> ka, kb;
  for (const auto& e : sa.deltas.log) ka.push_back(e.kind);
  for (const auto& e : sb.deltas.log) kb.push_back(e.kind);
  CHECK(ka == std::vector<std::string>{"sanctions", "arms_sale", "exercise", "engagement"});
  std::reverse(kb.begin(), kb.end());
  CHECK(ka == kb);
}

TEST_CASE("synchronous update: every rule reads the state at t (deltas of rules alone add up)") {
  const Scenario sc = busy_world();
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  gather_deltas(sc, w, ws);
  // Each event alone on a fresh Deltas, against the same untouched World.
  const RuleInput in{sc, w, ws.derived, ws.key};
  Deltas sum;
  sum.reset(4, 3, 2);
  apply_alignment_pull(in, sum);
  apply_noise(in, sum);
  apply_capability_growth(in, sum);
  apply_relation_drift(in, sum);
  for (std::size_t e = 0; e < sc.events.size(); ++e) {
    Deltas one;
    one.reset(4, 3, 2);
    apply_event(in, sc.events[e], one);
    for (int m = 0; m < n_mechanisms; ++m) {
      sum.align[m] += one.align[m];
      sum.cap[m] += one.cap[m];
    }
    sum.rel += one.rel;
    for (std::size_t c = 0; c < kDependenceChannels; ++c) {  // a channel's flows exist once one is added
      if (one.flows[c].amount.size() == 0) continue;
      if (sum.flows[c].amount.size() == 0) sum.flows[c].amount.setZero(4, 4);
      sum.flows[c].amount += one.flows[c].amount;
    }
  }
  for (int m = 0; m < n_mechanisms; ++m) {
    CHECK((ws.deltas.align[m] - sum.align[m]).cwiseAbs().maxCoeff() < 1e-15);
    CHECK((ws.deltas.cap[m] - sum.cap[m]).cwiseAbs().maxCoeff() < 1e-15);
  }
  CHECK((ws.deltas.rel - sum.rel).cwiseAbs().maxCoeff() < 1e-15);
  const auto dense = [](const Eigen::MatrixXd& m) { return m.size() ? m : Eigen::MatrixXd::Zero(4, 4); };
  for (std::size_t c = 0; c < kDependenceChannels; ++c) {
    CAPTURE(c);
    CHECK(dense(ws.deltas.flows[c].amount) == dense(sum.flows[c].amount));
  }
}

TEST_CASE("Schedule::active: from (inclusive), until (exclusive), every") {
  const Schedule always{};
  CHECK(always.active(0));
  CHECK(always.active(1));
  CHECK(always.active(100000));

  const Schedule s{2, 8, 3};  // ticks 2 and 5
  std::vector<int> on;
  for (int t = 0; t < 12; ++t)
    if (s.active(t)) on.push_back(t);
  CHECK(on == std::vector<int>{2, 5});

  const Schedule at{4, 5, 1};  // `at: 4`
  on.clear();
  for (int t = 0; t < 12; ++t)
    if (at.active(t)) on.push_back(t);
  CHECK(on == std::vector<int>{4});

  const Schedule open{3, -1, 4};  // until the end, every 4th from 3
  CHECK_FALSE(open.active(0));
  CHECK(open.active(3));
  CHECK_FALSE(open.active(5));
  CHECK(open.active(7));
  CHECK(open.active(403));
}

TEST_CASE("an event acts only in the steps its schedule selects") {
  Scenario sc = make_scenario(3, 1);
  test::silence(sc);
  test::set_alignment(sc, {0.5, -0.5, 0.0});
  test::add_event(sc, EngagementEvent{{0}, 1, 1.0}, Schedule{2, 4, 1});
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  std::vector<double> counts;
  for (int t = 0; t < 6; ++t) {
    step(sc, w, ws);
    counts.push_back(ws.deltas.counts[count_slot<EngagementEvent>("engagements")]);
  }
  CHECK(counts == std::vector<double>{0, 0, 1, 1, 0, 0});
  // Two engagements at intensity 1: R01 = 2 * rho_engage = 0.1 (no drift).
  CHECK(w.relations(0, 1) == near(0.1));
}
