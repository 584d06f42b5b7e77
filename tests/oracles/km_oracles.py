# SPDX-License-Identifier: MIT
"""Kaplan-Meier values for tests/test_km.c: the 6-MP arm of Freireich et al. (1963).

Run: python3 tests/oracles/km_oracles.py > tests/oracles/km_oracles.txt
Data (remission durations in weeks, * = censored), as printed in Klein & Moeschberger (2003)
Table 1.1 / Kalbfleisch & Prentice (2002) and /work/shared/refs/published.md:
6, 6, 6, 6*, 7, 9*, 10, 10*, 11*, 13, 16, 17*, 19*, 20*, 22, 23, 25*, 32*, 32*, 34*, 35*.

Everything is computed from the definitions, independently of the C code: S(t) as exact
fractions (Kaplan & Meier 1958), Greenwood's variance S^2 sum d/(n(n-d)) exactly, then with
mpmath at 40 digits the standard error, the log-log band S^exp(+-z sqrt(v)/|log S|) at the
95% and 90% levels (z = the exact normal quantile), the median and its interval (first time
S, lower, upper <= 1/2) and the restricted mean to tau with the Klein & Moeschberger (2003,
section 4.5) variance sum A_i^2 d_i/(n_i(n_i - d_i)), A_i = integral_{t_i}^tau S.
"""
from fractions import Fraction as F

from mpmath import mp, mpf, sqrt, log, exp, erfinv

mp.dps = 40

DATA = [(6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1),
        (16, 1), (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0),
        (34, 0), (35, 0)]


def table(data):
    times = sorted({t for t, e in data if e})
    s, v, rows = F(1), F(0), []
    for t in times:
        n = sum(1 for u, _ in data if u >= t)
        d = sum(1 for u, e in data if u == t and e)
        s *= F(n - d, n)
        v += F(d, n * (n - d))
        rows.append((t, n, d, s, v))
    return rows


def z_of(level):
    return sqrt(2) * erfinv(mpf(level))


def band(s, v, z):
    ls = log(mpf(s.numerator) / s.denominator)
    sigma = sqrt(mpf(v.numerator) / v.denominator) / -ls
    return exp(ls * exp(z * sigma)), exp(ls * exp(-z * sigma))


def rmst(rows, tau):
    # area and variance from the definitions (forward integral of the step function)
    def area_from(a):
        total, t_prev, s_prev = F(0), F(a), F(1)
        for t, _, _, s, _ in rows:
            if t <= a:
                s_prev = s
        for t, _, _, s, _ in rows:
            if a < t <= tau:
                total += s_prev * (t - t_prev)
                t_prev, s_prev = F(t), s
        return total + s_prev * (tau - t_prev)
    mu = area_from(0)
    var = sum(area_from(t) ** 2 * F(d, n * (n - d)) for t, n, d, s, v in rows if t <= tau and n > d)
    return mu, var


def main():
    rows = table(DATA)
    for level in ("0.95", "0.9"):
        z = z_of(level)
        print("level %s z %s" % (level, mp.nstr(z, 20)))
        for t, n, d, s, v in rows:
            lo, hi = band(s, v, z)
            se = mpf(s.numerator) / s.denominator * sqrt(mpf(v.numerator) / v.denominator)
            print("t %2d n %2d d %d S %s = %s se %s lower %s upper %s"
                  % (t, n, d, s, mp.nstr(mpf(s.numerator) / s.denominator, 20), mp.nstr(se, 20),
                     mp.nstr(lo, 20), mp.nstr(hi, 20)))
        med = next((t for t, _, _, s, _ in rows if s <= F(1, 2)), None)
        lo = next((t for t, n, d, s, v in rows if band(s, v, z)[0] <= 0.5), None)
        hi = next((t for t, n, d, s, v in rows if band(s, v, z)[1] <= 0.5), None)
        print("median %s lower %s upper %s" % (med, lo, hi))
    for tau in (10, 23, 35):
        mu, var = rmst(rows, tau)
        print("rmst tau %d mu %s = %s se %s" % (tau, mu, mp.nstr(mpf(mu.numerator) / mu.denominator, 20),
                                            mp.nstr(sqrt(mpf(var.numerator) / var.denominator), 20)))


if __name__ == "__main__":
    main()
