/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness: the array entry points of the Markov migration model (churn.h, group
 * clv_markov) and of churn by reason (group clv_churn_reasons), on arrays taken from the input.
 *
 * Input layout:
 *   byte 0   n = 1 + (byte % 16) states or reasons;
 *   byte 1   bits 0-1 mode: 0 = P and R raw little-endian doubles, 1 = recency chain built
 *            from byte probabilities (b / 255) and byte costs, 2 = churn by reason on raw
 *            doubles, 3 = reasons on byte counts; bits 2-4 pick the horizon (0, 1, 5, 120,
 *            +inf, 1e9, -1, 1.5); bits 5-7 the discount (0.2, 0.01, 0, -0.5, -1, 1e-6, NaN,
 *            or a raw double from the data);
 *   bytes 2.. the arrays (missing bytes read as 0).
 *
 * Checked:
 * - every status is a documented code of the function; on an error the outputs hold their
 *   sentinel bytes;
 * - clv_markov_value: CLV_OK only when the checks the header lists pass (here: d > -1 and
 *   finite, an infinite horizon only with d > 0); on CLV_OK every value is finite, and with an
 *   infinite horizon the residual (I - P/(1+d)) V - R is at rounding level;
 * - clv_markov_recency_chain: on CLV_OK every row of P sums to 1 and has the documented shape,
 *   and clv_markov_value accepts the chain;
 * - churn by reason: shares in [0, 1], totals equal the sums, value saved <= value lost of the
 *   reason, ratio equals the quotient.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL 0xA5
#define MAXN 16

static const char *cur_call = "";

static void fail(const char *what, int line) {
    fprintf(stderr, "\nCONTRACT VIOLATION in %s: %s (fuzz_markov.c:%d)\n", cur_call, what, line);
    abort();
}

#include "fuzz_common.h"

static uint8_t next_byte(reader *r) {
    return (r->pos < r->size) ? r->data[r->pos++] : 0;
}

static double next_double(reader *r) {
    uint8_t b[8] = {0};
    for (int i = 0; i < 8; i++) {
        b[i] = next_byte(r);
    }
    double x;
    memcpy(&x, b, sizeof x);
    return x;
}

static int is_status(int st) {
    return st == CLV_OK || st == CLV_EINVAL || st == CLV_EDOM || st == CLV_ERANGE ||
           st == CLV_EDIVERGE;
}

static double ws[CLV_MARKOV_WORKSPACE_SIZE(MAXN)];

static void check_value(const double *P, const double *R, size_t n, double d, double T) {
    double v[MAXN];
    cur_call = "clv_markov_value";
    memset(v, SENTINEL, sizeof v);
    int st = clv_markov_value(P, R, n, d, T, ws, sizeof ws / sizeof ws[0], v);
    NEED(is_status(st));
    if (st != CLV_OK) {
        NEED(untouched_bytes(v, sizeof v, SENTINEL));
        if (isfinite(d) && d > -1.0 && isinf(T) && T > 0 && !(d > 0.0)) {
            NEED(st == CLV_EDIVERGE || st == CLV_EDOM);
        }
        return;
    }
    NEED(isfinite(d) && d > -1.0);
    NEED(!isinf(T) || d > 0.0);
    double norm_v = 0.0;
    double norm_r = 0.0;
    for (size_t i = 0; i < n; i++) {
        NEED(isfinite(v[i]));
        norm_v = fmax(norm_v, fabs(v[i]));
        norm_r = fmax(norm_r, fabs(R[i]));
    }
    NEED(untouched_bytes(v + n, sizeof v - n * sizeof v[0], SENTINEL));
    if (isinf(T) && norm_v < DBL_MAX / 1e3 && norm_r < DBL_MAX / 1e3) {
        double q = 1.0 / (1.0 + d);
        for (size_t i = 0; i < n; i++) {
            long double acc = (long double)v[i] - (long double)R[i];
            for (size_t j = 0; j < n; j++) {
                acc -= (long double)q * (long double)P[i * n + j] * (long double)v[j];
            }
            /* Backward error of GEPP with pivot growth bounded by diagonal dominance. */
            NEED(fabsl(acc) <= 1e-12L * ((long double)norm_r + (long double)norm_v) + 1e-300L);
        }
    }
}

static void fuzz_markov_raw(reader *r, size_t n, double d, double T) {
    double P[MAXN * MAXN];
    double R[MAXN];
    for (size_t i = 0; i < n * n; i++) {
        P[i] = next_double(r);
    }
    for (size_t i = 0; i < n; i++) {
        R[i] = next_double(r);
    }
    check_value(P, R, n, d, T);
}

