/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the per-row scoring API (clv.h, group clv_rows; issue 13: "every new array form
 * within 1.5x of the existing P(alive)/expectation array forms per row"). For every model and
 * every quantity: nanoseconds per row of the rows form with statuses over CDNOW replicated 100
 * times and shuffled (235,700 rows in no useful order), the same quantity's one-customer
 * function called row by row (on a slice of the same shuffled table), and the ratios to the
 * model's clv_p_alive_rows() and clv_expected_purchases_rows() on the full table, and to the
 * one-customer function. BG/BB scores the same customers as opportunities (n = 39 weeks, the
 * last purchase in week ceil(t_x), x at most that). Figures only; nothing is asserted.
 *
 * Where a quantity keeps a part across rows (DERT and P(X = n | history), lib/clv/kernels.h),
 * its cost per row falls with the table's size: a table pays one evaluation per distinct key
 * (CDNOW: 464 pairs (x, T)), so the full table's figure and a slice's differ; both are shown
 * for DERT. Times are the thread's CPU time (the median of several runs), not wall time.
 *
 *   bench_rows [cdnow_customers_summary_with_transactions.csv]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "clv.h"

#define COPIES 100
#define ROWS (BENCH_CDNOW_N * COPIES)

static double cd_x[BENCH_CDNOW_N], cd_tx[BENCH_CDNOW_N], cd_T[BENCH_CDNOW_N],
    cd_z[BENCH_CDNOW_N];
static double x[ROWS], tx[ROWS], T[ROWS], z[ROWS], out[ROWS];
static double jT[ROWS], jtx[ROWS]; /* T jittered by U(0, 0.01), t_x with it */
static double bx[ROWS], btx[ROWS], bn[ROWS];
static int32_t status[ROWS];

/* CPU time of this thread rather than wall time: the machines these run on are often shared,
 * and a wall clock then measures the scheduler's share as much as the code. */
static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
#define bench_now cpu_now

static uint64_t rng_state = 0x9E3779B97F4A7C15u; /* xorshift64*, the same every run */
static uint64_t next_random(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

enum { Q_ALIVE, Q_EXPECTED, Q_PROB0, Q_PROB2, Q_DERT, Q_LOGLIK, Q_VALUE, Q_COUNT };
static const char *const q_names[Q_COUNT] = {"P(alive)",  "E[X(39)]",       "P(X(39)=0|h)",
                                             "P(X(39)=2|h)", "DERT 15%/yr", "loglik",
                                             "value 52 wk"};

#define HORIZON 39.0
#define DELTA 0.0026876 /* ln(1.15)/52: 15% a year, weekly, continuous */

static const clv_purchase_model models[4] = {
    {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}},   /* FHL 2005 on CDNOW */
    {CLV_MODEL_MBGNBD, 0, {0.525, 6.183, 0.891, 1.614}},
    {CLV_MODEL_PNBD, 0, {0.553, 10.578, 0.606, 11.669}},
    {CLV_MODEL_BGBB, 0, {1.203507, 0.7497667, 0.6567568, 2.783887}}, /* FHS 2010 */
};
static const char *const model_names[4] = {"BG/NBD", "MBG/NBD", "Pareto/NBD", "BG/BB"};
static const clv_gg_params gg = {6.25, 3.74, 15.44};

static clv_value_options value_options(void) {
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 0.15 / 52.0;
    o.horizon = 52.0;
    return o;
}

static int rows_call(const clv_purchase_model *m, int q, const clv_rfm_view *v) {
    clv_value_options o = value_options();
    switch (q) {
    case Q_ALIVE:
        return clv_p_alive_rows(m, v, out, status);
    case Q_EXPECTED:
        return clv_expected_purchases_rows(m, v, HORIZON, out, status);
    case Q_PROB0:
        return clv_prob_purchases_rows(m, v, HORIZON, 0.0, out, status);
    case Q_PROB2:
        return clv_prob_purchases_rows(m, v, HORIZON, 2.0, out, status);
    case Q_DERT:
        return clv_dert_rows(m, v, DELTA, out, status);
    case Q_LOGLIK:
        return clv_loglik_rows(m, v, out, status);
    default:
        return clv_customer_value_rows(m, &gg, &o, v, out, status);
    }
}

/* The one-customer function of quantity q for row i of v. */
static int scalar_call(const clv_purchase_model *m, int q, const clv_rfm_view *v, size_t i,
                       double *r) {
    double xi = v->x[i], ti = v->t_x[i], Ti = v->T[i];
    const double *p = m->params;
    clv_rfm_view one = {1, &xi, &ti, &Ti, NULL, NULL};
    if (q == Q_VALUE) {
        clv_value_options o = value_options();
        return clv_customer_value(m, &gg, &o, xi, ti, Ti, v->monetary[i], r);
    }
    double n = (q == Q_PROB2) ? 2.0 : 0.0;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        clv_bgnbd_params b = {p[0], p[1], p[2], p[3]};
        return q == Q_ALIVE      ? clv_bgnbd_p_alive(&b, xi, ti, Ti, r)
               : q == Q_EXPECTED ? clv_bgnbd_expected_purchases(&b, xi, ti, Ti, HORIZON, r)
               : q == Q_DERT     ? clv_bgnbd_dert(&b, xi, ti, Ti, DELTA, r)
               : q == Q_LOGLIK   ? clv_bgnbd_loglik(&b, &one, r, NULL)
                                 : clv_bgnbd_prob_purchases_cond(&b, xi, ti, Ti, HORIZON, n, r);
    }
    case CLV_MODEL_MBGNBD: {
        clv_mbgnbd_params b = {p[0], p[1], p[2], p[3]};
        return q == Q_ALIVE      ? clv_mbgnbd_p_alive(&b, xi, ti, Ti, r)
               : q == Q_EXPECTED ? clv_mbgnbd_expected_purchases(&b, xi, ti, Ti, HORIZON, r)
               : q == Q_DERT     ? clv_mbgnbd_dert(&b, xi, ti, Ti, DELTA, r)
               : q == Q_LOGLIK   ? clv_mbgnbd_loglik(&b, &one, r, NULL)
                                 : clv_mbgnbd_prob_purchases_cond(&b, xi, ti, Ti, HORIZON, n, r);
    }
    case CLV_MODEL_PNBD: {
        clv_pnbd_params b = {p[0], p[1], p[2], p[3]};
        return q == Q_ALIVE      ? clv_pnbd_p_alive(&b, xi, ti, Ti, r)
               : q == Q_EXPECTED ? clv_pnbd_expected_purchases(&b, xi, ti, Ti, HORIZON, r)
               : q == Q_DERT     ? clv_pnbd_dert(&b, xi, ti, Ti, DELTA, r)
               : q == Q_LOGLIK   ? clv_pnbd_loglik(&b, &one, r, NULL)
                                 : clv_pnbd_prob_purchases_cond(&b, xi, ti, Ti, HORIZON, n, r);
    }
    default: {
        clv_bgbb_params b = {p[0], p[1], p[2], p[3]};
        return q == Q_ALIVE      ? clv_bgbb_p_alive(&b, xi, ti, Ti, r)
               : q == Q_EXPECTED ? clv_bgbb_expected_purchases(&b, xi, ti, Ti, HORIZON, r)
               : q == Q_DERT     ? clv_bgbb_dert(&b, xi, ti, Ti, expm1(DELTA), r)
               : q == Q_LOGLIK   ? clv_bgbb_loglik(&b, &one, r, NULL)
                                 : clv_bgbb_prob_purchases_cond(&b, xi, ti, Ti, HORIZON, n, r);
    }
    }
}

