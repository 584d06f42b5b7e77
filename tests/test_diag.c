/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/core/diag.c and of the diagnostics the validators, summaries, the till and the
 * fits record (issue 15): every rule of clv_rfm_check_diag() with its exact sentence, the
 * snprintf-like truncation of clv_diag_format() at every buffer size, each fit's record on a
 * bad row, on CLV_EIDENT and on CLV_ENOCONV, and records that must not be written.
 */
#include "clv_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"

/* The formatted text of a record, checked to fit and to be NUL-terminated. */
static const char *text_of(const clv_diag *d) {
    static char buffer[512];
    size_t length = 0;
    assert_int_equal(clv_diag_format(d, buffer, sizeof buffer, &length), CLV_OK);
    assert_true(length < sizeof buffer);
    assert_int_equal(strlen(buffer), length);
    return buffer;
}

#define assert_diag_text(diag, expected) assert_string_equal(text_of(diag), (expected))

static void test_diag_init_gives_an_empty_record(void **state) {
    (void)state;
    clv_diag d;
    memset(&d, 0x5a, sizeof d);
    assert_int_equal(clv_diag_init(&d), CLV_OK);
    assert_int_equal(d.struct_size, sizeof d);
    assert_int_equal(d.reserved, 0);
    assert_int_equal(d.status, 0);
    assert_int_equal(d.field, CLV_FIELD_NONE);
    assert_int_equal(d.rule, CLV_RULE_NONE);
    assert_int_equal(d.has_row, 0);
    assert_diag_text(&d, "no diagnostic recorded");
    assert_int_equal(clv_diag_init(NULL), CLV_EINVAL);
}

static void test_diag_format_rejects_bad_arguments(void **state) {
    (void)state;
    clv_diag d;
    char b[8];
    size_t length = 77;
    clv_diag_init(&d);
    assert_int_equal(clv_diag_format(NULL, b, sizeof b, &length), CLV_EINVAL);
    assert_int_equal(clv_diag_format(&d, NULL, 1, &length), CLV_EINVAL);
    assert_int_equal(length, 77);
    assert_int_equal(clv_diag_format(&d, NULL, 0, &length), CLV_OK); /* measuring only */
    assert_int_equal(length, strlen("no diagnostic recorded"));
    d.struct_size = sizeof d - 8;
    assert_int_equal(clv_diag_format(&d, b, sizeof b, NULL), CLV_ESTRUCT);
    d.struct_size = sizeof d;
    d.reserved = 1;
    assert_int_equal(clv_diag_format(&d, b, sizeof b, NULL), CLV_ESTRUCT);
}

/* ---- clv_rfm_check_diag: every rule ------------------------------------------------------ */

/* A table of ROWS valid rows (x 1, t_x 1, T 2, monetary 10, weight 1), one of which the
 * cases below break: past the first blocks of 256, so the branch-free path runs first. */
enum { ROWS = 12000, BAD = 10243 };
typedef struct table {
    double x[ROWS], t_x[ROWS], T[ROWS], m[ROWS], w[ROWS];
} table;

static table *new_table(void) {
    table *t = malloc(sizeof *t);
    assert_non_null(t);
    for (size_t i = 0; i < ROWS; i++) {
        t->x[i] = 1.0;
        t->t_x[i] = 1.0;
        t->T[i] = 2.0;
        t->m[i] = 10.0;
        t->w[i] = 1.0;
    }
    return t;
}

