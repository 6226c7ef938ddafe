# BPSIM_FUZZ=ON: the libFuzzer targets of tests/fuzz (clang only). Every library of the
# build gets the fuzzer's coverage instrumentation plus ASan and UBSan
# (-fsanitize=fuzzer-no-link,address,undefined, UB fatal); the targets link libFuzzer.
# CTest then runs each target for BPSIM_FUZZ_SECONDS from the seed corpus (scenarios/,
# tests/data/) and replays tests/fuzz/regressions/<target>/. `make fuzz` builds and runs it.
option(BPSIM_FUZZ "Build the libFuzzer targets (tests/fuzz, clang) and their CTest smoke runs" OFF)
set(BPSIM_FUZZ_SECONDS 60 CACHE STRING "Seconds each fuzz smoke test runs (-max_total_time)")

if(BPSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BPSIM_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ "
                        "(Debian 12: apt-get install clang libclang-rt-14-dev)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=fuzzer-no-link,address,undefined)
  enable_testing()
  message(STATUS "bpsim: libFuzzer targets, ${BPSIM_FUZZ_SECONDS} s smoke runs")
endif()