/* Median seconds per row over `repeats` runs. */
static double time_rows(const clv_purchase_model *m, int q, const clv_rfm_view *v, int repeats) {
    double s[BENCH_REPEATS];
    for (int k = 0; k < repeats; k++) {
        double t0 = bench_now();
        if (rows_call(m, q, v) != CLV_OK) {
            fprintf(stderr, "bench_rows: a rows call failed\n");
            exit(1);
        }
        s[k] = (bench_now() - t0) / (double)v->count;
    }
    return bench_median(s, repeats);
}

static double time_scalar(const clv_purchase_model *m, int q, const clv_rfm_view *v,
                          int repeats) {
    double s[BENCH_REPEATS];
    for (int k = 0; k < repeats; k++) {
        double t0 = bench_now();
        for (size_t i = 0; i < v->count; i++) {
            double r = 0.0;
            (void)scalar_call(m, q, v, i, &r);
            bench_sink = r;
        }
        s[k] = (bench_now() - t0) / (double)v->count;
    }
    return bench_median(s, repeats);
}

static clv_rfm_view slice(const clv_rfm_view *v, size_t n) {
    clv_rfm_view s = *v;
    s.count = n;
    return s;
}

/*
 * BG/NBD and MBG/NBD DERT and customer value rows (issues 13 and 20) on two layouts of the same
 * rows: CDNOW x100 shuffled (464 distinct (x, T)), and the same with T (and t_x) shifted by
 * U(0, 0.01), so that no two rows share T: ns per row and the ratio to the model's
 * expectation rows on the same layout. Value: Gamma-Gamma spend, 12 monthly periods (4.35
 * weeks, 1% a month) and 52 weekly periods (15% a year). `n` rows of each layout (all by
 * default; a slow library wants fewer).
 */
