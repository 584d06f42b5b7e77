/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of Pareto/NBD on CDNOW (the Pareto/NBD rows of issue 3's speed table): the fit,
 * with and without merging identical rows, the fit on CDNOW replicated 100 times (235,700
 * rows, no weights), P(alive) and conditional expected purchases per customer, one customer
 * at the till, DERT and the customer value.
 *
 * Then issue 20's table: the same 2,357,000 rows (CDNOW replicated 1,000 times) in three
 * layouts -- as replicated (runs of equal rows), shuffled (a fixed random permutation) and with
 * T jittered by U(0, 0.01) (no two T repeat) -- for P(alive) and E[X(39) | history] arrays,
 * the log-likelihood with gradient per row, and the fit (no hooks, so no rows merged; also on
 * the first 235,700 rows); and the peak RSS (getrusage).
 *
 *   bench_pnbd [path to cdnow_customers_summary_with_transactions.csv] [--no-layouts]
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench_common.h"
#include "clv.h"

#define CDNOW_N BENCH_CDNOW_N

static double cd_x[CDNOW_N], cd_tx[CDNOW_N], cd_T[CDNOW_N];

/* ---- issue 20: three layouts of the same 2,357,000 rows --------------------------------- */

#define LAYOUT_REPLICAS 1000
#define LAYOUT_REPEATS 3

/* splitmix64: a fixed stream, so every run shuffles and jitters alike. */
static uint64_t bench_rng = 0x2357u;
static double uniform01(void) {
    uint64_t z = (bench_rng += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}

/* Process CPU time: this machine is shared, and the table's figures should not count the
 * time other programs hold the cores (single-threaded: equal to wall time on an idle one). */
static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double peak_rss_mb(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static int layouts_table(const clv_pnbd_params *p) {
    size_t n = (size_t)CDNOW_N * LAYOUT_REPLICAS;
    double *x = malloc(3 * n * sizeof *x), *tx = malloc(3 * n * sizeof *tx);
    double *T = malloc(3 * n * sizeof *T), *out = malloc(n * sizeof *out);
    if (x == NULL || tx == NULL || T == NULL || out == NULL) {
        return 1;
    }
    for (size_t i = 0; i < n; i++) { /* layout 0: replicated */
        x[i] = cd_x[i % CDNOW_N];
        tx[i] = cd_tx[i % CDNOW_N];
        T[i] = cd_T[i % CDNOW_N];
    }
    memcpy(x + n, x, n * sizeof *x); /* layout 1: shuffled (Fisher-Yates) */
    memcpy(tx + n, tx, n * sizeof *tx);
    memcpy(T + n, T, n * sizeof *T);
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)(uniform01() * (double)(i + 1));
        double a = x[n + i], b = tx[n + i], c = T[n + i];
        x[n + i] = x[n + j];
        tx[n + i] = tx[n + j];
        T[n + i] = T[n + j];
        x[n + j] = a;
        tx[n + j] = b;
        T[n + j] = c;
    }
    for (size_t i = 0; i < n; i++) { /* layout 2: replicated, T + U(0, 0.01) */
        x[2 * n + i] = x[i];
        tx[2 * n + i] = tx[i];
        T[2 * n + i] = T[i] + 0.01 * uniform01();
    }
    static const char *const names[3] = {"replicated", "shuffled", "T jittered"};
    printf("\nPareto/NBD, %zu rows (CDNOW x %d) in three layouts, median of %d runs (process "
           "CPU time)\n",
           n, LAYOUT_REPLICAS, LAYOUT_REPEATS);
    printf("%-12s %14s %14s %14s %10s %10s\n", "layout", "P(alive) /s", "E[X(39)|h] /s",
           "LL+grad ns/row", "fit 235,700", "fit all");
    for (int l = 0; l < 3; l++) {
        clv_rfm_view v = {n, x + l * n, tx + l * n, T + l * n, NULL, NULL};
        double s[LAYOUT_REPEATS], pa_rate, e_rate, ll_ns;
        for (int k = 0; k < LAYOUT_REPEATS; k++) {
            double t0 = cpu_now();
            clv_pnbd_p_alive_array(p, &v, out);
            s[k] = cpu_now() - t0;
        }
        pa_rate = (double)n / bench_median(s, LAYOUT_REPEATS);
        for (int k = 0; k < LAYOUT_REPEATS; k++) {
            double t0 = cpu_now();
            clv_pnbd_expected_purchases_array(p, &v, 39.0, out);
            s[k] = cpu_now() - t0;
        }
        e_rate = (double)n / bench_median(s, LAYOUT_REPEATS);
        for (int k = 0; k < LAYOUT_REPEATS; k++) {
            double ll, g[4];
            double t0 = cpu_now();
            clv_pnbd_loglik(p, &v, &ll, g);
            bench_sink = ll;
            s[k] = cpu_now() - t0;
        }
        ll_ns = 1e9 * bench_median(s, LAYOUT_REPEATS) / (double)n;
        clv_pnbd_params q;
        clv_fit_report r;
        clv_rfm_view tenth = v;
        tenth.count = n / 10;
        double t0 = cpu_now();
        int st1 = clv_pnbd_fit(&tenth, NULL, &q, &r);
        double fit1 = cpu_now() - t0;
        t0 = cpu_now();
        int st2 = clv_pnbd_fit(&v, NULL, &q, &r);
        double fit2 = cpu_now() - t0;
        printf("%-12s %14.3g %14.3g %14.1f %8.3f s %8.3f s  (status %d %d, %u evaluations; "
               "r %.6g alpha %.6g s %.6g beta %.6g)\n",
               names[l], pa_rate, e_rate, ll_ns, fit1, fit2, st1, st2, r.evaluations, q.r,
               q.alpha, q.s, q.beta);
        fflush(stdout);
    }
    printf("peak RSS %.1f MB\n", peak_rss_mb());
    free(x);
    free(tx);
    free(T);
    free(out);
    return 0;
}

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
    if (argc > 2 && strcmp(argv[2], "--no-layouts") == 0) {
        return 0;
    }
    return layouts_table(&p);
}
