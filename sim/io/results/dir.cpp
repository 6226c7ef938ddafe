#include "sim/io/results/dir.hpp"

#include "sim/io/fingerprint.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <system_error>
#include <utility>

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

fs::path parent_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

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
    throw OutputError(fmt::format("cannot write results to {}: it exists and is not a directory", target.string()));
  }
  if (!force) {
    throw OutputError(fmt::format("output directory {} already exists; use --force to replace it", target.string()));
  }
}

void remove_tree(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);  // best effort: leftovers are clearly named temp dirs
}

// The staging directories of this process's live ResultDirs: a second ResultDir into
// the same place must not take over (and remove) the first one's files.
std::mutex staging_mutex;
std::set<fs::path> staging_in_use;

// The pid of a staging directory name "NAME.tmp-<pid>", or 0 when it is not exactly
// that (digits only, no leading zero, a pid_t value).
long staging_pid(const std::string& entry, const std::string& name) {
  const std::string prefix = name + ".tmp-";
  if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return 0;
  const char* first = entry.data() + prefix.size();
  const char* last = entry.data() + entry.size();
  if (*first == '0') return 0;
  long pid = 0;
  const auto [end, ec] = std::from_chars(first, last, pid);
  if (ec != std::errc() || end != last || pid <= 0 || pid > INT_MAX) return 0;
  return pid;
}

bool process_gone(long pid) { return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH; }

}  // namespace

std::vector<fs::path> remove_stale_staging(const fs::path& target) {
  const fs::path dir = normalize_dir(target);
  const std::string name = dir.filename().string();
  std::vector<fs::path> removed;
  std::error_code ec;
  for (fs::directory_iterator it(parent_of(dir), ec), end; !ec && it != end; it.increment(ec)) {
    const long pid = staging_pid(it->path().filename().string(), name);
    if (pid == 0 || pid == ::getpid() || !it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (!process_gone(pid)) continue;
    const fs::path stale = dir.parent_path() / it->path().filename();  // named as the target is
    std::error_code rm;
    fs::remove_all(stale, rm);
    if (rm) {
      spdlog::warn("cannot remove stale staging directory {} of a process that no longer runs: {}", stale.string(),
                   rm.message());
      continue;
    }
    spdlog::warn("removed stale staging directory {} of a process that no longer runs", stale.string());
    removed.push_back(stale);
  }
  return removed;
}

fs::path temp_file_for(const fs::path& target, bool hidden) {
  const std::string name = (hidden ? "." : "") + target.filename().string();
  return parent_of(target) / (name + ".tmp-" + pid_suffix());
}

std::vector<fs::path> remove_stale_temp_files(const fs::path& target, bool hidden) {
  const std::string name = (hidden ? "." : "") + target.filename().string();
  std::vector<fs::path> removed;
  std::error_code ec;
  for (fs::directory_iterator it(parent_of(target), ec), end; !ec && it != end; it.increment(ec)) {
    std::string entry = it->path().filename().string();
    for (const std::string_view sidecar : {"-wal", "-shm", "-journal"})
      if (entry.size() > sidecar.size() && entry.compare(entry.size() - sidecar.size(), sidecar.size(), sidecar) == 0)
        entry.resize(entry.size() - sidecar.size());
    const long pid = staging_pid(entry, name);
    if (pid == 0 || pid == ::getpid() || it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    if (!process_gone(pid)) continue;
    const fs::path stale = parent_of(target) / it->path().filename();
    std::error_code rm;
    fs::remove(stale, rm);
    if (rm) {
      spdlog::warn("cannot remove stale temporary file {} of a process that no longer runs: {}", stale.string(),
                   rm.message());
      continue;
    }
    spdlog::warn("removed stale temporary file {} of a process that no longer runs", stale.string());
    removed.push_back(stale);
  }
  std::sort(removed.begin(), removed.end());
  return removed;
}

fs::path normalize_dir(const fs::path& p) {
  fs::path out = p.lexically_normal();
  while (!out.empty() && !out.has_filename() && out.has_parent_path() && out != out.root_path()) {
    out = out.parent_path();
  }
  return out;
}

ResultDir::ResultDir(const fs::path& target, bool force) : target_(normalize_dir(target)), force_(force) {
  const std::string name = target_.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw OutputError(fmt::format("cannot write results to '{}': not a directory name", target.string()));
  }
  check_target(target_, force_);
  const fs::path parent = parent_of(target_);
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) {
    throw OutputError(fmt::format("cannot write results to {}: cannot create {}: {}", target_.string(), parent.string(),
                                  ec.message()));
  }
  staging_ = target_.parent_path() / (name + ".tmp-" + pid_suffix());  // sibling: rename stays atomic
  remove_stale_staging(target_);
  claim_staging();
}

