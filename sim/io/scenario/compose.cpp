#include "sim/io/scenario/compose.hpp"

#include "sim/io/input_file.hpp"
#include "sim/io/scenario/event_ids.hpp"
#include "sim/io/scenario/override_apply.hpp"
#include "sim/io/yaml/alias.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

namespace bpsim::io {

namespace {

namespace fs = std::filesystem;

static_assert(kMaxScenarioBytes <= (std::size_t{1} << kFileShift), "file numbers would overlap offsets");
static_assert(kMaxExtendsDepth <= kMaxFiles);

// The keys of an extending file that say how to compose, not what the scenario is.
const std::vector<std::string> kComposeKeys{"extends", "remove_events", "add_events"};

bool is_compose_key(const YAML::Node& key) {
  return key.IsScalar() && std::find(kComposeKeys.begin(), kComposeKeys.end(), key.Scalar()) != kComposeKeys.end();
}

// One parsed file: its merge keys resolved, its problems (if any) in ck.
std::optional<YAML::Node> parse_one(const std::string& text, Checker& ck) {
  auto root = load_one_document(text, ck, "a scenario");
  if (root) resolve_merge_keys(*root, ck);
  if (!root || ck.failed()) return std::nullopt;
  return root;
}

std::optional<std::size_t> find_scalar_key(const std::vector<std::pair<YAML::Node, YAML::Node>>& entries,
                                           const std::vector<bool>& open, const std::string& key) {
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (open[i] && entries[i].first.IsScalar() && entries[i].first.Scalar() == key) return i;
  return std::nullopt;
}

// The `id:` of a list item (a state, an event), when it has a plain one.
std::optional<std::string> item_id(const YAML::Node& item) { return event_id(item); }

class Merger {
 public:
  explicit Merger(Checker& ck) : ck_(ck) {}

  // `over` laid on `base` (both maps): a key of both whose values are both maps merges;
  // a map laid on a list of items with ids (states, events) merges into the items it
  // names by id; any other key of over replaces base's value (or is added after base's).
  YAML::Node maps(const YAML::Node& base, const YAML::Node& over, const std::string& path) {
    std::vector<std::pair<YAML::Node, YAML::Node>> entries;
    for (const auto& kv : base) entries.emplace_back(kv.first, kv.second);
    std::vector<bool> open(entries.size(), true);  // a base key not yet overridden
    for (const auto& kv : over) {
      if (path.empty() && is_compose_key(kv.first)) continue;
      const auto i = kv.first.IsScalar() ? find_scalar_key(entries, open, kv.first.Scalar()) : std::nullopt;
      if (!i) {
        entries.emplace_back(kv.first, kv.second);
        open.push_back(false);
        continue;
      }
      open[*i] = false;
      const YAML::Node& old = entries[*i].second;
      const std::string sub = join_path(path, kv.first.Scalar());
      // reset(), never `=`: assigning a yaml-cpp Node rewrites the node it refers to.
      if (old.IsMap() && kv.second.IsMap()) {
        entries[*i].second.reset(maps(old, kv.second, sub));
      } else if (old.IsSequence() && kv.second.IsMap()) {
        entries[*i].second.reset(by_id(old, kv.second, sub));
      } else {
        entries[*i].first.reset(kv.first);
        entries[*i].second.reset(kv.second);
      }
    }
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& [key, value] : entries) out.force_insert(key, value);
    set_mark(out, base.Mark());
    return out;
  }

 private:
  // states: {RUS: {traits: {hedging: 0.8}}} over the base's list of states.
  YAML::Node by_id(const YAML::Node& base, const YAML::Node& over, const std::string& path) {
    std::vector<YAML::Node> items;
    std::vector<std::string> ids;
    for (const auto& it : base) {
      items.push_back(it);
      ids.push_back(item_id(it).value_or(""));
    }
    for (const auto& kv : over) {
      const auto k = std::find(ids.begin(), ids.end(), kv.first.IsScalar() ? kv.first.Scalar() : "");
      if (k == ids.end() || k->empty() || !items[static_cast<std::size_t>(k - ids.begin())].IsMap() ||
          !kv.second.IsMap()) {
        no_item(kv.first, kv.second, path, base.size(), ids);
        continue;
      }
      auto& target = items[static_cast<std::size_t>(k - ids.begin())];
      target.reset(maps(target, kv.second, join_path(path, *k)));
    }
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& it : items) out.push_back(it);
    set_mark(out, base.Mark());
    return out;
  }

