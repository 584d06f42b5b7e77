# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Model classes with the conventions of lifetimes and PyMC-Marketing: ``.fit(df)``,
``.params`` (a Series), ``.summary``, ``.loglik``, ``.aic``, ``.bic``, ``.converged``, and
predictions as Series aligned to the customers' index, each computed for the whole table by
one call of the library's row forms (``clv_*_rows``), never a Python loop over customers.

Customer tables are DataFrames with the columns rfm_summary() returns: ``frequency`` (x,
repeat purchases), ``recency`` (t_x), ``T`` and, for Gamma-Gamma and values,
``monetary_value``; BG/BB reads ``n_periods`` (the opportunities n; ``T`` is accepted too).
Times are in whatever unit the table uses (rfm_summary's freq / freq_multiplier), rates per
that unit. Model references: BG/NBD Fader, Hardie & Lee (2005); Pareto/NBD Schmittlein,
Morrison & Colombo (1987); MBG/NBD Batislam, Denizel & Filiztekin (2007); BG/BB Fader,
Hardie & Shang (2010); Gamma-Gamma Fader & Hardie (2013); sBG Fader & Hardie (2007); Bass
(1969).
"""

from __future__ import annotations

import dataclasses
import json
import math
import warnings
from typing import Any, ClassVar, Dict, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from . import _intervals as _iv
from ._frame import InputError, _float_column, _with_label

__all__ = ["BetaGeo", "ParetoNBD", "ModifiedBetaGeo", "BetaGeoBetaBinom", "GammaGamma",
           "ShiftedBetaGeo", "Bass", "load", "NotFittedError", "ConvergenceWarning"]

#: Version of the JSON written by save().
FORMAT_VERSION = 1

#: Periods of freq in a month, as lifetimes' customer_lifetime_value counts them.
_MONTH = {"W": 4.345, "M": 1.0, "D": 30.0, "H": 30.0 * 24}

Number = Union[int, float]


class NotFittedError(ValueError):
    """The model has neither been fitted nor given parameters."""


class ConvergenceWarning(UserWarning):
    """A fit stopped at its iteration limit without converging (``.converged`` is False;
    the parameters are the best point found)."""


class _Model:
    """Parameters, the fit's report and JSON round trips, shared by every model."""

    _params_cls: ClassVar[type]
    _c_name: ClassVar[str]  # what the library calls the model, for the docs

    def __init__(self, params: Any = None) -> None:
        """params: known parameters (a dict or Series by name, a sequence in the papers'
        order, or the core's params dataclass) to predict without fitting."""
        self._p = None if params is None else self._coerce(params)
        self._report: Optional[_core.FitReport] = None
        self._n_obs: Optional[float] = None
        self._data: Optional[pd.DataFrame] = None

    # -- parameters ----------------------------------------------------------------------
    @classmethod
    def param_names(cls) -> Tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls._params_cls))

    @classmethod
    def _coerce(cls, params: Any):
        if isinstance(params, cls._params_cls):
            return params
        if isinstance(params, (dict, pd.Series)):
            missing = [n for n in cls.param_names() if n not in params]
            if missing:
                raise InputError("%s parameters miss %s" % (cls.__name__, ", ".join(missing)))
            return cls._params_cls(*(float(params[n]) for n in cls.param_names()))
        values = [float(v) for v in params]
        if len(values) != len(cls.param_names()):
            raise InputError("%s takes %d parameters (%s), got %d" % (
                cls.__name__, len(cls.param_names()), ", ".join(cls.param_names()),
                len(values)))
        return cls._params_cls(*values)

    def _need(self):
        if self._p is None:
            raise NotFittedError("%s has not been fitted (call .fit(data)) nor given "
                                 "parameters" % type(self).__name__)
        return self._p

    @property
    def params(self) -> pd.Series:
        """The parameters by name, in the papers' notation."""
        return pd.Series(dataclasses.astuple(self._need()), index=list(self.param_names()),
                         dtype=float, name="estimate")

    @property
    def report(self) -> Optional[_core.FitReport]:
        """The library's fit report (iterations, gradient norm, covariance...), or None."""
        return self._report

    @property
    def summary(self) -> pd.DataFrame:
        """estimate, se (standard error from the observed information at the optimum) and
        the Wald 95% bounds estimate -/+ 1.96 se (lifetimes' convention); se is NaN for
        parameters given rather than fitted."""
        est = self.params
        se = pd.Series(np.nan, index=est.index)
        if self._report is not None:
            se[:] = self._report.std_error[:len(est)]
        z = 1.959963984540054
        return pd.DataFrame({"estimate": est, "se": se, "lower 95%": est - z * se,
                             "upper 95%": est + z * se})

    @property
    def loglik(self) -> float:
        """Log-likelihood at the estimate (NaN if not fitted)."""
        return self._report.loglik if self._report is not None else math.nan

    @property
    def converged(self) -> bool:
        """Whether the fit met its tolerance (False before a fit)."""
        return bool(self._report is not None and self._report.converged)

    @property
    def n_obs(self) -> float:
        """Observations the fit used for BIC: customers (summed weights), or periods for
        Bass."""
        return self._n_obs if self._n_obs is not None else math.nan

    @property
    def aic(self) -> float:
        """2 k - 2 log L."""
        return 2.0 * len(self.param_names()) - 2.0 * self.loglik

    @property
    def bic(self) -> float:
        """k ln(n) - 2 log L, n = n_obs."""
        return len(self.param_names()) * math.log(self.n_obs) - 2.0 * self.loglik

    def _fitted(self, call, n_obs: float):
        """Run a core fit; a fit that did not converge keeps its best point with a
        ConvergenceWarning instead of raising."""
        try:
            params, report = call()
        except _core.ClvNoConvergenceError as err:
            params, report = err.params, err.report
            warnings.warn("%s fit did not converge: %s" % (type(self).__name__, err),
                          ConvergenceWarning, stacklevel=3)
        if hasattr(report, "fit"):  # Bass: the fit report inside
            self._bass_report = report
            report = report.fit
        self._p, self._report, self._n_obs = params, report, float(n_obs)
        return self

    # -- JSON ------------------------------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {
            "format": "libclv-model", "format_version": FORMAT_VERSION,
            "model": type(self).__name__, "library_version": _core.version_string(),
            "params": {k: float(v) for k, v in self.params.items()},
        }
        if self._report is not None:
            r = self._report
            d["fit"] = {"loglik": r.loglik, "converged": r.converged, "n_obs": self._n_obs,
                        "iterations": r.iterations, "gradient_norm": r.gradient_norm,
                        "std_error": list(r.std_error), "covariance": [list(c) for c in
                                                                       r.covariance]}
        return d

    def save(self, path) -> None:
        """Write the model (name, parameters, fit report, library version) as JSON."""
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f, indent=2, allow_nan=True)
            f.write("\n")

    @classmethod
    def load(cls, path):
        """A model saved by save(); raises InputError for another model or format."""
        m = load(path)
        if not isinstance(m, cls):
            raise InputError("%s holds a %s, not a %s" % (path, type(m).__name__, cls.__name__))
        return m

    @classmethod
    def _from_dict(cls, d: Dict[str, Any]):
        m = cls(d["params"])
        fit = d.get("fit")
        if fit:
            n = len(cls.param_names())
            m._report = _core.FitReport(fit["loglik"], fit.get("gradient_norm", math.nan),
                                        tuple(fit["std_error"]),
                                        tuple(tuple(c) for c in fit["covariance"]), n,
                                        fit.get("iterations", 0), 0, bool(fit["converged"]),
                                        True)
            m._n_obs = fit.get("n_obs")
        return m

    def __repr__(self) -> str:
        if self._p is None:
            return "<libclv.%s: not fitted>" % type(self).__name__
        ps = ", ".join("%s=%.4g" % kv for kv in self.params.items())
        extra = "" if self._report is None else ", loglik=%.6g%s" % (
            self.loglik, "" if self.converged else " (not converged)")
        return "<libclv.%s: %s%s>" % (type(self).__name__, ps, extra)


