// YAML aliases and merge keys: a --set changes exactly the path it names, even where the
// path passes a node that an alias shares (states[1].traits: *t never changes states[0]),
// merge keys (<<: *base) are resolved as YAML 1.1 says, and copies keep their lines.
#include "sim/io/scenario/overrides.hpp"
#include "sim/io/scenario/patch.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/scenario_digest.hpp"

#include <string>
#include <vector>

using bpsim::Scenario;

namespace {

// A shares capability, alignment and traits with B through aliases; D merges all of C;
// C's hedging and mu are one aliased scalar. Line numbers are used below.
const std::string kAliased = R"(scenario: aliases
ticks: 10
dimensions:
  capability: [gdp, milex]
  alignment: [x]
states:
  - id: A
    capability: &cap {gdp: 1, milex: 2}
    alignment: &al [0.5]
    traits: &tr {hedging: 0.3, kappa: 0.1}
  - id: B
    capability: *cap
    alignment: *al
    traits: *tr
  - &c
    id: C
    capability: {gdp: 5, milex: 6}
    alignment: [0]
    traits: {hedging: &h 0.2, mu: *h}
  - <<: *c
    id: D
)";

Scenario load(const std::string& yaml, const std::vector<std::string>& sets = {}) {
  std::vector<bpsim::Override> overrides;
  for (const auto& a : sets) overrides.push_back(bpsim::parse_override(a));
  return bpsim::parse_scenario(yaml, "t.yaml", overrides);
}

std::string errors(const std::string& yaml, const std::vector<std::string>& sets = {}) {
  try {
    load(yaml, sets);
  } catch (const bpsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("aliases: without --set, every place an alias names reads the anchored values") {
  const Scenario sc = load(kAliased);
  CHECK(sc.state_ids == std::vector<std::string>{"A", "B", "C", "D"});
  CHECK(sc.capability0(1, 0) == 1);
  CHECK(sc.alignment0(1, 0) == 0.5);
  CHECK(sc.traits.hedging[1] == 0.3);
  CHECK(sc.traits.kappa[1] == 0.1);
  CHECK(sc.capability0(3, 1) == 6);  // merged from C
  CHECK(sc.traits.mu[2] == 0.2);
  CHECK(sc.traits.hedging[3] == 0.2);
}

TEST_CASE("aliases: a --set through an alias changes only the path it names") {
  SUBCASE("a map shared by two states") {
    const Scenario sc = load(kAliased, {"states.1.traits.hedging=0.8"});
    CHECK(sc.traits.hedging[0] == 0.3);
    CHECK(sc.traits.hedging[1] == 0.8);
    CHECK(sc.traits.kappa[1] == 0.1);  // the copy keeps the rest
  }
  SUBCASE("the anchor's side") {
    const Scenario sc = load(kAliased, {"states.A.capability.gdp=9"});
    CHECK(sc.capability0(0, 0) == 9);
    CHECK(sc.capability0(1, 0) == 1);
  }
  SUBCASE("a list shared by two states") {
    const Scenario sc = load(kAliased, {"states.B.alignment.0=0.1"});
    CHECK(sc.alignment0(0, 0) == 0.5);
    CHECK(sc.alignment0(1, 0) == 0.1);
  }
  SUBCASE("a scalar shared by two keys") {
    const Scenario sc = load(kAliased, {"states.C.traits.hedging=0.6"});
    CHECK(sc.traits.hedging[2] == 0.6);
    CHECK(sc.traits.mu[2] == 0.2);
    CHECK(sc.traits.hedging[3] == 0.2);  // D merged C's traits map
  }
  SUBCASE("a value that came in by a merge key") {
    const Scenario sc = load(kAliased, {"states.D.traits.hedging=0.9"});
    CHECK(sc.traits.hedging[2] == 0.2);
    CHECK(sc.traits.hedging[3] == 0.9);
  }
  SUBCASE("two --set on the two sides of one shared map") {
    const Scenario sc = load(kAliased, {"states.0.traits.hedging=0.4", "states.1.traits.kappa=0.2"});
    CHECK(sc.traits.hedging[0] == 0.4);
    CHECK(sc.traits.kappa[0] == 0.1);
    CHECK(sc.traits.hedging[1] == 0.3);
    CHECK(sc.traits.kappa[1] == 0.2);
  }
  SUBCASE("a key added under a shared map") {
    const Scenario sc = load(kAliased, {"states.B.traits.pivot=0.07"});
    CHECK(sc.traits.pivot[1] == 0.07);
    CHECK(sc.traits.pivot[0] != 0.07);
  }
}

TEST_CASE("aliases: a whole state aliased, then renamed by --set, keeps its lines") {
  const std::string yaml = R"(scenario: s
ticks: 10
dimensions: {capability: [gdp], alignment: [x]}
proximity: {decay_km: 1000}
states:
  - &s {id: A, capability: {gdp: 1}, alignment: [0]}
  - *s
)";
  // Without the rename B is A's duplicate; with it, the copy is its own state, and the
  // errors about it point where the map it was copied from is written (yaml-cpp marks an
  // anchored node at its anchor, column 5).
  CHECK(errors(yaml, {"states.1.id=B"}) ==
        "t.yaml:6:5: states[0]: missing lat and lon; proximity.decay_km needs every state's position\n"
        "t.yaml:6:5: states[1]: missing lat and lon; proximity.decay_km needs every state's position");
}

TEST_CASE("aliases: the fast patcher agrees with the loader through an alias and a merge key") {
  const Scenario base = load(kAliased);
  for (const std::string path :
       {"states.1.traits.hedging", "states.A.capability.gdp", "states.D.traits.hedging", "states.C.traits.hedging"}) {
    CAPTURE(path);
    const auto patch = bpsim::ScenarioPatch::compile(base, path);
    REQUIRE(patch);
    Scenario patched = base;
    patch->apply(patched, 0.75);
    CHECK(bpsim::test::scenario_digest(patched) == bpsim::test::scenario_digest(load(kAliased, {path + "=0.75"})));
  }
}

TEST_CASE("merge keys: own keys win, then the first merged map, at the place of <<") {
  const std::string yaml = R"(scenario: m
ticks: 10
dimensions:
  capability: [gdp, milex]
  alignment: [x]
defaults: &d {hedging: 0.1, kappa: 0.2}
parameters: {sigma_a: 0.02}
states:
  - &a {id: A, capability: {gdp: 1, milex: 2}, alignment: [0.5], traits: {hedging: 0.4, mu: 0.3}}
  - <<: [*a, {traits: {hedging: 0.9}, alignment: [0.1]}]
    id: B
  - {<<: *a, id: C, traits: {<<: *d, kappa: 0.5}}
)";
  const Scenario sc = load(yaml);
  CHECK(sc.state_ids == std::vector<std::string>{"A", "B", "C"});
  CHECK(sc.traits.hedging[1] == 0.4);  // A is first in the list
  CHECK(sc.traits.mu[1] == 0.3);
  CHECK(sc.alignment0(1, 0) == 0.5);
  CHECK(sc.traits.hedging[2] == 0.1);  // C's own traits map merges the defaults map
  CHECK(sc.traits.kappa[2] == 0.5);    // its own key wins
  CHECK(sc.capability0(2, 1) == 2);
}

