/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * clv_customer_value() and the DERT functions over the grid of horizons, discounts and
 * parameter regions of tests/oracles/grid_value.py (issues 13 and 21: every call under 1 ms
 * a customer, none over 10 ms): per model, the median and the three slowest cases, each the
 * median of BENCH_REPEATS calls (wall clock: on a loaded machine, compare with the CPU time
 * of `time`); then every case of the mpmath value grids (tests/oracles/grid_value.txt and
 * grid_value_bg.txt, found next to the CDNOW file's directory: ../oracles/) in thread CPU time
 * (on a shared machine wall time counts the waits), per model the median and the slowest; then
 * clv_customer_value_rows() per row on CDNOW replicated 100 times and shuffled (and BG/NBD's
 * long horizons on CDNOW once).
 *   bench_value [cdnow_customers_summary_with_transactions.csv]
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "clv.h"

#define COPIES 100
#define ROWS (BENCH_CDNOW_N * COPIES)

static double cd_x[BENCH_CDNOW_N], cd_tx[BENCH_CDNOW_N], cd_T[BENCH_CDNOW_N];
static double x[ROWS], tx[ROWS], T[ROWS], ones[ROWS], out[ROWS];
static int32_t status[ROWS];

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Du;
}

typedef struct timed {
    double seconds;
    char what[160];
} timed;

static int cmp_timed(const void *a, const void *b) {
    double u = ((const timed *)a)->seconds, v = ((const timed *)b)->seconds;
    return (u < v) - (u > v); /* slowest first */
}

static void report(const char *title, timed *t, int n) {
    qsort(t, (size_t)n, sizeof *t, cmp_timed);
    printf("%s: %d cases, median %.1f us, slowest:\n", title, n, 1e6 * t[n / 2].seconds);
    for (int i = 0; i < 3 && i < n; i++) {
        printf("    %9.1f us  %s\n", 1e6 * t[i].seconds, t[i].what);
    }
}

static const double horizons[] = {1, 12, 1000, 1e4, 1e6, INFINITY};
static const double discounts[] = {0, 1e-12, 1e-8, 1e-3, 0.01, 0.1};

typedef struct region {
    double th[4], x, t_x, T;
} region;

static const region bg_regions[] = {{{0.243, 4.414, 0.793, 2.426}, 2, 30.43, 38.86},
                                    {{1e-3, 1e-3, 1e-3, 1e-3}, 0, 0, 0},
                                    {{1e3, 1e3, 1e3, 1e3}, 2, 30.43, 38.86},
                                    {{241, 50, 3, 8}, 10, 35, 39}};
static const region pn_regions[] = {{{0.553, 10.578, 0.606, 11.669}, 2, 30.43, 38.86},
                                    {{1e-3, 1e-3, 1e-3, 1e-3}, 0, 0, 0},
                                    {{1e-3, 1e-3, 1e-3, 1e-3}, 3, 20, 38.86},
                                    {{1e3, 1e3, 1e3, 1e3}, 2, 30.43, 38.86}};
static const region bb_regions[] = {{{1.204, 0.750, 0.657, 2.783}, 2, 4, 6},
                                     {{1e-3, 1e-3, 1e-3, 1e-3}, 0, 0, 0},
                                     {{1e3, 1e3, 1e3, 1e3}, 500, 900, 1000}};

static double median_call(int model, const region *r, const clv_value_options *o, int *st) {
    clv_purchase_model m = {model, 0, {r->th[0], r->th[1], r->th[2], r->th[3]}};
    double s[BENCH_REPEATS];
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double v = 0.0, t0 = bench_now();
        *st = clv_customer_value(&m, NULL, o, r->x, r->t_x, r->T, 1.0, &v);
        s[k] = bench_now() - t0;
        bench_sink = v;
    }
    return bench_median(s, BENCH_REPEATS);
}

static void value_grid(const char *name, int model, const region *regions, int nr) {
    timed t[256];
    int n = 0;
    for (int i = 0; i < nr; i++) {
        for (size_t h = 0; h < sizeof horizons / sizeof horizons[0]; h++) {
            for (size_t d = 0; d < sizeof discounts / sizeof discounts[0]; d++) {
                if (isinf(horizons[h]) && discounts[d] == 0.0) {
                    continue;
                }
                clv_value_options o;
                clv_value_options_init(&o);
                o.horizon = horizons[h];
                o.discount_rate = discounts[d];
                int st;
                t[n].seconds = median_call(model, &regions[i], &o, &st);
                snprintf(t[n].what, sizeof t[n].what,
                         "params (%g, %g, %g, %g), x %g, H %g, d %g: status %d",
                         regions[i].th[0], regions[i].th[1], regions[i].th[2], regions[i].th[3],
                         regions[i].x, horizons[h], discounts[d], st);
                n++;
            }
        }
    }
    report(name, t, n);
}

