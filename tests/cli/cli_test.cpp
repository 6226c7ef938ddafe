// `bpsim run` and `bpsim check` end to end: the built binary, real files, exit codes.
#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace bpsim::test;  // support/: TempDir, run_bpsim, has, lines, ...

namespace {

const std::string kMinimal = BPSIM_SOURCE_DIR "/tests/data/minimal.yaml";
const std::string kBroken = BPSIM_SOURCE_DIR "/tests/data/broken/unknown_trait_key.yaml";

const char* const kCsvs[] = {"states.csv", "dyads.csv", "world.csv", "events.csv"};

}  // namespace

TEST_CASE("run writes the five files into out/<scenario name> and prints a summary") {
  TempDir tmp;
  const Result r = run_bpsim(tmp, "run " + kMinimal);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const fs::path dir = tmp / "out/minimal";
  for (const char* f : kCsvs) CHECK_MESSAGE(fs::exists(dir / f), f);
  CHECK(fs::exists(dir / "manifest.json"));
  CHECK_FALSE(fs::exists(dir / "attribution.csv"));
  CHECK(has(r.out, "minimal"));
  CHECK(has(r.out, "2010Q1 -> end of 2021Q4"));
  CHECK(has(r.out, "RUS-CHN"));
  CHECK(has(r.out, "out/minimal/"));
  const auto m = nlohmann::json::parse(read_text(dir / "manifest.json"));
  CHECK(m["scenario_name"] == "minimal");
  CHECK(m["seed"] == 7);
  CHECK(m["ticks"] == 48);
  CHECK(m["files"].size() == 4);
  CHECK(has(m["command_line"].get<std::string>(), "run"));
}

TEST_CASE("an existing result directory is refused without --force and replaced with it") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "run -q -o res " + kMinimal).status == 0);
  bpsim::test::write_text(tmp / "res/stale.txt", "x");
  const Result again = run_bpsim(tmp, "run -q -o res " + kMinimal);
  CHECK(again.status == 2);
  CHECK(has(again.err, "--force"));
  CHECK(fs::exists(tmp / "res/stale.txt"));
  const Result forced = run_bpsim(tmp, "run -q -o res --force " + kMinimal);
  CHECK(forced.status == 0);
  CHECK_FALSE(fs::exists(tmp / "res/stale.txt"));
  CHECK(fs::exists(tmp / "res/states.csv"));
}

TEST_CASE("an unwritable output location is exit 2 with the path and the reason") {
  TempDir tmp;
  const Result r = run_bpsim(tmp, "run -q -o /proc/bpsim-x " + kMinimal);
  CHECK(r.status == 2);
  CHECK(has(r.err, "error: cannot write results to /proc/bpsim-x"));
  CHECK(has(r.err, "No such file or directory"));
}

TEST_CASE("a broken scenario is exit 2 with located diagnostics and no output") {
  TempDir tmp;
  const Result r = run_bpsim(tmp, "run " + kBroken);
  CHECK(r.status == 2);
  CHECK(has(r.err, "error: " + kBroken + ":"));
  CHECK(r.out.empty());
  CHECK_FALSE(fs::exists(tmp / "out"));
  const Result bad_set = run_bpsim(tmp, "run -q " + kMinimal + " --set nonsense");
  CHECK(bad_set.status == 2);
  CHECK(has(bad_set.err, "--set nonsense"));
}

TEST_CASE("same seed gives byte-identical CSVs, another seed with noise does not") {
  TempDir tmp;
  const std::string noisy = " -q --set parameters.sigma_a=0.05 " + kMinimal;
  REQUIRE(run_bpsim(tmp, "run -o a --seed 3" + noisy).status == 0);
  REQUIRE(run_bpsim(tmp, "run -o b --seed 3" + noisy).status == 0);
  REQUIRE(run_bpsim(tmp, "run -o c --seed 4" + noisy).status == 0);
  for (const char* f : kCsvs) CHECK_MESSAGE(read_text(tmp / "a" / f) == read_text(tmp / "b" / f), f);
  CHECK(read_text(tmp / "a/states.csv") != read_text(tmp / "c/states.csv"));
  const auto m = nlohmann::json::parse(read_text(tmp / "c/manifest.json"));
  CHECK(m["seed"] == 4);
  CHECK(m["overrides"][0] == "parameters.sigma_a=0.05");
}

