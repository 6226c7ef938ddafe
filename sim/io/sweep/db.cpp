#include "sim/io/sweep/db.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

#include "sim/io/input_file.hpp"
#include "sim/io/results/manifest.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/csv.hpp"

namespace bpsim {

namespace {

namespace fs = std::filesystem;

constexpr int kSchemaVersion = 2;  // 2: meta sweep_spec (the fingerprint can be recomputed)
constexpr int kApplicationId = 0x62707377;  // "bpsw"
constexpr int kBusyTimeoutMs = 60000;       // other processes writing the same file

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
  wall_ms REAL, finished_utc TEXT, worker TEXT);
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

// A run-time failure (I/O, a full disk, a misuse by the caller).
[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw std::runtime_error(path + ": " + what);
}

// The file is not what it should be: bad input.
[[noreturn]] void damaged(const std::string& path, const std::string& what) { throw SweepDbError(path, what); }

// SQLite's codes for a file that is not a database or is damaged, or cannot be opened
// where the user pointed.
bool is_bad_file(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN;
}

// The one definition of a complete run (see sim/io/sweep/db.hpp), as an SQL condition on the
// runs row `r` of schema `schema` ("main", "src").
std::string complete_sql(const char* schema, const char* r, std::int64_t n_outcomes) {
  return fmt::format(
      "({r}.status = 'failed' OR (SELECT count(*) FROM {s}.results x WHERE x.run = {r}.run AND x.outcome >= 0 "
      "AND x.outcome < {n}) = {n})",
      fmt::arg("s", schema), fmt::arg("r", r), fmt::arg("n", n_outcomes));
}

// The tables of schema 2, all of which an existing DB must have.
constexpr const char* kTables[] = {"meta", "parameters", "outcomes", "points", "point_values", "runs", "results",
                                   "trajectories"};

std::string now_utc() { return utc_iso8601(std::chrono::system_clock::now()); }

// Shortest text that reads back as the same double ("0.1", "1e+300").
std::string num(double v) { return fmt::format("{}", v); }

std::string levels_json(const std::vector<double>& levels) {
  std::string out = "[";
  for (std::size_t i = 0; i < levels.size(); ++i) out += (i ? "," : "") + num(levels[i]);
  return out + "]";
}

// "1/4" + "2/4" -> "1/4+2/4"; "all" absorbs everything.
std::string shard_union(const std::string& a, const std::string& b) {
  std::vector<std::string> parts;
  for (const std::string* s : {&a, &b}) {
    std::size_t start = 0;
    while (start <= s->size()) {
      const std::size_t plus = std::min(s->find('+', start), s->size());
      std::string part = s->substr(start, plus - start);
      if (part == "all") return "all";
      if (!part.empty() && std::find(parts.begin(), parts.end(), part) == parts.end())
        parts.push_back(std::move(part));
      start = plus + 1;
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "+") + p;
  return out;
}

// ---- RAII over the SQLite C API ------------------------------------------------

class Conn {
 public:
  // label: the name in messages (the real path of a DB built under a temporary name).
  Conn(const std::string& file, int flags, const char* what, const std::string& label = "")
      : path_(label.empty() ? file : label) {
    const std::string& path = path_;
    const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      if (is_bad_file(rc)) damaged(path, fmt::format("{}: {}", what, msg));
      fail(path, fmt::format("{}: {}", what, msg));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  }
  ~Conn() { sqlite3_close_v2(db_); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void raise(const std::string& what) const {
    const std::string message = fmt::format("{}: {}", what, sqlite3_errmsg(db_));
    if (is_bad_file(sqlite3_extended_errcode(db_))) damaged(path_, message);
    fail(path_, message);
  }
  void exec(const char* sql, const char* what) {
    char* err = nullptr;
    if (const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err); rc != SQLITE_OK) {
      const std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      if (is_bad_file(sqlite3_extended_errcode(db_))) damaged(path_, fmt::format("{}: {}", what, msg));
      fail(path_, fmt::format("{}: {}", what, msg));
    }
  }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Stmt {
 public:
  Stmt(const Conn& c, const char* sql, const char* what) : c_(&c), what_(what) {
    if (sqlite3_prepare_v2(c.get(), sql, -1, &s_, nullptr) != SQLITE_OK) c.raise(what);
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& real(int i, double v) {  // NaN -> NULL
    check(std::isnan(v) ? sqlite3_bind_null(s_, i) : sqlite3_bind_double(s_, i, v));
    return *this;
  }
  Stmt& integer(int i, std::int64_t v) {
    check(sqlite3_bind_int64(s_, i, static_cast<sqlite3_int64>(v)));
    return *this;
  }
  Stmt& text(int i, const std::string& v) {
    check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  Stmt& text_or_null(int i, const std::string& v) { return v.empty() ? null(i) : text(i, v); }
  Stmt& null(int i) {
    check(sqlite3_bind_null(s_, i));
    return *this;
  }

  // A query: true while rows come. Resets itself when done or failed.
  bool row() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    done();
    if (rc != SQLITE_DONE) c_->raise(what_);
    return false;
  }
  // A statement without rows: runs it and resets. Returns SQLite's code on a
  // constraint violation (the caller explains it), throws on anything else.
  int run() {
    const int rc = sqlite3_step(s_);
    done();
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return SQLITE_OK;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return rc;
    c_->raise(what_);
  }
  void done() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  double real(int col) const {
    return is_null(col) ? std::numeric_limits<double>::quiet_NaN() : sqlite3_column_double(s_, col);
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(s_, col); }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string();
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) c_->raise(what_);
  }
  const Conn* c_;
  const char* what_;
  sqlite3_stmt* s_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless committed.
class Transaction {
 public:
  Transaction(Conn& c, const char* what) : c_(c), what_(what) { c_.exec("BEGIN IMMEDIATE", what); }
  ~Transaction() {
    if (!committed_) sqlite3_exec(c_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.exec("COMMIT", what_);
    committed_ = true;
  }

 private:
  Conn& c_;
  const char* what_;
  bool committed_ = false;
};

std::int64_t scalar_int(const Conn& c, const char* sql, const char* what) {
  Stmt s(c, sql, what);
  return s.row() ? s.integer(0) : 0;
}

std::uint64_t seed_from_db(std::int64_t v) { return std::bit_cast<std::uint64_t>(v); }
std::int64_t seed_to_db(std::uint64_t v) { return std::bit_cast<std::int64_t>(v); }

}  // namespace

// ---- SweepDb ---------------------------------------------------------------------

struct SweepDb::Impl {
  Impl(const std::string& path, int flags, const char* what, const std::string& label = "")
      : db(path, flags, what, label) {}

  Conn db;
  mutable std::mutex mu;
  std::int64_t n_points = 0;
  std::int64_t n_outcomes = 0;
  SweepSpec spec;  // the stored sweep, checked against the fingerprint

  const std::string& path() const { return db.path(); }

  // "fresh" (no tables: create), "ours", or throws for anything else.
  bool is_fresh() const {
    std::int64_t app = 0;
    {
      Stmt s(db, "PRAGMA application_id", "not a bpsim sweep database");
      if (s.row()) app = s.integer(0);
    }
    const std::int64_t objects =
        scalar_int(db, "SELECT count(*) FROM sqlite_master", "not a bpsim sweep database");
    if (app == kApplicationId) {
      const std::int64_t version = scalar_int(db, "PRAGMA user_version", "cannot read DB");
      if (version > kSchemaVersion)
        damaged(path(), fmt::format("written by a newer bpsim (sweep DB schema {}); this bpsim reads "
                                    "schema {}",
                                    version, kSchemaVersion));
      if (version < kSchemaVersion)
        damaged(path(), fmt::format("written by an older bpsim (sweep DB schema {}) that did not store what its "
                                    "fingerprint is made of, so it cannot be checked; run the sweep again into a "
                                    "new DB",
                                    version));
      check_tables();
      return false;
    }
    if (app == 0 && objects == 0) return true;
    damaged(path(),
            "not a bpsim sweep database (an SQLite file with other contents); use another "
            "path");
  }

  void check_tables() const {
    Stmt s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", "cannot read DB");
    for (const char* table : kTables) {
      s.text(1, table);
      const bool there = s.row() && s.integer(0) == 1;
      s.done();
      if (!there) damaged(path(), fmt::format("damaged sweep database: the table '{}' is missing", table));
    }
  }

  std::string complete(const char* r = "r") const { return complete_sql("main", r, n_outcomes); }

  // The stored spec, its fingerprint recomputed the way `sweep` computes it, and the
  // tables held against it.
  SweepSpec checked_spec() const {
    SweepSpec sp;
    try {
      sp = sweep_spec_from_json(meta("sweep_spec"));
    } catch (const std::invalid_argument& e) {
      damaged(path(), fmt::format("damaged sweep database: {}", e.what()));
    }
    const std::string stored = meta("sweep_sha256");
    const std::string actual = sweep_fingerprint_of(sp, meta("scenario_sha256"));
    const auto changed = [&](const std::string& what) {
      damaged(path(), fmt::format("the database was changed after it was written: {}; it cannot be trusted (run "
                                  "the sweep again into a new DB)",
                                  what));
    };
    if (stored != actual)
      changed(fmt::format("its stored fingerprint {} is not the one of the sweep and scenario it stores ({})",
                          stored, actual));
    const SweepHeader h = header();
    if (h.design_kind != sp.design.kind)
      changed(fmt::format("design_kind is '{}', the stored sweep's is '{}'", h.design_kind, sp.design.kind));
    if (!same_parameters(h.parameters, sp.parameters))
      changed("the parameters table differs from the stored sweep's parameters");
    if (!sp.outcomes.empty() && h.outcomes != sp.outcomes)
      changed("the outcomes table differs from the stored sweep's outcomes");
    if (static_cast<std::uint64_t>(n_points) != sweep_point_count(sp))
      changed(fmt::format("it holds {} points, the stored sweep has {}", n_points, sweep_point_count(sp)));
    return sp;
  }

  static bool same_parameters(const std::vector<SweepParameter>& a, const std::vector<SweepParameter>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SweepParameter& x, const SweepParameter& y) {
      return x.path == y.path && x.lo == y.lo && x.hi == y.hi && x.log == y.log && x.levels == y.levels;
    });
  }

  void load_counts() {
    n_points = scalar_int(db, "SELECT count(*) FROM points", "cannot read DB");
    n_outcomes = scalar_int(db, "SELECT count(*) FROM outcomes", "cannot read DB");
  }

  void pragmas() { sqlite3_exec(db.get(), "PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr); }

  void create(const SweepHeader& h, const Eigen::MatrixXd& points,
              const std::vector<std::string>& roles) {
    if (points.cols() != static_cast<Eigen::Index>(h.parameters.size()))
      fail(path(), fmt::format("cannot create DB: points have {} columns for {} parameters",
                               points.cols(), h.parameters.size()));
    if (!roles.empty() && roles.size() != static_cast<std::size_t>(points.rows()))
      fail(path(),
           fmt::format("cannot create DB: {} roles for {} points", roles.size(), points.rows()));
    if (!points.allFinite()) fail(path(), "cannot create DB: a point value is not finite");
    db.exec("PRAGMA journal_mode=WAL", "cannot create DB");
    pragmas();
    Transaction tx(db, "cannot create DB");
    // Another process may have created it since we looked.
    if (scalar_int(db, "SELECT count(*) FROM sqlite_master", "cannot create DB") > 0) return;
    db.exec(kSchema, "cannot create DB");
    db.exec(fmt::format("PRAGMA application_id={}; PRAGMA user_version={}", kApplicationId,
                        kSchemaVersion)
                .c_str(),
            "cannot create DB");
    {
      Stmt s(db, "INSERT INTO meta(key, value) VALUES(?, ?)", "cannot create DB");
      const std::pair<const char*, std::string> rows[] = {
          {"sweep_file", h.sweep_file},
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
        if (p.levels.empty())
          s.null(6);
        else
          s.text(6, levels_json(p.levels));
        if (s.run() != SQLITE_OK)
          fail(path(), fmt::format("cannot create DB: parameter '{}' is listed twice", p.path));
      }
    }
    {
      Stmt s(db, "INSERT INTO outcomes VALUES(?, ?)", "cannot create DB");
      for (std::size_t i = 0; i < h.outcomes.size(); ++i)
        if (s.integer(1, static_cast<std::int64_t>(i)).text(2, h.outcomes[i]).run() != SQLITE_OK)
          fail(path(),
               fmt::format("cannot create DB: outcome '{}' is listed twice", h.outcomes[i]));
    }
    {
      Stmt pt(db, "INSERT INTO points VALUES(?, ?)", "cannot create DB");
      Stmt pv(db, "INSERT INTO point_values VALUES(?, ?, ?)", "cannot create DB");
      for (Eigen::Index i = 0; i < points.rows(); ++i) {
        pt.integer(1, i).text(2,
                              roles.empty() ? std::string() : roles[static_cast<std::size_t>(i)]);
        pt.run();
        for (Eigen::Index j = 0; j < points.cols(); ++j)
          pv.integer(1, i).integer(2, j).real(3, points(i, j)).run();
      }
    }
    tx.commit();
  }

  std::string meta(const std::string& key) const {
    Stmt s(db, "SELECT value FROM meta WHERE key = ?", "cannot read DB meta");
    s.text(1, key);
    std::string v = s.row() ? s.text(0) : std::string();
    s.done();
    return v;
  }

  void set_meta(const std::string& key, const std::string& value) {
    Stmt s(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", "cannot write DB meta");
    if (s.text(1, key).text(2, value).run() != SQLITE_OK) db.raise("cannot write DB meta");
  }

  SweepHeader header() const {
    SweepHeader h;
    h.fingerprint = meta("sweep_sha256");
    h.sweep_file = meta("sweep_file");
    h.scenario_file = meta("scenario_file");
    h.scenario_sha256 = meta("scenario_sha256");
    h.design_kind = meta("design_kind");
    h.shard = meta("shard");
    h.spec_json = meta("sweep_spec");
    {
      Stmt s(db, "SELECT path, lo, hi, scale, levels FROM parameters ORDER BY parameter",
             "cannot read DB parameters");
      while (s.row()) {
        SweepParameter p;
        p.path = s.text(0);
        p.lo = s.real(1);
        p.hi = s.real(2);
        p.log = s.text(3) == "log";
        if (!s.is_null(4)) {
          try {
            p.levels = nlohmann::json::parse(s.text(4)).get<std::vector<double>>();
          } catch (const nlohmann::json::exception& e) {
            damaged(path(), fmt::format("damaged sweep database: bad levels of parameter '{}': {}", p.path,
                                        e.what()));
          }
        }
        h.parameters.push_back(std::move(p));
      }
    }
    Stmt s(db, "SELECT spec FROM outcomes ORDER BY outcome", "cannot read DB outcomes");
    while (s.row()) h.outcomes.push_back(s.text(0));
    return h;
  }

  Eigen::MatrixXd points() const {
    const auto n_params = scalar_int(db, "SELECT count(*) FROM parameters", "cannot read DB");
    Eigen::MatrixXd m =
        Eigen::MatrixXd::Constant(n_points, n_params, std::numeric_limits<double>::quiet_NaN());
    Stmt s(db, "SELECT point, parameter, value FROM point_values", "cannot read DB points");
    while (s.row()) {
      const auto i = s.integer(0), j = s.integer(1);
      if (i < 0 || i >= n_points || j < 0 || j >= n_params)
        damaged(path(), fmt::format("damaged sweep database: bad point_values row ({}, {})", i, j));
      m(i, j) = s.real(2);
    }
    return m;
  }

  std::vector<std::string> roles() const {
    std::vector<std::string> out;
    Stmt s(db, "SELECT role FROM points ORDER BY point", "cannot read DB points");
    while (s.row()) out.push_back(s.text(0));
    return out;
  }

  // Checks that an existing DB is this sweep's; records the shard label.
  void verify(const SweepHeader& h, const Eigen::MatrixXd& pts,
              const std::vector<std::string>& rls) {
    const std::string fp = meta("sweep_sha256");
    if (fp != h.fingerprint)
      damaged(path(),
           fmt::format("this database belongs to a different sweep (fingerprint {}, scenario "
                       "{}); the sweep file or its scenario changed since it was created; "
                       "use a new -o path or delete {}",
                       fp, meta("scenario_file"), path()));
    const auto hint = fmt::format(
        "the sampling design changed since the DB was created (another "
        "bpsim version?); use a new -o path or delete {}",
        path());
    const SweepHeader stored = header();
    if (stored.outcomes != h.outcomes)
      damaged(path(), "the stored outcomes differ from this sweep's; " + hint);
    const Eigen::MatrixXd mine = points();
    if (mine.rows() != pts.rows() || mine.cols() != pts.cols())
      damaged(path(), fmt::format("holds {} points of {} parameters, this sweep has {} of {}; {}",
                               mine.rows(), mine.cols(), pts.rows(), pts.cols(), hint));
    for (Eigen::Index i = 0; i < pts.rows(); ++i)
      for (Eigen::Index j = 0; j < pts.cols(); ++j)
        if (!(mine(i, j) == pts(i, j)))
          damaged(path(), fmt::format("the stored point {} differs from this sweep's; {}", i, hint));
    if (!rls.empty() && roles() != rls)
      damaged(path(), "the stored point roles differ from this sweep's; " + hint);
    const std::string shard = meta("shard");
    const std::string joined = shard_union(shard, h.shard.empty() ? "all" : h.shard);
    if (joined != shard) set_meta("shard", joined);
  }

  void record(const std::vector<RunRecord>& batch) {
    Transaction tx(db, "cannot record runs");
    Stmt run(db, "INSERT INTO runs VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)", "cannot record runs");
    Stmt res(db, "INSERT INTO results VALUES(?, ?, ?)", "cannot record results");
    Stmt traj(db, "INSERT INTO trajectories VALUES(?, ?, ?, ?)", "cannot record trajectories");
    Stmt incomplete(db, ("SELECT 1 FROM runs r WHERE r.run = ? AND NOT " + complete()).c_str(), "cannot record runs");
    const std::string finished = now_utc();
    for (const RunRecord& r : batch) {
      if (incomplete.integer(1, r.run).row()) {
        incomplete.done();
        forget_run(r.run);
      }
      if (r.point < 0 || r.point >= n_points)
        fail(path(), fmt::format("cannot record run {}: point {} does not exist (the sweep has {} "
                                 "points)",
                                 r.run, r.point, n_points));
      const auto n_out = static_cast<std::size_t>(n_outcomes);
      if (r.ok && r.outcomes.size() != n_out)
        fail(path(), fmt::format("cannot record run {}: {} outcome values for {} outcomes", r.run,
                                 r.outcomes.size(), n_out));
      if (r.ok && !r.trajectory.empty() && (r.trajectory.size() != n_out || r.trajectory_every < 1))
        fail(path(), fmt::format("cannot record run {}: trajectory of {} outcomes every {} ticks; "
                                 "expected {} outcomes every K >= 1 ticks",
                                 r.run, r.trajectory.size(), r.trajectory_every, n_out));
      run.integer(1, r.run)
          .integer(2, r.point)
          .integer(3, r.replicate)
          .integer(4, seed_to_db(r.seed));
      run.text(5, r.ok ? "done" : "failed").text_or_null(6, r.error).real(7, r.wall_ms);
      run.text(8, finished).text_or_null(9, r.worker);
      if (const int rc = run.run(); rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        fail(path(), fmt::format("cannot record run {}: it is already recorded (a run is recorded "
                                 "once)",
                                 r.run));
      else if (rc != SQLITE_OK)
        db.raise(fmt::format("cannot record run {}", r.run));
      if (!r.ok) continue;
      for (std::size_t j = 0; j < n_out; ++j)
        if (res.integer(1, r.run)
                .integer(2, static_cast<std::int64_t>(j))
                .real(3, r.outcomes[j])
                .run() != SQLITE_OK)
          db.raise(fmt::format("cannot record results of run {}", r.run));
      for (std::size_t j = 0; j < r.trajectory.size(); ++j)
        for (std::size_t k = 0; k < r.trajectory[j].size(); ++k) {
          traj.integer(1, r.run).integer(2, static_cast<std::int64_t>(j));
          traj.integer(3, static_cast<std::int64_t>(k) * r.trajectory_every)
              .real(4, r.trajectory[j][k]);
          if (traj.run() != SQLITE_OK)
            db.raise(fmt::format("cannot record trajectory of run {}", r.run));
        }
    }
    tx.commit();
  }

  // Deletes every row of a run (an incomplete one, about to be recorded again).
  void forget_run(std::int64_t run) {
    for (const char* sql : {"DELETE FROM trajectories WHERE run = ?", "DELETE FROM results WHERE run = ?",
                            "DELETE FROM runs WHERE run = ?"}) {
      Stmt s(db, sql, "cannot replace an incomplete run");
      if (s.integer(1, run).run() != SQLITE_OK) db.raise("cannot replace an incomplete run");
    }
  }

  // Copies the runs of another sweep DB (same fingerprint, checked by the caller)
  // that this one lacks; a shared run must be identical. Returns the runs copied,
  // or the id of a conflicting run in *conflict.
  std::int64_t merge_from(const std::string& src, std::int64_t* conflict) {
    {
      Stmt attach(db, "ATTACH DATABASE ? AS src", "cannot open merge input");
      if (attach.text(1, src).run() != SQLITE_OK) db.raise("cannot open merge input " + src);
    }
    std::int64_t copied = 0;
    try {
      copied = merge_attached(conflict);
    } catch (...) {
      sqlite3_exec(db.get(), "DETACH DATABASE src", nullptr, nullptr, nullptr);
      throw;
    }
    db.exec("DETACH DATABASE src", "cannot close merge input");
    return copied;
  }

  // Incomplete runs count as absent on both sides: this DB's are dropped, the
  // input's complete runs (temp.merge_runs) are the ones compared and copied.
  std::int64_t merge_attached(std::int64_t* conflict) {
    Transaction tx(db, "cannot merge");
    const std::string drop = "(SELECT run FROM main.runs r WHERE NOT " + complete() + ")";
    for (const char* table : {"trajectories", "results", "runs"})
      db.exec(fmt::format("DELETE FROM main.{} WHERE run IN {}", table, drop).c_str(), "cannot merge");
    db.exec(("CREATE TEMP TABLE merge_runs(run INTEGER PRIMARY KEY); INSERT INTO merge_runs SELECT run FROM "
             "src.runs r WHERE " +
             complete_sql("src", "r", n_outcomes))
                .c_str(),
            "cannot merge");
    static const char* const kConflicts[] = {
        // the run itself
        "SELECT s.run FROM src.runs s JOIN merge_runs c ON c.run = s.run JOIN main.runs m ON m.run = s.run WHERE "
        "s.point IS NOT m.point OR s.replicate IS NOT m.replicate OR s.seed IS NOT m.seed OR s.status IS NOT "
        "m.status LIMIT 1",
        // its results, both ways
        "SELECT s.run FROM src.results s JOIN merge_runs c ON c.run = s.run JOIN main.runs m ON m.run = s.run LEFT "
        "JOIN main.results x ON x.run = s.run AND x.outcome = s.outcome WHERE x.run IS NULL OR x.value IS NOT "
        "s.value LIMIT 1",
        "SELECT m.run FROM main.results m JOIN merge_runs c ON c.run = m.run WHERE NOT EXISTS (SELECT 1 FROM "
        "src.results x WHERE x.run = m.run AND x.outcome = m.outcome) LIMIT 1",
        // its trajectory, both ways
        "SELECT s.run FROM src.trajectories s JOIN merge_runs c ON c.run = s.run JOIN main.runs m ON m.run = s.run "
        "LEFT JOIN main.trajectories x ON x.run = s.run AND x.outcome = s.outcome AND x.tick = s.tick WHERE x.run "
        "IS NULL OR x.value IS NOT s.value LIMIT 1",
        "SELECT m.run FROM main.trajectories m JOIN merge_runs c ON c.run = m.run WHERE NOT EXISTS (SELECT 1 FROM "
        "src.trajectories x WHERE x.run = m.run AND x.outcome = m.outcome AND x.tick = m.tick) LIMIT 1"};
    for (const char* sql : kConflicts) {
      Stmt s(db, sql, "cannot merge");
      if (s.row()) {
        *conflict = s.integer(0);
        s.done();
        return 0;
      }
    }
    // Shared runs are identical now, so OR IGNORE skips exactly them.
    db.exec(
        "INSERT OR IGNORE INTO main.runs(run, point, replicate, seed, status, error, wall_ms, "
        "finished_utc, worker) SELECT run, point, replicate, seed, status, error, wall_ms, "
        "finished_utc, worker FROM src.runs WHERE run IN merge_runs",
        "cannot merge runs");
    const std::int64_t copied = sqlite3_changes64(db.get());
    db.exec(
        "INSERT OR IGNORE INTO main.results(run, outcome, value) SELECT run, outcome, value "
        "FROM src.results WHERE run IN merge_runs",
        "cannot merge results");
    db.exec(
        "INSERT OR IGNORE INTO main.trajectories(run, outcome, tick, value) SELECT run, "
        "outcome, tick, value FROM src.trajectories WHERE run IN merge_runs",
        "cannot merge trajectories");
    db.exec("DROP TABLE temp.merge_runs", "cannot merge");
    tx.commit();
    return copied;
  }
};

SweepDbError::SweepDbError(const std::string& path, const std::string& what)
    : ScenarioError({Diagnostic{path, 0, 0, "", what, ""}}) {}

SweepDb::SweepDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SweepDb::SweepDb(SweepDb&&) noexcept = default;
SweepDb& SweepDb::operator=(SweepDb&&) noexcept = default;
SweepDb::~SweepDb() = default;

namespace {

void remove_db_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// Builds a new DB under a temporary name next to path and moves it into place, so that
// a failure leaves no file; never over a file another process created meanwhile (that
// one is then opened and checked like any existing DB).
void create_db_file(const std::string& path, const SweepHeader& h, const Eigen::MatrixXd& points,
                    const std::vector<std::string>& roles) {
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  remove_db_files(tmp);
  try {
    {
      SweepDb::Impl fresh(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "cannot create DB", path);
      fresh.create(h, points, roles);
    }  // closed: the WAL is checkpointed into the file
    if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
      std::error_code ec;
      if (fs::exists(path, ec) || std::rename(tmp.c_str(), path.c_str()) != 0)
        fail(path, fmt::format("cannot create DB: cannot move {} into place: {}", tmp, std::strerror(errno)));
    }
  } catch (...) {
    remove_db_files(tmp);
    throw;
  }
  remove_db_files(tmp);
}

}  // namespace

SweepDb SweepDb::open(const std::string& path, const SweepHeader& h, const Eigen::MatrixXd& points,
                      const std::vector<std::string>& roles) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) damaged(path, "cannot create DB: it is a directory");
  if (!fs::exists(path, ec)) create_db_file(path, h, points, roles);
  auto impl = std::make_unique<Impl>(path, SQLITE_OPEN_READWRITE, "cannot open DB");
  if (sqlite3_db_readonly(impl->db.get(), "main") == 1)
    damaged(path, "cannot open DB for writing: the file is read-only");
  if (impl->is_fresh()) {  // an empty file the user pointed at
    impl->create(h, points, roles);
  } else {
    impl->pragmas();
  }
  impl->load_counts();
  impl->verify(h, points, roles);
  impl->spec = impl->checked_spec();
  return SweepDb(std::move(impl));
}

SweepDb SweepDb::open_existing(const std::string& path) {
  if (const std::string problem = input_file_problem(path, std::numeric_limits<std::size_t>::max());
      !problem.empty())
    damaged(path, "cannot open DB: " + problem);
  auto impl = std::make_unique<Impl>(path, SQLITE_OPEN_READWRITE, "cannot open DB");
  if (impl->is_fresh()) damaged(path, "not a bpsim sweep database (an empty file)");
  impl->pragmas();
  impl->load_counts();
  impl->spec = impl->checked_spec();
  return SweepDb(std::move(impl));
}

const std::string& SweepDb::path() const { return impl_->path(); }

std::vector<std::int64_t> SweepDb::finished_runs() const {
  std::lock_guard lock(impl_->mu);
  std::vector<std::int64_t> out;
  Stmt s(impl_->db, ("SELECT run FROM runs r WHERE " + impl_->complete() + " ORDER BY run").c_str(),
         "cannot read DB runs");
  while (s.row()) out.push_back(s.integer(0));
  return out;
}

SweepSpec SweepDb::spec() const {
  std::lock_guard lock(impl_->mu);
  return impl_->spec;
}

std::int64_t SweepDb::merge_from(const std::string& src, std::int64_t* conflict) {
  std::lock_guard lock(impl_->mu);
  return impl_->merge_from(src, conflict);
}

void SweepDb::record(const std::vector<RunRecord>& batch) {
  std::lock_guard lock(impl_->mu);
  impl_->record(batch);
}

SweepHeader SweepDb::header() const {
  std::lock_guard lock(impl_->mu);
  return impl_->header();
}

Eigen::MatrixXd SweepDb::points() const {
  std::lock_guard lock(impl_->mu);
  return impl_->points();
}

std::vector<std::string> SweepDb::roles() const {
  std::lock_guard lock(impl_->mu);
  return impl_->roles();
}

SweepDb::Results SweepDb::results() const {
  std::lock_guard lock(impl_->mu);
  Results r;
  {
    Stmt s(impl_->db,
           ("SELECT run, point, replicate, status FROM runs r WHERE " + impl_->complete() + " ORDER BY run").c_str(),
           "cannot read DB runs");
    while (s.row()) {
      r.run.push_back(s.integer(0));
      r.point.push_back(s.integer(1));
      r.replicate.push_back(static_cast<int>(s.integer(2)));
      r.status.push_back(s.text(3));
    }
  }
  const auto n_out = impl_->n_outcomes;
  r.values = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(r.run.size()), n_out,
                                       std::numeric_limits<double>::quiet_NaN());
  Stmt s(impl_->db, "SELECT run, outcome, value FROM results ORDER BY run, outcome",
         "cannot read DB results");
  std::size_t row = 0;
  while (s.row()) {
    const auto run = s.integer(0), outcome = s.integer(1);
    while (row < r.run.size() && r.run[row] < run) ++row;
    if (row == r.run.size() || r.run[row] != run || outcome < 0 || outcome >= n_out) continue;
    r.values(static_cast<Eigen::Index>(row), outcome) = s.real(2);
  }
  return r;
}

std::int64_t SweepDb::run_count() const {
  std::lock_guard lock(impl_->mu);
  return scalar_int(impl_->db, ("SELECT count(*) FROM runs r WHERE " + impl_->complete()).c_str(),
                    "cannot read DB runs");
}

std::int64_t SweepDb::incomplete_count() const {
  std::lock_guard lock(impl_->mu);
  return scalar_int(impl_->db, ("SELECT count(*) FROM runs r WHERE NOT " + impl_->complete()).c_str(),
                    "cannot read DB runs");
}

std::int64_t SweepDb::failed_count() const {
  std::lock_guard lock(impl_->mu);
  return scalar_int(impl_->db, "SELECT count(*) FROM runs WHERE status = 'failed'",
                    "cannot read DB runs");
}

void SweepDb::set_meta(const std::string& key, const std::string& value) {
  std::lock_guard lock(impl_->mu);
  impl_->set_meta(key, value);
}

std::string SweepDb::meta(const std::string& key) const {
  std::lock_guard lock(impl_->mu);
  return impl_->meta(key);
}

// ---- merge -----------------------------------------------------------------------

namespace {

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

bool same_matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() && (a.array() == b.array()).all();
}

bool has_run(const std::string& db, std::int64_t run) {
  const auto runs = SweepDb::open_existing(db).finished_runs();
  return std::binary_search(runs.begin(), runs.end(), run);
}

std::vector<std::pair<std::string, std::string>> all_meta(const std::string& db) {
  Conn c(db, SQLITE_OPEN_READONLY, "cannot open DB");
  std::vector<std::pair<std::string, std::string>> out;
  Stmt s(c, "SELECT key, value FROM meta ORDER BY key", "cannot read DB meta");
  while (s.row()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

}  // namespace

namespace {

// The inputs' headers, after checking they are of one sweep and none is the output.
std::vector<SweepHeader> merge_headers(const std::string& out, const std::vector<std::string>& inputs) {
  std::vector<SweepHeader> headers;
  for (const std::string& in : inputs) {
    if (same_file(in, out)) damaged("", fmt::format("merge: {} is both an input and the output", in));
    headers.push_back(SweepDb::open_existing(in).header());
    if (headers.back().fingerprint != headers.front().fingerprint)
      damaged("", fmt::format("merge: {} and {} belong to different sweeps (fingerprints {} and {}); only DBs of the "
                              "same sweep file and scenario can be merged",
                              inputs.front(), in, headers.front().fingerprint, headers.back().fingerprint));
  }
  return headers;
}

// Merges the inputs into db (at `into`, shown as `out`); returns the runs copied.
std::int64_t merge_into(SweepDb& db, const std::string& out, bool existed, const std::vector<std::string>& inputs,
                        const std::vector<SweepHeader>& headers, const Eigen::MatrixXd& points) {
  std::string shard = existed ? db.meta("shard") : "";
  std::int64_t copied = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0 && !same_matrix(SweepDb::open_existing(inputs[i]).points(), points))
      damaged("", fmt::format("merge: {} and {} have the same fingerprint but different points (made by different "
                              "bpsim versions?)",
                              inputs.front(), inputs[i]));
    std::int64_t conflict = -1;
    const std::int64_t n = db.merge_from(inputs[i], &conflict);
    if (conflict >= 0) {
      std::string other = out;
      for (std::size_t j = 0; j < i; ++j)
        if (has_run(inputs[j], conflict)) {
          other = inputs[j];
          break;
        }
      damaged("", fmt::format("merge: run {} differs between {} and {} (point, replicate, seed, status or values); "
                              "the files disagree about the same run{}",
                              conflict, inputs[i], other,
                              existed && i > 0 ? "; the runs of the inputs before it were merged already" : ""));
    }
    copied += n;
    shard = shard_union(shard, headers[i].shard);
  }
  db.set_meta("shard", shard);
  return copied;
}

}  // namespace

