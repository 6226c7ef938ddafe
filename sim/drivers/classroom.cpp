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
  return {{"path", path}, {"label", label}, {"group", group},        {"value", value}, {"min", lo},
          {"max", hi},    {"step", step},   {"valid", valid.text()}, {"help", help}};
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

// "Sanctions EU, USA -> RUS", "Exercise CHN, RUS": the kind's title and its sides.
std::string event_label(const Scenario& sc, const EventRule& rule) {
  const EventSides sides = event_sides(rule);
  std::string label = fmt::format("{} {}", kRuleTitles[rule.index()], ids(sc, sides.from));
  if (!sides.to.empty()) label += " -> " + ids(sc, sides.to);
  return label;
}

// The event's sliders: every number field with a Slider in its kind's descriptor, unless
// it matters only under a choice the event does not make.
void event_controls(const EventRule& rule, const std::string& path, const std::string& label, json& controls) {
  std::visit(
      [&](const auto& r) {
        using E = std::decay_t<decltype(r)>;
        using K = RuleKind<E>;
        const auto chosen = [&](std::string_view choice) {
          for (const auto& f : K::fields) {
            if (const auto* m = std::get_if<typename ChoiceOf<E>::type E::*>(&f.member))
              if (f.choices[static_cast<std::size_t>(r.**m)] == choice) return true;
          }
          return false;
        };
        for (const auto& f : K::fields) {
          const auto* m = std::get_if<double E::*>(&f.member);
          if (!m || !f.slider || (!f.only_with.empty() && !chosen(f.only_with))) continue;
          const Slider& s = *f.slider;
          const double v = r.**m;
          controls.push_back(control(fmt::format("{}.{}.{}", path, K::key, f.key),
                                     fmt::format("{}: {}", label, s.label), "events", v, f.range, s.lo,
                                     std::max(s.hi, s.factor * v), std::string(s.help)));
        }
      },
      rule);
}

}  // namespace

json classroom_scenario(const Scenario& sc, const std::string& file) {
  json controls = json::array();
  json events = json::array();
  for (std::size_t k = 0; k < sc.events.size(); ++k) {
    const Event& ev = sc.events[k];
    const std::string e = fmt::format("events.{}", k);
    const std::string when = schedule(sc, ev.when);
    std::string label = event_label(sc, ev.rule);
    event_controls(ev.rule, e, label, controls);
    if (!ev.id.empty()) label += fmt::format(" ({})", ev.id);
    events.push_back({{"index", k},
                      {"kind", std::string(kRuleKeys[ev.rule.index()])},
                      {"help", std::string(kRuleHelp[ev.rule.index()])},
                      {"label", label + ", " + when},
                      {"path", e + ".enabled"},
                      {"enabled", ev.enabled}});
  }
  const int f = focus_state(sc);
  const std::string s = fmt::format("states.{}.traits.", id(sc, f));
  const auto trait = [&](const char* name) { return (sc.traits.*find_trait(name)->per_state)[f]; };
  controls.push_back(control(s + "hedging", id(sc, f) + ": hedging", "traits", trait("hedging"),
                             find_trait("hedging")->range, 0, 1,
                             "How much the state holds back from partners much stronger than itself."));
  controls.push_back(control(s + "pivot", id(sc, f) + ": pivot under sanctions", "traits", trait("pivot"),
                             find_trait("pivot")->range, 0, std::max(0.2, 3 * trait("pivot")),
                             "How far the sanctioned state turns toward the states that do not sanction it."));
  controls.push_back(control(s + "beta", id(sc, f) + ": balancing (+1) or bandwagoning (-1)", "traits", trait("beta"),
                             find_trait("beta")->range, -1, 1,
                             "+1: moves away from states that threaten it and toward their rivals; -1: joins them."));
  if (in_model(*find_param("w_t"), sc.model))  // model v2 has no w_t (each state's beta weighs threat)
    controls.push_back(control("parameters.w_t", "Weight of threat", "parameters", sc.params.w_t,
                               find_param("w_t")->range, 0, std::max(4.0, 2 * sc.params.w_t),
                               "How much a direct threat pushes states apart, against shared positions and "
                               "relations."));
  controls.push_back(control("parameters.sigma_a", "Noise in alignment", "parameters", sc.params.sigma_a,
                             find_param("sigma_a")->range, 0, std::max(0.05, 2 * sc.params.sigma_a),
                             "Random drift of every state's position each tick (same draws in both runs "
                             "side by side)."));

  json labels = json::array();
  for (int t = 0; t <= sc.ticks; ++t) labels.push_back(tick_label(sc, t));
  json states = json::array();
  for (std::size_t i = 0; i < sc.state_ids.size(); ++i)
    states.push_back({{"id", sc.state_ids[i]}, {"name", sc.state_names[i]}});
  return {
      {"name", sc.name},       {"file", file},     {"description", sc.description}, {"scenario", scenario_to_json(sc)},
      {"tick_labels", labels}, {"states", states}, {"axes", sc.alignment_axes},     {"controls", controls},
      {"events", events}};
}

json classroom_data(const std::vector<Scenario>& scenarios, const std::vector<std::string>& files) {
  json list = json::array();
  for (std::size_t i = 0; i < scenarios.size(); ++i) list.push_back(classroom_scenario(scenarios[i], files[i]));
  return {{"page", "classroom"}, {"bpsim", {{"version", BPSIM_VERSION}, {"git", BPSIM_GIT_REV}}}, {"scenarios", list}};
}

}  // namespace bpsim
