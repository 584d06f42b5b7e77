# SPDX-License-Identifier: MIT
"""Oracle values for tests/test_extremes.c: the cases where the sweep of extreme parameters
found a wrong value with CLV_OK (or a call far over its time budget), each at the double
inputs converted exactly to mpmath.

Run: /usr/bin/python3 tests/oracles/extremes_oracles.py > tests/oracles/extremes_oracles.txt

Each line: kind, the inputs, the exact value (17 significant digits). Each value is computed
two ways and the script stops if they differ beyond 1e-25 relative:
  bgnbd_prob, mbgnbd_prob  P(X(t) = n), Fader, Hardie & Lee 2005 eq. 8 (MBG/NBD: Batislam et
      al. 2007, b + n + 1 in the first Beta function, the dropout term also at n = 0), the
      negative binomial tail as 1 - (the head sum) and as the regularised incomplete beta
      function I_(1-p0)(n, r) (mpmath betainc), at 450 digits (alpha = DBL_MAX needs
      ln(alpha/(alpha+t)) to 1e-310 of itself);
  bgnbd_palive, mbgnbd_palive  1/(1 + a/(b+k-1) ((alpha+T)/(alpha+t_x))^(r+x)), k = x + shift
      (FHL 2005 note 021), at 60 and at 120 digits;
  bgnbd_cond  E[X(t) | x = 0, T] at r = 1e-290, b = 1e300: P(alive) = 1 and the mean over
      p ~ Beta(a, b) of g(p) = (1 - (1 + p s)^-n)/p, s = t/(alpha+T), n = r; as
      -expm1(-n ln(1+ps))/p is n ln(1+ps)/p to 1e-570 here, E = n E[ln(1 + p s)/p] =
      n s sum_k (-s)^k E[p^k]/(k+1), with E[p^k] = (a)_k/(a+b)_k, summed to 1e-60 (the terms
      fall by ~1e-298 each), and the same sum at 120 digits;
  pnbd_palive, pnbd_cond  Pareto/NBD P(alive) = 1/(1 + s I / E1) (Fader & Hardie 2005 note
      008 eq. 18), I = int_(t_x)^T (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau by tanh-sinh
      quadrature on breakpoints crowded at t_x (the integrand falls by e^-2 per time unit), and
      by Gauss-Legendre on other breakpoints; E[X(t) | .] = note 008 eq. 22 times P(alive).
      At s = 9e283, beta = 3e-119 the odds of being dead are astronomically large: P(alive)
      and E are below 1e-300, written as 0 (the test's absolute floor), from the Laplace
      bound I >= (alpha+T)^-(r+x) (beta+t_x)^-s (1 - ((beta+t_x)/(beta+T))^s)/s.
  pnbd_prob  Pareto/NBD P(X(t) = n) (note on the Pareto/NBD, Fader, Hardie & Lee 2005), the
      death-time integral in ln tau by tanh-sinh and by Gauss-Legendre (see pnbd_prob);
  pnbd_dert  DERT of a new customer at s = 1e30 and 1e20, beta = 1e-300 and 1e-200, from Tricomi's U as
      an integral, two substitutions (see pnbd_dert_cases);
  pnbd_cond with x = t_x = T = 0  E[X(t)] of a new customer, Schmittlein et al. eq. 17, and
      r/alpha times the integral of the survival (beta/(beta+u))^s over (0, t).
  bgbb_prob, bgbb_new, bgbb_palive, bgbb_cond, bgbb_pcond, bgbb_dert  BG/BB (Fader, Hardie &
      Shang 2010) at the parameters where the sweep found wrong values with CLV_OK: P(X(n) = x)
      (eq. 8), E[X(n)] (eq. 7), P(alive at n+1) (eq. 11), E[X(n, n+n*) | h] (eq. 13),
      P(X(n, n+n*) = x* | h) (appendix) and DERT (eq. 14). Way 1: every Beta-function ratio as
      a ratio of rising factorials, B(a+x, b+m)/B(a, b) = (a)_x (b)_m / (a+b)_(x+m) (x, m
      whole), the sums of eq. 7 and 13 as sums over the opportunities of the survival
      B(g, d+j)/B(g, d), eq. 14 as the discounted sum, all positive terms, at 50 digits;
      way 2: the printed closed forms (log Beta and log Gamma values, eq. 13's
      d/(g-1) [Gamma ratio difference], mpmath's hyp2f1 in eq. 14) at 60 digits more than
      the largest log Gamma value has before its point.
"""
import mpmath as mp

