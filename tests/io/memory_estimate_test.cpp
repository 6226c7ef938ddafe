// Memory estimates (sim/model/world.hpp) and the loader's refusal, before allocating,
// of a scenario whose run exceeds the memory budget; --max-memory on the command line.
#include "analysis/rows.hpp"
#include "sim/core/run.hpp"
#include "sim/io/generate.hpp"
#include "sim/io/memory_budget.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "sim/model/world.hpp"

#include <fmt/format.h>

#include <doctest/doctest.h>

#include <algorithm>

#include "support/builders.hpp"
#include "support/command.hpp"

#include <chrono>
#include <string>

using namespace bpsim;

namespace {

// The budget for the lifetime of the guard, then the default again.
struct BudgetGuard {
  explicit BudgetGuard(std::uint64_t bytes) { set_memory_budget(bytes); }
  ~BudgetGuard() { set_memory_budget(0); }
};

std::uint64_t bytes(const Eigen::MatrixXd& m) { return static_cast<std::uint64_t>(m.size()) * sizeof(double); }
std::uint64_t bytes(const Eigen::VectorXd& v) { return static_cast<std::uint64_t>(v.size()) * sizeof(double); }
std::uint64_t bytes(const Eigen::ArrayXd& v) { return static_cast<std::uint64_t>(v.size()) * sizeof(double); }

// What a World and a Workspace hold in their arrays after a run.
std::uint64_t held(const World& w, const Workspace& ws) {
  const Derived& d = ws.derived;
  std::uint64_t b = bytes(w.capability) + bytes(w.alignment) + bytes(w.relations);
  for (const Eigen::MatrixXd& m : w.dependence) b += bytes(m);
  b += bytes(w.orders);
  for (const Flows& f : ws.deltas.flows) b += bytes(f.amount);
  for (const Eigen::MatrixXd* m : {&d.share, &d.distance, &d.score, &d.threat, &d.common, &d.homophily, &d.propensity,
                                   &d.pull, &ws.deltas.rel, &ws.attribution.d_alignment, &ws.attribution.d_power})
    b += bytes(*m);
  for (const Eigen::VectorXd* v : {&d.weights, &d.power, &d.threat_level, &d.pull_weight}) b += bytes(*v);
  for (const Eigen::ArrayXd* v : {&d.eps_over_tau, &d.wt_beta, &d.tolerance_power}) b += bytes(*v);
  const auto n = static_cast<std::uint64_t>(w.alignment.rows());
  b += n_mechanisms * n * static_cast<std::uint64_t>(w.alignment.cols() + w.capability.cols()) * sizeof(double);
  return b;
}

// `states: [*s, *s, ...]`: n states from one anchored node, a few bytes each.
std::string anchored_states(int n) {
  std::string yaml =
      "scenario: huge\nticks: 1\ndimensions:\n  capability: [gdp]\n  alignment: [x]\n"
      "states: [&s {id: A, capability: {gdp: 1}, alignment: [0]}";
  yaml.reserve(yaml.size() + 4 * static_cast<std::size_t>(n));
  for (int i = 1; i < n; ++i) yaml += ", *s";
  return yaml + "]\n";
}

}  // namespace

TEST_CASE("tick_result_values counts the columns of rows.hpp") {
  const Scenario sc = test::make_scenario(7, 2);  // 3 dims, 21 watched dyads
  const RunSizes s = run_sizes(sc);
  CHECK(s.states == 7);
  CHECK(s.dims == 3);
  CHECK(s.axes == 2);
  CHECK(s.watched == 21);
  const std::uint64_t values =
      7 * state_value_columns(sc).size() + 21 * dyad_value_columns().size() + world_value_columns().size();
  CHECK(tick_result_values(s) == values);
}

// The N x N arrays with C dependence channels in use (v1: C = 1, arms): the Scenario 2 + C
// (relations, proximity, each channel's tick-0 shares), two Worlds 1 + C each, Derived 7,
// Deltas 1 + C (relations, each channel's flows): 12 + 4C N^2 doubles. A channel no event
// feeds is not in use and costs nothing.
TEST_CASE("the N x N arrays dominate: 12 + 4C N^2 doubles for a scenario and one run (16 in v1)") {
  for (const std::uint64_t c : {0u, 1u, 2u}) {
    CAPTURE(c);
    const RunSizes s{10000, 3, 2, 0, c};
    const double n2 = 1e8, cd = static_cast<double>(c);
    const double single = static_cast<double>(single_run_memory_estimate(s));
    CHECK(single >= 8 * (12 + 4 * cd) * n2);
    CHECK(single <= 8 * (12 + 4 * cd) * n2 * 1.01);
    CHECK(static_cast<double>(scenario_memory_estimate(s)) == doctest::Approx(8 * (2 + cd) * n2).epsilon(0.01));
    CHECK(static_cast<double>(run_memory_estimate(s)) == doctest::Approx(8 * (10 + 3 * cd) * n2).epsilon(0.01));
  }
  CHECK(RunSizes{}.channels == 1);  // the v1 default
}

