# SPDX-License-Identifier: MIT
"""High-precision sBG values for tests/test_sbg.c (Fader & Hardie 2007; DEL/DERL Fader &
Hardie 2010).

Run: python3 tests/oracles/sbg_oracles.py > tests/oracles/sbg_oracles.txt
The paper's formulas evaluated directly with mpmath (50 digits) at the exact binary value of
each double input: P(T = t) = B(a+1, b+t-1)/B(a, b), S(t) = B(a, b+t)/B(a, b), the
likelihood of eq. B3 and its maximum (found here by Newton's method on the exact gradient),
the projections of years 8-12 at that maximum, the expected lifetime E[min(T, H)] as a
direct sum of S(t) (and, for long horizons, by the telescoping identity, itself checked
against the direct sum here), DEL = 2F1(1, b; a+b; 1/(1+d)) and DERL after n-1 renewals =
(b+n-1)/(a+b+n-1) 2F1(1, b+n; a+b+n; 1/(1+d)), both also checked here against the
discounted sums of S(t) they stand for.
"""
from mpmath import mp, mpf, beta, log, hyp2f1, diff, digamma, nsum, inf, matrix, lu_solve, fsum

mp.dps = 50

# Fader & Hardie 2007, Table 1 (data of Berry & Linoff 2004): survivors of 1,000 customers,
# years 0-12; the fit uses years 0-7.
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]


def P(a, b, t):
    return beta(a + 1, b + t - 1) / beta(a, b)


def S(a, b, t):
    return beta(a, b + t) / beta(a, b)


def loglik(a, b, alive):
    n = len(alive) - 1
    return fsum((alive[t - 1] - alive[t]) * log(P(a, b, t)) for t in range(1, n + 1)) \
        + alive[n] * log(S(a, b, n))


def mle(alive, a, b):
    for _ in range(60):
        g = [diff(lambda x: loglik(x, b, alive), a), diff(lambda y: loglik(a, y, alive), b)]
        h = matrix([[diff(lambda x: loglik(x, b, alive), a, 2),
                     diff(lambda x, y: loglik(x, y, alive), (a, b), (1, 1))],
                    [diff(lambda x, y: loglik(x, y, alive), (a, b), (1, 1)),
                     diff(lambda y: loglik(a, y, alive), b, 2)]])
        step = lu_solve(h, matrix(g))
        a, b = a - step[0], b - step[1]
        if abs(step[0]) + abs(step[1]) < mpf(10) ** -40:
            break
    return a, b


def lifetime_sum(a, b, h):
    return fsum(S(a, b, t) for t in range(int(h)))


def lifetime_closed(a, b, h):
    if a == 1:
        return b * (digamma(b + h) - digamma(b))
    return ((a + b - 1) - (a + b + h - 1) * S(a, b, h)) / (a - 1)


def dele(a, b, d):
    return hyp2f1(1, b, a + b, 1 / (1 + d))


def derl(a, b, renewals, d):
    n = renewals + 1
    return (b + n - 1) / (a + b + n - 1) * hyp2f1(1, b + n, a + b + n, 1 / (1 + d))


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


for tag, data, start in (("regular", REGULAR, (0.7, 1.2)), ("highend", HIGH_END, (0.7, 3.8))):
    fit = data[:8]
    a, b = mle([mpf(v) for v in fit], mpf(start[0]), mpf(start[1]))
    show(f"{tag}_alpha", a)
    show(f"{tag}_beta", b)
    show(f"{tag}_loglik", loglik(a, b, fit))
    for year in range(8, 13):
        show(f"{tag}_project_year{year}", 1000 * S(a, b, year))

PRINTED = {"reg": (mpf(0.704), mpf(1.182)), "hi": (mpf(0.668), mpf(3.806))}
for tag, (a, b) in PRINTED.items():
    for t in (0, 1, 2, 7, 12, 100, 10000, 1000000):
        show(f"{tag}_S_{t}", S(a, b, t))
    for t in (1, 2, 7, 12, 100, 10000):
        show(f"{tag}_P_{t}", P(a, b, t))
    for d in ("0.1", "0.01", "0.001"):
        df = mpf(float(d))
        v = dele(a, b, df)
        show(f"{tag}_DEL_{d}", v)
    for n in (0, 1, 6, 100):
        show(f"{tag}_DERL_{n}_0.1", derl(a, b, n, mpf(0.1)))
    # The loglik of the regular data's years 1-7 at the printed parameters, and its gradient.
    data = [mpf(v) for v in (REGULAR if tag == "reg" else HIGH_END)[:8]]
    show(f"{tag}_loglik7", loglik(a, b, data))
    show(f"{tag}_loglik7_dalpha", diff(lambda x: loglik(x, b, data), a))
    show(f"{tag}_loglik7_dbeta", diff(lambda y: loglik(a, y, data), b))

# DEL and DERL stand for discounted sums of the survival curve: checked here, not in C.
a, b = PRINTED["reg"]
assert abs(dele(a, b, mpf(0.1)) - nsum(lambda t: S(a, b, t) / (1 + mpf(0.1)) ** t, [0, inf])) < mpf(10) ** -20
assert abs(derl(a, b, 6, mpf(0.1)) - nsum(lambda k: S(a, b, 7 + k) / S(a, b, 6) / (1 + mpf(0.1)) ** k,
                                          [0, inf])) < mpf(10) ** -20

# Expected lifetime E[min(T, H)]: direct sums, and the closed form for long horizons.
LIFE = {"reg": PRINTED["reg"], "hi": PRINTED["hi"], "a1": (mpf(1), mpf(2)),
        "a1p": (mpf(1.0000001), mpf(2)), "a25": (mpf(2.5), mpf(4)), "small": (mpf(0.3), mpf(0.4))}
for tag, (a, b) in LIFE.items():
    for h in (1, 7, 12, 1000, 1001, 5000):
        v = lifetime_sum(a, b, h)
        if a != 1 and h <= 1001:
            assert abs(v - lifetime_closed(a, b, h)) < mpf(10) ** -25 * v
        show(f"{tag}_life_{h}", v)
    show(f"{tag}_life_1000000", lifetime_closed(a, b, mpf(10) ** 6))
    if a > 1:
        show(f"{tag}_life_inf", (a + b - 1) / (a - 1))
        show(f"{tag}_DEL_0", (a + b - 1) / (a - 1))
        show(f"{tag}_DERL_6_0", (b + 6) / (a - 1))
    show(f"{tag}_DEL_0.1", dele(a, b, mpf(0.1)))

# A small table of individual durations (duration, churned, weight), for the gradient.
ROWS = [(1, 1, 3), (2, 1, 1), (3, 0, 2), (5, 1, 0.5), (7, 0, 4), (40, 1, 1), (40, 0, 1.5)]
a, b = mpf(0.704), mpf(1.182)


def ll_rows(a, b):
    return fsum(mpf(w) * (log(P(a, b, t)) if c else log(S(a, b, t))) for t, c, w in ROWS)


show("rows_loglik", ll_rows(a, b))
show("rows_dalpha", diff(lambda x: ll_rows(x, b), a))
show("rows_dbeta", diff(lambda y: ll_rows(a, y), b))