static void test_rfm_check_diag_names_row_field_rule_for_every_rule(void **state) {
    (void)state;
    static const struct {
        double x, t_x, T, m, w;
        int need_monetary, with_weight;
        int field, rule;
        double value, limit;
        const char *text;
    } cases[] = {
        {NAN, 1, 2, 10, 1, 0, 0, CLV_FIELD_X, CLV_RULE_NOT_FINITE, NAN, 0,
         "row 10243: x is NaN, must be a finite number"},
        {-1, 0, 2, 10, 1, 0, 0, CLV_FIELD_X, CLV_RULE_NEGATIVE, -1, 0,
         "row 10243: x is -1, must be >= 0"},
        {1.5, 1, 2, 10, 1, 0, 0, CLV_FIELD_X, CLV_RULE_NOT_WHOLE, 1.5, 0,
         "row 10243: x is 1.5, must be a whole number"},
        {1, 1, INFINITY, 10, 1, 0, 0, CLV_FIELD_T, CLV_RULE_NOT_FINITE, INFINITY, 0,
         "row 10243: T is infinity, must be a finite number"},
        {1, 1, -2, 10, 1, 0, 0, CLV_FIELD_T, CLV_RULE_NEGATIVE, -2, 0,
         "row 10243: T is -2, must be >= 0"},
        {1, -0.5, 2, 10, 1, 0, 0, CLV_FIELD_T_X, CLV_RULE_NEGATIVE, -0.5, 0,
         "row 10243: t_x is -0.5, must be >= 0"},
        {1, NAN, 2, 10, 1, 0, 0, CLV_FIELD_T_X, CLV_RULE_NOT_FINITE, NAN, 0,
         "row 10243: t_x is NaN, must be a finite number"},
        {2, 38.5, 38.25, 10, 1, 0, 0, CLV_FIELD_T_X, CLV_RULE_RECENCY_ABOVE_T, 38.5, 38.25,
         "row 10243: t_x is 38.5, must be <= T (38.25): the last purchase cannot come after "
         "the end of observation"},
        {0, 1.25, 2, 0, 1, 0, 0, CLV_FIELD_T_X, CLV_RULE_RECENCY_WITHOUT_REPEAT, 1.25, 0,
         "row 10243: t_x is 1.25, must be 0 where x = 0 (no repeat purchase, so no recency)"},
        {1, 1, 2, 10, -3, 0, 1, CLV_FIELD_WEIGHT, CLV_RULE_NEGATIVE, -3, 0,
         "row 10243: weight is -3, must be >= 0"},
        {1, 1, 2, 10, INFINITY, 0, 1, CLV_FIELD_WEIGHT, CLV_RULE_NOT_FINITE, INFINITY, 0,
         "row 10243: weight is infinity, must be a finite number"},
        {1, 1, 2, 0, 1, 1, 0, CLV_FIELD_MONETARY, CLV_RULE_NOT_POSITIVE, 0, 0,
         "row 10243: monetary is 0, must be > 0 where x > 0"},
        {3, 1, 2, -0.1, 1, 1, 1, CLV_FIELD_MONETARY, CLV_RULE_NOT_POSITIVE, -0.1, 0,
         "row 10243: monetary is -0.1, must be > 0 where x > 0"},
        {1, 1, 2, -INFINITY, 1, 1, 0, CLV_FIELD_MONETARY, CLV_RULE_NOT_FINITE, -INFINITY, 0,
         "row 10243: monetary is -infinity, must be a finite number"},
    };
    table *t = new_table();
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        t->x[BAD] = cases[k].x;
        t->t_x[BAD] = cases[k].t_x;
        t->T[BAD] = cases[k].T;
        t->m[BAD] = cases[k].m;
        t->w[BAD] = cases[k].w;
        clv_rfm_view v = {ROWS, t->x, t->t_x, t->T, t->m, cases[k].with_weight ? t->w : NULL};
        clv_diag d;
        clv_diag_init(&d);
        size_t bad = 0;
        assert_int_equal(clv_rfm_check_diag(&v, cases[k].need_monetary, &d), CLV_EDOM);
        assert_int_equal(clv_rfm_check(&v, cases[k].need_monetary, &bad), CLV_EDOM);
        assert_int_equal(bad, BAD);
        assert_int_equal(d.status, CLV_EDOM);
        assert_int_equal(d.has_row, 1);
        assert_int_equal(d.row, BAD);
        assert_int_equal(d.field, cases[k].field);
        assert_int_equal(d.rule, cases[k].rule);
        assert_true(isnan(cases[k].value) ? isnan(d.value) : d.value == cases[k].value);
        assert_true(d.limit == cases[k].limit);
        assert_diag_text(&d, cases[k].text);
        /* the monetary rules only with need_monetary: the row is otherwise valid */
        if (cases[k].field == CLV_FIELD_MONETARY) {
            assert_int_equal(clv_rfm_check_diag(&v, 0, &d), CLV_OK);
            assert_int_equal(d.status, 0); /* cleared, not left from the call before */
        }
        t->x[BAD] = 1.0;
        t->t_x[BAD] = 1.0;
        t->T[BAD] = 2.0;
        t->m[BAD] = 10.0;
        t->w[BAD] = 1.0;
    }
    free(t);
}

