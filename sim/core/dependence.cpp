#include "sim/core/dependence.hpp"

#include <algorithm>

namespace bpsim {

static void update_buyer(double lam, const Eigen::MatrixXd& deliveries, Eigen::Index b,
                         Eigen::MatrixXd& arms_dep) {
  const double received = deliveries.col(b).sum();
  if (received <= 0) return;
  for (Eigen::Index s = 0; s < arms_dep.cols(); ++s) {
    arms_dep(b, s) = (1.0 - lam) * arms_dep(b, s) + lam * deliveries(s, b) / received;
  }
}

void update_arms_dependence(const Scenario& sc, const Eigen::MatrixXd& deliveries, Eigen::MatrixXd& arms_dep,
                            const std::vector<std::pair<int, int>>* written) {
  const double lam = sc.params.lambda_M;
  if (written) {
    for (auto e = written->begin(); e != written->end(); ++e) {
      const auto same_buyer = [&](const std::pair<int, int>& f) { return f.second == e->second; };
      if (std::none_of(written->begin(), e, same_buyer)) update_buyer(lam, deliveries, e->second, arms_dep);
    }
    return;
  }
  for (Eigen::Index b = 0; b < arms_dep.rows(); ++b) update_buyer(lam, deliveries, b, arms_dep);
}

}  // namespace bpsim
