#include "sim/drivers/report.hpp"

#include "analysis/summary.hpp"
#include "sim/drivers/analyze.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/results/html_page.hpp"
#include "sim/io/results/table.hpp"
#include "sim/io/sweep/db.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace bpsim {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A result file put into the page (a CSV of a long run can be hundreds of MB).
constexpr std::size_t kMaxResultFileBytes = std::size_t{1} << 30;

// A file that cannot be read (a FIFO, a directory, no permission) is bad input, named
// with the exact reason.
[[noreturn]] void unreadable(const std::string& path, const std::string& reason) {
  throw std::invalid_argument(fmt::format("cannot read {}: {}", path, reason));
}

// Only the first 16 bytes are read, of a file already known to be regular.
bool is_sqlite(const std::string& path) {
  if (const std::string problem = input_file_problem(path, SIZE_MAX); !problem.empty()) unreadable(path, problem);
  std::ifstream f(path, std::ios::binary);
  char head[16] = {};
  f.read(head, sizeof head);
  return f.gcount() == 16 && std::string(head, 16) == std::string("SQLite format 3\0", 16);
}

std::string read_file(const fs::path& p) {
  try {
    return read_input_file(p.string(), "result file", kMaxResultFileBytes);
  } catch (const InputFileError& e) {
    throw std::invalid_argument(e.what());
  }
}

// The largest tick in a CSV whose first column is the tick.
int last_tick(const std::string& csv) {
  int last = 0;
  std::size_t pos = csv.find('\n');
  while (pos != std::string::npos && pos + 1 < csv.size()) {
    const std::size_t end = csv.find_first_of(",\n", pos + 1);
    const std::string field = csv.substr(pos + 1, end - pos - 1);
    if (!field.empty() && field.find_first_not_of("0123456789") == std::string::npos && field.size() < 10)
      last = std::max(last, std::stoi(field));
    pos = csv.find('\n', pos + 1);
  }
  return last;
}

json bpsim_info() { return {{"version", BPSIM_VERSION}, {"git", BPSIM_GIT_REV}}; }

json directory_data(const fs::path& dir, ReportKind kind, const std::vector<std::string>& required,
                    const std::vector<std::string>& optional) {
  json d;
  d["page"] = "report";
  d["kind"] = kind == ReportKind::run ? "run" : kind == ReportKind::ensemble ? "ensemble" : "compare";
  d["source"] = dir.string();
  d["bpsim"] = bpsim_info();
  json manifest = json::object();
  if (fs::exists(dir / "manifest.json")) {
    try {
      manifest = json::parse(read_file(dir / "manifest.json"));
    } catch (const json::parse_error& e) {
      throw std::invalid_argument(fmt::format("{}: not valid JSON: {}", (dir / "manifest.json").string(), e.what()));
    }
  }
  d["manifest"] = manifest;
  d["title"] = manifest.value("scenario_name", dir.filename().string());
  json files = json::object();
  for (const std::string& f : required) {
    if (!fs::exists(dir / f))
      throw std::invalid_argument(
          fmt::format("{}: {} is missing; is this a complete bpsim result directory?", dir.string(), f));
    files[f] = read_file(dir / f);
  }
  for (const std::string& f : optional)
    if (fs::exists(dir / f)) files[f] = read_file(dir / f);
  // The last tick: the manifest's tick count, or the timeline's own last row (a run
  // resumed from a snapshot starts later); compare files start with the outcome.
  int last = manifest.value("ticks", 0);
  if (kind != ReportKind::compare)
    last = std::max(last, last_tick(files[required.front()].get_ref<const std::string&>()));
  d["tick_labels"] = tick_labels_from_manifest(manifest, last);
  json states = json::array();
  if (manifest.contains("states")) states = manifest["states"];
  d["states"] = states;
  d["axes"] = manifest.value("alignment_axes", json::array());
  d["files"] = files;
  return d;
}

// runs.csv: point,replicate,<parameter paths>,<outcomes>: finished runs, every k-th
// when there are more than max.
std::string runs_csv(const SweepDb& db, const SweepHeader& h, const SweepDb::Results& r, std::size_t max,
                     std::size_t& shown) {
  const Eigen::MatrixXd points = db.points();
  std::vector<std::string> columns = {"point", "replicate"};
  for (const SweepParameter& p : h.parameters) columns.push_back(p.path);
  CsvTable t("runs.csv", csv_columns(std::move(columns), h.outcomes));
  std::vector<std::size_t> done;
  for (std::size_t i = 0; i < r.run.size(); ++i)
    if (r.status[i] == "done") done.push_back(i);
  const std::size_t stride = done.size() > max ? (done.size() + max - 1) / max : 1;
  for (std::size_t k = 0; k < done.size(); k += stride) {
    const std::size_t i = done[k];
    const auto p = static_cast<Eigen::Index>(r.point[i]);
    t.integer(r.point[i]).integer(r.replicate[i]);
    for (Eigen::Index j = 0; j < points.cols(); ++j) t.number(points(p, j));
    for (Eigen::Index o = 0; o < r.values.cols(); ++o) t.number(r.values(static_cast<Eigen::Index>(i), o));
    t.end_row();
  }
  shown = t.rows();
  return t.take();
}

