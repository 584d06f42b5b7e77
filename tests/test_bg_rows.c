/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * BG/NBD and MBG/NBD DERT and customer value over tables (lib/clv/betageo.c, the per-x
 * interpolant in alpha + T behind clv_dert_rows() and clv_customer_value_rows(); issues 13,
 * 20): every row within 1e-12 relative of the one-customer function (the exact kernel) on
 * CDNOW replicated and shuffled, with T jittered by U(0, 0.01), on wide ranges of T and at
 * extreme rows; the same statuses; and the values do not depend on the rows' order (a
 * shuffled table gives the same doubles, bit for bit).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "clv_test.h"
#include "clv_test_data.h"

#define COPIES 4
#define ROWS (CDNOW_N * COPIES)
#define TOL 1e-12

static const clv_purchase_model models[2] = {
    {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}}, /* FHL 2005 on CDNOW */
    {CLV_MODEL_MBGNBD, 0, {0.525, 6.183, 0.891, 1.614}},
};
static const clv_gg_params gg = {6.25, 3.74, 15.44};
#define DELTA 0.0026876 /* 15% a year, weekly */

static double x[ROWS], tx[ROWS], T[ROWS], z[ROWS], out[ROWS], out2[ROWS];
static double px[ROWS], ptx[ROWS], pT[ROWS], pz[ROWS];
static size_t perm[ROWS];
static int32_t status[ROWS], status2[ROWS];

static uint64_t rng = 0x243F6A8885A308D3u;
static uint64_t next_random(void) {
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545F4914F6CDD1Du;
}
static double uniform(void) {
    return (double)(next_random() >> 11) / 9007199254740992.0;
}

/* CDNOW x COPIES, shuffled; jitter: T and t_x (t_x > 0) moved by U(0, 0.01). */
static clv_rfm_view table(int jitter) {
    clv_rfm_view c = cdnow_view(1);
    for (size_t i = 0; i < ROWS; i++) {
        size_t j = i % CDNOW_N;
        double u = jitter ? 0.01 * uniform() : 0.0;
        x[i] = c.x[j], T[i] = c.T[j] + u, tx[i] = (c.t_x[j] > 0.0) ? c.t_x[j] + u : 0.0;
        z[i] = (c.monetary[j] > 0.0) ? c.monetary[j] : 35.0;
    }
    for (size_t i = ROWS - 1; i > 0; i--) {
        size_t j = (size_t)(next_random() % (i + 1));
        double a = x[i], b = tx[i], d = T[i], e = z[i];
        x[i] = x[j], tx[i] = tx[j], T[i] = T[j], z[i] = z[j];
        x[j] = a, tx[j] = b, T[j] = d, z[j] = e;
    }
    clv_rfm_view v = {ROWS, x, tx, T, z, NULL};
    return v;
}

/* The quantities: DERT, and value for 12 monthly periods, 52 weekly, an infinite horizon,
 * and undiscounted. */
enum { Q_DERT, Q_V12, Q_V52, Q_VINF, Q_V0, Q_COUNT };
static const char *const q_names[Q_COUNT] = {"DERT", "value 12 mo", "value 52 wk",
                                             "value infinite", "value undiscounted"};

static clv_value_options options_of(int q) {
    clv_value_options o;
    clv_value_options_init(&o);
    switch (q) {
    case Q_V12:
        o.period = 52.0 / 12.0, o.discount_rate = 0.01, o.horizon = 12.0;
        break;
    case Q_V52:
        o.discount_rate = 0.15 / 52.0, o.horizon = 52.0;
        break;
    case Q_VINF:
        o.period = 4.0, o.discount_rate = 0.02, o.horizon = INFINITY;
        break;
    default:
        o.discount_rate = 0.0, o.horizon = 26.0;
        break;
    }
    return o;
}

static int rows_of(const clv_purchase_model *m, int q, const clv_rfm_view *v, double *o,
                   int32_t *st) {
    if (q == Q_DERT) {
        return clv_dert_rows(m, v, DELTA, o, st);
    }
    clv_value_options opt = options_of(q);
    return clv_customer_value_rows(m, &gg, &opt, v, o, st);
}

