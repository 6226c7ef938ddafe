// Sweeps trust nothing, end to end with the built binary: a DB with deleted result
// rows counts those runs as missing and `sweep` redoes them; a DB whose stored
// fingerprint (or table) was changed, or that is damaged, is refused with exit 2 by
// sweep, analyze, export and merge alike; a failed merge leaves no file; bad outcomes,
// Morris levels, a second YAML document, a FIFO, a design too large for an int or for
// the memory budget are bad input (exit 2, file:line), with --dry-run as without.
#include "sim/io/sweep/db.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace bpsim::test;

namespace {

const std::string kSrc = BPSIM_SOURCE_DIR;
const std::string kClassroom = kSrc + "/scenarios/classroom_three_powers.yaml";

// 3 points x 2 replicates = 6 runs of the classroom scenario (30 ticks, 3 states).
// Line 6 holds the outcomes.
std::string tiny_sweep(const std::string& design = "{kind: grid, points: 3}",
                       const std::string& outcomes = "[dyad:HEG:RIS:alignment@last, state:SWG:power@last]") {
  return "scenario: " + kClassroom + "\ndesign: " + design +
         "\nreplicates: 2\nparameters:\n  parameters.w_t: {range: [0.5, 2.0]}\noutcomes: " + outcomes + "\n";
}

void sql(const fs::path& db, const std::string& statement) {
  sqlite3* c = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &c) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(c, statement.c_str(), nullptr, nullptr, &err);
  const std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(c);
  REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

// A finished tiny sweep in dir: dir/s.yaml -> dir/s.db.
void finished_sweep(const TempDir& dir) {
  write_text(dir / "s.yaml", tiny_sweep());
  const Result r = run_bpsim(dir, "sweep s.yaml -o s.db --quiet --threads 1");
  REQUIRE_MESSAGE(r.status == 0, r.err);
}

double stored_value(const fs::path& db, std::int64_t run, int outcome) {
  const bpsim::SweepDb::Results r = bpsim::SweepDb::open_existing(db.string()).results();
  for (std::size_t i = 0; i < r.run.size(); ++i)
    if (r.run[i] == run) return r.values(static_cast<Eigen::Index>(i), outcome);
  FAIL("run not in the DB");
  return 0;
}

}  // namespace

TEST_CASE("sweep trust cli: a run with a deleted result row is missing everywhere and redone by sweep") {
  TempDir dir;
  finished_sweep(dir);
  const double before = stored_value(dir / "s.db", 3, 1);
  sql(dir / "s.db", "DELETE FROM results WHERE run = 3 AND outcome = 1");

  const Result a = run_bpsim(dir, "analyze s.db --bootstrap 0");
  CHECK(a.status == 0);
  CHECK(has(a.out,
            "Runs      6 planned: 5 done, 0 failed, 1 missing (1 of them incomplete in the DB: outcome "
            "rows are missing; `bpsim sweep` runs them again)\n"));

  const Result e = run_bpsim(dir, "export s.db --csv csv");
  CHECK(e.status == 0);
  CHECK(has(e.out,
            "Exported 5 runs (5 done, 0 failed) of 6 planned, 1 missing (1 of them incomplete in the DB, "
            "left out)"));
  CHECK(lines(read_text(dir / "csv" / "runs.csv")).size() == 6);      // header + 5 runs
  CHECK(lines(read_text(dir / "csv" / "results.csv")).size() == 11);  // header + 5 x 2

  const Result m = run_bpsim(dir, "merge m.db s.db");
  CHECK(m.status == 0);
  CHECK(has(m.out, "5 runs copied"));

  const Result s = run_bpsim(dir, "sweep s.yaml -o s.db --threads 1");
  CHECK(s.status == 0);
  CHECK(has(s.out, "1 runs in "));
  CHECK(has(s.out, "6 of 6 runs recorded (5 from before)"));
  CHECK(stored_value(dir / "s.db", 3, 1) == before);
  CHECK(has(run_bpsim(dir, "analyze s.db --bootstrap 0").out, "6 planned: 6 done, 0 failed, 0 missing\n"));
}

