#include "analysis/sensitivity.hpp"

#include "analysis/stats.hpp"

#include "sim/core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bpsim::sensitivity {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t stream_bootstrap = 0x5E750001u;
constexpr std::uint32_t stream_morris_bootstrap = 0x5E750002u;

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("bpsim::sensitivity: ") + what);
}

// Per base row j, the terms the estimators average, row-major with width 2 + 2k:
//   [0] cA + cB, [1] cA^2 + cB^2 with cA = f(A_j) - c, cB = f(B_j) - c (c = the mean of
//   all kept f(A), f(B): the variance is shift-invariant and centring keeps the one-pass
//   formula accurate), [2 + i] f(B_j) (f(AB_ij) - f(A_j)), [2 + k + i] (f(A_j) - f(AB_ij))^2.
// Plain loops over a flat table: the bootstrap sums it a thousand times.
class Terms {
 public:
  Terms(int m, int k) : k_(k), w_(2 + 2 * k), t_(static_cast<std::size_t>(m) * (2 + 2 * k)) {}
  double* row(int j) { return t_.data() + static_cast<std::size_t>(j) * w_; }

  // V, S1 and ST over the base rows `rows` (repeats allowed); `sum` is scratch space.
  double estimate(const std::vector<int>& rows, std::vector<double>& sum, Eigen::VectorXd& S1,
                  Eigen::VectorXd& ST) const {
    sum.assign(static_cast<std::size_t>(w_), 0.0);
    double* s = sum.data();
    for (int j : rows) {
      const double* t = t_.data() + static_cast<std::size_t>(j) * w_;
      for (int c = 0; c < w_; ++c) s[c] += t[c];
    }
    const double two_m = 2.0 * static_cast<double>(rows.size());
    const double mean = s[0] / two_m;
    const double variance = std::max(0.0, s[1] / two_m - mean * mean);
    S1.resize(k_);
    ST.resize(k_);
    if (rows.size() < 2 || !(variance > 0.0)) {
      S1.setConstant(nan);
      ST.setConstant(nan);
      return variance;
    }
    const auto m = static_cast<double>(rows.size());
    for (int i = 0; i < k_; ++i) {
      S1[i] = s[2 + i] / (m * variance);
      ST[i] = s[2 + k_ + i] / (2.0 * m * variance);
    }
    return variance;
  }

 private:
  int k_, w_;
  std::vector<double> t_;
};

struct Moments {
  int count = 0;
  double mean = nan, sd = nan;
};

Moments moments(const std::vector<double>& v) {
  Moments out;
  out.count = static_cast<int>(v.size());
  if (v.empty()) return out;
  double sum = 0.0;
  for (double x : v) sum += x;
  out.mean = sum / static_cast<double>(v.size());
  if (v.size() < 2) return out;
  double ss = 0.0;
  for (double x : v) ss += (x - out.mean) * (x - out.mean);
  out.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
  return out;
}

}  // namespace

double quantile(std::vector<double> values, double q) {
  require(q >= 0.0 && q <= 1.0, "quantile needs 0 <= q <= 1");
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return nan;
  std::sort(values.begin(), values.end());
  return stats::quantile_sorted(values, q);
}