static int scalar_of(const clv_purchase_model *m, int q, double xi, double ti, double Ti,
                     double zi, double *r) {
    if (q == Q_DERT) {
        const double *p = m->params;
        if (m->model == CLV_MODEL_BGNBD) {
            clv_bgnbd_params b = {p[0], p[1], p[2], p[3]};
            return clv_bgnbd_dert(&b, xi, ti, Ti, DELTA, r);
        }
        clv_mbgnbd_params b = {p[0], p[1], p[2], p[3]};
        return clv_mbgnbd_dert(&b, xi, ti, Ti, DELTA, r);
    }
    clv_value_options opt = options_of(q);
    return clv_customer_value(m, &gg, &opt, xi, ti, Ti, zi, r);
}

/* Rows i = 0, step, 2 step, ... against the one-customer function: status, and 1e-12. */
static void check_against_scalar(const clv_purchase_model *m, int q, const clv_rfm_view *v,
                                 const double *o, const int32_t *st, size_t step,
                                 const char *what) {
    double worst = 0.0;
    for (size_t i = 0; i < v->count; i += step) {
        double r = NAN;
        int s = scalar_of(m, q, v->x[i], v->t_x[i], v->T[i], v->monetary[i], &r);
        if (st[i] != s) {
            fail_msg("%s %s row %zu: status %d, one-customer %d", what, q_names[q], i,
                     (int)st[i], s);
        }
        if (s != CLV_OK) {
            continue;
        }
        double e = fabs(o[i] - r) / fabs(r);
        worst = fmax(worst, e);
        if (!(e <= TOL)) {
            fail_msg("%s %s row %zu (x %g, T %.17g): rows %.17g, one-customer %.17g", what,
                     q_names[q], i, v->x[i], v->T[i], o[i], r);
        }
    }
    print_message("# %s, %s: largest relative difference %.2e\n", what, q_names[q], worst);
}

static void run_layout(int jitter) {
    clv_rfm_view v = table(jitter);
    for (int m = 0; m < 2; m++) {
        for (int q = 0; q < Q_COUNT; q++) {
            assert_status(rows_of(&models[m], q, &v, out, status), CLV_OK);
            /* the one-customer functions cost up to ~0.3 ms: a sample of the rows */
            size_t step = (q == Q_V12 || q == Q_V0) ? 7 : 61;
            check_against_scalar(&models[m], q, &v, out, status, step,
                                 jitter ? (m ? "MBG/NBD jittered" : "BG/NBD jittered")
                                        : (m ? "MBG/NBD shuffled" : "BG/NBD shuffled"));
            /* Without statuses: the same doubles. */
            assert_status(rows_of(&models[m], q, &v, out2, NULL), CLV_OK);
            assert_memory_equal(out, out2, sizeof out);
        }
    }
}

static void test_shuffled_cdnow_within_1e12_of_one_customer(void **state) {
    (void)state;
    run_layout(0);
}

static void test_jittered_cdnow_within_1e12_of_one_customer(void **state) {
    (void)state;
    run_layout(1);
}

/* The table in another order gives every row the same double (the interpolants depend on
 * the set of rows only). */
