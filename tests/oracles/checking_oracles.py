# SPDX-License-Identifier: MIT
"""High-precision values for tests/test_checking.c (model checking, issue 14).

Run from the repository root:
    python3 tests/oracles/checking_oracles.py > tests/oracles/checking_oracles.txt

Independent of the library: the CDNOW transaction log (tests/data/CDNOW_sample.txt) is
summarised here by its own code (purchase days; calibration to 1997-09-30, day 272 after
1997-01-01; holdout to 1998-06-30, day 545; weeks = days / 7 in double precision, as the test
computes them), and the BG/NBD quantities are written from Fader, Hardie & Lee (2005):
eq. 8 (P(X(t) = x)), eq. 9 (E[X(t)]), eq. 10 (conditional expectation), at 40 digits.
The chi-square survival function is mpmath's regularised upper incomplete gamma, and the
merging rule of clv_chi_square_test() is re-implemented here from its documentation.
"""
import datetime
from collections import defaultdict

from mpmath import mp, mpf, beta, gamma, hyp2f1, gammainc, inf, rf, factorial

mp.dps = 40

# Higher-precision BG/NBD fit of CDNOW (published.md, [T]).
R, ALPHA, A, B = (mpf(v) for v in (0.2425945, 4.4136019, 0.7929199, 2.4258881))
CAL_END, HOLD_END = 272, 545


def show(name, value):
    print(f"{name} = {mp.nstr(value, 20)}")


def pmf(t, x):
    """FHL 2005 eq. 8."""
    t = mpf(t)
    p0 = (beta(A, B + x) / beta(A, B) * rf(R, x) / factorial(x)
          * (ALPHA / (ALPHA + t)) ** R * (t / (ALPHA + t)) ** x)
    if x > 0:
        s = sum(rf(R, j) / factorial(j) * (t / (ALPHA + t)) ** j for j in range(x))
        p0 += beta(A + 1, B + x - 1) / beta(A, B) * (1 - (ALPHA / (ALPHA + t)) ** R * s)
    return p0


def expected_new(t):
    """FHL 2005 eq. 9."""
    t = mpf(t)
    if t == 0:
        return mpf(0)
    return (A + B - 1) / (A - 1) * (1 - (ALPHA / (ALPHA + t)) ** R
                                    * hyp2f1(R, B, A + B - 1, t / (ALPHA + t)))


def expected_cond(x, t_x, T, t):
    """FHL 2005 eq. 10."""
    x, t_x, T, t = mpf(x), mpf(t_x), mpf(T), mpf(t)
    num = (A + B + x - 1) / (A - 1) * (
        1 - ((ALPHA + T) / (ALPHA + T + t)) ** (R + x)
        * hyp2f1(R + x, B + x, A + B + x - 1, t / (ALPHA + T + t)))
    den = 1 + (x > 0) * A / (B + x - 1) * ((ALPHA + T) / (ALPHA + t_x)) ** (R + x)
    return num / den


def chi2_sf(stat, df):
    return gammainc(mpf(df) / 2, mpf(stat) / 2, inf, regularized=True)


def read_log():
    days = defaultdict(set)
    origin = datetime.date(1997, 1, 1)
    with open("tests/data/CDNOW_sample.txt") as f:
        for line in f:
            fields = line.split()
            if not fields:
                continue
            d = datetime.datetime.strptime(fields[2], "%Y%m%d").date()
            days[int(fields[1])].add((d - origin).days)
    rows = []
    for cid in sorted(days):
        ds = sorted(days[cid])
        first = ds[0]
        cal = [d for d in ds if d <= CAL_END]
        hold = [d for d in ds if CAL_END < d <= HOLD_END]
        x = len(cal) - 1
        t_x = (cal[-1] - first) / 7.0
        T = (CAL_END - first) / 7.0
        rows.append((first, x, t_x, T, len(hold)))
    return rows


def merge(expected, observed, min_expected=5.0):
    """clv_chi_square_test()'s rule: add bins in order until the group's expected count
    reaches min_expected; a last group below it joins the one before."""
    groups, ge, go = [], 0, 0
    for e, o in zip(expected, observed):
        ge += e
        go += o
        if ge >= min_expected:
            groups.append([ge, go])
            ge, go = 0, 0
    if ge > 0 or go > 0:
        if groups:
            groups[-1][0] += ge
            groups[-1][1] += go
        else:
            groups.append([ge, go])
    return groups


def main():
    # Chi-square survival function on a grid of degrees of freedom and statistics.
    for df in (0.5, 1, 2, 3, 4, 5, 7, 10, 30, 100, 500, 2000):
        for m in (0.01, 0.3, 1, 2, 5):
            stat = m * df
            show(f"chi2_sf_df{df:g}_x{stat:.17g}", chi2_sf(stat, df))
    for df, stat in ((1, 50), (3, 200), (4, 1000), (10, 1200)):
        show(f"chi2_sf_df{df:g}_x{stat:.17g}", chi2_sf(stat, df))

    rows = read_log()
    print(f"# CDNOW customers: {len(rows)}")
    K = 7
    # Frequency histogram x = 0..6, 7+ at the fit.
    by_T = defaultdict(int)
    actual = [0] * (K + 1)
    for _, x, _, T, _ in rows:
        by_T[T] += 1
        actual[min(x, K)] += 1
    expected = [mpf(0)] * (K + 1)
    for T, n in by_T.items():
        ps = [pmf(T, x) for x in range(K)]
        for x in range(K):
            expected[x] += n * ps[x]
        expected[K] += n * (1 - sum(ps))
    for x in range(K + 1):
        show(f"hist_expected_{x}", expected[x])
        show(f"hist_actual_{x}", actual[x])
    groups = merge(expected, actual)
    stat = sum((o - e) ** 2 / e for e, o in groups)
    df = len(groups) - 1 - 4
    show("hist_groups", len(groups))
    show("hist_chi2", stat)
    show("hist_df", df)
    show("hist_p", chi2_sf(stat, df))

    # Conditional expectations by calibration frequency, 39 holdout weeks.
    cnt, act, pred = [0] * (K + 1), [0] * (K + 1), [mpf(0)] * (K + 1)
    for _, x, t_x, T, h in rows:
        g = min(x, K)
        cnt[g] += 1
        act[g] += h
        pred[g] += expected_cond(x, t_x, T, 39)
    for g in range(K + 1):
        show(f"cond_count_{g}", cnt[g])
        show(f"cond_actual_{g}", mpf(act[g]) / cnt[g])
        show(f"cond_predicted_{g}", pred[g] / cnt[g])

    # Tracking: expected cumulative repeat purchases at weeks 1..78 after 1997-01-01, from
    # each customer's first purchase day (weeks = day / 7).
    births = defaultdict(int)
    for first, *_ in rows:
        births[first / 7.0] += 1
    for week in (1, 10, 39, 52, 78):
        total = sum(n * expected_new(week - b) for b, n in births.items() if week > b)
        show(f"track_expected_week{week}", total)


main()
