#include "sim/model/world.hpp"

#include "sim/model/saturating.hpp"
#include "sim/model/traits.hpp"

#include <algorithm>
#include <initializer_list>
#include <variant>

namespace bpsim {

World make_world(const Scenario& sc, std::uint64_t seed, std::uint64_t run) {
  World w;
  w.tick = 0;
  w.seed = seed;
  w.run = run;
  w.capability = sc.capability0;
  w.alignment = sc.alignment0;
  w.relations = sc.relations0;
  w.dependence = sc.dependence0;
  if (uses_order_book(sc)) w.orders = initial_order_book(sc);
  return w;
}

bool uses_order_book(const Scenario& sc) {
  if (sc.model != ModelVersion::v2) return false;
  return std::any_of(sc.events.begin(), sc.events.end(),
                     [](const Event& e) { return std::holds_alternative<ArmsSaleEvent>(e.rule); });
}

bool uses_status_quo(const Scenario& sc) {
  return std::any_of(sc.events.begin(), sc.events.end(), [](const Event& e) {
    const auto* sale = std::get_if<ArmsSaleEvent>(&e.rule);
    return sale != nullptr && sale->policy == ArmsPolicy::status_quo;
  });
}

Eigen::MatrixXd initial_order_book(const Scenario& sc) {
  Eigen::MatrixXd book = Eigen::MatrixXd::Zero(sc.n_states(), sc.n_states());
  const int mil = sc.dim(Role::military);
  for (const Event& e : sc.events) {
    const auto* sale = std::get_if<ArmsSaleEvent>(&e.rule);
    if (sale == nullptr || !e.enabled || !e.when.active(0) || mil < 0) continue;
    book(sale->seller, sale->buyer) +=
        sc.params.arms_lag * sale->volume * sc.capability0(sale->buyer, mil) / e.when.every;
  }
  return book;
}

}  // namespace bpsim

// ---- Memory estimates -----------------------------------------------------------

