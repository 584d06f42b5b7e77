#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""The FFI path our users take: Python's ctypes over the built shared library.

Standard library only (ctypes, csv, math, statistics), Python 3.11 or later, no numpy.

Run as the meson test 'ctypes' (suite 'ffi'), or by hand:

    CLV_LIBRARY=/path/to/build/libclv.so.1 python3 tests/ffi/test_ctypes.py

Output is TAP: the plan "1..N" first, then one "ok"/"not ok" line per check, with "# "
diagnostic lines after a failure. The exit status is 0 only if every check passed.

What it checks:
- every function declared in include/{clv,churn,referral}.h has argtypes/restype declared
  here, and they agree with the declarations parsed from the headers (as does the list of
  exported names in lib/libclv.map);
- every public struct has a ctypes.Structure mirror whose field names, order and types agree
  with the header (scalars double/int/uint32_t/uint64_t/size_t, pointers, fixed arrays with
  macro bounds such as CLV_MAX_PARAMS * CLV_MAX_PARAMS, the clv_progress_fn function
  pointer), and every function-pointer typedef a CFUNCTYPE mirror with the header's
  prototype;
- ctypes.sizeof, alignment and every field offset of each mirror equal the layout computed
  from the header's member types alone (natural alignment, x86-64 / LP64), and that check is
  shown to catch wrong mirrors;
- values from each header: published numbers (Gupta & Lehmann 2003: margin multiple 2.667
  and the +27.5% retention gain; the NPS example of shares 1/2, 1/3, 1/6, n = 100:
  33.3 +/- 14.6; BG/NBD on the CDNOW sample of tests/data, Fader, Hardie & Lee 2005:
  LL -9582.4 and r, alpha, a, b = 0.243, 4.414, 0.793, 2.426, the worked example 1.226, and
  the values of refs/published.md) and hand arithmetic (RFM summaries of a hand-made log);
- a reverse-communication fit driven from Python over chunks of the data (what a Dask or
  Spark driver does) and a Python progress callback that cancels;
- error paths of each header: NaN -> CLV_EDOM, null pointer -> CLV_EINVAL, and the
  outputs left untouched on error, as the conventions in clv.h promise.

A check of documented behaviour the library is known not to have is a TAP "# TODO" point:
it is reported, expected to fail, and shows up as an unexpected pass once the library is fixed.

Status codes and flags are read through clv_constant(), the getter meant for FFI callers;
a few are cross-checked against the numeric values the headers document.
"""

import array
import csv
import ctypes
import math
import os
import re
import statistics
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
INCLUDE_DIR = os.environ.get("CLV_INCLUDE_DIR", os.path.join(SOURCE_ROOT, "include"))
HEADERS = ("clv.h", "churn.h", "referral.h")
MAP_FILE = os.path.join(SOURCE_ROOT, "lib", "libclv.map")

NAN = float("nan")
INF = float("inf")
# Written into every output before a call that must fail; must still be there afterwards.
SENTINEL = -12345.5


def bail_out(message):
    """TAP 'Bail out!': the harness reports an error, not a pass or a skip."""
    print("Bail out! " + message)
    sys.stdout.flush()
    sys.exit(1)


# --------------------------------------------------------------------------------------------
# Loading the library
# --------------------------------------------------------------------------------------------

LIBRARY_PATH = os.environ.get("CLV_LIBRARY")
if not LIBRARY_PATH:
    bail_out("CLV_LIBRARY is not set: give the absolute path of the built libclv.so "
             "(meson test sets it)")
try:
    lib = ctypes.CDLL(LIBRARY_PATH)
except OSError as exc:
    bail_out("cannot load CLV_LIBRARY=%r: %s" % (LIBRARY_PATH, exc))


# --------------------------------------------------------------------------------------------
# Struct mirrors: field order and types exactly as in the headers
# --------------------------------------------------------------------------------------------

class RetentionEffect(ctypes.Structure):
    """churn.h: clv_retention_effect."""
    _fields_ = [
        ("value_before", ctypes.c_double),
        ("value_after", ctypes.c_double),
        ("value_change", ctypes.c_double),
        ("relative_change", ctypes.c_double),
    ]


class ChurnCounts(ctypes.Structure):
    """churn.h: clv_churn_counts."""
    _fields_ = [
        ("churned_customers", ctypes.c_double),
        ("purchase_new", ctypes.c_double),
        ("purchase_loyal", ctypes.c_double),
        ("loyal_periods", ctypes.c_double),
        ("profit_loyal", ctypes.c_double),
        ("acquisition_spend", ctypes.c_double),
        ("new_customers", ctypes.c_double),
        ("rework_cost", ctypes.c_double),
    ]


class ChurnCosts(ctypes.Structure):
    """churn.h: clv_churn_costs."""
    _fields_ = [
        ("cac", ctypes.c_double),
        ("loyal_lifetime_value", ctypes.c_double),
        ("lost_lifetime_value", ctypes.c_double),
        ("lost_revenue", ctypes.c_double),
        ("replacement_cost", ctypes.c_double),
        ("revenue_gap", ctypes.c_double),
        ("cost_of_churn", ctypes.c_double),
        ("breakeven_retention_spend", ctypes.c_double),
    ]


class KmData(ctypes.Structure):
    """churn.h: clv_km_data (Kaplan-Meier input columns; const pointers)."""
    _fields_ = [
        ("count", ctypes.c_size_t),
        ("duration", ctypes.POINTER(ctypes.c_double)),
        ("event", ctypes.POINTER(ctypes.c_int32)),
        ("weight", ctypes.POINTER(ctypes.c_double)),
    ]


class SurvData(ctypes.Structure):
    """churn.h: clv_surv_data (Nelson-Aalen and log-rank input columns; const pointers)."""
    _fields_ = [
        ("count", ctypes.c_size_t),
        ("exit", ctypes.POINTER(ctypes.c_double)),
        ("event", ctypes.POINTER(ctypes.c_int32)),
        ("entry", ctypes.POINTER(ctypes.c_double)),
        ("weight", ctypes.POINTER(ctypes.c_double)),
        ("group", ctypes.POINTER(ctypes.c_int32)),
        ("stratum", ctypes.POINTER(ctypes.c_int32)),
    ]


class NaRow(ctypes.Structure):
    """churn.h: clv_na_row (one distinct event time of a Nelson-Aalen table)."""
    _fields_ = [(n, ctypes.c_double) for n in
                ("time", "at_risk", "events", "cum_hazard", "std_error", "lower", "upper")]


class LogrankResult(ctypes.Structure):
    """churn.h: clv_logrank_result."""
    _fields_ = [(n, ctypes.c_double) for n in
                ("statistic", "df", "p_value", "customers", "events", "rho", "gamma")] + [
        ("n_groups", ctypes.c_uint32),
        ("n_strata", ctypes.c_uint32),
    ]


class KmRow(ctypes.Structure):
    """churn.h: clv_km_row (one distinct event time of a Kaplan-Meier table)."""
    _fields_ = [
        ("time", ctypes.c_double),
        ("at_risk", ctypes.c_double),
        ("events", ctypes.c_double),
        ("censored", ctypes.c_double),
        ("survival", ctypes.c_double),
        ("std_error", ctypes.c_double),
        ("lower", ctypes.c_double),
        ("upper", ctypes.c_double),
    ]


class KmSummary(ctypes.Structure):
    """churn.h: clv_km_summary."""
    _fields_ = [
        ("customers", ctypes.c_double),
        ("events", ctypes.c_double),
        ("censored", ctypes.c_double),
        ("max_time", ctypes.c_double),
        ("level", ctypes.c_double),
        ("z", ctypes.c_double),
        ("n_rows", ctypes.c_size_t),
    ]


class CohortTable(ctypes.Structure):
    """churn.h: clv_cohort_table (active customers by cohort and period; const pointers)."""
    _fields_ = [
        ("n_cohorts", ctypes.c_size_t),
        ("n_periods", ctypes.c_size_t),
        ("stride", ctypes.c_size_t),
        ("active", ctypes.POINTER(ctypes.c_double)),
        ("observed", ctypes.POINTER(ctypes.c_size_t)),
    ]


class CohortRates(ctypes.Structure):
    """churn.h: clv_cohort_rates (caller-owned outputs)."""
    _fields_ = [
        ("stride", ctypes.c_size_t),
        ("retention", ctypes.POINTER(ctypes.c_double)),
        ("survival", ctypes.POINTER(ctypes.c_double)),
        ("pooled_retention", ctypes.POINTER(ctypes.c_double)),
        ("pooled_survival", ctypes.POINTER(ctypes.c_double)),
    ]


class SbgParams(ctypes.Structure):
    """churn.h: clv_sbg_params."""
    _fields_ = [
        ("alpha", ctypes.c_double),
        ("beta", ctypes.c_double),
    ]


class SbgDurations(ctypes.Structure):
    """churn.h: clv_sbg_durations (const columns; churned is int32_t)."""
    _fields_ = [
        ("count", ctypes.c_size_t),
        ("duration", ctypes.POINTER(ctypes.c_double)),
        ("churned", ctypes.POINTER(ctypes.c_int32)),
        ("weight", ctypes.POINTER(ctypes.c_double)),
    ]


class SbgCohort(ctypes.Structure):
    """churn.h: clv_sbg_cohort (one cohort's survivor counts, periods + 1 of them)."""
    _fields_ = [
        ("alive", ctypes.POINTER(ctypes.c_double)),
        ("periods", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
    ]


class ChurnReason(ctypes.Structure):
    """churn.h: clv_churn_reason."""
    _fields_ = [
        ("lost", ctypes.c_double),
        ("customer_value", ctypes.c_double),
        ("value_lost", ctypes.c_double),
        ("share", ctypes.c_double),
        ("value_share", ctypes.c_double),
    ]


class ChurnReasonTotal(ctypes.Structure):
    """churn.h: clv_churn_reason_total."""
    _fields_ = [
        ("lost", ctypes.c_double),
        ("value_lost", ctypes.c_double),
    ]


class ChurnReasonEffect(ctypes.Structure):
    """churn.h: clv_churn_reason_effect."""
    _fields_ = [
        ("customers_kept", ctypes.c_double),
        ("value_saved", ctypes.c_double),
        ("lost_before", ctypes.c_double),
        ("lost_after", ctypes.c_double),
        ("churn_before", ctypes.c_double),
        ("churn_after", ctypes.c_double),
    ]


class WomParams(ctypes.Structure):
    """referral.h: clv_wom_params."""
    _fields_ = [
        ("told_satisfied", ctypes.c_double),
        ("told_dissatisfied", ctypes.c_double),
        ("conversion", ctypes.c_double),
        ("deterrence", ctypes.c_double),
    ]


class WomReach(ctypes.Structure):
    """referral.h: clv_wom_reach."""
    _fields_ = [
        ("told_positive", ctypes.c_double),
        ("told_negative", ctypes.c_double),
        ("customers_won", ctypes.c_double),
        ("customers_deterred", ctypes.c_double),
        ("net_customers", ctypes.c_double),
        ("value_won", ctypes.c_double),
        ("value_lost", ctypes.c_double),
        ("net_value", ctypes.c_double),
    ]


class Nps(ctypes.Structure):
    """referral.h: clv_nps."""
    _fields_ = [
        ("promoters", ctypes.c_double),
        ("passives", ctypes.c_double),
        ("detractors", ctypes.c_double),
        ("n", ctypes.c_double),
        ("nps", ctypes.c_double),
        ("variance", ctypes.c_double),
        ("std_error", ctypes.c_double),
    ]


class WomGeneration(ctypes.Structure):
    """referral.h: clv_wom_generation."""
    _fields_ = [
        ("satisfied", ctypes.c_double),
        ("dissatisfied", ctypes.c_double),
        ("customers_won", ctypes.c_double),
        ("customers_deterred", ctypes.c_double),
        ("cumulative_won", ctypes.c_double),
        ("cumulative_deterred", ctypes.c_double),
    ]


class WomTotals(ctypes.Structure):
    """referral.h: clv_wom_totals."""
    _fields_ = [
        ("reproduction_number", ctypes.c_double),
        ("customers_won", ctypes.c_double),
        ("satisfied_won", ctypes.c_double),
        ("dissatisfied_won", ctypes.c_double),
        ("customers_deterred", ctypes.c_double),
        ("net_customers", ctypes.c_double),
        ("value_won", ctypes.c_double),
        ("value_lost", ctypes.c_double),
        ("net_value", ctypes.c_double),
    ]


class WomCost(ctypes.Structure):
    """referral.h: clv_wom_cost."""
    _fields_ = [
        ("own_value", ctypes.c_double),
        ("deterred", ctypes.c_double),
        ("net_reproduction", ctypes.c_double),
        ("customers_per_deterred", ctypes.c_double),
        ("lost_customers", ctypes.c_double),
        ("word_of_mouth_cost", ctypes.c_double),
        ("total_cost", ctypes.c_double),
    ]


class NpsComparison(ctypes.Structure):
    """referral.h: clv_nps_comparison."""
    _fields_ = [
        ("difference", ctypes.c_double),
        ("std_error", ctypes.c_double),
        ("z", ctypes.c_double),
        ("p_value", ctypes.c_double),
        ("lower", ctypes.c_double),
        ("upper", ctypes.c_double),
    ]


class CrvParams(ctypes.Structure):
    """referral.h: clv_crv_params."""
    _fields_ = [
        ("referral_value", ctypes.c_double),
        ("acquisition_cost", ctypes.c_double),
        ("referral_cost", ctypes.c_double),
        ("discount", ctypes.c_double),
    ]


class CrvResult(ctypes.Structure):
    """referral.h: clv_crv_result."""
    _fields_ = [
        ("incremental_customers", ctypes.c_double),
        ("anyway_customers", ctypes.c_double),
        ("value_incremental", ctypes.c_double),
        ("acquisition_saved", ctypes.c_double),
        ("referral_cost", ctypes.c_double),
        ("crv", ctypes.c_double),
        ("clv", ctypes.c_double),
        ("customer_value", ctypes.c_double),
    ]


class BassParams(ctypes.Structure):
    """referral.h: clv_bass_params."""
    _fields_ = [
        ("p", ctypes.c_double),
        ("q", ctypes.c_double),
        ("m", ctypes.c_double),
    ]


class BassPeakInfo(ctypes.Structure):
    """referral.h: clv_bass_peak_info."""
    _fields_ = [
        ("time", ctypes.c_double),
        ("density", ctypes.c_double),
        ("adopters", ctypes.c_double),
        ("cumulative", ctypes.c_double),
        ("interior", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
    ]


class BgnbdParams(ctypes.Structure):
    """clv.h: clv_bgnbd_params."""
    _fields_ = [
        ("r", ctypes.c_double),
        ("alpha", ctypes.c_double),
        ("a", ctypes.c_double),
        ("b", ctypes.c_double),
    ]


class PnbdParams(ctypes.Structure):
    """clv.h: clv_pnbd_params."""
    _fields_ = [
        ("r", ctypes.c_double),
        ("alpha", ctypes.c_double),
        ("s", ctypes.c_double),
        ("beta", ctypes.c_double),
    ]


class MbgnbdParams(ctypes.Structure):
    """clv.h: clv_mbgnbd_params."""
    _fields_ = [
        ("r", ctypes.c_double),
        ("alpha", ctypes.c_double),
        ("a", ctypes.c_double),
        ("b", ctypes.c_double),
    ]


class BgbbParams(ctypes.Structure):
    """clv.h: clv_bgbb_params."""
    _fields_ = [
        ("alpha", ctypes.c_double),
        ("beta", ctypes.c_double),
        ("gamma", ctypes.c_double),
        ("delta", ctypes.c_double),
    ]


class GgParams(ctypes.Structure):
    """clv.h: clv_gg_params."""
    _fields_ = [
        ("p", ctypes.c_double),
        ("q", ctypes.c_double),
        ("gamma", ctypes.c_double),
    ]


class Diag(ctypes.Structure):
    """clv.h: clv_diag (size-versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("status", ctypes.c_int32),
        ("field", ctypes.c_int32),
        ("rule", ctypes.c_int32),
        ("has_row", ctypes.c_uint32),
        ("row", ctypes.c_uint64),
        ("value", ctypes.c_double),
        ("limit", ctypes.c_double),
    ]


# clv.h: typedef int (*clv_work_fn)(void *user_data, uint64_t done, uint64_t total);
WorkFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_uint64)


class RfmOptions(ctypes.Structure):
    """clv.h: clv_rfm_options (size-versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("period", ctypes.c_double),
        ("calibration_end", ctypes.c_double),
        ("holdout_end", ctypes.c_double),
        ("diag", ctypes.POINTER(Diag)),
        ("progress", WorkFn),
        ("user_data", ctypes.c_void_p),
    ]


class RfmTable(ctypes.Structure):
    """clv.h: clv_rfm_table (caller-owned output arrays of clv_rfm_summary)."""
    _fields_ = [
        ("capacity", ctypes.c_size_t),
        ("customer", ctypes.POINTER(ctypes.c_uint64)),
        ("x", ctypes.POINTER(ctypes.c_double)),
        ("t_x", ctypes.POINTER(ctypes.c_double)),
        ("T", ctypes.POINTER(ctypes.c_double)),
        ("monetary", ctypes.POINTER(ctypes.c_double)),
        ("x_holdout", ctypes.POINTER(ctypes.c_double)),
        ("monetary_holdout", ctypes.POINTER(ctypes.c_double)),
    ]


class RfmState(ctypes.Structure):
    """clv.h: clv_rfm_state (a till's running summary of one customer)."""
    _fields_ = [
        ("purchases", ctypes.c_double),
        ("first_time", ctypes.c_double),
        ("last_time", ctypes.c_double),
        ("first_amount", ctypes.c_double),
        ("repeat_total", ctypes.c_double),
        ("last_amount", ctypes.c_double),
    ]


class RfmView(ctypes.Structure):
    """clv.h: clv_rfm_view (a customer table as the models read it; const double * columns)."""
    _fields_ = [
        ("count", ctypes.c_size_t),
        ("x", ctypes.POINTER(ctypes.c_double)),
        ("t_x", ctypes.POINTER(ctypes.c_double)),
        ("T", ctypes.POINTER(ctypes.c_double)),
        ("monetary", ctypes.POINTER(ctypes.c_double)),
        ("weight", ctypes.POINTER(ctypes.c_double)),
    ]


# clv.h: typedef int (*clv_progress_fn)(void *user_data, uint32_t iteration, double loglik,
#                                       const double *params, uint32_t n_params);
ProgressFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_double,
                              ctypes.POINTER(ctypes.c_double), ctypes.c_uint32)
# clv.h: typedef void *(*clv_alloc_fn)(void *ctx, size_t size);
AllocFn = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
# clv.h: typedef void (*clv_free_fn)(void *ctx, void *ptr);
FreeFn = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)

# The array lengths the header writes as CLV_MAX_PARAMS (the struct-layout test checks them
# against the header's macro, and test_constant_values against clv_constant).
MAX_PARAMS = 8


class FitOptions(ctypes.Structure):
    """clv.h: clv_fit_options (size-versioned; a function pointer and a void * at the end)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("max_iterations", ctypes.c_uint32),
        ("use_start", ctypes.c_uint32),
        ("tolerance", ctypes.c_double),
        ("penalty", ctypes.c_double),
        ("start", ctypes.c_double * MAX_PARAMS),
        ("progress", ProgressFn),
        ("user_data", ctypes.c_void_p),
        ("alloc", AllocFn),
        ("dealloc", FreeFn),
        ("alloc_ctx", ctypes.c_void_p),
        ("diag", ctypes.POINTER(Diag)),
    ]


class PurchaseModel(ctypes.Structure):
    """clv.h: clv_purchase_model."""
    _fields_ = [
        ("model", ctypes.c_int32),
        ("reserved", ctypes.c_uint32),
        ("params", ctypes.c_double * 4),
    ]


class ValueOptions(ctypes.Structure):
    """clv.h: clv_value_options (size-versioned)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("margin", ctypes.c_double),
        ("discount_rate", ctypes.c_double),
        ("period", ctypes.c_double),
        ("horizon", ctypes.c_double),
        ("progress", WorkFn),
        ("user_data", ctypes.c_void_p),
    ]


class CheckOptions(ctypes.Structure):
    """clv.h: clv_check_options (size-versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("min_expected", ctypes.c_double),
        ("progress", WorkFn),
        ("user_data", ctypes.c_void_p),
        ("diag", ctypes.POINTER(Diag)),
    ]


class IntervalOptions(ctypes.Structure):
    """clv.h: clv_interval_options (size-versioned: struct_size first)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("level", ctypes.c_double),
        ("scale", ctypes.c_int32),
        ("reserved2", ctypes.c_uint32),
        ("horizon", ctypes.c_double),
        ("delta", ctypes.c_double),
        ("value", ctypes.POINTER(ValueOptions)),
        ("diag", ctypes.POINTER(Diag)),
        ("progress", WorkFn),
        ("user_data", ctypes.c_void_p),
        ("count", ctypes.c_double),
    ]


class ChiSquareResult(ctypes.Structure):
    """clv.h: clv_chi_square_result."""
    _fields_ = [(name, ctypes.c_double) for name in ("statistic", "df", "p_value", "groups")]


class Accuracy(ctypes.Structure):
    """clv.h: clv_accuracy."""
    _fields_ = [(name, ctypes.c_double) for name in (
        "count", "mae", "rmse", "bias", "correlation", "correlation_defined",
        "mean_predicted", "mean_actual")]


