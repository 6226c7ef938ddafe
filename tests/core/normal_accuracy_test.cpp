// sim/core/normal.cpp: Box-Muller with bpsim's own ln, cos and sin (docs/ODD.md Section
// 7.11). What a draw is (which counter, which output), how close it is to the exact
// sqrt(-2 ln u1) (cos, sin)(2 pi u2), and that it has the same bits on every build.
#include "support/check.hpp"

#include "sim/core/rng.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

using namespace bpsim;

namespace {

constexpr long double kTwoPi = 6.283185307179586476925286766559L;
const double kEps = std::ldexp(1.0, -53);  // the smallest step of open_unit is 2 kEps

struct Pair {
  double z_cos, z_sin;
};

Pair box_muller(std::uint64_t radius_bits, std::uint64_t angle_bits) {
  Pair p{};
  rng::box_muller(&radius_bits, &angle_bits, 1, &p.z_cos, &p.z_sin);
  return p;
}

// The exact pair, in long double (64-bit mantissa, x87 logl/cosl/sinl).
struct Exact {
  long double r, z_cos, z_sin;
};

Exact exact(std::uint64_t radius_bits, std::uint64_t angle_bits) {
  const long double r = std::sqrt(-2.0L * std::log(static_cast<long double>(rng::open_unit(radius_bits))));
  const long double theta = kTwoPi * rng::open_unit(angle_bits);
  return {r, r * std::cos(theta), r * std::sin(theta)};
}

// x within eps of expected, relative (doctest's Approx adds 1 to the scale otherwise).
doctest::Approx rel(double expected, double eps) { return doctest::Approx(expected).epsilon(eps).scale(0); }

// Angle bits for u2 = (k + 1/2) 2^-52.
std::uint64_t angle_of(std::uint64_t k) { return k << 12; }

}  // namespace

TEST_CASE("a normal draw is one of the Box-Muller pair of counter (tick, stream, i, j / 2)") {
  const rng::Key key(77, 2);
  for (int i = 0; i < 20; ++i) {
    for (int j = 0; j < 6; ++j) {
      CAPTURE(i);
      CAPTURE(j);
      // The two 64-bit words of the block, as uniform2 maps them to u1 and u2.
      const auto w = rng::philox4x32(
          {9, rng::capability_noise, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j / 2)}, key.k);
      const Exact e = exact(std::uint64_t{w[0]} << 32 | w[1], std::uint64_t{w[2]} << 32 | w[3]);
      const double z = rng::normal(key, 9, rng::capability_noise, i, j);
      CHECK(z == test::near(static_cast<double>(j % 2 == 0 ? e.z_cos : e.z_sin), 1e-15));
    }
  }
}

TEST_CASE("normals gives normal's bits, for every shape") {
  // Up to 17 x 3 = 51 blocks: several chunks of rng::normal_chunk, every remainder.
  const rng::Key key(5, 0);
  for (int rows : {1, 3, 4, 7, 8, 9, 12, 16, 17}) {
    for (int cols : {1, 2, 3, 5, 6}) {
      std::vector<double> z(static_cast<std::size_t>(rows * cols) + 1, 0.25);
      rng::normals(key, 4, rng::alignment_noise, rows, cols, z.data());
      bool same = true;
      for (int j = 0; j < cols; ++j) {
        for (int i = 0; i < rows; ++i) {
          const double one = rng::normal(key, 4, rng::alignment_noise, i, j);
          same = same && std::memcmp(&one, &z[static_cast<std::size_t>(j * rows + i)], sizeof one) == 0;
        }
      }
      CAPTURE(rows);
      CAPTURE(cols);
      CHECK(same);
      CHECK(z.back() == 0.25);  // nothing written past rows x cols
    }
  }
}

TEST_CASE("Box-Muller within 6 units of 2^-53 of the radius of the exact pair, 10^6 pairs") {
  // Random words, and words with leading zeros (u1 down to 2^-53: the largest radii).
  std::uint64_t x = 20241202;
  double worst = 0;
  for (int it = 0; it < 1000000; ++it) {
    x = rng::splitmix64(x);
    const std::uint64_t a = it < 64 * 64 ? x >> (it % 64) : x;
    x = rng::splitmix64(x);
    const Pair p = box_muller(a, x);
    const Exact e = exact(a, x);
    const long double err = std::max(std::abs(p.z_cos - e.z_cos), std::abs(p.z_sin - e.z_sin));
    worst = std::max(worst, static_cast<double>(err / e.r));
  }
  CAPTURE(worst / kEps);
  CHECK(worst < 6 * kEps);
}

TEST_CASE("the radius sqrt(-2 ln u1) within 3 units of 2^-53 of the exact one, 10^6 u1") {
  // With u2 = 2^-53 the cosine is 1 in double, so z_cos is the radius alone: this checks
  // bpsim's ln (fdlibm's polynomial) and the square root over random words, words with
  // leading zeros (u1 down to 2^-53) and words near the top (u1 near 1, ln u1 near 0).
  // The bound: ln u1 = e ln 2 + 2 s + s R rounds at s (two operations), at the sum and at
  // the polynomial, about 4 units of ln u1 (half of them in r), plus the square root.
  std::uint64_t x = 7;
  double worst = 0;
  for (int it = 0; it < 1000000; ++it) {
    x = rng::splitmix64(x);
    std::uint64_t a = x;
    if (it < 64 * 64) a = x >> (it % 64);
    else if (it < 2 * 64 * 64) a = ~(x >> (it % 64));
    const double r = box_muller(a, 0).z_cos;
    const long double exact_r = exact(a, 0).r;
    worst = std::max(worst, static_cast<double>(std::abs(r - exact_r) / exact_r));
  }
  CAPTURE(worst / kEps);
  CHECK(worst < 3 * kEps);
}

