// Arms sales {seller s, buyer b, volume v, policy, threshold tau}: under
// security_check the seller sells only while its own threat perception of the buyer
// T[s,b] is at most tau (Russia's sales to China decided on Russia's security).
// A delivery arms the buyer, pays the seller, transfers technology, improves
// relations and pulls the buyer toward the seller in proportion to its dependence.
#include "sim/rules/rules.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bpsim {

static std::string pair_ids(const Scenario& sc, int a, int b) { return sc.state_ids[a] + ";" + sc.state_ids[b]; }

static bool security_check_passes(const RuleInput& in, const ArmsSaleEvent& ev, Deltas& out) {
  if (ev.policy != ArmsPolicy::security_check) return true;
  const double t = in.d.threat(ev.seller, ev.buyer);
  if (t <= ev.threshold) return true;
  out.counts[count_slot<ArmsSaleEvent>("blocked_sales")] += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "blocked_sale", pair_ids(in.sc, ev.seller, ev.buyer),
                       fmt::format("seller's threat perception of buyer {:.4f} > threshold {}", t, ev.threshold)});
  }
  return false;
}

static void deliver(const RuleInput& in, const ArmsSaleEvent& ev, double m, Deltas& out) {
  const Parameters& p = in.sc.params;
  const int s = ev.seller, b = ev.buyer;
  const int mil = in.sc.dim(Role::military), econ = in.sc.dim(Role::economy), tech = in.sc.dim(Role::technology);
  auto dc = out.cap[mechanism_of<ArmsSaleEvent>];
  dc(b, mil) += m * p.quality;
  if (econ >= 0) dc(s, econ) += m * p.price;
  if (tech >= 0) {
    const double gap = std::max(in.w.capability(s, tech) - in.w.capability(b, tech), 0.0);
    dc(b, tech) += ev.volume * p.phi * gap;
  }
  out.add_relation(s, b, p.rho_arms * ev.volume);
  out.align[mechanism_of<ArmsSaleEvent>].row(b) +=
      p.alpha_arms * ev.volume * in.w.arms_dep()(b, s) * (in.w.alignment.row(s) - in.w.alignment.row(b));
  out.add_flow(dependence_channel<ArmsSaleEvent>, s, b, m);
}

void RuleKind<ArmsSaleEvent>::apply(const RuleInput& in, const ArmsSaleEvent& ev, std::uint32_t /*stream*/,
                                    Deltas& out) {
  if (!security_check_passes(in, ev, out)) return;
  const double m = ev.volume * in.w.capability(ev.seller, in.sc.dim(Role::military));
  deliver(in, ev, m, out);
  out.counts[count_slot<ArmsSaleEvent>("deliveries")] += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "arms_sale", pair_ids(in.sc, ev.seller, ev.buyer),
                       fmt::format("delivered={:.6g} threat={:.4f}", m, in.d.threat(ev.seller, ev.buyer))});
  }
}

}  // namespace bpsim
