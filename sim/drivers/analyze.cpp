// Analysis of a sweep database: see analyze.hpp.
#include "sim/drivers/analyze.hpp"

#include "sim/drivers/sweep.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/results/table.hpp"

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
  auto trim = [](const std::string& s) {
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

namespace {

// What the analysis steps read from the DB, once.
struct SweepData {
  SweepSpec spec;
  Eigen::MatrixXd pts;  // [point][parameter]
  std::vector<std::string> roles;
  SweepDb::Results res;
  Eigen::MatrixXd unit;  // morris: the points in the unit cube
  int k = 0;             // parameters
};

void check_options(const AnalyzeOptions& opt) {
  if (opt.bins < 1) throw std::invalid_argument(fmt::format("--bins must be at least 1 (got {})", opt.bins));
  if (opt.bootstrap < 0) throw std::invalid_argument("--bootstrap must not be negative");
  if (!(opt.min_density >= 0 && opt.min_density <= 1))
    throw std::invalid_argument(fmt::format("--min-density must be in [0, 1] (got {})", opt.min_density));
}

// The report's header and run counts, and the data the steps read.
AnalysisReport report_header(const SweepDb& db, const AnalyzeOptions& opt, SweepData& d) {
  AnalysisReport r;
  r.db_path = db.path();
  r.header = db.header();
  check_db_design(db);
  d.spec = db.spec();
  r.design = r.header.design_kind;
  r.bootstrap = opt.bootstrap;
  r.confidence = opt.confidence;
  d.pts = db.points();
  d.roles = db.roles();
  d.res = db.results();
  d.k = static_cast<int>(r.header.parameters.size());
  r.points = d.pts.rows();
  r.replicates = d.spec.replicates;
  r.runs_planned = r.points * r.replicates;
  r.runs_incomplete = db.incomplete_count();
  for (const auto& s : d.res.status) (s == "done" ? r.runs_done : r.runs_failed) += 1;
  r.runs_missing = std::max<std::int64_t>(0, r.runs_planned - r.runs_done - r.runs_failed);
  r.show_levels = opt.levels || r.design == "grid";
  r.samples_at = db.meta("design.samples_at");
  if (r.samples_at.empty()) r.samples_at = r.header.sweep_file;
  return r;
}

// The indices of the outcomes asked for (all when none), each once, in the order asked.
std::vector<int> selected_outcomes(const AnalyzeOptions& opt, const std::vector<std::string>& outcomes) {
  std::vector<int> which;
  if (opt.outcomes.empty()) {
    for (std::size_t o = 0; o < outcomes.size(); ++o) which.push_back(static_cast<int>(o));
    return which;
  }
  for (const auto& sel : opt.outcomes) {
    const int o = find_outcome(sel, outcomes);
    if (std::find(which.begin(), which.end(), o) == which.end()) which.push_back(o);
  }
  return which;
}

// Saltelli blocks A, B, AB1..ABk of N rows each: sets r.sobol_n.
void read_sobol_layout(AnalysisReport& r, const SweepData& d) {
  const int k = d.k;
  if (k < 1 || r.points % (k + 2) != 0 || r.points == 0)
    throw std::invalid_argument(
        fmt::format("{}: a sobol design over {} parameters needs N x {} points (Saltelli blocks A, B, AB1..AB{}), "
                    "but the DB has {}",
                    r.db_path, k, k + 2, k, r.points));
  r.sobol_n = static_cast<int>(r.points / (k + 2));
  const auto n = static_cast<std::size_t>(r.sobol_n);
  const auto& roles = d.roles;
  if (!roles.empty() && (roles[0] != "A" || roles[n] != "B" || roles[2 * n] != "AB1"))
    throw std::invalid_argument(
        fmt::format("{}: the points are not in Saltelli block order (roles A, B, AB1.. expected; found {}, {}, {})",
                    r.db_path, roles[0], roles[n], roles[2 * n]));
}

// Trajectories of k + 1 points: sets r.morris_* and d.unit.
void read_morris_layout(AnalysisReport& r, SweepData& d) {
  const int k = d.k;
  if (k < 1 || r.points % (k + 1) != 0 || r.points == 0)
    throw std::invalid_argument(
        fmt::format("{}: a morris design over {} parameters needs trajectories of {} points, but the DB has {} points",
                    r.db_path, k, k + 1, r.points));
  r.morris_trajectories = static_cast<int>(r.points / (k + 1));
  r.morris_levels = d.spec.design.levels;
  d.unit.resize(d.pts.rows(), d.pts.cols());
  for (Eigen::Index i = 0; i < d.pts.rows(); ++i)
    for (int j = 0; j < k; ++j)
      d.unit(i, j) = parameter_unit(r.header.parameters[static_cast<std::size_t>(j)], d.pts(i, j));
}

// Outcome o of the done runs that gave a value: the run rows and their values.
struct RunValues {
  std::vector<std::size_t> rows;
  std::vector<double> y;
};

RunValues run_values(const SweepData& d, std::int64_t points, int o) {
  RunValues out;
  for (std::size_t row = 0; row < d.res.run.size(); ++row) {
    if (d.res.status[row] != "done") continue;
    const double v = d.res.values(static_cast<Eigen::Index>(row), o);
    const std::int64_t p = d.res.point[row];
    if (std::isnan(v) || p < 0 || p >= points) continue;
    out.rows.push_back(row);
    out.y.push_back(v);
  }
  return out;
}

// The per-point means of the runs' values (NaN for a point without any); counts those.
Eigen::VectorXd point_means(const SweepData& d, std::int64_t points, const RunValues& v, int& without_value) {
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(points);
  Eigen::VectorXi cnt = Eigen::VectorXi::Zero(points);
  for (std::size_t i = 0; i < v.rows.size(); ++i) {
    sum[d.res.point[v.rows[i]]] += v.y[i];
    cnt[d.res.point[v.rows[i]]] += 1;
  }
  Eigen::VectorXd mean(points);
  for (Eigen::Index p = 0; p < points; ++p) {
    mean[p] = cnt[p] > 0 ? sum[p] / cnt[p] : kNaN;
    if (cnt[p] == 0) ++without_value;
  }
  return mean;
}

OutcomeAnalysis analyze_outcome(const AnalysisReport& r, const SweepData& d, const AnalyzeOptions& opt, int o) {
  OutcomeAnalysis a;
  a.outcome = r.header.outcomes[static_cast<std::size_t>(o)];
  const RunValues v = run_values(d, r.points, o);
  const Eigen::VectorXd mean = point_means(d, r.points, v, a.points_without_value);
  if (r.design == "sobol")
    a.sobol = sensitivity::sobol_indices(mean, r.sobol_n, d.k, opt.bootstrap, opt.confidence, opt.bootstrap_seed);
  if (r.design == "morris") {
    const design::MorrisDesign md{d.unit, r.morris_trajectories, d.k, r.morris_levels};
    try {
      a.morris = sensitivity::morris_indices(md, mean, opt.bootstrap, opt.confidence, d.spec.design.seed);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(fmt::format("{}: the points are not Morris trajectories: {}", r.db_path, e.what()));
    }
  }
  for (int j = 0; j < d.k; ++j) {
    const SweepParameter& par = r.header.parameters[static_cast<std::size_t>(j)];
    std::vector<double> x;
    x.reserve(v.rows.size());
    for (const std::size_t row : v.rows) x.push_back(d.pts(d.res.point[row], j));
    a.levels.push_back(levels_for(par, x, v.y, opt.bins, r.design == "grid" || !par.levels.empty()));
  }
  return a;
}

// The index in the trajectory of prim_select's box (-1 if none).
int selected_box(const std::vector<prim::Box>& trajectory, double min_density) {
  const prim::Box best = prim::prim_select(trajectory, min_density);
  for (std::size_t i = 0; i < trajectory.size(); ++i) {
    const prim::Box& b = trajectory[i];
    if (b.n_points == best.n_points && b.lo == best.lo && b.hi == best.hi) return static_cast<int>(i);
  }
  return -1;
}

PrimAnalysis analyze_prim(const AnalysisReport& r, const SweepData& d, const AnalyzeOptions& opt) {
  PrimAnalysis pa;
  pa.condition = parse_prim_condition(opt.prim, r.header.outcomes);
  pa.min_density = opt.min_density;
  const int o = find_outcome(pa.condition.outcome, r.header.outcomes);
  const RunValues v = run_values(d, r.points, o);
  pa.runs_without_value =
      std::count(d.res.status.begin(), d.res.status.end(), "done") - static_cast<std::int64_t>(v.rows.size());
  pa.runs_used = static_cast<std::int64_t>(v.rows.size());
  if (v.rows.empty()) return pa;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(v.rows.size()), d.k);
  std::vector<bool> y(v.rows.size());
  for (std::size_t i = 0; i < v.rows.size(); ++i) {
    x.row(static_cast<Eigen::Index>(i)) = d.pts.row(d.res.point[v.rows[i]]);
    y[i] = pa.condition.holds(v.y[i]);
    pa.runs_interesting += y[i] ? 1 : 0;
  }
  pa.trajectory = prim::prim_peel(x, y, opt.prim_alpha, opt.prim_min_mass);
  pa.selected = selected_box(pa.trajectory, opt.min_density);
  return pa;
}

}  // namespace

