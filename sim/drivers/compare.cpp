#include "sim/drivers/compare.hpp"

#include "sim/core/run_from.hpp"
#include "sim/drivers/parallel.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/snapshot.hpp"
#include "sim/io/results/table.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace bpsim {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// One replicate of one scenario: the outcome values and the per-tick metric series.
struct Replicate {
  std::vector<double> values;               // [outcome]
  std::vector<std::vector<double>> series;  // [outcome][tick]
};

Replicate finish(const OutcomeRecorder& rec) { return {rec.values(), rec.series()}; }

double variance(const std::vector<double>& v) {
  const stats::Summary s = stats::summarize(v);
  return s.n > 1 ? s.sd * s.sd : nan;
}

std::string fmt_num(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return fmt::format("{:.4g}", x);
}

}  // namespace

namespace {

bool names_scenario(const std::string& alt, const std::string& file, const std::string& name) {
  const std::filesystem::path p(file);
  return alt == file || alt == p.filename().string() || alt == p.stem().string() || alt == name;
}

}  // namespace

std::vector<std::vector<std::string>> overrides_per_scenario(const std::vector<std::string>& sets,
                                                             const std::vector<std::string>& set_for,
                                                             const std::vector<std::string>& files,
                                                             const std::vector<std::string>& names) {
  std::vector<std::vector<std::string>> out(files.size(), sets);
  for (const std::string& entry : set_for) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0 || entry.find('=', colon) == std::string::npos)
      throw std::invalid_argument(fmt::format("--set-for '{}': expected ALT:PATH=VALUE", entry));
    const std::string alt = entry.substr(0, colon);
    bool found = false;
    for (std::size_t s = 0; s < files.size(); ++s) {
      if (!names_scenario(alt, files[s], names[s])) continue;
      out[s].push_back(entry.substr(colon + 1));
      found = true;
    }
    if (found) continue;
    std::string known;
    for (std::size_t s = 0; s < files.size(); ++s)
      known += fmt::format("{}{} ({})", s == 0 ? "" : ", ", std::filesystem::path(files[s]).stem().string(), names[s]);
    throw std::invalid_argument(
        fmt::format("--set-for '{}': '{}' names no scenario of this comparison; the scenarios: {}", entry, alt, known));
  }
  return out;
}

int first_tick_apart(const std::vector<double>& lo_a, const std::vector<double>& hi_a, const std::vector<double>& lo_b,
                     const std::vector<double>& hi_b) {
  const std::size_t n = std::min({lo_a.size(), hi_a.size(), lo_b.size(), hi_b.size()});
  int from = -1;
  for (std::size_t t = n; t-- > 0;) {
    const bool apart = hi_a[t] < lo_b[t] || hi_b[t] < lo_a[t];
    if (!apart) break;
    from = static_cast<int>(t);
  }
  return from;
}

