// --set PATH=VALUE: syntax, application to the tree before validation, and
// diagnostics that name the --set argument rather than a line of the file.
#include "sim/io/scenario/overrides.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

namespace {

const std::string kMinimal = std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml";

const std::string& minimal_text() {
  static const std::string text = bpsim::test::read_text(kMinimal);
  return text;
}

bpsim::Scenario with(const std::vector<std::string>& args) {
  std::vector<bpsim::Override> overrides;
  for (const auto& a : args) overrides.push_back(bpsim::parse_override(a));
  return bpsim::parse_scenario(minimal_text(), "m.yaml", overrides);
}

// All diagnostics, one per line, of loading minimal.yaml with these --set args.
std::string errors_with(const std::vector<std::string>& args) {
  try {
    with(args);
  } catch (const bpsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::string parse_error(const std::string& arg) {
  try {
    bpsim::parse_override(arg);
  } catch (const bpsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("parse_override splits at the first '='") {
  const auto o = bpsim::parse_override("states.RUS.traits.hedging=0.8");
  CHECK(o.path == "states.RUS.traits.hedging");
  CHECK(o.value == "0.8");
  CHECK(bpsim::parse_override("description=a=b").value == "a=b");
  CHECK(bpsim::parse_override("description=").value.empty());
  CHECK(o.arg() == "states.RUS.traits.hedging=0.8");
}

TEST_CASE("parse_override rejects bad syntax, naming the argument") {
  CHECK(parse_error("ticks") == "--set ticks: expected PATH=VALUE, e.g. states.RUS.traits.hedging=0.8");
  CHECK(parse_error("=3") == "--set =3: empty path; expected PATH=VALUE");
  CHECK(parse_error("a..b=1") ==
        "--set a..b=1: empty segment in path 'a..b'; segments are separated by single dots, e.g. "
        "events.0.sanctions.intensity");
  CHECK(parse_error(".a=1").find("empty segment") != std::string::npos);
  CHECK(parse_error("description='open") ==
        "--set description='open: bad quoted value 'open; expected one YAML scalar");
}

TEST_CASE("overrides reach states by id or index, events, weights and parameters") {
  const auto sc =
      with({"states.RUS.traits.hedging=0.8", "states.0.capability.gdp=30", "events.0.sanctions.intensity=0.25",
            "dimensions.power_weights.gdp=8", "parameters.sigma_a=0.01", "ticks=60", "states.CHN.alignment.1=0.1",
            "description='quoted: with colon'"});
  CHECK(sc.traits.hedging[2] == 0.8);
  CHECK(sc.traits.hedging[1] == 0.5);  // others untouched
  CHECK(sc.capability0(0, 0) == 30);
  CHECK(std::get<bpsim::SanctionsEvent>(sc.events[0].rule).intensity == 0.25);
  CHECK(sc.power_weights[0] == doctest::Approx(8.0 / 15.0));  // {8, 3, 2, 2} normalised
  CHECK(sc.params.sigma_a == 0.01);
  CHECK(sc.ticks == 60);
  CHECK(sc.alignment0(1, 1) == 0.1);
  CHECK(sc.description == "quoted: with colon");
}

TEST_CASE("missing map keys along the path are created") {
  // USA has no traits map; the file has no growth for USA's milex.
  const auto sc = with({"states.USA.traits.growth.milex=0.03"});
  CHECK(sc.traits.growth(0, 1) == 0.03);
  CHECK(sc.traits.growth(0, 0) == 0.005);  // still merged over the defaults
  CHECK(errors_with({"states.USA.identity=0"}) ==
        "m.yaml: --set states.USA.identity=0: states[0].identity: expected a list, got '0'");
}

TEST_CASE("the last --set of a path wins, and nothing leaks into the next parse") {
  CHECK(with({"ticks=50", "ticks=60"}).ticks == 60);
  CHECK(with({}).ticks == 48);
}

TEST_CASE("path errors name the --set argument") {
  CHECK(errors_with({"states.XXX.traits.hedging=0.8"}) ==
        "m.yaml: --set states.XXX.traits.hedging=0.8: no state with id 'XXX'; known ids: USA, CHN, RUS");
  CHECK(errors_with({"events.9.sanctions.intensity=0.3"}) ==
        "m.yaml: --set events.9.sanctions.intensity=0.3: index 9 out of range; events has 4 entries");
  CHECK(errors_with({"states.RUS.traits=3"}) ==
        "m.yaml: --set states.RUS.traits=3: cannot set states[2].traits: it is a map; set one of its entries instead");
  CHECK(errors_with({"dimensions.alignment=x"}) ==
        "m.yaml: --set dimensions.alignment=x: cannot set dimensions.alignment: it is a list; set one of its entries "
        "instead");
  CHECK(errors_with({"ticks.x=1"}) ==
        "m.yaml: --set ticks.x=1: ticks is a single value, not a map or list; it has no 'x'");
  CHECK(errors_with({"dimensions.alignment.first=x"}) ==
        "m.yaml: --set dimensions.alignment.first=x: dimensions.alignment is a list; expected an index, got 'first'");
}

TEST_CASE("validation errors on overridden values name the --set, not a line") {
  CHECK(errors_with({"states.RUS.traits.hedging=1.5"}) ==
        "m.yaml: --set states.RUS.traits.hedging=1.5: states[2].traits.hedging: 1.5 is out of range; allowed: a number "
        "in [0, 1]");
  CHECK(errors_with({"states.CHN.traits.hedgeing=0.3"}) ==
        "m.yaml: --set states.CHN.traits.hedgeing=0.3: states[1].traits: unknown key 'hedgeing'; allowed: kappa, mu, "
        "eps, theta, beta, hedging, tolerance, arms_reaction, pivot, growth");
  CHECK(errors_with({"events.0.from=60"}) ==
        "m.yaml: --set events.0.from=60: events[0].from: schedule never fires: from 60 >= ticks 48");
  CHECK(errors_with({"parameters.incident_mode=rnd"}) ==
        "m.yaml: --set parameters.incident_mode=rnd: parameters.incident_mode: unknown value 'rnd'; allowed: random, "
        "expected");
  CHECK(errors_with({"bogus.key=1"}) ==
        "m.yaml: --set bogus.key=1: unknown key 'bogus'; allowed: scenario, description, model, ticks, tick_label, "
        "start, "
        "seed, dimensions, defaults, parameters, states, relations, proximity, arms_imports, events, output");
}

TEST_CASE("a message that depends on an overridden value says so") {
  CHECK(errors_with({"ticks=10"}) ==
        "m.yaml:53:65: events[0].from: schedule never fires: from 17 >= ticks 10 (--set ticks=10; to run only the "
        "first 10 ticks of the scenario as written, use --ticks 10)\n"
        "m.yaml:56:65: events[3].at: schedule never fires: at 20 >= ticks 10 (--set ticks=10; to run only the first "
        "10 ticks of the scenario as written, use --ticks 10)");
}

TEST_CASE("a --set error and a file error are both reported, each at its origin") {
  std::string text = minimal_text();
  text.replace(text.find("ticks: 48"), 9, "ticks: -4");
  try {
    bpsim::parse_scenario(text, "m.yaml", {bpsim::parse_override("states.XXX.name=x")});
    FAIL("loaded");
  } catch (const bpsim::ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(e.diagnostics()[0].set_arg == "states.XXX.name=x");
    CHECK(e.diagnostics()[1].str() == "m.yaml:4:8: ticks: -4 is out of range; allowed: an integer >= 1");
  }
}

TEST_CASE("odd overrides: a Scenario or a ScenarioError, never a crash") {
  const std::vector<std::string> args{"states.0=1",
                                      "states=1",
                                      "0=1",
                                      "states.RUS.alignment.5=1",
                                      "states.RUS.alignment.0.x=1",
                                      "dimensions.capability.0=gdp",
                                      "dimensions.capability.3=oil",
                                      "dimensions.capability.0.role=military",
                                      "proximity.decay_km=100",
                                      "output.dyads=none",
                                      "output.dyads.0.1=USA",
                                      "events.0.sanctions.by.0=RUS",
                                      "events.3.at=~",
                                      "states.RUS.traits.growth=0.02",
                                      "states.RUS.traits.growth.gdp.x=1",
                                      "states.99999999999999999999.id=X",
                                      "states.-1.id=X",
                                      "description=",
                                      "arms_imports.0.share=.nan",
                                      "relations.1.between.1=USA",
                                      "seed=18446744073709551616",
                                      "ticks=2147483648"};
  for (const auto& a : args) {
    CAPTURE(a);
    try {
      with({a});
    } catch (const bpsim::ScenarioError& e) {
      CHECK_FALSE(e.diagnostics().empty());
    }
  }
  CHECK(with({"states.RUS.traits.growth=0.02"}).traits.growth(2, 1) == 0.02);
}

TEST_CASE("a conflict with an overridden value cites the --set") {
  CHECK(errors_with({"dimensions.capability.0.role=military"}) ==
        "m.yaml:11:27: dimensions.capability[1].role: role 'military' is already taken by 'gdp' "
        "(--set dimensions.capability.0.role=military); each role at most once");
  CHECK(errors_with({"events.0.sanctions.by.0=RUS"}) ==
        "m.yaml:53:37: events[0].sanctions.target: 'RUS' is also in by (--set events.0.sanctions.by.0=RUS); "
        "a state cannot sanction itself");
  CHECK(errors_with({"output.dyads.0.1=USA"}) ==
        "m.yaml:58:23: output.dyads[1]: duplicate pair (RUS, USA) (first at --set output.dyads.0.1=USA)");
  // The file's CHN is the duplicate now; USA is gone, so its uses are errors too.
  const std::string e = errors_with({"states.0.id=CHN"});
  CHECK(e.substr(0, e.find('\n')) == "m.yaml:31:9: states[1].id: duplicate id 'CHN' (first at --set states.0.id=CHN)");
}

TEST_CASE("overrides are cheap enough for parameter sweeps") {
  const auto t0 = std::chrono::steady_clock::now();
  const int points = 500;
  double sum = 0;
  for (int i = 0; i < points; ++i)
    sum += with({"states.RUS.traits.hedging=" + std::to_string(i / double(points))}).traits.hedging[2];
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("parse_scenario + 1 override: " << ms / points << " ms per point");
  CHECK(sum > 0);
  CHECK(ms / points < 20.0);  // generous: Debug builds under sanitizers included
}

TEST_CASE("an override's length is capped, and the message stays short however long it is") {
  std::string path = "states";
  while (path.size() < (1u << 20)) path += ".traits";  // 1 MB; each segment would make a map
  const std::string arg = path + "=1";
  const std::string e = parse_error(arg);
  CHECK(e == "--set " + arg.substr(0, 200) + "... (" + std::to_string(arg.size()) + " bytes): the path is " +
                 std::to_string(path.size()) + " characters long; at most 1024 are allowed");
  CHECK(e.size() < 400);
  // The same refusal when an Override reaches the loader without parse_override (sweeps).
  try {
    bpsim::parse_scenario(minimal_text(), "m.yaml", {bpsim::Override{path, "1"}});
    FAIL("loaded");
  } catch (const bpsim::ScenarioError& err) {
    const std::string w = err.what();
    CHECK(w.find("the path is " + std::to_string(path.size()) + " characters long; at most 1024 are allowed") !=
          std::string::npos);
    CHECK(w.size() < 400);
  }
}

TEST_CASE("the limits: 1024 characters, 32 segments, a value of 64 KiB") {
  CHECK(parse_error(std::string(1024, 'a') + "=1").empty());
  CHECK(
      parse_error(std::string(1025, 'a') + "=1").find(": the path is 1025 characters long; at most 1024 are allowed") !=
      std::string::npos);
  std::string segments = "a";
  for (int i = 1; i < 32; ++i) segments += ".a";
  CHECK(parse_error(segments + "=1").empty());
  CHECK(parse_error(segments + ".a=1") ==
        "--set " + segments + ".a=1: the path has 33 segments; at most 32 are allowed");
  CHECK(parse_error("description=" + std::string(65536, 'x')).empty());
  CHECK(parse_error("description=" + std::string(65537, 'x'))
            .find(": the value is 65537 characters long; at most 65536 are allowed") != std::string::npos);
}

TEST_CASE("control characters in a --set are escaped in the message") {
  CHECK(
      errors_with({"states.R\x1b[2JUS.traits.hedging=0.5"}) ==
      "m.yaml: --set states.R\\x1B[2JUS.traits.hedging=0.5: no state with id 'R\\x1B[2JUS'; known ids: USA, CHN, RUS");
  CHECK(errors_with({"states.RUS.traits.h\u202Eedging=0.5"}).find("unknown key 'h\\u{202E}edging'; allowed:") !=
        std::string::npos);
}
