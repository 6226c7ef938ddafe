#include "sim/cli/progress.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <cstdio>
#include <utility>

namespace bpsim::cli {

namespace {

constexpr auto kQuietPeriod = std::chrono::seconds(1);    // no bar for short runs
constexpr auto kRedraw = std::chrono::milliseconds(100);  // limits terminal writes

}  // namespace

std::string progress_line(int done, int total, double elapsed_seconds, int bar_width, const std::string& unit) {
  const double frac = total > 0 ? static_cast<double>(done) / total : 1.0;
  const int filled = static_cast<int>(frac * bar_width);
  std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(bar_width - filled), '.');
  std::string line = fmt::format("[{}] {:3.0f}%  {} {}/{}", bar, frac * 100, unit, done, total);
  if (unit != "tick" && elapsed_seconds > 0 && done > 0) {
    line += fmt::format("  {:.1f} {}s/s", done / elapsed_seconds, unit);
  }
  const double left = done > 0 ? elapsed_seconds * (total - done) / done : 0.0;
  if (left >= 1.0) line += fmt::format("  about {:.0f} s left", left);
  return line;
}

ProgressBar::ProgressBar(bool enabled, std::string unit)
    : enabled_(enabled && ::isatty(STDERR_FILENO) == 1),
      unit_(std::move(unit)),
      start_(Clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(int done, int total) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (now - start_ < kQuietPeriod || (drawn_ && now - last_draw_ < kRedraw && done < total)) return;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  fmt::print(stderr, "\r{}\x1b[K", progress_line(done, total, elapsed, 30, unit_));
  std::fflush(stderr);
  drawn_ = true;
  last_draw_ = now;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  fmt::print(stderr, "\r\x1b[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace bpsim::cli
