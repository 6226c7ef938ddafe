// The sweep result store: create, record, reopen; refusals (other sweep, duplicate
// run, not a DB, unwritable place); NaN and exact doubles; crash safety under
// SIGKILL; merging shards; CSV export.
#include "sim/io/sweep/db.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/sweep_header.hpp"
#include "support/temp_dir.hpp"

using bpsim::RunRecord;
using bpsim::SweepDb;
using bpsim::SweepHeader;
using bpsim::test::read_text;
using bpsim::test::TempDir;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::int64_t kPoints = 6;

// The header of a grid sweep of kPoints points (2 levels of w_t x 3 of the threshold)
// whose fingerprint is the one of the spec it stores (as `sweep` writes it); `name`
// picks the design seed, so that two names are two sweeps.
SweepHeader make_header(const std::string& name = "one", const std::string& shard = "all") {
  bpsim::SweepSpec spec;
  spec.design.kind = "grid";
  spec.design.points = 2;
  for (const char c : name) spec.design.seed = spec.design.seed * 31 + static_cast<unsigned char>(c);
  spec.parameters = {{"parameters.w_t", 0.2, 2.0, true, {}},
                     {"events.1.arms_sale.threshold", 0.15, 0.35, false, {0.15, 0.25, 0.35}}};
  spec.outcomes = {"dyad:RUS:CHN:alignment@last", "world:blocs@mean(4:8)"};
  SweepHeader h = bpsim::test::sweep_header_of(spec, "abc123", shard);
  h.sweep_file = "sweeps/s.yaml";
  h.scenario_file = "scenarios/pivot.yaml";
  return h;
}

std::string fingerprint(const std::string& name) { return make_header(name).fingerprint; }

// Values that need all 17 digits.
Eigen::MatrixXd make_points() {
  Eigen::MatrixXd p(kPoints, 2);
  for (Eigen::Index i = 0; i < kPoints; ++i) {
    p(i, 0) = 0.2 + static_cast<double>(i) / 3.0;
    p(i, 1) = std::nextafter(0.15 + 0.1 * static_cast<double>(i % 3), 1.0);
  }
  return p;
}

const std::vector<std::string> kRoles{"A", "B", "AB1", "AB2", "", "traj3"};

RunRecord make_run(std::int64_t run, bool with_trajectory = false) {
  RunRecord r;
  r.run = run;
  r.point = run % kPoints;
  r.replicate = static_cast<int>(run / kPoints);
  r.seed = std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(run);
  r.wall_ms = 12.5 + static_cast<double>(run);
  r.worker = "host:" + std::to_string(run % 2);
  r.outcomes = {static_cast<double>(run) / 7.0, run % 4 == 3 ? kNaN : 1e-300 * static_cast<double>(run)};
  if (with_trajectory) {
    r.trajectory_every = 4;
    r.trajectory = {{0.1, 0.2 + static_cast<double>(run), kNaN}, {1.0 / 3.0, 2.0, 3.0}};
  }
  return r;
}

RunRecord failed_run(std::int64_t run) {
  RunRecord r = make_run(run);
  r.ok = false;
  r.error = "scenario: events[0].sanctions.intensity: 1.5 is out of range";
  r.outcomes.clear();
  return r;
}

std::vector<RunRecord> runs(std::int64_t from, std::int64_t to, bool with_trajectory = false) {
  std::vector<RunRecord> out;
  for (std::int64_t r = from; r < to; ++r) out.push_back(make_run(r, with_trajectory));
  return out;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

// One integer from raw SQL, for checks the API does not expose.
std::int64_t sql_int(const std::string& db, const std::string& sql) {
  sqlite3* c = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &c, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(c, sql.c_str(), -1, &s, nullptr) == SQLITE_OK, sqlite3_errmsg(c));
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  const std::int64_t v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(c);
  return v;
}

// Runs SQL against the file, as a user editing the DB by hand would.
void sql_exec(const std::string& db, const std::string& sql) {
  sqlite3* c = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &c) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(c, sql.c_str(), nullptr, nullptr, &err);
  const std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(c);
  REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool same_values(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j)
      if (!(same_bits(a(i, j), b(i, j)) || (std::isnan(a(i, j)) && std::isnan(b(i, j))))) return false;
  return true;
}