DBL_MAX = 1.7976931348623157e308
rows = []


def emit(kind, inputs, value):
    rows.append(kind + " " + " ".join(repr(float(v)) for v in inputs) + " " +
                mp.nstr(value, 17, min_fixed=1, max_fixed=0))


def agree(u, v, tol=mp.mpf("1e-25")):
    if u == v:
        return
    if abs(u - v) > tol * abs(u):
        raise SystemExit("methods disagree: %s %s" % (u, v))


def bg_prob(r, alpha, a, b, t, n, shift, way):
    r, alpha, a, b, t = map(mp.mpf, (r, alpha, a, b, t))
    p0 = alpha / (alpha + t)
    p1 = t / (alpha + t)

    def nb(j):
        return mp.exp(mp.loggamma(r + j) - mp.loggamma(r) - mp.loggamma(j + 1) +
                      r * mp.log(p0) + (j * mp.log(p1) if j > 0 else 0))

    def lbeta(x, y):
        return mp.loggamma(x) + mp.loggamma(y) - mp.loggamma(x + y)

    k = n + shift
    first = mp.exp(lbeta(a, b + k) - lbeta(a, b)) * nb(n)
    if k == 0:
        return first
    if n == 0:
        tail = mp.mpf(1)
    elif way == 0:
        tail = 1 - mp.fsum(nb(j) for j in range(n))
    else:
        tail = mp.betainc(n, r, 0, p1, regularized=True)
    return first + mp.exp(lbeta(a + 1, b + (k - 1)) - lbeta(a, b)) * tail


def prob_cases():
    cases = [("bgnbd_prob", 0, (1.0, 1.0, 1.3e-22, 3.5e-310, 1.0)),
             ("bgnbd_prob", 0, (0.001, 1.0, 1.3e-22, 3.5e-310, 10.0)),
             ("bgnbd_prob", 0, (DBL_MAX, DBL_MAX, DBL_MAX, 1e-30, 0.01)),
             ("mbgnbd_prob", 1, (1.0, 1.0, 1e-200, 1e-200, 1.0))]
    for kind, shift, (r, alpha, a, b, t) in cases:
        for n in (0, 1, 2):
            mp.mp.dps = 450
            u = bg_prob(r, alpha, a, b, t, n, shift, 0)
            v = bg_prob(r, alpha, a, b, t, n, shift, 1)
            agree(u, v)
            emit(kind, (r, alpha, a, b, t, n), u)


def palive(r, alpha, a, b, x, t_x, T, shift):
    r, alpha, a, b, t_x, T = map(mp.mpf, (r, alpha, a, b, t_x, T))
    k = x + shift
    if k == 0:
        return mp.mpf(1)
    odds = a / (b + (k - 1)) * ((alpha + T) / (alpha + t_x)) ** (r + x)
    return 1 / (1 + odds)


def palive_cases():
    cases = [("bgnbd_palive", 0, (1.0, 1.0, 1e-200, 1e-200, 1.0, 1.0, 2.0)),
             ("bgnbd_palive", 0, (2.0, 3.0, 1e-300, 1e-280, 1.0, 4.0, 9.0)),
             ("mbgnbd_palive", 1, (1.0, 1.0, 1e-200, 1e-200, 0.0, 0.0, 1.0)),
             ("mbgnbd_palive", 1, (0.5, 2.0, 3e-310, 1e-300, 0.0, 0.0, 7.0))]
    for kind, shift, inputs in cases:
        mp.mp.dps = 60
        u = palive(*inputs, shift)
        mp.mp.dps = 120
        v = palive(*inputs, shift)
        agree(u, v)
        emit(kind, inputs, u)


