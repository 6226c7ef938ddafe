// Derived quantities (docs/ODD.md Section 7.1) against hand-computed numbers.
#include "support/builders.hpp"
#include "support/check.hpp"

#include <cmath>

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;
using bpsim::test::set_alignment;
using bpsim::test::set_sym;

namespace {

const test::Roles econ_only{Role::economy};

}  // namespace

TEST_CASE("shares and power: Sh = C / column sum, p = sum_k w_k Sh") {
  Scenario sc = make_scenario(2, 1, {Role::economy, Role::military});
  test::fill(sc.capability0, {3, 1,  //
                              1, 1});
  Bench b(sc);
  // econ column sums to 4: 3/4, 1/4; mil column sums to 2: 1/2, 1/2.
  CHECK(b.d.share(0, 0) == near(0.75));
  CHECK(b.d.share(1, 0) == near(0.25));
  CHECK(b.d.share(0, 1) == near(0.5));
  CHECK(b.d.share(1, 1) == near(0.5));
  // Uniform weights: p0 = (0.75 + 0.5)/2 = 0.625, p1 = (0.25 + 0.5)/2 = 0.375.
  CHECK(b.d.power[0] == near(0.625));
  CHECK(b.d.power[1] == near(0.375));

  // Weights 0.8/0.2: p0 = 0.8*0.75 + 0.2*0.5 = 0.7, p1 = 0.8*0.25 + 0.2*0.5 = 0.3.
  b.sc.power_weights << 0.8, 0.2;
  b.refresh();
  CHECK(b.d.power[0] == near(0.7));
  CHECK(b.d.power[1] == near(0.3));
}

TEST_CASE("a capability column that sums to 0 has shares 0 and its weight goes to the others") {
  Scenario sc = make_scenario(2, 1, {Role::economy, Role::military});
  test::fill(sc.capability0, {2, 0,  //
                              6, 0});
  Bench b(sc);
  CHECK(b.d.share(0, 1) == 0.0);
  CHECK(b.d.share(1, 1) == 0.0);
  CHECK(std::isfinite(b.d.power[0]));
  // ODD 7.1: w' = (1, 0), so p0 = 2/8 = 0.25, p1 = 6/8 = 0.75 (sum 1; was 0.125 + 0.375).
  CHECK(b.d.weights[0] == 1.0);
  CHECK(b.d.weights[1] == 0.0);
  CHECK(b.d.dims_left_out == 1);
  CHECK(b.d.power[0] == near(0.25));
  CHECK(b.d.power[1] == near(0.75));
}

TEST_CASE("power sums to 1 in a random-ish world") {
  Bench b(test::random_scenario(9, 77));
  CHECK(b.d.power.sum() == near(1.0));
  for (Eigen::Index k = 0; k < b.d.share.cols(); ++k) CHECK(b.d.share.col(k).sum() == near(1.0));
}

TEST_CASE("distance and alignment score S = 1 - 2 d / dmax, dmax = 2 sqrt(D)") {
  Scenario sc = make_scenario(4, 2, econ_only);
  set_alignment(sc, {0.6, 0.0,    //
                     0.0, 0.8,    //
                     -1.0, -1.0,  //
                     1.0, 1.0});
  Bench b(sc);
  // d01 = sqrt(0.36 + 0.64) = 1; S01 = 1 - 2*1/(2 sqrt 2) = 1 - 1/sqrt(2).
  CHECK(b.d.distance(0, 1) == near(1.0));
  CHECK(b.d.score(0, 1) == near(0.29289321881345254));
  CHECK(b.d.score(1, 0) == near(0.29289321881345254));
  // Opposite corners: d = 2 sqrt 2 = dmax, S = -1.
  CHECK(b.d.distance(2, 3) == near(2.8284271247461903));
  CHECK(b.d.score(2, 3) == near(-1.0));
  for (int i = 0; i < 4; ++i) {
    CHECK(b.d.distance(i, i) == 0.0);
    CHECK(b.d.score(i, i) == near(1.0));
  }
}

