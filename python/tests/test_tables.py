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
