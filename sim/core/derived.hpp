// Derived: quantities computed from the World at tick t and read by every rule
// in the step t -> t+1. Recomputed once per tick; never written by rules.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/world.hpp"

#include <cstdint>
#include <string>

namespace bpsim {

// What one run saw of power renormalised over the dimensions that still have a total
// (ODD 7.1), for its manifest (record_power_renormalisation, sim/io/results/manifest.hpp).
// Kept in Derived, which compute_derived fills once per tick of a run in tick order:
// a World of another run, or a tick that does not follow the last one, starts a new record.
struct PowerRenormalisation {
  int ticks = 0;        // ticks whose power left out a weighted dimension without a total
  int first_tick = -1;  // the first of them (-1: none)
  int first_dim = -1;   // the first dimension left out then (index into capability_dims)
  // The run and tick recorded last (to tell a new run from the next tick).
  std::uint64_t seed = 0, run = 0;
  int last_tick = -1;
};

struct Derived {
  Eigen::MatrixXd share;         // Sh[i,k] = C[i,k]/sum_j C[j,k]; 0 without a total (n x n_cap)
  Eigen::VectorXd weights;       // the power weights of this tick: sc.power_weights over
                                 // the dims that have a total, renormalised   (n_cap)
  int dims_left_out = 0;         // dims with weight > 0 and no total this tick
  bool power_defined = true;     // false: no weighted dim has a total (power NaN, weights 0)
  Eigen::VectorXd power;         // p[i] = sum_k weights[k] Sh[i,k]; sums to 1;
                                 // NaN when no weighted dim has a total       (n)
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

  PowerRenormalisation renormalised;  // over the run so far

  // T in the scenario's initial world, for the status_quo arms-sale check: filled by
  // init_workspace at the start of each run that has such a check (never by
  // compute_derived); 0 x 0 otherwise, and then the rule computes it itself.
  Eigen::MatrixXd initial_threat;
};

// T in the World make_world gives for sc (tick 0): the threat code of every tick, on the
// initial state, through the pieces of compute_derived that send no notice.
Eigen::MatrixXd initial_world_threat(const Scenario& sc);

// Fill d from the World's state (resizes on first use, then reuses storage). Updates
// d.renormalised; at the first renormalised tick of a run sends one notice (below).
// Throws std::runtime_error naming the tick when no dimension with a power weight
// has a total left: power, and with it threat and pull, is undefined.
void compute_derived(const Scenario& sc, const World& w, Derived& d);

// Where compute_derived sends its notices (the CLI: spdlog::warn; the core itself has
// no logger, it runs in the browser too). Default and nullptr: nowhere. Set it once,
// before any run starts; it is called from the threads that run.
using DerivedNotice = void (*)(const std::string& message);
void set_derived_notice(DerivedNotice notice);

// The pieces, exposed for tests and reuse. compute_shares fills share, weights,
// dims_left_out and power (NaN when undefined); it neither notices nor throws.
void compute_shares(const Scenario& sc, const Eigen::MatrixXd& capability, Derived& d);
void compute_scores(const Scenario& sc, const Eigen::MatrixXd& alignment, Derived& d);
void compute_threat(const Scenario& sc, const World& w, Derived& d);
void compute_propensity(const Scenario& sc, const World& w, Derived& d);

}  // namespace bpsim
