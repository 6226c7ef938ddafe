#include "sim/io/results/snapshot.hpp"

#include "sim/io/fingerprint.hpp"
#include "sim/io/input_file.hpp"
#include "sim/model/tables.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace bpsim {

// A new member of World must be saved and loaded here (and hashed in fingerprint.cpp).
static_assert(sizeof(World) ==
                  sizeof(int) + 4 + 2 * sizeof(std::uint64_t) + (4 + kDependenceChannels) * sizeof(Eigen::MatrixXd),
              "World changed: save and load the new member in snapshot.cpp");

namespace {

constexpr std::string_view kMagic = "BPSIMSNP";
constexpr std::size_t kChecksumSize = 64;  // hex SHA-256

// ---- writing ----

void put_u32(std::string& out, std::uint32_t v) {
  for (int b = 0; b < 4; ++b) out += static_cast<char>((v >> (8 * b)) & 0xFFu);
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int b = 0; b < 8; ++b) out += static_cast<char>((v >> (8 * b)) & 0xFFu);
}

void put_i64(std::string& out, std::int64_t v) { put_u64(out, static_cast<std::uint64_t>(v)); }

void put_str(std::string& out, const std::string& s) {
  put_u64(out, s.size());
  out += s;
}

void put_strs(std::string& out, const std::vector<std::string>& v) {
  put_u64(out, v.size());
  for (const auto& s : v) put_str(out, s);
}

void put_mat(std::string& out, const Eigen::MatrixXd& m) {
  put_i64(out, static_cast<std::int64_t>(m.rows()));
  put_i64(out, static_cast<std::int64_t>(m.cols()));
  const double* p = m.data();
  for (Eigen::Index k = 0; k < m.size(); ++k) put_u64(out, std::bit_cast<std::uint64_t>(p[k]));
}

std::string encode(const Snapshot& s) {
  std::string out(kMagic);
  put_u32(out, kSnapshotVersion);
  put_str(out, s.scenario_name);
  put_str(out, s.scenario_sha256);
  put_strs(out, s.state_ids);
  put_strs(out, s.capability_dims);
  put_strs(out, s.alignment_axes);
  put_i64(out, s.world.tick);
  put_u64(out, s.world.seed);
  put_u64(out, s.world.run);
  put_mat(out, s.world.capability);
  put_mat(out, s.world.alignment);
  put_mat(out, s.world.relations);
  put_strs(out, std::vector<std::string>(kDependenceNames.begin(), kDependenceNames.end()));
  for (const Eigen::MatrixXd& d : s.world.dependence) put_mat(out, d);
  put_mat(out, s.world.orders);
  out += sha256_hex(out);
  return out;
}

// ---- reading ----

// Reads the fields in order; any read past the end is "truncated".
class Reader {
 public:
  Reader(const std::string& path, std::string_view bytes) : path_(path), bytes_(bytes) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(fmt::format("snapshot {}: {}", path_, what));
  }

  std::string_view take(std::size_t n, const char* what) {
    if (n > bytes_.size() - pos_)
      fail(fmt::format("truncated: the file ends inside {} (after {} bytes)", what, bytes_.size()));
    const auto s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }

  std::uint64_t u64(const char* what) {
    const auto s = take(8, what);
    std::uint64_t v = 0;
    for (int b = 7; b >= 0; --b) v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(b)]);
    return v;
  }

  std::uint32_t u32(const char* what) {
    const auto s = take(4, what);
    std::uint32_t v = 0;
    for (int b = 3; b >= 0; --b) v = (v << 8) | static_cast<unsigned char>(s[static_cast<std::size_t>(b)]);
    return v;
  }

  std::int64_t i64(const char* what) { return static_cast<std::int64_t>(u64(what)); }

  std::string str(const char* what) {
    const std::uint64_t n = u64(what);
    return std::string(take(n, what));
  }

  std::vector<std::string> strs(const char* what) {
    const std::uint64_t n = u64(what);
    if (n > remaining() / 8) fail(fmt::format("truncated or corrupt: {} claims {} names", what, n));
    std::vector<std::string> v;
    for (std::uint64_t k = 0; k < n; ++k) v.push_back(str(what));
    return v;
  }

  Eigen::MatrixXd mat(const char* what) {
    const std::int64_t rows = i64(what), cols = i64(what);
    if (rows < 0 || cols < 0 ||
        (rows > 0 && static_cast<std::uint64_t>(cols) > remaining() / 8 / static_cast<std::uint64_t>(rows)))
      fail(fmt::format("truncated or corrupt: {} claims {} x {} numbers, the file holds at most {}", what, rows, cols,
                       remaining() / 8));
    Eigen::MatrixXd m(rows, cols);
    double* p = m.data();
    for (Eigen::Index k = 0; k < m.size(); ++k) p[k] = std::bit_cast<double>(u64(what));
    return m;
  }

  std::size_t pos() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }

 private:
  const std::string& path_;
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

