# SPDX-License-Identifier: MIT
"""High-precision MBG/NBD values for tests/test_mbgnbd.c (Batislam, Denizel & Filiztekin 2007).

Run: python3 tests/oracles/mbgnbd_oracles.py > tests/oracles/mbgnbd_oracles.txt
The paper's formulas evaluated directly with mpmath (50 digits) at the exact binary value of
each double input -- written from the model, not from libclv's shared BG/NBD code: the
likelihood of one customer and its gradient (numerical differentiation), P(alive), the
conditional expectation with mpmath's hyp2f1, E[X(t)] for a new customer, and P(X(t) = n),
the last from the model's definition (dropout at time 0 and after each purchase).
"""
from mpmath import mp, mpf, hyp2f1, log, loggamma, beta, diff, gamma, factorial

mp.dps = 50


def loglik(r, al, a, b, x, tx, T):
    A = loggamma(r + x) - loggamma(r) + r * log(al)
    first = beta(a, b + x + 1) / beta(a, b) * (al + T) ** (-(r + x))
    second = beta(a + 1, b + x) / beta(a, b) * (al + tx) ** (-(r + x))
    return A + log(first + second)


def p_alive(r, al, a, b, x, tx, T):
    return 1 / (1 + a / (b + x) * ((al + T) / (al + tx)) ** (r + x))


def cond_expected(r, al, a, b, x, tx, T, t):
    z = t / (al + T + t)
    bracket = 1 - ((al + T) / (al + T + t)) ** (r + x) * hyp2f1(r + x, b + x + 1, a + b + x, z)
    return (a + b + x) / (a - 1) * bracket * p_alive(r, al, a, b, x, tx, T)


def new_expected(r, al, a, b, t):
    return b / (a - 1) * (1 - (al / (al + t)) ** r * hyp2f1(r, b + 1, a + b, t / (al + t)))


def prob_new(r, al, a, b, t, n):
    nb = lambda j: (gamma(r + j) / (gamma(r) * factorial(j)) * (al / (al + t)) ** r
                    * (t / (al + t)) ** j)
    tail = 1 - sum(nb(j) for j in range(n))
    return beta(a, b + n + 1) / beta(a, b) * nb(n) + beta(a + 1, b + n) / beta(a, b) * tail


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


LIFETIMES = [mpf(v) for v in (0.525, 6.183, 0.891, 1.614)]
for x, tx, T in ((0, 0, 38.86), (2, 30.43, 38.86), (29, 38.43, 38.86), (1000, 300.0, 400.0)):
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    name = f"loglik_x{int(x)}_tx{float(tx):g}_T{float(T):g}"
    show(name, loglik(*LIFETIMES, x, tx, T))
    for i, pname in enumerate(("r", "alpha", "a", "b")):
        def f(v, i=i):
            p = list(LIFETIMES)
            p[i] = v
            return loglik(*p, x, tx, T)
        show(f"{name}_d{pname}", diff(f, LIFETIMES[i]))
for x, tx, T in ((0, 0, 38.86), (2, 30.43, 38.86), (26, 30.85714, 31)):
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    show(f"p_alive_x{int(x)}", p_alive(*LIFETIMES, x, tx, T))
    show(f"cond_x{int(x)}_t39", cond_expected(*LIFETIMES, x, tx, T, mpf(39)))
show("cond_x1000_alive_t52", cond_expected(*LIFETIMES, *[mpf(v) for v in (1000, 400, 400, 52)]))
for t in (1, 39, 78):
    show(f"new_t{t}", new_expected(*LIFETIMES, mpf(t)))
for t, n in ((39, 0), (39, 1), (39, 5), (2, 10)):
    show(f"prob_t{t}_n{n}", prob_new(*LIFETIMES, mpf(t), n))
