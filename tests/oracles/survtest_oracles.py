#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Oracle for tests/test_survtest.c: the Nelson-Aalen cumulative hazard and the (weighted,
stratified, delayed-entry) log-rank test, computed straight from their definitions in exact
rational arithmetic (fractions), then printed at 40 digits with mpmath where a square root,
a power or the chi-square tail enters.

Definitions (include/churn.h, group clv_surv): a row with entry e and exit t is at risk at u
when e < u <= t (no entry: u <= t); an event counts when it is inside its risk period. At
each distinct event time of a stratum: n, d, n_k, d_k; w = S(u-)^rho (1 - S(u-))^gamma with
S the stratum's pooled Kaplan-Meier just before u;
  U_k = sum w (d_k - d n_k / n),  V_kl = sum w^2 d (n - d)/(n - 1) (n_k/n)(delta_kl - n_l/n).
Statistic U' V^-1 U over groups 0..K-2; p = P(chi2(K-1) >= statistic).
Nelson-Aalen: H = sum d/n, Var = sum d/n^2, band H exp(-+ z sqrt(Var)/H).

Each risk set is recomputed by scanning every row (O(n^2)), independently of the library's
sorted two-pointer walk. Output: tests/oracles/survtest_oracles.txt.
"""
from fractions import Fraction as F
import csv
import os

import mpmath as mp

mp.mp.dps = 40


def q(x):
    """A Fraction (or int) as an mpf."""
    x = F(x)
    return mp.mpf(x.numerator) / x.denominator
HERE = os.path.dirname(os.path.abspath(__file__))


def load_freireich():
    rows = []
    with open(os.path.join(HERE, "..", "data", "freireich-leukemia.csv")) as f:
        lines = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(lines):
        rows.append((F(0), F(r["weeks"]), int(r["event"]), F(1), int(r["group"]), 0))
    return rows


def at_risk(row, u, entry):
    e, t = row[0], row[1]
    return (e < u <= t) if entry else (u <= t)


def logrank(rows, K, rho, gamma, entry):
    """rows: (entry, exit, event, weight, group, stratum)."""
    U = [mp.mpf(0)] * K
    V = [[mp.mpf(0)] * K for _ in range(K)]
    O = [F(0)] * K
    E = [F(0)] * K
    for g in sorted(set(r[5] for r in rows)):
        rs = [r for r in rows if r[5] == g]
        times = sorted(set(r[1] for r in rs if r[2] == 1 and (not entry or r[0] < r[1])))
        S = F(1)
        for u in times:
            nk = [sum((r[3] for r in rs if r[4] == k and at_risk(r, u, entry)), F(0))
                  for k in range(K)]
            dk = [sum((r[3] for r in rs if r[4] == k and r[1] == u and r[2] == 1
                       and (not entry or r[0] < u)), F(0)) for k in range(K)]
            n = sum(nk)
            d = sum(dk)
            if d == 0 or n == 0:
                continue
            w = mp.mpf(1)
            if rho:
                w *= q(S) ** q(rho)
            if gamma:
                w *= q(1 - S) ** q(gamma)
            c = F(d * (n - d)) / (n - 1) if n > 1 else F(0)
            for k in range(K):
                e = d * nk[k] / n
                O[k] += dk[k]
                E[k] += e
                U[k] += w * q(dk[k] - e)
                for l in range(K):
                    V[k][l] += w * w * q(c * nk[k] / n * ((1 if k == l else 0) - nk[l] / n))
            S *= 1 - F(d) / n
    m = K - 1
    Um = mp.matrix([U[i] for i in range(m)])
    Vm = mp.matrix([[V[i][j] for j in range(m)] for i in range(m)])
    stat = (Um.T * mp.lu_solve(Vm, Um))[0]
    p = mp.gammainc(mp.mpf(m) / 2, stat / 2, mp.inf, regularized=True)
    return stat, p, O, E


def nelson_aalen(rows, level, entry):
    z = mp.sqrt(2) * mp.erfinv(level)
    times = sorted(set(r[1] for r in rows if r[2] == 1 and (not entry or r[0] < r[1])))
    H = F(0)
    Vr = F(0)
    out = []
    for u in times:
        n = sum((r[3] for r in rows if at_risk(r, u, entry)), F(0))
        d = sum((r[3] for r in rows if r[1] == u and r[2] == 1 and (not entry or r[0] < u)), F(0))
        if d == 0 or n == 0:
            continue
        H += d / n
        Vr += d / (n * n)
        se = mp.sqrt(q(Vr))
        f = mp.exp(z * se / q(H))
        out.append((u, n, d, H, se, q(H) / f, q(H) * f))
    return out


def fmt(x):
    return mp.nstr(q(x) if isinstance(x, (F, int)) else mp.mpf(x), 25)


def main():
    out = []
    rows = load_freireich()
    for rho, gamma in [(0, 0), (1, 0), (0, 1), (F(1, 2), F(1, 2))]:
        stat, p, O, E = logrank(rows, 2, rho, gamma, False)
        out.append("logrank freireich rho %s gamma %s stat %s p %s O %s E %s" % (
            fmt(F(rho)), fmt(F(gamma)), fmt(stat), fmt(p),
            " ".join(fmt(o) for o in O), " ".join(fmt(e) for e in E)))
    # Stratified by a synthetic pair stratum (row index mod 3 within each group).
    strat = [(r[0], r[1], r[2], r[3], r[4], i % 3) for i, r in enumerate(rows)]
    stat, p, O, E = logrank(strat, 2, 0, 0, False)
    out.append("logrank strat3 stat %s p %s O %s E %s" % (
        fmt(stat), fmt(p), " ".join(fmt(o) for o in O), " ".join(fmt(e) for e in E)))
    # Three groups: the placebo group split in two by row parity; weights 1, 2, 3 cycling;
    # delayed entry at (row index mod 4) weeks, capped at the exit.
    three = []
    for i, r in enumerate(rows):
        g = r[4] if r[4] == 0 else 1 + (i % 2)
        e = min(F(i % 4), r[1])
        three.append((e, r[1], r[2], F(1 + i % 3), g, 0))
    stat, p, O, E = logrank(three, 3, 0, 0, True)
    out.append("logrank three_entry_weighted stat %s p %s O %s E %s" % (
        fmt(stat), fmt(p), " ".join(fmt(o) for o in O), " ".join(fmt(e) for e in E)))
    # Nelson-Aalen of the 6-MP group, and of the delayed-entry weighted table above.
    mp6 = [r for r in rows if r[4] == 0]
    for name, data, entry in [("na_6mp", mp6, False), ("na_three_entry", three, True)]:
        for u, n, d, H, se, lo, hi in nelson_aalen(data, mp.mpf("0.95"), entry):
            out.append("%s t %s n %s d %s H %s se %s lower %s upper %s" % (
                name, fmt(u), fmt(n), fmt(d), fmt(H), fmt(se), fmt(lo), fmt(hi)))
    with open(os.path.join(HERE, "survtest_oracles.txt"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