SobolIndices sobol_indices(const Eigen::VectorXd& y, int n, int k, int bootstrap, double confidence,
                           std::uint64_t seed) {
  require(n >= 1 && k >= 1, "sobol_indices needs n >= 1 and k >= 1");
  require(y.size() == static_cast<Eigen::Index>(n) * (k + 2),
          "sobol_indices needs y.size() == n (k + 2) (Saltelli row order)");
  require(bootstrap >= 0, "sobol_indices needs bootstrap >= 0");
  require(confidence > 0.0 && confidence < 1.0, "sobol_indices needs 0 < confidence < 1");

  // Keep the base rows whose every block is a number.
  std::vector<int> kept;
  for (int j = 0; j < n; ++j) {
    bool ok = true;
    for (int b = 0; b < k + 2 && ok; ++b) ok = !std::isnan(y[static_cast<Eigen::Index>(b) * n + j]);
    if (ok) kept.push_back(j);
  }
  const int m = static_cast<int>(kept.size());
  auto at = [&](int block, int r) {
    return y[static_cast<Eigen::Index>(block) * n + kept[static_cast<std::size_t>(r)]];
  };
  double centre = 0.0;
  for (int r = 0; r < m; ++r) centre += at(0, r) + at(1, r);
  if (m > 0) centre /= 2.0 * m;
  Terms terms(m, k);
  for (int r = 0; r < m; ++r) {
    double* t = terms.row(r);
    const double fA = at(0, r), fB = at(1, r);
    t[0] = (fA - centre) + (fB - centre);
    t[1] = (fA - centre) * (fA - centre) + (fB - centre) * (fB - centre);
    for (int i = 0; i < k; ++i) {
      const double fAB = at(2 + i, r);
      t[2 + i] = fB * (fAB - fA);
      t[2 + k + i] = (fA - fAB) * (fA - fAB);
    }
  }

  SobolIndices out;
  out.dropped = n - m;
  std::vector<int> rows(static_cast<std::size_t>(m));
  for (int r = 0; r < m; ++r) rows[static_cast<std::size_t>(r)] = r;
  std::vector<double> scratch;
  out.variance = terms.estimate(rows, scratch, out.S1, out.ST);
  out.S1_lo = out.S1_hi = out.ST_lo = out.ST_hi = Eigen::VectorXd::Constant(k, nan);
  if (bootstrap == 0 || m < 2) return out;

  // Resample r of bootstrap b: 32 bits of Philox block (b, stream, r / 4), word r % 4,
  // scaled to [0, m) by multiply-shift.
  const rng::Key key(seed, 0);
  std::vector<std::vector<double>> s1(static_cast<std::size_t>(k)), st(static_cast<std::size_t>(k));
  for (auto& v : s1) v.reserve(static_cast<std::size_t>(bootstrap));
  for (auto& v : st) v.reserve(static_cast<std::size_t>(bootstrap));
  Eigen::VectorXd bS1, bST;
  for (int b = 0; b < bootstrap; ++b) {
    for (int r = 0; r < m; r += 4) {
      const auto words = rng::philox4x32(
          {static_cast<std::uint32_t>(b), stream_bootstrap, static_cast<std::uint32_t>(r / 4), 0u}, key.k);
      for (int w = 0; w < 4 && r + w < m; ++w)
        rows[static_cast<std::size_t>(r) + static_cast<std::size_t>(w)] =
            static_cast<int>((std::uint64_t{words[static_cast<std::size_t>(w)]} * static_cast<std::uint64_t>(m)) >> 32);
    }
    terms.estimate(rows, scratch, bS1, bST);
    for (int i = 0; i < k; ++i) {
      s1[static_cast<std::size_t>(i)].push_back(bS1[i]);
      st[static_cast<std::size_t>(i)].push_back(bST[i]);
    }
  }
  const double qlo = (1.0 - confidence) / 2.0, qhi = (1.0 + confidence) / 2.0;
  for (int i = 0; i < k; ++i) {
    const auto& a = s1[static_cast<std::size_t>(i)];
    const auto& t = st[static_cast<std::size_t>(i)];
    out.S1_lo[i] = quantile(a, qlo);
    out.S1_hi[i] = quantile(a, qhi);
    out.ST_lo[i] = quantile(t, qlo);
    out.ST_hi[i] = quantile(t, qhi);
  }
  return out;
}

namespace {

// The elementary effects of design d: [trajectory][factor], NaN where an output was NaN.
std::vector<std::vector<double>> elementary_effects(const design::MorrisDesign& d, const Eigen::VectorXd& y) {
  const int k = d.k, r = d.trajectories;
  std::vector<std::vector<double>> ee(static_cast<std::size_t>(r),
                                      std::vector<double>(static_cast<std::size_t>(k), nan));
  for (int t = 0; t < r; ++t) {
    std::vector<bool> moved(static_cast<std::size_t>(k), false);
    for (int s = 0; s < k; ++s) {
      const Eigen::Index before = static_cast<Eigen::Index>(t) * (k + 1) + s;
      const Eigen::Index after = before + 1;
      int changed = -1;
      for (int i = 0; i < k; ++i) {
        if (d.points(after, i) == d.points(before, i)) continue;
        require(changed < 0, "morris_indices: consecutive points differ in more than one factor");
        changed = i;
      }
      require(changed >= 0, "morris_indices: consecutive points do not differ");
      require(!moved[static_cast<std::size_t>(changed)], "morris_indices: a factor moves twice in one trajectory");
      moved[static_cast<std::size_t>(changed)] = true;
      ee[static_cast<std::size_t>(t)][static_cast<std::size_t>(changed)] =
          (y[after] - y[before]) / (d.points(after, changed) - d.points(before, changed));
    }
  }
  return ee;
}

// mu* of factor i over the trajectories `rows` (repeats allowed); NaN when none has an effect.
double mu_star_of(const std::vector<std::vector<double>>& ee, const std::vector<int>& rows, int i) {
  double sum = 0.0;
  int n = 0;
  for (const int t : rows) {
    const double e = ee[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)];
    if (std::isnan(e)) continue;
    sum += std::abs(e);
    ++n;
  }
  return n == 0 ? nan : sum / n;
}

// Resample of bootstrap b: trajectory t is 32 bits of Philox block (b, stream, t / 4),
// word t % 4, scaled to [0, r) by multiply-shift (as Sobol's bootstrap).
void resample(const rng::Key& key, int b, std::vector<int>& rows) {
  const auto r = static_cast<int>(rows.size());
  for (int t = 0; t < r; t += 4) {
    const auto words = rng::philox4x32(
        {static_cast<std::uint32_t>(b), stream_morris_bootstrap, static_cast<std::uint32_t>(t / 4), 0u}, key.k);
    for (int w = 0; w < 4 && t + w < r; ++w)
      rows[static_cast<std::size_t>(t) + static_cast<std::size_t>(w)] =
          static_cast<int>((std::uint64_t{words[static_cast<std::size_t>(w)]} * static_cast<std::uint64_t>(r)) >> 32);
  }
}

}  // namespace

