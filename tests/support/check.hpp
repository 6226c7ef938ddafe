// Shared test helpers: tolerant comparison against hand-computed numbers.
#pragma once

#include <doctest/doctest.h>

namespace bpsim::test {

// doctest's Approx with a tight tolerance: |a - b| < eps (1 + max(|a|, |b|)).
inline doctest::Approx near(double expected, double eps = 1e-12) {
  return doctest::Approx(expected).epsilon(eps);
}

}  // namespace bpsim::test