TEST_CASE("merge keys: a diagnostic about a merged value points where it is written") {
  const std::string yaml = R"(scenario: m
ticks: 10
dimensions: {capability: [gdp], alignment: [x]}
states:
  - &a {id: A, capability: {gdp: 1}, alignment: [0.5], traits: {hedging: 2}}
  - {<<: *a, id: B}
)";
  // Column 74 is the 2 in line 5, for both states.
  CHECK(errors(yaml) ==
        "t.yaml:5:74: states[0].traits.hedging: 2 is out of range; allowed: a number in [0, 1]\n"
        "t.yaml:5:74: states[1].traits.hedging: 2 is out of range; allowed: a number in [0, 1]");
}

TEST_CASE("merge keys: what cannot be merged is refused with its place") {
  const std::string head = "scenario: m\nticks: 10\ndimensions: {capability: [gdp], alignment: [x]}\nstates:\n";
  const std::string a = "  - &a {id: A, capability: {gdp: 1}, alignment: [0.5]}\n";
  CHECK(errors(head + a + "  - {<<: 5, id: B}\n") ==
        "t.yaml:6:10: states[1]: the merge key << takes a map or a list of maps (e.g. <<: *base or "
        "<<: [*a, *b]), got '5'");
  CHECK(errors(head + a + "  - {<<: [*a, [1]], id: B}\n") ==
        "t.yaml:6:15: states[1]: the merge key << takes a map or a list of maps (e.g. <<: *base or "
        "<<: [*a, *b]), got a list whose entry [1] is a list");
  CHECK(errors(head + a + "  - {<<: *a, <<: *a, id: B}\n") ==
        "t.yaml:6:5: states[1]: more than one merge key << in this map; merge several maps with one "
        "<<: [*a, *b]");
  CHECK(errors(head + a + "  - &b {<<: *b, id: B}\n") ==
        "t.yaml:6:5: states[1]: the merge key << names a map that contains it");
  // Quoted, '<<' is an ordinary key, and not one a state has.
  CHECK(
      errors(head + a + "  - {'<<': *a, id: B, capability: {gdp: 1}, alignment: [0]}\n") ==
      "t.yaml:6:6: states[1]: unknown key '<<'; allowed: id, name, capability, alignment, identity, traits, lat, lon");
}
