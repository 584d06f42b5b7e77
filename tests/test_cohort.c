/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/churn/cohort.c: cohort retention tables (churn.h, group clv_cohort).
 *
 * Data: the first cohort is the "regular" customers of Fader & Hardie (2007, "How to project
 * customer retention", J. Interactive Marketing 21(1), table 1): 1000, 631, 468, 382 active
 * after 0..3 years, the survivor counts their sBG fit reads. The two younger cohorts are made
 * up to form a triangle. Expected values are the hand fractions written next to each check
 * (ratios of the counts), so the tolerance is a few ulps.
 */
#include "clv_test.h"

#include <float.h>
#include <string.h>

#include "churn.h"

#define C 3
#define T 4
#define STRIDE 5 /* one spare column: the stride is honoured */
#define SENT -12345.0

static const double ulps = 4e-16;

/* NaN marks the unobserved cells. */
static double triangle[C * STRIDE] = {
    1000, 631, 468, 382, -1, /* the spare column is never read */
    500,  300, 240, NAN, -1, /* */
    200,  150, NAN, NAN, -1,
};

typedef struct outputs {
    double retention[C * STRIDE];
    double survival[C * STRIDE];
    double pooled_retention[T];
    double pooled_survival[T];
    clv_cohort_rates rates;
} outputs;

static void outputs_init(outputs *o) {
    for (size_t i = 0; i < C * STRIDE; i++) {
        o->retention[i] = o->survival[i] = SENT;
    }
    for (size_t i = 0; i < T; i++) {
        o->pooled_retention[i] = o->pooled_survival[i] = SENT;
    }
    o->rates.stride = STRIDE;
    o->rates.retention = o->retention;
    o->rates.survival = o->survival;
    o->rates.pooled_retention = o->pooled_retention;
    o->rates.pooled_survival = o->pooled_survival;
}

static int outputs_untouched(const outputs *o) {
    for (size_t i = 0; i < C * STRIDE; i++) {
        if (o->retention[i] != SENT || o->survival[i] != SENT) {
            return 0;
        }
    }
    for (size_t i = 0; i < T; i++) {
        if (o->pooled_retention[i] != SENT || o->pooled_survival[i] != SENT) {
            return 0;
        }
    }
    return 1;
}

static void check_triangle(const outputs *o, size_t pooled) {
    /* Cohort 0: 631/1000, 468/631, 382/468; survival 0.631, 0.468, 0.382. */
    assert_true(o->retention[0] == 1.0 && o->survival[0] == 1.0);
    assert_close(o->retention[1], 631.0 / 1000.0, ulps);
    assert_close(o->retention[2], 468.0 / 631.0, ulps);
    assert_close(o->retention[3], 382.0 / 468.0, ulps);
    assert_close(o->survival[1], 0.631, ulps);
    assert_close(o->survival[2], 0.468, ulps);
    assert_close(o->survival[3], 0.382, ulps);
    /* Cohort 1: 300/500, 240/300; survival 0.6, 0.48; column 3 unobserved: not written. */
    assert_close(o->retention[STRIDE + 1], 0.6, ulps);
    assert_close(o->retention[STRIDE + 2], 0.8, ulps);
    assert_close(o->survival[STRIDE + 2], 0.48, ulps);
    assert_true(o->retention[STRIDE + 3] == SENT && o->survival[STRIDE + 3] == SENT);
    /* Cohort 2: 150/200. */
    assert_close(o->retention[2 * STRIDE + 1], 0.75, ulps);
    assert_close(o->survival[2 * STRIDE + 1], 0.75, ulps);
    assert_true(o->retention[2 * STRIDE + 2] == SENT && o->survival[2 * STRIDE + 3] == SENT);
    /* The spare column is never written. */
    for (size_t c = 0; c < C; c++) {
        assert_true(o->retention[c * STRIDE + 4] == SENT && o->survival[c * STRIDE + 4] == SENT);
    }
    /* Pooled: R(1) = (631 + 300 + 150)/(1000 + 500 + 200) = 1081/1700; R(2) = (468 + 240)/
     * (631 + 300) = 708/931; R(3) = 382/468 (cohort 0 alone). S = running products. */
    assert_int_equal(pooled, 4);
    assert_true(o->pooled_retention[0] == 1.0 && o->pooled_survival[0] == 1.0);
    assert_close(o->pooled_retention[1], 1081.0 / 1700.0, ulps);
    assert_close(o->pooled_retention[2], 708.0 / 931.0, ulps);
    assert_close(o->pooled_retention[3], 382.0 / 468.0, ulps);
    assert_close(o->pooled_survival[1], 1081.0 / 1700.0, ulps);
    assert_close(o->pooled_survival[2], 1081.0 / 1700.0 * 708.0 / 931.0, 2 * ulps);
    assert_close(o->pooled_survival[3], 1081.0 / 1700.0 * 708.0 / 931.0 * 382.0 / 468.0, 3 * ulps);
}

static void test_cohort_triangle_marked_with_nan_matches_hand_fractions(void **state) {
    (void)state;
    clv_cohort_table tb = {C, T, STRIDE, triangle, NULL};
    outputs o;
    outputs_init(&o);
    size_t pooled = 0;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, NULL), CLV_OK);
    check_triangle(&o, pooled);
}

