// Scenarios that compose: `extends: BASE` makes a file a few lines of difference from
// another. The extending file's keys are laid over its base's: maps merge key by key,
// a map laid over a list of items with ids (states, events) changes the items it names
// (`states: {RUS: {traits: {hedging: 0.8}}}`), everything else (lists, scalars)
// replaces. Its `remove_events: [ID, ...]` drops the
// base's events with those ids, and `add_events: [...]` adds events, at the end or,
// for an event with `before: ID`, in front of that event (the order of the events is
// the order they act in within a tick, so a counterfactual can keep it). BASE is a path
// relative to the extending file; a base may extend another (a chain, at most
// kMaxExtendsDepth files, no cycles). Every file is read as a scenario file is
// (sim/io/input_file.hpp), and each node keeps its own file and line, so that a
// diagnostic about a value names the base it was written in (kFileShift).
// The composed tree then goes through the loader like any other. Internal to it.
#pragma once

#include "sim/io/scenario/overrides.hpp"
#include "sim/io/yaml/check.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bpsim::io {

inline constexpr int kMaxExtendsDepth = 8;  // files in one chain, the extending one included

// The one document of a scenario text (of file ck.file()), merge keys resolved and
// composed over its bases; std::nullopt when it cannot be built (the problems are in ck).
std::optional<YAML::Node> compose_document(const std::string& text, Checker& ck);

// The tree the loader reads: compose_document, then the --set overrides, then the event
// ids checked (event_ids.hpp). Problems in ck; std::nullopt when there is no tree.
std::optional<YAML::Node> resolve_document(const std::string& text, const std::vector<Override>& overrides,
                                           Checker& ck);

}  // namespace bpsim::io
