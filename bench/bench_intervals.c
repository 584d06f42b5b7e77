/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the delta-method intervals (lib/clv/intervals.c; issue 14): clv_bass_interval()
 * per time (its two passes included), clv_sbg_interval() per call, and clv_interval_rows() per
 * CDNOW row for P(alive) (analytic gradient) and E[X(39)] (Richardson differences). Figures
 * are printed, nothing is asserted.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "churn.h"
#include "clv.h"
#include "referral.h"

#define N_TIMES 100000

int main(int argc, char **argv) {
    static double t[N_TIMES], est[N_TIMES], lo[N_TIMES], hi[N_TIMES], se[N_TIMES];
    const clv_bass_params b = {6.59e-3, 0.638, 6.80e4};
    const double cov[9] = {2.04e-6, 2.96e-5, -1.34, 2.96e-5, 1.71e-3, -77.7, -1.34, -77.7, 9.8e6};
    for (int i = 0; i < N_TIMES; i++) {
        t[i] = 1.0 + 0.001 * i;
    }
    static const int q[3] = {CLV_BASS_FORECAST_CUMULATIVE, CLV_BASS_FORECAST_PERIOD,
                             CLV_BASS_FORECAST_RATE};
    static const char *names[3] = {"clv_bass_interval cumulative, per time",
                                   "clv_bass_interval period, per time",
                                   "clv_bass_interval rate, per time"};
    for (int k = 0; k < 3; k++) {
        double s[BENCH_REPEATS];
        for (int r = 0; r < BENCH_REPEATS; r++) {
            double t0 = bench_now();
            if (clv_bass_interval(&b, cov, q[k], t, N_TIMES, NULL, est, lo, hi, se) != CLV_OK) {
                fprintf(stderr, "clv_bass_interval failed\n");
                return 1;
            }
            s[r] = (bench_now() - t0) / N_TIMES;
        }
        bench_sink = est[N_TIMES - 1];
        bench_report(names[k], bench_median(s, BENCH_REPEATS), "time");
    }
    const clv_sbg_params sp = {0.704, 1.182};
    const double c2[4] = {0.0083, 0.0093, 0.0093, 0.0264};
    double e, l, h, x;
    TIME_CALLS("clv_sbg_interval DERL", 2000,
               (void)clv_sbg_interval(&sp, c2, CLV_SBG_INTERVAL_DERL, 7.0, 0.1, NULL, &e, &l, &h,
                                      &x));
    bench_sink = e;
    if (argc > 1) {
        static double x[BENCH_CDNOW_N], t_x[BENCH_CDNOW_N], T[BENCH_CDNOW_N];
        static double rl[BENCH_CDNOW_N], re[BENCH_CDNOW_N], ru[BENCH_CDNOW_N];
        if (bench_load_cdnow(argv[1], x, t_x, T) != 0) {
            return 1;
        }
        clv_purchase_model m;
        memset(&m, 0, sizeof m);
        m.model = CLV_MODEL_BGNBD;
        const double th[4] = {0.2425945, 4.413593, 0.7929199, 2.425678};
        memcpy(m.params, th, sizeof th);
        double c4[16] = {0};
        for (int i = 0; i < 4; i++) {
            c4[i * 5] = 1e-3 * th[i] * th[i];
        }
        clv_rfm_view v = {BENCH_CDNOW_N, x, t_x, T, NULL, NULL};
        clv_interval_options o;
        clv_interval_options_init(&o);
        o.horizon = 39.0;
        static const int quantities[2] = {CLV_INTERVAL_P_ALIVE, CLV_INTERVAL_EXPECTED_PURCHASES};
        static const char *qn[2] = {"clv_interval_rows BG/NBD P(alive), per row",
                                    "clv_interval_rows BG/NBD E[X(39)], per row"};
        for (int k = 0; k < 2; k++) {
            double s[3];
            for (int r = 0; r < 3; r++) {
                double t0 = bench_now();
                clv_interval_rows(&m, NULL, quantities[k], c4, &o, &v, rl, re, ru, NULL, NULL);
                s[r] = (bench_now() - t0) / BENCH_CDNOW_N;
            }
            bench_sink = re[0];
            bench_report(qn[k], bench_median(s, 3), "row");
        }
    }
    return 0;
}
