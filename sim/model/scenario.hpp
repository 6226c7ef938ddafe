// Scenario: the parsed, validated, immutable spec of a run (like MuJoCo's mjModel).
// Nothing in here changes while a run ticks; the mutable state lives in World.
#pragma once

#include "sim/model/events.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpsim {

// What a capability dimension stands for; rules act through roles, never names.
enum class Role { none, economy, military, technology };

struct CapabilityDim {
  std::string name;
  Role role = Role::none;
};

enum class IncidentMode { random, expected };

// Model parameters shared by all states. Defaults are MODEL.md's and live here only.
struct Parameters {
  double w_h = 1.0;           // propensity weight of homophily
  double w_r = 1.0;           // propensity weight of relations
  double w_c = 1.0;           // propensity weight of common threat
  double w_t = 1.0;           // propensity weight of direct threat
  double tau_h = 0.05;        // homophily logistic width (fraction of dmax)
  double lambda_R = 0.02;     // relation drift rate toward alignment score
  double lambda_M = 0.1;      // arms-dependence update rate
  double k_target = 0.05;     // sanctions: economy loss of target per unit exposure
  double k_tech = 0.05;       // sanctions: technology loss of target per unit exposure
  double k_cost = 0.01;       // sanctions: economy cost to each sanctioner
  double rho_sanction = 0.05; // sanctions: relation damage target-sanctioner
  double rho_divert = 0.05;   // sanctions: relation gain with non-participants
  double quality = 1.0;       // arms: military gained per unit delivered
  double price = 0.5;         // arms: economy gained by seller per unit delivered
  double phi = 0.1;           // arms: technology transfer rate
  double rho_arms = 1.0;      // arms: relation gain per unit volume
  double alpha_arms = 1.0;    // arms: buyer alignment pull toward seller
  double rho_ex = 0.02;       // exercises: relation gain between participants
  double alpha_ex = 0.02;     // exercises: alignment pull toward participants' mean
  double eta_ex = 0.0;        // exercises: military growth per unit scale
  double rho_3rd = 0.01;      // exercises: relation damage with third parties
  double q_inc = 0.05;        // exercises: incident probability scale
  double shock_inc = 0.05;    // exercises: relation shock of one incident
  double k_engage = 0.02;     // engagement: economy gain of target per unit exposure
  double rho_engage = 0.05;   // engagement: relation gain target-engager
  double alpha_engage = 0.02; // engagement: alignment pull toward engagers' mean
  double sigma_a = 0.0;       // alignment noise sd per tick and axis
  double sigma_c = 0.0;       // capability growth noise sd per tick and dim
  double s_bloc = 0.5;        // bloc threshold on the alignment score
  IncidentMode incident_mode = IncidentMode::random;
};

// Per-state traits, struct-of-arrays (n_states entries each).
struct Traits {
  Eigen::VectorXd kappa;          // identity attachment               (n)
  Eigen::VectorXd mu;             // conformity, alignment rate         (n)
  Eigen::VectorXd eps;            // openness: confidence radius/dmax   (n)
  Eigen::VectorXd theta;          // threat sensitivity                 (n)
  Eigen::VectorXd beta;           // +1 balance, -1 bandwagon           (n)
  Eigen::VectorXd hedging;        // hedging h in [0,1]                 (n)
  Eigen::VectorXd tolerance;      // asymmetry tolerance r > 1          (n)
  Eigen::VectorXd arms_reaction;  // Richardson reaction rho            (n)
  Eigen::VectorXd pivot;          // pivot pi under sanctions           (n)
  Eigen::MatrixXd growth;         // growth rate per tick               (n x n_cap)
};

// Default trait values (MODEL.md), overridable by `defaults:` then per state.
struct TraitDefaults {
  double kappa = 0.05, mu = 0.1, eps = 0.5, theta = 1.0, beta = 1.0, hedging = 0.0,
         tolerance = 2.0, arms_reaction = 0.0, pivot = 0.02;
  std::vector<double> growth;  // per capability dim; empty means all 0
};

struct Scenario {
  // Identity and provenance.
  std::string name;
  std::string description;
  std::string source_file;     // path the scenario was read from ("" if built in code)
  std::string tick_label = "tick";
  std::optional<double> start; // calendar label of tick 0
  int ticks = 0;
  std::uint64_t seed = 0;

  // Dimensions.
  std::vector<CapabilityDim> capability_dims;  // (n_cap)
  std::vector<std::string> alignment_axes;     // (n_axes)
  Eigen::VectorXd power_weights;               // (n_cap), >= 0, sums to 1
  int economy_dim = -1, military_dim = -1, technology_dim = -1;  // by role, -1 = none

  // States.
  std::vector<std::string> state_ids;    // (n)
  std::vector<std::string> state_names;  // (n)
  Eigen::MatrixXd capability0;  // initial capabilities, raw units   (n x n_cap)
  Eigen::MatrixXd alignment0;   // initial alignment in [-1,1]       (n x n_axes)
  Eigen::MatrixXd identity;     // home positions in [-1,1]          (n x n_axes)
  Traits traits;
  Eigen::MatrixXd relations0;   // symmetric, [-1,1], zero diagonal  (n x n)
  Eigen::MatrixXd proximity;    // symmetric, [0,1], unit diagonal   (n x n)
  Eigen::MatrixXd arms_dep0;    // rows sum <= 1, zero diagonal      (n x n)

  Parameters params;
  std::vector<Event> events;

  // Output: dyads to log, as index pairs (a < b not required; logged as given).
  std::vector<std::pair<int, int>> watch;

  int n_states() const { return static_cast<int>(state_ids.size()); }
  int n_cap() const { return static_cast<int>(capability_dims.size()); }
  int n_axes() const { return static_cast<int>(alignment_axes.size()); }
  double dmax() const;  // 2*sqrt(n_axes): diameter of [-1,1]^D
  int state_index(const std::string& id) const;  // -1 if unknown
};

// The key an event's random stream is derived from: its `id` if given, else its kind
// and actors ("exercise:CHN,RUS"), never its position in the list or its sizes. So
// deleting or resizing one event leaves every other event's draws unchanged (common
// random numbers between a scenario and its counterfactual). Repeats get "#2", "#3".
std::string event_stream_key(const Scenario& sc, const Event& ev);
void assign_event_streams(Scenario& sc);

}  // namespace bpsim
