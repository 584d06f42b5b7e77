/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Tests of lib/clv/value.c: closed-form lifetime value, CAC, LTV:CAC, payback. */
#include "clv_test.h"

#include <float.h>

#include "clv.h"

/* Outputs must stay untouched on error: every error test prefills this sentinel. */
#define SENTINEL (-12345.678)

/* Explicit sum of m (r/(1+d))^t over the margins, t from 0 (start) or 1 (end). */
static double direct_sum(double m, double r, double d, int n, int timing) {
    double q = r / (1.0 + d);
    double s = 0.0;
    double w = (timing == CLV_MARGIN_END) ? q : 1.0;
    for (int t = 0; t < n; t++) {
        s += m * w;
        w *= q;
    }
    return s;
}

static void test_simple_value_is_margin_times_rate_times_life(void **state) {
    (void)state;
    double v = SENTINEL;
    /* 20 per purchase x 2 purchases a year x 6 years (clothing retail's 5-7) = 240. */
    assert_status(clv_simple_value(20.0, 2.0, 6.0, &v), CLV_OK);
    assert_close(v, 240.0, 1e-15);
    /* A loss-making customer keeps the sign: -3 x 4 x 2 = -24. */
    assert_status(clv_simple_value(-3.0, 4.0, 2.0, &v), CLV_OK);
    assert_close(v, -24.0, 1e-15);
}

static void test_simple_value_rejects_bad_input(void **state) {
    (void)state;
    double v = SENTINEL;
    assert_status(clv_simple_value(1.0, 1.0, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_simple_value(NAN, 1.0, 1.0, &v), CLV_EDOM);
    assert_status(clv_simple_value(INFINITY, 1.0, 1.0, &v), CLV_EDOM);
    assert_status(clv_simple_value(1.0, -1.0, 1.0, &v), CLV_EDOM);
    assert_status(clv_simple_value(1.0, 1.0, -0.5, &v), CLV_EDOM);
    assert_status(clv_simple_value(1.0, 1.0, INFINITY, &v), CLV_EDOM);
    assert_status(clv_simple_value(DBL_MAX, 2.0, 1.0, &v), CLV_ERANGE);
    assert_true(v == SENTINEL);
}

/* Gupta & Lehmann (2003), refs/published.md: r = 80%, i = 10% -> margin multiple 2.667. */
static void test_margin_multiple_matches_gupta_lehmann_2003(void **state) {
    (void)state;
    double m = SENTINEL;
    assert_status(clv_margin_multiple(0.8, 0.1, INFINITY, CLV_MARGIN_END, &m), CLV_OK);
    assert_near(m, 2.667, 0.0005); /* the three printed decimals */
    /* tests/oracles/value_oracles.txt: direct 60-digit sum at the double inputs. */
    assert_close(m, 2.6666666666666671601, 4e-16);
    /* Margin now: m (1+i)/(1+i-r) = 1.1/0.3 = 3.6667 (refs/published.md, Gupta & Lehmann). */
    assert_status(clv_margin_multiple(0.8, 0.1, INFINITY, CLV_MARGIN_START, &m), CLV_OK);
    assert_close(m, 1.1 / 0.3, 4e-16);
}

/* N = 3, r = 0.8, d = 0.1: q = 8/11.
 * end:   q + q^2 + q^3 = (968 + 704 + 512)/1331 = 2184/1331;
 * start: 1 + q + q^2   = (121 + 88 + 64)/121   = 273/121. */
static void test_retention_value_three_periods_by_hand(void **state) {
    (void)state;
    double v = SENTINEL;
    assert_status(clv_retention_value(100.0, 0.8, 0.1, 3.0, CLV_MARGIN_END, &v), CLV_OK);
    assert_close(v, 100.0 * 2184.0 / 1331.0, 1e-14);
    assert_status(clv_retention_value(100.0, 0.8, 0.1, 3.0, CLV_MARGIN_START, &v), CLV_OK);
    assert_close(v, 100.0 * 273.0 / 121.0, 1e-14);
}

/* The closed form equals the explicit sum for every horizon 0..60 and a spread of rates. */
static void test_retention_value_equals_explicit_sum(void **state) {
    (void)state;
    const double rs[] = {0.0, 0.1, 0.5, 0.8, 0.95, 0.999, 1.0};
    const double ds[] = {0.0, 0.01, 0.1, 0.5};
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++) {
        for (size_t j = 0; j < sizeof ds / sizeof ds[0]; j++) {
            for (int n = 0; n <= 60; n++) {
                for (int timing = 0; timing <= 1; timing++) {
                    double v = SENTINEL;
                    assert_status(clv_retention_value(7.5, rs[i], ds[j], n, timing, &v), CLV_OK);
                    /* 61 terms of rounding in the loop: 1e-13 is ample. */
                    assert_close(v, direct_sum(7.5, rs[i], ds[j], n, timing), 1e-13);
                }
            }
        }
    }
}

