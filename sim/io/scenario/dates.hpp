// Calendar dates where a schedule takes a tick: `from: 2014Q2`, `at: 2016-03`, for a
// scenario with `start` and a calendar `tick_label` (quarter, month, year; the labels
// are analysis/summary.hpp's tick_label). A date names the tick whose label period
// begins then: 2014Q2 is the tick labelled 2014Q2; 2014-04 is the same tick in a
// quarterly scenario, and 2014-05 is off its grid (refused). A plain number stays a
// tick number, so dates are written YYYYQn or YYYY-MM only. Free of yaml-cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bpsim {

// True when `text` is written as a date (YYYYQn or YYYY-MM), whatever it means.
bool looks_like_date(std::string_view text);

// The tick `text` names, or std::nullopt with `error` saying why not: not a date, no
// `start`, a tick_label that is not a calendar, a date off the tick grid, or before
// start (the message names the allowed neighbours).
std::optional<long long> tick_of_date(std::string_view text, std::optional<double> start, const std::string& tick_label,
                                      std::string& error);

}  // namespace bpsim
