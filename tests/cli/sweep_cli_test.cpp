// `bpsim ensemble`, `bpsim compare` and `bpsim sweep` end to end: the built binary,
// real files, exit codes and signals. Sweep databases are compared through SweepDb
// (every run's point, replicate, status and outcome values, bit for bit).
#include "sim/io/sweep/db.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace bpsim::test;  // support/: TempDir, run_bpsim, has, lines, ...

namespace {

const std::string kSrc = BPSIM_SOURCE_DIR;
const std::string kPivot = kSrc + "/scenarios/pivot_to_asia_2014.yaml";
const std::string kNoSanctions = kSrc + "/scenarios/no_sanctions_2014.yaml";
const std::string kMinimal = kSrc + "/tests/data/minimal.yaml";
const std::string kSmallSweep = kSrc + "/tests/data/sweep_driver/small_random.yaml";  // 12 runs
const std::string kSobolShipped = kSrc + "/scenarios/sweeps/sanctions_sobol.yaml";
// The shipped Sobol' sweep cut to 256 base samples: 256 x 7 points x 2 replicates.
constexpr std::int64_t kSmallRuns = 12, kSobolRuns = 3584;

// name -> bytes of every regular file below dir (relative names).
std::map<std::string, std::string> tree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = read_text(e.path());
  }
  return out;
}

// Every run of a sweep DB, one line each: run, point, replicate, status and the outcome
// values in shortest round-trip form (so equal text is equal bits, NaN included).
std::string db_results(const fs::path& path) {
  const bpsim::SweepDb db = bpsim::SweepDb::open_existing(path.string());
  const bpsim::SweepDb::Results r = db.results();
  std::string out;
  for (std::size_t i = 0; i < r.run.size(); ++i) {
    out += fmt::format("{},{},{},{}", r.run[i], r.point[i], r.replicate[i], r.status[i]);
    for (Eigen::Index k = 0; k < r.values.cols(); ++k) {
      const double v = r.values(static_cast<Eigen::Index>(i), k);
      out += std::isnan(v) ? std::string(",nan") : fmt::format(",{}", v);
    }
    out += '\n';
  }
  return out;
}

// The number of runs in a DB and whether each appears once, in order.
std::int64_t distinct_runs(const fs::path& path) {
  const bpsim::SweepDb db = bpsim::SweepDb::open_existing(path.string());
  const auto r = db.results();
  for (std::size_t i = 1; i < r.run.size(); ++i) {
    if (r.run[i] <= r.run[i - 1]) return -1;
  }
  return static_cast<std::int64_t>(r.run.size()) == db.run_count() ? db.run_count() : -2;
}

// A command of bpsim this build has (registered and answering --help).
bool has_command(const fs::path& dir, const std::string& name) { return run_bpsim(dir, name + " --help").status == 0; }

// text with its first line starting with `key: ` replaced by `key: value`.
std::string with_line(std::string text, const std::string& key, const std::string& value) {
  const std::size_t at = text.find("\n" + key + ": ");
  REQUIRE_MESSAGE(at != std::string::npos, key);
  const std::size_t end = text.find('\n', at + 1);
  text.replace(at + 1, end - at - 1, key + ": " + value);
  return text;
}

// scenarios/sweeps/sanctions_sobol.yaml with 256 base samples (3584 runs, a couple of
// seconds on one thread) and an absolute scenario path, written once for every test.
const std::string& sobol_sweep() {
  static TempDir dir;
  static const std::string path = [] {
    std::string text = read_text(kSobolShipped);
    text = with_line(text, "scenario", kSrc + "/scenarios/pivot_to_asia_2014.yaml");
    text = with_line(text, "design", "{kind: sobol, samples: 256, seed: 3}");
    const fs::path p = dir / "sanctions_sobol_256.yaml";
    write_text(p, text);
    return p.string();
  }();
  return path;
}

// The database of the whole Sobol' sweep, run once without interruption (2 threads:
// the results are the same for any number), shared by the tests that need it.
const fs::path& sobol_reference() {
  static TempDir dir;
  static const fs::path db = [] {
    const fs::path p = dir / "reference.db";
    const Result r = run_bpsim(dir.path(), "sweep -q --threads 2 " + sobol_sweep() + " -o " + p.string());
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return p;
  }();
  return db;
}

// A copy of the small sweep in dir whose scenario path is absolute (so it can move).
fs::path copy_small_sweep(const fs::path& dir) {
  const std::string text = with_line(read_text(kSmallSweep), "scenario", kPivot);
  const fs::path p = dir / "sweep.yaml";
  write_text(p, text);
  return p;
}

}  // namespace

