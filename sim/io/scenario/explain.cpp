#include "sim/io/scenario/explain.hpp"

#include "sim/io/input_file.hpp"
#include "sim/io/scenario/compose.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "sim/model/rule_kinds.hpp"
#include "sim/model/tables.hpp"

#include <fmt/format.h>

#include <functional>

namespace bpsim {

namespace {

using io::At;

// One line's value and where it came from.
struct Line {
  std::string key, value, origin;
};

class Explainer {
 public:
  Explainer(const Scenario& sc, const YAML::Node& root, io::Checker& ck) : sc_(sc), root_(root), ck_(ck) {}

  std::string text() {
    map(io::root_at(root_), 0, root_defaults(io::root_at(root_)));
    return out_;
  }

 private:
  std::string origin(const YAML::Node& node) const {
    if (const std::string* arg = ck_.override_of(node)) return "--set " + *arg;
    const YAML::Mark m = node.Mark();
    return m.line < 0 ? "?" : fmt::format("{}:{}", ck_.file_of(m), m.line + 1);
  }

  void put(int depth, const std::string& head, const std::string& origin_text) {
    const std::string line = std::string(static_cast<std::size_t>(depth) * 2, ' ') + head;
    out_ += fmt::format("{:<60} # {}\n", line, origin_text);
  }

  // As YAML writes it: quoted where the text would not read back as itself (a ": " in a
  // description), so that the output is a YAML document a script can load.
  static std::string scalar(const YAML::Node& n) {
    if (n.IsNull()) return "~";
    YAML::Emitter e;
    e << n.Scalar();
    return e.c_str();
  }

  // A list of scalars that all came from where the list did: one line.
  bool flat_list(const YAML::Node& list) const {
    if (!list.IsSequence()) return false;
    for (const auto& item : list)
      if (!item.IsScalar() || origin(item) != origin(list)) return false;
    return true;
  }

  void value(const std::string& head, const At& at, int depth) {
    if (at.node.IsMap()) {
      put(depth, head, origin(at.node));
      map(at, depth + 1, defaults_for(at));
    } else if (flat_list(at.node)) {
      std::string items;
      for (const auto& item : at.node) items += (items.empty() ? "" : ", ") + scalar(item);
      put(depth, head + " [" + items + "]", origin(at.node));
    } else if (at.node.IsSequence()) {
      put(depth, head, origin(at.node));
      for (std::size_t k = 0; k < at.node.size(); ++k) value("-", io::item(at, k), depth + 1);
    } else {
      put(depth, head + " " + scalar(at.node), origin(at.node));
    }
  }

  void map(const At& at, int depth, const std::vector<Line>& filled) {
    for (const auto& kv : at.node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      value(key + ":", io::child(at, key), depth);
    }
    for (const Line& l : filled) put(depth, l.key + ": " + l.value, l.origin);
  }

  // The defaults of a map at `at` that the file does not give.
  std::vector<Line> defaults_for(const At& at) {
    if (at.path == "parameters") return parameter_defaults(at);
    const int state = state_of(at.path, "]");
    if (state >= 0) return io::has(at, "traits") ? std::vector<Line>{} : missing_traits(state);
    const int traits_of = state_of(at.path, "].traits");
    if (traits_of >= 0) return trait_defaults(at, traits_of);
    const int event = index_in(at.path, "events[", "]");
    if (event >= 0 && static_cast<std::size_t>(event) < sc_.events.size()) return schedule_defaults(at, event);
    if (at.path == "defaults") return built_in_traits(at);
    for (std::size_t e = 0; e < sc_.events.size(); ++e)
      if (at.path == fmt::format("events[{}].{}", e, kRuleKeys[sc_.events[e].rule.index()]))
        return rule_defaults(at, sc_.events[e].rule);
    return {};
  }

  // "states[3]" + tail -> 3; -1 when the path is not that.
  static int index_in(const std::string& path, const std::string& head, const std::string& tail) {
    if (path.rfind(head, 0) != 0 || path.size() <= head.size() + tail.size()) return -1;
    if (path.compare(path.size() - tail.size(), tail.size(), tail) != 0) return -1;
    const std::string digits = path.substr(head.size(), path.size() - head.size() - tail.size());
    return io::is_index(digits) ? static_cast<int>(io::index_value(digits)) : -1;
  }
  int state_of(const std::string& path, const std::string& tail) const {
    const int i = index_in(path, "states[", tail);
    return i < sc_.n_states() ? i : -1;
  }

