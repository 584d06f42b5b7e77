# SPDX-License-Identifier: MIT
"""BG/BB at very many opportunities (n up to 1e7) for tests/test_bgbb_large_n.c (issue 21).

Run: python3 tests/oracles/bgbb_large_n.py > tests/oracles/bgbb_large_n.txt
(hours on one core of a loaded machine; see main() to split the run over processes)

log L of Fader, Hardie & Shang (2010, Marketing Science 29(6), eq. 5) at 32 digits, its
gradient and a few Hessian entries (mpmath's numerical differentiation of log L), P(alive)
(eq. 11), the conditional expectation (eq. 13) and DERT (eq. 14), at the exact binary value
of each double input. The sum over the death opportunity,
    S = sum_(i=0)^(k-1) T_i,  T_i = B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d),  k = n - t_x,
is summed exactly, term by term, while that is cheap: to the end for k <= 5,000, and otherwise
until i >= 2,000 and consecutive terms fall by less than e^-0.02. From there it is
    sum_(i=m)^(k-1) T_i = int_m^(k-1) T + (T_m + T_(k-1))/2
                          + sum_(j=1)^6 B_2j/(2j)! (T^(2j-1)(k-1) - T^(2j-1)(m))
(Euler-Maclaurin; the j-th term is ~(0.02/(2 pi))^(2j-1) T_m, 1e-33 at j = 7), with T(t) from
mpmath's loggamma, the integral by mpmath's tanh-sinh quadrature over log t on pieces 1/2
wide, and the derivatives by mpmath's diff: none of it shares the library's switch point,
order, quadrature or derivatives (lib/clv/bgbb.c). The script checks the two ways against each
other at k = 20,000 before it prints (they agree to ~1e-31).
"""
import sys
from mpmath import (mp, mpf, loggamma, log, exp, diff, quad, bernoulli, factorial, linspace,
                    fabs)

mp.dps = 32


def lbeta(p, q):
    return loggamma(p) + loggamma(q) - loggamma(p + q)


def dead_sum(a, b, g, d, x, tx, k, exact_limit=5000):
    """S / T_0 (T_0 the first term), exactly or exact head + Euler-Maclaurin tail."""
    bm, ab, dk, gd = b + tx - x, a + b + tx, d + tx, g + d + tx + 1
    k = int(k)
    rho, s, i = mpf(1), mpf(0), 0
    while i < k:
        ratio = (bm + i) * (dk + i) / ((ab + i) * (gd + i))
        if k > exact_limit and i >= 2000 and ratio >= exp(mpf(-0.02)) and k - i > 100:
            break
        s += rho
        if rho * (k - i) < mpf(10) ** -45 * s:
            return s
        rho *= ratio
        i += 1
    if i >= k:
        return s
    m, M = i, k - 1
    base = loggamma(bm + m) - loggamma(ab + m) + loggamma(dk + m) - loggamma(gd + m)

    def f(t):  # T_t / T_m
        return exp(loggamma(bm + t) - loggamma(ab + t) + loggamma(dk + t) - loggamma(gd + t) - base)

    lo, hi = log(mpf(m)), log(mpf(M))
    pieces = max(2, int((hi - lo) / mpf(0.5)) + 1)
    integral = mpf(0)
    for u0, u1 in zip(linspace(lo, hi, pieces)[:-1], linspace(lo, hi, pieces)[1:]):
        part = quad(lambda u: f(exp(u)) * exp(u), [u0, u1])
        integral += part
        if part < mpf(10) ** -50 * integral:
            break
    tail = integral + (f(mpf(m)) + f(mpf(M))) / 2
    for j in range(1, 7):
        c = bernoulli(2 * j) / factorial(2 * j)
        tail += c * (diff(f, mpf(M), 2 * j - 1) - diff(f, mpf(m), 2 * j - 1))
    return s + rho * tail


