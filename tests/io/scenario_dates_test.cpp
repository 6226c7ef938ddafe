// Calendar dates in schedules (sim/io/scenario/dates.hpp): the tick a date names on the
// scenario's grid, and the refusals (no start, no calendar label, off the grid, too early).
#include "sim/io/scenario/dates.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

std::optional<long long> tick(const char* date, std::optional<double> start, const char* unit) {
  std::string error;
  return bpsim::tick_of_date(date, start, unit, error);
}

std::string why(const char* date, std::optional<double> start, const char* unit) {
  std::string error;
  const auto t = bpsim::tick_of_date(date, start, unit, error);
  CHECK_FALSE(t.has_value());
  return error;
}

}  // namespace

TEST_CASE("a date names the tick whose period begins then") {
  CHECK(tick("2014Q2", 2010.0, "quarter") == 17);   // 4 years of 4 quarters, then Q2: 16 + 1
  CHECK(tick("2014-04", 2010.0, "quarter") == 17);  // the first month of 2014Q2
  CHECK(tick("2010Q1", 2010.0, "quarter") == 0);
  CHECK(tick("2016-03", 2010.0, "month") == 74);    // 6 * 12 + 2
  CHECK(tick("2014Q2", 2010.0, "month") == 51);     // 2014-04: 4 * 12 + 3
  CHECK(tick("2012-01", 2010.0, "year") == 2);
  CHECK(tick("2014Q2", 2014.25, "quarter") == 0);   // a fractional start: 2014.25 is 2014Q2
  CHECK(tick("2014Q3", 2014.25, "quarter") == 1);
}

TEST_CASE("dates are written YYYYQn or YYYY-MM; a plain number stays a tick") {
  CHECK(bpsim::looks_like_date("2014Q2"));
  CHECK(bpsim::looks_like_date("2016-03"));
  CHECK_FALSE(bpsim::looks_like_date("17"));
  CHECK_FALSE(bpsim::looks_like_date("2014Q5"));
  CHECK_FALSE(bpsim::looks_like_date("2014-13"));
  CHECK_FALSE(bpsim::looks_like_date("2014-3"));
  CHECK_FALSE(bpsim::looks_like_date("-2014Q1"));
  CHECK(why("2014Q5", 2010.0, "quarter") == "'2014Q5' is not a date; expected YYYYQn (2014Q2) or YYYY-MM (2016-03)");
}

TEST_CASE("a date off the grid, before tick 0, or without a calendar is refused") {
  CHECK(why("2014-05", 2010.0, "quarter") ==
        "the date 2014-05 is not on the tick grid (one tick = one quarter); the nearest ticks begin 2014-04 and "
        "2014-07");
  CHECK(why("2012Q2", 2010.0, "year") ==
        "the date 2012Q2 is not on the tick grid (one tick = one year); the nearest ticks begin 2012-01 and 2013-01");
  CHECK(why("2009Q4", 2010.0, "quarter") == "the date 2009Q4 is before tick 0 (2010-01)");
  CHECK(why("2014Q2", std::nullopt, "quarter") ==
        "the date 2014Q2 needs the scenario's `start` (the year of tick 0); or give a tick number");
  CHECK(why("2014Q2", 2010.0, "tick") ==
        "the date 2014Q2 needs a calendar tick_label (quarter, month or year), not 'tick'; or give a tick number");
}
