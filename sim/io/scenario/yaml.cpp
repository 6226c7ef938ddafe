#include "sim/io/scenario/yaml.hpp"

#include "sim/io/fingerprint.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/scenario/compose.hpp"
#include "sim/io/scenario/sections.hpp"

#include <fmt/format.h>

#include <vector>

namespace bpsim {

namespace {

// Sections in dependency order: ids, dims and ticks before what refers to them.
void read_sections(io::Build& b, const io::At& root) {
  io::read_header(b, root);
  io::read_dimensions(b, root);
  io::read_defaults(b, root);
  io::read_parameters(b, root);
  io::read_states(b, root);
  if (!b.states_ok) return;  // without state ids everything below only cascades
  io::read_relations(b, root);
  io::read_proximity(b, root);
  io::read_arms_imports(b, root);
  io::read_events(b, root);
  io::read_output(b, root);
}

void read_document(io::Checker& ck, Scenario& sc, const YAML::Node& root) {
  io::At at = io::root_at(root);
  if (root.IsNull()) {
    at.mark = YAML::Mark();  // an empty document has no position: point at the start
    ck.error(at, "empty scenario; expected a map with at least scenario, ticks, dimensions, states");
    return;
  }
  if (!root.IsMap()) {
    ck.error(at,
             "expected a map of scenario keys (scenario, ticks, dimensions, states, ...), got " + io::describe(root));
    return;
  }
  if (root["design"] && !root["states"] && !root["dimensions"]) {  // one error, not one per key
    ck.error(at,
             "this is a sweep file (it has design:), not a scenario; run it with `bpsim sweep`, which "
             "reads the scenario its scenario: key names");
    return;
  }
  io::check_map(ck, at, scenario_top_keys());
  io::Build b(ck, sc);
  read_sections(b, at);
}

}  // namespace

Scenario parse_scenario(const std::string& yaml_text, const std::string& file_label,
                        const std::vector<Override>& overrides) {
  io::Checker ck(file_label);
  Scenario sc;
  sc.source_file = file_label;
  try {
    // A --set problem does not stop the reading: the file's own problems are reported too.
    if (const auto root = io::resolve_document(yaml_text, overrides, ck)) {
      read_document(ck, sc, *root);
      assign_event_streams(sc);
    }
  } catch (const YAML::Exception& e) {  // defensive: the readers are written not to throw
    ck.error_file(std::string("internal error while reading the scenario: ") + e.what());
  }
  ck.raise_if_failed();
  return sc;
}

namespace {

std::string read_scenario_text(const std::string& path) {
  try {
    return read_input_file(path, "scenario file", kMaxScenarioBytes);
  } catch (const InputFileError& e) {
    throw ScenarioError({Diagnostic{path, 0, 0, "", "cannot read scenario file: " + e.reason(), ""}});
  }
}

}  // namespace

const std::vector<std::string>& scenario_top_keys() {
  static const std::vector<std::string> keys{
      "scenario", "description", "model",  "ticks",     "tick_label", "start",        "seed",   "dimensions",
      "defaults", "parameters",  "states", "relations", "proximity",  "arms_imports", "events", "output"};
  return keys;
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  return parse_scenario(read_scenario_text(path), path, overrides);
}

std::vector<std::string> scenario_files(const std::string& path) {
  io::Checker ck(path);
  try {
    io::compose_document(read_scenario_text(path), ck);
  } catch (const YAML::Exception& e) {  // defensive, as in parse_scenario
    ck.error_file(std::string("internal error while reading the scenario: ") + e.what());
  }
  ck.raise_if_failed();
  return ck.files();
}

std::string scenario_sha256(const std::string& path) {
  const auto files = scenario_files(path);
  if (files.size() == 1) return file_sha256(path, "scenario file", kMaxScenarioBytes);
  std::string digests;
  for (const auto& f : files) digests += file_sha256(f, "scenario file", kMaxScenarioBytes) + "\n";
  return sha256_hex(digests);
}

}  // namespace bpsim
