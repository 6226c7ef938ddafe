#include "sim/io/sweep/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include <yaml-cpp/eventhandler.h>
#include <nlohmann/json.hpp>

#include "analysis/design.hpp"
#include "analysis/outcomes.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/memory_budget.hpp"
#include "sim/io/scenario/override_apply.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "sim/io/yaml/check.hpp"

namespace bpsim {

namespace {

namespace fs = std::filesystem;

// A descriptor table's names, or a choice's values, as the checkers take them.
template <class T>
std::vector<std::string> names_of(const T& items) {
  std::vector<std::string> out;
  for (const auto& i : items) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(i)>, SweepKey>) out.emplace_back(i.name);
    else out.emplace_back(i);
  }
  return out;
}

const std::vector<std::string> kTopKeys = names_of(kSweepKeys);
const std::vector<std::string> kDesignKeys = names_of(kSweepDesignKeys);
const std::vector<std::string> kParameterKeys = names_of(kSweepParameterKeys);
const std::vector<std::string> kScales = names_of(kSweepScales);
const std::vector<std::string> kDesignKinds = names_of(kSweepDesignKinds);

const char* const kPathExample = "e.g. events.0.sanctions.intensity";

std::vector<std::string> design_keys_for(const std::string& kind) {
  std::vector<std::string> out;
  for (const SweepKey& k : kSweepDesignKeys)
    if (sweep_key_applies(k, kind)) out.emplace_back(k.name);
  return out;
}

// A count key's least value, from its descriptor.
template <std::size_t N>
long long least(const std::array<SweepKey, N>& keys, std::string_view name) {
  return sweep_key(keys, name).min;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

int to_int(long long v) { return static_cast<int>(v); }

SweepPosition position_of(const io::At& at) { return SweepPosition{at.mark.line + 1, at.mark.column + 1, at.path}; }

// Why `path` is not a valid --set path, or "" if it is.
std::string path_problem(const std::string& path) {
  if (path.empty()) return fmt::format("empty path; expected dot-separated keys, {}", kPathExample);
  for (const char c : path)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '=')
      return fmt::format("'{}' is not a valid path: it contains '{}'; {}", path, c == '=' ? "=" : "a space",
                         kPathExample);
  for (const auto& segment : io::split_path(path))
    if (segment.empty())
      return fmt::format("empty segment in path '{}'; segments are separated by single dots, {}", path, kPathExample);
  return "";
}

// A scenario path relative to the sweep file's directory, normalised ("a/../b" ->
// "b") unless a symbolic link makes the two differ.
std::string resolve_scenario(const std::string& sweep_file, const std::string& scenario) {
  const fs::path given(scenario);
  const fs::path dir = fs::path(sweep_file).parent_path();
  const fs::path raw = given.is_absolute() || dir.empty() ? given : dir / given;
  const fs::path normal = raw.lexically_normal();
  std::error_code ec;
  if (fs::exists(raw, ec) && !fs::equivalent(raw, normal, ec)) return raw.string();
  return normal.string();
}

// One key of a map, with what diagnostics need.
struct Entry {
  YAML::Node key, value;
  std::string name;
};

// The entries of a map whose keys are user-chosen paths (parameters, set):
// reports non-scalar and duplicate keys; returns the others, in file order.
std::vector<Entry> path_entries(io::Checker& ck, const io::At& at, std::string_view noun) {
  std::vector<Entry> out;
  std::vector<std::pair<std::string, int>> seen;  // name, 1-based line
  for (const auto& kv : at.node) {
    if (!kv.first.IsScalar()) {
      ck.error(kv.second, kv.first.Mark(), at.path, "expected a path as key, got " + io::describe(kv.first));
      continue;
    }
    const std::string& name = kv.first.Scalar();
    const auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == name; });
    if (first != seen.end()) {
      ck.error(kv.second, kv.first.Mark(), at.path,
               fmt::format("duplicate {} '{}' (first at line {})", noun, name, first->second));
      continue;
    }
    seen.emplace_back(name, kv.first.Mark().line + 1);
    if (const std::string problem = path_problem(name); !problem.empty()) {
      ck.error(kv.second, kv.first.Mark(), at.path, problem);
      continue;
    }
    out.push_back(Entry{kv.first, kv.second, name});
  }
  return out;
}