std::string shape(const Eigen::MatrixXd& m) { return fmt::format("{} x {}", m.rows(), m.cols()); }

// Differences between the world's array sizes and the names (empty when they agree).
std::vector<std::string> shape_problems(const World& w, std::size_t n, std::size_t n_cap, std::size_t n_axes) {
  std::vector<std::string> out;
  auto check = [&](const Eigen::MatrixXd& m, const char* name, std::size_t rows, std::size_t cols) {
    if (static_cast<std::size_t>(m.rows()) != rows || static_cast<std::size_t>(m.cols()) != cols)
      out.push_back(fmt::format("{} is {}, expected {} x {}", name, shape(m), rows, cols));
  };
  check(w.capability, "capability", n, n_cap);
  check(w.alignment, "alignment", n, n_axes);
  check(w.relations, "relations", n, n);
  // Exactly 0 x 0: a channel the run does not use (an empty 5 x 0 or 2^31 x 0 is refused,
  // or the value checks would walk its rows).
  for (std::size_t c = 0; c < kDependenceChannels; ++c) {
    const Eigen::MatrixXd& d = w.dependence[c];
    if (d.rows() != 0 || d.cols() != 0) check(d, (std::string(kDependenceNames[c]) + "_dep").c_str(), n, n);
  }
  if (w.orders.rows() != 0 || w.orders.cols() != 0) check(w.orders, "orders", n, n);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none)" : out;
}

// "states: the snapshot has A, B, C; the scenario has A, B, D (only in the snapshot: C;
// only in the scenario: D)", or "" when equal.
std::string name_difference(const char* what, const std::vector<std::string>& snap,
                            const std::vector<std::string>& scen) {
  if (snap == scen) return "";
  std::vector<std::string> only_snap, only_scen;
  for (const auto& s : snap)
    if (std::find(scen.begin(), scen.end(), s) == scen.end()) only_snap.push_back(s);
  for (const auto& s : scen)
    if (std::find(snap.begin(), snap.end(), s) == snap.end()) only_scen.push_back(s);
  std::string detail;
  if (only_snap.empty() && only_scen.empty())
    detail = snap.size() == scen.size() ? "the same names in a different order" : "the same names, some repeated";
  else {
    if (!only_snap.empty()) detail += "only in the snapshot: " + join(only_snap);
    if (!only_scen.empty())
      detail += (detail.empty() ? "" : "; ") + std::string("only in the scenario: ") + join(only_scen);
  }
  return fmt::format("{}: the snapshot has {}; the scenario has {} ({})", what, join(snap), join(scen), detail);
}

// ---- the values: the scenario loader's ranges and the World's invariants ----

// The loader's ranges (sim/model/tables.hpp): kRelationRange, kArmsShareRange and
// kArmsShareSumSlack, as in sim/io/scenario/relations.cpp.
constexpr std::size_t kListedProblems = 12;  // the rest are counted