class FitReport(ctypes.Structure):
    """clv.h: clv_fit_report."""
    _fields_ = [
        ("loglik", ctypes.c_double),
        ("gradient_norm", ctypes.c_double),
        ("std_error", ctypes.c_double * MAX_PARAMS),
        ("covariance", ctypes.c_double * (MAX_PARAMS * MAX_PARAMS)),
        ("n_params", ctypes.c_uint32),
        ("iterations", ctypes.c_uint32),
        ("evaluations", ctypes.c_uint32),
        ("converged", ctypes.c_uint32),
        ("covariance_ok", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
    ]


class BassFitOptions(ctypes.Structure):
    """referral.h: clv_bass_fit_options (size-versioned; the start is a nested clv_bass_params)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("method", ctypes.c_int32),
        ("model", ctypes.c_int32),
        ("max_iterations", ctypes.c_uint32),
        ("use_start", ctypes.c_uint32),
        ("tolerance", ctypes.c_double),
        ("start", BassParams),
        ("progress", ProgressFn),
        ("user_data", ctypes.c_void_p),
        ("diag", ctypes.POINTER(Diag)),
    ]


class BassFitReport(ctypes.Structure):
    """referral.h: clv_bass_fit_report (a clv_fit_report, then the least-squares summary)."""
    _fields_ = [
        ("fit", FitReport),
        ("sse", ctypes.c_double),
        ("residual_se", ctypes.c_double),
        ("n_periods", ctypes.c_uint32),
        ("df", ctypes.c_uint32),
        ("method", ctypes.c_int32),
        ("model", ctypes.c_int32),
    ]


class FitState(ctypes.Structure):
    """clv.h: clv_fit_state (opaque; the caller only provides the memory)."""
    _fields_ = [
        ("opaque", ctypes.c_uint64 * 640),
    ]


class Rng(ctypes.Structure):
    """clv.h: clv_rng (xoshiro256** state)."""
    _fields_ = [
        ("s", ctypes.c_uint64 * 4),
    ]


class SimOptions(ctypes.Structure):
    """clv.h: clv_sim_options (size-versioned)."""
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
        ("T", ctypes.c_double),
        ("holdout", ctypes.c_double),
        ("progress", WorkFn),
        ("user_data", ctypes.c_void_p),
        ("diag", ctypes.POINTER(Diag)),
    ]


class SimTransactions(ctypes.Structure):
    """clv.h: clv_sim_transactions."""
    _fields_ = [
        ("customer", ctypes.POINTER(ctypes.c_uint64)),
        ("time", ctypes.POINTER(ctypes.c_double)),
        ("amount", ctypes.POINTER(ctypes.c_double)),
        ("capacity", ctypes.c_size_t),
        ("count", ctypes.c_size_t),
    ]


# C name -> mirror. Every typedef struct of the public headers must be here.
STRUCTS = {
    "clv_rng": Rng,
    "clv_sim_options": SimOptions,
    "clv_sim_transactions": SimTransactions,
    "clv_retention_effect": RetentionEffect,
    "clv_churn_counts": ChurnCounts,
    "clv_churn_costs": ChurnCosts,
    "clv_km_data": KmData,
    "clv_km_row": KmRow,
    "clv_km_summary": KmSummary,
    "clv_surv_data": SurvData,
    "clv_na_row": NaRow,
    "clv_logrank_result": LogrankResult,
    "clv_cohort_table": CohortTable,
    "clv_cohort_rates": CohortRates,
    "clv_sbg_params": SbgParams,
    "clv_sbg_durations": SbgDurations,
    "clv_sbg_cohort": SbgCohort,
    "clv_churn_reason": ChurnReason,
    "clv_churn_reason_total": ChurnReasonTotal,
    "clv_churn_reason_effect": ChurnReasonEffect,
    "clv_wom_params": WomParams,
    "clv_wom_reach": WomReach,
    "clv_nps": Nps,
    "clv_wom_generation": WomGeneration,
    "clv_wom_totals": WomTotals,
    "clv_wom_cost": WomCost,
    "clv_nps_comparison": NpsComparison,
    "clv_crv_params": CrvParams,
    "clv_crv_result": CrvResult,
    "clv_bass_params": BassParams,
    "clv_bass_peak_info": BassPeakInfo,
    "clv_bass_fit_options": BassFitOptions,
    "clv_bass_fit_report": BassFitReport,
    "clv_bgnbd_params": BgnbdParams,
    "clv_gg_params": GgParams,
    "clv_bgbb_params": BgbbParams,
    "clv_mbgnbd_params": MbgnbdParams,
    "clv_pnbd_params": PnbdParams,
    "clv_purchase_model": PurchaseModel,
    "clv_value_options": ValueOptions,
    "clv_diag": Diag,
    "clv_rfm_options": RfmOptions,
    "clv_rfm_table": RfmTable,
    "clv_rfm_state": RfmState,
    "clv_rfm_view": RfmView,
    "clv_fit_options": FitOptions,
    "clv_fit_report": FitReport,
    "clv_check_options": CheckOptions,
    "clv_chi_square_result": ChiSquareResult,
    "clv_accuracy": Accuracy,
    "clv_interval_options": IntervalOptions,
    "clv_fit_state": FitState,
}

# C name -> CFUNCTYPE mirror of every function-pointer typedef of the public headers.
FUNCTION_TYPEDEFS = {
    "clv_progress_fn": ProgressFn,
    "clv_work_fn": WorkFn,
    "clv_alloc_fn": AllocFn,
    "clv_free_fn": FreeFn,
}


# --------------------------------------------------------------------------------------------
# Function signatures: every exported function
# --------------------------------------------------------------------------------------------

c_int = ctypes.c_int
c_double = ctypes.c_double
c_size_t = ctypes.c_size_t
c_uint32 = ctypes.c_uint32
c_uint64 = ctypes.c_uint64
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
p_double = ctypes.POINTER(ctypes.c_double)
p_int = ctypes.POINTER(ctypes.c_int)
p_uint32 = ctypes.POINTER(ctypes.c_uint32)
p_uint64 = ctypes.POINTER(ctypes.c_uint64)
p_size_t = ctypes.POINTER(ctypes.c_size_t)
p_int32 = ctypes.POINTER(ctypes.c_int32)
P = ctypes.POINTER  # P(Struct): a pointer to a mirrored struct

SIGNATURES = {
    # clv.h
    "clv_version": (c_int, []),
    "clv_version_string": (c_char_p, []),
    "clv_strerror": (c_char_p, [c_int]),
    "clv_constant": (c_int, [c_char_p, p_double]),
    "clv_simple_value": (c_int, [c_double, c_double, c_double, p_double]),
    "clv_retention_value": (c_int, [c_double, c_double, c_double, c_double, c_int, p_double]),
    "clv_margin_multiple": (c_int, [c_double, c_double, c_double, c_int, p_double]),
    "clv_cac": (c_int, [c_double, c_double, p_double]),
    "clv_ltv_cac_ratio": (c_int, [c_double, c_double, p_double]),
    "clv_payback_periods": (c_int, [c_double, c_double, c_double, c_double, c_int, p_double]),
    "clv_discount_rate_convert": (c_int, [c_double, c_double, c_double, p_double]),
    # clv.h, group clv_rfm
    "clv_rfm_options_init": (c_int, [P(RfmOptions)]),
    "clv_rfm_summary": (c_int, [p_uint64, p_double, p_double, c_size_t, p_size_t, P(RfmOptions),
                                P(RfmTable), p_size_t, p_size_t]),
    "clv_rfm_order": (c_int, [p_uint64, p_double, c_size_t, p_size_t]),
    "clv_rfm_order_progress": (c_int, [p_uint64, p_double, c_size_t, p_size_t, WorkFn,
                                       c_void_p]),
    "clv_rfm_order_workspace_size": (c_int, [p_uint64, p_double, c_size_t, p_size_t]),
    "clv_rfm_order_workspace": (c_int, [p_uint64, p_double, c_size_t, p_size_t, c_void_p,
                                        c_size_t, WorkFn, c_void_p]),
    "clv_rfm_state_init": (c_int, [P(RfmState)]),
    "clv_rfm_update": (c_int, [P(RfmState), c_double, c_double, c_double]),
    "clv_rfm_state_summary": (c_int, [P(RfmState), c_double, c_double, p_double, p_double,
                                      p_double, p_double]),
    "clv_rfm_check": (c_int, [P(RfmView), c_int, p_size_t]),
    "clv_rfm_check_diag": (c_int, [P(RfmView), c_int, P(Diag)]),
    "clv_rfm_update_diag": (c_int, [P(RfmState), c_double, c_double, c_double, P(Diag)]),
    # clv.h, group clv_diag
    "clv_diag_init": (c_int, [P(Diag)]),
    "clv_diag_format": (c_int, [P(Diag), c_char_p, c_size_t, p_size_t]),
    # clv.h, group clv_fit
    "clv_fit_options_init": (c_int, [P(FitOptions)]),
    "clv_fit_start": (c_int, [P(FitState), c_int, P(FitOptions), p_uint32]),
    "clv_fit_next": (c_int, [P(FitState), p_double, p_int]),
    "clv_fit_tell": (c_int, [P(FitState), c_double, p_double]),
    "clv_fit_result": (c_int, [P(FitState), p_double, P(FitReport)]),
    # clv.h, group clv_bgnbd
    "clv_bgnbd_loglik": (c_int, [P(BgnbdParams), P(RfmView), p_double, p_double]),
    "clv_bgnbd_fit": (c_int, [P(RfmView), P(FitOptions), P(BgnbdParams), P(FitReport)]),
    "clv_bgnbd_p_alive": (c_int, [P(BgnbdParams), c_double, c_double, c_double, p_double]),
    "clv_bgnbd_expected_purchases": (c_int, [P(BgnbdParams), c_double, c_double, c_double,
                                             c_double, p_double]),
    "clv_bgnbd_expected_purchases_new": (c_int, [P(BgnbdParams), c_double, p_double]),
    "clv_bgnbd_prob_purchases": (c_int, [P(BgnbdParams), c_double, c_double, p_double]),
    "clv_bgnbd_p_alive_array": (c_int, [P(BgnbdParams), P(RfmView), p_double]),
    # clv.h, group clv_pnbd
    "clv_pnbd_loglik": (c_int, [P(PnbdParams), P(RfmView), p_double, p_double]),
    "clv_pnbd_fit": (c_int, [P(RfmView), P(FitOptions), P(PnbdParams), P(FitReport)]),
    "clv_pnbd_p_alive": (c_int, [P(PnbdParams), c_double, c_double, c_double, p_double]),
    "clv_pnbd_expected_purchases": (c_int, [P(PnbdParams), c_double, c_double, c_double,
                                            c_double, p_double]),
    "clv_pnbd_expected_purchases_new": (c_int, [P(PnbdParams), c_double, p_double]),
    "clv_pnbd_prob_purchases": (c_int, [P(PnbdParams), c_double, c_double, p_double]),
    "clv_pnbd_dert": (c_int, [P(PnbdParams), c_double, c_double, c_double, c_double, p_double]),
    "clv_pnbd_p_alive_array": (c_int, [P(PnbdParams), P(RfmView), p_double]),
    "clv_pnbd_expected_purchases_array": (c_int, [P(PnbdParams), P(RfmView), c_double,
                                                  p_double]),
    # clv.h, group clv_mbgnbd
    "clv_mbgnbd_loglik": (c_int, [P(MbgnbdParams), P(RfmView), p_double, p_double]),
    "clv_mbgnbd_fit": (c_int, [P(RfmView), P(FitOptions), P(MbgnbdParams), P(FitReport)]),
    "clv_mbgnbd_p_alive": (c_int, [P(MbgnbdParams), c_double, c_double, c_double, p_double]),
    "clv_mbgnbd_expected_purchases": (c_int, [P(MbgnbdParams), c_double, c_double, c_double,
                                              c_double, p_double]),
    "clv_mbgnbd_expected_purchases_new": (c_int, [P(MbgnbdParams), c_double, p_double]),
    "clv_mbgnbd_prob_purchases": (c_int, [P(MbgnbdParams), c_double, c_double, p_double]),
    "clv_mbgnbd_p_alive_array": (c_int, [P(MbgnbdParams), P(RfmView), p_double]),
    "clv_mbgnbd_expected_purchases_array": (c_int, [P(MbgnbdParams), P(RfmView), c_double,
                                                    p_double]),
    # clv.h, group clv_bgbb
    "clv_bgbb_loglik": (c_int, [P(BgbbParams), P(RfmView), p_double, p_double]),
    "clv_bgbb_fit": (c_int, [P(RfmView), P(FitOptions), P(BgbbParams), P(FitReport)]),
    "clv_bgbb_p_alive": (c_int, [P(BgbbParams), c_double, c_double, c_double, p_double]),
    "clv_bgbb_expected_purchases": (c_int, [P(BgbbParams), c_double, c_double, c_double,
                                            c_double, p_double]),
    "clv_bgbb_expected_purchases_new": (c_int, [P(BgbbParams), c_double, p_double]),
    "clv_bgbb_prob_purchases": (c_int, [P(BgbbParams), c_double, c_double, p_double]),
    "clv_bgbb_dert": (c_int, [P(BgbbParams), c_double, c_double, c_double, c_double,
                              p_double]),
    # clv.h, group clv_gg
    "clv_gg_loglik": (c_int, [P(GgParams), P(RfmView), p_double, p_double]),
    "clv_gg_fit": (c_int, [P(RfmView), P(FitOptions), P(GgParams), P(FitReport)]),
    "clv_gg_expected_spend": (c_int, [P(GgParams), c_double, c_double, p_double]),
    # clv.h, group clv_value_model
    "clv_value_options_init": (c_int, [P(ValueOptions)]),
    "clv_customer_value": (c_int, [P(PurchaseModel), P(GgParams), P(ValueOptions), c_double,
                                   c_double, c_double, c_double, p_double]),
    "clv_bgnbd_expected_purchases_array": (c_int, [P(BgnbdParams), P(RfmView), c_double,
                                                   p_double]),
    "clv_bgnbd_dert": (c_int, [P(BgnbdParams), c_double, c_double, c_double, c_double,
                               p_double]),
    "clv_mbgnbd_dert": (c_int, [P(MbgnbdParams), c_double, c_double, c_double, c_double,
                                p_double]),
    "clv_bgnbd_prob_purchases_cond": (c_int, [P(BgnbdParams), c_double, c_double, c_double,
                                              c_double, c_double, p_double]),
    "clv_mbgnbd_prob_purchases_cond": (c_int, [P(MbgnbdParams), c_double, c_double, c_double,
                                               c_double, c_double, p_double]),
    "clv_pnbd_prob_purchases_cond": (c_int, [P(PnbdParams), c_double, c_double, c_double,
                                             c_double, c_double, p_double]),
    "clv_bgbb_prob_purchases_cond": (c_int, [P(BgbbParams), c_double, c_double, c_double,
                                             c_double, c_double, p_double]),
    "clv_bgbb_p_alive_at": (c_int, [P(BgbbParams), c_double, c_double, c_double, c_double,
                                    p_double]),
    "clv_discount_rate_to_continuous": (c_int, [c_double, c_double, p_double]),
    "clv_discount_rate_from_continuous": (c_int, [c_double, c_double, p_double]),
    # clv.h, group clv_rows
    "clv_p_alive_rows": (c_int, [P(PurchaseModel), P(RfmView), p_double, p_int32]),
    "clv_expected_purchases_rows": (c_int, [P(PurchaseModel), P(RfmView), c_double, p_double,
                                            p_int32]),
    "clv_loglik_rows": (c_int, [P(PurchaseModel), P(RfmView), p_double, p_int32]),
    "clv_prob_purchases_rows": (c_int, [P(PurchaseModel), P(RfmView), c_double, c_double,
                                        p_double, p_int32]),
    "clv_dert_rows": (c_int, [P(PurchaseModel), P(RfmView), c_double, p_double, p_int32]),
    "clv_gg_expected_spend_rows": (c_int, [P(GgParams), P(RfmView), p_double, p_int32]),
    "clv_customer_value_rows": (c_int, [P(PurchaseModel), P(GgParams), P(ValueOptions),
                                        P(RfmView), p_double, p_int32]),
    # clv.h, group clv_sim
    "clv_rng_seed": (c_int, [P(Rng), c_uint64]),
    "clv_rng_jump": (c_int, [P(Rng)]),
    "clv_rng_next": (c_int, [P(Rng), p_uint64]),
    "clv_rng_uniform": (c_int, [P(Rng), p_double]),
    "clv_rng_normal": (c_int, [P(Rng), p_double]),
    "clv_rng_gamma": (c_int, [P(Rng), c_double, c_double, p_double]),
    "clv_rng_beta": (c_int, [P(Rng), c_double, c_double, p_double]),
    "clv_rng_poisson": (c_int, [P(Rng), c_double, p_double]),
    "clv_rng_exponential": (c_int, [P(Rng), c_double, p_double]),
    "clv_rng_geometric": (c_int, [P(Rng), c_double, p_double]),
    "clv_sim_options_init": (c_int, [P(SimOptions)]),
    "clv_sim_customers": (c_int, [P(Rng), P(PurchaseModel), P(GgParams), P(SimOptions), c_size_t,
                                  p_double, p_double, p_double, p_double, p_double,
                                  P(SimTransactions)]),
    "clv_param_draws": (c_int, [P(Rng), c_uint32, p_double, p_double, c_int, c_size_t, p_double,
                                P(Diag)]),
    "clv_param_draws_report": (c_int, [P(Rng), p_double, P(FitReport), c_int, c_size_t,
                                       p_double, P(Diag)]),
    # clv.h, group clv_checking (issue 14)
    "clv_check_options_init": (c_int, [P(CheckOptions)]),
    "clv_tracking_expected": (c_int, [P(PurchaseModel), p_double, p_double, c_size_t, p_double,
                                      c_size_t, P(CheckOptions), p_double, p_double]),
    "clv_tracking_actual": (c_int, [p_uint64, p_double, c_size_t, p_double, c_size_t,
                                    P(CheckOptions), p_double, p_double]),
    "clv_frequency_histogram": (c_int, [P(PurchaseModel), P(RfmView), c_uint32, P(CheckOptions),
                                        p_double, p_double]),
    "clv_chi_square_test": (c_int, [p_double, p_double, c_size_t, c_uint32, P(CheckOptions),
                                    P(ChiSquareResult), p_uint32]),
    "clv_chi_square_p_value": (c_int, [c_double, c_double, p_double]),
    "clv_conditional_by_frequency": (c_int, [P(PurchaseModel), P(RfmView), p_double, c_double,
                                             c_uint32, P(CheckOptions), p_double, p_double,
                                             p_double]),
    "clv_conditional_by_recency": (c_int, [P(PurchaseModel), P(RfmView), p_double, c_double,
                                           p_double, c_size_t, P(CheckOptions), p_double,
                                           p_double, p_double]),
    "clv_holdout_accuracy": (c_int, [p_double, p_double, p_double, c_size_t, P(CheckOptions),
                                     P(Accuracy)]),
    "clv_calibration_table": (c_int, [p_double, p_double, p_double, c_size_t, p_double, c_size_t,
                                      P(CheckOptions), p_double, p_double, p_double, p_double]),
    "clv_information_criteria": (c_int, [P(FitReport), c_double, p_double, p_double]),
    "clv_likelihood_ratio_test": (c_int, [c_double, c_double, c_double, p_double, p_double]),
    "clv_frequency_recency_matrix": (c_int, [P(PurchaseModel), c_uint32, p_double, c_size_t,
                                             c_double, c_double, P(CheckOptions), p_double,
                                             p_double, p_int32]),
    # clv.h, group clv_interval (issue 14)
    "clv_interval_options_init": (c_int, [P(IntervalOptions)]),
    "clv_prediction_gradient": (c_int, [P(PurchaseModel), P(GgParams), c_int, P(IntervalOptions),
                                        c_double, c_double, c_double, c_double, p_double,
                                        p_double, p_double, p_uint32]),
    "clv_delta_interval": (c_int, [c_double, p_double, c_uint32, p_double, P(IntervalOptions),
                                   p_double, p_double, p_double]),
    "clv_interval_rows": (c_int, [P(PurchaseModel), P(GgParams), c_int, p_double,
                                  P(IntervalOptions), P(RfmView), p_double, p_double, p_double,
                                  p_double, p_int32]),
    "clv_sbg_interval": (c_int, [P(SbgParams), p_double, c_int, c_double, c_double,
                                 P(IntervalOptions), p_double, p_double, p_double, p_double]),
    "clv_bass_interval": (c_int, [P(BassParams), p_double, c_int, p_double, c_size_t,
                                  P(IntervalOptions), p_double, p_double, p_double, p_double]),
    # churn.h
    "clv_churn_rate": (c_int, [c_double, c_double, c_double, c_int, p_double, p_double]),
    "clv_churn_convert": (c_int, [c_double, c_double, c_double, p_double]),
    "clv_retention_convert": (c_int, [c_double, c_double, c_double, p_double]),
    "clv_expected_lifetime": (c_int, [c_double, p_double]),
    "clv_median_lifetime": (c_int, [c_double, p_double]),
    "clv_retention_gain": (c_int, [c_double, c_double, c_double, c_double, c_double, c_int,
                                   ctypes.POINTER(RetentionEffect)]),
    "clv_churn_economics": (c_int, [ctypes.POINTER(ChurnCounts), ctypes.POINTER(ChurnCosts)]),
    # churn.h, group clv_km
    "clv_km_workspace_size": (c_int, [c_size_t, p_size_t]),
    "clv_km_estimate": (c_int, [P(KmData), c_double, c_void_p, c_size_t, P(KmRow), c_size_t,
                                p_size_t, P(KmSummary), p_size_t]),
    "clv_km_survival_at": (c_int, [P(KmRow), c_size_t, c_double, p_double, p_double, p_double,
                                   p_double]),
    "clv_km_median": (c_int, [P(KmRow), c_size_t, p_double, p_double, p_double]),
    "clv_km_rmst": (c_int, [P(KmRow), c_size_t, c_double, p_double, p_double]),
    # churn.h, group clv_surv
    "clv_surv_workspace_size": (c_int, [c_size_t, p_size_t]),
    "clv_nelson_aalen": (c_int, [P(SurvData), c_double, c_void_p, c_size_t, P(NaRow), c_size_t,
                                 p_size_t, p_size_t]),
    "clv_logrank_test": (c_int, [P(SurvData), ctypes.c_uint32, c_double, c_double, c_void_p,
                                 c_size_t, p_double, p_double, P(LogrankResult), p_size_t]),
    # churn.h, group clv_cohort
    "clv_cohort_retention": (c_int, [P(CohortTable), P(CohortRates), p_size_t, p_size_t]),
    # churn.h, group clv_sbg
    "clv_sbg_loglik": (c_int, [P(SbgParams), P(SbgDurations), p_double, p_double]),
    "clv_sbg_fit": (c_int, [P(SbgDurations), P(FitOptions), P(SbgParams), P(FitReport)]),
    "clv_sbg_loglik_cohorts": (c_int, [P(SbgParams), P(SbgCohort), c_size_t, p_double,
                                       p_double]),
    "clv_sbg_fit_cohorts": (c_int, [P(SbgCohort), c_size_t, P(FitOptions), P(SbgParams),
                                    P(FitReport)]),
    "clv_sbg_survival": (c_int, [P(SbgParams), c_double, p_double]),
    "clv_sbg_churn_prob": (c_int, [P(SbgParams), c_double, p_double]),
    "clv_sbg_retention_rate": (c_int, [P(SbgParams), c_double, p_double]),
    "clv_sbg_project": (c_int, [P(SbgParams), c_double, c_size_t, p_double]),
    "clv_sbg_expected_lifetime": (c_int, [P(SbgParams), c_double, p_double]),
    "clv_sbg_del": (c_int, [P(SbgParams), c_double, p_double]),
    "clv_sbg_derl": (c_int, [P(SbgParams), c_double, c_double, p_double]),
    "clv_sbg_simulate": (c_int, [P(Rng), P(SbgParams), c_double, c_uint32, p_double]),
    # churn.h, group clv_markov
    "clv_markov_workspace_size": (c_int, [c_size_t, p_size_t]),
    "clv_markov_value": (c_int, [p_double, p_double, c_size_t, c_double, c_double, p_double,
                                 c_size_t, p_double]),
    "clv_markov_value_progress": (c_int, [p_double, p_double, c_size_t, c_double, c_double,
                                          p_double, c_size_t, p_double, WorkFn, c_void_p]),
    "clv_markov_recency_chain": (c_int, [p_double, c_size_t, c_double, p_double, p_double,
                                         p_double]),
    # churn.h, group clv_churn_reasons
    "clv_churn_reasons": (c_int, [p_double, p_double, c_size_t, c_double, P(ChurnReason),
                                  P(ChurnReasonTotal)]),
    "clv_churn_reason_removal": (c_int, [p_double, p_double, c_size_t, c_double, c_size_t,
                                         c_double, c_double, P(ChurnReasonEffect)]),
    "clv_churn_reason_ratio": (c_int, [p_double, c_size_t, c_size_t, c_size_t, p_double]),
    # referral.h
    "clv_wom_params_init": (c_int, [ctypes.POINTER(WomParams)]),
    "clv_wom_first_generation": (c_int, [ctypes.POINTER(WomParams), c_double, c_double, c_double,
                                         ctypes.POINTER(WomReach)]),
    # referral.h, group clv_bass
    "clv_bass_cumulative": (c_int, [P(BassParams), c_double, p_double]),
    "clv_bass_density": (c_int, [P(BassParams), c_double, p_double]),
    "clv_bass_adopters": (c_int, [P(BassParams), c_double, c_double, p_double]),
    "clv_bass_peak": (c_int, [P(BassParams), P(BassPeakInfo)]),
    "clv_bass_forecast": (c_int, [P(BassParams), c_double, c_int, c_size_t, p_double]),
    "clv_bass_loglik": (c_int, [P(BassParams), p_double, c_size_t, p_double, p_double]),
    "clv_bass_fit_options_init": (c_int, [P(BassFitOptions)]),
    "clv_bass_fit": (c_int, [p_double, c_size_t, P(BassFitOptions), P(BassParams),
                             P(BassFitReport)]),
    "clv_nps_from_counts": (c_int, [c_double, c_double, c_double, ctypes.POINTER(Nps)]),
    "clv_nps_from_scores": (c_int, [p_double, c_size_t, ctypes.POINTER(Nps)]),
    "clv_nps_interval": (c_int, [ctypes.POINTER(Nps), c_double, p_double, p_double]),
    "clv_wom_reproduction_number": (c_int, [P(WomParams), c_double, p_double]),
    "clv_wom_generations": (c_int, [P(WomParams), c_double, c_double, c_double, c_size_t,
                                    P(WomGeneration)]),
    "clv_wom_total": (c_int, [P(WomParams), c_double, c_double, c_double, c_double,
                              P(WomTotals)]),
    "clv_wom_time_to_reach": (c_int, [P(WomParams), c_double, c_double, c_double, c_double,
                                      p_double, p_double]),
    "clv_wom_dissatisfied_cost": (c_int, [P(WomParams), c_double, c_double, c_double, c_double,
                                          P(WomCost)]),
    "clv_nps_compare": (c_int, [P(Nps), P(Nps), c_double, P(NpsComparison)]),
    "clv_nps_sample_size": (c_int, [c_double, c_double, c_double, c_double, c_double,
                                    p_double]),
    "clv_nps_by_segment": (c_int, [p_double, p_uint32, c_size_t, c_size_t, P(Nps)]),
    "clv_kfactor": (c_int, [c_double, c_double, p_double]),
    "clv_kfactor_customers": (c_int, [c_double, c_double, c_double, c_double, p_double]),
    "clv_kfactor_customers_at": (c_int, [c_double, c_double, c_double, c_double, c_double,
                                         p_double]),
    "clv_crv_value": (c_int, [P(CrvParams), p_double, p_double, c_size_t, c_double,
                              P(CrvResult)]),
}

_missing = []
for _name, (_restype, _argtypes) in SIGNATURES.items():
    try:
        _fn = getattr(lib, _name)
    except AttributeError:
        _missing.append(_name)
        continue
    _fn.restype = _restype
    _fn.argtypes = _argtypes
if _missing:
    bail_out("%s does not export: %s" % (LIBRARY_PATH, ", ".join(_missing)))


# --------------------------------------------------------------------------------------------
# Constants, read through clv_constant()
# --------------------------------------------------------------------------------------------

def constant(name):
    """The value of a public macro by name; integers come back as int."""
    value = ctypes.c_double(SENTINEL)
    status = lib.clv_constant(name.encode("ascii"), ctypes.byref(value))
    if status != 0:
        bail_out("clv_constant(%r) returned %d" % (name, status))
    v = value.value
    return int(v) if v == int(v) and abs(v) < 2**31 else v


STATUS_NAMES = ("CLV_OK", "CLV_EINVAL", "CLV_EDOM", "CLV_ENOCONV", "CLV_ERANGE",
                "CLV_ECANCELED", "CLV_ESTRUCT", "CLV_ENOMEM", "CLV_EDIVERGE", "CLV_EIDENT")
# The numeric values clv.h documents ("never renumbered").
DOCUMENTED_STATUS = {"CLV_OK": 0, "CLV_EINVAL": -1, "CLV_EDOM": -2, "CLV_ENOCONV": -3,
                     "CLV_ERANGE": -4, "CLV_ECANCELED": -5, "CLV_ESTRUCT": -6,
                     "CLV_ENOMEM": -7, "CLV_EDIVERGE": -8, "CLV_EIDENT": -9}
DOCUMENTED_FLAGS = {"CLV_MARGIN_END": 0, "CLV_MARGIN_START": 1, "CLV_CHURN_START": 0,
                    "CLV_CHURN_AVERAGE": 1, "CLV_CHURN_EXPOSED": 2,
                    "CLV_WOM_TOLD_SATISFIED": 5, "CLV_WOM_TOLD_DISSATISFIED": 10,
                    "CLV_VERSION_MAJOR": 1, "CLV_VERSION_MINOR": 0, "CLV_VERSION_PATCH": 0,
                    "CLV_VERSION_NUMBER": 10000,
                    "CLV_MAX_PARAMS": MAX_PARAMS, "CLV_FIT_EVALUATE": 1, "CLV_FIT_DONE": 0,
                    "CLV_MODEL_BGNBD": 1, "CLV_MODEL_PNBD": 2, "CLV_MODEL_MBGNBD": 3,
                    "CLV_MODEL_BGBB": 4, "CLV_MODEL_GG": 5, "CLV_MODEL_SBG": 6,
                    "CLV_BASS_NLS": 0, "CLV_BASS_ML": 1, "CLV_BASS_INTERVAL": 0,
                    "CLV_BASS_DENSITY": 1, "CLV_BASS_MIN_PERIODS": 4}

K = {name: constant(name) for name in STATUS_NAMES + tuple(DOCUMENTED_FLAGS)}
OK = K["CLV_OK"]
EINVAL = K["CLV_EINVAL"]
EDOM = K["CLV_EDOM"]
ERANGE = K["CLV_ERANGE"]
EDIVERGE = K["CLV_EDIVERGE"]
ENOCONV = K["CLV_ENOCONV"]
ECANCELED = K["CLV_ECANCELED"]
ESTRUCT = K["CLV_ESTRUCT"]
ENOMEM = K["CLV_ENOMEM"]
MODEL_BGNBD = K["CLV_MODEL_BGNBD"]
MODEL_SBG = K["CLV_MODEL_SBG"]
FIT_EVALUATE = K["CLV_FIT_EVALUATE"]
FIT_DONE = K["CLV_FIT_DONE"]
MARGIN_END = K["CLV_MARGIN_END"]
MARGIN_START = K["CLV_MARGIN_START"]
CHURN_START = K["CLV_CHURN_START"]
CHURN_AVERAGE = K["CLV_CHURN_AVERAGE"]
CHURN_EXPOSED = K["CLV_CHURN_EXPOSED"]
STATUS_NAME_OF = {K[n]: n for n in STATUS_NAMES}


# --------------------------------------------------------------------------------------------
# A minimal TAP harness
# --------------------------------------------------------------------------------------------

class Failure(Exception):
    pass


class Skip(Exception):
    pass


TESTS = []


def tap(name, todo=None):
    """Register a function as one TAP test point. `todo` marks a check of documented behaviour
    the library is known not to have yet: TAP "# TODO", so its failure is expected (and a
    pass, once the library is fixed, is reported as unexpected so the marker gets removed)."""
    def register(fn):
        TESTS.append((name, fn, todo))
        return fn
    return register


def check(condition, message):
    if not condition:
        raise Failure(message)


def status_name(status):
    return STATUS_NAME_OF.get(status, str(status))


def expect_status(status, expected, what):
    check(status == expected, "%s: status %s, expected %s"
          % (what, status_name(status), status_name(expected)))


def close(actual, expected, what, rel=1e-12, abs_tol=0.0):
    """actual == expected to a relative tolerance (infinities must match exactly)."""
    if math.isinf(expected) or math.isinf(actual):
        check(actual == expected, "%s: got %r, expected %r" % (what, actual, expected))
        return
    check(math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_tol),
          "%s: got %.17g, expected %.17g (rel tol %g)" % (what, actual, expected, rel))


def call_double(fn, *args):
    """Call fn(*args, &out); return (status, out)."""
    out = ctypes.c_double(SENTINEL)
    status = fn(*args, ctypes.byref(out))
    return status, out.value


def ok_double(fn, *args):
    status, value = call_double(fn, *args)
    expect_status(status, OK, "%s%r" % (fn.__name__, args))
    return value


def filled(struct_type, value=SENTINEL):
    s = struct_type()
    for field, _ in struct_type._fields_:
        setattr(s, field, value)
    return s


def untouched(struct, what):
    for field, _ in type(struct)._fields_:
        v = getattr(struct, field)
        check(v == SENTINEL, "%s: field %s was written (%r) by a failing call" % (what, field, v))


def fails_untouched(fn, args, expected, what):
    """fn(*args, &out) must return `expected` and leave out untouched."""
    status, value = call_double(fn, *args)
    expect_status(status, expected, what)
    check(value == SENTINEL, "%s: output written (%r) by a failing call" % (what, value))


def run():
    print("1..%d" % len(TESTS))
    failed = 0
    for number, (name, fn, todo) in enumerate(TESTS, 1):
        directive = " # TODO " + todo if todo else ""
        try:
            fn()
        except Skip as exc:
            print("ok %d - %s # SKIP %s" % (number, name, exc))
        except Failure as exc:
            failed += 0 if todo else 1
            print("not ok %d - %s%s" % (number, name, directive))
            for line in str(exc).splitlines():
                print("# " + line)
        except Exception:  # a bug in the test or a ctypes error: report, keep going
            failed += 1
            print("not ok %d - %s" % (number, name))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        else:
            print("ok %d - %s%s" % (number, name, directive))
        sys.stdout.flush()
    if failed:
        print("# %d of %d checks failed" % (failed, len(TESTS)))
    return 1 if failed else 0


# --------------------------------------------------------------------------------------------
# The headers, parsed: the mirrors and signatures above must agree with them
# --------------------------------------------------------------------------------------------

def header_source():
    texts = []
    for header in HEADERS:
        path = os.path.join(INCLUDE_DIR, header)
        if not os.path.isfile(path):
            raise Skip("public headers not found in %s (set CLV_INCLUDE_DIR)" % INCLUDE_DIR)
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    text = "\n".join(texts)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # comments
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"^\s*#[^\n]*", " ", text, flags=re.M)  # preprocessor lines
    return text


def normalise_type(c_type):
    """'const double  *' -> 'double *': one space between tokens, qualifiers dropped."""
    t = " ".join(c_type.replace("*", " * ").split())
    return re.sub(r"\bconst\b\s*", "", t).strip()


# The ctypes type of each scalar C type the public headers use.
SCALAR_CTYPES = {"double": c_double, "int": c_int, "size_t": c_size_t, "uint32_t": c_uint32,
                 "int32_t": ctypes.c_int32, "uint64_t": c_uint64}


def ctype_of(c_type):
    """The ctypes type for a C type written in a public header (FFI-plain types only)."""
    t = normalise_type(c_type)
    if t in SCALAR_CTYPES:
        return SCALAR_CTYPES[t]
    if t == "char *":
        return c_char_p
    if t == "void *":
        return c_void_p
    if t == "void":
        return None  # a function's return type only (ctypes' restype None)
    if t in FUNCTION_TYPEDEFS:
        return FUNCTION_TYPEDEFS[t]
    if t in STRUCTS:
        return STRUCTS[t]
    m = re.fullmatch(r"(\w+) \*", t)
    if m and m.group(1) in SCALAR_CTYPES:
        return ctypes.POINTER(SCALAR_CTYPES[m.group(1)])
    if m and m.group(1) in STRUCTS:
        return ctypes.POINTER(STRUCTS[m.group(1)])
    raise Failure("C type %r is not one the FFI conventions allow (or not mirrored here)"
                  % c_type)


def same_ctype(a, b):
    """Do two ctypes types denote the same C type? Arrays, pointers and function pointers are
    compared by structure, not by the identity of the (possibly re-created) ctypes class."""
    if a is b:
        return True
    if not (isinstance(a, type) and isinstance(b, type)):
        return False
    if issubclass(a, ctypes.Array) and issubclass(b, ctypes.Array):
        return a._length_ == b._length_ and same_ctype(a._type_, b._type_)
    if issubclass(a, ctypes._Pointer) and issubclass(b, ctypes._Pointer):
        return same_ctype(a._type_, b._type_)
    if issubclass(a, ctypes._CFuncPtr) and issubclass(b, ctypes._CFuncPtr):
        return (a._flags_ == b._flags_ and same_ctype(a._restype_, b._restype_)
                and len(a._argtypes_) == len(b._argtypes_)
                and all(same_ctype(x, y) for x, y in zip(a._argtypes_, b._argtypes_)))
    return False


def ctype_name(t):
    if isinstance(t, type) and issubclass(t, ctypes.Array):
        return "%s[%d]" % (ctype_name(t._type_), t._length_)
    if isinstance(t, type) and issubclass(t, ctypes._Pointer):
        return "%s *" % ctype_name(t._type_)
    return getattr(t, "__name__", repr(t))


def parse_declarator(text, what):
    """'const double *params' -> ('const double *', 'params', None);
    'double start[CLV_MAX_PARAMS]' -> ('double', 'start', 'CLV_MAX_PARAMS')."""
    text = " ".join(text.split())
    m = re.fullmatch(r"(.*?[\s*])(\w+)\s*(?:\[([^\]]+)\])?", text)
    check(m is not None, "cannot parse %r of %s" % (text, what))
    return m.group(1).strip(), m.group(2), m.group(3)


def parse_parameters(params, what):
    """The C types of a parameter list ('void' -> [])."""
    params = params.strip()
    if params == "void":
        return []
    types = []
    for p in params.split(","):
        c_type, _, dim = parse_declarator(p, what)
        check(dim is None, "array parameter %r of %s" % (p, what))
        types.append(c_type)
    return types


def header_functions():
    """name -> (return C type, [parameter C types]) for every CLV_API declaration."""
    decls = {}
    for m in re.finditer(r"\bCLV_API\s+([^;(){}]*?)\b(clv_\w+)\s*\(([^)]*)\)\s*;",
                         header_source()):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
        decls[name] = (ret, parse_parameters(params, name))
    return decls


def header_function_typedefs():
    """name -> (return C type, [parameter C types]) for every function-pointer typedef."""
    decls = {}
    for m in re.finditer(r"\btypedef\s+([^;(){}]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([^)]*)\)\s*;",
                         header_source()):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
        decls[name] = (ret, parse_parameters(params, name))
    return decls


def header_structs():
    """name -> [(member, C type, array length expression or None)] for every typedef struct."""
    found = {}
    for m in re.finditer(r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", header_source(),
                         flags=re.S):
        tag, body, name = m.groups()
        check(tag == name, "typedef struct %s ... %s: tag and name differ" % (tag, name))
        members = []
        for member in body.split(";"):
            if member.strip():
                c_type, member_name, bound = parse_declarator(member, "struct " + name)
                members.append((member_name, c_type, bound))
        found[name] = members
    return found


def array_length(expr, macros):
    """The value of an array bound such as 'CLV_MAX_PARAMS * CLV_MAX_PARAMS' or '640'."""
    def macro(m):
        check(m.group(0) in macros, "array bound %r: unknown macro %s" % (expr, m.group(0)))
        return str(int(macros[m.group(0)]))
    arithmetic = re.sub(r"\bCLV_\w+\b", macro, expr)
    check(re.fullmatch(r"[0-9\s()*+-]+", arithmetic) is not None,
          "array bound %r is not integer arithmetic on macros" % expr)
    return int(eval(arithmetic, {"__builtins__": {}}, {}))  # digits and + - * ( ) only


# Size and alignment in bytes of the header's C types on x86-64 (System V psABI, LP64):
# natural alignment, every pointer (including a function pointer) 8 bytes.
C_SCALAR_LAYOUT = {"double": (8, 8), "int": (4, 4), "uint32_t": (4, 4), "int32_t": (4, 4),
                   "uint64_t": (8, 8), "size_t": (8, 8)}
C_POINTER_LAYOUT = (8, 8)


def c_layout(members, structs=None, function_typedefs=(), macros=None):
    """The C layout of a struct from its members [(name, C type, array bound or None)]:
    ({member: (offset, size)}, sizeof, alignof), with natural alignment as on x86-64. Computed
    from the C type names alone, independently of ctypes."""
    structs = structs or {}
    macros = macros or {}

    def size_align(c_type):
        t = normalise_type(c_type)
        if t.endswith("*") or t in function_typedefs:
            return C_POINTER_LAYOUT
        if t in C_SCALAR_LAYOUT:
            return C_SCALAR_LAYOUT[t]
        if t in structs:
            _, size, align = c_layout(structs[t], structs, function_typedefs, macros)
            return size, align
        raise Failure("no x86-64 layout known for C type %r" % c_type)

    offset, struct_align, fields = 0, 1, {}
    for name, c_type, bound in members:
        size, align = size_align(c_type)
        if bound is not None:
            size *= array_length(bound, macros)
        offset = (offset + align - 1) // align * align
        fields[name] = (offset, size)
        offset += size
        struct_align = max(struct_align, align)
    return fields, (offset + struct_align - 1) // struct_align * struct_align, struct_align


def layout_problems(c_name, mirror, members, structs, function_typedefs, macros):
    """How ctypes' layout of `mirror` differs from the C layout of the header's `members`."""
    fields, size, align = c_layout(members, structs, function_typedefs, macros)
    problems = []
    names = [f for f, _ in mirror._fields_]
    if names != [name for name, _, _ in members]:
        problems.append("%s: members %s in the header, %s in the mirror"
                        % (c_name, [name for name, _, _ in members], names))
    if ctypes.sizeof(mirror) != size:
        problems.append("sizeof(%s) = %d from the header's types, ctypes.sizeof(mirror) = %d"
                        % (c_name, size, ctypes.sizeof(mirror)))
    if ctypes.alignment(mirror) != align:
        problems.append("_Alignof(%s) = %d from the header's types, ctypes.alignment = %d"
                        % (c_name, align, ctypes.alignment(mirror)))
    for name in names:
        if name in fields:
            descriptor = getattr(mirror, name)
            if (descriptor.offset, descriptor.size) != fields[name]:
                problems.append("%s.%s: offset/size %r from the header, %r in the mirror"
                                % (c_name, name, fields[name],
                                   (descriptor.offset, descriptor.size)))
    return problems


def require_x86_64_layout():
    if ctypes.sizeof(c_void_p) != 8 or ctypes.sizeof(c_size_t) != 8 \
            or ctypes.alignment(c_double) != 8 or ctypes.alignment(c_uint64) != 8:
        raise Skip("the layout table is that of x86-64 (LP64, natural alignment)")


@tap("every function the headers declare has a ctypes signature, and the ABI map agrees")
def test_function_set():
    declared = set(header_functions())
    ours = set(SIGNATURES)
    check(declared == ours, "declared in headers but not here: %s; here but not declared: %s"
          % (sorted(declared - ours), sorted(ours - declared)))
    if os.path.isfile(MAP_FILE):
        with open(MAP_FILE, encoding="utf-8") as f:
            text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
        exported = set(re.findall(r"\b(clv_\w+)\s*;", text))
        check(exported == ours, "lib/libclv.map exports %s; headers declare %s"
              % (sorted(exported), sorted(ours)))


@tap("argtypes, restype and callback prototypes agree with the header declarations")
def test_signatures_match_headers():
    problems = []
    for name, (ret, params) in sorted(header_functions().items()):
        restype, argtypes = SIGNATURES[name]
        if not same_ctype(ctype_of(ret), restype):
            problems.append("%s returns %s, restype here %s" % (name, ret, ctype_name(restype)))
        want = [ctype_of(p) for p in params]
        if len(want) != len(argtypes) or not all(same_ctype(a, b) for a, b in zip(want, argtypes)):
            problems.append("%s(%s): argtypes here (%s)" % (
                name, ", ".join(params), ", ".join(ctype_name(a) for a in argtypes)))
        fn = getattr(lib, name)
        if fn.argtypes != argtypes or fn.restype is not restype:
            problems.append("%s: signature not installed on the library function" % name)
    typedefs = header_function_typedefs()
    if set(typedefs) != set(FUNCTION_TYPEDEFS):
        problems.append("function-pointer typedefs: %s in the headers, %s here"
                        % (sorted(typedefs), sorted(FUNCTION_TYPEDEFS)))
    for name, (ret, params) in sorted(typedefs.items()):
        if name not in FUNCTION_TYPEDEFS:
            continue
        fn_type = FUNCTION_TYPEDEFS[name]
        want = [ctype_of(p) for p in params]
        if (not same_ctype(ctype_of(ret), fn_type._restype_) or len(want) != len(fn_type._argtypes_)
                or not all(same_ctype(a, b) for a, b in zip(want, fn_type._argtypes_))
                or fn_type._flags_ != ctypes.CFUNCTYPE(c_int)._flags_):
            problems.append("typedef %s (*%s)(%s): CFUNCTYPE here returns %s, takes (%s)" % (
                ret, name, ", ".join(params), ctype_name(fn_type._restype_),
                ", ".join(ctype_name(a) for a in fn_type._argtypes_)))
    check(not problems, "signatures differ from the headers:\n" + "\n".join(problems))


@tap("struct mirrors: field names, order, types and array lengths as in the headers")
def test_struct_layout_matches_headers():
    found = header_structs()
    macros = header_macros()
    check(set(found) == set(STRUCTS), "headers declare structs %s; mirrored here: %s"
          % (sorted(found), sorted(STRUCTS)))
    problems = []
    for name, mirror in STRUCTS.items():
        want = []
        for member, c_type, bound in found[name]:
            t = ctype_of(c_type)
            if bound is not None:
                t = t * array_length(bound, macros)
            want.append((member, t))
        ours = list(mirror._fields_)
        if len(ours) != len(want) or any(
                a[0] != b[0] or not same_ctype(a[1], b[1]) for a, b in zip(ours, want)):
            problems.append("%s: header has %s, mirror has %s" % (
                name, [(f, ctype_name(t)) for f, t in want], [(f, ctype_name(t)) for f, t in ours]))
    check(not problems, "\n".join(problems))


@tap("the layout check itself: hand-computed layouts, and wrong mirrors are caught")
def test_layout_check_controls():
    require_x86_64_layout()
    # Hand-computed C layouts (natural alignment): padding inside and at the end.
    check(c_layout([("a", "uint32_t", None), ("b", "double", None)])[1:] == (16, 8),
          "{uint32_t; double}: 4 + 4 padding + 8")
    check(c_layout([("a", "double", None), ("b", "uint32_t", None)])[1:] == (16, 8),
          "{double; uint32_t}: 8 + 4 + 4 tail padding")
    check(c_layout([("a", "uint32_t", None)] * 3)[1:] == (12, 4), "{uint32_t x 3}: 12, align 4")
    check(c_layout([("a", "uint32_t", None), ("f", "clv_progress_fn", None)],
                   function_typedefs={"clv_progress_fn"})[0]["f"] == (8, 8),
          "a function pointer after a uint32_t sits at 8")
    check(c_layout([("v", "double", "CLV_MAX_PARAMS * CLV_MAX_PARAMS")],
                   macros={"CLV_MAX_PARAMS": 8})[1] == 512, "double[8 * 8] = 512 bytes")
    # Mirrors with a plausible mistake must be reported.
    members = header_structs()["clv_rfm_options"]
    macros = header_macros()

    class WideSize(ctypes.Structure):  # struct_size as uint64_t: everything after shifts
        _fields_ = [("struct_size", c_uint64), ("reserved", c_uint32), ("period", c_double),
                    ("calibration_end", c_double), ("holdout_end", c_double)]

    class NoReserved(ctypes.Structure):  # the reserved word forgotten
        _fields_ = [("struct_size", c_uint32), ("period", c_double),
                    ("calibration_end", c_double), ("holdout_end", c_double)]

    class AllDoubles(ctypes.Structure):  # the old "n doubles" assumption
        _fields_ = [(name, c_double) for name, _, _ in members]

    fn_types = set(header_function_typedefs())
    check(layout_problems("clv_rfm_options", RfmOptions, members, {}, fn_types, macros) == [],
          "the real mirror must pass")
    for wrong in (WideSize, NoReserved, AllDoubles):
        check(layout_problems("clv_rfm_options", wrong, members, {}, fn_types, macros) != [],
              "the layout check did not catch the wrong mirror %s" % wrong.__name__)


def _layout_test(c_name):
    def test():
        require_x86_64_layout()
        structs = header_structs()
        check(c_name in structs, "%s is not declared in the headers" % c_name)
        problems = layout_problems(c_name, STRUCTS[c_name], structs[c_name], structs,
                                   set(header_function_typedefs()), header_macros())
        check(not problems, "\n".join(problems))
    return test


for _c_name in STRUCTS:
    tap("ctypes.sizeof(%s) and field offsets == the x86-64 layout of the header's member types"
        % _c_name)(_layout_test(_c_name))


# --------------------------------------------------------------------------------------------
# clv.h: version, status codes, constants
# --------------------------------------------------------------------------------------------

@tap("clv_version() == 10000 == CLV_VERSION_NUMBER")
def test_version():
    v = lib.clv_version()
    check(v == 10000, "clv_version() = %r, expected 10000 (1.0.0)" % v)
    check(v == K["CLV_VERSION_NUMBER"], "clv_version() %r != CLV_VERSION_NUMBER %r"
          % (v, K["CLV_VERSION_NUMBER"]))
    check(v == K["CLV_VERSION_MAJOR"] * 10000 + K["CLV_VERSION_MINOR"] * 100
          + K["CLV_VERSION_PATCH"], "version number does not match major/minor/patch")


@tap("clv_version_string() == b'1.0.0' and matches the version macros")
def test_version_string():
    s = lib.clv_version_string()
    check(s == b"1.0.0", "clv_version_string() = %r" % (s,))
    check(s == ("%d.%d.%d" % (K["CLV_VERSION_MAJOR"], K["CLV_VERSION_MINOR"],
                              K["CLV_VERSION_PATCH"])).encode(), "string does not match macros")


@tap("clv_constant: status codes and flags have their documented values")
def test_constant_values():
    for name, expected in list(DOCUMENTED_STATUS.items()) + list(DOCUMENTED_FLAGS.items()):
        value = ctypes.c_double(SENTINEL)
        status = lib.clv_constant(name.encode(), ctypes.byref(value))
        check(status == 0, "clv_constant(%r) returned %d" % (name, status))
        check(value.value == expected, "%s = %r, documented %r" % (name, value.value, expected))
    check(len({K[n] for n in STATUS_NAMES}) == len(STATUS_NAMES), "status codes not distinct")
    check(all(K[n] < 0 for n in STATUS_NAMES if n != "CLV_OK"), "an error code is not negative")


@tap("clv_constant: unknown name or null pointer -> CLV_EINVAL, value untouched")
def test_constant_errors():
    fails_untouched(lib.clv_constant, (b"CLV_NO_SUCH_CONSTANT",), EINVAL, "unknown name")
    fails_untouched(lib.clv_constant, (b"clv_edom",), EINVAL, "wrong case")
    fails_untouched(lib.clv_constant, (b"",), EINVAL, "empty name")
    fails_untouched(lib.clv_constant, (None,), EINVAL, "null name")
    expect_status(lib.clv_constant(b"CLV_EDOM", None), EINVAL, "null value")
    check(EINVAL == -1, "CLV_EINVAL should be -1")


def header_macros():
    """Every numeric #define CLV_... of the public headers, with its value as C reads it."""
    macros = {}
    pattern = re.compile(r"^\s*#define\s+(CLV_[A-Z0-9_]+)\s+\(?\s*(-?[0-9][0-9.eE+-]*)\s*\)?\s*$")
    for header in HEADERS:
        path = os.path.join(INCLUDE_DIR, header)
        if not os.path.isfile(path):
            raise Skip("public headers not found in %s (set CLV_INCLUDE_DIR)" % INCLUDE_DIR)
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = pattern.match(line)
                if m:
                    macros[m.group(1)] = float(m.group(2))
    return macros


@tap("clv_constant knows every numeric CLV_ macro of the headers, with the header's value")
def test_constant_covers_every_macro():
    macros = header_macros()
    check(len(macros) >= 20, "found only %d numeric macros in the headers" % len(macros))
    for name, expected in sorted(macros.items()):
        value = ctypes.c_double(SENTINEL)
        status = lib.clv_constant(name.encode(), ctypes.byref(value))
        check(status == 0, "clv_constant(%r) does not know this header macro" % name)
        check(value.value == expected, "%s = %r, header says %r" % (name, value.value, expected))


@tap("clv_strerror: a non-empty, distinct message per status; 'unknown status' otherwise")
def test_strerror():
    messages = {}
    for name in STATUS_NAMES:
        msg = lib.clv_strerror(K[name])
        check(isinstance(msg, bytes) and len(msg) > 0, "clv_strerror(%s) = %r" % (name, msg))
        check(msg != b"unknown status", "clv_strerror(%s) is 'unknown status'" % name)
        messages[msg] = name
    check(len(messages) == len(STATUS_NAMES), "two status codes share a message")
    for bogus in (1, -10, 12345, -2**31):
        msg = lib.clv_strerror(bogus)
        check(msg == b"unknown status", "clv_strerror(%d) = %r" % (bogus, msg))


# --------------------------------------------------------------------------------------------
# clv.h: closed-form lifetime value
# --------------------------------------------------------------------------------------------

@tap("margin multiple r=0.8, d=0.1, infinite, end = 2.667 (Gupta & Lehmann 2003)")
def test_margin_multiple_published():
    m = ok_double(lib.clv_margin_multiple, 0.8, 0.1, INF, MARGIN_END)
    close(m, 0.8 / (1.1 - 0.8), "r/(1+d-r)")
    check(round(m, 3) == 2.667, "printed value 2.667, got %.6f" % m)
    m = ok_double(lib.clv_margin_multiple, 0.8, 0.1, INF, MARGIN_START)
    close(m, 1.1 / (1.1 - 0.8), "(1+d)/(1+d-r), margin now")


@tap("margin multiple over a finite horizon equals the explicit sum of q^t")
def test_margin_multiple_finite():
    r, d = 0.9, 0.12
    q = r / (1 + d)
    for n in (1, 3, 10, 250):
        end = ok_double(lib.clv_margin_multiple, r, d, float(n), MARGIN_END)
        start = ok_double(lib.clv_margin_multiple, r, d, float(n), MARGIN_START)
        close(end, sum(q ** t for t in range(1, n + 1)), "end-of-period, N=%d" % n, rel=1e-13)
        close(start, sum(q ** t for t in range(0, n)), "start-of-period, N=%d" % n, rel=1e-13)
    close(ok_double(lib.clv_margin_multiple, r, d, 0.0, MARGIN_END), 0.0, "N=0")
    close(ok_double(lib.clv_margin_multiple, 1.0, 0.0, 12.0, MARGIN_END), 12.0, "r=1, d=0, N=12")


@tap("clv_retention_value = margin x multiple; r=1, d=0, infinite -> CLV_EDIVERGE")
def test_retention_value():
    v = ok_double(lib.clv_retention_value, 150.0, 0.8, 0.1, INF, MARGIN_END)
    close(v, 150.0 * 0.8 / 0.3, "150 x 2.667")
    v = ok_double(lib.clv_retention_value, -40.0, 0.75, 0.05, 4.0, MARGIN_START)
    q = 0.75 / 1.05
    close(v, -40.0 * (1 + q + q * q + q ** 3), "negative margin, 4 margins from now")
    fails_untouched(lib.clv_retention_value, (100.0, 1.0, 0.0, INF, MARGIN_END), EDIVERGE,
                    "r=1, d=0, infinite horizon")
    close(ok_double(lib.clv_retention_value, 100.0, 1.0, 0.0, 7.0, MARGIN_START), 700.0,
          "r=1, d=0, finite horizon")


@tap("clv_simple_value, clv_cac, clv_ltv_cac_ratio by hand arithmetic")
def test_simple_cac_ratio():
    close(ok_double(lib.clv_simple_value, 20.0, 2.0, 5.0), 200.0, "20 x 2 x 5")
    close(ok_double(lib.clv_simple_value, -3.5, 4.0, 6.0), -84.0, "loss-making customer")
    close(ok_double(lib.clv_cac, 5000.0, 125.0), 40.0, "5000 / 125")
    close(ok_double(lib.clv_cac, 0.0, 10.0), 0.0, "no spend")
    close(ok_double(lib.clv_ltv_cac_ratio, 120.0, 40.0), 3.0, "120 / 40")
    fails_untouched(lib.clv_cac, (5000.0, 0.0), EDOM, "zero new customers")
    fails_untouched(lib.clv_ltv_cac_ratio, (120.0, 0.0), EDOM, "cac 0")
    fails_untouched(lib.clv_simple_value, (1e200, 1e200, 1.0), ERANGE, "overflowing product")


@tap("clv_payback_periods solves V(n) = cac (end, start, q=1, never, cac 0)")
def test_payback():
    cac, m, r, d = 150.0, 100.0, 0.8, 0.1
    q = r / (1 + d)
    n = ok_double(lib.clv_payback_periods, cac, m, r, d, MARGIN_END)
    close(m * q * (1 - q ** n) / (1 - q), cac, "V(n) at the returned n, end", rel=1e-12)
    close(n, math.log(1 - cac * (1 - q) / (m * q)) / math.log(q), "closed form, end")
    n = ok_double(lib.clv_payback_periods, cac, m, r, d, MARGIN_START)
    close(m * (1 - q ** n) / (1 - q), cac, "V(n) at the returned n, start", rel=1e-12)
    close(ok_double(lib.clv_payback_periods, 250.0, 50.0, 1.0, 0.0, MARGIN_END), 5.0, "q=1")
    close(ok_double(lib.clv_payback_periods, 300.0, 100.0, 0.8, 0.1, MARGIN_END), INF,
          "cac above the infinite-horizon CLV 266.7")
    close(ok_double(lib.clv_payback_periods, 0.0, 100.0, 0.8, 0.1, MARGIN_END), 0.0, "cac 0")
    close(ok_double(lib.clv_payback_periods, 50.0, 100.0, 0.0, 0.1, MARGIN_START), 0.5,
          "r=0, start: only the first margin")
    close(ok_double(lib.clv_payback_periods, 50.0, 100.0, 0.0, 0.1, MARGIN_END), INF,
          "r=0, end: no margin ever")


@tap("clv_discount_rate_convert: annual 10% -> monthly 0.797%")
def test_discount_convert():
    monthly = ok_double(lib.clv_discount_rate_convert, 0.10, 12.0, 1.0)
    close(monthly, 1.1 ** (1 / 12) - 1, "1.1^(1/12) - 1")
    check(round(monthly * 100, 3) == 0.797, "documented 0.797%%, got %.5f%%" % (monthly * 100))
    close(ok_double(lib.clv_discount_rate_convert, monthly, 1.0, 12.0), 0.10, "round trip",
          rel=1e-13)
    fails_untouched(lib.clv_discount_rate_convert, (-1.0, 12.0, 1.0), EDOM, "rate -1")


@tap("clv.h errors: NaN -> CLV_EDOM, bad flag/horizon/null -> CLV_EINVAL, output untouched")
def test_clv_errors():
    fails_untouched(lib.clv_margin_multiple, (NAN, 0.1, INF, MARGIN_END), EDOM, "NaN retention")
    fails_untouched(lib.clv_retention_value, (NAN, 0.8, 0.1, INF, MARGIN_END), EDOM, "NaN margin")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, NAN, INF, MARGIN_END), EDOM, "NaN rate")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, 0.1, NAN, MARGIN_END), EDOM, "NaN horizon")
    fails_untouched(lib.clv_retention_value, (1.0, 1.2, 0.1, INF, MARGIN_END), EDOM, "r > 1")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, -0.1, INF, MARGIN_END), EDOM, "d < 0")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, 0.1, -3.0, MARGIN_END), EDOM, "N < 0")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, 0.1, 2.5, MARGIN_END), EINVAL,
                    "non-integer horizon")
    bad_flag = max(MARGIN_END, MARGIN_START) + 5
    fails_untouched(lib.clv_margin_multiple, (0.8, 0.1, INF, bad_flag), EINVAL, "unknown timing")
    fails_untouched(lib.clv_payback_periods, (1.0, 1.0, 0.8, 0.1, bad_flag), EINVAL,
                    "payback, unknown timing")
    fails_untouched(lib.clv_payback_periods, (1.0, 0.0, 0.8, 0.1, MARGIN_END), EDOM, "margin 0")
    fails_untouched(lib.clv_simple_value, (INF, 1.0, 1.0), EDOM, "infinite margin")
    for fn, args in ((lib.clv_simple_value, (1.0, 1.0, 1.0)),
                     (lib.clv_retention_value, (1.0, 0.8, 0.1, INF, MARGIN_END)),
                     (lib.clv_margin_multiple, (0.8, 0.1, INF, MARGIN_END)),
                     (lib.clv_cac, (1.0, 1.0)),
                     (lib.clv_ltv_cac_ratio, (1.0, 1.0)),
                     (lib.clv_payback_periods, (1.0, 1.0, 0.8, 0.1, MARGIN_END)),
                     (lib.clv_discount_rate_convert, (0.1, 12.0, 1.0))):
        expect_status(fn(*args, None), EINVAL, "%s with a null output" % fn.__name__)


