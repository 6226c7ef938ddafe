// The normal draws (sim/core/normal.cpp, docs/ODD.md Section 7.11) are a faithful
// N(0,1): one million draws as the model makes them (rng::normals over states x axes,
// tick after tick), tested against the standard normal. Moment bounds are 5
// standard errors of the statistic for n = 10^6; the Kolmogorov-Smirnov and chi-square
// checks use their 0.1% critical values.
#include "support/check.hpp"

#include "sim/core/rng.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace bpsim;

namespace {

constexpr int kRows = 50, kCols = 4, kTicks = 5000;  // 10^6 draws
constexpr double kN = double{kRows} * kCols * kTicks;

// Phi(x), the standard normal distribution function.
double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// The sample, and the two outputs of each Box-Muller pair (columns 0 and 1) apart.
struct Sample {
  std::vector<double> all, cos_side, sin_side;
};

const Sample& sample() {
  static const Sample s = [] {
    Sample out;
    out.all.reserve(static_cast<std::size_t>(kN));
    const rng::Key key(2024, 3);
    std::vector<double> grid(kRows * kCols);
    for (int t = 0; t < kTicks; ++t) {
      rng::normals(key, t, rng::alignment_noise, kRows, kCols, grid.data());
      out.all.insert(out.all.end(), grid.begin(), grid.end());
      for (int i = 0; i < kRows; ++i) {
        out.cos_side.push_back(grid[i]);
        out.sin_side.push_back(grid[kRows + i]);
      }
    }
    return out;
  }();
  return s;
}

double count_if(const std::vector<double>& z, bool (*pred)(double)) {
  return static_cast<double>(std::count_if(z.begin(), z.end(), pred));
}

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sx += x[k];
    sy += y[k];
    sxx += x[k] * x[k];
    syy += y[k] * y[k];
    sxy += x[k] * y[k];
  }
  const double cov = sxy / n - sx / n * (sy / n);
  return cov / std::sqrt((sxx / n - sx / n * (sx / n)) * (syy / n - sy / n * (sy / n)));
}

}  // namespace

TEST_CASE("normal draws: mean 0, variance 1, skewness 0, kurtosis 3 over 10^6 draws") {
  const auto& z = sample().all;
  REQUIRE(z.size() == static_cast<std::size_t>(kN));
  double s1 = 0;
  for (const double x : z) s1 += x;
  const double mean = s1 / kN;
  double m2 = 0, m3 = 0, m4 = 0;
  for (const double x : z) {
    const double d = x - mean, d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= kN;
  m3 /= kN;
  m4 /= kN;
  CHECK(std::abs(mean) < 5 * std::sqrt(1 / kN));                    // se 0.0010
  CHECK(std::abs(m2 - 1) < 5 * std::sqrt(2 / kN));                  // se 0.0014
  CHECK(std::abs(m3 / std::pow(m2, 1.5)) < 5 * std::sqrt(6 / kN));  // se 0.0024
  CHECK(std::abs(m4 / (m2 * m2) - 3) < 5 * std::sqrt(24 / kN));     // se 0.0049
}

TEST_CASE("normal draws: tail frequencies beyond 2, 3 and 4 standard deviations") {
  const auto& z = sample().all;
  // Expected count n p and binomial standard error sqrt(n p (1 - p)).
  const auto within = [](double count, double p) {
    CAPTURE(count);
    CAPTURE(kN * p);
    return std::abs(count - kN * p) < 5 * std::sqrt(kN * p * (1 - p));
  };
  CHECK(within(count_if(z, [](double x) { return x > 2; }), phi(-2)));  // 22750 expected
  CHECK(within(count_if(z, [](double x) { return x < -2; }), phi(-2)));
  CHECK(within(count_if(z, [](double x) { return x > 3; }), phi(-3)));  // 1350 expected
  CHECK(within(count_if(z, [](double x) { return x < -3; }), phi(-3)));
  CHECK(within(count_if(z, [](double x) { return std::abs(x) > 4; }), 2 * phi(-4)));  // 63
  // No draw beyond the largest radius there is: u1 >= 2^-53, so
  // |z| <= sqrt(-2 ln 2^-53) = sqrt(106 ln 2) = 8.5716743...
  const auto [lo, hi] = std::minmax_element(z.begin(), z.end());
  CHECK(*lo > -8.5716744);
  CHECK(*hi < 8.5716744);
}

TEST_CASE("normal draws: Kolmogorov-Smirnov and chi-square against N(0,1)") {
  std::vector<double> z = sample().all;
  std::sort(z.begin(), z.end());
  double d = 0;
  for (std::size_t k = 0; k < z.size(); ++k) {
    const double f = phi(z[k]);
    d = std::max({d, (static_cast<double>(k) + 1) / kN - f, f - static_cast<double>(k) / kN});
  }
  CAPTURE(d);
  CHECK(d * std::sqrt(kN) < 1.9495);  // P(sqrt(n) D > 1.9495) = 0.001 (Kolmogorov)

  // 34 bins: width 1/4 from -4 to 4, and the two tails; expected counts 32 to 99,000.
  std::vector<double> edges = {-INFINITY};
  for (int b = -16; b <= 16; ++b) edges.push_back(b / 4.0);
  edges.push_back(INFINITY);
  double chi2 = 0;
  for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
    const auto from = std::lower_bound(z.begin(), z.end(), edges[b]);
    const auto to = std::lower_bound(z.begin(), z.end(), edges[b + 1]);
    const double observed = static_cast<double>(to - from);
    const double expected = kN * (phi(edges[b + 1]) - phi(edges[b]));
    chi2 += (observed - expected) * (observed - expected) / expected;
  }
  // The 0.1% point of chi-square with k = 33 degrees of freedom (Wilson-Hilferty):
  // k (1 - 2/(9k) + 3.0902 sqrt(2/(9k)))^3 = 63.97 (tables: 63.87).
  const double k = static_cast<double>(edges.size()) - 2;
  const double critical = k * std::pow(1 - 2 / (9 * k) + 3.0902 * std::sqrt(2 / (9 * k)), 3);
  CAPTURE(chi2);
  CHECK(critical == test::near(63.97, 1e-3));
  CHECK(chi2 < critical);
}

TEST_CASE("normal draws: the two outputs of a pair are uncorrelated, and so are their squares") {
  const auto& s = sample();
  std::vector<double> c2, s2;
  for (std::size_t k = 0; k < s.cos_side.size(); ++k) {
    c2.push_back(s.cos_side[k] * s.cos_side[k]);
    s2.push_back(s.sin_side[k] * s.sin_side[k]);
  }
  const double se = 1 / std::sqrt(static_cast<double>(s.cos_side.size()));  // 0.0014
  CHECK(std::abs(correlation(s.cos_side, s.sin_side)) < 5 * se);
  CHECK(std::abs(correlation(c2, s2)) < 5 * se);
  // Neighbouring states (counters i and i + 1) too.
  std::vector<double> next(s.cos_side.begin() + 1, s.cos_side.end());
  std::vector<double> here(s.cos_side.begin(), s.cos_side.end() - 1);
  CHECK(std::abs(correlation(here, next)) < 5 * se);
}
