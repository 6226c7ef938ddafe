#!/usr/bin/env bash
# Sweep throughput of the flagship: bare runs (bpsim bench) against the 10,240-run
# Sobol' sweep on 1 and 2 threads. Run on a quiet machine from the project root:
#   bash bench/sweep_throughput.sh [build/sim/bpsim]
set -euo pipefail
BPSIM=${1:-build/sim/bpsim}
SWEEP=bench/sweeps/flagship_sobol_10k.yaml
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

bare=$("$BPSIM" bench scenarios/pivot_to_asia_2014.yaml --runs 2000 \
        --set parameters.sigma_a=0.02 --set parameters.sigma_c=0.01 | tail -1)
bare_us=$(sed -E 's/us_per_run=([0-9.]+).*/\1/' <<<"$bare")
echo "bare runs (bpsim bench, 1 thread): $bare"

for t in 1 2; do
  start=$(date +%s.%N)
  "$BPSIM" sweep "$SWEEP" -o "$TMP/t$t.db" --threads "$t" -q
  end=$(date +%s.%N)
  python3 - "$t" "$start" "$end" "$bare_us" <<'PY'
import sys
t, start, end, bare = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
runs = 10240
wall = end - start
print(f"sweep, {t} thread(s): {runs} runs in {wall:.2f} s = {runs / wall:.0f} runs/s "
      f"= {wall / runs * 1e6 * t:.1f} us per run per thread "
      f"(overhead vs bare: {(wall / runs * 1e6 * t / bare - 1) * 100:+.1f}%)")
open(f"/tmp/bpsim_sweep_wall_{t}", "w").write(str(wall))
PY
done
python3 -c "w1=float(open('/tmp/bpsim_sweep_wall_1').read()); w2=float(open('/tmp/bpsim_sweep_wall_2').read()); print(f'scaling 1 -> 2 threads: {w1/w2:.2f}x')"
