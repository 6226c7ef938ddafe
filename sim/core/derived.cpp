#include "sim/core/derived.hpp"

#include <algorithm>
#include <cmath>

namespace bpsim {

// Every N x N loop below runs down columns (Eigen's storage order), so the work is
// contiguous and vectorised through Eigen's packets; symmetric matrices are computed
// on and below the diagonal and mirrored, so they are symmetric to the last bit.

// m(i,j) = m(j,i) for i < j, in 16 x 16 tiles so the strided reads stay in cache.
static void mirror_lower(Eigen::MatrixXd& m) {
  const Eigen::Index n = m.rows();
  constexpr Eigen::Index tile = 16;
  for (Eigen::Index j0 = 0; j0 < n; j0 += tile) {
    const Eigen::Index j1 = std::min(j0 + tile, n);
    for (Eigen::Index i0 = 0; i0 <= j0; i0 += tile) {
      for (Eigen::Index j = j0; j < j1; ++j) {
        const Eigen::Index i1 = std::min(i0 + tile, j);
        for (Eigen::Index i = i0; i < i1; ++i) m(i, j) = m(j, i);
      }
    }
  }
}

void compute_shares(const Scenario& sc, const Eigen::MatrixXd& capability, Derived& d) {
  d.share.resize(capability.rows(), capability.cols());
  for (Eigen::Index k = 0; k < capability.cols(); ++k) {
    const double t = capability.col(k).sum();
    if (t > 0) {
      d.share.col(k) = capability.col(k) / t;
    } else {
      d.share.col(k).setZero();  // MODEL.md: 0 where the column sums to 0
    }
  }
  d.power.noalias() = d.share * sc.power_weights;
}

// d[i,j] = ||a_i - a_j||, column j from row j down, then mirrored; S = 1 - 2 d/dmax.
void compute_scores(const Scenario& sc, const Eigen::MatrixXd& alignment, Derived& d) {
  const Eigen::Index n = alignment.rows();
  const Eigen::Index axes = alignment.cols();
  d.distance.resize(n, n);
  d.score.resize(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index len = n - j;
    auto dist = d.distance.col(j).tail(len).array();
    if (axes == 0) {
      dist.setZero();
      continue;
    }
    dist = (alignment.col(0).tail(len).array() - alignment(j, 0)).square();
    for (Eigen::Index k = 1; k < axes; ++k) {
      dist += (alignment.col(k).tail(len).array() - alignment(j, k)).square();
    }
    dist = dist.sqrt();
  }
  mirror_lower(d.distance);
  d.score.array() = 1.0 - (2.0 / sc.dmax()) * d.distance.array();
}

// CT = T T^T. Symmetric: from 32 states on, only the lower triangle is multiplied
// (Eigen's triangular gemm, about half the multiply-adds of the full product) and
// mirrored. Small worlds skip gemm's packing entirely.
static void common_threat(const Eigen::MatrixXd& t, Eigen::MatrixXd& ct) {
  const Eigen::Index n = t.rows();
  ct.resize(n, n);
  if (n < 32) {
    ct.noalias() = t.lazyProduct(t.transpose());
    return;
  }
  ct.triangularView<Eigen::Lower>() = t * t.transpose();
  mirror_lower(ct);
}

// T[i,j] = theta_i G[i,j] q[i,j] (1 - S[i,j])/2 (1 - max(R[i,j], 0)), q = p_j/(p_i+p_j)
// (q = 1/2 when both powers are 0).
static double threat_term(double theta, double g, double q, double s, double r) {
  return theta * g * q * 0.5 * (1.0 - s) * (1.0 - std::max(r, 0.0));
}

void compute_threat(const Scenario& sc, const World& w, Derived& d) {
  const Eigen::Index n = w.alignment.rows();
  const auto p = d.power.array();
  const auto theta = sc.traits.theta.array();
  d.threat.resize(n, n);
  d.threat_level.setZero(n);  // max_j T[i,j] includes T[i,i] = 0
  // Column j (the threatening state) for every i at once, same operation order as
  // threat_term.
  for (Eigen::Index j = 0; j < n; ++j) {
    const double pj = p[j];
    auto t = d.threat.col(j).array();
    t = theta * sc.proximity.col(j).array() * (pj / (p + pj)) * 0.5 * (1.0 - d.score.col(j).array()) *
        (1.0 - w.relations.col(j).array().max(0.0));
    if (pj == 0) {  // p_i = p_j = 0 made 0/0 above
      for (Eigen::Index i = 0; i < n; ++i) {
        if (p[i] == 0) {
          t[i] = threat_term(theta[i], sc.proximity(i, j), 0.5, d.score(i, j), w.relations(i, j));
        }
      }
    }
    t[j] = 0.0;
    d.threat_level = d.threat_level.cwiseMax(d.threat.col(j));
  }
  common_threat(d.threat, d.common);
}

// Propensity column by column, vectorised through Eigen's packet exp:
//   H = 1/(1 + e^z), z = (d/dmax - eps_i)/tau_h;   tanh x = 1 - 2/(1 + e^{2x});
// hedging: where P > 0 and p_j > r_i p_i, P *= 1 - h_i (1 - r_i p_i/p_j), written with
// min/max (no branches): P <- min(P, 0) + max(P, 0) (1 - h_i max(1 - r_i p_i/p_j, 0)).
void compute_propensity(const Scenario& sc, const World& w, Derived& d) {
  const Eigen::Index n = w.alignment.rows();
  const Parameters& pr = sc.params;
  const Traits& tr = sc.traits;
  const double z_scale = (1.0 / sc.dmax()) / pr.tau_h;
  d.homophily.resize(n, n);
  d.propensity.resize(n, n);
  d.pull.resize(n, n);
  const bool hedging = (tr.hedging.array() != 0.0).any();
  d.eps_over_tau = tr.eps.array() / pr.tau_h;
  d.wt_beta = pr.w_t * tr.beta.array();
  if (hedging) d.tolerance_power = tr.tolerance.array() * d.power.array();
  for (Eigen::Index j = 0; j < n; ++j) {
    auto h = d.homophily.col(j).array();
    h = 1.0 / (1.0 + (d.distance.col(j).array() * z_scale - d.eps_over_tau).exp());
    auto prop = d.propensity.col(j).array();
    prop = pr.w_h * h + pr.w_r * w.relations.col(j).array() + pr.w_c * d.common.col(j).array() -
           d.wt_beta * d.threat.col(j).array();
    prop = 1.0 - 2.0 / (1.0 + (2.0 * prop).exp());
    prop[j] = 0.0;
    const double pj = d.power[j];
    if (hedging && pj > 0) {
      const double inv_pj = 1.0 / pj;
      prop = prop.min(0.0) +
             prop.max(0.0) * (1.0 - tr.hedging.array() * (1.0 - d.tolerance_power * inv_pj).max(0.0));
    }
    d.pull.col(j) = pj * d.propensity.col(j);
  }
}

void compute_derived(const Scenario& sc, const World& w, Derived& d) {
  compute_shares(sc, w.capability, d);
  compute_scores(sc, w.alignment, d);
  compute_threat(sc, w, d);
  compute_propensity(sc, w, d);
}

}  // namespace bpsim
