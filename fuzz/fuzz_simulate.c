/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for random numbers and simulation (clv.h, group clv_sim; churn.h,
 * clv_sbg_simulate()): a generator seeded from the input, a model, its parameters, T values, a
 * holdout window and a transaction capacity come from the input, and every function is held
 * to its contract.
 *
 * Input layout: byte 0 selects how doubles are read (bit 0: raw little-endian doubles; else
 * one byte each, mapped onto a grid of ordinary values and IEEE specials); byte 1: bits 0-1
 * the model (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB), bit 2 a spend model, bit 3 per-customer T,
 * bit 4 a transaction log, bit 5 natural (0) or log (1) scale for the parameter draws; byte 2:
 * customers (1..16), byte 3: transaction capacity (0..255), byte 4: the seed; then 4 model
 * parameters, 3 Gamma-Gamma parameters, common T, holdout, 16 T values, 4 estimates, a 4 x 4
 * covariance, 2 sBG parameters and its cohort size.
 *
 * Checked: statuses are documented ones; invalid parameters, T or holdout are rejected with
 * outputs and generator untouched; on CLV_OK the rows pass clv_rfm_check() (x whole, t_x in
 * [0, T], monetary > 0 where x > 0), holdout counts are whole and >= 0, the log is sorted by
 * customer and time, opens each customer at time 0 and ends their calibration at t_x, and its
 * amounts average to the monetary column; CLV_ENOMEM reports a count above the capacity
 * with the same rows; parameter draws are finite and > 0; sBG survivors are whole and
 * non-increasing.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"

static void fail(const char *what, int line) {
    fprintf(stderr, "fuzz_simulate.c:%d: contract violated: %s\n", line, what);
    __builtin_trap();
}

#include "fuzz_common.h"

#define MAX_CUSTOMERS 16
#define MAX_TX 256
#define SENTINEL (-4242.4242)

static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,  -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,     -1.0,      0.5,
                                        1e5,     1e4,      1e-3,   1.0 + 1e-9};
    if (b >= 240) {
        return specials[b - 240];
    }
    if (b < 120) {
        return (double)b;
    }
    return (double)(b - 120) / 8.0;
}

static int pos_finite(double v) {
    return v > 0.0 && isfinite(v);
}

static void check_sim(clv_rng *rng, const uint8_t *head, reader *r) {
    static const int32_t tags[4] = {CLV_MODEL_BGNBD, CLV_MODEL_PNBD, CLV_MODEL_MBGNBD,
                                    CLV_MODEL_BGBB};
    clv_purchase_model m;
    memset(&m, 0, sizeof m);
    m.model = tags[head[1] & 3];
    for (int i = 0; i < 4; i++) {
        m.params[i] = reader_next(r, mapped, 1.0);
    }
    clv_gg_params gg = {reader_next(r, mapped, 1.0), reader_next(r, mapped, 1.0),
                        reader_next(r, mapped, 1.0)};
    int spend = (head[1] & 4) != 0, per_row = (head[1] & 8) != 0, log = (head[1] & 16) != 0;
    size_t n = 1 + head[2] % MAX_CUSTOMERS;
    clv_sim_options o;
    clv_sim_options_init(&o);
    o.T = reader_next(r, mapped, 1.0);
    o.holdout = reader_next(r, mapped, 0.0);
    double T[MAX_CUSTOMERS];
    for (size_t i = 0; i < MAX_CUSTOMERS; i++) {
        T[i] = reader_next(r, mapped, 1.0);
    }
    int bgbb = m.model == CLV_MODEL_BGBB;
    int valid = 1;
    for (int i = 0; i < 4; i++) {
        valid = valid && pos_finite(m.params[i]);
    }
    if (spend) {
        valid = valid && pos_finite(gg.p) && pos_finite(gg.q) && pos_finite(gg.gamma);
    }
    double h = o.holdout;
    valid = valid && isfinite(h) && h >= 0.0 && (!bgbb || (h == floor(h) && h <= CLV_BGBB_MAX_OPPORTUNITIES));
    for (size_t i = 0; i < (per_row ? n : 1); i++) {
        double t = per_row ? T[i] : o.T;
        valid = valid && isfinite(t) && t >= 0.0 &&
                (!bgbb || (t == floor(t) && t + h <= CLV_BGBB_MAX_OPPORTUNITIES));
    }
    double x[MAX_CUSTOMERS], t_x[MAX_CUSTOMERS], mon[MAX_CUSTOMERS], xh[MAX_CUSTOMERS];
    for (size_t i = 0; i < MAX_CUSTOMERS; i++) {
        x[i] = t_x[i] = mon[i] = xh[i] = SENTINEL;
    }
    uint64_t cust[MAX_TX];
    double time[MAX_TX], amount[MAX_TX];
    clv_sim_transactions tx = {cust, time, spend ? amount : NULL, head[3], 0};
    clv_rng saved = *rng;
    clv_diag d;
    clv_diag_init(&d);
    o.diag = &d;
    int st = clv_sim_customers(rng, &m, spend ? &gg : NULL, &o, n, per_row ? T : NULL, x, t_x,
                               spend ? mon : NULL, xh, log ? &tx : NULL);
    NEED(st == CLV_OK || st == CLV_EDOM || st == CLV_ERANGE || st == CLV_ENOMEM);
    NEED((st == CLV_EDOM) == !valid);
    NEED(st == CLV_OK || d.status == st);
    if (st == CLV_EDOM) {
        NEED(memcmp(rng, &saved, sizeof saved) == 0);
        for (size_t i = 0; i < MAX_CUSTOMERS; i++) {
            NEED(x[i] == SENTINEL && t_x[i] == SENTINEL && xh[i] == SENTINEL);
        }
        return;
    }
    if (st == CLV_ERANGE) {
        return; /* a rate far outside any customer base: partial output, documented */
    }
    double Tcol[MAX_CUSTOMERS];
    for (size_t i = 0; i < n; i++) {
        Tcol[i] = per_row ? T[i] : o.T;
        NEED(xh[i] >= 0.0 && xh[i] == floor(xh[i]));
        NEED(x[i] == 0.0 || t_x[i] > 0.0 || Tcol[i] < 1e-290);
    }
    clv_rfm_view v = {n, x, t_x, Tcol, spend ? mon : NULL, NULL};
    if (bgbb) {
        for (size_t i = 0; i < n; i++) {
            NEED(t_x[i] == floor(t_x[i]) && x[i] <= t_x[i] && t_x[i] <= Tcol[i]);
        }
    }
    size_t bad = 0;
    NEED(clv_rfm_check(&v, spend, &bad) == CLV_OK || (!bgbb && x[bad] > 0.0 && t_x[bad] == 0.0));
    if (!log) {
        return;
    }
    if (st == CLV_ENOMEM) {
        NEED(tx.count > tx.capacity);
        return;
    }
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 1 + (size_t)x[i] + (size_t)xh[i];
        NEED(pos + k <= tx.count && tx.count <= tx.capacity);
        NEED(cust[pos] == i && time[pos] == 0.0);
        NEED(time[pos + (size_t)x[i]] == t_x[i]);
        double sum = 0.0;
        for (size_t j = 1; j < k; j++) {
            NEED(cust[pos + j] == i && time[pos + j] >= time[pos + j - 1]);
            NEED(j <= (size_t)x[i] ? time[pos + j] <= Tcol[i]
                                   : time[pos + j] > Tcol[i] && time[pos + j] <= Tcol[i] + h);
            if (spend && j <= (size_t)x[i]) {
                sum += amount[pos + j];
            }
        }
        if (spend && x[i] > 0.0) {
            NEED(fabs(sum / x[i] - mon[i]) <= 1e-9 * mon[i]);
        }
        pos += k;
    }
    NEED(pos == tx.count);
}

