#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the libFuzzer seed corpora and dictionary of fuzz/ (standard library only).

    python3 fuzz/make_seeds.py            # rewrite fuzz/corpus/*/ and fuzz/clv.dict

Seeds are small binary files in the input layout each harness documents at its top:
fuzz_closed_forms.c (11 little-endian doubles or fixed-point slots, int32 flag, int32
selector, constant name) and
fuzz_nps_scores.c (mode byte, then doubles or one answer per byte) and
fuzz_rfm.c (5 header bytes, then transaction records) and
fuzz_km.c (4 header bytes, then Kaplan-Meier records or cohort cells) and
fuzz_churn.c (2 header bytes, then doubles or one value per byte) and
fuzz_referral.c (5 header bytes, then doubles or one value per byte) and
fuzz_bass.c (2 header bytes, then doubles or one value per byte) and
fuzz_fit.c (part byte, k, j, then doubles, a script or a struct tail) and
fuzz_simulate.c (5 header bytes, then doubles or one value per byte) and
fuzz_checking.c (flags, k, rows, then doubles or one value per byte) and
fuzz_intervals.c (flags, number of times, then doubles or one value per byte) and
fuzz_survtest.c (4 header bytes, then 6-byte or raw survival records). Random bytes almost never
form NaN, infinities, -0, DBL_MAX or the exact rate boundaries 0 and 1, so the seeds and the
dictionary put them there. Re-run after changing a layout; the output is deterministic.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

INF = float("inf")
DBL_MAX = sys.float_info.max
DBL_MIN = sys.float_info.min
DENORM_MIN = 5e-324
EPS = sys.float_info.epsilon


def bits(u64):
    """A double from its IEEE bit pattern (NaN payloads survive)."""
    return struct.unpack("<d", struct.pack("<Q", u64))[0]


QNAN = bits(0x7FF8000000000000)
SNAN = bits(0x7FF0000000000001)
NEG_QNAN = bits(0xFFF8000000000000)
ONE_MINUS_EPS = 1.0 - EPS          # 1 - 2^-52
BELOW_ONE = 1.0 - EPS / 2.0        # 1 - 2^-53, the largest double below 1
ONE_PLUS_EPS = 1.0 + EPS

NVAL = 11  # doubles in a closed_forms input


def closed_forms(values, flag=0, selector=0, name=b""):
    assert len(values) == NVAL
    return (b"".join(struct.pack("<d", v) for v in values)
            + struct.pack("<i", flag) + struct.pack("<I", selector) + name)


def mapped(rotation=0):
    return 1 | (rotation << 8)


FIXED = 2  # selector bit 1: fixed-point mode


def closed_forms_fixed(values, flag=0, selector=FIXED, name=b""):
    """Fixed-point mode: each slot's low 4 bytes are an int32 holding value x 65536."""
    assert len(values) == NVAL
    return (b"".join(struct.pack("<iI", round(v * 65536), 0) for v in values)
            + struct.pack("<i", flag) + struct.pack("<I", selector) + name)