TEST_CASE("sweep trust cli: a changed fingerprint is refused by every command with exit 2") {
  TempDir dir;
  finished_sweep(dir);
  const std::string fake(64, '0');
  sql(dir / "s.db", "UPDATE meta SET value = '" + fake + "' WHERE key = 'sweep_sha256'");
  const std::string why = "s.db: the database was changed after it was written: its stored fingerprint " + fake +
                          " is not the one of the sweep and scenario it stores (";
  for (const char* cmd : {"analyze s.db", "export s.db --csv csv", "merge m.db s.db", "report s.db -o r.html"}) {
    CAPTURE(cmd);
    const Result r = run_bpsim(dir, cmd);
    CHECK(r.status == 2);
    CHECK(has(r.err, "error: " + why));
  }
  CHECK_FALSE(fs::exists(dir / "csv"));
  CHECK_FALSE(fs::exists(dir / "m.db"));
  // sweep compares it with the sweep file's fingerprint first.
  const Result s = run_bpsim(dir, "sweep s.yaml -o s.db --quiet");
  CHECK(s.status == 2);
  CHECK(has(s.err, "s.db: this database belongs to a different sweep (fingerprint " + fake));

  // An edited table with the fingerprint left alone: refused too.
  TempDir other;
  finished_sweep(other);
  sql(other / "s.db", "UPDATE parameters SET hi = 3.0");
  const Result p = run_bpsim(other, "analyze s.db");
  CHECK(p.status == 2);
  CHECK(has(p.err, "the parameters table differs from the stored sweep's parameters"));
  // Edited points: the design is recomputed from the stored sweep.
  TempDir third;
  finished_sweep(third);
  sql(third / "s.db", "UPDATE point_values SET value = 1.5 WHERE point = 1");
  const Result q = run_bpsim(third, "analyze s.db");
  CHECK(q.status == 2);
  CHECK(has(q.err, "s.db: the stored points are not the design of the stored sweep"));
}

TEST_CASE("sweep trust cli: the same damage gives exit 2 from sweep, analyze, export and merge") {
  for (const std::string damage : {"DROP TABLE results", "DELETE FROM meta WHERE key = 'sweep_spec'"}) {
    CAPTURE(damage);
    TempDir dir;
    finished_sweep(dir);
    sql(dir / "s.db", damage);
    for (const char* cmd :
         {"sweep s.yaml -o s.db --quiet", "analyze s.db", "export s.db --csv csv", "merge m.db s.db"}) {
      CAPTURE(cmd);
      const Result r = run_bpsim(dir, cmd);
      CHECK(r.status == 2);
      CHECK(has(r.err, "error: s.db: damaged sweep database: "));
    }
    CHECK_FALSE(fs::exists(dir / "m.db"));
  }
  TempDir dir;
  finished_sweep(dir);
  write_text(dir / "s.db", std::string(4096, 'x'));
  for (const char* cmd : {"sweep s.yaml -o s.db --quiet", "analyze s.db", "export s.db --csv csv", "merge m.db s.db"}) {
    CAPTURE(cmd);
    const Result r = run_bpsim(dir, cmd);
    CHECK(r.status == 2);
    CHECK(has(r.err, "error: s.db: not a bpsim sweep database: file is not a database"));
  }
}

TEST_CASE("sweep trust cli: a failed merge leaves no output file") {
  TempDir dir;
  finished_sweep(dir);
  write_text(dir / "t.yaml", tiny_sweep("{kind: grid, points: 2}"));
  REQUIRE(run_bpsim(dir, "sweep t.yaml -o t.db --quiet").status == 0);
  const Result r = run_bpsim(dir, "merge m.db s.db t.db");
  CHECK(r.status == 2);
  CHECK(has(r.err, "belong to different sweeps"));
  CHECK_FALSE(fs::exists(dir / "m.db"));
  for (const auto& e : fs::directory_iterator(dir.path()))
    CHECK_MESSAGE(e.path().filename().string().find(".tmp-") == std::string::npos, e.path().string());
}

