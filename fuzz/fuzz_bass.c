/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for the Bass diffusion entry points of referral.h (group clv_bass):
 * parameters, times and up to 16 adoption counts come from the input, and every function is
 * held to its contract.
 *
 * Input layout: byte 0 selects how doubles are read and what is fitted (bit 0: raw
 * little-endian doubles; else one byte each, mapped onto a grid of ordinary values and IEEE
 * specials; bit 1: also fit the counts; bit 2: by maximum likelihood, else by least squares;
 * bit 3: the density form, else the interval form; bit 4: from a start taken from the input);
 * byte 1 is the number of counts (mod 17); then p, q, m, the times t1 and t2, the forecast's
 * start, the fit's start p, q, m, and the counts.
 *
 * Checked: statuses are documented ones; a call fails exactly when the documented validation
 * says so; failing calls leave outputs untouched; on CLV_OK, F is in [0, 1], f >= 0 and
 * finite, adopters of an interval are in [0, m] and consecutive periods add up to at most m,
 * the peak is finite, interior exactly when q > p, with F(t*) in [0, 1/2] and no density above
 * it; the log-likelihood and gradient are finite (and <= 0 for whole counts and a whole m);
 * a fit returns finite positive estimates and an honest report (finite numbers, standard
 * errors +INFINITY only without a covariance), or an error with nothing written.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "referral.h"

/* A broken contract: say which, then crash so libFuzzer keeps the input. */
static void fail(const char *what, int line) {
    fprintf(stderr, "fuzz_bass.c:%d: contract violated: %s\n", line, what);
    __builtin_trap();
}

#include "fuzz_common.h"

#define MAX_COUNTS 16
#define SENTINEL (-4242.4242)
#define FILL 0xA5

/* One byte to a value: small whole numbers, fractions, rates, and IEEE specials. */
static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,  -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,     -1.0,      0.5,
                                        1e5,     1e15,     1e-3,   1.0 + 1e-9};
    if (b >= 240) {
        return specials[b - 240];
    }
    if (b < 120) {
        return (double)b * (double)b; /* counts up to 14161 */
    }
    return (double)(b - 120) / 128.0; /* rates in [0, 0.94] */
}

static double next_double(reader *r) {
    return reader_next(r, mapped, 0.0);
}

static int documented(int st) {
    return st <= 0 && st >= CLV_EIDENT;
}

static int nonneg(double v) {
    return isfinite(v) && v >= 0.0;
}

static int params_valid(const clv_bass_params *p) {
    return isfinite(p->p) && p->p > 0.0 && isfinite(p->q) && p->q >= 0.0 && isfinite(p->m) &&
           p->m > 0.0;
}

