// Joint exercises {participants P, scale x} (docs/ODD.md Section 7.7): the event and its
// descriptor. The rule is exercises.cpp; the only kind that draws (random incidents).
#pragma once

#include "sim/model/rule_spec.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace bpsim {

struct ExerciseEvent {
  std::vector<int> participants;
  double scale = 0;  // in [0,1]
};

template <>
struct RuleKind<ExerciseEvent> {
  static constexpr std::string_view key = "exercise", title = "Exercise", mechanism = "exercises";
  static constexpr std::string_view help = "Joint exercises: the participants train together.";
  static constexpr Role needs = Role::none;
  static constexpr Slider scale_slider{
      .label = "scale",
      .help =
          "Size of the joint exercise: closer relations and alignment among the participants, some "
          "friction with everyone else."};
  static constexpr std::array<FieldSpec<ExerciseEvent>, 2> fields{{
      {.key = "participants",
       .member = &ExerciseEvent::participants,
       .min_states = 2,
       .doc = "the exercising states (at least 2)"},
      {.key = "scale",
       .member = &ExerciseEvent::scale,
       .range = kUnit,
       .doc = "size of the exercise",
       .slider = &scale_slider},
  }};
  static constexpr std::array<CountSpec, 2> counts{{{"exercises", "exercises"}, {"incidents", "incidents"}}};
  static void apply(const RuleInput& in, const ExerciseEvent& ev, std::uint32_t stream, Deltas& out);
};

}  // namespace bpsim
