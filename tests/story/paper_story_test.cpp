// The founding paper's story, statistically (MODEL.md, last paragraph): with noise on,
// over 60 paired seeds, Russia–China alignment at the last tick is higher with the
// post-2014 sanctions than without them in at least 90% of pairs, and the China/Russia
// power ratio grows faster with them. Pairs share their seed, so they share their
// randomness (common random numbers) and differ only by the sanctions.
#include "sim/core/run.hpp"
#include "sim/io/overrides.hpp"
#include "sim/io/scenario_yaml.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

struct Outcome {
  double rus_chn_alignment;  // S[RUS,CHN] at the last tick
  double ratio_growth;       // (p_CHN/p_RUS at the end) / (at tick 0)
};

Outcome run_outcome(const bpsim::Scenario& sc, std::uint64_t seed) {
  const int rus = sc.state_index("RUS"), chn = sc.state_index("CHN");
  double ratio0 = 0, ratio_end = 0, align_end = 0;
  bpsim::RunOptions opt;
  opt.seed = seed;
  opt.log_events = false;
  bpsim::run_scenario(sc, opt, [&](const bpsim::TickView& v) {
    const double ratio = v.d.power[chn] / v.d.power[rus];
    if (v.w.tick == 0) ratio0 = ratio;
    ratio_end = ratio;
    align_end = v.d.score(rus, chn);
  });
  return {align_end, ratio_end / ratio0};
}

std::vector<bpsim::Override> noise_on() {
  return {{"parameters.sigma_a", "0.02"}, {"parameters.sigma_c", "0.01"},
          {"parameters.incident_mode", "random"}};
}

}  // namespace

TEST_CASE("sanctions push Russia toward China in >= 90% of 60 paired seeds") {
  const std::string dir = std::string(BPSIM_SOURCE_DIR) + "/scenarios/";
  const auto with = bpsim::load_scenario(dir + "pivot_to_asia_2014.yaml", noise_on());
  const auto without = bpsim::load_scenario(dir + "no_sanctions_2014.yaml", noise_on());
  REQUIRE(with.state_index("RUS") >= 0);
  REQUIRE(with.state_index("CHN") >= 0);
  constexpr int seeds = 60;
  int closer = 0, faster = 0;
  double growth_with = 0, growth_without = 0;
  for (int s = 1; s <= seeds; ++s) {
    const Outcome a = run_outcome(with, static_cast<std::uint64_t>(s));
    const Outcome b = run_outcome(without, static_cast<std::uint64_t>(s));
    closer += a.rus_chn_alignment > b.rus_chn_alignment;
    faster += a.ratio_growth > b.ratio_growth;
    growth_with += a.ratio_growth / seeds;
    growth_without += b.ratio_growth / seeds;
  }
  INFO("pairs closer with sanctions: " << closer << "/" << seeds);
  CHECK(closer >= 54);  // 90% of 60
  INFO("mean ratio growth with " << growth_with << ", without " << growth_without);
  CHECK(growth_with > growth_without);
  CHECK(faster >= 54);
}
