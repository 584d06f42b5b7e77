/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/clv/rows.c: scoring a table row by row with a status per row. The values must be
 * those of the one-customer functions (the rows forms add no numerics of their own), a bad row
 * must be refused alone with its output untouched, and a bad argument of the call must refuse
 * the whole call and write nothing.
 *
 * Data: the CDNOW calibration summary (tests/data, 2,357 customers, weeks) and the donations
 * patterns of Fader, Hardie & Shang 2010 (tests/data/donations.csv).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv_test.h"

#include "clv.h"
#include "clv_test_data.h"

#define SENTINEL (-12345.678)
#define N CDNOW_N

static const clv_purchase_model bgnbd = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
static const clv_purchase_model mbgnbd = {CLV_MODEL_MBGNBD, 0, {0.525, 6.183, 0.891, 1.614}};
static const clv_purchase_model pnbd = {CLV_MODEL_PNBD, 0, {0.553, 10.578, 0.606, 11.669}};
static const clv_purchase_model gg_model = {CLV_MODEL_GG, 0, {6.25, 3.74, 15.44, 0.0}};
static const clv_gg_params gg = {6.25, 3.74, 15.44}; /* Fader & Hardie 2013 */

static double out[N], ref[N];
static int32_t status[N];

static void fill(double *v, size_t n, double value) {
    for (size_t i = 0; i < n; i++) {
        v[i] = value;
    }
}

/* The one-customer function of the quantity q (0 P(alive), 1 E[X(39)]) for row i. */
static int scalar(const clv_purchase_model *m, int q, const clv_rfm_view *v, size_t i,
                  double *r) {
    double x = v->x[i], tx = v->t_x[i], T = v->T[i];
    const double *p = m->params;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        clv_bgnbd_params b = {p[0], p[1], p[2], p[3]};
        return q ? clv_bgnbd_expected_purchases(&b, x, tx, T, 39.0, r)
                 : clv_bgnbd_p_alive(&b, x, tx, T, r);
    }
    case CLV_MODEL_MBGNBD: {
        clv_mbgnbd_params b = {p[0], p[1], p[2], p[3]};
        return q ? clv_mbgnbd_expected_purchases(&b, x, tx, T, 39.0, r)
                 : clv_mbgnbd_p_alive(&b, x, tx, T, r);
    }
    default: {
        clv_pnbd_params b = {p[0], p[1], p[2], p[3]};
        return q ? clv_pnbd_expected_purchases(&b, x, tx, T, 39.0, r)
                 : clv_pnbd_p_alive(&b, x, tx, T, r);
    }
    }
}

static int rows(const clv_purchase_model *m, int q, const clv_rfm_view *v, double *o,
                int32_t *st) {
    return q ? clv_expected_purchases_rows(m, v, 39.0, o, st) : clv_p_alive_rows(m, v, o, st);
}

/* Every row of CDNOW, with and without statuses, equals the one-customer function (the array
 * forms are documented to give the scalar functions' doubles; 1e-14 allows for a different
 * but equally exact evaluation order). */
static void test_rows_equal_one_customer_functions_on_cdnow(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    const clv_purchase_model *models[] = {&bgnbd, &mbgnbd, &pnbd};
    for (int m = 0; m < 3; m++) {
        for (int q = 0; q < 2; q++) {
            for (int with = 0; with < 2; with++) {
                fill(out, N, SENTINEL);
                memset(status, 0x55, sizeof status);
                assert_status(rows(models[m], q, &v, out, with ? status : NULL), CLV_OK);
                for (size_t i = 0; i < N; i++) {
                    double r;
                    assert_status(scalar(models[m], q, &v, i, &r), CLV_OK);
                    assert_close(out[i], r, 1e-14);
                    if (with) {
                        assert_int_equal(status[i], CLV_OK);
                    }
                }
            }
        }
    }
}

/* Three bad rows among 2,357 (a fractional x, t_x > T, a negative T) at the edges of the
 * 256-row blocks: with statuses, each is refused alone (CLV_EDOM, output untouched) and every
 * other row is scored exactly as in the clean table; without, the call refuses the table and
 * writes nothing. */
