// Synthetic worlds for benchmarks and stress tests: N states with heavy-tailed
// capabilities, seeded positions, a few relations and a sprinkling of events,
// written as scenario YAML that the loader validates like any hand-written file.
#pragma once

#include <cstdint>
#include <string>

namespace bpsim {

struct GenerateOptions {
  int states = 8;          // N >= 2; ids S001.. (wider when N > 999)
  int axes = 2;            // D >= 1 alignment axes a1..aD
  int ticks = 48;          // >= 1
  std::uint64_t seed = 7;  // the scenario's seed and the generator's
  int events = -1;         // >= 0; -1: default_event_count(states)
};

// A sprinkling: N/10 events, at least 4 and at most 100.
int default_event_count(int states);

// The state id of index i (0-based) in a world of n states: S001, ..., or S0001, ...
std::string synthetic_state_id(int i, int n);

// Scenario YAML text; a pure function of the options (same options, same bytes).
// Throws std::invalid_argument when an option is out of range.
std::string generate_scenario_yaml(const GenerateOptions& opt);

}  // namespace bpsim
