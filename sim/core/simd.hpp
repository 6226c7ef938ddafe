// Column kernels on packets: Eigen's (SSE2, AVX or AVX-512, whatever the build targets)
// or, in the WebAssembly build, 128-bit WebAssembly SIMD (two doubles; Eigen 3.4 has no
// packets for it). The derived quantities are element-wise chains (exp, division, sqrt)
// down the columns of N x N matrices; written as one fused pass per packet, every
// element goes through exactly the same instructions, the partial packet at the end of
// a column included (it is staged through a small zero-padded buffer). So a symmetric
// formula gives a symmetric matrix to the last bit, and results do not depend on where
// an element falls in a packet (nor, in WebAssembly, on whether SIMD is on: each lane
// does the scalar build's IEEE operations, with min/max as std::min/std::max).
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__) && !defined(EIGEN_VECTORIZE)
#define BPSIM_WASM_SIMD 1
#include <wasm_simd128.h>
#endif

namespace bpsim::simd {

#ifdef BPSIM_WASM_SIMD

struct Packet {
  v128_t v;
};
inline constexpr Eigen::Index width = 2;

inline Packet set1(double x) { return {wasm_f64x2_splat(x)}; }
inline Packet padd(const Packet& a, const Packet& b) { return {wasm_f64x2_add(a.v, b.v)}; }
inline Packet psub(const Packet& a, const Packet& b) { return {wasm_f64x2_sub(a.v, b.v)}; }
inline Packet pmul(const Packet& a, const Packet& b) { return {wasm_f64x2_mul(a.v, b.v)}; }
inline Packet pdiv(const Packet& a, const Packet& b) { return {wasm_f64x2_div(a.v, b.v)}; }
// a * b + c, rounded twice (as Eigen's scalar pmadd; WebAssembly has no fused one).
inline Packet pmadd(const Packet& a, const Packet& b, const Packet& c) { return padd(pmul(a, b), c); }
// std::min(a, b) = b < a ? b : a and std::max(a, b) = a < b ? b : a: the "pseudo" forms.
inline Packet pmin(const Packet& a, const Packet& b) { return {wasm_f64x2_pmin(a.v, b.v)}; }
inline Packet pmax(const Packet& a, const Packet& b) { return {wasm_f64x2_pmax(a.v, b.v)}; }
inline Packet pfloor(const Packet& a) { return {wasm_f64x2_floor(a.v)}; }
inline Packet psqrt(const Packet& a) { return {wasm_f64x2_sqrt(a.v)}; }
inline Packet pcmp_lt(const Packet& a, const Packet& b) { return {wasm_f64x2_lt(a.v, b.v)}; }
// mask ? a : b, lane by lane (mask lanes all ones or all zeros).
inline Packet pselect(const Packet& mask, const Packet& a, const Packet& b) {
  return {wasm_v128_bitselect(a.v, b.v, mask.v)};
}
inline Packet ploadu(const double* p) { return {wasm_v128_load(p)}; }
inline Packet pload(const double* p) { return ploadu(p); }
inline void pstoreu(double* p, const Packet& x) { wasm_v128_store(p, x.v); }
inline void pstore(double* p, const Packet& x) { pstoreu(p, x); }

#else

using Packet = Eigen::internal::packet_traits<double>::type;
inline constexpr Eigen::Index width = Eigen::internal::packet_traits<double>::size;

using Eigen::internal::padd;
using Eigen::internal::pcmp_lt;
using Eigen::internal::pdiv;
using Eigen::internal::pfloor;
using Eigen::internal::pmadd;
using Eigen::internal::pmax;
using Eigen::internal::pmin;
using Eigen::internal::pmul;
using Eigen::internal::pselect;
using Eigen::internal::psqrt;
using Eigen::internal::psub;

inline Packet set1(double x) { return Eigen::internal::pset1<Packet>(x); }
inline Packet ploadu(const double* p) { return Eigen::internal::ploadu<Packet>(p); }
inline Packet pload(const double* p) { return Eigen::internal::pload<Packet>(p); }
inline void pstoreu(double* p, const Packet& x) { Eigen::internal::pstoreu(p, x); }
inline void pstore(double* p, const Packet& x) { Eigen::internal::pstore(p, x); }

#endif

// The 64-bit lanes of x shifted left by 52 bits (the bits reinterpreted, not converted).
inline Packet shift_left_52(const Packet& x) {
#if defined(BPSIM_WASM_SIMD)
  return {wasm_i64x2_shl(x.v, 52)};
#elif defined(EIGEN_VECTORIZE)
  using Bits = std::uint64_t __attribute__((vector_size(sizeof(Packet))));
  // GCC vector casts between same-size vector types reinterpret the bits.
  return (Packet)((Bits)x << 52);
#else
  // No vector unit (the WebAssembly build): Packet is a plain double.
  static_assert(sizeof(Packet) == sizeof(std::uint64_t));
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  u <<= 52;
  Packet r;
  std::memcpy(&r, &u, sizeof r);
  return r;
#endif
}

// 2^n for integer-valued n in [-1022, 1023], built in the exponent bits: n + 1023 + 2^52
// holds n + 1023 in its low mantissa bits; shifted left by 52 they are the exponent
// field. (Eigen's pldexp handles any n, in about 20 instructions; this is 3.)
inline Packet exp2_int(const Packet& n) {
  const Packet biased = padd(n, set1(4503599627370496.0 + 1023.0));  // 2^52 + 1023
  return shift_left_52(biased);
}

// 1/(1 + e^x) with one division. Eigen's exp (Cephes) reduces x = g + n ln 2 and
// returns 2^n (q + p)/(q - p), p and q polynomials in g (the same constants below);
// so 1/(1 + e^x) = (q - p)/((q - p) + 2^n (q + p)): one division instead of the two of
// 1/(1 + exp(x)). A NaN or infinite x gives NaN (the x - x term), never a finite value.
inline Packet inv_one_plus_exp(const Packet& x_in) {
  const Packet x = pmax(pmin(x_in, set1(709.784)), set1(-709.784));
  const Packet n = pfloor(pmadd(set1(1.4426950408889634073599), x, set1(0.5)));
  Packet g = psub(x, pmul(n, set1(0.693145751953125)));
  g = psub(g, pmul(n, set1(1.42860682030941723212e-6)));
  const Packet g2 = pmul(g, g);
  Packet p = pmadd(set1(1.26177193074810590878e-4), g2, set1(3.02994407707441961300e-2));
  p = pmul(pmadd(p, g2, set1(9.99999999999999999910e-1)), g);
  Packet q = pmadd(set1(3.00198505138664455042e-6), g2, set1(2.52448340349684104192e-3));
  q = pmadd(q, g2, set1(2.27265548208155028766e-1));
  q = pmadd(q, g2, set1(2.00000000000000000009e0));
  // 2^n (q + p) with |n| <= 1024 as two factors in the normal range.
  const Packet n_half = pfloor(pmul(n, set1(0.5)));
  const Packet scaled = pmul(pmul(padd(q, p), exp2_int(n_half)), exp2_int(psub(n, n_half)));
  const Packet den = psub(q, p);
  const Packet r = pdiv(den, padd(den, scaled));
  return padd(r, psub(x_in, x_in));
}

// Rows [i, i + count) of one column, count <= width; a partial packet is padded with
// zeros on load and only its count entries are written back.
struct Lane {
  Eigen::Index i;
  Eigen::Index count;

  Packet load(const double* col) const {
    if (count == width) return ploadu(col + i);
    alignas(64) double buf[width] = {};
    std::copy_n(col + i, count, buf);
    return pload(buf);
  }
  void store(double* col, const Packet& x) const {
    if (count == width) {
      pstoreu(col + i, x);
      return;
    }
    alignas(64) double buf[width];
    pstore(buf, x);
    std::copy_n(buf, count, col + i);
  }
};

// f(lane) for the rows [0, n) of a column, one packet at a time.
template <class F>
inline void rows(Eigen::Index n, F&& f) {
  Eigen::Index i = 0;
  for (; i + width <= n; i += width) f(Lane{i, width});
  if (i < n) f(Lane{i, n - i});
}

}  // namespace bpsim::simd
