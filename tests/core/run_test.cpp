// sim/core/run.cpp: tick 0 is observed before any step, then one observation per step;
// a number that stops being finite stops the run with an error naming tick and state.
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/run.hpp"

#include <stdexcept>
#include <string>
#include <vector>

using namespace bpsim;

TEST_CASE("run_scenario observes tick 0 (no step yet), then every step") {
  Scenario sc = test::random_scenario(6, 3, 12);
  std::vector<int> ticks;
  std::vector<bool> had_step, had_attribution;
  std::vector<std::pair<int, int>> progress;
  RunOptions opt;
  opt.seed = 5;
  opt.attribution = true;
  opt.progress = [&](int done, int total) { progress.emplace_back(done, total); };
  const World last = run_scenario(sc, opt, [&](const TickView& v) {
    ticks.push_back(v.w.tick);
    had_step.push_back(v.last != nullptr);
    had_attribution.push_back(v.attribution != nullptr);
  });
  CHECK(ticks == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK_FALSE(had_step[0]);
  CHECK_FALSE(had_attribution[0]);
  CHECK(had_step[12]);
  CHECK(had_attribution[12]);
  CHECK(last.tick == 12);
  REQUIRE(progress.size() == 12);
  CHECK(progress.back() == std::pair{12, 12});

  opt.ticks = 3;  // overrides the scenario's length
  ticks.clear();
  run_scenario(sc, opt, [&](const TickView& v) { ticks.push_back(v.w.tick); });
  CHECK(ticks == std::vector<int>{0, 1, 2, 3});
}

TEST_CASE("a run whose numbers stop being finite throws, naming the tick and the state") {
  Scenario sc = test::make_scenario(2, 1);
  test::silence(sc);
  sc.traits.growth(1, 0) = 1e200;  // C = 1 -> 1e200 -> inf in the second step
  RunOptions opt;
  std::string message;
  try {
    run_scenario(sc, opt, nullptr);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find("tick 2") != std::string::npos);
  CHECK(message.find("capability of state S1") != std::string::npos);
}