static void check_draws(clv_rng *rng, const uint8_t *head, reader *r) {
    double est[4], cov[16], draws[3 * 4];
    for (int i = 0; i < 4; i++) {
        est[i] = reader_next(r, mapped, 1.0);
    }
    for (int i = 0; i < 16; i++) {
        cov[i] = reader_next(r, mapped, 0.0);
    }
    for (int i = 0; i < 12; i++) {
        draws[i] = SENTINEL;
    }
    uint32_t k = 1 + (head[2] >> 4) % 4;
    clv_rng saved = *rng;
    int st = clv_param_draws(rng, k, est, cov, (head[1] >> 5) & 1, 3, draws, NULL);
    NEED(st == CLV_OK || st == CLV_EDOM || st == CLV_ENOCONV);
    if (st == CLV_EDOM) {
        NEED(memcmp(rng, &saved, sizeof saved) == 0);
        for (int i = 0; i < 12; i++) {
            NEED(draws[i] == SENTINEL);
        }
    }
    if (st == CLV_OK) {
        for (uint32_t i = 0; i < 3 * k; i++) {
            NEED(pos_finite(draws[i]));
        }
    }
}

static void check_sbg(clv_rng *rng, reader *r) {
    clv_sbg_params p = {reader_next(r, mapped, 1.0), reader_next(r, mapped, 1.0)};
    double size = reader_next(r, mapped, 100.0);
    double alive[33];
    int st = clv_sbg_simulate(rng, &p, size, 32, alive);
    int valid = pos_finite(p.alpha) && pos_finite(p.beta) && size >= 0.0 &&
                size <= CLV_SBG_SIMULATE_MAX_COHORT && size == floor(size);
    NEED(st == (valid ? CLV_OK : CLV_EDOM));
    if (st == CLV_OK) {
        NEED(alive[0] == size);
        for (int t = 1; t <= 32; t++) {
            NEED(alive[t] >= 0.0 && alive[t] <= alive[t - 1] && alive[t] == floor(alive[t]));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 5) {
        return 0;
    }
    reader r = {data, size, 5, data[0] & 1};
    clv_rng rng;
    clv_rng_seed(&rng, data[4]);
    check_sim(&rng, data, &r);
    check_draws(&rng, data, &r);
    check_sbg(&rng, &r);
    return 0;
}
