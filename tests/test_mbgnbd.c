/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/clv/mbgnbd.c (and the shift-1 paths of lib/clv/betageo.c) against Batislam,
 * Denizel & Filiztekin (2007): the CDNOW fit asserted by lifetimes' suite, and mpmath values
 * of the paper's formulas written independently of libclv's shared BG/NBD code
 * (tests/oracles/mbgnbd_oracles.py, read at run time from mbgnbd_oracles.txt).
 */
#include "clv_test.h"

#include "clv.h"
#include "clv_test_data.h"

#define SENTINEL (-12345.678)

static double oracle(const char *name) {
    return oracle_value("mbgnbd_oracles.txt", name);
}

/* refs/published.md: no published CDNOW fit; lifetimes' suite asserts 0.525, 6.183, 0.891,
 * 1.614 [T] (decimal=3, i.e. the printed digits). */
static const clv_mbgnbd_params lifetimes = {0.525, 6.183, 0.891, 1.614};

static void test_mbgnbd_fit_matches_lifetimes_cdnow(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    clv_mbgnbd_params p = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    clv_fit_report r;
    assert_status(clv_mbgnbd_fit(&v, NULL, &p, &r), CLV_OK);
    assert_near(p.r, 0.525, 0.0005);
    assert_near(p.alpha, 6.183, 0.0005);
    assert_near(p.a, 0.891, 0.0005);
    assert_near(p.b, 1.614, 0.0005);
    assert_int_equal(r.converged, 1);
    assert_int_equal(r.covariance_ok, 1);
    double ll;
    assert_status(clv_mbgnbd_loglik(&lifetimes, &v, &ll, NULL), CLV_OK);
    assert_true(r.loglik >= ll);
    /* MBG/NBD fits CDNOW slightly better than BG/NBD (-9582.43): one more way to be gone. */
    assert_true(r.loglik > -9582.43 && r.loglik < -9582.0);
}

/* Per customer, against mpmath: x = 0 has the dropout term too (unlike BG/NBD). */
static void test_mbgnbd_loglik_and_gradient_match_mpmath(void **state) {
    (void)state;
    static const struct {
        double x, tx, T;
        const char *name;
        double tol;
    } rows[] = {
        {0, 0, 38.86, "loglik_x0_tx0_T38.86", 1e-12},
        {2, 30.43, 38.86, "loglik_x2_tx30.43_T38.86", 1e-12},
        {29, 38.43, 38.86, "loglik_x29_tx38.43_T38.86", 1e-12},
        {1000, 300.0, 400.0, "loglik_x1000_tx300_T400", 1e-11},
    };
    static const char *suffix[4] = {"_dr", "_dalpha", "_da", "_db"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        clv_rfm_view v = {1, &rows[i].x, &rows[i].tx, &rows[i].T, NULL, NULL};
        double ll = SENTINEL;
        double g[4];
        char name[96];
        assert_status(clv_mbgnbd_loglik(&lifetimes, &v, &ll, g), CLV_OK);
        assert_close(ll, oracle(rows[i].name), rows[i].tol);
        for (int k = 0; k < 4; k++) {
            snprintf(name, sizeof name, "%s%s", rows[i].name, suffix[k]);
            double o = oracle(name);
            assert_true(fabs(g[k] - o) <= rows[i].tol * 10.0 * fmax(1.0, fabs(o)));
        }
    }
}

/* P(alive), conditional and new-customer expectations, P(X(t) = n) against mpmath. A customer
 * without repeat purchases is not certainly alive here: P(alive | x = 0, T = 38.86) < 1. */
