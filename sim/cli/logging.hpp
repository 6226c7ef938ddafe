// The process's logger: "bpsim: LEVEL: message" on stderr, every message through
// io::printable (log lines quote the input: file names, scenario and dimension names,
// which may hold ESC, BEL or U+202E), one line at a time.
#pragma once

#include <string>

namespace bpsim::cli {

// Installs the logger as spdlog's default at `level` (trace ... off), and the core's
// notices (set_derived_notice) as warnings through it.
void setup_logging(const std::string& level);

}  // namespace bpsim::cli
