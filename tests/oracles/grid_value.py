# SPDX-License-Identifier: MIT
"""An mpmath-checked grid for clv_customer_value() over every purchase model, horizon and
discount rate (tests/test_grid_value.c; issue 13).

Run: cd tests/oracles && /usr/bin/python3 grid_value.py > grid_value.txt
(a few minutes on two cores; deterministic; the dropped cases are listed on stderr).

The value with margin 1 and spend 1 is the discounted sum
  S = sum_(k=1..H) (1+d)^-k (E[X(kP) | x, t_x, T] - E[X((k-1)P) | x, t_x, T])
over horizons H in {1, 12, 1000, 1e4, 1e6, inf}, discounts d in {0, 1e-12, 1e-8, 1e-3, 0.01,
0.1} per period of length P, and parameter regions with every parameter 1e-3, every parameter
1e3 and a published fit. A case is written (40 digits, from the periods method at 40 digits)
only when two methods agree to 1e-14; the others are dropped and counted in the header:
  periods: the sum over the periods written out with the models' closed-form expectations
    (Pareto/NBD eq. 22, BG/BB eq. 13 opportunity by opportunity, BG/NBD and MBG/NBD by
    grid_bgnbd's hypergeometric bracket, FHL 2005 eq. 10), for up to 1e4 periods (BG/NBD and
    MBG/NBD: 12); an undiscounted finite horizon telescopes to E[X(H P)]; Pareto/NBD and
    BG/BB with d >= 0.01 (BG/NBD, MBG/NBD: d = 0.1) and a horizon past 1e4 (or infinite) sum
    the first K periods with (1+d)^-K < e^-60, the rest far below the check.
  mixture: given alive, a customer's purchases decay as e^(-mu tau) (Pareto/NBD, Schmittlein,
    Morrison & Colombo 1987) or as (1-theta)^i per opportunity (BG/BB, Fader, Hardie & Shang
    2010): each period's share of the decay, discounted, sums as a geometric series in closed
    form, averaged over the posterior law by mp.quad. BG/NBD and MBG/NBD: given alive and p,
    lambda ~ Gamma(r+x, alpha+T) and a live customer expects (1 - e^(-lambda p t))/p
    purchases by t (FHL 2005 eq. 10's integrand), in closed form over lambda
    g(t) = (1 - ((alpha+T)/(alpha+T+p t))^(r+x))/p, whose discounted period differences are
    averaged over p ~ Beta(a, b+x) (MBG/NBD b+x+1) by one mp.quad.
    (An earlier double integral over p and lambda took minutes a case and gave 5.709 for
    5.585 at every BG/NBD parameter 1e-3, x = t_x = T = 0, 12 periods at 1%: a third method,
    this single integral at 40 digits, gives 5.585281594282215059..., as the period sum does
    and as the library does, 5.5852815942822165.)
BG/NBD and MBG/NBD discounted horizons from 1000 periods (other than 1e6 and infinity at 10%)
are not in this grid (the mixture sums every period under the quadrature); they are checked in
tests/test_customer_value.c against the period-by-period sum of the public expectations and
against the infinite horizon.
Lines: model r_or_alpha alpha_or_beta a_or_gamma b_or_delta x t_x T period discount horizon value
(model 0 BG/NBD, 1 MBG/NBD, 2 Pareto/NBD, 3 BG/BB; horizon -1 for +infinity).
"""
import multiprocessing
import sys

from mpmath import mp, mpf, quad, exp, expm1, log, log1p, inf, loggamma, gamma as mgamma

import os
import types

import grid_bgnbd as gb

# grid_pnbd_bgbb_gg.py runs its grid when imported: its functions without that last call.
_GP_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'grid_pnbd_bgbb_gg.py')
gp = types.ModuleType('grid_pnbd_bgbb_gg')
exec(compile(open(_GP_PATH).read().replace('\nmain()\n', '\n'), _GP_PATH, 'exec'), gp.__dict__)

DPS = 20
AGREE = mpf("1e-14")
HORIZONS = [1, 12, 1000, 10**4, 10**6, None]
DISCOUNTS = [0.0, 1e-12, 1e-8, 1e-3, 0.01, 0.1]


def geo_g(Y, D, delta, H):
    """sum_(k<=H) D^k e^(-(k-1)Y) (1 - e^-Y), the discounted shares of a decay e^-Y a period."""
    om = -expm1(-Y)
    den = -expm1(-(Y + delta))
    fh = 1 if H is None else -expm1(-H * (Y + delta))
    return D * om * fh / den


