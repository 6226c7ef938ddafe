// The memory budget for the experiment commands: an ensemble or a comparison whose
// estimate exceeds --max-memory is refused before anything runs (exit 2, the estimate
// and the budget in the message, no result directory), and fits once the budget allows.

#include <doctest/doctest.h>

#include "support/command.hpp"

#include <filesystem>
#include <string>

namespace {

const std::string kFlagship = std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml";
const std::string kWedge = std::string(BPSIM_SOURCE_DIR) + "/scenarios/us_wedge.yaml";

}  // namespace

TEST_CASE("ensemble: refused above the memory budget with its estimate, nothing written, runs within it") {
  bpsim::test::TempDir dir;
  const std::string out = (dir.path() / "ens").string();
  const auto refused =
      bpsim::test::run_bpsim(dir, "--max-memory 100K ensemble " + kFlagship + " -q --runs 1000 -o " + out);
  CHECK(refused.status == 2);
  CHECK(refused.err.rfind("error: an ensemble of 1000 runs x 48 ticks needs about ", 0) == 0);
  CHECK(refused.err.find("more than the memory budget of 100 KiB; ask for less, or raise the budget with the "
                         "global option --max-memory") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
  // The estimate grows with the runs: 10 runs fit where 1000 do not.
  const auto fits =
      bpsim::test::run_bpsim(dir, "--max-memory 8M ensemble " + kFlagship + " -q --runs 10 --threads 1 -o " + out);
  CHECK(fits.status == 0);
  CHECK(std::filesystem::exists(std::filesystem::path(out) / "manifest.json"));
}

TEST_CASE("compare: refused above the memory budget with its estimate, nothing written") {
  bpsim::test::TempDir dir;
  const std::string out = (dir.path() / "cmp").string();
  const auto refused =
      bpsim::test::run_bpsim(dir, "--max-memory 100K compare " + kFlagship + " " + kWedge + " -q -o " + out);
  CHECK(refused.status == 2);
  CHECK(refused.err.rfind("error: a comparison of 2 scenarios x ", 0) == 0);
  CHECK(refused.err.find("more than the memory budget of 100 KiB") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
}
