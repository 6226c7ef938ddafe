// Small Scenarios built in code, with every field filled consistently, and a bench
// that holds a Scenario, its World and the Derived/Deltas a rule reads and writes,
// so a rule can be called alone on a fresh Deltas.
// Header-only: the test target globs *_test.cpp, so a builders.cpp would not be built.
#pragma once

#include "sim/core/deltas.hpp"
#include "sim/core/derived.hpp"
#include "sim/core/rng.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/world.hpp"
#include "sim/rules/rules.hpp"

#include "sim/model/rule_kinds.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace bpsim::test {

using Roles = std::vector<Role>;
inline const Roles econ_mil_tech{Role::economy, Role::military, Role::technology};

// prefix + k, built with append (GCC 12 warns falsely, -Wrestrict, on "lit" + string).
inline std::string prefixed(const char* prefix, int k) {
  std::string s(prefix);
  s.append(std::to_string(k));
  return s;
}

inline std::string role_dim_name(Role r, int k) {
  switch (r) {
    case Role::economy:
      return "econ";
    case Role::military:
      return "mil";
    case Role::technology:
      return "tech";
    case Role::energy:
      return "energy";
    case Role::none:
      break;
  }
  return prefixed("dim", k);
}

// n states "S0".."S{n-1}", n_axes axes, one capability dim per entry of roles (named
// econ, mil, tech, or dimK for Role::none). Capabilities 1, alignment 0 (= identity),
// relations 0, proximity 1, dependence 0 on every channel, uniform power weights, the descriptors'
// default traits, growth and parameters (kTraits, kGrowth, kParams), every dyad
// watched, 10 ticks, seed 1, no events.
inline Scenario make_scenario(int n, int n_axes, const Roles& roles = econ_mil_tech) {
  Scenario sc;
  sc.name = "test";
  sc.ticks = 10;
  sc.seed = 1;
  const int k = static_cast<int>(roles.size());
  for (int c = 0; c < k; ++c) {
    const Role r = roles[static_cast<std::size_t>(c)];
    sc.capability_dims.push_back({role_dim_name(r, c), r});
    if (r != Role::none) sc.dim(r) = c;
  }
  for (int a = 0; a < n_axes; ++a) sc.alignment_axes.push_back(prefixed("axis", a));
  sc.power_weights = Eigen::VectorXd::Constant(k, 1.0 / k);
  for (int i = 0; i < n; ++i) {
    sc.state_ids.push_back(prefixed("S", i));
    sc.state_names.push_back(prefixed("State ", i));
  }
  sc.capability0 = Eigen::MatrixXd::Ones(n, k);
  sc.alignment0 = Eigen::MatrixXd::Zero(n, n_axes);
  sc.identity = sc.alignment0;
  for (const TraitSpec& t : kTraits) sc.traits.*t.per_state = Eigen::VectorXd::Constant(n, t.def);
  sc.traits.growth = Eigen::MatrixXd::Constant(n, k, kGrowth.def);
  sc.relations0 = Eigen::MatrixXd::Zero(n, n);
  sc.proximity = Eigen::MatrixXd::Ones(n, n);
  for (Eigen::MatrixXd& d : sc.dependence0) d = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) sc.watch.emplace_back(i, j);
  return sc;
}

// Switch off every endogenous mechanism (mu, kappa, lambda_R, lambda_M, growth, arms
// reaction, noise) so that one rule can be tested alone in a full step.
inline void silence(Scenario& sc) {
  sc.traits.mu.setZero();
  sc.traits.kappa.setZero();
  sc.traits.growth.setZero();
  sc.traits.arms_reaction.setZero();
  sc.params.lambda_R = 0;
  sc.params.sigma_a = 0;
  sc.params.sigma_c = 0;
}

// Row-major fill: fill(m, {a, b, c, d}) for a 2x2 m.
inline void fill(Eigen::MatrixXd& m, std::initializer_list<double> values) {
  Eigen::Index idx = 0;
  for (double v : values) {
    m(idx / m.cols(), idx % m.cols()) = v;
    ++idx;
  }
}

// m[i,j] = m[j,i] = v.
inline void set_sym(Eigen::MatrixXd& m, int i, int j, double v) {
  m(i, j) = v;
  m(j, i) = v;
}

