/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/clv/gg.c against Fader & Hardie (2013), "The Gamma-Gamma model of monetary
 * value" (note 025), on the CDNOW repeat customers, and the mpmath values of
 * tests/oracles/gg_oracles.py (read at run time from gg_oracles.txt).
 */
#include "clv_test.h"

#include <stdlib.h>

#include "clv.h"
#include "clv_test_data.h"

#define SENTINEL (-12345.678)
static double oracle(const char *name) {
    return oracle_value("gg_oracles.txt", name);
}

static clv_rfm_view cdnow(void) {
    return cdnow_view(1);
}

static const clv_gg_params note = {6.25, 3.74, 15.44}; /* Fader & Hardie 2013 [P] */

/* One customer's log density and gradient against mpmath, x from 1 to 100,000. 1e-12
 * relative for the value; the gradient relative to max(1, |g|) (1e-10 at x = 1e5, where
 * terms of ~1e6 cancel). */
static void test_gg_loglik_and_gradient_match_mpmath_per_row(void **state) {
    (void)state;
    static const struct {
        double x, z;
        const char *name;
        double tol;
    } rows[] = {
        {2, 22.35, "logf_x2_z22.35", 1e-12},     {1, 11.77, "logf_x1_z11.77", 1e-12},
        {7, 73.74, "logf_x7_z73.74", 1e-12},     {29, 299.99, "logf_x29_z299.99", 1e-12},
        {1000, 35.5, "logf_x1000_z35.5", 1e-11}, {100000, 12.0, "logf_x100000_z12", 1e-10},
    };
    static const char *suffix[3] = {"_dp", "_dq", "_dgamma"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double T = 40.0;
        clv_rfm_view v = {1, &rows[i].x, &T, &T, &rows[i].z, NULL};
        double ll = SENTINEL;
        double g[3];
        char name[96];
        assert_status(clv_gg_loglik(&note, &v, &ll, g), CLV_OK);
        assert_close(ll, oracle(rows[i].name), rows[i].tol);
        for (int k = 0; k < 3; k++) {
            snprintf(name, sizeof name, "%s%s", rows[i].name, suffix[k]);
            double o = oracle(name);
            assert_true(fabs(g[k] - o) <= rows[i].tol * 10.0 * fmax(1.0, fabs(o)));
        }
    }
}

/* refs/published.md: p, q, gamma = 6.25, 3.74, 15.44 [P] on the 946 CDNOW customers with
 * x > 0 (customers with x = 0 are in the table and must be skipped). Three significant
 * digits: +/- 0.005, 0.005, 0.05. CLVTools asserts LL -4055.9177 on its own build of the
 * data [T]; on this file (zbar rounded to cents) the maximum is within 0.01 of it. */
static void test_gg_fit_reproduces_fader_hardie_2013_cdnow(void **state) {
    (void)state;
    clv_rfm_view v = cdnow();
    clv_gg_params p = {SENTINEL, SENTINEL, SENTINEL};
    clv_fit_report r;
    assert_status(clv_gg_fit(&v, NULL, &p, &r), CLV_OK);
    assert_near(p.p, 6.25, 0.005);
    assert_near(p.q, 3.74, 0.005);
    assert_near(p.gamma, 15.44, 0.05);
    assert_int_equal(r.converged, 1);
    assert_int_equal(r.n_params, 3);
    assert_near(r.loglik, -4055.9177, 0.01);
    /* The maximum: the published point has a lower likelihood on this data. */
    double ll_note;
    assert_status(clv_gg_loglik(&note, &v, &ll_note, NULL), CLV_OK);
    assert_true(r.loglik >= ll_note);
    for (int i = 0; i < 3; i++) {
        assert_true(isfinite(r.std_error[i]) && r.std_error[i] > 0.0);
    }
}

static int gg_grad(const double *t, const void *v, double *g) {
    clv_gg_params p = {t[0], t[1], t[2]};
    double ll;
    return clv_gg_loglik(&p, (const clv_rfm_view *)v, &ll, g);
}

/* The fit steps by Newton's method on the analytic Hessian and inverts it for the covariance:
 * check that against central differences of the analytic gradient (to 1e-7 of the scale), on CDNOW plus three customers with x beyond the x-term table (300, 900, 4000),
 * one of them weighted. */
