// The security check binds from the mechanism (docs/ODD.md, Model versions): in the 2010
// world under model v2, Russia's sales to China under the status_quo policy (sell while
// Russia's threat perception of China is at most its 2010 value: one fixed threshold, no
// scheduled window) are restrained before the 2014 sanctions, as China's military outgrows
// Russia's, and resume after them; without the sanctions they stay restrained.
#include <doctest/doctest.h>

#include "sim/core/step.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <string>
#include <vector>

using namespace bpsim;

namespace {

struct Sales {
  std::vector<double> delivered;  // RUS -> CHN per tick: the book / L
  std::vector<int> blocked;       // blocked RUS -> CHN orders per tick
};

Sales russian_sales_to_china(const std::string& file) {
  const Scenario sc = load_scenario(std::string(BPSIM_SOURCE_DIR) + "/scenarios/" + file,
                                    {{"model", "v2"}, {"events.rus_chn_arms.arms_sale.policy", "status_quo"}});
  const int rus = sc.state_index("RUS"), chn = sc.state_index("CHN");
  REQUIRE(rus >= 0);
  REQUIRE(chn >= 0);
  World w = make_world(sc, sc.seed);
  Workspace ws;
  init_workspace(sc, w, ws);
  Sales s;
  for (int t = 0; t < sc.ticks; ++t) {
    s.delivered.push_back(w.orders(rus, chn) / sc.params.arms_lag);
    step(sc, w, ws);
    int blocked = 0;
    for (const EventRecord& e : ws.deltas.log)
      if (e.kind == "blocked_sale" && e.actors == "RUS;CHN") ++blocked;
    s.blocked.push_back(blocked);
  }
  return s;
}

int count(const std::vector<int>& v, int from, int until) {
  int n = 0;
  for (int t = from; t < until; ++t) n += v[static_cast<std::size_t>(t)];
  return n;
}

double mean(const std::vector<double>& v, int from, int until) {
  double sum = 0;
  for (int t = from; t < until; ++t) sum += v[static_cast<std::size_t>(t)];
  return sum / (until - from);
}

}  // namespace

TEST_CASE("v2 status_quo check: Russian deliveries to China restrained before 2014Q2 and higher after") {
  constexpr int sanctions = 17;  // 2014Q2
  const Sales with = russian_sales_to_china("pivot_to_asia_2014.yaml");
  const Sales without = russian_sales_to_china("no_sanctions_2014.yaml");
  REQUIRE(with.delivered.size() == 48);
  // Before the sanctions both runs are one world: the check passes at first, then blocks.
  CHECK(with.blocked[0] == 0);
  CHECK(count(with.blocked, 0, sanctions) > 0);
  CHECK(count(with.blocked, 0, sanctions) == count(without.blocked, 0, sanctions));
  CHECK(with.delivered[sanctions - 1] < with.delivered[0]);  // restrained: 2014Q1 below 2010Q1
  // After them the orders resume (no block from 2015 on) and deliveries climb back;
  // without them the check keeps blocking and deliveries keep falling.
  CHECK(count(with.blocked, 20, 48) == 0);
  CHECK(count(without.blocked, 20, 48) == 28);
  CHECK(mean(with.delivered, 24, 48) > with.delivered[sanctions - 1]);
  CHECK(mean(with.delivered, 24, 48) > 2 * mean(without.delivered, 24, 48));
}