io::At entry_at(const io::At& map, const Entry& e) {
  const YAML::Mark mark = e.value.IsNull() ? e.key.Mark() : e.value.Mark();
  return io::At{e.value, fmt::format("{}[{}]", map.path, e.name), mark, true};
}

class SweepReader {
 public:
  SweepReader(io::Checker& ck, SweepSpec& sp) : ck_(ck), sp_(sp) {}

  void read(const io::At& root) {
    const YAML::Node& n = root.node;
    if (n.IsMap() && !n["design"] && (n["states"] || n["dimensions"] || n["extends"] || n["ticks"])) {
      ck_.error(root,
                "this is a scenario file (it has states:, dimensions:, ticks: or extends:), not a sweep; run "
                "it with `bpsim run`, or name it under scenario: in a sweep file (docs/sweeps.md)");
      return;
    }
    io::check_map(ck_, root, kTopKeys);
    sp_.design_at = position_of(root);
    read_scenario(root);
    read_design(root);
    read_replicates(root);
    read_parameters(root);
    read_outcomes(root);
    read_trajectories(root);
    read_set(root);
    if (!ck_.failed()) check_size(root);
  }

 private:
  void read_scenario(const io::At& root) {
    if (!io::require(ck_, root, "scenario")) return;
    const io::At at = io::child(root, "scenario");
    const auto s = io::read_string(ck_, at);
    if (!s) return;
    if (s->empty()) {
      ck_.error(at, "expected the path of a scenario file, got ''");
      return;
    }
    sp_.scenario_path = resolve_scenario(sp_.file, *s);
    std::error_code ec;
    if (fs::is_directory(sp_.scenario_path, ec))
      ck_.error(at, fmt::format("cannot read scenario file '{}': it is a directory", sp_.scenario_path));
    else if (!fs::exists(sp_.scenario_path, ec))
      ck_.error(at, fmt::format("cannot read scenario file '{}': no such file{}", sp_.scenario_path,
                                fs::path(*s).is_absolute() ? ""
                                                           : " (a relative path is relative to "
                                                             "the sweep file's directory)"));
  }

  void read_design(const io::At& root) {
    if (!io::require(ck_, root, "design")) return;
    const io::At at = io::child(root, "design");
    sp_.design_at = position_of(at);
    if (!io::check_map(ck_, at, kDesignKeys)) return;
    SweepDesign& d = sp_.design;
    if (io::require(ck_, at, "kind")) {
      if (auto kind = io::read_choice(ck_, io::child(at, "kind"), kDesignKinds)) {
        d.kind = *kind;
        kind_ = *kind;
      }
    }
    if (!kind_.empty()) {
      const auto allowed = design_keys_for(kind_);
      for (const auto& kv : at.node) {
        if (!kv.first.IsScalar()) continue;
        const std::string& key = kv.first.Scalar();
        if (contains(kDesignKeys, key) && !contains(allowed, key))
          ck_.error(kv.second, kv.first.Mark(), io::join_path(at.path, key),
                    fmt::format("'{}' does not apply to kind {}; allowed: {}", key, kind_, io::join_names(allowed)));
      }
    }
    if (applies("samples") && io::require(ck_, at, "samples")) {
      sp_.samples_at = position_of(io::child(at, "samples"));
      read_count(at, "samples", d.samples);
    }
    if (io::has(at, "seed"))
      if (auto v = read_seed(io::child(at, "seed"))) d.seed = *v;
    if (applies("trajectories")) read_count(at, "trajectories", d.trajectories);
    if (applies("levels") && io::has(at, "levels")) read_morris_levels(io::child(at, "levels"));
    if (applies("points")) read_count(at, "points", d.points);
  }

