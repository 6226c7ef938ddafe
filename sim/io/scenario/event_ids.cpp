#include "sim/io/scenario/event_ids.hpp"

#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace bpsim::io {

std::optional<std::string> event_id(const YAML::Node& event) {
  if (!event.IsMap()) return std::nullopt;
  for (const auto& kv : event)
    if (kv.first.IsScalar() && kv.first.Scalar() == "id" && kv.second.IsScalar()) return kv.second.Scalar();
  return std::nullopt;
}

void check_event_ids(const YAML::Node& root, Checker& ck) {
  const At events = child(root_at(root), "events");
  if (!events.present || !events.node.IsSequence()) return;
  std::vector<std::pair<std::string, At>> seen;
  for (std::size_t k = 0; k < events.node.size(); ++k) {
    const At id = child(item(events, k), "id");
    if (!id.present || !id.node.IsScalar()) continue;  // the loader reports a bad id
    const std::string& name = id.node.Scalar();
    const auto first = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == name; });
    if (is_index(name))
      ck.error(id, fmt::format("event id '{}' is a number; a path segment events.{} means the event at "
                               "that index, so an id must be a name (e.g. sanctions_2014)",
                               name, name));
    else if (first != seen.end())
      ck.error(id, fmt::format("duplicate event id '{}' (first at {})", name,
                               ck.origin(first->second.node, first->second.mark)));
    else seen.emplace_back(name, id);
  }
}

std::optional<std::size_t> event_index(const std::vector<std::string>& ids, std::string_view segment) {
  if (is_index(segment)) {
    const std::size_t i = index_value(segment);
    return i < ids.size() ? std::optional(i) : std::nullopt;
  }
  const auto it = std::find(ids.begin(), ids.end(), segment);
  if (segment.empty() || it == ids.end()) return std::nullopt;
  return static_cast<std::size_t>(it - ids.begin());
}

}  // namespace bpsim::io

namespace bpsim {

std::string event_path_by_index(const Scenario& sc, const std::string& path) {
  auto seg = io::split_path(path);
  if (seg.size() < 2 || seg[0] != "events" || io::is_index(seg[1])) return path;
  std::vector<std::string> ids;
  for (const Event& ev : sc.events) ids.push_back(ev.id);
  const auto i = io::event_index(ids, seg[1]);
  if (!i) return path;
  seg[1] = std::to_string(*i);
  std::string out;
  for (const auto& s : seg) out += (out.empty() ? "" : ".") + s;
  return out;
}

}  // namespace bpsim