// Runs missing any of their result rows (done runs need one per outcome).
std::int64_t incomplete_runs(const std::string& db, int n_outcomes, int trajectory_rows) {
  const std::string rows = std::to_string(n_outcomes);
  const std::string traj = std::to_string(trajectory_rows);
  return sql_int(db,
                 "SELECT count(*) FROM runs r WHERE r.status = 'done' AND ((SELECT count(*) FROM "
                 "results x WHERE x.run = r.run) != " +
                     rows + " OR (SELECT count(*) FROM trajectories t WHERE t.run = r.run) != " + traj + ")") +
         sql_int(db, "SELECT count(*) FROM results WHERE run NOT IN (SELECT run FROM runs)") +
         sql_int(db, "SELECT count(*) FROM trajectories WHERE run NOT IN (SELECT run FROM runs)");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("sweep db: create, record, reopen, finished_runs, header and points") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  {
    SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
    CHECK(db.finished_runs().empty());
    CHECK(db.run_count() == 0);
    db.record({make_run(4), make_run(0), failed_run(2)});
    db.record({make_run(1)});
    CHECK(db.finished_runs() == std::vector<std::int64_t>{0, 1, 2, 4});
  }
  // Reopened for resuming: same sweep, same points.
  SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
  CHECK(db.finished_runs() == std::vector<std::int64_t>{0, 1, 2, 4});
  CHECK(db.run_count() == 4);
  CHECK(db.failed_count() == 1);
  db.record({make_run(3)});
  CHECK(db.finished_runs() == std::vector<std::int64_t>{0, 1, 2, 3, 4});

  const SweepHeader h = db.header();
  const SweepHeader want = make_header();
  CHECK(h.fingerprint == want.fingerprint);
  CHECK(h.sweep_file == want.sweep_file);
  CHECK(h.scenario_file == want.scenario_file);
  CHECK(h.scenario_sha256 == want.scenario_sha256);
  CHECK(h.design_kind == want.design_kind);
  CHECK(h.shard == "all");
  CHECK(h.outcomes == want.outcomes);
  REQUIRE(h.parameters.size() == 2);
  CHECK(h.parameters[0].path == "parameters.w_t");
  CHECK(h.parameters[0].log);
  CHECK(h.parameters[0].lo == 0.2);
  CHECK(h.parameters[0].hi == 2.0);
  CHECK(h.parameters[0].levels.empty());
  CHECK(!h.parameters[1].log);
  CHECK(h.parameters[1].levels == std::vector<double>{0.15, 0.25, 0.35});
  CHECK(same_values(db.points(), make_points()));
  CHECK(db.roles() == kRoles);
  CHECK(db.meta("schema_version") == "3");
  CHECK(db.meta("sweep_sha256") == fingerprint("one"));
  CHECK(db.meta("design_kind") == "grid");
  CHECK(db.meta("created_utc").size() == 24);
  CHECK(!db.meta("bpsim_version").empty());
  CHECK(db.meta("no such key").empty());
  db.set_meta("note", "first");
  db.set_meta("note", "second");
  CHECK(db.meta("note") == "second");

  const auto r = db.results();
  CHECK(r.run == std::vector<std::int64_t>{0, 1, 2, 3, 4});
  CHECK(r.point == std::vector<std::int64_t>{0, 1, 2, 3, 4});
  CHECK(r.status == std::vector<std::string>{"done", "done", "failed", "done", "done"});
  REQUIRE(r.values.rows() == 5);
  REQUIRE(r.values.cols() == 2);
  CHECK(same_bits(r.values(4, 0), 4.0 / 7.0));
  CHECK(std::isnan(r.values(2, 0)));  // failed
  CHECK(std::isnan(r.values(3, 1)));  // NaN outcome
  CHECK(sql_int(path, "SELECT count(*) FROM results WHERE run = 2") == 0);
}

TEST_CASE("sweep db: WAL journal, schema tables and the tidy view") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
  db.record(runs(0, 3));
  sqlite3* c = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &c, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(c, "PRAGMA journal_mode", -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) == "wal");
  sqlite3_finalize(s);
  sqlite3_close(c);
  for (const char* table :
       {"meta", "parameters", "outcomes", "points", "point_values", "runs", "results", "trajectories", "results_tidy"})
    CHECK_MESSAGE(sql_int(path, std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table + "'") == 1,
                  table);
  CHECK(sql_int(path, "SELECT count(*) FROM point_values") == kPoints * 2);
  CHECK(sql_int(path, "SELECT count(*) FROM results_tidy WHERE outcome = 'world:blocs@mean(4:8)'") == 3);
  CHECK(sql_int(path, "SELECT count(*) FROM parameters WHERE scale = 'log' AND levels IS NULL") == 1);
  CHECK(sql_int(path, "SELECT count(*) FROM parameters WHERE levels = '[0.15,0.25,0.35]'") == 1);
}