static void test_rows_bad_rows_are_refused_alone(void **state) {
    (void)state;
    clv_rfm_view clean = cdnow_view(0);
    static double x[N], tx[N], T[N];
    memcpy(x, clean.x, sizeof x);
    memcpy(tx, clean.t_x, sizeof tx);
    memcpy(T, clean.T, sizeof T);
    const size_t bad[3] = {255, 256, N - 1};
    x[bad[0]] = 1.5;
    tx[bad[1]] = T[bad[1]] + 1.0;
    T[bad[2]] = -1.0;
    clv_rfm_view v = {N, x, tx, T, NULL, NULL};
    const clv_purchase_model *models[] = {&bgnbd, &mbgnbd, &pnbd};
    for (int m = 0; m < 3; m++) {
        for (int q = 0; q < 2; q++) {
            assert_status(rows(models[m], q, &clean, ref, NULL), CLV_OK);
            fill(out, N, SENTINEL);
            assert_status(rows(models[m], q, &v, out, status), CLV_OK);
            for (size_t i = 0; i < N; i++) {
                int is_bad = (i == bad[0] || i == bad[1] || i == bad[2]);
                if (is_bad) {
                    assert_int_equal(status[i], CLV_EDOM);
                    assert_true(out[i] == SENTINEL);
                } else {
                    assert_int_equal(status[i], CLV_OK);
                    assert_true(out[i] == ref[i]);
                }
            }
            fill(out, N, SENTINEL);
            assert_status(rows(models[m], q, &v, out, NULL), CLV_EDOM);
            for (size_t i = 0; i < N; i++) {
                assert_true(out[i] == SENTINEL);
            }
        }
    }
}

/* A bad argument of the call refuses the whole call, with or without statuses, and writes
 * neither values nor statuses. */
static void test_rows_bad_call_writes_nothing(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    clv_purchase_model neg = bgnbd;
    neg.params[2] = -1.0;
    clv_purchase_model unknown = bgnbd;
    unknown.model = 99;
    clv_purchase_model reserved = bgnbd;
    reserved.reserved = 1;
    clv_rfm_view empty = v;
    empty.count = 0;
    clv_rfm_view no_T = v;
    no_T.T = NULL;
    for (int with = 0; with < 2; with++) {
        int32_t *st = with ? status : NULL;
        fill(out, N, SENTINEL);
        memset(status, 0x55, sizeof status);
        assert_status(clv_p_alive_rows(&neg, &v, out, st), CLV_EDOM);
        assert_status(clv_p_alive_rows(&unknown, &v, out, st), CLV_EINVAL);
        assert_status(clv_p_alive_rows(&reserved, &v, out, st), CLV_EINVAL);
        assert_status(clv_p_alive_rows(&gg_model, &v, out, st), CLV_EINVAL);
        assert_status(clv_p_alive_rows(NULL, &v, out, st), CLV_EINVAL);
        assert_status(clv_p_alive_rows(&bgnbd, &empty, out, st), CLV_EINVAL);
        assert_status(clv_p_alive_rows(&bgnbd, &no_T, out, st), CLV_EINVAL);
        assert_status(clv_p_alive_rows(&bgnbd, &v, NULL, st), CLV_EINVAL);
        assert_status(clv_expected_purchases_rows(&bgnbd, &v, -1.0, out, st), CLV_EDOM);
        assert_status(clv_expected_purchases_rows(&bgnbd, &v, NAN, out, st), CLV_EDOM);
        clv_value_options o;
        clv_value_options_init(&o);
        o.discount_rate = -0.1;
        assert_status(clv_customer_value_rows(&bgnbd, &gg, &o, &v, out, st), CLV_EDOM);
        o.discount_rate = 0.01;
        o.struct_size = 8;
        assert_status(clv_customer_value_rows(&bgnbd, &gg, &o, &v, out, st), CLV_ESTRUCT);
        clv_gg_params bad_gg = {6.25, -3.74, 15.44};
        assert_status(clv_gg_expected_spend_rows(&bad_gg, &v, out, st), CLV_EINVAL); /* no zbar */
        for (size_t i = 0; i < N; i++) {
            assert_true(out[i] == SENTINEL);
            assert_int_equal(status[i], 0x55555555);
        }
    }
}

