/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Progress callbacks and cancellation (issue 21) through lib/clv/fit.c's tick, lib/referral/
 * bass.c, lib/clv/rows.c and lib/churn/markov.c, on small inputs so that the sanitizer and
 * valgrind runs cover them (the time budgets are in tests/test_timebomb_cancel.c):
 *   - a fit's callback is consulted inside evaluations over a big table, with the best point
 *     so far, and a cancel there returns CLV_ECANCELED with that point;
 *   - a callback that never cancels changes no estimate beyond rounding (chunked sums);
 *   - Bass: a cancel leaves the outputs untouched; a silent callback gives the same fit;
 *   - customer value rows: called every CLV_VALUE_ROWS_PER_PROGRESS rows with (done, total),
 *     a cancel leaves the rows after the last reported untouched, with and without statuses;
 *   - Markov: a cancel leaves the values untouched; a silent callback gives the same values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "clv_test.h"
#include "clv_test_data.h"
#include "referral.h"

typedef struct counter {
    int calls;
    int cancel_at; /* cancel at this call (0: never) */
    uint32_t last_iteration;
    double last_loglik;
    double last_params[CLV_MAX_PARAMS];
    uint32_t n_params;
    int within_iteration; /* calls that repeated an iteration count (inside an evaluation) */
    uint64_t last_done;
    uint64_t total;
    int bad;
} counter;

static int on_fit(void *user_data, uint32_t iteration, double loglik, const double *params,
                  uint32_t n_params) {
    counter *c = user_data;
    if (c->calls > 0 && iteration == c->last_iteration) {
        c->within_iteration++;
    }
    c->calls++;
    c->last_iteration = iteration;
    c->last_loglik = loglik;
    c->n_params = n_params;
    memcpy(c->last_params, params, n_params * sizeof params[0]);
    return c->cancel_at != 0 && c->calls >= c->cancel_at;
}

static int on_work(void *user_data, uint64_t done, uint64_t total) {
    counter *c = user_data;
    if (done <= c->last_done || done > total || (c->total != 0 && total != c->total)) {
        c->bad++;
    }
    c->calls++;
    c->last_done = done;
    c->total = total;
    return c->cancel_at != 0 && c->calls >= c->cancel_at;
}

/* CDNOW replicated 40 times without weights: 94,280 rows, several chunks per evaluation. */
#define REPLICAS 40
typedef struct big_table {
    double *x, *t_x, *T;
    clv_rfm_view view;
} big_table;

static big_table big(void) {
    const clv_rfm_view c = cdnow_view(0);
    big_table b;
    size_t n = c.count * REPLICAS;
    b.x = malloc(n * sizeof *b.x);
    b.t_x = malloc(n * sizeof *b.t_x);
    b.T = malloc(n * sizeof *b.T);
    assert_non_null(b.x);
    assert_non_null(b.t_x);
    assert_non_null(b.T);
    for (size_t k = 0; k < REPLICAS; k++) {
        memcpy(b.x + k * c.count, c.x, c.count * sizeof *b.x);
        memcpy(b.t_x + k * c.count, c.t_x, c.count * sizeof *b.x);
        memcpy(b.T + k * c.count, c.T, c.count * sizeof *b.x);
    }
    b.view = (clv_rfm_view){n, b.x, b.t_x, b.T, NULL, NULL};
    return b;
}

static void big_free(big_table *b) {
    free(b->x);
    free(b->t_x);
    free(b->T);
}

static void test_fit_callback_inside_evaluations_and_cancel_there(void **state) {
    (void)state;
    big_table b = big();
    clv_fit_options o;
    clv_fit_options_init(&o);
    counter c;
    memset(&c, 0, sizeof c);
    o.progress = on_fit;
    o.user_data = &c;
    clv_bgnbd_params quiet;
    clv_fit_report rq;
    clv_bgnbd_params silent;
    clv_fit_report rs;
    assert_int_equal(clv_bgnbd_fit(&b.view, NULL, &quiet, &rq), CLV_OK);
    assert_int_equal(clv_bgnbd_fit(&b.view, &o, &silent, &rs), CLV_OK);
    /* 94,280 rows an evaluation, consulted every 16,384: several calls within iterations */
    assert_true(c.within_iteration > 0);
    assert_true(c.calls > (int)rs.iterations);
    /* chunked sums: the same estimate up to rounding */
    assert_true(fabs(silent.r / quiet.r - 1.0) < 1e-8);
    assert_true(fabs(silent.alpha / quiet.alpha - 1.0) < 1e-8);
    assert_true(fabs(silent.a / quiet.a - 1.0) < 1e-8);
    assert_true(fabs(silent.b / quiet.b - 1.0) < 1e-8);
    assert_int_equal(rs.iterations, rq.iterations);

    /* The first call comes inside the first evaluation: iteration 0, no loglik yet, the
     * start. Cancelling there returns CLV_ECANCELED and the start as the best point. */
    memset(&c, 0, sizeof c);
    c.cancel_at = 1;
    clv_bgnbd_params p = {-1, -1, -1, -1};
    assert_int_equal(clv_bgnbd_fit(&b.view, &o, &p, NULL), CLV_ECANCELED);
    assert_int_equal(c.calls, 1);
    assert_int_equal(c.last_iteration, 0);
    assert_true(isnan(c.last_loglik));
    assert_int_equal(c.n_params, 4);
    assert_true(p.r == 1.0 && p.alpha == 1.0 && p.a == 1.0 && p.b == 1.0);

    /* Later: the point written is the one the last call reported. */
    memset(&c, 0, sizeof c);
    c.cancel_at = 7;
    assert_int_equal(clv_bgnbd_fit(&b.view, &o, &p, NULL), CLV_ECANCELED);
    assert_int_equal(c.calls, 7);
    assert_true(p.r == c.last_params[0] && p.alpha == c.last_params[1] &&
                p.a == c.last_params[2] && p.b == c.last_params[3]);
    assert_true(isfinite(c.last_loglik) && c.last_loglik < 0.0);
    big_free(&b);
}

