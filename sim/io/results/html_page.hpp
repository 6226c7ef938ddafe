// One self-contained HTML page (web/README.md "How a page is assembled"): the page's
// style and script bundle and, for the classroom, the engine compiled to WebAssembly,
// all inline with the page's data as JSON. Opens from disk with no network.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace bpsim {

enum class Page { report, classroom };

// Throws std::runtime_error when this binary was built without the web pages.
std::string html_page(Page page, const std::string& title, const nlohmann::json& data);

// Writes text to path atomically (a temporary beside it, fsynced, then renamed; missing
// parent directories are made), refusing an existing path unless force. Throws
// OutputError naming the path and the reason. Every single-file output uses it: the
// pages (report, classroom) and `generate`/`schema -o`.
void write_text_file(const std::string& path, const std::string& text, bool force);

}  // namespace bpsim
