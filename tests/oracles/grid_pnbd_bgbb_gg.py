# SPDX-License-Identifier: MIT
"""Oracle grid for every per-customer prediction of Pareto/NBD, BG/BB and Gamma-Gamma
(tests/test_grid.c).

Run: /usr/bin/python3 tests/oracles/grid_pnbd_bgbb_gg.py > tests/oracles/grid_pnbd_bgbb_gg.txt
(a few minutes; deterministic: a fixed seed).

Parameters over 1e-3..1e3 (the corners, a few log-spaced values and log-uniform random draws),
purchase counts x up to 1e5, times t, T over 1e-2..1e6, BG/BB opportunities up to 1e4 and a
few at the library's cap CLV_BGBB_MAX_OPPORTUNITIES = 1e5. Every input is a double and is
converted to mpmath exactly, so the oracle is the exact value at the double inputs.

Each value is computed two independent ways at 40 digits and the script stops if they
disagree (beyond 1e-20 relative):
  Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, note 008):
    P(alive)   eq. 18 with the likelihood integral I as the two Gauss 2F1 of note 008 eq. 19
               (at up to 200 digits: their difference cancels when t_x is near T), and I by
               numerical integration over the death time tau;
    E[X(t)|.]  note 008 eq. 22 (closed form in s) times P(alive), and the integral over the
               horizon of E[lambda | .] P(alive at T + u | .);
    E[X(t)]    Schmittlein et al. eq. 17, and r/alpha int_0^t (beta/(beta+u))^s du;
    P(X(t)=n)  alive part in closed form plus the death-time integral J, by tanh-sinh and by
               Gauss-Legendre quadrature on the same breakpoints (the note's 2F1 form cancels
               hundreds of digits: not used);
    DERT       Fader, Hardie & Lee 2005 ("RFM and CLV") eq. 2 with Tricomi's U(s, s; y) from
               mpmath's expint E_s (or U's own integral, DLMF 13.4.4, where expint is slow),
               and the integral of the discounted rate over the future.
  BG/BB (Fader, Hardie & Shang 2010):
    the likelihood L (eq. 5), P(alive) (eq. 11), E[X(n, n+n*)|.] (eq. 13), E[X(n)] (eq. 7),
    P(X(n)=x) (eq. 8) and DERT (eq. 14) from their beta functions and Gamma ratios (sums by
    the ratio of successive terms), checked against direct beta functions term by term (short
    sums), the sum over future opportunities of P(alive) E[p] (eq. 13, 7, 14) and
    mpmath's hyp2f1 (eq. 14).
  Gamma-Gamma (Fader & Hardie 2013, note 025, eq. 5): p (gamma + x zbar)/(p x + q - 1), and the
    posterior mean of p/nu as the ratio of the Gamma integrals over nu (log-gamma, 40 digits).

Output: one case a line, "<quantity> <in1> ... <in8> <value>": the inputs (unused ones 0) in
Python's round-trip repr, the value to 25 digits (values beyond the double range are printed
as they are: strtod reads them as inf or 0). The quantities and their inputs:
  pnbd_palive r alpha s beta x t_x T 0        pnbd_cond r alpha s beta x t_x T t
  pnbd_new    r alpha s beta t 0 0 0          pnbd_prob r alpha s beta t n 0 0
  pnbd_dert   r alpha s beta x t_x T delta
  bgbb_palive a b g d x t_x n 0               bgbb_cond a b g d x t_x n n_star
  bgbb_new    a b g d n 0 0 0                 bgbb_prob a b g d n x 0 0
  bgbb_dert   a b g d x t_x n discount        gg_spend  p q gamma x zbar 0 0 0
"""
import functools
import random
import sys

from mpmath import (mp, mpf, hyp2f1, expint, loggamma, log, exp, quad, inf, digamma,
                    binomial, isinf)

mp.dps = 40
QUAD_DPS = 30  # enough for the 1e-20 agreement of the two methods, and faster
AGREE = mpf("1e-20")
SEED = 20261207


def fail(what, a, b):
    sys.stderr.write(f"oracle disagreement in {what}: {a} vs {b}\n")
    sys.exit(1)


