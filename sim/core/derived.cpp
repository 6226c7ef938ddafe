#include "sim/core/derived.hpp"

#include "sim/core/degenerate.hpp"
#include "sim/core/simd.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace bpsim {

// Every N x N loop below runs down columns (Eigen's storage order), contiguous and
// vectorised (simd.hpp).

// m(i,j) = m(j,i) for i < j, in 16 x 16 tiles so the strided reads stay in cache.
static void mirror_lower(Eigen::MatrixXd& m) {
  const Eigen::Index n = m.rows();
  constexpr Eigen::Index tile = 16;
  for (Eigen::Index j0 = 0; j0 < n; j0 += tile) {
    const Eigen::Index j1 = std::min(j0 + tile, n);
    for (Eigen::Index i0 = 0; i0 <= j0; i0 += tile) {
      for (Eigen::Index j = j0; j < j1; ++j) {
        const Eigen::Index i1 = std::min(i0 + tile, j);
        for (Eigen::Index i = i0; i < i1; ++i) m(i, j) = m(j, i);
      }
    }
  }
}

// Sh[., k] = C[., k] / t. A total that overflows (finite values summing past DBL_MAX)
// is taken after scaling the column by its largest value, so the shares still sum to 1.
static void share_column(const Eigen::MatrixXd& capability, Eigen::Index k, double t, Derived& d) {
  if (std::isinf(t) && capability.col(k).allFinite()) {
    const Eigen::VectorXd scaled = capability.col(k) / capability.col(k).maxCoeff();
    d.share.col(k) = scaled / scaled.sum();
  } else {
    d.share.col(k) = capability.col(k) / t;
  }
}

// A dimension without a total (below kMinDivisor: 0, -0.0, denormal) has shares 0 and
// its power weight goes to the others, renormalised; with none left, power is NaN.
// Without such a dimension the weights are sc.power_weights bit for bit.
void compute_shares(const Scenario& sc, const Eigen::MatrixXd& capability, Derived& d) {
  const Eigen::Index dims = capability.cols();
  d.share.resize(capability.rows(), dims);
  d.weights = sc.power_weights;
  d.dims_left_out = 0;
  d.power_defined = true;
  for (Eigen::Index k = 0; k < dims; ++k) {
    const double t = capability.col(k).sum();
    if (!below_divisor(t)) {
      share_column(capability, k, t, d);
      continue;
    }
    d.share.col(k).setZero();
    if (d.weights[k] > 0) ++d.dims_left_out;
    d.weights[k] = 0.0;
  }
  if (d.dims_left_out > 0) {
    const double kept = d.weights.sum();
    d.power_defined = !below_divisor(kept);
    if (!d.power_defined) {
      d.weights.setZero();
      d.power.setConstant(capability.rows(), std::numeric_limits<double>::quiet_NaN());
      return;
    }
    d.weights /= kept;
  }
  d.power.noalias() = d.share * d.weights;
}

// d[i,j] = ||a_i - a_j||, S = 1 - 2 d/dmax. Whole columns: (i,j) and (j,i) go through
// the same instructions on exactly negated differences, so both are symmetric.
void compute_scores(const Scenario& sc, const Eigen::MatrixXd& alignment, Derived& d) {
  using namespace simd;
  const Eigen::Index n = alignment.rows();
  const Eigen::Index axes = alignment.cols();
  d.distance.resize(n, n);
  d.score.resize(n, n);
  const Packet one = set1(1.0), scale = set1(2.0 / sc.dmax());
  for (Eigen::Index j = 0; j < n; ++j) {
    double* dist = d.distance.col(j).data();
    double* score = d.score.col(j).data();
    rows(n, [&](const Lane& l) {
      Packet acc = set1(0.0);
      for (Eigen::Index k = 0; k < axes; ++k) {
        const Packet x = psub(l.load(alignment.col(k).data()), set1(alignment(j, k)));
        acc = padd(acc, pmul(x, x));
      }
      const Packet dd = psqrt(acc);
      l.store(dist, dd);
      l.store(score, psub(one, pmul(scale, dd)));
    });
  }
}

// Column blocks of about this many entries stay in L1 between passes.
constexpr Eigen::Index kBlockEntries = 512;

// One register tile of CT = T T^T: rows i0 .. i0 + kTileRows, columns j0 .. j0 + kTileCols,
// streamed over k straight from T's columns (no packing, no allocation).
// CT[i,j] += T[i,k] T[j,k] as fma(T[i,k], T[j,k], acc): the same operation whichever
// of i, j is the row, so a tile that reaches above the diagonal agrees with the mirror.
constexpr int kTilePackets = 3;
constexpr int kTileCols = 4;
constexpr Eigen::Index kTileRows = kTilePackets * simd::width;

