# SPDX-License-Identifier: MIT
"""Gradients of the predictions with respect to the parameters, for tests/test_intervals.c.

Run: python3 tests/oracles/intervals_oracles.py > tests/oracles/intervals_oracles.txt
Each prediction is written here directly from its paper with mpmath (30 digits), at the exact
binary value of each double input, and differentiated with mpmath.diff (numerical
differentiation at raised precision, so its error is far below the 1e-7 the test asks):
- BG/NBD (Fader, Hardie & Lee 2005, eqs. 6, 7, 10 and the P(alive) of their note 004),
  MBG/NBD (Batislam, Denizel & Filiztekin 2007), Pareto/NBD (Schmittlein, Morrison & Colombo
  1987; Fader & Hardie 2005 note 008): P(alive) from the two terms of the likelihood,
  E[X(t) | x, t_x, T] and E[X(t)] through Gauss 2F1, DERT at a continuous rate delta as
  delta int_0^inf e^(-delta u) E[X(u) | x, t_x, T] du (by parts from the discounted rate of
  purchases), by quadrature;
- BG/BB (Fader, Hardie & Shang 2010, eqs. 5, 11, 13, 14): likelihood as the finite sum,
  P(alive), E[X(n, n+n*)], E[X(n)], DERT through 2F1 at d = e^delta - 1;
- Gamma-Gamma (Fader & Hardie 2013, eq. 5) expected spend;
- sBG (Fader & Hardie 2007, eqs. 1-3; 2010, DEL and DERL eq. 6): S(t) = B(alpha, beta+t) /
  B(alpha, beta), the retention rate (beta+t-1)/(alpha+beta+t-1), DEL = 2F1(1, beta;
  alpha+beta; 1/(1+d)), DERL = (beta+n-1)/(alpha+beta+n-1) 2F1(1, beta+n; alpha+beta+n;
  1/(1+d)) with n - 1 renewals;
- the customer value of clv_customer_value(): margin x spend x sum_(k=1..H)
  (E[X(kP)|h] - E[X((k-1)P)|h]) / (1+d)^k, with the Gamma-Gamma spend (7 parameters).
Output: "name = value" lines: <model>_c<customer>_<quantity> (the prediction) and
<model>_c<customer>_<quantity>_g<i> (its derivative in the i-th parameter).
"""
from mpmath import mp, mpf, hyp2f1, beta, gamma, loggamma, log, exp, expm1, quad, diff, inf

mp.dps = 30

HORIZON = mpf(10)       # expected purchases: t (weeks); BG/BB uses BGBB_HORIZON opportunities
BGBB_HORIZON = mpf(5)
DELTA = mpf(0.01)     # DERT's continuous rate (the double 0.01)
MARGIN = mpf(0.3)       # value options: margin, discount per period, period, periods
DISC = mpf(0.01)
PERIOD = mpf(4)
PERIODS = 12
BGBB_PERIOD = mpf(1)
BGBB_PERIODS = 10


# ---- BG/NBD (shift 0) and MBG/NBD (shift 1) -------------------------------------------------

def bg_terms(th, x, tx, T, shift):
    r, al, a, b = th
    front = exp(loggamma(r + x) - loggamma(r) + r * log(al))
    alive = beta(a, b + x + shift) / beta(a, b) * front / (al + T) ** (r + x)
    dead = 0
    if x > 0 or shift == 1:
        dead = beta(a + 1, b + x + shift - 1) / beta(a, b) * front / (al + tx) ** (r + x)
    return alive, dead


def bg_p_alive(th, x, tx, T, shift):
    alive, dead = bg_terms(th, x, tx, T, shift)
    return alive / (alive + dead)


def bg_cond(th, x, tx, T, t, shift):
    r, al, a, b = th
    if t == 0:
        return mpf(0)
    c = a + b + x + shift - 1
    z = t / (al + T + t)
    br = 1 - ((al + T) / (al + T + t)) ** (r + x) * hyp2f1(r + x, b + x + shift, c, z)
    return c / (a - 1) * br * bg_p_alive(th, x, tx, T, shift)


def bg_new(th, t, shift):
    r, al, a, b = th
    c = a + b - 1 + shift
    lead = (a + b - 1) / (a - 1) if shift == 0 else b / (a - 1)
    return lead * (1 - (al / (al + t)) ** r * hyp2f1(r, b + shift, c, t / (al + t)))


