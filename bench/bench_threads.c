/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Caller-driven parallelism (issue 20, docs/threads.md): libclv starts no thread; a caller
 * splits the work over its own. This program does it with POSIX threads (linked here only)
 * on CDNOW replicated COPIES times (first argument, default 100: 235,700 customers) with T
 * jittered by U(0, 0.01), so that no row repeats:
 *
 * - a BG/NBD and a Pareto/NBD fit by reverse communication (clv_fit_start() ...), every
 *   evaluation the log-likelihood and gradient of chunks of CHUNK rows (fixed boundaries),
 *   computed by 1 or 2 threads and added in chunk order by the main thread: the same doubles
 *   whatever the thread count, so the fits must agree to the bit (checked; exit 1 if not);
 * - scoring: P(alive) and E[X(39) | history] of every row with clv_p_alive_rows() and
 *   clv_expected_purchases_rows() over 1 or 2 contiguous sub-views: bit for bit the one-call
 *   values (checked).
 *
 * Prints wall seconds (median of 3 for scoring, one fit each) and the speed-up. On a machine
 * shared with other work the 2-thread figure shows the load as much as the split.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "clv.h"

#define THREADS_MAX 2
#define CHUNK 4096

/* ---- the chunked log-likelihood ----------------------------------------------------------- */

typedef struct loglik_job {
    int model;
    const double *params;
    const clv_rfm_view *data;
    size_t n_chunks;
    unsigned first, step;
    double *ll;   /* one slot a chunk */
    double *grad; /* four slots a chunk */
    int status;
} loglik_job;

static void *loglik_worker(void *arg) {
    loglik_job *job = arg;
    for (size_t k = job->first; k < job->n_chunks; k += job->step) {
        size_t lo = k * CHUNK;
        size_t hi = (lo + CHUNK < job->data->count) ? lo + CHUNK : job->data->count;
        const clv_rfm_view *d = job->data;
        clv_rfm_view part = {hi - lo, d->x + lo, d->t_x + lo, d->T + lo, NULL, NULL};
        const double *q = job->params;
        int st;
        if (job->model == CLV_MODEL_BGNBD) {
            clv_bgnbd_params p = {q[0], q[1], q[2], q[3]};
            st = clv_bgnbd_loglik(&p, &part, &job->ll[k], &job->grad[4 * k]);
        } else {
            clv_pnbd_params p = {q[0], q[1], q[2], q[3]};
            st = clv_pnbd_loglik(&p, &part, &job->ll[k], &job->grad[4 * k]);
        }
        if (st != CLV_OK && job->status == CLV_OK) {
            job->status = st;
        }
    }
    return NULL;
}

/* The sum over chunks, each chunk's value computed by thread (k mod threads), added here in
 * chunk order: the result does not depend on `threads`. */
static int chunked_loglik(int model, const double *params, const clv_rfm_view *data,
                          unsigned threads, double *part_ll, double *part_grad, double *ll,
                          double grad[4]) {
    size_t n_chunks = (data->count + CHUNK - 1) / CHUNK;
    pthread_t tid[THREADS_MAX];
    loglik_job jobs[THREADS_MAX];
    for (unsigned t = 0; t < threads; t++) {
        jobs[t] = (loglik_job){model, params, data, n_chunks, t, threads, part_ll, part_grad,
                               CLV_OK};
        if (t > 0 && pthread_create(&tid[t], NULL, loglik_worker, &jobs[t]) != 0) {
            fprintf(stderr, "bench_threads: pthread_create failed\n");
            exit(1);
        }
    }
    loglik_worker(&jobs[0]); /* the calling thread takes the first share */
    int st = jobs[0].status;
    for (unsigned t = 1; t < threads; t++) {
        pthread_join(tid[t], NULL);
        st = (st != CLV_OK) ? st : jobs[t].status;
    }
    *ll = 0.0;
    memset(grad, 0, 4 * sizeof *grad);
    for (size_t k = 0; k < n_chunks; k++) {
        *ll += part_ll[k];
        for (int j = 0; j < 4; j++) {
            grad[j] += part_grad[4 * k + j];
        }
    }
    return st;
}

