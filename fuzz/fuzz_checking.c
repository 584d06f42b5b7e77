/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for the model-checking entry points (clv.h, group clv_checking): every
 * array-taking function gets arrays from the input and is held to its contract.
 *
 * Input layout: byte 0 selects how doubles are read (bit 0: raw little-endian doubles; else one
 * byte each, mapped onto a grid of whole numbers, fractions and IEEE specials), bit 1 weights,
 * bits 2-3 the model (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB); byte 1 is k (the histogram's and
 * conditional table's last bin, 0..15) and byte 2 the number of rows (0..12); then 4
 * parameters, the holdout length, 3 recency edges, 6 calendar times, and rows of (x, t_x, T,
 * weight, holdout, birth).
 *
 * Checked: statuses are documented ones; a refused call leaves its outputs untouched (the
 * tracking and matrix functions: whenever the refusal is a validation status, EINVAL / EDOM /
 * ESTRUCT); on CLV_OK the values are finite, counts and means >= 0, the histogram's expected
 * counts add up to the customers, p-values lie in [0, 1], MAE <= RMSE, |correlation| <= 1, the
 * cumulative tracking series does not decrease, and the matrix marks exactly the impossible
 * cells with the sentinel 0.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"

static void fail(const char *what, int line) {
    fprintf(stderr, "fuzz_checking.c:%d: contract violated: %s\n", line, what);
    __builtin_trap();
}

#include "fuzz_common.h"

#define MAX_ROWS 12
#define MAX_K 16
#define BYTE_SENTINEL 0xA5

static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,  -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,     -1.0,      0.5,
                                        1e5,     1e4,      1e-3,   39.0};
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

static int validation(int st) {
    return st == CLV_EINVAL || st == CLV_EDOM || st == CLV_ESTRUCT;
}

static int all_finite(const double *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            return 0;
        }
    }
    return 1;
}

