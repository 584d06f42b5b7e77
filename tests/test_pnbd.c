/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/clv/pnbd.c against Fader, Hardie & Lee (2005) on the CDNOW sample, the BTYD
 * walkthrough's predictions and CLVTools' standard errors (refs/published.md), and the mpmath
 * oracle values of tests/oracles/pnbd_oracles.py (pnbd_oracles.txt): the note's 2F1 formulas
 * at 60 digits, on a grid of six parameter sets (alpha < beta, alpha << beta, alpha >> beta,
 * alpha = beta with s = 1, the ends of the parameter range, large r with small s) times ten
 * customers (no repeat purchase, the paper's customer, t_x = T, t_x just below T, T tiny,
 * histories of 10,000 weeks, 1,000 purchases), which between them take every path of the
 * likelihood integral (series, split, quadrature).
 *
 * Data: tests/data/cdnow_customers_summary_with_transactions.csv (see tests/data/README.md).
 */
#include <stdio.h>
#include <string.h>

#include "clv_test.h"

#include "clv.h"
#include "clv/pnbd.h"
#include "clv_test_data.h"

#define SENTINEL (-12345.678)
#define N_PARAMS 6
#define N_CUSTOMERS 10

static double oracle(const char *name) {
    return oracle_value("pnbd_oracles.txt", name);
}

/* The oracle grid (tests/oracles/pnbd_oracles.py, PARAMS and CUSTOMERS). */
static const clv_pnbd_params grid_params[N_PARAMS] = {
    {0.55315, 10.57633, 0.60625, 11.67150}, {0.5, 2.0, 1.5, 40.0},  {2.0, 50.0, 0.3, 1.0},
    {1.0, 5.0, 1.0, 5.0},                   {0.01, 0.001, 100.0, 1000.0}, {30.0, 3.0, 0.05, 0.2},
};
static const double grid_customers[N_CUSTOMERS][3] = {
    {0, 0.0, 39.0},     {2, 30.43, 38.86},    {26, 30.85714, 31.0}, {10, 20.0, 39.0},
    {1, 38.86, 38.86},  {5, 38.8599, 38.86},  {0, 0.0, 1e-6},       {3, 0.5, 10000.0},
    {1000, 9990.0, 10000.0}, {1000, 40.0, 60.0},
};

static const clv_pnbd_params paper = {0.553, 10.578, 0.606, 11.669};          /* FHL 2005 [P] */
static const clv_pnbd_params precise = {0.55315, 10.57633, 0.60625, 11.67150}; /* [T] */
static const clv_pnbd_params btyd = {0.553, 10.580, 0.606, 11.656};            /* [R] */

/* ---- likelihood ---------------------------------------------------------------------------- */

/* refs/published.md: LL = -9595.0 at the paper's parameters [P] (one decimal: +/- 0.05);
 * mpmath sums the table to -9594.97401 there and -9594.97393 at the higher-precision
 * parameters (1e-12: 2,357 rows). CLVTools reports -9594.976 at those [T], on its own build
 * of the summary from the transaction log (its T differs in the last digits): within 0.005. */
static void test_pnbd_loglik_matches_fhl2005_cdnow(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    double ll = SENTINEL;
    assert_status(clv_pnbd_loglik(&paper, &v, &ll, NULL), CLV_OK);
    assert_near(ll, -9595.0, 0.05);
    assert_close(ll, oracle("cdnow_ll_paper"), 1e-12);
    assert_status(clv_pnbd_loglik(&precise, &v, &ll, NULL), CLV_OK);
    assert_close(ll, oracle("cdnow_ll_precise"), 1e-12);
    assert_near(ll, -9594.976, 0.005);
}

/* Every (parameters, customer) of the grid: log-likelihood to 1e-12 relative (1e-11 where
 * |ll| is in the thousands and the terms cancel), gradient to 1e-9 of max(1, |g|) (mpmath's
 * numerical differentiation is exact to far more; ours sums a few hundred terms). */
static void test_pnbd_loglik_and_gradient_match_mpmath_grid(void **state) {
    (void)state;
    static const char *suffix[4] = {"_dr", "_dalpha", "_ds", "_dbeta"};
    for (int p = 0; p < N_PARAMS; p++) {
        for (int c = 0; c < N_CUSTOMERS; c++) {
            const double *row = grid_customers[c];
            clv_rfm_view v = {1, &row[0], &row[1], &row[2], NULL, NULL};
            double ll = SENTINEL;
            double g[4];
            char name[64];
            assert_status(clv_pnbd_loglik(&grid_params[p], &v, &ll, g), CLV_OK);
            snprintf(name, sizeof name, "P%d_C%d_ll", p, c);
            double o = oracle(name);
            if (fabs(ll - o) > 1e-12 * fmax(1.0, fabs(o))) {
                fail_msg("%s: %.17g vs %.17g", name, ll, o);
            }
            for (int k = 0; k < 4; k++) {
                snprintf(name, sizeof name, "P%d_C%d%s", p, c, suffix[k]);
                o = oracle(name);
                if (fabs(g[k] - o) > 1e-9 * fmax(1.0, fabs(o))) {
                    fail_msg("%s: %.17g vs %.17g", name, g[k], o);
                }
            }
        }
    }
}

