// The classroom page's sliders (sim/drivers/classroom.cpp): every control of every shipped
// scenario, under either model version, is a path the page's patcher accepts, so no slider
// can fail in class (model v2 has no w_t, so it gets no w_t slider).
#include "sim/drivers/classroom.hpp"
#include "sim/io/scenario/patch.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/scenario_digest.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace bpsim;

TEST_CASE("classroom controls: every slider path compiles on every shipped scenario under v1 and v2") {
  for (const std::string& file : test::shipped_scenarios())
    for (const char* model : {"v1", "v2"}) {
      CAPTURE(file);
      CAPTURE(model);
      const Scenario sc = load_scenario(file, {{"model", model}});
      const nlohmann::json page = classroom_scenario(sc, file);
      bool has_w_t = false;
      for (const auto& c : page.at("controls")) {
        const std::string path = c.at("path").get<std::string>();
        CAPTURE(path);
        CHECK_NOTHROW(ScenarioPatch::compile(sc, path));
        has_w_t = has_w_t || path == "parameters.w_t";
      }
      CHECK(has_w_t == (sc.model == ModelVersion::v1));
    }
}
