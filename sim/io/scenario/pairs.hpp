// A list of {between: [A, B], value: x} entries, as relations and proximity use.
#pragma once

#include "sim/io/scenario/sections.hpp"

namespace bpsim::io {

// Writes each listed pair's value into m symmetrically; repeated pairs are errors.
void read_pair_list(Build& b, const At& list, const Range& range, Eigen::MatrixXd& m);

}  // namespace bpsim::io