AnalysisReport analyze_sweep(const SweepDb& db, const AnalyzeOptions& opt) {
  check_options(opt);
  SweepData d;
  AnalysisReport r = report_header(db, opt, d);
  const std::vector<int> which = selected_outcomes(opt, r.header.outcomes);
  if (r.design == "sobol") read_sobol_layout(r, d);
  if (r.design == "morris") read_morris_layout(r, d);
  for (const int o : which) r.outcomes.push_back(analyze_outcome(r, d, opt, o));
  if (!opt.prim.empty()) r.prim = analyze_prim(r, d, opt);
  if (std::string w = sobol_stability_warning(r); !w.empty()) r.warnings.push_back(std::move(w));
  return r;
}

namespace {

// What is wrong with one index estimate ("" if nothing).
std::string index_problem(const AnalysisReport& r, bool first_order, double v, double lo, double hi) {
  if (first_order && v > 1) return fmt::format("is {:.3f}, above 1", v);
  if (hi - lo > kSobolMaxCiWidth)
    return fmt::format("has a {:g}% CI [{:.3f}, {:.3f}] {:.3f} wide, wider than {:g}", 100 * r.confidence, lo, hi,
                       hi - lo, kSobolMaxCiWidth);
  return "";
}

}  // namespace

std::string sobol_stability_warning(const AnalysisReport& r) {
  std::string first;
  int count = 0;
  for (const OutcomeAnalysis& a : r.outcomes) {
    if (!a.sobol) continue;
    const auto& s = *a.sobol;
    for (Eigen::Index j = 0; j < s.S1.size(); ++j)
      for (const bool s1 : {true, false}) {
        const std::string problem = s1 ? index_problem(r, true, s.S1[j], s.S1_lo[j], s.S1_hi[j])
                                       : index_problem(r, false, s.ST[j], s.ST_lo[j], s.ST_hi[j]);
        if (problem.empty()) continue;
        if (count++ == 0)
          first = fmt::format("{} of {} for {} {}", s1 ? "S1" : "ST",
                              r.header.parameters[static_cast<std::size_t>(j)].path, a.outcome, problem);
      }
  }
  if (count == 0) return "";
  return fmt::format(
      "{}: design.samples: N = {} base rows give unstable Sobol' indices: {}{}; use more samples (a "
      "power of two, e.g. {})",
      r.samples_at, r.sobol_n, first,
      count > 1 ? fmt::format(" ({} more unstable {})", count - 1, count == 2 ? "index" : "indices") : "",
      4 * r.sobol_n);
}

