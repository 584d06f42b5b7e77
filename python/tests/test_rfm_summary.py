# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""rfm_summary() against lifetimes' definitions, computed here by brute force in pandas.

lifetimes (0.11, not installed here) documents summary_data_from_transaction_data and
calibration_and_holdout_data as follows; the brute-force reference below implements exactly
these statements, one customer at a time:
  * every datetime is converted to its period of ``freq`` (Series.dt.to_period(freq));
    transactions after observation_period_end (default: the last one) are dropped;
  * purchases of one customer in one period are one purchase, with the period's summed value;
  * frequency = number of purchase periods - 1 (repeat purchases);
  * recency = (last period - first period) / freq_multiplier, in periods of freq;
  * T = (observation_period_end's period - first period) / freq_multiplier;
  * monetary_value = mean of the repeat periods' summed values (the first purchase left
    out), 0 when frequency = 0;
  * with a calibration period: the summary above on the transactions up to
    calibration_period_end, with T measured to it; customers first seen later get no row;
    frequency_holdout = number of purchase periods in (calibration end, observation end];
    duration_holdout = (observation end - calibration end) / freq_multiplier.
Where libclv differs on purpose: monetary_value_holdout is the mean of the holdout purchase
periods' totals (lifetimes: the mean of the raw holdout transactions) -- tested below -- and
calibration membership is decided by period, not by raw timestamp (tested with whole days).
"""

import datetime

import numpy as np
import pandas as pd
import pytest

import libclv


def brute_force(df, cid, dt, amount, end, freq, mult, cal=None):
    """The definitions above, a customer at a time, with pandas Periods."""
    per = pd.to_datetime(df[dt]).dt.to_period(freq)
    end_p = pd.Timestamp(end).to_period(freq)
    cal_p = pd.Timestamp(cal).to_period(freq) if cal is not None else end_p
    rows = {}
    for key, g in df.assign(_p=per).groupby(cid, sort=True):
        g = g[g["_p"] <= end_p]
        calib = g[g["_p"] <= cal_p]
        if len(calib) == 0:
            continue
        totals = calib.groupby("_p")[amount].sum().sort_index() if amount else \
            calib.groupby("_p").size().sort_index()
        periods = list(totals.index)
        first, last = periods[0], periods[-1]
        row = {"frequency": float(len(periods) - 1),
               "recency": (last - first).n / mult, "T": (cal_p - first).n / mult}
        if amount:
            row["monetary_value"] = float(totals.iloc[1:].mean()) if len(periods) > 1 else 0.0
        if cal is not None:
            hold = g[g["_p"] > cal_p]
            htot = hold.groupby("_p")[amount].sum() if amount else hold.groupby("_p").size()
            row["frequency_holdout"] = float(len(htot))
            if amount:
                row["monetary_value_holdout"] = float(htot.mean()) if len(htot) else 0.0
            row["duration_holdout"] = (end_p - cal_p).n / mult
        rows[key] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = cid
    return out


def random_log(seed, n=400, n_customers=40, ids="str", times_of_day=True):
    rng = np.random.default_rng(seed)
    c = rng.integers(0, n_customers, n)
    if ids == "str":
        cust = np.array(["cust-%03d" % i for i in c], dtype=object)
    elif ids == "tuple":
        cust = pd.Series([("store", int(i) % 3, int(i)) for i in c], dtype=object)
    else:
        cust = c * 7 + 1000
    day = rng.integers(0, 120, n)
    secs = rng.integers(0, 86400, n) if times_of_day else np.zeros(n, dtype=np.int64)
    when = pd.Timestamp("2021-03-01") + pd.to_timedelta(day, "D") + pd.to_timedelta(secs, "s")
    amount = np.round(rng.uniform(1, 100, n), 2)
    return pd.DataFrame({"cid": cust, "when": when, "amount": amount}).sample(
        frac=1.0, random_state=seed).reset_index(drop=True)  # not sorted


def assert_frames(got, want):
    assert list(got.index) == list(want.index)
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        np.testing.assert_allclose(got[col].to_numpy(), want[col].to_numpy(), rtol=1e-12,
                                   atol=1e-9, err_msg=col)


@pytest.mark.parametrize("seed,ids,freq,mult", [
    (1, "str", "D", 1), (2, "int", "D", 7), (3, "tuple", "W", 1), (4, "str", "H", 24),
    (5, "int", "M", 1)])
def test_matches_lifetimes_definitions(seed, ids, freq, mult):
    df = random_log(seed, ids=ids)
    end = df["when"].max()
    got = libclv.rfm_summary(df, "cid", "when", "amount", freq=freq, freq_multiplier=mult)
    assert_frames(got, brute_force(df, "cid", "when", "amount", end, freq, mult))
    # Without amounts: no monetary column, the same counts.
    got = libclv.rfm_summary(df, "cid", "when", freq=freq, freq_multiplier=mult)
    assert "monetary_value" not in got.columns
    assert_frames(got, brute_force(df, "cid", "when", None, end, freq, mult))


@pytest.mark.parametrize("seed,freq,mult", [(6, "D", 1), (7, "D", 7), (8, "W", 1)])
def test_calibration_and_holdout(seed, freq, mult):
    # Whole days: lifetimes' raw-timestamp comparison with calibration_end and ours agree.
    df = random_log(seed, times_of_day=False)
    cal, end = "2021-05-15", "2021-06-20"  # the log runs to 2021-06-28: later rows dropped
    got = libclv.rfm_summary(df, "cid", "when", "amount", observation_period_end=end,
                             calibration_end=cal, freq=freq, freq_multiplier=mult)
    want = brute_force(df, "cid", "when", "amount", end, freq, mult, cal)
    assert_frames(got, want)
    assert (got["duration_holdout"] == want["duration_holdout"]).all()
    assert got["frequency_holdout"].sum() > 0


def test_holdout_spend_is_per_purchase_period_not_per_transaction():
    # Two holdout transactions on one day: one purchase of 30 here; lifetimes would report
    # the mean of the raw transactions, 15.
    df = pd.DataFrame({"c": ["a", "a", "a", "a"],
                       "d": ["2020-01-01", "2020-01-05", "2020-02-01", "2020-02-01"],
                       "v": [10.0, 20.0, 10.0, 20.0]})
    s = libclv.rfm_summary(df, "c", "d", "v", calibration_end="2020-01-31")
    assert s.loc["a", "frequency_holdout"] == 1.0
    assert s.loc["a", "monetary_value_holdout"] == 30.0
    lifetimes_holdout = df[pd.to_datetime(df.d) > "2020-01-31"]["v"].mean()
    assert lifetimes_holdout == 15.0


def test_cdnow_sample_gives_lifetimes_published_summary(cdnow_transactions, cdnow_summary):
    # lifetimes' cdnow_customers_summary_with_transactions.csv (x, t_x, T in weeks with two
    # decimals, zbar) is the summary of these transactions at calibration end 1997-09-30.
    s = libclv.rfm_summary(cdnow_transactions, "customer_id", "date", "amount",
                           observation_period_end="1998-06-30", calibration_end="1997-09-30",
                           freq="D", freq_multiplier=7, datetime_format="%Y%m%d")
    ref = cdnow_summary
    assert list(s.index) == list(ref.index)
    assert (s["frequency"] == ref["frequency"]).all()
    for col in ("recency", "T", "monetary_value"):
        assert (s[col] - ref[col]).abs().max() <= 0.005 + 1e-9, col  # printed to 2 decimals
    assert (s["duration_holdout"] == 39.0).all()  # 1997-10-01 .. 1998-06-30: 273 days
    assert s["frequency_holdout"].sum() > 0


def test_date_kinds_and_ids(cdnow_transactions):
    base = pd.DataFrame({"c": [3, 3, 1, 1, 1], "d": ["2020-01-01", "2020-01-03", "2020-01-02",
                                                      "2020-01-02", "2020-01-09"],
                         "v": [1.0, 2.0, 3.0, 4.0, 5.0]})
    want = libclv.rfm_summary(base, "c", "d", "v")
    assert list(want.index) == [1, 3]
    assert want.loc[1].tolist() == [1.0, 7.0, 7.0, 5.0]  # 2 same-day rows are one purchase
    kinds = {
        "datetime64": pd.to_datetime(base.d),
        "date": [datetime.date.fromisoformat(x) for x in base.d],
        "datetime": [datetime.datetime.fromisoformat(x + "T13:30") for x in base.d],
        "tz-aware": pd.to_datetime(base.d).dt.tz_localize("Europe/Paris"),
    }
    for name, col in kinds.items():
        got = libclv.rfm_summary(base.assign(d=col), "c", "d", "v")
        pd.testing.assert_frame_equal(got, want, obj=name)
    # Mixed ids: the index holds them as given, each with its own row.
    mixed = base.assign(c=["x", "x", 7, 7, 7])
    got = libclv.rfm_summary(mixed, "c", "d", "v")
    assert sorted(got.index, key=str) == [7, "x"]
    assert got.loc[7].tolist() == want.loc[1].tolist() and got.index.name == "c"


def test_observation_end_drops_later_transactions():
    df = pd.DataFrame({"c": ["a", "a", "a"], "d": ["2020-01-01", "2020-01-04", "2020-01-10"]})
    s = libclv.rfm_summary(df, "c", "d", observation_period_end="2020-01-05")
    assert s.loc["a"].tolist() == [1.0, 3.0, 4.0]


def test_errors_name_the_column_and_row():
    df = pd.DataFrame({"c": ["a", None, "b"], "d": ["2020-01-01", "2020-01-02", "x"],
                       "v": [1.0, 2.0, np.nan]}, index=["r0", "r1", "r2"])
    with pytest.raises(libclv.InputError) as e:
        libclv.rfm_summary(df, "customer", "d")
    assert e.value.column == "customer" and isinstance(e.value, ValueError)
    with pytest.raises(libclv.InputError) as e:
        libclv.rfm_summary(df.assign(c="a"), "c", "d")
    assert e.value.column == "d"  # "x" is no date
    ok = df.assign(d=["2020-01-01", "2020-01-02", "2020-01-03"])
    with pytest.raises(libclv.InputError) as e:
        libclv.rfm_summary(ok, "c", "d")
    assert (e.value.column, e.value.row, e.value.label) == ("c", 1, "r1")
    with pytest.raises(libclv.InputError) as e:
        libclv.rfm_summary(ok.assign(c="a"), "c", "d", "v")
    assert (e.value.column, e.value.row, e.value.label) == ("v", 2, "r2")
    with pytest.raises(libclv.InputError):
        libclv.rfm_summary(ok.assign(c="a"), "c", "d", calibration_end="2021-01-01",
                           observation_period_end="2020-12-01")
    with pytest.raises(TypeError):
        libclv.rfm_summary([1, 2], "c", "d")


def test_progress_can_cancel():
    df = random_log(9, n=200_000, n_customers=5000, times_of_day=False)
    calls = []
    s = libclv.rfm_summary(df, "cid", "when", progress=lambda done, total: calls.append(done))
    assert len(s) == 5000 and calls
    # With a callback the library sorts the log itself; without, numpy does: same table.
    pd.testing.assert_frame_equal(s, libclv.rfm_summary(df, "cid", "when"))
    with pytest.raises(libclv.ClvCanceledError):
        libclv.rfm_summary(df, "cid", "when", progress=lambda done, total: True)


@pytest.mark.parametrize("ids,dtype", [
    ([-5, 2 ** 62, -2 ** 63, 0], np.int64), ([3, 2 ** 64 - 1, 0, 7], np.uint64),
    ([-1, 5, -3, 2], np.int8)])
def test_integer_ids_keep_their_values_and_order(ids, dtype):
    # Integer ids reach the library as themselves (no hashing): every value, the extremes
    # included, comes back as given, in ascending order and with its dtype.
    df = pd.DataFrame({"c": np.array(ids * 2, dtype=dtype),
                       "d": ["2020-01-01"] * 4 + ["2020-01-03"] * 4})
    s = libclv.rfm_summary(df, "c", "d")
    assert list(s.index) == sorted(ids) and s.index.dtype.kind == np.dtype(dtype).kind
    assert (s["frequency"] == 1.0).all() and (s["recency"] == 2.0).all()
