// Traits: `defaults:` for every state, then each state's `traits:` over them; every
// row of kTraits and kGrowth (sim/model/traits.hpp).
#include "sim/io/scenario/sections.hpp"

#include <fmt/format.h>

#include <array>

namespace bpsim::io {

namespace {

const std::vector<std::string>& trait_keys() {
  static const std::vector<std::string> keys = table_keys(kTraits, kGrowth.name);
  return keys;
}

// growth: one rate for every dim, or {dim: rate}; merges over `rates` per dim.
void read_growth(Build& b, const At& at, std::vector<double>& rates) {
  if (!b.dims_ok) return;
  if (at.node.IsScalar()) {
    if (auto g = read_number(b.ck, at, kGrowth.range)) rates.assign(rates.size(), *g);
    return;
  }
  if (!at.node.IsMap()) {
    b.ck.error(at, "expected a number or a map of dimension to rate, got " + describe(at.node));
    return;
  }
  const auto names = capability_names(b.sc);
  check_map(b.ck, at, names, "dimension");
  for (std::size_t k = 0; k < names.size(); ++k)
    if (const At gk = child(at, names[k]); gk.present)
      if (auto g = read_number(b.ck, gk, kGrowth.range)) rates[k] = *g;
}

}  // namespace

void read_defaults(Build& b, const At& root) {
  b.defaults.growth.assign(b.sc.capability_dims.size(), kGrowth.def);
  const At at = child(root, "defaults");
  if (!at.present || !check_map(b.ck, at, trait_keys())) return;
  for (const auto& t : kTraits)
    if (const At v = child(at, t.name); v.present)
      if (auto x = read_number(b.ck, v, t.range)) b.defaults.*t.field = *x;
  if (const At g = child(at, kGrowth.name); g.present) read_growth(b, g, b.defaults.growth);
}

void init_traits(Build& b, int n) {
  for (const auto& t : kTraits) b.sc.traits.*t.per_state = Eigen::VectorXd::Constant(n, b.defaults.*t.field);
  const auto n_cap = static_cast<Eigen::Index>(b.defaults.growth.size());
  b.sc.traits.growth.resize(n, n_cap);
  for (Eigen::Index k = 0; k < n_cap; ++k) b.sc.traits.growth.col(k).setConstant(b.defaults.growth[k]);
}

void read_state_traits(Build& b, const At& at, int i) {
  if (!check_map(b.ck, at, trait_keys())) return;
  for (const auto& t : kTraits)
    if (const At v = child(at, t.name); v.present)
      if (auto x = read_number(b.ck, v, t.range)) (b.sc.traits.*t.per_state)[i] = *x;
  const At g = child(at, kGrowth.name);
  if (!g.present) return;
  std::vector<double> rates = b.defaults.growth;
  read_growth(b, g, rates);
  for (std::size_t k = 0; k < rates.size(); ++k) b.sc.traits.growth(i, static_cast<Eigen::Index>(k)) = rates[k];
}

}  // namespace bpsim::io
