// World: every mutable array of one run plus its tick and RNG key (like MuJoCo's mjData).
// One World per run; many Worlds may tick against one Scenario at once.
#pragma once

#include "sim/model/scenario.hpp"

#include <cstdint>

namespace bpsim {

struct World {
  int tick = 0;
  std::uint64_t seed = 0;  // RNG key, part of the state
  std::uint64_t run = 0;   // replicate index, part of the RNG counter

  Eigen::MatrixXd capability;  // raw units, >= 0                   (n x n_cap)
  Eigen::MatrixXd alignment;   // coordinates in [-1,1]             (n x n_axes)
  Eigen::MatrixXd relations;   // symmetric, [-1,1], zero diagonal  (n x n)
  Eigen::MatrixXd arms_dep;    // M[i,j]: share of i's arms from j  (n x n)
};

// The World at tick 0 of a scenario.
World make_world(const Scenario& sc, std::uint64_t seed, std::uint64_t run = 0);

}  // namespace bpsim
