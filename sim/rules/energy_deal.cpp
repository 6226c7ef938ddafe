// Energy deals {seller s, buyer b, volume v, price, relation, pull}: the buyer takes
// q = v C[s,energy] (1 - h_b E[b,s]), less the more it already depends on the seller
// (its hedging trait h_b against over-dependence), and pays q price to the seller's
// economy; the deal improves relations and pulls the buyer toward the seller in
// proportion to its energy dependence E, which the deliveries feed.
#include "sim/rules/rules.hpp"

#include <fmt/format.h>

namespace bpsim {

void RuleKind<EnergyDealEvent>::apply(const RuleInput& in, const EnergyDealEvent& ev, std::uint32_t /*stream*/,
                                      Deltas& out) {
  const int s = ev.seller, b = ev.buyer;
  const int energy = in.sc.dim(Role::energy), econ = in.sc.dim(Role::economy);
  const double dep = in.w.dependence[dependence_channel<EnergyDealEvent>](b, s);
  const double q = ev.volume * in.w.capability(s, energy) * (1.0 - in.sc.traits.hedging[b] * dep);
  auto dc = out.cap[mechanism_of<EnergyDealEvent>];
  dc(b, energy) += q;
  if (econ >= 0) dc(s, econ) += q * ev.price;
  out.add_relation(s, b, ev.relation * ev.volume);
  out.align[mechanism_of<EnergyDealEvent>].row(b) +=
      ev.pull * ev.volume * dep * (in.w.alignment.row(s) - in.w.alignment.row(b));
  out.add_flow(dependence_channel<EnergyDealEvent>, s, b, q);
  out.counts[count_slot<EnergyDealEvent>("energy_deliveries")] += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "energy_deal", in.sc.state_ids[s] + ";" + in.sc.state_ids[b],
                       fmt::format("delivered={:.6g} dependence={:.4f}", q, dep)});
  }
}

}  // namespace bpsim