TEST_CASE("sweep db: a DB of another sweep is refused with the message") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  { SweepDb::open(path, make_header("one"), make_points(), kRoles).record(runs(0, 2)); }
  const std::string err = error_of([&] { SweepDb::open(path, make_header("two"), make_points(), kRoles); });
  CHECK(err == path + ": this database belongs to a different sweep (fingerprint " + fingerprint("one") +
                   ", scenario "
                   "scenarios/pivot.yaml); the sweep file or its scenario changed since it was "
                   "created; use a new -o path or delete " +
                   path);
  // Same fingerprint but other points (a changed design): refused too.
  Eigen::MatrixXd other = make_points();
  other(3, 1) += 1e-12;
  CHECK(error_of([&] {
          SweepDb::open(path, make_header("one"), other, kRoles);
        }).find("the stored point 3 differs from this sweep's") != std::string::npos);
  // Nothing was changed by the refusals.
  CHECK(SweepDb::open_existing(path).run_count() == 2);
}

TEST_CASE("sweep db: a run is never recorded twice, a bad batch leaves nothing") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
  db.record({make_run(5)});
  CHECK(error_of([&] {
          db.record({make_run(6), make_run(5)});
        }) == path + ": cannot record run 5: it is already recorded (a run is recorded once)");
  CHECK(error_of([&] {
          db.record({make_run(7), make_run(7)});
        }) == path + ": cannot record run 7: it is already recorded (a run is recorded once)");
  CHECK(db.finished_runs() == std::vector<std::int64_t>{5});  // 6 and 7 rolled back
  CHECK(sql_int(path, "SELECT count(*) FROM results") == 2);

  RunRecord wrong = make_run(8);
  wrong.outcomes.pop_back();
  CHECK(error_of([&] { db.record({wrong}); }) == path + ": cannot record run 8: 1 outcome values for 2 outcomes");
  RunRecord far = make_run(9);
  far.point = kPoints;
  CHECK(error_of([&] { db.record({far}); }) ==
        path + ": cannot record run 9: point 6 does not exist (the sweep has 6 points)");
  db.record({make_run(8)});  // the connection is usable after the errors
  CHECK(db.run_count() == 2);
}

TEST_CASE("sweep db: NaN is stored as NULL, doubles and seeds round-trip exactly") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  const std::vector<double> hard{0.1,
                                 1.0 / 3.0,
                                 std::nextafter(1.0, 2.0),
                                 std::numeric_limits<double>::denorm_min(),
                                 std::numeric_limits<double>::max(),
                                 -std::numeric_limits<double>::min(),
                                 std::numeric_limits<double>::infinity(),
                                 123456789.0,
                                 -2.5e-300};
  {
    SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
    std::vector<RunRecord> batch;
    for (std::size_t i = 0; i < hard.size(); ++i) {
      RunRecord r = make_run(static_cast<std::int64_t>(i));
      r.outcomes = {hard[i], kNaN};
      batch.push_back(r);
    }
    db.record(batch);
  }
  CHECK(sql_int(path, "SELECT count(*) FROM results WHERE value IS NULL") == static_cast<std::int64_t>(hard.size()));
  CHECK(sql_int(path, "SELECT count(*) FROM results WHERE outcome = 1 AND value IS NULL") ==
        static_cast<std::int64_t>(hard.size()));
  const auto r = SweepDb::open_existing(path).results();
  REQUIRE(r.values.rows() == static_cast<Eigen::Index>(hard.size()));
  for (std::size_t i = 0; i < hard.size(); ++i) {
    CAPTURE(i);
    CHECK(same_bits(r.values(static_cast<Eigen::Index>(i), 0), hard[i]));
    CHECK(std::isnan(r.values(static_cast<Eigen::Index>(i), 1)));
  }
  // uint64 seeds keep all 64 bits (stored as the same bits in a signed INTEGER).
  CHECK(sql_int(path, "SELECT seed FROM runs WHERE run = 0") == -1);
  bpsim::test::TempDir out;
  bpsim::export_sweep_csv(path, (out / "csv").string(), false);
  const auto lines = lines_of(read_text(out / "csv" / "runs.csv"));
  REQUIRE(lines.size() == hard.size() + 1);
  CHECK(lines[1].rfind("0,0,0,18446744073709551615,done,,12.5,", 0) == 0);
}

