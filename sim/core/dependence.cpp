#include "sim/core/dependence.hpp"

#include <algorithm>

namespace bpsim {

static void update_importer(double lam, const Eigen::MatrixXd& flows, Eigen::Index b, Eigen::MatrixXd& dependence,
                            const Eigen::VectorXd* procured) {
  double received = flows.col(b).sum();
  if (received <= 0) return;
  if (procured != nullptr && procured->size() != 0) received = std::max(received, (*procured)(b));
  for (Eigen::Index s = 0; s < dependence.cols(); ++s) {
    dependence(b, s) = (1.0 - lam) * dependence(b, s) + lam * flows(s, b) / received;
  }
}

void update_dependence_channel(const Scenario& sc, const Eigen::MatrixXd& flows, Eigen::MatrixXd& dependence,
                               const std::vector<std::pair<int, int>>* written, const Eigen::VectorXd* procured) {
  const double lam = sc.params.lambda_M;
  if (written) {
    for (auto e = written->begin(); e != written->end(); ++e) {
      const auto same_importer = [&](const std::pair<int, int>& f) { return f.second == e->second; };
      if (std::none_of(written->begin(), e, same_importer))
        update_importer(lam, flows, e->second, dependence, procured);
    }
    return;
  }
  for (Eigen::Index b = 0; b < dependence.rows(); ++b) update_importer(lam, flows, b, dependence, procured);
}

}  // namespace bpsim
