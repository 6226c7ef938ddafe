// The model parameters shared by all states, described once: kParams holds, for each,
// its scenario key, member, allowed range, default, unit, symbol and one-line doc.
// Parameters' defaults, the loader, --set, the scenario JSON form, `bpsim schema` and
// ODD Section 8.2 (generated, checked by tests/io/schema_test.cpp) all read kParams;
// nothing lists the parameters again. A field kParams misses does not compile.
#pragma once

#include "sim/model/model_version.hpp"
#include "sim/model/range.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace bpsim {

enum class IncidentMode { random, expected };

// Every field is set by the constructor to its descriptor's default (kParams below).
struct Parameters {
  Parameters();
  double w_h, w_r, w_c, w_t;                                   // propensity weights
  double tau_h, lambda_R, lambda_M;                            // homophily, drift rates
  double k_target, k_tech, k_cost, rho_sanction, rho_divert;   // sanctions
  double quality, price, phi, rho_arms, alpha_arms;            // arms sales
  double arms_lag, procurement;                                // arms sales, model v2
  double rho_ex, alpha_ex, eta_ex, rho_3rd, q_inc, shock_inc;  // exercises
  double k_engage, rho_engage, alpha_engage;                   // engagement
  double sigma_a, sigma_c;                                     // noise
  double s_bloc;                                               // observation only
  IncidentMode incident_mode;
};

struct ParamSpec {
  const char* name;  // the key under `parameters:`
  double Parameters::*field;
  Range range;
  double def;
  const char* unit;    // "" when a pure number
  const char* symbol;  // as ODD Section 7 writes it (LaTeX)
  const char* doc;     // one line
  // The one model version the parameter belongs to, when it is not every version's
  // (the loader refuses it in a scenario of another version).
  std::optional<ModelVersion> only = std::nullopt;
};

constexpr bool in_model(const ParamSpec& p, ModelVersion m) { return !p.only || *p.only == m; }

