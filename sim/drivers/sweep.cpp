#include "sim/drivers/sweep.hpp"

#include "analysis/design.hpp"
#include "sim/core/run.hpp"
#include "sim/drivers/parallel.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/memory_budget.hpp"
#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/event_ids.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace bpsim {

namespace {

using Clock = std::chrono::steady_clock;

std::string value_text(double v) { return fmt::format("{}", v); }

std::string default_worker() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return fmt::format("{}:{}", host, ::getpid());
}

// Every value a parameter can take lies between the ones checked here (ranges are
// intervals, checks are per value), so a plan that passes never fails validation later.
void check_extremes(const SweepSpec& spec, const std::vector<Override>& fixed) {
  for (const SweepParameter& p : spec.parameters) {
    const std::vector<double> values = p.levels.empty() ? std::vector<double>{p.lo, p.hi} : p.levels;
    for (const double v : values) {
      std::vector<Override> o = fixed;
      o.push_back({p.path, value_text(v)});
      try {
        load_scenario(spec.scenario_path, o);
      } catch (const ScenarioError& e) {
        std::vector<Diagnostic> d = e.diagnostics();
        Diagnostic note;
        note.file = spec.file;
        note.yaml_path = "parameters[" + p.path + "]";
        note.message = fmt::format("the scenario does not accept {} = {} (from this parameter's {})", p.path,
                                   value_text(v), p.levels.empty() ? "range" : "levels");
        d.push_back(note);
        throw ScenarioError(d);
      }
    }
  }
}

// Outcomes that do not fit the scenario (an unknown state, a tick past the end) are the
// sweep file's fault: every one reported at its line.
void bind_outcomes(SweepPlan& plan) {
  std::vector<Diagnostic> bad;
  for (std::size_t i = 0; i < plan.outcome_texts.size(); ++i) {
    try {
      OutcomeSpec o = parse_outcome(plan.outcome_texts[i]);
      bind_outcome(o, plan.base);
      plan.outcomes.push_back(std::move(o));
    } catch (const std::invalid_argument& e) {
      const SweepPosition at = i < plan.spec.outcome_at.size() ? plan.spec.outcome_at[i] : SweepPosition{};
      bad.push_back(
          sweep_diagnostic(plan.spec, at, fmt::format("{} (scenario {})", e.what(), plan.spec.scenario_path)));
    }
  }
  if (!bad.empty()) throw ScenarioError(bad);
}

// What a sweep holds in memory at most, in bytes: the design (unit cube and parameter
// units, a role per point), the run lists of a resume, the arrays `analyze` builds
// (a row per run with every outcome, the PRIM matrix), and per thread a World with
// its workspace (about 32 n x n arrays).
std::uint64_t sweep_memory_estimate(const SweepPlan& plan, std::uint64_t points) {
  const auto k = static_cast<std::uint64_t>(plan.spec.parameters.size());
  const auto n_out = static_cast<std::uint64_t>(plan.outcome_texts.size());
  const auto n = static_cast<std::uint64_t>(plan.base.state_ids.size());
  const std::uint64_t runs = mul_sat(points, static_cast<std::uint64_t>(plan.spec.replicates));
  const std::uint64_t per_point = add_sat(mul_sat(16, k), 64);
  const std::uint64_t per_run = add_sat(100, mul_sat(8, add_sat(n_out, k)));
  const std::uint64_t per_thread = mul_sat(std::uint64_t{32} * 8, mul_sat(n, n));
  const std::uint64_t threads = std::max(1u, std::thread::hardware_concurrency());
  return add_sat(add_sat(mul_sat(points, per_point), mul_sat(runs, per_run)), mul_sat(threads, per_thread));
}

void check_memory(const SweepPlan& plan) {
  const std::uint64_t points = sweep_point_count(plan.spec);
  const std::string problem = memory_problem(sweep_memory_estimate(plan, points),
                                             fmt::format("the sweep ({} points x {} replicates, {} outcomes)", points,
                                                         plan.spec.replicates, plan.outcome_texts.size()));
  if (!problem.empty()) throw ScenarioError({sweep_diagnostic(plan.spec, plan.spec.design_at, problem)});
}

}  // namespace

double parameter_value(const SweepParameter& p, double u) {
  if (!p.levels.empty()) {
    const auto last = static_cast<double>(p.levels.size() - 1);
    const auto j = static_cast<std::size_t>(std::clamp(std::lround(u * last), 0L, static_cast<long>(last)));
    return p.levels[j];
  }
  if (p.log) return p.lo * std::pow(p.hi / p.lo, u);
  return p.lo + u * (p.hi - p.lo);
}

