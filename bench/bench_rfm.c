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
 * Then (issue 20) a log of ROWS transactions over CUSTOMERS customers (second argument,
 * default ROWS / 10) in whole days, stored three ways -- shuffled, grouped by ascending
 * customer with each customer's days in random order, and sorted -- each ordered by
 * clv_rfm_order() (index introsort) and clv_rfm_order_workspace() (record sort), and
 * summarised through the permutation or after gathering the log into sorted arrays (one
 * pass) and reading it as given. `bench_rfm ROWS CUSTOMERS LAYOUT METHOD` (LAYOUT shuffled,
 * grouped, sorted or seconds -- shuffled with unix-second times; METHOD index, records or
 * records+gather) runs one of them once and prints its time and the process's peak RSS,
 * which is that method's memory: 10,000,000 rows and 1,000,000 customers is the issue's
 * figure.
 *
 * Each figure is the median of BENCH_REPEATS runs, in milliseconds per call, except that a
 * call taking over 2 s is timed once. Nothing is asserted (tests/test_timebomb_rfm.c holds
 * the time limits).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- issue 20: shuffled, grouped and sorted logs -------------------------------------------- */

/* A log of n rows over `customers` customers, every customer with at least one row, stored
 * as `layout` says; unix-second times for "seconds", else whole days over two years. Built in
 * place (4 bytes a customer besides the log), so the peak RSS of a one-method run is the
 * method's: customer by customer, each with 1 + its share of n - customers random draws,
 * days in random order (grouped); then each customer's days sorted (sorted), or the rows
 * shuffled (shuffled, seconds). */
static void make_layout_log(bench_log *log, size_t customers, const char *layout) {
    size_t n = log->n;
    uint64_t seed = 20;
    int seconds = strcmp(layout, "seconds") == 0;
    uint32_t *count = malloc(customers * sizeof *count);
    if (count == NULL) {
        fprintf(stderr, "bench_rfm: out of memory\n");
        exit(1);
    }
    for (size_t k = 0; k < customers; k++) {
        count[k] = 1;
    }
    for (size_t i = customers; i < n; i++) {
        count[lcg(&seed) % customers]++;
    }
    size_t p = 0;
    for (size_t k = 0; k < customers; k++) {
        size_t a = p;
        for (uint32_t j = 0; j < count[k]; j++, p++) {
            log->customer[p] = k;
            log->time[p] = seconds ? 1.6e9 + (double)(lcg(&seed) % 63072000u)
                                   : (double)(lcg(&seed) % 730u);
            log->amount[p] = (double)(lcg(&seed) % 10000) / 100.0;
        }
        if (strcmp(layout, "sorted") == 0) { /* insertion: a few rows each */
            for (size_t i = a + 1; i < p; i++) {
                for (size_t j = i; j > a && log->time[j - 1] > log->time[j]; j--) {
                    double tt = log->time[j], aa = log->amount[j];
                    log->time[j] = log->time[j - 1];
                    log->amount[j] = log->amount[j - 1];
                    log->time[j - 1] = tt;
                    log->amount[j - 1] = aa;
                }
            }
        }
    }
    free(count);
    if (strcmp(layout, "shuffled") == 0 || seconds) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)(lcg(&seed) % i);
            uint64_t c = log->customer[i - 1];
            double t = log->time[i - 1], a = log->amount[i - 1];
            log->customer[i - 1] = log->customer[j];
            log->time[i - 1] = log->time[j];
            log->amount[i - 1] = log->amount[j];
            log->customer[j] = c;
            log->time[j] = t;
            log->amount[j] = a;
        }
    }
}

/* The record sort with the workspace it asks for (allocated here, by the caller's rules). */
static void sort_records(const bench_log *log) {
    size_t bytes = 0;
    if (clv_rfm_order_workspace_size(log->customer, log->time, log->n, &bytes) != CLV_OK) {
        fprintf(stderr, "bench_rfm: clv_rfm_order_workspace_size failed\n");
        exit(1);
    }
    void *ws = (bytes > 0) ? malloc(bytes) : NULL;
    if (bytes > 0 && ws == NULL) {
        fprintf(stderr, "bench_rfm: out of memory\n");
        exit(1);
    }
    if (clv_rfm_order_workspace(log->customer, log->time, log->n, log->order, ws, bytes, NULL,
                                NULL) != CLV_OK) {
        fprintf(stderr, "bench_rfm: clv_rfm_order_workspace failed\n");
        exit(1);
    }
    free(ws);
}

