/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the special functions (lib/math/special.c) on the arguments the models pass:
 * ns per call, each figure the median of BENCH_REPEATS timed loops. Arguments vary a little
 * inside each loop so that nothing is hoisted out of it.
 */
#include <math.h>

#include "bench_common.h"
#include "math/special.h"

#define CALLS 200000

/* Small variation of an argument with the loop index: 1 .. 1.001. */
static double jitter(int i) {
    return 1.0 + 1e-6 * (double)(i & 1023);
}

#define BENCH1(label, expr)                                                                        \
    do {                                                                                           \
        double samples[BENCH_REPEATS];                                                             \
        for (int r = 0; r < BENCH_REPEATS; r++) {                                                  \
            double t0 = bench_now();                                                               \
            double acc = 0.0;                                                                      \
            for (int i = 0; i < calls; i++) {                                                      \
                double j = jitter(i);                                                              \
                acc += (expr);                                                                     \
            }                                                                                      \
            bench_sink = acc;                                                                      \
            samples[r] = (bench_now() - t0) / calls;                                               \
        }                                                                                          \
        bench_report(label, bench_median(samples, BENCH_REPEATS), "call");                         \
    } while (0)

int main(void) {
    double g[4];
    int calls = CALLS;
    BENCH1("lgamma(7.3)", clv__lgamma(7.3 * j));
    BENCH1("lgamma(1234.5)", clv__lgamma(1234.5 * j));
    BENCH1("lgamma_ratio(0.243, 7)  [integer x]", clv__lgamma_ratio(0.243 * j, 7.0));
    BENCH1("lgamma_ratio(0.243, 7.5)", clv__lgamma_ratio(0.243 * j, 7.5));
    BENCH1("lgamma_ratio(1000, 0.37)", clv__lgamma_ratio(1000.0 * j, 0.37));
    BENCH1("lbeta(0.793, 2.426)", clv__lbeta(0.793 * j, 2.426));
    BENCH1("lbeta(150.5, 3000)", clv__lbeta(150.5 * j, 3000.0));
    BENCH1("digamma(0.55)", clv__digamma(0.55 * j));
    BENCH1("digamma(55.5)", clv__digamma(55.5 * j));
    BENCH1("digamma_diff(0.55, 12.5)", clv__digamma_diff(0.55 * j, 12.5));
    BENCH1("digamma_diff(550, 3.5)", clv__digamma_diff(550.0 * j, 3.5));
    BENCH1("trigamma(0.55)", clv__trigamma(0.55 * j));
    BENCH1("trigamma(55.5)", clv__trigamma(55.5 * j));
    /* BG/NBD CDNOW fit (r, alpha, a, b) = (0.243, 4.414, 0.793, 2.426), x = 7 and 1e5. */
    BENCH1("log_hyp2f1 BG/NBD x=7 z=0.5", clv__log_hyp2f1(7.243, 9.426, 9.219, 0.5 * j));
    BENCH1("log_hyp2f1 BG/NBD x=7 z=0.99", clv__log_hyp2f1(7.243, 9.426, 9.219, 0.99 * (2.0 - j)));
    BENCH1("log_hyp2f1 BG/NBD x=1e5 z=0.999",
           clv__log_hyp2f1(1e5 + 0.243, 1e5 + 2.426, 1e5 + 2.219, 0.999 * (2.0 - j)));
    /* Pareto/NBD (r, s) = (0.55, 10.58). */
    BENCH1("log_hyp2f1 Pareto x=2 z=0.3", clv__log_hyp2f1(13.13, 11.58, 14.13, 0.3 * j));
    BENCH1("log_hyp2f1 Pareto x=2 z=0.999",
           clv__log_hyp2f1(13.13, 11.58, 14.13, 0.999 * (2.0 - j)));
    BENCH1("log_hyp2f1 Pareto s=1 x=1e5 z=0.999",
           clv__log_hyp2f1(1e5 + 1.55, 2.0, 1e5 + 2.55, 0.999 * (2.0 - j)));
    /* sBG DERL (alpha, beta) = (0.704, 1.182), n = 5, d = 0.1 and 1e-3. */
    BENCH1("log_hyp2f1 sBG d=0.1", clv__log_hyp2f1(1.0, 6.182, 6.886, j / 1.1));
    BENCH1("log_hyp2f1 sBG d=1e-3", clv__log_hyp2f1(1.0, 6.182, 6.886, (2.0 - j) / 1.001));
    BENCH1("log_hyp2f1_grad Pareto x=2 z=0.3",
           clv__log_hyp2f1_grad(13.13, 11.58, 14.13, 0.3 * j, g));
    BENCH1("log_hyp2f1_grad Pareto x=2 z=0.999",
           clv__log_hyp2f1_grad(13.13, 11.58, 14.13, 0.999 * (2.0 - j), g));
    calls = CALLS / 10;
    BENCH1("log_hyp2f1 generic c-a-b=1, z=1-1e-6", clv__log_hyp2f1(2.0, 3.0, 6.0, 1.0 - 1e-6 * j));
    calls = CALLS;
    BENCH1("log_upper_gamma(-9.58, 0.5)  [DERT, s = 1 - s]", clv__log_upper_gamma(-9.58 * j, 0.5));
    BENCH1("log_upper_gamma(-9.58, 30)", clv__log_upper_gamma(-9.58 * j, 30.0));
    BENCH1("log_upper_gamma(0.45, 0.2)", clv__log_upper_gamma(0.45 * j, 0.2));
    BENCH1("log_upper_gamma(500, 450)", clv__log_upper_gamma(500.0 * j, 450.0));
    calls = CALLS / 10;
    BENCH1("log_upper_gamma(-999.5, 0.01)", clv__log_upper_gamma(-999.5 * j, 0.01));
    return 0;
}
