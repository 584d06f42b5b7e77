# SPDX-License-Identifier: MIT
"""The BG/NBD and MBG/NBD part of the clv_customer_value() grid that grid_value.py leaves out
(its period sums were too slow there): discounted horizons of 1000 and 1e4 periods, and long
and infinite horizons at discounts below 10% (tests/test_grid_value.c reads both files;
issues 13 and 21).

Run: cd tests/oracles && /usr/bin/python3 grid_value_bg.py [--limit SECONDS] > grid_value_bg.txt
and, for the cases pquad could not do (parameters 1e-3, r = 241; gquad below, ~2 CPU minutes
each): /usr/bin/python3 grid_value_bg.py --missing grid_value_bg.txt >> grid_value_bg.txt
(about 40 minutes on two free cores for all 68 cases, cheapest first; deterministic; dropped
cases listed on stderr). The committed file is a run cut at the cases that fitted in the time
the shared machine gave (see its line count; the order is the script's cost order).

The value with margin 1 and spend 1 is
  S = sum_(k=1..H) (1+d)^-k (E[X(kP) | x, t_x, T] - E[X((k-1)P) | x, t_x, T]).
Two methods, both independent of the library's route (which averages over p a per-p sum taken
by Euler-Maclaurin with an incomplete-gamma integral, and interpolates in the discount rate
where the horizon is nearly undiscounted):
  periods: the sum over the periods written out at 40 digits with each E[X(kP)] in closed
    form, P(alive) times the bracket (c/(a-1)) [1 - q^(r+x) 2F1(r+x, b'+x; c; z)] with
    mpmath's own hyp2f1 (Fader, Hardie & Lee 2005, eq. 10; MBG/NBD b' = b + 1, Batislam,
    Denizel & Filiztekin 2007; grid_bgnbd.bracket_hyp). Horizons up to 1e4 periods, where
    hyp2f1 is fast enough (not at every parameter 1e3: 0.7 s a period).
  pquad: given alive and the dropout probability p, lambda ~ Gamma(r+x, alpha+T) and a live
    customer expects g(t) = (1 - (1 + p t/(alpha+T))^-(r+x))/p purchases by t (eq. 10's
    integrand, lambda integrated in closed form), so S = P(alive) E_p[sum_k D^k (g(kP) -
    g((k-1)P))], p ~ Beta(a, b'+x), by one mp.quad (grid_value.beta_mean) at 20 digits. The
    inner sum is tail-bounded: g's increments fall with k, so the rest after K periods is at
    most D^(K+1)/(1-D) times the last increment; it stops once that bound is below 1e-26 of
    the sum, or once (1 + p K P/(alpha+T))^-(r+x) (all that is left to buy) is. Feasible where
    the discount ends the sum in ~1e4 periods (d >= 1%) or the purchases end first.
Also the cases of REFUSED (the library answered CLV_ENOCONV before), by the period sum with
each bracket by a quadrature over p (grid_bgnbd.bracket_quad) where hyp2f1 fails.
A case is written from the period sum where it is feasible, else from the quadrature over p
(d >= 1%); one case of each model has both, which must agree to 1e-13 (else it is dropped).
(The library's nearly undiscounted horizons, 1e6 periods below d = 1e-9, are E[X(H P)] with
a correction of 1e-3 at most, checked in tests/test_customer_value.c.)
Lines: model r alpha a b x t_x T period discount horizon value, as grid_value.txt.
"""
import multiprocessing
import sys

from mpmath import mp, mpf, exp, expm1, log1p

import grid_value as gv

gb = gv.gb

AGREE = mpf("1e-13")
REGIONS = [([0.243, 4.414, 0.793, 2.426], (2, 30.43, 38.86)),
           ([1e-3, 1e-3, 1e-3, 1e-3], (0, 0, 0)),
           ([1e3, 1e3, 1e3, 1e3], (2, 30.43, 38.86)),
           ([241.0, 50.0, 3.0, 8.0], (10, 35, 39))]  # r of a near-homogeneous fit (issue 13)


def periods(model, th, x, tx, T, P, d, H):
    """The period sum with hyp2f1 brackets; H finite. At d = 0.1 the periods past
    K = 60/ln(1.1) add less than e^-60 of the sum (as grid_value.period_value)."""
    r, al, a, b = th
    if d >= mpf('0.1'):
        H = min(H, int(mp.ceil(60 / log1p(d))))
    pa = gb.p_alive(r, al, a, b, model, x, tx, T)
    prev, s = mpf(0), mpf(0)
    D = 1 / (1 + d)
    Dk = mpf(1)
    for k in range(1, H + 1):
        e = pa * gb.bracket_hyp(r + x, a, b + model + x, k * P / (al + T))
        Dk *= D
        s += (e - prev) * Dk
        prev = e
    return s