TEST_CASE("sweep db: a SIGKILL in the middle of a long batch leaves only whole runs") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  { SweepDb::open(path, make_header(), make_points(), kRoles); }
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // child: one small batch, then one that takes seconds
    ::close(fds[0]);
    try {
      SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
      std::vector<RunRecord> big = runs(10, 60000);
      for (RunRecord& r : big) {
        r.trajectory_every = 1;
        r.trajectory.assign(2, std::vector<double>(40, 0.5));
      }
      db.record(runs(0, 10));
      const char c = 'x';
      if (::write(fds[1], &c, 1) != 1) ::_exit(3);
      db.record(big);
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  char c = 0;
  REQUIRE(::read(fds[0], &c, 1) == 1);
  ::close(fds[0]);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE_MESSAGE(WIFSIGNALED(status), "the child finished before it was killed; status " << status);

  SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
  CHECK(db.run_count() == 10);
  CHECK(incomplete_runs(path, 2, 0) == 0);
  CHECK(sql_int(path, "SELECT count(*) FROM trajectories") == 0);
  db.record(runs(10, 12));  // and it resumes
  CHECK(db.run_count() == 12);
}

TEST_CASE("sweep db: a SIGKILL among many small batches leaves only whole batches") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  { SweepDb::open(path, make_header(), make_points(), kRoles); }
  constexpr std::int64_t kBatch = 7;
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
      for (std::int64_t from = 0;; from += kBatch) db.record(runs(from, from + kBatch, true));
    } catch (...) {
      ::_exit(2);
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline && SweepDb::open_existing(path).run_count() < 40 * kBatch)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));

  const SweepDb db = SweepDb::open_existing(path);
  const auto n = db.run_count();
  CHECK(n >= 40 * kBatch);
  CHECK(n % kBatch == 0);
  const auto finished = db.finished_runs();
  REQUIRE(static_cast<std::int64_t>(finished.size()) == n);
  CHECK(finished.back() == n - 1);
  CHECK(incomplete_runs(path, 2, 6) == 0);
}

TEST_CASE("sweep db: records from several threads") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&db, t] {
      for (std::int64_t i = 0; i < 25; ++i) db.record({make_run(t * 100 + i)});
    });
  for (auto& th : threads) th.join();
  CHECK(db.run_count() == 100);
  CHECK(incomplete_runs(path, 2, 0) == 0);
}