// Three states, one axis (dmax 2), one capability dim (economy):
//   C = (1, 3, 0) -> p = (0.25, 0.75, 0); a = (0.5, -0.5, 0.5); theta = (1, 2, 0.5).
//   S01 = 1 - |1| = 0, S02 = 1, S12 = 0; (1 - S)/2 = 0.5, 0, 0.5; G = 1, R = 0.
static Bench three_state_threat() {
  Scenario sc = make_scenario(3, 1, econ_only);
  sc.capability0.col(0) << 1, 3, 0;
  set_alignment(sc, {0.5, -0.5, 0.5});
  sc.traits.theta << 1, 2, 0.5;
  return Bench(sc);
}

TEST_CASE("threat T[i,j] = theta_i G q (1 - S)/2 (1 - max(R, 0)), hand computed") {
  Bench b = three_state_threat();
  const auto& T = b.d.threat;
  CHECK(T(0, 1) == near(0.375));  // 1 * 1 * 0.75/(0.25+0.75) * 0.5 * 1
  CHECK(T(1, 0) == near(0.25));   // 2 * 1 * 0.25/1 * 0.5
  CHECK(T(0, 2) == near(0.0));    // S02 = 1: no threat between aligned states
  CHECK(T(2, 0) == near(0.0));
  CHECK(T(1, 2) == near(0.0));   // q12 = 0/(0.75 + 0) = 0
  CHECK(T(2, 1) == near(0.25));  // 0.5 * 0.75/0.75 * 0.5
  for (int i = 0; i < 3; ++i) CHECK(T(i, i) == 0.0);
  // Threat level max_j T[i,j].
  CHECK(b.d.threat_level[0] == near(0.375));
  CHECK(b.d.threat_level[1] == near(0.25));
  CHECK(b.d.threat_level[2] == near(0.25));
}

TEST_CASE("common threat CT = T T^T") {
  Bench b = three_state_threat();
  // CT[0,2] = sum_k T0k T2k = T01 T21 = 0.375 * 0.25: 0 and 2 both fear 1.
  CHECK(b.d.common(0, 2) == near(0.09375));
  CHECK(b.d.common(2, 0) == near(0.09375));
  // CT[0,1] = T00 T10 + T01 T11 + T02 T12 = 0; CT[1,2] = T10 T20 + ... = 0.
  CHECK(b.d.common(0, 1) == near(0.0));
  CHECK(b.d.common(1, 2) == near(0.0));
}

TEST_CASE("q = 0.5 when both powers are 0") {
  Scenario sc = make_scenario(3, 1, econ_only);
  sc.capability0.col(0) << 4, 0, 0;  // p = (1, 0, 0)
  set_alignment(sc, {0.0, 1.0, -1.0});
  Bench b(sc);
  // S12 = 1 - 2*2/2 = -1, (1 - S)/2 = 1; q12 = 0.5 -> T12 = T21 = 0.5.
  CHECK(b.d.threat(1, 2) == near(0.5));
  CHECK(b.d.threat(2, 1) == near(0.5));
  // S10 = 0; q10 = 1/(0 + 1) = 1 -> T10 = 0.5; q01 = 0 -> T01 = 0.
  CHECK(b.d.threat(1, 0) == near(0.5));
  CHECK(b.d.threat(0, 1) == near(0.0));
}

