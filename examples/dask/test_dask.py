# SPDX-License-Identifier: MIT
"""The distributed fit equals the single-process fit: BG/NBD and Pareto/NBD on CDNOW
replicated 100 times (235,700 customers), 8 partitions placed on a LocalCluster of 2 worker
processes, each partition's log-likelihood and gradient computed on its worker through the
ctypes wrapper, the optimizer driven from here by reverse communication.

Asserts: parameters equal the one-call fit of the whole table in this process to 1e-8
relative; both reproduce the published CDNOW fits (Fader, Hardie & Lee 2005: BG/NBD r, alpha,
a, b = 0.243, 4.414, 0.793, 2.426, LL -9582.4; Pareto/NBD 0.553, 10.578, 0.606, 11.669, LL
-9595.0 -- per copy of the data: replication multiplies the log-likelihood by 100 and leaves
the maximum where it was); the fit converged; and the partitions really were evaluated in
both worker processes, never in this one.

Run by check-dask.sh with Debian's /usr/bin/python3 (python3-dask, python3-distributed),
in a fresh virtual environment holding the installed package (python/tests/venv.sh).
"""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dask_fit  # noqa: E402
import libclv  # noqa: E402  (the installed package)

REPLICATE = 100
PUBLISHED = {
    "bgnbd": ({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, -9582.4),
    "pnbd": ({"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}, -9595.0),
}


def worker_pid(part):
    """Runs where a partition lives: that process's id and the partition's length."""
    import os as worker_os
    return worker_os.getpid(), len(part[0])


def package_file(_part):
    """Runs on a worker: which libclv package and library that process imported."""
    import libclv as lib
    return lib.__file__, lib.core.LIBRARY_SOURCE


def round_sig(v, digits):
    return float("%.*g" % (digits, v))


class DaskFitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import numpy as np
        from dask.distributed import Client, LocalCluster
        x, t_x, T = dask_fit.read_table(dask_fit.DEFAULT_CSV)
        cls.columns = [np.asarray(c * REPLICATE, dtype=np.float64) for c in (x, t_x, T)]
        cls.n = len(cls.columns[0])
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=None, host="127.0.0.1")
        cls.client = Client(cls.cluster)
        cls.parts = cls.client.scatter(dask_fit.split(cls.columns, 8, np))

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def test_partitions_live_on_both_workers(self):
        self.assertEqual(self.n, 2357 * REPLICATE)
        where = self.client.gather([self.client.submit(worker_pid, p, pure=False)
                                    for p in self.parts])
        pids = {pid for pid, _ in where}
        self.assertEqual(sum(n for _, n in where), self.n)
        self.assertEqual(len(pids), 2)
        self.assertNotIn(os.getpid(), pids)

    def test_the_installed_package_is_imported(self):
        # Here and on every worker: the package installed in the environment (its own
        # libclv.so.1), never the source tree's python/libclv.
        src = os.path.realpath(os.path.join(HERE, "..", ".."))
        where = [(libclv.__file__, libclv.core.LIBRARY_SOURCE)] + self.client.gather(
            [self.client.submit(package_file, p, pure=False) for p in self.parts])
        for path, source in where:
            path = os.path.realpath(path)
            self.assertFalse(path.startswith(src + os.sep), path)
            self.assertIn(os.sep + "site-packages" + os.sep, path)
            self.assertEqual(source, "bundled")

    def check_model(self, model):
        params, report, evaluations = dask_fit.distributed_fit(self.client, model, self.parts)
        self.assertTrue(report.converged)
        self.assertGreater(evaluations, 5)
        table = libclv.CustomerTable(*self.columns)
        one, one_report = dask_fit.FIT[model](table)
        self.assertTrue(one_report.converged)
        published, ll = PUBLISHED[model]
        for name, value in published.items():
            got, single = getattr(params, name), getattr(one, name)
            self.assertLessEqual(abs(got - single), 1e-8 * abs(single), name)
            self.assertEqual(round_sig(got, 3), round_sig(value, 3), name)
        self.assertAlmostEqual(report.loglik / REPLICATE, ll, delta=0.05)
        self.assertLessEqual(abs(report.loglik - one_report.loglik), 1e-9 * abs(one_report.loglik))

    def test_bgnbd_distributed_equals_single_process(self):
        self.check_model("bgnbd")

    def test_pnbd_distributed_equals_single_process(self):
        self.check_model("pnbd")


if __name__ == "__main__":
    unittest.main(verbosity=2)
