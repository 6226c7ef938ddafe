// Event ids: names in --set paths (events.ID.FIELD, events.ID.RULE.FIELD), refused when
// a number or given twice, and translated to indices for the fast patcher of sweeps.
#include "sim/io/scenario/event_ids.hpp"
#include "sim/io/scenario/overrides.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

#include <string>
#include <vector>

namespace {

const std::string kMinimal = std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml";

// minimal.yaml with ids on its sanctions (event 0) and engagement (event 3).
std::string with_ids(const std::string& sanctions_id = "usa_sanctions", const std::string& engagement_id = "talks") {
  std::string text = bpsim::test::read_text(kMinimal);
  text.insert(text.find("  - {sanctions:") + 5, "id: " + sanctions_id + ", ");
  text.insert(text.find("  - {engagement:") + 5, "id: " + engagement_id + ", ");
  return text;
}

bpsim::Scenario parse(const std::string& text, const std::vector<std::string>& sets = {}) {
  std::vector<bpsim::Override> o;
  for (const auto& s : sets) o.push_back(bpsim::parse_override(s));
  return bpsim::parse_scenario(text, "m.yaml", o);
}

std::string errors(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    parse(text, sets);
  } catch (const bpsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

double sanctions_intensity(const bpsim::Scenario& sc) {
  return std::get<bpsim::SanctionsEvent>(sc.events[0].rule).intensity;
}

}  // namespace

TEST_CASE("--set names an event by its id, with or without its rule's key") {
  CHECK(sanctions_intensity(parse(with_ids(), {"events.usa_sanctions.intensity=0.3"})) == 0.3);
  CHECK(sanctions_intensity(parse(with_ids(), {"events.usa_sanctions.sanctions.intensity=0.2"})) == 0.2);
  CHECK(sanctions_intensity(parse(with_ids(), {"events.0.intensity=0.1"})) == 0.1);
  const auto sc = parse(with_ids(), {"events.talks.at=22", "events.talks.enabled=false"});
  CHECK(sc.events[3].when.from == 22);  // a schedule key stays the event's own
  CHECK_FALSE(sc.events[3].enabled);
  CHECK(sanctions_intensity(parse(with_ids())) == 0.5);
}

TEST_CASE("--set with an unknown event id is refused as the fast patcher refuses it") {
  CHECK(errors(with_ids(), {"events.usa_sanction.intensity=0.3"}) ==
        "m.yaml: --set events.usa_sanction.intensity=0.3: events is a list; expected an index, got 'usa_sanction'");
}

TEST_CASE("an event id that is a number, or given twice, is refused at its line") {
  // Line 53 is the sanctions event, line 56 the engagement (tests/data/minimal.yaml).
  CHECK(errors(with_ids("12")) ==
        "m.yaml:53:10: events[0].id: event id '12' is a number; a path segment events.12 means the event at that "
        "index, so an id must be a name (e.g. sanctions_2014)");
  CHECK(errors(with_ids("usa", "usa")) == "m.yaml:56:10: events[3].id: duplicate event id 'usa' (first at line 53)");
}

TEST_CASE("event_path_by_index turns an event id into its index for the fast patcher") {
  const auto sc = parse(with_ids());
  CHECK(bpsim::event_path_by_index(sc, "events.talks.engagement.intensity") == "events.3.engagement.intensity");
  CHECK(bpsim::event_path_by_index(sc, "events.usa_sanctions.sanctions.intensity") == "events.0.sanctions.intensity");
  CHECK(bpsim::event_path_by_index(sc, "events.1.arms_sale.volume") == "events.1.arms_sale.volume");
  CHECK(bpsim::event_path_by_index(sc, "events.nobody.x") == "events.nobody.x");
  CHECK(bpsim::event_path_by_index(sc, "states.talks.traits.kappa") == "states.talks.traits.kappa");
}
