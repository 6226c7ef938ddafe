#!/usr/bin/env python3
"""Derive bpsim scenario values from the shared datasets (standard library only).

Usage (from the repo root):
    python3 analysis/scenario_values.py --year 2010
    python3 analysis/scenario_values.py --year 1996 --states USA EU CHN RUS IND JPN
    python3 analysis/scenario_values.py --data ../shared/data --year 2010 --window 5
    python3 analysis/scenario_values.py --year 1996 --states USA EU CHN RUS IND JPN \
        --benchmark 2007

Prints, for one year and a list of states, YAML-ready snippets for a scenario file:
capabilities (COW NMC, plus a few rough public magnitudes the data lack: GDP and
R&D), the `order` alignment axis (UNGA ideal points), initial arms dependence and
arms-sale volumes (SIPRI TIV), initial relations (ATOP), sanctions history (TIES),
and the citation strings to paste into the scenario's header.

State ids: COW abbreviations (e.g. CHN, RUS, IND, JPN, BRA, UKR, PAK), with three
exceptions: EU (the sum of the EU member states in force that year), KOR (COW ROK)
and GER (COW GMY, accepted for convenience).
"""

import argparse
import csv
import math
import os
import sys
from collections import defaultdict

DEFAULT_STATES = ["USA", "EU", "CHN", "RUS", "IND", "JPN", "KOR", "BRA"]
ALIASES = {"KOR": "ROK", "GER": "GMY"}
EU_CODE = 1000  # how TIES codes the EU as a sender or target

# EU (EEC/EC) members by COW code and accession year. West Germany (260) until 1990,
# united Germany (255) from 1990 (COW's coding). The UK left in 2020, after the data.
EU_ACCESSION = {
    211: 1958, 210: 1958, 212: 1958, 220: 1958, 255: 1990, 260: 1958, 325: 1958,
    390: 1973, 205: 1973, 200: 1973, 350: 1981, 230: 1986, 235: 1986,
    305: 1995, 375: 1995, 380: 1995,
    352: 2004, 316: 2004, 366: 2004, 310: 2004, 367: 2004, 368: 2004, 338: 2004,
    290: 2004, 317: 2004, 349: 2004, 355: 2007, 360: 2007, 344: 2013,
}

# Capital coordinates (lat, lon) for the optional proximity-by-distance mode.
CAPITALS = {
    "USA": (38.90, -77.04), "EU": (50.85, 4.35), "CHN": (39.90, 116.40),
    "RUS": (55.75, 37.62), "IND": (28.61, 77.21), "JPN": (35.68, 139.69),
    "KOR": (37.57, 126.98), "BRA": (-15.79, -47.88), "UKR": (50.45, 30.52),
    "PAK": (33.69, 73.05), "TUR": (39.93, 32.86), "IRN": (35.69, 51.39),
}

# Rough public magnitudes NOT in shared/data, kept few and labelled in every scenario.
# gdp: GDP, billions of current USD, World Bank WDI (NY.GDP.MKTP.CD), rounded; EU =
#   Eurostat EU aggregate converted at the year's average USD/EUR (ECU) rate, rounded.
# rnd_pct: gross domestic R&D expenditure, % of GDP, WDI (GB.XPD.RSDV.GD.ZS) / OECD
#   MSTI / UNESCO UIS, rounded to 0.1; rnd = gdp * rnd_pct / 100 (billions of USD).
# growth: rough annual real GDP growth for the run that follows, WDI 2010-2019 means
#   rounded to 0.5 pp (RUS: its 2010-2013 pre-sanctions trend), 1996: 1996-2007 means.
ROUGH = {
    2010: {
        "USA": (15000, 2.7, 2.5), "EU": (16300, 1.9, 1.5), "CHN": (6100, 1.7, 7.5),
        "RUS": (1520, 1.1, 3.5), "IND": (1680, 0.8, 7.0), "JPN": (5760, 3.1, 1.0),
        "KOR": (1140, 3.5, 3.5), "BRA": (2210, 1.2, 1.5),
    },
    1996: {
        "USA": (8070, 2.4, 3.0), "EU": (9300, 1.8, 2.5), "CHN": (860, 0.6, 9.5),
        "RUS": (390, 1.0, 4.5), "IND": (400, 0.6, 6.5), "JPN": (4830, 2.8, 1.0),
        "KOR": (600, 2.2, 5.0), "BRA": (850, 0.9, 3.0),
    },
}
ROUGH_SOURCE = ("gdp, rnd and growth are rough public magnitudes, not in shared/data: "
                "GDP World Bank WDI (current USD, rounded; EU from Eurostat at the "
                "year's USD/EUR rate), R&D = GDP x WDI/OECD MSTI GERD share (rounded), "
                "growth = WDI mean real GDP growth over the following decade, rounded")