static void common_threat_tile(const Eigen::MatrixXd& t, Eigen::Index i0, Eigen::Index j0, Eigen::MatrixXd& ct) {
  using namespace simd;
  Packet acc[kTilePackets][kTileCols];
  for (auto& row : acc) {
    for (Packet& a : row) a = set1(0.0);
  }
  for (Eigen::Index k = 0; k < t.cols(); ++k) {
    const double* col = t.col(k).data();
    Packet a[kTilePackets];
    for (int r = 0; r < kTilePackets; ++r) a[r] = ploadu(col + i0 + r * width);
    for (int c = 0; c < kTileCols; ++c) {
      const Packet b = set1(col[j0 + c]);
      for (int r = 0; r < kTilePackets; ++r) acc[r][c] = pmadd(a[r], b, acc[r][c]);
    }
  }
  for (int c = 0; c < kTileCols; ++c) {
    double* out = ct.col(j0 + c).data() + i0;
    for (int r = 0; r < kTilePackets; ++r) pstoreu(out + r * width, acc[r][c]);
  }
}

// CT = T T^T, symmetric: tiles on and below the diagonal, then mirrored (about half the
// multiply-adds of the full product). Tiles at the right and bottom edges are moved
// back to end at n: they recompute a few entries, to the same bits. Below 32 states
// a plain lazy product.
static void common_threat(const Eigen::MatrixXd& t, Eigen::MatrixXd& ct) {
  const Eigen::Index n = t.rows();
  ct.resize(n, n);
  if (n < 32) {
    ct.noalias() = t.lazyProduct(t.transpose());
    return;
  }
  static_assert(kTileRows <= 32 && kTileCols <= 32, "tiles must fit in the smallest world");
  for (Eigen::Index jb = 0; jb < n; jb += kTileCols) {
    const Eigen::Index j0 = std::min(jb, n - kTileCols);
    for (Eigen::Index ib = j0; ib < n; ib += kTileRows) {
      common_threat_tile(t, std::min(ib, n - kTileRows), j0, ct);
    }
  }
  mirror_lower(ct);
}

// The capability a threat is weighed by: power p in v1; in v2 the military capability
// C[., mil] (Walt's aggregate and offensive power: what a state could do with its
// arms), or p when the scenario has no military dimension.
static const double* threat_capability(const Scenario& sc, const World& w, const Derived& d) {
  const int mil = sc.dim(Role::military);
  return sc.model == ModelVersion::v2 && mil >= 0 ? w.capability.col(mil).data() : d.power.data();
}

// T[i,j] = theta_i G[i,j] q[i,j] (1 - S[i,j])/2 (1 - max(R[i,j], 0)), q = c_j/(c_i+c_j)
// with c = threat_capability (q = 1/2 when c_i + c_j is below kMinDivisor: 0 or
// denormal). Column j (the threatening state) for every i.
void compute_threat(const Scenario& sc, const World& w, Derived& d) {
  using namespace simd;
  const Eigen::Index n = w.alignment.rows();
  d.threat.resize(n, n);
  d.threat_level.setZero(n);  // max_j T[i,j] includes T[i,i] = 0
  const double* p = threat_capability(sc, w, d);
  const double* theta = sc.traits.theta.data();
  double* level = d.threat_level.data();
  const Packet zero = set1(0.0), half = set1(0.5), one = set1(1.0), tiny = set1(kMinDivisor);
  for (Eigen::Index j = 0; j < n; ++j) {
    const Packet pj = set1(p[j]);
    const double* g = sc.proximity.col(j).data();
    const double* s = d.score.col(j).data();
    const double* r = w.relations.col(j).data();
    double* t = d.threat.col(j).data();
    rows(n, [&](const Lane& l) {
      const Packet sum = padd(l.load(p), pj);
      const Packet q = pselect(pcmp_lt(sum, tiny), half, pdiv(pj, sum));
      const Packet x = pmul(pmul(pmul(pmul(pmul(l.load(theta), l.load(g)), q), half), psub(one, l.load(s))),
                            psub(one, pmax(l.load(r), zero)));
      l.store(t, x);
      l.store(level, pmax(l.load(level), x));
    });
    t[j] = 0.0;
  }
  common_threat(d.threat, d.common);
}