TEST_CASE("proximity and positive relations reduce threat, negative relations do not raise it") {
  Scenario sc = make_scenario(2, 1, econ_only);
  sc.capability0.col(0) << 1, 3;   // p = (0.25, 0.75)
  set_alignment(sc, {0.5, -0.5});  // S = 0
  Bench b(sc);
  CHECK(b.d.threat(0, 1) == near(0.375));  // 0.75 * 0.5
  CHECK(b.d.threat(1, 0) == near(0.125));  // 0.25 * 0.5

  set_sym(b.sc.proximity, 0, 1, 0.4);
  b.refresh();
  CHECK(b.d.threat(0, 1) == near(0.15));  // 0.4 * 0.375
  CHECK(b.d.threat(1, 0) == near(0.05));  // 0.4 * 0.125

  set_sym(b.sc.proximity, 0, 1, 1.0);
  set_sym(b.sc.relations0, 0, 1, 0.6);
  b.refresh();
  CHECK(b.d.threat(0, 1) == near(0.15));  // 0.375 * (1 - 0.6)

  set_sym(b.sc.relations0, 0, 1, -0.5);
  b.refresh();
  CHECK(b.d.threat(0, 1) == near(0.375));  // 0.375 * (1 - max(-0.5, 0))
}

TEST_CASE("homophily H = 1 / (1 + exp((d/dmax - eps_i) / tau_h))") {
  Scenario sc = make_scenario(2, 1, econ_only);
  set_alignment(sc, {0.5, -0.5});  // d/dmax = 1/2
  sc.traits.eps << 0.5, 0.4;
  Bench b(sc);
  CHECK(b.d.homophily(0, 1) == near(0.5));                  // exp(0) = 1
  CHECK(b.d.homophily(1, 0) == near(0.11920292202211755));  // 1/(1 + e^2), (0.5-0.4)/0.05 = 2
  b.sc.params.tau_h = 0.1;
  b.refresh();
  CHECK(b.d.homophily(1, 0) == near(0.2689414213699951));  // 1/(1 + e^1)
}

// Two states, one axis, economy only: C = (1, 3) -> p = (0.25, 0.75); a = (0.5, -0.5)
// -> S = 0, H = 0.5 (eps 0.5); R01 = 0.2 -> T01 = 0.75*0.5*0.8 = 0.3, T10 = 0.25*0.5*0.8 = 0.1;
// with two states CT01 = T00 T10 + T01 T11 = 0.
static Scenario two_state_propensity() {
  Scenario sc = make_scenario(2, 1, econ_only);
  sc.capability0.col(0) << 1, 3;
  set_alignment(sc, {0.5, -0.5});
  set_sym(sc.relations0, 0, 1, 0.2);
  return sc;
}

TEST_CASE("propensity P = tanh(w_h H + w_r R + w_c CT - w_t beta_i T)") {
  Bench b(two_state_propensity());
  CHECK(b.d.threat(0, 1) == near(0.3));
  CHECK(b.d.propensity(0, 1) == near(0.3799489622552249));  // tanh(0.5 + 0.2 - 0.3)
  CHECK(b.d.propensity(1, 0) == near(0.5370495669980353));  // tanh(0.5 + 0.2 - 0.1)
  CHECK(b.d.propensity(0, 0) == 0.0);
  CHECK(b.d.propensity(1, 1) == 0.0);

  b.sc.traits.beta << -1, 1;  // state 0 bandwagons: threat attracts
  b.refresh();
  CHECK(b.d.propensity(0, 1) == near(0.7615941559557649));  // tanh(0.5 + 0.2 + 0.3)

  b.sc.traits.beta << 1, 1;
  b.sc.params.w_h = 2;
  b.sc.params.w_r = 0;
  b.sc.params.w_t = 0.5;
  b.refresh();
  CHECK(b.d.propensity(0, 1) == near(0.6910694698329305));  // tanh(2*0.5 + 0 - 0.5*0.3)
}

TEST_CASE("propensity includes common threat with weight w_c") {
  Bench b = three_state_threat();
  // P02 = tanh(H02 + R02 + CT02 - beta T02); d02 = 0 -> H02 = 1/(1 + e^-10).
  CHECK(b.d.homophily(0, 2) == near(0.9999546021312976));
  CHECK(b.d.propensity(0, 2) == near(0.7982262832101354));  // tanh(0.99995460 + 0.09375)
  b.sc.params.w_c = 0;
  b.refresh();
  CHECK(b.d.propensity(0, 2) == near(0.7615750893565362));  // tanh(0.99995460)
  b.sc.params.w_c = 2;
  b.refresh();
  CHECK(b.d.propensity(0, 2) == near(0.8297877712500186));  // tanh(0.99995460 + 0.1875)
}