static void test_rfm_check_diag_einval_names_the_argument(void **state) {
    (void)state;
    const double x[1] = {1}, t_x[1] = {1}, T[1] = {2};
    clv_diag d;
    clv_diag_init(&d);
    clv_rfm_view v = {1, NULL, t_x, T, NULL, NULL};
    assert_int_equal(clv_rfm_check_diag(&v, 0, &d), CLV_EINVAL);
    assert_int_equal(d.rule, CLV_RULE_MISSING);
    assert_diag_text(&d, "the x argument or column is null, and is required");
    v.x = x;
    assert_int_equal(clv_rfm_check_diag(&v, 1, &d), CLV_EINVAL);
    assert_diag_text(&d, "the monetary argument or column is null, and is required");
    v.count = 0;
    assert_int_equal(clv_rfm_check_diag(&v, 0, &d), CLV_EINVAL);
    assert_int_equal(d.rule, CLV_RULE_EMPTY);
    assert_diag_text(&d, "the table is empty (count = 0); at least one row is required");
    v.count = 1;
    assert_int_equal(clv_rfm_check_diag(&v, 2, &d), CLV_EINVAL);
    assert_int_equal(d.field, CLV_FIELD_FLAG);
    assert_diag_text(&d, "flag is 2, must be 0 or 1");
    assert_int_equal(clv_rfm_check_diag(NULL, 0, &d), CLV_EINVAL);
    assert_int_equal(d.status, CLV_EINVAL);
    assert_int_equal(clv_rfm_check_diag(&v, 0, NULL), CLV_OK); /* the record is optional */
}

/* A record whose struct_size is smaller than this layout is never written. */
static void test_small_record_is_never_written(void **state) {
    (void)state;
    const double x[1] = {NAN}, t_x[1] = {1}, T[1] = {2};
    clv_rfm_view v = {1, x, t_x, T, NULL, NULL};
    clv_diag d, before;
    memset(&d, 0x33, sizeof d);
    d.struct_size = sizeof d - 8;
    memcpy(&before, &d, sizeof d);
    assert_int_equal(clv_rfm_check_diag(&v, 0, &d), CLV_EDOM);
    assert_memory_equal(&d, &before, sizeof d);
    clv_rfm_state s;
    clv_rfm_state_init(&s);
    assert_int_equal(clv_rfm_update_diag(&s, NAN, 1.0, 0.0, &d), CLV_EDOM);
    assert_memory_equal(&d, &before, sizeof d);
}

/* ---- clv_diag_format ----------------------------------------------------------------------- */

/* Every buffer size from 0 to the length + 1, in a block of exactly that size (ASan catches
 * one byte too many): the text is the prefix that fits, always NUL-terminated, and the
 * length is the full one. */
static void test_diag_format_truncates_at_every_size(void **state) {
    (void)state;
    clv_diag d;
    clv_diag_init(&d);
    d.status = CLV_EINVAL;
    d.field = CLV_FIELD_TIME;
    d.rule = CLV_RULE_NOT_SORTED;
    d.has_row = 1;
    d.row = 18446744073709551615u;
    d.value = 12.0;
    d.limit = 15.5;
    const char *full = "transaction 18446744073709551615: time 12 precedes the same customer's "
                       "previous transaction at 15.5 (sort the log by customer, then time, or "
                       "read it through clv_rfm_order())";
    size_t len = strlen(full);
    for (size_t size = 0; size <= len + 1; size++) {
        char *b = (size > 0) ? malloc(size) : NULL;
        if (size > 0) {
            assert_non_null(b);
            memset(b, 'X', size);
        }
        size_t length = 0;
        assert_int_equal(clv_diag_format(&d, b, size, &length), CLV_OK);
        assert_int_equal(length, len);
        if (size > 0) {
            size_t kept = (len < size) ? len : size - 1;
            assert_int_equal(b[kept], '\0');
            assert_int_equal(strlen(b), kept);
            assert_memory_equal(b, full, kept);
        }
        free(b);
    }
}

/* Numbers: 15 significant digits, 17 when 15 do not give the double back. */
static void test_diag_format_prints_numbers_that_read_back(void **state) {
    (void)state;
    clv_diag d;
    clv_diag_init(&d);
    d.status = CLV_EDOM;
    d.field = CLV_FIELD_X;
    d.rule = CLV_RULE_NOT_WHOLE;
    const double values[] = {0.1, 1.0 / 3.0, 1e300, -2.5e-310, 123456789012.5, 0.3};
    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        d.value = values[k];
        const char *t = text_of(&d);
        assert_memory_equal(t, "x is ", 5);
        assert_true(strtod(t + 5, NULL) == values[k]);
    }
    d.value = 0.1;
    assert_diag_text(&d, "x is 0.1, must be a whole number");
    d.value = 1.0 / 3.0;
    assert_diag_text(&d, "x is 0.33333333333333331, must be a whole number");
}