def check(what, a, b, tol=AGREE):
    if a == b:
        return
    if abs(a - b) > tol * max(abs(a), abs(b)):
        fail(what, a, b)


def lbeta(a, b):
    return loggamma(a) + loggamma(b) - loggamma(a + b)


# ---- Pareto/NBD ------------------------------------------------------------------------------

def geometric_points(lo, hi, w, grow=4):
    """lo, lo + w, lo + 4w, ... up to hi (lo < hi)."""
    pts = [lo]
    step = w
    while lo + step < hi:
        pts.append(lo + step)
        step *= grow
    pts.append(hi)
    return pts


def pnbd_log_i_quad(r, al, s, be, x, tx, T):
    """ln I, I = int_{t_x}^T (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau, by quadrature."""
    f0 = -(r + x) * log(al + tx) - (s + 1) * log(be + tx)
    lam = (r + x) / (al + tx) + (s + 1) / (be + tx)
    pts = geometric_points(tx, T, 1 / lam)
    with mp.workdps(QUAD_DPS):
        val = quad(lambda u: exp(-(r + x) * log(al + u) - (s + 1) * log(be + u) - f0), pts)
    return f0 + log(val)


def pnbd_log_i_hyp(r, al, s, be, x, tx, T):
    """ln I = ln(A0 / (r+s+x)) with A0 the difference of two 2F1 (note 008, eq. 19)."""
    m = r + s + x
    if al >= be:
        F = lambda t: hyp2f1(m, s + 1, m + 1, (al - be) / (al + t)) / (al + t) ** m
    else:
        F = lambda t: hyp2f1(m, r + x, m + 1, (be - al) / (be + t)) / (be + t) ** m
    return log((F(tx) - F(T)) / m)


def pnbd_log_i(r, al, s, be, x, tx, T):
    if tx == T:
        return None  # I = 0
    lq = pnbd_log_i_quad(r, al, s, be, x, tx, T)
    # The 2F1 pair cancels: as many digits as F(T)/F(t_x) shares with 1, plus margin.
    lost = 0
    for extra in (40, 120, 300):
        try:
            with mp.workdps(mp.dps + extra + lost):
                lh = pnbd_log_i_hyp(r, al, s, be, x, tx, T)
        except Exception:  # mpmath gives up on a hard 2F1: the quadrature stands alone
            return lq
        if abs(lh - lq) < AGREE * 10 * max(1, abs(lq)):
            return lq
    fail("pnbd I", lh, lq)


@functools.lru_cache(maxsize=None)
def pnbd_palive(r, al, s, be, x, tx, T):
    li = pnbd_log_i(r, al, s, be, x, tx, T)
    if li is None:
        return mpf(1)
    lo = log(s) + li + (r + x) * log(al + T) + s * log(be + T)
    return 1 / (1 + exp(lo))


def pnbd_k(s, be, T, t):
    """int_0^t ((beta+T)/(beta+T+u))^s du / (beta+T), closed form and by quadrature."""
    bT = be + T
    if s == 1:
        k = log(1 + t / bT)
    else:
        k = (1 - (bT / (bT + t)) ** (s - 1)) / (s - 1)
    with mp.workdps(QUAD_DPS):
        kq = quad(lambda u: (bT / (bT + u)) ** s, geometric_points(mpf(0), t, bT / (s + 1))) / bT
    check("pnbd k", k, kq)
    return k


def pnbd_cond(r, al, s, be, x, tx, T, t):
    return (r + x) * (be + T) / (al + T) * pnbd_k(s, be, T, t) * pnbd_palive(r, al, s, be, x, tx, T)


def pnbd_new(r, al, s, be, t):
    return r * be / al * pnbd_k(s, be, mpf(0), t)


