// A SweepHeader for tests that build sweep DBs directly: the spec stored with the
// fingerprint `bpsim sweep` would record for it (sweep_fingerprint_of), as every
// command that opens a DB recomputes it.
#pragma once

#include "sim/io/sweep/db.hpp"
#include "sim/io/sweep/spec.hpp"

#include <string>

namespace bpsim::test {

inline SweepHeader sweep_header_of(const SweepSpec& spec, const std::string& scenario_sha256,
                                   const std::string& shard = "all") {
  SweepHeader h;
  h.sweep_file = "sweeps/test.yaml";
  h.scenario_file = "scenarios/test.yaml";
  h.scenario_sha256 = scenario_sha256;
  h.design_kind = spec.design.kind;
  h.shard = shard;
  h.parameters = spec.parameters;
  h.outcomes = spec.outcomes;
  h.spec_json = sweep_spec_json(spec);
  h.fingerprint = sweep_fingerprint_of(spec, scenario_sha256);
  return h;
}

}  // namespace bpsim::test
