// `bpsim run --save-at T [--snapshot PATH]` and `bpsim run --resume SNAPSHOT` end to
// end: the built binary, real files, exit codes. A run resumed from tick T repeats the
// rows of the run done in one go, byte for byte.
#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace bpsim::test;  // support/: TempDir, run_bpsim, has, lines, ...

namespace {

const std::string kPivot = BPSIM_SOURCE_DIR "/scenarios/pivot_to_asia_2014.yaml";
const std::string kMinimal = BPSIM_SOURCE_DIR "/tests/data/minimal.yaml";
// Noise makes the random key matter: a resumed run must continue the same streams.
const std::string kNoisy = " -q --set parameters.sigma_a=0.02 " + kPivot;

// The header and the rows whose tick (first field) is >= from (or > from when strict).
std::string rows_from(const std::string& csv, int from, bool strict = false) {
  const auto ls = lines(csv);
  std::string out;
  for (std::size_t i = 0; i < ls.size(); ++i) {
    if (i > 0) {
      const int tick = std::stoi(ls[i].substr(0, ls[i].find(',')));
      if (tick < from || (strict && tick == from)) continue;
    }
    out += ls[i] + "\n";
  }
  return out;
}

// The row of world.csv at tick t, without its trailing event-count columns.
std::string world_metrics_at(const std::string& csv, int t, std::size_t metric_fields = 6) {
  for (const std::string& l : lines(csv)) {
    if (l.rfind(std::to_string(t) + ",", 0) != 0) continue;
    std::size_t pos = 0;
    for (std::size_t f = 0; f < metric_fields && pos != std::string::npos; ++f) pos = l.find(',', pos + 1);
    return l.substr(0, pos);
  }
  return "(no row for tick " + std::to_string(t) + ")";
}

nlohmann::json manifest(const fs::path& dir) { return nlohmann::json::parse(read_text(dir / "manifest.json")); }

}  // namespace

TEST_CASE("snapshot cli: --save-at 20 then --resume gives the rows of the run done in one go") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "run -o full" + kNoisy).status == 0);
  const Result saved = run_bpsim(tmp, "run -o a --save-at 20" + kNoisy);
  REQUIRE_MESSAGE(saved.status == 0, saved.err);
  const fs::path snap = tmp / "a/snapshot_20.bpsnap";
  REQUIRE(fs::exists(snap));
  CHECK_FALSE(fs::exists(tmp / "a/snapshot_20.bpsnap.tmp"));
  // Saving a snapshot changes nothing in the results.
  for (const char* f : {"states.csv", "dyads.csv", "world.csv", "events.csv"})
    CHECK_MESSAGE(read_text(tmp / "a" / f) == read_text(tmp / "full" / f), f);
  const auto ma = manifest(tmp / "a");
  CHECK(ma["snapshot"]["file"] == "snapshot_20.bpsnap");
  CHECK(ma["snapshot"]["tick"] == 20);
  bool listed = false;
  for (const auto& f : ma["files"]) listed = listed || f["name"] == "snapshot_20.bpsnap";
  CHECK(listed);

  const Result resumed = run_bpsim(tmp, "run -o b --resume a/snapshot_20.bpsnap" + kNoisy);
  REQUIRE_MESSAGE(resumed.status == 0, resumed.err);
  const fs::path full = tmp / "full", b = tmp / "b";
  // The resumed files hold ticks 20..48 and nothing before.
  CHECK(lines(read_text(b / "world.csv")).size() == 1 + 29);
  CHECK(read_text(b / "states.csv") == rows_from(read_text(full / "states.csv"), 20));
  CHECK(read_text(b / "dyads.csv") == rows_from(read_text(full / "dyads.csv"), 20));
  CHECK(read_text(b / "events.csv") == rows_from(read_text(full / "events.csv"), 20));
  CHECK(rows_from(read_text(b / "world.csv"), 20, true) == rows_from(read_text(full / "world.csv"), 20, true));
  // Tick 20 is the first row, as tick 0 of a full run: same metrics, no event counts.
  CHECK(world_metrics_at(read_text(b / "world.csv"), 20) == world_metrics_at(read_text(full / "world.csv"), 20));
  CHECK(lines(rows_from(read_text(full / "events.csv"), 20)).size() > 1);  // events were compared

  const auto mf = manifest(full), mb = manifest(b);
  CHECK(mb["world_hash"] == mf["world_hash"]);
  CHECK(mb["seed"] == 7);
  CHECK(mb["ticks"] == 48);
  CHECK(mb["resumed_from"]["tick"] == 20);
  CHECK(mb["resumed_from"]["snapshot_file"] == "a/snapshot_20.bpsnap");
  CHECK(mb["resumed_from"]["scenario_name"] == "pivot-to-asia-2014");
  CHECK(mb["resumed_from"]["snapshot_sha256"].get<std::string>().size() == 64);
  CHECK_FALSE(mb.contains("snapshot"));
}

