#include "sim/io/scenario/patch.hpp"

#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/path_text.hpp"
#include "sim/model/tables.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>
#include <utility>
#include <vector>

namespace bpsim {

namespace {

// A path error, worded as override_apply.cpp words it.
[[noreturn]] void path_error(const Scenario& base, const std::string& path, std::string message) {
  throw ScenarioError({Diagnostic{base.source_file, 0, 0, "", std::move(message), path}});
}

std::string count_entries(std::size_t n) { return fmt::format("{} entr{}", n, n == 1 ? "y" : "ies"); }

// List segment `seg` into a list of `size` entries shown as `where`; throws like the loader.
std::size_t list_index(const Scenario& base, const std::string& path, const std::string& where, const std::string& seg,
                       std::size_t size) {
  if (!io::is_index(seg)) path_error(base, path, fmt::format("{} is a list; expected an index, got '{}'", where, seg));
  const std::size_t i = io::index_value(seg);
  if (i >= size)
    path_error(base, path, fmt::format("index {} out of range; {} has {}", seg, where, count_entries(size)));
  return i;
}

// In `states`, a segment is an index when all digits, else a state id.
int state_of(const Scenario& base, const std::string& path, const std::string& seg) {
  if (io::is_index(seg)) return static_cast<int>(list_index(base, path, "states", seg, base.state_ids.size()));
  const int i = base.state_index(seg);
  if (i < 0)
    path_error(base, path, fmt::format("no state with id '{}'; known ids: {}", seg, io::join_names(base.state_ids)));
  return i;
}

int capability_dim(const Scenario& sc, const std::string& name) {
  for (std::size_t k = 0; k < sc.capability_dims.size(); ++k)
    if (sc.capability_dims[k].name == name) return static_cast<int>(k);
  return -1;
}

// The loader copies alignment into identity unless the state gives its own; a row that
// differs proves an explicit identity list (an equal row could be either).
bool has_own_identity(const Scenario& sc, int i) { return sc.identity.row(i) != sc.alignment0.row(i); }

// A scalar `growth:` sets every dim to one rate; an unequal row proves a map (or none).
bool growth_not_scalar(const Scenario& sc, int i) {
  const auto row = sc.traits.growth.row(i);
  return row.size() > 1 && row.maxCoeff() != row.minCoeff();
}

// The index of the number field `key` of rule kind `rule` (an EventRule index) and its
// range, if the kind has one by that name.
std::optional<std::pair<std::size_t, Range>> number_field(std::size_t rule, const std::string& key) {
  std::optional<std::pair<std::size_t, Range>> found;
  std::size_t kind = 0;
  for_each_rule_kind([&](auto k) {
    using E = kind_event_t<decltype(k)>;
    if (kind++ != rule) return;
    for (std::size_t f = 0; f < decltype(k)::fields.size(); ++f) {
      const FieldSpec<E>& spec = decltype(k)::fields[f];
      if (spec.key == key && std::holds_alternative<double E::*>(spec.member)) found = {{f, spec.range}};
    }
  });
  return found;
}

}  // namespace

std::optional<ScenarioPatch> ScenarioPatch::compile(const Scenario& base, const std::string& path) {
  // The loader refuses these (too long, an empty segment), naming the --set.
  if (!io::override_path_problem(path).empty()) return std::nullopt;
  const auto seg = io::split_path(path);
  for (const auto& s : seg)
    if (s.empty()) return std::nullopt;
  const std::size_t n = seg.size();

  if (seg[0] == "parameters") {
    if (n != 2) return std::nullopt;
    for (const auto& p : kParams)
      if (seg[1] == p.name) {
        if (const std::string problem = parameter_model_problem(p, base.model); !problem.empty())
          path_error(base, path, problem);
        ScenarioPatch patch(path, Kind::parameter, p.range);
        patch.param_ = p.field;
        return patch;
      }
    return std::nullopt;
  }

  if (seg[0] == "states") {
    if (n < 2) return std::nullopt;
    const int i = state_of(base, path, seg[1]);  // unknown ids throw, whatever follows
    const std::string shown = io::index_path("states", static_cast<std::size_t>(i));
    if (n == 4 && seg[2] == "traits") {
      for (const auto& t : kTraits)
        if (seg[3] == t.name) {
          ScenarioPatch patch(path, Kind::trait, t.range);
          patch.trait_ = t.per_state;
          patch.row_ = i;
          return patch;
        }
      return std::nullopt;
    }
    if (n == 5 && seg[2] == "traits" && seg[3] == kGrowth.name) {
      const int k = capability_dim(base, seg[4]);
      if (k < 0 || !growth_not_scalar(base, i)) return std::nullopt;
      ScenarioPatch patch(path, Kind::growth, kGrowth.range);
      patch.row_ = i;
      patch.col_ = k;
      return patch;
    }
    if (n == 4 && seg[2] == "capability") {
      const int k = capability_dim(base, seg[3]);
      if (k < 0) return std::nullopt;
      ScenarioPatch patch(path, Kind::capability, kCapabilityRange);
      patch.row_ = i;
      patch.col_ = k;
      return patch;
    }
    if (n == 4 && (seg[2] == "alignment" || seg[2] == "identity")) {
      const bool own = has_own_identity(base, i);
      if (seg[2] == "identity" && !own) return std::nullopt;  // maybe absent: the loader says
      // alignment is a list in every valid scenario; identity is one when own.
      const auto k = list_index(base, path, io::join_path(shown, seg[2]), seg[3], base.alignment_axes.size());
      if (!own) return std::nullopt;  // identity derived from alignment, or equal to it
      ScenarioPatch patch(path, seg[2] == "alignment" ? Kind::alignment : Kind::identity, kAlignmentRange);
      patch.row_ = i;
      patch.col_ = static_cast<int>(k);
      return patch;
    }
    return std::nullopt;
  }

  if (seg[0] == "events") {
    // Without events the file may have no `events` list at all: the loader decides.
    if (n < 2 || base.events.empty()) return std::nullopt;
    const auto e = static_cast<int>(list_index(base, path, "events", seg[1], base.events.size()));
    if (n != 4) return std::nullopt;
    const std::size_t rule = base.events[static_cast<std::size_t>(e)].rule.index();
    if (seg[2] != kRuleKeys[rule]) return std::nullopt;  // another kind's key: the loader says
    const auto field = number_field(rule, seg[3]);
    if (!field) return std::nullopt;
    ScenarioPatch patch(path, Kind::event_field, field->second);
    patch.row_ = e;
    patch.rule_ = rule;
    patch.field_ = field->first;
    return patch;
  }

  return std::nullopt;
}

void ScenarioPatch::apply(Scenario& sc, double value) const {
  auto cell = [&](Eigen::MatrixXd& m) -> double& {
    if (row_ >= m.rows() || col_ >= m.cols())
      throw std::invalid_argument("patch " + path_ + ": the scenario is smaller than the base");
    return m(row_, col_);
  };
  switch (kind_) {
    case Kind::parameter:
      sc.params.*param_ = value;
      return;
    case Kind::trait: {
      Eigen::VectorXd& v = sc.traits.*trait_;
      if (row_ >= v.size()) throw std::invalid_argument("patch " + path_ + ": the scenario has fewer states");
      v[row_] = value;
      return;
    }
    case Kind::growth:
      cell(sc.traits.growth) = value;
      return;
    case Kind::capability:
      cell(sc.capability0) = value;
      return;
    case Kind::alignment:
      cell(sc.alignment0) = value;
      return;
    case Kind::identity:
      cell(sc.identity) = value;
      return;
    case Kind::event_field: {
      if (row_ < 0 || static_cast<std::size_t>(row_) >= sc.events.size())
        throw std::invalid_argument("patch " + path_ + ": the scenario has no such event");
      EventRule& rule = sc.events[static_cast<std::size_t>(row_)].rule;
      if (rule.index() != rule_) throw std::invalid_argument("patch " + path_ + ": the event has another rule");
      std::visit(
          [&](auto& r) {
            using E = std::decay_t<decltype(r)>;
            r.*std::get<double E::*>(RuleKind<E>::fields[field_].member) = value;
          },
          rule);
      return;
    }
  }
}

}  // namespace bpsim