// Our pid's staging directory, unless another ResultDir of this process holds it: then
// it is from an earlier process that had our pid, and stale.
void ResultDir::claim_staging() {
  const std::lock_guard<std::mutex> lock(staging_mutex);
  if (!staging_in_use.insert(staging_).second) {
    throw OutputError(fmt::format("cannot write results to {}: this process is already writing them in {}",
                                  target_.string(), staging_.string()));
  }
  remove_tree(staging_);
  if (::mkdir(staging_.c_str(), 0777) != 0) {
    const int err = errno;
    staging_in_use.erase(staging_);
    fail(target_, "cannot create " + staging_.string(), err);
  }
  claimed_ = staging_;
}

ResultDir::~ResultDir() {
  if (!committed_ && !keep_) remove_tree(staging_);
  const std::lock_guard<std::mutex> lock(staging_mutex);
  staging_in_use.erase(claimed_);
}

void ResultDir::keep() {
  if (keep_) return;
  keep_ = true;
  const fs::path kept = target_.parent_path() / (target_.filename().string() + ".kept-" + pid_suffix());
  std::error_code ec;
  if (fs::exists(kept, ec) || ::rename(staging_.c_str(), kept.c_str()) != 0) return;  // stays DIR.tmp-<pid>
  staging_ = kept;
}

fs::path ResultDir::staging_path(const std::string& name) const {
  fs::path path = staging_ / name;
  if (path.parent_path() != staging_) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail(path.parent_path(), "cannot create directory", ec.value());
  }
  return path;
}

// A name may hold subdirectories ("runs/0007/states.csv"); they are created inside
// the staging directory.
void ResultDir::write(const ResultFile& file) { write_file_synced(staging_path(file.name), file.bytes); }

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
    throw OutputError(fmt::format("output directory {} appeared while the run was going; use --force to replace it",
                                  target_.string()));
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

namespace {

// Writes all of bytes to fd; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

// fsync, where the filesystem can (EINVAL: it cannot, e.g. some special files).
int sync_fd(int fd) { return ::fsync(fd) != 0 && errno != EINVAL ? errno : 0; }

}  // namespace

void write_file_synced(const fs::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail_file(path, "cannot create it", errno);
  if (const int err = write_all(fd, bytes)) {
    ::close(fd);
    ::unlink(path.c_str());
    fail_file(path, "write failed", err);
  }
  if (const int err = sync_fd(fd)) {
    ::close(fd);
    fail_file(path, "fsync failed", err);
  }
  if (::close(fd) != 0) fail_file(path, "close failed", errno);
}

namespace {

// The hasher's own failure (OpenSSL's, never seen) fails the write as any other does.
template <class F>
auto hashing(F&& f) {
  try {
    return f();
  } catch (const std::runtime_error& e) {
    throw WriteError(e.what());
  }
}

}  // namespace

StagedFile::StagedFile(std::string name, const fs::path& path)
    : name_(std::move(name)), path_(path), sha_(hashing([] { return std::make_unique<Sha256>(); })) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd_ < 0) fail_file(path, "cannot create it", errno);
}

StagedFile::~StagedFile() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

[[noreturn]] void write_failed(const fs::path& file, const char* what, int err) {
  throw WriteError(fmt::format("cannot write {}: {}: {}", file.string(), what, reason(err)));
}

}  // namespace

void StagedFile::append(std::string_view bytes) {
  if (fd_ < 0) throw std::logic_error("StagedFile::append after finish");
  if (const int err = write_all(fd_, bytes)) write_failed(path_, "write failed", err);
  hashing([&] { sha_->update(bytes); });
  bytes_ += bytes.size();
}

void StagedFile::finish() {
  if (fd_ < 0) return;
  const int fd = std::exchange(fd_, -1);
  if (const int err = sync_fd(fd)) {
    ::close(fd);
    write_failed(path_, "fsync failed", err);
  }
  if (::close(fd) != 0) write_failed(path_, "close failed", errno);
  digest_ = hashing([&] { return sha_->hex(); });
}

std::string StagedFile::sha256() const {
  if (fd_ >= 0 || digest_.empty()) throw std::logic_error("StagedFile::sha256 before finish");
  return digest_;
}

fs::path write_fallback_dir(const std::string& stem, const std::vector<ResultFile>& files) {
  std::string safe;
  for (const char c : stem) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string templ = (base / ("bpsim-" + safe + "-XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) fail_file(templ, "cannot create a temporary directory", errno);
  fs::path dir(templ);
  for (const ResultFile& f : files) {
    fs::create_directories((dir / f.name).parent_path(), ec);
    write_file_synced(dir / f.name, f.bytes);
  }
  fsync_dir(dir);
  return dir;
}

}  // namespace bpsim
