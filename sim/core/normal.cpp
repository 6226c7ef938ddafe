// Standard normal draws: Box-Muller on the two uniforms of one Philox block, both
// outputs kept, with bpsim's own logarithm, sine and cosine (docs/ODD.md Section 7.11),
// many blocks at a time (vector lanes, and independent chains that overlap).
//
// Same bits on every build. Each step below is an IEEE operation (+, -, *, /, sqrt,
// exact integer and bit manipulations), and those are correctly rounded on every
// instruction set, in a vector lane as in a scalar register. The only freedom a
// compiler has is contraction: fusing a * b + c into one FMA (rounded once) on an FMA
// build but not on a generic one. It is switched off for this file below, after the
// includes, so that only the functions defined here are affected. libm's log, sin and
// cos are not used: their last bit may depend on the library build and the CPU.
#include "sim/core/rng.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <immintrin.h>  // x86-64: SSE2 at least
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
inline double exact_52(std::uint64_t k) { return as_double(k | 0x4330000000000000ull) - 0x1p52; }

// ln u for u = open_unit(bits) = (k + 1/2) 2^-52, k = bits >> 12.
// t = k + 1/2 = 2^e m with m in [sqrt(1/2), sqrt(2)), ln u = (e - 52) ln 2 + ln m, and
// ln m = 2 atanh(s) = 2 s + s R(s^2), s = (m - 1) / (m + 1), |s| <= 0.1716, with R the
// degree-7 minimax polynomial of fdlibm's e_log.c (Lg1..Lg7, error below 2^-58.45),
// evaluated in its even and odd halves (two short chains instead of one long one).
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
  const double z = s * s, w = z * z;
  const double odd =
      z * (0x1.5555555555593p-1 + w * (0x1.2492494229359p-2 +                                    // Lg1, Lg3
                                       w * (0x1.7466496cb03dep-3 + w * 0x1.2f112df3e5244p-3)));  // Lg5, Lg7
  const double even = w * (0x1.999999997fa04p-2 + w * (0x1.c71c51d8e78afp-3 +                    // Lg2, Lg4
                                                       w * 0x1.39a09d078c69fp-3));               // Lg6
  return e * kLn2 + s * (2.0 + (odd + even));
}

// (cos 2 pi u, sin 2 pi u) for u = open_unit(bits). 4u = (k + 1/2) 2^-50 = n + f with n
// the nearest integer (0..4: the quadrant) and |f| < 1/2, both exact; then
// 2 pi u = n pi/2 + phi, phi = f pi/2 in (-pi/4, pi/4), whose sine and cosine are Taylor
// polynomials in f (coefficients (pi/2)^p / p!): the first terms left out are below
// 1e-19 (sine, relative) and 2.1e-18 (cosine). Each is evaluated as its two halves in
// f^4 (even and odd powers of f^2), two short chains instead of one long one. The
// quadrant swaps and negates them.
inline void cos_sin_turn(std::uint64_t bits, double& cos_out, double& sin_out) {
  const std::uint64_t k = bits >> 12;
  const std::uint64_t n = (k + (std::uint64_t{1} << 49)) >> 50;
  const double f = (exact_52(k) + 0.5) * 0x1p-50 - exact_52(n);  // exact (Sterbenz)
  const double f2 = f * f, f4 = f2 * f2;
  // sin(f pi/2) / f = a1 + a3 f^2 + ... + a17 f^16, a_p = +-(pi/2)^p / p!
  const double s_even = 0x1.921fb54442d18p+0 +                                                    // a1 = pi/2
                        f4 * (0x1.466bc6775aae2p-4 +                                              // a5
                              f4 * (0x1.50783487ee782p-13 +                                       // a9
                                    f4 * (0x1.e8f434d018d63p-25 + f4 * 0x1.aaec32af93359p-38)));  // a13, a17
  const double s_odd = -0x1.4abbce625be53p-1 +                                                    // a3
                       f4 * (-0x1.32d2cce62bd86p-8 +                                              // a7
                             f4 * (-0x1.e3074fde8871fp-19 + f4 * -0x1.6fadb9f155744p-31));        // a11, a15
  const double sn = f * (s_even + f2 * s_odd);
  // (cos(f pi/2) - 1) / f^2 = b2 + b4 f^2 + ... + b16 f^14, b_p = +-(pi/2)^p / p!
  const double c_even = -0x1.3bd3cc9be45dep+0 +                                              // b2
                        f4 * (-0x1.55d3c7e3cbffap-6 +                                        // b6
                              f4 * (-0x1.a6d1f2a204a8cp-16 + f4 * -0x1.b6e24f44b128fp-28));  // b10, b14
  const double c_odd = 0x1.03c1f081b5ac4p-2 +                                                // b4
                       f4 * (0x1.e1f506891babbp-11 +                                         // b8
                             f4 * (0x1.f9d38a3763cc3p-22 + f4 * 0x1.20c62c2f2d7f5p-34));     // b12, b16
  const double cs = f2 * (c_even + f2 * c_odd) + 1.0;
  // Quadrant n (mod 4): cos = c, -s, -c, s; sin = s, c, -s, -c.
  const std::uint64_t odd = -(n & 1);  // all ones in quadrants 1 and 3
  const std::uint64_t cos_sign = ((n ^ (n >> 1)) & 1) << 63, sin_sign = ((n >> 1) & 1) << 63;
  const std::uint64_t sb = as_bits(sn), cb = as_bits(cs);
  cos_out = as_double(((sb & odd) | (cb & ~odd)) ^ cos_sign);
  sin_out = as_double(((cb & odd) | (sb & ~odd)) ^ sin_sign);
}