def load(path):
    """Any model saved by save(): the class is read from the file. A file written by a
    library of another major version is refused (InputError)."""
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    if not isinstance(d, dict) or d.get("format") != "libclv-model":
        raise InputError("%s is not a libclv model file" % path)
    if d.get("format_version", 0) > FORMAT_VERSION:
        raise InputError("%s has format version %s, this package reads %d"
                         % (path, d.get("format_version"), FORMAT_VERSION))
    lib_major = str(d.get("library_version", "")).split(".")[0]
    if lib_major != _core.version_string().split(".")[0]:
        raise InputError("%s was written with libclv %s, this is %s" % (
            path, d.get("library_version"), _core.version_string()))
    classes = {c.__name__: c for c in (BetaGeo, ParetoNBD, ModifiedBetaGeo, BetaGeoBetaBinom,
                                      GammaGamma, ShiftedBetaGeo, Bass)}
    if d.get("model") not in classes:
        raise InputError("%s: unknown model %r" % (path, d.get("model")))
    return classes[d["model"]]._from_dict(d)


# ------------------------------------------------------------------------------------------
# Customer tables
# ------------------------------------------------------------------------------------------

class _Table:
    """A DataFrame's columns as a CustomerTable (float64 columns read in place) and the
    index the predictions are aligned to."""

    def __init__(self, data: pd.DataFrame, T_col: str, monetary: bool, weights_col=None,
                 purchase: bool = True, spend: bool = False) -> None:
        if not isinstance(data, pd.DataFrame):
            raise TypeError("expected a pandas DataFrame with columns frequency, recency, %s,"
                            " got %s" % (T_col, type(data).__name__))
        self.index = data.index
        x = _float_column(data, "frequency", "frequency")
        t_x = _float_column(data, "recency", "recency") if purchase else None
        T = _float_column(data, T_col, T_col) if purchase else None
        m = _float_column(data, "monetary_value", "monetary_value") if monetary else None
        w = _float_column(data, weights_col, "weights") if weights_col is not None else None
        if len(x) == 0:
            raise InputError("the customer table is empty")
        self.table = _core.CustomerTable(x, t_x, T, monetary=m, weight=w)
        self.weight_sum = float(w.sum()) if w is not None else float(len(x))

    def series(self, values: np.ndarray, name: str) -> pd.Series:
        return pd.Series(values, index=self.index, name=name)


