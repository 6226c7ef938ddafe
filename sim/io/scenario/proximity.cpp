// proximity G: a list of pairs (others 1), or {default, pairs, decay_km} where
// decay_km derives G = exp(-great-circle km / decay_km) from states' lat/lon.
#include "sim/io/scenario/pairs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

namespace bpsim::io {

namespace {

constexpr double kEarthRadiusKm = 6371.0;  // mean radius

// Haversine: well conditioned for the short distances between neighbours.
double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double rad = std::numbers::pi / 180.0;
  const double s_lat = std::sin((lat2 - lat1) * rad / 2), s_lon = std::sin((lon2 - lon1) * rad / 2);
  const double a = s_lat * s_lat + std::cos(lat1 * rad) * std::cos(lat2 * rad) * s_lon * s_lon;
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// Every state needs a position; states whose lat/lon were given but invalid already have an error.
bool positions_known(Build& b) {
  bool ok = true;
  for (std::size_t i = 0; i < b.state_at.size(); ++i) {
    if (b.lat[i] && b.lon[i]) continue;
    ok = false;
    if (!has(b.state_at[i], "lat") && !has(b.state_at[i], "lon"))
      b.ck.error(b.state_at[i], "missing lat and lon; proximity.decay_km needs every state's position");
  }
  return ok;
}

void decay_proximity(Build& b, double decay_km) {
  if (!positions_known(b)) return;
  const auto n = static_cast<Eigen::Index>(b.state_at.size());
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const double km = great_circle_km(*b.lat[i], *b.lon[i], *b.lat[j], *b.lon[j]);
      b.sc.proximity(i, j) = b.sc.proximity(j, i) = std::exp(-km / decay_km);
    }
}

void read_proximity_map(Build& b, const At& at) {
  if (!check_map(b.ck, at, {"default", "pairs", "decay_km"})) return;
  const At def = child(at, "default"), decay = child(at, "decay_km");
  if (def.present && decay.present)
    return b.ck.error(def, "give either default or decay_km, not both (decay_km sets every pair)");
  if (def.present)
    if (auto g = read_number(b.ck, def, kUnit)) b.sc.proximity.setConstant(*g);
  if (decay.present)
    if (auto km = read_number(b.ck, decay, kPositive)) decay_proximity(b, *km);
  if (const At pairs = child(at, "pairs"); pairs.present) read_pair_list(b, pairs, kUnit, b.sc.proximity);
}

}  // namespace

void read_proximity(Build& b, const At& root) {
  const At at = child(root, "proximity");
  if (at.present && at.node.IsSequence()) read_pair_list(b, at, kUnit, b.sc.proximity);
  else if (at.present && at.node.IsMap()) read_proximity_map(b, at);
  else if (at.present)
    b.ck.error(at, "expected a list of pairs or a map with default, pairs, decay_km; got " + describe(at.node));
  b.sc.proximity.diagonal().setOnes();
}

}  // namespace bpsim::io
