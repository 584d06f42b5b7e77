/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/referral/wom.c: first-generation word-of-mouth reach (referral.h,
 * clv_wom_params_init and clv_wom_first_generation).
 */
#include "clv_test.h"

#include <float.h>
#include <string.h>

#include "referral.h"

/* A clv_wom_reach full of a recognisable value, to show that failing calls write nothing. */
static clv_wom_reach sentinel_reach(void) {
    clv_wom_reach r;
    r.told_positive = r.told_negative = r.customers_won = r.customers_deterred = -4242.0;
    r.net_customers = r.value_won = r.value_lost = r.net_value = -4242.0;
    return r;
}

static void assert_reach_untouched(const clv_wom_reach *got) {
    clv_wom_reach s = sentinel_reach();
    assert_memory_equal(got, &s, sizeof s);
}

/* Parameters of the worked example: the retail defaults 5 and 10, conversion 1/8 and
 * deterrence 1/4 (dyadic, so the hand arithmetic below is exact in binary). */
static clv_wom_params example_params(void) {
    clv_wom_params p;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    p.conversion = 0.125;
    p.deterrence = 0.25;
    return p;
}

/* ---- defaults ---------------------------------------------------------------------------- */

/* referral.h: told_satisfied = CLV_WOM_TOLD_SATISFIED = 5, told_dissatisfied =
 * CLV_WOM_TOLD_DISSATISFIED = 10, both rates 0; every field overwritten. */
static void test_wom_params_init_gives_defaults_5_and_10_and_zero_rates(void **state) {
    (void)state;
    clv_wom_params p;
    p.told_satisfied = p.told_dissatisfied = p.conversion = p.deterrence = NAN;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    assert_true(p.told_satisfied == 5.0);
    assert_true(p.told_dissatisfied == 10.0);
    assert_true(p.conversion == 0.0);
    assert_true(p.deterrence == 0.0);
    assert_true(p.told_satisfied == CLV_WOM_TOLD_SATISFIED);
    assert_true(p.told_dissatisfied == CLV_WOM_TOLD_DISSATISFIED);
}

/* The same defaults through clv_constant(), the FFI route (clv.h: integers exactly). */
static void test_wom_defaults_match_clv_constant(void **state) {
    (void)state;
    double ks = 0.0, kd = 0.0;
    assert_status(clv_constant("CLV_WOM_TOLD_SATISFIED", &ks), CLV_OK);
    assert_status(clv_constant("CLV_WOM_TOLD_DISSATISFIED", &kd), CLV_OK);
    assert_true(ks == 5.0);
    assert_true(kd == 10.0);
    clv_wom_params p;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    assert_true(p.told_satisfied == ks && p.told_dissatisfied == kd);
}

static void test_wom_params_init_null_is_einval(void **state) {
    (void)state;
    assert_status(clv_wom_params_init(NULL), CLV_EINVAL);
}

/* ---- values ------------------------------------------------------------------------------ */

/*
 * Worked example, by hand. S = 200 satisfied, D = 30 dissatisfied, k_s = 5, k_d = 10,
 * c = 1/8, g = 1/4, customer value 1500:
 *   told_positive      = 200 x 5        = 1000
 *   told_negative      = 30 x 10        = 300
 *   customers_won      = 1000 x 1/8     = 125
 *   customers_deterred = 300 x 1/4      = 75
 *   net_customers      = 125 - 75       = 50
 *   value_won          = 125 x 1500     = 187500
 *   value_lost         = 75 x 1500      = 112500
 *   net_value          = 187500 - 112500 = 75000
 * Every operand is a dyadic rational and every result an integer below 2^53, so the
 * arithmetic is exact: compared with ==.
 */
static void test_wom_first_generation_worked_example_every_field(void **state) {
    (void)state;
    clv_wom_params p = example_params();
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, 200.0, 30.0, 1500.0, &r), CLV_OK);
    assert_true(r.told_positive == 1000.0);
    assert_true(r.told_negative == 300.0);
    assert_true(r.customers_won == 125.0);
    assert_true(r.customers_deterred == 75.0);
    assert_true(r.net_customers == 50.0);
    assert_true(r.value_won == 187500.0);
    assert_true(r.value_lost == 112500.0);
    assert_true(r.net_value == 75000.0);
}

