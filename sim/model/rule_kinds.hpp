// The rule kinds, described once: for each alternative of EventRule (events.hpp), its
// YAML key, its fields (member, type, range, required or not, one-line doc; the default
// is the member's initializer in events.hpp), the capability role it needs, the pair of
// fields that must name different states, and the count columns of world.csv it writes.
// The scenario loader, the rules' dispatch (sim/rules/events.cpp) and the count columns
// are derived from these; a kind without a descriptor does not compile.
// Random streams: every kind draws, if at all, on its event's own stream Event::stream,
// keyed by event_stream_key (docs/ODD.md Section 7.11); only exercise draws (incidents).
// Free of YAML, so the engine built for the browser (sim/web) has them too.
#pragma once

#include "sim/model/events.hpp"
#include "sim/model/scenario.hpp"  // Role
#include "sim/model/tables.hpp"    // the event fields' ranges

#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace bpsim {

// The role names as the scenario file writes them (dimensions.capability[].role).
constexpr std::string_view role_key(Role r) {
  switch (r) {
    case Role::economy: return "economy";
    case Role::military: return "military";
    case Role::technology: return "technology";
    case Role::none: break;
  }
  return "none";
}

// ArmsPolicy's names, in enum order.
inline constexpr std::array<std::string_view, 2> kArmsPolicyNames{"always", "security_check"};

// One field of a rule kind. The member's type says how it is read: int = one state id,
// std::vector<int> = a list of at least min_states state ids, double = a number in
// `range`, ArmsPolicy = one of `choices`.
template <class E>
struct FieldSpec {
  using Member = std::variant<int E::*, std::vector<int> E::*, double E::*, ArmsPolicy E::*>;
  std::string_view key;
  Member member;
  bool required = true;
  Range range{};
  std::size_t min_states = 0;
  std::span<const std::string_view> choices{};
  std::string_view doc{};
};

// Two fields that may not name the same state: `other` (one state or a list) and
// `state` (one state). The error, at `state`, reads "'X' is also <what>; a state cannot
// <verb>".
struct DistinctStates {
  std::string_view other, state, what, verb;
};

template <class E>
struct RuleKind;  // one specialisation per alternative of EventRule, below

template <>
struct RuleKind<SanctionsEvent> {
  static constexpr std::string_view key = "sanctions";
  static constexpr Role needs = Role::economy;
  static constexpr std::array<FieldSpec<SanctionsEvent>, 3> fields{{
      {.key = "by", .member = &SanctionsEvent::by, .min_states = 1, .doc = "the sanctioning coalition"},
      {.key = "target", .member = &SanctionsEvent::target, .doc = "the sanctioned state, not in by"},
      {.key = "intensity", .member = &SanctionsEvent::intensity, .range = kIntensityRange,
       .doc = "share of the coalition's economic weight brought to bear"},
  }};
  static constexpr DistinctStates distinct{"by", "target", "in by", "sanction itself"};
  static constexpr std::array<std::string_view, 1> counts{"sanctions"};
};

template <>
struct RuleKind<ArmsSaleEvent> {
  static constexpr std::string_view key = "arms_sale";
  static constexpr Role needs = Role::military;
  static constexpr std::array<FieldSpec<ArmsSaleEvent>, 5> fields{{
      {.key = "seller", .member = &ArmsSaleEvent::seller, .doc = "the exporting state"},
      {.key = "buyer", .member = &ArmsSaleEvent::buyer, .doc = "the importing state, not the seller"},
      {.key = "volume", .member = &ArmsSaleEvent::volume, .range = kVolumeRange,
       .doc = "fraction of the seller's military capability delivered per tick"},
      {.key = "policy", .member = &ArmsSaleEvent::policy, .required = false, .choices = kArmsPolicyNames,
       .doc = "always, or security_check: sell iff the seller's threat of the buyer <= threshold"},
      {.key = "threshold", .member = &ArmsSaleEvent::threshold, .required = false,
       .range = kThresholdRange, .doc = "the security check's threshold on T[seller, buyer]"},
  }};
  static constexpr DistinctStates distinct{"seller", "buyer", "the seller", "sell arms to itself"};
  static constexpr std::array<std::string_view, 2> counts{"deliveries", "blocked_sales"};
};

