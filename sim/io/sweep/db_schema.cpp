// The sweep DB's tables, the one definition of a complete run, creating a DB and
// recognising one (see sim/io/sweep/db.hpp for the layout).
#include <fmt/format.h>

#include "sim/io/sweep/db_impl.hpp"

namespace bpsim {

using namespace sweep_sql;

namespace {

const char* const kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE parameters(
  parameter INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, lo REAL NOT NULL, hi REAL NOT NULL,
  scale TEXT NOT NULL CHECK(scale IN ('linear', 'log', 'levels')), levels TEXT);
CREATE TABLE outcomes(outcome INTEGER PRIMARY KEY, spec TEXT NOT NULL UNIQUE);
CREATE TABLE points(point INTEGER PRIMARY KEY, role TEXT NOT NULL DEFAULT '');
CREATE TABLE point_values(
  point INTEGER NOT NULL REFERENCES points, parameter INTEGER NOT NULL REFERENCES parameters,
  value REAL NOT NULL, PRIMARY KEY(point, parameter)) WITHOUT ROWID;
CREATE TABLE runs(
  run INTEGER PRIMARY KEY, point INTEGER NOT NULL REFERENCES points,
  replicate INTEGER NOT NULL, seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK(status IN ('done', 'failed')), error TEXT,
  wall_ms REAL, finished_utc TEXT, worker TEXT, trajectory_rows INTEGER NOT NULL DEFAULT 0);
CREATE INDEX runs_by_point ON runs(point, replicate);
CREATE TABLE results(
  run INTEGER NOT NULL REFERENCES runs, outcome INTEGER NOT NULL REFERENCES outcomes,
  value REAL, PRIMARY KEY(run, outcome)) WITHOUT ROWID;
CREATE INDEX results_by_outcome ON results(outcome, run);
CREATE TABLE trajectories(
  run INTEGER NOT NULL REFERENCES runs, outcome INTEGER NOT NULL REFERENCES outcomes,
  tick INTEGER NOT NULL, value REAL, PRIMARY KEY(run, outcome, tick)) WITHOUT ROWID;
CREATE VIEW results_tidy AS
  SELECT r.run, r.point, r.replicate, o.spec AS outcome, x.value
  FROM results x JOIN runs r ON r.run = x.run JOIN outcomes o ON o.outcome = x.outcome;
)sql";

// The tables of schema 3, all of which an existing DB must have.
constexpr const char* kTables[] = {"meta",         "parameters", "outcomes", "points",
                                   "point_values", "runs",       "results",  "trajectories"};

// Shortest text that reads back as the same double ("0.1", "1e+300").
std::string num(double v) { return fmt::format("{}", v); }

std::string levels_json(const std::vector<double>& levels) {
  std::string out = "[";
  for (std::size_t i = 0; i < levels.size(); ++i) out += (i ? "," : "") + num(levels[i]);
  return out + "]";
}

}  // namespace

namespace sweep_sql {

std::string complete_sql(const char* schema, const char* r, std::int64_t n_outcomes) {
  return fmt::format(
      "({r}.status = 'failed' OR ((SELECT count(*) FROM {s}.results x WHERE x.run = {r}.run AND x.outcome >= 0 "
      "AND x.outcome < {n}) = {n} AND (SELECT count(*) FROM {s}.trajectories t WHERE t.run = {r}.run AND "
      "t.outcome >= 0 AND t.outcome < {n}) = {r}.trajectory_rows))",
      fmt::arg("s", schema), fmt::arg("r", r), fmt::arg("n", n_outcomes));
}

}  // namespace sweep_sql

// ---- recognising a sweep DB ------------------------------------------------------

bool SweepDb::Impl::is_fresh() const {
  std::int64_t app = 0;
  {
    Stmt s(db, "PRAGMA application_id", "not a bpsim sweep database");
    if (s.row()) app = s.integer(0);
  }
  const std::int64_t objects = scalar_int(db, "SELECT count(*) FROM sqlite_master", "not a bpsim sweep database");
  if (app == kApplicationId) {
    const std::int64_t version = scalar_int(db, "PRAGMA user_version", "cannot read DB");
    if (version > kSchemaVersion)
      damaged(path(), fmt::format("written by a newer bpsim (sweep DB schema {}); this bpsim reads "
                                  "schema {}",
                                  version, kSchemaVersion));
    if (version < kSchemaVersion)
      damaged(path(), fmt::format("written by an older bpsim (sweep DB schema {}) that did not store {}, so it "
                                  "cannot be checked; run the sweep again into a new DB",
                                  version,
                                  version < 2 ? "what its fingerprint is made of"
                                              : "how many trajectory rows each complete run has"));
    check_tables();
    return false;
  }
  if (app == 0 && objects == 0) return true;
  damaged(path(),
          "not a bpsim sweep database (an SQLite file with other contents); use another "
          "path");
}

