// The numeric rows of the result tables (states, dyads, world) for one tick: the
// same values, in the same column order, as states.csv, dyads.csv and world.csv.
// Shared by the CSV writer of single runs and the ensemble statistics.
#pragma once

#include "sim/core/run.hpp"

#include <array>
#include <string>
#include <vector>

namespace bpsim {

// Value columns (without tick and ids): power, threat, <capability dims>, <axes>.
std::vector<std::string> state_value_columns(const Scenario& sc);
// alignment, relation, asymmetry, power_ratio, threat_ab, threat_ba, then per dependence
// channel (kDependenceNames) CHANNEL_dep_ab, CHANNEL_dep_ba
inline constexpr std::size_t kDyadValues = 6 + 2 * kDependenceChannels;
const std::vector<std::string>& dyad_value_columns();
// concentration, effective_poles, polarization, blocs, mean_relation, then the rule
// kinds' count columns (kCountNames)
inline constexpr std::size_t kWorldMetricValues = 5;
const std::vector<std::string>& world_value_columns();

// The values in column order: dyad_value_columns(), and the event-count columns that
// end world_value_columns() (0 at tick 0, where v.last is null).
std::array<double, kDyadValues> dyad_values(const TickView& v, int a, int b);
StepCounts count_values(const TickView& v);

// Append the values of one row to out.
void append_state_row(const TickView& v, int i, std::vector<double>& out);
void append_dyad_row(const TickView& v, int a, int b, std::vector<double>& out);
void append_world_row(const TickView& v, std::vector<double>& out);

}  // namespace bpsim