CITATIONS = {
    "nmc": "COW National Material Capabilities v6.0 (Singer, Bremer & Stuckey 1972; "
           "Singer 1987, International Interactions 14:115-32)",
    "unga": "UNGA ideal points, July 2025 release (Bailey, Strezhnev & Voeten 2017, "
            "Journal of Conflict Resolution 61(2):430-56; doi:10.7910/DVN/LEJUQZ)",
    "sipri": "Source: SIPRI Arms Transfers Database (extract of 28 July 2022), "
             "processed by 360info (CC BY 4.0)",
    "atop": "ATOP v4.01 (Leeds, Ritter, Mitchell & Long 2002, International "
            "Interactions 28:237-60)",
    "ties": "TIES v4.1 (Morgan, Bapat & Kobayashi 2014, Conflict Management and Peace "
            "Science 31(5):541-58)",
    "cow": "Correlates of War Project (2017), State System Membership List v2016",
}

# TIES v4 codebook, variable issue1-3.
TIES_ISSUES = {
    1: "contain political influence", 2: "contain military behavior",
    3: "destabilize regime", 4: "release citizens/property", 5: "territorial dispute",
    6: "deny strategic materials", 7: "retaliate for alignment choice",
    8: "human rights", 9: "end weapons proliferation", 10: "support of non-state actors",
    11: "drug trafficking", 12: "environment", 13: "trade practices",
    14: "economic reform", 15: "other",
}

# ATOP obligation levels and the proposed initial relation for each (documented choice:
# a defense pact is a strong tie, consultation a moderate one, non-aggression a token).
OBLIGATION_NAMES = {3: "defense", 2: "consultation", 1: "non-aggression", 0: "none"}
RELATION_FOR_LEVEL = {3: 0.5, 2: 0.3, 1: 0.1, 0: 0.0}

NMC_FIELDS = ["milex", "milper", "irst", "pec", "tpop", "upop"]


# ---------------------------------------------------------------- reading the data

def read_csv(data_dir, rel_path):
    """Rows of one CSV file as dicts (latin-1 tolerates TIES's stray bytes)."""
    path = os.path.join(data_dir, rel_path)
    with open(path, newline="", encoding="latin-1") as f:
        return list(csv.DictReader(f))


def to_int(text):
    """COW codes arrive as '365', '365.0' or ''; None when missing."""
    try:
        return int(float(text))
    except (TypeError, ValueError):
        return None