static void test_mbgnbd_predictions_match_mpmath(void **state) {
    (void)state;
    static const struct {
        double x, tx, T;
        const char *alive;
        const char *cond;
    } rows[] = {
        {0, 0, 38.86, "p_alive_x0", "cond_x0_t39"},
        {2, 30.43, 38.86, "p_alive_x2", "cond_x2_t39"},
        {26, 30.85714, 31, "p_alive_x26", "cond_x26_t39"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double p = SENTINEL;
        double e = SENTINEL;
        assert_status(clv_mbgnbd_p_alive(&lifetimes, rows[i].x, rows[i].tx, rows[i].T, &p), CLV_OK);
        assert_close(p, oracle(rows[i].alive), 1e-13);
        assert_status(
            clv_mbgnbd_expected_purchases(&lifetimes, rows[i].x, rows[i].tx, rows[i].T, 39, &e),
            CLV_OK);
        assert_close(e, oracle(rows[i].cond), 1e-11);
    }
    double p0;
    assert_status(clv_mbgnbd_p_alive(&lifetimes, 0, 0, 38.86, &p0), CLV_OK);
    assert_true(p0 < 1.0);
    double e = SENTINEL;
    assert_status(clv_mbgnbd_expected_purchases(&lifetimes, 1000, 400, 400, 52, &e), CLV_OK);
    assert_close(e, oracle("cond_x1000_alive_t52"), 1e-11);
    static const double ts[3] = {1, 39, 78};
    static const char *news[3] = {"new_t1", "new_t39", "new_t78"};
    for (int i = 0; i < 3; i++) {
        assert_status(clv_mbgnbd_expected_purchases_new(&lifetimes, ts[i], &e), CLV_OK);
        assert_close(e, oracle(news[i]), 1e-11);
    }
    static const struct {
        double t, n;
        const char *name;
    } probs[] = {{39, 0, "prob_t39_n0"},
                 {39, 1, "prob_t39_n1"},
                 {39, 5, "prob_t39_n5"},
                 {2, 10, "prob_t2_n10"}};
    for (size_t i = 0; i < sizeof probs / sizeof probs[0]; i++) {
        double p = SENTINEL;
        assert_status(clv_mbgnbd_prob_purchases(&lifetimes, probs[i].t, probs[i].n, &p), CLV_OK);
        assert_close(p, oracle(probs[i].name), 1e-11);
    }
    /* lifetimes' suite holds the worked example to 1.226 +/- 0.05 for MBG/NBD at its fit. */
    clv_rfm_view v = cdnow_view(0);
    clv_mbgnbd_params fit;
    assert_status(clv_mbgnbd_fit(&v, NULL, &fit, NULL), CLV_OK);
    assert_status(clv_mbgnbd_expected_purchases(&fit, 2, 30.43, 38.86, 39, &e), CLV_OK);
    assert_near(e, 1.226, 0.05);
}

/* The array forms, errors and untouched outputs follow BG/NBD's contract. */
static void test_mbgnbd_arrays_and_errors(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    static double p[CDNOW_N], e[CDNOW_N];
    assert_status(clv_mbgnbd_p_alive_array(&lifetimes, &v, p), CLV_OK);
    assert_status(clv_mbgnbd_expected_purchases_array(&lifetimes, &v, 39, e), CLV_OK);
    for (size_t i = 0; i < CDNOW_N; i++) {
        double ps, es;
        assert_status(clv_mbgnbd_p_alive(&lifetimes, v.x[i], v.t_x[i], v.T[i], &ps), CLV_OK);
        assert_status(clv_mbgnbd_expected_purchases(&lifetimes, v.x[i], v.t_x[i], v.T[i], 39, &es),
                      CLV_OK);
        assert_true(p[i] == ps && e[i] == es);
        assert_true(ps >= 0.0 && ps < 1.0); /* never certainly alive */
    }
    double out = SENTINEL;
    const clv_mbgnbd_params bad = {0.5, -1.0, 1.0, 1.0};
    assert_status(clv_mbgnbd_p_alive(&bad, 1, 1, 2, &out), CLV_EDOM);
    assert_status(clv_mbgnbd_p_alive(&lifetimes, 2, 40, 38, &out), CLV_EDOM);
    assert_status(clv_mbgnbd_prob_purchases(&lifetimes, 1, 0.5, &out), CLV_EDOM);
    assert_status(clv_mbgnbd_expected_purchases_new(&lifetimes, -1, &out), CLV_EDOM);
    assert_status(clv_mbgnbd_loglik(NULL, &v, &out, NULL), CLV_EINVAL);
    assert_status(clv_mbgnbd_fit(&v, NULL, NULL, NULL), CLV_EINVAL);
    assert_true(out == SENTINEL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mbgnbd_fit_matches_lifetimes_cdnow),
        cmocka_unit_test(test_mbgnbd_loglik_and_gradient_match_mpmath),
        cmocka_unit_test(test_mbgnbd_predictions_match_mpmath),
        cmocka_unit_test(test_mbgnbd_arrays_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
