# SPDX-License-Identifier: MIT
"""An mpmath-checked grid for the BG/NBD and MBG/NBD DERT (tests/test_grid_bgnbd.c).

Run: python3 tests/oracles/grid_dert.py > tests/oracles/grid_dert.txt   (a few minutes)

DERT = int_0^inf e^(-delta tau) dE[X(tau) | x, t_x, T] at a continuous rate delta, by two
independent methods at 20 digits that must agree to 15 (else the case is dropped, counted on
stderr): P(alive) times the mean over p ~ Beta(a, b'+x) of (r+x)/p U(1, 1-r-x, delta (alpha+T)/p)
(mpmath's hyperu, mp.quad in logit(p)), and P(alive) times delta int_0^inf e^(-delta tau)
I(tau) dtau, I the conditional expectation's bracket by mpmath's hyp2f1 (integration by parts
of the definition). Parameters r, alpha, a, b log-uniform over 1e-3..1e3 (fixed seed), x up to
1e3, t_x <= T up to 1e4, delta over 1e-4..1 per time unit.
Lines: model r alpha a b x t_x T delta value   (model 0 BG/NBD, 1 MBG/NBD).
"""
import math
import multiprocessing
import random
import sys

from mpmath import mp, mpf, quad, exp, log, log1p, inf, hyperu, beta as mbeta

import grid_bgnbd as g

mp.dps = 20


def dert_p(r, al, a, b, shift, x, tx, T, d):
    n = r + x
    bb = b + shift + x
    kap = d * (al + T)
    lb = log(mbeta(a, bb))

    def f(u):
        lp = -log1p(exp(-u))
        l1p = -log1p(exp(u))
        p = exp(lp)
        return exp(a * lp + bb * l1p - lb) * n / p * hyperu(1, 1 - n, kap / p)

    c = log(a / bb)
    w = (1 / a + 1 / bb) ** 0.5
    pts = sorted({c, log(kap / (n + 1)), mpf(0), c - 4 * w, c + 4 * w, c - 16 * w, c + 16 * w,
                  c - 60 / a - 10, c + 60 / bb + 10})
    return g.p_alive(r, al, a, b, shift, x, tx, T) * quad(f, [-inf] + pts + [inf])


def dert_tau(r, al, a, b, shift, x, tx, T, d):
    n = r + x
    bb = b + shift + x

    def integrand(tau):
        return exp(-d * tau) * g.bracket_hyp(n, a, bb, tau / (al + T))

    return (g.p_alive(r, al, a, b, shift, x, tx, T) * d *
            quad(integrand, [0, 1 / d, 10 / d, 50 / d, inf]))


def evaluate(case):
    model, r, al, a, b, x, tx, T, d = case
    args = [mpf(v) for v in (r, al, a, b)] + [model, mpf(x), mpf(tx), mpf(T), mpf(d)]
    try:
        v1 = dert_p(*args)
        v2 = dert_tau(*args)
    except Exception:  # mpmath gave up on one method: drop the case
        return None
    if abs(v1 - v2) > mpf(10) ** -15 * abs(v1):
        return None
    return mp.nstr(v1, 17, min_fixed=1, max_fixed=0)


def main():
    rng = random.Random(7)
    cases = [(0, 0.243, 4.414, 0.793, 2.426, 2.0, 30.43, 38.86, math.log(1.15) / 52.0),
             (1, 1.0, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 0.1),
             (0, 0.01, 0.5, 0.3, 0.05, 0.0, 0.0, 0.0, 0.001)]
    for model in (0, 1):
        for _ in range(70):
            r, al, a, b = (g.lu(rng, -3, 3) for _ in range(4))
            x = float(rng.choice([0, 1, 2, 5, 20, 100, 1000]))
            T = g.lu(rng, -2, 4)
            tx = 0.0 if x == 0 else float(T * rng.choice([1.0, rng.random()]))
            cases.append((model, r, al, a, b, x, tx, T, g.lu(rng, -4, 0)))
    with multiprocessing.Pool(2) as pool:
        values = pool.map(evaluate, cases, chunksize=4)
    dropped = 0
    print('# grid_dert.py: model r alpha a b x t_x T delta value')
    for case, v in zip(cases, values):
        if v is None:
            dropped += 1
            continue
        print('%d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %s' % (case + (v,)))
    print('dropped %d of %d cases' % (dropped, len(cases)), file=sys.stderr)


if __name__ == '__main__':
    main()