# --------------------------------------------------------------------------------------------
# churn.h
# --------------------------------------------------------------------------------------------

@tap("clv_retention_gain 0.80 -> 0.85 at d=0.1: +27.5% (Gupta & Lehmann 2003)")
def test_retention_gain_published():
    effect = filled(RetentionEffect)
    st = lib.clv_retention_gain(100.0, 0.80, 0.10, 0.05, INF, MARGIN_END, ctypes.byref(effect))
    expect_status(st, OK, "clv_retention_gain")
    close(effect.value_before, 100 * 0.80 / 0.30, "value_before = 266.67")
    close(effect.value_after, 100 * 0.85 / 0.25, "value_after = 340")
    close(effect.value_change, 340.0 - 800.0 / 3.0, "value_change = 73.33", rel=1e-12)
    close(effect.relative_change, 0.275, "relative_change", rel=1e-12)
    check(round(effect.relative_change, 3) == 0.275, "published +27.5%")


@tap("clv_retention_gain: a loss of retention, start timing, finite horizon")
def test_retention_gain_other():
    effect = filled(RetentionEffect)
    st = lib.clv_retention_gain(50.0, 0.9, 0.08, -0.1, 5.0, MARGIN_START, ctypes.byref(effect))
    expect_status(st, OK, "clv_retention_gain")

    def start_value(r):
        q = r / 1.08
        return 50.0 * sum(q ** t for t in range(5))
    before, after = start_value(0.9), start_value(0.8)
    close(effect.value_before, before, "value_before", rel=1e-13)
    close(effect.value_after, after, "value_after", rel=1e-13)
    close(effect.value_change, after - before, "value_change", rel=1e-12)
    close(effect.relative_change, (after - before) / before, "relative_change", rel=1e-12)
    check(effect.relative_change < 0, "a loss of retention must lower the value")