Eigen::MatrixXd initial_world_threat(const Scenario& sc) {
  const World w0 = make_world(sc, 0);
  Derived d0;
  compute_shares(sc, w0.capability, d0);
  compute_scores(sc, w0.alignment, d0);
  compute_threat(sc, w0, d0);
  return d0.threat;
}

// Model v2: a repelling pull fades as the pair nears the largest distance,
// W[i,j] = p_j (max(P,0) + min(P,0) (1 + S[i,j])/2), (1 + S)/2 = 1 - d/dmax: a state balancing against a
// threat moves away from it until it stands opposed, instead of being pushed the harder
// the farther it already is (v1's W (a_j - a_i) grows with the distance it opens, which
// drives states to the corners; docs/ODD.md, Model versions). Columns j0 .. j1.
static void saturate_repulsion(Derived& d, Eigen::Index j0, Eigen::Index j1) {
  using namespace simd;
  const Eigen::Index n = d.pull.rows();
  const Packet zero = set1(0.0), half = set1(0.5), one = set1(1.0);
  for (Eigen::Index j = j0; j < j1; ++j) {
    const Packet pj = set1(d.power[j]);
    const double* prop = d.propensity.col(j).data();
    const double* score = d.score.col(j).data();
    double* w_out = d.pull.col(j).data();
    rows(n, [&](const Lane& l) {
      const Packet p = l.load(prop);
      const Packet room = pmul(half, padd(one, l.load(score)));
      l.store(w_out, pmul(pj, padd(pmax(p, zero), pmul(pmin(p, zero), room))));
    });
  }
}

// Propensity, column by column (simd::inv_one_plus_exp, one division each):
//   H = 1/(1 + e^z), z = (d/dmax - eps_i)/tau_h;   tanh x = 1 - 2/(1 + e^{2x});
// hedging: where P > 0 and p_j > r_i p_i, P *= 1 - h_i (1 - r_i p_i/p_j), written with
// min/max (no branches): P <- min(P, 0) + max(P, 0) (1 - h_i max(1 - r_i p_i/p_j, 0)).
// W[i,j] = p_j P[i,j].
void compute_propensity(const Scenario& sc, const World& w, Derived& d) {
  using namespace simd;
  const Eigen::Index n = w.alignment.rows();
  const Parameters& pr = sc.params;
  const Traits& tr = sc.traits;
  d.homophily.resize(n, n);
  d.propensity.resize(n, n);
  d.pull.resize(n, n);
  const bool hedging = (tr.hedging.array() != 0.0).any();
  d.eps_over_tau = tr.eps.array() / pr.tau_h;
  d.wt_beta = pr.w_t * tr.beta.array();
  d.tolerance_power = tr.tolerance.array() * d.power.array();
  const double* eps = d.eps_over_tau.data();
  const double* wtb = d.wt_beta.data();
  const double* tolp = d.tolerance_power.data();
  const double* hedge = tr.hedging.data();
  const Packet zero = set1(0.0), one = set1(1.0), two = set1(2.0);
  const Packet z_scale = set1((1.0 / sc.dmax()) / pr.tau_h);
  const Packet w_h = set1(pr.w_h), w_r = set1(pr.w_r), w_c = set1(pr.w_c);
  // Three passes over a block of columns, each a short chain per packet (one exp and
  // one division at most), so that many packets are in flight at once: one fused pass
  // was a single long dependency chain per packet and ran 30% slower.
  const Eigen::Index block = std::max<Eigen::Index>(1, kBlockEntries / std::max<Eigen::Index>(n, 1));
  for (Eigen::Index j0 = 0; j0 < n; j0 += block) {
    const Eigen::Index j1 = std::min(n, j0 + block);
    for (Eigen::Index j = j0; j < j1; ++j) {
      const double* dist = d.distance.col(j).data();
      double* h_out = d.homophily.col(j).data();
      rows(n, [&](const Lane& l) { l.store(h_out, inv_one_plus_exp(psub(pmul(l.load(dist), z_scale), l.load(eps)))); });
    }
    for (Eigen::Index j = j0; j < j1; ++j) {
      const double* h = d.homophily.col(j).data();
      const double* rel = w.relations.col(j).data();
      const double* ct = d.common.col(j).data();
      const double* t = d.threat.col(j).data();
      double* p_out = d.propensity.col(j).data();
      rows(n, [&](const Lane& l) {
        const Packet x = psub(padd(padd(pmul(w_h, l.load(h)), pmul(w_r, l.load(rel))), pmul(w_c, l.load(ct))),
                              pmul(l.load(wtb), l.load(t)));
        l.store(p_out, psub(one, pmul(two, inv_one_plus_exp(pmul(two, x)))));
      });
      p_out[j] = 0.0;
    }
    for (Eigen::Index j = j0; j < j1; ++j) {
      const double power_j = d.power[j];
      const Packet pj = set1(power_j);
      double* p_out = d.propensity.col(j).data();
      double* w_out = d.pull.col(j).data();
      if (hedging && !below_divisor(power_j)) {  // 1/p_j finite
        const Packet inv_pj = set1(1.0 / power_j);
        rows(n, [&](const Lane& l) {
          const Packet amount = pmul(l.load(hedge), pmax(psub(one, pmul(l.load(tolp), inv_pj)), zero));
          const Packet prop = l.load(p_out);
          const Packet hedged = padd(pmin(prop, zero), pmul(pmax(prop, zero), psub(one, amount)));
          l.store(p_out, hedged);
          l.store(w_out, pmul(pj, hedged));
        });
      } else {
        rows(n, [&](const Lane& l) { l.store(w_out, pmul(pj, l.load(p_out))); });
      }
    }
    if (sc.model == ModelVersion::v2) saturate_repulsion(d, j0, j1);
  }
  d.pull_weight = d.pull.rowwise().sum();
}

