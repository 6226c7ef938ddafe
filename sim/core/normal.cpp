// Standard normal draws: Box-Muller on the two uniforms of one Philox block, both
// outputs kept, with bpsim's own logarithm, sine and cosine (docs/ODD.md Section 7.11).
//
// Same bits on every build. Each step below is an IEEE operation (+, -, *, /, sqrt,
// exact integer and bit manipulations), and those are correctly rounded on every
// instruction set, in a vector lane as in a scalar register. The only freedom a
// compiler has is contraction: fusing a * b + c into one FMA (rounded once) on an FMA
// build but not on a generic one. It is switched off for this file below, after the
// includes, so that only the functions defined here are affected. libm's log, sin and
// cos are not used: their last bit may depend on the library build and the CPU.
#include "sim/core/rng.hpp"

#include <cmath>
#include <cstdint>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off", "no-math-errno")
#endif

namespace bpsim::rng {

namespace {

constexpr double kLn2 = 0x1.62e42fefa39efp-1;
constexpr std::uint64_t kExponentMask = 0x7FF0000000000000ull;
constexpr std::uint64_t kOneBits = 0x3FF0000000000000ull;  // the bits of 1.0

// Bit casts (the builtin: std::bit_cast is a function compiled without the pragma above,
// which GCC then does not inline here).
inline double as_double(std::uint64_t b) { return __builtin_bit_cast(double, b); }
inline std::uint64_t as_bits(double x) { return __builtin_bit_cast(std::uint64_t, x); }

// A 52-bit integer as a double, exactly: 2^52 + k has k as its mantissa. (x86-64 has
// no 64-bit integer to double conversion in SSE2 or AVX2; this vectorises.)
inline double exact_52(std::uint64_t k) {
  return as_double(k | 0x4330000000000000ull) - 0x1p52;
}

// ln u for u = open_unit(bits) = (k + 1/2) 2^-52, k = bits >> 12.
// t = k + 1/2 = 2^e m with m in [sqrt(1/2), sqrt(2)), ln u = (e - 52) ln 2 + ln m, and
// ln m = 2 atanh(s) = sum_{j>=0} 2 s^(2j+1) / (2j+1), s = (m - 1) / (m + 1), |s| <= 0.1716.
// Ten terms: the first left out is below 2.3e-17 of the sum.
inline double ln_open_unit(std::uint64_t bits) {
  const double t = exact_52(bits >> 12) + 0.5;  // exact: k < 2^52
  const std::uint64_t tb = as_bits(t);
  // m = the mantissa of t in [1, 2), halved (the exponent field less one) when above
  // sqrt(2); branch-free (bit operations), so that the loop below vectorises.
  const std::uint64_t mantissa = tb & ~kExponentMask;
  constexpr std::uint64_t kSqrt2Mantissa = 0x6a09e667f3bcdull;  // sqrt(2) = 1.6a09e667f3bcd p0
  const std::uint64_t high = (mantissa + ((std::uint64_t{1} << 52) - 1 - kSqrt2Mantissa)) >> 52;
  const double m = as_double((mantissa | kOneBits) - (high << 52));
  const double e = exact_52((tb >> 52) + high) - (1023.0 + 52.0);
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double p = 0x1.af286bca1af28p-4;  // 2/19
  p = p * s2 + 0x1.e1e1e1e1e1e1ep-4;  // 2/17
  p = p * s2 + 0x1.1111111111111p-3;  // 2/15
  p = p * s2 + 0x1.3b13b13b13b14p-3;  // 2/13
  p = p * s2 + 0x1.745d1745d1746p-3;  // 2/11
  p = p * s2 + 0x1.c71c71c71c71cp-3;  // 2/9
  p = p * s2 + 0x1.2492492492492p-2;  // 2/7
  p = p * s2 + 0x1.999999999999ap-2;  // 2/5
  p = p * s2 + 0x1.5555555555555p-1;  // 2/3
  p = p * s2 + 2.0;
  return e * kLn2 + s * p;
}

// (cos 2 pi u, sin 2 pi u) for u = open_unit(bits). 4u = (k + 1/2) 2^-50 = n + f with n
// the nearest integer (0..4: the quadrant) and |f| < 1/2, both exact; then
// 2 pi u = n pi/2 + phi, phi = f pi/2 in (-pi/4, pi/4), whose sine and cosine are Taylor
// polynomials in f (coefficients (pi/2)^p / p!): the first terms left out are below
// 1e-19 (sine, relative) and 2.1e-18 (cosine). The quadrant swaps and negates them.
inline void cos_sin_turn(std::uint64_t bits, double& cos_out, double& sin_out) {
  const std::uint64_t k = bits >> 12;
  const std::uint64_t n = (k + (std::uint64_t{1} << 49)) >> 50;
  const double f = (exact_52(k) + 0.5) * 0x1p-50 - exact_52(n);  // exact (Sterbenz)
  const double f2 = f * f;
  double sp = 0x1.aaec32af93359p-38;  // (pi/2)^17 / 17!
  sp = sp * f2 - 0x1.6fadb9f155744p-31;
  sp = sp * f2 + 0x1.e8f434d018d63p-25;
  sp = sp * f2 - 0x1.e3074fde8871fp-19;
  sp = sp * f2 + 0x1.50783487ee782p-13;
  sp = sp * f2 - 0x1.32d2cce62bd86p-8;
  sp = sp * f2 + 0x1.466bc6775aae2p-4;
  sp = sp * f2 - 0x1.4abbce625be53p-1;
  sp = sp * f2 + 0x1.921fb54442d18p+0;  // pi/2
  const double sn = f * sp;
  double cp = 0x1.20c62c2f2d7f5p-34;  // (pi/2)^16 / 16!
  cp = cp * f2 - 0x1.b6e24f44b128fp-28;
  cp = cp * f2 + 0x1.f9d38a3763cc3p-22;
  cp = cp * f2 - 0x1.a6d1f2a204a8cp-16;
  cp = cp * f2 + 0x1.e1f506891babbp-11;
  cp = cp * f2 - 0x1.55d3c7e3cbffap-6;
  cp = cp * f2 + 0x1.03c1f081b5ac4p-2;
  cp = cp * f2 - 0x1.3bd3cc9be45dep+0;
  const double cs = cp * f2 + 1.0;
  // Quadrant n (mod 4): cos = c, -s, -c, s; sin = s, c, -s, -c.
  const std::uint64_t odd = -(n & 1);  // all ones in quadrants 1 and 3
  const std::uint64_t cos_sign = ((n ^ (n >> 1)) & 1) << 63, sin_sign = ((n >> 1) & 1) << 63;
  const std::uint64_t sb = as_bits(sn), cb = as_bits(cs);
  cos_out = as_double(((sb & odd) | (cb & ~odd)) ^ cos_sign);
  sin_out = as_double(((cb & odd) | (sb & ~odd)) ^ sin_sign);
}

// x[c] = sqrt(x[c]) for c < normal_batch, with the vector square root: the scalar one
// keeps a call to libm for errno (the pragma's no-math-errno does not reach it), which
// stops GCC vectorising the loop. IEEE sqrt is correctly rounded: the same bits either way.
inline void sqrt_batch(double* x) {
#if defined(__AVX__)  // (also on AVX-512: GCC 12's avx512fintrin.h warns falsely)
  for (int c = 0; c < normal_batch; c += 4) _mm256_storeu_pd(x + c, _mm256_sqrt_pd(_mm256_loadu_pd(x + c)));
#elif defined(__SSE2__)
  for (int c = 0; c < normal_batch; c += 2) _mm_storeu_pd(x + c, _mm_sqrt_pd(_mm_loadu_pd(x + c)));
#else
  for (int c = 0; c < normal_batch; ++c) x[c] = std::sqrt(x[c]);
#endif
}

}  // namespace

void box_muller(const std::uint64_t* radius_bits, const std::uint64_t* angle_bits, int count,
                double* z_cos, double* z_sin) {
  for (int c0 = 0; c0 < count; c0 += normal_batch) {
    const int n = count - c0 < normal_batch ? count - c0 : normal_batch;
    double r[normal_batch] = {1, 1, 1, 1, 1, 1, 1, 1}, co[normal_batch], si[normal_batch];
    for (int c = 0; c < n; ++c) {
      r[c] = -2.0 * ln_open_unit(radius_bits[c0 + c]);
      cos_sin_turn(angle_bits[c0 + c], co[c], si[c]);
    }
    sqrt_batch(r);
    for (int c = 0; c < n; ++c) {
      z_cos[c0 + c] = r[c] * co[c];
      z_sin[c0 + c] = r[c] * si[c];
    }
  }
}

}  // namespace bpsim::rng
