#include "sim/io/scenario/json.hpp"

#include "sim/io/scenario/path_text.hpp"
#include "sim/model/rule_kinds.hpp"
#include "sim/model/tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace bpsim {

using nlohmann::json;

namespace {

// The role names are role.hpp's kRoleKeys, the same the loader reads.
// "economy_dim": the key of a role's dimension index.
std::string role_dim_key(Role r) { return std::string(role_key(r)) + "_dim"; }

Role role_of(const std::string& s) {
  for (std::size_t r = 0; r < kRoles; ++r)
    if (kRoleKeys[r] == s) return role_at(r);
  throw std::invalid_argument("scenario JSON: unknown role '" + s + "'");
}

json vector_json(const Eigen::VectorXd& v) {
  json a = json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(v[i]);
  return a;
}

json matrix_json(const Eigen::MatrixXd& m) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json r = json::array();
    for (Eigen::Index k = 0; k < m.cols(); ++k) r.push_back(m(i, k));
    rows.push_back(std::move(r));
  }
  return rows;
}

const json& at(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) throw std::invalid_argument(fmt::format("scenario JSON: missing key '{}'", key));
  return *it;
}

Eigen::VectorXd vector_of(const json& j, const char* key, Eigen::Index n) {
  const json& a = at(j, key);
  if (!a.is_array() || static_cast<Eigen::Index>(a.size()) != n)
    throw std::invalid_argument(fmt::format("scenario JSON: '{}' must be a list of {} numbers", key, n));
  Eigen::VectorXd v(n);
  for (Eigen::Index i = 0; i < n; ++i) v[i] = a[static_cast<std::size_t>(i)].get<double>();
  return v;
}

Eigen::MatrixXd matrix_of(const json& j, const char* key, Eigen::Index rows, Eigen::Index cols) {
  const json& a = at(j, key);
  const auto bad = [&] {
    return std::invalid_argument(fmt::format("scenario JSON: '{}' must be {} x {}", key, rows, cols));
  };
  if (!a.is_array() || static_cast<Eigen::Index>(a.size()) != rows) throw bad();
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i) {
    const json& r = a[static_cast<std::size_t>(i)];
    if (!r.is_array() || static_cast<Eigen::Index>(r.size()) != cols) throw bad();
    for (Eigen::Index k = 0; k < cols; ++k) m(i, k) = r[static_cast<std::size_t>(k)].get<double>();
  }
  return m;
}

template <class Choice>
auto choice_of(const Choice& choice, const json& j) {
  const std::string s = j.get<std::string>();
  if (const auto v = choice.parse(s)) return *v;
  throw std::invalid_argument(fmt::format("scenario JSON: unknown {} '{}'", choice.name, s));
}

// A rule as JSON, field by field from its descriptor (rule_kinds.hpp): "kind" its key,
// each field under its key, a choice (ArmsPolicy) by name.
template <class E>
json rule_json(const E& r) {
  json e = {{"kind", std::string(RuleKind<E>::key)}};
  for (const FieldSpec<E>& f : RuleKind<E>::fields) {
    std::visit(
        [&](auto member) {
          const auto& v = r.*member;
          if constexpr (std::is_enum_v<std::remove_cvref_t<decltype(v)>>)
            e[std::string(f.key)] = std::string(f.choices[static_cast<std::size_t>(v)]);
          else e[std::string(f.key)] = v;
        },
        f.member);
  }
  return e;
}

json event_json(const Event& ev) {
  json e = std::visit([](const auto& r) { return rule_json(r); }, ev.rule);
  e["from"] = ev.when.from;
  e["until"] = ev.when.until;
  e["every"] = ev.when.every;
  e["id"] = ev.id;
  e["stream"] = ev.stream;
  e["enabled"] = ev.enabled;
  return e;
}

int state_of(const json& e, const char* key, int n) {
  const int i = at(e, key).get<int>();
  if (i < 0 || i >= n)
    throw std::invalid_argument(fmt::format("scenario JSON: event {} is state index {}, not in [0, {})", key, i, n));
  return i;
}

std::vector<int> states_of(const json& e, const char* key, int n) {
  std::vector<int> v = at(e, key).get<std::vector<int>>();
  for (int i : v)
    if (i < 0 || i >= n)
      throw std::invalid_argument(
          fmt::format("scenario JSON: event {} holds state index {}, not in [0, {})", key, i, n));
  return v;
}

