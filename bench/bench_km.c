/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the Kaplan-Meier estimate (churn.h, group clv_km) on 1,000,000 customers:
 * durations in days, 0..3650 with two decimals (many ties, about 365,000 distinct values),
 * about 60% churned. Timed: the estimate from input sorted by duration (read in place) and
 * from the same rows shuffled (radix sort in the caller's workspace), then the median, the
 * restricted mean and 1,000 S(t) look-ups on the table. Target: under 200 ms per estimate.
 * Each figure is the median of BENCH_REPEATS runs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "churn.h"

#define N 1000000

static uint64_t lcg(uint64_t *s) {
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

int main(void) {
    double *sorted_t = malloc(N * sizeof *sorted_t);
    double *shuffled_t = malloc(N * sizeof *shuffled_t);
    int32_t *sorted_e = malloc(N * sizeof *sorted_e);
    int32_t *shuffled_e = malloc(N * sizeof *shuffled_e);
    size_t cap = N;
    clv_km_row *rows = malloc(cap * sizeof *rows);
    size_t ws_bytes;
    if (clv_km_workspace_size(N, &ws_bytes) != CLV_OK) {
        return 1;
    }
    void *ws = malloc(ws_bytes);
    if (!sorted_t || !shuffled_t || !sorted_e || !shuffled_e || !rows || !ws) {
        fprintf(stderr, "bench_km: out of memory\n");
        return 1;
    }
    uint64_t seed = 42;
    for (size_t i = 0; i < N; i++) {
        sorted_t[i] = (double)(lcg(&seed) % 365001) / 100.0;
    }
    qsort(sorted_t, N, sizeof *sorted_t, bench_compare);
    for (size_t i = 0; i < N; i++) {
        sorted_e[i] = (lcg(&seed) % 10) < 6;
        shuffled_t[i] = sorted_t[i];
        shuffled_e[i] = sorted_e[i];
    }
    for (size_t i = N; i > 1; i--) { /* Fisher-Yates */
        size_t j = (size_t)(lcg(&seed) % i);
        double t = shuffled_t[i - 1];
        int32_t e = shuffled_e[i - 1];
        shuffled_t[i - 1] = shuffled_t[j];
        shuffled_e[i - 1] = shuffled_e[j];
        shuffled_t[j] = t;
        shuffled_e[j] = e;
    }
    clv_km_data sorted = {N, sorted_t, sorted_e, NULL};
    clv_km_data shuffled = {N, shuffled_t, shuffled_e, NULL};
    printf("libclv %s Kaplan-Meier on %d customers, median of %d runs (workspace %.1f MB)\n",
           clv_version_string(), N, BENCH_REPEATS, ws_bytes / 1e6);

    double s[BENCH_REPEATS];
    size_t n_rows = 0;
    clv_km_summary sum;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        if (clv_km_estimate(&sorted, 0.95, NULL, 0, rows, cap, &n_rows, &sum, NULL) != CLV_OK) {
            fprintf(stderr, "estimate failed\n");
            return 1;
        }
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.3f ms  (%zu event times)\n", "estimate, sorted input",
           1e3 * bench_median(s, BENCH_REPEATS), n_rows);
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        if (clv_km_estimate(&shuffled, 0.95, ws, ws_bytes, rows, cap, &n_rows, &sum, NULL) !=
            CLV_OK) {
            fprintf(stderr, "estimate failed\n");
            return 1;
        }
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.3f ms\n", "estimate, shuffled input + workspace",
           1e3 * bench_median(s, BENCH_REPEATS));

    double med, lo, hi, mu, se, surv = 0.0;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        clv_km_median(rows, n_rows, &med, &lo, &hi);
        clv_km_rmst(rows, n_rows, 3000.0, &mu, &se);
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.3f ms  (median %.2f [%.2f, %.2f], RMST(3000) %.2f +/- %.2f)\n",
           "median + restricted mean (table check included)", 1e3 * bench_median(s, BENCH_REPEATS),
           med, lo, hi, mu, se);
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        for (int i = 0; i < 10; i++) {
            clv_km_survival_at(rows, n_rows, 365.0 * i, &surv, NULL, NULL, NULL);
        }
        bench_sink = surv;
        s[k] = (bench_now() - t0) / 10.0;
    }
    printf("%-48s %10.3f ms\n", "S(t) look-up (table check included), per call",
           1e3 * bench_median(s, BENCH_REPEATS));
    free(ws);
    free(rows);
    free(shuffled_e);
    free(shuffled_t);
    free(sorted_e);
    free(sorted_t);
    return 0;
}