TEST_CASE("Box-Muller at the ends of the radius and in every quadrant, by hand") {
  // u1 = 1 - 2^-53 (all bits set): -2 ln u1 = 2^-52 (1 + 2^-54 + ...), r = 2^-26 to the
  // last bit; u2 = 2^-53: cos = 1 exactly in double, sin = 2 pi 2^-53.
  const Pair smallest = box_muller(~std::uint64_t{0}, 0);
  CHECK(smallest.z_cos == std::ldexp(1.0, -26));
  CHECK(smallest.z_sin == rel(std::ldexp(1.0, -26) * 2 * M_PI * kEps, 1e-15));
  // u1 = 2^-53 (all bits clear): r = sqrt(106 ln 2) = 8.571674348652905 (the largest |z|).
  const double r = 8.571674348652905;
  const double tiny = r * 2 * M_PI * kEps;  // r sin(2 pi 2^-53)
  struct Case {
    std::uint64_t k;
    double z_cos, z_sin;
  };
  // u2 = (k + 1/2) 2^-52 = q/4 + 2^-53 at the quadrants; 1/8 + 2^-53 at the widest
  // reduced angle (|f| = 1/2, phi = pi/4); 1 - 2^-53 at the top.
  const double half = r * std::sqrt(0.5);
  for (const Case& c :
       {Case{0, r, tiny}, Case{std::uint64_t{1} << 50, -tiny, r}, Case{std::uint64_t{1} << 51, -r, -tiny},
        Case{std::uint64_t{3} << 50, tiny, -r}, Case{(std::uint64_t{1} << 52) - 1, r, -tiny},
        Case{std::uint64_t{1} << 49, half, half}, Case{(std::uint64_t{1} << 49) - 1, half, half}}) {
    CAPTURE(c.k);
    const Pair p = box_muller(0, angle_of(c.k));
    CHECK(p.z_cos == rel(c.z_cos, 2e-15));
    CHECK(p.z_sin == rel(c.z_sin, 2e-15));
  }
}

TEST_CASE("normal draws have the same bits on every build (one pinned hash for all ISAs)") {
  // Unlike the model's golden hash (determinism_test.cpp: one per instruction set), this
  // one is the same for the generic, x86-64-v3 and x86-64-v4 builds and for clang: the
  // draws use IEEE operations only, with contraction into FMA off (normal.cpp). If it
  // changes on one build only, that build contracts or uses another ln, cos or sin.
  const rng::Key key(42, 0);
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the bytes of the draws
  for (int t = 0; t < 2000; ++t) {
    double z[13 * 5];
    rng::normals(key, t, rng::alignment_noise, 13, 5, z);
    for (const double v : z) {
      std::uint64_t b;
      std::memcpy(&b, &v, sizeof b);
      for (int k = 0; k < 8; ++k) h = (h ^ ((b >> (8 * k)) & 0xFF)) * 0x100000001b3ull;
    }
  }
  CHECK(h == 0x89575f2ca977f471ull);
}

TEST_CASE("normals of several arrays in one call: each array as normals() alone gives it, bit for bit") {
  const rng::Key key(99, 3);
  // Sizes that end chunks mid-array and leave partial vector groups: 37 + 1 + 6 blocks.
  const int shapes[][3] = {{rng::alignment_noise, 37, 2}, {rng::capability_noise, 1, 1}, {77, 3, 4}};
  std::vector<std::vector<double>> together, alone;
  std::vector<rng::NormalArray> arrays;
  for (const auto& s : shapes) together.emplace_back(static_cast<std::size_t>(s[1] * s[2]), -1.0);
  for (std::size_t a = 0; a < together.size(); ++a)
    arrays.push_back({static_cast<std::uint32_t>(shapes[a][0]), shapes[a][1], shapes[a][2], together[a].data()});
  rng::normals(key, 12, arrays.data(), static_cast<int>(arrays.size()));
  for (std::size_t a = 0; a < together.size(); ++a) {
    const auto& s = shapes[a];
    std::vector<double> z(together[a].size(), -2.0);
    rng::normals(key, 12, static_cast<std::uint32_t>(s[0]), s[1], s[2], z.data());
    CHECK(z == together[a]);
    for (int i = 0; i < s[1]; ++i)
      for (int j = 0; j < s[2]; ++j)
        CHECK(together[a][static_cast<std::size_t>(i + s[1] * j)] ==
              rng::normal(key, 12, static_cast<std::uint32_t>(s[0]), i, j));
  }
  rng::normals(key, 12, arrays.data(), 0);  // nothing to draw: nothing written
  CHECK(together[1][0] == rng::normal(key, 12, rng::capability_noise, 0, 0));
}