  // Whether a design key applies to the design's kind (known to be valid).
  bool applies(std::string_view key) const {
    return !kind_.empty() && sweep_key_applies(sweep_key(kSweepDesignKeys, key), kind_);
  }

  // A count key of the design, if given, at least its descriptor's min.
  void read_count(const io::At& design, std::string_view key, int& into) {
    if (!io::has(design, key)) return;
    if (auto v = io::read_integer(ck_, io::child(design, key), least(kSweepDesignKeys, key))) into = to_int(*v);
  }

  // Morris's elementary steps need an even number of levels (analysis/design.cpp).
  void read_morris_levels(const io::At& at) {
    const auto v = io::read_integer(ck_, at, least(kSweepDesignKeys, "levels"), std::numeric_limits<int>::max());
    if (!v) return;
    if (*v % 2 != 0) {
      ck_.error(at,
                fmt::format("{} levels: a morris design needs an even number of levels; allowed: 2, 4, 6, ...", *v));
      return;
    }
    sp_.design.levels = to_int(*v);
  }

  // The design's size: every count fits an int, and sobol's generator has 2k <= 128
  // dimensions.
  void check_size(const io::At& root) {
    const io::At at = io::has(root, "design") ? io::child(root, "design") : root;
    const auto k = sp_.parameters.size();
    if (sp_.design.kind == "sobol" && 2 * k > static_cast<std::size_t>(design::sobol_max_dims)) {
      ck_.error(io::child(root, "parameters"),
                fmt::format("a sobol design takes at most {} parameters, got {}", design::sobol_max_dims / 2, k));
      return;
    }
    const std::uint64_t points = sweep_point_count(sp_);
    const std::uint64_t runs = mul_sat(points, static_cast<std::uint64_t>(sp_.replicates));
    if (runs > static_cast<std::uint64_t>(kMaxSweepRuns))
      ck_.error(at, fmt::format("the sweep has {} points x {} replicates = {} runs, more than the {} a sweep may "
                                "have; ask for fewer samples, levels or replicates, or split it into several "
                                "sweep files",
                                count_text(points), sp_.replicates, count_text(runs), kMaxSweepRuns));
  }

  static std::string count_text(std::uint64_t n) {
    return n == std::numeric_limits<std::uint64_t>::max() ? std::string("more than 1.8e19") : std::to_string(n);
  }

  // Any unsigned 64-bit integer.
  std::optional<std::uint64_t> read_seed(const io::At& at) {
    long long v = 0;
    unsigned long long u = 0;
    if (at.node.IsScalar() && YAML::convert<long long>::decode(at.node, v)) {
      if (v >= 0) return static_cast<std::uint64_t>(v);
      ck_.error(at, fmt::format("{} is out of range; allowed: an integer >= 0", at.node.Scalar()));
      return std::nullopt;
    }
    if (at.node.IsScalar() && at.node.Scalar().find('-') == std::string::npos &&
        YAML::convert<unsigned long long>::decode(at.node, u))
      return static_cast<std::uint64_t>(u);
    ck_.error(at, "expected an integer, got " + io::describe(at.node));
    return std::nullopt;
  }

  void read_replicates(const io::At& root) {
    if (!io::has(root, "replicates")) return;
    if (auto v = io::read_integer(ck_, io::child(root, "replicates"), least(kSweepKeys, "replicates"),
                                  std::numeric_limits<int>::max()))
      sp_.replicates = to_int(*v);
  }

