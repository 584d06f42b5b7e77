# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Plots of the diagnostics with matplotlib (imported on first use: the package itself does
not need it). Every function draws the DataFrame of the diagnostic of the same name in
_diagnostics (the lines' data are that DataFrame's columns), takes an optional ``ax`` and
returns the Axes; every axis label names its unit. Time-based plots take ``unit`` (the
name of the table's time unit, e.g. "weeks"); those that read a transaction log derive it
from freq and freq_multiplier.
"""

from __future__ import annotations

from typing import Any, Hashable, Optional, Sequence

import numpy as np
import pandas as pd

from . import _diagnostics as _d
from ._frame import InputError

__all__ = ["plot_period_transactions", "plot_tracking", "plot_conditional_by_frequency",
           "plot_conditional_by_recency", "plot_calibration", "plot_probability_alive_matrix",
           "plot_expected_purchases_matrix", "plot_history_alive", "plot_value_distribution",
           "plot_value_concentration", "plot_sbg_retention", "plot_kaplan_meier", "plot_bass"]

#: Hatching of the cells of a matrix no customer can have (drawn under the masked mesh).
IMPOSSIBLE_HATCH = "//"


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    return plt.gca()


def plot_period_transactions(model, data: Optional[pd.DataFrame] = None,
                             max_frequency: int = 7, *, ax=None, **kw):
    """Actual and expected customers by calibration repeat purchases, side by side bars
    (FHL 2005 fig. 3; period_transactions()), the chi-square result in the title."""
    ax = _axes(ax)
    df = _d.period_transactions(model, data, max_frequency, **kw)
    x = np.arange(len(df))
    ax.bar(x - 0.2, df["actual"], width=0.4, label="Actual", color="#4c72b0")
    ax.bar(x + 0.2, df["expected"], width=0.4, label=type(model).__name__, color="#dd8452")
    ax.set_xticks(x)
    ax.set_xticklabels(df["label"])
    ax.set_xlabel("Repeat transactions in calibration (count)")
    ax.set_ylabel("Customers (count)")
    cs = df.attrs.get("chi_square")
    title = "Frequency of repeat transactions"
    if cs:
        title += "\nchi-square %.2f on %g df, p = %.3g" % (cs["statistic"], cs["df"],
                                                           cs["p_value"])
    ax.set_title(title)
    ax.legend()
    return ax


def plot_tracking(model, transactions: pd.DataFrame, customer_id_col: Hashable,
                  datetime_col: Hashable, *, kind: str = "cumulative", ax=None, **kw):
    """Actual and expected repeat transactions over calendar time (FHL 2005 fig. 2;
    tracking()), ``kind`` "cumulative" or "incremental" (per grid step), a dashed vertical
    line at calibration_end when given."""
    if kind not in ("cumulative", "incremental"):
        raise InputError("kind must be 'cumulative' or 'incremental'")
    ax = _axes(ax)
    df = _d.tracking(model, transactions, customer_id_col, datetime_col, **kw)
    suffix = "" if kind == "cumulative" else "_incremental"
    ax.plot(df.index, df["actual" + suffix], "-", color="#4c72b0", label="Actual")
    ax.plot(df.index, df["expected" + suffix], "--", color="#dd8452",
            label=type(model).__name__)
    cal = df.attrs.get("calibration_end")
    if cal is not None:
        ax.axvline(cal, color="grey", linestyle=":", label="End of calibration")
    unit = df.attrs["unit"]
    ax.set_xlabel("Time since %s (%s)" % (df.attrs["origin"].strftime("%Y-%m-%d"), unit))
    ax.set_ylabel("%s repeat transactions (count)" % (
        "Cumulative" if kind == "cumulative" else "Per %s" % _step_name(df, unit)))
    ax.set_title("Tracking %s transactions" % kind)
    ax.legend()
    return ax


def _step_name(df, unit):
    steps = np.diff(df.index.to_numpy())
    if len(steps) and np.allclose(steps, steps[0]) and steps[0] != 1:
        return "%g %s" % (steps[0], unit)
    return unit[:-1] if unit.endswith("s") and " " not in unit else unit


def _conditional(ax, df, x, ticks, xlabel, model):
    ax.plot(x, df["actual"], "o-", color="#4c72b0", label="Actual")
    ax.plot(x, df["predicted"], "s--", color="#dd8452", label=type(model).__name__)
    if ticks is not None:
        ax.set_xticks(x)
        ax.set_xticklabels(ticks)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("Mean repeat transactions in holdout (count per customer)")
    ax.legend()
    return ax


def plot_conditional_by_frequency(model, data: pd.DataFrame, max_frequency: int = 7, *,
                                  ax=None, **kw):
    """Mean actual against mean predicted holdout purchases by calibration frequency (FHL
    2005 fig. 4; conditional_by_frequency())."""
    ax = _axes(ax)
    df = _d.conditional_by_frequency(model, data, max_frequency, **kw)
    _conditional(ax, df, np.arange(len(df)), list(df["label"]),
                 "Repeat transactions in calibration (count)", model)
    ax.set_title("Holdout purchases by calibration frequency (holdout %g)"
                 % df.attrs["holdout_length"])
    return ax


def plot_conditional_by_recency(model, data: pd.DataFrame, bins: int = 10, *,
                                unit: str = "periods", ax=None, **kw):
    """Mean actual against mean predicted holdout purchases by recency bin
    (conditional_by_recency()), at the bins' midpoints; empty bins are left out."""
    ax = _axes(ax)
    df = _d.conditional_by_recency(model, data, bins, **kw)
    df = df[df["count"] > 0]
    mid = ((df["lower"] + df["upper"]) / 2).to_numpy()
    _conditional(ax, df, mid, None, "Recency in calibration, bin midpoint (%s)" % unit, model)
    ax.set_title("Holdout purchases by calibration recency")
    return ax


def plot_calibration(model, data: pd.DataFrame, bins: int = 10, *, ax=None, **kw):
    """Mean actual against mean predicted holdout purchases per bin of prediction
    (calibration_table()), with the diagonal."""
    ax = _axes(ax)
    df = _d.calibration_table(model, data, bins, **kw)
    df = df[df["count"] > 0]
    ax.plot(df["predicted"], df["actual"], "o-", color="#4c72b0", label="Bins")
    top = float(max(df["predicted"].max(), df["actual"].max()))
    ax.plot([0, top], [0, top], ":", color="grey", label="Perfect calibration")
    ax.set_xlabel("Mean predicted holdout transactions (count per customer)")
    ax.set_ylabel("Mean actual holdout transactions (count per customer)")
    ax.set_title("Calibration of %s" % type(model).__name__)
    ax.legend()
    return ax


def _edges(v):
    v = np.asarray(v, dtype=float)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def _matrix(ax, df, label, unit, title, cmap):
    import matplotlib.patches as mpatches
    x = _edges(df.columns.to_numpy(dtype=float))
    y = _edges(df.index.to_numpy(dtype=float))
    # The impossible cells: one hatched rectangle under the mesh, seen through its masked
    # (transparent) cells -- marked, never coloured as a value.
    ax.add_patch(mpatches.Rectangle((x[0], y[0]), x[-1] - x[0], y[-1] - y[0], fill=False,
                                    hatch=IMPOSSIBLE_HATCH, edgecolor="#b0b0b0", linewidth=0,
                                    zorder=0, label="Impossible (no customer)"))
    mesh = ax.pcolormesh(x, y, np.ma.masked_invalid(df.to_numpy(dtype=float)), cmap=cmap,
                         shading="flat", zorder=1)
    cb = ax.figure.colorbar(mesh, ax=ax)
    cb.set_label(label)
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(y[-1], y[0])  # frequency 0 at the top, as lifetimes draws it
    ax.set_xlabel("Recency t_x: time of the last purchase (%s)" % unit)
    ax.set_ylabel("Frequency x (repeat transactions)")
    ax.set_title(title)
    if df.attrs.get("impossible"):
        ax.legend(loc="lower left", fontsize="small")
    return ax


def plot_probability_alive_matrix(model, max_frequency: Optional[int] = None,
                                  T: Optional[float] = None, *, unit: str = "periods",
                                  ax=None, cmap: str = "viridis", **kw):
    """P(alive) over frequency x recency (probability_alive_matrix()), impossible cells
    hatched, not coloured."""
    ax = _axes(ax)
    df = _d.probability_alive_matrix(model, max_frequency, T, **kw)
    return _matrix(ax, df, "P(alive) (probability)",
                   unit, "P(alive) by frequency and recency, T = %.4g %s" % (df.attrs["T"], unit),
                   cmap)


def plot_expected_purchases_matrix(model, t: float = 1, max_frequency: Optional[int] = None,
                                   T: Optional[float] = None, *, unit: str = "periods",
                                   ax=None, cmap: str = "viridis", **kw):
    """Expected purchases in the next t over frequency x recency
    (expected_purchases_matrix()), impossible cells hatched."""
    ax = _axes(ax)
    df = _d.expected_purchases_matrix(model, t, max_frequency, T, **kw)
    return _matrix(ax, df, "Expected purchases in the next %g %s (count)" % (t, unit), unit,
                   "Expected purchases by frequency and recency, T = %.4g %s"
                   % (df.attrs["T"], unit), cmap)


def plot_history_alive(model, transactions: pd.DataFrame, customer_id_col: Hashable,
                       datetime_col: Hashable, customer_id: Any, *, ax=None, **kw):
    """P(alive) of one customer over time since their first purchase (p_alive_history()),
    their purchases as vertical lines."""
    ax = _axes(ax)
    df = _d.p_alive_history(model, transactions, customer_id_col, datetime_col, customer_id,
                            **kw)
    ax.plot(df.index, df["p_alive"], "-", color="#4c72b0", label="P(alive)")
    for i, t in enumerate(df.attrs["purchases"]):
        ax.axvline(t, color="#dd8452", linestyle="--", linewidth=0.8,
                   label="Purchase" if i == 0 else None)
    ax.set_ylim(0, 1.05)
    unit = df.attrs["unit"]
    ax.set_xlabel("Time since the first purchase, %s (%s)" % (
        df["date"].iloc[0].strftime("%Y-%m-%d"), unit))
    ax.set_ylabel("P(alive) (probability)")
    ax.set_title("History of P(alive), customer %s" % (customer_id,))
    ax.legend()
    return ax


def plot_value_distribution(values: Any, bins: Any = 30, *, currency: str = "$",
                            log_scale: Optional[bool] = None, ax=None):
    """Histogram of customer values (e.g. customer_lifetime_value()). With log_scale (by
    default when the values are skewed -- skewness > 2 and the largest over 100 times the
    smallest positive value), log-spaced bins over the positive values on a log axis."""
    ax = _axes(ax)
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        raise InputError("no finite value to draw")
    pos = v[v > 0]
    if log_scale is None:
        sd = v.std()
        skew = float(np.mean(((v - v.mean()) / sd) ** 3)) if sd > 0 else 0.0
        log_scale = bool(len(pos) and skew > 2 and pos.max() > 100 * pos.min())
    if log_scale:
        if not len(pos):
            raise InputError("no positive value for a log scale")
        low = max(pos.min(), pos.max() / 1e4)  # at most 4 decades below the largest
        edges = np.geomspace(low, pos.max(), int(bins) + 1 if np.ndim(bins) == 0
                             else len(bins))
        ax.hist(pos[pos >= low], bins=edges, color="#4c72b0", edgecolor="white")
        ax.set_xscale("log")
        below = int(len(v) - np.sum(pos >= low))
        if below:
            ax.annotate("%d customers below %.3g %s not shown" % (below, low, currency),
                        (0.02, 0.95), xycoords="axes fraction", fontsize="small")
    else:
        ax.hist(v, bins=bins, color="#4c72b0", edgecolor="white")
    ax.set_xlabel("Customer value (%s)" % currency)
    ax.set_ylabel("Customers (count)")
    ax.set_title("Distribution of customer value")
    return ax


def plot_value_concentration(values: Any, *, ax=None):
    """The Lorenz curve of customer values (value_concentration()) with the line of
    equality, the Gini coefficient and the top-20% share in the legend."""
    ax = _axes(ax)
    df = _d.value_concentration(values)
    g, top = df.attrs["gini"], df.attrs["top_share"]
    ax.plot(100 * df["customer_share"], 100 * df["value_share"], "-", color="#4c72b0",
            label="Lorenz curve (Gini %.3f; top 20%% hold %.1f%%)" % (g, 100 * top[20]))
    ax.plot([0, 100], [0, 100], ":", color="grey", label="Equality")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("Customers, ranked from the lowest value (% of customers)")
    ax.set_ylabel("Cumulative value (% of total value)")
    ax.set_title("Concentration of customer value")
    ax.legend(loc="upper left")
    return ax


def plot_sbg_retention(model, survivors: Optional[Sequence[float]] = None,
                       periods: Optional[int] = None, *, kind: str = "survival",
                       unit: str = "periods", ax=None):
    """The sBG curve (sbg_retention()): ``kind`` "survival" (share of the cohort still a
    customer, %) or "retention" (retention rate r(t), %), the actual cohort as points when
    given, a dotted line at the end of the data."""
    if kind not in ("survival", "retention"):
        raise InputError("kind must be 'survival' or 'retention'")
    ax = _axes(ax)
    df = _d.sbg_retention(model, survivors, periods)
    model_col, actual_col = (("survival", "actual_survival") if kind == "survival" else
                             ("retention_rate", "actual_retention"))
    ax.plot(df.index, 100 * df[model_col], "-", color="#dd8452", label="sBG")
    if actual_col in df:
        a = df[actual_col].dropna()
        ax.plot(a.index, 100 * a, "o", color="#4c72b0", label="Actual")
        ax.axvline(len(survivors) - 1, color="grey", linestyle=":", label="End of data")
    ax.set_xlabel("Time since acquisition (%s)" % unit)
    ax.set_ylabel("Still customers (% of cohort)" if kind == "survival"
                  else "Retention rate (% of previous period's customers)")
    ax.set_title("sBG %s curve" % kind)
    ax.legend()
    return ax


def plot_kaplan_meier(km: pd.DataFrame, *, unit: str = "periods", ax=None):
    """A Kaplan-Meier curve from kaplan_meier()'s DataFrame: the survival steps and its
    confidence band (lower / upper), both starting at 1 at time 0."""
    ax = _axes(ax)
    for col in ("survival", "lower", "upper"):
        if col not in km:
            raise InputError("expected kaplan_meier()'s DataFrame (column %r)" % col, column=col)
    t = np.concatenate([[0.0], km.index.to_numpy(dtype=float)])
    s = np.concatenate([[1.0], km["survival"].to_numpy(dtype=float)])
    lo = np.concatenate([[1.0], km["lower"].to_numpy(dtype=float)])
    hi = np.concatenate([[1.0], km["upper"].to_numpy(dtype=float)])
    level = km.attrs.get("level", 0.95)
    ax.fill_between(t, lo, hi, step="post", color="#4c72b0", alpha=0.25,
                    label="%g%% band" % (100 * level))
    ax.step(t, s, where="post", color="#4c72b0", label="Kaplan-Meier")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("Time as a customer (%s)" % unit)
    ax.set_ylabel("Survival S(t) (share still customers)")
    ax.set_title("Kaplan-Meier survival")
    ax.legend()
    return ax


def plot_bass(model, counts: Optional[Sequence[float]] = None, periods: Optional[int] = None,
              *, unit: str = "periods", ax=None):
    """Bass adopters per period (bass_curve()): the actual counts as bars, the fitted curve
    over the data and its forecast beyond (dashed)."""
    ax = _axes(ax)
    df = _d.bass_curve(model, counts, periods)
    if "actual" in df:
        a = df["actual"].dropna()
        ax.bar(a.index, a, color="#4c72b0", alpha=0.6, label="Actual")
    fit = df[~df["forecast"]]
    fc = df.loc[df.index >= (fit.index.max() if len(fit) else 1)]
    if len(fit):
        ax.plot(fit.index, fit["expected"], "-", color="#dd8452", label="Bass fit")
    ax.plot(fc.index, fc["expected"], "--", color="#dd8452", label="Forecast")
    ax.set_xlabel("Period since launch (%s)" % unit)
    ax.set_ylabel("Adopters per period (count)")
    ax.set_title("Bass diffusion: fit and forecast")
    ax.legend()
    return ax