static void check_curve(const clv_bass_params *p, int pv, double t1, double t2, double start) {
    double F = SENTINEL;
    int st = clv_bass_cumulative(p, t1, &F);
    NEED(st == ((pv && nonneg(t1)) ? CLV_OK : CLV_EDOM));
    NEED(st == CLV_OK ? (F >= 0.0 && F <= 1.0) : F == SENTINEL);

    double f = SENTINEL;
    st = clv_bass_density(p, t1, &f);
    NEED(documented(st));
    NEED((st == CLV_OK || st == CLV_ERANGE) == (pv && nonneg(t1)));
    NEED(st == CLV_OK ? (isfinite(f) && f >= 0.0) : f == SENTINEL);

    double a = SENTINEL;
    st = clv_bass_adopters(p, t1, t2, &a);
    NEED(st == ((pv && nonneg(t1) && nonneg(t2) && t2 >= t1) ? CLV_OK : CLV_EDOM));
    NEED(st == CLV_OK ? (a >= 0.0 && a <= p->m) : a == SENTINEL);

    clv_bass_peak_info pk;
    memset(&pk, FILL, sizeof pk);
    st = clv_bass_peak(p, &pk);
    NEED(documented(st));
    NEED((st == CLV_OK || st == CLV_ERANGE) == pv);
    if (st != CLV_OK) {
        NEED(untouched_bytes(&pk, sizeof pk, FILL));
    } else {
        NEED(isfinite(pk.time) && pk.time >= 0.0);
        NEED(isfinite(pk.density) && pk.density >= 0.0);
        NEED(isfinite(pk.adopters) && pk.adopters >= 0.0);
        NEED(pk.cumulative >= 0.0 && pk.cumulative <= 0.5);
        NEED(pk.interior == (uint32_t)(p->q > p->p) && pk.reserved == 0);
        NEED(pk.interior || (pk.time == 0.0 && pk.density == p->p));
        /* No density above the peak's, where both are of an ordinary size. */
        if (f != SENTINEL && pk.density > 1e-300 && pk.density < 1e300) {
            NEED(f <= pk.density * (1.0 + 1e-9));
        }
    }

    static const int models[2] = {CLV_BASS_INTERVAL, CLV_BASS_DENSITY};
    for (int k = 0; k < 2; k++) {
        double out[4];
        for (int i = 0; i < 4; i++) {
            out[i] = SENTINEL;
        }
        st = clv_bass_forecast(p, start, models[k], 4, out);
        NEED(documented(st));
        int valid = pv && nonneg(start);
        NEED((st == CLV_OK || (k == 1 && st == CLV_ERANGE)) == valid);
        double sum = 0.0;
        for (int i = 0; i < 4; i++) {
            NEED(st == CLV_OK ? (isfinite(out[i]) && out[i] >= 0.0) : out[i] == SENTINEL);
            sum += (st == CLV_OK) ? out[i] : 0.0;
        }
        if (st == CLV_OK && k == 0) { /* (and a few ulps of a denormal m) */
            NEED(sum <= p->m * (1.0 + 1e-12) + 8 * 4.9406564584124654e-324);
        }
    }
    double dummy[1] = {SENTINEL};
    NEED(clv_bass_forecast(p, 0.0, 2, 1, dummy) == CLV_EINVAL && dummy[0] == SENTINEL);
    NEED(clv_bass_forecast(p, 0.0, CLV_BASS_INTERVAL, 0, dummy) == CLV_EINVAL);
}

static void check_loglik(const clv_bass_params *p, int pv, const double *y, size_t n) {
    int counts_valid = n >= 1;
    int whole = floor(p->m) == p->m;
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        counts_valid = counts_valid && nonneg(y[i]);
        whole = whole && floor(y[i]) == y[i];
        total += y[i];
    }
    double ll = SENTINEL;
    double g[3] = {SENTINEL, SENTINEL, SENTINEL};
    int st = clv_bass_loglik(p, n ? y : NULL, n, &ll, g);
    NEED(documented(st));
    if (n == 0) {
        NEED(st == CLV_EINVAL);
    } else if (!pv || !counts_valid) {
        NEED(st == CLV_EDOM);
    } else if (!isfinite(total)) {
        NEED(st == CLV_ERANGE);
    } else {
        NEED((st == CLV_OK || st == CLV_ERANGE) == (p->m >= total));
    }
    if (st == CLV_OK) {
        NEED(isfinite(ll) && isfinite(g[0]) && isfinite(g[1]) && isfinite(g[2]));
        /* A log-probability when m and the counts are whole numbers. */
        if (whole) { /* to the rounding of terms of size N ln m */
            NEED(ll <= 1e-9 * fmax(1.0, total * (1.0 + fabs(log(p->m)))));
        }
    } else {
        NEED(ll == SENTINEL && g[0] == SENTINEL && g[1] == SENTINEL && g[2] == SENTINEL);
    }
}

