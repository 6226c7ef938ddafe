#include "sim/io/scenario/pairs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace bpsim::io {

namespace {

using FirstSeen = std::map<std::pair<int, int>, At>;  // unordered pair -> where first listed

bool check_new_pair(Build& b, const At& between, std::pair<int, int> p, FirstSeen& seen) {
  const auto [it, fresh] = seen.emplace(std::minmax(p.first, p.second), between);
  if (fresh) return true;
  b.ck.error(between, fmt::format("duplicate pair ({}, {}) (first at {})", b.sc.state_ids[p.first],
                                  b.sc.state_ids[p.second], b.ck.origin(it->second.node, it->second.mark)));
  return false;
}

void read_entry(Build& b, const At& entry, const Range& range, Eigen::MatrixXd& m, FirstSeen& seen) {
  if (!check_map(b.ck, entry, {"between", "value"})) return;
  const bool has_between = require(b.ck, entry, "between");
  const bool has_value = require(b.ck, entry, "value");
  if (!has_between || !has_value) return;
  const At between = child(entry, "between");
  const auto p = read_state_pair(b, between);
  const auto v = read_number(b.ck, child(entry, "value"), range);
  if (!p || !check_new_pair(b, between, *p, seen) || !v) return;
  m(p->first, p->second) = *v;
  m(p->second, p->first) = *v;
}

}  // namespace

void read_pair_list(Build& b, const At& list, const Range& range, Eigen::MatrixXd& m) {
  if (!check_list(b.ck, list)) return;
  FirstSeen seen;
  for (std::size_t k = 0; k < list.node.size(); ++k) read_entry(b, item(list, k), range, m, seen);
}

}  // namespace bpsim::io
