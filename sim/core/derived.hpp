// Derived: quantities computed from the World at tick t and read by every rule
// in the step t -> t+1. Recomputed once per tick; never written by rules.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/world.hpp"

namespace bpsim {

struct Derived {
  Eigen::MatrixXd share;         // Sh[i,k] = C[i,k]/sum_j C[j,k]            (n x n_cap)
  Eigen::VectorXd power;         // p[i] = sum_k w[k] Sh[i,k]; sums to 1      (n)
  Eigen::MatrixXd distance;      // ||a_i - a_j||                             (n x n)
  Eigen::MatrixXd score;         // S = 1 - 2 d/dmax, in [-1,1]               (n x n)
  Eigen::MatrixXd threat;        // T[i,j]: threat j poses to i, T[i,i] = 0   (n x n)
  Eigen::MatrixXd common;        // CT = T T^T (diagonal unused)              (n x n)
  Eigen::MatrixXd homophily;     // H[i,j], smooth bounded confidence         (n x n)
  Eigen::MatrixXd propensity;    // P[i,j] after hedging, P[i,i] = 0          (n x n)
  Eigen::MatrixXd pull;          // W[i,j] = p[j] P[i,j]                      (n x n)
  Eigen::VectorXd threat_level;  // max_j T[i,j]                              (n)
  Eigen::VectorXd pull_weight;   // sum_j W[i,j]                              (n)

  // Scratch of compute_propensity, kept to avoid allocating every tick.
  Eigen::ArrayXd eps_over_tau, wt_beta, tolerance_power;
};

// Fill d from the World's state (resizes on first use, then reuses storage).
void compute_derived(const Scenario& sc, const World& w, Derived& d);

// The pieces, exposed for tests and reuse.
void compute_shares(const Scenario& sc, const Eigen::MatrixXd& capability, Derived& d);
void compute_scores(const Scenario& sc, const Eigen::MatrixXd& alignment, Derived& d);
void compute_threat(const Scenario& sc, const World& w, Derived& d);
void compute_propensity(const Scenario& sc, const World& w, Derived& d);

}  // namespace bpsim