def inner(p, n, bp, P, D, H):
    """sum_(k<=H) D^k (g(kP) - g((k-1)P)) for one p, tail-bounded (see the docstring)."""
    c = p * P / bp
    prev_u = mpf(1)  # (1 + c (k-1))^-n
    s = mpf(0)
    Dk = mpf(1)
    tol = mpf(10) ** -26
    k = 0
    while H is None or k < H:
        k += 1
        # u_(k-1) - u_k = u_(k-1) (1 - ((1 + c (k-1))/(1 + c k))^n), without the cancellation
        # of the plain difference (at p ~ 1e-300, where a Beta with a = 1e-3 puts its mass,
        # the increments are ~n c, far below 20 digits of 1).
        inc = prev_u * -expm1(-n * log1p(c / (1 + c * (k - 1)))) / p
        u = exp(-n * log1p(c * k))
        Dk *= D
        s += Dk * inc
        prev_u = u
        if s > 0 and (Dk * D / (1 - D) * inc <= tol * s or u / p <= tol * s):
            break
        if k > 200000:
            return None
    return s


def periods_quad(model, th, x, tx, T, P, d, H):
    """The period sum with each bracket by grid_bgnbd's quadrature over p (where hyp2f1
    fails: x in the tens of thousands)."""
    r, al, a, b = th
    pa = gb.p_alive(r, al, a, b, model, x, tx, T)
    prev, s = mpf(0), mpf(0)
    for k in range(1, H + 1):
        e = pa * gb.bracket_quad(r + x, a, b + model + x, k * P / (al + T))
        s += (e - prev) / (1 + d) ** k
        prev = e
    return s


# Cases the library refused with CLV_ENOCONV before (its quadrature's pieces ran out; random
# parameters, x in the tens of thousands): the period sum, brackets by quadrature, 30 digits.
REFUSED = [(1, [2.516634042739694, 263.32184267326306, 0.003902819164737991,
                56.77335833732961], 56868, 0.029732192520372024, 0.055306449328130426, 7.0,
            0.001, 13)]


def pquad(model, th, x, tx, T, P, d, H):
    r, al, a, b = th
    n, bp = r + x, al + T
    D = 1 / (1 + d)
    delta = log1p(d)
    ok = [True]

    def f(p):
        v = inner(p, n, bp, P, D, H)
        if v is None:
            ok[0] = False
            return mpf(0)
        return v
    pf = [q * bp / n for q in gv.feats(delta, H, P)]
    m = gv.beta_mean(f, a, b + model + x, pf)
    if not ok[0]:
        return None
    return gb.p_alive(r, al, a, b, model, x, tx, T) * m


def gquad(model, th, x, tx, T, P, d, H):
    """A route apart from pquad's (whose inner period sum ran to 200,000 terms at parameters
    1e-3, and whose quadratures missed by 1-10% there and at r = 241): given alive and p, the
    customer's rate of purchases decays as lambda e^(-lambda p tau) (Fader, Hardie & Lee 2005,
    the derivation of eq. 9: a Poisson(lambda) stream ended after each purchase with
    probability p), so with y = lambda p the discounted sum over the periods is the closed form
    G(y P) / p of grid_value.geo_g (as Pareto/NBD's with mu = y), and
      S = P(alive) E_p[E_y[G(y P)] / p],  y ~ Gamma(r+x, (alpha+T)/p),
    a quadrature over y (grid_value.gamma_mean) inside one over p (grid_value.beta_mean), no
    series anywhere. Checked against the period sum at the CDNOW case (H = 1000, d = 1%):
    2.258208222634954530224993 against 2.25820822263495453022491453257, and MBG/NBD's:
    2.54155663666735345693 against 2.54155663666735346471. Not trusted yet at parameters 1e-3
    (d = 1%): H = 1e4 gave 50.5546236564 and H = infinite 50.5543325189, 6e-6 apart where
    D^H ~ e^-100 says they are equal (the library: 49.4614908467 for both), so those lines are
    not in grid_value_bg.txt; the r = 241 cases did not finish in the session's time."""
    r, al, a, b = th
    n, bp = r + x, al + T
    D = 1 / (1 + d)
    delta = log1p(d)
    rf = gv.feats(delta, H, P)

    def f(p):
        return gv.gamma_mean(lambda y: gv.geo_g(y * P, D, delta, H), n, bp / p, rf) / p
    pf = [q * bp / n for q in rf]
    return gb.p_alive(r, al, a, b, model, x, tx, T) * gv.beta_mean(f, a, b + model + x, pf)


def evaluate_gquad(case):
    model, th, x, tx, T, P, d, H = case
    with mp.workdps(20):
        v = gquad(model, [mpf(q) for q in th], *(mpf(q) for q in (x, tx, T, P, d)), H)
    return ('gquad', v)


def missing(path):
    """The cases of cases() that the file at path lacks (those pquad could not do)."""
    have = set()
    for ln in open(path):
        if ln.startswith('#'):
            continue
        f = ln.split()
        have.add((int(f[0]), tuple(float(v) for v in f[1:5]), float(f[9]), int(f[10])))
    return [c for c in cases() if c not in REFUSED and
            (c[0], tuple(float(v) for v in c[1]), float(c[6]), -1 if c[7] is None else c[7])
            not in have]


