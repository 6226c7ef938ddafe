// Valid scenarios land in the right arrays; defaults, normalisation, symmetry,
// great-circle proximity and growth merging; many errors at once; no crashes.
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>
#include "support/temp_dir.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <numbers>
#include <sstream>
#include <string>

using bpsim::test::read_text;

namespace {

const std::string kMinimal = std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml";

// Three states, nothing optional: everything else comes from defaults.
const std::string kBare = R"(scenario: bare
ticks: 10
dimensions:
  capability: [gdp, milex]
  alignment: [x]
states:
  - {id: A, capability: {gdp: 1, milex: 2}, alignment: [0.5]}
  - {id: B, capability: {gdp: 3, milex: 4}, alignment: [-0.5]}
  - {id: C, capability: {gdp: 5, milex: 6}, alignment: [0]}
)";

std::vector<bpsim::Diagnostic> errors_of(const std::string& yaml) {
  try {
    bpsim::parse_scenario(yaml, "t.yaml");
  } catch (const bpsim::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

TEST_CASE("minimal.yaml: header, dimensions and roles") {
  const auto sc = bpsim::load_scenario(kMinimal);
  CHECK(sc.name == "minimal");
  CHECK(sc.description == "Three states, every rule once.");
  CHECK(sc.source_file == kMinimal);
  CHECK(sc.ticks == 48);
  CHECK(sc.tick_label == "quarter");
  REQUIRE(sc.start.has_value());
  CHECK(*sc.start == 2010);
  CHECK(sc.seed == 7);
  REQUIRE(sc.n_cap() == 4);
  CHECK(sc.capability_dims[3].name == "energy");
  CHECK(sc.capability_dims[3].role == bpsim::Role::none);
  CHECK(sc.dim(bpsim::Role::economy) == 0);
  CHECK(sc.dim(bpsim::Role::military) == 1);
  CHECK(sc.dim(bpsim::Role::technology) == 2);
  CHECK(sc.alignment_axes == std::vector<std::string>{"order", "east_west"});
  CHECK(sc.dmax() == doctest::Approx(2 * std::sqrt(2.0)));
  // {gdp: 3, milex: 3, rnd: 2, energy: 2} normalised to sum 1.
  CHECK(sc.power_weights[0] == doctest::Approx(0.3));
  CHECK(sc.power_weights[1] == doctest::Approx(0.3));
  CHECK(sc.power_weights[2] == doctest::Approx(0.2));
  CHECK(sc.power_weights[3] == doctest::Approx(0.2));
}

TEST_CASE("minimal.yaml: states, positions and traits") {
  const auto sc = bpsim::load_scenario(kMinimal);
  REQUIRE(sc.n_states() == 3);
  CHECK(sc.state_ids == std::vector<std::string>{"USA", "CHN", "RUS"});
  CHECK(sc.state_names == std::vector<std::string>{"United States", "CHN", "Russia"});
  CHECK(sc.state_index("RUS") == 2);
  CHECK(sc.state_index("XXX") == -1);
  CHECK(sc.capability0(2, 1) == 59);
  CHECK(sc.capability0(0, 3) == 2200);
  CHECK(sc.alignment0(1, 1) == -0.6);
  CHECK(sc.identity(1, 0) == -0.4);  // given
  CHECK(sc.identity(0, 1) == 0.9);   // defaults to the initial alignment
  CHECK(sc.traits.kappa[1] == 0.1);  // scenario defaults
  CHECK(sc.traits.mu[1] == 0.1);     // model default
  CHECK(sc.traits.hedging[0] == 0.2);
  CHECK(sc.traits.hedging[1] == 0.5);  // per state
  CHECK(sc.traits.tolerance[1] == 3);
  CHECK(sc.traits.tolerance[0] == 2);
  // growth: defaults {gdp: 0.005}; CHN merges {milex: 0.02}; RUS sets 0.01 for all.
  CHECK(sc.traits.growth.rows() == 3);
  CHECK(sc.traits.growth.cols() == 4);
  CHECK(sc.traits.growth(0, 0) == 0.005);
  CHECK(sc.traits.growth(0, 1) == 0);
  CHECK(sc.traits.growth(1, 0) == 0.005);
  CHECK(sc.traits.growth(1, 1) == 0.02);
  CHECK(sc.traits.growth(2, 0) == 0.01);
  CHECK(sc.traits.growth(2, 3) == 0.01);
}

TEST_CASE("minimal.yaml: parameters, pairs, events and watch list") {
  const auto sc = bpsim::load_scenario(kMinimal);
  CHECK(sc.params.w_t == 0.5);
  CHECK(sc.params.lambda_R == 0.03);
  CHECK(sc.params.k_target == 0.05);  // untouched default
  CHECK(sc.params.incident_mode == bpsim::IncidentMode::expected);
  CHECK(sc.relations0(2, 1) == 0.4);
  CHECK(sc.relations0(1, 2) == 0.4);
  CHECK(sc.relations0(0, 2) == -0.2);
  CHECK(sc.relations0(0, 1) == 0);
  CHECK(sc.relations0.diagonal().isZero());
  CHECK(sc.relations0.isApprox(sc.relations0.transpose()));
  CHECK(sc.proximity(1, 2) == 0.9);
  CHECK(sc.proximity(2, 1) == 0.9);
  CHECK(sc.proximity(0, 1) == 1);
  CHECK(sc.proximity.diagonal().isOnes());
  CHECK(sc.dependence0[bpsim::dependence_channel<bpsim::ArmsSaleEvent>](1, 2) == 0.7);
  CHECK(sc.dependence0[bpsim::dependence_channel<bpsim::ArmsSaleEvent>].sum() == doctest::Approx(0.7));

  REQUIRE(sc.events.size() == 4);
  const auto& s = std::get<bpsim::SanctionsEvent>(sc.events[0].rule);
  CHECK(s.by == std::vector<int>{0});
  CHECK(s.target == 2);
  CHECK(s.intensity == 0.5);
  CHECK(sc.events[0].when.from == 17);
  CHECK(sc.events[0].when.until == -1);
  const auto& a = std::get<bpsim::ArmsSaleEvent>(sc.events[1].rule);
  CHECK(a.seller == 2);
  CHECK(a.buyer == 1);
  CHECK(a.volume == 0.005);
  CHECK(a.policy == bpsim::ArmsPolicy::security_check);
  CHECK(a.threshold == 0.3);
  const auto& x = std::get<bpsim::ExerciseEvent>(sc.events[2].rule);
  CHECK(x.participants == std::vector<int>{2, 1});
  CHECK(sc.events[2].when.every == 4);
  CHECK(sc.events[2].when.until == 40);
  const auto& g = std::get<bpsim::EngagementEvent>(sc.events[3].rule);
  CHECK(g.target == 2);
  CHECK(sc.events[3].when.active(20));  // at: 20 fires once
  CHECK_FALSE(sc.events[3].when.active(21));
  CHECK_FALSE(sc.events[3].when.active(19));

  CHECK(sc.watch == std::vector<std::pair<int, int>>{{2, 1}, {2, 0}});
}

TEST_CASE("omitted keys take their defaults") {
  const auto sc = bpsim::parse_scenario(kBare, "bare.yaml");
  CHECK(sc.seed == 1);
  CHECK(sc.tick_label == "tick");
  CHECK_FALSE(sc.start.has_value());
  CHECK(sc.dim(bpsim::Role::economy) == -1);
  CHECK(sc.power_weights[0] == 0.5);
  CHECK(sc.power_weights[1] == 0.5);
  CHECK(sc.traits.kappa.isConstant(0.05));
  CHECK(sc.traits.tolerance.isConstant(2.0));
  CHECK(sc.traits.growth.isZero());
  CHECK(sc.params.lambda_M == 0.1);
  CHECK(sc.params.incident_mode == bpsim::IncidentMode::random);
  CHECK(sc.relations0.isZero());
  CHECK(sc.proximity.isOnes());
  CHECK(sc.dependence0[bpsim::dependence_channel<bpsim::ArmsSaleEvent>].isZero());
  CHECK(sc.events.empty());
  CHECK(sc.identity == sc.alignment0);
  CHECK(sc.watch == std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {1, 2}});
}

TEST_CASE("proximity from lat/lon is exp(-great-circle km / decay_km)") {
  // Two points on the equator 90 degrees apart: a quarter of the circumference.
  const std::string yaml = kBare + R"(proximity: {decay_km: 5000, pairs: [{between: [A, C], value: 0.25}]}
)";
  std::string with_pos = yaml;
  with_pos.replace(with_pos.find("alignment: [0.5]}"), 17, "alignment: [0.5], lat: 0, lon: 0}");
  with_pos.replace(with_pos.find("alignment: [-0.5]}"), 18, "alignment: [-0.5], lat: 0, lon: 90}");
  with_pos.replace(with_pos.find("alignment: [0]}"), 15, "alignment: [0], lat: 55.75, lon: 37.62}");
  const auto sc = bpsim::parse_scenario(with_pos, "prox.yaml");
  const double quarter_km = 6371.0 * std::numbers::pi / 2;  // 10007.54 km
  CHECK(sc.proximity(0, 1) == doctest::Approx(std::exp(-quarter_km / 5000)));
  CHECK(sc.proximity(0, 1) == doctest::Approx(0.135131259597));
  CHECK(sc.proximity(1, 0) == sc.proximity(0, 1));
  CHECK(sc.proximity(0, 2) == 0.25);  // a listed pair overrides the decay
  CHECK(sc.proximity.diagonal().isOnes());
}