/* A field or rule this version does not know: the row and the status's message. */
static void test_diag_format_unknown_rule_falls_back_to_strerror(void **state) {
    (void)state;
    clv_diag d;
    clv_diag_init(&d);
    d.status = CLV_EDOM;
    d.rule = 999;
    d.has_row = 1;
    d.row = 5;
    char expected[300];
    snprintf(expected, sizeof expected, "row 5: %s", clv_strerror(CLV_EDOM));
    assert_diag_text(&d, expected);
    d.rule = CLV_RULE_NOT_FINITE;
    d.field = 999;
    assert_diag_text(&d, expected);
}

/* ---- the transaction log ------------------------------------------------------------------- */

static int summary(const uint64_t *c, const double *t, const double *a, size_t n,
                   const size_t *order, size_t capacity, clv_diag *d) {
    double x[4], t_x[4], T[4];
    clv_rfm_table table = {capacity, NULL, x, t_x, T, NULL, NULL, NULL};
    clv_rfm_options o;
    clv_rfm_options_init(&o);
    o.diag = d;
    size_t rows = 0, bad = 0;
    return clv_rfm_summary(c, t, a, n, order, &o, &table, &rows, &bad);
}

static void test_rfm_summary_diag_names_the_transaction(void **state) {
    (void)state;
    clv_diag d;
    clv_diag_init(&d);
    const uint64_t c[3] = {1, 1, 1};
    const double t[3] = {0.0, 15.5, 12.0};
    const double a[3] = {10.0, NAN, 5.0};
    assert_int_equal(summary(c, t, NULL, 3, NULL, 4, &d), CLV_EINVAL);
    assert_int_equal(d.field, CLV_FIELD_TIME);
    assert_int_equal(d.rule, CLV_RULE_NOT_SORTED);
    assert_int_equal(d.row, 2);
    assert_diag_text(&d, "transaction 2: time 12 precedes the same customer's previous "
                         "transaction at 15.5 (sort the log by customer, then time, or read "
                         "it through clv_rfm_order())");
    /* read through a permutation, the row is the index into the arrays, not the position */
    const size_t order[3] = {2, 0, 1};
    const double t2[3] = {8.0, 3.0, 1.0};
    assert_int_equal(summary(c, t2, NULL, 3, order, 4, &d), CLV_EINVAL);
    /* read as times 1 (index 2), 8 (index 0), 3 (index 1): position 2, index 1 */
    assert_int_equal(d.row, 1);
    assert_true(d.value == 3.0 && d.limit == 8.0);
    assert_diag_text(&d, "transaction 1: time 3 precedes the same customer's previous "
                         "transaction at 8 (sort the log by customer, then time, or read "
                         "it through clv_rfm_order())");
    const double t3[3] = {0.0, 1.0, 2.0};
    assert_int_equal(summary(c, t3, a, 3, NULL, 4, &d), CLV_EDOM);
    assert_diag_text(&d, "transaction 1: amount is NaN, must be a finite number");
    const double t4[3] = {0.0, INFINITY, 2.0};
    assert_int_equal(summary(c, t4, NULL, 3, NULL, 4, &d), CLV_EDOM);
    assert_diag_text(&d, "transaction 1: time is infinity, must be a finite number");
    const uint64_t c2[3] = {4, 9, 2};
    assert_int_equal(summary(c2, t3, NULL, 3, NULL, 4, &d), CLV_EINVAL);
    assert_int_equal(d.field, CLV_FIELD_CUSTOMER);
    assert_diag_text(&d, "transaction 2: customer 2 comes after customer 9 (sort the log by "
                         "customer, then time, or read it through clv_rfm_order())");
    const size_t bad_order[3] = {0, 7, 1};
    assert_int_equal(summary(c, t3, NULL, 3, bad_order, 4, &d), CLV_EINVAL);
    assert_diag_text(&d, "order[1]: index 7 is out of range, must be < 3");
    const size_t repeat[3] = {0, 0, 1};
    const double same[3] = {1.0, 1.0, 1.0};
    assert_int_equal(summary(c, same, NULL, 3, repeat, 4, &d), CLV_EINVAL);
    assert_int_equal(d.rule, CLV_RULE_TIE_NOT_MONOTONE);
    assert_int_equal(d.row, 1);
    const uint64_t c3[3] = {1, 2, 3};
    assert_int_equal(summary(c3, t3, NULL, 3, NULL, 2, &d), CLV_ENOMEM);
    assert_diag_text(&d, "the output table holds 2 rows, and 3 are needed");
    assert_int_equal(summary(c3, t3, NULL, 0, NULL, 2, &d), CLV_EINVAL);
    assert_int_equal(d.rule, CLV_RULE_EMPTY);
    assert_int_equal(summary(c3, NULL, NULL, 3, NULL, 2, &d), CLV_EINVAL);
    assert_diag_text(&d, "the time argument or column is null, and is required");
    assert_int_equal(summary(c3, t3, NULL, 3, NULL, 4, &d), CLV_OK);
    assert_int_equal(d.status, 0);
}