def loglik(a, b, g, d, x, tx, n, exact_limit=5000):
    alive = lbeta(a + x, b + n - x) - lbeta(a, b) + lbeta(g, d + n) - lbeta(g, d)
    if n == tx:
        return alive
    first = lbeta(a + x, b + tx - x) - lbeta(a, b) + lbeta(g + 1, d + tx) - lbeta(g, d)
    rest = first + log(dead_sum(a, b, g, d, x, tx, n - tx, exact_limit))
    hi = max(alive, rest)
    return hi + log(exp(alive - hi) + exp(rest - hi))


def p_alive(P, x, tx, n):
    a, b, g, d = P
    return exp(lbeta(a + x, b + n - x) - lbeta(a, b) + lbeta(g, d + n + 1) - lbeta(g, d)
               - loglik(*P, x, tx, n))


def cond(P, x, tx, n, ns):
    # eq. 13: (1/L) B(a+x+1, b+n-x)/B(a,b) (d/(g-1)) G(g+d)/G(1+d)
    #         [G(1+d+n)/G(g+d+n) - G(1+d+n+ns)/G(g+d+n+ns)]
    a, b, g, d = P
    front = (lbeta(a + x + 1, b + n - x) - lbeta(a, b) + loggamma(g + d) - loggamma(1 + d)
             - loglik(*P, x, tx, n))
    br = (exp(loggamma(1 + d + n) - loggamma(g + d + n))
          - exp(loggamma(1 + d + n + ns) - loggamma(g + d + n + ns)))
    return exp(front) * d / (g - 1) * br


def hyp2f1_1bc(b, c, z):
    """2F1(1, b; c; z) for c > b > 0, 0 < z < 1 by its series (DLMF 15.2.1): positive terms
    with ratios z (b+j)/(c+j) < z, so the rest after a term t is below t z/(1-z). (mpmath's
    hyp2f1 does not converge at b ~ 1e7, z = 1/1.01.)"""
    t, s, j = mpf(1), mpf(1), 0
    while t * z / (1 - z) > mpf(10) ** -40 * s:
        t *= z * (b + j) / (c + j)
        s += t
        j += 1
    return s


def dert(P, x, tx, n, disc):
    # eq. 14
    a, b, g, d = P
    lv = (lbeta(a + x + 1, b + n - x) - lbeta(a, b) + lbeta(g, d + n + 1) - lbeta(g, d)
          - log(1 + disc) - loglik(*P, x, tx, n))
    return exp(lv) * hyp2f1_1bc(d + n + 1, g + d + n + 1, 1 / (1 + disc))


# (name, alpha, beta, gamma, delta, x, t_x, n): n in {50, 1e3, 1e5, 1e7}; x = 0, x = t_x,
# t_x = n, t_x << n, t_x mid; parameters 1e-2..1e3. The same table is in the C test.
PARAMS = {
    "p1": (1.2, 0.7, 0.6, 2.5),       # the donations' order of magnitude
    "p2": (0.01, 0.01, 0.01, 0.01),   # slowest decay: terms ~ i^-1.02
    "p3": (1000.0, 1000.0, 0.5, 1000.0),
    "p4": (0.05, 300.0, 1000.0, 0.02),
    "p5": (20.0, 0.03, 0.02, 50.0),
}
HIST = {
    50: [(0, 0), (3, 3), (10, 50), (7, 20)],
    1000: [(0, 0), (40, 40), (300, 1000), (5, 12)],
    100000: [(0, 0), (30, 500), (2000, 2000), (30000, 100000), (1, 1), (500, 60000)],
    10000000: [(0, 0), (7, 7), (100, 3000), (40000, 5000000), (2, 9999000)],
}
GRAD_PARAMS = ("p1", "p2", "p3", "p4", "p5")


def cases():
    for pname, P in PARAMS.items():
        for n, hist in HIST.items():
            for j, (x, tx) in enumerate(hist):
                yield f"{pname}_n{n}_x{x}_tx{tx}", pname, P, x, tx, n, j


def show(name, value):
    print(f"{name} = {mp.nstr(value, 25)}")
    sys.stdout.flush()


