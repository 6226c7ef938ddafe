#include "sim/model/world.hpp"

namespace bpsim {

World make_world(const Scenario& sc, std::uint64_t seed, std::uint64_t run) {
  World w;
  w.tick = 0;
  w.seed = seed;
  w.run = run;
  w.capability = sc.capability0;
  w.alignment = sc.alignment0;
  w.relations = sc.relations0;
  w.arms_dep = sc.arms_dep0;
  return w;
}

}  // namespace bpsim