# ---- Pareto/NBD ------------------------------------------------------------------------------

def pnbd_terms(th, x, tx, T):
    r, al, s, be = th
    front = exp(loggamma(r + x) - loggamma(r) + r * log(al) + s * log(be))
    alive = front / ((al + T) ** (r + x) * (be + T) ** s)
    if al >= be:
        f = lambda u: hyp2f1(r + s + x, s + 1, r + s + x + 1, (al - be) / (al + u)) / (al + u) ** (r + s + x)
    else:
        f = lambda u: hyp2f1(r + s + x, r + x, r + s + x + 1, (be - al) / (be + u)) / (be + u) ** (r + s + x)
    dead = front * s / (r + s + x) * (f(tx) - f(T))
    return alive, dead


def pnbd_p_alive(th, x, tx, T):
    alive, dead = pnbd_terms(th, x, tx, T)
    return alive / (alive + dead)


def pnbd_cond(th, x, tx, T, t):
    r, al, s, be = th
    k = (1 - ((be + T) / (be + T + t)) ** (s - 1)) / (s - 1)
    return (r + x) * (be + T) / (al + T) * k * pnbd_p_alive(th, x, tx, T)


def pnbd_new(th, t):
    r, al, s, be = th
    return r * be / (al * (s - 1)) * (1 - (be / (be + t)) ** (s - 1))


# ---- BG/BB -----------------------------------------------------------------------------------

def bgbb_lik(th, x, tx, n):
    a, b, g, d = th
    total = beta(a + x, b + n - x) / beta(a, b) * beta(g, d + n) / beta(g, d)
    for i in range(int(n - tx)):
        total += beta(a + x, b + tx - x + i) / beta(a, b) * beta(g + 1, d + tx + i) / beta(g, d)
    return total


def bgbb_p_alive(th, x, tx, n):
    a, b, g, d = th
    return beta(a + x, b + n - x) / beta(a, b) * beta(g, d + n + 1) / beta(g, d) / bgbb_lik(th, x, tx, n)


def bgbb_cond(th, x, tx, n, ns):
    a, b, g, d = th
    front = beta(a + x + 1, b + n - x) / beta(a, b) * d / (g - 1) * gamma(g + d) / gamma(1 + d)
    br = gamma(1 + d + n) / gamma(g + d + n) - gamma(1 + d + n + ns) / gamma(g + d + n + ns)
    return front * br / bgbb_lik(th, x, tx, n)


def bgbb_new(th, n):
    a, b, g, d = th
    return a / (a + b) * d / (g - 1) * (1 - gamma(g + d) / gamma(g + d + n) * gamma(1 + d + n) / gamma(1 + d))


def bgbb_dert(th, x, tx, n, delta):
    a, b, g, d = th
    disc = expm1(delta)
    return (beta(a + x + 1, b + n - x) / beta(a, b) * beta(g, d + n + 1) / (beta(g, d) * (1 + disc))
            * hyp2f1(1, d + n + 1, g + d + n + 1, 1 / (1 + disc)) / bgbb_lik(th, x, tx, n))


# ---- one interface ---------------------------------------------------------------------------

def p_alive(model, th, x, tx, T):
    if model == 'bgnbd':
        return bg_p_alive(th, x, tx, T, 0)
    if model == 'mbgnbd':
        return bg_p_alive(th, x, tx, T, 1)
    if model == 'pnbd':
        return pnbd_p_alive(th, x, tx, T)
    return bgbb_p_alive(th, x, tx, T)


def cond(model, th, x, tx, T, t):
    if t == 0:
        return mpf(0)
    if model == 'bgnbd':
        return bg_cond(th, x, tx, T, t, 0)
    if model == 'mbgnbd':
        return bg_cond(th, x, tx, T, t, 1)
    if model == 'pnbd':
        return pnbd_cond(th, x, tx, T, t)
    return bgbb_cond(th, x, tx, T, t)


def new(model, th, t):
    if model == 'bgnbd':
        return bg_new(th, t, 0)
    if model == 'mbgnbd':
        return bg_new(th, t, 1)
    if model == 'pnbd':
        return pnbd_new(th, t)
    return bgbb_new(th, t)