TEST_CASE("proximity Moscow-Beijing matches a hand-computed great circle") {
  // Spherical law of cosines, R = 6371 km: 5793.73 km.
  std::string yaml = kBare + "proximity: {decay_km: 5000}\n";
  yaml.replace(yaml.find("alignment: [0.5]}"), 17, "alignment: [0.5], lat: 55.75, lon: 37.62}");
  yaml.replace(yaml.find("alignment: [-0.5]}"), 18, "alignment: [-0.5], lat: 39.9, lon: 116.4}");
  yaml.replace(yaml.find("alignment: [0]}"), 15, "alignment: [0], lat: 38.9, lon: -77.0}");
  const auto sc = bpsim::parse_scenario(yaml, "prox.yaml");
  CHECK(sc.proximity(0, 1) == doctest::Approx(std::exp(-5793.725625 / 5000)).epsilon(1e-9));
  CHECK(sc.proximity(1, 2) == doctest::Approx(std::exp(-11147.530223 / 5000)).epsilon(1e-9));
}

TEST_CASE("proximity map with a default and listed pairs") {
  const auto sc =
      bpsim::parse_scenario(kBare + "proximity: {default: 0.5, pairs: [{between: [B, A], value: 0.8}]}\n", "p.yaml");
  CHECK(sc.proximity(0, 1) == 0.8);
  CHECK(sc.proximity(1, 0) == 0.8);
  CHECK(sc.proximity(0, 2) == 0.5);
  CHECK(sc.proximity(2, 2) == 1);
}

