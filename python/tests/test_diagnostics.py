# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Model checking as DataFrames (libclv.diagnostics) against the mpmath oracle of the C tests
(tests/oracles/checking_oracles.py: CDNOW summarised by its own code, BG/NBD written from
Fader, Hardie & Lee 2005 at 40 digits), the ctypes core called directly, and the same figures
recomputed with pandas alone."""

import math
import os

import numpy as np
import pandas as pd
import pytest

import libclv
from libclv import core, diagnostics as diag

from conftest import DATA

ORACLES = os.path.join(DATA, "..", "oracles")
# The oracle's parameters (published.md [T]): FHL 2005's CDNOW fit to 7 digits.
FIT = (0.2425945, 4.4136019, 0.7929199, 2.4258881)
LOG = dict(freq="D", freq_multiplier=7, datetime_format="%Y%m%d")


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


@pytest.fixture(scope="module")
def oracle():
    values = {}
    with open(os.path.join(ORACLES, "checking_oracles.txt")) as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=")
                values[k.strip()] = float(v)
    return values


@pytest.fixture(scope="module")
def summary(cdnow_transactions):
    return libclv.rfm_summary(cdnow_transactions, "customer_id", "date", "amount",
                              observation_period_end="1998-06-30",
                              calibration_end="1997-09-30", **LOG)


@pytest.fixture(scope="module")
def bg():
    return libclv.BetaGeo(FIT)


@pytest.fixture(scope="module")
def fits(summary):
    return {"BG/NBD": libclv.BetaGeo().fit(summary), "Pareto/NBD": libclv.ParetoNBD().fit(summary)}


def test_period_transactions_equal_the_oracle(bg, summary, oracle):
    pt = diag.period_transactions(bg, summary, 7)
    assert list(pt.index) == list(range(8)) and pt["label"].iloc[-1] == "7+"
    for x in range(8):
        assert pt.loc[x, "actual"] == oracle["hist_actual_%d" % x]
        assert rel(pt.loc[x, "expected"], oracle["hist_expected_%d" % x]) < 1e-9
    cs = pt.attrs["chi_square"]
    assert cs["groups"] == oracle["hist_groups"] and cs["df"] == oracle["hist_df"]
    assert rel(cs["statistic"], oracle["hist_chi2"]) < 1e-8
    assert rel(cs["p_value"], oracle["hist_p"]) < 1e-8
    assert list(pt["group"]) == list(range(8))  # every bin expects more than 5
    # The same numbers as the core, and the actual column is pandas' own count.
    e, a = core.frequency_histogram(bg._need(), core.CustomerTable(
        summary.frequency.to_numpy(), summary.recency.to_numpy(), summary["T"].to_numpy()), 7)
    assert list(pt["expected"]) == list(e) and list(pt["actual"]) == list(a)
    counts = summary.frequency.clip(upper=7).value_counts().sort_index()
    assert list(pt["actual"]) == list(counts.astype(float))
    # The method form is the same function; a table with a sparse tail merges groups.
    assert bg.period_transactions(summary, 7).equals(pt)
    merged = diag.period_transactions(bg, summary, 20, min_expected=30)
    assert merged.attrs["chi_square"]["groups"] == merged["group"].max() + 1 < 21
    assert (merged["group"].diff().dropna() >= 0).all()


def test_too_few_groups_leaves_the_histogram(bg, summary):
    pt = diag.period_transactions(bg, summary, 3)  # 4 bins - 1 - 4 parameters < 1 df
    assert pt.attrs["chi_square"] is None and "CLV_EDOM" in pt.attrs["chi_square_error"]
    assert pt["actual"].sum() == len(summary)


def test_conditional_by_frequency_equals_the_oracle_and_pandas(bg, summary, oracle):
    c = diag.conditional_by_frequency(bg, summary, 7)
    assert c.attrs["holdout_length"] == 39.0  # rfm_summary's duration_holdout
    for g in range(8):
        assert c.loc[g, "count"] == oracle["cond_count_%d" % g]
        assert rel(c.loc[g, "actual"], oracle["cond_actual_%d" % g]) < 1e-12
        assert rel(c.loc[g, "predicted"], oracle["cond_predicted_%d" % g]) < 1e-9
    pred = bg.expected_purchases(39, summary)
    by = pd.DataFrame({"g": summary.frequency.clip(upper=7), "h": summary.frequency_holdout,
                       "p": pred}).groupby("g")
    np.testing.assert_allclose(c["actual"], by["h"].mean(), rtol=1e-12)
    np.testing.assert_allclose(c["predicted"], by["p"].mean(), rtol=1e-12)
    assert list(c["count"]) == list(by.size().astype(float))
    # Exactly the core's numbers.
    table = core.CustomerTable(summary.frequency.to_numpy(), summary.recency.to_numpy(),
                               summary["T"].to_numpy())
    n, act, prd = core.conditional_by_frequency(bg._need(), table,
                                                summary.frequency_holdout.to_numpy(), 39.0, 7)
    assert (list(c["count"]), list(c["actual"]), list(c["predicted"])) == (
        list(n), list(act), list(prd))


def test_conditional_by_recency_equals_pandas(bg, summary):
    edges = [0.0, 10.0, 20.0, 30.0, 39.0]
    c = diag.conditional_by_recency(bg, summary, edges=edges)
    assert isinstance(c.index, pd.IntervalIndex) and list(c["lower"]) == edges[:-1]
    pred = bg.expected_purchases(39, summary)
    b = np.searchsorted(edges, summary.recency, side="right") - 1  # [lower, upper)
    frame = pd.DataFrame({"b": b, "h": summary.frequency_holdout, "p": pred}).groupby("b")
    np.testing.assert_allclose(c["count"], frame.size(), rtol=0)
    np.testing.assert_allclose(c["actual"], frame["h"].mean(), rtol=1e-12)
    np.testing.assert_allclose(c["predicted"], frame["p"].mean(), rtol=1e-12)
    # Default: 10 equal bins from 0 to the largest recency, every customer in one.
    d = diag.conditional_by_recency(bg, summary)
    assert len(d) == 10 and d["count"].sum() == len(summary)
    assert d["upper"].iloc[-1] == summary.recency.max()
    with pytest.raises(libclv.ClvDomainError) as e:  # a customer outside the bins
        diag.conditional_by_recency(bg, summary, edges=[0.0, 10.0])
    assert e.value.label in summary.index and e.value.field == "CLV_FIELD_T_X"


def test_tracking_equals_the_oracle_and_pandas(bg, cdnow_transactions, oracle):
    tr = diag.tracking(bg, cdnow_transactions, "customer_id", "date",
                       times=np.arange(1.0, 79.0), calibration_end="1997-09-30", **LOG)
    for week in (1, 10, 39, 52, 78):
        assert rel(tr.loc[float(week), "expected"], oracle["track_expected_week%d" % week]) < 1e-9
    assert tr.attrs["origin"] == pd.Timestamp("1997-01-01") and tr.attrs["unit"] == "weeks"
    assert tr.attrs["customers"] == 2357
    assert tr.attrs["calibration_end"] == 272 / 7
    assert tr.loc[39.0, "date"] == pd.Timestamp("1997-10-01")
    # Actual: each customer's purchase days after the first, counted by pandas.
    days = (pd.to_datetime(cdnow_transactions.date, format="%Y%m%d")
            - pd.Timestamp("1997-01-01")).dt.days
    log = pd.DataFrame({"c": cdnow_transactions.customer_id, "d": days}).drop_duplicates()
    first = log.groupby("c")["d"].transform("min")
    repeat = (log.loc[log.d > first, "d"] / 7.0).to_numpy()
    want = [(repeat <= t).sum() for t in tr.index]
    assert list(tr["actual"]) == want
    np.testing.assert_allclose(tr["actual_incremental"], np.diff(np.r_[0, want]), rtol=0)
    np.testing.assert_allclose(tr["expected_incremental"],
                               np.diff(np.r_[0.0, tr["expected"]]), rtol=1e-9, atol=1e-9)
    # Births grouped by day give the sum over every customer, one birth each (the core).
    births = np.sort((log.groupby("c")["d"].min() / 7.0).to_numpy())
    cum, _ = core.tracking_expected(bg._need(), births, tr.index.to_numpy())
    np.testing.assert_allclose(tr["expected"], cum, rtol=1e-12)
    # The default grid: every week to the end of the log (1998-06-30 is 77.9 weeks in).
    default = diag.tracking(bg, cdnow_transactions, "customer_id", "date", **LOG)
    assert list(default.index) == list(np.arange(1.0, 78.0))
    assert default["actual"].equals(tr["actual"].iloc[:77])


def test_holdout_accuracy_equals_numpy(fits, summary):
    acc = diag.holdout_accuracy(fits, summary)
    assert list(acc.index) == ["BG/NBD", "Pareto/NBD"]
    h = summary.frequency_holdout.to_numpy()
    for name, m in fits.items():
        p = m.expected_purchases(39, summary).to_numpy()
        e = p - h
        row = acc.loc[name]
        assert row["count"] == len(h)
        assert rel(row["mae"], np.abs(e).mean()) < 1e-12
        assert rel(row["rmse"], math.sqrt((e ** 2).mean())) < 1e-12
        assert rel(row["bias"], e.mean()) < 1e-10
        assert rel(row["correlation"], np.corrcoef(p, h)[0, 1]) < 1e-12
        assert row["correlation_defined"]
    # docs/model-checking.md reads Pareto/NBD as the more accurate on CDNOW's holdout.
    assert acc.loc["Pareto/NBD", "mae"] < acc.loc["BG/NBD", "mae"]
    # A constant actual series has no correlation: NaN here, not the library's sentinel 0.
    flat = diag.holdout_accuracy(fits["BG/NBD"], summary.assign(frequency_holdout=1.0))
    assert math.isnan(flat["correlation"].iloc[0]) and not flat["correlation_defined"].iloc[0]
    with pytest.raises(libclv.InputError):
        diag.holdout_accuracy(fits["BG/NBD"], summary.assign(
            duration_holdout=np.arange(len(summary), dtype=float)))


def test_calibration_table_equals_pandas(fits, summary):
    m = fits["BG/NBD"]
    ct = diag.calibration_table(m, summary, 5)
    p = m.expected_purchases(39, summary).to_numpy()
    r = core.calibration_table(p, summary.frequency_holdout.to_numpy(), 5)
    assert list(ct["count"]) == list(r["count"]) and list(ct["actual"]) == list(r["mean_actual"])
    # Bin b holds c_b < prediction <= c_(b+1); its means by pandas.
    cuts = ct["upper"].to_numpy()[:-1]
    b = np.searchsorted(cuts, p, side="left")
    g = pd.DataFrame({"b": b, "p": p, "h": summary.frequency_holdout}).groupby("b")
    np.testing.assert_allclose(ct["count"], g.size(), rtol=0)
    np.testing.assert_allclose(ct["predicted"], g["p"].mean(), rtol=1e-12)
    np.testing.assert_allclose(ct["actual"], g["h"].mean(), rtol=1e-12)
    assert ct["count"].sum() == len(summary)
    assert ct["lower"].iloc[0] == p.min() and ct["upper"].iloc[-1] == p.max()
    # Equal-weight bins: each within one tie group of n / 5.
    assert (abs(ct["count"] - len(p) / 5) < 60).all()


def test_information_criteria_and_lr_test(fits, summary):
    ic = diag.information_criteria(fits)
    for name, m in fits.items():
        ll, n = m.loglik, len(summary)
        assert ic.loc[name, "n_obs"] == n and ic.loc[name, "n_params"] == 4
        assert rel(ic.loc[name, "aic"], 8 - 2 * ll) < 1e-14
        assert rel(ic.loc[name, "bic"], 4 * math.log(n) - 2 * ll) < 1e-14
        assert ic.loc[name, "aic"] == m.aic
    # FHL 2005 / published.md: LL -9582.4 (BG/NBD) and -9595.0 (Pareto/NBD): BG/NBD wins.
    assert round(ic.loc["BG/NBD", "loglik"], 1) == -9582.4
    assert round(ic.loc["Pareto/NBD", "loglik"], 1) == -9595.0
    assert ic["aic"].idxmin() == "BG/NBD" and ic["bic"].idxmin() == "BG/NBD"
    # Pooled against two segments (odd and even ids): df 4, p from mpmath.
    mpmath = pytest.importorskip("mpmath")
    seg = summary.index.to_numpy() % 2 == 0
    parts = [libclv.BetaGeo().fit(summary[seg]), libclv.BetaGeo().fit(summary[~seg])]
    lr = diag.likelihood_ratio_test(fits["BG/NBD"], parts)
    stat = 2 * (parts[0].loglik + parts[1].loglik - fits["BG/NBD"].loglik)
    assert lr["df"].iloc[0] == 4.0 and rel(lr["statistic"].iloc[0], stat) < 1e-9
    want = float(mpmath.gammainc(2, stat / 2, mpmath.inf, regularized=True))
    assert rel(lr["p_value"].iloc[0], want) < 1e-10
    with pytest.raises(libclv.ClvDomainError):  # a "fuller" fit 12.5 worse: not nested
        diag.likelihood_ratio_test(fits["BG/NBD"], fits["Pareto/NBD"])


def test_matrices_mask_impossible_cells(fits, summary):
    m = fits["BG/NBD"]
    pa = diag.probability_alive_matrix(m, data=summary)
    T = summary["T"].max()
    assert pa.attrs["T"] == T and pa.columns[-1] == T and pa.index[-1] == summary.frequency.max()
    assert list(pa.columns[:-1]) == list(np.arange(0.0, math.floor(T) + 1))
    # BG/NBD: x = 0 with t_x > 0 cannot happen; nothing else on this grid (t_x <= T).
    mask = pa.isna().to_numpy()
    assert mask[0, 1:].all() and not mask[0, 0] and not mask[1:].any()
    assert pa.attrs["impossible"] == mask.sum() == len(pa.columns) - 1
    # Every possible cell is the model's P(alive) of that history.
    x, t_x = np.meshgrid(pa.index.to_numpy(float), pa.columns.to_numpy(float), indexing="ij")
    ok = ~mask
    hist = pd.DataFrame({"frequency": x[ok], "recency": t_x[ok], "T": T})
    np.testing.assert_array_equal(pa.to_numpy()[ok], m.p_alive(hist).to_numpy())
    core_pa, _, core_ok = core.frequency_recency_matrix(m._need(), int(pa.index[-1]),
                                                        pa.columns.to_numpy(float), T, 0.0)
    assert (np.asarray(core_ok) == 0).tolist() == mask.tolist()
    np.testing.assert_array_equal(np.asarray(core_pa)[ok], pa.to_numpy()[ok])
    # docs/model-checking.md's table: x = 1, t_x = 10 -> 0.438, x = 3, t_x = 30 -> 0.726.
    assert round(pa.loc[1, 10.0], 3) == 0.438 and round(pa.loc[3, 30.0], 3) == 0.726
    ex = m.expected_purchases_matrix(39, 5, T, recency=[0.0, 10.0, 20.0])
    want = m.expected_purchases(39, pd.DataFrame(
        {"frequency": [1.0, 5.0], "recency": [20.0, 10.0], "T": [T, T]}))
    assert ex.loc[1, 20.0] == want.iloc[0] and ex.loc[5, 10.0] == want.iloc[1]
    assert ex.loc[0, 10.0] != ex.loc[0, 10.0]  # NaN


def test_bgbb_matrix_masks_x_above_t_x(donations):
    m = libclv.BetaGeoBetaBinom().fit(donations, weights_col="weights")
    pa = diag.probability_alive_matrix(m, 6, 6)
    x, t = np.meshgrid(pa.index.to_numpy(float), pa.columns.to_numpy(float), indexing="ij")
    impossible = (x > t) | ((x == 0) & (t > 0))
    assert (pa.isna().to_numpy() == impossible).all()
    # FHS 2010 Table 6: P(alive) of (x, t_x) = (2, 4) -> 0.59, (6, 6) -> 0.93 [P].
    assert round(pa.loc[2, 4.0], 2) == 0.59 and round(pa.loc[6, 6.0], 2) == 0.93


def test_p_alive_history_follows_the_customer(fits, cdnow_transactions):
    m = fits["BG/NBD"]
    cid = 9  # 5 purchase days, the first in January 1997
    h = diag.p_alive_history(m, cdnow_transactions, "customer_id", "date", cid,
                             observation_period_end="1997-09-30", **LOG)
    mine = pd.to_datetime(cdnow_transactions.loc[cdnow_transactions.customer_id == cid, "date"],
                          format="%Y%m%d")
    days = np.unique((mine - mine.min()).dt.days.to_numpy())
    days = days[days <= (pd.Timestamp("1997-09-30") - mine.min()).days]  # the later: holdout
    assert h.index[0] == 0.0 and h["p_alive"].iloc[0] == 1.0
    assert h["date"].iloc[0] == mine.min()
    assert h.index[-1] * 7 == (pd.Timestamp("1997-09-30") - mine.min()).days
    np.testing.assert_allclose(h.index[h["purchase"]] * 7, days, rtol=0, atol=1e-9)
    p = m._need()
    assert len(days) > 2
    for k in (0, days[1] - 1, days[1], days[2] + 3, len(h) - 1):  # grid: one row a day
        s = h.index[k]
        assert s * 7 == pytest.approx(k, abs=1e-9)
        done = days[days <= k] / 7
        want = core.bgnbd_p_alive(p, len(done) - 1, done[-1], s)
        assert h["p_alive"].iloc[k] == pytest.approx(want, rel=1e-14)
    with pytest.raises(libclv.InputError):
        diag.p_alive_history(m, cdnow_transactions, "customer_id", "date", -5, **LOG)


def _concentration_cases():
    cases, cur = {}, None
    with open(os.path.join(ORACLES, "concentration_oracles.txt")) as f:
        for line in f:
            line = line.strip()
            if line.startswith("case "):
                _, name, n = line.split()
                cur = cases[name] = {"values": [], "n": int(n)}
            elif "=" in line:
                k, v = line.split("=")
                cur[k.strip()] = float(v)
            elif line and len(cur["values"]) < cur["n"]:
                cur["values"].append(float(line))
    return cases


def test_value_concentration_equals_the_oracle():
    cases = _concentration_cases()
    assert cases
    for name, c in cases.items():
        vc = diag.value_concentration(c["values"])
        assert rel(vc.attrs["gini"], c["gini"]) < 1e-12, name
        for k in (1, 5, 10, 20):
            assert rel(vc.attrs["top_share"][k], c["top%d" % k]) < 1e-12, name
        assert vc["value_share"].iloc[0] == 0 and vc["value_share"].iloc[-1] == pytest.approx(1)
        assert (np.diff(vc["value_share"]) >= 0).all() and len(vc) == c["n"] + 1
    with pytest.raises(libclv.InputError):
        diag.value_concentration([1.0, -1.0])


def test_sbg_and_bass_curves():
    mpmath = pytest.importorskip("mpmath")
    regular = [1000, 631, 468, 382, 326, 289, 262, 241]
    m = libclv.ShiftedBetaGeo().fit_cohorts(regular)
    a, b = m.params
    r = diag.sbg_retention(m, regular)
    assert list(r.index) == list(range(15))
    for t in (0, 1, 7, 14):  # S(t) = B(a, b + t) / B(a, b) (Fader & Hardie 2007, eq. 4)
        assert rel(r.loc[t, "survival"], float(mpmath.beta(a, b + t) / mpmath.beta(a, b))) < 1e-12
    np.testing.assert_allclose(r["retention_rate"].iloc[1:],
                               (b + r.index[1:] - 1) / (a + b + r.index[1:] - 1), rtol=1e-12)
    assert list(r["actual"].iloc[:8]) == regular and r["actual"].iloc[8:].isna().all()
    np.testing.assert_allclose(r["actual_retention"].iloc[1:8],
                               np.array(regular[1:]) / np.array(regular[:-1]), rtol=1e-15)
    sales = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
    bass = libclv.Bass().fit(sales)
    bc = diag.bass_curve(bass, sales)
    assert list(bc.index) == list(range(1, 16)) and bc["forecast"].sum() == 5
    p, q, mm = bass.params
    t = np.arange(16.0)
    e = np.exp(-(p + q) * t)
    F = (1 - e) / (1 + q / p * e)  # Bass (1969)
    np.testing.assert_allclose(bc["expected"], mm * np.diff(F), rtol=1e-10)
    np.testing.assert_allclose(bc["expected_cumulative"], mm * F[1:], rtol=1e-10)
    assert list(bc["actual"].iloc[:10]) == sales and bc["actual_cumulative"].iloc[9] == sum(sales)


def test_time_unit_names():
    assert diag.time_unit("D", 7) == "weeks" and diag.time_unit("D") == "days"
    assert diag.time_unit("M", 3) == "periods of 3 months"
