// Capability dynamics: endogenous growth, the Richardson reaction of military
// capability to the largest threat, and growth noise.
#include "sim/rules/rules.hpp"

#include "sim/core/normal_matrix.hpp"

namespace bpsim {

static void add_growth(const RuleInput& in, Deltas& out) {
  out.cap[Mechanism::growth] = in.w.capability.cwiseProduct(in.sc.traits.growth);
}

// dC[i,mil] += C[i,mil] rho_i max_j T[i,j]
static void add_arms_race(const RuleInput& in, Deltas& out) {
  const int mil = in.sc.military_dim;
  if (mil < 0) return;
  out.cap[Mechanism::arms_race].col(mil) = in.w.capability.col(mil).cwiseProduct(
      in.sc.traits.arms_reaction.cwiseProduct(in.d.threat_level));
}

static void add_growth_noise(const RuleInput& in, Deltas& out) {
  const double sigma = in.sc.params.sigma_c;
  if (sigma == 0) return;
  auto dn = out.cap[Mechanism::noise];
  const Eigen::MatrixXd& z =
      rng::normal_matrix(in.key, in.w.tick, rng::capability_noise, dn.rows(), dn.cols());
  dn += (in.w.capability * sigma).cwiseProduct(z);  // C[i,k] sigma_c z[i,k]
}

void apply_capability_growth(const RuleInput& in, Deltas& out) {
  add_growth(in, out);
  add_arms_race(in, out);
  add_growth_noise(in, out);
}

}  // namespace bpsim
