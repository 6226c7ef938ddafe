// Scenario discovery with PRIM, the Patient Rule Induction Method (Friedman & Fisher
// 1999), peeling only, as in the EMA Workbench: find a box in factor space where the
// "interesting" outcomes are concentrated.
#pragma once

#include <Eigen/Dense>

#include <vector>

namespace bpsim::prim {

// A box lo <= x <= hi (inclusive) and how it does on the data it was peeled from.
//   coverage = interesting points in the box / all interesting points (NaN if none),
//   density  = interesting points in the box / points in the box,
//   mass     = points in the box / all points.
// `restricted` lists, in increasing order, the dimensions whose bounds were moved in
// from the bounding box of the data.
struct Box {
  Eigen::VectorXd lo, hi;
  double coverage, density, mass;
  int n_points;
  std::vector<int> restricted;
};

// The peeling trajectory of one box, the starting box first. Start: the bounding box of
// the rows of x. Each step considers, for every dimension, peeling the bottom or the top
// alpha-quantile slice of the points still in the box, and keeps the candidate whose
// remaining box has the highest density (ties: the one keeping more points; then the
// lower dimension, bottom before top). The cut sits halfway between the order
// statistics at h = (m - 1) alpha (floor and ceil, moved outward over ties), as the EMA
// Workbench's get_quantile, so every candidate removes at least one point. Candidates
// that would leave a mass below min_mass, or no point, are not taken; peeling stops when
// none is left or the density reaches 1. Needs y.size() == x.rows() >= 1,
// 0 < alpha < 1, 0 <= min_mass <= 1 (std::invalid_argument otherwise).
std::vector<Box> prim_peel(const Eigen::MatrixXd& x, const std::vector<bool>& y, double alpha = 0.05,
                           double min_mass = 0.05);

// The box of the trajectory with the highest coverage among those whose density is
// >= min_density (ties: the denser one); when no box qualifies, the densest box (ties:
// the one with more coverage). Throws std::invalid_argument on an empty trajectory.
Box prim_select(const std::vector<Box>& trajectory, double min_density);

}  // namespace bpsim::prim
