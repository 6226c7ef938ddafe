#include "analysis/rows.hpp"

#include "analysis/metrics.hpp"

namespace bpsim {

std::vector<std::string> state_value_columns(const Scenario& sc) {
  std::vector<std::string> cols = {"power", "threat"};
  for (const CapabilityDim& d : sc.capability_dims) cols.push_back(d.name);
  for (const std::string& axis : sc.alignment_axes) cols.push_back(axis);
  return cols;
}

const std::vector<std::string>& dyad_value_columns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"alignment", "relation", "asymmetry", "power_ratio", "threat_ab", "threat_ba"};
    for (const std::string_view c : kDependenceNames) {
      n.push_back(std::string(c) + "_dep_ab");
      n.push_back(std::string(c) + "_dep_ba");
    }
    return n;
  }();
  return names;
}

const std::vector<std::string>& world_value_columns() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {"concentration", "effective_poles", "polarization", "blocs", "mean_relation"};
    static_assert(kWorldMetricValues == 5);
    n.insert(n.end(), kCountNames.begin(), kCountNames.end());  // the rule kinds' counts
    return n;
  }();
  return names;
}

void append_state_row(const TickView& v, int i, std::vector<double>& out) {
  out.push_back(v.d.power[i]);
  out.push_back(v.d.threat_level[i]);
  for (Eigen::Index k = 0; k < v.w.capability.cols(); ++k) out.push_back(v.w.capability(i, k));
  for (Eigen::Index k = 0; k < v.w.alignment.cols(); ++k) out.push_back(v.w.alignment(i, k));
}

std::array<double, kDyadValues> dyad_values(const TickView& v, int a, int b) {
  const DyadMetrics m = dyad_metrics(v.w, v.d, a, b);
  std::array<double, kDyadValues> out{m.alignment, m.relation, m.asymmetry, m.power_ratio, m.threat_ab, m.threat_ba};
  for (std::size_t c = 0; c < kDependenceChannels; ++c) {
    out[6 + 2 * c] = m.dep_ab[c];
    out[7 + 2 * c] = m.dep_ba[c];
  }
  return out;
}

StepCounts count_values(const TickView& v) { return v.last ? v.last->counts : StepCounts{}; }

void append_dyad_row(const TickView& v, int a, int b, std::vector<double>& out) {
  const std::array<double, kDyadValues> d = dyad_values(v, a, b);
  out.insert(out.end(), d.begin(), d.end());
}

void append_world_row(const TickView& v, std::vector<double>& out) {
  const WorldMetrics m = world_metrics(v.sc, v.w, v.d);
  out.insert(out.end(),
             {m.concentration, m.effective_poles, m.polarization, static_cast<double>(m.blocs), m.mean_relation});
  const StepCounts c = count_values(v);
  out.insert(out.end(), c.begin(), c.end());
}

}  // namespace bpsim
