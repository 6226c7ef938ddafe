// bpsim: the command-line driver. Commands are registered from their own files.
#include "sim/cli/commands.hpp"
#include "sim/cli/logging.hpp"
#include "sim/io/failure_text.hpp"
#include "sim/io/memory_budget.hpp"

#include <exception>
#include <iostream>

namespace {

// --max-memory SIZE: the memory budget (sim/io/memory_budget.hpp) of this process.
void add_memory_option(CLI::App& app, std::string& size) {
  const auto allowed = [](const std::string& text) -> std::string {
    std::uint64_t bytes = 0;
    if (bpsim::parse_memory_size(text, bytes)) return "";
    return "'" + text +
           "' is not a memory size; use a number of bytes above 0 with an optional unit K, M, G or T "
           "(KiB, MiB, GiB, TiB), e.g. 512M, 8G, 1.5G";
  };
  app.add_option("--max-memory", size,
                 "Memory budget: refuse up front (exit 2) what would need more, e.g. 512M, 8G (default: "
                 "physical memory less 1 GiB, here " +
                     bpsim::bytes_text(bpsim::default_memory_budget()) + ")")
      ->check(CLI::Validator(allowed, "SIZE", "memory size"));
}

void set_budget(const std::string& size) {
  std::uint64_t bytes = 0;
  if (!size.empty() && bpsim::parse_memory_size(size, bytes)) bpsim::set_memory_budget(bytes);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bpsim " BPSIM_VERSION
               ": agent-based simulator of the multipolar balance of power.\n"
               "States carry capability and alignment vectors and interact under sanctions,\n"
               "arms sales and joint exercises; runs log alignment and asymmetry trajectories.",
               "bpsim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("bpsim " BPSIM_VERSION " (git " BPSIM_GIT_REV ")"));
  std::string log_level = "warn";
  app.add_option("--log-level", log_level, "Logging to stderr: trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  std::string max_memory;
  add_memory_option(app, max_memory);
  app.footer(
      "Examples:\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml\n"
      "  bpsim run scenarios/pivot_to_asia_2014.yaml --set events.0.sanctions.intensity=0.3\n"
      "  bpsim check scenarios/us_wedge.yaml\n"
      "  bpsim bench scenarios/pivot_to_asia_2014.yaml --runs 200\n"
      "  bpsim compare scenarios/no_sanctions_2014.yaml scenarios/pivot_to_asia_2014.yaml --runs 100\n"
      "  bpsim sweep scenarios/sweeps/sanctions_sobol.yaml -o out/sobol.db && bpsim analyze out/sobol.db\n"
      "  bpsim report out/pivot-to-asia-2014               (-> out/pivot-to-asia-2014/report.html)\n"
      "  bpsim classroom scenarios/classroom_three_powers.yaml scenarios/pivot_to_asia_2014.yaml -o class.html\n"
      "Run `bpsim COMMAND --help` for a command's options.");
  int status = bpsim::cli::exit_ok;
  bpsim::cli::register_run(app, status);
  bpsim::cli::register_check(app, status);
  bpsim::cli::register_bench(app, status);
  bpsim::cli::register_generate(app, status);
  bpsim::cli::register_ensemble(app, status);
  bpsim::cli::register_compare(app, status);
  bpsim::cli::register_sweep(app, status);
  bpsim::cli::register_analyze(app, status);
  bpsim::cli::register_export(app, status);
  bpsim::cli::register_merge(app, status);
  bpsim::cli::register_report(app, status);
  bpsim::cli::register_classroom(app, status);
  bpsim::cli::register_schema(app, status);
  bpsim::cli::register_explain(app, status);
  app.parse_complete_callback([&] {
    bpsim::cli::setup_logging(log_level);
    set_budget(max_memory);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : bpsim::cli::exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "bpsim: error: " << bpsim::failure_message(e, "bpsim") << "\n";
    return bpsim::cli::exit_failure;
  }
  return status;
}