inline constexpr std::array kParams{
    ParamSpec{.name = "w_h",
              .field = &Parameters::w_h,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "w_h",
              .doc = "propensity weight of homophily"},
    ParamSpec{.name = "w_r",
              .field = &Parameters::w_r,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "w_r",
              .doc = "propensity weight of relations"},
    ParamSpec{.name = "w_c",
              .field = &Parameters::w_c,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "w_c",
              .doc = "propensity weight of common threat"},
    ParamSpec{.name = "w_t",
              .field = &Parameters::w_t,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "w_t",
              .doc = "propensity weight of direct threat; it enters only as w_t beta_i, so model v2 drops it and "
                     "lets each state's beta weigh direct threat",
              .only = ModelVersion::v1},
    // tau_h divides in the homophily logistic.
    ParamSpec{.name = "tau_h",
              .field = &Parameters::tau_h,
              .range = kPositive,
              .def = 0.05,
              .unit = "fraction of d_max",
              .symbol = "\\tau_h",
              .doc = "homophily logistic width"},
    ParamSpec{.name = "lambda_R",
              .field = &Parameters::lambda_R,
              .range = kUnit,
              .def = 0.02,
              .unit = "per tick",
              .symbol = "\\lambda_R",
              .doc = "relation drift rate toward the alignment score S"},
    ParamSpec{.name = "lambda_M",
              .field = &Parameters::lambda_M,
              .range = kUnit,
              .def = 0.1,
              .unit = "per tick",
              .symbol = "\\lambda_M",
              .doc = "arms-dependence update rate"},
    ParamSpec{.name = "k_target",
              .field = &Parameters::k_target,
              .range = kNonNegative,
              .def = 0.05,
              .unit = "",
              .symbol = "k_{target}",
              .doc = "sanctions: target's economy loss per unit exposure"},
    ParamSpec{.name = "k_tech",
              .field = &Parameters::k_tech,
              .range = kNonNegative,
              .def = 0.05,
              .unit = "",
              .symbol = "k_{tech}",
              .doc = "sanctions: target's technology loss per unit exposure"},
    ParamSpec{.name = "k_cost",
              .field = &Parameters::k_cost,
              .range = kNonNegative,
              .def = 0.01,
              .unit = "",
              .symbol = "k_{cost}",
              .doc = "sanctions: each sanctioner's economy cost per unit of target's share"},
    ParamSpec{.name = "rho_sanction",
              .field = &Parameters::rho_sanction,
              .range = kNonNegative,
              .def = 0.05,
              .unit = "",
              .symbol = "\\rho_{sanction}",
              .doc = "sanctions: relation damage target-sanctioner"},
    ParamSpec{.name = "rho_divert",
              .field = &Parameters::rho_divert,
              .range = kNonNegative,
              .def = 0.05,
              .unit = "",
              .symbol = "\\rho_{divert}",
              .doc = "sanctions: relation gain spread over non-participants"},
    ParamSpec{.name = "quality",
              .field = &Parameters::quality,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "quality",
              .doc = "arms: buyer military per unit delivered"},
    ParamSpec{.name = "price",
              .field = &Parameters::price,
              .range = kNonNegative,
              .def = 0.5,
              .unit = "",
              .symbol = "price",
              .doc = "arms: seller economy per unit delivered"},
    ParamSpec{.name = "phi",
              .field = &Parameters::phi,
              .range = kNonNegative,
              .def = 0.1,
              .unit = "",
              .symbol = "\\phi",
              .doc = "arms: technology transfer rate"},
    ParamSpec{.name = "rho_arms",
              .field = &Parameters::rho_arms,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "\\rho_{arms}",
              .doc = "arms: relation gain per unit volume"},
    ParamSpec{.name = "alpha_arms",
              .field = &Parameters::alpha_arms,
              .range = kNonNegative,
              .def = 1.0,
              .unit = "",
              .symbol = "\\alpha_{arms}",
              .doc = "arms: buyer's alignment pull toward the seller"},
    ParamSpec{.name = "arms_lag",
              .field = &Parameters::arms_lag,
              .range = kAtLeastOne,
              .def = 8.0,
              .unit = "ticks",
              .symbol = "L",
              .doc = "arms: mean contract-to-delivery lag (the order book delivers 1/L of itself per tick)",
              .only = ModelVersion::v2},
    ParamSpec{.name = "procurement",
              .field = &Parameters::procurement,
              .range = kUnit,
              .def = 0.05,
              .unit = "per tick",
              .symbol = "\\psi",
              .doc = "arms: share of a state's military capability it procures per tick, domestic and imported",
              .only = ModelVersion::v2},
    ParamSpec{.name = "rho_ex",
              .field = &Parameters::rho_ex,
              .range = kNonNegative,
              .def = 0.02,
              .unit = "",
              .symbol = "\\rho_{ex}",
              .doc = "exercises: relation gain between participants"},
    ParamSpec{.name = "alpha_ex",
              .field = &Parameters::alpha_ex,
              .range = kNonNegative,
              .def = 0.02,
              .unit = "",
              .symbol = "\\alpha_{ex}",
              .doc = "exercises: alignment pull toward the participants' mean"},
    ParamSpec{.name = "eta_ex",
              .field = &Parameters::eta_ex,
              .range = kNonNegative,
              .def = 0.0,
              .unit = "",
              .symbol = "\\eta_{ex}",
              .doc = "exercises: military growth per unit scale"},
    ParamSpec{.name = "rho_3rd",
              .field = &Parameters::rho_3rd,
              .range = kNonNegative,
              .def = 0.01,
              .unit = "",
              .symbol = "\\rho_{3rd}",
              .doc = "exercises: relation damage with third parties"},
    // q_inc scales a probability.
    ParamSpec{.name = "q_inc",
              .field = &Parameters::q_inc,
              .range = kUnit,
              .def = 0.05,
              .unit = "",
              .symbol = "q_{inc}",
              .doc = "exercises: incident probability scale"},
    ParamSpec{.name = "shock_inc",
              .field = &Parameters::shock_inc,
              .range = kNonNegative,
              .def = 0.05,
              .unit = "",
              .symbol = "shock_{inc}",
              .doc = "exercises: relation shock of one incident"},
    ParamSpec{.name = "k_engage",
              .field = &Parameters::k_engage,
              .range = kNonNegative,
              .def = 0.02,
              .unit = "",
              .symbol = "k_{engage}",
              .doc = "engagement: target's economy gain per unit exposure"},
    ParamSpec{.name = "rho_engage",
              .field = &Parameters::rho_engage,
              .range = kNonNegative,
              .def = 0.05,
              .unit = "",
              .symbol = "\\rho_{engage}",
              .doc = "engagement: relation gain target-engager"},
    ParamSpec{.name = "alpha_engage",
              .field = &Parameters::alpha_engage,
              .range = kNonNegative,
              .def = 0.02,
              .unit = "",
              .symbol = "\\alpha_{engage}",
              .doc = "engagement: alignment pull toward the engagers' mean"},
    ParamSpec{.name = "sigma_a",
              .field = &Parameters::sigma_a,
              .range = kNonNegative,
              .def = 0.0,
              .unit = "per tick and axis",
              .symbol = "\\sigma_a",
              .doc = "alignment noise standard deviation"},
    ParamSpec{.name = "sigma_c",
              .field = &Parameters::sigma_c,
              .range = kNonNegative,
              .def = 0.0,
              .unit = "per tick and dimension",
              .symbol = "\\sigma_c",
              .doc = "capability growth noise standard deviation"},
    ParamSpec{.name = "s_bloc",
              .field = &Parameters::s_bloc,
              .range = kSignedUnit,
              .def = 0.5,
              .unit = "",
              .symbol = "s_{bloc}",
              .doc = "bloc threshold on the alignment score S (observation only)"},
};

