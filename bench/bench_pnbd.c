/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of Pareto/NBD on CDNOW (the Pareto/NBD rows of issue 3's speed table): the fit,
 * with and without merging identical rows, the fit on CDNOW replicated 100 times (235,700
 * rows, no weights), P(alive) and conditional expected purchases per customer, one customer
 * at the till, DERT and the customer value.
 *
 *   bench_pnbd [path to cdnow_customers_summary_with_transactions.csv]
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "clv.h"

#define CDNOW_N BENCH_CDNOW_N

static double cd_x[CDNOW_N], cd_tx[CDNOW_N], cd_T[CDNOW_N];

int main(int argc, char **argv) {
    const char *path =
        (argc > 1) ? argv[1] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    if (bench_load_cdnow(path, cd_x, cd_tx, cd_T) != 0) {
        return 1;
    }
    clv_rfm_view v = {CDNOW_N, cd_x, cd_tx, cd_T, NULL, NULL};
    double s[BENCH_REPEATS];
    clv_pnbd_params p;
    clv_fit_report r;
    clv_fit_options merge;
    clv_fit_options_init(&merge);
    merge.alloc = bench_alloc;
    merge.dealloc = bench_free;
    printf("libclv %s Pareto/NBD on CDNOW (%d customers), median of %d runs\n",
           clv_version_string(), CDNOW_N, BENCH_REPEATS);

    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        if (clv_pnbd_fit(&v, NULL, &p, &r) != CLV_OK) {
            fprintf(stderr, "fit failed\n");
            return 1;
        }
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.3f ms  (%u iterations, %u evaluations)\n", "fit, CDNOW",
           1e3 * bench_median(s, BENCH_REPEATS), r.iterations, r.evaluations);
    int st_merge = CLV_OK;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        st_merge = clv_pnbd_fit(&v, &merge, &p, &r);
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.3f ms  (status %d)\n", "fit, CDNOW, allocator hooks (rows merged)",
           1e3 * bench_median(s, BENCH_REPEATS), st_merge);

    for (int k = 0; k < BENCH_REPEATS; k++) {
        double ll;
        double g[4];
        double t0 = bench_now();
        for (int i = 0; i < 20; i++) {
            clv_pnbd_loglik(&p, &v, &ll, g);
        }
        bench_sink = ll;
        s[k] = (bench_now() - t0) / 20.0;
    }
    printf("%-48s %10.2f us\n", "log-likelihood + gradient, CDNOW, at the fit",
           1e6 * bench_median(s, BENCH_REPEATS));

    size_t big_n = (size_t)CDNOW_N * 100;
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
        clv_pnbd_params pb;
        clv_fit_report rb;
        double t0 = bench_now();
        int st = clv_pnbd_fit(&big, &merge, &pb, &rb);
        printf("%-48s %10.3f s   (status %d)\n", "fit, CDNOW x 100, allocator hooks (merged)",
               bench_now() - t0, st);
        t0 = bench_now();
        st = clv_pnbd_fit(&big, NULL, &pb, &rb);
        printf("%-48s %10.3f s   (status %d, %u evaluations)\n",
               "fit, CDNOW x 100 (235,700 rows), no hooks", bench_now() - t0, st, rb.evaluations);
    }

    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        clv_pnbd_p_alive_array(&p, &big, out);
        s[k] = (bench_now() - t0) / (double)big_n;
    }
    bench_report("P(alive), array", bench_median(s, BENCH_REPEATS), "customer");
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        clv_pnbd_expected_purchases_array(&p, &big, 39.0, out);
        s[k] = (bench_now() - t0) / (double)big_n;
    }
    bench_report("conditional expected purchases (t = 39), array",
                 bench_median(s, BENCH_REPEATS), "customer");

    double delta = 0.0026877;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        double acc = 0.0;
        for (int i = 0; i < 20000; i++) {
            double d;
            clv_pnbd_dert(&p, cd_x[i % CDNOW_N], cd_tx[i % CDNOW_N], cd_T[i % CDNOW_N], delta, &d);
            acc += d;
        }
        bench_sink = acc;
        s[k] = (bench_now() - t0) / 20000.0;
    }
    bench_report("DERT (15% a year)", bench_median(s, BENCH_REPEATS), "customer");

    /* One customer at the till: P(alive), expected purchases, DERT. */
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        double acc = 0.0;
        for (int i = 0; i < 100000; i++) {
            double pa, e, d;
            double x = (double)(i & 7);
            double tx = (x > 0.0) ? 20.0 + (double)(i & 15) : 0.0;
            clv_pnbd_p_alive(&p, x, tx, 38.86, &pa);
            clv_pnbd_expected_purchases(&p, x, tx, 38.86, 13.0, &e);
            clv_pnbd_dert(&p, x, tx, 38.86, delta, &d);
            acc += pa + e + d;
        }
        bench_sink = acc;
        s[k] = (bench_now() - t0) / 100000.0;
    }
    bench_report("one customer at the till (3 quantities)", bench_median(s, BENCH_REPEATS),
                 "customer");

    /* The customer value over 12 months with Gamma-Gamma spend. */
    clv_purchase_model pm = {CLV_MODEL_PNBD, 0, {p.r, p.alpha, p.s, p.beta}};
    clv_gg_params gg = {6.25, 3.74, 15.44};
    clv_value_options vo;
    clv_value_options_init(&vo);
    vo.period = 52.0 / 12.0;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        double acc = 0.0;
        for (int i = 0; i < 20000; i++) {
            double val;
            clv_customer_value(&pm, &gg, &vo, cd_x[i % CDNOW_N], cd_tx[i % CDNOW_N],
                               cd_T[i % CDNOW_N], 30.0, &val);
            acc += val;
        }
        bench_sink = acc;
        s[k] = (bench_now() - t0) / 20000.0;
    }
    bench_report("customer value, 12 months, Gamma-Gamma", bench_median(s, BENCH_REPEATS),
                 "customer");
    free(bx);
    free(btx);
    free(bT);
    free(out);
    return 0;
}
