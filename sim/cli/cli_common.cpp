#include "sim/cli/cli_common.hpp"

#include "sim/cli/commands.hpp"
#include "sim/io/failure_text.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/html_page.hpp"
#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/json.hpp"
#include "sim/io/scenario/path_text.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace bpsim::cli {

void add_seed_option(CLI::App& cmd, std::uint64_t& seed, bool& given, const std::string& doc,
                     const std::string& default_shown) {
  const CLI::Validator whole(
      [](std::string& text) {
        try {
          seed_from_text(text, "a seed");
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      },
      "N", "seed");
  cmd.add_option("--seed", seed, doc)
      ->type_name("N")
      ->check(whole)
      ->default_str(default_shown)
      ->each([&given](const std::string&) { given = true; });
}

void add_set_option(CLI::App& cmd, std::vector<std::string>& sets) {
  cmd.add_option("--set", sets,
                 "Override a scenario value, checked like the file (repeatable), "
                 "e.g. states.RUS.traits.hedging=0.8")
      ->type_name("PATH=VALUE")
      ->expected(1)
      ->take_all();
}

// A --set diagnostic has no file of its own; it belongs to the scenario being loaded.
std::vector<Override> parse_overrides(const std::string& file, const std::vector<std::string>& sets) {
  std::vector<Override> out;
  std::vector<Diagnostic> problems;
  for (const std::string& arg : sets) {
    try {
      out.push_back(parse_override(arg));
    } catch (const ScenarioError& e) {
      for (Diagnostic d : e.diagnostics()) {
        if (d.file.empty()) d.file = file;
        problems.push_back(std::move(d));
      }
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return out;
}

Scenario load_with_overrides(const std::string& file, const std::vector<std::string>& sets) {
  return load_scenario(file, parse_overrides(file, sets));
}

// Each line through printable(): messages quote the input, which may hold ESC or U+202E.
void print_error(const std::string& message) {
  std::istringstream lines(message);
  std::string line;
  while (std::getline(lines, line)) fmt::print(stderr, "error: {}\n", io::printable(line));
}

namespace {

// "`bpsim run`": the command being run, for messages that have nothing better to name.
std::string running_command() {
  const std::vector<std::string> args = command_line();
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--log-level" || args[i] == "--max-memory") {
      ++i;  // skip the global option's value
      continue;
    }
    if (!args[i].empty() && args[i][0] != '-') return "`bpsim " + args[i] + "`";
  }
  return "bpsim";
}

// Never throws: after an out-of-memory failure even the message may not fit.
void report_failure(const std::exception* e) noexcept {
  try {
    print_error(e ? failure_message(*e, running_command()) : unknown_failure_message(running_command()));
  } catch (...) {
    std::fputs(
        "error: out of memory (even for this message); ask for less or use a machine with "
        "more memory\n",
        stderr);
  }
}

}  // namespace

int run_guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const ScenarioError& e) {
    for (const Diagnostic& d : e.diagnostics()) print_error(d.str());
    if (e.diagnostics().empty()) print_error(e.what());
    return exit_bad_input;
  } catch (const InputFileError& e) {  // a FIFO, a directory, /dev/zero given as input
    print_error(e.what());
    return exit_bad_input;
  } catch (const OutputError& e) {
    print_error(e.what());
    return exit_bad_input;
  } catch (const UsageError& e) {
    print_error(e.what());
    return exit_bad_input;
  } catch (const std::exception& e) {
    report_failure(&e);
    return exit_failure;
  } catch (...) {
    report_failure(nullptr);
    return exit_failure;
  }
}

int write_text_output(std::string_view command, const std::string& path, const std::string& text, bool force) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? exit_ok : exit_failure;
  }
  try {
    write_text_file(path, text, force);
  } catch (const OutputError& e) {
    fmt::print(stderr, "bpsim {}: error: {}\n", command, e.what());
    return exit_bad_input;
  }
  return exit_ok;
}

// Linux exposes argv NUL-separated in /proc; elsewhere the manifest lacks it.
std::vector<std::string> command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  std::string cur;
  for (const char c : raw) {
    if (c != '\0') {
      cur += c;
      continue;
    }
    args.push_back(cur);
    cur.clear();
  }
  if (!cur.empty()) args.push_back(cur);
  return args;
}

std::filesystem::path default_output_dir(const Scenario& sc, const std::string& file, const std::string& suffix) {
  namespace fs = std::filesystem;
  const std::string name = (sc.name.empty() ? fs::path(file).stem().string() : sc.name) + suffix;
  std::string safe;
  for (const char c : name) {
    safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  }
  if (safe.empty() || safe == "." || safe == "..") safe = "run";
  return fs::path("out") / safe;
}

Manifest start_manifest(const Scenario& sc, const std::string& file, const std::vector<std::string>& sets,
                        std::uint64_t seed, int ticks) {
  Manifest m;
  m.scenario_file = file;
  std::error_code ec;
  m.scenario_file_absolute = std::filesystem::absolute(file, ec).lexically_normal().string();
  m.scenario_sha256 = scenario_sha256(file);
  m.scenario_name = sc.name;
  m.model = model_name(sc.model);
  m.tick_label = sc.tick_label;
  m.start = sc.start;
  for (std::size_t i = 0; i < sc.state_ids.size(); ++i) m.states.emplace_back(sc.state_ids[i], sc.state_names[i]);
  m.alignment_axes = sc.alignment_axes;
  m.seed = seed;
  m.overrides = sets;
  m.ticks = ticks;
  m.command_line = command_line();
  m.started = std::chrono::system_clock::now();
  return m;
}

namespace {

// Last resort once the work is finished: a fresh directory under the system temp dir.
int save_elsewhere(const std::vector<ResultFile>& files, const std::string& stem, std::filesystem::path& where) {
  try {
    where = write_fallback_dir(stem, files);
    fmt::print(stderr, "the finished results were saved in {} instead\n", where.string());
  } catch (const OutputError& e) {
    print_error(e.what());
    print_error("the results could not be saved anywhere");
    where.clear();
  }
  return exit_failure;
}

}  // namespace

int save_results(ResultDir& out, const std::vector<ResultFile>& files, const std::string& stem,
                 std::filesystem::path& where) {
  try {
    for (const ResultFile& f : files) out.write(f);
  } catch (const OutputError& e) {
    print_error(e.what());
    return save_elsewhere(files, stem, where);
  }
  try {
    out.commit();
  } catch (const OutputError& e) {
    out.keep();
    print_error(e.what());
    where = out.staging();
    fmt::print(stderr, "the complete results are in {}\n", where.string());
    return exit_failure;
  }
  where = out.target();
  return exit_ok;
}

}  // namespace bpsim::cli
