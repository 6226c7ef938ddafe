// Streamed result files: the recorder hands its rows on in chunks as the ticks come
// (memory flat in ticks), the bytes are those of the in-memory recorder, numbers are
// exactly fmt's shortest round-trip text, and an undefined value is an empty field.
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/csv.hpp"
#include "sim/io/results/stream.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "support/builders.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace bpsim;
namespace fs = std::filesystem;

namespace {

const char* const kMinimal = BPSIM_SOURCE_DIR "/tests/data/minimal.yaml";

// Collects what a recorder hands on, per file, and how often.
struct MemorySink : ChunkSink {
  std::map<std::string, std::string> bytes;
  std::vector<std::string> order;  // the files in the order they began
  int chunks = 0;
  void append(const std::string& name, std::string_view b) override {
    if (!bytes.count(name)) order.push_back(name);
    bytes[name] += b;
    ++chunks;
  }
};

RunOptions options(std::uint64_t seed, int ticks, bool attribution) {
  RunOptions opt;
  opt.seed = seed;
  opt.ticks = ticks;
  opt.attribution = attribution;
  return opt;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : line) {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("streamed rows are the in-memory rows byte for byte, whatever the chunk size") {
  const Scenario sc = load_scenario(kMinimal, {{"parameters.sigma_a", "0.05"}});
  const RunOptions opt = options(7, 30, true);
  CsvRecorder memory(sc, true);
  run_scenario(sc, opt, [&](const TickView& v) { memory.observe(v); });
  for (const std::size_t chunk : {std::size_t{1}, std::size_t{100}, CsvRecorder::kChunkBytes}) {
    CAPTURE(chunk);
    MemorySink sink;
    CsvRecorder streamed(sc, true, sink, chunk);
    run_scenario(sc, opt, [&](const TickView& v) { streamed.observe(v); });
    streamed.finish();
    CHECK(streamed.buffered_bytes() == 0);
    CHECK(sink.order == streamed.file_names());
    for (const ResultFile& f : memory.files()) CHECK_MESSAGE(sink.bytes[f.name] == f.bytes, f.name);
  }
}

// Fails when rows are kept until the end: the bytes held stay bounded while the
// bytes handed on grow with the ticks.
TEST_CASE("a streamed recorder holds at most a few chunks, however many ticks run") {
  Scenario sc = test::make_scenario(50, 2);
  sc.watch.resize(40);
  const std::size_t chunk = 4096;
  MemorySink sink;
  CsvRecorder rec(sc, false, sink, chunk);
  std::size_t most = 0, one_tick = 0, before = 0;
  run_scenario(sc, options(1, 400, false), [&](const TickView& v) {
    rec.observe(v);
    most = std::max(most, rec.buffered_bytes());
    std::size_t total = 0;
    for (const auto& [name, b] : sink.bytes) total += b.size();
    one_tick = std::max(one_tick, total + rec.buffered_bytes() - before);
    before = total + rec.buffered_bytes();
  });
  rec.finish();
  std::size_t total = 0;
  for (const auto& [name, b] : sink.bytes) total += b.size();
  // One file can hold just under a chunk plus a tick of rows; there are four files.
  CHECK(most < 4 * chunk + one_tick);
  CHECK(total > 50 * (4 * chunk + one_tick));
  CHECK(sink.chunks > 100);  // handed on as the ticks came
}

TEST_CASE("numbers are fmt's shortest round-trip text, exactly") {
  std::vector<double> xs = {0.0,
                            -0.0,
                            1.0,
                            -1.0,
                            0.1,
                            1.0 / 3.0,
                            1e15,
                            1e16,
                            1e17,
                            123456789012345678.0,
                            1e-4,
                            1e-5,
                            5e-324,
                            2.2250738585072014e-308,
                            std::numeric_limits<double>::max(),
                            -std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::min(),
                            0.30000000000000004,
                            2014.25,
                            700,
                            1e100};
  std::mt19937_64 gen(12345);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = gen();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (std::isfinite(x)) xs.push_back(x);
    xs.push_back(std::ldexp(static_cast<double>(gen() % 1000000), -static_cast<int>(gen() % 40)));
  }
  for (const double x : xs) {
    const std::string want = fmt::format("{}", x);
    CHECK(csv_number(x) == want);
    CsvTable one("t", {"a", "x"});
    one.text("a").number(x).end_row();
    CsvTable many("t", {"a", "x"});
    many.text("a").numbers({x}).end_row();
    CHECK(one.text() == "a,x\na," + want + "\n");
    CHECK(many.text() == one.text());
  }
}

TEST_CASE("an undefined value is an empty field, never nan or inf") {
  CHECK(csv_number(std::numeric_limits<double>::quiet_NaN()).empty());
  CHECK(csv_number(std::numeric_limits<double>::infinity()).empty());
  CHECK(csv_number(-std::numeric_limits<double>::infinity()).empty());
  CsvTable t("t", {"k", "u", "v"});
  t.text("x").number(std::numeric_limits<double>::quiet_NaN()).number(2.5).end_row();
  t.text("y").numbers({std::numeric_limits<double>::infinity(), 2.5}).end_row();
  CHECK(t.text() == "k,u,v\nx,,2.5\ny,,2.5\n");

  // S1 has no capability at all: the power ratio S0/S1 divides by a power of 0.
  Scenario sc = test::make_scenario(3, 1);
  sc.capability0.row(1).setZero();
  CsvRecorder rec(sc, true);
  run_scenario(sc, options(1, 3, true), [&](const TickView& v) { rec.observe(v); });
  const auto files = rec.files();
  const auto dyads = lines(files[1].bytes);
  const auto head = fields(dyads[0]);
  const auto col = static_cast<std::size_t>(std::find(head.begin(), head.end(), "power_ratio") - head.begin());
  REQUIRE(col < head.size());
  const auto row = fields(dyads[1]);  // tick 0, S0-S1
  CHECK(row[1].empty());              // no calendar: no date
  REQUIRE(row[2] == "S0");
  REQUIRE(row[3] == "S1");
  CHECK(row[col].empty());
  for (const ResultFile& f : files) {
    CAPTURE(f.name);
    CHECK(f.bytes.find("nan") == std::string::npos);
    CHECK(f.bytes.find("inf") == std::string::npos);
  }
}

TEST_CASE("StagedFile: bytes and SHA-256 of everything appended, fsynced on finish, never overwrites") {
  test::TempDir tmp;
  const std::string text = "tick,x\n0,1\n1,2\n";
  {
    StagedFile f("a.csv", tmp / "a.csv");
    f.append("tick,x\n");
    f.append("0,1\n1,2\n");
    f.finish();
    CHECK(f.bytes() == text.size());
    CHECK(f.sha256() == sha256_hex(text));
  }
  CHECK(test::read_text(tmp / "a.csv") == text);
  CHECK_THROWS_AS(StagedFile("a.csv", tmp / "a.csv"), OutputError);
  CHECK(test::read_text(tmp / "a.csv") == text);
}

TEST_CASE("StagedFiles streams a recorder into the staging directory, the manifest lists what was written") {
  test::TempDir tmp;
  const Scenario sc = load_scenario(kMinimal);
  CsvRecorder memory(sc, false);
  run_scenario(sc, options(3, 12, false), [&](const TickView& v) { memory.observe(v); });
  ResultDir out(tmp / "run", false);
  StagedFiles staged(out);
  CsvRecorder rec(sc, false, staged, 64);
  run_scenario(sc, options(3, 12, false), [&](const TickView& v) {
    rec.observe(v);
    CHECK(fs::exists(out.staging() / "states.csv"));  // on disk while the run goes
  });
  rec.finish();
  const std::vector<FileEntry> entries = staged.finish();
  REQUIRE(entries.size() == 4);
  const auto want = memory.files();
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(entries[i].name == want[i].name);
    CHECK(entries[i].bytes == want[i].bytes.size());
    CHECK(entries[i].sha256 == sha256_hex(want[i].bytes));
    CHECK(test::read_text(out.staging() / want[i].name) == want[i].bytes);
  }
  Manifest m;
  const auto j = nlohmann::json::parse(manifest_file(m, entries).bytes);
  const auto plain = nlohmann::json::parse(manifest_file(m, want).bytes);
  CHECK(j["files"] == plain["files"]);
}
