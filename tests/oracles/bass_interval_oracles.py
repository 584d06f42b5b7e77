# SPDX-License-Identifier: MIT
"""Bass forecasts and their gradients in (p, q, m), for tests/test_interval_bass.c.

Run: python3 tests/oracles/bass_interval_oracles.py > tests/oracles/bass_interval_oracles.txt
Bass (1969, Management Science 15(5)): F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}),
written here directly with mpmath at 120 digits (the tail at t = 200 needs them: 1 - F is ~1e-56 there) at the exact binary value of each double
input; f(t) = dF/dt and the gradients by mpmath.diff (numerical differentiation at raised
precision, far below the 1e-12 the test asks). Quantities: cumulative m F(t), period
m [F(t) - F(t-1)], rate m f(t).
Output: "name = value" lines: bass<k>_<quantity>_t<i> (the forecast) and ..._g<j> (its
derivative in p, q, m for j = 0, 1, 2).
"""
from mpmath import mp, mpf, exp, diff

mp.dps = 120

# (p, q, m): the published NLS fit of Bass's example data (../shared/refs/published.md),
# a market with q < p (no interior peak), a slow one (small p + q).
PARAMS = [(6.59e-3, 0.638, 6.80e4), (0.03, 0.01, 1000.0), (1e-4, 0.05, 2.5e6)]
TIMES = [0.0, 0.5, 1.0, 2.5, 10.0, 30.0, 200.0]


def F(p, q, t):
    e = exp(-(p + q) * t)
    return (1 - e) / (1 + q / p * e)


def quantity(name, p, q, m, t):
    if name == "cumulative":
        return m * F(p, q, t)
    if name == "period":
        return m * (F(p, q, t) - F(p, q, t - 1))
    return m * diff(lambda u: F(p, q, u), t)


def main():
    for k, th in enumerate(PARAMS):
        p, q, m = (mpf(v) for v in th)
        for name in ("cumulative", "period", "rate"):
            for i, t0 in enumerate(TIMES):
                t = mpf(t0)
                if name == "period" and t < 1:
                    continue
                key = "bass%d_%s_t%d" % (k, name, i)
                print("%s = %s" % (key, mp.nstr(quantity(name, p, q, m, t), 25)))
                g = [diff(lambda x: quantity(name, x, q, m, t), p),
                     diff(lambda x: quantity(name, p, x, m, t), q),
                     diff(lambda x: quantity(name, p, q, x, t), m)]
                for j in range(3):
                    print("%s_g%d = %s" % (key, j, mp.nstr(g[j], 25)))


if __name__ == "__main__":
    main()
