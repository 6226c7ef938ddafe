// Snapshots are input: a file whose checksum was recomputed after an edit (here: edited
// in memory, then written by the real encoder) is refused when a value is one a scenario
// may not hold, naming the file, the field, the state and the allowed range; a snapshot
// must fit the scenario and the run it resumes; FIFOs and devices fail at once. A
// mid-run World of every shipped scenario, noise on, is accepted (no false alarms).
#include "sim/io/results/snapshot.hpp"

#include "sim/core/run.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

using namespace bpsim;

namespace {

const std::string kScenarios = std::string(BPSIM_SOURCE_DIR) + "/scenarios";
const std::string kClassroom = kScenarios + "/classroom_three_powers.yaml";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The classroom scenario (states HEG, RIS, SWG; economy, military; order, east_west) at tick 5.
Snapshot classroom_at_5() {
  const Scenario sc = load_scenario(kClassroom);
  RunOptions opt;
  opt.seed = sc.seed;
  opt.ticks = 5;
  return make_snapshot(sc, run_scenario(sc, opt, nullptr), "");
}

// The error of loading s after writing it with a valid checksum ("" if it loads).
std::string load_error_of(const Snapshot& s, const test::TempDir& dir) {
  const std::string path = (dir / "edited.bpsnap").string();
  test::write_text(path, encode_snapshot(s));
  try {
    load_snapshot(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

std::string one_problem(const test::TempDir& dir, const std::string& problem) {
  return "snapshot " + (dir / "edited.bpsnap").string() +
         ": 1 invalid value (a snapshot holds what a scenario may):\n  " + problem;
}

}  // namespace

TEST_CASE("snapshot trust: the unedited snapshot loads") {
  test::TempDir dir;
  CHECK(load_error_of(classroom_at_5(), dir) == "");
}

TEST_CASE("snapshot trust: each class of bad value is refused with field, state and range") {
  test::TempDir dir;
  SUBCASE("alignment outside [-1, 1]") {
    Snapshot s = classroom_at_5();
    s.world.alignment(0, 0) = 5;
    CHECK(load_error_of(s, dir) ==
          one_problem(dir, "alignment of state 'HEG', axis 'order' is 5, out of range; allowed: a number in [-1, 1]"));
  }
  SUBCASE("negative capability") {
    Snapshot s = classroom_at_5();
    s.world.capability(1, 0) = -1;
    CHECK(
        load_error_of(s, dir) ==
        one_problem(dir, "capability of state 'RIS', dimension 'economy' is -1, out of range; allowed: a number >= 0"));
  }
  SUBCASE("negative arms dependence") {
    Snapshot s = classroom_at_5();
    s.world.arms_dep()(1, 2) = -0.5;
    CHECK(load_error_of(s, dir) ==
          one_problem(dir,
                      "arms dependence of importer 'RIS' on 'SWG' is -0.5, out of range; allowed: a "
                      "number in [0, 1]"));
  }
  SUBCASE("arms dependence shares summing past 1") {
    Snapshot s = classroom_at_5();
    s.world.arms_dep()(0, 1) = 0.75;
    s.world.arms_dep()(0, 2) = 0.5;
    CHECK(load_error_of(s, dir) ==
          one_problem(dir, "arms dependence shares of importer 'HEG' sum to 1.25; allowed: at most 1"));
  }
  SUBCASE("arms dependence on itself") {
    Snapshot s = classroom_at_5();
    s.world.arms_dep()(2, 2) = 0.25;
    CHECK(load_error_of(s, dir) == one_problem(dir, "arms dependence of state 'SWG' on itself is 0.25; allowed: 0"));
  }
  SUBCASE("asymmetric relations") {
    Snapshot s = classroom_at_5();
    s.world.relations(0, 1) = 0.5;
    s.world.relations(1, 0) = 0.25;
    CHECK(load_error_of(s, dir) ==
          one_problem(dir,
                      "relations between 'HEG' and 'RIS' is 0.5 one way and 0.25 the other; relations are "
                      "symmetric"));
  }
  SUBCASE("relations of a state with itself") {
    Snapshot s = classroom_at_5();
    s.world.relations(1, 1) = 0.5;
    CHECK(load_error_of(s, dir) == one_problem(dir, "relations of state 'RIS' with itself is 0.5; allowed: 0"));
  }
  SUBCASE("relations outside [-1, 1], both ways") {
    Snapshot s = classroom_at_5();
    s.world.relations(0, 2) = s.world.relations(2, 0) = -2;
    const std::string e = load_error_of(s, dir);
    CHECK(test::has(e, ": 2 invalid values (a snapshot holds what a scenario may):\n"));
    CHECK(test::has(e, "\n  relations between 'HEG' and 'SWG' is -2, out of range; allowed: a number in [-1, 1]"));
    CHECK(test::has(e, "\n  relations between 'SWG' and 'HEG' is -2, out of range; allowed: a number in [-1, 1]"));
  }
  SUBCASE("NaN") {
    Snapshot s = classroom_at_5();
    s.world.capability(2, 1) = kNaN;
    CHECK(load_error_of(s, dir) ==
          one_problem(dir, "capability of state 'SWG', dimension 'military' is nan; expected a finite number"));
  }
  SUBCASE("inf, even where the range has no upper end") {
    Snapshot s = classroom_at_5();
    s.world.capability(0, 1) = kInf;
    CHECK(load_error_of(s, dir) ==
          one_problem(dir, "capability of state 'HEG', dimension 'military' is inf; expected a finite number"));
    s = classroom_at_5();
    s.world.alignment(1, 1) = -kInf;
    CHECK(load_error_of(s, dir) ==
          one_problem(dir, "alignment of state 'RIS', axis 'east_west' is -inf; expected a finite number"));
  }
  SUBCASE("many bad values: every one counted, the first 12 listed") {
    Snapshot s = classroom_at_5();
    s.world.capability.setConstant(-1);   // 6
    s.world.alignment.setConstant(kNaN);  // 6
    s.world.arms_dep()(0, 1) = 2;         // 2: out of [0, 1], and the buyer's sum past 1
    const std::string e = load_error_of(s, dir);
    CHECK(test::has(e, ": 14 invalid values (a snapshot holds what a scenario may):\n"));
    CHECK(test::has(
        e, "\n  alignment of state 'SWG', axis 'east_west' is nan; expected a finite number\n  ... and 2 more"));
  }
}

TEST_CASE("snapshot trust: states, dimensions, axes and the tick must fit the scenario and the run") {
  const Snapshot s = classroom_at_5();
  const Scenario sc = load_scenario(kClassroom);
  CHECK_NOTHROW(check_snapshot_fits(s, sc));
  CHECK_NOTHROW(check_snapshot_fits(s, sc, 5));
  CHECK_THROWS_WITH_AS(check_snapshot_fits(s, sc, 4),
                       "snapshot of scenario 'classroom-three-powers' (tick 5) does not fit scenario "
                       "'classroom-three-powers':\n  tick 5 is past the run's last tick 4",
                       std::runtime_error);

  Scenario other = sc;
  other.state_ids[2] = "NEU";
  other.capability_dims[1].name = "army";
  other.alignment_axes = {"order"};
  std::string message;
  try {
    check_snapshot_fits(s, other, 30);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(test::has(message,
                  "\n  states: the snapshot has HEG, RIS, SWG; the scenario has HEG, RIS, NEU (only in the "
                  "snapshot: SWG; only in the scenario: NEU)"));
  CHECK(test::has(message,
                  "\n  capability dimensions: the snapshot has economy, military; the scenario has economy, "
                  "army (only in the snapshot: military; only in the scenario: army)"));
  CHECK(test::has(message,
                  "\n  alignment axes: the snapshot has order, east_west; the scenario has order (only in "
                  "the snapshot: east_west)"));
  CHECK(test::has(message, "\n  world alignment is 3 x 2, expected 3 x 1"));
}

TEST_CASE("snapshot trust: a FIFO, a device or a directory fails at once with the reason") {
  test::TempDir dir;
  const std::string fifo = (dir / "pipe.bpsnap").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS(load_snapshot(fifo),
                       ("cannot read snapshot " + fifo + ": it is a FIFO (named pipe), not a regular file").c_str(),
                       InputFileError);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  CHECK_THROWS_WITH_AS(load_snapshot("/dev/zero"), "cannot read snapshot /dev/zero: it is a device, not a regular file",
                       InputFileError);
  CHECK_THROWS_WITH_AS(load_snapshot(dir.path().string()),
                       ("cannot read snapshot " + dir.path().string() + ": it is a directory").c_str(), InputFileError);
}

TEST_CASE("snapshot trust: mid-run Worlds of every shipped scenario, noise on, load") {
  for (const auto& e : std::filesystem::directory_iterator(kScenarios)) {
    if (e.path().extension() != ".yaml") continue;
    CAPTURE(e.path().string());
    const Scenario sc =
        load_scenario(e.path().string(), {{"parameters.sigma_a", "0.05"}, {"parameters.sigma_c", "0.05"}});
    RunOptions opt;
    opt.seed = sc.seed;
    opt.ticks = std::min(sc.ticks, 40);
    test::TempDir dir;
    const std::string path = (dir / "mid.bpsnap").string();
    save_snapshot(path, make_snapshot(sc, run_scenario(sc, opt, nullptr), ""));
    CHECK_NOTHROW(check_snapshot_fits(load_snapshot(path), sc, sc.ticks));
  }
}

TEST_CASE("snapshot trust: bpsim run --resume of an edited snapshot exits 2 naming the value") {
  test::TempDir dir;
  Snapshot s = classroom_at_5();
  s.world.alignment(0, 0) = 5;
  test::write_text(dir / "bad.bpsnap", encode_snapshot(s));
  const test::Result r = test::run_bpsim(dir, "run '" + kClassroom + "' -o out --resume bad.bpsnap --quiet");
  CHECK(r.status == 2);
  CHECK(test::has(r.err, "alignment of state 'HEG', axis 'order' is 5, out of range; allowed: a number in [-1, 1]"));
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
}
