// dimensions: capability dims (with roles), alignment axes, power weights.
#include "sim/core/degenerate.hpp"
#include "sim/io/scenario/sections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace bpsim::io {

std::vector<std::string> capability_names(const Scenario& sc) {
  std::vector<std::string> names;
  for (const auto& d : sc.capability_dims) names.push_back(d.name);
  return names;
}

bool is_identifier(const std::string& s, bool allow_dash) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (allow_dash && c == '-');
  });
}

namespace {

// A dimension or axis name: usable in --set paths and output column names.
std::optional<std::string> read_name(Checker& ck, const At& at, std::vector<std::string>& seen) {
  auto name = read_string(ck, at);
  if (!name) return std::nullopt;
  if (!is_identifier(*name, true)) {
    ck.error(at, fmt::format("'{}' is not a valid name; use letters, digits, '_' and '-'", *name));
    return std::nullopt;
  }
  if (std::find(seen.begin(), seen.end(), *name) != seen.end()) {
    ck.error(at, fmt::format("duplicate name '{}'", *name));
    return std::nullopt;
  }
  seen.push_back(*name);
  return name;
}

// The `role` of a {name, role} entry; each role at most once.
bool read_role(Build& b, const At& at, int dim) {
  static const std::vector<std::string> roles(kRoleKeys.begin() + 1, kRoleKeys.end());  // not "none"
  const auto r = read_choice(b.ck, at, roles);
  if (!r) return false;
  const auto k = static_cast<std::size_t>(std::find(kRoleKeys.begin(), kRoleKeys.end(), *r) - kRoleKeys.begin());
  const Role role = role_at(k);
  int* slot = &b.sc.dim(role);
  if (*slot >= 0) {
    b.ck.error(at, fmt::format("role '{}' is already taken by '{}'{}; each role at most once", *r,
                               b.sc.capability_dims[*slot].name, b.ck.set_note(child(b.dim_at[*slot], "role").node)));
    return false;
  }
  *slot = dim;
  b.sc.capability_dims[dim].role = role;
  return true;
}

// One capability entry: a name, or {name, role}.
bool read_capability_dim(Build& b, const At& at, std::vector<std::string>& seen) {
  const int dim = static_cast<int>(b.sc.capability_dims.size());
  b.sc.capability_dims.emplace_back();
  b.dim_at.push_back(at);
  if (at.node.IsScalar()) {
    auto name = read_name(b.ck, at, seen);
    if (name) b.sc.capability_dims[dim].name = *name;
    return name.has_value();
  }
  if (!check_map(b.ck, at, {"name", "role"})) return false;
  if (!require(b.ck, at, "name")) return false;
  auto name = read_name(b.ck, child(at, "name"), seen);
  if (name) b.sc.capability_dims[dim].name = *name;
  const At role = child(at, "role");
  const bool role_ok = !role.present || read_role(b, role, dim);
  return name.has_value() && role_ok;
}

bool read_capability_dims(Build& b, const At& at) {
  if (!check_list(b.ck, at)) return false;
  if (at.node.size() == 0) {
    b.ck.error(at, "expected at least 1 capability dimension");
    return false;
  }
  std::vector<std::string> seen;
  bool ok = true;
  for (std::size_t k = 0; k < at.node.size(); ++k) ok = read_capability_dim(b, item(at, k), seen) && ok;
  return ok;
}

bool read_axes(Build& b, const At& at) {
  if (!check_list(b.ck, at)) return false;
  if (at.node.size() == 0) {
    b.ck.error(at, "expected at least 1 alignment axis");
    return false;
  }
  std::vector<std::string> seen;
  bool ok = true;
  for (std::size_t k = 0; k < at.node.size(); ++k) {
    auto name = read_name(b.ck, item(at, k), seen);
    b.sc.alignment_axes.push_back(name.value_or(""));
    ok = name.has_value() && ok;
  }
  return ok;
}

// Every dim listed (0 allowed), all >= 0, not all 0; normalised to sum 1.
void read_power_weights(Build& b, const At& at) {
  const auto names = capability_names(b.sc);
  if (!check_map(b.ck, at, names, "dimension")) return;
  Eigen::VectorXd w = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(names.size()));
  bool ok = true;
  for (std::size_t k = 0; k < names.size(); ++k) {
    const At wk = child(at, names[k]);
    if (!wk.present) {
      b.ck.error(at, fmt::format("missing dimension '{}'; every dimension needs a weight "
                                 "(0 allowed): {}",
                                 names[k], join_names(names)));
      ok = false;
    } else if (auto v = read_number(b.ck, wk, kNonNegative)) {
      w[static_cast<Eigen::Index>(k)] = *v;
    } else {
      ok = false;
    }
  }
  if (!ok) return;
  const double sum = w.sum();
  if (sum == 0) b.ck.error(at, "all weights are 0; at least one must be > 0");
  else if (below_divisor(sum))
    b.ck.error(at, fmt::format("the weights sum to {}, below {}: too small to normalise; give at least "
                               "one a weight of a normal size, such as 1",
                               sum, kMinDivisor));
  else b.sc.power_weights = w / sum;
}

}  // namespace

void read_dimensions(Build& b, const At& root) {
  if (!require(b.ck, root, "dimensions")) return;
  const At dims = child(root, "dimensions");
  if (!check_map(b.ck, dims, {"capability", "alignment", "power_weights"})) return;
  if (require(b.ck, dims, "capability")) b.dims_ok = read_capability_dims(b, child(dims, "capability"));
  if (require(b.ck, dims, "alignment")) b.axes_ok = read_axes(b, child(dims, "alignment"));
  const auto n = static_cast<Eigen::Index>(b.sc.capability_dims.size());
  b.sc.power_weights = Eigen::VectorXd::Constant(n, n > 0 ? 1.0 / static_cast<double>(n) : 0.0);
  if (const At w = child(dims, "power_weights"); w.present && b.dims_ok) read_power_weights(b, w);
}

}  // namespace bpsim::io