static int threaded_fit(int model, const clv_rfm_view *data, unsigned threads, double *params,
                        uint32_t *evaluations) {
    size_t n_chunks = (data->count + CHUNK - 1) / CHUNK;
    double *part_ll = malloc(n_chunks * sizeof *part_ll);
    double *part_grad = malloc(4 * n_chunks * sizeof *part_grad);
    clv_fit_state fit;
    clv_fit_report report;
    int request, st;
    if (part_ll == NULL || part_grad == NULL ||
        clv_fit_start(&fit, model, NULL, NULL) != CLV_OK) {
        return CLV_ENOMEM;
    }
    while ((st = clv_fit_next(&fit, params, &request)) == CLV_OK && request == CLV_FIT_EVALUATE) {
        double ll, grad[4];
        if (chunked_loglik(model, params, data, threads, part_ll, part_grad, &ll, grad) !=
            CLV_OK) {
            ll = -INFINITY;
            memset(grad, 0, sizeof grad);
        }
        if ((st = clv_fit_tell(&fit, ll, grad)) != CLV_OK) {
            break;
        }
    }
    free(part_grad);
    free(part_ll);
    if (st != CLV_OK) {
        return st;
    }
    st = clv_fit_result(&fit, params, &report);
    *evaluations = report.evaluations;
    return st;
}

/* ---- scoring ------------------------------------------------------------------------------ */

typedef struct score_job {
    const clv_purchase_model *model;
    clv_rfm_view part;
    double *p_alive, *expected;
    int status;
} score_job;

static void *score_worker(void *arg) {
    score_job *job = arg;
    job->status = clv_p_alive_rows(job->model, &job->part, job->p_alive, NULL);
    if (job->status == CLV_OK) {
        job->status =
            clv_expected_purchases_rows(job->model, &job->part, 39.0, job->expected, NULL);
    }
    return NULL;
}

static int threaded_scoring(const clv_purchase_model *model, const clv_rfm_view *v,
                            unsigned threads, double *p_alive, double *expected) {
    pthread_t tid[THREADS_MAX];
    score_job jobs[THREADS_MAX];
    for (unsigned k = 0; k < threads; k++) {
        size_t lo = v->count * k / threads, hi = v->count * (k + 1) / threads;
        jobs[k] = (score_job){model, {hi - lo, v->x + lo, v->t_x + lo, v->T + lo, NULL, NULL},
                              p_alive + lo, expected + lo, CLV_OK};
        if (k > 0 && pthread_create(&tid[k], NULL, score_worker, &jobs[k]) != 0) {
            fprintf(stderr, "bench_threads: pthread_create failed\n");
            exit(1);
        }
    }
    score_worker(&jobs[0]);
    int st = jobs[0].status;
    for (unsigned k = 1; k < threads; k++) {
        pthread_join(tid[k], NULL);
        st = (st != CLV_OK) ? st : jobs[k].status;
    }
    return st;
}

/* ---- main --------------------------------------------------------------------------------- */

static double cd_x[BENCH_CDNOW_N], cd_tx[BENCH_CDNOW_N], cd_T[BENCH_CDNOW_N];

