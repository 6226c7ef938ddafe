// Top-level keys: name, description, model, ticks, tick_label, start, seed.
#include "sim/io/scenario/sections.hpp"

#include "analysis/summary.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bpsim::io {

namespace {

std::optional<std::string> read_nonempty(Checker& ck, const At& at) {
  auto s = read_string(ck, at);
  if (s && s->empty()) {
    ck.error(at, "expected a non-empty string");
    return std::nullopt;
  }
  return s;
}

std::optional<std::uint64_t> read_seed(Checker& ck, const At& at) {
  unsigned long long v = 0;
  const bool negative = at.node.IsScalar() && !at.node.Scalar().empty() && at.node.Scalar()[0] == '-';
  if (!at.node.IsScalar() || negative || !YAML::convert<unsigned long long>::decode(at.node, v)) {
    ck.error(at, "expected an integer in [0, 18446744073709551615], got " + describe(at.node));
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(v);
}

// Calendar labels count whole quarters or months from `start`; outside these years they
// stop meaning anything (and 1e308 or -9e18 overflow the count into garbage).
std::optional<double> read_start(Checker& ck, const At& at) {
  const auto start = read_number(ck, at);
  if (!start || kStartYears.contains(*start)) return start;
  ck.error(at, fmt::format("{} is out of range; allowed: a year in [{}, {}] (a fractional "
                           "year: 2014.25 is 2014Q2)",
                           at.node.Scalar(), kStartYears.lo, kStartYears.hi));
  return std::nullopt;
}

}  // namespace

void read_header(Build& b, const At& root) {
  Scenario& sc = b.sc;
  if (require(b.ck, root, "scenario"))
    if (auto s = read_nonempty(b.ck, child(root, "scenario"))) sc.name = *s;
  if (const At at = child(root, "description"); at.present)
    if (auto s = read_string(b.ck, at)) sc.description = *s;
  if (require(b.ck, root, "ticks"))
    if (auto t = read_integer(b.ck, child(root, "ticks"), 1)) {
      sc.ticks = static_cast<int>(*t);
      b.ticks_ok = true;
      b.ticks_text = "ticks " + std::to_string(sc.ticks);
      if (const std::string* arg = b.ck.override_of(child(root, "ticks").node))
        b.ticks_text += fmt::format(
            " (--set {}; to run only the first {} ticks of the scenario as written, "
            "use --ticks {})",
            *arg, sc.ticks, sc.ticks);
    }
  if (const At at = child(root, "tick_label"); at.present)
    if (auto s = read_nonempty(b.ck, at)) sc.tick_label = *s;
  if (const At at = child(root, "start"); at.present) sc.start = read_start(b.ck, at);
  if (const At at = child(root, "model"); at.present) {
    std::vector<std::string> names;
    for (const ModelVersionSpec& m : kModelVersions) names.emplace_back(m.name);
    if (auto s = read_choice(b.ck, at, names)) sc.model = *parse_model(*s);
  }
  sc.seed = 1;
  if (const At at = child(root, "seed"); at.present)
    if (auto s = read_seed(b.ck, at)) sc.seed = *s;
}

}  // namespace bpsim::io
