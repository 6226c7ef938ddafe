// `bpsim analyze`, `bpsim export` and `bpsim merge` end to end: the built binary on
// sweep DBs written by the test (test functions instead of simulations), exit codes.
#include "sim/io/sweep/db.hpp"

#include "analysis/design.hpp"
#include "support/command.hpp"
#include "support/sweep_header.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using bpsim::RunRecord;
using bpsim::SweepDb;
using bpsim::SweepHeader;
using namespace bpsim::test;  // support/: TempDir, run_bpsim, has, lines, ...

namespace {

// A small Saltelli sweep DB of y = 4 u1 + u2 (+ u3 * 0) over the unit cube; runs from
// `first` to `last` (exclusive) of 1 replicate each, the run 3 failed.
void make_sobol_db(const fs::path& path, const std::string& fingerprint, std::int64_t first = 0,
                   std::int64_t last = -1) {
  const int n = 64, k = 3;
  const auto d = bpsim::design::saltelli(n, k, 1);
  bpsim::SweepSpec spec;  // the spec of this design, stored with its fingerprint
  spec.design.kind = "sobol";
  spec.design.samples = n;
  spec.design.seed = 1;
  spec.parameters = {{"p.one", 0, 1, false, {}}, {"p.two", 0, 1, false, {}}, {"p.three", 0, 1, false, {}}};
  spec.outcomes = {"world:y@last"};
  // `fingerprint` names the sweep: it stands for the scenario's hash.
  SweepHeader h = bpsim::test::sweep_header_of(spec, fingerprint);
  std::vector<std::string> roles;
  for (int b = 0; b < k + 2; ++b)
    for (int i = 0; i < n; ++i) roles.push_back(b == 0 ? "A" : b == 1 ? "B" : "AB" + std::to_string(b - 1));
  SweepDb db = SweepDb::open(path.string(), h, d.points, roles);
  if (last < 0) last = d.points.rows();
  std::vector<RunRecord> batch;
  for (std::int64_t p = first; p < last; ++p) {
    RunRecord r;
    r.run = r.point = p;
    r.ok = p != 3;
    r.error = r.ok ? "" : "boom";
    if (r.ok) r.outcomes = {4 * d.points(p, 0) + d.points(p, 1)};
    batch.push_back(r);
  }
  db.record(batch);
}

}  // namespace

TEST_CASE("analyze CLI: prints the Sobol' table of a sweep DB and writes CSVs") {
  TempDir tmp;
  make_sobol_db(tmp / "s.db", "fp-a");
  const Result r = run_bpsim(tmp, "analyze s.db --bootstrap 200");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "Design    sobol, N = 64 base rows x 5 blocks: 320 points x 1 replicate, 3 parameters"));
  CHECK(has(r.out, "Runs      320 planned: 319 done, 1 failed, 0 missing"));
  CHECK(has(r.out, "S1 (first order)"));
  CHECK(has(r.out, "1 of 64 dropped"));
  CHECK(r.out.find("p.one") < r.out.find("p.two"));
  CHECK(r.out.find("p.two") < r.out.find("p.three"));

  const Result c = run_bpsim(tmp, "analyze s.db --prim \"y>3\" --csv res");
  REQUIRE_MESSAGE(c.status == 0, c.err);
  CHECK(has(c.out, "PRIM: where is world:y@last > 3?"));
  CHECK(has(c.out, "selected box"));
  for (const char* f : {"sobol.csv", "levels.csv", "prim.csv"}) CHECK_MESSAGE(fs::exists(tmp / "res" / f), f);
  CHECK_FALSE(fs::exists(tmp / "res/morris.csv"));
  CHECK(has(read_text(tmp / "res/sobol.csv"), "world:y@last,p.one,ST,"));
  // The CSV directory is not replaced without --force.
  CHECK(run_bpsim(tmp, "analyze s.db --csv res").status == 2);
  CHECK(run_bpsim(tmp, "analyze s.db --csv res --force").status == 0);
}

TEST_CASE("analyze CLI: a file that is not a sweep DB, a missing one or a bad option exits 2") {
  TempDir tmp;
  bpsim::test::write_text(tmp / "notes.txt", "not a database\n");
  const Result r = run_bpsim(tmp, "analyze notes.txt");
  CHECK(r.status == 2);
  CHECK(has(r.err, "notes.txt"));
  CHECK(has(r.err, "not a bpsim sweep database"));
  const Result m = run_bpsim(tmp, "analyze missing.db");
  CHECK(m.status == 2);
  CHECK(has(m.err, "no such file"));
  make_sobol_db(tmp / "s.db", "fp-a");
  const Result o = run_bpsim(tmp, "analyze s.db --outcome nope");
  CHECK(o.status == 2);
  CHECK(has(o.err, "world:y@last"));
  const Result p = run_bpsim(tmp, "analyze s.db --prim y");
  CHECK(p.status == 2);
  CHECK(has(p.err, "OUTCOME>X"));
}

TEST_CASE("merge CLI: shards merge into one DB, DBs of different sweeps exit 2") {
  TempDir tmp;
  make_sobol_db(tmp / "part1.db", "fp-a", 0, 100);
  make_sobol_db(tmp / "part2.db", "fp-a", 100, 320);
  make_sobol_db(tmp / "other.db", "fp-b", 0, 10);
  const Result ok = run_bpsim(tmp, "merge all.db part1.db part2.db");
  REQUIRE_MESSAGE(ok.status == 0, ok.err);
  CHECK(has(ok.out, "320 runs copied"));
  CHECK(has(ok.out, "320 runs (319 done, 1 failed) of 320 planned, 0 missing"));
  CHECK(SweepDb::open_existing((tmp / "all.db").string()).run_count() == 320);

  const Result bad = run_bpsim(tmp, "merge mixed.db part1.db other.db");
  CHECK(bad.status == 2);
  CHECK(has(bad.err, "different sweeps"));
  CHECK_FALSE(fs::exists(tmp / "mixed.db"));
  const Result into = run_bpsim(tmp, "merge all.db other.db");
  CHECK(into.status == 2);
  CHECK(has(into.err, "different sweeps"));
  CHECK(run_bpsim(tmp, "merge all.db").status == 2);  // no input
}

TEST_CASE("export CLI: writes results.csv and the other tidy CSVs") {
  TempDir tmp;
  make_sobol_db(tmp / "s.db", "fp-a");
  const Result r = run_bpsim(tmp, "export s.db --csv csv");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "320 runs"));
  for (const char* f : {"results.csv", "runs.csv", "points.csv", "parameters.csv", "meta.csv"})
    CHECK_MESSAGE(fs::exists(tmp / "csv" / f), f);
  const std::string results = read_text(tmp / "csv/results.csv");
  CHECK(has(results, "world:y@last"));
  CHECK(run_bpsim(tmp, "export s.db --csv csv").status == 2);
  CHECK(run_bpsim(tmp, "export s.db --csv csv --force").status == 0);
  CHECK(run_bpsim(tmp, "export s.db").status == 2);  // --csv is required
}
