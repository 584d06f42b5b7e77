# SPDX-License-Identifier: MIT
"""High-precision values for tests/test_rates.c and tests/test_economics.c (churn and retention).

Run: python3 tests/oracles/churn_oracles.py > tests/oracles/churn_oracles.txt
Every value is a closed form evaluated with 60 significant digits at the exact binary value
of each double input (mpf(0.02) is the double nearest 0.02), so the C result can be held to
rounding error rather than to the conditioning of the input. The formulas are the definitions
in include/churn.h and include/clv.h, written directly (no expm1/log1p tricks are needed at
60 digits).
"""
from mpmath import mp, mpf, log

mp.dps = 60


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


def churn_convert(c, from_length, to_length):
    """1 - c_to = (1 - c_from)^(to/from). 1 - c must not round to 1: 400 working digits keep
    a churn of 1e-300 (300 digits below 1) with 100 digits to spare."""
    with mp.workdps(400):
        k = mpf(to_length) / mpf(from_length)
        return +(1 - (1 - mpf(c)) ** k)


def retention_convert(r, from_length, to_length):
    return mpf(r) ** (mpf(to_length) / mpf(from_length))


def median_lifetime(c):
    """t with (1 - c)^t = 1/2 (400 working digits, as in churn_convert)."""
    with mp.workdps(400):
        return +(log(2) / -log(1 - mpf(c)))


def clv_end(m, r, d, n):
    """Sum_{t=1..n} m q^t with q = r/(1+d); n = None for the infinite horizon."""
    q = mpf(r) / (1 + mpf(d))
    if n is None:
        return mpf(m) * q / (1 - q)
    return mpf(m) * q * (1 - q**n) / (1 - q)


# Monthly churn 2% -> annual (churn.h: "an annual 21.53%").
show("churn_convert_0.02_1_12", churn_convert(0.02, 1, 12))
# Annual 30% -> monthly.
show("churn_convert_0.3_12_1", churn_convert(0.3, 12, 1))
# Tiny churn: 1 - (1 - c)^12 computed naively in doubles loses every digit of c = 1e-12.
show("churn_convert_1e-12_1_12", churn_convert(1e-12, 1, 12))
show("churn_convert_1e-12_12_1", churn_convert(1e-12, 12, 1))
# Churn far below the double epsilon: 1 - c rounds to 1 in doubles.
show("churn_convert_1e-300_1_12", churn_convert(1e-300, 1, 12))
# Weekly from annual with a non-integer ratio (52 weeks vs 365.25/7).
show("churn_convert_0.25_52_1", churn_convert(0.25, 52, 1))
# Retention: quarterly 0.9 to annual (4 quarters) and to a month (1/3 quarter).
show("retention_convert_0.9_1_4", retention_convert(0.9, 1, 4))
show("retention_convert_0.9_3_1", retention_convert(0.9, 3, 1))
# Median lifetimes.
show("median_lifetime_0.1", median_lifetime(0.1))
show("median_lifetime_1e-12", median_lifetime(1e-12))
show("median_lifetime_0.999", median_lifetime(0.999))
show("median_lifetime_1e-300", median_lifetime(1e-300))
# Retention gain over a finite horizon: m = 100, r 0.9 -> 0.95, d = 0.1, 10 periods, end timing.
# r + gain is the double sum 0.9 + 0.05 (Python floats round as C doubles do), as the library
# evaluates the value after at that double.
before = clv_end(100, 0.9, 0.1, 10)
after = clv_end(100, 0.9 + 0.05, 0.1, 10)
show("gain_h10_before", before)
show("gain_h10_after", after)
show("gain_h10_change", after - before)
show("gain_h10_relative", (after - before) / before)
