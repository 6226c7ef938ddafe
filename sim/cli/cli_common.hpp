// Helpers shared by the commands: the --set option, loading a scenario with
// overrides, and turning every failure into a message and an exit status.
#pragma once

#include "sim/io/results/dir.hpp"
#include "sim/io/results/manifest.hpp"
#include "sim/io/scenario/overrides.hpp"
#include "sim/model/scenario.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim::cli {

// Bad command-line input found after parsing (exit status 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Adds `--seed N` to cmd, the same for every command: N a whole number in [0, 2^64)
// (as the scenario's `seed`), anything else refused with that range; sets `given`.
void add_seed_option(CLI::App& cmd, std::uint64_t& seed, bool& given, const std::string& doc,
                     const std::string& default_shown);

// Adds the repeatable `--set PATH=VALUE` option to cmd, collecting raw arguments.
void add_set_option(CLI::App& cmd, std::vector<std::string>& sets);

// Parses --set arguments; a malformed one is a ScenarioError naming the file.
std::vector<Override> parse_overrides(const std::string& file, const std::vector<std::string>& sets);

// load_scenario with the raw --set arguments.
Scenario load_with_overrides(const std::string& file, const std::vector<std::string>& sets);

// Runs body and maps what it throws to a message on stderr and an exit status:
// ScenarioError, InputFileError, OutputError, UsageError -> 2 (bad input); anything else
// -> 1, and never as a bare library text: std::bad_alloc (and std::length_error) say
// "out of memory while running `bpsim CMD`; ...", a library's own text ("stoi",
// "vector::_M_range_check", a JSON or YAML library error) is shown as an internal error
// to report, with its type; bpsim's own messages are shown as they are.
int run_guarded(const std::function<int()>& body);

// Prints "error: MESSAGE" on stderr, one line per line of message, each through
// io::printable (control characters from the input escaped).
void print_error(const std::string& message);

// The text output of `bpsim COMMAND [-o PATH] [--force]`: to stdout when path is "",
// else into a temporary beside path, then renamed (a failed write leaves nothing);
// refuses a directory, or an existing file without force. Returns the exit status.
int write_text_output(std::string_view command, const std::string& path, const std::string& text, bool force);

// This process's argv (for the manifest); empty where the OS does not tell.
std::vector<std::string> command_line();

// out/<scenario name, made safe as one path component> (the file's stem when unnamed),
// with an optional suffix ("out/pivot-to-asia-2014-ensemble").
std::filesystem::path default_output_dir(const Scenario& sc, const std::string& file, const std::string& suffix = "");

// A manifest for results made from the scenario file (hash, absolute path, name), the
// --set arguments, seed and tick count, with this command line and the start time.
Manifest start_manifest(const Scenario& sc, const std::string& file, const std::vector<std::string>& sets,
                        std::uint64_t seed, int ticks);

// Writes the files into out and commits. When the location fails only now, the
// finished results are kept elsewhere (the staging dir, or a fresh temp dir) and the
// message says where. Returns the exit status and sets `where` ("" when lost).
int save_results(ResultDir& out, const std::vector<ResultFile>& files, const std::string& stem,
                 std::filesystem::path& where);

}  // namespace bpsim::cli