template <>
struct RuleKind<ExerciseEvent> {
  static constexpr std::string_view key = "exercise";
  static constexpr Role needs = Role::none;
  static constexpr std::array<FieldSpec<ExerciseEvent>, 2> fields{{
      {.key = "participants", .member = &ExerciseEvent::participants, .min_states = 2,
       .doc = "the exercising states (at least 2)"},
      {.key = "scale", .member = &ExerciseEvent::scale, .range = kScaleRange,
       .doc = "size of the exercise"},
  }};
  static constexpr std::array<std::string_view, 2> counts{"exercises", "incidents"};
};

template <>
struct RuleKind<EngagementEvent> {
  static constexpr std::string_view key = "engagement";
  static constexpr Role needs = Role::economy;
  static constexpr std::array<FieldSpec<EngagementEvent>, 3> fields{{
      {.key = "by", .member = &EngagementEvent::by, .min_states = 1, .doc = "the engaging states"},
      {.key = "target", .member = &EngagementEvent::target, .doc = "the engaged state, not in by"},
      {.key = "intensity", .member = &EngagementEvent::intensity, .range = kIntensityRange,
       .doc = "strength of the inducements (trade, talks)"},
  }};
  static constexpr DistinctStates distinct{"by", "target", "in by", "engage itself"};
  static constexpr std::array<std::string_view, 1> counts{"engagements"};
};

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
concept HasDistinct = requires { RuleKind<E>::distinct; };

// f(RuleKind<E>{}) for every alternative E of EventRule, in variant order.
template <class F>
constexpr void for_each_rule_kind(F&& f) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (f(RuleKind<std::variant_alternative_t<I, EventRule>>{}), ...);
  }(std::make_index_sequence<std::variant_size_v<EventRule>>{});
}

inline constexpr std::size_t kRuleKinds = std::variant_size_v<EventRule>;

// The YAML keys of the rule kinds, in variant order.
inline constexpr std::array<std::string_view, kRuleKinds> kRuleKeys = [] {
  std::array<std::string_view, kRuleKinds> keys{};
  std::size_t i = 0;
  for_each_rule_kind([&](auto k) { keys[i++] = decltype(k)::key; });
  return keys;
}();

// The event-count columns of world.csv: every kind's counts, in variant order.
inline constexpr std::size_t kCountColumns = [] {
  std::size_t n = 0;
  for_each_rule_kind([&](auto k) { n += decltype(k)::counts.size(); });
  return n;
}();
inline constexpr std::array<std::string_view, kCountColumns> kCountNames = [] {
  std::array<std::string_view, kCountColumns> names{};
  std::size_t i = 0;
  for_each_rule_kind([&](auto k) {
    for (std::string_view c : decltype(k)::counts) names[i++] = c;
  });
  return names;
}();

// The pairs of states an event acts between: for a kind with two sides (DistinctStates:
// by -> target, seller -> buyer) each state of the one with the state of the other; for
// a kind with one side (exercise participants) every pair of its states.
inline std::vector<std::pair<int, int>> event_pairs(const EventRule& rule) {
  return std::visit(
      [](const auto& r) {
        using E = std::decay_t<decltype(r)>;
        const auto states_of = [&](const auto& f) {
          std::vector<int> out;
          std::visit(
              [&](auto member) {
                using T = std::remove_cvref_t<decltype(r.*member)>;
                if constexpr (std::is_same_v<T, int>) out.push_back(r.*member);
                else if constexpr (std::is_same_v<T, std::vector<int>>) out = r.*member;
              },
              f.member);
          return out;
        };
        std::vector<int> one, other;  // the two sides, or (one side) all states in `one`
        for (const auto& f : RuleKind<E>::fields) {
          const std::vector<int> s = states_of(f);
          if constexpr (HasDistinct<E>) {
            if (f.key == RuleKind<E>::distinct.state) other.insert(other.end(), s.begin(), s.end());
            else if (f.key == RuleKind<E>::distinct.other) one.insert(one.end(), s.begin(), s.end());
          } else {
            one.insert(one.end(), s.begin(), s.end());
          }
        }
        std::vector<std::pair<int, int>> pairs;
        if constexpr (HasDistinct<E>) {
          for (const int a : one)
            for (const int b : other) pairs.push_back({a, b});
        } else {
          for (std::size_t i = 0; i < one.size(); ++i)
            for (std::size_t j = i + 1; j < one.size(); ++j) pairs.push_back({one[i], one[j]});
        }
        return pairs;
      },
      rule);
}

}  // namespace bpsim