// Philox4x32-10 side by side, for normal_blocks: the same bits as philox4x32 on each
// counter (integer arithmetic, exact everywhere). One 64-bit lane per counter: the
// 32 x 32 -> 64 multiply (pmuludq) reads only the low half of a lane, so the high halves
// may hold junk between rounds (no masking) and are dropped at the end. Several
// registers go through the rounds together, so that their multiplies overlap (one
// register alone waits on the multiply's latency every round).
#if defined(__AVX512F__)
using Lanes = __m512i;
constexpr int kLanes = 8;
inline Lanes splat(std::uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); }
inline Lanes load_u32(const std::uint32_t* p) {
  return _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}
inline Lanes mul_low32(Lanes a, Lanes b) { return _mm512_mul_epu32(a, b); }
inline Lanes xor3(Lanes a, Lanes b, Lanes c) { return _mm512_xor_si512(_mm512_xor_si512(a, b), c); }
inline Lanes high32(Lanes a) { return _mm512_srli_epi64(a, 32); }
inline Lanes join(Lanes hi, Lanes lo) {  // hi << 32 | low half of lo
  return _mm512_or_si512(_mm512_slli_epi64(hi, 32), _mm512_and_si512(lo, splat(0xFFFFFFFFu)));
}
inline void store(std::uint64_t* p, Lanes a) { _mm512_storeu_si512(p, a); }
#elif defined(__AVX2__)
using Lanes = __m256i;
constexpr int kLanes = 4;
inline Lanes splat(std::uint64_t x) { return _mm256_set1_epi64x(static_cast<long long>(x)); }
inline Lanes load_u32(const std::uint32_t* p) {
  return _mm256_cvtepu32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}
inline Lanes mul_low32(Lanes a, Lanes b) { return _mm256_mul_epu32(a, b); }
inline Lanes xor3(Lanes a, Lanes b, Lanes c) { return _mm256_xor_si256(_mm256_xor_si256(a, b), c); }
inline Lanes high32(Lanes a) { return _mm256_srli_epi64(a, 32); }
inline Lanes join(Lanes hi, Lanes lo) {
  return _mm256_or_si256(_mm256_slli_epi64(hi, 32), _mm256_and_si256(lo, splat(0xFFFFFFFFu)));
}
inline void store(std::uint64_t* p, Lanes a) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), a); }
#elif defined(__SSE2__)
using Lanes = __m128i;
constexpr int kLanes = 2;
inline Lanes splat(std::uint64_t x) { return _mm_set1_epi64x(static_cast<long long>(x)); }
inline Lanes load_u32(const std::uint32_t* p) {
  return _mm_unpacklo_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), _mm_setzero_si128());
}
inline Lanes mul_low32(Lanes a, Lanes b) { return _mm_mul_epu32(a, b); }
inline Lanes xor3(Lanes a, Lanes b, Lanes c) { return _mm_xor_si128(_mm_xor_si128(a, b), c); }
inline Lanes high32(Lanes a) { return _mm_srli_epi64(a, 32); }
inline Lanes join(Lanes hi, Lanes lo) {
  return _mm_or_si128(_mm_slli_epi64(hi, 32), _mm_and_si128(lo, splat(0xFFFFFFFFu)));
}
inline void store(std::uint64_t* p, Lanes a) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), a); }
#else  // no x86 vectors (the WebAssembly page engine): one counter per "register"
using Lanes = std::uint64_t;
constexpr int kLanes = 1;
inline Lanes splat(std::uint64_t x) { return x; }
inline Lanes load_u32(const std::uint32_t* p) { return *p; }
inline Lanes mul_low32(Lanes a, Lanes b) { return (a & 0xFFFFFFFFu) * (b & 0xFFFFFFFFu); }
inline Lanes xor3(Lanes a, Lanes b, Lanes c) { return a ^ b ^ c; }
inline Lanes high32(Lanes a) { return a >> 32; }
inline Lanes join(Lanes hi, Lanes lo) { return hi << 32 | (lo & 0xFFFFFFFFu); }
inline void store(std::uint64_t* p, Lanes a) { *p = a; }
#endif