static void fuzz_recency(reader *r, size_t n, double d, double T) {
    double p[MAXN];
    double cost[MAXN];
    double P[MAXN * MAXN];
    double R[MAXN];
    for (size_t i = 0; i < n; i++) {
        uint8_t b = next_byte(r);
        p[i] = (b == 254) ? NAN : (b == 253) ? 1.5 : (double)b / 252.0;
        cost[i] = (double)next_byte(r) - 8.0; /* some negative: CLV_EDOM */
    }
    double margin = (double)next_byte(r) * 10.0;
    const double *costs = (next_byte(r) & 1) ? cost : NULL;
    cur_call = "clv_markov_recency_chain";
    memset(P, SENTINEL, sizeof P);
    memset(R, SENTINEL, sizeof R);
    int st = clv_markov_recency_chain(p, n, margin, costs, P, R);
    NEED(st == CLV_OK || st == CLV_EDOM);
    if (st != CLV_OK) {
        NEED(untouched_bytes(P, sizeof P, SENTINEL) && untouched_bytes(R, sizeof R, SENTINEL));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        NEED(p[i] >= 0.0 && p[i] <= 1.0);
        double sum = 0.0;
        for (size_t j = 0; j < n; j++) {
            NEED(P[i * n + j] >= 0.0 && P[i * n + j] <= 1.0);
            sum += P[i * n + j];
        }
        NEED(fabs(sum - 1.0) <= 1e-15);
        NEED(R[i] == ((i == 0) ? margin : 0.0) - ((costs != NULL) ? costs[i] : 0.0));
    }
    check_value(P, R, n, d, T);
}

static void fuzz_reasons(reader *r, size_t n, int raw) {
    double lost[MAXN];
    double clv[MAXN];
    for (size_t i = 0; i < n; i++) {
        lost[i] = raw ? next_double(r) : (double)next_byte(r);
        clv[i] = raw ? next_double(r) : (double)next_byte(r) * 3.0;
    }
    uint8_t flags = next_byte(r);
    const double *values = (flags & 1) ? clv : NULL;
    double common = raw ? next_double(r) : 100.0;
    size_t reason = (size_t)next_byte(r) % (n + 1); /* n: out of range */
    double fraction = (double)next_byte(r) / 200.0; /* above 1 sometimes */
    double base = raw ? next_double(r) : (double)next_byte(r) * 8.0;

    clv_churn_reason out[MAXN];
    clv_churn_reason_total total;
    cur_call = "clv_churn_reasons";
    memset(out, SENTINEL, sizeof out);
    memset(&total, SENTINEL, sizeof total);
    int st = clv_churn_reasons(lost, values, n, common, out, &total);
    NEED(st == CLV_OK || st == CLV_EDOM || st == CLV_ERANGE);
    if (st != CLV_OK) {
        NEED(untouched_bytes(out, sizeof out, SENTINEL));
        NEED(untouched_bytes(&total, sizeof total, SENTINEL));
    } else {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) {
            NEED(out[i].lost == lost[i]);
            NEED(out[i].share >= 0.0 && out[i].share <= 1.0);
            NEED(out[i].value_share >= 0.0 && out[i].value_share <= 1.0);
            NEED(isfinite(out[i].value_lost) && out[i].value_lost <= total.value_lost);
            sum += lost[i];
        }
        NEED(sum == total.lost);
    }

    clv_churn_reason_effect e;
    cur_call = "clv_churn_reason_removal";
    memset(&e, SENTINEL, sizeof e);
    int st2 = clv_churn_reason_removal(lost, values, n, common, reason, fraction, base, &e);
    NEED(st2 == CLV_OK || st2 == CLV_EINVAL || st2 == CLV_EDOM || st2 == CLV_ERANGE);
    NEED((st2 == CLV_EINVAL) == (reason >= n));
    if (st2 != CLV_OK) {
        NEED(untouched_bytes(&e, sizeof e, SENTINEL));
    } else {
        NEED(st == CLV_OK);
        NEED(e.customers_kept >= 0.0 && e.customers_kept <= lost[reason]);
        NEED(e.value_saved <= out[reason].value_lost);
        NEED(e.lost_after >= 0.0 && e.lost_after <= e.lost_before);
        NEED(e.lost_before == total.lost);
        if (base > 0.0) {
            NEED(e.churn_before >= 0.0 && e.churn_before <= 1.0);
            NEED(e.churn_after >= 0.0 && e.churn_after <= e.churn_before);
        } else {
            NEED(e.churn_before == -1.0 && e.churn_after == -1.0);
        }
    }

    double ratio;
    cur_call = "clv_churn_reason_ratio";
    memset(&ratio, SENTINEL, sizeof ratio);
    size_t other = (reason + 1) % n;
    int st3 = clv_churn_reason_ratio(lost, n, reason, other, &ratio);
    NEED(st3 == CLV_OK || st3 == CLV_EINVAL || st3 == CLV_EDOM || st3 == CLV_ERANGE);
    if (st3 != CLV_OK) {
        NEED(untouched_bytes(&ratio, sizeof ratio, SENTINEL));
    } else {
        NEED(ratio == lost[reason] / lost[other]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const double horizons[8] = {0.0, 1.0, 5.0, 120.0, INFINITY, 1e9, -1.0, 1.5};
    static const double rates[7] = {0.2, 0.01, 0.0, -0.5, -1.0, 1e-6, NAN};
    reader r = {data, size, 0, 1}; /* bytes taken 8 at a time, zero-filled at the end */
    size_t n = 1 + (size_t)(next_byte(&r) % MAXN);
    uint8_t mode = next_byte(&r);
    double T = horizons[(mode >> 2) & 7];
    unsigned rate = (mode >> 5) & 7;
    double d = (rate < 7) ? rates[rate] : next_double(&r);
    switch (mode & 3) {
    case 0:
        fuzz_markov_raw(&r, n, d, T);
        break;
    case 1:
        fuzz_recency(&r, n, d, T);
        break;
    default:
        fuzz_reasons(&r, n, (mode & 3) == 2);
        break;
    }
    return 0;
}