static void test_rfm_summary_diag_names_bad_options(void **state) {
    (void)state;
    const uint64_t c[2] = {1, 1};
    const double t[2] = {0.0, 1.0};
    double x[1], t_x[1], T[1];
    clv_rfm_table table = {1, NULL, x, t_x, T, NULL, NULL, NULL};
    clv_diag d;
    clv_diag_init(&d);
    clv_rfm_options o;
    clv_rfm_options_init(&o);
    o.diag = &d;
    size_t n = 0;
    o.period = -1.0;
    assert_int_equal(clv_rfm_summary(c, t, NULL, 2, NULL, &o, &table, &n, NULL), CLV_EDOM);
    assert_diag_text(&d, "period is -1, must be >= 0");
    o.period = 0.0;
    o.calibration_end = 10.0;
    o.holdout_end = 4.0;
    assert_int_equal(clv_rfm_summary(c, t, NULL, 2, NULL, &o, &table, &n, NULL), CLV_EDOM);
    assert_diag_text(&d, "holdout_end is 4, must be >= 10");
    /* the older layout, without the pointer: read up to its struct_size only, so the record
     * the newer bytes point to is not written */
    o.holdout_end = 20.0;
    o.period = -1.0;
    o.struct_size = (uint32_t)offsetof(clv_rfm_options, diag);
    clv_diag_init(&d);
    assert_int_equal(clv_rfm_summary(c, t, NULL, 2, NULL, &o, &table, &n, NULL), CLV_EDOM);
    assert_int_equal(d.status, 0);
}

/* ---- the till ---------------------------------------------------------------------------- */

static void test_rfm_update_diag_out_of_order_purchase(void **state) {
    (void)state;
    clv_rfm_state s, before;
    clv_diag d;
    clv_diag_init(&d);
    clv_rfm_state_init(&s);
    assert_int_equal(clv_rfm_update_diag(&s, 10.0, 5.0, 0.0, &d), CLV_OK);
    assert_int_equal(clv_rfm_update_diag(&s, 15.5, 7.0, 0.0, &d), CLV_OK);
    before = s;
    assert_int_equal(clv_rfm_update_diag(&s, 12.0, 3.0, 0.0, &d), CLV_EINVAL);
    assert_memory_equal(&s, &before, sizeof s);
    assert_int_equal(clv_rfm_update(&s, 12.0, 3.0, 0.0), CLV_EINVAL); /* the same status */
    assert_int_equal(d.field, CLV_FIELD_TIME);
    assert_int_equal(d.rule, CLV_RULE_OUT_OF_ORDER);
    assert_int_equal(d.has_row, 0);
    assert_diag_text(&d, "purchase at 12 precedes the customer's last purchase at 15.5 "
                         "(purchases must come in time order)");
    /* with a period, the last purchase is at its period start */
    clv_rfm_state_init(&s);
    assert_int_equal(clv_rfm_update_diag(&s, 15.5, 7.0, 7.0, &d), CLV_OK);
    assert_int_equal(clv_rfm_update_diag(&s, 12.0, 3.0, 7.0, &d), CLV_EINVAL);
    assert_true(d.value == 12.0 && d.limit == 14.0);
    assert_int_equal(clv_rfm_update_diag(&s, NAN, 3.0, 7.0, &d), CLV_EDOM);
    assert_diag_text(&d, "time is NaN, must be a finite number");
    assert_int_equal(clv_rfm_update_diag(&s, 20.0, INFINITY, 7.0, &d), CLV_EDOM);
    assert_diag_text(&d, "amount is infinity, must be a finite number");
    assert_int_equal(clv_rfm_update_diag(&s, 20.0, 1.0, -7.0, &d), CLV_EDOM);
    assert_diag_text(&d, "period is -7, must be >= 0");
    s.purchases = 0.5;
    assert_int_equal(clv_rfm_update_diag(&s, 20.0, 1.0, 7.0, &d), CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_BAD_STATE);
    assert_int_equal(clv_rfm_update_diag(NULL, 20.0, 1.0, 7.0, &d), CLV_EINVAL);
    assert_int_equal(d.rule, CLV_RULE_MISSING);
    clv_rfm_state_init(&s);
    assert_int_equal(clv_rfm_update_diag(&s, 20.0, 1.0, 7.0, &d), CLV_OK);
    assert_int_equal(d.status, 0);
}