Eigen::MatrixXd sweep_design(const SweepSpec& spec, std::vector<std::string>& roles) {
  const SweepDesign& d = spec.design;
  const int k = static_cast<int>(spec.parameters.size());
  Eigen::MatrixXd unit;
  roles.clear();
  if (d.kind == "grid") {
    std::vector<int> levels;
    for (const SweepParameter& p : spec.parameters) {
      levels.push_back(p.levels.empty() ? d.points : static_cast<int>(p.levels.size()));
    }
    unit = design::full_grid(levels);
  } else if (d.kind == "random") {
    unit = design::random_uniform(d.samples, k, d.seed);
  } else if (d.kind == "latin_hypercube") {
    unit = design::latin_hypercube(d.samples, k, d.seed);
  } else if (d.kind == "sobol") {
    unit = design::saltelli(d.samples, k, d.seed).points;
    for (int b = 0; b < k + 2; ++b) {
      const std::string role = b == 0 ? "A" : b == 1 ? "B" : fmt::format("AB{}", b - 1);
      for (int i = 0; i < d.samples; ++i) roles.push_back(role);
    }
  } else if (d.kind == "morris") {
    unit = design::morris(d.trajectories, k, d.levels, d.seed).points;
    for (int t = 0; t < d.trajectories; ++t) {
      for (int i = 0; i <= k; ++i) roles.push_back(fmt::format("traj{}", t));
    }
  } else {
    throw std::invalid_argument("unknown design kind '" + d.kind + "'");
  }
  if (roles.empty()) roles.assign(static_cast<std::size_t>(unit.rows()), "");
  return unit;
}

SweepPlan plan_sweep(const std::string& sweep_file) {
  SweepPlan plan;
  plan.spec = load_sweep(sweep_file);
  plan.fixed = plan.spec.fixed;
  plan.base = load_scenario(plan.spec.scenario_path, plan.fixed);
  plan.outcome_texts = plan.spec.outcomes.empty() ? default_outcomes(plan.base) : plan.spec.outcomes;
  bind_outcomes(plan);
  check_memory(plan);
  check_extremes(plan.spec, plan.fixed);
  // An event named by its id takes the fast patcher too (which addresses events by index).
  for (const SweepParameter& p : plan.spec.parameters)
    plan.patches.push_back(ScenarioPatch::compile(plan.base, event_path_by_index(plan.base, p.path)));
  plan.unit = sweep_design(plan.spec, plan.roles);
  plan.points = parameter_units(plan.spec, plan.unit);
  plan.fingerprint = sweep_fingerprint(plan.spec);
  return plan;
}

Scenario point_scenario(const SweepPlan& plan, std::int64_t point) {
  const bool fast = std::all_of(plan.patches.begin(), plan.patches.end(), [](const auto& p) { return p.has_value(); });
  if (fast) {
    Scenario sc = plan.base;
    for (std::size_t j = 0; j < plan.patches.size(); ++j) {
      plan.patches[j]->apply(sc, plan.points(point, static_cast<Eigen::Index>(j)));
    }
    return sc;
  }
  std::vector<Override> o = plan.fixed;
  for (std::size_t j = 0; j < plan.spec.parameters.size(); ++j) {
    o.push_back({plan.spec.parameters[j].path, value_text(plan.points(point, static_cast<Eigen::Index>(j)))});
  }
  return load_scenario(plan.spec.scenario_path, o);
}

RunRecord execute_run(const SweepPlan& plan, std::int64_t run) {
  const auto t0 = Clock::now();
  RunRecord rec;
  rec.run = run;
  rec.point = run / plan.spec.replicates;
  rec.replicate = static_cast<int>(run % plan.spec.replicates);
  rec.seed = plan.base.seed;
  rec.trajectory_every = plan.spec.trajectories_every;
  try {
    const Scenario sc = point_scenario(plan, rec.point);
    OutcomeRecorder recorder(sc, plan.outcomes);
    RunOptions ro;
    ro.seed = rec.seed;
    ro.run = static_cast<std::uint64_t>(rec.replicate);
    ro.log_events = false;
    thread_local Workspace workspace;  // reused by this thread's runs: no allocation per run
    ro.workspace = &workspace;
    run_scenario(sc, ro, [&](const TickView& v) { recorder.observe(v); });
    rec.outcomes = recorder.values();
    if (rec.trajectory_every > 0) {
      for (const std::vector<double>& s : recorder.series()) {
        std::vector<double> kept;
        for (std::size_t t = 0; t < s.size(); t += static_cast<std::size_t>(rec.trajectory_every)) kept.push_back(s[t]);
        rec.trajectory.push_back(std::move(kept));
      }
    }
  } catch (const std::exception& e) {
    rec.ok = false;
    rec.error = e.what();
    rec.outcomes.clear();
    rec.trajectory.clear();
  }
  rec.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  return rec;
}

SweepHeader sweep_header(const SweepPlan& plan, const std::string& shard) {
  SweepHeader h;
  h.fingerprint = plan.fingerprint;
  h.sweep_file = plan.spec.file;
  h.scenario_file = plan.spec.scenario_path;
  h.scenario_sha256 = scenario_sha256(plan.spec.scenario_path);
  h.design_kind = plan.spec.design.kind;
  h.shard = shard;
  h.parameters = plan.spec.parameters;
  h.outcomes = plan.outcome_texts;
  h.spec_json = sweep_spec_json(plan.spec);
  return h;
}

