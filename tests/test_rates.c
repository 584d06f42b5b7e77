/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/churn/rates.c: churn and retention rates from counts, their conversion between
 * period lengths, and the expected and median geometric lifetime.
 *
 * Oracle values marked "oracle" come from tests/oracles/churn_oracles.py (mpmath, 60 digits or
 * more, at the exact binary value of each double input); its output is
 * tests/oracles/churn_oracles.txt.
 */
#include "clv_test.h"

#include <float.h>

#include "churn.h"

/* Outputs must stay untouched on error: every error test prefills this sentinel. */
#define SENTINEL (-12345.678)

/* A few units in the last place: one or two correctly rounded operations (division,
 * subtraction) plus glibc's expm1/log1p/log/pow, each within 1 ulp (2.2e-16 relative). */
#define ULPS_FEW 1e-15

static const int methods[] = {CLV_CHURN_START, CLV_CHURN_AVERAGE, CLV_CHURN_EXPOSED};

/* ---- clv_churn_rate ----------------------------------------------------------------------- */

/* One worked example, 100 customers at the start, 10 lost, 20 new (end = 100 - 10 + 20 = 110):
 * - START:    10 / 100             = 0.1
 * - AVERAGE:  10 / ((100 + 110)/2) = 10 / 105 = 2/21
 * - EXPOSED:  10 / (100 + 20)      = 10 / 120 = 1/12
 * Retention is 1 - churn in each. Tolerance: one rounded division and one subtraction. */
static void test_churn_rate_three_methods_on_100_start_10_lost_20_new(void **state) {
    (void)state;
    double c = SENTINEL;
    double r = SENTINEL;
    assert_status(clv_churn_rate(100.0, 10.0, 20.0, CLV_CHURN_START, &c, &r), CLV_OK);
    assert_close(c, 0.1, ULPS_FEW);
    assert_close(r, 0.9, ULPS_FEW);
    assert_status(clv_churn_rate(100.0, 10.0, 20.0, CLV_CHURN_AVERAGE, &c, &r), CLV_OK);
    assert_close(c, 2.0 / 21.0, ULPS_FEW);
    assert_close(r, 19.0 / 21.0, ULPS_FEW);
    assert_status(clv_churn_rate(100.0, 10.0, 20.0, CLV_CHURN_EXPOSED, &c, &r), CLV_OK);
    assert_close(c, 1.0 / 12.0, ULPS_FEW);
    assert_close(r, 11.0 / 12.0, ULPS_FEW);
}

/* Retention = 1 - churn exactly, as documented, for every method on fractional counts
 * (weighted counts are allowed): start 12.5, lost 2.5, new 5 -> START 2.5/12.5 = 0.2,
 * AVERAGE 2.5 / ((12.5 + 15)/2) = 2.5/13.75 = 2/11, EXPOSED 2.5/17.5 = 1/7. */
static void test_churn_rate_fractional_counts_and_retention_is_one_minus_churn(void **state) {
    (void)state;
    const double expected[] = {0.2, 2.0 / 11.0, 1.0 / 7.0};
    for (size_t i = 0; i < 3; i++) {
        double c = SENTINEL;
        double r = SENTINEL;
        assert_status(clv_churn_rate(12.5, 2.5, 5.0, methods[i], &c, &r), CLV_OK);
        assert_close(c, expected[i], ULPS_FEW);
        assert_true(r == 1.0 - c); /* the documented identity, bit for bit */
    }
}

/* Boundaries of the domain that are valid: everyone lost (START 10 of 10 -> churn 1;
 * EXPOSED 0 at start, 5 new, all 5 lost -> 5/5 = 1) and nobody lost (churn 0). Exact. */
static void test_churn_rate_all_lost_is_1_and_none_lost_is_0(void **state) {
    (void)state;
    double c = SENTINEL;
    double r = SENTINEL;
    assert_status(clv_churn_rate(10.0, 10.0, 0.0, CLV_CHURN_START, &c, &r), CLV_OK);
    assert_true(c == 1.0 && r == 0.0);
    assert_status(clv_churn_rate(0.0, 5.0, 5.0, CLV_CHURN_EXPOSED, &c, &r), CLV_OK);
    assert_true(c == 1.0 && r == 0.0);
    for (size_t i = 0; i < 3; i++) {
        assert_status(clv_churn_rate(10.0, 0.0, 3.0, methods[i], &c, &r), CLV_OK);
        assert_true(c == 0.0 && r == 1.0);
    }
    /* AVERAGE near its own limit: start 20, new 10, lost 15 -> end 15, average 17.5,
     * churn 15/17.5 = 6/7 (lost 20 would give end 10, average 15, churn 4/3: rejected). */
    assert_status(clv_churn_rate(20.0, 15.0, 10.0, CLV_CHURN_AVERAGE, &c, &r), CLV_OK);
    assert_close(c, 6.0 / 7.0, ULPS_FEW);
}