/* ---- fits ---------------------------------------------------------------------------------- */

/* Ten customers (whole numbers, valid for BG/BB as well) with spend; row `bad` is broken by
 * the caller. */
typedef struct fit_table {
    double x[10], t_x[10], T[10], m[10], w[10];
} fit_table;

static void fill_fit_table(fit_table *f) {
    static const double h[10][4] = {{0, 0, 6, 0},  {1, 2, 6, 20}, {2, 5, 6, 35}, {3, 3, 6, 15},
                                    {4, 6, 6, 42}, {0, 0, 5, 0},  {1, 1, 5, 28}, {5, 5, 5, 60},
                                    {2, 4, 6, 18}, {1, 3, 4, 25}};
    for (int i = 0; i < 10; i++) {
        f->x[i] = h[i][0];
        f->t_x[i] = h[i][1];
        f->T[i] = h[i][2];
        f->m[i] = h[i][3];
        f->w[i] = 1.0;
    }
}

static int fit_model(int which, const clv_rfm_view *v, const clv_fit_options *o,
                     clv_fit_report *r) {
    switch (which) {
    case 0: {
        clv_bgnbd_params p;
        return clv_bgnbd_fit(v, o, &p, r);
    }
    case 1: {
        clv_mbgnbd_params p;
        return clv_mbgnbd_fit(v, o, &p, r);
    }
    case 2: {
        clv_pnbd_params p;
        return clv_pnbd_fit(v, o, &p, r);
    }
    case 3: {
        clv_bgbb_params p;
        return clv_bgbb_fit(v, o, &p, r);
    }
    default: {
        clv_gg_params p;
        return clv_gg_fit(v, o, &p, r);
    }
    }
}

static void test_every_fit_names_the_bad_row(void **state) {
    (void)state;
    fit_table f;
    clv_diag d;
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.diag = &d;
    for (int which = 0; which < 5; which++) {
        fill_fit_table(&f);
        f.t_x[7] = 6.0; /* T = 5 */
        clv_rfm_view v = {10, f.x, f.t_x, f.T, which == 4 ? f.m : NULL, NULL};
        clv_diag_init(&d);
        assert_int_equal(fit_model(which, &v, &o, NULL), CLV_EDOM);
        assert_diag_text(&d, "row 7: t_x is 6, must be <= T (5): the last purchase cannot come "
                             "after the end of observation");
    }
}

/* The Gamma-Gamma fit's refusal of a $0 repeat spend names the row and the rule (issue 15:
 * CDNOW has one), with or without the t_x and T columns. */
static void test_gg_fit_names_the_zero_spend_row(void **state) {
    (void)state;
    fit_table f;
    fill_fit_table(&f);
    f.m[8] = 0.0;
    clv_diag d;
    clv_diag_init(&d);
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.diag = &d;
    clv_rfm_view v = {10, f.x, f.t_x, f.T, f.m, NULL};
    clv_gg_params p;
    assert_int_equal(clv_gg_fit(&v, &o, &p, NULL), CLV_EDOM);
    assert_diag_text(&d, "row 8: monetary is 0, must be > 0 where x > 0");
    v.t_x = NULL;
    v.T = NULL;
    clv_diag_init(&d);
    assert_int_equal(clv_gg_fit(&v, &o, &p, NULL), CLV_EDOM);
    assert_diag_text(&d, "row 8: monetary is 0, must be > 0 where x > 0");
    f.m[8] = 18.0;
    f.x[2] = 2.5;
    assert_int_equal(clv_gg_fit(&v, &o, &p, NULL), CLV_EDOM);
    assert_diag_text(&d, "row 2: x is 2.5, must be a whole number");
}

static void test_bgbb_fit_names_its_own_rules(void **state) {
    (void)state;
    fit_table f;
    clv_diag d;
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.diag = &d;
    clv_bgbb_params p;
    clv_diag_init(&d);
    fill_fit_table(&f);
    f.x[3] = 4.0; /* t_x = 3 */
    clv_rfm_view v = {10, f.x, f.t_x, f.T, NULL, NULL};
    assert_int_equal(clv_bgbb_fit(&v, &o, &p, NULL), CLV_EDOM);
    assert_diag_text(&d, "row 3: x is 4, must be <= t_x (3): at most one purchase per "
                         "opportunity");
    fill_fit_table(&f);
    f.T[9] = 4.5;
    assert_int_equal(clv_bgbb_fit(&v, &o, &p, NULL), CLV_EDOM);
    assert_diag_text(&d, "row 9: T is 4.5, must be a whole number");
    fill_fit_table(&f);
    f.t_x[1] = 1.5;
    assert_int_equal(clv_bgbb_fit(&v, &o, &p, NULL), CLV_EDOM);
    assert_diag_text(&d, "row 1: t_x is 1.5, must be a whole number");
}