/* Weights compress identical rows: a table with each CDNOW row once, weighted by its count,
 * gives the full table's log-likelihood and gradient (summation order only). */
static void test_pnbd_weights_compress_identical_rows(void **state) {
    (void)state;
    clv_rfm_view full = cdnow_view(0);
    static double x[CDNOW_N], tx[CDNOW_N], T[CDNOW_N], w[CDNOW_N];
    size_t m = 0;
    for (size_t i = 0; i < CDNOW_N; i++) {
        size_t j;
        for (j = 0; j < m; j++) {
            if (x[j] == full.x[i] && tx[j] == full.t_x[i] && T[j] == full.T[i]) {
                break;
            }
        }
        if (j == m) {
            x[m] = full.x[i];
            tx[m] = full.t_x[i];
            T[m] = full.T[i];
            w[m] = 0.0;
            m++;
        }
        w[j] += 1.0;
    }
    assert_int_equal(m, 1016);
    clv_rfm_view packed = {m, x, tx, T, NULL, w};
    double ll_full, ll_packed, g_full[4], g_packed[4];
    assert_status(clv_pnbd_loglik(&paper, &full, &ll_full, g_full), CLV_OK);
    assert_status(clv_pnbd_loglik(&paper, &packed, &ll_packed, g_packed), CLV_OK);
    assert_close(ll_packed, ll_full, 1e-12);
    for (int k = 0; k < 4; k++) {
        assert_true(fabs(g_packed[k] - g_full[k]) <= 1e-9 * (1.0 + fabs(g_full[k])));
    }
}

/* The analytic Hessian behind the Newton fit (clv__pnbd_loglik_hessian) against central
 * differences of the analytic gradient: every (parameters, customer) of the oracle grid, which
 * between them take the series, split and quadrature paths of the integral, and CDNOW (plus
 * heavy rows) at points of a fit's path where alpha >> beta sends rows through the split path
 * and its cache of first parts. Each entry to 1e-6 of sqrt(|H_ii H_jj|) (or of |H_ij|), plus
 * the differences' own rounding. */
static int pnbd_grad(const double *t, const void *v, double *g) {
    clv_pnbd_params p = {t[0], t[1], t[2], t[3]};
    double ll;
    return clv_pnbd_loglik(&p, (const clv_rfm_view *)v, &ll, g);
}

static void check_hessian(const double *theta, const clv_rfm_view *v, const char *what) {
    double ll, g[4], h[16], info[16], ll_pub, g_pub[4];
    clv_pnbd_params p = {theta[0], theta[1], theta[2], theta[3]};
    assert_status(clv__pnbd_loglik_hessian(theta, v, &ll, g, h), CLV_OK);
    assert_status(clv_pnbd_loglik(&p, v, &ll_pub, g_pub), CLV_OK);
    assert_close(ll, ll_pub, 1e-14);
    for (int k = 0; k < 4; k++) {
        assert_true(fabs(g[k] - g_pub[k]) <= 1e-12 * (1.0 + fabs(g_pub[k])));
    }
    clv_test_information_by_differences(pnbd_grad, v, theta, 4, info);
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            double fd = -info[4 * i + j];
            double scale = fmax(sqrt(fabs(info[5 * i] * info[5 * j])), fabs(fd));
            /* Differences of g_i in theta_j (step 1e-6 theta_j) carry rounding of about
             * 1e-16 |g_i| / (1e-6 theta_j). */
            double noise = 1e-9 * (1.0 + fabs(g[i])) / theta[j];
            if (!(fabs(h[4 * i + j] - fd) <= 1e-6 * scale + noise)) {
                fail_msg("%s: H[%d][%d] = %.12g, differences %.12g", what, i, j, h[4 * i + j], fd);
            }
            assert_true(h[4 * i + j] == h[4 * j + i]);
        }
    }
}

static void test_pnbd_hessian_matches_gradient_differences(void **state) {
    (void)state;
    char what[64];
    for (int p = 0; p < N_PARAMS; p++) {
        const double theta[4] = {grid_params[p].r, grid_params[p].alpha, grid_params[p].s,
                                 grid_params[p].beta};
        for (int c = 0; c < N_CUSTOMERS; c++) {
            const double *row = grid_customers[c];
            clv_rfm_view v = {1, &row[0], &row[1], &row[2], NULL, NULL};
            snprintf(what, sizeof what, "P%d_C%d", p, c);
            check_hessian(theta, &v, what);
        }
    }
    static double x[CDNOW_N + 4], tx[CDNOW_N + 4], T[CDNOW_N + 4];
    clv_rfm_view c = cdnow_view(0);
    for (size_t i = 0; i < CDNOW_N; i++) {
        x[i] = c.x[i], tx[i] = c.t_x[i], T[i] = c.T[i];
    }
    static const double heavy[4][3] = {
        {300, 38.0, 38.5}, {700, 30.0, 39.0}, {2, 1.0, 39.0}, {2, 1.0, 39.0}};
    for (size_t k = 0; k < 4; k++) {
        x[CDNOW_N + k] = heavy[k][0], tx[CDNOW_N + k] = heavy[k][1], T[CDNOW_N + k] = heavy[k][2];
    }
    clv_rfm_view v = {CDNOW_N + 4, x, tx, T, NULL, NULL};
    static const double path[3][4] = {
        {1.06925, 12.8516, 0.48184, 1.6506}, {0.4, 2.0, 0.8, 14.0}, {0.55315, 10.57633, 0.60625, 11.6715}};
    for (int k = 0; k < 3; k++) {
        snprintf(what, sizeof what, "CDNOW at point %d", k);
        check_hessian(path[k], &v, what);
    }
}