static void test_gg_newton_fit_hessian_matches_gradient_differences(void **state) {
    (void)state;
    clv_rfm_view c = cdnow();
    static double x[CDNOW_N + 3], tx[CDNOW_N + 3], T[CDNOW_N + 3], m[CDNOW_N + 3],
        w[CDNOW_N + 3];
    for (size_t i = 0; i < CDNOW_N; i++) {
        x[i] = c.x[i], tx[i] = c.t_x[i], T[i] = c.T[i], m[i] = c.monetary[i], w[i] = 1.0;
    }
    static const double extra[3][4] = {{300, 38, 39, 41.5}, {900, 30, 39, 12.25}, {4000, 38, 38, 80.0}};
    for (size_t k = 0; k < 3; k++) {
        x[CDNOW_N + k] = extra[k][0], tx[CDNOW_N + k] = extra[k][1];
        T[CDNOW_N + k] = extra[k][2], m[CDNOW_N + k] = extra[k][3];
        w[CDNOW_N + k] = (k == 1) ? 3.0 : 1.0;
    }
    clv_rfm_view v = {CDNOW_N + 3, x, tx, T, m, w};
    clv_gg_params p;
    clv_fit_report r;
    assert_status(clv_gg_fit(&v, NULL, &p, &r), CLV_OK);
    assert_int_equal(r.covariance_ok, 1);
    double theta[3] = {p.p, p.q, p.gamma};
    double info[9];
    clv_test_information_by_differences(gg_grad, &v, theta, 3, info);
    assert_information(r.covariance, info, 3, 1e-7);
}

/* The rows with x = 0 carry no information: removing them changes nothing. */
static void test_gg_skips_customers_without_repeat_purchases(void **state) {
    (void)state;
    clv_rfm_view v = cdnow();
    static double x[CDNOW_N], m[CDNOW_N], t[CDNOW_N];
    size_t k = 0;
    for (size_t i = 0; i < CDNOW_N; i++) {
        if (v.x[i] > 0.0) {
            x[k] = v.x[i];
            m[k] = v.monetary[i];
            t[k] = v.T[i];
            k++;
        }
    }
    assert_int_equal(k, 946); /* published: 946 customers with x > 0 */
    clv_rfm_view repeat = {k, x, t, t, m, NULL};
    double a, b, ga[3], gb[3];
    assert_status(clv_gg_loglik(&note, &v, &a, ga), CLV_OK);
    assert_status(clv_gg_loglik(&note, &repeat, &b, gb), CLV_OK);
    assert_close(a, b, 1e-14);
    for (int i = 0; i < 3; i++) {
        assert_close(ga[i], gb[i], 1e-12);
    }
}

/* p x or p x + q beyond DBL_MAX while the mean is an ordinary number (found by
 * fuzz/fuzz_models.c: CLV_EDOM for valid input): mpmath at 40 digits gives 5.0003,
 * 4.0352623659473486007e175 and 3.25. */
static void test_gg_expected_spend_when_p_x_overflows(void **state) {
    (void)state;
    static const double cases[][6] = {
        {1e306, 2.0, 3.0, 1e4, 5.0, 5.0003},
        {1.3824172084878715e+306, 3.9572864256888409e+175, 4.0348802750122149e+175, 10560.0,
         4.0348802750122149e+175, 4.0352623659473486007e+175},
        {1e308, 1e308, 7.0, 3.0, 2.0, 3.25},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clv_gg_params p = {cases[i][0], cases[i][1], cases[i][2]};
        double s = SENTINEL;
        assert_status(clv_gg_expected_spend(&p, cases[i][3], cases[i][4], &s), CLV_OK);
        assert_close(s, cases[i][5], 1e-14);
    }
}

/* refs/published.md [T, Hardie's sheet]: the first ten customers ((x, zbar) = (2, 22.35),
 * (1, 11.77), (0, 0), (0, 0), (0, 0), (7, 73.74), (1, 11.77), (0, 0), (2, 25.55), (0, 0))
 * expect 24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17. The sheet
 * uses its own full-precision fit, which ours matches (the population mean pg/(q-1) is 35.17
 * at our estimate, 35.22 at the three printed digits). Our data file rounds zbar to cents
 * (customer 1's true mean, from CDNOW_sample, is 22.345, printed 22.35: +0.004 on their
 * expectation), so the sheet is matched to +/- 0.01 at our fit; at the printed parameters
 * mpmath holds the formula to 1e-13. */
