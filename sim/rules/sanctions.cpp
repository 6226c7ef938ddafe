// Sanctions {by S, target x, intensity sigma}: economic and technological damage to
// the target scaled by the coalition's economic weight, a cost to each sanctioner,
// damaged relations with S, trade diverted toward non-participants, and the
// target's pivot away from the coalition's mean position.
#include "sim/rules/rules.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bpsim {

static bool in_set(const std::vector<int>& set, int i) {
  return std::find(set.begin(), set.end(), i) != set.end();
}

static void sanction_costs(const RuleInput& in, const SanctionsEvent& ev, double e, Deltas& out) {
  const Parameters& p = in.sc.params;
  const int x = ev.target, econ = in.sc.economy_dim, tech = in.sc.technology_dim;
  const double sigma = ev.intensity;
  Eigen::MatrixXd& dc = out.cap[Mechanism::sanctions];
  if (econ >= 0) dc(x, econ) -= sigma * p.k_target * e * in.w.capability(x, econ);
  if (tech >= 0) dc(x, tech) -= sigma * p.k_tech * e * in.w.capability(x, tech);
  if (econ < 0) return;
  for (int s : ev.by) dc(s, econ) -= sigma * p.k_cost * in.d.share(x, econ) * in.w.capability(s, econ);
}

// Non-participants j gain sigma rho_divert v_j / sum(v), v_j = p_j (1 - mean_S S[j,s]) / 2.
static void trade_diversion(const RuleInput& in, const SanctionsEvent& ev, Deltas& out) {
  const int n = in.sc.n_states();
  Eigen::VectorXd v = Eigen::VectorXd::Zero(n);
  for (int j = 0; j < n; ++j) {
    if (j == ev.target || in_set(ev.by, j)) continue;
    double mean_s = 0.0;
    for (int s : ev.by) mean_s += in.d.score(j, s);
    mean_s /= static_cast<double>(ev.by.size());
    v[j] = in.d.power[j] * (1.0 - mean_s) / 2.0;
  }
  const double total = v.sum();
  if (total <= 0) return;
  for (int j = 0; j < n; ++j) {
    if (v[j] > 0) out.add_relation(ev.target, j, ev.intensity * in.sc.params.rho_divert * v[j] / total);
  }
}

// da_x += sigma pi_x (a_x - mean_S a) / ||a_x - mean_S a||
static void pivot(const RuleInput& in, const SanctionsEvent& ev, Deltas& out) {
  const Eigen::RowVectorXd away = in.w.alignment.row(ev.target) - mean_alignment(in.w, ev.by);
  const double norm = away.norm();
  if (norm == 0) return;
  out.align[Mechanism::sanctions].row(ev.target) +=
      ev.intensity * in.sc.traits.pivot[ev.target] * away / norm;
}

void apply_sanctions(const RuleInput& in, const SanctionsEvent& ev, std::uint32_t /*stream*/, Deltas& out) {
  const double e = economy_exposure(in.sc, in.d, ev.by);
  sanction_costs(in, ev, e, out);
  for (int s : ev.by) out.add_relation(ev.target, s, -ev.intensity * in.sc.params.rho_sanction);
  trade_diversion(in, ev, out);
  pivot(in, ev, out);
  out.counts.sanctions += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "sanctions",
                       join_ids(in.sc, ev.by) + ">" + in.sc.state_ids[ev.target],
                       fmt::format("intensity={} exposure={:.4g}", ev.intensity, e)});
  }
}

}  // namespace bpsim