def pnbd_prob(r, al, s, be, t, n):
    log_nb = loggamma(r + n) - loggamma(r) - loggamma(n + 1)
    alive = exp(log_nb + r * log(al / (al + t)) + n * log(t / (al + t)) + s * log(be / (be + t)))
    # J = int_0^t tau^n (alpha+tau)^-(r+n) (beta+tau)^-(s+1) dtau around its one maximum.
    lf = lambda u: (n * log(u) if n > 0 else 0) - (r + n) * log(al + u) - (s + 1) * log(be + u)
    if n > 0:
        a2 = r + s + 1
        b2 = n * al - r * be - (s + 1) * al
        c2 = n * al * be
        peak = min((b2 + (b2 * b2 + 4 * a2 * c2) ** 0.5) / (2 * a2), t)
        d2 = -n / peak ** 2 + (r + n) / (al + peak) ** 2 + (s + 1) / (be + peak) ** 2
        w = 1 / (-d2) ** 0.5 if d2 < 0 else peak
    else:
        peak = mpf(0)
        w = 1 / ((r + n) / al + (s + 1) / be)
    w = min(w, t)
    scale = lf(peak) if peak > 0 else (lf(t) if n > 0 else lf(mpf(0)))
    pts = set([mpf(0), t, peak])
    step = w / 16
    while step < 4 * t:
        for p in (peak - step, peak + step):
            if 0 < p < t:
                pts.add(p)
        step *= 4
    if n > 0:  # the rise from 0 (tau^n) on a geometric grid too
        step = peak / 4
        while step > peak * mpf(10) ** -12:
            pts.add(step)
            step /= 4
    pts = sorted(pts)
    g = lambda u: exp(lf(u) - scale) if u > 0 or n == 0 else mpf(0)
    with mp.workdps(QUAD_DPS):
        j1 = quad(g, pts, method="tanh-sinh")
        j2 = quad(g, pts, method="gauss-legendre")
    check("pnbd J", j1, j2, mpf("1e-18"))
    dead = exp(log_nb + r * log(al) + log(s) + s * log(be) + scale) * j1
    return alive + dead


def tricomi_u_ss(s, y):
    """U(s, s; y) = e^y y^(1-s) E_s(y) (DLMF 13.6.6, 8.19.1), by mpmath's expint; where that
    is slow (s and y both large and close), by the integral DLMF 13.4.4,
    U(s, s; y) = int_0^inf e^(-y t) t^(s-1) / (1+t) dt / Gamma(s), around its peak."""
    if s > 50 and s / 5 < y < 5 * s:
        peak = (s - 1) / y
        w = (s - 1) ** 0.5 / y
        lf = lambda t: -y * t + (s - 1) * log(t) - log(1 + t)
        top = lf(peak)
        pts = sorted({mpf(0), inf} | {peak + k * w for k in range(-30, 31) if peak + k * w > 0})
        with mp.workdps(QUAD_DPS + 10):
            val = quad(lambda t: exp(lf(t) - top) if t > 0 else mpf(0), pts)
        return exp(top - loggamma(s)) * val
    return exp(y) * y ** (1 - s) * expint(s, y)


def pnbd_dert(r, al, s, be, x, tx, T, d):
    bT = be + T
    y = d * bT
    u = tricomi_u_ss(s, y)
    pa = pnbd_palive(r, al, s, be, x, tx, T)
    v = d ** (s - 1) * (r + x) / (al + T) * bT ** s * u * pa
    pts = sorted(set(geometric_points(mpf(0), 64 / d, min(bT / (s + 1), 1 / d))) | {inf})
    with mp.workdps(QUAD_DPS):
        vq = (r + x) / (al + T) * pa * quad(lambda w: exp(-d * w) * (bT / (bT + w)) ** s, pts)
    check("pnbd dert", v, vq, mpf("1e-18"))
    return v


# ---- BG/BB -----------------------------------------------------------------------------------

def bgbb_lik(a, b, g, d, x, tx, n):
    lab, lgd = lbeta(a, b), lbeta(g, d)
    total = exp(lbeta(a + x, b + n - x) - lab + lbeta(g, d + n) - lgd)
    k = int(n - tx)
    if k > 0:
        term = exp(lbeta(a + x, b + tx - x) - lab + lbeta(g + 1, d + tx) - lgd)
        s = mpf(0)
        for i in range(k):
            s += term
            term *= (b + tx - x + i) / (a + b + tx + i) * (d + tx + i) / (g + d + tx + i + 1)
        if k <= 300:  # direct beta functions, term by term (eq. 5 as printed)
            s2 = mpf(0)
            for i in range(k):
                s2 += exp(lbeta(a + x, b + tx - x + i) - lab + lbeta(g + 1, d + tx + i) - lgd)
            check("bgbb L", s, s2)
        total += s
    return total


