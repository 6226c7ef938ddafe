// The per-state traits, described once: kTraits holds, for each, its scenario key, its
// members in TraitDefaults and Traits, allowed range, default, symbol and one-line doc;
// kGrowth describes growth, the one trait with a value per capability dimension.
// TraitDefaults' defaults, the loader, --set, the scenario JSON form, `bpsim schema`,
// the tests' builders and ODD Section 8.1 (generated, checked by
// tests/io/schema_test.cpp) all read them; nothing lists the traits again.
#pragma once

#include "sim/model/parameters.hpp"  // detail::distinct_fields, detail::defaults_allowed
#include "sim/model/range.hpp"

#include <Eigen/Dense>

#include <array>
#include <limits>
#include <vector>

namespace bpsim {

// Per-state traits, struct-of-arrays: n_states entries each (docs: kTraits below).
struct Traits {
  Eigen::VectorXd kappa, mu, eps, theta, beta, hedging, tolerance, arms_reaction, pivot;  // (n)
  Eigen::MatrixXd growth;                                                                 // (n x n_cap)
};

// The value each state starts from, overridable by `defaults:` then per state. The
// constructor sets every field to its descriptor's default.
struct TraitDefaults {
  TraitDefaults();
  double kappa, mu, eps, theta, beta, hedging, tolerance, arms_reaction, pivot;
  std::vector<double> growth;  // per capability dim; empty means all kGrowth.def
};

struct TraitSpec {
  const char* name;  // the key under `defaults:` and `states[i].traits:`
  double TraitDefaults::*field;
  Eigen::VectorXd Traits::*per_state;
  Range range;
  double def;
  const char* unit;    // "" when a pure number
  const char* symbol;  // as ODD Section 7 writes it (LaTeX)
  const char* doc;     // one line
};

inline constexpr std::array kTraits{
    TraitSpec{.name = "kappa",
              .field = &TraitDefaults::kappa,
              .per_state = &Traits::kappa,
              .range = kNonNegative,
              .def = 0.05,
              .unit = "",
              .symbol = "\\kappa_i",
              .doc = "identity attachment: pull back toward the home position"},
    TraitSpec{.name = "mu",
              .field = &TraitDefaults::mu,
              .per_state = &Traits::mu,
              .range = kNonNegative,
              .def = 0.1,
              .unit = "",
              .symbol = "\\mu_i",
              .doc = "conformity: rate of the landscape pull"},
    TraitSpec{.name = "eps",
              .field = &TraitDefaults::eps,
              .per_state = &Traits::eps,
              .range = kNonNegative,
              .def = 0.5,
              .unit = "fraction of d_max",
              .symbol = "\\varepsilon_i",
              .doc = "openness: bounded-confidence radius"},
    TraitSpec{.name = "theta",
              .field = &TraitDefaults::theta,
              .per_state = &Traits::theta,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "\\theta_i",
              .doc = "threat sensitivity"},
    TraitSpec{.name = "beta",
              .field = &TraitDefaults::beta,
              .per_state = &Traits::beta,
              .range = kSignedUnit,
              .def = 1.0,
              .unit = "",
              .symbol = "\\beta_i",
              .doc = "balancing (+1) versus bandwagoning (-1)"},
    TraitSpec{.name = "hedging",
              .field = &TraitDefaults::hedging,
              .per_state = &Traits::hedging,
              .range = kUnit,
              .def = 0.0,
              .unit = "",
              .symbol = "h_i",
              .doc = "hedging against much stronger partners"},
    TraitSpec{.name = "tolerance",
              .field = &TraitDefaults::tolerance,
              .per_state = &Traits::tolerance,
              .range = Range{1.0, std::numeric_limits<double>::infinity(), true},
              .def = 2.0,
              .unit = "",
              .symbol = "r_i",
              .doc = "asymmetry tolerance: the power ratio that starts hedging"},
    TraitSpec{.name = "arms_reaction",
              .field = &TraitDefaults::arms_reaction,
              .per_state = &Traits::arms_reaction,
              .range = kNonNegative,
              .def = 0.0,
              .unit = "",
              .symbol = "\\rho_i",
              .doc = "Richardson arms reaction to the threat level"},
    TraitSpec{.name = "pivot",
              .field = &TraitDefaults::pivot,
              .per_state = &Traits::pivot,
              .range = kNonNegative,
              .def = 0.02,
              .unit = "",
              .symbol = "\\pi_i",
              .doc = "sanctions pivot per unit intensity: v1 a step away from the sanctioners; v2 the fraction "
                     "of the gap to the substitute partners closed per tick"},
};

// growth: a number (every dimension) or {dim: rate}; a per-state map merges over
// `defaults.growth`. A rate <= -1 would wipe a capability out in one tick.
struct GrowthSpec {
  const char* name;
  Range range;
  double def;
  const char* unit;
  const char* symbol;
  const char* doc;
};
inline constexpr GrowthSpec kGrowth{.name = "growth",
                                    .range = Range{-1.0, std::numeric_limits<double>::infinity(), true},
                                    .def = 0.0,
                                    .unit = "per tick",
                                    .symbol = "g_{ik}",
                                    .doc = "growth rate of each capability dimension"};

inline TraitDefaults::TraitDefaults() {
  for (const TraitSpec& t : kTraits) this->*t.field = t.def;
}

namespace detail {

template <class Table>
constexpr bool distinct_per_state(const Table& table) {
  for (std::size_t i = 0; i < table.size(); ++i)
    for (std::size_t j = i + 1; j < table.size(); ++j)
      if (table[i].per_state == table[j].per_state) return false;
  return true;
}

}  // namespace detail

// With no two rows on one member, the size checks mean every member has its row.
static_assert(detail::distinct_fields(kTraits), "two kTraits rows share a member or a name");
static_assert(detail::distinct_per_state(kTraits), "two kTraits rows share a Traits member");
static_assert(offsetof(TraitDefaults, growth) == kTraits.size() * sizeof(double),
              "a double in TraitDefaults has no kTraits row (sim/model/traits.hpp)");
static_assert(sizeof(Traits) == kTraits.size() * sizeof(Eigen::VectorXd) + sizeof(Eigen::MatrixXd),
              "a vector in Traits has no kTraits row (sim/model/traits.hpp)");
static_assert(detail::defaults_allowed(kTraits), "a kTraits default is outside its range");
static_assert(kGrowth.range.contains(kGrowth.def), "the growth default is outside its range");

}  // namespace bpsim
