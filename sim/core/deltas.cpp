#include "sim/core/deltas.hpp"

namespace bpsim {

std::string_view mechanism_name(Mechanism m) {
  static constexpr std::array<std::string_view, n_mechanisms> names = [] {
    std::array<std::string_view, n_mechanisms> all{"social", "identity", "growth", "arms_race"};
    std::size_t i = first_rule_mechanism;
    for_each_rule_kind([&](auto k) { all[i++] = decltype(k)::mechanism; });
    all[noise] = "noise";
    return all;
  }();
  return names[static_cast<std::size_t>(m)];
}

void Deltas::reset(Eigen::Index n, Eigen::Index n_cap, Eigen::Index n_axes) {
  align.zero(n, n_axes);
  cap.zero(n, n_cap);
  rel.setZero(n, n);
  for (Flows& f : flows) {
    if (f.amount.rows() == n && f.amount.cols() == n) {
      for (const auto& [s, b] : f.written) f.amount(s, b) = 0.0;  // only what was written
    } else {
      f.amount.resize(0, 0);  // made by the first add_flow (Deltas::add_flow)
    }
    f.written.clear();
  }
  for (Eigen::VectorXd& v : procured) v.setZero();  // sized by deliver_orders, then kept
  orders.clear();
  counts = {};
  log.clear();
}

}  // namespace bpsim