/* ---- fit ----------------------------------------------------------------------------------- */

/* refs/published.md: r, alpha, s, beta = 0.553, 10.578, 0.606, 11.669 [P]: three significant
 * digits (beta's printed 11.669 is matched to 1e-3 relative: the likelihood is flat in beta,
 * whose standard error is 6.2, and the printed fit is not the exact optimum -- ours has the
 * higher likelihood). Standard errors 0.0476264, 0.8427222, 0.1872594, 6.2105448 [T], at
 * CLVTools' own optimum: 5e-4 relative. */
static void test_pnbd_fit_reproduces_fhl2005_cdnow(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    clv_pnbd_params p = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    clv_fit_report r;
    assert_status(clv_pnbd_fit(&v, NULL, &p, &r), CLV_OK);
    assert_near(p.r, 0.553, 0.0005);
    assert_near(p.alpha, 10.578, 0.0005);
    assert_near(p.s, 0.606, 0.0005);
    assert_close(p.beta, 11.669, 1e-3);
    assert_near(r.loglik, -9595.0, 0.05);
    assert_int_equal(r.converged, 1);
    double ll_precise;
    assert_status(clv_pnbd_loglik(&precise, &v, &ll_precise, NULL), CLV_OK);
    assert_true(r.loglik >= ll_precise);
    static const double se[4] = {0.0476264, 0.8427222, 0.1872594, 6.2105448};
    for (int k = 0; k < 4; k++) {
        assert_close(r.std_error[k], se[k], 5e-4);
    }
}

/* The chunk-sum property: CDNOW as 7 chunks evaluated separately through the reverse-
 * communication interface gives the one-call parameters (1e-8). */
static void test_pnbd_chunked_reverse_communication_fit_equals_one_call(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    clv_pnbd_params one;
    assert_status(clv_pnbd_fit(&v, NULL, &one, NULL), CLV_OK);
    clv_fit_state fs;
    assert_status(clv_fit_start(&fs, CLV_MODEL_PNBD, NULL, NULL), CLV_OK);
    double theta[CLV_MAX_PARAMS];
    int request;
    for (;;) {
        assert_status(clv_fit_next(&fs, theta, &request), CLV_OK);
        if (request == CLV_FIT_DONE) {
            break;
        }
        clv_pnbd_params q = {theta[0], theta[1], theta[2], theta[3]};
        double total = 0.0;
        double grad[4] = {0.0, 0.0, 0.0, 0.0};
        for (size_t c = 0; c < 7; c++) {
            size_t lo = c * CDNOW_N / 7;
            size_t hi = (c + 1) * CDNOW_N / 7;
            clv_rfm_view chunk = {hi - lo, v.x + lo, v.t_x + lo, v.T + lo, NULL, NULL};
            double ll;
            double g[4];
            assert_status(clv_pnbd_loglik(&q, &chunk, &ll, g), CLV_OK);
            total += ll;
            for (int k = 0; k < 4; k++) {
                grad[k] += g[k];
            }
        }
        assert_status(clv_fit_tell(&fs, total, grad), CLV_OK);
    }
    double est[4];
    assert_status(clv_fit_result(&fs, est, NULL), CLV_OK);
    assert_close(est[0], one.r, 1e-8);
    assert_close(est[1], one.alpha, 1e-8);
    assert_close(est[2], one.s, 1e-8);
    assert_close(est[3], one.beta, 1e-8);
}

/* ---- predictions --------------------------------------------------------------------------- */

/* P(alive), E[X(39) | history] and DERT at 15% a year (delta = ln(1.15)/52) on the grid,
 * against mpmath: 1e-11 relative (P(alive) near 0 or 1 and tiny expectations are carried
 * in log form; the quadrature rows are held to the same). */
static void test_pnbd_predictions_match_mpmath_grid(void **state) {
    (void)state;
    double delta = log(1.15) / 52.0;
    for (int p = 0; p < N_PARAMS; p++) {
        for (int c = 0; c < N_CUSTOMERS; c++) {
            const double *row = grid_customers[c];
            char name[64];
            double pa = SENTINEL, e = SENTINEL;
            assert_status(clv_pnbd_p_alive(&grid_params[p], row[0], row[1], row[2], &pa), CLV_OK);
            snprintf(name, sizeof name, "P%d_C%d_palive", p, c);
            assert_close(pa, oracle(name), 1e-11);
            assert_true(pa >= 0.0 && pa <= 1.0);
            assert_status(
                clv_pnbd_expected_purchases(&grid_params[p], row[0], row[1], row[2], 39, &e),
                CLV_OK);
            snprintf(name, sizeof name, "P%d_C%d_cond39", p, c);
            assert_close(e, oracle(name), 1e-11);
            if (c <= 4) {
                double d = SENTINEL;
                assert_status(clv_pnbd_dert(&grid_params[p], row[0], row[1], row[2], delta, &d),
                              CLV_OK);
                snprintf(name, sizeof name, "P%d_C%d_dert15", p, c);
                assert_close(d, oracle(name), 1e-11);
            }
        }
    }
}