// C = (1, 4) -> p = (0.2, 0.8); a = (0.5, -0.5) -> H = 0.5; R = 0;
// T01 = 0.8*0.5 = 0.4, T10 = 0.2*0.5 = 0.1; unhedged P01 = tanh(0.1), P10 = tanh(0.4).
static Scenario hedging_world() {
  Scenario sc = make_scenario(2, 1, econ_only);
  sc.capability0.col(0) << 1, 4;
  set_alignment(sc, {0.5, -0.5});
  sc.traits.hedging << 0.5, 0.5;
  sc.traits.tolerance << 2, 2;
  return sc;
}

TEST_CASE("hedging: where p_j/p_i > r_i and P > 0, P *= 1 - h_i (1 - r_i p_i/p_j)") {
  Bench b(hedging_world());
  // p1/p0 = 4 > 2: factor 1 - 0.5*(1 - 2*0.2/0.8) = 0.75.
  CHECK(b.d.propensity(0, 1) == near(0.07475099596871687));  // 0.75 * tanh(0.1)
  // p0/p1 = 0.25 < 2: the stronger state does not hedge.
  CHECK(b.d.propensity(1, 0) == near(0.3799489622552249));  // tanh(0.4)
}

TEST_CASE("hedging leaves a negative propensity alone") {
  Scenario sc = hedging_world();
  set_sym(sc.relations0, 0, 1, -1.0);
  Bench b(sc);
  CHECK(b.d.propensity(0, 1) == near(-0.7162978701990245));  // tanh(0.5 - 1 - 0.4)
}

TEST_CASE("hedging at and above the tolerance ratio") {
  Scenario sc = hedging_world();
  sc.capability0.col(0) << 1, 2;  // p = (1/3, 2/3): ratio exactly 2 = r
  Bench b(sc);
  // T01 = (2/3)*0.5 = 1/3: P01 = tanh(0.5 - 1/3) = tanh(1/6), unhedged (at the boundary
  // the factor 1 - h (1 - r p_i/p_j) is 1 anyway: hedging sets in continuously).
  CHECK(b.d.propensity(0, 1) == near(std::tanh(1.0 / 6.0)));
  // r = 1.5 < ratio 2: factor 1 - 0.5*(1 - 1.5*(1/3)/(2/3)) = 1 - 0.5*0.25 = 0.875.
  b.sc.traits.tolerance << 1.5, 2;
  b.refresh();
  CHECK(b.d.propensity(0, 1) == near(0.875 * std::tanh(1.0 / 6.0)));
}

TEST_CASE("hedging against a partner when the state's own power is 0") {
  Scenario sc = hedging_world();
  sc.capability0.col(0) << 0, 1;  // p = (0, 1): p1/p0 = inf > r
  set_sym(sc.relations0, 0, 1, 0.5);
  Bench b(sc);
  // T01 = 1*1*0.5*(1 - 0.5) = 0.25; P01 = tanh(0.5 + 0.5 - 0.25) = tanh(0.75);
  // factor 1 - 0.5*(1 - 2*0/1) = 0.5.
  CHECK(b.d.propensity(0, 1) == near(0.5 * 0.6351489523872873));
}

TEST_CASE("pull W[i,j] = p_j P[i,j], zero diagonal") {
  Bench b(hedging_world());
  CHECK(b.d.pull(0, 1) == near(0.05980079677497349));  // 0.8 * 0.75 * tanh(0.1)
  CHECK(b.d.pull(1, 0) == near(0.07598979245104498));  // 0.2 * tanh(0.4)
  CHECK(b.d.pull(0, 0) == 0.0);
  CHECK(b.d.pull(1, 1) == 0.0);
}

