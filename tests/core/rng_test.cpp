// sim/core/rng.hpp: counter-based draws, a pure function of (seed, run, tick, stream, i, j)
// (docs/ODD.md Section 7.11).
#include "support/check.hpp"

#include "sim/core/rng.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

using namespace bpsim;

TEST_CASE("Philox4x32-10 matches the Random123 known-answer vectors") {
  // Random123 tests/kat_vectors, the three "philox4x32 10" lines: ctr[4] key[2] -> out[4].
  using A4 = std::array<std::uint32_t, 4>;
  CHECK(rng::philox4x32({0, 0, 0, 0}, {0, 0}) == A4{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
  CHECK(rng::philox4x32({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}) ==
        A4{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
  CHECK(rng::philox4x32({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}) ==
        A4{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
}

TEST_CASE("bits to the open unit interval: the extremes stay strictly inside (0,1)") {
  const double lo = rng::open_unit(0);
  const double hi = rng::open_unit(std::numeric_limits<std::uint64_t>::max());
  CHECK(lo > 0.0);
  CHECK(hi < 1.0);
  CHECK(lo == std::ldexp(1.0, -53));
  CHECK(hi == 1.0 - std::ldexp(1.0, -53));
  CHECK(rng::open_unit(std::uint64_t{1} << 63) == 0.5 + std::ldexp(1.0, -53));
}

TEST_CASE("uniform: in (0,1), mean 1/2, variance 1/12 over 100k draws") {
  const rng::Key key(12345, 0);
  double sum = 0, sum2 = 0;
  const int n = 100000;
  bool inside = true;
  for (int i = 0; i < n; ++i) {
    const double u = rng::uniform(key, 7, rng::alignment_noise, i, 3);
    inside = inside && u > 0.0 && u < 1.0;
    sum += u;
    sum2 += u * u;
  }
  CHECK(inside);
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(std::abs(mean - 0.5) < 0.004);         // se = sqrt(1/12/n) = 0.0009
  CHECK(std::abs(var - 1.0 / 12.0) < 0.0015);  // se of the variance is about 0.00024
}

TEST_CASE("normal: mean 0, variance 1 over 100k draws") {
  const rng::Key key(2024, 3);
  double sum = 0, sum2 = 0, sum4 = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double z = rng::normal(key, i / 100, rng::capability_noise, i % 100, 1);
    sum += z;
    sum2 += z * z;
    sum4 += z * z * z * z;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(std::abs(mean) < 0.02);            // se = 1/sqrt(n) = 0.0032
  CHECK(std::abs(var - 1.0) < 0.025);      // se = sqrt(2/n) = 0.0045
  CHECK(std::abs(sum4 / n - 3.0) < 0.15);  // Gaussian kurtosis; se = sqrt(96/n) = 0.031
}

TEST_CASE("purity: the same arguments give the same value") {
  const rng::Key a(99, 1), b(99, 1);
  for (int i = 0; i < 50; ++i) {
    CHECK(rng::normal(a, 5, rng::alignment_noise, i, 2) == rng::normal(b, 5, rng::alignment_noise, i, 2));
    CHECK(rng::uniform(a, i, rng::event_base + 3, 1, 2) == rng::uniform(b, i, rng::event_base + 3, 1, 2));
  }
}

TEST_CASE("every coordinate of the counter and the key changes the draw") {
  const rng::Key key(99, 1);
  const double base = rng::uniform(key, 5, rng::alignment_noise, 2, 1);
  CHECK(rng::uniform(rng::Key(98, 1), 5, rng::alignment_noise, 2, 1) != base);  // seed
  CHECK(rng::uniform(rng::Key(99, 2), 5, rng::alignment_noise, 2, 1) != base);  // run
  CHECK(rng::uniform(key, 6, rng::alignment_noise, 2, 1) != base);              // tick
  CHECK(rng::uniform(key, 5, rng::capability_noise, 2, 1) != base);             // stream
  CHECK(rng::uniform(key, 5, rng::alignment_noise, 3, 1) != base);              // i
  CHECK(rng::uniform(key, 5, rng::alignment_noise, 1, 2) != base);              // j (i, j swapped)
}

TEST_CASE("streams are independent: draws on two streams are uncorrelated") {
  const rng::Key key(7, 0);
  const int n = 100000;
  double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  int equal = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng::normal(key, i, rng::alignment_noise, 0, 0);
    const double y = rng::normal(key, i, rng::capability_noise, 0, 0);
    equal += x == y ? 1 : 0;
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double r = cov / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
  CHECK(equal == 0);
  CHECK(std::abs(r) < 0.015);  // se = 1/sqrt(n) = 0.0032
}

TEST_CASE("four Philox blocks at once equal four single blocks, and uniforms equals uniform") {
  // The known-answer counters and keys, then 200 pseudo-random ones.
  std::array<std::uint32_t, 4> ctr[4] = {{0, 0, 0, 0},
                                         {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                                         {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                                         {1, 2, 3, 4}};
  std::uint64_t x = 12345;
  for (int rep = 0; rep < 50; ++rep) {
    const std::array<std::uint32_t, 2> key = {static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(x >> 32)};
    std::array<std::uint32_t, 4> four[4];
    rng::philox4x32_x4(ctr, key, four);
    for (int c = 0; c < 4; ++c) CHECK(four[c] == rng::philox4x32(ctr[c], key));
    for (auto& c : ctr) {
      for (auto& w : c) {
        x = rng::splitmix64(x);
        w = static_cast<std::uint32_t>(x);
      }
    }
  }
  const rng::Key key(7, 3);
  const int is[7] = {0, 1, 2, 3, 4, 5, 6}, js[7] = {6, 5, 4, 3, 2, 1, 0};
  for (int count = 0; count <= 7; ++count) {
    double out[7] = {};
    rng::uniforms(key, 11, rng::event_base + 2, is, js, count, out);
    for (int c = 0; c < 7; ++c) {
      CHECK(out[c] == (c < count ? rng::uniform(key, 11, rng::event_base + 2, is[c], js[c]) : 0.0));
    }
  }
}
