// `bpsim report`: the data of a report page (web/README.md "The data of a report")
// from a run, ensemble or compare directory or a sweep database. The CSVs go in
// verbatim (the page parses them by their headers); a sweep is analysed here (Sobol',
// Morris, levels, PRIM: the same tables as `bpsim analyze --csv`) and its runs listed.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace bpsim {

enum class ReportKind { run, ensemble, compare, sweep };

struct ReportOptions {
  std::string prim;              // sweep: "OUTCOME>X"; "" = the first outcome above its median
  std::size_t max_runs = 50000;  // sweep: runs listed for the scatter plots (every k-th beyond)
};

// What IN is; throws std::invalid_argument saying what was expected.
ReportKind report_kind(const std::string& in);

// Throws std::invalid_argument for input that is not a result of bpsim (naming what
// is missing), std::runtime_error for read failures.
nlohmann::json report_data(const std::string& in, const ReportOptions& opt);

// report_data of IN as one HTML page at `out` (atomically; an existing file only when
// force). Returns the page's size in bytes; *kind (if given) is the data's kind.
std::size_t write_report(const std::string& in, const std::string& out, const ReportOptions& opt, bool force,
                         std::string* kind = nullptr);

// Calendar labels of ticks 0..last from a result directory's manifest.json (its
// calendar; "tick T" when it has none).
nlohmann::json tick_labels_from_manifest(const nlohmann::json& manifest, int last);

}  // namespace bpsim
