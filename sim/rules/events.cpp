// Event dispatch: one scheduled event to the free function of its rule.
#include "sim/rules/rules.hpp"

#include <type_traits>

namespace bpsim {

void apply_event(const RuleInput& in, const Event& event, Deltas& out) {
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, SanctionsEvent>) apply_sanctions(in, ev, event.stream, out);
        if constexpr (std::is_same_v<T, ArmsSaleEvent>) apply_arms_sale(in, ev, event.stream, out);
        if constexpr (std::is_same_v<T, ExerciseEvent>) apply_exercise(in, ev, event.stream, out);
        if constexpr (std::is_same_v<T, EngagementEvent>) apply_engagement(in, ev, event.stream, out);
      },
      event.rule);
}

}  // namespace bpsim
