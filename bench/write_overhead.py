#!/usr/bin/env python3
"""What writing the results costs: `bpsim run -q` (simulation + streamed CSVs + SHA-256 +
fsync + manifest) against `bpsim bench` (the same run in memory, no files) on a generated
world, in process CPU time (user + sys, from wait4's rusage: microseconds, and not
inflated by a busy machine as wall time is).

    python3 bench/write_overhead.py [--bpsim build/sim/bpsim] [--states 50] [--ticks 1000]
                                    [--rounds 15]

Each round runs, interleaved so that a change in the machine's load hits all three alike:
`bench --runs 10` (its median CPU time per run: the simulation), `run -q` twice and
`run -q --ticks 0` twice (the start-up: load, check, tick 0, manifest). The medians over
the rounds give writing = run - start-up - simulation. Then maxRSS of a run of TICKS and
of 16 x TICKS ticks (memory flat in ticks)."""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile


def cpu_and_rss(cmd):
    """(user + sys seconds, maxRSS KiB) of one process; exits on failure."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed ({p.returncode}): {err.decode(errors='replace')}")
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss, err.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bpsim", default="build/sim/bpsim")
    ap.add_argument("--states", type=int, default=50)
    ap.add_argument("--ticks", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=15)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp()
    try:
        world, out = os.path.join(tmp, "w.yaml"), os.path.join(tmp, "out")
        subprocess.run([a.bpsim, "generate", "--states", str(a.states), "--ticks", str(a.ticks), "-o", world],
                       check=True, stdout=subprocess.DEVNULL)
        run = [a.bpsim, "run", "-q", "--force", "-o", out, world]
        sim, full, start = [], [], []
        for r in range(a.rounds):
            _, _, err = cpu_and_rss([a.bpsim, "bench", world, "--runs", "10"])
            m = re.search(r"cpu time per run: min [0-9.]+ us, median ([0-9.]+) us", err)
            if not m:
                sys.exit(f"error: no 'cpu time per run' in bench's output: {err}")
            sim.append(float(m.group(1)) / 1e6)
            for _ in range(2):
                full.append(cpu_and_rss(run)[0])
                start.append(cpu_and_rss(run[:2] + ["--ticks", "0"] + run[2:])[0])
            print(f"round {r + 1}/{a.rounds}", file=sys.stderr, end="\r", flush=True)
        print(file=sys.stderr)
        cpu_and_rss(run)
        mb = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out)) / 2**20
        s, f, st = statistics.median(sim), statistics.median(full), statistics.median(start)
        w = f - st - s
        print(f"{a.states} states x {a.ticks} ticks, median CPU s per run over {a.rounds} rounds: "
              f"bench {s:.4f} (simulation only); run -q {f:.4f}; run -q --ticks 0 {st:.4f} (start-up); "
              f"{mb:.1f} MB written")
        print(f"run / bench = {f / s:.2f}x; writing (run - start-up - simulation) = {w:.4f} s "
              f"= {w / s:.2f}x the simulation (rounds: {min(full):.4f}-{max(full):.4f} s for run)")
        for t in (a.ticks, 16 * a.ticks):
            _, rss, _ = cpu_and_rss(run[:2] + ["--ticks", str(t)] + run[2:])
            mb = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out)) / 2**20
            print(f"run --ticks {t}: maxRSS {rss // 1024} MB, {mb:.0f} MB written")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