/* Counts near DBL_MAX are finite, valid counts; the rate is a ratio and always representable.
 * start = new = lost = DBL_MAX, EXPOSED: DBL_MAX / (2 DBL_MAX) = 1/2 exactly.
 * start = new = DBL_MAX, lost = DBL_MAX/2, AVERAGE: end = 1.5 DBL_MAX, average 1.25 DBL_MAX,
 * churn 0.5/1.25 = 0.4. start + new overflows in doubles, so a naive sum gives inf. */
static void test_churn_rate_dbl_max_counts_give_the_exact_ratio(void **state) {
    (void)state;
    double c = SENTINEL;
    double r = SENTINEL;
    assert_status(clv_churn_rate(DBL_MAX, DBL_MAX, DBL_MAX, CLV_CHURN_EXPOSED, &c, &r), CLV_OK);
    assert_true(c == 0.5 && r == 0.5); /* exact: powers of two scale DBL_MAX exactly */
    assert_status(clv_churn_rate(DBL_MAX, DBL_MAX / 2, DBL_MAX, CLV_CHURN_AVERAGE, &c, &r), CLV_OK);
    assert_close(c, 0.4, ULPS_FEW);
    assert_status(clv_churn_rate(DBL_MAX, DBL_MAX / 4, DBL_MAX, CLV_CHURN_START, &c, &r), CLV_OK);
    assert_true(c == 0.25);
}

static void test_churn_rate_rejects_null_outputs_and_leaves_the_other_untouched(void **state) {
    (void)state;
    double c = SENTINEL;
    double r = SENTINEL;
    assert_status(clv_churn_rate(100.0, 10.0, 20.0, CLV_CHURN_START, NULL, &r), CLV_EINVAL);
    assert_true(r == SENTINEL);
    assert_status(clv_churn_rate(100.0, 10.0, 20.0, CLV_CHURN_START, &c, NULL), CLV_EINVAL);
    assert_true(c == SENTINEL);
    assert_status(clv_churn_rate(100.0, 10.0, 20.0, CLV_CHURN_START, NULL, NULL), CLV_EINVAL);
}

static void test_churn_rate_rejects_unknown_method(void **state) {
    (void)state;
    const int bad[] = {-1, 3, 4, 100, -2147483647 - 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double c = SENTINEL;
        double r = SENTINEL;
        assert_status(clv_churn_rate(100.0, 10.0, 20.0, bad[i], &c, &r), CLV_EINVAL);
        assert_true(c == SENTINEL && r == SENTINEL);
    }
}

/* NaN, +inf, -inf and negative values in each of the three counts, for every method. */
static void test_churn_rate_rejects_nan_inf_and_negative_counts(void **state) {
    (void)state;
    const double bad[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN};
    for (size_t m = 0; m < 3; m++) {
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            double c = SENTINEL;
            double r = SENTINEL;
            assert_status(clv_churn_rate(bad[i], 1.0, 1.0, methods[m], &c, &r), CLV_EDOM);
            assert_status(clv_churn_rate(10.0, bad[i], 1.0, methods[m], &c, &r), CLV_EDOM);
            assert_status(clv_churn_rate(10.0, 1.0, bad[i], methods[m], &c, &r), CLV_EDOM);
            assert_true(c == SENTINEL && r == SENTINEL);
        }
    }
}

/* More lost than the method allows. START counts only customers there at the start, so 11
 * lost of 10 is an error even with 5 new (11 <= 10 + 5); the other methods allow start + new
 * (16 > 15 is an error). AVERAGE also rejects a churn above 1: start 10, lost 10, new 0 has
 * end 0 and average 5, churn 2. */
