// Counter-based randomness: every draw is a pure function of
// (seed, run, tick, stream, i, j), so results do not depend on thread count,
// run order or which other rules are switched on (common random numbers).
// Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3").
// No std:: distributions: their output differs between standard libraries.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

namespace bpsim::rng {

// Streams: one per mechanism, so switching a rule off leaves other draws unchanged.
enum Stream : std::uint32_t {
  alignment_noise = 1,
  capability_noise = 2,
  event_base = 1000,  // events draw on streams >= event_base, one each (Event::stream)
};

inline std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> ctr,
                                               std::array<std::uint32_t, 2> key) {
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
inline std::array<double, 2> uniform2(const Key& key, int tick, std::uint32_t stream, int i,
                                      int j) {
  const auto r = philox4x32({static_cast<std::uint32_t>(tick), stream,
                             static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)},
                            key.k);
  return {open_unit(std::uint64_t{r[0]} << 32 | r[1]),
          open_unit(std::uint64_t{r[2]} << 32 | r[3])};
}

inline double uniform(const Key& key, int tick, std::uint32_t stream, int i, int j) {
  return uniform2(key, tick, stream, i, j)[0];
}

// One standard normal (Box-Muller) for draw (tick, stream, i, j).
inline double normal(const Key& key, int tick, std::uint32_t stream, int i, int j) {
  const auto u = uniform2(key, tick, stream, i, j);
  return std::sqrt(-2.0 * std::log(u[0])) * std::cos(6.283185307179586 * u[1]);
}

}  // namespace bpsim::rng