MorrisIndices morris_indices(const design::MorrisDesign& d, const Eigen::VectorXd& y, int bootstrap, double confidence,
                             std::uint64_t seed) {
  const int k = d.k, r = d.trajectories;
  require(d.points.rows() == static_cast<Eigen::Index>(r) * (k + 1) && d.points.cols() == k,
          "morris_indices: the design's points do not match trajectories (k + 1) x k");
  require(y.size() == d.points.rows(), "morris_indices needs one output per design point");
  require(bootstrap >= 0, "morris_indices needs bootstrap >= 0");
  require(confidence > 0.0 && confidence < 1.0, "morris_indices needs 0 < confidence < 1");
  const std::vector<std::vector<double>> ee = elementary_effects(d, y);
  MorrisIndices out{Eigen::VectorXd(k), Eigen::VectorXd(k), Eigen::VectorXd(k), Eigen::VectorXd::Constant(k, nan),
                    Eigen::VectorXd::Constant(k, nan)};
  std::vector<int> rows(static_cast<std::size_t>(r));
  for (int t = 0; t < r; ++t) rows[static_cast<std::size_t>(t)] = t;
  for (int i = 0; i < k; ++i) {
    std::vector<double> e;
    for (const auto& per_trajectory : ee)
      if (!std::isnan(per_trajectory[static_cast<std::size_t>(i)]))
        e.push_back(per_trajectory[static_cast<std::size_t>(i)]);
    const Moments mo = moments(e);
    out.mu[i] = mo.mean;
    out.sigma[i] = mo.sd;
    out.mu_star[i] = mu_star_of(ee, rows, i);
  }
  if (bootstrap == 0 || r < 1) return out;
  const rng::Key key(seed, 0);
  std::vector<std::vector<double>> boot(static_cast<std::size_t>(k));
  for (int b = 0; b < bootstrap; ++b) {
    resample(key, b, rows);
    for (int i = 0; i < k; ++i) boot[static_cast<std::size_t>(i)].push_back(mu_star_of(ee, rows, i));
  }
  const double qlo = (1.0 - confidence) / 2.0, qhi = (1.0 + confidence) / 2.0;
  for (int i = 0; i < k; ++i) {
    out.mu_star_lo[i] = quantile(boot[static_cast<std::size_t>(i)], qlo);
    out.mu_star_hi[i] = quantile(boot[static_cast<std::size_t>(i)], qhi);
  }
  return out;
}

std::vector<LevelStats> by_level(const Eigen::VectorXd& x, const Eigen::VectorXd& y, int bins) {
  require(bins >= 1, "by_level needs bins >= 1");
  require(x.size() == y.size(), "by_level needs x and y of the same size");
  std::vector<std::pair<double, double>> pts;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i]) && !std::isnan(y[i])) pts.emplace_back(x[i], y[i]);
  std::sort(pts.begin(), pts.end());

  // Group boundaries: (lo, hi) per group and the y values that fall in it.
  std::vector<LevelStats> out;
  std::vector<std::vector<double>> groups;
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < pts.size(); ++i)
    if (i == 0 || pts[i].first != pts[i - 1].first) ++distinct;
  if (distinct <= static_cast<std::size_t>(bins)) {
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (i == 0 || pts[i].first != pts[i - 1].first) {
        out.push_back(LevelStats{pts[i].first, pts[i].first, 0, nan, nan, nan, nan, nan});
        groups.emplace_back();
      }
      groups.back().push_back(pts[i].second);
    }
  } else {
    const double lo = pts.front().first, hi = pts.back().first;
    const double width = (hi - lo) / bins;
    for (int b = 0; b < bins; ++b) {
      const double blo = lo + b * width;
      const double bhi = b == bins - 1 ? hi : lo + (b + 1) * width;
      out.push_back(LevelStats{blo, bhi, 0, nan, nan, nan, nan, nan});
    }
    groups.resize(static_cast<std::size_t>(bins));
    for (const auto& [xv, yv] : pts) {
      int b = static_cast<int>((xv - lo) / width);
      b = std::clamp(b, 0, bins - 1);
      // Round-off at an edge: keep the bins half-open [lo, hi).
      if (b > 0 && xv < out[static_cast<std::size_t>(b)].lo) --b;
      if (b < bins - 1 && xv >= out[static_cast<std::size_t>(b)].hi) ++b;
      groups[static_cast<std::size_t>(b)].push_back(yv);
    }
  }
  for (std::size_t g = 0; g < out.size(); ++g) {
    const auto& v = groups[g];
    const Moments mo = moments(v);
    out[g].count = mo.count;
    out[g].mean = mo.mean;
    out[g].sd = mo.sd;
    if (!v.empty()) {
      out[g].p05 = quantile(v, 0.05);
      out[g].p50 = quantile(v, 0.50);
      out[g].p95 = quantile(v, 0.95);
    }
  }
  return out;
}

}  // namespace bpsim::sensitivity
