/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * BG/BB's likelihood at many opportunities (issue 21): the cost of one row's log-likelihood,
 * alone, with its gradient (clv_bgbb_loglik) and with its Hessian (what clv_bgbb_fit evaluates),
 * at n = 10, 1e3, 1e5 and 1e7, over 64 distinct histories each (x = 0, small x and t_x,
 * t_x = n/2, x = t_x); for comparison the term-by-term route where it still runs in reasonable
 * time; and the time of a whole fit of 1,500 simulated customers of n = 1e5.
 */
#include <math.h>
#include <stdint.h>

#include "bench_common.h"
#include "clv.h"
#include "clv/bgbb.h"

#define ROWS 64

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double hx[ROWS], htx[ROWS], hn[ROWS];

static void fill(double n) {
    for (int i = 0; i < ROWS; i++) {
        double x, t_x;
        switch (i % 4) {
        case 0: x = 0.0, t_x = 0.0; break;
        case 1: x = 1.0 + (i % 5), t_x = fmin(n, x + i); break;
        case 2: x = floor(fmin(n, 10.0 + i) / 4.0), t_x = floor(n / 2.0); break;
        default: x = floor(fmin(n, 3.0 + i)), t_x = x; break;
        }
        if (x == 0.0) {
            t_x = 0.0;
        }
        hx[i] = x, htx[i] = t_x, hn[i] = n;
    }
}

static const double theta[4] = {1.2, 0.7, 0.6, 2.5};

static double per_row(int route, int derivs) {
    double s[BENCH_REPEATS];
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = cpu_now();
        for (int i = 0; i < ROWS; i++) {
            double ll, g[4], h[16];
            clv__bgbb_loglik_row(theta, hx[i], htx[i], hn[i], route, &ll,
                                 derivs >= 1 ? g : NULL, derivs >= 2 ? h : NULL);
            bench_sink = ll;
        }
        s[k] = (cpu_now() - t0) / ROWS;
    }
    return bench_median(s, BENCH_REPEATS);
}

static double uniform(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * 0x1p-53;
}

static double gamma_draw(uint64_t *s, double a) {
    if (a < 1.0) {
        return gamma_draw(s, a + 1.0) * pow(uniform(s), 1.0 / a);
    }
    double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double z = sqrt(-2.0 * log(uniform(s))) * cos(6.283185307179586 * uniform(s));
        double v = 1.0 + c * z;
        if (v <= 0.0) {
            continue;
        }
        v = v * v * v;
        if (log(uniform(s)) < 0.5 * z * z + d - d * v + d * log(v)) {
            return d * v;
        }
    }
}

#define SIM 1500

int main(void) {
    static const double ns[] = {10.0, 1e3, 1e5, 1e7};
    printf("BG/BB log-likelihood per row, %d distinct histories, alpha..delta = 1.2, 0.7, 0.6, "
           "2.5\n",
           ROWS);
    for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++) {
        char label[96];
        fill(ns[j]);
        snprintf(label, sizeof label, "n = %.0e: value", ns[j]);
        bench_report(label, per_row(CLV__BGBB_ROUTE_AUTO, 0), "row");
        snprintf(label, sizeof label, "n = %.0e: value + gradient", ns[j]);
        bench_report(label, per_row(CLV__BGBB_ROUTE_AUTO, 1), "row");
        snprintf(label, sizeof label, "n = %.0e: value + gradient + Hessian", ns[j]);
        bench_report(label, per_row(CLV__BGBB_ROUTE_AUTO, 2), "row");
        if (ns[j] <= 1e5) {
            snprintf(label, sizeof label, "n = %.0e: term by term, + Hessian", ns[j]);
            bench_report(label, per_row(CLV__BGBB_ROUTE_DIRECT, 2), "row");
        }
    }
    /* a fit of simulated BG/BB customers (1, 8, 0.8, 20) over 1e5 opportunities */
    static double x[SIM], t_x[SIM], n[SIM];
    uint64_t seed = 20260407u;
    for (int i = 0; i < SIM; i++) {
        double ga = gamma_draw(&seed, 1.0), gb = gamma_draw(&seed, 8.0);
        double gg = gamma_draw(&seed, 0.8), gd = gamma_draw(&seed, 20.0);
        double p = ga / (ga + gb), th = gg / (gg + gd);
        double alive = fmin(1e5, floor(log(uniform(&seed)) / log1p(-th)));
        double pos = 0.0, count = 0.0, last = 0.0;
        for (;;) {
            pos += floor(log(uniform(&seed)) / log1p(-p)) + 1.0;
            if (pos > alive) {
                break;
            }
            count += 1.0;
            last = pos;
        }
        x[i] = count, t_x[i] = last, n[i] = 1e5;
    }
    const clv_rfm_view v = {SIM, x, t_x, n, NULL, NULL};
    clv_bgbb_params est;
    clv_fit_report r;
    double t0 = cpu_now();
    int st = clv_bgbb_fit(&v, NULL, &est, &r);
    double secs = cpu_now() - t0;
    printf("fit, %d simulated customers of n = 1e5: %.3f s CPU, status %d, %u iterations, "
           "(%.3f, %.3f, %.3f, %.3f)\n",
           SIM, secs, st, r.iterations, est.alpha, est.beta, est.gamma, est.delta);
    return 0;
}