/*
 * Word of mouth that loses customers, with a loss-making customer (referral.h: customer
 * value "any finite value"). S = 40, D = 25, k_s = 3, k_d = 8, c = 0.2, g = 0.3, value -50:
 *   told_positive = 120, told_negative = 200, customers_won = 24, customers_deterred = 60,
 *   net_customers = -36, value_won = -1200, value_lost = -3000, net_value = 1800.
 * 0.2 and 0.3 are not exact in binary: tolerance 1e-15 relative (one or two roundings).
 */
static void test_wom_first_generation_net_negative_with_loss_making_customer(void **state) {
    (void)state;
    clv_wom_params p = {3.0, 8.0, 0.2, 0.3};
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, 40.0, 25.0, -50.0, &r), CLV_OK);
    assert_true(r.told_positive == 120.0);
    assert_true(r.told_negative == 200.0);
    assert_close(r.customers_won, 24.0, 1e-15);
    assert_close(r.customers_deterred, 60.0, 1e-15);
    assert_close(r.net_customers, -36.0, 1e-15);
    assert_close(r.value_won, -1200.0, 1e-15);
    assert_close(r.value_lost, -3000.0, 1e-15);
    assert_close(r.net_value, 1800.0, 1e-15);
}

/* With the defaults' zero rates, people are told (S x 5, D x 10) but nobody is won or
 * deterred: 10 x 5 = 50 and 4 x 10 = 40, all else 0. */
static void test_wom_defaults_tell_but_win_and_deter_nobody(void **state) {
    (void)state;
    clv_wom_params p;
    clv_wom_reach r;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    assert_status(clv_wom_first_generation(&p, 10.0, 4.0, 300.0, &r), CLV_OK);
    assert_true(r.told_positive == 50.0 && r.told_negative == 40.0);
    assert_true(r.customers_won == 0.0 && r.customers_deterred == 0.0);
    assert_true(r.net_customers == 0.0);
    assert_true(r.value_won == 0.0 && r.value_lost == 0.0 && r.net_value == 0.0);
}

/* The edges of the domain are accepted: rates 0 and 1, zero counts, zero told, value 0.
 * Rates 1: every listener converts or is deterred: won = 7 x 5 = 35, deterred = 2 x 10 = 20. */
static void test_wom_first_generation_accepts_domain_edges(void **state) {
    (void)state;
    clv_wom_params p = {5.0, 10.0, 1.0, 1.0};
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, 7.0, 2.0, 0.0, &r), CLV_OK);
    assert_true(r.customers_won == 35.0 && r.customers_deterred == 20.0);
    assert_true(r.net_customers == 15.0);
    assert_true(r.value_won == 0.0 && r.net_value == 0.0);

    clv_wom_params z = {0.0, 0.0, 0.0, 0.0};
    assert_status(clv_wom_first_generation(&z, 0.0, 0.0, 100.0, &r), CLV_OK);
    assert_true(r.told_positive == 0.0 && r.told_negative == 0.0 && r.net_value == 0.0);
}

/* The largest representable result is not an overflow: DBL_MAX satisfied customers who each
 * tell one person, all converting, worth 1 each: told_positive = value_won = DBL_MAX. */
static void test_wom_first_generation_dbl_max_result_is_accepted(void **state) {
    (void)state;
    clv_wom_params p = {1.0, 10.0, 1.0, 0.0};
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, DBL_MAX, 0.0, 1.0, &r), CLV_OK);
    assert_true(r.told_positive == DBL_MAX);
    assert_true(r.value_won == DBL_MAX && r.net_value == DBL_MAX);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void test_wom_first_generation_null_pointers_are_einval(void **state) {
    (void)state;
    clv_wom_params p = example_params();
    clv_wom_reach r = sentinel_reach();
    assert_status(clv_wom_first_generation(NULL, 1.0, 1.0, 1.0, &r), CLV_EINVAL);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 1.0, 1.0, 1.0, NULL), CLV_EINVAL);
}

