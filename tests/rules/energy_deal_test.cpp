// sim/rules/energy_deal.cpp (docs/ODD.md Section 7.15, energy deals {seller s, buyer b,
// volume v, price, relation, pull}): the rule against hand-computed values, its
// dependence channel through full steps, and the loader's checks from its descriptor.
#include "support/builders.hpp"
#include "support/check.hpp"

#include "sim/core/run_from.hpp"
#include "sim/core/step.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/scenario_errors.hpp"

#include <string>
#include <vector>

using namespace bpsim;
using bpsim::test::Bench;
using bpsim::test::make_scenario;
using bpsim::test::near;

namespace {

constexpr std::size_t kEnergy = dependence_channel<EnergyDealEvent>;

// Three states, one axis, dims econ (0) and energy (1):
//   econ = (2, 2, 1), energy = (10, 4, 1), a = (.5, -.5, 0);
//   the buyer S1 hedges with h = 0.5 and depends on S0 for E[1,0] = 0.4 of its energy
//   imports (arms dependence 0).
Scenario three_states() {
  Scenario sc = make_scenario(3, 1, {Role::economy, Role::energy});
  test::fill(sc.capability0, {2, 10,  //
                              2, 4,   //
                              1, 1});
  test::set_alignment(sc, {0.5, -0.5, 0.0});
  sc.traits.hedging << 0, 0.5, 0;
  sc.dependence0[kEnergy](1, 0) = 0.4;
  return sc;
}

EnergyDealEvent deal(int s, int b) { return EnergyDealEvent{s, b, 0.1, 0.2, 1.0, 1.0}; }

// three_states with every endogenous mechanism off, no energy dependence, one deal 0 -> 1.
Scenario one_deal() {
  Scenario sc = three_states();
  test::silence(sc);
  sc.dependence0[kEnergy].setZero();
  test::add_event(sc, deal(0, 1));
  return sc;
}

}  // namespace

TEST_CASE("energy deal: delivery, payment, relation, pull, flow and count") {
  Bench b(three_states());
  RuleKind<EnergyDealEvent>::apply(b.input(), deal(0, 1), 0, b.out);
  const auto& dc = b.out.cap[mechanism_of<EnergyDealEvent>];
  // q = v C[s,energy] (1 - h_b E[b,s]) = 0.1 * 10 * (1 - 0.5 * 0.4) = 0.8
  CHECK(dc(1, 1) == near(0.8));   // buyer energy += q
  CHECK(dc(0, 0) == near(0.16));  // seller economy += q price = 0.8 * 0.2
  CHECK(dc(0, 1) == 0.0);         // the seller keeps its energy (exports as production)
  CHECK(dc(1, 0) == 0.0);         // the buyer does not pay out of its capability
  CHECK(dc.row(2).norm() == 0.0);
  CHECK(b.out.rel(0, 1) == near(0.1));  // relation v = 1 * 0.1
  CHECK(b.out.rel(1, 0) == near(0.1));
  CHECK(b.out.rel(0, 2) == 0.0);
  // da_b = pull v E[b,s] (a_s - a_b) = 1 * 0.1 * 0.4 * (0.5 + 0.5) = 0.04
  CHECK(b.out.align[mechanism_of<EnergyDealEvent>](1, 0) == near(0.04));
  CHECK(b.out.align[mechanism_of<EnergyDealEvent>](0, 0) == 0.0);
  CHECK(b.out.flows[kEnergy].amount(0, 1) == near(0.8));  // [seller, buyer]
  CHECK(b.out.flows[kEnergy].amount(1, 0) == 0.0);
  CHECK(b.out.flows[dependence_channel<ArmsSaleEvent>].amount.norm() == 0.0);  // not an arms flow
  CHECK(b.out.counts[count_slot<EnergyDealEvent>("energy_deliveries")] == 1.0);
  // Nothing of it lands in another mechanism's buffers.
  for (int m = 0; m < n_mechanisms; ++m) {
    if (m == mechanism_of<EnergyDealEvent>) continue;
    CAPTURE(m);
    CHECK(b.out.cap[static_cast<std::size_t>(m)].norm() == 0.0);
    CHECK(b.out.align[static_cast<std::size_t>(m)].norm() == 0.0);
  }
}

