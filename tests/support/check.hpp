// Shared test helpers: tolerant comparison against hand-computed numbers.
#pragma once

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <initializer_list>

namespace bpsim::test {

// doctest's Approx with a tight tolerance: |a - b| < eps (1 + max(|a|, |b|)).
inline doctest::Approx near(double expected, double eps = 1e-12) { return doctest::Approx(expected).epsilon(eps); }

// A vector written out by hand: vec({0.5, 0.25, 0.25}).
inline Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (const double x : v) out[i++] = x;
  return out;
}

}  // namespace bpsim::test