/* The per-row log-likelihoods add up to the table's: CDNOW's BG/NBD log-likelihood at the
 * paper's parameters (FHL 2005 print -9582.4), the donations' BG/BB one with its weights, and
 * the Gamma-Gamma one; each row equals a one-row table's (1e-12: the table's sum rounds
 * differently). */
static void test_rows_loglik_adds_up_to_the_table(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(1);
    const clv_purchase_model *models[] = {&bgnbd, &mbgnbd, &pnbd, &gg_model};
    for (int m = 0; m < 4; m++) {
        clv_rfm_view use = v;
        if (models[m]->model != CLV_MODEL_GG) {
            use.monetary = NULL;
        }
        assert_status(clv_loglik_rows(models[m], &use, out, status), CLV_OK);
        double sum = 0.0, table = 0.0;
        for (size_t i = 0; i < N; i++) {
            assert_int_equal(status[i], CLV_OK);
            sum += out[i];
        }
        const double *p = models[m]->params;
        switch (models[m]->model) {
        case CLV_MODEL_BGNBD: {
            clv_bgnbd_params b = {p[0], p[1], p[2], p[3]};
            assert_status(clv_bgnbd_loglik(&b, &use, &table, NULL), CLV_OK);
            assert_near(sum, -9582.4, 0.05);
            break;
        }
        case CLV_MODEL_MBGNBD: {
            clv_mbgnbd_params b = {p[0], p[1], p[2], p[3]};
            assert_status(clv_mbgnbd_loglik(&b, &use, &table, NULL), CLV_OK);
            break;
        }
        case CLV_MODEL_PNBD: {
            clv_pnbd_params b = {p[0], p[1], p[2], p[3]};
            assert_status(clv_pnbd_loglik(&b, &use, &table, NULL), CLV_OK);
            break;
        }
        default:
            assert_status(clv_gg_loglik(&gg, &use, &table, NULL), CLV_OK);
            break;
        }
        assert_close(sum, table, 1e-12);
    }
    /* BG/BB on the donations patterns: the weighted sum is the published -33,225.6. */
    static const clv_purchase_model bgbb = {
        CLV_MODEL_BGBB, 0, {1.203507, 0.7497667, 0.6567568, 2.783887}}; /* BTYD's fit */
    FILE *f = fopen("data/donations.csv", "r");
    assert_non_null(f);
    double x[22], tx[22], n[22], w[22];
    char line[128];
    assert_non_null(fgets(line, sizeof line, f));
    for (int k = 0; k < 22; k++) {
        assert_non_null(fgets(line, sizeof line, f));
        assert_int_equal(sscanf(line, "%lf,%lf,%lf,%lf", &x[k], &tx[k], &n[k], &w[k]), 4);
    }
    fclose(f);
    clv_rfm_view d = {22, x, tx, n, NULL, w};
    assert_status(clv_loglik_rows(&bgbb, &d, out, NULL), CLV_OK);
    double sum = 0.0;
    for (int k = 0; k < 22; k++) {
        sum += w[k] * out[k];
    }
    assert_near(sum, -33225.58, 0.005);
}

/* Expected spend and value: every row as the one-customer function; the spend form reads no
 * time columns; a row with monetary 0 and x > 0 is refused alone. */
