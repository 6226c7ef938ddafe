#!/usr/bin/env python3
"""Same numbers on every x86-64 build: run every shipped scenario, with noise on, through
two bpsim binaries (e.g. the native Release build and a generic x86-64 one) and compare:
events.csv byte for byte, every number of states.csv, dyads.csv and world.csv within
1e-12 relative (1e-12 absolute near 0), every other field equal.

  compare_builds.py run BIN_A BIN_B [--scenarios DIR] [--work DIR]
  compare_builds.py compare DIR_A DIR_B      two result directories
  compare_builds.py self-test BIN            the checker itself on doctored copies

Exit 0 when everything agrees, 1 on a difference (each listed), 2 on bad usage.
Noise: parameters.sigma_a is the scenario's own when nonzero, else 0.01 (the values drawn
do not matter, only that both builds draw the same ones).
"""
import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOL = 1e-12
NOISE = 0.01
NUMERIC_FILES = ("states.csv", "dyads.csv", "world.csv")
EXACT_FILES = ("events.csv",)
MAX_REPORTED = 10


def scenario_sigma_a(path):
    """parameters.sigma_a as written in the file (0 when absent); comments ignored."""
    with open(path, encoding="utf-8") as f:
        text = "\n".join(line.split("#", 1)[0] for line in f)
    m = re.search(r"\bsigma_a\s*:\s*([-+0-9.eE]+)", text)
    return float(m.group(1)) if m else 0.0


def run(binary, scenario, out_dir, sigma):
    cmd = [binary, "run", scenario, "-o", out_dir, "--force",
           "--set", f"parameters.sigma_a={sigma!r}"]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        sys.exit(f"compare_builds: {' '.join(cmd)} exited {p.returncode}:\n{p.stdout}")


def as_number(field):
    try:
        v = float(field)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def close(a, b):
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b))


def compare_numeric(path_a, path_b, problems):
    """Returns the largest relative difference seen; appends each mismatch to problems."""
    with open(path_a, encoding="utf-8") as fa, open(path_b, encoding="utf-8") as fb:
        rows_a, rows_b = fa.read().splitlines(), fb.read().splitlines()
    name = os.path.basename(path_a)
    if len(rows_a) != len(rows_b):
        problems.append(f"{path_b}: {len(rows_b)} lines, {path_a} has {len(rows_a)}")
        return 0.0
    header = rows_a[0].split(",") if rows_a else []
    worst = 0.0
    for line, (ra, rb) in enumerate(zip(rows_a, rows_b), start=1):
        fa_, fb_ = ra.split(","), rb.split(",")
        if len(fa_) != len(fb_):
            problems.append(f"{name}:{line}: {len(fb_)} fields against {len(fa_)}")
            continue
        for col, (x, y) in enumerate(zip(fa_, fb_)):
            if x == y:
                continue
            a, b = as_number(x), as_number(y)
            column = header[col] if col < len(header) else f"column {col + 1}"
            if a is None or b is None or not close(a, b):
                problems.append(f"{name}:{line}: {column}: {x} against {y}")
                continue
            worst = max(worst, abs(a - b) / max(1.0, abs(a), abs(b)))
    return worst


def compare_dirs(dir_a, dir_b):
    """Problems (empty when the two result directories agree) and the worst difference."""
    problems, worst = [], 0.0
    for name in EXACT_FILES + NUMERIC_FILES:
        pa, pb = os.path.join(dir_a, name), os.path.join(dir_b, name)
        missing = [p for p in (pa, pb) if not os.path.isfile(p)]
        if missing:
            problems.extend(f"{p}: missing" for p in missing)
            continue
        if name in EXACT_FILES:
            with open(pa, "rb") as fa, open(pb, "rb") as fb:
                if fa.read() != fb.read():
                    problems.append(f"{pb}: not byte-identical to {pa}")
        else:
            worst = max(worst, compare_numeric(pa, pb, problems))
    return problems, worst