static void test_churn_rate_rejects_lost_above_what_the_method_allows(void **state) {
    (void)state;
    double c = SENTINEL;
    double r = SENTINEL;
    assert_status(clv_churn_rate(10.0, 11.0, 5.0, CLV_CHURN_START, &c, &r), CLV_EDOM);
    assert_status(clv_churn_rate(10.0, 16.0, 5.0, CLV_CHURN_AVERAGE, &c, &r), CLV_EDOM);
    assert_status(clv_churn_rate(10.0, 16.0, 5.0, CLV_CHURN_EXPOSED, &c, &r), CLV_EDOM);
    assert_status(clv_churn_rate(10.0, 10.0, 0.0, CLV_CHURN_AVERAGE, &c, &r), CLV_EDOM);
    /* Just above the limit: one ulp more than start. */
    assert_status(clv_churn_rate(10.0, nextafter(10.0, 11.0), 0.0, CLV_CHURN_START, &c, &r),
                  CLV_EDOM);
    assert_true(c == SENTINEL && r == SENTINEL);
    /* The same 11 lost is fine with EXPOSED: 11/15. */
    assert_status(clv_churn_rate(10.0, 11.0, 5.0, CLV_CHURN_EXPOSED, &c, &r), CLV_OK);
    assert_close(c, 11.0 / 15.0, ULPS_FEW);
}

/* Zero denominators (no customers): START with nobody at the start (even with new ones),
 * every method with all counts 0, AVERAGE with start 0 and all 5 new lost (average 0). */
static void test_churn_rate_rejects_zero_denominator(void **state) {
    (void)state;
    double c = SENTINEL;
    double r = SENTINEL;
    assert_status(clv_churn_rate(0.0, 0.0, 5.0, CLV_CHURN_START, &c, &r), CLV_EDOM);
    for (size_t m = 0; m < 3; m++) {
        assert_status(clv_churn_rate(0.0, 0.0, 0.0, methods[m], &c, &r), CLV_EDOM);
    }
    assert_status(clv_churn_rate(0.0, 5.0, 5.0, CLV_CHURN_AVERAGE, &c, &r), CLV_EDOM);
    assert_true(c == SENTINEL && r == SENTINEL);
}

/* ---- clv_churn_convert -------------------------------------------------------------------- */

/* Documented in churn.h: "a monthly churn of 2% is an annual 21.53%". Hand: 0.98^2 = 0.9604,
 * 0.98^4 = 0.92236816, 0.98^8 = 0.85076302..., 0.98^12 = 0.78471672..., 1 - that = 0.215283.
 * Oracle churn_convert_0.02_1_12 = 0.21528327626519997061. */
static void test_churn_convert_monthly_2pct_is_annual_21_53pct(void **state) {
    (void)state;
    double a = SENTINEL;
    assert_status(clv_churn_convert(0.02, 1.0, 12.0, &a), CLV_OK);
    assert_near(a, 0.2153, 0.00005); /* the 4 printed digits of 21.53% */
    assert_close(a, 0.21528327626519997061, ULPS_FEW);
    /* The same in years: from_length 1/12 year to 1 year. */
    assert_status(clv_churn_convert(0.02, 1.0 / 12.0, 1.0, &a), CLV_OK);
    assert_close(a, 0.21528327626519997061, ULPS_FEW);
}

/* Annual 30% to monthly: 1 - 0.7^(1/12). Oracle churn_convert_0.3_12_1 = 0.0292855303767776627;
 * and weekly from a 52-week year at 25%: oracle churn_convert_0.25_52_1. */
static void test_churn_convert_annual_to_monthly_and_weekly_match_mpmath(void **state) {
    (void)state;
    double c = SENTINEL;
    assert_status(clv_churn_convert(0.3, 12.0, 1.0, &c), CLV_OK);
    assert_close(c, 0.029285530376777662743, ULPS_FEW);
    assert_status(clv_churn_convert(0.25, 52.0, 1.0, &c), CLV_OK);
    assert_close(c, 0.0055170722947754955384, ULPS_FEW);
}

/* A tiny churn keeps its digits because of expm1/log1p. Naive 1 - (1 - 1e-12)^12 in doubles
 * is off in the 5th digit; at 1e-300, 1 - c rounds to 1 and the naive result is 0.
 * Hand: 1 - (1-c)^12 = 12c - 66c^2 + ... = 1.2e-11 - 6.6e-23 = 1.1999999999934e-11.
 * Oracles churn_convert_1e-12_1_12, churn_convert_1e-12_12_1, churn_convert_1e-300_1_12. */
