#include "sim/io/scenario/event_rules.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace bpsim::io {

const std::vector<std::string>& rule_keys() {
  static const std::vector<std::string> keys{"sanctions", "arms_sale", "exercise", "engagement"};
  return keys;
}

namespace {

// Rules act through roles, so a rule needs its role's dimension to exist.
bool needs_role(Build& b, const At& rule, int dim, const char* role) {
  if (dim >= 0 || !b.dims_ok) return true;
  b.ck.error(rule, fmt::format("needs a capability dimension with role {}; add role: {} to one "
                               "of dimensions.capability",
                               role, role));
  return false;
}

bool require_all(Build& b, const At& rule, std::initializer_list<const char*> keys) {
  bool ok = true;
  for (const char* key : keys) ok = require(b.ck, rule, key) && ok;
  return ok;
}

// sanctions and engagement: a coalition `by` acting on a `target` outside it.
template <class E>
std::optional<EventRule> read_coalition(Build& b, const At& rule, const char* verb) {
  if (!check_map(b.ck, rule, {"by", "target", "intensity"})) return std::nullopt;
  const bool role_ok = needs_role(b, rule, b.sc.economy_dim, "economy");
  if (!require_all(b, rule, {"by", "target", "intensity"})) return std::nullopt;
  E e;
  const auto by = read_state_list(b, child(rule, "by"), 1);
  const At target_at = child(rule, "target");
  const auto target = read_state_ref(b, target_at);
  const auto intensity = read_number(b.ck, child(rule, "intensity"), kIntensityRange);
  if (!by || !target || !intensity || !role_ok) return std::nullopt;
  if (std::find(by->begin(), by->end(), *target) != by->end()) {
    b.ck.error(target_at,
               fmt::format("'{}' is also in by{}; a state cannot {} itself",
                           b.sc.state_ids[*target], b.ck.set_note(child(rule, "by").node), verb));
    return std::nullopt;
  }
  e.by = *by;
  e.target = *target;
  e.intensity = *intensity;
  return e;
}

std::optional<EventRule> read_arms_sale(Build& b, const At& rule) {
  if (!check_map(b.ck, rule, {"seller", "buyer", "volume", "policy", "threshold"}))
    return std::nullopt;
  const bool role_ok = needs_role(b, rule, b.sc.military_dim, "military");
  if (!require_all(b, rule, {"seller", "buyer", "volume"})) return std::nullopt;
  ArmsSaleEvent e;
  const At buyer_at = child(rule, "buyer");
  const auto seller = read_state_ref(b, child(rule, "seller"));
  const auto buyer = read_state_ref(b, buyer_at);
  const auto volume = read_number(b.ck, child(rule, "volume"), kVolumeRange);
  bool ok = seller && buyer && volume && role_ok;
  if (const At p = child(rule, "policy"); p.present) {
    const auto policy = read_choice(b.ck, p, {"always", "security_check"});
    if (policy) e.policy = *policy == "always" ? ArmsPolicy::always : ArmsPolicy::security_check;
    ok = policy && ok;
  }
  if (const At t = child(rule, "threshold"); t.present) {
    const auto threshold = read_number(b.ck, t, kThresholdRange);
    if (threshold) e.threshold = *threshold;
    ok = threshold && ok;
  }
  if (seller && buyer && *seller == *buyer) {
    b.ck.error(buyer_at,
               fmt::format("'{}' is also the seller{}; a state cannot sell arms to itself",
                           b.sc.state_ids[*buyer], b.ck.set_note(child(rule, "seller").node)));
    ok = false;
  }
  if (!ok) return std::nullopt;
  e.seller = *seller;
  e.buyer = *buyer;
  e.volume = *volume;
  return e;
}

std::optional<EventRule> read_exercise(Build& b, const At& rule) {
  if (!check_map(b.ck, rule, {"participants", "scale"})) return std::nullopt;
  if (!require_all(b, rule, {"participants", "scale"})) return std::nullopt;
  const auto participants = read_state_list(b, child(rule, "participants"), 2);
  const auto scale = read_number(b.ck, child(rule, "scale"), kScaleRange);
  if (!participants || !scale) return std::nullopt;
  return ExerciseEvent{*participants, *scale};
}

}  // namespace

std::optional<EventRule> read_rule(Build& b, const std::string& kind, const At& rule) {
  if (kind == "sanctions") return read_coalition<SanctionsEvent>(b, rule, "sanction");
  if (kind == "engagement") return read_coalition<EngagementEvent>(b, rule, "engage");
  if (kind == "arms_sale") return read_arms_sale(b, rule);
  return read_exercise(b, rule);
}

}  // namespace bpsim::io
