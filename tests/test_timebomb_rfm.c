/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Time bombs of lib/clv/rfm.c (issue 21): inputs that used to make a call quadratic must
 * finish within a wall-clock budget. Each case times one call on 1,000,000 rows and fails
 * when it takes more than BUDGET_SECONDS; the call is retried (up to ATTEMPTS times, the
 * fastest counts) so that a machine busy with other work does not fail the test, while a
 * quadratic call (minutes) fails every attempt. A watchdog (alarm) ends the program if one
 * call runs away, so a regression fails in about a minute instead of hanging the suite.
 *
 * The figures mean something only in an optimised build without instrumentation: registered
 * in suite 'timebomb', which the valgrind setup excludes; built with a sanitizer or without
 * optimisation the program skips (a TAP plan "1..0 # SKIP" and status 0: meson reads a TAP
 * program's non-zero status, 77 included, as an error). The results themselves are checked
 * in tests/test_rfm.c; here the status and the count, so a fast wrong answer cannot pass.
 */
#include "clv_test.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "clv.h"

#define ROWS 1000000
#define BUDGET_SECONDS 1.0
#define ATTEMPTS 3
#define WATCHDOG_SECONDS 60
#define TIMEBOMB_NAME "test_timebomb_rfm"
#include "timebomb.h"

typedef struct log_arrays {
    uint64_t *customer;
    double *time;
    double *amount;
    size_t *order;
    double x[2], t_x[2], T[2];
    size_t n_customers, bad;
    int status;
} log_arrays;

static log_arrays *g;

/* One customer, every row at time 10, amounts 0..9. */
static int setup(void **state) {
    (void)state;
    g = calloc(1, sizeof *g);
    if (g == NULL) {
        return -1;
    }
    g->customer = malloc(ROWS * sizeof(uint64_t));
    g->time = malloc(ROWS * sizeof(double));
    g->amount = malloc(ROWS * sizeof(double));
    g->order = malloc(ROWS * sizeof(size_t));
    if (!g->customer || !g->time || !g->amount || !g->order) {
        return -1;
    }
    for (size_t i = 0; i < ROWS; i++) {
        g->customer[i] = 7;
        g->time[i] = 10.0;
        g->amount[i] = (double)(i % 10);
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    free(g->order);
    free(g->amount);
    free(g->time);
    free(g->customer);
    free(g);
    return 0;
}


static void summary_call(void) {
    clv_rfm_table table = {2, NULL, g->x, g->t_x, g->T, NULL, NULL, NULL};
    g->status = clv_rfm_summary(g->customer, g->time, g->amount, ROWS, g->order, NULL, &table,
                                &g->n_customers, &g->bad);
}

static void order_call(void) {
    g->status = clv_rfm_order(g->customer, g->time, ROWS, g->order);
}

/* The case: 10^6 tied rows of one customer read through the reversed identity. */
static void test_timebomb_summary_of_a_million_tied_rows_read_backwards(void **state) {
    (void)state;
    for (size_t i = 0; i < ROWS; i++) {
        g->order[i] = ROWS - 1 - i;
    }
    within_budget("clv_rfm_summary, 10^6 tied rows, reversed order", summary_call);
    assert_status(g->status, CLV_OK);
    assert_int_equal(g->n_customers, 1);
    assert_true(g->x[0] == ROWS - 1.0);
}

/* A tie read in no direction is rejected where it turns, not after a scan of the tie. */
static void test_timebomb_summary_of_a_million_tied_rows_in_organ_pipe_order(void **state) {
    (void)state;
    for (size_t i = 0; i < ROWS / 2; i++) {
        g->order[i] = 2 * i;
        g->order[ROWS - 1 - i] = 2 * i + 1;
    }
    within_budget("clv_rfm_summary, 10^6 tied rows, organ-pipe order", summary_call);
    assert_status(g->status, CLV_EINVAL);
    assert_int_equal(g->bad, ROWS / 2 + 1);
}

/* Ordering: all tied, then keys reversed, sorted and organ-pipe, then the summary through it. */
static void test_timebomb_order_of_a_million_rows_tied_reversed_sorted_organ_pipe(void **state) {
    (void)state;
    within_budget("clv_rfm_order, 10^6 tied rows", order_call);
    assert_status(g->status, CLV_OK);
    assert_true(g->order[0] == 0 && g->order[ROWS - 1] == ROWS - 1);
    within_budget("clv_rfm_summary, 10^6 tied rows, through clv_rfm_order", summary_call);
    assert_status(g->status, CLV_OK);
    assert_true(g->x[0] == ROWS - 1.0);

    for (size_t i = 0; i < ROWS; i++) {
        g->customer[i] = ROWS - i;
    }
    within_budget("clv_rfm_order, 10^6 reversed keys", order_call);
    assert_status(g->status, CLV_OK);
    assert_true(g->order[0] == ROWS - 1 && g->order[ROWS - 1] == 0);

    for (size_t i = 0; i < ROWS; i++) {
        g->customer[i] = i;
    }
    within_budget("clv_rfm_order, 10^6 sorted keys", order_call);
    assert_status(g->status, CLV_OK);
    assert_true(g->order[0] == 0 && g->order[ROWS - 1] == ROWS - 1);

    for (size_t i = 0; i < ROWS; i++) {
        g->customer[i] = (i < ROWS / 2) ? i : ROWS - 1 - i;
    }
    within_budget("clv_rfm_order, 10^6 organ-pipe keys", order_call);
    assert_status(g->status, CLV_OK);
    assert_true(g->order[0] == 0 && g->order[1] == ROWS - 1);
    for (size_t i = 0; i < ROWS; i++) {
        g->customer[i] = 7;
    }
}

int main(void) {
    if (skip_reason != NULL) {
        printf("1..0 # SKIP %s\n", skip_reason);
        return 0;
    }
    signal(SIGALRM, watchdog);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timebomb_summary_of_a_million_tied_rows_read_backwards),
        cmocka_unit_test(test_timebomb_summary_of_a_million_tied_rows_in_organ_pipe_order),
        cmocka_unit_test(test_timebomb_order_of_a_million_rows_tied_reversed_sorted_organ_pipe),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