TEST_CASE("growth: a number in defaults, a map per state merges over it") {
  std::string yaml = "defaults: {growth: 0.01}\n" + kBare;
  yaml.replace(yaml.find("alignment: [-0.5]}"), 18, "alignment: [-0.5], traits: {growth: {milex: 0.03}}}");
  const auto sc = bpsim::parse_scenario(yaml, "g.yaml");
  CHECK(sc.traits.growth(0, 0) == 0.01);
  CHECK(sc.traits.growth(0, 1) == 0.01);
  CHECK(sc.traits.growth(1, 0) == 0.01);
  CHECK(sc.traits.growth(1, 1) == 0.03);
}

TEST_CASE("output.dyads: none, all, and the default above 40 states") {
  CHECK(bpsim::parse_scenario(kBare + "output: {dyads: none}\n", "o.yaml").watch.empty());
  CHECK(bpsim::parse_scenario(kBare + "output: {dyads: all}\n", "o.yaml").watch.size() == 3);
  std::string big = "scenario: big\nticks: 2\ndimensions: {capability: [gdp], alignment: [x]}\nstates:\n";
  for (int i = 0; i < 41; ++i) big += "  - {id: S" + std::to_string(i) + ", capability: {gdp: 1}, alignment: [0]}\n";
  CHECK(bpsim::parse_scenario(big, "big.yaml").watch.empty());
  CHECK(bpsim::parse_scenario(big + "output: {dyads: all}\n", "big.yaml").watch.size() == 41 * 40 / 2);
}

