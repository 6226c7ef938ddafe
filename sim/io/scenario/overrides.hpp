// --set PATH=VALUE: one override of a scenario value, applied to the YAML tree
// before validation, so an overridden value is checked like any other.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bpsim {

// PATH: dot-separated map keys, list indices, or (in `states`) state ids,
// e.g. states.RUS.traits.hedging, events.0.sanctions.intensity.
// VALUE: a YAML scalar (quote it, '...' or "...", to keep spaces or a leading quote).
struct Override {
  std::string path;
  std::string value;
  std::string arg() const { return path + "=" + value; }  // as written on the command line
};

// The longest value accepted (the path's limits are io::override_path_problem's).
inline constexpr std::size_t kMaxOverrideValue = 64 << 10;  // characters

// "a.b.c=VALUE" -> {a.b.c, VALUE}; throws ScenarioError on bad syntax or length.
Override parse_override(const std::string& arg);

}  // namespace bpsim