  void no_item(const YAML::Node& key, const YAML::Node& value, const std::string& path, std::size_t n,
               const std::vector<std::string>& ids) {
    std::vector<std::string> known;
    for (const auto& id : ids)
      if (!id.empty()) known.push_back(id);
    if (!value.IsMap())
      ck_.error(value, value.Mark(), join_path(path, describe(key)),
                "expected a map of changes to the item with this id, got " + describe(value));
    else
      ck_.error(value, key.Mark(), path,
                fmt::format("the base's {} ({} entries) has no item with id {}; ids: {}", path, n, describe(key),
                            join_names(known)));
  }

  Checker& ck_;
};

// The events list being edited by remove_events and add_events.
struct EventEdit {
  Checker& ck;
  std::vector<YAML::Node> events;

  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& ev : events)
      if (auto id = item_id(ev)) out.push_back(*id);
    return out;
  }

  std::optional<std::size_t> find(const At& at, const std::string& verb) {
    const auto id = read_string(ck, at);
    if (!id) return std::nullopt;
    for (std::size_t k = 0; k < events.size(); ++k)
      if (item_id(events[k]) == *id) return k;
    const auto known = ids();
    ck.error(at, fmt::format("no event with id '{}' {}; {}", *id, verb,
                             known.empty() ? std::string("the events have no ids (give one with id: NAME)")
                                           : "the events' ids: " + join_names(known)));
    return std::nullopt;
  }

  // New vectors, never erase/insert: those assign Nodes, which rewrites what they refer to.
  void remove(const At& list) {
    if (!check_list(ck, list)) return;
    for (std::size_t k = 0; k < list.node.size(); ++k) {
      const auto i = find(item(list, k), "to remove");
      if (!i) continue;
      std::vector<YAML::Node> kept;
      for (std::size_t j = 0; j < events.size(); ++j)
        if (j != *i) kept.push_back(events[j]);
      events.swap(kept);
    }
  }

  // An added event without its `before:` (a copy: the file's node stays as written).
  static YAML::Node without_before(const YAML::Node& ev) {
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& kv : ev)
      if (!(kv.first.IsScalar() && kv.first.Scalar() == "before")) out.force_insert(kv.first, kv.second);
    set_mark(out, ev.Mark());
    return out;
  }

  void add(const At& list) {
    if (!check_list(ck, list)) return;
    for (std::size_t k = 0; k < list.node.size(); ++k) {
      const At ev = item(list, k);
      const At before = child(ev, "before");
      if (!before.present) {
        events.push_back(ev.node);
        continue;
      }
      const auto i = find(before, "to add this event before");
      if (!i) continue;
      std::vector<YAML::Node> out;
      for (std::size_t j = 0; j < events.size(); ++j) {
        if (j == *i) out.push_back(without_before(ev.node));
        out.push_back(events[j]);
      }
      events.swap(out);
    }
  }
};

// remove_events and add_events of the extending file, applied to the composed events.
void edit_events(YAML::Node composed, const At& over, Checker& ck) {
  const At remove = child(over, "remove_events"), add = child(over, "add_events");
  if (!remove.present && !add.present) return;
  const At events = child(root_at(composed), "events");
  if (events.present && !check_list(ck, events)) return;
  EventEdit edit{ck, {}};
  if (events.present)
    for (const auto& ev : events.node) edit.events.push_back(ev);
  if (remove.present) edit.remove(remove);
  if (add.present) edit.add(add);
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& ev : edit.events) list.push_back(ev);
  set_mark(list, events.present ? events.mark : add.present ? add.mark : remove.mark);
  composed["events"] = list;
}

class Composer {
 public:
  explicit Composer(Checker& ck) : ck_(ck) {}