TEST_CASE("--ticks, --attribution and --quiet") {
  TempDir tmp;
  const Result r = run_bpsim(tmp, "run -q -o r --ticks 3 --attribution " + kMinimal);
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());
  CHECK(fs::exists(tmp / "r/attribution.csv"));
  const std::string world = read_text(tmp / "r/world.csv");
  CHECK(has(world, "\n3,"));
  CHECK_FALSE(has(world, "\n4,"));
}

TEST_CASE("check validates without running") {
  TempDir tmp;
  const Result ok = run_bpsim(tmp, "check " + kMinimal);
  CHECK(ok.status == 0);
  CHECK(ok.out == kMinimal + ": ok (3 states, 4 capability dims, 2 axes, 4 events, 48 ticks)\n");
  const Result bad = run_bpsim(tmp, "check " + kBroken);
  CHECK(bad.status == 2);
  CHECK(has(bad.err, "error: " + kBroken + ":"));
  CHECK(run_bpsim(tmp, "check " + kMinimal + " --set parameters.nope=1").status == 2);
  CHECK(run_bpsim(tmp, "check no-such-file.yaml").status == 2);
  CHECK_FALSE(fs::exists(tmp / "out"));
}

TEST_CASE("help lists every run option and examples") {
  TempDir tmp;
  const Result r = run_bpsim(tmp, "run --help");
  CHECK(r.status == 0);
  for (const char* opt : {"--output", "--seed", "--ticks", "--set", "--force", "--quiet", "--attribution",
                          "Examples:", "out/<scenario name>"}) {
    CHECK_MESSAGE(has(r.out, opt), opt);
  }
}

TEST_CASE("control characters from the input are escaped in errors and in the run summary") {
  TempDir tmp;
  std::string text = read_text(kMinimal);
  text.replace(text.find("scenario: minimal"), 17, "scenario: \"min\\e]0;owned\\aimal\\u202E\"");
  write_text(tmp / "esc.yaml", text);
  const Result r = run_bpsim(tmp, "run -o res esc.yaml");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "Scenario  min\\x1B]0;owned\\x07imal\\u{202E}\n"));
  CHECK_FALSE(has(r.out, "\x1b"));
  CHECK_FALSE(has(r.out, "\a"));
  text.replace(text.find("  kappa: 0.1"), 12, "  \"k\\eappa\": 0.1");
  write_text(tmp / "esc2.yaml", text);
  const Result bad = run_bpsim(tmp, "check esc2.yaml");
  CHECK(bad.status == 2);
  CHECK(has(bad.err, "defaults: unknown key 'k\\x1Bappa'; allowed:"));
  CHECK_FALSE(has(bad.err, "\x1b"));
  const Result set = run_bpsim(tmp, "check " + kMinimal + " --set \"$(printf 'states.\\007X.name=1')\"");
  CHECK(set.status == 2);
  CHECK(has(set.err, "no state with id '\\x07X'"));
  CHECK_FALSE(has(set.err, "\a"));
}

TEST_CASE("log lines escape control characters from the input too") {
  TempDir tmp;
  // The info line "wrote N files to DIR" quotes the output directory the user named.
  const Result r = run_bpsim(tmp, "--log-level info run -q -o \"$(printf 'res\\033]0;x\\007')\" " + kMinimal);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.err, "bpsim: info: wrote "));
  CHECK(has(r.err, "res\\x1B]0;x\\x07"));
  CHECK_FALSE(has(r.err, "\x1b"));
  CHECK_FALSE(has(r.err, "\a"));
}

TEST_CASE("a 100 KB --set path is refused at once with a short message") {
  TempDir tmp;
  std::string path = "states";
  while (path.size() < 100000) path += ".traits";
  const Result r = run_bpsim(tmp, "check " + kMinimal + " --set " + path + "=1");
  CHECK(r.status == 2);
  CHECK(has(r.err, "the path is " + std::to_string(path.size()) + " characters long; at most 1024 are allowed"));
  CHECK(r.err.size() < 600);
}