def _call(fn, index: pd.Index, *args, **kw):
    try:
        return fn(*args, **kw)
    except _core.ClvError as err:
        raise _with_label(err, index) from None


class _CustomerModel(_Model):
    """Purchase models over (frequency, recency, T)."""

    _prefix: ClassVar[str]
    _T_col: ClassVar[str] = "T"

    def _T(self, data: pd.DataFrame) -> str:
        return self._T_col

    def _tab(self, data: Optional[pd.DataFrame], monetary: bool = False) -> _Table:
        if data is None:
            if self._data is None:
                raise InputError("give the customer table (no data was fitted)")
            data = self._data
        return _Table(data, self._T(data), monetary)

    def fit(self, data: pd.DataFrame, *, weights_col: Optional[str] = None,
            start: Any = None, tolerance: Optional[float] = None,
            max_iterations: Optional[int] = None, penalty: Optional[float] = None,
            progress=None, merge_rows: bool = False):
        """Maximum-likelihood fit to a customer table (the library's clv_<model>_fit, with
        standard errors from the observed information). weights_col: a column of row weights
        (a row of weight w counts as w identical customers); start, tolerance,
        max_iterations, penalty (L2 on the log-parameters), progress(iteration, loglik,
        params) -> True to cancel, merge_rows: as libclv.core.<model>_fit. Returns self.
        A fit that does not converge warns (ConvergenceWarning) and keeps its best point."""
        tab = _Table(data, self._T(data), isinstance(self, GammaGamma), weights_col,
                     purchase=not isinstance(self, GammaGamma))
        fit = getattr(_core, self._prefix + "_fit")
        if start is not None:
            start = dataclasses.astuple(self._coerce(start))

        def call():
            return _call(fit, tab.index, tab.table, start=start, tolerance=tolerance,
                         max_iterations=max_iterations, penalty=penalty, progress=progress,
                         merge_rows=merge_rows)
        n_obs = tab.weight_sum
        if isinstance(self, GammaGamma):  # only repeat buyers inform the spend model
            x = tab.table.x
            w = tab.table.weight
            n_obs = float(np.sum(w[x > 0])) if w is not None else float(np.sum(x > 0))
        self._fitted(call, n_obs)
        self._data = data
        return self


_INTERVAL_DOC = """

        interval: None (a Series) or a confidence level such as 0.95 (True: 0.95): a
        DataFrame with columns estimate, lower, upper, se instead. method: "delta" (the
        library's delta method from the fit's covariance; interval on the scale ``scale``:
        "logit" for probabilities, else "log", or "natural") or "bootstrap" (``draws``
        parameter vectors from the fit's covariance, drawn with the library's generator
        seeded by ``seed``, each re-scoring the table; percentile interval). See
        libclv._intervals and docs/uncertainty.md."""


def _doc(f):
    f.__doc__ = (f.__doc__ or "").rstrip() + _INTERVAL_DOC
    return f


def _interval_args(interval, method, draws):
    lv = _iv.level(interval)
    _iv.check_method(method, draws)
    return lv