TEST_CASE("sweep trust cli: bad outcomes and Morris levels are bad input at their line") {
  TempDir dir;
  write_text(dir / "o.yaml", tiny_sweep("{kind: grid, points: 3}", "[state:SWG:power@last, state:XYZ:power@last]"));
  Result r = run_bpsim(dir, "sweep o.yaml -o o.db --dry-run");
  CHECK(r.status == 2);
  CHECK(has(r.err, "error: o.yaml:6:34: outcomes[1]: outcome 'state:XYZ:power@last': unknown state id 'XYZ'"));
  CHECK_FALSE(fs::exists(dir / "o.db"));

  write_text(dir / "t.yaml", tiny_sweep("{kind: grid, points: 3}", "[state:SWG:power@at(31)]"));
  r = run_bpsim(dir, "sweep t.yaml -o t.db");
  CHECK(r.status == 2);
  CHECK(has(r.err,
            "error: t.yaml:6:12: outcomes[0]: outcome 'state:SWG:power@at(31)': tick out of range: the "
            "scenario runs ticks 0..30"));
  CHECK_FALSE(fs::exists(dir / "t.db"));

  write_text(dir / "m.yaml", tiny_sweep("{kind: morris, trajectories: 2, levels: 3}"));
  for (const char* dry : {"", " --dry-run"}) {
    r = run_bpsim(dir, std::string("sweep m.yaml -o m.db") + dry);
    CHECK(r.status == 2);
    CHECK(has(r.err,
              "error: m.yaml:2:49: design.levels: 3 levels: a morris design needs an even number of levels; "
              "allowed: 2, 4, 6, ..."));
  }
  CHECK_FALSE(fs::exists(dir / "m.db"));
}

TEST_CASE("sweep trust cli: a second YAML document, a FIFO and an overlong --shard are refused") {
  TempDir dir;
  write_text(dir / "two.yaml", tiny_sweep() + "---\nscenario: other.yaml\n");
  Result r = run_bpsim(dir, "sweep two.yaml -o two.db");
  CHECK(r.status == 2);
  CHECK(has(r.err, "error: two.yaml:7:1: the file holds 2 YAML documents; a sweep file is one document"));

  REQUIRE(::mkfifo((dir / "pipe.yaml").c_str(), 0600) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  r = run_bpsim(dir, "sweep pipe.yaml -o p.db");
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));
  CHECK(r.status == 2);
  CHECK(has(r.err, "error: pipe.yaml: cannot read sweep file: it is a FIFO (named pipe), not a regular file"));

  write_text(dir / "s.yaml", tiny_sweep());
  r = run_bpsim(dir, "sweep s.yaml -o s.db --shard 99999999999/1");
  CHECK(r.status == 2);
  CHECK(has(r.err, "--shard 99999999999/1: K and N must be at most 2147483647"));
  CHECK_FALSE(has(r.err, "stoi"));
}

TEST_CASE("sweep trust cli: a design past an int or past the memory budget is refused at load, dry run too") {
  TempDir dir;
  write_text(dir / "huge.yaml", tiny_sweep("{kind: sobol, samples: 2000000000}"));
  for (const char* dry : {"", " --dry-run"}) {
    const Result r = run_bpsim(dir, std::string("sweep huge.yaml -o h.db") + dry);
    CHECK(r.status == 2);
    CHECK(has(r.err,
              "error: huge.yaml:2:9: design: the sweep has 6000000000 points x 2 replicates = 12000000000 "
              "runs, more than the 2147483647 a sweep may have"));
  }
  // About 313 MiB: 2 million runs of analysis rows, a million points of the design.
  write_text(dir / "big.yaml", tiny_sweep("{kind: random, samples: 1000000}"));
  for (const char* dry : {"", " --dry-run"}) {
    const Result r = run_bpsim(dir, std::string("--max-memory 32M sweep big.yaml -o b.db") + dry);
    CHECK(r.status == 2);
    CHECK(
        has(r.err, "error: big.yaml:2:9: design: the sweep (1000000 points x 2 replicates, 2 outcomes) needs about "));
    CHECK(has(r.err, "more than the memory budget of 32 MiB"));
  }
  CHECK_FALSE(fs::exists(dir / "h.db"));
  CHECK_FALSE(fs::exists(dir / "b.db"));
}
