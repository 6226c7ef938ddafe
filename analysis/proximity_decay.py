#!/usr/bin/env python3
"""The proximity decay length L of G = exp(-km / L), estimated from the shared datasets
(standard library only).

Usage (from the repo root):
    python3 analysis/proximity_decay.py                      # year 2010, ../shared/data
    python3 analysis/proximity_decay.py --year 1996 --data DIR

Every pair of states in the COW state system that year whose map centroid the SIPRI
extract gives (its supplier/recipient lon/lat columns): the great-circle distance between
the centroids, and whether the two share an ATOP alliance in force that year (any
obligation). L and p0 are the maximum-likelihood fit of P(allied | km) = p0 exp(-km / L)
over a grid of L (step 50 km; p0 in closed form for each L). Alliance ties stand for how
much two states' security concerns reach each other at that distance; p0 near 1 says the
fit needs no scale below 1 at distance 0, where G is 1. Prints the table of the allied share
by distance band beside the fitted curve, then L.

This is an estimate for discussion (issue 11), not yet used by a shipped scenario; `--majors 8`
(pairs with one of the eight largest states by CINC, the powers of the 2010 files) is the
estimate docs/ODD.md quotes (figures.py checks it).
"""

import argparse
import csv
import math
import os
from collections import defaultdict

EARTH_RADIUS_KM = 6371.0  # as sim/io/scenario/proximity.cpp


def great_circle_km(p, q):
    la1, lo1, la2, lo2 = map(math.radians, (*p, *q))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def centroids(data):
    out = {}
    with open(os.path.join(data, "sipri", "arms-transfers-tiv-1950-2010.csv"), newline="") as f:
        for r in csv.DictReader(f):
            for side in ("supplier", "recipient"):
                if r[side + "_cown"] and r[side + "_lat"]:
                    out[int(float(r[side + "_cown"]))] = (float(r[side + "_lat"]), float(r[side + "_lon"]))
    return out


def system_members(data, year):
    with open(os.path.join(data, "cow", "states2016.csv"), newline="") as f:
        return {int(r["ccode"]) for r in csv.DictReader(f) if int(r["styear"]) <= year <= int(r["endyear"])}


def allied_pairs(data, year):
    members = defaultdict(set)
    with open(os.path.join(data, "atop", "atop-member-level.csv"), newline="") as f:
        for r in csv.DictReader(f):
            exit_year = int(r["yrexit"])
            if int(r["yrent"]) <= year and (exit_year == 0 or exit_year >= year):
                members[r["atopid"]].add(int(r["member"]))
    return {(i, j) for ms in members.values() for i in ms for j in ms if i < j}


def largest_by_cinc(data, year, k):
    """The k states with the largest COW CINC score that year (NMC v6.0)."""
    with open(os.path.join(data, "nmc", "NMC-60-abridged-1816-2010.csv"), newline="") as f:
        rows = [(float(r["cinc"]), int(r["ccode"])) for r in csv.DictReader(f)
                if int(r["year"]) == year and r["cinc"] not in ("", "-9")]
    return {c for _, c in sorted(rows, reverse=True)[:k]}


def fit(pairs):
    """(L, p0, log-likelihood) of the best L on the grid."""
    best = None
    hits = sum(allied for _, allied in pairs)
    for L in range(250, 30001, 50):
        p0 = min(hits / sum(math.exp(-km / L) for km, _ in pairs), 1 - 1e-12)
        ll = sum(math.log(p0 * math.exp(-km / L)) if allied else math.log(1 - p0 * math.exp(-km / L))
                 for km, allied in pairs)
        if best is None or ll > best[2]:
            best = (L, p0, ll)
    return best


def pairs_of(data, year, majors_k=0):
    """(km, allied) for every pair of the year's states with centroids (with one of the
    majors_k largest by CINC when majors_k > 0)."""
    cent = centroids(data)
    states = sorted(s for s in system_members(data, year) if s in cent)
    allied = allied_pairs(data, year)
    majors = largest_by_cinc(data, year, majors_k) if majors_k else None
    return states, [(great_circle_km(cent[i], cent[j]), (i, j) in allied) for k, i in enumerate(states)
                    for j in states[k + 1:] if majors is None or i in majors or j in majors]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
    ap.add_argument("--year", type=int, default=2010)
    ap.add_argument("--majors", type=int, default=0, metavar="K",
                    help="only the pairs with a state among the K largest by CINC that year (0: every pair)")
    args = ap.parse_args()
    states, pairs = pairs_of(args.data, args.year, args.majors)
    L, p0, _ = fit(pairs)
    scope = f", those with one of the {args.majors} largest by CINC" if args.majors else ""
    print(f"{args.year}: {len(states)} states with centroids, {len(pairs)} pairs{scope}, "
          f"{sum(a for _, a in pairs)} allied")
    bands = defaultdict(lambda: [0, 0])
    for km, allied_pair in pairs:
        bands[int(km // 2000)][0] += 1
        bands[int(km // 2000)][1] += allied_pair
    print("  km band        pairs  allied share  fit p0 exp(-km/L) at the band's middle")
    for b in sorted(bands):
        n, a = bands[b]
        print(f"  {2000 * b:5d}-{2000 * b + 2000:5d}  {n:6d}  {a / n:12.3f}  {p0 * math.exp(-(2000 * b + 1000) / L):10.3f}")
    print(f"decay_km L = {L} (p0 = {p0:.3f})")


if __name__ == "__main__":
    main()
