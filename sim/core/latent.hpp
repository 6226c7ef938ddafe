// Model v2's latent alignment (docs/ODD.md, Model versions): a state's coordinate a in
// (-1, 1) is tanh(z) of a latent z that the summed step moves without any bound, so
// nothing is scaled away near +-1 and no coordinate can reach it. z is not stored: it
// is atanh(a), recomputed each tick (the World, its snapshots and hashes keep a only).
// |z| is capped at kLatentCap, where tanh(z) is still below 1 in double precision and
// atanh(tanh(z)) still recovers z to about 1e-8; a = +-1 (written in a file) starts there.
#pragma once

#include <algorithm>
#include <cmath>

namespace bpsim {

inline constexpr double kLatentCap = 10.0;  // tanh(10) = 1 - 4.1e-9

// z = atanh(a), capped at +-kLatentCap (so a = +-1 gives +-kLatentCap, not infinity).
inline double latent_of(double a) {
  const double bound = std::tanh(kLatentCap);
  return std::atanh(std::clamp(a, -bound, bound));
}

// a = tanh(z) after the cap.
inline double coordinate_of(double z) { return std::tanh(std::clamp(z, -kLatentCap, kLatentCap)); }

}  // namespace bpsim