  // root: one file's tree (file `label`, canonical path `self`), tagged with its number.
  std::optional<YAML::Node> compose(const YAML::Node& root, const std::string& label, const std::string& self) {
    chain_.emplace_back(label, self);
    if (!root.IsMap()) return root;  // the loader says what a scenario must be
    const At over = root_at(root);
    const At ext = child(over, "extends");
    if (!ext.present) return refuse_edits(over) ? std::optional(root) : std::nullopt;
    const auto base = load_base(ext, label);
    if (!base) return std::nullopt;
    if (!base->IsMap()) {
      ck_.error(YAML::Node(), base->Mark(), "",
                "a base scenario must be a map of scenario keys, got " + describe(*base));
      return std::nullopt;
    }
    YAML::Node composed = Merger(ck_).maps(*base, root, "");
    edit_events(composed, over, ck_);
    return composed;
  }

 private:
  // remove_events and add_events edit a base's events: without extends they mean nothing.
  bool refuse_edits(const At& over) {
    bool ok = true;
    for (const char* key : {"remove_events", "add_events"})
      if (const At at = child(over, key); at.present) {
        ck_.error(at, fmt::format("'{}' needs 'extends: BASE': it edits the events of a base scenario", key));
        ok = false;
      }
    return ok;
  }

  std::string chain_text(const std::string& last) const {
    std::string out;
    for (const auto& link : chain_) out += link.first + " -> ";
    return out + last;
  }

  // The base's path as given, relative to the extending file; "" after reporting.
  std::string base_path(const At& ext, const std::string& label) {
    const auto given = read_string(ck_, ext);
    if (!given) return "";
    if (given->empty()) {
      ck_.error(ext, "expected the path of a base scenario file, relative to this file");
      return "";
    }
    const fs::path p(*given);
    return (p.is_absolute() ? p : fs::path(label).parent_path() / p).lexically_normal().string();
  }

  bool chain_allows(const At& ext, const std::string& path, const std::string& canonical) {
    for (const auto& link : chain_)
      if (link.second == canonical) {
        ck_.error(ext, "extends makes a cycle: " + chain_text(path));
        return false;
      }
    if (chain_.size() < static_cast<std::size_t>(kMaxExtendsDepth)) return true;
    ck_.error(ext, fmt::format("extends chains at most {} files: {}", kMaxExtendsDepth, chain_text(path)));
    return false;
  }

  std::optional<YAML::Node> load_base(const At& ext, const std::string& label) {
    const std::string path = base_path(ext, label);
    if (path.empty()) return std::nullopt;
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    const std::string self = ec ? path : canonical.string();
    if (!chain_allows(ext, path, self)) return std::nullopt;
    std::string text;
    try {
      text = read_input_file(path, "base scenario file", kMaxScenarioBytes);
    } catch (const InputFileError& e) {
      ck_.error(ext, e.what());
      return std::nullopt;
    }
    Checker own(path);
    const auto tree = parse_one(text, own);
    ck_.absorb(own);
    if (!tree) return std::nullopt;
    const auto number = ck_.add_file(path);
    if (!number) {  // unreachable while kMaxExtendsDepth <= kMaxFiles
      ck_.error(ext, fmt::format("a scenario is made of at most {} files", kMaxFiles));
      return std::nullopt;
    }
    tag_file_marks(*tree, *number);
    return compose(*tree, path, self);
  }

  Checker& ck_;
  std::vector<std::pair<std::string, std::string>> chain_;  // label, canonical path
};

}  // namespace

std::optional<YAML::Node> compose_document(const std::string& text, Checker& ck) {
  const auto root = parse_one(text, ck);
  if (!root) return std::nullopt;
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(ck.file(), ec);
  auto composed = Composer(ck).compose(*root, ck.file(), ec ? ck.file() : canonical.string());
  if (ck.failed()) return std::nullopt;
  return composed;
}

std::optional<YAML::Node> resolve_document(const std::string& text, const std::vector<Override>& overrides,
                                           Checker& ck) {
  auto root = compose_document(text, ck);
  if (!root) return std::nullopt;
  apply_overrides(*root, overrides, ck);
  check_event_ids(*root, ck);
  return root;
}

}  // namespace bpsim::io
