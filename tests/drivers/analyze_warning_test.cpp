// analyze warns once when Sobol' indices are unstable: a first-order index above 1, or an
// index whose bootstrap CI is wider than kSobolMaxCiWidth.
#include "sim/drivers/analyze.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace bpsim;

namespace {

sensitivity::SobolIndices indices(double s1, double s1_lo, double s1_hi, double st, double st_lo, double st_hi) {
  sensitivity::SobolIndices s;
  const auto v = [](double a, double b) {
    Eigen::VectorXd x(2);
    x << a, b;
    return x;
  };
  s.S1 = v(0.1, s1);
  s.S1_lo = v(0.05, s1_lo);
  s.S1_hi = v(0.15, s1_hi);
  s.ST = v(0.2, st);
  s.ST_lo = v(0.1, st_lo);
  s.ST_hi = v(0.3, st_hi);
  s.variance = 1;
  s.dropped = 0;
  return s;
}

AnalysisReport report(const sensitivity::SobolIndices& s) {
  AnalysisReport r;
  r.design = "sobol";
  r.sobol_n = 128;
  r.confidence = 0.95;
  r.samples_at = "sweeps/s.yaml:3:20";
  r.header.parameters = {SweepParameter{"a", 0, 1, false, {}}, SweepParameter{"b", 0, 1, false, {}}};
  OutcomeAnalysis a;
  a.outcome = "world:blocs@last";
  a.sobol = s;
  r.outcomes.push_back(a);
  return r;
}

}  // namespace

TEST_CASE("sobol stability warning: S1 above 1, CIs too wide, or nothing to say") {
  CHECK(sobol_stability_warning(report(indices(1.023, 0.9, 1.2, 0.9, 0.8, 1.0))) ==
        "sweeps/s.yaml:3:20: design.samples: N = 128 base rows give unstable Sobol' indices: S1 of b for "
        "world:blocs@last is 1.023, above 1; use more samples (a power of two, e.g. 512)");
  // S1 = 0.5 in [-0.1, 0.7] (0.8 wide) and ST in [0.2, 0.8] (0.6 wide): two, the first named.
  CHECK(sobol_stability_warning(report(indices(0.5, -0.1, 0.7, 0.5, 0.2, 0.8))) ==
        "sweeps/s.yaml:3:20: design.samples: N = 128 base rows give unstable Sobol' indices: S1 of b for "
        "world:blocs@last has a 95% CI [-0.100, 0.700] 0.800 wide, wider than 0.5 (1 more unstable index); use "
        "more samples (a power of two, e.g. 512)");
  // CIs exactly 0.5 wide and S1 = 1 are accepted.
  CHECK(sobol_stability_warning(report(indices(1.0, 0.5, 1.0, 0.5, 0.25, 0.75))).empty());
  // Morris and grid reports have no Sobol' indices to judge.
  AnalysisReport morris = report(indices(2, 0, 2, 2, 0, 2));
  morris.outcomes[0].sobol.reset();
  CHECK(sobol_stability_warning(morris).empty());
}
