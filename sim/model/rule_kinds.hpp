// The tables derived from the rule kinds' descriptors (sim/model/rule_spec.hpp; one per
// alternative of EventRule, sim/model/events.hpp): the kinds' YAML keys, the event-count
// columns of world.csv, the mechanisms of attribution, the dependence channels, the
// pairs an event acts between. The loader, the rules' dispatch (sim/rules/events.cpp),
// the outputs and the classroom controls read these; nothing lists the kinds again.
// Random streams: every kind draws, if at all, on its event's own stream Event::stream,
// keyed by event_stream_key (docs/ODD.md Section 7.11); only exercise draws (incidents).
#pragma once

#include "sim/model/events.hpp"

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace bpsim {

// The event type a descriptor describes: kind_event_t<RuleKind<E>> is E.
template <class K>
struct KindEvent;
template <class E>
struct KindEvent<RuleKind<E>> {
  using type = E;
};
template <class K>
using kind_event_t = typename KindEvent<K>::type;

// True if kind E has a DistinctStates check.
template <class E>
concept HasDistinct = requires {
  RuleKind<E>::distinct;
};

// f(RuleKind<E>{}) for every alternative E of EventRule, in variant order.
template <class F>
constexpr void for_each_rule_kind(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) { (f(RuleKind<std::variant_alternative_t<I, EventRule>>{}), ...); }
  (std::make_index_sequence<std::variant_size_v<EventRule>>{});
}

inline constexpr std::size_t kRuleKinds = std::variant_size_v<EventRule>;

// The YAML keys of the rule kinds, in variant order.
inline constexpr std::array<std::string_view, kRuleKinds> kRuleKeys = [] {
  std::array<std::string_view, kRuleKinds> keys{};
  std::size_t i = 0;
  for_each_rule_kind([&](auto k) { keys[i++] = decltype(k)::key; });
  return keys;
}();
// Their titles ("Arms sales") and one-sentence help, for people: the classroom page.
inline constexpr std::array<std::string_view, kRuleKinds> kRuleTitles = [] {
  std::array<std::string_view, kRuleKinds> titles{};
  std::size_t i = 0;
  for_each_rule_kind([&](auto k) { titles[i++] = decltype(k)::title; });
  return titles;
}();
inline constexpr std::array<std::string_view, kRuleKinds> kRuleHelp = [] {
  std::array<std::string_view, kRuleKinds> help{};
  std::size_t i = 0;
  for_each_rule_kind([&](auto k) { help[i++] = decltype(k)::help; });
  return help;
}();

// The index of kind E in EventRule.
template <class E>
inline constexpr std::size_t kind_index = [] {
  std::size_t i = 0, found = 0;
  for_each_rule_kind([&](auto k) {
    if (std::is_same_v<kind_event_t<decltype(k)>, E>) found = i;
    ++i;
  });
  return found;
}();

// The event-count columns of world.csv: every kind's counts, in variant order.
inline constexpr std::size_t kCountColumns = [] {
  std::size_t n = 0;
  for_each_rule_kind([&](auto k) { n += decltype(k)::counts.size(); });
  return n;
}();
inline constexpr std::array<CountSpec, kCountColumns> kCounts = [] {
  std::array<CountSpec, kCountColumns> all{};
  std::size_t i = 0;
  for_each_rule_kind([&](auto k) {
    for (const CountSpec& c : decltype(k)::counts) all[i++] = c;
  });
  return all;
}();
inline constexpr std::array<std::string_view, kCountColumns> kCountNames = [] {
  std::array<std::string_view, kCountColumns> names{};
  for (std::size_t i = 0; i < kCountColumns; ++i) names[i] = kCounts[i].name;
  return names;
}();

// The column of kind E's count `name` in kCountNames; a name E does not declare does
// not compile (a consteval function cannot return in that case).
template <class E>
consteval std::size_t count_slot(std::string_view name) {
  std::size_t first = 0;
  bool before = true;
  for_each_rule_kind([&](auto k) {
    if (std::is_same_v<kind_event_t<decltype(k)>, E>) before = false;
    if (before) first += decltype(k)::counts.size();
  });
  const auto& own = RuleKind<E>::counts;
  for (std::size_t i = 0; i < own.size(); ++i)
    if (own[i].name == name) return first + i;
  throw "not a count of this rule kind";  // never thrown: a compile error
}

// One step's event counts, in kCountNames order (doubles: expected incidents are fractional).
using StepCounts = std::array<double, kCountColumns>;

// True if kind E feeds a dependence channel.
template <class E>
concept HasDependence = requires {
  RuleKind<E>::dependence;
};

