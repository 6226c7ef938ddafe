#include "sim/core/derived.hpp"

#include <algorithm>
#include <cmath>

namespace bpsim {

void compute_shares(const Scenario& sc, const Eigen::MatrixXd& capability, Derived& d) {
  const Eigen::RowVectorXd totals = capability.colwise().sum();
  d.share.resize(capability.rows(), capability.cols());
  for (Eigen::Index k = 0; k < capability.cols(); ++k) {
    const double t = totals[k];
    if (t > 0) {
      d.share.col(k) = capability.col(k) / t;
    } else {
      d.share.col(k).setZero();  // MODEL.md: 0 where the column sums to 0
    }
  }
  d.power.noalias() = d.share * sc.power_weights;
}

void compute_scores(const Scenario& sc, const Eigen::MatrixXd& alignment, Derived& d) {
  const Eigen::Index n = alignment.rows();
  const double inv = 2.0 / sc.dmax();
  d.distance.resize(n, n);
  d.score.resize(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    d.distance(j, j) = 0.0;
    d.score(j, j) = 1.0;
    for (Eigen::Index i = j + 1; i < n; ++i) {
      const double dist = (alignment.row(i) - alignment.row(j)).norm();
      d.distance(i, j) = d.distance(j, i) = dist;
      d.score(i, j) = d.score(j, i) = 1.0 - inv * dist;
    }
  }
}

// CT = T T^T. Symmetric, so only the blocks on and below the diagonal are multiplied
// (through Eigen's gemm) and mirrored. Small worlds skip gemm's packing entirely.
static void common_threat(const Eigen::MatrixXd& t, Eigen::MatrixXd& ct) {
  const Eigen::Index n = t.rows();
  ct.resize(n, n);
  if (n < 32) {
    ct.noalias() = t.lazyProduct(t.transpose());
    return;
  }
  constexpr Eigen::Index block = 64;
  for (Eigen::Index i0 = 0; i0 < n; i0 += block) {
    const Eigen::Index bi = std::min(block, n - i0);
    // Rows i0.. of CT, columns 0 .. i0+bi: the block row up to and including the diagonal.
    ct.block(i0, 0, bi, i0 + bi).noalias() = t.middleRows(i0, bi) * t.topRows(i0 + bi).transpose();
  }
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < j; ++i) ct(i, j) = ct(j, i);
  }
}

// T[i,j] = theta_i G[i,j] q[i,j] (1 - S[i,j])/2 (1 - max(R[i,j], 0)), q = p_j/(p_i+p_j).
void compute_threat(const Scenario& sc, const World& w, Derived& d) {
  const Eigen::Index n = w.alignment.rows();
  const auto p = d.power.array();
  d.threat.resize(n, n);
  d.threat_level.resize(n);
  // Column j (the threatening state) for every i at once.
  for (Eigen::Index j = 0; j < n; ++j) {
    const auto q = (p + p[j] > 0).select(p[j] / (p + p[j]), 0.5);
    d.threat.col(j).array() = sc.traits.theta.array() * sc.proximity.col(j).array() * q * 0.5 *
                              (1.0 - d.score.col(j).array()) *
                              (1.0 - w.relations.col(j).array().max(0.0));
    d.threat(j, j) = 0.0;
  }
  d.threat_level = d.threat.rowwise().maxCoeff();
  common_threat(d.threat, d.common);
}

// Hedging: where p_j/p_i > r_i and P > 0, P *= 1 - h_i (1 - r_i p_i/p_j).
static double hedge(double prop, double p_i, double p_j, double r, double h) {
  if (prop <= 0 || h == 0 || p_j <= 0 || p_j <= r * p_i) return prop;
  return prop * (1.0 - h * (1.0 - r * p_i / p_j));
}

void compute_propensity(const Scenario& sc, const World& w, Derived& d) {
  const Eigen::Index n = w.alignment.rows();
  const Parameters& pr = sc.params;
  const Traits& tr = sc.traits;
  const double inv_dmax = 1.0 / sc.dmax();
  d.homophily.resize(n, n);
  d.propensity.resize(n, n);
  d.pull.resize(n, n);
  const bool hedging = (tr.hedging.array() != 0.0).any();
  // Column by column, vectorised through Eigen's packet exp:
  //   H = 1/(1 + e^z), z = (d/dmax - eps_i)/tau_h;   tanh x = 1 - 2/(1 + e^{2x}).
  const Eigen::ArrayXd eps_over_tau = tr.eps.array() / pr.tau_h;
  const Eigen::ArrayXd wt_beta = pr.w_t * tr.beta.array();
  for (Eigen::Index j = 0; j < n; ++j) {
    auto h = d.homophily.col(j).array();
    h = 1.0 / (1.0 + (d.distance.col(j).array() * (inv_dmax / pr.tau_h) - eps_over_tau).exp());
    auto prop = d.propensity.col(j).array();
    prop = pr.w_h * h + pr.w_r * w.relations.col(j).array() + pr.w_c * d.common.col(j).array() -
           wt_beta * d.threat.col(j).array();
    prop = 1.0 - 2.0 / (1.0 + (2.0 * prop).exp());
    prop[j] = 0.0;
    if (hedging) {
      for (Eigen::Index i = 0; i < n; ++i) {
        prop[i] = hedge(prop[i], d.power[i], d.power[j], tr.tolerance[i], tr.hedging[i]);
      }
    }
    d.pull.col(j) = d.power[j] * d.propensity.col(j);
  }
}

void compute_derived(const Scenario& sc, const World& w, Derived& d) {
  compute_shares(sc, w.capability, d);
  compute_scores(sc, w.alignment, d);
  compute_threat(sc, w, d);
  compute_propensity(sc, w, d);
}

}  // namespace bpsim
