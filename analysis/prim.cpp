#include "analysis/prim.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>

namespace bpsim::prim {

namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("bpsim::prim: ") + what);
}

// The cut of a bottom (upper == false) or top peel over the sorted values v: halfway
// between the order statistics at floor and ceil of h = (m - 1) alpha (for the top,
// (m - 1)(1 - alpha)), the inner index moved past ties (EMA Workbench get_quantile).
// NaN when every value is the same (nothing can be peeled).
double cut(const std::vector<double>& v, double alpha, bool upper) {
  const std::size_t m = v.size();
  const double h = static_cast<double>(m - 1) * (upper ? 1.0 - alpha : alpha);
  auto lower = static_cast<std::size_t>(std::floor(h));
  auto higher = static_cast<std::size_t>(std::ceil(h));
  if (upper) {
    while (v[lower] == v[higher] && lower > 0) --lower;
  } else {
    while (v[lower] == v[higher] && higher + 1 < m) ++higher;
  }
  if (v[lower] == v[higher]) return std::numeric_limits<double>::quiet_NaN();
  return 0.5 * (v[lower] + v[higher]);
}

Box make_box(const Eigen::VectorXd& lo, const Eigen::VectorXd& hi, const Eigen::VectorXd& lo0,
             const Eigen::VectorXd& hi0, int in_box, int interesting_in_box, int n, int interesting) {
  Box b;
  b.lo = lo;
  b.hi = hi;
  b.n_points = in_box;
  b.coverage = interesting > 0 ? static_cast<double>(interesting_in_box) / interesting
                               : std::numeric_limits<double>::quiet_NaN();
  b.density = static_cast<double>(interesting_in_box) / in_box;
  b.mass = static_cast<double>(in_box) / n;
  for (Eigen::Index j = 0; j < lo.size(); ++j)
    if (lo[j] > lo0[j] || hi[j] < hi0[j]) b.restricted.push_back(static_cast<int>(j));
  return b;
}

}  // namespace

std::vector<Box> prim_peel(const Eigen::MatrixXd& x, const std::vector<bool>& y, double alpha, double min_mass) {
  const auto n = static_cast<int>(x.rows());
  const auto k = static_cast<int>(x.cols());
  require(n >= 1 && k >= 1, "prim_peel needs at least one point and one dimension");
  require(y.size() == static_cast<std::size_t>(n), "prim_peel needs one y per row of x");
  require(alpha > 0.0 && alpha < 1.0, "prim_peel needs 0 < alpha < 1");
  require(min_mass >= 0.0 && min_mass <= 1.0, "prim_peel needs 0 <= min_mass <= 1");
  for (Eigen::Index i = 0; i < x.size(); ++i) require(!std::isnan(x.data()[i]), "prim_peel: x has a NaN");

  const int interesting = static_cast<int>(std::count(y.begin(), y.end(), true));
  const Eigen::VectorXd lo0 = x.colwise().minCoeff().transpose();
  const Eigen::VectorXd hi0 = x.colwise().maxCoeff().transpose();
  Eigen::VectorXd lo = lo0, hi = hi0;
  std::vector<int> inside(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) inside[static_cast<std::size_t>(i)] = i;
  int hits = interesting;

  std::vector<Box> trajectory;
  trajectory.push_back(make_box(lo, hi, lo0, hi0, n, hits, n, interesting));

  std::vector<double> values;
  while (hits < static_cast<int>(inside.size())) {
    // Best candidate so far: dimension, side, cut, points kept, interesting kept.
    int best_dim = -1;
    bool best_upper = false;
    double best_cut = 0.0;
    int best_kept = 0, best_hits = 0;
    double best_density = -1.0;
    for (int j = 0; j < k; ++j) {
      values.clear();
      for (int i : inside) values.push_back(x(i, j));
      std::sort(values.begin(), values.end());
      for (bool upper : {false, true}) {
        const double c = cut(values, alpha, upper);
        if (std::isnan(c)) continue;
        int kept = 0, kept_hits = 0;
        for (int i : inside) {
          const double v = x(i, j);
          if (upper ? v <= c : v >= c) {
            ++kept;
            if (y[static_cast<std::size_t>(i)]) ++kept_hits;
          }
        }
        if (kept == 0 || kept == static_cast<int>(inside.size())) continue;
        if (static_cast<double>(kept) / n < min_mass) continue;
        const double density = static_cast<double>(kept_hits) / kept;
        if (density > best_density || (density == best_density && kept > best_kept)) {
          best_dim = j;
          best_upper = upper;
          best_cut = c;
          best_kept = kept;
          best_hits = kept_hits;
          best_density = density;
        }
      }
    }
    if (best_dim < 0) break;
    std::erase_if(inside, [&](int i) {
      const double v = x(i, best_dim);
      return best_upper ? v > best_cut : v < best_cut;
    });
    (best_upper ? hi : lo)[best_dim] = best_cut;
    hits = best_hits;
    trajectory.push_back(make_box(lo, hi, lo0, hi0, best_kept, hits, n, interesting));
  }
  return trajectory;
}

Box prim_select(const std::vector<Box>& trajectory, double min_density) {
  require(!trajectory.empty(), "prim_select needs a non-empty trajectory");
  const Box* best = nullptr;
  for (const Box& b : trajectory) {
    if (!(b.density >= min_density)) continue;
    if (!best || b.coverage > best->coverage || (b.coverage == best->coverage && b.density > best->density)) best = &b;
  }
  if (best) return *best;
  for (const Box& b : trajectory) {
    if (!best || b.density > best->density || (b.density == best->density && b.coverage > best->coverage)) best = &b;
  }
  return *best;
}

}  // namespace bpsim::prim
