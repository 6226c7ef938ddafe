// Small helpers shared by the event rules.
#include "sim/rules/rules.hpp"

namespace bpsim {

double mean_alignment(const World& w, const std::vector<int>& members, Eigen::Index k) {
  double m = 0.0;
  for (int s : members) m += w.alignment(s, k);
  return members.empty() ? m : m / static_cast<double>(members.size());
}

// e = sum_{s in members} Sh[s, economy]; 0 without an economy dimension.
double economy_exposure(const Scenario& sc, const Derived& d, const std::vector<int>& members) {
  if (sc.dim(Role::economy) < 0) return 0.0;
  double e = 0.0;
  for (int s : members) e += d.share(s, sc.dim(Role::economy));
  return e;
}

std::string join_ids(const Scenario& sc, const std::vector<int>& members) {
  std::string out;
  for (int s : members) {
    if (!out.empty()) out += ';';
    out += sc.state_ids[static_cast<std::size_t>(s)];
  }
  return out;
}

}  // namespace bpsim