def to_float(text):
    """A number, None when missing or NMC's -9 (missing) code."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return None if value == -9 or math.isnan(value) else value


def cow_abbreviations(data_dir):
    """COW abbreviation -> code, and code -> (abbreviation, name)."""
    by_abb, by_code = {}, {}
    for row in read_csv(data_dir, "cow/COW-country-codes.csv"):
        code = to_int(row["CCode"])
        by_abb.setdefault(row["StateAbb"], code)
        by_code.setdefault(code, (row["StateAbb"], row["StateNme"]))
    return by_abb, by_code


def eu_members(year):
    """COW codes of the EU member states at the end of `year`."""
    members = {c for c, y in EU_ACCESSION.items() if y <= year}
    members.discard(260 if year >= 1990 else 255)
    return members


def resolve_states(ids, year, by_abb):
    """Scenario id -> set of COW codes for that year."""
    groups = {}
    for sid in ids:
        if sid == "EU":
            groups[sid] = eu_members(year)
            continue
        code = by_abb.get(ALIASES.get(sid, sid))
        if code is None:
            sys.exit(f"unknown state id {sid!r}: use a COW abbreviation, EU or KOR")
        groups[sid] = {code}
    return groups


def code_to_state(groups):
    """COW code -> scenario id (EU members map to EU)."""
    lookup = {}
    for sid, codes in groups.items():
        for code in codes:
            lookup[code] = sid
    if "EU" in groups:
        lookup[EU_CODE] = "EU"
    return lookup


# ---------------------------------------------------------------- NMC capabilities

def nmc_values(data_dir, year, groups):
    """Per state: summed NMC components and CINC (CINC of a group = sum of CINCs,
    since CINC is linear in the component shares)."""
    wanted = {c: sid for sid, codes in groups.items() for c in codes}
    out = {sid: defaultdict(float) for sid in groups}
    missing = defaultdict(list)
    for row in read_csv(data_dir, "nmc/NMC-60-abridged-1816-2010.csv"):
        code = to_int(row["ccode"])
        if to_int(row["year"]) != year or code not in wanted:
            continue
        sid = wanted[code]
        for field in NMC_FIELDS + ["cinc"]:
            value = to_float(row[field])
            if value is None:
                missing[sid].append(f"{row['stateabb']}.{field}")
            else:
                out[sid][field] += value
    return out, missing


def print_nmc(nmc, missing, year):
    """Raw NMC table and the CINC ratios the founding question cares about."""
    print(f"## COW NMC v6.0, {year} (milex thousands of current USD; milper thousands;")
    print("##   irst thousand tons; pec thousand coal-ton equivalents; tpop, upop thousands)")
    print(f"# {'id':4} " + " ".join(f"{f:>11}" for f in NMC_FIELDS) + f" {'cinc':>8}")
    for sid, v in nmc.items():
        cols = " ".join(f"{v[f]:>11.0f}" for f in NMC_FIELDS)
        print(f"# {sid:4} {cols} {v['cinc']:>8.4f}")
    for sid, fields in missing.items():
        print(f"# note: missing (-9, counted as 0) in {sid}: {', '.join(fields)}")
    if "CHN" in nmc and "RUS" in nmc and nmc["RUS"]["cinc"] > 0:
        print(f"# CINC ratio CHN/RUS {year}: {nmc['CHN']['cinc'] / nmc['RUS']['cinc']:.2f}")
    print()


# ---------------------------------------------------------------- UNGA ideal points

def unga_means(data_dir, year, window):
    """COW code -> mean of `idealpointall` over the `window` years ending in `year`."""
    sums, counts = defaultdict(float), defaultdict(int)
    for row in read_csv(data_dir, "unga/idealpoints-1946-2010.csv"):
        y, value = to_int(row["year"]), to_float(row["idealpointall"])
        if value is None or y is None or not year - window < y <= year:
            continue
        code = to_int(row["ccode"])
        sums[code] += value
        counts[code] += 1
    return {c: sums[c] / counts[c] for c in sums}


def group_ideal_points(means, groups):
    """Scenario id -> ideal point (a group's is the unweighted mean of its members)."""
    out = {}
    for sid, codes in groups.items():
        values = [means[c] for c in codes if c in means]
        out[sid] = sum(values) / len(values) if values else None
    return out


def order_mapping(means, us_code=2):
    """Affine map ideal point -> `order` axis: the US five-year mean goes to +0.8 and
    the UN member with the lowest five-year mean goes to -1, so the whole spread of
    UN voting fills [-1, 0.8] and the US pole keeps room to move (soft bounds)."""
    low, high = min(means.values()), means[us_code]
    slope = 1.8 / (high - low)
    return slope, -1.0 - slope * low, low, high


def print_unga(ideal, mapping, year, window):
    """Ideal points, the mapped `order` values and the order-axis gaps to RUS."""
    slope, intercept, low, high = mapping
    print(f"## UNGA ideal points (idealpointall), mean {year - window + 1}-{year}")
    print(f"# mapping: order = {slope:.4f} * x + {intercept:+.4f}  "
          f"(UN minimum {low:.2f} -> -1, USA {high:.2f} -> +0.8)")
    order = {}
    for sid, x in ideal.items():
        if x is None:
            print(f"# {sid:4} no UNGA data")
            continue
        order[sid] = max(-1.0, min(1.0, slope * x + intercept))
        gap = f"  |order - order_RUS| = {abs(order[sid] - order.get('RUS', order[sid])):.2f}"
        print(f"# {sid:4} ideal {x:+.3f} -> order {order[sid]:+.2f}"
              + (gap if "RUS" in order and sid != "RUS" else ""))
    print()
    return order


def print_benchmark(ideal, mapping, start, year, window):
    """UN-vote positions at a later year on the START year's `order` map: a target to
    check a run against, not a scenario value (ideal points are comparable across years:
    Bailey, Strezhnev & Voeten 2017). Groups keep their start-year members."""
    slope, intercept, _, _ = mapping
    print(f"## BENCHMARK (not a scenario value): UNGA mean {year - window + 1}-{year} on the "
          f"{start} map, order = {slope:.4f} * x + {intercept:+.4f}")
    for sid, x in ideal.items():
        if x is None:
            print(f"# {sid:4} no UNGA data")
            continue
        print(f"# {sid:4} ideal {x:+.3f} -> order {max(-1.0, min(1.0, slope * x + intercept)):+.2f}")
    print()


# ---------------------------------------------------------------- SIPRI arms transfers

def sipri_flows(data_dir, year, window, lookup):
    """(seller id or 'other', buyer id) -> TIV (millions) over the window; intra-group
    flows (e.g. France -> Germany inside the EU) are dropped as domestic."""
    flows = defaultdict(float)
    for row in read_csv(data_dir, "sipri/arms-transfers-tiv-1950-2010.csv"):
        y = to_int(row["year"])
        if y is None or not year - window < y <= year:
            continue
        buyer = lookup.get(to_int(row["recipient_cown"]))
        seller = lookup.get(to_int(row["supplier_cown"]), "other")
        if buyer is None or seller == buyer:
            continue
        flows[(seller, buyer)] += to_float(row["value"]) or 0.0
    return flows


def sipri_exports(data_dir, year, window, codes):
    """Total TIV exported over the window by the given supplier codes (to anyone
    outside the group)."""
    total = 0.0
    for row in read_csv(data_dir, "sipri/arms-transfers-tiv-1950-2010.csv"):
        y = to_int(row["year"])
        if y is None or not year - window < y <= year:
            continue
        if to_int(row["supplier_cown"]) in codes and to_int(row["recipient_cown"]) not in codes:
            total += to_float(row["value"]) or 0.0
    return total


def import_shares(flows, states):
    """buyer -> {seller: share of buyer's arms imports}, sellers among `states`."""
    totals = defaultdict(float)
    for (seller, buyer), tiv in flows.items():
        totals[buyer] += tiv
    shares = {}
    for buyer in states:
        row = {s: flows.get((s, buyer), 0.0) / totals[buyer]
               for s in states if totals[buyer] > 0 and s != buyer}
        shares[buyer] = {s: v for s, v in row.items() if v >= 0.005}
    return shares, totals


def print_sipri_shares(shares, totals, year, window):
    """The arms_imports block (shares >= 0.05 listed; smaller ones noted)."""
    print(f"## SIPRI: share of each buyer's arms imports by supplier, TIV {year - window + 1}-{year}")
    print("arms_imports:")
    for buyer, row in shares.items():
        for seller, share in sorted(row.items(), key=lambda kv: -kv[1]):
            mark = "" if share >= 0.05 else "  # small: optional"
            print(f"  - {{buyer: {buyer}, seller: {seller}, share: {share:.2f}}}"
                  f"{mark}   # of {totals[buyer]:.0f} TIV imported")
    print()


def print_arms_volumes(flows, exported, nmc, year, window, seller):
    """Seller's deliveries relative to its milex: the arms_sale `volume` (per quarter
    and per year). TIV is SIPRI's volume index (million 1990 USD-like units), not
    money; treating it as USD is the rough step here. Russia sells under its own
    security check (the founding question); other sellers are drafted as `always`."""
    milex_m = nmc[seller]["milex"] / 1000.0  # thousands -> millions of USD
    if milex_m <= 0:
        return
    policy = "security_check, threshold: 0.25" if seller == "RUS" else "always"
    print(f"## {seller} arms exports vs its milex ({nmc[seller]['milex'] / 1e6:.1f} bn USD, NMC {year})")
    print(f"# all exports: {exported / window:.0f} TIV/yr = {exported / window / milex_m:.4f} "
          f"of milex per year, {exported / window / milex_m / 4:.4f} per quarter")
    for (s, buyer), tiv in sorted(flows.items(), key=lambda kv: -kv[1]):
        per_quarter = tiv / window / milex_m / 4
        if s != seller or buyer == seller or per_quarter < 5e-5:
            continue
        print(f"  - {{arms_sale: {{seller: {seller}, buyer: {buyer}, volume: {per_quarter:.2g}, "
              f"policy: {policy}}}, from: 0}}   # {tiv / window:.0f} TIV/yr")
    print()


PROCUREMENT = 0.05  # model v2's default procurement psi per tick (sim/model/parameters.hpp)


def print_v2_arms(flows, totals, nmc, year, window, sellers=("RUS", "USA")):
    """Model v2's arms values (docs/ODD.md Section 11, change 7). The arms_sale `volume` is
    the buyer's demand, its imports from the seller per quarter over its own milex; the
    arms_imports share is of the buyer's total procurement per quarter, max(its imports,
    psi x its milex) with psi = PROCUREMENT (domestic production included), so that tick 0
    matches what the order book then delivers. Russia sells under the status_quo check."""
    print(f"## model v2: arms volumes (buyer's imports per quarter / buyer's milex) and arms_imports"
          f" shares of total procurement (psi = {PROCUREMENT} of milex per quarter), TIV {year - window + 1}-{year}")
    print("arms_imports:")
    for (seller, buyer), tiv in sorted(flows.items(), key=lambda kv: (kv[0][1], -kv[1])):
        milex_bn = nmc.get(buyer, {}).get("milex", 0) / 1e6
        if seller == "other" or seller == buyer or milex_bn <= 0:
            continue
        per_quarter_bn = tiv / window / 4 / 1000
        total_bn = max(totals[buyer] / window / 4 / 1000, PROCUREMENT * milex_bn)
        share = per_quarter_bn / total_bn
        if share >= 0.005:
            print(f"  - {{buyer: {buyer}, seller: {seller}, share: {share:.3f}}}   # {tiv / window:.0f} of "
                  f"{totals[buyer] / window:.0f} TIV/yr imported; procures {total_bn:.2f} bn/quarter")
    print("events:")
    for (seller, buyer), tiv in sorted(flows.items(), key=lambda kv: -kv[1]):
        milex_m = nmc.get(buyer, {}).get("milex", 0) / 1000.0
        if seller not in sellers or seller == buyer or milex_m <= 0:
            continue
        volume = tiv / window / milex_m / 4
        if volume < 5e-5:
            continue
        policy = "status_quo" if seller == "RUS" else "always"
        print(f"  - {{arms_sale: {{seller: {seller}, buyer: {buyer}, volume: {volume:.2g}, policy: {policy}}}, "
              f"from: 0}}   # {tiv / window:.0f} TIV/yr over {buyer}'s milex {milex_m / 1000:.1f} bn")
    print()


# ---------------------------------------------------------------- ATOP alliances

def operational_alliances(data_dir):
    """ATOP ids of alliances that are bilateral or host foreign bases (ATOP `base`):
    a multilateral defense pact without either (e.g. the Rio Treaty) is a weaker tie."""
    return {row["atopid"] for row in read_csv(data_dir, "atop/atop-alliance-level.csv")
            if row["bilat"] == "1" or (to_int(row["base"]) or 0) > 0}


def obligation_level(row, operational):
    """ATOP member-level obligation of one member: 3 defense/offense (in an operational
    alliance), 2 consultation or a paper defense pact, 1 non-aggression/neutrality."""
    if row["defense"] == "1" or row["offense"] == "1":
        return 3 if row["atopid"] in operational else 2
    if row["consul"] == "1":
        return 2
    if row["nonagg"] == "1" or row["neutral"] == "1":
        return 1
    return 0


def atop_levels(data_dir, year):
    """(code_a, code_b) -> (level, atopid, n_members) of the strongest alliance the two
    share in force in `year` (a pair's level is the higher of the two members')."""
    members, operational = defaultdict(dict), operational_alliances(data_dir)
    for row in read_csv(data_dir, "atop/atop-member-level.csv"):
        entry, exit_ = to_int(row["yrent"]), to_int(row["yrexit"])
        if entry is None or entry > year or (exit_ not in (0, None) and exit_ < year):
            continue
        code, level = to_int(row["member"]), obligation_level(row, operational)
        aid = row["atopid"]
        members[aid][code] = max(level, members[aid].get(code, 0))
    best = {}
    for aid, levels in members.items():
        for a in levels:
            for b in levels:
                key = (min(a, b), max(a, b))
                cand = (max(levels[a], levels[b]), -len(levels), aid)
                if a != b and cand > best.get(key, (-1,)):
                    best[key] = cand
    return {k: (level, aid, -neg_size) for k, (level, neg_size, aid) in best.items()}


def pair_relation(best, codes_i, codes_j, weights):
    """Proposed relation of two scenario states: for groups (EU), the CINC-weighted
    mean over member pairs of RELATION_FOR_LEVEL; plus the alliances behind it."""
    total_w, value, why = 0.0, 0.0, set()
    for a in codes_i:
        for b in codes_j:
            w = weights.get(a, 0.0) * weights.get(b, 0.0)
            level, aid, size = best.get((min(a, b), max(a, b)), (0, None, 0))
            total_w += w
            value += w * RELATION_FOR_LEVEL[level]
            if aid:
                why.add((level, aid, size))
    return (value / total_w if total_w > 0 else 0.0), sorted(why, reverse=True)


def cinc_weights(data_dir, year, codes):
    """COW code -> CINC in `year` (weights for averaging over EU members)."""
    weights = {c: 0.0 for c in codes}
    for row in read_csv(data_dir, "nmc/NMC-60-abridged-1816-2010.csv"):
        if to_int(row["year"]) == year and to_int(row["ccode"]) in weights:
            weights[to_int(row["ccode"])] = to_float(row["cinc"]) or 0.0
    return weights


def print_atop(best, groups, weights, year):
    """The relations block from ATOP, with the alliances behind each value."""
    print(f"## ATOP v4.01 alliances in force in {year}: defense 0.5 (bilateral or with bases),")
    print("##   consultation or multilateral defense without bases 0.3, non-aggression 0.1,")
    print("##   none 0; pairs with the EU = CINC-weighted mean over its members")
    print("relations:")
    ids = list(groups)
    for n, i in enumerate(ids):
        for j in ids[n + 1:]:
            value, why = pair_relation(best, groups[i], groups[j], weights)
            if value < 0.005:
                continue
            notes = ", ".join(f"{OBLIGATION_NAMES[l]} #{a} ({s} members)" for l, a, s in why[:3])
            print(f"  - {{between: [{i}, {j}], value: {value:.2f}}}   # {notes}")
    print()


# ---------------------------------------------------------------- TIES sanctions

def ties_cases(data_dir, ids, by_abb, year, since):
    """TIES cases started in [since, year] with a sender and target among the states;
    EU membership is taken in the case's start year. Parties are labelled EU(GMY) etc."""
    lookups, cases = {}, []
    _, by_code = cow_abbreviations(data_dir)
    for row in read_csv(data_dir, "ties/TIESv4-1.csv"):
        start = to_int(row["startyear"])
        if start is None or not since <= start <= year:
            continue
        if start not in lookups:
            lookups[start] = code_to_state(resolve_states(ids, start, by_abb))
        parties = [party_label(to_int(row[f"sender{k}"]), lookups[start], by_code)
                   for k in range(1, 6)]
        target = party_label(to_int(row["targetstate"]), lookups[start], by_code)
        senders = sorted({s for s in parties if s and s[:2] != (target or "")[:2]})
        if target is None or not senders:  # also drops intra-EU cases
            continue
        issues = [to_int(row[f"issue{k}"]) for k in range(1, 4)]
        cases.append((row, senders, target, [i for i in issues if i]))
    return cases


def party_label(code, lookup, by_code):
    """Scenario id of a COW code, with the member named for group members."""
    sid = lookup.get(code)
    if sid is None or code == EU_CODE or sid != "EU":
        return sid
    return f"EU({by_code.get(code, (str(code),))[0]})"


def print_ties(cases, year, since):
    """Non-trade sanctions cases listed; trade-practice disputes only counted."""
    print(f"## TIES v4.1 cases among these states, started {since}-{year} (data end 2005)")
    trade = 0
    for row, senders, target, issues in cases:
        if issues and all(i == 13 for i in issues):
            trade += 1
            continue
        imposed = "imposed" if row["imposition"] == "1" else "threat only"
        end = row["endyear"] or f"ongoing in {row['ongoingasofyear'] or '?'}"
        what = "; ".join(TIES_ISSUES.get(i, str(i)) for i in issues)
        print(f"# {row['caseid']}: {'+'.join(senders)} -> {target}, {row['startyear']}-{end}, "
              f"{imposed}: {what}")
    print(f"# plus {trade} trade-practice disputes (issue 13) among these states")
    print()


# ---------------------------------------------------------------- scenario snippets

def capability_block(nmc, order, year):
    """The `states:` block: capability in one currency unit (bn USD) for gdp, milex
    and rnd, energy in Mt coal equivalent, population in millions; alignment order."""
    rough = ROUGH.get(year, {})
    print(f"## states block ({year}); units: gdp, milex, rnd in billions of current USD")
    print("##   (same unit: the arms-sale price term adds military units to the economy);")
    print("##   energy = NMC pec in million tons coal-equivalent; population = NMC tpop, millions")
    print("states:")
    for sid, v in nmc.items():
        gdp, rnd_pct, growth = rough.get(sid, (None, None, None))
        cap = {"gdp": gdp, "milex": v["milex"] / 1e6,
               "rnd": gdp * rnd_pct / 100 if gdp else None,
               "energy": v["pec"] / 1000, "population": v["tpop"] / 1000}
        body = ", ".join(f"{k}: {fmt(x)}" for k, x in cap.items())
        lat, lon = CAPITALS.get(sid, (None, None))
        print(f"  - id: {sid}")
        print(f"    capability: {{{body}}}" + ("" if gdp else "   # null: no rough gdp/rnd "
                                                  "for this state in ROUGH; fill in"))
        print(f"    alignment: [{fmt(order.get(sid))}, EAST_WEST]   # order from UNGA; "
              "east_west by judgement")
        if growth is not None:
            print(f"    traits: {{growth: {{gdp: {growth / 400:.5f}}}}}   # {growth}%/yr / 4 per quarter")
        if lat is not None:
            print(f"    lat: {lat}\n    lon: {lon}")
    print()


def fmt(x):
    """A number for YAML: 3 significant figures at most, 'null' when unknown."""
    if x is None:
        return "null"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.3g}" if abs(x) >= 1 else f"{x:.2f}"


