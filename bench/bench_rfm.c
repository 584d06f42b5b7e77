/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the RFM data layer (clv.h, group clv_rfm) on transaction logs of 1,000,000 rows
 * (or the count given as the first argument), in the shapes that used to hide worst cases
 * (issue 21): one customer whose rows all tie (same time) read as given, through the
 * permutation of clv_rfm_order() and through the reversed identity (a log stored newest
 * first); 100,000 customers over 3,650 days stored sorted, stored newest first and read
 * backwards, and shuffled (clv_rfm_order() then the summary); clv_rfm_order() on sorted,
 * reversed, organ-pipe and random keys; clv_rfm_check() on the summary table.
 *
 * Each figure is the median of BENCH_REPEATS runs, in milliseconds per call, except that a
 * call taking over 2 s is timed once. Nothing is asserted (tests/test_timebomb_rfm.c holds
 * the time limits).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "clv.h"

#define CUSTOMERS 100000
#define DAYS 3650

static uint64_t lcg(uint64_t *s) {
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 11;
}

typedef struct bench_log {
    size_t n;
    uint64_t *customer;
    double *time;
    double *amount;
    size_t *order;
} bench_log;

typedef struct bench_out {
    clv_rfm_table table;
    size_t n_customers;
    int status;
} bench_out;

/* Median milliseconds of one call of `body`; a call over 2 s is timed once. */
#define TIME_MS(label, extra, body)                                                                \
    do {                                                                                           \
        double s_[BENCH_REPEATS];                                                                  \
        int k_ = 0;                                                                                \
        for (; k_ < BENCH_REPEATS; k_++) {                                                         \
            double t0_ = bench_now();                                                              \
            body;                                                                                  \
            s_[k_] = bench_now() - t0_;                                                            \
            if (s_[k_] > 2.0) {                                                                    \
                k_++;                                                                              \
                break;                                                                             \
            }                                                                                      \
        }                                                                                          \
        printf("%-56s %10.3f ms  %s\n", label, 1e3 * bench_median(s_, k_), extra);                 \
        fflush(stdout);                                                                            \
    } while (0)

static void summary(const bench_log *log, const size_t *order, bench_out *out) {
    out->status = clv_rfm_summary(log->customer, log->time, log->amount, log->n, order, NULL,
                                  &out->table, &out->n_customers, NULL);
}

static void sort(const bench_log *log) {
    if (clv_rfm_order(log->customer, log->time, log->n, log->order) != CLV_OK) {
        fprintf(stderr, "bench_rfm: clv_rfm_order failed\n");
        exit(1);
    }
}

static const char *result(const bench_out *out) {
    static char text[96];
    snprintf(text, sizeof text, "(status %d, %zu customers, x[0] = %.0f)", out->status,
             out->n_customers, out->table.x[0]);
    return text;
}

