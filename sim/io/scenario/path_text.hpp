// Paths and name lists as the diagnostics show them ("states[2].traits", "a, b, c").
// Free of yaml-cpp: shared by the loader, the --set machinery and the fast patcher
// (which the engine in the browser uses too).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim::io {

std::string join_path(const std::string& path, std::string_view key);  // "a.b"
std::string index_path(const std::string& path, std::size_t i);        // "a[3]"
// "a, b, c", cut after `max` items (", ... (12 more)").
std::string join_names(const std::vector<std::string>& names, std::size_t max = 20);
// True for a path segment that is a list index: one or more decimal digits.
bool is_index(std::string_view segment);
// The value of an is_index segment; SIZE_MAX when it does not fit (never throws).
std::size_t index_value(std::string_view segment);
// The longest --set path accepted. A real path is a few dozen characters
// (states.SOME_ID.traits.growth.military); the limits keep a mistyped or hostile
// path from costing memory or time before it is refused.
inline constexpr std::size_t kMaxOverridePath = 1024;    // characters
inline constexpr std::size_t kMaxOverrideSegments = 32;  // dot-separated parts
// "" when the path is within both limits, else what is wrong (a bounded sentence).
std::string override_path_problem(std::string_view path);

// "a.b.0" -> {"a", "b", "0"}. Linear in the path's length.
std::vector<std::string> split_path(std::string_view path);

// Text from the input made safe to print on a terminal: C0 controls (NUL, BEL, ESC,
// newline, ...) and DEL become \xNN, C1 controls (U+0080-009F) and the invisible
// bidirectional controls (U+061C, U+200E-200F, U+202A-202E, U+2066-2069, which can
// reorder what a reader sees) become \u{XXXX}, and bytes that are not UTF-8 become
// \xNN. Everything else, other scripts included, is kept as is.
std::string printable(std::string_view text);
// printable(text), cut to at most about `max` characters: the start, then
// "... (N bytes)" with the full length.
std::string printable_cut(std::string_view text, std::size_t max);

}  // namespace bpsim::io
