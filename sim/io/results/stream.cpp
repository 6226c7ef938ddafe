#include "sim/io/results/stream.hpp"

#include "sim/io/fingerprint.hpp"

#include <nlohmann/json.hpp>

namespace bpsim {

FileEntry file_entry(const ResultFile& f) { return {f.name, f.bytes.size(), sha256_hex(f.bytes)}; }

void StagedFiles::append(const std::string& name, std::string_view bytes) {
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

// The manifest's own list has the same shape: {name, bytes, sha256} per file.
ResultFile manifest_listing(const Manifest& m, const std::vector<FileEntry>& files) {
  ResultFile f = manifest_file(m, {});
  auto j = nlohmann::ordered_json::parse(f.bytes);
  auto list = nlohmann::ordered_json::array();
  for (const FileEntry& e : files) list.push_back({{"name", e.name}, {"bytes", e.bytes}, {"sha256", e.sha256}});
  j["files"] = list;
  f.bytes = j.dump(2) + "\n";
  return f;
}

}  // namespace bpsim
