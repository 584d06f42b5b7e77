# SPDX-License-Identifier: MIT
"""An mpmath-checked grid for the BG/NBD and MBG/NBD predictions (tests/test_grid_bgnbd.c).

Run: python3 tests/oracles/grid_bgnbd.py > tests/oracles/grid_bgnbd.txt   (about 15 minutes)

Parameters r, alpha, a, b are drawn log-uniformly over 1e-3..1e3 (a fixed seed), purchase
counts x from 0 to 1e5, times t_x <= T and horizons t over 1e-2..1e6, and every case is
evaluated at the exact binary value of each double input, at 40 digits, by two independent
methods that must agree to 25 digits (else the case is dropped and counted on stderr):
  - the conditional expectation E[X(t) | x, t_x, T] (Fader, Hardie & Lee 2005 eq. 10; MBG/NBD:
    Batislam, Denizel & Filiztekin 2007, b -> b + 1) as P(alive) times the bracket
    (c/(a-1)) [1 - q^(r+x) 2F1(r+x, b'+x; c; z)] with mpmath's hyp2f1, and as P(alive) times
    the expectation over the dropout probability p ~ Beta(a, b'+x) of
    (1 - (1 + p t/(alpha+T))^-(r+x)) / p, by mp.quad in logit(p) with breakpoints at the
    Beta distribution's bump and out along its tails;
  - E[X(t)] of a new customer: the same at x = t_x = T = 0;
  - P(alive) (FHL 2005 note 021): closed form, one method (no special function);
  - P(X(t) = n) of a new customer (FHL 2005 eq. 8): Beta-function ratios with the negative
    binomial tail as mpmath's regularised incomplete beta, and as a direct sum of the pmf.
Lines: model kind r alpha a b x t_x T t value   (model 0 BG/NBD, 1 MBG/NBD; kind E, N, A, P:
conditional, new, P(alive), P(X(t)=n) with n in the x column). Inputs as %.17g (exact), the
value to 20 significant digits.
"""
import multiprocessing
import random
import sys

from mpmath.libmp import NoConvergence
from mpmath import (mp, mpf, hyp2f1, beta as mbeta, quad, exp, log, log1p, expm1, inf,
                    betainc, loggamma)

mp.dps = 30


def p_alive(r, al, a, b, shift, x, tx, T):
    k = x + shift
    if k == 0:
        return mpf(1)
    return 1 / (1 + a / (b + k - 1) * ((al + T) / (al + tx)) ** (r + x))


def bracket_hyp(n, a, bb, s):
    c = a + bb - 1
    z = s / (1 + s)
    return c / (a - 1) * (1 - (1 - z) ** n * hyp2f1(n, bb, c, z, maxterms=20000))


def bracket_quad(n, a, bb, s, method='tanh-sinh'):
    """E[(1 - (1 + p s)^-n)/p] over p ~ Beta(a, bb), in u = logit(p) over the real line, with
    breakpoints at the Beta bump (centre ln(a/bb), width sqrt(1/a + 1/bb)), at the bend of
    the integrand (p ~ 1/(n s), 1/s) and out to where the tails (rates a and bb) are spent."""
    lb = log(mbeta(a, bb))

    def f(u):
        lp = -log1p(exp(-u))
        l1p = -log1p(exp(u))
        p = exp(lp)
        return exp(a * lp + bb * l1p - lb) * (-expm1(-n * log1p(p * s))) / p

    c = log(a / bb)
    w = (1 / a + 1 / bb) ** 0.5
    pts = {c, -log(n * s), -log(s), mpf(0)}
    for k in (0.5, 1, 2, 4, 8, 16, 32):
        pts.add(c - k * w)
        pts.add(c + k * w)
    k = mpf(1)
    while k < 60 / min(a, bb) + 60:
        pts.add(c - k)
        pts.add(c + k)
        k *= 2
    return quad(f, [-inf] + sorted(pts) + [inf], method=method)


def both(n, a, bb, s):
    """The hypergeometric form and the quadrature; where mpmath's hyp2f1 gives up (z near 1
    with huge parameters), the quadrature by two different rules (tanh-sinh, Gauss-Legendre)."""
    q = bracket_quad(n, a, bb, s)
    try:
        h = bracket_hyp(n, a, bb, s)
    except NoConvergence:
        h = bracket_quad(n, a, bb, s, 'gauss-legendre')
    if abs(h - q) > mpf(10) ** -20 * abs(q):
        return None
    return q


