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
- the tables `bpsim schema --markdown` writes appear in docs/ODD.md Section 8 verbatim.
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

    if failures:
        sys.exit("\n".join(failures))
    print(f"schema: {checked} scenario files valid, 12 broken copies refused, 1 extending form accepted, ODD Section 8 tables current")


if __name__ == "__main__":
    main()
