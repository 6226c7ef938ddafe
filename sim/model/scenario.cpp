#include "sim/model/scenario.hpp"

#include "sim/model/rule_kinds.hpp"

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

static std::string sorted_ids(const Scenario& sc, const std::vector<int>& members) {
  std::vector<std::string> ids;
  for (int m : members) ids.push_back(sc.state_ids[static_cast<std::size_t>(m)]);
  std::sort(ids.begin(), ids.end());
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

std::string event_stream_key(const Scenario& sc, const Event& ev) {
  if (!ev.id.empty()) return "id:" + ev.id;
  // The kind's key, then its state fields in descriptor order, joined by '>': one state
  // its id, a list its ids sorted ("sanctions:EU,JPN,USA>RUS", "arms_sale:RUS>CHN").
  return std::visit(
      [&](const auto& r) {
        using E = std::decay_t<decltype(r)>;
        std::string key = std::string(RuleKind<E>::key) + ":", actors;
        for (const auto& f : RuleKind<E>::fields)
          if (names_states(f)) actors += (actors.empty() ? "" : ">") + sorted_ids(sc, field_states(r, f));
        return key + actors;
      },
      ev.rule);
}

// FNV-1a, 32 bit: a fixed, portable hash (std::hash is not).
static std::uint32_t fnv1a(const std::string& s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

void size_dependence_channels(Scenario& sc) {
  for (const Event& ev : sc.events) {
    const std::size_t c = kKindDependence[ev.rule.index()];
    if (c < kDependenceChannels && !sc.uses_dependence(c))
      sc.dependence0[c] = Eigen::MatrixXd::Zero(sc.n_states(), sc.n_states());
  }
}

std::size_t dependence_channels_in_use(const Scenario& sc) {
  std::size_t n = 0;
  for (std::size_t c = 0; c < kDependenceChannels; ++c) n += sc.uses_dependence(c) ? 1 : 0;
  return n;
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
