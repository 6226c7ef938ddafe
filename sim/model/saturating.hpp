// Saturating arithmetic for memory estimates: never wraps, UINT64_MAX means "too large".
// Header-only, so the engine built for the browser (sim/web) has it too.
#pragma once

#include <cstdint>
#include <limits>

namespace bpsim {

inline std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
  return a * b;
}

inline std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) {
  return b > std::numeric_limits<std::uint64_t>::max() - a ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

}  // namespace bpsim
