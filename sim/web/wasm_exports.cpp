// The C functions the classroom page calls (web/src/engine.js), compiled with
// Emscripten only. State between calls: the loaded scenarios and the last run.
// Every function catches: an error is a return code plus bp_error()'s message.
#include "sim/core/run.hpp"
#include "sim/io/scenario/json.hpp"
#include "sim/web/page_engine.hpp"

#include <emscripten/emscripten.h>

#include <chrono>
#include <string>
#include <vector>

namespace {

std::vector<bpsim::Scenario> g_scenarios;
bpsim::web::PageRun g_run;
std::string g_error, g_meta;

std::uint64_t parse_seed(const char* text, std::uint64_t fallback) {
  const std::string s = text ? text : "";
  return s.empty() ? fallback : bpsim::seed_from_text(s);
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* bp_error() { return g_error.c_str(); }

// Returns a handle >= 0, or -1 (see bp_error).
EMSCRIPTEN_KEEPALIVE int bp_load(const char* scenario_json) {
  try {
    g_scenarios.push_back(bpsim::scenario_from_json(nlohmann::json::parse(scenario_json)));
    return static_cast<int>(g_scenarios.size()) - 1;
  } catch (const std::exception& e) {
    g_error = e.what();
    return -1;
  }
}

// Runs scenario `h` with overrides (JSON object of --set paths) and seed (decimal
// text; "" = the scenario's) for `ticks` steps (-1 = the scenario's). Returns 0, or
// 1 with bp_error set. The result stays until the next run: bp_meta, bp_table.
EMSCRIPTEN_KEEPALIVE int bp_run(int h, const char* overrides_json, const char* seed, int ticks, int with_csv) {
  try {
    if (h < 0 || h >= static_cast<int>(g_scenarios.size())) throw std::invalid_argument("no such scenario handle");
    const bpsim::Scenario& base = g_scenarios[static_cast<std::size_t>(h)];
    const bpsim::Scenario sc = bpsim::web::with_overrides(base, nlohmann::json::parse(overrides_json));
    g_run = bpsim::web::run_page(sc, parse_seed(seed, base.seed), ticks, with_csv != 0);
    nlohmann::json meta;
    meta["columns"] = {{"states", g_run.state_columns}, {"dyads", g_run.dyad_columns}, {"world", g_run.world_columns}};
    meta["dates"] = g_run.dates;
    meta["events"] = g_run.events;
    nlohmann::json files = nlohmann::json::object();
    for (const auto& f : g_run.files) files[f.name] = f.bytes;
    meta["files"] = files;
    g_meta = meta.dump();
    return 0;
  } catch (const std::exception& e) {
    g_error = e.what();
    return 1;
  }
}

EMSCRIPTEN_KEEPALIVE const char* bp_meta() { return g_meta.c_str(); }

// Table 0 states, 1 dyads, 2 world: its first double, and its number of doubles.
EMSCRIPTEN_KEEPALIVE const double* bp_table(int t) {
  return t == 0 ? g_run.states.data() : t == 1 ? g_run.dyads.data() : g_run.world.data();
}
EMSCRIPTEN_KEEPALIVE int bp_table_size(int t) {
  return static_cast<int>(t == 0 ? g_run.states.size() : t == 1 ? g_run.dyads.size() : g_run.world.size());
}

// Benchmark: mean microseconds per bare run of scenario h (no recording) over `reps`
// runs timed together after 10 warm-up runs (one clock reading per batch: the page's
// clock is coarse, 0.1 ms in Chromium), as `bpsim bench` runs it natively; -1 on error.
EMSCRIPTEN_KEEPALIVE double bp_bench(int h, int reps) {
  try {
    const bpsim::Scenario& sc = g_scenarios.at(static_cast<std::size_t>(h));
    bpsim::Workspace ws;
    bpsim::RunOptions opt;
    opt.seed = sc.seed;
    opt.log_events = false;
    opt.workspace = &ws;
    double sink = 0;
    for (int r = 0; r < 10; ++r) sink += bpsim::run_scenario(sc, opt, nullptr).tick;
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) {
      opt.run = static_cast<std::uint64_t>(r);
      sink += bpsim::run_scenario(sc, opt, nullptr).tick;
    }
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    return reps > 0 && sink > 0 ? us / reps : -1;
  } catch (const std::exception& e) {
    g_error = e.what();
    return -1;
  }
}

}  // extern "C"
