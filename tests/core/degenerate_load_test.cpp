// Degenerate scenarios at load (tests/data/degenerate): a dimension with a power weight
// and no total is refused at the dimension; a misspelt `dimensions` leaves positions
// without columns and must only be reported. And from the command line: a dimension
// dying during a run is warned about once, with exit 0 and every ratio defined.
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <string>
#include <vector>

namespace {

const std::string kDir = std::string(BPSIM_SOURCE_DIR) + "/tests/data/degenerate/";

std::vector<std::string> errors_of(const std::string& name) {
  try {
    bpsim::load_scenario(kDir + name);
  } catch (const bpsim::ScenarioError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.str());
    return out;
  }
  return {};
}

}  // namespace

TEST_CASE("a dimension with a power weight whose total is 0 (or -0.0) is refused at the dimension") {
  CHECK(errors_of("zero_total_dimension.yaml") ==
        std::vector<std::string>{
            kDir + "zero_total_dimension.yaml:6:21: dimensions.capability[1]: capability dimension 'milex' has a "
                   "power weight above 0 but its total over the 3 states is 0, so its power shares are undefined; "
                   "give at least one state a capability.milex above 0, or give 'milex' the weight 0 in "
                   "dimensions.power_weights"});
}

TEST_CASE("a denormal total is refused like 0") {
  CHECK(errors_of("denormal_total_dimension.yaml") ==
        std::vector<std::string>{
            kDir + "denormal_total_dimension.yaml:5:21: dimensions.capability[1]: capability dimension 'milex' has "
                   "a power weight above 0 but its total over the 2 states is 2e-320 (below "
                   "2.2250738585072014e-308, too small to divide by), so its power shares are undefined; give at "
                   "least one state a capability.milex above 0, or give 'milex' the weight 0 in "
                   "dimensions.power_weights"});
}

TEST_CASE("a dimension that is 0 everywhere loads when its power weight is 0") {
  CHECK(errors_of("zero_total_unweighted.yaml").empty());
}

TEST_CASE("misspelt dimensions: positions without columns are reported, never indexed") {
  // The wording of these two is the header's (sim/io/scenario/yaml.cpp); what matters here is
  // that loading ends in exactly these diagnostics (under UBSan too), nothing about states.
  const auto errors = errors_of("misspelt_dimensions.yaml");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].find(kDir + "misspelt_dimensions.yaml:6:1: ") == 0);
  CHECK(errors[0].find("unknown key 'dimension'") != std::string::npos);
  CHECK(errors[1] == kDir + "misspelt_dimensions.yaml:4:1: missing required key 'dimensions'");
}

TEST_CASE("bpsim run: a dimension dying mid-run is warned about once, exit 0, ratios defined") {
  bpsim::test::TempDir dir;
  const auto r = bpsim::test::run_bpsim(dir, "run " + kDir + "dying_dimension.yaml -o out --quiet");
  CHECK(r.status == 0);
  CHECK(r.err ==
        "bpsim: warning: tick 20: capability dimension 'milex' has no total left (0 or below "
        "2.2250738585072014e-308 summed over the states), so its power weight goes to 'gdp' while it has "
        "none; the run counts such ticks (power_renormalised in manifest.json)\n");
  const std::string dyads = bpsim::test::read_text(dir / "out/dyads.csv");
  // p = (1/2, 3/8, 1/8) to tick 19, then (1/2, 1/4, 1/4): p_A/p_C 4 then 2, p_B/p_C 3 then 1.
  CHECK(dyads.find("\n19,,A,C,") != std::string::npos);
  const auto row = [&](const std::string& head) {
    const auto at = dyads.find("\n" + head);
    REQUIRE(at != std::string::npos);
    return dyads.substr(at + 1, dyads.find('\n', at + 1) - at - 1);
  };
  // No calendar: the date is empty. alignment, relation, asymmetry, power_ratio, ...: asymmetry (p_a - p_b)/(p_a +
  // p_b).
  CHECK(row("19,,A,C,").find(",0.6,4,") != std::string::npos);
  CHECK(row("24,,A,C,").find(",0.3333333333333333,2,") != std::string::npos);
  CHECK(row("24,,B,C,").find(",0,1,") != std::string::npos);
  CHECK(dyads.find("inf") == std::string::npos);
  CHECK(dyads.find("nan") == std::string::npos);
  // The manifest counts the ticks observed with milex left out: 20, 21, 22, 23, 24.
  const std::string manifest = bpsim::test::read_text(dir / "out/manifest.json");
  CHECK(manifest.find("\"power_renormalised\": {\n    \"ticks\": 5,\n    \"first_tick\": 20,\n"
                      "    \"dimension\": \"milex\"\n  }") != std::string::npos);
}
