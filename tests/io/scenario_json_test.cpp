// The JSON form of a resolved scenario (what the classroom page embeds and the engine
// in the browser reads): to_json -> text -> from_json must give the same Scenario bit
// for bit, on every shipped scenario; malformed JSON is refused with the key named.
#include "sim/io/scenario/json.hpp"

#include "sim/core/run.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/scenario_digest.hpp"

#include "sim/model/rule_kinds.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

using namespace bpsim;

TEST_CASE("scenario_json: round trip through text is exact on every shipped scenario") {
  for (const std::string& file : test::shipped_scenarios())
    for (const char* model : {"v1", "v2"}) {
      CAPTURE(file);
      CAPTURE(model);
      // Noise and an override on, so that every number is exercised, incl. one not in the file;
      // both model versions.
      const Scenario sc = load_scenario(file, {{"parameters.sigma_a", "0.0123456789012345"}, {"model", model}});
      CHECK(model_name(sc.model) == std::string(model));
      const std::string text = scenario_to_json(sc).dump();
      const Scenario back = scenario_from_json(nlohmann::json::parse(text));
      CHECK(test::scenario_digest(back) == test::scenario_digest(sc));
      RunOptions opt;
      opt.seed = 3;
      opt.log_events = false;
      CHECK(world_hash(run_scenario(back, opt, nullptr)) == world_hash(run_scenario(sc, opt, nullptr)));
    }
}

TEST_CASE("scenario_json: a disabled event and an unset start survive the round trip") {
  const Scenario sc = load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml",
                                    {{"events.1.enabled", "false"}});
  const Scenario back = scenario_from_json(scenario_to_json(sc));
  CHECK_FALSE(back.events[1].enabled);
  CHECK(back.events[0].enabled);
  Scenario no_start = sc;
  no_start.start.reset();
  CHECK_FALSE(scenario_from_json(scenario_to_json(no_start)).start.has_value());
}

TEST_CASE("scenario_json: malformed input is refused, naming what is wrong") {
  const Scenario sc = load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/classroom_three_powers.yaml");
  const nlohmann::json good = scenario_to_json(sc);
  CHECK_THROWS_WITH_AS(scenario_from_json(nlohmann::json::object()), doctest::Contains("format: bpsim-scenario"),
                       std::invalid_argument);
  auto j = good;
  j["version"] = 99;
  CHECK_THROWS_WITH_AS(scenario_from_json(j), doctest::Contains("version 99"), std::invalid_argument);
  j = good;
  j.erase("proximity");
  CHECK_THROWS_WITH_AS(scenario_from_json(j), doctest::Contains("'proximity'"), std::invalid_argument);
  j = good;
  j["relations0"][0].push_back(0.5);
  CHECK_THROWS_WITH_AS(scenario_from_json(j), doctest::Contains("'relations0' must be 3 x 3"), std::invalid_argument);
  j = good;
  j["events"][0]["kind"] = "embargo";
  CHECK_THROWS_WITH_AS(
      scenario_from_json(j),
      doctest::Contains(
          ("unknown event kind 'embargo' (known: " + fmt::format("{}", fmt::join(kRuleKeys, ", ")) + ")").c_str()),
      std::invalid_argument);
  // Every field of a rule comes from its descriptor: a missing one is named, a choice
  // must be one of the descriptor's.
  for (std::size_t e = 0; e < good["events"].size(); ++e) {
    if (good["events"][e]["kind"] != "arms_sale") continue;
    j = good;
    j["events"][e]["policy"] = "sometimes";
    CHECK_THROWS_WITH_AS(scenario_from_json(j),
                         doctest::Contains("policy 'sometimes' is not one of always, security_check"),
                         std::invalid_argument);
    j = good;
    j["events"][e].erase("volume");
    CHECK_THROWS_WITH_AS(scenario_from_json(j), doctest::Contains("missing key 'volume'"), std::invalid_argument);
    j = good;
    j["events"][e]["policy"] = "always";
    CHECK(std::get<ArmsSaleEvent>(scenario_from_json(j).events[e].rule).policy == ArmsPolicy::always);
  }
  j = good;
  j["events"][1]["target"] = 7;  // the sanctions event
  CHECK_THROWS_WITH_AS(scenario_from_json(j), doctest::Contains("state index 7"), std::invalid_argument);
  j = good;
  j["ticks"] = "many";
  CHECK_THROWS_AS(scenario_from_json(j), std::invalid_argument);
}

TEST_CASE("scenario_json: seeds are decimal text of a 64-bit number") {
  CHECK(seed_from_text("0") == 0);
  CHECK(seed_from_text("18446744073709551615") == 18446744073709551615ull);
  for (const char* bad : {"", "-1", "7a", "1e3", "18446744073709551616", "123456789012345678901"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(seed_from_text(bad), doctest::Contains("seed must be a whole number in [0, 2^64)"),
                         std::invalid_argument);
  }
  auto j = scenario_to_json(load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/classroom_three_powers.yaml"));
  j["seed"] = "99999999999999999999";
  CHECK_THROWS_WITH_AS(scenario_from_json(j), doctest::Contains("scenario JSON: 'seed' must be a whole number"),
                       std::invalid_argument);
}
