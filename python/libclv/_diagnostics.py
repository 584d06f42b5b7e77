# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Model checking as DataFrames: every diagnostic of the library's group clv_checking
(docs/model-checking.md) over the package's tables, plus the tables the plots draw (the
P(alive) history of one customer, value concentration, the sBG retention curve, the Bass
curve).

The checks are those of Fader, Hardie & Lee (2005, "Counting your customers the easy way",
Marketing Science 24(2)): fig. 2 tracking, fig. 3 the calibration frequency histogram with
Pearson's chi-square test, fig. 4 conditional expectations; holdout accuracy, a calibration
table, AIC / BIC (Akaike 1974; Schwarz 1978), the likelihood-ratio test of nested fits (Wilks
1938) and the P(alive) / expected-purchases matrices over frequency x recency. Each function
calls the library once (the numbers are the library's; nothing is recomputed here) and
returns a DataFrame; impossible cells of the matrices are NaN (masked), never filled.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Dict, Hashable, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._frame import (InputError, _column, _customer_codes, _datetimes, _float_column,
                     _ordinals, _scalar_ordinal, _with_label)

__all__ = ["tracking", "period_transactions", "conditional_by_frequency",
           "conditional_by_recency", "holdout_accuracy", "calibration_table",
           "information_criteria", "likelihood_ratio_test", "probability_alive_matrix",
           "expected_purchases_matrix", "p_alive_history", "value_concentration",
           "sbg_retention", "bass_curve", "time_unit"]

Number = Union[int, float]

_FREQ_NAMES = {"D": "days", "W": "weeks", "M": "months", "H": "hours", "h": "hours",
               "T": "minutes", "min": "minutes", "S": "seconds", "s": "seconds",
               "Y": "years", "A": "years", "Q": "quarters"}


def time_unit(freq: str = "D", freq_multiplier: Number = 1) -> str:
    """The name of the time unit of rfm_summary(freq, freq_multiplier): "days", "weeks"
    (freq "D" with multiplier 7, or "W"), "months", or "periods of 3 months"."""
    name = _FREQ_NAMES.get(freq, "periods of %s" % freq)
    fm = float(freq_multiplier)
    if fm == 1:
        return name
    if freq == "D" and fm == 7:
        return "weeks"
    if freq in ("H", "h") and fm == 24:
        return "days"
    return "periods of %g %s" % (fm, name)


def _purchase(model):
    from ._models import _PurchaseModel
    if not isinstance(model, _PurchaseModel):
        raise TypeError("expected a purchase model (BetaGeo, ParetoNBD, ModifiedBetaGeo, "
                        "BetaGeoBetaBinom), got %s" % type(model).__name__)
    return model._need()


def _lib(fn, index, *args, **kw):
    try:
        return fn(*args, **kw)
    except _core.ClvError as err:
        raise _with_label(err, index) from None


def _bin_labels(k: int):
    return ["%d" % x for x in range(k)] + ["%d+" % k]


# ------------------------------------------------------------------------------------------
# Transaction logs (tracking, history)
# ------------------------------------------------------------------------------------------

class _Log:
    """A transaction log as period ordinals and customer codes, sorted by customer, then
    period (the order clv_tracking_actual reads), with times in the model's unit counted
    from ``origin`` (the log's first period)."""

    def __init__(self, df, customer_id_col, datetime_col, freq, freq_multiplier,
                 observation_period_end, datetime_format):
        if not isinstance(df, pd.DataFrame):
            raise TypeError("expected a transaction DataFrame, got %s" % type(df).__name__)
        if len(df) == 0:
            raise InputError("the transaction log is empty")
        self.freq = freq
        self.fm = float(freq_multiplier)
        if not (self.fm > 0 and math.isfinite(self.fm)):
            raise InputError("freq_multiplier must be a positive number")
        self.datetime_format = datetime_format
        ids = _column(df, customer_id_col, "customer id")
        codes, uniques = _customer_codes(ids, customer_id_col, df.index)
        ords = _ordinals(_datetimes(_column(df, datetime_col, "datetime"), datetime_col,
                                    datetime_format), freq)
        self.end = int(ords.max()) if observation_period_end is None else self.ordinal(
            observation_period_end, "observation_period_end")
        keep = ords <= self.end
        if not keep.any():
            raise InputError("no transaction by observation_period_end")
        self.ids, self.uniques = ids.to_numpy()[keep], uniques
        codes, ords = codes[keep], ords[keep]
        self.origin = int(ords.min())
        order = np.lexsort((ords, codes))
        self.codes, self.ords = codes[order], ords[order]
        self.ids = self.ids[order]
        self.time = self.to_time(self.ords)
        first = np.r_[True, self.codes[1:] != self.codes[:-1]]
        self.birth = self.time[first]

    def ordinal(self, value, what):
        return _scalar_ordinal(value, self.freq, self.datetime_format, what)

    def to_time(self, ords):
        """Periods since the origin over freq_multiplier: the model's time unit."""
        return (np.asarray(ords, dtype=np.int64) - self.origin).astype(np.float64) / self.fm

    def grid(self, times, step, start=0.0):
        if times is not None:
            return np.ascontiguousarray(np.asarray(times, dtype=np.float64))
        periods = float(step) * self.fm  # the grid in whole periods where step allows
        if not periods > 0:
            raise InputError("step must be > 0")
        last = (self.end - self.origin) - start * self.fm
        k = np.arange(1, int(math.floor(last / periods + 1e-9)) + 1, dtype=np.float64)
        return (start * self.fm + k * periods) / self.fm

    def dates(self, times):
        """The start of the period at each time (origin + t freq_multiplier periods)."""
        ords = self.origin + np.floor(np.asarray(times) * self.fm + 1e-9).astype(np.int64)
        return pd.DatetimeIndex(pd.arrays.PeriodArray(
            ords, dtype=pd.PeriodDtype(self.freq)).to_timestamp(), freq=None)


def tracking(model, transactions: pd.DataFrame, customer_id_col: Hashable,
             datetime_col: Hashable, *, freq: str = "D", freq_multiplier: Number = 1,
             times: Optional[Sequence[Number]] = None, step: Number = 1,
             observation_period_end: Any = None, calibration_end: Any = None,
             datetime_format: Optional[str] = None, progress=None) -> pd.DataFrame:
    """Expected and actual repeat transactions of the whole customer base over calendar time
    (FHL 2005 fig. 2; clv_tracking_expected and clv_tracking_actual; lifetimes'
    expected_cumulative_transactions).

    Times are counted as rfm_summary counts them (periods of ``freq`` over
    ``freq_multiplier``, the model's time unit) from the log's first period, the origin. Each
    customer's birth is their first purchase; the model adds E[X(t - birth)] for each
    customer born before t; the actual series counts repeat purchases (a customer's later
    purchase periods) at times <= t. The grid is ``times`` (model units since the origin) or
    step, 2 step, ... up to observation_period_end (default the last transaction).

    Returns a DataFrame indexed by ``t`` with ``date`` (the start of that period), ``actual``
    and ``expected`` (cumulative), ``actual_incremental`` and ``expected_incremental`` (in
    (t_prev, t]). ``.attrs``: ``origin`` (Timestamp), ``unit``, ``customers``,
    ``calibration_end`` (the time of calibration_end, or None)."""
    params = _purchase(model)
    log = _Log(transactions, customer_id_col, datetime_col, freq, freq_multiplier,
               observation_period_end, datetime_format)
    grid = log.grid(times, step)
    if len(grid) == 0:
        raise InputError("the time grid is empty (observation shorter than one step)")
    birth, count = np.unique(log.birth, return_counts=True)
    e_cum, e_inc = _core.tracking_expected(params, birth, grid, weight=count.astype(np.float64),
                                           progress=progress)
    a_cum, a_inc = _core.tracking_actual(log.codes, log.time, grid)
    out = pd.DataFrame({"date": log.dates(grid), "actual": a_cum, "expected": e_cum,
                        "actual_incremental": a_inc, "expected_incremental": e_inc},
                       index=pd.Index(grid, name="t"))
    out.attrs.update(origin=pd.Period(ordinal=log.origin, freq=freq).to_timestamp(),
                     unit=time_unit(freq, freq_multiplier), customers=int(len(log.birth)),
                     calibration_end=None if calibration_end is None else float(
                         log.to_time([log.ordinal(calibration_end, "calibration_end")])[0]))
    return out


def p_alive_history(model, transactions: pd.DataFrame, customer_id_col: Hashable,
                    datetime_col: Hashable, customer_id: Any, *, freq: str = "D",
                    freq_multiplier: Number = 1, step: Optional[Number] = None,
                    observation_period_end: Any = None,
                    datetime_format: Optional[str] = None) -> pd.DataFrame:
    """P(alive) of one customer over time, from their transactions (lifetimes'
    plot_history_alive): at each grid time s since their first purchase (every ``step``
    model units, default one period of ``freq``, up to observation_period_end), the history
    as of s -- frequency x = purchase periods in (0, s], recency t_x = the last of them,
    T = s -- and the model's P(alive | x, t_x, T), all in one clv_p_alive_rows call.

    Returns a DataFrame indexed by ``t`` (model units since the first purchase) with
    ``date``, ``frequency``, ``recency``, ``T``, ``p_alive`` and ``purchase`` (True where a
    purchase period falls at t). ``.attrs``: ``unit``, ``purchases`` (the purchase times)."""
    _purchase(model)
    log = _Log(transactions, customer_id_col, datetime_col, freq, freq_multiplier,
               observation_period_end, datetime_format)
    mine = np.flatnonzero(pd.Series(log.ids).eq(customer_id).to_numpy())
    if len(mine) == 0:
        raise InputError("customer %r has no transaction by the end of observation"
                         % (customer_id,), column=customer_id_col)
    own = np.unique(log.time[mine])  # purchase periods (same-period rows are one purchase)
    first = own[0]
    purchases = own - first
    step = 1.0 / log.fm if step is None else float(step)
    horizon = (log.end - log.origin) / log.fm - first
    k = np.arange(0, int(math.floor(horizon / step + 1e-9)) + 1, dtype=np.float64)
    s = k * step
    # x(s): purchases after the first at times <= s; t_x(s): the last purchase <= s.
    n_upto = np.searchsorted(purchases, s + 1e-12, side="right")
    x = (n_upto - 1).astype(np.float64)
    t_x = purchases[n_upto - 1]
    table = pd.DataFrame({"frequency": x, "recency": t_x, "T": s})
    p = model.p_alive(table).to_numpy()
    out = pd.DataFrame({"date": log.dates(first + s), "frequency": x, "recency": t_x, "T": s,
                        "p_alive": p,
                        "purchase": np.isin(np.round(s * log.fm), np.round(purchases * log.fm))},
                       index=pd.Index(s, name="t"))
    out.attrs.update(unit=time_unit(freq, freq_multiplier), purchases=purchases,
                     customer_id=customer_id)
    return out


# ------------------------------------------------------------------------------------------
# Customer tables
# ------------------------------------------------------------------------------------------

def period_transactions(model, data: Optional[pd.DataFrame] = None, max_frequency: int = 7,
                        *, min_expected: float = 5.0, n_params: Optional[int] = None,
                        progress=None) -> pd.DataFrame:
    """Expected and actual numbers of customers with 0, 1, ..., max_frequency-1 and
    max_frequency or more repeat purchases in calibration (FHL 2005 fig. 3;
    clv_frequency_histogram; lifetimes' plot_period_transactions), with Pearson's chi-square
    test (clv_chi_square_test: bins merged in order until each group expects at least
    ``min_expected`` customers; degrees of freedom groups - 1 - n_params, n_params default
    the model's parameter count).

    Returns a DataFrame indexed by ``frequency`` 0..max_frequency with ``label`` ("7+" for
    the last bin), ``actual``, ``expected`` and ``group`` (the chi-square group of each bin);
    ``.attrs["chi_square"]`` is a dict of statistic, df, p_value and groups, or None when
    too few groups remain for a test (then ``.attrs["chi_square_error"]`` says why)."""
    params = _purchase(model)
    tab = model._tab(data)
    k = int(max_frequency)
    expected, actual = _lib(_core.frequency_histogram, tab.index, params, tab.table, k,
                            progress=progress)
    n_params = len(model.param_names()) if n_params is None else n_params
    out = pd.DataFrame({"label": _bin_labels(k), "actual": np.asarray(actual, dtype=float),
                        "expected": np.asarray(expected, dtype=float)},
                       index=pd.RangeIndex(k + 1, name="frequency"))
    try:
        res, groups = _core.chi_square_test(out["expected"].to_numpy(),
                                            out["actual"].to_numpy(), n_params,
                                            min_expected=min_expected, groups=True)
        out["group"] = np.asarray(groups, dtype=np.int64)
        out.attrs["chi_square"] = dataclasses.asdict(res)
    except _core.ClvDomainError as err:
        out["group"] = -1
        out.attrs["chi_square"] = None
        out.attrs["chi_square_error"] = str(err)
    return out


def _holdout(data: pd.DataFrame, holdout_col, holdout_length, duration_col):
    h = _float_column(data, holdout_col, "holdout")
    if holdout_length is None:
        d = _float_column(data, duration_col, "holdout duration")
        if len(d) == 0 or not np.all(d == d[0]):
            raise InputError("%r is not the same for every customer: give holdout_length"
                             % (duration_col,), column=duration_col)
        holdout_length = float(d[0])
    return h, float(holdout_length)


def conditional_by_frequency(model, data: pd.DataFrame, max_frequency: int = 7, *,
                             holdout_col: Hashable = "frequency_holdout",
                             holdout_length: Optional[Number] = None,
                             duration_col: Hashable = "duration_holdout",
                             progress=None) -> pd.DataFrame:
    """Mean actual holdout purchases against the model's mean conditional expectation
    E[X(holdout_length) | x, t_x, T], by calibration frequency 0..max_frequency-1 and
    max_frequency+ (FHL 2005 fig. 4; clv_conditional_by_frequency; lifetimes'
    plot_calibration_purchases_vs_holdout_purchases). data: rfm_summary(...,
    calibration_end=...) output (holdout_length defaults to its ``duration_holdout``).

    Returns a DataFrame indexed by ``frequency`` with ``label``, ``count`` (customers),
    ``actual`` and ``predicted`` (means; an empty bin has count 0 and means 0)."""
    params = _purchase(model)
    tab = model._tab(data)
    h, length = _holdout(data, holdout_col, holdout_length, duration_col)
    k = int(max_frequency)
    count, actual, predicted = _lib(_core.conditional_by_frequency, tab.index, params,
                                    tab.table, h, length, k, progress=progress)
    out = pd.DataFrame({"label": _bin_labels(k), "count": count, "actual": actual,
                        "predicted": predicted}, index=pd.RangeIndex(k + 1, name="frequency"))
    out.attrs["holdout_length"] = length
    return out


def conditional_by_recency(model, data: pd.DataFrame, bins: int = 10, *,
                           edges: Optional[Sequence[Number]] = None,
                           holdout_col: Hashable = "frequency_holdout",
                           holdout_length: Optional[Number] = None,
                           duration_col: Hashable = "duration_holdout",
                           progress=None) -> pd.DataFrame:
    """As conditional_by_frequency(), with the customers binned by recency t_x
    (clv_conditional_by_recency): bin b holds edges[b] <= t_x < edges[b+1], the last bin also
    its upper edge. edges default: ``bins`` equal bins from 0 to the largest recency.

    Returns a DataFrame indexed by the bins (an IntervalIndex) with ``lower``, ``upper``,
    ``count``, ``actual`` and ``predicted``."""
    params = _purchase(model)
    tab = model._tab(data)
    h, length = _holdout(data, holdout_col, holdout_length, duration_col)
    if edges is None:
        top = float(np.max(tab.table.t_x))
        edges = np.linspace(0.0, top if top > 0 else 1.0, int(bins) + 1)
    e = np.ascontiguousarray(np.asarray(edges, dtype=np.float64))
    count, actual, predicted = _lib(_core.conditional_by_recency, tab.index, params, tab.table,
                                    h, length, e, progress=progress)
    out = pd.DataFrame({"lower": e[:-1], "upper": e[1:], "count": count, "actual": actual,
                        "predicted": predicted},
                       index=pd.IntervalIndex.from_breaks(e, closed="left", name="recency"))
    out.attrs["holdout_length"] = length
    return out


def _named(models) -> Dict[str, Any]:
    """A model, a sequence of models or a mapping name -> model, as an ordered dict."""
    if isinstance(models, Mapping):
        return {str(k): v for k, v in models.items()}
    if not isinstance(models, (list, tuple)):
        models = [models]
    out: Dict[str, Any] = {}
    for m in models:
        name = type(m).__name__
        i = 2
        while name in out:
            name = "%s_%d" % (type(m).__name__, i)
            i += 1
        out[name] = m
    return out


def holdout_accuracy(models, data: pd.DataFrame, *, holdout_col: Hashable = "frequency_holdout",
                     holdout_length: Optional[Number] = None,
                     duration_col: Hashable = "duration_holdout",
                     weights_col: Optional[Hashable] = None) -> pd.DataFrame:
    """MAE, RMSE, bias (mean predicted - actual) and Pearson correlation of each model's
    predicted holdout purchases (expected_purchases(holdout_length)) against the actual ones
    (clv_holdout_accuracy), for comparing models on the same customers. models: one model, a
    list, or a dict name -> model.

    Returns a DataFrame with one row per model: count, mae, rmse, bias, correlation (NaN
    when a series is constant: the library's correlation_defined 0), correlation_defined,
    mean_predicted, mean_actual."""
    h, length = _holdout(data, holdout_col, holdout_length, duration_col)
    w = _float_column(data, weights_col, "weights") if weights_col is not None else None
    rows = {}
    for name, m in _named(models).items():
        _purchase(m)
        pred = m.expected_purchases(length, data).to_numpy()
        acc = _lib(_core.holdout_accuracy, data.index, pred, h, w)
        row = dataclasses.asdict(acc)
        row["correlation_defined"] = bool(row["correlation_defined"])
        if not row["correlation_defined"]:
            row["correlation"] = math.nan
        rows[name] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "model"
    out.attrs["holdout_length"] = length
    return out


def calibration_table(model, data: pd.DataFrame, bins: int = 10, *,
                      edges: Optional[Sequence[Number]] = None,
                      holdout_col: Hashable = "frequency_holdout",
                      holdout_length: Optional[Number] = None,
                      duration_col: Hashable = "duration_holdout",
                      weights_col: Optional[Hashable] = None, progress=None) -> pd.DataFrame:
    """The customers binned by their predicted holdout purchases -- ``bins`` bins of equal
    weight (quantiles; ties never straddle two bins) or between ``edges`` -- with each bin's
    mean prediction and mean actual holdout purchases (clv_calibration_table).

    Returns a DataFrame indexed by bin 0.. with ``lower``, ``upper`` (the edges used),
    ``count``, ``predicted`` and ``actual`` (0 in an empty bin)."""
    _purchase(model)
    h, length = _holdout(data, holdout_col, holdout_length, duration_col)
    w = _float_column(data, weights_col, "weights") if weights_col is not None else None
    pred = model.expected_purchases(length, data).to_numpy()
    r = _lib(_core.calibration_table, data.index, pred, h, bins, weight=w, edges=edges,
             progress=progress)
    e = np.asarray(r["edges"], dtype=float)
    out = pd.DataFrame({"lower": e[:-1], "upper": e[1:], "count": r["count"],
                        "predicted": r["mean_predicted"], "actual": r["mean_actual"]},
                       index=pd.RangeIndex(len(e) - 1, name="bin"))
    out.attrs["holdout_length"] = length
    return out


def information_criteria(models) -> pd.DataFrame:
    """AIC = 2k - 2 LL (Akaike 1974) and BIC = k ln(n) - 2 LL (Schwarz 1978) of fitted models
    (clv_information_criteria over each fit's report and n_obs); lower is better among models
    fitted to the same customers. models: one model, a list, or a dict name -> model.

    Returns a DataFrame with one row per model: n_params, n_obs, loglik, aic, bic."""
    rows = {}
    for name, m in _named(models).items():
        if m.report is None:
            raise InputError("%s has no fit report (fit it first)" % name)
        aic, bic = _core.information_criteria(m.report, m.n_obs)
        rows[name] = {"n_params": int(m.report.n_params), "n_obs": float(m.n_obs),
                      "loglik": float(m.loglik), "aic": aic, "bic": bic}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "model"
    return out


def likelihood_ratio_test(restricted, full: Union[Any, Iterable[Any]],
                          df: Optional[Number] = None) -> pd.DataFrame:
    """Likelihood-ratio test of a restricted fit nested in a fuller one (Wilks 1938;
    clv_likelihood_ratio_test): statistic 2 (LL_full - LL_restricted), chi-square(df). full:
    a fitted model, or a list (or dict) of models fitted to disjoint segments of the
    restricted fit's customers, whose log-likelihoods add up (one pooled fit against one fit
    per segment). df default: the parameters of the full fits minus the restricted fit's
    (4 (segments - 1) for the purchase models).

    Returns a one-row DataFrame: loglik_restricted, loglik_full, df, statistic, p_value."""
    fulls = list(_named(full).values())
    for m in [restricted] + fulls:
        if m.report is None:
            raise InputError("%s has no fit report (fit it first)" % type(m).__name__)
    ll_full = float(sum(m.loglik for m in fulls))
    if df is None:
        df = sum(len(m.param_names()) for m in fulls) - len(restricted.param_names())
    stat, p = _core.likelihood_ratio_test(restricted.loglik, ll_full, df)
    return pd.DataFrame({"loglik_restricted": [float(restricted.loglik)],
                         "loglik_full": [ll_full], "df": [float(df)], "statistic": [stat],
                         "p_value": [p]}, index=pd.Index(["likelihood ratio"], name="test"))


def _matrix(model, which, horizon, max_frequency, T, recency, data, progress):
    params = _purchase(model)
    if max_frequency is None or T is None:
        if data is None:
            data = model._data
        if data is None:
            raise InputError("give max_frequency and T, or the customer table")
        if max_frequency is None:
            max_frequency = int(np.max(_float_column(data, "frequency", "frequency")))
        if T is None:
            T = float(np.max(_float_column(data, model._T(data), model._T(data))))
    T = float(T)
    if recency is None:
        recency = np.arange(0.0, math.floor(T) + 1.0)
        if recency[-1] != T:
            recency = np.append(recency, T)
    grid = np.ascontiguousarray(np.asarray(recency, dtype=np.float64))
    pa, ex, ok = _core.frequency_recency_matrix(params, int(max_frequency), grid, T, horizon,
                                                progress=progress)
    values = np.asarray(pa if which == "p_alive" else ex, dtype=float)
    possible = np.asarray(ok, dtype=bool)
    out = pd.DataFrame(np.where(possible, values, np.nan),
                       index=pd.RangeIndex(int(max_frequency) + 1, name="frequency"),
                       columns=pd.Index(grid, name="recency"))
    out.attrs.update(T=T, horizon=float(horizon), impossible=int((~possible).sum()))
    return out


def probability_alive_matrix(model, max_frequency: Optional[int] = None,
                             T: Optional[Number] = None, *,
                             recency: Optional[Sequence[Number]] = None,
                             data: Optional[pd.DataFrame] = None, progress=None) -> pd.DataFrame:
    """P(alive) over frequency x = 0..max_frequency (rows) and a recency grid (columns) for
    customers observed for T (clv_frequency_recency_matrix; lifetimes'
    conditional_probability_alive_matrix). Cells no customer can have (x = 0 with t_x > 0;
    t_x > T; for BG/BB x > t_x) are NaN. Defaults from ``data`` (or the fitted table): the
    largest frequency, the largest T, and the grid 0, 1, ..., floor(T) (and T).
    ``.attrs``: T, horizon, impossible (the count of masked cells)."""
    return _matrix(model, "p_alive", 0.0, max_frequency, T, recency, data, progress)


def expected_purchases_matrix(model, t: Number = 1, max_frequency: Optional[int] = None,
                              T: Optional[Number] = None, *,
                              recency: Optional[Sequence[Number]] = None,
                              data: Optional[pd.DataFrame] = None,
                              progress=None) -> pd.DataFrame:
    """Conditional expected purchases in the next ``t`` over frequency x recency, as
    probability_alive_matrix() (lifetimes' plot_frequency_recency_matrix); impossible cells
    NaN."""
    return _matrix(model, "expected", t, max_frequency, T, recency, data, progress)


# ------------------------------------------------------------------------------------------
# Value, contracts, diffusion
# ------------------------------------------------------------------------------------------

def value_concentration(values: Any) -> pd.DataFrame:
    """The Lorenz curve of customer values: customers ranked from the lowest value up,
    ``customer_share`` (k / n, from 0) against ``value_share`` (the share of the total held by
    those k). ``.attrs``: ``gini`` (the mean absolute difference over twice the mean, Gini
    1912: 1 - 2 x the area under the curve by trapezoids, exact for the step data),
    ``top_share`` {1, 5, 10, 20: the share of the total held by the ceil(k n / 100) highest
    values}, ``total``, ``customers``. Values must be finite, >= 0 and not all 0."""
    v = np.asarray(values, dtype=np.float64).ravel()
    if len(v) == 0 or not np.all(np.isfinite(v)) or np.any(v < 0):
        raise InputError("values must be finite and >= 0 (and not empty)")
    v = np.sort(v, kind="stable")
    total = math.fsum(v)
    if not total > 0:
        raise InputError("the values sum to 0: no concentration")
    n = len(v)
    cum = np.concatenate([[0.0], np.cumsum(v)]) / total
    share = np.arange(n + 1, dtype=np.float64) / n
    # Area under the curve by trapezoids; Gini = 1 - 2 area = sum (2i - n - 1) v_(i) / (n
    # total), the mean-difference form.
    gini = float(np.sum((2.0 * np.arange(1, n + 1) - n - 1) * v) / (n * total))
    desc = v[::-1]
    top = {k: float(math.fsum(desc[:max(1, -(-k * n // 100))]) / total) for k in (1, 5, 10, 20)}
    out = pd.DataFrame({"customer_share": share, "value_share": cum},
                       index=pd.RangeIndex(n + 1, name="customers"))
    out.attrs.update(gini=gini, top_share=top, total=total, customers=n)
    return out


def sbg_retention(model, survivors: Optional[Sequence[Number]] = None,
                  periods: Optional[int] = None) -> pd.DataFrame:
    """The sBG curve (Fader & Hardie 2007): survival S(t) (the share of a cohort still a
    customer after t periods, eq. 4) and the retention rate r(t) = S(t) / S(t-1) (eq. 6,
    NaN at t = 0) for t = 0..periods, next to a cohort's actual survivors alive[0..] when
    given (``actual`` and ``expected`` customers, ``actual_survival``, ``actual_retention``;
    NaN after the data). periods default: twice the data's, or 12."""
    from ._models import ShiftedBetaGeo
    if not isinstance(model, ShiftedBetaGeo):
        raise TypeError("expected a ShiftedBetaGeo, got %s" % type(model).__name__)
    alive = None if survivors is None else np.asarray(survivors, dtype=np.float64)
    if periods is None:
        periods = 2 * (len(alive) - 1) if alive is not None and len(alive) > 1 else 12
    t = np.arange(int(periods) + 1, dtype=np.float64)
    surv = np.asarray(model.survival(t), dtype=float)
    ret = np.full(len(t), np.nan)
    ret[1:] = np.asarray(model.retention_rate(t[1:]), dtype=float)
    out = pd.DataFrame({"survival": surv, "retention_rate": ret},
                       index=pd.Index(t.astype(np.int64), name="period"))
    if alive is not None:
        act = np.full(len(t), np.nan)
        m = min(len(alive), len(t))
        act[:m] = alive[:m]
        out["actual"] = act
        out["expected"] = alive[0] * surv
        out["actual_survival"] = act / alive[0]
        ar = np.full(len(t), np.nan)
        ar[1:] = act[1:] / act[:-1]
        out["actual_retention"] = ar
    return out


def bass_curve(model, counts: Optional[Sequence[Number]] = None,
               periods: Optional[int] = None) -> pd.DataFrame:
    """Bass (1969) adopters per period since launch, fitted and forecast (the model's
    forecast over periods 1..periods, each (i - 1, i]) and the cumulative adopters, next to
    the actual counts where given (NaN after them; ``forecast`` is True beyond the data).
    periods default: the data's length plus half of it, or 20."""
    from ._models import Bass
    if not isinstance(model, Bass):
        raise TypeError("expected a Bass model, got %s" % type(model).__name__)
    c = None if counts is None else np.asarray(counts, dtype=np.float64)
    n_data = 0 if c is None else len(c)
    if periods is None:
        periods = n_data + max(n_data // 2, 1) if n_data else 20
    fitted = model.forecast(int(periods), start=0).to_numpy()
    idx = pd.RangeIndex(1, int(periods) + 1, name="period")
    out = pd.DataFrame({"expected": fitted, "expected_cumulative": np.cumsum(fitted),
                        "forecast": idx > n_data}, index=idx)
    if c is not None:
        act = np.full(int(periods), np.nan)
        m = min(n_data, int(periods))
        act[:m] = c[:m]
        out["actual"] = act
        out["actual_cumulative"] = np.where(np.isnan(act), np.nan, np.nancumsum(act))
    return out