  std::vector<Line> root_defaults(const At& root) const {
    std::vector<Line> out;
    if (!io::has(root, "model")) out.push_back({"model", model_name(sc_.model), "default"});
    if (!io::has(root, "tick_label")) out.push_back({"tick_label", sc_.tick_label, "default"});
    if (!io::has(root, "seed")) out.push_back({"seed", std::to_string(sc_.seed), "default"});
    if (!io::has(root, "parameters")) {
      out.push_back({"parameters", "", "default: every parameter below"});
      for (const Line& l : parameter_defaults(At{})) out.push_back({"  " + l.key, l.value, l.origin});
    }
    return out;
  }

  std::vector<Line> parameter_defaults(const At& at) const {
    std::vector<Line> out;
    for (const ParamSpec& p : kParams)
      if (!io::has(at, p.name) && in_model(p, sc_.model))
        out.push_back({p.name, fmt::format("{}", sc_.params.*p.field), "default"});
    if (!io::has(at, "incident_mode"))
      out.push_back(
          {"incident_mode", sc_.params.incident_mode == IncidentMode::random ? "random" : "expected", "default"});
    return out;
  }

  // A state's traits the state does not give: from the file's `defaults:` or built in.
  std::vector<Line> trait_defaults(const At& at, int state) const {
    std::vector<Line> out;
    const At file_defaults = io::child(io::root_at(root_), "defaults");
    for (const TraitSpec& t : kTraits) {
      if (io::has(at, t.name)) continue;
      const At d = io::child(file_defaults, t.name);
      out.push_back({t.name, fmt::format("{}", (sc_.traits.*t.per_state)[state]),
                     d.present ? "defaults " + origin(d.node) : "default"});
    }
    return out;
  }

  std::vector<Line> missing_traits(int state) const {
    std::vector<Line> out{{"traits", "", "default: every trait below"}};
    for (const Line& l : trait_defaults(At{}, state)) out.push_back({"  " + l.key, l.value, l.origin});
    return out;
  }

  // The file's `defaults:` map: the traits it does not set keep their built-in value.
  static std::vector<Line> built_in_traits(const At& at) {
    std::vector<Line> out;
    for (const TraitSpec& t : kTraits)
      if (!io::has(at, t.name)) out.push_back({t.name, fmt::format("{}", t.def), "default"});
    return out;
  }

  // A rule's optional fields the file does not give, at the value the event has (its
  // descriptor's default): a number, or a choice by name.
  static std::vector<Line> rule_defaults(const At& at, const EventRule& rule) {
    std::vector<Line> out;
    std::visit(
        [&](const auto& ev) {
          using E = std::remove_cvref_t<decltype(ev)>;
          for (const FieldSpec<E>& f : RuleKind<E>::fields) {
            if (f.required || io::has(at, f.key)) continue;
            std::visit(
                [&](auto member) {
                  using T = std::remove_cvref_t<decltype(ev.*member)>;
                  if constexpr (std::is_same_v<T, double>)
                    out.push_back({std::string(f.key), fmt::format("{}", ev.*member), "default"});
                  else if constexpr (std::is_enum_v<T>)
                    out.push_back(
                        {std::string(f.key), std::string(f.choices[static_cast<std::size_t>(ev.*member)]), "default"});
                },
                f.member);
          }
        },
        rule);
    return out;
  }

  std::vector<Line> schedule_defaults(const At& at, int e) const {
    const Event& ev = sc_.events[static_cast<std::size_t>(e)];
    std::vector<Line> out;
    if (io::has(at, "at")) return out;
    if (!io::has(at, "from")) out.push_back({"from", std::to_string(ev.when.from), "default"});
    if (!io::has(at, "until")) out.push_back({"until", "end", "default: the last tick"});
    if (!io::has(at, "every")) out.push_back({"every", std::to_string(ev.when.every), "default"});
    if (!io::has(at, "enabled")) out.push_back({"enabled", "true", "default"});
    return out;
  }

  const Scenario& sc_;
  const YAML::Node root_;
  io::Checker& ck_;
  std::string out_;
};

}  // namespace

std::string explain_scenario(const std::string& path, const std::vector<Override>& overrides) {
  const Scenario sc = load_scenario(path, overrides);  // every problem reported as the loader does
  io::Checker ck(path);
  const std::string text = read_input_file(path, "scenario file", kMaxScenarioBytes);
  const auto root = io::resolve_document(text, overrides, ck);
  ck.raise_if_failed();
  return fmt::format("# {}: the scenario as bpsim reads it; after each value, where it came from\n", path) +
         Explainer(sc, *root, ck).text();
}

}  // namespace bpsim