def bgbb_palive(a, b, g, d, x, tx, n):
    return exp(lbeta(a + x, b + n - x) - lbeta(a, b) + lbeta(g, d + n + 1) - lbeta(g, d)) / \
        bgbb_lik(a, b, g, d, x, tx, n)


def bgbb_bracket(g, d, n, ns):
    """d/(g-1) Gamma(g+d)/Gamma(1+d) [R(n) - R(n+n*)], R(k) = Gamma(1+d+k)/Gamma(g+d+k)."""
    if g == 1:  # the removable singularity: d (psi(1+d+n+n*) - psi(1+d+n)) R(n) ...
        return d * (digamma(1 + d + n + ns) - digamma(1 + d + n)) * \
            exp(loggamma(g + d) - loggamma(1 + d) + loggamma(1 + d + n) - loggamma(g + d + n))
    with mp.workdps(mp.dps + 40 + int(max(0, -log(abs(g - 1), 10)))):
        c = exp(loggamma(g + d) - loggamma(1 + d))
        r_n = exp(loggamma(1 + d + n) - loggamma(g + d + n))
        r_m = exp(loggamma(1 + d + n + ns) - loggamma(g + d + n + ns))
        return +(d / (g - 1) * c * (r_n - r_m))


def bgbb_cond(a, b, g, d, x, tx, n, ns):
    lik = bgbb_lik(a, b, g, d, x, tx, n)
    front = exp(lbeta(a + x + 1, b + n - x) - lbeta(a, b)) / lik
    v = front * bgbb_bracket(g, d, n, ns)
    if ns <= 20000:  # sum over the future opportunities of P(alive at n+k) E[p | .]
        term = exp(lbeta(g, d + n + 1) - lbeta(g, d))
        s = mpf(0)
        for k in range(1, int(ns) + 1):
            s += term
            term *= (d + n + k) / (g + d + n + k)
        check("bgbb cond", v, front * s)
    return v


def bgbb_new(a, b, g, d, n):
    v = a / (a + b) * bgbb_bracket(g, d, 0, n)
    if n <= 20000:
        term = g * 0 + d / (g + d)  # B(g, d+1)/B(g, d)
        s = mpf(0)
        for k in range(1, int(n) + 1):
            s += term
            term *= (d + k) / (g + d + k)
        check("bgbb new", v, a / (a + b) * s)
    return v


def bgbb_prob(a, b, g, d, n, x):
    if x > n:
        return mpf(0)
    lab, lgd = lbeta(a, b), lbeta(g, d)
    v = binomial(n, x) * exp(lbeta(a + x, b + n - x) - lab + lbeta(g, d + n) - lgd)
    if x < n:
        term = exp(lbeta(a + x, b) - lab + lbeta(g + 1, d + x) - lgd)  # i = x, C(x, x) = 1
        s = mpf(0)
        for i in range(int(x), int(n)):
            s += term
            term *= mpf(i + 1) / (i + 1 - x) * (b + i - x) / (a + b + i) * (d + i) / (g + d + i + 1)
        if n - x <= 300:
            s2 = sum(binomial(i, x) * exp(lbeta(a + x, b + i - x) - lab + lbeta(g + 1, d + i) - lgd)
                     for i in range(int(x), int(n)))
            check("bgbb prob %s" % ((a, b, g, d, n, x),), s, s2)
        v += s
    return v


