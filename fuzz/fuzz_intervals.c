/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for the delta-method intervals of the closed-form models: clv_bass_interval()
 * (referral.h) and clv_sbg_interval() (churn.h). Parameters, a covariance, the level and up to
 * 8 times come from the input.
 *
 * Input layout: byte 0: bit 0 raw little-endian doubles (else one byte each, mapped onto a grid
 * of ordinary values and IEEE specials); bits 1-2 the Bass quantity (0 is an unknown one);
 * bits 3-4 the scale (3 is an unknown one); bits 5-6 the sBG quantity - 1. Byte 1: the number
 * of times, mod 9. Then p, q, m, the 9 covariance entries (row-major), the level, the sBG
 * discount, and the times. The sBG call reads alpha = p, beta = q, the covariance's upper-left
 * 2 x 2 block as its own and the first time as t.
 *
 * Checked: statuses are documented ones; an unknown scale is CLV_EINVAL, then a level outside
 * (0, 1) CLV_EDOM, then an unknown quantity, no times or a null pointer CLV_EINVAL, invalid
 * parameters or times CLV_EDOM or CLV_ERANGE (never OK); every
 * failing call leaves every output untouched; on CLV_OK each estimate is exactly the forecast
 * of clv_bass_cumulative(), clv_bass_adopters() or clv_bass_density() (times m), the standard
 * error is finite and >= 0, the ends are finite and ordered around the estimate, symmetric on
 * the natural scale and inside [0, 1] on the logit one.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "churn.h"
#include "referral.h"

static void fail(const char *what, int line) {
    fprintf(stderr, "fuzz_intervals.c:%d: contract violated: %s\n", line, what);
    __builtin_trap();
}

#include "fuzz_common.h"

#define MAX_TIMES 8
#define SENTINEL (-4242.4242)

static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,  -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,     -1.0,      0.5,
                                        1e5,     1e15,     1e-3,   1.0 + 1e-9};
    if (b >= 240) {
        return specials[b - 240];
    }
    if (b < 120) {
        return (double)b * (double)b / 16.0; /* up to 885 */
    }
    return (double)(b - 120) / 128.0; /* rates in [0, 0.94] */
}

static int documented(int st) {
    return st <= 0 && st >= CLV_EIDENT;
}

/* The outputs of one call, checked against the contract. */
static void check_ok(int scale, double est, double lo, double hi, double se) {
    NEED(isfinite(est) && isfinite(lo) && isfinite(hi) && isfinite(se) && se >= 0.0);
    double tol = 1e-12 * fabs(est) + 1e-300; /* rounding of exp / expit */
    NEED(lo <= est + tol && hi >= est - tol);
    if (scale == CLV_INTERVAL_LOGIT) {
        NEED(lo >= 0.0 && hi <= 1.0);
    }
    if (scale == CLV_INTERVAL_NATURAL) {
        NEED(fabs((hi - est) - (est - lo)) <= 1e-9 * (fabs(hi) + fabs(lo) + fabs(est)));
    }
}

static double forecast(const clv_bass_params *b, int q, double t) {
    double v = NAN;
    int st;
    if (q == CLV_BASS_FORECAST_CUMULATIVE) {
        st = clv_bass_cumulative(b, t, &v);
        v *= b->m;
    } else if (q == CLV_BASS_FORECAST_PERIOD) {
        st = clv_bass_adopters(b, t - 1.0, t, &v);
    } else {
        st = clv_bass_density(b, t, &v);
        v *= b->m;
    }
    NEED(st == CLV_OK);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) {
        return 0;
    }
    reader rd = {data, size, 2, data[0] & 1};
    int quantity = (data[0] >> 1) & 3;
    int scale = (data[0] >> 3) & 3;
    int sbg_quantity = 1 + ((data[0] >> 5) & 3);
    size_t n = data[1] % (MAX_TIMES + 1);
    clv_bass_params b;
    double cov[9], times[MAX_TIMES];
    b.p = reader_next(&rd, mapped, 0.0);
    b.q = reader_next(&rd, mapped, 0.0);
    b.m = reader_next(&rd, mapped, 0.0);
    for (int i = 0; i < 9; i++) {
        cov[i] = reader_next(&rd, mapped, 0.0);
    }
    double level = reader_next(&rd, mapped, 0.95);
    double discount = reader_next(&rd, mapped, 0.1);
    for (size_t i = 0; i < n; i++) {
        times[i] = reader_next(&rd, mapped, 1.0);
    }
    clv_interval_options o;
    NEED(clv_interval_options_init(&o) == CLV_OK);
    o.level = level;
    o.scale = scale == 3 ? 7 : scale;

    /* Bass */
    double est[MAX_TIMES], lo[MAX_TIMES], hi[MAX_TIMES], se[MAX_TIMES];
    for (size_t i = 0; i < MAX_TIMES; i++) {
        est[i] = lo[i] = hi[i] = se[i] = SENTINEL;
    }
    int st = clv_bass_interval(&b, cov, quantity, n ? times : est, n, &o, est, lo, hi, se);
    NEED(documented(st));
    int params_ok = isfinite(b.p) && b.p > 0.0 && isfinite(b.q) && b.q >= 0.0 &&
                    isfinite(b.m) && b.m > 0.0;
    int times_ok = 1;
    for (size_t i = 0; i < n; i++) {
        times_ok &= isfinite(times[i]) && times[i] >= (quantity == 2 ? 1.0 : 0.0);
    }
    int level_ok = level > 0.0 && level < 1.0;
    if (o.scale == 7) { /* the options are read first: scale, then level */
        NEED(st == CLV_EINVAL);
    } else if (!level_ok) {
        NEED(st == CLV_EDOM);
    } else if (quantity == 0 || n == 0) {
        NEED(st == CLV_EINVAL);
    } else if (!params_ok || !times_ok) {
        NEED(st == CLV_EDOM || st == CLV_ERANGE);
    }
    for (size_t i = 0; i < MAX_TIMES; i++) {
        if (st != CLV_OK || i >= n) {
            NEED(est[i] == SENTINEL && lo[i] == SENTINEL && hi[i] == SENTINEL &&
                 se[i] == SENTINEL);
        } else {
            check_ok(o.scale, est[i], lo[i], hi[i], se[i]);
            NEED(est[i] == forecast(&b, quantity, times[i]));
        }
    }
    NEED(clv_bass_interval(NULL, cov, 1, times, 1, &o, est, lo, hi, se) == CLV_EINVAL);
    NEED(clv_bass_interval(&b, NULL, 1, times, 1, &o, est, lo, hi, se) == CLV_EINVAL);

    /* sBG */
    const clv_sbg_params sp = {b.p, b.q};
    const double c2[4] = {cov[0], cov[1], cov[3], cov[4]};
    double e1 = SENTINEL, l1 = SENTINEL, h1 = SENTINEL, s1 = SENTINEL;
    double t = n ? times[0] : 1.0;
    st = clv_sbg_interval(&sp, c2, sbg_quantity, t, discount, &o, &e1, &l1, &h1, &s1);
    NEED(documented(st));
    if (o.scale == 7) {
        NEED(st == CLV_EINVAL);
    }
    if (!(isfinite(sp.alpha) && sp.alpha > 0.0 && isfinite(sp.beta) && sp.beta > 0.0)) {
        NEED(st != CLV_OK);
    }
    if (st != CLV_OK) {
        NEED(e1 == SENTINEL && l1 == SENTINEL && h1 == SENTINEL && s1 == SENTINEL);
    } else {
        check_ok(o.scale, e1, l1, h1, s1);
    }
    return 0;
}
