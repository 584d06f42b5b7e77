# SPDX-License-Identifier: MIT
"""High-precision values for tests/test_value.c (retention-based CLV, payback, rate conversion).

Run: python3 tests/oracles/value_oracles.py > tests/oracles/value_oracles.txt
Each value is an explicit sum or a closed form evaluated with 60 significant digits, at the
exact binary value of each double input (mpf(0.999999) is the double nearest 0.999999), so the
C result can be held to rounding error rather than to the conditioning of the input.
"""
from mpmath import mp, mpf, log, nsum, inf

mp.dps = 60


def clv_sum(m, r, d, n, start):
    """Sum of m q^t over the n margins, q = r/(1+d), t from 0 (start) or 1 (end)."""
    q = mpf(r) / (1 + mpf(d))
    first = 0 if start else 1
    return mpf(m) * q**first * (1 - q**n) / (1 - q)


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


# Retention close to 1 over a long horizon: 1 - q^N loses digits unless formed with expm1.
show("end_r0.999999_d0_N1e6", clv_sum(1, mpf(0.999999), 0, 10**6, False))
show("start_r0.999999_d1e-9_N1e7", clv_sum(1, mpf(0.999999), mpf(1e-9), 10**7, True))
# Tiny discount with retention 1: the sum tends to N (each margin almost undiscounted).
show("end_r1_d1e-12_N1000", clv_sum(1, 1, mpf(1e-12), 1000, False))
# Payback with r = 0.9, d = 0.05, end of period, cac = 500, margin = 100.
q = mpf(0.9) / (1 + mpf(0.05))
share = 500 * (1 - q) / (100 * q)
show("payback_end_r0.9_d0.05_cac500_m100", log(1 - share) / log(q))
# Discount-rate conversion: annual 10% as a monthly rate.
show("monthly_from_annual_10pct", (1 + mpf(0.1)) ** (mpf(1) / 12) - 1)
# Direct sum check of the infinite-horizon end-of-period case, r=0.8, d=0.1.
show("end_inf_r0.8_d0.1_direct", nsum(lambda t: (mpf(0.8) / (1 + mpf(0.1))) ** t, [1, inf]))