TEST_CASE("a file of two YAML documents is exit 2 with the line of the second") {
  TempDir tmp;
  write_text(tmp / "two.yaml", read_text(kMinimal) + "---\nscenario: other\n");
  const Result r = run_bpsim(tmp, "check two.yaml");
  CHECK(r.status == 2);
  const int line = static_cast<int>(lines(read_text(kMinimal)).size()) + 1;  // the '---' line
  CHECK(r.err == "error: two.yaml:" + std::to_string(line) +
                     ":1: the file holds 2 YAML documents; a scenario is one document (the second begins "
                     "here: remove the '---' line or split the file)\n");
}

// A scenario file just under the size limit (sparse: no disk used) whose buffer does not
// fit under an address-space limit: std::bad_alloc inside the loader, as on a machine
// without the memory. (bpsim itself starts in under 20 MB of address space.)
TEST_CASE("out of memory is exit 1 with what failed and what to do, never std::bad_alloc") {
  TempDir tmp;
  const std::string limited = "ulimit -v 80000 && '" BPSIM_BINARY "' check ";
  if (run_cmd(tmp.path(), limited + kMinimal).status != 0) {
    MESSAGE(
        "skipped: this build does not run under ulimit -v 80000 (a sanitizer build reserves "
        "terabytes of address space for its shadow memory)");
    return;
  }
  REQUIRE(run_cmd(tmp.path(), "truncate -s 63M big.yaml").status == 0);
  const Result r = run_cmd(tmp.path(), limited + "big.yaml");
  CHECK(r.status == 1);
  CHECK(r.err ==
        "error: out of memory while running `bpsim check`; the request needs more memory than this machine has "
        "(an allocation failed): ask for less (fewer states, ticks, runs, points or threads) or use a machine "
        "with more memory\n");
  CHECK_FALSE(has(r.err, "bad_alloc"));
}

TEST_CASE("run, ensemble and compare share one --seed option: 0 to 2^64 - 1, -1 refused everywhere") {
  TempDir tmp;
  for (const std::string& cmd :
       std::vector<std::string>{"run", "ensemble --runs 2", "compare " + kMinimal + " --runs 2"}) {
    CAPTURE(cmd);
    const Result r = run_bpsim(tmp, cmd + " " + kMinimal + " -q --ticks 2 --seed -1 -o x");
    CHECK(r.status == 2);
    CHECK(has(r.err, "--seed: a seed must be a whole number in [0, 2^64), got '-1'"));
    CHECK_FALSE(std::filesystem::exists(tmp / "x"));
  }
  CHECK(run_bpsim(tmp, "run " + kMinimal + " -q --ticks 2 --seed 18446744073709551616 -o x").status == 2);
  const Result top = run_bpsim(tmp, "run " + kMinimal + " -q --ticks 2 --seed 18446744073709551615 -o top");
  REQUIRE_MESSAGE(top.status == 0, top.err);
  CHECK(has(read_text(tmp / "top" / "manifest.json"), "\"seed\": 18446744073709551615"));
}

TEST_CASE("a sweep file given to run, or a scenario file given to sweep, gets one error naming the command") {
  TempDir tmp;
  const Result run = run_bpsim(tmp, "run " BPSIM_SOURCE_DIR "/tests/data/sweeps/grid.yaml -q -o x");
  CHECK(run.status == 2);
  CHECK(
      has(run.err, "grid.yaml:1:1: this is a sweep file (it has design:), not a scenario; run it with `bpsim sweep`"));
  CHECK(lines(run.err).size() == 1);
  const Result sweep = run_bpsim(tmp, "sweep " + kMinimal + " --dry-run");
  CHECK(sweep.status == 2);
  CHECK(has(sweep.err, "minimal.yaml:2:1: this is a scenario file"));  // line 1 is a comment
  CHECK(has(sweep.err, "run it with `bpsim run`"));
  CHECK(lines(sweep.err).size() == 1);
}
