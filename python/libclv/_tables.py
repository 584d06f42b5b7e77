# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Churn and referral functions over DataFrames: Kaplan-Meier survival and the Nelson-Aalen
cumulative hazard from durations, the log-rank test between groups, cohort retention tables,
and the Net Promoter Score from answers, overall or by segment (the sBG model and Bass
diffusion are classes in _models)."""

from __future__ import annotations

import dataclasses
from typing import Any, Hashable, Optional

import numpy as np
import pandas as pd

from . import _core
from ._frame import InputError, _column, _float_column, _with_label

__all__ = ["kaplan_meier", "cumulative_hazard", "logrank", "cohort_retention_table", "nps"]


def kaplan_meier(df: pd.DataFrame, duration_col: Hashable = "duration",
                 event_col: Hashable = "churned", weights_col: Optional[Hashable] = None,
                 level: float = 0.95) -> pd.DataFrame:
    """Kaplan-Meier survival of customers (clv_km_estimate): one row per customer with the
    time observed and 1 if they churned then, 0 if still a customer (censored); optional
    weights. Returns a DataFrame indexed by event time with at_risk, events, censored,
    survival, std_error (Greenwood) and the log-log band lower / upper at ``level``;
    ``.attrs`` holds ``median`` (median, lower, upper; inf when not reached) and the totals
    (``customers``, ``events``, ``censored``, ``max_time``)."""
    d = _float_column(df, duration_col, "duration")
    e = _float_column(df, event_col, "event")
    bad = np.flatnonzero((e != 0) & (e != 1))
    if len(bad):
        raise InputError("%r must be 0 or 1 (row %d)" % (event_col, bad[0]), column=event_col,
                         row=int(bad[0]), label=df.index[bad[0]])
    w = _float_column(df, weights_col, "weights") if weights_col is not None else None
    try:
        km = _core.km_estimate(d, e.astype(np.int32), w, level)
    except _core.ClvError as err:
        raise _with_label(err, df.index) from None
    fields = [f.name for f in dataclasses.fields(_core.KMRow)]
    out = pd.DataFrame([dataclasses.astuple(r) for r in km.rows], columns=fields)
    out = out.set_index("time")
    out.attrs["median"] = km.median()
    out.attrs.update({k: getattr(km.summary, k) for k in ("customers", "events", "censored",
                                                          "max_time", "level")})
    return out


def _events(df, event_col):
    e = _float_column(df, event_col, "event")
    bad = np.flatnonzero((e != 0) & (e != 1))
    if len(bad):
        raise InputError("%r must be 0 or 1 (row %d)" % (event_col, bad[0]), column=event_col,
                         row=int(bad[0]), label=df.index[bad[0]])
    return e.astype(np.int32)


def cumulative_hazard(df: pd.DataFrame, duration_col: Hashable = "duration",
                 event_col: Hashable = "churned", entry_col: Optional[Hashable] = None,
                 weights_col: Optional[Hashable] = None, level: float = 0.95) -> pd.DataFrame:
    """Nelson-Aalen cumulative hazard of customers (clv_nelson_aalen; ``libclv.core`` has the
    list version under that name): one row per customer
    with the time of churn or censoring and 1 if they churned then; optional entry times
    (customers observed from a later start: at risk only after entry) and weights. Returns a
    DataFrame indexed by event time with at_risk, events, cum_hazard, std_error and the band
    lower / upper at ``level``."""
    d = _float_column(df, duration_col, "duration")
    e = _events(df, event_col)
    entry = _float_column(df, entry_col, "entry") if entry_col is not None else None
    w = _float_column(df, weights_col, "weights") if weights_col is not None else None
    try:
        rows = _core.nelson_aalen(d, e, entry, w, level)
    except _core.ClvError as err:
        raise _with_label(err, df.index) from None
    fields = [f.name for f in dataclasses.fields(_core.NARow)]
    return pd.DataFrame([dataclasses.astuple(r) for r in rows], columns=fields).set_index("time")


def logrank(df: pd.DataFrame, duration_col: Hashable = "duration",
                 event_col: Hashable = "churned", group_col: Hashable = "group",
                 entry_col: Optional[Hashable] = None, weights_col: Optional[Hashable] = None,
                 strata_col: Optional[Hashable] = None, rho: float = 0.0,
                 gamma: float = 0.0) -> pd.DataFrame:
    """Log-rank test of whether the groups in ``group_col`` (any hashable labels) churn alike
    (clv_logrank_test; ``libclv.core.logrank_test`` is the list version): stratified by ``strata_col`` when given, Fleming-Harrington G(rho,
    gamma) weighted (0, 0: the log-rank test; 1, 0: Peto-Peto). Returns a DataFrame indexed by
    group with observed and expected churn; ``.attrs`` holds statistic, df, p_value, customers,
    events and n_strata."""
    d = _float_column(df, duration_col, "duration")
    e = _events(df, event_col)
    g = _column(df, group_col, "group")
    codes, labels = pd.factorize(g, sort=True)
    if (codes < 0).any():
        i = int(np.flatnonzero(codes < 0)[0])
        raise InputError("%r has a missing group (row %d)" % (group_col, i), column=group_col,
                         row=i, label=df.index[i])
    stratum = None
    if strata_col is not None:
        sc, _ = pd.factorize(_column(df, strata_col, "stratum"))
        if (sc < 0).any():
            i = int(np.flatnonzero(sc < 0)[0])
            raise InputError("%r has a missing stratum (row %d)" % (strata_col, i),
                             column=strata_col, row=i, label=df.index[i])
        stratum = sc.astype(np.int32)
    entry = _float_column(df, entry_col, "entry") if entry_col is not None else None
    w = _float_column(df, weights_col, "weights") if weights_col is not None else None
    try:
        res, observed, expected = _core.logrank_test(d, e, codes.astype(np.int32), len(labels),
                                                     entry, w, stratum, rho, gamma)
    except _core.ClvError as err:
        raise _with_label(err, df.index) from None
    out = pd.DataFrame({"observed": observed, "expected": expected},
                       index=pd.Index(labels, name=group_col))
    out.attrs.update({k: getattr(res, k) for k in ("statistic", "df", "p_value", "customers",
                                                   "events", "n_strata")})
    return out


def cohort_retention_table(active: pd.DataFrame) -> dict:
    """Cohort retention from a DataFrame of active customers: one row per acquisition cohort
    (index: the cohorts), column t = customers still active t periods after acquisition (NaN
    where not yet observed: a triangle) (clv_cohort_retention). Returns a dict of DataFrames
    ``retention`` and ``survival`` (cohort x period) and Series ``pooled_retention`` and
    ``pooled_survival`` (by period, pooled over the cohorts observed that long)."""
    if not isinstance(active, pd.DataFrame):
        raise TypeError("expected a pandas DataFrame, got %s" % type(active).__name__)
    a = active.to_numpy(dtype=float)
    try:
        r = _core.cohort_retention(a)
    except _core.ClvError as err:
        raise _with_label(err, active.index) from None
    ret = pd.DataFrame(np.asarray(r.retention), index=active.index, columns=active.columns)
    sur = pd.DataFrame(np.asarray(r.survival), index=active.index, columns=active.columns)
    cols = active.columns[:len(r.pooled_retention)]
    return {"retention": ret, "survival": sur,
            "pooled_retention": pd.Series(np.asarray(r.pooled_retention), index=cols,
                                          name="retention"),
            "pooled_survival": pd.Series(np.asarray(r.pooled_survival), index=cols,
                                         name="survival")}


def nps(data: Any, score_col: Optional[Hashable] = None,
        segment_col: Optional[Hashable] = None, level: float = 0.95) -> pd.DataFrame:
    """Net Promoter Score (Reichheld 2003) of answers 0..10 (clv_nps_from_scores, or
    clv_nps_by_segment by ``segment_col``): a DataFrame with one row (index "all") or one row
    per segment (any hashable labels), columns promoters, passives, detractors (shares), n,
    nps (-100..100), std_error and the Wald interval lower / upper at ``level``
    (clv_nps_interval). data: a DataFrame with score_col (and segment_col), or a sequence /
    Series of scores."""
    if isinstance(data, pd.DataFrame):
        if score_col is None:
            raise InputError("give score_col for a DataFrame")
        scores = _float_column(data, score_col, "score")
        index = data.index
    else:
        scores = np.ascontiguousarray(np.asarray(data, dtype=np.float64))
        index = data.index if isinstance(data, pd.Series) else pd.RangeIndex(len(scores))
    bad = np.flatnonzero(~((scores >= 0) & (scores <= 10)))  # NaN included
    if len(bad):  # the library says "outside the domain" without the row: name it here
        raise InputError("score %r at row %d is not in 0..10" % (scores[bad[0]], bad[0]),
                         column=score_col, row=int(bad[0]), label=index[bad[0]])
    try:
        if segment_col is None:
            results, labels = [_core.nps_from_scores(scores)], pd.Index(["all"])
        else:
            codes, labels = pd.factorize(_column(data, segment_col, "segment"), sort=True)
            if (codes < 0).any():
                row = int(np.flatnonzero(codes < 0)[0])
                raise InputError("segment column %r: missing at row %d" % (segment_col, row),
                                 column=segment_col, row=row, label=index[row])
            results = _core.nps_by_segment(scores, codes.astype(np.uint32), len(labels))
        rows = []
        for r in results:
            lo, hi = _core.nps_interval(r, level) if r.n > 0 else (np.nan, np.nan)
            rows.append((r.promoters, r.passives, r.detractors, r.n, r.nps, r.std_error, lo,
                         hi))
    except _core.ClvError as err:
        raise _with_label(err, index) from None
    out = pd.DataFrame(rows, index=labels, columns=["promoters", "passives", "detractors",
                                                    "n", "nps", "std_error", "lower",
                                                    "upper"])
    out.index.name = segment_col
    return out
