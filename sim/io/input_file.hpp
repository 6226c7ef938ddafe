// Reading an input file (scenario, sweep file, snapshot, result CSV) the one safe way:
// only a regular file, never more than a size limit, and a message that says exactly
// what is wrong (no such file, a directory, a FIFO or device, a symlink loop, no
// permission, too large, a read error). A FIFO never blocks: the file is opened
// non-blocking and checked with fstat before anything is read.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bpsim {

// The file cannot be read as an input; what() is "cannot read WHAT PATH: REASON".
class InputFileError : public std::runtime_error {
 public:
  InputFileError(std::string path, std::string reason, const std::string& message)
      : std::runtime_error(message), path_(std::move(path)), reason_(std::move(reason)) {}
  const std::string& path() const { return path_; }
  const std::string& reason() const { return reason_; }  // e.g. "it is a directory"

 private:
  std::string path_, reason_;
};

// Default size limits: generous for what a person writes, small against /dev/zero.
inline constexpr std::size_t kMaxScenarioBytes = 64u << 20;    // scenario and sweep files
inline constexpr std::size_t kMaxSnapshotBytes = 1024u << 20;  // snapshots (N x N arrays)

// The whole file. `what` names it in the message ("scenario file", "snapshot").
// Throws InputFileError.
std::string read_input_file(const std::string& path, std::string_view what, std::size_t limit);

// The same checks, the contents handed to `chunk` piece by piece (at most 64 KiB each)
// instead of kept: for hashing a large file in bounded memory.
void read_input_chunks(const std::string& path, std::string_view what, std::size_t limit,
                       const std::function<void(std::string_view)>& chunk);

// Only the reason (or "" when path is a readable regular file within the limit), for
// callers that report the problem their own way. Does not read the contents.
std::string input_file_problem(const std::string& path, std::size_t limit);

}  // namespace bpsim
