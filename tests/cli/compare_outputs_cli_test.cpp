// `bpsim compare` end to end: scenarios.csv quotes a scenario name holding a comma
// (it used to shift the columns), and --set-for changes one scenario only.
#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace bpsim::test;

namespace {

const std::string kMinimal = BPSIM_SOURCE_DIR "/tests/data/minimal.yaml";

// minimal.yaml renamed (its `scenario:` line replaced) into dir/file.
void renamed_copy(const TempDir& dir, const std::string& file, const std::string& name) {
  std::ifstream in(kMinimal);
  std::ofstream out(dir.path() / file);
  bool named = false;
  for (std::string l; std::getline(in, l);) {
    if (l.rfind("scenario:", 0) == 0) {
      l = "scenario: \"" + name + "\"";
      named = true;
    }
    out << l << "\n";
  }
  REQUIRE(named);
}

}  // namespace

TEST_CASE("compare: a scenario name with a comma stays one field of scenarios.csv") {
  const TempDir dir;
  renamed_copy(dir, "a.yaml", "Base");
  renamed_copy(dir, "b.yaml", "Sanctions, strong");
  const Result r = run_bpsim(dir, "compare -q a.yaml b.yaml --runs 2 --ticks 3 --outcome world:concentration -o out");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const auto rows = lines(read_text(dir.path() / "out/scenarios.csv"));
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == "index,scenario,file,sha256");
  CHECK(rows[2].rfind("1,\"Sanctions, strong\",b.yaml,", 0) == 0);
  CHECK(rows[2].size() == std::string("1,\"Sanctions, strong\",b.yaml,").size() + 64);
  const auto cmp = lines(read_text(dir.path() / "out/compare.csv"));
  REQUIRE(cmp.size() == 3);
  CHECK(cmp[2].rfind("world:concentration,\"Sanctions, strong\",2,", 0) == 0);
}

TEST_CASE("compare --set-for: one scenario's override, an unknown name is exit 2 listing the names") {
  const TempDir dir;
  renamed_copy(dir, "a.yaml", "A");
  renamed_copy(dir, "b.yaml", "B");
  // The two files differ in their names only: the paired difference is exactly 0 unless
  // --set-for changes b (a's row, the base, has 0 by definition).
  const std::string cmd = "compare -q a.yaml b.yaml --runs 3 --ticks 6 --outcome dyad:USA:RUS:alignment@sum ";
  const auto diff_of = [&](const std::string& extra, const std::string& out) {
    const Result r = run_bpsim(dir, cmd + extra + " -o " + out);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto rows = lines(read_text(dir.path() / out / "compare.csv"));
    REQUIRE(rows.size() == 3);
    std::string f = rows[2];
    for (int k = 0; k < 6; ++k) f = f.substr(f.find(',') + 1);  // field 6: diff
    return f.substr(0, f.find(','));
  };
  CHECK(diff_of("", "same") == "0");
  CHECK(diff_of("--set parameters.sigma_a=0.05", "both") == "0");
  CHECK(diff_of("--set-for b:parameters.sigma_a=0.05", "one") != "0");
  CHECK(diff_of("--set-for B:parameters.sigma_a=0.05", "by_name") ==
        diff_of("--set-for b.yaml:parameters.sigma_a=0.05", "by_file"));
  const Result bad = run_bpsim(dir, "compare -q a.yaml b.yaml --runs 2 --set-for c:ticks=2 -o out2");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("'c' names no scenario of this comparison; the scenarios: a (A), b (B)") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "out2"));
}