TEST_CASE("sweep db: what is not a sweep DB, or cannot be written, is refused clearly") {
  TempDir tmp;
  const std::string text = (tmp / "notes.txt").string();
  bpsim::test::write_text(text, "this is not a database, just some text that is long enough\n");
  CHECK(error_of([&] { SweepDb::open(text, make_header(), make_points(), kRoles); }) ==
        text + ": not a bpsim sweep database: file is not a database");
  CHECK(error_of([&] { SweepDb::open_existing(text); }) ==
        text + ": not a bpsim sweep database: file is not a database");

  const std::string other = (tmp / "other.db").string();
  {
    sqlite3* c = nullptr;
    REQUIRE(sqlite3_open(other.c_str(), &c) == SQLITE_OK);
    REQUIRE(sqlite3_exec(c, "CREATE TABLE t(x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(c);
  }
  CHECK(error_of([&] { SweepDb::open(other, make_header(), make_points(), kRoles); }) ==
        other + ": not a bpsim sweep database (an SQLite file with other contents); use another path");

  const std::string nowhere = (tmp / "no" / "such" / "dir" / "s.db").string();
  CHECK(error_of([&] { SweepDb::open(nowhere, make_header(), make_points(), kRoles); }) ==
        nowhere + ": cannot create DB: unable to open database file");
  CHECK(error_of([&] { SweepDb::open_existing(nowhere); }) == nowhere + ": cannot open DB: no such file");
  CHECK(error_of([&] { SweepDb::open(tmp.path().string(), make_header(), make_points(), kRoles); }) ==
        tmp.path().string() + ": cannot create DB: it is a directory");
}

TEST_CASE("sweep db: merging two shard DBs equals the single DB") {
  TempDir tmp;
  const std::string single = (tmp / "single.db").string();
  const std::string s1 = (tmp / "s1.db").string(), s2 = (tmp / "s2.db").string();
  const std::string merged = (tmp / "merged.db").string();
  {
    SweepDb all = SweepDb::open(single, make_header("fp", "all"), make_points(), kRoles);
    SweepDb a = SweepDb::open(s1, make_header("fp", "1/2"), make_points(), kRoles);
    SweepDb b = SweepDb::open(s2, make_header("fp", "2/2"), make_points(), kRoles);
    for (std::int64_t r = 0; r < 20; ++r) {
      const RunRecord rec = r == 13 ? failed_run(r) : make_run(r, true);
      all.record({rec});
      (r % 2 == 0 ? a : b).record({rec});
    }
    // A run both shards computed (e.g. a retried shard): identical, so skipped.
    b.record({make_run(4, true)});
  }
  CHECK(bpsim::merge_sweep_dbs(merged, {s1, s2}) == 20);
  const SweepDb m = SweepDb::open_existing(merged);
  const SweepDb one = SweepDb::open_existing(single);
  CHECK(m.finished_runs() == one.finished_runs());
  CHECK(m.failed_count() == 1);
  const auto rm = m.results(), r1 = one.results();
  CHECK(rm.run == r1.run);
  CHECK(rm.point == r1.point);
  CHECK(rm.replicate == r1.replicate);
  CHECK(rm.status == r1.status);
  CHECK(same_values(rm.values, r1.values));
  CHECK(same_values(m.points(), one.points()));
  CHECK(m.roles() == one.roles());
  CHECK(m.header().fingerprint == fingerprint("fp"));
  CHECK(m.header().outcomes == one.header().outcomes);
  CHECK(m.meta("shard") == "1/2+2/2");
  const std::string traj = "SELECT count(*) FROM trajectories WHERE value IS NULL";
  CHECK(sql_int(merged, "SELECT count(*) FROM trajectories") == sql_int(single, "SELECT count(*) FROM trajectories"));
  CHECK(sql_int(merged, traj) == sql_int(single, traj));
  CHECK(sql_int(merged,
                "SELECT count(*) FROM trajectories WHERE run = 5 AND outcome = 0 AND tick = 4 "
                "AND value = 0.2 + 5") == 1);
  // Merging again copies nothing and changes nothing.
  CHECK(bpsim::merge_sweep_dbs(merged, {s2, s1}) == 0);
  CHECK(m.run_count() == 20);
}

TEST_CASE("sweep db: merge refuses other sweeps and conflicting runs") {
  TempDir tmp;
  const std::string a = (tmp / "a.db").string(), b = (tmp / "b.db").string();
  const std::string c = (tmp / "c.db").string(), out = (tmp / "out.db").string();
  { SweepDb::open(a, make_header("a"), make_points(), kRoles).record(runs(0, 3)); }
  { SweepDb::open(b, make_header("b"), make_points(), kRoles).record(runs(3, 6)); }
  CHECK(error_of([&] {
          bpsim::merge_sweep_dbs(out, {a, b});
        }) == "merge: " + a + " and " + b + " belong to different sweeps (fingerprints " + fingerprint("a") + " and " +
                  fingerprint("b") +
                  "); "
                  "only DBs of the same sweep file and scenario can be merged");
  CHECK(!std::filesystem::exists(out));

  RunRecord changed = make_run(1);
  changed.outcomes[0] = 99;
  { SweepDb::open(c, make_header("a"), make_points(), kRoles).record({changed}); }
  CHECK(error_of([&] {
          bpsim::merge_sweep_dbs(out, {a, c});
        }) == "merge: run 1 differs between " + c + " and " + a +
                  " (point, replicate, seed, status or values); the files disagree about the same run");
  // A failed merge into a new file leaves no file (it was built under a temporary name).
  CHECK(!std::filesystem::exists(out));
  CHECK(std::distance(std::filesystem::directory_iterator(tmp.path()), std::filesystem::directory_iterator()) == 3);
  // Into an existing OUT, the inputs before the conflicting one stay merged.
  CHECK(bpsim::merge_sweep_dbs(out, {a}) == 3);
  CHECK(error_of([&] {
          bpsim::merge_sweep_dbs(out, {a, c});
        }) == "merge: run 1 differs between " + c + " and " + a +
                  " (point, replicate, seed, status or values); the files disagree about the same run; "
                  "the runs of the inputs before it were merged already");
  CHECK(SweepDb::open_existing(out).run_count() == 3);
  CHECK(error_of([&] { bpsim::merge_sweep_dbs(a, {a}); }) == "merge: " + a + " is both an input and the output");
}

TEST_CASE("sweep db: export writes tidy CSVs with exact numbers") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  {
    SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
    db.record({make_run(0, true), make_run(3, true), failed_run(1)});
  }
  const auto dir = tmp / "csv";
  bpsim::export_sweep_csv(path, dir.string(), false);
  for (const char* f : {"meta.csv", "parameters.csv", "points.csv", "runs.csv", "results.csv", "trajectories.csv"})
    CHECK_MESSAGE(std::filesystem::exists(dir / f), f);

  const auto params = lines_of(read_text(dir / "parameters.csv"));
  REQUIRE(params.size() == 3);
  CHECK(params[0] == "parameter,path,lo,hi,scale,levels");
  CHECK(params[1] == "0,parameters.w_t,0.2,2,log,");
  CHECK(params[2] == "1,events.1.arms_sale.threshold,0.15,0.35,levels,\"[0.15,0.25,0.35]\"");

  const auto points = lines_of(read_text(dir / "points.csv"));
  REQUIRE(points.size() == kPoints + 1);
  CHECK(points[0] == "point,role,parameters.w_t,events.1.arms_sale.threshold");
  CHECK(points[2] == "1,B,0.5333333333333333,0.25000000000000006");
  // Every value reads back as the same double.
  const Eigen::MatrixXd pts = make_points();
  for (Eigen::Index i = 0; i < kPoints; ++i) {
    std::istringstream row(points[static_cast<std::size_t>(i) + 1]);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    REQUIRE(cells.size() == 4);
    CHECK(cells[1] == kRoles[static_cast<std::size_t>(i)]);
    CHECK(same_bits(std::strtod(cells[2].c_str(), nullptr), pts(i, 0)));
    CHECK(same_bits(std::strtod(cells[3].c_str(), nullptr), pts(i, 1)));
  }

  const auto results = lines_of(read_text(dir / "results.csv"));
  REQUIRE(results.size() == 5);  // 2 done runs x 2 outcomes; the failed run has none
  CHECK(results[0] == "run,point,replicate,outcome,value");
  CHECK(results[1] == "0,0,0,dyad:RUS:CHN:alignment@last,0");
  CHECK(results[2] == "0,0,0,world:blocs@mean(4:8),0");
  CHECK(results[3] == "3,3,0,dyad:RUS:CHN:alignment@last,0.42857142857142855");
  CHECK(results[4] == "3,3,0,world:blocs@mean(4:8),");  // NaN

  const auto runs_csv = lines_of(read_text(dir / "runs.csv"));
  REQUIRE(runs_csv.size() == 4);
  CHECK(runs_csv[0] == "run,point,replicate,seed,status,error,wall_ms,finished_utc,worker");
  CHECK(runs_csv[2].rfind("1,1,0,18446744073709551614,failed,scenario: events[0].sanctions.intensity: "
                          "1.5 is out of range,13.5,",
                          0) == 0);

  const auto traj = lines_of(read_text(dir / "trajectories.csv"));
  REQUIRE(traj.size() == 1 + 2 * 6);
  CHECK(traj[0] == "run,point,replicate,outcome,tick,value");
  CHECK(traj[1] == "0,0,0,dyad:RUS:CHN:alignment@last,0,0.1");
  CHECK(traj[2] == "0,0,0,dyad:RUS:CHN:alignment@last,4,0.2");
  CHECK(traj[3] == "0,0,0,dyad:RUS:CHN:alignment@last,8,");
  CHECK(traj[4] == "0,0,0,world:blocs@mean(4:8),0,0.3333333333333333");

  const auto meta = read_text(dir / "meta.csv");
  CHECK(meta.rfind("key,value\n", 0) == 0);
  CHECK(meta.find("\nsweep_sha256," + fingerprint("one") + "\n") != std::string::npos);
  CHECK(meta.find("\nshard,all\n") != std::string::npos);

  // An existing directory is kept unless forced; forced, it is replaced.
  CHECK(error_of([&] { bpsim::export_sweep_csv(path, dir.string(), false); }).find("already exists") !=
        std::string::npos);
  bpsim::test::write_text(dir / "stale.txt", "old");
  bpsim::export_sweep_csv(path, dir.string(), true);
  CHECK(!std::filesystem::exists(dir / "stale.txt"));
  CHECK(std::filesystem::exists(dir / "results.csv"));

  // No trajectories: no trajectories.csv.
  const std::string plain = (tmp / "plain.db").string();
  { SweepDb::open(plain, make_header(), make_points(), kRoles).record(runs(0, 2)); }
  bpsim::export_sweep_csv(plain, (tmp / "plain").string(), false);
  CHECK(!std::filesystem::exists(tmp / "plain" / "trajectories.csv"));
  CHECK(lines_of(read_text(tmp / "plain" / "results.csv")).size() == 5);
}

TEST_CASE("sweep db: a run is complete only with all its outcomes, an incomplete one is redone") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
  db.record({make_run(0, true), make_run(1, true), failed_run(2), make_run(3, true)});
  sql_exec(path, "DELETE FROM results WHERE run = 1 AND outcome = 1");
  sql_exec(path, "DELETE FROM results WHERE run = 3");
  CHECK(db.finished_runs() == std::vector<std::int64_t>{0, 2});
  CHECK(db.run_count() == 2);
  CHECK(db.failed_count() == 1);
  CHECK(db.incomplete_count() == 2);
  CHECK(db.results().run == std::vector<std::int64_t>{0, 2});

  // Recorded again: the old rows (runs, results, trajectories) are replaced.
  db.record({make_run(1, true), make_run(3, true)});
  CHECK(db.finished_runs() == std::vector<std::int64_t>{0, 1, 2, 3});
  CHECK(db.incomplete_count() == 0);
  CHECK(incomplete_runs(path, 2, 6) == 0);
  CHECK(sql_int(path, "SELECT count(*) FROM trajectories WHERE run = 1") == 6);
  // A complete run is still recorded only once.
  CHECK(error_of([&] { db.record({make_run(1)}); }).find("it is already recorded") != std::string::npos);
}

