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

// The seller's threat perception of the buyer in the scenario's initial world (the
// status_quo policy's threshold): init_workspace's copy for the run, or, for a caller that
// did not make one (a test stepping a rule alone), computed here (O(n^2), one tick's threat).
static double status_quo_threat(const RuleInput& in, int seller, int buyer) {
  if (in.d.initial_threat.size() != 0) return in.d.initial_threat(seller, buyer);
  return initial_world_threat(in.sc)(seller, buyer);
}

static bool security_check_passes(const RuleInput& in, const ArmsSaleEvent& ev, Deltas& out) {
  if (ev.policy == ArmsPolicy::always) return true;
  const bool status_quo = ev.policy == ArmsPolicy::status_quo;
  const double limit = status_quo ? status_quo_threat(in, ev.seller, ev.buyer) : ev.threshold;
  const double t = in.d.threat(ev.seller, ev.buyer);
  if (t <= limit) return true;
  out.counts[count_slot<ArmsSaleEvent>("blocked_sales")] += 1;
  if (out.log_events) {
    out.log.push_back(
        {in.w.tick, "blocked_sale", pair_ids(in.sc, ev.seller, ev.buyer),
         status_quo ? fmt::format("seller's threat perception of buyer {:.4f} > its initial value {:.4f}", t, limit)
                    : fmt::format("seller's threat perception of buyer {:.4f} > threshold {}", t, limit)});
  }
  return false;
}

// Delivered m units with intensity u (v1: the event's volume, the share of the seller's
// military; v2: m over the buyer's military).
static void deliver(const RuleInput& in, int s, int b, double m, double u, Deltas& out) {
  const Parameters& p = in.sc.params;
  const int mil = in.sc.dim(Role::military), econ = in.sc.dim(Role::economy), tech = in.sc.dim(Role::technology);
  auto dc = out.cap[mechanism_of<ArmsSaleEvent>];
  dc(b, mil) += m * p.quality;
  if (econ >= 0) dc(s, econ) += m * p.price;
  if (tech >= 0) {
    const double gap = std::max(in.w.capability(s, tech) - in.w.capability(b, tech), 0.0);
    dc(b, tech) += u * p.phi * gap;
  }
  out.add_relation(s, b, p.rho_arms * u);
  out.align[mechanism_of<ArmsSaleEvent>].row(b) +=
      p.alpha_arms * u * in.w.arms_dep()(b, s) * (in.w.alignment.row(s) - in.w.alignment.row(b));
  out.add_flow(dependence_channel<ArmsSaleEvent>, s, b, m);
}

// Model v2: the buyer orders v C[b,mil]; the order book delivers it later (deliver_orders).
static void place_order(const RuleInput& in, const ArmsSaleEvent& ev, Deltas& out) {
  const double amount = ev.volume * in.w.capability(ev.buyer, in.sc.dim(Role::military));
  out.orders.push_back({ev.seller, ev.buyer, amount});
  if (out.log_events) {
    out.log.push_back({in.w.tick, "arms_sale", pair_ids(in.sc, ev.seller, ev.buyer),
                       fmt::format("ordered={:.6g} threat={:.4f}", amount, in.d.threat(ev.seller, ev.buyer))});
  }
}

void RuleKind<ArmsSaleEvent>::apply(const RuleInput& in, const ArmsSaleEvent& ev, std::uint32_t /*stream*/,
                                    Deltas& out) {
  if (!security_check_passes(in, ev, out)) return;
  if (in.sc.model == ModelVersion::v2) {
    place_order(in, ev, out);
    return;
  }
  const double m = ev.volume * in.w.capability(ev.seller, in.sc.dim(Role::military));
  deliver(in, ev.seller, ev.buyer, m, ev.volume, out);
  out.counts[count_slot<ArmsSaleEvent>("deliveries")] += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "arms_sale", pair_ids(in.sc, ev.seller, ev.buyer),
                       fmt::format("delivered={:.6g} threat={:.4f}", m, in.d.threat(ev.seller, ev.buyer))});
  }
}

void deliver_orders(const RuleInput& in, Deltas& out) {
  const Eigen::MatrixXd& book = in.w.orders;
  if (book.size() == 0) return;
  const int mil = in.sc.dim(Role::military);
  const Eigen::Index n = book.rows();
  out.procured[dependence_channel<ArmsSaleEvent>] = in.sc.params.procurement * in.w.capability.col(mil);
  for (Eigen::Index b = 0; b < n; ++b) {
    const double buyer_mil = in.w.capability(b, mil);
    for (Eigen::Index s = 0; s < n; ++s) {
      if (book(s, b) <= 0) continue;
      const double m = book(s, b) / in.sc.params.arms_lag;  // as apply_orders takes it off the book
      deliver(in, static_cast<int>(s), static_cast<int>(b), m, buyer_mil > 0 ? m / buyer_mil : 0.0, out);
      out.counts[count_slot<ArmsSaleEvent>("deliveries")] += 1;
    }
  }
}

}  // namespace bpsim