// Registers of counters side by side in one pass (within the 16 vector registers of
// SSE2 and AVX2, the 32 of AVX-512): 32, 12 or 8 counters.
constexpr int kMaxRegs = kLanes == 8 ? 4 : kLanes == 4 ? 3 : 4;
constexpr int kGroup = 8;  // square roots per sqrt_group call

// radius[c], angle[c] = the first and second 64-bit words of philox4x32 on counter
// (tick, stream[c], row[c], pair[c]), key, for c < R kLanes.
template <int R>
void philox_pass(std::array<std::uint32_t, 2> key, std::uint32_t tick, const std::uint32_t* stream,
                 const std::uint32_t* row, const std::uint32_t* pair, std::uint64_t* radius, std::uint64_t* angle) {
  const Lanes m0 = splat(0xD2511F53u), m1 = splat(0xCD9E8D57u);
  Lanes x0[R], x1[R], x2[R], x3[R];
  for (std::ptrdiff_t g = 0; g < R; ++g) {
    x0[g] = splat(tick);
    x1[g] = load_u32(stream + g * kLanes);
    x2[g] = load_u32(row + g * kLanes);
    x3[g] = load_u32(pair + g * kLanes);
  }
  for (int round = 0; round < 10; ++round) {
    const Lanes k0 = splat(key[0]), k1 = splat(key[1]);
    for (int g = 0; g < R; ++g) {
      const Lanes p0 = mul_low32(x0[g], m0), p1 = mul_low32(x2[g], m1);
      x0[g] = xor3(high32(p1), x1[g], k0);
      x1[g] = p1;
      x2[g] = xor3(high32(p0), x3[g], k1);
      x3[g] = p0;
    }
    key[0] += 0x9E3779B9u;
    key[1] += 0xBB67AE85u;
  }
  for (std::ptrdiff_t g = 0; g < R; ++g) {
    store(radius + g * kLanes, join(x0[g], x1[g]));
    store(angle + g * kLanes, join(x2[g], x3[g]));
  }
}

// philox_pass over count counters (stream, row and pair read up to a multiple of
// kLanes), kMaxRegs registers at a time, then the rest in one pass.
void philox_words(std::array<std::uint32_t, 2> key, std::uint32_t tick, const std::uint32_t* stream,
                  const std::uint32_t* row, const std::uint32_t* pair, int count, std::uint64_t* radius,
                  std::uint64_t* angle) {
  int c = 0, regs = (count + kLanes - 1) / kLanes;
  for (; regs >= kMaxRegs; regs -= kMaxRegs, c += kMaxRegs * kLanes) {
    philox_pass<kMaxRegs>(key, tick, stream + c, row + c, pair + c, radius + c, angle + c);
  }
  switch (regs) {  // 0 to kMaxRegs - 1 <= 3 left
    case 1:
      philox_pass<1>(key, tick, stream + c, row + c, pair + c, radius + c, angle + c);
      break;
    case 2:
      philox_pass<2>(key, tick, stream + c, row + c, pair + c, radius + c, angle + c);
      break;
    case 3:
      philox_pass<3>(key, tick, stream + c, row + c, pair + c, radius + c, angle + c);
      break;
    default:
      break;
  }
}

// x[c] = sqrt(x[c]) for c < kGroup, with the vector square root: the scalar one
// keeps a call to libm for errno (the pragma's no-math-errno does not reach it), which
// stops GCC vectorising the loop. IEEE sqrt is correctly rounded: the same bits either way.
inline void sqrt_group(double* x) {
#if defined(__AVX__)  // (also on AVX-512: GCC 12's avx512fintrin.h warns falsely)
  for (int c = 0; c < kGroup; c += 4) _mm256_storeu_pd(x + c, _mm256_sqrt_pd(_mm256_loadu_pd(x + c)));
#elif defined(__SSE2__)
  for (int c = 0; c < kGroup; c += 2) _mm_storeu_pd(x + c, _mm_sqrt_pd(_mm_loadu_pd(x + c)));
#else
  for (int c = 0; c < kGroup; ++c) x[c] = std::sqrt(x[c]);
#endif
}

}  // namespace