def bgbb_dert(a, b, g, d, x, tx, n, disc):
    lik = bgbb_lik(a, b, g, d, x, tx, n)
    z = 1 / (1 + disc)
    front = exp(lbeta(a + x + 1, b + n - x) - lbeta(a, b) + lbeta(g, d + n + 1) - lbeta(g, d)) / lik
    # sum_k z^k B(g, d+n+k)/B(g, d+n+1) by the ratio of its terms, to 1e-45
    term = z
    s = mpf(0)
    k = 1
    while True:
        s += term
        term *= z * (d + n + k) / (g + d + n + k)
        k += 1
        if term < mpf("1e-45") * s:
            break
        if k > 3_000_000:
            fail("bgbb dert sum", s, term)
    if g + d + n < 200:  # mpmath's 2F1 at large parameters is slow
        h = z * hyp2f1(1, d + n + 1, g + d + n + 1, z)
        check("bgbb dert", s, h, mpf("1e-18"))
    return front * s


# ---- Gamma-Gamma -----------------------------------------------------------------------------

def gg_spend(p, q, gam, x, m):
    if x == 0:
        v = p * gam / (q - 1)
        shape, rate = q, gam
    else:
        v = p * (gam + x * m) / (p * x + q - 1)
        shape, rate = p * x + q, gam + x * m
    # E[p / nu] under nu ~ Gamma(shape, rate), as the ratio of the two Gamma integrals
    # int nu^(shape-2) e^(-rate nu) / int nu^(shape-1) e^(-rate nu) = rate G(shape-1)/G(shape).
    num = exp(loggamma(shape - 1) - (shape - 1) * log(rate))
    den = exp(loggamma(shape) - shape * log(rate))
    check("gg spend", v, p * num / den, mpf("1e-18"))
    return v


# ---- the grid --------------------------------------------------------------------------------

def log_uniform(rng, lo, hi):
    return float(mpf(10) ** rng.uniform(lo, hi))


def param_sets(rng, n_random):
    """The 16 corners of [1e-3, 1e3]^4, four points of the diagonal-ish log grid, and random
    log-uniform draws."""
    sets = []
    for c in range(16):
        sets.append(tuple(1e-3 if (c >> k) & 1 else 1e3 for k in range(4)))
    for v in ((0.1, 10.0, 0.1, 10.0), (10.0, 0.1, 10.0, 0.1), (1.0, 1.0, 1.0, 1.0),
              (0.55315, 10.57633, 0.60625, 11.6715)):
        sets.append(v)
    for _ in range(n_random):
        sets.append(tuple(float(f"{log_uniform(rng, -3, 3):.6g}") for _ in range(4)))
    return sets


X_VALUES = [0, 1, 2, 5, 30, 300, 3000, 100000]
T_VALUES = [1e-2, 1.0, 39.0, 1000.0, 1e6]
TX_FRACTIONS = [1e-6, 0.3, 0.9, 1 - 1e-9, 1.0]
HORIZONS = [1e-2, 1.0, 52.0, 1e4, 1e6]
DELTAS = [1e-4, 0.0026877, 0.1, 1.0]


def fmt(v):
    return repr(float(v))


def emit(kind, inputs, value):
    ins = list(inputs) + [0] * (8 - len(inputs))
    print(kind + " " + " ".join(fmt(v) for v in ins) + " " + mp.nstr(value, 25))


def pnbd_customer(rng):
    x = rng.choice(X_VALUES)
    T = rng.choice(T_VALUES) if rng.random() < 0.6 else float(f"{log_uniform(rng, -2, 6):.6g}")
    tx = 0.0 if x == 0 else T * rng.choice(TX_FRACTIONS)
    return float(x), tx, T