CLOSED_FORMS = {
    # Ordinary business numbers: margin 100, r 0.8, d 0.1, infinite horizon.
    "typical_end": closed_forms(
        [100.0, 0.8, 0.1, INF, INF, 5.0, 0.3, 0.4, 50.0, 10.0, 1.5], 0, 0, b"CLV_OK"),
    "typical_start": closed_forms(
        [0.02, 0.9, 0.05, 12.0, 24.0, 3.0, 0.5, 0.25, 60.0, 33.3, 2.0], 1, 0,
        b"CLV_WOM_TOLD_SATISFIED"),
    # Gupta & Lehmann (2003): r 0.80 -> 0.85 at d 0.10 (retention_gain gets a[3] = gain).
    "gain": closed_forms(
        [1.0, 0.8, 0.1, 0.05, INF, 100.0, 0.2, 0.3, 10.0, 5.0, 1.0], 0, 0, b"CLV_MARGIN_START"),
    # Churn counts: start 1000, lost 50, new 80, each method.
    "churn_start": closed_forms(
        [1000.0, 50.0, 80.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0, 0, b"CLV_CHURN_START"),
    "churn_average": closed_forms(
        [10.0, 10.0, 0.0, 0.5, 2.0, 1.0, 1.0, 0.0, 3.0, 4.0, 0.0], 1, 0, b"CLV_CHURN_AVERAGE"),
    "churn_exposed": closed_forms(
        [0.0, 5.0, 5.0, 0.95, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], 2, 0, b"CLV_CHURN_EXPOSED"),
    # NPS 30/20/50 and an interval of a consistent raw struct (a[4..10]) at level a[3].
    "nps": closed_forms(
        [30.0, 20.0, 50.0, 0.95, 30.0, 20.0, 50.0, 100.0, -20.0, 0.76, 8.717797887081348], 0, 0,
        b"CLV_VERSION_NUMBER"),
    # Exact boundaries: rates 0 and 1, horizon 0, zero counts.
    "boundary_zero_one": closed_forms(
        [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0], 0, 0, b"CLV_EDIVERGE"),
    "boundary_one_zero": closed_forms(
        [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0], 1, 0, b""),
    # Divergence: r = 1, d = 0, infinite horizon.
    "diverge": closed_forms(
        [100.0, 1.0, 0.0, INF, INF, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0, 0, b"CLV_ERANGE"),
    # Rates next to the boundaries.
    "near_one": closed_forms(
        [ONE_MINUS_EPS, ONE_PLUS_EPS, BELOW_ONE, ONE_MINUS_EPS, 1.0, 0.5, ONE_MINUS_EPS,
         DENORM_MIN, 1.0, DBL_MIN, 0.5], 1, 0, b"CLV_MARGIN_END"),
    # IEEE specials everywhere, raw.
    "specials": closed_forms(
        [QNAN, INF, -INF, -0.0, DBL_MAX, DBL_MIN, DENORM_MIN, 0.0, 1.0, -1.0, 1e308], 2, 0,
        b"CLV_EINVAL"),
    "specials_rotated": closed_forms(
        [SNAN, -0.0, NEG_QNAN, INF, 0.0, DBL_MAX, 1.0, -DBL_MAX, DENORM_MIN, -INF, 0.5], -1,
        mapped(5), b"clv_ok"),
    "nan_only": closed_forms([QNAN] * NVAL, 0, 0, b""),
    "inf_only": closed_forms([INF] * NVAL, 1, 0, b""),
    "neg_zero_only": closed_forms([-0.0] * NVAL, 0, mapped(0), b"CLV_OK\x00trailing"),
    # Overflow paths: products and ratios of huge and tiny numbers.
    "overflow": closed_forms(
        [DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX,
         DBL_MAX, DBL_MAX], 0, 0, b"CLV_VERSION_MAJOR"),
    "huge_over_tiny": closed_forms(
        [1e308, DENORM_MIN, DBL_MAX, 1.0, DENORM_MIN, 1e308, 0.5, DBL_MIN, 1e308, DENORM_MIN,
         1e-300], 0, mapped(1), b""),
    # Unknown flags, mapped mode with every rotation bit set.
    "bad_flags": closed_forms(
        [5.0, 0.5, 0.1, 10.0, 100.0, 1.0, 0.5, 0.5, 1.0, 1.0, 1.0], 3, 0xFFFFFF00, b"CLV_"),
    "int_min_flag": closed_forms(
        [10.0, 0.95, 0.0, 5.0, 1.0, 2.0, 0.1, 0.9, 3.0, 4.0, 5.0], -2147483648, 0, b"x" * 80),
    # Fixed-point mode: ordinary magnitudes and ratios between lengths.
    "fixed_typical": closed_forms_fixed(
        [0.25, 1.0, 12.0, 0.5, 3.0, 7.5, 0.125, 0.75, 100.0, 20.0, 2.0], 0),
    "fixed_mapped": closed_forms_fixed(
        [-3.5, 0.3, 6.0, 42.0, 1.0, 0.0, 0.9, 0.1, 250.0, -1.0, 8.0], 1, FIXED | mapped(2)),
    # Short inputs: zero-padded by the harness.
    "short": struct.pack("<dd", 0.5, 1.0),
    "empty": b"",
    # Word of mouth over generations (fuzz_wom_branching: k_s, k_d, c, g, s, S_0, D_0, value,
    # target, cycle time, horizon): referral.h's example, R = 0.4; then R = 1.5 (no total)
    # and rho = 1 exactly with an infinite horizon (CLV_EDIVERGE from the cost).
    "wom_branching": closed_forms(
        [5.0, 10.0, 0.1, 0.2, 0.8, 100.0, 20.0, 250.0, 75.0, 7.0, INF], 0, 0, b"CLV_EDIVERGE"),
    "wom_grows": closed_forms(
        [6.0, 10.0, 0.25, 0.3, 1.0, 250.0, 75.0, 120.0, 1e6, 3.0, 9.0], 0, 0),
    "wom_rho_one": closed_forms(
        [4.0, 8.0, 0.25, 0.125, 0.75, 64.0, 16.0, 40.0, 112.0, 1.0, INF], 0, mapped(0)),
    # K-factor (fuzz_kfactor: C_0, invitations, conversion, cycles, cycle time, time): K = 1.25
    # and K = 1 exactly.
    "kfactor": closed_forms(
        [100.0, 5.0, 0.25, 3.0, 7.0, 10.5, 0.0, 0.95, 1.0, 0.5, 2.0], 0, 0),
    "kfactor_one": closed_forms(
        [100.0, 4.0, 0.25, INF, 2.0, 5.0, 0.5, 0.9, 3.0, 1.0, 1.0], 0, 0),
}


def scores_raw(values, level=0):
    return bytes([level << 1]) + b"".join(struct.pack("<d", v) for v in values)


def scores_bytes(answers, level=0):
    return bytes([1 | (level << 1)]) + bytes(answers)


NPS_SCORES = {
    "raw_all_answers": scores_raw([float(i) for i in range(11)]),
    "raw_mixed": scores_raw([10.0, 10.0, 9.0, 7.0, 8.0, 0.0, 6.0, 3.0], level=2),
    "raw_neg_zero": scores_raw([-0.0, 10.0, 9.0]),
    "raw_one_promoter": scores_raw([9.0], level=3),
    "raw_nan": scores_raw([10.0, QNAN, 5.0]),
    "raw_snan": scores_raw([SNAN]),
    "raw_inf": scores_raw([INF, 0.0]),
    "raw_neg_inf": scores_raw([0.0, -INF]),
    "raw_dbl_max": scores_raw([5.0, DBL_MAX]),
    "raw_denorm": scores_raw([DENORM_MIN, 1.0]),
    "raw_half": scores_raw([0.5, 10.5, 10.0 + 2 * EPS * 8]),
    "raw_minus_one": scores_raw([-1.0, 11.0]),
    "raw_trailing_bytes": scores_raw([7.0, 8.0]) + b"\x01\x02\x03",
    "raw_empty": scores_raw([]),
    "bytes_all_answers": scores_bytes(range(11), level=1),
    "bytes_all_promoters": scores_bytes([10] * 32, level=4),
    "bytes_all_detractors": scores_bytes([0] * 32, level=5),
    "bytes_all_passives": scores_bytes([7, 8] * 16, level=6),
    "bytes_specials": scores_bytes([9, 11, 12, 13, 14, 15, 16, 17, 5]),
    "bytes_neg_zero": scores_bytes([12, 12, 10], level=7),
    "bytes_long": scores_bytes([(i * 7) % 11 for i in range(500)]),
}

# Dictionary: IEEE special values as raw little-endian doubles, and int32 flags.
DICT_DOUBLES = [
    ("pos_zero", 0.0), ("neg_zero", -0.0),
    ("pos_inf", INF), ("neg_inf", -INF),
    ("qnan", QNAN), ("snan", SNAN), ("neg_qnan", NEG_QNAN),
    ("dbl_max", DBL_MAX), ("neg_dbl_max", -DBL_MAX),
    ("dbl_min", DBL_MIN), ("denorm_min", DENORM_MIN),
    ("one", 1.0), ("neg_one", -1.0), ("half", 0.5),
    ("one_minus_eps", ONE_MINUS_EPS), ("below_one", BELOW_ONE), ("one_plus_eps", ONE_PLUS_EPS),
    ("five", 5.0), ("ten", 10.0), ("hundred", 100.0), ("big", 1e308),
    ("two", 2.0), ("seven", 7.0), ("nine", 9.0), ("eleven", 11.0), ("ten_and_half", 10.5),
    ("neg_hundred", -100.0), ("twelve", 12.0), ("tiny", 1e-300),
    ("rate_95", 0.95), ("rate_80", 0.8), ("rate_10", 0.1),
]
DICT_INTS = [0, 1, 2, 3, -1, -2, -8, -9, 0x7FFFFFFF, -0x80000000, 0x101, 0x301,
             65536, -65536, 32768]  # the last three: 1, -1, 0.5 in fixed-point mode
DICT_NAMES = [b"CLV_OK", b"CLV_EDIVERGE", b"CLV_MARGIN_END", b"CLV_CHURN_EXPOSED",
              b"CLV_WOM_TOLD_DISSATISFIED", b"CLV_VERSION_NUMBER"]


def rfm(records, flags=0, period=1, cal=6, hold=10, capacity=255, raw=False, order=None):
    """fuzz_rfm.c: 5 header bytes, then (customer, time byte, amount byte[, order byte]) or
    (customer, time double, amount double[, order byte]) records."""
    out = bytes([flags | (1 if raw else 0) | (0x20 if order is not None else 0),
                 period, cal, hold, capacity])
    for i, (c, t, a) in enumerate(records):
        rec = bytes([c]) + (struct.pack("<dd", t, a) if raw else bytes([t, a]))
        if order is not None:
            rec += bytes([order[i]])
        out += rec
    return out


# Compact times are byte / 4 (so 4 = day 1), amounts (byte - 120) / 2; bytes >= 240 are the
# special values of fuzz_rfm.c (240 NaN, 241 inf, 242 -inf, 243 -0, 244 DBL_MAX, ...).
# Header codes: period 1 -> 1, 2 -> 0.25, 3 -> 0.3, 8 -> 1e-300; ends 4 -> 5, 5 -> 10,
# 6 -> 20.5, 10 -> 60, 0 -> +inf, 1 -> -inf, 2 -> NaN.
RFM_GROUPED = [(1, 0, 150), (1, 2, 160), (1, 40, 170), (1, 41, 130), (1, 100, 200),
               (2, 8, 140), (2, 8, 141), (2, 90, 180), (3, 60, 150), (3, 200, 190),
               (5, 4, 125), (5, 4, 126), (5, 5, 127), (5, 30, 128), (5, 82, 129), (5, 230, 239)]
RFM_SEEDS = {
    "grouped_daily_holdout": rfm(RFM_GROUPED),
    "grouped_no_period_defaults": rfm(RFM_GROUPED, period=0, cal=0, hold=0),
    "grouped_null_options_no_amounts": rfm(RFM_GROUPED, flags=0x04 | 0x02),
    "grouped_quarter_period": rfm(RFM_GROUPED, period=2, cal=4, hold=7),
    "grouped_inexact_period": rfm(RFM_GROUPED, period=3, cal=13, hold=15),
    "grouped_small_table": rfm(RFM_GROUPED, capacity=2),
    "grouped_zero_capacity": rfm(RFM_GROUPED, capacity=0),
    "grouped_need_monetary": rfm(RFM_GROUPED, flags=0x80),
    "grouped_required_columns_weights": rfm(RFM_GROUPED, flags=0x40),
    "descending_ids": rfm([(7, 0, 130), (7, 4, 131), (4, 1, 132), (2, 3, 133), (2, 3, 134)]),
    "ungrouped": rfm([(1, 0, 130), (2, 4, 131), (1, 8, 132), (3, 1, 133), (2, 9, 134)]),
    "unsorted_times": rfm([(1, 8, 130), (1, 4, 131), (2, 0, 132)]),
    "specials_times": rfm([(1, 240, 130), (1, 241, 130), (2, 242, 130), (2, 243, 130),
                           (3, 244, 130), (3, 245, 130)]),
    "specials_amounts": rfm([(1, 0, 240), (1, 4, 244), (1, 8, 244), (2, 0, 243), (2, 4, 246)]),
    "options_too_small": rfm(RFM_GROUPED[:4], flags=0x08),
    "options_zero_tail": rfm(RFM_GROUPED[:4], flags=0x10),
    "options_nonzero_tail": rfm(RFM_GROUPED[:4], flags=0x18),
    "options_nan_end": rfm(RFM_GROUPED[:4], cal=2),
    "options_holdout_before_calibration": rfm(RFM_GROUPED[:4], cal=5, hold=4),
    "options_minus_inf_calibration": rfm(RFM_GROUPED[:4], cal=1, hold=0),
    "options_bad_period": rfm(RFM_GROUPED[:4], period=5),
    "order_identity": rfm(RFM_GROUPED[:6], order=list(range(6))),
    "order_falling_ties": rfm([(1, 4, 130), (1, 4, 131), (1, 4, 132), (2, 0, 133)],
                              order=[2, 1, 0, 3]),
    "order_repeated": rfm([(1, 4, 130), (1, 4, 131), (2, 0, 132)], order=[0, 0, 2]),
    "order_out_of_range": rfm([(1, 4, 130), (1, 4, 131), (2, 0, 132)], order=[0, 4, 2]),
    "order_cross_customer_repeat": rfm([(1, 0, 130), (2, 4, 131), (3, 8, 132)],
                                       order=[0, 1, 0]),
    "raw_huge_span": rfm([(1, -1e308, 1.0), (1, 1e308, 2.0)], raw=True, period=0, cal=0,
                         hold=0),
    "raw_amount_overflow": rfm([(1, 0.0, 1.0), (1, 1.0, DBL_MAX), (1, 2.0, DBL_MAX)], raw=True,
                               period=0, cal=0, hold=0),
    "raw_tiny_period": rfm([(1, 1e300, 1.0), (2, 0.5, 2.0)], raw=True, period=8, cal=0, hold=0),
    "raw_specials": rfm([(1, QNAN, 1.0), (2, -0.0, SNAN), (3, DENORM_MIN, -INF),
                         (4, 0.1, 0.3)], raw=True),
    "raw_fractional": rfm([(1, 0.1, 10.0), (1, 0.2, 20.0), (1, 0.30000000000000004, 0.1),
                           (2, 1e-310, 1.0)], raw=True, period=11, cal=3, hold=0),
    "empty": rfm([]),
}


# fuzz_models: byte 0 (bit 0 raw doubles, bit 1 weights, bit 2 fit), then BG/NBD r, alpha, a,
# b, the horizon t, n, Gamma-Gamma p, q, gamma, then rows of (x, t_x, T, weight, monetary).
def models(values, flags=1):
    return bytes([flags]) + b"".join(struct.pack("<d", v) for v in values)


PAPER = [0.243, 4.414, 0.793, 2.426]
NOTE = [6.25, 3.74, 15.44]
MODEL_SEEDS = {
    "paper_worked_example": models(PAPER + [39.0, 0.0] + NOTE + [2.0, 30.43, 38.86, 1.0, 22.35]),
    "paper_fit_rows": models(PAPER + [52.0, 3.0] + NOTE +
                             [0, 0, 38.86, 1, 0, 2, 30.43, 38.86, 1, 22.35, 1, 1.71, 38.86, 1,
                              11.77, 29, 38.43, 38.86, 2, 52.1], flags=7),
    "huge_x": models(PAPER + [52.0, 1.0] + NOTE + [100000, 10000, 10000, 1, 12.0, 1000, 300,
                                                   400, 1, 35.5]),
    "a_near_one": models([0.5, 2.0, 1.0 + 1e-9, 3.0, 20.0, 2.0, 0.1, 0.9, 10.0,
                          3, 10, 15, 1, 5.0]),
    "ab_below_one": models([0.8, 3.0, 0.4, 0.3, 10.0, 0.0] + NOTE +
                           [0, 0, 5, 1, 0, 0, 0, 0, 1, 0]),
    "t_zero_T_zero": models(PAPER + [0.0, 0.0] + NOTE + [0, 0, 0, 1, 0, 3, 0, 20, 1, 9.5]),
    "bad_rows": models(PAPER + [1.0, 1.5] + NOTE + [2, 40, 38, 1, -3, -1, 0, 10, 1, 0, 1.5, 2,
                                                    10, -1, QNAN], flags=3),
    "nan_params": models([QNAN, 4.4, INF, -1.0, QNAN, SNAN, QNAN, INF, 0.0, 1, 1, 2, QNAN, 1]),
    "tiny_params": models([1e-300, 1e-300, 1e300, 4.9e-324, 1e6, 200.0, 1e-300, 1e300, 4.9e-324,
                           5, 5, 5, 0, 1e300], flags=7),
    "mapped_bytes": bytes([6, 3, 40, 7, 20, 39, 0, 50, 30, 135, 2, 30, 38, 1, 22, 0, 0, 38, 1,
                           0]),
}


# fuzz_km: byte 0 flags (bit 0 weights, bit 1 workspace, bit 2 raw, bits 3-4 capacity mode,
# bit 5 workspace too small, bit 7 cohort mode), byte 1 level index, byte 2 capacity, byte 3
# tau x 4; compact records (duration x 4, event % 4 -> 0, 1, 2, -1, weight x 8) or raw ones
# (double, int32, double). Cohort mode: cohorts, periods, observed flag, then cells.
def km(records, flags=0, level=0, capacity=0, tau=80, raw=False):
    out = bytes([flags, level, capacity, tau])
    for t, e, w in records:
        if raw:
            out += struct.pack("<did", t, e, w)
        else:
            out += bytes([t, e, w])
    return out


def cohort(cells, cohorts, periods, observed=None):
    head = bytes([0x80, cohorts - 1, periods - 1, 1 if observed else 0])
    return head + bytes(observed or []) + bytes(cells)


# The 6-MP arm of Freireich et al. (1963), weeks x 4, weight 1 (8/8).
KM_6MP = [(24, 1, 8), (24, 1, 8), (24, 1, 8), (24, 0, 8), (28, 1, 8), (36, 0, 8), (40, 1, 8),
          (40, 0, 8), (44, 0, 8), (52, 1, 8), (64, 1, 8), (68, 0, 8), (76, 0, 8), (80, 0, 8),
          (88, 1, 8), (92, 1, 8), (100, 0, 8), (128, 0, 8), (128, 0, 8), (136, 0, 8),
          (140, 0, 8)]
KM_SEEDS = {
    "6mp_sorted": km(KM_6MP),
    "6mp_weights": km(KM_6MP, flags=1),
    "6mp_reversed_workspace": km(KM_6MP[::-1], flags=2),
    "6mp_reversed_no_workspace": km(KM_6MP[::-1]),
    "6mp_workspace_too_small": km(KM_6MP[::-1], flags=2 | 0x20),
    "6mp_capacity_short": km(KM_6MP, flags=0x08),
    "6mp_capacity_zero": km(KM_6MP, flags=0x10),
    "6mp_level_bad": km(KM_6MP, level=4),
    "6mp_level_near_one": km(KM_6MP, level=9),
    "ties_and_zero_weights": km([(4, 1, 0), (4, 0, 8), (4, 1, 16), (8, 1, 8), (8, 0, 0)],
                                flags=3),
    "all_censored": km([(8, 0, 8), (4, 0, 8), (12, 0, 8)], flags=2),
    "all_events": km([(4, 1, 8), (8, 1, 8), (12, 1, 8), (16, 1, 8)]),
    "bad_flags": km([(4, 2, 8), (8, 3, 8)]),
    "specials": km([(240, 1, 8), (243, 1, 8), (4, 1, 240), (8, 1, 241), (12, 1, 244),
                    (16, 1, 248)], flags=3),
    "raw_tiny_weights": km([(1.0, 1, 5e-324), (2.0, 1, 1e-300), (3.0, 0, 1e-300)], flags=7,
                           raw=True),
    "raw_huge": km([(1e300, 1, DBL_MAX), (0.5, 1, DBL_MAX)], flags=7, raw=True),
    "raw_negzero": km([(0.0, 1, 1.0), (-0.0, 1, 1.0), (QNAN, 0, 1.0)], flags=6, raw=True),
    "cohort_triangle": cohort([100, 63, 46, 38, 50, 30, 24, 255, 20, 15, 255, 255], 3, 4),
    "cohort_observed": cohort([100, 63, 46, 38, 50, 30, 24, 254, 20, 15, 253, 252], 3, 4,
                              observed=[4, 3, 2]),
    "cohort_growing": cohort([100, 120, 46, 38], 1, 4),
    "cohort_extinct": cohort([10, 0, 0, 0, 5, 0, 255, 255], 2, 4),
    "cohort_nan_gap": cohort([100, 255, 46, 38], 1, 4),
    "cohort_huge": cohort([252, 252, 252, 252], 2, 2),
}


# fuzz_churn: byte 0 (bit 0 raw doubles, bit 1 weights, bit 2 fit), byte 1 the split of the
# survivor counts into two cohorts, then sBG alpha, beta, the period t, the discount rate d,
# the horizon H, the cohort size N, the number of duration rows, rows of (duration, churned,
# weight), and the survivor counts.
def churn(values, flags=1, split=8):
    return bytes([flags, split]) + b"".join(struct.pack("<d", v) for v in values)


REGULAR_1_7 = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END_1_7 = [1000, 869, 743, 653, 593, 551, 517, 491]
CHURN_SEEDS = {
    "fh2007_two_cohorts": churn([0.704, 1.182, 7.0, 0.1, 12.0, 1000.0, 3.0,
                                 1, 1, 369, 3, 1, 86, 7, 0, 241] + REGULAR_1_7 + HIGH_END_1_7,
                                flags=7),
    "alpha_near_one": churn([1.0 + 1e-9, 2.0, 100.0, 0.0, 5000.0, 1.0, 2.0, 5, 1, 1, 40, 0, 2] +
                            [100, 90, 85, 85, 80], split=5),
    "alpha_beta_below_one": churn([0.3, 0.4, 0.0, 0.001, 1e6, 1e9, 1.0, 1e15, 0, 1.0] +
                                  [1, 0.5, 0.25, 0.125]),
    "bad_inputs": churn([QNAN, -1.0, 2.5, -0.5, INF, -3.0, 4.0, 0, 1, 1, 2.5, 1, 1, 3, 2, 1,
                         4, 1, QNAN] + [100, 120, 90, -1, INF], flags=3, split=2),
    "huge_params": churn([DBL_MAX, DENORM_MIN, 1e15, 1e-300, INF, DBL_MAX, 8.0] +
                         [1, 1, 1] * 8 + [DBL_MAX, DBL_MAX, 0.0], flags=7, split=1),
    "mapped_bytes": bytes([6, 4, 11, 9, 7, 254, 12, 100, 3, 1, 1, 1, 5, 0, 2, 7, 1, 3,
                           100, 80, 60, 60, 50]),
    # Found by fuzzing: alpha 7.2e-290 with a subnormal beta 2.8e-317 gave P(T = 1) =
    # 1 + 1e-13 through the log-gamma ratios.
    "regress_churn_prob_subnormal": bytes.fromhex(
        "0708ba490c022b87e6030200580000000000000000000000f03f000000000000f03f0000"
        "00000000f03f00000000000000f03f0000000000000440000000000000f03fffffff0000"
        "00000000000000f87f00000000000059400000000000005e400000000000800000000080"
        "56400000000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00"
        "f0bf00007f0000407d400000000000e0774000000000009abdbdbdbdbd00bd"),
}


# fuzz_referral: 5 header bytes (flags: bit 0 raw doubles, bit 1 no share array, bit 2 raw
# answers; generations; segments; answers; CRV periods), then k_s, k_d, c, g, s, S_0, D_0,
# the answers, one segment byte per answer, V, A, a, d, CLV, the referrals and the shares.
# In mapped mode a byte b < 100 is b itself and 100 <= b < 240 is (b - 100)/64 - 0.1875, so
# 112 is 0, 120 is 0.125, 128 is 0.25, 144 is 0.5, 160 is 0.75, 176 is 1.
def referral(header, values=(), answers=(), segments=(), raw=False, raw_answers=False):
    out = bytes(header)
    if raw:
        out += b"".join(struct.pack("<d", v) for v in values[:7])
    else:
        out += bytes(values[:7])
    if raw_answers:
        out += b"".join(struct.pack("<d", v) for v in answers)
    else:
        out += bytes(answers)
    out += bytes(segments)
    if raw:
        out += b"".join(struct.pack("<d", v) for v in values[7:])
    else:
        out += bytes(values[7:])
    return out


REFERRAL_SEEDS = {
    # k_s 5, k_d 10, c 1/8, g 1/4, s 3/4, S_0 64, D_0 16; 12 answers in 3 segments; V 90,
    # A 20, a 5, d 1/16, CLV 80, referrals 2, 1, 0, 3 with shares 0, 1/2, 1, 1/4.
    "typical_mapped": referral(
        [0, 10, 3, 12, 4], [5, 10, 120, 128, 160, 64, 16, 90, 20, 5, 116, 80,
                            2, 1, 0, 3, 112, 144, 176, 128],
        answers=[10, 9, 0, 7, 8, 3, 10, 6, 9, 9, 5, 10], segments=[0, 1, 2, 0, 1, 2, 0, 0, 1,
                                                                     2, 2, 1]),
    "typical_raw": referral(
        [1 | 4, 40, 2, 6, 3], [5.0, 10.0, 0.1, 0.2, 0.8, 100.0, 20.0, 300.0, 50.0, 20.0, 0.1,
                               1000.0, 2.0, 1.0, 0.5, 0.0, 0.5, 0.25],
        answers=[10.0, 9.0, 0.0, 7.0, 8.0, 3.0], segments=[0, 1, 1, 0, 1, 0], raw=True,
        raw_answers=True),
    # R = 6 x 0.25 x 1 = 1.5: growing generations (63 of them), no share array.
    "grows_no_share": referral(
        [2, 62, 1, 3, 2], [6, 10, 128, 128, 176, 99, 5, 40, 10, 2, 112, 0, 4, 4],
        answers=[9, 9, 9], segments=[0, 0, 0]),
    # Overflowing generations (S_0 = 1e300, R = 2), a huge referral value.
    "overflow_raw": referral(
        [1, 63, 1, 1, 2], [10.0, 10.0, 0.5, 0.5, 0.4, 1e300, DBL_MAX, DBL_MAX, 0.0, 0.0, 0.0,
                           DBL_MAX, DBL_MAX, 1.0, 0.0, 0.0],
        answers=[10], segments=[0], raw=True),
    # Invalid everywhere: rates above 1, NaN, bad answers (bytes 11..15), segment numbers
    # past the last, a share of 2.
    "bad_inputs": referral(
        [0, 5, 2, 8, 3], [5, 10, 200, 242, 160, 243, 16, 242, 20, 5, 116, 80, 1, 250, 2,
                          112, 239, 144],
        answers=[11, 12, 13, 14, 15, 10, 3, 7], segments=[0, 1, 2, 3, 0, 1, 2, 3]),
    # Found by fuzzing: k_d = 4.9e-324 with s = c = g = 1 - 1e-12 underflowed g k_d (1 - s)
    # in the per-generation deterred count while the cumulative sum stayed exact.
    "regress_tiny_kd": bytes([0x02, 0x3E, 0x01, 0x03, 0x02, 0x06, 0xF7, 0xFF, 0xFF, 0xFF, 0x63,
                              0x05, 0x09, 0x09, 0x09, 0x00, 0x00, 0x00, 0x28, 0x0A, 0x02, 0x70,
                              0x00, 0x04, 0x04]),
    "specials_raw": referral(
        [1 | 4, 7, 4, 4, 4], [QNAN, INF, -0.0, BELOW_ONE, ONE_PLUS_EPS, DENORM_MIN, DBL_MIN,
                              -DBL_MAX, DENORM_MIN, INF, 1e-300, QNAN, 1.0, -0.0, DBL_MAX,
                              5e-324, BELOW_ONE, 1.0, 0.0, QNAN],
        answers=[-0.0, 10.0, QNAN, 9.999999999999998], segments=[0, 3, 5, 1], raw=True,
        raw_answers=True),
}


# fuzz_bass: byte 0 (bit 0 raw doubles, bit 1 fit, bit 2 ML, bit 3 density form, bit 4 start
# from the input), byte 1 the number of counts, then p, q, m, t1, t2, the forecast's start, the
# fit's start p, q, m, and the counts.
def bass(values, counts, flags=1):
    return (bytes([flags, len(counts)])
            + b"".join(struct.pack("<d", v) for v in list(values) + list(counts)))


# refs/published.md, "Bass diffusion": annual sales t = 1..10, and its published NLS fit.
BASS_SALES = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
BASS_SEEDS = {
    "published_nls_density": bass([6.59e-3, 0.638, 6.80e4, 7.09, 8.0, 10.0, 0.0066, 0.64, 68000],
                                  BASS_SALES, flags=1 | 2 | 8),
    "published_nls_interval": bass([6.59e-3, 0.638, 6.80e4, 0.0, 1.0, 0.0, 0.01, 0.5, 1e5],
                                   BASS_SALES, flags=1 | 2 | 16),
    "published_ml": bass([0.0081, 0.65, 67524.0, 3.0, 3.5, 10.0, 0.01, 0.5, 70000],
                         BASS_SALES, flags=1 | 2 | 4),
    "ml_density_rejected": bass([0.03, 0.38, 100.0, 1.0, 2.0, 0.0, 0.03, 0.38, 100.0],
                                [10, 20, 30, 20, 10], flags=1 | 2 | 4 | 8),
    "no_interior_peak": bass([0.3, 0.1, 1000.0, 0.0, 600.0, 1e15, 0.3, 0.1, 1000.0],
                             [300, 200, 130, 90, 60, 40], flags=1 | 2),
    "pure_innovation": bass([0.05, 0.0, 500.0, 1e-300, DBL_MAX, 0.0, 0.05, 1e-9, 500.0],
                            [25, 24, 23, 22, 21], flags=1 | 2 | 4 | 16),
    "specials": bass([QNAN, INF, -0.0, -1.0, NEG_QNAN, -INF, 0.0, SNAN, DBL_MAX],
                     [0.0, -0.0, INF, QNAN, DENORM_MIN], flags=1 | 2),
    "huge_and_tiny": bass([DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, 1e300, DENORM_MIN,
                           DBL_MAX, DBL_MIN],
                          [DBL_MAX, 1e300, DENORM_MIN, 0.0, 1e-300, DBL_MAX], flags=1 | 2 | 4),
    "tiny_p_late_peak": bass([1e-8, 0.9, 1e6, 20.35, 20.36, 25.0, 1e-8, 0.9, 1e6],
                             [0, 0, 0, 0, 1, 3, 20, 150, 900, 5000], flags=1 | 2 | 8),
    "all_zero": bass([0.01, 0.4, 10.0, 1.0, 2.0, 0.0, 0.01, 0.4, 10.0], [0, 0, 0, 0, 0],
                     flags=1 | 2),
    "single_spike": bass([0.01, 0.4, 10.0, 1.0, 2.0, 0.0, 0.01, 0.4, 10.0],
                         [0, 0, 0, 1000, 0, 0, 0, 0], flags=1 | 2 | 4),
    "mapped_bytes": bytes([2, 8, 121, 200, 30, 3, 4, 8, 125, 190, 40,
                           5, 9, 14, 20, 25, 22, 15, 9]),
    "mapped_specials": bytes([6, 6, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250,
                              251, 252, 253, 254, 255]),
}


# fuzz_fit: byte 0 = part (% 4) | 0x20 weights (part 0) / bad reserved (part 3) | 0x40 fit
# (part 0) / input tail (part 3) | 0x80 raw doubles; byte 1 = k, byte 2 = j; then per part:
# 0: 4 parameters, t, rows (x, t_x, T, weight); k % 7 picks the model of part 2 (bit 6:
# weights); 1: a script, one byte per step (0-1 next,
# 2-4 tell, 5 result); 2: byte 3 cancel iteration, then rows; 3: byte 3 the high byte of the
# size, then the tail bytes; 4: byte 3 the workspace byte, then d and (q, R) per state.
def fit(part, k, j, values=(), raw=True, extra=b"", flags=0):
    head = bytes([part | flags | (0x80 if raw else 0), k, j])
    body = b"".join(struct.pack("<d", v) for v in values) if raw else bytes(values)
    return head + extra + body


BGBB_PAPER = [1.204, 0.750, 0.657, 2.783]   # Fader, Hardie & Shang 2010, Table 2
MBG_CDNOW = [0.525, 6.183, 0.891, 1.614]    # MBG/NBD on CDNOW (order of magnitude)
FIT_SEEDS = {
    "ll_bgbb_paper": fit(0, 0, 2, BGBB_PAPER + [6.0] +
                         [0, 0, 6, 1, 1, 1, 6, 1, 2, 5, 6, 1, 3, 3, 6, 1, 6, 6, 6, 1]),
    "ll_weighted_split": fit(0, 0, 3, MBG_CDNOW + [39.0] +
                             [0, 0, 6, 3, 1, 1, 6, 2, 2, 5, 6, 0, 3, 3, 6, 7, 6, 6, 6, 1.5],
                             flags=0x20),
    "ll_fit_weighted": fit(0, 10, 1, BGBB_PAPER + [3.0] +
                           [0, 0, 6, 3, 1, 1, 6, 2, 2, 5, 6, 1, 3, 3, 6, 7, 5, 6, 6, 2,
                            4, 5, 6, 1], flags=0x60),
    "ll_specials": fit(0, 5, 7, [QNAN, 1.0, INF, 0.0, -1.0, 1, 2, 1, 1, 0, 0, 0, 0,
                                 1e300, 1e300, 1e300, DBL_MAX], flags=0x60),
    "ll_mapped": fit(0, 3, 4, [2, 3, 1, 2, 20, 0, 0, 6, 1, 1, 1, 6, 1, 4, 5, 6, 1], raw=False,
                     flags=0x40),
    "rc_bgnbd_truth": fit(1, 1 | (20 << 3) & 0xFF, 0, extra=bytes([0, 4] * 30 + [5])),
    "rc_out_of_turn": fit(1, 2, 0, extra=bytes([2, 5, 1, 3, 0, 3, 4, 0x84, 5, 0, 4])),
    "rc_nan_and_zero": fit(1, 4, 0, raw=False, extra=bytes([0, 2, 0, 3, 0, 2, 5, 0])),
    "rc_sbg": fit(1, 6, 0, extra=bytes([0, 2, 1, 2, 0, 2, 0, 2, 5])),
    "rc_no_model": fit(1, 7, 0, extra=bytes([0, 2, 5])),
    "hooks_fail_first": fit(2, 0, 1, [0, 0, 6, 1, 1, 1, 6, 2, 2, 5, 6, 1, 3, 3, 6, 1],
                            extra=bytes([0])),
    "hooks_cancel_3": fit(2, 1, 0, [0, 0, 6, 1, 1, 1, 6, 2, 2, 5, 6, 1, 3, 3, 6, 1],
                          extra=bytes([3])),
    "hooks_bgbb_weighted": fit(2, 66, 2, [0, 0, 6, 1, 1, 1, 6, 2, 2, 5, 6, 3, 3, 3, 6, 1],
                               extra=bytes([0])),
    "hooks_gg_cancel_1": fit(2, 4, 3, [0, 0, 6, 1, 1, 1, 6, 2, 2, 5, 6, 3, 3, 3, 6, 1],
                             extra=bytes([1])),
    "hooks_sbg": fit(2, 5, 0, [0, 0, 6, 1, 1, 1, 6, 2, 2, 5, 6, 3, 0, 0, 3, 1],
                     extra=bytes([2])),
    "hooks_sbg_cohort": fit(2, 6, 0, [13, 13, 20, 1, 9, 9, 20, 1, 7, 7, 20, 1, 6, 6, 20, 1,
                                      5, 5, 20, 1], extra=bytes([2])),
    "size_fit_v0": fit(3, 0, 112, raw=False, extra=bytes([0])),
    "size_fit_full": fit(3, 0, 136, raw=False, extra=bytes([0])),
    "size_fit_tail": fit(3, 4, 150, raw=False, extra=bytes([0, 1, 0, 0, 0]), flags=0x40),
    "size_rfm": fit(3, 1, 32, raw=False, extra=bytes([0])),
    "size_value_small": fit(3, 2, 20, raw=False, extra=bytes([0])),
    "size_bass_reserved": fit(3, 3, 60, raw=False, extra=bytes([0]), flags=0x20),
    # part 4: byte 3 = workspace byte (% 3 == 0: one double short); d, then (q, R) per state.
    "markov_4_infinite": fit(4, 3, 4, [0.1, 0.3, 10.0, 0.5, 5.0, 0.2, -1.0, 0.9, 0.0],
                             extra=bytes([1])),
    "markov_short_workspace": fit(4, 3, 3, [0.1, 0.3, 10.0, 0.5, 5.0, 0.2, -1.0, 0.9, 0.0],
                                  extra=bytes([0])),
    "markov_64_states": fit(4, 63, 3, [0.05] + [0.5, 1.0] * 64, extra=bytes([1])),
    "markov_long_horizon": fit(4, 2, 5, [0.0, 0.5, 1.0, 0.25, 2.0, 0.75, 3.0],
                               extra=bytes([2])),
    "markov_raw_probabilities": fit(4, 1, 0x80 | 4, [0.2, 1.5, 1.0, QNAN, 1.0],
                                    extra=bytes([1])),
    "markov_zero_horizon": fit(4, 5, 0, [0.2] + [0.3, 7.0] * 6, extra=bytes([1])),
}


def simulate(flags, customers, capacity, seed, values, raw=True):
    """fuzz_simulate.c: mode byte, flags (model, spend, per-row T, log, draw scale),
    customers, capacity, seed; then model (4), Gamma-Gamma (3), T, holdout, 16 T values,
    4 estimates, 4 x 4 covariance, sBG (2) and cohort size."""
    head = bytes([1 if raw else 0, flags, customers, capacity, seed])
    body = b"".join(struct.pack("<d", v) for v in values) if raw else bytes(values)
    return head + body


SIM_TS = [float(1 + i % 7) for i in range(16)]
SIM_EST = [0.243, 4.414, 0.793, 2.426]
SIM_COV = [0.0016, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 0.0, 0.03, 0.0, 0.0, 0.0, 0.0, 0.4]
GG_CDNOW = [6.25, 3.74, 15.44]
SIMULATE_SEEDS = {
    "bgnbd_cdnow_log": simulate(0x04 | 0x10, 15, 255, 1,
                                SIM_EST + GG_CDNOW + [39.0, 39.0] + SIM_TS + SIM_EST + SIM_COV
                                + [0.704, 1.182, 1000.0]),
    "pnbd_rows_holdout": simulate(0x01 | 0x08, 15, 0, 2,
                                  [0.553, 10.578, 0.606, 11.669] + GG_CDNOW + [39.0, 20.0]
                                  + SIM_TS + SIM_EST + SIM_COV + [0.668, 3.806, 1e6]),
    "mbgnbd_small_capacity": simulate(0x02 | 0x10 | 0x20, 15, 8, 3,
                                      [3.0, 1.0, 0.5, 10.0] + GG_CDNOW + [20.0, 5.0]
                                      + SIM_TS + SIM_EST + SIM_COV + [1.0, 1.0, 10.0]),
    "bgbb_donations": simulate(0x03 | 0x04 | 0x10, 15, 255, 4,
                               [1.204, 0.750, 0.657, 2.783] + GG_CDNOW + [6.0, 5.0]
                               + SIM_TS + SIM_EST + SIM_COV + [0.704, 1.182, 0.0]),
    "specials": simulate(0x1C, 7, 100, 5,
                         [QNAN, 1.0, INF, 0.0, DBL_MAX, DBL_MIN, DENORM_MIN, 1e300, -1.0]
                         + SIM_TS + [1.0, -1.0, QNAN, 1e-300] + [1.0, 2.0, 2.0, 1.0] * 4
                         + [0.0, INF, 1e9 + 1]),
    "mapped": simulate(0x14, 9, 60, 6, [2, 3, 1, 2, 5, 3, 15, 20, 10] + [3] * 16
                       + [1, 2, 3, 4] + [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
                       + [1, 1, 100], raw=False),
}


def escape(raw):
    return "".join("\\x%02X" % b for b in raw)


# fuzz_checking: byte 0 (bit 0 raw doubles, bit 1 weights, bits 2-3 model, bit 4 given
# calibration edges), k, rows; then 4 parameters, holdout length, 3 edges, 6 times, rows of
# (x, t_x, T, weight, holdout, birth).
def checking(flags, k, values):
    rows = (len(values) - 14) // 6
    return bytes([flags, k, rows]) + b"".join(struct.pack("<d", v) for v in values)


CDNOW_ROWS = [2, 30.43, 38.86, 1, 3, 0.0, 1, 1.71, 38.86, 2, 0, 0.0, 0, 0, 38.86, 1, 1, 0.0,
              0, 0, 38.86, 1, 0, 0.5, 7, 29.43, 38.86, 1, 8, 1.0, 1, 5.0, 38.86, 1, 0, 1.0]
CHECKING_SEEDS = {
    "bgnbd_cdnow": checking(1, 7, PAPER + [39.0, 0.0, 10.0, 39.0, 1, 10, 20, 39, 52, 78]
                            + CDNOW_ROWS),
    "pnbd_weights_edges": checking(1 | 2 | 4 | 16, 3, [0.553, 10.578, 0.606, 11.669, 39.0,
                                                       0.0, 20.0, 40.0, 0, 0, 1, 1, 2, 3]
                                   + CDNOW_ROWS),
    "bgbb_donations": checking(1 | 2 | 12, 6, [1.204, 0.750, 0.657, 2.783, 5.0, 0, 3, 6, 1, 2,
                                                3, 4, 5, 6, 0, 0, 6, 3464, 0, 0, 1, 1, 6, 1091,
                                                1, 0, 6, 6, 6, 1203, 5, 1]),
    "specials": checking(1, 2, [QNAN, INF, -1.0, 0.0, -0.0, QNAN, INF, -INF, 3, 2, 1, 0, -1,
                                DBL_MAX, 1, 2, 3, QNAN, -1, INF, 0, 0, 0, 0, 0, 0]),
    "mapped_bytes": bytes([0, 5, 12]) + bytes(range(0, 256, 3)),
}

# fuzz_survtest: byte 0 flags (bit 0 weights, bit 1 entry, bit 2 strata, bit 3 workspace too
# small, bit 4 capacity short, bit 5 raw), byte 1 groups (% 5), byte 2 rho | gamma << 4
# (indices into weights_fh: 0 -> 0, 4 -> 1, 6 -> 0.5, 9 -> -1), byte 3 level index; records
# (exit x 4, entry x 4, event % 4, weight x 8, group % 6, stratum % 3 - 1) or raw (exit,
# entry doubles, then the four bytes).
def surv(records, flags=0, groups=2, fh=0, level=0, raw=False):
    out = bytes([flags, groups, fh, level])
    for x, e, ev, w, g, s in records:
        if raw:
            out += struct.pack("<dd", x, e) + bytes([ev, w, g, s, 0, 0])
        else:
            out += bytes([x, e, ev, w, g, s])
    return out


# Freireich et al. (1963): 6-MP (group 0) and placebo (group 1), weeks x 4, weight 1 (8/8).
SURV_6MP = [(4 * t, 0, e, 8, 0, 1) for t, e in (
    (6, 1), (6, 1), (6, 1), (6, 0), (7, 1), (9, 0), (10, 1), (10, 0), (11, 0), (13, 1), (16, 1),
    (17, 0), (19, 0), (20, 0), (22, 1), (23, 1), (25, 0), (32, 0), (32, 0), (34, 0), (35, 0))]
SURV_PLACEBO = [(4 * t, 0, 1, 8, 1, 1 + i % 2) for i, t in enumerate(
    (1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23))]
SURV_SEEDS = {
    "freireich": surv(SURV_6MP + SURV_PLACEBO),
    "freireich_reversed": surv((SURV_6MP + SURV_PLACEBO)[::-1]),
    "freireich_peto": surv(SURV_6MP + SURV_PLACEBO, fh=4),
    "freireich_fh_half": surv(SURV_6MP + SURV_PLACEBO, fh=6 | 6 << 4),
    "freireich_strata_weights": surv(SURV_6MP + SURV_PLACEBO, flags=1 | 4),
    "entry": surv([(40, 8, 1, 8, 0, 1), (20, 20, 1, 8, 1, 1), (60, 4, 0, 16, 1, 1),
                   (24, 0, 1, 8, 0, 1), (32, 12, 1, 24, 1, 1)], flags=2 | 1),
    "entry_after_exit": surv([(8, 230, 1, 8, 0, 1), (12, 0, 1, 8, 1, 1)], flags=2),
    "three_groups": surv([(4 * (i % 7 + 1), 0, i % 2, 8, i % 3, 1) for i in range(30)],
                         groups=3),
    "group_out_of_range": surv([(8, 0, 1, 8, 0, 1), (12, 0, 1, 8, 4, 1)]),
    "one_group_only": surv([(8, 0, 1, 8, 0, 1), (12, 0, 1, 8, 0, 1)]),
    "all_censored": surv([(8, 0, 0, 8, 0, 1), (12, 0, 0, 8, 1, 1)]),
    "ws_small": surv(SURV_6MP[:6], flags=8),
    "cap_short": surv(SURV_6MP[:6], flags=16),
    "bad_level_bad_rho": surv(SURV_6MP[:6], fh=9, level=4),
    "specials": surv([(240, 0, 1, 8, 0, 1), (8, 0, 1, 240, 1, 1), (12, 0, 1, 244, 0, 1)],
                     flags=1),
    "raw": surv([(1e300, 0.0, 1, 8, 0, 1), (5e-324, 0.0, 1, 8, 1, 1), (2.5, 1.0, 1, 8, 1, 1)],
                flags=32 | 2, raw=True),
}


def write_dict(path):
    lines = ["# SPDX-License-Identifier: MIT",
             "# libFuzzer dictionary of libclv, written by fuzz/make_seeds.py (do not edit).",
             "# Doubles are raw little-endian IEEE 754 binary64; flags are little-endian int32."]
    for name, value in DICT_DOUBLES:
        lines.append('d_%s="%s"' % (name, escape(struct.pack("<d", value))))
    for value in DICT_INTS:
        label = ("m%d" % -value) if value < 0 else str(value)
        lines.append('i32_%s="%s"' % (label, escape(struct.pack("<i", value))))
    for name in DICT_NAMES:
        lines.append('name_%s="%s"' % (name.decode().lower(), name.decode()))
    with open(path, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


def write_corpus(name, seeds):
    directory = os.path.join(HERE, "corpus", name)
    os.makedirs(directory, exist_ok=True)
    for old in os.listdir(directory):
        if not old.startswith("regress-"):  # regression inputs are committed by hand
            os.remove(os.path.join(directory, old))
    for seed_name, data in seeds.items():
        with open(os.path.join(directory, seed_name), "wb") as f:
            f.write(data)


# fuzz_intervals: byte 0 (bit 0 raw doubles, bits 1-2 Bass quantity, bits 3-4 scale, bits 5-6
# sBG quantity - 1), byte 1 the number of times, then p, q, m, 9 covariance entries, the level,
# the sBG discount, and the times.
def intervals(flags, values, times):
    return (bytes([flags, len(times)])
            + b"".join(struct.pack("<d", v) for v in list(values) + list(times)))


# The published Bass NLS fit (refs/published.md) with a covariance of its standard errors
# (1.43e-3, 0.0414, 3130) and correlations 0.5, -0.3, -0.6.
BASS_COV = [2.0449e-6, 2.9601e-5, -1.34277, 2.9601e-5, 1.71396e-3, -7.7749e1,
            -1.34277, -7.7749e1, 9.7969e6]
INTERVAL_SEEDS = {
    "bass_period_log": intervals(1 | (2 << 1), [6.59e-3, 0.638, 6.80e4] + BASS_COV + [0.95, 0.1],
                                 [1, 5, 11, 30]),
    "bass_cumulative_natural": intervals(1 | (1 << 1) | (1 << 3) | (2 << 5),
                                         [6.59e-3, 0.638, 6.80e4] + BASS_COV + [0.9, 0.0],
                                         [0, 0.5, 12, 200]),
    "bass_rate_logit": intervals(1 | (3 << 1) | (2 << 3) | (3 << 5),
                                 [0.03, 0.01, 0.5] + BASS_COV + [0.95, 0.05], [0, 2, 1e5]),
    "not_pd": intervals(1 | (2 << 1), [0.01, 0.5, 1000, 1, 2, 0, 2, 1, 0, 0, 0, 1, 0.95, 0.1],
                        [1, 2]),
    "specials": intervals(1 | (1 << 1), [QNAN, INF, -0.0, QNAN, 1, 0, 1, INF, 0, 0, 0, 1,
                                         BELOW_ONE, -1.0], [QNAN, -0.0, DBL_MAX]),
    "huge_rates": intervals(1 | (3 << 1), [DBL_MAX, DBL_MAX, 1e300, 1, 0, 0, 0, 1, 0, 0, 0, 1,
                                           0.5, DENORM_MIN], [DENORM_MIN, 1e300]),
    "unknown_scale": intervals(1 | (1 << 1) | (3 << 3), [0.01, 0.5, 10] + [1, 0, 0, 0, 1, 0, 0,
                                                        0, 1] + [0.95, 0.1], [3]),
    "mapped_bytes": bytes([2 | 8, 5, 121, 200, 60, 30, 0, 0, 0, 30, 0, 0, 0, 30, 241, 130,
                           16, 1, 4, 9, 100]),
}


def main():
    write_corpus("closed_forms", CLOSED_FORMS)
    write_corpus("nps_scores", NPS_SCORES)
    write_corpus("rfm", RFM_SEEDS)
    write_corpus("models", MODEL_SEEDS)
    write_corpus("km", KM_SEEDS)
    write_corpus("churn", CHURN_SEEDS)
    write_corpus("referral", REFERRAL_SEEDS)
    write_corpus("bass", BASS_SEEDS)
    write_corpus("fit", FIT_SEEDS)
    write_corpus("simulate", SIMULATE_SEEDS)
    write_corpus("checking", CHECKING_SEEDS)
    write_corpus("intervals", INTERVAL_SEEDS)
    write_corpus("survtest", SURV_SEEDS)
    write_dict(os.path.join(HERE, "clv.dict"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
