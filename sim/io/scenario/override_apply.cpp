#include "sim/io/scenario/override_apply.hpp"

#include "sim/io/scenario/event_ids.hpp"
#include "sim/io/yaml/alias.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <iterator>
#include <utility>

namespace bpsim::io {

std::optional<YAML::Node> override_value(const Override& o, std::string& error) {
  const std::string& v = o.value;
  if (v.empty() || (v.front() != '\'' && v.front() != '"')) return YAML::Node(v);
  try {
    YAML::Node parsed = YAML::Load(v);
    if (parsed.IsScalar()) return parsed;
  } catch (const YAML::Exception&) {
  }
  error = fmt::format("bad quoted value {}; expected one YAML scalar", v);
  return std::nullopt;
}

namespace {

// One --set being applied: where it has got to in the tree.
struct Walk {
  const Override& o;
  Checker& ck;
  SharedNodes& shared;
  YAML::Node cur;         // the node reached so far, held by no other place in the tree
  std::string shown;      // its YAML path, as diagnostics print it (appended to: linear)
  bool at_event = false;  // cur is an item of `events`

  void fail(const std::string& message) { ck.error_override(o.arg(), message); }
  std::string where() const { return shown.empty() ? "the document" : shown; }
  // Moves to cur's child at `slot`, first copying it if an alias shares it elsewhere,
  // so that the write changes exactly the path named.
  void enter(std::size_t slot) { cur.reset(shared.own_child(cur, slot)); }
};

// The place of `key` among the map's entries.
std::optional<std::size_t> find_key(const YAML::Node& map, const std::string& key) {
  std::size_t k = 0;
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return k;
    ++k;
  }
  return std::nullopt;
}

std::optional<YAML::Node> find_value(const YAML::Node& map, const std::string& key) {
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  return std::nullopt;
}

std::string count_entries(std::size_t n) { return fmt::format("{} entr{}", n, n == 1 ? "y" : "ies"); }

// In the states list a segment may name a state by id.
std::optional<std::size_t> state_by_id(Walk& w, const std::string& id) {
  std::vector<std::string> known;
  for (std::size_t i = 0; i < w.cur.size(); ++i) {
    const YAML::Node state = w.cur[i];
    if (!state.IsMap()) continue;
    const auto sid = find_value(state, "id");
    if (!sid || !sid->IsScalar()) continue;
    if (sid->Scalar() == id) return i;
    known.push_back(sid->Scalar());
  }
  w.fail(fmt::format("no state with id '{}'; known ids: {}", id, join_names(known)));
  return std::nullopt;
}

// In the events list a segment may name an event by its id (event_ids.hpp). An unknown
// one is worded as the fast patcher words it (sim/io/scenario/patch.cpp), which sweeps
// compare against.
std::optional<std::size_t> event_by_id(Walk& w, const std::string& id) {
  std::vector<std::string> ids;
  for (const auto& ev : w.cur) ids.push_back(event_id(ev).value_or(""));
  if (const auto i = event_index(ids, id)) return i;
  w.fail(fmt::format("{} is a list; expected an index, got '{}'", w.where(), id));
  return std::nullopt;
}

// events.ID.FIELD: a field the event does not have but its rule does is the rule's
// (events.sanctions_2014.intensity = events.sanctions_2014.sanctions.intensity).
// The rule's place among the event's entries, and its key.
std::optional<std::pair<std::size_t, std::string>> rule_with(const YAML::Node& event, const std::string& field) {
  if (find_key(event, field)) return std::nullopt;
  std::optional<std::pair<std::size_t, std::string>> rule;
  std::size_t k = 0;
  for (const auto& kv : event) {
    if (kv.second.IsMap()) {
      if (rule || !kv.first.IsScalar()) return std::nullopt;  // not one rule: the loader says so
      if (find_key(kv.second, field)) rule.emplace(k, kv.first.Scalar());
    }
    ++k;
  }
  return rule;
}

std::optional<std::size_t> list_index(Walk& w, const std::string& seg) {
  if (!is_index(seg)) {
    if (w.shown == "states") return state_by_id(w, seg);
    if (w.shown == "events") return event_by_id(w, seg);
    w.fail(fmt::format("{} is a list; expected an index, got '{}'", w.where(), seg));
    return std::nullopt;
  }
  const std::size_t i = index_value(seg);
  if (i < w.cur.size()) return i;
  w.fail(fmt::format("index {} out of range; {} has {}", seg, w.where(), count_entries(w.cur.size())));
  return std::nullopt;
}

// Moves to child `seg`, creating a map for a missing key when more path follows.
bool step(Walk& w, const std::string& seg, bool last, const YAML::Node& value) {
  if (w.cur.IsNull()) {  // `traits:` left empty, or an empty document
    w.cur = YAML::Node(YAML::NodeType::Map);
    w.ck.from_override(w.cur, w.o.arg());
  }
  if (w.cur.IsSequence()) {
    const auto i = list_index(w, seg);
    if (!i) return false;
    w.at_event = w.shown == "events";
    w.enter(*i);
    fmt::format_to(std::back_inserter(w.shown), "[{}]", *i);
    return true;
  }
  if (!w.cur.IsMap()) {
    w.fail(fmt::format("{} is a single value, not a map or list; it has no '{}'", w.where(), seg));
    return false;
  }
  if (std::exchange(w.at_event, false) && w.cur.IsMap())
    if (const auto rule = rule_with(w.cur, seg)) {
      w.enter(rule->first);
      w.shown += "." + rule->second;
    }
  if (!w.shown.empty()) w.shown += '.';
  w.shown += seg;
  if (const auto slot = find_key(w.cur, seg)) {
    w.enter(*slot);
    return true;
  }
  YAML::Node created = last ? value : YAML::Node(YAML::NodeType::Map);
  w.cur[seg] = created;
  w.shared.added(created);
  w.ck.from_override(created, w.o.arg());
  w.cur.reset(created);
  return true;
}

void set_scalar(Walk& w, const YAML::Node& value) {
  if (w.cur.IsMap() || w.cur.IsSequence()) {
    w.fail(fmt::format("cannot set {}: it is a {}; set one of its entries instead", w.shown,
                       w.cur.IsMap() ? "map" : "list"));
    return;
  }
  if (w.cur.is(value)) return;  // just created with this value
  w.cur = value;                // rebinds the tree's node to `value`, so Node::is finds it later
  w.ck.from_override(value, w.o.arg());
}

void apply_one(YAML::Node root, const Override& o, Checker& ck, SharedNodes& shared) {
  // parse_override refuses these already; a path from elsewhere (a sweep file) too.
  if (std::string problem = override_path_problem(o.path); !problem.empty()) return ck.error_override(o.arg(), problem);
  std::string error;
  const auto value = override_value(o, error);
  if (!value) return ck.error_override(o.arg(), error);
  Walk w{o, ck, shared, root, ""};
  const auto segments = split_path(o.path);
  for (std::size_t k = 0; k < segments.size(); ++k)
    if (!step(w, segments[k], k + 1 == segments.size(), *value)) return;
  set_scalar(w, *value);
}

}  // namespace

void apply_overrides(YAML::Node root, const std::vector<Override>& overrides, Checker& ck) {
  if (overrides.empty()) return;
  SharedNodes shared(root);
  for (const auto& o : overrides) {
    try {
      apply_one(root, o, ck, shared);
    } catch (const YAML::Exception& e) {  // defensive: yaml-cpp throws on odd trees
      ck.error_override(o.arg(), std::string("cannot apply: ") + e.what());
    }
  }
}

}  // namespace bpsim::io