TEST_CASE("snapshot cli: a chain of resumes, --snapshot PATH, --ticks and a branch with --set") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "run -o full" + kNoisy).status == 0);
  const Result first = run_bpsim(tmp, "run -o a --save-at 10 --snapshot s10.bpsnap" + kNoisy);
  REQUIRE_MESSAGE(first.status == 0, first.err);
  CHECK(fs::exists(tmp / "s10.bpsnap"));
  CHECK_FALSE(fs::exists(tmp / "a/snapshot_10.bpsnap"));
  CHECK(manifest(tmp / "a")["snapshot"]["file"] == "s10.bpsnap");
  // An existing --snapshot file is replaced only with --force.
  const Result again = run_bpsim(tmp, "run -o a2 --save-at 10 --snapshot s10.bpsnap" + kNoisy);
  CHECK(again.status == 2);
  CHECK(has(again.err, "--force"));
  CHECK_FALSE(fs::exists(tmp / "a2"));
  CHECK(run_bpsim(tmp, "run -o a2 --force --save-at 10 --snapshot s10.bpsnap" + kNoisy).status == 0);

  // 10 -> 30 (saving at 30 in its result dir), then 30 -> 48.
  const Result mid = run_bpsim(tmp, "run -o b --resume s10.bpsnap --save-at 30" + kNoisy);
  REQUIRE_MESSAGE(mid.status == 0, mid.err);
  REQUIRE(fs::exists(tmp / "b/snapshot_30.bpsnap"));
  const Result last = run_bpsim(tmp, "run -o c --resume b/snapshot_30.bpsnap" + kNoisy);
  REQUIRE_MESSAGE(last.status == 0, last.err);
  CHECK(read_text(tmp / "c/states.csv") == rows_from(read_text(tmp / "full/states.csv"), 30));
  CHECK(read_text(tmp / "c/dyads.csv") == rows_from(read_text(tmp / "full/dyads.csv"), 30));
  CHECK(manifest(tmp / "c")["world_hash"] == manifest(tmp / "full")["world_hash"]);

  // --ticks is the absolute end: resume 10 -> 25.
  REQUIRE(run_bpsim(tmp, "run -o d --ticks 25 --resume s10.bpsnap" + kNoisy).status == 0);
  const auto w = lines(read_text(tmp / "d/world.csv"));
  CHECK(w.size() == 1 + 16);
  CHECK(w.back().rfind("25,", 0) == 0);

  // A counterfactual branch: the same World at tick 10, sanctions off from there.
  const Result branch = run_bpsim(tmp, "run -o e --resume s10.bpsnap --set events.0.sanctions.intensity=0" + kNoisy);
  REQUIRE_MESSAGE(branch.status == 0, branch.err);
  const std::string e_states = read_text(tmp / "e/states.csv");
  CHECK(lines(e_states)[1] == lines(rows_from(read_text(tmp / "full/states.csv"), 10))[1]);  // same start
  CHECK(e_states != rows_from(read_text(tmp / "full/states.csv"), 10));                      // other path

  // Without -q the summary says where the run came from and where the snapshot went.
  const Result loud =
      run_bpsim(tmp, "run -o f --resume s10.bpsnap --save-at 12 --set parameters.sigma_a=0.02 " + kPivot);
  REQUIRE(loud.status == 0);
  CHECK(has(loud.out, "Resumed   s10.bpsnap at tick 10"));
  CHECK(has(loud.out, "Ran       38 ticks"));
  CHECK(has(loud.out, "Snapshot  f/snapshot_12.bpsnap (tick 12"));
}