static void test_rows_spend_and_value_equal_one_customer_functions(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(1);
    static double m[N];
    memcpy(m, v.monetary, sizeof m);
    size_t bad = 0;
    while (v.x[bad] == 0.0) {
        bad++;
    }
    m[bad] = 0.0;
    clv_rfm_view spend_only = {N, v.x, NULL, NULL, m, NULL};
    fill(out, N, SENTINEL);
    assert_status(clv_gg_expected_spend_rows(&gg, &spend_only, out, status), CLV_OK);
    for (size_t i = 0; i < N; i++) {
        double r = SENTINEL;
        int st = clv_gg_expected_spend(&gg, v.x[i], m[i], &r);
        assert_int_equal(status[i], st);
        assert_true(out[i] == r);
    }
    assert_int_equal(status[bad], CLV_EDOM);
    fill(out, N, SENTINEL);
    assert_status(clv_gg_expected_spend_rows(&gg, &spend_only, out, NULL), CLV_EDOM);
    assert_true(out[0] == SENTINEL); /* checked before writing */

    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 0.15 / 52.0;
    o.horizon = 52.0;
    clv_rfm_view with_bad = {N, v.x, v.t_x, v.T, m, NULL};
    fill(out, N, SENTINEL);
    assert_status(clv_customer_value_rows(&bgnbd, &gg, &o, &with_bad, out, status), CLV_OK);
    for (size_t i = 0; i < N; i += 7) {
        double r = SENTINEL;
        int st = clv_customer_value(&bgnbd, &gg, &o, v.x[i], v.t_x[i], v.T[i], m[i], &r);
        assert_int_equal(status[i], st);
        /* BG/NBD value rows interpolate per x (betageo.c): 1e-12 of the one-customer value */
        assert_true(fabs(out[i] - r) <= 1e-12 * fabs(r));
    }
    assert_int_equal(status[bad], CLV_EDOM);
    assert_true(out[bad] == SENTINEL);
}

/* BG/BB has no vectorised form: its rows go one by one, with the same statuses. */
static void test_rows_bgbb_rows_and_statuses(void **state) {
    (void)state;
    static const clv_purchase_model bgbb = {
        CLV_MODEL_BGBB, 0, {1.203507, 0.7497667, 0.6567568, 2.783887}};
    clv_bgbb_params b = {1.203507, 0.7497667, 0.6567568, 2.783887};
    double x[5] = {0, 1, 3, 2, 6}, tx[5] = {0, 1, 5, 1, 6}, n[5] = {6, 6, 4, 6, 6};
    clv_rfm_view v = {5, x, tx, n, NULL, NULL};
    double o[5], e[5];
    int32_t st[5];
    fill(o, 5, SENTINEL);
    assert_status(clv_expected_purchases_rows(&bgbb, &v, 10.0, o, st), CLV_OK);
    for (int i = 0; i < 5; i++) {
        double r = SENTINEL;
        int s = clv_bgbb_expected_purchases(&b, x[i], tx[i], n[i], 10.0, &r);
        assert_int_equal(st[i], s);
        assert_true(o[i] == r);
    }
    assert_int_equal(st[2], CLV_EDOM); /* t_x = 5 > n = 4 */
    assert_status(clv_p_alive_rows(&bgbb, &v, e, st), CLV_OK);
    assert_int_equal(st[2], CLV_EDOM);
    assert_int_equal(st[4], CLV_OK);
    assert_status(clv_expected_purchases_rows(&bgbb, &v, 2.5, o, st), CLV_EDOM);
    /* P(X = n) over n* future opportunities: the one-customer function's limit of 100,000 (its
     * eq. 8 goes term by term), as an argument of the call: nothing written. */
    double p_one;
    assert_status(clv_bgbb_prob_purchases_cond(&b, 1, 1, 6, 100000.0, 0.0, &p_one), CLV_OK);
    assert_status(clv_bgbb_prob_purchases_cond(&b, 1, 1, 6, 100001.0, 0.0, &p_one), CLV_EDOM);
    fill(o, 5, SENTINEL);
    assert_status(clv_prob_purchases_rows(&bgbb, &v, 100001.0, 0.0, o, st), CLV_EDOM);
    assert_status(clv_prob_purchases_rows(&bgbb, &v, 1e9, 0.0, o, NULL), CLV_EDOM);
    for (int i = 0; i < 5; i++) {
        assert_true(o[i] == SENTINEL);
    }
    assert_status(clv_prob_purchases_rows(&bgbb, &v, 100000.0, 0.0, o, st), CLV_OK);
    assert_int_equal(st[1], CLV_OK);
    assert_true(o[1] == p_one);
}

/* ---- the kernels: rows and one-customer functions give the same doubles ------------------- */

/* Every quantity of clv.h's group clv_rows. */
enum { K_ALIVE, K_EXPECTED, K_PROB0, K_PROB2, K_DERT, K_LOGLIK, K_VALUE, K_QUANTITIES };

static const char *const k_names[K_QUANTITIES] = {"P(alive)", "E[X(10)]", "P(X(10) = 0)",
                                                  "P(X(10) = 2)", "DERT", "log-likelihood",
                                                  "value"};
