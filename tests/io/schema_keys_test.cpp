// The scenario JSON Schema (`bpsim schema`) and the loader agree on the top-level keys:
// the schema describes every key the loader accepts, plus the composition keys an
// extending file may have, and nothing else.
#include "sim/io/scenario/yaml.hpp"
#include "sim/io/schema.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

TEST_CASE("schema: the scenario schema's top-level keys are the loader's, plus extends and its edits") {
  std::set<std::string> described;
  const auto schema = bpsim::scenario_schema();
  for (const auto& [key, value] : schema.at("properties").items()) described.insert(key);
  std::set<std::string> accepted(bpsim::scenario_top_keys().begin(), bpsim::scenario_top_keys().end());
  accepted.insert({"extends", "remove_events", "add_events"});
  std::string only_described, only_accepted;
  for (const std::string& k : described)
    if (!accepted.contains(k)) only_described += " " + k;
  for (const std::string& k : accepted)
    if (!described.contains(k)) only_accepted += " " + k;
  CHECK_MESSAGE(only_described.empty(), "in the schema only:" << only_described);
  CHECK_MESSAGE(only_accepted.empty(), "accepted by the loader only:" << only_accepted);
  CHECK(!described.empty());
}