def methods_for(th, d, H):
    """Which methods a case gets (see the docstring): the period sum where hyp2f1 is fast
    enough; the quadrature over p where the period sum is not feasible and d >= 1%, and at
    one case of each model as a cross-check of the two."""
    out = []
    big = th[0] >= 1e3
    tiny = th[0] <= 1e-3
    if H is not None and H <= 10**4 and not big and not (tiny and H > 1000):
        out.append('periods')
    if (not out and d >= 0.01) or (th[0] == 0.243 and H == 1000 and d == 0.01):
        out.append('pquad')
    return out


def evaluate(case):
    model, th, x, tx, T, P, d, H = case
    if case in REFUSED:
        with mp.workdps(30):
            v = periods_quad(model, [mpf(q) for q in th], *(mpf(q) for q in (x, tx, T, P, d)), H)
        return ('periods', v)
    mp.dps = 40
    thm = [mpf(v) for v in th]
    xm, txm, Tm, Pm, dm = (mpf(v) for v in (x, tx, T, P, d))
    got = {}
    for m in methods_for(th, d, H):
        if m == 'periods':
            with mp.workdps(40):
                got[m] = periods(model, thm, xm, txm, Tm, Pm, dm, H)
        else:
            with mp.workdps(20):
                v = pquad(model, thm, xm, txm, Tm, Pm, dm, H)
            if v is not None:
                got[m] = v
    if not got:
        return ('drop', 'no method', None)
    if len(got) == 2 and abs(got['periods'] - got['pquad']) > AGREE * abs(got['periods']):
        return ('drop', 'disagree', got)
    name = 'periods' if 'periods' in got else 'pquad'
    return (name if len(got) == 1 else 'both', got[name])


def cost(case):
    """A rough cost (seconds on a free core). The cases run cheapest first (after the two
    cross-checks), so that a run cut short (the machine is shared) still yields a useful file:
    --limit SECONDS keeps the cases whose running total fits."""
    model, th, x, tx, T, P, d, H = case
    m = methods_for(th, d, H)
    c = 0.0
    if 'periods' in m:
        per = 0.035 if th[0] <= 1e-3 else 0.004
        c += per * (min(H, 630) if d >= 0.1 else H)
    if 'pquad' in m:
        c += 20.0 if th[0] >= 1e3 else 150.0
    if case in REFUSED:
        c += 100.0
    return c


def cases():
    out = []
    for model in (0, 1):
        for th, (x, tx, T) in REGIONS:
            for H in (1000, 10**4, None):
                for d in (1e-12, 1e-8, 1e-3, 0.01, 0.1):
                    if H is None and d == 0.1 and th[0] != 241.0:
                        continue  # in grid_value.txt
                    if H == 10**4 and d == 1e-8:
                        continue  # 40 s a case: 1e-12 and 1e-3 bracket it
                    if methods_for(th, d, H):
                        out.append((model, th, x, tx, T, 1.0, d, H))
    out += REFUSED
    # The cross-checks first, then cheapest first.
    out.sort(key=lambda c: (len(methods_for(c[1], c[6], c[7])) < 2, cost(c)))
    return out


def line(case, v):
    model, th, x, tx, T, P, d, H = case
    h = -1 if H is None else H
    return ' '.join(str(q) for q in (model, *(repr(float(q)) for q in th), x, tx, T, repr(P),
                                     repr(d), h, mp.nstr(v, 30)))


def main():
    if len(sys.argv) > 2 and sys.argv[1] == '--missing':
        # The cases the committed file lacks, by gquad: appended to it by hand.
        todo = missing(sys.argv[2])
        with multiprocessing.Pool(2) as pool:
            for case, v in zip(todo, pool.imap(evaluate_gquad, todo, chunksize=1)):
                print(line(case, v[1]))
                sys.stdout.flush()
        return
    todo = cases()
    if len(sys.argv) > 2 and sys.argv[1] == '--limit':
        total, keep = 0.0, []
        for c in todo:
            total += cost(c)
            if total <= float(sys.argv[2]):
                keep.append(c)
        todo = keep
    print("# tests/oracles/grid_value_bg.py: BG/NBD (model 0) and MBG/NBD (1), 30 digits; "
          "method per case as the script's docstring says (periods where feasible, else pquad)")
    sys.stdout.flush()
    drops = 0
    with multiprocessing.Pool(2) as pool:
        for case, v in zip(todo, pool.imap(evaluate, todo, chunksize=1)):
            if v[0] == 'drop':
                drops += 1
                print(f"# dropped {v[1]}: {case} {v[2]}", file=sys.stderr)
                continue
            print(line(case, v[1]))
            sys.stdout.flush()
    print(f"# {len(todo) - drops} cases written, {drops} dropped", file=sys.stderr)


if __name__ == '__main__':
    main()
