#include "sim/io/yaml/alias.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace bpsim::io {
struct NodeAccess;  // the key to yaml-cpp's node internals, below
}  // namespace bpsim::io

// yaml-cpp has no public way to tell a node's identity (which shared nodes have) or to
// give a new node a line (Mark). Node befriends every as_if<T, S>; this specialisation
// uses that for exactly these two things, and nothing else.
template <>
struct YAML::as_if<bpsim::io::NodeAccess, void> {
  static const void* id(const YAML::Node& n) { return n.m_pNode; }
  static void set_mark(YAML::Node& n, const YAML::Mark& mark) {
    n.EnsureNodeExists();
    n.m_pNode->set_mark(mark);
  }
};

namespace bpsim::io {

namespace {

using Access = YAML::as_if<NodeAccess, void>;

// Each child (map value or list item) of a map or list, in order.
template <class F>
void for_each_child(const YAML::Node& node, F&& f) {
  if (node.IsMap()) {
    for (const auto& kv : node) f(kv.second);
  } else if (node.IsSequence()) {
    for (const auto& item : node) f(static_cast<const YAML::Node&>(item));
  }
}

// A new node with n's contents (children shared, not copied), line, tag and style.
YAML::Node shallow_copy(const YAML::Node& n) {
  YAML::Node copy = n.IsScalar() ? YAML::Node(n.Scalar()) : YAML::Node(n.Type());
  if (n.IsMap())
    for (const auto& kv : n) copy.force_insert(kv.first, kv.second);
  if (n.IsSequence())
    for (const auto& item : n) copy.push_back(static_cast<const YAML::Node&>(item));
  copy.SetTag(n.Tag());
  copy.SetStyle(n.Style());
  Access::set_mark(copy, n.Mark());
  return copy;
}

// Gives `target` (held by one place) new contents, keeping its own line and tag: the
// tree's node is the same, so whatever holds it sees the change.
void replace_contents(YAML::Node target, const YAML::Node& contents) {
  const YAML::Mark mark = target.Mark();
  const std::string tag = target.Tag();
  target = contents;  // yaml-cpp: the node now refers to contents' data
  target.SetTag(tag);
  Access::set_mark(target, mark);
}

// parent with its child at `slot` replaced by `fresh`.
YAML::Node with_child(const YAML::Node& parent, std::size_t slot, const YAML::Node& fresh) {
  YAML::Node out(parent.Type());
  std::size_t k = 0;
  if (parent.IsMap())
    for (const auto& kv : parent) out.force_insert(kv.first, k++ == slot ? fresh : kv.second);
  else
    for (const auto& item : parent) out.push_back(k++ == slot ? fresh : static_cast<const YAML::Node&>(item));
  return out;
}

YAML::Node child_at(const YAML::Node& parent, std::size_t slot) {
  if (parent.IsSequence()) return parent[slot];
  std::size_t k = 0;
  for (const auto& kv : parent)
    if (k++ == slot) return kv.second;
  return YAML::Node();
}

// --- merge keys -------------------------------------------------------------------

// Where a map is, for messages: the chain of keys and indices from the root, turned
// into text only when something is wrong.
struct Place {
  const Place* up = nullptr;
  std::string_view key;   // a map's key, or
  std::size_t index = 0;  // a list item's index
  bool item = false;
};

std::string path_of(const Place* p) {
  std::vector<const Place*> chain;
  for (; p && p->up; p = p->up) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if ((*it)->item) out += fmt::format("[{}]", (*it)->index);
    else out += (out.empty() ? "" : ".") + std::string((*it)->key);
  }
  return out;
}

bool is_merge_key(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" && key.Tag() == "?";  // plain, not '<<'
}

class MergeResolver {
 public:
  explicit MergeResolver(Checker& ck) : ck_(ck) {}

  // Post-order: what a map merges is resolved before it is merged.
  void visit(const YAML::Node& node, const Place& place) {
    if (!node.IsMap() && !node.IsSequence()) return;
    const void* id = Access::id(node);
    if (!state_.emplace(id, State::open).second) return;  // seen (shared), or a cycle
    std::size_t k = 0;
    if (node.IsMap()) {
      for (const auto& kv : node) {
        const std::string_view key = kv.first.IsScalar() ? std::string_view(kv.first.Scalar()) : "?";
        visit(kv.second, Place{&place, key, 0, false});
      }
      merge(node, place);
    } else {
      for (const auto& item : node) visit(item, Place{&place, "", k++, true});
    }
    state_[id] = State::done;
  }

