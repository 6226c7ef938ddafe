// Relations drift toward the alignment score: dR = lambda_R (S - R), zero diagonal.
#include "sim/rules/rules.hpp"

namespace bpsim {

void apply_relation_drift(const RuleInput& in, Deltas& out) {
  out.rel += in.sc.params.lambda_R * (in.d.score - in.w.relations);
  out.rel.diagonal().setZero();
}

}  // namespace bpsim
