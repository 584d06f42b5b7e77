# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Tests of the ctypes core of the installed package, libclv.core (python/libclv/_core.py;
unittest, standard library only). Run by check-python.sh in a fresh venv holding the wheel:

    python3 examples/python/test_libclv.py      # CLV_LIBRARY=/path/to/libclv.so.1 optional

Environment:
    LIBCLV_BLOCK_NUMPY=1   make `import numpy` fail before libclv is imported, so the
                           standard-library path is tested even where numpy is installed;
    LIBCLV_REQUIRE_NUMPY=1 fail (rather than skip) the numpy tests when numpy is missing;
    CLV_REPORT             path of the built examples/clv-report, whose output the CDNOW
                           script must reproduce.

Values asserted: published numbers at the digits their sources print (refs: Fader, Hardie &
Lee 2005; Fader, Hardie & Shang 2010; Fader & Hardie 2007; Bass 1969 / R nls; Gupta &
Lehmann 2003; the NPS and Kaplan-Meier textbook examples), values computed here from
closed forms, and exact (bit-for-bit) equality between the numpy and list paths.
"""

import array
import csv
import ctypes
import decimal
import fractions
import math
import os
import re
import subprocess
import sys
import unittest

if os.environ.get("LIBCLV_BLOCK_NUMPY") == "1":
    sys.modules["numpy"] = None  # `import numpy` now raises ImportError

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(SOURCE_ROOT, "tests", "data")
from libclv import core as libclv  # noqa: E402  (the installed package, never a path)

try:
    import numpy as np
except ImportError:
    np = None

NEED_NUMPY = unittest.skipIf(np is None and os.environ.get("LIBCLV_REQUIRE_NUMPY") != "1",
                             "numpy is not available")


def cdnow_columns():
    with open(os.path.join(DATA, "cdnow_customers_summary_with_transactions.csv")) as f:
        rows = list(csv.DictReader(f))
    return tuple([float(r[k]) for r in rows] for k in ("x", "t_x", "T", "zbar"))


CDNOW = cdnow_columns()


def cdnow_table(**kw):
    x, t_x, T, zbar = CDNOW
    return libclv.CustomerTable(x, t_x, T, monetary=zbar, **kw)


class Loading(unittest.TestCase):
    def test_library_is_the_one_asked_for(self):
        want = os.environ.get("CLV_LIBRARY")
        if want:
            self.assertEqual(libclv.LIBRARY_SOURCE, "CLV_LIBRARY")
            self.assertEqual(libclv.LIBRARY_PATH, want)
        else:  # the package's own copy, next to the module
            self.assertEqual(libclv.LIBRARY_SOURCE, "bundled")
            self.assertEqual(os.path.dirname(libclv.LIBRARY_PATH),
                             os.path.dirname(os.path.abspath(libclv.__file__)))
        self.assertEqual(libclv.version() // 10000, 1)
        self.assertRegex(libclv.version_string(), r"^1\.\d+\.\d+$")

    def test_pkg_config_when_system_is_asked_for(self):
        want = os.environ.get("CLV_LIBRARY")
        if not want or not os.environ.get("PKG_CONFIG_PATH"):
            self.skipTest("needs the staged install (CLV_LIBRARY and PKG_CONFIG_PATH)")
        env = dict(os.environ)
        env["CLV_LIBRARY"] = "system"
        out = subprocess.run(
            [sys.executable, "-c", "import libclv; print(libclv.LIBRARY_SOURCE); "
             "print(libclv.LIBRARY_PATH)"], cwd=HERE, env=env, capture_output=True, text=True,
            check=True).stdout.split()
        self.assertEqual(out[0], "pkg-config")
        self.assertEqual(os.path.realpath(out[1]), os.path.realpath(want))

    def test_clear_error_when_nothing_is_found(self):
        import ctypes.util
        if ctypes.util.find_library("clv"):
            self.skipTest("a system-wide libclv is installed")
        env = {k: v for k, v in os.environ.items()
               if k not in ("CLV_LIBRARY", "LD_LIBRARY_PATH")}
        env.update(PKG_CONFIG_PATH="/nonexistent", PKG_CONFIG_LIBDIR="/nonexistent",
                   CLV_LIBRARY="system")  # not the package's own copy
        r = subprocess.run([sys.executable, "-c", "import libclv"], cwd=HERE, env=env,
                           capture_output=True, text=True, check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("LibraryNotFoundError", r.stderr)
        self.assertIn("CLV_LIBRARY", r.stderr)


class Coverage(unittest.TestCase):
    """Every exported symbol is bound, with the header's number of arguments, and reachable
    through a Python function or method."""

    def test_every_symbol_of_the_map_is_bound(self):
        with open(os.path.join(SOURCE_ROOT, "lib", "libclv.map")) as f:
            exported = set(re.findall(r"^\s+(clv_\w+);", f.read(), re.M))
        self.assertEqual(len(exported), 176)
        self.assertEqual(set(libclv.BOUND), exported)
        self.assertEqual(set(libclv.C_API), exported)

    def test_every_python_name_exists(self):
        for c_name, py_names in libclv.C_API.items():
            for name in py_names:
                obj = libclv
                for part in name.split("."):
                    obj = getattr(obj, part, None)
                self.assertTrue(callable(obj), "%s (for %s) is not callable" % (name, c_name))

    def test_argument_counts_match_the_headers(self):
        text = ""
        for h in ("clv.h", "churn.h", "referral.h"):
            with open(os.path.join(SOURCE_ROOT, "include", h)) as f:
                text += f.read()
        protos = dict(re.findall(r"CLV_API [^;(]*?\b(clv_\w+)\(([^)]*)\);", text))
        self.assertEqual(set(protos), set(libclv.BOUND))
        for name, args in protos.items():
            n = 0 if args.strip() == "void" else args.count(",") + 1
            self.assertEqual(len(libclv.BOUND[name].argtypes), n, name)


class Errors(unittest.TestCase):
    def test_bad_row_is_edom_with_the_library_message(self):
        t = libclv.CustomerTable([1, 2, -1, 0], [1, 2, 0, 0], [3, 3, 3, 3])
        with self.assertRaises(libclv.ClvError) as cm:
            libclv.bgnbd_loglik((1, 1, 1, 1), t)
        e = cm.exception
        self.assertIsInstance(e, libclv.ClvDomainError)
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.status, -2)
        self.assertEqual(e.status, libclv.constant("CLV_EDOM"))
        self.assertEqual(e.name, "CLV_EDOM")
        self.assertEqual(e.message, libclv.BOUND["clv_strerror"](-2).decode())
        self.assertIn(e.message, str(e))
        self.assertEqual(e.index, 2)
        with self.assertRaises(libclv.ClvDomainError) as cm:
            t.check()
        self.assertEqual(cm.exception.index, 2)

    def test_errors_carry_the_librarys_diagnostic(self):
        # issue 15: the row, field and rule of a refused table, and the library's sentence
        t = libclv.CustomerTable([0, 2, 1], [0, 5, 3], [6, 6, 6], monetary=[0, 20, 0])
        with self.assertRaises(libclv.ClvDomainError) as cm:
            t.check(need_monetary=True)
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual((e.row, e.index), (2, 2))
        self.assertEqual(e.field, "CLV_FIELD_MONETARY")
        self.assertEqual(e.rule, "CLV_RULE_NOT_POSITIVE")
        self.assertEqual(e.detail, "row 2: monetary is 0, must be > 0 where x > 0")
        self.assertIn(e.detail, str(e))
        self.assertEqual(e.diag.value, 0.0)
        # the Gamma-Gamma fit's refusal of a $0 spend names the row and the rule
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.gg_fit(t)
        self.assertEqual(cm.exception.detail, "row 2: monetary is 0, must be > 0 where x > 0")
        self.assertEqual(cm.exception.function, "clv_gg_fit")
        # a log-likelihood on a bad table names the row too
        bad = libclv.CustomerTable([1, 0], [1, 2], [3, 3])
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.bgnbd_loglik((1, 1, 1, 1), bad)
        self.assertEqual(cm.exception.rule, "CLV_RULE_RECENCY_WITHOUT_REPEAT")
        self.assertEqual(cm.exception.row, 1)

    def test_fit_diagnostics_for_eident_and_enoconv(self):
        t = libclv.CustomerTable([1, 2], [1, 2], [3, 3], weight=[0, 0])
        with self.assertRaises(libclv.ClvIdentError) as cm:
            libclv.bgnbd_fit(t)
        self.assertEqual(cm.exception.rule, "CLV_RULE_NO_INFORMATION")
        self.assertIsNone(cm.exception.row)
        spend = libclv.CustomerTable([0, 0], [0, 0], [3, 3], monetary=[0, 0])
        with self.assertRaises(libclv.ClvIdentError) as cm:
            libclv.gg_fit(spend)
        self.assertEqual(cm.exception.rule, "CLV_RULE_NO_REPEAT_BUYER")
        with self.assertRaises(libclv.ClvNoConvergenceError) as cm:
            libclv.bgnbd_fit(cdnow_table(), max_iterations=1)
        e = cm.exception
        self.assertEqual(e.rule, "CLV_RULE_NOT_CONVERGED")
        self.assertEqual(e.diag.value, e.report.gradient_norm)
        self.assertGreater(e.diag.value, e.diag.limit)
        self.assertTrue(e.detail.startswith("fit did not converge: gradient norm "))

    def test_sbg_and_bass_errors_carry_the_librarys_diagnostic(self):
        # issue 15: sBG's data checks name the cohort and period (row = cohort 2^32 + t) or
        # the duration row; the Bass fit names counts[i], a bad option, or why it stopped
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.sbg_fit_cohorts([[1000, 900, 800], [1000, 600, 700]])
        e = cm.exception
        self.assertEqual((e.field, e.rule, e.row), ("CLV_FIELD_ALIVE", "CLV_RULE_INCREASING",
                                                    (1 << 32) + 2))
        self.assertEqual((e.diag.value, e.diag.limit), (700.0, 600.0))
        self.assertEqual(e.detail, "cohort 1, alive[2]: alive is 700, above the count before "
                                   "it, 600: survivors cannot increase")
        self.assertEqual(e.function, "clv_sbg_fit_cohorts")
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.sbg_fit(libclv.DurationTable([1, 2.5, 3], [1, 1, 0]))
        self.assertEqual(cm.exception.detail, "row 1: duration is 2.5, must be a whole number")
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.bass_fit([10, 20, -5, 30])
        e = cm.exception
        self.assertEqual((e.field, e.rule, e.row), ("CLV_FIELD_ADOPTERS", "CLV_RULE_NEGATIVE", 2))
        self.assertEqual(e.detail, "counts[2]: adopters is -5, must be >= 0")
        self.assertIn(e.detail, str(e))
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.bass_fit([0, 0, 0, 0])
        self.assertEqual(cm.exception.rule, "CLV_RULE_ALL_ZERO")
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.bass_fit([10, 20, 5, 30], tolerance=0.5)
        self.assertEqual(cm.exception.detail, "tolerance is 0.5, must be <= 0.01")
        counts = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
        with self.assertRaises(libclv.ClvNoConvergenceError) as cm:
            libclv.bass_fit(counts, max_iterations=1)
        e = cm.exception
        self.assertEqual((e.field, e.rule), ("CLV_FIELD_TOLERANCE", "CLV_RULE_NOT_CONVERGED"))
        self.assertGreater(e.diag.value, e.diag.limit)
        self.assertEqual(e.diag.limit, 1e-10)
        self.assertTrue(e.detail.startswith("fit did not converge: the last full Newton step"))
        self.assertIsNotNone(e.params)

    def test_till_and_log_errors_say_what_and_where(self):
        s = libclv.RFMState()
        s.update(10.0, 5.0)
        s.update(15.5, 7.0)
        with self.assertRaises(libclv.ClvInvalidError) as cm:
            s.update(12.0, 3.0)
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.rule, "CLV_RULE_OUT_OF_ORDER")
        self.assertEqual(e.detail, "purchase at 12 precedes the customer's last purchase at "
                                   "15.5 (purchases must come in time order)")
        self.assertEqual(s.purchases, 2.0)  # unchanged
        with self.assertRaises(libclv.ClvInvalidError) as cm:
            s.update(12.0, 3.0, diag=False)
        self.assertIsNone(cm.exception.detail)
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.rfm_summary([1, 1, 2], [0.0, 1.0, 2.0], [5.0, math.nan, 1.0])
        e = cm.exception
        self.assertEqual((e.row, e.index), (1, 1))
        self.assertEqual(e.detail, "transaction 1: amount is NaN, must be a finite number")

    def test_other_statuses(self):
        with self.assertRaises(libclv.ClvDomainError):
            libclv.bgnbd_p_alive((1, 1, 1, 1), math.nan, 0, 1)
        with self.assertRaises(libclv.ClvInvalidError) as cm:
            libclv.bgnbd_loglik((1, 1, 1, 1), libclv.CustomerTable([], [], []))
        self.assertEqual(cm.exception.name, "CLV_EINVAL")
        with self.assertRaises(libclv.ClvDivergeError):
            libclv.retention_value(1.0, 1.0, 0.0)
        with self.assertRaises(TypeError):
            libclv.bgnbd_p_alive(libclv.PNBDParams(1, 1, 1, 1), 0, 0, 1)
        with self.assertRaises(ValueError):
            libclv.CustomerTable([1, 2], [0], [1, 2])

    def test_no_convergence_keeps_the_best_point(self):
        t = cdnow_table()
        with self.assertRaises(libclv.ClvNoConvergenceError) as cm:
            libclv.bgnbd_fit(t, max_iterations=1)
        e = cm.exception
        self.assertEqual(e.status, libclv.ENOCONV)
        self.assertIsInstance(e.params, libclv.BGNBDParams)
        self.assertFalse(e.report.converged)
        self.assertEqual(e.report.iterations, 1)
        # The reported log-likelihood is the one at the returned point.
        self.assertEqual(e.report.loglik, libclv.bgnbd_loglik(e.params, t)[0])

    def test_progress_callback_sees_iterations_and_cancels(self):
        seen = []

        def progress(iteration, loglik, params):
            seen.append((iteration, loglik, params))
            return iteration == 3
        with self.assertRaises(libclv.ClvCanceledError) as cm:
            libclv.bgnbd_fit(cdnow_table(), progress=progress)
        self.assertEqual([s[0] for s in seen], [1, 2, 3])
        self.assertTrue(all(len(s[2]) == 4 for s in seen))
        self.assertEqual(cm.exception.report.iterations, 3)
        self.assertEqual(tuple(cm.exception.params), seen[-1][2])

    def test_work_callbacks_cancel_value_rows_markov_and_bass(self):
        # customer_value_rows: (done, total) every 8 rows and after the last
        t = libclv.CustomerTable([2, 1, 0] * 10, [30, 20, 0] * 10, [39] * 30,
                                 monetary=[10, 20, 10] * 10)
        model = libclv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
        calls = []
        values = libclv.customer_value_rows(model, None, t, progress=lambda d, n: calls.append(
            (d, n)) and False)
        self.assertEqual(calls[0], (8, len(values)))
        self.assertEqual(calls[-1], (len(values), len(values)))
        with self.assertRaises(libclv.ClvCanceledError):
            libclv.customer_value_rows(model, None, t, progress=lambda d, n: d >= 16)
        with self.assertRaises(KeyError):
            libclv.customer_value_rows(model, None, t, progress=lambda d, n: {}[d])
        # markov_value: every 2^20 / n^2 steps of a finite horizon
        n = 64
        P = [[1.0 / n] * n for _ in range(n)]
        R = [1.0] * n
        steps = []
        v = libclv.markov_value(P, R, 0.0, 1000, progress=lambda d, m: steps.append(d) and False)
        self.assertEqual(steps, [256, 512, 768])
        self.assertEqual(v, libclv.markov_value(P, R, 0.0, 1000))
        with self.assertRaises(libclv.ClvCanceledError):
            libclv.markov_value(P, R, 0.0, 1000, progress=lambda d, m: True)
        # bass_fit: the fits' progress, a cancel raises
        counts = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
        seen = []
        libclv.bass_fit(counts, progress=lambda i, ll, p: seen.append((i, p)) and False)
        self.assertTrue(seen and all(len(p) == 3 for i, p in seen))
        with self.assertRaises(libclv.ClvCanceledError):
            libclv.bass_fit(counts, progress=lambda i, ll, p: i >= 1)

    def test_exception_in_callback_is_reraised(self):
        def progress(iteration, loglik, params):
            raise KeyError("from the callback")
        with self.assertRaises(KeyError):
            libclv.bgnbd_fit(cdnow_table(), progress=progress)
        drv = libclv.FitDriver("bgnbd", progress=progress)
        t = cdnow_table()
        with self.assertRaises(KeyError):
            while (point := drv.ask()) is not None:
                drv.tell(*libclv.bgnbd_loglik(point, t))
            drv.result()


class Conversions(unittest.TestCase):
    """Every value bound for C is checked for kind and range by the wrapper's converters
    (_int by C type, _real, _array_in / _matrix_in): TypeError, ValueError or OverflowError
    instead of a value ctypes would truncate or wrap."""

    def test_negative_counts_raise_instead_of_reaching_c_as_size_max(self):
        # nps_by_segment(..., -1) and wom_generations(..., -1) used to pass SIZE_MAX to C,
        # which wrote past the one-element buffer allocated here (SIGSEGV).
        with self.assertRaises(ValueError):
            libclv.nps_by_segment([10, 9, 0], [0, 1, 0], -1)
        wom = libclv.WOMParams(conversion=0.1, deterrence=0.05)
        with self.assertRaises(ValueError):
            libclv.wom_generations(wom, 0.8, 100, 20, -1)
        for call in (lambda: libclv.sbg_project((1, 1), 100, -1),
                     lambda: libclv.bass_forecast((0.01, 0.4, 1000), 0, -1),
                     lambda: libclv.km_workspace_size(-1),
                     lambda: libclv.markov_workspace_size(-1)):
            with self.assertRaises(ValueError):
                call()
        # The valid calls: segment 0 has one promoter and one detractor (NPS 0), segment 1
        # one promoter (100); one generation of word of mouth wins k_s c S = 5 x 0.1 x 100.
        segs = libclv.nps_by_segment([10, 9, 0], [0, 1, 0], 2)
        self.assertEqual([s.nps for s in segs], [0, 100])
        gens = libclv.wom_generations(wom, 0.8, 100, 20, 1)
        self.assertEqual(len(gens), 1)
        self.assertAlmostEqual(gens[0].customers_won, 50, delta=1e-12)
        with self.assertRaises(libclv.ClvInvalidError):  # the library's own rule: >= 1
            libclv.wom_generations(wom, 0.8, 100, 20, 0)

    def test_integers_out_of_range_are_not_truncated(self):
        # A Kaplan-Meier event flag of 2**32 + 1 became 1 (an event) through int32.
        with self.assertRaises(OverflowError):
            libclv.km_estimate([1.0, 2.0], [2 ** 32 + 1, 0])
        with self.assertRaises(OverflowError):
            libclv.km_estimate([1.0, 2.0], [-2 ** 31 - 1, 0])
        # A customer id of -1 became 2**64 - 1.
        with self.assertRaises(ValueError) as cm:
            libclv.rfm_summary([-1, 2], [0.0, 1.0])
        self.assertIn("customer[0]", str(cm.exception))
        with self.assertRaises(OverflowError):
            libclv.rfm_summary([2 ** 64, 2], [0.0, 1.0])
        s = libclv.rfm_summary([2 ** 64 - 1, 2], [0.0, 1.0])  # the largest id is kept whole
        self.assertEqual(s.customer, [2, 2 ** 64 - 1])
        # max_iterations=-1 became 4294967295.
        sales = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
        for bad, error in ((-1, ValueError), (2 ** 32, OverflowError)):
            with self.assertRaises(error):
                libclv.bass_fit(sales, max_iterations=bad)
            with self.assertRaises(error):
                libclv.gg_fit(cdnow_table(), max_iterations=bad)
            with self.assertRaises(error):
                libclv.FitDriver("bgnbd", max_iterations=bad)
        with self.assertRaises(OverflowError):
            libclv.nps_by_segment([10, 9], [0, 2 ** 32])  # uint32 segment ids
        with self.assertRaises(ValueError):
            libclv.churn_reason_ratio([5, 1, 1, 0, 2], -1, 2)  # size_t reason index
        with self.assertRaises(OverflowError):
            libclv.retention_value(1, 0.8, 0.1, timing=2 ** 31)  # int flag
        with self.assertRaises(OverflowError):
            libclv.strerror(2 ** 31)
        # In range, the same calls give the real values.
        self.assertEqual([r.events for r in libclv.km_estimate([1.0, 2.0], [1, 0]).rows],
                         [1])
        self.assertEqual(libclv.churn_reason_ratio([5, 1, 1, 0, 2], 0, 2), 5)

    def test_kinds_are_checked(self):
        with self.assertRaises(TypeError):
            libclv.sbg_project((1, 1), 100, 3.0)  # a count is an integer, not a float
        with self.assertRaises(TypeError):
            libclv.nps_by_segment([10, 9], [0, 1], 2.0)
        with self.assertRaises(TypeError):
            libclv.kfactor("4", 0.25)  # no strings for numbers
        with self.assertRaises(TypeError):
            libclv.kfactor(4, 0.25 + 0j)  # no complex numbers
        with self.assertRaises(TypeError):
            libclv.kfactor(None, 0.25)
        with self.assertRaises(TypeError):
            libclv.CustomerTable(["1", 2], [0, 1], [3, 3])
        with self.assertRaises(TypeError):
            libclv.CustomerTable([1j, 2], [0, 1], [3, 3])
        with self.assertRaises(TypeError):
            libclv.CustomerTable([None, 2], [0, 1], [3, 3])
        with self.assertRaises(TypeError):
            libclv.CustomerTable(5, [0], [3])  # not a sequence
        with self.assertRaises(TypeError):
            libclv.km_estimate([1.0, 2.0], [1.0, 0.0])  # event flags are integers
        with self.assertRaises(TypeError):
            libclv.bgnbd_p_alive("1234", 2, 30.43, 38.86)  # params from a string
        with self.assertRaises(TypeError):
            libclv.bgnbd_p_alive(libclv.BGNBDParams(0.243, 4.414, 0.793, "2.426"), 2, 30, 38)
        with self.assertRaises(TypeError):
            libclv.churn_economics(churned_customers="10", purchase_new=1, purchase_loyal=1,
                                   loyal_periods=1, profit_loyal=1, acquisition_spend=1,
                                   new_customers=1, rework_cost=0)
        # Exact real kinds are accepted: Fraction, Decimal, bool flags, int for a double.
        self.assertEqual(libclv.kfactor(fractions.Fraction(4), decimal.Decimal("0.25")), 1.0)
        self.assertEqual(libclv.kfactor_customers(100, 5, 0.25, 3), 576.5625)
        a = libclv.km_estimate([1.0, 2.0, 3.0], [True, False, True])
        b = libclv.km_estimate([1.0, 2.0, 3.0], [1, 0, 1])
        self.assertEqual(a.rows, b.rows)
        self.assertEqual([r.survival for r in b.rows], [2 / 3, 0.0])

    def test_nested_sequences_are_not_flattened(self):
        with self.assertRaises(ValueError):
            libclv.CustomerTable([[1, 2], [0, 0]], [1, 2, 0, 0], [3, 3, 3, 3])
        with self.assertRaises(ValueError):
            libclv.nps_from_scores([[10, 9], [0, 5]])
        with self.assertRaises(ValueError):
            libclv.rfm_summary([[1, 2]], [0.0, 1.0])
        # A transition matrix is the one 2-D input: n rows of n, or n * n flat, no other.
        P, R = [[0.5, 0.5], [0.2, 0.8]], [10.0, -1.0]
        want = libclv.markov_value(P, R, 0.1)
        self.assertEqual(libclv.markov_value([0.5, 0.5, 0.2, 0.8], R, 0.1), want)
        self.assertEqual([round(v, 6) for v in want], [34.375, 19.25])
        with self.assertRaises(ValueError):
            libclv.markov_value([[0.5, 0.5, 0.2], [0.8]], R, 0.1)  # ragged, 4 in all
        with self.assertRaises(ValueError):
            libclv.markov_value([[0.5, 0.5, 0.2, 0.8]], R, 0.1)  # 1 x 4

    def test_fit_driver_tell_needs_the_gradient(self):
        # clv_fit_tell reads a gradient; a finite log-likelihood told without one became a
        # zero gradient, and the fit "converged" at its start (1, 1, 1).
        t = cdnow_table()
        drv = libclv.FitDriver("gg")
        point = drv.ask()
        with self.assertRaises(TypeError):
            drv.tell(libclv.gg_loglik(point, t)[0])
        with self.assertRaises(TypeError):
            drv.tell(-5.0, "abc")
        with self.assertRaises(TypeError):
            drv.tell(-5.0, [1j, 0, 0])
        with self.assertRaises(ValueError):
            drv.tell(-5.0, [1.0, 2.0])
        with self.assertRaises(TypeError):
            drv.tell("-5.0", [0.0, 0.0, 0.0])
        self.assertEqual(drv.ask(), point)  # nothing was told
        drv.tell(*libclv.gg_loglik(point, t))
        # A point that cannot be evaluated is told as -inf, without a gradient: the
        # optimizer steps back, and the fit still reaches Fader & Hardie's 6.25, 3.74, 15.44.
        self.assertIsNotNone(drv.ask())
        drv.tell(-math.inf)
        while (point := drv.ask()) is not None:
            drv.tell(*libclv.gg_loglik(point, t))
        params, report = drv.result()
        self.assertTrue(report.converged)
        self.assertEqual([round(v, 2) for v in params[:2]], [6.25, 3.74])
        self.assertAlmostEqual(params.gamma, 15.44, delta=0.01)

    def test_constant_rejects_a_name_with_nul(self):
        # The C function reads the name up to its NUL: "CLV_EDOM\0junk" returned CLV_EDOM.
        with self.assertRaises(ValueError):
            libclv.constant("CLV_EDOM\0junk")
        with self.assertRaises(TypeError):
            libclv.constant(b"CLV_EDOM")
        with self.assertRaises(KeyError):
            libclv.constant("CLV_\u00c9DOM")
        with self.assertRaises(KeyError):
            libclv.constant("CLV_NO_SUCH_CONSTANT")
        self.assertEqual(libclv.constant("CLV_EDOM"), -2)

    def test_gamma_gamma_needs_no_t_x_or_T(self):
        # Fader & Hardie (2013) on CDNOW from x and mean spend alone: the same fit.
        x, _, _, zbar = CDNOW
        spend_only = libclv.CustomerTable(x, None, None, monetary=zbar)
        self.assertIsNone(spend_only.t_x)
        params, report = libclv.gg_fit(spend_only)
        self.assertEqual((params, report), libclv.gg_fit(cdnow_table()))
        self.assertEqual([round(v, 2) for v in params[:2]], [6.25, 3.74])
        # No repeat customer: nothing identifies the model, and the fit says so.
        with self.assertRaises(libclv.ClvIdentError):
            libclv.gg_fit(libclv.CustomerTable([0, 0, 0], None, None, monetary=[0, 0, 0]))


class PublishedValues(unittest.TestCase):
    def test_bgnbd_cdnow_fhl2005(self):
        # Fader, Hardie & Lee (2005): r, alpha, a, b = 0.243, 4.414, 0.793, 2.426; LL -9582.4.
        params, report = libclv.bgnbd_fit(cdnow_table())
        self.assertEqual([round(v, 3) for v in params], [0.243, 4.414, 0.793, 2.426])
        self.assertEqual(round(report.loglik, 1), -9582.4)
        self.assertTrue(report.converged and report.covariance_ok)
        self.assertEqual(len(report.std_error), 4)
        self.assertAlmostEqual(report.covariance[1][0], report.covariance[0][1], delta=1e-15)
        self.assertAlmostEqual(report.std_error[0] ** 2, report.covariance[0][0], delta=1e-15)
        # The worked example (Hardie's sheet): x=2, t_x=30.43, T=38.86 -> E[X(39)] = 1.226.
        self.assertEqual(round(libclv.bgnbd_expected_purchases(params, 2, 30.43, 38.86, 39), 3),
                         1.226)
        # DERT at 15% a year in weeks, at the paper's parameters: 5.16955392843752338 by two
        # mpmath methods (tests/oracles/grid_dert.py, its first case).
        paper = libclv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
        self.assertAlmostEqual(libclv.bgnbd_dert(paper, 2, 30.43, 38.86, math.log(1.15) / 52),
                               5.16955392843752338, delta=1e-12)
        # P(alive) of the same customer against FHL's note 021 closed form.
        r, alpha, a, b = params
        x, t_x, T = 2, 30.43, 38.86
        closed = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
        self.assertAlmostEqual(libclv.bgnbd_p_alive(params, x, t_x, T), closed, delta=1e-13)
        # The loglik of the estimate is the report's, and its gradient vanishes.
        ll, grad = libclv.bgnbd_loglik(params, cdnow_table())
        self.assertEqual(ll, report.loglik)
        self.assertIsInstance(grad, tuple)
        self.assertLess(max(abs(g) for g in grad), 1e-3)

    def test_bgnbd_new_customer_probabilities(self):
        # refs [T]: P(X(39)=0) = 0.5737864, P(X(30)=11) = 0.0019995214 at the paper's values.
        p = libclv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
        self.assertEqual(round(libclv.bgnbd_prob_purchases(p, 39, 0), 7), 0.5737864)
        self.assertEqual(round(libclv.bgnbd_prob_purchases(p, 30, 11), 10), 0.0019995214)

    def test_pnbd_cdnow(self):
        # r, alpha, s, beta = 0.553, 10.578, 0.606, 11.669; LL -9595.0 [P]. beta is the
        # flattest direction (SE 6.2): on the 2-decimal summary file it lands at 11.668.
        params, report = libclv.pnbd_fit(cdnow_table())
        self.assertEqual([round(v, 3) for v in params[:3]], [0.553, 10.578, 0.606])
        self.assertAlmostEqual(params.beta, 11.669, delta=0.0015)
        self.assertEqual(round(report.loglik, 1), -9595.0)

    def test_gamma_gamma_cdnow(self):
        # Fader & Hardie (2013): p, q, gamma = 6.25, 3.74, 15.44. On this file (mean spend
        # rounded to cents) gamma is 15.448; from the raw transactions (the Script test) it
        # prints 15.44.
        params, _ = libclv.gg_fit(cdnow_table())
        self.assertEqual([round(v, 2) for v in params[:2]], [6.25, 3.74])
        self.assertAlmostEqual(params.gamma, 15.44, delta=0.01)
        # Hardie's sheet, first ten customers (printed to cents, at its own fit).
        x, _, _, zbar = CDNOW
        want = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]
        got = [libclv.gg_expected_spend(params, x[i], zbar[i]) for i in range(10)]
        for g, w in zip(got, want):
            self.assertAlmostEqual(g, w, delta=0.0101)

    def test_bgbb_donations_fhs2010(self):
        with open(os.path.join(DATA, "donations.csv")) as f:
            rows = list(csv.DictReader(f))
        t = libclv.CustomerTable(*([float(r[k]) for r in rows]
                                   for k in ("frequency", "recency", "periods")),
                                 weight=[float(r["weights"]) for r in rows])
        params, report = libclv.bgbb_fit(t)
        self.assertEqual([round(v, 3) for v in params], [1.204, 0.750, 0.657, 2.783])
        self.assertEqual(round(report.loglik, 2), -33225.58)
        # refs/published.md, BG/BB: E[X(n)] for a new donor, n = 1..11 [T, Hardie's sheet].
        want = [0.4985, 0.9233, 1.2969, 1.6323, 1.9381, 2.2202, 2.4826, 2.7285, 2.9603,
                3.1798, 3.3887]
        self.assertEqual([round(libclv.bgbb_expected_purchases_new(params, n), 4)
                          for n in range(1, 12)], want)
        self.assertEqual([round(libclv.bgbb_p_alive(params, x, t_x, 6), 2)
                          for x, t_x in ((0, 0), (2, 4), (6, 6))], [0.11, 0.59, 0.93])

    def test_sbg_fh2007(self):
        regular = [1000, 631, 468, 382, 326, 289, 262, 241]
        high_end = [1000, 869, 743, 653, 593, 551, 517, 491]
        p, _ = libclv.sbg_fit_cohorts([regular])
        self.assertEqual((round(p.alpha, 3), round(p.beta, 3)), (0.704, 1.182))
        p, _ = libclv.sbg_fit_cohorts([high_end])
        self.assertEqual((round(p.alpha, 3), round(p.beta, 3)), (0.668, 3.806))
        # r(t) = (beta + t - 1) / (alpha + beta + t - 1).
        self.assertAlmostEqual(libclv.sbg_retention_rate(p, 3),
                               (p.beta + 2) / (p.alpha + p.beta + 2), delta=1e-15)
        # The same customers as durations give the same likelihood.
        durations, churned, weight = [], [], []
        for t in range(1, len(regular)):
            durations.append(t), churned.append(1), weight.append(regular[t - 1] - regular[t])
        durations.append(len(regular) - 1), churned.append(0), weight.append(regular[-1])
        table = libclv.DurationTable(durations, churned, weight)
        a = libclv.sbg_loglik(p, table)[0]
        b = libclv.sbg_loglik_cohorts(p, [regular])[0]
        self.assertAlmostEqual(a, b, delta=1e-9 * abs(b))

    def test_kaplan_meier_6mp(self):
        d = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
        e = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
        order = list(range(len(d)))[::-1]  # unsorted input: the wrapper's workspace sorts
        km = libclv.km_estimate([d[i] for i in order], [e[i] for i in order])
        want = {6: 6 / 7, 7: 96 / 119, 10: 64 / 85, 13: 176 / 255, 16: 32 / 51, 22: 64 / 119,
                23: 160 / 357}
        self.assertEqual([r.time for r in km.rows], sorted(want))
        for row in km.rows:
            self.assertAlmostEqual(row.survival, want[row.time], delta=1e-15)
        self.assertEqual(km.summary.customers, 21)
        self.assertAlmostEqual(km.survival_at(12.5)[0], 64 / 85, delta=1e-15)
        self.assertEqual(km.median()[0], 23)

    def test_logrank_and_nelson_aalen_freireich(self):
        # Freireich et al. (1963): 6-MP (group 0) against placebo (group 1); chi-square and
        # E from tests/oracles/survtest_oracles.py (published: 16.8, E 19.3 / 10.7).
        d = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
        e = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
        placebo = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
        res, observed, expected = libclv.logrank_test(
            d + placebo, e + [1] * 21, [0] * 21 + [1] * 21)
        self.assertAlmostEqual(res.statistic, 16.79294098921653, delta=1e-11)
        self.assertEqual(observed, [9.0, 21.0])
        self.assertAlmostEqual(expected[0], 19.25050094803113, delta=1e-12)
        self.assertEqual((res.n_groups, res.n_strata), (2, 1))
        na = libclv.nelson_aalen(d, e)
        self.assertEqual([r.time for r in na], [6, 7, 10, 13, 16, 22, 23])
        self.assertAlmostEqual(na[-1].cum_hazard, 0.752113572701808, delta=1e-14)
        with self.assertRaises(ValueError):  # group 2 of a two-group test, at index 3
            libclv.logrank_test(d, e, [0, 1, 0, 2] + [0] * 17, n_groups=2)

    def test_bass_nls_r_nls(self):
        sales = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
        params, rep = libclv.bass_fit(sales, model="density")
        self.assertEqual(float("%.3g" % params.m), 6.80e4)
        self.assertEqual(float("%.3g" % params.p), 6.59e-3)
        self.assertEqual(float("%.3g" % params.q), 0.638)
        self.assertEqual([float("%.3g" % s) for s in rep.fit.std_error], [1.43e-3, 0.0414, 3.13e3])
        self.assertEqual((round(rep.residual_se), rep.df, rep.model), (727, 7, "density"))

    def test_nps_and_retention_claims(self):
        n = libclv.nps_from_counts(50, 100 / 3, 100 / 6)
        self.assertEqual(round(n.nps, 1), 33.3)
        self.assertAlmostEqual(n.variance, 5 / 9, delta=1e-15)
        lo, hi = libclv.nps_interval(n)
        self.assertEqual(round((hi - lo) / 2, 1), 14.6)
        self.assertEqual(round(libclv.margin_multiple(0.8, 0.1), 3), 2.667)
        self.assertEqual(round(libclv.retention_gain(1, 0.8, 0.1, 0.05).relative_change, 3),
                         0.275)


class Rows(unittest.TestCase):
    """The row-by-row forms (clv_*_rows) against the one-customer functions on CDNOW."""

    def test_rows_equal_the_one_customer_functions(self):
        t = cdnow_table()
        p = libclv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
        self.assertEqual(libclv.p_alive_rows(p, t), libclv.bgnbd_p_alive_array(p, t))
        x, t_x, T, zbar = CDNOW
        exp = libclv.expected_purchases_rows(p, t, 39)
        self.assertEqual(exp[:3], [libclv.bgnbd_expected_purchases(p, x[i], t_x[i], T[i], 39)
                                   for i in range(3)])
        # The worked example of Hardie's sheet: x=2, t_x=30.43, T=38.86 -> 1.226.
        one = libclv.CustomerTable([2], [30.43], [38.86])
        self.assertEqual(round(libclv.expected_purchases_rows(p, one, 39)[0], 3), 1.226)
        ll = libclv.loglik_rows(p, t)
        self.assertAlmostEqual(sum(ll), libclv.bgnbd_loglik(p, t)[0], delta=1e-9 * 1e4)
        gg = libclv.GGParams(6.25, 3.74, 15.44)
        spend_only = libclv.CustomerTable(x, None, None, monetary=zbar)
        spend = libclv.gg_expected_spend_rows(gg, spend_only)
        self.assertEqual(spend[:10], [libclv.gg_expected_spend(gg, x[i], zbar[i])
                                      for i in range(10)])
        self.assertAlmostEqual(sum(libclv.loglik_rows(gg, spend_only)),
                               libclv.gg_loglik(gg, spend_only)[0], delta=1e-9 * 1e4)
        value = libclv.customer_value_rows(p, gg, t, margin=0.3, discount_rate=0.01)
        # BG/NBD value rows come from per-x interpolants within 1e-12 of the one-customer
        # function (include/clv.h, rows group)
        for i in range(3):
            one_value = libclv.customer_value(p, gg, x[i], t_x[i], T[i], zbar[i], margin=0.3,
                                              discount_rate=0.01)
            self.assertAlmostEqual(value[i], one_value, delta=1e-12 * abs(one_value))

    def test_row_status_scores_the_other_rows(self):
        p = libclv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
        t = libclv.CustomerTable([2, 1, 0], [30.43, 50.0, 0.0], [38.86, 38.86, 38.86])
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.p_alive_rows(p, t)  # row 1 has t_x > T
        self.assertEqual(cm.exception.index, 1)
        values, status = libclv.p_alive_rows(p, t, row_status=True)
        self.assertEqual(list(status), [libclv.OK, libclv.EDOM, libclv.OK])
        self.assertTrue(math.isnan(values[1]))
        self.assertEqual(values[0], libclv.bgnbd_p_alive(p, 2, 30.43, 38.86))
        self.assertEqual(values[2], libclv.bgnbd_p_alive(p, 0, 0, 38.86))
        with self.assertRaises(TypeError):
            libclv.p_alive_rows(libclv.GGParams(1, 2, 3), t)  # not a purchase model
        with self.assertRaises(TypeError):
            libclv.expected_purchases_rows(p, t, "39")

    def test_conditional_probabilities_and_dert_rows(self):
        # P(X(39) = n | 2, 30.43, 38.86) of Pareto/NBD sums to 1 with mean E[X(39) | .];
        # the rows forms equal the one-customer functions, BG/BB DERT at d = e^delta - 1.
        pn = libclv.PNBDParams(0.55315, 10.57633, 0.60625, 11.6715)
        ps = [libclv.pnbd_prob_purchases_cond(pn, 2, 30.43, 38.86, 39, n) for n in range(200)]
        self.assertAlmostEqual(sum(ps), 1.0, delta=1e-12)
        self.assertAlmostEqual(sum(n * v for n, v in enumerate(ps)),
                               libclv.pnbd_expected_purchases(pn, 2, 30.43, 38.86, 39),
                               delta=1e-12)
        t = libclv.CustomerTable([2, 0], [30.43, 0.0], [38.86, 38.86])
        self.assertEqual(libclv.prob_purchases_rows(pn, t, 39, 0),
                         [libclv.pnbd_prob_purchases_cond(pn, 2, 30.43, 38.86, 39, 0),
                          libclv.pnbd_prob_purchases_cond(pn, 0, 0, 38.86, 39, 0)])
        bb = libclv.BGBBParams(1.203507, 0.7497667, 0.6567568, 2.783887)
        self.assertEqual(libclv.bgbb_p_alive_at(bb, 3, 5, 6, 1), libclv.bgbb_p_alive(bb, 3, 5, 6))
        self.assertAlmostEqual(sum(libclv.bgbb_prob_purchases_cond(bb, 3, 5, 6, 10, k)
                                   for k in range(11)), 1.0, delta=1e-12)
        tb = libclv.CustomerTable([3], [5], [6])
        self.assertEqual(libclv.dert_rows(bb, tb, 0.1),
                         [libclv.bgbb_dert(bb, 3, 5, 6, math.expm1(0.1))])


class Driver(unittest.TestCase):
    def test_chunked_driver_matches_the_one_call_fit(self):
        x, t_x, T, _ = CDNOW
        chunks = [libclv.CustomerTable(x[i:i + 600], t_x[i:i + 600], T[i:i + 600])
                  for i in range(0, len(x), 600)]
        drv = libclv.FitDriver("bgnbd")
        self.assertEqual(drv.n_params, 4)
        while (point := drv.ask()) is not None:
            self.assertEqual(len(point), 4)
            parts = [libclv.bgnbd_loglik(point, c) for c in chunks]
            drv.tell(sum(p[0] for p in parts), [sum(g) for g in zip(*(p[1] for p in parts))])
        params, report = drv.result()
        self.assertIsInstance(params, libclv.BGNBDParams)
        self.assertTrue(report.converged)
        one, _ = libclv.bgnbd_fit(cdnow_table())
        for a, b in zip(params, one):
            self.assertAlmostEqual(a, b, delta=1e-6 * b)
        self.assertEqual(round(report.loglik, 1), -9582.4)

    def test_merged_rows_fit_the_same(self):
        # With the wrapper's allocator the fit merges identical rows into weights: CDNOW
        # three times over has three times the log-likelihood at the same maximum.
        x, t_x, T, _ = CDNOW
        params, report = libclv.bgnbd_fit(libclv.CustomerTable(x * 3, t_x * 3, T * 3),
                                          merge_rows=True)
        one, one_report = libclv.bgnbd_fit(cdnow_table())
        for a, b in zip(params, one):
            self.assertAlmostEqual(a, b, delta=1e-8 * b)
        self.assertAlmostEqual(report.loglik, 3 * one_report.loglik, delta=1e-9 * 3e4)

    def test_every_model_name(self):
        for name, cls in (("bgnbd", libclv.BGNBDParams), ("pnbd", libclv.PNBDParams),
                          ("mbgnbd", libclv.MBGNBDParams), ("bgbb", libclv.BGBBParams),
                          ("gg", libclv.GGParams), ("sbg", libclv.SBGParams)):
            drv = libclv.FitDriver(name, start=[1.0] * len(cls.__dataclass_fields__),
                                   tolerance=1e-8, max_iterations=50, penalty=0.0)
            self.assertEqual(drv.n_params, len(cls.__dataclass_fields__))
            self.assertEqual(drv.ask(), (1.0,) * drv.n_params)
        with self.assertRaises(ValueError):
            libclv.FitDriver("nope")


class Other(unittest.TestCase):
    def test_rfm_summary_by_hand(self):
        # Customer 7: days 0, 0 (same day), 3, 10 (holdout); customer 2: day 5 only.
        s = libclv.rfm_summary([7, 2, 7, 7, 7], [3, 5, 0, 0, 10], [1, 4, 2, 3, 5], period=1,
                               calibration_end=8)
        self.assertEqual(s.customer, [2, 7])
        self.assertEqual((s.x, s.t_x, s.T), ([0, 1], [0, 3], [3, 8]))
        self.assertEqual((s.monetary, s.x_holdout, s.monetary_holdout), ([0, 1], [0, 1], [0, 5]))
        state = libclv.RFMState(period=1)
        for day, amount in ((0, 2), (0, 3), (3, 1)):
            state.update(day, amount)
        self.assertEqual(state.summary(8), (1, 3, 8, 1))
        self.assertEqual(libclv.rfm_order([7, 2, 7], [3, 5, 0]), [1, 2, 0])
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.rfm_summary([1, 1, 2], [0, math.nan, 1])
        self.assertEqual(cm.exception.index, 1)


    def test_rfm_summary_progress_and_cancel(self):
        n = 200000
        customer = [(i * 7919) % 5003 for i in range(n)]
        time = [float((i * 31) % 17) for i in range(n)]
        plain = libclv.rfm_summary(customer, time, period=1.0)
        seen = []
        watched = libclv.rfm_summary(customer, time, period=1.0,
                                     progress=lambda d, t: seen.append((d, t)) and False)
        self.assertEqual(plain, watched)
        self.assertTrue(len(seen) >= 5 and all(d <= t for d, t in seen))
        with self.assertRaises(libclv.ClvError) as caught:
            libclv.rfm_summary(customer, time, period=1.0, progress=lambda d, t: True)
        self.assertEqual(caught.exception.status, libclv.ECANCELED)
    def test_markov_two_states(self):
        # V = [I - P/(1+d)]^-1 R, solved by hand for a 2-state chain.
        P, R, d = [[0.5, 0.5], [0.2, 0.8]], [10.0, -1.0], 0.1
        v = libclv.markov_value(P, R, d)
        k = 1 / (1 + d)
        a, b, c, e = 1 - k * 0.5, -k * 0.5, -k * 0.2, 1 - k * 0.8
        det = a * e - b * c
        want = [(e * R[0] - b * R[1]) / det, (a * R[1] - c * R[0]) / det]
        for g, w in zip(v, want):
            self.assertAlmostEqual(g, w, delta=1e-12 * abs(w))
        self.assertEqual(libclv.markov_value(P, R, d, horizon=0), R)
        self.assertEqual(libclv.markov_workspace_size(3), 15)
        trans, reward = libclv.markov_recency_chain([0.3, 0.1], 50, [2, 1])
        self.assertEqual(trans, [[0.3, 0.7], [0.1, 0.9]])
        self.assertEqual(reward, [48, -1])

    def test_cohorts_churn_referral(self):
        rates = libclv.cohort_retention([[100, 80, 60], [50, 45]])
        self.assertEqual(rates.survival[0], [1, 0.8, 0.6])
        self.assertTrue(math.isnan(rates.survival[1][2]))
        self.assertEqual(rates.pooled_retention, [1, 125 / 150, 60 / 80])
        churn, retention = libclv.churn_rate(100, 10)
        self.assertEqual((churn, retention), (0.1, 0.9))
        reasons, total = libclv.churn_reasons([5, 1, 1, 0, 2], value=100)
        self.assertEqual((total.lost, total.value_lost, reasons[0].share), (9, 900, 5 / 9))
        self.assertEqual(libclv.churn_reason_ratio([5, 1, 1, 0, 2], "service", "price"), 5)
        eff = libclv.churn_reason_removal([5, 1, 1, 0, 2], "service", 0.5, value=100,
                                          base_customers=100)
        self.assertEqual((eff.customers_kept, eff.value_saved, eff.churn_after),
                         (2.5, 250, 0.065))
        wom = libclv.WOMParams(conversion=0.1, deterrence=0.05)
        self.assertEqual((wom.told_satisfied, wom.told_dissatisfied), (5, 10))
        # R = s k_s c; W = k_s c S0 / (1 - R).
        self.assertAlmostEqual(libclv.wom_reproduction_number(wom, 0.8), 0.4, delta=1e-15)
        tot = libclv.wom_total(wom, 0.8, 100, 20, 10)
        self.assertAlmostEqual(tot.customers_won, 5 * 0.1 * 100 / 0.6, delta=1e-12)
        gens = libclv.wom_generations(wom, 0.8, 100, 20, 30)
        self.assertAlmostEqual(gens[-1].cumulative_won, tot.customers_won, delta=1e-9)
        crv = libclv.crv_value(libclv.CRVParams(100, 20, 5, 0.0), [2, 2], [0.25, 0.5], 300)
        self.assertAlmostEqual(crv.crv, 2 * 0.75 * 100 + 2 * 0.5 * 100 + 20 * 1.5 - 5 * 4,
                               delta=1e-12)
        segs = libclv.nps_by_segment([10, 9, 0, 5, 8], [0, 0, 1, 1, 1])
        self.assertEqual(segs[0].nps, 100)
        self.assertAlmostEqual(segs[1].nps, -200 / 3, delta=1e-13)
        self.assertEqual(libclv.nps_from_scores([10, 9, 0, 5, 8]).n, 5)
        self.assertEqual(libclv.kfactor(4, 0.25), 1)

    def test_customer_value_defaults_and_array_zero_copy(self):
        self.assertEqual(libclv.value_options()["horizon"], 12)
        # array('d') columns are read in place on the standard-library path too.
        x = array.array("d", CDNOW[0])
        t = libclv.CustomerTable(x, CDNOW[1], CDNOW[2])
        self.assertEqual(ctypes.cast(t.view.x, ctypes.c_void_p).value, x.buffer_info()[0])
        before = libclv.bgnbd_loglik((1, 1, 1, 1), t)[0]
        x[0] += 1  # customer 0 has t_x > 0, so x + 1 is still a valid row
        self.assertNotEqual(libclv.bgnbd_loglik((1, 1, 1, 1), t)[0], before)

    def test_pure_results_are_lists(self):
        t = cdnow_table()
        out = libclv.bgnbd_p_alive_array((0.243, 4.414, 0.793, 2.426), t)
        if not t.numpy:
            self.assertIsInstance(out, list)
        self.assertEqual(len(out), 2357)
        if os.environ.get("LIBCLV_BLOCK_NUMPY") == "1":
            self.assertFalse(libclv.HAVE_NUMPY)
            self.assertIsNone(np)


class Simulation(unittest.TestCase):
    """The generator, simulated bases, parameter draws and sBG cohorts (issue 14)."""

    def test_rng_matches_the_published_xoshiro_outputs(self):
        # Blackman & Vigna's reference description: state {1, 2, 3, 4} gives these first.
        g = libclv.RNG()
        g.state = (1, 2, 3, 4)
        self.assertEqual([g.next() for _ in range(4)],
                         [11520, 0, 1509978240, 1215971899390074240])
        a, b = libclv.RNG(42), libclv.RNG(42)
        self.assertEqual([a.uniform() for _ in range(5)], [b.uniform() for _ in range(5)])
        c = a.copy().jump()
        self.assertNotEqual(c.state, a.state)
        u = [a.uniform() for _ in range(2000)]
        self.assertTrue(all(0.0 < v < 1.0 for v in u))
        self.assertLess(abs(sum(u) / 2000 - 0.5), 6 * math.sqrt(1 / 12 / 2000))
        g = [a.gamma(2.0, 4.0) for _ in range(4000)]
        self.assertLess(abs(sum(g) / 4000 - 0.5), 6 * math.sqrt(2.0 / 16 / 4000))
        self.assertEqual(a.poisson(0.0), 0.0)
        for draw in (a.normal(), a.beta(2, 3), a.exponential(2.0), a.geometric(0.3)):
            self.assertTrue(math.isfinite(draw))
        with self.assertRaises(libclv.ClvDomainError):
            a.gamma(-1.0)
        with self.assertRaises(libclv.ClvInvalidError):
            z = libclv.RNG()
            z.state = (0, 0, 0, 0)
            z.uniform()

    def test_simulated_bgnbd_base_fits_back(self):
        truth = libclv.BGNBDParams(0.243, 4.414, 0.793, 2.426)
        T = [27.0 + 12.0 * i / 20000 for i in range(20000)]
        base = libclv.sim_customers(libclv.RNG(7), truth, T, holdout=39.0)
        self.assertEqual(len(base.x), 20000)
        self.assertTrue(all(0.0 <= tx <= t for tx, t in zip(base.t_x, T)))
        est, rep = libclv.bgnbd_fit(base.table())
        for e, t, se in zip(est, truth, rep.std_error):
            self.assertLess(abs(e - t), 4.5 * se)
        # Holdout purchases average the model's conditional expectation (6 standard errors).
        cond = libclv.expected_purchases_rows(truth, base.table(), 39.0)
        d = [h - c for h, c in zip(base.x_holdout, cond)]
        mean = sum(d) / len(d)
        sd = math.sqrt(sum((v - mean) ** 2 for v in d) / len(d))
        self.assertLess(abs(mean), 6 * sd / math.sqrt(len(d)))

    def test_transaction_log_agrees_with_rows(self):
        truth = libclv.PNBDParams(2.0, 1.0, 0.3, 5.0)   # busy buyers: the capacity is rerun
        spend = libclv.GGParams(6.25, 3.74, 15.44)
        base = libclv.sim_customers(libclv.RNG(3), truth, 20.0, count=300, spend=spend,
                                    holdout=10.0, transactions=True)
        again = libclv.sim_customers(libclv.RNG(3), truth, 20.0, count=300, spend=spend,
                                     holdout=10.0)
        self.assertEqual(base.x, again.x)
        self.assertEqual(base.monetary, again.monetary)
        self.assertGreater(len(base.time), 4 * 300 + 64)
        pos = 0
        for i in range(300):
            k = 1 + int(base.x[i]) + int(base.x_holdout[i])
            self.assertEqual(set(base.customer[pos:pos + k]), {i})
            self.assertEqual(base.time[pos], 0.0)
            self.assertEqual(base.time[pos + int(base.x[i])], base.t_x[i])
            if base.x[i] > 0:
                rep = base.amount[pos + 1:pos + 1 + int(base.x[i])]
                self.assertAlmostEqual(sum(rep) / base.x[i] / base.monetary[i], 1.0, places=12)
            pos += k
        self.assertEqual(pos, len(base.time))

    def test_parameter_draws_and_errors(self):
        est, rep = libclv.bgnbd_fit(cdnow_table())
        draws = libclv.param_draws_report(libclv.RNG(1), est, rep, 2000)
        self.assertEqual(len(draws), 2000)
        self.assertIsInstance(draws[0], libclv.BGNBDParams)
        mean_r = sum(d.r for d in draws) / 2000
        self.assertLess(abs(mean_r - est.r), 6 * rep.std_error[0] / math.sqrt(2000) * 1.1)
        nat = libclv.param_draws(libclv.RNG(1), est, rep.covariance, 10, scale="natural")
        self.assertTrue(all(v > 0 for d in nat for v in d))
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.param_draws(libclv.RNG(1), (1.0, 2.0), ((1.0, 2.0), (2.0, 1.0)), 3)
        self.assertEqual(cm.exception.rule, "CLV_RULE_NOT_POSITIVE_DEFINITE")
        self.assertIn("covariance not positive definite", cm.exception.detail)
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.sim_customers(libclv.RNG(1), libclv.BGNBDParams(1, 1, -1, 1), 10.0, count=5)
        self.assertEqual(cm.exception.field, "CLV_FIELD_PARAMS")
        with self.assertRaises(ValueError):
            libclv.param_draws(libclv.RNG(1), est, rep.covariance, 3, scale="logit")

    def test_sbg_cohort(self):
        alive = libclv.sbg_simulate(libclv.RNG(5), libclv.SBGParams(0.704, 1.182), 100000, 7)
        self.assertEqual(alive[0], 100000)
        self.assertTrue(all(b <= a for a, b in zip(alive, alive[1:])))
        s7 = libclv.sbg_survival(libclv.SBGParams(0.704, 1.182), 7)
        self.assertLess(abs(alive[7] / 1e5 - s7), 6 * math.sqrt(s7 * (1 - s7) / 1e5))


@NEED_NUMPY
class Numpy(unittest.TestCase):
    def setUp(self):
        self.cols = [np.array(c, dtype=np.float64) for c in CDNOW]
        self.np_table = libclv.CustomerTable(*self.cols[:3], monetary=self.cols[3])
        self.list_table = cdnow_table()

    def test_zero_copy(self):
        t = self.np_table
        self.assertTrue(libclv.HAVE_NUMPY and t.numpy)
        for name, arr in zip(("x", "t_x", "T", "monetary"), self.cols):
            self.assertEqual(ctypes.cast(getattr(t.view, name), ctypes.c_void_p).value,
                             arr.ctypes.data, name)
        self.assertIs(t.x, self.cols[0])
        p = (0.243, 4.414, 0.793, 2.426)
        before = libclv.bgnbd_loglik(p, t)[0]
        self.cols[0][0] += 1  # modified in place: the library sees the change
        changed = libclv.bgnbd_loglik(p, t)[0]
        self.cols[0][0] -= 1
        self.assertNotEqual(changed, before)
        self.assertEqual(libclv.bgnbd_loglik(p, t)[0], before)
        # A strided view or another dtype is copied (and still correct).
        strided = libclv.CustomerTable(np.repeat(self.cols[0], 2)[::2], self.cols[1],
                                       self.cols[2].astype(">f8"))
        self.assertEqual(libclv.bgnbd_loglik(p, strided)[0], before)

    def test_numpy_and_list_paths_agree_exactly(self):
        fits = {}
        for kind, t in (("np", self.np_table), ("list", self.list_table)):
            fits[kind] = (libclv.bgnbd_fit(t), libclv.pnbd_fit(t), libclv.gg_fit(t),
                          libclv.bgnbd_loglik((0.3, 4, 0.8, 2.4), t))
        self.assertEqual(fits["np"], fits["list"])
        params = fits["np"][0][0]
        a = libclv.bgnbd_p_alive_array(params, self.np_table)
        b = libclv.bgnbd_p_alive_array(params, self.list_table)
        self.assertIsInstance(a, np.ndarray)
        self.assertIsInstance(b, list)
        self.assertEqual(a.tolist(), b)
        a = libclv.pnbd_expected_purchases_array(fits["np"][1][0], self.np_table, 39)
        b = libclv.pnbd_expected_purchases_array(fits["np"][1][0], self.list_table, 39)
        self.assertEqual(a.tolist(), b)

    def test_numpy_elsewhere(self):
        s = libclv.rfm_summary(np.array([7, 2, 7], dtype=np.int64), np.array([3.0, 5.0, 0.0]))
        self.assertIsInstance(s.x, np.ndarray)
        self.assertEqual(s.customer.tolist(), [2, 7])
        P = np.array([[0.5, 0.5], [0.2, 0.8]])
        self.assertEqual(libclv.markov_value(P, np.array([10.0, -1.0]), 0.1).tolist(),
                         libclv.markov_value(P.tolist(), [10.0, -1.0], 0.1))
        rates = libclv.cohort_retention(np.array([[100, 80, 60], [50, 45, np.nan]]))
        self.assertEqual(rates.survival.shape, (2, 3))
        with self.assertRaises(TypeError):
            libclv.km_estimate([1.0, 2.0], np.array([0.5, 1.0]))  # event flags must be ints


@NEED_NUMPY
class NumpyConversions(unittest.TestCase):
    """numpy inputs are checked by dtype, shape and range before any cast."""

    def test_complex_datetime_and_strings_are_not_cast(self):
        for bad in (np.array([1 + 0j, 2]), np.array(["2020-01-01", "2020-01-02"], dtype="M8[D]"),
                    np.array([1, 2], dtype="m8[s]"), np.array(["1", "2"])):
            with self.assertRaises(TypeError, msg=str(bad.dtype)):
                libclv.CustomerTable(bad, [0, 1], [3, 3])
        with self.assertRaises(TypeError):
            libclv.nps_by_segment([10, 9], np.array([0.0, 1.0]))  # segment ids are integers
        with self.assertRaises(TypeError):
            libclv.kfactor(4, np.complex128(0.25))  # ctypes took its real part
        with self.assertRaises(TypeError):
            libclv.sbg_project((1, 1), 100, np.float64(3))
        with self.assertRaises(TypeError):
            libclv.CustomerTable(np.array([1, 2j], dtype=object), [0, 1], [3, 3])
        # numpy integer scalars are integers; an object array of numbers is read one by one.
        self.assertEqual(len(libclv.sbg_project((1, 1), 100, np.int64(3))), 3)
        t = libclv.CustomerTable(np.array([2, 0], dtype=object), [30.43, 0], [38.86, 38.86])
        p = (0.243, 4.414, 0.793, 2.426)
        self.assertEqual(libclv.bgnbd_p_alive_array(p, t)[0],
                         libclv.bgnbd_p_alive(p, 2, 30.43, 38.86))

    def test_two_dimensional_arrays_are_not_flattened(self):
        with self.assertRaises(ValueError):
            libclv.CustomerTable(np.zeros((2, 2)), [0] * 4, [3] * 4)
        with self.assertRaises(ValueError):
            libclv.nps_from_scores(np.array(10.0))  # 0-d
        with self.assertRaises(ValueError):
            libclv.markov_value(np.array([[0.5, 0.5, 0.2, 0.8]]), np.array([10.0, -1.0]), 0.1)
        with self.assertRaises(ValueError):
            libclv.cohort_retention(np.zeros((2, 2, 2)))
        P = np.array([[0.5, 0.5], [0.2, 0.8]])
        self.assertEqual(libclv.markov_value(P, np.array([10.0, -1.0]), 0.1).tolist(),
                         libclv.markov_value(P.reshape(-1), [10.0, -1.0], 0.1).tolist())

    def test_integer_arrays_are_range_checked_before_the_cast(self):
        with self.assertRaises(OverflowError) as cm:
            libclv.nps_by_segment([10, 9], np.array([0, 2 ** 32], dtype=np.int64))
        self.assertIn("segments[1]", str(cm.exception))
        with self.assertRaises(ValueError):
            libclv.rfm_summary(np.array([-1, 2]), np.array([0.0, 1.0]))
        with self.assertRaises(OverflowError):
            libclv.km_estimate([1.0, 2.0], np.array([2 ** 32 + 1, 0], dtype=np.int64))
        ids = np.array([2 ** 64 - 1, 2], dtype=np.uint64)
        self.assertEqual(libclv.rfm_summary(ids, np.array([0.0, 1.0])).customer.tolist(),
                         [2, 2 ** 64 - 1])
        # An int64 array in range is cast, and gives what the int32 array gives.
        a = libclv.km_estimate([1.0, 2.0, 3.0], np.array([1, 0, 1], dtype=np.int64))
        b = libclv.km_estimate([1.0, 2.0, 3.0], np.array([1, 0, 1], dtype=np.int32))
        self.assertEqual(a.rows, b.rows)



def oracle_values(name):
    """name = value lines of tests/oracles/<name> (mpmath, committed)."""
    values = {}
    with open(os.path.join(SOURCE_ROOT, "tests", "oracles", name)) as f:
        for line in f:
            if " = " in line and not line.startswith("#"):
                k, v = line.split(" = ")
                values[k] = float(v)
    return values


def cdnow_log():
    """CDNOW purchase days as tests/oracles/checking_oracles.py reads them: (customer ids,
    weeks of each purchase day), and per customer first week, x, t_x, T, holdout purchases
    (calibration to day 272, holdout to day 545 after 1997-01-01)."""
    import datetime
    origin = datetime.date(1997, 1, 1)
    cust, weeks, rows, last = [], [], [], None
    with open(os.path.join(DATA, "CDNOW_sample.txt")) as f:
        for line in f:
            fields = line.split()
            if not fields:
                continue
            cid = int(fields[1])
            day = (datetime.datetime.strptime(fields[2], "%Y%m%d").date() - origin).days
            if (cid, day) == last:
                continue
            last = (cid, day)
            cust.append(cid)
            weeks.append(day / 7.0)
            if not rows or rows[-1][0] != cid:
                rows.append([cid, day, -1, 0.0, (272 - day) / 7.0, 0])
            r = rows[-1]
            if day <= 272:
                r[2] += 1
                r[3] = (day - r[1]) / 7.0
            elif day <= 545:
                r[5] += 1
    return cust, weeks, rows


class Checking(unittest.TestCase):
    """Model checking (issue 14) against the mpmath oracle of tests/test_checking.c."""

    FIT = libclv.BGNBDParams(0.2425945, 4.4136019, 0.7929199, 2.4258881)

    @classmethod
    def setUpClass(cls):
        cls.oracle = oracle_values("checking_oracles.txt")
        cls.cust, cls.weeks, rows = cdnow_log()
        cls.first = sorted(r[1] / 7.0 for r in rows)
        cls.table = libclv.CustomerTable([r[2] for r in rows], [r[3] for r in rows],
                                         [r[4] for r in rows])
        cls.holdout = [r[5] for r in rows]
        cls.repeat_total = sum(r[2] + r[5] for r in rows)

    def test_histogram_and_chi_square(self):
        e, a = libclv.frequency_histogram(self.FIT, self.table, 7)
        for x in range(8):
            self.assertAlmostEqual(e[x] / self.oracle["hist_expected_%d" % x], 1.0, delta=1e-10)
            self.assertEqual(a[x], self.oracle["hist_actual_%d" % x])
        r, groups = libclv.chi_square_test(e, a, 4, groups=True)
        self.assertEqual(r.groups, self.oracle["hist_groups"])
        self.assertEqual(groups, list(range(8)))
        self.assertAlmostEqual(r.statistic / self.oracle["hist_chi2"], 1.0, delta=1e-8)
        self.assertAlmostEqual(r.p_value / self.oracle["hist_p"], 1.0, delta=1e-8)
        self.assertAlmostEqual(libclv.chi_square_p_value(6.0, 2.0), math.exp(-3.0), delta=1e-15)

    def test_conditional_by_frequency_and_recency(self):
        n, act, pred = libclv.conditional_by_frequency(self.FIT, self.table, self.holdout, 39, 7)
        self.assertEqual(n, [1411, 439, 214, 100, 62, 38, 29, 64])
        for g in range(8):
            self.assertAlmostEqual(act[g], self.oracle["cond_actual_%d" % g], delta=1e-12)
            self.assertAlmostEqual(pred[g] / self.oracle["cond_predicted_%d" % g], 1.0,
                                   delta=1e-9)
        n2, _, _ = libclv.conditional_by_recency(self.FIT, self.table, self.holdout, 39,
                                                 [0, 10, 20, 39])
        self.assertEqual(sum(n2), 2357)
        with self.assertRaises(libclv.ClvDomainError) as cm:
            libclv.conditional_by_recency(self.FIT, self.table, self.holdout, 39, [0, 10, 20])
        self.assertEqual(cm.exception.field, "CLV_FIELD_T_X")

    def test_tracking(self):
        times = [w + 1.0 for w in range(78)]
        cum, inc = libclv.tracking_expected(self.FIT, self.first, times)
        for week in (1, 10, 39, 52, 78):
            self.assertAlmostEqual(cum[week - 1] / self.oracle["track_expected_week%d" % week],
                                   1.0, delta=1e-10)
        self.assertAlmostEqual(sum(inc), cum[-1], delta=1e-9)
        acum, _ = libclv.tracking_actual(self.cust, self.weeks, times)
        self.assertEqual(acum[-1], self.repeat_total)
        with self.assertRaises(libclv.ClvInvalidError) as cm:
            libclv.tracking_expected(self.FIT, [0, 2, 1], times)
        self.assertEqual(cm.exception.row, 2)
        self.assertIn("ascending", cm.exception.detail)

    def test_accuracy_calibration_criteria_matrix(self):
        r = libclv.holdout_accuracy([1, 2, 3], [1, 3, 2])
        self.assertAlmostEqual(r.mae, 2 / 3, delta=1e-15)
        self.assertAlmostEqual(r.correlation, 0.5, delta=1e-15)
        c = libclv.calibration_table(list(range(1, 11)), [2 * v for v in range(1, 11)], 5)
        self.assertEqual(c["count"], [2.0] * 5)
        self.assertEqual(c["edges"], [1, 2, 4, 6, 8, 10])
        params, report = libclv.bgnbd_fit(cdnow_table())
        aic, bic = libclv.information_criteria(report, 2357)
        self.assertAlmostEqual(aic, 8 - 2 * report.loglik, delta=1e-9)
        self.assertAlmostEqual(bic, 4 * math.log(2357) - 2 * report.loglik, delta=1e-9)
        s, p = libclv.likelihood_ratio_test(-100, -97, 2)
        self.assertEqual(s, 6.0)
        self.assertAlmostEqual(p, math.exp(-3), delta=1e-15)
        pa, ex, ok = libclv.frequency_recency_matrix(self.FIT, 3, [0, 10, 20, 40], 38.86, 39)
        self.assertEqual(ok, [[1, 0, 0, 0], [1, 1, 1, 0], [1, 1, 1, 0], [1, 1, 1, 0]])
        self.assertEqual(pa[0][1], 0.0)
        self.assertAlmostEqual(pa[2][1], libclv.bgnbd_p_alive(self.FIT, 2, 10, 38.86),
                               delta=1e-15)


class Intervals(unittest.TestCase):
    """Delta-method intervals (clv_interval group): the wrapper passes its options through
    and agrees with the one-customer functions and the algebra of the interval."""

    M = libclv.BGNBDParams(0.2426, 4.4136, 0.7931, 2.4259)
    COV = [[0.01 if i == j else 0.0 for j in range(4)] for i in range(4)]

    def test_gradient_and_interval_of_expected_purchases(self):
        est, g, err = libclv.prediction_gradient(self.M, "expected_purchases", 2, 30.43, 38.86,
                                                 horizon=39)
        self.assertEqual(est, libclv.bgnbd_expected_purchases(self.M, 2, 30.43, 38.86, 39))
        self.assertEqual((len(g), len(err)), (4, 4))
        lo, hi, se = libclv.delta_interval(est, g, self.COV, scale="natural")
        self.assertAlmostEqual(se, math.sqrt(sum(0.01 * v * v for v in g)), places=14)
        self.assertAlmostEqual(hi - est, 1.959963984540054 * se, places=12)
        lo, hi, _ = libclv.delta_interval(est, g, self.COV)  # log scale
        self.assertAlmostEqual(lo * hi, est * est, places=12)

    def test_rows_with_a_bad_row(self):
        t = libclv.CustomerTable([2, 1, 0], [30.43, 40, 0], [38.86, 38.86, 38.86])
        lo, est, hi, se, st = libclv.interval_rows(self.M, "dert", self.COV, t, delta=0.01,
                                                   row_status=True)
        self.assertEqual(list(st), [libclv.OK, libclv.EDOM, libclv.OK])
        self.assertTrue(math.isnan(est[1]))
        self.assertTrue(lo[0] < est[0] < hi[0] and se[0] > 0)

    def test_value_with_spend_has_seven_parameters(self):
        gg = libclv.GGParams(6.25, 3.74, 15.44)
        est, g, _ = libclv.prediction_gradient(self.M, "value", 2, 30.43, 38.86, 22.5, spend=gg,
                                               margin=0.3)
        self.assertEqual(len(g), 7)
        self.assertAlmostEqual(est, libclv.customer_value(self.M, gg, 2, 30.43, 38.86, 22.5,
                                                          margin=0.3), places=12)

    def test_sbg_survival_interval(self):
        p = libclv.SBGParams(0.668, 3.806)
        est, lo, hi, se = libclv.sbg_interval(p, "survival", [[0.01, 0], [0, 0.25]], 5)
        self.assertEqual(est, libclv.sbg_survival(p, 5))
        self.assertTrue(lo < est < hi and se > 0)
        self.assertAlmostEqual(lo * hi, est * est, places=12)

    def test_bass_interval_at_times(self):
        p = libclv.BassParams(0.0066, 0.64, 68000.0)
        cov = [[2e-6, 0, 0], [0, 1.7e-3, 0], [0, 0, 9.8e6]]
        est, lo, hi, se = libclv.bass_interval(p, "period", cov, [5, 12], scale="natural")
        self.assertEqual(len(est), 2)
        for i, t in enumerate((5, 12)):
            self.assertAlmostEqual(est[i], libclv.bass_adopters(p, t - 1, t), places=8)
            self.assertAlmostEqual(hi[i] - est[i], 1.959963984540054 * se[i], places=8)
        with self.assertRaises(libclv.ClvError) as cm:
            libclv.bass_interval(p, "period", cov, [0.5])
        self.assertEqual(cm.exception.row, 0)

    def test_bad_covariance_carries_the_rule(self):
        with self.assertRaises(libclv.ClvError) as cm:
            libclv.delta_interval(0.5, [1.0, 1.0], [[1.0, 2.0], [2.0, 1.0]])
        self.assertEqual(cm.exception.rule, "CLV_RULE_NOT_POSITIVE_DEFINITE")


class Script(unittest.TestCase):
    def test_cdnow_top_customers_matches_clv_report(self):
        out = subprocess.run([sys.executable, os.path.join(HERE, "cdnow_top_customers.py")],
                             capture_output=True, text=True, check=True,
                             env=dict(os.environ)).stdout
        # Published fit (FHL 2005) at the printed digits, from raw transactions.
        fit = dict(re.findall(r"^  (\w+) +([-\d.]+)  \(SE", out, re.M))
        self.assertEqual([round(float(fit[k]), 3) for k in ("r", "alpha", "a", "b")],
                         [0.243, 4.414, 0.793, 2.426])
        self.assertEqual([round(float(fit[k]), 2) for k in ("p", "q", "gamma")],
                         [6.25, 3.74, 15.44])
        self.assertIn("BG/NBD fit (log-likelihood -9582.4", out)
        self.assertEqual(len(re.findall(r"^ +\d+ +\d+ ", out, re.M)), 10)
        report = os.environ.get("CLV_REPORT")
        if not report:
            self.skipTest("CLV_REPORT not set: the comparison with clv-report is skipped")
        want = subprocess.run([report], cwd=SOURCE_ROOT, capture_output=True, text=True,
                              check=True).stdout
        self.assertEqual(out, want)


if __name__ == "__main__":
    unittest.main(verbosity=2)
