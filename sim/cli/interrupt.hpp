// Ctrl-C (SIGINT) and SIGTERM as a request to stop cleanly: while an InterruptGuard
// lives, the first signal only sets interrupt_flag(), which long commands poll between
// ticks or runs (then they clean up and exit with status 130); a second signal ends
// the process at once.
#pragma once

#include <atomic>

namespace bpsim::cli {

std::atomic<bool>& interrupt_flag();

class InterruptGuard {
 public:
  InterruptGuard();   // clears the flag, installs the handlers
  ~InterruptGuard();  // restores the default handlers
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

// The exit status of a command stopped by an interrupt (128 + SIGINT, as shells report).
inline constexpr int kInterruptedStatus = 130;

}  // namespace bpsim::cli
