/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for the sBG entry points of churn.h (group clv_sbg), the array ones above
 * all: parameters, periods, a discount rate, up to 8 duration rows and up to 16 survivor
 * counts split into two cohorts come from the input, and every function is held to its
 * contract.
 *
 * Input layout: byte 0 selects how doubles are read (bit 0: raw little-endian doubles; else
 * one byte each, mapped onto a grid of ordinary values and IEEE specials; bit 1: use weights;
 * bit 2: also fit both data forms, with a small iteration cap); byte 1 is where the survivor
 * counts split into the two cohorts (mod 17); then alpha, beta, the period t, the discount
 * rate d, the horizon H, the cohort size N, the number of duration rows (mod 9), rows of
 * (duration, churned flag, weight), and the survivor counts.
 *
 * Checked: statuses are documented ones; a call fails exactly when the documented validation
 * says so; failing calls leave outputs untouched; on CLV_OK, S(t), P(T = t) and r(t) are in
 * [0, 1], the expected lifetime is in [0, H], DEL and DERL are finite, >= 0 and at most
 * (1+d)/d, projections are finite and non-increasing, log-likelihoods and gradients are
 * finite, the cohort and durations forms agree on the same customers, and a fit returns
 * finite positive parameters or an honest error.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"

/* A broken contract: say which, then crash so libFuzzer keeps the input. */
static void fail(const char *what, int line) {
    fprintf(stderr, "fuzz_churn.c:%d: contract violated: %s\n", line, what);
    __builtin_trap();
}

#include "fuzz_common.h"

#define MAX_ROWS 8
#define MAX_ALIVE 16
#define SENTINEL (-4242.4242)

/* One byte to a value: small whole numbers, fractions, large values and IEEE specials. */
static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,  -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,     -1.0,      0.5,
                                        1e5,     1e15,     1e-3,   1.0 + 1e-9};
    if (b >= 240) {
        return specials[b - 240];
    }
    if (b < 120) {
        return (double)b;
    }
    return (double)(b - 120) / 8.0;
}

static double next_double(reader *r) {
    return reader_next(r, mapped, 0.0);
}

static int documented(int st) {
    return st <= 0 && st >= CLV_EIDENT;
}

static int whole(double v, double lo) {
    return isfinite(v) && v >= lo && floor(v) == v;
}

/* The status a scalar period argument must give: EDOM, EINVAL or OK. */
static int period_status(double t, double lo) {
    if (!isfinite(t) || !(t >= lo)) {
        return CLV_EDOM;
    }
    return floor(t) == t ? CLV_OK : CLV_EINVAL;
}

static void check_fit(int st, const clv_sbg_params *est) {
    NEED(documented(st));
    if (st == CLV_OK || st == CLV_ENOCONV) {
        NEED(isfinite(est->alpha) && est->alpha > 0.0);
        NEED(isfinite(est->beta) && est->beta > 0.0);
    } else {
        NEED(est->alpha == SENTINEL && est->beta == SENTINEL);
    }
}

