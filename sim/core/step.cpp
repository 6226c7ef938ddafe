#include "sim/core/step.hpp"

#include "sim/rules/rules.hpp"

#include <algorithm>

namespace bpsim {

void init_workspace(const Scenario& sc, const World& w, Workspace& ws) {
  ws.key = rng::Key(w.seed, w.run);
  compute_derived(sc, w, ws.derived);
}

// Events act in list order, but all read the state at t: order changes only the log.
static void apply_events(const RuleInput& in, Deltas& out) {
  for (const Event& event : in.sc.events) {
    if (event.when.active(in.w.tick)) apply_event(in, event, out);
  }
}

void gather_deltas(const Scenario& sc, const World& w, Workspace& ws) {
  const RuleInput in{sc, w, ws.derived, ws.key};
  ws.deltas.reset(sc.n_states(), sc.n_cap(), sc.n_axes());
  apply_alignment_pull(in, ws.deltas);
  apply_alignment_noise(in, ws.deltas);
  apply_capability_growth(in, ws.deltas);
  apply_relation_drift(in, ws.deltas);
  apply_events(in, ws.deltas);
}

// a <- clamp(a + da (1 - a^2), -1, 1); C <- max(C + dC, 0); R <- clamp(R + dR, -1, 1).
// Sums the mechanisms element by element: no temporaries.
void apply_deltas(const Scenario& sc, const Deltas& dl, World& w) {
  for (Eigen::Index k = 0; k < w.alignment.cols(); ++k) {
    for (Eigen::Index i = 0; i < w.alignment.rows(); ++i) {
      double da = 0;
      for (int m = 0; m < n_mechanisms; ++m) da += dl.align[m](i, k);
      const double a = w.alignment(i, k);
      w.alignment(i, k) = std::clamp(a + da * (1.0 - a * a), -1.0, 1.0);
    }
  }
  for (Eigen::Index k = 0; k < w.capability.cols(); ++k) {
    for (Eigen::Index i = 0; i < w.capability.rows(); ++i) {
      double dc = 0;
      for (int m = 0; m < n_mechanisms; ++m) dc += dl.cap[m](i, k);
      w.capability(i, k) = std::max(w.capability(i, k) + dc, 0.0);
    }
  }
  w.relations = (w.relations + dl.rel).cwiseMax(-1.0).cwiseMin(1.0);
  w.relations.diagonal().setZero();
  update_arms_dependence(sc, dl.deliveries, w.arms_dep);
}

void step(const Scenario& sc, World& w, Workspace& ws) {
  gather_deltas(sc, w, ws);
  if (ws.attribute) attribute_changes(sc, w, ws.derived, ws.deltas, ws.attribution);
  apply_deltas(sc, ws.deltas, w);
  ++w.tick;
  compute_derived(sc, w, ws.derived);
}

}  // namespace bpsim