TEST_CASE("sweep db: a run whose trajectory lost a row is incomplete, left out and redone") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  SweepDb db = SweepDb::open(path, make_header(), make_points(), kRoles);
  db.record({make_run(0, true), make_run(1, true), make_run(2, false)});
  CHECK(sql_int(path, "SELECT trajectory_rows FROM runs ORDER BY run LIMIT 1") == 6);  // 2 outcomes x 3 ticks
  CHECK(sql_int(path, "SELECT trajectory_rows FROM runs WHERE run = 2") == 0);
  sql_exec(path, "DELETE FROM trajectories WHERE run = 1 AND outcome = 1 AND tick = 8");
  CHECK(db.finished_runs() == std::vector<std::int64_t>{0, 2});
  CHECK(db.run_count() == 2);
  CHECK(db.incomplete_count() == 1);
  CHECK(db.results().run == std::vector<std::int64_t>{0, 2});
  // Rows of a run without trajectories are complete with none; a stray one makes it incomplete.
  sql_exec(path, "INSERT INTO trajectories VALUES(2, 0, 0, 0.5)");
  CHECK(db.finished_runs() == std::vector<std::int64_t>{0});
  sql_exec(path, "DELETE FROM trajectories WHERE run = 2");

  const std::string out = (tmp / "out.db").string();
  CHECK(bpsim::merge_sweep_dbs(out, {path}) == 2);
  CHECK(SweepDb::open_existing(out).finished_runs() == std::vector<std::int64_t>{0, 2});
  bpsim::export_sweep_csv(path, (tmp / "csv").string(), false);
  CHECK(lines_of(read_text(tmp / "csv" / "trajectories.csv")).size() == 1 + 6);  // run 0 only

  db.record({make_run(1, true)});
  CHECK(db.finished_runs() == std::vector<std::int64_t>{0, 1, 2});
  CHECK(sql_int(path, "SELECT count(*) FROM trajectories WHERE run = 1") == 6);
  CHECK(db.incomplete_count() == 0);
}

