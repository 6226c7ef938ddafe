// parameters: any field of bpsim::Parameters, with its allowed range (kParams, sim/model/tables.hpp).
#include "sim/io/scenario/sections.hpp"

#include <array>

namespace bpsim::io {

namespace {

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
