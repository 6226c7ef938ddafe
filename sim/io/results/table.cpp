#include "sim/io/results/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace bpsim {

namespace {

// The longest shortest-round-trip double is 24 characters ("-2.2250738585072014e-308").
constexpr std::size_t kNumberChars = 32;

// Writes the finite x into p exactly as fmt 9's "{}" does, without its general float
// machinery (specs, locale, grouping: most of the cost of a result file): the same
// shortest round-trip digits (Dragonbox), exponent form when the decimal exponent is
// below -4 or at least 16, then "e+NN"/"e-NNN" with at least two digits.
char* format_number(char* p, double x) {
  if (std::signbit(x)) *p++ = '-';
  x = std::fabs(x);
  const auto dec = fmt::detail::dragonbox::to_decimal(x);
  const fmt::format_int digits(dec.significand);
  const char* d = digits.data();
  const int n = static_cast<int>(digits.size());
  const int exp10 = dec.exponent + n - 1;  // of the first digit
  if (exp10 < -4 || exp10 >= 16) {
    *p++ = d[0];
    if (n > 1) {
      *p++ = '.';
      p = std::copy(d + 1, d + n, p);
    }
    *p++ = 'e';
    *p++ = exp10 < 0 ? '-' : '+';
    const fmt::format_int e(exp10 < 0 ? -exp10 : exp10);
    if (e.size() < 2) *p++ = '0';
    return std::copy(e.data(), e.data() + e.size(), p);
  }
  if (dec.exponent >= 0) {  // 1234e2 -> 123400
    p = std::copy(d, d + n, p);
    return std::fill_n(p, dec.exponent, '0');
  }
  if (exp10 >= 0) {  // 1234e-2 -> 12.34
    p = std::copy(d, d + exp10 + 1, p);
    *p++ = '.';
    return std::copy(d + exp10 + 1, d + n, p);
  }
  *p++ = '0';  // 1234e-6 -> 0.001234
  *p++ = '.';
  p = std::fill_n(p, -exp10 - 1, '0');
  return std::copy(d, d + n, p);
}

bool needs_quotes(std::string_view s) { return s.find_first_of(",\"\r\n") != std::string_view::npos; }

void append_field(std::string& out, std::string_view s) {
  if (!needs_quotes(s)) {
    out.append(s);
    return;
  }
  out += '"';
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string csv_field(std::string_view s) {
  std::string out;
  append_field(out, s);
  return out;
}

std::string csv_number(double x) {
  char buf[kNumberChars];
  return std::isfinite(x) ? std::string(buf, format_number(buf, x)) : std::string();
}

std::vector<std::string> csv_columns(std::vector<std::string> keys, const std::vector<std::string>& cols) {
  keys.insert(keys.end(), cols.begin(), cols.end());
  return keys;
}

CsvTable::CsvTable(std::string name, std::vector<std::string> columns)
    : name_(std::move(name)), columns_(std::move(columns)) {
  for (const std::string& c : columns_) text(c);
  out_ += '\n';
  fields_ = 0;
}

CsvTable& CsvTable::text(std::string_view s) {
  separate();
  append_field(out_, s);
  return *this;
}

CsvTable& CsvTable::number(double x) {
  separate();
  char buf[kNumberChars];
  if (std::isfinite(x)) out_.append(buf, format_number(buf, x));
  return *this;
}

// Formats straight into out_'s storage (no copy per number): room for the widest row
// first, then cut to what was written.
CsvTable& CsvTable::numbers(const std::vector<double>& xs) {
  if (xs.empty()) return *this;
  const std::size_t at = out_.size();
  out_.resize(at + xs.size() * (kNumberChars + 1));
  char* const begin = out_.data();
  char* p = begin + at;
  for (const double x : xs) {
    if (fields_++ > 0) *p++ = ',';
    if (std::isfinite(x)) p = format_number(p, x);
  }
  out_.resize(static_cast<std::size_t>(p - begin));
  return *this;
}

void CsvTable::append_signed(long long n) {
  separate();
  const fmt::format_int s(n);
  out_.append(s.data(), s.size());
}

void CsvTable::append_unsigned(unsigned long long n) {
  separate();
  const fmt::format_int s(n);
  out_.append(s.data(), s.size());
}

void CsvTable::end_row() {
  if (fields_ != columns_.size()) {
    throw std::logic_error(
        fmt::format("{}: row {} has {} fields, the table has {} columns", name_, rows_ + 1, fields_, columns_.size()));
  }
  out_ += '\n';
  fields_ = 0;
  ++rows_;
}

std::string CsvTable::take() { return std::exchange(out_, std::string()); }

}  // namespace bpsim