CompareResult run_compare(const std::vector<Scenario>& scenarios, const CompareOptions& opt) {
  if (scenarios.size() < 2) throw std::invalid_argument("compare needs a base scenario and at least one alternative");
  const Scenario& base = scenarios[0];
  CompareResult r;
  r.runs = opt.runs;
  r.seed = opt.seed;
  r.ticks = opt.ticks >= 0 ? opt.ticks : base.ticks;
  r.branch_at = opt.branch_at;
  for (const Scenario& sc : scenarios) r.scenarios.push_back(sc.name);
  if (opt.branch_at > r.ticks) {
    throw std::invalid_argument(fmt::format("--branch-at {} is past the last tick ({})", opt.branch_at, r.ticks));
  }

  const std::vector<std::string> texts = opt.outcomes.empty() ? default_outcomes(base) : opt.outcomes;
  std::vector<OutcomeSpec> specs;
  for (const std::string& t : texts) specs.push_back(parse_outcome(t));
  for (const Scenario& sc : scenarios) {
    for (const OutcomeSpec& s : specs) bind_outcome(s, sc);  // throws naming the outcome
  }
  if (opt.branch_at >= 0) {
    const Snapshot probe = make_snapshot(base, make_world(base, opt.seed, 0), "");
    for (std::size_t s = 1; s < scenarios.size(); ++s) {
      try {
        check_snapshot_fits(probe, scenarios[s]);
      } catch (const std::exception& e) {
        throw std::invalid_argument(fmt::format("--branch-at: scenario '{}' cannot continue from '{}': {}",
                                                scenarios[s].name, base.name, e.what()));
      }
    }
  }

  const std::size_t ns = scenarios.size();
  const auto runs = static_cast<std::size_t>(opt.runs);
  std::vector<std::vector<Replicate>> reps(ns, std::vector<Replicate>(runs));  // [scenario][rep]
  std::mutex progress_mutex;
  int done = 0;
  parallel_for(opt.runs, opt.threads, [&](std::int64_t rep, int) {
    const auto k = static_cast<std::size_t>(rep);
    RunOptions ro;
    ro.seed = opt.seed;
    ro.run = static_cast<std::uint64_t>(rep);
    ro.ticks = r.ticks;
    ro.log_events = false;
    if (opt.branch_at < 0) {
      for (std::size_t s = 0; s < ns; ++s) {
        OutcomeRecorder rec(scenarios[s], specs);
        run_scenario(scenarios[s], ro, [&](const TickView& v) { rec.observe(v); });
        reps[s][k] = finish(rec);
      }
    } else {
      // The base once; its history up to T is every alternative's history too.
      std::vector<OutcomeRecorder> recs;
      for (std::size_t s = 0; s < ns; ++s) recs.emplace_back(scenarios[s], specs);
      std::optional<World> at_branch;
      run_scenario(base, ro, [&](const TickView& v) {
        recs[0].observe(v);
        if (v.w.tick <= opt.branch_at) {
          for (std::size_t s = 1; s < ns; ++s) {
            recs[s].observe(TickView{scenarios[s], v.w, v.d, v.last, nullptr});
          }
        }
        if (v.w.tick == opt.branch_at) at_branch = v.w;
      });
      reps[0][k] = finish(recs[0]);
      for (std::size_t s = 1; s < ns; ++s) {
        run_from(scenarios[s], *at_branch, ro, [&](const TickView& v) { recs[s].observe(v); });
        reps[s][k] = finish(recs[s]);
      }
    }
    if (opt.progress) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      opt.progress(++done, opt.runs);
    }
  });

  for (std::size_t o = 0; o < specs.size(); ++o) {
    OutcomeComparison c;
    c.outcome = specs[o].text;
    c.values.assign(ns, std::vector<double>(runs));
    for (std::size_t s = 0; s < ns; ++s) {
      for (std::size_t k = 0; k < runs; ++k) c.values[s][k] = reps[s][k].values[o];
    }
    // 90% bands of the metric per tick, per scenario.
    const auto ticks = static_cast<std::size_t>(r.ticks) + 1;
    std::vector<std::vector<double>> lo(ns, std::vector<double>(ticks)), hi = lo;
    std::vector<double> column(runs), base_column(runs), diff(runs);
    const auto at = [&](std::size_t s, std::size_t k, std::size_t t) {
      const auto& series = reps[s][k].series[o];
      return t < series.size() ? series[t] : nan;
    };
    c.band.assign(ns, std::vector<stats::Summary>(ticks));
    c.diff_band.assign(ns, std::vector<stats::Interval>(ticks, stats::Interval{0, 0, 0}));
    for (std::size_t s = 0; s < ns; ++s) {
      for (std::size_t t = 0; t < ticks; ++t) {
        diff.clear();
        for (std::size_t k = 0; k < runs; ++k) {
          column[k] = at(s, k, t);
          const double b = at(0, k, t);
          if (!std::isnan(column[k]) && !std::isnan(b)) diff.push_back(column[k] - b);
        }
        const stats::Summary sm = stats::summarize(column);
        c.band[s][t] = sm;
        lo[s][t] = sm.p5;
        hi[s][t] = sm.p95;
        if (s > 0) c.diff_band[s][t] = stats::mean_ci95(diff);
      }
    }
    for (std::size_t s = 0; s < ns; ++s) {
      c.mean.push_back(stats::mean_ci95(c.values[s]));
      c.defined.push_back(stats::summarize(c.values[s]).n);
      std::vector<double> d;
      double higher = 0;
      int pairs = 0;
      for (std::size_t k = 0; k < runs; ++k) {
        const double a = c.values[s][k], b = c.values[0][k];
        if (std::isnan(a) || std::isnan(b)) continue;
        d.push_back(a - b);
        higher += a > b ? 1.0 : (a == b ? 0.5 : 0.0);
        ++pairs;
      }
      if (s == 0) {
        c.diff.push_back({0, 0, 0});
        c.share_higher.push_back(nan);
        c.var_paired.push_back(nan);
        c.var_unpaired.push_back(nan);
        c.bands_apart_from.push_back(-1);
        continue;
      }
      c.diff.push_back(stats::mean_ci95(d));
      c.share_higher.push_back(pairs > 0 ? higher / pairs : nan);
      c.var_paired.push_back(variance(d));
      c.var_unpaired.push_back(variance(c.values[s]) + variance(c.values[0]));
      c.bands_apart_from.push_back(first_tick_apart(lo[0], hi[0], lo[s], hi[s]));
    }
    r.outcomes.push_back(std::move(c));
  }
  return r;
}