// A choice among named values of an enum, named in `options` in the enum's order.
template <class Enum, std::size_t N>
struct ChoiceSpec {
  const char* name;
  Enum Parameters::*field;
  std::array<const char*, N> options;
  Enum def;
  const char* doc;
  constexpr const char* text(Enum e) const { return options[static_cast<std::size_t>(e)]; }
  constexpr std::optional<Enum> parse(std::string_view s) const {
    for (std::size_t k = 0; k < N; ++k)
      if (s == options[k]) return static_cast<Enum>(k);
    return std::nullopt;
  }
};

inline constexpr ChoiceSpec<IncidentMode, 2> kIncidentMode{
    .name = "incident_mode",
    .field = &Parameters::incident_mode,
    .options = {"random", "expected"},
    .def = IncidentMode::random,
    .doc = "exercise incidents: drawn at random, or their expected shock every tick"};
static_assert(kIncidentMode.parse("expected") == IncidentMode::expected,
              "kIncidentMode.options must follow IncidentMode's order");

inline Parameters::Parameters() {
  for (const ParamSpec& p : kParams) this->*p.field = p.def;
  incident_mode = kIncidentMode.def;
}

namespace detail {

// Every row names its own member, its default is allowed, and no two rows share a name.
template <class Table>
constexpr bool distinct_fields(const Table& table) {
  for (std::size_t i = 0; i < table.size(); ++i)
    for (std::size_t j = i + 1; j < table.size(); ++j)
      if (table[i].field == table[j].field || std::string_view(table[i].name) == table[j].name) return false;
  return true;
}
template <class Table>
constexpr bool defaults_allowed(const Table& table) {
  for (const auto& row : table)
    if (!row.range.contains(row.def)) return false;
  return true;
}

}  // namespace detail

// With no two rows on one member, the count check means every double has its row.
static_assert(detail::distinct_fields(kParams), "two kParams rows share a member or a name");
static_assert(offsetof(Parameters, incident_mode) == kParams.size() * sizeof(double),
              "a double in Parameters has no kParams row (sim/model/parameters.hpp)");
static_assert(detail::defaults_allowed(kParams), "a kParams default is outside its range");

}  // namespace bpsim
