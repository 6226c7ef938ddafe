// The descriptors (kParams, kIncidentMode, kTraits, kGrowth): the structs' defaults
// are the table's, and ranges render as the ODD and the messages write them.
#include "sim/model/parameters.hpp"
#include "sim/model/range.hpp"
#include "sim/model/traits.hpp"

#include <doctest/doctest.h>

using namespace bpsim;

TEST_CASE("Parameters and TraitDefaults start at their descriptors' defaults") {
  const Parameters p;
  for (const ParamSpec& d : kParams) {
    INFO(d.name);
    CHECK(p.*d.field == d.def);
  }
  CHECK(p.incident_mode == IncidentMode::random);
  const TraitDefaults t;
  for (const TraitSpec& d : kTraits) {
    INFO(d.name);
    CHECK(t.*d.field == d.def);
  }
  CHECK(t.growth.empty());
  CHECK(kGrowth.def == 0.0);
}

TEST_CASE("kIncidentMode names IncidentMode's values in order") {
  CHECK(std::string(kIncidentMode.text(IncidentMode::random)) == "random");
  CHECK(std::string(kIncidentMode.text(IncidentMode::expected)) == "expected");
  CHECK(kIncidentMode.parse("expected") == IncidentMode::expected);
  CHECK(!kIncidentMode.parse("Expected").has_value());
}

TEST_CASE("ranges as math and as text") {
  CHECK(kNonNegative.math() == "$\\ge 0$");
  CHECK(kPositive.math() == "$> 0$");
  CHECK(kUnit.math() == "$[0, 1]$");
  CHECK(kSignedUnit.math() == "$[-1, 1]$");
  CHECK(kGrowth.range.math() == "$> -1$");
  CHECK((Range{0.0, 2.5, false, true}).math() == "$[0, 2.5)$");
  CHECK(kAnyNumber.math() == "any finite number");
  CHECK(kGrowth.range.text() == "a number > -1");
  CHECK(kGrowth.range.contains(-0.99));
  CHECK(!kGrowth.range.contains(-1.0));
}
