// bpsim explain on a two-level extends chain: every value with the file and line it
// came from, --set values with their argument, defaults filled in and marked.
#include "sim/io/scenario/explain.hpp"
#include "sim/io/scenario/overrides.hpp"

#include <doctest/doctest.h>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace {

using bpsim::test::TempDir;
using bpsim::test::write_text;

// The origins (after " # ") of the lines whose value part, trimmed, is `head`, in order.
std::vector<std::string> origins(const std::string& text, const std::string& head) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto hash = line.rfind(" # ");
    if (hash == std::string::npos) continue;
    std::string value = line.substr(0, hash);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of(' ') + 1);
    if (value == head) out.push_back(line.substr(hash + 3));
  }
  return out;
}

struct Chain {
  TempDir dir;
  std::string base, mid, top;
  Chain() {
    base = (dir / "base.yaml").string();
    mid = (dir / "mid.yaml").string();
    top = (dir / "top.yaml").string();
    write_text(base, bpsim::test::read_text(std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml"));
    write_text(mid, "extends: base.yaml\nticks: 30\nparameters: {w_c: 0.6}\n");
    write_text(top, "extends: mid.yaml\nseed: 3\nremove_events: []\n");
  }
};

}  // namespace

TEST_CASE("explain: each value with the file and line of the chain it came from") {
  Chain c;
  const std::string text = bpsim::explain_scenario(c.top, {bpsim::parse_override("parameters.w_t=0.7")});
  INFO(text);
  CHECK(origins(text, "scenario: minimal") == std::vector<std::string>{c.base + ":2"});
  CHECK(origins(text, "ticks: 30") == std::vector<std::string>{c.mid + ":2"});
  CHECK(origins(text, "seed: 3") == std::vector<std::string>{c.top + ":2"});
  CHECK(origins(text, "w_c: 0.6") == std::vector<std::string>{c.mid + ":3"});
  CHECK(origins(text, "w_t: 0.7") == std::vector<std::string>{"--set parameters.w_t=0.7"});
  CHECK(origins(text, "lambda_R: 0.03") == std::vector<std::string>{c.base + ":22"});
  CHECK(origins(text, "extends: base.yaml").empty());  // composition keys are not the scenario
}

TEST_CASE("explain: defaults filled in, and traits from `defaults:` say so") {
  Chain c;
  const std::string text = bpsim::explain_scenario(c.top, {});
  INFO(text);
  CHECK(origins(text, "w_h: 1") == std::vector<std::string>{"default"});  // MODEL.md default
  CHECK(origins(text, "tau_h: 0.05") == std::vector<std::string>{"default"});
  // No state has a kappa of its own: the file's defaults (line 17) give 0.1, and the
  // `defaults:` map shows its line; tolerance, not in it, is the built-in 2 but for CHN.
  CHECK(origins(text, "kappa: 0.1") == std::vector<std::string>{c.base + ":17", "defaults " + c.base + ":17",
                                                                "defaults " + c.base + ":17",
                                                                "defaults " + c.base + ":17"});
  // The `defaults:` map, then USA and RUS.
  CHECK(origins(text, "tolerance: 2") == std::vector<std::string>{"default", "default", "default"});
  CHECK(origins(text, "tolerance: 3") == std::vector<std::string>{c.base + ":35"});  // CHN's own
  // Schedules: the sanctions (from 17) act every tick to the end by default.
  CHECK(origins(text, "every: 1") == std::vector<std::string>{"default", "default"});  // sanctions, arms_sale
  CHECK(origins(text, "every: 4") == std::vector<std::string>{c.base + ":55"});
}

// A rule's optional fields the file leaves out are shown at the descriptor's default.
TEST_CASE("explain: a rule's fields left out show their defaults") {
  TempDir dir;
  std::string text = bpsim::test::read_text(std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml");
  const std::string given = "volume: 0.005, policy: security_check, threshold: 0.3";
  REQUIRE(text.find(given) != std::string::npos);
  text.replace(text.find(given), given.size(), "volume: 0.005");
  write_text(dir / "sale.yaml", text);
  const std::string out = bpsim::explain_scenario((dir / "sale.yaml").string(), {});
  INFO(out);
  CHECK(origins(out, "policy: always") == std::vector<std::string>{"default"});
  CHECK(origins(out, "threshold: 0.25") == std::vector<std::string>{"default"});
  CHECK(origins(out, "volume: 0.005") == std::vector<std::string>{(dir / "sale.yaml").string() + ":54"});
}

TEST_CASE("explain: text that YAML would misread is quoted, so the output loads as YAML") {
  Chain c;
  write_text(c.mid, "extends: base.yaml\nticks: 30\ndescription: >-\n  The world: eight powers\n");
  const std::string text = bpsim::explain_scenario(c.top, {});
  INFO(text);
  CHECK(origins(text, "description: \"The world: eight powers\"").size() == 1);
  CHECK(origins(text, "ticks: 30").size() == 1);  // numbers stay bare
}

TEST_CASE("bpsim explain: prints the resolution, or the loader's errors with exit 2") {
  Chain c;
  const auto ok = bpsim::test::run_bpsim(c.dir.path(), "explain top.yaml --set seed=9");
  CHECK(ok.status == 0);
  CHECK(origins(ok.out, "seed: 9") == std::vector<std::string>{"--set seed=9"});
  write_text(c.mid, "extends: base.yaml\nticks: -3\n");
  const auto bad = bpsim::test::run_bpsim(c.dir.path(), "explain top.yaml");
  CHECK(bad.status == 2);
  CHECK(bad.err == "error: mid.yaml:2:8: ticks: -3 is out of range; allowed: an integer >= 1\n");
  CHECK(bad.out.empty());
}