// The rule of kind E from its JSON, field by field from its descriptor.
template <class E>
E rule_of(const json& e, int n) {
  E r;
  for (const FieldSpec<E>& f : RuleKind<E>::fields) {
    const std::string key(f.key);
    std::visit(
        [&](auto member) {
          auto& v = r.*member;
          using T = std::remove_cvref_t<decltype(v)>;
          if constexpr (std::is_same_v<T, int>) {
            v = state_of(e, key.c_str(), n);
          } else if constexpr (std::is_same_v<T, std::vector<int>>) {
            v = states_of(e, key.c_str(), n);
          } else if constexpr (std::is_same_v<T, double>) {
            v = at(e, key.c_str()).template get<double>();
          } else {
            static_assert(std::is_enum_v<T>, "a field type the scenario JSON cannot read");
            const std::string name = at(e, key.c_str()).template get<std::string>();
            const auto c = std::find(f.choices.begin(), f.choices.end(), name);
            if (c == f.choices.end())
              throw std::invalid_argument(
                  fmt::format("scenario JSON: event {} '{}' is not one of {}", key, name, fmt::join(f.choices, ", ")));
            v = static_cast<T>(c - f.choices.begin());
          }
        },
        f.member);
  }
  return r;
}

Event event_of(const json& e, int n) {
  Event ev;
  const std::string kind = at(e, "kind").get<std::string>();
  bool known = false;
  for_each_rule_kind([&](auto k) {
    using K = decltype(k);
    if (known || K::key != kind) return;
    ev.rule = rule_of<kind_event_t<K>>(e, n);
    known = true;
  });
  if (!known)
    throw std::invalid_argument(
        fmt::format("scenario JSON: unknown event kind '{}' (known: {})", kind, fmt::join(kRuleKeys, ", ")));
  ev.when = Schedule{at(e, "from").get<int>(), at(e, "until").get<int>(), at(e, "every").get<int>()};
  ev.id = at(e, "id").get<std::string>();
  ev.stream = at(e, "stream").get<std::uint32_t>();
  ev.enabled = at(e, "enabled").get<bool>();
  return ev;
}

}  // namespace

json scenario_to_json(const Scenario& sc) {
  json j;
  j["format"] = "bpsim-scenario";
  j["version"] = kScenarioJsonVersion;
  j["name"] = sc.name;
  j["description"] = sc.description;
  j["source_file"] = sc.source_file;
  j["model"] = model_name(sc.model);
  j["tick_label"] = sc.tick_label;
  j["start"] = sc.start ? json(*sc.start) : json(nullptr);
  j["ticks"] = sc.ticks;
  j["seed"] = std::to_string(sc.seed);  // a string: JavaScript numbers hold 53 bits
  json dims = json::array();
  for (const CapabilityDim& d : sc.capability_dims)
    dims.push_back({{"name", d.name}, {"role", std::string(role_key(d.role))}});
  j["capability_dims"] = dims;
  j["alignment_axes"] = sc.alignment_axes;
  j["power_weights"] = vector_json(sc.power_weights);
  for (std::size_t r = 1; r < kRoles; ++r) j[role_dim_key(role_at(r))] = sc.dim(role_at(r));
  j["state_ids"] = sc.state_ids;
  j["state_names"] = sc.state_names;
  j["capability0"] = matrix_json(sc.capability0);
  j["alignment0"] = matrix_json(sc.alignment0);
  j["identity"] = matrix_json(sc.identity);
  json traits;
  for (const TraitSpec& t : kTraits) traits[t.name] = vector_json(sc.traits.*t.per_state);
  traits[kGrowth.name] = matrix_json(sc.traits.growth);
  j["traits"] = traits;
  j["relations0"] = matrix_json(sc.relations0);
  j["proximity"] = matrix_json(sc.proximity);
  for (std::size_t c = 0; c < kDependenceChannels; ++c)  // the channels in use only
    if (sc.uses_dependence(c)) j[std::string(kDependenceNames[c]) + "_dep0"] = matrix_json(sc.dependence0[c]);
  json params;
  for (const ParamSpec& p : kParams) params[p.name] = sc.params.*p.field;
  params[kIncidentMode.name] = kIncidentMode.text(sc.params.*kIncidentMode.field);
  j["parameters"] = params;
  json events = json::array();
  for (const Event& ev : sc.events) events.push_back(event_json(ev));
  j["events"] = events;
  json watch = json::array();
  for (const auto& [a, b] : sc.watch) watch.push_back({a, b});
  j["watch"] = watch;
  return j;
}