@tap("clv_churn_convert(0.02, 1, 12) = 1 - 0.98^12 (monthly 2% = annual 21.53%)")
def test_churn_convert():
    annual = ok_double(lib.clv_churn_convert, 0.02, 1.0, 12.0)
    close(annual, 1 - 0.98 ** 12, "1 - 0.98^12", rel=1e-14)
    check(round(annual * 100, 2) == 21.53, "documented 21.53%%, got %.4f%%" % (annual * 100))
    close(ok_double(lib.clv_churn_convert, annual, 12.0, 1.0), 0.02, "round trip", rel=1e-13)
    close(ok_double(lib.clv_churn_convert, 1.0, 1.0, 12.0), 1.0, "churn 1 stays 1")
    close(ok_double(lib.clv_churn_convert, 1e-12, 1.0, 12.0), -math.expm1(12 * math.log1p(-1e-12)),
          "tiny churn keeps its digits", rel=1e-14)


@tap("clv_retention_convert(0.98, 1, 12) = 0.98^12, consistent with clv_churn_convert")
def test_retention_convert():
    annual = ok_double(lib.clv_retention_convert, 0.98, 1.0, 12.0)
    close(annual, 0.98 ** 12, "0.98^12", rel=1e-14)
    close(annual, 1 - ok_double(lib.clv_churn_convert, 0.02, 1.0, 12.0), "1 - churn", rel=1e-13)
    close(ok_double(lib.clv_retention_convert, 0.81, 2.0, 1.0), 0.9, "0.81 per 2 periods")


@tap("clv_churn_rate with the three denominators (start, average, exposed)")
def test_churn_rate():
    def rate(start, lost, new, method):
        churn, retention = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
        st = lib.clv_churn_rate(start, lost, new, method, ctypes.byref(churn),
                                ctypes.byref(retention))
        expect_status(st, OK, "clv_churn_rate(%r, %r, %r, %r)" % (start, lost, new, method))
        close(retention.value, 1.0 - churn.value, "retention = 1 - churn", rel=1e-15)
        return churn.value
    close(rate(200.0, 10.0, 40.0, CHURN_START), 10.0 / 200.0, "lost / start")
    close(rate(200.0, 10.0, 40.0, CHURN_AVERAGE), 10.0 / 215.0, "lost / ((200 + 230) / 2)")
    close(rate(200.0, 10.0, 40.0, CHURN_EXPOSED), 10.0 / 240.0, "lost / (start + new)")
    close(rate(200.0, 0.0, 0.0, CHURN_START), 0.0, "nobody lost")
    close(rate(200.0, 200.0, 0.0, CHURN_START), 1.0, "everybody lost")


@tap("clv_expected_lifetime = 1/c and clv_median_lifetime = log 2 / -log(1-c)")
def test_lifetimes():
    close(ok_double(lib.clv_expected_lifetime, 0.2), 5.0, "1 / 0.2")
    close(ok_double(lib.clv_expected_lifetime, 0.0), INF, "no churn: infinite")
    close(ok_double(lib.clv_expected_lifetime, 1.0), 1.0, "churn 1: one period")
    close(ok_double(lib.clv_median_lifetime, 0.5), 1.0, "half gone after one period")
    close(ok_double(lib.clv_median_lifetime, 0.02), math.log(2) / -math.log1p(-0.02), "c = 0.02")
    close(ok_double(lib.clv_median_lifetime, 0.0), INF, "no churn: infinite")
    close(ok_double(lib.clv_median_lifetime, 1.0), 0.0, "churn 1: 0")


@tap("clv_churn_economics: the seven counts -> costs, by hand arithmetic")
def test_churn_economics():
    counts = ChurnCounts(churned_customers=10.0, purchase_new=50.0, purchase_loyal=80.0,
                         loyal_periods=24.0, profit_loyal=20.0, acquisition_spend=10000.0,
                         new_customers=200.0, rework_cost=1500.0)
    costs = filled(ChurnCosts)
    expect_status(lib.clv_churn_economics(ctypes.byref(counts), ctypes.byref(costs)), OK,
                  "clv_churn_economics")
    expected = {"cac": 50.0,                          # 10000 / 200
                "loyal_lifetime_value": 480.0,        # 20 x 24
                "lost_lifetime_value": 4800.0,        # 10 x 480
                "lost_revenue": 19200.0,              # 10 x 80 x 24
                "replacement_cost": 500.0,            # 10 x 50
                "revenue_gap": 300.0,                 # 10 x (80 - 50)
                "cost_of_churn": 6800.0,              # 4800 + 500 + 1500
                "breakeven_retention_spend": 680.0}   # 480 + 50 + 1500 / 10
    for field, value in expected.items():
        close(getattr(costs, field), value, field)
    # No churned customers: no rework share, and the gap turns on new customers spending more.
    counts.churned_customers = 0.0
    counts.purchase_new = 90.0
    costs = filled(ChurnCosts)
    expect_status(lib.clv_churn_economics(ctypes.byref(counts), ctypes.byref(costs)), OK, "n=0")
    close(costs.breakeven_retention_spend, 530.0, "n = 0: loyal value + cac")
    close(costs.cost_of_churn, 1500.0, "n = 0: rework only")
    check(costs.revenue_gap == 0.0, "n = 0: revenue_gap %r" % costs.revenue_gap)


def doubles(values):
    return (c_double * len(values))(*values)


@tap("clv_markov_*: 2-state chain by hand (10/7, 2/7), recency chain, errors untouched")
def test_markov():
    size = ctypes.c_size_t(0)
    expect_status(lib.clv_markov_workspace_size(2, ctypes.byref(size)), OK, "workspace size")
    check(size.value == 8, "workspace for 2 states: %d, expected 2 x 4" % size.value)
    work = (c_double * size.value)()
    # P = [[1/2, 1/2], [1/4, 3/4]], R = [1, 0], d = 1: V0 = 1 + (V0 + V1)/4, V1 = (V0 + 3 V1)/8
    # => V = [10/7, 2/7]; over T = 1: [1 + 1/4, 1/8].
    P = doubles([0.5, 0.5, 0.25, 0.75])
    R = doubles([1.0, 0.0])
    v = doubles([SENTINEL, SENTINEL])
    expect_status(lib.clv_markov_value(P, R, 2, 1.0, INF, work, size.value, v), OK, "infinite")
    close(v[0], 10.0 / 7.0, "V0")
    close(v[1], 2.0 / 7.0, "V1")
    expect_status(lib.clv_markov_value(P, R, 2, 1.0, 1.0, work, size.value, v), OK, "T = 1")
    check(list(v) == [1.25, 0.125], "T = 1: %r" % list(v))
    # Recency chain of Pfeifer & Carraway's shape: R = [40 - 4, -4, 0].
    chain_P = doubles([SENTINEL] * 9)
    chain_R = doubles([SENTINEL] * 3)
    expect_status(lib.clv_markov_recency_chain(doubles([0.3, 0.2, 0.0]), 3, 40.0,
                                               doubles([4.0, 4.0, 0.0]), chain_P, chain_R),
                  OK, "recency chain")
    check(list(chain_P) == [0.3, 0.7, 0.0, 0.2, 0.0, 0.8, 0.0, 0.0, 1.0],
          "P = %r" % list(chain_P))
    check(list(chain_R) == [36.0, -4.0, 0.0], "R = %r" % list(chain_R))
    # Errors leave the output untouched.
    v = doubles([SENTINEL, SENTINEL])
    expect_status(lib.clv_markov_value(P, R, 2, 0.0, INF, work, size.value, v), EDIVERGE,
                  "d = 0, no horizon")
    expect_status(lib.clv_markov_value(doubles([0.5, 0.6, 0.25, 0.75]), R, 2, 0.1, INF, work,
                                       size.value, v), EDOM, "row sums to 1.1")
    expect_status(lib.clv_markov_value(P, doubles([NAN, 0.0]), 2, 0.1, 3.0, work, size.value,
                                       v), EDOM, "NaN reward")
    expect_status(lib.clv_markov_value(P, R, 2, 0.1, INF, work, 7, v), EINVAL, "workspace 7")
    check(list(v) == [SENTINEL, SENTINEL], "output written by a failing call: %r" % list(v))


@tap("clv_churn_reason*: shares, value lost, halving a cause, the 5x ratio, by hand")
def test_churn_reasons():
    # Lost: service 50, treatment 10, price 10, moved 20, other 10 (100); CLV 200 each.
    lost = doubles([50.0, 10.0, 10.0, 20.0, 10.0])
    n = constant("CLV_CHURN_REASON_COUNT")
    reasons = (ChurnReason * n)()
    total = filled(ChurnReasonTotal)
    expect_status(lib.clv_churn_reasons(lost, None, n, 200.0, reasons, ctypes.byref(total)), OK,
                  "clv_churn_reasons")
    close(total.lost, 100.0, "total lost")
    close(total.value_lost, 20000.0, "100 x 200")
    service = reasons[constant("CLV_CHURN_REASON_SERVICE")]
    close(service.share, 0.5, "50 / 100")
    close(service.value_lost, 10000.0, "50 x 200")
    ratio = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_churn_reason_ratio(lost, n, constant("CLV_CHURN_REASON_SERVICE"),
                                             constant("CLV_CHURN_REASON_PRICE"),
                                             ctypes.byref(ratio)), OK, "ratio")
    close(ratio.value, 5.0, "service / price = 50 / 10")
    effect = filled(ChurnReasonEffect)
    expect_status(lib.clv_churn_reason_removal(lost, None, n, 200.0, 0, 0.5, 1000.0,
                                               ctypes.byref(effect)), OK, "halve service")
    close(effect.customers_kept, 25.0, "0.5 x 50")
    close(effect.value_saved, 5000.0, "25 x 200")
    close(effect.churn_before, 0.1, "100 / 1000")
    close(effect.churn_after, 0.075, "75 / 1000")
    effect = filled(ChurnReasonEffect)
    expect_status(lib.clv_churn_reason_removal(lost, None, n, 200.0, n, 0.5, 1000.0,
                                               ctypes.byref(effect)), EINVAL, "reason = n")
    untouched(effect, "reason out of range")


@tap("churn.h errors: NaN -> CLV_EDOM, null/unknown method -> CLV_EINVAL, outputs untouched")
def test_churn_errors():
    fails_untouched(lib.clv_churn_convert, (NAN, 1.0, 12.0), EDOM, "NaN churn")
    fails_untouched(lib.clv_churn_convert, (1.5, 1.0, 12.0), EDOM, "churn > 1")
    fails_untouched(lib.clv_churn_convert, (0.02, 0.0, 12.0), EDOM, "zero period length")
    fails_untouched(lib.clv_retention_convert, (0.9, 1.0, NAN), EDOM, "NaN length")
    fails_untouched(lib.clv_expected_lifetime, (NAN,), EDOM, "NaN churn, expected lifetime")
    fails_untouched(lib.clv_median_lifetime, (-0.1,), EDOM, "negative churn, median lifetime")
    for fn, args in ((lib.clv_churn_convert, (0.02, 1.0, 12.0)),
                     (lib.clv_retention_convert, (0.98, 1.0, 12.0)),
                     (lib.clv_expected_lifetime, (0.1,)),
                     (lib.clv_median_lifetime, (0.1,))):
        expect_status(fn(*args, None), EINVAL, "%s with a null output" % fn.__name__)

    def churn_rate_fails(args, expected, what):
        churn, retention = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
        st = lib.clv_churn_rate(*args, ctypes.byref(churn), ctypes.byref(retention))
        expect_status(st, expected, what)
        check(churn.value == SENTINEL and retention.value == SENTINEL,
              "%s: outputs written (%r, %r)" % (what, churn.value, retention.value))
    churn_rate_fails((NAN, 1.0, 0.0, CHURN_START), EDOM, "NaN start count")
    churn_rate_fails((10.0, 11.0, 5.0, CHURN_START), EDOM, "lost > start")
    churn_rate_fails((10.0, 10.0, 0.0, CHURN_AVERAGE), EDOM, "lost above the average count")
    churn_rate_fails((0.0, 0.0, 0.0, CHURN_EXPOSED), EDOM, "no customers")
    churn_rate_fails((10.0, 1.0, 0.0, max(CHURN_START, CHURN_AVERAGE, CHURN_EXPOSED) + 1),
                     EINVAL, "unknown method")
    churn = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_churn_rate(10.0, 1.0, 0.0, CHURN_START, ctypes.byref(churn), None),
                  EINVAL, "null retention output")
    check(churn.value == SENTINEL, "churn written although retention was null")


@tap("clv_retention_gain / clv_churn_economics errors leave the out-struct untouched")
def test_churn_struct_errors():
    def gain_fails(args, expected, what):
        effect = filled(RetentionEffect)
        expect_status(lib.clv_retention_gain(*args, ctypes.byref(effect)), expected, what)
        untouched(effect, what)
    gain_fails((100.0, NAN, 0.1, 0.05, INF, MARGIN_END), EDOM, "NaN retention")
    gain_fails((100.0, 0.8, 0.1, NAN, INF, MARGIN_END), EDOM, "NaN gain")
    gain_fails((0.0, 0.8, 0.1, 0.05, INF, MARGIN_END), EDOM, "zero margin")
    gain_fails((100.0, 0.97, 0.1, 0.05, INF, MARGIN_END), EDOM, "r + gain > 1")
    gain_fails((100.0, 0.0, 0.1, 0.05, INF, MARGIN_END), EDOM, "value before 0 (r=0, end)")
    gain_fails((100.0, 0.8, 0.1, 0.05, 0.0, MARGIN_END), EDOM, "value before 0 (horizon 0)")
    gain_fails((100.0, 0.95, 0.0, 0.05, INF, MARGIN_END), EDIVERGE, "r + gain = 1, d = 0")
    gain_fails((100.0, 0.8, 0.1, 0.05, 1.5, MARGIN_END), EINVAL, "non-integer horizon")
    gain_fails((100.0, 0.8, 0.1, 0.05, INF, MARGIN_START + 7), EINVAL, "unknown timing")
    expect_status(lib.clv_retention_gain(100.0, 0.8, 0.1, 0.05, INF, MARGIN_END, None), EINVAL,
                  "null effect")

    good = ChurnCounts(10.0, 50.0, 80.0, 24.0, 20.0, 10000.0, 200.0, 1500.0)
    for field, value, expected in (("profit_loyal", NAN, EDOM), ("rework_cost", -1.0, EDOM),
                                   ("new_customers", 0.0, EDOM), ("loyal_periods", INF, EDOM)):
        counts = ChurnCounts.from_buffer_copy(good)
        setattr(counts, field, value)
        costs = filled(ChurnCosts)
        expect_status(lib.clv_churn_economics(ctypes.byref(counts), ctypes.byref(costs)),
                      expected, "%s = %r" % (field, value))
        untouched(costs, "%s = %r" % (field, value))
    costs = filled(ChurnCosts)
    expect_status(lib.clv_churn_economics(None, ctypes.byref(costs)), EINVAL, "null counts")
    untouched(costs, "null counts")
    expect_status(lib.clv_churn_economics(ctypes.byref(good), None), EINVAL, "null costs")


# --------------------------------------------------------------------------------------------
# churn.h: the sBG contractual model
# --------------------------------------------------------------------------------------------

# Fader & Hardie (2007), Table 1: survivors of 1,000 customers, years 0-12.
SBG_REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
SBG_HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]


@tap("clv_sbg_fit_cohorts on years 1-7: regular 0.704, 1.182; high end 0.668, 3.806 "
     "(Fader & Hardie 2007)")
def test_sbg_fit_cohorts():
    for data, alpha, beta, ll in ((SBG_REGULAR, 0.704, 1.182, -1680.2651884632870),
                                  (SBG_HIGH_END, 0.668, 3.806, -1611.1581473911564)):
        alive = doubles(data[:8])
        cohort = SbgCohort(as_pointer(alive), 7, 0)
        est, report = SbgParams(SENTINEL, SENTINEL), FitReport()
        expect_status(lib.clv_sbg_fit_cohorts(ctypes.byref(cohort), 1, None, ctypes.byref(est),
                                              ctypes.byref(report)), OK, "clv_sbg_fit_cohorts")
        check(abs(est.alpha - alpha) <= 0.0005 and abs(est.beta - beta) <= 0.0005,
              "alpha, beta = %.6f, %.6f; published %g, %g" % (est.alpha, est.beta, alpha, beta))
        close(report.loglik, ll, "LL (mpmath maximum, tests/oracles/sbg_oracles.txt)", 1e-10)
        survivors = doubles([SENTINEL] * 13)
        expect_status(lib.clv_sbg_project(ctypes.byref(est), 1000.0, 13, as_pointer(survivors)),
                      OK, "clv_sbg_project")
        s12 = ok_double(lib.clv_sbg_survival, ctypes.byref(est), 12.0)
        close(survivors[12], 1000.0 * s12, "projection of year 12 = 1000 S(12)", 1e-13)


@tap("sBG: durations (weighted, censored) and survivor counts give the same LL; "
     "reverse communication from Python fits the same estimate")
def test_sbg_durations_and_reverse_communication():
    data = SBG_REGULAR[:8]
    dur = [float(t) for t in range(1, 8)] + [7.0]
    churned = [1] * 7 + [0]
    weight = [data[t - 1] - data[t] for t in range(1, 8)] + [data[7]]
    d_arr, c_arr, w_arr = doubles(dur), (ctypes.c_int32 * 8)(*churned), doubles(weight)
    table = SbgDurations(8, as_pointer(d_arr), ctypes.cast(c_arr, ctypes.POINTER(ctypes.c_int32)),
                         as_pointer(w_arr))
    alive = doubles(data)
    cohort = SbgCohort(as_pointer(alive), 7, 0)
    params = SbgParams(0.704, 1.182)
    ll1, ll2 = c_double(SENTINEL), c_double(SENTINEL)
    g1, g2 = doubles([0.0, 0.0]), doubles([0.0, 0.0])
    expect_status(lib.clv_sbg_loglik(ctypes.byref(params), ctypes.byref(table), ctypes.byref(ll1),
                                     as_pointer(g1)), OK, "clv_sbg_loglik")
    expect_status(lib.clv_sbg_loglik_cohorts(ctypes.byref(params), ctypes.byref(cohort), 1,
                                             ctypes.byref(ll2), as_pointer(g2)), OK,
                  "clv_sbg_loglik_cohorts")
    close(ll1.value, ll2.value, "LL durations vs cohort", 1e-12)
    # Reverse communication: the optimizer asks, Python evaluates, as a cluster driver would.
    state, n = FitState(), c_uint32(0)
    expect_status(lib.clv_fit_start(ctypes.byref(state), MODEL_SBG, None, ctypes.byref(n)), OK,
                  "clv_fit_start(CLV_MODEL_SBG)")
    check(n.value == 2, "sBG has 2 parameters, got %d" % n.value)
    point, request = doubles([0.0] * MAX_PARAMS), ctypes.c_int(-1)
    for _ in range(10000):
        expect_status(lib.clv_fit_next(ctypes.byref(state), as_pointer(point),
                                       ctypes.byref(request)), OK, "clv_fit_next")
        if request.value == FIT_DONE:
            break
        at = SbgParams(point[0], point[1])
        ll, g = c_double(0.0), doubles([0.0, 0.0])
        st = lib.clv_sbg_loglik(ctypes.byref(at), ctypes.byref(table), ctypes.byref(ll),
                                as_pointer(g))
        expect_status(lib.clv_fit_tell(ctypes.byref(state), ll.value if st == OK else -INF,
                                       as_pointer(g)), OK, "clv_fit_tell")
    est = doubles([0.0] * MAX_PARAMS)
    expect_status(lib.clv_fit_result(ctypes.byref(state), as_pointer(est), None), OK,
                  "clv_fit_result")
    one = SbgParams(SENTINEL, SENTINEL)
    expect_status(lib.clv_sbg_fit(ctypes.byref(table), None, ctypes.byref(one), None), OK,
                  "clv_sbg_fit")
    close(est[0], one.alpha, "alpha, reverse communication vs one call", 1e-12)
    close(est[1], one.beta, "beta, reverse communication vs one call", 1e-12)


