// parameters: every row of kParams and kIncidentMode (sim/model/parameters.hpp).
#include "sim/io/scenario/sections.hpp"
#include "sim/model/tables.hpp"

#include <vector>

namespace bpsim::io {

namespace {

const std::vector<std::string>& parameter_keys() {
  static const std::vector<std::string> keys = table_keys(kParams, kIncidentMode.name);
  return keys;
}

}  // namespace

void read_parameters(Build& b, const At& root) {
  const At at = child(root, "parameters");
  if (!at.present || !check_map(b.ck, at, parameter_keys())) return;
  for (const auto& p : kParams) {
    const At v = child(at, p.name);
    if (!v.present) continue;
    if (const std::string problem = parameter_model_problem(p, b.sc.model); !problem.empty()) {
      b.ck.error(v, problem);
      continue;
    }
    if (auto x = read_number(b.ck, v, p.range)) b.sc.params.*p.field = *x;
  }
  if (const At m = child(at, kIncidentMode.name); m.present) {
    const std::vector<std::string> options(kIncidentMode.options.begin(), kIncidentMode.options.end());
    if (auto s = read_choice(b.ck, m, options)) b.sc.params.*kIncidentMode.field = *kIncidentMode.parse(*s);
  }
}

}  // namespace bpsim::io
