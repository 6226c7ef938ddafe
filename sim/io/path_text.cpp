#include "sim/io/path_text.hpp"

#include <fmt/format.h>

namespace bpsim::io {

std::string join_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index_path(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

std::string join_names(const std::vector<std::string>& names, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < max; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  if (names.size() > max) out += fmt::format(", ... ({} more)", names.size() - max);
  return out;
}

bool is_index(std::string_view segment) {
  return !segment.empty() && segment.find_first_not_of("0123456789") == std::string_view::npos;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out(1);
  for (const char c : path) {
    if (c == '.')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

}  // namespace bpsim::io