static void test_churn_convert_churn_1e_12_keeps_its_digits(void **state) {
    (void)state;
    double c = SENTINEL;
    assert_status(clv_churn_convert(1e-12, 1.0, 12.0, &c), CLV_OK);
    assert_close(c, 1.1999999999934e-11, 1e-14); /* the hand series, 14 digits */
    assert_close(c, 1.1999999999933999759e-11, ULPS_FEW);
    assert_status(clv_churn_convert(1e-12, 12.0, 1.0, &c), CLV_OK);
    assert_close(c, 8.3333333333371526102e-14, ULPS_FEW);
    assert_status(clv_churn_convert(1e-300, 1.0, 12.0, &c), CLV_OK);
    assert_close(c, 1.2000000000000000301e-299, ULPS_FEW);
    /* The smallest subnormal: 12 x 4.94e-324 = 5.9e-323 exactly representable (12 ulps). */
    assert_status(clv_churn_convert(DBL_TRUE_MIN, 1.0, 12.0, &c), CLV_OK);
    assert_true(c == 12.0 * DBL_TRUE_MIN);
}

/* Monthly -> annual -> monthly gives back the monthly rate. Tolerance: the annual rate is
 * stored to 1.1e-16 relative and the inverse map amplifies that by its condition number
 * (c_a/c) (1-c) / (12 (1-c_a)), which is below 5 for c <= 0.2 (c = 0.2: c_a = 0.931,
 * 4.65 x 0.8 / (12 x 0.0687) = 4.5); 1e-14 leaves a factor ~20 for libm's ulp errors. */
static void test_churn_convert_round_trip_monthly_annual_monthly(void **state) {
    (void)state;
    const double monthly[] = {1e-15, 1e-12, 1e-6, 0.001, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2};
    for (size_t i = 0; i < sizeof monthly / sizeof monthly[0]; i++) {
        double annual = SENTINEL;
        double back = SENTINEL;
        assert_status(clv_churn_convert(monthly[i], 1.0, 12.0, &annual), CLV_OK);
        assert_true(annual > monthly[i] && annual < 1.0);
        assert_status(clv_churn_convert(annual, 12.0, 1.0, &back), CLV_OK);
        assert_close(back, monthly[i], 1e-14);
    }
}

/* Same length is the identity (k = 1); churn 0 stays 0 and churn 1 stays 1 for any k. */
static void test_churn_convert_identity_and_endpoints_are_exact(void **state) {
    (void)state;
    double c = SENTINEL;
    assert_status(clv_churn_convert(0.37, 7.0, 7.0, &c), CLV_OK);
    assert_close(c, 0.37, ULPS_FEW);
    const double k[] = {1e-9, 0.25, 3.0, 1e9};
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        assert_status(clv_churn_convert(0.0, 1.0, k[i], &c), CLV_OK);
        assert_true(c == 0.0);
        assert_status(clv_churn_convert(1.0, 1.0, k[i], &c), CLV_OK);
        assert_true(c == 1.0);
    }
}

/* Extreme ratios of valid lengths: 1e300 / 1e-300 overflows to k = inf, DBL_MIN / DBL_MAX
 * underflows to k = 0. The result must stay in [0, 1] and equal the limit: churn 0 never
 * compounds into anything (1 - 1^k = 0), churn 1 stays 1 (1 - 0^k = 1 for every k > 0), any
 * other churn compounded over an infinite ratio is 1 and over a vanishing one is 0. */
static void test_churn_convert_extreme_length_ratios_stay_in_unit_interval(void **state) {
    (void)state;
    double c = SENTINEL;
    assert_status(clv_churn_convert(0.0, 1e-300, 1e300, &c), CLV_OK);
    assert_true(c == 0.0);
    assert_status(clv_churn_convert(0.5, 1e-300, 1e300, &c), CLV_OK);
    assert_true(c == 1.0);
    assert_status(clv_churn_convert(1.0, 1e-300, 1e300, &c), CLV_OK);
    assert_true(c == 1.0);
    assert_status(clv_churn_convert(0.0, DBL_MAX, DBL_MIN, &c), CLV_OK);
    assert_true(c == 0.0);
    assert_status(clv_churn_convert(0.5, DBL_MAX, DBL_MIN, &c), CLV_OK);
    assert_true(c == 0.0); /* true value 1 - 2^-(1e-616), below the smallest double */
    assert_status(clv_churn_convert(1.0, DBL_MAX, DBL_MIN, &c), CLV_OK);
    assert_true(c == 1.0);
}

