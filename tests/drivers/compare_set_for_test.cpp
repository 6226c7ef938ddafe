// overrides_per_scenario: --set for every scenario, then --set-for ALT:PATH=VALUE for the
// scenario ALT names (by file, file name, stem or scenario name).
#include "sim/drivers/compare.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using namespace bpsim;

namespace {
const std::vector<std::string> kFiles = {"scenarios/base.yaml", "alt/us_wedge.yaml", "alt/other.yaml"};
const std::vector<std::string> kNames = {"Base world", "US wedge", "Other"};
using Lists = std::vector<std::vector<std::string>>;
}  // namespace

TEST_CASE("--set-for adds to the named scenario only, after the global --set") {
  const Lists got =
      overrides_per_scenario({"ticks=5"}, {"us_wedge:seed=3", "Other:seed=4", "other.yaml:ticks=6"}, kFiles, kNames);
  CHECK(got == Lists{{"ticks=5"}, {"ticks=5", "seed=3"}, {"ticks=5", "seed=4", "ticks=6"}});
  CHECK(overrides_per_scenario({}, {"alt/us_wedge.yaml:a.b=1:2"}, kFiles, kNames) == Lists{{}, {"a.b=1:2"}, {}});
  CHECK(overrides_per_scenario({"x=1"}, {}, kFiles, kNames) == Lists{{"x=1"}, {"x=1"}, {"x=1"}});
}

TEST_CASE("--set-for naming no scenario lists the names") {
  CHECK_THROWS_WITH_AS(overrides_per_scenario({}, {"wedge:seed=3"}, kFiles, kNames),
                       "--set-for 'wedge:seed=3': 'wedge' names no scenario of this comparison; the scenarios: "
                       "base (Base world), us_wedge (US wedge), other (Other)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(overrides_per_scenario({}, {"seed=3"}, kFiles, kNames),
                       "--set-for 'seed=3': expected ALT:PATH=VALUE", std::invalid_argument);
  CHECK_THROWS_WITH_AS(overrides_per_scenario({}, {"other:seed"}, kFiles, kNames),
                       "--set-for 'other:seed': expected ALT:PATH=VALUE", std::invalid_argument);
}
