// Event dispatch: one scheduled event to its kind's rule, RuleKind<E>::apply. Every
// alternative of EventRule has a descriptor that declares it (a kind without one does
// not compile) and a rule file that defines it (without one the link fails).
#include "sim/rules/rules.hpp"

namespace bpsim {

void apply_event(const RuleInput& in, const Event& event, Deltas& out) {
  std::visit([&](const auto& ev) { RuleKind<std::decay_t<decltype(ev)>>::apply(in, ev, event.stream, out); },
             event.rule);
}

}  // namespace bpsim