  void read_parameters(const io::At& root) {
    const bool needs = !kind_.empty() && kind_ != "grid";  // SweepNeed::unless_grid
    if (!io::has(root, "parameters")) {
      if (needs) io::require(ck_, root, "parameters");
      return;
    }
    const io::At at = io::child(root, "parameters");
    if (!at.node.IsMap()) {
      ck_.error(at, fmt::format("expected a map of parameter paths, e.g. {{{}: {{range: [0, 1]}}}}, "
                                "got {}",
                                "events.0.sanctions.intensity", io::describe(at.node)));
      return;
    }
    if (at.node.size() == 0 && needs)
      ck_.error(at, fmt::format("design kind {} needs at least 1 parameter, got none", kind_));
    for (const Entry& e : path_entries(ck_, at, "parameter")) {
      parameter_lines_.emplace_back(e.name, e.key.Mark().line + 1);
      read_parameter(entry_at(at, e), e.name);
    }
  }

  void read_parameter(const io::At& at, const std::string& path) {
    if (!at.node.IsMap()) {
      ck_.error(at,
                "expected {range: [lo, hi]} (optionally with scale: log) or {levels: [v1, v2, "
                "...]}, got " +
                    io::describe(at.node));
      return;
    }
    if (!io::check_map(ck_, at, kParameterKeys)) return;
    SweepParameter p;
    p.path = path;
    const bool has_range = io::has(at, "range"), has_levels = io::has(at, "levels");
    if (has_range && has_levels) {
      ck_.error(io::child(at, "levels"), "'range' and 'levels' exclude each other; use one");
      return;
    }
    if (!has_range && !has_levels) {
      ck_.error(at, "missing range or levels; expected {range: [lo, hi]} or {levels: [v1, v2, ...]}");
      return;
    }
    bool ok = has_range ? read_range(io::child(at, "range"), p) : read_levels(io::child(at, "levels"), p);
    if (io::has(at, "scale")) {
      const io::At scale = io::child(at, "scale");
      if (has_levels) {
        ck_.error(scale, "'scale' applies to range only; levels are used as given");
        ok = false;
      } else if (auto s = io::read_choice(ck_, scale, kScales)) {
        p.log = *s == "log";
        if (p.log && ok && !(p.lo > 0)) {
          ck_.error(scale, fmt::format("log scale needs lo > 0, got lo = {}", io::child(at, "range").node[0].Scalar()));
          ok = false;
        }
      } else {
        ok = false;
      }
    }
    if (ok) sp_.parameters.push_back(std::move(p));
  }

  bool read_range(const io::At& at, SweepParameter& p) {
    if (!at.node.IsSequence() || at.node.size() != 2) {
      ck_.error(at, "expected [lo, hi], got " +
                        (at.node.IsSequence() ? fmt::format("a list of {}", at.node.size()) : io::describe(at.node)));
      return false;
    }
    const auto lo = io::read_number(ck_, io::item(at, 0));
    const auto hi = io::read_number(ck_, io::item(at, 1));
    if (!lo || !hi) return false;
    if (!(*lo < *hi)) {
      ck_.error(at, fmt::format("expected lo < hi, got [{}, {}]", at.node[0].Scalar(), at.node[1].Scalar()));
      return false;
    }
    p.lo = *lo;
    p.hi = *hi;
    return true;
  }

  bool read_levels(const io::At& at, SweepParameter& p) {
    if (!kind_.empty() && kind_ != "grid") {
      ck_.error(at, fmt::format("levels need design kind grid, not {}; use range: [lo, hi]", kind_));
      return false;
    }
    if (!io::check_list(ck_, at)) return false;
    if (at.node.size() == 0) {
      ck_.error(at, "expected at least 1 level, got none");
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < at.node.size(); ++i) {
      const io::At level = io::item(at, i);
      const auto v = io::read_number(ck_, level);
      if (!v) {
        ok = false;
        continue;
      }
      const auto first = std::find(p.levels.begin(), p.levels.end(), *v);
      if (first != p.levels.end()) {
        ck_.error(level, fmt::format("duplicate level {} (first at levels[{}])", level.node.Scalar(),
                                     first - p.levels.begin()));
        ok = false;
      }
      p.levels.push_back(*v);
    }
    if (!ok) return false;
    p.lo = *std::min_element(p.levels.begin(), p.levels.end());
    p.hi = *std::max_element(p.levels.begin(), p.levels.end());
    return true;
  }

