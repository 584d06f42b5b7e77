/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/referral/crv.c: customer referral value (Kumar, Petersen & Leone 2007, 2010;
 * referral.h, group clv_crv). The papers print no numeric example (refs: "build and test from
 * the definition"), so the values are hand calculations from the definition
 *   CRV = sum_t n_t [ (1 - w_t) V + w_t A - a ] / (1 + d)^t
 * and tests/oracles/referral_oracles.py (mpmath, 50 digits, the same sum at the exact binary
 * inputs with (1 + d)^-t taken literally).
 */
#include "clv_test.h"

#include <float.h>
#include <string.h>

#include "oracles/referral_oracles.h"
#include "referral.h"

static clv_crv_result sentinel_result(void) {
    clv_crv_result r;
    r.incremental_customers = r.anyway_customers = r.value_incremental = -4242.0;
    r.acquisition_saved = r.referral_cost = r.crv = r.clv = r.customer_value = -4242.0;
    return r;
}

static void assert_result_untouched(const clv_crv_result *got) {
    clv_crv_result s = sentinel_result();
    assert_memory_equal(got, &s, sizeof s);
}

/* ---- values ------------------------------------------------------------------------------ */

/*
 * By hand, with d = 0 so that nothing is discounted and every number is exact: V = 300,
 * A = 50, a = 20; periods 1..2 with 4 and 2 referrals, shares 1/4 and 1/2 joining anyway:
 *   incremental = 4 x 3/4 + 2 x 1/2 = 4, anyway = 1 + 1 = 2,
 *   value of the incremental = 4 x 300 = 1200, acquisition saved = 2 x 50 = 100,
 *   referral cost = 6 x 20 = 120, CRV = 1200 + 100 - 120 = 1180, with CLV 900: 2080.
 */
static void test_crv_undiscounted_by_hand(void **state) {
    (void)state;
    clv_crv_params p = {300.0, 50.0, 20.0, 0.0};
    const double referrals[] = {4.0, 2.0};
    const double share[] = {0.25, 0.5};
    clv_crv_result r;
    assert_status(clv_crv_value(&p, referrals, share, 2, 900.0, &r), CLV_OK);
    assert_true(r.incremental_customers == 4.0);
    assert_true(r.anyway_customers == 2.0);
    assert_true(r.value_incremental == 1200.0);
    assert_true(r.acquisition_saved == 100.0);
    assert_true(r.referral_cost == 120.0);
    assert_true(r.crv == 1180.0);
    assert_true(r.clv == 900.0);
    assert_true(r.customer_value == 2080.0);
}

/*
 * By hand, discounted (referral.h's example): 2 referrals in period 1 and 1 in period 2, none
 * who would have joined anyway, V = 300, a = 20, d = 0.1: 2 x 280 / 1.1 + 280 / 1.21 =
 * 509.0909... + 231.4049... = 740.4958677685950 (= 89600 / 121). Tolerance 1e-15: the
 * discount factors exp(-t log1p(0.1)) are within an ulp or two of 1 / 1.1^t.
 */
static void test_crv_discounted_by_hand(void **state) {
    (void)state;
    clv_crv_params p = {300.0, 50.0, 20.0, 0.1};
    const double referrals[] = {2.0, 1.0};
    clv_crv_result r;
    assert_status(clv_crv_value(&p, referrals, NULL, 2, 1000.0, &r), CLV_OK);
    assert_close(r.crv, 89600.0 / 121.0, 1e-15);
    assert_close(r.value_incremental, 600.0 / 1.1 + 300.0 / 1.21, 1e-15);
    assert_true(r.acquisition_saved == 0.0);
    assert_close(r.referral_cost, 40.0 / 1.1 + 20.0 / 1.21, 1e-15);
    assert_close(r.customer_value, 1000.0 + 89600.0 / 121.0, 1e-15);
    assert_true(r.incremental_customers == 3.0 && r.anyway_customers == 0.0);
}

/* A null share array means nobody would have joined anyway: the same as an array of zeros. */
static void test_crv_null_share_equals_zero_shares(void **state) {
    (void)state;
    clv_crv_params p = {125.0, 40.0, 7.5, 0.03};
    const double referrals[] = {1.5, 0.0, 2.25, 4.0};
    const double zeros[] = {0.0, 0.0, 0.0, 0.0};
    clv_crv_result a, b;
    assert_status(clv_crv_value(&p, referrals, NULL, 4, 10.0, &a), CLV_OK);
    assert_status(clv_crv_value(&p, referrals, zeros, 4, 10.0, &b), CLV_OK);
    assert_memory_equal(&a, &b, sizeof a);
}

/* Everyone would have joined anyway (w = 1): only the saved acquisition cost counts, net of
 * the referral cost -- V does not enter: 3 referrals, A = 50, a = 20, d = 0: 3 x 30 = 90. */
static void test_crv_all_would_have_joined_anyway_counts_only_acquisition_saving(void **state) {
    (void)state;
    clv_crv_params p = {1e6, 50.0, 20.0, 0.0};
    const double referrals[] = {3.0};
    const double share[] = {1.0};
    clv_crv_result r;
    assert_status(clv_crv_value(&p, referrals, share, 1, 0.0, &r), CLV_OK);
    assert_true(r.crv == 90.0);
    assert_true(r.value_incremental == 0.0);
    assert_true(r.incremental_customers == 0.0 && r.anyway_customers == 3.0);
}

/* mpmath oracle over four cases, with fractional counts, shares in [0, 1], small discount
 * rates, 8 periods and a loss-making referred customer (V < 0). Tolerance 1e-13 relative to
 * the largest part (CRV is a difference of parts and may be small beside them): a few
 * roundings per period in each sum. */
static void test_crv_matches_mpmath(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof crv_cases / sizeof crv_cases[0]; i++) {
        const crv_case *c = &crv_cases[i];
        clv_crv_params p = {c->value, c->acquisition, c->cost, c->discount};
        clv_crv_result r;
        assert_status(
            clv_crv_value(&p, c->referrals, c->has_share ? c->share : NULL, c->n, c->clv, &r),
            CLV_OK);
        const double got[7] = {r.incremental_customers, r.anyway_customers, r.value_incremental,
                               r.acquisition_saved,     r.referral_cost,    r.crv,
                               r.customer_value};
        double scale = fabs(c->expect[2]) + fabs(c->expect[3]) + fabs(c->expect[4]);
        for (int k = 0; k < 7; k++) {
            double tol = 1e-13 * (k >= 5 ? scale + fabs(c->clv) : fabs(c->expect[k]));
            if (!(fabs(got[k] - c->expect[k]) <= tol)) {
                fail_msg("case %zu field %d: %.17g, oracle %.17g", i, k, got[k], c->expect[k]);
            }
        }
    }
}

