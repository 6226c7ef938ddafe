// Schedule values written as calendar dates (dates.hpp), read inside the loader.
#pragma once

#include "sim/io/scenario/sections.hpp"

#include <optional>

namespace bpsim::io {

// std::nullopt when `at` is not written as a date (read it as a tick number then); else
// its tick, or -1 after reporting in b.ck why the date does not fit the scenario (no
// `start`, no calendar tick_label, off the tick grid, before tick 0, too far).
// Uses b.sc.start and b.sc.tick_label: read_header must have run.
std::optional<int> read_date_tick(Build& b, const At& at);

}  // namespace bpsim::io
