#!/usr/bin/env python3
"""The JSON Schema `bpsim schema` writes, checked against the files it describes.

    validate_scenarios.py BPSIM SOURCE_DIR

- the schema is a valid draft-07 schema;
- every shipped scenario (scenarios/**/*.yaml) and tests/data/minimal.yaml validates;
- broken copies of tests/data/minimal.yaml, each refused by the loader, are refused by the
  schema too (a number out of its range, an unknown key, a rule without a required field,
  a choice not offered, two rules in one event, a misspelt rule);
- scenarios/scenario.schema.json is what `bpsim schema` writes, and every shipped scenario
  names it in a `# yaml-language-server: $schema=` line (VS Code's YAML extension);
- the tables `bpsim schema --markdown` writes appear in docs/ODD.md Section 8 verbatim;
- the same for sweep files (`bpsim schema --sweep`): every shipped and test sweep file and
  every YAML example of docs/sweeps.md validates, broken copies of a shipped one are
  refused, scenarios/sweep.schema.json is current and named by each shipped sweep file,
  and docs/sweeps.md holds the key tables of `bpsim schema --sweep --markdown`.
Needs Debian's python3-jsonschema and python3-yaml (`make deps` installs them)."""
import copy
import glob
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    sys.exit(f"error: {e}: install python3-jsonschema and python3-yaml (make deps)")


