# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""libclv: customer lifetime value, churn and referral models for pandas users.

A pandas-native layer (the conventions of lifetimes and PyMC-Marketing) over the libclv C
library, which this package carries as ``libclv.so.1`` next to this file and loads through
ctypes (no compiler needed at import)::

    import libclv
    summary = libclv.rfm_summary(transactions, "customer_id", "date", "amount")
    bgf = libclv.BetaGeo().fit(summary)
    bgf.summary                                   # estimate, se, lower 95%, upper 95%
    bgf.p_alive()                                 # a Series indexed like summary
    ggf = libclv.GammaGamma().fit(summary[summary.frequency > 0])
    bgf.customer_lifetime_value(ggf, summary, horizon=12, discount_rate=0.01, freq="D")
    bgf.p_alive(summary, interval=0.95)           # estimate, lower, upper, se (delta method)

``libclv.core`` is the complete ctypes wrapper: every exported C function under its C name
without ``clv_`` (``libclv.core.bgnbd_fit``, ``libclv.core.rfm_summary`` over integer ids and
numeric times); its names are also reachable here, except ``rfm_summary``, which here is the
DataFrame version.

Does the model fit? ``libclv.diagnostics`` turns every model check of the library into a
DataFrame (tracking, period_transactions with the chi-square test, conditional_by_frequency
and _by_recency, holdout_accuracy, calibration_table, information_criteria,
likelihood_ratio_test, the P(alive) and expected-purchases matrices); the purchase models
have them as methods too (``bgf.conditional_by_frequency(summary)``), and ``libclv.plot_*``
draws them with matplotlib (``libclv.plots``), each returning the Axes.

Which library is loaded: ``CLV_LIBRARY=/path/to/libclv.so.1`` loads that file;
``CLV_LIBRARY=system`` loads a system-installed libclv (``pkg-config --variable=libdir
clv``, else ``ctypes.util.find_library("clv")``); otherwise the package's own copy, or the
system's when the package was installed without one (``-Csetup-args=-Dpython_libclv=system``).
``libclv.core.LIBRARY_PATH`` and ``LIBRARY_SOURCE`` say which was loaded.

Errors: every library error is a ``ClvError`` carrying ``.status``, ``.name`` and, where the
library says more, the diagnostic ``.row``, ``.field``, ``.rule`` and ``.detail``; bad input
raises a ``ValueError`` subclass (``ClvDomainError``, ``ClvInvalidError``, ``InputError``).
"""

from . import _core as core
from ._core import *  # noqa: F401,F403 -- the ctypes layer under its C names
from ._core import ClvError, version_string  # noqa: F401

__version__ = "1.0.0"

try:  # the DataFrame layer needs numpy and pandas; the ctypes core needs neither
    from ._frame import InputError, rfm_summary  # noqa: F401
    from ._models import (Bass, BetaGeo, BetaGeoBetaBinom, ConvergenceWarning,  # noqa: F401
                          GammaGamma, ModifiedBetaGeo, NotFittedError, ParetoNBD,
                          ShiftedBetaGeo, load)
    from ._tables import (cohort_retention_table, cumulative_hazard,  # noqa: F401
                          kaplan_meier, logrank, nps)
    # Model checking as DataFrames: every function in libclv.diagnostics; here those whose
    # names the ctypes core does not use (its conditional_by_frequency, holdout_accuracy,
    # calibration_table, information_criteria, likelihood_ratio_test stay the core's).
    from . import _diagnostics as diagnostics  # noqa: F401
    from ._diagnostics import (bass_curve, expected_purchases_matrix,  # noqa: F401
                               p_alive_history, period_transactions,
                               probability_alive_matrix, sbg_retention, time_unit, tracking,
                               value_concentration)
    from . import _plots as plots  # noqa: F401 -- matplotlib, imported on the first plot
    from ._plots import *  # noqa: F401,F403
except ImportError as _exc:  # pragma: no cover - exercised with numpy blocked
    _FRAME_ERROR = _exc
    _FRAME_NAMES = ("diagnostics", "plots", "tracking", "period_transactions",
                    "probability_alive_matrix", "expected_purchases_matrix", "p_alive_history",
                    "value_concentration", "sbg_retention", "bass_curve", "time_unit")
    del rfm_summary  # noqa: F821 -- the core's; libclv.core.rfm_summary stays

    def __getattr__(name):
        if name in ("rfm_summary", "InputError", "BetaGeo", "ParetoNBD", "ModifiedBetaGeo",
                    "BetaGeoBetaBinom", "GammaGamma", "ShiftedBetaGeo", "Bass", "load",
                    "NotFittedError", "ConvergenceWarning", "kaplan_meier", "nps") or \
                name in _FRAME_NAMES or name.startswith("plot_"):
            raise ImportError("libclv.%s needs numpy and pandas: %s" % (name, _FRAME_ERROR))
        raise AttributeError("module 'libclv' has no attribute %r" % name)
