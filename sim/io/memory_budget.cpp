#include "sim/io/memory_budget.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

#include <unistd.h>

namespace bpsim {

namespace {

std::atomic<std::uint64_t> g_budget{0};  // 0: the default

constexpr std::uint64_t kGiB = 1ull << 30;

}  // namespace

std::uint64_t default_memory_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return 4 * kGiB;  // unknown machine: a modest default
  const std::uint64_t phys = mul_sat(static_cast<std::uint64_t>(pages), static_cast<std::uint64_t>(page));
  const std::uint64_t less = phys > 2 * kGiB ? phys - kGiB : phys / 2;
  return std::max(less, phys / 2);
}

std::uint64_t memory_budget() {
  const std::uint64_t b = g_budget.load(std::memory_order_relaxed);
  return b ? b : default_memory_budget();
}

void set_memory_budget(std::uint64_t bytes) { g_budget.store(bytes, std::memory_order_relaxed); }

std::string bytes_text(std::uint64_t bytes) {
  if (bytes == std::numeric_limits<std::uint64_t>::max()) return "more than 16 EiB";
  const double b = static_cast<double>(bytes);
  if (bytes >= (1ull << 40)) return fmt::format("{:.1f} TiB", b / static_cast<double>(1ull << 40));
  if (bytes >= kGiB) return fmt::format("{:.1f} GiB", b / static_cast<double>(kGiB));
  if (bytes >= (1ull << 20)) return fmt::format("{:.0f} MiB", b / static_cast<double>(1ull << 20));
  if (bytes >= (1ull << 10)) return fmt::format("{:.0f} KiB", b / 1024.0);
  return fmt::format("{} bytes", bytes);
}

std::string memory_problem(std::uint64_t estimate, std::string_view what) {
  const std::uint64_t budget = memory_budget();
  if (estimate <= budget) return "";
  return fmt::format(
      "{} needs about {}, more than the memory budget of {}; ask for less, or raise the budget with "
      "the global option --max-memory (e.g. bpsim --max-memory 64G ...)",
      what, bytes_text(estimate), bytes_text(budget));
}

bool parse_memory_size(std::string_view text, std::uint64_t& bytes) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return false;
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(std::string(text.substr(0, i)), &used);
    if (used != i) return false;
  } catch (...) {
    return false;
  }
  std::string unit;
  for (const char c : text.substr(i)) unit += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  double scale = 1;
  if (unit.empty() || unit == "B") scale = 1;
  else if (unit == "K" || unit == "KB" || unit == "KIB") scale = 1024.0;
  else if (unit == "M" || unit == "MB" || unit == "MIB") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GIB") scale = static_cast<double>(kGiB);
  else if (unit == "T" || unit == "TB" || unit == "TIB") scale = static_cast<double>(kGiB) * 1024;
  else return false;
  const double v = value * scale;
  if (!std::isfinite(v) || v < 1 || v >= 1.8e19) return false;
  bytes = static_cast<std::uint64_t>(v);
  return true;
}

}  // namespace bpsim
