#include "sim/io/scenario/error.hpp"

#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

#include <string>

namespace bpsim {

// Every part is input text: printable() keeps control characters off the terminal, and
// the cuts keep one line bounded whatever the input (a 1 MB --set, a huge id).
std::string Diagnostic::str() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    out += part;
    out += ": ";
  };
  const std::string shown_file = io::printable_cut(file, 1024);
  // fmt, not operator+: GCC 12 gives a false -Wrestrict on the chained concatenation.
  add(set_arg.empty() && line > 0 ? fmt::format("{}:{}:{}", shown_file, line, column) : shown_file);
  if (!set_arg.empty()) add("--set " + io::printable_cut(set_arg, 200));
  add(io::printable_cut(yaml_path, 1024));
  return out + io::printable_cut(message, 4096);
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
