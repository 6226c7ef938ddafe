// states: ids, names, capabilities, alignment, identity, traits, positions.
#include "sim/io/scenario_sections.hpp"

#include <fmt/format.h>

namespace bpsim::io {

namespace {

const std::vector<std::string> kStateKeys{"id",       "name",   "capability", "alignment",
                                          "identity", "traits", "lat",        "lon"};

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
    b.ck.error(at, fmt::format("duplicate id '{}' (first at {})", *id,
                               b.ck.origin(first_id.node, first_id.mark)));
    return;
  }
  b.sc.state_ids[i] = *id;
}

void read_capability(Build& b, const At& state, int i) {
  if (!require(b.ck, state, "capability") || !b.dims_ok) return;
  const At at = child(state, "capability");
  const auto names = capability_names(b.sc);
  if (!check_map(b.ck, at, names, "dimension")) return;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const At value = child(at, names[k]);
    if (!value.present)
      b.ck.error(at, fmt::format("missing dimension '{}'; every state needs {}", names[k],
                                 join_names(names)));
    else if (auto v = read_number(b.ck, value, kCapabilityRange))
      b.sc.capability0(i, static_cast<Eigen::Index>(k)) = *v;
  }
}

// A point in [-1,1]^D, one coordinate per alignment axis.
void read_position(Build& b, const At& at, Eigen::MatrixXd& into, int i) {
  if (!b.axes_ok || !check_list(b.ck, at)) return;
  const auto& axes = b.sc.alignment_axes;
  if (at.node.size() != axes.size()) {
    b.ck.error(at, fmt::format("expected {} coordinate{} ({}), got {}", axes.size(),
                               axes.size() == 1 ? "" : "s", join_names(axes), at.node.size()));
    return;
  }
  for (std::size_t k = 0; k < axes.size(); ++k)
    if (auto v = read_number(b.ck, item(at, k), kAlignmentRange))
      into(i, static_cast<Eigen::Index>(k)) = *v;
}

// lat and lon come together (needed when proximity uses decay_km).
void read_lat_lon(Build& b, const At& state, int i) {
  const At lat = child(state, "lat"), lon = child(state, "lon");
  if (lat.present) b.lat[i] = read_number(b.ck, lat, Range{-90.0, 90.0});
  if (lon.present) b.lon[i] = read_number(b.ck, lon, Range{-180.0, 180.0});
  if (lat.present != lon.present)
    b.ck.error(lat.present ? lat : lon,
               lat.present ? "lat given without lon" : "lon given without lat");
}

void read_state(Build& b, const At& state, int i) {
  if (!check_map(b.ck, state, kStateKeys)) return;
  read_id(b, state, i);
  b.sc.state_names[i] = b.sc.state_ids[i];
  if (const At name = child(state, "name"); name.present)
    if (auto s = read_string(b.ck, name)) b.sc.state_names[i] = *s;
  read_capability(b, state, i);
  if (require(b.ck, state, "alignment"))
    read_position(b, child(state, "alignment"), b.sc.alignment0, i);
  b.sc.identity.row(i) = b.sc.alignment0.row(i);
  if (const At id = child(state, "identity"); id.present) read_position(b, id, b.sc.identity, i);
  if (const At t = child(state, "traits"); t.present) read_state_traits(b, t, i);
  read_lat_lon(b, state, i);
}

void size_arrays(Build& b, int n) {
  Scenario& sc = b.sc;
  sc.state_ids.assign(n, "");
  sc.state_names.assign(n, "");
  sc.capability0 = Eigen::MatrixXd::Zero(n, sc.n_cap());
  sc.alignment0 = Eigen::MatrixXd::Zero(n, sc.n_axes());
  sc.identity = Eigen::MatrixXd::Zero(n, sc.n_axes());
  sc.relations0 = Eigen::MatrixXd::Zero(n, n);
  sc.proximity = Eigen::MatrixXd::Ones(n, n);
  sc.arms_dep0 = Eigen::MatrixXd::Zero(n, n);
  b.lat.assign(n, std::nullopt);
  b.lon.assign(n, std::nullopt);
  init_traits(b, n);
}

}  // namespace

void read_states(Build& b, const At& root) {
  if (!require(b.ck, root, "states")) return;
  const At at = child(root, "states");
  if (!check_list(b.ck, at)) return;
  const auto n = static_cast<int>(at.node.size());
  if (n < 2) b.ck.error(at, fmt::format("expected at least 2 states, got {}", n));
  size_arrays(b, n);
  for (int i = 0; i < n; ++i) b.state_at.push_back(item(at, static_cast<std::size_t>(i)));
  for (int i = 0; i < n; ++i) read_state(b, b.state_at[i], i);
  b.states_ok = true;
}

}  // namespace bpsim::io