  void read_outcomes(const io::At& root) {
    if (!io::has(root, "outcomes")) return;
    const io::At at = io::child(root, "outcomes");
    if (!io::check_list(ck_, at)) return;
    std::vector<int> lines;
    for (std::size_t i = 0; i < at.node.size(); ++i) {
      const io::At o = io::item(at, i);
      const auto s = io::read_string(ck_, o);
      if (!s) continue;
      const auto first = std::find(sp_.outcomes.begin(), sp_.outcomes.end(), *s);
      if (first != sp_.outcomes.end()) {
        ck_.error(o, fmt::format("duplicate outcome '{}' (first at line {})", *s,
                                 lines[static_cast<std::size_t>(first - sp_.outcomes.begin())]));
        continue;
      }
      try {
        (void)parse_outcome(*s);
      } catch (const std::exception& e) {
        ck_.error(o, e.what());
        continue;
      }
      sp_.outcomes.push_back(*s);
      sp_.outcome_at.push_back(position_of(o));
      lines.push_back(o.mark.line + 1);
    }
  }

  void read_trajectories(const io::At& root) {
    if (!io::has(root, "trajectories")) return;
    const io::At at = io::child(root, "trajectories");
    if (at.node.IsScalar() && at.node.Scalar() == "none") {
      sp_.trajectories_every = 0;
      return;
    }
    long long v = 0;
    if (!at.node.IsScalar() || !YAML::convert<long long>::decode(at.node, v)) {
      ck_.error(at, "expected none or an integer >= 1 (keep every K-th tick), got " + io::describe(at.node));
      return;
    }
    const long long lo = least(kSweepKeys, "trajectories");
    if (v < lo || v > std::numeric_limits<int>::max()) {
      ck_.error(at, fmt::format("{} is out of range; allowed: none or an integer >= {}", at.node.Scalar(), lo));
      return;
    }
    sp_.trajectories_every = to_int(v);
  }

  void read_set(const io::At& root) {
    if (!io::has(root, "set")) return;
    const io::At at = io::child(root, "set");
    if (!at.node.IsMap()) {
      ck_.error(at, "expected a map of paths to values, e.g. {parameters.sigma_a: 0}, got " + io::describe(at.node));
      return;
    }
    for (const Entry& e : path_entries(ck_, at, "path")) {
      const io::At value = entry_at(at, e);
      const auto swept = std::find_if(parameter_lines_.begin(), parameter_lines_.end(),
                                      [&](const auto& p) { return p.first == e.name; });
      if (swept != parameter_lines_.end()) {
        ck_.error(e.value, e.key.Mark(), value.path,
                  fmt::format("'{}' is also a swept parameter (line {}); a value is either swept "
                              "or fixed",
                              e.name, swept->second));
        continue;
      }
      if (!e.value.IsScalar()) {
        ck_.error(value, "expected a single value, got " + io::describe(e.value));
        continue;
      }
      try {
        sp_.fixed.push_back(parse_override(e.name + "=" + e.value.Scalar()));
      } catch (const ScenarioError& err) {
        ck_.error(value, err.diagnostics().empty() ? err.what() : err.diagnostics()[0].message);
      }
    }
  }

  io::Checker& ck_;
  SweepSpec& sp_;
  std::string kind_;                                          // the design kind once known to be valid, else ""
  std::vector<std::pair<std::string, int>> parameter_lines_;  // path, 1-based line
};

