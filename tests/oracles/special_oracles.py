#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Oracle for lib/math/special.c: log Gamma and its differences, digamma, trigamma, log 2F1
with its gradient, and log Gamma(s, x), at mp.dps = 40.

Writes special_oracles.txt (readable) and special_oracles.h (C tables for
tests/test_special.c) next to this script. Run:
    python3 tests/oracles/special_oracles.py

Deterministic: fixed grids, no random numbers. Every input is a double and mpmath evaluates at
that exact binary value (mpf(float) is exact).

Where a function has zeros (log Gamma near 1 and 2, lgamma_ratio, lbeta) the table also holds
the condition number kappa = sum_i |x_i df/dx_i| / |f|: an error of one rounding in the
inputs moves f by kappa * 1.1e-16 relative, which no double algorithm can beat.

Independent checks built in:
  * log 2F1: mpmath's hyp2f1 (which picks its own transformations) is compared, where both
    are cheap, with the Euler-transformed evaluation (1-z)^(c-a-b) 2F1(c-a, c-b; c; z)
    (DLMF 15.8.1); for huge parameters the transformed form is the one evaluated.
  * log Gamma(s, x): mpmath's gammainc loses digits for negative integer s (it returned
    wrong values at s = -1000, x = 1000 at some precisions), so the oracle is the integral
    log Gamma(s,x) = s log x - x + log int_0^inf (1+v)^(s-1) e^(-x v) dv (DLMF 8.6.4 with
    t = x(1+v)) by tanh-sinh quadrature, evaluated at 40 and at 60 digits, which must agree
    to 1e-30; for s > 0 it is also compared with gammainc.
  * The gradient of log 2F1: mpmath.diff of log hyp2f1 (central differences at 40 digits).