// The vectorised column kernels (sim/core/simd.hpp) against the formulas written out
// one element at a time with std::exp and std::tanh, in worlds whose size leaves a
// partial packet at the end of every column (37 = 9 x 4 + 1, 8 x 4 + 5 on AVX-512) and
// that are large enough for the tiled T T^T (>= 32 states), with hedging on.
namespace {

double scalar_hedge(double prop, double p_i, double p_j, double r, double h) {
  if (prop <= 0 || h == 0 || p_j <= 0 || p_j <= r * p_i) return prop;
  return prop * (1.0 - h * (1.0 - r * p_i / p_j));
}

void check_against_scalar_formulas(const Bench& b) {
  const Scenario& sc = b.sc;
  const Derived& d = b.d;
  const Eigen::Index n = sc.n_states();
  const Eigen::MatrixXd& a = b.w.alignment;
  const Eigen::MatrixXd ct = d.threat * d.threat.transpose();
  const double ct_scale = ct.cwiseAbs().maxCoeff();
  int hedged = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      CAPTURE(i);
      CAPTURE(j);
      const double dist = (a.row(i) - a.row(j)).norm();
      CHECK(d.distance(i, j) == near(dist));
      CHECK(d.score(i, j) == near(1.0 - 2.0 * dist / sc.dmax()));
      const double p_i = d.power[i], p_j = d.power[j];
      const double q = p_i + p_j > 0 ? p_j / (p_i + p_j) : 0.5;
      const double t = i == j ? 0.0
                              : sc.traits.theta[i] * sc.proximity(i, j) * q * 0.5 * (1.0 - d.score(i, j)) *
                                    (1.0 - std::max(b.w.relations(i, j), 0.0));
      CHECK(d.threat(i, j) == near(t));
      CHECK(d.common(i, j) == near(ct(i, j), 1e-12 * ct_scale));
      CHECK(d.common(i, j) == d.common(j, i));  // symmetric to the last bit
      CHECK(d.distance(i, j) == d.distance(j, i));
      const double h = 1.0 / (1.0 + std::exp((dist / sc.dmax() - sc.traits.eps[i]) / sc.params.tau_h));
      CHECK(d.homophily(i, j) == near(h));
      if (i == j) {
        CHECK(d.propensity(i, j) == 0.0);
        CHECK(d.pull(i, j) == 0.0);
        continue;
      }
      const Parameters& pr = sc.params;
      const double raw = std::tanh(pr.w_h * h + pr.w_r * b.w.relations(i, j) + pr.w_c * ct(i, j) -
                                   pr.w_t * sc.traits.beta[i] * d.threat(i, j));
      const double prop = scalar_hedge(raw, p_i, p_j, sc.traits.tolerance[i], sc.traits.hedging[i]);
      if (prop != raw) ++hedged;
      CHECK(d.propensity(i, j) == near(prop));
      CHECK(d.pull(i, j) == near(p_j * prop));
    }
    double level = 0;
    for (Eigen::Index k = 0; k < n; ++k) level = std::max(level, d.threat(j, k));
    CHECK(d.threat_level[j] == level);
  }
  CHECK(hedged > 0);  // the hedging branch was exercised
}

}  // namespace

TEST_CASE("vectorised derived quantities equal the element-by-element formulas") {
  for (int n : {6, 9, 33, 37, 50}) {
    CAPTURE(n);
    Scenario sc = test::random_scenario(n, 4242 + static_cast<std::uint64_t>(n));
    // Spread the powers so that hedging (p_j > r_i p_i) applies to some pairs.
    for (int i = 0; i < n; ++i) sc.capability0.row(i) *= 1.0 + 0.25 * i;
    Bench b(sc);
    check_against_scalar_formulas(b);
  }
}

TEST_CASE("derived quantities with a powerless pair: q = 1/2 in the vectorised path too") {
  Scenario sc = test::random_scenario(37, 99);
  sc.capability0.row(3).setZero();
  sc.capability0.row(30).setZero();
  Bench b(sc);
  CHECK(b.d.power[3] == 0.0);
  CHECK(b.d.power[30] == 0.0);
  check_against_scalar_formulas(b);
}
