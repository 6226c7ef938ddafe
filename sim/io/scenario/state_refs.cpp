// References to states by id, as events, pairs and watch lists use them.
#include "sim/io/scenario/sections.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bpsim::io {

namespace {

std::vector<std::string> known_ids(const Scenario& sc) {
  std::vector<std::string> ids;
  for (const auto& id : sc.state_ids)
    if (!id.empty()) ids.push_back(id);
  return ids;
}

}  // namespace

std::optional<int> read_state_ref(Build& b, const At& at) {
  auto id = read_string(b.ck, at);
  if (!id) return std::nullopt;
  const int i = id->empty() ? -1 : b.sc.state_index(*id);
  if (i >= 0) return i;
  // An id already reported as invalid is not reported again at every use.
  if (std::find(b.bad_ids.begin(), b.bad_ids.end(), *id) != b.bad_ids.end()) return std::nullopt;
  b.ck.error(at, fmt::format("unknown state id '{}'; known ids: {}", *id, join_names(known_ids(b.sc))));
  return std::nullopt;
}

std::optional<std::vector<int>> read_state_list(Build& b, const At& at, std::size_t min_size) {
  if (!check_list(b.ck, at)) return std::nullopt;
  if (at.node.size() < min_size) {
    b.ck.error(at, fmt::format("expected a list of at least {} state id{}, got {}", min_size, min_size == 1 ? "" : "s",
                               at.node.size()));
    return std::nullopt;
  }
  std::vector<int> out;
  bool ok = true;
  for (std::size_t k = 0; k < at.node.size(); ++k) {
    const At entry = item(at, k);
    const auto i = read_state_ref(b, entry);
    if (i && std::find(out.begin(), out.end(), *i) != out.end()) {
      b.ck.error(entry, fmt::format("'{}' is listed twice", b.sc.state_ids[*i]));
      ok = false;
    } else if (i) {
      out.push_back(*i);
    } else {
      ok = false;
    }
  }
  return ok ? std::optional(out) : std::nullopt;
}

std::optional<std::pair<int, int>> read_state_pair(Build& b, const At& at) {
  if (!check_list(b.ck, at)) return std::nullopt;
  if (at.node.size() != 2) {
    const std::size_t n = at.node.size();
    b.ck.error(at, fmt::format("expected a pair of state ids [A, B], got {} entr{}", n, n == 1 ? "y" : "ies"));
    return std::nullopt;
  }
  const auto i = read_state_ref(b, item(at, 0));
  const auto j = read_state_ref(b, item(at, 1));
  if (!i || !j) return std::nullopt;
  if (*i == *j) {
    b.ck.error(item(at, 1), fmt::format("a pair needs two different states, got '{}' twice", b.sc.state_ids[*i]));
    return std::nullopt;
  }
  return std::pair{*i, *j};
}

}  // namespace bpsim::io