static void test_cohort_observed_lengths_ignore_the_cells_beyond(void **state) {
    (void)state;
    /* Same triangle with garbage (negative, increasing, infinite) beyond each length. */
    double garbage[C * STRIDE];
    memcpy(garbage, triangle, sizeof garbage);
    garbage[STRIDE + 3] = -5.0;
    garbage[2 * STRIDE + 2] = 1e6;
    garbage[2 * STRIDE + 3] = INFINITY;
    const size_t observed[C] = {4, 3, 2};
    clv_cohort_table tb = {C, T, STRIDE, garbage, observed};
    outputs o;
    outputs_init(&o);
    size_t pooled = 0;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, NULL), CLV_OK);
    check_triangle(&o, pooled);
}

static void test_cohort_pooled_curve_of_one_cohort_or_copies_is_its_own(void **state) {
    (void)state;
    /* Property: the pooled curve of k identical cohorts equals that cohort's curve. */
    double copies[3 * T] = {1000, 631, 468, 382, 1000, 631, 468, 382, 1000, 631, 468, 382};
    for (size_t k = 1; k <= 3; k++) {
        clv_cohort_table tb = {k, T, T, copies, NULL};
        double r[3 * T], s[3 * T], pr[T], ps[T];
        clv_cohort_rates rates = {T, r, s, pr, ps};
        size_t pooled;
        assert_status(clv_cohort_retention(&tb, &rates, &pooled, NULL), CLV_OK);
        assert_int_equal(pooled, T);
        for (size_t t = 0; t < T; t++) {
            assert_close(pr[t], r[t], ulps);
            assert_close(ps[t], s[t], 3 * ulps);
        }
    }
}

static void test_cohort_extinct_cohort_and_pooled_stop(void **state) {
    (void)state;
    /* A cohort gone after period 1: r(1) = 0, r(2) and r(3) undefined (not written), S = 0.
     * Pooled: R(1) = 0/10, then nobody at risk: the pooled curve stops, length 2. */
    const double gone[T] = {10, 0, 0, 0};
    clv_cohort_table tb = {1, T, T, gone, NULL};
    double r[T] = {SENT, SENT, SENT, SENT}, s[T] = {SENT, SENT, SENT, SENT};
    double pr[T] = {SENT, SENT, SENT, SENT}, ps[T] = {SENT, SENT, SENT, SENT};
    clv_cohort_rates rates = {T, r, s, pr, ps};
    size_t pooled = 0;
    assert_status(clv_cohort_retention(&tb, &rates, &pooled, NULL), CLV_OK);
    assert_true(r[0] == 1.0 && r[1] == 0.0 && r[2] == SENT && r[3] == SENT);
    assert_true(s[0] == 1.0 && s[1] == 0.0 && s[2] == 0.0 && s[3] == 0.0);
    assert_int_equal(pooled, 2);
    assert_true(pr[1] == 0.0 && ps[1] == 0.0 && pr[2] == SENT && ps[2] == SENT);
    /* Only some arrays wanted: the others may be null. */
    clv_cohort_rates only_pooled = {0, NULL, NULL, NULL, ps};
    assert_status(clv_cohort_retention(&tb, &only_pooled, NULL, NULL), CLV_OK);
}

