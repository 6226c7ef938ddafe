// ResultDir: an output directory that appears complete or not at all.
// Files are written into a sibling staging directory (DIR.tmp-<pid>), flushed to
// disk, and only then renamed onto DIR; an old DIR (with force) is replaced only
// once the new results are complete. A killed run leaves at most a staging dir,
// which the next ResultDir into the same place removes once its process is gone.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim {

class Sha256;  // sim/io/fingerprint.hpp

// The output location cannot be used; what() names the path and the OS reason.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writing a result file failed while the work went on or at its end (a full disk, an
// I/O error): a run-time failure (exit 1), not a bad location (OutputError, exit 2).
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One file of a result directory, held in memory until the run is over.
struct ResultFile {
  std::string name;   // file name inside the directory
  std::string bytes;  // complete contents
};

class ResultDir {
 public:
  // Validates target and creates the staging directory (so a typo fails before a
  // long run, not after). Throws OutputError when target exists and !force, is
  // not a directory, or its parent cannot be created or written.
  ResultDir(const std::filesystem::path& target, bool force);
  ~ResultDir();  // removes the staging directory unless committed or kept
  ResultDir(const ResultDir&) = delete;
  ResultDir& operator=(const ResultDir&) = delete;

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }

  // Writes and fsyncs one file into the staging directory. Throws OutputError.
  void write(const ResultFile& file);
  // The path of a file in the staging directory, its subdirectories created.
  std::filesystem::path staging_path(const std::string& name) const;
  // Moves the staging directory onto target (replacing an old one when forced).
  // Throws OutputError; the staging directory is then left intact.
  void commit();
  // Leaves the staging directory on disk after destruction (it holds the results),
  // renamed DIR.kept-<pid> where it can be, so that no later run takes it for the
  // staging directory of a dead process; staging() is then the kept path.
  void keep();

 private:
  void replace_existing();
  void claim_staging();

  std::filesystem::path target_, staging_;
  std::filesystem::path claimed_;  // the staging path registered as this process's
  bool force_ = false;
  bool committed_ = false;
  bool keep_ = false;
};

// "out/x/" -> "out/x": a directory path without trailing separators.
std::filesystem::path normalize_dir(const std::filesystem::path& p);

// Writes files into a fresh directory under the system temp dir, named after stem;
// the last resort when the requested location failed after the run. Returns its path.
std::filesystem::path write_fallback_dir(const std::string& stem, const std::vector<ResultFile>& files);

// Writes bytes to path and fsyncs it; O_EXCL, so it never overwrites. Throws OutputError.
void write_file_synced(const std::filesystem::path& path, std::string_view bytes);

// Removes the staging directories TARGET.tmp-<pid> (exactly that pattern, real
// directories) whose process no longer runs (kill(pid, 0) fails with ESRCH), with a
// warning naming each. Never one of a live process. Returns the paths removed.
std::vector<std::filesystem::path> remove_stale_staging(const std::filesystem::path& target);

// The temporary a single output file is written to before it is renamed (or linked)
// onto target: "NAME.tmp-<pid>" next to it, ".NAME.tmp-<pid>" when hidden (a page, so
// that a file browser does not offer the half-written one).
std::filesystem::path temp_file_for(const std::filesystem::path& target, bool hidden = false);

// Removes the temporaries temp_file_for(target, hidden) (regular files, and the SQLite
// sidecars NAME.tmp-<pid>-wal, -shm, -journal) whose process no longer runs, with a
// warning naming each, as remove_stale_staging does for directories. Returns the paths
// removed.
std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& target, bool hidden = false);

// A result file written as it grows (a run's CSVs, streamed tick by tick): appended
// bytes go straight to the file; finish() fsyncs and closes it. Its size and SHA-256
// are kept for the manifest. Write failures throw WriteError naming the file and the
// OS reason; the file is created with O_EXCL (OutputError when it cannot be).
class StagedFile {
 public:
  StagedFile(std::string name, const std::filesystem::path& path);
  ~StagedFile();
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;

  void append(std::string_view bytes);
  void finish();

  const std::string& name() const { return name_; }
  std::uint64_t bytes() const { return bytes_; }
  std::string sha256() const;  // after finish()

 private:
  std::string name_;
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t bytes_ = 0;
  std::unique_ptr<Sha256> sha_;  // SHA-256 of the bytes so far
  std::string digest_;
};

}  // namespace bpsim
