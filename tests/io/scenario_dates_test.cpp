// Calendar dates in schedules (sim/io/scenario/dates.hpp): the tick a date names on the
// scenario's grid, and the refusals (no start, no calendar label, off the grid, too early).
#include "sim/io/scenario/dates.hpp"
#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

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
  CHECK(tick("2016-03", 2010.0, "month") == 74);  // 6 * 12 + 2
  CHECK(tick("2014Q2", 2010.0, "month") == 51);   // 2014-04: 4 * 12 + 3
  CHECK(tick("2012-01", 2010.0, "year") == 2);
  CHECK(tick("2014Q2", 2014.25, "quarter") == 0);  // a fractional start: 2014.25 is 2014Q2
  CHECK(tick("2014Q3", 2014.25, "quarter") == 1);
}

TEST_CASE("dates are written YYYYQn or YYYY-MM, a plain number stays a tick") {
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

namespace {

// tests/data/minimal.yaml (start 2010, quarterly) with its schedules replaced.
std::string minimal_with(const std::string& from, const std::string& to) {
  std::string text = bpsim::test::read_text(std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml");
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

std::string load_error(const std::string& text) {
  try {
    bpsim::parse_scenario(text, "dated.yaml");
  } catch (const bpsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("schedules take dates: from/until/at as YYYYQn or YYYY-MM give the same events as ticks") {
  const std::string ticks = bpsim::test::read_text(std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml");
  std::string dated = minimal_with("intensity: 0.5}, from: 17}", "intensity: 0.5}, from: 2014Q2}");
  dated.replace(dated.find("from: 4, every: 4, until: 40"), 28, "from: 2011-01, every: 4, until: 2020Q1");
  dated.replace(dated.find("at: 20}"), 7, "at: 2015-01}");
  const bpsim::Scenario a = bpsim::parse_scenario(ticks, "ticks.yaml");
  const bpsim::Scenario b = bpsim::parse_scenario(dated, "dated.yaml");
  REQUIRE(a.events.size() == b.events.size());
  for (std::size_t e = 0; e < a.events.size(); ++e) {
    CAPTURE(e);
    CHECK(b.events[e].when.from == a.events[e].when.from);
    CHECK(b.events[e].when.until == a.events[e].when.until);
    CHECK(b.events[e].when.every == a.events[e].when.every);
  }
  CHECK(b.events[0].when.from == 17);
  CHECK(b.events[3].when.from == 20);
}

TEST_CASE("a schedule date that does not fit is refused at its line, as written") {
  CHECK(load_error(minimal_with("from: 17}", "from: 2014-05}")) ==
        "dated.yaml:53:65: events[0].from: the date 2014-05 is not on the tick grid (one tick = one quarter); the "
        "nearest ticks begin 2014-04 and 2014-07");
  CHECK(load_error(minimal_with("from: 17}", "from: 2030Q1}")) ==
        "dated.yaml:53:65: events[0].from: schedule never fires: from 2030Q1 (tick 80) >= ticks 48");
  CHECK(load_error(minimal_with("from: 17}", "from: 2009Q4}")).find("events[0].from: the date 2009Q4") !=
        std::string::npos);
  // every is a number of ticks, never a date
  CHECK(load_error(minimal_with("every: 4", "every: 2011Q1")).find("events[2].every") != std::string::npos);
  // no calendar: a date cannot be placed
  const std::string no_start = minimal_with("start: 2010\n", "");
  std::string undated = no_start;
  undated.replace(undated.find("from: 17}"), 9, "from: 2014Q2}");
  CHECK(load_error(undated).find("events[0].from") != std::string::npos);
}
