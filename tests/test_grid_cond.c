/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The conditional purchase probabilities of Pareto/NBD and BG/BB and BG/BB's P(alive) at a
 * future opportunity (lib/clv/pnbd.c, lib/clv/bgbb.c), and their per-row forms
 * clv_prob_purchases_rows() and clv_dert_rows() (lib/clv/rows.c):
 *   - on the mpmath grid of tests/oracles/grid_cond.py (grid_cond.txt): parameters over
 *     1e-3..1e3, x up to 1e5, times over 1e-2..1e6; each case passes when the call returns
 *     CLV_OK within 1e-10 relative of the exact value (+1e-300 absolute for probabilities
 *     that underflow). A probability is a product and sum of positive terms (no
 *     cancellation), so it keeps the ~1e-13 of the log-gamma values behind it.
 *   - properties that can fail: the probabilities sum to 1 over n and their mean is the
 *     conditional expectation (clv_pnbd_expected_purchases(), clv_bgbb_expected_purchases(),
 *     computed by their own closed forms); BG/BB P(alive at n + 1) is clv_bgbb_p_alive() bit
 *     for bit and P(alive at n + m) decreases in m;
 *   - the rows forms equal the one-customer functions bit for bit for every model, refuse a
 *     bad row alone with a row-status array, and write nothing for a bad call.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv_test.h"

#include "clv.h"

#define GRID_FILE "oracles/grid_cond.txt"
#define REL_TOL 1e-10
#define ABS_FLOOR 1e-300
#define SENTINEL (-12345.0)

static void assert_rel(double got, double want, double tol, const char *what) {
    if (!(fabs(got - want) <= tol * fabs(want))) {
        fail_msg("%s: got %.17g, want %.17g (rel %.3g > %.3g)", what, got, want,
                 fabs(got - want) / fabs(want), tol);
    }
}

static int evaluate(const char *kind, const double *in, double *v) {
    if (strcmp(kind, "pnbd_pcond") == 0) {
        const clv_pnbd_params p = {in[0], in[1], in[2], in[3]};
        return clv_pnbd_prob_purchases_cond(&p, in[4], in[5], in[6], in[7], in[8], v);
    }
    const clv_bgbb_params p = {in[0], in[1], in[2], in[3]};
    if (strcmp(kind, "bgbb_pcond") == 0) {
        return clv_bgbb_prob_purchases_cond(&p, in[4], in[5], in[6], in[7], in[8], v);
    }
    if (strcmp(kind, "bgbb_alive") == 0) {
        return clv_bgbb_p_alive_at(&p, in[4], in[5], in[6], in[7], v);
    }
    fail_msg("unknown quantity %s in %s", kind, GRID_FILE);
    return CLV_EINVAL;
}

static void test_grid_cond_matches_mpmath_oracles(void **state) {
    (void)state;
    FILE *f = fopen(GRID_FILE, "r");
    assert_non_null(f);
    char buf[512];
    int line = 0, cases = 0, wrong = 0, spurious = 0;
    int per_kind[3] = {0, 0, 0};
    double worst = 0.0;
    while (fgets(buf, sizeof buf, f) != NULL) {
        line++;
        if (buf[0] == '#') {
            continue;
        }
        char kind[32];
        double in[9], exact;
        int got = sscanf(buf, "%31s %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", kind, &in[0],
                         &in[1], &in[2], &in[3], &in[4], &in[5], &in[6], &in[7], &in[8], &exact);
        assert_int_equal(got, 11);
        cases++;
        per_kind[(kind[0] == 'p') ? 0 : (strcmp(kind, "bgbb_pcond") == 0) ? 1 : 2]++;
        double v = NAN;
        int st = evaluate(kind, in, &v);
        if (st == CLV_OK && isfinite(v) && fabs(v - exact) <= REL_TOL * fabs(exact) + ABS_FLOOR) {
            if (exact > 1e-290) {
                worst = fmax(worst, fabs(v - exact) / exact);
            }
            continue;
        }
        if (st == CLV_OK) {
            wrong++;
        } else {
            spurious++;
        }
        printf("# FAIL line %d: %s status %d value %.17g exact %.17g (rel %.3g)\n", line, kind,
               st, v, exact, fabs(v - exact) / fabs(exact));
    }
    fclose(f);
    printf("# grid_cond: %d cases (%d Pareto/NBD, %d BG/BB P, %d BG/BB P(alive)), %d wrong with "
           "CLV_OK, %d error statuses; worst relative error %.3g\n",
           cases, per_kind[0], per_kind[1], per_kind[2], wrong, spurious, worst);
    assert_true(per_kind[0] > 300 && per_kind[1] > 200 && per_kind[2] > 80);
    assert_int_equal(wrong + spurious, 0);
}