/* Gather the log through the permutation into sorted arrays (one pass), then summarise them
 * as given: sequential reads, at the price of a copy of the log. */
static void summary_gathered(const bench_log *log, bench_out *out) {
    size_t n = log->n;
    uint64_t *c = malloc(n * sizeof *c);
    double *t = malloc(n * sizeof *t);
    double *a = malloc(n * sizeof *a);
    if (!c || !t || !a) {
        fprintf(stderr, "bench_rfm: out of memory\n");
        exit(1);
    }
    for (size_t p = 0; p < n; p++) {
        size_t i = log->order[p];
        c[p] = log->customer[i];
        t[p] = log->time[i];
        a[p] = log->amount[i];
    }
    out->status = clv_rfm_summary(c, t, a, n, NULL, NULL, &out->table, &out->n_customers, NULL);
    free(a);
    free(t);
    free(c);
}

/* One layout and method, once: time of the order and of the summary, and peak RSS. */
static int run_one(bench_log *log, bench_out *out, size_t customers, const char *layout,
                   const char *method) {
    make_layout_log(log, customers, layout);
    double rss0 = bench_peak_rss_mb();
    double c0 = (double)clock() / CLOCKS_PER_SEC; /* CPU time: a loaded machine stretches wall */
    double t0 = bench_now();
    if (strcmp(method, "index") == 0) {
        sort(log);
    } else if (strcmp(method, "records") == 0 || strcmp(method, "records+gather") == 0) {
        sort_records(log);
    } else {
        fprintf(stderr, "bench_rfm: unknown method %s\n", method);
        return 2;
    }
    double t1 = bench_now();
    double c1 = (double)clock() / CLOCKS_PER_SEC;
    if (strcmp(method, "records+gather") == 0) {
        summary_gathered(log, out);
    } else {
        summary(log, log->order, out);
    }
    double t2 = bench_now();
    double c2 = (double)clock() / CLOCKS_PER_SEC;
    printf("%s log, %s: order %.3f s, summary %.3f s, total %.3f s wall; CPU %.3f + %.3f = "
           "%.3f s %s\n",
           layout, method, t1 - t0, t2 - t1, t2 - t0, c1 - c0, c2 - c1, c2 - c0, result(out));
    printf("peak RSS %.1f MB before ordering (the log, order and table), %.1f MB after\n", rss0,
           bench_peak_rss_mb());
    return 0;
}

static void layouts_table(bench_log *log, bench_out *out, size_t customers) {
    static const char *layouts[] = {"shuffled", "grouped", "sorted", "seconds"};
    char label[96];
    for (size_t k = 0; k < sizeof layouts / sizeof layouts[0]; k++) {
        make_layout_log(log, customers, layouts[k]);
        snprintf(label, sizeof label, "%s: clv_rfm_order", layouts[k]);
        TIME_MS(label, "", sort(log));
        snprintf(label, sizeof label, "%s: clv_rfm_order_workspace", layouts[k]);
        TIME_MS(label, "", sort_records(log));
        snprintf(label, sizeof label, "%s: summary through the order", layouts[k]);
        TIME_MS(label, result(out), summary(log, log->order, out));
        snprintf(label, sizeof label, "%s: gather, then summary as given", layouts[k]);
        TIME_MS(label, result(out), summary_gathered(log, out));
    }
}

int main(int argc, char **argv) {
    size_t n = (argc > 1) ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    size_t customers = (argc > 2) ? (size_t)strtoull(argv[2], NULL, 10) : n / 10;
    if (n < 2 || customers < 1 || customers > n || argc == 4 || argc > 5) {
        fprintf(stderr, "usage: bench_rfm [ROWS >= 2 [CUSTOMERS [LAYOUT METHOD]]]\n");
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
    if (argc == 5) {
        printf("libclv %s RFM summary of %zu transactions, %zu customers\n",
               clv_version_string(), n, customers);
        return run_one(&log, &out, customers, argv[3], argv[4]);
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

    printf("%zu transactions of %zu customers in whole days (seconds: unix seconds), stored:\n",
           n, customers);
    layouts_table(&log, &out, customers);

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