/* The smallest and largest of f over the 16 corners of the box of parameters that round to
 * the printed ones (+/- half a unit of the last printed digit). */
typedef int (*quantity_fn)(const clv_pnbd_params *p, const double *args, double *out);

static void rounding_range(quantity_fn f, const clv_pnbd_params *printed, double half_unit,
                           const double *args, double *lo, double *hi) {
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int corner = 0; corner < 16; corner++) {
        clv_pnbd_params q = *printed;
        q.r += (corner & 1) ? half_unit : -half_unit;
        q.alpha += (corner & 2) ? half_unit : -half_unit;
        q.s += (corner & 4) ? half_unit : -half_unit;
        q.beta += (corner & 8) ? half_unit : -half_unit;
        double v;
        assert_status(f(&q, args, &v), CLV_OK);
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

static int q_palive(const clv_pnbd_params *p, const double *a, double *out) {
    return clv_pnbd_p_alive(p, a[0], a[1], a[2], out);
}
static int q_cond(const clv_pnbd_params *p, const double *a, double *out) {
    return clv_pnbd_expected_purchases(p, a[0], a[1], a[2], a[3], out);
}
static int q_new(const clv_pnbd_params *p, const double *a, double *out) {
    return clv_pnbd_expected_purchases_new(p, a[0], out);
}

/* P(alive) and the expectations sum the integral's series without its derivative sums; the
 * terms and their order are the likelihood's, so ln I is the same double by either path, on
 * every (parameters, customer) of the oracle grid (series, split and quadrature paths) and on
 * every CDNOW row at the published parameters. */
static void test_pnbd_value_only_integral_equals_the_likelihoods(void **state) {
    (void)state;
    for (int p = 0; p < N_PARAMS + 1; p++) {
        const clv_pnbd_params *q = (p < N_PARAMS) ? &grid_params[p] : &paper;
        double theta[4] = {q->r, q->alpha, q->s, q->beta};
        clv_rfm_view cd = cdnow_view(0);
        size_t n = (p < N_PARAMS) ? N_CUSTOMERS : cd.count;
        for (size_t c = 0; c < n; c++) {
            double x = (p < N_PARAMS) ? grid_customers[c][0] : cd.x[c];
            double tx = (p < N_PARAMS) ? grid_customers[c][1] : cd.t_x[c];
            double T = (p < N_PARAMS) ? grid_customers[c][2] : cd.T[c];
            double value = SENTINEL, with_g = SENTINEL;
            assert_status(clv__pnbd_log_integral(theta, x, tx, T, 0, &value), CLV_OK);
            assert_status(clv__pnbd_log_integral(theta, x, tx, T, 1, &with_g), CLV_OK);
            if (memcmp(&value, &with_g, sizeof value) != 0) {
                fail_msg("params %d customer %zu: ln I %a value-only, %a with gradient", p, c,
                         value, with_g);
            }
        }
    }
}

/* refs/published.md [R]: at the BTYD fit printed to 3 decimals (0.553, 10.580, 0.606,
 * 11.656): x = 26, t_x = 30.85714, T = 31: E[X(52)] = 25.45647, P(alive) = 0.997874;
 * E[X(52)] new = 1.473434; t_x = 20, T = 39, horizon 52: x = 10, 15, 20, 25 -> 0.7062289,
 * 0.1442396, 0.02250658, 0.00309267. BTYD computed them at its unrounded estimate, so each
 * published value must lie in the range our functions give over the parameters that round to
 * the printed ones -- a range of ~1e-3 relative, which a wrong formula leaves by far. */
static void test_pnbd_predictions_match_btyd_walkthrough(void **state) {
    (void)state;
    static const struct {
        quantity_fn f;
        double args[4];
        double published;
    } cases[] = {
        {q_cond, {26, 30.85714, 31, 52}, 25.45647}, {q_palive, {26, 30.85714, 31, 0}, 0.997874},
        {q_new, {52, 0, 0, 0}, 1.473434},           {q_cond, {10, 20, 39, 52}, 0.7062289},
        {q_cond, {15, 20, 39, 52}, 0.1442396},      {q_cond, {20, 20, 39, 52}, 0.02250658},
        {q_cond, {25, 20, 39, 52}, 0.00309267},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double lo, hi;
        rounding_range(cases[i].f, &btyd, 0.0005, cases[i].args, &lo, &hi);
        if (!(cases[i].published >= lo && cases[i].published <= hi)) {
            fail_msg("case %zu: %.10g outside [%.10g, %.10g]", i, cases[i].published, lo, hi);
        }
        assert_true(hi - lo < 2e-2 * cases[i].published); /* the range is narrow */
    }
    /* More past purchases at the same recency: fewer expected (the customer is likely gone). */
    double prev = INFINITY;
    for (double x = 10; x <= 25; x += 5) {
        double e;
        assert_status(clv_pnbd_expected_purchases(&btyd, x, 20, 39, 52, &e), CLV_OK);
        assert_true(e < prev);
        prev = e;
    }
}

/* E[X(t)] of a new customer and P(X(t) = n) on the grid against mpmath (1e-12 and 1e-10:
 * P(X(t) = n) integrates numerically to 1e-13), and the probabilities add up to 1. */
static void test_pnbd_new_customer_matches_mpmath(void **state) {
    (void)state;
    static const double ts[] = {1, 39, 52, 500};
    static const double tn[][2] = {{39, 0}, {39, 1}, {39, 3}, {2, 10}, {78, 20}, {1e-3, 1}};
    for (int p = 0; p < N_PARAMS; p++) {
        char name[64];
        for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
            double e = SENTINEL;
            assert_status(clv_pnbd_expected_purchases_new(&grid_params[p], ts[i], &e), CLV_OK);
            snprintf(name, sizeof name, "P%d_new%g", p, ts[i]);
            assert_close(e, oracle(name), 1e-12);
        }
        for (size_t i = 0; i < sizeof tn / sizeof tn[0]; i++) {
            double pr = SENTINEL;
            assert_status(clv_pnbd_prob_purchases(&grid_params[p], tn[i][0], tn[i][1], &pr),
                          CLV_OK);
            snprintf(name, sizeof name, "P%d_prob_t%g_n%g", p, tn[i][0], tn[i][1]);
            assert_close(pr, oracle(name), 1e-10);
        }
    }
    double sum = 0.0;
    for (int n = 0; n <= 400; n++) {
        double pr;
        assert_status(clv_pnbd_prob_purchases(&paper, 39, n, &pr), CLV_OK);
        sum += pr;
    }
    assert_close(sum, 1.0, 1e-9);
    double e;
    assert_status(clv_pnbd_expected_purchases_new(&paper, 0, &e), CLV_OK);
    assert_true(e == 0.0);
    assert_status(clv_pnbd_prob_purchases(&paper, 0, 0, &e), CLV_OK);
    assert_true(e == 1.0);
}

