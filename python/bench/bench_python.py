#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Figures for the Python package (printed, never asserted): run with the installed package.

    pip install --no-build-isolation .          # from the source tree, in a venv
    python3 python/bench/bench_python.py [--rows 1e6,1e7] [--customers 1e6] [--repeat 3]

1. rfm_summary on synthetic transaction logs (integer ids, datetime64 days, amounts; 1M and
   10M rows by default) against the same summary in pandas alone (lifetimes' method:
   to_period, group by customer and period, then by customer).
2. Scoring a table of 1M customers (P(alive), expected purchases in 52 periods, Gamma-Gamma
   spend, 12-month CLV) with the package against numpy/scipy closed forms (BG/NBD eq. of
   Fader, Hardie & Lee 2005 with scipy.special.hyp2f1; lifetimes' CLV sum).
3. The Python overhead: each package call against the bare ctypes call it makes
   (libclv.core on arrays prepared beforehand), as a percentage of the C call, and rows/s.
   customer_lifetime_value is one clv_customer_value_rows call for the whole table.
4. Intervals (interval=0.95) on --interval-customers customers: the delta method (one
   clv_interval_rows call) and a 100-draw bootstrap, against the bare C calls.
Times are the best of --repeat runs, wall clock (--clock cpu: the process's CPU time).
"""

import argparse
import math
import time

import numpy as np
import pandas as pd

import libclv
from libclv import core


CLOCK = time.perf_counter


def best(fn, repeat):
    t = math.inf
    out = None
    for _ in range(repeat):
        t0 = CLOCK()
        out = fn()
        t = min(t, CLOCK() - t0)
    return t, out


def log(n, seed=1):
    rng = np.random.default_rng(seed)
    n_cust = max(n // 10, 1)
    cust = rng.integers(0, n_cust, n)
    day = rng.integers(0, 730, n)
    when = np.datetime64("2020-01-01") + day.astype("timedelta64[D]")
    return pd.DataFrame({"customer": cust, "date": when.astype("datetime64[ns]"),
                         "amount": np.round(rng.uniform(1, 200, n), 2)})


def pandas_summary(df):
    """lifetimes' summary_data_from_transaction_data, freq="D", in pandas alone."""
    d = df.assign(period=df["date"].dt.to_period("D"))
    per = d.groupby(["customer", "period"], sort=True)["amount"].sum().reset_index()
    g = per.groupby("customer", sort=True)
    first = g["period"].transform("min")
    end = d["period"].max()
    out = pd.DataFrame({
        "frequency": g.size() - 1.0,
        "recency": (g["period"].max() - g["period"].min()).apply(lambda x: x.n).astype(float),
        "T": (end - g["period"].min()).apply(lambda x: x.n).astype(float),
    })
    repeat = per[per["period"] != first]
    out["monetary_value"] = repeat.groupby("customer")["amount"].mean().reindex(
        out.index).fillna(0.0)
    return out


def numpy_bgnbd(params, x, t_x, T, t):
    """P(alive) and E[X(T, T+t)] of BG/NBD (FHL 2005 eq. 10 and the P(alive) of their
    appendix) with numpy and scipy.special.hyp2f1."""
    from scipy.special import hyp2f1
    r, alpha, a, b = params
    delta = (x > 0).astype(float)
    ratio = (alpha + T) / (alpha + t_x)
    p_alive = 1.0 / (1.0 + delta * (a / (b + x - 1.0)) * ratio ** (r + x))
    z = t / (alpha + T + t)
    hyp = hyp2f1(r + x, b + x, a + b + x - 1.0, z)
    num = (a + b + x - 1.0) / (a - 1.0) * (1.0 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                           * hyp)
    return p_alive, num / (1.0 + delta * (a / (b + x - 1.0)) * ratio ** (r + x))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", default="1e6,1e7")
    ap.add_argument("--customers", type=float, default=1e6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--interval-customers", type=float, default=1e5,
                    help="customers of the interval figures")
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas-only figures")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall clock (default) or this process's CPU time (steadier on a "
                         "shared machine; every step here runs in one thread)")
    args = ap.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    print("libclv %s (%s), pandas %s, numpy %s; %s time" % (
        libclv.version_string(), core.LIBRARY_PATH, pd.__version__, np.__version__,
        args.clock))

    print("\n== rfm_summary (freq D, amounts)")
    for n in (int(float(v)) for v in args.rows.split(",")):
        df = log(n)
        t_pkg, s = best(lambda: libclv.rfm_summary(df, "customer", "date", "amount"),
                        args.repeat)
        # The library alone on plain arrays: clv_rfm_order (its sort) + clv_rfm_summary; and
        # the one C call the package makes (the log gathered in order by numpy first).
        c64 = df["customer"].to_numpy().astype(np.uint64)
        ords = df["date"].to_numpy().astype("datetime64[D]").view(np.int64).astype(float)
        amount = df["amount"].to_numpy()
        t_lib, _ = best(lambda: core.rfm_summary(c64, ords, amount, period=1.0), args.repeat)
        o = np.lexsort((ords, c64))
        c_o, t_o, a_o = c64[o], ords[o], amount[o]
        ident = np.arange(n, dtype=np.uint64)
        t_c, _ = best(lambda: core.rfm_summary(c_o, t_o, a_o, period=1.0, order=ident),
                      args.repeat)
        line = ("%10d rows, %8d customers: package %.3f s, of which the C summary %.3f s "
                "(Python and numpy %.3f s: ids, dates, sort, gather, DataFrame); the library "
                "sorting and summarising alone %.3f s" % (n, len(s), t_pkg, t_c, t_pkg - t_c,
                                                          t_lib))
        if not args.no_pandas:
            t_pd, ref = best(lambda: pandas_summary(df), 1)
            same = np.allclose(ref[["frequency", "recency", "T", "monetary_value"]].to_numpy(),
                               s[["frequency", "recency", "T", "monetary_value"]].to_numpy())
            line += "; pandas alone %.3f s (%.1fx), same numbers: %s" % (t_pd, t_pd / t_pkg,
                                                                        same)
        print(line)
        df = None  # free the log before the next size

    print("\n== scoring %d customers (BG/NBD + Gamma-Gamma at the CDNOW fits)" % args.customers)
    m = int(args.customers)
    rng = np.random.default_rng(2)
    x = rng.poisson(2.0, m).astype(float)
    T = rng.uniform(1.0, 78.0, m)
    t_x = np.where(x > 0, rng.uniform(0.0, 1.0, m) * T, 0.0)
    mv = np.where(x > 0, rng.gamma(6.0, 5.0, m), 0.0)
    table = pd.DataFrame({"frequency": x, "recency": t_x, "T": T, "monetary_value": mv})
    bgf = libclv.BetaGeo((0.2425945, 4.4136019, 0.7929199, 2.4258881))
    ggf = libclv.GammaGamma((6.248802, 3.744588, 15.447748))
    ct = core.CustomerTable(x, t_x, T, monetary=mv)
    bp, gp = bgf._need(), ggf._need()
    steps = [
        ("p_alive", lambda: bgf.p_alive(table), lambda: core.p_alive_rows(bp, ct)),
        ("expected_purchases(52)", lambda: bgf.expected_purchases(52, table),
         lambda: core.expected_purchases_rows(bp, ct, 52)),
        ("expected_spend", lambda: ggf.expected_spend(table),
         lambda: core.gg_expected_spend_rows(gp, ct)),
        ("clv(12 months)", lambda: bgf.customer_lifetime_value(ggf, table, freq="W"),
         lambda: core.customer_value_rows(bp, gp, ct, period=4.345, horizon=12,
                                          discount_rate=0.01, margin=1.0)),
    ]
    total_pkg = total_c = 0.0
    for name, pkg, c in steps:
        t_pkg, _ = best(pkg, args.repeat)
        t_c, _ = best(c, args.repeat)
        total_pkg += t_pkg
        total_c += t_c
        print("%-24s package %.3f s (%.3g rows/s), C call %.3f s, Python overhead %+.1f%%"
              % (name, t_pkg, m / t_pkg, t_c, 100.0 * (t_pkg - t_c) / t_c))
    print("%-24s package %.3f s, C call %.3f s, Python overhead %+.1f%%" % (
        "all four", total_pkg, total_c, 100.0 * (total_pkg - total_c) / total_c))

    # Intervals (interval=0.95): the delta method is one clv_interval_rows call per table;
    # the bootstrap one row-function call per draw (and chunk of rows).
    k = min(m, int(args.interval_customers))
    sub = table.iloc[:k]
    cs = core.CustomerTable(x[:k], t_x[:k], T[:k], monetary=mv[:k])
    cov4 = [[0.0025 * (i == j) * v * v for j in range(4)] for i, v in enumerate(bp)]
    cov3 = [[0.01 * (i == j) * v * v for j in range(3)] for i, v in enumerate(gp)]
    cov7 = [r + [0.0] * 3 for r in cov4] + [[0.0] * 4 + r for r in cov3]
    bgf._report = core.FitReport(0.0, 0.0, (0.0,) * 4, tuple(map(tuple, cov4)), 4, 0, 0,
                                 True, True)
    ggf._report = core.FitReport(0.0, 0.0, (0.0,) * 3, tuple(map(tuple, cov3)), 3, 0, 0,
                                 True, True)
    print("\n== intervals, %d customers (delta: one clv_interval_rows call; covariance: "
          "5%% / 10%% standard errors)" % k)
    isteps = [
        ("p_alive delta", lambda: bgf.p_alive(sub, interval=0.95),
         lambda: core.interval_rows(bp, "p_alive", cov4, cs, scale="logit",
                                    row_status=True)),
        ("expected_purchases(52) delta", lambda: bgf.expected_purchases(52, sub,
                                                                        interval=0.95),
         lambda: core.interval_rows(bp, "expected_purchases", cov4, cs, horizon=52)),
        ("clv(12 months) delta", lambda: bgf.customer_lifetime_value(
            ggf, sub, freq="W", interval=0.95),
         lambda: core.interval_rows(bp, "value", cov7, cs, spend=gp, period=4.345,
                                    value_horizon=12, discount_rate=0.01, margin=1.0)),
        ("p_alive bootstrap x100", lambda: bgf.p_alive(sub, interval=0.95,
                                                       method="bootstrap", draws=100),
         lambda: [core.p_alive_rows(d, cs) for d in core.param_draws_report(
             core.RNG(0), bp, bgf.report, 100)]),
    ]
    for name, pkg, c in isteps:
        t_pkg, _ = best(pkg, 1)
        t_c, _ = best(c, 1)
        print("%-30s package %.3f s (%.3g rows/s), C calls %.3f s, Python %+.1f%%"
              % (name, t_pkg, k / t_pkg, t_c, 100.0 * (t_pkg - t_c) / t_c))
    if not args.no_pandas:
        try:
            import scipy  # noqa: F401
        except ImportError:
            print("numpy/scipy alone: scipy is not installed")
            return

        def numpy_all():
            pa, e52 = numpy_bgnbd(bp, x, t_x, T, 52.0)
            p, q, g = gp
            w = p * x / (p * x + q - 1.0)
            spend = (1 - w) * (p * g / (q - 1.0)) + w * mv
            clv = np.zeros(m)
            prev = np.zeros(m)
            for i in range(1, 13):
                cur = numpy_bgnbd(bp, x, t_x, T, i * 4.345)[1]
                clv += spend * (cur - prev) / 1.01 ** i
                prev = cur
            return pa, e52, spend, clv
        t_np, (pa, e52, spend, clv) = best(numpy_all, 1)
        ok = (np.allclose(pa, bgf.p_alive(table)), np.allclose(e52, bgf.expected_purchases(
            52, table)), np.allclose(clv, bgf.customer_lifetime_value(ggf, table, freq="W")))
        print("numpy/scipy alone (lifetimes' formulas): %.3f s (%.1fx the package); same "
              "numbers (p_alive, E52, clv): %s" % (t_np, t_np / total_pkg, ok))


if __name__ == "__main__":
    main()