TEST_CASE("sweep db: merge and export leave incomplete runs out, merge replaces them in OUT") {
  TempDir tmp;
  const std::string a = (tmp / "a.db").string(), b = (tmp / "b.db").string(), out = (tmp / "out.db").string();
  { SweepDb::open(a, make_header("m", "1/2"), make_points(), kRoles).record(runs(0, 4)); }
  { SweepDb::open(b, make_header("m", "2/2"), make_points(), kRoles).record(runs(4, 8)); }
  sql_exec(a, "DELETE FROM results WHERE run = 2 AND outcome = 0");
  CHECK(bpsim::merge_sweep_dbs(out, {a}) == 3);
  CHECK(SweepDb::open_existing(out).finished_runs() == std::vector<std::int64_t>{0, 1, 3});
  // OUT's own incomplete run is dropped; b's complete runs come in.
  sql_exec(out, "DELETE FROM results WHERE run = 3");
  CHECK(bpsim::merge_sweep_dbs(out, {b}) == 4);
  CHECK(SweepDb::open_existing(out).finished_runs() == std::vector<std::int64_t>{0, 1, 4, 5, 6, 7});
  CHECK(sql_int(out, "SELECT count(*) FROM runs") == 6);

  bpsim::export_sweep_csv(a, (tmp / "csv").string(), false);
  CHECK(lines_of(read_text(tmp / "csv" / "runs.csv")).size() == 4);     // header + runs 0, 1, 3
  CHECK(lines_of(read_text(tmp / "csv" / "results.csv")).size() == 7);  // header + 3 x 2
}