@tap("sBG DEL, DERL, lifetime against mpmath; errors leave outputs untouched")
def test_sbg_values_and_errors():
    reg = SbgParams(0.704, 1.182)
    # tests/oracles/sbg_oracles.txt (mpmath, 50 digits).
    close(ok_double(lib.clv_sbg_del, ctypes.byref(reg), 0.1), 3.6951474055745740929, "DEL(10%)")
    close(ok_double(lib.clv_sbg_survival, ctypes.byref(reg), 7.0), 0.23905064169324441972,
          "S(7)")
    close(ok_double(lib.clv_sbg_churn_prob, ctypes.byref(reg), 2.0), 0.15288050919015924007,
          "P(T = 2)")
    close(ok_double(lib.clv_sbg_retention_rate, ctypes.byref(reg), 1.0), 1.182 / 1.886, "r(1)")
    close(ok_double(lib.clv_sbg_expected_lifetime, ctypes.byref(reg), 12.0),
          float(open(os.path.join(SOURCE_ROOT, "tests", "oracles", "sbg_oracles.txt"))
                .read().split("reg_life_12 = ")[1].split()[0]), "E[min(T, 12)]")
    derl0 = ok_double(lib.clv_sbg_derl, ctypes.byref(reg), 0.0, 0.1)
    close(1.0 + derl0 / 1.1, 3.6951474055745740929, "DEL = 1 + DERL(0 renewals)/(1+d)", 1e-13)
    fails_untouched(lib.clv_sbg_del, (ctypes.byref(reg), 0.0), EDIVERGE, "DEL(d=0), alpha < 1")
    fails_untouched(lib.clv_sbg_del, (ctypes.byref(reg), NAN), EDOM, "DEL(NaN)")
    fails_untouched(lib.clv_sbg_expected_lifetime, (ctypes.byref(reg), INF), EDIVERGE,
                    "E[T], alpha < 1")
    fails_untouched(lib.clv_sbg_survival, (ctypes.byref(reg), 2.5), EINVAL, "S(2.5)")
    fails_untouched(lib.clv_sbg_derl, (None, 1.0, 0.1), EINVAL, "DERL(null params)")
    fails_untouched(lib.clv_sbg_survival, (ctypes.byref(SbgParams(0.0, 1.0)), 1.0), EDOM,
                    "alpha = 0")
    increasing = doubles([100.0, 80.0, 90.0])
    cohort = SbgCohort(as_pointer(increasing), 2, 0)
    ll = c_double(SENTINEL)
    expect_status(lib.clv_sbg_loglik_cohorts(ctypes.byref(reg), ctypes.byref(cohort), 1,
                                             ctypes.byref(ll), None), EDOM, "increasing counts")
    check(ll.value == SENTINEL, "LL written by a failing call")


# --------------------------------------------------------------------------------------------
# referral.h: word of mouth
# --------------------------------------------------------------------------------------------

@tap("clv_wom_params_init: defaults 5 and 10 (= CLV_WOM_TOLD_*), rates 0")
def test_wom_init():
    params = filled(WomParams)
    expect_status(lib.clv_wom_params_init(ctypes.byref(params)), OK, "clv_wom_params_init")
    check(params.told_satisfied == 5.0, "told_satisfied = %r" % params.told_satisfied)
    check(params.told_dissatisfied == 10.0, "told_dissatisfied = %r" % params.told_dissatisfied)
    check(params.told_satisfied == K["CLV_WOM_TOLD_SATISFIED"], "CLV_WOM_TOLD_SATISFIED")
    check(params.told_dissatisfied == K["CLV_WOM_TOLD_DISSATISFIED"], "CLV_WOM_TOLD_DISSATISFIED")
    check(params.conversion == 0.0 and params.deterrence == 0.0,
          "rates = %r, %r" % (params.conversion, params.deterrence))
    expect_status(lib.clv_wom_params_init(None), EINVAL, "null params")


@tap("clv_wom_first_generation with the defaults and conversion 0.2, deterrence 0.1")
def test_wom_first_generation():
    params = WomParams()
    lib.clv_wom_params_init(ctypes.byref(params))
    params.conversion = 0.2
    params.deterrence = 0.1
    reach = filled(WomReach)
    st = lib.clv_wom_first_generation(ctypes.byref(params), 100.0, 20.0, 300.0,
                                      ctypes.byref(reach))
    expect_status(st, OK, "clv_wom_first_generation")
    expected = {"told_positive": 500.0,       # 100 satisfied x 5
                "told_negative": 200.0,       # 20 dissatisfied x 10
                "customers_won": 100.0,       # 500 x 0.2
                "customers_deterred": 20.0,   # 200 x 0.1
                "net_customers": 80.0,        # 100 - 20
                "value_won": 30000.0,         # 100 x 300
                "value_lost": 6000.0,         # 20 x 300
                "net_value": 24000.0}         # 30000 - 6000
    for field, value in expected.items():
        close(getattr(reach, field), value, field, rel=1e-14)


@tap("clv_wom_first_generation: bad word of mouth outweighs good (negative net)")
def test_wom_negative():
    params = WomParams(told_satisfied=3.0, told_dissatisfied=11.0, conversion=0.05,
                       deterrence=0.25)
    reach = filled(WomReach)
    st = lib.clv_wom_first_generation(ctypes.byref(params), 40.0, 8.0, -1.0 * 250.0,
                                      ctypes.byref(reach))
    expect_status(st, OK, "clv_wom_first_generation")
    close(reach.told_positive, 120.0, "40 x 3")
    close(reach.told_negative, 88.0, "8 x 11")
    close(reach.customers_won, 6.0, "120 x 0.05")
    close(reach.customers_deterred, 22.0, "88 x 0.25")
    close(reach.net_customers, -16.0, "6 - 22")
    close(reach.value_won, -1500.0, "6 x -250 (a loss-making customer)")
    close(reach.value_lost, -5500.0, "22 x -250")
    close(reach.net_value, 4000.0, "-1500 - -5500")


@tap("referral.h errors: NaN -> CLV_EDOM, null -> CLV_EINVAL, reach untouched")
def test_wom_errors():
    def fails(params, args, expected, what):
        reach = filled(WomReach)
        p = ctypes.byref(params) if params is not None else None
        expect_status(lib.clv_wom_first_generation(p, *args, ctypes.byref(reach)), expected, what)
        untouched(reach, what)
    base = WomParams(5.0, 10.0, 0.2, 0.1)
    fails(base, (NAN, 20.0, 300.0), EDOM, "NaN satisfied")
    fails(base, (100.0, -1.0, 300.0), EDOM, "negative dissatisfied")
    fails(base, (100.0, 20.0, INF), EDOM, "infinite customer value")
    fails(WomParams(5.0, 10.0, 1.5, 0.1), (100.0, 20.0, 300.0), EDOM, "conversion 1.5")
    fails(WomParams(5.0, 10.0, 0.2, NAN), (100.0, 20.0, 300.0), EDOM, "NaN deterrence")
    fails(WomParams(-5.0, 10.0, 0.2, 0.1), (100.0, 20.0, 300.0), EDOM, "negative told")
    fails(base, (1e300, 20.0, 1e300), ERANGE, "overflowing value")
    fails(None, (100.0, 20.0, 300.0), EINVAL, "null params")
    expect_status(lib.clv_wom_first_generation(ctypes.byref(base), 1.0, 1.0, 1.0, None), EINVAL,
                  "null reach")


# --------------------------------------------------------------------------------------------
# referral.h: Bass diffusion
# --------------------------------------------------------------------------------------------

# refs/published.md, "Bass diffusion": annual sales t = 1..10; R nls on m f(t) gives
# m = 6.80e4 (SE 3.13e3), p = 6.59e-3 (SE 1.43e-3), q = 0.638 (SE 0.0414), residual SE 727.
BASS_SALES = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]


def bass_options(method, model):
    o = BassFitOptions()
    o.struct_size, o.method = 12345, -7  # must be overwritten
    expect_status(lib.clv_bass_fit_options_init(ctypes.byref(o)), OK, "clv_bass_fit_options_init")
    check(o.struct_size == ctypes.sizeof(BassFitOptions), "struct_size %d" % o.struct_size)
    check(o.method == K["CLV_BASS_NLS"] and o.model == K["CLV_BASS_INTERVAL"]
          and o.max_iterations == 100 and o.tolerance == 1e-10, "defaults")
    o.method, o.model = method, model
    return o


@tap("clv_bass_fit: NLS on m f(t) reproduces the published m, p, q, SEs and residual SE")
def test_bass_fit_published():
    y = doubles(BASS_SALES)
    o = bass_options(K["CLV_BASS_NLS"], K["CLV_BASS_DENSITY"])
    est, report = BassParams(SENTINEL, SENTINEL, SENTINEL), BassFitReport()
    expect_status(lib.clv_bass_fit(y, 10, ctypes.byref(o), ctypes.byref(est),
                                   ctypes.byref(report)), OK, "clv_bass_fit")
    for what, got, want, half in (("m", est.m, 6.80e4, 50), ("p", est.p, 6.59e-3, 5e-6),
                                  ("q", est.q, 0.638, 5e-4),
                                  ("SE m", report.fit.std_error[2], 3.13e3, 5),
                                  ("SE p", report.fit.std_error[0], 1.43e-3, 5e-6),
                                  ("SE q", report.fit.std_error[1], 0.0414, 5e-5),
                                  ("residual SE", report.residual_se, 727, 0.5)):
        check(abs(got - want) <= half, "%s = %r, published %r" % (what, got, want))
    check(report.df == 7 and report.n_periods == 10 and report.fit.n_params == 3,
          "df %d, n %d" % (report.df, report.n_periods))
    check(report.fit.converged == 1 and report.fit.covariance_ok == 1, "not converged")
    # tests/oracles/bass_oracles.txt (mpmath optimum of the same problem).
    close(est.q, 0.63809126663196564186, "q (mpmath optimum)", 1e-9)
    close(report.sse, 3701668.5890884170637, "SSE (mpmath optimum)", 1e-10)


@tap("clv_bass_fit: ML (Schmittlein & Mahajan 1982) and the likelihood's gradient vanishing there")
def test_bass_fit_ml():
    y = doubles(BASS_SALES)
    o = bass_options(K["CLV_BASS_ML"], K["CLV_BASS_INTERVAL"])
    est, report = BassParams(), BassFitReport()
    expect_status(lib.clv_bass_fit(y, 10, ctypes.byref(o), ctypes.byref(est),
                                   ctypes.byref(report)), OK, "clv_bass_fit ML")
    close(est.p, 0.0080810649118392010173, "ML p (mpmath)", 1e-12)
    close(est.m, 67524.049252703146283, "ML m (mpmath)", 1e-12)
    close(report.fit.loglik, -321.36376548421926771, "ML LL (mpmath)", 1e-12)
    ll, g = c_double(SENTINEL), doubles([SENTINEL] * 3)
    expect_status(lib.clv_bass_loglik(ctypes.byref(est), y, 10, ctypes.byref(ll), g), OK,
                  "clv_bass_loglik")
    close(ll.value, report.fit.loglik, "LL at the estimate", 1e-12)
    check(abs(g[0] * est.p) < 1e-6 and abs(g[1] * est.q) < 1e-6 and abs(g[2] * est.m) < 1e-6,
          "gradient at the ML estimate: %r" % list(g))


@tap("clv_bass curve, peak and forecast: hand values; q <= p has no interior peak")
def test_bass_curve():
    b = BassParams(0.03, 0.38, 1000.0)
    e = math.exp(-0.41)
    close(ok_double(lib.clv_bass_cumulative, ctypes.byref(b), 1.0),
          (1 - e) / (1 + 0.38 / 0.03 * e), "F(1)", 1e-14)
    close(ok_double(lib.clv_bass_density, ctypes.byref(b), 0.0), 0.03, "f(0) = p", 1e-15)
    close(ok_double(lib.clv_bass_adopters, ctypes.byref(b), 0.0, 1.0),
          1000 * (1 - e) / (1 + 0.38 / 0.03 * e), "adopters (0, 1]", 1e-13)
    peak = BassPeakInfo()
    expect_status(lib.clv_bass_peak(ctypes.byref(b), ctypes.byref(peak)), OK, "clv_bass_peak")
    close(peak.time, math.log(0.38 / 0.03) / 0.41, "t*", 1e-14)
    close(peak.adopters, 1000 * 0.41 ** 2 / (4 * 0.38), "peak adopters", 1e-14)
    check(peak.interior == 1, "interior %d" % peak.interior)
    flat = BassParams(0.3, 0.1, 10.0)
    expect_status(lib.clv_bass_peak(ctypes.byref(flat), ctypes.byref(peak)), OK, "q < p")
    check(peak.interior == 0 and peak.time == 0.0 and peak.density == 0.3,
          "q < p: interior %d, time %r, density %r" % (peak.interior, peak.time, peak.density))
    out = doubles([SENTINEL] * 4)
    expect_status(lib.clv_bass_forecast(ctypes.byref(b), 0.0, K["CLV_BASS_INTERVAL"], 4, out),
                  OK, "clv_bass_forecast")
    total = sum(out)
    close(total, 1000 * ok_double(lib.clv_bass_cumulative, ctypes.byref(b), 4.0),
          "4 periods add up to m F(4)", 1e-13)


@tap("clv_bass errors: bad parameters, counts, options; outputs untouched")
def test_bass_errors():
    good = BassParams(0.03, 0.38, 1000.0)
    fails_untouched(lib.clv_bass_cumulative, (ctypes.byref(BassParams(0.0, 0.38, 1.0)), 1.0),
                    EDOM, "p = 0")
    fails_untouched(lib.clv_bass_density, (ctypes.byref(BassParams(0.03, -0.1, 1.0)), 1.0),
                    EDOM, "q < 0")
    fails_untouched(lib.clv_bass_cumulative, (ctypes.byref(good), NAN), EDOM, "t = NaN")
    fails_untouched(lib.clv_bass_adopters, (ctypes.byref(good), 2.0, 1.0), EDOM, "t2 < t1")
    fails_untouched(lib.clv_bass_density, (None, 1.0), EINVAL, "null params")
    peak = BassPeakInfo()
    peak.time = peak.density = peak.adopters = peak.cumulative = SENTINEL
    expect_status(lib.clv_bass_peak(ctypes.byref(BassParams(0.03, 0.38, INF)),
                                    ctypes.byref(peak)), EDOM, "m = inf")
    check(peak.time == SENTINEL and peak.adopters == SENTINEL, "peak written on error")
    out = doubles([SENTINEL] * 3)
    expect_status(lib.clv_bass_forecast(ctypes.byref(good), 0.0, 7, 3, out), EINVAL,
                  "unknown model")
    check(list(out) == [SENTINEL] * 3, "forecast written on error")
    ll = c_double(SENTINEL)
    y = doubles([10.0, -1.0, 5.0, 3.0])
    expect_status(lib.clv_bass_loglik(ctypes.byref(good), y, 4, ctypes.byref(ll), None), EDOM,
                  "negative count")
    y = doubles([600.0, 300.0, 200.0, 100.0])
    expect_status(lib.clv_bass_loglik(ctypes.byref(good), y, 4, ctypes.byref(ll), None), EDOM,
                  "m < N")
    check(ll.value == SENTINEL, "LL written on error")
    est = BassParams(SENTINEL, SENTINEL, SENTINEL)
    expect_status(lib.clv_bass_fit(y, 3, None, ctypes.byref(est), None), EINVAL,
                  "3 periods < CLV_BASS_MIN_PERIODS")
    o = bass_options(K["CLV_BASS_ML"], K["CLV_BASS_DENSITY"])
    expect_status(lib.clv_bass_fit(y, 4, ctypes.byref(o), ctypes.byref(est), None), EINVAL,
                  "ML with the density form")
    o = bass_options(K["CLV_BASS_NLS"], K["CLV_BASS_INTERVAL"])
    o.struct_size = 8
    expect_status(lib.clv_bass_fit(y, 4, ctypes.byref(o), ctypes.byref(est), None), ESTRUCT,
                  "options too small")
    zeros = doubles([0.0] * 5)
    expect_status(lib.clv_bass_fit(zeros, 5, None, ctypes.byref(est), None), EDOM, "all zero")
    untouched(est, "clv_bass_fit")


# --------------------------------------------------------------------------------------------
# referral.h: Net Promoter Score
# --------------------------------------------------------------------------------------------

def nps_counts(p, a, d):
    out = filled(Nps)
    expect_status(lib.clv_nps_from_counts(p, a, d, ctypes.byref(out)), OK,
                  "clv_nps_from_counts(%r, %r, %r)" % (p, a, d))
    return out


def interval(nps, level):
    lo, hi = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
    expect_status(lib.clv_nps_interval(ctypes.byref(nps), level, ctypes.byref(lo),
                                       ctypes.byref(hi)), OK, "clv_nps_interval(%r)" % level)
    return lo.value, hi.value


# The 6-MP arm of Freireich et al. (1963), weeks (event 0 = censored): the textbook
# Kaplan-Meier example (refs/published.md), S(t) as exact fractions.
KM_6MP = [(6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1),
          (16, 1), (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0),
          (34, 0), (35, 0)]
KM_6MP_S = [(6, 6 / 7), (7, 96 / 119), (10, 64 / 85), (13, 176 / 255), (16, 32 / 51),
            (22, 64 / 119), (23, 160 / 357)]


def km_estimate(pairs, level=0.95, workspace=True, capacity=32):
    n = len(pairs)
    durations = (c_double * n)(*[t for t, _ in pairs])
    events = (ctypes.c_int32 * n)(*[e for _, e in pairs])
    data = KmData(n, durations, events, None)
    need = c_size_t(0)
    expect_status(lib.clv_km_workspace_size(n, ctypes.byref(need)), OK, "workspace size")
    buf = (ctypes.c_char * need.value)() if workspace else None
    rows = (KmRow * capacity)()
    n_rows = c_size_t(0)
    summary = KmSummary()
    status = lib.clv_km_estimate(ctypes.byref(data), level, buf, need.value if workspace else 0,
                                 rows, capacity, ctypes.byref(n_rows), ctypes.byref(summary), None)
    return status, rows, n_rows.value, summary


# The placebo arm of the same trial: every patient relapsed.
PLACEBO = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]


@tap("log-rank and Nelson-Aalen over ctypes: Freireich 6-MP vs placebo, chi-square 16.79 "
     "(tests/oracles/survtest_oracles.py), H(23) of 6-MP 0.7521")
def test_logrank_freireich():
    rows = [(t, e, 0) for t, e in KM_6MP] + [(t, 1, 1) for t in PLACEBO]
    rows = rows[::-1]  # any order
    n = len(rows)
    exits = (c_double * n)(*[r[0] for r in rows])
    events = (ctypes.c_int32 * n)(*[r[1] for r in rows])
    groups = (ctypes.c_int32 * n)(*[r[2] for r in rows])
    data = SurvData(n, exits, events, None, None, groups, None)
    need = c_size_t(0)
    expect_status(lib.clv_surv_workspace_size(n, ctypes.byref(need)), OK, "workspace size")
    buf = (ctypes.c_char * need.value)()
    observed = (c_double * 2)()
    expected = (c_double * 2)()
    result = LogrankResult()
    expect_status(lib.clv_logrank_test(ctypes.byref(data), 2, 0.0, 0.0, buf, need.value,
                                       observed, expected, ctypes.byref(result), None),
                  OK, "clv_logrank_test")
    close(result.statistic, 16.79294098921653349839461, "chi-square (mpmath)", rel=1e-12)
    close(result.p_value, 0.00004168809109334541911981788, "p (mpmath)", rel=1e-10)
    check(list(observed) == [9.0, 21.0], "observed %r" % list(observed))
    close(expected[0], 19.25050094803113030841272, "E 6-MP (mpmath)", rel=1e-13)
    check(result.n_groups == 2 and result.n_strata == 1 and result.df == 1.0, "result counts")
    mp6 = SurvData(21, (c_double * 21)(*[t for t, _ in KM_6MP]),
                   (ctypes.c_int32 * 21)(*[e for _, e in KM_6MP]), None, None, None, None)
    na = (NaRow * 8)()
    n_rows = c_size_t(0)
    expect_status(lib.clv_nelson_aalen(ctypes.byref(mp6), 0.95, buf, need.value, na, 8,
                                       ctypes.byref(n_rows), None), OK, "clv_nelson_aalen")
    check(n_rows.value == 7, "7 event times")
    close(na[6].cum_hazard, 0.752113572701807995925643, "H(23) (mpmath)", rel=1e-14)


@tap("Kaplan-Meier over ctypes: 6-MP fractions, Greenwood 0.0764..0.1346, median 23 (13, inf)")
def test_km_6mp():
    # Shuffled on purpose: the library sorts in the caller's (bytearray) workspace.
    shuffled = KM_6MP[::-1][5:] + KM_6MP[::-1][:5]
    status, rows, n, summary = km_estimate(shuffled)
    expect_status(status, OK, "clv_km_estimate")
    check(n == 7 and summary.n_rows == 7, "7 event times, got %d" % n)
    greenwood = [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346]
    for row, (t, s), se in zip(rows, KM_6MP_S, greenwood):
        check(row.time == t, "time %r, expected %r" % (row.time, t))
        close(row.survival, s, "S(%g)" % t, rel=1e-15)
        close(row.std_error, se, "Greenwood SE at %g" % t, rel=0, abs_tol=5e-5)
        check(0.0 <= row.lower < row.survival < row.upper <= 1.0, "band around S(%g)" % t)
    close(rows[6].lower, 0.18805200595923233804, "log-log lower at 23 (mpmath)", rel=1e-12)
    close(rows[6].upper, 0.6801426284952415122, "log-log upper at 23 (mpmath)", rel=1e-12)
    check(summary.customers == 21 and summary.events == 9 and summary.max_time == 35,
          "summary totals")
    med, lo, hi = c_double(), c_double(), c_double()
    expect_status(lib.clv_km_median(rows, n, ctypes.byref(med), ctypes.byref(lo),
                                    ctypes.byref(hi)), OK, "clv_km_median")
    check((med.value, lo.value, hi.value) == (23.0, 13.0, INF), "median (23, 13, inf), got %r"
          % ((med.value, lo.value, hi.value),))
    mu, se = c_double(), c_double()
    expect_status(lib.clv_km_rmst(rows, n, 23.0, ctypes.byref(mu), ctypes.byref(se)), OK,
                  "clv_km_rmst")
    close(mu.value, 10656 / 595, "restricted mean to 23", rel=1e-15)
    s = c_double()
    expect_status(lib.clv_km_survival_at(rows, n, 12.5, ctypes.byref(s), None, None, None), OK,
                  "clv_km_survival_at")
    close(s.value, 64 / 85, "S(12.5)", rel=1e-15)


@tap("Kaplan-Meier errors: unsorted without workspace, bad flag, small capacity; outputs kept")
def test_km_errors():
    shuffled = KM_6MP[::-1]
    status, rows, _, _ = km_estimate(shuffled, workspace=False)
    expect_status(status, EINVAL, "unsorted input without a workspace")
    check(rows[0].survival == 0.0, "rows written by a failing call")
    status, _, _, _ = km_estimate([(1.0, 2)])
    expect_status(status, EDOM, "event flag 2")
    status, _, _, _ = km_estimate(KM_6MP, level=1.0)
    expect_status(status, EDOM, "level 1")
    status, rows, n, _ = km_estimate(KM_6MP, capacity=3)
    expect_status(status, ENOMEM, "capacity 3 < 7 rows")
    check(n == 7, "rows needed reported: %d" % n)
    out = c_double(SENTINEL)
    expect_status(lib.clv_km_rmst(rows, 0, NAN, ctypes.byref(out), None), EDOM, "tau NaN")
    check(out.value == SENTINEL, "rmst written by a failing call")


@tap("cohort retention over ctypes: NaN-marked triangle, pooled 1081/1700, 708/931, 382/468")
def test_cohort_retention():
    # Fader & Hardie (2007) "regular" cohort 1000, 631, 468, 382 and two younger cohorts.
    cells = [1000, 631, 468, 382, 500, 300, 240, NAN, 200, 150, NAN, NAN]
    table = CohortTable(3, 4, 4, (c_double * 12)(*cells), None)
    retention = (c_double * 12)(*([SENTINEL] * 12))
    survival = (c_double * 12)(*([SENTINEL] * 12))
    pooled_r = (c_double * 4)(*([SENTINEL] * 4))
    pooled_s = (c_double * 4)(*([SENTINEL] * 4))
    rates = CohortRates(4, retention, survival, pooled_r, pooled_s)
    length = c_size_t(0)
    expect_status(lib.clv_cohort_retention(ctypes.byref(table), ctypes.byref(rates),
                                           ctypes.byref(length), None), OK, "clv_cohort_retention")
    check(length.value == 4, "pooled length %d" % length.value)
    close(retention[2], 468 / 631, "r_0(2)", rel=4e-16)
    close(survival[6], 0.48, "S_1(2)", rel=4e-16)
    check(retention[7] == SENTINEL and survival[11] == SENTINEL, "unobserved cells written")
    for t, want in ((1, 1081 / 1700), (2, 708 / 931), (3, 382 / 468)):
        close(pooled_r[t], want, "R(%d)" % t, rel=4e-16)
    close(pooled_s[3], 1081 / 1700 * 708 / 931 * 382 / 468, "S(3)", rel=1e-15)
    # A closed cohort cannot grow: CLV_EDOM, the cohort reported, nothing written.
    cells[5] = 600
    table = CohortTable(3, 4, 4, (c_double * 12)(*cells), None)
    bad = c_size_t(99)
    fresh = (c_double * 4)(*([SENTINEL] * 4))
    expect_status(lib.clv_cohort_retention(ctypes.byref(table),
                                           ctypes.byref(CohortRates(4, None, None, fresh, None)),
                                           None, ctypes.byref(bad)), EDOM, "600 > 500")
    check(bad.value == 1 and list(fresh) == [SENTINEL] * 4, "bad cohort 1, outputs untouched")


