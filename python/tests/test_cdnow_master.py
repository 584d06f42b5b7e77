# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""CDNOW end to end on the MASTER file (issue 16): the 69,659 transactions of all 23,570
customers -> rfm_summary -> BetaGeo and GammaGamma -> a CLV table with intervals -> every plot
written to PNG and checked for content.

Data: tests/data/exports/CDNOW_master.txt.gz, gzip of lifetimes 0.11.3's CDNOW_master.txt
(Bruce Hardie's CDNOW data; source and sha256 in tests/data/exports/README.md).

Which published values apply: Fader, Hardie & Lee (2005), "Counting your customers the easy
way", Marketing Science 24(2), fit BG/NBD to the 1/10 SAMPLE of this cohort, 2,357
customers, 39-week calibration to 1997-09-30, in weeks (../shared/refs/published.md: r,
alpha, a, b = 0.243, 4.414, 0.793, 2.426, LL -9582.4 [P]); Fader & Hardie (2013), "The
Gamma-Gamma model of monetary value", fit Gamma-Gamma to the 946 of them with repeat
purchases (p, q, gamma = 6.25, 3.74, 15.44 [P]). So the test summarises the master file and
fits those 2,357 customers (their master ids are the first column of CDNOW_sample.txt) to
compare with the papers; the whole cohort's fit has no published value and is checked
against the sample's (its estimate inside the sample fit's 95% intervals, its standard errors
about 1/sqrt(10) of the sample's).
"""

import re

import numpy as np
import pandas as pd
import pytest

import libclv

from conftest import data_path

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import QuadMesh  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

LOG = dict(freq="D", freq_multiplier=7, datetime_format="%Y%m%d")
CAL = dict(observation_period_end="1998-06-30", calibration_end="1997-09-30")
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), regular
SALES = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]  # Bass (1969)


@pytest.fixture(scope="module")
def master():
    return pd.read_csv(data_path("exports/CDNOW_master.txt.gz"), sep=r"\s+",
                       dtype={"customer_id": int, "date": str})


@pytest.fixture(scope="module")
def summary(master):
    return libclv.rfm_summary(master, "customer_id", "date", "dollar_value", **CAL, **LOG)


@pytest.fixture(scope="module")
def cohort(cdnow_transactions):
    """Sample id -> master id of the 2,357 customers of the published fits."""
    return cdnow_transactions.groupby("customer_id")["master_id"].first()


@pytest.fixture(scope="module")
def fits(summary, cohort):
    sample = summary.loc[cohort.to_numpy()]
    # One customer of the cohort (10244, not in the sample) made one repeat purchase, of
    # $0.00: Gamma-Gamma needs a positive spend, so the spend model and the values leave them
    # out (test_clv_table_with_intervals checks the library names them).
    spend = summary[(summary.frequency > 0) & (summary.monetary_value > 0)]
    return {"sample": (sample, libclv.BetaGeo().fit(sample),
                       libclv.GammaGamma().fit(sample[sample.frequency > 0])),
            "master": (summary, libclv.BetaGeo().fit(summary), libclv.GammaGamma().fit(spend))}


def test_master_file(master, summary):
    assert list(master.columns) == ["customer_id", "date", "number_of_cds", "dollar_value"]
    assert len(master) == 69659 and master.customer_id.nunique() == 23570
    assert (master.date.min(), master.date.max()) == ("19970101", "19980630")
    assert len(summary) == 23570 and summary.index.is_unique
    # Every customer's first purchase falls in 1997Q1: T from 26 to 39 weeks.
    assert summary["T"].between(26.0, 39.0).all()
    # Repeat purchase days counted here with pandas alone, calibration and holdout.
    days = master.assign(day=pd.to_datetime(master.date, format="%Y%m%d")).drop_duplicates(
        ["customer_id", "day"])
    repeat = days.groupby("customer_id").day.transform("min") != days.day
    cal = days.day <= "1997-09-30"
    np.testing.assert_array_equal(
        days[repeat & cal].groupby("customer_id").size().reindex(summary.index, fill_value=0),
        summary.frequency)
    np.testing.assert_array_equal(
        days[~cal].groupby("customer_id").size().reindex(summary.index, fill_value=0),
        summary.frequency_holdout)


def test_sample_rows_of_the_master_summary_are_lifetimes(summary, cohort, cdnow_summary):
    # lifetimes' summary of the sample (weeks to 2 decimals): the same customers' rows.
    mine = summary.loc[cohort.loc[cdnow_summary.index].to_numpy()]
    np.testing.assert_array_equal(mine.frequency, cdnow_summary.frequency)
    np.testing.assert_allclose(mine.recency, cdnow_summary.recency, atol=0.0043)
    np.testing.assert_allclose(mine["T"], cdnow_summary["T"], atol=0.0043)
    np.testing.assert_allclose(mine.monetary_value, cdnow_summary.monetary_value, atol=0.005)


def test_published_fits_on_the_2357_customers(fits):
    s, bgf, ggf = fits["sample"]
    assert len(s) == 2357 and bgf.converged and ggf.converged
    # Fader, Hardie & Lee (2005) [P].
    assert [round(v, 3) for v in bgf.params] == [0.243, 4.414, 0.793, 2.426]
    assert round(bgf.loglik, 1) == -9582.4
    # Fader & Hardie (2013) [P]: p, q, gamma = 6.25, 3.74, 15.44 on 946 repeat buyers.
    assert (s.frequency > 0).sum() == 946
    p, q, gamma = ggf.params
    assert (round(p, 2), round(q, 2)) == (6.25, 3.74) and abs(gamma - 15.44) < 0.05


def test_whole_cohort_against_the_sample(fits):
    _, small, gs = fits["sample"]
    s, big, gb = fits["master"]
    assert big.converged and gb.converged and big.n_obs == 23570 and gb.n_obs == 9450
    # The cohort's estimate lies inside the 1/10 sample's 95% intervals...
    for m_small, m_big in ((small, big), (gs, gb)):
        summ = m_small.summary
        assert ((m_big.params > summ["lower 95%"]) & (m_big.params < summ["upper 95%"])).all()
        # ... and ten times the customers give about 1/sqrt(10) = 0.32 of the standard errors.
        ratio = m_big.summary.se / summ.se
        assert ratio.between(0.2, 0.5).all(), ratio.tolist()


def test_clv_table_with_intervals(fits, cohort):
    s, bgf, ggf = fits["master"]
    for call in (lambda: ggf.expected_spend(s),
                 lambda: bgf.customer_lifetime_value(ggf, s, freq="W")):
        with pytest.raises(libclv.ClvDomainError, match="label 10244") as err:
            call()
        assert err.value.label == 10244
    s = s.drop(10244)
    table = pd.concat({
        "p_alive": bgf.p_alive(s, interval=0.95),
        "expected_purchases_39": bgf.expected_purchases(39, s, interval=0.95),
        "expected_spend": ggf.expected_spend(s, interval=0.95),
    }, axis=1)
    table[("clv", "estimate")] = bgf.customer_lifetime_value(ggf, s, horizon=12,
                                                            discount_rate=0.01, freq="W")
    assert table.index.equals(s.index) and table.notna().all().all()
    for q in ("p_alive", "expected_purchases_39", "expected_spend"):
        t = table[q]
        assert ((t.lower <= t.estimate) & (t.estimate <= t.upper)).all(), q
    assert table[("p_alive", "upper")].max() <= 1 and (table[("clv", "estimate")] >= 0).all()
    # The published cohort's customers scored by the whole cohort's fit have narrower
    # intervals than by their own 2,357-customer fit (the same rows, ten times the data).
    sample, small, gsmall = fits["sample"]
    ids = cohort.to_numpy()
    for name, big_df, small_df in (
            ("expected_purchases", table["expected_purchases_39"].loc[ids],
             small.expected_purchases(39, sample, interval=0.95)),
            ("clv", bgf.customer_lifetime_value(ggf, sample.iloc[:300], freq="W",
                                                interval=0.95),
             small.customer_lifetime_value(gsmall, sample.iloc[:300], freq="W",
                                           interval=0.95))):
        wb = (big_df.upper - big_df.lower).to_numpy()
        ws = (small_df.upper - small_df.lower).loc[big_df.index].to_numpy()
        assert np.median(wb / ws) < 0.5, name
    # Customer 1 of the sample (x = 2, t_x = 30.43, T = 38.86): 1.226 purchases in the next
    # 39 weeks at the published fit [T, Hardie's sheet], inside its interval.
    one = small.expected_purchases(39, sample.loc[[cohort.loc[1]]], interval=0.95).iloc[0]
    assert round(one.estimate, 3) == 1.226 and one.lower < 1.226 < one.upper


def _draw(name, draw, tmp_path):
    fig, ax = plt.subplots(figsize=(4, 3))
    try:
        assert draw(ax) is ax, name
        assert ax.get_xlabel() and ax.get_ylabel(), name
        path = tmp_path / (name + ".png")
        fig.savefig(path, dpi=40)
        info = {"lines": [ln for ln in ax.get_lines()],
                "bars": [p for p in ax.patches if isinstance(p, Rectangle)],
                "meshes": [c for c in ax.collections if isinstance(c, QuadMesh)],
                "collections": list(ax.collections), "title": ax.get_title(),
                "texts": [t.get_text() for t in ax.texts],
                "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel()}
    finally:
        plt.close(fig)
    img = matplotlib.image.imread(str(path))[..., :3]
    assert img.shape[0] > 50 and img.shape[1] > 50, name
    inked = (img < 0.9).any(axis=-1).mean()
    assert 0.03 < inked < 0.97, (name, inked)
    return info


def _y(line):
    return np.asarray(line.get_ydata(), dtype=float)


def test_every_plot_on_the_master_file(fits, master, tmp_path):
    s, bgf, ggf = fits["master"]
    clv = bgf.customer_lifetime_value(ggf, s.drop(10244), horizon=12, discount_rate=0.01,
                                      freq="W")
    kw = dict(calibration_end="1997-09-30", **LOG)
    # Repeat purchase days (pandas alone) by days since the cohort's first day, 1997-01-01.
    days = master.drop_duplicates(["customer_id", "date"]).assign(
        day=lambda d: (pd.to_datetime(d.date, format="%Y%m%d")
                       - pd.Timestamp("1997-01-01")).dt.days)
    repeat_day = days.day[days.groupby("customer_id").day.transform("min") != days.day]

    info = _draw("period_transactions", lambda ax: libclv.plot_period_transactions(
        bgf, s, ax=ax), tmp_path)
    assert len(info["bars"]) == 16  # 0..6 and 7+, actual and expected
    actual = [b.get_height() for b in info["bars"][:8]]
    want = s.frequency.clip(upper=7).value_counts().sort_index()
    assert actual == want.tolist() and sum(actual) == 23570
    assert "chi-square" in info["title"]

    for kind in ("cumulative", "incremental"):
        info = _draw("tracking_" + kind, lambda ax: libclv.plot_tracking(
            bgf, master, "customer_id", "date", kind=kind, ax=ax, **kw), tmp_path)
        act, exp = info["lines"][:2]
        # A point a week from 1997-01-01 to the last whole week before 1998-06-30 (77
        # weeks), and the line at the end of calibration.
        weeks = np.asarray(act.get_xdata(), dtype=float)
        np.testing.assert_array_equal(weeks, np.arange(1, 78))
        assert len(_y(exp)) == 77 and len(info["lines"]) == 3
        got = _y(act)[-1] if kind == "cumulative" else _y(act).sum()
        assert got == (repeat_day <= 77 * 7).sum(), kind
        if kind == "cumulative":
            np.testing.assert_array_equal(
                _y(act), [(repeat_day <= 7 * w).sum() for w in range(1, 78)])
        # FHL 2005 fig. 2: the model tracks the cohort's repeat purchases (here within 10%).
        e = _y(exp)[-1] if kind == "cumulative" else _y(exp).sum()
        assert abs(e / got - 1) < 0.1, kind
        assert info["xlabel"] == "Time since 1997-01-01 (weeks)"

    info = _draw("conditional_frequency", lambda ax: libclv.plot_conditional_by_frequency(
        bgf, s, ax=ax), tmp_path)
    act, pred = info["lines"][:2]
    holdout = s.groupby(s.frequency.clip(upper=7)).frequency_holdout.mean()
    np.testing.assert_allclose(_y(act), holdout.to_numpy(), rtol=1e-12)
    assert len(_y(pred)) == 8 and "holdout" in info["ylabel"]

    info = _draw("conditional_recency", lambda ax: libclv.plot_conditional_by_recency(
        bgf, s, unit="weeks", ax=ax), tmp_path)
    assert [len(_y(ln)) for ln in info["lines"][:2]] == [10, 10]
    info = _draw("calibration", lambda ax: libclv.plot_calibration(bgf, s, ax=ax), tmp_path)
    assert len(_y(info["lines"][0])) == 10 and len(info["lines"]) == 2

    for name, draw in (
            ("p_alive_matrix", lambda ax: libclv.plot_probability_alive_matrix(
                bgf, unit="weeks", ax=ax)),
            ("expected_matrix", lambda ax: libclv.plot_expected_purchases_matrix(
                bgf, 39, unit="weeks", ax=ax))):
        info = _draw(name, draw, tmp_path)
        assert len(info["meshes"]) == 1, name
        a = np.ma.masked_invalid(info["meshes"][0].get_array())
        assert a.count() > 100 and a.min() >= 0, name
        assert info["ylabel"] == "Frequency x (repeat transactions)"

    info = _draw("history", lambda ax: libclv.plot_history_alive(
        bgf, master, "customer_id", "date", 9, ax=ax, **LOG), tmp_path)
    pa = _y(info["lines"][0])
    purchases = master[master.customer_id == 9].date.nunique()
    assert len(info["lines"]) == 1 + purchases  # P(alive) and a line per purchase day
    assert (pa > 0).all() and (pa <= 1).all()

    info = _draw("value_distribution", lambda ax: libclv.plot_value_distribution(clv, ax=ax),
                 tmp_path)
    shown = sum(b.get_height() for b in info["bars"])
    notes = [re.match(r"(\d+) customers below", t) for t in info["texts"]]
    below = sum(int(m.group(1)) for m in notes if m)
    assert len(info["bars"]) == 30 and shown + below == len(clv) and shown > 0.5 * len(clv)
    info = _draw("value_concentration", lambda ax: libclv.plot_value_concentration(
        clv, ax=ax), tmp_path)
    lorenz = info["lines"][0]
    assert _y(lorenz)[-1] == pytest.approx(100.0) and np.all(np.diff(_y(lorenz)) >= 0)
    assert "Gini" in lorenz.get_label()

    sbg = libclv.ShiftedBetaGeo().fit_cohorts(REGULAR)
    info = _draw("sbg", lambda ax: libclv.plot_sbg_retention(sbg, REGULAR, unit="years",
                                                             ax=ax), tmp_path)
    np.testing.assert_allclose(_y(info["lines"][1]), [100.0 * v / 1000 for v in REGULAR])
    km = libclv.kaplan_meier(pd.DataFrame({"duration": [1, 2, 2, 3, 4, 5],
                                           "churned": [1, 1, 0, 1, 0, 1]}))
    info = _draw("kaplan_meier", lambda ax: libclv.plot_kaplan_meier(km, ax=ax), tmp_path)
    assert len(info["lines"]) == 1 and len(info["collections"]) == 1  # step and its band
    info = _draw("bass", lambda ax: libclv.plot_bass(libclv.Bass().fit(SALES), SALES, ax=ax),
                 tmp_path)
    assert [b.get_height() for b in info["bars"]] == SALES and len(info["lines"]) == 2