 private:
  enum class State { open, done };

  void fail(const YAML::Node& at, const Place& place, const std::string& message) {
    ck_.error(at, at.Mark(), path_of(&place), message);
  }

  // The maps a `<<` value names, or none (with an error) when it is not maps.
  std::vector<YAML::Node> sources(const YAML::Node& value, const Place& place) {
    static const std::string kTakes =
        "the merge key << takes a map or a list of maps (e.g. <<: *base or <<: [*a, *b]), got ";
    std::vector<YAML::Node> maps;
    if (value.IsMap()) maps.push_back(value);
    if (value.IsSequence())
      for (const auto& item : value) {
        if (!item.IsMap()) {
          fail(item, place, fmt::format("{}a list whose entry [{}] is {}", kTakes, maps.size(), describe(item)));
          return {};
        }
        maps.push_back(item);
      }
    if (maps.empty()) {
      fail(value, place, kTakes + describe(value));
      return {};
    }
    for (const YAML::Node& m : maps)
      if (const auto it = state_.find(Access::id(m)); it != state_.end() && it->second == State::open) {
        fail(value, place, "the merge key << names a map that contains it");
        return {};
      }
    return maps;
  }

  void merge(const YAML::Node& map, const Place& place) {
    std::unordered_set<std::string> own;
    std::size_t merge_keys = 0;
    for (const auto& kv : map) {
      if (is_merge_key(kv.first)) ++merge_keys;
      else if (kv.first.IsScalar()) own.insert(kv.first.Scalar());
    }
    if (merge_keys == 0) return;
    if (merge_keys > 1)
      return fail(map, place,
                  "more than one merge key << in this map; merge several maps "
                  "with one <<: [*a, *b]");
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& kv : map) {
      if (!is_merge_key(kv.first)) {
        out.force_insert(kv.first, kv.second);
        continue;
      }
      for (const YAML::Node& src : sources(kv.second, place))
        for (const auto& skv : src)
          if (!skv.first.IsScalar() || own.insert(skv.first.Scalar()).second) out.force_insert(skv.first, skv.second);
    }
    replace_contents(map, out);
  }

  Checker& ck_;
  std::unordered_map<const void*, State> state_;
};

}  // namespace

void resolve_merge_keys(YAML::Node root, Checker& ck) { MergeResolver(ck).visit(root, Place{}); }

// --- shared nodes -----------------------------------------------------------------

SharedNodes::SharedNodes(const YAML::Node& root) {
  holders_[Access::id(root)] = 1;
  std::vector<YAML::Node> todo{root};
  while (!todo.empty()) {
    const YAML::Node node = todo.back();
    todo.pop_back();
    for_each_child(node, [&](const YAML::Node& c) {
      if (++holders_[Access::id(c)] == 1) todo.push_back(c);  // each node walked once
    });
  }
}

YAML::Node SharedNodes::own_child(YAML::Node parent, std::size_t slot) {
  const YAML::Node child = child_at(parent, slot);
  std::size_t& held = holders_[Access::id(child)];
  if (held <= 1) return child;
  --held;
  const YAML::Node copy = shallow_copy(child);
  holders_[Access::id(copy)] = 1;
  for_each_child(copy, [&](const YAML::Node& c) { ++holders_[Access::id(c)]; });
  replace_contents(parent, with_child(parent, slot, copy));
  return copy;
}

void SharedNodes::added(const YAML::Node& node) { holders_[Access::id(node)] = 1; }

// --- file numbers in marks -------------------------------------------------------

namespace {

void tag_node(const YAML::Node& node, int file, std::unordered_set<const void*>& seen) {
  if (!node.IsDefined() || !seen.insert(Access::id(node)).second) return;
  YAML::Node handle = node;
  YAML::Mark mark = node.Mark();
  if (mark.pos >= 0) {
    mark.pos += file << kFileShift;
    Access::set_mark(handle, mark);
  }
  if (node.IsMap()) {
    for (const auto& kv : node) {
      tag_node(kv.first, file, seen);
      tag_node(kv.second, file, seen);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) tag_node(item, file, seen);
  }
}

}  // namespace

void tag_file_marks(const YAML::Node& root, int file) {
  std::unordered_set<const void*> seen;
  tag_node(root, file, seen);
}

void set_mark(YAML::Node& node, const YAML::Mark& mark) { Access::set_mark(node, mark); }

}  // namespace bpsim::io
