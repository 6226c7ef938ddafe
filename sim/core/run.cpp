#include "sim/core/run.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace bpsim {

static void check_matrix(const Scenario& sc, const World& w, const Eigen::MatrixXd& m,
                         const char* what) {
  if (m.allFinite()) return;  // the common case: one pass, no row search
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (!m.row(i).allFinite()) {
      throw std::runtime_error(fmt::format(
          "tick {}: {} of state {} is no longer finite; the scenario's rates are too large "
          "(lower growth, arms_reaction or event sizes)",
          w.tick, what, sc.state_ids[static_cast<std::size_t>(i)]));
    }
  }
}

void check_finite(const Scenario& sc, const World& w) {
  check_matrix(sc, w, w.capability, "capability");
  check_matrix(sc, w, w.alignment, "alignment");
  check_matrix(sc, w, w.relations, "relations");
}

World run_scenario(const Scenario& sc, const RunOptions& opt, const Observer& observe) {
  World w = make_world(sc, opt.seed, opt.run);
  Workspace ws;
  ws.attribute = opt.attribution;
  ws.deltas.log_events = opt.log_events;
  init_workspace(sc, w, ws);
  const int ticks = opt.ticks >= 0 ? opt.ticks : sc.ticks;
  if (observe) observe(TickView{sc, w, ws.derived, nullptr, nullptr});
  for (int t = 0; t < ticks; ++t) {
    step(sc, w, ws);
    check_finite(sc, w);
    if (observe) {
      observe(TickView{sc, w, ws.derived, &ws.deltas, opt.attribution ? &ws.attribution : nullptr});
    }
    if (opt.progress) opt.progress(t + 1, ticks);
  }
  return w;
}

}  // namespace bpsim