std::int64_t merge_sweep_dbs(const std::string& out, const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw std::runtime_error("merge: no input DBs given");
  const std::vector<SweepHeader> headers = merge_headers(out, inputs);
  const SweepDb first = SweepDb::open_existing(inputs.front());
  const Eigen::MatrixXd points = first.points();
  const std::vector<std::string> roles = first.roles();

  std::error_code ec;
  if (fs::exists(out, ec)) {
    const std::string fp = SweepDb::open_existing(out).header().fingerprint;
    if (fp != headers.front().fingerprint)
      damaged("", fmt::format("merge: {} and {} belong to different sweeps (fingerprints {} and {}); merge into a "
                              "new file",
                              out, inputs.front(), fp, headers.front().fingerprint));
    SweepDb db = SweepDb::open(out, headers.front(), points, roles);
    return merge_into(db, out, true, inputs, headers, points);
  }
  // A new output is built under a temporary name: a failed merge leaves no file.
  const std::string tmp = fmt::format("{}.tmp-{}", out, ::getpid());
  remove_db_files(tmp);
  std::int64_t copied = 0;
  try {
    {
      SweepDb db = SweepDb::open(tmp, headers.front(), points, roles);
      // provenance of the runs: the first input's (not created_utc: this file's)
      for (const auto& [key, value] : all_meta(inputs.front()))
        if (key != "created_utc") db.set_meta(key, value);
      copied = merge_into(db, out, false, inputs, headers, points);
    }
    if (::link(tmp.c_str(), out.c_str()) != 0)
      fail(out, fmt::format("cannot create the merged DB from {}: {}", tmp, std::strerror(errno)));
  } catch (...) {
    remove_db_files(tmp);
    throw;
  }
  remove_db_files(tmp);
  return copied;
}

