// Deltas: what the rules of one step want to change, kept per mechanism so that a
// run can report where each state's change came from (attribution) at no extra cost.
// Rules only add to these buffers; step() applies the sums once, synchronously.
#pragma once

#include "sim/model/rule_kinds.hpp"

#include <Eigen/Dense>

#include <array>
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

// StepCounts' members by world.csv column. The columns are the rule kinds' counts
// (kCountNames, sim/model/rule_kinds.hpp); the static_assert below keeps the two equal.
struct CountField {
  std::string_view name;
  double StepCounts::*member;
};
inline constexpr std::array<CountField, kCountColumns> kStepCountFields{{
    {"sanctions", &StepCounts::sanctions},
    {"deliveries", &StepCounts::deliveries},
    {"blocked_sales", &StepCounts::blocked_sales},
    {"exercises", &StepCounts::exercises},
    {"incidents", &StepCounts::incidents},
    {"engagements", &StepCounts::engagements},
}};
constexpr bool step_counts_match_rule_kinds() {
  for (std::size_t i = 0; i < kCountColumns; ++i)
    if (kStepCountFields[i].name != kCountNames[i]) return false;
  return true;
}
static_assert(step_counts_match_rule_kinds(),
              "StepCounts (kStepCountFields) and the rule kinds' counts (rule_kinds.hpp) disagree");
static_assert(sizeof(StepCounts) == kCountColumns * sizeof(double),
              "a StepCounts member missing from kStepCountFields");

// The counts in world.csv column order (kCountNames).
inline std::array<double, kCountColumns> step_count_values(const StepCounts& c) {
  std::array<double, kCountColumns> v{};
  for (std::size_t i = 0; i < kCountColumns; ++i) v[i] = c.*kStepCountFields[i].member;
  return v;
}

// One array of the same shape per mechanism, stored back to back in one block so that
// a step clears them all with one memset (18 small setZero calls cost more than the
// zeroing itself at 8 states). operator[] is a view of mechanism m's array.
class MechanismArrays {
 public:
  using View = Eigen::Map<Eigen::MatrixXd>;
  using ConstView = Eigen::Map<const Eigen::MatrixXd>;

  // Every array rows x cols and zero.
  void zero(Eigen::Index rows, Eigen::Index cols) {
    rows_ = rows;
    cols_ = cols;
    storage_.setZero(rows * cols * n_mechanisms);
  }
  View operator[](int m) { return View(storage_.data() + offset(m), rows_, cols_); }
  ConstView operator[](int m) const { return ConstView(storage_.data() + offset(m), rows_, cols_); }

 private:
  Eigen::Index offset(int m) const { return m * rows_ * cols_; }

  Eigen::VectorXd storage_;
  Eigen::Index rows_ = 0, cols_ = 0;
};

struct Deltas {
  MechanismArrays align;  // d alignment per mechanism (n x n_axes)
  MechanismArrays cap;    // d capability per mechanism (n x n_cap)
  Eigen::MatrixXd rel;         // d relations, kept symmetric              (n x n)
  Eigen::MatrixXd deliveries;  // arms delivered this step, [seller,buyer] (n x n)
  std::vector<std::pair<int, int>> delivered;  // [seller, buyer] entries written this step
  StepCounts counts;
  bool log_events = true;          // false in benchmarks: skip building strings
  std::vector<EventRecord> log;

  void reset(Eigen::Index n, Eigen::Index n_cap, Eigen::Index n_axes);
  // Record m units of arms delivered from seller to buyer.
  void add_delivery(int seller, int buyer, double m) {
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
