// The vocabulary a rule kind is described in. Each kind of scheduled event is one file
// pair in sim/rules/: KIND.hpp holds its event struct E and its descriptor RuleKind<E>
// (YAML key, fields with type, range, default and doc, the role it needs, the counts it
// writes, its classroom sliders, the function that applies it), KIND.cpp holds that
// function. The registry (EventRule, sim/model/events.hpp) lists the kinds; everything
// else (loader, --set patcher, scenario JSON, schema, ODD tables, count columns,
// mechanisms, dependence channels, classroom controls) is derived from the descriptors
// (sim/model/rule_kinds.hpp). Free of YAML and of the engine's arrays, so the engine built
// for the browser (sim/web) has them too.
#pragma once

#include "sim/model/range.hpp"
#include "sim/model/role.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace bpsim {

struct RuleInput;  // what a rule reads (sim/rules/rules.hpp)
struct Deltas;     // what a rule writes (sim/core/deltas.hpp)

// The enum a kind's choice fields hold: E::Choice if E declares one (at most one enum
// per kind), else a placeholder no field uses.
template <class E>
struct ChoiceOf {
  enum class type {};
};
template <class E>
requires requires { typename E::Choice; }
struct ChoiceOf<E> {
  using type = typename E::Choice;
};

// The classroom page's slider for a number field: from `lo` to max(hi, factor x the
// scenario's value), within the field's range; `label` after the event's title.
struct Slider {
  double lo = 0, hi = 1, factor = 0;
  std::string_view label{}, help{};
};

// One field of a rule kind. The member's type says how it is read: int = one state id,
// std::vector<int> = a list of at least min_states state ids, double = a number in
// `range`, the kind's Choice enum = one of `choices` (in enum order). The default is the
// member's initializer in the event struct. A number field with a slider is a classroom
// control; `only_with` names the choice under which it matters ("" = always).
template <class E>
struct FieldSpec {
  using Member = std::variant<int E::*, std::vector<int> E::*, double E::*, typename ChoiceOf<E>::type E::*>;
  std::string_view key;
  Member member;
  bool required = true;
  Range range{};
  std::size_t min_states = 0;
  std::span<const std::string_view> choices{};
  std::string_view doc{};
  const Slider* slider = nullptr;
  std::string_view only_with{};
};

// Two fields that may not name the same state: `other` (one state or a list) and
// `state` (one state). The error, at `state`, reads "'X' is also <what>; a state cannot
// <verb>". A kind with them acts from `other` on `state` (by -> target, seller -> buyer).
struct DistinctStates {
  std::string_view other, state, what, verb;
};

// One count column of world.csv a kind writes: its column name and the summary's words.
struct CountSpec {
  std::string_view name, label;
};

// One specialisation per kind, in the kind's header in sim/rules/. Members:
//   key, title, help (one sentence for a class), needs (Role), fields, counts,
//   mechanism (attribution name),
//   apply(const RuleInput&, const E&, std::uint32_t stream, Deltas&);
//   optionally distinct (DistinctStates) and dependence (the dependence channel the
//   kind's flows feed, e.g. "arms": the buyer's import shares from each seller).
template <class E>
struct RuleKind;

}  // namespace bpsim
