// Counter-based randomness: every draw is a pure function of
// (seed, run, tick, stream, i, j), so results do not depend on thread count,
// run order or which other rules are switched on (common random numbers).
// Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3").
// No std:: distributions: their output differs between standard libraries.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace bpsim::rng {

// Streams: one per mechanism, so switching a rule off leaves other draws unchanged.
enum Stream : std::uint32_t {
  alignment_noise = 1,
  capability_noise = 2,
  event_base = 1000,  // events draw on streams >= event_base, one each (Event::stream)
};

inline std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> ctr, std::array<std::uint32_t, 2> key) {
  constexpr std::uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
  constexpr std::uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{M0} * ctr[0];
    const std::uint64_t p1 = std::uint64_t{M1} * ctr[2];
    ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<std::uint32_t>(p0)};
    key[0] += W0;
    key[1] += W1;
  }
  return ctr;
}

// Four Philox4x32-10 blocks at once, bit-identical to philox4x32 on each counter
// (integer arithmetic: exact on any instruction set). With AVX2 the four counters go
// through the rounds side by side, one per 64-bit lane (vpmuludq is the 32 x 32 -> 64
// multiply); otherwise one after another.
inline void philox4x32_x4(const std::array<std::uint32_t, 4> (&ctr)[4], std::array<std::uint32_t, 2> key,
                          std::array<std::uint32_t, 4> (&out)[4]) {
#if defined(__AVX2__)
  const auto lanes = [&](int w) { return _mm256_set_epi64x(ctr[3][w], ctr[2][w], ctr[1][w], ctr[0][w]); };
  __m256i c0 = lanes(0), c1 = lanes(1), c2 = lanes(2), c3 = lanes(3);
  const __m256i m0 = _mm256_set1_epi64x(0xD2511F53u), m1 = _mm256_set1_epi64x(0xCD9E8D57u);
  const __m256i low = _mm256_set1_epi64x(0xFFFFFFFFu);
  for (int round = 0; round < 10; ++round) {
    const __m256i p0 = _mm256_mul_epu32(c0, m0);
    const __m256i p1 = _mm256_mul_epu32(c2, m1);
    const __m256i k0 = _mm256_set1_epi64x(key[0]), k1 = _mm256_set1_epi64x(key[1]);
    c0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1), k0);
    c1 = _mm256_and_si256(p1, low);
    c2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3), k1);
    c3 = _mm256_and_si256(p0, low);
    key[0] += 0x9E3779B9u;
    key[1] += 0xBB67AE85u;
  }
  alignas(32) std::uint64_t w[4][4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[0]), c0);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[1]), c1);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[2]), c2);
  _mm256_store_si256(reinterpret_cast<__m256i*>(w[3]), c3);
  for (int c = 0; c < 4; ++c) {
    for (int k = 0; k < 4; ++k) out[c][k] = static_cast<std::uint32_t>(w[k][c]);
  }
#else
  for (int c = 0; c < 4; ++c) out[c] = philox4x32(ctr[c], key);
#endif
}

inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The key of one run: the scenario seed mixed with the replicate index.
struct Key {
  std::array<std::uint32_t, 2> k;
  Key(std::uint64_t seed, std::uint64_t run) {
    const std::uint64_t h = splitmix64(seed ^ splitmix64(run + 0x5851F42D4C957F2Dull));
    k = {static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32)};
  }
};

// 64 random bits -> a double in the open interval (0,1): the top 52 bits plus one half,
// times 2^-52. k + 0.5 is exact for k < 2^52 (with 53 bits, (2^53 - 1) + 0.5 rounds
// to 2^53 and 1.0 came out), so the result lies in [2^-53, 1 - 2^-53].
inline double open_unit(std::uint64_t bits) {
  constexpr double scale = 1.0 / 4503599627370496.0;  // 2^-52
  return (static_cast<double>(bits >> 12) + 0.5) * scale;
}

