// RunSummary: what changed between the first and the last tick of a run, collected
// from TickViews as the run goes (no trajectory kept), and its console table.
// Drivers other than `bpsim run` (ensembles, compare) reuse the collector.
#pragma once

#include "analysis/calendar.hpp"
#include "sim/core/run.hpp"
#include "sim/model/tables.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpsim {

struct DyadChange {
  int a = 0, b = 0;                               // state indices, as in the scenario's watch list
  double alignment_start = 0, alignment_end = 0;  // S[a,b]
  double ratio_start = 0, ratio_end = 0;          // p_a / p_b
};

struct RunSummary {
  int first_tick = 0, last_tick = 0;
  std::vector<DyadChange> dyads;  // the scenario's watch pairs, in order
  double concentration_start = 0, concentration_end = 0;
  double poles_start = 0, poles_end = 0;
  StepCounts totals{};  // summed over every step of the run
};

class SummaryCollector {
 public:
  void observe(const TickView& v);
  const RunSummary& summary() const { return s_; }

 private:
  RunSummary s_;
  bool started_ = false;
};

// Adds each count of b to a.
void add_counts(StepCounts& a, const StepCounts& b);

// Which dyads a summary lists: all, in order, when there are at most max; else the
// max whose alignment changed most (largest |S end - S start| first).
std::vector<std::size_t> dyads_to_show(const RunSummary& s, std::size_t max);

struct SummaryTableOptions {
  std::uint64_t seed = 0;
  std::string output_dir;      // shown last; empty: not shown
  std::size_t max_dyads = 12;  // beyond this, only the largest changes are listed
};

// A short plain-text table for the console (readable when projected).
std::string summary_table(const Scenario& sc, const RunSummary& s, const SummaryTableOptions& opt);

}  // namespace bpsim