TEST_CASE("the channels in use: arms in the flagship, arms and energy in energy_alliance, none in a bare file") {
  const Scenario flagship = load_scenario(BPSIM_SOURCE_DIR "/scenarios/pivot_to_asia_2014.yaml");
  const Scenario energy = load_scenario(BPSIM_SOURCE_DIR "/scenarios/energy_alliance.yaml");
  CHECK(run_sizes(flagship).channels == 1);
  CHECK(flagship.uses_dependence(dependence_channel<ArmsSaleEvent>));
  CHECK_FALSE(flagship.uses_dependence(dependence_channel<EnergyDealEvent>));
  CHECK(flagship.dependence0[dependence_channel<EnergyDealEvent>].size() == 0);
  CHECK(run_sizes(energy).channels == 2);
  const World w = make_world(flagship, 1);
  CHECK(w.dependence[dependence_channel<EnergyDealEvent>].size() == 0);  // no memory for it
  CHECK(w.arms_dep().rows() == flagship.n_states());
  const Scenario bare = parse_scenario(
      "scenario: bare\nticks: 1\ndimensions: {capability: [gdp], alignment: [x]}\n"
      "states: [{id: A, capability: {gdp: 1}, alignment: [0]}, {id: B, capability: {gdp: 1}, alignment: [0]}]\n",
      "bare.yaml");
  CHECK(run_sizes(bare).channels == 0);
}

TEST_CASE("model v2's arms order book: one more N x N array in each of a run's two Worlds") {
  const Scenario v1 = load_scenario(BPSIM_SOURCE_DIR "/scenarios/pivot_to_asia_2014.yaml");
  const Scenario v2 = load_scenario(BPSIM_SOURCE_DIR "/scenarios/pivot_to_asia_2014.yaml", {{"model", "v2"}});
  CHECK(run_sizes(v1).books == 0);
  CHECK(run_sizes(v2).books == 1);
  const auto n2 = static_cast<std::uint64_t>(v2.n_states() * v2.n_states());
  CHECK(run_memory_estimate(run_sizes(v2)) - run_memory_estimate(run_sizes(v1)) == 2 * 8 * n2);
  CHECK(make_world(v2, 1).orders.size() == static_cast<Eigen::Index>(n2));
  // What a v2 run holds stays within its estimate.
  Workspace ws;
  RunOptions opt;
  opt.workspace = &ws;
  const World w = run_scenario(v2, opt, nullptr);
  CHECK(held(w, ws) <= run_memory_estimate(run_sizes(v2)));
}

TEST_CASE("estimates saturate instead of wrapping") {
  const RunSizes s{std::uint64_t{1} << 40, 3, 2, 0};
  CHECK(run_memory_estimate(s) == UINT64_MAX);
  CHECK(single_run_memory_estimate(s) == UINT64_MAX);
  CHECK(ensemble_memory_estimate({100, 3, 2, 0}, {UINT64_MAX, 2, 48, false}) == UINT64_MAX);
}

TEST_CASE("run_memory_estimate covers what a World and its Workspace hold after a run") {
  GenerateOptions g;
  g.states = 60;
  g.ticks = 3;
  const Scenario sc = parse_scenario(generate_scenario_yaml(g), "gen.yaml");
  Workspace ws;
  RunOptions opt;
  opt.workspace = &ws;
  opt.attribution = true;
  const World w = run_scenario(sc, opt, nullptr);
  const std::uint64_t estimate = run_memory_estimate(run_sizes(sc));
  CHECK(held(w, ws) <= estimate);
  CHECK(static_cast<double>(held(w, ws)) >= 0.5 * static_cast<double>(estimate));  // not wildly above
}

TEST_CASE("ensembles: per-replicate tables grow with runs and ticks") {
  const RunSizes s{10, 3, 2, 4};
  // 10 states x 7 + 4 dyads x (6 + 2C) + 5 + the count columns (v1: 70 + 32 + 11 = 113)
  const std::uint64_t expected = 70 + 4 * (6 + 2 * kDependenceChannels) + 5 + kCountColumns;
  const std::uint64_t values = tick_result_values(s);
  CHECK(values == expected);
  const std::uint64_t base = ensemble_memory_estimate(s, {1, 1, 0, false});
  const std::uint64_t more = ensemble_memory_estimate(s, {101, 1, 0, false});
  CHECK(more - base == 100 * expected * sizeof(double));  // one tick row of numbers per replicate
  CHECK(ensemble_memory_estimate(s, {1, 4, 0, false}) - base == 3 * run_memory_estimate(s));
  CHECK(compare_memory_estimate({s, s}, {10, 2, 48, 3}) >
        2 * scenario_memory_estimate(s) + 2 * run_memory_estimate(s) + 2 * 10 * 3 * 49 * sizeof(double));
}