static void test_churn_convert_rejects_null_nan_inf_and_out_of_range(void **state) {
    (void)state;
    double c = SENTINEL;
    assert_status(clv_churn_convert(0.02, 1.0, 12.0, NULL), CLV_EINVAL);
    const double bad_rate[] = {NAN,     INFINITY, -INFINITY, -0.01, 1.01, nextafter(1.0, 2.0),
                               -DBL_MIN};
    for (size_t i = 0; i < sizeof bad_rate / sizeof bad_rate[0]; i++) {
        assert_status(clv_churn_convert(bad_rate[i], 1.0, 12.0, &c), CLV_EDOM);
    }
    const double bad_length[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, -1.0};
    for (size_t i = 0; i < sizeof bad_length / sizeof bad_length[0]; i++) {
        assert_status(clv_churn_convert(0.02, bad_length[i], 12.0, &c), CLV_EDOM);
        assert_status(clv_churn_convert(0.02, 1.0, bad_length[i], &c), CLV_EDOM);
    }
    assert_true(c == SENTINEL);
}

/* ---- clv_retention_convert ---------------------------------------------------------------- */

/* Quarterly retention 0.9 -> annual (4 quarters): 0.9^4 = 0.6561 by hand; oracle
 * retention_convert_0.9_1_4 = 0.65610000000000006475 (the double 0.9 is a hair above 0.9).
 * Monthly (1/3 quarter): 0.9^(1/3) = 0.96548938..., oracle retention_convert_0.9_3_1. */
static void test_retention_convert_quarterly_0_9_is_annual_0_6561(void **state) {
    (void)state;
    double r = SENTINEL;
    assert_status(clv_retention_convert(0.9, 1.0, 4.0, &r), CLV_OK);
    assert_close(r, 0.6561, 1e-15); /* hand value; the double 0.9 is 2.2e-17 high, 1e-16 in 0.9^4 */
    assert_close(r, 0.65610000000000006475, ULPS_FEW);
    assert_status(clv_retention_convert(0.9, 3.0, 1.0, &r), CLV_OK);
    assert_close(r, 0.9654893846056297658, ULPS_FEW);
}

/* r = 1 - c: retention_convert(1 - c) = 1 - churn_convert(c). 1 - c is exact for these
 * dyadic c, so both paths see the same rate and differ only by libm rounding (pow versus
 * expm1/log1p). Both results are probabilities with absolute errors of a few 1e-16 (1 ulp of
 * pow, 2 of -expm1(k log1p(-c)), 0.5 for 1 - c), so they are compared absolutely to 1e-15;
 * a relative comparison would be meaningless where r is as small as 0.0625^12 = 3.6e-15. */
static void test_retention_convert_is_one_minus_churn_convert(void **state) {
    (void)state;
    const double churn[] = {0.015625, 0.0625, 0.125, 0.25, 0.5, 0.75, 0.9375};
    const double lengths[][2] = {{1.0, 12.0}, {12.0, 1.0}, {7.0, 365.25}, {3.0, 2.0}};
    for (size_t i = 0; i < sizeof churn / sizeof churn[0]; i++) {
        for (size_t j = 0; j < sizeof lengths / sizeof lengths[0]; j++) {
            double c = SENTINEL;
            double r = SENTINEL;
            assert_status(clv_churn_convert(churn[i], lengths[j][0], lengths[j][1], &c), CLV_OK);
            assert_status(clv_retention_convert(1.0 - churn[i], lengths[j][0], lengths[j][1], &r),
                          CLV_OK);
            assert_near(r, 1.0 - c, 1e-15);
        }
    }
}

/* Endpoints and extreme ratios: retention 1 stays 1, retention 0 stays 0 for every length
 * ratio k > 0 (0^k = 0), even when k underflows to 0 in doubles (DBL_MIN / DBL_MAX) or
 * overflows to inf; this is churn_convert's churn 1 -> 1. */
