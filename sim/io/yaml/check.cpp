#include "sim/io/yaml/check.hpp"

#include <fmt/format.h>

#include <cmath>

namespace bpsim::io {

Checker::Checker(std::string file, std::size_t limit) : file_(std::move(file)), files_{file_}, limit_(limit) {}

std::optional<int> Checker::add_file(std::string file) {
  if (files_.size() >= static_cast<std::size_t>(kMaxFiles)) return std::nullopt;
  files_.push_back(std::move(file));
  return static_cast<int>(files_.size() - 1);
}

const std::string& Checker::file_of(const YAML::Mark& mark) const {
  const auto k = mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos >> kFileShift);
  return k < files_.size() ? files_[k] : files_[0];
}

std::string Checker::place(const YAML::Mark& mark) const {
  if (mark.line < 0) return file_of(mark);
  return fmt::format("{}:{}:{}", file_of(mark), mark.line + 1, mark.column + 1);
}

void Checker::absorb(const Checker& other) {
  for (const Diagnostic& d : other.diagnostics_) add(d);
  dropped_ += other.dropped_;
}

void Checker::from_override(const YAML::Node& node, std::string arg) { overridden_.emplace_back(node, std::move(arg)); }

const std::string* Checker::override_of(const YAML::Node& node) const {
  // Node::is compares node identity, so this survives copies of the handle.
  for (const auto& [written, arg] : overridden_)
    if (node.IsDefined() && node.is(written)) return &arg;
  return nullptr;
}

// Bounded depth: YAML aliases can make cycles, and scenarios are shallow.
const std::string* Checker::override_within(const YAML::Node& node, int depth) const {
  if (const std::string* arg = override_of(node)) return arg;
  if (depth <= 0 || !(node.IsMap() || node.IsSequence())) return nullptr;
  for (const auto& entry : node) {
    const YAML::Node& sub = node.IsMap() ? entry.second : static_cast<const YAML::Node&>(entry);
    if (const std::string* arg = override_within(sub, depth - 1)) return arg;
  }
  return nullptr;
}

std::string Checker::set_note(const YAML::Node& node) const {
  if (overridden_.empty()) return "";
  const std::string* arg = override_within(node, 16);
  return arg ? " (--set " + *arg + ")" : "";
}

std::string Checker::origin(const YAML::Node& node, const YAML::Mark& mark) const {
  if (const std::string* arg = overridden_.empty() ? nullptr : override_within(node, 16)) return "--set " + *arg;
  const std::string line = "line " + std::to_string(mark.line + 1);
  const std::string& file = file_of(mark);
  return &file == &files_[0] ? line : line + " of " + file;
}

void Checker::error(const At& at, std::string message) { error(at.node, at.mark, at.path, std::move(message)); }

void Checker::error(const YAML::Node& origin, const YAML::Mark& mark, std::string path, std::string message) {
  Diagnostic d{file_of(mark), 0, 0, std::move(path), std::move(message), ""};
  if (const std::string* arg = override_of(origin)) {
    d.file = file_;
    d.set_arg = *arg;
  } else if (mark.line >= 0) {
    d.line = mark.line + 1;
    d.column = mark.column + 1;
  }
  add(std::move(d));
}

void Checker::error_override(std::string arg, std::string message) {
  add(Diagnostic{file_, 0, 0, "", std::move(message), std::move(arg)});
}

void Checker::error_file(std::string message) { add(Diagnostic{file_, 0, 0, "", std::move(message), ""}); }

void Checker::add(Diagnostic d) {
  if (diagnostics_.size() < limit_) diagnostics_.push_back(std::move(d));
  else ++dropped_;
}

void Checker::raise_if_failed() const {
  if (!failed()) return;
  auto all = diagnostics_;
  if (dropped_ > 0)
    all.push_back(Diagnostic{file_, 0, 0, "", fmt::format("too many errors; {} more not shown", dropped_), ""});
  throw ScenarioError(std::move(all));
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  const std::string& s = node.Scalar();
  if (s.size() > 40) return "'" + s.substr(0, 37) + "...'";
  return "'" + s + "'";
}

}  // namespace bpsim::io