def main():
    bpsim, src = sys.argv[1], sys.argv[2]
    schema = json.loads(subprocess.run([bpsim, "schema"], check=True, capture_output=True, text=True).stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    failures = []
    files = sorted(glob.glob(os.path.join(src, "scenarios", "**", "*.yaml"), recursive=True))
    files.append(os.path.join(src, "tests", "data", "minimal.yaml"))
    for f in files:
        with open(f) as fh:
            doc = yaml.safe_load(fh)
        if not isinstance(doc, dict) or "design" in doc:  # sweep files (scenarios/sweeps/)
            continue
        for err in v.iter_errors(doc):
            failures.append(f"{f}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
    checked = len(files)

    with open(os.path.join(src, "tests", "data", "minimal.yaml")) as fh:
        minimal = yaml.safe_load(fh)

    def broken(name, change):
        doc = copy.deepcopy(minimal)
        change(doc)
        if v.is_valid(doc):
            failures.append(f"the schema accepts a scenario the loader refuses: {name}")

    broken("parameters.w_t = -1", lambda d: d["parameters"].update(w_t=-1))
    broken("an unknown top-level key", lambda d: d.update(colour="red"))
    broken("an unknown parameter", lambda d: d["parameters"].update(w_x=1))
    broken("sanctions without target", lambda d: d["events"][0]["sanctions"].pop("target"))
    broken("arms_sale policy 'sometimes'", lambda d: d["events"][1]["arms_sale"].update(policy="sometimes"))
    broken("exercise scale 2", lambda d: d["events"][2]["exercise"].update(scale=2))
    broken("two rules in one event", lambda d: d["events"][0].update(exercise={"participants": ["RUS", "CHN"], "scale": 1}))
    broken("a misspelt rule", lambda d: d["events"][3].update(engagment=d["events"][3].pop("engagement")))
    broken("a sanctions field misspelt", lambda d: d["events"][0]["sanctions"].update(intensty=0.5))
    broken("no states", lambda d: d.pop("states"))
    broken("no alignment axes (a file that extends none)", lambda d: d["dimensions"].pop("alignment"))
    broken("an energy deal without price",
           lambda d: d["events"].append({"energy_deal": {"seller": "RUS", "buyer": "CHN", "volume": 0.01}}))

    # A file that extends a base gives only what it changes: dimensions without axes is valid.
    extending = {"extends": "base.yaml", "dimensions": {"capability": [{"name": "energy", "role": "energy"}]}}
    if not v.is_valid(extending):
        failures.append("the schema refuses an extending file that changes only dimensions.capability")

    # The shipped copy (for editors) is the schema bpsim writes, and every shipped scenario
    # points its editor at it.
    shipped = os.path.join(src, "scenarios", "scenario.schema.json")
    with open(shipped) as fh:
        if json.load(fh) != schema:
            failures.append(f"{shipped} is not what `bpsim schema` writes: regenerate it with "
                            "`bpsim schema -o scenarios/scenario.schema.json --force`")
    for f in files[:-1]:
        if "/sweeps/" in f:
            continue
        rel = os.path.relpath(shipped, os.path.dirname(f))
        if f"# yaml-language-server: $schema={rel}\n" not in open(f).read():
            failures.append(f"{f}: no '# yaml-language-server: $schema={rel}' line for editors")

    odd = open(os.path.join(src, "docs", "ODD.md")).read()
    markdown = subprocess.run([bpsim, "schema", "--markdown"], check=True, capture_output=True, text=True).stdout
    for block in markdown.strip().split("\n\n"):
        if block.strip() and block.strip() not in odd:
            failures.append("docs/ODD.md Section 8 lacks this block of `bpsim schema --markdown` (regenerate it):\n"
                            + block[:300])

    sweeps = check_sweeps(bpsim, src, failures)
    if failures:
        sys.exit("\n".join(failures))
    print(f"schema: {checked} scenario files valid, 12 broken copies refused, 1 extending form accepted, ODD Section 8 tables current; "
          f"{sweeps}")


def check_sweeps(bpsim, src, failures):
    schema = json.loads(subprocess.run([bpsim, "schema", "--sweep"], check=True, capture_output=True, text=True).stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    files = sorted(glob.glob(os.path.join(src, "scenarios", "sweeps", "*.yaml")))
    shipped_count = len(files)
    for d in ("sweeps", "sweep_driver"):
        files += sorted(glob.glob(os.path.join(src, "tests", "data", d, "*.yaml")))
    docs = open(os.path.join(src, "docs", "sweeps.md")).read()
    examples = [b.split("```", 1)[0] for b in docs.split("```yaml\n")[1:]]
    for name, doc in [(f, yaml.safe_load(open(f))) for f in files] + \
                     [(f"docs/sweeps.md example {i + 1}", yaml.safe_load(t)) for i, t in enumerate(examples)]:
        for err in v.iter_errors(doc):
            failures.append(f"{name}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
    if len(examples) < 5:
        failures.append(f"docs/sweeps.md has {len(examples)} YAML examples; expected one per design kind (5)")

    grid = yaml.safe_load(open(os.path.join(src, "scenarios", "sweeps", "hedging_grid.yaml")))
    refused = 0

    def broken(name, change):
        nonlocal refused
        doc = copy.deepcopy(grid)
        change(doc)
        refused += 1
        if v.is_valid(doc):
            failures.append(f"the sweep schema accepts a sweep file the loader refuses: {name}")

    first = "states.RUS.traits.hedging"
    broken("no scenario", lambda d: d.pop("scenario"))
    broken("an unknown top-level key", lambda d: d.update(replicate=2))
    broken("replicates 0", lambda d: d.update(replicates=0))
    broken("design kind 'latin'", lambda d: d["design"].update(kind="latin"))
    broken("samples in a grid design", lambda d: d["design"].update(samples=10))
    broken("grid points 1", lambda d: d["design"].update(points=1))
    broken("a sobol design without samples", lambda d: d.update(design={"kind": "sobol"}))
    broken("levels in a sobol design", lambda d: d.update(design={"kind": "sobol", "samples": 64}))
    broken("morris with 3 levels", lambda d: d.update(design={"kind": "morris", "levels": 3}))
    broken("a random design without parameters", lambda d: (d.update(design={"kind": "random", "samples": 8}), d.pop("parameters")))
    broken("a range of three", lambda d: d["parameters"][first].update(range=[0, 0.5, 1]))
    broken("range and levels", lambda d: d["parameters"][first].update(levels=[0.1]))
    broken("scale with levels", lambda d: d["parameters"]["events.0.sanctions.intensity"].update(scale="log"))
    broken("scale 'exp'", lambda d: d["parameters"][first].update(scale="exp"))
    broken("a parameter path with a space", lambda d: d["parameters"].update({"parameters. w_t": {"range": [0, 1]}}))
    broken("a parameter path with an empty segment", lambda d: d["parameters"].update({"parameters..w_t": {"range": [0, 1]}}))
    broken("an outcome without a metric", lambda d: d.update(outcomes=["dyad:RUS:CHN"]))
    broken("an outcome twice", lambda d: d.update(outcomes=["world:blocs@last", "world:blocs@last"]))
    broken("trajectories 0", lambda d: d.update(trajectories=0))
    broken("a set value that is a list", lambda d: d["set"].update({"parameters.w_t": [1, 2]}))

    shipped = os.path.join(src, "scenarios", "sweep.schema.json")
    with open(shipped) as fh:
        if json.load(fh) != schema:
            failures.append(f"{shipped} is not what `bpsim schema --sweep` writes: regenerate it with "
                            "`bpsim schema --sweep -o scenarios/sweep.schema.json --force`")
    for f in files[:shipped_count]:
        rel = os.path.relpath(shipped, os.path.dirname(f))
        if f"# yaml-language-server: $schema={rel}\n" not in open(f).read():
            failures.append(f"{f}: no '# yaml-language-server: $schema={rel}' line for editors")

    markdown = subprocess.run([bpsim, "schema", "--sweep", "--markdown"], check=True, capture_output=True, text=True).stdout
    for block in markdown.strip().split("\n\n"):
        if block.strip() not in docs:
            failures.append("docs/sweeps.md lacks this block of `bpsim schema --sweep --markdown` (regenerate it):\n"
                            + block[:300])
    return (f"{len(files)} sweep files and {len(examples)} docs examples valid, {refused} broken sweep copies refused, "
            "docs/sweeps.md tables current")


if __name__ == "__main__":
    main()