def main(parts):
    """parts: the parameter sets (p1..p5; pX@n for the rows of one n of pX, pX@n@j for its
    j-th history), "hess" (Hessian entries; hess@r for row r alone) and "pred" (predictions;
    pred@r for row r), printed in this order;
    all by default. A run can be split over processes and their outputs concatenated in
    this order (the committed file was made so, in 9 processes)."""
    # The two ways agree where both apply (k = 20,000 > exact_limit, forced to the tail).
    for P, x, tx in (((1.2, 0.7, 0.6, 2.5), 0, 0), ((0.01, 0.01, 0.01, 0.01), 3, 10),
                     ((20.0, 0.03, 0.02, 50.0), 100, 300)):
        P = [mpf(v) for v in P]
        e = loglik(*P, x, tx, 20000 + tx, exact_limit=10 ** 9)
        t = loglik(*P, x, tx, 20000 + tx, exact_limit=1)
        assert fabs(e - t) < mpf(10) ** -28 * (1 + fabs(e)), (P, x, tx, e, t)
    if "p1" in parts:
        print("# name = log L; _d<param> = d log L / d param; _h<ij> = d2 log L / d pi d pj")
    for name, pname, P, x, tx, n, j in cases():
        if not {pname, f"{pname}@{n}", f"{pname}@{n}@{j}"} & set(parts):
            continue
        P = [mpf(v) for v in P]
        x, tx, n = mpf(x), mpf(tx), mpf(n)
        show(name, loglik(*P, x, tx, n))
        for i, par in enumerate(("alpha", "beta", "gamma", "delta")):
            def fi(v, i=i):
                q = list(P)
                q[i] = v
                return loglik(*q, x, tx, n)
            show(f"{name}_d{par}", diff(fi, P[i]))
    rows = [r for r in range(3) if "hess" in parts or f"hess@{r}" in parts]
    if rows:
        hessian_entries(rows)
    rows = [r for r in range(5) if "pred" in parts or f"pred@{r}" in parts]
    if rows:
        predictions(rows)


def hessian_entries(rows):
    # Hessian entries at a few rows: d2/dalpha2, d2/dgamma ddelta, d2/dbeta ddelta.
    for r, (name, P, x, tx, n) in enumerate((
            ("p1_n100000_x30_tx500", PARAMS["p1"], 30, 500, 100000),
            ("p2_n10000000_x0_tx0", PARAMS["p2"], 0, 0, 10 ** 7),
            ("p4_n1000_x5_tx12", PARAMS["p4"], 5, 12, 1000))):
        if r not in rows:
            continue
        P = [mpf(v) for v in P]
        for (i, j) in ((0, 0), (2, 3), (1, 3)):
            def fij(u, v, i=i, j=j):
                q = list(P)
                q[i] = u
                if i != j:
                    q[j] = v
                return loglik(*q, x, tx, n)
            if i == j:
                h = diff(lambda u: fij(u, None), P[i], 2)
            else:
                h = diff(fij, (P[i], P[j]), (1, 1))
            show(f"{name}_h{i}{j}", h)


def predictions(rows):
    # Predictions of large-n rows: P(alive), E[X(n, n+n*)], DERT at 1% an opportunity.
    for r, (pname, x, tx, n) in enumerate((
            ("p1", 0, 0, 10 ** 5), ("p1", 30, 500, 10 ** 5), ("p2", 7, 7, 10 ** 7),
            ("p1", 100, 9999000, 10 ** 7), ("p5", 40000, 9990000, 10 ** 7))):
        if r not in rows:
            continue
        P = [mpf(v) for v in PARAMS[pname]]
        x, tx, n = mpf(x), mpf(tx), mpf(n)
        name = f"pred_{pname}_n{int(n)}_x{int(x)}_tx{int(tx)}"
        show(f"{name}_palive", p_alive(P, x, tx, n))
        show(f"{name}_cond1000", cond(P, x, tx, n, 1000))
        show(f"{name}_dert", dert(P, x, tx, n, mpf("0.01")))


if __name__ == "__main__":
    main(sys.argv[1:] or list(PARAMS) + ["hess", "pred"])