/* Pareto/NBD: sum over n of P(X(t) = n | .) is 1 and its mean is E[X(t) | .]. */
static void test_pnbd_cond_sums_to_one_with_the_right_mean(void **state) {
    (void)state;
    static const struct {
        double r, alpha, s, beta, x, t_x, T, t;
    } cases[] = {
        {0.55315, 10.57633, 0.60625, 11.6715, 2, 30.43, 38.86, 39}, /* CDNOW fit */
        {0.55315, 10.57633, 0.60625, 11.6715, 0, 0, 38.86, 52},
        {0.55315, 10.57633, 0.60625, 11.6715, 20, 38.0, 38.86, 10},
        {5.0, 2.0, 0.01, 1e3, 7, 3.0, 40.0, 100.0},
        {1e-3, 1e-3, 1e3, 1e3, 1, 1.0, 2.0, 5.0},
        {300.0, 1e3, 2.0, 0.5, 30, 29.0, 39.0, 52.0},
        {0.2, 1e3, 0.001, 1e-3, 3000, 900.0, 1000.0, 1.0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const clv_pnbd_params p = {cases[k].r, cases[k].alpha, cases[k].s, cases[k].beta};
        double sum = 0.0, mean = 0.0, mean_tail = 0.0, e;
        assert_status(clv_pnbd_expected_purchases(&p, cases[k].x, cases[k].t_x, cases[k].T,
                                                  cases[k].t, &e),
                      CLV_OK);
        int n;
        for (n = 0; n < 20000; n++) {
            double v;
            assert_status(clv_pnbd_prob_purchases_cond(&p, cases[k].x, cases[k].t_x, cases[k].T,
                                                       cases[k].t, n, &v),
                          CLV_OK);
            sum += v;
            mean += n * v;
            if (n > e && v * n < 1e-18 * mean && 1.0 - sum < 1e-14) {
                mean_tail = n * v;
                break;
            }
        }
        printf("# pnbd case %zu: %d terms, sum - 1 = %.3g, mean %.17g vs %.17g\n", k, n,
               sum - 1.0, mean, e);
        assert_true(n < 20000);
        assert_rel(sum, 1.0, 1e-12, "Pareto/NBD sum of P over n");
        assert_rel(mean + mean_tail, e, 1e-10, "Pareto/NBD mean of P over n");
    }
}

/* BG/BB: sum over x* = 0..n* is 1, the mean is E[X(n, n+n*) | .]. Eq. 8's binomial
 * coefficients and beta functions are log-gamma values of size up to ~1e4 here: 1e-12 of a
 * sum is their rounding. */
static void test_bgbb_cond_sums_to_one_with_the_right_mean(void **state) {
    (void)state;
    static const struct {
        double a, b, g, d, x, t_x, n, n_star;
    } cases[] = {
        {1.203507, 0.7497667, 0.6567568, 2.783887, 3, 5, 6, 10}, /* BTYD's fit */
        {1.203507, 0.7497667, 0.6567568, 2.783887, 0, 0, 6, 5},
        {1.203507, 0.7497667, 0.6567568, 2.783887, 6, 6, 6, 1},
        {1e-3, 1e3, 1e3, 1e-3, 100, 500, 1000, 1000},
        {1e3, 1e-3, 1e-3, 1e3, 30, 39, 39, 2000},
        {0.5, 2.0, 0.1, 10.0, 2, 8, 10000, 300},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const clv_bgbb_params p = {cases[k].a, cases[k].b, cases[k].g, cases[k].d};
        double sum = 0.0, mean = 0.0, e, v;
        for (double xs = 0; xs <= cases[k].n_star; xs++) {
            assert_status(clv_bgbb_prob_purchases_cond(&p, cases[k].x, cases[k].t_x, cases[k].n,
                                                       cases[k].n_star, xs, &v),
                          CLV_OK);
            sum += v;
            mean += xs * v;
        }
        assert_status(clv_bgbb_prob_purchases_cond(&p, cases[k].x, cases[k].t_x, cases[k].n,
                                                   cases[k].n_star, cases[k].n_star + 1, &v),
                      CLV_OK);
        assert_true(v == 0.0);
        assert_status(clv_bgbb_expected_purchases(&p, cases[k].x, cases[k].t_x, cases[k].n,
                                                  cases[k].n_star, &e),
                      CLV_OK);
        printf("# bgbb case %zu: sum - 1 = %.3g, mean %.17g vs %.17g\n", k, sum - 1.0, mean, e);
        assert_rel(sum, 1.0, 1e-11, "BG/BB sum of P over x*");
        assert_rel(mean, e, 1e-10, "BG/BB mean of P over x*");
    }
}

static void test_bgbb_p_alive_at(void **state) {
    (void)state;
    const clv_bgbb_params p = {1.203507, 0.7497667, 0.6567568, 2.783887};
    static const double hist[][3] = {{0, 0, 6}, {1, 1, 6}, {3, 5, 6}, {6, 6, 6}, {2, 100, 1000}};
    for (size_t k = 0; k < sizeof hist / sizeof hist[0]; k++) {
        double a1, at1, prev = 2.0;
        assert_status(clv_bgbb_p_alive(&p, hist[k][0], hist[k][1], hist[k][2], &a1), CLV_OK);
        assert_status(clv_bgbb_p_alive_at(&p, hist[k][0], hist[k][1], hist[k][2], 1, &at1),
                      CLV_OK);
        assert_true(a1 == at1); /* bit for bit */
        for (double m = 0; m <= 64; m++) {
            double v;
            assert_status(clv_bgbb_p_alive_at(&p, hist[k][0], hist[k][1], hist[k][2], m, &v),
                          CLV_OK);
            assert_true(v < prev && v > 0.0);
            prev = v;
        }
    }
    /* m = 0: alive at n, 1 when the last opportunity had a transaction (t_x = n). */
    double v;
    assert_status(clv_bgbb_p_alive_at(&p, 6, 6, 6, 0, &v), CLV_OK);
    assert_rel(v, 1.0, 1e-15, "P(alive at n) with t_x = n");
    assert_status(clv_bgbb_p_alive_at(&p, 3, 5, 6, 1.5, &v), CLV_EDOM);
    assert_status(clv_bgbb_p_alive_at(&p, 3, 5, 6, -1, &v), CLV_EDOM);
    assert_status(clv_bgbb_p_alive_at(&p, 3, 7, 6, 1, &v), CLV_EDOM);
    assert_status(clv_bgbb_p_alive_at(NULL, 3, 5, 6, 1, &v), CLV_EINVAL);
    assert_status(clv_bgbb_prob_purchases_cond(&p, 3, 5, 6, 2.5, 0, &v), CLV_EDOM);
    assert_status(clv_bgbb_prob_purchases_cond(&p, 3, 5, 6, 2, 0.5, &v), CLV_EDOM);
    const clv_pnbd_params q = {0.55315, 10.57633, 0.60625, 11.6715};
    assert_status(clv_pnbd_prob_purchases_cond(&q, 2, 30, 38, 10, 1.5, &v), CLV_EDOM);
    assert_status(clv_pnbd_prob_purchases_cond(&q, 2, 40, 38, 10, 1, &v), CLV_EDOM);
    assert_status(clv_pnbd_prob_purchases_cond(&q, 2, 30, 38, INFINITY, 1, &v), CLV_EDOM);
    assert_status(clv_pnbd_prob_purchases_cond(&q, 2, 30, 38, 10, 1, NULL), CLV_EINVAL);
}

/* The scalar call behind each row of the rows forms. */
static int scalar_prob(const clv_purchase_model *m, double x, double t_x, double T, double t,
                       double n, double *v) {
    const double *p = m->params;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        const clv_bgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_bgnbd_prob_purchases_cond(&q, x, t_x, T, t, n, v);
    }
    case CLV_MODEL_MBGNBD: {
        const clv_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_mbgnbd_prob_purchases_cond(&q, x, t_x, T, t, n, v);
    }
    case CLV_MODEL_PNBD: {
        const clv_pnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_pnbd_prob_purchases_cond(&q, x, t_x, T, t, n, v);
    }
    default: {
        const clv_bgbb_params q = {p[0], p[1], p[2], p[3]};
        return clv_bgbb_prob_purchases_cond(&q, x, t_x, T, t, n, v);
    }
    }
}