// The first outcome above the median of its finished runs' values.
std::string default_prim(const SweepHeader& h, const SweepDb::Results& r) {
  if (h.outcomes.empty()) return "";
  std::vector<double> v;
  for (Eigen::Index i = 0; i < r.values.rows(); ++i)
    if (std::isfinite(r.values(i, 0))) v.push_back(r.values(i, 0));
  if (v.size() < 10) return "";
  std::sort(v.begin(), v.end());
  return fmt::format("{}>{}", h.outcomes[0], v[v.size() / 2]);
}

json sweep_data(const std::string& path, const ReportOptions& opt) {
  const SweepDb db = SweepDb::open_existing(path);
  const SweepHeader h = db.header();
  const SweepDb::Results results = db.results();  // read once for the default PRIM and runs.csv
  AnalyzeOptions ao;
  ao.prim = opt.prim.empty() ? default_prim(h, results) : opt.prim;
  const AnalysisReport a = analyze_sweep(db, ao);
  json d;
  d["page"] = "report";
  d["kind"] = "sweep";
  d["source"] = path;
  d["bpsim"] = bpsim_info();
  d["title"] = fs::path(h.sweep_file).filename().string();
  json files = json::object();
  for (const ResultFile& f : analysis_files(a)) files[f.name] = f.bytes;
  std::size_t shown = 0;
  files["runs.csv"] = runs_csv(db, h, results, opt.max_runs, shown);
  d["files"] = files;
  json params = json::array();
  for (const SweepParameter& p : h.parameters)
    params.push_back(
        {{"path", p.path}, {"lo", p.lo}, {"hi", p.hi}, {"scale", p.log ? "log" : "linear"}, {"levels", p.levels}});
  d["sweep"] = {{"design", a.design},
                {"sweep_file", h.sweep_file},
                {"scenario_file", h.scenario_file},
                {"parameters", params},
                {"outcomes", h.outcomes},
                {"prim", a.prim ? a.prim->condition.text() : ""},
                {"runs",
                 {{"planned", a.runs_planned},
                  {"done", a.runs_done},
                  {"failed", a.runs_failed},
                  {"missing", a.runs_missing},
                  {"shown", shown}}}};
  return d;
}

}  // namespace

std::size_t write_report(const std::string& in, const std::string& out, const ReportOptions& opt, bool force,
                         std::string* kind) {
  const json data = report_data(in, opt);
  const std::string page = html_page(Page::report, data["title"].get<std::string>(), data);
  write_text_file(out, page, force);
  if (kind) *kind = data["kind"].get<std::string>();
  return page.size();
}

json tick_labels_from_manifest(const json& manifest, int last) {
  Scenario sc;  // only the calendar fields are read by tick_label
  if (manifest.contains("calendar") && manifest["calendar"].is_object()) {
    const json& c = manifest["calendar"];
    sc.tick_label = c.value("tick_label", "tick");
    if (c.contains("start") && c["start"].is_number()) sc.start = c["start"].get<double>();
  }
  json labels = json::array();
  for (int t = 0; t <= last; ++t) labels.push_back(tick_label(sc, t));
  return labels;
}

ReportKind report_kind(const std::string& in) {
  std::error_code ec;
  const fs::path p(in);
  if (!fs::exists(p, ec)) throw std::invalid_argument(fmt::format("{}: no such file or directory", in));
  if (fs::is_regular_file(p, ec)) {
    if (is_sqlite(in)) return ReportKind::sweep;
    throw std::invalid_argument(fmt::format(
        "{}: not a sweep database; bpsim report takes a run, ensemble or compare directory or a sweep .db", in));
  }
  if (fs::exists(p / "states.csv")) return ReportKind::run;
  if (fs::exists(p / "ensemble_states.csv")) return ReportKind::ensemble;
  if (fs::exists(p / "compare.csv")) return ReportKind::compare;
  throw std::invalid_argument(fmt::format(
      "{}: not a bpsim result directory (expected states.csv from bpsim run, ensemble_states.csv from bpsim "
      "ensemble or compare.csv from bpsim compare)",
      in));
}

json report_data(const std::string& in, const ReportOptions& opt) {
  const fs::path dir(in);
  switch (report_kind(in)) {
    case ReportKind::run:
      return directory_data(dir, ReportKind::run, {"world.csv", "states.csv", "dyads.csv", "events.csv"},
                            {"attribution.csv"});
    case ReportKind::ensemble:
      return directory_data(dir, ReportKind::ensemble,
                            {"ensemble_world.csv", "ensemble_states.csv", "ensemble_dyads.csv"}, {"replicates.csv"});
    case ReportKind::compare:
      return directory_data(dir, ReportKind::compare, {"compare_series.csv", "compare.csv", "scenarios.csv"}, {});
    case ReportKind::sweep:
      return sweep_data(in, opt);
  }
  throw std::logic_error("report kind");
}

}  // namespace bpsim
