#!/usr/bin/env python3
"""The engine results the docs quote: computed from bpsim, checked, rewritten in place.

Usage (from the repo root; BPSIM is the engine binary, e.g. build/sim/bpsim):
    python3 analysis/figures.py BPSIM --check   # every quote against the engine; exit 1 if one is stale
    python3 analysis/figures.py BPSIM --write   # rewrite every stale quote to the engine's value
    python3 analysis/figures.py BPSIM --list    # every figure: id, value, definition
    ... [--root DIR] [FILE ...]                 # another tree; only these files (default: FILES)

A quote is marked by an HTML comment right after it, in Markdown (tables and prose; not
shown when rendered) and in YAML comments alike (a marker inside `backticks` is an example):
    S(RUS,CHN) +0.75<!--fig:flag.S.RUS-CHN--> in 2021Q4
The quote is the text just before the marker that has the figure's shape (a number with
its sign and unit, a date, a list of periods). A whole block (a terminal transcript, a
table) is replaced as one, between two marker lines; a code fence inside is kept:
    <!--fig-block:readme.run-->
    ```
    ...
    ```
    <!--/fig-block-->
In YAML the marker lines are comments too ("#   <!--fig-block:ric.table-->"), and the
text before the marker ("#   ") starts each line of the block.

Each figure is defined once, in FIGURES below: what is run (scenario, --set overrides,
seed), what is read (file, row, column, tick) and its format. Each distinct run is done
once, in a temporary directory, on all cores. Adding a figure: one line in FIGURES, then
the marker after its quote, then --check.
"""

import argparse
import concurrent.futures
import csv
import difflib
import glob
import json
import math
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import robustness  # noqa: E402  (analysis/robustness.py, beside this file)

FILES = ["README.md", "docs/*.md", "scenarios/README.md", "scenarios/*.yaml", "scenarios/base/*.yaml"]

MARK = re.compile(r"<!--fig:([^>]*?)-->")
BLOCK_BEGIN = re.compile(r"<!--fig-block:([^>]*?)-->")
BLOCK_END = "<!--/fig-block-->"
ANY_MARK = re.compile(r"<!--/?fig\b")
MINUS, EN_DASH = "\u2212", "\u2013"


class FigureError(Exception):
    """A problem with the docs, the definitions or a run; the message says where."""


# ---------------------------------------------------------------------------------------
# Sources: what is run. Each is run once (cached by its arguments) into its own directory.

class Run:
    """`bpsim run SCENARIO [--seed S] [--set PATH=VALUE]...`: its CSVs."""

    def __init__(self, scenario, sets=(), seed=None):
        self.scenario, self.sets, self.seed = scenario, tuple(sets), seed
        self.key = ("run", scenario, self.sets, seed)

    def args(self):
        a = ["run", self.scenario]
        if self.seed is not None:
            a += ["--seed", str(self.seed)]
        for s in self.sets:
            a += ["--set", s]
        return a

    def describe(self):
        return "bpsim " + shlex.join(self.args())

    def execute(self, ctx, out):
        ctx.bpsim(self.args() + ["-o", out, "--quiet"], self)
        return RunResult(out)


class Compare:
    """`bpsim compare FILES... [--runs N] [--set ...] [--outcome ...]`: compare.csv."""

    def __init__(self, files, runs=None, sets=(), outcomes=()):
        self.files, self.runs, self.sets, self.outcomes = tuple(files), runs, tuple(sets), tuple(outcomes)
        self.key = ("compare", self.files, runs, self.sets, self.outcomes)

    def args(self):
        a = ["compare", *self.files]
        if self.runs:
            a += ["--runs", str(self.runs)]
        for s in self.sets:
            a += ["--set", s]
        for o in self.outcomes:
            a += ["--outcome", o]
        return a

    def describe(self):
        return "bpsim " + shlex.join(self.args())

    def execute(self, ctx, out):
        ctx.bpsim(self.args() + ["-o", out, "--quiet"], self)
        with open(os.path.join(out, "compare.csv"), newline="") as f:
            return {(r["outcome"], r["scenario"]): r for r in csv.DictReader(f)}


class Transcript:
    """Commands run one after another in a scratch directory whose `scenarios` is the
    tree's, so that paths print as in the docs. Each step: (command, how it is shown):
    "prompt" shows `$ build/sim/bpsim COMMAND` and the output, "output" the output only,
    "hidden" nothing, "from:TEXT" the prompt, `...` and the output from the line that
    starts with TEXT. Values may also read the files the commands write (sobol.csv)."""

    def __init__(self, *steps):
        self.steps = steps
        self.key = ("transcript", steps)

    def describe(self):
        return " && ".join("bpsim " + cmd for cmd, _ in self.steps) + "  (in a scratch directory)"

    def execute(self, ctx, out):
        os.makedirs(out)
        os.symlink(os.path.join(ctx.root, "scenarios"), os.path.join(out, "scenarios"))
        shown, outputs = [], []
        for cmd, how in self.steps:
            res = ctx.bpsim(shlex.split(cmd), self, cwd=out)
            outputs.append(res)
            lines = (res.stdout + res.stderr).rstrip("\n").split("\n")
            if how.startswith("from:"):
                start = next((i for i, l in enumerate(lines) if l.startswith(how[5:])), None)
                if start is None:
                    raise FigureError(f"`bpsim {cmd}` printed no line starting with {how[5:]!r}")
                lines = ["..."] + lines[start:]
            if how == "prompt" or how.startswith("from:"):
                lines = [f"$ build/sim/bpsim {cmd}"] + lines
            if how != "hidden":
                shown.append("\n".join(lines))
        return {"text": "\n\n".join(shown), "dir": out, "outputs": outputs}

    def csv(self, results, path):
        with open(os.path.join(results[self.key]["dir"], path), newline="") as f:
            return list(csv.DictReader(f))


class Robustness:
    """analysis/robustness.py's paired sanctions effect over a Latin hypercube (two sweeps)."""

    def __init__(self, scenario, sets=(), samples=400, replicates=20):
        self.scenario, self.sets, self.samples, self.replicates = scenario, tuple(sets), samples, replicates
        self.key = ("robustness", scenario, self.sets, samples, replicates)

    def describe(self):
        return (f"python3 analysis/robustness.py build/sim/bpsim --scenario {self.scenario} --samples {self.samples} "
                f"--replicates {self.replicates} " + " ".join(f"--set {s}" for s in self.sets))

    def execute(self, ctx, out):
        try:
            return robustness.measure(ctx.bpsim_path, os.path.join(ctx.root, self.scenario), self.sets, self.samples,
                                      self.replicates, out=out, quiet=True)
        except robustness.RobustnessError as e:
            raise FigureError(str(e)) from None


class RunResult:
    """The CSVs of one run directory, read and indexed on first use."""

    def __init__(self, path):
        self.path, self._tables = path, {}

    def table(self, name):
        if name not in self._tables:
            with open(os.path.join(self.path, name + ".csv"), newline="") as f:
                self._tables[name] = list(csv.DictReader(f))
        return self._tables[name]

    def _index(self, name, key):
        attr = "_by_" + name
        if not hasattr(self, attr):
            setattr(self, attr, {key(r): r for r in self.table(name)})
        return getattr(self, attr)

    def last_tick(self):
        return int(self.table("world")[-1]["tick"])

    def tick_of(self, at):
        """`at`: a tick, None (the last tick) or a date label of the run (2016Q1)."""
        if at is None:
            return self.last_tick()
        if isinstance(at, int):
            return at
        for r in self.table("world"):
            if r["date"] == at:
                return int(r["tick"])
        raise FigureError(f"{self.path}: no tick with date {at}")

    def date(self, tick):
        return self.table("world")[tick]["date"]

    def dyad(self, a, b, col, at=None):
        t = str(self.tick_of(at))
        rows = self._index("dyads", lambda r: (r["tick"], r["a"], r["b"]))
        if (t, a, b) in rows:
            return float(rows[(t, a, b)][col])
        if (t, b, a) in rows:  # the file holds each pair once, in either order
            r = rows[(t, b, a)]
            if col == "power_ratio":
                return 1.0 / float(r[col])
            swapped = {"_ab": "_ba", "_ba": "_ab"}.get(col[-3:])
            return float(r[col[:-3] + swapped] if swapped else r[col])
        raise FigureError(f"{self.path}: no dyad {a}-{b} at tick {t}")

    def dyads_at(self, at=None):
        t = str(self.tick_of(at))
        return [r for r in self.table("dyads") if r["tick"] == t]

    def state(self, sid, col, at=None):
        t = str(self.tick_of(at))
        row = self._index("states", lambda r: (r["tick"], r["state"])).get((t, sid))
        if row is None:
            raise FigureError(f"{self.path}: no state {sid} at tick {t}")
        return float(row[col])

    def states_order(self):
        return [r["state"] for r in self.table("states") if r["tick"] == "0"]

    def events(self, kind, actors):
        return [r for r in self.table("events") if r["kind"] == kind and r["actors"] == actors]


