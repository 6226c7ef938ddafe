// Engagement {by E, target x, intensity sigma} (docs/ODD.md Section 7.8): the event and
// its descriptor. The rule is engagement.cpp.
#pragma once

#include "sim/model/rule_spec.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace bpsim {

struct EngagementEvent {
  std::vector<int> by;
  int target = -1;
  double intensity = 0;  // in [0,1]
};

template <>
struct RuleKind<EngagementEvent> {
  static constexpr std::string_view key = "engagement", title = "Engagement", mechanism = "engagement";
  static constexpr std::string_view help = "Engagement: trade and courting, the opposite of sanctions.";
  static constexpr Role needs = Role::economy;
  static constexpr Slider intensity_slider{
      .label = "intensity",
      .help = "Inducements (trade, talks) offered to the target: economy gain and warmer relations."};
  static constexpr std::array<FieldSpec<EngagementEvent>, 3> fields{{
      {.key = "by", .member = &EngagementEvent::by, .min_states = 1, .doc = "the engaging states"},
      {.key = "target", .member = &EngagementEvent::target, .doc = "the engaged state, not in by"},
      {.key = "intensity",
       .member = &EngagementEvent::intensity,
       .range = kUnit,
       .doc = "strength of the inducements (trade, talks)",
       .slider = &intensity_slider},
  }};
  static constexpr DistinctStates distinct{"by", "target", "in by", "engage itself"};
  static constexpr std::array<CountSpec, 1> counts{{{"engagements", "engagements"}}};
  static void apply(const RuleInput& in, const EngagementEvent& ev, std::uint32_t stream, Deltas& out);
};

}  // namespace bpsim
