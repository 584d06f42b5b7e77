# SPDX-License-Identifier: MIT
"""High-precision BG/NBD values for tests/test_bgnbd.c (Fader, Hardie & Lee 2005).

Run: python3 tests/oracles/bgnbd_oracles.py > tests/oracles/bgnbd_oracles.txt
Every quantity is the paper's formula evaluated directly with mpmath (50 digits) at the exact
binary value of each double input: the log-likelihood of one customer (eq. 6) and its
gradient (numerical differentiation at 50 digits), P(alive) (note 021), the conditional
expectation (eq. 10, with mpmath's hyp2f1), E[X(t)] for a new customer (eq. 7) and P(X(t)=n)
(eq. 8). Output lines: name = value.
"""
from mpmath import mp, mpf, hyp2f1, log, loggamma, beta, diff, gamma, factorial

mp.dps = 50


def loglik(r, al, a, b, x, tx, T):
    A1 = loggamma(r + x) - loggamma(r) + r * log(al)
    A2 = loggamma(a + b) + loggamma(b + x) - loggamma(b) - loggamma(a + b + x)
    term = (al + T) ** (-(r + x))
    if x > 0:
        term += a / (b + x - 1) * (al + tx) ** (-(r + x))
    return A1 + A2 + log(term)


def p_alive(r, al, a, b, x, tx, T):
    if x == 0:
        return mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def cond_expected(r, al, a, b, x, tx, T, t):
    c = a + b + x - 1
    bracket = 1 - ((al + T) / (al + T + t)) ** (r + x) * hyp2f1(r + x, b + x, c, t / (al + T + t))
    return c / (a - 1) * bracket * p_alive(r, al, a, b, x, tx, T)


def prob_new(r, al, a, b, t, n):
    nb = lambda j: gamma(r + j) / (gamma(r) * factorial(j)) * (al / (al + t)) ** r * (t / (al + t)) ** j
    first = beta(a, b + n) / beta(a, b) * nb(n)
    if n == 0:
        return first
    return first + beta(a + 1, b + n - 1) / beta(a, b) * (1 - sum(nb(j) for j in range(n)))


def exact(*values):
    return [mpf(v) for v in values]


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


PAPER = exact(0.243, 4.414, 0.793, 2.426)
BTYD = exact(0.2425982, 4.4136842, 0.7929899, 2.4261667)
LIFETIMES = exact(0.2425945, 4.4136019, 0.7929199, 2.4258881)

# One customer's log-likelihood and gradient at the paper's parameters.
for x, tx, T in ((0, 0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (29, 38.43, 38.86),
                 (5, 5.0, 5.0), (1000, 300.0, 400.0), (100000, 9000.0, 10000.0)):
    x, tx, T = exact(x, tx, T)
    name = f"loglik_x{int(x)}_tx{float(tx):g}_T{float(T):g}"
    show(name, loglik(*PAPER, x, tx, T))
    for i, pname in enumerate(("r", "alpha", "a", "b")):
        def f(v, i=i):
            p = list(PAPER)
            p[i] = v
            return loglik(*p, x, tx, T)
        show(f"{name}_d{pname}", diff(f, PAPER[i]))

# P(alive) and conditional expectations at the BTYD walkthrough's fit.
show("p_alive_btyd_x26", p_alive(*BTYD, *exact(26, 30.85714, 31)))
show("cond_btyd_x26_t52", cond_expected(*BTYD, *exact(26, 30.85714, 31, 52)))
for x in (10, 15, 20, 25):
    show(f"cond_btyd_x{x}_tx20_T39_t52", cond_expected(*BTYD, *exact(x, 20, 39, 52)))
# The paper's worked example, and hard cases: large x, a near 1, a + b < 1 with x = 0.
show("cond_paper_x2_t39", cond_expected(*PAPER, *exact(2, 30.43, 38.86, 39)))
show("cond_paper_x1000_t52", cond_expected(*PAPER, *exact(1000, 300, 400, 52)))
show("cond_paper_x100000_t52", cond_expected(*PAPER, *exact(100000, 9000, 10000, 52)))
# Enormous x of a customer still buying at T (t_x = T): alive, about x/T purchases per unit.
show("cond_paper_x1000_alive_t52", cond_expected(*PAPER, *exact(1000, 400, 400, 52)))
show("cond_paper_x100000_alive_t52", cond_expected(*PAPER, *exact(100000, 10000, 10000, 52)))
show("p_alive_paper_x100000_alive", p_alive(*PAPER, *exact(100000, 10000, 10000)))
near1 = exact(0.5, 2.0, 1.0 + 1e-9, 3.0)
show("cond_a_1plus1e-9_x3_t20", cond_expected(*near1, *exact(3, 10, 15, 20)))
small_ab = exact(0.8, 3.0, 0.4, 0.3)
show("new_ab_below_1_t10", cond_expected(*small_ab, *exact(0, 0, 0, 10)))
show("cond_ab_below_1_x0_T5_t10", cond_expected(*small_ab, *exact(0, 0, 5, 10)))
# New customers: lifetimes' test values were computed at lifetimes' own fit.
for t in (1, 3, 32, 78):
    show(f"new_lifetimes_t{t}", cond_expected(*LIFETIMES, *exact(0, 0, 0, t)))
show("new_btyd_t52", cond_expected(*BTYD, *exact(0, 0, 0, 52)))
# P(X(t) = n) for a new customer at the paper's parameters.
for t, n in ((39, 0), (2, 10), (30, 11), (30, 15), (30, 20), (39, 1), (200, 3)):
    show(f"prob_t{t}_n{n}", prob_new(*PAPER, mpf(t), n))