#define K_T 10.0 /* horizon (BG/BB: future opportunities) */
#define K_DELTA 0.0026876 /* ~15% a year in weeks, continuous */

static const clv_purchase_model bgbb_model = {CLV_MODEL_BGBB, 0,
                                              {1.203507, 0.7497667, 0.6567568, 2.783887}};

static clv_value_options k_value_options(void) {
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 0.15 / 52.0;
    o.horizon = 20.0;
    return o;
}

/* The rows form of quantity k. */
static int k_rows(const clv_purchase_model *m, int k, const clv_rfm_view *v, double *o,
                  int32_t *st) {
    clv_value_options vo = k_value_options();
    switch (k) {
    case K_ALIVE:
        return clv_p_alive_rows(m, v, o, st);
    case K_EXPECTED:
        return clv_expected_purchases_rows(m, v, K_T, o, st);
    case K_PROB0:
        return clv_prob_purchases_rows(m, v, K_T, 0.0, o, st);
    case K_PROB2:
        return clv_prob_purchases_rows(m, v, K_T, 2.0, o, st);
    case K_DERT:
        return clv_dert_rows(m, v, K_DELTA, o, st);
    case K_LOGLIK:
        return clv_loglik_rows(m, v, o, st);
    default:
        return clv_customer_value_rows(m, &gg, &vo, v, o, st);
    }
}

/* The one-customer function of quantity k (the log-likelihood: of a one-row table). */
static int k_scalar(const clv_purchase_model *m, int k, double x, double tx, double T,
                    double zbar, double *r) {
    const double *p = m->params;
    clv_rfm_view one = {1, &x, &tx, &T, NULL, NULL};
    clv_value_options vo = k_value_options();
    if (k == K_VALUE) {
        return clv_customer_value(m, &gg, &vo, x, tx, T, zbar, r);
    }
    double n = (k == K_PROB2) ? 2.0 : 0.0;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        clv_bgnbd_params b = {p[0], p[1], p[2], p[3]};
        switch (k) {
        case K_ALIVE:
            return clv_bgnbd_p_alive(&b, x, tx, T, r);
        case K_EXPECTED:
            return clv_bgnbd_expected_purchases(&b, x, tx, T, K_T, r);
        case K_DERT:
            return clv_bgnbd_dert(&b, x, tx, T, K_DELTA, r);
        case K_LOGLIK:
            return clv_bgnbd_loglik(&b, &one, r, NULL);
        default:
            return clv_bgnbd_prob_purchases_cond(&b, x, tx, T, K_T, n, r);
        }
    }
    case CLV_MODEL_MBGNBD: {
        clv_mbgnbd_params b = {p[0], p[1], p[2], p[3]};
        switch (k) {
        case K_ALIVE:
            return clv_mbgnbd_p_alive(&b, x, tx, T, r);
        case K_EXPECTED:
            return clv_mbgnbd_expected_purchases(&b, x, tx, T, K_T, r);
        case K_DERT:
            return clv_mbgnbd_dert(&b, x, tx, T, K_DELTA, r);
        case K_LOGLIK:
            return clv_mbgnbd_loglik(&b, &one, r, NULL);
        default:
            return clv_mbgnbd_prob_purchases_cond(&b, x, tx, T, K_T, n, r);
        }
    }
    case CLV_MODEL_PNBD: {
        clv_pnbd_params b = {p[0], p[1], p[2], p[3]};
        switch (k) {
        case K_ALIVE:
            return clv_pnbd_p_alive(&b, x, tx, T, r);
        case K_EXPECTED:
            return clv_pnbd_expected_purchases(&b, x, tx, T, K_T, r);
        case K_DERT:
            return clv_pnbd_dert(&b, x, tx, T, K_DELTA, r);
        case K_LOGLIK:
            return clv_pnbd_loglik(&b, &one, r, NULL);
        default:
            return clv_pnbd_prob_purchases_cond(&b, x, tx, T, K_T, n, r);
        }
    }
    default: {
        clv_bgbb_params b = {p[0], p[1], p[2], p[3]};
        switch (k) {
        case K_ALIVE:
            return clv_bgbb_p_alive(&b, x, tx, T, r);
        case K_EXPECTED:
            return clv_bgbb_expected_purchases(&b, x, tx, T, K_T, r);
        case K_DERT:
            return clv_bgbb_dert(&b, x, tx, T, expm1(K_DELTA), r);
        case K_LOGLIK:
            return clv_bgbb_loglik(&b, &one, r, NULL);
        default:
            return clv_bgbb_prob_purchases_cond(&b, x, tx, T, K_T, n, r);
        }
    }
    }
}