TEST_CASE("ensemble cli: byte-identical CSVs for 1 and 2 threads, an existing dir is refused") {
  TempDir tmp;
  const std::string common = "ensemble -q " + kPivot + " --runs 8 --set parameters.sigma_a=0.02";
  const Result one = run_bpsim(tmp.path(), common + " --threads 1 -o D1");
  REQUIRE_MESSAGE(one.status == 0, one.err);
  const Result two = run_bpsim(tmp.path(), common + " --threads 2 -o D2");
  REQUIRE_MESSAGE(two.status == 0, two.err);
  const auto d1 = tree(tmp / "D1"), d2 = tree(tmp / "D2");
  int csvs = 0;
  for (const auto& entry : d1) {
    const std::string& name = entry.first;  // not a structured binding: clang 14 cannot capture those
    if (fs::path(name).extension() != ".csv") continue;
    ++csvs;
    REQUIRE_MESSAGE(d2.count(name) == 1, name);
    CHECK_MESSAGE(entry.second == d2.at(name), name);
  }
  CHECK(csvs >= 4);
  const auto world = lines(d1.at("ensemble_world.csv"));
  REQUIRE(!world.empty());
  CHECK(world[0].rfind("tick,stat,concentration,", 0) == 0);

  const Result again = run_bpsim(tmp.path(), common + " --threads 1 -o D1");
  CHECK(again.status == 2);
  CHECK(has(again.err, "--force"));
  CHECK(tree(tmp / "D1") == d1);  // untouched
}

TEST_CASE("ensemble cli --keep-runs: replicate 0 is `bpsim run`, the same on 1 and 2 threads, in the manifest") {
  TempDir tmp;
  const std::string common = "ensemble -q " + kPivot + " --runs 5 --ticks 12 --set parameters.sigma_a=0.02 --keep-runs";
  REQUIRE(run_bpsim(tmp.path(), common + " --threads 1 -o K1").status == 0);
  REQUIRE(run_bpsim(tmp.path(), common + " --threads 2 -o K2").status == 0);
  const Result run = run_bpsim(tmp.path(), "run -q " + kPivot + " --ticks 12 --set parameters.sigma_a=0.02 -o R");
  REQUIRE_MESSAGE(run.status == 0, run.err);
  const auto k1 = tree(tmp / "K1"), k2 = tree(tmp / "K2");
  for (const char* f : {"states.csv", "dyads.csv", "world.csv", "events.csv"}) {
    CAPTURE(f);
    REQUIRE(k1.count(std::string("runs/0000/") + f) == 1);
    CHECK(k1.at(std::string("runs/0000/") + f) == read_text(tmp / "R" / f));
    CHECK(k1.at(std::string("runs/0004/") + f) == k2.at(std::string("runs/0004/") + f));
  }
  CHECK(k1.at("runs/0003/states.csv") != k1.at("runs/0004/states.csv"));
  const auto manifest = nlohmann::json::parse(k1.at("manifest.json"));
  std::size_t listed = 0;
  for (const auto& f : manifest["files"]) {
    const std::string name = f["name"];
    CAPTURE(name);
    REQUIRE(k1.count(name) == 1);
    CHECK(f["bytes"].get<std::size_t>() == k1.at(name).size());
    ++listed;
  }
  CHECK(listed == k1.size() - 1);  // every file but the manifest itself
  for (const auto& e : fs::directory_iterator(tmp.path()))
    CHECK_MESSAGE(e.path().filename().string().find(".tmp-") == std::string::npos, e.path().string());
}

