# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Intervals of the model classes' predictions: ``interval=0.95`` (the confidence level) on a
prediction method returns a DataFrame with columns ``estimate``, ``lower``, ``upper`` and
``se`` instead of a Series.

Two methods, both from the fit's covariance (the observed information at the optimum,
``model.report.covariance``):

* ``method="delta"`` (default): the delta method of the library (clv_interval_rows,
  clv_sbg_interval, clv_prediction_gradient + clv_delta_interval; docs/uncertainty.md):
  se = sqrt(grad' C grad) (Casella & Berger 2002, sec. 5.5.4) and the interval on the log
  scale exp(log g -/+ z se / g), or the logit scale for P(alive) and the sBG retention
  rate and survival (probabilities), so that it stays in the quantity's range.
* ``method="bootstrap"``: the parametric bootstrap. ``draws`` parameter vectors from the
  fit's asymptotic normal distribution (clv_param_draws_report on the log scale, with the
  library's generator seeded by ``seed``: the same seed gives the same interval), every
  customer re-scored with each draw through the same row function as the estimate (one C
  call per draw and chunk of rows), and the interval read off the draws' percentiles
  ((1 - level)/2 and (1 + level)/2); ``se`` is the draws' standard deviation. The estimate
  is the prediction at the fitted parameters. Cost: ``draws`` times the prediction.

A value with a Gamma-Gamma spend model has 7 parameters (docs/uncertainty.md): the two fits
are independent, so the delta method uses the block-diagonal covariance of the two reports
and the bootstrap draws the two models' parameters independently.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable, List, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core
from ._frame import InputError

COLUMNS = ["estimate", "lower", "upper", "se"]
METHODS = ("delta", "bootstrap")
#: Doubles of bootstrap draws held at once (draws x rows of one chunk): 32 MB.
_CHUNK_VALUES = 1 << 22


def level(interval: Any) -> float:
    """The confidence level of ``interval=`` (True means 0.95)."""
    if interval is True:
        return 0.95
    try:
        lv = float(interval)
    except (TypeError, ValueError):
        raise InputError("interval must be a confidence level in (0, 1), such as 0.95; "
                         "got %r" % (interval,)) from None
    if not 0.0 < lv < 1.0:
        raise InputError("interval must be a confidence level in (0, 1), such as 0.95; "
                         "got %r" % (interval,))
    return lv


def check_method(method: str, draws: int) -> None:
    if method not in METHODS:
        raise InputError("method must be \"delta\" or \"bootstrap\", got %r" % (method,))
    if method == "bootstrap" and (not isinstance(draws, (int, np.integer)) or draws < 2):
        raise InputError("draws must be an integer >= 2, got %r" % (draws,))


def report(model) -> _core.FitReport:
    """The fit report whose covariance the intervals use; InputError without one."""
    r = model.report
    if r is None:
        raise InputError("%s has no covariance: intervals need a fitted model (fit() or a "
                         "model saved after a fit), not given parameters"
                         % type(model).__name__)
    if not r.covariance_ok:
        raise InputError("%s's fit has no covariance (its information matrix was not "
                         "positive definite): no interval" % type(model).__name__)
    return r


def covariance(*models) -> np.ndarray:
    """The block-diagonal covariance of independently fitted models, row-major square."""
    blocks = [np.asarray(report(m).covariance, dtype=float) for m in models]
    k = sum(b.shape[0] for b in blocks)
    out = np.zeros((k, k))
    i = 0
    for b in blocks:
        n = b.shape[0]
        out[i:i + n, i:i + n] = b
        i += n
    return out


def frame(index, estimate, lower, upper, se, name: Optional[str] = None) -> pd.DataFrame:
    df = pd.DataFrame({"estimate": estimate, "lower": lower, "upper": upper, "se": se},
                      index=index, columns=COLUMNS)
    df.columns.name = name
    return df


def param_draws(seed: int, draws: int, *models) -> List[list]:
    """``draws`` parameter vectors of each model from its fit (clv_param_draws_report, log
    scale), all from one generator seeded with ``seed``: a list per model."""
    rng = _core.RNG(seed)
    return [_core.param_draws_report(rng, m._need(), report(m), draws, scale="log")
            for m in models]


def _percentiles(samples: np.ndarray, lv: float, what: str):
    """Lower and upper percentile and standard deviation over axis 0 (the draws), NaN
    draws (a row the library refused at a drawn point) left out with a warning."""
    bad = np.isnan(samples)
    n_bad = int(bad.any(axis=1).sum()) if samples.ndim == 2 else int(bad.sum())
    if n_bad:
        warnings.warn("%s: %d of %d bootstrap draws gave no value for some rows (the "
                      "library refused the drawn parameters there); those draws are left out"
                      % (what, n_bad, samples.shape[0]), RuntimeWarning, stacklevel=4)
    a = (1.0 - lv) / 2.0
    lo, hi = np.quantile(samples, [a, 1.0 - a], axis=0)  # fast; NaN where a draw was NaN
    sd = np.std(samples, axis=0, ddof=1)
    if n_bad:
        cols = bad.any(axis=0) if samples.ndim == 2 else slice(None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN column stays NaN
            # numpy's nanquantile goes column by column: only where it is needed.
            lo[cols], hi[cols] = np.nanquantile(samples[:, cols], [a, 1.0 - a], axis=0)
            sd[cols] = np.nanstd(samples[:, cols], axis=0, ddof=1)
    return lo, hi, sd


def subtable(table: _core.CustomerTable, rows) -> _core.CustomerTable:
    """The rows (a slice or a boolean mask) of a table as a new table (a slice's columns
    are views, a mask's copies)."""
    cols = [table.x, table.t_x, table.T, table.monetary]
    return _core.CustomerTable(*(None if c is None else np.asarray(c)[rows] for c in cols[:3]),
                               monetary=None if cols[3] is None else np.asarray(cols[3])[rows])


def bootstrap_rows(score: Callable[..., np.ndarray], table: _core.CustomerTable,
                   draws_per_model: Sequence[list], lv: float, what: str):
    """Percentile interval and sd of ``score(table, *params)`` (the row function, NaN for a
    refused row) over the draws, in chunks of rows so that at most _CHUNK_VALUES values are
    held at once. Returns (lower, upper, se) arrays."""
    n = len(table)
    n_draws = len(draws_per_model[0])
    step = max(1, _CHUNK_VALUES // n_draws)
    lo, hi, sd = np.empty(n), np.empty(n), np.empty(n)
    for i in range(0, n, step):
        j = min(n, i + step)
        part = table if (i == 0 and j == n) else subtable(table, slice(i, j))
        samples = np.empty((n_draws, j - i))
        for d in range(n_draws):
            samples[d] = score(part, *(ds[d] for ds in draws_per_model))
        lo[i:j], hi[i:j], sd[i:j] = _percentiles(samples, lv, what)
    return lo, hi, sd


def bootstrap_values(fn: Callable[..., float], values: np.ndarray,
                     draws_per_model: Sequence[list], lv: float, what: str):
    """As bootstrap_rows for a scalar function fn(value, *params) of a few values (sBG
    curves, a new customer's expected purchases); a value the library refuses at a drawn
    point is NaN."""
    n_draws = len(draws_per_model[0])
    samples = np.empty((n_draws, len(values)))
    for d in range(n_draws):
        params = [ds[d] for ds in draws_per_model]
        for k, v in enumerate(values):
            try:
                samples[d, k] = fn(v, *params)
            except _core.ClvError:
                samples[d, k] = math.nan
    return _percentiles(samples, lv, what)


def values_frame(values: Any, estimate, lower, upper, se, name: str, index_name: str):
    """A Series (one value) or a DataFrame indexed by the values (by a Series' index)."""
    if np.ndim(values) == 0:
        return pd.Series([estimate[0], lower[0], upper[0], se[0]], index=COLUMNS, name=name)
    index = values.index if isinstance(values, pd.Series) else pd.Index(
        np.asarray(values, dtype=float), name=index_name)
    return frame(index, estimate, lower, upper, se, name)
