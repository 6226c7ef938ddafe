#include "analysis/summary.hpp"

#include "analysis/metrics.hpp"
#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bpsim {

namespace {

using Row = std::vector<std::string>;

// Columns padded to their widest cell: the first left-aligned, numbers right-aligned.
std::string render(const std::vector<Row>& rows, int indent) {
  std::vector<std::size_t> width;
  for (const Row& r : rows) {
    width.resize(std::max(width.size(), r.size()));
    for (std::size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  }
  std::string out;
  for (const Row& r : rows) {
    std::string line(static_cast<std::size_t>(indent), ' ');
    for (std::size_t c = 0; c < r.size(); ++c) {
      line += c == 0 ? fmt::format("{:<{}}", r[c], width[c]) : fmt::format("  {:>{}}", r[c], width[c]);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

// Names come from the input: escaped so that ESC or U+202E cannot reach the terminal.
std::string shown(const std::string& name) { return io::printable(name); }

std::string signed2(double x) { return std::isfinite(x) ? fmt::format("{:+.2f}", x) : fmt::format("{}", x); }
std::string fixed2(double x) { return std::isfinite(x) ? fmt::format("{:.2f}", x) : fmt::format("{}", x); }

// Expected-value incidents are fractional; whole counts print without decimals.
std::string count(double x) { return x == std::floor(x) ? fmt::format("{:.0f}", x) : fmt::format("{:.1f}", x); }

std::string dyad_title(const Scenario& sc, const RunSummary& s, std::size_t shown) {
  const std::string span = span_label(sc, s.first_tick, s.last_tick);
  if (shown == s.dyads.size()) return fmt::format("Watched pairs, {}\n", span);
  return fmt::format("Watched pairs, {}: the {} of {} whose alignment changed most\n", span, shown, s.dyads.size());
}

std::string dyad_section(const Scenario& sc, const RunSummary& s, const SummaryTableOptions& opt) {
  if (s.dyads.empty()) return "Watched pairs: none (list pairs under `watch:` to follow them)\n";
  const std::vector<std::size_t> show = dyads_to_show(s, opt.max_dyads);
  std::string out = dyad_title(sc, s, show.size());
  out += "  S = alignment score (+1 same position, -1 opposite); ratio = power of a / power of b\n";
  std::vector<Row> rows = {{"pair", "S start", "S end", "change", "ratio start", "ratio end"}};
  for (const std::size_t k : show) {
    const DyadChange& d = s.dyads[k];
    rows.push_back(
        {shown(sc.state_ids[static_cast<std::size_t>(d.a)]) + "-" + shown(sc.state_ids[static_cast<std::size_t>(d.b)]),
         signed2(d.alignment_start), signed2(d.alignment_end), signed2(d.alignment_end - d.alignment_start),
         fixed2(d.ratio_start), fixed2(d.ratio_end)});
  }
  out += render(rows, 2);
  if (s.dyads.size() > show.size()) {
    out += fmt::format("  ... and {} more pairs in dyads.csv\n", s.dyads.size() - show.size());
  }
  return out;
}

std::string system_section(const RunSummary& s) {
  const std::vector<Row> rows = {
      {"System", "start", "end", "change"},
      {"  concentration", fixed2(s.concentration_start), fixed2(s.concentration_end),
       signed2(s.concentration_end - s.concentration_start)},
      {"  effective poles", fixed2(s.poles_start), fixed2(s.poles_end), signed2(s.poles_end - s.poles_start)}};
  return render(rows, 0);
}

std::string events_section(const RunSummary& s) {
  std::string line;
  for (std::size_t i = 0; i < kCountColumns; ++i)
    line += fmt::format("{}{} {}", i ? ", " : "", kCounts[i].label, count(s.totals[i]));
  return "Events in total\n  " + line + "\n";
}

}  // namespace

void add_counts(StepCounts& a, const StepCounts& b) {
  for (std::size_t i = 0; i < kCountColumns; ++i) a[i] += b[i];
}

void SummaryCollector::observe(const TickView& v) {
  if (!started_) {
    s_.first_tick = v.w.tick;
    s_.dyads.clear();
    for (const auto& [a, b] : v.sc.watch) s_.dyads.push_back({a, b});
  }
  s_.last_tick = v.w.tick;
  for (DyadChange& dc : s_.dyads) {
    const DyadMetrics m = dyad_metrics(v.w, v.d, dc.a, dc.b);
    dc.alignment_end = m.alignment;
    dc.ratio_end = m.power_ratio;
    if (!started_) {
      dc.alignment_start = m.alignment;
      dc.ratio_start = m.power_ratio;
    }
  }
  s_.concentration_end = concentration(v.d.power);
  s_.poles_end = effective_poles(v.d.power);
  if (!started_) {
    s_.concentration_start = s_.concentration_end;
    s_.poles_start = s_.poles_end;
  }
  if (v.last) add_counts(s_.totals, v.last->counts);
  started_ = true;
}

std::vector<std::size_t> dyads_to_show(const RunSummary& s, std::size_t max) {
  std::vector<std::size_t> idx(s.dyads.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  if (idx.size() <= max) return idx;
  const auto change = [&](std::size_t k) { return std::abs(s.dyads[k].alignment_end - s.dyads[k].alignment_start); };
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) { return change(x) > change(y); });
  idx.resize(max);
  return idx;
}

std::string summary_table(const Scenario& sc, const RunSummary& s, const SummaryTableOptions& opt) {
  const int steps = s.last_tick - s.first_tick;
  std::string out = fmt::format("Scenario  {}\n", shown(sc.name));
  out += fmt::format("Ran       {} ticks, {}, seed {}\n\n", steps, span_label(sc, s.first_tick, s.last_tick), opt.seed);
  out += dyad_section(sc, s, opt) + "\n";
  out += system_section(s) + "\n";
  out += events_section(s);
  if (!opt.output_dir.empty()) out += fmt::format("\nResults   {}\n", shown(opt.output_dir));
  return out;
}

}  // namespace bpsim
