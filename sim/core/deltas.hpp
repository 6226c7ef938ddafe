// Deltas: what the rules of one step want to change, kept per mechanism so that a
// run can report where each state's change came from (attribution) at no extra cost.
// Rules only add to these buffers; step() applies the sums once, synchronously.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bpsim {

enum Mechanism : int {
  social = 0,   // landscape pull toward weighted partners
  identity,     // pull back toward the home position
  growth,       // endogenous capability growth
  arms_race,    // Richardson reaction of military to threat
  sanctions,
  arms_sales,
  exercises,
  engagement,
  noise,
  n_mechanisms
};

std::string_view mechanism_name(Mechanism m);

// One line of events.csv.
struct EventRecord {
  int tick = 0;
  std::string kind;    // sanctions | arms_sale | blocked_sale | exercise | incident | engagement
  std::string actors;  // ids joined with ';'
  std::string detail;
};

// World-level counts of one step (doubles: expected-value incidents are fractional).
struct StepCounts {
  double sanctions = 0, deliveries = 0, blocked_sales = 0, exercises = 0, incidents = 0,
         engagements = 0;
};

// One array of the same shape per mechanism, all views into one contiguous block, so
// that a step clears them with one memset (20 small setZero calls cost more than the
// zeroing itself at 8 states). Copies and moves re-point the views at their own block.
class MechanismArrays {
 public:
  using View = Eigen::Map<Eigen::MatrixXd>;

  MechanismArrays() { bind(); }
  MechanismArrays(const MechanismArrays& o) : storage_(o.storage_), rows_(o.rows_), cols_(o.cols_) { bind(); }
  MechanismArrays(MechanismArrays&& o) noexcept
      : storage_(std::move(o.storage_)), rows_(o.rows_), cols_(o.cols_) {
    bind();
    o.rows_ = o.cols_ = 0;
    o.bind();
  }
  MechanismArrays& operator=(const MechanismArrays& o) {
    if (this != &o) {
      storage_ = o.storage_;
      rows_ = o.rows_;
      cols_ = o.cols_;
      bind();
    }
    return *this;
  }
  MechanismArrays& operator=(MechanismArrays&& o) noexcept {
    if (this != &o) {
      storage_ = std::move(o.storage_);
      rows_ = o.rows_;
      cols_ = o.cols_;
      bind();
      o.rows_ = o.cols_ = 0;
      o.bind();
    }
    return *this;
  }
  ~MechanismArrays() = default;

  // Every array rows x cols and zero.
  void zero(Eigen::Index rows, Eigen::Index cols) {
    if (rows != rows_ || cols != cols_) {
      rows_ = rows;
      cols_ = cols;
      storage_.resize(rows * cols * n_mechanisms);
      bind();
    }
    storage_.setZero();
  }
  auto begin() { return views_.begin(); }
  auto end() { return views_.end(); }
  auto begin() const { return views_.begin(); }
  auto end() const { return views_.end(); }
  View& operator[](int m) { return views_[static_cast<std::size_t>(m)]; }
  const View& operator[](int m) const { return views_[static_cast<std::size_t>(m)]; }

 private:
  void bind() {
    for (std::size_t m = 0; m < views_.size(); ++m) {
      double* at = storage_.size() ? storage_.data() + static_cast<Eigen::Index>(m) * rows_ * cols_ : nullptr;
      new (&views_[m]) View(at, rows_, cols_);
    }
  }

  Eigen::VectorXd storage_;
  Eigen::Index rows_ = 0, cols_ = 0;
  std::array<View, n_mechanisms> views_{View(nullptr, 0, 0), View(nullptr, 0, 0), View(nullptr, 0, 0),
                                        View(nullptr, 0, 0), View(nullptr, 0, 0), View(nullptr, 0, 0),
                                        View(nullptr, 0, 0), View(nullptr, 0, 0), View(nullptr, 0, 0)};
};

struct Deltas {
  MechanismArrays align;  // d alignment per mechanism (n x n_axes)
  MechanismArrays cap;    // d capability per mechanism (n x n_cap)
  Eigen::MatrixXd rel;         // d relations, kept symmetric              (n x n)
  Eigen::MatrixXd deliveries;  // arms delivered this step, [seller,buyer] (n x n)
  std::vector<int> buyers;     // columns of `deliveries` written this step, each once
  std::vector<std::pair<int, int>> delivered;  // its entries written this step
  StepCounts counts;
  bool log_events = true;          // false in benchmarks: skip building strings
  std::vector<EventRecord> log;

  void reset(Eigen::Index n, Eigen::Index n_cap, Eigen::Index n_axes);
  // Record m units of arms delivered from seller to buyer.
  void add_delivery(int seller, int buyer, double m) {
    if (std::find(buyers.begin(), buyers.end(), buyer) == buyers.end()) buyers.push_back(buyer);
    delivered.emplace_back(seller, buyer);
    deliveries(seller, buyer) += m;
  }
  // Add v to R[i,j] and R[j,i]: relations stay symmetric by construction.
  void add_relation(Eigen::Index i, Eigen::Index j, double v) {
    rel(i, j) += v;
    rel(j, i) += v;
  }
};

}  // namespace bpsim
