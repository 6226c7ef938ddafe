// A scenario's fingerprint covers its bases: the manifest's scenario_sha256, a sweep's
// fingerprint and the snapshot check of --resume all change when a base file changes,
// not only when the extending file does.
#include "sim/io/fingerprint.hpp"
#include "sim/io/scenario/yaml.hpp"
#include "sim/io/sweep/spec.hpp"

#include <doctest/doctest.h>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <string>

namespace {

using bpsim::test::read_text;
using bpsim::test::TempDir;
using bpsim::test::write_text;

const std::string kMinimal = std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml";

// base.yaml (tests/data/minimal.yaml) and child.yaml, which extends it.
void write_pair(const TempDir& dir) {
  write_text(dir / "base.yaml", read_text(kMinimal));
  write_text(dir / "child.yaml", "extends: base.yaml\nscenario: child\nticks: 24\n");
}

// base.yaml with one parameter changed (the child's own bytes stay the same).
void change_base(const TempDir& dir) {
  std::string text = read_text(dir / "base.yaml");
  const auto at = text.find("w_t: 0.5");
  REQUIRE(at != std::string::npos);
  text.replace(at, 8, "w_t: 0.6");
  write_text(dir / "base.yaml", text);
}

// The scenario_sha256 recorded in DIR/manifest.json.
std::string manifest_sha(const std::filesystem::path& dir) {
  const std::string m = read_text(dir / "manifest.json");
  const std::string key = "\"scenario_sha256\": \"";
  const auto at = m.find(key);
  REQUIRE(at != std::string::npos);
  return m.substr(at + key.size(), 64);
}

}  // namespace

TEST_CASE("scenario_sha256: a file that extends nothing keeps its file digest") {
  CHECK(bpsim::scenario_sha256(kMinimal) == bpsim::file_sha256(kMinimal));
}

TEST_CASE("scenario_sha256: a change to a base changes the fingerprint of the scenario") {
  TempDir dir;
  write_pair(dir);
  const std::string child = (dir / "child.yaml").string();
  const std::string before = bpsim::scenario_sha256(child);
  CHECK(before.size() == 64);
  CHECK(before != bpsim::file_sha256(child));
  change_base(dir);
  CHECK(bpsim::scenario_sha256(child) != before);
  CHECK(bpsim::file_sha256(child) == bpsim::file_sha256(child));  // the child's own bytes
}

TEST_CASE("run: the manifest's scenario_sha256 follows the base") {
  TempDir dir;
  write_pair(dir);
  REQUIRE(bpsim::test::run_bpsim(dir, "run child.yaml -q -o a").status == 0);
  change_base(dir);
  REQUIRE(bpsim::test::run_bpsim(dir, "run child.yaml -q -o b").status == 0);
  const std::string a = manifest_sha(dir / "a"), b = manifest_sha(dir / "b");
  CHECK(a != b);
  CHECK(b == bpsim::scenario_sha256((dir / "child.yaml").string()));
}

TEST_CASE("resume: a snapshot taken before the base changed is reported as from other contents") {
  TempDir dir;
  write_pair(dir);
  REQUIRE(bpsim::test::run_bpsim(dir, "run child.yaml -q -o a --save-at 3 --snapshot s.snap").status == 0);
  const auto same = bpsim::test::run_bpsim(dir, "run child.yaml -o b --resume s.snap");
  REQUIRE(same.status == 0);
  CHECK(same.err.find("with other contents than") == std::string::npos);
  change_base(dir);
  const auto changed = bpsim::test::run_bpsim(dir, "run child.yaml -o c --resume s.snap");
  REQUIRE(changed.status == 0);
  CHECK(changed.err.find("with other contents than") != std::string::npos);
}

TEST_CASE("sweep: the fingerprint changes when the scenario's base changes") {
  TempDir dir;
  write_pair(dir);
  write_text(dir / "sweep.yaml",
             "scenario: child.yaml\n"
             "design: {kind: grid, points: 2}\n"
             "parameters:\n"
             "  parameters.lambda_R: {range: [0.01, 0.05]}\n");
  const bpsim::SweepSpec spec = bpsim::load_sweep((dir / "sweep.yaml").string());
  const std::string before = bpsim::sweep_fingerprint(spec);
  change_base(dir);
  CHECK(bpsim::sweep_fingerprint(spec) != before);
}
