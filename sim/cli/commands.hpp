// Each command lives in its own file and registers itself on the top-level app.
// A command's callback stores its exit status in `status`:
// 0 success, 1 run-time failure, 2 bad input (scenario, options, paths).
#pragma once

#include <CLI/CLI.hpp>

namespace bpsim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_bad_input = 2;

void register_run(CLI::App& app, int& status);        // cmd_run.cpp
void register_check(CLI::App& app, int& status);      // cmd_check.cpp
void register_bench(CLI::App& app, int& status);      // cmd_bench.cpp
void register_generate(CLI::App& app, int& status);   // cmd_generate.cpp
void register_ensemble(CLI::App& app, int& status);   // cmd_ensemble.cpp
void register_compare(CLI::App& app, int& status);    // cmd_compare.cpp
void register_sweep(CLI::App& app, int& status);      // cmd_sweep.cpp
void register_analyze(CLI::App& app, int& status);    // cmd_analyze.cpp
void register_export(CLI::App& app, int& status);     // cmd_export.cpp
void register_merge(CLI::App& app, int& status);      // cmd_export.cpp
void register_report(CLI::App& app, int& status);     // cmd_report.cpp
void register_classroom(CLI::App& app, int& status);  // cmd_report.cpp
void register_schema(CLI::App& app, int& status);     // cmd_schema.cpp
void register_explain(CLI::App& app, int& status);    // cmd_explain.cpp

}  // namespace bpsim::cli
