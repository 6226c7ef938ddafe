#!/usr/bin/env bash
# `cmake --install` gives a bpsim that writes reports and classroom pages with nothing
# beside it (the pages are inside the binary): install into a temp prefix, then run it
# from another directory. Usage: install_check.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cd "$tmp"
bin="$tmp/prefix/bin/bpsim"
"$bin" run "$src/tests/data/minimal.yaml" -o res --quiet --report
grep -q 'id="bpsim-data"' res/report.html || { echo "FAIL: no data in res/report.html"; exit 1; }
"$bin" classroom "$src/scenarios/classroom_three_powers.yaml" -o class.html --quiet
grep -q 'createBpsimEngine' class.html || { echo "FAIL: no engine in class.html"; exit 1; }
echo "installed bpsim at $bin wrote res/report.html and class.html"
