// sim/rules/exercises.cpp (docs/ODD.md Section 7.7, joint exercises {participants P, scale x}).
#include "support/builders.hpp"
#include "support/check.hpp"

#include <cmath>
#include <cstdint>

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;
using bpsim::test::set_sym;

// Four states, one axis (S = 1 - |a_i - a_j|); participants {0, 1}, third parties 2, 3.
//   a = (.2, .6, -.6, 1.0); mil = (2, 4, 1, 1)
//   S20 = .2, S21 = -.2, S30 = .2, S31 = .6  -> (1 - S)/2 = .4, .6, .4, .2
//   G20 = .5, G21 = 1, G30 = .25, G31 = 1    -> f = G (1 - S)/2 = .2, .6, .1, .2
static Scenario four_states() {
  Scenario sc = make_scenario(4, 1);
  test::set_alignment(sc, {0.2, 0.6, -0.6, 1.0});
  sc.capability0.col(1) << 2, 4, 1, 1;
  set_sym(sc.proximity, 2, 0, 0.5);
  set_sym(sc.proximity, 3, 0, 0.25);
  sc.params.eta_ex = 0.1;
  return sc;
}

static const ExerciseEvent exercise{{0, 1}, 0.5};
constexpr std::uint32_t stream = rng::event_base + 1;  // any event stream

TEST_CASE("exercises: participants bond, converge and (with eta_ex) arm") {
  Bench b(four_states());
  RuleKind<ExerciseEvent>::apply(b.input(), exercise, stream, b.out);
  CHECK(b.out.rel(0, 1) == near(0.01));  // rho_ex x = 0.02 * 0.5
  CHECK(b.out.rel(1, 0) == near(0.01));
  // centre = (.2 + .6)/2 = .4; da_i = alpha_ex x (centre - a_i) = 0.01 (.4 - a_i)
  const auto& da = b.out.align[mechanism_of<ExerciseEvent>];
  CHECK(da(0, 0) == near(0.002));
  CHECK(da(1, 0) == near(-0.002));
  CHECK(da(2, 0) == 0.0);  // third parties do not move
  CHECK(da(3, 0) == 0.0);
  // dC[i,mil] = eta_ex x C[i,mil] = 0.05 C
  const auto& dc = b.out.cap[mechanism_of<ExerciseEvent>];
  CHECK(dc(0, 1) == near(0.1));
  CHECK(dc(1, 1) == near(0.2));
  CHECK(dc(2, 1) == 0.0);
  CHECK(dc(0, 0) == 0.0);
  CHECK(b.out.counts[count_slot<ExerciseEvent>("exercises")] == 1.0);
}

TEST_CASE("exercises: third-party friction and expected incidents, exactly") {
  Scenario sc = four_states();
  sc.params.incident_mode = IncidentMode::expected;
  Bench b(sc);
  RuleKind<ExerciseEvent>::apply(b.input(), exercise, stream, b.out);
  const auto& dR = b.out.rel;
  // friction: -rho_3rd x f = -0.005 f; incidents: prob = x q_inc f = 0.025 f, applied as
  // -prob * shock_inc = -0.00125 f. Total -0.00625 f.
  CHECK(dR(2, 0) == near(-0.00125));   // f = .2
  CHECK(dR(2, 1) == near(-0.00375));   // f = .6
  CHECK(dR(3, 0) == near(-0.000625));  // f = .1
  CHECK(dR(3, 1) == near(-0.00125));   // f = .2
  CHECK(dR(0, 2) == dR(2, 0));
  CHECK(dR(2, 3) == 0.0);  // third parties among themselves: nothing
  // Expected count: sum of probabilities = 0.025 (.2 + .6 + .1 + .2) = 0.0275.
  CHECK(b.out.counts[count_slot<ExerciseEvent>("incidents")] == near(0.0275));
}

TEST_CASE("exercises: friction alone (no incidents) and no friction at zero scale") {
  Scenario sc = four_states();
  sc.params.q_inc = 0;
  Bench b(sc);
  RuleKind<ExerciseEvent>::apply(b.input(), exercise, stream, b.out);
  CHECK(b.out.rel(2, 1) == near(-0.003));  // -0.01 * 0.5 * 0.6
  CHECK(b.out.counts[count_slot<ExerciseEvent>("incidents")] == 0.0);

  b.recompute();
  RuleKind<ExerciseEvent>::apply(b.input(), ExerciseEvent{{0, 1}, 0.0}, stream, b.out);
  CHECK(b.out.rel.norm() == 0.0);
  CHECK(b.out.align[mechanism_of<ExerciseEvent>].norm() == 0.0);
}

TEST_CASE("exercises: random incidents occur with probability x q_inc f") {
  // x = 1, q_inc = 1, friction only from incidents (rho_3rd 0), shock 1 so that each
  // pair's dR is exactly -1 or 0: probabilities are f = .2, .6, .1, .2.
  Scenario sc = four_states();
  sc.params.q_inc = 1;
  sc.params.rho_3rd = 0;
  sc.params.shock_inc = 1;
  sc.params.incident_mode = IncidentMode::random;
  const int pairs[4][2] = {{2, 0}, {2, 1}, {3, 0}, {3, 1}};
  const double prob[4] = {0.2, 0.6, 0.1, 0.2};
  double hits[4] = {0, 0, 0, 0};
  double logged = 0, counted = 0;
  int draws = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    Bench b(sc, seed);
    for (int t = 0; t < 1000; ++t) {
      b.w.tick = t;
      b.out.reset(4, 3, 1);
      RuleKind<ExerciseEvent>::apply(b.input(), ExerciseEvent{{0, 1}, 1.0}, stream, b.out);
      for (int p = 0; p < 4; ++p) {
        const double r = b.out.rel(pairs[p][0], pairs[p][1]);
        CHECK((r == 0.0 || r == -1.0));
        hits[p] -= r;
      }
      counted += b.out.counts[count_slot<ExerciseEvent>("incidents")];
      for (const auto& e : b.out.log) logged += e.kind == "incident" ? 1 : 0;
      ++draws;
    }
  }
  for (int p = 0; p < 4; ++p) {
    // 10000 draws: standard error sqrt(p (1 - p) / 10000) <= 0.005; allow 4 of them.
    CHECK(std::abs(hits[p] / draws - prob[p]) < 0.02);
  }
  CHECK(counted == hits[0] + hits[1] + hits[2] + hits[3]);
  CHECK(logged == counted);
}

TEST_CASE("exercises: incidents draw on the event's own stream") {
  Scenario sc = four_states();
  sc.params.q_inc = 1;
  sc.params.rho_3rd = 0;
  sc.params.shock_inc = 1;
  Bench b(sc, 5);
  // Over 200 ticks, two streams must not produce identical incident patterns, while
  // the same stream reproduces itself.
  int differ = 0;
  for (int t = 0; t < 200; ++t) {
    b.w.tick = t;
    Deltas a, c, again;
    for (Deltas* d : {&a, &c, &again}) d->reset(4, 3, 1);
    RuleKind<ExerciseEvent>::apply(b.input(), ExerciseEvent{{0, 1}, 1.0}, stream, a);
    RuleKind<ExerciseEvent>::apply(b.input(), ExerciseEvent{{0, 1}, 1.0}, stream + 1, c);
    RuleKind<ExerciseEvent>::apply(b.input(), ExerciseEvent{{0, 1}, 1.0}, stream, again);
    CHECK(a.rel == again.rel);
    differ += a.rel != c.rel ? 1 : 0;
  }
  CHECK(differ > 50);
}
