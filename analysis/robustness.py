#!/usr/bin/env python3
"""The paired sanctions effect over a joint Latin hypercube of the main parameters.

Usage (from the repo root):
    python3 analysis/robustness.py build/sim/bpsim [--scenario FILE] [--samples 400]
        [--replicates 20] [--spread 0.5] [--set PATH=VALUE ...] [--out DIR]

Runs two sweeps of one Latin hypercube design (same points, same seeds): the scenario as
it is, and the scenario with the sanctions event at intensity 0 (--sanctions PATH). Each
parameter of PARAMETERS ranges over its value in the scenario (read from `bpsim explain`)
times [1 - spread, 1 + spread], jointly; noise is on (sigma_a 0.02, sigma_c 0.01) so the
replicates differ. The paired effect of a run is S(RUS,CHN) with the sanctions minus
S(RUS,CHN) without, same point and seed (common random numbers); a point's effect is its
mean over the replicates. Prints the 5th/50th/95th percentiles of the points' effects and
of the runs' effects, the share of points where the effect reverses (is negative), and,
for each parameter, the rank correlation of its value with the effect: where the effect
reverses, that says which mechanism carries it there.

Needs python3-yaml (a Debian package the Makefile installs). The sweeps' databases and
specs go to --out (default out/robustness); a finished sweep is reused (bpsim resumes it).
"""

import argparse
import os
import sqlite3
import subprocess
import sys

import yaml

# The main parameters: a --set path each. Their values come from the scenario.
PARAMETERS = [
    "defaults.kappa", "defaults.mu", "defaults.eps", "defaults.theta", "defaults.beta",
    "states.RUS.traits.pivot",
    "parameters.w_h", "parameters.w_r", "parameters.w_c", "parameters.lambda_R",
    "parameters.k_target", "parameters.rho_sanction", "parameters.rho_divert",
    "parameters.rho_arms", "parameters.alpha_arms", "parameters.arms_lag", "parameters.procurement",
    "parameters.rho_ex", "parameters.alpha_ex",
]
# Where a +-spread range would leave what the scenario allows (kTraits, kParams; the sweep
# refuses such a range), it is cut there: beta in [-1, 1], a lag of at least one tick.
ALLOWED = {"beta": (-1.0, 1.0), "eps": (0.0, 1.0), "arms_lag": (1.0, None), "procurement": (0.0, 1.0)}
OUTCOMES = ["dyad:RUS:CHN:alignment@last", "dyad:RUS:USA:alignment@last"]
NOISE = {"parameters.sigma_a": 0.02, "parameters.sigma_c": 0.01}


def explained(bpsim, scenario, sets):
    args = [bpsim, "explain", scenario] + [a for s in sets for a in ("--set", s)]
    res = subprocess.run(args, capture_output=True, text=True)
    if res.returncode != 0:
        raise RobustnessError(f"`{' '.join(args)}` failed:\n{res.stderr}")
    return yaml.safe_load(res.stdout)


def value_at(tree, path):
    """The value of a --set path in `bpsim explain`'s tree (states by id)."""
    node = tree
    for part in path.split("."):
        if isinstance(node, list):
            node = next((s for s in node if s.get("id") == part), None)
        else:
            node = node.get(part)
        if node is None:
            raise RobustnessError(f"{path}: not in the scenario as bpsim explains it")
    return float(node)


def sweep_spec(scenario, centres, spread, samples, replicates, seed, sets):
    params = {}
    for path, c in centres.items():
        lo, hi = c * (1 - spread), c * (1 + spread)
        bound_lo, bound_hi = ALLOWED.get(path.rsplit(".", 1)[1], (None, None))
        lo = lo if bound_lo is None else max(lo, bound_lo)
        hi = hi if bound_hi is None else min(hi, bound_hi)
        params[path] = {"range": [lo, hi]}
    return {"scenario": os.path.abspath(scenario),
            "design": {"kind": "latin_hypercube", "samples": samples, "seed": seed},
            "replicates": replicates, "parameters": params, "outcomes": OUTCOMES, "set": sets}


class RobustnessError(Exception):
    pass


def run_sweep(bpsim, spec, path, db, threads, quiet):
    with open(path, "w") as f:
        yaml.safe_dump(spec, f, sort_keys=False)
    args = [bpsim, "sweep", path, "-o", db, "--threads", str(threads)] + (["--quiet"] if quiet else [])
    res = subprocess.run(args, capture_output=quiet, text=True)
    if res.returncode != 0:
        raise RobustnessError(f"`{' '.join(args)}` failed (exit {res.returncode})"
                              + (f": {res.stderr.strip()}" if quiet else ""))