TEST_CASE("energy deal: the buyer's hedging trait scales what it takes by its dependence") {
  Scenario sc = three_states();
  sc.traits.hedging[1] = 0;  // no hedging: the whole contract, q = 0.1 * 10
  Bench a(sc);
  RuleKind<EnergyDealEvent>::apply(a.input(), deal(0, 1), 0, a.out);
  CHECK(a.out.flows[kEnergy].amount(0, 1) == near(1.0));

  sc.traits.hedging[1] = 1;  // full hedging of a buyer wholly dependent: it takes nothing
  sc.dependence0[kEnergy](1, 0) = 1;
  Bench c(sc);
  RuleKind<EnergyDealEvent>::apply(c.input(), deal(0, 1), 0, c.out);
  CHECK(c.out.flows[kEnergy].amount(0, 1) == 0.0);
  CHECK(c.out.cap[mechanism_of<EnergyDealEvent>].norm() == 0.0);
  CHECK(c.out.rel(0, 1) == near(0.1));  // the contract still binds the two
  // ... and the full pull of a buyer with E = 1: 1 * 0.1 * 1 * 1
  CHECK(c.out.align[mechanism_of<EnergyDealEvent>](1, 0) == near(0.1));
}

TEST_CASE("energy deal: a first deal exerts no pull, and the coefficients are the event's") {
  Scenario sc = three_states();
  sc.dependence0[kEnergy](1, 0) = 0;
  Bench b(sc);
  RuleKind<EnergyDealEvent>::apply(b.input(), deal(0, 1), 0, b.out);
  CHECK(b.out.align[mechanism_of<EnergyDealEvent>].norm() == 0.0);
  CHECK(b.out.flows[kEnergy].amount(0, 1) == near(1.0));  // E = 0: hedging has nothing to act on

  b.recompute();
  EnergyDealEvent ev = deal(0, 1);
  ev.relation = 0.25;
  ev.pull = 3;
  b.sc.dependence0[kEnergy](1, 0) = 0.5;
  b.refresh();
  RuleKind<EnergyDealEvent>::apply(b.input(), ev, 0, b.out);
  CHECK(b.out.rel(0, 1) == near(0.025));                                  // 0.25 * 0.1
  CHECK(b.out.align[mechanism_of<EnergyDealEvent>](1, 0) == near(0.15));  // 3 * 0.1 * 0.5 * 1
  CHECK(b.out.flows[kEnergy].amount(0, 1) == near(0.75));                 // 1 * (1 - 0.5 * 0.5)
}

TEST_CASE("energy deal: without an economy dimension the seller is not paid, nothing else changes") {
  Scenario sc = make_scenario(3, 1, {Role::energy});
  test::fill(sc.capability0, {10, 4, 1});
  Bench b(sc);
  RuleKind<EnergyDealEvent>::apply(b.input(), deal(0, 1), 0, b.out);
  const auto& dc = b.out.cap[mechanism_of<EnergyDealEvent>];
  CHECK(dc(1, 0) == near(1.0));
  CHECK(dc(0, 0) == 0.0);
}

TEST_CASE("energy deal through full steps: energy dependence grows toward the sole supplier, hedged") {
  const Scenario sc = one_deal();
  World w = make_world(sc, 1);
  Workspace ws;
  init_workspace(sc, w, ws);
  step(sc, w, ws);
  // Tick 0: E[1,0] = 0, q = 1; after it E[1,0] = (1 - 0.1) 0 + 0.1 * 1 / 1 = 0.1.
  CHECK(w.dependence[kEnergy](1, 0) == near(0.1));
  CHECK(w.dependence[kEnergy](1, 2) == 0.0);
  CHECK(w.capability(1, 1) == near(5.0));  // 4 + 1
  CHECK(w.arms_dep().norm() == 0.0);       // the arms channel is untouched
  step(sc, w, ws);
  // Tick 1: q = 0.1 * 10 * (1 - 0.5 * 0.1) = 0.95; E = 0.9 * 0.1 + 0.1 = 0.19.
  CHECK(w.capability(1, 1) == near(5.95));
  CHECK(w.dependence[kEnergy](1, 0) == near(0.19));
  for (int t = 2; t < 200; ++t) step(sc, w, ws);
  CHECK(w.dependence[kEnergy](1, 0) > 0.99);  // one supplier: the share tends to 1
  CHECK(w.dependence[kEnergy](1, 0) <= 1.0);
}

