/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Caller-driven parallelism (issue 20, docs/threads.md): libclv starts no thread, and keeps
 * no state between calls, so a caller splits a fit or a scoring pass over its own threads.
 * These tests do it with 2 POSIX threads and check the recipe's promises:
 *
 * - scoring: the _rows forms over sub-views give, row for row, the doubles of one call over
 *   the whole table (bit for bit: a row's value never depends on which rows share its call);
 * - fitting: the log-likelihood and gradient summed over chunks of fixed boundaries, in chunk
 *   order, are the same doubles with 1 and 2 threads (each chunk is one call, and the sum's
 *   order does not depend on who computed what), so the reverse-communication fit driven by
 *   them gives the same parameters to the bit; and they equal the one-call log-likelihood
 *   to rounding (1e-12 relative: only the order of the sum differs);
 * - the fit from 2 threads reproduces the published CDNOW estimates (Fader, Hardie & Lee
 *   2005: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, to the printed digits).
 *
 * Under valgrind's helgrind (`meson test --setup valgrind` runs memcheck) the threads share
 * only read-only inputs and write disjoint outputs.
 */
#include "clv_test.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"
#include "clv_test_data.h"

#define THREADS_MAX 2

/* ---- the chunked log-likelihood ----------------------------------------------------------- */

/* Chunks of `chunk` rows, fixed by the table and not by the thread count; thread k takes
 * chunks k, k + threads, ... and writes its results into the chunk's own slot. */
typedef struct loglik_job {
    int model; /* CLV_MODEL_BGNBD or CLV_MODEL_PNBD */
    const double *params;
    const clv_rfm_view *data;
    size_t chunk, n_chunks;
    unsigned first, step;
    double *ll;   /* n_chunks */
    double *grad; /* 4 n_chunks */
    int status;
} loglik_job;

static void *loglik_worker(void *arg) {
    loglik_job *job = arg;
    job->status = CLV_OK;
    for (size_t k = job->first; k < job->n_chunks; k += job->step) {
        size_t lo = k * job->chunk;
        size_t hi = (lo + job->chunk < job->data->count) ? lo + job->chunk : job->data->count;
        const clv_rfm_view *d = job->data;
        clv_rfm_view part = {hi - lo, d->x + lo, d->t_x + lo, d->T + lo, NULL,
                             d->weight ? d->weight + lo : NULL};
        int st;
        if (job->model == CLV_MODEL_BGNBD) {
            clv_bgnbd_params p = {job->params[0], job->params[1], job->params[2], job->params[3]};
            st = clv_bgnbd_loglik(&p, &part, &job->ll[k], &job->grad[4 * k]);
        } else {
            clv_pnbd_params p = {job->params[0], job->params[1], job->params[2], job->params[3]};
            st = clv_pnbd_loglik(&p, &part, &job->ll[k], &job->grad[4 * k]);
        }
        if (st != CLV_OK && job->status == CLV_OK) {
            job->status = st;
        }
    }
    return NULL;
}

/* Log-likelihood and gradient over `threads` threads; the chunks' results are added in chunk
 * order by this thread after the others are joined. */
static int chunked_loglik(int model, const double *params, const clv_rfm_view *data, size_t chunk,
                          unsigned threads, double *ll, double grad[4]) {
    size_t n_chunks = (data->count + chunk - 1) / chunk;
    double *part_ll = malloc(n_chunks * sizeof *part_ll);
    double *part_grad = malloc(4 * n_chunks * sizeof *part_grad);
    assert_non_null(part_ll);
    assert_non_null(part_grad);
    pthread_t tid[THREADS_MAX];
    loglik_job jobs[THREADS_MAX];
    for (unsigned t = 0; t < threads; t++) {
        jobs[t] = (loglik_job){model, params, data, chunk, n_chunks, t, threads,
                               part_ll, part_grad, CLV_OK};
        assert_int_equal(pthread_create(&tid[t], NULL, loglik_worker, &jobs[t]), 0);
    }
    int st = CLV_OK;
    for (unsigned t = 0; t < threads; t++) {
        assert_int_equal(pthread_join(tid[t], NULL), 0);
        if (jobs[t].status != CLV_OK && st == CLV_OK) {
            st = jobs[t].status;
        }
    }
    *ll = 0.0;
    memset(grad, 0, 4 * sizeof *grad);
    for (size_t k = 0; k < n_chunks; k++) {
        *ll += part_ll[k];
        for (int j = 0; j < 4; j++) {
            grad[j] += part_grad[4 * k + j];
        }
    }
    free(part_grad);
    free(part_ll);
    return st;
}

/* A reverse-communication fit whose every evaluation is chunked_loglik(). */
static int threaded_fit(int model, const clv_rfm_view *data, size_t chunk, unsigned threads,
                        double params[CLV_MAX_PARAMS]) {
    clv_fit_state fit;
    int request = CLV_FIT_EVALUATE;
    assert_status(clv_fit_start(&fit, model, NULL, NULL), CLV_OK);
    for (;;) {
        assert_status(clv_fit_next(&fit, params, &request), CLV_OK);
        if (request == CLV_FIT_DONE) {
            break;
        }
        double ll, grad[4];
        if (chunked_loglik(model, params, data, chunk, threads, &ll, grad) != CLV_OK) {
            ll = -INFINITY; /* outside the model's range: the optimizer steps back */
            memset(grad, 0, sizeof grad);
        }
        assert_status(clv_fit_tell(&fit, ll, grad), CLV_OK);
    }
    return clv_fit_result(&fit, params, NULL);
}

/* ---- data --------------------------------------------------------------------------------- */

/* CDNOW replicated `copies` times with T (and t_x where it equals T) jittered by U(0, 0.01),
 * so that no two rows repeat (the layout of issue 20 where caches help least). */
typedef struct table {
    size_t n;
    double *x, *t_x, *T;
} table;

static table jittered_cdnow(size_t copies) {
    clv_rfm_view cd = cdnow_view(0);
    table t = {copies * CDNOW_N, NULL, NULL, NULL};
    t.x = malloc(t.n * sizeof *t.x);
    t.t_x = malloc(t.n * sizeof *t.t_x);
    t.T = malloc(t.n * sizeof *t.T);
    assert_non_null(t.x && t.t_x && t.T);
    uint64_t s = 88172645463325252u;
    for (size_t i = 0; i < t.n; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        size_t j = i % CDNOW_N;
        double jitter = (double)(s >> 11) * 0x1p-53 * 0.01;
        t.x[i] = cd.x[j];
        t.T[i] = cd.T[j] + jitter;
        t.t_x[i] = (cd.t_x[j] == cd.T[j]) ? t.T[i] : cd.t_x[j];
    }
    return t;
}

static void table_free(table *t) {
    free(t->x);
    free(t->t_x);
    free(t->T);
}

/* ---- scoring ------------------------------------------------------------------------------ */

typedef struct score_job {
    const clv_purchase_model *model;
    clv_rfm_view part;
    double *p_alive;
    double *expected;
    int32_t *row_status;
    int status;
} score_job;

static void *score_worker(void *arg) {
    score_job *job = arg;
    job->status = clv_p_alive_rows(job->model, &job->part, job->p_alive, job->row_status);
    if (job->status == CLV_OK) {
        job->status = clv_expected_purchases_rows(job->model, &job->part, 39.0, job->expected,
                                                  job->row_status);
    }
    return NULL;
}

/* Score the table over `threads` contiguous sub-views (any split: rows are independent). */
static void threaded_scoring(const clv_purchase_model *model, const table *t, unsigned threads,
                             double *p_alive, double *expected, int32_t *row_status) {
    pthread_t tid[THREADS_MAX];
    score_job jobs[THREADS_MAX];
    for (unsigned k = 0; k < threads; k++) {
        size_t lo = t->n * k / threads;
        size_t hi = t->n * (k + 1) / threads;
        jobs[k] = (score_job){model,
                              {hi - lo, t->x + lo, t->t_x + lo, t->T + lo, NULL, NULL},
                              p_alive + lo,
                              expected + lo,
                              row_status + lo,
                              CLV_OK};
        assert_int_equal(pthread_create(&tid[k], NULL, score_worker, &jobs[k]), 0);
    }
    for (unsigned k = 0; k < threads; k++) {
        assert_int_equal(pthread_join(tid[k], NULL), 0);
        assert_status(jobs[k].status, CLV_OK);
    }
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_threads_chunked_loglik_is_bitwise_the_same_on_1_and_2_threads(void **state) {
    (void)state;
    table t = jittered_cdnow(10);
    clv_rfm_view v = {t.n, t.x, t.t_x, t.T, NULL, NULL};
    const double points[3][4] = {{0.243, 4.414, 0.793, 2.426}, /* BG/NBD, FHL 2005 */
                                 {0.553, 10.58, 0.606, 11.67}, /* Pareto/NBD on CDNOW */
                                 {1.0, 1.0, 1.0, 1.0}};
    const int models[3] = {CLV_MODEL_BGNBD, CLV_MODEL_PNBD, CLV_MODEL_BGNBD};
    for (int m = 0; m < 3; m++) {
        double ll1, ll2, g1[4], g2[4];
        assert_status(chunked_loglik(models[m], points[m], &v, 1000, 1, &ll1, g1), CLV_OK);
        assert_status(chunked_loglik(models[m], points[m], &v, 1000, 2, &ll2, g2), CLV_OK);
        assert_memory_equal(&ll1, &ll2, sizeof ll1);
        assert_memory_equal(g1, g2, sizeof g1);
        /* the one-call value differs only by the order of the sum */
        double whole, gw[4];
        if (models[m] == CLV_MODEL_BGNBD) {
            clv_bgnbd_params p = {points[m][0], points[m][1], points[m][2], points[m][3]};
            assert_status(clv_bgnbd_loglik(&p, &v, &whole, gw), CLV_OK);
        } else {
            clv_pnbd_params p = {points[m][0], points[m][1], points[m][2], points[m][3]};
            assert_status(clv_pnbd_loglik(&p, &v, &whole, gw), CLV_OK);
        }
        assert_close(ll1, whole, 1e-12);
        for (int j = 0; j < 4; j++) {
            /* a gradient near 0 (at an optimum) is a difference of large sums: scale by the
             * sum of magnitudes' proxy, |ll| */
            assert_true(fabs(g1[j] - gw[j]) <= 1e-12 * fabs(whole));
        }
    }
    table_free(&t);
}

static void test_threads_fit_on_2_threads_is_the_1_thread_fit_and_fhl2005(void **state) {
    (void)state;
    clv_rfm_view cd = cdnow_view(0);
    double p1[CLV_MAX_PARAMS], p2[CLV_MAX_PARAMS];
    assert_status(threaded_fit(CLV_MODEL_BGNBD, &cd, 256, 1, p1), CLV_OK);
    assert_status(threaded_fit(CLV_MODEL_BGNBD, &cd, 256, 2, p2), CLV_OK);
    assert_memory_equal(p1, p2, 4 * sizeof p1[0]);
    /* refs/published.md: FHL 2005 print r, alpha, a, b = 0.243, 4.414, 0.793, 2.426 [P] */
    assert_true(fabs(p2[0] - 0.243) <= 0.0005);
    assert_true(fabs(p2[1] - 4.414) <= 0.0005);
    assert_true(fabs(p2[2] - 0.793) <= 0.0005);
    assert_true(fabs(p2[3] - 2.426) <= 0.0005);
    /* and the one-call fit, to the optimizer's tolerance */
    clv_bgnbd_params whole;
    assert_status(clv_bgnbd_fit(&cd, NULL, &whole, NULL), CLV_OK);
    assert_close(p2[0], whole.r, 1e-6);
    assert_close(p2[1], whole.alpha, 1e-6);
    assert_close(p2[2], whole.a, 1e-6);
    assert_close(p2[3], whole.b, 1e-6);
}

static void test_threads_scoring_on_2_threads_is_bitwise_one_call(void **state) {
    (void)state;
    table t = jittered_cdnow(20);
    clv_rfm_view v = {t.n, t.x, t.t_x, t.T, NULL, NULL};
    const clv_purchase_model models[2] = {
        {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}},
        {CLV_MODEL_PNBD, 0, {0.553, 10.58, 0.606, 11.67}},
    };
    size_t bytes = t.n * sizeof(double);
    double *pa1 = malloc(bytes), *pa2 = malloc(bytes), *ex1 = malloc(bytes), *ex2 = malloc(bytes);
    int32_t *rs = malloc(t.n * sizeof *rs);
    assert_non_null(pa1 && pa2 && ex1 && ex2 && rs);
    for (int m = 0; m < 2; m++) {
        memset(pa2, 0xA5, bytes);
        memset(ex2, 0xA5, bytes);
        assert_status(clv_p_alive_rows(&models[m], &v, pa1, NULL), CLV_OK);
        assert_status(clv_expected_purchases_rows(&models[m], &v, 39.0, ex1, NULL), CLV_OK);
        threaded_scoring(&models[m], &t, 2, pa2, ex2, rs);
        assert_memory_equal(pa1, pa2, bytes);
        assert_memory_equal(ex1, ex2, bytes);
        for (size_t i = 0; i < t.n; i++) {
            assert_int_equal(rs[i], CLV_OK);
        }
        /* not a vacuous comparison: values in range, and not all equal */
        assert_true(pa1[0] > 0.0 && pa1[0] <= 1.0 && ex1[0] >= 0.0);
        assert_true(pa1[0] != pa1[t.n / 2] || pa1[1] != pa1[t.n / 3]);
    }
    free(rs);
    free(ex2);
    free(ex1);
    free(pa2);
    free(pa1);
    table_free(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_chunked_loglik_is_bitwise_the_same_on_1_and_2_threads),
        cmocka_unit_test(test_threads_fit_on_2_threads_is_the_1_thread_fit_and_fhl2005),
        cmocka_unit_test(test_threads_scoring_on_2_threads_is_bitwise_one_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