// Sets alignment0 and identity (the home position defaults to the initial alignment).
inline void set_alignment(Scenario& sc, std::initializer_list<double> row_major) {
  fill(sc.alignment0, row_major);
  sc.identity = sc.alignment0;
}

// Appends an event, (re)assigns every event's RNG stream and sizes the dependence channel
// it feeds, as the loader does.
inline void add_event(Scenario& sc, EventRule rule, Schedule when = {}) {
  Event e;
  e.rule = std::move(rule);
  e.when = when;
  sc.events.push_back(std::move(e));
  assign_event_streams(sc);
  size_dependence_channels(sc);
}

// A Scenario, its World, the Derived of that World, a key, and a fresh Deltas.
struct Bench {
  Scenario sc;
  World w;
  Derived d;
  rng::Key key{1, 0};
  Deltas out;

  explicit Bench(Scenario s, std::uint64_t seed = 1) : sc(std::move(s)) {
    w = make_world(sc, seed);
    refresh();
  }
  // Rebuild the World from sc at tick 0 (same seed), recompute Derived, clear Deltas.
  void refresh() {
    w = make_world(sc, w.seed, w.run);
    recompute();
  }
  // Recompute Derived and the key from the current World and clear the Deltas.
  void recompute() {
    key = rng::Key(w.seed, w.run);
    compute_derived(sc, w, d);
    out.reset(sc.n_states(), sc.n_cap(), sc.n_axes());
  }
  RuleInput input() const { return RuleInput{sc, w, d, key}; }
};

// Deterministic uniforms for building random-ish scenarios (not the model's RNG).
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : state_(seed) {}
  double uniform(double lo, double hi) {
    state_ = rng::splitmix64(state_);
    return lo + (hi - lo) * static_cast<double>(state_ >> 11) * 0x1.0p-53;
  }
  int index(int n) { return static_cast<int>(uniform(0, n - 1e-9)); }

 private:
  std::uint64_t state_;
};

// The rule kinds of the reference model v1 (the registry's first four: sanctions, arms
// sales, exercises, engagement), whose events random_scenario writes by hand and whose
// world the golden hash pins (tests/core/determinism_test.cpp).
inline constexpr std::size_t kV1RuleKinds = 4;

// One event of kind E drawn from its descriptor (sim/rules/KIND.hpp): its state fields
// name distinct states (a list max(min_states, 1) of them), a required number is drawn
// within its classroom slider (or within its range and [0, 1]), a required choice among
// its choices; optional fields keep their defaults. Valid for any kind, so that a new
// kind is in random_scenario without a line here.
template <class E>
E drawn_event(int n, Dice& dice) {
  E ev{};
  int next = dice.index(n), used = 0;
  const auto state = [&] { return (next + used++) % n; };
  for (const FieldSpec<E>& f : RuleKind<E>::fields) {
    std::visit(
        [&](auto member) {
          using T = std::remove_reference_t<decltype(ev.*member)>;
          if constexpr (std::is_same_v<T, int>) {
            ev.*member = state();
          } else if constexpr (std::is_same_v<T, std::vector<int>>) {
            for (std::size_t k = 0; k < std::max<std::size_t>(f.min_states, 1); ++k) (ev.*member).push_back(state());
          } else if constexpr (std::is_same_v<T, double>) {
            if (!f.required) return;
            const double lo = f.slider ? f.slider->lo : std::max(f.range.lo, 0.0);
            const double hi = f.slider ? f.slider->hi : std::min(f.range.hi, 1.0);
            ev.*member = dice.uniform(lo, hi);
          } else {
            if (f.required) ev.*member = static_cast<T>(dice.index(static_cast<int>(f.choices.size())));
          }
        },
        f.member);
  }
  return ev;
}

