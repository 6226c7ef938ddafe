#include "sim/io/result_dir.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace fs = std::filesystem;

namespace bpsim {

namespace {

std::string reason(int err) { return std::generic_category().message(err); }

[[noreturn]] void fail(const fs::path& target, const std::string& what, int err) {
  throw OutputError(fmt::format("cannot write results to {}: {}: {}", target.string(), what, reason(err)));
}

[[noreturn]] void fail_file(const fs::path& file, const char* what, int err) {
  throw OutputError(fmt::format("cannot write {}: {}: {}", file.string(), what, reason(err)));
}

fs::path parent_of(const fs::path& p) {
  return p.has_parent_path() ? p.parent_path() : fs::path(".");
}

std::string pid_suffix() { return std::to_string(static_cast<long>(::getpid())); }

// Directory entries reach the disk only when the directory itself is synced.
void fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: some filesystems refuse, the data is written
  ::fsync(fd);
  ::close(fd);
}

void check_target(const fs::path& target, bool force) {
  std::error_code ec;
  const fs::file_status st = fs::status(target, ec);
  if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
    throw OutputError(fmt::format("cannot write results to {}: {}", target.string(), ec.message()));
  }
  if (!fs::exists(st)) return;
  if (!fs::is_directory(st)) {
    throw OutputError(fmt::format("cannot write results to {}: it exists and is not a directory",
                                  target.string()));
  }
  if (!force) {
    throw OutputError(fmt::format("output directory {} already exists; use --force to replace it",
                                  target.string()));
  }
}

void remove_tree(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);  // best effort: leftovers are clearly named temp dirs
}

}  // namespace

fs::path normalize_dir(const fs::path& p) {
  fs::path out = p.lexically_normal();
  while (!out.empty() && !out.has_filename() && out.has_parent_path() && out != out.root_path()) {
    out = out.parent_path();
  }
  return out;
}

ResultDir::ResultDir(fs::path target, bool force) : target_(normalize_dir(target)), force_(force) {
  const std::string name = target_.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw OutputError(fmt::format("cannot write results to '{}': not a directory name", target.string()));
  }
  check_target(target_, force_);
  const fs::path parent = parent_of(target_);
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) {
    throw OutputError(fmt::format("cannot write results to {}: cannot create {}: {}", target_.string(),
                                  parent.string(), ec.message()));
  }
  staging_ = target_.parent_path() / (name + ".tmp-" + pid_suffix());  // sibling: rename stays atomic
  remove_tree(staging_);  // stale, from an earlier process that had our pid
  if (::mkdir(staging_.c_str(), 0777) != 0) fail(target_, "cannot create " + staging_.string(), errno);
}

ResultDir::~ResultDir() {
  if (!committed_ && !keep_) remove_tree(staging_);
}

// A name may hold subdirectories ("runs/0007/states.csv"); they are created inside
// the staging directory.
void ResultDir::write(const ResultFile& file) {
  const fs::path path = staging_ / file.name;
  if (path.parent_path() != staging_) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail(path.parent_path(), "cannot create directory", ec.value());
  }
  write_file_synced(path, file.bytes);
}

void ResultDir::commit() {
  fsync_dir(staging_);
  std::error_code ec;
  if (!fs::exists(target_, ec)) {
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) != 0) {
      const int err = errno;
      const bool unsupported = err == EINVAL || err == ENOSYS;
      if (!unsupported || ::rename(staging_.c_str(), target_.c_str()) != 0) {
        fail(target_, "cannot rename " + staging_.string() + " onto it", unsupported ? errno : err);
      }
    }
  } else if (!force_) {
    throw OutputError(fmt::format(
        "output directory {} appeared while the run was going; use --force to replace it", target_.string()));
  } else {
    replace_existing();
  }
  committed_ = true;
  fsync_dir(parent_of(target_));
}

// Swap new and old atomically where the filesystem can; else move the old aside first.
void ResultDir::replace_existing() {
  if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
    remove_tree(staging_);  // now holds the old results
    return;
  }
  if (errno != EINVAL && errno != ENOSYS) fail(target_, "cannot replace it with " + staging_.string(), errno);
  const fs::path old = target_.parent_path() / (target_.filename().string() + ".old-" + pid_suffix());
  remove_tree(old);
  if (::rename(target_.c_str(), old.c_str()) != 0) fail(target_, "cannot move it aside to " + old.string(), errno);
  if (::rename(staging_.c_str(), target_.c_str()) != 0) {
    const int err = errno;
    ::rename(old.c_str(), target_.c_str());  // put the old results back
    fail(target_, "cannot rename " + staging_.string() + " onto it", err);
  }
  remove_tree(old);
}

void write_file_synced(const fs::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail_file(path, "cannot create it", errno);
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(path.c_str());
      fail_file(path, "write failed", err);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) {
    const int err = errno;
    ::close(fd);
    fail_file(path, "fsync failed", err);
  }
  if (::close(fd) != 0) fail_file(path, "close failed", errno);
}

fs::path write_fallback_dir(const std::string& stem, const std::vector<ResultFile>& files) {
  std::string safe;
  for (const char c : stem) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string templ = (base / ("bpsim-" + safe + "-XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) fail_file(templ, "cannot create a temporary directory", errno);
  const fs::path dir(templ);
  for (const ResultFile& f : files) {
    fs::create_directories((dir / f.name).parent_path(), ec);
    write_file_synced(dir / f.name, f.bytes);
  }
  fsync_dir(dir);
  return dir;
}

}  // namespace bpsim