// Every bad value found, the first kListedProblems of them in the message.
class ValueProblems {
 public:
  explicit ValueProblems(const Snapshot& s) : s_(s) {}

  void range(double v, const Range& allowed, const std::string& where) {
    // The loader's two messages (sim/io/yaml/read.cpp read_number).
    if (!std::isfinite(v)) add(fmt::format("{} is {}; expected a finite number", where, v));
    else if (!allowed.contains(v)) add(fmt::format("{} is {}, out of range; allowed: {}", where, v, allowed.text()));
  }
  void add(std::string what) {
    if (listed_.size() < kListedProblems) listed_.push_back(std::move(what));
    ++total_;
  }
  std::string state(Eigen::Index i) const { return quote(s_.state_ids[static_cast<std::size_t>(i)]); }
  static std::string quote(const std::string& name) { return "'" + name + "'"; }

  std::string text() const {
    if (total_ == 0) return "";
    std::string out =
        fmt::format("{} invalid value{} (a snapshot holds what a scenario may):", total_, total_ == 1 ? "" : "s");
    for (const auto& p : listed_) out += "\n  " + p;
    if (total_ > listed_.size()) out += fmt::format("\n  ... and {} more", total_ - listed_.size());
    return out;
  }

 private:
  const Snapshot& s_;
  std::vector<std::string> listed_;
  std::size_t total_ = 0;
};

// m(i, k) against a range, named by state and column ("capability of state 'USA',
// dimension 'gdp'").
void check_columns(ValueProblems& p, const Eigen::MatrixXd& m, const char* field, const char* column,
                   const std::vector<std::string>& columns, const Range& allowed) {
  for (Eigen::Index k = 0; k < m.cols(); ++k)
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      p.range(m(i, k), allowed,
              fmt::format("{} of state {}, {} {}", field, p.state(i), column,
                          ValueProblems::quote(columns[static_cast<std::size_t>(k)])));
}

// Relations: in [-1, 1], zero diagonal, symmetric (kept so to the last bit by the tick).
void check_relations(ValueProblems& p, const Eigen::MatrixXd& r) {
  for (Eigen::Index i = 0; i < r.rows(); ++i)
    for (Eigen::Index j = 0; j < r.cols(); ++j) {
      const std::string where = fmt::format("relations between {} and {}", p.state(i), p.state(j));
      if (i == j) {
        if (r(i, i) != 0)
          p.add(fmt::format("relations of state {} with itself is {}; allowed: 0", p.state(i), r(i, i)));
        continue;
      }
      p.range(r(i, j), kRelationRange, where);
      if (i < j && std::isfinite(r(i, j)) && std::isfinite(r(j, i)) && r(i, j) != r(j, i))
        p.add(fmt::format("{} is {} one way and {} the other; relations are symmetric", where, r(i, j), r(j, i)));
    }
}

// A dependence matrix D[importer, source]: shares in [0, 1], none from itself, at most 1
// per importer.
void check_dependence(ValueProblems& p, const Eigen::MatrixXd& m, std::string_view channel) {
  for (Eigen::Index b = 0; b < m.rows(); ++b) {
    double sum = 0;
    for (Eigen::Index s = 0; s < m.cols(); ++s) {
      if (b == s) {
        if (m(b, b) != 0)
          p.add(fmt::format("{} dependence of state {} on itself is {}; allowed: 0", channel, p.state(b), m(b, b)));
        continue;
      }
      p.range(m(b, s), kArmsShareRange,
              fmt::format("{} dependence of importer {} on {}", channel, p.state(b), p.state(s)));
      sum += m(b, s);
    }
    if (std::isfinite(sum) && sum > 1.0 + kArmsShareSumSlack)
      p.add(fmt::format("{} dependence shares of importer {} sum to {}; allowed: at most 1", channel, p.state(b), sum));
  }
}