static void check_fit(const double *y, size_t n, uint8_t flags, const clv_bass_params *start) {
    clv_bass_fit_options o;
    clv_bass_fit_options_init(&o);
    o.method = (flags & 4) ? CLV_BASS_ML : CLV_BASS_NLS;
    o.model = (flags & 8) ? CLV_BASS_DENSITY : CLV_BASS_INTERVAL;
    o.max_iterations = 30;
    int total_valid = 1;
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        total_valid = total_valid && nonneg(y[i]);
        total += y[i];
    }
    int start_valid = 1;
    if (flags & 16) {
        o.use_start = 1;
        o.start = *start;
        start_valid = isfinite(start->p) && start->p > 0.0 && isfinite(start->q) &&
                      start->q > 0.0 && isfinite(start->m) && start->m > 0.0 &&
                      (o.method == CLV_BASS_NLS || start->m > total);
    }
    clv_bass_params est = {SENTINEL, SENTINEL, SENTINEL};
    clv_bass_fit_report r;
    memset(&r, FILL, sizeof r);
    int st = clv_bass_fit(n ? y : NULL, n, &o, &est, &r);
    NEED(documented(st));
    if (n < CLV_BASS_MIN_PERIODS || (o.method == CLV_BASS_ML && o.model == CLV_BASS_DENSITY)) {
        NEED(st == CLV_EINVAL);
    } else if (!start_valid || !total_valid || !(total > 0.0)) {
        NEED(st == CLV_EDOM || (total_valid && !isfinite(total) && st == CLV_ERANGE));
    } else {
        NEED(st == CLV_OK || st == CLV_ENOCONV || st == CLV_ERANGE);
    }
    if (st != CLV_OK && st != CLV_ENOCONV) {
        NEED(est.p == SENTINEL && est.q == SENTINEL && est.m == SENTINEL);
        NEED(untouched_bytes(&r, sizeof r, FILL));
        return;
    }
    NEED(isfinite(est.p) && est.p > 0.0 && isfinite(est.q) && est.q > 0.0 && isfinite(est.m) &&
         est.m > 0.0);
    NEED(o.method == CLV_BASS_NLS || est.m >= total);
    NEED(r.fit.converged == (uint32_t)(st == CLV_OK));
    NEED(r.fit.n_params == 3 && r.n_periods == n && r.df == n - 3 && r.fit.reserved == 0);
    NEED(r.method == o.method && r.model == o.model);
    NEED(isfinite(r.sse) && r.sse >= 0.0 && isfinite(r.residual_se) && r.residual_se >= 0.0);
    NEED(!isnan(r.fit.loglik) && isfinite(r.fit.gradient_norm) && r.fit.gradient_norm >= 0.0);
    NEED(r.fit.covariance_ok <= 1 && r.fit.iterations <= 30);
    for (int i = 0; i < 3; i++) {
        NEED(r.fit.covariance_ok ? (isfinite(r.fit.std_error[i]) && r.fit.std_error[i] >= 0.0)
                                 : r.fit.std_error[i] == INFINITY);
    }
    for (int i = 0; i < 64; i++) {
        NEED(isfinite(r.fit.covariance[i]) && (i < 9 || r.fit.covariance[i] == 0.0));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) {
        return 0;
    }
    reader rd = {data, size, 2, data[0] & 1};
    uint8_t flags = data[0];
    size_t n = data[1] % (MAX_COUNTS + 1);
    clv_bass_params p;
    p.p = next_double(&rd);
    p.q = next_double(&rd);
    p.m = next_double(&rd);
    double t1 = next_double(&rd);
    double t2 = next_double(&rd);
    double start = next_double(&rd);
    clv_bass_params fit_start;
    fit_start.p = next_double(&rd);
    fit_start.q = next_double(&rd);
    fit_start.m = next_double(&rd);
    /* Exact-size heap array, so ASan sees any overread. */
    double *y = malloc((n ? n : 1) * sizeof *y);
    NEED(y != NULL);
    for (size_t i = 0; i < n; i++) {
        y[i] = next_double(&rd);
    }
    int pv = params_valid(&p);

    check_curve(&p, pv, t1, t2, start);
    check_loglik(&p, pv, y, n);
    if (flags & 2) {
        check_fit(y, n, flags, &fit_start);
    }
    NEED(clv_bass_cumulative(NULL, t1, &t2) == CLV_EINVAL);
    NEED(clv_bass_fit(y, n, NULL, NULL, NULL) == CLV_EINVAL);
    free(y);
    return 0;
}
