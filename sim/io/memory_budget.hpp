// The memory budget: what one bpsim process may use for what the user asked for
// (worlds, result tables, sweep plans). Requests above it are refused up front, with the
// estimate and the budget in the message, instead of failing inside the allocator.
// Default: the machine's physical memory less 1 GiB (at least half of it); the global
// option --max-memory changes it for the process.
#pragma once

#include "sim/model/saturating.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace bpsim {

std::uint64_t memory_budget();                // bytes
void set_memory_budget(std::uint64_t bytes);  // 0 restores the default
std::uint64_t default_memory_budget();        // from the machine

// "" when estimate fits the budget; otherwise a message such as
// "WHAT needs about 3.2 GiB, more than the memory budget of 2.0 GiB; ask for less, or raise
// the budget with --max-memory (e.g. --max-memory 8G)".
std::string memory_problem(std::uint64_t estimate, std::string_view what);

// "1.5 GiB", "12 MiB", "800 bytes".
std::string bytes_text(std::uint64_t bytes);

// Parses "512M", "8G", "1.5G", "2048" (bytes), "16GiB"; case-insensitive K/M/G/T with an
// optional "B"/"iB". Returns false when the text is not such a size or is 0.
bool parse_memory_size(std::string_view text, std::uint64_t& bytes);

// mul_sat and add_sat (saturating arithmetic for estimates) are in sim/model/saturating.hpp.

}  // namespace bpsim
