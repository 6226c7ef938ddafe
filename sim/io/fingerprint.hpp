// SHA-256 fingerprints: of files (manifests) and of Worlds (golden determinism).
#pragma once

#include "sim/io/input_file.hpp"
#include "sim/model/world.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace bpsim {

std::string sha256_hex(std::string_view bytes);

// SHA-256 fed piece by piece (files hashed while they are written or read). Throws
// std::runtime_error("SHA-256 failed") when OpenSSL does.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();  // the digest of everything so far, as lowercase hex; call once

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

// Hash of a file's bytes, read as read_input_file reads (a regular file only, never
// blocking on a FIFO, at most `limit` bytes); throws InputFileError naming it
// ("cannot read WHAT PATH: REASON") when it cannot be read.
std::string file_sha256(const std::string& path, std::string_view what = "file", std::size_t limit = kMaxSnapshotBytes);
// Hash of the World's tick, key and arrays as raw bytes (doubles bit for bit).
std::string world_hash(const World& w);

}  // namespace bpsim