// A random-ish world of n >= 6 states (D = 2, econ/mil/tech), noise on, hedging, growth,
// arms reaction, random incidents, and every event kind on various schedules: the v1
// kinds' events by hand, then (unless v1_only) one event drawn from its descriptor for
// every later kind, with a capability dimension for each role they need that the world
// lacks (power weight 0). A pure function of (n, seed, ticks, v1_only); with v1_only it
// is the world the golden hash pins.
inline Scenario random_scenario(int n, std::uint64_t seed, int ticks = 200, bool v1_only = false) {
  Dice dice(seed);
  Roles roles = econ_mil_tech;
  if (!v1_only) {
    for_each_rule_kind([&](auto k) {
      using K = decltype(k);
      if (kind_index<kind_event_t<K>> >= kV1RuleKinds && K::needs != Role::none &&
          std::find(roles.begin(), roles.end(), K::needs) == roles.end())
        roles.push_back(K::needs);
    });
  }
  Scenario sc = make_scenario(n, 2, roles);
  sc.ticks = ticks;
  sc.seed = seed;
  sc.power_weights.setZero();
  sc.power_weights.head(3) << 0.5, 0.3, 0.2;
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) {
      sc.capability0(i, k) = dice.uniform(0.5, 10.0);
      sc.traits.growth(i, k) = dice.uniform(-0.005, 0.01);
    }
    for (int a = 0; a < 2; ++a) sc.alignment0(i, a) = dice.uniform(-0.9, 0.9);
    sc.traits.kappa[i] = dice.uniform(0.0, 0.1);
    sc.traits.mu[i] = dice.uniform(0.05, 0.3);
    sc.traits.eps[i] = dice.uniform(0.2, 0.7);
    sc.traits.theta[i] = dice.uniform(0.5, 1.5);
    sc.traits.beta[i] = dice.uniform(-1.0, 1.0);
    sc.traits.hedging[i] = dice.uniform(0.0, 0.8);
    sc.traits.tolerance[i] = dice.uniform(1.2, 3.0);
    sc.traits.arms_reaction[i] = dice.uniform(0.0, 0.03);
    sc.traits.pivot[i] = dice.uniform(0.0, 0.05);
    double row = 0;
    for (int j = 0; j < n; ++j) {
      if (j == i) continue;
      sc.dependence0[dependence_channel<ArmsSaleEvent>](i, j) = dice.uniform(0.0, 0.3);
      row += sc.dependence0[dependence_channel<ArmsSaleEvent>](i, j);
    }
    if (row > 1) sc.dependence0[dependence_channel<ArmsSaleEvent>].row(i) /= row;
    for (int j = i + 1; j < n; ++j) {
      set_sym(sc.relations0, i, j, dice.uniform(-0.5, 0.5));
      set_sym(sc.proximity, i, j, dice.uniform(0.2, 1.0));
    }
  }
  sc.identity = sc.alignment0;
  sc.params.sigma_a = 0.03;
  sc.params.sigma_c = 0.01;
  sc.params.q_inc = 0.5;
  sc.params.eta_ex = 0.01;
  sc.params.incident_mode = IncidentMode::random;
  add_event(sc, SanctionsEvent{{0, 1}, 2, 0.5}, {5, -1, 1});
  add_event(sc, ArmsSaleEvent{2, 3, 0.05, ArmsPolicy::always, 0.25}, {0, -1, 2});
  add_event(sc, ArmsSaleEvent{4, 5, 0.05, ArmsPolicy::security_check, 0.2});
  add_event(sc, ExerciseEvent{{2, 3, 5}, 0.8}, {3, -1, 4});
  add_event(sc, EngagementEvent{{1}, 3, 0.7}, {10, ticks / 2, 1});
  add_event(sc, SanctionsEvent{{4}, 0, 0.3}, {0, ticks / 3, 3});
  add_event(sc, ExerciseEvent{{0, 1}, 1.0}, {});
  for (int i = 0; i < n; ++i) {
    for (Eigen::Index k = 3; k < sc.n_cap(); ++k) {
      sc.capability0(i, k) = dice.uniform(0.5, 10.0);
      sc.traits.growth(i, k) = dice.uniform(-0.005, 0.01);
    }
  }
  if (!v1_only) {
    for_each_rule_kind([&](auto k) {
      using E = kind_event_t<decltype(k)>;
      if constexpr (kind_index<E> >= kV1RuleKinds) {
        const int from = dice.index(5), every = 1 + dice.index(2);
        add_event(sc, drawn_event<E>(n, dice), {from, -1, every});
      }
    });
  }
  return sc;
}

}  // namespace bpsim::test
