/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for the transaction-log sorts of lib/clv/rfm.c (issue 20): clv_rfm_order(),
 * clv_rfm_order_workspace() and clv_rfm_order_workspace_size(), on logs stored shuffled,
 * grouped by customer, sorted, reversed and full of ties, with packed and record layouts.
 *
 * Oracle: the permutation is defined as the one that sorts by (customer, time, index), a
 * strict total order, so exactly one permutation is right. The test computes it
 * independently: records (customer, time, index) sorted by the C library's qsort() with that
 * comparison -- no code shared with the library -- and every layout, workspace size and fast
 * path must give it entry for entry.
 */
#include "clv_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"

/* ---- the reference: qsort of records ----------------------------------------------------- */

typedef struct ref_record {
    uint64_t customer;
    double time;
    size_t index;
} ref_record;

static int ref_compare(const void *pa, const void *pb) {
    const ref_record *a = pa;
    const ref_record *b = pb;
    if (a->customer != b->customer) {
        return (a->customer > b->customer) - (a->customer < b->customer);
    }
    if (a->time != b->time) { /* -0 == +0: a tie, as in C */
        return (a->time > b->time) - (a->time < b->time);
    }
    return (a->index > b->index) - (a->index < b->index);
}

static void reference_order(const uint64_t *c, const double *t, size_t n, size_t *order) {
    ref_record *r = malloc((n ? n : 1) * sizeof *r);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++) {
        r[i] = (ref_record){c[i], t[i], i};
    }
    qsort(r, n, sizeof *r, ref_compare);
    for (size_t i = 0; i < n; i++) {
        order[i] = r[i].index;
    }
    free(r);
}

/* ---- logs --------------------------------------------------------------------------------- */