static void layouts(size_t n) {
    static const char *const names[4] = {"DERT 15%/yr", "value 12 mo", "value 52 wk", "E[X(39)]"};
    printf("\nBG/NBD, MBG/NBD on %zu rows: ns per row (ratio to E[X(39)] rows, same layout)\n",
           n);
    printf("%-8s %-12s %14s %14s\n", "model", "quantity", "shuffled", "T jittered");
    for (int m = 0; m < 2; m++) {
        double fig[4][2];
        for (int lay = 0; lay < 2; lay++) {
            clv_rfm_view v = {n, x, lay ? jtx : tx, lay ? jT : T, z, NULL};
            for (int q = 0; q < 4; q++) {
                double s[BENCH_REPEATS];
                int reps = 3;
                for (int k = 0; k < reps; k++) {
                    clv_value_options o;
                    clv_value_options_init(&o);
                    if (q == 1) {
                        o.period = 52.0 / 12.0, o.discount_rate = 0.01, o.horizon = 12.0;
                    } else {
                        o.discount_rate = 0.15 / 52.0, o.horizon = 52.0;
                    }
                    double t0 = bench_now();
                    int st = (q == 0)   ? clv_dert_rows(&models[m], &v, DELTA, out, status)
                             : (q == 3) ? clv_expected_purchases_rows(&models[m], &v, HORIZON,
                                                                      out, status)
                                        : clv_customer_value_rows(&models[m], &gg, &o, &v, out,
                                                                  status);
                    s[k] = (bench_now() - t0) / (double)n;
                    if (st != CLV_OK) {
                        fprintf(stderr, "bench_rows: a rows call failed\n");
                        exit(1);
                    }
                }
                fig[q][lay] = bench_median(s, reps);
            }
        }
        for (int q = 0; q < 4; q++) {
            printf("%-8s %-12s %8.1f (%4.1fx) %8.1f (%4.1fx)\n", model_names[m], names[q],
                   1e9 * fig[q][0], fig[q][0] / fig[3][0], 1e9 * fig[q][1],
                   fig[q][1] / fig[3][1]);
        }
    }
}

