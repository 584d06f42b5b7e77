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
#include <sys/resource.h>
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

/* Median seconds per call of `body` repeated `n` times, over BENCH_REPEATS runs. */
#define TIME_CALLS(label, n, body)                                                                 \
    do {                                                                                           \
        double s_[BENCH_REPEATS];                                                                  \
        for (int k_ = 0; k_ < BENCH_REPEATS; k_++) {                                               \
            double t0_ = bench_now();                                                              \
            for (int i = 0; i < (n); i++) {                                                        \
                body;                                                                              \
            }                                                                                      \
            s_[k_] = (bench_now() - t0_) / (n);                                                    \
        }                                                                                          \
        bench_report(label, bench_median(s_, BENCH_REPEATS), "call");                              \
    } while (0)

/* The CDNOW summary (tests/data/cdnow_customers_summary_with_transactions.csv): 2,357 rows
 * of x, t_x, T and, when zbar is not null, mean repeat spend. Returns the rows read (2,357),
 * or -1 with a message. */
#define BENCH_CDNOW_N 2357

static inline int bench_load_cdnow_spend(const char *path, double *x, double *t_x, double *T,
                                         double *zbar) {
    FILE *f = fopen(path, "r");
    char line[256];
    size_t n = 0;
    if (f == NULL || fgets(line, sizeof line, f) == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    while (n < BENCH_CDNOW_N && fgets(line, sizeof line, f) != NULL) {
        int id;
        double z;
        if (sscanf(line, "%d,%lf,%lf,%lf,%lf", &id, &x[n], &t_x[n], &T[n], &z) == 5) {
            if (zbar != NULL) {
                zbar[n] = z;
            }
            n++;
        }
    }
    fclose(f);
    return (n == BENCH_CDNOW_N) ? (int)n : -1;
}

/* x, t_x, T only: returns 0, or -1 with a message. */
static inline int bench_load_cdnow(const char *path, double *x, double *t_x, double *T) {
    return (bench_load_cdnow_spend(path, x, t_x, T, NULL) < 0) ? -1 : 0;
}

/* malloc and free as the fit options' allocator hooks. */
static inline void *bench_alloc(void *ctx, size_t size) {
    (void)ctx;
    return malloc(size);
}

static inline void bench_free(void *ctx, void *ptr) {
    (void)ctx;
    free(ptr);
}

/* Peak resident memory of this process so far, in MB (getrusage: ru_maxrss is in KB on
 * Linux); -1 when unknown. It only grows: a figure for one step needs a process of its own
 * (bench_rfm takes a single layout and method for that). */
static inline double bench_peak_rss_mb(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) {
        return -1.0;
    }
    return (double)ru.ru_maxrss / 1024.0;
}

/* Set by a program that exits without measuring anything (--help, --version, a usage
 * error): no peak-RSS line then. */
static int bench_rss_quiet;

static void bench_print_peak_rss(void) {
    if (bench_rss_quiet) {
        return;
    }
    printf("peak RSS %.1f MB\n", bench_peak_rss_mb());
    fflush(stdout);
}

/* Every benchmark prints its peak RSS as its last line (issue 20): registered before main()
 * runs, so no program has to remember it. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((constructor)) static void bench_register_peak_rss(void) {
    atexit(bench_print_peak_rss);
}
#endif

#endif /* CLV_BENCH_COMMON_H */