int main(int argc, char **argv) {
    size_t n = (argc > 1) ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    if (n < 2) {
        fprintf(stderr, "usage: bench_rfm [ROWS >= 2]\n");
        return 2;
    }
    bench_log log = {n, malloc(n * sizeof(uint64_t)), malloc(n * sizeof(double)),
                     malloc(n * sizeof(double)), malloc(n * sizeof(size_t))};
    size_t *reversed = malloc(n * sizeof(size_t));
    bench_out out;
    out.table = (clv_rfm_table){n,
                                malloc(n * sizeof(uint64_t)),
                                malloc(n * sizeof(double)),
                                malloc(n * sizeof(double)),
                                malloc(n * sizeof(double)),
                                malloc(n * sizeof(double)),
                                NULL,
                                NULL};
    if (!log.customer || !log.time || !log.amount || !log.order || !reversed ||
        !out.table.customer || !out.table.x || !out.table.t_x || !out.table.T ||
        !out.table.monetary) {
        fprintf(stderr, "bench_rfm: out of memory\n");
        return 1;
    }
    printf("libclv %s RFM summaries of %zu transactions, median of %d runs\n", clv_version_string(),
           n, BENCH_REPEATS);
    for (size_t i = 0; i < n; i++) {
        reversed[i] = n - 1 - i;
    }

    /* One customer, every row at the same time. */
    uint64_t seed = 42;
    for (size_t i = 0; i < n; i++) {
        log.customer[i] = 7;
        log.time[i] = 100.0;
        log.amount[i] = (double)(lcg(&seed) % 10000) / 100.0;
    }
    TIME_MS("one customer, all tied: summary as given", result(&out), summary(&log, NULL, &out));
    TIME_MS("one customer, all tied: clv_rfm_order", "", sort(&log));
    TIME_MS("one customer, all tied: summary through the order", result(&out),
            summary(&log, log.order, &out));
    TIME_MS("one customer, all tied: summary, reversed order", result(&out),
            summary(&log, reversed, &out));

    /* 100,000 customers over ten years of days, sorted by (customer, day). */
    for (size_t i = 0; i < n; i++) {
        log.customer[i] = lcg(&seed) % CUSTOMERS;
        log.time[i] = (double)(lcg(&seed) % DAYS);
    }
    TIME_MS("random keys: clv_rfm_order", "", sort(&log));
    TIME_MS("random keys: summary through the order", result(&out), summary(&log, log.order, &out));
    {
        /* Store the log sorted, and a copy newest first (read through the reversed identity). */
        uint64_t *c = malloc(n * sizeof *c);
        double *t = malloc(n * sizeof *t);
        double *a = malloc(n * sizeof *a);
        size_t *o = malloc(n * sizeof *o);
        if (!c || !t || !a || !o) {
            fprintf(stderr, "bench_rfm: out of memory\n");
            return 1;
        }
        for (size_t p = 0; p < n; p++) {
            c[p] = log.customer[log.order[p]];
            t[p] = log.time[log.order[p]];
            a[p] = log.amount[log.order[p]];
        }
        bench_log sorted = {n, c, t, a, o};
        TIME_MS("sorted log: summary as given", result(&out), summary(&sorted, NULL, &out));
        TIME_MS("sorted keys: clv_rfm_order", "", sort(&sorted));
        for (size_t p = 0; p < n; p++) {
            c[n - 1 - p] = log.customer[log.order[p]];
            t[n - 1 - p] = log.time[log.order[p]];
            a[n - 1 - p] = log.amount[log.order[p]];
        }
        TIME_MS("newest-first log: summary, reversed order", result(&out),
                summary(&sorted, reversed, &out));
        TIME_MS("reversed keys: clv_rfm_order", "", sort(&sorted));
        /* Organ pipe: keys rise over the first half, fall over the second. */
        for (size_t p = 0; p < n; p++) {
            size_t k = (p < n / 2) ? p : n - 1 - p;
            c[p] = (uint64_t)(k / 16);
            t[p] = (double)(k % 16);
        }
        TIME_MS("organ-pipe keys: clv_rfm_order", "", sort(&sorted));
        free(o);
        free(a);
        free(t);
        free(c);
    }

    /* clv_rfm_check() on the summary of the random log. */
    sort(&log);
    summary(&log, log.order, &out);
    clv_rfm_view view = {out.n_customers, out.table.x, out.table.t_x, out.table.T, NULL, NULL};
    int check_status = 0;
    char extra[64];
    TIME_MS("clv_rfm_check of the summary table", "", check_status = clv_rfm_check(&view, 0, NULL));
    snprintf(extra, sizeof extra, "(status %d, %zu rows)", check_status, out.n_customers);
    printf("%-56s %13s  %s\n", "", "", extra);

    free(out.table.monetary);
    free(out.table.T);
    free(out.table.t_x);
    free(out.table.x);
    free(out.table.customer);
    free(reversed);
    free(log.order);
    free(log.amount);
    free(log.time);
    free(log.customer);
    return 0;
}
