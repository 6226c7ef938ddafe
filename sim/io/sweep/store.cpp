// The sweep DB as a store: creating or resuming it, its header and points, recording
// runs and reading their results (see sim/io/sweep/db.hpp).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "sim/io/input_file.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/manifest.hpp"
#include "sim/io/sweep/db_impl.hpp"

namespace bpsim {

using namespace sweep_sql;

namespace {

namespace fs = std::filesystem;

bool same_parameters(const std::vector<SweepParameter>& a, const std::vector<SweepParameter>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const SweepParameter& x, const SweepParameter& y) {
    return x.path == y.path && x.lo == y.lo && x.hi == y.hi && x.log == y.log && x.levels == y.levels;
  });
}

}  // namespace

namespace sweep_sql {

std::string now_utc() { return utc_iso8601(std::chrono::system_clock::now()); }

std::string shard_union(const std::string& a, const std::string& b) {
  std::vector<std::string> parts;
  for (const std::string* s : {&a, &b}) {
    std::size_t start = 0;
    while (start <= s->size()) {
      const std::size_t plus = std::min(s->find('+', start), s->size());
      std::string part = s->substr(start, plus - start);
      if (part == "all") return "all";
      if (!part.empty() && std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
      start = plus + 1;
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "+") + p;
  return out;
}

void remove_db_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

}  // namespace sweep_sql

// ---- the Impl: header, points, verification, recording ------------------------------

SweepSpec SweepDb::Impl::checked_spec() const {
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
    changed(fmt::format("its stored fingerprint {} is not the one of the sweep and scenario it stores ({})", stored,
                        actual));
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

std::string SweepDb::Impl::meta(const std::string& key) const {
  Stmt s(db, "SELECT value FROM meta WHERE key = ?", "cannot read DB meta");
  s.text(1, key);
  std::string v = s.row() ? s.text(0) : std::string();
  s.done();
  return v;
}

void SweepDb::Impl::set_meta(const std::string& key, const std::string& value) {
  Stmt s(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", "cannot write DB meta");
  if (s.text(1, key).text(2, value).run() != SQLITE_OK) db.raise("cannot write DB meta");
}

SweepHeader SweepDb::Impl::header() const {
  SweepHeader h;
  h.fingerprint = meta("sweep_sha256");
  h.sweep_file = meta("sweep_file");
  h.scenario_file = meta("scenario_file");
  h.scenario_sha256 = meta("scenario_sha256");
  h.design_kind = meta("design_kind");
  h.shard = meta("shard");
  h.spec_json = meta("sweep_spec");
  {
    Stmt s(db, "SELECT path, lo, hi, scale, levels FROM parameters ORDER BY parameter", "cannot read DB parameters");
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
          damaged(path(), fmt::format("damaged sweep database: bad levels of parameter '{}': {}", p.path, e.what()));
        }
      }
      h.parameters.push_back(std::move(p));
    }
  }
  Stmt s(db, "SELECT spec FROM outcomes ORDER BY outcome", "cannot read DB outcomes");
  while (s.row()) h.outcomes.push_back(s.text(0));
  return h;
}

Eigen::MatrixXd SweepDb::Impl::points() const {
  const auto n_params = scalar_int(db, "SELECT count(*) FROM parameters", "cannot read DB");
  Eigen::MatrixXd m = Eigen::MatrixXd::Constant(n_points, n_params, std::numeric_limits<double>::quiet_NaN());
  Stmt s(db, "SELECT point, parameter, value FROM point_values", "cannot read DB points");
  while (s.row()) {
    const auto i = s.integer(0), j = s.integer(1);
    if (i < 0 || i >= n_points || j < 0 || j >= n_params)
      damaged(path(), fmt::format("damaged sweep database: bad point_values row ({}, {})", i, j));
    m(i, j) = s.real(2);
  }
  return m;
}

std::vector<std::string> SweepDb::Impl::roles() const {
  std::vector<std::string> out;
  Stmt s(db, "SELECT role FROM points ORDER BY point", "cannot read DB points");
  while (s.row()) out.push_back(s.text(0));
  return out;
}

void SweepDb::Impl::verify(const SweepHeader& h, const Eigen::MatrixXd& pts, const std::vector<std::string>& rls) {
  const std::string fp = meta("sweep_sha256");
  if (fp != h.fingerprint)
    damaged(path(), fmt::format("this database belongs to a different sweep (fingerprint {}, scenario "
                                "{}); the sweep file or its scenario changed since it was created; "
                                "use a new -o path or delete {}",
                                fp, meta("scenario_file"), path()));
  const auto hint = fmt::format(
      "the sampling design changed since the DB was created (another "
      "bpsim version?); use a new -o path or delete {}",
      path());
  const SweepHeader stored = header();
  if (stored.outcomes != h.outcomes) damaged(path(), "the stored outcomes differ from this sweep's; " + hint);
  const Eigen::MatrixXd mine = points();
  if (mine.rows() != pts.rows() || mine.cols() != pts.cols())
    damaged(path(), fmt::format("holds {} points of {} parameters, this sweep has {} of {}; {}", mine.rows(),
                                mine.cols(), pts.rows(), pts.cols(), hint));
  for (Eigen::Index i = 0; i < pts.rows(); ++i)
    for (Eigen::Index j = 0; j < pts.cols(); ++j)
      if (!(mine(i, j) == pts(i, j)))
        damaged(path(), fmt::format("the stored point {} differs from this sweep's; {}", i, hint));
  if (!rls.empty() && roles() != rls) damaged(path(), "the stored point roles differ from this sweep's; " + hint);
  const std::string shard = meta("shard");
  const std::string joined = shard_union(shard, h.shard.empty() ? "all" : h.shard);
  if (joined != shard) set_meta("shard", joined);
}

// Refuses a record that does not fit the DB (a misuse by the caller: run-time failure).
void SweepDb::Impl::check_record(const RunRecord& r) const {
  if (r.point < 0 || r.point >= n_points)
    fail(path(), fmt::format("cannot record run {}: point {} does not exist (the sweep has {} points)", r.run, r.point,
                             n_points));
  const auto n_out = static_cast<std::size_t>(n_outcomes);
  if (r.ok && r.outcomes.size() != n_out)
    fail(path(),
         fmt::format("cannot record run {}: {} outcome values for {} outcomes", r.run, r.outcomes.size(), n_out));
  if (r.ok && !r.trajectory.empty() && (r.trajectory.size() != n_out || r.trajectory_every < 1))
    fail(path(), fmt::format("cannot record run {}: trajectory of {} outcomes every {} ticks; expected {} outcomes "
                             "every K >= 1 ticks",
                             r.run, r.trajectory.size(), r.trajectory_every, n_out));
}

namespace {

// The statements recording a batch, prepared once per batch.
struct RecordStatements {
  Stmt run, res, traj;
  explicit RecordStatements(const Conn& db)
      : run(db, "INSERT INTO runs VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "cannot record runs"),
        res(db, "INSERT INTO results VALUES(?, ?, ?)", "cannot record results"),
        traj(db, "INSERT INTO trajectories VALUES(?, ?, ?, ?)", "cannot record trajectories") {}
};

// The trajectories rows a record has.
std::int64_t trajectory_rows(const RunRecord& r) {
  std::int64_t n = 0;
  for (const auto& series : r.trajectory) n += static_cast<std::int64_t>(series.size());
  return n;
}

// The runs row of a checked record.
void insert_run_row(const Conn& db, Stmt& run, const RunRecord& r, const std::string& finished) {
  run.integer(1, r.run).integer(2, r.point).integer(3, r.replicate).integer(4, seed_to_db(r.seed));
  run.text(5, r.ok ? "done" : "failed").text_or_null(6, r.error).real(7, r.wall_ms);
  run.text(8, finished).text_or_null(9, r.worker).integer(10, r.ok ? trajectory_rows(r) : 0);
  if (const int rc = run.run(); rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    fail(db.path(), fmt::format("cannot record run {}: it is already recorded (a run is recorded once)", r.run));
  else if (rc != SQLITE_OK) db.raise(fmt::format("cannot record run {}", r.run));
}

// The results and trajectories rows of a checked, done record.
void insert_values(const Conn& db, RecordStatements& st, const RunRecord& r) {
  for (std::size_t j = 0; j < r.outcomes.size(); ++j)
    if (st.res.integer(1, r.run).integer(2, static_cast<std::int64_t>(j)).real(3, r.outcomes[j]).run() != SQLITE_OK)
      db.raise(fmt::format("cannot record results of run {}", r.run));
  for (std::size_t j = 0; j < r.trajectory.size(); ++j)
    for (std::size_t k = 0; k < r.trajectory[j].size(); ++k) {
      st.traj.integer(1, r.run).integer(2, static_cast<std::int64_t>(j));
      st.traj.integer(3, static_cast<std::int64_t>(k) * r.trajectory_every).real(4, r.trajectory[j][k]);
      if (st.traj.run() != SQLITE_OK) db.raise(fmt::format("cannot record trajectory of run {}", r.run));
    }
}

}  // namespace

void SweepDb::Impl::record(const std::vector<RunRecord>& batch) {
  Transaction tx(db, "cannot record runs");
  RecordStatements st(db);
  Stmt incomplete(db, ("SELECT 1 FROM runs r WHERE r.run = ? AND NOT " + complete()).c_str(), "cannot record runs");
  const std::string finished = now_utc();
  for (const RunRecord& r : batch) {
    if (incomplete.integer(1, r.run).row()) {
      incomplete.done();
      forget_run(r.run);
    }
    check_record(r);
    insert_run_row(db, st.run, r, finished);
    if (r.ok) insert_values(db, st, r);
  }
  tx.commit();
}

void SweepDb::Impl::forget_run(std::int64_t run) {
  for (const char* sql : {"DELETE FROM trajectories WHERE run = ?", "DELETE FROM results WHERE run = ?",
                          "DELETE FROM runs WHERE run = ?"}) {
    Stmt s(db, sql, "cannot replace an incomplete run");
    if (s.integer(1, run).run() != SQLITE_OK) db.raise("cannot replace an incomplete run");
  }
}

// ---- SweepDb ---------------------------------------------------------------------

SweepDbError::SweepDbError(const std::string& path, const std::string& what)
    : ScenarioError({Diagnostic{path, 0, 0, "", what, ""}}) {}

SweepDb::SweepDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SweepDb::SweepDb(SweepDb&&) noexcept = default;
SweepDb& SweepDb::operator=(SweepDb&&) noexcept = default;
SweepDb::~SweepDb() = default;

namespace {

// Builds a new DB under a temporary name next to path and moves it into place, so that
// a failure leaves no file; never over a file another process created meanwhile (that
// one is then opened and checked like any existing DB).
void create_db_file(const std::string& path, const SweepHeader& h, const Eigen::MatrixXd& points,
                    const std::vector<std::string>& roles) {
  remove_stale_temp_files(path);
  const std::string tmp = temp_file_for(path).string();
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
  if (const std::string problem = input_file_problem(path, std::numeric_limits<std::size_t>::max()); !problem.empty())
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
  Stmt s(impl_->db, "SELECT run, outcome, value FROM results ORDER BY run, outcome", "cannot read DB results");
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
  return scalar_int(impl_->db, "SELECT count(*) FROM runs WHERE status = 'failed'", "cannot read DB runs");
}

void SweepDb::set_meta(const std::string& key, const std::string& value) {
  std::lock_guard lock(impl_->mu);
  impl_->set_meta(key, value);
}

std::string SweepDb::meta(const std::string& key) const {
  std::lock_guard lock(impl_->mu);
  return impl_->meta(key);
}

}  // namespace bpsim
