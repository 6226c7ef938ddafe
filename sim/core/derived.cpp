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

// T[i,j] = theta_i G[i,j] q[i,j] (1 - S[i,j])/2 (1 - max(R[i,j], 0)), q = p_j/(p_i+p_j).
void compute_threat(const Scenario& sc, const World& w, Derived& d) {
  const Eigen::Index n = w.alignment.rows();
  const auto& p = d.power;
  d.threat.resize(n, n);
  d.threat_level.resize(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      if (i == j) {
        d.threat(i, j) = 0.0;
        continue;
      }
      const double sum = p[i] + p[j];
      const double q = sum > 0 ? p[j] / sum : 0.5;
      d.threat(i, j) = sc.traits.theta[i] * sc.proximity(i, j) * q * 0.5 * (1.0 - d.score(i, j)) *
                       (1.0 - std::max(w.relations(i, j), 0.0));
    }
  }
  d.threat_level = d.threat.rowwise().maxCoeff();
  d.common.noalias() = d.threat * d.threat.transpose();
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
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double h =
          1.0 / (1.0 + std::exp((d.distance(i, j) * inv_dmax - tr.eps[i]) / pr.tau_h));
      d.homophily(i, j) = h;
      double prop = 0.0;
      if (i != j) {
        prop = std::tanh(pr.w_h * h + pr.w_r * w.relations(i, j) + pr.w_c * d.common(i, j) -
                         pr.w_t * tr.beta[i] * d.threat(i, j));
        prop = hedge(prop, d.power[i], d.power[j], tr.tolerance[i], tr.hedging[i]);
      }
      d.propensity(i, j) = prop;
      d.pull(i, j) = d.power[j] * prop;
    }
  }
}

void compute_derived(const Scenario& sc, const World& w, Derived& d) {
  compute_shares(sc, w.capability, d);
  compute_scores(sc, w.alignment, d);
  compute_threat(sc, w, d);
  compute_propensity(sc, w, d);
}

}  // namespace bpsim