TEST_CASE("compare cli: paired outcomes in compare.csv, bad outcome and --branch-at misfit exit 2") {
  TempDir tmp;
  const std::string pair = "compare -q " + kNoSanctions + " " + kPivot + " --runs 6";
  const std::string rus_chn = " --outcome dyad:RUS:CHN:alignment@last";
  const Result ok = run_bpsim(tmp.path(), pair + rus_chn + " -o C");
  REQUIRE_MESSAGE(ok.status == 0, ok.err);
  const auto rows = lines(read_text(tmp / "C/compare.csv"));
  REQUIRE(rows.size() == 3);  // header + one row per scenario
  CHECK(rows[0] ==
        "outcome,scenario,runs_defined,mean,ci_lo,ci_hi,diff,diff_ci_lo,diff_ci_hi,share_higher,var_paired,"
        "var_unpaired,bands_apart_from");
  CHECK(rows[1].rfind("dyad:RUS:CHN:alignment@last,no-sanctions-2014,6,", 0) == 0);
  CHECK(rows[2].rfind("dyad:RUS:CHN:alignment@last,pivot-to-asia-2014,6,", 0) == 0);
  CHECK(fs::exists(tmp / "C/scenarios.csv"));
  CHECK(fs::exists(tmp / "C/manifest.json"));

  const Result bad = run_bpsim(tmp.path(), pair + " --outcome dyad:RUS:CHN:alignment@sometimes -o B");
  CHECK(bad.status == 2);
  CHECK(has(bad.err, "outcome 'dyad:RUS:CHN:alignment@sometimes'"));
  CHECK(has(bad.err, "allowed reducers"));
  CHECK_FALSE(fs::exists(tmp / "B"));

  // Default outcomes name pairs the small scenario lacks: name one both have.
  const Result misfit =
      run_bpsim(tmp.path(), "compare -q " + kPivot + " " + kMinimal + " --runs 4 --branch-at 10" + rus_chn + " -o M");
  CHECK(misfit.status == 2);
  CHECK(has(misfit.err, "--branch-at"));
  CHECK(has(misfit.err, "only in the snapshot: EU"));
  CHECK_FALSE(fs::exists(tmp / "M"));
}

TEST_CASE("sweep cli: 1 and 2 threads give the same DB and the same exported results.csv") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp.path(), "sweep -q --threads 1 " + kSmallSweep + " -o t1.db").status == 0);
  REQUIRE(run_bpsim(tmp.path(), "sweep -q --threads 2 " + kSmallSweep + " -o t2.db").status == 0);
  CHECK(distinct_runs(tmp / "t1.db") == kSmallRuns);
  const std::string r1 = db_results(tmp / "t1.db");
  CHECK(lines(r1).size() == kSmallRuns);
  CHECK(r1 == db_results(tmp / "t2.db"));
  if (!has_command(tmp.path(), "export")) {
    MESSAGE("bpsim export is not available in this build: compared the DBs only");
    return;
  }
  const Result e1 = run_bpsim(tmp.path(), "export t1.db --csv x1");
  const Result e2 = run_bpsim(tmp.path(), "export t2.db --csv x2");
  REQUIRE_MESSAGE(e1.status == 0, e1.err);
  REQUIRE_MESSAGE(e2.status == 0, e2.err);
  const std::string csv = read_text(tmp / "x1/results.csv");
  CHECK(lines(csv).size() > kSmallRuns);
  CHECK(csv == read_text(tmp / "x2/results.csv"));
}

TEST_CASE("sweep cli: Ctrl-C stops with status 130, says how many runs are safe, a rerun finishes") {
  TempDir tmp;
  const fs::path db = tmp / "int.db";
  const pid_t pid = spawn_bpsim(tmp.path(), {"sweep", "-q", "--threads", "1", sobol_sweep(), "-o", db.string()});
  REQUIRE(pid > 0);
  // The DB file appears just before the handler is installed and the runs start.
  const bool started = wait_for_file(db, pid);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGINT);
  const int st = wait_child(pid);
  const std::string err = read_text(tmp / ".bg-err");
  if (started && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
    MESSAGE("the sweep finished within 0.3 s; nothing to interrupt");
  } else {
    REQUIRE_MESSAGE(WIFEXITED(st), "killed by signal ", WTERMSIG(st), ": ", err);
    CHECK(WEXITSTATUS(st) == 130);
    CHECK(has(err, "interrupted: "));
    CHECK(has(err, "runs are safe in " + db.string()));
    const std::int64_t safe = distinct_runs(db);
    CHECK(safe >= 0);
    CHECK(safe < kSobolRuns);
    CHECK(has(err, fmt::format("interrupted: {} runs are safe", safe)));
  }
  const Result rerun = run_bpsim(tmp.path(), "sweep -q --threads 1 " + sobol_sweep() + " -o " + db.string());
  REQUIRE_MESSAGE(rerun.status == 0, rerun.err);
  CHECK(distinct_runs(db) == kSobolRuns);
  CHECK(db_results(db) == db_results(sobol_reference()));
}

