// Result CSVs and manifest: headers, row counts, tick-0 conventions, quoting,
// byte-identical output for one seed, and the manifest's contents.
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/manifest.hpp"
#include "sim/io/results/csv.hpp"
#include "analysis/rows.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/builders.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using namespace bpsim;

namespace {

const char* const kMinimal = BPSIM_SOURCE_DIR "/tests/data/minimal.yaml";

std::vector<ResultFile> record(const Scenario& sc, RunOptions opt, bool attribution = false) {
  opt.attribution = attribution;
  CsvRecorder rec(sc, attribution);
  run_scenario(sc, opt, [&](const TickView& v) { rec.observe(v); });
  return rec.files();
}

const std::string& file(const std::vector<ResultFile>& files, const std::string& name) {
  const auto it = std::find_if(files.begin(), files.end(), [&](const ResultFile& f) { return f.name == name; });
  REQUIRE(it != files.end());
  return it->bytes;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

RunOptions options(std::uint64_t seed, int ticks) {
  RunOptions opt;
  opt.seed = seed;
  opt.ticks = ticks;
  return opt;
}

}  // namespace

TEST_CASE("csv_field quotes only fields that need it, doubling inner quotes") {
  CHECK(csv_field("RUS;CHN") == "RUS;CHN");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("states header names the scenario's dimensions and axes") {
  Scenario sc = test::make_scenario(2, 2);
  sc.alignment_axes = {"order", "east,west"};
  CHECK(states_header(sc) == "tick,state,power,threat,econ,mil,tech,order,\"east,west\"\n");
}

TEST_CASE("recorder writes one block of rows per tick, tick 0 first") {
  const Scenario sc = load_scenario(kMinimal);
  const int ticks = 6;
  const auto files = record(sc, options(sc.seed, ticks));
  REQUIRE(files.size() == 4);
  const auto states = lines(file(files, "states.csv"));
  CHECK(states.size() == 1 + static_cast<std::size_t>((ticks + 1) * sc.n_states()));
  CHECK(states[1].rfind("0,USA,", 0) == 0);
  CHECK(states.back().rfind("6,RUS,", 0) == 0);
  CHECK(lines(file(files, "dyads.csv")).size() == 1 + (ticks + 1) * sc.watch.size());
  const auto world = lines(file(files, "world.csv"));
  REQUIRE(world.size() == 1 + static_cast<std::size_t>(ticks + 1));
  CHECK(world[0] == "tick," + lines(CsvTable("w", world_value_columns()).text())[0]);
  CHECK(world[1].substr(world[1].size() - 12) == ",0,0,0,0,0,0");  // tick 0: nothing happened
}

TEST_CASE("events carry the tick they were scheduled at, world counts the step after") {
  const Scenario sc = load_scenario(kMinimal);
  const auto files = record(sc, options(sc.seed, 2));
  const auto events = lines(file(files, "events.csv"));
  REQUIRE(events.size() >= 2);
  CHECK(events[0] == "tick,kind,actors,detail");
  CHECK(events[1].rfind("0,arms_sale,RUS;CHN,", 0) == 0);
  const auto world = lines(file(files, "world.csv"));
  CHECK(world[2].find(",1,0,0,0,0") != std::string::npos);  // tick 1: one delivery
}

TEST_CASE("attribution rows start at tick 1, one per state and mechanism") {
  const Scenario sc = load_scenario(kMinimal);
  const auto files = record(sc, options(sc.seed, 3), true);
  REQUIRE(files.size() == 5);
  const auto rows = lines(file(files, "attribution.csv"));
  CHECK(rows[0] == "tick,state,mechanism,d_alignment,d_power");
  CHECK(rows.size() == 1 + static_cast<std::size_t>(3 * sc.n_states() * n_mechanisms));
  CHECK(rows[1].rfind("1,USA,social,", 0) == 0);
}

TEST_CASE("same seed gives byte-identical files, noise with another seed does not") {
  const Scenario sc = load_scenario(kMinimal, {{"parameters.sigma_a", "0.05"}});
  const auto a = record(sc, options(11, 10));
  const auto b = record(sc, options(11, 10));
  const auto c = record(sc, options(12, 10));
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].bytes == b[i].bytes);
  CHECK(file(a, "states.csv") != file(c, "states.csv"));
}

TEST_CASE("numbers use the shortest round-trip form") {
  const Scenario sc = load_scenario(kMinimal);
  const auto states = lines(file(record(sc, options(sc.seed, 0)), "states.csv"));
  CHECK(states[1].find(",15,700,400,2200,0.8,0.9") != std::string::npos);  // not 15.000000
}

TEST_CASE("utc_iso8601 formats UTC with milliseconds") {
  using namespace std::chrono;
  const system_clock::time_point t{milliseconds(1'400'000'000'123)};
  CHECK(utc_iso8601(t) == "2014-05-13T16:53:20.123Z");
}

TEST_CASE("manifest lists provenance and every result file with its hash") {
  Manifest m;
  m.scenario_file = "scenarios/x.yaml";
  m.scenario_name = "x";
  m.seed = 18'446'744'073'709'551'615ull;  // full uint64 range survives
  m.overrides = {"parameters.sigma_a=0.05"};
  m.command_line = {"bpsim", "run", "it's.yaml"};
  const std::vector<ResultFile> files = {{"states.csv", "tick\n"}};
  const ResultFile out = manifest_file(m, files);
  CHECK(out.name == "manifest.json");
  const auto j = nlohmann::json::parse(out.bytes);
  CHECK(j["seed"].get<std::uint64_t>() == m.seed);
  CHECK(j["overrides"][0] == "parameters.sigma_a=0.05");
  CHECK(j["files"][0]["name"] == "states.csv");
  CHECK(j["files"][0]["bytes"] == 5);
  CHECK(j["files"][0]["sha256"] == sha256_hex("tick\n"));
  CHECK(j["command_line"] == "bpsim run 'it'\\''s.yaml'");
  for (const char* key : {"scenario_sha256", "run", "ticks", "bpsim_version", "git_rev", "started_utc",
                          "finished_utc", "wall_seconds", "world_hash"}) {
    CHECK_MESSAGE(j.contains(key), key);
  }
}
