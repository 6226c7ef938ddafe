// The events of a scenario: when each acts (Schedule) and what it does (EventRule).
// Part of the immutable Scenario (scenario.hpp); the rules that apply them are in rules/.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

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

struct SanctionsEvent {
  std::vector<int> by;   // sanctioning coalition (state indices)
  int target = -1;
  double intensity = 0;  // in [0,1]
};

enum class ArmsPolicy { always, security_check };

struct ArmsSaleEvent {
  int seller = -1, buyer = -1;
  double volume = 0;  // fraction of seller's military capability delivered per tick
  ArmsPolicy policy = ArmsPolicy::always;
  double threshold = 0.25;  // security check: sell iff T[seller,buyer] <= threshold
};

struct ExerciseEvent {
  std::vector<int> participants;
  double scale = 0;  // in [0,1]
};

struct EngagementEvent {
  std::vector<int> by;
  int target = -1;
  double intensity = 0;  // in [0,1]
};

// The registry of rule kinds: one alternative per kind. Each needs its descriptor
// RuleKind<E> (sim/model/rule_kinds.hpp) and its line in apply_event
// (sim/rules/events.cpp); without either the build fails.
using EventRule = std::variant<SanctionsEvent, ArmsSaleEvent, ExerciseEvent, EngagementEvent>;

struct Event {
  EventRule rule;
  Schedule when;
  std::string id;            // optional user label (`id:`); names the event's RNG stream
  std::uint32_t stream = 0;  // RNG stream: from id, or from kind and actors (assign_event_streams)
  bool enabled = true;       // `enabled: false` keeps the event (its place, its stream) but
                             // it never acts: switches an event off with one --set
};

}  // namespace bpsim
