// The rules: free functions, one file each. Each reads the Scenario, the Derived
// quantities and the World at tick t, and only adds to Deltas (never writes World),
// so the step is synchronous and the order of rules changes nothing but the log.
#pragma once

#include "sim/core/deltas.hpp"
#include "sim/core/derived.hpp"
#include "sim/core/rng.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/world.hpp"

namespace bpsim {

// Everything a rule may read, bundled to keep signatures short.
struct RuleInput {
  const Scenario& sc;
  const World& w;
  const Derived& d;
  const rng::Key& key;
};

// Endogenous dynamics, active every tick (alignment.cpp, noise.cpp, capability.cpp,
// relations.cpp).
void apply_alignment_pull(const RuleInput& in, Deltas& out);     // social + identity
void apply_noise(const RuleInput& in, Deltas& out);              // sigma_a N(0,1); C sigma_c N(0,1)
void apply_capability_growth(const RuleInput& in, Deltas& out);  // growth, Richardson
void apply_relation_drift(const RuleInput& in, Deltas& out);     // lambda_R (S - R)
// Model v2, after the events and before the drift: the summed shocks F of the tick
// saturate, F <- F (1 - R) where F > 0 and F (1 + R) where F < 0 (relations.cpp).
void saturate_relation_shocks(const RuleInput& in, Deltas& out);
// Model v2, after the events: the order book delivers 1/L of each entry, with the
// effects of a delivery, and sets each buyer's total procurement (arms_sales.cpp).
void deliver_orders(const RuleInput& in, Deltas& out);

// Scheduled rules: RuleKind<E>::apply(in, event, stream, out), declared in each kind's
// header (sim/rules/KIND.hpp), `stream` the event's own RNG stream (Event::stream).
// Dispatch one event to its rule (whatever its schedule), on the event's own stream.
void apply_event(const RuleInput& in, const Event& event, Deltas& out);

// Helpers shared by rules.
// Mean position of members on axis k (0 for no members); no allocation.
double mean_alignment(const World& w, const std::vector<int>& members, Eigen::Index k);
double economy_exposure(const Scenario& sc, const Derived& d, const std::vector<int>& members);
std::string join_ids(const Scenario& sc, const std::vector<int>& members);

}  // namespace bpsim