static void test_gg_expected_spend_matches_hardie_sheet(void **state) {
    (void)state;
    clv_rfm_view v = cdnow();
    clv_gg_params fit;
    assert_status(clv_gg_fit(&v, NULL, &fit, NULL), CLV_OK);
    static const double sheet[10] = {24.65, 18.91, 35.17, 35.17, 35.17,
                                     71.46, 18.91, 35.17, 27.28, 35.17};
    for (int i = 0; i < 10; i++) {
        double s = SENTINEL;
        assert_status(clv_gg_expected_spend(&fit, v.x[i], v.monetary[i], &s), CLV_OK);
        assert_near(s, sheet[i], 0.01);
    }
    static const struct {
        double x, z;
        const char *name;
    } cases[] = {
        {2, 22.35, "spend_x2_z22.35"},       {1, 11.77, "spend_x1_z11.77"},
        {7, 73.74, "spend_x7_z73.74"},       {2, 25.55, "spend_x2_z25.55"},
        {100000, 12.0, "spend_x100000_z12"}, {0, 0.0, "spend_population"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double s = SENTINEL;
        assert_status(clv_gg_expected_spend(&note, cases[i].x, cases[i].z, &s), CLV_OK);
        assert_close(s, oracle(cases[i].name), 1e-13);
    }
    /* More transactions pull the estimate towards the customer's own mean. */
    double s1, s100;
    assert_status(clv_gg_expected_spend(&note, 1, 100.0, &s1), CLV_OK);
    assert_status(clv_gg_expected_spend(&note, 100, 100.0, &s100), CLV_OK);
    assert_true(fabs(s100 - 100.0) < fabs(s1 - 100.0));
}

static void test_gg_rejects_invalid_input(void **state) {
    (void)state;
    double out = SENTINEL;
    /* q <= 1: no population mean (x = 0); p x + q <= 1 likewise for x > 0, decided on the
     * exact sum of the doubles (0.25 + 0.75 is 1 exactly; the doubles 0.1 and 0.9 add up to
     * 1 + 2.8e-17, where the mean exists). */
    clv_gg_params small_q = {0.25, 0.75, 10.0};
    assert_status(clv_gg_expected_spend(&small_q, 0, 0.0, &out), CLV_EDOM);
    assert_status(clv_gg_expected_spend(&small_q, 1, 5.0, &out), CLV_EDOM); /* 0.25 + 0.75 */
    assert_status(clv_gg_expected_spend(&small_q, 2, 5.0, &out), CLV_OK);   /* 1.25 > 1 */
    out = SENTINEL;
    assert_status(clv_gg_expected_spend(&note, 1.5, 5.0, &out), CLV_EDOM);
    assert_status(clv_gg_expected_spend(&note, -1, 5.0, &out), CLV_EDOM);
    assert_status(clv_gg_expected_spend(&note, 2, 0.0, &out), CLV_EDOM);
    assert_status(clv_gg_expected_spend(&note, 2, NAN, &out), CLV_EDOM);
    assert_status(clv_gg_expected_spend(&note, 2, INFINITY, &out), CLV_EDOM);
    static const clv_gg_params bad[] = {{0, 1, 1}, {1, -1, 1}, {1, 1, NAN}, {INFINITY, 1, 1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_status(clv_gg_expected_spend(&bad[i], 2, 5.0, &out), CLV_EDOM);
    }
    assert_status(clv_gg_expected_spend(NULL, 2, 5.0, &out), CLV_EINVAL);
    assert_status(clv_gg_expected_spend(&note, 2, 5.0, NULL), CLV_EINVAL);
    assert_true(out == SENTINEL);
    /* Tables: the monetary column is required; a repeat customer needs monetary > 0. */
    clv_rfm_view v = cdnow();
    clv_rfm_view no_m = v;
    no_m.monetary = NULL;
    assert_status(clv_gg_loglik(&note, &no_m, &out, NULL), CLV_EINVAL);
    assert_status(clv_gg_fit(&no_m, NULL, &small_q, NULL), CLV_EINVAL);
    double x = 3, t = 5, T = 6, m = 0.0;
    clv_rfm_view zero_m = {1, &x, &t, &T, &m, NULL};
    assert_status(clv_gg_loglik(&note, &zero_m, &out, NULL), CLV_EDOM);
    assert_status(clv_gg_loglik(&bad[0], &v, &out, NULL), CLV_EDOM);
    assert_status(clv_gg_loglik(NULL, &v, &out, NULL), CLV_EINVAL);
    assert_true(out == SENTINEL);
}

/* The model reads x, monetary and weight only: a view without t_x and T (null) gives the same
 * log-likelihood and gradient, and the same fit, bit for bit, as the full CDNOW table; the fit
 * is the published 6.25, 3.74, 15.44 (Fader & Hardie 2013 [P], to the printed digits). With
 * allocator hooks the fit packs rows by (x, zbar), also without t_x and T: the same estimate
 * to 1e-8 (the sums are taken in another order), and the block is freed. */
typedef struct gg_allocator {
    int live, total;
} gg_allocator;

static void *gg_alloc(void *ctx, size_t size) {
    gg_allocator *c = ctx;
    c->live++;
    c->total++;
    return malloc(size);
}

static void gg_free(void *ctx, void *ptr) {
    gg_allocator *c = ctx;
    c->live--;
    free(ptr);
}

static void test_gg_needs_no_t_x_or_T(void **state) {
    (void)state;
    clv_rfm_view full = cdnow();
    clv_rfm_view spend_only = full;
    spend_only.t_x = NULL;
    spend_only.T = NULL;
    double a = SENTINEL, b = SENTINEL, ga[3], gb[3];
    assert_status(clv_gg_loglik(&note, &full, &a, ga), CLV_OK);
    assert_status(clv_gg_loglik(&note, &spend_only, &b, gb), CLV_OK);
    assert_true(a == b);
    for (int i = 0; i < 3; i++) {
        assert_true(ga[i] == gb[i]);
    }
    clv_gg_params with = {SENTINEL, SENTINEL, SENTINEL}, without = with;
    clv_fit_report rw, ro;
    assert_status(clv_gg_fit(&full, NULL, &with, &rw), CLV_OK);
    assert_status(clv_gg_fit(&spend_only, NULL, &without, &ro), CLV_OK);
    assert_true(with.p == without.p && with.q == without.q && with.gamma == without.gamma);
    assert_true(rw.loglik == ro.loglik);
    assert_int_equal(ro.converged, 1);
    assert_near(without.p, 6.25, 0.005);
    assert_near(without.q, 3.74, 0.005);
    assert_near(without.gamma, 15.44, 0.05);
    /* Given, t_x and T are still checked as every model checks them (t_x > T, t_x > 0 at
     * x = 0: CLV_EDOM), as before; without them the same rows are valid spend data. */
    double bx[2] = {2.0, 0.0}, btx[2] = {9.0, 4.0}, bT[2] = {8.0, 8.0}, bm[2] = {10.0, 0.0};
    clv_rfm_view bad_history = {2, bx, btx, bT, bm, NULL};
    double ll = SENTINEL;
    clv_gg_params untouched = {SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_gg_loglik(&note, &bad_history, &ll, NULL), CLV_EDOM);
    assert_status(clv_gg_fit(&bad_history, NULL, &untouched, NULL), CLV_EDOM);
    assert_true(ll == SENTINEL && untouched.p == SENTINEL);
    bad_history.t_x = NULL;
    bad_history.T = NULL;
    assert_status(clv_gg_loglik(&note, &bad_history, &ll, NULL), CLV_OK);
    assert_true(isfinite(ll) && ll < 0.0);
    /* Only one of the two missing is as good. */
    clv_rfm_view no_T = full;
    no_T.T = NULL;
    clv_gg_params one = {SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_gg_fit(&no_T, NULL, &one, NULL), CLV_OK);
    assert_true(one.p == with.p && one.q == with.q && one.gamma == with.gamma);
    /* Packed through allocator hooks: 2,357 rows, fewer distinct (x, zbar). */
    gg_allocator c = {0, 0};
    clv_fit_options o;
    assert_status(clv_fit_options_init(&o), CLV_OK);
    o.alloc = gg_alloc;
    o.dealloc = gg_free;
    o.alloc_ctx = &c;
    clv_gg_params packed = {SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_gg_fit(&spend_only, &o, &packed, NULL), CLV_OK);
    assert_int_equal(c.total, 1);
    assert_int_equal(c.live, 0);
    assert_close(packed.p, with.p, 1e-8);
    assert_close(packed.q, with.q, 1e-8);
    assert_close(packed.gamma, with.gamma, 1e-8);
}

/* The row-by-row forms (clv_gg_expected_spend_rows, clv_loglik_rows with CLV_MODEL_GG) read
 * no time columns either: on CDNOW without t_x and T, with and without row_status, each row is
 * the one-customer value bit for bit, customers 1 and 2 match mpmath (tolerances as above),
 * and the row log-likelihoods add up to clv_gg_loglik's total (1e-12: summation order). A bad
 * row without row_status is CLV_EDOM with nothing written. */
static void test_gg_row_forms_need_no_t_x_or_T(void **state) {
    (void)state;
    clv_rfm_view full = cdnow();
    clv_rfm_view v = full;
    v.t_x = NULL;
    v.T = NULL;
    static double spend[CDNOW_N], ll_rows[CDNOW_N];
    static int32_t status[CDNOW_N];
    const clv_purchase_model model = {CLV_MODEL_GG, 0, {note.p, note.q, note.gamma, 0.0}};
    for (int with_status = 0; with_status < 2; with_status++) {
        int32_t *rs = with_status ? status : NULL;
        assert_status(clv_gg_expected_spend_rows(&note, &v, spend, rs), CLV_OK);
        assert_status(clv_loglik_rows(&model, &v, ll_rows, rs), CLV_OK);
        double sum = 0.0;
        for (size_t i = 0; i < CDNOW_N; i++) {
            double s, l;
            clv_rfm_view one = {1, &full.x[i], NULL, NULL, &full.monetary[i], NULL};
            assert_status(clv_gg_expected_spend(&note, full.x[i], full.monetary[i], &s), CLV_OK);
            assert_status(clv_gg_loglik(&note, &one, &l, NULL), CLV_OK);
            assert_true(spend[i] == s && ll_rows[i] == l);
            assert_true(rs == NULL || rs[i] == CLV_OK);
            sum += ll_rows[i];
        }
        assert_close(spend[0], oracle("spend_x2_z22.35"), 1e-13);
        assert_close(spend[1], oracle("spend_x1_z11.77"), 1e-13);
        assert_close(ll_rows[0], oracle("logf_x2_z22.35"), 1e-12);
        assert_close(ll_rows[1], oracle("logf_x1_z11.77"), 1e-12);
        double total;
        assert_status(clv_gg_loglik(&note, &full, &total, NULL), CLV_OK);
        assert_close(sum, total, 1e-12);
    }
    double x[3] = {2.0, 1.5, 0.0}, m[3] = {22.35, 11.77, 0.0};
    double out[3] = {SENTINEL, SENTINEL, SENTINEL};
    clv_rfm_view bad = {3, x, NULL, NULL, m, NULL};
    assert_status(clv_gg_expected_spend_rows(&note, &bad, out, NULL), CLV_EDOM);
    assert_status(clv_loglik_rows(&model, &bad, out, NULL), CLV_EDOM);
    assert_true(out[0] == SENTINEL && out[1] == SENTINEL && out[2] == SENTINEL);
}

/* Without t_x and T the other columns are still validated: x, monetary (count > 0) required,
 * x a whole number >= 0, monetary finite (> 0 where x > 0), weight finite and >= 0. Nothing
 * is written on error. */
static void test_gg_without_t_x_and_T_still_validates_x_monetary_weight(void **state) {
    (void)state;
    double x[2] = {2.0, 0.0}, m[2] = {10.0, 0.0}, w[2] = {1.0, 1.0};
    clv_rfm_view v = {2, x, NULL, NULL, m, NULL};
    double ll = SENTINEL;
    clv_gg_params p = {SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_gg_loglik(&note, &v, &ll, NULL), CLV_OK);
    assert_true(isfinite(ll) && ll != SENTINEL);
    ll = SENTINEL;
    clv_rfm_view bad = v;
    bad.x = NULL;
    assert_status(clv_gg_loglik(&note, &bad, &ll, NULL), CLV_EINVAL);
    assert_status(clv_gg_fit(&bad, NULL, &p, NULL), CLV_EINVAL);
    bad = v;
    bad.monetary = NULL;
    assert_status(clv_gg_loglik(&note, &bad, &ll, NULL), CLV_EINVAL);
    bad = v;
    bad.count = 0;
    assert_status(clv_gg_loglik(&note, &bad, &ll, NULL), CLV_EINVAL);
    assert_status(clv_gg_fit(&bad, NULL, &p, NULL), CLV_EINVAL);
    static const struct {
        double x0, m0, x1, m1, w1;
    } rows[] = {
        {1.5, 10.0, 0.0, 0.0, 1.0},      /* x not whole */
        {-1.0, 10.0, 0.0, 0.0, 1.0},     /* x < 0 */
        {NAN, 10.0, 0.0, 0.0, 1.0},      /* x NaN */
        {INFINITY, 10.0, 0.0, 0.0, 1.0}, /* x infinite */
        {2.0, 0.0, 0.0, 0.0, 1.0},       /* monetary 0 at x > 0 */
        {2.0, -3.0, 0.0, 0.0, 1.0},      /* monetary < 0 at x > 0 */
        {2.0, 10.0, 0.0, NAN, 1.0},      /* monetary NaN, even at x = 0 */
        {2.0, INFINITY, 0.0, 0.0, 1.0},  /* monetary infinite */
        {2.0, 10.0, 0.0, 0.0, -1.0},     /* weight < 0 */
        {2.0, 10.0, 0.0, 0.0, NAN},      /* weight NaN */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double bx[2] = {rows[i].x0, rows[i].x1}, bm[2] = {rows[i].m0, rows[i].m1};
        double bw[2] = {1.0, rows[i].w1};
        clv_rfm_view b = {2, bx, NULL, NULL, bm, bw};
        assert_status(clv_gg_loglik(&note, &b, &ll, NULL), CLV_EDOM);
        assert_status(clv_gg_fit(&b, NULL, &p, NULL), CLV_EDOM);
    }
    assert_true(ll == SENTINEL);
    assert_true(p.p == SENTINEL && p.q == SENTINEL && p.gamma == SENTINEL);
    /* A weighted view without t_x and T: weight 2 on a row is that row twice. */
    double x2[3] = {2.0, 2.0, 0.0}, m2[3] = {10.0, 10.0, 0.0};
    clv_rfm_view twice = {3, x2, NULL, NULL, m2, NULL};
    clv_rfm_view weighted = {2, x, NULL, NULL, m, w};
    w[0] = 2.0;
    double lt, lw;
    assert_status(clv_gg_loglik(&note, &twice, &lt, NULL), CLV_OK);
    assert_status(clv_gg_loglik(&note, &weighted, &lw, NULL), CLV_OK);
    assert_close(lw, lt, 1e-15);
}

/* No customer with a repeat purchase (every x = 0, or every x > 0 row of weight 0): the
 * likelihood is 0 whatever the parameters, so nothing identifies p, q, gamma. The fit must not
 * report a converged estimate: CLV_EIDENT (the status for non-identifiable data), nothing
 * written. The log-likelihood itself is the honest 0 with a zero gradient. */
static void test_gg_fit_without_repeat_customers_is_not_identified(void **state) {
    (void)state;
    double x[4] = {0.0, 0.0, 0.0, 3.0}, m[4] = {0.0, 0.0, 0.0, 25.0};
    double w[4] = {5.0, 1.0, 2.0, 0.0};
    double T[4] = {30.0, 20.0, 10.0, 30.0}, tx[4] = {0.0, 0.0, 0.0, 12.0};
    clv_rfm_view zeros = {3, x, tx, T, m, NULL};
    clv_rfm_view zero_weight = {4, x, tx, T, m, w};
    clv_rfm_view spend_only = {3, x, NULL, NULL, m, NULL};
    const clv_rfm_view *views[3] = {&zeros, &zero_weight, &spend_only};
    for (int i = 0; i < 3; i++) {
        clv_gg_params p = {SENTINEL, SENTINEL, SENTINEL};
        clv_fit_report r;
        r.converged = 7;
        assert_status(clv_gg_fit(views[i], NULL, &p, &r), CLV_EIDENT);
        assert_true(p.p == SENTINEL && p.q == SENTINEL && p.gamma == SENTINEL);
        assert_int_equal(r.converged, 7);
        double ll = SENTINEL, g[3] = {SENTINEL, SENTINEL, SENTINEL};
        assert_status(clv_gg_loglik(&note, views[i], &ll, g), CLV_OK);
        assert_true(ll == 0.0 && g[0] == 0.0 && g[1] == 0.0 && g[2] == 0.0);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gg_loglik_and_gradient_match_mpmath_per_row),
        cmocka_unit_test(test_gg_fit_reproduces_fader_hardie_2013_cdnow),
        cmocka_unit_test(test_gg_newton_fit_hessian_matches_gradient_differences),
        cmocka_unit_test(test_gg_skips_customers_without_repeat_purchases),
        cmocka_unit_test(test_gg_expected_spend_matches_hardie_sheet),
        cmocka_unit_test(test_gg_expected_spend_when_p_x_overflows),
        cmocka_unit_test(test_gg_rejects_invalid_input),
        cmocka_unit_test(test_gg_needs_no_t_x_or_T),
        cmocka_unit_test(test_gg_row_forms_need_no_t_x_or_T),
        cmocka_unit_test(test_gg_without_t_x_and_T_still_validates_x_monetary_weight),
        cmocka_unit_test(test_gg_fit_without_repeat_customers_is_not_identified),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
