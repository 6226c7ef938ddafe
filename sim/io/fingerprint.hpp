// SHA-256 fingerprints: of files (manifests) and of Worlds (golden determinism).
#pragma once

#include "sim/io/input_file.hpp"
#include "sim/model/world.hpp"

#include <cstddef>

#include <string>
#include <string_view>

namespace bpsim {

std::string sha256_hex(std::string_view bytes);
// Hash of a file's bytes, read as read_input_file reads (a regular file only, never
// blocking on a FIFO, at most `limit` bytes); throws InputFileError naming it
// ("cannot read WHAT PATH: REASON") when it cannot be read.
std::string file_sha256(const std::string& path, std::string_view what = "file",
                        std::size_t limit = kMaxSnapshotBytes);
// Hash of the World's tick, key and arrays as raw bytes (doubles bit for bit).
std::string world_hash(const World& w);

}  // namespace bpsim
