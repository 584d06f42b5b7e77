/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of BG/NBD on CDNOW (the rows of issue 3's speed table): the fit, the fit on CDNOW
 * replicated 1000 times (2,357,000 rows, no weights), P(alive) and conditional expected
 * purchases per customer, one customer at the till, and the scaling of P(alive) over threads.
 *
 *   bench_bgnbd [path to cdnow_customers_summary_with_transactions.csv]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "clv.h"

#define CDNOW_N BENCH_CDNOW_N

static double cd_x[CDNOW_N], cd_tx[CDNOW_N], cd_T[CDNOW_N];

typedef struct p_alive_job {
    const clv_bgnbd_params *params;
    clv_rfm_view view;
    double *out;
} p_alive_job;

static void *p_alive_worker(void *arg) {
    p_alive_job *job = arg;
    clv_bgnbd_p_alive_array(job->params, &job->view, job->out);
    return NULL;
}

/* P(alive) over `rows` rows split across `threads` threads (the library is single-threaded;
 * the caller splits the work). Returns seconds per customer. */
static double p_alive_threads(const clv_bgnbd_params *p, const clv_rfm_view *v, double *out,
                              int threads) {
    pthread_t tid[8];
    p_alive_job jobs[8];
    double t0 = bench_now();
    for (int k = 0; k < threads; k++) {
        size_t lo = v->count * (size_t)k / (size_t)threads;
        size_t hi = v->count * (size_t)(k + 1) / (size_t)threads;
        jobs[k].params = p;
        jobs[k].view = (clv_rfm_view){hi - lo, v->x + lo, v->t_x + lo, v->T + lo, NULL, NULL};
        jobs[k].out = out + lo;
        pthread_create(&tid[k], NULL, p_alive_worker, &jobs[k]);
    }
    for (int k = 0; k < threads; k++) {
        pthread_join(tid[k], NULL);
    }
    return (bench_now() - t0) / (double)v->count;
}

int main(int argc, char **argv) {
    const char *path =
        (argc > 1) ? argv[1] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    if (bench_load_cdnow(path, cd_x, cd_tx, cd_T) != 0) {
        return 1;
    }
    clv_rfm_view v = {CDNOW_N, cd_x, cd_tx, cd_T, NULL, NULL};
    double s[BENCH_REPEATS];
    clv_bgnbd_params p;
    clv_fit_report r;
    printf("libclv %s BG/NBD on CDNOW (%d customers), median of %d runs\n", clv_version_string(),
           CDNOW_N, BENCH_REPEATS);

    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        if (clv_bgnbd_fit(&v, NULL, &p, &r) != CLV_OK) {
            fprintf(stderr, "fit failed\n");
            return 1;
        }
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.3f ms  (%u iterations, %u evaluations)\n", "fit, CDNOW",
           1e3 * bench_median(s, BENCH_REPEATS), r.iterations, r.evaluations);
    clv_fit_options merge;
    clv_fit_options_init(&merge);
    merge.alloc = bench_alloc;
    merge.dealloc = bench_free;
    int st_merge = CLV_OK;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        st_merge = clv_bgnbd_fit(&v, &merge, &p, &r);
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.3f ms  (status %d)\n", "fit, CDNOW, allocator hooks (rows merged)",
           1e3 * bench_median(s, BENCH_REPEATS), st_merge);

    for (int k = 0; k < BENCH_REPEATS; k++) {
        double ll;
        double g[4];
        double t0 = bench_now();
        for (int i = 0; i < 100; i++) {
            clv_bgnbd_loglik(&p, &v, &ll, g);
        }
        bench_sink = ll;
        s[k] = (bench_now() - t0) / 100.0;
    }
    printf("%-48s %10.2f us\n", "log-likelihood + gradient, CDNOW",
           1e6 * bench_median(s, BENCH_REPEATS));

    /* CDNOW x 1000: 2,357,000 rows, no weights. */
    size_t big_n = (size_t)CDNOW_N * 1000;
    double *bx = malloc(big_n * sizeof *bx);
    double *btx = malloc(big_n * sizeof *btx);
    double *bT = malloc(big_n * sizeof *bT);
    double *out = malloc(big_n * sizeof *out);
    if (bx == NULL || btx == NULL || bT == NULL || out == NULL) {
        return 1;
    }
    for (size_t i = 0; i < big_n; i++) {
        bx[i] = cd_x[i % CDNOW_N];
        btx[i] = cd_tx[i % CDNOW_N];
        bT[i] = cd_T[i % CDNOW_N];
    }
    clv_rfm_view big = {big_n, bx, btx, bT, NULL, NULL};
    {
        double t0 = bench_now();
        clv_bgnbd_params pb;
        clv_fit_report rb;
        int st = clv_bgnbd_fit(&big, NULL, &pb, &rb);
        printf("%-48s %10.3f s   (status %d, %u evaluations)\n",
               "fit, CDNOW x 1000 (2,357,000 rows)", bench_now() - t0, st, rb.evaluations);
        for (int k = 0; k < BENCH_REPEATS; k++) {
            t0 = bench_now();
            st = clv_bgnbd_fit(&big, &merge, &pb, &rb);
            s[k] = bench_now() - t0;
        }
        printf("%-48s %10.3f s   (status %d)\n", "fit, CDNOW x 1000, allocator hooks (rows merged)",
               bench_median(s, BENCH_REPEATS), st);
    }

    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        clv_bgnbd_p_alive_array(&p, &big, out);
        s[k] = (bench_now() - t0) / (double)big_n;
    }
    bench_report("P(alive), array", bench_median(s, BENCH_REPEATS), "customer");
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = p_alive_threads(&p, &big, out, 2);
    }
    bench_report("P(alive), array, 2 threads", bench_median(s, BENCH_REPEATS), "customer");

    clv_rfm_view mid = {CDNOW_N * 100, bx, btx, bT, NULL, NULL};
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        clv_bgnbd_expected_purchases_array(&p, &mid, 39.0, out);
        s[k] = (bench_now() - t0) / (double)mid.count;
    }
    bench_report("conditional expected purchases (t = 39), array", bench_median(s, BENCH_REPEATS),
                 "customer");

    /* One customer at the till: P(alive), expected purchases, P(X(t) = 0) of a new customer. */
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        double acc = 0.0;
        for (int i = 0; i < 100000; i++) {
            double pa, e, p0;
            double x = (double)(i & 7);
            double tx = (x > 0.0) ? 20.0 + (double)(i & 15) : 0.0;
            clv_bgnbd_p_alive(&p, x, tx, 38.86, &pa);
            clv_bgnbd_expected_purchases(&p, x, tx, 38.86, 13.0, &e);
            clv_bgnbd_prob_purchases(&p, 13.0, 0.0, &p0);
            acc += pa + e + p0;
        }
        bench_sink = acc;
        s[k] = (bench_now() - t0) / 100000.0;
    }
    bench_report("one customer at the till (3 quantities)", bench_median(s, BENCH_REPEATS),
                 "customer");
    free(bx);
    free(btx);
    free(bT);
    free(out);
    return 0;
}
