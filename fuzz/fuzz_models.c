/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for the customer-base model entry points (clv.h, groups clv_bgnbd,
 * clv_pnbd, clv_mbgnbd, clv_bgbb and clv_gg), the array ones above all: parameters and a table of up to 12 customers come from
 * the input, and every function is held to its contract.
 *
 * Input layout: byte 0 selects how doubles are read (bit 0: raw little-endian doubles; else
 * one byte each, mapped onto a grid of ordinary values and IEEE specials; bit 1: use weights;
 * bit 2: also fit BG/NBD and Gamma-Gamma; bit 3: also fit Pareto/NBD); then the 4 BG/NBD
 * parameters (read as Pareto/NBD's r, alpha, s, beta and BG/BB's four too), the horizon t, the count n for
 * P(X(t) = n), the 3 Gamma-Gamma parameters, and rows of (x, t_x, T, weight, monetary).
 *
 * Checked: statuses are documented ones; an input is rejected exactly when a parameter is not
 * finite and > 0 or clv_rfm_check() rejects a row; rejected calls leave outputs untouched; on
 * CLV_OK the log-likelihood and gradient are finite, P(alive) and P(X(t) = n) are in [0, 1],
 * expectations are finite and >= 0, array forms equal scalar forms, and a short fit returns
 * finite positive parameters or an honest error.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"

/* A broken contract: say which, then crash so libFuzzer keeps the input. */
static void fail(const char *what, int line) {
    fprintf(stderr, "fuzz_models.c:%d: contract violated: %s\n", line, what);
    __builtin_trap();
}

#include "fuzz_common.h"

#define MAX_ROWS 12
#define SENTINEL (-4242.4242)

/* One byte to a value: small whole numbers, fractions, large values and IEEE specials. */
static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,  -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,     -1.0,      0.5,
                                        1e5,     1e4,      1e-3,   1.0 + 1e-9};
    if (b >= 240) {
        return specials[b - 240];
    }
    if (b < 120) {
        return (double)b; /* whole numbers 0..119 */
    }
    return (double)(b - 120) / 8.0; /* 0 .. 14.875 in eighths */
}

static double next_double(reader *r) {
    return reader_next(r, mapped, 0.0);
}

static int params_valid(const clv_bgnbd_params *p) {
    const double v[4] = {p->r, p->alpha, p->a, p->b};
    for (int i = 0; i < 4; i++) {
        if (!(v[i] > 0.0) || !isfinite(v[i])) {
            return 0;
        }
    }
    return 1;
}

static int history_valid(double x, double t_x, double T) {
    return x >= 0.0 && isfinite(x) && floor(x) == x && T >= 0.0 && isfinite(T) && t_x >= 0.0 &&
           t_x <= T && !(x == 0.0 && t_x != 0.0);
}

