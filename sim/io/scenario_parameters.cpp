// parameters: any field of bpsim::Parameters, each with its allowed range.
#include "sim/io/scenario_sections.hpp"

#include <array>

namespace bpsim::io {

namespace {

struct ParamSpec {
  const char* name;
  double Parameters::*field;
  Range range;
};

constexpr std::array<ParamSpec, 29> kParams{{
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

// A new field in Parameters must be added to kParams too.
static_assert(sizeof(Parameters) == kParams.size() * sizeof(double) + sizeof(double),
              "Parameters changed: update kParams in scenario_parameters.cpp");

const std::vector<std::string>& parameter_keys() {
  static const std::vector<std::string> keys = table_keys(kParams, "incident_mode");
  return keys;
}

}  // namespace

void read_parameters(Build& b, const At& root) {
  const At at = child(root, "parameters");
  if (!at.present || !check_map(b.ck, at, parameter_keys())) return;
  for (const auto& p : kParams)
    if (const At v = child(at, p.name); v.present)
      if (auto x = read_number(b.ck, v, p.range)) b.sc.params.*p.field = *x;
  if (const At m = child(at, "incident_mode"); m.present)
    if (auto s = read_choice(b.ck, m, {"random", "expected"}))
      b.sc.params.incident_mode = *s == "random" ? IncidentMode::random : IncidentMode::expected;
}

}  // namespace bpsim::io
