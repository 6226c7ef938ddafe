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
std::string index_path(const std::string& path, std::size_t i);         // "a[3]"
// "a, b, c", cut after `max` items (", ... (12 more)").
std::string join_names(const std::vector<std::string>& names, std::size_t max = 20);
// True for a path segment that is a list index: one or more decimal digits.
bool is_index(std::string_view segment);
// "a.b.0" -> {"a", "b", "0"}.
std::vector<std::string> split_path(const std::string& path);

}  // namespace bpsim::io
