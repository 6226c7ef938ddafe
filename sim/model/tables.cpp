#include "sim/model/tables.hpp"

#include <fmt/format.h>

#include <cmath>

namespace bpsim {

std::string Range::text() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) return fmt::format("a number in {}{}, {}{}", lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
  if (has_lo) return fmt::format("a number {} {}", lo_open ? ">" : ">=", lo);
  if (has_hi) return fmt::format("a number {} {}", hi_open ? "<" : "<=", hi);
  return "a finite number";
}

std::string Range::math() const {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) return fmt::format("${}{}, {}{}$", lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
  if (has_lo) return fmt::format("${} {}$", lo_open ? ">" : "\\ge", lo);
  if (has_hi) return fmt::format("${} {}$", hi_open ? "<" : "\\le", hi);
  return "any finite number";
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

std::string parameter_model_problem(const ParamSpec& p, ModelVersion m) {
  if (in_model(p, m)) return "";
  return fmt::format(
      "'{}' is not a parameter of model {} (the scenario's model: key); it belongs to model {} only ({}). "
      "Remove it, or set model: {}",
      p.name, model_name(m), model_name(*p.only), p.doc, model_name(*p.only));
}

}  // namespace bpsim
