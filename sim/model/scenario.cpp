#include "sim/model/scenario.hpp"

#include <algorithm>
#include <cmath>

namespace bpsim {

double Scenario::dmax() const { return 2.0 * std::sqrt(static_cast<double>(n_axes())); }

int Scenario::state_index(const std::string& id) const {
  const auto it = std::find(state_ids.begin(), state_ids.end(), id);
  return it == state_ids.end() ? -1 : static_cast<int>(it - state_ids.begin());
}

}  // namespace bpsim