def feats(delta, H, P):
    """The Y = (rate) P where G bends, as rates per time unit."""
    out = [mpf(1) / P]
    if delta > 0:
        out.append(delta / P)
    if H is not None:
        out.append(mpf(1) / (H * P))
    return out


def gamma_mean(f, k, rate, rate_feats):
    """E[f(lam)], lam ~ Gamma(k, rate), by mp.quad in z = rate lam (left of max(k, 1): in
    v = z^k when k < 1, whose density is then flat), cut at the features."""
    zm = max(k, mpf(1))
    zf = sorted(rate * q for q in rate_feats)
    norm = 1 / mgamma(k + 1)  # z^(k-1) dz / Gamma(k) = dv / Gamma(k+1)
    if k < 1:
        pts = [mpf(0)] + [z ** k for z in zf if z < zm] + [zm ** k]
        left = quad(lambda v: f(v ** (1 / k) / rate) * exp(-v ** (1 / k)), pts) * norm
    else:
        w = k ** 0.5
        pts = sorted({mpf(0), zm} | {z for z in zf if z < zm} |
                     {k - j * w for j in (1, 2, 4, 8, 16) if 0 < k - j * w < zm})
        left = quad(lambda z: f(z / rate) * exp((k - 1) * log(z) - z), pts) * norm * k
    w = zm ** 0.5
    pts = sorted({zm} | {zm + j * w for j in (1, 2, 4, 8, 16, 32, 64)} | {z for z in zf if z > zm})
    right = quad(lambda z: f(z / rate) * exp((k - 1) * log(z) - z), pts + [inf]) * norm * k
    return left + right


def beta_mean(f, a, b, p_feats):
    """E[f(p)], p ~ Beta(a, b), by mp.quad split at the mean (in u = p^a on the left when
    a < 1, in v = (1-p)^b on the right when b < 1), cut at the features and the bump."""
    pm = a / (a + b)
    lb = gp.lbeta(a, b)
    w = (a * b / ((a + b) ** 2 * (a + b + 1))) ** 0.5
    bump = {pm + j * w for j in (-16, -8, -4, -2, -1, 1, 2, 4, 8, 16)}
    pf = set(p for p in p_feats if 0 < p < 1) | set(p for p in bump if 0 < p < 1)
    if a < 1:
        pts = [mpf(0)] + sorted(p ** a for p in pf if p < pm) + [pm ** a]
        left = quad(lambda u: f(u ** (1 / a)) * exp((b - 1) * log1p(-u ** (1 / a)) - lb) / a,
                    pts)
    else:
        pts = [mpf(0)] + sorted(p for p in pf if p < pm) + [pm]
        left = quad(lambda p: f(p) * exp((a - 1) * log(p) + (b - 1) * log1p(-p) - lb), pts)
    if b < 1:
        pts = [mpf(0)] + sorted((1 - p) ** b for p in pf if p > pm) + [(1 - pm) ** b]
        right = quad(lambda v: f(1 - v ** (1 / b)) * exp((a - 1) * log1p(-v ** (1 / b)) - lb) / b,
                     pts)
    else:
        pts = [pm] + sorted(p for p in pf if p > pm) + [mpf(1)]
        right = quad(lambda p: f(p) * exp((a - 1) * log(p) + (b - 1) * log1p(-p) - lb), pts)
    return left + right