/* Retention near 1 over a million periods: tests/oracles/value_oracles.txt (mpmath). A naive
 * 1 - pow(q, N) would keep only ~10 digits here. */
static void test_retention_value_long_horizon_keeps_precision(void **state) {
    (void)state;
    double v = SENTINEL;
    assert_status(clv_retention_value(1.0, 0.999999, 0.0, 1e6, CLV_MARGIN_END, &v), CLV_OK);
    assert_close(v, 632120.11064001369785, 1e-12);
    assert_status(clv_retention_value(1.0, 0.999999, 1e-9, 1e7, CLV_MARGIN_START, &v), CLV_OK);
    assert_close(v, 998956.09690616292353, 1e-12);
    assert_status(clv_retention_value(1.0, 1.0, 1e-12, 1000.0, CLV_MARGIN_END, &v), CLV_OK);
    assert_close(v, 999.99999949950000017, 1e-13);
}

/* The finite value rises with the horizon towards the infinite-horizon limit. */
static void test_retention_value_converges_to_infinite_horizon(void **state) {
    (void)state;
    double limit = SENTINEL;
    double prev = -1.0;
    assert_status(clv_retention_value(50.0, 0.9, 0.05, INFINITY, CLV_MARGIN_END, &limit), CLV_OK);
    /* 50 q/(1-q), q = 0.9/1.05: 50 x 0.9/0.15 = 300. */
    assert_close(limit, 300.0, 1e-14);
    /* Strictly rising while q^n (n <= 200: q^200 ~ 4e-14) still moves the sum. */
    for (int n = 0; n <= 200; n += 20) {
        double v = SENTINEL;
        assert_status(clv_retention_value(50.0, 0.9, 0.05, n, CLV_MARGIN_END, &v), CLV_OK);
        assert_true(v > prev && v <= limit * (1.0 + 1e-15));
        prev = v;
    }
    double far = SENTINEL;
    assert_status(clv_retention_value(50.0, 0.9, 0.05, 400.0, CLV_MARGIN_END, &far), CLV_OK);
    assert_close(far, limit, 1e-14); /* q^400 ~ 1e-27 */
}

/* Edge cases with closed answers: r = 0, r = 1 with d = 0 (finite), r = 1 with d > 0. */
static void test_retention_value_edges(void **state) {
    (void)state;
    double v = SENTINEL;
    assert_status(clv_retention_value(10.0, 0.0, 0.1, INFINITY, CLV_MARGIN_END, &v), CLV_OK);
    assert_true(v == 0.0); /* never retained: no margin ever arrives */
    assert_status(clv_retention_value(10.0, 0.0, 0.1, 5.0, CLV_MARGIN_START, &v), CLV_OK);
    assert_close(v, 10.0, 1e-15); /* only the margin at acquisition */
    assert_status(clv_retention_value(10.0, 1.0, 0.0, 5.0, CLV_MARGIN_END, &v), CLV_OK);
    assert_close(v, 50.0, 1e-15); /* five undiscounted margins */
    /* r = 1, d = 0.1: end m (1/1.1)/(0.1/1.1) = 10 m; start 11 m. */
    assert_status(clv_retention_value(10.0, 1.0, 0.1, INFINITY, CLV_MARGIN_END, &v), CLV_OK);
    assert_close(v, 100.0, 1e-14);
    assert_status(clv_retention_value(10.0, 1.0, 0.1, INFINITY, CLV_MARGIN_START, &v), CLV_OK);
    assert_close(v, 110.0, 1e-14);
    assert_status(clv_retention_value(10.0, 0.7, 0.1, 0.0, CLV_MARGIN_START, &v), CLV_OK);
    assert_true(v == 0.0); /* a horizon of no periods counts no margin */
}

