// ScenarioPatch: a compiled --set must give exactly the loader's Scenario (checked field
// by field and through the final World's hash) on every shipped scenario; paths it
// cannot guarantee are refused; bad state ids and indices throw the loader's message.
#include "sim/io/scenario/patch.hpp"
#include "sim/io/scenario/path_text.hpp"

#include "sim/core/run.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "sim/model/tables.hpp"
#include "support/scenario_digest.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace bpsim;
using bpsim::test::scenario_digest;
using bpsim::test::shipped_scenarios;

namespace {

const std::string kScenarios = std::string(BPSIM_SOURCE_DIR) + "/scenarios";
const std::string kPivot = kScenarios + "/pivot_to_asia_2014.yaml";

// The final World's hash of a fixed-seed run, or the error it stopped with.
std::string run_hash(const Scenario& sc) {
  RunOptions opt;
  opt.seed = 11;
  opt.log_events = false;
  try {
    return world_hash(run_scenario(sc, opt, nullptr));
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

// Values inside each path's allowed range (the driver checks ranges with the loader).
std::vector<double> values_for(const std::string& path) {
  auto ends = [&](const char* s) {
    const std::string suffix(s);
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".tolerance")) return {1.5, 2.75, 40.0};
  if (ends(".beta")) return {-0.6, 0.37, 1.0};
  if (path.find(".growth.") != std::string::npos) return {-0.02, 0.0031, 0.05};
  if (path.find(".capability.") != std::string::npos) return {0.5, 12.5, 3000.0};
  if (path.find(".alignment.") != std::string::npos || path.find(".identity.") != std::string::npos)
    return {-0.9, -0.0, 0.37};
  if (ends(".volume")) return {0.0, 0.004, 0.05};
  if (ends(".threshold")) return {0.0, 0.25, 0.8};
  return {0.01, 0.37, 0.9};
}

// What kind of path a supported path is, for the coverage count.
std::string kind_of(const std::string& path) {
  if (path.rfind("parameters.", 0) == 0) return "parameters";
  if (path.find(".traits.growth.") != std::string::npos) return "growth";
  if (path.find(".traits.") != std::string::npos) return "traits";
  if (path.find(".capability.") != std::string::npos) return "capability";
  if (path.find(".alignment.") != std::string::npos) return "alignment";
  if (path.find(".identity.") != std::string::npos) return "identity";
  return path.substr(path.find('.', 7) + 1);  // events.K.<rule.field>
}

// Every numeric path the fast path might support, for scenario sc.
std::vector<std::string> candidate_paths(const Scenario& sc) {
  std::vector<std::string> paths;
  for (const auto& p : kParams)
    if (in_model(p, sc.model)) paths.push_back(std::string("parameters.") + p.name);
  for (int i = 0; i < sc.n_states(); ++i) {
    // The first, second (by index) and last states, and any with its own identity.
    const bool own_identity = sc.identity.row(i) != sc.alignment0.row(i);
    if (i > 1 && i + 1 < sc.n_states() && !own_identity) continue;
    const std::string st = i == 1 ? "states.1" : "states." + sc.state_ids[static_cast<std::size_t>(i)];
    for (const auto& t : kTraits) paths.push_back(st + ".traits." + t.name);
    for (const auto& d : sc.capability_dims) {
      paths.push_back(st + ".traits.growth." + d.name);
      paths.push_back(st + ".capability." + d.name);
    }
    for (int k = 0; k < sc.n_axes(); ++k) {
      paths.push_back(fmt::format("{}.alignment.{}", st, k));
      paths.push_back(fmt::format("{}.identity.{}", st, k));
    }
  }
  for (std::size_t e = 0; e < sc.events.size(); ++e) {
    std::visit(
        [&](const auto& r) {
          using R = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<R, SanctionsEvent>)
            paths.push_back(fmt::format("events.{}.sanctions.intensity", e));
          else if constexpr (std::is_same_v<R, EngagementEvent>)
            paths.push_back(fmt::format("events.{}.engagement.intensity", e));
          else if constexpr (std::is_same_v<R, ArmsSaleEvent>) {
            paths.push_back(fmt::format("events.{}.arms_sale.volume", e));
            paths.push_back(fmt::format("events.{}.arms_sale.threshold", e));
          } else {
            paths.push_back(fmt::format("events.{}.exercise.scale", e));
          }
        },
        sc.events[e].rule);
  }
  return paths;
}

Override set(const std::string& path, double v) { return Override{path, fmt::format("{}", v)}; }

// The loader's diagnostics for one --set, or none if it loads.
std::vector<Diagnostic> loader_errors(const std::string& file, const Override& o) {
  try {
    load_scenario(file, {o});
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

TEST_CASE("scenario_patch: every supported path equals the loader on every shipped scenario") {
  std::map<std::string, int> supported;  // kind -> paths checked
  int refused = 0;
  for (const auto& file : shipped_scenarios()) {
    CAPTURE(file);
    const Scenario base = load_scenario(file);
    for (const auto& path : candidate_paths(base)) {
      CAPTURE(path);
      const auto patch = ScenarioPatch::compile(base, path);
      if (!patch) {
        ++refused;
        continue;
      }
      CHECK(patch->path() == path);
      ++supported[kind_of(path)];
      auto values = values_for(path);
      if (file != kPivot) values.pop_back();  // three values on the flagship, two elsewhere
      for (const double v : values) {
        CAPTURE(v);
        const Scenario loaded = load_scenario(file, {set(path, v)});
        Scenario patched = base;
        patch->apply(patched, v);
        CHECK(scenario_digest(patched) == scenario_digest(loaded));
        CHECK(run_hash(patched) == run_hash(loaded));
      }
    }
  }
  // Every kind of supported path was exercised, on several scenarios.
  for (const char* kind :
       {"parameters", "traits", "growth", "capability", "alignment", "identity", "sanctions.intensity",
        "arms_sale.volume", "arms_sale.threshold", "exercise.scale", "engagement.intensity"}) {
    CAPTURE(kind);
    CHECK(supported[kind] >= 2);
  }
  // Derived identities (alignment/identity of most states) and the classroom's uniform
  // growth rows are refused.
  CHECK(refused > 0);
}

TEST_CASE("scenario_patch: the digest used above sees a change (sanity)") {
  const Scenario base = load_scenario(kPivot);
  Scenario other = base;
  other.traits.growth(3, 1) = std::nextafter(other.traits.growth(3, 1), 1.0);
  CHECK(scenario_digest(other) != scenario_digest(base));
  CHECK(scenario_digest(base) == scenario_digest(load_scenario(kPivot)));
}

TEST_CASE("scenario_patch: several patches compose like several --set, in any order") {
  const Scenario base = load_scenario(kPivot);
  const std::vector<std::pair<std::string, double>> sets{{"parameters.sigma_a", 0.02},
                                                         {"parameters.sigma_c", 0.01},
                                                         {"parameters.w_t", 1.7},
                                                         {"states.RUS.traits.hedging", 0.65},
                                                         {"states.3.traits.pivot", 0.12},
                                                         {"states.CHN.capability.gdp", 7012.5},
                                                         {"states.RUS.traits.growth.gdp", 0.011},
                                                         {"states.RUS.alignment.0", -0.41},
                                                         {"states.RUS.identity.1", 0.07},
                                                         {"events.0.sanctions.intensity", 0.3},
                                                         {"events.1.arms_sale.threshold", 0.4},
                                                         {"events.3.arms_sale.threshold", 0.1},
                                                         {"events.8.exercise.scale", 0.9}};
  std::vector<Override> overrides;
  std::vector<ScenarioPatch> patches;
  for (const auto& entry : sets) {
    const auto& path = entry.first;  // not a structured binding: clang 14 cannot capture those
    overrides.push_back(set(path, entry.second));
    const auto p = ScenarioPatch::compile(base, path);
    REQUIRE_MESSAGE(p.has_value(), path);
    patches.push_back(*p);
  }
  const Scenario loaded = load_scenario(kPivot, overrides);
  Scenario forward = base, backward = base;
  for (std::size_t k = 0; k < patches.size(); ++k) patches[k].apply(forward, sets[k].second);
  for (std::size_t k = patches.size(); k-- > 0;) patches[k].apply(backward, sets[k].second);
  CHECK(scenario_digest(forward) == scenario_digest(loaded));
  CHECK(scenario_digest(backward) == scenario_digest(loaded));
  CHECK(run_hash(forward) == run_hash(loaded));
  CHECK(run_hash(forward) != run_hash(base));  // noise and the rest did change the run
}

TEST_CASE("scenario_patch: paths it cannot guarantee are refused (nullopt)") {
  const Scenario base = load_scenario(kPivot);
  // USA's identity is derived from its alignment; RUS has its own (see the file).
  for (const char* path : {"defaults.hedging",
                           "defaults.pivot",
                           "defaults.growth.gdp",
                           "defaults.growth",
                           "dimensions.power_weights.gdp",
                           "relations.0.value",
                           "proximity.default",
                           "proximity.decay_km",
                           "arms_imports.0.share",
                           "parameters.incident_mode",
                           "parameters.no_such_parameter",
                           "parameters",
                           "parameters.w_t.x",
                           "ticks",
                           "seed",
                           "start",
                           "scenario",
                           "states.USA.alignment.0",
                           "states.USA.identity.0",
                           "states.RUS.lat",
                           "states.RUS.lon",
                           "states.RUS.name",
                           "states.RUS.id",
                           "states.RUS.traits.growth",
                           "states.RUS.traits.no_such_trait",
                           "states.RUS.capability.no_such_dim",
                           "states.RUS.traits.growth.no_such_dim",
                           "states.RUS",
                           "events.0.from",
                           "events.0.until",
                           "events.0.every",
                           "events.0.at",
                           "events.0.id",
                           "events.0.sanctions.target",
                           "events.0.sanctions.by.0",
                           "events.0.arms_sale.volume",
                           "events.1.sanctions.intensity",
                           "events.1.arms_sale.policy",
                           "events.1.arms_sale.seller",
                           "events.8.exercise.participants.0",
                           "events.0",
                           "output.dyads",
                           "a..b",
                           "nonsense"}) {
    CAPTURE(path);
    CHECK_FALSE(ScenarioPatch::compile(base, path).has_value());
  }
  // Uniform growth rows (the classroom world) could come from one scalar rate.
  const Scenario classroom = load_scenario(kScenarios + "/classroom_three_powers.yaml");
  CHECK_FALSE(ScenarioPatch::compile(classroom, "states.HEG.traits.growth.economy").has_value());
  CHECK(ScenarioPatch::compile(classroom, "states.HEG.traits.hedging").has_value());
}

TEST_CASE("scenario_patch: unknown state ids and bad indices throw the loader's message") {
  const Scenario base = load_scenario(kPivot);
  for (const char* path :
       {"states.XXX.traits.hedging", "states.XXX.capability.gdp", "states.XXX.name", "states.8.traits.hedging",
        "states.12345678901.traits.hedging", "events.99.sanctions.intensity", "events.x.sanctions.intensity",
        "states.RUS.alignment.2", "states.RUS.alignment.x", "states.USA.alignment.5"}) {
    CAPTURE(path);
    const auto expected = loader_errors(kPivot, Override{path, "0.5"});
    REQUIRE(!expected.empty());
    try {
      ScenarioPatch::compile(base, path);
      FAIL("compiled");
    } catch (const ScenarioError& e) {
      REQUIRE(e.diagnostics().size() == 1);
      const Diagnostic& d = e.diagnostics()[0];
      CHECK(d.message == expected[0].message);
      CHECK(d.file == expected[0].file);
      CHECK(d.yaml_path == expected[0].yaml_path);
      CHECK(d.set_arg == path);
      CHECK(expected[0].set_arg == std::string(path) + "=0.5");
    }
  }
  // The shape of the message, once spelled out.
  try {
    ScenarioPatch::compile(base, "states.XXX.traits.hedging");
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()) == kPivot +
                                       ": --set states.XXX.traits.hedging: no state with id 'XXX'; known ids: USA, "
                                       "EU, CHN, RUS, IND, JPN, KOR, BRA");
  }
}

TEST_CASE("scenario_patch: apply to a scenario of another shape throws") {
  const Scenario pivot = load_scenario(kPivot);
  Scenario classroom = load_scenario(kScenarios + "/classroom_three_powers.yaml");
  const auto trait = ScenarioPatch::compile(pivot, "states.BRA.traits.hedging");
  REQUIRE(trait);
  CHECK_THROWS_AS(trait->apply(classroom, 0.5), std::invalid_argument);
  const auto exercise = ScenarioPatch::compile(pivot, "events.8.exercise.scale");
  REQUIRE(exercise);
  CHECK_THROWS_AS(exercise->apply(classroom, 0.5), std::invalid_argument);
  const auto sanctions = ScenarioPatch::compile(pivot, "events.0.sanctions.intensity");
  REQUIRE(sanctions);
  CHECK_THROWS_AS(sanctions->apply(classroom, 0.5), std::invalid_argument);  // event 0 is a sale
}

TEST_CASE("scenario_patch: range() is the loader's allowed range for the path") {
  const Scenario base = load_scenario(kPivot);
  for (const std::string path :
       {"parameters.w_t", "parameters.q_inc", "parameters.tau_h", "states.RUS.traits.tolerance",
        "states.RUS.traits.beta", "states.CHN.traits.hedging", "events.0.sanctions.intensity",
        "events.1.arms_sale.threshold", "events.1.arms_sale.volume", "states.RUS.capability.gdp"}) {
    CAPTURE(path);
    const auto patch = ScenarioPatch::compile(base, path);
    REQUIRE(patch.has_value());
    const Range& r = patch->range();
    // Just outside the range the loader refuses, saying the same range; at its closed
    // ends (or just inside an open one) it accepts.
    const double outside = std::isfinite(r.lo) ? r.lo - 0.5 : r.hi + 0.5;
    CHECK_FALSE(r.contains(outside));
    try {
      load_scenario(kPivot, {{path, fmt::format("{}", outside)}});
      FAIL("loader accepted " << outside);
    } catch (const ScenarioError& e) {
      CHECK(std::string(e.what()).find(r.text()) != std::string::npos);
    }
    const double inside = r.lo_open ? r.lo + 0.25 : r.lo;
    CHECK(r.contains(inside));
    CHECK_NOTHROW(load_scenario(kPivot, {{path, fmt::format("{}", inside)}}));
  }
}

TEST_CASE("scenario_patch: a path beyond the --set limits is left to the loader, which refuses it") {
  const Scenario base = load_scenario(kPivot);
  std::string path = "parameters";
  while (path.size() <= bpsim::io::kMaxOverridePath) path += ".x";
  CHECK_FALSE(ScenarioPatch::compile(base, path).has_value());
  // 33 segments: refused before the (bad) state index is looked at.
  std::string deep = "states";
  for (std::size_t i = 1; i < bpsim::io::kMaxOverrideSegments + 1; ++i) deep += ".99";
  CHECK_FALSE(ScenarioPatch::compile(base, deep).has_value());
}

TEST_CASE("scenario_patch: a parameter of another model version throws the loader's message") {
  Scenario base = load_scenario(kPivot);
  base.model = ModelVersion::v2;
  try {
    ScenarioPatch::compile(base, "parameters.w_t");
    FAIL("compiled");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].message == parameter_model_problem(*find_param("w_t"), ModelVersion::v2));
    CHECK(e.diagnostics()[0].set_arg == "parameters.w_t");
  }
  base.model = ModelVersion::v1;
  CHECK(ScenarioPatch::compile(base, "parameters.w_t").has_value());
}
