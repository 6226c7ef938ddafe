// Morris mu* bootstrap intervals, on cases computed by hand.
#include "analysis/sensitivity.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace bpsim;

namespace {

// One factor, two trajectories: 0 -> 2/3 and 1/3 -> 1, outputs chosen so that the
// elementary effects are 3 and 9 (dy / (2/3)).
design::MorrisDesign two_trajectories() {
  Eigen::MatrixXd pts(4, 1);
  pts << 0.0, 2.0 / 3.0, 1.0 / 3.0, 1.0;
  return design::MorrisDesign{pts, 2, 1, 4};
}

Eigen::VectorXd outputs() {
  Eigen::VectorXd y(4);
  y << 0.0, 2.0, 1.0, 7.0;
  return y;
}

}  // namespace

TEST_CASE("morris mu* CI: two trajectories of effects 3 and 9") {
  const auto m = sensitivity::morris_indices(two_trajectories(), outputs(), 1000, 0.95, 17);
  CHECK(m.mu_star[0] == doctest::Approx(6.0));
  // Resampled mu* is 3 (both draws the first), 6 or 9 with chances 1/4, 1/2, 1/4: the
  // 2.5% and 97.5% quantiles of 1000 resamples are 3 and 9.
  CHECK(m.mu_star_lo[0] == doctest::Approx(3.0));
  CHECK(m.mu_star_hi[0] == doctest::Approx(9.0));
  // The middle 40% (quantiles 0.3 and 0.7) lies in the half of the resamples giving 6.
  const auto mid = sensitivity::morris_indices(two_trajectories(), outputs(), 1000, 0.4, 17);
  CHECK(mid.mu_star_lo[0] == doctest::Approx(6.0));
  CHECK(mid.mu_star_hi[0] == doctest::Approx(6.0));
  // Deterministic: the same seed gives the same bounds.
  const auto again = sensitivity::morris_indices(two_trajectories(), outputs(), 1000, 0.95, 17);
  CHECK(again.mu_star_lo[0] == m.mu_star_lo[0]);
  CHECK(again.mu_star_hi[0] == m.mu_star_hi[0]);
}

TEST_CASE("morris mu* CI: none without resamples, a NaN effect is left out of every resample") {
  const auto none = sensitivity::morris_indices(two_trajectories(), outputs());
  CHECK(std::isnan(none.mu_star_lo[0]));
  CHECK(std::isnan(none.mu_star_hi[0]));
  Eigen::VectorXd y = outputs();
  y[3] = std::nan("");  // the second trajectory's effect is NaN: only the effect 3 is left
  const auto m = sensitivity::morris_indices(two_trajectories(), y, 200, 0.95, 5);
  CHECK(m.mu_star[0] == doctest::Approx(3.0));
  CHECK(m.mu_star_lo[0] == doctest::Approx(3.0));
  CHECK(m.mu_star_hi[0] == doctest::Approx(3.0));
}

TEST_CASE("morris_indices refuses a trajectory in which a factor moves twice") {
  Eigen::MatrixXd pts(3, 2);
  pts << 0.0, 0.0, 2.0 / 3.0, 0.0, 0.0, 0.0;
  const design::MorrisDesign d{pts, 1, 2, 4};
  CHECK_THROWS_WITH_AS(sensitivity::morris_indices(d, Eigen::VectorXd::Zero(3)),
                       "bpsim::sensitivity: morris_indices: a factor moves twice in one trajectory",
                       std::invalid_argument);
}
