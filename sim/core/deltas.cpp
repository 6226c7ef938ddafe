#include "sim/core/deltas.hpp"

namespace bpsim {

std::string_view mechanism_name(Mechanism m) {
  static constexpr std::array<std::string_view, n_mechanisms> names = {
      "social", "identity", "growth", "arms_race", "sanctions",
      "arms_sales", "exercises", "engagement", "noise"};
  return names[static_cast<std::size_t>(m)];
}

void Deltas::reset(Eigen::Index n, Eigen::Index n_cap, Eigen::Index n_axes) {
  align.zero(n, n_axes);
  cap.zero(n, n_cap);
  rel.setZero(n, n);
  if (deliveries.rows() == n && deliveries.cols() == n) {
    for (const auto& [s, b] : delivered) deliveries(s, b) = 0.0;  // only what was written
  } else {
    deliveries.setZero(n, n);
  }
  delivered.clear();
  counts = {};
  log.clear();
}

}  // namespace bpsim
