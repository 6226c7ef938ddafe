// Energy deals {seller s, buyer b, volume v, price, relation, pull} (docs/ODD.md
// Section 7.15): a long-term supply contract, the founding paper's "strategic energy
// alliance" between Russia and China. The event and its descriptor; the rule is
// energy_deal.cpp. Its coefficients are the event's own fields (uncalibrated, by analogy
// with arms sales), so the kind needs no entry in the parameter table.
#pragma once

#include "sim/model/rule_spec.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace bpsim {

struct EnergyDealEvent {
  int seller = -1, buyer = -1;
  double volume = 0;    // contracted share of the seller's energy capability per tick
  double price = 0;     // seller economy units per energy unit delivered
  double relation = 1;  // relation gain per unit volume (as rho_arms)
  double pull = 1;      // alignment pull per unit volume and unit dependence (as alpha_arms)
};

template <>
struct RuleKind<EnergyDealEvent> {
  static constexpr std::string_view key = "energy_deal", title = "Energy deal", mechanism = "energy_deals";
  static constexpr std::string_view help =
      "Energy deal: the seller supplies energy to the buyer under a long-term contract.";
  static constexpr Role needs = Role::energy;
  static constexpr Slider volume_slider{
      .hi = 0.1,
      .factor = 4,
      .label = "volume",
      .help =
          "Share of the seller's energy delivered per tick; a buyer that hedges takes less the more it "
          "already depends on the seller."};
  static constexpr std::array<FieldSpec<EnergyDealEvent>, 6> fields{{
      {.key = "seller", .member = &EnergyDealEvent::seller, .doc = "the exporting state"},
      {.key = "buyer", .member = &EnergyDealEvent::buyer, .doc = "the importing state, not the seller"},
      {.key = "volume",
       .member = &EnergyDealEvent::volume,
       .range = kNonNegative,
       .doc = "contracted share of the seller's energy capability delivered per tick",
       .slider = &volume_slider},
      {.key = "price",
       .member = &EnergyDealEvent::price,
       .range = kNonNegative,
       .doc = "seller economy units paid per energy unit delivered"},
      {.key = "relation",
       .member = &EnergyDealEvent::relation,
       .required = false,
       .range = kNonNegative,
       .doc = "relation gain per unit volume, as rho_arms for arms sales"},
      {.key = "pull",
       .member = &EnergyDealEvent::pull,
       .required = false,
       .range = kNonNegative,
       .doc = "pull of the buyer toward the seller per unit volume and unit energy dependence"},
  }};
  static constexpr DistinctStates distinct{"seller", "buyer", "the seller", "sell energy to itself"};
  static constexpr std::array<CountSpec, 1> counts{{{"energy_deliveries", "energy deliveries"}}};
  static constexpr std::string_view dependence = "energy";
  static void apply(const RuleInput& in, const EnergyDealEvent& ev, std::uint32_t stream, Deltas& out);
};

}  // namespace bpsim