/* DERT is the discounted sum of expected purchases: as delta -> 0 over a long horizon it
 * grows without bound, and it decreases as delta grows; at a high rate it approaches the
 * purchase rate times P(alive) over delta. */
static void test_pnbd_dert_behaves_as_a_discounted_sum(void **state) {
    (void)state;
    double prev = INFINITY;
    for (double delta = 1e-4; delta < 10.0; delta *= 3.0) {
        double d;
        assert_status(clv_pnbd_dert(&paper, 2, 30.43, 38.86, delta, &d), CLV_OK);
        assert_true(d < prev && d > 0.0);
        prev = d;
    }
    double pa, d;
    double delta = 1e4; /* lifetimes do not end within 1/delta: rate x P(alive) / delta */
    assert_status(clv_pnbd_p_alive(&paper, 2, 30.43, 38.86, &pa), CLV_OK);
    assert_status(clv_pnbd_dert(&paper, 2, 30.43, 38.86, delta, &d), CLV_OK);
    assert_close(d, (paper.r + 2) / (paper.alpha + 38.86) * pa / delta, 1e-4);
}

/* Degenerate and extreme customers: finite, P(alive) in [0, 1], expectations >= 0. */
static void test_pnbd_degenerate_customers_stay_finite(void **state) {
    (void)state;
    static const double rows[][3] = {
        {0, 0, 38.86},   {0, 0, 0},          {0, 0, 1e-10}, {3, 20, 20}, {3, 0, 20},
        {1, 1e-10, 1e-10}, {100000, 0, 10000}, {100000, 10000, 10000}, {100000, 9000, 10000},
        {255, 2, 3},     {256, 2, 3},
    };
    for (int p = 0; p < N_PARAMS; p++) {
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            double pa = SENTINEL, e = SENTINEL, ll = SENTINEL, d = SENTINEL;
            double g[4];
            clv_rfm_view v = {1, &rows[i][0], &rows[i][1], &rows[i][2], NULL, NULL};
            const clv_pnbd_params *q = &grid_params[p];
            assert_status(clv_pnbd_p_alive(q, rows[i][0], rows[i][1], rows[i][2], &pa), CLV_OK);
            assert_true(pa >= 0.0 && pa <= 1.0);
            assert_status(clv_pnbd_expected_purchases(q, rows[i][0], rows[i][1], rows[i][2], 52, &e),
                          CLV_OK);
            assert_true(e >= 0.0 && isfinite(e));
            assert_status(clv_pnbd_dert(q, rows[i][0], rows[i][1], rows[i][2], 0.003, &d), CLV_OK);
            assert_true(d >= 0.0 && isfinite(d));
            assert_status(clv_pnbd_loglik(q, &v, &ll, g), CLV_OK);
            assert_true(isfinite(ll) && isfinite(g[0]) && isfinite(g[1]) && isfinite(g[2]) &&
                        isfinite(g[3]));
        }
    }
}

