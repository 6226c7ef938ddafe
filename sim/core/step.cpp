#include "sim/core/step.hpp"

#include "sim/core/dependence.hpp"
#include "sim/core/latent.hpp"
#include "sim/core/simd.hpp"

#include <algorithm>

namespace bpsim {

void init_workspace(const Scenario& sc, const World& w, Workspace& ws) {
  ws.key = rng::Key(w.seed, w.run);
  compute_derived(sc, w, ws.derived);
  ws.derived.initial_threat.resize(0, 0);  // a Workspace may have served another scenario
  if (uses_status_quo(sc)) ws.derived.initial_threat = initial_world_threat(sc);
}

using MechanismColumns = std::array<const double*, n_mechanisms>;

// Column k of every mechanism's array.
static MechanismColumns columns(const MechanismArrays& arrays, Eigen::Index k) {
  MechanismColumns cols;
  for (int m = 0; m < n_mechanisms; ++m) cols[static_cast<std::size_t>(m)] = arrays[m].col(k).data();
  return cols;
}

// The mechanisms' deltas for rows l of one column, summed in Mechanism order.
static simd::Packet summed(const MechanismColumns& cols, const simd::Lane& l) {
  simd::Packet sum = l.load(cols[0]);
  for (std::size_t m = 1; m < cols.size(); ++m) sum = simd::padd(sum, l.load(cols[m]));
  return sum;
}

// v1: a <- clamp(a + da (1 - a^2), -1, 1), packet by packet, no temporaries. NaN passes
// through the clamps (Eigen's pmax/pmin keep their first argument's NaN), so
// check_finite still sees it.
static void apply_alignment_v1(const Deltas& dl, World& w) {
  using namespace simd;
  const Eigen::Index n = w.alignment.rows();
  const Packet one = set1(1.0), minus_one = set1(-1.0);
  for (Eigen::Index k = 0; k < w.alignment.cols(); ++k) {
    double* a = w.alignment.col(k).data();
    const MechanismColumns da = columns(dl.align, k);
    rows(n, [&](const Lane& l) {
      const Packet x = l.load(a);
      const Packet next = padd(x, pmul(summed(da, l), psub(one, pmul(x, x))));
      l.store(a, pmin(pmax(next, minus_one), one));
    });
  }
}

// v2: z = atanh(a), a <- tanh(z + da) (latent.hpp), the mechanisms summed in Mechanism
// order as in v1. Scalar std::tanh/std::atanh: the same bits on every instruction set's
// build of one libm. NaN passes through (std::clamp and tanh keep it).
static void apply_alignment_v2(const Deltas& dl, World& w) {
  const Eigen::Index n = w.alignment.rows();
  for (Eigen::Index k = 0; k < w.alignment.cols(); ++k) {
    double* a = w.alignment.col(k).data();
    const MechanismColumns da = columns(dl.align, k);
    for (Eigen::Index i = 0; i < n; ++i) {
      double sum = da[0][i];
      for (std::size_t m = 1; m < da.size(); ++m) sum += da[m][i];
      a[i] = coordinate_of(latent_of(a[i]) + sum);
    }
  }
}

// Model v2's order book: O <- O - O / L (this step's deliveries, deliver_orders) + the
// step's new orders.
static void apply_orders(const Scenario& sc, const Deltas& dl, World& w) {
  w.orders -= w.orders / sc.params.arms_lag;
  for (const Order& o : dl.orders) w.orders(o.seller, o.buyer) += o.amount;
}

// C <- max(C + dC, 0); R <- clamp(R + dR, -1, 1) (in v2 the shocks in dR already
// saturate, saturate_relation_shocks, so the clamp binds only when they sum past the gap).
void apply_deltas(const Scenario& sc, const Deltas& dl, World& w) {
  using namespace simd;
  if (sc.model == ModelVersion::v1) apply_alignment_v1(dl, w);
  else apply_alignment_v2(dl, w);
  const Eigen::Index n = w.alignment.rows();
  const Packet zero = set1(0.0);
  for (Eigen::Index k = 0; k < w.capability.cols(); ++k) {
    double* c = w.capability.col(k).data();
    const MechanismColumns dc = columns(dl.cap, k);
    rows(n, [&](const Lane& l) { l.store(c, pmax(padd(l.load(c), summed(dc, l)), zero)); });
  }
  w.relations = (w.relations + dl.rel).cwiseMax(-1.0).cwiseMin(1.0);
  w.relations.diagonal().setZero();
  if (w.orders.size() != 0) apply_orders(sc, dl, w);
}

void update_dependence(const Scenario& sc, const Deltas& dl, World& w) {
  for (std::size_t c = 0; c < kDependenceChannels; ++c)
    if (!dl.flows[c].written.empty())
      update_dependence_channel(sc, dl.flows[c].amount, w.dependence[c], &dl.flows[c].written, &dl.procured[c]);
}

void step(const Scenario& sc, World& w, Workspace& ws) {
  gather_deltas(sc, w, ws);
  if (ws.attribute) attribute_changes(sc, w, ws.derived, ws.deltas, ws.attribution);
  apply_deltas(sc, ws.deltas, w);
  update_dependence(sc, ws.deltas, w);
  ++w.tick;
  compute_derived(sc, w, ws.derived);
}

}  // namespace bpsim
