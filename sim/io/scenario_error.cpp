#include "sim/io/scenario_error.hpp"

#include <fmt/format.h>

#include <string>

namespace bpsim {

std::string Diagnostic::str() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    out += part;
    out += ": ";
  };
  // fmt, not operator+: GCC 12 gives a false -Wrestrict on the chained concatenation.
  add(set_arg.empty() && line > 0 ? fmt::format("{}:{}:{}", file, line, column) : file);
  if (!set_arg.empty()) add("--set " + set_arg);
  add(yaml_path);
  return out + message;
}

namespace {

std::string join_lines(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.str();
  }
  return out;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_lines(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace bpsim
