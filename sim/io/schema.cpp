#include "sim/io/schema.hpp"

#include "sim/io/sweep/keys.hpp"

#include "sim/model/parameters.hpp"
#include "sim/model/rule_kinds.hpp"
#include "sim/model/tables.hpp"
#include "sim/model/traits.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace bpsim {

using Json = nlohmann::ordered_json;

namespace {

// "doc (unit)", or the doc alone.
std::string described(const char* doc, const char* unit) {
  return *unit ? fmt::format("{} ({})", doc, unit) : std::string(doc);
}

Json number(const Range& r, std::string description) {
  Json j{{"type", "number"}};
  if (std::isfinite(r.lo)) j[r.lo_open ? "exclusiveMinimum" : "minimum"] = r.lo;
  if (std::isfinite(r.hi)) j[r.hi_open ? "exclusiveMaximum" : "maximum"] = r.hi;
  if (!description.empty()) j["description"] = std::move(description);
  return j;
}

Json text(std::string description = "", std::size_t min_length = 0) {
  Json j{{"type", "string"}};
  if (min_length) j["minLength"] = min_length;
  if (!description.empty()) j["description"] = std::move(description);
  return j;
}

Json integer(long long lo, std::string description) {
  return {{"type", "integer"}, {"minimum", lo}, {"description", std::move(description)}};
}

Json list(Json items, std::size_t min_items = 0, std::string description = "") {
  Json j{{"type", "array"}, {"items", std::move(items)}};
  if (min_items) j["minItems"] = min_items;
  if (!description.empty()) j["description"] = std::move(description);
  return j;
}

// An object with exactly these keys (the loader refuses any other).
Json closed(Json properties, std::initializer_list<const char*> required = {}, std::string description = "") {
  Json j{{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
  if (required.size()) j["required"] = Json(required);
  if (!description.empty()) j["description"] = std::move(description);
  return j;
}

// A map from names the scenario defines (dimensions) to values.
Json named_map(Json values, std::string description) {
  return {{"type", "object"}, {"additionalProperties", std::move(values)}, {"description", std::move(description)}};
}

Json ref(const char* definition) { return {{"$ref", std::string("#/definitions/") + definition}}; }

// " (model v1 only)" for a parameter of one model version, "" otherwise.
std::string model_only(const ParamSpec& p) {
  return p.only ? fmt::format(" (model {} only)", model_name(*p.only)) : "";
}

Json model() {
  Json names = Json::array();
  std::string doc = "the rule set (docs/ODD.md, Model versions):";
  for (const ModelVersionSpec& m : kModelVersions) {
    names.push_back(m.name);
    doc += fmt::format(" {}: {};", m.name, m.doc);
  }
  doc.back() = '.';
  return {{"enum", names}, {"default", model_name(kDefaultModel)}, {"description", doc}};
}

Json parameters() {
  Json props = Json::object();
  for (const ParamSpec& p : kParams) {
    props[p.name] = number(p.range, described(p.doc, p.unit) + model_only(p));
    props[p.name]["default"] = p.def;
  }
  props[kIncidentMode.name] = {{"enum", kIncidentMode.options},
                               {"default", kIncidentMode.text(kIncidentMode.def)},
                               {"description", kIncidentMode.doc}};
  return closed(props, {}, "model parameters shared by all states (docs/ODD.md Section 8.2)");
}

Json traits() {
  Json props = Json::object();
  for (const TraitSpec& t : kTraits) {
    props[t.name] = number(t.range, described(t.doc, t.unit));
    props[t.name]["default"] = t.def;
  }
  const Json rate = number(kGrowth.range, "");
  props[kGrowth.name] = {
      {"anyOf", {rate, named_map(rate, "a rate per capability dimension")}},
      {"default", kGrowth.def},
      {"description", described(kGrowth.doc, kGrowth.unit) + ": one rate for every dimension, or {dimension: rate}"}};
  return closed(props, {}, "per-state traits (docs/ODD.md Section 8.1)");
}

Json pair_entry(const Range& value) {
  return closed({{"between", {{"type", "array"}, {"items", text()}, {"minItems", 2}, {"maxItems", 2}}},
                 {"value", number(value, "")}},
                {"between", "value"});
}

Json dimensions() {
  const Json dim = {
      {"anyOf",
       {text("", 1), closed({{"name", text("", 1)},
                             {"role", {{"enum", std::vector<std::string>(kRoleKeys.begin() + 1, kRoleKeys.end())}}}},
                            {"name"})}}};
  return closed(
      {{"capability", list(dim, 1, "capability dimensions: a name, or {name, role}")},
       {"alignment", list(text("", 1), 1, "alignment axes, each in [-1, 1]")},
       {"power_weights", named_map(number(kNonNegative, ""), "weight of each capability dimension; default equal")}});
}  // capability and alignment are required of a file that extends none (scenario_schema)

// A state; `changes` the form an extending file gives under the state's id (any of the
// keys, none required).
Json state(bool changes = false) {
  const Json position = list(number(kAlignmentRange, ""), 1);
  if (changes) {
    Json j = state();
    j.erase("required");
    j["properties"].erase("id");
    return j;
  }
  return closed({{"id", text("letters, digits and '_'", 1)},
                 {"name", text()},
                 {"capability", named_map(number(kCapabilityRange, ""), "raw units per dimension")},
                 {"alignment", position},
                 {"identity", position},
                 {"traits", ref("traits")},
                 {"lat", number(Range{-90.0, 90.0}, "degrees")},
                 {"lon", number(Range{-180.0, 180.0}, "degrees")}},
                {"id", "capability", "alignment"});
}

Json proximity() {
  const Json pairs = list(pair_entry(kUnit), 0);
  return {{"anyOf",
           {pairs, closed({{"default", number(kUnit, "")}, {"decay_km", number(kPositive, "")}, {"pairs", pairs}})}},
          {"description", "pairs (unlisted 1), or {default | decay_km, pairs}"}};
}

// An optional field's default: the event struct's own initial value (a choice by name).
template <class E, class M>
Json default_json(const FieldSpec<E>& f, M member) {
  using T = std::remove_cvref_t<decltype(std::declval<E>().*member)>;
  static const E fresh{};
  if constexpr (std::is_same_v<T, double>) return fresh.*member;
  else if constexpr (std::is_enum_v<T>) return std::string(f.choices[static_cast<std::size_t>(fresh.*member)]);
  else return nullptr;  // a state or a list of states is never optional
}

// A rule's body, field by field from its descriptor (rule_kinds.hpp): a state is its id,
// a list of states has at least min_states, a number its range, a choice its names.
template <class E>
Json rule_body() {
  Json props = Json::object(), required = Json::array();
  for (const FieldSpec<E>& f : RuleKind<E>::fields) {
    const std::string key(f.key), doc(f.doc);
    Json field;
    std::visit(
        [&](auto member) {
          using T = std::remove_cvref_t<decltype(std::declval<E>().*member)>;
          if constexpr (std::is_same_v<T, int>) field = text(doc + " (a state id)", 1);
          else if constexpr (std::is_same_v<T, std::vector<int>>)
            field = list(text("", 1), f.min_states, doc + " (state ids)");
          else if constexpr (std::is_same_v<T, double>) field = number(f.range, doc);
          else
            field = {{"enum", Json(std::vector<std::string>(f.choices.begin(), f.choices.end()))},
                     {"description", doc}};
          if (!f.required) field["default"] = default_json(f, member);
        },
        f.member);
    props[key] = std::move(field);
    if (f.required) required.push_back(key);
  }
  Json j{{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(props)}};
  if (!required.empty()) j["required"] = std::move(required);
  return j;
}

// One rule (its body from the descriptors) plus its schedule.
Json event() {
  const Json tick = {{"anyOf", {{{"type", "integer"}, {"minimum", 0}}, text("a date: 2014Q2, 2016-03")}}};
  Json props{{"id", text("names the event for --set, sweeps and its random stream")},
             {"enabled", {{"type", "boolean"}, {"default", true}}},
             {"at", tick},
             {"from", tick},
             {"until", tick},
             {"every", {{"type", "integer"}, {"minimum", 1}}},
             {"before", text("add_events: the id of the base's event this one goes before", 1)}};
  Json one_rule = Json::array();
  for_each_rule_kind([&](auto k) {
    using K = decltype(k);
    props[std::string(K::key)] = rule_body<kind_event_t<K>>();
    one_rule.push_back({{"required", Json::array({std::string(K::key)})}});
  });
  return {{"type", "object"},
          {"additionalProperties", false},
          {"description", "one rule (" + fmt::format("{}", fmt::join(kRuleKeys, ", ")) + ") plus its schedule"},
          {"properties", std::move(props)},
          {"oneOf", std::move(one_rule)}};
}

Json output() {
  const Json pair = {{"type", "array"}, {"items", text()}, {"minItems", 2}, {"maxItems", 2}};
  return closed({{"dyads", {{"anyOf", {{{"enum", {"all", "none"}}}, list(pair)}}}}});
}

}  // namespace

Json scenario_schema() {
  Json props{
      {"scenario", text("name", 1)},
      {"description", text()},
      {"model", model()},
      {"ticks", integer(1, "run length in ticks")},
      {"tick_label", text("free text for outputs; default tick", 1)},
      {"start", number(Range{-10000.0, 10000.0}, "calendar year of tick 0")},
      {"seed", {{"type", "integer"}, {"minimum", 0}, {"maximum", UINT64_MAX}, {"default", 1}}},
      {"dimensions", dimensions()},
      {"defaults", ref("traits")},
      {"parameters", parameters()},
      {"states",
       {{"anyOf", {list(state(), 2), named_map(state(true), "with extends: changes to the base's states, by id")}}}},
      {"relations", list(pair_entry(kRelationRange))},
      {"proximity", proximity()},
      {"arms_imports", list(closed({{"buyer", text()}, {"seller", text()}, {"share", number(kArmsShareRange, "")}},
                                   {"buyer", "seller", "share"}))},
      {"events",
       {{"anyOf",
         {list(event()), named_map({{"type", "object"}}, "with extends: changes to the base's events, by id")}}}},
      {"extends", text("the base scenario file this one overrides (maps merge, lists replace)", 1)},
      {"remove_events", list(text(), 0, "ids of the base's events to drop")},
      {"add_events", list(event(), 0, "events added to the base's")},
      {"output", output()}};
  Json schema{{"$schema", "http://json-schema.org/draft-07/schema#"},
              {"title", "bpsim scenario"},
              {"description", "A bpsim scenario file (docs/ODD.md Section 8); written by `bpsim schema`."}};
  schema.update(closed(props));
  // A file that extends a base may give only what it changes.
  schema["if"] = {{"not", {{"required", Json::array({"extends"})}}}};
  schema["then"] = {{"required", {"scenario", "ticks", "dimensions", "states"}},
                    {"properties", {{"dimensions", {{"required", {"capability", "alignment"}}}}}}};
  schema["definitions"] = {{"traits", traits()}};
  return schema;
}

namespace {

std::string number_text(double v) { return fmt::format("{}", v); }

std::string table(const char* begin, const std::string& rows) {
  return fmt::format(
      "{}\n| symbol | meaning | default | scenario key | allowed |\n"
      "|---|---|---|---|---|\n{}{}\n",
      begin, rows, kGeneratedEnd);
}

}  // namespace

std::string trait_table_markdown() {
  std::string rows;
  for (const TraitSpec& t : kTraits)
    rows += fmt::format("| ${}$ | {} | {} | `{}` | {} |\n", t.symbol, described(t.doc, t.unit), number_text(t.def),
                        t.name, t.range.math());
  rows += fmt::format(
      "| ${}$ | {} | {} | `{}`: a number (every dimension) or `{{dim: rate}}`; a per-state "
      "map merges over `defaults.{}` | {} |\n",
      kGrowth.symbol, described(kGrowth.doc, kGrowth.unit), number_text(kGrowth.def), kGrowth.name, kGrowth.name,
      kGrowth.range.math());
  return table(kTraitsBegin, rows);
}

std::string rule_table_markdown() {
  std::string rows;
  for_each_rule_kind([&](auto k) {
    using K = decltype(k);
    using E = kind_event_t<K>;
    const std::string needs =
        RuleKind<E>::needs == Role::none
            ? ""
            : fmt::format(" Needs a dimension of role `{}`.", kRoleKeys[static_cast<std::size_t>(RuleKind<E>::needs)]);
    rows += fmt::format("| `{}` | | {}{} | | |\n", K::key, RuleKind<E>::help, needs);
    for (const FieldSpec<E>& f : RuleKind<E>::fields) {
      std::string allowed, def = "required";
      std::visit(
          [&](auto member) {
            using T = std::remove_cvref_t<decltype(std::declval<E>().*member)>;
            if constexpr (std::is_same_v<T, int>) allowed = "a state id";
            else if constexpr (std::is_same_v<T, std::vector<int>>)
              allowed = fmt::format("state ids, at least {}", f.min_states);
            else if constexpr (std::is_same_v<T, double>) allowed = f.range.math();
            else
              for (std::string_view c : f.choices) allowed += fmt::format("{}`{}`", allowed.empty() ? "" : ", ", c);
            if (!f.required) {
              const Json d = default_json(f, member);
              def = d.is_string() ? fmt::format("`{}`", d.template get<std::string>())
                                  : number_text(d.template get<double>());
            }
          },
          f.member);
      if (!f.only_with.empty()) allowed += fmt::format("; used only with `{}`", f.only_with);
      rows += fmt::format("| | `{}` | {} | {} | {} |\n", f.key, f.doc, def, allowed);
    }
  });
  return fmt::format("{}\n| rule | field | meaning | default | allowed |\n|---|---|---|---|---|\n{}{}\n", kRulesBegin,
                     rows, kGeneratedEnd);
}

std::string parameter_table_markdown() {
  std::string rows;
  for (const ParamSpec& p : kParams)
    rows += fmt::format("| ${}$ | {}{} | {} | `{}` | {} |\n", p.symbol, described(p.doc, p.unit), model_only(p),
                        number_text(p.def), p.name, p.range.math());
  std::string options;
  for (const char* o : kIncidentMode.options) options += fmt::format("{}`{}`", options.empty() ? "" : ", ", o);
  rows += fmt::format("| — | {} | `{}` | `{}` | {} |\n", kIncidentMode.doc, kIncidentMode.text(kIncidentMode.def),
                      kIncidentMode.name, options);
  return table(kParametersBegin, rows);
}

// ---- sweep files, from the descriptors of sim/io/sweep/keys.hpp ----

namespace {

constexpr long long kIntMax = std::numeric_limits<int>::max();
// A --set path: dot-separated segments, none empty, no spaces and no '='.
constexpr const char* kPathPattern = "^[^\\s.=]+(\\.[^\\s.=]+)*$";

Json choice_values(const SweepKey& k) {
  Json values = Json::array();
  for (std::string_view c : k.choices) values.push_back(std::string(c));
  return values;
}

Json sweep_value(const SweepKey& k);

// A map of the keys of `table`, none other allowed; required: those SweepNeed::required
// that apply to every kind (the design's per-kind needs are added by design_schema).
template <std::size_t N>
Json key_map(const std::array<SweepKey, N>& table, std::string description = "") {
  Json props = Json::object(), required = Json::array();
  for (const SweepKey& k : table) {
    props[std::string(k.name)] = sweep_value(k);
    if (k.need == SweepNeed::required && k.kinds.empty()) required.push_back(std::string(k.name));
  }
  Json j{{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(props)}};
  if (!required.empty()) j["required"] = std::move(required);
  if (!description.empty()) j["description"] = std::move(description);
  return j;
}

// The design map: per kind, the keys that do not apply are refused and the required
// ones required.
Json design_schema() {
  Json j = key_map(kSweepDesignKeys, "the sampling design (docs/sweeps.md#design)");
  Json per_kind = Json::array();
  for (std::string_view kind : kSweepDesignKinds) {
    Json refused = Json::object(), required = Json::array();
    for (const SweepKey& k : kSweepDesignKeys) {
      if (!sweep_key_applies(k, kind)) refused[std::string(k.name)] = false;
      else if (k.need == SweepNeed::required && !k.kinds.empty()) required.push_back(std::string(k.name));
    }
    Json then{{"properties", std::move(refused)}};
    if (!required.empty()) then["required"] = std::move(required);
    per_kind.push_back({{"if", {{"properties", {{"kind", {{"const", std::string(kind)}}}}}, {"required", {"kind"}}}},
                        {"then", std::move(then)}});
  }
  j["allOf"] = std::move(per_kind);
  return j;
}

Json parameter_schema() {
  Json j = key_map(kSweepParameterKeys, "a swept value: {range: [lo, hi]} (optionally scale: log) or {levels: [...]}");
  j["oneOf"] = {{{"required", {"range"}}}, {{"required", {"levels"}}}};
  j["if"] = {{"required", {"levels"}}};
  j["then"] = {{"properties", {{"scale", false}}}};
  return j;
}

Json sweep_value(const SweepKey& k) {
  Json j;
  switch (k.shape) {
    case SweepShape::scenario:
      j = text("", 1);
      break;
    case SweepShape::design:
      return design_schema();
    case SweepShape::count:
    case SweepShape::even_count:
      j = {{"type", "integer"}, {"minimum", k.min}, {"maximum", kIntMax}};
      if (k.shape == SweepShape::even_count) j["multipleOf"] = 2;
      if (k.need == SweepNeed::optional) j["default"] = k.def;
      break;
    case SweepShape::seed:
      j = {{"type", "integer"}, {"minimum", 0}, {"maximum", UINT64_MAX}, {"default", k.def}};
      break;
    case SweepShape::choice:
      j = {{"enum", choice_values(k)}};
      if (k.need == SweepNeed::optional) j["default"] = std::string(k.choices.front());
      break;
    case SweepShape::parameters:
      j = {{"type", "object"},
           {"propertyNames", {{"pattern", kPathPattern}}},
           {"additionalProperties", parameter_schema()}};
      break;
    case SweepShape::outcomes:
      j = list({{"type", "string"}, {"pattern", "^(world|state:[^:@]+|dyad:[^:@]+:[^:@]+):[^:@]+(@.+)?$"}});
      j["uniqueItems"] = true;
      break;
    case SweepShape::trajectories:
      j = {{"anyOf", {{{"const", "none"}}, {{"type", "integer"}, {"minimum", k.min}, {"maximum", kIntMax}}}},
           {"default", "none"}};
      break;
    case SweepShape::set:
      j = {{"type", "object"},
           {"propertyNames", {{"pattern", kPathPattern}}},
           {"additionalProperties", {{"type", {"string", "number", "boolean"}}}}};
      break;
    case SweepShape::range:
      j = {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 2}, {"maxItems", 2}};
      break;
    case SweepShape::levels:
      j = list({{"type", "number"}}, 1);
      j["uniqueItems"] = true;
      break;
  }
  j["description"] = std::string(k.doc);
  return j;
}

// docs/sweeps.md's columns for one key.
std::string type_text(SweepShape shape) {
  switch (shape) {
    case SweepShape::scenario:
      return "string";
    case SweepShape::design:
      return "map";
    case SweepShape::count:
    case SweepShape::even_count:
    case SweepShape::seed:
      return "integer";
    case SweepShape::choice:
      return "string";
    case SweepShape::parameters:
      return "map path → spec";
    case SweepShape::outcomes:
      return "list of strings";
    case SweepShape::trajectories:
      return "`none` or integer";
    case SweepShape::set:
      return "map path → scalar";
    case SweepShape::range:
      return "`[lo, hi]`";
    case SweepShape::levels:
      return "list of numbers";
  }
  return "";
}

std::string default_text(const SweepKey& k) {
  if (k.need == SweepNeed::required) return "required";
  if (k.need == SweepNeed::unless_grid) return "required for every kind but `grid`";
  if (k.shape == SweepShape::choice) return fmt::format("`{}`", k.choices.front());
  if (!k.def_text.empty()) return std::string(k.def_text);
  if (k.shape == SweepShape::range || k.shape == SweepShape::levels) return "—";
  return std::to_string(k.def);
}

std::string allowed_text(const SweepKey& k) {
  std::string values;
  switch (k.shape) {
    case SweepShape::count:
      values = fmt::format("{} .. {}", k.min, kIntMax);
      break;
    case SweepShape::even_count:
      values = fmt::format("an even integer ≥ {} ({}, {}, ...)", k.min, k.min, k.min + 2);
      break;
    case SweepShape::seed:
      values = fmt::format("0 .. {}", UINT64_MAX);
      break;
    case SweepShape::choice: {
      for (std::string_view c : k.choices) values += fmt::format("{}`{}`", values.empty() ? "" : ", ", c);
      break;
    }
    case SweepShape::trajectories:
      values = fmt::format("`none`, or K in {} .. {}", k.min, kIntMax);
      break;
    case SweepShape::range:
      values = "two numbers, lo < hi";
      break;
    case SweepShape::levels:
      values = "at least one number, no duplicates";
      break;
    case SweepShape::scenario:
    case SweepShape::design:
    case SweepShape::parameters:
    case SweepShape::outcomes:
    case SweepShape::set:
      break;
  }
  return values.empty() ? std::string(k.doc) : values + "; " + std::string(k.doc);
}

std::string kinds_text(const SweepKey& k) {
  if (k.kinds.empty()) return "all";
  std::string out;
  for (std::string_view kind : k.kinds) out += fmt::format("{}{}", out.empty() ? "" : ", ", kind);
  return out;
}

template <std::size_t N>
std::string key_table(const char* title, const std::array<SweepKey, N>& table, bool with_kinds) {
  std::string out = fmt::format("{}\n| key | type | default |{} allowed |\n|---|---|---|{}---|\n", title,
                                with_kinds ? " applies to |" : "", with_kinds ? "---|" : "");
  for (const SweepKey& k : table)
    out += fmt::format("| `{}` | {} | {} |{} {} |\n", k.name, type_text(k.shape), default_text(k),
                       with_kinds ? " " + kinds_text(k) + " |" : "", allowed_text(k));
  return out + kGeneratedEnd + "\n";
}

}  // namespace

Json sweep_schema() {
  Json schema{{"$schema", "http://json-schema.org/draft-07/schema#"},
              {"title", "bpsim sweep"},
              {"description", "A bpsim sweep file (docs/sweeps.md); written by `bpsim schema --sweep`."}};
  schema.update(key_map(kSweepKeys));
  // Every kind but grid needs a parameter and takes ranges only.
  schema["if"] = {{"properties", {{"design", {{"properties", {{"kind", {{"const", "grid"}}}}}}}}}};
  schema["else"] = {
      {"required", {"parameters"}},
      {"properties",
       {{"parameters", {{"minProperties", 1}, {"additionalProperties", {{"not", {{"required", {"levels"}}}}}}}}}}};
  return schema;
}

std::string sweep_table_markdown() {
  return key_table(kSweepKeysBegin, kSweepKeys, false) + "\n" + key_table(kSweepDesignBegin, kSweepDesignKeys, true) +
         "\n" + key_table(kSweepParametersBegin, kSweepParameterKeys, false);
}

}  // namespace bpsim
