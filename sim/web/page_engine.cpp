#include "sim/web/page_engine.hpp"

#include "analysis/calendar.hpp"
#include "analysis/rows.hpp"
#include "sim/core/run.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/patch.hpp"
#include "sim/io/scenario/path_text.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace bpsim::web {

namespace {

// events.K.enabled -> K, else -1.
int enabled_event(const Scenario& sc, const std::string& path) {
  const auto seg = io::split_path(path);
  if (seg.size() != 3 || seg[0] != "events" || seg[2] != "enabled") return -1;
  const std::string& k = seg[1];
  if (!io::is_index(k) || k.size() > 9)
    throw std::invalid_argument(fmt::format("{}: events is a list; expected an index, got '{}'", path, k));
  const auto i = std::stoul(k);
  if (i >= sc.events.size())
    throw std::invalid_argument(
        fmt::format("{}: index {} out of range; events has {} entries", path, k, sc.events.size()));
  return static_cast<int>(i);
}

}  // namespace

std::string override_text(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return fmt::format("{}", value.get<double>());
  return value.dump();
}

Scenario with_overrides(const Scenario& base, const nlohmann::json& overrides) {
  if (!overrides.is_object()) throw std::invalid_argument("overrides must be an object {\"PATH\": value, ...}");
  Scenario sc = base;
  for (const auto& [path, value] : overrides.items()) {
    if (const int e = enabled_event(base, path); e >= 0) {
      if (!value.is_boolean())
        throw std::invalid_argument(fmt::format("{}: expected true or false, got {}", path, value.dump()));
      sc.events[static_cast<std::size_t>(e)].enabled = value.get<bool>();
      continue;
    }
    std::optional<ScenarioPatch> patch;
    try {
      patch = ScenarioPatch::compile(base, path);
    } catch (const ScenarioError& err) {
      throw std::invalid_argument(err.diagnostics().empty() ? std::string(err.what())
                                                            : path + ": " + err.diagnostics().front().message);
    }
    if (!patch)
      throw std::invalid_argument(fmt::format(
          "{}: not a value the page can change; it takes parameters.NAME, states.ID.traits.NAME, "
          "states.ID.capability.DIM, events.K.<rule>.<intensity|volume|threshold|scale> and events.K.enabled",
          path));
    if (!value.is_number())
      throw std::invalid_argument(fmt::format("{}: expected {}, got {}", path, patch->range().text(), value.dump()));
    const double v = value.get<double>();
    if (!patch->range().contains(v))
      throw std::invalid_argument(fmt::format("{}: expected {}, got {}", path, patch->range().text(), v));
    patch->apply(sc, v);
  }
  return sc;
}

PageRun run_page(const Scenario& sc, std::uint64_t seed, int ticks, bool with_csv) {
  PageRun r;
  r.state_columns = states_columns(sc);
  r.dyad_columns = dyads_columns();
  r.world_columns = world_columns();
  const int n_ticks = (ticks >= 0 ? ticks : sc.ticks) + 1;
  r.states.reserve(static_cast<std::size_t>(n_ticks) * sc.state_ids.size() * (r.state_columns.size() - 1));
  r.dyads.reserve(static_cast<std::size_t>(n_ticks) * sc.watch.size() * (r.dyad_columns.size() - 1));
  r.world.reserve(static_cast<std::size_t>(n_ticks) * (r.world_columns.size() - 1));
  r.dates.reserve(static_cast<std::size_t>(n_ticks));
  std::optional<CsvRecorder> csv;
  if (with_csv) csv.emplace(sc, false);
  RunOptions opt;
  opt.seed = seed;
  opt.ticks = ticks;
  run_scenario(sc, opt, [&](const TickView& v) {
    const auto t = static_cast<double>(v.w.tick);
    r.dates.push_back(date_of_tick(sc, v.w.tick));
    for (int i = 0; i < sc.n_states(); ++i) {
      r.states.push_back(t);
      r.states.push_back(i);
      append_state_row(v, i, r.states);
    }
    for (const auto& [a, b] : sc.watch) {
      r.dyads.insert(r.dyads.end(), {t, static_cast<double>(a), static_cast<double>(b)});
      append_dyad_row(v, a, b, r.dyads);
    }
    r.world.push_back(t);
    append_world_row(v, r.world);
    if (v.last)
      for (const EventRecord& e : v.last->log)
        r.events.push_back({{"tick", e.tick},
                            {"date", date_of_tick(sc, e.tick)},
                            {"kind", e.kind},
                            {"actors", e.actors},
                            {"detail", e.detail}});
    if (csv) csv->observe(v);
  });
  if (csv) r.files = csv->files();
  return r;
}

}  // namespace bpsim::web
