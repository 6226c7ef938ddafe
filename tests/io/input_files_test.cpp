// Input files that are not regular, readable files of a sane size: a FIFO, a directory, a
// symlink loop, an unreadable file, /proc/self/mem, /dev/zero, a too large file. Each is
// refused at once with what is wrong, by load_scenario, file_sha256 and `bpsim check`.
// A FIFO that blocked would hang a test: each read runs on a thread that the test
// unblocks (by opening the FIFO's other end) after a timeout, and then fails.
#include "sim/io/fingerprint.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <string>

namespace fs = std::filesystem;
using namespace bpsim::test;

namespace {

const std::string kMinimal = std::string(BPSIM_SOURCE_DIR) + "/tests/data/minimal.yaml";

// What `read` threw (what()), or "" when it returned; "BLOCKED" when it did not return
// within 20 s (then `fifo`, when given, is opened for writing so that the read ends).
std::string failure_of(const std::function<void()>& read, const std::string& fifo = "") {
  auto done = std::async(std::launch::async, [&]() -> std::string {
    try {
      read();
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  });
  if (done.wait_for(std::chrono::seconds(20)) == std::future_status::ready) return done.get();
  if (!fifo.empty()) {
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  }
  done.wait();
  return "BLOCKED";
}

std::string load_failure(const std::string& path, const std::string& fifo = "") {
  return failure_of([&] { bpsim::load_scenario(path); }, fifo);
}

std::string make_fifo(const TempDir& tmp) {
  const std::string path = (tmp / "pipe.yaml").string();
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  return path;
}

std::string make_loop(const TempDir& tmp) {
  fs::create_symlink(tmp / "b.yaml", tmp / "a.yaml");
  fs::create_symlink(tmp / "a.yaml", tmp / "b.yaml");
  return (tmp / "a.yaml").string();
}

// An unreadable copy of minimal.yaml, or "" when this process can read it anyway
// (root ignores file permissions, so the case cannot be made).
std::string make_unreadable(const TempDir& tmp) {
  const fs::path path = tmp / "secret.yaml";
  fs::copy_file(kMinimal, path);
  fs::permissions(path, fs::perms::none);
  return ::access(path.c_str(), R_OK) == 0 ? "" : path.string();
}

// A file of `bytes` bytes that takes no disk space.
std::string make_sparse(const TempDir& tmp, off_t bytes) {
  const std::string path = (tmp / "huge.yaml").string();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, bytes) == 0);
  ::close(fd);
  return path;
}

std::string scenario_message(const std::string& path, const std::string& reason) {
  return path + ": cannot read scenario file: " + reason;
}

const std::string kFifoReason = "it is a FIFO (named pipe), not a regular file";
const std::string kLoopReason = "too many levels of symbolic links (a symlink loop?)";

}  // namespace

TEST_CASE("input files: load_scenario refuses what is not a regular file, saying what it is") {
  TempDir tmp;
  const std::string fifo = make_fifo(tmp);
  CHECK(load_failure(fifo, fifo) == scenario_message(fifo, kFifoReason));
  CHECK(load_failure(tmp.path().string()) == scenario_message(tmp.path().string(), "it is a directory"));
  const std::string loop = make_loop(tmp);
  CHECK(load_failure(loop) == scenario_message(loop, kLoopReason));
  CHECK(load_failure("/dev/zero") == scenario_message("/dev/zero", "it is a device, not a regular file"));
  CHECK(load_failure("/dev/null") == scenario_message("/dev/null", "it is a device, not a regular file"));
  const std::string missing = (tmp / "nope.yaml").string();
  CHECK(load_failure(missing) == scenario_message(missing, "no such file"));
  const std::string under_file = kMinimal + "/x.yaml";
  CHECK(load_failure(under_file) == scenario_message(under_file, "a component of the path is not a directory"));
  CHECK(load_failure("") == "cannot read scenario file: no file name given");
}

TEST_CASE("input files: /proc/self/mem passes as a regular file but its read error is named") {
  // Reading it at offset 0 reads unmapped memory: the kernel says EIO.
  CHECK(load_failure("/proc/self/mem") == scenario_message("/proc/self/mem", "read error: Input/output error"));
}

