// The built browser pages (web/: report.js, report.css, classroom.js, classroom.css,
// and engine.js, the engine compiled to WebAssembly), embedded in the bpsim binary at
// build time (cmake/embed_assets.cmake), so reports and classroom pages are written
// with no network and no files beside the binary.
#pragma once

#include <optional>
#include <string_view>

namespace bpsim {

// The asset's bytes, or nullopt when this binary was built without the web pages
// (BPSIM_WEB=OFF, or Emscripten / Node.js missing at build time).
std::optional<std::string_view> web_asset(std::string_view name);

}  // namespace bpsim
