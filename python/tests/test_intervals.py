# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Intervals of the model classes' predictions (interval=, method="delta" | "bootstrap").

* The delta-method DataFrames are the C functions' numbers (clv_interval_rows,
  clv_sbg_interval, clv_prediction_gradient + clv_delta_interval) on CDNOW, with the
  covariance the package builds (the 7 x 7 block-diagonal one of a value with a spend model
  built here independently).
* Their standard errors equal sqrt(g' C g) with g a central difference of the package's own
  predictions at perturbed parameters (Casella & Berger 2002, sec. 5.5.4), and the log and
  logit intervals their formulas.
* Properties that can fail: every interval contains its estimate; it narrows with more data
  (the same customers counted 10 times: the covariance / 10); level 0.9 is narrower than
  0.99; the bootstrap and the delta method agree within the Monte Carlo error where
  docs/uncertainty.md says they should (a covariance a hundredth of CDNOW's: a base 100 times
  larger), and the sBG's at a cohort 100 times the published one.
"""

import math

import numpy as np
import pandas as pd
import pytest

import libclv
from libclv import core

Z95 = 1.959963984540054  # Phi^-1(0.975)
COLS = ["estimate", "lower", "upper", "se"]
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), regular


@pytest.fixture(scope="module")
def s(cdnow_summary):
    return cdnow_summary


@pytest.fixture(scope="module")
def bgf(s):
    return libclv.BetaGeo().fit(s)


@pytest.fixture(scope="module")
def ggf(s):
    return libclv.GammaGamma().fit(s[s.frequency > 0])


@pytest.fixture(scope="module")
def table(s):
    return core.CustomerTable(*(s[c].to_numpy(dtype=float) for c in
                                ("frequency", "recency", "T")),
                              monetary=s["monetary_value"].to_numpy(dtype=float))


def heavy(s, w):
    """The table with every customer counted w times (weights): the same maximum, the
    covariance divided by w."""
    return s.assign(w=float(w))


# -- the C functions' numbers -------------------------------------------------------------------

def test_p_alive_delta_is_clv_interval_rows(bgf, s, table):
    got = bgf.p_alive(s, interval=0.95)
    assert list(got.columns) == COLS and got.index.equals(s.index)
    lo, est, hi, se, st = core.interval_rows(bgf._need(), "p_alive", bgf.report.covariance,
                                             table, scale="logit", row_status=True)
    edge = np.asarray(est) == 1.0
    ok = (np.asarray(st) == 0) & ~edge
    np.testing.assert_array_equal(got.estimate, bgf.p_alive(s))
    for col, want in (("lower", lo), ("estimate", est), ("upper", hi), ("se", se)):
        np.testing.assert_array_equal(got[col].to_numpy()[ok], np.asarray(want)[ok])
    # The customers without repeat purchases have a BG/NBD P(alive) of exactly 1: certain.
    # The library gives the point [1, 1] with an se of rounding size (<= 64 eps); the
    # package reports se 0 for them.
    assert (s.frequency.to_numpy()[edge] == 0).all() and edge.sum() > 0
    assert (np.asarray(st)[edge] == 0).all()
    assert (np.asarray(lo)[edge] == 1.0).all() and (np.asarray(hi)[edge] == 1.0).all()
    assert (np.asarray(se)[edge] <= 64 * np.finfo(float).eps).all()
    assert (got[edge][["estimate", "lower", "upper"]] == 1.0).all().all()
    assert (got.se[edge] == 0).all()
    # On the log scale (the library's default) every row goes through the library.
    lo, est, hi, se = core.interval_rows(bgf._need(), "p_alive", bgf.report.covariance, table)
    got = bgf.p_alive(s, interval=0.95, scale="log")
    np.testing.assert_array_equal(got.to_numpy(), np.column_stack([est, lo, hi, se]))


def test_expected_purchases_dert_spend_delta_are_the_c_functions(bgf, ggf, s, table):
    p, cov = bgf._need(), bgf.report.covariance
    lo, est, hi, se = core.interval_rows(p, "expected_purchases", cov, table, horizon=39.0)
    got = bgf.expected_purchases(39, s, interval=0.95)
    np.testing.assert_array_equal(got.to_numpy(), np.column_stack([est, lo, hi, se]))
    np.testing.assert_allclose(got.estimate, bgf.expected_purchases(39, s), rtol=1e-13)
    few = s.iloc[:40]
    sub = core.CustomerTable(*(few[c].to_numpy(dtype=float) for c in
                               ("frequency", "recency", "T")))
    delta = math.log(1.15) / 52  # 15% a year, weekly (FHL 2005, JMR)
    lo, est, hi, se = core.interval_rows(p, "dert", cov, sub, delta=delta, level=0.9)
    got = bgf.dert(delta, few, interval=0.9)
    np.testing.assert_array_equal(got.to_numpy(), np.column_stack([est, lo, hi, se]))
    lo, est, hi, se = core.interval_rows(None, "spend", ggf.report.covariance, table,
                                         spend=ggf._need())
    got = ggf.expected_spend(s, interval=0.95)
    np.testing.assert_array_equal(got.to_numpy(), np.column_stack([est, lo, hi, se]))
    np.testing.assert_allclose(got.estimate, ggf.expected_spend(s), rtol=1e-13)


def test_value_delta_uses_both_fits(bgf, ggf, s, table):
    cov7 = np.zeros((7, 7))
    cov7[:4, :4] = bgf.report.covariance
    cov7[4:, 4:] = ggf.report.covariance
    lo, est, hi, se = core.interval_rows(bgf._need(), "value", cov7, table, spend=ggf._need(),
                                         margin=0.3, discount_rate=0.01, period=4.345,
                                         value_horizon=12)
    got = bgf.customer_lifetime_value(ggf, s, margin=0.3, freq="W", interval=0.95)
    np.testing.assert_array_equal(got.to_numpy(), np.column_stack([est, lo, hi, se]))
    point = bgf.customer_lifetime_value(ggf, s, margin=0.3, freq="W")
    np.testing.assert_allclose(got.estimate, point, rtol=1e-12)
    # Without the spend model's covariance the interval is narrower: it carries the
    # purchase parameters' uncertainty only.
    lo4, _, hi4, se4 = core.interval_rows(bgf._need(), "value", cov7, table, spend=ggf._need(),
                                          margin=0.3, period=4.345, value_horizon=12)
    assert np.array_equal(se4, se)
    purchase_only = cov7.copy()
    purchase_only[4:, 4:] = 0.0
    _, _, _, se_p = core.interval_rows(bgf._need(), "value", purchase_only, table,
                                       spend=ggf._need(), margin=0.3, period=4.345,
                                       value_horizon=12)
    assert (got.se.to_numpy() >= np.asarray(se_p)).all()
    assert (got.se.to_numpy() > np.asarray(se_p)).mean() > 0.99


def test_new_customer_and_sbg_delta_are_the_c_functions(bgf):
    got = bgf.expected_purchases_new([1, 39, 78], interval=0.95)
    assert list(got.index) == [1.0, 39.0, 78.0] and got.index.name == "t"
    for t in (1, 39, 78):
        e, g, _ = core.prediction_gradient(bgf._need(), "expected_new", horizon=t)
        lo, hi, se = core.delta_interval(e, g, bgf.report.covariance)
        assert got.loc[t].tolist() == [e, lo, hi, se]
    one = bgf.expected_purchases_new(39, interval=0.95)
    assert isinstance(one, pd.Series) and one.equals(got.loc[39.0].rename(one.name))
    sbg = libclv.ShiftedBetaGeo().fit_cohorts(REGULAR)
    cov = sbg.report.covariance
    surv = sbg.survival([1, 4, 12], interval=0.95)
    for t in (1, 4, 12):
        est, lo, hi, se = core.sbg_interval(sbg._need(), "survival", cov, t, scale="logit")
        assert surv.loc[t].tolist() == [est, lo, hi, se]
    ret = sbg.retention_rate(3, interval=0.9)
    assert ret.tolist() == list(core.sbg_interval(sbg._need(), "retention", cov, 3,
                                                  level=0.9, scale="logit"))
    dl = sbg.discounted_expected_lifetime(0.1, interval=0.95)
    assert dl.tolist() == list(core.sbg_interval(sbg._need(), "del", cov, 0, 0.1))
    renewals = pd.Series([0, 3, 3, 7], index=["a", "b", "c", "d"])
    derl = sbg.derl(renewals, 0.1, interval=0.95)
    assert derl.index.equals(renewals.index)
    for k, n in renewals.items():
        assert derl.loc[k].tolist() == list(core.sbg_interval(sbg._need(), "derl", cov, n,
                                                              0.1))
    np.testing.assert_allclose(derl.estimate, sbg.derl(renewals, 0.1), rtol=1e-15)


# -- the delta method, recomputed ---------------------------------------------------------------

def _numerical_se(predict, params, cov, h=1e-5):
    """sqrt(g' C g) with g by central differences of predict(params) (an array)."""
    p = np.asarray(params, dtype=float)
    g = []
    for i in range(len(p)):
        up, dn = p.copy(), p.copy()
        up[i] *= 1 + h
        dn[i] *= 1 - h
        g.append((predict(up) - predict(dn)) / (2 * h * p[i]))
    g = np.array(g)
    return np.sqrt(np.einsum("ik,ij,jk->k", g, np.asarray(cov), g))


def test_delta_se_and_scales_recomputed(bgf, ggf, s):
    few = s.iloc[:25]
    cov = bgf.report.covariance
    for name, fn in (("p_alive", lambda m: m.p_alive(few)),
                     ("expected_purchases", lambda m: m.expected_purchases(39, few))):
        got = getattr(bgf, name)(*(() if name == "p_alive" else (39,)), few, interval=0.95)
        se = _numerical_se(lambda q: fn(libclv.BetaGeo(q)).to_numpy(), bgf.params, cov)
        np.testing.assert_allclose(got.se, se, rtol=1e-5, atol=1e-12, err_msg=name)
    g = bgf.expected_purchases(39, few, interval=0.95)
    np.testing.assert_allclose(g.lower, g.estimate * np.exp(-Z95 * g.se / g.estimate),
                               rtol=1e-12)
    np.testing.assert_allclose(g.upper, g.estimate * np.exp(Z95 * g.se / g.estimate),
                               rtol=1e-12)
    pa = bgf.p_alive(few[few.frequency > 0], interval=0.95)
    logit = np.log(pa.estimate / (1 - pa.estimate))
    w = Z95 * pa.se / (pa.estimate * (1 - pa.estimate))
    np.testing.assert_allclose(pa.lower, 1 / (1 + np.exp(-(logit - w))), rtol=1e-12)
    np.testing.assert_allclose(pa.upper, 1 / (1 + np.exp(-(logit + w))), rtol=1e-12)
    nat = bgf.p_alive(few, interval=0.95, scale="natural")
    np.testing.assert_allclose(nat.upper - nat.estimate, Z95 * nat.se, rtol=1e-12, atol=1e-15)
    sp = ggf.expected_spend(few, interval=0.95)
    se = _numerical_se(lambda q: libclv.GammaGamma(q).expected_spend(few).to_numpy(),
                       ggf.params, ggf.report.covariance)
    np.testing.assert_allclose(sp.se, se, rtol=1e-5)


# -- properties -------------------------------------------------------------------------------

def _contains(df):
    return ((df.lower <= df.estimate) & (df.estimate <= df.upper)).all()


def test_every_interval_contains_its_estimate(bgf, ggf, s):
    frames = [bgf.p_alive(s, interval=0.95), bgf.expected_purchases(52, s, interval=0.95),
              bgf.dert(0.003, s.iloc[::50], interval=0.95), ggf.expected_spend(s, interval=0.95),
              bgf.customer_lifetime_value(ggf, s, freq="W", interval=0.95),
              bgf.p_alive(s, interval=0.95, method="bootstrap", draws=200),
              bgf.customer_lifetime_value(ggf, s.iloc[::10], freq="W", interval=0.95,
                                          method="bootstrap", draws=100),
              bgf.prob_purchases(39, 1, s.iloc[::20], interval=0.95, method="bootstrap",
                                 draws=200),
              bgf.prob_purchases(39, 1, s.iloc[::20], interval=0.95)]
    sbg = libclv.ShiftedBetaGeo().fit_cohorts(REGULAR)
    frames += [sbg.survival(np.arange(1, 13), interval=0.95),
               sbg.retention_rate(np.arange(1, 13), interval=0.95, method="bootstrap",
                                  draws=300),
               sbg.derl(np.arange(0, 8), 0.1, interval=0.95)]
    for df in frames:
        assert df.notna().all().all(), df.columns.name
        assert _contains(df), df.columns.name
        assert (df.se >= 0).all() and (df.lower > 0).all(), df.columns.name


def test_width_shrinks_with_more_data(s, ggf):
    small = libclv.BetaGeo().fit(s)
    big = libclv.BetaGeo().fit(heavy(s, 10), weights_col="w")
    np.testing.assert_allclose(big.params, small.params, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(big.report.covariance) * 10,
                               small.report.covariance, rtol=1e-3, atol=1e-10)
    repeat = s[s.frequency > 0]
    for name, args in (("p_alive", ()), ("expected_purchases", (39,))):
        a = getattr(small, name)(*args, repeat, interval=0.95)
        b = getattr(big, name)(*args, repeat, interval=0.95)
        wa, wb = a.upper - a.lower, b.upper - b.lower
        assert (wb < wa).all(), name
        # se scales as 1/sqrt(10); the width nearly so.
        np.testing.assert_allclose(b.se / a.se, 10 ** -0.5, rtol=2e-3)
        assert abs(np.median(wb / wa) - 10 ** -0.5) < 0.01, name
    a = small.p_alive(repeat.iloc[:50], interval=0.95, method="bootstrap", draws=400)
    b = big.p_alive(repeat.iloc[:50], interval=0.95, method="bootstrap", draws=400)
    assert ((b.upper - b.lower) < (a.upper - a.lower)).all()


def test_level_09_narrower_than_099(bgf, ggf, s):
    for method, draws in (("delta", 0), ("bootstrap", 300)):
        kw = dict(method=method, draws=draws) if draws else {}
        for fn in (lambda lv: bgf.expected_purchases(39, s.iloc[:200], interval=lv, **kw),
                   lambda lv: ggf.expected_spend(s.iloc[:200], interval=lv, **kw),
                   lambda lv: bgf.p_alive(s[s.frequency > 0].iloc[:200], interval=lv, **kw)):
            a, b = fn(0.9), fn(0.99)
            assert ((a.upper - a.lower) < (b.upper - b.lower)).all(), method
            assert (b.lower < a.lower).all() and (a.upper < b.upper).all(), method
            np.testing.assert_array_equal(a.estimate, b.estimate)


def test_bootstrap_agrees_with_delta_at_a_large_base(s):
    # docs/uncertainty.md: with a covariance a hundredth of CDNOW's BG/NBD one the delta
    # method matches the parametric bootstrap's spread within the Monte Carlo error (2.2% per
    # figure at 1,000 draws there). 4,000 draws: an sd's relative error is 1/sqrt(2 x 3999) =
    # 1.1%; allowed 4.5% (4 sigma) on each customer and 2% on the median.
    big = libclv.BetaGeo().fit(heavy(s, 100), weights_col="w")
    few = s[s.frequency > 0].iloc[:12]
    for name, args in (("p_alive", ()), ("expected_purchases", (39,))):
        d = getattr(big, name)(*args, few, interval=0.95)
        b = getattr(big, name)(*args, few, interval=0.95, method="bootstrap", draws=4000,
                               seed=7)
        np.testing.assert_array_equal(b.estimate, d.estimate)
        ratio = b.se / d.se
        assert (abs(ratio - 1) < 0.045).all(), (name, ratio.tolist())
        assert abs(np.median(ratio) - 1) < 0.02, name
        # The percentile interval's ends agree with the delta method's within a tenth of its
        # half-width.
        half = (d.upper - d.lower) / 2
        assert (abs(b.lower - d.lower) < 0.1 * half).all(), name
        assert (abs(b.upper - d.upper) < 0.1 * half).all(), name
    sbg = libclv.ShiftedBetaGeo().fit_cohorts([100 * v for v in REGULAR])
    d = sbg.survival([1, 3, 7], interval=0.95)
    b = sbg.survival([1, 3, 7], interval=0.95, method="bootstrap", draws=4000, seed=3)
    assert (abs(b.se / d.se - 1) < 0.045).all()


def test_bootstrap_is_reproducible(bgf, s):
    few = s.iloc[:30]
    a = bgf.expected_purchases(39, few, interval=0.9, method="bootstrap", draws=100, seed=5)
    b = bgf.expected_purchases(39, few, interval=0.9, method="bootstrap", draws=100, seed=5)
    c = bgf.expected_purchases(39, few, interval=0.9, method="bootstrap", draws=100, seed=6)
    assert a.equals(b) and not a.se.equals(c.se)
    # The draws are the library's (clv_param_draws_report from RNG(seed)): the sd of the
    # re-scored first customer from those draws by hand.
    draws = core.param_draws_report(core.RNG(5), bgf._need(), bgf.report, 100)
    one = few.iloc[:1]
    vals = [libclv.BetaGeo(d).expected_purchases(39, one).iloc[0] for d in draws]
    assert a.se.iloc[0] == pytest.approx(np.std(vals, ddof=1), rel=1e-12)
    assert a.lower.iloc[0] == pytest.approx(np.quantile(vals, 0.05), rel=1e-12)


def test_bootstrap_chunks_give_the_same_numbers(bgf, s, monkeypatch):
    from libclv import _intervals
    few = s.iloc[:37]
    whole = bgf.p_alive(few, interval=0.95, method="bootstrap", draws=50, seed=2)
    monkeypatch.setattr(_intervals, "_CHUNK_VALUES", 50 * 8)  # chunks of 8 rows
    parts = bgf.p_alive(few, interval=0.95, method="bootstrap", draws=50, seed=2)
    assert parts.equals(whole)


def test_bgbb_and_saved_models(bgf, s, tmp_path, donations):
    m = libclv.BetaGeoBetaBinom().fit(donations, weights_col="weights")
    v = m.customer_lifetime_value(None, donations.assign(monetary_value=10.0), horizon=5,
                                  interval=0.95)
    assert _contains(v) and v.notna().all().all()
    pa = m.p_alive(donations, interval=0.95)
    assert _contains(pa) and (pa.upper < 1).all()
    bgf.save(tmp_path / "m.json")
    again = libclv.load(tmp_path / "m.json")
    assert again.p_alive(s, interval=0.95).equals(bgf.p_alive(s, interval=0.95))


def test_interval_errors(bgf, s):
    given = libclv.BetaGeo(bgf.params)
    with pytest.raises(libclv.InputError, match="fitted"):
        given.p_alive(s, interval=0.95)
    for bad in (1.5, 0, -0.1, "high"):
        with pytest.raises(libclv.InputError, match="confidence level"):
            bgf.p_alive(s, interval=bad)
    with pytest.raises(libclv.InputError, match="method"):
        bgf.p_alive(s, interval=0.95, method="jackknife")
    with pytest.raises(libclv.InputError, match="draws"):
        bgf.p_alive(s, interval=0.95, method="bootstrap", draws=1)
    assert bgf.p_alive(s, interval=True).equals(bgf.p_alive(s, interval=0.95))
    assert isinstance(bgf.p_alive(s), pd.Series)


def test_bootstrap_draws_the_library_refuses_are_left_out_with_a_warning(s):
    # Gamma-Gamma's population mean spend p gamma / (q - 1) (a customer without repeat
    # purchases) exists only for q > 1: with q = 1.2 +/- 0.2 a share of the draws has none.
    gg = libclv.GammaGamma((6.25, 1.2, 15.4))
    gg._report = core.FitReport(0.0, 0.0, (0.1, 0.2, 1.0), ((0.01, 0, 0), (0, 0.04, 0),
                                                            (0, 0, 1.0)), 3, 0, 0, True, True)
    few = s.iloc[:4]  # x = 2, 1, 0, 0
    with pytest.warns(RuntimeWarning, match=r"of 500 bootstrap draws gave no value"):
        got = gg.expected_spend(few, interval=0.95, method="bootstrap", draws=500, seed=1)
    assert got.notna().all().all() and _contains(got)
    draws = core.param_draws_report(core.RNG(1), gg._need(), gg.report, 500)
    q = np.array([d.q for d in draws])
    spend0 = [d.p * d.gamma / (d.q - 1) for d in draws if d.q > 1]
    assert 0 < (q <= 1).sum() < 250
    assert got.estimate.iloc[2] == pytest.approx(6.25 * 15.4 / 0.2)
    assert got.upper.iloc[2] == pytest.approx(np.quantile(spend0, 0.975), rel=1e-9)


@pytest.mark.parametrize("cls", [libclv.ParetoNBD, libclv.ModifiedBetaGeo])
def test_other_purchase_models_delta_is_clv_interval_rows(cls, s):
    m = cls().fit(s)
    few = s.iloc[:60]
    sub = core.CustomerTable(*(few[c].to_numpy(dtype=float) for c in
                               ("frequency", "recency", "T")))
    for name, quantity, args, opts in (("p_alive", "p_alive", (), dict(scale="logit")),
                                       ("expected_purchases", "expected_purchases", (39,),
                                        dict(horizon=39.0))):
        lo, est, hi, se, st = core.interval_rows(m._need(), quantity, m.report.covariance,
                                                 sub, row_status=True, **opts)
        got = getattr(m, name)(*args, few, interval=0.95)
        assert (np.asarray(st) == 0).all()
        # Pareto/NBD customers whose last purchase ends their history (t_x = T) are alive
        # for certain, P(alive) = 1: the library gives [1, 1] with an se of rounding size,
        # the package the same point with se 0.
        edge = (few.recency == few["T"]).to_numpy() & (cls is libclv.ParetoNBD) & \
            (quantity == "p_alive")
        np.testing.assert_array_equal(got.to_numpy()[~edge],
                                      np.column_stack([est, lo, hi, se])[~edge])
        assert _contains(got)
        assert (np.asarray(se)[edge] <= 64 * np.finfo(float).eps).all()
        assert (got.se[~edge] > 0).all() and (got[edge].to_numpy() == [1, 1, 1, 0]).all()


def test_bass_forecast_interval_is_clv_bass_interval():
    # Bass (1969) sales; the interval form fitted by least squares.
    sales = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
    m = libclv.Bass().fit(sales)
    f = m.forecast(5, start=10, interval=0.95)
    assert list(f.columns) == ["estimate", "lower", "upper", "se"]
    assert list(f.index) == [11, 12, 13, 14, 15]
    np.testing.assert_allclose(f["estimate"], m.forecast(5, start=10), rtol=1e-12)
    est, lo, hi, se = libclv._core.bass_interval(m._need(), "period", m.report.covariance,
                                                  [11, 12, 13, 14, 15], level=0.95)
    np.testing.assert_array_equal(f["lower"], lo)
    np.testing.assert_array_equal(f["upper"], hi)
    assert (f["lower"] < f["estimate"]).all() and (f["estimate"] < f["upper"]).all()
    narrow = m.forecast(5, start=10, interval=0.9)
    assert (narrow["upper"] - narrow["lower"] < f["upper"] - f["lower"]).all()
    c = m.cumulative_interval([5, 10, 20])
    assert (c["lower"] < c["estimate"]).all() and (c["estimate"] < c["upper"]).all()
    # m F(20) approaches the market size m
    assert c["estimate"].iloc[-1] < m.params["m"]
    with pytest.raises(ValueError):
        libclv.Bass().fit(sales, model="density").forecast(3, interval=0.95)


def test_prob_purchases_delta_is_clv_interval_rows(bgf, s):
    # P(X(39) = n | h) with its delta-method interval (CLV_INTERVAL_PROB_PURCHASES), logit
    # scale: the frame is the C function's output, the estimate the plain prediction.
    sub = s.iloc[::25]
    for n in (0, 2):
        f = bgf.prob_purchases(39, n, sub, interval=0.95)
        table = libclv._core.CustomerTable(*(sub[c].to_numpy(dtype=float) for c in
                                             ("frequency", "recency", "T")))
        lo, est, hi, se = libclv._core.interval_rows(
            bgf._need(), "prob_purchases", bgf.report.covariance, table, horizon=39, count=n,
            level=0.95, scale="logit")
        np.testing.assert_array_equal(f["estimate"], bgf.prob_purchases(39, n, sub))
        np.testing.assert_allclose(f["lower"], lo, rtol=1e-15)
        np.testing.assert_allclose(f["upper"], hi, rtol=1e-15)
        assert ((f.lower > 0) & (f.upper < 1)).all()