/* Bit for bit (not ==: -0 and 0 differ, and a NaN would fail). */
static void assert_same_double(double a, double b, const char *what, const char *model,
                               size_t row) {
    if (memcmp(&a, &b, sizeof a) != 0) {
        fail_msg("%s of %s, row %zu: rows %.17g, one-customer %.17g", what, model, row, a, b);
    }
}

/* CDNOW, then a few extreme customers (no purchase, T = 0; t_x = T; a long history; 500 and
 * 10^4 purchases), in weeks; for BG/BB the same as opportunities (n = 39, the last purchase in
 * week ceil(t_x), x at most that) and extremes of its own (n = 0, x = t_x = n, n = 10^4). */
#define K_EXTREME 6
#define K_N (CDNOW_N + K_EXTREME)
static double kx[K_N], ktx[K_N], kT[K_N], kz[K_N];
static double bx[K_N], btx[K_N], bn[K_N];

static void k_tables(clv_rfm_view *v, clv_rfm_view *b) {
    clv_rfm_view c = cdnow_view(1);
    for (size_t i = 0; i < CDNOW_N; i++) {
        kx[i] = c.x[i], ktx[i] = c.t_x[i], kT[i] = c.T[i], kz[i] = c.monetary[i];
        btx[i] = fmin(ceil(c.t_x[i]), 39.0);
        bx[i] = fmin(c.x[i], btx[i]);
        bn[i] = 39.0;
    }
    const double ex[K_EXTREME][4] = {{0, 0, 0, 10},     {3, 20, 20, 10},  {1, 0.5, 1e4, 10},
                                     {500, 30, 38, 20}, {1e4, 1e3, 1e3, 5}, {2, 38, 39, 1e4}};
    const double eb[K_EXTREME][3] = {{0, 0, 0}, {5, 5, 5}, {1, 1, 1e4}, {300, 700, 1e4},
                                     {39, 39, 39}, {0, 0, 100}};
    for (size_t k = 0; k < K_EXTREME; k++) {
        size_t i = CDNOW_N + k;
        kx[i] = ex[k][0], ktx[i] = ex[k][1], kT[i] = ex[k][2], kz[i] = ex[k][3];
        bx[i] = eb[k][0], btx[i] = eb[k][1], bn[i] = eb[k][2];
    }
    clv_rfm_view kv = {K_N, kx, ktx, kT, kz, NULL};
    clv_rfm_view bv = {K_N, bx, btx, bn, kz, NULL};
    *v = kv;
    *b = bv;
}

static double k_out[K_N], k_ref[K_N];
static int32_t k_status[K_N];

/* Every quantity of every purchase model: each row of CDNOW and of the extreme customers, with
 * and without statuses, is bit for bit the one-customer function's value (BG/NBD and MBG/NBD
 * DERT and value: within 1e-12, tests/test_bg_rows.c), with its status
 * (the rows forms share the kernels and keep parts across rows in a cache, which must change
 * no value). Where the one-customer function takes a quadrature, on a sample of the rows. */