def bgnbd_cond_cases():
    r, alpha, a, b, T, t = 1e-290, 1e-8, 100.0, 1e300, 10.0, 100.0
    vals = []
    for dps in (60, 120):
        mp.mp.dps = dps
        n, s = mp.mpf(r), mp.mpf(t) / (mp.mpf(alpha) + mp.mpf(T))
        am, bm = mp.mpf(a), mp.mpf(b)
        total, moment, k = mp.mpf(0), mp.mpf(1), 0
        while True:
            term = (-s) ** k * moment / (k + 1)
            total += term
            if k > 2 and abs(term) < mp.mpf(10) ** (-dps) * abs(total):
                break
            moment *= (am + k) / (am + bm + k)
            k += 1
        vals.append(n * s * total)
    agree(vals[0], vals[1])
    emit("bgnbd_cond", (r, alpha, a, b, 0.0, 0.0, T, t), vals[0])


def pnbd_parts(r, alpha, s, beta, x, t_x, T, method):
    r, alpha, s, beta, t_x, T = map(mp.mpf, (r, alpha, s, beta, t_x, T))
    base = -(r + x) * mp.log(alpha + t_x) - (s + 1) * mp.log(beta + t_x)

    def f(tau):
        return mp.exp(-(r + x) * mp.log(alpha + tau) - (s + 1) * mp.log(beta + tau) - base)

    if method == 0:
        pts = [t_x + d for d in (0, 0.25, 1, 3, 8, 20, 50)] + [T]
        scaled = mp.quad(f, [p for p in pts if p <= T], method="tanh-sinh")
    else:
        pts = [t_x + d for d in (0, 0.5, 2, 5, 12, 30, 70)] + [T]
        scaled = mp.quad(f, [p for p in pts if p <= T], method="gauss-legendre")
    log_i = base + mp.log(scaled)
    log_e1 = -(r + x) * mp.log(alpha + T) - s * mp.log(beta + T)
    pa = 1 / (1 + mp.exp(mp.log(s) + log_i - log_e1))
    return pa


def pnbd_cases():
    # The quadrature of I stops early (u_cut < hi in pnbd.c) in both; in the second ln E1 and
    # ln I are ~ -2e9 and their difference lost 2e-7 to rounding (pnbd.c log_integral_rel).
    for (r, alpha, s, beta, x, t_x, T, t) in ((1.0, 1.0, 1.0, 1000.0, 1000.0, 500.0, 600.0, 10.0),
                                              (1.0, 1.0, 1e8, 1e9, 1000.0, 500.0, 600.0, 10.0)):
        vals = []
        for method in (0, 1):
            mp.mp.dps = 40
            vals.append(pnbd_parts(r, alpha, s, beta, x, t_x, T, method))
        agree(vals[0], vals[1])
        pa = vals[0]
        emit("pnbd_palive", (r, alpha, s, beta, x, t_x, T), pa)
        rm, am, sm, bm = map(mp.mpf, (r, alpha, s, beta))
        bT = bm + T
        if sm == 1:
            k = mp.log(1 + t / bT)
        else:
            k = (1 - (bT / (bT + t)) ** (sm - 1)) / (sm - 1)
        cond = (rm + x) * bT / (am + T) * k * pa
        emit("pnbd_cond", (r, alpha, s, beta, x, t_x, T, t), cond)
    # The reported slow case: P(alive) and E below 1e-300 (see the docstring).
    mp.mp.dps = 40
    for (x, t_x, T) in ((1.0, 1.0, 2.0), (5.0, 3.0, 10.0), (100.0, 50.0, 52.0)):
        rm, am, sm, bm = mp.mpf(1), mp.mpf(1), mp.mpf(9e283), mp.mpf(3e-119)
        log_i_low = (-(rm + x) * mp.log(am + T) - sm * mp.log(bm + t_x) - mp.log(sm) +
                     mp.log(-mp.expm1(sm * (mp.log(bm + t_x) - mp.log(bm + T)))))
        log_e1 = -(rm + x) * mp.log(am + T) - sm * mp.log(bm + T)
        log_odds = mp.log(sm) + log_i_low - log_e1  # a lower bound of the log odds
        assert log_odds > 800, log_odds
        emit("pnbd_palive", (1.0, 1.0, 9e283, 3e-119, x, t_x, T), mp.mpf(0))
        emit("pnbd_cond", (1.0, 1.0, 9e283, 3e-119, x, t_x, T, 10.0), mp.mpf(0))