TEST_CASE("a 100,000-state scenario is refused at states:, with the estimate, before allocating") {
  const BudgetGuard budget(std::uint64_t{1} << 30);
  const std::string yaml = anchored_states(100000);
  const auto t0 = std::chrono::steady_clock::now();
  std::string message;
  try {
    parse_scenario(yaml, "huge.yaml");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    message = e.diagnostics()[0].str();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // 12 + 4C N^2 doubles with N = 1e5 (v1, C = 1: 1.28e12 bytes = 1.16 TiB).
  // No events, no arms_imports: no channel in use, 12 N^2 doubles with N = 1e5, 0.96e12 bytes.
  const std::uint64_t estimate = single_run_memory_estimate({100000, 1, 1, 0, 0});
  CHECK(static_cast<double>(estimate) == doctest::Approx(8 * 12 * 1e10).epsilon(0.01));
  CHECK(message ==
        "huge.yaml:6:9: states: a run of 100000 states (1 capability dimension, 1 alignment axis, 0 watched "
        "dyads) needs about " +
            bytes_text(estimate) +
            ", more than the memory budget of 1.0 GiB; ask for "
            "less, or raise the budget with the global option --max-memory (e.g. bpsim --max-memory 64G ...)");
  CHECK(seconds < 10.0);
}

// The flagship (8 states, 5 dims, 2 axes, 28 dyads) by hand, with U = 1 dependence channel
// in use (arms), C channels (dyads.csv has two columns for each), M mechanisms and K count
// columns (v1: C = 1, M = 9, K = 6): scenario 184 + 64 (2 + U) doubles + 8 x 256 + 28 x 8
// bytes (5280); two Worlds 2 (64 (1 + U) + 56) doubles (368) and the Workspace
// 541 + 64 (1 + U) + 56 M + 16 M doubles (v1 1317); one tick's rows 72 + 28 (6 + 2C) + 5 + K
// values x 33 bytes (v1 307 values, 10131): v1 28891 bytes, 28 KiB.
// (Its real peak heap is about 0.6 MiB, heaptrack: parsing, logging; the estimate counts
// the arrays.)
constexpr std::uint64_t flagship_estimate() {
  constexpr std::uint64_t u = 1, c = kDependenceChannels, m = n_mechanisms, k = kCountColumns;
  return 8 * (184 + 64 * (2 + u)) + 8 * 256 + 28 * 8 + 8 * 2 * (64 * (1 + u) + 56) +
         8 * (541 + 64 * (1 + u) + 56 * m + 16 * m) + 33 * (72 + 28 * (6 + 2 * c) + 5 + k);
}
TEST_CASE("bpsim --max-memory: refuses the flagship at 16K with the estimate, runs it at 64K, bad size exit 2") {
  test::TempDir dir;
  const std::string flagship = std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml";
  const auto refused = test::run_bpsim(dir, "--max-memory 16K check " + flagship);
  CHECK(refused.status == 2);
  // The states are written in the flagship's base (extends:), and the error says so, at the
  // line of its first state (the base's header comments above it change length).
  const std::string base = std::string(BPSIM_SOURCE_DIR) + "/scenarios/base/world_2010.yaml";
  const std::string text = test::read_text(base);
  const auto at = text.find("\nstates:\n  - id:");
  REQUIRE(at != std::string::npos);
  const long line = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 3;
  CHECK(refused.err == "error: " + base + ":" + std::to_string(line) +
                           ":3: states: a run of 8 states (5 capability dimensions, 2 alignment axes, 28 watched "
                           "dyads) needs about " +
                           fmt::format("{:.0f}", static_cast<double>(flagship_estimate()) / 1024.0) +
                           " KiB, more than the memory budget of 16 KiB; ask for less, or raise "
                           "the budget with the global option --max-memory (e.g. bpsim --max-memory 64G ...)\n");
  static_assert(kDependenceChannels > 1 || flagship_estimate() == 28891);  // the v1 figure
  CHECK(single_run_memory_estimate({8, 5, 2, 28, 1}) == flagship_estimate());
  const auto fits = test::run_bpsim(dir, "--max-memory 64K check " + flagship);
  CHECK(fits.status == 0);
  const auto bad = test::run_bpsim(dir, "--max-memory 12Q check " + flagship);
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--max-memory: '12Q' is not a memory size; use a number of bytes above 0 with an optional "
                     "unit K, M, G or T (KiB, MiB, GiB, TiB), e.g. 512M, 8G, 1.5G") != std::string::npos);
  CHECK(test::run_bpsim(dir, "--max-memory 0 check " + flagship).status == 2);
}

TEST_CASE("parse_memory_size") {
  std::uint64_t b = 0;
  CHECK(parse_memory_size("512M", b));
  CHECK(b == 512ull << 20);
  CHECK(parse_memory_size("1.5g", b));
  CHECK(b == 3ull << 29);
  CHECK(parse_memory_size("16GiB", b));
  CHECK(b == 16ull << 30);
  CHECK(parse_memory_size("2048", b));
  CHECK(b == 2048);
  CHECK_FALSE(parse_memory_size("0", b));
  CHECK_FALSE(parse_memory_size("-1G", b));
  CHECK_FALSE(parse_memory_size("1e3", b));
  CHECK_FALSE(parse_memory_size("G", b));
  CHECK_FALSE(parse_memory_size("99999999999T", b));
}