Eigen::MatrixXd parameter_units(const SweepSpec& spec, const Eigen::MatrixXd& unit) {
  Eigen::MatrixXd points(unit.rows(), unit.cols());
  for (Eigen::Index i = 0; i < unit.rows(); ++i)
    for (Eigen::Index j = 0; j < unit.cols(); ++j)
      points(i, j) = parameter_value(spec.parameters[static_cast<std::size_t>(j)], unit(i, j));
  return points;
}

void check_db_design(const SweepDb& db) {
  const SweepSpec spec = db.spec();
  std::vector<std::string> roles;
  const Eigen::MatrixXd mine = parameter_units(spec, sweep_design(spec, roles));
  const Eigen::MatrixXd stored = db.points();
  const bool same = mine.rows() == stored.rows() && mine.cols() == stored.cols() &&
                    (mine.array() == stored.array()).all() && db.roles() == roles;
  if (!same)
    throw SweepDbError(db.path(),
                       "the stored points are not the design of the stored sweep (the database was changed after "
                       "it was written, or written by another bpsim version); run the sweep again into a new DB");
}

SweepDb open_sweep_db(const SweepPlan& plan, const std::string& path, const std::string& shard) {
  SweepDb db = SweepDb::open(path, sweep_header(plan, shard), plan.points, plan.roles);
  const SweepDesign& d = plan.spec.design;
  const std::pair<const char*, std::string> meta[] = {
      {"design.kind", d.kind},
      {"design.samples", std::to_string(d.samples)},
      {"design.seed", std::to_string(d.seed)},
      {"design.trajectories", std::to_string(d.trajectories)},
      {"design.levels", std::to_string(d.levels)},
      {"design.points", std::to_string(d.points)},
      {"replicates", std::to_string(plan.spec.replicates)},
      {"scenario_seed", std::to_string(plan.base.seed)},
      {"trajectories_every", std::to_string(plan.spec.trajectories_every)},
      {"design.samples_at", plan.spec.samples_at.line > 0 ? sweep_position_text(plan.spec, plan.spec.samples_at) : ""}};
  for (const auto& [key, value] : meta) {
    if (db.meta(key) != value) db.set_meta(key, value);
  }
  return db;
}

std::vector<std::int64_t> pending_runs(const SweepPlan& plan, const SweepDb& db, int shard, int shards) {
  const std::vector<std::int64_t> finished = db.finished_runs();  // sorted
  std::vector<std::int64_t> out;
  for (std::int64_t run = shard - 1; run < plan.total_runs(); run += shards) {
    if (!std::binary_search(finished.begin(), finished.end(), run)) out.push_back(run);
  }
  return out;
}

SweepSummary run_sweep(const SweepPlan& plan, SweepDb& db, const SweepOptions& opt) {
  const auto t0 = Clock::now();
  SweepSummary s;
  for (std::int64_t run = opt.shard - 1; run < plan.total_runs(); run += opt.shards) ++s.planned;
  const std::vector<std::int64_t> todo = pending_runs(plan, db, opt.shard, opt.shards);
  s.already = s.planned - static_cast<std::int64_t>(todo.size());
  const std::string worker = opt.worker.empty() ? default_worker() : opt.worker;

  std::mutex buffer_mutex, db_mutex;
  std::vector<RunRecord> buffer;
  auto last_flush = Clock::now();
  std::int64_t done = 0, failed = 0;
  // Writes the buffer when it is full or old enough (or when forced); the records
  // leave the buffer under one lock and reach the DB in one transaction.
  auto flush = [&](bool force) {
    std::vector<RunRecord> batch;
    {
      const std::lock_guard<std::mutex> lock(buffer_mutex);
      const double age = std::chrono::duration<double>(Clock::now() - last_flush).count();
      if (buffer.empty() || (!force && static_cast<int>(buffer.size()) < opt.batch && age < opt.flush_seconds)) return;
      batch.swap(buffer);
      last_flush = Clock::now();
    }
    const std::lock_guard<std::mutex> lock(db_mutex);
    std::sort(batch.begin(), batch.end(), [](const RunRecord& a, const RunRecord& b) { return a.run < b.run; });
    db.record(batch);
  };
  parallel_for(static_cast<std::int64_t>(todo.size()), opt.threads, [&](std::int64_t i, int) {
    if (opt.stop && opt.stop->load()) return;
    RunRecord rec = execute_run(plan, todo[static_cast<std::size_t>(i)]);
    rec.worker = worker;
    {
      const std::lock_guard<std::mutex> lock(buffer_mutex);
      if (!rec.ok) ++failed;
      buffer.push_back(std::move(rec));
      ++done;
      if (opt.progress) opt.progress(s.already + done, s.planned);
    }
    flush(false);
  });
  flush(true);
  s.ran = done;
  s.failed = failed;
  s.interrupted = opt.stop && opt.stop->load() && s.already + done < s.planned;
  s.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return s;
}

}  // namespace bpsim
