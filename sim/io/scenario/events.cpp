// events: one rule each plus its schedule (at, or from/until/every).
#include "sim/io/scenario/date_ticks.hpp"
#include "sim/io/scenario/dates.hpp"
#include "sim/io/scenario/event_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace bpsim::io {

namespace {

const std::vector<std::string>& event_keys() {
  static const std::vector<std::string> keys = [] {
    auto k = rule_keys();
    k.insert(k.end(), {"id", "enabled", "at", "from", "until", "every"});
    return k;
  }();
  return keys;
}

// Tick t as the file wrote it: "17", or "2014Q2 (tick 17)" for a date.
std::string written(const At& at, int t) {
  if (at.present && at.node.IsScalar() && looks_like_date(at.node.Scalar()))
    return fmt::format("{} (tick {})", at.node.Scalar(), t);
  return std::to_string(t);
}

// A tick number, or for `at`, `from` and `until` (dates = true) a calendar date
// (date_ticks.hpp: 2014Q2, 2016-03) naming one.
std::optional<int> read_tick(Build& b, const At& at, long long lo, bool dates) {
  if (dates) {
    if (const auto d = read_date_tick(b, at)) return *d < 0 ? std::nullopt : std::optional(*d);  // < 0: reported
  }
  // One below INT_MAX, so that at + 1 cannot overflow.
  const auto t = read_integer(b.ck, at, lo, std::numeric_limits<int>::max() - 1);
  return t ? std::optional(static_cast<int>(*t)) : std::nullopt;
}

std::optional<Schedule> read_at(Build& b, const At& ev, const At& at) {
  if (has(ev, "from") || has(ev, "until") || has(ev, "every")) {
    b.ck.error(at, "'at' excludes 'from', 'until' and 'every'; use one or the other");
    return std::nullopt;
  }
  const auto t = read_tick(b, at, 0, true);
  if (!t) return std::nullopt;
  if (b.ticks_ok && *t >= b.sc.ticks) {
    b.ck.error(at, fmt::format("schedule never fires: at {} >= {}", written(at, *t), b.ticks_text));
    return std::nullopt;
  }
  return Schedule{*t, *t + 1, 1};
}

// Reads an optional schedule key into `into`; false on a bad value.
bool read_optional_tick(Build& b, const At& at, long long lo, bool dates, int& into) {
  if (!at.present) return true;
  const auto t = read_tick(b, at, lo, dates);
  if (t) into = *t;
  return t.has_value();
}

std::optional<Schedule> read_schedule(Build& b, const At& ev) {
  if (const At at = child(ev, "at"); at.present) return read_at(b, ev, at);
  const At from = child(ev, "from"), until = child(ev, "until"), every = child(ev, "every");
  Schedule s;
  bool ok = read_optional_tick(b, from, 0, true, s.from);
  ok = read_optional_tick(b, until, 0, true, s.until) && ok;
  ok = read_optional_tick(b, every, 1, false, s.every) && ok;
  if (!ok) return std::nullopt;
  if (b.ticks_ok && s.from >= b.sc.ticks) {
    b.ck.error(from, fmt::format("schedule never fires: from {} >= {}", written(from, s.from), b.ticks_text));
    return std::nullopt;
  }
  if (until.present && s.until <= s.from) {
    b.ck.error(until, fmt::format("schedule never fires: until {} <= from {}", written(until, s.until),
                                  written(from, s.from)));
    return std::nullopt;
  }
  return s;
}

// Exactly one rule key; returns it, or "" after reporting.
std::string rule_kind(Build& b, const At& ev) {
  std::vector<std::string> kinds;
  for (const auto& k : rule_keys())
    if (has(ev, k)) kinds.push_back(k);
  const std::string allowed = join_names(rule_keys());
  if (kinds.empty()) b.ck.error(ev, "missing rule; each event needs exactly one of " + allowed);
  else if (kinds.size() > 1)
    b.ck.error(child(ev, kinds[1]), fmt::format("more than one rule ('{}' and '{}'); each event "
                                                "needs exactly one of {}",
                                                kinds[0], kinds[1], allowed));
  return kinds.size() == 1 ? kinds[0] : "";
}

void read_event(Build& b, const At& ev) {
  if (!check_map(b.ck, ev, event_keys())) return;
  const std::string kind = rule_kind(b, ev);
  const auto when = read_schedule(b, ev);
  const auto rule = kind.empty() ? std::nullopt : read_rule(b, kind, child(ev, kind));
  std::optional<std::string> id = std::string();
  if (const At at = child(ev, "id"); at.present) id = read_string(b.ck, at);
  bool enabled = true;
  bool enabled_ok = true;
  if (const At at = child(ev, "enabled"); at.present) {
    const auto choice = read_choice(b.ck, at, {"true", "false"});
    enabled_ok = choice.has_value();
    enabled = choice && *choice == "true";
  }
  if (rule && when && id && enabled_ok) b.sc.events.push_back(Event{*rule, *when, *id, 0, enabled});
}

}  // namespace

void read_events(Build& b, const At& root) {
  const At at = child(root, "events");
  if (!at.present || !check_list(b.ck, at)) return;
  for (std::size_t k = 0; k < at.node.size(); ++k) read_event(b, item(at, k));
  size_dependence_channels(b.sc);
}

std::uint64_t dependence_channel_count(const At& root) {
  std::array<bool, kDependenceChannels> used{};
  const At imports = child(root, "arms_imports");
  if (imports.present && imports.node.IsSequence() && imports.node.size() > 0)
    used[dependence_channel<ArmsSaleEvent>] = true;
  const At events = child(root, "events");
  if (events.present && events.node.IsSequence()) {
    for (std::size_t k = 0; k < events.node.size(); ++k) {
      const At ev = item(events, k);
      for (std::size_t i = 0; i < kRuleKinds; ++i)
        if (kKindDependence[i] < kDependenceChannels && has(ev, kRuleKeys[i])) used[kKindDependence[i]] = true;
    }
  }
  return static_cast<std::uint64_t>(std::count(used.begin(), used.end(), true));
}

}  // namespace bpsim::io
