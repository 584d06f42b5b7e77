# SPDX-License-Identifier: MIT
"""High-precision Pareto/NBD values for tests/test_pnbd.c.

Run: python3 tests/oracles/pnbd_oracles.py > tests/oracles/pnbd_oracles.txt

Independent of the library's method: the formulas of Fader & Hardie (2005, note 008) evaluated
as printed, with two Gauss 2F1 values each (eq. 19 for the likelihood, eq. 18 P(alive), eq. 22
the conditional expectation, the P(X(t) = x) expression with B1 and B2), at 60 digits so that
their differences do not cancel; gradients by mpmath's numerical differentiation. DERT is
evaluated twice, by Tricomi's U (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2) and by
integrating the discounted expected purchase rate numerically, and the script stops if they
disagree; likewise P(X(t) = n) by the 2F1 form and by direct integration.
"""
from mpmath import mp, mpf, hyp2f1, hyperu, gamma, loggamma, log, exp, quad, diff, inf, beta as B

mp.dps = 60

PARAMS = [
    (0.55315, 10.57633, 0.60625, 11.67150),  # P0: CDNOW fit (alpha < beta, z small)
    (0.5, 2.0, 1.5, 40.0),                   # P1: alpha << beta
    (2.0, 50.0, 0.3, 1.0),                   # P2: alpha >> beta
    (1.0, 5.0, 1.0, 5.0),                    # P3: alpha = beta, s = 1
    (0.01, 0.001, 100.0, 1000.0),            # P4: extremes of the parameter range
    (30.0, 3.0, 0.05, 0.2),                  # P5: large r, small s
]
CUSTOMERS = [
    (0, 0.0, 39.0),
    (2, 30.43, 38.86),
    (26, 30.85714, 31.0),
    (10, 20.0, 39.0),
    (1, 38.86, 38.86),        # t_x = T
    (5, 38.8599, 38.86),      # t_x just below T
    (0, 0.0, 1e-6),           # T tiny
    (3, 0.5, 10000.0),        # long history, early last purchase
    (1000, 9990.0, 10000.0),  # heavy buyer
    (1000, 40.0, 60.0),       # heavy buyer, short history (long series for P1)
]


def A0(r, al, s, be, x, tx, T):
    if al >= be:
        f = lambda t: hyp2f1(r + s + x, s + 1, r + s + x + 1, (al - be) / (al + t)) / (al + t) ** (r + s + x)
    else:
        f = lambda t: hyp2f1(r + s + x, r + x, r + s + x + 1, (be - al) / (be + t)) / (be + t) ** (r + s + x)
    return f(tx) - f(T)


def lik(r, al, s, be, x, tx, T):
    front = gamma(r + x) * al ** r * be ** s / gamma(r)
    return front * (1 / ((al + T) ** (r + x) * (be + T) ** s) + s / (r + s + x) * A0(r, al, s, be, x, tx, T))


def loglik(r, al, s, be, x, tx, T):
    return log(lik(r, al, s, be, x, tx, T))


def p_alive(r, al, s, be, x, tx, T):
    return 1 / (1 + s / (r + s + x) * (al + T) ** (r + x) * (be + T) ** s * A0(r, al, s, be, x, tx, T))


def cond(r, al, s, be, x, tx, T, t):
    if s == 1:
        k = log((be + T + t) / (be + T))
    else:
        k = (1 - ((be + T) / (be + T + t)) ** (s - 1)) / (s - 1)
    return (r + x) * (be + T) / (al + T) * k * p_alive(r, al, s, be, x, tx, T)


def new(r, al, s, be, t):
    if s == 1:
        return r * be / al * log(1 + t / be)
    return r * be / (al * (s - 1)) * (1 - (be / (be + t)) ** (s - 1))


def prob_hyp(r, al, s, be, t, n):
    first = gamma(r + n) / (gamma(r) * gamma(n + 1)) * (al / (al + t)) ** r * (t / (al + t)) ** n * (be / (be + t)) ** s
    if al >= be:
        b1 = hyp2f1(r + s, s + 1, r + s + n + 1, (al - be) / al) / al ** (r + s)
        b2 = lambda i: hyp2f1(r + s + i, s + 1, r + s + n + 1, (al - be) / (al + t)) / (al + t) ** (r + s + i)
    else:
        b1 = hyp2f1(r + s, r + n, r + s + n + 1, (be - al) / be) / be ** (r + s)
        b2 = lambda i: hyp2f1(r + s + i, r + n, r + s + n + 1, (be - al) / (be + t)) / (be + t) ** (r + s + i)
    tail = sum(gamma(r + s + i) / (gamma(r + s) * gamma(i + 1)) * t ** i * b2(i) for i in range(n + 1))
    return first + al ** r * be ** s * B(r + n, s + 1) / B(r, s) * (b1 - tail)