def results(db, outcome):
    """{(point, replicate): value} and {point: {path: value}}."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    vals = {(p, r): v for p, r, v in con.execute(
        "SELECT point, replicate, value FROM results_tidy WHERE outcome = ?", (outcome,))}
    pts = {}
    for p, path, v in con.execute("SELECT v.point, p.path, v.value FROM point_values v "
                                  "JOIN parameters p ON p.parameter = v.parameter"):
        pts.setdefault(p, {})[path] = v
    con.close()
    return vals, pts


def percentile(xs, q):
    xs = sorted(xs)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    for rank, i in enumerate(order):
        r[i] = float(rank)
    return r


def spearman(xs, ys):
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / (sxx * syy) ** 0.5 if sxx > 0 and syy > 0 else 0.0


def measure(bpsim, scenario, sets=(), samples=400, replicates=20, spread=0.5, seed=11, threads=0,
            out="out/robustness", sanctions="events.sanctions_2014.intensity", quiet=False):
    """{outcome: {"points": [point effects], "runs": [run effects], "corr": {path: rank correlation}}}."""
    tree = explained(bpsim, scenario, list(sets))
    centres = {p: value_at(tree, p) for p in PARAMETERS}
    # A --set of a swept path sets its centre (read above); the sweep then varies it.
    given = {k: v for k, v in (s.split("=", 1) for s in sets) if k not in PARAMETERS}
    given.update({k: str(v) for k, v in NOISE.items()})
    os.makedirs(out, exist_ok=True)
    dbs = {}
    for name, extra in (("with", {}), ("without", {sanctions: "0"})):
        spec = sweep_spec(scenario, centres, spread, samples, replicates, seed, {**given, **extra})
        dbs[name] = os.path.join(out, f"{name}.db")
        run_sweep(bpsim, spec, os.path.join(out, f"{name}.yaml"), dbs[name], threads, quiet)
    found = {}
    for outcome in OUTCOMES:
        with_v, pts = results(dbs["with"], outcome)
        without_v, pts_b = results(dbs["without"], outcome)
        if pts != pts_b:
            raise RobustnessError("the two sweeps' points differ")
        runs = {k: with_v[k] - without_v[k] for k in with_v if k in without_v}
        points = {}
        for (p, _), d in runs.items():
            points.setdefault(p, []).append(d)
        effect = {p: sum(ds) / len(ds) for p, ds in points.items()}
        order = sorted(effect)
        found[outcome] = {
            "points": [effect[p] for p in order], "runs": list(runs.values()),
            "corr": {path: spearman([pts[p][path] for p in order], [effect[p] for p in order]) for path in PARAMETERS}}
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bpsim")
    ap.add_argument("--scenario", default="scenarios/pivot_to_asia_2014.yaml")
    ap.add_argument("--sanctions", default="events.sanctions_2014.intensity",
                    help="the path that switches the sanctions off (set to 0 in the twin sweep)")
    ap.add_argument("--samples", type=int, default=400)
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--spread", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    ap.add_argument("--out", default="out/robustness")
    args = ap.parse_args()
    if not 0 < args.spread < 1:
        ap.error("--spread must be in (0, 1)")
    try:
        found = measure(args.bpsim, args.scenario, args.set, args.samples, args.replicates, args.spread, args.seed,
                        args.threads, args.out, args.sanctions)
    except RobustnessError as e:
        sys.exit(f"robustness: {e}")
    for outcome, f in found.items():
        pe, re_ = f["points"], f["runs"]
        print(f"{outcome}: paired effect of the sanctions (with - without), {len(pe)} points x "
              f"{args.replicates} replicates, each of {len(PARAMETERS)} parameters x [{1 - args.spread:g}, "
              f"{1 + args.spread:g}]")
        print(f"  points: p5 {percentile(pe, .05):+.3f}  p50 {percentile(pe, .5):+.3f}  p95 {percentile(pe, .95):+.3f}"
              f"  negative at {sum(e < 0 for e in pe)} of {len(pe)}")
        print(f"  runs:   p5 {percentile(re_, .05):+.3f}  p50 {percentile(re_, .5):+.3f}  p95 {percentile(re_, .95):+.3f}"
              f"  negative in {sum(e < 0 for e in re_)} of {len(re_)}")
        print("  rank correlation of each parameter with the point's effect (largest first):")
        for path, c in sorted(f["corr"].items(), key=lambda kv: -abs(kv[1]))[:6]:
            print(f"    {path:32s} {c:+.2f}")


if __name__ == "__main__":
    main()