std::string compare_csv(const CompareResult& r) {
  CsvTable t("compare.csv", {"outcome", "scenario", "runs_defined", "mean", "ci_lo", "ci_hi", "diff", "diff_ci_lo",
                             "diff_ci_hi", "share_higher", "var_paired", "var_unpaired", "bands_apart_from"});
  for (const OutcomeComparison& c : r.outcomes) {
    for (std::size_t s = 0; s < r.scenarios.size(); ++s) {
      t.text(c.outcome).text(r.scenarios[s]).integer(c.defined[s]);
      t.numbers({c.mean[s].mean, c.mean[s].lo, c.mean[s].hi, c.diff[s].mean, c.diff[s].lo, c.diff[s].hi,
                 c.share_higher[s], c.var_paired[s], c.var_unpaired[s]});
      t.integer(c.bands_apart_from[s]).end_row();
    }
  }
  return t.take();
}

std::string compare_series_csv(const CompareResult& r) {
  CsvTable t("compare_series.csv",
             {"outcome", "scenario", "tick", "mean", "p5", "p25", "p50", "p75", "p95", "diff", "diff_lo", "diff_hi"});
  for (const OutcomeComparison& c : r.outcomes) {
    for (std::size_t s = 0; s < c.band.size(); ++s) {
      for (std::size_t tick = 0; tick < c.band[s].size(); ++tick) {
        const stats::Summary& b = c.band[s][tick];
        const stats::Interval& d = c.diff_band[s][tick];
        t.text(c.outcome).text(r.scenarios[s]).integer(tick);
        t.numbers({b.mean, b.p5, b.p25, b.p50, b.p75, b.p95, d.mean, d.lo, d.hi}).end_row();
      }
    }
  }
  return t.take();
}

std::string compare_scenarios_csv(const std::vector<std::string>& names, const std::vector<std::string>& files) {
  CsvTable t("scenarios.csv", {"index", "scenario", "file", "sha256"});
  for (std::size_t s = 0; s < names.size(); ++s)
    t.integer(s).text(names[s]).text(files[s]).text(scenario_sha256(files[s])).end_row();
  return t.take();
}

std::string compare_table(const CompareResult& r) {
  std::string out =
      fmt::format("{} replicates per scenario, seed {}, {} ticks{}; base: {}\n", r.runs, r.seed, r.ticks,
                  r.branch_at >= 0 ? fmt::format(", alternatives branch at tick {}", r.branch_at) : "", r.scenarios[0]);
  auto it = std::back_inserter(out);
  for (const OutcomeComparison& c : r.outcomes) {
    fmt::format_to(it, "\n{}\n", c.outcome);
    fmt::format_to(it, "  {:<24} {:>24}  {:>26}  {:>7}  {:>9}  {}\n", "scenario", "mean [95% CI]",
                   "paired diff [95% CI]", "higher", "var gain", "bands apart");
    for (std::size_t s = 0; s < r.scenarios.size(); ++s) {
      std::string mean =
          fmt::format("{} [{}, {}]", fmt_num(c.mean[s].mean), fmt_num(c.mean[s].lo), fmt_num(c.mean[s].hi));
      if (c.defined[s] == 0) mean = "never (no value)";
      else if (c.defined[s] < r.runs) mean += fmt::format(" ({}/{} runs)", c.defined[s], r.runs);
      if (s == 0) {
        fmt::format_to(it, "  {:<24} {:>24}  {:>26}\n", r.scenarios[s], mean, "(base)");
        continue;
      }
      const std::string diff =
          fmt::format("{:+.4g} [{}, {}]", c.diff[s].mean, fmt_num(c.diff[s].lo), fmt_num(c.diff[s].hi));
      const double gain = c.var_unpaired[s] / c.var_paired[s];
      const std::string apart = c.bands_apart_from[s] < 0 ? "never" : fmt::format("tick {}", c.bands_apart_from[s]);
      const std::string higher =
          std::isnan(c.share_higher[s]) ? "n/a" : fmt::format("{:.0f}%", 100 * c.share_higher[s]);
      const std::string gain_text = std::isfinite(gain) ? fmt::format("{:.1f}x", gain) : "n/a";
      fmt::format_to(it, "  {:<24} {:>24}  {:>26}  {:>7}  {:>9}  {}\n", r.scenarios[s], mean,
                     std::isnan(c.diff[s].mean) ? std::string("n/a") : diff, higher, gain_text, apart);
    }
  }
  out +=
      "\nhigher: share of paired replicates in which the alternative is higher; var gain: variance of the\n"
      "difference between independent runs over that of paired runs (common random numbers);\n"
      "bands apart: first tick from which the 90% bands of the two ensembles never overlap again.\n";
  return out;
}

}  // namespace bpsim