TEST_CASE("sweep cli: SIGKILL at a random moment, the rerun completes with no run twice") {
  TempDir tmp;
  const fs::path db = tmp / "killed.db";
  std::random_device rd;
  const int delay_ms = std::uniform_int_distribution<int>(0, 500)(rd);  // the sweep takes ~0.7 s here
  const pid_t pid = spawn_bpsim(tmp.path(), {"sweep", "-q", "--threads", "1", sobol_sweep(), "-o", db.string()});
  REQUIRE(pid > 0);
  wait_for_file(db, pid);
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  ::kill(pid, SIGKILL);
  const int st = wait_child(pid);
  INFO("killed after ", delay_ms, " ms, status ", st);
  try {  // killed while the DB was being created, it is not a sweep DB yet (the rerun starts over)
    const std::int64_t before = distinct_runs(db);
    CHECK(before >= 0);
    MESSAGE("SIGKILL after ", delay_ms, " ms left ", before, " runs");
  } catch (const std::exception& e) {
    MESSAGE("SIGKILL after ", delay_ms, " ms left no readable DB: ", e.what());
  }
  const Result rerun = run_bpsim(tmp.path(), "sweep -q --threads 1 " + sobol_sweep() + " -o " + db.string());
  REQUIRE_MESSAGE(rerun.status == 0, rerun.err);
  CHECK(distinct_runs(db) == kSobolRuns);
  CHECK(db_results(db) == db_results(sobol_reference()));
}

TEST_CASE("sweep cli: --shard 1/2 and 2/2 merged equal the single DB") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp.path(), "sweep -q --threads 1 " + kSmallSweep + " -o all.db").status == 0);
  const Result s1 = run_bpsim(tmp.path(), "sweep -q --threads 1 --shard 1/2 " + kSmallSweep + " -o s1.db");
  const Result s2 = run_bpsim(tmp.path(), "sweep -q --threads 1 --shard 2/2 " + kSmallSweep + " -o s2.db");
  REQUIRE_MESSAGE(s1.status == 0, s1.err);
  REQUIRE_MESSAGE(s2.status == 0, s2.err);
  CHECK(distinct_runs(tmp / "s1.db") == kSmallRuns / 2);
  CHECK(distinct_runs(tmp / "s2.db") == kSmallRuns / 2);
  if (!has_command(tmp.path(), "merge")) {
    MESSAGE("bpsim merge is not available in this build: merge step skipped");
    return;
  }
  const Result m = run_bpsim(tmp.path(), "merge M.db s1.db s2.db");
  REQUIRE_MESSAGE(m.status == 0, m.err);
  CHECK(distinct_runs(tmp / "M.db") == kSmallRuns);
  CHECK(db_results(tmp / "M.db") == db_results(tmp / "all.db"));
}

TEST_CASE("sweep cli: a changed sweep file is refused against the DB of the old one") {
  TempDir tmp;
  const fs::path sweep = copy_small_sweep(tmp.path());
  const Result first = run_bpsim(tmp.path(), "sweep -q --threads 1 sweep.yaml -o s.db");
  REQUIRE_MESSAGE(first.status == 0, first.err);
  const std::string before = db_results(tmp / "s.db");
  std::string text = read_text(sweep);
  const std::string from = "range: [0.0, 1.0]", to = "range: [0.0, 0.9]";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), to);
  write_text(sweep, text);
  const Result changed = run_bpsim(tmp.path(), "sweep -q --threads 1 sweep.yaml -o s.db");
  CHECK(changed.status == 2);  // bad input: the database belongs to another sweep
  CHECK(has(changed.err, "belongs to a different sweep"));
  CHECK(db_results(tmp / "s.db") == before);  // untouched
}

TEST_CASE("sweep cli: under mpirun -np 2 the DB equals the threaded one") {
  TempDir tmp;
#ifndef BPSIM_WITH_MPI
  MESSAGE("this bpsim was built without MPI: skipped");
  return;
#endif
  if (!has(run_bpsim(tmp.path(), "sweep --help").out, "--mpi") ||
      run_cmd(tmp.path(), "command -v mpirun").status != 0) {
    MESSAGE("mpirun is not on PATH (or bpsim sweep has no --mpi): skipped");
    return;
  }
  REQUIRE(run_bpsim(tmp.path(), "sweep -q --threads 2 " + kSmallSweep + " -o threads.db").status == 0);
  const Result mpi =
      run_cmd(tmp.path(),
              "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
              "OMPI_MCA_rmaps_base_oversubscribe=1 mpirun -np 2 --oversubscribe '" BPSIM_BINARY "' sweep -q " +
                  kSmallSweep + " -o mpi.db");
  REQUIRE_MESSAGE(mpi.status == 0, mpi.out, mpi.err);
  CHECK(distinct_runs(tmp / "mpi.db") == kSmallRuns);
  CHECK(db_results(tmp / "mpi.db") == db_results(tmp / "threads.db"));
}
