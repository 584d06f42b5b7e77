/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Shared timing for the benchmark programs: each figure is the median of several repeats of
 * a timed loop, in nanoseconds per call (or per element). Benchmarks print; they assert
 * nothing, and no test depends on a time.
 */
#ifndef CLV_BENCH_COMMON_H
#define CLV_BENCH_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BENCH_REPEATS 7

static inline double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int bench_compare(const void *a, const void *b) {
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline double bench_median(double *samples, int n) {
    qsort(samples, (size_t)n, sizeof samples[0], bench_compare);
    return samples[n / 2];
}

/* Keeps a computed value alive so the compiler cannot drop the loop. */
static volatile double bench_sink;

static inline void bench_report(const char *what, double seconds_per_item, const char *unit) {
    printf("%-48s %10.2f ns/%s  %12.3g %s/s\n", what, 1e9 * seconds_per_item, unit,
           1.0 / seconds_per_item, unit);
}

#endif /* CLV_BENCH_COMMON_H */
