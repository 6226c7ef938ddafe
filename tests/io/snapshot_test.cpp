// Snapshots: every double of the World round-trips bit for bit; the file appears
// atomically; broken files (missing, empty, wrong magic, wrong version, truncated at
// any byte, damaged, trailing bytes) and scenarios that do not fit give clear errors.
#include "sim/io/results/snapshot.hpp"

#include "sim/core/run.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/temp_dir.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>

using namespace bpsim;

namespace {

const std::string kScenarios = std::string(BPSIM_SOURCE_DIR) + "/scenarios";
const std::string kPivot = kScenarios + "/pivot_to_asia_2014.yaml";

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

// A 3-state world holding awkward doubles a scenario may hold: -0, subnormals, extremes,
// values next to the ends of their ranges, odd bit patterns.
Snapshot awkward_snapshot() {
  Snapshot s;
  s.scenario_name = "awkward \"name\", with\nnewline";
  s.scenario_sha256 = std::string(64, 'a');
  s.state_ids = {"A", "B", "C"};
  s.capability_dims = {"gdp", "milex"};
  s.alignment_axes = {"order"};
  World& w = s.world;
  w.tick = 17;
  w.seed = 0xFEDCBA9876543210ull;
  w.run = 3;
  w.capability.resize(3, 2);
  w.capability << 0.1, -0.0, std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
      std::numeric_limits<double>::min(), std::bit_cast<double>(std::uint64_t{0x3FF0000000000001});
  w.alignment.resize(3, 1);
  w.alignment << std::nextafter(-1.0, 0.0), -1.0 / 3.0, std::nextafter(1.0, 0.0);
  const Eigen::MatrixXd r = Eigen::MatrixXd::Random(3, 3);
  w.relations = (r + r.transpose()) / 2;  // symmetric, in [-1, 1]
  w.relations.diagonal().setZero();
  for (Eigen::MatrixXd& d : w.dependence) {  // every channel: tiny shares, each its own
    d = Eigen::MatrixXd::Random(3, 3).cwiseAbs() * 1e-300;
    d.diagonal().setZero();
  }
  return s;
}

std::string load_error(const std::string& path) {
  try {
    load_snapshot(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("snapshot: every member of the World round-trips bit for bit") {
  test::TempDir dir;
  const std::string path = (dir / "w.snap").string();
  const Snapshot s = awkward_snapshot();
  save_snapshot(path, s);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  const Snapshot r = load_snapshot(path);
  CHECK(r.world.tick == 17);
  CHECK(r.world.seed == 0xFEDCBA9876543210ull);
  CHECK(r.world.run == 3);
  CHECK(same_bits(r.world.capability, s.world.capability));
  CHECK(same_bits(r.world.alignment, s.world.alignment));
  CHECK(same_bits(r.world.relations, s.world.relations));
  for (std::size_t c = 0; c < kDependenceChannels; ++c) CHECK(same_bits(r.world.dependence[c], s.world.dependence[c]));
  CHECK(std::signbit(r.world.capability(0, 1)));  // -0.0 kept
  CHECK(world_hash(r.world) == world_hash(s.world));
  CHECK(r.scenario_name == s.scenario_name);
  CHECK(r.scenario_sha256 == s.scenario_sha256);
  CHECK(r.state_ids == s.state_ids);
  CHECK(r.capability_dims == s.capability_dims);
  CHECK(r.alignment_axes == s.alignment_axes);

  // Saving again replaces the file, atomically.
  Snapshot later = s;
  later.world.tick = 18;
  save_snapshot(path, later);
  CHECK(load_snapshot(path).world.tick == 18);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("snapshot: a mid-run World of the flagship scenario round-trips") {
  const Scenario sc = load_scenario(kPivot, {{"parameters.sigma_a", "0.02"}, {"parameters.sigma_c", "0.01"}});
  RunOptions opt;
  opt.seed = sc.seed;
  opt.ticks = 20;
  const World w = run_scenario(sc, opt, nullptr);
  test::TempDir dir;
  const std::string path = (dir / "t20.snap").string();
  save_snapshot(path, make_snapshot(sc, w, file_sha256(kPivot)));
  const Snapshot r = load_snapshot(path);
  CHECK(world_hash(r.world) == world_hash(w));
  CHECK(r.scenario_name == "pivot-to-asia-2014");
  CHECK(r.scenario_sha256 == file_sha256(kPivot));
  CHECK(r.state_ids == sc.state_ids);
  CHECK(r.capability_dims == std::vector<std::string>{"gdp", "milex", "rnd", "energy", "population"});
  CHECK(r.alignment_axes == sc.alignment_axes);
  CHECK_NOTHROW(check_snapshot_fits(r, sc));
  // A counterfactual over the same states fits too (compare --branch-at).
  CHECK_NOTHROW(check_snapshot_fits(r, load_scenario(kScenarios + "/no_sanctions_2014.yaml")));
}

TEST_CASE("snapshot: unreadable, foreign, truncated and damaged files give clear errors") {
  test::TempDir dir;
  const std::string good = (dir / "good.snap").string();
  save_snapshot(good, awkward_snapshot());
  const std::string bytes = test::read_text(good);
  const std::string bad = (dir / "bad.snap").string();

  CHECK(load_error((dir / "missing.snap").string()) ==
        "cannot read snapshot " + (dir / "missing.snap").string() + ": no such file");
  CHECK(load_error(dir.path().string()) == "cannot read snapshot " + dir.path().string() + ": it is a directory");

  test::write_text(bad, "");
  CHECK(load_error(bad) == "snapshot " + bad + ": not a bpsim snapshot (the file is empty)");
  test::write_text(bad, "scenario: pivot\nticks: 48\n");
  CHECK(contains(load_error(bad), "snapshot " + bad + ": not a bpsim snapshot (wrong magic"));

  std::string v4 = bytes;
  v4[8] = 4;
  test::write_text(bad, v4);
  CHECK(load_error(bad) == "snapshot " + bad +
                               ": snapshot format version 4 is not supported; this bpsim reads "
                               "versions 1 to 3");

  // Cut anywhere (every byte of the header and the end): never a crash, never a
  // snapshot; "truncated" once past the magic.
  for (std::size_t n = 0; n < bytes.size(); n += (n < 160 || n + 80 > bytes.size()) ? 1 : 7) {
    test::write_text(bad, bytes.substr(0, n));
    const std::string e = load_error(bad);
    CAPTURE(n);
    REQUIRE(!e.empty());
    CHECK(contains(e, bad));
    if (n >= 8) CHECK(contains(e, "truncated"));
  }
  test::write_text(bad, bytes.substr(0, bytes.size() - 64));
  CHECK(load_error(bad) == "snapshot " + bad + ": truncated: the file ends inside the checksum (after " +
                               std::to_string(bytes.size() - 64) + " bytes)");

  std::string flipped = bytes;
  flipped[bytes.size() - 100] ^= 0x01;  // one bit of a matrix entry
  test::write_text(bad, flipped);
  CHECK(contains(load_error(bad), "checksum mismatch"));

  test::write_text(bad, bytes + "x");
  CHECK(load_error(bad) == "snapshot " + bad + ": corrupt: 1 unexpected bytes after the checksum");
}

TEST_CASE("snapshot: saving into a missing directory fails naming the path, leaving nothing") {
  test::TempDir dir;
  const std::string path = (dir / "no" / "such" / "dir.snap").string();
  std::string message;
  try {
    save_snapshot(path, awkward_snapshot());
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(contains(message, "cannot write snapshot " + path));
  CHECK(contains(message, "No such file or directory"));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));

  Snapshot wrong = awkward_snapshot();
  wrong.state_ids.pop_back();  // names no longer match the arrays
  CHECK_THROWS_WITH_AS(save_snapshot((dir / "x.snap").string(), wrong),
                       doctest::Contains("the world does not match its names"), std::runtime_error);
  CHECK_FALSE(std::filesystem::exists(dir / "x.snap"));
}

TEST_CASE("snapshot: check_snapshot_fits lists every difference with the scenario") {
  const Scenario pivot = load_scenario(kPivot);
  RunOptions opt;
  opt.ticks = 2;
  const Snapshot s = make_snapshot(pivot, run_scenario(pivot, opt, nullptr), "");

  const Scenario classroom = load_scenario(kScenarios + "/classroom_three_powers.yaml");
  std::string message;
  try {
    check_snapshot_fits(s, classroom);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(contains(message,
                 "snapshot of scenario 'pivot-to-asia-2014' (tick 2) does not fit "
                 "scenario 'classroom-three-powers':"));
  CHECK(contains(message,
                 "\n  states: the snapshot has USA, EU, CHN, RUS, IND, JPN, KOR, BRA; the "
                 "scenario has HEG, RIS, SWG (only in the snapshot: USA, EU, CHN, RUS, "
                 "IND, JPN, KOR, BRA; only in the scenario: HEG, RIS, SWG)"));
  CHECK(contains(message,
                 "\n  capability dimensions: the snapshot has gdp, milex, rnd, energy, "
                 "population; the scenario has economy, military"));
  CHECK_FALSE(contains(message, "alignment axes"));  // both have order, east_west
  CHECK(contains(message, "\n  world capability is 8 x 5, expected 3 x 2"));

  Scenario swapped = pivot;
  std::swap(swapped.state_ids[0], swapped.state_ids[1]);
  swapped.alignment_axes[1] = "north_south";
  message.clear();
  try {
    check_snapshot_fits(s, swapped);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(contains(message,
                 "states: the snapshot has USA, EU, CHN, RUS, IND, JPN, KOR, BRA; the "
                 "scenario has EU, USA, CHN, RUS, IND, JPN, KOR, BRA (the same names in a "
                 "different order)"));
  CHECK(contains(message,
                 "alignment axes: the snapshot has order, east_west; the scenario has "
                 "order, north_south (only in the snapshot: east_west; only in the "
                 "scenario: north_south)"));
  CHECK_FALSE(contains(message, "capability dimensions"));
}

TEST_CASE("snapshot: a version 1 file (one unnamed arms matrix) reads as arms, other channels not in use") {
  test::TempDir dir;
  const std::string path = (dir / "v1.snap").string();
  const Snapshot s = awkward_snapshot();
  const std::string v3 = encode_snapshot(s);
  REQUIRE(s.world.orders.size() == 0);
  const std::string v2 = v3.substr(0, v3.size() - 64 - 16);  // without the 0 x 0 orders mat and checksum
  // Version 2 ends: strs ["arms"] (u64 count, u64 length, 4 bytes), the arms mat (checksum cut).
  REQUIRE(kDependenceChannels >= 1);
  const auto n = static_cast<std::size_t>(s.world.relations.rows());
  const std::size_t mats = kDependenceChannels * (16 + 8 * n * n);
  std::size_t names = 8;
  for (const std::string_view c : kDependenceNames) names += 8 + c.size();
  const std::size_t body = v2.size();
  std::string v1 = v2.substr(0, body - mats - names) + v2.substr(body - mats, 16 + 8 * n * n);
  v1[8] = 1;
  v1 += sha256_hex(v1);
  test::write_text(path, v1);
  const Snapshot r = load_snapshot(path);
  CHECK(same_bits(r.world.arms_dep(), s.world.arms_dep()));
  for (std::size_t c = 0; c < kDependenceChannels; ++c) {
    if (c == dependence_channel<ArmsSaleEvent>) continue;
    CHECK(r.world.dependence[c].size() == 0);  // not in use; run_from sizes it for a scenario that uses it
  }
}

TEST_CASE("snapshot: a dependence channel is n x n, or exactly 0 x 0 when the run does not use it") {
  test::TempDir dir;
  const std::string path = (dir / "c.snap").string();
  Snapshot s = awkward_snapshot();
  const std::size_t last = kDependenceChannels - 1;
  const std::string name = std::string(kDependenceNames[last]) + "_dep";
  s.world.dependence[last] = Eigen::MatrixXd(3, 0);  // empty but not 0 x 0: refused
  CHECK_THROWS_WITH(encode_snapshot(s), doctest::Contains((name + " is 3 x 0, expected 3 x 3").c_str()));
  s.world.dependence[last].resize(0, 0);
  test::write_text(path, encode_snapshot(s));
  const Snapshot r = load_snapshot(path);
  CHECK(r.world.dependence[last].rows() == 0);
  CHECK(r.world.dependence[last].cols() == 0);
  CHECK(same_bits(r.world.dependence[0], s.world.dependence[0]));
}

TEST_CASE("snapshot: model v2's order book round-trips bit for bit and a negative order is refused") {
  test::TempDir dir;
  const std::string path = (dir / "o.snap").string();
  Snapshot s = awkward_snapshot();
  const auto n = s.world.relations.rows();
  s.world.orders = Eigen::MatrixXd::Zero(n, n);
  s.world.orders(0, 1) = 0.1 + 0.2;  // not a short decimal
  s.world.orders(1, 0) = 5e-320;     // subnormal
  test::write_text(path, encode_snapshot(s));
  const Snapshot r = load_snapshot(path);
  CHECK(same_bits(r.world.orders, s.world.orders));
  s.world.orders(0, 1) = -1;
  test::write_text(path, encode_snapshot(s));
  CHECK_THROWS_WITH(load_snapshot(path), doctest::Contains("allowed: a number >= 0"));
  s.world.orders = Eigen::MatrixXd::Zero(n, 1);
  CHECK_THROWS_WITH(encode_snapshot(s), doctest::Contains("orders is 3 x 1, expected 3 x 3"));
}
