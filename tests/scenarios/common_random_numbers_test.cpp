// Common random numbers across scenarios: an event's random stream comes from its
// identity (kind and actors, or its `id`), not its position in the list, so deleting
// one event leaves every other event's draws unchanged.
#include "sim/core/run.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

std::string final_hash(const bpsim::Scenario& sc, std::uint64_t seed) {
  bpsim::RunOptions opt;
  opt.seed = seed;
  opt.log_events = false;
  return bpsim::world_hash(bpsim::run_scenario(sc, opt, {}));
}

const std::string dir = std::string(BPSIM_SOURCE_DIR) + "/scenarios/";

}  // namespace

TEST_CASE("deleting the sanctions event equals switching it off, incidents included") {
  // Random incidents and noise on: every draw must line up between the two files.
  const std::vector<bpsim::Override> noisy = {
      {"parameters.incident_mode", "random"}, {"parameters.sigma_a", "0.02"}, {"parameters.q_inc", "0.5"}};
  auto off = noisy;
  off.push_back({"events.0.sanctions.intensity", "0"});
  const auto flagship_off = bpsim::load_scenario(dir + "pivot_to_asia_2014.yaml", off);
  const auto deleted = bpsim::load_scenario(dir + "no_sanctions_2014.yaml", noisy);
  REQUIRE(flagship_off.events.size() == deleted.events.size() + 1);
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CHECK(final_hash(flagship_off, seed) == final_hash(deleted, seed));
  }
}

TEST_CASE("event streams depend on kind and actors, not position, repeats differ") {
  const auto sc = bpsim::load_scenario(dir + "pivot_to_asia_2014.yaml");
  const auto nos = bpsim::load_scenario(dir + "no_sanctions_2014.yaml");
  // Event k+1 of the flagship is event k of the counterfactual.
  for (std::size_t k = 0; k < nos.events.size(); ++k) {
    CHECK(sc.events[k + 1].stream == nos.events[k].stream);
  }
  for (std::size_t a = 0; a < sc.events.size(); ++a) {
    CHECK(sc.events[a].stream >= 1000u);
    for (std::size_t b = a + 1; b < sc.events.size(); ++b) CHECK(sc.events[a].stream != sc.events[b].stream);
  }
}

TEST_CASE("enabled: false switches an event off: same as deleting it, and as --set") {
  const std::vector<bpsim::Override> noisy = {{"parameters.sigma_a", "0.02"}, {"parameters.q_inc", "0.5"}};
  auto off = noisy;
  off.push_back({"events.0.enabled", "false"});
  const auto flagship_off = bpsim::load_scenario(dir + "pivot_to_asia_2014.yaml", off);
  const auto deleted = bpsim::load_scenario(dir + "no_sanctions_2014.yaml", noisy);
  const auto flagship_on = bpsim::load_scenario(dir + "pivot_to_asia_2014.yaml", noisy);
  REQUIRE(flagship_off.events.size() == deleted.events.size() + 1);
  CHECK_FALSE(flagship_off.events[0].enabled);
  CHECK(flagship_on.events[0].enabled);
  // The switched-off event keeps its place and stream; the others' draws line up.
  CHECK(flagship_off.events[0].stream == flagship_on.events[0].stream);
  for (std::uint64_t seed : {1u, 5u}) {
    CHECK(final_hash(flagship_off, seed) == final_hash(deleted, seed));
    CHECK(final_hash(flagship_off, seed) != final_hash(flagship_on, seed));
  }
}

TEST_CASE("enabled takes true or false only") {
  try {
    bpsim::load_scenario(dir + "pivot_to_asia_2014.yaml", {{"events.0.enabled", "0"}});
    FAIL("expected an error");
  } catch (const bpsim::ScenarioError& e) {
    CHECK(std::string(e.what()).find("events[0].enabled") != std::string::npos);
    CHECK(std::string(e.what()).find("true, false") != std::string::npos);
  }
}