"""
import os

from mpmath import (diff, digamma, exp, gammainc, hyp2f1, inf, log, loggamma, mp, mpf, psi,
                    quad)

mp.dps = 40

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = mpf(10) ** -30


def fmt(v):
    """17 significant digits, round-trip exact for doubles."""
    return mp.nstr(mpf(v), 17, min_fixed=1, max_fixed=0, strip_zeros=False)


# ---------------------------------------------------------------------------------------
# Gamma family

LGAMMA_X = [1e-3, 0.01, 0.1, 0.5, 0.9, 0.99, 1.01, 1.1, 1.4616321449683622, 1.5, 1.9, 1.99,
            2.01, 2.5, 3.0, 7.5, 9.99, 10.0, 10.01, 30.0, 100.0, 1000.0, 1e4, 101000.0, 1e6]

RATIO_A = [1e-3, 0.1, 0.5, 1.7, 5.0, 9.999, 10.0, 37.5, 1000.0, 101000.0]
RATIO_X = [1e-8, 0.3, 1.0, 3.0, 16.0, 16.5, 100.0, 1e4, 1e5]

LBETA_A = [1e-3, 0.3, 1.0, 2.5, 9.5, 10.0, 50.0, 1000.0, 1e5]

DIGAMMA_X = [1e-3, 0.01, 0.1, 0.5, 1.0, 1.2, 1.36, 1.4, 1.46, 1.4616321449683622,
             1.4616321449683625, 1.47, 1.5, 1.56, 1.57, 2.0, 3.5, 9.99, 10.0, 10.01, 100.0,
             1000.0, 1e5 + 1e3, 1e8]

DIGAMMA_DIFF_A = [1e-3, 0.1, 0.5, 1.0, 5.0, 9.999, 10.0, 100.0, 1000.0, 101000.0]
DIGAMMA_DIFF_X = [1e-9, 0.5, 1.0, 2.0, 16.0, 16.5, 1000.0, 1e5]


def kappa(f, terms):
    return sum(abs(t) for t in terms) / abs(f) if f != 0 else mpf(inf)


def gamma_rows():
    rows = {"lgamma": [], "lgamma_ratio": [], "lbeta": [], "digamma": [], "digamma_diff": [],
            "trigamma": []}
    for x in LGAMMA_X:
        X = mpf(x)
        f = loggamma(X)
        rows["lgamma"].append((x, f, kappa(f, [X * digamma(X)])))
        rows["digamma"].append((x, digamma(X)))
        rows["trigamma"].append((x, psi(1, X)))
    for x in DIGAMMA_X:
        if x not in LGAMMA_X:
            rows["digamma"].append((x, digamma(mpf(x))))
            rows["trigamma"].append((x, psi(1, mpf(x))))
    for a in RATIO_A:
        for x in RATIO_X:
            A, X = mpf(a), mpf(x)
            f = loggamma(A + X) - loggamma(A)
            if f == 0:
                continue  # exact zeros (a = 1, x = 1): covered by the identity tests
            k = kappa(f, [A * (digamma(A + X) - digamma(A)), X * digamma(A + X)])
            rows["lgamma_ratio"].append((a, x, f, k))
    for i, a in enumerate(LBETA_A):
        for b in LBETA_A[i:]:
            A, B = mpf(a), mpf(b)
            f = loggamma(A) + loggamma(B) - loggamma(A + B)
            if f == 0:
                continue  # B(1, 1) = 1
            k = kappa(f, [A * (digamma(A) - digamma(A + B)), B * (digamma(B) - digamma(A + B))])
            rows["lbeta"].append((a, b, f, k))
    for a in DIGAMMA_DIFF_A:
        for x in DIGAMMA_DIFF_X:
            A, X = mpf(a), mpf(x)
            rows["digamma_diff"].append((a, x, digamma(A + X) - digamma(A)))
    return rows


# ---------------------------------------------------------------------------------------
# Gauss 2F1

def gauss_series(a, b, c, z):
    """The Gauss series (DLMF 15.2.1) summed in mpmath, for transformed arguments where it
    converges within a few hundred terms."""
    t = s = mpf(1)
    n = 0
    while True:
        t *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        s += t
        n += 1
        if abs(t) < mpf(10) ** -45 * abs(s) and abs((a + n) * (b + n) * z) < abs(c + n) * (n + 1):
            return s
        if n > 10**6:
            raise RuntimeError("series too slow at %r" % ((a, b, c, z),))


def log_hyp2f1(a, b, c, z):
    """log 2F1 at 40 digits; cross-checked with the Euler transform where both are cheap."""
    a, b, c, z = mpf(a), mpf(b), mpf(c), mpf(z)
    if z == 0:
        return mpf(0)
    m = c - a - b
    euler_small = abs(c - a) * abs(c - b) <= c  # transformed series converges at once
    big = max(a, b, c) > 2e3
    if big and euler_small:
        return m * log(1 - z) + log(gauss_series(c - a, c - b, c, z))
    direct = log(hyp2f1(a, b, c, z, maxterms=10**6, maxprec=50000))
    if not big:
        with mp.workdps(60):
            alt = m * log(1 - z) + log(hyp2f1(c - a, c - b, c, z, maxterms=10**6))
        if abs(alt - direct) > TOL * max(1, abs(direct)):
            raise RuntimeError("Euler cross-check failed at %r" % ((a, b, c, z),))
    return direct


# BG/NBD conditional expectation: 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t)) (Fader, Hardie &
# Lee 2005, eq. 10). (r, alpha, a, b) sets reach the 1e-3 .. 1e3 extremes.
BGNBD_PARAMS = [(0.243, 4.414, 0.793, 2.426),   # the CDNOW fit of FHL (2005)
                (1e-3, 1e-3, 1.5, 1e-3), (1e3, 1e3, 1e3, 1e3), (1.0, 10.0, 1e-3, 5.0),
                (5.0, 1e-3, 20.0, 1e3), (1e3, 1.0, 1e-3, 1e-3)]
BGNBD_X = [0, 1, 7, 100, 10000, 100000]
BGNBD_TIMES = [(10.0, 1.0), (1e4, 1e4), (1e4, 1.0), (1.0, 1e4), (100.0, 39.0)]  # (T, t)


def bgnbd_points():
    pts = []
    for (r, alpha, a, b) in BGNBD_PARAMS:
        for x in BGNBD_X:
            c = a + b + x - 1
            if c <= 0:
                continue  # outside the contract (c > 0): x = 0 with a + b <= 1
            for (T, t) in BGNBD_TIMES:
                z = t / (alpha + T + t)
                pts.append((r + x, b + x, c, z, "bgnbd"))
    return pts


# Pareto/NBD likelihood: 2F1(r+s+x, s+1; r+s+x+1; z) (FHL 2005, "A note on deriving the
# Pareto/NBD model"); c - a - b = -s, at and near integers.
PARETO_RS = [(0.55, 10.58), (1e-3, 1e-3), (1e3, 1e3), (1.0, 1.0), (2.0, 2.0 + 1e-9),
             (0.5, 3.0 - 1e-7), (10.0, 1e-3), (1e-3, 1e3)]
PARETO_X = [0, 1, 10, 1000, 100000]
PARETO_Z = [1e-6, 0.1, 0.5, 0.9, 0.999, 1 - 1e-6]


def pareto_points():
    pts = []
    for (r, s) in PARETO_RS:
        for x in PARETO_X:
            for z in PARETO_Z:
                a = r + s + x
                # z within 1e-6 of 1 with x >= 1000: not a regime the
                # data reach (z near 1 needs t_x << max(alpha, beta), i.e. few purchases),
                # and the slow one of log_hyp2f1 (see special.c).
                if z > 0.9999 and x >= 1000:
                    continue
                pts.append((a, s + 1, a + 1, z, "pareto"))
    return pts


# sBG DERL: 2F1(1, beta+n; alpha+beta+n; 1/(1+d)) (Fader & Hardie 2010, eq. 6);
# c - a - b = alpha - 1, at and near integers.
SBG_AB = [(0.704, 1.182), (1e-3, 1e-3), (1.0, 1.0), (2.0 + 1e-9, 0.5), (1e3, 1e3), (3.0, 1e-3)]
SBG_N = [1, 5, 100]
SBG_D = [1e-3, 0.1, 1.0]


def sbg_points():
    pts = []
    for (al, be) in SBG_AB:
        for n in SBG_N:
            for d in SBG_D:
                pts.append((1.0, be + n, al + be + n, 1 / (1 + d), "sbg"))
    return pts


# Generic points: z near 0 and 1, c - a - b exactly 0, 1, -1 and near them, large c.
GENERIC = [(1.0, 1.0, 2.0, 0.5), (0.5, 0.5, 1.0, 0.999), (0.5, 0.5, 1.0, 1 - 1e-6),
           (2.0, 3.0, 6.0, 0.999), (2.0, 3.0, 4.0, 0.999), (2.0, 3.0, 5.0 + 1e-8, 0.999),
           (2.0, 3.0, 5.0 - 1e-8, 1 - 1e-6), (1.5, 2.5, 3.0, 1e-3), (10.0, 20.0, 25.0, 0.3),
           (100.0, 100.0, 250.0, 0.6), (1.0, 2.5, 4.5, 0.999), (3.0, 3.0, 5.0, 1 - 1e-6),
           (1e-3, 1e-3, 1e-3, 0.999), (1e3, 1e-3, 1e3, 0.999), (7.0, 2.0, 8.0, 1 - 1e-6),
           (1.0, 1000.0, 1000.001, 0.999), (0.25, 0.75, 1.5, 1e-300)]


def hyp_rows():
    rows = []
    for (a, b, c, z, tag) in (bgnbd_points() + pareto_points() + sbg_points() +
                              [g + ("generic",) for g in GENERIC]):
        rows.append((a, b, c, z, log_hyp2f1(a, b, c, z), tag))
    return rows


GRAD_POINTS = [(1.0, 1.0, 2.0, 0.5), (0.55 + 10.58 + 3, 11.58, 0.55 + 10.58 + 4, 0.3),
               (0.55 + 10.58 + 3, 11.58, 0.55 + 10.58 + 4, 0.95),
               (2.0 + 3.0 + 5, 4.0, 11.0, 0.999), (2.0 + 3.0 + 5, 4.0, 11.0, 1 - 1e-6),
               (1.0 + 2.0 + 50, 3.0 + 1e-9, 1.0 + 2.0 + 51, 0.9),
               (1.0 + 1e3 + 100, 1e3 + 1, 1.0 + 1e3 + 101, 0.5),
               (0.243 + 7, 2.426 + 7, 0.793 + 2.426 + 6, 0.5),
               (0.243 + 7, 2.426 + 7, 0.793 + 2.426 + 6, 0.99),
               (0.243 + 1000, 2.426 + 1000, 0.793 + 2.426 + 999, 0.9),
               (0.243 + 1e5, 2.426 + 1e5, 0.793 + 2.426 + 1e5 - 1, 0.999),
               (1.0 + 1e5 + 1, 2.0, 1e5 + 3, 0.999),
               (1.0, 1.182 + 5, 0.704 + 1.182 + 5, 1 / 1.1),
               (1.0, 1.182 + 5, 0.704 + 1.182 + 5, 1 / 1.001),
               (1.0, 1.0 + 1, 2.0 + 1, 0.5), (0.5, 0.5, 1.0, 0.999), (3.0, 3.0, 5.0, 1e-3),
               (1.5, 2.5, 3.0, 0.75), (10.0, 20.0, 25.0, 0.3)]


def grad_rows():
    rows = []
    for (a, b, c, z) in GRAD_POINTS:
        p = [mpf(a), mpf(b), mpf(c), mpf(z)]
        f = log_hyp2f1(*p)
        g = []
        for i in range(4):
            def one(v, i=i):
                q = list(p)
                q[i] = v
                return log_hyp2f1(*q)
            g.append(diff(one, p[i]))
        rows.append((a, b, c, z, f, g))
    return rows


# ---------------------------------------------------------------------------------------
# Upper incomplete gamma

def log_upper_gamma_quad(s, x, dps):
    with mp.workdps(dps):
        s, x = mpf(s), mpf(x)
        f = lambda v: exp((s - 1) * log(1 + v) - x * v)
        scale = 1 / (x + abs(s - 1) + 1)
        pts = [mpf(0)] + [scale * k for k in (0.25, 1, 4, 16, 64)]
        vstar = (s - 1) / x - 1  # the integrand's peak when s > 1 + x
        if vstar > 0:
            w = (s - 1) ** 0.5 / x + scale
            pts += [max(vstar - 8 * w, 0), max(vstar - 2 * w, 0), vstar, vstar + 2 * w,
                    vstar + 8 * w, vstar + 30 * w]
        pts = sorted(set(pts)) + [inf]
        return s * log(x) - x + log(quad(f, pts))


def log_upper_gamma(s, x):
    v40 = log_upper_gamma_quad(s, x, 40)
    v60 = log_upper_gamma_quad(s, x, 60)
    if abs(v40 - v60) > TOL * max(1, abs(v60)):
        raise RuntimeError("quadrature disagrees at s = %r, x = %r" % (s, x))
    if s > 0:
        with mp.workdps(60):
            alt = log(gammainc(mpf(s), mpf(x)))
        if abs(alt - v60) > TOL * max(1, abs(v60)):
            raise RuntimeError("gammainc disagrees at s = %r, x = %r" % (s, x))
    return v60


UG_S = [-1e12 - 0.5, -1000000.5, -1000.0, -999.5, -500.3, -100.0, -64.5, -63.5, -10.0, -3.7,
        -1.0, -0.5, -0.3, 0.0, 1e-9, 0.2, 0.5, 0.7, 1.0, 3.3, 50.5, 999.9, 1000.0]
UG_X = [1e-3, 0.1, 1.0, 1.49, 1.5, 2.0, 10.0, 1000.0, 1e4]


def ug_rows():
    return [(s, x, log_upper_gamma(s, x)) for s in UG_S for x in UG_X]


# ---------------------------------------------------------------------------------------

def main():
    g = gamma_rows()
    hyp = hyp_rows()
    grad = grad_rows()
    ug = ug_rows()

    with open(os.path.join(HERE, "special_oracles.txt"), "w") as f:
        f.write("# Special-function oracles, mpmath mp.dps = 40 (special_oracles.py).\n")
        f.write("# Values to 17 significant digits; kappa = condition number (see script).\n")
        for name in ("lgamma", "digamma", "trigamma"):
            f.write("\n[%s] x value%s\n" % (name, " kappa" if name == "lgamma" else ""))
            for row in g[name]:
                f.write(" ".join(["%.17g" % row[0]] + [fmt(v) for v in row[1:]]) + "\n")
        for name in ("lgamma_ratio", "lbeta", "digamma_diff"):
            f.write("\n[%s] a x|b value%s\n" % (name, "" if name == "digamma_diff" else " kappa"))
            for row in g[name]:
                f.write(" ".join(["%.17g %.17g" % row[:2]] + [fmt(v) for v in row[2:]]) + "\n")
        f.write("\n[log_hyp2f1] a b c z log2F1 family\n")
        for (a, b, c, z, v, tag) in hyp:
            f.write("%.17g %.17g %.17g %.17g %s %s\n" % (a, b, c, z, fmt(v), tag))
        f.write("\n[log_hyp2f1_grad] a b c z log2F1 d/da d/db d/dc d/dz\n")
        for (a, b, c, z, v, gr) in grad:
            f.write("%.17g %.17g %.17g %.17g %s %s\n" % (a, b, c, z, fmt(v),
                                                        " ".join(fmt(d) for d in gr)))
        f.write("\n[log_upper_gamma] s x logGamma(s,x)\n")
        for (s, x, v) in ug:
            f.write("%.17g %.17g %s\n" % (s, x, fmt(v)))

    with open(os.path.join(HERE, "special_oracles.h"), "w") as f:
        f.write("/* SPDX-License-Identifier: MIT */\n")
        f.write("/* Generated by tests/oracles/special_oracles.py (mpmath, mp.dps = 40); "
                "do not edit. */\n")
        f.write("#ifndef CLV_ORACLE_SPECIAL_H\n#define CLV_ORACLE_SPECIAL_H\n\n")
        f.write("/* One-argument functions: x, value (and kappa, the condition number). */\n")
        f.write("typedef struct special_case1 {\n    double x;\n    double value;\n"
                "    double kappa;\n} special_case1;\n\n")
        f.write("/* Two-argument functions: (a, x) or (a, b), value, kappa. */\n")
        f.write("typedef struct special_case2 {\n    double a;\n    double x;\n"
                "    double value;\n    double kappa;\n} special_case2;\n\n")
        f.write("/* family: 0 BG/NBD, 1 Pareto/NBD, 2 sBG DERL, 3 generic. */\n")
        f.write("typedef struct hyp2f1_case {\n    double a, b, c, z;\n    double log_value;\n"
                "    int family;\n} hyp2f1_case;\n\n")
        f.write("typedef struct hyp2f1_grad_case {\n    double a, b, c, z;\n    double log_value;\n"
                "    double grad[4];\n} hyp2f1_grad_case;\n\n")
        for name in ("lgamma", "digamma", "trigamma"):
            f.write("static const special_case1 %s_cases[] = {\n" % name)
            for row in g[name]:
                k = fmt(row[2]) if len(row) > 2 else "0.0"
                f.write("    {%.17g, %s, %s},\n" % (row[0], fmt(row[1]), k))
            f.write("};\n\n")
        for name in ("lgamma_ratio", "lbeta", "digamma_diff"):
            f.write("static const special_case2 %s_cases[] = {\n" % name)
            for row in g[name]:
                k = fmt(row[3]) if len(row) > 3 else "0.0"
                f.write("    {%.17g, %.17g, %s, %s},\n" % (row[0], row[1], fmt(row[2]), k))
            f.write("};\n\n")
        codes = {"bgnbd": 0, "pareto": 1, "sbg": 2, "generic": 3}
        f.write("static const hyp2f1_case hyp2f1_cases[] = {\n")
        for (a, b, c, z, v, tag) in hyp:
            f.write("    {%.17g, %.17g, %.17g, %.17g, %s, %d},\n" % (a, b, c, z, fmt(v),
                                                                  codes[tag]))
        f.write("};\n\n")
        f.write("static const hyp2f1_grad_case hyp2f1_grad_cases[] = {\n")
        for (a, b, c, z, v, gr) in grad:
            f.write("    {%.17g, %.17g, %.17g, %.17g, %s, {%s}},\n" % (
                a, b, c, z, fmt(v), ", ".join(fmt(d) for d in gr)))
        f.write("};\n\n")
        f.write("static const special_case2 upper_gamma_cases[] = {\n")
        for (s, x, v) in ug:
            f.write("    {%.17g, %.17g, %s, 0.0},\n" % (s, x, fmt(v)))
        f.write("};\n\n#endif\n")


if __name__ == "__main__":
    main()
