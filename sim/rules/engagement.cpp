// Engagement {by E, target x, intensity sigma}: inducements (trade deals, summits,
// sanctions relief), what a wedge strategy offers the state it courts.
#include "sim/rules/rules.hpp"

#include <fmt/format.h>

namespace bpsim {

void RuleKind<EngagementEvent>::apply(const RuleInput& in, const EngagementEvent& ev, std::uint32_t /*stream*/,
                                      Deltas& out) {
  const Parameters& p = in.sc.params;
  const int x = ev.target, econ = in.sc.dim(Role::economy);
  const double sigma = ev.intensity;
  const double e = economy_exposure(in.sc, in.d, ev.by);
  if (econ >= 0) out.cap[mechanism_of<EngagementEvent>](x, econ) += sigma * p.k_engage * e * in.w.capability(x, econ);
  for (int s : ev.by) out.add_relation(x, s, sigma * p.rho_engage);
  for (Eigen::Index k = 0; k < in.w.alignment.cols(); ++k) {
    out.align[mechanism_of<EngagementEvent>](x, k) +=
        sigma * p.alpha_engage * (mean_alignment(in.w, ev.by, k) - in.w.alignment(x, k));
  }
  out.counts[count_slot<EngagementEvent>("engagements")] += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "engagement", join_ids(in.sc, ev.by) + ">" + in.sc.state_ids[x],
                       fmt::format("intensity={} exposure={:.4g}", sigma, e)});
  }
}

}  // namespace bpsim
