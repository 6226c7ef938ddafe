// CsvTable: the one CSV writer of bpsim's result files. A table is declared once by its
// column list (which also writes the header line); each row is then written field by
// field and closed with end_row(), which checks the row has exactly one field per column
// (a wrong count is a programming error: std::logic_error naming the table, the row and
// both counts, never a silently shifted column).
//   - text(s): quoted as RFC 4180 wants whenever s holds a comma, quote, CR or LF
//     ("a,b" -> "\"a,b\"", say "x" -> "\"say \"\"x\"\"\""); otherwise as is.
//   - number(x): the shortest round-trip form (csv_number in csv.hpp); NaN and inf give
//     an empty field, as everywhere in the result files (docs/ODD.md, output columns).
//   - integer(n): decimal, any integral type.
//   - numbers(v): one number field per element (the per-tick recorder's hot path).
// The text accumulates in memory: text() gives it, clear() drops it keeping the capacity
// (a streaming writer hands text() on in chunks and clears; the header is the first
// bytes), take() moves it out.
//
// Usage:
//   CsvTable t("parameters.csv", {"parameter", "path", "lo", "hi"});
//   for (const auto& p : params) t.text(p.name).text(p.path).number(p.lo).number(p.hi).end_row();
//   write_file(dir / t.name(), t.take());
// Columns can also be built: CsvTable t(name, csv_columns({"tick", "state"}, value_columns)).
#pragma once

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim {

// One field, quoted (RFC 4180) when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view s);
// A number in a result file: the shortest round-trip form, or "" (an empty field) when
// it is NaN or infinite. No result file ever holds "nan" or "inf"; what an empty field
// means is documented per column in docs/ODD.md.
std::string csv_number(double x);

// keys followed by cols, in one list (the usual "key columns, then value columns").
std::vector<std::string> csv_columns(std::vector<std::string> keys, const std::vector<std::string>& cols);

class CsvTable {
 public:
  // Writes the header line: the column names, each quoted as needed.
  CsvTable(std::string name, std::vector<std::string> columns);

  CsvTable& text(std::string_view s);
  CsvTable& number(double x);
  CsvTable& numbers(const std::vector<double>& xs);
  template <std::integral T>
  CsvTable& integer(T n) {
    if constexpr (std::signed_integral<T>) append_signed(static_cast<long long>(n));
    else append_unsigned(static_cast<unsigned long long>(n));
    return *this;
  }
  // Closes the row; throws std::logic_error unless it holds one field per column.
  void end_row();

  const std::string& name() const { return name_; }
  const std::vector<std::string>& columns() const { return columns_; }
  std::size_t rows() const { return rows_; }  // rows ended so far (not the header)
  const std::string& text() const { return out_; }
  void clear() { out_.clear(); }
  std::string take();

 private:
  void separate() {
    if (fields_++ > 0) out_ += ',';
  }
  void append_signed(long long n);
  void append_unsigned(unsigned long long n);

  std::string name_;
  std::vector<std::string> columns_;
  std::string out_;
  std::size_t fields_ = 0;  // in the current row
  std::size_t rows_ = 0;
};

}  // namespace bpsim