@tap("NPS from counts: shares 1/2, 1/3, 1/6 of 100 -> 33.3, variance 5/9 (published example)")
def test_nps_counts_published():
    s = nps_counts(50.0, 100.0 / 3.0, 50.0 / 3.0)
    close(s.n, 100.0, "n", rel=1e-15)
    close(s.nps, 100.0 / 3.0, "nps = 100 (1/2 - 1/6)", rel=1e-14)
    check(round(s.nps, 1) == 33.3, "published NPS 33.3, got %r" % s.nps)
    close(s.variance, 5.0 / 9.0, "variance 1/2 + 1/6 - (1/3)^2", rel=1e-14)
    close(s.std_error, 100.0 * math.sqrt(5.0 / 9.0 / 100.0), "SE = 100 sqrt(var/n)", rel=1e-14)
    check((s.promoters, s.passives, s.detractors) == (50.0, 100.0 / 3.0, 50.0 / 3.0),
          "counts not carried into the result")


@tap("NPS 95% Wald interval: 33.3 +/- 14.6 (published example), z from AS 241")
def test_nps_interval_published():
    s = nps_counts(50.0, 100.0 / 3.0, 50.0 / 3.0)
    lo, hi = interval(s, 0.95)
    half = (hi - lo) / 2
    check(round(half, 1) == 14.6, "published half-width 14.6, got %r" % half)
    z = statistics.NormalDist().inv_cdf(0.975)
    close(lo, s.nps - z * s.std_error, "lower", rel=1e-13)
    close(hi, s.nps + z * s.std_error, "upper", rel=1e-13)
    check(round(z, 6) == 1.959964, "oracle z")
    lo90, hi90 = interval(s, 0.90)
    close((hi90 - lo90) / 2, statistics.NormalDist().inv_cdf(0.95) * s.std_error, "90% half-width",
          rel=1e-13)
    check(lo < lo90 < s.nps < hi90 < hi, "90% interval must lie inside the 95% one")


@tap("NPS interval is clipped to [-100, 100]")
def test_nps_interval_clipped():
    s = nps_counts(2.0, 0.0, 1.0)   # nps 33.3, SE 54.4: 95% upper end 140 before clipping
    lo, hi = interval(s, 0.95)
    check(hi == 100.0, "upper = %r, expected clipped to 100" % hi)
    close(lo, s.nps - statistics.NormalDist().inv_cdf(0.975) * s.std_error, "lower", rel=1e-13)
    s = nps_counts(0.0, 0.0, 7.0)
    check(s.nps == -100.0 and s.variance == 0.0 and s.std_error == 0.0,
          "all detractors: nps %r, variance %r, se %r" % (s.nps, s.variance, s.std_error))
    check(interval(s, 0.99) == (-100.0, -100.0), "all detractors: interval")


@tap("NPS from a Python array of 0-10 scores (ctypes array and array.array)")
def test_nps_scores():
    scores = [10, 9, 9, 8, 7, 6, 0, 10, 3, 9]   # 5 promoters, 2 passives, 3 detractors
    arr = (ctypes.c_double * len(scores))(*scores)
    s = filled(Nps)
    expect_status(lib.clv_nps_from_scores(arr, len(scores), ctypes.byref(s)), OK,
                  "clv_nps_from_scores")
    check((s.promoters, s.passives, s.detractors, s.n) == (5.0, 2.0, 3.0, 10.0),
          "counts %r" % ((s.promoters, s.passives, s.detractors, s.n),))
    close(s.nps, 20.0, "100 (0.5 - 0.3)", rel=1e-14)
    close(s.variance, 0.5 + 0.3 - 0.2 ** 2, "variance 0.76", rel=1e-14)
    close(s.std_error, 100 * math.sqrt(0.76 / 10), "SE", rel=1e-14)
    # The published example as 100 raw answers, passed zero-copy from an array.array.
    answers = array.array("d", [9.0] * 25 + [10.0] * 25 + [7.0] * 33 + [5.0] * 17)
    buf = (ctypes.c_double * len(answers)).from_buffer(answers)
    t = filled(Nps)
    expect_status(lib.clv_nps_from_scores(buf, len(answers), ctypes.byref(t)), OK, "100 answers")
    u = nps_counts(50.0, 33.0, 17.0)
    for field, _ in Nps._fields_:
        close(getattr(t, field), getattr(u, field), "scores vs counts: " + field, rel=1e-15)


@tap("NPS errors: NaN -> CLV_EDOM, null/empty -> CLV_EINVAL, outputs untouched")
def test_nps_errors():
    def counts_fail(args, expected, what):
        out = filled(Nps)
        expect_status(lib.clv_nps_from_counts(*args, ctypes.byref(out)), expected, what)
        untouched(out, what)
    counts_fail((NAN, 1.0, 1.0), EDOM, "NaN promoters")
    counts_fail((1.0, -1.0, 1.0), EDOM, "negative passives")
    counts_fail((0.0, 0.0, 0.0), EDOM, "no respondents")
    expect_status(lib.clv_nps_from_counts(1.0, 1.0, 1.0, None), EINVAL, "null nps")

    def scores_fail(values, n, expected, what):
        out = filled(Nps)
        arr = (ctypes.c_double * len(values))(*values) if values is not None else None
        expect_status(lib.clv_nps_from_scores(arr, n, ctypes.byref(out)), expected, what)
        untouched(out, what)
    scores_fail([10.0, 9.0, NAN], 3, EDOM, "NaN score (last)")
    scores_fail([10.0, 11.0, 3.0], 3, EDOM, "score 11")
    scores_fail([10.0, 8.5, 3.0], 3, EDOM, "non-integer score")
    scores_fail([-1.0], 1, EDOM, "score -1")
    scores_fail([10.0], 0, EINVAL, "n = 0")
    scores_fail(None, 3, EINVAL, "null scores")
    arr = (ctypes.c_double * 1)(9.0)
    expect_status(lib.clv_nps_from_scores(arr, 1, None), EINVAL, "null nps")

    good = nps_counts(50.0, 30.0, 20.0)

    def interval_fails(nps, level, expected, what):
        lo, hi = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
        p = ctypes.byref(nps) if nps is not None else None
        expect_status(lib.clv_nps_interval(p, level, ctypes.byref(lo), ctypes.byref(hi)),
                      expected, what)
        check(lo.value == SENTINEL and hi.value == SENTINEL,
              "%s: outputs written (%r, %r)" % (what, lo.value, hi.value))
    interval_fails(good, NAN, EDOM, "NaN level")
    interval_fails(good, 1.0, EDOM, "level 1")
    interval_fails(good, 0.0, EDOM, "level 0")
    interval_fails(None, 0.95, EINVAL, "null nps")
    for field, value in (("nps", 120.0), ("nps", NAN), ("std_error", -1.0), ("n", 0.0),
                         ("std_error", INF)):
        bad = Nps.from_buffer_copy(good)
        setattr(bad, field, value)
        interval_fails(bad, 0.95, EDOM, "inconsistent score: %s = %r" % (field, value))
    lo = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_nps_interval(ctypes.byref(good), 0.95, ctypes.byref(lo), None), EINVAL,
                  "null upper")
    check(lo.value == SENTINEL, "lower written although upper was null")


# --------------------------------------------------------------------------------------------
# referral.h: word of mouth over generations, K-factor, NPS comparisons, CRV
# --------------------------------------------------------------------------------------------

def wom_example():
    """The defaults 5 and 10 with c = 0.1, g = 0.2 (referral.h's example); s = 0.8."""
    params = WomParams()
    lib.clv_wom_params_init(ctypes.byref(params))
    params.conversion = 0.1
    params.deterrence = 0.2
    return params


@tap("clv_wom_generations/total: 100 and 20 customers, R = 0.4, by the recurrence in Python")
def test_wom_generations():
    params, s, S0, D0 = wom_example(), 0.8, 100.0, 20.0
    r = ok_double(lib.clv_wom_reproduction_number, ctypes.byref(params), s)
    close(r, 0.4, "R = 0.8 x 5 x 0.1")
    n = 12
    rows = (WomGeneration * n)()
    expect_status(lib.clv_wom_generations(ctypes.byref(params), s, S0, D0, n, rows), OK,
                  "clv_wom_generations")
    # The recurrence of referral.h, run generation by generation.
    sat, dis, won_total, det_total = S0, D0, 0.0, 0.0
    for i in range(n):
        won, deterred = 5.0 * 0.1 * sat, 0.2 * 10.0 * dis
        sat, dis = 0.8 * won, 0.2 * won
        won_total += won
        det_total += deterred
        close(rows[i].customers_won, won, "generation %d won" % (i + 1), rel=1e-13)
        close(rows[i].customers_deterred, deterred, "generation %d deterred" % (i + 1), rel=1e-13)
        close(rows[i].satisfied, sat, "generation %d satisfied" % (i + 1), rel=1e-13)
        close(rows[i].cumulative_won, won_total, "W(%d)" % (i + 1), rel=1e-13)
        close(rows[i].cumulative_deterred, det_total, "L(%d)" % (i + 1), rel=1e-13)
    totals = filled(WomTotals)
    expect_status(lib.clv_wom_total(ctypes.byref(params), s, S0, D0, 300.0,
                                    ctypes.byref(totals)), OK, "clv_wom_total")
    close(totals.customers_won, 50.0 / 0.6, "W = 50 / (1 - 0.4)")
    close(totals.customers_deterred, 2.0 * (20.0 + 0.2 * 50.0 / 0.6), "L = 2 (20 + 0.2 W)")
    close(totals.net_value, 300.0 * (totals.customers_won - totals.customers_deterred),
          "net value")
    # R >= 1: no total, CLV_EDIVERGE, untouched; the growth factor is R.
    params.conversion = 0.25
    diverging = filled(WomTotals)
    expect_status(lib.clv_wom_total(ctypes.byref(params), 1.0, S0, D0, 300.0,
                                    ctypes.byref(diverging)), EDIVERGE, "R = 1.25")
    untouched(diverging, "R = 1.25")
    close(ok_double(lib.clv_wom_reproduction_number, ctypes.byref(params), 1.0), 1.25, "R")


@tap("clv_wom_time_to_reach and clv_wom_dissatisfied_cost: hand values, never, errors")
def test_wom_reach_and_cost():
    params = wom_example()
    gens, when = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
    # W(n) = 50 (1 - 0.4^n) / 0.6: W(2) = 70, W(3) = 78 -> 75 customers in 3 generations.
    expect_status(lib.clv_wom_time_to_reach(ctypes.byref(params), 0.8, 100.0, 75.0, 7.0,
                                            ctypes.byref(gens), ctypes.byref(when)), OK, "75")
    check(gens.value == 3.0 and when.value == 21.0, "75 customers: %r, %r" % (gens.value,
                                                                              when.value))
    # The limit is 83.33: 90 is never reached.
    expect_status(lib.clv_wom_time_to_reach(ctypes.byref(params), 0.8, 100.0, 90.0, 7.0,
                                            ctypes.byref(gens), ctypes.byref(when)), OK, "90")
    check(math.isinf(gens.value) and math.isinf(when.value), "90: %r" % gens.value)
    cost = filled(WomCost)
    # a = 0.4 - 0.2 x 10 x 0.2 = 0, so e = 1 at any horizon: 2 lost customers.
    expect_status(lib.clv_wom_dissatisfied_cost(ctypes.byref(params), 0.8, 250.0, 300.0, INF,
                                                ctypes.byref(cost)), OK, "cost")
    close(cost.deterred, 2.0, "g k_d")
    close(cost.customers_per_deterred, 1.0, "e = 1 / (1 - 0)", abs_tol=1e-15)
    close(cost.total_cost, 250.0 + 2.0 * 300.0, "250 + 2 x 300", rel=1e-14)
    bad = filled(WomCost)
    expect_status(lib.clv_wom_dissatisfied_cost(ctypes.byref(params), 1.5, 250.0, 300.0, 1.0,
                                                ctypes.byref(bad)), EDOM, "s = 1.5")
    untouched(bad, "s = 1.5")
    expect_status(lib.clv_wom_dissatisfied_cost(ctypes.byref(params), 0.8, 250.0, 300.0, 1.5,
                                                ctypes.byref(bad)), EINVAL, "horizon 1.5")
    expect_status(lib.clv_wom_generations(ctypes.byref(params), 0.8, 1.0, 1.0, 0,
                                          (WomGeneration * 1)()), EINVAL, "0 generations")
    expect_status(lib.clv_wom_generations(None, 0.8, 1.0, 1.0, 1, (WomGeneration * 1)()),
                  EINVAL, "null params")


@tap("clv_kfactor*: K = 1.25, 225 after one cycle, Skok's curve at t = 1.5 cycles, errors")
def test_kfactor():
    close(ok_double(lib.clv_kfactor, 5.0, 0.25), 1.25, "5 x 0.25")
    close(ok_double(lib.clv_kfactor_customers, 100.0, 5.0, 0.25, 1.0), 225.0, "100 (1 + 1.25)")
    close(ok_double(lib.clv_kfactor_customers, 100.0, 5.0, 0.25, 3.0), 576.5625,
          "100 (1.25^4 - 1) / 0.25")
    close(ok_double(lib.clv_kfactor_customers, 100.0, 4.0, 0.25, 9.0), 1000.0, "K = 1: 10 C0")
    close(ok_double(lib.clv_kfactor_customers, 100.0, 2.0, 0.25, INF), 200.0, "100 / (1 - 0.5)")
    at = ok_double(lib.clv_kfactor_customers_at, 100.0, 5.0, 0.25, 7.0, 10.5)
    close(at, 100.0 * (1.25 ** 2.5 - 1.0) / 0.25, "t = 1.5 cycles")
    fails_untouched(lib.clv_kfactor, (NAN, 0.5), EDOM, "NaN invitations")
    fails_untouched(lib.clv_kfactor_customers, (100.0, 5.0, 0.25, 2.5), EINVAL, "2.5 cycles")
    fails_untouched(lib.clv_kfactor_customers, (100.0, 5.0, 0.25, INF), EDIVERGE, "K > 1, inf")
    fails_untouched(lib.clv_kfactor_customers_at, (100.0, 5.0, 0.25, 0.0, 1.0), EDOM,
                    "cycle time 0")
    fails_untouched(lib.clv_kfactor_customers, (1e300, 5.0, 1.0, 500.0), ERANGE, "overflow")


@tap("clv_nps_compare, clv_nps_sample_size, clv_nps_by_segment: hand values, errors")
def test_nps_compare_size_segments():
    a = nps_counts(100.0, 200.0 / 3.0, 100.0 / 3.0)   # shares 1/2, 1/3, 1/6 of 200
    b = nps_counts(80.0, 70.0, 50.0)                   # 0.4, 0.35, 0.25 of 200
    cmp = filled(NpsComparison)
    expect_status(lib.clv_nps_compare(ctypes.byref(a), ctypes.byref(b), 0.95, ctypes.byref(cmp)),
                  OK, "clv_nps_compare")
    se = math.hypot(a.std_error, b.std_error)
    z = (a.nps - b.nps) / se
    close(cmp.difference, 100.0 / 3.0 - 15.0, "difference", rel=1e-13)
    close(cmp.std_error, se, "SE")
    close(cmp.p_value, math.erfc(abs(z) / math.sqrt(2.0)), "p", rel=1e-13)
    close(cmp.p_value, 0.0171389889819104, "p (mpmath, tests/oracles/referral_oracles.txt)",
          rel=1e-12)
    q = statistics.NormalDist().inv_cdf(0.975)
    close(cmp.lower, cmp.difference - q * se, "lower", rel=1e-13)
    same = filled(NpsComparison)
    zero = nps_counts(5.0, 0.0, 0.0)
    expect_status(lib.clv_nps_compare(ctypes.byref(zero), ctypes.byref(zero), 0.95,
                                      ctypes.byref(same)), EDOM, "both SE 0")
    untouched(same, "both SE 0")
    n = ok_double(lib.clv_nps_sample_size, 5.0 / 9.0, 5.0 / 9.0, 10.0, 0.05, 0.8)
    zs = statistics.NormalDist().inv_cdf(0.975) + statistics.NormalDist().inv_cdf(0.8)
    check(n == math.ceil(zs * zs * (10.0 / 9.0) / 0.01) == 873.0, "sample size %r" % n)
    fails_untouched(lib.clv_nps_sample_size, (0.5, 0.5, 0.0, 0.05, 0.8), EDOM, "delta 0")
    scores = doubles([10, 9, 0, 7, 3, 10, 8])
    segs = (ctypes.c_uint32 * 7)(0, 0, 0, 2, 2, 2, 2)
    out = (Nps * 3)()
    expect_status(lib.clv_nps_by_segment(scores, segs, 7, 3, out), OK, "by segment")
    close(out[0].nps, 100.0 / 3.0, "segment 0: 2 promoters, 1 detractor of 3", rel=1e-14)
    check(out[1].n == 0.0 and out[1].nps == 0.0, "empty segment 1: n %r" % out[1].n)
    close(out[2].nps, 0.0, "segment 2: 1 promoter, 1 detractor, 2 passives", abs_tol=1e-15)
    segs[6] = 3
    expect_status(lib.clv_nps_by_segment(scores, segs, 7, 3, out), EDOM, "segment 3 of 3")


@tap("clv_crv_value: 2 + 1 referrals, V = 300, a = 20, d = 0.1 -> CRV 740.50; errors")
def test_crv():
    params = CrvParams(300.0, 50.0, 20.0, 0.1)
    result = filled(CrvResult)
    expect_status(lib.clv_crv_value(ctypes.byref(params), doubles([2.0, 1.0]), None, 2, 1000.0,
                                    ctypes.byref(result)), OK, "clv_crv_value")
    close(result.crv, 560.0 / 1.1 + 280.0 / 1.21, "CRV by hand", rel=1e-14)
    close(result.customer_value, 1000.0 + result.crv, "CLV + CRV")
    share = doubles([0.5, 0.0])
    expect_status(lib.clv_crv_value(ctypes.byref(params), doubles([2.0, 1.0]), share, 2, 1000.0,
                                    ctypes.byref(result)), OK, "with anyway share")
    # period 1: one incremental (300), one anyway (50), two referral costs (40): 310 / 1.1
    close(result.crv, 310.0 / 1.1 + 280.0 / 1.21, "CRV with a share joining anyway", rel=1e-14)
    bad = filled(CrvResult)
    expect_status(lib.clv_crv_value(ctypes.byref(params), doubles([2.0, -1.0]), None, 2, 0.0,
                                    ctypes.byref(bad)), EDOM, "negative referrals")
    untouched(bad, "negative referrals")
    expect_status(lib.clv_crv_value(ctypes.byref(params), doubles([2.0]), None, 0, 0.0,
                                    ctypes.byref(bad)), EINVAL, "no periods")


# --------------------------------------------------------------------------------------------
# clv.h, groups clv_rfm / clv_fit / clv_bgnbd: helpers
# --------------------------------------------------------------------------------------------

CDNOW_CSV = os.path.join(HERE, "..", "data", "cdnow_customers_summary_with_transactions.csv")
CDNOW_CUSTOMERS = 2357

# BG/NBD estimates on CDNOW, refs/published.md: Fader, Hardie & Lee (2005) print [P]; the BTYD
# walkthrough's fit [R]; lifetimes' higher-precision fit [T].
PAPER = (0.243, 4.414, 0.793, 2.426)
BTYD = (0.2425982, 4.4136842, 0.7929899, 2.4261667)
LIFETIMES = (0.2425945, 4.4136019, 0.7929199, 2.4258881)

CUSTOMER_SENTINEL = 0xFFFFFFFFFFFFFFFF


def doubles(values):
    return (c_double * len(values))(*values)


def as_pointer(arr, pointer_type=p_double):
    return ctypes.cast(arr, pointer_type) if arr is not None else None


