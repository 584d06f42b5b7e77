# SPDX-License-Identifier: MIT
"""High-precision Gamma-Gamma values for tests/test_gg.c (Fader & Hardie 2013, note 025).

Run: python3 tests/oracles/gg_oracles.py > tests/oracles/gg_oracles.txt
The log density of a customer's mean transaction value zbar given x (note, eq. 3) and its
gradient (50-digit numerical differentiation), and the conditional expectation (eq. 5), at
the exact binary value of each double input.
"""
from mpmath import mp, mpf, loggamma, log, diff

mp.dps = 50


def logf(p, q, g, x, z):
    px = p * x
    return (loggamma(px + q) - loggamma(px) - loggamma(q) + q * log(g) + (px - 1) * log(z)
            + px * log(x) - (px + q) * log(g + x * z))


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


NOTE = [mpf(v) for v in (6.25, 3.74, 15.44)]
for x, z in ((2, 22.35), (1, 11.77), (7, 73.74), (29, 299.99), (1000, 35.5), (100000, 12.0)):
    x, z = mpf(x), mpf(z)
    name = f"logf_x{int(x)}_z{float(z):g}"
    show(name, logf(*NOTE, x, z))
    for i, pname in enumerate(("p", "q", "gamma")):
        def f(v, i=i):
            params = list(NOTE)
            params[i] = v
            return logf(*params, x, z)
        show(f"{name}_d{pname}", diff(f, NOTE[i]))
p, q, g = NOTE
for x, z in ((2, 22.35), (1, 11.77), (7, 73.74), (2, 25.55), (100000, 12.0)):
    x, z = mpf(x), mpf(z)
    show(f"spend_x{int(x)}_z{float(z):g}", p * (g + x * z) / (p * x + q - 1))
show("spend_population", p * g / (q - 1))