def report(label, problems, worst):
    if problems:
        print(f"{label}: {len(problems)} difference(s)")
        for p in problems[:MAX_REPORTED]:
            print(f"  {p}")
        if len(problems) > MAX_REPORTED:
            print(f"  ... and {len(problems) - MAX_REPORTED} more")
    else:
        print(f"{label}: same (largest relative difference {worst:.3g})")


def cmd_run(args):
    scenarios = sorted(os.path.join(args.scenarios, f) for f in os.listdir(args.scenarios)
                       if f.endswith(".yaml"))
    if not scenarios:
        sys.exit(f"compare_builds: no scenarios in {args.scenarios}")
    work = args.work or tempfile.mkdtemp(prefix="bpsim_cross_build_")
    failed = 0
    for s in scenarios:
        name = os.path.splitext(os.path.basename(s))[0]
        sigma = scenario_sigma_a(s) or NOISE
        dirs = [os.path.join(work, tag, name) for tag in ("a", "b")]
        for binary, d in zip((args.bin_a, args.bin_b), dirs):
            run(binary, s, d, sigma)
        problems, worst = compare_dirs(*dirs)
        report(f"{name} (sigma_a {sigma:g})", problems, worst)
        failed += bool(problems)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"compare_builds: {len(scenarios) - failed} of {len(scenarios)} scenarios agree "
          f"({args.bin_a} against {args.bin_b})")
    return 1 if failed else 0


def cmd_compare(args):
    problems, worst = compare_dirs(args.dir_a, args.dir_b)
    report(f"{args.dir_a} against {args.dir_b}", problems, worst)
    return 1 if problems else 0


def doctor_number(path, change):
    """Moves the last nonzero number of the file's last line by `change` times the tolerance's
    scale, max(1, |v|), so that 0.5 and 1.5 mean half and one and a half tolerances."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    fields = lines[-1].split(",")
    for i in range(len(fields) - 1, -1, -1):
        v = as_number(fields[i])
        if v is not None and v != 0:
            fields[i] = repr(v + change * TOL * max(1.0, abs(v)))
            break
    else:
        raise SystemExit(f"compare_builds self-test: no nonzero number on the last line of {path}")
    lines[-1] = ",".join(fields)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def cmd_self_test(args):
    """The checker must accept a copy, accept a change within the tolerance and refuse one
    beyond it in each numeric file, and refuse any change to events.csv."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios",
                       "classroom_three_powers.yaml")
    work = tempfile.mkdtemp(prefix="bpsim_cross_build_selftest_")
    try:
        base = os.path.join(work, "base")
        run(args.bin, src, base, NOISE)
        cases = [("copy", None, None, True)]
        for name in NUMERIC_FILES:
            cases += [(f"{name} off by half the tolerance", name, 0.5, True),
                      (f"{name} off by 1.5 times the tolerance", name, 1.5, False)]
        cases.append(("events.csv one byte", "events.csv", None, False))
        failures = 0
        for label, name, change, expect_same in cases:
            d = os.path.join(work, "case")
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(base, d)
            if name == "events.csv":
                with open(os.path.join(d, name), "a", encoding="utf-8") as f:
                    f.write(" ")
            elif name:
                doctor_number(os.path.join(d, name), change)
            problems, _ = compare_dirs(base, d)
            ok = (not problems) == expect_same
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {label}: "
                  f"{'same' if not problems else problems[0]} (expected {'same' if expect_same else 'a difference'})")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run every scenario through two binaries and compare")
    r.add_argument("bin_a")
    r.add_argument("bin_b")
    r.add_argument("--scenarios", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "..", "..", "scenarios"))
    r.add_argument("--work", help="keep the result directories here")
    c = sub.add_parser("compare", help="compare two result directories")
    c.add_argument("dir_a")
    c.add_argument("dir_b")
    t = sub.add_parser("self-test", help="check the checker on doctored copies of one run")
    t.add_argument("bin")
    args = p.parse_args()
    return {"run": cmd_run, "compare": cmd_compare, "self-test": cmd_self_test}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
