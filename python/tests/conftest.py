# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Shared fixtures of the package's tests. They run against the INSTALLED package (see
check-package.sh: a wheel installed into a fresh venv); the data files are read from the
source tree's tests/data (LIBCLV_TEST_DATA overrides)."""

import os

import pandas as pd
import pytest

DATA = os.environ.get("LIBCLV_TEST_DATA") or os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "data"))


def data_path(name):
    return os.path.join(DATA, name)


@pytest.fixture(scope="session")
def cdnow_transactions():
    """CDNOW 1/10 sample: one row per transaction (sample id, date YYYYMMDD as text, CDs,
    dollars); several rows may fall on one day."""
    return pd.read_csv(data_path("CDNOW_sample.txt"), sep=r"\s+", header=None,
                       names=["master_id", "customer_id", "date", "cds", "amount"],
                       dtype={"date": str})


@pytest.fixture(scope="session")
def cdnow_summary():
    """lifetimes' CDNOW summary (weeks, 39-week calibration) in lifetimes' column names."""
    df = pd.read_csv(data_path("cdnow_customers_summary_with_transactions.csv"), index_col="ID")
    return df.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"})


@pytest.fixture(scope="session")
def donations():
    """Fader, Hardie & Shang (2010) donations: 22 (x, t_x, n) patterns with weights."""
    return pd.read_csv(data_path("donations.csv")).rename(columns={"periods": "n_periods"})
