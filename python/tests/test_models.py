# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""The model classes: published fits (numbers copied here with their source), predictions
equal to the C library's one-customer functions and aligned to the caller's index, the
lifetimes CLV formula, JSON round trips and errors.

Sources (as tagged in the project's reference list): [P] printed in the paper; [T] asserted
in lifetimes' or CLVTools' test suites from the paper or Hardie's spreadsheets; [R] the R
package BTYD's vignette output.
"""

import json
import math

import numpy as np
import pandas as pd
import pytest

import libclv
from libclv import core


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


@pytest.fixture(scope="module")
def bgf(cdnow_summary):
    return libclv.BetaGeo().fit(cdnow_summary)


@pytest.fixture(scope="module")
def ggf(cdnow_summary):
    return libclv.GammaGamma().fit(cdnow_summary[cdnow_summary.frequency > 0])


# -- published fits ---------------------------------------------------------------------------

def test_bgnbd_cdnow_fhl2005(bgf):
    # Fader, Hardie & Lee (2005): r, alpha, a, b = 0.243, 4.414, 0.793, 2.426, LL -9582.4 [P];
    # 0.2425945, 4.4136019, 0.7929199, 2.4258881, LL -9582.429 [T].
    assert bgf.converged
    assert [round(v, 3) for v in bgf.params] == [0.243, 4.414, 0.793, 2.426]
    # The [T] digits come from a fit to unrounded times; this file prints t_x and T to two
    # decimals, which moves the flat a, b direction by ~4e-5 relative.
    for got, want in zip(bgf.params, (0.2425945, 4.4136019, 0.7929199, 2.4258881)):
        assert rel(got, want) < 1e-4
    assert round(bgf.loglik, 1) == -9582.4
    assert list(bgf.params.index) == ["r", "alpha", "a", "b"]
    # Customer x=2, t_x=30.43, T=38.86: 1.226 purchases in the next 39 weeks [T].
    one = pd.DataFrame({"frequency": [2.0], "recency": [30.43], "T": [38.86]}, index=["c"])
    assert round(bgf.expected_purchases(39, one)["c"], 3) == 1.226
    # E[X(t)] of a new customer at t = 1, 3, 32, 78 [T, Hardie's sheet]; the sheet's own
    # parameters are known to three decimals only, over which E[X(78)] moves by 0.003, so
    # to 0.001 as lifetimes' suite and tests/test_bgnbd.c.
    np.testing.assert_allclose(bgf.expected_purchases_new([1, 3, 32, 78]),
                               [0.0532, 0.1506, 1.0437, 1.8576], atol=1e-3)


def test_summary_aic_bic(bgf, cdnow_summary):
    s = bgf.summary
    assert list(s.columns) == ["estimate", "se", "lower 95%", "upper 95%"]
    assert (s["se"] > 0).all()
    np.testing.assert_allclose(s["lower 95%"], s["estimate"] - 1.959963984540054 * s["se"])
    np.testing.assert_allclose(s["upper 95%"], s["estimate"] + 1.959963984540054 * s["se"])
    assert s["se"].tolist() == list(bgf.report.std_error)
    n = len(cdnow_summary)
    assert bgf.n_obs == n
    assert bgf.aic == pytest.approx(8 - 2 * bgf.loglik, rel=1e-15)
    assert bgf.bic == pytest.approx(4 * math.log(n) - 2 * bgf.loglik, rel=1e-15)


def test_pareto_nbd_cdnow(cdnow_summary):
    # 0.55315, 10.57633, 0.60625, 11.67150, LL -9594.976, standard errors 0.0476264,
    # 0.8427222, 0.1872594, 6.2105448 [T]; 0.553, 10.578, 0.606, 11.669, LL -9595.0 [P].
    m = libclv.ParetoNBD().fit(cdnow_summary)
    for got, want in zip(m.params, (0.55315, 10.57633, 0.60625, 11.67150)):
        assert rel(got, want) < 5e-4  # the same two-decimal data as above
    assert round(m.loglik, 1) == -9595.0
    for got, want in zip(m.summary["se"], (0.0476264, 0.8427222, 0.1872594, 6.2105448)):
        assert rel(got, want) < 5e-3
    assert list(m.params.index) == ["r", "alpha", "s", "beta"]


def test_mbgnbd_cdnow(cdnow_summary):
    # lifetimes' suite: r, alpha, a, b = 0.525, 6.183, 0.891, 1.614 [T].
    m = libclv.ModifiedBetaGeo().fit(cdnow_summary)
    assert [round(v, 3) for v in m.params] == [0.525, 6.183, 0.891, 1.614]


def test_gamma_gamma_cdnow(ggf, cdnow_summary):
    # Fader & Hardie (2013): p, q, gamma = 6.25, 3.74, 15.44 [P], on the 946 repeat buyers.
    # gamma within 0.05 as tests/test_gg.c: the note's data carry zbar to two decimals.
    p, q, gamma = ggf.params
    assert (round(p, 2), round(q, 2)) == (6.25, 3.74) and abs(gamma - 15.44) < 0.05
    assert ggf.n_obs == 946
    # The whole table (x = 0 rows carry no spend information) gives the same fit.
    whole = libclv.GammaGamma().fit(cdnow_summary)
    assert whole.params.tolist() == ggf.params.tolist() and whole.n_obs == 946
    # Expected spend of the first ten customers [T, Hardie's sheet], to +/- 0.01 as
    # tests/test_gg.c: the file rounds zbar to cents (customer 1: 22.345 printed 22.35).
    spend = ggf.expected_spend(cdnow_summary.iloc[:10])
    np.testing.assert_allclose(spend, [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91,
                                       35.17, 27.28, 35.17], atol=0.01 + 1e-9)
    assert list(spend.index) == list(cdnow_summary.index[:10])


def test_bgbb_donations_fhs2010(donations):
    # Fader, Hardie & Shang (2010): 1.204, 0.750, 0.657, 2.783 [P]; LL -33,225.58 [R].
    m = libclv.BetaGeoBetaBinom().fit(donations, weights_col="weights")
    assert [round(v, 3) for v in m.params] == [1.204, 0.750, 0.657, 2.783]
    assert round(m.loglik, 2) == -33225.58
    assert m.n_obs == 11104
    # Next 10 opportunities: x=0, t_x=0 -> 0.1302169; x=4, t_x=5 -> 3.627858 [R] (at the R
    # fit, which agrees with ours to ~1e-6).
    two = pd.DataFrame({"frequency": [0.0, 4.0], "recency": [0.0, 5.0], "n_periods": [6, 6]})
    got = m.expected_purchases(10, two)
    assert round(got[0], 4) == 0.1302 and round(got[1], 3) == 3.628
    # P(alive in 2002), Table 6 [P]: (0, 0) 0.11; (2, 4) 0.59; (6, 6) 0.93.
    t6 = pd.DataFrame({"frequency": [0.0, 2.0, 6.0], "recency": [0.0, 4.0, 6.0],
                       "T": [6.0, 6.0, 6.0]})
    assert [round(v, 2) for v in m.p_alive(t6)] == [0.11, 0.59, 0.93]


def test_sbg_fh2007():
    # Fader & Hardie (2007), years 1-7: regular 0.704, 1.182; high end 0.668, 3.806 [P].
    regular = [1000, 631, 468, 382, 326, 289, 262, 241]
    high_end = [1000, 869, 743, 653, 593, 551, 517, 491]
    r = libclv.ShiftedBetaGeo().fit_cohorts(regular)
    h = libclv.ShiftedBetaGeo().fit_cohorts(pd.DataFrame([high_end]))
    assert [round(v, 3) for v in r.params] == [0.704, 1.182]
    assert [round(v, 3) for v in h.params] == [0.668, 3.806]
    a, b = r.params
    # r(t) = (beta + t - 1) / (alpha + beta + t - 1) (Fader & Hardie 2007, eq. 6).
    np.testing.assert_allclose(r.retention_rate([1, 2, 5]),
                               [(b + t - 1) / (a + b + t - 1) for t in (1, 2, 5)], rtol=1e-12)
    # The same customers one row each (duration, churned) give the same fit.
    rows = []
    for t in range(1, 8):
        rows.append((t, 1, regular[t - 1] - regular[t]))
    rows.append((7, 0, regular[7]))
    d = pd.DataFrame(rows, columns=["duration", "churned", "w"])
    by_row = libclv.ShiftedBetaGeo().fit(d, weights_col="w")
    np.testing.assert_allclose(by_row.params, r.params, rtol=1e-6)
    assert r.n_obs == 1000 and by_row.n_obs == 1000


def test_bass_nls():
    # Bass (1969) sales, NLS on m f(t) as R's nls: m 6.80e4 (SE 3.13e3), p 6.59e-3
    # (SE 1.43e-3), q 0.638 (SE 0.0414), residual SE 727 on 7 df [P/R].
    sales = pd.Series([840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890],
                      index=range(1, 11))
    m = libclv.Bass().fit(sales, model="density")
    p, q, mm = m.params
    assert (round(mm, -2), round(p, 5), round(q, 3)) == (68000, 0.00659, 0.638)
    se = m.summary["se"]
    assert (round(se["m"], -1), round(se["p"], 5), round(se["q"], 4)) == (3130, 0.00143, 0.0414)
    assert round(m.residual_se) == 727
    f = m.forecast(3, start=10)
    assert list(f.index) == [11, 12, 13] and (f > 0).all()


# -- predictions equal the library's and follow the caller's index --------------------------

@pytest.mark.parametrize("cls,prefix", [(libclv.BetaGeo, "bgnbd"), (libclv.ParetoNBD, "pnbd"),
                                        (libclv.ModifiedBetaGeo, "mbgnbd")])
def test_predictions_equal_the_c_functions(cls, prefix, cdnow_summary):
    m = cls().fit(cdnow_summary)
    # A relabelled, shuffled table: every Series follows its index.
    df = cdnow_summary.sample(frac=1.0, random_state=3).iloc[:300]
    df.index = ["cust-%d" % i for i in df.index]
    p = m._need()
    alive = m.p_alive(df)
    exp = m.expected_purchases(52, df)
    prob = m.prob_purchases(52, 2, df)
    dert = m.dert(math.log(1.15) / 52, df)
    for s in (alive, exp, prob, dert):
        assert list(s.index) == list(df.index)
    one_alive = getattr(core, prefix + "_p_alive")
    one_exp = getattr(core, prefix + "_expected_purchases")
    for label, row in df.iloc[::17].iterrows():
        x, t_x, T = row["frequency"], row["recency"], row["T"]
        assert alive[label] == one_alive(p, x, t_x, T)
        assert exp[label] == one_exp(p, x, t_x, T, 52)
        assert prob[label] == core.prob_purchases_rows(
            p, core.CustomerTable([x], [t_x], [T]), 52, 2)[0]
    if prefix == "pnbd":  # the continuous DERT of FHL (2005) "RFM and CLV"
        for label, row in df.iloc[::31].iterrows():
            want = core.pnbd_dert(p, row["frequency"], row["recency"], row["T"],
                                  math.log(1.15) / 52)
            assert rel(dert[label], want) < 1e-12


def test_clv_is_lifetimes_formula(bgf, ggf, cdnow_summary):
    # lifetimes' customer_lifetime_value: sum over months i = 1..12 of spend x (E[X(i f)] -
    # E[X((i - 1) f)]) / (1 + d)^i, f the periods of freq in a month (weeks: 4.345).
    df = cdnow_summary.iloc[:200]
    clv = bgf.customer_lifetime_value(ggf, df, horizon=12, discount_rate=0.01, freq="W")
    spend = ggf.expected_spend(df)
    want = pd.Series(0.0, index=df.index)
    prev = pd.Series(0.0, index=df.index)
    for i in range(1, 13):
        cur = bgf.expected_purchases(i * 4.345, df)
        want += spend * (cur - prev) / 1.01 ** i
        prev = cur
    np.testing.assert_allclose(clv, want, rtol=1e-9)
    assert list(clv.index) == list(df.index)
    # GammaGamma.customer_lifetime_value(purchase_model, ...): lifetimes' argument order.
    again = ggf.customer_lifetime_value(bgf, df, horizon=12, discount_rate=0.01, freq="W")
    assert again.equals(clv)
    # margin scales, and the rows equal the library's one-customer value.
    half = bgf.customer_lifetime_value(ggf, df, freq="W", margin=0.5)
    np.testing.assert_allclose(half, 0.5 * clv, rtol=1e-14)
    r = df.iloc[5]
    assert clv.iloc[5] == core.customer_value(
        bgf._need(), ggf._need(), r["frequency"], r["recency"], r["T"], r["monetary_value"],
        margin=1.0, discount_rate=0.01, period=4.345, horizon=12)


def test_weights_give_the_uncompressed_fit(cdnow_summary):
    cols = ["frequency", "recency", "T"]
    grouped = cdnow_summary.groupby(cols).size().rename("w").reset_index()
    assert len(grouped) < len(cdnow_summary)
    a = libclv.BetaGeo().fit(cdnow_summary)
    b = libclv.BetaGeo().fit(grouped, weights_col="w")
    np.testing.assert_allclose(b.params, a.params, rtol=1e-6)
    assert b.n_obs == len(cdnow_summary)


# -- persistence --------------------------------------------------------------------------

def test_save_load_round_trip(bgf, cdnow_summary, tmp_path):
    path = tmp_path / "bgf.json"
    bgf.save(path)
    d = json.loads(path.read_text())
    assert d["model"] == "BetaGeo" and d["library_version"] == libclv.version_string()
    assert d["params"] == dict(bgf.params)
    m = libclv.BetaGeo.load(path)
    assert m.params.equals(bgf.params) and m.loglik == bgf.loglik and m.converged
    pd.testing.assert_frame_equal(m.summary, bgf.summary)
    assert m.p_alive(cdnow_summary).equals(bgf.p_alive(cdnow_summary))
    assert isinstance(libclv.load(path), libclv.BetaGeo)
    with pytest.raises(libclv.InputError):
        libclv.ParetoNBD.load(path)
    d["library_version"] = "2.0.0"
    path.write_text(json.dumps(d))
    with pytest.raises(libclv.InputError):
        libclv.load(path)
    path.write_text("{}")
    with pytest.raises(libclv.InputError):
        libclv.load(path)


def test_given_parameters_predict_without_fitting(bgf, cdnow_summary):
    m = libclv.BetaGeo(dict(bgf.params))
    assert m.p_alive(cdnow_summary).equals(bgf.p_alive(cdnow_summary))
    assert math.isnan(m.loglik) and not m.converged
    assert m.summary["se"].isna().all()


# -- errors ---------------------------------------------------------------------------------

def test_bad_row_carries_the_librarys_diagnostic_and_the_label(bgf, cdnow_summary):
    df = cdnow_summary.iloc[:5].copy()
    df.index = ["a", "b", "c", "d", "e"]
    df.loc["c", "recency"] = df.loc["c", "T"] + 1.0  # recency beyond T
    with pytest.raises(libclv.ClvDomainError) as e:
        bgf.p_alive(df)
    err = e.value
    assert isinstance(err, ValueError) and err.status == core.EDOM
    assert (err.row, err.label) == (2, "c")
    assert err.field == "CLV_FIELD_T_X" and err.rule == "CLV_RULE_RECENCY_ABOVE_T"
    assert "index label 'c'" in str(err)
    df.loc["c", "recency"] = 0.0
    df.loc["d", "frequency"] = -1.0
    with pytest.raises(libclv.ClvDomainError) as e:
        libclv.BetaGeo().fit(df)
    assert (e.value.label, e.value.field, e.value.rule) == ("d", "CLV_FIELD_X",
                                                           "CLV_RULE_NEGATIVE")


def test_input_errors(cdnow_summary):
    with pytest.raises(libclv.InputError) as e:
        libclv.BetaGeo().fit(cdnow_summary.drop(columns="recency"))
    assert e.value.column == "recency"
    with pytest.raises(libclv.InputError):
        libclv.BetaGeo().fit(cdnow_summary.assign(T="x"))
    with pytest.raises(TypeError):
        libclv.BetaGeo().fit(cdnow_summary.to_numpy())
    with pytest.raises(libclv.NotFittedError):
        libclv.BetaGeo().p_alive(cdnow_summary)
    with pytest.raises(libclv.InputError):
        libclv.BetaGeo([1.0, 2.0])
    with pytest.raises(libclv.ClvIdentError):  # no repeat buyer: nothing identifies spend
        libclv.GammaGamma().fit(cdnow_summary[cdnow_summary.frequency == 0])


def test_no_convergence_warns_and_keeps_the_best_point(cdnow_summary):
    with pytest.warns(libclv.ConvergenceWarning):
        m = libclv.BetaGeo().fit(cdnow_summary, max_iterations=2)
    assert not m.converged
    assert np.isfinite(m.params).all() and np.isfinite(m.loglik)
    assert "not converged" in repr(m)


def test_bgbb_value_counts_opportunities(donations):
    # BG/BB value over 5 opportunities at 10% each, spend 1: the discounted sum of the
    # expected transactions in each opportunity, from the model's cumulative expectations.
    m = libclv.BetaGeoBetaBinom().fit(donations, weights_col="weights")
    df = donations.iloc[:6].assign(monetary_value=1.0)
    v = m.customer_lifetime_value(None, df, horizon=5, discount_rate=0.1)
    want = sum((m.expected_purchases(i, df) - m.expected_purchases(i - 1, df)) / 1.1 ** i
               for i in range(1, 6))
    np.testing.assert_allclose(v, want, rtol=1e-9)


def test_sbg_predictions_follow_fader_hardie():
    # S(t) = B(alpha, beta + t) / B(alpha, beta) (Fader & Hardie 2007, eq. 4); DEL(d) =
    # 2F1(1, beta; alpha + beta; 1/(1+d)) and DERL after n-1 renewals = (beta+n-1)/(alpha+
    # beta+n-1) 2F1(1, beta+n; alpha+beta+n; 1/(1+d)) (Fader & Hardie 2010), by mpmath.
    mpmath = pytest.importorskip("mpmath")
    a, b = 0.704, 1.182
    m = libclv.ShiftedBetaGeo([a, b])
    for t in (1, 2, 7, 12):
        want = float(mpmath.beta(a, b + t) / mpmath.beta(a, b))
        assert rel(m.survival(t), want) < 1e-12
    d = 0.1
    assert rel(m.discounted_expected_lifetime(d),
               float(mpmath.hyp2f1(1, b, a + b, 1 / (1 + d)))) < 1e-10
    renewals = pd.Series([1.0, 3.0, 1.0, 5.0], index=list("wxyz"))
    derl = m.derl(renewals, d)
    assert list(derl.index) == list("wxyz") and derl["w"] == derl["y"]
    for label, r in renewals.items():
        n = r + 1  # renewals = n - 1
        want = (b + n - 1) / (a + b + n - 1) * mpmath.hyp2f1(1, b + n, a + b + n, 1 / (1 + d))
        assert rel(derl[label], float(want)) < 1e-10
    proj = m.project(1000, 4)
    np.testing.assert_allclose(proj, [1000 * m.survival(t) for t in range(4)], rtol=1e-12)


def test_bass_curve_follows_bass_1969():
    # F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}); peak t* = ln(q/p)/(p+q) (Bass 1969).
    p, q, m = 0.00659, 0.638, 68000.0
    b = libclv.Bass([p, q, m])
    t = np.array([0.5, 1.0, 4.0, 10.0])
    e = np.exp(-(p + q) * t)
    np.testing.assert_allclose(b.cumulative(t), (1 - e) / (1 + q / p * e), rtol=1e-12)
    assert rel(b.peak().time, math.log(q / p) / (p + q)) < 1e-12
    f = b.forecast(3, start=0)
    np.testing.assert_allclose(f, m * np.diff(b.cumulative(np.arange(4.0))), rtol=1e-10)
