/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of scoring (issue 13's speed rows): the per-row-status forms (clv_*_rows) against
 * the _array forms on CDNOW replicated 100 times and shuffled (235,700 rows in no useful
 * order, as real exports come), clean and with one bad row in a thousand; the BG/NBD
 * expectation on CDNOW's fitted parameters and in the regimes that need the quadrature over
 * the dropout probability (r >> a + b, t >> alpha, every parameter 1e3); BG/NBD DERT; one
 * infinite-horizon customer value at tiny parameters. The conditional P(X(39) = n | history)
 * and DERT rows forms of every model on a tenth of the table.
 *
 * Last, the slowest call over the mpmath grid of tests/oracles/grid_bgnbd.txt (issue 13: none
 * over 10 ms).
 *
 *   bench_scoring [cdnow_customers_summary_with_transactions.csv [grid_bgnbd.txt]]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "clv.h"

#define COPIES 100
#define ROWS (BENCH_CDNOW_N * COPIES)

static double cd_x[BENCH_CDNOW_N], cd_tx[BENCH_CDNOW_N], cd_T[BENCH_CDNOW_N];
static double x[ROWS], tx[ROWS], T[ROWS], out[ROWS];
static int32_t status[ROWS];

/* A fixed-seed shuffle (xorshift64*), the same every run. */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

/* Median seconds per row of one call over the table. */
typedef int (*score_fn)(const void *ctx, const clv_rfm_view *v);

static double per_row(score_fn f, const void *ctx, const clv_rfm_view *v) {
    double s[BENCH_REPEATS];
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        if (f(ctx, v) != CLV_OK) {
            fprintf(stderr, "bench_scoring: a call failed\n");
            exit(1);
        }
        s[k] = (bench_now() - t0) / (double)v->count;
    }
    return bench_median(s, BENCH_REPEATS);
}

static const clv_bgnbd_params bg = {0.243, 4.414, 0.793, 2.426};
static const clv_pnbd_params pn = {0.553, 10.578, 0.606, 11.669};
static const clv_purchase_model bg_model = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
static const clv_purchase_model pn_model = {CLV_MODEL_PNBD, 0, {0.553, 10.578, 0.606, 11.669}};

static int bg_alive_array(const void *c, const clv_rfm_view *v) {
    (void)c;
    return clv_bgnbd_p_alive_array(&bg, v, out);
}
static int bg_expected_array(const void *c, const clv_rfm_view *v) {
    (void)c;
    return clv_bgnbd_expected_purchases_array(&bg, v, 39.0, out);
}
static int pn_alive_array(const void *c, const clv_rfm_view *v) {
    (void)c;
    return clv_pnbd_p_alive_array(&pn, v, out);
}
static int pn_expected_array(const void *c, const clv_rfm_view *v) {
    (void)c;
    return clv_pnbd_expected_purchases_array(&pn, v, 39.0, out);
}
static int alive_rows(const void *c, const clv_rfm_view *v) {
    return clv_p_alive_rows(c, v, out, status);
}
static int expected_rows(const void *c, const clv_rfm_view *v) {
    return clv_expected_purchases_rows(c, v, 39.0, out, status);
}
static int loglik_rows(const void *c, const clv_rfm_view *v) {
    return clv_loglik_rows(c, v, out, status);
}
static int prob0_rows(const void *c, const clv_rfm_view *v) {
    return clv_prob_purchases_rows(c, v, 39.0, 0.0, out, status);
}
static int prob2_rows(const void *c, const clv_rfm_view *v) {
    return clv_prob_purchases_rows(c, v, 39.0, 2.0, out, status);
}
static int dert_rows(const void *c, const clv_rfm_view *v) {
    return clv_dert_rows(c, v, log(1.15) / 52.0, out, status);
}
static const clv_purchase_model mbg_model = {CLV_MODEL_MBGNBD, 0, {0.525, 6.183, 0.891, 1.614}};
static const clv_purchase_model bb_model = {CLV_MODEL_BGBB, 0,
                                            {1.203507, 0.7497667, 0.6567568, 2.783887}};
static double bx[ROWS], btx[ROWS], bT[ROWS];