static void test_retention_value_rejects_bad_input(void **state) {
    (void)state;
    double v = SENTINEL;
    assert_status(clv_retention_value(1.0, 0.5, 0.1, 3.0, CLV_MARGIN_END, NULL), CLV_EINVAL);
    assert_status(clv_retention_value(1.0, 0.5, 0.1, 3.0, 2, &v), CLV_EINVAL);
    assert_status(clv_retention_value(1.0, 0.5, 0.1, 3.0, -1, &v), CLV_EINVAL);
    assert_status(clv_retention_value(1.0, 0.5, 0.1, 2.5, CLV_MARGIN_END, &v), CLV_EINVAL);
    assert_status(clv_retention_value(1.0, 0.5, 0.1, -1.0, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(1.0, 0.5, 0.1, NAN, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(1.0, 0.5, 0.1, -INFINITY, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(NAN, 0.5, 0.1, 3.0, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(-INFINITY, 0.5, 0.1, 3.0, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(1.0, 1.01, 0.1, 3.0, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(1.0, -0.01, 0.1, 3.0, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(1.0, NAN, 0.1, 3.0, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(1.0, 0.5, -0.1, 3.0, CLV_MARGIN_END, &v), CLV_EDOM);
    assert_status(clv_retention_value(1.0, 0.5, INFINITY, 3.0, CLV_MARGIN_END, &v), CLV_EDOM);
    /* Retention 1 without discounting over an infinite horizon: the sum diverges. */
    assert_status(clv_retention_value(1.0, 1.0, 0.0, INFINITY, CLV_MARGIN_END, &v), CLV_EDIVERGE);
    assert_status(clv_retention_value(1.0, 1.0, 0.0, INFINITY, CLV_MARGIN_START, &v), CLV_EDIVERGE);
    assert_status(clv_margin_multiple(1.0, 0.0, INFINITY, CLV_MARGIN_END, &v), CLV_EDIVERGE);
    /* DBL_MAX margin x 10 margins overflows. */
    assert_status(clv_retention_value(DBL_MAX, 1.0, 0.0, 10.0, CLV_MARGIN_END, &v), CLV_ERANGE);
    assert_status(clv_margin_multiple(0.5, 0.1, 1.0, CLV_MARGIN_END, NULL), CLV_EINVAL);
    assert_status(clv_margin_multiple(0.5, 0.1, 1.0, 7, &v), CLV_EINVAL);
    assert_true(v == SENTINEL);
}

static void test_cac_and_ltv_cac_ratio(void **state) {
    (void)state;
    double c = SENTINEL;
    assert_status(clv_cac(1000.0, 40.0, &c), CLV_OK);
    assert_close(c, 25.0, 1e-15); /* 1000 / 40 */
    assert_status(clv_cac(0.0, 40.0, &c), CLV_OK);
    assert_true(c == 0.0);
    assert_status(clv_ltv_cac_ratio(300.0, 100.0, &c), CLV_OK);
    assert_close(c, 3.0, 1e-15); /* the SaaS rule of thumb "3:1" */
    assert_status(clv_ltv_cac_ratio(-50.0, 100.0, &c), CLV_OK);
    assert_close(c, -0.5, 1e-15);

    c = SENTINEL;
    assert_status(clv_cac(1.0, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_cac(1000.0, 0.0, &c), CLV_EDOM);
    assert_status(clv_cac(-1.0, 40.0, &c), CLV_EDOM);
    assert_status(clv_cac(NAN, 40.0, &c), CLV_EDOM);
    assert_status(clv_cac(1.0, INFINITY, &c), CLV_EDOM);
    assert_status(clv_cac(DBL_MAX, 0.5, &c), CLV_ERANGE);
    assert_status(clv_ltv_cac_ratio(1.0, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_ltv_cac_ratio(1.0, 0.0, &c), CLV_EDOM);
    assert_status(clv_ltv_cac_ratio(1.0, -2.0, &c), CLV_EDOM);
    assert_status(clv_ltv_cac_ratio(NAN, 2.0, &c), CLV_EDOM);
    assert_status(clv_ltv_cac_ratio(DBL_MAX, 0.5, &c), CLV_ERANGE);
    assert_true(c == SENTINEL);
}

/* r = 1, d = 0: the plain payback cac / margin = 1200 / 100 = 12 periods, both timings. */
static void test_payback_plain_is_cac_over_margin(void **state) {
    (void)state;
    double n = SENTINEL;
    assert_status(clv_payback_periods(1200.0, 100.0, 1.0, 0.0, CLV_MARGIN_END, &n), CLV_OK);
    assert_close(n, 12.0, 1e-15);
    assert_status(clv_payback_periods(1200.0, 100.0, 1.0, 0.0, CLV_MARGIN_START, &n), CLV_OK);
    assert_close(n, 12.0, 1e-15);
    assert_status(clv_payback_periods(0.0, 100.0, 0.5, 0.1, CLV_MARGIN_END, &n), CLV_OK);
    assert_true(n == 0.0);
}

/* r = 0.9, d = 0: V_end(n) = 900 (1 - 0.9^n), V_start(n) = 1000 (1 - 0.9^n).
 * cac 450 (end) and 500 (start) both need 0.9^n = 1/2: n = ln 2 / -ln 0.9 = 6.578813... */
static void test_payback_with_churn_by_hand(void **state) {
    (void)state;
    double n = SENTINEL;
    double expected = log(2.0) / -log(0.9);
    assert_status(clv_payback_periods(450.0, 100.0, 0.9, 0.0, CLV_MARGIN_END, &n), CLV_OK);
    assert_close(n, expected, 1e-14);
    assert_status(clv_payback_periods(500.0, 100.0, 0.9, 0.0, CLV_MARGIN_START, &n), CLV_OK);
    assert_close(n, expected, 1e-14);
    /* tests/oracles/value_oracles.txt: r = 0.9, d = 0.05, cac 500, margin 100, end. */
    assert_status(clv_payback_periods(500.0, 100.0, 0.9, 0.05, CLV_MARGIN_END, &n), CLV_OK);
    assert_close(n, 11.623428915369723355, 1e-13);
}

/* ceil(n) margins repay the CAC, floor(n) do not: checked against clv_retention_value.
 * r = 0.9, d = 0.02, margin 100: q = 0.9/1.02, infinite-horizon CLV 750 (end), 850 (start),
 * so every CAC below 750 is repaid. */
static void test_payback_brackets_cumulative_value(void **state) {
    (void)state;
    const double cacs[] = {1.0, 37.0, 250.0, 700.0, 749.0};
    for (int timing = 0; timing <= 1; timing++) {
        for (size_t i = 0; i < sizeof cacs / sizeof cacs[0]; i++) {
            double n = SENTINEL;
            double below = SENTINEL;
            double above = SENTINEL;
            assert_status(clv_payback_periods(cacs[i], 100.0, 0.9, 0.02, timing, &n), CLV_OK);
            assert_true(isfinite(n) && n > 0.0);
            assert_status(clv_retention_value(100.0, 0.9, 0.02, ceil(n), timing, &above), CLV_OK);
            assert_status(clv_retention_value(100.0, 0.9, 0.02, floor(n), timing, &below), CLV_OK);
            assert_true(above >= cacs[i] * (1.0 - 1e-14));
            assert_true(below < cacs[i] || floor(n) == n);
        }
    }
}

/* Never paid back: cac at or above the infinite-horizon CLV (exactly 100 for r = 0.5, d = 0,
 * end: 100 x 0.5/0.5, all exact in binary), and r = 0 with margins at the end of the period. */
static void test_payback_never_is_infinity(void **state) {
    (void)state;
    double n = SENTINEL;
    assert_status(clv_payback_periods(100.0, 100.0, 0.5, 0.0, CLV_MARGIN_END, &n), CLV_OK);
    assert_true(isinf(n) && n > 0.0);
    assert_status(clv_payback_periods(99.0, 100.0, 0.5, 0.0, CLV_MARGIN_END, &n), CLV_OK);
    assert_close(n, log(100.0) / log(2.0), 1e-14); /* 0.5^n = 1 - 99/100 */
    assert_status(clv_payback_periods(1e6, 100.0, 0.9, 0.0, CLV_MARGIN_END, &n), CLV_OK);
    assert_true(isinf(n) && n > 0.0);
    assert_status(clv_payback_periods(10.0, 100.0, 0.0, 0.0, CLV_MARGIN_END, &n), CLV_OK);
    assert_true(isinf(n) && n > 0.0);
    /* r = 0 with the margin at acquisition: the first margin repays cac <= m. */
    assert_status(clv_payback_periods(50.0, 100.0, 0.0, 0.0, CLV_MARGIN_START, &n), CLV_OK);
    assert_close(n, 0.5, 1e-15);
    assert_status(clv_payback_periods(150.0, 100.0, 0.0, 0.0, CLV_MARGIN_START, &n), CLV_OK);
    assert_true(isinf(n));
    assert_status(clv_payback_periods(DBL_MAX, 1e-300, 0.5, 0.0, CLV_MARGIN_END, &n), CLV_OK);
    assert_true(isinf(n));
}

static void test_payback_rejects_bad_input(void **state) {
    (void)state;
    double n = SENTINEL;
    assert_status(clv_payback_periods(1.0, 1.0, 0.5, 0.1, CLV_MARGIN_END, NULL), CLV_EINVAL);
    assert_status(clv_payback_periods(1.0, 1.0, 0.5, 0.1, 3, &n), CLV_EINVAL);
    assert_status(clv_payback_periods(-1.0, 1.0, 0.5, 0.1, CLV_MARGIN_END, &n), CLV_EDOM);
    assert_status(clv_payback_periods(NAN, 1.0, 0.5, 0.1, CLV_MARGIN_END, &n), CLV_EDOM);
    assert_status(clv_payback_periods(1.0, 0.0, 0.5, 0.1, CLV_MARGIN_END, &n), CLV_EDOM);
    assert_status(clv_payback_periods(1.0, -5.0, 0.5, 0.1, CLV_MARGIN_END, &n), CLV_EDOM);
    assert_status(clv_payback_periods(1.0, INFINITY, 0.5, 0.1, CLV_MARGIN_END, &n), CLV_EDOM);
    assert_status(clv_payback_periods(1.0, 1.0, 1.5, 0.1, CLV_MARGIN_END, &n), CLV_EDOM);
    assert_status(clv_payback_periods(1.0, 1.0, 0.5, -0.1, CLV_MARGIN_END, &n), CLV_EDOM);
    assert_status(clv_payback_periods(1.0, 1.0, 0.5, NAN, CLV_MARGIN_END, &n), CLV_EDOM);
    /* Repaid, but only after DBL_MAX / 1e-300 periods: too many for a double, not "never". */
    assert_status(clv_payback_periods(DBL_MAX, 1e-300, 1.0, 0.0, CLV_MARGIN_END, &n), CLV_ERANGE);
    assert_true(n == SENTINEL);
}

/* tests/oracles/value_oracles.txt: (1.1)^(1/12) - 1 = 0.0079741404289037414899. */
/* Continuous rates: 15% a year is delta = ln(1.15)/52 a week (FHL 2005's choice; mpmath
 * 0.002687729661060742694974), and 1% continuous a month is e^0.12 - 1 = 12.74968515793756714793%
 * a year (mpmath); the two are inverses. */
static void test_discount_rate_continuous_conversions(void **state) {
    (void)state;
    double delta = SENTINEL, rate = SENTINEL;
    assert_status(clv_discount_rate_to_continuous(0.15, 52.0, &delta), CLV_OK);
    assert_close(delta, 0.002687729661060742694974, 1e-15);
    assert_status(clv_discount_rate_from_continuous(delta, 52.0, &rate), CLV_OK);
    assert_close(rate, 0.15, 1e-14);
    assert_status(clv_discount_rate_from_continuous(0.01, 12.0, &rate), CLV_OK);
    assert_close(rate, 0.1274968515793756714793, 1e-15);
    assert_status(clv_discount_rate_to_continuous(1e-12, 1.0, &delta), CLV_OK);
    assert_close(delta, 1e-12 - 0.5e-24, 1e-15); /* log1p: no cancellation */
    delta = rate = SENTINEL;
    assert_status(clv_discount_rate_to_continuous(-1.0, 1.0, &delta), CLV_EDOM);
    assert_status(clv_discount_rate_to_continuous(0.1, 0.0, &delta), CLV_EDOM);
    assert_status(clv_discount_rate_to_continuous(NAN, 1.0, &delta), CLV_EDOM);
    assert_status(clv_discount_rate_to_continuous(0.1, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_discount_rate_from_continuous(INFINITY, 1.0, &rate), CLV_EDOM);
    assert_status(clv_discount_rate_from_continuous(1e3, 1.0, &rate), CLV_ERANGE);
    assert_status(clv_discount_rate_from_continuous(0.1, -1.0, &rate), CLV_EDOM);
    assert_true(delta == SENTINEL && rate == SENTINEL);
}

static void test_discount_rate_convert_annual_to_monthly(void **state) {
    (void)state;
    double m = SENTINEL;
    double back = SENTINEL;
    assert_status(clv_discount_rate_convert(0.1, 12.0, 1.0, &m), CLV_OK);
    assert_close(m, 0.0079741404289037414899, 1e-15);
    assert_status(clv_discount_rate_convert(m, 1.0, 12.0, &back), CLV_OK);
    assert_close(back, 0.1, 1e-14); /* round trip */
    /* Same length: unchanged. A negative rate above -1 is allowed (deflation). */
    /* A zero rate is zero over any period, even when the length ratio overflows. */
    assert_status(clv_discount_rate_convert(0.0, 1e-300, 1e300, &m), CLV_OK);
    assert_true(m == 0.0);
    assert_status(clv_discount_rate_convert(0.07, 3.0, 3.0, &m), CLV_OK);
    assert_close(m, 0.07, 1e-15);
    assert_status(clv_discount_rate_convert(-0.5, 1.0, 2.0, &m), CLV_OK);
    assert_close(m, -0.75, 1e-15); /* 0.5^2 - 1 */

    m = SENTINEL;
    assert_status(clv_discount_rate_convert(0.1, 1.0, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_discount_rate_convert(-1.0, 1.0, 1.0, &m), CLV_EDOM);
    assert_status(clv_discount_rate_convert(NAN, 1.0, 1.0, &m), CLV_EDOM);
    assert_status(clv_discount_rate_convert(0.1, 0.0, 1.0, &m), CLV_EDOM);
    assert_status(clv_discount_rate_convert(0.1, 1.0, -1.0, &m), CLV_EDOM);
    assert_status(clv_discount_rate_convert(0.1, 1.0, INFINITY, &m), CLV_EDOM);
    assert_status(clv_discount_rate_convert(1e300, 1.0, 10.0, &m), CLV_ERANGE);
    assert_true(m == SENTINEL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_value_is_margin_times_rate_times_life),
        cmocka_unit_test(test_simple_value_rejects_bad_input),
        cmocka_unit_test(test_margin_multiple_matches_gupta_lehmann_2003),
        cmocka_unit_test(test_retention_value_three_periods_by_hand),
        cmocka_unit_test(test_retention_value_equals_explicit_sum),
        cmocka_unit_test(test_retention_value_long_horizon_keeps_precision),
        cmocka_unit_test(test_retention_value_converges_to_infinite_horizon),
        cmocka_unit_test(test_retention_value_edges),
        cmocka_unit_test(test_retention_value_rejects_bad_input),
        cmocka_unit_test(test_cac_and_ltv_cac_ratio),
        cmocka_unit_test(test_payback_plain_is_cac_over_margin),
        cmocka_unit_test(test_payback_with_churn_by_hand),
        cmocka_unit_test(test_payback_brackets_cumulative_value),
        cmocka_unit_test(test_payback_never_is_infinity),
        cmocka_unit_test(test_payback_rejects_bad_input),
        cmocka_unit_test(test_discount_rate_convert_annual_to_monthly),
        cmocka_unit_test(test_discount_rate_continuous_conversions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
