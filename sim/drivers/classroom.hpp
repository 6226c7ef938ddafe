// `bpsim classroom`: the data of a classroom page (web/README.md "The classroom page")
// for scenarios the native loader validated: each scenario's resolved JSON (which the
// engine in the page runs), its calendar, and the controls a class argues about, with
// ranges from the loader's own validation (sim/model/tables.hpp).
#pragma once

#include "sim/model/scenario.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace bpsim {

// One scenario of the page: name, file, description, scenario (JSON), tick_labels,
// states, axes, controls (sliders) and events (on/off toggles).
nlohmann::json classroom_scenario(const Scenario& sc, const std::string& file);

nlohmann::json classroom_data(const std::vector<Scenario>& scenarios, const std::vector<std::string>& files);

}  // namespace bpsim
