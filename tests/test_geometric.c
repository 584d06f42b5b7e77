/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/math/geometric.c: G(q, n) = 1 + q + ... + q^(n-1) without cancellation.
 *
 * Reference values: tests/oracles/referral_oracles.py (mpmath, 50 digits; term by term for
 * small n), its output in referral_oracles.txt and the C table referral_oracles.h.
 */
#include "clv_test.h"

#include <float.h>

#include "clv.h"
#include "math/geometric.h"
#include "oracles/referral_oracles.h"

/*
 * Tolerance of G(q, n) against the oracle: 1e-15 (8 + |n log|q||) relative. The closed form
 * rounds x = n log|q| once (log1p exact to an ulp, one product): an absolute error of about
 * |x| ulps in x, which exp turns into a relative error of |x| ulps in q^n -- the conditioning
 * of q^n itself, not of the method. The 8 covers the division and expm1 (a few ulps each).
 * A formula that cancels, (1 - pow(q, n)) / (1 - q), misses q = 1 - 1e-13, n = 3 by 3e-4.
 */
static double tolerance(double q, double n) {
    double x = (isinf(n) || q == 0.0) ? 0.0 : fabs(n * log(fabs(q)));
    return 1e-15 * (8.0 + x);
}

static void test_geometric_sum_matches_mpmath_over_the_oracle_grid(void **state) {
    (void)state;
    size_t count = sizeof geometric_cases / sizeof geometric_cases[0];
    assert_true(count >= 30);
    for (size_t i = 0; i < count; i++) {
        const geometric_case *c = &geometric_cases[i];
        double g = -1.0;
        int st = clv__geometric_sum(c->q, c->n, &g);
        if (st != CLV_OK) {
            fail_msg("G(%.17g, %.17g): status %d", c->q, c->n, st);
        }
        double tol = tolerance(c->q, c->n);
        double err = c->sum == 0.0 ? fabs(g) : fabs(g - c->sum) / fabs(c->sum);
        if (!(err <= tol)) {
            fail_msg("G(%.17g, %.17g) = %.17g, oracle %.17g, relative error %.3g > %.3g", c->q,
                     c->n, g, c->sum, err, tol);
        }
    }
}

/* Small whole cases by hand, compared exactly (dyadic ratios: every partial sum is exact). */
static void test_geometric_sum_small_cases_by_hand_are_exact(void **state) {
    (void)state;
    double g;
    assert_status(clv__geometric_sum(0.5, 3.0, &g), CLV_OK);
    assert_true(g == 1.75); /* 1 + 1/2 + 1/4 */
    assert_status(clv__geometric_sum(2.0, 10.0, &g), CLV_OK);
    assert_true(g == 1023.0);
    assert_status(clv__geometric_sum(-0.5, 3.0, &g), CLV_OK);
    assert_true(g == 0.75); /* 1 - 1/2 + 1/4 */
    assert_status(clv__geometric_sum(-2.0, 3.0, &g), CLV_OK);
    assert_true(g == 3.0); /* 1 - 2 + 4 */
    assert_status(clv__geometric_sum(-1.0, 7.0, &g), CLV_OK);
    assert_true(g == 1.0);
}

/* q = 1 gives n exactly, q = 0 gives 1 (only 0^0), n = 0 the empty sum 0, for any q. */
static void test_geometric_sum_special_ratios_and_empty_sum(void **state) {
    (void)state;
    double g;
    const double ns[] = {1.0, 2.0, 3.5, 1e6, 9007199254740993.0, 1e300};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        assert_status(clv__geometric_sum(1.0, ns[i], &g), CLV_OK);
        assert_true(g == ns[i]);
        assert_status(clv__geometric_sum(0.0, ns[i], &g), CLV_OK);
        assert_true(g == 1.0);
    }
    const double qs[] = {-5.0, -1.0, 0.0, 0.5, 1.0, 3.0, 1e300};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        g = -7.0;
        assert_status(clv__geometric_sum(qs[i], 0.0, &g), CLV_OK);
        assert_true(g == 0.0);
    }
}

/* Near q = 1 the sum is continuous: G(1 -/+ eps, n) brackets G(1, n) = n, and for n eps << 1
 * is n -/+ n(n-1)/2 eps to first order (eps = 2^-40, n = 1000: 1000 -/+ 4.54e-7). */
