// The run driver: stream_run writes the CSVs into the staging directory, last_files
// adds the snapshot and a manifest listing every file by the bytes written (no JSON
// re-parsed), with "resumed_from"/"snapshot" right after "attribution".
#include "sim/drivers/run.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/csv.hpp"
#include "support/builders.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace bpsim;

namespace {

RunOptions options(int ticks) {
  RunOptions opt;
  opt.seed = 5;
  opt.ticks = ticks;
  return opt;
}

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> out;
  for (const auto& item : j.items()) out.push_back(item.key());
  return out;
}

}  // namespace

TEST_CASE("stream_run streams the recorder's files, the manifest lists them and the snapshot") {
  const test::TempDir tmp;
  const Scenario sc = test::make_scenario(3, 1);
  ResultDir out(tmp.path() / "run", false);
  SnapshotPlan snap;
  snap.save_at = 2;
  int reached = -1, calls = 0;
  const StreamedRun run = stream_run(
      sc, options(4), snap, out, [&](int, int) { ++calls; }, reached);
  CHECK(reached == 4);
  CHECK(calls > 0);
  REQUIRE(run.saved);
  CHECK(run.saved->world.tick == 2);

  CsvRecorder memory(sc, false);
  run_scenario(sc, options(4), [&](const TickView& v) { memory.observe(v); });
  const std::vector<ResultFile> want = memory.files();
  REQUIRE(run.streamed.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    CHECK(run.streamed[i].name == want[i].name);
    CHECK(run.streamed[i].sha256 == sha256_hex(want[i].bytes));
    CHECK(test::read_text(out.staging() / want[i].name) == want[i].bytes);
  }

  Manifest m;
  m.attribution = false;
  const std::vector<ResultFile> last = last_files(m, sc, snap, run);
  REQUIRE(last.size() == 2);
  CHECK(last[0].name == "snapshot_2.bpsnap");
  CHECK(last[1].name == "manifest.json");
  const auto j = nlohmann::ordered_json::parse(last[1].bytes);
  REQUIRE(j["files"].size() == want.size() + 1);
  CHECK(j["files"][want.size()]["name"] == "snapshot_2.bpsnap");
  CHECK(j["files"][want.size()]["bytes"] == last[0].bytes.size());
  CHECK(j["files"][want.size()]["sha256"] == sha256_hex(last[0].bytes));
  CHECK(j["snapshot"] == nlohmann::ordered_json{{"file", "snapshot_2.bpsnap"}, {"tick", 2}});
  CHECK(j["world_hash"] == world_hash(run.final_world));
  CHECK_FALSE(j.contains("resumed_from"));
  const auto k = keys(j);
  const auto at = std::find(k.begin(), k.end(), "attribution");
  REQUIRE(at + 1 < k.end());
  CHECK(*(at + 1) == "snapshot");
}

TEST_CASE("a manifest without snapshots has neither key") {
  Manifest m;
  const auto j = nlohmann::ordered_json::parse(manifest_file(m, std::vector<FileEntry>{{"a.csv", 3, "ab"}}).bytes);
  CHECK_FALSE(j.contains("snapshot"));
  CHECK_FALSE(j.contains("resumed_from"));
  CHECK(j["files"] == nlohmann::ordered_json::array({{{"name", "a.csv"}, {"bytes", 3}, {"sha256", "ab"}}}));
}
