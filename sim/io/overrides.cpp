#include "sim/io/overrides.hpp"

#include "sim/io/override_apply.hpp"
#include "sim/io/scenario_error.hpp"

#include <fmt/format.h>

namespace bpsim {

namespace {

[[noreturn]] void bad_override(const std::string& arg, std::string message) {
  throw ScenarioError({Diagnostic{"", 0, 0, "", std::move(message), arg}});
}

}  // namespace

Override parse_override(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos)
    bad_override(arg, "expected PATH=VALUE, e.g. states.RUS.traits.hedging=0.8");
  Override o{arg.substr(0, eq), arg.substr(eq + 1)};
  if (o.path.empty()) bad_override(arg, "empty path; expected PATH=VALUE");
  for (const auto& segment : io::split_path(o.path))
    if (segment.empty())
      bad_override(arg, fmt::format("empty segment in path '{}'; segments are separated by "
                                    "single dots, e.g. events.0.sanctions.intensity",
                                    o.path));
  std::string error;
  if (!io::override_value(o, error)) bad_override(arg, error);
  return o;
}

}  // namespace bpsim