static void test_retention_convert_endpoints_and_extreme_ratios(void **state) {
    (void)state;
    double r = SENTINEL;
    double c = SENTINEL;
    const double lengths[][2] = {{1.0, 1.0}, {1.0, 12.0}, {DBL_MAX, DBL_MIN}, {1e-300, 1e300}};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        assert_status(clv_retention_convert(1.0, lengths[i][0], lengths[i][1], &r), CLV_OK);
        assert_true(r == 1.0);
        assert_status(clv_retention_convert(0.0, lengths[i][0], lengths[i][1], &r), CLV_OK);
        assert_true(r == 0.0);
        assert_status(clv_churn_convert(1.0, lengths[i][0], lengths[i][1], &c), CLV_OK);
        assert_true(c == 1.0 - r);
    }
    /* 0.5 over an infinite ratio is 0, over a vanishing one 1. */
    assert_status(clv_retention_convert(0.5, 1e-300, 1e300, &r), CLV_OK);
    assert_true(r == 0.0);
    assert_status(clv_retention_convert(0.5, DBL_MAX, DBL_MIN, &r), CLV_OK);
    assert_true(r == 1.0);
}

static void test_retention_convert_rejects_null_nan_inf_and_out_of_range(void **state) {
    (void)state;
    double r = SENTINEL;
    assert_status(clv_retention_convert(0.9, 1.0, 12.0, NULL), CLV_EINVAL);
    const double bad_rate[] = {NAN,     INFINITY, -INFINITY, -0.01, 1.01, nextafter(1.0, 2.0),
                               -DBL_MIN};
    for (size_t i = 0; i < sizeof bad_rate / sizeof bad_rate[0]; i++) {
        assert_status(clv_retention_convert(bad_rate[i], 1.0, 12.0, &r), CLV_EDOM);
    }
    const double bad_length[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, -1.0};
    for (size_t i = 0; i < sizeof bad_length / sizeof bad_length[0]; i++) {
        assert_status(clv_retention_convert(0.9, bad_length[i], 12.0, &r), CLV_EDOM);
        assert_status(clv_retention_convert(0.9, 1.0, bad_length[i], &r), CLV_EDOM);
    }
    assert_true(r == SENTINEL);
}

/* ---- clv_expected_lifetime ---------------------------------------------------------------- */

/* 1/c: churn 20% -> 5 periods, 2% -> 50, 1 -> 1 (every customer leaves after the period of
 * acquisition), 0 -> +inf (documented). 0.2 and 0.02 are not exact in binary: one division. */
static void test_expected_lifetime_is_one_over_churn(void **state) {
    (void)state;
    double p = SENTINEL;
    assert_status(clv_expected_lifetime(0.2, &p), CLV_OK);
    assert_close(p, 5.0, ULPS_FEW);
    assert_status(clv_expected_lifetime(0.02, &p), CLV_OK);
    assert_close(p, 50.0, ULPS_FEW);
    assert_status(clv_expected_lifetime(1.0, &p), CLV_OK);
    assert_true(p == 1.0);
    assert_status(clv_expected_lifetime(0.0, &p), CLV_OK);
    assert_true(isinf(p) && p > 0.0);
    assert_status(clv_expected_lifetime(1e-12, &p), CLV_OK);
    assert_close(p, 1e12, ULPS_FEW);
}

/* The documented model: P(lifetime = t) = c (1-c)^(t-1), t = 1, 2, ...; its mean summed
 * term by term up to a tail below 1e-40 (t_max with (1-c)^t_max < 1e-40) must equal the
 * function's 1/c. Tolerance 1e-12: up to ~3500 rounded additions and multiplications. */
static void test_expected_lifetime_equals_numerically_summed_geometric_mean(void **state) {
    (void)state;
    const double churn[] = {0.9, 0.5, 0.3, 0.1, 0.05, 0.026};
    for (size_t i = 0; i < sizeof churn / sizeof churn[0]; i++) {
        double c = churn[i];
        double mean = 0.0;
        double survive = 1.0; /* (1-c)^(t-1) */
        for (int t = 1; survive > 1e-40; t++) {
            mean += t * c * survive;
            survive *= 1.0 - c;
        }
        double p = SENTINEL;
        assert_status(clv_expected_lifetime(c, &p), CLV_OK);
        assert_true(p >= 1.0); /* documented lower bound */
        assert_close(p, mean, 1e-12);
    }
}

