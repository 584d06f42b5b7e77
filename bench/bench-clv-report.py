#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Benchmark: examples/clv-report reading a large transaction log.

Usage: bench/bench-clv-report.py [CLV_REPORT] [ROWS] [CUSTOMERS]
  (defaults build/examples/clv-report, 10,000,000 rows, 1,000,000 customers)

Makes (deterministically, numpy seed 15) a comma-separated log with a header of ROWS rows:
string customer ids of 8-24 characters, none repeating another customer's, customers that
arrive, buy at their own rates and leave (so that the models have something to fit), ISO
date-times with seconds and a "Z", amounts with two decimals, a few refunds; the rows
shuffled (BENCH_ORDER=date: sorted by date, as most exports are, and read in memory that
grows with the customers only). BENCH_KEEP=PATH keeps the log; with BENCH_REUSE=1 too, a log
already there is read instead of made again. Writes it to a temporary file, then runs clv-report on it
(--csv to /dev/null) and prints the wall time, the peak resident memory of clv-report and its
counts, the seconds of each step (--timing: read, rows to customers, fits, scoring) and the
CPU time. Target (issue 15): 10M rows read in under 10 s. On a shared machine the wall times
grow with the load; the CPU times and the --timing split say more.
"""
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

report = sys.argv[1] if len(sys.argv) > 1 else "build/examples/clv-report"
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
customers = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000

rng = np.random.default_rng(15)
alphabet = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "u1")
# Ids: a random prefix of 4-20 letters and the customer's number (so none repeats).
lengths = rng.integers(4, 21, size=customers)
prefixes = rng.choice(alphabet, size=(customers, 20))
ids = [prefixes[i, :lengths[i]].tobytes().decode() + "-%d" % i for i in range(customers)]
# Customers who buy at different rates and leave at different times (the heterogeneity and
# dropout the purchase models describe; a log of identical customers has nothing to fit):
# each arrives in the first year, stays an exponential time (mean 1 year, longer for some),
# and buys at a gamma-distributed rate while there; every customer has its first row at its
# arrival.
day_s = 86400
birth = rng.integers(0, 365 * day_s, size=customers)
stay = rng.exponential(365 * day_s, size=customers) * rng.gamma(2.0, 0.5, size=customers)
window = np.minimum(birth + stay, 2 * 365 * day_s) - birth
weight = rng.gamma(0.6, 1.0, size=customers) * window
who = rng.choice(customers, size=rows, p=weight / weight.sum())
who[:customers] = np.arange(customers)  # every customer has a row
start = np.datetime64("2022-01-01T00:00:00")
seconds = birth[who] + (rng.random(rows) * window[who]).astype(np.int64)
seconds[:customers] = birth  # the first purchase at the arrival
stamps = np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s")
amounts = np.round(rng.gamma(2.0, 20.0, size=rows), 2)
amounts[rng.random(rows) < 0.01] *= -1.0  # refunds
order = rng.permutation(rows)
if os.environ.get("BENCH_ORDER") == "date":
    order = np.argsort(seconds, kind="stable")

t0 = time.time()
keep = os.environ.get("BENCH_KEEP")  # a path to keep the generated log at
with tempfile.TemporaryDirectory() as tmp:
    path = keep or os.path.join(tmp, "log.csv")
    reuse = keep and os.environ.get("BENCH_REUSE") and os.path.exists(keep)
    if not reuse:  # BENCH_REUSE=1: the log kept by an earlier run with the same settings
        with open(path, "w") as f:
            f.write("customer_id,timestamp,amount\n")
            step = 1_000_000
            for a in range(0, rows, step):
                idx = order[a:a + step]
                f.write("".join("%s,%sZ,%.2f\n" % (ids[w], s, v) for w, s, v in
                                zip(who[idx], stamps[idx], amounts[idx])))
    size = os.path.getsize(path)
    print("%s %d rows, %d customers, %.1f MB in %.1f s" % (
        "reused" if reuse else "generated", rows, customers, size / 1e6, time.time() - t0))
    del ids, who, stamps, amounts, order, prefixes, lengths
    # Peak RSS by GNU time: getrusage(RUSAGE_CHILDREN) would count the fork of this big
    # Python process too.
    t1 = time.time()
    p = subprocess.run(["/usr/bin/time", "-f", "cpu %U user %S sys\npeak-rss-kb %M", report,
                        "--timing", "--csv", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.time() - t1
    err = p.stderr.decode()
    peak = float(err.rsplit("peak-rss-kb ", 1)[1].split()[0]) / 1024.0
    for line in err.splitlines():
        if ("rows used" in line or "purchase days" in line or "timing" in line or
                line.startswith("cpu ")):
            print("  " + line)
    print("clv-report: exit %d, %.2f s wall, peak RSS %.0f MB (%.1f bytes a row; %.0f MB "
          "for the file)" % (p.returncode, wall, peak, peak * 1048576.0 / rows, size / 1048576))
    sys.exit(p.returncode)