def dert(model, th, x, tx, T):
    if model == 'bgbb':
        return bgbb_dert(th, x, tx, T, DELTA)
    f = lambda u: DELTA * exp(-DELTA * u) * cond(model, th, x, tx, T, u)
    return quad(f, [0, 10, 100, 1000, 10000, inf])


def spend(g, x, zbar):
    p, q, gam = g
    return p * (gam + x * zbar) / (p * x + q - 1)


def value(model, th, g, x, tx, T, zbar):
    P, H = (BGBB_PERIOD, BGBB_PERIODS) if model == 'bgbb' else (PERIOD, PERIODS)
    total, prev = mpf(0), mpf(0)
    for k in range(1, H + 1):
        cur = cond(model, th, x, tx, T, k * P)
        total += (cur - prev) / (1 + DISC) ** k
        prev = cur
    return MARGIN * spend(g, x, zbar) * total


MODELS = {
    # CDNOW fits (FHL 2005; Fader & Hardie's Pareto/NBD note), an MBG/NBD near CDNOW's, and
    # the BG/BB fit of the donation data (FHS 2010).
    'bgnbd': (0.2425945, 4.413593, 0.7929199, 2.425678),
    'mbgnbd': (0.5251, 6.1830, 1.4720, 2.6110),
    'pnbd': (0.5533, 10.5776, 0.6061, 11.6689),
    'bgbb': (1.203507, 0.7497667, 0.6567568, 2.783887),
}
GG = (6.248802, 3.744588, 15.44415)
CUSTOMERS = {
    'cont': [(2, 30.428571, 38.857143, 22.5), (0, 0, 38.857143, 0), (10, 35, 38, 41.2)],
    'bgbb': [(3, 4, 6, 12.0), (0, 0, 6, 0), (5, 6, 6, 30.0)],
}


SBG = (0.668, 3.806)  # FH 2007, "regular" customers
SBG_T = mpf(5)
SBG_DISC = mpf(0.1)


def sbg_all():
    th = [mpf(v) for v in SBG]
    grad(lambda q: beta(q[0], q[1] + SBG_T) / beta(q[0], q[1]), th, "sbg_survival")
    grad(lambda q: (q[1] + SBG_T - 1) / (q[0] + q[1] + SBG_T - 1), th, "sbg_retention")
    grad(lambda q: hyp2f1(1, q[1], q[0] + q[1], 1 / (1 + SBG_DISC)), th, "sbg_del")
    n = SBG_T + 1  # SBG_T renewals made
    grad(lambda q: (q[1] + n - 1) / (q[0] + q[1] + n - 1)
         * hyp2f1(1, q[1] + n, q[0] + q[1] + n, 1 / (1 + SBG_DISC)), th, "sbg_derl")


def show(name, v):
    print(f"{name} = {mp.nstr(v, 20)}")


def grad(f, th, name):
    show(name, f(th))
    for i in range(len(th)):
        def fi(v, i=i):
            q = list(th)
            q[i] = v
            return f(q)
        show(f"{name}_g{i}", diff(fi, th[i]))


def main():
    sbg_all()
    for model, params in MODELS.items():
        th = [mpf(v) for v in params]
        g = [mpf(v) for v in GG]
        custs = CUSTOMERS['bgbb' if model == 'bgbb' else 'cont']
        t = BGBB_HORIZON if model == 'bgbb' else HORIZON
        grad(lambda q: new(model, q, t), th, f"{model}_new")
        for c, (x, tx, T, zbar) in enumerate(custs):
            x, tx, T, zbar = mpf(x), mpf(tx), mpf(T), mpf(zbar)
            pre = f"{model}_c{c}"
            grad(lambda q: p_alive(model, q, x, tx, T), th, pre + "_p_alive")
            grad(lambda q: cond(model, q, x, tx, T, t), th, pre + "_expected")
            grad(lambda q: dert(model, q, x, tx, T), th, pre + "_dert")
            grad(lambda q: value(model, q[:4], q[4:], x, tx, T, zbar), th + g, pre + "_value")
            if model == 'bgnbd':
                grad(lambda q: spend(q, x, zbar), g, f"gg_c{c}_spend")


if __name__ == '__main__':
    main()
