// CsvRecorder: turns the TickViews of one run into the result CSVs
// (states, dyads, world, events and optionally attribution).
// Rows are built in memory so a finished run survives a location that fails at the
// end; numbers use the shortest round-trip form, so the same seed gives the same bytes.
// Nothing nondeterministic (times, paths, hosts) ever goes into these files.
#pragma once

#include "sim/core/run.hpp"
#include "sim/io/result_dir.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace bpsim {

// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
std::string csv_field(std::string_view s);

// A number in a result file: the shortest round-trip form, or "" (an empty field) when
// it is NaN or infinite. No result file ever holds "nan" or "inf"; what an empty field
// means is documented per column in docs/ODD.md.
std::string csv_number(double x);
// Appends "," then csv_number(x) to out (the hot path of the per-tick writers).
void append_csv_number(std::string& out, double x);

// "KEYS,col1,col2,...\n" with each column name quoted as needed.
std::string csv_header(const std::string& keys, const std::vector<std::string>& cols);

// Header lines (with trailing newline); the dims/axes columns use the scenario's names.
std::string states_header(const Scenario& sc);
std::string dyads_header();
std::string world_header();
std::string events_header();
std::string attribution_header();

class CsvRecorder {
 public:
  CsvRecorder(const Scenario& sc, bool attribution);

  // Appends the rows of one tick. Tick 0 (v.last == nullptr) has no events,
  // zero counts and no attribution rows.
  void observe(const TickView& v);

  // The finished files, in a fixed order: states, dyads, world, events[, attribution].
  std::vector<ResultFile> files() const;

 private:
  void add_states(const TickView& v);
  void add_dyads(const TickView& v);
  void add_world(const TickView& v);
  void add_events(const TickView& v);
  void add_attribution(const TickView& v);

  bool attribution_;
  std::string states_, dyads_, world_, events_, attr_;
  std::vector<double> row_;  // scratch for one row
};

}  // namespace bpsim