class _PurchaseModel(_CustomerModel):
    """Predictions of the purchase models: each a Series aligned to the table's index, or
    with ``interval=`` a DataFrame (estimate, lower, upper, se)."""

    def _predict(self, fn, name, data, args=(), kw=None, *, quantity=None, options=None,
                 interval=None, method="delta", draws=1000, seed=0, scale=None,
                 spend_model=None, monetary=False):
        """fn(params, table, *args, **kw): a core row function; quantity: the interval
        quantity of clv_interval_rows (None: bootstrap only), options its horizon, delta or
        value options."""
        kw = kw or {}
        tab = self._tab(data, monetary=monetary)
        p = self._need()
        spend = None if spend_model is None else spend_model._need()
        sp = () if spend_model is None else (spend,)
        if interval is None:
            return tab.series(_call(fn, tab.index, p, *sp, tab.table, *args, **kw), name)
        lv = _interval_args(interval, method, draws)
        models = (self,) if spend_model is None else (self, spend_model)
        if method == "delta":
            if quantity is None:
                raise InputError("the library has no delta-method interval of %s: use "
                                 "method=\"bootstrap\"" % name)
            if scale is None:
                scale = "logit" if quantity in ("p_alive", "prob_purchases") else "log"
            cov = _iv.covariance(*models)
            opts = dict(spend=spend, level=lv, scale=scale, **(options or {}))
            edge = None
            if scale == "logit":
                # A probability of exactly 0 or 1 (the P(alive) of a BG/NBD customer
                # without repeat purchases, of a Pareto/NBD one with t_x = T) is certain:
                # [g, g], reported with se 0 (the library gives the same point with an se
                # of rounding size), so those rows are not sent.
                est = _call(fn, tab.index, p, tab.table, *args, **kw)
                edge = (est == 0.0) | (est == 1.0)
            if edge is None or not edge.any():
                lo, est, hi, se = _call(_core.interval_rows, tab.index, p, quantity, cov,
                                        tab.table, **opts)
            else:
                lo, hi, se = est.copy(), est.copy(), np.zeros(len(est))
                keep = ~edge
                if keep.any():
                    r = _call(_core.interval_rows, tab.index[keep], p, quantity, cov,
                              _iv.subtable(tab.table, keep), **opts)
                    lo[keep], est[keep], hi[keep], se[keep] = r
        else:
            est = _call(fn, tab.index, p, *sp, tab.table, *args, **kw)
            draws_ = _iv.param_draws(seed, draws, *models)
            bkw = dict(kw, row_status=True)
            bkw.pop("progress", None)

            def score(part, *params):
                return fn(*params, part, *args, **bkw)[0]
            lo, hi, se = _iv.bootstrap_rows(score, tab.table, draws_, lv, name)
        return _iv.frame(tab.index, est, lo, hi, se, name)

    @_doc
    def p_alive(self, data: Optional[pd.DataFrame] = None, *, interval=None,
                method: str = "delta", draws: int = 1000, seed: int = 0,
                scale: Optional[str] = None):
        """P(alive at T | frequency, recency, T) of every customer (clv_p_alive_rows).
        data: a customer table (default: the one fitted)."""
        return self._predict(_core.p_alive_rows, "p_alive", data, quantity="p_alive",
                             interval=interval, method=method, draws=draws, seed=seed,
                             scale=scale)

    @_doc
    def expected_purchases(self, t: Number, data: Optional[pd.DataFrame] = None, *,
                           interval=None, method: str = "delta", draws: int = 1000,
                           seed: int = 0, scale: Optional[str] = None):
        """Expected purchases in (T, T + t] of every customer given their history
        (clv_expected_purchases_rows; lifetimes' conditional_expected_number_of_purchases_up
        _to_time)."""
        return self._predict(_core.expected_purchases_rows, "expected_purchases", data, (t,),
                             quantity="expected_purchases", options={"horizon": t},
                             interval=interval, method=method, draws=draws, seed=seed,
                             scale=scale)

    @_doc
    def prob_purchases(self, t: Number, n: Number, data: Optional[pd.DataFrame] = None, *,
                       interval=None, method: str = "delta", draws: int = 1000,
                       seed: int = 0, scale: Optional[str] = None):
        """P(n purchases in (T, T + t] | history) of every customer
        (clv_prob_purchases_rows; BG/BB: n purchases in the next t opportunities). Intervals:
        delta method (clv_interval_rows, CLV_INTERVAL_PROB_PURCHASES; logit scale by
        default) or bootstrap."""
        return self._predict(_core.prob_purchases_rows, "prob_purchases", data, (t, n),
                             quantity="prob_purchases", options={"horizon": t, "count": n},
                             interval=interval, method=method, draws=draws, seed=seed,
                             scale=scale)

    @_doc
    def dert(self, delta: Number, data: Optional[pd.DataFrame] = None, *, interval=None,
             method: str = "delta", draws: int = 1000, seed: int = 0,
             scale: Optional[str] = None):
        """Discounted expected residual transactions of every customer at a continuous
        discount rate delta per time unit (clv_dert_rows; BG/BB: per opportunity)."""
        return self._predict(_core.dert_rows, "dert", data, (delta,), quantity="dert",
                             options={"delta": delta}, interval=interval, method=method,
                             draws=draws, seed=seed, scale=scale)

    @_doc
    def expected_purchases_new(self, t: Union[Number, Sequence[Number]], *, interval=None,
                               method: str = "delta", draws: int = 1000, seed: int = 0,
                               scale: str = "log") -> Any:
        """E[X(t)]: expected purchases of a new customer in t (a number, or an array for an
        array of t; lifetimes' expected_number_of_purchases_up_to_time). With interval: a
        Series (one t) or a DataFrame indexed by t (clv_prediction_gradient and
        clv_delta_interval for each t)."""
        fn = getattr(_core, self._prefix + "_expected_purchases_new")
        p = self._need()
        if interval is None:
            if np.ndim(t) == 0:
                return fn(p, t)
            return np.array([fn(p, v) for v in np.asarray(t, dtype=float)])
        lv = _interval_args(interval, method, draws)
        ts = np.atleast_1d(np.asarray(t, dtype=float))
        est = np.array([fn(p, v) for v in ts])
        if method == "delta":
            cov = _iv.covariance(self)
            lo, hi, se = np.empty(len(ts)), np.empty(len(ts)), np.empty(len(ts))
            for k, v in enumerate(ts):
                e, g, _ = _core.prediction_gradient(p, "expected_new", horizon=v)
                lo[k], hi[k], se[k] = _core.delta_interval(e, g, cov, level=lv, scale=scale)
        else:
            lo, hi, se = _iv.bootstrap_values(lambda v, q: fn(q, v), ts,
                                              _iv.param_draws(seed, draws, self), lv,
                                              "expected_purchases_new")
        return _iv.values_frame(t, est, lo, hi, se, "expected_purchases_new", "t")

    @_doc
    def customer_lifetime_value(self, spend_model: Optional["GammaGamma"],
                                data: Optional[pd.DataFrame] = None, *, horizon: Number = 12,
                                discount_rate: float = 0.01, freq: str = "D",
                                period: Optional[float] = None, margin: float = 1.0,
                                progress=None, interval=None, method: str = "delta",
                                draws: int = 1000, seed: int = 0,
                                scale: Optional[str] = None):
        """Each customer's value (clv_customer_value_rows, one call for the whole table):
        margin x expected spend x the expected purchases of each of ``horizon`` periods,
        each discounted at (1 + discount_rate) per period, at the period's end -- lifetimes'
        customer_lifetime_value, whose periods are months: ``freq`` is the unit of the
        table's times ("D", "W", "M", "H": a month is 30, 4.345, 1, 720 of them), or give
        the ``period`` length in that unit directly. horizon may be math.inf (discount_rate
        > 0). spend_model: a fitted GammaGamma (data then needs monetary_value), or None to
        take monetary_value itself as the spend. progress(done, total) -> True cancels
        (the estimate's call only). With a spend model the interval carries both fits'
        uncertainty (7 parameters, the two covariances as independent blocks)."""
        if period is None:
            if freq not in _MONTH:
                raise InputError("freq must be one of %s, or give period" % ", ".join(_MONTH))
            period = _MONTH[freq]
        if spend_model is not None and not isinstance(spend_model, GammaGamma):
            raise TypeError("spend_model must be a GammaGamma or None")
        vopts = dict(margin=margin, discount_rate=discount_rate, period=period)
        return self._predict(
            _core.customer_value_rows if spend_model is not None else _value_no_spend, "clv",
            data, (), dict(vopts, horizon=horizon, progress=progress), quantity="value",
            options=dict(vopts, value_horizon=horizon), interval=interval, method=method,
            draws=draws, seed=seed, scale=scale, spend_model=spend_model, monetary=True)


