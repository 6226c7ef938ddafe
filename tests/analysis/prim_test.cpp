// analysis/prim.cpp: PRIM peeling trajectory and box selection.
#include "support/check.hpp"

#include "analysis/design.hpp"
#include "analysis/prim.hpp"

#include <stdexcept>
#include <vector>

using namespace bpsim;
using bpsim::test::near;

namespace {

// Points of x inside the box (inclusive bounds) and interesting ones among them.
struct Count {
  int in = 0, hits = 0;
};
Count count_in(const prim::Box& b, const Eigen::MatrixXd& x, const std::vector<bool>& y) {
  Count c;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    if (((x.row(i).transpose().array() >= b.lo.array()) && (x.row(i).transpose().array() <= b.hi.array())).all()) {
      ++c.in;
      if (y[static_cast<std::size_t>(i)]) ++c.hits;
    }
  }
  return c;
}

prim::Box box(double coverage, double density) {
  return prim::Box{Eigen::VectorXd::Zero(1), Eigen::VectorXd::Ones(1), coverage, density, 0.5, 1, {}};
}

}  // namespace

TEST_CASE("prim_peel: a one-dimensional trajectory by hand") {
  // x = 0, 1, ..., 19; interesting when x >= 15 (5 of 20). alpha = 0.1.
  // Bottom cut over m sorted points: halfway between the order statistics at floor and
  // ceil of (m - 1) 0.1. m = 20: h = 1.9 -> (1 + 2) / 2 = 1.5, dropping 0 and 1;
  // m = 18: h = 1.7 -> 3.5; m = 16 -> 5.5; 14 -> 7.5; 12 -> 9.5; m = 10: h = 0.9 -> 10.5
  // (one point); 9 -> 11.5; 8 -> 12.5; 7 -> 13.5; 6 -> 14.5, leaving exactly the 5
  // interesting points (density 1: stop). A top peel always loses interesting points.
  Eigen::MatrixXd x(20, 1);
  std::vector<bool> y(20);
  for (int i = 0; i < 20; ++i) {
    x(i, 0) = i;
    y[static_cast<std::size_t>(i)] = i >= 15;
  }
  const double lo[] = {0, 1.5, 3.5, 5.5, 7.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5};
  const int in[] = {20, 18, 16, 14, 12, 10, 9, 8, 7, 6, 5};
  const auto tr = prim::prim_peel(x, y, 0.1, 0.05);
  REQUIRE(tr.size() == 11);
  for (std::size_t s = 0; s < tr.size(); ++s) {
    CAPTURE(s);
    CHECK(tr[s].lo[0] == near(lo[s]));
    CHECK(tr[s].hi[0] == near(19.0));
    CHECK(tr[s].n_points == in[s]);
    CHECK(tr[s].coverage == near(1.0));
    CHECK(tr[s].density == near(5.0 / in[s]));
    CHECK(tr[s].mass == near(in[s] / 20.0));
    CHECK(tr[s].restricted == (s == 0 ? std::vector<int>{} : std::vector<int>{0}));
  }
  // min_mass 0.3: the last peel (to mass 0.25) is not taken.
  const auto short_tr = prim::prim_peel(x, y, 0.1, 0.3);
  REQUIRE(short_tr.size() == 10);
  CHECK(short_tr.back().lo[0] == near(13.5));
  CHECK(short_tr.back().mass == near(0.3));

  // Mirrored (interesting when x <= -15 for x = -i): the top is peeled instead.
  const auto mirrored = prim::prim_peel(-x, y, 0.1, 0.05);
  REQUIRE(mirrored.size() == 11);
  for (std::size_t s = 0; s < mirrored.size(); ++s) {
    CHECK(mirrored[s].hi[0] == near(-lo[s]));
    CHECK(mirrored[s].lo[0] == near(-19.0));
  }
}

