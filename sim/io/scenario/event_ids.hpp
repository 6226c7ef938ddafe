// Event ids (`id:` of an event) as names in paths: `--set events.sanctions_2014.intensity=0.3`,
// a sweep parameter or `remove_events: [sanctions_2014]` name an event by its id instead of its
// index, so that inserting an event does not shift what a path means. An id is never all
// digits (it would read as an index) and is given to one event only. Internal to the loader,
// except event_path_by_index.
#pragma once

#include "sim/io/yaml/check.hpp"
#include "sim/model/scenario.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim::io {

// The `id:` of an event's node, when it has a plain one.
std::optional<std::string> event_id(const YAML::Node& event);

// Every id of the events list is a name (not a number) and unique; else errors in ck.
void check_event_ids(const YAML::Node& root, Checker& ck);

// The index a path segment names in a list of events with these ids ("" for an event
// without one): a decimal index below ids.size(), or a known id; std::nullopt otherwise.
std::optional<std::size_t> event_index(const std::vector<std::string>& ids, std::string_view segment);

}  // namespace bpsim::io

namespace bpsim {

// `path` with an event id after `events.` replaced by the event's index, e.g.
// events.sanctions_2014.sanctions.intensity -> events.0.sanctions.intensity, for code that
// addresses events by index (the fast --set patcher of sweeps); any other path as given.
std::string event_path_by_index(const Scenario& sc, const std::string& path);

}  // namespace bpsim