static void test_fits_say_why_the_data_cannot_identify_the_model(void **state) {
    (void)state;
    fit_table f;
    fill_fit_table(&f);
    for (int i = 0; i < 10; i++) {
        f.w[i] = 0.0;
    }
    clv_diag d;
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.diag = &d;
    for (int which = 0; which < 4; which++) {
        clv_rfm_view v = {10, f.x, f.t_x, f.T, NULL, f.w};
        clv_diag_init(&d);
        assert_int_equal(fit_model(which, &v, &o, NULL), CLV_EIDENT);
        assert_int_equal(d.status, CLV_EIDENT);
        assert_int_equal(d.rule, CLV_RULE_NO_INFORMATION);
        assert_diag_text(&d, "the data carry no information about the parameters (every "
                             "weight is 0, or every customer was observed for no time)");
    }
    /* Gamma-Gamma: weights, but no repeat buyer */
    fill_fit_table(&f);
    for (int i = 0; i < 10; i++) {
        f.x[i] = 0.0;
        f.t_x[i] = 0.0;
    }
    clv_rfm_view v = {10, f.x, f.t_x, f.T, f.m, NULL};
    assert_int_equal(fit_model(4, &v, &o, NULL), CLV_EIDENT);
    assert_int_equal(d.rule, CLV_RULE_NO_REPEAT_BUYER);
    assert_diag_text(&d, "no customer with x > 0 and weight > 0: the spend model is fitted on "
                         "repeat buyers' mean spend only");
}

/* CLV_ENOCONV: the gradient norm reached (the report's) and the limit it missed. */
static void test_fits_say_how_far_a_stopped_fit_got(void **state) {
    (void)state;
    fit_table f;
    fill_fit_table(&f);
    clv_diag d;
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.diag = &d;
    o.max_iterations = 1;
    for (int which = 0; which < 5; which++) {
        clv_rfm_view v = {10, f.x, f.t_x, f.T, which == 4 ? f.m : NULL, NULL};
        clv_fit_report r;
        clv_diag_init(&d);
        assert_int_equal(fit_model(which, &v, &o, &r), CLV_ENOCONV);
        assert_int_equal(d.field, CLV_FIELD_PARAMS);
        assert_int_equal(d.rule, CLV_RULE_NOT_CONVERGED);
        assert_true(d.value == r.gradient_norm);
        assert_true(d.value > d.limit);
        assert_true(d.limit == o.tolerance * fmax(1.0, fabs(r.loglik)) ||
                    d.limit == sqrt(o.tolerance) * fmax(1.0, fabs(r.loglik)));
        assert_memory_equal(text_of(&d), "fit did not converge: gradient norm ", 36);
    }
    /* converged: the record is cleared. Three customers now show a lapse (a long wait since
     * their last purchase), so the dropout parameters are pinned down; on the table as it was,
     * a -> 0 (nobody drops out) and the fit runs off to a boundary (CLV_EIDENT). */
    o.max_iterations = 200;
    f.t_x[3] = 1.0;
    f.t_x[8] = 1.0;
    f.t_x[9] = 0.5;
    f.T[9] = 6.0;
    clv_rfm_view v = {10, f.x, f.t_x, f.T, NULL, NULL};
    clv_diag_init(&d);
    d.status = CLV_EDOM;
    assert_int_equal(fit_model(0, &v, &o, NULL), CLV_OK);
    assert_int_equal(d.status, 0);
}

static void free_hook(void *ctx, void *ptr) {
    (void)ctx;
    free(ptr);
}

/* The reverse-communication fit keeps the pointer from clv_fit_start() and fills it in
 * clv_fit_result(). */