# ---------------------------------------------------------------------------------------
# Values: what is read from the sources. A value knows its sources and describes itself.

class V:
    def __init__(self, desc, sources, fn):
        self.desc, self.sources, self.fn = desc, list(sources), fn

    def get(self, results):
        return self.fn(results)


def _when(at):
    return "the last tick" if at is None else (f"tick {at}" if isinstance(at, int) else at)


def dyad(run, a, b, col, at=None):
    return V(f"dyads.csv {col}({a},{b}) at {_when(at)} of `{run.describe()}`", [run],
             lambda R: R[run.key].dyad(a, b, col, at))


def state(run, sid, col, at=None):
    return V(f"states.csv {sid} {col} at {_when(at)} of `{run.describe()}`", [run],
             lambda R: R[run.key].state(sid, col, at))


def blocked(run, seller, buyer):
    return V(f"number of blocked_sale {seller};{buyer} rows in events.csv of `{run.describe()}`",
             [run], lambda R: len(R[run.key].events("blocked_sale", f"{seller};{buyer}")))


def blocked_ticks(run, seller, buyer):
    return V(f"ticks of the blocked_sale {seller};{buyer} rows in events.csv of `{run.describe()}`",
             [run], lambda R: (R[run.key], [int(e["tick"]) for e in R[run.key].events("blocked_sale", f"{seller};{buyer}")]))


def first_tick(run, desc, pred):
    """The first tick at which pred(result, tick) holds (None: never)."""
    def fn(R):
        r = R[run.key]
        return next((t for t in range(r.last_tick() + 1) if pred(r, t)), None)
    return V(f"first tick at which {desc} in `{run.describe()}`", [run], fn)


def date_of(run, tick_value):
    return V(f"the date of {tick_value.desc}", tick_value.sources,
             lambda R: (R[run.key], [tick_value.get(R)]))


def custom(desc, run, fn):
    """fn(result) -> value, for what the helpers above do not read."""
    return V(f"{desc} of `{run.describe()}`", [run], lambda R: fn(R[run.key]))


def expr(desc, fn, *values):
    """A value computed from other values, e.g. a difference between two runs."""
    srcs = [s for v in values for s in v.sources]
    return V(desc.format(*[v.desc for v in values]), srcs, lambda R: fn(*[v.get(R) for v in values]))


def over(runs, desc, make, agg):
    """agg([make(run) for run in runs]): a statistic over runs (e.g. seeds)."""
    vals = [make(r) for r in runs]
    return V(f"{desc} over {len(runs)} runs: {vals[0].desc} (and the others' seeds)",
             [s for v in vals for s in v.sources], lambda R: agg([v.get(R) for v in vals]))


def paired(runs_a, runs_b, desc, make, agg):
    """agg([(make(a), make(b)) for a, b in pairs]): a statistic over paired runs."""
    va, vb = [make(r) for r in runs_a], [make(r) for r in runs_b]
    return V(f"{desc} over {len(runs_a)} pairs: {va[0].desc} against {vb[0].desc} (same seeds)",
             [s for v in va + vb for s in v.sources],
             lambda R: agg([(x.get(R), y.get(R)) for x, y in zip(va, vb)]))


def compared(cmp, outcome, scenario, col):
    return V(f"compare.csv {col} of {outcome}, {scenario} in `{cmp.describe()}`", [cmp],
             lambda R: float(R[cmp.key][(outcome, scenario)][col]))


def sobol(sweep, outcome, parameter, index, col="estimate"):
    def fn(R):
        for r in sweep.csv(R, SOBOL_CSV + "/sobol.csv"):
            if (r["outcome"], r["parameter"], r["index"]) == (outcome, parameter, index):
                return float(r[col])
        raise FigureError(f"no {index} of {parameter} for {outcome} in sobol.csv")
    return V(f"sobol.csv {index} {col} of {parameter} for {outcome} in `{sweep.describe()}`", [sweep], fn)


def prim_box(sweep, col, parameter=None):
    def fn(R):
        rows = [r for r in sweep.csv(R, SOBOL_CSV + "/prim.csv") if r["selected"] == "1"]
        row = next((r for r in rows if parameter is None or r["parameter"] == parameter), None)
        if row is None:
            raise FigureError(f"no selected PRIM box row for {parameter} in prim.csv")
        return float(row[col])
    what = f"{col} of {parameter}" if parameter else col
    return V(f"prim.csv {what} in the selected box of `{sweep.describe()}`", [sweep], fn)


def stderr_of(transcript, step):
    return V(f"what step {step + 1} writes to stderr in `{transcript.describe()}`", [transcript],
             lambda R: R[transcript.key]["outputs"][step].stderr.rstrip("\n"))


def block(transcript):
    return V(transcript.describe(), [transcript], lambda R: R[transcript.key]["text"])


def generated(desc, sources, fn):
    """A block of text made by fn(results) from runs (a table of figures)."""
    return V(desc, sources, fn)


# ---------------------------------------------------------------------------------------
# Formats: how a value is written, and the shape of its quote in the text.

# A sign counts only where it cannot be a range's dash: not after a digit or a marker.
NUM = r"(?:(?<![\d>])[-+\u2212])?\d+(?:\.\d+)?"
QUARTERS = r"\d{4}Q[1-4](?:[-\u2013](?:\d{4})?Q[1-4])?"


class Fmt:
    def __init__(self, fn, pattern, name):
        self.fn, self.pattern, self.name = fn, re.compile(f"(?:{pattern})$"), name


def num(spec, suffix=""):
    """A number formatted by a Python format spec: '+.2f' gives +0.75, '.0%' 83%."""
    return Fmt(lambda v: format(v, spec) + suffix, NUM + re.escape(suffix) if "%" not in spec else NUM + "%",
               f"{{:{spec}}}{suffix}")


def about_tens_pct():
    """A share rounded to the nearest 10%: 0.386 gives 40%."""
    return Fmt(lambda v: f"{round(v * 10) * 10}%", r"\d+%", "nearest 10%")


def at_most(decimals):
    """An upper bound: the value rounded up, 0.004 gives 0.01 at 2 decimals."""
    return Fmt(lambda v: f"{math.ceil(v * 10 ** decimals - 1e-9) / 10 ** decimals:.{decimals}f}",
               NUM, f"rounded up to {decimals} decimals")


def _periods(value):
    run, ticks = value
    if not ticks:
        return "none"
    groups, start = [], ticks[0]
    for prev, t in zip(ticks, ticks[1:] + [None]):
        if t != prev + 1:
            groups.append((start, prev))
            start = t
    out = []
    for a, b in groups:
        da, db = run.date(a), run.date(b)
        out.append(da if a == b else da + "-" + (db[4:] if db[:4] == da[:4] else db))
    return ", ".join(out)


PERIODS = Fmt(_periods, rf"none|{QUARTERS}(?:, {QUARTERS})*", "quarters, consecutive ones as ranges")
DATE = Fmt(lambda v: "never" if v[1][0] is None else v[0].date(v[1][0]), r"\d{4}Q[1-4]|never", "the tick's date")
TICK = Fmt(lambda v: "never" if v is None else str(v), r"\d+|never", "tick")
BLOCS = Fmt(lambda v: " and ".join("{" + ", ".join(b) + "}" for b in v), r"\{[^{}]*\}(?:(?:, | and )\{[^{}]*\})*",
            "blocs as {A, B} and {C}")

S2, S3, U1, U2, U3 = num("+.2f"), num("+.3f"), num(".1f"), num(".2f"), num(".3f")
INT = num(".0f")


