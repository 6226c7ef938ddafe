// relations (initial R, symmetric) and arms_imports (initial arms dependence M).
#include "sim/io/scenario/pairs.hpp"

#include <fmt/format.h>

#include <map>

namespace bpsim::io {

void read_relations(Build& b, const At& root) {
  if (const At at = child(root, "relations"); at.present) read_pair_list(b, at, kRelationRange, b.sc.relations0);
}

namespace {

struct BuyerTotal {
  double sum = 0;
  At last_share;  // where to point if the row sums past 1
};

void read_import(Build& b, const At& entry, std::map<std::pair<int, int>, At>& seen,
                 std::map<int, BuyerTotal>& totals) {
  if (!check_map(b.ck, entry, {"buyer", "seller", "share"})) return;
  bool ok = true;
  for (const char* key : {"buyer", "seller", "share"}) ok = require(b.ck, entry, key) && ok;
  if (!ok) return;
  const auto buyer = read_state_ref(b, child(entry, "buyer"));
  const At seller_at = child(entry, "seller"), share_at = child(entry, "share");
  const auto seller = read_state_ref(b, seller_at);
  const auto share = read_number(b.ck, share_at, kArmsShareRange);
  if (!buyer || !seller || !share) return;
  const std::string& name = b.sc.state_ids[*buyer];
  if (*buyer == *seller)
    return b.ck.error(seller_at, fmt::format("'{}' is also the buyer; a state cannot import from itself", name));
  const auto [it, fresh] = seen.emplace(std::pair{*buyer, *seller}, entry);
  if (!fresh)
    return b.ck.error(seller_at, fmt::format("duplicate entry for buyer '{}' and seller '{}' (first at {})", name,
                                             b.sc.state_ids[*seller], b.ck.origin(it->second.node, it->second.mark)));
  b.sc.dependence0[dependence_channel<ArmsSaleEvent>](*buyer, *seller) = *share;
  auto& total = totals[*buyer];
  total.sum += *share;
  total.last_share = share_at;
}

}  // namespace

// Each buyer's shares must sum to at most 1 (the rest is domestic production).
void read_arms_imports(Build& b, const At& root) {
  const At at = child(root, "arms_imports");
  if (!at.present || !check_list(b.ck, at)) return;
  Eigen::MatrixXd& arms = b.sc.dependence0[dependence_channel<ArmsSaleEvent>];
  if (at.node.size() > 0 && arms.size() == 0) arms = Eigen::MatrixXd::Zero(b.sc.n_states(), b.sc.n_states());
  std::map<std::pair<int, int>, At> seen;
  std::map<int, BuyerTotal> totals;
  for (std::size_t k = 0; k < at.node.size(); ++k) read_import(b, item(at, k), seen, totals);
  for (const auto& [buyer, total] : totals)
    if (total.sum > 1.0 + kArmsShareSumSlack)
      b.ck.error(total.last_share,
                 fmt::format("shares of buyer '{}' sum to {:g}; allowed: at most 1", b.sc.state_ids[buyer], total.sum));
}

}  // namespace bpsim::io
