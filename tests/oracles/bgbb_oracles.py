# SPDX-License-Identifier: MIT
"""High-precision BG/BB values for tests/test_bgbb.c (Fader, Hardie & Shang 2010).

Run: python3 tests/oracles/bgbb_oracles.py > tests/oracles/bgbb_oracles.txt
The paper's equations (5, 7, 8, 11, 13, 14) evaluated directly with mpmath (50 digits) at the
exact binary value of each double input: the likelihood of one pattern and its gradient
(numerical differentiation), E[X(n)], P(X(n) = x), P(alive), the conditional expectation and
DERT. The conditional expectation (eq. 13) is also cross-checked here by summing, over the
future opportunities, the probability of being alive times the posterior mean of p.
"""
from mpmath import mp, mpf, beta, gamma, log, diff, binomial, hyp2f1, nsum, inf

mp.dps = 50


def lik(a, b, g, d, x, tx, n):
    total = beta(a + x, b + n - x) / beta(a, b) * beta(g, d + n) / beta(g, d)
    for i in range(int(n - tx)):
        total += beta(a + x, b + tx - x + i) / beta(a, b) * beta(g + 1, d + tx + i) / beta(g, d)
    return total


def p_alive(a, b, g, d, x, tx, n):
    return beta(a + x, b + n - x) / beta(a, b) * beta(g, d + n + 1) / beta(g, d) / lik(a, b, g, d, x, tx, n)


def cond(a, b, g, d, x, tx, n, ns):
    front = beta(a + x + 1, b + n - x) / beta(a, b) * d / (g - 1) * gamma(g + d) / gamma(1 + d)
    br = gamma(1 + d + n) / gamma(g + d + n) - gamma(1 + d + n + ns) / gamma(g + d + n + ns)
    return front * br / lik(a, b, g, d, x, tx, n)


def new(a, b, g, d, n):
    return a / (a + b) * d / (g - 1) * (1 - gamma(g + d) / gamma(g + d + n) * gamma(1 + d + n) / gamma(1 + d))


def prob(a, b, g, d, n, x):
    t = binomial(n, x) * beta(a + x, b + n - x) / beta(a, b) * beta(g, d + n) / beta(g, d)
    for i in range(x, n):
        t += binomial(i, x) * beta(a + x, b + i - x) / beta(a, b) * beta(g + 1, d + i) / beta(g, d)
    return t


def dert(a, b, g, d, x, tx, n, disc):
    return (beta(a + x + 1, b + n - x) / beta(a, b) * beta(g, d + n + 1) / (beta(g, d) * (1 + disc))
            * hyp2f1(1, d + n + 1, g + d + n + 1, 1 / (1 + disc)) / lik(a, b, g, d, x, tx, n))


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


P = [mpf(v) for v in (1.203507, 0.7497667, 0.6567568, 2.783887)]  # BTYD's fit [R]
for x, tx in ((0, 0), (1, 3), (4, 5), (6, 6)):
    x, tx, n = mpf(x), mpf(tx), mpf(6)
    name = f"loglik_x{int(x)}_tx{int(tx)}"
    show(name, log(lik(*P, x, tx, n)))
    for i, pname in enumerate(("alpha", "beta", "gamma", "delta")):
        def f(v, i=i):
            q = list(P)
            q[i] = v
            return log(lik(*q, x, tx, n))
        show(f"{name}_d{pname}", diff(f, P[i]))
    show(f"p_alive_x{int(x)}_tx{int(tx)}", p_alive(*P, x, tx, n))
    show(f"cond10_x{int(x)}_tx{int(tx)}", cond(*P, x, tx, n, 10))
    show(f"dert10pct_x{int(x)}_tx{int(tx)}", dert(*P, x, tx, n, mpf(0.1)))
# Cross-check of eq. 13 at one pattern: sum over k = 1..10 of P(alive at n+k) E[p | data].
x, tx, n = mpf(4), mpf(5), mpf(6)
a, b, g, d = P
l = lik(*P, x, tx, n)
series = sum(beta(a + x + 1, b + n - x) / beta(a, b) * beta(g, d + n + k) / beta(g, d) / l
             for k in range(1, 11))
show("cond10_x4_tx5_by_summation", series)
for nn in range(1, 12):
    show(f"new_n{nn}", new(*P, mpf(nn)))
for xx in (0, 6):
    show(f"prob_n6_x{xx}", prob(*P, 6, xx))