namespace bpsim {

namespace {

constexpr std::uint64_t kDouble = sizeof(double);
constexpr std::uint64_t kMechanisms = n_mechanisms;
constexpr std::uint64_t kTraitVectors = kTraits.size();
constexpr std::uint64_t kTextPerNumber = 25;       // shortest round-trip double and a comma
constexpr std::uint64_t kBytesPerState = 256;      // id and name strings, the loader's per-state node
constexpr std::uint64_t kBytesPerSummary = 64;     // stats::Summary (int and 7 doubles)
constexpr std::uint64_t kStatistics = 7;           // ensemble rows per cell: mean, sd, p5 .. p95
constexpr std::uint64_t kSeriesColumns = 12;       // compare_series.csv numbers per tick
constexpr std::uint64_t kStreamBuffers = 5 << 18;  // a streamed CsvRecorder: its 5 files' chunks

std::uint64_t doubles(std::uint64_t count) { return mul_sat(count, kDouble); }
std::uint64_t square(const RunSizes& s) { return mul_sat(s.states, s.states); }
std::uint64_t per_state(const RunSizes& s, std::uint64_t m) { return mul_sat(s.states, m); }
std::uint64_t sum(std::initializer_list<std::uint64_t> terms) {
  std::uint64_t total = 0;
  for (const std::uint64_t t : terms) total = add_sat(total, t);
  return total;
}

std::uint64_t world_doubles(const RunSizes& s) {
  return sum({mul_sat(1 + s.channels + s.books, square(s)), per_state(s, add_sat(s.dims, s.axes))});  // R, D, O; C, A
}

// Derived: 7 N x N (distance, score, threat, common, homophily, propensity, pull; 8 with the
// initial world's threat of a status_quo check), the
// shares, weights and 6 vectors; Deltas: d relations, each channel's flows and the per-mechanism
// alignment and capability arrays; Attribution: 2 N x mechanisms.
std::uint64_t workspace_doubles(const RunSizes& s) {
  const std::uint64_t derived = sum({mul_sat(7 + s.references, square(s)), per_state(s, add_sat(s.dims, 6)), s.dims});
  const std::uint64_t deltas =
      sum({mul_sat(1 + s.channels, square(s)), mul_sat(kMechanisms, per_state(s, add_sat(s.dims, s.axes)))});
  const std::uint64_t attribution = mul_sat(2, per_state(s, kMechanisms));
  return sum({derived, deltas, attribution});
}

// The rows of one tick as numbers and as CSV text.
std::uint64_t tick_rows_bytes(const RunSizes& s) { return mul_sat(tick_result_values(s), kDouble + kTextPerNumber); }

}  // namespace

RunSizes run_sizes(const Scenario& sc) {
  return {static_cast<std::uint64_t>(sc.n_states()),
          static_cast<std::uint64_t>(sc.n_cap()),
          static_cast<std::uint64_t>(sc.n_axes()),
          sc.watch.size(),
          dependence_channels_in_use(sc),
          uses_order_book(sc) ? 1U : 0U,
          uses_status_quo(sc) ? 1U : 0U};
}

std::uint64_t tick_result_values(const RunSizes& s) {
  return sum(
      {per_state(s, sum({2, s.dims, s.axes})), mul_sat(6 + 2 * kDependenceChannels, s.watched), 5 + kCountColumns});
}

std::uint64_t scenario_memory_estimate(const RunSizes& s) {
  const std::uint64_t per_state_doubles = sum({mul_sat(2, s.dims), mul_sat(2, s.axes), kTraitVectors});
  return sum({doubles(sum({mul_sat(2 + s.channels, square(s)), per_state(s, per_state_doubles)})),
              per_state(s, kBytesPerState), mul_sat(s.watched, 2 * sizeof(int))});
}

std::uint64_t run_memory_estimate(const RunSizes& s) {
  return sum({doubles(mul_sat(2, world_doubles(s))), doubles(workspace_doubles(s)), tick_rows_bytes(s)});
}

std::uint64_t single_run_memory_estimate(const RunSizes& s) {
  return sum({scenario_memory_estimate(s), run_memory_estimate(s)});
}

std::uint64_t ensemble_memory_estimate(const RunSizes& s, const EnsembleSizes& e) {
  const std::uint64_t values = mul_sat(add_sat(e.ticks, 1), tick_result_values(s));  // one replicate
  const std::uint64_t tables = mul_sat(e.runs, doubles(values));
  const std::uint64_t stats_text = mul_sat(mul_sat(values, kStatistics), kTextPerNumber);
  const std::uint64_t per_thread =
      add_sat(run_memory_estimate(s), e.keep_runs ? add_sat(kStreamBuffers, tick_rows_bytes(s)) : 0);
  return sum(
      {scenario_memory_estimate(s), mul_sat(std::max<std::uint64_t>(e.threads, 1), per_thread), tables, stats_text});
}

std::uint64_t compare_memory_estimate(const std::vector<RunSizes>& scenarios, const CompareSizes& c) {
  std::uint64_t specs = 0, largest_run = 0;
  for (const RunSizes& s : scenarios) {
    specs = add_sat(specs, scenario_memory_estimate(s));
    largest_run = std::max(largest_run, run_memory_estimate(s));
  }
  const std::uint64_t ns = scenarios.size();
  const std::uint64_t cells = mul_sat(mul_sat(ns, c.outcomes), add_sat(c.ticks, 1));  // per replicate: a series
  const std::uint64_t series = doubles(mul_sat(cells, c.runs));
  const std::uint64_t bands = mul_sat(cells, kBytesPerSummary + 3 * kDouble);  // Summary and Interval per tick
  const std::uint64_t text = mul_sat(mul_sat(cells, kSeriesColumns), kTextPerNumber);
  return sum({specs, mul_sat(std::max<std::uint64_t>(c.threads, 1), largest_run), series, bands, text});
}

}  // namespace bpsim
