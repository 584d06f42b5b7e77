# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Kaplan-Meier and NPS over DataFrames against the textbook values."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import libclv


def test_kaplan_meier_6mp_freireich_1963():
    # 6-MP arm (weeks, * censored): S(t) exact fractions from the textbook:
    # 6 -> 6/7, 7 -> 96/119, 10 -> 64/85, 13 -> 176/255, 16 -> 32/51, 22 -> 64/119,
    # 23 -> 160/357.
    times = "6 6 6 6* 7 9* 10 10* 11* 13 16 17* 19* 20* 22 23 25* 32* 32* 34* 35*".split()
    df = pd.DataFrame({"weeks": [float(t.rstrip("*")) for t in times],
                       "relapsed": [0 if t.endswith("*") else 1 for t in times]},
                      index=["patient-%d" % i for i in range(len(times))])
    km = libclv.kaplan_meier(df, "weeks", "relapsed")
    want = {6: Fraction(6, 7), 7: Fraction(96, 119), 10: Fraction(64, 85),
            13: Fraction(176, 255), 16: Fraction(32, 51), 22: Fraction(64, 119),
            23: Fraction(160, 357)}
    assert list(km.index) == list(want)
    for t, s in want.items():
        assert km.loc[t, "survival"] == pytest.approx(float(s), rel=1e-14)
    # Greenwood: Var S = S^2 sum d / (n (n - d)).
    var = 0.0
    for t in want:
        n, d = km.loc[t, "at_risk"], km.loc[t, "events"]
        var += d / (n * (n - d))
        assert km.loc[t, "std_error"] == pytest.approx(float(want[t]) * var ** 0.5, rel=1e-12)
    assert km.attrs["customers"] == 21 and km.attrs["events"] == 9
    assert (km["lower"] <= km["survival"]).all() and (km["survival"] <= km["upper"]).all()
    with pytest.raises(libclv.InputError) as e:
        libclv.kaplan_meier(df.assign(relapsed=2), "weeks", "relapsed")
    assert e.value.label == "patient-0"


def test_nps_reichheld_example_and_segments():
    # Shares 1/2 promoters, 1/3 passives, 1/6 detractors of 100 answers: NPS 33.3, per-answer
    # variance 5/9, 95% Wald interval 33.3 +/- 14.6 (the project's reference example).
    scores = [10] * 50 + [8] * 33 + [3] * 17
    one = libclv.nps(pd.Series(scores))
    assert one.index.tolist() == ["all"] and one.loc["all", "n"] == 100
    assert round(one.loc["all", "nps"], 1) == 33.0  # 50 - 17: 100 answers, not thirds
    shares = [10] * 6 + [8] * 4 + [3] * 2  # exactly 1/2, 1/3, 1/6
    exact = libclv.nps(shares * 25)  # 300 answers
    r = exact.loc["all"]
    assert round(r["nps"], 1) == 33.3
    assert r["std_error"] == pytest.approx(100 * (5 / 9 / 300) ** 0.5, rel=1e-12)
    hundred = libclv.nps(pd.Series((shares * 9)[:108]))
    assert hundred.loc["all", "upper"] > hundred.loc["all", "nps"]
    # By segment: each segment's NPS equals the NPS of its answers alone.
    df = pd.DataFrame({"score": scores, "store": ["north", "south"] * 50})
    seg = libclv.nps(df, "score", "store")
    assert seg.index.tolist() == ["north", "south"]
    for store, g in df.groupby("store"):
        alone = libclv.nps(g, "score").loc["all"]
        np.testing.assert_allclose(seg.loc[store].to_numpy(), alone.to_numpy(), rtol=1e-14)
    with pytest.raises(libclv.InputError) as e:
        libclv.nps(pd.Series([10, 11], index=["a", "b"]))
    assert (e.value.row, e.value.label) == (1, "b") and isinstance(e.value, ValueError)


# Freireich et al. (1963): 6-MP against placebo; chi-square and expected counts from
# tests/oracles/survtest_oracles.py (published: 16.8 on 1 df, E 19.3 / 10.7).
FREIREICH_6MP = "6 6 6 6* 7 9* 10 10* 11* 13 16 17* 19* 20* 22 23 25* 32* 32* 34* 35*".split()
FREIREICH_PLACEBO = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


def _freireich():
    rows = [(float(t.rstrip("*")), 0 if t.endswith("*") else 1, "6-MP") for t in FREIREICH_6MP]
    rows += [(float(t), 1, "placebo") for t in FREIREICH_PLACEBO]
    df = pd.DataFrame(rows, columns=["weeks", "relapsed", "arm"])
    return df.sample(frac=1.0, random_state=1)  # any order


def test_logrank_freireich():
    df = _freireich()
    out = libclv.logrank(df, "weeks", "relapsed", "arm")
    assert list(out.index) == ["6-MP", "placebo"] and out.index.name == "arm"
    assert list(out["observed"]) == [9.0, 21.0]
    assert out["expected"]["6-MP"] == pytest.approx(19.25050094803113030841272, rel=1e-13)
    assert out.attrs["statistic"] == pytest.approx(16.79294098921653349839461, rel=1e-12)
    assert out.attrs["df"] == 1 and out.attrs["n_strata"] == 1
    peto = libclv.logrank(df, "weeks", "relapsed", "arm", rho=1.0)
    assert peto.attrs["statistic"] == pytest.approx(14.45715081871713141873227, rel=1e-12)
    df["site"] = np.arange(len(df)) % 2
    strat = libclv.logrank(df, "weeks", "relapsed", "arm", strata_col="site")
    assert strat.attrs["n_strata"] == 2 and strat.attrs["statistic"] > 0
    with pytest.raises(libclv.InputError, match="0 or 1"):
        libclv.logrank(df.assign(relapsed=2), "weeks", "relapsed", "arm")


def test_cumulative_hazard_6mp():
    df = _freireich()
    na = libclv.cumulative_hazard(df[df.arm == "6-MP"], "weeks", "relapsed")
    assert list(na.index) == [6, 7, 10, 13, 16, 22, 23]
    # H(23) = 3/21 + 1/17 + 1/15 + 1/12 + 1/11 + 1/7 + 1/6 (Klein & Moeschberger print 0.7521)
    h = float(sum(Fraction(d, n) for d, n in ((3, 21), (1, 17), (1, 15), (1, 12), (1, 11),
                                                (1, 7), (1, 6))))
    assert na["cum_hazard"].iloc[-1] == pytest.approx(h, rel=1e-15)
    assert (na["lower"] <= na["cum_hazard"]).all() and (na["cum_hazard"] <= na["upper"]).all()


def test_cohort_retention_table():
    # Three monthly cohorts, a triangle: 100 -> 80 -> 70, 200 -> 150, 50.
    active = pd.DataFrame([[100, 80, 70], [200, 150, np.nan], [50, np.nan, np.nan]],
                          index=["2026-01", "2026-02", "2026-03"], columns=[0, 1, 2])
    r = libclv.cohort_retention_table(active)
    assert r["survival"].loc["2026-01", 2] == pytest.approx(0.7, rel=1e-15)
    assert r["retention"].loc["2026-02", 1] == pytest.approx(0.75, rel=1e-15)
    # pooled: period 1 over cohorts observed that long: (80 + 150) / (100 + 200)
    assert r["pooled_retention"].iloc[1] == pytest.approx(230 / 300, rel=1e-15)
    assert np.isnan(r["retention"].loc["2026-03", 1])
