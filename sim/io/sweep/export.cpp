// The tidy CSV export of a sweep DB (see export_sweep_csv in sim/io/sweep/db.hpp).
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "sim/io/results/csv.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/table.hpp"
#include "sim/io/sweep/db_impl.hpp"

namespace bpsim {

using namespace sweep_sql;

namespace {

namespace fs = std::filesystem;

// A CsvTable written to its file as it goes (in chunks of about 64 KiB), synced and
// closed by finish().
class CsvFile {
 public:
  CsvFile(const fs::path& dir, std::string name, std::vector<std::string> columns)
      : path_(dir / name), table_(std::move(name), std::move(columns)) {
    f_ = std::fopen(path_.c_str(), "wx");
    if (!f_) fail_errno("cannot create it");
  }
  ~CsvFile() {
    if (f_) std::fclose(f_);
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  CsvTable& row() { return table_; }
  void end_row() {
    table_.end_row();
    if (table_.text().size() > (1u << 16)) flush();
  }
  void finish() {
    flush();
    if (std::fflush(f_) != 0 || ::fsync(fileno(f_)) != 0) fail_errno("write failed");
    const int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) fail_errno("close failed");
  }

 private:
  void flush() {
    const std::string& text = table_.text();
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), f_) != text.size()) fail_errno("write failed");
    table_.clear();
  }
  [[noreturn]] void fail_errno(const char* what) const {
    throw OutputError(
        fmt::format("cannot write {}: {}: {}", path_.string(), what, std::generic_category().message(errno)));
  }

  fs::path path_;
  CsvTable table_;
  std::FILE* f_ = nullptr;
};

void export_meta(const Conn& c, const fs::path& stage) {
  CsvFile f(stage, "meta.csv", {"key", "value"});
  Stmt s(c, "SELECT key, value FROM meta ORDER BY key", "cannot read DB meta");
  while (s.row()) {
    f.row().text(s.text(0)).text(s.text(1));
    f.end_row();
  }
  f.finish();
}

void export_parameters(const Conn& c, const fs::path& stage) {
  CsvFile f(stage, "parameters.csv", {"parameter", "path", "lo", "hi", "scale", "levels"});
  Stmt s(c, "SELECT parameter, path, lo, hi, scale, levels FROM parameters ORDER BY parameter",
         "cannot read DB parameters");
  while (s.row()) {
    f.row().integer(s.integer(0)).text(s.text(1)).number(s.real(2)).number(s.real(3)).text(s.text(4)).text(s.text(5));
    f.end_row();
  }
  f.finish();
}

void export_points(const SweepDb::Impl& db, const fs::path& stage) {
  std::vector<std::string> paths;
  for (const auto& p : db.header().parameters) paths.push_back(p.path);
  CsvFile f(stage, "points.csv", csv_columns({"point", "role"}, paths));
  const Eigen::MatrixXd pts = db.points();
  const std::vector<std::string> roles = db.roles();
  for (Eigen::Index i = 0; i < pts.rows(); ++i) {
    f.row().integer(i).text(roles[static_cast<std::size_t>(i)]);
    for (Eigen::Index j = 0; j < pts.cols(); ++j) f.row().number(pts(i, j));
    f.end_row();
  }
  f.finish();
}

void export_runs(const SweepDb::Impl& db, const fs::path& stage) {
  CsvFile f(stage, "runs.csv",
            {"run", "point", "replicate", "seed", "status", "error", "wall_ms", "finished_utc", "worker"});
  Stmt s(db.db,
         ("SELECT run, point, replicate, seed, status, error, wall_ms, finished_utc, worker FROM runs r WHERE " +
          db.complete() + " ORDER BY run")
             .c_str(),
         "cannot read DB runs");
  while (s.row()) {
    f.row().integer(s.integer(0)).integer(s.integer(1)).integer(s.integer(2)).integer(seed_from_db(s.integer(3)));
    f.row().text(s.text(4)).text(s.text(5)).number(s.real(6)).text(s.text(7)).text(s.text(8));
    f.end_row();
  }
  f.finish();
}

void export_results(const SweepDb::Impl& db, const fs::path& stage) {
  CsvFile f(stage, "results.csv", {"run", "point", "replicate", "outcome", "value"});
  Stmt s(db.db,
         ("SELECT r.run, r.point, r.replicate, o.spec, x.value FROM results x JOIN runs r ON r.run = x.run JOIN "
          "outcomes o ON o.outcome = x.outcome WHERE " +
          db.complete() + " ORDER BY x.run, x.outcome")
             .c_str(),
         "cannot read DB results");
  while (s.row()) {
    f.row().integer(s.integer(0)).integer(s.integer(1)).integer(s.integer(2)).text(s.text(3)).number(s.real(4));
    f.end_row();
  }
  f.finish();
}

// Only when the sweep kept any.
void export_trajectories(const SweepDb::Impl& db, const fs::path& stage) {
  if (!scalar_int(db.db, "SELECT EXISTS(SELECT 1 FROM trajectories)", "cannot read DB trajectories")) return;
  CsvFile f(stage, "trajectories.csv", {"run", "point", "replicate", "outcome", "tick", "value"});
  Stmt s(db.db,
         ("SELECT r.run, r.point, r.replicate, o.spec, t.tick, t.value FROM trajectories t JOIN runs r ON r.run = "
          "t.run JOIN outcomes o ON o.outcome = t.outcome WHERE " +
          db.complete() + " ORDER BY t.run, t.outcome, t.tick")
             .c_str(),
         "cannot read DB trajectories");
  while (s.row()) {
    f.row().integer(s.integer(0)).integer(s.integer(1)).integer(s.integer(2)).text(s.text(3));
    f.row().integer(s.integer(4)).number(s.real(5));
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