// "text" with \, " and control characters escaped: unambiguous in canonical().
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// A set value as canonical text: numbers by value ("0.0" == "0"), the rest quoted.
std::string canonical_value(const std::string& v) {
  double d = 0;
  if (YAML::convert<double>::decode(YAML::Node(v), d) && std::isfinite(d)) return number(d);
  return quoted(v);
}

}  // namespace

std::string SweepSpec::canonical() const {
  std::string out = "bpsim-sweep 1\n";
  out += "design.kind " + quoted(design.kind) + "\n";
  if (design.kind == "random" || design.kind == "latin_hypercube" || design.kind == "sobol")
    out += fmt::format("design.samples {}\n", design.samples);
  if (design.kind == "morris")
    out += fmt::format("design.trajectories {}\ndesign.levels {}\n", design.trajectories, design.levels);
  if (design.kind == "grid") out += fmt::format("design.points {}\n", design.points);
  out += fmt::format("design.seed {}\n", design.seed);
  out += fmt::format("replicates {}\n", replicates);
  for (const SweepParameter& p : parameters) {
    out += "parameter " + quoted(p.path);
    if (p.levels.empty()) {
      out += " range " + number(p.lo) + " " + number(p.hi) + (p.log ? " log" : " linear");
    } else {
      out += " levels";
      for (const double v : p.levels) out += " " + number(v);
    }
    out += "\n";
  }
  for (const std::string& o : outcomes) out += "outcome " + quoted(o) + "\n";
  out += fmt::format("trajectories_every {}\n", trajectories_every);
  for (const Override& o : fixed) out += "set " + quoted(o.path) + " " + canonical_value(o.value) + "\n";
  return out;
}

std::string sweep_fingerprint(const SweepSpec& spec) {
  return sweep_fingerprint_of(spec, scenario_sha256(spec.scenario_path));
}

std::string sweep_fingerprint_of(const SweepSpec& spec, const std::string& scenario_sha256) {
  return sha256_hex(spec.canonical() + scenario_sha256);
}

std::uint64_t sweep_point_count(const SweepSpec& spec) {
  const SweepDesign& d = spec.design;
  const auto k = static_cast<std::uint64_t>(spec.parameters.size());
  const auto samples = static_cast<std::uint64_t>(std::max(d.samples, 0));
  if (d.kind == "grid") {
    std::uint64_t n = spec.parameters.empty() ? 0 : 1;
    for (const SweepParameter& p : spec.parameters)
      n = mul_sat(n, p.levels.empty() ? static_cast<std::uint64_t>(std::max(d.points, 0)) : p.levels.size());
    return n;
  }
  if (d.kind == "sobol") return mul_sat(samples, k + 2);
  if (d.kind == "morris") return mul_sat(static_cast<std::uint64_t>(std::max(d.trajectories, 0)), k + 1);
  return samples;
}

std::string sweep_position_text(const SweepSpec& spec, const SweepPosition& at) {
  return at.line > 0 ? fmt::format("{}:{}:{}", spec.file, at.line, at.column) : spec.file;
}

std::string sobol_samples_warning(const SweepSpec& spec) {
  const int n = spec.design.samples;
  if (spec.design.kind != "sobol" || n < 1) return "";
  const bool few = n < kSobolMinSamples, power_of_two = (n & (n - 1)) == 0;
  if (!few && power_of_two) return "";
  int next = 1;
  while (next < std::max(n, kSobolMinSamples) && next < (1 << 30)) next *= 2;
  std::string why;
  if (few)
    why = fmt::format(
        "fewer than {}: the Sobol' indices are unstable (first-order estimates above 1, wide bootstrap "
        "CIs)",
        kSobolMinSamples);
  if (!power_of_two)
    why += fmt::format("{}not a power of two: the Sobol' sequence is balanced only at powers of two",
                       why.empty() ? "" : "; ");
  return fmt::format("{}: design.samples: {} base samples are {}; use {}", sweep_position_text(spec, spec.samples_at),
                     n, why, next);
}