def print_power(nmc, year, weights):
    """Power p under the scenario's weights, as the engine would compute at tick 0."""
    rough = ROUGH.get(year, {})
    if not all(s in rough for s in nmc):
        return
    cols = {"gdp": {s: rough[s][0] for s in nmc},
            "milex": {s: nmc[s]["milex"] for s in nmc},
            "rnd": {s: rough[s][0] * rough[s][1] for s in nmc},
            "energy": {s: nmc[s]["pec"] for s in nmc},
            "population": {s: nmc[s]["tpop"] for s in nmc}}
    power = {s: sum(w * cols[k][s] / sum(cols[k].values()) for k, w in weights.items())
             for s in nmc}
    print(f"## power p at tick 0 with weights {weights} (shares within these states)")
    print("# " + "  ".join(f"{s} {p:.3f}" for s, p in power.items()))
    if "CHN" in power and "RUS" in power:
        print(f"# power ratio CHN/RUS: {power['CHN'] / power['RUS']:.2f}")
    print()


def print_citations():
    """Citation strings for scenario headers."""
    print("## citations (paste into the scenario header)")
    for text in CITATIONS.values():
        print(f"#   {text}")
    print(f"#   {ROUGH_SOURCE}")


# ---------------------------------------------------------------- main

def parse_args(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    default_data = os.path.normpath(os.path.join(here, "..", "..", "shared", "data"))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=default_data,
                   help="folder of the shared datasets (default: ../shared/data from the repo root)")
    p.add_argument("--year", type=int, default=2010, help="scenario start year (<= 2010)")
    p.add_argument("--window", type=int, default=5, help="years averaged for UNGA and SIPRI")
    p.add_argument("--states", nargs="+", default=DEFAULT_STATES, help="scenario state ids")
    p.add_argument("--ties-since", type=int, default=1990, help="first TIES start year listed")
    p.add_argument("--benchmark", type=int, metavar="YEAR",
                   help="also print UN-vote `order` positions for the window ending YEAR on the "
                        "start year's map (a check on a run's end state, e.g. 2007 for 1996)")
    args = p.parse_args(argv)
    if not os.path.isfile(os.path.join(args.data, "SOURCES.md")):
        p.error(f"no datasets at {args.data} (expected SOURCES.md there); use --data DIR")
    if args.year > 2010:
        p.error("the datasets are cut at 2010; use --year 2010 or earlier")
    if args.benchmark is not None and not args.year < args.benchmark <= 2010:
        p.error("--benchmark YEAR must be after --year and no later than 2010")
    return args


