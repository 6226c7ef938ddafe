#include "sim/drivers/classroom.hpp"

#include "analysis/summary.hpp"
#include "sim/io/scenario/json.hpp"
#include "sim/model/rule_kinds.hpp"
#include "sim/model/tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace bpsim {

using nlohmann::json;

namespace {

std::string ids(const Scenario& sc, const std::vector<int>& v) {
  std::string out;
  for (int i : v) out += (out.empty() ? "" : ", ") + sc.state_ids[static_cast<std::size_t>(i)];
  return out;
}

const std::string& id(const Scenario& sc, int i) { return sc.state_ids[static_cast<std::size_t>(i)]; }

// A slider: the scenario's value, a range a class can use (within the loader's), and
// a step of about 1/100 of it.
json control(const std::string& path, const std::string& label, const char* group, double value, const Range& valid,
             double lo, double hi, const std::string& help) {
  lo = std::max(lo, valid.lo);
  hi = std::min(hi, valid.hi);
  lo = std::min(lo, value);
  hi = std::max(hi, value);
  const double span = hi - lo;
  const double step = span > 0 ? std::pow(10.0, std::floor(std::log10(span / 100.0))) : 0.01;
  return {{"path", path},   {"label", label}, {"group", group},          {"value", value}, {"min", lo},
          {"max", hi},      {"step", step},   {"valid", valid.text()},   {"help", help}};
}

std::string schedule(const Scenario& sc, const Schedule& w) {
  std::string s = fmt::format("from {}", tick_label(sc, w.from));
  if (w.until >= 0) s += fmt::format(" until {}", tick_label(sc, w.until));
  if (w.every > 1) s += fmt::format(", every {} ticks", w.every);
  return s;
}

// The state a class watches: the target of the first sanctions event, else the first.
int focus_state(const Scenario& sc) {
  for (const Event& ev : sc.events)
    if (const auto* s = std::get_if<SanctionsEvent>(&ev.rule)) return s->target;
  return 0;
}

}  // namespace

json classroom_scenario(const Scenario& sc, const std::string& file) {
  json controls = json::array();
  json events = json::array();
  for (std::size_t k = 0; k < sc.events.size(); ++k) {
    const Event& ev = sc.events[k];
    const std::string e = fmt::format("events.{}", k);
    const std::string when = schedule(sc, ev.when);
    std::string label;
    std::visit(
        [&](const auto& r) {
          using R = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<R, SanctionsEvent>) {
            label = fmt::format("Sanctions {} -> {}", ids(sc, r.by), id(sc, r.target));
            controls.push_back(control(e + ".sanctions.intensity", label + ": intensity", "events", r.intensity,
                                       kIntensityRange, 0, 1,
                                       "How hard the sanctions bite: 0 none, 1 full (economy and technology "
                                       "losses of the target, relation damage)."));
          } else if constexpr (std::is_same_v<R, ArmsSaleEvent>) {
            label = fmt::format("Arms sales {} -> {}", id(sc, r.seller), id(sc, r.buyer));
            controls.push_back(control(e + ".arms_sale.volume", label + ": volume", "events", r.volume, kVolumeRange,
                                       0, std::max(0.05, 4 * r.volume),
                                       "Share of the seller's military capability delivered per tick."));
            if (r.policy == ArmsPolicy::security_check)
              controls.push_back(control(e + ".arms_sale.threshold", label + ": security threshold", "events",
                                         r.threshold, kThresholdRange, 0, std::max(1.0, 2 * r.threshold),
                                         "The seller sells only while its own threat perception of the buyer "
                                         "stays at or below this."));
          } else if constexpr (std::is_same_v<R, ExerciseEvent>) {
            label = fmt::format("Exercise {}", ids(sc, r.participants));
            controls.push_back(control(e + ".exercise.scale", label + ": scale", "events", r.scale, kScaleRange, 0,
                                       1, "Size of the joint exercise: closer relations and alignment among the "
                                          "participants, some friction with everyone else."));
          } else {
            static_assert(std::is_same_v<R, EngagementEvent>, "a new event rule needs its classroom controls");
            label = fmt::format("Engagement {} -> {}", ids(sc, r.by), id(sc, r.target));
            controls.push_back(control(e + ".engagement.intensity", label + ": intensity", "events", r.intensity,
                                       kIntensityRange, 0, 1,
                                       "Inducements (trade, talks) offered to the target: economy gain and "
                                       "warmer relations."));
          }
        },
        ev.rule);
    if (!ev.id.empty()) label += fmt::format(" ({})", ev.id);
    events.push_back({{"index", k},
                      {"kind", std::string(kRuleKeys[ev.rule.index()])},
                      {"label", label + ", " + when},
                      {"path", e + ".enabled"},
                      {"enabled", ev.enabled}});
  }
  const int f = focus_state(sc);
  const std::string s = fmt::format("states.{}.traits.", id(sc, f));
  const auto trait = [&](const char* name) {
    return (sc.traits.*find_trait(name)->per_state)[f];
  };
  controls.push_back(control(s + "hedging", id(sc, f) + ": hedging", "traits", trait("hedging"),
                             find_trait("hedging")->range, 0, 1,
                             "How much the state holds back from partners much stronger than itself."));
  controls.push_back(control(s + "pivot", id(sc, f) + ": pivot under sanctions", "traits", trait("pivot"),
                             find_trait("pivot")->range, 0, std::max(0.2, 3 * trait("pivot")),
                             "How far the sanctioned state turns toward the states that do not sanction it."));
  controls.push_back(control(s + "beta", id(sc, f) + ": balancing (+1) or bandwagoning (-1)", "traits",
                             trait("beta"), find_trait("beta")->range, -1, 1,
                             "+1: moves away from states that threaten it and toward their rivals; -1: joins them."));
  controls.push_back(control("parameters.w_t", "Weight of threat", "parameters", sc.params.w_t,
                             find_param("w_t")->range, 0, std::max(4.0, 2 * sc.params.w_t),
                             "How much a direct threat pushes states apart, against shared positions and relations."));
  controls.push_back(control("parameters.sigma_a", "Noise in alignment", "parameters", sc.params.sigma_a,
                             find_param("sigma_a")->range, 0, std::max(0.05, 2 * sc.params.sigma_a),
                             "Random drift of every state's position each tick (same draws in both runs "
                             "side by side)."));

  json labels = json::array();
  for (int t = 0; t <= sc.ticks; ++t) labels.push_back(tick_label(sc, t));
  json states = json::array();
  for (std::size_t i = 0; i < sc.state_ids.size(); ++i)
    states.push_back({{"id", sc.state_ids[i]}, {"name", sc.state_names[i]}});
  return {{"name", sc.name},     {"file", file},     {"description", sc.description},
          {"scenario", scenario_to_json(sc)},        {"tick_labels", labels},
          {"states", states},    {"axes", sc.alignment_axes},
          {"controls", controls}, {"events", events}};
}

json classroom_data(const std::vector<Scenario>& scenarios, const std::vector<std::string>& files) {
  json list = json::array();
  for (std::size_t i = 0; i < scenarios.size(); ++i) list.push_back(classroom_scenario(scenarios[i], files[i]));
  return {{"page", "classroom"}, {"bpsim", {{"version", BPSIM_VERSION}, {"git", BPSIM_GIT_REV}}}, {"scenarios", list}};
}

}  // namespace bpsim
