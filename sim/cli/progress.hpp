// ProgressBar: a one-line bar on stderr for runs that take a while.
// Silent for the first second (short runs stay quiet), when disabled, and when
// stderr is not a terminal (logs and pipes get no carriage-return noise).
#pragma once

#include <chrono>
#include <string>

namespace bpsim::cli {

class ProgressBar {
 public:
  // unit: what is counted ("tick", "run"); other units than ticks also show a rate.
  explicit ProgressBar(bool enabled, std::string unit = "tick");
  ~ProgressBar();  // clears the line if anything was drawn
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Called after each tick; cheap when nothing is due to be drawn.
  void update(int done, int total);
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::string unit_;
  bool drawn_ = false;
  Clock::time_point start_, last_draw_;
};

// "[##########..........]  50%  tick 500/1000  about 3 s left"
// "[##########..........]  50%  run 500/1000  812.3 runs/s  about 1 s left"
std::string progress_line(int done, int total, double elapsed_seconds, int bar_width = 30,
                          const std::string& unit = "tick");

}  // namespace bpsim::cli
