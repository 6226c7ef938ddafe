// Sanctions {by S, target x, intensity sigma}: economic and technological damage to
// the target scaled by the coalition's economic weight, a cost to each sanctioner,
// damaged relations with S, trade diverted toward non-participants, and the
// target's pivot: away from the coalition's mean position (v1), or toward the
// substitute partners' position (v2).
#include "sim/rules/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace bpsim {

static bool in_set(const std::vector<int>& set, int i) { return std::find(set.begin(), set.end(), i) != set.end(); }

static void sanction_costs(const RuleInput& in, const SanctionsEvent& ev, double e, Deltas& out) {
  const Parameters& p = in.sc.params;
  const int x = ev.target, econ = in.sc.dim(Role::economy), tech = in.sc.dim(Role::technology);
  const double sigma = ev.intensity;
  auto dc = out.cap[mechanism_of<SanctionsEvent>];
  if (econ >= 0) dc(x, econ) -= sigma * p.k_target * e * in.w.capability(x, econ);
  if (tech >= 0) dc(x, tech) -= sigma * p.k_tech * e * in.w.capability(x, tech);
  if (econ < 0) return;
  for (int s : ev.by) dc(s, econ) -= sigma * p.k_cost * in.d.share(x, econ) * in.w.capability(s, econ);
}

// The substitute partners' weights v_j = p_j (1 - mean_S S[j,s]) / 2: the
// non-participants, by power and by distance from the sanctioners; 0 for the target and
// the sanctioners.
static double substitute_weight(const RuleInput& in, const SanctionsEvent& ev, int j) {
  if (j == ev.target || in_set(ev.by, j)) return 0.0;
  double mean_s = 0.0;
  for (int s : ev.by) mean_s += in.d.score(j, s);
  mean_s /= static_cast<double>(ev.by.size());
  return in.d.power[j] * (1.0 - mean_s) / 2.0;
}

static double substitute_total(const RuleInput& in, const SanctionsEvent& ev) {
  double total = 0.0;
  for (int j = 0; j < in.sc.n_states(); ++j) total += substitute_weight(in, ev, j);
  return total;
}

// Non-participants j gain sigma rho_divert v_j / sum(v).
static void trade_diversion(const RuleInput& in, const SanctionsEvent& ev, double total, Deltas& out) {
  if (total <= 0) return;
  for (int j = 0; j < in.sc.n_states(); ++j) {
    const double v = substitute_weight(in, ev, j);
    if (v > 0) out.add_relation(ev.target, j, ev.intensity * in.sc.params.rho_divert * v / total);
  }
}

// v1: da_x += sigma pi_x (a_x - mean_S a) / ||a_x - mean_S a||, a push of constant size
// away from the sanctioners.
static void pivot_away(const RuleInput& in, const SanctionsEvent& ev, Deltas& out) {
  const int x = ev.target;
  const Eigen::Index axes = in.w.alignment.cols();
  const auto away = [&](Eigen::Index k) { return in.w.alignment(x, k) - mean_alignment(in.w, ev.by, k); };
  double norm2 = 0.0;
  for (Eigen::Index k = 0; k < axes; ++k) norm2 += away(k) * away(k);
  const double norm = std::sqrt(norm2);
  if (norm == 0) return;
  const double step = ev.intensity * in.sc.traits.pivot[x];
  for (Eigen::Index k = 0; k < axes; ++k) out.align[mechanism_of<SanctionsEvent>](x, k) += step * away(k) / norm;
}

// v2: da_x += min(sigma pi_x, 1) (b - a_x), b = sum_j v_j a_j / sum_j v_j the substitutes'
// weighted position: the target turns toward the partners that replace the trade it
// loses, closing at most the whole gap in a tick, so it cannot be carried past them.
static void pivot_toward(const RuleInput& in, const SanctionsEvent& ev, double total, Deltas& out) {
  if (total <= 0) return;
  const int x = ev.target;
  const double rate = std::min(ev.intensity * in.sc.traits.pivot[x], 1.0);
  auto da = out.align[mechanism_of<SanctionsEvent>].row(x);
  for (int j = 0; j < in.sc.n_states(); ++j)  // each weight once, over every axis
    if (const double v = substitute_weight(in, ev, j); v > 0) da += (rate * v / total) * in.w.alignment.row(j);
  da -= rate * in.w.alignment.row(x);
}

void RuleKind<SanctionsEvent>::apply(const RuleInput& in, const SanctionsEvent& ev, std::uint32_t /*stream*/,
                                     Deltas& out) {
  const double e = economy_exposure(in.sc, in.d, ev.by);
  sanction_costs(in, ev, e, out);
  for (int s : ev.by) out.add_relation(ev.target, s, -ev.intensity * in.sc.params.rho_sanction);
  const double total = substitute_total(in, ev);
  trade_diversion(in, ev, total, out);
  if (in.sc.model == ModelVersion::v1) pivot_away(in, ev, out);
  else pivot_toward(in, ev, total, out);
  out.counts[count_slot<SanctionsEvent>("sanctions")] += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "sanctions", join_ids(in.sc, ev.by) + ">" + in.sc.state_ids[ev.target],
                       fmt::format("intensity={} exposure={:.4g}", ev.intensity, e)});
  }
}

}  // namespace bpsim
