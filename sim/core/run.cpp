#include "sim/core/run.hpp"

#include "sim/core/run_from.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace bpsim {

static void check_matrix(const Scenario& sc, const World& w, const Eigen::MatrixXd& m, const char* what) {
  // The common case in one vectorised pass: x - x is 0 for every finite x, NaN otherwise.
  if (std::isfinite((m.array() - m.array()).sum())) return;
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (!m.row(i).allFinite()) {
      throw std::runtime_error(
          fmt::format("tick {}: {} of state {} is no longer finite; the scenario's rates are too large "
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

// Tick 0 is observed too; run_from holds the loop.
World run_scenario(const Scenario& sc, const RunOptions& opt, const Observer& observe) {
  return run_from(sc, make_world(sc, opt.seed, opt.run), opt, observe, /*observe_start=*/true);
}

}  // namespace bpsim
