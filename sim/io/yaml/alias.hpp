// YAML aliases and merge keys in the scenario tree. yaml-cpp (0.7) gives an alias the
// very node its anchor names, so writing through one place writes every place that
// shares it; and it does not resolve merge keys (`<<: *base` stays a key named "<<").
// Internal to the scenario loader.
#pragma once

#include "sim/io/yaml/check.hpp"

#include <cstddef>
#include <unordered_map>

namespace bpsim::io {

// Resolves YAML 1.1 merge keys in place, everywhere under root: in a map, `<<: *base`
// (or `<<: [*a, *b]`) adds every key of the merged map(s) that the map does not give
// itself, at the place of the `<<` key; of several maps the first that has a key gives
// it. The added values are the merged map's own nodes (still shared, with their lines),
// so a diagnostic points where the value is written. A `<<` whose value is not a map or
// a list of maps, a repeated `<<`, or a map that merges itself is an error in `ck`.
// A quoted '<<' is an ordinary key.
void resolve_merge_keys(YAML::Node root, Checker& ck);

// Gives every node under root (keys too, each once however many places share it) the
// file number `file` in its mark (Checker::add_file, kFileShift). The tree must be
// fresh from the parser: its positions still carry no number.
void tag_file_marks(const YAML::Node& root, int file);

// Sets a node's mark (yaml-cpp has no public way): for nodes made by composition.
void set_mark(YAML::Node& node, const YAML::Mark& mark);

// How many places (map values, list items) hold each node under a root, so that a
// --set can copy what it passes through instead of writing into a shared node.
class SharedNodes {
 public:
  explicit SharedNodes(const YAML::Node& root);

  // The child at `slot` (its place in the map's or list's order) of `parent`, which no
  // other place holds: when another place holds it too, it is first replaced in parent
  // by a shallow copy (same contents, line and tag; its own children now shared by the
  // copy and the original, so the next step copies them in turn). `parent` must itself
  // be held by one place only. Cost: the sizes of parent and child.
  YAML::Node own_child(YAML::Node parent, std::size_t slot);

  // A node just added to the tree (by --set), held by one place.
  void added(const YAML::Node& node);

 private:
  std::unordered_map<const void*, std::size_t> holders_;
};

}  // namespace bpsim::io