Diagnostic sweep_diagnostic(const SweepSpec& spec, const SweepPosition& at, std::string message) {
  return Diagnostic{spec.file, at.line, at.column, at.yaml_path, std::move(message), ""};
}

// ---- the spec as JSON (for the sweep DB) ----

namespace {

using nlohmann::json;

json parameter_json(const SweepParameter& p) {
  return {{"path", p.path}, {"lo", p.lo}, {"hi", p.hi}, {"log", p.log}, {"levels", p.levels}};
}

template <class T>
T field(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key))
    throw std::invalid_argument(fmt::format("the stored sweep spec has no '{}'", key));
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(fmt::format("the stored sweep spec has a bad '{}'", key));
  }
}

}  // namespace

std::string sweep_spec_json(const SweepSpec& spec) {
  const SweepDesign& d = spec.design;
  json j = {{"design",
             {{"kind", d.kind},
              {"samples", d.samples},
              {"seed", d.seed},
              {"trajectories", d.trajectories},
              {"levels", d.levels},
              {"points", d.points}}},
            {"replicates", spec.replicates},
            {"outcomes", spec.outcomes},
            {"trajectories_every", spec.trajectories_every}};
  j["parameters"] = json::array();
  for (const SweepParameter& p : spec.parameters) j["parameters"].push_back(parameter_json(p));
  j["set"] = json::array();
  for (const Override& o : spec.fixed) j["set"].push_back({{"path", o.path}, {"value", o.value}});
  return j.dump();
}

SweepSpec sweep_spec_from_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw std::invalid_argument("the stored sweep spec is not JSON");
  SweepSpec sp;
  const json design = field<json>(j, "design");
  sp.design.kind = field<std::string>(design, "kind");
  sp.design.samples = field<int>(design, "samples");
  sp.design.seed = field<std::uint64_t>(design, "seed");
  sp.design.trajectories = field<int>(design, "trajectories");
  sp.design.levels = field<int>(design, "levels");
  sp.design.points = field<int>(design, "points");
  sp.replicates = field<int>(j, "replicates");
  sp.outcomes = field<std::vector<std::string>>(j, "outcomes");
  sp.trajectories_every = field<int>(j, "trajectories_every");
  for (const json& p : field<json>(j, "parameters"))
    sp.parameters.push_back(SweepParameter{field<std::string>(p, "path"), field<double>(p, "lo"),
                                           field<double>(p, "hi"), field<bool>(p, "log"),
                                           field<std::vector<double>>(p, "levels")});
  for (const json& o : field<json>(j, "set"))
    sp.fixed.push_back(Override{field<std::string>(o, "path"), field<std::string>(o, "value")});
  return sp;
}

SweepSpec parse_sweep(const std::string& yaml_text, const std::string& file_label) {
  io::Checker ck(file_label);
  SweepSpec sp;
  sp.file = file_label;
  auto root = io::load_one_document(yaml_text, ck, "a sweep file");
  ck.raise_if_failed();
  io::At at = io::root_at(*root);
  if (root->IsNull()) {
    at.mark = YAML::Mark();
    ck.error(at, "empty sweep file; expected a map with at least scenario, design, parameters");
  } else if (!root->IsMap()) {
    ck.error(at, "expected a map of sweep keys (scenario, design, parameters, ...), got " + io::describe(*root));
  } else {
    try {
      SweepReader(ck, sp).read(at);
    } catch (const YAML::Exception& e) {  // defensive: the readers are written not to throw
      ck.error_file(std::string("internal error while reading the sweep file: ") + e.what());
    }
  }
  ck.raise_if_failed();
  return sp;
}

SweepSpec load_sweep(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path, "sweep file", kMaxScenarioBytes);
  } catch (const InputFileError& e) {
    throw ScenarioError({Diagnostic{path, 0, 0, "", "cannot read sweep file: " + e.reason(), ""}});
  }
  return parse_sweep(text, path);
}

}  // namespace bpsim
