#include "sim/cli/cli_common.hpp"

#include "sim/cli/commands.hpp"
#include "sim/io/result_dir.hpp"
#include "sim/io/scenario_error.hpp"
#include "sim/io/scenario_yaml.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

namespace bpsim::cli {

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

void print_error(const std::string& message) {
  std::istringstream lines(message);
  std::string line;
  while (std::getline(lines, line)) fmt::print(stderr, "error: {}\n", line);
}

int run_guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const ScenarioError& e) {
    for (const Diagnostic& d : e.diagnostics()) print_error(d.str());
    if (e.diagnostics().empty()) print_error(e.what());
    return exit_bad_input;
  } catch (const OutputError& e) {
    print_error(e.what());
    return exit_bad_input;
  } catch (const UsageError& e) {
    print_error(e.what());
    return exit_bad_input;
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_failure;
  } catch (...) {
    print_error("unexpected failure");
    return exit_failure;
  }
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

}  // namespace bpsim::cli
