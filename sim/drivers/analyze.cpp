// Analysis of a sweep database: see analyze.hpp.
#include "sim/drivers/analyze.hpp"

#include "sim/drivers/sweep.hpp"
#include "sim/io/results/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace bpsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string list_outcomes(const std::vector<std::string>& outcomes) {
  std::string s;
  for (const auto& o : outcomes) s += (s.empty() ? "" : ", ") + o;
  return s.empty() ? "(none)" : s;
}

// Shortest round-trip text; "" for NaN and inf.
std::string num(double v) { return csv_number(v); }

// Console numbers.
std::string fixed3(double v) { return std::isnan(v) ? std::string("n/a") : fmt::format("{:.3f}", v); }
std::string g4(double v) { return std::isnan(v) ? std::string("n/a") : fmt::format("{:.4g}", v); }

std::string pct(double share) { return std::isnan(share) ? std::string("n/a") : fmt::format("{:.0f}%", 100 * share); }

// Order of parameters by a key, largest first, NaN last; ties in parameter order.
std::vector<int> rank_desc(const Eigen::VectorXd& key) {
  std::vector<int> order(static_cast<std::size_t>(key.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const double x = key[a], y = key[b];
    if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
    return x > y;
  });
  return order;
}

// Per-parameter level summaries of the runs' outcome values, binned in unit
// coordinates (so log-scaled parameters get log-width bins) and reported in
// parameter units.
std::vector<sensitivity::LevelStats> levels_for(const SweepParameter& p, const std::vector<double>& values,
                                                const std::vector<double>& y, int bins, bool every_level) {
  Eigen::VectorXd u(static_cast<Eigen::Index>(values.size())), yy(u.size());
  std::vector<std::pair<double, double>> back;  // (u, value) for exact levels
  for (std::size_t i = 0; i < values.size(); ++i) {
    u[static_cast<Eigen::Index>(i)] = parameter_unit(p, values[i]);
    yy[static_cast<Eigen::Index>(i)] = y[i];
    back.emplace_back(u[static_cast<Eigen::Index>(i)], values[i]);
  }
  std::sort(back.begin(), back.end());
  back.erase(std::unique(back.begin(), back.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
             back.end());
  if (every_level) bins = std::max(bins, static_cast<int>(back.size()));
  std::vector<sensitivity::LevelStats> out = sensitivity::by_level(u, yy, std::max(bins, 1));
  for (auto& s : out) {
    if (s.lo == s.hi) {
      const auto it =
          std::lower_bound(back.begin(), back.end(), std::make_pair(s.lo, -std::numeric_limits<double>::infinity()));
      const double v = it != back.end() && it->first == s.lo ? it->second : parameter_value(p, s.lo);
      s.lo = s.hi = v;
    } else {
      s.lo = parameter_value(p, s.lo);
      s.hi = parameter_value(p, s.hi);
    }
  }
  return out;
}

}  // namespace

std::string PrimCondition::text() const {
  return fmt::format("{} {}{} {}", outcome, above ? ">" : "<", strict ? "" : "=", g4(threshold));
}

int find_outcome(const std::string& selector, const std::vector<std::string>& outcomes) {
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i] == selector) return static_cast<int>(i);
  int found = -1, hits = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (!selector.empty() && outcomes[i].find(selector) != std::string::npos) {
      found = static_cast<int>(i);
      ++hits;
    }
  if (hits == 1) return found;
  throw std::invalid_argument(fmt::format("outcome '{}' {} of the sweep's outcomes: {}", selector,
                                          hits == 0 ? "is none" : "matches more than one", list_outcomes(outcomes)));
}