namespace {

using Out = std::back_insert_iterator<std::string>;

void table_header(Out it, const AnalysisReport& r) {
  const auto& h = r.header;
  fmt::format_to(it, "Sweep     {}\n", h.sweep_file.empty() ? "(unknown)" : h.sweep_file);
  fmt::format_to(it, "Scenario  {}\n", h.scenario_file.empty() ? "(unknown)" : h.scenario_file);
  std::string design = r.design.empty() ? "(unknown)" : r.design;
  if (r.sobol_n > 0) design += fmt::format(", N = {} base rows x {} blocks", r.sobol_n, h.parameters.size() + 2);
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
    fmt::format_to(it, "          (sensitivity uses per-point means over the finished runs that have a value)\n");
}

void sobol_table(Out it, const AnalysisReport& r, const sensitivity::SobolIndices& s, std::size_t width) {
  const int used = r.sobol_n - s.dropped;
  const std::string cis = r.bootstrap > 0
                              ? fmt::format("{:g}% CIs from {} bootstrap resamples", 100 * r.confidence, r.bootstrap)
                              : std::string("no CIs (--bootstrap 0)");
  fmt::format_to(it, "  Sobol' indices from {} base rows{}; variance {}; {}\n", used,
                 s.dropped > 0 ? fmt::format(" ({} of {} dropped: a point without value)", s.dropped, r.sobol_n) : "",
                 g4(s.variance), cis);
  fmt::format_to(it, "  {:<{}}  {:>22}  {:>22}\n", "parameter", width, "S1 (first order)", "ST (total)");
  const auto cell = [&](double v, double lo, double hi) {
    return r.bootstrap > 0 ? fmt::format("{:>6} [{:>6}, {:>6}]", fixed3(v), fixed3(lo), fixed3(hi))
                           : fmt::format("{:>6}", fixed3(v));
  };
  for (const int j : rank_desc(s.ST))
    fmt::format_to(it, "  {:<{}}  {:>22}  {:>22}\n", r.header.parameters[static_cast<std::size_t>(j)].path, width,
                   cell(s.S1[j], s.S1_lo[j], s.S1_hi[j]), cell(s.ST[j], s.ST_lo[j], s.ST_hi[j]));
}

void morris_table(Out it, const AnalysisReport& r, const sensitivity::MorrisIndices& m, std::size_t width) {
  const std::string cis = r.bootstrap > 0
                              ? fmt::format("{:g}% CIs of mu* from {} bootstrap resamples of the trajectories",
                                            100 * r.confidence, r.bootstrap)
                              : std::string("no CIs (--bootstrap 0)");
  fmt::format_to(it, "  Morris elementary effects, {} trajectories (per whole range of each parameter); {}\n",
                 r.morris_trajectories, cis);
  fmt::format_to(it, "  {:<{}}  {:>30}  {:>10}  {:>10}\n", "parameter", width, "mu*", "mu", "sigma");
  const auto cell = [&](int j) {
    return r.bootstrap > 0
               ? fmt::format("{:>10} [{:>8}, {:>8}]", g4(m.mu_star[j]), g4(m.mu_star_lo[j]), g4(m.mu_star_hi[j]))
               : g4(m.mu_star[j]);
  };
  for (const int j : rank_desc(m.mu_star))
    fmt::format_to(it, "  {:<{}}  {:>30}  {:>10}  {:>10}\n", r.header.parameters[static_cast<std::size_t>(j)].path,
                   width, cell(j), g4(m.mu[j]), g4(m.sigma[j]));
}

// Short: only the spread of the outcome's per-bin means per parameter.
void levels_spread(Out it, const AnalysisReport& r, const OutcomeAnalysis& a, std::size_t width) {
  fmt::format_to(it, "  range of the mean outcome over the parameter's bins (--levels for the tables)\n");
  fmt::format_to(it, "  {:<{}}  {:>10}  {:>10}  {:>10}\n", "parameter", width, "lowest", "highest", "spread");
  for (std::size_t j = 0; j < a.levels.size(); ++j) {
    double lo = kNaN, hi = kNaN;
    for (const auto& s : a.levels[j])
      if (s.count > 0) {
        lo = std::isnan(lo) ? s.mean : std::min(lo, s.mean);
        hi = std::isnan(hi) ? s.mean : std::max(hi, s.mean);
      }
    fmt::format_to(it, "  {:<{}}  {:>10}  {:>10}  {:>10}\n", r.header.parameters[j].path, width, g4(lo), g4(hi),
                   g4(hi - lo));
  }
}

void levels_tables(Out it, const AnalysisReport& r, const OutcomeAnalysis& a) {
  fmt::format_to(it, "  by parameter level or bin, over the runs\n");
  fmt::format_to(it, "    {:>22}  {:>6}  {:>10}  {:>10} {:>10} {:>10}\n", "level / bin", "runs", "mean", "p5", "p50",
                 "p95");
  for (std::size_t j = 0; j < a.levels.size(); ++j) {
    fmt::format_to(it, "  {}\n", r.header.parameters[j].path);
    for (const auto& s : a.levels[j]) {
      const std::string lvl = s.lo == s.hi ? g4(s.lo) : fmt::format("{} .. {}", g4(s.lo), g4(s.hi));
      fmt::format_to(it, "    {:>22}  {:>6}  {:>10}  {:>10} {:>10} {:>10}\n", lvl, s.count, g4(s.mean), g4(s.p05),
                     g4(s.p50), g4(s.p95));
    }
  }
}

void outcome_tables(Out it, const AnalysisReport& r, const OutcomeAnalysis& a, std::size_t width) {
  fmt::format_to(it, "\n{}\n", a.outcome);
  if (a.points_without_value > 0)
    fmt::format_to(it, "  {} of {} points have no value (all their runs failed, are missing or gave NaN)\n",
                   a.points_without_value, r.points);
  if (a.sobol) sobol_table(it, r, *a.sobol, width);
  if (a.morris) morris_table(it, r, *a.morris, width);
  if (r.show_levels) levels_tables(it, r, a);
  else if (!a.sobol && !a.morris) levels_spread(it, r, a, width);
}

// A few boxes along the peeling trajectory (8 evenly spaced), the selected one always.
std::vector<int> shown_boxes(int n, int selected) {
  std::vector<int> shown;
  const int want = 8;
  for (int i = 0; i < want; ++i)
    shown.push_back(n <= 1 ? 0 : static_cast<int>(std::lround(i * (n - 1) / double(want - 1))));
  if (selected >= 0) shown.push_back(selected);
  std::sort(shown.begin(), shown.end());
  shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
  return shown;
}

void prim_trajectory(Out it, const AnalysisReport& r, const PrimAnalysis& p) {
  const auto n = static_cast<int>(p.trajectory.size());
  fmt::format_to(it, "  peeling trajectory ({} boxes; * = selected: most coverage with density >= {:g})\n", n,
                 p.min_density);
  fmt::format_to(it, "  {:>6}  {:>8}  {:>8}  {:>6}  {:>6}  {}\n", "box", "coverage", "density", "mass", "runs",
                 "restricted");
  for (const int i : shown_boxes(n, p.selected)) {
    const prim::Box& b = p.trajectory[static_cast<std::size_t>(i)];
    std::string restricted;
    for (const int d : b.restricted)
      restricted += (restricted.empty() ? "" : ", ") + r.header.parameters[static_cast<std::size_t>(d)].path;
    fmt::format_to(it, "  {:>5}{}  {:>8.3f}  {:>8.3f}  {:>6.3f}  {:>6}  {}\n", i, i == p.selected ? "*" : " ",
                   b.coverage, b.density, b.mass, b.n_points, restricted.empty() ? "-" : restricted);
  }
}

void prim_selected(Out it, const AnalysisReport& r, const PrimAnalysis& p, std::size_t width) {
  const prim::Box& b = p.trajectory[static_cast<std::size_t>(p.selected)];
  const prim::Box& full = p.trajectory.front();
  fmt::format_to(it, "  selected box {}: coverage {:.3f}, density {:.3f}, mass {:.3f} ({} runs)\n", p.selected,
                 b.coverage, b.density, b.mass, b.n_points);
  if (b.restricted.empty()) fmt::format_to(it, "    (no parameter restricted)\n");
  for (const int d : b.restricted)
    fmt::format_to(it, "    {:<{}}  {:>10} .. {:<10}  (of {} .. {})\n",
                   r.header.parameters[static_cast<std::size_t>(d)].path, width, g4(b.lo[d]), g4(b.hi[d]),
                   g4(full.lo[d]), g4(full.hi[d]));
}

void prim_tables(Out it, const AnalysisReport& r, const PrimAnalysis& p, std::size_t width) {
  fmt::format_to(it, "\nPRIM: where is {}?\n", p.condition.text());
  fmt::format_to(
      it, "  {} runs with a value{}; the condition holds in {} ({})\n", p.runs_used,
      p.runs_without_value > 0 ? fmt::format(" ({} finished runs without one left out)", p.runs_without_value) : "",
      p.runs_interesting,
      pct(p.runs_used > 0 ? static_cast<double>(p.runs_interesting) / static_cast<double>(p.runs_used) : kNaN));
  if (p.trajectory.empty()) {
    fmt::format_to(it, "  no runs to peel\n");
    return;
  }
  prim_trajectory(it, r, p);
  if (p.selected >= 0) prim_selected(it, r, p, width);
}

}  // namespace