def main(argv=None):
    args = parse_args(argv)
    by_abb, _ = cow_abbreviations(args.data)
    groups = resolve_states(args.states, args.year, by_abb)
    lookup = code_to_state(groups)
    print(f"# bpsim scenario values for {args.year}: python3 analysis/scenario_values.py "
          f"--year {args.year} --states {' '.join(args.states)}")
    if "EU" in groups:
        print(f"# EU = its {len(groups['EU'])} member states in {args.year} (COW codes)")
    print()
    nmc, missing = nmc_values(args.data, args.year, groups)
    print_nmc(nmc, missing, args.year)
    means = unga_means(args.data, args.year, args.window)
    mapping = order_mapping(means)
    order = print_unga(group_ideal_points(means, groups), mapping, args.year, args.window)
    if args.benchmark is not None:
        later = unga_means(args.data, args.benchmark, args.window)
        print_benchmark(group_ideal_points(later, groups), mapping, args.year,
                        args.benchmark, args.window)
    capability_block(nmc, order, args.year)
    print_power(nmc, args.year, {"gdp": 0.3, "milex": 0.3, "rnd": 0.2, "energy": 0.1,
                                 "population": 0.1})
    flows = sipri_flows(args.data, args.year, args.window, lookup)
    shares, totals = import_shares(flows, list(groups))
    print_sipri_shares(shares, totals, args.year, args.window)
    for seller in ("RUS", "USA"):
        if seller in nmc:
            exported = sipri_exports(args.data, args.year, args.window, groups[seller])
            print_arms_volumes(flows, exported, nmc, args.year, args.window, seller)
    print_v2_arms(flows, totals, nmc, args.year, args.window)
    weights = cinc_weights(args.data, args.year, lookup)
    print_atop(atop_levels(args.data, args.year), groups, weights, args.year)
    cases = ties_cases(args.data, args.states, by_abb, args.year, args.ties_since)
    print_ties(cases, args.year, args.ties_since)
    print_citations()


if __name__ == "__main__":
    main()
