# SPDX-License-Identifier: MIT
"""High-precision Bass diffusion values for tests/test_bass.c (Bass 1969; Srinivasan & Mason
1986; Schmittlein & Mahajan 1982).

Run: python3 tests/oracles/bass_oracles.py > tests/oracles/bass_oracles.txt
Everything is evaluated with mpmath at 50 digits from the textbook formulas, independently of
the library's factorised forms and analytic derivatives, at the exact binary value of each
double input:
  F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}),  f(t) = dF/dt (by mpmath's diff of F),
  adopters in (t1, t2] = m (F(t2) - F(t1)) (in the tail m (S(t1) - S(t2)), S = 1 - F from
  its own formula, checked against 1 - F here),  peak t* = ln(q/p)/(p+q), f(t*) = (p+q)^2/(4q);
the three fits to the published series of refs/published.md ("Bass diffusion": annual sales
t = 1..10; the series R's DIMORA package uses in its example):
  NLS, density form:  sum_t (y_t - m f(t))^2,               Gauss-Newton to 1e-40;
  NLS, interval form: sum_t (y_t - m (F(t) - F(t-1)))^2,     Gauss-Newton to 1e-40;
  ML: LL = lnG(m+1) - lnG(m-N+1) - sum lnG(y+1) + sum y ln(F(t)-F(t-1)) + (m-N) ln(1-F(n)),
      Newton's method on its exact derivatives (mpmath diff) to 1e-40;
NLS standard errors sigma^2 (J'J)^-1 with sigma^2 = SSE/(n-3) (R's nls), ML ones (-H)^-1.
"""
from mpmath import mp, mpf, exp, log, loggamma, matrix, lu_solve, sqrt, inverse, diff, pi

mp.dps = 50

# refs/published.md, "Bass diffusion": annual sales, t = 1..10.
SALES = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]


def F(p, q, t):
    e = exp(-(p + q) * t)
    return (1 - e) / (1 + q / p * e)


def S(p, q, t):
    """1 - F(t) = e^{-(p+q)t} (1 + q/p) / (1 + (q/p) e^{-(p+q)t}), without the cancellation of
    1 - F in the tail."""
    e = exp(-(p + q) * t)
    return e * (1 + q / p) / (1 + q / p * e)


def adopters(p, q, m, a, b):
    """m (F(b) - F(a)); as m (S(a) - S(b)) in the tail, where F(b) and F(a) agree to more than
    the working precision."""
    if F(p, q, a) > 0.5:
        return m * (S(p, q, a) - S(p, q, b))
    return m * (F(p, q, b) - F(p, q, a))


def f(p, q, t):
    return diff(lambda x: F(p, q, x), t)


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


def d(x):
    """The exact binary value of a double."""
    return mpf(float(x))


# ---- the curve ----------------------------------------------------------------------------
CURVES = {
    # the published NLS estimates, rounded as printed
    "pub": ("6.59e-3", "0.638", "6.80e4"),
    # q < p: no interior peak
    "flat": ("0.3", "0.1", "1000"),
    # q = 0: pure innovation, F = 1 - e^{-pt}
    "innov": ("0.05", "0", "500"),
    # tiny p, strong imitation: a late, sharp peak
    "late": ("1e-8", "0.9", "1e6"),
    # q just above p
    "near": ("0.2", "0.2000001", "100"),
}
TIMES = ["0", "1e-6", "0.5", "1", "3", "6.5", "10", "25", "100", "600"]
for tag, (sp, sq, sm) in CURVES.items():
    p, q, m = d(sp), d(sq), d(sm)
    for st in TIMES:
        t = d(st)
        show(f"{tag}_F_{st}", F(p, q, t))
        show(f"{tag}_S_{st}", S(p, q, t))
        assert abs(S(p, q, t) - (1 - F(p, q, t))) < mpf(10) ** -45
        show(f"{tag}_f_{st}", f(p, q, t))
    for (a, b) in (("0", "1"), ("2", "3"), ("9", "10"), ("10", "11"), ("99", "100"),
                   ("3.25", "3.5"), ("500", "600")):
        show(f"{tag}_adopters_{a}_{b}", adopters(p, q, m, d(a), d(b)))
    if q > p:
        ts = log(q / p) / (p + q)
        show(f"{tag}_peak_time", ts)
        show(f"{tag}_peak_density", (p + q) ** 2 / (4 * q))
        assert abs(f(p, q, ts) - (p + q) ** 2 / (4 * q)) < mpf(10) ** -30
        assert abs(diff(lambda x: f(p, q, x), ts)) < mpf(10) ** -30
        show(f"{tag}_peak_adopters", m * (p + q) ** 2 / (4 * q))
        show(f"{tag}_peak_cumulative", F(p, q, ts))