static void test_expected_lifetime_rejects_null_nan_inf_and_out_of_range(void **state) {
    (void)state;
    assert_status(clv_expected_lifetime(0.1, NULL), CLV_EINVAL);
    const double bad[] = {NAN, INFINITY, -INFINITY, -0.1, 1.5, nextafter(1.0, 2.0), -DBL_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double p = SENTINEL;
        assert_status(clv_expected_lifetime(bad[i], &p), CLV_EDOM);
        assert_true(p == SENTINEL);
    }
}

/* ---- clv_median_lifetime ------------------------------------------------------------------ */

/* t = log 2 / -log(1-c). Oracles median_lifetime_0.1 = 6.5788134789605834,
 * median_lifetime_0.999 = 0.1003433318879937, and for tiny churn (log1p keeps the digits)
 * median_lifetime_1e-12 = 693147180559.59875 (hand: log 2 / c = 6.9314718056e11) and
 * median_lifetime_1e-300 = 6.9314718055994529e299. */
static void test_median_lifetime_matches_mpmath_including_tiny_churn(void **state) {
    (void)state;
    double p = SENTINEL;
    assert_status(clv_median_lifetime(0.1, &p), CLV_OK);
    assert_close(p, 6.578813478960583398, ULPS_FEW);
    assert_status(clv_median_lifetime(0.999, &p), CLV_OK);
    assert_close(p, 0.10034333188799374464, ULPS_FEW);
    assert_status(clv_median_lifetime(1e-12, &p), CLV_OK);
    assert_close(p, 6.9314718056e11, 1e-11); /* the hand value's 11 digits */
    assert_close(p, 693147180559.59874977, ULPS_FEW);
    assert_status(clv_median_lifetime(1e-300, &p), CLV_OK);
    assert_close(p, 6.9314718055994529205e+299, ULPS_FEW);
}

/* Documented: the median of the geometric lifetime in whole periods is ceil(t), i.e. the
 * smallest whole m with (1-c)^m <= 1/2. Brute force over c = k/1024 (1 - c exact, pow within
 * 1 ulp). t is a whole number m only if 1 - c = 2^(-1/m), dyadic only for m = 1: c = 1/2,
 * t = 1, where a t computed one ulp high would give ceil 2 and fail. Plus a few small churn
 * rates, up to m ~ 693,000. (c = 1 is excluded: see test_median_lifetime_endpoints_and_half.) */
static void test_median_lifetime_ceil_matches_brute_force_whole_periods(void **state) {
    (void)state;
    for (int k = 1; k < 1024; k++) {
        double c = k / 1024.0;
        int m = 0;
        while (pow(1.0 - c, m) > 0.5) {
            m++;
        }
        double p = SENTINEL;
        assert_status(clv_median_lifetime(c, &p), CLV_OK);
        if (ceil(p) != (double)m) {
            fail_msg("c = %d/1024: median %.17g, ceil %g, brute force %d", k, p, ceil(p), m);
        }
    }
    const double small[] = {1e-3, 1e-4, 1e-6};
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        int m = 0;
        while (pow(1.0 - small[i], m) > 0.5) {
            m++;
        }
        double p = SENTINEL;
        assert_status(clv_median_lifetime(small[i], &p), CLV_OK);
        assert_true(ceil(p) == (double)m);
    }
}

/* Documented endpoints: churn 0 -> +inf, churn 1 -> 0; churn 1/2 -> (1/2)^1 = 1/2, t = 1.
 * (At churn 1 the whole-period median of the geometric lifetime, which counts the period of
 * acquisition, is 1, not ceil(0) = 0; the header documents 0, the continuous limit.) */
static void test_median_lifetime_endpoints_and_half(void **state) {
    (void)state;
    double p = SENTINEL;
    assert_status(clv_median_lifetime(0.0, &p), CLV_OK);
    assert_true(isinf(p) && p > 0.0);
    assert_status(clv_median_lifetime(1.0, &p), CLV_OK);
    assert_true(p == 0.0);
    assert_status(clv_median_lifetime(0.5, &p), CLV_OK);
    assert_close(p, 1.0, ULPS_FEW);
    /* Median below the mean: the geometric distribution is right-skewed (t 6.58 < 1/c = 10). */
    double mean = SENTINEL;
    assert_status(clv_median_lifetime(0.1, &p), CLV_OK);
    assert_status(clv_expected_lifetime(0.1, &mean), CLV_OK);
    assert_true(p < mean);
}

