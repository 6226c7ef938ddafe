// Test support: every field of a Scenario, doubles bit for bit, as one SHA-256 (so a
// failing comparison prints short), and the list of shipped scenario files.
#pragma once

#include "sim/io/fingerprint.hpp"
#include "sim/model/scenario.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace bpsim::test {

inline std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(BPSIM_SOURCE_DIR) + "/scenarios"))
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

inline void add_bytes(std::string& out, const void* p, std::size_t n) { out.append(static_cast<const char*>(p), n); }
inline void add_double(std::string& out, double v) { add_bytes(out, &v, sizeof v); }
inline void add_int(std::string& out, long long v) { add_bytes(out, &v, sizeof v); }
inline void add_string(std::string& out, const std::string& s) {
  add_int(out, static_cast<long long>(s.size()));
  out += s;
}
inline void add_matrix(std::string& out, const Eigen::MatrixXd& m) {
  add_int(out, m.rows());
  add_int(out, m.cols());
  add_bytes(out, m.data(), sizeof(double) * static_cast<std::size_t>(m.size()));
}
inline void add_ints(std::string& out, const std::vector<int>& v) {
  add_int(out, static_cast<long long>(v.size()));
  for (int x : v) add_int(out, x);
}

// Every field of a Scenario, doubles bit for bit, hashed (so a failure prints short).
inline std::string scenario_digest(const Scenario& sc) {
  std::string b;
  for (const auto* s : {&sc.name, &sc.description, &sc.source_file, &sc.tick_label}) add_string(b, *s);
  add_int(b, sc.start.has_value());
  add_double(b, sc.start.value_or(0.0));
  add_int(b, sc.ticks);
  add_int(b, static_cast<long long>(sc.seed));
  for (const auto& d : sc.capability_dims) {
    add_string(b, d.name);
    add_int(b, static_cast<int>(d.role));
  }
  for (const auto& a : sc.alignment_axes) add_string(b, a);
  add_matrix(b, sc.power_weights);
  add_ints(b, std::vector<int>(sc.role_dims.begin(), sc.role_dims.end()));
  for (const auto& id : sc.state_ids) add_string(b, id);
  for (const auto& nm : sc.state_names) add_string(b, nm);
  for (const auto* m : {&sc.capability0, &sc.alignment0, &sc.identity, &sc.relations0, &sc.proximity})
    add_matrix(b, *m);
  for (const Eigen::MatrixXd& m : sc.dependence0) add_matrix(b, m);
  for (const TraitSpec& t : kTraits) add_matrix(b, sc.traits.*t.per_state);
  add_matrix(b, sc.traits.growth);
  // Parameters: all doubles, then the incident mode.
  add_bytes(b, &sc.params, offsetof(Parameters, incident_mode));
  add_int(b, static_cast<int>(sc.params.incident_mode));
  add_int(b, static_cast<int>(sc.model));
  for (const auto& ev : sc.events) {
    add_int(b, static_cast<long long>(ev.rule.index()));
    std::visit(
        [&](const auto& r) {  // every field of the kind's descriptor, in its order
          using E = std::decay_t<decltype(r)>;
          for (const auto& f : RuleKind<E>::fields)
            std::visit(
                [&](auto member) {
                  using T = std::remove_cvref_t<decltype(r.*member)>;
                  if constexpr (std::is_same_v<T, std::vector<int>>) add_ints(b, r.*member);
                  else if constexpr (std::is_same_v<T, double>) add_double(b, r.*member);
                  else add_int(b, static_cast<long long>(r.*member));  // a state or a choice
                },
                f.member);
        },
        ev.rule);
    add_ints(b, {ev.when.from, ev.when.until, ev.when.every, static_cast<int>(ev.stream)});
    add_string(b, ev.id);
    add_int(b, ev.enabled);
  }
  for (const auto& [a, c] : sc.watch) add_ints(b, {a, c});
  return sha256_hex(b);
}

}  // namespace bpsim::test