static void test_cohort_invalid_input(void **state) {
    (void)state;
    outputs o;
    outputs_init(&o);
    size_t pooled = 77, bad = 77;
    clv_cohort_table good = {C, T, STRIDE, triangle, NULL};
    clv_cohort_table tb;

    assert_status(clv_cohort_retention(NULL, &o.rates, &pooled, &bad), CLV_EINVAL);
    assert_status(clv_cohort_retention(&good, NULL, &pooled, &bad), CLV_EINVAL);
    tb = good;
    tb.active = NULL;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EINVAL);
    tb = good;
    tb.n_cohorts = 0;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EINVAL);
    tb = good;
    tb.n_periods = 0;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EINVAL);
    tb = good;
    tb.stride = T - 1;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EINVAL);
    tb = good;
    tb.n_cohorts = SIZE_MAX / 2;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EINVAL);
    clv_cohort_rates narrow = o.rates;
    narrow.stride = T - 1;
    assert_status(clv_cohort_retention(&good, &narrow, &pooled, &bad), CLV_EINVAL);
    const size_t too_long[C] = {4, 5, 2};
    tb = good;
    tb.observed = too_long;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EINVAL);
    assert_true(outputs_untouched(&o) && pooled == 77 && bad == 77);

    /* Bad cells: the cohort in bad_cohort. */
    struct {
        size_t index;
        double value;
        size_t cohort;
    } cases[] = {
        {STRIDE + 1, -1.0, 1},      /* negative count */
        {STRIDE + 2, 301.0, 1},     /* more active than the period before */
        {2 * STRIDE + 0, 0.0, 2},   /* cohort of size 0 */
        {2 * STRIDE + 0, NAN, 2},   /* no cohort size */
        {1, INFINITY, 0},           /* infinite count */
        {2 * STRIDE + 3, 100.0, 2}, /* observed cell after a NaN one */
        {STRIDE + 1, -INFINITY, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double bad_table[C * STRIDE];
        memcpy(bad_table, triangle, sizeof bad_table);
        bad_table[cases[i].index] = cases[i].value;
        tb = good;
        tb.active = bad_table;
        bad = 77;
        assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EDOM);
        assert_int_equal(bad, cases[i].cohort);
    }
    /* An observed length of 0; a NaN inside the observed length. */
    const size_t zero_len[C] = {4, 0, 2};
    tb = good;
    tb.observed = zero_len;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EDOM);
    assert_int_equal(bad, 1);
    const size_t nan_inside[C] = {4, 4, 2};
    tb = good;
    tb.observed = nan_inside;
    assert_status(clv_cohort_retention(&tb, &o.rates, &pooled, &bad), CLV_EDOM);
    assert_int_equal(bad, 1);
    assert_true(outputs_untouched(&o) && pooled == 77);

    /* Pooled sums that overflow. */
    const double huge[2 * 2] = {DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX};
    clv_cohort_table big = {2, 2, 2, huge, NULL};
    assert_status(clv_cohort_retention(&big, &o.rates, &pooled, &bad), CLV_ERANGE);
    assert_true(outputs_untouched(&o) && pooled == 77);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cohort_triangle_marked_with_nan_matches_hand_fractions),
        cmocka_unit_test(test_cohort_observed_lengths_ignore_the_cells_beyond),
        cmocka_unit_test(test_cohort_pooled_curve_of_one_cohort_or_copies_is_its_own),
        cmocka_unit_test(test_cohort_extinct_cohort_and_pooled_stop),
        cmocka_unit_test(test_cohort_invalid_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
