// Arms sales {seller s, buyer b, volume v, policy, threshold tau} (docs/ODD.md
// Section 7.6): the event and its descriptor. The rule is arms_sales.cpp.
#pragma once

#include "sim/model/rule_spec.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace bpsim {

enum class ArmsPolicy { always, security_check, status_quo };

struct ArmsSaleEvent {
  using Choice = ArmsPolicy;
  int seller = -1, buyer = -1;
  double volume = 0;  // v1: fraction of the seller's military delivered per tick; v2: of the
                      // buyer's military ordered per tick
  ArmsPolicy policy = ArmsPolicy::always;
  double threshold = 0.25;  // security check: sell iff T[seller,buyer] <= threshold
};

template <>
struct RuleKind<ArmsSaleEvent> {
  static constexpr std::string_view key = "arms_sale", title = "Arms sales", mechanism = "arms_sales";
  static constexpr std::string_view help = "Arms sales: the seller delivers weapons to the buyer.";
  static constexpr Role needs = Role::military;
  static constexpr std::array<std::string_view, 3> policies{"always", "security_check", "status_quo"};  // enum order
  static constexpr Slider volume_slider{.hi = 0.05,
                                        .factor = 4,
                                        .label = "volume",
                                        .help = "Share of the seller's military capability delivered per tick."};
  static constexpr Slider threshold_slider{
      .hi = 1,
      .factor = 2,
      .label = "security threshold",
      .help = "The seller sells only while its own threat perception of the buyer stays at or below this."};
  static constexpr std::array<FieldSpec<ArmsSaleEvent>, 5> fields{{
      {.key = "seller", .member = &ArmsSaleEvent::seller, .doc = "the exporting state"},
      {.key = "buyer", .member = &ArmsSaleEvent::buyer, .doc = "the importing state, not the seller"},
      {.key = "volume",
       .member = &ArmsSaleEvent::volume,
       .range = kNonNegative,
       .doc = "model v1: fraction of the seller's military capability delivered per tick; v2: fraction of the "
              "buyer's military capability ordered per tick",
       .slider = &volume_slider},
      {.key = "policy",
       .member = &ArmsSaleEvent::policy,
       .required = false,
       .choices = policies,
       .doc = "always; security_check: sell iff the seller's threat of the buyer <= threshold; status_quo: "
              "sell iff it is at most its value in the scenario's initial world"},
      {.key = "threshold",
       .member = &ArmsSaleEvent::threshold,
       .required = false,
       .range = kNonNegative,
       .doc = "the security check's threshold on T[seller, buyer]",
       .slider = &threshold_slider,
       .only_with = "security_check"},
  }};
  static constexpr DistinctStates distinct{"seller", "buyer", "the seller", "sell arms to itself"};
  static constexpr std::array<CountSpec, 2> counts{
      {{"deliveries", "arms deliveries"}, {"blocked_sales", "blocked sales"}}};
  static constexpr std::string_view dependence = "arms";
  static void apply(const RuleInput& in, const ArmsSaleEvent& ev, std::uint32_t stream, Deltas& out);
};

}  // namespace bpsim
