#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks of the examples' --plots charts, for examples/check-plots.sh (standard library only).

  check-plots.py size FILE.svg              print the chart's width and height
  check-plots.py svg SRCDIR OUTDIR PLOTDIR  the SVG files: well-formed, self-contained, the
                                            expected series, their data equal to what the
                                            examples print and to independent computations
  check-plots.py png PLOTDIR PNGDIR         the PNG screenshots chromium made of them draw

OUTDIR holds each example's standard output as <example>.out, and clv-report --csv's as
clv-report.csv (every customer's value). Exits 1 with a message on the first failed check.
"""
import collections
import datetime
import math
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = {
    "tracking.svg": "clv-report",
    "p-alive.svg": "clv-report",
    "conditional.svg": "clv-report",
    "value-distribution.svg": "clv-report",
    "value-concentration.svg": "clv-report",
    "value-tiers.svg": "clv-report",
    "retention-1-regular.svg": "retention-report",
    "retention-2-high-end.svg": "retention-report",
    "word-of-mouth.svg": "word-of-mouth",
    "bass.svg": "bass-fit",
}


def fail(msg):
    print("check-plots: " + msg)
    sys.exit(1)


def near(got, want, tol, what):
    if not (abs(got - want) <= tol):
        fail(f"{what}: plotted {got!r}, expected {want!r} (tolerance {tol})")


# ---- SVG ----------------------------------------------------------------------------------

def parse(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail(f"{path} is not well-formed XML: {e}")
    if root.tag != SVG + "svg" or root.get("version") != "1.1":
        fail(f"{path}: the root is not an SVG 1.1 <svg>")
    for el in root.iter():
        name = el.tag.replace(SVG, "")
        if not el.tag.startswith(SVG) or name in ("script", "style", "image", "foreignObject"):
            fail(f"{path}: <{name}> has no place in a self-contained chart")
        for key, value in el.attrib.items():
            if "href" in key or key.startswith("on") or ("url(" in value and "url(#" not in value):
                fail(f"{path}: external reference or script in {name} {key}={value!r}")
    return root


def series(root, cls):
    """{label: (element, [(x, y), ...])} of the series <g class=cls>."""
    found = {}
    for g in root.iter(SVG + "g"):
        if g.get("class") != cls:
            continue
        holder = g.find(SVG + "polyline") if cls == "line" else g
        label = holder.findtext(SVG + "title")
        data = [tuple(map(float, p.split(","))) for p in holder.findtext(SVG + "desc").split()]
        found[label] = (holder, data)
    return found


def check_linear(pairs, what):
    """Pixels are a linear function of the data: (value, pixel) pairs, to 0.01 px."""
    pairs = sorted(set(pairs))
    if len(pairs) < 2 or pairs[0][0] == pairs[-1][0]:
        return
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    for v, p in pairs:
        near(p, p0 + (v - v0) * (p1 - p0) / (v1 - v0), 0.01, what + " pixel position")


def line(root, label, n, what):
    lines = series(root, "line")
    if label not in lines:
        fail(f"{what}: no line '{label}' (lines: {sorted(lines)})")
    poly, data = lines[label]
    points = [tuple(map(float, p.split(","))) for p in poly.get("points").split()]
    if len(points) != n or len(data) != n:
        fail(f"{what} '{label}': {len(points)} points, {len(data)} values, expected {n}")
    check_linear([(d[0], p[0]) for d, p in zip(data, points)], what + " x")
    check_linear([(d[1], p[1]) for d, p in zip(data, points)], what + " y")
    return data


def bars(root, label, n, what):
    found = series(root, "bars")
    if label not in found:
        fail(f"{what}: no bars '{label}' (bars: {sorted(found)})")
    g, data = found[label]
    rects = g.findall(SVG + "rect")
    if len(rects) != n or len(data) != n:
        fail(f"{what} '{label}': {len(rects)} bars, {len(data)} values, expected {n}")
    check_linear([(d[0], float(r.get("x")) + float(r.get("width")) / 2)
                  for d, r in zip(data, rects)], what + " bar x")
    check_linear([(d[1], float(r.get("y"))) for d, r in zip(data, rects) if d[1] > 0],
                 what + " bar top")
    return data


def rows_after(text, heading, pattern):
    """Rows matching pattern in the block that starts at the line containing heading."""
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if heading in l), None)
    if start is None:
        fail(f"no '{heading}' in the output")
    rows = []
    for l in lines[start + 1:]:
        m = re.match(pattern, l)
        if m:
            rows.append(m.groups())
        elif rows:
            break
    return rows


def axis_labels(root):
    """{"x-label": text, "y-label": text, ...} of a chart's axes."""
    return {t.get("class"): t.text or "" for t in root.iter(SVG + "text")
            if t.get("class") in ("x-label", "y-label", "y2-label", "z-label")}


def legend_labels(root):
    return [t.text or "" for g in root.iter(SVG + "g") if g.get("class") == "legend"
            for t in g.iter(SVG + "text")]


# What each axis label of the charts must name: its unit (a regular expression). Every chart
# has an x and a y label, and none is a bare word.
UNITS = {
    "tracking.svg": {"x-label": r"^weeks since the cohort's first purchase \(1997-01-01\)$",
                     "y-label": r"repeat purchases"},
    "p-alive.svg": {"x-label": r"t_x: weeks from the first to the last purchase",
                    "y-label": r"repeat purchases \(count\)", "z-label": r"P\(alive\)"},
    "conditional.svg": {"x-label": r"\(count\)", "y-label": r"purchases per customer"},
    "value-distribution.svg": {"x-label": r"^customer value \(US\$, log scale\)$",
                               "y-label": r"^customers$"},
    "value-concentration.svg": {"x-label": r"\(% of customers\)$",
                                "y-label": r"^share of total value \(%\)$"},
    "value-tiers.svg": {"x-label": r"^value tier \(value / mean value of [\d.]+ US\$\)$",
                        "y-label": r"^customers$"},
    # The bundled samples' periods are years (Fader & Hardie 2007; the Bass example).
    "retention-1-regular.svg": {"x-label": r"^years since the cohort's start$",
                                "y-label": r"\(% of the cohort\)"},
    "retention-2-high-end.svg": {"x-label": r"^years since the cohort's start$",
                                 "y-label": r"\(% of the cohort\)"},
    "word-of-mouth.svg": {"x-label": r"cycle_time of periods", "y-label": r"\(people\)"},
    "bass.svg": {"x-label": r"^years since the launch$", "y-label": r"\(people\)$",
                 "y2-label": r"\(people\)$"},
}


def check_axes(plots):
    for chart in CHARTS:
        labels = axis_labels(parse(f"{plots}/{chart}"))
        for axis in ("x-label", "y-label"):
            if len(labels.get(axis, "").split()) < 1:
                fail(f"{chart}: no {axis}")
        for axis, pattern in UNITS.get(chart, {}).items():
            if not re.search(pattern, labels.get(axis, "")):
                fail(f"{chart}: {axis} {labels.get(axis)!r} does not match {pattern!r}")


# ---- Independent computations ---------------------------------------------------------------

# refs/published.md [T]: the BG/NBD fit of CDNOW to high precision (lifetimes' and CLVTools'
# test suites): r, alpha, a, b.
R, ALPHA, A, B = 0.2425945, 4.4136019, 0.7929199, 2.4258881


def hyp2f1(a, b, c, z):
    term, total, k = 1.0, 1.0, 0
    while abs(term) > 1e-16 * abs(total):
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        total += term
        k += 1
    return total


def bgnbd_expected_new(t):
    """E[X(t)] of a new customer, Fader, Hardie & Lee (2005) eq. 7."""
    if t <= 0:
        return 0.0
    z = t / (ALPHA + t)
    return (A + B - 1) / (A - 1) * (1 - (ALPHA / (ALPHA + t)) ** R * hyp2f1(R, B, A + B - 1, z))


def bgnbd_p_alive(x, t_x, T):
    """P(alive | x, t_x, T), Fader, Hardie & Lee (2005) eq. 11 (x = 0: 1)."""
    if x == 0:
        return 1.0
    return 1 / (1 + A / (B + x - 1) * ((ALPHA + T) / (ALPHA + t_x)) ** (R + x))


def cdnow(src):
    """Per customer of the CDNOW sample: the distinct purchase days, as days since 1997-01-01."""
    origin = datetime.date(1997, 1, 1).toordinal()
    days = {}
    with open(src + "/tests/data/CDNOW_sample.txt") as f:
        for line in f:
            fields = line.split()
            if len(fields) == 5:
                d = datetime.datetime.strptime(fields[2], "%Y%m%d").date().toordinal() - origin
                days.setdefault(fields[1], set()).add(d)
    return [sorted(v) for v in days.values()]


# ---- The charts -----------------------------------------------------------------------------

def check_clv_report(src, out, plots):
    end = datetime.date(1997, 9, 30).toordinal() - datetime.date(1997, 1, 1).toordinal()  # 272
    customers = cdnow(src)
    weeks = 78  # 1997-01-01 .. 1998-06-30 is 546 days

    # (a) Tracking: 78 weeks, actual counted here from the raw log, expected from eq. 7.
    root = parse(plots + "/tracking.svg")
    if len(list(root.iter(SVG + "polyline"))) != 2:
        fail("tracking.svg: expected two polylines")
    actual = line(root, "actual", weeks, "tracking")
    expected = line(root, "BG/NBD", weeks, "tracking")
    printed = rows_after(out, "Cumulative repeat purchases, actual vs BG/NBD",
                         r"^\s+([\d.]+)\s+(\d+)\s+([\d.]+)")
    if [r[0] for r in printed] != ["1", "39", "78"]:
        fail(f"tracking: printed weeks {[r[0] for r in printed]}, expected 1, 39, 78")
    for week, act, exp in printed:
        k = int(week) - 1
        near(actual[k][0], float(week), 1e-9, f"tracking week {week}")
        near(actual[k][1], float(act), 0, f"tracking actual, week {week} as printed")
        near(expected[k][1], float(exp), 0.005, f"tracking expected, week {week} as printed")
    firsts = collections.Counter(c[0] for c in customers)
    for k in range(1, weeks + 1):
        last = 7 * k - 1
        count = sum(1 for c in customers for d in c[1:] if d <= last)
        near(actual[k - 1][1], count, 0, f"tracking actual, week {k} (from the log)")
        want = sum(n * bgnbd_expected_new((last - f) / 7) for f, n in firsts.items() if f <= last)
        near(expected[k - 1][1], want, 1e-4 * want + 1e-9, f"tracking expected, week {k} (eq. 7)")
    # The calibration total is the summary's sum of x (tests/data, 2,457 repeat purchases).
    with open(src + "/tests/data/cdnow_customers_summary_with_transactions.csv") as f:
        xs = [float(l.split(",")[1]) for l in f.read().splitlines()[1:]]
    near(actual[38][1], sum(xs), 0, "tracking actual at the calibration end vs the summary's x")

    # (b) P(alive) heat map: x = 0..29 (the largest x of the summary), 40 columns of t_x.
    root = parse(plots + "/p-alive.svg")
    heat = [g for g in root.iter(SVG + "g") if g.get("class") == "heatmap"]
    if len(heat) != 1:
        fail("p-alive.svg: expected one heat map")
    values = heat[0].findtext(SVG + "desc").split()
    nx, ny, z = int(values[0]), int(values[1]), list(map(float, values[2:]))
    if (nx, ny) != (40, int(max(xs)) + 1) or len(z) != nx * ny:
        fail(f"p-alive.svg: a {nx} x {ny} grid of {len(z)} values, expected 40 x 30")
    # x = 0 has no recency: only its first cell (t_x = 0) is coloured, the other 39 cells of
    # row 0 are impossible, blank in the heat map and hatched on top of it.
    cells = heat[0].findall(SVG + "rect")
    if len(cells) != nx * ny - (nx - 1) or len({c.get("fill") for c in cells}) < 100:
        fail(f"p-alive.svg: {len(cells)} cells in {len({c.get('fill') for c in cells})} colours, "
             f"expected {nx * ny - (nx - 1)} coloured")
    hatched = [g for g in root.iter(SVG + "g") if g.get("class") == "hatched"]
    if len(hatched) != 1:
        fail("p-alive.svg: expected one group of hatched cells")
    marked = [tuple(map(int, c.split(","))) for c in hatched[0].findtext(SVG + "desc").split()]
    rects = hatched[0].findall(SVG + "rect")
    if marked != [(c, 0) for c in range(1, nx)] or len(rects) != nx - 1:
        fail(f"p-alive.svg: hatched {len(rects)} cells {marked[:5]}..., expected columns 1..39 "
             "of row x = 0")
    if any(r.get("fill") != "url(#svgplot-hatch)" for r in rects):
        fail("p-alive.svg: a hatched cell is not filled with the hatching")
    if "impossible" not in hatched[0].findtext(SVG + "title"):
        fail("p-alive.svg: the hatching's title does not say the cells are impossible")
    if "impossible" not in "".join(legend_labels(root)):
        fail(f"p-alive.svg: no legend note for the hatching: {legend_labels(root)}")
    m = re.search(r"^x = 0 only at t_x = 0 \(the first column\); (\d+) impossible cells hatched$",
                  out, re.M)
    if not m or int(m.group(1)) != nx - 1:
        fail("p-alive: the report does not say 39 impossible cells are hatched")
    T = end / 7
    m = re.search(r"P\(alive\) for T = ([\d.]+) weeks, x = 0\.\.(\d+), "
                  r".* from ([\d.]+) to ([\d.]+)", out)
    if not m:
        fail("no P(alive) line in the output")
    near(float(m.group(1)), T, 5e-5, "P(alive) T as printed")
    near(int(m.group(2)), ny - 1, 0, "P(alive) largest x as printed")
    finite = [v for v in z if not math.isnan(v)]
    near(min(finite), float(m.group(3)), 5e-5, "P(alive) minimum as printed")
    near(max(finite), float(m.group(4)), 5e-5, "P(alive) maximum as printed")
    for x in range(ny):
        for c in range(nx):
            if x == 0 and c > 0:
                if not math.isnan(z[c]):
                    fail(f"p-alive.svg: the impossible cell x = 0, column {c} has a value {z[c]}")
                continue
            t_x = 0 if x == 0 else (c + 0.5) * T / nx
            near(z[x * nx + c], bgnbd_p_alive(x, t_x, T), 1e-5, f"P(alive) at x {x}, column {c}")

    # (c) Holdout purchases by calibration frequency 0..6, 7+: counts and actual means here.
    root = parse(plots + "/conditional.svg")
    act = bars(root, "actual", 8, "conditional")
    exp = bars(root, "BG/NBD", 8, "conditional")
    printed = rows_after(out, "Holdout purchases in 39 weeks by calibration purchases",
                         r"^\s+(\d\+?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)")
    if len(printed) != 8:
        fail(f"conditional: {len(printed)} printed rows, expected 8")
    groups = [[0, 0] for _ in range(8)]
    for c in customers:
        x = sum(1 for d in c[1:] if d <= end)
        groups[min(x, 7)][0] += 1
        groups[min(x, 7)][1] += sum(1 for d in c if d > end)
    for g, (label, count, a, e) in enumerate(printed):
        near(float(count), groups[g][0], 0, f"conditional customers of x = {label}")
        near(act[g][1], groups[g][1] / groups[g][0], 1e-9, f"conditional actual, x = {label}")
        near(act[g][1], float(a), 5e-5, f"conditional actual, x = {label} as printed")
        near(exp[g][1], float(e), 5e-5, f"conditional expected, x = {label} as printed")


def check_value_charts(out, csv_text, plots):
    """clv-report's value charts against the values of clv-report --csv (4 decimals)."""
    rows = csv_text.splitlines()
    if rows[0].split(",")[-1] != "clv":
        fail("clv-report --csv: the last column is not clv")
    values = [float(r.split(",")[-1]) for r in rows[1:]]
    n, eps = len(values), 5e-5 + 1e-9  # the CSV's rounding
    if n != 2357:
        fail(f"clv-report --csv: {n} customers, expected CDNOW's 2357")
    total = math.fsum(values)
    ranked = sorted(values)

    # (d) The histogram: one bar per printed bin, log-spaced (4 a decade) since the values are
    # skewed; the counts recounted here from the values and the printed edges.
    root = parse(plots + "/value-distribution.svg")
    printed = rows_after(out, "Customer value distribution, log-spaced bins",
                         r"^\s+(\S+)\s+(\S+)\s+(\d+)$")
    bins = len(printed)
    data = bars(root, "customers", bins, "value distribution")
    below = re.search(r"^(\d+) customers with a value under (\S+) are not in the bins$", out, re.M)
    below = int(below.group(1)) if below else 0
    edges = [float(printed[0][0])] + [float(r[1]) for r in printed]
    for j in range(bins):
        near(math.log10(edges[j + 1] / edges[j]), 0.25, 1e-5, f"value bin {j} width (decades)")
        near(data[j][0], (math.log10(edges[j]) + math.log10(edges[j + 1])) / 2, 1e-5,
             f"value bin {j} centre (log10 of US$)")
        near(data[j][1], float(printed[j][2]), 0, f"value bin {j} as printed")
    near(sum(d[1] for d in data) + below, n, 0, "customers in the value bins and below them")
    for j in range(bins):
        lo, hi = edges[j], edges[j + 1]
        surely = sum(1 for v in values if lo + eps <= v < hi - eps)
        maybe = sum(1 for v in values if lo - eps <= v < hi + eps)
        if j == bins - 1:
            maybe += sum(1 for v in values if v >= hi)
            surely += sum(1 for v in values if v >= hi + eps)
        if not surely <= data[j][1] <= maybe:
            fail(f"value bin {j} [{lo}, {hi}): {data[j][1]} customers, the values give "
                 f"{surely}..{maybe}")

    # (e) Concentration: the top 1/5/10/20% (ceil(k n / 100) customers) and the Gini
    # coefficient over all pairs, as the mean absolute difference over twice the mean.
    m = re.search(r"^Value concentration \((\d+) customers, total ([\d.]+) US\$\): "
                  r"Gini ([\d.]+)$", out, re.M)
    if not m:
        fail("no 'Value concentration' line in the report")
    near(int(m.group(1)), n, 0, "concentration customers as printed")
    near(float(m.group(2)), total, n * eps + 0.005, "concentration total as printed")
    absdiff = math.fsum(abs(a - b) for a in values for b in values)  # all n^2 pairs
    gini = absdiff / (2 * n * n * (total / n))
    near(float(m.group(3)), gini, 5e-5 + 1e-6, "Gini as printed")
    top = rows_after(out, "Value concentration", r"^\s+top\s+(\d+)% \((\d+) customers\) hold\s+"
                     r"([\d.]+)% of the value$")
    if [int(t[0]) for t in top] != [1, 5, 10, 20]:
        fail(f"concentration: printed groups {[t[0] for t in top]}, expected 1, 5, 10, 20")
    shares = {}
    for k, count, share in top:
        want_count = -(-int(k) * n // 100)
        near(int(count), want_count, 0, f"customers in the top {k}%")
        shares[int(k)] = math.fsum(ranked[n - want_count:]) / total
        near(float(share), 100 * shares[int(k)], 0.005 + 1e-4, f"share of the top {k}% as printed")
    root = parse(plots + "/value-concentration.svg")
    equal = line(root, "equal values", 2, "concentration")
    if equal != [(0.0, 0.0), (100.0, 100.0)]:
        fail(f"concentration: the line of equality is {equal}")
    lorenz = line(root, "Lorenz curve", 201, "concentration")
    for k, (x, y) in enumerate(lorenz):
        upto = math.floor(k * n / 200 + 0.5)
        near(x, 100 * upto / n, 1e-7, f"Lorenz point {k} x")  # %.10g
        near(y, 100 * math.fsum(ranked[:upto]) / total, 1e-3, f"Lorenz point {k} y")
    marks = series(root, "points")["start of the top 20%, 10%, 5%, 1%"][1]
    for (x, y), k in zip(marks, (1, 5, 10, 20)):
        count = -(-k * n // 100)
        near(x, 100 * (n - count) / n, 1e-7, f"top {k}% mark x")
        near(y, 100 * (1 - shares[k]), 1e-3, f"top {k}% mark y")

    # (f) Tiers: value against the mean, bounds 0.1, 0.5, 2 and 5 times it.
    root = parse(plots + "/value-tiers.svg")
    data = bars(root, "customers", 5, "value tiers")
    printed = rows_after(out, "Customers per value tier", r"^(\w+)\s+(\S+(?: \S+)?)\s+(\d+)$")
    names = ["dormant", "low", "middle", "high", "top"]
    if [r[0] for r in printed] != names:
        fail(f"value tiers: printed {[r[0] for r in printed]}, expected {names}")
    mean = total / n
    bounds = [0.1 * mean, 0.5 * mean, 2 * mean, 5 * mean]
    for t, row in enumerate(printed):
        near(data[t][1], float(row[2]), 0, f"tier {row[0]} as printed")
        lo = bounds[t - 1] if t > 0 else -math.inf
        hi = bounds[t] if t < 4 else math.inf
        surely = sum(1 for v in values if lo + eps <= v < hi - eps)
        maybe = sum(1 for v in values if lo - eps <= v < hi + eps)
        if not surely <= data[t][1] <= maybe:
            fail(f"tier {row[0]}: {data[t][1]} customers, the values give {surely}..{maybe}")
    ticks = [t.text for g in root.iter(SVG + "g") if g.get("class") == "axes"
             for t in g.iter(SVG + "text") if t.get("text-anchor") == "middle" and
             t.get("class") is None]
    for name in names:
        if not any(t and t.startswith(name + " ") for t in ticks):
            fail(f"value tiers: no tick label for {name} (ticks: {ticks})")


def check_retention(src, out, plots):
    cohorts = {}
    with open(src + "/examples/data/fh2007-retention.csv") as f:
        for l in f:
            if l.strip() and not l.startswith("#"):
                name, *alive = l.strip().split(",")
                cohorts[name] = list(map(float, alive))
    for number, (name, alive) in enumerate(cohorts.items(), 1):
        path = f"{plots}/retention-{number}-{name.replace(' ', '-')}.svg"
        root = parse(path)
        points = series(root, "points")
        if "actual" not in points or len(points["actual"][1]) != 13:
            fail(f"{path}: no 13 actual points")
        for t, share in points["actual"][1]:
            near(share, 100 * alive[int(t)] / alive[0], 1e-9, f"{path} actual at t = {t:g}")
        fitted = line(root, "sBG, fitted periods", 8, path)  # periods 0..7, as in the paper
        projected = line(root, "sBG projection", 6, path)    # 7..12
        block = out[out.index(f'Projection "{name}"'):]
        s = {int(t): float(v) for t, v in re.findall(r"^\s*(\d+)\*?\s+\d+\s+[\d.]+\s+([\d.]+)",
                                                        block, re.M)[:13]}
        seg = out[out.index(f'== Segment "{name}"'):]
        alpha = float(re.search(r"^  alpha\s+([\d.]+)", seg, re.M).group(1))
        beta = float(re.search(r"^  beta\s+([\d.]+)", seg, re.M).group(1))
        for t, v in fitted + projected:
            near(v, 100 * s[int(t)], 0.005 + 1e-9, f"{path} S({t:g}) as printed")
            # sBG survival, Fader & Hardie (2007) eq. 5: the product of retention rates.
            prod = math.prod((beta + i - 1) / (alpha + beta + i - 1) for i in range(1, int(t) + 1))
            near(v, 100 * prod, 0.01, f"{path} S({t:g}) from the printed alpha, beta")


def check_word_of_mouth(src, out, plots):
    root = parse(plots + "/word-of-mouth.svg")
    rows = rows_after(out, "  gen ", r"^\s+(\d+)" + r"\s+(-?[\d.]+)" * 8)
    n = len(rows)
    if n != 8:
        fail(f"word of mouth: {n} generations printed, expected 8 (the bundled input)")
    won = bars(root, "won in the generation", n, "word of mouth")
    deterred = bars(root, "deterred in the generation", n, "word of mouth")
    cum_won = line(root, "won, cumulative", n, "word of mouth")
    cum_det = line(root, "deterred, cumulative", n, "word of mouth")
    net = line(root, "net customers, cumulative", n, "word of mouth")
    for i, r in enumerate(rows):
        g = f"generation {r[0]}"
        near(won[i][1], float(r[2]), 0.005 + 1e-9, g + " won")
        near(deterred[i][1], float(r[5]), 0.005 + 1e-9, g + " deterred")
        near(cum_won[i][1], float(r[6]), 0.005 + 1e-9, g + " cumulative won")
        near(cum_det[i][1], float(r[7]), 0.005 + 1e-9, g + " cumulative deterred")
        near(net[i][1], float(r[6]) - float(r[7]), 0.01 + 1e-9, g + " net")
    # The bundled input's branching process: 400 won first, then R = 0.8 x 5 x 0.1 = 0.4 a step.
    for i in range(n):
        near(won[i][1], 400 * 0.4 ** i, 1e-9, f"generation {i + 1} won (400 R^(n-1))")


def check_bass(src, out, plots):
    root = parse(plots + "/bass.svg")
    with open(src + "/examples/data/bass-published.csv") as f:
        data = [float(l.split(",")[1]) for l in f if re.match(r"^\d+,", l)]
    adopters = bars(root, "adopters", 10, "bass")
    fitted = line(root, "fitted", 15, "bass")
    cum = line(root, "cumulative", 10, "bass")
    cum_fit = line(root, "m F(t)", 15, "bass")
    for i in range(10):
        near(adopters[i][1], data[i], 0, f"bass adopters of period {i + 1}")
        near(cum[i][1], sum(data[:i + 1]), 1e-6, f"bass cumulative of period {i + 1}")
    rows = rows_after(out, "period       adopters         fitted", r"^\s+(\d+)\s+(\S+)\s+(\S+)")
    rows += rows_after(out, "period       adopters     cumulative", r"^\s+(\d+)\s+(\S+)\s+(\S+)")
    if len(rows) != 15:
        fail(f"bass: {len(rows)} printed periods, expected 15")
    for t, a, b in rows:  # %.6g: 6 significant digits
        k = int(t) - 1
        f = float(b) if k < 10 else float(a)
        near(fitted[k][1], f, 5e-6 * abs(f), f"bass fitted, period {t} as printed")
        if k >= 10:
            near(cum_fit[k][1], float(b), 5e-6 * float(b), f"bass m F({t}) as printed")
    # Published fit (refs/published.md): m = 6.80e4, p = 6.59e-3, q = 0.638; m F(t) -> m.
    p, q, m = 6.59e-3, 0.638, 6.80e4
    F = (1 - math.exp(-(p + q) * 15)) / (1 + q / p * math.exp(-(p + q) * 15))
    near(cum_fit[14][1], m * F, 0.01 * m * F, "bass m F(15) vs the published parameters")


def check_svg(src, outdir, plots):
    outputs = {}
    for name in set(CHARTS.values()):
        with open(f"{outdir}/{name}.out") as f:
            outputs[name] = f.read()
    for chart, example in CHARTS.items():
        path = f"{plots}/{chart}"
        parse(path)
        said = re.search(r"^plot: .*/" + re.escape(chart) + "$", outputs[example], re.M)
        if example != "clv-report" and not said:
            fail(f"{example} does not say it wrote {path}")
    check_clv_report(src, outputs["clv-report"], plots)
    with open(f"{outdir}/clv-report.csv") as f:
        check_value_charts(outputs["clv-report"], f.read(), plots)
    check_axes(plots)
    check_retention(src, outputs["retention-report"], plots)
    check_word_of_mouth(src, outputs["word-of-mouth"], plots)
    check_bass(src, outputs["bass-fit"], plots)
    print(f"ok: {len(CHARTS)} SVG charts well-formed, self-contained, their data as printed")


# ---- PNG ------------------------------------------------------------------------------------

def read_png(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(blob):
        length, kind = struct.unpack(">I4s", blob[pos:pos + 8])
        body = blob[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace != 0:
        fail(f"{path}: PNG depth {depth}, colour type {color}, interlace {interlace} unsupported")
    bpp = 3 if color == 2 else 4
    raw, stride, prev, rows = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):  # undo the PNG filters (PNG spec, section 9)
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            upleft = prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                pa, pb, pc = abs(up - upleft), abs(left - upleft), abs(left + up - 2 * upleft)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else upleft
                line[i] = (line[i] + pred) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def hex_rgb(h):
    return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))


# Colours each chart's series must show on screen: (colour, minimum pixels within 30 of it).
# The legend's samples alone have fewer than 150.
INK = {
    "tracking.svg": [("#1f77b4", 600), ("#e6730b", 400)],
    "conditional.svg": [("#1f77b4", 3000), ("#e6730b", 3000)],
    "value-distribution.svg": [("#1f77b4", 10000)],
    "value-concentration.svg": [("#1f77b4", 600), ("#7f7f7f", 300), ("#e6730b", 100)],
    "value-tiers.svg": [("#2ca02c", 10000)],
    "retention-1-regular.svg": [("#1f77b4", 300), ("#e6730b", 600)],
    "retention-2-high-end.svg": [("#1f77b4", 300), ("#e6730b", 600)],
    "word-of-mouth.svg": [("#98df8a", 3000), ("#ff9896", 1000), ("#2ca02c", 600)],
    "bass.svg": [("#9ecae1", 10000), ("#e6730b", 600), ("#9467bd", 300)],
}


# Pixels of the P(alive) map's hatching (its 39 cells fill about 650 x 11 px; the legend's
# sample alone has under 300; chromium drew 6583 and 3058).
HATCH_LIGHT, HATCH_DARK = 3000, 1500


def check_png(plots, pngdir):
    for chart in CHARTS:
        root = parse(f"{plots}/{chart}")
        png = f"{pngdir}/{chart[:-4]}.png"
        width, height, rows = read_png(png)
        if (width, height) != (int(root.get("width")), int(root.get("height"))):
            fail(f"{png}: {width} x {height}, the chart is "
                 f"{root.get('width')} x {root.get('height')}")
        pixels = collections.Counter(px for row in rows for px in row)
        total = width * height
        ink = total - pixels[(255, 255, 255)]
        colours = len(pixels)
        if ink < 0.03 * total or colours < 20:
            fail(f"{png} looks blank: {ink} non-white pixels, {colours} colours")
        for colour, least in INK.get(chart, []):
            c = hex_rgb(colour)
            count = sum(n for px, n in pixels.items()
                        if max(abs(px[i] - c[i]) for i in range(3)) <= 30)
            if count < least:
                fail(f"{png}: {count} pixels of {colour}, expected at least {least}")
        if chart == "p-alive.svg":
            # The heat map fills the plot area with a gradient: many colours, not greys.
            tinted = [px for px in pixels if max(px) - min(px) > 40]
            if len(tinted) < 200:
                fail(f"{png}: the heat map shows only {len(tinted)} colours")
            # The hatching of the 39 impossible cells: light grey ground, darker grey strokes.
            for colour, tol, least in (("#e3e3e3", 8, HATCH_LIGHT), ("#8c8c8c", 20, HATCH_DARK)):
                c = hex_rgb(colour)
                count = sum(n for px, n in pixels.items()
                            if max(abs(px[i] - c[i]) for i in range(3)) <= tol)
                if count < least:
                    fail(f"{png}: {count} pixels of the hatching's {colour}, expected {least}+")
                print(f"  {png}: {count} pixels of the hatching's {colour}")
            # The impossible cells are marked, not coloured: inside each hatched cell (1.5 px
            # in from its edges, past anti-aliasing) every pixel is grey -- the hatching's
            # ground and strokes, none of the heat map's colours -- and the ground is there.
            hatched = [g for g in root.iter(SVG + "g") if g.get("class") == "hatched"][0]
            for r in hatched.findall(SVG + "rect"):
                x0, y0 = float(r.get("x")), float(r.get("y"))
                x1, y1 = x0 + float(r.get("width")), y0 + float(r.get("height"))
                inside = [rows[y][x] for y in range(math.ceil(y0 + 1.5), math.floor(y1 - 1.5))
                          for x in range(math.ceil(x0 + 1.5), math.floor(x1 - 1.5))]
                tinted = sum(1 for px in inside if max(px) - min(px) > 12)
                ground = sum(1 for px in inside if max(abs(px[i] - 0xe3) for i in range(3)) <= 8)
                if not inside or tinted > 0 or ground == 0:
                    fail(f"{png}: the hatched cell at x {x0:.1f}, y {y0:.1f}: {tinted} of "
                         f"{len(inside)} pixels coloured, {ground} of the hatching's ground")
            print(f"  {png}: {len(hatched.findall(SVG + 'rect'))} hatched cells drawn in grey "
                  "only")
        print(f"  {png}: {width} x {height}, {100 * ink / total:.1f}% ink, {colours} colours")
    print(f"ok: chromium drew all {len(CHARTS)} charts")


def main(argv):
    if len(argv) == 3 and argv[1] == "size":
        root = parse(argv[2])
        print(root.get("width"), root.get("height"))
    elif len(argv) == 5 and argv[1] == "svg":
        check_svg(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "png":
        check_png(argv[2], argv[3])
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv)