# ---------------------------------------------------------------------------------------
# The figures. Naming: SCENARIO[.VARIANT].QUANTITY[.WHEN]; no WHEN is the last tick.
# S = alignment score, R = relation, T = threat (T.A-B: A's threat from B), M = arms
# dependence (M.A-B: A's on B), ratio = CHN/RUS power ratio unless named.

def scen(name, *sets, seed=None):
    return Run(f"scenarios/{name}.yaml", sets, seed)


FLAG = scen("pivot_to_asia_2014")
NOSANC = scen("no_sanctions_2014")
WEDGE = scen("us_wedge")
RESTRAINT = scen("arms_restraint")
HEDGING = scen("euro_pacific_hedging")
ENERGY = scen("energy_alliance")
RIC = scen("ric_triangle_1996")
CLASS = scen("classroom_three_powers")
PIVOT = {p: scen("pivot_to_asia_2014", f"states.RUS.traits.pivot={p}") for p in ("0.02", "0.07", "0.08", "0.10")}
PIVOT["0.09"] = FLAG
NO_SANCTIONS_2014 = "events.sanctions_2014.intensity=0"
WEDGE_IDENTITY = ("states.RUS.identity.0=-0.4", "states.RUS.identity.1=-0.3", "states.RUS.traits.kappa=0.15")
# arms_restraint's RUS->CHN sales are events 1..6; the gentler rule 0.25 * 4.10 / r, rounded.
GENTLE = tuple(f"events.{i + 1}.arms_sale.threshold={t}" for i, t in enumerate(
    ("0.25", "0.24", "0.23", "0.21", "0.19", "0.17")))
# euro_pacific_hedging's five Euro-Pacific events (14..18) at 0.
PARTNERS_OFF = ("events.14.engagement.intensity=0", "events.15.engagement.intensity=0",
                "events.16.engagement.intensity=0", "events.17.exercise.scale=0", "events.18.exercise.scale=0")
KOSOVO_IRAQ_OFF = ("events.17.exercise.scale=0", "events.18.exercise.scale=0")
NOISE = ("parameters.sigma_a=0.02", "parameters.sigma_c=0.01", "parameters.incident_mode=random")
SEEDS = range(1, 61)  # tests/story/paper_story_test.cpp
STORY_WITH = [scen("pivot_to_asia_2014", *NOISE, seed=s) for s in SEEDS]
STORY_WITHOUT = [scen("no_sanctions_2014", *NOISE, seed=s) for s in SEEDS]
STORY_PIVOT02 = [scen("pivot_to_asia_2014", *NOISE, "states.RUS.traits.pivot=0.02", seed=s) for s in SEEDS]
README_COMPARE = ("compare scenarios/no_sanctions_2014.yaml scenarios/pivot_to_asia_2014.yaml scenarios/us_wedge.yaml"
                  " --runs 100 --set parameters.sigma_a=0.03 --outcome dyad:RUS:CHN:alignment@last")
COMPARE = Compare(shlex.split(README_COMPARE)[1:4], runs=100, sets=["parameters.sigma_a=0.03"],
                  outcomes=["dyad:RUS:CHN:alignment@last"])
ENERGY_COMPARE = Compare(["scenarios/pivot_to_asia_2014.yaml", "scenarios/energy_alliance.yaml"])
SOBOL_FILE = "scenarios/sweeps/sanctions_sobol.yaml"
PRIM_COND = "dyad:RUS:CHN:alignment@last>0.5"
RC_LAST = "dyad:RUS:CHN:alignment@last"
SOBOL_CSV = "out/analysis"
# README's worked example, then a hidden step that writes the indices and the box as CSV.
SOBOL = Transcript(
    (f"sweep {SOBOL_FILE} -o out/sanctions_sobol.db", "prompt"),
    (f"analyze out/sanctions_sobol.db --outcome {RC_LAST}", "prompt"),
    (f'analyze out/sanctions_sobol.db --outcome {RC_LAST} --prim "{PRIM_COND}"', "from:PRIM:"),
    (f'analyze out/sanctions_sobol.db --csv {SOBOL_CSV} --prim "{PRIM_COND}"', "hidden"))

FIGURES = {}


def fig(fid, fmt, value):
    if fid in FIGURES:
        raise FigureError(f"figure {fid} defined twice")
    FIGURES[fid] = (fmt, value)


def mean(xs):
    return sum(xs) / len(xs)


def ratio_growth(run):
    return expr("({} / {})", lambda end, start: end / start,
                dyad(run, "CHN", "RUS", "power_ratio"), dyad(run, "CHN", "RUS", "power_ratio", 0))


def pair_figures(prefix, run, at=None, suffix="", pairs=(("RUS", "CHN"), ("RUS", "USA")), fmt=S2):
    for a, b in pairs:
        fig(f"{prefix}.S.{a}-{b}{suffix}", fmt, dyad(run, a, b, "alignment", at))


def scenario_figures(prefix, run, when=True):
    """The results-table figures of a 2010 scenario: S(RUS,CHN), S(RUS,USA), CHN/RUS power
    at the last tick and the RUS->CHN sales blocked (and when)."""
    pair_figures(prefix, run)
    fig(f"{prefix}.ratio", U2, dyad(run, "CHN", "RUS", "power_ratio"))
    fig(f"{prefix}.blocked", INT, blocked(run, "RUS", "CHN"))
    if when:
        fig(f"{prefix}.blocked.when", PERIODS, blocked_ticks(run, "RUS", "CHN"))


# The 2010 world at tick 0 (the same in every 2010 file).
pair_figures("t0", FLAG, at=0)
fig("t0.ratio.CHN-RUS", U2, dyad(FLAG, "CHN", "RUS", "power_ratio", 0))
for a in ("CHN", "USA", "EU"):
    fig(f"t0.ratio.{a}-RUS.1", U1, dyad(FLAG, a, "RUS", "power_ratio", 0))

# The flagship and its variants.
scenario_figures("flag", FLAG, when=False)
pair_figures("flag", FLAG, suffix=".3", fmt=S3)
pair_figures("flag", FLAG, pairs=(("RUS", "IND"), ("RUS", "JPN"), ("RUS", "EU")))
fig("flag.ratio.3", U3, dyad(FLAG, "CHN", "RUS", "power_ratio"))
for t in (8, 16, 24, 32, 40):  # arms_restraint's schedule: r at each window's start
    fig(f"flag.ratio.t{t}", U2, dyad(FLAG, "CHN", "RUS", "power_ratio", t))
for sid, col, fmt in (("CHN", "milex", U1), ("CHN", "energy", INT), ("RUS", "gdp", INT)):
    fig(f"flag.{sid}.{col}", fmt, state(FLAG, sid, col))
for axis in ("order", "east_west"):
    fig(f"flag.CHN.{axis}", S2, state(FLAG, "CHN", axis))
fig("flag.M.CHN-RUS", U2, dyad(FLAG, "CHN", "RUS", "arms_dep_ab"))
above = first_tick(FLAG, "S(RUS,CHN) > 0.6", lambda r, t: r.dyad("RUS", "CHN", "alignment", t) > 0.6)
fig("flag.S.RUS-CHN.above0.6", DATE, date_of(FLAG, above))
fig("flag.S.RUS-CHN.above0.6.tick", TICK, above)
expected = scen("pivot_to_asia_2014", "parameters.incident_mode=expected")
fig("flag.expected.S.RUS-USA", S3, dyad(expected, "RUS", "USA", "alignment"))
fig("flag.expected.S.RUS-CHN", S2, dyad(expected, "RUS", "CHN", "alignment"))
for p in ("0.02", "0.07", "0.08", "0.10"):
    pair_figures(f"pivot{p[2:]}", PIVOT[p])
fig("pivot.first_below-0.5", Fmt(lambda v: v or "none", r"\d+\.\d+|none", "a pivot value"), generated(
    "the smallest P of 0.02, 0.07, 0.08, 0.09, 0.10 with S(RUS,USA) < -0.5 at the last tick of `bpsim run "
    "scenarios/pivot_to_asia_2014.yaml --set states.RUS.traits.pivot=P`", list(PIVOT.values()),
    lambda R: next((p for p in sorted(PIVOT) if R[PIVOT[p].key].dyad("RUS", "USA", "alignment") < -0.5), None)))
