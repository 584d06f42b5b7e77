/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/churn/reasons.c: churn by reason (clv_churn_reasons, clv_churn_reason_removal,
 * clv_churn_reason_ratio). Every expected value is hand arithmetic shown next to it; the
 * inputs are small integers, so most results are exact in binary.
 */
#include "clv_test.h"

#include <float.h>
#include <stddef.h>

#include "churn.h"

#define SENTINEL (-12345.678)
#define N CLV_CHURN_REASON_COUNT

/* Service 50, treatment 10, price 10, moved 20, other 10: 100 customers lost. */
static const double lost[N] = {50.0, 10.0, 10.0, 20.0, 10.0};

static void fill_reasons(clv_churn_reason *r, size_t n) {
    for (size_t i = 0; i < n; i++) {
        r[i].lost = r[i].customer_value = r[i].value_lost = r[i].share = r[i].value_share =
            SENTINEL;
    }
}

/* One CLV of 200 for every reason: value lost 50 x 200 = 10000, 2000, 2000, 4000, 2000,
 * total 20000; shares 0.5, 0.1, 0.1, 0.2, 0.1, the same for value. */
static void test_reasons_common_value_shares_by_hand(void **state) {
    (void)state;
    clv_churn_reason r[N];
    clv_churn_reason_total total;
    assert_status(clv_churn_reasons(lost, NULL, N, 200.0, r, &total), CLV_OK);
    assert_true(total.lost == 100.0 && total.value_lost == 20000.0);
    const double share[N] = {0.5, 0.1, 0.1, 0.2, 0.1};
    for (int i = 0; i < N; i++) {
        assert_true(r[i].lost == lost[i]);
        assert_true(r[i].customer_value == 200.0);
        assert_true(r[i].value_lost == lost[i] * 200.0);
        assert_close(r[i].share, share[i], 1e-15);
        assert_close(r[i].value_share, share[i], 1e-15);
    }
}

/* Per-reason values 300, 200, 100, 0, 150: value lost 15000, 2000, 1000, 0, 1500 = 19500;
 * service's value share 15000/19500 = 10/13, price 1000/19500 = 2/39, moved 0. */
static void test_reasons_per_reason_values_by_hand(void **state) {
    (void)state;
    const double clv[N] = {300.0, 200.0, 100.0, 0.0, 150.0};
    clv_churn_reason r[N];
    clv_churn_reason_total total;
    assert_status(clv_churn_reasons(lost, clv, N, NAN, r, &total), CLV_OK); /* value unused */
    assert_true(total.lost == 100.0 && total.value_lost == 19500.0);
    assert_true(r[0].value_lost == 15000.0 && r[2].value_lost == 1000.0);
    assert_close(r[0].value_share, 10.0 / 13.0, 1e-15);
    assert_close(r[2].value_share, 2.0 / 39.0, 1e-15);
    assert_true(r[3].value_share == 0.0 && r[3].share == 0.2);
}

/* Nothing lost: every share is 0 (documented), totals 0. Two caller-defined reasons. */
static void test_reasons_no_churn_gives_zero_shares(void **state) {
    (void)state;
    const double none[2] = {0.0, 0.0};
    clv_churn_reason r[2];
    clv_churn_reason_total total;
    assert_status(clv_churn_reasons(none, NULL, 2, 100.0, r, &total), CLV_OK);
    assert_true(total.lost == 0.0 && total.value_lost == 0.0);
    assert_true(r[0].share == 0.0 && r[1].value_share == 0.0);
}

/* "Over service five times more often than over price": 50 / 10 = 5; price over service
 * 10 / 50 = 0.2. */
static void test_reasons_ratio_service_five_times_price(void **state) {
    (void)state;
    double ratio = SENTINEL;
    assert_status(
        clv_churn_reason_ratio(lost, N, CLV_CHURN_REASON_SERVICE, CLV_CHURN_REASON_PRICE, &ratio),
        CLV_OK);
    assert_true(ratio == 5.0);
    assert_status(
        clv_churn_reason_ratio(lost, N, CLV_CHURN_REASON_PRICE, CLV_CHURN_REASON_SERVICE, &ratio),
        CLV_OK);
    assert_close(ratio, 0.2, 1e-16);
}

/* Halving service at CLV 200 with 1000 customers at the start: kept 0.5 x 50 = 25, saved
 * 25 x 200 = 5000, churn 100/1000 = 0.1 -> 75/1000 = 0.075. Removing price entirely with
 * per-reason values: kept 10, saved 10 x 100 = 1000, churn 0.1 -> 0.09. No base: churn -1 (not NaN). */
static void test_reasons_removal_by_hand(void **state) {
    (void)state;
    clv_churn_reason_effect e;
    assert_status(
        clv_churn_reason_removal(lost, NULL, N, 200.0, CLV_CHURN_REASON_SERVICE, 0.5, 1000.0, &e),
        CLV_OK);
    assert_true(e.customers_kept == 25.0 && e.value_saved == 5000.0);
    assert_true(e.lost_before == 100.0 && e.lost_after == 75.0);
    assert_close(e.churn_before, 0.1, 1e-16);
    assert_close(e.churn_after, 0.075, 1e-16);
    const double clv[N] = {300.0, 200.0, 100.0, 0.0, 150.0};
    assert_status(
        clv_churn_reason_removal(lost, clv, N, 0.0, CLV_CHURN_REASON_PRICE, 1.0, 1000.0, &e),
        CLV_OK);
    assert_true(e.customers_kept == 10.0 && e.value_saved == 1000.0 && e.lost_after == 90.0);
    assert_close(e.churn_after, 0.09, 1e-16);
    assert_status(
        clv_churn_reason_removal(lost, NULL, N, 200.0, CLV_CHURN_REASON_MOVED, 0.0, 0.0, &e),
        CLV_OK);
    assert_true(e.customers_kept == 0.0 && e.value_saved == 0.0 && e.lost_after == 100.0);
    assert_true(e.churn_before == -1.0 && e.churn_after == -1.0);
}

