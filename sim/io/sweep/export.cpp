// The tidy CSV export of a sweep DB (see export_sweep_csv in sim/io/sweep/db.hpp).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "sim/io/results/csv.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/sweep/db_impl.hpp"

namespace bpsim {

using namespace sweep_sql;

namespace {

namespace fs = std::filesystem;

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

namespace {

void export_meta(const Conn& c, const fs::path& stage) {
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

void export_parameters(const Conn& c, const fs::path& stage) {
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

void export_points(const SweepDb::Impl& db, const fs::path& stage) {
  CsvFile f(stage / "points.csv");
  std::vector<std::string> names{"point", "role"};
  for (const auto& p : db.header().parameters) names.push_back(p.path);
  header_row(f, names);
  const Eigen::MatrixXd pts = db.points();
  const std::vector<std::string> roles = db.roles();
  for (Eigen::Index i = 0; i < pts.rows(); ++i) {
    f.integer(i);
    f.field(roles[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < pts.cols(); ++j) f.number(pts(i, j));
    f.end_row();
  }
  f.finish();
}

void export_runs(const SweepDb::Impl& db, const fs::path& stage) {
  CsvFile f(stage / "runs.csv");
  header_row(f, {"run", "point", "replicate", "seed", "status", "error", "wall_ms", "finished_utc", "worker"});
  Stmt s(db.db,
         ("SELECT run, point, replicate, seed, status, error, wall_ms, finished_utc, worker FROM runs r WHERE " +
          db.complete() + " ORDER BY run")
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

void export_results(const SweepDb::Impl& db, const fs::path& stage) {
  CsvFile f(stage / "results.csv");
  header_row(f, {"run", "point", "replicate", "outcome", "value"});
  Stmt s(db.db,
         ("SELECT r.run, r.point, r.replicate, o.spec, x.value FROM results x JOIN runs r ON r.run = x.run JOIN "
          "outcomes o ON o.outcome = x.outcome WHERE " +
          db.complete() + " ORDER BY x.run, x.outcome")
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

// Only when the sweep kept any.
void export_trajectories(const SweepDb::Impl& db, const fs::path& stage) {
  if (!scalar_int(db.db, "SELECT EXISTS(SELECT 1 FROM trajectories)", "cannot read DB trajectories")) return;
  CsvFile f(stage / "trajectories.csv");
  header_row(f, {"run", "point", "replicate", "outcome", "tick", "value"});
  Stmt s(db.db,
         ("SELECT r.run, r.point, r.replicate, o.spec, t.tick, t.value FROM trajectories t JOIN runs r ON r.run = "
          "t.run JOIN outcomes o ON o.outcome = t.outcome WHERE " +
          db.complete() + " ORDER BY t.run, t.outcome, t.tick")
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

}  // namespace

void export_sweep_csv(const std::string& db_path, const std::string& dir, bool force) {
  const SweepDb db = SweepDb::open_existing(db_path);
  const SweepDb::Impl& impl = *db.impl_;
  std::lock_guard lock(impl.mu);
  ResultDir out(dir, force);
  const fs::path stage = out.staging();
  export_meta(impl.db, stage);
  export_parameters(impl.db, stage);
  export_points(impl, stage);
  export_runs(impl, stage);
  export_results(impl, stage);
  export_trajectories(impl, stage);
  out.commit();
}

}  // namespace bpsim
