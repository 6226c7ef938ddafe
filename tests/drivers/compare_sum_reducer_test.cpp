// The @sum reducer of outcome specs (used by compare and sweeps): the sum of the
// metric over every tick of the run, tick 0 included.
#include "analysis/outcomes.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace bpsim;

TEST_CASE("@sum parses and adds up the whole series") {
  const OutcomeSpec s = parse_outcome("world:concentration@sum");
  CHECK(s.reducer == Reducer::sum);
  CHECK(reduce_series(s, {1.0, 2.5, -0.5, 4.0}) == doctest::Approx(7.0));  // 1 + 2.5 - 0.5 + 4
  CHECK(reduce_series(s, {0.25}) == 0.25);
  CHECK(std::isnan(reduce_series(s, {})));
  CHECK(std::isnan(reduce_series(s, {1.0, std::nan("")})));  // an undefined tick: no total
  // mean is the same sum over the count of ticks
  CHECK(reduce_series(parse_outcome("world:concentration@mean"), {1.0, 2.5, -0.5, 4.0}) == doctest::Approx(1.75));
}

TEST_CASE("an unknown reducer lists sum among the allowed ones") {
  CHECK_THROWS_WITH_AS(parse_outcome("world:concentration@total"),
                       doctest::Contains("allowed reducers: last, first, mean, sum, min, max"), std::invalid_argument);
}
