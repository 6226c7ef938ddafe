// The test runner: doctest's main, plus one check. CTest runs each test case on its own
// (`--test-case=NAME`, from doctest_discover_tests); a name CTest cannot pass through
// (a ';' splits it) would select no test case and pass without running anything. So a
// run whose --test-case filter selects nothing fails, saying so.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string_view>

namespace {

// Records how many test cases passed the filters (doctest's own count at the end of the run).
struct FilterCount : doctest::IReporter {
  static inline unsigned selected = 0;
  explicit FilterCount(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& s) override { selected = s.numTestCasesPassingFilters; }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("filter_count", 1, FilterCount);

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int status = context.run();
  if (context.shouldExit()) return status;  // --list-test-cases, --help, ...
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool by_name = a.rfind("--test-case=", 0) == 0 || a.rfind("-tc=", 0) == 0;
    if (by_name && FilterCount::selected == 0) {
      std::fprintf(stderr, "bpsim_tests: %s selects no test case (a ';' in a test name splits it in CTest)\n", argv[i]);
      return 1;
    }
  }
  return status;
}