def pnbd_new_cases():
    # E[X(t)] of a new customer, Schmittlein et al. 1987 eq. 17 (regular at s = 1):
    # r beta / alpha ((1 + t/beta)^(1-s) - 1)/(1-s); its factors r beta/alpha = 1e-452 and
    # ((1 + t/beta)^(1-s) - 1)/(1-s) = 1e298 are outside the double range, their product not.
    # Second way: r/alpha int_0^t (beta/(beta+u))^s du by quadrature (tanh-sinh).
    for (r, alpha, s, beta, t) in ((1e-150, 100.0, 1e-150, 1e-300, 1.0),
                                   (1e-150, 100.0, 1e-150, 1e-300, 100.0)):
        vals = []
        for way in (0, 1):
            mp.mp.dps = 60
            rm, am, sm, bm, tm = map(mp.mpf, (r, alpha, s, beta, t))
            if way == 0:
                vals.append(rm * bm / am * mp.expm1((1 - sm) * mp.log1p(tm / bm)) / (1 - sm))
            else:
                f = lambda u: mp.exp(-sm * mp.log1p(u / bm))
                vals.append(rm / am * mp.quad(f, [0, bm, 1e-290, 1e-200, 1e-100, 1e-10, tm]))
        agree(vals[0], vals[1], mp.mpf("1e-20"))
        emit("pnbd_cond", (r, alpha, s, beta, 0.0, 0.0, 0.0, t), vals[0])


def pnbd_dert_cases():
    # DERT of a new customer (P(alive) = 1), Fader, Hardie & Lee 2005 ("RFM and CLV") eq. 2
    # divided through: (r/alpha) beta U(1, 2-s, delta beta) (DLMF 13.2.40: delta^(s-1) beta^s
    # U(s, s; delta beta) = beta U(1, 2-s; delta beta)), with U(1, b, z) = int_0^inf
    # e^(-z t) (1+t)^(b-2) dt (DLMF 13.4.4). Two ways: in t, and after u = s ln(1+t),
    # (1/s) int_0^inf exp(-u + u/s - z (e^(u/s) - 1)) du.
    for (r, alpha, s, beta, delta) in ((1e200, 1.0, 1e30, 1e-300, 0.1),
                                       (1e100, 1.0, 1e20, 1e-200, 0.001)):
        vals = []
        for way in (0, 1):
            mp.mp.dps = 50
            rm, am, sm, bm, dm = map(mp.mpf, (r, alpha, s, beta, delta))
            z = dm * bm
            if way == 0:
                f = lambda t: mp.exp(-z * t - sm * mp.log1p(t))
                # past t = 300/s the integrand is below e^-300 of its start
                pts = [0] + [mp.mpf(k) / sm for k in (0.01, 0.1, 1, 3, 10, 30, 100, 300)]
                u = mp.quad(f, pts)
            else:
                g = lambda v: mp.exp(-v + v / sm - z * mp.expm1(v / sm))
                u = mp.quad(g, [0, 1, 3, 10, 30, 100, 300]) / sm
            vals.append(rm / am * bm * u)
        agree(vals[0], vals[1], mp.mpf("1e-20"))
        emit("pnbd_dert", (r, alpha, s, beta, 0.0, 0.0, 0.0, delta), vals[0])