// The order book O[seller, buyer]: amounts >= 0 (NaN and inf refused), none to itself.
void check_orders(ValueProblems& p, const Eigen::MatrixXd& o) {
  for (Eigen::Index b = 0; b < o.cols(); ++b)
    for (Eigen::Index s = 0; s < o.rows(); ++s) {
      if (s == b && o(s, b) != 0.0) {
        p.add(fmt::format("arms ordered by state {} from itself: {}; allowed: 0", p.state(b), o(s, b)));
      } else if (!(o(s, b) >= 0.0) || !std::isfinite(o(s, b))) {
        p.add(fmt::format("arms ordered by state {} from {}: {}; allowed: a number >= 0", p.state(b), p.state(s),
                          o(s, b)));
      }
    }
}

std::string value_problems(const Snapshot& s) {
  ValueProblems p(s);
  check_columns(p, s.world.capability, "capability", "dimension", s.capability_dims, kCapabilityRange);
  check_columns(p, s.world.alignment, "alignment", "axis", s.alignment_axes, kAlignmentRange);
  check_relations(p, s.world.relations);
  for (std::size_t c = 0; c < kDependenceChannels; ++c) check_dependence(p, s.world.dependence[c], kDependenceNames[c]);
  check_orders(p, s.world.orders);
  return p.text();
}

void write_all(int fd, const std::string& bytes, const std::string& tmp) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(fmt::format("cannot write snapshot {}: {}", tmp, std::strerror(errno)));
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

Snapshot make_snapshot(const Scenario& sc, const World& w, std::string scenario_sha256) {
  Snapshot s;
  s.world = w;
  s.scenario_name = sc.name;
  s.scenario_sha256 = std::move(scenario_sha256);
  s.state_ids = sc.state_ids;
  for (const auto& d : sc.capability_dims) s.capability_dims.push_back(d.name);
  s.alignment_axes = sc.alignment_axes;
  return s;
}

// Throws "cannot write snapshot WHAT: ..." when the world's arrays do not fit its names.
static void require_consistent(const Snapshot& s, const std::string& what) {
  const auto problems = shape_problems(s.world, s.state_ids.size(), s.capability_dims.size(), s.alignment_axes.size());
  if (!problems.empty())
    throw std::runtime_error(
        fmt::format("cannot write snapshot {}: the world does not match its "
                    "names: {}",
                    what, join(problems)));
}

std::string encode_snapshot(const Snapshot& s) {
  require_consistent(s, "(in memory)");
  return encode(s);
}

void save_snapshot(const std::string& path, const Snapshot& s) {
  require_consistent(s, path);
  const std::string bytes = encode(s);
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw std::runtime_error(
        fmt::format("cannot write snapshot {}: cannot create {}: {}", path, tmp, std::strerror(errno)));
  try {
    write_all(fd, bytes, tmp);
    if (::fsync(fd) != 0)
      throw std::runtime_error(
          fmt::format("cannot write snapshot {}: fsync of {} failed: {}", path, tmp, std::strerror(errno)));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error(
        fmt::format("cannot write snapshot {}: closing {} failed: {}", path, tmp, std::strerror(err)));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error(
        fmt::format("cannot write snapshot {}: cannot rename {} onto it: {}", path, tmp, std::strerror(err)));
  }
}

// Version 1 holds the arms channel only; version 2 names its channels. A channel this
// bpsim has and the file lacks (written before its rule kind existed) is not in use (0 x 0);
// run_from sizes it if the scenario uses it.
void read_dependence(Reader& r, std::uint32_t version, World& w) {
  const std::vector<std::string> names =
      version == 1 ? std::vector<std::string>{"arms"} : r.strs("the dependence channels");
  for (const std::string& name : names) {
    const std::size_t c = find_dependence(name);
    if (c == kDependenceChannels)
      r.fail(fmt::format("dependence channel '{}' is unknown to this bpsim (it has: {})", name,
                         fmt::join(kDependenceNames, ", ")));
    w.dependence[c] = r.mat((name + "_dep").c_str());
  }
}

