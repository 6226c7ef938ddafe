#!/usr/bin/env bash
# One fuzz run: fuzz_smoke.sh FUZZER WORKDIR FLAGS... SEED_DIR...
# WORKDIR/corpus is the corpus libFuzzer grows (the seed directories are only read);
# a crashing input is saved as WORKDIR/crash-* (leak-*, timeout-*, oom-*) and the run fails.
set -euo pipefail
fuzzer=$1 work=$2
shift 2
mkdir -p "$work/corpus"
exec "$fuzzer" -artifact_prefix="$work/" "$work/corpus" "$@"
