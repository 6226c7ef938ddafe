// Noise: the alignment and capability shocks of one tick, sigma_a N(0,1) and
// C sigma_c N(0,1) (docs/ODD.md Section 7.11). One rule for both, so that their draws
// come from one rng::normals pass: the few blocks of a small world then fill the
// vector lanes together instead of running two half-empty passes (the same values as
// drawing each array on its own: a draw is a function of its counter only).
#include "sim/rules/rules.hpp"

#include <Eigen/Core>

namespace bpsim {

void apply_noise(const RuleInput& in, Deltas& out) {
  const double sigma_a = in.sc.params.sigma_a, sigma_c = in.sc.params.sigma_c;
  if (sigma_a == 0 && sigma_c == 0) return;  // no draws: a noiseless run costs nothing here
  auto da = out.align[Mechanism::noise];
  auto dc = out.cap[Mechanism::noise];
  // This thread's scratch (no allocation once sized, none shared between threads).
  thread_local Eigen::MatrixXd za, zc;
  rng::NormalArray arrays[2];
  int count = 0;
  if (sigma_a != 0) {
    za.resize(da.rows(), da.cols());
    arrays[count++] = {rng::alignment_noise, static_cast<int>(za.rows()), static_cast<int>(za.cols()), za.data()};
  }
  if (sigma_c != 0) {
    zc.resize(dc.rows(), dc.cols());
    arrays[count++] = {rng::capability_noise, static_cast<int>(zc.rows()), static_cast<int>(zc.cols()), zc.data()};
  }
  rng::normals(in.key, in.w.tick, arrays, count);
  if (sigma_a != 0) da += sigma_a * za;                                  // sigma_a z[i,k]
  if (sigma_c != 0) dc += (in.w.capability * sigma_c).cwiseProduct(zc);  // C[i,k] sigma_c z[i,k]
}

}  // namespace bpsim
