// Metrics of one tick: per dyad and for the whole system (docs/ODD.md Section 7.13).
#pragma once

#include "sim/core/derived.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/world.hpp"

namespace bpsim {

struct DyadMetrics {
  double alignment;  // S[a,b]
  double relation;   // R[a,b]
  // Undefined (NaN, an empty field) when the denominator is below kMinDivisor
  // (sim/core/degenerate.hpp: 0 or denormal): never inf.
  double asymmetry;             // (p_a - p_b)/(p_a + p_b)
  double power_ratio;           // p_a/p_b
  double threat_ab, threat_ba;  // T[a,b], T[b,a]
  // D[a,b], D[b,a] per dependence channel (kDependenceNames: arms first).
  std::array<double, kDependenceChannels> dep_ab, dep_ba;
};

struct WorldMetrics {
  double concentration;    // Ray-Singer CON in [0,1]; NaN when power is
  double effective_poles;  // 1 / sum p^2, in [1, N]; NaN when power is
  double polarization;     // mean pairwise d/dmax over i<j, in [0,1]
  int blocs;               // components of the graph S >= s_bloc
  double mean_relation;    // mean R over i<j
};

double concentration(const Eigen::VectorXd& power);
double effective_poles(const Eigen::VectorXd& power);
double polarization(const Eigen::MatrixXd& distance, double dmax);
int bloc_count(const Eigen::MatrixXd& score, double threshold);
double mean_offdiagonal(const Eigen::MatrixXd& m);  // over i<j

DyadMetrics dyad_metrics(const World& w, const Derived& d, int a, int b);
WorldMetrics world_metrics(const Scenario& sc, const World& w, const Derived& d);

}  // namespace bpsim