def _value_no_spend(params, table, **kw):
    return _core.customer_value_rows(params, None, table, **kw)


class BetaGeo(_PurchaseModel):
    """BG/NBD (Fader, Hardie & Lee 2005): parameters r, alpha, a, b."""
    _params_cls = _core.BGNBDParams
    _prefix = "bgnbd"


class ParetoNBD(_PurchaseModel):
    """Pareto/NBD (Schmittlein, Morrison & Colombo 1987): parameters r, alpha, s, beta."""
    _params_cls = _core.PNBDParams
    _prefix = "pnbd"


class ModifiedBetaGeo(_PurchaseModel):
    """MBG/NBD (Batislam, Denizel & Filiztekin 2007): parameters r, alpha, a, b."""
    _params_cls = _core.MBGNBDParams
    _prefix = "mbgnbd"


class BetaGeoBetaBinom(_PurchaseModel):
    """BG/BB for discrete purchase opportunities (Fader, Hardie & Shang 2010): parameters
    alpha, beta, gamma, delta. The table's ``n_periods`` column (or ``T``) holds n, the
    opportunities; t of the predictions is a whole number of future opportunities."""
    _params_cls = _core.BGBBParams
    _prefix = "bgbb"

    def _T(self, data: pd.DataFrame) -> str:
        return "n_periods" if "n_periods" in data.columns else "T"

    def customer_lifetime_value(self, spend_model, data=None, *, horizon=12,
                                discount_rate=0.01, freq=None, period=1.0, margin=1.0,
                                progress=None, **interval):
        """As the continuous models', with periods of ``period`` whole opportunities
        (default 1: one opportunity a period; freq is not used); interval, method, draws,
        seed, scale as theirs."""
        return super().customer_lifetime_value(
            spend_model, data, horizon=horizon, discount_rate=discount_rate, period=period,
            margin=margin, progress=progress, **interval)

    def expected_purchases_new(self, t):
        """Expected transactions of a new customer in the first t opportunities."""
        p = self._need()
        if np.ndim(t) == 0:
            return _core.bgbb_expected_purchases_new(p, t)
        return np.array([_core.bgbb_expected_purchases_new(p, v) for v in np.asarray(t)])


