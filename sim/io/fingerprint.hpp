// SHA-256 fingerprints: of files (manifests) and of Worlds (golden determinism).
#pragma once

#include "sim/model/world.hpp"

#include <string>
#include <string_view>

namespace bpsim {

std::string sha256_hex(std::string_view bytes);
// Throws std::runtime_error naming the file when it cannot be read.
std::string file_sha256(const std::string& path);
// Hash of the World's tick, key and arrays as raw bytes (doubles bit for bit).
std::string world_hash(const World& w);

}  // namespace bpsim
