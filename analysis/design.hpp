// Experimental designs in the unit hypercube [0,1]^k: Sobol' sequences, Saltelli's
// scheme for variance-based sensitivity, Morris trajectories, Latin hypercubes, plain
// random points and full factorial grids. Every design is one row per point; mapping a
// column to a parameter's range (lo + u (hi - lo)) is the caller's job.
//
// All randomness comes from the counter-based Philox generator of sim/core/rng.hpp,
// keyed on the seed, so a design is a pure function of its arguments and identical on
// every platform and standard library.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace bpsim::design {

// Dimensions the embedded Joe & Kuo (2008) direction-number table supports.
inline constexpr int sobol_max_dims = 128;

// Points of the (unscrambled) Sobol' sequence with the Joe & Kuo "new-joe-kuo-6.21201"
// direction numbers, in Gray-code order (the order of SALib and scipy.stats.qmc.Sobol):
// dimension 1 is the van der Corput sequence 0.5, 0.75, 0.25, 0.375, 0.875, ...
// The first point of the sequence, the origin, is never returned (as SALib does);
// `skip` drops that many further points. Row r is sequence index skip + 1 + r.
// n = 2^m points from an index that is a multiple of 2^m form a (0,m)-net in every
// one-dimensional projection: to get such a balanced block pass skip = c 2^m - 1
// (c >= 1). Values are multiples of 2^-32 in [0,1). Needs 1 <= k <= sobol_max_dims and
// skip + n < 2^32; throws std::invalid_argument otherwise.
Eigen::MatrixXd sobol_points(int n, int k, std::uint64_t skip = 0);

// Saltelli (2010) design for first-order and total Sobol' indices, rows block-wise:
// A (rows 0..n-1), B (n..2n-1), then AB_1 .. AB_k (n rows each; AB_i is A with
// column i taken from B): n (k + 2) rows in all.
// A and B are the first and last k columns of n points of the 2k-dimensional Sobol'
// sequence, sequence indices n .. 2n-1 (sobol_points(n, 2k, n - 1): a balanced block
// when n is a power of two, as it should be). seed == 0 leaves the points as they are;
// any other seed applies a Cranley-Patterson random shift, u -> frac(u + s_c), with
// one Philox uniform s_c per column, so different seeds give independent randomised
// QMC replicates. Needs n >= 1 and 1 <= k <= sobol_max_dims / 2.
struct SaltelliDesign {
  Eigen::MatrixXd points;
  int n;
  int k;
};
SaltelliDesign saltelli(int n, int k, std::uint64_t seed);

// Morris (1991) elementary-effects design: r trajectories of k + 1 points on the
// p-level grid {0, 1/(p-1), ..., 1}, step delta = p / (2 (p - 1)), rows trajectory by
// trajectory. Each trajectory starts at a random grid point and moves each factor once,
// in a random order, by +delta or -delta (random direction), so every point stays on
// the grid. `levels` must be even and >= 2 (delta is then a whole number of grid
// steps); r >= 1, k >= 1.
struct MorrisDesign {
  Eigen::MatrixXd points;
  int trajectories;
  int k;
  int levels;
};
MorrisDesign morris(int r, int k, int levels, std::uint64_t seed);

// The Morris step delta = levels / (2 (levels - 1)).
double morris_delta(int levels);

// Latin hypercube: in every column exactly one point in each stratum [i/n, (i+1)/n),
// at a uniform random position inside it (random permutation per column).
Eigen::MatrixXd latin_hypercube(int n, int k, std::uint64_t seed);

// Independent uniforms in (0,1).
Eigen::MatrixXd random_uniform(int n, int k, std::uint64_t seed);

// Full factorial grid: factor f takes L_f levels j/(L_f - 1), j = 0..L_f-1 (0.5 when
// L_f == 1); rows enumerate every combination with the last factor varying fastest.
// Every L_f must be >= 1.
Eigen::MatrixXd full_grid(const std::vector<int>& levels_per_factor);

}  // namespace bpsim::design
