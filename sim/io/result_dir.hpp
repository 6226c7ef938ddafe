// ResultDir: an output directory that appears complete or not at all.
// Files are written into a sibling staging directory (DIR.tmp-<pid>), flushed to
// disk, and only then renamed onto DIR; an old DIR (with force) is replaced only
// once the new results are complete. A killed run leaves at most a staging dir.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim {

// The output location cannot be used; what() names the path and the OS reason.
class OutputError : public std::runtime_error {
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
  ResultDir(std::filesystem::path target, bool force);
  ~ResultDir();  // removes the staging directory unless committed or kept
  ResultDir(const ResultDir&) = delete;
  ResultDir& operator=(const ResultDir&) = delete;

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }

  // Writes and fsyncs one file into the staging directory. Throws OutputError.
  void write(const ResultFile& file);
  // Moves the staging directory onto target (replacing an old one when forced).
  // Throws OutputError; the staging directory is then left intact.
  void commit();
  // Leaves the staging directory on disk after destruction (it holds the results).
  void keep() { keep_ = true; }

 private:
  void replace_existing();

  std::filesystem::path target_, staging_;
  bool force_ = false;
  bool committed_ = false;
  bool keep_ = false;
};

// "out/x/" -> "out/x": a directory path without trailing separators.
std::filesystem::path normalize_dir(const std::filesystem::path& p);

// Writes files into a fresh directory under the system temp dir, named after stem;
// the last resort when the requested location failed after the run. Returns its path.
std::filesystem::path write_fallback_dir(const std::string& stem,
                                         const std::vector<ResultFile>& files);

// Writes bytes to path and fsyncs it; O_EXCL, so it never overwrites. Throws OutputError.
void write_file_synced(const std::filesystem::path& path, std::string_view bytes);

}  // namespace bpsim