class GammaGamma(_CustomerModel):
    """Gamma-Gamma spend model (Fader & Hardie 2013): parameters p, q, gamma. Reads
    ``frequency`` and ``monetary_value`` (mean repeat spend); rows with frequency 0 carry no
    information about spend and are allowed."""
    _params_cls = _core.GGParams
    _prefix = "gg"

    def _tab(self, data, monetary=True):
        if data is None:
            data = self._data
        if data is None:
            raise InputError("give the customer table (no data was fitted)")
        return _Table(data, "T", True, purchase=False)

    @_doc
    def expected_spend(self, data: Optional[pd.DataFrame] = None, *, interval=None,
                       method: str = "delta", draws: int = 1000, seed: int = 0,
                       scale: str = "log"):
        """E[spend per transaction | frequency, monetary_value] of every customer
        (clv_gg_expected_spend_rows; lifetimes' conditional_expected_average_profit).
        docs/uncertainty.md: with CDNOW's 946 repeat buyers the bootstrap's spread of the
        spend is up to 3x the delta method's (q near 1 in some draws): prefer the
        bootstrap for small bases."""
        tab = self._tab(data)
        p = self._need()
        if interval is None:
            return tab.series(_call(_core.gg_expected_spend_rows, tab.index, p, tab.table),
                              "expected_spend")
        lv = _interval_args(interval, method, draws)
        if method == "delta":
            lo, est, hi, se = _call(_core.interval_rows, tab.index, None, "spend",
                                    _iv.covariance(self), tab.table, spend=p, level=lv,
                                    scale=scale)
        else:
            est = _call(_core.gg_expected_spend_rows, tab.index, p, tab.table)
            lo, hi, se = _iv.bootstrap_rows(
                lambda part, g: _core.gg_expected_spend_rows(g, part, row_status=True)[0],
                tab.table, _iv.param_draws(seed, draws, self), lv, "expected_spend")
        return _iv.frame(tab.index, est, lo, hi, se, "expected_spend")

    def customer_lifetime_value(self, purchase_model: _PurchaseModel,
                                data: Optional[pd.DataFrame] = None, **kw) -> pd.Series:
        """lifetimes' argument order: purchase_model.customer_lifetime_value(self, data,
        **kw)."""
        return purchase_model.customer_lifetime_value(self, data, **kw)


# ------------------------------------------------------------------------------------------
# Contracts (sBG) and diffusion (Bass)
# ------------------------------------------------------------------------------------------

def _vector(fn, t):
    if np.ndim(t) == 0:
        return fn(t)
    return np.array([fn(v) for v in np.asarray(t, dtype=float)])