def pnbd_prob(r, alpha, s, beta, t, n, way):
    """P(X(t) = n) of a new customer (Fader, Hardie & Lee 2005 note on the Pareto/NBD,
    section on P(X(t) = x); Schmittlein et al. 1987): alive through t with n purchases,
    NB(n; r, alpha/(alpha+t)) (beta/(beta+t))^s, plus dead at tau < t after n purchases,
    int_0^t NB(n; r, alpha/(alpha+tau)) s/beta (1+tau/beta)^-(s+1) dtau. The integral in
    u = ln tau (its scales run from 1e-308 to 1e8 here), on breakpoints around each scale of
    the integrand (alpha/(r+n), beta/(s+1), alpha, beta, t): way 0 tanh-sinh on steps of e^2,
    way 1 Gauss-Legendre on steps of e^3."""
    r, alpha, s, beta, t = map(mp.mpf, (r, alpha, s, beta, t))

    def log_nb(tau):
        v = r * -mp.log1p(tau / alpha)
        if n > 0:
            # ln Gamma(r+n)/Gamma(r) as a sum of n logs: loggamma(1e300) would need 300 more
            # digits to keep the difference
            v += (mp.fsum(mp.log(r + k) for k in range(n)) - mp.loggamma(n + 1) +
                  n * (mp.log(tau) - mp.log(alpha + tau)))
        return v

    alive = mp.exp(log_nb(t) - s * mp.log1p(t / beta))

    def g(u):
        tau = mp.exp(u)
        return mp.exp(log_nb(tau) + mp.log(s / beta) - (s + 1) * mp.log1p(tau / beta) + u)

    step = 2 if way == 0 else 3
    lt = mp.log(t)
    pts = set()
    for c in (alpha / (r + n), beta / (s + 1), alpha, beta, t):
        lc = mp.log(c)
        for j in range(-60, 61, step):
            if lc + j < lt:
                pts.add(lc + j)
    pts = sorted(pts) + [lt]
    dead = mp.quad(g, [mp.ninf] + pts, method="tanh-sinh" if way == 0 else "gauss-legendre")
    return alive + dead


def pnbd_prob_cases():
    # The sweep's "pnbd prob" failures (tests/test_extremes.c): all 0 at r = alpha = 5e-324
    # (ln(1 + t/alpha) overflowed); P(X = 1) 4 times too small at r = 1e300 (p (r + n) rounded
    # to r in the saddle-point form); 10-40 ms a call at alpha = 1e-150.
    cases = [((5e-324, 5e-324, 5e-324, 1e8), (1.0, 100.0), (0, 1)),
             ((5e-324, 5e-324, 1e-30, 1e300), (1.0,), (0, 1)),
             ((1e300, 1.0, 1e8, 1e-300), (0.01, 100.0), (0, 1, 2)),
             ((1e-8, 1e-150, 100.0, 1e-8), (0.01, 1e6), (0, 1, 3))]
    for (r, alpha, s, beta), ts, ns in cases:
        for t in ts:
            for n in ns:
                mp.mp.dps = 40
                u = pnbd_prob(r, alpha, s, beta, t, n, 0)
                mp.mp.dps = 50
                v = pnbd_prob(r, alpha, s, beta, t, n, 1)
                agree(u, v, mp.mpf("1e-20"))
                emit("pnbd_prob", (r, alpha, s, beta, t, n), u)
# ---- BG/BB -------------------------------------------------------------------------------


def bgbb_rf(a, k):
    p = mp.mpf(1)
    for j in range(int(k)):
        p *= a + j
    return p


class BgbbSums:
    """Way 1: rising factorials and sums of positive terms."""

    def __init__(self, a, b, g, d):
        self.a, self.b, self.g, self.d = map(mp.mpf, (a, b, g, d))

    def ba(self, x, m):
        return bgbb_rf(self.a, x) * bgbb_rf(self.b, m) / bgbb_rf(self.a + self.b, x + m)

    def bg(self, g1, k):
        return bgbb_rf(self.g, g1) * bgbb_rf(self.d, k) / bgbb_rf(self.g + self.d, g1 + k)

    def parts(self, x, tx, n):
        alive = self.ba(x, n - x) * self.bg(0, n)
        dead = mp.fsum(self.ba(x, tx - x + i) * self.bg(1, tx + i) for i in range(int(n - tx)))
        return alive, dead

    def palive(self, x, tx, n):
        alive, dead = self.parts(x, tx, n)
        return self.ba(x, n - x) * self.bg(0, n + 1) / (alive + dead)

    def cond(self, x, tx, n, ns):
        alive, dead = self.parts(x, tx, n)
        surv = mp.fsum(self.bg(0, n + j) for j in range(1, int(ns) + 1))
        return self.ba(x + 1, n - x) * surv / (alive + dead)

    def new(self, n):
        return self.a / (self.a + self.b) * mp.fsum(self.bg(0, j) for j in range(1, int(n) + 1))

    def prob(self, n, x):
        v = mp.binomial(n, x) * self.ba(x, n - x) * self.bg(0, n)
        return v + mp.fsum(mp.binomial(i, x) * self.ba(x, i - x) * self.bg(1, i)
                           for i in range(int(x), int(n)))

    def pcond(self, x, tx, n, ns, xs):
        alive, dead = self.parts(x, tx, n)
        post = BgbbSums(self.a + x, self.b + n - x, self.g, self.d + n)
        v = alive / (alive + dead) * post.prob(ns, xs)
        return v + (dead / (alive + dead) if xs == 0 else 0)

    def dert(self, x, tx, n, disc):
        alive, dead = self.parts(x, tx, n)
        z = 1 / (1 + mp.mpf(disc))
        total, j, t = mp.mpf(0), 1, self.bg(0, n + 1) * z
        while t > total * mp.mpf(10) ** (-mp.mp.dps - 3):
            total += t
            t *= z * (self.d + n + j) / (self.g + self.d + n + j)
            j += 1
        return self.ba(x + 1, n - x) * total / (alive + dead)