std::uint64_t seed_from_text(const std::string& text, const char* what) {
  const auto bad = [&] {
    return std::invalid_argument(fmt::format("{} must be a whole number in [0, 2^64), got '{}'", what, text));
  };
  if (!io::is_index(text) || text.size() > 20) throw bad();
  try {
    return std::stoull(text);
  } catch (const std::out_of_range&) {
    throw bad();
  }
}

Scenario scenario_from_json(const json& j) {
  if (!j.is_object() || j.value("format", "") != "bpsim-scenario")
    throw std::invalid_argument("not a bpsim scenario in JSON form (format: bpsim-scenario)");
  if (j.value("version", 0) != kScenarioJsonVersion)
    throw std::invalid_argument(
        fmt::format("scenario JSON version {} is not {}", j.value("version", 0), kScenarioJsonVersion));
  Scenario sc;
  try {
    sc.name = at(j, "name").get<std::string>();
    sc.description = at(j, "description").get<std::string>();
    sc.source_file = at(j, "source_file").get<std::string>();
    const auto model = parse_model(at(j, "model").get<std::string>());
    if (!model) throw std::invalid_argument("scenario JSON: 'model' is not a model version (" + model_names() + ")");
    sc.model = *model;
    sc.tick_label = at(j, "tick_label").get<std::string>();
    if (const json& s = at(j, "start"); !s.is_null()) sc.start = s.get<double>();
    sc.ticks = at(j, "ticks").get<int>();
    sc.seed = seed_from_text(at(j, "seed").get<std::string>(), "scenario JSON: 'seed'");
    for (const json& d : at(j, "capability_dims"))
      sc.capability_dims.push_back({at(d, "name").get<std::string>(), role_of(at(d, "role").get<std::string>())});
    sc.alignment_axes = at(j, "alignment_axes").get<std::vector<std::string>>();
    const auto n_cap = static_cast<Eigen::Index>(sc.capability_dims.size());
    const auto n_axes = static_cast<Eigen::Index>(sc.alignment_axes.size());
    sc.power_weights = vector_of(j, "power_weights", n_cap);
    for (std::size_t r = 1; r < kRoles; ++r) sc.dim(role_at(r)) = at(j, role_dim_key(role_at(r)).c_str()).get<int>();
    sc.state_ids = at(j, "state_ids").get<std::vector<std::string>>();
    sc.state_names = at(j, "state_names").get<std::vector<std::string>>();
    const auto n = static_cast<Eigen::Index>(sc.state_ids.size());
    if (static_cast<Eigen::Index>(sc.state_names.size()) != n)
      throw std::invalid_argument("scenario JSON: state_names and state_ids differ in length");
    sc.capability0 = matrix_of(j, "capability0", n, n_cap);
    sc.alignment0 = matrix_of(j, "alignment0", n, n_axes);
    sc.identity = matrix_of(j, "identity", n, n_axes);
    const json& traits = at(j, "traits");
    for (const TraitSpec& t : kTraits) sc.traits.*t.per_state = vector_of(traits, t.name, n);
    sc.traits.growth = matrix_of(traits, kGrowth.name, n, n_cap);
    sc.relations0 = matrix_of(j, "relations0", n, n);
    sc.proximity = matrix_of(j, "proximity", n, n);
    for (std::size_t c = 0; c < kDependenceChannels; ++c) {
      const std::string key = std::string(kDependenceNames[c]) + "_dep0";
      if (j.contains(key)) sc.dependence0[c] = matrix_of(j, key.c_str(), n, n);
    }
    const json& params = at(j, "parameters");
    for (const ParamSpec& p : kParams) sc.params.*p.field = at(params, p.name).get<double>();
    sc.params.*kIncidentMode.field = choice_of(kIncidentMode, at(params, kIncidentMode.name));
    for (const json& e : at(j, "events")) sc.events.push_back(event_of(e, static_cast<int>(n)));
    size_dependence_channels(sc);
    for (const json& w : at(j, "watch")) {
      const int a = w.at(0).get<int>(), b = w.at(1).get<int>();
      if (a < 0 || b < 0 || a >= n || b >= n)
        throw std::invalid_argument(fmt::format("scenario JSON: watched pair ({}, {}) is not two states", a, b));
      sc.watch.emplace_back(a, b);
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("scenario JSON: ") + e.what());
  }
  return sc;
}

}  // namespace bpsim
