// RAII over the SQLite C API for the sweep DB (sim/io/sweep/db.hpp): a connection, a
// prepared statement, a transaction. Failures are classified once: a file that is not a
// database, is damaged or cannot be opened where the user pointed is a SweepDbError (bad
// input); anything else (I/O, a full disk, a misuse) a std::runtime_error naming the file.
// Internal to sim/io/sweep/.
#pragma once

#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace bpsim::sweep_sql {

// A run-time failure (I/O, a full disk, a misuse by the caller).
[[noreturn]] void fail(const std::string& path, const std::string& what);

// The file is not what it should be: bad input (SweepDbError).
[[noreturn]] void damaged(const std::string& path, const std::string& what);

// SQLite's codes for a file that is not a database or is damaged, or cannot be opened
// where the user pointed.
bool is_bad_file(int rc);

class Conn {
 public:
  // label: the name in messages (the real path of a DB built under a temporary name).
  Conn(const std::string& file, int flags, const char* what, const std::string& label = "");
  ~Conn() { sqlite3_close_v2(db_); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }
  [[noreturn]] void raise(const std::string& what) const;
  void exec(const char* sql, const char* what);

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
  bool row();
  // A statement without rows: runs it and resets. Returns SQLite's code on a
  // constraint violation (the caller explains it), throws on anything else.
  int run();
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
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
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

// The first column of the first row of a query (0 when there is none).
std::int64_t scalar_int(const Conn& c, const char* sql, const char* what);

// The uint64 seed's bits as SQLite's signed 64-bit integer, and back.
inline std::uint64_t seed_from_db(std::int64_t v) { return std::bit_cast<std::uint64_t>(v); }
inline std::int64_t seed_to_db(std::uint64_t v) { return std::bit_cast<std::int64_t>(v); }

}  // namespace bpsim::sweep_sql