static void test_reverse_communication_fills_the_record_at_the_result(void **state) {
    (void)state;
    clv_diag d;
    clv_diag_init(&d);
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.diag = &d;
    clv_fit_state s;
    double point[CLV_MAX_PARAMS];
    const double zero[CLV_MAX_PARAMS] = {0};
    int request;
    assert_int_equal(clv_fit_start(&s, CLV_MODEL_BGNBD, &o, NULL), CLV_OK);
    assert_int_equal(clv_fit_next(&s, point, &request), CLV_OK);
    assert_int_equal(request, CLV_FIT_EVALUATE);
    assert_int_equal(clv_fit_tell(&s, 0.0, zero), CLV_OK);
    assert_int_equal(clv_fit_next(&s, point, &request), CLV_OK);
    assert_int_equal(request, CLV_FIT_DONE);
    assert_int_equal(d.status, 0);
    assert_int_equal(clv_fit_result(&s, point, NULL), CLV_EIDENT);
    assert_int_equal(d.rule, CLV_RULE_NO_INFORMATION);
    /* a bad start names the option */
    o.use_start = 1;
    o.start[0] = -1.0;
    assert_int_equal(clv_fit_start(&s, CLV_MODEL_BGNBD, &o, NULL), CLV_EDOM);
    assert_int_equal(d.field, CLV_FIELD_START);
    assert_diag_text(&d, "start[0]: start is -1, must be > 0");
    o.use_start = 0;
    o.tolerance = 0.0;
    assert_int_equal(clv_fit_start(&s, CLV_MODEL_BGNBD, &o, NULL), CLV_EDOM);
    assert_diag_text(&d, "tolerance is 0, must be > 0");
    o.tolerance = 1e-8;
    o.max_iterations = 0;
    assert_int_equal(clv_fit_start(&s, CLV_MODEL_BGNBD, &o, NULL), CLV_EDOM);
    assert_diag_text(&d, "max_iterations is 0, must be >= 1");
    o.max_iterations = 10;
    o.penalty = -0.5;
    assert_int_equal(clv_fit_start(&s, CLV_MODEL_BGNBD, &o, NULL), CLV_EDOM);
    assert_diag_text(&d, "penalty is -0.5, must be >= 0");
    o.penalty = 0.0;
    o.use_start = 2;
    assert_int_equal(clv_fit_start(&s, CLV_MODEL_BGNBD, &o, NULL), CLV_EDOM);
    assert_diag_text(&d, "flag is 2, must be 0 or 1");
    o.use_start = 0;
    o.dealloc = free_hook;
    assert_int_equal(clv_fit_start(&s, CLV_MODEL_BGNBD, &o, NULL), CLV_EINVAL);
    assert_diag_text(&d, "alloc and dealloc must be set together (one allocator hook without "
                         "the other)");
}

/* The fit options' older layouts (before diag; before the hooks) are read to their
 * struct_size only: a record the newer bytes point to is never written. */
static void test_older_fit_layouts_never_write_the_record(void **state) {
    (void)state;
    fit_table f;
    fill_fit_table(&f);
    f.t_x[7] = 6.0;
    clv_rfm_view v = {10, f.x, f.t_x, f.T, NULL, NULL};
    const size_t sizes[2] = {offsetof(clv_fit_options, alloc), offsetof(clv_fit_options, diag)};
    for (int k = 0; k < 2; k++) {
        clv_diag d;
        clv_diag_init(&d);
        clv_fit_options o;
        clv_fit_options_init(&o);
        o.diag = &d;
        o.struct_size = (uint32_t)sizes[k];
        assert_int_equal(fit_model(0, &v, &o, NULL), CLV_EDOM);
        assert_int_equal(d.status, 0);
        o.struct_size = (uint32_t)sizes[k] + 4; /* no layout: refused, nothing recorded */
        assert_int_equal(fit_model(0, &v, &o, NULL), CLV_EDOM); /* the data first, as before */
        assert_int_equal(d.status, 0);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag_init_gives_an_empty_record),
        cmocka_unit_test(test_diag_format_rejects_bad_arguments),
        cmocka_unit_test(test_rfm_check_diag_names_row_field_rule_for_every_rule),
        cmocka_unit_test(test_rfm_check_diag_einval_names_the_argument),
        cmocka_unit_test(test_small_record_is_never_written),
        cmocka_unit_test(test_diag_format_truncates_at_every_size),
        cmocka_unit_test(test_diag_format_prints_numbers_that_read_back),
        cmocka_unit_test(test_diag_format_unknown_rule_falls_back_to_strerror),
        cmocka_unit_test(test_rfm_summary_diag_names_the_transaction),
        cmocka_unit_test(test_rfm_summary_diag_names_bad_options),
        cmocka_unit_test(test_rfm_update_diag_out_of_order_purchase),
        cmocka_unit_test(test_every_fit_names_the_bad_row),
        cmocka_unit_test(test_gg_fit_names_the_zero_spend_row),
        cmocka_unit_test(test_bgbb_fit_names_its_own_rules),
        cmocka_unit_test(test_fits_say_why_the_data_cannot_identify_the_model),
        cmocka_unit_test(test_fits_say_how_far_a_stopped_fit_got),
        cmocka_unit_test(test_reverse_communication_fills_the_record_at_the_result),
        cmocka_unit_test(test_older_fit_layouts_never_write_the_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
