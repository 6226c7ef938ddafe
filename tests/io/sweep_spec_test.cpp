// Sweep files: a valid file gives the expected spec; every broken file reports its
// one error word for word at the right place; canonical() ignores layout only.
#include "sim/io/sweep/spec.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/temp_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

using bpsim::test::read_text;
using bpsim::test::TempDir;
using bpsim::test::write_text;

namespace {

// The message of the ScenarioError parsing `text` throws ("" when it does not).
std::string load_error(const std::string& text, const std::string& label) {
  try {
    (void)bpsim::parse_sweep(text, label);
  } catch (const bpsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

const std::string kDir = std::string(BPSIM_SOURCE_DIR) + "/tests/data/sweeps/";
const std::string kBroken = kDir + "broken/";

// file -> the one diagnostic it must produce, after "FILE:" ({dir} = the file's directory).
const std::map<std::string, std::string> kExpected{
    {"bad_outcome",
     "5:41: outcomes[1]: outcome 'dyad:RUS:alignment@last': expected world:METRIC, state:ID:METRIC or "
     "dyad:ID:ID:METRIC"},
    {"bad_trajectories", "5:15: trajectories: expected none or an integer >= 1 (keep every K-th tick), got 'some'"},
    {"duplicate_level", "4:35: parameters[parameters.w_t].levels[2]: duplicate level 1 (first at levels[0])"},
    {"duplicate_outcome", "7:5: outcomes[1]: duplicate outcome 'world:blocs@last' (first at line 6)"},
    {"duplicate_parameter", "5:3: parameters: duplicate parameter 'parameters.w_t' (first at line 4)"},
    {"empty_file", "1:1: empty sweep file; expected a map with at least scenario, design, parameters"},
    {"empty_path_segment",
     "5:3: parameters: empty segment in path 'events..sanctions.intensity'; segments are separated by single dots, "
     "e.g. events.0.sanctions.intensity"},
    {"levels_without_grid",
     "5:42: parameters[events.1.arms_sale.threshold].levels: levels need design kind grid, not sobol; use range: [lo, "
     "hi]"},
    {"log_scale_from_zero", "4:46: parameters[parameters.w_t].scale: log scale needs lo > 0, got lo = 0.0"},
    {"malformed_yaml", "3:11: invalid YAML: end of map flow not found"},
    {"missing_design", "1:1: missing required key 'design'"},
    {"missing_scenario_file",
     "1:11: scenario: cannot read scenario file '{dir}no_such_scenario.yaml': no such file (a relative path is "
     "relative to the sweep file's directory)"},
    {"negative_seed", "2:52: design.seed: -1 is out of range; allowed: an integer >= 0"},
    {"no_parameters", "3:13: parameters: design kind morris needs at least 1 parameter, got none"},
    {"odd_morris_levels",
     "2:32: design.levels: 5 levels: a morris design needs an even number of levels; allowed: 2, 4, 6, ..."},
    {"parameter_not_a_map",
     "4:19: parameters[parameters.w_t]: expected {range: [lo, hi]} (optionally with scale: log) or {levels: [v1, v2, "
     "...]}, got '0.5'"},
    {"range_and_levels", "4:47: parameters[parameters.w_t].levels: 'range' and 'levels' exclude each other; use one"},
    {"range_not_number", "4:33: parameters[parameters.w_t].range[1]: expected a number, got 'two'"},
    {"range_reversed", "4:27: parameters[parameters.w_t].range: expected lo < hi, got [2.0, 0.2]"},
    {"range_three_numbers", "4:27: parameters[parameters.w_t].range: expected [lo, hi], got a list of 3"},
    {"samples_with_morris",
     "4:3: design.samples: 'samples' does not apply to kind morris; allowed: kind, seed, trajectories, levels"},
    {"set_swept_parameter",
     "7:3: set[parameters.w_t]: 'parameters.w_t' is also a swept parameter (line 4); a value is either swept or fixed"},
    {"set_value_not_scalar", "5:27: set[parameters.sigma_a]: expected a single value, got a list"},
    {"sobol_without_samples", "2:9: design: missing required key 'samples'"},
    {"too_many_runs",
     "2:9: design: the sweep has 6000000000 points x 1 replicates = 6000000000 runs, more than the 2147483647 a sweep "
     "may have; ask for fewer samples, levels or replicates, or split it into several sweep files"},
    {"two_documents",
     "5:1: the file holds 2 YAML documents; a sweep file is one document (the second begins here: remove the '---' "
     "line or split the file)"},
    {"unknown_design_kind",
     "2:16: design.kind: unknown value 'halton'; allowed: grid, random, latin_hypercube, sobol, morris"},
    {"unknown_parameter_key", "4:39: parameters[parameters.w_t]: unknown key 'scael'; allowed: range, scale, levels"},
    {"unknown_top_level_key",
     "3:1: unknown key 'parameter'; allowed: scenario, design, replicates, parameters, outcomes, trajectories, set"},
    {"zero_replicates", "3:13: replicates: 0 is out of range; allowed: an integer >= 1"},
    {"zero_samples", "2:33: design.samples: 0 is out of range; allowed: an integer >= 1"},
};

std::vector<bpsim::Diagnostic> diagnostics_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const bpsim::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

std::string normal(const std::string& p) { return std::filesystem::path(p).lexically_normal().string(); }

const std::string kScenario = normal(std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml");

}  // namespace

TEST_CASE("sweep file: sobol.yaml gives the expected spec") {
  const auto sp = bpsim::load_sweep(kDir + "sobol.yaml");
  CHECK(sp.file == kDir + "sobol.yaml");
  CHECK(sp.scenario_path == kScenario);
  CHECK(sp.design.kind == "sobol");
  CHECK(sp.design.samples == 1024);
  CHECK(sp.design.seed == 3);
  CHECK(sp.replicates == 4);
  REQUIRE(sp.parameters.size() == 3);
  CHECK(sp.parameters[0].path == "events.0.sanctions.intensity");
  CHECK(sp.parameters[0].lo == 0.0);
  CHECK(sp.parameters[0].hi == 1.0);
  CHECK(!sp.parameters[0].log);
  CHECK(sp.parameters[0].levels.empty());
  CHECK(sp.parameters[1].path == "states.RUS.traits.hedging");
  CHECK(sp.parameters[2].path == "parameters.w_t");
  CHECK(sp.parameters[2].lo == 0.2);
  CHECK(sp.parameters[2].hi == 2.0);
  CHECK(sp.parameters[2].log);
  CHECK(sp.outcomes ==
        std::vector<std::string>{"dyad:RUS:CHN:alignment@last", "dyad:CHN:RUS:power_ratio@last", "world:blocs@last"});
  CHECK(sp.trajectories_every == 0);
  REQUIRE(sp.fixed.size() == 1);
  CHECK(sp.fixed[0].path == "parameters.sigma_a");
  CHECK(sp.fixed[0].value == "0.0");
}

TEST_CASE("sweep file: grid.yaml, levels and defaults") {
  const auto sp = bpsim::load_sweep(kDir + "grid.yaml");
  CHECK(sp.design.kind == "grid");
  CHECK(sp.design.points == 3);
  CHECK(sp.design.seed == 1);
  CHECK(sp.replicates == 1);
  REQUIRE(sp.parameters.size() == 2);
  CHECK(sp.parameters[0].levels.empty());
  CHECK(sp.parameters[1].path == "events.1.arms_sale.threshold");
  CHECK(sp.parameters[1].levels == std::vector<double>{0.15, 0.25, 0.35});
  CHECK(sp.parameters[1].lo == 0.15);
  CHECK(sp.parameters[1].hi == 0.35);
  CHECK(sp.outcomes.empty());
  CHECK(sp.trajectories_every == 4);
  CHECK(sp.fixed.empty());
}

TEST_CASE("sweep file: morris keys, big seeds, grid without parameters") {
  const std::string label = kDir + "inline.yaml";
  const std::string head = "scenario: ../../../scenarios/pivot_to_asia_2014.yaml\n";
  auto sp = bpsim::parse_sweep(head +
                                   "design: {kind: morris, trajectories: 20, levels: 6, seed: "
                                   "18446744073709551615}\nparameters: {parameters.w_t: {range: [0.5, 1]}}\n",
                               label);
  CHECK(sp.design.trajectories == 20);
  CHECK(sp.design.levels == 6);
  CHECK(sp.design.seed == 18446744073709551615ull);
  sp = bpsim::parse_sweep(head + "design: {kind: grid}\nreplicates: 50\n", label);
  CHECK(sp.parameters.empty());
  CHECK(sp.replicates == 50);
  CHECK(sp.design.points == 5);
}

// The reader and the descriptors (sweep/keys.hpp, from which the schema and docs/sweeps.md
// are written) agree: under each design kind, each design key is accepted (at its least
// value) exactly where its descriptor says it applies, and refused elsewhere with a
// message naming the keys that do apply; the defaults are the descriptors'.
TEST_CASE("sweep file: the design keys each kind takes are those of the descriptors") {
  const std::string label = kDir + "inline.yaml";
  const std::string head =
      "scenario: ../../../scenarios/pivot_to_asia_2014.yaml\n"
      "parameters: {parameters.w_t: {range: [0.5, 1]}}\n";
  for (std::string_view kind : bpsim::kSweepDesignKinds) {
    std::string applying, required;
    for (const bpsim::SweepKey& k : bpsim::kSweepDesignKeys)
      if (bpsim::sweep_key_applies(k, kind)) {
        applying += (applying.empty() ? "" : ", ") + std::string(k.name);
        if (k.need == bpsim::SweepNeed::required && k.name != "kind")
          required += fmt::format(", {}: {}", k.name, std::max(k.min, 2LL));
      }
    for (const bpsim::SweepKey& k : bpsim::kSweepDesignKeys) {
      if (k.name == "kind" || k.need == bpsim::SweepNeed::required) continue;
      CAPTURE(kind);
      CAPTURE(k.name);
      const long long value = std::max(k.min, 2LL);
      const std::string text = fmt::format("{}design: {{kind: {}{}, {}: {}}}\n", head, kind, required, k.name, value);
      if (bpsim::sweep_key_applies(k, kind)) {
        CHECK_NOTHROW((void)bpsim::parse_sweep(text, label));
      } else {
        const std::string message = load_error(text, label);
        CHECK(message.find(fmt::format("'{}' does not apply to kind {}; allowed: {}", k.name, kind, applying)) !=
              std::string::npos);
      }
    }
    if (!required.empty()) {  // without a required key
      const std::string message = load_error(fmt::format("{}design: {{kind: {}}}\n", head, kind), label);
      CHECK(message.find("missing required key") != std::string::npos);
    }
  }
  const bpsim::SweepSpec defaults = bpsim::parse_sweep(head + "design: {kind: morris}\n", label);
  CHECK(defaults.design.trajectories == bpsim::sweep_key(bpsim::kSweepDesignKeys, "trajectories").def);
  CHECK(defaults.design.levels == bpsim::sweep_key(bpsim::kSweepDesignKeys, "levels").def);
  CHECK(defaults.design.seed == 1);
  CHECK(defaults.replicates == 1);
}

TEST_CASE("sweep file: every broken file reports exactly its one error, word for word") {
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kBroken)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    CAPTURE(name);
    ++seen;
    const auto expected = kExpected.find(name);
    REQUIRE_MESSAGE(expected != kExpected.end(), "no expected message for " << name);
    std::string want = expected->second;
    if (const auto at = want.find("{dir}"); at != std::string::npos) want.replace(at, 5, kBroken);
    const std::string path = entry.path().string();
    const auto diagnostics = diagnostics_of([&] { bpsim::load_sweep(path); });
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].str() == path + ":" + want);
    CHECK(diagnostics[0].file == path);
  }
  CHECK(seen == static_cast<int>(kExpected.size()));
}