int main(int argc, char **argv) {
    const char *path =
        (argc > 2) ? argv[2] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    size_t copies = (argc > 1) ? (size_t)strtoull(argv[1], NULL, 10) : 100;
    if (copies < 1 || bench_load_cdnow(path, cd_x, cd_tx, cd_T) != 0) {
        fprintf(stderr, "usage: bench_threads [COPIES >= 1 [CDNOW_SUMMARY_CSV]]\n");
        return 2;
    }
    size_t n = copies * BENCH_CDNOW_N;
    double *x = malloc(n * sizeof *x), *t_x = malloc(n * sizeof *t_x), *T = malloc(n * sizeof *T);
    double *out[2][2];
    for (int t = 0; t < 2; t++) {
        out[t][0] = malloc(n * sizeof(double));
        out[t][1] = malloc(n * sizeof(double));
        if (out[t][0] == NULL || out[t][1] == NULL) {
            return 1;
        }
    }
    if (x == NULL || t_x == NULL || T == NULL) {
        return 1;
    }
    uint64_t s = 88172645463325252u;
    for (size_t i = 0; i < n; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        size_t j = i % BENCH_CDNOW_N;
        x[i] = cd_x[j];
        T[i] = cd_T[j] + (double)(s >> 11) * 0x1p-53 * 0.01;
        t_x[i] = (cd_tx[j] == cd_T[j]) ? T[i] : cd_tx[j];
    }
    clv_rfm_view v = {n, x, t_x, T, NULL, NULL};
    printf("libclv %s: %zu customers (CDNOW x %zu, T jittered), chunks of %d rows\n",
           clv_version_string(), n, copies, CHUNK);
    int failed = 0;

    static const int models[2] = {CLV_MODEL_BGNBD, CLV_MODEL_PNBD};
    static const char *names[2] = {"BG/NBD", "Pareto/NBD"};
    for (int m = 0; m < 2; m++) {
        double params[2][CLV_MAX_PARAMS];
        double secs[2];
        uint32_t evals[2] = {0, 0};
        for (unsigned th = 1; th <= 2; th++) {
            double t0 = bench_now();
            int st = threaded_fit(models[m], &v, th, params[th - 1], &evals[th - 1]);
            secs[th - 1] = bench_now() - t0;
            printf("%-10s fit, %u thread%s: %8.3f s, %u evaluations, status %d, params %.6g "
                   "%.6g %.6g %.6g\n",
                   names[m], th, th > 1 ? "s" : " ", secs[th - 1], evals[th - 1], st,
                   params[th - 1][0], params[th - 1][1], params[th - 1][2], params[th - 1][3]);
        }
        int same = memcmp(params[0], params[1], 4 * sizeof(double)) == 0 && evals[0] == evals[1];
        printf("%-10s fit: speed-up %.2f, parameters %s\n", names[m], secs[0] / secs[1],
               same ? "bit-identical" : "DIFFERENT");
        failed |= !same;
    }

    static const clv_purchase_model pm[2] = {
        {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}},
        {CLV_MODEL_PNBD, 0, {0.553, 10.58, 0.606, 11.67}},
    };
    for (int m = 0; m < 2; m++) {
        double secs[2];
        for (unsigned th = 1; th <= 2; th++) {
            double r[3];
            for (int k = 0; k < 3; k++) {
                double t0 = bench_now();
                if (threaded_scoring(&pm[m], &v, th, out[th - 1][0], out[th - 1][1]) != CLV_OK) {
                    fprintf(stderr, "bench_threads: scoring failed\n");
                    return 1;
                }
                r[k] = bench_now() - t0;
            }
            secs[th - 1] = bench_median(r, 3);
            printf("%-10s P(alive) + E[X(39)], %u thread%s: %8.3f s, %10.3g rows/s\n", names[m],
                   th, th > 1 ? "s" : " ", secs[th - 1], (double)n / secs[th - 1]);
        }
        int same = memcmp(out[0][0], out[1][0], n * sizeof(double)) == 0 &&
                   memcmp(out[0][1], out[1][1], n * sizeof(double)) == 0;
        printf("%-10s scoring: speed-up %.2f, values %s\n", names[m], secs[0] / secs[1],
               same ? "bit-identical" : "DIFFERENT");
        failed |= !same;
    }
    for (int t = 0; t < 2; t++) {
        free(out[t][0]);
        free(out[t][1]);
    }
    free(T);
    free(t_x);
    free(x);
    return failed;
}
