# SPDX-License-Identifier: MIT
"""Value concentration, histogram and tier counts for examples/test-report-charts.c.

Run: /usr/bin/python3 tests/oracles/concentration_oracles.py > tests/oracles/concentration_oracles.txt
(numpy is needed). For each case, its values (written with repr, so they read back to the same
doubles) and, computed here independently of examples/report-charts.c:
  total          the sum of the values (math.fsum, correctly rounded)
  gini           the mean absolute difference over twice the mean (Gini 1912),
                 sum_i sum_j |v_i - v_j| / (2 n^2 mean), over all n^2 pairs with numpy
  top<k>         the share of the total held by the ceil(k n / 100) highest values, k = 1 5 10 20
  count<k>       that number of customers
  tier<t>        customers per tier, value against the mean: < 0.1, 0.1-0.5, 0.5-2, 2-5, >= 5
  log_scale      1 if the histogram takes log-spaced bins: skewness > 2 and max > 100 min
  bin<j>         numpy.histogram's counts over the bins of report-charts.h's rule
  below          the values under the first edge (log-spaced bins only)
"""
import math
import numpy as np


def case(name, v):
    v = np.asarray(v, dtype=float)
    n = len(v)
    print(f"case {name} {n}")
    for x in v:
        print(repr(float(x)))
    total = math.fsum(v)
    print(f"total = {total!r}")
    diffs = np.abs(v[:, None] - v[None, :])
    gini = math.fsum(diffs.ravel()) / (2 * n * n * (total / n))
    print(f"gini = {gini!r}")
    desc = np.sort(v)[::-1]
    for k in (1, 5, 10, 20):
        count = max(1, -(-k * n // 100))
        print(f"count{k} = {count}")
        print(f"top{k} = {math.fsum(desc[:count]) / total!r}")
    mean = total / n
    bounds = [0.1, 0.5, 2.0, 5.0]
    tiers = [0] * 5
    for x in v:
        tiers[sum(1 for b in bounds if x >= b * mean)] += 1
    for t, c in enumerate(tiers):
        print(f"tier{t} = {c}")
    pos = v[v > 0]
    m2 = np.mean((v - v.mean()) ** 2)
    skew = np.mean((v - v.mean()) ** 3) / m2 ** 1.5 if m2 > 0 else 0.0
    log_scale = skew > 2 and v.max() > 0 and v.max() > 100 * pos.min()
    print(f"log_scale = {int(log_scale)}")
    if log_scale:
        frm = max(pos.min(), v.max() * 1e-4)
        lo, hi = math.floor(4 * math.log10(frm)) / 4, math.ceil(4 * math.log10(v.max())) / 4
        bins = max(1, min(48, round((hi - lo) * 4)))
        edges = 10 ** np.linspace(lo, hi, bins + 1)
        below = int(np.sum(v < edges[0]))
        counts, _ = np.histogram(v[v >= edges[0]], bins=edges)
    else:
        lo, hi = min(0.0, v.min()), v.max()
        hi = hi if hi > lo else lo + 1
        counts, _ = np.histogram(v, bins=20, range=(lo, hi))
        below = 0
    for j, c in enumerate(counts):
        print(f"bin{j} = {c}")
    print(f"below = {below}")
    print("end")


rng = np.random.default_rng(15)
# Skewed, like customer values: lognormal, n not a multiple of 100 (ceil matters).
case("lognormal", rng.lognormal(mean=2.5, sigma=1.2, size=997))
# A few near-zero values under a long tail: the log bins start 4 decades below the largest.
case("tail", np.concatenate([rng.lognormal(2.0, 1.5, 300), [1e-9, 3e-7, 0.0]]))
# Everyone equal: Gini 0, the top k% hold k% (rounded up to whole customers).
case("equal", [7.0] * 50)
# One customer holds everything: Gini (n - 1) / n.
case("one", [0.0] * 9 + [5.0])
# Uniform spread: linear bins.
case("uniform", rng.uniform(0.0, 100.0, 401))
case("three", [1.0, 2.0, 3.0])