std::string analysis_table(const AnalysisReport& r) {
  std::string out;
  const Out it = std::back_inserter(out);
  table_header(it, r);
  std::size_t width = 9;
  for (const auto& p : r.header.parameters) width = std::max(width, p.path.size());
  for (const OutcomeAnalysis& a : r.outcomes) outcome_tables(it, r, a, width);
  if (r.prim) prim_tables(it, r, *r.prim, width);
  return out;
}

namespace {

// "" when the report has no intervals (--bootstrap 0).
std::string confidence_field(const AnalysisReport& r) { return r.bootstrap > 0 ? num(r.confidence) : ""; }

ResultFile sobol_csv(const AnalysisReport& r) {
  CsvTable t("sobol.csv",
             {"outcome", "parameter", "index", "estimate", "ci_lo", "ci_hi", "confidence", "base_rows", "dropped"});
  for (const auto& a : r.outcomes) {
    if (!a.sobol) continue;
    const auto& x = *a.sobol;
    for (std::size_t j = 0; j < r.header.parameters.size(); ++j) {
      const auto J = static_cast<Eigen::Index>(j);
      for (const bool total : {false, true}) {
        t.text(a.outcome).text(r.header.parameters[j].path).text(total ? "ST" : "S1");
        t.number(total ? x.ST[J] : x.S1[J]).number(total ? x.ST_lo[J] : x.S1_lo[J]);
        t.number(total ? x.ST_hi[J] : x.S1_hi[J]).text(confidence_field(r)).integer(r.sobol_n - x.dropped);
        t.integer(x.dropped).end_row();
      }
    }
  }
  return {t.name(), t.take()};
}

ResultFile morris_csv(const AnalysisReport& r) {
  CsvTable t("morris.csv",
             {"outcome", "parameter", "mu_star", "mu_star_lo", "mu_star_hi", "confidence", "mu", "sigma", "rank"});
  const auto& params = r.header.parameters;
  for (const auto& a : r.outcomes) {
    if (!a.morris) continue;
    const auto& m = *a.morris;
    const std::vector<int> order = rank_desc(m.mu_star);
    std::vector<int> rank(params.size());
    for (std::size_t i = 0; i < order.size(); ++i) rank[static_cast<std::size_t>(order[i])] = static_cast<int>(i) + 1;
    for (std::size_t j = 0; j < params.size(); ++j) {
      const auto J = static_cast<Eigen::Index>(j);
      t.text(a.outcome).text(params[j].path).number(m.mu_star[J]).number(m.mu_star_lo[J]).number(m.mu_star_hi[J]);
      t.text(confidence_field(r)).number(m.mu[J]).number(m.sigma[J]).integer(rank[j]).end_row();
    }
  }
  return {t.name(), t.take()};
}

ResultFile levels_csv(const AnalysisReport& r) {
  CsvTable t("levels.csv", {"outcome", "parameter", "bin", "lo", "hi", "count", "mean", "sd", "p05", "p50", "p95"});
  for (const auto& a : r.outcomes)
    for (std::size_t j = 0; j < a.levels.size(); ++j)
      for (std::size_t b = 0; b < a.levels[j].size(); ++b) {
        const auto& l = a.levels[j][b];
        t.text(a.outcome).text(r.header.parameters[j].path).integer(b).number(l.lo).number(l.hi).integer(l.count);
        t.number(l.mean).number(l.sd).number(l.p05).number(l.p50).number(l.p95).end_row();
      }
  return {t.name(), t.take()};
}

ResultFile prim_csv(const AnalysisReport& r) {
  const PrimAnalysis& p = *r.prim;
  CsvTable t("prim.csv", {"condition", "step", "selected", "coverage", "density", "mass", "points", "parameter", "lo",
                          "hi", "restricted"});
  const std::string cond = fmt::format("{}{}{}{}", p.condition.outcome, p.condition.above ? ">" : "<",
                                       p.condition.strict ? "" : "=", num(p.condition.threshold));
  for (std::size_t i = 0; i < p.trajectory.size(); ++i) {
    const prim::Box& b = p.trajectory[i];
    for (std::size_t j = 0; j < r.header.parameters.size(); ++j) {
      const auto J = static_cast<Eigen::Index>(j);
      const bool restricted =
          std::find(b.restricted.begin(), b.restricted.end(), static_cast<int>(j)) != b.restricted.end();
      t.text(cond).integer(i).integer(static_cast<int>(i) == p.selected ? 1 : 0).number(b.coverage);
      t.number(b.density).number(b.mass).integer(b.n_points).text(r.header.parameters[j].path).number(b.lo[J]);
      t.number(b.hi[J]).integer(restricted ? 1 : 0).end_row();
    }
  }
  return {t.name(), t.take()};
}

}  // namespace

std::vector<ResultFile> analysis_files(const AnalysisReport& r) {
  std::vector<ResultFile> files;
  bool any_sobol = false, any_morris = false;
  for (const auto& a : r.outcomes) {
    any_sobol = any_sobol || a.sobol.has_value();
    any_morris = any_morris || a.morris.has_value();
  }
  if (any_sobol) files.push_back(sobol_csv(r));
  if (any_morris) files.push_back(morris_csv(r));
  if (!r.outcomes.empty()) files.push_back(levels_csv(r));
  if (r.prim) files.push_back(prim_csv(r));
  return files;
}

}  // namespace bpsim
