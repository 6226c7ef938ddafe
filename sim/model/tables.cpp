#include "sim/model/tables.hpp"

#include <fmt/format.h>

#include <cmath>

namespace bpsim {

bool Range::contains(double v) const {
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

std::string Range::text() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi)
    return fmt::format("a number in {}{}, {}{}", lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
  if (has_lo) return fmt::format("a number {} {}", lo_open ? ">" : ">=", lo);
  if (has_hi) return fmt::format("a number {} {}", hi_open ? "<" : "<=", hi);
  return "a finite number";
}

const ParamSpec* find_param(std::string_view name) {
  for (const ParamSpec& p : kParams)
    if (name == p.name) return &p;
  return nullptr;
}

const TraitSpec* find_trait(std::string_view name) {
  for (const TraitSpec& t : kTraits)
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace bpsim