// ---- export ----------------------------------------------------------------------

namespace {

// A CSV file written as it goes, synced and closed by finish().
class CsvFile {
 public:
  explicit CsvFile(fs::path path) : path_(std::move(path)) {
    f_ = std::fopen(path_.c_str(), "wx");
    if (!f_) fail_errno("cannot create it");
  }
  ~CsvFile() {
    if (f_) std::fclose(f_);
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  void field(const std::string& s) {
    sep();
    line_ += csv_field(s);
  }
  void number(double v) {  // empty for NaN and inf (NA in R, NaN in pandas)
    sep();
    line_ += csv_number(v);
  }
  void integer(std::int64_t v) {
    sep();
    line_ += std::to_string(v);
  }
  void end_row() {
    line_ += '\n';
    first_ = true;
    if (line_.size() > (1u << 16)) flush();
  }
  void finish() {
    flush();
    if (std::fflush(f_) != 0 || ::fsync(fileno(f_)) != 0) fail_errno("write failed");
    const int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) fail_errno("close failed");
  }

 private:
  void sep() {
    if (!first_) line_ += ',';
    first_ = false;
  }
  void flush() {
    if (!line_.empty() && std::fwrite(line_.data(), 1, line_.size(), f_) != line_.size())
      fail_errno("write failed");
    line_.clear();
  }
  [[noreturn]] void fail_errno(const char* what) const {
    throw OutputError(fmt::format("cannot write {}: {}: {}", path_.string(), what,
                                  std::generic_category().message(errno)));
  }