static void scalar_checks(const clv_sbg_params *p, int pv, double t, double d, double h,
                          double n_cust) {
    double out = SENTINEL;
    int want = pv ? period_status(t, 0.0) : CLV_EDOM;
    int st = clv_sbg_survival(p, t, &out);
    NEED(st == want || (want == CLV_OK && st == CLV_ERANGE));
    NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
    out = SENTINEL;
    want = pv ? period_status(t, 1.0) : CLV_EDOM;
    st = clv_sbg_churn_prob(p, t, &out);
    NEED(st == want || (want == CLV_OK && st == CLV_ERANGE));
    NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
    out = SENTINEL;
    st = clv_sbg_retention_rate(p, t, &out);
    NEED(st == want);
    NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);

    out = SENTINEL;
    st = clv_sbg_expected_lifetime(p, h, &out);
    NEED(documented(st));
    int hv = !isnan(h) && h >= 0.0 && (isinf(h) || floor(h) == h);
    NEED((st == CLV_OK || st == CLV_EDIVERGE || st == CLV_ERANGE) == (pv && hv));
    NEED(st != CLV_EDIVERGE || (isinf(h) && !(p->alpha > 1.0)));
    NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0 && out <= h) : out == SENTINEL);

    int dv = isfinite(d) && d >= 0.0;
    /* S(t) <= 1, so DEL, DERL <= sum_k (1+d)^-k = (1+d)/d; the 2F1 sees z = 1/(1+d) rounded,
     * a relative error of ~1e-16/d for tiny d (documented in lib/churn/sbg.c). */
    double bound = (d > 0.0) ? (1.0 + d) / d * (1.0 + 1e-9 + 1e-15 / d) : INFINITY;
    out = SENTINEL;
    st = clv_sbg_del(p, d, &out);
    NEED(documented(st));
    NEED((st == CLV_OK || st == CLV_EDIVERGE || st == CLV_ERANGE) == (pv && dv));
    NEED(st != CLV_EDIVERGE || (d == 0.0 && !(p->alpha > 1.0)));
    NEED(st == CLV_OK ? (isfinite(out) && out >= 1.0 - 1e-12 && out <= bound) : out == SENTINEL);
    out = SENTINEL;
    st = clv_sbg_derl(p, t, d, &out);
    NEED(documented(st));
    NEED((st == CLV_OK || st == CLV_EDIVERGE || st == CLV_ERANGE) == (pv && dv && whole(t, 0.0)));
    NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0 && out <= bound) : out == SENTINEL);

    double proj[12];
    for (int i = 0; i < 12; i++) {
        proj[i] = SENTINEL;
    }
    st = clv_sbg_project(p, n_cust, 12, proj);
    NEED((st == CLV_OK) == (pv && isfinite(n_cust) && n_cust >= 0.0));
    for (int i = 0; i < 12; i++) {
        NEED(st == CLV_OK
                 ? (isfinite(proj[i]) && proj[i] >= 0.0 && (i == 0 || proj[i] <= proj[i - 1]))
                 : proj[i] == SENTINEL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) {
        return 0;
    }
    reader rd = {data, size, 2, data[0] & 1};
    int use_weights = (data[0] & 2) != 0;
    int do_fit = (data[0] & 4) != 0;
    size_t split = data[1] % (MAX_ALIVE + 1);
    clv_sbg_params p;
    p.alpha = next_double(&rd);
    p.beta = next_double(&rd);
    double t = next_double(&rd);
    double d = next_double(&rd);
    double h = next_double(&rd);
    double n_cust = next_double(&rd);
    /* Bound the work: horizons up to 1000 are summed term by term. */
    if (isfinite(h) && h > 2000.0 && h < 1e6) {
        h = 1e6;
    }
    double nr = next_double(&rd);
    size_t n_rows = isfinite(nr) ? (size_t)fmod(fabs(nr), MAX_ROWS + 1) : 0;
    double *dur = malloc((n_rows ? n_rows : 1) * sizeof *dur);
    int32_t *churned = malloc((n_rows ? n_rows : 1) * sizeof *churned);
    double *w = malloc((n_rows ? n_rows : 1) * sizeof *w);
    NEED(dur && churned && w);
    int rows_valid = n_rows > 0;
    for (size_t i = 0; i < n_rows; i++) {
        dur[i] = next_double(&rd);
        double c = next_double(&rd);
        churned[i] = (isfinite(c) && fabs(c) < 1e9) ? (int32_t)c : 7;
        w[i] = next_double(&rd);
        rows_valid = rows_valid && whole(dur[i], 1.0) && (churned[i] == 0 || churned[i] == 1) &&
                     (!use_weights || (isfinite(w[i]) && w[i] >= 0.0));
    }
    double alive[MAX_ALIVE];
    size_t n_alive = 0;
    while (n_alive < MAX_ALIVE && rd.pos < rd.size) {
        alive[n_alive++] = next_double(&rd);
    }
    int pv = isfinite(p.alpha) && p.alpha > 0.0 && isfinite(p.beta) && p.beta > 0.0;

    scalar_checks(&p, pv, t, d, h, n_cust);

    /* Durations: exact-size heap arrays, so ASan sees any overread. */
    const clv_sbg_durations table = {n_rows, dur, churned, use_weights ? w : NULL};
    double ll = SENTINEL;
    double g[2] = {SENTINEL, SENTINEL};
    int st = clv_sbg_loglik(&p, &table, &ll, g);
    NEED(documented(st));
    NEED((st == CLV_OK || st == CLV_ERANGE) == (pv && rows_valid));
    NEED(st == CLV_OK ? (isfinite(ll) && isfinite(g[0]) && isfinite(g[1]))
                      : (ll == SENTINEL && g[0] == SENTINEL && g[1] == SENTINEL));
    if (do_fit && rows_valid) {
        clv_fit_options o;
        clv_fit_options_init(&o);
        o.max_iterations = 20;
        clv_sbg_params est = {SENTINEL, SENTINEL};
        check_fit(clv_sbg_fit(&table, &o, &est, NULL), &est);
    }

    /* Cohorts: the counts split into two cohorts at `split`, each in its own heap array. */
    if (n_alive > 0) {
        size_t n1 = split < n_alive ? split : n_alive;
        size_t n2 = n_alive - n1;
        double *a1 = malloc((n1 ? n1 : 1) * sizeof *a1);
        double *a2 = malloc((n2 ? n2 : 1) * sizeof *a2);
        NEED(a1 && a2);
        memcpy(a1, alive, n1 * sizeof *a1);
        memcpy(a2, alive + n1, n2 * sizeof *a2);
        clv_sbg_cohort cs[2];
        size_t nc = 0;
        int counts_valid = 1;
        double *parts[2] = {a1, a2};
        size_t lens[2] = {n1, n2};
        for (int k = 0; k < 2; k++) {
            if (lens[k] == 0) {
                continue;
            }
            cs[nc++] = (clv_sbg_cohort){parts[k], (uint32_t)(lens[k] - 1), 0};
            for (size_t i = 0; i < lens[k]; i++) {
                double v = parts[k][i];
                counts_valid =
                    counts_valid && isfinite(v) && v >= 0.0 && (i == 0 || v <= parts[k][i - 1]);
            }
        }
        ll = SENTINEL;
        g[0] = g[1] = SENTINEL;
        st = clv_sbg_loglik_cohorts(&p, cs, nc, &ll, g);
        NEED(documented(st));
        NEED((st == CLV_OK || st == CLV_ERANGE) == (pv && counts_valid));
        NEED(st == CLV_OK ? (isfinite(ll) && isfinite(g[0]) && isfinite(g[1]))
                          : (ll == SENTINEL && g[0] == SENTINEL && g[1] == SENTINEL));
        /* The same customers as weighted durations give the same value, where the numbers
         * are of an ordinary size (parameters and counts of real data). */
        int ordinary =
            st == CLV_OK && p.alpha >= 1e-3 && p.alpha <= 1e3 && p.beta >= 1e-3 && p.beta <= 1e3;
        double ed[2 * (MAX_ALIVE + 1)];
        int32_t ec[2 * (MAX_ALIVE + 1)];
        double ew[2 * (MAX_ALIVE + 1)];
        size_t ne = 0;
        for (size_t k = 0; k < nc && ordinary; k++) {
            for (uint32_t s = 1; s <= cs[k].periods; s++) {
                ed[ne] = s;
                ec[ne] = 1;
                ew[ne++] = cs[k].alive[s - 1] - cs[k].alive[s];
            }
            if (cs[k].periods > 0) {
                ed[ne] = cs[k].periods;
                ec[ne] = 0;
                ew[ne++] = cs[k].alive[cs[k].periods];
            }
            ordinary = ordinary && cs[k].alive[0] <= 1e9;
        }
        if (ordinary && ne > 0) {
            const clv_sbg_durations ex = {ne, ed, ec, ew};
            double l2;
            NEED(clv_sbg_loglik(&p, &ex, &l2, NULL) == CLV_OK);
            NEED(fabs(l2 - ll) <= 1e-9 * fmax(1.0, fabs(ll)));
        }
        if (do_fit && counts_valid) {
            clv_fit_options o;
            clv_fit_options_init(&o);
            o.max_iterations = 20;
            clv_sbg_params est = {SENTINEL, SENTINEL};
            check_fit(clv_sbg_fit_cohorts(cs, nc, &o, &est, NULL), &est);
        }
        free(a1);
        free(a2);
    }
    free(dur);
    free(churned);
    free(w);
    return 0;
}