/* Discounting: with d > 0 the same referrals later are worth less; with d = 0, the same. */
static void test_crv_later_referrals_are_worth_less_when_discounted(void **state) {
    (void)state;
    clv_crv_params p = {200.0, 0.0, 10.0, 0.05};
    const double early[] = {1.0, 0.0, 0.0};
    const double late[] = {0.0, 0.0, 1.0};
    clv_crv_result a, b;
    assert_status(clv_crv_value(&p, early, NULL, 3, 0.0, &a), CLV_OK);
    assert_status(clv_crv_value(&p, late, NULL, 3, 0.0, &b), CLV_OK);
    assert_true(a.crv > b.crv);
    assert_close(b.crv, a.crv / (1.05 * 1.05), 1e-15);
    p.discount = 0.0;
    assert_status(clv_crv_value(&p, early, NULL, 3, 0.0, &a), CLV_OK);
    assert_status(clv_crv_value(&p, late, NULL, 3, 0.0, &b), CLV_OK);
    assert_true(a.crv == b.crv && a.crv == 190.0);
}

/* Referrals that cost more than they bring give a negative CRV (V = 10 < a = 25). */
static void test_crv_can_be_negative(void **state) {
    (void)state;
    clv_crv_params p = {10.0, 0.0, 25.0, 0.0};
    const double referrals[] = {2.0};
    clv_crv_result r;
    assert_status(clv_crv_value(&p, referrals, NULL, 1, 100.0, &r), CLV_OK);
    assert_true(r.crv == -30.0 && r.customer_value == 70.0);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void test_crv_null_pointers_and_no_periods_are_einval(void **state) {
    (void)state;
    clv_crv_params p = {300.0, 50.0, 20.0, 0.1};
    const double referrals[] = {1.0};
    clv_crv_result r = sentinel_result();
    assert_status(clv_crv_value(NULL, referrals, NULL, 1, 0.0, &r), CLV_EINVAL);
    assert_status(clv_crv_value(&p, NULL, NULL, 1, 0.0, &r), CLV_EINVAL);
    assert_status(clv_crv_value(&p, referrals, NULL, 0, 0.0, &r), CLV_EINVAL);
    assert_result_untouched(&r);
    assert_status(clv_crv_value(&p, referrals, NULL, 1, 0.0, NULL), CLV_EINVAL);
}

/* Every input outside its domain -- at the first, a middle and the last period for the
 * arrays -- is CLV_EDOM and writes nothing. */
static void test_crv_bad_inputs_are_edom_and_leave_result(void **state) {
    (void)state;
    const double bad_any[] = {NAN, INFINITY, -INFINITY};
    const double bad_nonneg[] = {NAN, INFINITY, -1.0, -DBL_MIN};
    const double bad_share[] = {NAN, -0.1, 1.0000000000000002, INFINITY};
    const double referrals[] = {1.0, 2.0, 3.0};
    clv_crv_result r = sentinel_result();
    for (size_t i = 0; i < sizeof bad_any / sizeof bad_any[0]; i++) {
        clv_crv_params p = {bad_any[i], 50.0, 20.0, 0.1};
        assert_status(clv_crv_value(&p, referrals, NULL, 3, 0.0, &r), CLV_EDOM);
        p.referral_value = 300.0;
        assert_status(clv_crv_value(&p, referrals, NULL, 3, bad_any[i], &r), CLV_EDOM);
    }
    for (size_t i = 0; i < sizeof bad_nonneg / sizeof bad_nonneg[0]; i++) {
        clv_crv_params p = {300.0, bad_nonneg[i], 20.0, 0.1};
        assert_status(clv_crv_value(&p, referrals, NULL, 3, 0.0, &r), CLV_EDOM);
        p.acquisition_cost = 50.0;
        p.referral_cost = bad_nonneg[i];
        assert_status(clv_crv_value(&p, referrals, NULL, 3, 0.0, &r), CLV_EDOM);
        p.referral_cost = 20.0;
        p.discount = bad_nonneg[i];
        assert_status(clv_crv_value(&p, referrals, NULL, 3, 0.0, &r), CLV_EDOM);
        p.discount = 0.1;
        for (size_t at = 0; at < 3; at++) {
            double bad_refs[] = {1.0, 2.0, 3.0};
            bad_refs[at] = bad_nonneg[i];
            assert_status(clv_crv_value(&p, bad_refs, NULL, 3, 0.0, &r), CLV_EDOM);
        }
    }
    for (size_t i = 0; i < sizeof bad_share / sizeof bad_share[0]; i++) {
        clv_crv_params p = {300.0, 50.0, 20.0, 0.1};
        for (size_t at = 0; at < 3; at++) {
            double share[] = {0.5, 0.5, 0.5};
            share[at] = bad_share[i];
            assert_status(clv_crv_value(&p, referrals, share, 3, 0.0, &r), CLV_EDOM);
        }
    }
    assert_result_untouched(&r);
}

/* Values that overflow: CLV_ERANGE, nothing written. */
static void test_crv_overflow_is_erange(void **state) {
    (void)state;
    clv_crv_params p = {DBL_MAX, 0.0, 0.0, 0.0};
    const double referrals[] = {2.0};
    clv_crv_result r = sentinel_result();
    assert_status(clv_crv_value(&p, referrals, NULL, 1, 0.0, &r), CLV_ERANGE);
    const double many[] = {DBL_MAX, DBL_MAX};
    p.referral_value = 1.0;
    assert_status(clv_crv_value(&p, many, NULL, 2, 0.0, &r), CLV_ERANGE);
    p.referral_value = DBL_MAX / 2.0;
    const double one[] = {1.0};
    assert_status(clv_crv_value(&p, one, NULL, 1, DBL_MAX, &r), CLV_ERANGE); /* CLV + CRV */
    assert_result_untouched(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crv_undiscounted_by_hand),
        cmocka_unit_test(test_crv_discounted_by_hand),
        cmocka_unit_test(test_crv_null_share_equals_zero_shares),
        cmocka_unit_test(test_crv_all_would_have_joined_anyway_counts_only_acquisition_saving),
        cmocka_unit_test(test_crv_matches_mpmath),
        cmocka_unit_test(test_crv_later_referrals_are_worth_less_when_discounted),
        cmocka_unit_test(test_crv_can_be_negative),
        cmocka_unit_test(test_crv_null_pointers_and_no_periods_are_einval),
        cmocka_unit_test(test_crv_bad_inputs_are_edom_and_leave_result),
        cmocka_unit_test(test_crv_overflow_is_erange),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
