#include "sim/io/results/html_page.hpp"

#include "sim/io/results/dir.hpp"
#include "sim/io/web_assets.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace bpsim {

namespace {

std::string_view asset(std::string_view name) {
  const auto a = web_asset(name);
  if (!a)
    throw std::runtime_error(
        "this bpsim was built without its web pages (Emscripten, Node.js or npm were missing, or "
        "-DBPSIM_WEB=OFF); install them (make deps) and rebuild");
  return *a;
}

std::string escape_html(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Text inside <script>: "</script" (any case) and "<!--" must not appear. In JSON and
// in JavaScript strings "<\/" reads as "</".
std::string script_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && (s[i + 1] == '/' || s[i + 1] == '!')) {
      out += s[i + 1] == '/' ? "<\\/" : "\\u003c!";
      ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

std::string html_page(Page page, const std::string& title, const nlohmann::json& data) {
  const char* name = page == Page::report ? "report" : "classroom";
  const std::string_view css = asset(fmt::format("{}.css", name));
  const std::string_view js = asset(fmt::format("{}.js", name));
  std::string engine;
  if (page == Page::classroom) engine = "<script>" + script_text(asset("engine.js")) + "</script>\n";
  // JSON text has '<' only inside strings, where \u003c reads the same.
  std::string json = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string safe;
  safe.reserve(json.size());
  for (const char c : json) {
    if (c == '<') safe += "\\u003c";
    else safe += c;
  }
  return fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"bpsim {}\">\n"
      "<title>{}</title><style>{}</style></head>\n<body>\n"
      "<script type=\"application/json\" id=\"bpsim-data\">{}</script>\n{}<script>{}</script>\n</body></html>\n",
      BPSIM_VERSION, escape_html(title), script_text(css), safe, engine, script_text(js));
}

void write_text_file(const std::string& path, const std::string& text, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (fs::is_directory(target, ec)) throw OutputError(fmt::format("{}: is a directory; give a file name", path));
  if (fs::exists(target, ec) && !force) throw OutputError(fmt::format("{}: exists; use --force to replace it", path));
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) throw OutputError(fmt::format("{}: cannot create {}: {}", path, parent.string(), ec.message()));
  remove_stale_temp_files(target, true);
  const fs::path tmp = temp_file_for(target, true);
  fs::remove(tmp, ec);
  write_file_synced(tmp, text);
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw OutputError(fmt::format("{}: cannot write: {}", path, ec.message()));
  }
}

}  // namespace bpsim
