// Alignment dynamics: landscape pull toward weighted partners and the identity anchor
// (noise: noise.cpp). The soft bound is applied in step(), on the summed delta.
#include "sim/rules/rules.hpp"

namespace bpsim {

// social_i = mu_i sum_{j != i} W[i,j] (a_j - a_i) = mu_i ((W A)_i - (sum_j W[i,j]) a_i);
// W has a zero diagonal, so the j = i term vanishes.
// identity_i = kappa_i (home_i - a_i).
void apply_alignment_pull(const RuleInput& in, Deltas& out) {
  const Eigen::MatrixXd& a = in.w.alignment;
  auto social = out.align[Mechanism::social];
  // Axis by axis (matrix-vector products): W A as one product would go through
  // gemm, which allocates its packing buffers every tick.
  for (Eigen::Index k = 0; k < a.cols(); ++k) social.col(k).noalias() = in.d.pull * a.col(k);
  social -= in.d.pull_weight.asDiagonal() * a;
  social = in.sc.traits.mu.asDiagonal() * social;
  out.align[Mechanism::identity] = in.sc.traits.kappa.asDiagonal() * (in.sc.identity - a);
}

}  // namespace bpsim
