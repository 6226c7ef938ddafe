// The classroom page's view of the engine (sim/web/page_engine), natively: overrides
// from the page take the loader's paths and ranges and give the loader's Scenario; a
// recorded run has the columns and values of `bpsim run`'s CSVs.
#include "sim/web/page_engine.hpp"

#include "analysis/calendar.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/scenario_digest.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>

using namespace bpsim;
using nlohmann::json;

namespace {

const std::string kPivot = std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml";

std::string error_of(const Scenario& base, const json& overrides) {
  try {
    web::with_overrides(base, overrides);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("page overrides give the loader's scenario (numbers and events.K.enabled)") {
  const Scenario base = load_scenario(kPivot);
  const json o = {{"events.0.sanctions.intensity", 0.25},
                  {"states.RUS.traits.hedging", 0.8},
                  {"parameters.w_t", 2.5},
                  {"events.2.enabled", false}};
  const Scenario page = web::with_overrides(base, o);
  std::vector<Override> sets;
  for (const auto& [path, value] : o.items()) sets.push_back({path, web::override_text(value)});
  const Scenario loaded = load_scenario(kPivot, sets);
  CHECK(test::scenario_digest(page) == test::scenario_digest(loaded));
  CHECK(web::override_text(json(false)) == "false");
  CHECK(web::override_text(json(0.1)) == "0.1");
}

TEST_CASE("page overrides refuse what the loader refuses, naming the path and the range") {
  const Scenario base = load_scenario(kPivot);
  CHECK(error_of(base, {{"events.0.sanctions.intensity", 1.5}}) ==
        "events.0.sanctions.intensity: expected a number in [0, 1], got 1.5");
  CHECK(error_of(base, {{"states.RUS.traits.tolerance", 1.0}}) ==
        "states.RUS.traits.tolerance: expected a number > 1, got 1");
  CHECK(error_of(base, {{"parameters.w_t", "high"}}).find("parameters.w_t: expected a number >= 0") == 0);
  CHECK(error_of(base, {{"states.XXX.traits.pivot", 0.1}}).find("no state with id 'XXX'") != std::string::npos);
  CHECK(error_of(base, {{"events.99.enabled", false}}) ==
        fmt::format("events.99.enabled: index 99 out of range; events has {} entries", base.events.size()));
  CHECK(error_of(base, {{"events.0.enabled", 0}}) == "events.0.enabled: expected true or false, got 0");
  CHECK(error_of(base, {{"ticks", 10}}).find("ticks: not a value the page can change") == 0);
  CHECK(error_of(base, json::array()) == "overrides must be an object {\"PATH\": value, ...}");
}

TEST_CASE("a recorded page run holds bpsim run's rows, and its CSVs byte for byte") {
  const Scenario sc = load_scenario(kPivot, {{"parameters.sigma_a", "0.02"}});
  const web::PageRun r = web::run_page(sc, 11, -1, true);
  const auto ticks = static_cast<std::size_t>(sc.ticks) + 1;
  CHECK(r.state_columns.front() == "tick");
  CHECK(r.state_columns == states_columns(sc));
  // The numeric tables hold every column but the date.
  const std::size_t state_stride = r.state_columns.size() - 1, world_stride = r.world_columns.size() - 1;
  CHECK(r.states.size() == ticks * sc.state_ids.size() * state_stride);
  CHECK(r.dyads.size() == ticks * sc.watch.size() * (r.dyad_columns.size() - 1));
  CHECK(r.world.size() == ticks * world_stride);
  REQUIRE(r.dates.size() == ticks);
  CHECK(r.dates[0] == "2010Q1");
  CHECK(r.dates[ticks - 1] == tick_label(sc, static_cast<int>(ticks - 1)));
  // The CSVs are those of a native run of the same scenario and seed.
  CsvRecorder csv(sc, false);
  RunOptions opt;
  opt.seed = 11;
  run_scenario(sc, opt, [&](const TickView& v) { csv.observe(v); });
  const auto native = csv.files();
  REQUIRE(r.files.size() == native.size());
  for (std::size_t i = 0; i < native.size(); ++i) {
    CAPTURE(native[i].name);
    CHECK(r.files[i].bytes == native[i].bytes);
  }
  // The numeric rows print as the CSV's: the header, and world row 48's numbers.
  CHECK(native[0].bytes.rfind(states_header(sc), 0) == 0);
  // (the CSV has the tick's date after the tick; the numeric rows do not)
  std::string world_last = fmt::format("{},{}", r.world[(ticks - 1) * world_stride], r.dates[ticks - 1]);
  for (std::size_t c = 1; c < world_stride; ++c)
    world_last += fmt::format(",{}", r.world[(ticks - 1) * world_stride + c]);
  CHECK(native[2].bytes.find("\n" + world_last + "\n") != std::string::npos);
  // Events: one entry per line of events.csv.
  const auto lines = std::count(native[3].bytes.begin(), native[3].bytes.end(), '\n');
  CHECK(static_cast<long>(r.events.size()) == lines - 1);
  // Without CSVs nothing else changes.
  const web::PageRun bare = web::run_page(sc, 11, 10, false);
  CHECK(bare.files.empty());
  CHECK(bare.world.size() == 11 * world_stride);
  CHECK(std::equal(bare.world.begin(), bare.world.end(), r.world.begin()));
}