def prob_quad(r, al, s, be, t, n):
    first = gamma(r + n) / (gamma(r) * gamma(n + 1)) * (al / (al + t)) ** r * (t / (al + t)) ** n * (be / (be + t)) ** s
    c = gamma(r + n) / (gamma(r) * gamma(n + 1)) * al ** r * s * be ** s
    pts = sorted({mpf(0), t} | {v * mpf(10) ** k for v in (al, be, t) for k in range(-8, 4) if v * mpf(10) ** k < t})
    g = lambda u: u ** n * (al + u) ** (-(r + n)) * (be + u) ** (-(s + 1))
    scale = max(g(u) for u in pts)  # quad's tolerance is absolute: integrate g / max g
    j = scale * quad(lambda u: g(u) / scale, pts)
    return first + c * j


def dert_u(r, al, s, be, x, tx, T, d):
    return d ** (s - 1) * (r + x) / (al + T) * (be + T) ** s * hyperu(s, s, d * (be + T)) * p_alive(r, al, s, be, x, tx, T)


def dert_quad(r, al, s, be, x, tx, T, d):
    rate = (r + x) / (al + T) * p_alive(r, al, s, be, x, tx, T)
    return rate * quad(lambda u: exp(-d * u) * ((be + T) / (be + T + u)) ** s, [0, 100, 1000, 10000, inf])


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


def cdnow_loglik(params):
    """The whole CDNOW table (tests/data), at 30 digits (the rows' 2F1 differences do not
    cancel there)."""
    import csv
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "data", "cdnow_customers_summary_with_transactions.csv")
    r, al, s, be = (mpf(v) for v in params)
    total = mpf(0)
    with mp.workdps(30), open(path) as f:
        for row in csv.DictReader(f):
            total += loglik(r, al, s, be, mpf(row["x"]), mpf(row["t_x"]), mpf(row["T"]))
    return total


def main():
    show("cdnow_ll_paper", cdnow_loglik((0.553, 10.578, 0.606, 11.669)))
    show("cdnow_ll_precise", cdnow_loglik(PARAMS[0]))
    delta = log(mpf("1.15")) / 52
    for pi, p in enumerate(PARAMS):
        r, al, s, be = (mpf(v) for v in p)
        for ci, c in enumerate(CUSTOMERS):
            x, tx, T = mpf(c[0]), mpf(c[1]), mpf(c[2])
            name = f"P{pi}_C{ci}"
            show(name + "_ll", loglik(r, al, s, be, x, tx, T))
            th = [r, al, s, be]
            for k, lab in enumerate(["dr", "dalpha", "ds", "dbeta"]):
                def f(v, k=k):
                    q = list(th)
                    q[k] = v
                    return loglik(*q, x, tx, T)
                show(f"{name}_{lab}", diff(f, th[k]))
            show(name + "_palive", p_alive(r, al, s, be, x, tx, T))
            show(name + "_cond39", cond(r, al, s, be, x, tx, T, mpf(39)))
            if ci in (0, 1, 2, 3, 4):
                du = dert_u(r, al, s, be, x, tx, T, delta)
                dq = dert_quad(r, al, s, be, x, tx, T, delta)
                assert abs(du / dq - 1) < mpf("1e-20"), (name, du, dq)
                show(name + "_dert15", du)
        for t in (1, 39, 52, 500):
            show(f"P{pi}_new{t}", new(r, al, s, be, mpf(t)))
        for (t, n) in ((39, 0), (39, 1), (39, 3), (2, 10), (78, 20), (1e-3, 1)):
            with mp.workdps(1000):  # B1 - tail cancels ~600 digits for P4
                ph = prob_hyp(r, al, s, be, mpf(t), n)
            pq = prob_quad(r, al, s, be, mpf(t), n)
            assert abs(ph / pq - 1) < mpf("1e-15"), (pi, t, n, ph, pq)
            show(f"P{pi}_prob_t{t}_n{n}", ph)


main()
