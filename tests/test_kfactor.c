/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/referral/kfactor.c: viral coefficient (K-factor) growth (referral.h, group
 * clv_kfactor: clv_kfactor, clv_kfactor_customers, clv_kfactor_customers_at).
 *
 * Reference values: hand arithmetic (below), a term-by-term sum in the test, and
 * tests/oracles/referral_oracles.py (mpmath, 50 digits: C_0 sum_j K^j term by term, and
 * Skok's C_0 (K^(t/c_t + 1) - 1) / (K - 1) at the exact binary inputs).
 */
#include "clv_test.h"

#include <float.h>

#include "oracles/referral_oracles.h"
#include "referral.h"

/* ---- values ------------------------------------------------------------------------------ */

/* K = i c: 5 x 0.25 = 1.25 (exact), 10 x 0.1 = 1 to one rounding, 0 when nobody converts. */
static void test_kfactor_is_invitations_times_conversion(void **state) {
    (void)state;
    double k = -1.0;
    assert_status(clv_kfactor(5.0, 0.25, &k), CLV_OK);
    assert_true(k == 1.25);
    assert_status(clv_kfactor(10.0, 0.1, &k), CLV_OK);
    assert_close(k, 1.0, 2e-16);
    assert_status(clv_kfactor(7.0, 0.0, &k), CLV_OK);
    assert_true(k == 0.0);
    assert_status(clv_kfactor(0.0, 1.0, &k), CLV_OK);
    assert_true(k == 0.0);
}

/*
 * By hand, 100 customers, K = 5 x 0.25 = 1.25 (the worked example of the Skok/Reiss formula
 * in practice guides): new customers per cycle 100, 125, 156.25, 195.3125, so the cumulative
 * counts after 0, 1, 2, 3 cycles are 100, 225, 381.25, 576.5625 -- dyadic, exact.
 */
static void test_kfactor_customers_by_hand_for_k_1_25(void **state) {
    (void)state;
    const double expect[] = {100.0, 225.0, 381.25, 576.5625};
    for (int n = 0; n < 4; n++) {
        double c = -1.0;
        assert_status(clv_kfactor_customers(100.0, 5.0, 0.25, (double)n, &c), CLV_OK);
        assert_close(c, expect[n], 4e-16);
    }
}

/* Against a term-by-term sum in the test for K in {0.3, 0.9, 1, 1.1, 2} and n = 0..60:
 * running sums of K^j (j <= n) carry at most ~n roundings: tolerance 1e-13. */
static void test_kfactor_customers_equal_brute_force_sum(void **state) {
    (void)state;
    const double conversions[] = {0.075, 0.225, 0.25, 0.275, 0.5}; /* x 4 invitations */
    for (size_t i = 0; i < sizeof conversions / sizeof conversions[0]; i++) {
        double k = 4.0 * conversions[i];
        double term = 1.0, sum = 0.0;
        for (int n = 0; n <= 60; n++) {
            sum += term;
            term *= k;
            double c;
            assert_status(clv_kfactor_customers(37.0, 4.0, conversions[i], (double)n, &c), CLV_OK);
            assert_close(c, 37.0 * sum, 1e-13);
        }
    }
}

/* mpmath oracle, including K = 1 -/+ 2^-45 (10 x (0.1 -/+ 2^-45)) after 40 cycles, where
 * (1 - K^41) / (1 - K) computed naively loses 8 digits. Tolerance 1e-14: 41 log K is tiny
 * there, and elsewhere |n log K| <= 200 x log 10 (the K = 10 case), ~1e-13 worst. */
static void test_kfactor_customers_match_mpmath(void **state) {
    (void)state;
    size_t count = sizeof kfactor_cycle_cases / sizeof kfactor_cycle_cases[0];
    for (size_t i = 0; i < count; i++) {
        const kfactor_case *c = &kfactor_cycle_cases[i];
        double got;
        assert_status(clv_kfactor_customers(c->c0, c->invitations, c->conversion, c->x, &got),
                      CLV_OK);
        double k = c->invitations * c->conversion;
        double tol = 1e-15 * (8.0 + fabs((c->x + 1.0) * log(k)));
        assert_close(got, c->customers, tol);
    }
}

/* Exactly K = 1: C_0 (n + 1), with no division by zero (4 x 0.25 = 1 exactly). */
static void test_kfactor_customers_at_k_1_is_c0_times_n_plus_1(void **state) {
    (void)state;
    double c;
    assert_status(clv_kfactor_customers(100.0, 4.0, 0.25, 9.0, &c), CLV_OK);
    assert_true(c == 1000.0);
    assert_status(clv_kfactor_customers(3.0, 4.0, 0.25, 1e9, &c), CLV_OK);
    assert_true(c == 3.0 * (1e9 + 1.0));
    assert_status(clv_kfactor_customers_at(100.0, 4.0, 0.25, 2.0, 5.0, &c), CLV_OK);
    assert_true(c == 350.0); /* 100 (5/2 + 1) */
}

/* The infinite horizon: C_0 / (1 - K) for K < 1 (100 / (1 - 0.5) = 200), CLV_EDIVERGE for
 * K >= 1, but 0 customers stay 0 whatever K is. */
static void test_kfactor_customers_limit_and_divergence(void **state) {
    (void)state;
    double c = -1.0;
    assert_status(clv_kfactor_customers(100.0, 2.0, 0.25, INFINITY, &c), CLV_OK);
    assert_true(c == 200.0);
    assert_status(clv_kfactor_customers_at(100.0, 2.0, 0.25, 3.0, INFINITY, &c), CLV_OK);
    assert_true(c == 200.0);
    assert_status(clv_kfactor_customers(0.0, 5.0, 0.25, INFINITY, &c), CLV_OK);
    assert_true(c == 0.0);
    c = -1.0;
    assert_status(clv_kfactor_customers(100.0, 4.0, 0.25, INFINITY, &c), CLV_EDIVERGE);
    assert_status(clv_kfactor_customers(100.0, 5.0, 0.25, INFINITY, &c), CLV_EDIVERGE);
    assert_status(clv_kfactor_customers_at(1.0, 5.0, 0.25, 3.0, INFINITY, &c), CLV_EDIVERGE);
    assert_true(c == -1.0);
}

/* Skok's continuous form against mpmath (t = 0, mid-cycle 1.5, 10 cycles, K = 0.6 and 1,
 * K = 1 - 1e-12 over a million cycles). Tolerance 1e-15 (8 + |(t/c_t + 1) log K|). */
static void test_kfactor_customers_at_match_mpmath(void **state) {
    (void)state;
    size_t count = sizeof kfactor_time_cases / sizeof kfactor_time_cases[0];
    for (size_t i = 0; i < count; i++) {
        const kfactor_time_case *c = &kfactor_time_cases[i];
        double got;
        assert_status(clv_kfactor_customers_at(c->c0, c->invitations, c->conversion, c->cycle_time,
                                               c->time, &got),
                      CLV_OK);
        double k = c->invitations * c->conversion;
        double u = c->time / c->cycle_time + 1.0;
        assert_close(got, c->customers, 1e-15 * (8.0 + fabs(u * log(k))));
    }
}

/* At whole cycles the continuous curve is the discrete count: t = n c_t. */
static void test_kfactor_customers_at_whole_cycles_equal_discrete(void **state) {
    (void)state;
    for (int n = 0; n <= 30; n++) {
        double discrete, continuous;
        assert_status(clv_kfactor_customers(50.0, 3.0, 0.3, (double)n, &discrete), CLV_OK);
        assert_status(clv_kfactor_customers_at(50.0, 3.0, 0.3, 4.0, 4.0 * n, &continuous), CLV_OK);
        assert_close(continuous, discrete, 1e-15);
    }
}

/* Growth is monotone in time and in K: more time or a larger K never means fewer customers. */
static void test_kfactor_customers_at_is_increasing_in_time(void **state) {
    (void)state;
    double prev = 0.0;
    for (int i = 0; i <= 200; i++) {
        double c;
        assert_status(clv_kfactor_customers_at(10.0, 2.0, 0.45, 7.0, 0.35 * i, &c), CLV_OK);
        assert_true(c >= prev);
        prev = c;
    }
}

/* ---- errors ------------------------------------------------------------------------------ */

static void test_kfactor_null_outputs_are_einval(void **state) {
    (void)state;
    assert_status(clv_kfactor(1.0, 0.5, NULL), CLV_EINVAL);
    assert_status(clv_kfactor_customers(1.0, 1.0, 0.5, 2.0, NULL), CLV_EINVAL);
    assert_status(clv_kfactor_customers_at(1.0, 1.0, 0.5, 1.0, 2.0, NULL), CLV_EINVAL);
}

/* Every argument outside its domain, NaN and infinities included: CLV_EDOM; a non-integer
 * finite number of cycles: CLV_EINVAL (as a horizon in clv.h). Output untouched. */
static void test_kfactor_bad_arguments_are_edom_or_einval(void **state) {
    (void)state;
    const double bad_count[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN};
    const double bad_rate[] = {NAN, INFINITY, -0.1, 1.0000000000000002};
    double c = -1.0;
    for (size_t i = 0; i < sizeof bad_count / sizeof bad_count[0]; i++) {
        assert_status(clv_kfactor(bad_count[i], 0.5, &c), CLV_EDOM);
        assert_status(clv_kfactor_customers(bad_count[i], 2.0, 0.3, 3.0, &c), CLV_EDOM);
        assert_status(clv_kfactor_customers(10.0, bad_count[i], 0.3, 3.0, &c), CLV_EDOM);
        assert_status(clv_kfactor_customers_at(bad_count[i], 2.0, 0.3, 1.0, 3.0, &c), CLV_EDOM);
        assert_status(clv_kfactor_customers_at(10.0, bad_count[i], 0.3, 1.0, 3.0, &c), CLV_EDOM);
    }
    for (size_t i = 0; i < sizeof bad_rate / sizeof bad_rate[0]; i++) {
        assert_status(clv_kfactor(2.0, bad_rate[i], &c), CLV_EDOM);
        assert_status(clv_kfactor_customers(10.0, 2.0, bad_rate[i], 3.0, &c), CLV_EDOM);
        assert_status(clv_kfactor_customers_at(10.0, 2.0, bad_rate[i], 1.0, 3.0, &c), CLV_EDOM);
    }
    /* cycles: negative or NaN is EDOM, fractional EINVAL */
    assert_status(clv_kfactor_customers(10.0, 2.0, 0.3, -1.0, &c), CLV_EDOM);
    assert_status(clv_kfactor_customers(10.0, 2.0, 0.3, NAN, &c), CLV_EDOM);
    assert_status(clv_kfactor_customers(10.0, 2.0, 0.3, 2.5, &c), CLV_EINVAL);
    /* cycle time <= 0 or not finite, time negative or NaN */
    const double bad_cycle[] = {0.0, -0.0, -1.0, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_cycle / sizeof bad_cycle[0]; i++) {
        assert_status(clv_kfactor_customers_at(10.0, 2.0, 0.3, bad_cycle[i], 3.0, &c), CLV_EDOM);
    }
    assert_status(clv_kfactor_customers_at(10.0, 2.0, 0.3, 1.0, -1e-300, &c), CLV_EDOM);
    assert_status(clv_kfactor_customers_at(10.0, 2.0, 0.3, 1.0, NAN, &c), CLV_EDOM);
    assert_status(clv_kfactor_customers_at(10.0, 2.0, 0.3, 1.0, -INFINITY, &c), CLV_EDOM);
    assert_true(c == -1.0);
}

/* Counts that overflow: CLV_ERANGE, output untouched. K = 5 over 500 cycles is 5^500 = 1e349;
 * a finite time so long that t / c_t overflows is ERANGE for K >= 1 (and the limit for K < 1). */
static void test_kfactor_overflow_is_erange(void **state) {
    (void)state;
    double c = -1.0;
    assert_status(clv_kfactor_customers(1.0, 5.0, 1.0, 500.0, &c), CLV_ERANGE);
    assert_status(clv_kfactor_customers(DBL_MAX, 1.0, 1.0, 1.0, &c), CLV_ERANGE);
    assert_status(clv_kfactor_customers_at(1.0, 5.0, 1.0, 1.0, 500.0, &c), CLV_ERANGE);
    assert_status(clv_kfactor_customers_at(1.0, 1.0, 1.0, 1e-300, 1e300, &c), CLV_ERANGE);
    assert_true(c == -1.0);
    assert_status(clv_kfactor_customers_at(1.0, 1.0, 0.5, 1e-300, 1e300, &c), CLV_OK);
    assert_true(c == 2.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kfactor_is_invitations_times_conversion),
        cmocka_unit_test(test_kfactor_customers_by_hand_for_k_1_25),
        cmocka_unit_test(test_kfactor_customers_equal_brute_force_sum),
        cmocka_unit_test(test_kfactor_customers_match_mpmath),
        cmocka_unit_test(test_kfactor_customers_at_k_1_is_c0_times_n_plus_1),
        cmocka_unit_test(test_kfactor_customers_limit_and_divergence),
        cmocka_unit_test(test_kfactor_customers_at_match_mpmath),
        cmocka_unit_test(test_kfactor_customers_at_whole_cycles_equal_discrete),
        cmocka_unit_test(test_kfactor_customers_at_is_increasing_in_time),
        cmocka_unit_test(test_kfactor_null_outputs_are_einval),
        cmocka_unit_test(test_kfactor_bad_arguments_are_edom_or_einval),
        cmocka_unit_test(test_kfactor_overflow_is_erange),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