PrimCondition parse_prim_condition(const std::string& text, const std::vector<std::string>& outcomes) {
  const std::size_t op = text.find_last_of("<>");
  if (op == std::string::npos)
    throw std::invalid_argument(fmt::format("PRIM condition '{}' must be OUTCOME>X or OUTCOME<X (or >=, <=)", text));
  PrimCondition c;
  c.above = text[op] == '>';
  std::size_t rest = op + 1;
  if (rest < text.size() && text[rest] == '=') {
    c.strict = false;
    ++rest;
  }
  auto trim = [](std::string s) {
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  const std::string lhs = trim(text.substr(0, op));
  std::string rhs = trim(text.substr(rest));
  if (!rhs.empty() && rhs.front() == '+') rhs.erase(0, 1);
  double v = 0;
  const auto [p, ec] = std::from_chars(rhs.data(), rhs.data() + rhs.size(), v);
  if (rhs.empty() || ec != std::errc() || p != rhs.data() + rhs.size() || !std::isfinite(v))
    throw std::invalid_argument(fmt::format("PRIM condition '{}': '{}' is not a number (write OUTCOME>X)", text, rhs));
  if (lhs.empty() && outcomes.size() != 1)
    throw std::invalid_argument(
        fmt::format("PRIM condition '{}' names no outcome; the sweep's outcomes: {}", text, list_outcomes(outcomes)));
  c.outcome = lhs.empty() ? outcomes.front() : outcomes[static_cast<std::size_t>(find_outcome(lhs, outcomes))];
  c.threshold = v;
  return c;
}

double parameter_unit(const SweepParameter& p, double v) {
  if (!p.levels.empty()) {
    if (p.levels.size() == 1) return 0.5;
    std::size_t best = 0;
    for (std::size_t i = 0; i < p.levels.size(); ++i)
      if (std::abs(p.levels[i] - v) < std::abs(p.levels[best] - v)) best = i;
    return static_cast<double>(best) / static_cast<double>(p.levels.size() - 1);
  }
  if (p.hi == p.lo) return 0.5;
  if (p.log) return std::log(v / p.lo) / std::log(p.hi / p.lo);
  return (v - p.lo) / (p.hi - p.lo);
}

AnalysisReport analyze_sweep(const SweepDb& db, const AnalyzeOptions& opt) {
  if (opt.bins < 1) throw std::invalid_argument(fmt::format("--bins must be at least 1 (got {})", opt.bins));
  if (opt.bootstrap < 0) throw std::invalid_argument("--bootstrap must not be negative");
  if (!(opt.min_density >= 0 && opt.min_density <= 1))
    throw std::invalid_argument(fmt::format("--min-density must be in [0, 1] (got {})", opt.min_density));

  AnalysisReport r;
  r.db_path = db.path();
  r.header = db.header();
  check_db_design(db);
  const SweepSpec spec = db.spec();
  r.design = r.header.design_kind;
  r.bootstrap = opt.bootstrap;
  r.confidence = opt.confidence;
  const Eigen::MatrixXd pts = db.points();
  const std::vector<std::string> roles = db.roles();
  const SweepDb::Results res = db.results();
  const auto k = static_cast<int>(r.header.parameters.size());
  r.points = pts.rows();

  r.replicates = spec.replicates;
  r.runs_planned = r.points * r.replicates;
  r.runs_incomplete = db.incomplete_count();
  for (const auto& s : res.status) (s == "done" ? r.runs_done : r.runs_failed) += 1;
  r.runs_missing = std::max<std::int64_t>(0, r.runs_planned - r.runs_done - r.runs_failed);
  r.show_levels = opt.levels || r.design == "grid";

  // Which outcomes.
  std::vector<int> which;
  if (opt.outcomes.empty()) {
    for (std::size_t o = 0; o < r.header.outcomes.size(); ++o) which.push_back(static_cast<int>(o));
  } else {
    for (const auto& sel : opt.outcomes) {
      const int o = find_outcome(sel, r.header.outcomes);
      if (std::find(which.begin(), which.end(), o) == which.end()) which.push_back(o);
    }
  }

  // The design's layout.
  const bool sobol = r.design == "sobol", morris = r.design == "morris";
  if (sobol) {
    if (k < 1 || r.points % (k + 2) != 0 || r.points == 0)
      throw std::invalid_argument(
          fmt::format("{}: a sobol design over {} parameters needs N x {} points (Saltelli blocks A, B, AB1..AB{}), "
                      "but the DB has {}",
                      r.db_path, k, k + 2, k, r.points));
    r.sobol_n = static_cast<int>(r.points / (k + 2));
    const auto n = static_cast<std::size_t>(r.sobol_n);
    if (!roles.empty() && (roles[0] != "A" || roles[n] != "B" || roles[2 * n] != "AB1"))
      throw std::invalid_argument(
          fmt::format("{}: the points are not in Saltelli block order (roles A, B, AB1.. expected; found {}, {}, {})",
                      r.db_path, roles[0], roles[n], roles[2 * n]));
  }
  Eigen::MatrixXd unit;
  if (morris) {
    if (k < 1 || r.points % (k + 1) != 0 || r.points == 0)
      throw std::invalid_argument(fmt::format(
          "{}: a morris design over {} parameters needs trajectories of {} points, but the DB has {} points", r.db_path,
          k, k + 1, r.points));
    r.morris_trajectories = static_cast<int>(r.points / (k + 1));
    r.morris_levels = spec.design.levels;
    unit.resize(pts.rows(), pts.cols());
    for (Eigen::Index i = 0; i < pts.rows(); ++i)
      for (int j = 0; j < k; ++j)
        unit(i, j) = parameter_unit(r.header.parameters[static_cast<std::size_t>(j)], pts(i, j));
  }

  // Per-point means over the finished runs with a value.
  const auto n_rows = static_cast<std::size_t>(res.run.size());
  auto done_value = [&](std::size_t row, int o) {
    return res.status[row] == "done" ? res.values(static_cast<Eigen::Index>(row), o) : kNaN;
  };
  for (const int o : which) {
    OutcomeAnalysis a;
    a.outcome = r.header.outcomes[static_cast<std::size_t>(o)];
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(r.points);
    Eigen::VectorXi cnt = Eigen::VectorXi::Zero(r.points);
    std::vector<double> y_runs;
    std::vector<std::size_t> run_rows;
    for (std::size_t row = 0; row < n_rows; ++row) {
      const double v = done_value(row, o);
      const std::int64_t p = res.point[row];
      if (std::isnan(v) || p < 0 || p >= r.points) continue;
      sum[p] += v;
      cnt[p] += 1;
      y_runs.push_back(v);
      run_rows.push_back(row);
    }
    Eigen::VectorXd mean(r.points);
    for (Eigen::Index p = 0; p < r.points; ++p) {
      mean[p] = cnt[p] > 0 ? sum[p] / cnt[p] : kNaN;
      if (cnt[p] == 0) ++a.points_without_value;
    }
    if (sobol)
      a.sobol = sensitivity::sobol_indices(mean, r.sobol_n, k, opt.bootstrap, opt.confidence, opt.bootstrap_seed);
    if (morris) {
      const design::MorrisDesign d{unit, r.morris_trajectories, k, r.morris_levels};
      try {
        a.morris = sensitivity::morris_indices(d, mean);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(fmt::format("{}: the points are not Morris trajectories: {}", r.db_path, e.what()));
      }
    }
    for (int j = 0; j < k; ++j) {
      const SweepParameter& par = r.header.parameters[static_cast<std::size_t>(j)];
      std::vector<double> x;
      x.reserve(run_rows.size());
      for (const std::size_t row : run_rows) x.push_back(pts(res.point[row], j));
      a.levels.push_back(levels_for(par, x, y_runs, opt.bins, r.design == "grid" || !par.levels.empty()));
    }
    r.outcomes.push_back(std::move(a));
  }

  // PRIM over the runs.
  if (!opt.prim.empty()) {
    PrimAnalysis pa;
    pa.condition = parse_prim_condition(opt.prim, r.header.outcomes);
    pa.min_density = opt.min_density;
    const int o = find_outcome(pa.condition.outcome, r.header.outcomes);
    std::vector<std::size_t> rows;
    for (std::size_t row = 0; row < n_rows; ++row) {
      if (res.status[row] != "done") continue;
      if (std::isnan(res.values(static_cast<Eigen::Index>(row), o)) || res.point[row] < 0 || res.point[row] >= r.points)
        ++pa.runs_without_value;
      else
        rows.push_back(row);
    }
    pa.runs_used = static_cast<std::int64_t>(rows.size());
    if (!rows.empty()) {
      Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), k);
      std::vector<bool> y(rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        x.row(static_cast<Eigen::Index>(i)) = pts.row(res.point[rows[i]]);
        y[i] = pa.condition.holds(res.values(static_cast<Eigen::Index>(rows[i]), o));
        pa.runs_interesting += y[i] ? 1 : 0;
      }
      pa.trajectory = prim::prim_peel(x, y, opt.prim_alpha, opt.prim_min_mass);
      const prim::Box best = prim::prim_select(pa.trajectory, opt.min_density);
      for (std::size_t i = 0; i < pa.trajectory.size(); ++i) {
        const prim::Box& b = pa.trajectory[i];
        if (b.n_points == best.n_points && b.lo == best.lo && b.hi == best.hi) {
          pa.selected = static_cast<int>(i);
          break;
        }
      }
    }
    r.prim = std::move(pa);
  }
  return r;
}