def mix_value(model, th, x, tx, T, P, d, H):
    delta = log1p(d)
    D = 1 / (1 + d)
    if model == 2:  # Pareto/NBD: PA (r+x)/(alpha+T) E_mu[G(mu P)/mu]
        r, al, s, be = th
        m = gamma_mean(lambda mu: geo_g(mu * P, D, delta, H) / mu, s, be + T, feats(delta, H, P))
        return gp.pnbd_palive(r, al, s, be, x, tx, T) * (r + x) / (al + T) * m
    if model == 3:  # BG/BB: C E_theta[q/theta G(y P)], y = -ln(1 - theta)
        a, b, g, dd = th
        n = T
        with mp.workdps(40):  # its self-check asks 1e-20
            lik = gp.bgbb_lik(a, b, g, dd, x, tx, n)
        c = exp(gp.lbeta(a + x + 1, b + n - x) - gp.lbeta(a, b) + gp.lbeta(g, dd + n) -
                gp.lbeta(g, dd)) / lik
        pf = [-expm1(-q) for q in feats(delta, H, P)]
        m = beta_mean(lambda t: (1 - t) / t * geo_g(-log1p(-t) * P, D, delta, H), g, dd + n, pf)
        return c * m
    r, al, a, b = th  # BG/NBD, MBG/NBD: PA E_p[sum_k D^k (g(kP) - g((k-1)P))]
    # Given alive and p, lambda ~ Gamma(r+x, alpha+T) and a live customer expects
    # (1 - e^(-lambda p t))/p purchases by t (Fader, Hardie & Lee 2005, eq. 10's integrand):
    # averaged over lambda in closed form, g(t) = (1 - (bp/(bp + p t))^n)/p, so one
    # quadrature over p ~ Beta(a, b + shift + x) (the double integral this replaced took
    # minutes and was wrong at parameters 1e-3: 5.709 for 5.585).
    if (H is None or H > 10**4) and d >= 0.1:
        H = int(mp.ceil(60 / log1p(d)))  # as period_value: the rest is below e^-60
    if H is None or H > 12 and d < 0.1:
        return None
    shift = model
    n, bp = r + x, al + T

    def g(p, t):
        return -expm1(-n * log1p(p * t / bp)) / p

    def inner(p):
        prev, s = mpf(0), mpf(0)
        for k in range(1, H + 1):
            e = g(p, k * P)
            s += (e - prev) * D ** k
            prev = e
        return s
    pf = [q * bp / n for q in feats(delta, H, P)]
    return gb.p_alive(r, al, a, b, shift, x, tx, T) * beta_mean(inner, a, b + shift + x, pf)


def bg_flat(model, th, x, tx, T, t):
    """E[X(t) | x, t_x, T] of BG/NBD or MBG/NBD as PA E_p[g(t)] (see mix_value)."""
    r, al, a, b = th
    n, bp = r + x, al + T
    pf = [bp / (n * t)]
    return gb.p_alive(r, al, a, b, model, x, tx, T) * beta_mean(
        lambda p: -expm1(-n * log1p(p * t / bp)) / p, a, b + model + x, pf)


def cond(model, th, x, tx, T, t):
    """E[X(t) | x, t_x, T] in closed form."""
    if t == 0:
        return mpf(0)
    if model == 2:
        return gp.pnbd_cond(*th, x, tx, T, t)
    if model == 3:
        return gp.bgbb_cond(*th, x, tx, T, t)
    r, al, a, b = th
    br = gb.bracket_hyp(r + x, a, b + model + x, t / (al + T))
    return gb.p_alive(r, al, a, b, model, x, tx, T) * br


def period_value(model, th, x, tx, T, P, d, H):
    """The sum written out period by period (None where too long)."""
    if H is None and d == 0:
        return None
    if d == 0:
        return cond(model, th, x, tx, T, H * P)
    if (model in (2, 3) and (H is None or H > 10**4) and d >= 0.01) or \
            (model in (0, 1) and (H is None or H > 10**4) and d >= 0.1):
        # Long or infinite: the first K periods, D^K < e^-60 (the rest is below e^-60 of
        # the expected purchases per period over d, far under the 1e-14 check).
        H = int(mp.ceil(60 / log1p(d)))
    if H is None:
        return None
    if model == 3 and H * P <= 10**5:  # opportunity by opportunity, eq. 13's terms
        a, b, g, dd = th
        n = T
        lik = gp.bgbb_lik(a, b, g, dd, x, tx, n)
        c = exp(gp.lbeta(a + x + 1, b + n - x) - gp.lbeta(a, b)) / lik
        term = exp(gp.lbeta(g, dd + n + 1) - gp.lbeta(g, dd))
        s = mpf(0)
        Pi = int(P)
        for i in range(1, int(H * P) + 1):
            k = (i + Pi - 1) // Pi
            s += term / (1 + mpf(d)) ** k
            term *= (dd + n + i) / (g + dd + n + i)
        return c * s
    limit = (12 if d < 0.1 else 10**3) if model in (0, 1) else 10**4 if d < 0.01 else 10**5
    if H > limit:
        return None
    if model == 2:  # eq. 22: P(alive) (r+x)/(alpha+T) int_0^t ((beta+T)/(beta+T+u))^s du
        r, al, sh, be = th
        front = gp.pnbd_palive(r, al, sh, be, x, tx, T) * (r + x) / (al + T)
        bT = be + T

        def k_of(t):
            if sh == 1:
                return bT * log1p(t / bT)
            return bT * -expm1((1 - sh) * log1p(t / bT)) / (sh - 1)
        prev, s = mpf(0), mpf(0)
        for k in range(1, H + 1):
            e = k_of(k * P)
            s += (e - prev) / (1 + mpf(d)) ** k
            prev = e
        return front * s
    prev, s = mpf(0), mpf(0)
    for k in range(1, H + 1):
        e = cond(model, th, x, tx, T, k * P)
        s += (e - prev) / (1 + mpf(d)) ** k
        prev = e
    return s