class ShiftedBetaGeo(_Model):
    """The shifted-beta-geometric contractual model (Fader & Hardie 2007): parameters alpha,
    beta of the Beta distribution of the per-period churn probability."""
    _params_cls = _core.SBGParams

    def fit(self, data: pd.DataFrame, *, duration_col: str = "duration",
            churned_col: str = "churned", weights_col: Optional[str] = None, **options):
        """Fit to one row per customer: ``duration`` whole periods as a customer and
        ``churned`` 1 if they cancelled in the last of them, 0 if still a customer
        (censored); optional weights (clv_sbg_fit). options: start, tolerance,
        max_iterations, penalty, progress. Returns self."""
        d = _float_column(data, duration_col, "duration")
        c = _float_column(data, churned_col, "churned")
        if np.any((c != 0) & (c != 1)):
            bad = int(np.flatnonzero((c != 0) & (c != 1))[0])
            raise InputError("churned must be 0 or 1 (row %d)" % bad, column=churned_col,
                             row=bad, label=data.index[bad])
        w = _float_column(data, weights_col, "weights") if weights_col else None
        table = _core.DurationTable(d, c.astype(np.int32), w)
        return self._fitted(lambda: _call(_core.sbg_fit, data.index, table, **options),
                            float(w.sum()) if w is not None else float(len(d)))

    def fit_cohorts(self, survivors: Any, **options):
        """Fit to cohorts' survivor counts (clv_sbg_fit_cohorts): a sequence of cohorts,
        each alive[0..periods] (alive[0] the cohort's size), or a DataFrame with one cohort a
        row (NaN after a cohort's last period). Returns self."""
        if isinstance(survivors, pd.DataFrame):
            cohorts = [row[~np.isnan(row)] for row in survivors.to_numpy(dtype=float)]
        elif isinstance(survivors, pd.Series) or (len(survivors) and np.ndim(survivors[0]) == 0):
            cohorts = [np.asarray(survivors, dtype=float)]
        else:
            cohorts = [np.asarray(c, dtype=float) for c in survivors]
        return self._fitted(lambda: _core.sbg_fit_cohorts(cohorts, **options),
                            float(sum(c[0] for c in cohorts)))

    def _curve(self, quantity, fn, values, discount, name, index_name, interval, method,
               draws, seed, scale):
        """fn(params, value) at each value (a number or an array / Series; computed once
        per distinct value), with interval= the DataFrame of clv_sbg_interval (delta) or
        of the bootstrap."""
        p = self._need()
        if interval is None:
            if np.ndim(values) == 0:
                return fn(p, values)
            r = np.asarray(values, dtype=float)
            uniq, inv = np.unique(r, return_inverse=True)
            out = np.array([fn(p, v) for v in uniq])[inv].reshape(r.shape)
            if isinstance(values, pd.Series):
                return pd.Series(out, index=values.index, name=name)
            return out
        lv = _interval_args(interval, method, draws)
        uniq, inv = np.unique(np.atleast_1d(np.asarray(values, dtype=float)),
                              return_inverse=True)
        est = np.array([fn(p, v) for v in uniq])
        if method == "delta":
            if scale is None:
                scale = "logit" if quantity in ("survival", "retention") else "log"
            cov = _iv.covariance(self)
            res = np.array([_core.sbg_interval(p, quantity, cov, v, discount, level=lv,
                                               scale=scale) for v in uniq]).reshape(-1, 4)
            lo, hi, se = res[:, 1], res[:, 2], res[:, 3]
        else:
            lo, hi, se = _iv.bootstrap_values(lambda v, q: fn(q, v), uniq,
                                              _iv.param_draws(seed, draws, self), lv, name)
        return _iv.values_frame(values, est[inv], lo[inv], hi[inv], se[inv], name,
                                index_name)

    @_doc
    def survival(self, t, *, interval=None, method: str = "delta", draws: int = 1000,
                 seed: int = 0, scale: Optional[str] = None):
        """S(t): the share of a cohort still a customer after t periods. With interval: a
        Series (one t) or a DataFrame indexed by t (clv_sbg_interval)."""
        return self._curve("survival", _core.sbg_survival, t, 0.0, "survival", "t", interval,
                           method, draws, seed, scale)

    @_doc
    def retention_rate(self, t, *, interval=None, method: str = "delta", draws: int = 1000,
                       seed: int = 0, scale: Optional[str] = None):
        """r(t) = S(t) / S(t - 1): the share of period t-1's survivors renewing at t."""
        return self._curve("retention", _core.sbg_retention_rate, t, 0.0, "retention_rate",
                           "t", interval, method, draws, seed, scale)

    def churn_probability(self, t):
        """P(T = t): the share of a cohort churning in period t."""
        return _vector(lambda v: _core.sbg_churn_prob(self._need(), v), t)

    def expected_lifetime(self, horizon: Number = math.inf) -> float:
        """Expected periods as a customer, within ``horizon`` periods."""
        return _core.sbg_expected_lifetime(self._need(), horizon)

    @_doc
    def discounted_expected_lifetime(self, discount: float, *, interval=None,
                                     method: str = "delta", draws: int = 1000, seed: int = 0,
                                     scale: str = "log"):
        """DEL at a discount rate per period (Fader & Hardie 2010). With interval: a Series
        (estimate, lower, upper, se)."""
        if interval is None:
            return _core.sbg_del(self._need(), discount)
        if np.ndim(discount) != 0:
            raise InputError("discount must be one number")
        return self._curve("del", _core.sbg_del, discount, discount, "del", "discount",
                           interval, method, draws, seed, scale)

    @_doc
    def derl(self, renewals, discount: float, *, interval=None, method: str = "delta",
             draws: int = 1000, seed: int = 0, scale: str = "log"):
        """DERL of customers who have renewed ``renewals`` times (a number, or an array /
        Series: one call per distinct value), at a discount rate per period. With interval:
        a Series (one number) or a DataFrame indexed like a Series of renewals (else by
        renewals)."""
        return self._curve("derl", lambda p, v: _core.sbg_derl(p, v, discount), renewals,
                           discount, "derl", "renewals", interval, method, draws, seed,
                           scale)

    def project(self, cohort_size: float, periods: int) -> pd.Series:
        """Expected survivors of a cohort after 0 .. periods-1 periods."""
        return pd.Series(_core.sbg_project(self._need(), cohort_size, periods),
                         name="survivors")


