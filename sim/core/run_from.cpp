#include "sim/core/run_from.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace bpsim {

static void check_shape(const Eigen::MatrixXd& m, Eigen::Index rows, Eigen::Index cols, std::string_view what,
                        std::string& problems) {
  if (m.rows() == rows && m.cols() == cols) return;
  problems += fmt::format("{}{} is {} x {}, expected {} x {}", problems.empty() ? "" : "; ", what, m.rows(), m.cols(),
                          rows, cols);
}

// The run loop (run_scenario calls it from tick 0).
World run_from(const Scenario& sc, World start, const RunOptions& opt, const Observer& observe, bool observe_start) {
  const Eigen::Index n = sc.n_states();
  std::string problems;
  check_shape(start.capability, n, sc.n_cap(), "capability", problems);
  check_shape(start.alignment, n, sc.n_axes(), "alignment", problems);
  check_shape(start.relations, n, n, "relations", problems);
  // A channel the world does not hold (0 x 0) starts at zero if the scenario uses it; one
  // it holds must be n x n.
  for (std::size_t c = 0; c < kDependenceChannels; ++c) {
    Eigen::MatrixXd& d = start.dependence[c];
    const bool absent = d.rows() == 0 && d.cols() == 0;
    if (absent && sc.uses_dependence(c)) d = Eigen::MatrixXd::Zero(n, n);
    if (!absent || sc.uses_dependence(c)) check_shape(d, n, n, std::string(kDependenceNames[c]) + "_dep", problems);
  }
  if (!problems.empty())
    throw std::invalid_argument("run_from: the world does not fit scenario '" + sc.name + "': " + problems);
  const int ticks = opt.ticks >= 0 ? opt.ticks : sc.ticks;
  if (start.tick < 0 || start.tick > ticks)
    throw std::invalid_argument(
        fmt::format("run_from: the world is at tick {}, outside the run's 0..{} ticks", start.tick, ticks));

  World w = std::move(start);
  Workspace own;
  Workspace& ws = opt.workspace ? *opt.workspace : own;
  ws.attribute = opt.attribution;
  ws.deltas.log_events = opt.log_events;
  init_workspace(sc, w, ws);
  if (observe && observe_start) observe(TickView{sc, w, ws.derived, nullptr, nullptr});
  for (int t = w.tick; t < ticks; ++t) {
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