TEST_CASE("sweep db: a stored fingerprint or table changed after writing is refused as a SweepDbError") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  const std::string fp = fingerprint("one");
  { SweepDb::open(path, make_header(), make_points(), kRoles).record(runs(0, 2)); }
  const auto refusal = [&] {
    try {
      SweepDb::open_existing(path);
    } catch (const bpsim::SweepDbError& e) {  // a ScenarioError: exit 2 from every command
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(refusal().empty());
  sql_exec(path, "UPDATE meta SET value = 'x' WHERE key = 'sweep_sha256'");
  CHECK(refusal() == path +
                         ": the database was changed after it was written: its stored fingerprint x is not the "
                         "one of the sweep and scenario it stores (" +
                         fp + "); it cannot be trusted (run the sweep again into a new DB)");
  sql_exec(path, "UPDATE meta SET value = '" + fp + "' WHERE key = 'sweep_sha256'");
  sql_exec(path, "UPDATE meta SET value = 'def456' WHERE key = 'scenario_sha256'");
  CHECK(refusal().find("its stored fingerprint " + fp + " is not the one") != std::string::npos);
  sql_exec(path, "UPDATE meta SET value = 'abc123' WHERE key = 'scenario_sha256'");
  sql_exec(path, "UPDATE outcomes SET spec = 'world:blocs@last' WHERE outcome = 1");
  CHECK(refusal().find("the outcomes table differs from the stored sweep's outcomes") != std::string::npos);
  sql_exec(path, "UPDATE outcomes SET spec = 'world:blocs@mean(4:8)' WHERE outcome = 1");
  sql_exec(path, "DELETE FROM point_values WHERE point = 5; DELETE FROM points WHERE point = 5");
  CHECK(refusal().find("it holds 5 points, the stored sweep has 6") != std::string::npos);
  sql_exec(path, "PRAGMA user_version = 2");
  CHECK(refusal() == path +
                         ": written by an older bpsim (sweep DB schema 2) that did not store how many "
                         "trajectory rows each complete run has, so it cannot be checked; run the sweep again "
                         "into a new DB");
  sql_exec(path, "PRAGMA user_version = 1");
  CHECK(refusal() == path +
                         ": written by an older bpsim (sweep DB schema 1) that did not store what its "
                         "fingerprint is made of, so it cannot be checked; run the sweep again into a new DB");
}

TEST_CASE("sweep db: a DB that fails while being created leaves no file") {
  TempDir tmp;
  const std::string path = (tmp / "s.db").string();
  const Eigen::MatrixXd one_column = make_points().leftCols(1);
  CHECK(error_of([&] { SweepDb::open(path, make_header(), one_column, kRoles); }) ==
        path + ": cannot create DB: points have 1 columns for 2 parameters");
  CHECK(std::filesystem::is_empty(tmp.path()));
  Eigen::MatrixXd not_finite = make_points();
  not_finite(2, 1) = kNaN;
  CHECK(error_of([&] { SweepDb::open(path, make_header(), not_finite, kRoles); }) ==
        path + ": cannot create DB: a point value is not finite");
  CHECK(std::filesystem::is_empty(tmp.path()));
}
