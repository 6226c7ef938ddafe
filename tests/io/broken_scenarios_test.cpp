// The broken-scenario corpus: each file holds one deliberate error, and the
// loader must report exactly that one, word for word, at the right place.
#include "sim/io/scenario/yaml.hpp"

#include "sim/model/rule_kinds.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

using bpsim::test::read_text;

namespace {

const std::string kDir = std::string(BPSIM_SOURCE_DIR) + "/tests/data/broken/";

// file -> the one diagnostic it must produce (file label as passed: "bad.yaml").
const std::map<std::string, std::string> kExpected{
    {"alignment_wrong_length", "bad.yaml:18:16: states[2].alignment: expected 2 coordinates (order, east_west), got 3"},
    {"arms_sale_needs_military_role",
     "bad.yaml:20:17: events[0].arms_sale: needs a capability dimension with role military; add role: military to one "
     "of dimensions.capability"},
    {"arms_shares_exceed_one",
     "bad.yaml:21:38: arms_imports[1].share: shares of buyer 'CHN' sum to 1.2; allowed: at most 1"},
    {"control_character_in_key",
     "bad.yaml:7:65: states[0].traits: unknown key 'hedg\\x1B[31ming'; allowed: kappa, mu, eps, theta, beta, hedging, "
     "tolerance, arms_reaction, pivot, growth"},
    {"duplicate_map_key", "bad.yaml:4:1: duplicate key 'ticks' (first at line 2)"},
    {"duplicate_role",
     "bad.yaml:7:25: dimensions.capability[2].role: role 'economy' is already taken by 'gdp'; each role at most once"},
    {"duplicate_state_id", "bad.yaml:16:9: states[2].id: duplicate id 'CHN' (first at line 13)"},
    {"empty_file", "bad.yaml:1:1: empty scenario; expected a map with at least scenario, ticks, dimensions, states"},
    {"event_at_with_from",
     "bad.yaml:20:60: events[0].at: 'at' excludes 'from', 'until' and 'every'; use one or the other"},
    {"event_two_rules",
     "bad.yaml:21:15: events[0].exercise: more than one rule ('sanctions' and 'exercise'); each event needs exactly "
     "one of " +
         fmt::format("{}", fmt::join(bpsim::kRuleKeys, ", "))},
    {"exercise_one_participant",
     "bad.yaml:20:31: events[0].exercise.participants: expected a list of at least 2 state ids, got 1"},
    {"growth_not_above_minus_one", "bad.yaml:2:30: defaults.growth.milex: -1 is out of range; allowed: a number > -1"},
    {"invalid_state_id", "bad.yaml:16:9: states[2].id: 'RU-S' is not a valid id; use letters, digits and '_'"},
    {"malformed_yaml", "bad.yaml:9:7: invalid YAML: end of sequence flow not found"},
    {"merge_key_not_a_map",
     "bad.yaml:8:16: states[1]: the merge key << takes a map or a list of maps (e.g. <<: *base or <<: [*a, *b]), got a "
     "list whose entry [1] is '0.5'"},
    {"missing_capability_dim",
     "bad.yaml:14:17: states[1].capability: missing dimension 'milex'; every state needs gdp, milex, rnd"},
    {"missing_ticks", "bad.yaml:1:1: missing required key 'ticks'"},
    {"negative_capability", "bad.yaml:14:33: states[1].capability.milex: -120 is out of range; allowed: a number >= 0"},
    {"non_finite_number", "bad.yaml:17:35: states[2].capability.milex: expected a finite number, got '.inf'"},
    {"power_weights_all_zero", "bad.yaml:9:18: dimensions.power_weights: all weights are 0; at least one must be > 0"},
    {"power_weights_missing_dim",
     "bad.yaml:9:18: dimensions.power_weights: missing dimension 'rnd'; every dimension needs a weight (0 allowed): "
     "gdp, milex, rnd"},
    {"proximity_needs_positions",
     "bad.yaml:20:5: states[2]: missing lat and lon; proximity.decay_km needs every state's position"},
    {"relation_out_of_range", "bad.yaml:20:34: relations[0].value: 1.5 is out of range; allowed: a number in [-1, 1]"},
    {"relation_self_pair",
     "bad.yaml:20:21: relations[0].between[1]: a pair needs two different states, got 'RUS' twice"},
    {"sanctions_need_economy_role",
     "bad.yaml:20:17: events[0].sanctions: needs a capability dimension with role economy; add role: economy to one of "
     "dimensions.capability"},
    {"sanctions_target_in_coalition",
     "bad.yaml:20:42: events[0].sanctions.target: 'RUS' is also in by; a state cannot sanction itself"},
    {"schedule_never_fires", "bad.yaml:20:62: events[0].from: schedule never fires: from 60 >= ticks 48"},
    {"tolerance_not_above_one", "bad.yaml:2:14: defaults.tolerance: 1 is out of range; allowed: a number > 1"},
    {"start_out_of_range",
     "bad.yaml:3:8: start: 1e308 is out of range; allowed: a year in [-10000, 10000] (a fractional year: 2014.25 is "
     "2014Q2)"},
    {"too_few_states", "bad.yaml:10:3: states: expected at least 2 states, got 1"},
    {"trait_out_of_range",
     "bad.yaml:14:16: states[0].traits.hedging: 1.5 is out of range; allowed: a number in [0, 1]"},
    {"two_documents",
     "bad.yaml:9:1: the file holds 2 YAML documents; a scenario is one document (the second begins here: remove the "
     "'---' line or split the file)"},
    {"unknown_incident_mode",
     "bad.yaml:20:18: parameters.incident_mode: unknown value 'sometimes'; allowed: random, expected"},
    {"unknown_role",
     "bad.yaml:7:25: dimensions.capability[2].role: unknown value 'science'; allowed: economy, military, technology, "
     "energy"},
    {"unknown_state_id",
     "bad.yaml:20:37: events[0].sanctions.target: unknown state id 'RUSS'; known ids: USA, CHN, RUS"},
    {"unknown_top_level_key",
     "bad.yaml:19:1: unknown key 'event'; allowed: scenario, description, model, ticks, tick_label, start, seed, "
     "dimensions, "
     "defaults, parameters, states, relations, proximity, arms_imports, events, output"},
    {"unknown_trait_key",
     "bad.yaml:16:14: states[1].traits: unknown key 'hedgeing'; allowed: kappa, mu, eps, theta, beta, hedging, "
     "tolerance, arms_reaction, pivot, growth"},
    {"until_before_from", "bad.yaml:20:77: events[0].until: schedule never fires: until 10 <= from 20"},
    {"watch_unknown_id", "bad.yaml:20:29: output.dyads[1][1]: unknown state id 'UK'; known ids: USA, CHN, RUS"},
    {"wrong_type_list_for_number", "bad.yaml:14:23: states[1].capability.gdp: expected a number, got a list"},
    {"wrong_type_ticks", "bad.yaml:2:8: ticks: expected an integer, got 'abc'"},
};

}  // namespace

TEST_CASE("every broken scenario reports exactly its one error, word for word") {
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    CAPTURE(name);
    ++seen;
    const auto expected = kExpected.find(name);
    REQUIRE_MESSAGE(expected != kExpected.end(), "no expected message for " << name);
    try {
      bpsim::parse_scenario(read_text(entry.path().string()), "bad.yaml");
      FAIL("loaded without error");
    } catch (const bpsim::ScenarioError& e) {
      CHECK(std::string(e.what()) == expected->second);
      CHECK(e.diagnostics().size() == 1);
    }
  }
  CHECK(seen == static_cast<int>(kExpected.size()));
}

TEST_CASE("load_scenario labels diagnostics with the path it was given") {
  const std::string path = kDir + "wrong_type_ticks.yaml";
  try {
    bpsim::load_scenario(path);
    FAIL("loaded without error");
  } catch (const bpsim::ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const auto& d = e.diagnostics()[0];
    CHECK(d.file == path);
    CHECK(d.line == 2);
    CHECK(d.column == 8);
    CHECK(d.yaml_path == "ticks");
    CHECK(d.message == "expected an integer, got 'abc'");
    CHECK(d.set_arg.empty());
  }
}