class BgbbClosed:
    """Way 2: FHS 2010's closed forms through log Gamma."""

    def __init__(self, a, b, g, d):
        self.a, self.b, self.g, self.d = map(mp.mpf, (a, b, g, d))

    def lb(self, p, q):
        return mp.loggamma(p) + mp.loggamma(q) - mp.loggamma(p + q)

    def term(self, x, m, g1, k):
        return mp.exp(self.lb(self.a + x, self.b + m) - self.lb(self.a, self.b) +
                      self.lb(self.g + g1, self.d + k) - self.lb(self.g, self.d))

    def lik(self, x, tx, n):  # eq. 5
        return self.term(x, n - x, 0, n) + mp.fsum(self.term(x, tx - x + i, 1, tx + i)
                                                   for i in range(int(n - tx)))

    def palive(self, x, tx, n):  # eq. 11
        return self.term(x, n - x, 0, n + 1) / self.lik(x, tx, n)

    def bracket(self, n0, n1):  # Gamma(1+d+n0)/Gamma(g+d+n0) - the same at n1
        g, d, lg = self.g, self.d, mp.loggamma
        return mp.exp(lg(1 + d + n0) - lg(g + d + n0)) - mp.exp(lg(1 + d + n1) - lg(g + d + n1))

    def cond(self, x, tx, n, ns):  # eq. 13
        g, d = self.g, self.d
        front = mp.exp(self.lb(self.a + x + 1, self.b + n - x) - self.lb(self.a, self.b))
        gam = mp.exp(mp.loggamma(g + d) - mp.loggamma(1 + d))
        return front * d / (g - 1) * gam * self.bracket(n, n + ns) / self.lik(x, tx, n)

    def new(self, n):  # eq. 7
        g, d = self.g, self.d
        gam = mp.exp(mp.loggamma(g + d) - mp.loggamma(1 + d))
        return self.a / (self.a + self.b) * d / (g - 1) * gam * self.bracket(0, n)

    def prob(self, n, x):  # eq. 8
        v = mp.binomial(n, x) * self.term(x, n - x, 0, n)
        return v + mp.fsum(mp.binomial(i, x) * self.term(x, i - x, 1, i)
                           for i in range(int(x), int(n)))

    def pcond(self, x, tx, n, ns, xs):  # appendix, the common factors taken out
        pa = self.term(x, n - x, 0, n) / self.lik(x, tx, n)
        post = BgbbClosed(self.a + x, self.b + n - x, self.g, self.d + n)
        return pa * post.prob(ns, xs) + ((1 - pa) if xs == 0 else 0)

    def dert(self, x, tx, n, disc):  # eq. 14
        z = 1 / (1 + mp.mpf(disc))
        f = mp.hyp2f1(1, self.d + n + 1, self.g + self.d + n + 1, z)
        return self.term(x + 1, n - x, 0, n + 1) * z * f / self.lik(x, tx, n)


def closed_dps(values):
    """60 digits more than the largest |x log x| of the arguments has before its point."""
    big = max(abs(mp.mpf(v) * mp.log(mp.mpf(v))) for v in values)
    return 60 + max(0, int(mp.log10(big + 1)))


