// Allowed values of a number, and how to say so: in a message ("a number in [0, 1]"),
// in ODD Section 8's tables ("$[0, 1]$") and in the JSON Schema (minimum, maximum).
#pragma once

#include <limits>
#include <string>

namespace bpsim {

struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false, hi_open = false;
  constexpr bool contains(double v) const {
    const bool above = lo_open ? v > lo : v >= lo;
    const bool below = hi_open ? v < hi : v <= hi;
    return above && below;
  }
  std::string text() const;  // "a number in [0, 1]", for messages
  std::string math() const;  // "$[0, 1]$", for ODD Section 8
};

inline constexpr Range kAnyNumber{};
inline constexpr Range kNonNegative{0.0};
inline constexpr Range kPositive{0.0, std::numeric_limits<double>::infinity(), true};
inline constexpr Range kAtLeastOne{1.0};
inline constexpr Range kUnit{0.0, 1.0};
inline constexpr Range kSignedUnit{-1.0, 1.0};

}  // namespace bpsim