static int scalar_dert(const clv_purchase_model *m, double x, double t_x, double T, double delta,
                       double *v) {
    const double *p = m->params;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        const clv_bgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_bgnbd_dert(&q, x, t_x, T, delta, v);
    }
    case CLV_MODEL_MBGNBD: {
        const clv_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_mbgnbd_dert(&q, x, t_x, T, delta, v);
    }
    case CLV_MODEL_PNBD: {
        const clv_pnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_pnbd_dert(&q, x, t_x, T, delta, v);
    }
    default: {
        /* The one convention: e^(-delta k) = (1 + d)^-k with d = e^delta - 1. */
        const clv_bgbb_params q = {p[0], p[1], p[2], p[3]};
        double d;
        int st = clv_discount_rate_from_continuous(delta, 1.0, &d);
        return (st != CLV_OK) ? st : clv_bgbb_dert(&q, x, t_x, T, d, v);
    }
    }
}

static void test_rows_equal_scalar_calls_and_refuse_bad_rows_alone(void **state) {
    (void)state;
    static const clv_purchase_model models[] = {
        {CLV_MODEL_BGNBD, 0, {0.2426, 4.4136, 0.7929, 2.4259}},
        {CLV_MODEL_MBGNBD, 0, {0.525, 6.183, 0.891, 1.614}},
        {CLV_MODEL_PNBD, 0, {0.55315, 10.57633, 0.60625, 11.6715}},
        {CLV_MODEL_BGBB, 0, {1.203507, 0.7497667, 0.6567568, 2.783887}},
    };
    /* Row 3 is bad for every model (t_x > T); row 5 for BG/BB only (t_x not whole). */
    enum { N = 8 };
    static const double x[N] = {0, 1, 2, 3, 5, 2, 6, 1};
    static const double tx[N] = {0, 1, 3, 9, 5, 2.5, 6, 2};
    static const double T[N] = {6, 6, 6, 6, 6, 6, 6, 6};
    const clv_rfm_view v = {N, x, tx, T, NULL, NULL};
    for (size_t k = 0; k < 4; k++) {
        const clv_purchase_model *m = &models[k];
        int bgbb = (m->model == CLV_MODEL_BGBB);
        double out[N], want;
        int32_t st[N];
        for (int which = 0; which < 2; which++) {
            for (int i = 0; i < N; i++) {
                out[i] = SENTINEL;
            }
            int s = which ? clv_dert_rows(m, &v, 0.1, out, st)
                          : clv_prob_purchases_rows(m, &v, 5.0, 1.0, out, st);
            assert_status(s, CLV_OK);
            for (int i = 0; i < N; i++) {
                want = SENTINEL;
                int s1 = which ? scalar_dert(m, x[i], tx[i], T[i], 0.1, &want)
                               : scalar_prob(m, x[i], tx[i], T[i], 5.0, 1.0, &want);
                assert_int_equal(st[i], s1);
                assert_true(out[i] == want); /* bit for bit, SENTINEL where refused */
            }
            assert_int_equal(st[3], CLV_EDOM);
            assert_int_equal(st[5], bgbb ? CLV_EDOM : CLV_OK);
            assert_int_equal(st[0], CLV_OK);
            /* Without statuses: the first bad row's error, and nothing written before it. */
            for (int i = 0; i < N; i++) {
                out[i] = SENTINEL;
            }
            s = which ? clv_dert_rows(m, &v, 0.1, out, NULL)
                      : clv_prob_purchases_rows(m, &v, 5.0, 1.0, out, NULL);
            assert_status(s, CLV_EDOM);
            for (int i = 0; i < N; i++) {
                assert_true(out[i] == SENTINEL);
            }
            /* A clean table without statuses: the same values. */
            const clv_rfm_view good = {3, x, tx, T, NULL, NULL};
            s = which ? clv_dert_rows(m, &good, 0.1, out, NULL)
                      : clv_prob_purchases_rows(m, &good, 5.0, 1.0, out, NULL);
            assert_status(s, CLV_OK);
            for (int i = 0; i < 3; i++) {
                assert_int_equal(which ? scalar_dert(m, x[i], tx[i], T[i], 0.1, &want)
                                       : scalar_prob(m, x[i], tx[i], T[i], 5.0, 1.0, &want),
                                 CLV_OK);
                assert_true(out[i] == want);
            }
        }
        /* Bad calls write nothing. */
        for (int i = 0; i < N; i++) {
            out[i] = SENTINEL;
            st[i] = 77;
        }
        assert_status(clv_prob_purchases_rows(m, &v, -1.0, 1.0, out, st), CLV_EDOM);
        assert_status(clv_prob_purchases_rows(m, &v, 5.0, 0.5, out, st), CLV_EDOM);
        assert_status(clv_prob_purchases_rows(m, &v, bgbb ? 2.5 : NAN, 1.0, out, st), CLV_EDOM);
        assert_status(clv_prob_purchases_rows(m, NULL, 5.0, 1.0, out, st), CLV_EINVAL);
        assert_status(clv_dert_rows(m, &v, 0.0, out, st), CLV_EDOM);
        assert_status(clv_dert_rows(m, &v, INFINITY, out, st), CLV_EDOM);
        assert_status(clv_dert_rows(m, &v, 0.1, NULL, st), CLV_EINVAL);
        for (int i = 0; i < N; i++) {
            assert_true(out[i] == SENTINEL);
            assert_int_equal(st[i], 77);
        }
    }
    static const clv_purchase_model gg = {CLV_MODEL_GG, 0, {6.25, 3.74, 15.44}};
    double o[N];
    assert_status(clv_dert_rows(&gg, &v, 0.1, o, NULL), CLV_EINVAL);
    assert_status(clv_prob_purchases_rows(&gg, &v, 1.0, 0.0, o, NULL), CLV_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_cond_matches_mpmath_oracles),
        cmocka_unit_test(test_pnbd_cond_sums_to_one_with_the_right_mean),
        cmocka_unit_test(test_bgbb_cond_sums_to_one_with_the_right_mean),
        cmocka_unit_test(test_bgbb_p_alive_at),
        cmocka_unit_test(test_rows_equal_scalar_calls_and_refuse_bad_rows_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
