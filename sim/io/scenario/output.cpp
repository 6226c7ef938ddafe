// output: which dyads to log (all, none, or a watch list of pairs).
#include "sim/io/scenario/sections.hpp"
#include "sim/model/saturating.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

namespace bpsim::io {

namespace {

constexpr int kMaxDefaultDyads = 40;  // above this many states, logging all dyads is too much

void watch_all(Scenario& sc) {
  for (int i = 0; i < sc.n_states(); ++i)
    for (int j = i + 1; j < sc.n_states(); ++j) sc.watch.emplace_back(i, j);
}

void read_watch_list(Build& b, const At& list) {
  std::map<std::pair<int, int>, At> seen;  // unordered pair -> where first listed
  for (std::size_t k = 0; k < list.node.size(); ++k) {
    const At entry = item(list, k);
    const auto p = read_state_pair(b, entry);
    if (!p) continue;
    const auto [it, fresh] = seen.emplace(std::minmax(p->first, p->second), entry);
    if (fresh) b.sc.watch.push_back(*p);
    else
      b.ck.error(entry, fmt::format("duplicate pair ({}, {}) (first at {})", b.sc.state_ids[p->first],
                                    b.sc.state_ids[p->second], b.ck.origin(it->second.node, it->second.mark)));
  }
}

void default_watch(Build& b) {
  if (b.sc.n_states() <= kMaxDefaultDyads) return watch_all(b.sc);
  spdlog::warn(
      "{}: {} states: no dyads are logged by default above {}; list pairs to watch "
      "under output.dyads",
      b.ck.file(), b.sc.n_states(), kMaxDefaultDyads);
}

}  // namespace

std::uint64_t watched_pair_count(const At& root, std::uint64_t n) {
  const std::uint64_t all = n < 2 ? 0 : mul_sat(n, n - 1) / 2;
  const At dyads = child(child(root, "output"), "dyads");
  if (!dyads.present) return n <= static_cast<std::uint64_t>(kMaxDefaultDyads) ? all : 0;
  if (dyads.node.IsSequence()) return dyads.node.size();
  return dyads.node.IsScalar() && dyads.node.Scalar() == "all" ? all : 0;
}

void read_output(Build& b, const At& root) {
  const At out = child(root, "output");
  if (out.present && !check_map(b.ck, out, {"dyads"})) return;
  const At dyads = child(out, "dyads");
  if (!dyads.present) return default_watch(b);
  if (dyads.node.IsSequence()) return read_watch_list(b, dyads);
  if (!dyads.node.IsScalar()) {
    b.ck.error(dyads, "expected all, none or a list of pairs [[A, B], ...]; got " + describe(dyads.node));
    return;
  }
  if (read_choice(b.ck, dyads, {"all", "none"}) == "all") watch_all(b.sc);
}

}  // namespace bpsim::io
