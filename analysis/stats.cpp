#include "analysis/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bpsim::stats {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

Summary summarize(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  Summary s;
  s.n = static_cast<int>(values.size());
  if (values.empty()) {
    s.mean = s.sd = s.p5 = s.p25 = s.p50 = s.p75 = s.p95 = nan;
    return s;
  }
  // Shifted by the first value, so that equal values give their value back exactly
  // (and sd 0, not round-off) whatever their number.
  const double shift = values.front();
  double sum = 0;
  for (double v : values) sum += v - shift;
  s.mean = shift + sum / s.n;
  if (s.n > 1) {
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / (s.n - 1));
  }
  std::sort(values.begin(), values.end());
  s.p5 = quantile_sorted(values, 0.05);
  s.p25 = quantile_sorted(values, 0.25);
  s.p50 = quantile_sorted(values, 0.50);
  s.p75 = quantile_sorted(values, 0.75);
  s.p95 = quantile_sorted(values, 0.95);
  return s;
}

double t975(int df) {
  static constexpr double table[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                     2.201, 2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
                                     2.074, 2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return nan;
  if (df <= 30) return table[df];
  // Beyond 30, t is close to linear in 1/df between t_30 = 2.042 and z = 1.960.
  return 1.959964 + (2.042 - 1.959964) * 30.0 / df;
}

Interval mean_ci95(const std::vector<double>& values) {
  const Summary s = summarize(values);
  if (s.n < 2) return {s.mean, nan, nan};
  const double half = t975(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
  return {s.mean, s.mean - half, s.mean + half};
}

}  // namespace bpsim::stats
