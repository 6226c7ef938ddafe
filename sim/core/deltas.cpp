#include "sim/core/deltas.hpp"

namespace bpsim {

std::string_view mechanism_name(Mechanism m) {
  static constexpr std::array<std::string_view, n_mechanisms> names = {
      "social", "identity", "growth", "arms_race", "sanctions",
      "arms_sales", "exercises", "engagement", "noise"};
  return names[static_cast<std::size_t>(m)];
}

void Deltas::reset(Eigen::Index n, Eigen::Index n_cap, Eigen::Index n_axes) {
  for (auto& a : align) a.setZero(n, n_axes);
  for (auto& c : cap) c.setZero(n, n_cap);
  rel.setZero(n, n);
  deliveries.setZero(n, n);
  counts = {};
  log.clear();
}

}  // namespace bpsim
