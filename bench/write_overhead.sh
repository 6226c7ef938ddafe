#!/usr/bin/env bash
# What writing the results costs: `bpsim run -q` (simulation + streamed CSVs + fsync +
# manifest) against `bpsim bench` (the same runs in memory, no files) on a generated
# world, in process CPU time (user + sys), which a busy machine does not inflate as
# it does wall time. Also the peak memory (maxRSS) of a short and a 16x longer run.
#   bash bench/write_overhead.sh [BPSIM] [STATES] [TICKS] [REPEATS]
# Defaults: build/sim/bpsim, 50 states, 1000 ticks, 10 runs of each.
set -euo pipefail
BPSIM=${1:-build/sim/bpsim}
STATES=${2:-50}
TICKS=${3:-1000}
REPEATS=${4:-10}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$BPSIM" generate --states "$STATES" --ticks "$TICKS" -o "$TMP/w.yaml" >/dev/null

# CPU seconds per run of `bpsim run -q ARGS...` (user + sys from GNU time over REPEATS
# runs in one loop: its 10 ms resolution is then 10/REPEATS ms per run).
run_cpu() {
  /usr/bin/time -f '%U %S' -o "$TMP/time" bash -c \
    'for i in $(seq "$1"); do rm -rf "$2/out"; "$3" run -q -o "$2/out" "${@:4}" >/dev/null || exit 1; done' \
    _ "$REPEATS" "$TMP" "$BPSIM" "$@"
  awk -v n="$REPEATS" '{ printf "%.4f\n", ($1 + $2) / n }' "$TMP/time"
}

# bench: process CPU time per run, simulation only (stderr: "cpu time per run: min ..., median X us").
bench_us=$("$BPSIM" bench "$TMP/w.yaml" --runs "$REPEATS" 2>&1 >/dev/null |
           sed -nE 's/.*cpu time per run: min [0-9.]+ us, median ([0-9.]+) us.*/\1/p')
run_s=$(run_cpu "$TMP/w.yaml")
du_mb=$(du -sm "$TMP/out" | cut -f1)
start_s=$(run_cpu --ticks 0 "$TMP/w.yaml")  # start-up: load, check, tick 0, manifest
python3 - "$bench_us" "$run_s" "$start_s" "$STATES" "$TICKS" "$du_mb" <<'PY'
import sys
bench_us, run_s, start_s = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
states, ticks, mb = sys.argv[4], sys.argv[5], sys.argv[6]
sim = bench_us / 1e6
write = run_s - start_s - sim
print(f"{states} states x {ticks} ticks, CPU s per run: bench {sim:.4f} (simulation only); "
      f"run -q {run_s:.4f}; run -q --ticks 0 {start_s:.4f} (start-up); {mb} MB written")
print(f"run / bench = {run_s / sim:.2f}x; writing (run - start-up - simulation) = {write:.4f} s "
      f"= {write / sim:.2f}x the simulation")
PY

# Memory flat in ticks: maxRSS of TICKS and 16 x TICKS.
for t in "$TICKS" $((16 * TICKS)); do
  rm -rf "$TMP/out"
  /usr/bin/time -f '%M' -o "$TMP/rss" "$BPSIM" run -q -o "$TMP/out" --ticks "$t" "$TMP/w.yaml" >/dev/null
  echo "run --ticks $t: maxRSS $(( $(cat "$TMP/rss") / 1024 )) MB, $(du -sm "$TMP/out" | cut -f1) MB written"
done