namespace {

std::string with_deal(const std::string& dims, const std::string& rule) {
  return "scenario: energy\nticks: 10\ndimensions:\n  capability: " + dims +
         "\n  alignment: [x]\nstates:\n"
         "  - {id: RUS, capability: {gdp: 1, pec: 9}, alignment: [0.5]}\n"
         "  - {id: CHN, capability: {gdp: 3, pec: 4}, alignment: [-0.5]}\n"
         "events:\n  - {" +
         rule + ", from: 2}\n";
}

const std::string kDims = "[{name: gdp, role: economy}, {name: pec, role: energy}]";

}  // namespace

TEST_CASE("energy deal from YAML: fields, defaults, and the loader's checks") {
  const Scenario sc =
      parse_scenario(with_deal(kDims, "energy_deal: {seller: RUS, buyer: CHN, volume: 0.02, price: 0.1}"), "e.yaml");
  REQUIRE(sc.events.size() == 1);
  const auto& ev = std::get<EnergyDealEvent>(sc.events[0].rule);
  CHECK(ev.seller == 0);
  CHECK(ev.buyer == 1);
  CHECK(ev.volume == 0.02);
  CHECK(ev.price == 0.1);
  CHECK(ev.relation == 1.0);  // the defaults
  CHECK(ev.pull == 1.0);
  CHECK(sc.events[0].when.from == 2);
  CHECK(test::load_errors(with_deal(kDims, "energy_deal: {seller: RUS, buyer: CHN, volume: 0.02}")) ==
        std::vector<std::string>{"events[0].energy_deal: missing required key 'price'"});
  CHECK(test::load_errors(with_deal(kDims, "energy_deal: {seller: RUS, buyer: RUS, volume: 0.02, price: 1}")) ==
        std::vector<std::string>{
            "events[0].energy_deal.buyer: 'RUS' is also the seller; a state cannot sell energy to itself"});
  CHECK(test::load_errors(with_deal(kDims, "energy_deal: {seller: RUS, buyer: CHN, volume: -1, price: 1}")) ==
        std::vector<std::string>{"events[0].energy_deal.volume: -1 is out of range; allowed: a number >= 0"});
  CHECK(test::load_errors(with_deal("[{name: gdp, role: economy}, {name: pec}]",
                                    "energy_deal: {seller: RUS, buyer: CHN, volume: 0.02, price: 1}")) ==
        std::vector<std::string>{"events[0].energy_deal: needs a capability dimension with role energy; add "
                                 "role: energy to one of dimensions.capability"});
}

TEST_CASE("energy deal: a world that holds no energy channel (an older snapshot) resumes from zero dependence") {
  const Scenario sc = one_deal();
  World start = make_world(sc, 1);
  start.dependence[kEnergy].resize(0, 0);  // as load_snapshot gives for a file without it
  RunOptions opt;
  opt.ticks = 1;
  const World end = run_from(sc, start, opt, nullptr, false);
  CHECK(end.dependence[kEnergy](1, 0) == near(0.1));  // (1 - 0.1) 0 + 0.1 * 1
}

TEST_CASE("energy deal: the loader's rule, as the builders follow it: a deal sizes the energy channel") {
  Scenario sc = make_scenario(3, 1, {Role::economy, Role::energy});
  sc.dependence0[kEnergy].resize(0, 0);  // as the loader leaves a channel no event feeds
  CHECK_FALSE(sc.uses_dependence(kEnergy));
  test::add_event(sc, deal(0, 1));  // an energy deal sizes it
  CHECK(sc.uses_dependence(kEnergy));
  CHECK(sc.dependence0[kEnergy].rows() == 3);
}
