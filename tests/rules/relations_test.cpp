// sim/rules/relations.cpp: relation drift dR = lambda_R (S - R) (docs/ODD.md Section 7.4),
// and sim/core/dependence.cpp: the arms-dependence update (Section 7.6, the step's own phase):
//   M[b,s] <- (1 - lambda_M) M[b,s] + lambda_M m_sb / sum_s m_sb, for buyers with deliveries.
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/dependence.hpp"

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;
using bpsim::test::set_sym;

TEST_CASE("relation drift toward the alignment score, symmetric, zero diagonal") {
  Scenario sc = make_scenario(3, 1, {Role::economy});
  test::set_alignment(sc, {0.5, -0.5, 0.0});  // S01 = 0, S02 = 0.5, S12 = 0.5
  set_sym(sc.relations0, 0, 1, 0.4);
  set_sym(sc.relations0, 0, 2, -0.2);
  Bench b(sc);
  apply_relation_drift(b.input(), b.out);
  const auto& dR = b.out.rel;
  CHECK(dR(0, 1) == near(-0.008));  // 0.02 * (0 - 0.4)
  CHECK(dR(0, 2) == near(0.014));   // 0.02 * (0.5 + 0.2)
  CHECK(dR(1, 2) == near(0.01));    // 0.02 * (0.5 - 0)
  CHECK(dR(1, 0) == dR(0, 1));
  CHECK(dR(2, 0) == dR(0, 2));
  CHECK(dR(2, 1) == dR(1, 2));
  for (int i = 0; i < 3; ++i) CHECK(dR(i, i) == 0.0);  // S_ii = 1 would otherwise leak in

  b.sc.params.lambda_R = 0.5;
  b.recompute();
  apply_relation_drift(b.input(), b.out);
  CHECK(b.out.rel(0, 1) == near(-0.2));  // 0.5 * (0 - 0.4)
}

TEST_CASE("arms dependence: convex update of the buyer's row by its delivery shares") {
  Scenario sc = make_scenario(3, 1, {Role::economy});
  sc.dependence0[dependence_channel<ArmsSaleEvent>].row(2) << 0.5, 0.3, 0.0;
  sc.dependence0[dependence_channel<ArmsSaleEvent>].row(0) << 0.0, 0.7, 0.2;
  Eigen::MatrixXd deliveries = Eigen::MatrixXd::Zero(3, 3);  // [seller, buyer]
  deliveries(0, 2) = 3;
  deliveries(1, 2) = 1;
  Eigen::MatrixXd M = sc.dependence0[dependence_channel<ArmsSaleEvent>];
  update_dependence_channel(sc, deliveries, M);
  // Buyer 2 received 4: shares 3/4 from 0, 1/4 from 1; lambda_M = 0.1.
  CHECK(M(2, 0) == near(0.525));  // 0.9 * 0.5 + 0.1 * 0.75
  CHECK(M(2, 1) == near(0.295));  // 0.9 * 0.3 + 0.1 * 0.25
  CHECK(M(2, 2) == near(0.0));
  CHECK(M.row(2).sum() <= 1.0);
  // Buyer 0 received nothing: its row is unchanged (no decay without deliveries).
  CHECK(M(0, 1) == near(0.7));
  CHECK(M(0, 2) == near(0.2));
  // Buyer 1 too.
  CHECK(M.row(1).norm() == 0.0);
}

TEST_CASE("arms dependence: lambda_M = 1 replaces the row by this tick's shares") {
  Scenario sc = make_scenario(3, 1, {Role::economy});
  sc.params.lambda_M = 1.0;
  sc.dependence0[dependence_channel<ArmsSaleEvent>].row(1) << 0.6, 0.0, 0.4;
  Eigen::MatrixXd deliveries = Eigen::MatrixXd::Zero(3, 3);
  deliveries(2, 1) = 0.25;
  Eigen::MatrixXd M = sc.dependence0[dependence_channel<ArmsSaleEvent>];
  update_dependence_channel(sc, deliveries, M);
  CHECK(M(1, 0) == near(0.0));
  CHECK(M(1, 2) == near(1.0));
}