std::string analysis_table(const AnalysisReport& r) {
  std::string out;
  auto it = std::back_inserter(out);
  const auto& h = r.header;
  fmt::format_to(it, "Sweep     {}\n", h.sweep_file.empty() ? "(unknown)" : h.sweep_file);
  fmt::format_to(it, "Scenario  {}\n", h.scenario_file.empty() ? "(unknown)" : h.scenario_file);
  std::string design = r.design.empty() ? "(unknown)" : r.design;
  if (r.sobol_n > 0)
    design += fmt::format(", N = {} base rows x {} blocks", r.sobol_n, h.parameters.size() + 2);
  else if (r.morris_trajectories > 0)
    design += fmt::format(", {} trajectories, {} levels", r.morris_trajectories, r.morris_levels);
  fmt::format_to(it, "Design    {}: {} points x {} replicate{}, {} parameters\n", design, r.points, r.replicates,
                 r.replicates == 1 ? "" : "s", h.parameters.size());
  fmt::format_to(it, "Runs      {} planned: {} done, {} failed, {} missing{}\n", r.runs_planned, r.runs_done,
                 r.runs_failed, r.runs_missing,
                 r.runs_incomplete > 0 ? fmt::format(" ({} of them incomplete in the DB: outcome rows are missing; "
                                                     "`bpsim sweep` runs them again)",
                                                     r.runs_incomplete)
                                       : "");
  fmt::format_to(it, "DB        {}\n", r.db_path);
  if (r.runs_failed + r.runs_missing > 0)
    out += "          (sensitivity uses per-point means over the finished runs that have a value)\n";

  std::size_t width = 9;
  for (const auto& p : h.parameters) width = std::max(width, p.path.size());

  for (const OutcomeAnalysis& a : r.outcomes) {
    fmt::format_to(it, "\n{}\n", a.outcome);
    if (a.points_without_value > 0)
      fmt::format_to(it, "  {} of {} points have no value (all their runs failed, are missing or gave NaN)\n",
                     a.points_without_value, r.points);
    if (a.sobol) {
      const auto& s = *a.sobol;
      const int used = r.sobol_n - s.dropped;
      const std::string cis =
          r.bootstrap > 0 ? fmt::format("{:g}% CIs from {} bootstrap resamples", 100 * r.confidence, r.bootstrap)
                          : std::string("no CIs (--bootstrap 0)");
      fmt::format_to(
          it, "  Sobol' indices from {} base rows{}; variance {}; {}\n", used,
          s.dropped > 0 ? fmt::format(" ({} of {} dropped: a point without value)", s.dropped, r.sobol_n) : "",
          g4(s.variance), cis);
      fmt::format_to(it, "  {:<{}}  {:>22}  {:>22}\n", "parameter", width, "S1 (first order)", "ST (total)");
      for (const int j : rank_desc(s.ST)) {
        auto cell = [&](double v, double lo, double hi) {
          return r.bootstrap > 0 ? fmt::format("{:>6} [{:>6}, {:>6}]", fixed3(v), fixed3(lo), fixed3(hi))
                                 : fmt::format("{:>6}", fixed3(v));
        };
        fmt::format_to(it, "  {:<{}}  {:>22}  {:>22}\n", h.parameters[static_cast<std::size_t>(j)].path, width,
                       cell(s.S1[j], s.S1_lo[j], s.S1_hi[j]), cell(s.ST[j], s.ST_lo[j], s.ST_hi[j]));
      }
    }
    if (a.morris) {
      const auto& m = *a.morris;
      fmt::format_to(it, "  Morris elementary effects, {} trajectories (per whole range of each parameter)\n",
                     r.morris_trajectories);
      fmt::format_to(it, "  {:<{}}  {:>10}  {:>10}  {:>10}\n", "parameter", width, "mu*", "mu", "sigma");
      for (const int j : rank_desc(m.mu_star))
        fmt::format_to(it, "  {:<{}}  {:>10}  {:>10}  {:>10}\n", h.parameters[static_cast<std::size_t>(j)].path, width,
                       g4(m.mu_star[j]), g4(m.mu[j]), g4(m.sigma[j]));
    }
    if (r.show_levels || (!a.sobol && !a.morris)) {
      if (!r.show_levels) {
        // Short: only the spread of the outcome's per-bin means per parameter.
        out += "  range of the mean outcome over the parameter's bins (--levels for the tables)\n";
        fmt::format_to(it, "  {:<{}}  {:>10}  {:>10}  {:>10}\n", "parameter", width, "lowest", "highest", "spread");
        for (std::size_t j = 0; j < a.levels.size(); ++j) {
          double lo = kNaN, hi = kNaN;
          for (const auto& s : a.levels[j])
            if (s.count > 0) {
              lo = std::isnan(lo) ? s.mean : std::min(lo, s.mean);
              hi = std::isnan(hi) ? s.mean : std::max(hi, s.mean);
            }
          fmt::format_to(it, "  {:<{}}  {:>10}  {:>10}  {:>10}\n", h.parameters[j].path, width, g4(lo), g4(hi),
                         g4(hi - lo));
        }
      } else {
        out += "  by parameter level or bin, over the runs\n";
        fmt::format_to(it, "    {:>22}  {:>6}  {:>10}  {:>10} {:>10} {:>10}\n", "level / bin", "runs", "mean", "p5",
                       "p50", "p95");
        for (std::size_t j = 0; j < a.levels.size(); ++j) {
          fmt::format_to(it, "  {}\n", h.parameters[j].path);
          for (const auto& s : a.levels[j]) {
            const std::string lvl = s.lo == s.hi ? g4(s.lo) : fmt::format("{} .. {}", g4(s.lo), g4(s.hi));
            fmt::format_to(it, "    {:>22}  {:>6}  {:>10}  {:>10} {:>10} {:>10}\n", lvl, s.count, g4(s.mean), g4(s.p05),
                           g4(s.p50), g4(s.p95));
          }
        }
      }
    }
  }

  if (r.prim) {
    const PrimAnalysis& p = *r.prim;
    fmt::format_to(it, "\nPRIM: where is {}?\n", p.condition.text());
    fmt::format_to(
        it, "  {} runs with a value{}; the condition holds in {} ({})\n", p.runs_used,
        p.runs_without_value > 0 ? fmt::format(" ({} finished runs without one left out)", p.runs_without_value) : "",
        p.runs_interesting,
        pct(p.runs_used > 0 ? static_cast<double>(p.runs_interesting) / static_cast<double>(p.runs_used) : kNaN));
    if (p.trajectory.empty()) {
      out += "  no runs to peel\n";
      return out;
    }
    // A few boxes along the peeling trajectory, the selected one always.
    const auto n = static_cast<int>(p.trajectory.size());
    std::vector<int> shown;
    const int want = 8;
    for (int i = 0; i < want; ++i)
      shown.push_back(n <= 1 ? 0 : static_cast<int>(std::lround(i * (n - 1) / double(want - 1))));
    if (p.selected >= 0) shown.push_back(p.selected);
    std::sort(shown.begin(), shown.end());
    shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
    fmt::format_to(it, "  peeling trajectory ({} boxes; * = selected: most coverage with density >= {:g})\n", n,
                   p.min_density);
    fmt::format_to(it, "  {:>6}  {:>8}  {:>8}  {:>6}  {:>6}  {}\n", "box", "coverage", "density", "mass", "runs",
                   "restricted");
    for (const int i : shown) {
      const prim::Box& b = p.trajectory[static_cast<std::size_t>(i)];
      std::string restricted;
      for (const int d : b.restricted)
        restricted += (restricted.empty() ? "" : ", ") + r.header.parameters[static_cast<std::size_t>(d)].path;
      fmt::format_to(it, "  {:>5}{}  {:>8.3f}  {:>8.3f}  {:>6.3f}  {:>6}  {}\n", i, i == p.selected ? "*" : " ",
                     b.coverage, b.density, b.mass, b.n_points, restricted.empty() ? "-" : restricted);
    }
    if (p.selected >= 0) {
      const prim::Box& b = p.trajectory[static_cast<std::size_t>(p.selected)];
      const prim::Box& full = p.trajectory.front();
      fmt::format_to(it, "  selected box {}: coverage {:.3f}, density {:.3f}, mass {:.3f} ({} runs)\n", p.selected,
                     b.coverage, b.density, b.mass, b.n_points);
      if (b.restricted.empty()) out += "    (no parameter restricted)\n";
      for (const int d : b.restricted)
        fmt::format_to(it, "    {:<{}}  {:>10} .. {:<10}  (of {} .. {})\n",
                       r.header.parameters[static_cast<std::size_t>(d)].path, width, g4(b.lo[d]), g4(b.hi[d]),
                       g4(full.lo[d]), g4(full.hi[d]));
    }
  }
  return out;
}

