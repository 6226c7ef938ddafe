// Sanctions {by S, target x, intensity sigma} (docs/ODD.md Section 7.5): the event and
// its descriptor. The rule is sanctions.cpp.
#pragma once

#include "sim/model/rule_spec.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace bpsim {

struct SanctionsEvent {
  std::vector<int> by;  // sanctioning coalition (state indices)
  int target = -1;
  double intensity = 0;  // in [0,1]
};

template <>
struct RuleKind<SanctionsEvent> {
  static constexpr std::string_view key = "sanctions", title = "Sanctions", mechanism = "sanctions";
  static constexpr std::string_view help = "Sanctions: the sanctioners cut trade with the target.";
  static constexpr Role needs = Role::economy;
  static constexpr Slider intensity_slider{
      .label = "intensity",
      .help =
          "How hard the sanctions bite: 0 none, 1 full (economy and technology losses of the target, "
          "relation damage)."};
  static constexpr std::array<FieldSpec<SanctionsEvent>, 3> fields{{
      {.key = "by", .member = &SanctionsEvent::by, .min_states = 1, .doc = "the sanctioning coalition"},
      {.key = "target", .member = &SanctionsEvent::target, .doc = "the sanctioned state, not in by"},
      {.key = "intensity",
       .member = &SanctionsEvent::intensity,
       .range = kUnit,
       .doc = "share of the coalition's economic weight brought to bear",
       .slider = &intensity_slider},
  }};
  static constexpr DistinctStates distinct{"by", "target", "in by", "sanction itself"};
  static constexpr std::array<CountSpec, 1> counts{{{"sanctions", "sanctions"}}};
  static void apply(const RuleInput& in, const SanctionsEvent& ev, std::uint32_t stream, Deltas& out);
};

}  // namespace bpsim
