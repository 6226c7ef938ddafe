#include "sim/model/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <type_traits>

namespace bpsim {

double Scenario::dmax() const { return 2.0 * std::sqrt(static_cast<double>(n_axes())); }

int Scenario::state_index(const std::string& id) const {
  const auto it = std::find(state_ids.begin(), state_ids.end(), id);
  return it == state_ids.end() ? -1 : static_cast<int>(it - state_ids.begin());
}

static std::string sorted_ids(const Scenario& sc, std::vector<int> members) {
  std::vector<std::string> ids;
  for (int m : members) ids.push_back(sc.state_ids[static_cast<std::size_t>(m)]);
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

std::string event_stream_key(const Scenario& sc, const Event& ev) {
  if (!ev.id.empty()) return "id:" + ev.id;
  const auto id = [&](int i) { return sc.state_ids[static_cast<std::size_t>(i)]; };
  return std::visit(
      [&](const auto& r) -> std::string {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, SanctionsEvent>)
          return "sanctions:" + sorted_ids(sc, r.by) + ">" + id(r.target);
        if constexpr (std::is_same_v<T, ArmsSaleEvent>)
          return "arms_sale:" + id(r.seller) + ">" + id(r.buyer);
        if constexpr (std::is_same_v<T, ExerciseEvent>)
          return "exercise:" + sorted_ids(sc, r.participants);
        if constexpr (std::is_same_v<T, EngagementEvent>)
          return "engagement:" + sorted_ids(sc, r.by) + ">" + id(r.target);
      },
      ev.rule);
}

// FNV-1a, 32 bit: a fixed, portable hash (std::hash is not).
static std::uint32_t fnv1a(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

void assign_event_streams(Scenario& sc) {
  std::map<std::string, int> seen;
  for (auto& ev : sc.events) {
    std::string key = event_stream_key(sc, ev);
    const int n = ++seen[key];
    if (n > 1) key += "#" + std::to_string(n);
    // Above rng::event_base (1000), clear of the built-in streams.
    ev.stream = 1000u + fnv1a(key) % 0xFFFF0000u;
  }
}

}  // namespace bpsim
