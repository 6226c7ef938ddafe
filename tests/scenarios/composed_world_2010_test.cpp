// The 2010 world became one base (scenarios/base/world_2010.yaml) and counterfactuals of
// a few lines each (extends:). Their results must not change by one byte: each composed
// file is run beside its expanded pre-change copy (tests/data/world_2010_before/, copied
// verbatim from commit aaf9fa5, never to be edited) and every result CSV is compared.
// Run to run on one build, so the test holds on every instruction set.
#include <doctest/doctest.h>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> csv_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".csv") out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the composed 2010 scenarios give byte-identical CSVs to their expanded originals") {
  const fs::path src(BPSIM_SOURCE_DIR);
  for (const char* name :
       {"pivot_to_asia_2014", "no_sanctions_2014", "us_wedge", "arms_restraint", "euro_pacific_hedging"}) {
    INFO(std::string(name));
    bpsim::test::TempDir dir;
    const std::string now = (src / "scenarios" / (std::string(name) + ".yaml")).string();
    const std::string before = (src / "tests/data/world_2010_before" / (std::string(name) + ".yaml")).string();
    REQUIRE(bpsim::test::run_bpsim(dir, "run '" + now + "' -o now --quiet").status == 0);
    REQUIRE(bpsim::test::run_bpsim(dir, "run '" + before + "' -o before --quiet").status == 0);
    const auto files = csv_files(dir / "now");
    CHECK(files == csv_files(dir / "before"));
    CHECK(files.size() >= 4);  // states, dyads, world, events at least
    for (const auto& f : files) {
      INFO(f.string());
      CHECK(bpsim::test::read_text(dir / "now" / f) == bpsim::test::read_text(dir / "before" / f));
    }
  }
}

// The base is not a scenario of its own in scenarios/*.yaml, and every counterfactual
// extends it: the world is written once.
TEST_CASE("the 2010 counterfactuals extend the one base") {
  const fs::path src(BPSIM_SOURCE_DIR);
  for (const char* name :
       {"pivot_to_asia_2014", "no_sanctions_2014", "us_wedge", "arms_restraint", "euro_pacific_hedging"}) {
    INFO(std::string(name));
    const std::string text = bpsim::test::read_text(src / "scenarios" / (std::string(name) + ".yaml"));
    CHECK(text.find("\nextends: base/world_2010.yaml\n") != std::string::npos);
    CHECK(text.find("\nstates:\n  - id:") == std::string::npos);  // no copy of the states
  }
}