TEST_CASE("every error in one pass, in document order") {
  std::string yaml = kBare;
  yaml.replace(yaml.find("ticks: 10"), 9, "ticks: 0");
  yaml.replace(yaml.find("gdp: 3"), 6, "gdp: x");
  yaml.replace(yaml.find("id: C"), 5, "id: A");
  yaml += "events:\n  - {exercise: {participants: [A, Z], scale: 2}}\n";
  const auto d = errors_of(yaml);
  REQUIRE(d.size() == 5);
  CHECK(d[0].str() == "t.yaml:2:8: ticks: 0 is out of range; allowed: an integer >= 1");
  CHECK(d[1].str() == "t.yaml:8:31: states[1].capability.gdp: expected a number, got 'x'");
  CHECK(d[2].str() == "t.yaml:9:10: states[2].id: duplicate id 'A' (first at line 7)");
  CHECK(d[3].str() == "t.yaml:11:35: events[0].exercise.participants[1]: unknown state id 'Z'; known ids: A, B");
  CHECK(d[4].str() == "t.yaml:11:46: events[0].exercise.scale: 2 is out of range; allowed: a number in [0, 1]");
}

TEST_CASE("an invalid id is reported once, not again where it is used") {
  std::string yaml = kBare + "relations: [{between: [A, C-1], value: 0.5}]\n";
  yaml.replace(yaml.find("id: C"), 5, "id: C-1");
  const auto d = errors_of(yaml);
  REQUIRE(d.size() == 1);
  CHECK(d[0].yaml_path == "states[2].id");
}

TEST_CASE("a self-referencing alias is an error, not a hang") {
  const auto d = errors_of(kBare + "events: &e [*e]\nrelations: &r [{between: *r, value: 0}]\n");
  REQUIRE(d.size() == 2);
  CHECK(d[0].str() == "t.yaml:11:12: relations[0].between: expected a pair of state ids [A, B], got 1 entry");
  CHECK(d[1].str() == "t.yaml:10:9: events[0]: expected a map, got a list");
}

TEST_CASE("errors stop being listed after 50") {
  std::string yaml = kBare + "parameters:\n";
  for (int i = 0; i < 60; ++i) yaml += "  bogus" + std::to_string(i) + ": 1\n";
  const auto d = errors_of(yaml);
  REQUIRE(d.size() == 51);
  CHECK(d[50].str() == "t.yaml: too many errors; 10 more not shown");
}

TEST_CASE("an unreadable file is a ScenarioError naming it") {
  try {
    bpsim::load_scenario("/nonexistent/dir/s.yaml");
    FAIL("loaded");
  } catch (const bpsim::ScenarioError& e) {
    CHECK(std::string(e.what()) == "/nonexistent/dir/s.yaml: cannot read scenario file: no such file");
  }
}

namespace {

// Parsing must end in a Scenario or a ScenarioError: never a crash or another exception.
void check_no_crash(const std::string& yaml) {
  try {
    bpsim::parse_scenario(yaml, "fuzz.yaml");
  } catch (const bpsim::ScenarioError& e) {
    CHECK_FALSE(e.diagnostics().empty());
  }
}

// Calls f on every node of the tree (maps' values and lists' items).
void for_each_node(YAML::Node node, const std::function<void(YAML::Node)>& f) {
  f(node);
  if (node.IsMap())
    for (auto kv : node) for_each_node(kv.second, f);
  if (node.IsSequence())
    for (auto v : node) for_each_node(v, f);
}

}  // namespace

TEST_CASE("any node replaced by a value of the wrong kind: an error, never a crash") {
  const std::string text = read_text(kMinimal);
  std::size_t count = 0;
  for_each_node(YAML::Load(text), [&count](YAML::Node) { ++count; });
  const std::vector<std::string> junk{"abc", "-1", ".nan",     "1e400",       "~",
                                      "[]",  "{}", "[1, [2]]", "{a: {b: c}}", "999999999999"};
  for (std::size_t target = 0; target < count; ++target)
    for (const auto& j : junk) {
      YAML::Node root = YAML::Load(text);
      std::size_t k = 0;
      for_each_node(root, [&](YAML::Node n) {
        if (k++ == target) n = YAML::Load(j);
      });
      check_no_crash(YAML::Dump(root));
    }
}

