# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""The installed package: where it lives, what it carries, which library it loads, and the
CDNOW workflow end to end.

The suite also runs against an ASan/UBSan build of the library (ctypes cannot load one
without the runtime preloaded):
    LD_PRELOAD=$(clang -print-file-name=libclang_rt.asan-x86_64.so) ASAN_OPTIONS=detect_leaks=0 \
    CLV_LIBRARY=build-hsan/libclv.so.1 python -m pytest python/tests     # (in the venv)
"""

import os
import subprocess
import sys

import pandas as pd
import pytest

import libclv

PKG = os.path.dirname(os.path.abspath(libclv.__file__))
SOURCE_PKG = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                           "libclv"))


def test_the_installed_package_is_tested_not_the_source_tree():
    assert os.path.normcase(PKG) != os.path.normcase(SOURCE_PKG)
    assert "site-packages" in PKG.split(os.sep) or os.environ.get("LIBCLV_ALLOW_SOURCE")


def test_it_carries_its_library_and_type_marker():
    assert os.path.isfile(os.path.join(PKG, "py.typed"))
    assert os.path.isfile(os.path.join(PKG, "libclv.so.1"))
    if os.environ.get("CLV_LIBRARY"):  # e.g. a sanitizer build loaded with LD_PRELOAD
        pytest.skip("CLV_LIBRARY names another library")
    assert libclv.core.LIBRARY_SOURCE == "bundled"
    assert libclv.core.LIBRARY_PATH == os.path.join(PKG, "libclv.so.1")
    assert libclv.version_string() == libclv.__version__


def _load(env_extra, code="import libclv; print(libclv.core.LIBRARY_SOURCE); "
                          "print(libclv.core.LIBRARY_PATH)"):
    env = {k: v for k, v in os.environ.items() if k not in ("CLV_LIBRARY", "LD_LIBRARY_PATH")}
    env.update(env_extra)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, cwd=os.path.dirname(PKG))


def test_system_library_when_asked():
    staged = os.environ.get("CLV_STAGED_LIBRARY")
    if not staged or not os.environ.get("PKG_CONFIG_PATH"):
        pytest.skip("needs a staged install of libclv (CLV_STAGED_LIBRARY, PKG_CONFIG_PATH)")
    r = _load({"CLV_LIBRARY": "system"})
    assert r.returncode == 0, r.stderr
    source, path = r.stdout.split()
    assert source == "pkg-config"
    assert os.path.realpath(path) == os.path.realpath(staged)
    r = _load({"CLV_LIBRARY": staged})
    assert r.stdout.split() == ["CLV_LIBRARY", staged]


def test_system_library_missing_is_a_clear_error():
    r = _load({"CLV_LIBRARY": "system", "PKG_CONFIG_PATH": "/nonexistent",
               "PKG_CONFIG_LIBDIR": "/nonexistent"})
    if r.returncode == 0:
        pytest.skip("a system-wide libclv is installed")
    assert "LibraryNotFoundError" in r.stderr and "CLV_LIBRARY" in r.stderr


def test_core_imports_without_numpy():
    code = ("import sys; sys.modules['numpy'] = None; import libclv; "
            "print(libclv.core.HAVE_NUMPY, libclv.bgnbd_p_alive((0.24, 4.4, 0.79, 2.4), 2, 30.43,"
            " 38.86) > 0, 'rfm_summary' in vars(libclv))\n"
            "try:\n    libclv.BetaGeo\nexcept ImportError as e:\n    print('ImportError')")
    r = _load({}, code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "True", "False", "ImportError"]


def test_cdnow_end_to_end(cdnow_transactions, tmp_path):
    # Transactions -> summary (weeks, same-day purchases one, calibration to 1997-09-30) ->
    # BG/NBD and Gamma-Gamma -> CLV table. Fader, Hardie & Lee (2005) [P]: r, alpha, a, b =
    # 0.243, 4.414, 0.793, 2.426, LL -9582.4; Fader & Hardie (2013) [P]: p, q = 6.25, 3.74.
    s = libclv.rfm_summary(cdnow_transactions, "customer_id", "date", "amount",
                           observation_period_end="1998-06-30", calibration_end="1997-09-30",
                           freq="D", freq_multiplier=7, datetime_format="%Y%m%d")
    assert len(s) == 2357
    bgf = libclv.BetaGeo().fit(s)
    assert [round(v, 3) for v in bgf.params] == [0.243, 4.414, 0.793, 2.426]
    assert round(bgf.loglik, 1) == -9582.4
    ggf = libclv.GammaGamma().fit(s[s.frequency > 0])
    assert [round(v, 2) for v in ggf.params[:2]] == [6.25, 3.74]
    table = pd.DataFrame({
        "p_alive": bgf.p_alive(s),
        "expected_purchases": bgf.expected_purchases(39, s),
        "expected_spend": ggf.expected_spend(s),
        "clv": bgf.customer_lifetime_value(ggf, s, horizon=12, discount_rate=0.01, freq="W"),
    })
    assert table.index.equals(s.index) and table.notna().all().all()
    assert ((table.p_alive > 0) & (table.p_alive <= 1)).all() and (table.clv >= 0).all()
    # Customer 1 (x=2, t_x=30.43, T=38.86): 1.226 purchases in the next 39 weeks [T].
    assert round(table.loc[1, "expected_purchases"], 3) == 1.226
    bgf.save(tmp_path / "m.json")
    again = libclv.load(tmp_path / "m.json")
    assert again.customer_lifetime_value(ggf, s, freq="W").equals(table.clv)
