// The README's 45-minute lesson quotes what the classroom page shows for the teaching
// scenario; these are those claims, on the engine (the page runs the same engine:
// tests/web/engine.test.mjs).
#include "analysis/rows.hpp"
#include "sim/core/run.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace bpsim;

namespace {

struct End {
  double s_heg_swg = 0, s_ris_swg = 0;
  double deliveries = 0, blocked = 0;
};

End run(const std::vector<Override>& sets) {
  const Scenario sc = load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/classroom_three_powers.yaml", sets);
  const int heg = sc.state_index("HEG"), ris = sc.state_index("RIS"), swg = sc.state_index("SWG");
  End e;
  RunOptions opt;
  opt.seed = sc.seed;
  run_scenario(sc, opt, [&](const TickView& v) {
    e.s_heg_swg = dyad_values(v, heg, swg)[0];
    e.s_ris_swg = dyad_values(v, ris, swg)[0];
    const auto c = count_values(v);
    e.deliveries += c[count_slot<ArmsSaleEvent>("deliveries")];
    e.blocked += c[count_slot<ArmsSaleEvent>("blocked_sales")];
  });
  return e;
}

}  // namespace

TEST_CASE("lesson: SWG's security check lets every sale through at 0.25 and blocks nearly all at 0.1") {
  const End base = run({});
  const End strict = run({{"events.0.arms_sale.threshold", "0.1"}});
  CHECK(base.blocked == 0);
  CHECK(base.deliveries == 30);
  CHECK(strict.blocked >= 25);
  // Without the sales SWG ends further from the riser.
  CHECK(strict.s_ris_swg < base.s_ris_swg - 0.1);
}

TEST_CASE("lesson: the hegemon's sanctions push the swing state away from it") {
  const End base = run({});
  const End no_sanctions = run({{"events.1.enabled", "false"}});
  CHECK(no_sanctions.s_heg_swg > base.s_heg_swg + 0.1);
  CHECK(no_sanctions.s_ris_swg < base.s_ris_swg);
}
