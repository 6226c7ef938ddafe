// `bpsim report IN -o FILE.html` and `bpsim classroom SCENARIO.yaml... -o FILE.html`:
// one self-contained HTML page each (sim/io/results/html_page.hpp).
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/drivers/classroom.hpp"
#include "sim/drivers/report.hpp"
#include "sim/io/results/html_page.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>

namespace bpsim::cli {

namespace {

namespace fs = std::filesystem;

struct ReportArgs {
  std::string in, out, prim;
  bool force = false, quiet = false;
};

int report(const ReportArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  ReportOptions opt;
  opt.prim = a.prim;
  const std::string out = a.out.empty() ? (fs::path(a.in) / "report.html").string() : a.out;
  if (a.out.empty() && !fs::is_directory(a.in)) throw UsageError("give the report's file name with -o FILE.html");
  std::string kind;
  std::size_t bytes = 0;
  try {
    bytes = write_report(a.in, out, opt, a.force || a.out.empty(), &kind);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (!a.quiet)
    fmt::print("report ({} of {}): {} ({:.1f} MB, {:.2f} s)\n", kind, a.in, out, static_cast<double>(bytes) / 1e6,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return exit_ok;
}

struct ClassroomArgs {
  std::vector<std::string> files;
  std::vector<std::string> sets;
  std::string out;
  bool force = false, quiet = false;
};

int classroom(const ClassroomArgs& a) {
  std::vector<Scenario> scenarios;
  for (const std::string& f : a.files) scenarios.push_back(load_with_overrides(f, a.sets));
  const nlohmann::json data = classroom_data(scenarios, a.files);
  const std::string page = html_page(Page::classroom, "bpsim classroom: " + scenarios.front().name, data);
  write_text_file(a.out, page, a.force);
  if (!a.quiet) {
    std::string names;
    for (const Scenario& sc : scenarios) names += (names.empty() ? "" : ", ") + sc.name;
    fmt::print("classroom page ({}): {} ({:.1f} MB); open it in a browser, no install or network needed\n", names,
               a.out, static_cast<double>(page.size()) / 1e6);
  }
  return exit_ok;
}

}  // namespace

void register_report(CLI::App& app, int& status) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd =
      app.add_subcommand("report",
                         "Write one self-contained HTML report (charts, no network) of a run, ensemble or compare "
                         "directory, or of a sweep database");
  cmd->add_option("IN", args->in, "Result directory (run, ensemble, compare) or sweep .db")->required();
  cmd->add_option("-o,--output", args->out, "The HTML file to write (default: IN/report.html for a directory)");
  cmd->add_option("--prim", args->prim,
                  "Sweeps: the PRIM condition, e.g. \"dyad:RUS:CHN:alignment@last>0.5\" (default: the first "
                  "outcome above its median)");
  cmd->add_flag("--force", args->force, "Replace an existing output file");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  cmd->footer(
      "Examples:\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml && bpsim report out/pivot-to-asia-2014\n"
      "  bpsim ensemble scenarios/pivot_to_asia_2014.yaml --runs 50 --set parameters.sigma_a=0.02\n"
      "  bpsim report out/pivot-to-asia-2014-ensemble -o ensemble.html\n"
      "  bpsim report out/sanctions_sobol.db -o sobol.html --prim \"dyad:RUS:CHN:alignment@last>0.5\"\n"
      "Exit status: 0 ok, 1 failure, 2 bad input.");
  cmd->callback([args, &status] { status = run_guarded([&] { return report(*args); }); });
}

void register_classroom(CLI::App& app, int& status) {
  auto args = std::make_shared<ClassroomArgs>();
  CLI::App* cmd =
      app.add_subcommand("classroom",
                         "Write one HTML page that runs the engine in the browser (WebAssembly): play, sliders, "
                         "replay, two runs side by side; no install, no server");
  cmd->add_option("SCENARIO", args->files, "Scenario files to embed (the first is shown first)")->required();
  cmd->add_option("-o,--output", args->out, "The HTML file to write")->required();
  add_set_option(*cmd, args->sets);
  cmd->add_flag("--force", args->force, "Replace an existing output file");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  cmd->footer(
      "Example:\n"
      "  bpsim classroom scenarios/classroom_three_powers.yaml scenarios/pivot_to_asia_2014.yaml -o class.html\n"
      "--set applies to every scenario given. Exit status: 0 ok, 1 failure, 2 bad input.");
  cmd->callback([args, &status] { status = run_guarded([&] { return classroom(*args); }); });
}

}  // namespace bpsim::cli