def bgbb_cases():
    big = DBL_MAX
    # (kind, parameters, arguments): the sweep's worst cases before the fix (issue 13)
    cases = [
        ("cond", (100.0, 100.0, 1e-8, 5e-324), (3, 5, 6, 1)),       # 5e-9 low
        ("pcond", (100.0, 100.0, 1e-8, 5e-324), (3, 5, 6, 1, 0)),
        ("pcond", (100.0, 100.0, 1e-8, 5e-324), (3, 5, 6, 1, 1)),
        ("prob", (1e300, 1e300, 1e-150, 1e-150), (1, 0)),          # summed to 1.5
        ("prob", (1e300, 1e300, 1e-150, 1e-150), (1, 1)),
        ("palive", (1e300, 1e300, 1e-150, 1e-150), (0, 0, 6)),     # 0.5 for 0.0154
        ("dert", (1e300, 1e300, 1e-150, 1e-150), (0, 0, 6, 0.1)),  # 5 for 0.077
        ("pcond", (1e300, 1e300, 1e-150, 1e-150), (0, 0, 6, 30, 30)),
        ("new", (big, 1e30, 1e-150, 1e-8), (5,)),                   # above n
        ("prob", (big, 1e30, 1e-150, 1e-8), (5, 5)),                # summed to 6
        ("prob", (1e30, 1e150, 1e-8, 100.0), (1, 0)),               # summed to 2
        ("prob", (1e30, 1e150, 1e-8, 100.0), (1, 1)),
        ("prob", (1e-150, 100.0, 1e8, 1e8), (1, 0)),                # 2e-9 low
        ("dert", (1e30, 1e30, 1e-30, 1e-300), (3, 5, 6, 0.1)),      # twice
        ("cond", (1e150, 1e150, 1e30, 1e-300), (3, 5, 6, 5)),       # 4 times
        ("palive", (0.01, big, 0.01, 1e-150), (20, 30, 40)),        # 0 for 0.997
        ("pcond", (0.01, big, 0.01, 1e-150), (20, 30, 40, 1, 0)),
        ("new", (big, big, 1e8, 1e-150), (5,)),                     # 0 for 5e-159
        ("cond", (1e-150, 1e30, 5e-324, 1e-300), (0, 0, 0, 5)),     # 0 for 5e-180
        ("new", (1e300, 1e-30, 1e300, big), (30,)),                 # 1.6e-9 low
        ("new", (1e8, 0.01, 1e-8, 1e-150), (5,)),                   # 5e-9 low
        ("pcond", (1.0, 1e300, 1.0, 1e150), (0, 0, 6, 1, 0)),       # 0 for 1
        ("pcond", (1.0, 1e8, 5e-324, big), (20, 30, 40, 30, 2)),    # 0 for 2e-11
        ("pcond", (1e30, 1e30, 1e-30, 1e-300), (20, 30, 40, 30, 0)),
        ("pcond", (1e-150, 100.0, 1e8, 1e8), (3, 5, 6, 5, 2)),      # 1.5e-8 off
        ("pcond", (1e-30, 0.01, 1e8, 1e150), (20, 30, 40, 30, 29)),  # 8e-7 off
        ("pcond", (1e-300, 1e-30, 1e30, 1e30), (0, 0, 6, 30, 30)),  # 0.34 for 1e-318
    ]
    for kind, theta, args in cases:
        mp.mp.dps = 50
        u = getattr(BgbbSums(*theta), kind)(*args)
        mp.mp.dps = closed_dps(theta)
        v = getattr(BgbbClosed(*theta), kind)(*args)
        mp.mp.dps = 50
        if abs(u) > mp.mpf("1e-300"):
            agree(u, v)
        else:
            assert abs(v) < mp.mpf("1e-290"), (kind, theta, args, u, v)
        emit("bgbb_" + kind, tuple(theta) + tuple(float(a) for a in args), u)


prob_cases()
palive_cases()
pnbd_new_cases()
pnbd_prob_cases()
pnbd_dert_cases()
bgnbd_cond_cases()
pnbd_cases()
bgbb_cases()
print("# generated by tests/oracles/extremes_oracles.py; kind, inputs, exact value")
for row in rows:
    print(row)
