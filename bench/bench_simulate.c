/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of random numbers and simulation (clv.h, group clv_sim): the cost of each variate,
 * a simulated base of 10^6 customers per model (rows only; with holdout and Gamma-Gamma
 * spend; with the full transaction log), an sBG cohort of 10^6, and 10^5 parameter draws.
 *
 *   bench_simulate
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "churn.h"
#include "clv.h"

#define N_BASE 1000000

static double median_of(double *s) {
    return bench_median(s, 5);
}

static void base(const char *what, int32_t tag, const double *theta, const clv_gg_params *gg,
                 double holdout, int with_log, double *x, double *t_x, double *mon, double *xh,
                 clv_sim_transactions *tx) {
    clv_purchase_model m;
    memset(&m, 0, sizeof m);
    m.model = tag;
    memcpy(m.params, theta, sizeof m.params);
    clv_sim_options o;
    clv_sim_options_init(&o);
    o.T = (tag == CLV_MODEL_BGBB) ? 6.0 : 39.0;
    o.holdout = holdout;
    double s[5];
    double purchases = 0.0;
    for (int k = 0; k < 5; k++) {
        clv_rng rng;
        clv_rng_seed(&rng, (uint64_t)k);
        double t0 = bench_now();
        int st = clv_sim_customers(&rng, &m, gg, &o, N_BASE, NULL, x, t_x, gg ? mon : NULL,
                                   holdout > 0.0 ? xh : NULL, with_log ? tx : NULL);
        s[k] = bench_now() - t0;
        if (st != CLV_OK) {
            fprintf(stderr, "%s: %s\n", what, clv_strerror(st));
            exit(1);
        }
        if (k == 0 && with_log) {
            purchases = (double)tx->count;
        }
    }
    double t = median_of(s);
    printf("%-58s %8.1f ms  %7.1f ns/customer", what, 1e3 * t, 1e9 * t / N_BASE);
    if (with_log) {
        printf("  (%.3g log entries)", purchases);
    }
    printf("\n");
}

int main(void) {
    static const double bgnbd[4] = {0.243, 4.414, 0.793, 2.426};
    static const double pnbd[4] = {0.553, 10.578, 0.606, 11.669};
    static const double mbgnbd[4] = {0.525, 6.183, 0.891, 1.614};
    static const double bgbb[4] = {1.204, 0.750, 0.657, 2.783};
    static const clv_gg_params gg = {6.25, 3.74, 15.44};
    double *x = malloc(N_BASE * sizeof *x), *t_x = malloc(N_BASE * sizeof *t_x);
    double *mon = malloc(N_BASE * sizeof *mon), *xh = malloc(N_BASE * sizeof *xh);
    size_t cap = 8 * (size_t)N_BASE;
    clv_sim_transactions tx = {malloc(cap * sizeof(uint64_t)), malloc(cap * sizeof(double)),
                               malloc(cap * sizeof(double)), cap, 0};
    if (!x || !t_x || !mon || !xh || !tx.customer || !tx.time || !tx.amount) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    printf("libclv %s random numbers and simulation, median of 5 runs (%d customers)\n",
           clv_version_string(), N_BASE);

    clv_rng rng;
    clv_rng_seed(&rng, 1);
    uint64_t u64;
    double v;
    TIME_CALLS("clv_rng_next", 1000000, {
        clv_rng_next(&rng, &u64);
        bench_sink = (double)u64;
    });
    TIME_CALLS("clv_rng_uniform", 1000000, {
        clv_rng_uniform(&rng, &v);
        bench_sink = v;
    });
    TIME_CALLS("clv_rng_normal", 1000000, {
        clv_rng_normal(&rng, &v);
        bench_sink = v;
    });
    TIME_CALLS("clv_rng_gamma shape 0.243", 1000000, {
        clv_rng_gamma(&rng, 0.243, 4.414, &v);
        bench_sink = v;
    });
    TIME_CALLS("clv_rng_gamma shape 6.25", 1000000, {
        clv_rng_gamma(&rng, 6.25, 1.0, &v);
        bench_sink = v;
    });
    TIME_CALLS("clv_rng_beta (0.793, 2.426)", 1000000, {
        clv_rng_beta(&rng, 0.793, 2.426, &v);
        bench_sink = v;
    });
    TIME_CALLS("clv_rng_poisson mean 3", 1000000, {
        clv_rng_poisson(&rng, 3.0, &v);
        bench_sink = v;
    });
    TIME_CALLS("clv_rng_poisson mean 1000", 1000000, {
        clv_rng_poisson(&rng, 1000.0, &v);
        bench_sink = v;
    });
    TIME_CALLS("clv_rng_geometric p 0.3", 1000000, {
        clv_rng_geometric(&rng, 0.3, &v);
        bench_sink = v;
    });

    base("BG/NBD rows (T = 39)", CLV_MODEL_BGNBD, bgnbd, NULL, 0.0, 0, x, t_x, mon, xh, &tx);
    base("BG/NBD rows + 39-week holdout + Gamma-Gamma spend", CLV_MODEL_BGNBD, bgnbd, &gg, 39.0, 0,
         x, t_x, mon, xh, &tx);
    base("BG/NBD rows + holdout + spend + transaction log", CLV_MODEL_BGNBD, bgnbd, &gg, 39.0, 1, x,
         t_x, mon, xh, &tx);
    base("Pareto/NBD rows (T = 39)", CLV_MODEL_PNBD, pnbd, NULL, 0.0, 0, x, t_x, mon, xh, &tx);
    base("Pareto/NBD rows + holdout + spend + transaction log", CLV_MODEL_PNBD, pnbd, &gg, 39.0, 1,
         x, t_x, mon, xh, &tx);
    base("MBG/NBD rows (T = 39)", CLV_MODEL_MBGNBD, mbgnbd, NULL, 0.0, 0, x, t_x, mon, xh, &tx);
    base("BG/BB rows (n = 6)", CLV_MODEL_BGBB, bgbb, NULL, 0.0, 0, x, t_x, mon, xh, &tx);
    base("BG/BB rows + 5-opportunity holdout + spend + log", CLV_MODEL_BGBB, bgbb, &gg, 5.0, 1, x,
         t_x, mon, xh, &tx);

    double alive[13], s[5];
    const clv_sbg_params sp = {0.704, 1.182};
    for (int k = 0; k < 5; k++) {
        double t0 = bench_now();
        clv_sbg_simulate(&rng, &sp, 1e6, 12, alive);
        s[k] = bench_now() - t0;
    }
    printf("%-58s %8.3f ms\n", "sBG cohort of 10^6 customers, 12 periods", 1e3 * median_of(s));

    const double cov[16] = {1.6e-4, 1e-4, 0, 0, 1e-4, 0.1, 0, 0, 0, 0, 0.03, 0.01, 0, 0, 0.01, 0.4};
    for (int k = 0; k < 5; k++) {
        double t0 = bench_now();
        clv_param_draws(&rng, 4, bgnbd, cov, CLV_DRAW_LOG, 250000, x, NULL);
        s[k] = bench_now() - t0;
    }
    printf("%-58s %8.1f ns/draw\n", "clv_param_draws, 4 parameters, log scale",
           1e9 * median_of(s) / 250000);
    free(x), free(t_x), free(mon), free(xh);
    free(tx.customer), free(tx.time), free(tx.amount);
    return 0;
}
