// RAII over the SQLite C API: see sqlite.hpp.
#include "sim/io/sweep/sqlite.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "sim/io/sweep/db.hpp"

namespace bpsim::sweep_sql {

namespace {

constexpr int kBusyTimeoutMs = 60000;  // other processes writing the same file

}  // namespace

void fail(const std::string& path, const std::string& what) { throw std::runtime_error(path + ": " + what); }

void damaged(const std::string& path, const std::string& what) { throw SweepDbError(path, what); }

bool is_bad_file(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_CANTOPEN;
}

Conn::Conn(const std::string& file, int flags, const char* what, const std::string& label)
    : path_(label.empty() ? file : label) {
  const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    if (is_bad_file(rc)) damaged(path_, fmt::format("{}: {}", what, msg));
    fail(path_, fmt::format("{}: {}", what, msg));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

void Conn::raise(const std::string& what) const {
  const std::string message = fmt::format("{}: {}", what, sqlite3_errmsg(db_));
  if (is_bad_file(sqlite3_extended_errcode(db_))) damaged(path_, message);
  fail(path_, message);
}

void Conn::exec(const char* sql, const char* what) {
  char* err = nullptr;
  if (const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err); rc != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    if (is_bad_file(sqlite3_extended_errcode(db_))) damaged(path_, fmt::format("{}: {}", what, msg));
    fail(path_, fmt::format("{}: {}", what, msg));
  }
}

bool Stmt::row() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  done();
  if (rc != SQLITE_DONE) c_->raise(what_);
  return false;
}

int Stmt::run() {
  const int rc = sqlite3_step(s_);
  done();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return SQLITE_OK;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return rc;
  c_->raise(what_);
}

std::int64_t scalar_int(const Conn& c, const char* sql, const char* what) {
  Stmt s(c, sql, what);
  return s.row() ? s.integer(0) : 0;
}

}  // namespace bpsim::sweep_sql
