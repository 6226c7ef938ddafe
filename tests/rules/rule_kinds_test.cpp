// sim/model/rule_kinds.hpp: the rule kinds' descriptors, and what is derived from them
// (the loader's keys and checks, the world.csv count columns; docs/ODD.md Sections 7.5-7.8, 9).
#include "sim/model/rule_kinds.hpp"
#include "sim/core/deltas.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/scenario_errors.hpp"

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

using namespace bpsim;

namespace {

// Three states with every role, and one event whose rule is `rule` (a YAML flow map).
std::string with_event(const std::string& rule) {
  return R"(scenario: kinds
ticks: 10
dimensions:
  capability: [{name: gdp, role: economy}, {name: milex, role: military}]
  alignment: [x]
states:
  - {id: A, capability: {gdp: 1, milex: 2}, alignment: [0.5]}
  - {id: B, capability: {gdp: 3, milex: 4}, alignment: [-0.5]}
  - {id: C, capability: {gdp: 5, milex: 6}, alignment: [0]}
events:
  - {)" + rule +
         R"(, at: 1}
)";
}

}  // namespace

TEST_CASE("rule kinds: one key per alternative of EventRule, in variant order") {
  static_assert(kRuleKinds == std::variant_size_v<EventRule>);
  // The kinds of model v1 first, in their order (a new kind is appended: the count
  // columns, mechanisms and streams of existing kinds keep their places).
  const std::vector<std::string_view> keys(kRuleKeys.begin(), kRuleKeys.begin() + 4);
  CHECK(keys == std::vector<std::string_view>{"sanctions", "arms_sale", "exercise", "engagement"});
  for (std::size_t i = 0; i < kRuleKinds; ++i)
    for (std::size_t j = i + 1; j < kRuleKinds; ++j) CHECK(kRuleKeys[i] != kRuleKeys[j]);
}

TEST_CASE("rule kinds: the world.csv count columns are the kinds' counts (ODD Section 9)") {
  const std::vector<std::string_view> names(kCountNames.begin(), kCountNames.begin() + 6);
  CHECK(names == std::vector<std::string_view>{"sanctions", "deliveries", "blocked_sales", "exercises", "incidents",
                                               "engagements"});
  // count_slot finds a kind's own count in that list.
  static_assert(count_slot<ArmsSaleEvent>("deliveries") == 1);
  static_assert(count_slot<ExerciseEvent>("incidents") == 4);
  static_assert(count_slot<EngagementEvent>("engagements") == 5);
  // Mechanisms: the endogenous four, one per kind in variant order, then noise.
  CHECK(mechanism_name(mechanism_of<ArmsSaleEvent>) == "arms_sales");
  CHECK(mechanism_name(static_cast<Mechanism>(first_rule_mechanism)) == "sanctions");
  CHECK(mechanism_name(noise) == "noise");
  CHECK(noise == n_mechanisms - 1);
}

TEST_CASE("rule kinds: optional fields take the member's default, required ones are required") {
  const Scenario sc = parse_scenario(with_event("arms_sale: {seller: A, buyer: B, volume: 0.1}"), "k.yaml");
  const auto& sale = std::get<ArmsSaleEvent>(sc.events.at(0).rule);
  CHECK(sale.policy == ArmsPolicy::always);
  CHECK(sale.threshold == 0.25);
  CHECK(sale.volume == 0.1);
  CHECK(test::load_errors(with_event("arms_sale: {seller: A, buyer: B}")) ==
        std::vector<std::string>{"events[0].arms_sale: missing required key 'volume'"});
}

TEST_CASE("rule kinds: a choice field reads its names into the enum") {
  const Scenario sc = parse_scenario(
      with_event("arms_sale: {seller: A, buyer: B, volume: 0.1, policy: security_check, threshold: 0.5}"), "k.yaml");
  const auto& sale = std::get<ArmsSaleEvent>(sc.events.at(0).rule);
  CHECK(sale.policy == ArmsPolicy::security_check);
  CHECK(sale.threshold == 0.5);
  CHECK(test::load_errors(with_event("arms_sale: {seller: A, buyer: B, volume: 0.1, policy: never}")) ==
        std::vector<std::string>{
            "events[0].arms_sale.policy: unknown value 'never'; allowed: always, security_check, status_quo"});
}

TEST_CASE("rule kinds: the distinct-states check of each kind that has one") {
  CHECK(test::load_errors(with_event("arms_sale: {seller: A, buyer: A, volume: 0.1}")) ==
        std::vector<std::string>{
            "events[0].arms_sale.buyer: 'A' is also the seller; a state cannot sell arms to itself"});
  CHECK(test::load_errors(with_event("engagement: {by: [A, B], target: B, intensity: 0.5}")) ==
        std::vector<std::string>{"events[0].engagement.target: 'B' is also in by; a state cannot engage itself"});
}

TEST_CASE("rule kinds: unknown keys are named with the descriptor's fields") {
  CHECK(test::load_errors(with_event("exercise: {participants: [A, B], scale: 0.5, size: 2}")) ==
        std::vector<std::string>{"events[0].exercise: unknown key 'size'; allowed: participants, scale"});
}
