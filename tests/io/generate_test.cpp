// The synthetic world generator: valid scenarios, deterministic in the seed; and the
// `generate` / `bench` commands end to end.
#include "sim/io/generate.hpp"
#include "sim/core/run.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include "support/temp_dir.hpp"

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <variant>

namespace fs = std::filesystem;
using bpsim::GenerateOptions;

namespace {

bpsim::Scenario generated(int states, int axes = 2, std::uint64_t seed = 7, int events = -1) {
  GenerateOptions opt;
  opt.states = states;
  opt.axes = axes;
  opt.seed = seed;
  opt.events = events;
  return bpsim::parse_scenario(bpsim::generate_scenario_yaml(opt), "generated.yaml");
}

template <class T>
int count_kind(const bpsim::Scenario& sc) {
  int n = 0;
  for (const auto& e : sc.events) n += std::holds_alternative<T>(e.rule) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("generate: ids are S001.., wider past 999 states") {
  CHECK(bpsim::synthetic_state_id(0, 8) == "S001");
  CHECK(bpsim::synthetic_state_id(192, 193) == "S193");
  CHECK(bpsim::synthetic_state_id(0, 1000) == "S0001");
  CHECK(bpsim::synthetic_state_id(999, 1000) == "S1000");
}

TEST_CASE("generate: the output passes the loader, with N unique states") {
  for (const int n : {2, 3, 8, 41, 193}) {
    CAPTURE(n);
    bpsim::Scenario sc;
    REQUIRE_NOTHROW(sc = generated(n));
    CHECK(sc.n_states() == n);
    CHECK(std::set<std::string>(sc.state_ids.begin(), sc.state_ids.end()).size() == static_cast<std::size_t>(n));
    CHECK(sc.n_cap() == 5);
    CHECK(sc.n_axes() == 2);
    CHECK(sc.ticks == 48);
    CHECK(sc.seed == 7);
    CHECK(sc.dim(bpsim::Role::economy) >= 0);
    CHECK(sc.dim(bpsim::Role::military) >= 0);
    CHECK(sc.dim(bpsim::Role::technology) >= 0);
    CHECK(sc.events.size() == static_cast<std::size_t>(bpsim::default_event_count(n)));
    CHECK((sc.capability0.array() > 0).all());
  }
}

TEST_CASE("generate: axes, events of every kind, and a short watch list past 40 states") {
  const bpsim::Scenario sc = generated(50, 3, 11, 9);
  CHECK(sc.n_axes() == 3);
  CHECK(sc.events.size() == 9);
  CHECK(count_kind<bpsim::SanctionsEvent>(sc) == 3);
  CHECK(count_kind<bpsim::ArmsSaleEvent>(sc) == 2);
  CHECK(count_kind<bpsim::ExerciseEvent>(sc) == 2);
  CHECK(count_kind<bpsim::EngagementEvent>(sc) == 2);
  CHECK(sc.watch.size() == 6);
  CHECK(generated(5, 1, 7, 0).events.empty());
}

TEST_CASE("generate: the same seed gives the same bytes, another seed another world") {
  GenerateOptions a;
  a.states = 60;
  GenerateOptions b = a;
  GenerateOptions c = a;
  c.seed = a.seed + 1;
  CHECK(bpsim::generate_scenario_yaml(a) == bpsim::generate_scenario_yaml(b));
  CHECK(bpsim::generate_scenario_yaml(a) != bpsim::generate_scenario_yaml(c));
  const bpsim::Scenario sa = generated(60, 2, 7), sc = generated(60, 2, 8);
  CHECK(sa.capability0 != sc.capability0);
  CHECK(sa.alignment0 != sc.alignment0);
}

TEST_CASE("generate: positions do not depend on the number of events") {
  const bpsim::Scenario few = generated(20, 2, 7, 4), many = generated(20, 2, 7, 12);
  CHECK(few.capability0 == many.capability0);
  CHECK(few.alignment0 == many.alignment0);
  CHECK(few.relations0 == many.relations0);
}

TEST_CASE("generate: out-of-range options are refused") {
  GenerateOptions opt;
  opt.states = 1;
  CHECK_THROWS_AS(bpsim::generate_scenario_yaml(opt), std::invalid_argument);
  opt.states = 8;
  opt.axes = 0;
  CHECK_THROWS_AS(bpsim::generate_scenario_yaml(opt), std::invalid_argument);
  opt.axes = 2;
  opt.ticks = 0;
  CHECK_THROWS_AS(bpsim::generate_scenario_yaml(opt), std::invalid_argument);
}

TEST_CASE("generate: a generated world runs its 48 ticks and stays finite") {
  const bpsim::Scenario sc = generated(60);
  bpsim::RunOptions opt;
  opt.seed = sc.seed;
  opt.log_events = false;
  const bpsim::World w = bpsim::run_scenario(sc, opt, {});
  CHECK(w.tick == 48);
  CHECK(w.capability.allFinite());
  CHECK(w.alignment.allFinite());
}

// ---- The commands, end to end ------------------------------------------------

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("bpsim_generate_test_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

// Exit status of `bpsim ARGS`, stdout to out_file.
int bpsim_cli(const std::string& args, const fs::path& out_file) {
  const std::string cmd = std::string(BPSIM_BINARY) + " " + args + " >" + out_file.string() + " 2>/dev/null";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace

TEST_CASE("cli generate: writes the library's YAML and refuses to overwrite without --force") {
  TempDir tmp;
  const fs::path world = tmp.path / "w.yaml", log = tmp.path / "stdout.txt";
  const std::string args = "generate --states 12 --seed 3 -o " + world.string();
  REQUIRE(bpsim_cli(args, log) == 0);
  GenerateOptions opt;
  opt.states = 12;
  opt.seed = 3;
  CHECK(bpsim::test::read_text(world) == bpsim::generate_scenario_yaml(opt));
  CHECK(bpsim_cli(args, log) == 2);
  CHECK(bpsim_cli(args + " --force", log) == 0);
  CHECK(bpsim_cli("generate --states 12 --seed 3", log) == 0);
  CHECK(bpsim::test::read_text(log) == bpsim::test::read_text(world));
  CHECK(bpsim_cli("generate --states 1", log) == 2);
}

TEST_CASE("cli bench: ends with exactly one us_per_run= us_per_tick= line") {
  TempDir tmp;
  const fs::path world = tmp.path / "w.yaml", log = tmp.path / "stdout.txt";
  REQUIRE(bpsim_cli("generate --states 8 -o " + world.string(), log) == 0);
  REQUIRE(bpsim_cli("bench " + world.string() + " --runs 3 --warmup 0 --ticks 5", log) == 0);
  const std::regex line(R"(us_per_run=[0-9]+\.[0-9]+ us_per_tick=[0-9]+\.[0-9]+\n)");
  CHECK(std::regex_match(bpsim::test::read_text(log), line));
  CHECK(bpsim_cli("bench " + world.string() + " --runs 2 --set ticks=oops", log) == 2);
  CHECK(bpsim_cli("bench " + (tmp.path / "missing.yaml").string(), log) == 2);
}