class CustomerTable:
    """A customer table in ctypes arrays and the clv_rfm_view that points into them. The view
    borrows the arrays: keep the CustomerTable alive while the view is in use."""

    def __init__(self, x, t_x, T, weight=None):
        self.columns = (list(x), list(t_x), list(T), None if weight is None else list(weight))
        self._arrays = [doubles(c) if c is not None else None for c in self.columns]
        ax, atx, aT, aw = self._arrays
        self.view = RfmView(len(self.columns[0]), as_pointer(ax), as_pointer(atx),
                            as_pointer(aT), None, as_pointer(aw))

    def chunks(self, k):
        """k consecutive pieces, each with its own arrays: what the workers of a distributed
        driver hold."""
        n = len(self.columns[0])
        bounds = [i * n // k for i in range(k + 1)]
        return [CustomerTable(*[None if c is None else c[lo:hi] for c in self.columns])
                for lo, hi in zip(bounds, bounds[1:])]


_CDNOW = []


def cdnow():
    """The CDNOW calibration summary (x, t_x, T in weeks) of tests/data, as a CustomerTable."""
    if not _CDNOW:
        check(os.path.isfile(CDNOW_CSV), "missing data file %s" % CDNOW_CSV)
        with open(CDNOW_CSV, newline="", encoding="ascii") as f:
            rows = list(csv.DictReader(f))
        check(len(rows) == CDNOW_CUSTOMERS, "%s: %d rows, expected %d"
              % (CDNOW_CSV, len(rows), CDNOW_CUSTOMERS))
        check(list(rows[0]) == ["ID", "x", "t_x", "T", "zbar"], "columns %s" % list(rows[0]))
        _CDNOW.append(tuple([float(r[c]) for r in rows] for c in ("x", "t_x", "T")))
    return CustomerTable(*_CDNOW[0])


def bgnbd_loglik(params, table, gradient=True):
    """(loglik, [gradient]) of clv_bgnbd_loglik; the status must be CLV_OK."""
    ll = ctypes.c_double(SENTINEL)
    g = doubles([SENTINEL] * 4) if gradient else None
    expect_status(lib.clv_bgnbd_loglik(ctypes.byref(BgnbdParams(*params)),
                                       ctypes.byref(table.view), ctypes.byref(ll), g),
                  OK, "clv_bgnbd_loglik(%r)" % (tuple(params),))
    return ll.value, (list(g) if gradient else None)


def bgnbd_loglik_over(chunks):
    """The evaluation a distributed driver does: clv_bgnbd_loglik on every chunk, summed."""
    def evaluate(point):
        total, grad = 0.0, [0.0] * 4
        for chunk in chunks:
            ll, g = bgnbd_loglik(point, chunk)
            total += ll
            grad = [s + gi for s, gi in zip(grad, g)]
        return total, grad
    return evaluate


def reverse_communication_fit(model, evaluate, options=None):
    """Drive a fit by reverse communication (clv_fit_start / _next / _tell / _result): the
    library proposes points; evaluate(point) returns the (loglik, gradient) summed over all the
    data, wherever it lives. Returns (status of clv_fit_result, params, report, evaluations)."""
    state = FitState()  # caller-owned, no allocation in the library
    n_params = ctypes.c_uint32(0)
    expect_status(lib.clv_fit_start(ctypes.byref(state), model,
                                    ctypes.byref(options) if options is not None else None,
                                    ctypes.byref(n_params)), OK, "clv_fit_start")
    n = n_params.value
    check(1 <= n <= MAX_PARAMS, "n_params = %d" % n)
    point = doubles([0.0] * MAX_PARAMS)
    gradient = doubles([0.0] * MAX_PARAMS)
    request = ctypes.c_int(-1)
    evaluations = 0
    while True:
        st = lib.clv_fit_next(ctypes.byref(state), point, ctypes.byref(request))
        if st == ECANCELED:  # the progress callback said stop: the result holds the best point
            break
        expect_status(st, OK, "clv_fit_next")
        if request.value == FIT_DONE:
            break
        check(request.value == FIT_EVALUATE, "clv_fit_next: request %d" % request.value)
        loglik, grad = evaluate(list(point[:n]))
        gradient[:n] = grad
        expect_status(lib.clv_fit_tell(ctypes.byref(state), loglik, gradient), OK, "clv_fit_tell")
        evaluations += 1
    params = doubles([SENTINEL] * MAX_PARAMS)
    report = FitReport()
    st = lib.clv_fit_result(ctypes.byref(state), params, ctypes.byref(report))
    return st, list(params[:n]), report, evaluations


def fit_options(**fields):
    options = FitOptions()
    expect_status(lib.clv_fit_options_init(ctypes.byref(options)), OK, "clv_fit_options_init")
    for name, value in fields.items():
        setattr(options, name, value)
    return options


def bgnbd_fit(table, options=None):
    params = BgnbdParams(SENTINEL, SENTINEL, SENTINEL, SENTINEL)
    report = FitReport()
    st = lib.clv_bgnbd_fit(ctypes.byref(table.view),
                           ctypes.byref(options) if options is not None else None,
                           ctypes.byref(params), ctypes.byref(report))
    return st, [params.r, params.alpha, params.a, params.b], report


class TransactionLog:
    """Three parallel arrays (customer id, time, amount), as clv_rfm_summary() reads them."""

    def __init__(self, customers, times, amounts=None):
        self.n = len(customers)
        self.customer = (c_uint64 * self.n)(*customers)
        self.time = doubles(times)
        self.amount = doubles(amounts) if amounts is not None else None


class RfmOutput:
    """A clv_rfm_table of `capacity` rows, every array prefilled with sentinels."""
    COLUMNS = ("x", "t_x", "T", "monetary", "x_holdout", "monetary_holdout")

    def __init__(self, capacity):
        self.customer = (c_uint64 * capacity)(*[CUSTOMER_SENTINEL] * capacity)
        self.arrays = {c: doubles([SENTINEL] * capacity) for c in self.COLUMNS}
        self.table = RfmTable(capacity, ctypes.cast(self.customer, p_uint64),
                              *[as_pointer(self.arrays[c]) for c in self.COLUMNS])

    def rows(self, count):
        return [(self.customer[i],) + tuple(self.arrays[c][i] for c in self.COLUMNS)
                for i in range(count)]

    def untouched(self, what):
        for i in range(len(self.customer)):
            check(self.customer[i] == CUSTOMER_SENTINEL, "%s: customer[%d] written" % (what, i))
            for c in self.COLUMNS:
                check(self.arrays[c][i] == SENTINEL, "%s: %s[%d] written (%r)"
                      % (what, c, i, self.arrays[c][i]))


def rfm_options(**fields):
    options = RfmOptions()
    expect_status(lib.clv_rfm_options_init(ctypes.byref(options)), OK, "clv_rfm_options_init")
    for name, value in fields.items():
        setattr(options, name, value)
    return options


def rfm_summary(log, options, capacity, order=None):
    """clv_rfm_summary -> (status, n_customers, bad_index, RfmOutput); the counters start at
    a sentinel so an untouched one shows."""
    out = RfmOutput(capacity)
    n_customers = ctypes.c_size_t(CUSTOMER_SENTINEL)
    bad_index = ctypes.c_size_t(CUSTOMER_SENTINEL)
    st = lib.clv_rfm_summary(log.customer, log.time, log.amount, log.n, order,
                             ctypes.byref(options) if options is not None else None,
                             ctypes.byref(out.table), ctypes.byref(n_customers),
                             ctypes.byref(bad_index))
    return st, n_customers.value, bad_index.value, out


def stream_summary(purchases, now, period):
    """A till's view of one customer: clv_rfm_update per purchase, then clv_rfm_state_summary."""
    state = filled(RfmState)
    expect_status(lib.clv_rfm_state_init(ctypes.byref(state)), OK, "clv_rfm_state_init")
    check(bytes(state) == bytes(ctypes.sizeof(RfmState)), "a new state is not all zero")
    for time, amount in purchases:
        expect_status(lib.clv_rfm_update(ctypes.byref(state), time, amount, period), OK,
                      "clv_rfm_update(%r, %r, %r)" % (time, amount, period))
    outs = [ctypes.c_double(SENTINEL) for _ in range(4)]
    expect_status(lib.clv_rfm_state_summary(ctypes.byref(state), now, period,
                                            *[ctypes.byref(o) for o in outs]), OK,
                  "clv_rfm_state_summary(now=%r, period=%r)" % (now, period))
    return tuple(o.value for o in outs), state


# --------------------------------------------------------------------------------------------
# clv.h: options of the new groups
# --------------------------------------------------------------------------------------------

@tap("clv_rfm_options_init / clv_fit_options_init: struct_size == ctypes.sizeof, defaults")
def test_options_init():
    o = RfmOptions(0xDEAD, 7, SENTINEL, SENTINEL, SENTINEL)
    expect_status(lib.clv_rfm_options_init(ctypes.byref(o)), OK, "clv_rfm_options_init")
    check(o.struct_size == ctypes.sizeof(RfmOptions) == 56,
          "rfm struct_size %d, mirror %d" % (o.struct_size, ctypes.sizeof(RfmOptions)))
    check(o.reserved == 0 and o.period == 0.0, "reserved %r, period %r" % (o.reserved, o.period))
    check(o.calibration_end == INF and o.holdout_end == INF,
          "ends %r, %r (documented +INFINITY)" % (o.calibration_end, o.holdout_end))
    f = FitOptions()
    ctypes.memset(ctypes.byref(f), 0x5A, ctypes.sizeof(f))
    expect_status(lib.clv_fit_options_init(ctypes.byref(f)), OK, "clv_fit_options_init")
    check(f.struct_size == ctypes.sizeof(FitOptions) == 144,
          "fit struct_size %d, mirror %d" % (f.struct_size, ctypes.sizeof(FitOptions)))
    check((f.reserved, f.max_iterations, f.use_start) == (0, 200, 0),
          "reserved/max_iterations/use_start %r" % ((f.reserved, f.max_iterations, f.use_start),))
    check(f.tolerance == 1e-10 and f.penalty == 0.0, "tolerance %r, penalty %r"
          % (f.tolerance, f.penalty))
    check(not f.progress and f.user_data is None, "progress/user_data not null")
    expect_status(lib.clv_rfm_options_init(None), EINVAL, "null rfm options")
    expect_status(lib.clv_fit_options_init(None), EINVAL, "null fit options")
    check(not o.diag and not f.diag, "diag pointers not null by default")


@tap("clv_diag through ctypes: a $0 repeat spend named by row, field and rule, and formatted")
def test_diag_through_ctypes():
    d = Diag()
    ctypes.memset(ctypes.byref(d), 0x5A, ctypes.sizeof(d))
    expect_status(lib.clv_diag_init(ctypes.byref(d)), OK, "clv_diag_init")
    check(d.struct_size == ctypes.sizeof(Diag) == 48 and d.status == 0, "diag init")
    x = (ctypes.c_double * 3)(0, 2, 1)
    t_x = (ctypes.c_double * 3)(0, 5, 3)
    T = (ctypes.c_double * 3)(6, 6, 6)
    m = (ctypes.c_double * 3)(0, 20, 0)
    view = RfmView(3, x, t_x, T, m, None)
    expect_status(lib.clv_rfm_check_diag(ctypes.byref(view), 1, ctypes.byref(d)), EDOM,
                  "clv_rfm_check_diag")
    check((d.has_row, d.row, d.field, d.rule) ==
          (1, 2, constant("CLV_FIELD_MONETARY"), constant("CLV_RULE_NOT_POSITIVE")),
          "diag row/field/rule %r" % ((d.has_row, d.row, d.field, d.rule),))
    length = ctypes.c_size_t(0)
    expect_status(lib.clv_diag_format(ctypes.byref(d), None, 0, ctypes.byref(length)), OK,
                  "clv_diag_format (measure)")
    buf = ctypes.create_string_buffer(length.value + 1)
    expect_status(lib.clv_diag_format(ctypes.byref(d), buf, len(buf), None), OK,
                  "clv_diag_format")
    check(buf.value == b"row 2: monetary is 0, must be > 0 where x > 0", repr(buf.value))


# --------------------------------------------------------------------------------------------
# clv.h: RFM summaries
# --------------------------------------------------------------------------------------------

# A hand-made log, sorted by customer id, then time (the clv_rfm_summary contract):
#   customer 3: time 1.0 (amount 5)
#   customer 7: times 0, 2, 2.5, 5.2 (amounts 10, 4, 6, 8)
#   customer 9: time 6.0 (amount 3)
HAND_LOG = ([3, 7, 7, 7, 7, 9], [1.0, 0.0, 2.0, 2.5, 5.2, 6.0], [5.0, 10.0, 4.0, 6.0, 8.0, 3.0])


@tap("clv_rfm_summary of a hand-made log, period 1, calibration_end 4 (FHL 2005 definitions)")
def test_rfm_summary_by_hand():
    # By hand, with period 1 every time is floored to its period start and purchases in one
    # period are one purchase with the summed amount; calibration_end 4 (period start 4):
    #  customer 3: one purchase at 1 -> x = 0, t_x = 0, T = 4 - 1 = 3, monetary 0; no holdout.
    #  customer 7: periods 0, 2, 2, 5 -> calibration purchases at 0 and 2 (2 and 2.5 are one
    #    purchase of 4 + 6 = 10): x = 1 repeat purchase, t_x = 2 - 0 = 2, T = 4 - 0 = 4,
    #    monetary = 10 / 1 = 10; the purchase at 5.2 (period 5 > 4) is holdout: x_holdout 1,
    #    monetary_holdout 8.
    #  customer 9: first purchase at 6 > 4: not in the calibration period, no row.
    log = TransactionLog(*HAND_LOG)
    st, n, bad, out = rfm_summary(log, rfm_options(period=1.0, calibration_end=4.0), 3)
    expect_status(st, OK, "clv_rfm_summary")
    check(n == 2, "n_customers = %d, expected 2 (customer 9 starts after calibration)" % n)
    check(bad == CUSTOMER_SENTINEL, "bad_index written on success (%r)" % bad)
    #          customer, x,   t_x, T,   monetary, x_holdout, monetary_holdout
    expected = [(3, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0),
                (7, 1.0, 2.0, 4.0, 10.0, 1.0, 8.0)]
    check(out.rows(2) == expected, "rows %r, expected %r" % (out.rows(2), expected))
    check(out.customer[2] == CUSTOMER_SENTINEL and out.arrays["x"][2] == SENTINEL,
          "row 2 (beyond n_customers) was written")
    # Without a period every transaction counts: customer 7 has purchases at 0, 2, 2.5 in the
    # calibration period -> x = 2, t_x = 2.5, T = 4, monetary (4 + 6) / 2 = 5.
    st, n, _, out = rfm_summary(log, rfm_options(period=0.0, calibration_end=4.0), 2)
    expect_status(st, OK, "clv_rfm_summary, period 0")
    check(n == 2 and out.rows(2)[1] == (7, 2.0, 2.5, 4.0, 5.0, 1.0, 8.0),
          "period 0: rows %r" % out.rows(n))
    # Defaults (no options): all calibration, T measured to the last transaction (6):
    # customer 9 gets x = 0, T = 0; customer 7 x = 3 (0, 2, 2.5, 5.2), t_x = 5.2, T = 6.
    st, n, _, out = rfm_summary(log, None, 3)
    expect_status(st, OK, "clv_rfm_summary, default options")
    check(n == 3, "default options: n_customers = %d" % n)
    check([r[:4] for r in out.rows(3)] == [(3, 0.0, 0.0, 5.0), (7, 3.0, 5.2, 6.0),
                                          (9, 0.0, 0.0, 0.0)], "defaults: rows %r" % out.rows(3))


@tap("clv_rfm_update / clv_rfm_state_summary stream the same rows as clv_rfm_summary")
def test_rfm_streaming_equals_batch():
    log = TransactionLog(*HAND_LOG)
    # A till sees each customer's calibration purchases one by one (customer 7's holdout
    # purchase at 5.2 comes after "now" = 4; customer 9 has not bought yet).
    till = {3: [(1.0, 5.0)], 7: [(0.0, 10.0), (2.0, 4.0), (2.5, 6.0)]}
    for period in (1.0, 0.0):
        st, n, _, out = rfm_summary(log, rfm_options(period=period, calibration_end=4.0), 2)
        expect_status(st, OK, "clv_rfm_summary")
        batch = {row[0]: row[1:5] for row in out.rows(n)}
        for customer, purchases in till.items():
            row, _ = stream_summary(purchases, 4.0, period)
            check(row == batch[customer], "period %r, customer %d: streamed %r, batch %r"
                  % (period, customer, row, batch[customer]))
    # By hand, as in the batch test: period 1 -> (1, 2, 4, 10); period 0 -> (2, 2.5, 4, 5).
    check(stream_summary(till[7], 4.0, 1.0)[0] == (1.0, 2.0, 4.0, 10.0), "customer 7, period 1")
    check(stream_summary(till[7], 4.0, 0.0)[0] == (2.0, 2.5, 4.0, 5.0), "customer 7, period 0")
    # monetary is optional.
    _, state = stream_summary(till[7], 4.0, 1.0)
    x, t_x, T = (ctypes.c_double(SENTINEL) for _ in range(3))
    expect_status(lib.clv_rfm_state_summary(ctypes.byref(state), 4.0, 1.0, ctypes.byref(x),
                                            ctypes.byref(t_x), ctypes.byref(T), None), OK,
                  "null monetary")
    check((x.value, t_x.value, T.value) == (1.0, 2.0, 4.0), "without monetary")


@tap("clv_rfm_order: a shuffled log read through the permutation gives the sorted log's rows")
def test_rfm_order():
    customers, times, amounts = HAND_LOG
    shuffle = [4, 0, 5, 2, 1, 3]  # position p of the shuffled log holds transaction shuffle[p]
    log = TransactionLog([customers[i] for i in shuffle], [times[i] for i in shuffle],
                         [amounts[i] for i in shuffle])
    order = (c_size_t * log.n)(*[CUSTOMER_SENTINEL] * log.n)
    expect_status(lib.clv_rfm_order(log.customer, log.time, log.n, order), OK, "clv_rfm_order")
    check(sorted(order) == list(range(log.n)), "not a permutation: %r" % list(order))
    keys = [(log.customer[i], log.time[i]) for i in order]
    check(keys == sorted(keys), "not sorted by (customer, time): %r" % keys)
    options = rfm_options(period=1.0, calibration_end=4.0)
    st, n, _, shuffled = rfm_summary(log, options, 2, order)
    expect_status(st, OK, "clv_rfm_summary through the order")
    st, m, _, sorted_out = rfm_summary(TransactionLog(*HAND_LOG), options, 2)
    expect_status(st, OK, "clv_rfm_summary of the sorted log")
    check(n == m == 2 and shuffled.rows(n) == sorted_out.rows(m),
          "through order %r, sorted %r" % (shuffled.rows(n), sorted_out.rows(m)))
    # Stable for equal keys: two transactions of customer 5 at time 1 keep their positions.
    tie = TransactionLog([5, 5, 1], [1.0, 1.0, 0.0])
    order = (c_size_t * 3)()
    expect_status(lib.clv_rfm_order(tie.customer, tie.time, 3, order), OK, "ties")
    check(list(order) == [2, 0, 1], "stable order of ties: %r" % list(order))


@tap("clv_rfm_order_workspace: the record sort in a ctypes buffer gives the sorted permutation")
def test_rfm_order_workspace():
    customers = [(i * 7919) % 1009 for i in range(5000)]
    times = [float((i * 104729) % 365) for i in range(5000)]
    log = TransactionLog(customers, times)
    need = c_size_t(12345)
    expect_status(lib.clv_rfm_order_workspace_size(log.customer, log.time, log.n,
                                                   ctypes.byref(need)), OK, "size")
    check(need.value == 8 * log.n + 64, "packed layout wants 8 n + 64 bytes: %d" % need.value)
    ws = ctypes.create_string_buffer(need.value)
    order = (c_size_t * log.n)()
    expect_status(lib.clv_rfm_order_workspace(log.customer, log.time, log.n, order, ws,
                                              need.value, WorkFn(), None), OK, "sort")
    want = sorted(range(log.n), key=lambda i: (customers[i], times[i], i))
    check(list(order) == want, "not the (customer, time, index) permutation")


@tap("clv_rfm errors: unsorted log -> CLV_EINVAL with bad_index, NaN -> CLV_EDOM, untouched")
def test_rfm_errors():
    options = rfm_options(period=1.0, calibration_end=4.0)

    def summary_fails(log, expected, bad_expected, what, order=None, opts=options):
        st, n, bad, out = rfm_summary(log, opts, 4, order)
        expect_status(st, expected, what)
        check(bad == bad_expected, "%s: bad_index %r, expected %r" % (what, bad, bad_expected))
        check(n == CUSTOMER_SENTINEL, "%s: n_customers written (%r)" % (what, n))
        out.untouched(what)
    # Customer ids must not decrease: 7 then 3 -> position 1.
    summary_fails(TransactionLog([7, 3], [0.0, 1.0]), EINVAL, 1, "customers 7, 3")
    # Time must not go back within a customer: 0, 2, 1 -> position 2.
    summary_fails(TransactionLog([7, 7, 7], [0.0, 2.0, 1.0]), EINVAL, 2, "times 0, 2, 1")
    # Sorted by time but not by customer (the old contract): 9 at 0, then 3 at 1 -> position 1.
    summary_fails(TransactionLog([9, 3, 7], [0.0, 1.0, 2.0]), EINVAL, 1, "sorted by time only")
    summary_fails(TransactionLog([3, 7, 7], [1.0, NAN, 2.0]), EDOM, 1, "NaN time")
    summary_fails(TransactionLog([3, 7, 7], [1.0, 0.0, 2.0], [1.0, 1.0, INF]), EDOM, 2,
                  "infinite amount")
    sorted3 = TransactionLog([3, 7, 7], [1.0, 0.0, 2.0])
    summary_fails(sorted3, EINVAL, 2, "order index out of range", (c_size_t * 3)(0, 1, 5))
    summary_fails(sorted3, EINVAL, 2, "order index repeated", (c_size_t * 3)(0, 1, 1))
    # Options errors carry no position: bad_index stays untouched.
    summary_fails(sorted3, ESTRUCT, CUSTOMER_SENTINEL, "struct_size 0",
                  opts=rfm_options(struct_size=0))
    summary_fails(sorted3, ESTRUCT, CUSTOMER_SENTINEL, "reserved 1", opts=rfm_options(reserved=1))
    summary_fails(sorted3, EDOM, CUSTOMER_SENTINEL, "holdout_end < calibration_end",
                  opts=rfm_options(calibration_end=4.0, holdout_end=3.0))
    summary_fails(sorted3, EDOM, CUSTOMER_SENTINEL, "negative period",
                  opts=rfm_options(period=-1.0))
    summary_fails(sorted3, EDOM, CUSTOMER_SENTINEL, "NaN calibration_end",
                  opts=rfm_options(calibration_end=NAN))
    # Too small a table: CLV_ENOMEM and the number of rows needed.
    out = RfmOutput(1)
    n = ctypes.c_size_t(0)
    st = lib.clv_rfm_summary(sorted3.customer, sorted3.time, None, 3, None, None,
                             ctypes.byref(out.table), ctypes.byref(n), None)
    expect_status(st, ENOMEM, "capacity 1 for 2 customers")
    check(n.value == 2, "CLV_ENOMEM: n_customers = %d, expected the 2 rows needed" % n.value)
    out = RfmOutput(2)
    expect_status(lib.clv_rfm_summary(sorted3.customer, sorted3.time, None, 0, None, None,
                                      ctypes.byref(out.table), ctypes.byref(n), None),
                  EINVAL, "n = 0")
    expect_status(lib.clv_rfm_summary(sorted3.customer, None, None, 3, None, None,
                                      ctypes.byref(out.table), ctypes.byref(n), None),
                  EINVAL, "null time")
    out.untouched("n = 0 / null time")
    expect_status(lib.clv_rfm_order(sorted3.customer, doubles([0.0, NAN, 1.0]), 3,
                                    (c_size_t * 3)()), EDOM, "clv_rfm_order, NaN time")

    # The till: an earlier purchase is CLV_EINVAL, a NaN CLV_EDOM; the state is unchanged.
    _, state = stream_summary([(0.0, 10.0), (2.0, 4.0)], 4.0, 1.0)
    before = bytes(state)
    for args, expected, what in (((1.0, 1.0, 1.0), EINVAL, "purchase before the last one"),
                                 ((3.0, NAN, 1.0), EDOM, "NaN amount"),
                                 ((INF, 1.0, 1.0), EDOM, "infinite time"),
                                 ((3.0, 1.0, -1.0), EDOM, "negative period")):
        expect_status(lib.clv_rfm_update(ctypes.byref(state), *args), expected, what)
        check(bytes(state) == before, "%s: the state changed" % what)
    expect_status(lib.clv_rfm_update(None, 1.0, 1.0, 0.0), EINVAL, "null state")

    def state_summary_fails(s, now, expected, what):
        outs = [ctypes.c_double(SENTINEL) for _ in range(4)]
        expect_status(lib.clv_rfm_state_summary(ctypes.byref(s), now, 1.0,
                                                *[ctypes.byref(o) for o in outs]), expected, what)
        check(all(o.value == SENTINEL for o in outs), "%s: outputs written" % what)
    empty = RfmState()
    lib.clv_rfm_state_init(ctypes.byref(empty))
    state_summary_fails(empty, 4.0, EINVAL, "a state with no purchase")
    state_summary_fails(state, 1.0, EDOM, "now before the last purchase")
    state_summary_fails(state, NAN, EDOM, "NaN now")
    forged = RfmState.from_buffer_copy(state)
    forged.purchases = 1.5
    state_summary_fails(forged, 4.0, EDOM, "an invalid state (1.5 purchases)")

    # clv_rfm_check finds the first row a model would reject.
    def check_fails(table, need_monetary, expected, bad_expected, what):
        bad = ctypes.c_size_t(CUSTOMER_SENTINEL)
        expect_status(lib.clv_rfm_check(ctypes.byref(table.view), need_monetary,
                                        ctypes.byref(bad)), expected, what)
        check(bad.value == bad_expected, "%s: bad_index %r, expected %r"
              % (what, bad.value, bad_expected))
    check_fails(CustomerTable([0, 1, 2], [0.0, 1.0, 5.0], [3.0, 3.0, 4.0]), 0, EDOM, 2,
                "t_x 5 > T 4 in row 2")
    check_fails(CustomerTable([0, 1, 2], [0.5, 1.0, 2.0], [3.0, 3.0, 4.0]), 0, EDOM, 0,
                "x = 0 with t_x > 0")
    check_fails(CustomerTable([0, 1.5], [0.0, 1.0], [3.0, 3.0]), 0, EDOM, 1, "x = 1.5")
    check_fails(CustomerTable([0, 1], [0.0, 1.0], [3.0, 3.0], [1.0, -1.0]), 0, EDOM, 1,
                "negative weight")
    check_fails(CustomerTable([0, 1], [0.0, 1.0], [3.0, 3.0]), 1, EINVAL, CUSTOMER_SENTINEL,
                "need_monetary without a monetary column")
    check_fails(CustomerTable([], [], []), 0, EINVAL, CUSTOMER_SENTINEL, "count 0")
    check_fails(CustomerTable([0, 1], [0.0, 1.0], [3.0, 3.0]), 0, OK, CUSTOMER_SENTINEL,
                "a valid table")


# --------------------------------------------------------------------------------------------
# clv.h: BG/NBD on CDNOW
# --------------------------------------------------------------------------------------------

@tap("BG/NBD log-likelihood of CDNOW at r, alpha, a, b = 0.243, 4.414, 0.793, 2.426: -9582.4 "
     "(Fader, Hardie & Lee 2005)")
def test_bgnbd_loglik_cdnow():
    table = cdnow()
    bad = ctypes.c_size_t(CUSTOMER_SENTINEL)
    expect_status(lib.clv_rfm_check(ctypes.byref(table.view), 0, ctypes.byref(bad)), OK,
                  "clv_rfm_check(CDNOW)")
    ll, gradient = bgnbd_loglik(PAPER, table)
    # FHL 2005 print the log-likelihood to one decimal: -9582.4 +/- 0.05.
    check(abs(ll - (-9582.4)) <= 0.05, "LL = %.6f, published -9582.4" % ll)
    check(all(math.isfinite(g) for g in gradient), "gradient %r" % gradient)
    ll_only, _ = bgnbd_loglik(PAPER, table, gradient=False)
    check(ll_only == ll, "with and without the gradient: %r, %r" % (ll, ll_only))


@tap("BG/NBD: a weighted table (GROUP BY x, t_x, T) gives the unweighted LL and gradient")
def test_bgnbd_weights():
    table = cdnow()
    groups = {}
    for row in zip(*table.columns[:3]):
        groups[row] = groups.get(row, 0) + 1
    rows = sorted(groups)
    compressed = CustomerTable([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                               [float(groups[r]) for r in rows])
    check(len(rows) < CDNOW_CUSTOMERS / 2, "only %d distinct rows?" % len(rows))
    ll, g = bgnbd_loglik(PAPER, table)
    llw, gw = bgnbd_loglik(PAPER, compressed)
    close(llw, ll, "weighted LL", rel=1e-12)
    for i in range(4):
        close(gw[i], g[i], "weighted gradient[%d]" % i, rel=1e-9, abs_tol=1e-9)


@tap("clv_mbgnbd_fit on CDNOW: 0.525, 6.183, 0.891, 1.614 (lifetimes' suite)")
def test_mbgnbd_fit_cdnow():
    table = cdnow()
    est, report = MbgnbdParams(SENTINEL, SENTINEL, SENTINEL, SENTINEL), FitReport()
    expect_status(lib.clv_mbgnbd_fit(ctypes.byref(table.view), None, ctypes.byref(est),
                                     ctypes.byref(report)), OK, "clv_mbgnbd_fit")
    for name, published in (("r", 0.525), ("alpha", 6.183), ("a", 0.891), ("b", 1.614)):
        value = getattr(est, name)
        check(abs(value - published) <= 0.0005, "%s = %.6f, lifetimes %g"
              % (name, value, published))
    # A customer without repeat purchases may have left at once: P(alive) < 1.
    p = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_mbgnbd_p_alive(ctypes.byref(est), 0.0, 0.0, 38.86, ctypes.byref(p)),
                  OK, "clv_mbgnbd_p_alive")
    check(0.0 < p.value < 1.0, "P(alive | x = 0) = %r" % p.value)


@tap("clv_bgbb_fit on the donations: 1.204, 0.750, 0.657, 2.783 (Fader, Hardie & Shang 2010)")
def test_bgbb_fit_donations():
    path = os.path.join(os.path.dirname(CDNOW_CSV), "donations.csv")
    with open(path, newline="", encoding="ascii") as f:
        rows = list(csv.DictReader(f))
    cols = [[float(r[c]) for r in rows] for c in ("frequency", "recency", "periods", "weights")]
    arrays = [doubles(c) for c in cols]
    view = RfmView(len(rows), as_pointer(arrays[0]), as_pointer(arrays[1]),
                   as_pointer(arrays[2]), None, as_pointer(arrays[3]))
    est, report = BgbbParams(SENTINEL, SENTINEL, SENTINEL, SENTINEL), FitReport()
    expect_status(lib.clv_bgbb_fit(ctypes.byref(view), None, ctypes.byref(est),
                                   ctypes.byref(report)), OK, "clv_bgbb_fit")
    for name, published in (("alpha", 1.204), ("beta", 0.750), ("gamma", 0.657),
                            ("delta", 2.783)):
        value = getattr(est, name)
        check(abs(value - published) <= 0.0005, "%s = %.6f, published %g"
              % (name, value, published))
    check(abs(report.loglik - (-33225.6)) <= 0.05, "LL %.3f" % report.loglik)
    # Hardie's sheet: E[X(6)] for a new donor 2.2202 (four decimals).
    e = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_bgbb_expected_purchases_new(ctypes.byref(est), 6.0, ctypes.byref(e)),
                  OK, "clv_bgbb_expected_purchases_new")
    check(abs(e.value - 2.2202) <= 0.0005, "E[X(6)] = %.5f" % e.value)


