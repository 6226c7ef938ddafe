// states: ids, names, capabilities, alignment, identity, traits, positions.
#include "sim/core/degenerate.hpp"
#include "sim/io/memory_budget.hpp"
#include "sim/io/scenario/sections.hpp"
#include "sim/model/world.hpp"

#include <fmt/format.h>

namespace bpsim::io {

namespace {

const std::vector<std::string> kStateKeys{"id", "name", "capability", "alignment", "identity", "traits", "lat", "lon"};

// The state's id; duplicates point back at the first.
void read_id(Build& b, const At& state, int i) {
  if (!require(b.ck, state, "id")) return;
  const At at = child(state, "id");
  auto id = read_string(b.ck, at);
  if (!id) return;
  if (!is_identifier(*id, false)) {
    b.ck.error(at, fmt::format("'{}' is not a valid id; use letters, digits and '_'", *id));
    b.bad_ids.push_back(*id);
    return;
  }
  if (const int first = b.sc.state_index(*id); first >= 0) {
    const At first_id = child(b.state_at[first], "id");
    b.ck.error(at, fmt::format("duplicate id '{}' (first at {})", *id, b.ck.origin(first_id.node, first_id.mark)));
    return;
  }
  b.sc.state_ids[i] = *id;
}

void read_capability(Build& b, const At& state, int i) {
  b.capabilities_ok = b.capabilities_ok && b.dims_ok;
  if (!require(b.ck, state, "capability") || !b.dims_ok) {
    b.capabilities_ok = false;
    return;
  }
  const At at = child(state, "capability");
  const auto names = capability_names(b.sc);
  if (!check_map(b.ck, at, names, "dimension")) {
    b.capabilities_ok = false;
    return;
  }
  for (std::size_t k = 0; k < names.size(); ++k) {
    const At value = child(at, names[k]);
    std::optional<double> v;
    if (!value.present)
      b.ck.error(at, fmt::format("missing dimension '{}'; every state needs {}", names[k], join_names(names)));
    else v = read_number(b.ck, value, kCapabilityRange);
    if (v) b.sc.capability0(i, static_cast<Eigen::Index>(k)) = *v;
    b.capabilities_ok = b.capabilities_ok && v.has_value();
  }
}

// A point in [-1,1]^D, one coordinate per alignment axis.
void read_position(Build& b, const At& at, Eigen::MatrixXd& into, int i) {
  if (!b.axes_ok || !check_list(b.ck, at)) return;
  const auto& axes = b.sc.alignment_axes;
  if (at.node.size() != axes.size()) {
    b.ck.error(at, fmt::format("expected {} coordinate{} ({}), got {}", axes.size(), axes.size() == 1 ? "" : "s",
                               join_names(axes), at.node.size()));
    return;
  }
  for (std::size_t k = 0; k < axes.size(); ++k)
    if (auto v = read_number(b.ck, item(at, k), kAlignmentRange)) into(i, static_cast<Eigen::Index>(k)) = *v;
}

// lat and lon come together (needed when proximity uses decay_km).
void read_lat_lon(Build& b, const At& state, int i) {
  const At lat = child(state, "lat"), lon = child(state, "lon");
  if (lat.present) b.lat[i] = read_number(b.ck, lat, Range{-90.0, 90.0});
  if (lon.present) b.lon[i] = read_number(b.ck, lon, Range{-180.0, 180.0});
  if (lat.present != lon.present)
    b.ck.error(lat.present ? lat : lon, lat.present ? "lat given without lon" : "lon given without lat");
}

void read_state(Build& b, const At& state, int i) {
  if (!check_map(b.ck, state, kStateKeys)) return;
  read_id(b, state, i);
  b.sc.state_names[i] = b.sc.state_ids[i];
  if (const At name = child(state, "name"); name.present)
    if (auto s = read_string(b.ck, name)) b.sc.state_names[i] = *s;
  read_capability(b, state, i);
  if (require(b.ck, state, "alignment")) read_position(b, child(state, "alignment"), b.sc.alignment0, i);
  // Without valid axes the positions have no columns (a row of an n x 0 matrix is a
  // null pointer plus an offset): nothing to copy.
  if (b.axes_ok) b.sc.identity.row(i) = b.sc.alignment0.row(i);
  if (const At id = child(state, "identity"); id.present) read_position(b, id, b.sc.identity, i);
  if (const At t = child(state, "traits"); t.present) read_state_traits(b, t, i);
  read_lat_lon(b, state, i);
}

// The arrays of N rows; the N x N ones come after the states (size_square_arrays).
void size_arrays(Build& b, int n) {
  Scenario& sc = b.sc;
  sc.state_ids.assign(n, "");
  sc.state_names.assign(n, "");
  sc.capability0 = Eigen::MatrixXd::Zero(n, sc.n_cap());
  sc.alignment0 = Eigen::MatrixXd::Zero(n, sc.n_axes());
  sc.identity = Eigen::MatrixXd::Zero(n, sc.n_axes());
  b.lat.assign(n, std::nullopt);
  b.lon.assign(n, std::nullopt);
  init_traits(b, n);
}

void size_square_arrays(Scenario& sc, int n) {
  sc.relations0 = Eigen::MatrixXd::Zero(n, n);
  sc.proximity = Eigen::MatrixXd::Ones(n, n);
  for (Eigen::MatrixXd& d : sc.dependence0) d.resize(0, 0);  // sized when used (arms_imports, events)
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Before any array of N is made: loading and running the scenario must fit the memory
// budget (single_run_memory_estimate, with the states counted, not read).
bool fits_memory(Build& b, const At& root, const At& states) {
  const std::uint64_t n = states.node.size();
  const RunSizes s{n, b.sc.capability_dims.size(), b.sc.alignment_axes.size(), watched_pair_count(root, n),
                   dependence_channel_count(root)};
  const std::string problem = memory_problem(
      single_run_memory_estimate(s), fmt::format("a run of {} ({}, {}, {})", plural(n, "state", "states"),
                                                 plural(s.dims, "capability dimension", "capability dimensions"),
                                                 plural(s.axes, "alignment axis", "alignment axes"),
                                                 plural(s.watched, "watched dyad", "watched dyads")));
  if (problem.empty()) return true;
  b.ck.error(states, problem);
  return false;
}

// ODD 7.1: a dimension with a power weight shares out its total over the states, so
// it needs one (at least kMinDivisor; 0, -0.0 and denormal totals are refused).
void check_power_totals(Build& b) {
  if (!b.capabilities_ok) return;  // a value that failed to read would count as 0
  for (int k = 0; k < b.sc.n_cap(); ++k) {
    const double total = b.sc.capability0.col(k).sum();
    if (!(b.sc.power_weights[k] > 0) || !below_divisor(total)) continue;
    const std::string& name = b.sc.capability_dims[static_cast<std::size_t>(k)].name;
    b.ck.error(
        b.dim_at[static_cast<std::size_t>(k)],
        fmt::format("capability dimension '{}' has a power weight above 0 but its total over the "
                    "{} states is {}{}, so its power shares are undefined; give at least one state "
                    "a capability.{} above 0, or give '{}' the weight 0 in dimensions.power_weights",
                    name, b.sc.n_states(), total == 0 ? 0.0 : total,
                    total == 0 ? "" : fmt::format(" (below {}, too small to divide by)", kMinDivisor), name, name));
  }
}

}  // namespace

void read_states(Build& b, const At& root) {
  if (!require(b.ck, root, "states")) return;
  const At at = child(root, "states");
  if (!check_list(b.ck, at)) return;
  if (!fits_memory(b, root, at)) return;
  const auto n = static_cast<int>(at.node.size());
  if (n < 2) b.ck.error(at, fmt::format("expected at least 2 states, got {}", n));
  size_arrays(b, n);
  for (int i = 0; i < n; ++i) b.state_at.push_back(item(at, static_cast<std::size_t>(i)));
  for (int i = 0; i < n; ++i) read_state(b, b.state_at[i], i);
  check_power_totals(b);
  size_square_arrays(b.sc, n);
  b.states_ok = true;
}

}  // namespace bpsim::io
