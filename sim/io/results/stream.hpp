// Streaming a run's result files into its ResultDir: the recorder's chunks go
// straight into files in the staging directory (memory flat in ticks), and the
// manifest lists them by the size and SHA-256 taken on the way (manifest_file of
// the FileEntry list finish() returns).
#pragma once

#include "sim/io/results/csv.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/results/manifest.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bpsim {

// A ChunkSink writing each file into dir's staging directory as it grows.
// Throws WriteError (a failed write: a full disk, an I/O error) or OutputError.
class StagedFiles : public ChunkSink {
 public:
  // Files are named prefix + the name the recorder gives ("runs/0007/" + "states.csv").
  explicit StagedFiles(const ResultDir& dir, std::string prefix = {}) : dir_(dir), prefix_(std::move(prefix)) {}
  void append(const std::string& name, std::string_view bytes) override;
  // Fsyncs and closes every file; their entries, in the order the files began.
  std::vector<FileEntry> finish();

 private:
  const ResultDir& dir_;
  std::string prefix_;
  std::vector<std::unique_ptr<StagedFile>> files_;
};

}  // namespace bpsim
