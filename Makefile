# bpsim quick start on a fresh Debian 12 machine:
#   make run    install missing packages, build (Release), run the flagship scenario
#   make test   install missing packages, build, run every test
# Variables: BUILD_DIR, BUILD_TYPE (Release), CMAKE_FLAGS, JOBS, SCENARIO.

BUILD_DIR  ?= build
BUILD_TYPE ?= Release
CMAKE_FLAGS ?=
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
SCENARIO   ?= scenarios/pivot_to_asia_2014.yaml
BPSIM      := $(BUILD_DIR)/sim/bpsim

# Debian 12 packages the build needs (the design card's plus CLI11, nlohmann-json, OpenSSL,
# SQLite for sweep databases, OpenMPI for sweeps across machines), and for the web pages
# (bpsim report / classroom): Emscripten, Node.js and npm to build them, Chromium to test
# them. npm comes with some Node.js builds; Debian's npm is installed only when none is.
PACKAGES := cmake make g++ pkg-config git libeigen3-dev libyaml-cpp-dev libspdlog-dev \
            libfmt-dev doctest-dev libcli11-dev nlohmann-json3-dev libssl-dev libsqlite3-dev \
            libopenmpi-dev openmpi-bin emscripten nodejs chromium

.PHONY: all deps configure build run test bench screenshots clean help

all: build

help:
	@sed -n '1,6p' Makefile

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
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BPSIM) run $(SCENARIO) --force --report

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: build
	$(BPSIM) bench $(SCENARIO)

# The README's pictures: the browser tests take them (build/screenshots/), this copies them.
SHOTS := report_run classroom classroom_side_by_side report_sweep report_compare
screenshots: test
	@for s in $(SHOTS); do cp $(BUILD_DIR)/screenshots/$$s.png docs/img/$$s.png; done; echo "docs/img/: $(SHOTS)"

clean:
	rm -rf $(BUILD_DIR) build-asan out
