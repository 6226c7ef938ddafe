// Sobol' designs with too few base samples, or a count that is not a power of two, get
// one warning naming the sweep file and the line of `samples`.
#include "sim/io/sweep/spec.hpp"

#include <doctest/doctest.h>

#include <string>

namespace {

const std::string kLabel = std::string(BPSIM_SOURCE_DIR) + "/tests/data/sweeps/inline.yaml";

// A sobol (or other) sweep whose samples key is on line 3, column 12.
bpsim::SweepSpec spec_with(const std::string& kind, int samples) {
  return bpsim::parse_sweep(
      "scenario: ../../../scenarios/pivot_to_asia_2014.yaml\n"
      "design:\n"
      "  samples: " +
          std::to_string(samples) +
          "\n"
          "  kind: " +
          kind +
          "\n"
          "parameters: {parameters.w_t: {range: [0.5, 2.0]}}\n",
      kLabel);
}

}  // namespace

TEST_CASE("sobol samples warning: few, not a power of two, both, neither") {
  CHECK(bpsim::sobol_samples_warning(spec_with("sobol", 128)) ==
        kLabel +
            ":3:12: design.samples: 128 base samples are fewer than 1024: the Sobol' indices are unstable "
            "(first-order estimates above 1, wide bootstrap CIs); use 1024");
  CHECK(bpsim::sobol_samples_warning(spec_with("sobol", 1000)) ==
        kLabel +
            ":3:12: design.samples: 1000 base samples are fewer than 1024: the Sobol' indices are unstable "
            "(first-order estimates above 1, wide bootstrap CIs); not a power of two: the Sobol' sequence is "
            "balanced only at powers of two; use 1024");
  CHECK(bpsim::sobol_samples_warning(spec_with("sobol", 1500)) ==
        kLabel +
            ":3:12: design.samples: 1500 base samples are not a power of two: the Sobol' sequence is balanced "
            "only at powers of two; use 2048");
  CHECK(bpsim::sobol_samples_warning(spec_with("sobol", 1024)).empty());
  CHECK(bpsim::sobol_samples_warning(spec_with("sobol", 4096)).empty());
  // Other sampled designs have no such rule.
  CHECK(bpsim::sobol_samples_warning(spec_with("random", 100)).empty());
  CHECK(bpsim::sobol_samples_warning(spec_with("latin_hypercube", 7)).empty());
}