namespace {

std::atomic<DerivedNotice> g_notice{nullptr};

// The quoted names of the dimensions left out of power this tick (or of those kept).
std::string dims_text(const Scenario& sc, const Derived& d, bool left_out) {
  std::string out;
  for (int k = 0; k < sc.n_cap(); ++k) {
    const bool out_k = sc.power_weights[k] > 0 && d.weights[k] == 0.0;
    const bool in_k = d.weights[k] > 0;
    if (left_out ? out_k : in_k)
      out += fmt::format("{}'{}'", out.empty() ? "" : ", ", sc.capability_dims[static_cast<std::size_t>(k)].name);
  }
  return out;
}

std::string renormalised_notice(const Scenario& sc, const World& w, const Derived& d) {
  const bool one = d.dims_left_out == 1;
  return fmt::format(
      "tick {}: capability dimension{} {} {} no total left (0 or below {} summed over the states), so "
      "{} power weight goes to {} while {} none; the run counts such ticks (power_renormalised in "
      "manifest.json)",
      w.tick, one ? "" : "s", dims_text(sc, d, true), one ? "has" : "have", kMinDivisor, one ? "its" : "their",
      dims_text(sc, d, false), one ? "it has" : "they have");
}

[[noreturn]] void throw_undefined_power(const Scenario& sc, const World& w, const Derived& d) {
  throw std::runtime_error(
      fmt::format("tick {}: power is undefined: no capability dimension with a power weight has a total left "
                  "({} summed over the states: 0 or below {}), and threat and pull need power; lower the "
                  "negative growth rates or the sanctions that wipe these capabilities out",
                  w.tick, dims_text(sc, d, true), kMinDivisor));
}

bool same_run(const PowerRenormalisation& r, const World& w) {
  return r.seed == w.seed && r.run == w.run && w.tick == r.last_tick + 1;
}

// Counts the tick when a dimension was left out; the first time in the run, notices it.
void record_power(const Scenario& sc, const World& w, Derived& d) {
  PowerRenormalisation& r = d.renormalised;
  if (!same_run(r, w)) r = PowerRenormalisation{0, -1, -1, w.seed, w.run, w.tick};
  r.last_tick = w.tick;
  if (d.dims_left_out == 0) return;
  if (!d.power_defined) throw_undefined_power(sc, w, d);
  ++r.ticks;
  if (r.first_tick >= 0) return;
  r.first_tick = w.tick;
  for (int k = 0; k < sc.n_cap() && r.first_dim < 0; ++k)
    if (sc.power_weights[k] > 0 && d.weights[k] == 0.0) r.first_dim = k;
  if (const DerivedNotice notice = g_notice.load(std::memory_order_relaxed)) notice(renormalised_notice(sc, w, d));
}

}  // namespace

void set_derived_notice(DerivedNotice notice) { g_notice.store(notice, std::memory_order_relaxed); }

void compute_derived(const Scenario& sc, const World& w, Derived& d) {
  compute_shares(sc, w.capability, d);
  record_power(sc, w, d);
  compute_scores(sc, w.alignment, d);
  compute_threat(sc, w, d);
  compute_propensity(sc, w, d);
}

}  // namespace bpsim