static void test_reasons_reject_bad_input_untouched(void **state) {
    (void)state;
    clv_churn_reason r[N];
    clv_churn_reason_total total = {SENTINEL, SENTINEL};
    fill_reasons(r, N);
    assert_status(clv_churn_reasons(NULL, NULL, N, 1.0, r, &total), CLV_EINVAL);
    assert_status(clv_churn_reasons(lost, NULL, N, 1.0, NULL, &total), CLV_EINVAL);
    assert_status(clv_churn_reasons(lost, NULL, N, 1.0, r, NULL), CLV_EINVAL);
    assert_status(clv_churn_reasons(lost, NULL, 0, 1.0, r, &total), CLV_EINVAL);
    const double bad_lost[][2] = {{-1.0, 1.0}, {1.0, NAN}, {INFINITY, 0.0}};
    for (int i = 0; i < 3; i++) {
        assert_status(clv_churn_reasons(bad_lost[i], NULL, 2, 1.0, r, &total), CLV_EDOM);
    }
    assert_status(clv_churn_reasons(lost, NULL, N, -1.0, r, &total), CLV_EDOM);
    assert_status(clv_churn_reasons(lost, NULL, N, NAN, r, &total), CLV_EDOM);
    const double bad_clv[N] = {1.0, 1.0, -5.0, 1.0, 1.0};
    assert_status(clv_churn_reasons(lost, bad_clv, N, 1.0, r, &total), CLV_EDOM);
    /* 2 x DBL_MAX/2... : each product finite, the total overflows. */
    const double big[2] = {DBL_MAX, DBL_MAX};
    assert_status(clv_churn_reasons(big, NULL, 2, 1.0, r, &total), CLV_ERANGE);
    assert_status(clv_churn_reasons(lost, NULL, N, DBL_MAX, r, &total), CLV_ERANGE);
    assert_true(total.lost == SENTINEL && total.value_lost == SENTINEL);
    for (int i = 0; i < N; i++) {
        assert_true(r[i].lost == SENTINEL && r[i].value_share == SENTINEL);
    }

    clv_churn_reason_effect e = {SENTINEL, SENTINEL, SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_churn_reason_removal(NULL, NULL, N, 1.0, 0, 0.5, 0.0, &e), CLV_EINVAL);
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, 0, 0.5, 0.0, NULL), CLV_EINVAL);
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, N, 0.5, 0.0, &e), CLV_EINVAL);
    assert_status(clv_churn_reason_removal(lost, NULL, 0, 1.0, 0, 0.5, 0.0, &e), CLV_EINVAL);
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, 0, 1.5, 0.0, &e), CLV_EDOM);
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, 0, -0.1, 0.0, &e), CLV_EDOM);
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, 0, NAN, 0.0, &e), CLV_EDOM);
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, 0, 0.5, -1.0, &e), CLV_EDOM);
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, 0, 0.5, INFINITY, &e), CLV_EDOM);
    /* 100 lost out of a base of 99. */
    assert_status(clv_churn_reason_removal(lost, NULL, N, 1.0, 0, 0.5, 99.0, &e), CLV_EDOM);
    assert_status(clv_churn_reason_removal(lost, NULL, N, NAN, 0, 0.5, 0.0, &e), CLV_EDOM);
    assert_status(clv_churn_reason_removal(big, NULL, 2, 1.0, 0, 0.5, 0.0, &e), CLV_ERANGE);
    assert_true(e.customers_kept == SENTINEL && e.churn_after == SENTINEL);

    double ratio = SENTINEL;
    const double zero_price[N] = {50.0, 10.0, 0.0, 20.0, 10.0};
    assert_status(clv_churn_reason_ratio(zero_price, N, 0, 2, &ratio), CLV_EDOM);
    assert_status(clv_churn_reason_ratio(NULL, N, 0, 2, &ratio), CLV_EINVAL);
    assert_status(clv_churn_reason_ratio(lost, N, 0, 2, NULL), CLV_EINVAL);
    assert_status(clv_churn_reason_ratio(lost, N, N, 2, &ratio), CLV_EINVAL);
    assert_status(clv_churn_reason_ratio(lost, N, 0, N, &ratio), CLV_EINVAL);
    assert_status(clv_churn_reason_ratio(lost, 0, 0, 0, &ratio), CLV_EINVAL);
    const double bad[2] = {NAN, 1.0};
    assert_status(clv_churn_reason_ratio(bad, 2, 0, 1, &ratio), CLV_EDOM);
    const double overflow[2] = {DBL_MAX, 0.5};
    assert_status(clv_churn_reason_ratio(overflow, 2, 0, 1, &ratio), CLV_ERANGE);
    assert_true(ratio == SENTINEL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reasons_common_value_shares_by_hand),
        cmocka_unit_test(test_reasons_per_reason_values_by_hand),
        cmocka_unit_test(test_reasons_no_churn_gives_zero_shares),
        cmocka_unit_test(test_reasons_ratio_service_five_times_price),
        cmocka_unit_test(test_reasons_removal_by_hand),
        cmocka_unit_test(test_reasons_reject_bad_input_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
