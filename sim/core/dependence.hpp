// Dependence: the World's dependence matrices (one per channel: arms, ...) updated from
// one step's flows, after C, A and R have been applied (docs/ODD.md Section 3, step 3;
// Section 7.6).
#pragma once

#include "sim/model/scenario.hpp"

#include <Eigen/Dense>

#include <utility>
#include <vector>

namespace bpsim {

// D[b,s] <- (1 - lambda_M) D[b,s] + lambda_M m_sb / sum_s' m_s'b for each importer b
// with flows m; other rows unchanged. `written`, when given, lists the only [source,
// importer] entries of flows that may be nonzero (so a step visits those importers only).
// `procured`, when given and sized (model v2), holds each importer's total procurement,
// domestic included: the denominator is max(sum_s' m_s'b, procured[b]), so an importer
// that produces arms itself depends on no seller fully.
void update_dependence_channel(const Scenario& sc, const Eigen::MatrixXd& flows, Eigen::MatrixXd& dependence,
                               const std::vector<std::pair<int, int>>* written = nullptr,
                               const Eigen::VectorXd* procured = nullptr);

}  // namespace bpsim
