// The tables of what a scenario may hold, by name: every numeric model parameter and
// every per-state trait with its allowed range, and the ranges of the event fields.
// Written once here and read by the YAML loader (validation), the fast --set patcher,
// the JSON form of a scenario and the classroom page's sliders. Free of YAML, so the
// engine built for the browser (sim/web) has them too.
#pragma once

#include "sim/model/scenario.hpp"

#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace bpsim {

// Allowed values of a number, and how to say so ("a number in [0, 1]").
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;
  bool contains(double v) const;
  std::string text() const;
};
inline constexpr Range kAnyNumber{};
inline constexpr Range kNonNegative{0.0};
inline constexpr Range kPositive{0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr Range kUnit{0.0, 1.0};
inline constexpr Range kSignedUnit{-1.0, 1.0};

struct ParamSpec {
  const char* name;
  double Parameters::*field;
  Range range;
};

inline constexpr std::array<ParamSpec, 29> kParams{{
    {"w_h", &Parameters::w_h, kNonNegative},
    {"w_r", &Parameters::w_r, kNonNegative},
    {"w_c", &Parameters::w_c, kNonNegative},
    {"w_t", &Parameters::w_t, kNonNegative},
    {"tau_h", &Parameters::tau_h, kPositive},  // divides in the homophily logistic
    {"lambda_R", &Parameters::lambda_R, kUnit},
    {"lambda_M", &Parameters::lambda_M, kUnit},
    {"k_target", &Parameters::k_target, kNonNegative},
    {"k_tech", &Parameters::k_tech, kNonNegative},
    {"k_cost", &Parameters::k_cost, kNonNegative},
    {"rho_sanction", &Parameters::rho_sanction, kNonNegative},
    {"rho_divert", &Parameters::rho_divert, kNonNegative},
    {"quality", &Parameters::quality, kNonNegative},
    {"price", &Parameters::price, kNonNegative},
    {"phi", &Parameters::phi, kNonNegative},
    {"rho_arms", &Parameters::rho_arms, kNonNegative},
    {"alpha_arms", &Parameters::alpha_arms, kNonNegative},
    {"rho_ex", &Parameters::rho_ex, kNonNegative},
    {"alpha_ex", &Parameters::alpha_ex, kNonNegative},
    {"eta_ex", &Parameters::eta_ex, kNonNegative},
    {"rho_3rd", &Parameters::rho_3rd, kNonNegative},
    {"q_inc", &Parameters::q_inc, kUnit},  // scales a probability
    {"shock_inc", &Parameters::shock_inc, kNonNegative},
    {"k_engage", &Parameters::k_engage, kNonNegative},
    {"rho_engage", &Parameters::rho_engage, kNonNegative},
    {"alpha_engage", &Parameters::alpha_engage, kNonNegative},
    {"sigma_a", &Parameters::sigma_a, kNonNegative},
    {"sigma_c", &Parameters::sigma_c, kNonNegative},
    {"s_bloc", &Parameters::s_bloc, kSignedUnit},
}};

// A new field in Parameters must be added to kParams too (incident_mode is the one
// non-numeric field).
static_assert(offsetof(Parameters, incident_mode) == kParams.size() * sizeof(double),
              "Parameters changed: update kParams in sim/model/tables.hpp");

struct TraitSpec {
  const char* name;
  double TraitDefaults::*def;
  Eigen::VectorXd Traits::*per_state;
  Range range;
};

inline constexpr std::array<TraitSpec, 9> kTraits{{
    {"kappa", &TraitDefaults::kappa, &Traits::kappa, kNonNegative},
    {"mu", &TraitDefaults::mu, &Traits::mu, kNonNegative},
    {"eps", &TraitDefaults::eps, &Traits::eps, kNonNegative},
    {"theta", &TraitDefaults::theta, &Traits::theta, kNonNegative},
    {"beta", &TraitDefaults::beta, &Traits::beta, kSignedUnit},
    {"hedging", &TraitDefaults::hedging, &Traits::hedging, kUnit},
    {"tolerance", &TraitDefaults::tolerance, &Traits::tolerance,
     Range{1.0, std::numeric_limits<double>::infinity(), true}},
    {"arms_reaction", &TraitDefaults::arms_reaction, &Traits::arms_reaction, kNonNegative},
    {"pivot", &TraitDefaults::pivot, &Traits::pivot, kNonNegative},
}};

// A new trait must be added to kTraits too (growth is the one per-dimension trait).
static_assert(offsetof(TraitDefaults, growth) == kTraits.size() * sizeof(double),
              "TraitDefaults changed: update kTraits in sim/model/tables.hpp");

// A growth rate <= -1 would wipe a capability out in one tick.
inline constexpr Range kGrowthRange{-1.0, std::numeric_limits<double>::infinity(), true};

// State values.
inline constexpr Range kCapabilityRange = kNonNegative;  // raw units
inline constexpr Range kAlignmentRange = kSignedUnit;    // alignment and identity coordinates
inline constexpr Range kRelationRange = kSignedUnit;     // relations R(i, j)
inline constexpr Range kArmsShareRange = kUnit;          // arms import shares (dependence)
// A buyer's arms import shares sum to at most 1 + this (round-off in written files).
inline constexpr double kArmsShareSumSlack = 1e-9;

// Event fields.
inline constexpr Range kIntensityRange = kUnit;       // sanctions, engagement
inline constexpr Range kVolumeRange = kNonNegative;   // arms_sale.volume
inline constexpr Range kThresholdRange = kNonNegative;  // arms_sale.threshold
inline constexpr Range kScaleRange = kUnit;           // exercise.scale

const ParamSpec* find_param(std::string_view name);  // null if unknown
const TraitSpec* find_trait(std::string_view name);  // null if unknown

}  // namespace bpsim
