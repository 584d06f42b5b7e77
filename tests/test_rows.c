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
        assert_true(out[i] == r);
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
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_equal_one_customer_functions_on_cdnow),
        cmocka_unit_test(test_rows_bad_rows_are_refused_alone),
        cmocka_unit_test(test_rows_bad_call_writes_nothing),
        cmocka_unit_test(test_rows_loglik_adds_up_to_the_table),
        cmocka_unit_test(test_rows_spend_and_value_equal_one_customer_functions),
        cmocka_unit_test(test_rows_bgbb_rows_and_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