class Bass(_Model):
    """The Bass (1969) diffusion model: parameters p (innovation), q (imitation), m (market
    size), fitted to adopters per period."""
    _params_cls = _core.BassParams

    def fit(self, counts: Any, *, method: str = "nls", model: str = "interval", **options):
        """Fit to adopters per period since launch (a Series, array or list;
        clv_bass_fit): method "nls" (least squares, as R's nls) or "ml" (maximum
        likelihood); model "interval" (m [F(t) - F(t-1)]) or "density" (m f(t)). Returns
        self; ``.residual_se`` and ``.sse`` hold the least-squares figures."""
        c = np.ascontiguousarray(np.asarray(counts, dtype=float))
        self._method, self._model = method, model
        return self._fitted(lambda: _core.bass_fit(c, method=method, model=model, **options),
                            len(c))

    @property
    def residual_se(self) -> float:
        return getattr(self, "_bass_report", None).residual_se if hasattr(
            self, "_bass_report") else math.nan

    @property
    def sse(self) -> float:
        return self._bass_report.sse if hasattr(self, "_bass_report") else math.nan

    def forecast(self, periods: int, start: Number = 0, model: Optional[str] = None, *,
                 interval=None, scale: str = "log"):
        """Expected adopters of ``periods`` periods from ``start`` (period i is
        (start + i, start + i + 1]), indexed 1.. like the data. With ``interval=0.95`` (the
        interval form only): a DataFrame of estimate, lower, upper, se from the fit's
        covariance by the delta method (clv_bass_interval, quantity "period"; scale "log",
        "natural" or "logit" as for the other models)."""
        model = model or getattr(self, "_model", "interval")
        index = pd.RangeIndex(int(start) + 1, int(start) + 1 + periods)
        values = _core.bass_forecast(self._need(), start, periods, model)
        if interval is None:
            return pd.Series(values, index=index, name="adopters")
        if model != "interval":
            raise InputError("forecast intervals are for the interval form (adopters of a "
                             "period); for the density form use cumulative_interval()")
        lv = _iv.level(interval)
        times = np.arange(1, periods + 1, dtype=float) + float(start)
        est, lo, hi, se = _core.bass_interval(self._need(), "period", _iv.covariance(self),
                                              times, level=lv, scale=scale)
        return _iv.frame(index, est, lo, hi, se, "adopters")

    def cumulative_interval(self, t, interval=0.95, scale: str = "log") -> pd.DataFrame:
        """Cumulative adopters m F(t) at each t with their delta-method interval
        (clv_bass_interval, quantity "cumulative"): a DataFrame of estimate, lower, upper,
        se indexed by t."""
        times = np.atleast_1d(np.asarray(t, dtype=float))
        est, lo, hi, se = _core.bass_interval(self._need(), "cumulative", _iv.covariance(self),
                                              times, level=_iv.level(interval), scale=scale)
        return _iv.frame(pd.Index(times, name="t"), est, lo, hi, se, "adopters")

    def cumulative(self, t):
        """F(t): the share of the market that has adopted by t."""
        return _vector(lambda v: _core.bass_cumulative(self._need(), v), t)

    def density(self, t):
        """f(t): the adoption rate (share of m per period) at t."""
        return _vector(lambda v: _core.bass_density(self._need(), v), t)

    def peak(self):
        """Time, rate and cumulative share of the adoption peak (a BassPeak)."""
        return _core.bass_peak(self._need())


# ------------------------------------------------------------------------------------------
# Model checking as methods of the purchase models (libclv.diagnostics)
# ------------------------------------------------------------------------------------------

def _diagnostic_method(name: str):
    def method(self, *args, **kw):
        from . import _diagnostics
        return getattr(_diagnostics, name)(self, *args, **kw)
    from . import _diagnostics
    method.__name__ = method.__qualname__ = name
    method.__doc__ = ("libclv.diagnostics.%s(self, ...):\n\n" % name
                      + (getattr(_diagnostics, name).__doc__ or ""))
    return method


for _name in ("tracking", "period_transactions", "conditional_by_frequency",
              "conditional_by_recency", "holdout_accuracy", "calibration_table",
              "probability_alive_matrix", "expected_purchases_matrix", "p_alive_history"):
    setattr(_PurchaseModel, _name, _diagnostic_method(_name))
del _name
