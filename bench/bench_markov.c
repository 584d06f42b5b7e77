/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the Markov migration model (churn.h, group clv_markov): the value of every
 * starting state of a dense 50-state chain, with no horizon (one Gaussian elimination,
 * O(n^3)) and over 120 periods (120 matrix-vector products, O(T n^2)). Median of
 * BENCH_REPEATS timed loops; the figures are printed, nothing is asserted.
 */
#include <math.h>

#include "bench_common.h"
#include "churn.h"

#define N 50
#define CALLS 2000

/* A dense chain with every row summing to exactly 1 (weights k/1024). */
static void make_chain(double *P, double *R) {
    for (int i = 0; i < N; i++) {
        int w[N];
        int s = 0;
        for (int j = 0; j < N; j++) {
            w[j] = 1 + (i * 7 + j * 13) % 17;
            s += w[j];
        }
        int scaled = 0;
        for (int j = 0; j < N; j++) {
            w[j] = w[j] * 1024 / s;
            scaled += w[j];
        }
        w[i] += 1024 - scaled;
        for (int j = 0; j < N; j++) {
            P[i * N + j] = w[j] / 1024.0;
        }
        R[i] = (double)(i % 7) - 2.0;
    }
}

static double P[N * N];
static double R[N];
static double work[CLV_MARKOV_WORKSPACE_SIZE(N)];

static double time_value(double horizon, double *v) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        double d = 0.01 + 1e-6 * (double)(i & 15);
        if (clv_markov_value(P, R, N, d, horizon, work, sizeof work / sizeof work[0], v) ==
            CLV_OK) {
            acc += v[0];
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

int main(void) {
    double v[N];
    double samples[BENCH_REPEATS];
    make_chain(P, R);
    for (int r = 0; r < BENCH_REPEATS; r++) {
        samples[r] = time_value(INFINITY, v);
    }
    bench_report("clv_markov_value, 50 states, no horizon", bench_median(samples, BENCH_REPEATS),
                 "call");
    for (int r = 0; r < BENCH_REPEATS; r++) {
        samples[r] = time_value(120.0, v);
    }
    bench_report("clv_markov_value, 50 states, 120 periods", bench_median(samples, BENCH_REPEATS),
                 "call");
    if (clv_markov_value(P, R, N, 0.01, INFINITY, work, sizeof work / sizeof work[0], v) ==
        CLV_OK) {
        printf("value of state 0 at d = 0.01: %.6f (no horizon)", v[0]);
    }
    if (clv_markov_value(P, R, N, 0.01, 120.0, work, sizeof work / sizeof work[0], v) == CLV_OK) {
        printf(", %.6f (120 periods)\n", v[0]);
    }
    return 0;
}