TEST_CASE("sweep file: all errors at once, and an unreadable file") {
  const auto d = diagnostics_of([] {
    bpsim::parse_sweep(
        "scenario: ../../../scenarios/pivot_to_asia_2014.yaml\n"
        "design: {kind: sobol, samples: -3}\n"
        "replicates: two\n"
        "parameters: {parameters.w_t: {range: [1, 0]}}\n",
        kDir + "x.yaml");
  });
  REQUIRE(d.size() == 3);
  CHECK(d[0].yaml_path == "design.samples");
  CHECK(d[1].yaml_path == "replicates");
  CHECK(d[1].message == "expected an integer, got 'two'");
  CHECK(d[2].line == 4);
  CHECK(d[2].message == "expected lo < hi, got [1, 0]");

  const std::string missing = kDir + "no_such_sweep.yaml";
  try {
    bpsim::load_sweep(missing);
    FAIL("loaded a missing file");
  } catch (const bpsim::ScenarioError& e) {
    CHECK(std::string(e.what()) == missing + ": cannot read sweep file: no such file");
  }
}

TEST_CASE("sweep file: a relative scenario path is relative to the sweep file's directory") {
  TempDir tmp;
  std::filesystem::create_directories(tmp / "sweeps");
  std::filesystem::create_directories(tmp / "scenarios");
  std::filesystem::create_directories(tmp / "deep" / "inner");
  write_text(tmp / "scenarios" / "x.yaml", "scenario: x\n");
  write_text(tmp / "deep" / "y.yaml", "scenario: y\n");
  const std::string body = "design: {kind: grid}\n";

  write_text(tmp / "sweeps" / "a.yaml", "scenario: ../scenarios/x.yaml\n" + body);
  CHECK(bpsim::load_sweep((tmp / "sweeps" / "a.yaml").string()).scenario_path ==
        (tmp / "scenarios" / "x.yaml").string());

  const std::string abs = (tmp / "scenarios" / "x.yaml").string();
  write_text(tmp / "sweeps" / "b.yaml", "scenario: " + abs + "\n" + body);
  CHECK(bpsim::load_sweep((tmp / "sweeps" / "b.yaml").string()).scenario_path == abs);

  // Through a symbolic link, '..' is the link target's parent, as the OS sees it.
  std::filesystem::create_directory_symlink(tmp / "deep" / "inner", tmp / "link");
  write_text(tmp / "deep" / "inner" / "c.yaml", "scenario: ../y.yaml\n" + body);
  const auto sp = bpsim::load_sweep((tmp / "link" / "c.yaml").string());
  CHECK(std::filesystem::equivalent(sp.scenario_path, tmp / "deep" / "y.yaml"));

  // A sweep file given without a directory: relative to the working directory.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(tmp / "sweeps");
  const auto here = bpsim::load_sweep("a.yaml");
  std::filesystem::current_path(cwd);
  CHECK(here.scenario_path == "../scenarios/x.yaml");
}

