#!/usr/bin/env python3
"""What noise costs: `bpsim bench` of a scenario with its noise off (sigma_a = sigma_c = 0)
against the same scenario with noise on, for one or more bpsim binaries (to compare a
change against the build before it).

    python3 bench/noise_overhead.py [--bpsim build/sim/bpsim ...] [--rounds 12] [--runs 400]
        [--scenario scenarios/pivot_to_asia_2014.yaml] [--sigma-a 0.02] [--sigma-c 0.01]

Each round runs, interleaved so that a change in the machine's speed hits all alike, every
binary with noise off and on (`bench --runs RUNS`, which prints the minimum and median wall
time per run). A shared machine slows down in spells; the minimum of a bench is the run
least disturbed, and the minimum over the rounds the least disturbed of those: the figure
to compare. Medians over the rounds are printed beside it."""
import argparse
import re
import statistics
import subprocess
import sys

PER_RUN = re.compile(r"per run: min ([0-9.]+) us, median ([0-9.]+) us")


def bench(bpsim, scenario, runs, sigma_a, sigma_c):
    """(min, median) wall microseconds per run."""
    cmd = [bpsim, "bench", scenario, "--runs", str(runs), "--set", f"parameters.sigma_a={sigma_a}",
           "--set", f"parameters.sigma_c={sigma_c}"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
    m = PER_RUN.search(p.stderr)
    if not m:
        sys.exit(f"error: no 'per run: min ... median ...' in bench's output: {p.stderr}")
    return float(m.group(1)), float(m.group(2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bpsim", nargs="+", default=["build/sim/bpsim"])
    ap.add_argument("--scenario", default="scenarios/pivot_to_asia_2014.yaml")
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--sigma-a", default="0.02")
    ap.add_argument("--sigma-c", default="0.01")
    a = ap.parse_args()
    settings = {"off": ("0", "0"), "on": (a.sigma_a, a.sigma_c)}
    got = {(b, s): [] for b in a.bpsim for s in settings}
    for r in range(a.rounds):
        for b in a.bpsim:
            for s, (sa, sc) in settings.items():
                got[(b, s)].append(bench(b, a.scenario, a.runs, sa, sc))
        print(f"round {r + 1}/{a.rounds}", file=sys.stderr, end="\r", flush=True)
    print(file=sys.stderr)
    print(f"{a.scenario}: noise on = sigma_a {a.sigma_a}, sigma_c {a.sigma_c}; {a.rounds} rounds x "
          f"{a.runs} runs")
    print(f"{'binary':40} {'off min':>9} {'on min':>9} {'ratio':>6}   {'off med':>9} {'on med':>9} {'ratio':>6}")
    for b in a.bpsim:
        off_min = min(x[0] for x in got[(b, "off")])
        on_min = min(x[0] for x in got[(b, "on")])
        off_med = statistics.median(x[1] for x in got[(b, "off")])
        on_med = statistics.median(x[1] for x in got[(b, "on")])
        print(f"{b:40} {off_min:9.3f} {on_min:9.3f} {on_min / off_min:6.3f}   "
              f"{off_med:9.3f} {on_med:9.3f} {on_med / off_med:6.3f}")


if __name__ == "__main__":
    main()
