// extends: a scenario laid over its base (maps merge, lists replace, a map over a list
// of items with ids changes those items), remove_events / add_events, and errors that
// name the file (base or extending) and line they are in.
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

#include <string>

namespace {

using bpsim::test::TempDir;
using bpsim::test::write_text;

const std::string kMinimal = std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml";

// tests/data/minimal.yaml as base.yaml in dir, its events given ids.
void write_base(const TempDir& dir) {
  std::string text = bpsim::test::read_text(kMinimal);
  const auto give_id = [&](const std::string& rule, const std::string& id) {
    const auto at = text.find("  - {" + rule + ":");
    REQUIRE(at != std::string::npos);
    text.insert(at + 5, "id: " + id + ", ");
  };
  give_id("sanctions", "usa_sanctions");
  give_id("arms_sale", "rus_chn_arms");
  give_id("engagement", "usa_engages");
  write_text(dir / "base.yaml", text);
}

bpsim::Scenario load(const TempDir& dir, const std::string& file, const std::vector<bpsim::Override>& o = {}) {
  return bpsim::load_scenario((dir / file).string(), o);
}

std::string errors(const TempDir& dir, const std::string& file) {
  try {
    load(dir, file);
  } catch (const bpsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("extends: maps merge key by key, scalars and lists replace") {
  TempDir dir;
  write_base(dir);
  write_text(dir / "child.yaml",
             "extends: base.yaml\n"
             "scenario: child\n"
             "ticks: 24\n"
             "parameters: {w_t: 0.9}\n"
             "relations:\n"
             "  - {between: [USA, CHN], value: 0.3}\n");
  const bpsim::Scenario sc = load(dir, "child.yaml");
  CHECK(sc.name == "child");
  CHECK(sc.ticks == 24);
  CHECK(sc.params.w_t == 0.9);                                      // the child's
  CHECK(sc.params.lambda_R == 0.03);                                // the base's, merged
  CHECK(sc.params.incident_mode == bpsim::IncidentMode::expected);  // the base's, merged
  CHECK(sc.relations0(0, 1) == 0.3);                                // USA-CHN from the child's list
  CHECK(sc.relations0(2, 1) == 0.0);  // RUS-CHN 0.4 was in the base's list, which is replaced
  CHECK(sc.events.size() == 4);
}

TEST_CASE("extends: a map over the states list changes the states it names by id") {
  TempDir dir;
  write_base(dir);
  write_text(dir / "child.yaml",
             "extends: base.yaml\n"
             "states:\n"
             "  CHN: {traits: {hedging: 0.9}}\n");
  const bpsim::Scenario sc = load(dir, "child.yaml");
  REQUIRE(sc.state_ids == std::vector<std::string>{"USA", "CHN", "RUS"});
  CHECK(sc.traits.hedging[1] == 0.9);    // the child's
  CHECK(sc.traits.tolerance[1] == 3.0);  // the base's CHN traits, merged
  CHECK(sc.traits.hedging[0] == 0.2);    // USA: the base's defaults
  write_text(dir / "bad.yaml", "extends: base.yaml\nstates:\n  IND: {traits: {hedging: 0.9}}\n");
  CHECK(errors(dir, "bad.yaml") ==
        (dir / "bad.yaml").string() +
            ":3:3: states: the base's states (3 entries) has no item with id 'IND'; ids: USA, CHN, RUS");
}

TEST_CASE("extends: remove_events and add_events, before an event or at the end") {
  TempDir dir;
  write_base(dir);
  write_text(dir / "child.yaml",
             "extends: base.yaml\n"
             "remove_events: [usa_sanctions]\n"
             "add_events:\n"
             "  - {engagement: {by: [USA], target: CHN, intensity: 0.1}, from: 3, before: rus_chn_arms}\n"
             "  - {sanctions: {by: [USA], target: CHN, intensity: 0.2}, from: 5}\n");
  const bpsim::Scenario sc = load(dir, "child.yaml");
  REQUIRE(sc.events.size() == 5);
  CHECK(std::get<bpsim::EngagementEvent>(sc.events[0].rule).intensity == 0.1);
  CHECK(sc.events[1].id == "rus_chn_arms");
  CHECK(std::holds_alternative<bpsim::ExerciseEvent>(sc.events[2].rule));
  CHECK(sc.events[3].id == "usa_engages");
  CHECK(std::get<bpsim::SanctionsEvent>(sc.events[4].rule).intensity == 0.2);
  CHECK(sc.events[4].when.from == 5);
}

TEST_CASE("extends: an unknown event id in remove_events or before is refused at its line") {
  TempDir dir;
  write_base(dir);
  write_text(dir / "child.yaml",
             "extends: base.yaml\n"
             "remove_events: [usa_sanction]\n"
             "add_events:\n"
             "  - {exercise: {participants: [USA, CHN], scale: 0.1}, at: 3, before: nowhere}\n");
  const std::string file = (dir / "child.yaml").string();
  CHECK(errors(dir, "child.yaml") ==
        file +
            ":2:17: remove_events[0]: no event with id 'usa_sanction' to remove; the events' ids: "
            "usa_sanctions, rus_chn_arms, usa_engages\n" +
            file +
            ":4:71: add_events[0].before: no event with id 'nowhere' to add this event before; "
            "the events' ids: usa_sanctions, rus_chn_arms, usa_engages");
  write_text(dir / "alone.yaml", bpsim::test::read_text(kMinimal) + "remove_events: [x]\n");
  CHECK(errors(dir, "alone.yaml") ==
        (dir / "alone.yaml").string() +
            ":59:16: remove_events: 'remove_events' needs 'extends: BASE': it edits the events of a base scenario");
}

TEST_CASE("extends: an error in a base names the base file and its line") {
  TempDir dir;
  write_base(dir);
  std::string base = bpsim::test::read_text(dir / "base.yaml");
  base.replace(base.find("ticks: 48"), 9, "ticks: 0");  // line 4
  write_text(dir / "base.yaml", base);
  write_text(dir / "child.yaml", "extends: base.yaml\nscenario: child\n");
  CHECK(errors(dir, "child.yaml") ==
        (dir / "base.yaml").string() + ":4:8: ticks: 0 is out of range; allowed: an integer >= 1");
  // ... and the extending file's own errors stay its own.
  write_text(dir / "child.yaml", "extends: base.yaml\nticks: 0\nseed: x\n");
  CHECK(errors(dir, "child.yaml") ==
        (dir / "child.yaml").string() + ":2:8: ticks: 0 is out of range; allowed: an integer >= 1\n" +
            (dir / "child.yaml").string() + ":3:7: seed: expected an integer in [0, 18446744073709551615], got 'x'");
}

TEST_CASE("extends: chains, cycles, depth and unreadable bases") {
  TempDir dir;
  write_base(dir);
  std::filesystem::create_directories(dir / "sub");
  write_text(dir / "sub" / "mid.yaml", "extends: ../base.yaml\nticks: 30\nseed: 3\n");
  write_text(dir / "top.yaml", "extends: sub/mid.yaml\nticks: 24\n");
  const bpsim::Scenario sc = load(dir, "top.yaml");
  CHECK(sc.ticks == 24);  // top over mid
  CHECK(sc.seed == 3);    // mid over base (7)
  CHECK(sc.name == "minimal");

  write_text(dir / "a.yaml", "extends: b.yaml\n");
  write_text(dir / "b.yaml", "extends: a.yaml\n");
  const std::string a = (dir / "a.yaml").string(), b = (dir / "b.yaml").string();
  CHECK(errors(dir, "a.yaml") == b + ":1:10: extends: extends makes a cycle: " + a + " -> " + b + " -> " + a);

  for (int k = 0; k < 8; ++k)
    write_text(dir / ("c" + std::to_string(k) + ".yaml"), "extends: c" + std::to_string(k + 1) + ".yaml\n");
  write_text(dir / "c8.yaml", "extends: base.yaml\n");
  std::string chain;
  for (int k = 0; k < 8; ++k) chain += (dir / ("c" + std::to_string(k) + ".yaml")).string() + " -> ";
  CHECK(errors(dir, "c0.yaml") == (dir / "c7.yaml").string() + ":1:10: extends: extends chains at most 8 files: " +
                                      chain + (dir / "c8.yaml").string());
  CHECK_NOTHROW(load(dir, "c2.yaml"));  // c2 .. c8 and base: 8 files, within the limit

  write_text(dir / "lost.yaml", "scenario: lost\nextends: nowhere.yaml\n");
  CHECK(errors(dir, "lost.yaml") == (dir / "lost.yaml").string() + ":2:10: extends: cannot read base scenario file " +
                                        (dir / "nowhere.yaml").string() + ": no such file");
  std::filesystem::create_directories(dir / "adir");
  write_text(dir / "isdir.yaml", "extends: adir\n");
  CHECK(errors(dir, "isdir.yaml").find("it is a directory") != std::string::npos);
}
