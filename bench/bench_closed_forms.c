/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the closed forms: one call of each scalar function (what a till or a SQL
 * row pays), and NPS over a million raw answers (an array entry point).
 */
#include <math.h>

#include "bench_common.h"
#include "churn.h"
#include "clv.h"
#include "referral.h"

#define CALLS 2000000

static double time_retention_value(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        double v;
        double r = 0.5 + 0.4 * (double)(i & 1023) / 1024.0;
        if (clv_retention_value(30.0, r, 0.1, 60.0, CLV_MARGIN_END, &v) == CLV_OK) {
            acc += v;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_payback(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        double n;
        double cac = 10.0 + (double)(i & 1023);
        if (clv_payback_periods(cac, 100.0, 0.9, 0.01, CLV_MARGIN_END, &n) == CLV_OK) {
            acc += n;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_churn_convert(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        double c;
        if (clv_churn_convert(0.001 + 1e-5 * (double)(i & 1023), 1.0, 12.0, &c) == CLV_OK) {
            acc += c;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_nps_interval(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        clv_nps nps;
        double lo;
        double hi;
        if (clv_nps_from_counts(400.0 + (double)(i & 255), 300.0, 150.0, &nps) == CLV_OK &&
            clv_nps_interval(&nps, 0.95, &lo, &hi) == CLV_OK) {
            acc += hi - lo;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_nps_scores(const double *scores, size_t n) {
    double t0 = bench_now();
    clv_nps nps;
    if (clv_nps_from_scores(scores, n, &nps) == CLV_OK) {
        bench_sink = nps.nps;
    }
    return (bench_now() - t0) / (double)n;
}

int main(void) {
    enum { N_SCORES = 1000000 };
    double *scores = malloc(N_SCORES * sizeof *scores);
    double s[BENCH_REPEATS];
    if (scores == NULL) {
        return 1;
    }
    for (size_t i = 0; i < N_SCORES; i++) {
        scores[i] = (double)((i * 7u + 3u) % 11u);
    }
    printf("libclv %s closed forms, median of %d runs\n", clv_version_string(), BENCH_REPEATS);
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = time_retention_value();
    }
    bench_report("clv_retention_value (60 periods)", bench_median(s, BENCH_REPEATS), "call");
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = time_payback();
    }
    bench_report("clv_payback_periods", bench_median(s, BENCH_REPEATS), "call");
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = time_churn_convert();
    }
    bench_report("clv_churn_convert", bench_median(s, BENCH_REPEATS), "call");
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = time_nps_interval();
    }
    bench_report("clv_nps_from_counts + clv_nps_interval", bench_median(s, BENCH_REPEATS), "call");
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = time_nps_scores(scores, N_SCORES);
    }
    bench_report("clv_nps_from_scores (1e6 answers)", bench_median(s, BENCH_REPEATS), "answer");
    free(scores);
    return 0;
}