@tap("clv_gg_fit on CDNOW repeat customers: 6.25, 3.74, 15.44 (Fader & Hardie 2013)")
def test_gg_fit_cdnow():
    with open(CDNOW_CSV, newline="", encoding="ascii") as f:
        rows = list(csv.DictReader(f))
    cols = [[float(r[c]) for r in rows] for c in ("x", "t_x", "T", "zbar")]
    arrays = [doubles(c) for c in cols]
    view = RfmView(len(rows), as_pointer(arrays[0]), as_pointer(arrays[1]),
                   as_pointer(arrays[2]), as_pointer(arrays[3]), None)
    est, report = GgParams(SENTINEL, SENTINEL, SENTINEL), FitReport()
    expect_status(lib.clv_gg_fit(ctypes.byref(view), None, ctypes.byref(est),
                                 ctypes.byref(report)), OK, "clv_gg_fit")
    # Three significant digits: +/- 0.005, 0.005, 0.05 (the note prints 6.25, 3.74, 15.44).
    for name, value, published, tol in (("p", est.p, 6.25, 0.005), ("q", est.q, 3.74, 0.005),
                                        ("gamma", est.gamma, 15.44, 0.05)):
        check(abs(value - published) <= tol, "%s = %.6f, published %g" % (name, value, published))
    check(report.converged == 1 and report.n_params == 3, "report %d %d"
          % (report.converged, report.n_params))
    # The population mean p gamma / (q - 1) at the fit: Hardie's sheet shows 35.17 for x = 0.
    spend = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_gg_expected_spend(ctypes.byref(est), 0.0, 0.0, ctypes.byref(spend)),
                  OK, "clv_gg_expected_spend")
    check(abs(spend.value - 35.17) <= 0.005, "population mean %.4f" % spend.value)
    # No monetary column: CLV_EINVAL, nothing written.
    view.monetary = None
    before = GgParams(1.0, 2.0, 3.0)
    expect_status(lib.clv_gg_fit(ctypes.byref(view), None, ctypes.byref(before), None), EINVAL,
                  "clv_gg_fit without monetary")
    check((before.p, before.q, before.gamma) == (1.0, 2.0, 3.0), "params written on error")


@tap("clv_bgnbd_fit on CDNOW: 0.243, 4.414, 0.793, 2.426 (FHL 2005), converged, LL -9582.4")
def test_bgnbd_fit_cdnow():
    table = cdnow()
    st, est, report = bgnbd_fit(table)
    expect_status(st, OK, "clv_bgnbd_fit")
    for name, value, published in zip(("r", "alpha", "a", "b"), est, PAPER):
        # Three decimals printed: +/- 0.0005.
        check(abs(value - published) <= 0.0005, "%s = %.7f, published %.3f"
              % (name, value, published))
    check(report.converged == 1, "report.converged = %d" % report.converged)
    check(report.n_params == 4, "report.n_params = %d" % report.n_params)
    check(abs(report.loglik - (-9582.4)) <= 0.05, "report.loglik %.6f" % report.loglik)
    close(report.loglik, bgnbd_loglik(est, table)[0], "report.loglik = LL at the estimate",
          rel=1e-13)
    check(report.loglik >= bgnbd_loglik(LIFETIMES, table)[0],
          "lifetimes' fit has a higher likelihood than ours")
    check(report.covariance_ok == 1, "covariance_ok = %d" % report.covariance_ok)
    for i in range(4):
        se = report.std_error[i]
        check(0.0 < se < est[i], "std_error[%d] = %r" % (i, se))
        close(se, math.sqrt(report.covariance[i * 4 + i]), "std_error = sqrt(cov ii)", rel=1e-15)
    check(report.iterations >= 1 and report.evaluations >= report.iterations,
          "iterations %d, evaluations %d" % (report.iterations, report.evaluations))
    # An iteration cap of 2: CLV_ENOCONV, honestly reported, with the point reached written.
    st, est2, report2 = bgnbd_fit(table, fit_options(max_iterations=2))
    expect_status(st, ENOCONV, "max_iterations 2")
    check(report2.converged == 0 and report2.iterations == 2,
          "converged %d, iterations %d" % (report2.converged, report2.iterations))
    check(all(math.isfinite(v) and v > 0 for v in est2), "ENOCONV estimate %r" % est2)


@tap("reverse-communication fit over 3 chunks of CDNOW, driven from Python == clv_bgnbd_fit")
def test_bgnbd_reverse_communication():
    table = cdnow()
    st, one_call, one_report = bgnbd_fit(table)
    expect_status(st, OK, "clv_bgnbd_fit")
    chunks = table.chunks(3)
    check([c.view.count for c in chunks] == [785, 786, 786], "chunk sizes %r"
          % [c.view.count for c in chunks])
    st, est, report, evaluations = reverse_communication_fit(MODEL_BGNBD,
                                                             bgnbd_loglik_over(chunks))
    expect_status(st, OK, "clv_fit_result")
    for name, a, b in zip(("r", "alpha", "a", "b"), est, one_call):
        close(a, b, "chunked vs one-call " + name, rel=1e-8)
    check(report.converged == 1 and report.n_params == 4, "converged %d, n_params %d"
          % (report.converged, report.n_params))
    close(report.loglik, one_report.loglik, "LL", rel=1e-12)
    check(report.evaluations == evaluations, "report.evaluations %d, points evaluated here %d"
          % (report.evaluations, evaluations))
    for i in range(4):
        close(report.std_error[i], one_report.std_error[i], "std_error[%d]" % i, rel=1e-5)


@tap("a Python progress callback (CFUNCTYPE) cancelling at iteration 2 -> CLV_ECANCELED (-5)")
def test_progress_callback_cancels():
    check(ECANCELED == -5, "CLV_ECANCELED = %d, documented -5" % ECANCELED)
    calls = []
    marker = ctypes.c_int(4242)

    def progress(user_data, iteration, loglik, params, n_params):
        try:
            calls.append((user_data, iteration, loglik, [params[i] for i in range(n_params)]))
            return 1 if iteration >= 2 else 0
        except Exception:  # an exception cannot cross into C: cancel instead
            calls.append(("exception", traceback.format_exc()))
            return 1
    callback = ProgressFn(progress)  # referenced until the fit returns
    options = fit_options(progress=callback, user_data=ctypes.addressof(marker))
    st, est, report = bgnbd_fit(cdnow(), options)
    expect_status(st, ECANCELED, "clv_bgnbd_fit with a cancelling callback")
    check(all(c[0] != "exception" for c in calls), "callback raised: %r" % calls)
    check([c[1] for c in calls] == [1, 2], "iterations seen %r" % [c[1] for c in calls])
    check(all(c[0] == ctypes.addressof(marker) for c in calls), "user_data not passed through")
    check(all(len(c[3]) == 4 and all(v > 0 for v in c[3]) for c in calls), "params %r" % calls)
    check(calls[0][2] < calls[1][2] < 0, "loglik not improving: %r" % [c[2] for c in calls])
    check(est == calls[-1][3], "the estimate %r is not the point at cancellation %r"
          % (est, calls[-1][3]))
    check(report.iterations == 2 and report.converged == 0, "report: iterations %d, converged %d"
          % (report.iterations, report.converged))
    close(report.loglik, calls[-1][2], "report.loglik = callback's (no penalty)", rel=1e-13)
    # The same through reverse communication: clv_fit_next and clv_fit_result say ECANCELED.
    del calls[:]
    st, est_rc, _, _ = reverse_communication_fit(MODEL_BGNBD,
                                                 bgnbd_loglik_over(cdnow().chunks(3)), options)
    expect_status(st, ECANCELED, "clv_fit_result after a cancelled reverse-communication fit")
    check([c[1] for c in calls] == [1, 2], "reverse communication: iterations %r"
          % [c[1] for c in calls])
    check(est_rc == calls[-1][3], "reverse communication: estimate is not the last point")


@tap("BG/NBD worked example x=2, t_x=30.43, T=38.86: 1.226 purchases in 39 weeks (FHL 2005)")
def test_bgnbd_worked_example():
    params = BgnbdParams(*PAPER)
    e = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_bgnbd_expected_purchases(ctypes.byref(params), 2.0, 30.43, 38.86, 39.0,
                                                   ctypes.byref(e)), OK,
                  "clv_bgnbd_expected_purchases")
    # refs/published.md [T, Hardie's spreadsheet]: 1.226 (3 decimals: +/- 0.0005).
    check(abs(e.value - 1.226) <= 0.0005, "E[X(39) | 2, 30.43, 38.86] = %.7f, published 1.226"
          % e.value)


@tap("BG/NBD P(alive) and E[X(52)] for x=26, t_x=30.85714, T=31: 0.9688523, 25.75659 (BTYD)")
def test_bgnbd_btyd_customer():
    params = BgnbdParams(*BTYD)
    p, e = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
    expect_status(lib.clv_bgnbd_p_alive(ctypes.byref(params), 26.0, 30.85714, 31.0,
                                        ctypes.byref(p)), OK, "clv_bgnbd_p_alive")
    expect_status(lib.clv_bgnbd_expected_purchases(ctypes.byref(params), 26.0, 30.85714, 31.0,
                                                   52.0, ctypes.byref(e)), OK,
                  "clv_bgnbd_expected_purchases")
    # refs/published.md [R], printed to 7 significant digits; BTYD's own series carries ~1e-6.
    close(p.value, 0.9688523, "P(alive)", rel=1e-6)
    close(e.value, 25.75659, "E[X(52)]", rel=1e-5)
    # A customer without repeat purchases is alive with probability 1 (the formula's [x > 0]).
    expect_status(lib.clv_bgnbd_p_alive(ctypes.byref(params), 0.0, 0.0, 31.0, ctypes.byref(p)),
                  OK, "x = 0")
    check(p.value == 1.0, "P(alive | x = 0) = %r" % p.value)


@tap("BG/NBD new customer: E[X(t)] 0.0532, 0.1506, 1.0437, 1.8576; P(X(39)=0) = 0.5737864")
def test_bgnbd_new_customer():
    e = ctypes.c_double(SENTINEL)
    params = BgnbdParams(*LIFETIMES)
    # refs/published.md [T] (Hardie's sheet as lifetimes' suite quotes it, which holds them to
    # 3 decimals because the sheet's parameters are known only to 3 decimals).
    for t, published in ((1.0, 0.0532), (3.0, 0.1506), (32.0, 1.0437), (78.0, 1.8576)):
        expect_status(lib.clv_bgnbd_expected_purchases_new(ctypes.byref(params), t,
                                                           ctypes.byref(e)), OK, "E[X(%g)]" % t)
        check(abs(e.value - published) <= 0.001, "E[X(%g)] = %.6f, published %.4f"
              % (t, e.value, published))
    expect_status(lib.clv_bgnbd_expected_purchases_new(ctypes.byref(BgnbdParams(*BTYD)), 52.0,
                                                       ctypes.byref(e)), OK, "E[X(52)]")
    close(e.value, 1.444004, "E[X(52)] at the BTYD fit [R]", rel=1e-6)
    p = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_bgnbd_prob_purchases(ctypes.byref(BgnbdParams(*PAPER)), 39.0, 0.0,
                                               ctypes.byref(p)), OK, "P(X(39)=0)")
    check(abs(p.value - 0.5737864) <= 5e-8, "P(X(39)=0) = %.9f, published 0.5737864 [T]"
          % p.value)


@tap("clv_bgnbd_p_alive_array / _expected_purchases_array == the scalar functions row by row")
def test_bgnbd_arrays():
    table = cdnow()
    params = BgnbdParams(*PAPER)
    n = table.view.count
    p_alive, expected = doubles([SENTINEL] * n), doubles([SENTINEL] * n)
    expect_status(lib.clv_bgnbd_p_alive_array(ctypes.byref(params), ctypes.byref(table.view),
                                              p_alive), OK, "clv_bgnbd_p_alive_array")
    expect_status(lib.clv_bgnbd_expected_purchases_array(ctypes.byref(params),
                                                         ctypes.byref(table.view), 39.0,
                                                         expected), OK,
                  "clv_bgnbd_expected_purchases_array")
    x, t_x, T = table.columns[:3]
    for i in list(range(0, n, 97)) + [n - 1]:
        p = ok_double(lib.clv_bgnbd_p_alive, ctypes.byref(params), x[i], t_x[i], T[i])
        e = ok_double(lib.clv_bgnbd_expected_purchases, ctypes.byref(params), x[i], t_x[i], T[i],
                      39.0)
        close(p_alive[i], p, "P(alive) row %d" % i, rel=1e-15)
        close(expected[i], e, "E[X(39)] row %d" % i, rel=1e-15)
    close(expected[0], 1.226, "row 0 is the worked example (ID 1: 2, 30.43, 38.86)", rel=5e-4)
    check(all(0.0 <= v <= 1.0 for v in p_alive), "a P(alive) outside [0, 1]")


@tap("clv_p_alive_rows / clv_expected_purchases_rows: a bad row refused alone, the rest scored")
def test_rows_with_status():
    table = cdnow()
    n = table.view.count
    x, t_x, T = (list(c) for c in table.columns[:3])
    t_x[5] = T[5] + 1.0  # an impossible history: t_x > T
    cols = [doubles(x), doubles(t_x), doubles(T)]
    view = RfmView(n, *(as_pointer(c) for c in cols), None, None)
    model = PurchaseModel(1, 0, (c_double * 4)(*PAPER))  # CLV_MODEL_BGNBD
    params = BgnbdParams(*PAPER)
    out = doubles([SENTINEL] * n)
    status = (ctypes.c_int32 * n)(*([7] * n))
    expect_status(lib.clv_expected_purchases_rows(ctypes.byref(model), ctypes.byref(view), 39.0,
                                                  out, status), OK,
                  "clv_expected_purchases_rows")
    check(status[5] == EDOM and out[5] == SENTINEL, "row 5: status %d, value %r"
          % (status[5], out[5]))
    for i in [0, 4, 6, n - 1]:
        check(status[i] == OK, "row %d status %d" % (i, status[i]))
        e = ok_double(lib.clv_bgnbd_expected_purchases, ctypes.byref(params), x[i], t_x[i], T[i],
                      39.0)
        close(out[i], e, "E[X(39)] row %d" % i, rel=1e-15)
    close(out[0], 1.226, "row 0 is the worked example (ID 1: 2, 30.43, 38.86)", rel=5e-4)
    out2 = doubles([SENTINEL] * n)
    expect_status(lib.clv_p_alive_rows(ctypes.byref(model), ctypes.byref(view), out2, None),
                  EDOM, "clv_p_alive_rows without statuses")
    check(all(v == SENTINEL for v in out2), "an output written on a refused table")


@tap("clv_bgnbd errors: t_x > T -> CLV_EDOM, bad row/empty/null -> CLV_EDOM/EINVAL, untouched")
def test_bgnbd_errors():
    paper = BgnbdParams(*PAPER)
    ref = ctypes.byref(paper)
    fails_untouched(lib.clv_bgnbd_p_alive, (ref, 2.0, 40.0, 38.86), EDOM, "t_x 40 > T 38.86")
    fails_untouched(lib.clv_bgnbd_p_alive, (ref, 0.0, 1.0, 38.86), EDOM, "x = 0 with t_x 1")
    fails_untouched(lib.clv_bgnbd_p_alive, (ref, 1.5, 1.0, 38.86), EDOM, "x = 1.5")
    fails_untouched(lib.clv_bgnbd_p_alive, (None, 1.0, 1.0, 38.86), EINVAL, "null params")
    fails_untouched(lib.clv_bgnbd_expected_purchases, (ref, 2.0, 30.43, 38.86, NAN), EDOM,
                    "NaN horizon")
    fails_untouched(lib.clv_bgnbd_expected_purchases, (ref, 2.0, 30.43, 38.86, -1.0), EDOM,
                    "negative horizon")
    fails_untouched(lib.clv_bgnbd_expected_purchases_new, (ref, INF), EDOM, "infinite t")
    fails_untouched(lib.clv_bgnbd_prob_purchases, (ref, 39.0, 1.5), EDOM, "n = 1.5")
    for field, value in (("r", 0.0), ("alpha", -1.0), ("a", NAN), ("b", INF)):
        bad = BgnbdParams(*PAPER)
        setattr(bad, field, value)
        fails_untouched(lib.clv_bgnbd_expected_purchases, (ctypes.byref(bad), 2.0, 30.43, 38.86,
                                                           39.0), EDOM, "%s = %r" % (field, value))
        fails_untouched(lib.clv_bgnbd_expected_purchases_new, (ctypes.byref(bad), 1.0), EDOM,
                        "new customer, %s = %r" % (field, value))
    expect_status(lib.clv_bgnbd_p_alive(ref, 1.0, 1.0, 2.0, None), EINVAL, "null output")

    # A table with one bad row (row 2: t_x 5 > T 4): nothing is written, clv_rfm_check finds it.
    table = CustomerTable([0.0, 1.0, 2.0, 1.0], [0.0, 1.0, 5.0, 2.0], [3.0, 3.0, 4.0, 4.0])
    ll, grad = ctypes.c_double(SENTINEL), doubles([SENTINEL] * 4)
    expect_status(lib.clv_bgnbd_loglik(ref, ctypes.byref(table.view), ctypes.byref(ll), grad),
                  EDOM, "clv_bgnbd_loglik, bad row")
    check(ll.value == SENTINEL and list(grad) == [SENTINEL] * 4, "loglik/gradient written")
    bad_index = ctypes.c_size_t(CUSTOMER_SENTINEL)
    expect_status(lib.clv_rfm_check(ctypes.byref(table.view), 0, ctypes.byref(bad_index)), EDOM,
                  "clv_rfm_check")
    check(bad_index.value == 2, "clv_rfm_check: bad_index %r, expected 2" % bad_index.value)
    out = doubles([SENTINEL] * 4)
    expect_status(lib.clv_bgnbd_p_alive_array(ref, ctypes.byref(table.view), out), EDOM,
                  "clv_bgnbd_p_alive_array, bad row")
    expect_status(lib.clv_bgnbd_expected_purchases_array(ref, ctypes.byref(table.view), 39.0,
                                                         out), EDOM,
                  "clv_bgnbd_expected_purchases_array, bad row")
    check(list(out) == [SENTINEL] * 4, "array outputs written before the bad row: %r" % list(out))
    good = CustomerTable([0.0, 1.0], [0.0, 1.0], [3.0, 3.0])
    expect_status(lib.clv_bgnbd_expected_purchases_array(ref, ctypes.byref(good.view), NAN, out),
                  EDOM, "array, NaN horizon")
    check(list(out) == [SENTINEL] * 4, "array outputs written with a NaN horizon")
    st, est, _ = bgnbd_fit(table)
    expect_status(st, EDOM, "clv_bgnbd_fit, bad row")
    check(est == [SENTINEL] * 4, "clv_bgnbd_fit wrote params %r" % est)
    empty = CustomerTable([], [], [])
    expect_status(lib.clv_bgnbd_loglik(ref, ctypes.byref(empty.view), ctypes.byref(ll), None),
                  EINVAL, "empty table")
    expect_status(lib.clv_bgnbd_loglik(ref, None, ctypes.byref(ll), None), EINVAL, "null table")
    check(ll.value == SENTINEL, "loglik written by a failing call")


@tap("clv_fit errors: unknown model, bad options, calls out of turn, NaN told")
def test_fit_errors():
    def start_fails(model, options, expected, what):
        state = FitState()
        n = ctypes.c_uint32(777)
        expect_status(lib.clv_fit_start(ctypes.byref(state), model,
                                        ctypes.byref(options) if options is not None else None,
                                        ctypes.byref(n)), expected, what)
        check(n.value == 777, "%s: n_params written (%d)" % (what, n.value))
    start_fails(99, None, EINVAL, "unknown model 99")
    start_fails(0, None, EINVAL, "model 0")
    start_fails(MODEL_BGNBD, fit_options(struct_size=0), ESTRUCT, "struct_size 0")
    start_fails(MODEL_BGNBD, fit_options(reserved=1), ESTRUCT, "reserved 1")
    start_fails(MODEL_BGNBD, fit_options(tolerance=0.0), EDOM, "tolerance 0")
    start_fails(MODEL_BGNBD, fit_options(tolerance=NAN), EDOM, "NaN tolerance")
    start_fails(MODEL_BGNBD, fit_options(penalty=-1.0), EDOM, "negative penalty")
    start_fails(MODEL_BGNBD, fit_options(max_iterations=0), EDOM, "max_iterations 0")
    start_fails(MODEL_BGNBD, fit_options(use_start=1), EDOM, "use_start with start 0")
    expect_status(lib.clv_fit_start(None, MODEL_BGNBD, None, None), EINVAL, "null state")

    point, request = doubles([SENTINEL] * MAX_PARAMS), ctypes.c_int(-9)
    never_started = FitState()
    expect_status(lib.clv_fit_next(ctypes.byref(never_started), point, ctypes.byref(request)),
                  EINVAL, "clv_fit_next on a state never started")
    check(list(point) == [SENTINEL] * MAX_PARAMS and request.value == -9, "outputs written")

    state = FitState()
    expect_status(lib.clv_fit_start(ctypes.byref(state), MODEL_BGNBD, None, None), OK, "start")
    grad = doubles([0.0] * MAX_PARAMS)
    expect_status(lib.clv_fit_tell(ctypes.byref(state), -1.0, grad), EINVAL,
                  "clv_fit_tell before a point was asked for")
    expect_status(lib.clv_fit_next(ctypes.byref(state), point, ctypes.byref(request)), OK, "next")
    check(request.value == FIT_EVALUATE and list(point[:4]) == [1.0] * 4,
          "first request %d at %r (documented default start 1, 1, 1, 1)"
          % (request.value, list(point[:4])))
    expect_status(lib.clv_fit_tell(ctypes.byref(state), NAN, grad), EDOM, "NaN loglik")
    expect_status(lib.clv_fit_tell(ctypes.byref(state), -INF, grad), EDOM,
                  "-inf at the starting point")
    nan_grad = doubles([0.0, NAN, 0.0, 0.0])
    expect_status(lib.clv_fit_tell(ctypes.byref(state), -10.0, nan_grad), EDOM, "NaN gradient")
    expect_status(lib.clv_fit_tell(ctypes.byref(state), -10.0, None), EINVAL, "null gradient")
    params = doubles([SENTINEL] * MAX_PARAMS)
    expect_status(lib.clv_fit_result(ctypes.byref(state), params, None), EINVAL,
                  "clv_fit_result before the fit is done")
    check(list(params) == [SENTINEL] * MAX_PARAMS, "params written by clv_fit_result")
    # After the failed tells the point is still pending: a good tell is accepted.
    ll, g = bgnbd_loglik(list(point[:4]), cdnow())
    grad[:4] = g
    expect_status(lib.clv_fit_tell(ctypes.byref(state), ll, grad), OK, "tell after bad tells")


@tap("clv_fit_next twice without a clv_fit_tell repeats the pending point (a driver may retry)")
def test_fit_next_repeats_pending_point():
    state = FitState()
    expect_status(lib.clv_fit_start(ctypes.byref(state), MODEL_BGNBD, None, None), OK, "start")
    point, request = doubles([SENTINEL] * MAX_PARAMS), ctypes.c_int(-9)
    expect_status(lib.clv_fit_next(ctypes.byref(state), point, ctypes.byref(request)), OK,
                  "first clv_fit_next")
    # clv.h, clv_fit_next: "Asking again before clv_fit_tell() hands out the same point".
    again, request2 = doubles([SENTINEL] * MAX_PARAMS), ctypes.c_int(-9)
    st = lib.clv_fit_next(ctypes.byref(state), again, ctypes.byref(request2))
    expect_status(st, OK, "second clv_fit_next before clv_fit_tell")
    check(request2.value == request.value == FIT_EVALUATE,
          "request %d then %d" % (request.value, request2.value))
    check(list(again)[:4] == list(point)[:4], "a different point: %r vs %r"
          % (list(again)[:4], list(point)[:4]))


@tap("clv_prediction_gradient / clv_delta_interval: BG/NBD P(alive) gradient and a 95% interval")
def test_delta_interval_bgnbd():
    opts = IntervalOptions()
    expect_status(lib.clv_interval_options_init(ctypes.byref(opts)), OK, "options init")
    check(opts.struct_size == ctypes.sizeof(IntervalOptions) and opts.level == 0.95,
          "defaults: size %d level %r" % (opts.struct_size, opts.level))
    model = PurchaseModel(MODEL_BGNBD, 0, (ctypes.c_double * 4)(0.2426, 4.4136, 0.7931, 2.4259))
    est, grad, err, n = ctypes.c_double(), doubles([0.0] * MAX_PARAMS), \
        doubles([0.0] * MAX_PARAMS), ctypes.c_uint32()
    expect_status(lib.clv_prediction_gradient(ctypes.byref(model), None, 1, ctypes.byref(opts),
                                              2.0, 30.43, 38.86, 0.0, ctypes.byref(est), grad,
                                              err, ctypes.byref(n)), OK, "gradient")
    p = ctypes.c_double()
    params = BgnbdParams(0.2426, 4.4136, 0.7931, 2.4259)
    expect_status(lib.clv_bgnbd_p_alive(ctypes.byref(params), 2.0, 30.43, 38.86,
                                        ctypes.byref(p)), OK, "p_alive")
    check(n.value == 4 and est.value == p.value, "n %d, estimate %r vs %r"
          % (n.value, est.value, p.value))
    # A diagonal covariance: se^2 = sum grad_i^2 var_i.
    cov = doubles([0.01 if i % 5 == 0 else 0.0 for i in range(16)])
    lo, hi, se = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    opts.scale = 1  # CLV_INTERVAL_NATURAL
    expect_status(lib.clv_delta_interval(est, grad, 4, cov, ctypes.byref(opts), ctypes.byref(lo),
                                         ctypes.byref(hi), ctypes.byref(se)), OK, "interval")
    want = math.sqrt(sum(0.01 * grad[i] ** 2 for i in range(4)))
    check(abs(se.value - want) <= 1e-14 * want, "se %r, expected %r" % (se.value, want))
    check(abs(hi.value - est.value - 1.959963984540054 * want) <= 1e-12,
          "upper %r" % hi.value)

if __name__ == "__main__":
    sys.exit(run())
