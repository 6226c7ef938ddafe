// Scenario: the parsed, validated, immutable spec of a run (like MuJoCo's mjModel).
// Nothing in here changes while a run ticks; the mutable state lives in World.
#pragma once

#include "sim/model/events.hpp"
#include "sim/model/model_version.hpp"
#include "sim/model/parameters.hpp"
#include "sim/model/role.hpp"
#include "sim/model/rule_kinds.hpp"
#include "sim/model/traits.hpp"

#include <Eigen/Dense>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpsim {

struct CapabilityDim {
  std::string name;
  Role role = Role::none;
};

struct Scenario {
  // Identity and provenance.
  std::string name;
  std::string description;
  std::string source_file;  // path the scenario was read from ("" if built in code)
  std::string tick_label = "tick";
  std::optional<double> start;  // calendar label of tick 0
  int ticks = 0;
  std::uint64_t seed = 0;
  ModelVersion model = kDefaultModel;  // the rule set (sim/model/model_version.hpp)

  // Dimensions.
  std::vector<CapabilityDim> capability_dims;            // (n_cap)
  std::vector<std::string> alignment_axes;               // (n_axes)
  Eigen::VectorXd power_weights;                         // (n_cap), >= 0, sums to 1
  std::array<int, kRoles> role_dims{0, -1, -1, -1, -1};  // the dimension of each role, -1 = none

  // States.
  std::vector<std::string> state_ids;    // (n)
  std::vector<std::string> state_names;  // (n)
  Eigen::MatrixXd capability0;           // initial capabilities, raw units   (n x n_cap)
  Eigen::MatrixXd alignment0;            // initial alignment in [-1,1]       (n x n_axes)
  Eigen::MatrixXd identity;              // home positions in [-1,1]          (n x n_axes)
  Traits traits;
  Eigen::MatrixXd relations0;  // symmetric, [-1,1], zero diagonal  (n x n)
  Eigen::MatrixXd proximity;   // symmetric, [0,1], unit diagonal   (n x n)
  // Dependence at tick 0 per channel (kDependenceNames; arms from `arms_imports`, the
  // others zero): D[i,j] = share of i's imports from j, rows sum <= 1, zero diagonal (n x n)
  // for a channel in use (uses_dependence), 0 x 0 for one no event feeds and no share names,
  // so that a channel costs no memory in a scenario that does not use it.
  std::array<Eigen::MatrixXd, kDependenceChannels> dependence0;

  Parameters params;
  std::vector<Event> events;

  // Output: dyads to log, as index pairs (a < b not required; logged as given).
  std::vector<std::pair<int, int>> watch;

  // The dimension with role r (-1 if none; 0 for Role::none, which every rule may use).
  int dim(Role r) const { return role_dims[role_index(r)]; }
  int& dim(Role r) { return role_dims[role_index(r)]; }

  int n_states() const { return static_cast<int>(state_ids.size()); }
  int n_cap() const { return static_cast<int>(capability_dims.size()); }
  int n_axes() const { return static_cast<int>(alignment_axes.size()); }
  double dmax() const;                           // 2*sqrt(n_axes): diameter of [-1,1]^D
  int state_index(const std::string& id) const;  // -1 if unknown
  bool uses_dependence(std::size_t channel) const { return dependence0[channel].size() != 0; }
};

// Sizes (n x n, zero) every dependence channel that an event of the scenario feeds and
// that is not sized yet; the loader, the JSON reader and the test builders call it after
// the events are in.
void size_dependence_channels(Scenario& sc);
// The number of channels in use.
std::size_t dependence_channels_in_use(const Scenario& sc);

// The key an event's random stream is derived from: its `id` if given, else its kind
// and actors ("exercise:CHN,RUS"), never its position in the list or its sizes. So
// deleting or resizing one event leaves every other event's draws unchanged (common
// random numbers between a scenario and its counterfactual). Repeats get "#2", "#3".
std::string event_stream_key(const Scenario& sc, const Event& ev);
void assign_event_streams(Scenario& sc);

}  // namespace bpsim