TEST_CASE("truncated and garbled text: an error, never a crash") {
  const std::string text = read_text(kMinimal);
  std::uint64_t x = 12345;
  auto next = [&x] { return (x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (std::size_t cut = 0; cut < text.size(); cut += 7) check_no_crash(text.substr(0, cut));
  for (int round = 0; round < 300; ++round) {
    std::string t = text;
    for (int e = 0; e < 3; ++e) t[next() % t.size()] = "{}[]:,-'\"&*!|> \n\t#x0"[next() % 20];
    check_no_crash(t);
  }
}

TEST_CASE("a file of several YAML documents is refused at the second one") {
  const auto d = errors_of(kBare + "---\n" + kBare);
  REQUIRE(d.size() == 1);
  CHECK(d[0].str() ==
        "t.yaml:10:1: the file holds 2 YAML documents; a scenario is one document (the "
        "second begins here: remove the '---' line or split the file)");
  // A trailing '---' starts an (empty) document too.
  CHECK(errors_of(kBare + "---\n---\n")[0].message.find("the file holds 3 YAML documents") == 0);
  // One document with its markers is fine.
  CHECK(bpsim::parse_scenario("---\n" + kBare + "...\n", "t.yaml").n_states() == 3);
  // A stray ',' makes yaml-cpp 0.7's LoadAll loop forever (found by fuzzing,
  // tests/fuzz/regressions/scenario/comma_document.yaml): documents are counted by their
  // starts, and one that does not move on is invalid YAML at its place; the loader returns.
  for (const auto& [text, where] : std::vector<std::pair<std::string, std::string>>{
           {",", "t.yaml:1:1: "}, {"\"x\",", "t.yaml:1:4: "}, {"# c\n, a", "t.yaml:2:1: "}}) {
    const auto e = errors_of(text);
    REQUIRE(e.size() == 1);
    CHECK(e[0].str() == where + "invalid YAML: the parser cannot go on from here (a stray ',' outside [ ] or { }?)");
  }
}

TEST_CASE("start must be a year in [-10000, 10000]") {
  const auto with_start = [](const std::string& start) {
    return std::string(kBare).replace(kBare.find("ticks: 10"), 9, "ticks: 10\nstart: " + start);
  };
  for (const std::string bad : {"1e308", "-9e18", "10000.25", "-10001"}) {
    CAPTURE(bad);
    const auto d = errors_of(with_start(bad));
    REQUIRE(d.size() == 1);
    CHECK(d[0].str() == "t.yaml:3:8: start: " + bad +
                            " is out of range; allowed: a year in [-10000, 10000] (a fractional year: "
                            "2014.25 is 2014Q2)");
  }
  CHECK(*bpsim::parse_scenario(with_start("-10000"), "t.yaml").start == -10000);
  CHECK(*bpsim::parse_scenario(with_start("10000"), "t.yaml").start == 10000);
}

TEST_CASE("model: v1 by default and v2 on request: an unknown version and a v1-only parameter are errors") {
  CHECK(bpsim::parse_scenario(kBare, "bare.yaml").model == bpsim::ModelVersion::v1);
  CHECK(bpsim::parse_scenario("model: v2\n" + kBare, "t.yaml").model == bpsim::ModelVersion::v2);
  CHECK(bpsim::parse_scenario("model: v1\nparameters: {w_t: 2}\n" + kBare, "t.yaml").params.w_t == 2);

  auto d = errors_of("model: v3\n" + kBare);
  REQUIRE(d.size() == 1);
  CHECK(d[0].str() == "t.yaml:1:8: model: unknown value 'v3'; allowed: v1, v2");

  d = errors_of("model: v2\nparameters: {w_t: 2, lambda_R: 2}\n" + kBare);
  REQUIRE(d.size() == 2);
  CHECK(d[0].line == 2);
  CHECK(d[0].yaml_path == "parameters.w_t");
  CHECK(d[0].message.find("'w_t' is not a parameter of model v2") == 0);
  CHECK(d[0].message.find("Remove it, or set model: v1") != std::string::npos);
  CHECK(d[1].yaml_path == "parameters.lambda_R");  // the other parameters are still read

  // The same refusal through --set, on the loader's path and the sweep patcher's.
  try {
    bpsim::parse_scenario("model: v2\n" + kBare, "t.yaml", {bpsim::parse_override("parameters.w_t=3")});
    FAIL("no error");
  } catch (const bpsim::ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].message.find("'w_t' is not a parameter of model v2") == 0);
    CHECK(e.diagnostics()[0].set_arg == "parameters.w_t=3");
  }
}