/* Invalid rows and parameters are rejected with a status, never a NaN; outputs untouched. */
static void test_pnbd_rejects_invalid_input(void **state) {
    (void)state;
    static const double bad[][3] = {
        {2, 40, 38}, {-1, 0, 10}, {1.5, 2, 10},     {NAN, 1, 10}, {1, NAN, 10},
        {1, 1, NAN}, {1, -1, 10}, {1, 1, INFINITY}, {0, 3, 10},   {INFINITY, 1, 10},
    };
    double out = SENTINEL;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        clv_rfm_view v = {1, &bad[i][0], &bad[i][1], &bad[i][2], NULL, NULL};
        assert_status(clv_pnbd_p_alive(&paper, bad[i][0], bad[i][1], bad[i][2], &out), CLV_EDOM);
        assert_status(
            clv_pnbd_expected_purchases(&paper, bad[i][0], bad[i][1], bad[i][2], 1, &out),
            CLV_EDOM);
        assert_status(clv_pnbd_dert(&paper, bad[i][0], bad[i][1], bad[i][2], 0.01, &out),
                      CLV_EDOM);
        assert_status(clv_pnbd_loglik(&paper, &v, &out, NULL), CLV_EDOM);
        assert_status(clv_pnbd_p_alive_array(&paper, &v, &out), CLV_EDOM);
        assert_status(clv_pnbd_expected_purchases_array(&paper, &v, 1, &out), CLV_EDOM);
        assert_status(clv_pnbd_fit(&v, NULL, &(clv_pnbd_params){0}, NULL), CLV_EDOM);
    }
    static const clv_pnbd_params bad_params[] = {
        {0, 1, 1, 1}, {1, -1, 1, 1}, {1, 1, NAN, 1}, {1, 1, 1, INFINITY}};
    for (size_t i = 0; i < sizeof bad_params / sizeof bad_params[0]; i++) {
        assert_status(clv_pnbd_p_alive(&bad_params[i], 1, 1, 2, &out), CLV_EDOM);
        assert_status(clv_pnbd_expected_purchases_new(&bad_params[i], 1, &out), CLV_EDOM);
        assert_status(clv_pnbd_prob_purchases(&bad_params[i], 1, 0, &out), CLV_EDOM);
        assert_status(clv_pnbd_dert(&bad_params[i], 1, 1, 2, 0.01, &out), CLV_EDOM);
    }
    assert_status(clv_pnbd_expected_purchases(&paper, 1, 1, 2, -1, &out), CLV_EDOM);
    assert_status(clv_pnbd_expected_purchases(&paper, 1, 1, 2, INFINITY, &out), CLV_EDOM);
    assert_status(clv_pnbd_prob_purchases(&paper, 1, 1.5, &out), CLV_EDOM);
    assert_status(clv_pnbd_prob_purchases(&paper, 1, -1, &out), CLV_EDOM);
    assert_status(clv_pnbd_prob_purchases(&paper, NAN, 1, &out), CLV_EDOM);
    assert_status(clv_pnbd_dert(&paper, 1, 1, 2, 0, &out), CLV_EDOM);
    assert_status(clv_pnbd_dert(&paper, 1, 1, 2, -0.1, &out), CLV_EDOM);
    assert_status(clv_pnbd_dert(&paper, 1, 1, 2, INFINITY, &out), CLV_EDOM);
    assert_true(out == SENTINEL);
    clv_rfm_view v = cdnow_view(0);
    clv_rfm_view empty = {0, v.x, v.t_x, v.T, NULL, NULL};
    assert_status(clv_pnbd_loglik(NULL, &v, &out, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_loglik(&paper, NULL, &out, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_loglik(&paper, &v, NULL, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_loglik(&paper, &empty, &out, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_p_alive(NULL, 1, 1, 2, &out), CLV_EINVAL);
    assert_status(clv_pnbd_p_alive(&paper, 1, 1, 2, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_dert(&paper, 1, 1, 2, 0.1, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_prob_purchases(&paper, 1, 1, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_fit(NULL, NULL, NULL, NULL), CLV_EINVAL);
    assert_status(clv_pnbd_p_alive_array(&paper, &v, NULL), CLV_EINVAL);
    assert_true(out == SENTINEL);
}

/* The array forms equal the scalar forms row by row. */
static void test_pnbd_array_forms_equal_scalar_forms(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    static double p[CDNOW_N], e[CDNOW_N];
    assert_status(clv_pnbd_p_alive_array(&paper, &v, p), CLV_OK);
    assert_status(clv_pnbd_expected_purchases_array(&paper, &v, 39, e), CLV_OK);
    for (size_t i = 0; i < CDNOW_N; i++) {
        double ps, es;
        assert_status(clv_pnbd_p_alive(&paper, v.x[i], v.t_x[i], v.T[i], &ps), CLV_OK);
        assert_status(clv_pnbd_expected_purchases(&paper, v.x[i], v.t_x[i], v.T[i], 39, &es),
                      CLV_OK);
        assert_true(p[i] == ps);
        assert_true(e[i] == es);
    }
}

/* ---- issue 20: the same answers whatever the layout of the rows ------------------------- */

#define LAYOUT_REPLICAS 30 /* 70,710 rows: past the fit's pre-fit threshold (65,536) */

static double lay_x[3][CDNOW_N * LAYOUT_REPLICAS], lay_tx[3][CDNOW_N * LAYOUT_REPLICAS],
    lay_T[3][CDNOW_N * LAYOUT_REPLICAS];
static size_t lay_perm[CDNOW_N * LAYOUT_REPLICAS];

/* Layout 0: CDNOW replicated; 1: the same rows shuffled (lay_perm[i] is row i's source);
 * 2: replicated with T + U(0, 0.01), no two T equal. A fixed generator (splitmix64). */
static void make_layouts(void) {
    clv_rfm_view cd = cdnow_view(0);
    size_t n = CDNOW_N * LAYOUT_REPLICAS;
    uint64_t seed = 20;
    for (size_t i = 0; i < n; i++) {
        lay_x[0][i] = cd.x[i % CDNOW_N];
        lay_tx[0][i] = cd.t_x[i % CDNOW_N];
        lay_T[0][i] = cd.T[i % CDNOW_N];
        lay_perm[i] = i;
    }
    for (size_t i = n - 1; i > 0; i--) {
        uint64_t z = (seed += UINT64_C(0x9E3779B97F4A7C15));
        z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
        z ^= z >> 31;
        size_t j = (size_t)(z % (i + 1));
        size_t t = lay_perm[i];
        lay_perm[i] = lay_perm[j];
        lay_perm[j] = t;
    }
    for (size_t i = 0; i < n; i++) {
        lay_x[1][i] = lay_x[0][lay_perm[i]];
        lay_tx[1][i] = lay_tx[0][lay_perm[i]];
        lay_T[1][i] = lay_T[0][lay_perm[i]];
        uint64_t z = (seed += UINT64_C(0x9E3779B97F4A7C15));
        z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
        z ^= z >> 31;
        lay_x[2][i] = lay_x[0][i];
        lay_tx[2][i] = lay_tx[0][i];
        lay_T[2][i] = lay_T[0][i] + 0.01 * ((double)(z >> 11) * 0x1.0p-53);
    }
}

static clv_rfm_view layout_view(int l) {
    clv_rfm_view v = {CDNOW_N * LAYOUT_REPLICAS, lay_x[l], lay_tx[l], lay_T[l], NULL, NULL};
    return v;
}

/* The array forms give every row the double its one-customer call gives (bit-identical), in
 * any order and with or without repeats: the shuffled table's outputs are the replicated
 * table's permuted, and each jittered row equals its scalar call. The log-likelihood and
 * gradient, sums in another order, agree to 1e-12 relative (of the log-likelihood). */
static void test_pnbd_rows_equal_on_every_layout(void **state) {
    (void)state;
    make_layouts();
    size_t n = CDNOW_N * LAYOUT_REPLICAS;
    static double pa[3][CDNOW_N * LAYOUT_REPLICAS], ex[3][CDNOW_N * LAYOUT_REPLICAS];
    for (int l = 0; l < 3; l++) {
        clv_rfm_view v = layout_view(l);
        assert_status(clv_pnbd_p_alive_array(&precise, &v, pa[l]), CLV_OK);
        assert_status(clv_pnbd_expected_purchases_array(&precise, &v, 39.0, ex[l]), CLV_OK);
    }
    for (size_t i = 0; i < n; i++) {
        if (memcmp(&pa[1][i], &pa[0][lay_perm[i]], sizeof(double)) != 0 ||
            memcmp(&ex[1][i], &ex[0][lay_perm[i]], sizeof(double)) != 0) {
            fail_msg("row %zu: shuffled %a %a, replicated %a %a", i, pa[1][i], ex[1][i],
                     pa[0][lay_perm[i]], ex[0][lay_perm[i]]);
        }
    }
    /* the likelihood is a sum in another order: equal to 1e-12 relative */
    double ll[2], g[2][4];
    for (int l = 0; l < 2; l++) {
        clv_rfm_view v = layout_view(l);
        assert_status(clv_pnbd_loglik(&precise, &v, &ll[l], g[l]), CLV_OK);
    }
    assert_close(ll[1], ll[0], 1e-12);
    for (int k = 0; k < 4; k++) {
        assert_true(fabs(g[1][k] - g[0][k]) <= 1e-12 * fabs(ll[0]));
    }
    for (size_t i = 0; i < n; i += 7) {
        double p1, e1;
        assert_status(clv_pnbd_p_alive(&precise, lay_x[2][i], lay_tx[2][i], lay_T[2][i], &p1),
                      CLV_OK);
        assert_status(clv_pnbd_expected_purchases(&precise, lay_x[2][i], lay_tx[2][i],
                                                  lay_T[2][i], 39.0, &e1),
                      CLV_OK);
        if (memcmp(&p1, &pa[2][i], sizeof p1) != 0 || memcmp(&e1, &ex[2][i], sizeof e1) != 0) {
            fail_msg("jittered row %zu: array %a %a, scalar %a %a", i, pa[2][i], ex[2][i], p1,
                     e1);
        }
    }
}

static int cancel_at_once(void *user_data, uint32_t iteration, double loglik,
                          const double *params, uint32_t n_params) {
    (void)iteration;
    (void)loglik;
    (void)params;
    (void)n_params;
    ++*(int *)user_data;
    return 1;
}

/* A table past the pre-fit threshold: the fit from the pre-fit's start finds the maximum the
 * fit from the default start (given explicitly, so no pre-fit) finds, on every layout, the
 * shuffled table the replicated one's; a cancel during the pre-fit is CLV_ECANCELED. */
static int under_valgrind(void) {
    const char *pre = getenv("LD_PRELOAD");
    return pre != NULL && strstr(pre, "vgpreload") != NULL;
}

static void test_pnbd_big_fit_prefit_finds_the_same_maximum(void **state) {
    (void)state;
    if (under_valgrind()) { /* ~10 fits of 70,710 rows: minutes under valgrind */
        print_message("# not run under valgrind (the other builds run it)\n");
        return; /* cmocka's skip() prints "not ok # SKIP", which meson 1.0 counts as failed */
    }
    make_layouts();
    clv_fit_options plain;
    clv_fit_options_init(&plain);
    plain.use_start = 1;
    plain.start[0] = plain.start[1] = plain.start[2] = plain.start[3] = 1.0;
    clv_pnbd_params ref[3];
    for (int l = 0; l < 3; l++) {
        clv_rfm_view v = layout_view(l);
        clv_fit_report rb;
        assert_status(clv_pnbd_fit(&v, NULL, &ref[l], &rb), CLV_OK);
        if (l < 2) {
            continue;
        }
        /* the jittered table (no two rows alike) from the default start as well */
        clv_pnbd_params a;
        clv_fit_report ra;
        assert_status(clv_pnbd_fit(&v, &plain, &a, &ra), CLV_OK);
        print_message("# jittered: %u evaluations from the default start, %u after the "
                      "pre-fit\n",
                      ra.evaluations, rb.evaluations);
        assert_close(ref[l].r, a.r, 1e-7);
        assert_close(ref[l].alpha, a.alpha, 1e-7);
        assert_close(ref[l].s, a.s, 1e-7);
        assert_close(ref[l].beta, a.beta, 1e-7);
        assert_close(rb.loglik, ra.loglik, 1e-12);
        assert_true(rb.evaluations < ra.evaluations);
    }
    assert_close(ref[1].r, ref[0].r, 1e-7);
    assert_close(ref[1].alpha, ref[0].alpha, 1e-7);
    assert_close(ref[1].s, ref[0].s, 1e-7);
    assert_close(ref[1].beta, ref[0].beta, 1e-7);
    /* the replicated table's maximum is CDNOW's (the likelihood is CDNOW's times 30) */
    clv_rfm_view cd = cdnow_view(0);
    clv_pnbd_params c;
    assert_status(clv_pnbd_fit(&cd, NULL, &c, NULL), CLV_OK);
    assert_close(ref[0].r, c.r, 1e-6);
    assert_close(ref[0].beta, c.beta, 1e-6);
    clv_fit_options o;
    clv_fit_options_init(&o);
    int calls = 0;
    o.progress = cancel_at_once;
    o.user_data = &calls;
    clv_rfm_view v = layout_view(2);
    clv_pnbd_params p = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_pnbd_fit(&v, &o, &p, NULL), CLV_ECANCELED);
    assert_int_equal(calls, 1);
    assert_true(p.r > 0.0 && p.alpha > 0.0 && p.s > 0.0 && p.beta > 0.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pnbd_loglik_matches_fhl2005_cdnow),
        cmocka_unit_test(test_pnbd_loglik_and_gradient_match_mpmath_grid),
        cmocka_unit_test(test_pnbd_weights_compress_identical_rows),
        cmocka_unit_test(test_pnbd_hessian_matches_gradient_differences),
        cmocka_unit_test(test_pnbd_fit_reproduces_fhl2005_cdnow),
        cmocka_unit_test(test_pnbd_chunked_reverse_communication_fit_equals_one_call),
        cmocka_unit_test(test_pnbd_predictions_match_mpmath_grid),
        cmocka_unit_test(test_pnbd_value_only_integral_equals_the_likelihoods),
        cmocka_unit_test(test_pnbd_predictions_match_btyd_walkthrough),
        cmocka_unit_test(test_pnbd_new_customer_matches_mpmath),
        cmocka_unit_test(test_pnbd_dert_behaves_as_a_discounted_sum),
        cmocka_unit_test(test_pnbd_degenerate_customers_stay_finite),
        cmocka_unit_test(test_pnbd_rejects_invalid_input),
        cmocka_unit_test(test_pnbd_array_forms_equal_scalar_forms),
        cmocka_unit_test(test_pnbd_rows_equal_on_every_layout),
        cmocka_unit_test(test_pnbd_big_fit_prefit_finds_the_same_maximum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
