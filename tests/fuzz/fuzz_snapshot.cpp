// libFuzzer target: the snapshot reader. Each input is read twice: as the file it is, and
// with its last 64 bytes replaced by the SHA-256 of the bytes before them (the checksum a
// hostile editor would recompute), so that the fuzzer gets past the checksum to the
// values. A snapshot that loads is checked against every base scenario and, where it
// fits, run for a few ticks from it (as --resume does). Expected: std::runtime_error
// (load_snapshot, check_snapshot_fits, a non-finite number) and std::invalid_argument
// (run_from: a world that does not fit or a tick past the end).
#include "fuzz_support.hpp"

#include "sim/core/run_from.hpp"
#include "sim/io/fingerprint.hpp"
#include "sim/io/results/snapshot.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>

namespace {

constexpr std::size_t kChecksumSize = 64;

const std::string& snapshot_path() {
  static const std::string path = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string p =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/bpsim_fuzz_snapshot_" + std::to_string(::getpid()) + ".bpsnap";
    std::atexit([] { ::unlink(snapshot_path().c_str()); });
    return p;
  }();
  return path;
}

const std::vector<bpsim::Scenario>& scenarios() {
  static const std::vector<bpsim::Scenario> all = [] {
    std::vector<bpsim::Scenario> out;
    for (const auto& b : bpsim::fuzz::bases()) out.push_back(bpsim::parse_scenario(b.text, b.label));
    return out;
  }();
  return all;
}

void resume(const bpsim::Snapshot& s, const bpsim::Scenario& sc) {
  try {
    bpsim::check_snapshot_fits(s, sc);
  } catch (const std::runtime_error&) {
    return;
  }
  bpsim::RunOptions opt;
  opt.ticks = std::min(sc.ticks, s.world.tick + 3);
  try {
    bpsim::run_from(sc, s.world, opt, {});
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
}

void load(const std::string& bytes) {
  {
    std::ofstream out(snapshot_path(), std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  try {
    const bpsim::Snapshot s = bpsim::load_snapshot(snapshot_path());
    for (const auto& sc : scenarios()) resume(s, sc);
  } catch (const std::runtime_error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  load(bytes);
  if (bytes.size() >= kChecksumSize) {
    const std::size_t body = bytes.size() - kChecksumSize;
    bytes.replace(body, kChecksumSize, bpsim::sha256_hex(std::string_view(bytes).substr(0, body)));
    load(bytes);
  }
  return 0;
}