def prob_new(r, al, a, b, shift, t, n):
    """P(X(t) = n), two ways for the NB tail."""
    p0 = al / (al + t)
    k = n + shift
    lb = log(mbeta(a, b + k)) - log(mbeta(a, b))
    nb = exp(loggamma(r + n) - loggamma(r) - loggamma(n + 1)) * p0 ** r * (1 - p0) ** n
    first = exp(lb) * nb
    if k == 0:
        return first
    tail1 = betainc(n, r, 0, 1 - p0, regularized=True) if n > 0 else mpf(1)
    # direct: 1 - sum_{j<n} NB(j)
    term = p0 ** r
    cdf = mpf(0)
    for j in range(int(n)):
        cdf += term
        term *= (r + j) / (j + 1) * (1 - p0)
    tail2 = 1 - cdf
    if abs(tail1 - tail2) > mpf(10) ** -20 * abs(tail1) + mpf(10) ** -30:
        return None
    second = exp(log(mbeta(a + 1, b + k - 1)) - log(mbeta(a, b))) * tail1
    return first + second


def evaluate(case):
    """The case's value to 20 digits, or None where the two methods disagree."""
    (model, kind, r, al, a, b, x, tx, T, t) = case
    R, AL, A, B, X, TX, TT, TH = (mpf(v) for v in (r, al, a, b, x, tx, T, t))
    shift = model
    if kind in ('E', 'N'):
        pa = p_alive(R, AL, A, B, shift, X, TX, TT)
        br = both(R + X, A, B + shift + X, TH / (AL + TT))
        v = None if br is None else pa * br
    elif kind == 'A':
        v = p_alive(R, AL, A, B, shift, X, TX, TT)
    else:
        v = prob_new(R, AL, A, B, shift, TH, X)
    return None if v is None else mp.nstr(v, 20, min_fixed=1, max_fixed=0)


def lu(rng, lo, hi):
    return float(10 ** rng.uniform(lo, hi))


def main():
    rng = random.Random(20261207)
    dropped = 0
    out = []
    xs = [0, 0, 1, 1, 2, 3, 7, 20, 100, 1000, 10000, 100000]
    # The cases (exact values quoted there) and grid corners first.
    fixed = [
        (0, 'N', 300.0, 300.0, 10.0, 10.0, 0, 0, 0, 200.0),
        (0, 'E', 100.0, 100.0, 2.0, 2.0, 1, 20.0, 38.86, 1000.0),
        (0, 'N', 0.01, 0.01, 0.6, 0.01, 0, 0, 0, 1e5),
        (1, 'N', 0.01, 0.01, 0.6, 2.0, 0, 0, 0, 1e5),
        (0, 'N', 1000.0, 1000.0, 1000.0, 1000.0, 0, 0, 0, 1e4),
        (0, 'N', 241.0, 50.0, 3.0, 8.0, 0, 0, 0, 104.0),
        (0, 'E', 241.0, 50.0, 3.0, 8.0, 5, 30.0, 39.0, 104.0),
        (0, 'N', 0.001, 0.001, 0.001, 0.001, 0, 0, 0, 1e6),
        (1, 'N', 1000.0, 0.001, 0.001, 1000.0, 0, 0, 0, 1e6),
        (0, 'E', 1000.0, 0.001, 1000.0, 0.001, 100000, 1e6, 1e6, 1e6),
        (1, 'E', 0.001, 1000.0, 0.001, 1000.0, 100000, 0.01, 1e6, 0.01),
    ]
    cases = list(fixed)
    for model in (0, 1):
        for _ in range(450):
            r, al, a, b = (lu(rng, -3, 3) for _ in range(4))
            x = rng.choice(xs)
            T = lu(rng, -2, 6)
            tx = 0.0 if x == 0 else float(T * rng.choice([1.0, rng.random(), rng.random() ** 4]))
            t = lu(rng, -2, 6)
            cases.append((model, 'E', r, al, a, b, x, tx, T, t))
        for _ in range(120):
            r, al, a, b = (lu(rng, -3, 3) for _ in range(4))
            cases.append((model, 'N', r, al, a, b, 0, 0.0, 0.0, lu(rng, -2, 6)))
        for _ in range(200):
            r, al, a, b = (lu(rng, -3, 3) for _ in range(4))
            x = rng.choice(xs)
            T = lu(rng, -2, 6)
            tx = 0.0 if x == 0 else float(T * rng.random())
            cases.append((model, 'A', r, al, a, b, x, tx, T, 0.0))
        for _ in range(150):
            r, al, a, b = (lu(rng, -3, 3) for _ in range(4))
            n = rng.choice([0, 0, 1, 2, 5, 10, 30, 100, 300])
            cases.append((model, 'P', r, al, a, b, n, 0.0, 0.0, lu(rng, -2, 4)))
    with multiprocessing.Pool(2) as pool:
        values = pool.map(evaluate, cases, chunksize=8)
    for case, v in zip(cases, values):
        if v is None:
            dropped += 1
            continue
        out.append('%d %s %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g %s' % (case + (v,)))
    print('# grid_bgnbd.py: model kind r alpha a b x t_x T t value')
    print('\n'.join(out))
    print('dropped %d of %d cases (methods disagreed)' % (dropped, len(cases)), file=sys.stderr)


if __name__ == '__main__':
    main()
