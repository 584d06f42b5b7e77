# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""The plots (libclv.plot_*) checked for content: the data of their lines, bars and meshes
equal the diagnostics' DataFrames, the count of elements, the axis labels and their units;
and CDNOW end to end, transactions to every plot written as a non-blank PNG."""

import math

import numpy as np
import pandas as pd
import pytest

import libclv
from libclv import diagnostics as diag

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PolyCollection, QuadMesh  # noqa: E402

LOG = dict(freq="D", freq_multiplier=7, datetime_format="%Y%m%d")
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), regular
SALES = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]  # Bass (1969)


@pytest.fixture(scope="module")
def summary(cdnow_transactions):
    return libclv.rfm_summary(cdnow_transactions, "customer_id", "date", "amount",
                              observation_period_end="1998-06-30",
                              calibration_end="1997-09-30", **LOG)


@pytest.fixture(scope="module")
def bgf(summary):
    return libclv.BetaGeo().fit(summary)


@pytest.fixture(scope="module")
def ggf(summary):
    return libclv.GammaGamma().fit(summary)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def ydata(line):
    return np.asarray(line.get_ydata(), dtype=float)


def xdata(line):
    return np.asarray(line.get_xdata(), dtype=float)


def test_period_transactions(bgf, summary, ax):
    assert libclv.plot_period_transactions(bgf, summary, ax=ax) is ax
    df = diag.period_transactions(bgf, summary)
    actual, expected = ax.containers
    assert len(actual) == len(expected) == 8 and len(ax.patches) == 16
    assert [b.get_height() for b in actual] == list(df["actual"])
    assert [b.get_height() for b in expected] == list(df["expected"])
    assert [t.get_text() for t in ax.get_xticklabels()] == list(df["label"])
    assert ax.get_xlabel() == "Repeat transactions in calibration (count)"
    assert ax.get_ylabel() == "Customers (count)"
    assert "p = %.3g" % df.attrs["chi_square"]["p_value"] in ax.get_title()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Actual", "BetaGeo"]


@pytest.mark.parametrize("kind", ["cumulative", "incremental"])
def test_tracking(bgf, cdnow_transactions, kind, ax):
    kw = dict(calibration_end="1997-09-30", **LOG)
    libclv.plot_tracking(bgf, cdnow_transactions, "customer_id", "date", kind=kind, ax=ax, **kw)
    df = diag.tracking(bgf, cdnow_transactions, "customer_id", "date", **kw)
    actual, expected, cal = ax.get_lines()
    suffix = "" if kind == "cumulative" else "_incremental"
    np.testing.assert_array_equal(xdata(actual), df.index)
    np.testing.assert_array_equal(ydata(actual), df["actual" + suffix])
    np.testing.assert_array_equal(ydata(expected), df["expected" + suffix])
    assert len(xdata(actual)) == 77
    assert list(xdata(cal)) == [272 / 7] * 2  # the end of calibration, a vertical line
    assert ax.get_xlabel() == "Time since 1997-01-01 (weeks)"
    assert ax.get_ylabel() == ("Cumulative repeat transactions (count)" if kind == "cumulative"
                               else "Per week repeat transactions (count)")
    with pytest.raises(libclv.InputError):
        libclv.plot_tracking(bgf, cdnow_transactions, "customer_id", "date", kind="x", ax=ax)


def test_conditional_plots(bgf, summary, ax):
    libclv.plot_conditional_by_frequency(bgf, summary, ax=ax)
    df = diag.conditional_by_frequency(bgf, summary)
    actual, predicted = ax.get_lines()
    np.testing.assert_array_equal(ydata(actual), df["actual"])
    np.testing.assert_array_equal(ydata(predicted), df["predicted"])
    assert len(xdata(actual)) == 8 and actual.get_marker() == "o"
    assert ax.get_ylabel() == "Mean repeat transactions in holdout (count per customer)"
    fig, ax2 = plt.subplots()
    libclv.plot_conditional_by_recency(bgf, summary, edges=[0, 10, 20, 30, 39], unit="weeks",
                                       ax=ax2)
    df = diag.conditional_by_recency(bgf, summary, edges=[0, 10, 20, 30, 39])
    actual, predicted = ax2.get_lines()
    np.testing.assert_array_equal(xdata(actual), [5, 15, 25, 34.5])
    np.testing.assert_array_equal(ydata(predicted), df["predicted"])
    assert ax2.get_xlabel() == "Recency in calibration, bin midpoint (weeks)"
    plt.close(fig)


def test_calibration_plot(bgf, summary, ax):
    libclv.plot_calibration(bgf, summary, 5, ax=ax)
    df = diag.calibration_table(bgf, summary, 5)
    bins, diagonal = ax.get_lines()
    np.testing.assert_array_equal(xdata(bins), df["predicted"])
    np.testing.assert_array_equal(ydata(bins), df["actual"])
    assert xdata(diagonal).tolist() == ydata(diagonal).tolist()
    assert "(count per customer)" in ax.get_xlabel()


@pytest.mark.parametrize("which", ["p_alive", "expected"])
def test_matrices_hatch_impossible_cells(bgf, summary, which, ax):
    if which == "p_alive":
        libclv.plot_probability_alive_matrix(bgf, unit="weeks", ax=ax)
        df = diag.probability_alive_matrix(bgf, data=summary)
        label = "P(alive) (probability)"
    else:
        libclv.plot_expected_purchases_matrix(bgf, 39, unit="weeks", ax=ax)
        df = diag.expected_purchases_matrix(bgf, 39, data=summary)
        label = "Expected purchases in the next 39 weeks (count)"
    mesh, = [c for c in ax.collections if isinstance(c, QuadMesh)]
    values = mesh.get_array()
    assert values.shape == df.shape or values.size == df.size
    mask = np.ma.getmaskarray(values).reshape(df.shape)
    # The masked cells are exactly the impossible ones (x = 0, t_x > 0: 39 of them), not
    # coloured; the others carry the DataFrame's values.
    assert (mask == df.isna().to_numpy()).all() and mask.sum() == 39
    np.testing.assert_array_equal(np.ma.getdata(values).reshape(df.shape)[~mask],
                                  df.to_numpy()[~mask])
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1 and hatched[0].get_hatch() == "//"
    assert hatched[0].get_zorder() < mesh.get_zorder() and not hatched[0].get_fill()
    assert ax.get_xlabel() == "Recency t_x: time of the last purchase (weeks)"
    assert ax.get_ylabel() == "Frequency x (repeat transactions)"
    cbar = ax.figure.axes[-1]
    assert cbar.get_ylabel() == label


def test_history_alive(bgf, cdnow_transactions, ax):
    kw = dict(observation_period_end="1997-09-30", **LOG)
    libclv.plot_history_alive(bgf, cdnow_transactions, "customer_id", "date", 9, ax=ax, **kw)
    df = diag.p_alive_history(bgf, cdnow_transactions, "customer_id", "date", 9, **kw)
    line, *purchases = ax.get_lines()
    np.testing.assert_array_equal(ydata(line), df["p_alive"])
    assert len(purchases) == int(df["purchase"].sum()) >= 3
    assert [xdata(p)[0] for p in purchases] == list(df.index[df["purchase"]])
    assert ax.get_xlabel().endswith("(weeks)") and ax.get_ylabel() == "P(alive) (probability)"


def test_value_plots(bgf, ggf, summary, ax):
    clv = bgf.customer_lifetime_value(ggf, summary, freq="W")
    libclv.plot_value_distribution(clv, log_scale=False, bins=20, ax=ax)
    assert len(ax.patches) == 20 and sum(p.get_height() for p in ax.patches) == len(clv)
    assert ax.get_xlabel() == "Customer value ($)" and ax.get_ylabel() == "Customers (count)"
    fig, ax2 = plt.subplots()
    libclv.plot_value_distribution(clv, ax=ax2)  # skewed: log-spaced bins, 4 decades
    assert ax2.get_xscale() == "log"
    shown = sum(p.get_height() for p in ax2.patches)
    low = clv.max() / 1e4
    assert shown == (clv >= low).sum() < len(clv)
    plt.close(fig)
    fig, ax3 = plt.subplots()
    libclv.plot_value_concentration(clv, ax=ax3)
    df = diag.value_concentration(clv)
    lorenz, equality = ax3.get_lines()
    np.testing.assert_array_equal(xdata(lorenz), 100 * df["customer_share"])
    np.testing.assert_array_equal(ydata(lorenz), 100 * df["value_share"])
    assert len(xdata(lorenz)) == len(clv) + 1
    assert "Gini %.3f" % df.attrs["gini"] in ax3.get_legend().get_texts()[0].get_text()
    assert ax3.get_ylabel() == "Cumulative value (% of total value)"
    plt.close(fig)


@pytest.mark.parametrize("kind", ["survival", "retention"])
def test_sbg_retention(kind, ax):
    m = libclv.ShiftedBetaGeo().fit_cohorts(REGULAR)
    libclv.plot_sbg_retention(m, REGULAR, kind=kind, unit="years", ax=ax)
    df = diag.sbg_retention(m, REGULAR)
    curve, points, end = ax.get_lines()
    col = "survival" if kind == "survival" else "retention_rate"
    np.testing.assert_allclose(ydata(curve), 100 * df[col], rtol=1e-15)
    assert len(xdata(points)) == (8 if kind == "survival" else 7)
    assert list(xdata(end)) == [7, 7]
    assert ax.get_xlabel() == "Time since acquisition (years)" and "%" in ax.get_ylabel()


def test_kaplan_meier(ax):
    data = pd.DataFrame({"duration": [1, 2, 2, 3, 4, 5, 5, 6, 7, 8],
                         "churned": [1, 1, 0, 1, 0, 1, 1, 0, 1, 0]})
    km = libclv.kaplan_meier(data)
    libclv.plot_kaplan_meier(km, unit="months", ax=ax)
    step, = ax.get_lines()
    np.testing.assert_array_equal(xdata(step), np.r_[0, km.index])
    np.testing.assert_array_equal(ydata(step), np.r_[1, km["survival"]])
    assert step.get_drawstyle() == "steps-post"
    band, = [c for c in ax.collections if isinstance(c, PolyCollection)]
    verts = band.get_paths()[0].vertices
    assert math.isclose(verts[:, 1].min(), km["lower"].min())
    assert ax.get_xlabel() == "Time as a customer (months)"
    with pytest.raises(libclv.InputError):
        libclv.plot_kaplan_meier(data, ax=ax)


def test_bass(ax):
    m = libclv.Bass().fit(SALES)
    libclv.plot_bass(m, SALES, unit="years", ax=ax)
    df = diag.bass_curve(m, SALES)
    assert [p.get_height() for p in ax.patches] == SALES
    fit, forecast = ax.get_lines()
    np.testing.assert_array_equal(ydata(fit), df["expected"].iloc[:10])
    np.testing.assert_array_equal(xdata(forecast), np.arange(10, 16))
    assert forecast.get_linestyle() == "--"
    assert ax.get_xlabel() == "Period since launch (years)"
    assert ax.get_ylabel() == "Adopters per period (count)"


def test_plots_draw_on_the_current_axes_without_ax(bgf, summary):
    fig = plt.figure()
    try:
        assert libclv.plot_period_transactions(bgf, summary) is plt.gca()
    finally:
        plt.close(fig)


def test_cdnow_end_to_end(cdnow_transactions, tmp_path):
    # Transactions -> rfm_summary -> BG/NBD and Gamma-Gamma -> CLV -> every plot as PNG.
    s = libclv.rfm_summary(cdnow_transactions, "customer_id", "date", "amount",
                           observation_period_end="1998-06-30", calibration_end="1997-09-30",
                           **LOG)
    bgf = libclv.BetaGeo().fit(s)
    ggf = libclv.GammaGamma().fit(s)
    # Published: FHL 2005 r, alpha, a, b = 0.243, 4.414, 0.793, 2.426, LL -9582.4 [P];
    # Fader & Hardie 2013 p, q, gamma = 6.25, 3.74, 15.44 [P] (test_models.py).
    assert bgf.converged and ggf.converged
    assert [round(v, 3) for v in bgf.params] == [0.243, 4.414, 0.793, 2.426]
    assert round(bgf.loglik, 1) == -9582.4
    p, q, gamma = ggf.params
    assert (round(p, 2), round(q, 2)) == (6.25, 3.74) and abs(gamma - 15.44) < 0.05
    clv = bgf.customer_lifetime_value(ggf, s, horizon=12, discount_rate=0.01, freq="W")
    assert len(clv) == 2357 and (clv >= 0).all()
    kw = dict(calibration_end="1997-09-30", **LOG)
    plots = {
        "period_transactions": lambda ax: libclv.plot_period_transactions(bgf, s, ax=ax),
        "tracking": lambda ax: libclv.plot_tracking(bgf, cdnow_transactions, "customer_id",
                                                    "date", ax=ax, **kw),
        "tracking_incremental": lambda ax: libclv.plot_tracking(
            bgf, cdnow_transactions, "customer_id", "date", kind="incremental", ax=ax, **kw),
        "conditional_frequency": lambda ax: libclv.plot_conditional_by_frequency(bgf, s, ax=ax),
        "conditional_recency": lambda ax: libclv.plot_conditional_by_recency(
            bgf, s, unit="weeks", ax=ax),
        "calibration": lambda ax: libclv.plot_calibration(bgf, s, ax=ax),
        "p_alive_matrix": lambda ax: libclv.plot_probability_alive_matrix(bgf, unit="weeks",
                                                                          ax=ax),
        "expected_matrix": lambda ax: libclv.plot_expected_purchases_matrix(
            bgf, 39, unit="weeks", ax=ax),
        "history": lambda ax: libclv.plot_history_alive(
            bgf, cdnow_transactions, "customer_id", "date", 9, ax=ax, **LOG),
        "value_distribution": lambda ax: libclv.plot_value_distribution(clv, ax=ax),
        "value_concentration": lambda ax: libclv.plot_value_concentration(clv, ax=ax),
        "sbg": lambda ax: libclv.plot_sbg_retention(
            libclv.ShiftedBetaGeo().fit_cohorts(REGULAR), REGULAR, unit="years", ax=ax),
        "kaplan_meier": lambda ax: libclv.plot_kaplan_meier(libclv.kaplan_meier(pd.DataFrame(
            {"duration": [1, 2, 2, 3, 4, 5], "churned": [1, 1, 0, 1, 0, 1]})), ax=ax),
        "bass": lambda ax: libclv.plot_bass(libclv.Bass().fit(SALES), SALES, ax=ax),
    }
    for name, draw in plots.items():
        fig, ax = plt.subplots(figsize=(4, 3))
        try:
            assert draw(ax) is ax, name
            assert ax.get_xlabel() and ax.get_ylabel(), name
            path = tmp_path / (name + ".png")
            fig.savefig(path, dpi=40)
        finally:
            plt.close(fig)
        img = matplotlib.image.imread(str(path))[..., :3]
        assert img.shape[0] > 50 and img.shape[1] > 50, name
        # Not blank: a good share of the pixels are not the white background.
        inked = (img < 0.9).any(axis=-1).mean()
        assert 0.03 < inked < 0.97, (name, inked)
