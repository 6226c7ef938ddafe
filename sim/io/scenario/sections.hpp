// The scenario loader's sections: each reads one top-level key of the checked
// YAML tree into the Scenario under construction. Internal to the loader.
#pragma once

#include "sim/io/yaml/check.hpp"
#include "sim/model/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bpsim::io {

// The Scenario being filled, plus what later sections need from earlier ones.
struct Build {
  Build(Checker& checker, Scenario& scenario) : ck(checker), sc(scenario) {}
  Checker& ck;
  Scenario& sc;
  TraitDefaults defaults;
  bool ticks_ok = false;                        // sc.ticks is valid, so schedules can be checked
  std::string ticks_text;                       // "ticks 48", plus the --set that gave it, for messages
  bool dims_ok = false;                         // capability dims are valid, so per-dim maps can be
  bool axes_ok = false;                         // alignment axes are valid, so coordinates can be
  bool states_ok = false;                       // states is a list, so state ids can be resolved
  bool capabilities_ok = true;                  // every state's capabilities were read
  std::vector<At> dim_at;                       // each capability entry's node
  std::vector<std::string> bad_ids;             // ids already reported as invalid
  std::vector<At> state_at;                     // each state's node
  std::vector<std::optional<double>> lat, lon;  // each state's position
};

void read_header(Build& b, const At& root);
void read_dimensions(Build& b, const At& root);
void read_defaults(Build& b, const At& root);
void read_parameters(Build& b, const At& root);
void read_states(Build& b, const At& root);
void read_relations(Build& b, const At& root);
void read_proximity(Build& b, const At& root);
void read_arms_imports(Build& b, const At& root);
void read_events(Build& b, const At& root);
void read_output(Build& b, const At& root);

// Shared helpers.
// The dyads output.dyads will watch for n states (counted from the tree, before it is read).
std::uint64_t watched_pair_count(const At& root, std::uint64_t n);
// The dependence channels the scenario will use (counted from the tree, before it is read):
// arms when arms_imports lists a share, and each channel an event's kind feeds.
std::uint64_t dependence_channel_count(const At& root);
std::vector<std::string> capability_names(const Scenario& sc);
bool is_identifier(const std::string& s, bool allow_dash);
// Per-state traits: start every state at the defaults, then read one state's map.
void init_traits(Build& b, int n);
void read_state_traits(Build& b, const At& traits, int i);
// A known state id -> its index; "unknown state id 'X'; known ids: ..." otherwise.
std::optional<int> read_state_ref(Build& b, const At& at);
// A list of >= min_size distinct known ids.
std::optional<std::vector<int>> read_state_list(Build& b, const At& at, std::size_t min_size);
// [A, B]: two distinct known ids.
std::optional<std::pair<int, int>> read_state_pair(Build& b, const At& at);

}  // namespace bpsim::io
