// Descriptive statistics over replicate runs: mean, sd, percentiles (linear
// interpolation between order statistics, numpy's default "type 7"), and
// confidence intervals for a mean (Student t).
#pragma once

#include <vector>

namespace bpsim::stats {

// q in [0,1]; `sorted` ascending and non-empty.
double quantile_sorted(const std::vector<double>& sorted, double q);

struct Summary {
  int n = 0;                // values that are not NaN
  double mean = 0, sd = 0;  // sd with n-1 (0 when n < 2)
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

// NaN values are left out (n counts the rest); all NaN -> every field NaN, n = 0.
Summary summarize(std::vector<double> values);

// Two-sided Student t quantile t_{1 - alpha/2, df} for alpha = 0.05 (exact table for
// df <= 30, interpolated in 1/df beyond).
double t975(int df);

struct Interval {
  double mean, lo, hi;
};
// mean +- t975(n-1) sd/sqrt(n) over the non-NaN values; NaN bounds when n < 2.
Interval mean_ci95(const std::vector<double>& values);

}  // namespace bpsim::stats
