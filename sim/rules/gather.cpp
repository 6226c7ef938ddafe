// The gather phase of the step (docs/ODD.md Section 3, step 1): every rule, in the
// order of Section 3, adds to the step's delta buffers. Declared in sim/core/step.hpp;
// defined here because it is the list of the rules (rules/ includes core/, never the
// reverse).
#include "sim/core/step.hpp"
#include "sim/rules/rules.hpp"

namespace bpsim {

// Events act in list order, but all read the state at t: order changes only the log.
static void apply_events(const RuleInput& in, Deltas& out) {
  for (const Event& event : in.sc.events) {
    if (event.enabled && event.when.active(in.w.tick)) apply_event(in, event, out);
  }
}

void gather_deltas(const Scenario& sc, const World& w, Workspace& ws) {
  const RuleInput in{sc, w, ws.derived, ws.key};
  ws.deltas.reset(sc.n_states(), sc.n_cap(), sc.n_axes());
  apply_alignment_pull(in, ws.deltas);
  apply_noise(in, ws.deltas);
  apply_capability_growth(in, ws.deltas);
  if (sc.model == ModelVersion::v1) {
    apply_relation_drift(in, ws.deltas);
    apply_events(in, ws.deltas);
    return;
  }
  // v2: the events' relation shocks are summed first, then saturated, then the drift added.
  apply_events(in, ws.deltas);
  deliver_orders(in, ws.deltas);
  saturate_relation_shocks(in, ws.deltas);
  apply_relation_drift(in, ws.deltas);
}

}  // namespace bpsim
