// run_from: a run resumed from the World of tick T (in memory or through a snapshot
// file) continues exactly as the uninterrupted run: same final hash, same result rows.
#include "sim/core/run_from.hpp"

#include "sim/io/fingerprint.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/results/snapshot.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace bpsim;

namespace {

const std::string kPivot = std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml";

// The flagship with noise on (the file has sigma_a = sigma_c = 0) and random incidents.
Scenario noisy_pivot() {
  Scenario sc = load_scenario(kPivot, {{"parameters.sigma_a", "0.02"}, {"parameters.sigma_c", "0.01"}});
  REQUIRE(sc.params.incident_mode == IncidentMode::random);
  REQUIRE(sc.ticks == 48);
  return sc;
}

RunOptions options(const Scenario& sc, int ticks) {
  RunOptions opt;
  opt.seed = sc.seed;
  opt.run = 2;  // a replicate other than 0: the run index must survive too
  opt.ticks = ticks;
  opt.attribution = true;
  return opt;
}

std::vector<ResultFile> rows(const CsvRecorder& r) { return r.files(); }

void check_same_rows(const std::vector<ResultFile>& a, const std::vector<ResultFile>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    CAPTURE(a[k].name);
    CHECK(a[k].name == b[k].name);
    CHECK(a[k].bytes == b[k].bytes);
  }
}

}  // namespace

TEST_CASE("run_from: 48 ticks straight = 20 ticks, snapshot file, resume to 48 (noise on)") {
  const Scenario sc = noisy_pivot();

  // The uninterrupted run, its rows recorded from tick 21 on.
  CsvRecorder straight_rows(sc, true);
  const World straight = run_scenario(sc, options(sc, 48), [&](const TickView& v) {
    if (v.w.tick > 20) straight_rows.observe(v);
  });

  // 20 ticks, through a file, then on.
  const World at20 = run_scenario(sc, options(sc, 20), nullptr);
  REQUIRE(at20.tick == 20);
  test::TempDir dir;
  const std::string path = (dir / "t20.snap").string();
  save_snapshot(path, make_snapshot(sc, at20, file_sha256(kPivot)));
  const Snapshot snap = load_snapshot(path);
  check_snapshot_fits(snap, sc);

  CsvRecorder resumed_rows(sc, true);
  std::vector<int> seen;
  std::vector<std::pair<int, int>> progress;
  RunOptions opt = options(sc, 48);
  opt.seed = 999;  // ignored: the world carries its own RNG key
  opt.run = 0;
  opt.progress = [&](int done, int total) { progress.emplace_back(done, total); };
  const World resumed = run_from(sc, snap.world, opt, [&](const TickView& v) {
    seen.push_back(v.w.tick);
    CHECK(v.last != nullptr);
    CHECK(v.attribution != nullptr);
    resumed_rows.observe(v);
  });

  CHECK(resumed.tick == 48);
  CHECK(world_hash(resumed) == world_hash(straight));
  check_same_rows(rows(resumed_rows), rows(straight_rows));
  REQUIRE(seen.size() == 28);
  CHECK(seen.front() == 21);
  CHECK(seen.back() == 48);
  REQUIRE(progress.size() == 28);
  CHECK(progress.front() == std::pair{21, 48});
  CHECK(progress.back() == std::pair{48, 48});

  // The noise did act: without it the run ends elsewhere (so the test is not vacuous).
  const Scenario quiet = load_scenario(kPivot);
  CHECK(world_hash(run_scenario(quiet, options(quiet, 48), nullptr)) != world_hash(straight));
}

TEST_CASE("run_from: from an in-memory World at any tick, and observe_start") {
  const Scenario sc = noisy_pivot();
  const std::string straight = world_hash(run_scenario(sc, options(sc, 30), nullptr));
  for (int t : {0, 1, 13, 29, 30}) {
    CAPTURE(t);
    const World at = run_scenario(sc, options(sc, t), nullptr);
    std::vector<int> seen;
    std::vector<bool> had_step;
    const World end = run_from(
        sc, at, options(sc, 30),
        [&](const TickView& v) {
          seen.push_back(v.w.tick);
          had_step.push_back(v.last != nullptr);
        },
        true);
    CHECK(world_hash(end) == straight);
    REQUIRE(seen.size() == static_cast<std::size_t>(30 - t + 1));
    CHECK(seen.front() == t);  // the start itself, with no step behind it
    CHECK_FALSE(had_step.front());
    if (t < 30) CHECK(had_step.back());
  }
  // ticks = -1: the scenario's own length.
  RunOptions opt = options(sc, -1);
  const World at40 = run_scenario(sc, options(sc, 40), nullptr);
  CHECK(run_from(sc, at40, opt, nullptr).tick == 48);
}

TEST_CASE("run_from: a world that does not fit or is past the end is refused") {
  const Scenario sc = noisy_pivot();
  World w = run_scenario(sc, options(sc, 10), nullptr);
  CHECK_THROWS_WITH_AS(run_from(sc, w, options(sc, 5), nullptr),
                       "run_from: the world is at tick 10, outside the run's 0..5 ticks", std::invalid_argument);
  w.alignment.conservativeResize(8, 3);
  CHECK_THROWS_WITH_AS(run_from(sc, w, options(sc, 48), nullptr),
                       "run_from: the world does not fit scenario 'pivot-to-asia-2014': alignment "
                       "is 8 x 3, expected 8 x 2",
                       std::invalid_argument);
}
