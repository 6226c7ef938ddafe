#include "sim/io/scenario/overrides.hpp"

#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/override_apply.hpp"

#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

namespace bpsim {

namespace {

[[noreturn]] void bad_override(const std::string& arg, std::string message) {
  throw ScenarioError({Diagnostic{"", 0, 0, "", std::move(message), arg}});
}

}  // namespace

Override parse_override(const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos) bad_override(arg, "expected PATH=VALUE, e.g. states.RUS.traits.hedging=0.8");
  const std::string_view path(arg.data(), eq);
  if (path.empty()) bad_override(arg, "empty path; expected PATH=VALUE");
  // Checked before anything is copied or split: the cost stays bounded by the limits.
  if (std::string problem = io::override_path_problem(path); !problem.empty()) bad_override(arg, problem);
  if (arg.size() - eq - 1 > kMaxOverrideValue)
    bad_override(arg, fmt::format("the value is {} characters long; at most {} are allowed", arg.size() - eq - 1,
                                  kMaxOverrideValue));
  Override o{std::string(path), arg.substr(eq + 1)};
  if (path.front() == '.' || path.back() == '.' || path.find("..") != std::string_view::npos)
    bad_override(arg, fmt::format("empty segment in path '{}'; segments are separated by "
                                  "single dots, e.g. events.0.sanctions.intensity",
                                  o.path));
  std::string error;
  if (!io::override_value(o, error)) bad_override(arg, error);
  return o;
}

}  // namespace bpsim
