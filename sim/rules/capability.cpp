// Capability dynamics: endogenous growth, the Richardson reaction of military
// capability to the largest threat, and growth noise.
#include "sim/rules/rules.hpp"

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
  // Batched draws (both Box-Muller outputs): the same values as rng::normal per element.
  rng::for_each_normal(in.key, in.w.tick, rng::capability_noise, static_cast<int>(dn.rows()),
                       static_cast<int>(dn.cols()), [&](int i, int k, double z) {
                         dn(i, k) += in.w.capability(i, k) * sigma * z;
                       });
}

void apply_capability_growth(const RuleInput& in, Deltas& out) {
  add_growth(in, out);
  add_arms_race(in, out);
  add_growth_noise(in, out);
}

}  // namespace bpsim
