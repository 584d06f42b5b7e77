# SPDX-License-Identifier: MIT
"""Fit BG/NBD or Pareto/NBD over a customer table partitioned across Dask workers.

The library's log-likelihood is a sum over customers, so each partition computes its own part
(value and gradient, through the installed Python package libclv) where it lives; the
driver runs libclv's optimizer by reverse communication (libclv.FitDriver: ask for a point,
tell the summed value and gradient) until it says it is done. No data crosses the network
after the partitions are placed on the workers, only four parameters out and five numbers back
per partition and evaluation.

    /usr/bin/python3 examples/dask/dask_fit.py [--model bgnbd|pnbd] [--replicate N]
                                               [--partitions P] [--workers W] [CSV]

CSV holds one customer per line with columns x, t_x, T (a header naming them; other columns
ignored); by default tests/data/cdnow_customers_summary_with_transactions.csv (CDNOW, weeks).
--replicate N repeats the table N times (a bigger data set with the same maximum). The script
prints the distributed fit, then (with --compare) the single-process fit of the same table and
the largest relative difference of the parameters.

Needs Debian's python3-dask and python3-distributed (and python3-numpy) and the package
installed (pip install --no-build-isolation . from the source tree; it carries libclv.so.1).
"""
import argparse
import csv
import os
import sys
import time

import libclv

HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULT_CSV = os.path.join(HERE, "..", "..", "tests", "data",
                           "cdnow_customers_summary_with_transactions.csv")

LOGLIK = {"bgnbd": libclv.bgnbd_loglik, "pnbd": libclv.pnbd_loglik}
FIT = {"bgnbd": libclv.bgnbd_fit, "pnbd": libclv.pnbd_fit}


def read_table(path):
    """Columns x, t_x, T of a CSV with a header, as three lists of floats."""
    x, t_x, T = [], [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            x.append(float(row["x"]))
            t_x.append(float(row["t_x"]))
            T.append(float(row["T"]))
    return x, t_x, T


def partition_loglik(model, params, part):
    """Runs on a worker: the partition's log-likelihood and gradient at params."""
    import libclv as lib  # the worker's own import of the installed package
    table = lib.CustomerTable(part[0], part[1], part[2])
    ll, grad = getattr(lib, model + "_loglik")(params, table)
    return ll, tuple(grad)


def distributed_fit(client, model, parts, tolerance=None):
    """The reverse-communication loop: each point evaluated on every partition, summed."""
    driver = libclv.FitDriver(model, tolerance=tolerance)
    evaluations = 0
    while True:
        point = driver.ask()
        if point is None:
            break
        futures = [client.submit(partition_loglik, model, tuple(point), p, pure=False)
                   for p in parts]
        results = client.gather(futures)
        total = 0.0
        grad = [0.0] * len(point)
        for ll, g in results:
            total += ll
            for k, v in enumerate(g):
                grad[k] += v
        driver.tell(total, grad)
        evaluations += 1
    params, report = driver.result()
    return params, report, evaluations


def split(columns, n_parts, np):
    """The table cut into n_parts contiguous partitions (numpy arrays when numpy is there)."""
    n = len(columns[0])
    parts = []
    for k in range(n_parts):
        lo, hi = k * n // n_parts, (k + 1) * n // n_parts
        if np is not None:
            parts.append(tuple(np.ascontiguousarray(c[lo:hi], dtype=np.float64) for c in columns))
        else:
            parts.append(tuple(list(c[lo:hi]) for c in columns))
    return parts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", nargs="?", default=DEFAULT_CSV)
    ap.add_argument("--model", choices=sorted(LOGLIK), default="bgnbd")
    ap.add_argument("--replicate", type=int, default=1)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--compare", action="store_true",
                    help="also fit in this process and print the largest relative difference")
    args = ap.parse_args(argv)
    if args.replicate < 1 or args.partitions < 1 or args.workers < 1:
        ap.error("--replicate, --partitions and --workers must be >= 1")

    try:
        import numpy as np
    except ImportError:
        np = None
    from dask.distributed import Client, LocalCluster

    x, t_x, T = read_table(args.csv)
    columns = [c * args.replicate for c in (x, t_x, T)]
    if np is not None:
        columns = [np.asarray(c, dtype=np.float64) for c in columns]
    n = len(columns[0])
    print("libclv %s: %s fit of %d customers in %d partitions on %d Dask workers"
          % (libclv.version_string(), args.model, n, args.partitions, args.workers))

    # Workers are separate processes of this interpreter: they import the same installed
    # package (and its own libclv.so.1).
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, host="127.0.0.1") as cluster, \
            Client(cluster) as client:
        # Place the partitions on the workers once; evaluations then ship only parameters.
        parts = client.scatter(split(columns, args.partitions, np))
        t0 = time.perf_counter()
        params, report, evaluations = distributed_fit(client, args.model, parts)
        elapsed = time.perf_counter() - t0
    names = [f for f in params.__dataclass_fields__]
    print("distributed: " + ", ".join("%s %.10g" % (k, getattr(params, k)) for k in names))
    print("  loglik %.6f, %d evaluations, converged %s, %.2f s"
          % (report.loglik, evaluations, report.converged, elapsed))
    if args.compare:
        table = libclv.CustomerTable(*columns)
        t0 = time.perf_counter()
        one, one_report = FIT[args.model](table)
        elapsed = time.perf_counter() - t0
        print("one process: " + ", ".join("%s %.10g" % (k, getattr(one, k)) for k in names))
        print("  loglik %.6f, %.2f s" % (one_report.loglik, elapsed))
        worst = max(abs(getattr(params, k) - getattr(one, k)) / abs(getattr(one, k))
                    for k in names)
        print("largest relative difference %.3g" % worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
