/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the Bass diffusion model (referral.h): the fit of 30 periods of adoption
 * counts by nonlinear least squares (both forms) and by maximum likelihood (target: under
 * 100 microseconds each), the fit of the 10 published periods (refs/published.md), and the
 * evaluation rate of F(t), f(t), adopters of a period, the likelihood and a forecast.
 *
 *   bench_bass
 *
 * The 30-period series is a Bass curve (p = 0.01, q = 0.4, m = 100,000, the adopters of
 * each period) with a deterministic +/-5% scatter, 1 + 0.05 sin(1.7 t): data of the shape
 * real adoption counts have, the same on every run.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "bench_common.h"
#include "referral.h"

#define N_LONG 30

/* refs/published.md, "Bass diffusion": annual sales, t = 1..10. */
static const double published[10] = {840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890};

static int show_fit(const char *what, const double *y, size_t n, int method, int model) {
    clv_bass_fit_options o;
    clv_bass_params p;
    clv_bass_fit_report r;
    clv_bass_fit_options_init(&o);
    o.method = method;
    o.model = model;
    int st = clv_bass_fit(y, n, &o, &p, &r);
    if (st != CLV_OK) {
        fprintf(stderr, "%s: %s\n", what, clv_strerror(st));
        return 1;
    }
    printf("%-28s p %.6g q %.6g m %.6g (SE %.3g %.3g %.3g), %u iterations, %u evaluations\n", what,
           p.p, p.q, p.m, r.fit.std_error[0], r.fit.std_error[1], r.fit.std_error[2],
           r.fit.iterations, r.fit.evaluations);
    return 0;
}

int main(void) {
    const clv_bass_params truth = {0.01, 0.4, 100000.0};
    double y[N_LONG];
    if (clv_bass_forecast(&truth, 0.0, CLV_BASS_INTERVAL, N_LONG, y) != CLV_OK) {
        return 1;
    }
    for (int t = 0; t < N_LONG; t++) {
        y[t] = round(y[t] * (1.0 + 0.05 * sin(1.7 * (t + 1))));
    }
    printf("libclv %s Bass diffusion, median of %d runs\n", clv_version_string(), BENCH_REPEATS);
    if (show_fit("NLS interval, 30 periods", y, N_LONG, CLV_BASS_NLS, CLV_BASS_INTERVAL) ||
        show_fit("NLS density, 30 periods", y, N_LONG, CLV_BASS_NLS, CLV_BASS_DENSITY) ||
        show_fit("ML, 30 periods", y, N_LONG, CLV_BASS_ML, CLV_BASS_INTERVAL) ||
        show_fit("NLS density, published", published, 10, CLV_BASS_NLS, CLV_BASS_DENSITY)) {
        return 1;
    }

    static const struct {
        const char *label;
        int method, model;
    } fits[3] = {
        {"fit NLS interval, 30 periods (target < 100 us)", CLV_BASS_NLS, CLV_BASS_INTERVAL},
        {"fit NLS density, 30 periods (target < 100 us)", CLV_BASS_NLS, CLV_BASS_DENSITY},
        {"fit ML, 30 periods (target < 100 us)", CLV_BASS_ML, CLV_BASS_INTERVAL}};
    clv_bass_params p;
    for (int k = 0; k < 3; k++) {
        clv_bass_fit_options o;
        clv_bass_fit_options_init(&o);
        o.method = fits[k].method;
        o.model = fits[k].model;
        clv_bass_fit_report r;
        TIME_CALLS(fits[k].label, 2000, {
            clv_bass_fit(y, N_LONG, &o, &p, &r);
            bench_sink = p.q;
        });
    }
    clv_bass_fit_options od;
    clv_bass_fit_options_init(&od);
    od.model = CLV_BASS_DENSITY;
    TIME_CALLS("fit NLS density, published 10 periods", 2000, {
        clv_bass_fit(published, 10, &od, &p, NULL);
        bench_sink = p.q;
    });

    double v;
    TIME_CALLS("cumulative F(t), t = 0..63", 200000, {
        clv_bass_cumulative(&truth, (double)(i % 64), &v);
        bench_sink = v;
    });
    TIME_CALLS("density f(t), t = 0..63", 200000, {
        clv_bass_density(&truth, (double)(i % 64), &v);
        bench_sink = v;
    });
    TIME_CALLS("adopters of period (t, t+1], t = 0..63", 200000, {
        clv_bass_adopters(&truth, (double)(i % 64), (double)(i % 64 + 1), &v);
        bench_sink = v;
    });
    double g[3];
    const clv_bass_params at = {0.01, 0.4, 200000.0};
    TIME_CALLS("log-likelihood + gradient, 30 periods", 20000, {
        clv_bass_loglik(&at, y, N_LONG, &v, g);
        bench_sink = v;
    });
    double next[30];
    TIME_CALLS("forecast, 30 periods", 20000, {
        clv_bass_forecast(&truth, 30.0, CLV_BASS_INTERVAL, 30, next);
        bench_sink = next[29];
    });
    return 0;
}