/* Each parameter field in turn non-finite, negative (told) or outside [0, 1] (rates):
 * CLV_EDOM, output untouched. */
static void test_wom_first_generation_bad_params_are_edom(void **state) {
    (void)state;
    const double bad_told[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN};
    const double bad_rate[] = {NAN, INFINITY, -INFINITY, -0.1, -DBL_MIN, 1.0000000000000002, 1.5};
    for (size_t i = 0; i < sizeof bad_told / sizeof bad_told[0]; i++) {
        clv_wom_params p = example_params();
        clv_wom_reach r = sentinel_reach();
        p.told_satisfied = bad_told[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
        p = example_params();
        p.told_dissatisfied = bad_told[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
    for (size_t i = 0; i < sizeof bad_rate / sizeof bad_rate[0]; i++) {
        clv_wom_params p = example_params();
        clv_wom_reach r = sentinel_reach();
        p.conversion = bad_rate[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
        p = example_params();
        p.deterrence = bad_rate[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
}

/* Satisfied or dissatisfied count non-finite or negative; customer value non-finite:
 * CLV_EDOM, output untouched. */
static void test_wom_first_generation_bad_counts_and_value_are_edom(void **state) {
    (void)state;
    const double bad_count[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN};
    const double bad_value[] = {NAN, INFINITY, -INFINITY};
    clv_wom_params p = example_params();
    for (size_t i = 0; i < sizeof bad_count / sizeof bad_count[0]; i++) {
        clv_wom_reach r = sentinel_reach();
        assert_status(clv_wom_first_generation(&p, bad_count[i], 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
        assert_status(clv_wom_first_generation(&p, 10.0, bad_count[i], 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
    for (size_t i = 0; i < sizeof bad_value / sizeof bad_value[0]; i++) {
        clv_wom_reach r = sentinel_reach();
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, bad_value[i], &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
}

/* Overflow of any result: CLV_ERANGE, output untouched.
 * - DBL_MAX satisfied x 5 told: told_positive overflows;
 * - DBL_MAX dissatisfied x 10 told: told_negative overflows;
 * - 16 satisfied x 5 x 1/8 = 10 customers won x DBL_MAX value: value_won overflows;
 * - 4 dissatisfied x 10 x 1/4 = 10 deterred x -DBL_MAX value: value_lost overflows. */
static void test_wom_first_generation_overflow_is_erange(void **state) {
    (void)state;
    clv_wom_params p = example_params();
    clv_wom_reach r = sentinel_reach();
    assert_status(clv_wom_first_generation(&p, DBL_MAX, 0.0, 1.0, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 0.0, DBL_MAX, 1.0, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 16.0, 0.0, DBL_MAX, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 0.0, 4.0, -DBL_MAX, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wom_params_init_gives_defaults_5_and_10_and_zero_rates),
        cmocka_unit_test(test_wom_defaults_match_clv_constant),
        cmocka_unit_test(test_wom_params_init_null_is_einval),
        cmocka_unit_test(test_wom_first_generation_worked_example_every_field),
        cmocka_unit_test(test_wom_first_generation_net_negative_with_loss_making_customer),
        cmocka_unit_test(test_wom_defaults_tell_but_win_and_deter_nobody),
        cmocka_unit_test(test_wom_first_generation_accepts_domain_edges),
        cmocka_unit_test(test_wom_first_generation_dbl_max_result_is_accepted),
        cmocka_unit_test(test_wom_first_generation_null_pointers_are_einval),
        cmocka_unit_test(test_wom_first_generation_bad_params_are_edom),
        cmocka_unit_test(test_wom_first_generation_bad_counts_and_value_are_edom),
        cmocka_unit_test(test_wom_first_generation_overflow_is_erange),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
