# bpsim quick start on a fresh Debian 12 machine:
#   make run    install missing packages, build (Release), run the flagship scenario
#   make test   install missing packages, build, run every test: format-check, test-release,
#               test-sanitize, tidy, fuzz, test-cross-build (each can be made on its own);
#               `make format` formats the sources as .clang-format says
# Variables: BUILD_DIR, BUILD_TYPE (Release), CMAKE_FLAGS, JOBS, SCENARIO, SAN_BUILD_DIR,
#            FUZZ_BUILD_DIR, FUZZ_SECONDS (60), WERROR (GCC warnings are errors in the
#            Release build: ON when CI is set, as in .ci/run, else OFF).

BUILD_DIR  ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO   ?= scenarios/pivot_to_asia_2014.yaml
BPSIM      := $(BUILD_DIR)/sim/bpsim
SAN_BUILD_DIR  ?= build-sanitize
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS   ?= 60
WERROR         ?= $(if $(CI),ON,OFF)

# Debian 12 packages the build needs (the design card's plus CLI11, nlohmann-json, OpenSSL,
# SQLite for sweep databases, OpenMPI for sweeps across machines), and for the web pages
# (bpsim report / classroom): Emscripten, Node.js and npm to build them, Chromium to test
# them. npm comes with some Node.js builds; Debian's npm is installed only when none is.
# clang and libclang-rt-14-dev (which holds libclang_rt.fuzzer and the sanitizer runtimes)
# for the sanitizer pass and the fuzz targets; python3 for the cross-build check, with
# python3-jsonschema and python3-yaml for the schema test; clang-format and clang-tidy for the
# style and lint checks.
PACKAGES := cmake make g++ pkg-config git libeigen3-dev libyaml-cpp-dev libspdlog-dev \
            libfmt-dev doctest-dev libcli11-dev nlohmann-json3-dev libssl-dev libsqlite3-dev \
            libopenmpi-dev openmpi-bin emscripten nodejs chromium clang libclang-rt-14-dev python3 \
            python3-jsonschema python3-yaml clang-format clang-tidy

.PHONY: all deps configure build run test test-release test-sanitize sanitize-build fuzz \
        test-cross-build bench format format-check tidy screenshots clean help

all: build

help:
	@sed -n '1,10p' Makefile

# Install only what is missing; through sudo when not root.
deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "bpsim: installing missing packages:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

configure: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DBPSIM_WERROR=$(WERROR) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BPSIM) run $(SCENARIO) --force --report

test: format-check test-release test-sanitize tidy fuzz test-cross-build

# The C++ sources as git knows them (a clean clone: what CI checks).
CXX_SOURCES = $(shell git ls-files '*.cpp' '*.hpp')

# Every C++ file as .clang-format says (clang-format 14, Debian 12's): a file that is not
# is an error naming it; `make format` rewrites them.
format-check: deps
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
	@echo "format-check: $(words $(CXX_SOURCES)) C++ files formatted as .clang-format says"

format: deps
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

test-release: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# Every test once more, built by clang for generic x86-64 with ASan and UBSan (any UB fatal).
# Without MPI (Open MPI's own allocations would be reported as leaks) and the web pages.
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
sanitize-build: deps
	@CC=clang CXX=clang++ cmake -S . -B $(SAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DBPSIM_SANITIZE=ON -DBPSIM_ARCH=generic \
	  -DBPSIM_MPI=OFF -DBPSIM_WEB=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(SAN_BUILD_DIR) -j $(JOBS)

test-sanitize: sanitize-build
	$(SAN_ENV) ctest --test-dir $(SAN_BUILD_DIR) --output-on-failure -j $(JOBS)

# clang-tidy (.clang-tidy: its checks, every finding an error) on every source of sim/,
# analysis/ and bench/, with the clang build's compile commands.
tidy: sanitize-build
	@run-clang-tidy -p $(SAN_BUILD_DIR) -j $(JOBS) -quiet "$(CURDIR)/(sim|analysis|bench)/.*\.cpp$$" > $(SAN_BUILD_DIR)/tidy.log 2>&1 \
	  || { grep -E "(warning|error):" $(SAN_BUILD_DIR)/tidy.log | sort -u; echo "tidy: clang-tidy found the above ($(SAN_BUILD_DIR)/tidy.log)"; exit 1; }
	@echo "tidy: clang-tidy found nothing in $$(grep -c '^clang-tidy' $(SAN_BUILD_DIR)/tidy.log) files of sim/, analysis/, bench/"

# The libFuzzer targets (tests/fuzz): FUZZ_SECONDS from the seed corpus each, one at a
# time, and every saved regression input once.
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DBPSIM_FUZZ=ON -DBPSIM_FUZZ_SECONDS=$(FUZZ_SECONDS) \
	  -DBPSIM_TESTS=OFF -DBPSIM_ARCH=generic -DBPSIM_MPI=OFF -DBPSIM_WEB=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS)
	ctest --test-dir $(FUZZ_BUILD_DIR) --output-on-failure -j $(JOBS)

# The same numbers on every x86-64 build: every shipped scenario with noise, this
# machine's Release build against the generic one of test-sanitize.
test-cross-build: build
	@test -x $(SAN_BUILD_DIR)/sim/bpsim || $(MAKE) --no-print-directory test-sanitize
	python3 tests/cross_build/compare_builds.py run $(BPSIM) $(SAN_BUILD_DIR)/sim/bpsim

bench: build
	$(BPSIM) bench $(SCENARIO)

# The README's pictures: the browser tests take them (build/screenshots/), this copies them.
SHOTS := report_run classroom classroom_side_by_side report_sweep report_compare
screenshots: test-release
	@for s in $(SHOTS); do cp $(BUILD_DIR)/screenshots/$$s.png docs/img/$$s.png; done; echo "docs/img/: $(SHOTS)"

clean:
	rm -rf $(BUILD_DIR) $(SAN_BUILD_DIR) $(FUZZ_BUILD_DIR) out
