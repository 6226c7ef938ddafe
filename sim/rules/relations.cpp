// Relations drift toward the alignment score: dR = lambda_R (S - R), zero diagonal.
// Model v2 first saturates the tick's summed shocks F (the events', Deltas::add_relation):
// F closes its fraction of the gap to the bound it moves toward, F (1 - R) for F > 0 and
// F (1 + R) for F < 0. So R' = R + lambda_R (S - R) + F (1 -+ R) is a weighted mean of R,
// S and +-1, inside (-1, 1) while lambda_R + |F| < 1: relations approach the bounds
// geometrically and never pin there (docs/ODD.md, Model versions).
#include "sim/rules/rules.hpp"

namespace bpsim {

void apply_relation_drift(const RuleInput& in, Deltas& out) {
  out.rel += in.sc.params.lambda_R * (in.d.score - in.w.relations);
  out.rel.diagonal().setZero();
}

void saturate_relation_shocks(const RuleInput& in, Deltas& out) {
  const auto f = out.rel.array();
  const auto r = in.w.relations.array();
  out.rel = (f > 0.0).select(f * (1.0 - r), f * (1.0 + r));
}

}  // namespace bpsim