/* Three outputs of n bins filled with the sentinel byte, checked after a refusal. */
static void check_bins(int st, const double *a, const double *b, const double *c, size_t n) {
    NEED(documented(st));
    if (st != CLV_OK) {
        NEED(untouched_bytes(a, n * sizeof *a, BYTE_SENTINEL));
        NEED(untouched_bytes(b, n * sizeof *b, BYTE_SENTINEL));
        NEED(untouched_bytes(c, n * sizeof *c, BYTE_SENTINEL));
        return;
    }
    NEED(all_finite(a, n) && all_finite(b, n) && all_finite(c, n));
    for (size_t i = 0; i < n; i++) {
        NEED(a[i] >= 0.0 && b[i] >= 0.0 && c[i] >= 0.0);
        NEED(a[i] > 0.0 || (b[i] == 0.0 && c[i] == 0.0)); /* empty bins: means 0 */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3) {
        return 0;
    }
    reader r = {data, size, 3, data[0] & 1};
    int use_weight = (data[0] >> 1) & 1;
    clv_purchase_model m = {CLV_MODEL_BGNBD + ((data[0] >> 2) & 3), 0, {0, 0, 0, 0}};
    uint32_t k = data[1] % MAX_K;
    size_t n = data[2] % (MAX_ROWS + 1);
    for (int i = 0; i < 4; i++) {
        m.params[i] = next_double(&r);
    }
    double holdout_length = next_double(&r);
    double edges[3], times[6];
    for (int i = 0; i < 3; i++) {
        edges[i] = next_double(&r);
    }
    for (int i = 0; i < 6; i++) {
        times[i] = next_double(&r);
    }
    double x[MAX_ROWS], t_x[MAX_ROWS], T[MAX_ROWS], w[MAX_ROWS], hold[MAX_ROWS], birth[MAX_ROWS];
    uint64_t cust[MAX_ROWS];
    for (size_t i = 0; i < n; i++) {
        x[i] = next_double(&r);
        t_x[i] = next_double(&r);
        T[i] = next_double(&r);
        w[i] = next_double(&r);
        hold[i] = next_double(&r);
        birth[i] = next_double(&r);
        cust[i] = (uint64_t)(i / 3); /* customers of 3 transactions each */
    }
    /* Pareto/NBD at parameters such as s = 1e283, beta = 1e-119 takes up to ~16 ms a cell
     * (its quadratures; a finding of this harness left to pnbd.c), tens of times that under
     * the sanitizers: outside 1e-6..1e6 the model-evaluating calls get at most 2 rows and a
     * 2 x 1 matrix, so that an input stays within the -timeout. */
    int moderate = 1;
    for (int i = 0; i < 4; i++) {
        moderate &= m.params[i] >= 1e-6 && m.params[i] <= 1e6;
    }
    size_t n_model = (moderate || n < 2) ? n : 2;
    clv_rfm_view v = {n_model, x, t_x, T, NULL, use_weight ? w : NULL};
    clv_diag diag;
    clv_diag_init(&diag);
    clv_check_options opt;
    clv_check_options_init(&opt);
    opt.diag = &diag;
    int st;

    /* Frequency histogram, chi-square of it. */
    double ex[MAX_K + 1], ac[MAX_K + 1], unused[MAX_K + 1];
    memset(ex, BYTE_SENTINEL, sizeof ex);
    memset(ac, BYTE_SENTINEL, sizeof ac);
    memset(unused, BYTE_SENTINEL, sizeof unused);
    st = clv_frequency_histogram(&m, &v, k, &opt, ex, ac);
    NEED(documented(st));
    if (st != CLV_OK) {
        NEED(untouched_bytes(ex, sizeof ex, BYTE_SENTINEL));
        NEED(untouched_bytes(ac, sizeof ac, BYTE_SENTINEL));
        NEED(diag.status == st || !validation(st) || st == CLV_ESTRUCT);
    } else {
        double se = 0.0, sa = 0.0, total = 0.0;
        for (uint32_t b = 0; b <= k; b++) {
            NEED(isfinite(ex[b]) && ex[b] >= 0.0 && ac[b] >= 0.0);
            se += ex[b];
            sa += ac[b];
        }
        for (size_t i = 0; i < n_model; i++) {
            total += use_weight ? w[i] : 1.0;
        }
        NEED(fabs(sa - total) <= 1e-9 * total);
        /* The expected counts add up to the customers as far as the model's P(X(T) = x) add up
         * to 1: held where the library's probabilities are checked (parameters 1e-3..1e3;
         * BG/NBD at a = 1e-22, b = 3e-310 gives P(0) + P(1) = 1.99, a finding of this
         * harness left to betageo.c). */
        int sane = 1;
        for (int i = 0; i < 4; i++) {
            sane &= m.params[i] >= 1e-3 && m.params[i] <= 1e3;
        }
        NEED(!sane || se <= total * (1.0 + 1e-9) + 1e-300);
        clv_chi_square_result res = {-1, -1, -1, -1};
        uint32_t groups[MAX_K + 1];
        st = clv_chi_square_test(ex, ac, k + 1, 4, &opt, &res, groups);
        NEED(documented(st));
        if (st == CLV_OK) {
            NEED(res.p_value >= 0.0 && res.p_value <= 1.0 && res.statistic >= 0.0);
            NEED(res.df >= 1.0 && res.groups == res.df + 5.0);
            NEED(groups[0] == 0 && groups[k] + 1 == (uint32_t)res.groups);
        } else {
            NEED(res.statistic == -1 && res.p_value == -1);
        }
    }
    /* Conditional tables. */
    double cnt[MAX_K + 1], ma[MAX_K + 1], mp[MAX_K + 1];
    memset(cnt, BYTE_SENTINEL, sizeof cnt);
    memset(ma, BYTE_SENTINEL, sizeof ma);
    memset(mp, BYTE_SENTINEL, sizeof mp);
    st = clv_conditional_by_frequency(&m, &v, hold, holdout_length, k, &opt, cnt, ma, mp);
    check_bins(st, cnt, ma, mp, (size_t)k + 1);
    memset(cnt, BYTE_SENTINEL, sizeof cnt);
    memset(ma, BYTE_SENTINEL, sizeof ma);
    memset(mp, BYTE_SENTINEL, sizeof mp);
    st = clv_conditional_by_recency(&m, &v, hold, holdout_length, edges, 2, &opt, cnt, ma, mp);
    check_bins(st, cnt, ma, mp, 2);

    /* Tracking: births sorted or not, as the input gives them. */
    double cum[6], inc[6];
    memset(cum, BYTE_SENTINEL, sizeof cum);
    memset(inc, BYTE_SENTINEL, sizeof inc);
    st = clv_tracking_expected(&m, birth, use_weight ? w : NULL, n_model, times, 6, &opt, cum,
                               inc);
    NEED(documented(st));
    if (validation(st)) {
        NEED(untouched_bytes(cum, sizeof cum, BYTE_SENTINEL));
        NEED(untouched_bytes(inc, sizeof inc, BYTE_SENTINEL));
    } else if (st == CLV_OK) {
        NEED(all_finite(cum, 6) && all_finite(inc, 6));
        for (int j = 0; j < 6; j++) {
            NEED(cum[j] >= 0.0 && (j == 0 || cum[j] >= cum[j - 1] * (1.0 - 1e-12)));
        }
    }
    memset(cum, BYTE_SENTINEL, sizeof cum);
    st = clv_tracking_actual(cust, birth, n, times, 6, &opt, cum, NULL);
    NEED(documented(st));
    if (st != CLV_OK) {
        NEED(untouched_bytes(cum, sizeof cum, BYTE_SENTINEL));
    } else {
        for (int j = 0; j < 6; j++) {
            NEED(cum[j] >= 0.0 && cum[j] <= (double)n && (j == 0 || cum[j] >= cum[j - 1]));
        }
    }

    /* Accuracy and calibration of (x as a prediction, holdout). */
    clv_accuracy acc;
    memset(&acc, BYTE_SENTINEL, sizeof acc);
    st = clv_holdout_accuracy(x, hold, use_weight ? w : NULL, n, &opt, &acc);
    NEED(documented(st));
    if (st != CLV_OK) {
        NEED(untouched_bytes(&acc, sizeof acc, BYTE_SENTINEL));
    } else {
        NEED(acc.mae >= 0.0 && acc.rmse >= acc.mae * (1.0 - 1e-12));
        NEED(fabs(acc.correlation) <= 1.0);
        NEED(acc.correlation_defined == 0.0 || acc.correlation_defined == 1.0);
    }
    double be[4];
    memset(be, BYTE_SENTINEL, sizeof be);
    memset(cnt, BYTE_SENTINEL, sizeof cnt);
    memset(ma, BYTE_SENTINEL, sizeof ma);
    memset(mp, BYTE_SENTINEL, sizeof mp);
    st = clv_calibration_table(x, hold, use_weight ? w : NULL, n, (data[0] & 16) ? edges : NULL,
                               (data[0] & 16) ? 2 : 3, &opt, be, cnt, mp, ma);
    NEED(documented(st)); /* predictions and actual values may be negative: no sign check */
    if (st != CLV_OK) {
        NEED(untouched_bytes(cnt, sizeof cnt, BYTE_SENTINEL));
        NEED(untouched_bytes(be, sizeof be, BYTE_SENTINEL));
    } else {
        size_t nb = (data[0] & 16) ? 2 : 3;
        NEED(all_finite(be, nb + 1) && all_finite(mp, nb) && all_finite(ma, nb));
        for (size_t b = 0; b < nb; b++) {
            NEED(cnt[b] >= 0.0 && be[b] <= be[b + 1]);
        }
    }

    /* Information criteria, LR test, chi-square p-value from the edges. */
    clv_fit_report rep;
    memset(&rep, 0, sizeof rep);
    rep.loglik = edges[0];
    rep.n_params = 4;
    double aic = -1, bic = -1, stat = -1, p = -1;
    st = clv_information_criteria(&rep, edges[1], &aic, &bic);
    NEED(documented(st) && (st == CLV_OK ? isfinite(aic) && isfinite(bic) : aic == -1));
    st = clv_likelihood_ratio_test(edges[0], edges[1], edges[2], &stat, &p);
    NEED(documented(st));
    NEED(st == CLV_OK ? (stat >= 0.0 && p >= 0.0 && p <= 1.0) : (stat == -1 && p == -1));

    /* Matrix over x = 0..3 and the t_x grid of the rows (at most 6 columns). */
    size_t cols = n_model < 6 ? n_model : 6;
    uint32_t max_x = moderate ? 3 : 1;
    if (!moderate && cols > 1) {
        cols = 1;
    }
    double pa[4 * 6], ee[4 * 6];
    int32_t ok[4 * 6];
    memset(pa, BYTE_SENTINEL, sizeof pa);
    memset(ok, BYTE_SENTINEL, sizeof ok);
    double T0 = cols > 0 ? T[0] : 1.0;
    st = clv_frequency_recency_matrix(&m, max_x, t_x, cols, T0, holdout_length, &opt, pa, ee, ok);
    NEED(documented(st));
    if (validation(st)) {
        NEED(untouched_bytes(pa, sizeof pa, BYTE_SENTINEL));
        NEED(untouched_bytes(ok, sizeof ok, BYTE_SENTINEL));
    } else if (st == CLV_OK) {
        for (size_t c = 0; c < (max_x + 1) * cols; c++) {
            NEED(ok[c] == 0 || ok[c] == 1);
            NEED(isfinite(pa[c]) && pa[c] >= 0.0 && pa[c] <= 1.0 && isfinite(ee[c]));
            if (!ok[c]) {
                NEED(pa[c] == 0.0 && ee[c] == 0.0);
            }
            double cx = (double)(c / cols), ct = t_x[c % cols];
            NEED(ok[c] == 0 || !(cx == 0.0 && ct > 0.0));
            NEED(ok[c] == 0 || ct <= T0);
        }
    }
    return 0;
}