fig("pivot02.ratio", U2, dyad(PIVOT["0.02"], "CHN", "RUS", "power_ratio"))
fig("pivot02.blocked", INT, blocked(PIVOT["0.02"], "RUS", "CHN"))
fig("pivot.sweep", None, generated(
    "P: S(RUS,CHN) / S(RUS,USA) at the last tick of `bpsim run scenarios/pivot_to_asia_2014.yaml"
    " --set states.RUS.traits.pivot=P` for P = 0.02, 0.07, 0.08, 0.09, 0.10",
    list(PIVOT.values()),
    lambda R: "\n".join("   ".join(
        f"{p}: {R[PIVOT[p].key].dyad('RUS', 'CHN', 'alignment'):+.2f} / {R[PIVOT[p].key].dyad('RUS', 'USA', 'alignment'):+.2f}"
        for p in row) for row in (("0.02", "0.07", "0.08"), ("0.09", "0.10")))))

scenario_figures("nosanc", NOSANC)
nosanc_chn = {axis: state(NOSANC, "CHN", axis) for axis in ("order", "east_west")}
for axis, v in nosanc_chn.items():
    fig(f"nosanc.CHN.{axis}", S2, v)
scenario_figures("wedge", WEDGE)
pair_figures("wedge.identity", scen("us_wedge", *WEDGE_IDENTITY))

# arms_restraint
scenario_figures("restraint", RESTRAINT)
fig("restraint.blocked.first", DATE, date_of(RESTRAINT, first_tick(
    RESTRAINT, "a RUS->CHN sale is blocked",
    lambda r, t: any(int(e["tick"]) == t for e in r.events("blocked_sale", "RUS;CHN")))))


def _resume(r):
    last = max(int(e["tick"]) for e in r.events("blocked_sale", "RUS;CHN"))
    return next(int(e["tick"]) for e in r.events("arms_sale", "RUS;CHN") if int(e["tick"]) > last)


fig("restraint.resume", DATE, custom("date of the first RUS->CHN delivery after the last blocked one", RESTRAINT,
                                     lambda r: (r, [_resume(r)])))


def _threat_before_sanctions(r, agg):
    ticks = [int(e["tick"]) for e in r.events("blocked_sale", "RUS;CHN") if int(e["tick"]) < 17]
    return agg(r.dyad("RUS", "CHN", "threat_ab", t) for t in ticks)


fig("restraint.T.RUS-CHN.blocked_before_2014Q2.min", U2, custom(
    "smallest T(RUS,CHN) (dyads.csv threat) at the ticks of blocked RUS->CHN sales before tick 17", RESTRAINT,
    lambda r: _threat_before_sanctions(r, min)))
fig("restraint.T.RUS-CHN.blocked_before_2014Q2.max", U2, custom(
    "largest T(RUS,CHN) at the ticks of blocked RUS->CHN sales before tick 17", RESTRAINT,
    lambda r: _threat_before_sanctions(r, max)))
for date in ("2016Q1", "2018Q1", "2021Q1"):
    t_value = dyad(RESTRAINT, "RUS", "CHN", "threat_ab", date)
    fig(f"restraint.T.RUS-CHN.{date}", U2, t_value)
    fig(f"restraint.T.RUS-CHN.{date}.3", U3, t_value)
for sid, col, fmt in (("CHN", "milex", U1), ("RUS", "gdp", INT)):
    mine, theirs = state(RESTRAINT, sid, col), state(FLAG, sid, col)
    fig(f"restraint.{sid}.{col}", fmt, mine)
    fig(f"restraint.{sid}.{col}.change", num("+.0%") if sid == "CHN" else num("+.1%"),
        expr("{} / {} - 1", lambda a, b: a / b - 1, mine, theirs))
fig("restraint.S.RUS-CHN.change", S2, expr("{} - {}", lambda a, b: a - b,
                                           dyad(RESTRAINT, "RUS", "CHN", "alignment"), dyad(FLAG, "RUS", "CHN", "alignment")))
fig("restraint.M.CHN-RUS", U2, dyad(RESTRAINT, "CHN", "RUS", "arms_dep_ab"))
restraint_nosanc = scen("arms_restraint", NO_SANCTIONS_2014)
fig("restraint.nosanc.blocked", INT, blocked(restraint_nosanc, "RUS", "CHN"))
fig("restraint.nosanc.blocked.when", PERIODS, blocked_ticks(restraint_nosanc, "RUS", "CHN"))
fig("restraint.nosanc.S.RUS-CHN", S2, dyad(restraint_nosanc, "RUS", "CHN", "alignment"))
restraint_pivot02 = scen("arms_restraint", "states.RUS.traits.pivot=0.02")
pair_figures("restraint.pivot02", restraint_pivot02)
fig("restraint.pivot02.blocked", INT, blocked(restraint_pivot02, "RUS", "CHN"))
fig("restraint.pivot02.blocked.when", PERIODS, blocked_ticks(restraint_pivot02, "RUS", "CHN"))
restraint_gentle = scen("arms_restraint", *GENTLE)
fig("restraint.gentle.blocked", INT, blocked(restraint_gentle, "RUS", "CHN"))
fig("restraint.gentle.blocked.when", PERIODS, blocked_ticks(restraint_gentle, "RUS", "CHN"))

# euro_pacific_hedging
scenario_figures("hedging", HEDGING, when=False)
pair_figures("hedging", HEDGING, pairs=(("RUS", "IND"), ("RUS", "JPN"), ("RUS", "EU")))
fig("hedging.ratio.1", U1, dyad(HEDGING, "CHN", "RUS", "power_ratio"))
fig("hedging.slowdown", U1, expr("{} - {}", lambda a, b: a - b,
                                 dyad(FLAG, "RUS", "CHN", "alignment"), dyad(HEDGING, "RUS", "CHN", "alignment")))
fig("hedging.partners_only.S.RUS-CHN", S2, dyad(scen("euro_pacific_hedging", "states.RUS.traits.hedging=0"),
                                               "RUS", "CHN", "alignment"))
fig("hedging.hedging_only.S.RUS-CHN", S2, dyad(scen("euro_pacific_hedging", *PARTNERS_OFF), "RUS", "CHN", "alignment"))
hedging_nosanc = scen("euro_pacific_hedging", NO_SANCTIONS_2014)
pair_figures("hedging.nosanc", hedging_nosanc, pairs=(("RUS", "CHN"), ("RUS", "IND")))
pair_figures("hedging.pivot02", scen("euro_pacific_hedging", "states.RUS.traits.pivot=0.02"))


def hedge_factor(ratio, h=0.8, tol=4.1):
    """MODEL.md v1's hedging: the pull toward a partner p_j/p_i > tol times stronger is
    multiplied by 1 - h (1 - tol p_i/p_j)."""
    return 1.0 if ratio <= tol else 1 - h * (1 - tol / ratio)


for a, at in (("CHN", 0), ("CHN", None), ("USA", 0), ("EU", 0)):
    fig(f"hedging.factor.{a}" + (".t0" if at == 0 else ""), U2, expr(
        "1 - 0.8 (1 - 4.1 / r) (MODEL.md v1 hedging, 1 if r <= 4.1), r = {}", hedge_factor,
        dyad(HEDGING, a, "RUS", "power_ratio", at)))

# energy_alliance
pair_figures("energy", ENERGY, suffix=".3", fmt=S3)
fig("energy.ratio.3", U3, dyad(ENERGY, "CHN", "RUS", "power_ratio"))
fig("energy.E.CHN-RUS", U2, dyad(ENERGY, "CHN", "RUS", "energy_dep_ab"))
fig("energy.CHN.energy", INT, state(ENERGY, "CHN", "energy"))
fig("energy.RUS.gdp", INT, state(ENERGY, "RUS", "gdp"))
for col, key, fmt in (("diff", "", num("+.4f")), ("diff_ci_lo", ".lo", num(".4f")), ("diff_ci_hi", ".hi", num(".4f"))):
    fig(f"energy.compare.S.CHN-RUS{key}", fmt, compared(ENERGY_COMPARE, "dyad:CHN:RUS:alignment@last",
                                                      "energy-alliance", col))
fig("energy.compare.ratio", num("+.3f"), compared(ENERGY_COMPARE, "dyad:CHN:RUS:power_ratio@last",
                                                 "energy-alliance", "diff"))