static void test_geometric_sum_is_continuous_through_q_1(void **state) {
    (void)state;
    double eps = ldexp(1.0, -40);
    double below, at, above;
    assert_status(clv__geometric_sum(1.0 - eps, 1000.0, &below), CLV_OK);
    assert_status(clv__geometric_sum(1.0, 1000.0, &at), CLV_OK);
    assert_status(clv__geometric_sum(1.0 + eps, 1000.0, &above), CLV_OK);
    assert_true(below < at && at < above);
    double first_order = 1000.0 * 999.0 / 2.0 * eps;
    /* second-order term n^3 eps^2 / 6 ~ 1.5e-16 relative: tolerance 1e-12 of the correction */
    assert_close(at - below, first_order, 1e-6);
    assert_close(above - at, first_order, 1e-6);
}

/* The infinite sum: 1 / (1 - q) for |q| < 1; CLV_EDIVERGE for |q| >= 1, sum untouched. */
static void test_geometric_sum_infinite_converges_only_inside_unit_interval(void **state) {
    (void)state;
    double g;
    assert_status(clv__geometric_sum(0.75, INFINITY, &g), CLV_OK);
    assert_true(g == 4.0);
    assert_status(clv__geometric_sum(-0.5, INFINITY, &g), CLV_OK);
    assert_close(g, 2.0 / 3.0, 1e-15);
    const double diverge[] = {1.0, -1.0, 1.0000000000000002, -1.5, 7.0};
    for (size_t i = 0; i < sizeof diverge / sizeof diverge[0]; i++) {
        g = -7.0;
        assert_status(clv__geometric_sum(diverge[i], INFINITY, &g), CLV_EDIVERGE);
        assert_true(g == -7.0);
    }
}

/* Overflow is CLV_ERANGE (1.5^1800 ~ 1e317), also for a negative ratio; the largest finite
 * cases of the oracle grid (2^1000, (-2)^1001) pass above. Output untouched. */
static void test_geometric_sum_overflow_is_erange(void **state) {
    (void)state;
    double g = -7.0;
    assert_status(clv__geometric_sum(1.5, 1800.0, &g), CLV_ERANGE);
    assert_status(clv__geometric_sum(-1.5, 1801.0, &g), CLV_ERANGE);
    assert_status(clv__geometric_sum(-1.5, 1800.0, &g), CLV_ERANGE);
    assert_status(clv__geometric_sum(DBL_MAX, 3.0, &g), CLV_ERANGE);
    assert_status(clv__geometric_sum(1.0, INFINITY, &g), CLV_EDIVERGE);
    assert_true(g == -7.0);
}

/* Invalid: q NaN or infinite, n NaN or negative, q < 0 with a fractional n: CLV_EDOM. */
static void test_geometric_sum_domain_errors_are_edom(void **state) {
    (void)state;
    double g = -7.0;
    assert_status(clv__geometric_sum(NAN, 2.0, &g), CLV_EDOM);
    assert_status(clv__geometric_sum(INFINITY, 2.0, &g), CLV_EDOM);
    assert_status(clv__geometric_sum(-INFINITY, 2.0, &g), CLV_EDOM);
    assert_status(clv__geometric_sum(0.5, NAN, &g), CLV_EDOM);
    assert_status(clv__geometric_sum(0.5, -1.0, &g), CLV_EDOM);
    assert_status(clv__geometric_sum(0.5, -INFINITY, &g), CLV_EDOM);
    assert_status(clv__geometric_sum(-0.5, 2.5, &g), CLV_EDOM);
    assert_true(g == -7.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geometric_sum_matches_mpmath_over_the_oracle_grid),
        cmocka_unit_test(test_geometric_sum_small_cases_by_hand_are_exact),
        cmocka_unit_test(test_geometric_sum_special_ratios_and_empty_sum),
        cmocka_unit_test(test_geometric_sum_is_continuous_through_q_1),
        cmocka_unit_test(test_geometric_sum_infinite_converges_only_inside_unit_interval),
        cmocka_unit_test(test_geometric_sum_overflow_is_erange),
        cmocka_unit_test(test_geometric_sum_domain_errors_are_edom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
