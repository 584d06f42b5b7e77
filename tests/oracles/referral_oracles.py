#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""High-precision oracles for the word-of-mouth generations, K-factor, customer referral value
and NPS comparison parts of referral.h, and for the helpers behind them (lib/math/geometric.c,
the normal CDF of lib/math/normal.c).

Writes referral_oracles.txt (readable) and referral_oracles.h (C tables for
tests/test_geometric.c, test_normal.c, test_wom.c, test_kfactor.c, test_crv.c, test_nps.c),
next to this script. Run:
    python3 tests/oracles/referral_oracles.py

mpmath at 50 digits. Every input is a double, and the oracle answers for its exact binary
value (mpf(float) is exact), so C and oracle answer the same question. Where the library
uses a closed form, the oracle does NOT: the word-of-mouth generations are the recurrence of
referral.h run generation by generation, the K-factor counts and the cost of a dissatisfied
customer are explicit term-by-term sums, the geometric sums are summed term by term where n
is small and from (1 - q^n)/(1 - q) at 50 digits otherwise (no cancellation at that precision
for the ratios used: |1 - q| >= 1e-13).
"""
import math
import os

from mpmath import ceil, erfc, erfinv, log, mp, mpf, ncdf, sqrt

mp.dps = 50

HERE = os.path.dirname(os.path.abspath(__file__))


def num(x):
    """17 significant digits: the nearest double is within one ulp of the oracle."""
    if x == 0:
        return "0.0"
    return mp.nstr(mpf(x), 17, min_fixed=1, max_fixed=0, strip_zeros=False)


def dbl(x):
    """A double input written so that C reads back the same double."""
    if math.isinf(x):
        return "INFINITY" if x > 0 else "-INFINITY"
    return repr(float(x))


# ---- geometric sums G(q, n) = sum_{i<n} q^i -------------------------------------------------

GEOMETRIC = [
    (0.5, 10.0), (0.9, 100.0), (0.0, 3.0), (0.25, 1.0), (1.0, 7.0), (1.25, 4.0), (2.0, 1000.0),
    (1e300, 2.0), (1.5, 1500.0), (0.3, 2.5), (1.25, 2.5), (0.5, 0.5),
    (1.0 - 2.0**-30, 1e6), (1.0 - 1e-12, 1e12), (1.0 + 1e-12, 1e12), (1.0 - 1e-13, 3.0),
    (1.0 + 1e-7, 1e7), (0.999999, 1e9), (1.0 - 2.0**-52, 1e15),
    (-0.5, 7.0), (-0.5, 8.0), (-1.0, 5.0), (-1.0, 6.0), (-3.0, 40.0), (-3.0, 41.0),
    (-0.999999, 1e6), (-0.999999, 1e6 + 1), (-1.0 - 1e-9, 1e9), (-2.0, 1001.0),
    (0.5, math.inf), (-0.9, math.inf), (0.999999, math.inf), (0.0, math.inf),
]


def geometric(q, n):
    q = mpf(q)
    if math.isinf(n):
        return 1 / (1 - q)
    if n <= 50 and n == int(n):
        return sum(q**i for i in range(int(n)))
    if q == 1:
        return mpf(n)
    if q == 0:
        return mpf(1) if n > 0 else mpf(0)
    return (1 - q**mpf(n)) / (1 - q)


# ---- normal distribution -------------------------------------------------------------------

CDF_X = [-37.0, -30.0, -20.0, -10.0, -8.0, -5.0, -3.0, -1.959963984540054, -1.0, -0.5, 0.0,
         0.5, 1.0, 1.959963984540054, 3.0, 5.0, 8.0]
TWO_SIDED_Z = [0.0, 0.5, -1.0, 1.959963984540054, 2.3837124399721638, 5.0, -10.0, 20.0, 37.0]


# ---- word of mouth: the recurrence of referral.h ---------------------------------------------
# (name, k_s, k_d, c, g, s, S0, D0)
WOM_SETS = [
    ("A", 5.0, 10.0, 0.1, 0.2, 0.8, 100.0, 20.0),              # R = 0.4, the header's example
    ("B", 3.0, 11.0, 0.3, 0.15, 0.9, 1234.5, 321.0),           # R = 0.81
    ("C", 4.0, 10.0, 0.25, 0.05, 1.0 - 2.0**-40, 1000.0, 50.0),  # R = 1 - 2^-40
    ("D", 6.0, 10.0, 0.25, 0.3, 0.9, 250.0, 75.0),             # R = 1.35: grows
]
WOM_GENERATIONS = 40


def wom_recurrence(ks, kd, c, g, s, S0, D0, n):
    """Rows (S_i, D_i, N_i, L_i, W(i), L(i)) for i = 1..n, by the recurrence."""
    ks, kd, c, g, s = map(mpf, (ks, kd, c, g, s))
    sat, dis = mpf(S0), mpf(D0)
    won_total = det_total = mpf(0)
    rows = []
    for _ in range(n):
        won = c * ks * sat
        deterred = g * kd * dis
        sat, dis = s * won, (1 - s) * won
        won_total += won
        det_total += deterred
        rows.append((sat, dis, won, deterred, won_total, det_total))
    return rows


def wom_totals(ks, kd, c, g, s, S0, D0):
    ks, kd, c, g, s = map(mpf, (ks, kd, c, g, s))
    r = s * ks * c
    won = ks * c * mpf(S0) / (1 - r)
    deterred = g * kd * (mpf(D0) + (1 - s) * won)
    return r, won, deterred


# (set, target, cycle time); the answer: smallest n with W(n) >= target, or never.
WOM_TARGETS = [
    ("A", 50.0, 7.0), ("A", 50.000000001, 7.0), ("A", 75.0, 7.0), ("A", 83.0, 2.5),
    ("A", 83.33, 1.0), ("A", 10.0, 30.0), ("B", 5000.0, 14.0), ("B", 5825.0, 14.0),
    ("C", 1e5 * 1000.0 + 0.5, 1.0), ("C", 3e8, 0.25), ("D", 1e6, 3.0), ("D", 1e12, 3.0),
    ("D", 1e300, 3.0),
]


def wom_time(ks, kd, c, g, s, S0, D0, target):
    """Smallest whole n with W(n) >= target from the 50-digit closed form, confirmed on both
    sides (W(n-1) < target <= W(n)); None when R < 1 and the limit is not above the target."""
    ks, c, s = map(mpf, (ks, c, s))
    m, r, target = ks * c, s * ks * c, mpf(target)
    first = m * mpf(S0)

    def w(n):
        return first * ((1 - r**n) / (1 - r) if r != 1 else n)
    if r < 1 and first / (1 - r) <= target:
        return None
    if r < 1:
        n = ceil(log(1 - target / first * (1 - r)) / log(r))
    else:
        n = ceil(log(1 + target / first * (r - 1)) / log(r))
    n = max(n, 1)
    while w(n) < target:
        n += 1
    while n > 1 and w(n - 1) >= target:
        n -= 1
    assert w(n) >= target and (n == 1 or w(n - 1) < target)
    return n


# (set, horizon, own value, customer value): e by its recurrence e_j = 1 + a e_{j-1}.
WOM_COSTS = [
    ("A", 0.0, 250.0, 300.0), ("A", 1.0, 250.0, 300.0), ("A", 5.0, 250.0, 300.0),
    ("A", math.inf, 250.0, 300.0), ("B", 3.0, 400.0, 520.0), ("B", 25.0, 400.0, 520.0),
    ("D", 4.0, 90.0, 120.0), ("D", 9.0, 90.0, 120.0),
]
# Set E: a strongly negative net word (a = 0.4 x 5 x 0.2 - 0.6 x 20 x 0.6 = -6.8): e
# alternates in sign.
WOM_SETS.append(("E", 5.0, 20.0, 0.2, 0.6, 0.4, 10.0, 10.0))
WOM_COSTS += [("E", 2.0, 50.0, 100.0), ("E", 3.0, 50.0, 100.0), ("E", 12.0, 50.0, 100.0)]


def wom_cost(ks, kd, c, g, s, h, own, value):
    ks, kd, c, g, s = map(mpf, (ks, kd, c, g, s))
    a = s * ks * c - (1 - s) * kd * g
    if math.isinf(h):
        e = 1 / (1 - a)
    else:
        e = mpf(0)
        for _ in range(int(h)):  # e_0 = 1, e_j = 1 + a e_{j-1}; h generations: e_{h-1}
            e = 1 + a * e
    deterred = g * kd if h >= 1 else mpf(0)
    lost = deterred * e
    return a, deterred, e, lost, lost * mpf(value), mpf(own) + lost * mpf(value)


# ---- K-factor --------------------------------------------------------------------------------
# (C0, invitations, conversion, cycles)
KFACTOR_CYCLES = [
    (100.0, 5.0, 0.25, 0.0), (100.0, 5.0, 0.25, 1.0), (100.0, 5.0, 0.25, 3.0),
    (100.0, 5.0, 0.25, 10.0), (100.0, 4.0, 0.25, 9.0), (37.0, 3.0, 0.2, 30.0),
    (1000.0, 10.0, 0.1 + 2.0**-45, 40.0), (1000.0, 10.0, 0.1 - 2.0**-45, 40.0),
    (10.0, 20.0, 0.5, 200.0),
]
# (C0, invitations, conversion, cycle time, t)
KFACTOR_TIMES = [
    (100.0, 5.0, 0.25, 7.0, 0.0), (100.0, 5.0, 0.25, 7.0, 10.5), (100.0, 5.0, 0.25, 7.0, 70.0),
    (100.0, 2.0, 0.3, 3.0, 1.0), (100.0, 4.0, 0.25, 2.0, 5.0), (100.0, 2.0, 0.3, 3.0, 900.0),
    (500.0, 1.0, 0.999999999999, 1.0, 1e6),
]


def kfactor_cycles(c0, i, conv, n):
    k = mpf(i) * mpf(conv)
    return mpf(c0) * sum(k**j for j in range(int(n) + 1))


def kfactor_time(c0, i, conv, ct, t):
    k = mpf(i) * mpf(conv)
    u = mpf(t) / mpf(ct) + 1
    return mpf(c0) * (u if k == 1 else (k**u - 1) / (k - 1))


# ---- customer referral value -----------------------------------------------------------------
# (V, A, a, d, clv, referrals, anyway shares or None)
CRV_CASES = [
    (300.0, 50.0, 20.0, 0.1, 1000.0, [2.0, 1.0], None),
    (300.0, 50.0, 20.0, 0.1, 1000.0, [2.0, 1.0], [0.5, 0.0]),
    (412.5, 85.0, 15.0, 0.0125, 640.0, [0.4, 1.3, 0.0, 2.7, 0.9, 1.1, 0.25, 3.0],
     [0.1, 0.35, 0.5, 0.2, 0.0, 1.0, 0.6, 0.45]),
    (-40.0, 30.0, 5.0, 0.0, 120.0, [1.0, 2.0, 3.0], [0.25, 0.25, 0.25]),
]


def crv(v, acq, cost, d, clv, n, w):
    v, acq, cost, d = map(mpf, (v, acq, cost, d))
    inc = anyway = pv_inc = pv_any = pv_all = mpf(0)
    for t, nt in enumerate(n, start=1):
        wt = mpf(w[t - 1]) if w is not None else mpf(0)
        nt = mpf(nt)
        f = (1 + d) ** -t
        inc += nt * (1 - wt)
        anyway += nt * wt
        pv_inc += nt * (1 - wt) * f
        pv_any += nt * wt * f
        pv_all += nt * f
    value = pv_inc * v + pv_any * acq - pv_all * cost
    return inc, anyway, pv_inc * v, pv_any * acq, pv_all * cost, value, mpf(clv) + value


# ---- NPS: two samples, sample size ----------------------------------------------------------
# ((promoters, passives, detractors) x 2, level)
NPS_PAIRS = [
    ((100.0, 200.0 / 3.0, 100.0 / 3.0), (80.0, 70.0, 50.0), 0.95),
    ((100.0, 200.0 / 3.0, 100.0 / 3.0), (80.0, 70.0, 50.0), 0.90),
    ((640.0, 250.0, 110.0), (420.0, 300.0, 280.0), 0.99),
    ((3.0, 2.0, 1.0), (1.0, 2.0, 3.0), 0.95),
    ((5.0, 0.0, 0.0), (2.0, 1.0, 1.0), 0.95),
]


def nps(p, a, d):
    p, a, d = mpf(p), mpf(a), mpf(d)
    n = p + a + d
    sp, sd = p / n, d / n
    var = sp + sd - (sp - sd) ** 2
    return 100 * (sp - sd), 100 * sqrt(var / n)


def quantile(p):
    """Phi^{-1}(p) = sqrt(2) erfinv(2p - 1)."""
    return sqrt(2) * erfinv(2 * mpf(p) - 1)


def nps_compare(a, b, level):
    na, sa = nps(*a)
    nb, sb = nps(*b)
    diff = na - nb
    se = sqrt(sa**2 + sb**2)
    z = diff / se
    p = erfc(abs(z) / sqrt(2))
    zq = quantile((1 + mpf(level)) / 2)
    return diff, se, z, p, max(diff - zq * se, -200), min(diff + zq * se, 200)


# (var_a, var_b, delta, alpha, power)
SAMPLE_SIZES = [
    (5.0 / 9.0, 5.0 / 9.0, 10.0, 0.05, 0.8), (5.0 / 9.0, 0.6275, -5.0, 0.05, 0.9),
    (0.8, 0.7, 3.0, 0.01, 0.95), (0.25, 0.25, 20.0, 0.1, 0.5), (0.0, 0.0, 10.0, 0.05, 0.8),
    (1.0, 1.0, 200.0, 0.05, 0.8), (0.5, 0.5, 0.01, 0.05, 0.8),
]


def sample_size(va, vb, delta, alpha, power):
    zs = -quantile(mpf(alpha) / 2) + quantile(power)
    raw = zs**2 * (mpf(va) + mpf(vb)) / (mpf(delta) / 100) ** 2
    return raw, max(ceil(raw), 1)


# ---- output ----------------------------------------------------------------------------------

def main():
    txt, h = [], []
    h.append("/* SPDX-License-Identifier: MIT */")
    h.append("/* Generated by tests/oracles/referral_oracles.py (mpmath, mp.dps = 50); do not edit. */")
    h.append("#ifndef CLV_ORACLE_REFERRAL_H")
    h.append("#define CLV_ORACLE_REFERRAL_H")
    h.append("")
    h.append("#include <math.h>")
    h.append("")

    h.append("/* G(q, n) = 1 + q + ... + q^(n-1). */")
    h.append("typedef struct geometric_case {\n    double q, n, sum;\n} geometric_case;")
    h.append("static const geometric_case geometric_cases[] = {")
    txt.append("# geometric sums: q n G(q, n)")
    for q, n in GEOMETRIC:
        g = geometric(q, n)
        txt.append("%r %r %s" % (q, n, num(g)))
        h.append("    {%s, %s, %s}," % (dbl(q), dbl(n), num(g)))
    h.append("};\n")

    h.append("/* Phi(x), and P(|Z| >= |z|). */")
    h.append("typedef struct normal_cdf_case {\n    double x, value;\n} normal_cdf_case;")
    h.append("static const normal_cdf_case normal_cdf_cases[] = {")
    txt.append("# normal cdf: x Phi(x)")
    for x in CDF_X:
        v = ncdf(mpf(x))
        txt.append("%r %s" % (x, num(v)))
        h.append("    {%s, %s}," % (dbl(x), num(v)))
    h.append("};")
    h.append("static const normal_cdf_case normal_two_sided_cases[] = {")
    txt.append("# two-sided p: z erfc(|z|/sqrt 2)")
    for z in TWO_SIDED_Z:
        v = erfc(abs(mpf(z)) / sqrt(2))
        txt.append("%r %s" % (z, num(v)))
        h.append("    {%s, %s}," % (dbl(z), num(v)))
    h.append("};\n")

    h.append("/* Word-of-mouth parameter sets: k_s, k_d, c, g, s, S0, D0. */")
    h.append("typedef struct wom_set {\n    double ks, kd, c, g, s, S0, D0;\n} wom_set;")
    h.append("enum { WOM_A, WOM_B, WOM_C, WOM_D, WOM_E, WOM_SETS };")
    h.append("static const wom_set wom_sets[WOM_SETS] = {")
    for name, *p in WOM_SETS:
        h.append("    {%s}, /* %s */" % (", ".join(dbl(x) for x in p), name))
    h.append("};")
    h.append("#define WOM_ORACLE_GENERATIONS %d" % WOM_GENERATIONS)
    h.append("/* Generations 1..%d of sets A-D by the recurrence: S, D, N, L, W, Lcum. */"
             % WOM_GENERATIONS)
    h.append("static const double wom_generation_oracle[4][WOM_ORACLE_GENERATIONS][6] = {")
    for name, *p in WOM_SETS[:4]:
        rows = wom_recurrence(*p, WOM_GENERATIONS)
        txt.append("# generations of set %s: n S D N L W(n) L(n)" % name)
        h.append("    {")
        for i, row in enumerate(rows, start=1):
            txt.append("%s %d %s" % (name, i, " ".join(num(v) for v in row)))
            h.append("        {%s}," % ", ".join(num(v) for v in row))
        h.append("    },")
    h.append("};")
    h.append("/* Totals of sets A-C (R < 1): R, W, L. */")
    h.append("static const double wom_total_oracle[3][3] = {")
    for name, *p in WOM_SETS[:3]:
        r, w, l = wom_totals(*p)
        txt.append("# totals of set %s: R W L: %s %s %s" % (name, num(r), num(w), num(l)))
        h.append("    {%s, %s, %s}," % (num(r), num(w), num(l)))
    h.append("};")

    h.append("/* Time to reach: set, target, cycle time, generations (INFINITY: never). */")
    h.append("typedef struct wom_time_case {\n    int set;\n    double target, cycle_time, "
             "generations;\n} wom_time_case;")
    h.append("static const wom_time_case wom_time_cases[] = {")
    names = [s[0] for s in WOM_SETS]
    txt.append("# time to reach: set target cycle generations")
    for name, target, ct in WOM_TARGETS:
        p = WOM_SETS[names.index(name)][1:]
        n = wom_time(*p, target)
        gens = "INFINITY" if n is None else "%d.0" % int(n)
        txt.append("%s %r %r %s" % (name, target, ct, gens))
        h.append("    {WOM_%s, %s, %s, %s}," % (name, dbl(target), dbl(ct), gens))
    h.append("};")

    h.append("/* Cost of a dissatisfied customer: set, horizon, own value, customer value;\n"
             " * a, deterred, e, lost customers, word-of-mouth cost, total cost. */")
    h.append("typedef struct wom_cost_case {\n    int set;\n    double horizon, own, value;\n"
             "    double a, deterred, e, lost, wom_cost, total;\n} wom_cost_case;")
    h.append("static const wom_cost_case wom_cost_cases[] = {")
    txt.append("# dissatisfied cost: set h own value a deterred e lost wom_cost total")
    for name, hz, own, value in WOM_COSTS:
        p = WOM_SETS[names.index(name)][1:]
        res = wom_cost(*p[:5], hz, own, value)
        txt.append("%s %r %r %r %s" % (name, hz, own, value, " ".join(num(v) for v in res)))
        h.append("    {WOM_%s, %s, %s, %s, %s}," % (name, dbl(hz), dbl(own), dbl(value),
                                                    ", ".join(num(v) for v in res)))
    h.append("};\n")

    h.append("/* K-factor: C0, invitations, conversion, cycles, customers. */")
    h.append("typedef struct kfactor_case {\n    double c0, invitations, conversion, x, "
             "customers;\n} kfactor_case;")
    h.append("static const kfactor_case kfactor_cycle_cases[] = {")
    txt.append("# K-factor after n cycles: C0 i c n C(n)")
    for c0, i, conv, n in KFACTOR_CYCLES:
        v = kfactor_cycles(c0, i, conv, n)
        txt.append("%r %r %r %r %s" % (c0, i, conv, n, num(v)))
        h.append("    {%s, %s, %s, %s, %s}," % (dbl(c0), dbl(i), dbl(conv), dbl(n), num(v)))
    h.append("};")
    h.append("/* K-factor over time: C0, invitations, conversion, t / cycle time as {ct, t}. */")
    h.append("typedef struct kfactor_time_case {\n    double c0, invitations, conversion, "
             "cycle_time, time, customers;\n} kfactor_time_case;")
    h.append("static const kfactor_time_case kfactor_time_cases[] = {")
    txt.append("# K-factor at time t: C0 i c ct t C(t)")
    for c0, i, conv, ct, t in KFACTOR_TIMES:
        v = kfactor_time(c0, i, conv, ct, t)
        txt.append("%r %r %r %r %r %s" % (c0, i, conv, ct, t, num(v)))
        h.append("    {%s, %s, %s, %s, %s, %s}," % (dbl(c0), dbl(i), dbl(conv), dbl(ct),
                                                    dbl(t), num(v)))
    h.append("};\n")

    h.append("/* CRV: inputs, then incremental, anyway, value_incremental, acquisition_saved,\n"
             " * referral_cost, crv, customer_value. */")
    h.append("#define CRV_MAX_PERIODS 8")
    h.append("typedef struct crv_case {\n    double value, acquisition, cost, discount, clv;\n"
             "    size_t n;\n    double referrals[CRV_MAX_PERIODS];\n"
             "    int has_share;\n    double share[CRV_MAX_PERIODS];\n"
             "    double expect[7];\n} crv_case;")
    h.append("static const crv_case crv_cases[] = {")
    txt.append("# CRV: V A a d clv referrals shares -> inc anyway pv_inc pv_acq pv_cost crv cv")
    for v, acq, cost, d, clv, n, w in CRV_CASES:
        res = crv(v, acq, cost, d, clv, n, w)
        txt.append("%r %r %r %r %r %r %r -> %s" % (v, acq, cost, d, clv, n, w,
                                                    " ".join(num(x) for x in res)))
        h.append("    {%s, %s, %s, %s, %s, %d, {%s}, %d, {%s}, {%s}}," % (
            dbl(v), dbl(acq), dbl(cost), dbl(d), dbl(clv), len(n),
            ", ".join(dbl(x) for x in n), 0 if w is None else 1,
            ", ".join(dbl(x) for x in (w or [0.0])), ", ".join(num(x) for x in res)))
    h.append("};\n")

    h.append("/* NPS comparison: counts of a and b, level; difference, SE, z, p, lower, upper. */")
    h.append("typedef struct nps_compare_case {\n    double a[3], b[3], level;\n"
             "    double expect[6];\n} nps_compare_case;")
    h.append("static const nps_compare_case nps_compare_cases[] = {")
    txt.append("# NPS compare: a b level -> diff se z p lower upper")
    for a, b, level in NPS_PAIRS:
        res = nps_compare(a, b, level)
        txt.append("%r %r %r -> %s" % (a, b, level, " ".join(num(x) for x in res)))
        h.append("    {{%s}, {%s}, %s, {%s}}," % (", ".join(dbl(x) for x in a),
                                                  ", ".join(dbl(x) for x in b), dbl(level),
                                                  ", ".join(num(x) for x in res)))
    h.append("};")
    h.append("/* Sample size: var_a, var_b, delta, alpha, power; unrounded n, n per group. */")
    h.append("typedef struct nps_size_case {\n    double var_a, var_b, delta, alpha, power, raw, "
             "n;\n} nps_size_case;")
    h.append("static const nps_size_case nps_size_cases[] = {")
    txt.append("# NPS sample size: va vb delta alpha power -> raw n")
    for va, vb, delta, alpha, power in SAMPLE_SIZES:
        raw, n = sample_size(va, vb, delta, alpha, power)
        txt.append("%r %r %r %r %r -> %s %d" % (va, vb, delta, alpha, power, num(raw), int(n)))
        h.append("    {%s, %s, %s, %s, %s, %s, %d.0}," % (dbl(va), dbl(vb), dbl(delta), dbl(alpha),
                                                        dbl(power), num(raw), int(n)))
    h.append("};\n")
    h.append("#endif /* CLV_ORACLE_REFERRAL_H */")

    with open(os.path.join(HERE, "referral_oracles.txt"), "w") as f:
        f.write("# Generated by tests/oracles/referral_oracles.py (mpmath, mp.dps = 50)\n")
        f.write("\n".join(txt) + "\n")
    with open(os.path.join(HERE, "referral_oracles.h"), "w") as f:
        f.write("\n".join(h) + "\n")


if __name__ == "__main__":
    main()