# The story test's statistics (seeds 1-60 with noise, as tests/story/paper_story_test.cpp).
rus_chn = lambda r: dyad(r, "RUS", "CHN", "alignment")  # noqa: E731
rus_usa = lambda r: dyad(r, "RUS", "USA", "alignment")  # noqa: E731
fig("story.closer", INT, paired(STORY_WITH, STORY_WITHOUT, "pairs with S(RUS,CHN) higher with sanctions", rus_chn,
                                lambda ps: sum(a > b for a, b in ps)))
fig("story.faster", INT, paired(STORY_WITH, STORY_WITHOUT, "pairs with CHN/RUS ratio growth larger with sanctions",
                                ratio_growth, lambda ps: sum(a > b for a, b in ps)))
fig("story.pivot02.closer", INT, paired(STORY_PIVOT02, STORY_WITHOUT, "pairs with S(RUS,CHN) higher with sanctions",
                                        rus_chn, lambda ps: sum(a > b for a, b in ps)))
for name, runs in (("with", STORY_WITH), ("without", STORY_WITHOUT)):
    fig(f"story.{name}.ratio_growth", U3, over(runs, "mean", ratio_growth, mean))
    fig(f"story.{name}.S.RUS-CHN", S2, over(runs, "mean", rus_chn, mean))
fig("story.with.S.RUS-USA.3", S3, over(STORY_WITH, "mean", rus_usa, mean))
fig("story.without.S.RUS-USA", S2, over(STORY_WITHOUT, "mean", rus_usa, mean))
for stat, agg in (("min", min), ("max", max)):
    fig(f"story.with.S.RUS-CHN.{stat}", S2, over(STORY_WITH, stat, rus_chn, agg))
    fig(f"story.with.S.RUS-USA.{stat}", S2, over(STORY_WITH, stat, rus_usa, agg))
fig("story.with.S.RUS-USA.below-0.5", INT, over(STORY_WITH, "count of S(RUS,USA) < -0.5", rus_usa,
                                                lambda xs: sum(x < -0.5 for x in xs)))

# ric_triangle_1996
RIC_PAIRS = (("RUS", "CHN"), ("RUS", "IND"), ("CHN", "IND"), ("RUS", "USA"), ("IND", "USA"))
for a, b in RIC_PAIRS:
    fig(f"ric.S.{a}-{b}", S2, dyad(RIC, a, b, "alignment"))
for a, b in RIC_PAIRS[:3]:
    fig(f"ric.S.{a}-{b}.t0", S2, dyad(RIC, a, b, "alignment", 0))
for a, b in (("RUS", "CHN"), ("RUS", "USA")):
    fig(f"ric.S.{a}-{b}.t24", S2, dyad(RIC, a, b, "alignment", 24))
for a, b in RIC_PAIRS[:3]:
    fig(f"ric.R.{a}-{b}", U2, dyad(RIC, a, b, "relation"))


def _r_cell(v):
    return ("-" if v < 0 else " ") + f"{abs(v):.2f}"[1:]


def _ric_table(R):
    r = R[RIC.key]
    last = r.last_tick()
    dates = [r.date(t) for t in (0, 12, 24)] + [r.date(last - 1)]
    lines = [(" " * 9 + "  ".join(d.center(13) for d in dates)).rstrip()]
    for a, b in RIC_PAIRS:
        cells = [f"S {r.dyad(a, b, 'alignment', t):+.2f} R{_r_cell(r.dyad(a, b, 'relation', t))}"
                 for t in (0, 12, 24, last)]
        lines.append(f"{a}-{b}  " + "  ".join(cells))
    return "\n".join(lines)


fig("ric.table", None, generated(
    "S and R of the RIC and US dyads at ticks 0, 12, 24 and the last (dated by the quarter it ends) of "
    f"`{RIC.describe()}`", [RIC], _ric_table))


def _blocs(r, at=None):
    """Connected components of S >= 0.5 (ODD 7.13), members in the file's state order."""
    order = r.states_order()
    parent = {s: s for s in order}

    def root(s):
        while parent[s] != s:
            s = parent[s]
        return s
    for row in r.dyads_at(at):
        if float(row["alignment"]) >= 0.5:
            parent[root(row["b"])] = root(row["a"])
    groups = {}
    for s in order:
        groups.setdefault(root(s), []).append(s)
    return sorted(groups.values(), key=lambda g: (-len(g), order.index(g[0])))


fig("ric.blocs", BLOCS, custom("blocs (connected components of S >= 0.5) at the last tick", RIC, _blocs))
fig("ric.ratio.t0", U2, dyad(RIC, "CHN", "RUS", "power_ratio", 0))
fig("ric.ratio", U2, dyad(RIC, "CHN", "RUS", "power_ratio"))
for sid in ("USA", "EU", "JPN", "RUS", "IND", "CHN"):
    fig(f"ric.{sid}.order", S2, state(RIC, sid, "order"))
fig("ric.RIC.order_spread", U2, custom(
    "largest minus smallest `order` of RUS, IND, CHN at the last tick", RIC,
    lambda r: max(r.state(s, "order") for s in ("RUS", "IND", "CHN")) - min(r.state(s, "order") for s in ("RUS", "IND", "CHN"))))
fig("ric.West.power.t0", about_tens_pct(), custom("power share of USA, EU and JPN at tick 0", RIC,
                                                  lambda r: sum(r.state(s, "power", 0) for s in ("USA", "EU", "JPN"))))


def largest_change(run_a, run_b, col, desc, pairs=None, ticks=(None,)):
    """max |col(a) - col(b)| over the given pairs (None: every dyad) and ticks (None: the last)."""
    def fn(R):
        a, b = R[run_a.key], R[run_b.key]
        return max(abs(a.dyad(i, j, col, t) - b.dyad(i, j, col, t))
                   for t in ticks for i, j in (pairs or [(r["a"], r["b"]) for r in a.dyads_at(t)]))
    over_what = "all dyads" if pairs is None else ", ".join(f"{i}-{j}" for i, j in pairs)
    return V(f"largest |{col}| difference at {', '.join(map(_when, ticks))} over {over_what}, `{run_a.describe()}`"
             f" against `{run_b.describe()}` ({desc})", [run_a, run_b], fn)


RIC_NO_KOSOVO_IRAQ = scen("ric_triangle_1996", *KOSOVO_IRAQ_OFF)
RIC_PIVOT02 = scen("ric_triangle_1996", "states.RUS.traits.pivot=0.02")
fig("ric.kosovo_iraq.largest_change", at_most(2), expr(
    "the larger of {} and {}", max,
    largest_change(RIC, RIC_NO_KOSOVO_IRAQ, "alignment", "Kosovo and Iraq off", RIC_PAIRS, (24, None)),
    largest_change(RIC, RIC_NO_KOSOVO_IRAQ, "relation", "Kosovo and Iraq off", RIC_PAIRS, (24, None))))
fig("ric.pivot02.largest_change.S", at_most(2), largest_change(RIC, RIC_PIVOT02, "alignment", "pivot 0.02"))
fig("ric.pivot02.largest_change.R", at_most(3), largest_change(RIC, RIC_PIVOT02, "relation", "pivot 0.02"))
for a, b in (("RUS", "CHN"), ("RUS", "USA")):
    fig(f"ric.pivot02.S.{a}-{b}.t24", S2, dyad(RIC_PIVOT02, a, b, "alignment", 24))
ric_kappa = scen("ric_triangle_1996", "states.RUS.traits.kappa=0.15")
fig("ric.kappa.RUS.order", S2, state(ric_kappa, "RUS", "order"))
pair_figures("ric.kappa", ric_kappa, pairs=(("RUS", "CHN"), ("RUS", "IND"), ("RUS", "USA")))
ric_beta = scen("ric_triangle_1996", "states.CHN.traits.beta=1", "states.IND.traits.beta=1")
pair_figures("ric.beta1", ric_beta, pairs=(("CHN", "IND"), ("RUS", "CHN"), ("RUS", "IND")))

# classroom_three_powers
for sid in ("HEG", "RIS", "SWG"):
    fig(f"class.p.{sid}.t0", U3, state(CLASS, sid, "power", 0))
for a, b in (("HEG", "SWG"), ("SWG", "RIS"), ("HEG", "RIS")):
    fig(f"class.S.{a}-{b}.t0", S2, dyad(CLASS, a, b, "alignment", 0))
for b in ("HEG", "RIS"):
    fig(f"class.T.SWG-{b}.t0", U3, dyad(CLASS, "SWG", b, "threat_ab", 0))