Snapshot load_snapshot(const std::string& path) {
  const std::string bytes = read_input_file(path, "snapshot", kMaxSnapshotBytes);
  Reader r(path, bytes);
  if (bytes.size() < kMagic.size() || std::string_view(bytes).substr(0, kMagic.size()) != kMagic)
    r.fail(bytes.empty() ? "not a bpsim snapshot (the file is empty)"
                         : "not a bpsim snapshot (wrong magic; expected a file written by "
                           "bpsim run --save-at)");
  r.take(kMagic.size(), "the magic");
  const std::uint32_t version = r.u32("the format version");
  if (version < 1 || version > kSnapshotVersion)
    r.fail(fmt::format("snapshot format version {} is not supported; this bpsim reads versions 1 to {}", version,
                       kSnapshotVersion));
  Snapshot s;
  s.scenario_name = r.str("the scenario name");
  s.scenario_sha256 = r.str("the scenario SHA-256");
  s.state_ids = r.strs("the state ids");
  s.capability_dims = r.strs("the capability dimensions");
  s.alignment_axes = r.strs("the alignment axes");
  const std::int64_t tick = r.i64("the tick");
  s.world.seed = r.u64("the seed");
  s.world.run = r.u64("the run index");
  s.world.capability = r.mat("capability");
  s.world.alignment = r.mat("alignment");
  s.world.relations = r.mat("relations");
  read_dependence(r, version, s.world);
  if (version >= 3) s.world.orders = r.mat("orders");
  const std::size_t body = r.pos();
  const std::string_view sum = r.take(kChecksumSize, "the checksum");
  if (r.remaining() != 0) r.fail(fmt::format("corrupt: {} unexpected bytes after the checksum", r.remaining()));
  if (sum != sha256_hex(std::string_view(bytes).substr(0, body)))
    r.fail("corrupt: checksum mismatch (the file was changed or damaged after it was written)");
  if (tick < 0 || tick > std::numeric_limits<int>::max()) r.fail(fmt::format("corrupt: tick {} is out of range", tick));
  s.world.tick = static_cast<int>(tick);
  const auto problems = shape_problems(s.world, s.state_ids.size(), s.capability_dims.size(), s.alignment_axes.size());
  if (!problems.empty()) r.fail("inconsistent: " + join(problems));
  if (const std::string bad = value_problems(s); !bad.empty()) r.fail(bad);
  return s;
}

void check_snapshot_fits(const Snapshot& s, const Scenario& sc, std::optional<int> last_tick) {
  std::vector<std::string> diffs;
  std::vector<std::string> dims;
  for (const auto& d : sc.capability_dims) dims.push_back(d.name);
  for (const auto& d : {name_difference("states", s.state_ids, sc.state_ids),
                        name_difference("capability dimensions", s.capability_dims, dims),
                        name_difference("alignment axes", s.alignment_axes, sc.alignment_axes)})
    if (!d.empty()) diffs.push_back(d);
  for (const auto& p : shape_problems(s.world, sc.state_ids.size(), dims.size(), sc.alignment_axes.size()))
    diffs.push_back("world " + p);
  if (uses_order_book(sc) && s.world.orders.size() == 0)
    diffs.emplace_back("the snapshot has no arms order book; the scenario (model v2, with arms sales) needs one");
  if (!uses_order_book(sc) && s.world.orders.size() != 0)
    diffs.emplace_back(
        "the snapshot has an arms order book; the scenario has none (it is model v1 or has no arms sales)");
  if (last_tick && s.world.tick > *last_tick)
    diffs.push_back(fmt::format("tick {} is past the run's last tick {}", s.world.tick, *last_tick));
  if (diffs.empty()) return;
  std::string msg = fmt::format("snapshot of scenario '{}' (tick {}) does not fit scenario '{}':", s.scenario_name,
                                s.world.tick, sc.name);
  for (const auto& d : diffs) msg += "\n  " + d;
  throw std::runtime_error(msg);
}

}  // namespace bpsim