def pnbd_grid(rng):
    sets = param_sets(rng, 36)
    for ps in sets:
        r, al, s, be = (mpf(v) for v in ps)
        for _ in range(8):
            x, tx, T = pnbd_customer(rng)
            emit("pnbd_palive", ps + (x, tx, T), pnbd_palive(r, al, s, be, mpf(x), mpf(tx), mpf(T)))
            t = rng.choice(HORIZONS)
            emit("pnbd_cond", ps + (x, tx, T, t),
                 pnbd_cond(r, al, s, be, mpf(x), mpf(tx), mpf(T), mpf(t)))
            dl = rng.choice(DELTAS)
            emit("pnbd_dert", ps + (x, tx, T, dl),
                 pnbd_dert(r, al, s, be, mpf(x), mpf(tx), mpf(T), mpf(dl)))
        for t in rng.sample(HORIZONS, 3):
            emit("pnbd_new", ps + (t,), pnbd_new(r, al, s, be, mpf(t)))
        for _ in range(4):
            t = rng.choice(HORIZONS)
            n = rng.choice([0, 1, 3, 10, 100, 1000])
            emit("pnbd_prob", ps + (t, float(n)), pnbd_prob(r, al, s, be, mpf(t), n))
    # Horizons in the 1e5s, where pieces of the death-time integral far from its peak used to
    # fail the whole P(X(t) = n) (found by a random search).
    for ps, t, n in (((0.0222286, 0.115748, 44.1656, 0.00139779), 665014.0, 5),
                     ((62.265323333653342, 1.5623775027796216, 4.2850048350873253,
                       0.075513562355561406), 404172.80305485672, 20),
                     ((0.013820045424230869, 93.969038973454346, 45.55152646611571,
                       0.022148188975912669), 452255.8297707779, 2),
                     ((0.0013309612361364965, 0.17108354882059265, 76.229934192879043,
                       19.063849242141568), 597261.89896064962, 2),
                     ((65.952311582696353, 2.2294492727779724, 0.055903966412597102,
                       0.049314845134901919), 269436.05656528514, 0)):
        r, al, s, be = (mpf(v) for v in ps)
        emit("pnbd_prob", ps + (t, float(n)), pnbd_prob(r, al, s, be, mpf(t), n))
    # P(alive) of 1e-309 and 1e-311 (t_x found by bisection): below the double range's normal
    # numbers, while the expectation over 1e6 and DERT at 1e-6, about 1e11 times it, are not
    # (5.6e-298 and 5.6e-300, above the test's 1e-300 floor).
    ps = (1.0, 0.001, 0.5, 1000.0)
    r, al, s, be = (mpf(v) for v in ps)
    for tx in (0.009919433021742046, 0.009918930174846697):
        x, T, t, dl = 1e5, 0.01, 1e6, 1e-6
        emit("pnbd_palive", ps + (x, tx, T), pnbd_palive(r, al, s, be, mpf(x), mpf(tx), mpf(T)))
        emit("pnbd_cond", ps + (x, tx, T, t),
             pnbd_cond(r, al, s, be, mpf(x), mpf(tx), mpf(T), mpf(t)))
        emit("pnbd_dert", ps + (x, tx, T, dl),
             pnbd_dert(r, al, s, be, mpf(x), mpf(tx), mpf(T), mpf(dl)))


N_VALUES = [1, 6, 39, 500, 10000]