fig("class.T.SWG-RIS.t30", U3, dyad(CLASS, "SWG", "RIS", "threat_ab", 30))
for axis in ("order", "east_west"):
    fig(f"class.SWG.{axis}.t1.4", num(".4f"), state(CLASS, "SWG", axis, 1))
    for t in (1, 10, 20, 30):
        fig(f"class.SWG.{axis}.t{t}", U3, state(CLASS, "SWG", axis, t))
for b in ("HEG", "RIS"):
    for t in (10, 30):
        fig(f"class.S.SWG-{b}.t{t}", S2, dyad(CLASS, "SWG", b, "alignment", t))
    fig(f"class.R.SWG-{b}.t30", S2, dyad(CLASS, "SWG", b, "relation", 30))
overtake = first_tick(CLASS, "p(RIS) > p(HEG)", lambda r, t: r.state("RIS", "power", t) > r.state("HEG", "power", t))
fig("class.overtake", TICK, overtake)
for sid in ("RIS", "HEG"):
    fig(f"class.p.{sid}.overtake", U3, V(f"states.csv {sid} power at the {overtake.desc}", [CLASS],
                                         lambda R, sid=sid: R[CLASS.key].state(sid, "power", overtake.get(R))))
    fig(f"class.p.{sid}.t30", U3, state(CLASS, sid, "power", 30))

# README's compare example
def var_gain(sc):
    return expr("{} / {}", lambda u, p: u / p, compared(COMPARE, RC_LAST, sc, "var_unpaired"),
                compared(COMPARE, RC_LAST, sc, "var_paired"))


fig("compare.pivot.diff", U2, compared(COMPARE, RC_LAST, "pivot-to-asia-2014", "diff"))
fig("compare.pivot.higher", INT, expr("{} x {}", lambda share, n: share * n,
                                      compared(COMPARE, RC_LAST, "pivot-to-asia-2014", "share_higher"),
                                      compared(COMPARE, RC_LAST, "pivot-to-asia-2014", "runs_defined")))
fig("compare.pivot.var_gain", U1, var_gain("pivot-to-asia-2014"))
fig("compare.wedge.var_gain.0", INT, var_gain("us-wedge"))

# The Sobol' sweep (README worked example, scenarios/README.md, docs/sweeps.md).
PARAMS = {"intensity": "events.0.sanctions.intensity", "pivot": "states.RUS.traits.pivot",
          "hedging": "states.RUS.traits.hedging", "w_t": "parameters.w_t", "threshold": "events.1.arms_sale.threshold"}
for key in ("intensity", "w_t", "pivot"):
    for index in ("S1", "ST"):
        fig(f"sobol.{key}.{index}", U2, sobol(SOBOL, RC_LAST, PARAMS[key], index))
for index in ("S1", "ST"):
    for col, suffix in (("ci_lo", ".lo"), ("ci_hi", ".hi")):
        fig(f"sobol.intensity.{index}{suffix}", U2, sobol(SOBOL, RC_LAST, PARAMS["intensity"], index, col))
    fig(f"sobol.intensity.{index}.about", about_tens_pct(), sobol(SOBOL, RC_LAST, PARAMS["intensity"], index))
fig("sobol.minor.ST", at_most(3), expr("the larger of {} and {}", max, sobol(SOBOL, RC_LAST, PARAMS["hedging"], "ST"),
                                       sobol(SOBOL, RC_LAST, PARAMS["threshold"], "ST")))
for col, key in (("estimate", ""), ("ci_lo", ".lo"), ("ci_hi", ".hi")):
    fig(f"sobol.ratio.intensity.S1{key}", U3, sobol(SOBOL, "dyad:CHN:RUS:power_ratio@last", PARAMS["intensity"],
                                                    "S1", col))
fig("prim.density", U1, prim_box(SOBOL, "density"))
fig("prim.coverage", num(".0%"), prim_box(SOBOL, "coverage"))
fig("prim.intensity.lo", U2, prim_box(SOBOL, "lo", PARAMS["intensity"]))
fig("prim.pivot.lo", U3, prim_box(SOBOL, "lo", PARAMS["pivot"]))

# Model v2 (docs/ODD.md Section 11): the shipped files run under `--set model=v2`.
V2 = "model=v2"
LONG = ("ticks=1000",) + NOISE[:2]
SHIPPED = ("pivot_to_asia_2014", "no_sanctions_2014", "us_wedge", "arms_restraint", "euro_pacific_hedging",
           "energy_alliance", "ric_triangle_1996", "classroom_three_powers")


