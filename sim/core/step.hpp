// The tick: one synchronous step t -> t+1 of a World against its Scenario, as the
// phases of docs/ODD.md Section 3: gather, attribute, apply, update dependence, advance.
//
// Include direction: the rules' code (rules/*.cpp, rules/rules.hpp) includes core/,
// core/ never includes it; core sees only the kinds' descriptor headers (rules/KIND.hpp,
// data and declarations, through the registry sim/model/events.hpp). The rules are the
// submodels (Section 7) written against core's state and buffers (World, Derived,
// Deltas, rng); the step schedules them through gather_deltas, declared here and
// defined with the list of rules in sim/rules/gather.cpp.
#pragma once

#include "sim/core/deltas.hpp"
#include "sim/core/derived.hpp"
#include "sim/core/rng.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/world.hpp"

namespace bpsim {

// Where each state's change came from in the last step (filled only on request).
struct Attribution {
  Eigen::MatrixXd d_alignment;  // norm of the bounded alignment step per mechanism (n x n_mech)
  Eigen::MatrixXd d_power;      // first-order change of power per mechanism        (n x n_mech)
};

// Scratch of one run, reused every tick: once sized by the first tick, a step allocates
// nothing. Drivers may reuse one across runs of the same world (RunOptions::workspace).
struct Workspace {
  Derived derived;  // of the World at its current tick
  Deltas deltas;    // of the last step
  Attribution attribution;
  bool attribute = false;
  rng::Key key{0, 0};
};

// Prepare ws for w (computes Derived at w's tick). Call once before stepping.
void init_workspace(const Scenario& sc, const World& w, Workspace& ws);

// Advance w by one tick. Every rule reads the state at t; deltas are summed, then
// applied once. On return ws.derived describes the new state.
void step(const Scenario& sc, World& w, Workspace& ws);

// The phases of step(), in order, exposed for tests.
// 1. Gather: reset ws.deltas, then every rule adds to them (sim/rules/gather.cpp).
void gather_deltas(const Scenario& sc, const World& w, Workspace& ws);
// 3. Apply the summed deltas to A, C and R (the soft bound and the clamps).
void apply_deltas(const Scenario& sc, const Deltas& dl, World& w);
// 4. Update the dependence matrices from this step's deliveries (Section 7.6).
void update_dependence(const Scenario& sc, const Deltas& dl, World& w);
// 2. Attribute (only when ws.attribute): where each change came from (Section 7.12).
void attribute_changes(const Scenario& sc, const World& w, const Derived& d, const Deltas& dl, Attribution& out);

}  // namespace bpsim
