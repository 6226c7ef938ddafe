#!/usr/bin/env python3
"""Self-test of analysis/figures.py: it can fail, it says where, and --write repairs.

Usage: python3 tests/analysis/figures_selftest.py BPSIM [SOURCE_DIR]

On temporary copies (the tree is never written): a doctored quote fails --check with
the copy's file and line and both values; --write restores the engine's value; a marker
with an unknown id and a missing binary are refused with a clear message; a doctored
block fails and is rewritten whole.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

BPSIM = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(SRC, "analysis", "figures.py")
SAMPLE = os.path.join(SRC, "scenarios", "pivot_to_asia_2014.yaml")
FIG = "flag.S.RUS-CHN"
failures = []


def figures(*args, binary=BPSIM):
    return subprocess.run([sys.executable, SCRIPT, binary, "--root", SRC, *args], capture_output=True, text=True)


def expect(cond, what, res=None):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)
        if res is not None:
            print(f"     exit {res.returncode}\n     stdout: {res.stdout.strip()}\n     stderr: {res.stderr.strip()}")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    original = read(SAMPLE)
    marker = f"<!--fig:{FIG}-->"
    quote = re.search(r"([-+]\d+\.\d+)" + re.escape(marker), original)
    assert quote, f"{SAMPLE} has no quote marked {marker}"
    line = original[:quote.start()].count("\n") + 1
    doctored_value = "+0.99" if quote.group(1) != "+0.99" else "-0.99"

    with tempfile.TemporaryDirectory(prefix="figures-selftest-") as tmp:
        copy = os.path.join(tmp, os.path.basename(SAMPLE))
        shutil.copyfile(SAMPLE, copy)

        res = figures("--check", copy)
        expect(res.returncode == 0 and "OK" in res.stdout, "the untouched copy passes --check", res)

        write(copy, original[:quote.start(1)] + doctored_value + original[quote.end(1):])
        res = figures("--check", copy)
        expect(res.returncode == 1, "a doctored quote fails --check (exit 1)", res)
        expected = f"{copy}:{line}: figure {FIG} quoted {doctored_value}, engine gives {quote.group(1)}"
        expect(expected in res.stdout, f"the failure names file, line and both values: {expected}", res)

        res = figures("--write", copy)
        expect(res.returncode == 0 and read(copy) == original, "--write restores the engine's value", res)
        res = figures("--check", copy)
        expect(res.returncode == 0, "the restored copy passes --check", res)

        write(copy, original.replace(marker, "<!--fig:no.such.figure-->", 1))
        res = figures("--check", copy)
        expect(res.returncode == 2 and f"{copy}:{line}: unknown figure id 'no.such.figure'" in res.stderr,
               "an unknown figure id is refused with file and line (exit 2)", res)

        write(copy, original.replace(marker, "<!--fig " + FIG + "-->", 1))
        res = figures("--check", copy)
        expect(res.returncode == 2 and f"{copy}:{line}: malformed figure marker" in res.stderr,
               "a malformed marker is refused with file and line (exit 2)", res)

        block = os.path.join(tmp, "block.md")
        write(block, "Pivot sweep:\n\n<!--fig-block:pivot.sweep-->\n```\nstale\n```\n<!--/fig-block-->\n")
        res = figures("--check", block)
        expect(res.returncode == 1 and f"{block}:3: figure pivot.sweep (block)" in res.stdout,
               "a doctored block fails --check", res)
        res = figures("--write", block)
        text = read(block)
        expect(res.returncode == 0 and "stale" not in text and re.search(r"```\n0\.02: [-+]\d\.\d\d / ", text)
               and text.endswith("```\n<!--/fig-block-->\n"), "--write rewrites the block inside its fence", res)
        res = figures("--check", block)
        expect(res.returncode == 0, "the rewritten block passes --check", res)

        write(copy, original)
        broken = os.path.join(tmp, "broken-bpsim")
        write(broken, "#!/bin/sh\necho 'error: something went wrong' >&2\nexit 1\n")
        os.chmod(broken, 0o755)
        res = figures("--check", copy, binary=broken)
        expect(res.returncode == 2 and re.search(re.escape(copy) + r":\d+: figure \S+: `bpsim run .*` failed \(exit 1\): "
                                                 r"error: something went wrong", res.stderr),
               "a run that fails is reported with the file and line of a quote that needs it", res)

        res = figures("--check", copy, binary=os.path.join(tmp, "no-such-bpsim"))
        expect(res.returncode == 2 and "not an executable file" in res.stderr, "a missing binary is refused", res)

    expect(read(SAMPLE) == original, "the tree's file is unchanged")
    print(f"figures self-test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
