#include "sim/io/failure_text.hpp"

#include <cxxabi.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <typeinfo>
#include <variant>

namespace bpsim {

namespace {

// "std::out_of_range", not "St12out_of_range".
std::string type_name(const std::exception& e) {
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status),
                                                    std::free);
  return status == 0 && name ? name.get() : typeid(e).name();
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Text that the C++ library or a parser library wrote for programmers, as opposed to
// bpsim's messages for the user, which are sentences.
bool library_text(const std::exception& e) {
  if (dynamic_cast<const nlohmann::json::exception*>(&e) || dynamic_cast<const YAML::Exception*>(&e) ||
      dynamic_cast<const std::bad_cast*>(&e) || dynamic_cast<const std::bad_optional_access*>(&e) ||
      dynamic_cast<const std::bad_variant_access*>(&e) || dynamic_cast<const std::bad_function_call*>(&e))
    return true;
  const std::string_view text = e.what();
  if (text.find(' ') == std::string_view::npos) return true;  // "stoi", "map::at", "std::bad_cast"
  for (const char* lib : {"vector::", "basic_string", "array::", "bitset", "deque::", "map::", "std::"})
    if (starts_with(text, lib)) return true;
  return false;
}

std::string out_of_memory(std::string_view command, const std::string& detail) {
  return fmt::format(
      "out of memory while running {}; the request needs more memory than this machine has "
      "({}): ask for less (fewer states, ticks, runs, points or threads) or use a machine "
      "with more memory",
      command, detail);
}

}  // namespace

std::string failure_message(const std::exception& e, std::string_view command) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) return out_of_memory(command, "an allocation failed");
  if (dynamic_cast<const std::length_error*>(&e))
    return out_of_memory(command, fmt::format("a size beyond what can be allocated: {}", e.what()));
  if (dynamic_cast<const std::filesystem::filesystem_error*>(&e))
    return fmt::format("{} failed: {}", command, e.what());  // names the path and the reason
  if (const auto* sys = dynamic_cast<const std::system_error*>(&e))
    return fmt::format(
        "{} failed: the system refused a request: {}; check the limits on threads "
        "and open files (ulimit -a), or use fewer --threads",
        command, sys->code().message());
  if (library_text(e))
    return fmt::format(
        "internal error while running {}: {} ({}); this is a bug in bpsim, not in "
        "your input: please report it with the command line and the input files",
        command, e.what(), type_name(e));
  return e.what();
}

std::string unknown_failure_message(std::string_view command) {
  return fmt::format(
      "{} failed with an unknown exception; this is a bug in bpsim: please report "
      "it with the command line and the input files",
      command);
}

}  // namespace bpsim