  fs::path path_;
  std::FILE* f_ = nullptr;
  std::string line_;
  bool first_ = true;
};

void header_row(CsvFile& f, const std::vector<std::string>& names) {
  for (const auto& n : names) f.field(n);
  f.end_row();
}

}  // namespace

void export_sweep_csv(const std::string& db_path, const std::string& dir, bool force) {
  const SweepDb db = SweepDb::open_existing(db_path);
  const Conn& c = db.impl_->db;
  std::lock_guard lock(db.impl_->mu);
  const SweepHeader h = db.impl_->header();
  ResultDir out(dir, force);
  const fs::path stage = out.staging();
  {
    CsvFile f(stage / "meta.csv");
    header_row(f, {"key", "value"});
    Stmt s(c, "SELECT key, value FROM meta ORDER BY key", "cannot read DB meta");
    while (s.row()) {
      f.field(s.text(0));
      f.field(s.text(1));
      f.end_row();
    }
    f.finish();
  }
  {
    CsvFile f(stage / "parameters.csv");
    header_row(f, {"parameter", "path", "lo", "hi", "scale", "levels"});
    Stmt s(c, "SELECT parameter, path, lo, hi, scale, levels FROM parameters ORDER BY parameter",
           "cannot read DB parameters");
    while (s.row()) {
      f.integer(s.integer(0));
      f.field(s.text(1));
      f.number(s.real(2));
      f.number(s.real(3));
      f.field(s.text(4));
      f.field(s.text(5));
      f.end_row();
    }
    f.finish();
  }
  {
    CsvFile f(stage / "points.csv");
    std::vector<std::string> names{"point", "role"};
    for (const auto& p : h.parameters) names.push_back(p.path);
    header_row(f, names);
    const Eigen::MatrixXd pts = db.impl_->points();
    const std::vector<std::string> roles = db.impl_->roles();
    for (Eigen::Index i = 0; i < pts.rows(); ++i) {
      f.integer(i);
      f.field(roles[static_cast<std::size_t>(i)]);
      for (Eigen::Index j = 0; j < pts.cols(); ++j) f.number(pts(i, j));
      f.end_row();
    }
    f.finish();
  }
  {
    CsvFile f(stage / "runs.csv");
    header_row(f, {"run", "point", "replicate", "seed", "status", "error", "wall_ms",
                   "finished_utc", "worker"});
    Stmt s(c,
           ("SELECT run, point, replicate, seed, status, error, wall_ms, finished_utc, worker "
            "FROM runs r WHERE " + db.impl_->complete() + " ORDER BY run")
               .c_str(),
           "cannot read DB runs");
    while (s.row()) {
      f.integer(s.integer(0));
      f.integer(s.integer(1));
      f.integer(s.integer(2));
      f.field(std::to_string(seed_from_db(s.integer(3))));
      for (int col = 4; col <= 5; ++col) f.field(s.text(col));
      f.number(s.real(6));
      for (int col = 7; col <= 8; ++col) f.field(s.text(col));
      f.end_row();
    }
    f.finish();
  }
  {
    CsvFile f(stage / "results.csv");
    header_row(f, {"run", "point", "replicate", "outcome", "value"});
    Stmt s(c,
           ("SELECT r.run, r.point, r.replicate, o.spec, x.value FROM results x JOIN runs r ON "
            "r.run = x.run JOIN outcomes o ON o.outcome = x.outcome WHERE " + db.impl_->complete() +
            " ORDER BY x.run, x.outcome")
               .c_str(),
           "cannot read DB results");
    while (s.row()) {
      for (int col = 0; col < 3; ++col) f.integer(s.integer(col));
      f.field(s.text(3));
      f.number(s.real(4));
      f.end_row();
    }
    f.finish();
  }
  if (scalar_int(c, "SELECT EXISTS(SELECT 1 FROM trajectories)", "cannot read DB trajectories")) {
    CsvFile f(stage / "trajectories.csv");
    header_row(f, {"run", "point", "replicate", "outcome", "tick", "value"});
    Stmt s(c,
           ("SELECT r.run, r.point, r.replicate, o.spec, t.tick, t.value FROM trajectories t "
            "JOIN runs r ON r.run = t.run JOIN outcomes o ON o.outcome = t.outcome WHERE " + db.impl_->complete() +
            " ORDER BY t.run, t.outcome, t.tick")
               .c_str(),
           "cannot read DB trajectories");
    while (s.row()) {
      for (int col = 0; col < 3; ++col) f.integer(s.integer(col));
      f.field(s.text(3));
      f.integer(s.integer(4));
      f.number(s.real(5));
      f.end_row();
    }
    f.finish();
  }
  out.commit();
}

}  // namespace bpsim
