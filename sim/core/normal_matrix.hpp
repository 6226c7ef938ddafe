// The normal draws of a whole rows x cols array, for the noise rules (docs/ODD.md
// Section 7.11): rng::normals into a scratch matrix of the calling thread.
#pragma once

#include "sim/core/rng.hpp"

#include <Eigen/Core>

namespace bpsim::rng {

// Z[i,j] = normal(key, tick, stream, i, j). The matrix is this thread's scratch (no
// allocation once it has the size, none shared between threads): valid until the next
// call on the same thread.
inline const Eigen::MatrixXd& normal_matrix(const Key& key, int tick, std::uint32_t stream,
                                            Eigen::Index rows, Eigen::Index cols) {
  thread_local Eigen::MatrixXd z;
  z.resize(rows, cols);
  normals(key, tick, stream, static_cast<int>(rows), static_cast<int>(cols), z.data());
  return z;
}

}  // namespace bpsim::rng
