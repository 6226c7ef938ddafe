// Checked access to a YAML tree: every read either yields a value or records a
// Diagnostic pointing at the node (or at the --set argument that wrote it), and
// never throws, whatever the input. Internal to the scenario loader.
#pragma once

#include "sim/io/scenario/path_text.hpp"
#include "sim/model/tables.hpp"

#include "sim/io/scenario/error.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bpsim::io {

// The allowed keys of a section: the names of a table of numeric fields plus one
// special key (e.g. "growth", "incident_mode") read apart from the table.
template <class Table>
std::vector<std::string> table_keys(const Table& table, const char* special) {
  std::vector<std::string> keys;
  keys.reserve(std::size(table) + 1);
  for (const auto& row : table) keys.emplace_back(row.name);
  keys.emplace_back(special);
  return keys;
}

// A node plus where to point when it is wrong.
struct At {
  YAML::Node node;
  std::string path;  // YAML path, e.g. states[2].traits.hedging ("" = the document)
  YAML::Mark mark;   // the node's own, or its key's when the node is null
  bool present = false;
};

// A composed scenario (extends:, sim/io/scenario/compose.hpp) is one tree made of
// several files. Each node's Mark says which: Mark::pos holds the byte offset plus the
// file's number times 2^kFileShift (0 for the file the Checker was made for), so that a
// diagnostic names the file a value was written in. Scenario files are at most 2^26
// bytes (kMaxScenarioBytes), and int Mark::pos holds numbers 0..30.
inline constexpr int kFileShift = 26;
inline constexpr int kMaxFiles = 31;

// Collects diagnostics (up to a limit) and knows which nodes --set wrote.
class Checker {
 public:
  explicit Checker(std::string file, std::size_t limit = 50);

  // A base file joins the tree: its number, for its nodes' marks (tag_file_marks).
  // std::nullopt when kMaxFiles are already in.
  std::optional<int> add_file(std::string file);
  // The file a mark points into (the Checker's own for a mark without a position).
  const std::string& file_of(const YAML::Mark& mark) const;
  // "FILE:LINE:COL" of a mark, for provenance (bpsim explain).
  std::string place(const YAML::Mark& mark) const;
  // Every file of the tree: the Checker's own first, then each base as it was added.
  const std::vector<std::string>& files() const { return files_; }
  // Takes over the diagnostics of a Checker used for one base file.
  void absorb(const Checker& other);

  void from_override(const YAML::Node& node, std::string arg);
  void error(const At& at, std::string message);
  // `origin` decides whether the problem is reported at `mark` or at a --set.
  void error(const YAML::Node& origin, const YAML::Mark& mark, std::string path, std::string message);
  void error_override(std::string arg, std::string message);
  void error_file(std::string message);

  // The --set argument that wrote `node`, or nullptr if it came from the file.
  const std::string* override_of(const YAML::Node& node) const;
  // For messages that cite another node: " (--set ARG)" if it or anything
  // under it came from --set, else "".
  std::string set_note(const YAML::Node& node) const;
  // Where a node was written, for "first at ...": "line 12" or "--set ARG".
  std::string origin(const YAML::Node& node, const YAML::Mark& mark) const;

  bool failed() const { return !diagnostics_.empty(); }
  void raise_if_failed() const;  // throws ScenarioError with everything collected
  const std::string& file() const { return file_; }

 private:
  void add(Diagnostic d);
  const std::string* override_within(const YAML::Node& node, int depth) const;

  std::string file_;
  std::vector<std::string> files_;  // files_[0] == file_; see kFileShift
  std::size_t limit_;
  std::size_t dropped_ = 0;
  std::vector<Diagnostic> diagnostics_;
  std::vector<std::pair<YAML::Node, std::string>> overridden_;
};

// Range and the named ranges (kUnit, ...) live in sim/model/tables.hpp.

// How a node reads in a message: 'abc', a map, a list, nothing.
std::string describe(const YAML::Node& node);

// The one YAML document of a file's text (a null node when there is none), or nullopt
// with the problem recorded in ck: invalid YAML, or more than one document (yaml-cpp's
// Load would read the first and drop the rest without a word). `noun` names what the
// file holds in the message ("a scenario", "a sweep file"). Never loops: yaml-cpp 0.7's
// LoadAll does on a stray ',' (yaml-cpp issue 1040), so documents are counted by their
// starts, and a start that does not move on is not a new document.
std::optional<YAML::Node> load_one_document(const std::string& text, Checker& ck, std::string_view noun);

At root_at(const YAML::Node& root);
At child(const At& map, std::string_view key);  // present=false when absent
At item(const At& list, std::size_t i);
bool has(const At& map, std::string_view key);

// Checks that `at` is a map whose keys are plain, distinct and allowed.
// `noun` names the keys in messages ("key", "dimension").
bool check_map(Checker& ck, const At& at, const std::vector<std::string>& allowed, std::string_view noun = "key");
bool check_list(Checker& ck, const At& at);
bool require(Checker& ck, const At& map, std::string_view key);

std::optional<double> read_number(Checker& ck, const At& at, const Range& range = kAnyNumber);
std::optional<long long> read_integer(Checker& ck, const At& at, long long lo,
                                      long long hi = std::numeric_limits<int>::max());
std::optional<std::string> read_string(Checker& ck, const At& at);
// One of `choices`; otherwise "'x' is not allowed; allowed: a, b".
std::optional<std::string> read_choice(Checker& ck, const At& at, const std::vector<std::string>& choices);

}  // namespace bpsim::io
