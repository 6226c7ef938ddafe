// Capability dynamics: endogenous growth and the Richardson reaction of military
// capability to the largest threat (growth noise: noise.cpp).
#include "sim/rules/rules.hpp"

namespace bpsim {

static void add_growth(const RuleInput& in, Deltas& out) {
  out.cap[Mechanism::growth] = in.w.capability.cwiseProduct(in.sc.traits.growth);
}

// dC[i,mil] += C[i,mil] rho_i max_j T[i,j]
static void add_arms_race(const RuleInput& in, Deltas& out) {
  const int mil = in.sc.dim(Role::military);
  if (mil < 0) return;
  out.cap[Mechanism::arms_race].col(mil) =
      in.w.capability.col(mil).cwiseProduct(in.sc.traits.arms_reaction.cwiseProduct(in.d.threat_level));
}

void apply_capability_growth(const RuleInput& in, Deltas& out) {
  add_growth(in, out);
  add_arms_race(in, out);
}

}  // namespace bpsim