int main(int argc, char **argv) {
    const char *path =
        (argc > 1) ? argv[1] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    if (bench_load_cdnow_spend(path, cd_x, cd_tx, cd_T, cd_z) < 0) {
        return 1;
    }
    for (size_t i = 0; i < ROWS; i++) {
        size_t j = i % BENCH_CDNOW_N;
        x[i] = cd_x[j], tx[i] = cd_tx[j], T[i] = cd_T[j], z[i] = cd_z[j];
    }
    for (size_t i = ROWS - 1; i > 0; i--) { /* Fisher-Yates */
        size_t j = (size_t)(next_random() % (i + 1));
        double a = x[i], b = tx[i], c = T[i], d = z[i];
        x[i] = x[j], tx[i] = tx[j], T[i] = T[j], z[i] = z[j];
        x[j] = a, tx[j] = b, T[j] = c, z[j] = d;
    }
    for (size_t i = 0; i < ROWS; i++) {
        bn[i] = 39.0;
        btx[i] = fmin(ceil(tx[i]), 39.0);
        bx[i] = fmin(x[i], btx[i]);
    }
    /* Customers with x = 0 have no spend: zbar 0 is refused by the spend model (their status
     * says so) -- give them the sample's mean instead, so every row is scored. */
    for (size_t i = 0; i < ROWS; i++) {
        if (!(z[i] > 0.0)) {
            z[i] = 35.0;
        }
    }
    for (size_t i = 0; i < ROWS; i++) {
        double u = 0.01 * (double)(next_random() >> 11) / 9007199254740992.0;
        jT[i] = T[i] + u;
        jtx[i] = (tx[i] > 0.0) ? tx[i] + u : 0.0; /* x = 0 keeps t_x = 0 */
    }
    if (argc > 2) { /* bench_rows FILE N: only the DERT and value layouts, on N rows */
        size_t n = (size_t)strtoul(argv[2], NULL, 10);
        layouts((n > 0 && n <= ROWS) ? n : ROWS);
        return 0;
    }
    clv_rfm_view full = {ROWS, x, tx, T, z, NULL};
    clv_rfm_view bfull = {ROWS, bx, btx, bn, z, NULL};
    printf("CDNOW x%d shuffled (%d rows); ns per row; rows forms with statuses.\n", COPIES,
           ROWS);
    printf("one-customer: the scalar function row by row over the first N rows of the same "
           "table.\n");
    printf("%-11s %-13s %11s %11s %8s %8s %8s %8s\n", "model", "quantity", "rows", "one-cust",
           "N", "rows/1c", "/alive", "/expect");
    for (int m = 0; m < 4; m++) {
        const clv_rfm_view *v = (m == 3) ? &bfull : &full;
        double base_alive = time_rows(&models[m], Q_ALIVE, v, BENCH_REPEATS);
        double base_exp = time_rows(&models[m], Q_EXPECTED, v, BENCH_REPEATS);
        for (int q = 0; q < Q_COUNT; q++) {
            int costly = (q == Q_VALUE) || (q == Q_DERT && m < 2);
            /* value: a quadrature or a period sum per row, no part shared: a hundredth */
            clv_rfm_view rv = (q == Q_VALUE) ? slice(v, ROWS / 100) : *v;
            double rows = (q == Q_ALIVE)      ? base_alive
                          : (q == Q_EXPECTED) ? base_exp
                                              : time_rows(&models[m], q, &rv, costly ? 3 : 5);
            size_t n_one = costly ? ROWS / 100 : ROWS / 10;
            clv_rfm_view sv = slice(v, n_one);
            double one = time_scalar(&models[m], q, &sv, costly ? 3 : 5);
            printf("%-11s %-13s %11.1f %11.1f %8zu %8.2f %8.2f %8.2f%s\n", model_names[m],
                   q_names[q], 1e9 * rows, 1e9 * one, n_one, rows / one, rows / base_alive,
                   rows / base_exp, (q == Q_VALUE) ? "  (rows on 2,357)" : "");
            if (q == Q_DERT) {
                clv_rfm_view small = slice(v, ROWS / 100);
                double r_small = time_rows(&models[m], q, &small, 3);
                printf("%-11s %-13s %11.1f %11s %8d %8.2f %8.2f %8.2f  (rows on 2,357)\n",
                       model_names[m], q_names[q], 1e9 * r_small, "", ROWS / 100,
                       r_small / one, r_small / base_alive, r_small / base_exp);
            }
        }
    }
    /* Gamma-Gamma. */
    clv_rfm_view spend = {ROWS, x, NULL, NULL, z, NULL};
    static const clv_purchase_model gg_model = {CLV_MODEL_GG, 0, {6.25, 3.74, 15.44, 0.0}};
    double s_rows[BENCH_REPEATS], s_one[BENCH_REPEATS], l_rows[BENCH_REPEATS],
        l_one[BENCH_REPEATS];
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        (void)clv_gg_expected_spend_rows(&gg, &spend, out, status);
        double t1 = bench_now();
        for (size_t i = 0; i < ROWS; i++) {
            double r = 0.0;
            (void)clv_gg_expected_spend(&gg, x[i], z[i], &r);
            bench_sink = r;
        }
        double t2 = bench_now();
        (void)clv_loglik_rows(&gg_model, &spend, out, status);
        double t3 = bench_now();
        for (size_t i = 0; i < ROWS; i++) {
            double r = 0.0;
            clv_rfm_view one = {1, &x[i], NULL, NULL, &z[i], NULL};
            (void)clv_gg_loglik(&gg, &one, &r, NULL);
            bench_sink = r;
        }
        double t4 = bench_now();
        s_rows[k] = (t1 - t0) / ROWS, s_one[k] = (t2 - t1) / ROWS;
        l_rows[k] = (t3 - t2) / ROWS, l_one[k] = (t4 - t3) / ROWS;
    }
    double sr = bench_median(s_rows, BENCH_REPEATS), so = bench_median(s_one, BENCH_REPEATS);
    double lr = bench_median(l_rows, BENCH_REPEATS), lo = bench_median(l_one, BENCH_REPEATS);
    printf("%-11s %-13s %11.1f %11.1f %8d %8.2f\n", "Gamma-Gamma", "spend", 1e9 * sr, 1e9 * so,
           ROWS, sr / so);
    printf("%-11s %-13s %11.1f %11.1f %8d %8.2f\n", "Gamma-Gamma", "loglik", 1e9 * lr, 1e9 * lo,
           ROWS, lr / lo);
    layouts(ROWS);
    return 0;
}
