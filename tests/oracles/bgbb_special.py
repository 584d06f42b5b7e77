# SPDX-License-Identifier: MIT
"""The special functions behind BG/BB's Euler-Maclaurin tail, for tests/test_bgbb_large_n.c.

Run: python3 tests/oracles/bgbb_special.py > tests/oracles/bgbb_special.txt   (seconds)

mpmath at 40 digits, at the exact binary value of each double input:
  psi_<i>_<k>: psi^(k)(z_i) / k!, the scaled polygamma values of clv__polygamma_scaled();
  lgr2_<j>:    lnG(y+e+d) - lnG(y+d) - lnG(y+e) + lnG(y), clv__lgamma_ratio2(), at 60 digits
               (the four log-gamma values reach 1.6e8 and cancel).
"""
from mpmath import mp, mpf, psi, factorial, loggamma

mp.dps = 40

Z = [0.37, 1.0, 7.5, 39.9, 40.0, 123.4, 1e5, 1e7]
LGR2 = [(1e7, 1e4, 5e6), (32.0, 0.01, 1e7), (0.001, 0.999, 1e7), (12.5, 3.3, 0.5),
        (5.0, 200.0, 3.0), (1000.5, 1000.0, 2.5e4), (40.0, 1e5, 1e7), (10.0, 1e-10, 1e3)]


def main():
    for i, z in enumerate(Z):
        for k in range(1, 17):
            v = psi(k, mpf(z)) / factorial(k)
            print(f"psi_{i}_{k} = {mp.nstr(v, 25)}")
    with mp.workdps(60):
        for j, (y, e, d) in enumerate(LGR2):
            y, e, d = mpf(y), mpf(e), mpf(d)
            v = loggamma(y + e + d) - loggamma(y + d) - loggamma(y + e) + loggamma(y)
            print(f"lgr2_{j} = {mp.nstr(v, 25)}")


if __name__ == "__main__":
    main()