static uint64_t rng_next(uint64_t *s) { /* xorshift64 (Marsaglia 2003) */
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

typedef struct test_log {
    size_t n;
    uint64_t *customer;
    double *time;
} test_log;

static test_log log_new(size_t n) {
    test_log l = {n, malloc((n ? n : 1) * sizeof(uint64_t)), malloc((n ? n : 1) * sizeof(double))};
    assert_non_null(l.customer);
    assert_non_null(l.time);
    return l;
}

static void log_free(test_log *l) {
    free(l->customer);
    free(l->time);
}

static void shuffle(test_log *l, uint64_t seed) {
    for (size_t i = l->n; i > 1; i--) {
        size_t j = (size_t)(rng_next(&seed) % i);
        uint64_t c = l->customer[i - 1];
        double t = l->time[i - 1];
        l->customer[i - 1] = l->customer[j];
        l->time[i - 1] = l->time[j];
        l->customer[j] = c;
        l->time[j] = t;
    }
}

/* Store the log in its sorted order (optionally reversed). */
static void store_sorted(test_log *l, int reversed) {
    size_t *o = malloc(l->n * sizeof *o);
    test_log s = log_new(l->n);
    assert_non_null(o);
    reference_order(l->customer, l->time, l->n, o);
    for (size_t p = 0; p < l->n; p++) {
        size_t q = reversed ? l->n - 1 - p : p;
        s.customer[q] = l->customer[o[p]];
        s.time[q] = l->time[o[p]];
    }
    log_free(l);
    *l = s;
    free(o);
}

/* Grouped by ascending customer, times in random order within each customer. */
static void store_grouped(test_log *l, uint64_t seed) {
    store_sorted(l, 0);
    for (size_t a = 0; a < l->n;) {
        size_t b = a + 1;
        while (b < l->n && l->customer[b] == l->customer[a]) {
            b++;
        }
        for (size_t i = b; i > a + 1; i--) {
            size_t j = a + (size_t)(rng_next(&seed) % (i - a));
            double t = l->time[i - 1];
            l->time[i - 1] = l->time[j];
            l->time[j] = t;
        }
        a = b;
    }
}

/* ---- the check ---------------------------------------------------------------------------- */

/* Every entry point, with every workspace size of interest, against the reference. */
static void check_all_paths(const test_log *l, const char *what) {
    size_t n = l->n;
    size_t *want = malloc((n ? n : 1) * sizeof *want);
    size_t *got = malloc((n ? n : 1) * sizeof *got);
    assert_non_null(want);
    assert_non_null(got);
    reference_order(l->customer, l->time, n, want);

    size_t need = 0;
    assert_status(clv_rfm_order_workspace_size(l->customer, l->time, n, &need), CLV_OK);
    assert_true(need <= 48 * n + 64); /* the documented bound */
    /* the largest, the needed, one byte short (falls back), an odd offset, none */
    size_t big = 48 * n + 64;
    unsigned char *ws = malloc(big + 1);
    assert_non_null(ws);
    struct {
        void *ws;
        size_t size;
        const char *name;
    } cases[] = {
        {ws, big, "48 n + 64 bytes"},
        {ws, need, "the bytes asked for"},
        {ws, need > 0 ? need - 1 : 0, "one byte short"},
        {ws + 1, need, "misaligned by one"},
        {NULL, 0, "no workspace"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        memset(got, 0xA5, (n ? n : 1) * sizeof *got);
        assert_status(clv_rfm_order_workspace(l->customer, l->time, n, got, cases[k].ws,
                                              cases[k].size, NULL, NULL),
                      CLV_OK);
        for (size_t i = 0; i < n; i++) {
            if (got[i] != want[i]) {
                fail_msg("%s, %s: order[%zu] = %zu, expected %zu", what, cases[k].name, i,
                         got[i], want[i]);
            }
        }
    }
    memset(got, 0xA5, (n ? n : 1) * sizeof *got);
    assert_status(clv_rfm_order(l->customer, l->time, n, got), CLV_OK);
    for (size_t i = 0; i < n; i++) {
        if (got[i] != want[i]) {
            fail_msg("%s, clv_rfm_order: order[%zu] = %zu, expected %zu", what, i, got[i],
                     want[i]);
        }
    }
    free(ws);
    free(got);
    free(want);
}

/* A log of n rows over `customers` ids (scaled by `id_scale`, offset by `id_base`) and times
 * drawn by `time_of`. */
static test_log make_log(size_t n, uint64_t customers, uint64_t id_scale, uint64_t id_base,
                         double (*time_of)(uint64_t *), uint64_t seed) {
    test_log l = log_new(n);
    for (size_t i = 0; i < n; i++) {
        l.customer[i] = id_base + id_scale * (rng_next(&seed) % customers);
        l.time[i] = time_of(&seed);
    }
    return l;
}

static double whole_days(uint64_t *s) {
    return (double)(rng_next(s) % 3650);
}

static double fractional_days(uint64_t *s) { /* full 52-bit fractions: the record layout */
    return (double)(rng_next(s) >> 11) * 0x1p-53 * 3650.0;
}

static double signed_times(uint64_t *s) { /* negative, -0, +0, tiny and huge */
    static const double pool[] = {-1e300, -3.5, -1.0, -0.0, 0.0, 5e-324, 1.0, 2.5, 1e300};
    return pool[rng_next(s) % (sizeof pool / sizeof pool[0])];
}

static double few_times(uint64_t *s) { /* duplicate-heavy */
    return (double)(rng_next(s) % 3);
}

static double unix_seconds(uint64_t *s) {
    return 1.6e9 + (double)(rng_next(s) % 100000000);
}

/* Each generator in each stored order: shuffled, grouped, sorted, reversed. */
static void check_layouts(size_t n, uint64_t customers, uint64_t id_scale, uint64_t id_base,
                          double (*time_of)(uint64_t *), const char *name) {
    char what[160];
    test_log l = make_log(n, customers, id_scale, id_base, time_of, 0x9E3779B97F4A7C15u ^ n);
    snprintf(what, sizeof what, "%s, %zu rows, shuffled", name, n);
    shuffle(&l, 7);
    check_all_paths(&l, what);
    store_grouped(&l, 11);
    snprintf(what, sizeof what, "%s, %zu rows, grouped", name, n);
    check_all_paths(&l, what);
    store_sorted(&l, 0);
    snprintf(what, sizeof what, "%s, %zu rows, sorted", name, n);
    check_all_paths(&l, what);
    store_sorted(&l, 1);
    snprintf(what, sizeof what, "%s, %zu rows, reversed", name, n);
    check_all_paths(&l, what);
    log_free(&l);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_rfm_order_workspace_matches_qsort_of_records_on_whole_days(void **state) {
    (void)state;
    check_layouts(200000, 20000, 1, 0, whole_days, "whole days, 20,000 customers");
    check_layouts(1000, 100, 1, 1000000, whole_days, "whole days, ids from 10^6");
}

static void test_rfm_order_workspace_matches_qsort_of_records_on_fractional_times(void **state) {
    (void)state;
    check_layouts(100000, 5000, 1, 0, fractional_days, "fractional days");
    check_layouts(50000, 5000, 1, 0, unix_seconds, "unix seconds");
}

static void test_rfm_order_workspace_matches_qsort_with_64_bit_ids(void **state) {
    (void)state;
    /* hashed ids spread over the whole 64-bit range: the record layout */
    check_layouts(50000, 3000, 0x9E3779B97F4A7C15u, 1, whole_days, "64-bit ids");
    check_layouts(2000, 10, UINT64_MAX / 9, 0, signed_times, "extreme ids, signed times");
}

static void test_rfm_order_workspace_matches_qsort_on_ties_and_signed_zero(void **state) {
    (void)state;
    check_layouts(100000, 3, 1, 0, few_times, "3 customers, 3 times");
    check_layouts(30000, 1, 1, 42, few_times, "one customer");
    check_layouts(30000, 50, 1, 0, signed_times, "signed times with -0");
    /* every row equal: the identity */
    test_log l = log_new(5000);
    for (size_t i = 0; i < l.n; i++) {
        l.customer[i] = 5;
        l.time[i] = (i % 2) ? -0.0 : 0.0;
    }
    check_all_paths(&l, "-0 and +0 in one tie");
    log_free(&l);
}

static void test_rfm_order_workspace_small_logs(void **state) {
    (void)state;
    for (size_t n = 0; n <= 40; n++) {
        char what[64];
        test_log l = make_log(n, 4, 1, 0, few_times, 3 + n);
        snprintf(what, sizeof what, "%zu rows", n);
        check_all_paths(&l, what);
        log_free(&l);
    }
}

/* The workspace asked for: 0 for sorted and grouped logs, n words when the keys pack, 32 n
 * (pairs) when time and index pack, 48 n (records) when not even they do; + 64 bytes of
 * alignment room. */
static void test_rfm_order_workspace_size_by_layout(void **state) {
    (void)state;
    size_t n = 10000, bytes = 1;
    test_log l = make_log(n, 1000, 1, 0, whole_days, 5);
    shuffle(&l, 1);
    assert_status(clv_rfm_order_workspace_size(l.customer, l.time, n, &bytes), CLV_OK);
    assert_true(bytes == n * sizeof(size_t) + 64 || (SIZE_MAX < UINT64_MAX && bytes > 0));
    store_grouped(&l, 2);
    assert_status(clv_rfm_order_workspace_size(l.customer, l.time, n, &bytes), CLV_OK);
    assert_int_equal(bytes, 0);
    store_sorted(&l, 0);
    assert_status(clv_rfm_order_workspace_size(l.customer, l.time, n, &bytes), CLV_OK);
    assert_int_equal(bytes, 0);
    log_free(&l);
    l = make_log(n, 1000, 1, 0, fractional_days, 6);
    assert_status(clv_rfm_order_workspace_size(l.customer, l.time, n, &bytes), CLV_OK);
    assert_int_equal(bytes, n * 2 * (2 * sizeof(uint64_t) + sizeof(size_t)) + 64);
    log_free(&l);
    /* 64-bit ids, whole days: the customer apart, time and index in one word */
    l = make_log(n, 1000, 0x9E3779B97F4A7C15u, 1, whole_days, 7);
    assert_status(clv_rfm_order_workspace_size(l.customer, l.time, n, &bytes), CLV_OK);
    assert_int_equal(bytes, n * 2 * 2 * sizeof(uint64_t) + 64);
    log_free(&l);
}

static void test_rfm_order_workspace_errors(void **state) {
    (void)state;
    uint64_t c[3] = {2, 1, 2};
    double t[3] = {1.0, 0.0, 0.5};
    double bad_t[3] = {1.0, NAN, 0.5};
    size_t order[3] = {9, 9, 9};
    size_t bytes = 7;
    unsigned char ws[256];
    assert_status(clv_rfm_order_workspace_size(NULL, t, 3, &bytes), CLV_EINVAL);
    assert_status(clv_rfm_order_workspace_size(c, NULL, 3, &bytes), CLV_EINVAL);
    assert_status(clv_rfm_order_workspace_size(c, t, 3, NULL), CLV_EINVAL);
    assert_status(clv_rfm_order_workspace_size(c, bad_t, 3, &bytes), CLV_EDOM);
    assert_int_equal(bytes, 7);
    assert_status(clv_rfm_order_workspace(NULL, t, 3, order, ws, sizeof ws, NULL, NULL),
                  CLV_EINVAL);
    assert_status(clv_rfm_order_workspace(c, NULL, 3, order, ws, sizeof ws, NULL, NULL),
                  CLV_EINVAL);
    assert_status(clv_rfm_order_workspace(c, t, 3, NULL, ws, sizeof ws, NULL, NULL), CLV_EINVAL);
    assert_status(clv_rfm_order_workspace(c, t, 3, order, NULL, 16, NULL, NULL), CLV_EINVAL);
    assert_status(clv_rfm_order_workspace(c, bad_t, 3, order, ws, sizeof ws, NULL, NULL),
                  CLV_EDOM);
    assert_status(clv_rfm_order_workspace(c, t, 3, order, ws, sizeof ws, NULL, NULL), CLV_OK);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 0);
}

/* Progress of the radix sort: steps of at most CLV_RFM_UNITS_PER_PROGRESS, done below total
 * until the final (total, total); a nonzero return cancels, and no call follows it. */
typedef struct watch {
    uint64_t calls, last_done, total, cancel_at, max_step, revisions;
    int bad;
} watch;

/* The total may be revised once (after the first pass over the log, when the sort's work is
 * known); done never decreases. */
static int watch_fn(void *user_data, uint64_t done, uint64_t total) {
    watch *w = user_data;
    if (w->calls > 0 && total != w->total) {
        w->revisions++;
    }
    if (w->calls > 0 && (done < w->last_done || w->revisions > 1)) {
        w->bad = 1;
    }
    if (done > total) {
        w->bad = 1;
    }
    if (w->calls > 0 && done - w->last_done > w->max_step) {
        w->max_step = done - w->last_done;
    }
    w->calls++;
    w->last_done = done;
    w->total = total;
    return w->cancel_at != 0 && w->calls == w->cancel_at;
}

static void test_rfm_order_workspace_progress_and_cancel(void **state) {
    (void)state;
    size_t n = 400000;
    double (*gens[3])(uint64_t *) = {whole_days, fractional_days, whole_days};
    const uint64_t scale[3] = {1, 1, 0x9E3779B97F4A7C15u}; /* packed, records, pairs */
    for (int g = 0; g < 3; g++) {
        test_log l = make_log(n, 40000, scale[g], 0, gens[g], 77);
        size_t *want = malloc(n * sizeof *want);
        size_t *got = malloc(n * sizeof *got);
        size_t bytes = 0;
        assert_status(clv_rfm_order_workspace_size(l.customer, l.time, n, &bytes), CLV_OK);
        void *ws = malloc(bytes);
        assert_non_null(want && got && ws);
        reference_order(l.customer, l.time, n, want);
        watch w = {0};
        assert_status(clv_rfm_order_workspace(l.customer, l.time, n, got, ws, bytes, watch_fn, &w),
                      CLV_OK);
        assert_memory_equal(got, want, n * sizeof *got);
        assert_false(w.bad);
        assert_true(w.calls >= 5); /* a build pass and 2+ digit passes of 400,000 */
        assert_true(w.last_done == w.total);
        assert_true(w.max_step <= CLV_RFM_UNITS_PER_PROGRESS);
        for (uint64_t k = 1; k <= 3; k++) {
            watch c = {0};
            c.cancel_at = k;
            assert_status(
                clv_rfm_order_workspace(l.customer, l.time, n, got, ws, bytes, watch_fn, &c),
                CLV_ECANCELED);
            assert_int_equal(c.calls, k);
        }
        free(ws);
        free(got);
        free(want);
        log_free(&l);
    }
}

/* The summary of a shuffled log read through the radix permutation equals the summary of
 * the same log stored sorted and read as given, double for double. */
static void test_rfm_order_workspace_summary_equals_sorted_log(void **state) {
    (void)state;
    size_t n = 100000;
    test_log l = make_log(n, 7000, 1, 0, whole_days, 99);
    double *amount = malloc(n * sizeof *amount);
    size_t *order = malloc(n * sizeof *order);
    assert_non_null(amount && order);
    uint64_t s = 5;
    for (size_t i = 0; i < n; i++) {
        amount[i] = (double)(rng_next(&s) % 10000) / 4.0; /* exact quarters */
    }
    size_t bytes = 0;
    assert_status(clv_rfm_order_workspace_size(l.customer, l.time, n, &bytes), CLV_OK);
    void *ws = malloc(bytes);
    assert_non_null(ws);
    assert_status(clv_rfm_order_workspace(l.customer, l.time, n, order, ws, bytes, NULL, NULL),
                  CLV_OK);
    /* the sorted copy */
    test_log sorted = log_new(n);
    double *sorted_amount = malloc(n * sizeof *sorted_amount);
    assert_non_null(sorted_amount);
    for (size_t p = 0; p < n; p++) {
        sorted.customer[p] = l.customer[order[p]];
        sorted.time[p] = l.time[order[p]];
        sorted_amount[p] = amount[order[p]];
    }
    double *cols = malloc(2 * 4 * n * sizeof *cols);
    assert_non_null(cols);
    clv_rfm_table a = {n, NULL, cols, cols + n, cols + 2 * n, cols + 3 * n, NULL, NULL};
    clv_rfm_table b = {n, NULL, cols + 4 * n, cols + 5 * n, cols + 6 * n, cols + 7 * n, NULL,
                       NULL};
    clv_rfm_options opts;
    clv_rfm_options_init(&opts);
    opts.period = 7.0;
    size_t rows_a = 0, rows_b = 0;
    assert_status(clv_rfm_summary(l.customer, l.time, amount, n, order, &opts, &a, &rows_a, NULL),
                  CLV_OK);
    assert_status(clv_rfm_summary(sorted.customer, sorted.time, sorted_amount, n, NULL, &opts, &b,
                                  &rows_b, NULL),
                  CLV_OK);
    assert_int_equal(rows_a, rows_b);
    assert_true(rows_a > 6000);
    for (size_t k = 0; k < 4; k++) { /* x, t_x, T, monetary */
        assert_memory_equal(cols + k * n, cols + (4 + k) * n, rows_a * sizeof *cols);
    }
    free(cols);
    free(sorted_amount);
    log_free(&sorted);
    free(ws);
    free(order);
    free(amount);
    log_free(&l);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfm_order_workspace_matches_qsort_of_records_on_whole_days),
        cmocka_unit_test(test_rfm_order_workspace_matches_qsort_of_records_on_fractional_times),
        cmocka_unit_test(test_rfm_order_workspace_matches_qsort_with_64_bit_ids),
        cmocka_unit_test(test_rfm_order_workspace_matches_qsort_on_ties_and_signed_zero),
        cmocka_unit_test(test_rfm_order_workspace_small_logs),
        cmocka_unit_test(test_rfm_order_workspace_size_by_layout),
        cmocka_unit_test(test_rfm_order_workspace_errors),
        cmocka_unit_test(test_rfm_order_workspace_progress_and_cancel),
        cmocka_unit_test(test_rfm_order_workspace_summary_equals_sorted_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
