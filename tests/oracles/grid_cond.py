# SPDX-License-Identifier: MIT
"""Oracle grid for the conditional purchase probabilities of Pareto/NBD and BG/BB and for
BG/BB's P(alive) at a future opportunity (tests/test_grid_cond.c).

Run: /usr/bin/python3 tests/oracles/grid_cond.py > tests/oracles/grid_cond.txt
(about five minutes; deterministic: a fixed seed).

Parameters, histories and horizons as in grid_pnbd_bgbb_gg.py (whose mpmath functions are
reused): parameters over 1e-3..1e3, x up to 1e5, t and T over 1e-2..1e6, BG/BB opportunities
up to 1e4 and a few at the cap 1e5. 40 digits; every input is a double, converted exactly.

  Pareto/NBD, P(X(T, T+t) = n | x, t_x, T) (Fader & Hardie 2006, "Deriving the conditional
    PMF of the Pareto/NBD model"): P(alive) (note 008 eq. 18, its integral I both as 2F1 and
    by quadrature) times a new customer's P(X(t) = n) at the posterior parameters r + x,
    alpha + T, s, beta + T (the alive part in closed form and the death-time integral by
    tanh-sinh and Gauss-Legendre quadrature, which must agree), plus 1 - P(alive) for n = 0.
  BG/BB, P(X(n, n+n*) = x* | x, t_x, n) (Fader, Hardie & Shang 2010, appendix) as printed
    there: (1/L) [ [x* = 0] sum_{i<n-t_x} B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d)
      + C(n*, x*) B(a+x+x*, b+n-x+n*-x*)/B(a,b) B(g, d+n+n*)/B(g,d)
      + sum_{i=x*}^{n*-1} C(i, x*) B(a+x+x*, b+n-x+i-x*)/B(a,b) B(g+1, d+n+i)/B(g,d) ]
    (the library factors it differently: P(alive at n) times eq. 8 at the posterior); sums
    by the ratio of successive terms, checked term by term with direct beta functions where
    short (n* <= 300).
  BG/BB, P(alive at n + m | x, t_x, n) = B(a+x, b+n-x)/B(a,b) B(g, d+n+m)/B(g,d) / L, checked
    against P(alive at n + 1) (eq. 11) times prod_{k=1}^{m-1} (d+n+k)/(g+d+n+k) (m <= 20000).

Output lines "<quantity> <in1> ... <in8> <value>" as grid_pnbd_bgbb_gg.py:
  pnbd_pcond  r alpha s beta x t_x T t n      (9 inputs)
  bgbb_pcond  a b g d x t_x n n_star x_star   (9 inputs)
  bgbb_alive  a b g d x t_x n m 0             (9 inputs)
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grid_pnbd_bgbb_gg as g  # noqa: E402
from mpmath import mp, mpf, exp, binomial, floor  # noqa: E402

mp.dps = 40
SEED = 20261213
lbeta = g.lbeta


def fmt(v):
    return repr(float(v))


def emit(kind, inputs, value):
    ins = list(inputs) + [0] * (9 - len(inputs))
    print(kind + " " + " ".join(fmt(v) for v in ins) + " " + mp.nstr(value, 25))


# ---- Pareto/NBD ------------------------------------------------------------------------------

def pnbd_pcond(r, al, s, be, x, tx, T, t, n):
    pa = g.pnbd_palive(r, al, s, be, x, tx, T)
    alive = g.pnbd_prob(r + x, al + T, s, be + T, t, n)
    return pa * alive + ((1 - pa) if n == 0 else 0)


def pnbd_grid(rng):
    sets = g.param_sets(rng, 24)
    for ps in sets:
        r, al, s, be = (mpf(v) for v in ps)
        for _ in range(4):
            x, tx, T = g.pnbd_customer(rng)
            t = rng.choice(g.HORIZONS)
            mean = g.pnbd_cond(r, al, s, be, mpf(x), mpf(tx), mpf(T), mpf(t))
            ns = [0.0, float(rng.choice([1, 3, 10, 100, 1000]))]
            if 1 <= mean < 1e9:
                ns.append(float(floor(mean)))
            for n in ns:
                emit("pnbd_pcond", ps + (x, tx, T, t, n),
                     pnbd_pcond(r, al, s, be, mpf(x), mpf(tx), mpf(T), mpf(t), mpf(n)))


# ---- BG/BB -----------------------------------------------------------------------------------

def bgbb_pcond(a, b, gm, d, x, tx, n, ns, xs):
    if xs > ns:
        return mpf(0)
    lab, lgd = lbeta(a, b), lbeta(gm, d)
    lik = g.bgbb_lik(a, b, gm, d, x, tx, n)
    total = binomial(ns, xs) * exp(lbeta(a + x + xs, b + n - x + ns - xs) - lab +
                                   lbeta(gm, d + n + ns) - lgd)
    if xs < ns:
        # i = x*: C(x*, x*) = 1; U_{i+1}/U_i = (i+1)/(i+1-x*) (b+n-x+i-x*)/(a+b+n+i)
        #                                        (d+n+i)/(g+d+n+i+1)
        term = exp(lbeta(a + x + xs, b + n - x) - lab + lbeta(gm + 1, d + n + xs) - lgd)
        acc = mpf(0)
        for i in range(int(xs), int(ns)):
            acc += term
            term *= (mpf(i + 1) / (i + 1 - xs) * (b + n - x + i - xs) / (a + b + n + i) *
                     (d + n + i) / (gm + d + n + i + 1))
        if ns - xs <= 300:
            acc2 = sum(binomial(i, xs) * exp(lbeta(a + x + xs, b + n - x + i - xs) - lab +
                                             lbeta(gm + 1, d + n + i) - lgd)
                       for i in range(int(xs), int(ns)))
            g.check("bgbb pcond", acc, acc2)
        total += acc
    if xs == 0 and n > tx:  # dead before n: eq. 5's sum over the death opportunity
        term = exp(lbeta(a + x, b + tx - x) - lab + lbeta(gm + 1, d + tx) - lgd)
        for i in range(int(n - tx)):
            total += term
            term *= (b + tx - x + i) / (a + b + tx + i) * (d + tx + i) / (gm + d + tx + i + 1)
    return total / lik


def bgbb_alive(a, b, gm, d, x, tx, n, m):
    lik = g.bgbb_lik(a, b, gm, d, x, tx, n)
    v = exp(lbeta(a + x, b + n - x) - lbeta(a, b) + lbeta(gm, d + n + m) - lbeta(gm, d)) / lik
    if 1 <= m <= 20000:
        w = g.bgbb_palive(a, b, gm, d, x, tx, n)
        for k in range(1, int(m)):
            w *= (d + n + k) / (gm + d + n + k)
        g.check("bgbb alive", v, w)
    return v


def bgbb_grid(rng):
    sets = g.param_sets(rng, 24) + [(1.203507, 0.7497667, 0.6567568, 2.783887)]
    for ps in sets:
        a, b, gm, d = (mpf(v) for v in ps)
        for _ in range(4):
            x, tx, n = g.bgbb_customer(rng)
            X, TX, N = mpf(x), mpf(tx), mpf(n)
            ns = float(rng.choice([1, 5, 10, 100, 1000, 10000]))
            mean = g.bgbb_cond(a, b, gm, d, X, TX, N, mpf(ns))
            xss = {0.0, float(rng.choice([1, 2, ns // 2, ns])), float(floor(mean))}
            for xs in sorted(xss):
                emit("bgbb_pcond", ps + (x, tx, n, ns, xs),
                     bgbb_pcond(a, b, gm, d, X, TX, N, mpf(ns), mpf(xs)))
            m = float(rng.choice([0, 1, 2, 10, 1000, 100000]))
            emit("bgbb_alive", ps + (x, tx, n, m), bgbb_alive(a, b, gm, d, X, TX, N, mpf(m)))


def main():
    print("# tests/oracles/grid_cond.py (seed %d, %d digits)" % (SEED, mp.dps))
    which = sys.argv[1:] or ["pnbd", "bgbb"]
    if "pnbd" in which:
        pnbd_grid(random.Random(SEED + 1))
    if "bgbb" in which:
        bgbb_grid(random.Random(SEED + 2))


if __name__ == "__main__":
    main()
