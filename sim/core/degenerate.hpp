// When a total or a denominator counts as absent (ODD 7.1, 7.13). One threshold for
// the whole model: the smallest normal double. Below it (0, -0.0, a denormal) a
// quotient has lost its precision or overflows to inf, so a share, ratio or weight
// that divides by it is undefined: NaN inside, an empty field in the result files.
#pragma once

#include <cmath>
#include <limits>

namespace bpsim {

inline constexpr double kMinDivisor = std::numeric_limits<double>::min();  // 2.2250738585072014e-308

// x is too small to divide by. NaN is not "too small": it is a non-finite value, which
// the run's finiteness check reports with the state it belongs to.
inline bool below_divisor(double x) { return x < kMinDivisor; }

// num / den for a denominator that cannot be negative (a total, a power, a sum of
// powers), or NaN when den is below kMinDivisor or the quotient is not finite: never inf.
inline double ratio_or_nan(double num, double den) {
  if (below_divisor(den)) return std::numeric_limits<double>::quiet_NaN();
  const double q = num / den;
  return std::isfinite(q) ? q : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace bpsim
