#include "sim/io/results/stream.hpp"

namespace bpsim {

void StagedFiles::append(const std::string& recorded, std::string_view bytes) {
  const std::string name = prefix_ + recorded;
  for (const auto& f : files_) {
    if (f->name() != name) continue;
    f->append(bytes);
    return;
  }
  files_.push_back(std::make_unique<StagedFile>(name, dir_.staging_path(name)));
  files_.back()->append(bytes);
}

std::vector<FileEntry> StagedFiles::finish() {
  std::vector<FileEntry> out;
  for (const auto& f : files_) {
    f->finish();
    out.push_back({f->name(), f->bytes(), f->sha256()});
  }
  return out;
}

}  // namespace bpsim
