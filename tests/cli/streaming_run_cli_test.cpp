// `bpsim run` streams its CSVs into the staging directory as the ticks come: the file
// grows during the run, a write that fails mid-run is a clear exit 1 with nothing
// left, a commit that fails keeps the finished results under a name the stale
// cleanup never takes, and stale staging directories of dead processes are removed.
#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace bpsim::test;

namespace {

const std::string kMinimal = BPSIM_SOURCE_DIR "/tests/data/minimal.yaml";

// Any staging or kept directory of R left in dir.
std::string leftovers(const fs::path& dir) {
  std::string out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("R.", 0) == 0) out += name + " ";
  }
  return out;
}

std::uintmax_t size_or_zero(const fs::path& p) {
  std::error_code ec;
  const std::uintmax_t n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

}  // namespace

TEST_CASE("run cli: states.csv grows in the staging directory while the run goes") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "generate --states 50 --ticks 20000 -o w.yaml").status == 0);
  const pid_t pid = spawn_bpsim(tmp.path(), {"run", "w.yaml", "-q", "-o", "R"});
  REQUIRE(pid > 0);
  const fs::path states = tmp.path() / ("R.tmp-" + std::to_string(pid)) / "states.csv";
  const bool started = wait_for_file(states, pid);
  std::uintmax_t first = size_or_zero(states), later = first;
  for (int i = 0; i < 200 && later == first; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    later = size_or_zero(states);
  }
  ::kill(pid, SIGINT);
  const int st = wait_child(pid);
  REQUIRE_MESSAGE(started,
                  "no states.csv in the staging directory before the run ended: ", read_text(tmp.path() / ".bg-err"));
  CHECK(first > 0);
  CHECK(later > first);
  REQUIRE(WIFEXITED(st));
  if (WEXITSTATUS(st) == 0) return;  // finished before the Ctrl-C
  CHECK(WEXITSTATUS(st) == 130);
  CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("run cli: a write that fails mid-run is exit 1 naming the file and reason, nothing is left") {
  TempDir tmp;
  // The shell's file-size limit (64 KiB) makes write() fail with EFBIG after a few ticks;
  // SIGXFSZ ignored (inherited through exec) so that the failure is an error, not a signal.
  const Result r = run_cmd(
      tmp.path(), "trap '' XFSZ; ulimit -f 64; exec '" BPSIM_BINARY "' run -q -o R --ticks 2000 '" + kMinimal + "'");
  CHECK(r.status == 1);
  CHECK(has(r.err, "error: cannot write R.tmp-"));
  CHECK(has(r.err, "File too large"));
  CHECK(has(r.err, "error: the run stopped at tick "));
  CHECK(has(r.err, " of 2000; no results were written to R"));
  CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("run cli: when the commit fails, the finished results are kept as R.kept-<pid> and named") {
  TempDir tmp;
  REQUIRE(run_bpsim(tmp, "generate --states 193 --ticks 3000 -o w.yaml").status == 0);
  const pid_t pid = spawn_bpsim(tmp.path(), {"run", "w.yaml", "-q", "-o", "R"});
  REQUIRE(pid > 0);
  const bool started = wait_for_file(tmp.path() / ("R.tmp-" + std::to_string(pid)), pid);
  fs::create_directories(tmp.path() / "R");  // appears while the run goes: no --force
  const int st = wait_child(pid);
  REQUIRE(started);
  REQUIRE(WIFEXITED(st));
  const std::string err = read_text(tmp.path() / ".bg-err");
  CHECK(WEXITSTATUS(st) == 1);
  CHECK(has(err, "appeared while the run was going"));
  const fs::path kept = tmp.path() / ("R.kept-" + std::to_string(pid));
  CHECK(has(err, "the complete results are in R.kept-" + std::to_string(pid)));
  REQUIRE(fs::exists(kept / "manifest.json"));
  const auto manifest = nlohmann::json::parse(read_text(kept / "manifest.json"));
  for (const auto& f : manifest["files"]) {
    CAPTURE(f["name"]);
    CHECK(size_or_zero(kept / f["name"].get<std::string>()) == f["bytes"].get<std::uintmax_t>());
  }
  CHECK(lines(read_text(kept / "world.csv")).size() == 3002);  // header and ticks 0..3000
  // A later run into the same place leaves the kept results alone.
  REQUIRE(run_bpsim(tmp, "run -q --force -o R --ticks 2 w.yaml").status == 0);
  CHECK(fs::exists(kept / "manifest.json"));
}

TEST_CASE("run cli: a stale staging directory of a dead process is removed, with a warning") {
  TempDir tmp;
  const fs::path stale = tmp.path() / "R.tmp-2147483647";  // no process has this pid
  fs::create_directories(stale);
  write_text(stale / "states.csv", "tick\n");
  const fs::path live = tmp.path() / ("R.tmp-" + std::to_string(::getpid()));  // this test: alive
  fs::create_directories(live);
  const Result r = run_bpsim(tmp, "run -q -o R --ticks 3 '" + kMinimal + "'");
  CHECK(r.status == 0);
  CHECK(has(r.err, "removed stale staging directory R.tmp-2147483647 of a process that no longer runs"));
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(live));
  CHECK(fs::exists(tmp.path() / "R" / "states.csv"));
}
