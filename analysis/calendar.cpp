#include "analysis/calendar.hpp"

#include <fmt/format.h>

#include <cmath>

namespace bpsim {

namespace {

// Floor division: month -1 is December of year -1 (C++ rounds to 0).
long long floor_div(long long a, long long b) { return a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0); }

}  // namespace

std::optional<CalendarGrid> calendar_grid(std::optional<double> start, std::string_view unit) {
  if (!start || !kStartYears.contains(*start)) return std::nullopt;
  if (unit == "quarter") return CalendarGrid{3, 3 * std::lround(*start * 4)};
  if (unit == "month") return CalendarGrid{1, std::lround(*start * 12)};
  if (unit == "year") return CalendarGrid{12, 12 * std::lround(std::floor(*start + 1e-9))};
  return std::nullopt;
}

bool has_calendar(const Scenario& sc) { return calendar_grid(sc.start, sc.tick_label).has_value(); }

std::string tick_label(const Scenario& sc, int tick) {
  const auto g = calendar_grid(sc.start, sc.tick_label);
  if (!g) return fmt::format("tick {}", tick);
  const long long month = g->first_month + static_cast<long long>(tick) * g->months_per_tick;
  const long long year = floor_div(month, 12), in_year = month - 12 * year;  // 0..11
  if (g->months_per_tick == 3) return fmt::format("{}Q{}", year, in_year / 3 + 1);
  if (g->months_per_tick == 1) return fmt::format("{}-{:02}", year, in_year + 1);
  return fmt::format("{}", year);
}

std::string span_label(const Scenario& sc, int first, int last) {
  const std::string from = tick_label(sc, first);
  if (last <= first || !has_calendar(sc)) return from + " -> " + tick_label(sc, last);
  return from + " -> end of " + tick_label(sc, last - 1);
}

std::string date_of_tick(const Scenario& sc, int tick) { return has_calendar(sc) ? tick_label(sc, tick) : ""; }

}  // namespace bpsim
