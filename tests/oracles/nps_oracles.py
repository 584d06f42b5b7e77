# SPDX-License-Identifier: MIT
"""High-precision values for tests/test_nps.c (NPS standard error and Wald intervals).

Run: python3 tests/oracles/nps_oracles.py > tests/oracles/nps_oracles.txt
Counts are taken at their exact binary values (mpf(100/3) is the double the test passes), the
variance is p_P + p_D - (p_P - p_D)^2, SE = 100 sqrt(var / n), and the interval is
NPS -/+ z SE with z = Phi^{-1}((1 + level)/2), 30 significant digits.
"""
from mpmath import mp, mpf, sqrt, erfinv

mp.dps = 40


def nps(promoters, passives, detractors):
    p, q, d = mpf(promoters), mpf(passives), mpf(detractors)
    n = p + q + d
    share_p, share_d = p / n, d / n
    var = share_p + share_d - (share_p - share_d) ** 2
    return 100 * (share_p - share_d), 100 * sqrt(var / n)


def interval(promoters, passives, detractors, level):
    score, se = nps(promoters, passives, detractors)
    z = sqrt(2) * erfinv(mpf(level))  # Phi^{-1}((1 + level)/2)
    return score - z * se, score + z * se


def show(name, value):
    print(f"{name} = {mp.nstr(value, 30)}")


show("se_3_2_1", nps(3.0, 2.0, 1.0)[1])
lo, hi = interval(50.0, 100.0 / 3.0, 50.0 / 3.0, 0.95)
show("se_50_33_17", nps(50.0, 100.0 / 3.0, 50.0 / 3.0)[1])
show("interval95_50_33_17_lower", lo)
show("interval95_50_33_17_upper", hi)
lo, hi = interval(3.0, 2.0, 1.0, 0.90)
show("interval90_3_2_1_lower", lo)
show("interval90_3_2_1_upper", hi)
lo, hi = interval(9.0, 0.0, 1.0, 0.95)
show("se_9_0_1", nps(9.0, 0.0, 1.0)[1])
show("interval95_9_0_1_lower", lo)
show("interval95_9_0_1_upper_unclipped", hi)