TEST_CASE("prim_peel: ties are peeled together, a constant column never") {
  // Column 0 is constant; column 1 is 0, 0, 0, 1, 2, ..., 7 with y = (x1 >= 5).
  // m = 10, alpha = 0.1: h = 0.9, order statistics 0 and 0 tie, the upper index moves to
  // the first 1: cut 0.5 drops the three zeros at once.
  Eigen::MatrixXd x(10, 2);
  std::vector<bool> y(10);
  const double v[] = {0, 0, 0, 1, 2, 3, 4, 5, 6, 7};
  for (int i = 0; i < 10; ++i) {
    x(i, 0) = 3.0;
    x(i, 1) = v[i];
    y[static_cast<std::size_t>(i)] = v[i] >= 5;
  }
  const auto tr = prim::prim_peel(x, y, 0.1, 0.0);
  REQUIRE(tr.size() >= 2);
  CHECK(tr[1].lo[1] == near(0.5));
  CHECK(tr[1].n_points == 7);
  for (const auto& b : tr) {
    CHECK(b.lo[0] == 3.0);
    CHECK(b.hi[0] == 3.0);
    CHECK((b.restricted.empty() || b.restricted == std::vector<int>{1}));
  }
  CHECK(tr.back().density == near(1.0));
  CHECK(tr.back().lo[1] == near(4.5));
}

TEST_CASE("prim_peel: finds x1 > 0.7 && x2 < 0.4 and leaves x3 alone") {
  const int n = 2000;
  const Eigen::MatrixXd x = design::random_uniform(n, 3, 1);
  std::vector<bool> y(n);
  int interesting = 0;
  for (int i = 0; i < n; ++i) {
    y[static_cast<std::size_t>(i)] = x(i, 0) > 0.7 && x(i, 1) < 0.4;
    interesting += y[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  const auto tr = prim::prim_peel(x, y);
  REQUIRE(tr.size() > 1);
  // The start is the bounding box of the data.
  CHECK(tr[0].lo == x.colwise().minCoeff().transpose());
  CHECK(tr[0].hi == x.colwise().maxCoeff().transpose());
  CHECK(tr[0].density == near(static_cast<double>(interesting) / n));
  for (std::size_t s = 1; s < tr.size(); ++s) {
    CHECK(tr[s].mass >= 0.05);
    CHECK(tr[s].n_points < tr[s - 1].n_points);
  }

  const prim::Box b = prim::prim_select(tr, 0.8);
  CHECK(b.density >= 0.8);
  CHECK(b.lo[0] == near(0.7, 0.05));
  CHECK(b.hi[0] == near(1.0, 0.05));
  CHECK(b.lo[1] == near(0.0, 0.05));
  CHECK(b.hi[1] == near(0.4, 0.05));
  CHECK(b.restricted == std::vector<int>{0, 1});
  CHECK(b.lo[2] == x.col(2).minCoeff());
  CHECK(b.hi[2] == x.col(2).maxCoeff());
  // Coverage, density and mass by direct counting of the returned box.
  const Count c = count_in(b, x, y);
  CHECK(b.n_points == c.in);
  CHECK(b.coverage == near(static_cast<double>(c.hits) / interesting));
  CHECK(b.density == near(static_cast<double>(c.hits) / c.in));
  CHECK(b.mass == near(static_cast<double>(c.in) / n));
  CHECK(b.coverage > 0.9);
  for (const auto& t : tr) {
    const Count ct = count_in(t, x, y);
    CHECK(t.n_points == ct.in);
    CHECK(t.density == near(static_cast<double>(ct.hits) / ct.in));
  }
}

TEST_CASE("prim_select: highest coverage at the wanted density, else the densest") {
  const std::vector<prim::Box> tr = {box(1.0, 0.3), box(0.9, 0.6), box(0.8, 0.9), box(0.5, 1.0)};
  CHECK(prim::prim_select(tr, 0.5).coverage == near(0.9));
  CHECK(prim::prim_select(tr, 0.6).coverage == near(0.9));
  CHECK(prim::prim_select(tr, 0.85).coverage == near(0.8));
  CHECK(prim::prim_select(tr, 1.0).coverage == near(0.5));
  CHECK(prim::prim_select(tr, 0.0).coverage == near(1.0));
  CHECK(prim::prim_select(tr, 1.1).density == near(1.0));  // none qualifies: densest
  // Equal coverage: the denser box.
  const std::vector<prim::Box> ties = {box(1.0, 0.5), box(1.0, 0.7), box(0.9, 0.8)};
  CHECK(prim::prim_select(ties, 0.4).density == near(0.7));
  CHECK_THROWS_AS(prim::prim_select({}, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(prim::prim_peel(Eigen::MatrixXd::Zero(3, 1), {true, false}), std::invalid_argument);
}
