// bpsim report / classroom / run --report through the binary: what the page embeds
// (the CSVs verbatim, the calendar, the resolved scenario, the loader's ranges), and
// bad input: exit 2 with the reason and no file written.
#include "sim/io/scenario/json.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "sim/io/web_assets.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

using namespace bpsim::test;
namespace fs = std::filesystem;

namespace {

const std::string kScenarios = std::string(BPSIM_SOURCE_DIR) + "/scenarios/";
const std::string kMinimal = std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml";

bool have_pages() { return bpsim::web_asset("report.js").has_value(); }

// The JSON of <script type="application/json" id="bpsim-data">.
nlohmann::json page_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"bpsim-data\">";
  const auto a = html.find(open);
  REQUIRE(a != std::string::npos);
  const auto b = html.find("</script>", a);
  REQUIRE(b != std::string::npos);
  return nlohmann::json::parse(html.substr(a + open.size(), b - a - open.size()));
}

}  // namespace

TEST_CASE("run --report writes DIR/report.html holding the run's CSVs verbatim and its calendar") {
  if (!have_pages()) return;  // a build without the web pages: see the next case
  TempDir tmp;
  const Result r = run_bpsim(tmp, "run " + kMinimal + " -o res --report");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "Report    res/report.html"));
  const std::string html = read_text(tmp / "res/report.html");
  CHECK(html.rfind("<!doctype html>", 0) == 0);
  const auto d = page_data(html);
  CHECK(d["page"] == "report");
  CHECK(d["kind"] == "run");
  CHECK(d["title"] == "minimal");
  for (const char* f : {"states.csv", "dyads.csv", "world.csv", "events.csv"})
    CHECK_MESSAGE(d["files"][f].get<std::string>() == read_text(tmp / "res" / f), f);
  REQUIRE(d["tick_labels"].size() == 49);
  CHECK(d["tick_labels"][0] == "2010Q1");
  CHECK(d["tick_labels"][17] == "2014Q2");
  CHECK(d["states"][0]["id"] == "USA");
  // The scripts cannot be closed early by the data.
  CHECK(html.find("</script", html.find("id=\"bpsim-data\">")) ==
        html.find("</script>", html.find("id=\"bpsim-data\">")));
}

TEST_CASE("report of ensemble and compare directories, the compare page has the series") {
  if (!have_pages()) return;
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "ensemble " + kMinimal + " --runs 3 -o ens --quiet").status == 0);
  Result r = run_bpsim(tmp, "report ens -o ens.html");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "report (ensemble of ens): ens.html"));
  CHECK(page_data(read_text(tmp / "ens.html"))["files"].contains("ensemble_dyads.csv"));
  const std::string sc = kScenarios + "pivot_to_asia_2014.yaml";
  REQUIRE(
      run_bpsim(tmp, "compare " + kScenarios + "no_sanctions_2014.yaml " + sc + " --runs 3 -o cmp --quiet").status ==
      0);
  r = run_bpsim(tmp, "report cmp");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const auto d = page_data(read_text(tmp / "cmp/report.html"));
  CHECK(d["kind"] == "compare");
  CHECK(d["files"]["compare_series.csv"].get<std::string>() == read_text(tmp / "cmp/compare_series.csv"));
  CHECK(d["tick_labels"].size() == 49);
}