int main(int argc, char **argv) {
    const char *path =
        (argc > 1) ? argv[1] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    if (bench_load_cdnow(path, cd_x, cd_tx, cd_T) != 0) {
        return 1;
    }
    for (size_t i = 0; i < ROWS; i++) {
        x[i] = cd_x[i % BENCH_CDNOW_N];
        tx[i] = cd_tx[i % BENCH_CDNOW_N];
        T[i] = cd_T[i % BENCH_CDNOW_N];
    }
    for (size_t i = ROWS - 1; i > 0; i--) { /* Fisher-Yates */
        size_t j = (size_t)(next_random() % (i + 1));
        double a = x[i], b = tx[i], c = T[i];
        x[i] = x[j], tx[i] = tx[j], T[i] = T[j];
        x[j] = a, tx[j] = b, T[j] = c;
    }
    clv_rfm_view v = {ROWS, x, tx, T, NULL, NULL};
    printf("CDNOW x%d shuffled (%d rows), per row:\n", COPIES, ROWS);
    bench_report("BG/NBD P(alive) _array", per_row(bg_alive_array, NULL, &v), "row");
    bench_report("BG/NBD P(alive) _rows, statuses", per_row(alive_rows, &bg_model, &v), "row");
    bench_report("BG/NBD E[X(39)] _array", per_row(bg_expected_array, NULL, &v), "row");
    bench_report("BG/NBD E[X(39)] _rows, statuses", per_row(expected_rows, &bg_model, &v),
                 "row");
    bench_report("Pareto/NBD P(alive) _array", per_row(pn_alive_array, NULL, &v), "row");
    bench_report("Pareto/NBD P(alive) _rows, statuses", per_row(alive_rows, &pn_model, &v),
                 "row");
    bench_report("Pareto/NBD E[X(39)] _array", per_row(pn_expected_array, NULL, &v), "row");
    bench_report("Pareto/NBD E[X(39)] _rows, statuses", per_row(expected_rows, &pn_model, &v),
                 "row");
    bench_report("BG/NBD log-likelihood _rows, statuses", per_row(loglik_rows, &bg_model, &v),
                 "row");
    for (size_t i = 500; i < ROWS; i += 1000) {
        tx[i] = T[i] + 1.0; /* one impossible history in a thousand */
    }
    /* The conditional probabilities and DERT: one quadrature or series a row, no vectorised
     * form; the first tenth of the table (23,570 rows). BG/BB on the same customers as
     * opportunities: n = 39 weeks, the last purchase in week ceil(t_x), x at most that. */
    clv_rfm_view tenth = {ROWS / 10, x, tx, T, NULL, NULL};
    for (size_t i = 0; i < ROWS; i++) {
        bT[i] = 39.0;
        btx[i] = fmin(ceil(tx[i]), 39.0);
        bx[i] = fmin(x[i], btx[i]);
    }
    clv_rfm_view bb_tenth = {ROWS / 10, bx, btx, bT, NULL, NULL};
    printf("P(X(39) = n | history) and DERT (15%%/year in weeks) _rows, statuses, per row:\n");
    bench_report("BG/NBD P(X = 0) _rows", per_row(prob0_rows, &bg_model, &tenth), "row");
    bench_report("BG/NBD P(X = 2) _rows", per_row(prob2_rows, &bg_model, &tenth), "row");
    bench_report("MBG/NBD P(X = 2) _rows", per_row(prob2_rows, &mbg_model, &tenth), "row");
    bench_report("Pareto/NBD P(X = 0) _rows", per_row(prob0_rows, &pn_model, &tenth), "row");
    bench_report("Pareto/NBD P(X = 2) _rows", per_row(prob2_rows, &pn_model, &tenth), "row");
    bench_report("BG/BB P(X(39, 78) = 2) _rows", per_row(prob2_rows, &bb_model, &bb_tenth),
                 "row");
    bench_report("BG/NBD DERT _rows", per_row(dert_rows, &bg_model, &tenth), "row");
    bench_report("MBG/NBD DERT _rows", per_row(dert_rows, &mbg_model, &tenth), "row");
    bench_report("Pareto/NBD DERT _rows", per_row(dert_rows, &pn_model, &tenth), "row");
    bench_report("BG/BB DERT _rows", per_row(dert_rows, &bb_model, &bb_tenth), "row");
    printf("the same with one bad row in 1,000 (refused alone):\n");
    bench_report("BG/NBD P(alive) _rows, statuses", per_row(alive_rows, &bg_model, &v), "row");
    bench_report("BG/NBD E[X(39)] _rows, statuses", per_row(expected_rows, &bg_model, &v),
                 "row");
    bench_report("Pareto/NBD E[X(39)] _rows, statuses", per_row(expected_rows, &pn_model, &v),
                 "row");

    printf("one BG/NBD customer (x = 2, t_x = 30.43, T = 38.86), per call:\n");
    double e = 0.0;
    TIME_CALLS("E[X(39)], CDNOW fit (series)", 20000,
               clv_bgnbd_expected_purchases(&bg, 2, 30.43 + 1e-9 * (i % 7), 38.86, 39.0, &e);
               bench_sink = e);
    static const clv_bgnbd_params big_r = {241.0, 50.0, 3.0, 8.0};
    TIME_CALLS("E[X(104)], r = 241 (quadrature)", 2000,
               clv_bgnbd_expected_purchases(&big_r, 5, 30.0, 39.0 + 1e-9 * (i % 7), 104.0, &e);
               bench_sink = e);
    static const clv_bgnbd_params small = {0.01, 0.01, 0.6, 0.01};
    TIME_CALLS("E[X(1e5)], alpha = 0.01 (quadrature)", 2000,
               clv_bgnbd_expected_purchases(&small, 2, 30.0, 39.0 + 1e-9 * (i % 7), 1e5, &e);
               bench_sink = e);
    static const clv_bgnbd_params thousand = {1000, 1000, 1000, 1000};
    TIME_CALLS("E[X(1e4)], all parameters 1e3 (quadrature)", 2000,
               clv_bgnbd_expected_purchases_new(&thousand, 1e4 + 1e-9 * (i % 7), &e);
               bench_sink = e);
    TIME_CALLS("DERT, CDNOW fit, 15%/year in weeks", 2000,
               clv_bgnbd_dert(&bg, 2, 30.43, 38.86 + 1e-9 * (i % 7), log(1.15) / 52.0, &e);
               bench_sink = e);
    clv_value_options o;
    clv_value_options_init(&o);
    o.horizon = INFINITY;
    static const clv_purchase_model tiny = {CLV_MODEL_BGNBD, 0, {1e-3, 1e-3, 1e-3, 1e-3}};
    TIME_CALLS("value, infinite horizon, parameters 1e-3", 3,
               clv_customer_value(&tiny, NULL, &o, 0, 0, 0, 1.0 + i, &e);
               bench_sink = e);
    const char *grid = (argc > 2) ? argv[2] : "tests/oracles/grid_bgnbd.txt";
    FILE *f = fopen(grid, "r");
    if (f == NULL) {
        fprintf(stderr, "bench_scoring: cannot open %s\n", grid);
        return 1;
    }
    char line[512];
    double worst = 0.0, total = 0.0;
    int cases = 0;
    char worst_line[512] = "";
    while (fgets(line, sizeof line, f) != NULL) {
        int model;
        char kind;
        double r, al, a, b, xx, t_x, TT, t;
        if (sscanf(line, "%d %c %lf %lf %lf %lf %lf %lf %lf %lf", &model, &kind, &r, &al, &a, &b,
                   &xx, &t_x, &TT, &t) != 10 || (kind != 'E' && kind != 'N')) {
            continue;
        }
        clv_bgnbd_params p = {r, al, a, b};
        clv_mbgnbd_params q = {r, al, a, b};
        double t0 = bench_now();
        if (model == 0) {
            clv_bgnbd_expected_purchases(&p, xx, t_x, TT, t, &e);
        } else {
            clv_mbgnbd_expected_purchases(&q, xx, t_x, TT, t, &e);
        }
        double dt = bench_now() - t0;
        bench_sink = e;
        total += dt;
        cases++;
        if (dt > worst) {
            worst = dt;
            snprintf(worst_line, sizeof worst_line, "%s", line);
        }
    }
    fclose(f);
    printf("grid: %d expectations, mean %.1f us, slowest %.1f us: %s", cases,
           1e6 * total / (cases > 0 ? cases : 1), 1e6 * worst, worst_line);
    return 0;
}