std::vector<ResultFile> analysis_files(const AnalysisReport& r) {
  std::vector<ResultFile> files;
  const auto& params = r.header.parameters;
  bool any_sobol = false, any_morris = false;
  for (const auto& a : r.outcomes) {
    any_sobol = any_sobol || a.sobol.has_value();
    any_morris = any_morris || a.morris.has_value();
  }
  if (any_sobol) {
    std::string s = "outcome,parameter,index,estimate,ci_lo,ci_hi,confidence,base_rows,dropped\n";
    for (const auto& a : r.outcomes) {
      if (!a.sobol) continue;
      const auto& x = *a.sobol;
      for (std::size_t j = 0; j < params.size(); ++j) {
        const auto J = static_cast<Eigen::Index>(j);
        for (const bool total : {false, true})
          s += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(a.outcome), csv_field(params[j].path),
                           total ? "ST" : "S1", num(total ? x.ST[J] : x.S1[J]), num(total ? x.ST_lo[J] : x.S1_lo[J]),
                           num(total ? x.ST_hi[J] : x.S1_hi[J]), r.bootstrap > 0 ? num(r.confidence) : "",
                           r.sobol_n - x.dropped, x.dropped);
      }
    }
    files.push_back({"sobol.csv", std::move(s)});
  }
  if (any_morris) {
    std::string s = "outcome,parameter,mu_star,mu,sigma,rank\n";
    for (const auto& a : r.outcomes) {
      if (!a.morris) continue;
      const auto& m = *a.morris;
      const std::vector<int> order = rank_desc(m.mu_star);
      std::vector<int> rank(params.size());
      for (std::size_t i = 0; i < order.size(); ++i) rank[static_cast<std::size_t>(order[i])] = static_cast<int>(i) + 1;
      for (std::size_t j = 0; j < params.size(); ++j) {
        const auto J = static_cast<Eigen::Index>(j);
        s += fmt::format("{},{},{},{},{},{}\n", csv_field(a.outcome), csv_field(params[j].path), num(m.mu_star[J]),
                         num(m.mu[J]), num(m.sigma[J]), rank[j]);
      }
    }
    files.push_back({"morris.csv", std::move(s)});
  }
  if (!r.outcomes.empty()) {
    std::string s = "outcome,parameter,bin,lo,hi,count,mean,sd,p05,p50,p95\n";
    for (const auto& a : r.outcomes)
      for (std::size_t j = 0; j < a.levels.size(); ++j)
        for (std::size_t b = 0; b < a.levels[j].size(); ++b) {
          const auto& l = a.levels[j][b];
          s += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(a.outcome), csv_field(params[j].path), b,
                           num(l.lo), num(l.hi), l.count, num(l.mean), num(l.sd), num(l.p05), num(l.p50), num(l.p95));
        }
    files.push_back({"levels.csv", std::move(s)});
  }
  if (r.prim) {
    const PrimAnalysis& p = *r.prim;
    std::string s = "condition,step,selected,coverage,density,mass,points,parameter,lo,hi,restricted\n";
    const std::string cond = csv_field(fmt::format("{}{}{}{}", p.condition.outcome, p.condition.above ? ">" : "<",
                                                   p.condition.strict ? "" : "=", num(p.condition.threshold)));
    for (std::size_t i = 0; i < p.trajectory.size(); ++i) {
      const prim::Box& b = p.trajectory[i];
      for (std::size_t j = 0; j < params.size(); ++j) {
        const auto J = static_cast<Eigen::Index>(j);
        const bool restricted =
            std::find(b.restricted.begin(), b.restricted.end(), static_cast<int>(j)) != b.restricted.end();
        s += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", cond, i, static_cast<int>(i) == p.selected ? 1 : 0,
                         num(b.coverage), num(b.density), num(b.mass), b.n_points, csv_field(params[j].path),
                         num(b.lo[J]), num(b.hi[J]), restricted ? 1 : 0);
      }
    }
    files.push_back({"prim.csv", std::move(s)});
  }
  return files;
}

}  // namespace bpsim