TEST_CASE("report refuses what is not a bpsim result, and an existing file without --force") {
  TempDir tmp;
  Result r = run_bpsim(tmp, "report nowhere -o x.html");
  CHECK(r.status == 2);
  CHECK(has(r.err, "nowhere: no such file or directory"));
  fs::create_directories(tmp / "empty");
  r = run_bpsim(tmp, "report empty -o x.html");
  CHECK(r.status == 2);
  CHECK(has(r.err, "not a bpsim result directory (expected states.csv"));
  r = run_bpsim(tmp, "report '" + kMinimal + "' -o x.html");
  CHECK(r.status == 2);
  CHECK(has(r.err, "not a sweep database"));
  CHECK_FALSE(fs::exists(tmp / "x.html"));
  if (!have_pages()) return;
  REQUIRE(run_bpsim(tmp, "run " + kMinimal + " -o res --quiet").status == 0);
  write_text(tmp / "x.html", "keep");
  r = run_bpsim(tmp, "report res -o x.html");
  CHECK(r.status == 2);
  CHECK(has(r.err, "x.html: exists; use --force to replace it"));
  CHECK(read_text(tmp / "x.html") == "keep");
  CHECK(run_bpsim(tmp, "report res -o x.html --force").status == 0);
  CHECK(read_text(tmp / "x.html") != "keep");
}

TEST_CASE("classroom embeds the loader's resolved scenario, its controls with the loader's ranges") {
  if (!have_pages()) return;
  TempDir tmp;
  const std::string a = kScenarios + "classroom_three_powers.yaml", b = kScenarios + "pivot_to_asia_2014.yaml";
  const Result r = run_bpsim(tmp, "classroom " + a + " " + b + " -o class.html");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const std::string html = read_text(tmp / "class.html");
  CHECK(has(html, "createBpsimEngine"));  // the engine is inline
  const auto d = page_data(html);
  REQUIRE(d["scenarios"].size() == 2);
  const auto& s = d["scenarios"][1];
  CHECK(s["scenario"] == bpsim::scenario_to_json(bpsim::load_scenario(b)));
  CHECK(s["tick_labels"][17] == "2014Q2");
  bool sanctions = false;
  for (const auto& c : s["controls"]) {
    CHECK(c["min"].get<double>() <= c["value"].get<double>());
    CHECK(c["value"].get<double>() <= c["max"].get<double>());
    if (c["path"] == "events.0.sanctions.intensity") {
      sanctions = true;
      CHECK(c["valid"] == "a number in [0, 1]");
      CHECK(c["value"] == 0.5);
    }
  }
  CHECK(sanctions);
  CHECK(s["events"][0]["path"] == "events.0.enabled");
  CHECK(has(s["events"][0]["label"].get<std::string>(), "from 2014Q2"));
}

TEST_CASE("classroom with a broken scenario is exit 2 with its diagnostics and writes nothing") {
  TempDir tmp;
  const std::string broken = std::string(BPSIM_SOURCE_DIR) + "/tests/data/broken/duplicate_state_id.yaml";
  const Result r = run_bpsim(tmp, "classroom " + broken + " -o class.html");
  CHECK(r.status == 2);
  CHECK(has(r.err, "duplicate_state_id.yaml:"));
  CHECK(has(r.err, "duplicate id"));
  CHECK_FALSE(fs::exists(tmp / "class.html"));
}

TEST_CASE("a bpsim built without the web pages says so (exit 1), or has every asset") {
  TempDir tmp;
  if (have_pages()) {
    for (const char* a : {"report.js", "report.css", "classroom.js", "classroom.css", "engine.js"})
      CHECK_MESSAGE(bpsim::web_asset(a).has_value(), a);
    return;
  }
  REQUIRE(run_bpsim(tmp, "run " + kMinimal + " -o res --quiet").status == 0);
  const Result r = run_bpsim(tmp, "report res -o x.html");
  CHECK(r.status == 1);
  CHECK(has(r.err, "built without its web pages"));
}

TEST_CASE("report removes the stale temporary page of a killed report, and says so") {
  if (!have_pages()) return;
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "run " + kMinimal + " -q -o res").status == 0);
  const fs::path stale = tmp / ".page.html.tmp-2147483647";  // no process has this pid
  write_text(stale, "<!doctype html> half");
  const Result r = run_bpsim(tmp, "report res -o page.html");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK_FALSE(fs::exists(stale));
  CHECK(has(r.err, "removed stale temporary file"));
  CHECK(has(read_text(tmp / "page.html"), "bpsim-data"));
}