static void test_rows_kernels_bit_identical_to_one_customer(void **state) {
    (void)state;
    clv_rfm_view v, b;
    k_tables(&v, &b);
    const clv_purchase_model *models[] = {&bgnbd, &mbgnbd, &pnbd, &bgbb_model};
    const char *names[] = {"BG/NBD", "MBG/NBD", "Pareto/NBD", "BG/BB"};
    static double sx[K_N], stx[K_N], sT[K_N], sz[K_N];
    static int32_t ref_status[K_N];
    for (int m = 0; m < 4; m++) {
        clv_rfm_view t = (m == 3) ? b : v;
        for (int k = 0; k < K_QUANTITIES; k++) {
            clv_rfm_view use = t;
            /* The one-customer functions that take a quadrature (~0.1 ms) a row: value on
             * every 16th row, BG/NBD and MBG/NBD DERT on every 4th (repeated (x, T) pairs
             * enough to use the rows' cache), and the extremes. */
            size_t every = (k == K_VALUE) ? 16 : (k == K_DERT && m < 2) ? 4 : 1;
            if (every > 1) {
                size_t n = 0;
                for (size_t i = 0; i < K_N; i++) {
                    if (i % every == 0 || i >= CDNOW_N) {
                        sx[n] = t.x[i], stx[n] = t.t_x[i], sT[n] = t.T[i], sz[n] = t.monetary[i];
                        n++;
                    }
                }
                clv_rfm_view sub = {n, sx, stx, sT, sz, NULL};
                use = sub;
            }
            int any_ok = 0;
            size_t first_bad = use.count;
            fill(k_ref, K_N, SENTINEL);
            for (size_t i = 0; i < use.count; i++) {
                ref_status[i] = k_scalar(models[m], k, use.x[i], use.t_x[i], use.T[i],
                                         use.monetary[i], &k_ref[i]);
                any_ok += (ref_status[i] == CLV_OK);
                if (ref_status[i] != CLV_OK && first_bad == use.count) {
                    first_bad = i;
                    print_message("# %s of %s: row %zu refused (%d)\n", k_names[k], names[m],
                                  i, (int)ref_status[i]);
                }
            }
            assert_true(any_ok > 0);
            for (int with = 1; with >= 0; with--) {
                fill(k_out, K_N, SENTINEL);
                int st = k_rows(models[m], k, &use, k_out, with ? k_status : NULL);
                if (!with && first_bad < use.count) {
                    /* Without statuses: the first bad row's error, nothing written after it
                     * (before it, the values or, if the table was refused before scoring,
                     * nothing). */
                    assert_int_equal(st, ref_status[first_bad]);
                    for (size_t i = first_bad; i < use.count; i++) {
                        assert_true(k_out[i] == SENTINEL);
                    }
                    continue;
                }
                assert_status(st, CLV_OK);
                for (size_t i = 0; i < use.count; i++) {
                    if (with && k_status[i] != ref_status[i]) {
                        fail_msg("%s of %s, row %zu: status %d, one-customer %d", k_names[k],
                                 names[m], i, (int)k_status[i], (int)ref_status[i]);
                    }
                    if (m < 2 && (k == K_DERT || k == K_VALUE)) {
                        /* BG/NBD and MBG/NBD DERT and value rows: per x an interpolant in
                         * alpha + T (betageo.c), 1e-12 of the one-customer value */
                        if (!(fabs(k_out[i] - k_ref[i]) <= 1e-12 * fabs(k_ref[i]))) {
                            fail_msg("%s of %s, row %zu: rows %.17g, one-customer %.17g",
                                     k_names[k], names[m], i, k_out[i], k_ref[i]);
                        }
                        continue;
                    }
                    assert_same_double(k_out[i], k_ref[i], k_names[k], names[m], i);
                }
            }
        }
    }
}

/* Bad rows in the middle of the table (t_x > T; x = 0 with t_x > 0; for BG/BB also a
 * fractional n, which only BG/BB refuses) are refused alone, their values untouched, and
 * every other row is bit for bit what it is in the clean table; without statuses the call
 * refuses the table and writes nothing. */