def _axes(r):
    with open(os.path.join(r.path, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)["alignment_axes"]


def near_bounds(r):
    """Alignment coordinates within 0.01 of +-1 at the last tick."""
    t = r.last_tick()
    return sum(abs(r.state(sid, axis, t)) >= 0.99 for sid in r.states_order() for axis in _axes(r))


def coordinates(r):
    return len(r.states_order()) * len(_axes(r))


def concentration_max(r):
    return max(float(row["concentration"]) for row in r.table("world"))


for name in SHIPPED:
    for model in ("v1", "v2"):
        long_run = scen(name, f"model={model}", *LONG, seed=5)
        fig(f"long.{model}.{name}.near", INT, custom("alignment coordinates within 0.01 of +-1 at the last tick",
                                                     long_run, near_bounds))
    fig(f"long.{name}.coordinates", INT, custom("alignment coordinates", long_run, coordinates))
    fig(f"long.{name}.con_max", U2, custom("largest concentration over the ticks", long_run, concentration_max))
FLAG_V2 = scen("pivot_to_asia_2014", V2)
NOSANC_V2 = scen("no_sanctions_2014", V2)
FLAG_V2_PIVOT02 = scen("pivot_to_asia_2014", V2, "states.RUS.traits.pivot=0.02")
for prefix, run in (("v2.flag", FLAG_V2), ("v2.nosanc", NOSANC_V2), ("v2.pivot02", FLAG_V2_PIVOT02)):
    pair_figures(prefix, run)
    fig(f"{prefix}.R.RUS-CHN", U2, dyad(run, "RUS", "CHN", "relation"))
    fig(f"{prefix}.T.RUS-CHN", U3, dyad(run, "RUS", "CHN", "threat_ab"))
    fig(f"{prefix}.blocked", INT, blocked(run, "RUS", "CHN"))
fig("v2.T.RUS-CHN.t0", U3, dyad(FLAG_V2, "RUS", "CHN", "threat_ab", 0))
# The status_quo security check on Russia's sales to China (ODD Section 11, change 7;
# tests/scenarios/security_check_test.cpp).
STATUS_QUO = "events.rus_chn_arms.arms_sale.policy=status_quo"
FLAG_SQ = scen("pivot_to_asia_2014", V2, STATUS_QUO)
NOSANC_SQ = scen("no_sanctions_2014", V2, STATUS_QUO)


def _blocked_at(run, pick, desc):
    return V(f"{desc} blocked_sale RUS;CHN tick in events.csv of `{run.describe()}`", [run],
             lambda R: (R[run.key], [pick([int(e["tick"]) for e in R[run.key].events("blocked_sale", "RUS;CHN")]
                                          or [None])]))


for prefix, run in (("v2.sq.flag", FLAG_SQ), ("v2.sq.nosanc", NOSANC_SQ)):
    fig(f"{prefix}.blocked", INT, blocked(run, "RUS", "CHN"))
    fig(f"{prefix}.first_blocked", DATE, _blocked_at(run, min, "the first"))
    fig(f"{prefix}.last_blocked", DATE, _blocked_at(run, max, "the last"))
    pair_figures(prefix, run)
# The same with noise on, over 20 paired seeds: restraint before 2014Q2, orders after 2016.
SQ_SEEDS = range(1, 21)
SQ_NOISY_WITH = [scen("pivot_to_asia_2014", V2, STATUS_QUO, *NOISE, seed=s) for s in SQ_SEEDS]
SQ_NOISY_WITHOUT = [scen("no_sanctions_2014", V2, STATUS_QUO, *NOISE, seed=s) for s in SQ_SEEDS]


def _rus_chn(kind, lo, hi):
    def make(run):
        return custom(f"{kind} RUS;CHN rows of ticks {lo}..{hi - 1} in events.csv", run,
                      lambda r: sum(lo <= int(e["tick"]) < hi for e in r.events(kind, "RUS;CHN")))
    return make


fig("v2.sq.noisy.seeds", INT, over(SQ_NOISY_WITH, "count", _rus_chn("arms_sale", 0, 48), len))
fig("v2.sq.noisy.restrained", INT, over(SQ_NOISY_WITH, "count of runs with a blocked order before 2014Q2",
                                        _rus_chn("blocked_sale", 0, 17), lambda xs: sum(x > 0 for x in xs)))
fig("v2.sq.noisy.resumed", INT, paired(SQ_NOISY_WITH, SQ_NOISY_WITHOUT, "pairs with more orders 2016-2021 with sanctions",
                                       _rus_chn("arms_sale", 24, 48), lambda ps: sum(a > b for a, b in ps)))
# The story test under v2 with no tuned trait (tests/story/paper_story_test.cpp).
V2_UNTUNED = (V2, "states.RUS.traits.pivot=0.02", STATUS_QUO)
V2_STORY_WITH = [scen("pivot_to_asia_2014", *V2_UNTUNED, *NOISE, seed=s) for s in SEEDS]
V2_STORY_WITHOUT = [scen("no_sanctions_2014", *V2_UNTUNED, *NOISE, seed=s) for s in SEEDS]
fig("v2.story.closer", INT, paired(V2_STORY_WITH, V2_STORY_WITHOUT, "pairs with S(RUS,CHN) higher with sanctions",
                                   lambda r: dyad(r, "RUS", "CHN", "alignment"), lambda ps: sum(a > b for a, b in ps)))
for name, runs in (("with", V2_STORY_WITH), ("without", V2_STORY_WITHOUT)):
    fig(f"v2.story.{name}.S.RUS-CHN", S2, over(runs, "mean", lambda r: dyad(r, "RUS", "CHN", "alignment"), mean))
# Robustness of the untuned v2 story: a joint +-50% Latin hypercube of 19 parameters,
# 400 points x 20 seeds, paired with and without the sanctions.
ROBUST = Robustness("scenarios/pivot_to_asia_2014.yaml", V2_UNTUNED)


def _robust(outcome, key, fn, desc):
    return V(f"{desc} of the paired sanctions effect on {outcome} over {key} in `{ROBUST.describe()}`", [ROBUST],
             lambda R: fn(R[ROBUST.key][outcome][key]))


for short, outcome in (("S.RUS-CHN", "dyad:RUS:CHN:alignment@last"), ("S.RUS-USA", "dyad:RUS:USA:alignment@last")):
    for q in (5, 50, 95):
        fig(f"v2.robust.{short}.p{q}", S2, _robust(outcome, "points", lambda xs, q=q: robustness.percentile(xs, q / 100),
                                                    f"the {q}th percentile"))
    sign = 1 if short == "S.RUS-CHN" else -1  # the story: closer to China, farther from the USA
    fig(f"v2.robust.{short}.reversed", INT, _robust(outcome, "points", lambda xs, sign=sign: sum(sign * x < 0 for x in xs),
                                                     "points where the effect has the other sign"))
    fig(f"v2.robust.{short}.points", INT, _robust(outcome, "points", len, "the number of points"))
    fig(f"v2.robust.{short}.runs", INT, _robust(outcome, "runs", len, "the number of runs"))
fig("v2.robust.eps.corr", S2, V("rank correlation of eps with the point effect on S(RUS,CHN)", [ROBUST],
                                lambda R: R[ROBUST.key]["dyad:RUS:CHN:alignment@last"]["corr"]["defaults.eps"]))
fig("v2.sq.T.RUS-CHN.min", U3, custom("the smallest T[RUS,CHN] before 2014Q2", FLAG_SQ,
                                      lambda r: min(float(r.dyad("RUS", "CHN", "threat_ab", t)) for t in range(17))))
SHARED_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
SIPRI_FILE = os.path.join(SHARED_DATA, "sipri", "arms-transfers-tiv-1950-2010.csv")
_SIPRI_ROWS = []


def sipri_rows():
    """The SIPRI extract's rows, read once."""
    if not _SIPRI_ROWS:
        if not os.path.exists(SIPRI_FILE):
            raise FigureError(f"{SIPRI_FILE}: not found (the shared datasets, ../shared/data)")
        with open(SIPRI_FILE, newline="") as f:
            _SIPRI_ROWS.extend(csv.DictReader(f))
    return _SIPRI_ROWS


def sipri_tiv(supplier, recipient, year):
    """SIPRI TIV delivered in a year (the Soviet Union counted as Russia), from ../shared/data."""
    suppliers = {"Russia", "Soviet Union"} if supplier == "Russia" else {supplier}

    def fn(_R):
        return sum(float(r["value"]) for r in sipri_rows()
                   if r["supplier"] in suppliers and r["recipient"] == recipient and int(r["year"]) == year)
    return V(f"SIPRI TIV {supplier} -> {recipient} delivered in {year} (shared/data/sipri)", [], fn)


for year in (2005, 2010):
    fig(f"sipri.RUS-CHN.{year}", INT, sipri_tiv("Russia", "China", year))


def decay_km(year, majors):
    """analysis/proximity_decay.py's maximum-likelihood decay length from shared/data."""
    import proximity_decay

    def fn(_R):
        return proximity_decay.fit(proximity_decay.pairs_of(SHARED_DATA, year, majors)[1])[0]
    return V(f"decay length of `python3 analysis/proximity_decay.py --year {year} --majors {majors}`", [], fn)


fig("data.decay_km.2010.majors8", INT, decay_km(2010, 8))
fig("flag.R.RUS-CHN", U2, dyad(FLAG, "RUS", "CHN", "relation"))
fig("flag.T.RUS-CHN", U3, dyad(FLAG, "RUS", "CHN", "threat_ab"))

# Terminal transcripts quoted whole.
fig("readme.run", None, block(Transcript(("run scenarios/pivot_to_asia_2014.yaml --force --report", "output"))))
fig("readme.compare", None, block(Transcript((README_COMPARE, "output"))))
fig("readme.sweep", None, block(SOBOL))
fig("sweeps.warning", None, stderr_of(SOBOL, 3))

# Machine-dependent parts of transcripts: compared masked, never rewritten on their own.
VOLATILE = [re.compile(r"\d+(?:\.\d+)? s\b"), re.compile(r"\d+ runs/s on \d+ threads?")]


# ---------------------------------------------------------------------------------------
# The engine, the docs, and the three commands.

class Context:
    def __init__(self, bpsim, root, tmp):
        self.bpsim_path, self.root, self.tmp, self.results, self.users = bpsim, root, tmp, {}, {}

    def bpsim(self, args, source, cwd=None):
        res = subprocess.run([self.bpsim_path, *args], cwd=cwd or self.root, capture_output=True, text=True)
        if res.returncode != 0:
            raise FigureError(f"`bpsim {shlex.join(args)}` failed (exit {res.returncode}): "
                              f"{res.stderr.strip() or res.stdout.strip()}")
        return res

    def compute(self, fids, where):
        """Run every source the figures need (each once, in parallel) and return their values."""
        sources = {}
        for fid in fids:
            for s in FIGURES[fid][1].sources:
                sources.setdefault(s.key, s)
                self.users.setdefault(s.key, []).append(fid)
        todo = [s for k, s in sources.items() if k not in self.results]
        workers = max(1, os.cpu_count() or 1)
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            futures = {pool.submit(s.execute, self, os.path.join(self.tmp, f"s{i}")): s for i, s in enumerate(todo)}
            for fut in concurrent.futures.as_completed(futures):
                s = futures[fut]
                try:
                    self.results[s.key] = fut.result()
                except FigureError as e:
                    fid = self.users[s.key][0]
                    raise FigureError(f"{where.get(fid, 'figure ' + fid)}: figure {fid}: {e}") from None
        values = {}
        for fid in fids:
            fmt, value = FIGURES[fid]
            try:
                v = value.get(self.results)
                values[fid] = v if fmt is None else fmt.fn(v)
            except (FigureError, ValueError, KeyError, ZeroDivisionError, StopIteration) as e:
                raise FigureError(f"{where.get(fid, 'figure ' + fid)}: figure {fid}: cannot compute it: {e!r}") from None
        return values


def norm(text):
    return text.replace(MINUS, "-").replace(EN_DASH, "-")


def styled(new, old, path, fmt):
    """The engine's text in the quote's typography: Unicode minus (numbers) or en dash
    (ranges) in Markdown unless the quote used an ASCII hyphen."""
    if path.endswith(".md") and "-" not in old:
        return new.replace("-", EN_DASH if fmt is PERIODS else MINUS)
    return new


def masked(text):
    for v in VOLATILE:
        text = v.sub("<varies>", text)
    return text


class Quote:
    """One marked place: an inline quote (line, span) or a block (first, last line)."""

    def __init__(self, path, line, fid, kind, span=None, prefix="", fenced=False):
        self.path, self.line, self.fid, self.kind = path, line, fid, kind
        self.span, self.prefix, self.fenced, self.old = span, prefix, fenced, None

    def where(self, rel):
        return f"{rel(self.path)}:{self.line + 1}"


def scan(path, lines, rel):
    """Every marker of one file, checked for form and known ids."""
    quotes, i = [], 0
    while i < len(lines):
        line = lines[i]
        # A marker in `code` is an example of one (as in README's section on figures).
        visible = re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), line)
        begin = BLOCK_BEGIN.search(visible)
        if begin:
            fid = begin.group(1)
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().endswith(BLOCK_END)), None)
            if end is None:
                raise FigureError(f"{rel(path)}:{i + 1}: fig-block {fid} has no {BLOCK_END} line after it")
            check_id(fid, rel(path), i, block=True)
            prefix = line[:begin.start()]
            body = [strip_prefix(l, prefix) for l in lines[i + 1:end]]
            fenced = len(body) >= 2 and body[0].startswith("```") and body[-1].startswith("```")
            quotes.append(Quote(path, i, fid, "block", span=(i + 1, end), prefix=prefix, fenced=fenced))
            i = end + 1
            continue
        for m in MARK.finditer(visible):
            fid = m.group(1)
            check_id(fid, rel(path), i, block=False)
            fmt = FIGURES[fid][0]
            q = fmt.pattern.search(line[:m.start()])
            if not q:
                raise FigureError(f"{rel(path)}:{i + 1}: figure {fid}: no quote right before its marker "
                                  f"(expected the form {fmt.name}, e.g. {fmt.pattern.pattern})")
            quotes.append(Quote(path, i, fid, "inline", span=(q.start(), m.start())))
        stray = ANY_MARK.findall(MARK.sub("", BLOCK_BEGIN.sub("", visible)).replace(BLOCK_END, ""))
        if stray:
            raise FigureError(f"{rel(path)}:{i + 1}: malformed figure marker (use <!--fig:ID--> after a quote, "
                              f"or <!--fig-block:ID--> ... {BLOCK_END} lines)")
        i += 1
    return quotes


