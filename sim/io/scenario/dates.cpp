#include "sim/io/scenario/dates.hpp"

#include "analysis/calendar.hpp"
#include "sim/io/scenario/date_ticks.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <limits>

namespace bpsim {

namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Months since year 0 of the first month of a date, or nullopt when not a date.
std::optional<long long> months_of(std::string_view text) {
  const auto q = text.find('Q'), dash = text.find('-');
  const auto cut = q != std::string_view::npos ? q : dash;
  if (cut == std::string_view::npos || cut == 0 || cut > 5) return std::nullopt;
  const std::string_view year = text.substr(0, cut), part = text.substr(cut + 1);
  if (!digits(year) || !digits(part)) return std::nullopt;
  const long long y = std::stoll(std::string(year));
  if (q != std::string_view::npos) {
    if (part.size() != 1 || part[0] < '1' || part[0] > '4') return std::nullopt;
    return y * 12 + 3LL * (part[0] - '1');
  }
  if (part.size() != 2) return std::nullopt;
  const int m = std::stoi(std::string(part));
  if (m < 1 || m > 12) return std::nullopt;
  return y * 12 + m - 1;
}

std::string month_text(long long months) {
  const long long y = months / 12;
  return fmt::format("{}-{:02}", y, months - y * 12 + 1);
}

}  // namespace

bool looks_like_date(std::string_view text) { return months_of(text).has_value(); }

std::optional<long long> tick_of_date(std::string_view text, std::optional<double> start, const std::string& tick_label,
                                      std::string& error) {
  const auto months = months_of(text);
  if (!months) {
    error = fmt::format("'{}' is not a date; expected YYYYQn (2014Q2) or YYYY-MM (2016-03)", text);
    return std::nullopt;
  }
  if (!start || !kStartYears.contains(*start)) {
    error = fmt::format("the date {} needs the scenario's `start` (the year of tick 0); or give a tick number", text);
    return std::nullopt;
  }
  const auto g = calendar_grid(start, tick_label);
  if (!g) {
    error = fmt::format(
        "the date {} needs a calendar tick_label (quarter, month or year), not '{}'; or give a "
        "tick number",
        text, tick_label);
    return std::nullopt;
  }
  const auto [per_tick, first] = *g;  // months
  const long long offset = *months - first;
  if (offset < 0) {
    error = fmt::format("the date {} is before tick 0 ({})", text, month_text(first));
    return std::nullopt;
  }
  if (offset % per_tick != 0) {
    const long long before = first + offset / per_tick * per_tick;
    error = fmt::format(
        "the date {} is not on the tick grid (one tick = one {}); the nearest ticks begin {} "
        "and {}",
        text, tick_label, month_text(before), month_text(before + per_tick));
    return std::nullopt;
  }
  return offset / per_tick;
}

}  // namespace bpsim

namespace bpsim::io {

std::optional<int> read_date_tick(Build& b, const At& at) {
  if (!at.node.IsScalar() || !looks_like_date(at.node.Scalar())) return std::nullopt;
  std::string error;
  const auto tick = tick_of_date(at.node.Scalar(), b.sc.start, b.sc.tick_label, error);
  // One below INT_MAX, as for a tick number, so that at + 1 cannot overflow.
  if (tick && *tick < std::numeric_limits<int>::max() - 1) return static_cast<int>(*tick);
  b.ck.error(at, tick ? fmt::format("the date {} is too far from tick 0", at.node.Scalar()) : error);
  return -1;
}

}  // namespace bpsim::io