# ---- the fits ------------------------------------------------------------------------------
def model(theta, t, form):
    p, q, m = theta
    if form == "density":
        e = exp(-(p + q) * t)
        return m * (p + q) ** 2 / p * e / (1 + q / p * e) ** 2
    return m * (F(p, q, t) - F(p, q, t - 1))


def nls(form, theta):
    n = len(SALES)
    theta = [mpf(x) for x in theta]
    for _ in range(200):
        r = [SALES[i] - model(theta, i + 1, form) for i in range(n)]
        J = matrix(n, 3)
        for i in range(n):
            for j in range(3):
                J[i, j] = diff(lambda x: model(theta[:j] + [x] + theta[j + 1:], i + 1, form),
                               theta[j])
        step = lu_solve(J.T * J, J.T * matrix(r))
        theta = [theta[j] + step[j] for j in range(3)]
        if max(abs(step[j] / theta[j]) for j in range(3)) < mpf(10) ** -40:
            break
    r = [SALES[i] - model(theta, i + 1, form) for i in range(n)]
    sse = sum(x * x for x in r)
    cov = inverse(J.T * J) * (sse / (n - 3))
    tag = "nls_" + form
    for name, v, j in zip("pqm", theta, range(3)):
        show(f"{tag}_{name}", v)
        show(f"{tag}_se_{name}", sqrt(cov[j, j]))
    show(f"{tag}_sse", sse)
    show(f"{tag}_rse", sqrt(sse / (n - 3)))
    show(f"{tag}_loglik", -mpf(n) / 2 * (log(2 * pi) + 1 - log(n) + log(sse)))
    return theta


def loglik(p, q, m, y=SALES):
    n = len(y)
    total = sum(y)
    v = loggamma(m + 1) - loggamma(m - total + 1) - sum(loggamma(c + 1) for c in y)
    v += sum(y[i] * log(F(p, q, i + 1) - F(p, q, i)) for i in range(n) if y[i] > 0)
    return v + (m - total) * log(1 - F(p, q, n))


def partial(fn, theta, orders):
    return diff(fn, theta, tuple(orders))


def ml(theta):
    theta = [mpf(x) for x in theta]
    fn = lambda a, b, c: loglik(a, b, c)
    for _ in range(100):
        g = [partial(fn, theta, [1 if k == j else 0 for k in range(3)]) for j in range(3)]
        H = matrix(3, 3)
        for i in range(3):
            for j in range(3):
                o = [0, 0, 0]
                o[i] += 1
                o[j] += 1
                H[i, j] = partial(fn, theta, o)
        step = lu_solve(H, matrix(g))
        theta = [theta[j] - step[j] for j in range(3)]
        if max(abs(step[j] / theta[j]) for j in range(3)) < mpf(10) ** -40:
            break
    cov = inverse(-H)
    for name, v, j in zip("pqm", theta, range(3)):
        show(f"ml_{name}", v)
        show(f"ml_se_{name}", sqrt(cov[j, j]))
    show("ml_loglik", loglik(*theta))
    show("ml_sse", sum((SALES[i] - model(theta, i + 1, "interval")) ** 2 for i in range(10)))
    return theta


dens = nls("density", ["0.0066", "0.64", "68000"])
intv = nls("interval", ["0.0088", "0.64", "67600"])
mlt = ml(["0.0081", "0.65", "67500"])

# Forecasts of years 11-15 from each fit (the form it was fitted with).
for tag, theta, form in (("nls_density", dens, "density"), ("nls_interval", intv, "interval"),
                         ("ml", mlt, "interval")):
    for t in range(11, 16):
        show(f"{tag}_forecast_{t}", model(theta, t, form))

# The log-likelihood and its gradient at a point away from the optimum (and at q = 0).
for tag, (sp, sq, sm) in (("ll_a", ("0.01", "0.5", "70000")), ("ll_b", ("0.02", "0", "80000")),
                          ("ll_c", ("0.0066", "0.64", "60640"))):
    p, q, m = d(sp), d(sq), d(sm)
    fn = lambda a, b, c: loglik(a, b, c)
    show(f"{tag}_loglik", loglik(p, q, m))
    for j, name in enumerate("pqm"):
        show(f"{tag}_d{name}", partial(fn, [p, q, m], [1 if k == j else 0 for k in range(3)]))
