// Dependence: the World's dependence matrices updated from one step's deliveries,
// after C, A and R have been applied (docs/ODD.md Section 3, step 3; Section 7.6).
#pragma once

#include "sim/model/scenario.hpp"

#include <Eigen/Dense>

#include <utility>
#include <vector>

namespace bpsim {

// M[b,s] <- (1 - lambda_M) M[b,s] + lambda_M m_sb / sum_s' m_s'b for each buyer b with
// deliveries; other rows unchanged. `written`, when given, lists the only [seller, buyer]
// entries of deliveries that may be nonzero (so a step visits those buyers only).
void update_arms_dependence(const Scenario& sc, const Eigen::MatrixXd& deliveries, Eigen::MatrixXd& arms_dep,
                            const std::vector<std::pair<int, int>>* written = nullptr);

}  // namespace bpsim