def bgbb_customer(rng):
    n = rng.choice(N_VALUES) if rng.random() < 0.97 else 100000
    x = rng.choice([0, 0, 1, 2, n // 3, n // 2, n - 1, n])
    x = max(0, min(x, n))
    if x == 0:
        tx = 0
    else:
        tx = rng.choice([x, (x + n) // 2, n - 1 if n - 1 >= x else n, n])
    return float(x), float(tx), float(n)


def bgbb_grid(rng):
    sets = param_sets(rng, 36)
    sets.append((1.203507, 0.7497667, 0.6567568, 2.783887))  # BTYD's fit
    sets.append((1.0, 1.0, 1.0 + 1e-6, 1.0))   # gamma near 1
    sets.append((2.0, 3.0, 1.0 - 1e-9, 50.0))  # gamma near 1, below
    sets.append((2.0, 3.0, 1.0 + 3e-8, 5.0))
    for ps in sets:
        a, b, g, d = (mpf(v) for v in ps)
        for _ in range(7):
            x, tx, n = bgbb_customer(rng)
            X, TX, NN = mpf(x), mpf(tx), mpf(n)
            emit("bgbb_palive", ps + (x, tx, n), bgbb_palive(a, b, g, d, X, TX, NN))
            ns = float(rng.choice([1, 10, 1000, 10000, 1e6]))
            emit("bgbb_cond", ps + (x, tx, n, ns), bgbb_cond(a, b, g, d, X, TX, NN, mpf(ns)))
            disc = rng.choice([1e-2, 0.1, 1.0])
            emit("bgbb_dert", ps + (x, tx, n, disc), bgbb_dert(a, b, g, d, X, TX, NN, mpf(disc)))
        for n in rng.sample([1.0, 6.0, 100.0, 10000.0, 1e6], 3):
            emit("bgbb_new", ps + (n,), bgbb_new(a, b, g, d, mpf(n)))
        for _ in range(3):
            n = rng.choice([1, 6, 39, 500, 10000])
            x = rng.choice([0, 1, n // 2, n])
            emit("bgbb_prob", ps + (float(n), float(x)), bgbb_prob(a, b, g, d, n, x))
    # Small discounts (1e-4 a period: a daily rate of 3.7% a year), where DERT's 2F1 series
    # is long. (Below ~4e-5 the library falls back to its general 2F1, which can give up:
    # CLV_ERANGE for e.g. alpha = 2.62095, beta = 0.0818488, gamma = 0.00435145,
    # delta = 0.00121398, x = t_x = 0, n = 3450, discount 1.10471e-6; not in this grid.)
    for ps in sets[16:20] + [(1.203507, 0.7497667, 0.6567568, 2.783887)]:
        a, b, g, d = (mpf(v) for v in ps)
        for x, tx, n in ((0.0, 0.0, 39.0), (3.0, 10.0, 39.0)):
            emit("bgbb_dert", ps + (x, tx, n, 1e-4),
                 bgbb_dert(a, b, g, d, mpf(x), mpf(tx), mpf(n), mpf(1e-4)))
    # A pocket where the library's general 2F1 gives up (found by a random search).
    ps = (0.64827195491251854, 0.070309426914017092, 518.65107203620835, 29.680936879830266)
    a, b, g, d = (mpf(v) for v in ps)
    emit("bgbb_dert", ps + (528.0, 646.0, 1146.0, 0.0087794),
         bgbb_dert(a, b, g, d, mpf(528), mpf(646), mpf(1146), mpf(0.0087794)))


def gg_grid(rng):
    sets = [tuple(float(f"{log_uniform(rng, -3, 3):.6g}") for _ in range(3)) for _ in range(60)]
    sets += [(1e-3, 1e3, 1e-3), (1e3, 1e-3, 1e3), (1e3, 1e3, 1e3), (6.25, 3.74, 15.44),
             (1e-3, 0.999, 1.0), (0.5, 1.0, 10.0)]
    for ps in sets:
        p, q, gam = (mpf(v) for v in ps)
        for _ in range(4):
            x = float(rng.choice([0, 1, 2, 10, 300, 100000]))
            m = float(f"{log_uniform(rng, -3, 6):.6g}")
            if p * x + q <= 1:
                continue
            emit("gg_spend", ps + (x, m), gg_spend(p, q, gam, mpf(x), mpf(m)))
    # The edges: p x + q - 1 small (cancels when formed as (p x + q) - 1), x zbar beyond
    # DBL_MAX with a mean (~zbar) inside it, and a mean beyond DBL_MAX (CLV_ERANGE).
    for ps, x, m in (((0.3, 0.7000001, 1.0), 1.0, 2.0), ((0.3, 0.70000000001, 1.0), 1.0, 2.0),
                     ((1e-3, 0.9990001, 1.0), 1.0, 5.0), ((0.5, 2.0, 1.0), 1e5, 1e305),
                     ((2.0, 1e-3, 1e300), 1e5, 1e300), ((1e3, 1.5, 1e308), 0.0, 0.0)):
        p, q, gam = (mpf(v) for v in ps)
        emit("gg_spend", ps + (x, m), gg_spend(p, q, gam, mpf(x), mpf(m)))


def main():
    rng = random.Random(SEED)
    which = sys.argv[1:] or ["pnbd", "bgbb", "gg"]
    print("# tests/oracles/grid_pnbd_bgbb_gg.py (seed %d, %d digits)" % (SEED, mp.dps))
    if "pnbd" in which:
        pnbd_grid(random.Random(SEED + 1))
    if "bgbb" in which:
        bgbb_grid(random.Random(SEED + 2))
    if "gg" in which:
        gg_grid(random.Random(SEED + 3))
    del rng


if __name__ == "__main__":
    main()
