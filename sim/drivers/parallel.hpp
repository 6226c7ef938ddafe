// parallel_for: jobs 0..n-1 on T threads, handed out one at a time from an atomic
// counter. Each job writes only its own slot of the caller's output, so the result
// does not depend on T or on the order jobs finish. The first exception thrown by a
// job stops the hand-out and is rethrown on the calling thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace bpsim {

// 0 -> the machine's hardware threads (at least 1).
inline int resolve_threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

template <class Job>
void parallel_for(std::int64_t n, int threads, Job&& job) {
  const int t = static_cast<int>(std::min<std::int64_t>(resolve_threads(threads), std::max<std::int64_t>(n, 1)));
  std::atomic<std::int64_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&](int thread_index) {
    for (;;) {
      const std::int64_t i = next.fetch_add(1);
      if (i >= n || stop.load()) return;
      try {
        job(i, thread_index);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
    }
  };
  if (t <= 1) {
    worker(0);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(t));
    for (int k = 0; k < t; ++k) pool.emplace_back(worker, k);
    for (std::thread& th : pool) th.join();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace bpsim
