// Text from the input on its way to the terminal: printable() escapes what could move
// the cursor, ring, retitle the window or reorder what a reader sees; diagnostics and
// failure messages go through it, and a failure is never a bare library text.
#include "sim/io/failure_text.hpp"
#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/path_text.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

using bpsim::io::printable;

TEST_CASE("printable: C0 controls and DEL become \\xNN") {
  CHECK(printable("a\x1b[31mb") == "a\\x1B[31mb");
  CHECK(printable("bell\a") == "bell\\x07");
  CHECK(printable(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(printable("tab\tnew\nline\r") == "tab\\x09new\\x0Aline\\x0D");
  CHECK(printable("del\x7f") == "del\\x7F");
  CHECK(printable("\x01\x1f") == "\\x01\\x1F");
}

TEST_CASE("printable: bidi and C1 controls become \\u{XXXX}, other text stays") {
  CHECK(printable("abc\u202Edef") == "abc\\u{202E}def");  // RIGHT-TO-LEFT OVERRIDE
  CHECK(printable("\u202A\u202B\u202C\u202D") == "\\u{202A}\\u{202B}\\u{202C}\\u{202D}");
  CHECK(printable("\u2066\u2067\u2068\u2069") == "\\u{2066}\\u{2067}\\u{2068}\\u{2069}");
  CHECK(printable("\u200E\u200F\u061C") == "\\u{200E}\\u{200F}\\u{061C}");
  CHECK(printable("\xc2\x9b"
                  "2J") == "\\u{009B}2J");  // C1 CSI (U+009B)
  CHECK(printable("Россия 中国 ü € 😀") == "Россия 中国 ü € 😀");
  CHECK(printable("\u2065\u2029\u202F") == "\u2065\u2029\u202F");  // neighbours of the ranges stay
  CHECK(printable("plain ascii: [x] {y} 'z' \\") == "plain ascii: [x] {y} 'z' \\");
}

TEST_CASE("printable: bytes that are not UTF-8 become \\xNN") {
  CHECK(printable("a\xff"
                  "b") == "a\\xFFb");
  CHECK(printable("\xc3") == "\\xC3");                    // truncated sequence
  CHECK(printable("\xc0\xaf") == "\\xC0\\xAF");           // overlong '/'
  CHECK(printable("\xed\xa0\x80") == "\\xED\\xA0\\x80");  // a surrogate
  CHECK(printable("\x9b") == "\\x9B");                    // a bare C1 byte
}

TEST_CASE("printable_cut: bounded, and never cuts a character in two") {
  CHECK(bpsim::io::printable_cut("short", 10) == "short");
  CHECK(bpsim::io::printable_cut(std::string(50, 'x'), 10) == std::string(10, 'x') + "... (50 bytes)");
  CHECK(bpsim::io::printable_cut("aaaaaaaaa\u00fcbbbb", 10) == "aaaaaaaaa... (15 bytes)");
}

TEST_CASE("Diagnostic::str escapes every part taken from the input") {
  const bpsim::Diagnostic d{"f\x1b.yaml", 3, 4, "states[0].traits", "unknown key 'a\u202Eb'", ""};
  CHECK(d.str() == "f\\x1B.yaml:3:4: states[0].traits: unknown key 'a\\u{202E}b'");
  const bpsim::Diagnostic s{"f.yaml", 0, 0, "", "no state with id 'X'", "states.\a.x=1"};
  CHECK(s.str() == "f.yaml: --set states.\\x07.x=1: no state with id 'X'");
  const bpsim::ScenarioError e({d, s});
  CHECK(std::string(e.what()) == d.str() + "\n" + s.str());
}

TEST_CASE("failure_message: out of memory says what to do") {
  const std::string oom =
      "out of memory while running `bpsim run`; the request needs more memory than this machine has "
      "(an allocation failed): ask for less (fewer states, ticks, runs, points or threads) or use a "
      "machine with more memory";
  CHECK(bpsim::failure_message(std::bad_alloc(), "`bpsim run`") == oom);
  CHECK(bpsim::failure_message(std::bad_array_new_length(), "`bpsim run`") == oom);
  try {
    std::vector<double> v;
    v.reserve(v.max_size() + 1);
    FAIL("reserved");
  } catch (const std::length_error& e) {
    const std::string m = bpsim::failure_message(e, "`bpsim check`");
    CHECK(m.rfind("out of memory while running `bpsim check`; the request needs more memory than this "
                  "machine has (a size beyond what can be allocated: vector::reserve)",
                  0) == 0);
  }
}

TEST_CASE("failure_message: a library's own text is an internal error to report, with its type") {
  const std::string tail =
      "; this is a bug in bpsim, not in your input: please report it with the command line and the input files";
  try {
    (void)std::stoi("99999999999");
  } catch (const std::out_of_range& e) {
    CHECK(bpsim::failure_message(e, "`bpsim sweep`") ==
          "internal error while running `bpsim sweep`: stoi (std::out_of_range)" + tail);
  }
  try {
    (void)std::vector<int>(3).at(5);
  } catch (const std::out_of_range& e) {
    CHECK(bpsim::failure_message(e, "`bpsim x`") ==
          "internal error while running `bpsim x`: " + std::string(e.what()) + " (std::out_of_range)" + tail);
  }
  try {
    (void)nlohmann::json::parse("{\"a\": 1}").at("b");
  } catch (const nlohmann::json::exception& e) {
    CHECK(bpsim::failure_message(e, "`bpsim x`").rfind("internal error while running `bpsim x`: [json.exception.", 0) ==
          0);
  }
  try {
    (void)std::optional<int>().value();
  } catch (const std::bad_optional_access& e) {
    CHECK(bpsim::failure_message(e, "`bpsim x`") ==
          "internal error while running `bpsim x`: " + std::string(e.what()) + " (std::bad_optional_access)" + tail);
  }
}

TEST_CASE("failure_message: bpsim's own sentences pass as they are, system errors say what to do") {
  CHECK(bpsim::failure_message(std::runtime_error("the sweep DB x.db is locked by another process"), "`bpsim x`") ==
        "the sweep DB x.db is locked by another process");
  CHECK(bpsim::failure_message(std::invalid_argument("--bins must be at least 1 (got 0)"), "`bpsim x`") ==
        "--bins must be at least 1 (got 0)");
  CHECK(bpsim::failure_message(std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again)),
                               "`bpsim sweep`") ==
        "`bpsim sweep` failed: the system refused a request: Resource temporarily unavailable; check the limits on "
        "threads and open files (ulimit -a), or use fewer --threads");
  CHECK(bpsim::unknown_failure_message("`bpsim run`") ==
        "`bpsim run` failed with an unknown exception; this is a bug in bpsim: please report it with the command "
        "line and the input files");
}
