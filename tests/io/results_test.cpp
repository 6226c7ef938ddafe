// Result CSVs and manifest: headers, row counts, tick-0 conventions, quoting,
// byte-identical output for one seed, and the manifest's contents.
#include "analysis/calendar.hpp"
#include "analysis/rows.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/results/manifest.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/builders.hpp"
#include "support/temp_dir.hpp"

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
  CHECK(states_header(sc) == "tick,date,state,power,threat,econ,mil,tech,order,\"east,west\"\n");
}

TEST_CASE("recorder writes one block of rows per tick, tick 0 first") {
  const Scenario sc = load_scenario(kMinimal);
  const int ticks = 6;
  const auto files = record(sc, options(sc.seed, ticks));
  REQUIRE(files.size() == 4);
  const auto states = lines(file(files, "states.csv"));
  CHECK(states.size() == 1 + static_cast<std::size_t>((ticks + 1) * sc.n_states()));
  CHECK(states[1].rfind("0,2010Q1,USA,", 0) == 0);  // minimal.yaml: quarterly from 2010
  CHECK(states.back().rfind("6,2011Q3,RUS,", 0) == 0);
  CHECK(lines(file(files, "dyads.csv")).size() == 1 + (ticks + 1) * sc.watch.size());
  const auto world = lines(file(files, "world.csv"));
  REQUIRE(world.size() == 1 + static_cast<std::size_t>(ticks + 1));
  CHECK(world[0] == "tick,date," + lines(CsvTable("w", world_value_columns()).text())[0]);
  CHECK(world[1].substr(world[1].size() - 12) == ",0,0,0,0,0,0");  // tick 0: nothing happened
}

TEST_CASE("events carry the tick they were scheduled at, world counts the step after") {
  const Scenario sc = load_scenario(kMinimal);
  const auto files = record(sc, options(sc.seed, 2));
  const auto events = lines(file(files, "events.csv"));
  REQUIRE(events.size() >= 2);
  CHECK(events[0] == "tick,date,kind,actors,detail");
  CHECK(events[1].rfind("0,2010Q1,arms_sale,RUS;CHN,", 0) == 0);
  const auto world = lines(file(files, "world.csv"));
  CHECK(world[2].find(",1,0,0,0,0") != std::string::npos);  // tick 1: one delivery
}

// The date column: on every row of every file the calendar label of the row's tick (a
// monthly and a yearly calendar as well as minimal.yaml's quarters), and empty without a
// calendar (no start, or a tick_label that is not a unit).
TEST_CASE("date column: every row's date is its tick's label, empty without a calendar") {
  struct Case {
    std::vector<Override> set;
    std::string tick5;  // the date of tick 5
  };
  const std::vector<Case> cases{{{}, "2011Q2"},
                                {{{"tick_label", "month"}, {"start", "2014.25"}}, "2014-09"},
                                {{{"tick_label", "year"}, {"start", "1991"}}, "1996"},
                                {{{"tick_label", "round"}}, ""}};
  for (const Case& c : cases) {
    const Scenario sc = load_scenario(kMinimal, c.set);
    CAPTURE(sc.tick_label);
    CHECK(date_of_tick(sc, 5) == c.tick5);
    const auto files = record(sc, options(sc.seed, 6), true);
    int rows = 0;
    for (const ResultFile& f : files) {
      CAPTURE(f.name);
      const auto text = lines(f.bytes);
      REQUIRE(text.size() > 1);
      CHECK(text[0].rfind("tick,date,", 0) == 0);
      for (std::size_t i = 1; i < text.size(); ++i) {
        const auto comma = text[i].find(',');
        const int tick = std::stoi(text[i].substr(0, comma));
        const std::string date = text[i].substr(comma + 1, text[i].find(',', comma + 1) - comma - 1);
        CHECK(date == (has_calendar(sc) ? tick_label(sc, tick) : std::string()));
        if (tick == 5) CHECK(date == c.tick5);
        ++rows;
      }
    }
    CHECK(rows > 50);
  }
}

// README's Outputs table and ODD Section 8's file table quote each file's columns; they
// are the engine's (states.csv with its placeholders for the scenario's names).
TEST_CASE("docs: the column lists README.md and docs/ODD.md quote are those written") {
  Scenario sc = test::make_scenario(2, 1);
  sc.capability_dims = {CapabilityDim{"<capability dims...>"}};
  sc.alignment_axes = {"<alignment axes...>"};
  const auto joined = [](const std::vector<std::string>& cols) {
    std::string out;
    for (const std::string& c : cols) out += (out.empty() ? "" : ",") + c;
    return out;
  };
  const std::vector<std::pair<std::string, std::string>> files{{"states.csv", joined(states_columns(sc))},
                                                               {"dyads.csv", joined(dyads_columns())},
                                                               {"world.csv", joined(world_columns())},
                                                               {"events.csv", joined(events_columns())},
                                                               {"attribution.csv", joined(attribution_columns())}};
  for (const char* doc : {"README.md", "docs/ODD.md"}) {
    const std::string text = test::read_text(std::string(BPSIM_SOURCE_DIR) + "/" + doc);
    for (const auto& file : files) {  // not a structured binding: clang 14 cannot capture one
      const std::string& name = file.first;
      const std::string& columns = file.second;
      CAPTURE(std::string(doc));
      CAPTURE(name);
      // Some table row that names the file first quotes exactly its columns.
      bool quoted = false;
      for (auto row = text.find("\n| `" + name + "`"); row != std::string::npos && !quoted;
           row = text.find("\n| `" + name + "`", row + 1)) {
        const std::string line = text.substr(row + 1, text.find('\n', row + 1) - row - 1);
        quoted = line.find("| `" + columns + "`") != std::string::npos;
      }
      CHECK(quoted);
    }
  }
}

TEST_CASE("attribution rows start at tick 1, one per state and mechanism") {
  const Scenario sc = load_scenario(kMinimal);
  const auto files = record(sc, options(sc.seed, 3), true);
  REQUIRE(files.size() == 5);
  const auto rows = lines(file(files, "attribution.csv"));
  CHECK(rows[0] == "tick,date,state,mechanism,d_alignment,d_power");
  CHECK(rows.size() == 1 + static_cast<std::size_t>(3 * sc.n_states() * n_mechanisms));
  CHECK(rows[1].rfind("1,2010Q2,USA,social,", 0) == 0);
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
  for (const char* key : {"scenario_sha256", "run", "ticks", "bpsim_version", "git_rev", "started_utc", "finished_utc",
                          "wall_seconds", "world_hash"}) {
    CHECK_MESSAGE(j.contains(key), key);
  }
}
