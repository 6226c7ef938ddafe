// `bpsim bench`: times whole runs of a scenario in memory (no event log, no
// observer, no files) and prints one machine-readable line:
//   us_per_run=<median> us_per_tick=<median>
// Each run uses its own replicate index, so the noise draws differ but the work is
// the same. Human-readable details go to stderr, with the process CPU time per run
// too: on a shared machine wall time includes waiting for a core, CPU time does not.
#include "sim/cli/cli_common.hpp"
#include "sim/cli/commands.hpp"
#include "sim/core/run.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace bpsim::cli {
namespace {

constexpr double kAutoBudgetUs = 1.5e6;  // default: about 1.5 s of timed runs ...
constexpr int kAutoMaxRuns = 100;        // ... but at most 100 runs
constexpr int kAutoMinRuns = 3;          // ... and at least 3 (a median needs some)

struct BenchArgs {
  std::string file;
  int runs = 0;  // 0: automatic
  int warmup = 1;
  int ticks = -1;  // -1: the scenario's
  std::vector<std::string> sets;
};

struct Timings {
  std::vector<double> wall_us;  // steady_clock, per run
  std::vector<double> cpu_us;   // process CPU time (std::clock), per run
};

struct Stats {
  double min = 0, median = 0, max = 0;
};

Stats stats_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  return {v.front(), median, v.back()};
}

// Times one whole run into t (microseconds); `sink` keeps the result observable.
void time_one_run(const Scenario& sc, const RunOptions& opt, double& sink, Timings& t) {
  const std::clock_t c0 = std::clock();
  const auto t0 = std::chrono::steady_clock::now();
  const World w = run_scenario(sc, opt, Observer{});
  const auto t1 = std::chrono::steady_clock::now();
  const std::clock_t c1 = std::clock();
  sink += w.alignment.size() > 0 ? w.alignment(0, 0) : 0.0;
  t.wall_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  t.cpu_us.push_back(1e6 * static_cast<double>(c1 - c0) / CLOCKS_PER_SEC);
}

int auto_runs(double first_us) {
  const double want = std::ceil(kAutoBudgetUs / std::max(first_us, 1e-3));
  return static_cast<int>(std::clamp(want, double{kAutoMinRuns}, double{kAutoMaxRuns}));
}

// Times warm-ups (discarded) then the runs; run indices 0, 1, ... across both.
Timings time_runs(const Scenario& sc, const BenchArgs& args, int ticks) {
  RunOptions opt;
  opt.seed = sc.seed;
  opt.ticks = ticks;
  opt.log_events = false;
  Workspace workspace;  // reused by every run, as sweeps and ensembles do per thread
  opt.workspace = &workspace;
  double sink = 0;
  std::uint64_t index = 0;
  Timings warm, t;
  for (int i = 0; i < args.warmup; ++i, ++index) {
    opt.run = index;
    time_one_run(sc, opt, sink, warm);
  }
  int runs = args.runs;
  while (runs == 0 || static_cast<int>(t.wall_us.size()) < runs) {
    opt.run = index++;
    time_one_run(sc, opt, sink, t);
    if (runs == 0) runs = auto_runs(t.wall_us.front());
  }
  if (std::isnan(sink)) fmt::print(stderr, "bpsim bench: note: the runs end in NaN\n");
  return t;
}

void report(const Scenario& sc, const BenchArgs& args, int ticks, const Timings& t) {
  const Stats s = stats_of(t.wall_us), cpu = stats_of(t.cpu_us);
  fmt::print(stderr, "bench: {}: {} states, {} capability dims, {} axes, {} events, {} ticks\n", args.file,
             sc.n_states(), sc.n_cap(), sc.n_axes(), sc.events.size(), ticks);
  fmt::print(stderr, "bench: {} runs after {} warm-up (seed {}, run indices differ), steady_clock\n", t.wall_us.size(),
             args.warmup, sc.seed);
  fmt::print(stderr, "bench: per run: min {:.3f} us, median {:.3f} us, max {:.3f} us\n", s.min, s.median, s.max);
  fmt::print(stderr, "bench: per tick: min {:.4f} us, median {:.4f} us\n", s.min / ticks, s.median / ticks);
  fmt::print(stderr, "bench: cpu time per run: min {:.3f} us, median {:.3f} us ({:.4f} us per tick)\n", cpu.min,
             cpu.median, cpu.median / ticks);
  fmt::print("us_per_run={:.3f} us_per_tick={:.4f}\n", s.median, s.median / ticks);
}

Scenario load_for_bench(const BenchArgs& args) {
  std::vector<Override> overrides;
  for (const std::string& s : args.sets) overrides.push_back(parse_override(s));
  return load_scenario(args.file, overrides);
}

int run_bench(const BenchArgs& args) {
  Scenario sc;
  try {
    sc = load_for_bench(args);
  } catch (const ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return exit_bad_input;
  }
  const int ticks = args.ticks >= 0 ? args.ticks : sc.ticks;
  if (ticks < 1) {
    fmt::print(stderr, "bpsim bench: error: {} has no ticks to time; pass --ticks N\n", args.file);
    return exit_bad_input;
  }
  try {
    report(sc, args, ticks, time_runs(sc, args, ticks));
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "bpsim bench: error: {}\n", e.what());
    return exit_failure;
  }
  return exit_ok;
}

}  // namespace

void register_bench(CLI::App& app, int& status) {
  auto args = std::make_shared<BenchArgs>();
  CLI::App* cmd =
      app.add_subcommand("bench", "Time whole runs in memory; prints `us_per_run=<median> us_per_tick=<median>`");
  cmd->add_option("file", args->file, "Scenario YAML file")->required();
  cmd->add_option("--runs", args->runs, "Timed runs (default: enough for about 1.5 s, at least 3, at most 100)")
      ->check(CLI::Range(1, INT_MAX));
  cmd->add_option("--warmup", args->warmup, "Untimed runs first")->check(CLI::Range(0, INT_MAX))->capture_default_str();
  cmd->add_option("--set", args->sets, "Override a scenario value, PATH=VALUE (repeatable)")->allow_extra_args(false);
  cmd->add_option("--ticks", args->ticks, "Ticks per run (default: the scenario's)")->check(CLI::Range(1, INT_MAX));
  cmd->footer(
      "Example:\n  bpsim bench scenarios/pivot_to_asia_2014.yaml --runs 200\n"
      "  bpsim generate --states 193 -o /tmp/w193.yaml && bpsim bench /tmp/w193.yaml");
  cmd->callback([args, &status] { status = run_guarded([&] { return run_bench(*args); }); });
}

}  // namespace bpsim::cli
