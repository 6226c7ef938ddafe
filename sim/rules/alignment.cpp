// Alignment dynamics: landscape pull toward weighted partners and the identity anchor
// (noise: noise.cpp). The soft bound (v1) or the latent map (v2) is applied in step(),
// on the summed delta.
#include "sim/core/latent.hpp"
#include "sim/rules/rules.hpp"

namespace bpsim {

// social_i = mu_i sum_{j != i} W[i,j] (a_j - a_i) = mu_i ((W A)_i - (sum_j W[i,j]) a_i);
// W has a zero diagonal, so the j = i term vanishes.
// identity_i = kappa_i (home_i - a_i) in v1; in v2 it acts on the latent coordinate,
// kappa_i (atanh(home_i) - atanh(a_i)) (sim/core/latent.hpp): a spring that grows with
// the distance from home instead of vanishing near +-1.
void apply_alignment_pull(const RuleInput& in, Deltas& out) {
  const Eigen::MatrixXd& a = in.w.alignment;
  auto social = out.align[Mechanism::social];
  // Axis by axis (matrix-vector products): W A as one product would go through
  // gemm, which allocates its packing buffers every tick.
  for (Eigen::Index k = 0; k < a.cols(); ++k) social.col(k).noalias() = in.d.pull * a.col(k);
  social -= in.d.pull_weight.asDiagonal() * a;
  social = in.sc.traits.mu.asDiagonal() * social;
  auto identity = out.align[Mechanism::identity];
  if (in.sc.model == ModelVersion::v1) {
    identity = in.sc.traits.kappa.asDiagonal() * (in.sc.identity - a);
    return;
  }
  for (Eigen::Index k = 0; k < a.cols(); ++k)
    for (Eigen::Index i = 0; i < a.rows(); ++i)
      identity(i, k) = in.sc.traits.kappa[i] * (latent_of(in.sc.identity(i, k)) - latent_of(a(i, k)));
}

}  // namespace bpsim