static void test_fit_small_table_calls_once_per_iteration(void **state) {
    (void)state;
    const clv_rfm_view v = cdnow_view(0); /* 2,357 rows: under 16,384 units an iteration */
    clv_fit_options o;
    clv_fit_options_init(&o);
    counter c;
    memset(&c, 0, sizeof c);
    o.progress = on_fit;
    o.user_data = &c;
    clv_pnbd_params p;
    clv_fit_report r;
    assert_int_equal(clv_pnbd_fit(&v, &o, &p, &r), CLV_OK);
    /* no iteration count twice: iterations 1, 2, ..., each once, and at most one call
     * within the start's evaluations (Pareto/NBD rows count 4 units: two evaluations of
     * 2,357 rows pass 16,384) */
    assert_int_equal(c.within_iteration, 0);
    assert_true(c.calls == (int)c.last_iteration || c.calls == (int)c.last_iteration + 1);
    assert_true(c.calls >= (int)r.iterations && r.iterations > 0);
}

static void test_bass_cancel_leaves_outputs_and_silent_callback_changes_nothing(void **state) {
    (void)state;
    /* Bass (1969)'s colour-TV-like series of 10 periods, then 100,000 empty ones. */
    enum { N = 100010 };
    double *y = calloc(N, sizeof *y);
    assert_non_null(y);
    const double head[10] = {840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890};
    memcpy(y, head, sizeof head);
    for (int method = CLV_BASS_NLS; method <= CLV_BASS_ML; method++) {
        clv_bass_fit_options o;
        clv_bass_fit_options_init(&o);
        o.method = method;
        clv_bass_params quiet;
        clv_bass_fit_report rq;
        int sq = clv_bass_fit(y, N, &o, &quiet, &rq);
        assert_true(sq == CLV_OK || sq == CLV_ENOCONV);
        counter c;
        memset(&c, 0, sizeof c);
        o.progress = on_fit;
        o.user_data = &c;
        clv_bass_params silent;
        clv_bass_fit_report rs;
        assert_int_equal(clv_bass_fit(y, N, &o, &silent, &rs), sq);
        /* the same passes in the same order: the same doubles */
        assert_true(silent.p == quiet.p && silent.q == quiet.q && silent.m == quiet.m);
        assert_true(c.calls >= (int)rs.fit.iterations);
        assert_int_equal(c.n_params, 3);
        /* cancel at the first call (within the check of the counts): untouched */
        memset(&c, 0, sizeof c);
        c.cancel_at = 1;
        clv_bass_params p = {-1.0, -2.0, -3.0};
        clv_bass_fit_report rep;
        memset(&rep, 0x5a, sizeof rep);
        clv_bass_fit_report before = rep;
        assert_int_equal(clv_bass_fit(y, N, &o, &p, &rep), CLV_ECANCELED);
        assert_int_equal(c.n_params, 0); /* no point yet */
        assert_true(p.p == -1.0 && p.q == -2.0 && p.m == -3.0);
        assert_memory_equal(&rep, &before, sizeof rep);
        /* cancel at the last call of the silent run: still untouched */
        int all = 0;
        memset(&c, 0, sizeof c);
        c.cancel_at = 0;
        clv_bass_fit(y, N, &o, &silent, NULL);
        all = c.calls;
        memset(&c, 0, sizeof c);
        c.cancel_at = all;
        assert_int_equal(clv_bass_fit(y, N, &o, &p, NULL), CLV_ECANCELED);
        assert_true(p.p == -1.0 && p.q == -2.0 && p.m == -3.0);
    }
    free(y);
}