// The dependence channels (World::dependence): every kind's `dependence`, in variant
// order; a channel's matrix D[i,j] is the share of i's imports of it that come from j.
inline constexpr std::size_t kDependenceChannels = [] {
  std::size_t n = 0;
  for_each_rule_kind([&](auto k) {
    if constexpr (HasDependence<kind_event_t<decltype(k)>>) ++n;
  });
  return n;
}();
inline constexpr std::array<std::string_view, kDependenceChannels> kDependenceNames = [] {
  std::array<std::string_view, kDependenceChannels> names{};
  std::size_t i = 0;
  for_each_rule_kind([&](auto k) {
    if constexpr (HasDependence<kind_event_t<decltype(k)>>) names[i++] = decltype(k)::dependence;
  });
  return names;
}();
// The channel each kind feeds, by kind index (kRuleKeys order); kDependenceChannels for
// a kind that feeds none.
inline constexpr std::array<std::size_t, kRuleKinds> kKindDependence = [] {
  std::array<std::size_t, kRuleKinds> out{};
  std::size_t i = 0, channel = 0;
  for_each_rule_kind([&](auto k) {
    if constexpr (HasDependence<kind_event_t<decltype(k)>>) out[i++] = channel++;
    else out[i++] = kDependenceChannels;
  });
  return out;
}();
// The channel kind E feeds.
template <HasDependence E>
inline constexpr std::size_t dependence_channel = kKindDependence[kind_index<E>];
// The channel named `name` ("arms"), or kDependenceChannels if none.
constexpr std::size_t find_dependence(std::string_view name) {
  for (std::size_t i = 0; i < kDependenceChannels; ++i)
    if (kDependenceNames[i] == name) return i;
  return kDependenceChannels;
}

// The mechanisms of a step (attribution.csv; the deltas are summed in this order):
// four endogenous, one per rule kind in variant order, then noise.
enum Mechanism : int {
  social = 0,  // landscape pull toward weighted partners
  identity,    // pull back toward the home position
  growth,      // endogenous capability growth
  arms_race,   // Richardson reaction of military to threat
  first_rule_mechanism,
  noise = first_rule_mechanism + static_cast<int>(kRuleKinds),
  n_mechanisms
};
template <class E>
inline constexpr Mechanism mechanism_of = static_cast<Mechanism>(first_rule_mechanism +
                                                                 static_cast<int>(kind_index<E>));

// True if field f names states (one, or a list).
template <class E>
constexpr bool names_states(const FieldSpec<E>& f) {
  return std::holds_alternative<int E::*>(f.member) || std::holds_alternative<std::vector<int> E::*>(f.member);
}

// The states field f of event r names: one, a list, or none (a number or a choice).
template <class E>
std::vector<int> field_states(const E& r, const FieldSpec<E>& f) {
  std::vector<int> out;
  std::visit(
      [&](auto member) {
        using T = std::remove_cvref_t<decltype(r.*member)>;
        if constexpr (std::is_same_v<T, int>) out.push_back(r.*member);
        else if constexpr (std::is_same_v<T, std::vector<int>>) out = r.*member;
      },
      f.member);
  return out;
}

// The sides of an event: for a kind with two (DistinctStates: by -> target, seller ->
// buyer) the acting states and the state acted on; for a kind with one (exercise
// participants) all its states, and no second side.
struct EventSides {
  std::vector<int> from, to;
};
inline EventSides event_sides(const EventRule& rule) {
  return std::visit(
      [](const auto& r) {
        using E = std::decay_t<decltype(r)>;
        EventSides sides;
        for (const auto& f : RuleKind<E>::fields) {
          const std::vector<int> s = field_states(r, f);
          std::vector<int>* side = &sides.from;
          if constexpr (HasDistinct<E>) {
            if (f.key == RuleKind<E>::distinct.state) side = &sides.to;
            else if (f.key != RuleKind<E>::distinct.other) continue;
          }
          side->insert(side->end(), s.begin(), s.end());
        }
        return sides;
      },
      rule);
}

// The pairs of states an event acts between: for a kind with two sides each state of the
// one with the state of the other; for a kind with one side every pair of its states.
inline std::vector<std::pair<int, int>> event_pairs(const EventRule& rule) {
  const EventSides s = event_sides(rule);
  std::vector<std::pair<int, int>> pairs;
  if (!s.to.empty()) {
    for (const int a : s.from)
      for (const int b : s.to) pairs.emplace_back(a, b);
  } else {
    for (std::size_t i = 0; i < s.from.size(); ++i)
      for (std::size_t j = i + 1; j < s.from.size(); ++j) pairs.emplace_back(s.from[i], s.from[j]);
  }
  return pairs;
}

}  // namespace bpsim
