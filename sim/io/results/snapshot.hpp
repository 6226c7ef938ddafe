// Snapshots: a World at some tick, saved so that a run continues from it exactly
// (`bpsim run --save-at T`, `--resume FILE`, `compare --branch-at T`).
//
// File format (version 3), all integers little-endian, doubles as their IEEE-754 bits
// (so every double, -0.0 and subnormals included, round-trips bit for bit):
//   "BPSIMSNP"                      8-byte magic
//   u32 version                     3 (2: no order book; 1: also one dependence matrix,
//                                   arms_dep, and no names)
//   str scenario_name, str scenario_sha256
//   strs state_ids, strs capability_dims, strs alignment_axes
//   i64 tick, u64 seed, u64 run
//   mat capability, mat alignment, mat relations
//   strs dependence channels (kDependenceNames), then one mat per channel, in that order
//     (0 x 0 for a channel the run does not use)
//   mat orders                      model v2's arms order book (0 x 0 when none)
//   64 hex chars: SHA-256 of every byte before it
// where str = u64 length + bytes, strs = u64 count + that many str, and
// mat = i64 rows + i64 cols + rows*cols f64 in column-major (Eigen's) order.
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/world.hpp"

#include <optional>
#include <string>
#include <vector>

namespace bpsim {

struct Snapshot {
  World world;
  std::string scenario_name;
  std::string scenario_sha256;  // of the scenario's canonical content or file (the caller's)
  std::vector<std::string> state_ids, capability_dims, alignment_axes;
};

// The version save_snapshot writes and load_snapshot reads.
inline constexpr std::uint32_t kSnapshotVersion = 3;

// Fills the names from sc (state ids, capability dim names, alignment axes) and the world.
Snapshot make_snapshot(const Scenario& sc, const World& w, std::string scenario_sha256);

// Atomic: writes `path.tmp` then renames it to `path`. Throws std::runtime_error naming
// the path on failure (and leaves no `path.tmp` behind).
void save_snapshot(const std::string& path, const Snapshot& s);
// The bytes save_snapshot writes, for callers that write the file themselves (a result
// directory). Throws std::runtime_error when the world does not fit its names.
std::string encode_snapshot(const Snapshot& s);

// A checksum proves integrity, not trust: the file is input like a scenario. Throws
// std::runtime_error naming the file and what is wrong: unreadable (read_input_file:
// only a regular file of at most kMaxSnapshotBytes; an InputFileError), not a snapshot
// (wrong magic), an unsupported version, truncated, corrupt (checksum), inconsistent
// (array sizes that do not match the names), or holding values a scenario may not
// (each named by field and state, with the allowed range: capability and alignment as
// kCapabilityRange and kAlignmentRange, relations in [-1, 1], symmetric with a zero
// diagonal, arms dependence shares in [0, 1] summing to at most 1 per buyer, none from
// itself; arms orders >= 0; NaN and inf nowhere).
Snapshot load_snapshot(const std::string& path);

// Checks that a snapshot fits a scenario (same state ids in the same order, same
// capability dimensions and alignment axes, world arrays of matching sizes) and, when
// last_tick is given, that its tick is at most the run's last tick; throws
// std::runtime_error listing every difference.
void check_snapshot_fits(const Snapshot& s, const Scenario& sc, std::optional<int> last_tick = std::nullopt);

}  // namespace bpsim