TEST_CASE("sweep file: canonical() ignores layout and key order, not values") {
  const auto a = bpsim::load_sweep(kDir + "sobol.yaml");
  const auto b = bpsim::load_sweep(kDir + "sobol_reordered.yaml");
  CHECK(a.canonical() == b.canonical());
  CHECK(a.canonical() ==
        "bpsim-sweep 1\n"
        "design.kind \"sobol\"\n"
        "design.samples 1024\n"
        "design.seed 3\n"
        "replicates 4\n"
        "parameter \"events.0.sanctions.intensity\" range 0 1 linear\n"
        "parameter \"states.RUS.traits.hedging\" range 0 1 linear\n"
        "parameter \"parameters.w_t\" range 0.20000000000000001 2 log\n"
        "outcome \"dyad:RUS:CHN:alignment@last\"\n"
        "outcome \"dyad:CHN:RUS:power_ratio@last\"\n"
        "outcome \"world:blocs@last\"\n"
        "trajectories_every 0\n"
        "set \"parameters.sigma_a\" 0\n");

  CHECK(bpsim::sweep_fingerprint(a) == bpsim::sweep_fingerprint(b));
  CHECK(bpsim::sweep_fingerprint(a).size() == 64);
  CHECK(bpsim::sweep_fingerprint(a) != bpsim::sweep_fingerprint(bpsim::load_sweep(kDir + "grid.yaml")));

  const std::string text = read_text(kDir + "sobol.yaml");
  auto changed = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    return bpsim::parse_sweep(t, kDir + "changed.yaml").canonical();
  };
  CHECK(changed("[0.2, 2.0]", "[0.2, 2.5]") != a.canonical());
  CHECK(changed("[0.2, 2.0]", "[0.2, 2.0000000000000004]") != a.canonical());
  CHECK(changed("seed: 3", "seed: 4") != a.canonical());
  CHECK(changed("replicates: 4", "replicates: 5") != a.canonical());
  CHECK(changed("scale: log", "scale: linear") != a.canonical());
  CHECK(changed("world:blocs@last", "world:blocs@first") != a.canonical());
  CHECK(changed("trajectories: none", "trajectories: 2") != a.canonical());
  CHECK(changed("sigma_a: 0.0", "sigma_a: 0.01") != a.canonical());
  CHECK(changed("# relative", "# a different comment,") == a.canonical());
}