static int documented(int st) {
    return st <= 0 && st >= CLV_EIDENT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    reader rd = {data, size, 1, data[0] & 1};
    clv_bgnbd_params p;
    p.r = next_double(&rd);
    p.alpha = next_double(&rd);
    p.a = next_double(&rd);
    p.b = next_double(&rd);
    double t = next_double(&rd);
    double n_purchases = next_double(&rd);
    clv_gg_params gg;
    gg.p = next_double(&rd);
    gg.q = next_double(&rd);
    gg.gamma = next_double(&rd);
    /* Bound the work: horizons and counts beyond these only repeat the same paths slowly. */
    if (isfinite(t) && fabs(t) > 1e6) {
        t = copysign(1e6, t);
    }
    if (isfinite(n_purchases) && fabs(n_purchases) > 200.0) {
        n_purchases = fmod(n_purchases, 200.0);
    }
    double x[MAX_ROWS], t_x[MAX_ROWS], T[MAX_ROWS], w[MAX_ROWS], m[MAX_ROWS];
    size_t count = 0;
    while (count < MAX_ROWS && rd.pos < rd.size) {
        x[count] = next_double(&rd);
        if (isfinite(x[count]) && x[count] > 1e5) {
            x[count] = fmod(x[count], 1e5); /* x up to what real data reaches */
        }
        t_x[count] = next_double(&rd);
        T[count] = next_double(&rd);
        w[count] = next_double(&rd);
        m[count] = next_double(&rd);
        count++;
    }
    int pv = params_valid(&p);
    /* MBG/NBD: the same engine with the Beta indices shifted; same contract. */
    const clv_mbgnbd_params mp = {p.r, p.alpha, p.a, p.b};

    /* Scalar predictions. */
    for (size_t i = 0; i < count; i++) {
        double out = SENTINEL;
        int hv = history_valid(x[i], t_x[i], T[i]);
        int st = clv_bgnbd_p_alive(&p, x[i], t_x[i], T[i], &out);
        NEED(documented(st));
        NEED((st == CLV_OK) == (pv && hv));
        NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
        out = SENTINEL;
        st = clv_bgnbd_expected_purchases(&p, x[i], t_x[i], T[i], t, &out);
        NEED(documented(st));
        if (!(pv && hv && t >= 0.0 && isfinite(t))) {
            NEED(st == CLV_EDOM && out == SENTINEL);
        } else {
            /* CLV_ENOCONV: the bounded quadrature missed its tolerance (parameters like
             * a = 1e300, b = 5e-324 that no fit returns), never a partial value. */
            NEED(st == CLV_OK || st == CLV_ERANGE || st == CLV_ENOCONV);
            NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
        }
        /* DERT at a continuous rate (|t| scaled into a rate) and P(X(t) = n | history). */
        double delta = isfinite(t) ? fabs(t) * 1e-6 : t;
        out = SENTINEL;
        st = clv_bgnbd_dert(&p, x[i], t_x[i], T[i], delta, &out);
        NEED(documented(st));
        if (!(pv && hv && delta > 0.0 && isfinite(delta))) {
            NEED(st == CLV_EDOM && out == SENTINEL);
        } else {
            NEED(st == CLV_OK || st == CLV_ERANGE || st == CLV_ENOCONV);
            NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
        }
        out = SENTINEL;
        st = clv_mbgnbd_prob_purchases_cond(&mp, x[i], t_x[i], T[i], t, n_purchases, &out);
        NEED(documented(st));
        int n_ok = n_purchases >= 0.0 && isfinite(n_purchases) &&
                   floor(n_purchases) == n_purchases;
        if (!(pv && hv && t >= 0.0 && isfinite(t) && n_ok)) {
            NEED(st == CLV_EDOM && out == SENTINEL);
        } else {
            NEED(st == CLV_OK || st == CLV_ERANGE);
            NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
        }
    }
    for (size_t i = 0; i < count; i++) {
        double out = SENTINEL;
        int hv = history_valid(x[i], t_x[i], T[i]);
        int st = clv_mbgnbd_p_alive(&mp, x[i], t_x[i], T[i], &out);
        NEED((st == CLV_OK) == (pv && hv));
        NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
        out = SENTINEL;
        st = clv_mbgnbd_expected_purchases(&mp, x[i], t_x[i], T[i], t, &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
    }
    /* BG/BB reads the same four numbers as (alpha, beta, gamma, delta) and the rows as
     * (x, t_x, n) in opportunities. */
    const clv_bgbb_params bb = {p.r, p.alpha, p.a, p.b};
    for (size_t i = 0; i < count; i++) {
        double out = SENTINEL;
        int st = clv_bgbb_p_alive(&bb, x[i], t_x[i], T[i], &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
        NEED(st != CLV_OK || (pv && history_valid(x[i], t_x[i], T[i])));
        out = SENTINEL;
        st = clv_bgbb_expected_purchases(&bb, x[i], t_x[i], T[i], 5.0, &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
        out = SENTINEL;
        st = clv_bgbb_dert(&bb, x[i], t_x[i], T[i], 0.1, &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
        out = SENTINEL;
        st = clv_bgbb_prob_purchases_cond(&bb, x[i], t_x[i], T[i], 5.0, 1.0, &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
        double later = SENTINEL, next = SENTINEL;
        int s2 = clv_bgbb_p_alive_at(&bb, x[i], t_x[i], T[i], 3.0, &later);
        int s1 = clv_bgbb_p_alive_at(&bb, x[i], t_x[i], T[i], 1.0, &next);
        NEED(documented(s1) && documented(s2));
        NEED(s1 != CLV_OK || s2 != CLV_OK || later <= next);
        NEED(s1 == CLV_OK ? (next >= 0.0 && next <= 1.0) : next == SENTINEL);
    }
    /* Pareto/NBD reads the same four numbers as (r, alpha, s, beta): the same contract, and
     * its quadrature paths must report CLV_ERANGE rather than a wrong or NaN value. */
    const clv_pnbd_params pn = {p.r, p.alpha, p.a, p.b};
    for (size_t i = 0; i < count; i++) {
        double out = SENTINEL;
        int hv = history_valid(x[i], t_x[i], T[i]);
        int st = clv_pnbd_p_alive(&pn, x[i], t_x[i], T[i], &out);
        NEED(documented(st));
        NEED((st == CLV_OK || st == CLV_ERANGE) == (pv && hv));
        NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
        out = SENTINEL;
        st = clv_pnbd_expected_purchases(&pn, x[i], t_x[i], T[i], t, &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
        out = SENTINEL;
        st = clv_pnbd_dert(&pn, x[i], t_x[i], T[i], 0.01, &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
        out = SENTINEL;
        st = clv_pnbd_prob_purchases_cond(&pn, x[i], t_x[i], T[i], t, n_purchases, &out);
        NEED(documented(st));
        NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
        NEED(st == CLV_OK || st == CLV_ERANGE || st == CLV_EDOM);
    }
    /* Customer value with each purchase model and the Gamma-Gamma spend, 3 periods of t. */
    clv_value_options vo;
    clv_value_options_init(&vo);
    vo.period = t;
    vo.horizon = 3.0;
    for (size_t i = 0; i < count; i++) {
        static const int32_t tags[4] = {CLV_MODEL_BGNBD, CLV_MODEL_PNBD, CLV_MODEL_MBGNBD,
                                        CLV_MODEL_BGBB};
        for (int k = 0; k < 4; k++) {
            const clv_purchase_model pm = {tags[k], 0, {p.r, p.alpha, p.a, p.b}};
            double out = SENTINEL;
            int st = clv_customer_value(&pm, &gg, &vo, x[i], t_x[i], T[i], m[i], &out);
            NEED(documented(st));
            NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
            NEED(st != CLV_OK || (history_valid(x[i], t_x[i], T[i]) && t > 0.0));
        }
    }
    double out = SENTINEL;
    int st = clv_pnbd_prob_purchases(&pn, t, n_purchases, &out);
    NEED(documented(st));
    NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
    out = SENTINEL;
    st = clv_mbgnbd_prob_purchases(&mp, t, n_purchases, &out);
    NEED(documented(st));
    NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);
    out = SENTINEL;
    st = clv_bgnbd_expected_purchases_new(&p, t, &out);
    NEED(documented(st));
    NEED(st != CLV_OK || (isfinite(out) && out >= 0.0));
    NEED(st == CLV_OK || out == SENTINEL);
    out = SENTINEL;
    st = clv_bgnbd_prob_purchases(&p, t, n_purchases, &out);
    NEED(documented(st));
    NEED((st == CLV_OK || st == CLV_ERANGE) ==
         (pv && t >= 0.0 && isfinite(t) && n_purchases >= 0.0 && isfinite(n_purchases) &&
          floor(n_purchases) == n_purchases));
    NEED(st == CLV_OK ? (out >= 0.0 && out <= 1.0) : out == SENTINEL);

    if (count == 0) {
        return 0;
    }
    /* Table entry points: exact-size heap copies, so ASan sees any overread. */
    double *hx = malloc(count * sizeof *hx);
    double *htx = malloc(count * sizeof *htx);
    double *hT = malloc(count * sizeof *hT);
    double *hw = malloc(count * sizeof *hw);
    double *hm = malloc(count * sizeof *hm);
    double *po = malloc(count * sizeof *po);
    double *eo = malloc(count * sizeof *eo);
    NEED(hx && htx && hT && hw && hm && po && eo);
    memcpy(hx, x, count * sizeof *hx);
    memcpy(htx, t_x, count * sizeof *htx);
    memcpy(hT, T, count * sizeof *hT);
    memcpy(hw, w, count * sizeof *hw);
    memcpy(hm, m, count * sizeof *hm);
    int use_weights = (data[0] & 2) != 0;
    clv_rfm_view v = {count, hx, htx, hT, NULL, use_weights ? hw : NULL};
    size_t bad = 9999;
    int rows_ok = clv_rfm_check(&v, 0, &bad) == CLV_OK;
    NEED(rows_ok || bad < count);

    double ll = SENTINEL;
    double g[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    st = clv_bgnbd_loglik(&p, &v, &ll, g);
    NEED(documented(st));
    if (!(pv && rows_ok)) {
        NEED(st == CLV_EDOM && ll == SENTINEL && g[0] == SENTINEL && g[3] == SENTINEL);
    } else {
        NEED(st == CLV_OK || st == CLV_ERANGE);
        if (st == CLV_OK) {
            NEED(isfinite(ll) && isfinite(g[0]) && isfinite(g[1]) && isfinite(g[2]) &&
                 isfinite(g[3]));
        } else {
            NEED(ll == SENTINEL && g[0] == SENTINEL);
        }
    }
    ll = SENTINEL;
    g[0] = g[3] = SENTINEL;
    st = clv_pnbd_loglik(&pn, &v, &ll, g);
    NEED(documented(st));
    if (!(pv && rows_ok)) {
        NEED(st == CLV_EDOM && ll == SENTINEL && g[0] == SENTINEL && g[3] == SENTINEL);
    } else {
        NEED(st == CLV_OK || st == CLV_ERANGE);
        NEED(st == CLV_OK ? (isfinite(ll) && isfinite(g[0]) && isfinite(g[1]) &&
                             isfinite(g[2]) && isfinite(g[3]))
                          : (ll == SENTINEL && g[0] == SENTINEL));
    }
    for (size_t i = 0; i < count; i++) {
        po[i] = SENTINEL;
    }
    st = clv_pnbd_p_alive_array(&pn, &v, po);
    NEED(documented(st));
    if (st == CLV_OK) {
        for (size_t i = 0; i < count; i++) {
            NEED(po[i] >= 0.0 && po[i] <= 1.0);
        }
    } else if (st != CLV_ERANGE) {
        for (size_t i = 0; i < count; i++) {
            NEED(po[i] == SENTINEL);
        }
    }
    for (size_t i = 0; i < count; i++) {
        po[i] = SENTINEL;
        eo[i] = SENTINEL;
    }
    st = clv_bgnbd_p_alive_array(&p, &v, po);
    NEED((st == CLV_OK) == (pv && rows_ok));
    for (size_t i = 0; i < count; i++) {
        if (st == CLV_OK) {
            double s;
            NEED(clv_bgnbd_p_alive(&p, hx[i], htx[i], hT[i], &s) == CLV_OK && s == po[i]);
        } else {
            NEED(po[i] == SENTINEL);
        }
    }
    st = clv_bgnbd_expected_purchases_array(&p, &v, t, eo);
    NEED(documented(st));
    if (st == CLV_OK) {
        for (size_t i = 0; i < count; i++) {
            NEED(isfinite(eo[i]) && eo[i] >= 0.0);
        }
    } else if (st != CLV_ERANGE && st != CLV_ENOCONV) { /* these two: rows before written */
        for (size_t i = 0; i < count; i++) {
            NEED(eo[i] == SENTINEL);
        }
    }

    /* Gamma-Gamma on the same rows with their monetary column. */
    clv_rfm_view vm = v;
    vm.monetary = hm;
    int gg_rows_ok = clv_rfm_check(&vm, 1, NULL) == CLV_OK;
    const double gtheta[3] = {gg.p, gg.q, gg.gamma};
    int gpv = 1;
    for (int i = 0; i < 3; i++) {
        gpv &= gtheta[i] > 0.0 && isfinite(gtheta[i]);
    }
    ll = SENTINEL;
    g[0] = g[1] = g[2] = SENTINEL;
    st = clv_gg_loglik(&gg, &vm, &ll, g);
    NEED(documented(st));
    if (!(gpv && gg_rows_ok)) {
        NEED(st == CLV_EDOM && ll == SENTINEL && g[0] == SENTINEL);
    } else {
        NEED(st == CLV_OK || st == CLV_ERANGE);
        NEED(st == CLV_OK ? (isfinite(ll) && isfinite(g[0]) && isfinite(g[1]) && isfinite(g[2]))
                          : ll == SENTINEL);
    }
    for (size_t i = 0; i < count; i++) {
        out = SENTINEL;
        st = clv_gg_expected_spend(&gg, hx[i], hm[i], &out);
        NEED(documented(st));
        int ok_args = gpv && hx[i] >= 0.0 && isfinite(hx[i]) && floor(hx[i]) == hx[i] &&
                      (hx[i] == 0.0 || (hm[i] > 0.0 && isfinite(hm[i])));
        int ok_in = ok_args && gg.p * hx[i] + gg.q > 1.0;
        /* The library decides p x + q > 1 exactly (double-double); this rounded test can
         * disagree within a few ulps of the boundary (0.1 + 0.9 rounds to 1, exactly it is
         * 1 + 2.8e-17), where either answer is right. */
        double px_q = gg.p * hx[i] + gg.q;
        int near_edge = fabs(px_q - 1.0) <= 8.0 * DBL_EPSILON * fmax(1.0, px_q);
        if (ok_args && near_edge) {
            NEED(st == CLV_EDOM || st == CLV_OK || st == CLV_ERANGE);
            NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0) : out == SENTINEL);
        } else if (!ok_in) {
            NEED(st == CLV_EDOM && out == SENTINEL);
        } else {
            NEED(st == CLV_OK || st == CLV_ERANGE);
            NEED(st == CLV_OK ? (isfinite(out) && out >= 0.0)
                              : out == SENTINEL); /* may underflow */
        }
    }
    /* The rows forms (clv.h, group clv_rows) on the same table with a status per row, for
     * every purchase model: a bad argument of the call writes nothing; otherwise each row's
     * status and value are those of the one-customer function (the value untouched where the
     * status is an error). Statuses in an exact-size allocation. */
    {
        int32_t *rs = malloc(count * sizeof *rs);
        NEED(rs != NULL);
        static const int32_t tags[4] = {CLV_MODEL_BGNBD, CLV_MODEL_MBGNBD, CLV_MODEL_PNBD,
                                        CLV_MODEL_BGBB};
        for (int mi = 0; mi < 4; mi++) {
            clv_purchase_model pm = {tags[mi], 0, {p.r, p.alpha, p.a, p.b}};
            double horizon = (tags[mi] == CLV_MODEL_BGBB) ? 5.0 : t;
            for (int q = 0; q < 2; q++) {
                for (size_t i = 0; i < count; i++) {
                    po[i] = SENTINEL;
                    rs[i] = 12345;
                }
                st = q ? clv_expected_purchases_rows(&pm, &v, horizon, po, rs)
                       : clv_p_alive_rows(&pm, &v, po, rs);
                NEED(documented(st));
                int call_ok = pv && (!q || (horizon >= 0.0 && isfinite(horizon)));
                if (!call_ok) {
                    NEED(st == CLV_EDOM);
                    for (size_t i = 0; i < count; i++) {
                        NEED(po[i] == SENTINEL && rs[i] == 12345);
                    }
                    continue;
                }
                NEED(st == CLV_OK);
                for (size_t i = 0; i < count; i++) {
                    double one = SENTINEL;
                    int s1;
                    const double *th = pm.params;
                    if (tags[mi] == CLV_MODEL_BGBB) {
                        clv_bgbb_params b = {th[0], th[1], th[2], th[3]};
                        s1 = q ? clv_bgbb_expected_purchases(&b, hx[i], htx[i], hT[i], horizon,
                                                             &one)
                               : clv_bgbb_p_alive(&b, hx[i], htx[i], hT[i], &one);
                    } else if (tags[mi] == CLV_MODEL_PNBD) {
                        s1 = q ? clv_pnbd_expected_purchases(&pn, hx[i], htx[i], hT[i], horizon,
                                                             &one)
                               : clv_pnbd_p_alive(&pn, hx[i], htx[i], hT[i], &one);
                    } else if (tags[mi] == CLV_MODEL_MBGNBD) {
                        s1 = q ? clv_mbgnbd_expected_purchases(&mp, hx[i], htx[i], hT[i],
                                                               horizon, &one)
                               : clv_mbgnbd_p_alive(&mp, hx[i], htx[i], hT[i], &one);
                    } else {
                        s1 = q ? clv_bgnbd_expected_purchases(&p, hx[i], htx[i], hT[i], horizon,
                                                              &one)
                               : clv_bgnbd_p_alive(&p, hx[i], htx[i], hT[i], &one);
                    }
                    NEED(documented(rs[i]));
                    NEED(rs[i] == s1);
                    if (s1 == CLV_OK) {
                        /* the same doubles: the array forms compute what the scalar ones do */
                        NEED(po[i] == one || fabs(po[i] - one) <= 1e-12 * fabs(one));
                    } else {
                        NEED(po[i] == SENTINEL);
                    }
                }
            }
            /* P(X = 1 | history) of every row: each row's status and value those of the
             * one-customer function, bit for bit (BG/BB: 5 future opportunities). */
            for (size_t i = 0; i < count; i++) {
                po[i] = SENTINEL;
            }
            st = clv_prob_purchases_rows(&pm, &v, horizon, 1.0, po, rs);
            NEED(documented(st));
            if (st == CLV_OK) {
                for (size_t i = 0; i < count; i++) {
                    double one = SENTINEL;
                    const double *th = pm.params;
                    int s1;
                    if (tags[mi] == CLV_MODEL_BGBB) {
                        clv_bgbb_params b = {th[0], th[1], th[2], th[3]};
                        s1 = clv_bgbb_prob_purchases_cond(&b, hx[i], htx[i], hT[i], horizon, 1.0,
                                                          &one);
                    } else if (tags[mi] == CLV_MODEL_PNBD) {
                        s1 = clv_pnbd_prob_purchases_cond(&pn, hx[i], htx[i], hT[i], horizon, 1.0,
                                                          &one);
                    } else if (tags[mi] == CLV_MODEL_MBGNBD) {
                        s1 = clv_mbgnbd_prob_purchases_cond(&mp, hx[i], htx[i], hT[i], horizon,
                                                            1.0, &one);
                    } else {
                        s1 = clv_bgnbd_prob_purchases_cond(&p, hx[i], htx[i], hT[i], horizon, 1.0,
                                                           &one);
                    }
                    NEED(rs[i] == s1);
                    NEED(s1 == CLV_OK ? po[i] == one : po[i] == SENTINEL);
                }
            } else {
                NEED(st == CLV_EDOM && !(pv && horizon >= 0.0 && isfinite(horizon)));
            }
            /* Per-row log-likelihood: each row as a one-row table. */
            for (size_t i = 0; i < count; i++) {
                po[i] = SENTINEL;
            }
            st = clv_loglik_rows(&pm, &v, po, rs);
            NEED(documented(st));
            NEED(pv ? st == CLV_OK : st == CLV_EDOM);
            for (size_t i = 0; pv && i < count; i++) {
                NEED(documented(rs[i]));
                NEED(rs[i] == CLV_OK ? isfinite(po[i]) : po[i] == SENTINEL);
            }
        }
        free(rs);
    }
    if (gg_rows_ok && (data[0] & 4) != 0) {
        clv_fit_options o;
        clv_fit_options_init(&o);
        o.max_iterations = 15;
        clv_gg_params est = {SENTINEL, SENTINEL, SENTINEL};
        clv_fit_report rep;
        st = clv_gg_fit(&vm, &o, &est, &rep);
        NEED(documented(st));
        if (st == CLV_OK || st == CLV_ENOCONV) {
            NEED(est.p > 0.0 && isfinite(est.p) && est.q > 0.0 && isfinite(est.q) &&
                 est.gamma > 0.0 && isfinite(est.gamma));
        } else {
            NEED(est.p == SENTINEL);
        }
    }

    /* A short Pareto/NBD fit: the same promise. */
    if (rows_ok && (data[0] & 8) != 0) {
        clv_fit_options o;
        clv_fit_options_init(&o);
        o.max_iterations = 8;
        clv_pnbd_params est = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
        st = clv_pnbd_fit(&v, &o, &est, NULL);
        NEED(documented(st));
        if (st == CLV_OK || st == CLV_ENOCONV) {
            NEED(est.r > 0.0 && isfinite(est.r) && est.alpha > 0.0 && isfinite(est.alpha) &&
                 est.s > 0.0 && isfinite(est.s) && est.beta > 0.0 && isfinite(est.beta));
        } else {
            NEED(est.r == SENTINEL && est.beta == SENTINEL);
        }
    }

    /* A short fit: finite, positive parameters whenever any are returned. */
    if (rows_ok && (data[0] & 4) != 0) {
        clv_fit_options o;
        clv_fit_options_init(&o);
        o.max_iterations = 15;
        clv_bgnbd_params est = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
        clv_fit_report rep;
        st = clv_bgnbd_fit(&v, &o, &est, &rep);
        NEED(documented(st));
        if (st == CLV_OK || st == CLV_ENOCONV) {
            NEED(params_valid(&est));
            NEED(isfinite(rep.loglik) && isfinite(rep.gradient_norm));
            for (int i = 0; i < 4; i++) {
                NEED(!isnan(rep.std_error[i]) && rep.std_error[i] >= 0.0);
            }
        } else {
            NEED(est.r == SENTINEL && est.b == SENTINEL);
        }
    }
    free(hx);
    free(htx);
    free(hT);
    free(hw);
    free(hm);
    free(po);
    free(eo);
    return 0;
}
