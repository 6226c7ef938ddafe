// Sensitivity analysis of model outputs over the designs of analysis/design.hpp:
// variance-based Sobol' indices (Saltelli 2010 first order, Jansen 1999 total) with
// percentile-bootstrap confidence intervals, Morris elementary effects, and per-level
// summaries of an output. Bootstrap resampling uses the Philox generator of
// sim/core/rng.hpp, so results are identical on every platform.
#pragma once

#include "analysis/design.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace bpsim::sensitivity {

// The q-quantile of the values by linear interpolation between order statistics
// (Hyndman & Fan type 7, numpy's default): h = (m - 1) q, x[floor h] + (h - floor h)
// (x[floor h + 1] - x[floor h]) over the m sorted non-NaN values. NaN when no value is
// left; throws std::invalid_argument unless 0 <= q <= 1. Takes its argument by value
// and sorts the copy, so the input need not be sorted.
double quantile(std::vector<double> values, double q);

// First-order and total Sobol' indices from outputs y in the row order of
// design::saltelli (f(A), f(B), f(AB_1), ..., f(AB_k), n rows each):
//   V     = population variance (divisor 2n) of concat(f(A), f(B)), as SALib,
//   S1_i  = mean(f(B) (f(AB_i) - f(A))) / V                 (Saltelli et al. 2010),
//   ST_i  = mean((f(A) - f(AB_i))^2) / 2 / V                (Jansen 1999).
// [S1_lo, S1_hi] and [ST_lo, ST_hi] are percentile-bootstrap intervals at level
// `confidence`: `bootstrap` resamples of the base rows j (the same j for A, B and every
// AB_i), quantiles (1 -+ confidence)/2 of the resampled estimates by `quantile`.
// With bootstrap == 0 the bounds are NaN. A base row j with a NaN in any block is
// dropped from everything and counted in `dropped`. Indices are NaN when fewer than two
// rows remain or V == 0. Throws std::invalid_argument when y.size() != n (k + 2).
struct SobolIndices {
  Eigen::VectorXd S1, ST, S1_lo, S1_hi, ST_lo, ST_hi;
  double variance;
  int dropped;  // base rows dropped because some output of theirs was NaN
};
SobolIndices sobol_indices(const Eigen::VectorXd& y, int n, int k, int bootstrap = 1000, double confidence = 0.95,
                           std::uint64_t seed = 1);

// Morris elementary effects from outputs y in the row order of design::morris. For
// consecutive points of a trajectory the factor i that changed is found from the
// points (exactly one coordinate must differ; std::invalid_argument otherwise) and
// EE = (y_after - y_before) / (x_after_i - x_before_i), the signed step in the unit
// hypercube: for a factor mapped to [lo, hi], divide by (hi - lo) to get the effect per
// unit of the factor. Per factor: mu = mean EE, mu_star = mean |EE|, sigma = sample
// standard deviation of EE (divisor r - 1; NaN when r < 2). Effects with a NaN output
// are left out of their factor's statistics.
// [mu_star_lo, mu_star_hi] is a percentile-bootstrap interval of mu* at level
// `confidence`: `bootstrap` resamples of the r trajectories with replacement (the same
// trajectories for every factor), mu* of each, quantiles (1 -+ confidence)/2 by
// `quantile`; the draws are Philox blocks (b, stream, t / 4) of `seed`, so the interval
// is the same on every platform. With bootstrap == 0 the bounds are NaN.
struct MorrisIndices {
  Eigen::VectorXd mu, mu_star, sigma;
  Eigen::VectorXd mu_star_lo, mu_star_hi;
};
MorrisIndices morris_indices(const design::MorrisDesign& d, const Eigen::VectorXd& y, int bootstrap = 0,
                             double confidence = 0.95, std::uint64_t seed = 1);

// Summary of the outputs y at one level (or bin) of a factor x.
struct LevelStats {
  double lo, hi;  // the level (lo == hi) or the bin [lo, hi) ([lo, hi] for the last)
  int count;      // points with this level and a non-NaN y
  double mean;
  double sd;             // sample standard deviation (divisor count - 1); NaN if count < 2
  double p05, p50, p95;  // type-7 quantiles; NaN when count == 0
};

// Per distinct value of x when x takes at most `bins` distinct values (a factor set on
// levels, e.g. by design::full_grid), in increasing order; otherwise per equal-width bin
// of [min x, max x] (`bins` bins, empty ones kept with count 0 and NaN statistics).
// Points with NaN x or y are ignored. Needs bins >= 1 and x.size() == y.size().
std::vector<LevelStats> by_level(const Eigen::VectorXd& x, const Eigen::VectorXd& y, int bins);

}  // namespace bpsim::sensitivity