void box_muller(const std::uint64_t* radius_bits, const std::uint64_t* angle_bits, int count, double* z_cos,
                double* z_sin) {
  constexpr int K = normal_chunk;
  for (int c0 = 0; c0 < count; c0 += K) {
    const int n = count - c0 < K ? count - c0 : K;
    // Whole groups of 8 (the lanes past n hold r = 1: harmless square roots).
    double r[K], co[K], si[K];
    for (int c = 0; c < n; ++c) {
      r[c] = -2.0 * ln_open_unit(radius_bits[c0 + c]);
      cos_sin_turn(angle_bits[c0 + c], co[c], si[c]);
    }
    for (int c = n; c < K; ++c) r[c] = 1.0;
    for (int c = 0; c < n; c += kGroup) sqrt_group(r + c);
    for (int c = 0; c < n; ++c) {
      z_cos[c0 + c] = r[c] * co[c];
      z_sin[c0 + c] = r[c] * si[c];
    }
  }
}

namespace {

// The blocks of one chunk, across arrays: block c is counter (tick, stream[c], row[c],
// pair[c]). Entries past count, up to a multiple of kLanes, are padding (drawn, not
// kept). The blocks come in segments: consecutive rows of one column pair of one array,
// whose draws are two contiguous pieces of its columns.
struct Chunk {
  struct Segment {
    const NormalArray* array;
    int pair, row, first, length;  // rows row .. row + length - 1, blocks first ..
  };
  std::uint32_t stream[normal_chunk], row[normal_chunk], pair[normal_chunk];
  Segment segments[normal_chunk];
  int count = 0, n_segments = 0;
};

// Draws the chunk's blocks and writes both outputs of each into its array.
void draw_chunk(const Key& key, int tick, Chunk& ch) {
  for (int c = ch.count; c % kLanes != 0; ++c) ch.stream[c] = ch.row[c] = ch.pair[c] = 0;
  std::uint64_t radius[normal_chunk], angle[normal_chunk];
  double z_cos[normal_chunk], z_sin[normal_chunk];
  philox_words(key.k, static_cast<std::uint32_t>(tick), ch.stream, ch.row, ch.pair, ch.count, radius, angle);
  box_muller(radius, angle, ch.count, z_cos, z_sin);
  for (int s = 0; s < ch.n_segments; ++s) {
    const Chunk::Segment& g = ch.segments[s];
    const auto j = 2 * static_cast<std::ptrdiff_t>(g.pair);
    double* at = g.array->z + j * g.array->rows + g.row;
    for (int c = 0; c < g.length; ++c) at[c] = z_cos[g.first + c];
    if (j + 1 < g.array->cols) {
      at += g.array->rows;
      for (int c = 0; c < g.length; ++c) at[c] = z_sin[g.first + c];
    }
  }
  ch.count = ch.n_segments = 0;
}

}  // namespace

void normals(const Key& key, int tick, const NormalArray* arrays, int count) {
  Chunk ch;
  for (int k = 0; k < count; ++k) {
    const NormalArray& a = arrays[k];
    if (a.rows <= 0 || a.cols <= 0) continue;
    const int pairs = (a.cols + 1) / 2;
    for (int m = 0; m < pairs; ++m) {  // the blocks of array k, row fastest
      for (int i = 0; i < a.rows;) {
        const int length = std::min(a.rows - i, normal_chunk - ch.count);
        ch.segments[ch.n_segments++] = {&a, m, i, ch.count, length};
        for (int c = 0; c < length; ++c) {
          ch.stream[ch.count + c] = a.stream;
          ch.row[ch.count + c] = static_cast<std::uint32_t>(i + c);
          ch.pair[ch.count + c] = static_cast<std::uint32_t>(m);
        }
        ch.count += length;
        i += length;
        if (ch.count == normal_chunk) draw_chunk(key, tick, ch);
      }
    }
  }
  if (ch.count > 0) draw_chunk(key, tick, ch);
}

void normals(const Key& key, int tick, std::uint32_t stream, int rows, int cols, double* z) {
  const NormalArray one{stream, rows, cols, z};
  normals(key, tick, &one, 1);
}

}  // namespace bpsim::rng