// Two uniforms in (0,1) with 52 random bits each, for draw (tick, stream, i, j).
inline std::array<double, 2> uniform2(const Key& key, int tick, std::uint32_t stream, int i, int j) {
  const auto r = philox4x32(
      {static_cast<std::uint32_t>(tick), stream, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)}, key.k);
  return {open_unit(std::uint64_t{r[0]} << 32 | r[1]), open_unit(std::uint64_t{r[2]} << 32 | r[3])};
}

inline double uniform(const Key& key, int tick, std::uint32_t stream, int i, int j) {
  return uniform2(key, tick, stream, i, j)[0];
}

// out[c] = uniform(key, tick, stream, i[c], j[c]) for c < count, four draws at a time.
inline void uniforms(const Key& key, int tick, std::uint32_t stream, const int* i, const int* j, int count,
                     double* out) {
  for (int c0 = 0; c0 < count; c0 += 4) {
    std::array<std::uint32_t, 4> ctr[4];
    for (int c = 0; c < 4; ++c) {
      const int at = c0 + c < count ? c0 + c : c0;  // pad a partial group with a repeat
      ctr[c] = {static_cast<std::uint32_t>(tick), stream, static_cast<std::uint32_t>(i[at]),
                static_cast<std::uint32_t>(j[at])};
    }
    std::array<std::uint32_t, 4> r[4];
    philox4x32_x4(ctr, key.k, r);
    for (int c = 0; c < 4 && c0 + c < count; ++c) {
      out[c0 + c] = open_unit(std::uint64_t{r[c][0]} << 32 | r[c][1]);
    }
  }
}

// Standard normals: Box-Muller on arrays, both outputs (sim/core/normal.cpp):
// z_cos[c] = sqrt(-2 ln u1) cos(2 pi u2) and z_sin[c] = sqrt(-2 ln u1) sin(2 pi u2), with
// u1 = open_unit(radius_bits[c]), u2 = open_unit(angle_bits[c]). bpsim's own ln, cos and
// sin (no libm), with contraction into FMA off: the same bits on every x86-64 build.
void box_muller(const std::uint64_t* radius_bits, const std::uint64_t* angle_bits, int count, double* z_cos,
                double* z_sin);

// Normal draw (tick, stream, i, j). Draws j = 2m and j = 2m + 1 are the two Box-Muller
// outputs (cosine, sine) of one Philox block, counter (tick, stream, i, m): its first
// 64-bit word gives u1, its second u2 (those of uniform2).
inline constexpr int normal_chunk = 32;  // Philox blocks drawn together (a multiple of 8)

// z[i + rows j] = normal(key, tick, stream, i, j) for i < rows, j < cols: a column-major
// rows x cols array, as Eigen's. One Philox block per (row, column pair), taken across
// rows and column pairs (row fastest) normal_chunk at a time, so that few states still
// fill the vector lanes (sim/core/normal.cpp).
void normals(const Key& key, int tick, std::uint32_t stream, int rows, int cols, double* z);

// One array of normals(): z[i + rows j] = normal(key, tick, stream, i, j).
struct NormalArray {
  std::uint32_t stream;
  int rows, cols;
  double* z;
};
// The draws of several arrays in one go, their blocks sharing the chunks (so that a
// small array does not run the vector lanes half empty on its own): the same values as
// normals() on each array.
void normals(const Key& key, int tick, const NormalArray* arrays, int count);

inline double normal(const Key& key, int tick, std::uint32_t stream, int i, int j) {
  const auto r = philox4x32(
      {static_cast<std::uint32_t>(tick), stream, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j) >> 1},
      key.k);
  const std::uint64_t radius = std::uint64_t{r[0]} << 32 | r[1];
  const std::uint64_t angle = std::uint64_t{r[2]} << 32 | r[3];
  double z_cos, z_sin;
  box_muller(&radius, &angle, 1, &z_cos, &z_sin);
  return (j & 1) != 0 ? z_sin : z_cos;
}

}  // namespace bpsim::rng
