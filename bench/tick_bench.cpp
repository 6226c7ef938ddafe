// Microbenchmarks of the tick and of each of its phases, on synthetic worlds of
// 8, 50, 193 and 1000 states (sim/io/generate.hpp, seed 7, 2 axes, 5 capability
// dims). Each fixture is first stepped to tick 24, so most events are active.
// The argument of every benchmark is the number of states. See docs/benchmarks.md.
#include "sim/core/run.hpp"
#include "sim/io/generate.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "sim/rules/rules.hpp"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <type_traits>

namespace {

using namespace bpsim;

struct Fixture {
  Scenario sc;
  World w;
  Workspace ws;
};

constexpr int kWarmTicks = 24;

Fixture& fixture(int n) {
  static std::map<int, std::unique_ptr<Fixture>> cache;
  auto& f = cache[n];
  if (f) return *f;
  f = std::make_unique<Fixture>();
  GenerateOptions opt;
  opt.states = n;
  f->sc = parse_scenario(generate_scenario_yaml(opt), "synthetic");
  f->w = make_world(f->sc, f->sc.seed);
  f->ws.deltas.log_events = false;
  init_workspace(f->sc, f->w, f->ws);
  for (int t = 0; t < kWarmTicks; ++t) step(f->sc, f->w, f->ws);
  gather_deltas(f->sc, f->w, f->ws);  // deltas of the step from tick 24
  return *f;
}

void sizes(benchmark::internal::Benchmark* b) {
  for (const int n : {8, 50, 193, 1000}) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}

// ---- Whole runs and whole steps ------------------------------------------------

void BM_run48(benchmark::State& st) {
  const Fixture& f = fixture(static_cast<int>(st.range(0)));
  RunOptions opt;
  opt.seed = f.sc.seed;
  opt.log_events = false;
  for (auto _ : st) {
    const World w = run_scenario(f.sc, opt, Observer{});
    benchmark::DoNotOptimize(w.alignment.data());
    ++opt.run;
  }
}
BENCHMARK(BM_run48)->Apply(sizes);

// One step; the World goes back to tick 0 every sc.ticks steps (amortised 1/48).
void BM_step(benchmark::State& st) {
  const Fixture& f = fixture(static_cast<int>(st.range(0)));
  World w = make_world(f.sc, f.sc.seed);
  Workspace ws;
  ws.deltas.log_events = false;
  init_workspace(f.sc, w, ws);
  for (auto _ : st) {
    if (w.tick == f.sc.ticks) {
      w = make_world(f.sc, f.sc.seed);
      init_workspace(f.sc, w, ws);
    }
    step(f.sc, w, ws);
    check_finite(f.sc, w);
  }
}
BENCHMARK(BM_step)->Apply(sizes);

// ---- compute_derived and its pieces ----------------------------------------------

void shares(const Scenario& sc, const World& w, Derived& d) { compute_shares(sc, w.capability, d); }
void scores(const Scenario& sc, const World& w, Derived& d) { compute_scores(sc, w.alignment, d); }

template <void (*Phase)(const Scenario&, const World&, Derived&)>
void BM_derived_phase(benchmark::State& st) {
  Fixture& f = fixture(static_cast<int>(st.range(0)));
  Derived d = f.ws.derived;
  for (auto _ : st) {
    Phase(f.sc, f.w, d);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_derived_phase<&compute_derived>)->Name("BM_compute_derived")->Apply(sizes);
BENCHMARK(BM_derived_phase<&shares>)->Name("BM_compute_shares")->Apply(sizes);
BENCHMARK(BM_derived_phase<&scores>)->Name("BM_compute_scores")->Apply(sizes);
BENCHMARK(BM_derived_phase<&compute_threat>)->Name("BM_compute_threat")->Apply(sizes);
BENCHMARK(BM_derived_phase<&compute_propensity>)->Name("BM_compute_propensity")->Apply(sizes);

// The common-threat product alone (it is the last line of compute_threat).
void BM_common_threat_product(benchmark::State& st) {
  Fixture& f = fixture(static_cast<int>(st.range(0)));
  Derived d = f.ws.derived;
  for (auto _ : st) {
    d.common.noalias() = d.threat * d.threat.transpose();
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_common_threat_product)->Apply(sizes);

// ---- gather_deltas and the rules --------------------------------------------------

void BM_gather_deltas(benchmark::State& st) {
  Fixture& f = fixture(static_cast<int>(st.range(0)));
  for (auto _ : st) {
    gather_deltas(f.sc, f.w, f.ws);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_gather_deltas)->Apply(sizes);

void BM_deltas_reset(benchmark::State& st) {
  Fixture& f = fixture(static_cast<int>(st.range(0)));
  Deltas dl = f.ws.deltas;
  for (auto _ : st) {
    dl.reset(f.sc.n_states(), f.sc.n_cap(), f.sc.n_axes());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_deltas_reset)->Apply(sizes);

template <void (*Rule)(const RuleInput&, Deltas&)>
void BM_rule(benchmark::State& st) {
  Fixture& f = fixture(static_cast<int>(st.range(0)));
  Deltas dl = f.ws.deltas;
  const RuleInput in{f.sc, f.w, f.ws.derived, f.ws.key};
  for (auto _ : st) {
    Rule(in, dl);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_rule<&apply_alignment_pull>)->Name("BM_alignment_pull")->Apply(sizes);
BENCHMARK(BM_rule<&apply_noise>)->Name("BM_noise")->Apply(sizes);
BENCHMARK(BM_rule<&apply_capability_growth>)->Name("BM_capability_growth")->Apply(sizes);
BENCHMARK(BM_rule<&apply_relation_drift>)->Name("BM_relation_drift")->Apply(sizes);

// Every event of the scenario, active or not (the step applies only the active ones).
void apply_all_events(const RuleInput& in, Deltas& out) {
  for (const Event& event : in.sc.events) apply_event(in, event, out);
}
BENCHMARK(BM_rule<&apply_all_events>)->Name("BM_all_events")->Apply(sizes);

// ---- Applying the step -------------------------------------------------------------

// Applies the same deltas again and again: the clamps keep the World finite.
void BM_apply_deltas(benchmark::State& st) {
  Fixture& f = fixture(static_cast<int>(st.range(0)));
  World w = f.w;
  for (auto _ : st) {
    apply_deltas(f.sc, f.ws.deltas, w);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_apply_deltas)->Apply(sizes);

void BM_check_finite(benchmark::State& st) {
  Fixture& f = fixture(static_cast<int>(st.range(0)));
  for (auto _ : st) check_finite(f.sc, f.w);
}
BENCHMARK(BM_check_finite)->Apply(sizes);

}  // namespace

BENCHMARK_MAIN();
