// Scenario errors: every problem found in one pass, each pointing at file, line,
// column and YAML path (or at the --set argument the value came from).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace bpsim {

struct Diagnostic {
  std::string file;
  int line = 0;           // 1-based; 0 = no position (whole file, or a --set value)
  int column = 0;         // 1-based
  std::string yaml_path;  // e.g. states[2].traits.hedging; "" = the document
  std::string message;
  std::string set_arg;  // "PATH=VALUE" when the value came from --set, else ""
  // "FILE:LINE:COL: PATH: MESSAGE", or "FILE: --set PATH=VALUE: PATH: MESSAGE".
  std::string str() const;
};

class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace bpsim