/* A subnormal churn is a finite lifetime too long for a double (1/4.9e-324 and
 * log 2/4.9e-324 overflow): CLV_ERANGE, not the +INFINITY reserved for churn 0. At DBL_MIN
 * (2.2e-308) both are still finite: 1/DBL_MIN = 4.49e307 exactly (a power of two). */
static void test_lifetimes_of_subnormal_churn_are_erange(void **state) {
    (void)state;
    double p = SENTINEL;
    assert_status(clv_expected_lifetime(DBL_TRUE_MIN, &p), CLV_ERANGE);
    assert_status(clv_median_lifetime(DBL_TRUE_MIN, &p), CLV_ERANGE);
    assert_true(p == SENTINEL);
    assert_status(clv_expected_lifetime(DBL_MIN, &p), CLV_OK);
    assert_true(p == 1.0 / DBL_MIN);
    assert_status(clv_median_lifetime(DBL_MIN, &p), CLV_OK);
    assert_close(p, log(2.0) / DBL_MIN, 1e-15); /* -log1p(-c) = c to rounding for tiny c */
}

static void test_median_lifetime_rejects_null_nan_inf_and_out_of_range(void **state) {
    (void)state;
    assert_status(clv_median_lifetime(0.1, NULL), CLV_EINVAL);
    const double bad[] = {NAN, INFINITY, -INFINITY, -0.1, 1.5, nextafter(1.0, 2.0), -DBL_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double p = SENTINEL;
        assert_status(clv_median_lifetime(bad[i], &p), CLV_EDOM);
        assert_true(p == SENTINEL);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_churn_rate_three_methods_on_100_start_10_lost_20_new),
        cmocka_unit_test(test_churn_rate_fractional_counts_and_retention_is_one_minus_churn),
        cmocka_unit_test(test_churn_rate_all_lost_is_1_and_none_lost_is_0),
        cmocka_unit_test(test_churn_rate_dbl_max_counts_give_the_exact_ratio),
        cmocka_unit_test(test_churn_rate_rejects_null_outputs_and_leaves_the_other_untouched),
        cmocka_unit_test(test_churn_rate_rejects_unknown_method),
        cmocka_unit_test(test_churn_rate_rejects_nan_inf_and_negative_counts),
        cmocka_unit_test(test_churn_rate_rejects_lost_above_what_the_method_allows),
        cmocka_unit_test(test_churn_rate_rejects_zero_denominator),
        cmocka_unit_test(test_churn_convert_monthly_2pct_is_annual_21_53pct),
        cmocka_unit_test(test_churn_convert_annual_to_monthly_and_weekly_match_mpmath),
        cmocka_unit_test(test_churn_convert_churn_1e_12_keeps_its_digits),
        cmocka_unit_test(test_churn_convert_round_trip_monthly_annual_monthly),
        cmocka_unit_test(test_churn_convert_identity_and_endpoints_are_exact),
        cmocka_unit_test(test_churn_convert_extreme_length_ratios_stay_in_unit_interval),
        cmocka_unit_test(test_churn_convert_rejects_null_nan_inf_and_out_of_range),
        cmocka_unit_test(test_retention_convert_quarterly_0_9_is_annual_0_6561),
        cmocka_unit_test(test_retention_convert_is_one_minus_churn_convert),
        cmocka_unit_test(test_retention_convert_endpoints_and_extreme_ratios),
        cmocka_unit_test(test_retention_convert_rejects_null_nan_inf_and_out_of_range),
        cmocka_unit_test(test_lifetimes_of_subnormal_churn_are_erange),
        cmocka_unit_test(test_expected_lifetime_is_one_over_churn),
        cmocka_unit_test(test_expected_lifetime_equals_numerically_summed_geometric_mean),
        cmocka_unit_test(test_expected_lifetime_rejects_null_nan_inf_and_out_of_range),
        cmocka_unit_test(test_median_lifetime_matches_mpmath_including_tiny_churn),
        cmocka_unit_test(test_median_lifetime_ceil_matches_brute_force_whole_periods),
        cmocka_unit_test(test_median_lifetime_endpoints_and_half),
        cmocka_unit_test(test_median_lifetime_rejects_null_nan_inf_and_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
