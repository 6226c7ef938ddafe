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

std::string_view mechanism_name(Mechanism m);

// One line of events.csv.
struct EventRecord {
  int tick = 0;
  std::string kind;    // the rule's key (kRuleKeys), or blocked_sale, incident
  std::string actors;  // ids joined with ';'
  std::string detail;
};

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

// One dependence channel's flows of a step: F[source, importer] and the entries written.
struct Flows {
  Eigen::MatrixXd amount;                    // (n x n) once a flow was added; 0 x 0 before
  std::vector<std::pair<int, int>> written;  // [source, importer] entries written this step
};

// Model v2: arms ordered this step, added to the order book O[seller, buyer].
struct Order {
  int seller = -1, buyer = -1;
  double amount = 0;
};

struct Deltas {
  MechanismArrays align;                         // d alignment per mechanism (n x n_axes)
  MechanismArrays cap;                           // d capability per mechanism (n x n_cap)
  Eigen::MatrixXd rel;                           // d relations, kept symmetric (n x n)
  std::array<Flows, kDependenceChannels> flows;  // per dependence channel (kDependenceNames)
  // Per dependence channel, model v2: the importer's total procurement this step (domestic
  // and imported), the floor of the share's denominator; empty until deliver_orders sets it.
  std::array<Eigen::VectorXd, kDependenceChannels> procured;
  std::vector<Order> orders;  // model v2
  StepCounts counts{};
  bool log_events = true;  // false in benchmarks: skip building strings
  std::vector<EventRecord> log;

  void reset(Eigen::Index n, Eigen::Index n_cap, Eigen::Index n_axes);
  // Record m units flowing from source to importer on a dependence channel.
  // A channel's matrix is made by its first flow, so a channel no event feeds costs nothing.
  void add_flow(std::size_t channel, int source, int importer, double m) {
    Flows& f = flows[channel];
    if (f.amount.rows() != rel.rows()) f.amount.setZero(rel.rows(), rel.rows());
    f.written.emplace_back(source, importer);
    f.amount(source, importer) += m;
  }
  // Add v to R[i,j] and R[j,i]: relations stay symmetric by construction.
  void add_relation(Eigen::Index i, Eigen::Index j, double v) {
    rel(i, j) += v;
    rel(j, i) += v;
  }
};

}  // namespace bpsim