static void test_rows_bad_row_in_the_middle_leaves_the_rest(void **state) {
    (void)state;
    clv_rfm_view v, b;
    k_tables(&v, &b);
    const clv_purchase_model *models[] = {&bgnbd, &mbgnbd, &pnbd, &bgbb_model};
    static double x[K_N], tx[K_N], T[K_N], z[K_N];
    const size_t mid = CDNOW_N / 2 + 1;
    for (int m = 0; m < 4; m++) {
        clv_rfm_view t = (m == 3) ? b : v;
        for (int k = 0; k < K_VALUE; k++) { /* value: see the test above and the next */
            fill(k_ref, K_N, SENTINEL);
            assert_status(k_rows(models[m], k, &t, k_ref, k_status), CLV_OK);
            memcpy(x, t.x, sizeof x);
            memcpy(tx, t.t_x, sizeof tx);
            memcpy(T, t.T, sizeof T);
            memcpy(z, t.monetary, sizeof z);
            tx[mid] = T[mid] + 1.0;
            if (m == 3) {
                T[mid + 7] = 39.5; /* not a whole number of opportunities */
            }
            /* x = 0 with t_x > 0, at the T of an earlier valid x = 0 row (rows with x = 0 are
             * kept by T alone: this one must not be taken for them). */
            size_t z0 = 0;
            while (x[z0] != 0.0) {
                z0++;
            }
            x[mid + 3] = 0.0;
            T[mid + 3] = T[z0];
            tx[mid + 3] = (m == 3) ? 1.0 : 0.5 * T[z0];
            clv_rfm_view bad = {K_N, x, tx, T, z, NULL};
            fill(k_out, K_N, SENTINEL);
            assert_status(k_rows(models[m], k, &bad, k_out, k_status), CLV_OK);
            for (size_t i = 0; i < K_N; i++) {
                int is_bad = (i == mid || i == mid + 3 || (m == 3 && i == mid + 7));
                if (is_bad) {
                    assert_int_equal(k_status[i], CLV_EDOM);
                    assert_true(k_out[i] == SENTINEL);
                } else {
                    assert_same_double(k_out[i], k_ref[i], k_names[k], "bad-row table", i);
                }
            }
            fill(k_out, K_N, SENTINEL);
            assert_status(k_rows(models[m], k, &bad, k_out, NULL), CLV_EDOM);
            for (size_t i = 0; i < K_N; i++) {
                assert_true(k_out[i] == SENTINEL);
            }
        }
    }
}

/* Gamma-Gamma: expected spend and log-likelihood rows bit for bit the one-customer values
 * (the log-likelihood of a one-row table), a bad row (monetary 0 with x > 0) in the middle
 * refused alone. */
static void test_rows_gg_bit_identical(void **state) {
    (void)state;
    clv_rfm_view v, b;
    k_tables(&v, &b);
    static double z[K_N];
    memcpy(z, v.monetary, sizeof z);
    size_t mid = CDNOW_N / 2;
    while (v.x[mid] == 0.0) {
        mid++;
    }
    z[mid] = 0.0;
    clv_rfm_view t = {K_N, v.x, NULL, NULL, z, NULL};
    fill(k_out, K_N, SENTINEL);
    assert_status(clv_gg_expected_spend_rows(&gg, &t, k_out, k_status), CLV_OK);
    fill(k_ref, K_N, SENTINEL);
    assert_status(clv_loglik_rows(&gg_model, &t, k_ref, k_status + 0), CLV_OK);
    for (size_t i = 0; i < K_N; i++) {
        double r = SENTINEL, l = SENTINEL;
        int s = clv_gg_expected_spend(&gg, v.x[i], z[i], &r);
        assert_same_double(k_out[i], r, "expected spend", "Gamma-Gamma", i);
        double xi = v.x[i], zi = z[i];
        clv_rfm_view one = {1, &xi, NULL, NULL, &zi, NULL};
        int sl = clv_gg_loglik(&gg, &one, &l, NULL);
        assert_int_equal(k_status[i], sl);
        assert_same_double(k_ref[i], l, "log-likelihood", "Gamma-Gamma", i);
        if (i == mid) {
            assert_int_equal(s, CLV_EDOM);
            assert_true(k_out[i] == SENTINEL);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_equal_one_customer_functions_on_cdnow),
        cmocka_unit_test(test_rows_bad_rows_are_refused_alone),
        cmocka_unit_test(test_rows_bad_call_writes_nothing),
        cmocka_unit_test(test_rows_loglik_adds_up_to_the_table),
        cmocka_unit_test(test_rows_spend_and_value_equal_one_customer_functions),
        cmocka_unit_test(test_rows_bgbb_rows_and_statuses),
        cmocka_unit_test(test_rows_kernels_bit_identical_to_one_customer),
        cmocka_unit_test(test_rows_bad_row_in_the_middle_leaves_the_rest),
        cmocka_unit_test(test_rows_gg_bit_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
