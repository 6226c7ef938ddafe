// Joint exercises {participants P, scale x}: closer ties and positions among the
// participants, optional military gains, friction with third parties in proportion
// to proximity and disalignment, and incidents (drawn, or their expected effect).
#include "sim/rules/rules.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bpsim {

static void bond_participants(const RuleInput& in, const ExerciseEvent& ev, Deltas& out) {
  const Parameters& p = in.sc.params;
  const double x = ev.scale;
  const int mil = in.sc.dim(Role::military);
  for (std::size_t a = 0; a < ev.participants.size(); ++a) {
    const int i = ev.participants[a];
    for (std::size_t b = a + 1; b < ev.participants.size(); ++b) {
      out.add_relation(i, ev.participants[b], p.rho_ex * x);
    }
    if (mil >= 0) out.cap[mechanism_of<ExerciseEvent>](i, mil) += p.eta_ex * x * in.w.capability(i, mil);
  }
  auto da = out.align[mechanism_of<ExerciseEvent>];
  for (Eigen::Index k = 0; k < in.w.alignment.cols(); ++k) {
    const double centre = mean_alignment(in.w, ev.participants, k);
    for (int i : ev.participants) da(i, k) += p.alpha_ex * x * (centre - in.w.alignment(i, k));
  }
}

// For third party k and participant i: friction f = G[k,i] (1 - S[k,i]) / 2, and an
// incident with probability min(x q_inc f, 1) (drawn, or its expected effect).
struct ThirdParty {
  int k, i;
  double prob;
};

static void incident(const RuleInput& in, const ThirdParty& t, double hits, Deltas& out) {
  out.add_relation(t.k, t.i, -hits * in.sc.params.shock_inc);
  out.counts[count_slot<ExerciseEvent>("incidents")] += hits;
}

// Random incidents for up to kDrawBatch pairs: the draws first, four at a time
// (rng::uniforms), then their effects, without branching on the draws (with prob = 0
// a draw never hits, as u > 0).
constexpr int kDrawBatch = 16;

static void draw_incidents(const RuleInput& in, std::uint32_t stream, const ThirdParty* pairs, int count, Deltas& out) {
  int ks[kDrawBatch], is[kDrawBatch];
  for (int c = 0; c < count; ++c) {
    ks[c] = pairs[c].k;
    is[c] = pairs[c].i;
  }
  double u[kDrawBatch];
  rng::uniforms(in.key, in.w.tick, stream, ks, is, count, u);
  for (int c = 0; c < count; ++c) {
    const bool hit = u[c] < pairs[c].prob;
    incident(in, pairs[c], hit ? 1.0 : 0.0, out);
    if (out.log_events && hit) {
      out.log.push_back({in.w.tick, "incident", in.sc.state_ids[pairs[c].k] + ";" + in.sc.state_ids[pairs[c].i],
                         fmt::format("probability={:.4f}", pairs[c].prob)});
    }
  }
}

static void third_parties(const RuleInput& in, const ExerciseEvent& ev, std::uint32_t stream, Deltas& out) {
  const Parameters& p = in.sc.params;
  const double x = ev.scale;
  const bool expected = p.incident_mode == IncidentMode::expected;
  ThirdParty batch[kDrawBatch];
  int pending = 0;
  for (int k = 0; k < in.sc.n_states(); ++k) {
    if (std::find(ev.participants.begin(), ev.participants.end(), k) != ev.participants.end()) continue;
    for (int i : ev.participants) {
      const double f = in.sc.proximity(k, i) * (1.0 - in.d.score(k, i)) / 2.0;
      out.add_relation(k, i, -p.rho_3rd * x * f);
      const ThirdParty t{k, i, std::clamp(x * p.q_inc * f, 0.0, 1.0)};
      if (expected) {
        incident(in, t, t.prob, out);
        continue;
      }
      batch[pending++] = t;  // each (k, i) cell once: friction still comes before the shock
      if (pending == kDrawBatch) {
        draw_incidents(in, stream, batch, pending, out);
        pending = 0;
      }
    }
  }
  draw_incidents(in, stream, batch, pending, out);
}

void RuleKind<ExerciseEvent>::apply(const RuleInput& in, const ExerciseEvent& ev, std::uint32_t stream, Deltas& out) {
  bond_participants(in, ev, out);
  third_parties(in, ev, stream, out);
  out.counts[count_slot<ExerciseEvent>("exercises")] += 1;
  if (out.log_events) {
    out.log.push_back({in.w.tick, "exercise", join_ids(in.sc, ev.participants), fmt::format("scale={}", ev.scale)});
  }
}

}  // namespace bpsim