static void dert_grid(void) {
    static const double deltas[] = {1e-12, 1e-8, 1e-5, 1e-3, 0.01, 0.1, 1.0};
    const char *names[] = {"DERT BG/NBD", "DERT MBG/NBD", "DERT Pareto/NBD", "DERT BG/BB"};
    for (int model = 0; model < 4; model++) {
        const region *regions = (model < 2) ? bg_regions : (model == 2) ? pn_regions : bb_regions;
        int nr = (model == 3) ? 3 : 4;
        timed t[64];
        int n = 0;
        for (int i = 0; i < nr; i++) {
            for (size_t d = 0; d < sizeof deltas / sizeof deltas[0]; d++) {
                const region *r = &regions[i];
                double s[BENCH_REPEATS], v = 0.0;
                int st = 0;
                for (int k = 0; k < BENCH_REPEATS; k++) {
                    double t0 = bench_now();
                    if (model == 0) {
                        clv_bgnbd_params p = {r->th[0], r->th[1], r->th[2], r->th[3]};
                        st = clv_bgnbd_dert(&p, r->x, r->t_x, r->T, deltas[d], &v);
                    } else if (model == 1) {
                        clv_mbgnbd_params p = {r->th[0], r->th[1], r->th[2], r->th[3]};
                        st = clv_mbgnbd_dert(&p, r->x, r->t_x, r->T, deltas[d], &v);
                    } else if (model == 2) {
                        clv_pnbd_params p = {r->th[0], r->th[1], r->th[2], r->th[3]};
                        st = clv_pnbd_dert(&p, r->x, r->t_x, r->T, deltas[d], &v);
                    } else {
                        clv_bgbb_params p = {r->th[0], r->th[1], r->th[2], r->th[3]};
                        st = clv_bgbb_dert(&p, r->x, r->t_x, r->T, deltas[d], &v);
                    }
                    s[k] = bench_now() - t0;
                    bench_sink = v;
                }
                t[n].seconds = bench_median(s, BENCH_REPEATS);
                snprintf(t[n].what, sizeof t[n].what,
                         "params (%g, %g, %g, %g), x %g, discount %g: status %d", r->th[0],
                         r->th[1], r->th[2], r->th[3], r->x, deltas[d], st);
                n++;
            }
        }
        report(names[model], t, n);
    }
}

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define GRID_MAX 512

/* Every case of a grid file (lines: model r_or_alpha ... period discount horizon value),
 * each the median CPU time of BENCH_REPEATS calls, into t[model]; returns 0 or -1. */
static int grid_file(const char *path, timed t[4][GRID_MAX], int n[4]) {
    static const int32_t ids[4] = {CLV_MODEL_BGNBD, CLV_MODEL_MBGNBD, CLV_MODEL_PNBD,
                                   CLV_MODEL_BGBB};
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "bench_value: cannot open %s\n", path);
        return -1;
    }
    char buf[512];
    while (fgets(buf, sizeof buf, f) != NULL) {
        int model;
        double th[4], cx, ctx, cT, period, discount, horizon;
        if (buf[0] == '#' ||
            sscanf(buf, "%d %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", &model, &th[0], &th[1],
                   &th[2], &th[3], &cx, &ctx, &cT, &period, &discount, &horizon) != 11 ||
            model < 0 || model > 3 || n[model] >= GRID_MAX) {
            continue;
        }
        clv_purchase_model m = {ids[model], 0, {th[0], th[1], th[2], th[3]}};
        clv_value_options o;
        clv_value_options_init(&o);
        o.discount_rate = discount;
        o.period = period;
        o.horizon = (horizon < 0) ? INFINITY : horizon;
        double s[BENCH_REPEATS], v = 0.0;
        int st = 0;
        for (int k = 0; k < BENCH_REPEATS; k++) {
            double t0 = cpu_now();
            st = clv_customer_value(&m, NULL, &o, cx, ctx, cT, 1.0, &v);
            s[k] = cpu_now() - t0;
            bench_sink = v;
        }
        timed *e = &t[model][n[model]++];
        e->seconds = bench_median(s, BENCH_REPEATS);
        snprintf(e->what, sizeof e->what,
                 "params (%g, %g, %g, %g), x %g, period %g, H %g, d %g: status %d", th[0], th[1],
                 th[2], th[3], cx, period, horizon, discount, st);
    }
    fclose(f);
    return 0;
}

