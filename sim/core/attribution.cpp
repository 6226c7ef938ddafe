// Attribution: how much of each state's change came from each mechanism.
// Alignment: the norm of the mechanism's own bounded step, ||da_m (1 - a^2)||.
// Power: the first-order change of p_i = sum_k w_k C_ik / T_k under dC_m,
//   dp_i = sum_k w_k (dC_ik / T_k - C_ik sum_j dC_jk / T_k^2),
// which sums over mechanisms to the linearised total change (clamps aside).
#include "sim/core/degenerate.hpp"
#include "sim/core/step.hpp"

namespace bpsim {

// The weights are the step's own (Derived::weights: renormalised over the dimensions that
// still have a total, ODD 7.1); a dimension without one contributes nothing.
static Eigen::VectorXd power_change(const World& w, const Derived& d, const Eigen::Ref<const Eigen::MatrixXd>& dc) {
  const Eigen::Index n = w.capability.rows();
  Eigen::VectorXd dp = Eigen::VectorXd::Zero(n);
  const Eigen::RowVectorXd totals = w.capability.colwise().sum();
  const Eigen::RowVectorXd d_totals = dc.colwise().sum();
  for (Eigen::Index k = 0; k < w.capability.cols(); ++k) {
    const double t = totals[k];
    if (below_divisor(t)) continue;
    dp += d.weights[k] * (dc.col(k) / t - w.capability.col(k) * ((d_totals[k] / t) / t));
  }
  return dp;
}

void attribute_changes(const Scenario& /*sc*/, const World& w, const Derived& d, const Deltas& dl, Attribution& out) {
  const Eigen::Index n = w.alignment.rows();
  out.d_alignment.resize(n, n_mechanisms);
  out.d_power.resize(n, n_mechanisms);
  const Eigen::ArrayXXd room = 1.0 - w.alignment.array().square();
  for (int m = 0; m < n_mechanisms; ++m) {
    out.d_alignment.col(m) = (dl.align[m].array() * room).matrix().rowwise().norm();
    out.d_power.col(m) = power_change(w, d, dl.cap[m]);
  }
}

}  // namespace bpsim
