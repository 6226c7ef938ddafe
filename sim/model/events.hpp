// The events of a scenario: when each acts (Schedule) and what it does (EventRule).
// Part of the immutable Scenario (scenario.hpp); each kind's event struct, descriptor and
// rule are its own files in sim/rules/ (sim/model/rule_spec.hpp says what they hold).
#pragma once

#include "sim/rules/arms_sales.hpp"
#include "sim/rules/energy_deal.hpp"
#include "sim/rules/engagement.hpp"
#include "sim/rules/exercises.hpp"
#include "sim/rules/sanctions.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace bpsim {

// When an event acts: ticks t with from <= t < until and (t - from) % every == 0.
struct Schedule {
  int from = 0;
  int until = -1;  // exclusive; -1 = the scenario's end
  int every = 1;
  bool active(int tick) const {
    if (tick < from || (until >= 0 && tick >= until)) return false;
    return (tick - from) % every == 0;
  }
};

// The registry of rule kinds, in the order of their count columns, mechanisms and
// dependence channels: a new kind is its header's #include above and one entry here.
using EventRule = std::variant<SanctionsEvent, ArmsSaleEvent, ExerciseEvent, EngagementEvent, EnergyDealEvent>;

struct Event {
  EventRule rule;
  Schedule when;
  std::string id;            // optional user label (`id:`); names the event's RNG stream
  std::uint32_t stream = 0;  // RNG stream: from id, or from kind and actors (assign_event_streams)
  bool enabled = true;       // `enabled: false` keeps the event (its place, its stream) but
                             // it never acts: switches an event off with one --set
};

}  // namespace bpsim