void SweepDb::Impl::check_tables() const {
  Stmt s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", "cannot read DB");
  for (const char* table : kTables) {
    s.text(1, table);
    const bool there = s.row() && s.integer(0) == 1;
    s.done();
    if (!there) damaged(path(), fmt::format("damaged sweep database: the table '{}' is missing", table));
  }
}

void SweepDb::Impl::load_counts() {
  n_points = scalar_int(db, "SELECT count(*) FROM points", "cannot read DB");
  n_outcomes = scalar_int(db, "SELECT count(*) FROM outcomes", "cannot read DB");
}

void SweepDb::Impl::pragmas() { sqlite3_exec(db.get(), "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr); }

// ---- creating one ------------------------------------------------------------------

void SweepDb::Impl::create(const SweepHeader& h, const Eigen::MatrixXd& points, const std::vector<std::string>& roles) {
  if (points.cols() != static_cast<Eigen::Index>(h.parameters.size()))
    fail(path(),
         fmt::format("cannot create DB: points have {} columns for {} parameters", points.cols(), h.parameters.size()));
  if (!roles.empty() && roles.size() != static_cast<std::size_t>(points.rows()))
    fail(path(), fmt::format("cannot create DB: {} roles for {} points", roles.size(), points.rows()));
  if (!points.allFinite()) fail(path(), "cannot create DB: a point value is not finite");
  db.exec("PRAGMA journal_mode=WAL", "cannot create DB");
  pragmas();
  Transaction tx(db, "cannot create DB");
  // Another process may have created it since we looked.
  if (scalar_int(db, "SELECT count(*) FROM sqlite_master", "cannot create DB") > 0) return;
  db.exec(kSchema, "cannot create DB");
  db.exec(fmt::format("PRAGMA application_id={}; PRAGMA user_version={}", kApplicationId, kSchemaVersion).c_str(),
          "cannot create DB");
  insert_header(h);
  insert_points(points, roles);
  tx.commit();
}

// meta, parameters and outcomes.
void SweepDb::Impl::insert_header(const SweepHeader& h) {
  {
    Stmt s(db, "INSERT INTO meta(key, value) VALUES(?, ?)", "cannot create DB");
    const std::pair<const char*, std::string> rows[] = {{"sweep_file", h.sweep_file},
                                                        {"sweep_sha256", h.fingerprint},
                                                        {"sweep_spec", h.spec_json},
                                                        {"scenario_file", h.scenario_file},
                                                        {"scenario_sha256", h.scenario_sha256},
                                                        {"bpsim_version", BPSIM_VERSION},
                                                        {"git_rev", BPSIM_GIT_REV},
                                                        {"design_kind", h.design_kind},
                                                        {"created_utc", now_utc()},
                                                        {"shard", h.shard.empty() ? "all" : h.shard},
                                                        {"schema_version", std::to_string(kSchemaVersion)}};
    for (const auto& [key, value] : rows) s.text(1, key).text(2, value).run();
  }
  {
    Stmt s(db, "INSERT INTO parameters VALUES(?, ?, ?, ?, ?, ?)", "cannot create DB");
    for (std::size_t i = 0; i < h.parameters.size(); ++i) {
      const SweepParameter& p = h.parameters[i];
      s.integer(1, static_cast<std::int64_t>(i)).text(2, p.path).real(3, p.lo).real(4, p.hi);
      s.text(5, !p.levels.empty() ? "levels" : p.log ? "log" : "linear");
      if (p.levels.empty()) s.null(6);
      else s.text(6, levels_json(p.levels));
      if (s.run() != SQLITE_OK) fail(path(), fmt::format("cannot create DB: parameter '{}' is listed twice", p.path));
    }
  }
  Stmt s(db, "INSERT INTO outcomes VALUES(?, ?)", "cannot create DB");
  for (std::size_t i = 0; i < h.outcomes.size(); ++i)
    if (s.integer(1, static_cast<std::int64_t>(i)).text(2, h.outcomes[i]).run() != SQLITE_OK)
      fail(path(), fmt::format("cannot create DB: outcome '{}' is listed twice", h.outcomes[i]));
}

void SweepDb::Impl::insert_points(const Eigen::MatrixXd& points, const std::vector<std::string>& roles) {
  Stmt pt(db, "INSERT INTO points VALUES(?, ?)", "cannot create DB");
  Stmt pv(db, "INSERT INTO point_values VALUES(?, ?, ?)", "cannot create DB");
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    pt.integer(1, i).text(2, roles.empty() ? std::string() : roles[static_cast<std::size_t>(i)]);
    pt.run();
    for (Eigen::Index j = 0; j < points.cols(); ++j) pv.integer(1, i).integer(2, j).real(3, points(i, j)).run();
  }
}

}  // namespace bpsim