def strip_prefix(line, prefix):
    if line.startswith(prefix):
        return line[len(prefix):]
    if line == prefix.rstrip():
        return ""
    return line


def check_id(fid, rel_path, i, block):
    if fid not in FIGURES:
        raise FigureError(f"{rel_path}:{i + 1}: unknown figure id '{fid}' (python3 analysis/figures.py BPSIM --list)")
    if (FIGURES[fid][0] is None) != block:
        raise FigureError(f"{rel_path}:{i + 1}: figure {fid} is " + ("a block: mark it with <!--fig-block:ID--> lines"
                                                                    if not block else "inline: mark it <!--fig:ID-->"))


def block_text(q, lines):
    body = [strip_prefix(l, q.prefix) for l in lines[q.span[0]:q.span[1]]]
    return "\n".join(body[1:-1] if q.fenced else body)


def render_block(q, lines, text):
    body = [strip_prefix(l, q.prefix) for l in lines[q.span[0]:q.span[1]]]
    new = text.split("\n")
    if q.fenced:
        new = [body[0]] + new + [body[-1]]
    return [(q.prefix + l).rstrip() if q.prefix.strip() else l for l in new]


def write_atomic(path, text):
    d = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(path) + ".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv):
    ap = argparse.ArgumentParser(description="Check or rewrite the engine figures quoted in the docs.")
    ap.add_argument("bpsim", help="the engine binary")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 if a quote disagrees with the engine")
    mode.add_argument("--write", action="store_true", help="rewrite every quote to the engine's value")
    mode.add_argument("--list", action="store_true", help="every figure with its value and definition")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="the source tree (default: this script's)")
    ap.add_argument("files", nargs="*", help=f"files to scan (default: {' '.join(FILES)} in the root)")
    a = ap.parse_intermixed_args(argv)

    bpsim = os.path.abspath(a.bpsim)
    if not (os.path.isfile(bpsim) and os.access(bpsim, os.X_OK)):
        raise FigureError(f"{a.bpsim}: not an executable file (the bpsim binary, e.g. build/sim/bpsim)")
    root = os.path.abspath(a.root)
    paths = [os.path.abspath(f) for f in a.files] or sorted(
        p for pat in FILES for p in glob.glob(os.path.join(root, pat)))

    def rel(p):
        r = os.path.relpath(p)
        return p if r.startswith("..") else r

    docs, quotes = {}, []
    for p in paths:
        try:
            with open(p, encoding="utf-8", newline="") as f:
                docs[p] = f.read().split("\n")
        except OSError as e:
            raise FigureError(f"{p}: cannot read: {e.strerror}") from None
        quotes += scan(p, docs[p], rel)

    # The engine syncs every file it writes; in memory (/dev/shm) that costs nothing.
    scratch = os.environ.get("TMPDIR") or ("/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    with tempfile.TemporaryDirectory(prefix="bpsim-figures-", dir=scratch) as tmp:
        ctx = Context(bpsim, root, tmp)
        where = {}
        for q in quotes:
            where.setdefault(q.fid, q.where(rel))
        fids = sorted(FIGURES) if a.list else sorted({q.fid for q in quotes})
        values = ctx.compute(fids, where)

    if a.list:
        used = {q.fid for q in quotes}
        for fid in fids:
            fmt, v = FIGURES[fid]
            shown = f"block of {len(values[fid].splitlines())} lines" if fmt is None else values[fid]
            note = "" if fid in used else "  [quoted nowhere]"
            print(f"{fid} = {shown}{note}\n    {v.desc}" + ("" if fmt is None else f"; format {fmt.name}"))
        return 0

    stale, changed_files = [], set()
    # Inline quotes right to left on each line, so earlier spans stay valid; blocks last to first.
    for q in sorted(quotes, key=lambda q: (q.path, q.line, q.span[0]), reverse=True):
        lines = docs[q.path]
        fmt = FIGURES[q.fid][0]
        if q.kind == "inline":
            line = lines[q.line]
            old = line[q.span[0]:q.span[1]]
            new = values[q.fid]
            if norm(old) != norm(new):
                stale.append((q, old, new))
                lines[q.line] = line[:q.span[0]] + styled(new, old, q.path, fmt) + line[q.span[1]:]
        else:
            old, new = block_text(q, lines), values[q.fid]
            q.old = old
            if masked(old) != masked(new):
                stale.append((q, None, None))
                lines[q.span[0]:q.span[1]] = render_block(q, lines, new)
        if stale and stale[-1][0] is q:
            changed_files.add(q.path)

    stale.reverse()
    for q, old, new in stale:
        if a.check:
            if old is None:
                print(f"{q.where(rel)}: figure {q.fid} (block) differs from the engine's output:")
                diff = difflib.unified_diff(q.old.split("\n"), values[q.fid].split("\n"), "quoted", "engine", lineterm="")
                print("    " + "\n    ".join(list(diff)[2:]))
            else:
                print(f"{q.where(rel)}: figure {q.fid} quoted {old}, engine gives {new}")
        else:
            print(f"{q.where(rel)}: {q.fid}: " + ("block rewritten" if old is None else f"{old} -> {new}"))
    if a.write:
        for p in sorted(changed_files):
            write_atomic(p, "\n".join(docs[p]))
        print(f"figures: {len(stale)} of {len(quotes)} quotes rewritten in {len(changed_files)} files")
        return 0
    if stale:
        print(f"figures: {len(stale)} of {len(quotes)} quotes disagree with {a.bpsim}; "
              f"python3 analysis/figures.py {a.bpsim} --write rewrites them")
        return 1
    print(f"figures: OK, {len(quotes)} quotes in {len(paths)} file(s) agree with {a.bpsim}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except FigureError as e:
        print(f"figures.py: {e}", file=sys.stderr)
        sys.exit(2)