static void test_value_rows_progress_and_cancel(void **state) {
    (void)state;
    enum { ROWS = 100 };
    double x[ROWS], t_x[ROWS], T[ROWS], m[ROWS], v[ROWS], quiet[ROWS];
    int32_t st[ROWS];
    for (int i = 0; i < ROWS; i++) {
        x[i] = (double)(i % 5);
        t_x[i] = (i % 5 == 0) ? 0.0 : 30.0;
        T[i] = 39.0;
        m[i] = 20.0 + i;
    }
    const clv_purchase_model pm = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
    const clv_rfm_view view = {ROWS, x, t_x, T, m, NULL};
    clv_value_options o;
    clv_value_options_init(&o);
    assert_int_equal(clv_customer_value_rows(&pm, NULL, &o, &view, quiet, NULL), CLV_OK);
    counter c;
    memset(&c, 0, sizeof c);
    o.progress = on_work;
    o.user_data = &c;
    assert_int_equal(clv_customer_value_rows(&pm, NULL, &o, &view, v, NULL), CLV_OK);
    assert_memory_equal(v, quiet, sizeof v);
    /* every 8 rows and after the last: 12 calls of 8, one of 100 */
    assert_int_equal(c.calls, ROWS / CLV_VALUE_ROWS_PER_PROGRESS + 1);
    assert_int_equal(c.last_done, ROWS);
    assert_int_equal(c.bad, 0);
    for (int with_status = 0; with_status <= 1; with_status++) {
        memset(&c, 0, sizeof c);
        c.cancel_at = 3;
        for (int i = 0; i < ROWS; i++) {
            v[i] = -1.0;
            st[i] = 12345;
        }
        assert_int_equal(clv_customer_value_rows(&pm, NULL, &o, &view, v,
                                                 with_status ? st : NULL),
                         CLV_ECANCELED);
        for (int i = 0; i < ROWS; i++) {
            int done = i < 3 * CLV_VALUE_ROWS_PER_PROGRESS;
            assert_true(done ? v[i] == quiet[i] : v[i] == -1.0);
            if (with_status) {
                assert_int_equal(st[i], done ? CLV_OK : 12345);
            }
        }
    }
}

static void test_markov_progress_and_cancel(void **state) {
    (void)state;
    enum { N = 64 };
    static double P[N * N], R[N], ws[N * (N + 2)];
    double v[N], quiet[N];
    for (int i = 0; i < N; i++) {
        R[i] = (double)(i % 7) - 2.0;
        for (int j = 0; j < N; j++) {
            P[i * N + j] = (i == j) ? 0.5 : 0.5 / (N - 1);
        }
    }
    assert_int_equal(clv_markov_value(P, R, N, 0.0, 2000.0, ws, N * (N + 2), quiet), CLV_OK);
    counter c;
    memset(&c, 0, sizeof c);
    assert_int_equal(clv_markov_value_progress(P, R, N, 0.0, 2000.0, ws, N * (N + 2), v, on_work,
                                               &c),
                     CLV_OK);
    assert_memory_equal(v, quiet, sizeof v);
    /* every 2^20 / 64^2 = 256 steps of 2000: at 256, 512, ..., 1792 */
    assert_int_equal(c.calls, 7);
    assert_int_equal(c.total, 2000);
    assert_int_equal(c.bad, 0);
    memset(&c, 0, sizeof c);
    c.cancel_at = 2;
    for (int i = 0; i < N; i++) {
        v[i] = -7.0;
    }
    assert_int_equal(clv_markov_value_progress(P, R, N, 0.0, 2000.0, ws, N * (N + 2), v, on_work,
                                               &c),
                     CLV_ECANCELED);
    for (int i = 0; i < N; i++) {
        assert_true(v[i] == -7.0);
    }
    /* the infinite horizon is one solve: no call */
    memset(&c, 0, sizeof c);
    c.cancel_at = 1;
    assert_int_equal(clv_markov_value_progress(P, R, N, 0.1, INFINITY, ws, N * (N + 2), v, on_work,
                                               &c),
                     CLV_OK);
    assert_int_equal(c.calls, 0);
}

static void test_sbg_cohort_cancel_inside_evaluation(void **state) {
    (void)state;
    /* a loss every period: no run to step over, each period a log1p and a log */
    enum { PERIODS = 300000 };
    double *alive = malloc((PERIODS + 1) * sizeof *alive);
    assert_non_null(alive);
    alive[0] = 1e6;
    for (int t = 1; t <= PERIODS; t++) {
        alive[t] = alive[t - 1] - 1.0;
    }
    const clv_sbg_cohort cohort = {alive, PERIODS, 0};
    clv_fit_options o;
    clv_fit_options_init(&o);
    counter c;
    memset(&c, 0, sizeof c);
    c.cancel_at = 1;
    o.progress = on_fit;
    o.user_data = &c;
    clv_sbg_params p = {-1.0, -1.0};
    assert_int_equal(clv_sbg_fit_cohorts(&cohort, 1, &o, &p, NULL), CLV_ECANCELED);
    /* 300,000 periods: the first call is within the first evaluation */
    assert_int_equal(c.last_iteration, 0);
    assert_true(isnan(c.last_loglik));
    assert_true(p.alpha == 1.0 && p.beta == 1.0);
    free(alive);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_callback_inside_evaluations_and_cancel_there),
        cmocka_unit_test(test_fit_small_table_calls_once_per_iteration),
        cmocka_unit_test(test_bass_cancel_leaves_outputs_and_silent_callback_changes_nothing),
        cmocka_unit_test(test_value_rows_progress_and_cancel),
        cmocka_unit_test(test_markov_progress_and_cancel),
        cmocka_unit_test(test_sbg_cohort_cancel_inside_evaluation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
