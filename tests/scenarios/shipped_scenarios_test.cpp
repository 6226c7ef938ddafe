// Every scenario shipped in scenarios/ passes validation and runs to its last tick
// with all values in bounds.
#include "sim/core/run.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(BPSIM_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("the shipped scenarios are all there") {
  const auto files = shipped_scenarios();
  for (const char* name : {"pivot_to_asia_2014.yaml", "no_sanctions_2014.yaml", "us_wedge.yaml", "arms_restraint.yaml",
                           "ric_triangle_1996.yaml", "euro_pacific_hedging.yaml", "classroom_three_powers.yaml"}) {
    INFO(std::string(name));  // a bare const char* would be logged as its address
    CHECK(
        std::any_of(files.begin(), files.end(), [&](const std::string& f) { return fs::path(f).filename() == name; }));
  }
}

TEST_CASE("every shipped scenario validates and runs in bounds") {
  for (const auto& file : shipped_scenarios()) {
    INFO(file);
    bpsim::Scenario sc;
    REQUIRE_NOTHROW(sc = bpsim::load_scenario(file));
    bpsim::RunOptions opt;
    opt.seed = sc.seed;
    int last = -1;
    bpsim::World end;
    REQUIRE_NOTHROW(end = bpsim::run_scenario(sc, opt, [&](const bpsim::TickView& v) { last = v.w.tick; }));
    CHECK(last == sc.ticks);
    CHECK(end.alignment.minCoeff() >= -1.0);
    CHECK(end.alignment.maxCoeff() <= 1.0);
    CHECK(end.capability.minCoeff() >= 0.0);
  }
}

// scenarios/README.md: each file starts with comments saying what question it asks and
// where its numbers come from (or, for the toy world, that they come from nowhere).
TEST_CASE("every shipped scenario opens with its question and its sources") {
  for (const auto& file : shipped_scenarios()) {
    INFO(file);
    std::ifstream in(file);
    REQUIRE(in.good());
    std::string header, line;
    while (std::getline(in, line) && (line.empty() || line[0] == '#')) header += line + "\n";
    CHECK(header.find("QUESTION") != std::string::npos);
    CHECK((header.find("WHERE THE NUMBERS COME FROM") != std::string::npos ||
           header.find("Nothing here comes from data") != std::string::npos));
  }
}