static void value_grid_files(const char *cdnow_path) {
    static timed t[4][GRID_MAX];
    int n[4] = {0, 0, 0, 0};
    const char *names[4] = {"grid BG/NBD (CPU)", "grid MBG/NBD (CPU)", "grid Pareto/NBD (CPU)",
                            "grid BG/BB (CPU)"};
    char dir[1024], path[1200];
    snprintf(dir, sizeof dir, "%s", cdnow_path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL) {
        slash[1] = '\0';
    } else {
        dir[0] = '\0';
    }
    snprintf(path, sizeof path, "%s../oracles/grid_value.txt", dir);
    int ok = grid_file(path, t, n);
    snprintf(path, sizeof path, "%s../oracles/grid_value_bg.txt", dir);
    ok |= grid_file(path, t, n);
    if (ok != 0) {
        return;
    }
    for (int model = 0; model < 4; model++) {
        if (n[model] > 0) {
            report(names[model], t[model], n[model]);
        }
    }
}

static void rows(const char *what, int model, const double *th, double horizon, size_t count) {
    clv_purchase_model m = {model, 0, {th[0], th[1], th[2], th[3]}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.horizon = horizon;
    clv_rfm_view v = {count, x, tx, T, ones, NULL}; /* spend 1 a purchase */
    int reps = (count > BENCH_CDNOW_N) ? 3 : BENCH_REPEATS;
    double s[BENCH_REPEATS];
    for (int k = 0; k < reps; k++) {
        double t0 = bench_now();
        if (clv_customer_value_rows(&m, NULL, &o, &v, out, status) != CLV_OK) {
            fprintf(stderr, "bench_value: a call failed\n");
            exit(1);
        }
        s[k] = (bench_now() - t0) / (double)count;
    }
    char label[128];
    snprintf(label, sizeof label, "%s (%zu rows)", what, count);
    bench_report(label, bench_median(s, reps), "row");
}

int main(int argc, char **argv) {
    value_grid("customer_value BG/NBD", CLV_MODEL_BGNBD, bg_regions, 4);
    value_grid("customer_value MBG/NBD", CLV_MODEL_MBGNBD, bg_regions, 4);
    value_grid("customer_value Pareto/NBD", CLV_MODEL_PNBD, pn_regions, 4);
    value_grid("customer_value BG/BB", CLV_MODEL_BGBB, bb_regions, 3);
    dert_grid();
    const char *path =
        (argc > 1) ? argv[1] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    value_grid_files(path);
    if (bench_load_cdnow(path, cd_x, cd_tx, cd_T) != 0) {
        return 1;
    }
    for (size_t i = 0; i < ROWS; i++) {
        x[i] = cd_x[i % BENCH_CDNOW_N];
        tx[i] = cd_tx[i % BENCH_CDNOW_N];
        T[i] = cd_T[i % BENCH_CDNOW_N];
        ones[i] = 1.0;
    }
    for (size_t i = ROWS - 1; i > 0; i--) {
        size_t j = (size_t)(next_random() % (i + 1));
        double a = x[i], b = tx[i], c = T[i];
        x[i] = x[j], tx[i] = tx[j], T[i] = T[j];
        x[j] = a, tx[j] = b, T[j] = c;
    }
    static const double bg[4] = {0.243, 4.414, 0.793, 2.426};
    static const double pn[4] = {0.553, 10.578, 0.606, 11.669};
    printf("customer_value_rows, 1%% a period, per row:\n");
    rows("BG/NBD, 12 periods, CDNOW x100", CLV_MODEL_BGNBD, bg, 12, ROWS);
    rows("Pareto/NBD, 12 periods, CDNOW x100", CLV_MODEL_PNBD, pn, 12, ROWS);
    rows("Pareto/NBD, 1000 periods, CDNOW x100", CLV_MODEL_PNBD, pn, 1000, ROWS);
    rows("Pareto/NBD, infinite, CDNOW x100", CLV_MODEL_PNBD, pn, INFINITY, ROWS);
    /* BG/NBD: per x an interpolant in alpha + T (betageo.c), so long horizons cost a few
     * hundred quadratures a table, not one a row: CDNOW once and x100. */
    rows("BG/NBD, 1000 periods, CDNOW", CLV_MODEL_BGNBD, bg, 1000, BENCH_CDNOW_N);
    rows("BG/NBD, infinite, CDNOW", CLV_MODEL_BGNBD, bg, INFINITY, BENCH_CDNOW_N);
    rows("BG/NBD, 1000 periods, CDNOW x100", CLV_MODEL_BGNBD, bg, 1000, ROWS);
    rows("BG/NBD, infinite, CDNOW x100", CLV_MODEL_BGNBD, bg, INFINITY, ROWS);
    return 0;
}