static void test_row_order_changes_no_bit(void **state) {
    (void)state;
    for (int jitter = 0; jitter < 2; jitter++) {
        clv_rfm_view v = table(jitter);
        for (size_t i = 0; i < ROWS; i++) {
            perm[i] = i;
        }
        for (size_t i = ROWS - 1; i > 0; i--) {
            size_t j = (size_t)(next_random() % (i + 1));
            size_t t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (size_t i = 0; i < ROWS; i++) {
            px[i] = x[perm[i]], ptx[i] = tx[perm[i]], pT[i] = T[perm[i]], pz[i] = z[perm[i]];
        }
        clv_rfm_view pv = {ROWS, px, ptx, pT, pz, NULL};
        for (int m = 0; m < 2; m++) {
            for (int q = 0; q < Q_COUNT; q++) {
                assert_status(rows_of(&models[m], q, &v, out, status), CLV_OK);
                assert_status(rows_of(&models[m], q, &pv, out2, status2), CLV_OK);
                for (size_t i = 0; i < ROWS; i++) {
                    assert_int_equal(status2[i], status[perm[i]]);
                    if (memcmp(&out2[i], &out[perm[i]], sizeof out2[i]) != 0) {
                        fail_msg("%s row %zu: %.17g in order, %.17g permuted", q_names[q],
                                 perm[i], out[perm[i]], out2[i]);
                    }
                }
            }
        }
    }
}

/* Wide ranges of A = alpha + T (T from 1e-2 to 1e6, many x sharing a few hundred rows each),
 * parameters far from CDNOW's, and bad rows among them: statuses and 1e-12 against the
 * one-customer functions. */
static void test_wide_ranges_and_bad_rows(void **state) {
    (void)state;
    static const clv_purchase_model wide[3] = {
        {CLV_MODEL_BGNBD, 0, {2.0, 0.5, 0.3, 5.0}},
        {CLV_MODEL_MBGNBD, 0, {0.05, 30.0, 3.0, 0.2}},
        {CLV_MODEL_BGNBD, 0, {20.0, 100.0, 1.5, 40.0}},
    };
    enum { W = 1200 };
    static double wx[W], wtx[W], wT[W], wz[W], wo[W];
    static int32_t ws[W];
    for (size_t i = 0; i < W; i++) {
        wx[i] = (double)(i % 6);
        wT[i] = 1e-2 * pow(1e8, uniform());
        wtx[i] = (wx[i] > 0.0) ? wT[i] * uniform() : 0.0;
        wz[i] = 10.0 + 50.0 * uniform();
    }
    wtx[17] = wT[17] * 2.0; /* t_x > T */
    wx[400] = 0.0, wtx[400] = 1.0; /* x = 0 with t_x > 0 */
    wz[801] = -1.0; /* no spend (value only) */
    clv_rfm_view v = {W, wx, wtx, wT, wz, NULL};
    for (int m = 0; m < 3; m++) {
        for (int q = 0; q < Q_COUNT; q++) {
            if (q == Q_V52 || q == Q_VINF) {
                continue; /* quadratures on every row: the sample below is enough */
            }
            assert_status(rows_of(&wide[m], q, &v, wo, ws), CLV_OK);
            check_against_scalar(&wide[m], q, &v, wo, ws, (q == Q_DERT) ? 13 : 3, "wide");
            assert_int_equal(ws[17], CLV_EDOM);
            assert_int_equal(ws[400], CLV_EDOM);
            if (q != Q_DERT) {
                assert_int_equal(ws[801], CLV_EDOM);
            }
        }
    }
    /* Extreme rows: 500 and 10^4 purchases, T = 0, t_x = T, a long history. */
    double ex[5][3] = {{0, 0, 0}, {3, 20, 20}, {1, 0.5, 1e4}, {500, 30, 38}, {1e4, 1e3, 1e3}};
    for (int m = 0; m < 2; m++) {
        for (size_t i = 0; i < W; i++) {
            size_t k = i % 5;
            wx[i] = ex[k][0], wtx[i] = ex[k][1], wT[i] = ex[k][2] + ((i / 5) % 40) * 1e-3;
            wtx[i] = (wx[i] > 0.0) ? wtx[i] : 0.0;
            wz[i] = 20.0;
        }
        for (int q = 0; q < Q_COUNT; q++) {
            if (q == Q_V52 || q == Q_VINF) {
                continue;
            }
            assert_status(rows_of(&models[m], q, &v, wo, ws), CLV_OK);
            check_against_scalar(&models[m], q, &v, wo, ws, 1, "extreme rows");
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shuffled_cdnow_within_1e12_of_one_customer),
        cmocka_unit_test(test_jittered_cdnow_within_1e12_of_one_customer),
        cmocka_unit_test(test_row_order_changes_no_bit),
        cmocka_unit_test(test_wide_ranges_and_bad_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
