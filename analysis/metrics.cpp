#include "analysis/metrics.hpp"

#include "sim/core/degenerate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace bpsim {

// Undefined power (NaN, ODD 7.1) makes every metric of it NaN, never a number.
static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// CON = sqrt((sum p^2 - 1/N) / (1 - 1/N)); round-off can make the radicand -0.
double concentration(const Eigen::VectorXd& power) {
  const double n = static_cast<double>(power.size());
  const double hhi = power.squaredNorm();
  if (std::isnan(hhi)) return kNaN;
  if (n <= 1) return 1.0;
  return std::sqrt(std::max(0.0, (hhi - 1.0 / n) / (1.0 - 1.0 / n)));
}

// 1 / sum p^2 with sum p = 1 lies in [1, N]; min(N, .) only absorbs round-off (equal
// shares 1/3 give 3.0000000000000004). Undefined when the sum of squares has no
// magnitude to divide by (all p = 0 or denormal).
double effective_poles(const Eigen::VectorXd& power) {
  const double poles = ratio_or_nan(1.0, power.squaredNorm());
  return std::isnan(poles) ? kNaN : std::min(static_cast<double>(power.size()), poles);
}

double mean_offdiagonal(const Eigen::MatrixXd& m) {
  const Eigen::Index n = m.rows();
  if (n < 2) return 0.0;
  double sum = 0.0;
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = j + 1; i < n; ++i) sum += m(i, j);
  return sum / (static_cast<double>(n) * static_cast<double>(n - 1) / 2.0);
}

double polarization(const Eigen::MatrixXd& distance, double dmax) { return mean_offdiagonal(distance) / dmax; }

static int find_root(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// Connected components of {S[i,j] >= threshold} by union-find.
int bloc_count(const Eigen::MatrixXd& score, double threshold) {
  const int n = static_cast<int>(score.rows());
  std::vector<int> parent(static_cast<std::size_t>(n));
  std::iota(parent.begin(), parent.end(), 0);
  int blocs = n;
  for (int j = 0; j < n; ++j) {
    for (int i = j + 1; i < n; ++i) {
      if (score(i, j) < threshold) continue;
      const int ri = find_root(parent, i), rj = find_root(parent, j);
      if (ri != rj) {
        parent[ri] = rj;
        --blocs;
      }
    }
  }
  return blocs;
}

DyadMetrics dyad_metrics(const World& w, const Derived& d, int a, int b) {
  const double pa = d.power[a], pb = d.power[b];
  DyadMetrics m{};
  m.alignment = d.score(a, b);
  m.relation = w.relations(a, b);
  m.asymmetry = ratio_or_nan(pa - pb, pa + pb);
  m.power_ratio = ratio_or_nan(pa, pb);
  m.threat_ab = d.threat(a, b);
  m.threat_ba = d.threat(b, a);
  for (std::size_t c = 0; c < kDependenceChannels; ++c) {
    const bool used = w.dependence[c].size() != 0;  // a channel in no use reads as 0
    m.dep_ab[c] = used ? w.dependence[c](a, b) : 0.0;
    m.dep_ba[c] = used ? w.dependence[c](b, a) : 0.0;
  }
  return m;
}

WorldMetrics world_metrics(const Scenario& sc, const World& w, const Derived& d) {
  WorldMetrics m{};
  m.concentration = concentration(d.power);
  m.effective_poles = effective_poles(d.power);
  m.polarization = polarization(d.distance, sc.dmax());
  m.blocs = bloc_count(d.score, sc.params.s_bloc);
  m.mean_relation = mean_offdiagonal(w.relations);
  return m;
}

}  // namespace bpsim
