// Event dispatch: one scheduled event to the free function of its rule. The overload
// set must cover every alternative of EventRule: a kind without its line here does not
// compile (std::visit finds no overload for it).
#include "sim/rules/rules.hpp"

namespace bpsim {

namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;  // clang 14 has no CTAD for aggregates
}  // namespace

void apply_event(const RuleInput& in, const Event& event, Deltas& out) {
  const std::uint32_t s = event.stream;
  std::visit(Overloaded{
                 [&](const SanctionsEvent& ev) { apply_sanctions(in, ev, s, out); },
                 [&](const ArmsSaleEvent& ev) { apply_arms_sale(in, ev, s, out); },
                 [&](const ExerciseEvent& ev) { apply_exercise(in, ev, s, out); },
                 [&](const EngagementEvent& ev) { apply_engagement(in, ev, s, out); },
             },
             event.rule);
}

}  // namespace bpsim
