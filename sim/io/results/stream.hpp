// Streaming a run's result files into its ResultDir: the recorder's chunks go
// straight into files in the staging directory (memory flat in ticks), and the
// manifest lists them by the size and SHA-256 taken on the way.
#pragma once

#include "sim/io/results/manifest.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/csv.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim {

// A result file as manifest.json lists it.
struct FileEntry {
  std::string name;
  std::uint64_t bytes = 0;
  std::string sha256;
};

FileEntry file_entry(const ResultFile& f);

// A ChunkSink writing each file into dir's staging directory as it grows.
// Throws WriteError (a failed write: a full disk, an I/O error) or OutputError.
class StagedFiles : public ChunkSink {
 public:
  explicit StagedFiles(const ResultDir& dir) : dir_(dir) {}
  void append(const std::string& name, std::string_view bytes) override;
  // Fsyncs and closes every file; their entries, in the order the files began.
  std::vector<FileEntry> finish();

 private:
  const ResultDir& dir_;
  std::vector<std::unique_ptr<StagedFile>> files_;
};

// manifest.json of m listing files (in that order) instead of in-memory ones.
ResultFile manifest_listing(const Manifest& m, const std::vector<FileEntry>& files);

}  // namespace bpsim