TEST_CASE("snapshot cli: bad --save-at, --resume and --seed combinations exit 2 and write nothing") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "run -o a --save-at 5" + kNoisy).status == 0);
  const std::string snap = "a/snapshot_5.bpsnap";

  const Result late = run_bpsim(tmp, "run -o x --save-at 49" + kNoisy);
  CHECK(late.status == 2);
  CHECK(has(late.err, "--save-at 49"));
  CHECK(has(late.err, "0..48"));
  const Result past_ticks = run_bpsim(tmp, "run -o x --ticks 10 --save-at 11" + kNoisy);
  CHECK(past_ticks.status == 2);
  const Result before = run_bpsim(tmp, "run -o x --resume " + snap + " --save-at 3" + kNoisy);
  CHECK(before.status == 2);
  CHECK(has(before.err, "5..48"));

  const Result seeded = run_bpsim(tmp, "run -o x --seed 3 --resume " + snap + kNoisy);
  CHECK(seeded.status == 2);
  CHECK(has(seeded.err, "--seed"));
  CHECK(has(seeded.err, "--resume"));

  const Result lone = run_bpsim(tmp, "run -o x --snapshot s.bpsnap" + kNoisy);
  CHECK(lone.status == 2);
  CHECK(has(lone.err, "--save-at"));

  const Result short_run = run_bpsim(tmp, "run -o x --ticks 4 --resume " + snap + kNoisy);
  CHECK(short_run.status == 2);
  CHECK(has(short_run.err, "tick 5"));

  // Another scenario's states: the differences are listed.
  const Result other = run_bpsim(tmp, "run -q -o x --resume " + snap + " " + kMinimal);
  CHECK(other.status == 2);
  CHECK(has(other.err, "does not fit scenario 'minimal'"));
  CHECK(has(other.err, "states"));

  bpsim::test::write_text(tmp / "junk.bpsnap", "not a snapshot at all");
  const Result junk = run_bpsim(tmp, "run -o x --resume junk.bpsnap" + kNoisy);
  CHECK(junk.status == 2);
  CHECK(has(junk.err, "not a bpsim snapshot"));

  // A damaged snapshot is refused by its checksum.
  std::string bytes = read_text(tmp / snap);
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
  bpsim::test::write_text(tmp / "damaged.bpsnap", bytes);
  const Result damaged = run_bpsim(tmp, "run -o x --resume damaged.bpsnap" + kNoisy);
  CHECK(damaged.status == 2);
  CHECK(has(damaged.err, "checksum"));

  CHECK_FALSE(fs::exists(tmp / "x"));
  CHECK_FALSE(fs::exists(tmp / "s.bpsnap"));
}

TEST_CASE("run cli: Ctrl-C stops after the current tick, exit 130, no result and no staging directory") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "generate --states 193 --ticks 4000 -o w.yaml").status == 0);
  const pid_t pid = spawn_bpsim(tmp.path(), {"run", "w.yaml", "-q", "-o", "R"});
  REQUIRE(pid > 0);
  // The staging directory is created before the first tick.
  const std::filesystem::path staging = tmp.path() / ("R.tmp-" + std::to_string(pid));
  const bool started = wait_for_file(staging, pid);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(pid, SIGINT);
  const int st = wait_child(pid);
  const std::string err = read_text(tmp.path() / ".bg-err");
  if (started && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
    MESSAGE("the run finished within 0.3 s; nothing to interrupt");
    CHECK(std::filesystem::exists(tmp.path() / "R" / "states.csv"));
    return;
  }
  REQUIRE_MESSAGE(WIFEXITED(st), "killed by signal ", WTERMSIG(st), ": ", err);
  CHECK(WEXITSTATUS(st) == 130);
  CHECK(has(err, "interrupted at tick "));
  CHECK(has(err, " of 4000; no results were written to R"));
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "R"));
  CHECK_FALSE(std::filesystem::exists(staging));
}
