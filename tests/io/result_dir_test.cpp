// ResultDir: the output directory appears complete or not at all; existing results
// are refused without force and replaced only by complete new ones.
#include "sim/io/result_dir.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

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
    staging = out.staging();
    out.write({"a.csv", "1\n"});
    out.keep();
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
