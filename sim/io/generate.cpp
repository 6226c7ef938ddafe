// The synthetic world generator. Every draw is the engine's counter-based Philox on
// a key of its own and one stream per section, so the positions do not change when
// only the number of events does.
#include "sim/io/generate.hpp"

#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

namespace bpsim {
namespace {

// The generator's replicate index: its key never equals a run's (run = 0, 1, ...).
constexpr std::uint64_t kGeneratorRun = 0x67656E6572617465ull;  // "generate"

enum GenStream : std::uint32_t {
  size_stream = 1,
  cap_stream,
  align_stream,
  trait_stream,
  relation_stream,
  event_stream
};

// Sequential draws on one stream: draw c is rng::uniform(key, 0, stream, c, 0).
class Draws {
 public:
  Draws(const rng::Key& key, std::uint32_t stream) : key_(key), stream_(stream) {}
  double uniform() { return rng::uniform(key_, 0, stream_, next_++, 0); }
  double normal() { return rng::normal(key_, 0, stream_, next_++, 0); }
  double between(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int index(int n) { return std::min(n - 1, static_cast<int>(uniform() * static_cast<double>(n))); }
  // k distinct indices in [0, n), in draw order (k <= n, small).
  std::vector<int> distinct(int k, int n) {
    std::vector<int> out;
    while (static_cast<int>(out.size()) < k) {
      const int i = index(n);
      if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
    }
    return out;
  }

 private:
  rng::Key key_;
  std::uint32_t stream_;
  int next_ = 0;
};

// Five dimensions at rough real-world magnitudes (gdp in trillions, the rest alike).
struct DimSpec {
  const char* name;
  const char* role;  // nullptr: a plain dimension
  double median;     // of a typical state
  double spread;     // log-sd of the dimension around the state's size
  double weight;     // power weight
  double growth;     // default growth per tick
};
constexpr std::array<DimSpec, 5> kDims = {{
    {"gdp", "economy", 0.5, 0.5, 0.3, 0.005},
    {"milex", "military", 10.0, 0.7, 0.3, 0.003},
    {"rnd", "technology", 5.0, 0.8, 0.2, 0.006},
    {"energy", nullptr, 100.0, 0.5, 0.1, 0.002},
    {"population", nullptr, 20.0, 0.6, 0.1, 0.002},
}};
constexpr double kSizeSd = 1.5;  // log-sd of overall size: a heavy tail of great powers

using Out = std::back_insert_iterator<std::string>;

// Fixed notation with about five significant digits (no exponents in the YAML).
std::string sig(double x) {
  if (x == 0) return "0";
  const int e = static_cast<int>(std::floor(std::log10(std::abs(x))));
  return fmt::format("{:.{}f}", x, std::max(0, 4 - e));
}

// Two decimals, without a "-0.00".
std::string dec2(double x) { return fmt::format("{:.2f}", std::abs(x) < 0.005 ? 0.0 : x); }

void check_options(const GenerateOptions& opt) {
  if (opt.states < 2) throw std::invalid_argument("states must be at least 2");
  if (opt.axes < 1) throw std::invalid_argument("axes must be at least 1");
  if (opt.ticks < 1) throw std::invalid_argument("ticks must be at least 1");
  if (opt.events < -1) throw std::invalid_argument("events must be at least 0");
}

void write_header(Out out, const GenerateOptions& opt) {
  fmt::format_to(out, "scenario: synthetic-{}\n", opt.states);
  fmt::format_to(out,
                 "description: \"Synthetic world of {} states on {} axes, seed {} "
                 "(bpsim generate): for benchmarks and stress tests.\"\n",
                 opt.states, opt.axes, opt.seed);
  fmt::format_to(out, "ticks: {}\ntick_label: quarter\nseed: {}\n", opt.ticks, opt.seed);
}

void write_dimensions(Out out, int axes) {
  fmt::format_to(out, "dimensions:\n  capability:\n");
  for (const DimSpec& d : kDims) {
    if (d.role) fmt::format_to(out, "    - {{name: {}, role: {}}}\n", d.name, d.role);
    else fmt::format_to(out, "    - {}\n", d.name);
  }
  fmt::format_to(out, "  alignment: [");
  for (int k = 0; k < axes; ++k) fmt::format_to(out, "{}a{}", k ? ", " : "", k + 1);
  fmt::format_to(out, "]\n  power_weights: {{");
  for (std::size_t k = 0; k < kDims.size(); ++k) {
    fmt::format_to(out, "{}{}: {}", k ? ", " : "", kDims[k].name, kDims[k].weight);
  }
  fmt::format_to(out, "}}\n");
}

void write_defaults(Out out) {
  fmt::format_to(out, "defaults: {{kappa: 0.05, mu: 0.1, eps: 0.5, growth: {{");
  for (std::size_t k = 0; k < kDims.size(); ++k) {
    fmt::format_to(out, "{}{}: {}", k ? ", " : "", kDims[k].name, kDims[k].growth);
  }
  fmt::format_to(out, "}}}}\nparameters: {{sigma_a: 0.01, incident_mode: random}}\n");
}

// Overall sizes, largest first, so S001 is the greatest power (as in a ranking).
std::vector<double> draw_sizes(const rng::Key& key, int n) {
  Draws dr(key, size_stream);
  std::vector<double> size(static_cast<std::size_t>(n));
  for (double& s : size) s = std::clamp(kSizeSd * dr.normal(), -5.0, 5.0);
  std::sort(size.begin(), size.end(), std::greater<>());
  return size;
}

// Positions around three bloc centres, so the world starts neither uniform nor bipolar.
std::vector<std::vector<double>> draw_positions(const rng::Key& key, int n, int axes) {
  Draws dr(key, align_stream);
  std::vector<std::vector<double>> centres(3, std::vector<double>(static_cast<std::size_t>(axes)));
  for (auto& c : centres) {
    for (double& x : c) x = dr.between(-0.6, 0.6);
  }
  std::vector<std::vector<double>> pos(static_cast<std::size_t>(n));
  for (auto& a : pos) {
    const auto& c = centres[static_cast<std::size_t>(dr.index(3))];
    for (const double x : c) a.push_back(std::clamp(x + 0.25 * dr.normal(), -0.95, 0.95));
  }
  return pos;
}

void write_states(Out out, const rng::Key& key, const GenerateOptions& opt) {
  const std::vector<double> size = draw_sizes(key, opt.states);
  const auto pos = draw_positions(key, opt.states, opt.axes);
  Draws cap(key, cap_stream), trait(key, trait_stream);
  fmt::format_to(out, "states:\n");
  for (int i = 0; i < opt.states; ++i) {
    const auto u = static_cast<std::size_t>(i);
    fmt::format_to(out, "  - {{id: {}, name: State {}, capability: {{", synthetic_state_id(i, opt.states), i + 1);
    for (std::size_t k = 0; k < kDims.size(); ++k) {
      const double c = kDims[k].median * std::exp(size[u] + kDims[k].spread * cap.normal());
      fmt::format_to(out, "{}{}: {}", k ? ", " : "", kDims[k].name, sig(c));
    }
    fmt::format_to(out, "}}, alignment: [");
    for (std::size_t k = 0; k < pos[u].size(); ++k) fmt::format_to(out, "{}{}", k ? ", " : "", dec2(pos[u][k]));
    fmt::format_to(out, "], traits: {{hedging: {}}}}}\n", dec2(trait.between(0.0, 0.6)));
  }
}

// About two ties per state (all pairs in a small world), values in [-0.5, 0.6].
void write_relations(Out out, const rng::Key& key, int n) {
  Draws dr(key, relation_stream);
  const long long pairs = static_cast<long long>(n) * (n - 1) / 2;
  const auto want = static_cast<std::size_t>(std::min(pairs, 2LL * n));
  std::set<std::pair<int, int>> chosen;
  fmt::format_to(out, "relations:\n");
  while (chosen.size() < want) {
    const std::vector<int> ij = dr.distinct(2, n);
    const std::pair<int, int> p = std::minmax(ij[0], ij[1]);
    if (!chosen.insert(p).second) continue;
    fmt::format_to(out, "  - {{between: [{}, {}], value: {}}}\n", synthetic_state_id(p.first, n),
                   synthetic_state_id(p.second, n), dec2(dr.between(-0.5, 0.6)));
  }
}

std::string id_list(const std::vector<int>& members, int n) {
  std::string s;
  for (const int i : members) s += (s.empty() ? "" : ", ") + synthetic_state_id(i, n);
  return s;
}

std::vector<int> tail(const std::vector<int>& m) { return std::vector<int>(m.begin() + 1, m.end()); }

void write_sanctions(Out out, Draws& dr, int coalition, int late, int n) {
  const std::vector<int> m = dr.distinct(coalition + 1, n);
  fmt::format_to(out, "  - {{sanctions: {{by: [{}], target: {}, intensity: {}}}, from: {}}}\n", id_list(tail(m), n),
                 synthetic_state_id(m[0], n), dec2(dr.between(0.2, 0.8)), dr.index(late));
}

// Half the sales under the seller's security check (docs/ODD.md Section 7.6: the Russia-China case).
void write_arms_sale(Out out, Draws& dr, int n) {
  const std::vector<int> m = dr.distinct(2, n);
  const bool check = dr.uniform() < 0.5;
  fmt::format_to(out, "  - {{arms_sale: {{seller: {}, buyer: {}, volume: {:.4f}, policy: {}",
                 synthetic_state_id(m[0], n), synthetic_state_id(m[1], n), dr.between(0.002, 0.01),
                 check ? "security_check" : "always");
  fmt::format_to(out, "{}}}, from: 0}}\n", check ? ", threshold: 0.25" : "");
}

void write_exercise(Out out, Draws& dr, int coalition, int ticks, int n) {
  const std::vector<int> m = dr.distinct(std::min(n, coalition + 1), n);
  fmt::format_to(out, "  - {{exercise: {{participants: [{}], scale: {}}}, from: {}, every: 4}}\n", id_list(m, n),
                 dec2(dr.between(0.3, 1.0)), dr.index(std::min(4, ticks)));
}

void write_engagement(Out out, Draws& dr, int coalition, int late, int n) {
  const std::vector<int> m = dr.distinct(std::min(coalition, 2) + 1, n);
  fmt::format_to(out, "  - {{engagement: {{by: [{}], target: {}, intensity: {}}}, from: {}}}\n", id_list(tail(m), n),
                 synthetic_state_id(m[0], n), dec2(dr.between(0.2, 0.8)), dr.index(late));
}

// Event e is of kind e % 4 (sanctions, arms_sale, exercise, engagement): all four
// kinds appear as soon as there are four events.
void write_event(Out out, Draws& dr, int e, const GenerateOptions& opt) {
  const int n = opt.states;
  const int late = std::max(1, opt.ticks / 2);  // coercion starts in the first half
  const int coalition = std::min(n - 1, 1 + dr.index(3));
  switch (e % 4) {
    case 0:
      write_sanctions(out, dr, coalition, late, n);
      break;
    case 1:
      write_arms_sale(out, dr, n);
      break;
    case 2:
      write_exercise(out, dr, coalition, opt.ticks, n);
      break;
    default:
      write_engagement(out, dr, coalition, late, n);
  }
}

void write_events(Out out, const rng::Key& key, const GenerateOptions& opt, int count) {
  if (count == 0) {
    fmt::format_to(out, "events: []\n");
    return;
  }
  Draws dr(key, event_stream);
  fmt::format_to(out, "events:\n");
  for (int e = 0; e < count; ++e) write_event(out, dr, e, opt);
}

// All dyads up to 40 states (docs/ODD.md Section 9); beyond, the dyads among the four greatest powers.
void write_output(Out out, int n) {
  if (n <= 40) {
    fmt::format_to(out, "output: {{dyads: all}}\n");
    return;
  }
  fmt::format_to(out, "output:\n  dyads:\n");
  for (int i = 0; i < 4; ++i) {
    for (int j = i + 1; j < 4; ++j) {
      fmt::format_to(out, "    - [{}, {}]\n", synthetic_state_id(i, n), synthetic_state_id(j, n));
    }
  }
}

}  // namespace

int default_event_count(int states) { return std::clamp(states / 10, 4, 100); }

std::string synthetic_state_id(int i, int n) {
  const int width = std::max(3, static_cast<int>(fmt::formatted_size("{}", n)));
  return fmt::format("S{:0{}}", i + 1, width);
}

std::string generate_scenario_yaml(const GenerateOptions& opt) {
  check_options(opt);
  const rng::Key key(opt.seed, kGeneratorRun);
  std::string text;
  Out out(text);
  const int events = opt.events >= 0 ? opt.events : default_event_count(opt.states);
  fmt::format_to(out,
                 "# Generated by `bpsim generate --states {} --axes {} --ticks {} --seed {} "
                 "--events {}`.\n",
                 opt.states, opt.axes, opt.ticks, opt.seed, events);
  write_header(out, opt);
  write_dimensions(out, opt.axes);
  write_defaults(out);
  write_states(out, key, opt);
  write_relations(out, key, opt.states);
  write_events(out, key, opt, events);
  write_output(out, opt.states);
  return text;
}

}  // namespace bpsim
