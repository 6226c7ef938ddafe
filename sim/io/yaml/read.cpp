// Typed, never-throwing reads of YAML nodes (the Checker records what is wrong).
#include "sim/io/yaml/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace bpsim::io {

namespace {

// Where each YAML document of a text starts (nothing else of the events is kept).
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

constexpr std::size_t kDocumentsCounted = 100;  // "more than 100" beyond

}  // namespace

std::optional<YAML::Node> load_one_document(const std::string& text, Checker& ck, std::string_view noun) {
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts docs;
    while (docs.starts.size() <= kDocumentsCounted && parser.HandleNextDocument(docs)) {
      const auto n = docs.starts.size();
      if (n > 1 && docs.starts[n - 1].pos == docs.starts[n - 2].pos) {  // the parser is stuck here
        ck.error(YAML::Node(), docs.starts[n - 1], "",
                 "invalid YAML: the parser cannot go on from here (a stray ',' outside [ ] or { }?)");
        return std::nullopt;
      }
    }
    if (docs.starts.size() > 1) {
      const std::string count = docs.starts.size() > kDocumentsCounted ? fmt::format("more than {}", kDocumentsCounted)
                                                                       : fmt::format("{}", docs.starts.size());
      ck.error(YAML::Node(), docs.starts[1], "",
               fmt::format("the file holds {} YAML documents; {} is one document (the second begins here: "
                           "remove the '---' line or split the file)",
                           count, noun));
      return std::nullopt;
    }
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {  // ParserException, DeepRecursion, ...
    ck.error(YAML::Node(), e.mark, "", "invalid YAML: " + e.msg);
  }
  return std::nullopt;
}

At root_at(const YAML::Node& root) { return At{root, "", root.Mark(), true}; }

At child(const At& map, std::string_view key) {
  if (!map.present || !map.node.IsMap()) return At{YAML::Node(), join_path(map.path, key), map.mark};
  for (const auto& kv : map.node) {
    if (!kv.first.IsScalar() || kv.first.Scalar() != key) continue;
    // A null value's own mark points past it; its key is where the user looks.
    const YAML::Mark mark = kv.second.IsNull() ? kv.first.Mark() : kv.second.Mark();
    return At{kv.second, join_path(map.path, key), mark, true};
  }
  return At{YAML::Node(), join_path(map.path, key), map.mark};
}

At item(const At& list, std::size_t i) {
  const YAML::Node node = list.node[i];
  return At{node, index_path(list.path, i), node.IsNull() ? list.mark : node.Mark(), true};
}

bool has(const At& map, std::string_view key) { return child(map, key).present; }

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Reports keys that are not plain, repeated or not allowed.
void check_keys(Checker& ck, const At& at, const std::vector<std::string>& allowed, std::string_view noun) {
  std::vector<std::pair<std::string, int>> seen;  // name, 1-based line
  for (const auto& kv : at.node) {
    const YAML::Mark mark = kv.first.Mark();
    if (!kv.first.IsScalar()) {
      ck.error(kv.second, mark, at.path, "expected a plain key, got " + describe(kv.first));
      continue;
    }
    const std::string& name = kv.first.Scalar();
    const auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == name; });
    if (first != seen.end())
      ck.error(kv.second, mark, at.path,
               fmt::format("duplicate {} '{}' (first at line {})", noun, name, first->second));
    else if (!contains(allowed, name))
      ck.error(kv.second, mark, at.path,
               fmt::format("unknown {} '{}'; allowed: {}", noun, name, join_names(allowed, 40)));
    seen.emplace_back(name, mark.line + 1);
  }
}

// ">= lo" reads best, unless the value broke the (int-sized) upper bound.
std::string int_range_text(long long lo, long long hi, long long v) {
  if (hi == std::numeric_limits<int>::max() && v <= hi) return fmt::format("an integer >= {}", lo);
  return fmt::format("an integer in [{}, {}]", lo, hi);
}

}  // namespace

bool check_map(Checker& ck, const At& at, const std::vector<std::string>& allowed, std::string_view noun) {
  if (!at.node.IsMap()) {
    ck.error(at, "expected a map, got " + describe(at.node));
    return false;
  }
  check_keys(ck, at, allowed, noun);
  return true;
}

bool check_list(Checker& ck, const At& at) {
  if (at.node.IsSequence()) return true;
  ck.error(at, "expected a list, got " + describe(at.node));
  return false;
}

bool require(Checker& ck, const At& map, std::string_view key) {
  if (has(map, key)) return true;
  ck.error(map, fmt::format("missing required key '{}'", key));
  return false;
}

std::optional<double> read_number(Checker& ck, const At& at, const Range& range) {
  double v = 0;
  if (!at.node.IsScalar() || !YAML::convert<double>::decode(at.node, v)) {
    ck.error(at, "expected a number, got " + describe(at.node));
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    ck.error(at, "expected a finite number, got " + describe(at.node));
    return std::nullopt;
  }
  if (!range.contains(v)) {
    ck.error(at, fmt::format("{} is out of range; allowed: {}", at.node.Scalar(), range.text()));
    return std::nullopt;
  }
  return v;
}

std::optional<long long> read_integer(Checker& ck, const At& at, long long lo, long long hi) {
  long long v = 0;
  if (!at.node.IsScalar() || !YAML::convert<long long>::decode(at.node, v)) {
    ck.error(at, "expected an integer, got " + describe(at.node));
    return std::nullopt;
  }
  if (v < lo || v > hi) {
    ck.error(at, fmt::format("{} is out of range; allowed: {}", at.node.Scalar(), int_range_text(lo, hi, v)));
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> read_string(Checker& ck, const At& at) {
  if (at.node.IsScalar()) return at.node.Scalar();
  ck.error(at, "expected a string, got " + describe(at.node));
  return std::nullopt;
}

std::optional<std::string> read_choice(Checker& ck, const At& at, const std::vector<std::string>& choices) {
  auto s = read_string(ck, at);
  if (!s) return std::nullopt;
  if (contains(choices, *s)) return s;
  ck.error(at, fmt::format("unknown value '{}'; allowed: {}", *s, join_names(choices)));
  return std::nullopt;
}

}  // namespace bpsim::io
