#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>

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

std::size_t index_value(std::string_view segment) {
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), v);
  if (ec != std::errc() || end != segment.data() + segment.size()) return SIZE_MAX;
  return v;
}

std::string override_path_problem(std::string_view path) {
  if (path.size() > kMaxOverridePath)
    return fmt::format("the path is {} characters long; at most {} are allowed", path.size(), kMaxOverridePath);
  const auto segments = static_cast<std::size_t>(std::count(path.begin(), path.end(), '.')) + 1;
  if (segments > kMaxOverrideSegments)
    return fmt::format("the path has {} segments; at most {} are allowed", segments, kMaxOverrideSegments);
  return "";
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t dot = path.find('.', from);
    out.emplace_back(path.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
    if (dot == std::string_view::npos) return out;
    from = dot + 1;
  }
}

namespace {

// Length of the UTF-8 sequence at s[i] and its code point; 0 when it is not valid UTF-8
// (a stray continuation byte, a truncated or overlong sequence, a surrogate, > U+10FFFF).
std::size_t utf8_at(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  std::size_t len = 0;
  char32_t min = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool invisible_control(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_at(text, i, cp);
    if (len == 0 || cp < 0x20 || cp == 0x7F) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (invisible_control(cp)) out += fmt::format("\\u{{{:04X}}}", static_cast<std::uint32_t>(cp));
    else out.append(text, i, len);
    i += len;
  }
  return out;
}

std::string printable_cut(std::string_view text, std::size_t max) {
  if (text.size() <= max) return printable(text);
  std::size_t keep = max;
  // Do not cut a UTF-8 sequence in two (continuation bytes are 10xxxxxx).
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  return fmt::format("{}... ({} bytes)", printable(text.substr(0, keep)), text.size());
}

}  // namespace bpsim::io
