// CsvTable: one header from the column list, arity checked per row, RFC 4180 quoting.
#include "sim/io/results/table.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

using namespace bpsim;

TEST_CASE("a table's header is its column list, quoted where needed") {
  const CsvTable t("x.csv", csv_columns({"tick", "state"}, {"power", "east,west", "say \"hi\""}));
  CHECK(t.text() == "tick,state,power,\"east,west\",\"say \"\"hi\"\"\"\n");
  CHECK(t.columns().size() == 5);
  CHECK(t.rows() == 0);
}

TEST_CASE("text fields are quoted for comma, quote, CR and LF, and only then") {
  CsvTable t("q.csv", {"a", "b", "c", "d", "e", "f"});
  t.text("plain;text").text("a,b").text("q\"q").text("cr\rx").text("lf\ny").text("").end_row();
  CHECK(t.text() == "a,b,c,d,e,f\nplain;text,\"a,b\",\"q\"\"q\",\"cr\rx\",\"lf\ny\",\n");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("ab") == "ab");
}

TEST_CASE("numbers: shortest round trip, integers in decimal, NaN and inf empty") {
  CsvTable t("n.csv", {"i", "u", "x", "y", "z", "w"});
  t.integer(-3).integer(std::numeric_limits<std::uint64_t>::max()).number(0.1).number(1e20);
  t.numbers({std::numeric_limits<double>::quiet_NaN(), -0.5}).end_row();
  CHECK(t.text() == "i,u,x,y,z,w\n-3,18446744073709551615,0.1,1e+20,,-0.5\n");
  CHECK(t.rows() == 1);
}

TEST_CASE("a row with the wrong number of fields is a logic error, not a shifted column") {
  CsvTable t("scenarios.csv", {"scenario", "file"});
  t.text("base").text("base.yaml").end_row();
  t.text("only one");
  CHECK_THROWS_WITH_AS(t.end_row(), "scenarios.csv: row 2 has 1 fields, the table has 2 columns", std::logic_error);
  CsvTable u("u.csv", {"a"});
  u.numbers({1, 2});
  CHECK_THROWS_AS(u.end_row(), std::logic_error);
  CsvTable e("e.csv", {"a"});
  CHECK_THROWS_AS(e.end_row(), std::logic_error);
}

TEST_CASE("clear keeps the table going, take moves the text out") {
  CsvTable t("s.csv", {"a"});
  t.clear();  // the header was handed on
  t.integer(1).end_row();
  CHECK(t.text() == "1\n");
  CHECK(t.take() == "1\n");
  CHECK(t.text().empty());
  t.integer(2).end_row();
  CHECK(t.text() == "2\n");
  CHECK(t.rows() == 2);
}
