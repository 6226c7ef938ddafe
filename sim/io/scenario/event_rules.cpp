// The rule part of one event, read field by field from its kind's descriptor
// (sim/model/rule_kinds.hpp): nothing here names a kind.
#include "sim/io/scenario/event_rules.hpp"

#include "sim/model/rule_kinds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace bpsim::io {

const std::vector<std::string>& rule_keys() {
  static const std::vector<std::string> keys(kRuleKeys.begin(), kRuleKeys.end());
  return keys;
}

namespace {

// Rules act through roles, so a rule needs its role's dimension to exist.
bool needs_role(Build& b, const At& rule, Role role) {
  if (b.sc.dim(role) >= 0 || !b.dims_ok) return true;
  b.ck.error(rule, fmt::format("needs a capability dimension with role {}; add role: {} to one "
                               "of dimensions.capability",
                               role_key(role), role_key(role)));
  return false;
}

template <class E>
std::vector<std::string> field_keys(bool required_only) {
  std::vector<std::string> keys;
  for (const auto& f : RuleKind<E>::fields)
    if (f.required || !required_only) keys.emplace_back(f.key);
  return keys;
}

template <class E>
bool require_all(Build& b, const At& rule) {
  bool ok = true;
  for (const auto& key : field_keys<E>(true)) ok = require(b.ck, rule, key) && ok;
  return ok;
}

// Reads one present field into e; false after reporting.
template <class E>
bool read_field(Build& b, const At& at, const FieldSpec<E>& f, E& e) {
  const auto store = [&](auto member, const auto& value) {
    if (value) e.*member = *value;
    return value.has_value();
  };
  return std::visit(
      [&](auto member) -> bool {
        using T = std::remove_cvref_t<decltype(e.*member)>;
        if constexpr (std::is_same_v<T, int>) {
          return store(member, read_state_ref(b, at));
        } else if constexpr (std::is_same_v<T, std::vector<int>>) {
          return store(member, read_state_list(b, at, f.min_states));
        } else if constexpr (std::is_same_v<T, double>) {
          return store(member, read_number(b.ck, at, f.range));
        } else {
          static_assert(std::is_enum_v<T>, "a field type without a reader");
          const auto choice = read_choice(b.ck, at, {f.choices.begin(), f.choices.end()});
          if (!choice) return false;
          const auto i = std::find(f.choices.begin(), f.choices.end(), *choice) - f.choices.begin();
          e.*member = static_cast<T>(i);
          return true;
        }
      },
      f.member);
}

template <class E>
const FieldSpec<E>& field(std::string_view key) {
  for (const auto& f : RuleKind<E>::fields)
    if (f.key == key) return f;
  throw std::logic_error(fmt::format("rule_kinds.hpp: {} has no field '{}'", RuleKind<E>::key, key));
}

template <class E>
std::vector<int> states_of(const E& e, std::string_view key) {
  const FieldSpec<E>& f = field<E>(key);
  if (!names_states(f)) throw std::logic_error("rule_kinds.hpp: a DistinctStates field is not a state");
  return field_states(e, f);
}

// Kind E's DistinctStates check, if it has one (both fields read).
template <class E>
bool distinct_ok(Build& b, const At& rule, const E& e) {
  if constexpr (HasDistinct<E>) {
    constexpr DistinctStates d = RuleKind<E>::distinct;
    const int s = states_of(e, d.state).front();
    const std::vector<int> other = states_of(e, d.other);
    if (std::find(other.begin(), other.end(), s) == other.end()) return true;
    b.ck.error(child(rule, d.state), fmt::format("'{}' is also {}{}; a state cannot {}", b.sc.state_ids[s], d.what,
                                                 b.ck.set_note(child(rule, d.other).node), d.verb));
    return false;
  } else {
    return true;
  }
}

template <class E>
std::optional<EventRule> read_kind(Build& b, const At& rule) {
  using K = RuleKind<E>;
  if (!check_map(b.ck, rule, field_keys<E>(false))) return std::nullopt;
  const bool role_ok = needs_role(b, rule, K::needs);
  if (!require_all<E>(b, rule)) return std::nullopt;
  E e;
  bool ok = role_ok, states_ok = true;
  for (const auto& f : K::fields) {
    const At at = child(rule, f.key);
    if (!at.present) continue;
    const bool read = read_field(b, at, f, e);
    ok = read && ok;
    if constexpr (HasDistinct<E>) {
      if (f.key == K::distinct.other || f.key == K::distinct.state) states_ok = read && states_ok;
    }
  }
  ok = (!states_ok || distinct_ok(b, rule, e)) && states_ok && ok;
  if (!ok) return std::nullopt;
  return e;
}

template <std::size_t I = 0>
std::optional<EventRule> read_rule_at(Build& b, const std::string& kind, const At& rule) {
  if constexpr (I == kRuleKinds) {
    throw std::logic_error("read_rule: '" + kind + "' is not a rule kind");
  } else {
    using E = std::variant_alternative_t<I, EventRule>;
    if (kind == RuleKind<E>::key) return read_kind<E>(b, rule);
    return read_rule_at<I + 1>(b, kind, rule);
  }
}

}  // namespace

std::optional<EventRule> read_rule(Build& b, const std::string& kind, const At& rule) {
  return read_rule_at(b, kind, rule);
}

}  // namespace bpsim::io
