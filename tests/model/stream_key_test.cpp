// An event's random stream is named by its kind and actors (or its id), derived from the
// rule's descriptor: the key, then the state fields in order, a list sorted.
#include "sim/io/scenario/yaml.hpp"
#include "sim/model/scenario.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("event stream keys: kind, then the state fields in descriptor order, lists sorted") {
  bpsim::Scenario sc = bpsim::load_scenario(std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml");
  REQUIRE(sc.events.size() == 4);
  CHECK(bpsim::event_stream_key(sc, sc.events[0]) == "sanctions:USA>RUS");
  CHECK(bpsim::event_stream_key(sc, sc.events[1]) == "arms_sale:RUS>CHN");
  CHECK(bpsim::event_stream_key(sc, sc.events[2]) == "exercise:CHN,RUS");  // written [RUS, CHN]
  CHECK(bpsim::event_stream_key(sc, sc.events[3]) == "engagement:USA>RUS");
  std::get<bpsim::SanctionsEvent>(sc.events[0].rule).by = {1, 0};  // [CHN, USA] as indices (USA 0, CHN 1)
  CHECK(bpsim::event_stream_key(sc, sc.events[0]) == "sanctions:CHN,USA>RUS");
  std::get<bpsim::SanctionsEvent>(sc.events[0].rule).by = {0, 1};  // the order does not matter
  CHECK(bpsim::event_stream_key(sc, sc.events[0]) == "sanctions:CHN,USA>RUS");
  sc.events[1].id = "deal";
  CHECK(bpsim::event_stream_key(sc, sc.events[1]) == "id:deal");
}
