#include "sim/io/input_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bpsim {

namespace {

// Exact: "64 MiB" only when it is 64 MiB, else the bytes (a limit is a precise number).
std::string size_text(std::size_t bytes) {
  if (bytes > 0 && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes > 0 && bytes % (1u << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::string open_problem(int err) {
  switch (err) {
    case ENOENT:
      return "no such file";
    case ENOTDIR:
      return "a component of the path is not a directory";
    case EACCES:
    case EPERM:
      return "permission denied";
    case ELOOP:
      return "too many levels of symbolic links (a symlink loop?)";
    case ENAMETOOLONG:
      return "the path is too long";
    case EISDIR:
      return "it is a directory";
    default:
      return std::strerror(err);
  }
}

std::string kind_problem(mode_t mode) {
  if (S_ISDIR(mode)) return "it is a directory";
  if (S_ISFIFO(mode)) return "it is a FIFO (named pipe), not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device, not a regular file";
  if (S_ISSOCK(mode)) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

// Closes the descriptor on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Opens path and checks what it is; on success fd is open and problem is "".
std::string open_checked(const std::string& path, std::size_t limit, Fd& out, off_t& size) {
  if (path.empty()) return "no file name given";
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return open_problem(errno);
  out.fd = fd;
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return kind_problem(st.st_mode);
  if (static_cast<unsigned long long>(st.st_size) > limit)
    return fmt::format("it is {}, larger than the limit of {}", size_text(static_cast<std::size_t>(st.st_size)),
                       size_text(limit));
  size = st.st_size;
  return "";
}

}  // namespace

std::string input_file_problem(const std::string& path, std::size_t limit) {
  Fd fd{-1};
  off_t size = 0;
  return open_checked(path, limit, fd, size);
}

namespace {

// The one reader: checks, then hands the contents to `chunk`; `reserve` (when given) is
// sized to the file first, so that reading a whole file does not reallocate.
void read_checked(const std::string& path, std::string_view what, std::size_t limit,
                  const std::function<void(std::string_view)>& chunk, std::string* reserve) {
  const auto fail = [&](const std::string& reason) {
    return InputFileError(path, reason, fmt::format("cannot read {} {}: {}", what, path, reason));
  };
  Fd fd{-1};
  off_t size = 0;
  if (std::string problem = open_checked(path, limit, fd, size); !problem.empty()) throw fail(problem);
  // Regular files never block; clear O_NONBLOCK anyway so reads behave plainly.
  ::fcntl(fd.fd, F_SETFL, ::fcntl(fd.fd, F_GETFL) & ~O_NONBLOCK);
  if (reserve) reserve->reserve(static_cast<std::size_t>(size));
  std::size_t total = 0;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw fail(fmt::format("read error: {}", std::strerror(errno)));
    }
    if (n == 0) break;
    // A file that grows while read (or a /proc file that reports size 0) is still bounded.
    total += static_cast<std::size_t>(n);
    if (total > limit) throw fail(fmt::format("it holds more than the limit of {}", size_text(limit)));
    chunk(std::string_view(buf, static_cast<std::size_t>(n)));
  }
}

}  // namespace

void read_input_chunks(const std::string& path, std::string_view what, std::size_t limit,
                       const std::function<void(std::string_view)>& chunk) {
  read_checked(path, what, limit, chunk, nullptr);
}

std::string read_input_file(const std::string& path, std::string_view what, std::size_t limit) {
  std::string text;
  read_checked(
      path, what, limit, [&text](std::string_view part) { text.append(part); }, &text);
  return text;
}

}  // namespace bpsim