TEST_CASE("input files: a file above the size limit is refused before it is read") {
  TempDir tmp;
  const std::string huge = make_sparse(tmp, (64 << 20) + 1);
  CHECK(load_failure(huge) == scenario_message(huge, "it is 67108865 bytes, larger than the limit of 64 MiB"));
  const std::string at_limit = make_sparse(tmp, 3 << 20);
  CHECK(bpsim::input_file_problem(at_limit, 3 << 20) == "");
  CHECK(bpsim::input_file_problem(at_limit, (3 << 20) - 1) == "it is 3 MiB, larger than the limit of 3145727 bytes");
}

TEST_CASE("input files: an unreadable file is 'permission denied' (skipped as root)") {
  TempDir tmp;
  const std::string path = make_unreadable(tmp);
  if (path.empty()) {
    MESSAGE(
        "skipped: this process can read a file with mode 000 (it runs as root, which file "
        "permissions do not bind), so the case cannot be made here");
    return;
  }
  CHECK(load_failure(path) == scenario_message(path, "permission denied"));
}

TEST_CASE("input files: file_sha256 does not block on a FIFO and names what it hashes") {
  TempDir tmp;
  const std::string fifo = make_fifo(tmp);
  CHECK(failure_of([&] { bpsim::file_sha256(fifo); }, fifo) == "cannot read file " + fifo + ": " + kFifoReason);
  CHECK(failure_of([&] { bpsim::file_sha256("/dev/zero", "snapshot"); }) ==
        "cannot read snapshot /dev/zero: it is a device, not a regular file");
  CHECK(failure_of([&] { bpsim::file_sha256(tmp.path().string()); }) ==
        "cannot read file " + tmp.path().string() + ": it is a directory");
  // The streamed hash is the hash of the bytes (SHA-256 of "abc", FIPS 180-2 appendix B.1).
  write_text(tmp / "abc.txt", "abc");
  CHECK(bpsim::file_sha256((tmp / "abc.txt").string()) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(bpsim::file_sha256(kMinimal) == bpsim::sha256_hex(read_text(kMinimal)));
}

TEST_CASE("input files: read_input_chunks hands over every byte in pieces of at most 64 KiB") {
  TempDir tmp;
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + "\n";  // 108,890 bytes
  write_text(tmp / "t.txt", text);
  std::string got;
  std::size_t pieces = 0, largest = 0;
  bpsim::read_input_chunks((tmp / "t.txt").string(), "file", 1 << 20, [&](std::string_view p) {
    got.append(p);
    ++pieces;
    largest = std::max(largest, p.size());
  });
  CHECK(got == text);
  CHECK(pieces >= 2);
  CHECK(largest <= 65536);
}

// Through the binary, with a timeout so that a FIFO that blocks fails instead of hanging.
TEST_CASE("input files: bpsim check refuses each, exit 2, with the loader's reason") {
  TempDir tmp;
  const auto expect = [&](const std::string& path, const std::string& reason) {
    CAPTURE(path);
    const Result r = run_cmd(tmp.path(), "timeout 20 '" BPSIM_BINARY "' check '" + path + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "error: " + scenario_message(path, reason) + "\n");
    CHECK(r.out.empty());
  };
  const std::string fifo = make_fifo(tmp);
  expect(fifo, kFifoReason);
  expect("/dev/zero", "it is a device, not a regular file");
  expect("/proc/self/mem", "read error: Input/output error");
  if (const std::string secret = make_unreadable(tmp); !secret.empty()) expect(secret, "permission denied");
}

// The commands' FILE arguments are not checked by CLI11 (its ExistingFile said "File does
// not exist" of a symlink loop): the loader says what is wrong.
TEST_CASE("input files: bpsim check names a directory and a symlink loop as the loader does") {
  TempDir tmp;
  const std::string loop = make_loop(tmp);
  for (const auto& c :
       {std::pair{tmp.path().string(), std::string("it is a directory")}, std::pair{loop, kLoopReason}}) {
    const std::string& path = c.first;  // not structured bindings: clang 14 cannot capture those
    const std::string& reason = c.second;
    CAPTURE(path);
    const Result r = run_cmd(tmp.path(), "timeout 20 '" BPSIM_BINARY "' check '" + path + "'");
    CHECK(r.status == 2);
    CHECK(r.err == "error: " + scenario_message(path, reason) + "\n");
  }
}