def evaluate(case):
    try:
        return evaluate1(case)
    except SystemExit:
        return ('drop', 'an oracle self-check failed', None, None)


def evaluate1(case):
    model, th, x, tx, T, P, d, H = case
    mp.dps = DPS
    th = [mpf(v) for v in th]
    x, tx, T, P, d = (mpf(v) for v in (x, tx, T, P, d))
    if H is None and d == 0:
        return None
    with mp.workdps(40):
        v_per = period_value(model, th, x, tx, T, P, d, H)
    if model in (0, 1) and d == 0 and H is not None and H > 12:
        with mp.workdps(DPS):  # telescoped: one g(H P) under the p quadrature
            v_mix = mix_value(model, th, x, tx, T, P, d, 1) if False else bg_flat(model, th, x, tx, T, H * P)
    else:
        with mp.workdps(DPS):
            v_mix = mix_value(model, th, x, tx, T, P, d, H)
    if v_mix is None or v_per is None:
        return ('drop', 'one method only', v_mix, v_per)
    if abs(v_mix - v_per) > AGREE * abs(v_per):
        return ('drop', 'disagree', v_mix, v_per)
    return v_per


REGIONS = {
    0: [([0.243, 4.414, 0.793, 2.426], (2, 30.43, 38.86)),
        ([1e-3, 1e-3, 1e-3, 1e-3], (0, 0, 0)),
        ([1e3, 1e3, 1e3, 1e3], (2, 30.43, 38.86))],
    2: [([0.553, 10.578, 0.606, 11.669], (2, 30.43, 38.86)),
        ([1e-3, 1e-3, 1e-3, 1e-3], (0, 0, 0)),
        ([1e-3, 1e-3, 1e-3, 1e-3], (3, 20, 38.86)),
        ([1e3, 1e3, 1e3, 1e3], (2, 30.43, 38.86))],
    3: [([1.204, 0.750, 0.657, 2.783], (2, 4, 6)),
        ([1e-3, 1e-3, 1e-3, 1e-3], (0, 0, 0)),
        ([1e3, 1e3, 1e3, 1e3], (500, 900, 1000))],
}
REGIONS[1] = REGIONS[0]


def cases():
    out = []
    for model in (0, 1, 2, 3):
        for th, (x, tx, T) in REGIONS[model]:
            for H in HORIZONS:
                for d in DISCOUNTS:
                    if H is None and d == 0:
                        continue
                    if model in (0, 1) and d != 0 and (H is None or H > 12) and \
                            not (d == 0.1 and (H is None or H > 10**4)):
                        continue  # BG: see the module's docstring
                    out.append((model, th, x, tx, T, 1.0, d, H))
    # Periods other than 1: a month in weeks, a week of daily opportunities.
    out.append((0, [0.243, 4.414, 0.793, 2.426], 2, 30.43, 38.86, 52.0 / 12.0, 0.01, 12))
    for H in (12, 1000, None):
        out.append((2, [0.553, 10.578, 0.606, 11.669], 2, 30.43, 38.86, 52.0 / 12.0, 0.01, H))
        out.append((3, [1.204, 0.750, 0.657, 2.783], 2, 4, 6, 7.0, 0.01, H))
    return out


def main():
    todo = cases()
    if len(sys.argv) > 1:
        todo = [c for c in todo if c[0] in [int(m) for m in sys.argv[1].split(',')]]
    with multiprocessing.Pool(2) as pool:
        values = pool.map(evaluate, todo, chunksize=1)
    drops = []
    lines = []
    for case, v in zip(todo, values):
        if v is None:
            continue
        model, th, x, tx, T, P, d, H = case
        if isinstance(v, tuple):
            drops.append((case, v))
            continue
        h = -1 if H is None else H
        lines.append(' '.join(str(q) for q in (model, *(repr(float(q)) for q in th), x, tx, T,
                                                repr(P), repr(d), h, mp.nstr(v, 40))))
    print(f"# tests/oracles/grid_value.py: {len(lines)} cases, 40 digits; "
          f"{len(drops)} cases dropped (one method only or the two disagree)")
    for case, v in drops:
        print(f"# dropped {v[1]}: {case}", file=sys.stderr)
    print('\n'.join(lines))


if __name__ == '__main__':
    main()
