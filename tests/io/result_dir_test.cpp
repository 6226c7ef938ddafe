// ResultDir: the output directory appears complete or not at all; existing results
// are refused without force and replaced only by complete new ones.
#include "sim/io/results/dir.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using bpsim::OutputError;
using bpsim::ResultDir;
using bpsim::ResultFile;
using bpsim::test::read_text;
using bpsim::test::TempDir;

namespace {

// Names in dir other than the expected ones: stray temp or aside directories.
int entries(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

std::string error_of(const fs::path& target, bool force) {
  try {
    ResultDir out(target, force);
  } catch (const OutputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the target appears only on commit, with every file") {
  TempDir tmp;
  const fs::path target = tmp / "run";
  {
    ResultDir out(target, false);
    CHECK(fs::is_directory(out.staging()));
    CHECK(out.staging().parent_path() == tmp.path());
    out.write({"a.csv", "1\n"});
    out.write({"b.csv", "2\n"});
    CHECK_FALSE(fs::exists(target));
    out.commit();
  }
  CHECK(read_text(target / "a.csv") == "1\n");
  CHECK(read_text(target / "b.csv") == "2\n");
  CHECK(entries(tmp.path()) == 1);  // no staging directory left
}

TEST_CASE("an uncommitted result directory leaves nothing behind") {
  TempDir tmp;
  {
    ResultDir out(tmp / "run", false);
    out.write({"a.csv", "1\n"});
  }
  CHECK(entries(tmp.path()) == 0);
}

TEST_CASE("keep() preserves the staging directory as the only copy") {
  TempDir tmp;
  fs::path staging;
  {
    ResultDir out(tmp / "run", false);
    out.write({"a.csv", "1\n"});
    out.keep();
    staging = out.staging();
  }
  CHECK(read_text(staging / "a.csv") == "1\n");
}

TEST_CASE("an existing directory is refused without force and replaced with it") {
  TempDir tmp;
  const fs::path target = tmp / "run";
  fs::create_directories(target);
  bpsim::test::write_text(target / "old.csv", "old\n");
  CHECK(error_of(target, false).find("use --force") != std::string::npos);
  {
    ResultDir out(target, true);
    out.write({"new.csv", "new\n"});
    CHECK(fs::exists(target / "old.csv"));  // untouched until the new results are complete
    out.commit();
  }
  CHECK_FALSE(fs::exists(target / "old.csv"));
  CHECK(read_text(target / "new.csv") == "new\n");
  CHECK(entries(tmp.path()) == 1);
}

TEST_CASE("a directory created during the run is not clobbered without force") {
  TempDir tmp;
  const fs::path target = tmp / "run";
  ResultDir out(target, false);
  out.write({"a.csv", "1\n"});
  fs::create_directories(target);
  CHECK_THROWS_AS(out.commit(), OutputError);
  CHECK(fs::exists(out.staging() / "a.csv"));
}

TEST_CASE("unusable locations fail before anything is written, naming the path") {
  TempDir tmp;
  bpsim::test::write_text(tmp / "file", "x");
  CHECK(error_of(tmp / "file", true).find("is not a directory") != std::string::npos);
  const std::string under_file = error_of(tmp / "file" / "run", false);
  CHECK(under_file.find((tmp / "file" / "run").string()) != std::string::npos);
  CHECK(under_file.find("Not a directory") != std::string::npos);
  const std::string proc = error_of("/proc/bpsim-no-such-dir", false);
  CHECK(proc.find("/proc/bpsim-no-such-dir") != std::string::npos);
  CHECK(entries(tmp.path()) == 1);
}

TEST_CASE("write_file_synced never overwrites") {
  TempDir tmp;
  bpsim::write_file_synced(tmp / "a", "1");
  CHECK_THROWS_AS(bpsim::write_file_synced(tmp / "a", "2"), OutputError);
  CHECK(read_text(tmp / "a") == "1");
}

TEST_CASE("fallback directory holds every file") {
  const fs::path dir = bpsim::write_fallback_dir("my run/1", {{"a.csv", "1\n"}, {"m.json", "{}\n"}});
  CHECK(dir.filename().string().rfind("bpsim-my_run_1-", 0) == 0);
  CHECK(read_text(dir / "a.csv") == "1\n");
  CHECK(read_text(dir / "m.json") == "{}\n");
  fs::remove_all(dir);
}

TEST_CASE("normalize_dir drops trailing separators") {
  CHECK(bpsim::normalize_dir("out/x/") == fs::path("out/x"));
  CHECK(bpsim::normalize_dir("out/./x") == fs::path("out/x"));
  CHECK(bpsim::normalize_dir("x") == fs::path("x"));
}

namespace {

// No process has this pid (Linux pids stay below pid_max <= 2^22).
const std::string kDeadPid = "2147483647";

fs::path make_staging(const fs::path& dir, const std::string& name) {
  fs::create_directories(dir / name);
  bpsim::test::write_text(dir / name / "states.csv", "tick\n");
  return dir / name;
}

}  // namespace

TEST_CASE("stale staging directories of dead processes are removed, those of live ones never") {
  TempDir tmp;
  const fs::path dead = make_staging(tmp.path(), "run.tmp-" + kDeadPid);
  const fs::path own = make_staging(tmp.path(), "run.tmp-" + std::to_string(::getpid()));
  const fs::path parent = make_staging(tmp.path(), "run.tmp-" + std::to_string(::getppid()));
  // Not exactly DIR.tmp-<pid>: never touched.
  std::vector<fs::path> others;
  for (const char* name :
       {"run.tmp-", "run.tmp-0", "run.tmp-02147483647", "run.tmp-12x", "run.tmp-+5", "run.tmp-99999999999999999999",
        "xrun.tmp-2147483647", "run.old-2147483647", "run.kept-2147483647", "run2.tmp-2147483647"})
    others.push_back(make_staging(tmp.path(), name));
  bpsim::test::write_text(tmp / ("run.tmp-" + std::string("2147483646")), "a file, not a directory\n");

  const std::vector<fs::path> removed = bpsim::remove_stale_staging(tmp / "run");
  CHECK(removed == std::vector<fs::path>{dead});
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(own / "states.csv"));
  CHECK(fs::exists(parent / "states.csv"));
  for (const fs::path& p : others) CHECK_MESSAGE(fs::exists(p / "states.csv"), p.string());
  CHECK(fs::exists(tmp / "run.tmp-2147483646"));
}

TEST_CASE("a new ResultDir into the same place removes the stale staging directory of a dead process") {
  TempDir tmp;
  const fs::path dead = make_staging(tmp.path(), "run.tmp-" + kDeadPid);
  const fs::path live = make_staging(tmp.path(), "run.tmp-" + std::to_string(::getppid()));
  {
    ResultDir out(tmp / "run", false);
    out.write({"a.csv", "1\n"});
    out.commit();
  }
  CHECK_FALSE(fs::exists(dead));
  CHECK(fs::exists(live / "states.csv"));
  CHECK(read_text(tmp / "run" / "a.csv") == "1\n");
}

TEST_CASE("a second ResultDir of this process into the same place is refused, not given the first's files") {
  TempDir tmp;
  ResultDir first(tmp / "run", false);
  first.write({"a.csv", "1\n"});
  CHECK(error_of(tmp / "run", false).find("this process is already writing them in") != std::string::npos);
  CHECK(read_text(first.staging() / "a.csv") == "1\n");
}

TEST_CASE("kept results are renamed DIR.kept-<pid>, out of reach of the stale cleanup") {
  TempDir tmp;
  fs::path kept;
  {
    ResultDir out(tmp / "run", false);
    out.write({"a.csv", "1\n"});
    out.keep();
    kept = out.staging();
  }
  CHECK(kept == tmp / ("run.kept-" + std::to_string(::getpid())));
  CHECK(read_text(kept / "a.csv") == "1\n");
  { ResultDir again(tmp / "run", false); }
  CHECK(read_text(kept / "a.csv") == "1\n");
}

TEST_CASE("stale temporary files of dead processes are removed (SQLite sidecars too), others never") {
  TempDir tmp;
  const auto file = [&](const std::string& name) {
    bpsim::test::write_text(tmp / name, "partial\n");
    return tmp / name;
  };
  std::vector<fs::path> dead = {file("s.db.tmp-" + kDeadPid), file("s.db.tmp-" + kDeadPid + "-wal"),
                                file("s.db.tmp-" + kDeadPid + "-journal")};
  std::sort(dead.begin(), dead.end());
  const fs::path own = file("s.db.tmp-" + std::to_string(::getpid()));
  const fs::path parent = file("s.db.tmp-" + std::to_string(::getppid()) + "-shm");
  std::vector<fs::path> others;
  for (const char* name : {"s.db.tmp-", "s.db.tmp-0", "s.db.tmp-12x", "s.db.tmp-2147483647-log", "xs.db.tmp-2147483647",
                           ".s.db.tmp-2147483647", "s.db"})
    others.push_back(file(name));
  fs::create_directories(tmp / ("s.db.tmp-" + std::string("2147483646")));  // a directory: not a temporary file

  CHECK(bpsim::temp_file_for(tmp / "s.db") == tmp / ("s.db.tmp-" + std::to_string(::getpid())));
  CHECK(bpsim::remove_stale_temp_files(tmp / "s.db") == dead);
  for (const fs::path& p : dead) CHECK_FALSE(fs::exists(p));
  CHECK(fs::exists(own));
  CHECK(fs::exists(parent));
  for (const fs::path& p : others) CHECK_MESSAGE(fs::exists(p), p.string());
  CHECK(fs::is_directory(tmp / "s.db.tmp-2147483646"));

  // hidden: the page writer's .NAME.tmp-<pid>
  CHECK(bpsim::temp_file_for(tmp / "p.html", true) == tmp / (".p.html.tmp-" + std::to_string(::getpid())));
  const fs::path page = file(".p.html.tmp-" + kDeadPid);
  const fs::path shown = file("p.html.tmp-" + kDeadPid);
  CHECK(bpsim::remove_stale_temp_files(tmp / "p.html", true) == std::vector<fs::path>{page});
  CHECK(fs::exists(shown));
}
