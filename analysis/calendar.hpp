// Calendar time of ticks: the labels outputs print (2014Q2, 2016-03, 2014), the span a
// run covers, and the `date` column of the result CSVs. Dates in schedules are read by
// sim/io/scenario/dates.cpp against the same grid.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/tables.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace bpsim {

// The years a `start` may name (the loader refuses others): calendar labels count
// whole quarters or months from it, which far outside these years means nothing.
inline constexpr Range kStartYears{-10000.0, 10000.0};

// The calendar a scenario's ticks run on, when it has one: a `start` in kStartYears and a
// tick_label of quarter, month or year. Months count from January of year 0; tick t
// begins at month first_month + t * months_per_tick. The one place the units are read:
// tick labels, the `date` columns and dates in schedules (sim/io/scenario/dates.cpp).
struct CalendarGrid {
  long long months_per_tick = 0;  // 3, 1 or 12
  long long first_month = 0;      // the month tick 0 begins
};
std::optional<CalendarGrid> calendar_grid(std::optional<double> start, std::string_view unit);
bool has_calendar(const Scenario& sc);

// Calendar label of a tick when the scenario has a `start` (a fractional year:
// 2014.25 is 2014Q2): quarter "2014Q2", month "2014-05", year "2014"; else "tick 17".
// Years before 1 count down through 0 (-0.25 is -1Q4). A start outside kStartYears
// gives "tick 17".
std::string tick_label(const Scenario& sc, int tick);

// The time a run from tick `first` to tick `last` covers, as the summary prints it: on a
// calendar, the first period stepped through and the end of the last one ("2010Q1 -> end
// of 2021Q4" for 48 quarterly ticks from 2010: the state at tick 48 is that of the end of
// 2021Q4, which is how the docs date a result); else "tick 0 -> tick 48".
std::string span_label(const Scenario& sc, int first, int last);

// What the `date` column of the result CSVs holds at a tick: tick_label on a calendar,
// else "" (an empty field: the column is in every scenario's files).
std::string date_of_tick(const Scenario& sc, int tick);

}  // namespace bpsim
