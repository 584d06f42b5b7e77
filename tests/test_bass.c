/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/referral/bass.c: the Bass (1969) curve, peak and forecast against hand
 * calculations and mpmath (tests/oracles/bass_oracles.py, 50 digits, from the textbook
 * formulas); the published NLS fit of refs/published.md ("Bass diffusion": annual sales
 * t = 1..10, R nls on m f(t) as in the CRAN package DIMORA's example) to the printed digits;
 * the other NLS form (Srinivasan & Mason 1986) and maximum likelihood (Schmittlein & Mahajan
 * 1982) against mpmath optima; the log-likelihood's gradient against finite differences; and
 * every error status and degenerate input.
 */
#include "clv_test.h"

#include <float.h>
#include <stddef.h>
#include <string.h>

#include "clv.h"
#include "clv_test_data.h"
#include "referral.h"

#define SENTINEL (-12345.678)

static double oracle(const char *name) {
    return oracle_value("bass_oracles.txt", name);
}

static double oraclef(const char *fmt, const char *a, const char *b) {
    char name[96];
    snprintf(name, sizeof name, fmt, a, b);
    return oracle(name);
}

/* refs/published.md, "Bass diffusion": annual sales of years t = 1..10 (the series of R's
 * DIMORA package example). */
static const double sales[10] = {840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890};

static clv_bass_fit_options options(int method, int model) {
    clv_bass_fit_options o;
    assert_status(clv_bass_fit_options_init(&o), CLV_OK);
    o.method = method;
    o.model = model;
    return o;
}

static void fill_report(clv_bass_fit_report *r) {
    memset(r, 0x5a, sizeof *r);
}

/* ---- the published example ----------------------------------------------------------------- */

/* refs/published.md: m = 6.80e4 (SE 3.13e3), p = 6.59e-3 (SE 1.43e-3), q = 0.638 (SE 0.0414),
 * residual SE 727 on 7 df, from nls on m f(t). Held to half a unit of each printed digit. The
 * mpmath optimum of the same least-squares problem: estimates and standard errors to 1e-9 (the
 * fit stops when a Gauss-Newton step would change no parameter by more than 1e-10 relative;
 * Gauss-Newton converges linearly on a problem with residuals this large, and lands within
 * ~3e-11 of the optimum here), SSE and loglik to 1e-10 (flat at the optimum). */
static void test_bass_nls_density_reproduces_published_estimates(void **state) {
    (void)state;
    clv_bass_fit_options o = options(CLV_BASS_NLS, CLV_BASS_DENSITY);
    clv_bass_params p = {SENTINEL, SENTINEL, SENTINEL};
    clv_bass_fit_report r;
    fill_report(&r);
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_OK);
    assert_near(p.m, 6.80e4, 0.005e4);
    assert_near(r.fit.std_error[2], 3.13e3, 0.005e3);
    assert_near(p.p, 6.59e-3, 0.005e-3);
    assert_near(r.fit.std_error[0], 1.43e-3, 0.005e-3);
    assert_near(p.q, 0.638, 0.0005);
    assert_near(r.fit.std_error[1], 0.0414, 0.00005);
    assert_near(r.residual_se, 727.0, 0.5);
    assert_int_equal(r.df, 7);
    assert_int_equal(r.n_periods, 10);
    assert_int_equal(r.method, CLV_BASS_NLS);
    assert_int_equal(r.model, CLV_BASS_DENSITY);
    assert_int_equal(r.fit.n_params, 3);
    assert_int_equal(r.fit.converged, 1);
    assert_int_equal(r.fit.covariance_ok, 1);
    assert_int_equal(r.fit.reserved, 0);
    assert_true(r.fit.iterations >= 1 && r.fit.evaluations > r.fit.iterations);

    assert_close(p.p, oracle("nls_density_p"), 1e-9);
    assert_close(p.q, oracle("nls_density_q"), 1e-9);
    assert_close(p.m, oracle("nls_density_m"), 1e-9);
    assert_close(r.fit.std_error[0], oracle("nls_density_se_p"), 1e-9);
    assert_close(r.fit.std_error[1], oracle("nls_density_se_q"), 1e-9);
    assert_close(r.fit.std_error[2], oracle("nls_density_se_m"), 1e-9);
    assert_close(r.sse, oracle("nls_density_sse"), 1e-10);
    assert_close(r.residual_se, oracle("nls_density_rse"), 1e-10);
    assert_close(r.fit.loglik, oracle("nls_density_loglik"), 1e-10);
    /* The covariance is symmetric, its diagonal the squared standard errors. */
    for (int i = 0; i < 3; i++) {
        assert_close(r.fit.covariance[i * 3 + i], r.fit.std_error[i] * r.fit.std_error[i], 1e-14);
        for (int j = 0; j < 3; j++) {
            assert_true(r.fit.covariance[i * 3 + j] == r.fit.covariance[j * 3 + i]);
        }
    }
    /* Relative gradient of the Gaussian log-likelihood at the optimum: small. */
    assert_true(r.fit.gradient_norm < 1e-6);
}

/* The interval form m [F(t) - F(t-1)] (Srinivasan & Mason 1986) is a different least-squares
 * problem: its mpmath optimum (p 8.79e-3, q 0.642, m 6.77e4, residual SE 724) is NOT the
 * published one -- p differs by a third -- which is how the published fit is known to be of
 * the density form. Same tolerances as above. */
static void test_bass_nls_interval_matches_mpmath_optimum(void **state) {
    (void)state;
    clv_bass_params p;
    clv_bass_fit_report r;
    assert_status(clv_bass_fit(sales, 10, NULL, &p, &r), CLV_OK); /* the default form */
    assert_int_equal(r.model, CLV_BASS_INTERVAL);
    assert_int_equal(r.method, CLV_BASS_NLS);
    assert_close(p.p, oracle("nls_interval_p"), 1e-9);
    assert_close(p.q, oracle("nls_interval_q"), 1e-9);
    assert_close(p.m, oracle("nls_interval_m"), 1e-9);
    assert_close(r.fit.std_error[0], oracle("nls_interval_se_p"), 1e-9);
    assert_close(r.fit.std_error[1], oracle("nls_interval_se_q"), 1e-9);
    assert_close(r.fit.std_error[2], oracle("nls_interval_se_m"), 1e-9);
    assert_close(r.sse, oracle("nls_interval_sse"), 1e-10);
    assert_close(r.residual_se, oracle("nls_interval_rse"), 1e-10);
    assert_close(r.fit.loglik, oracle("nls_interval_loglik"), 1e-10);
    assert_true(fabs(p.p - 6.59e-3) > 1e-3); /* not the published estimate */
    clv_bass_fit_options o = options(CLV_BASS_NLS, CLV_BASS_INTERVAL);
    clv_bass_params p2;
    assert_status(clv_bass_fit(sales, 10, &o, &p2, NULL), CLV_OK);
    assert_true(p2.p == p.p && p2.q == p.q && p2.m == p.m);
}

/* Maximum likelihood (Schmittlein & Mahajan 1982) against the mpmath optimum (Newton on the
 * exact likelihood): estimates and the inverse observed information to 1e-12 (Newton
 * converges quadratically: the step before the last one was already below 1e-10), LL to 1e-12
 * (terms of size 1e6 cancel to 321). Its standard errors are 10-20 times smaller than NLS's: the
 * multinomial counts every adoption as independent, while the data scatter around the curve far
 * more than that. */
static void test_bass_ml_matches_mpmath_optimum(void **state) {
    (void)state;
    clv_bass_fit_options o = options(CLV_BASS_ML, CLV_BASS_INTERVAL);
    clv_bass_params p;
    clv_bass_fit_report r;
    fill_report(&r);
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_OK);
    assert_int_equal(r.method, CLV_BASS_ML);
    assert_int_equal(r.model, CLV_BASS_INTERVAL);
    assert_int_equal(r.fit.converged, 1);
    assert_int_equal(r.fit.covariance_ok, 1);
    assert_close(p.p, oracle("ml_p"), 1e-12);
    assert_close(p.q, oracle("ml_q"), 1e-12);
    assert_close(p.m, oracle("ml_m"), 1e-12);
    assert_close(r.fit.std_error[0], oracle("ml_se_p"), 1e-12);
    assert_close(r.fit.std_error[1], oracle("ml_se_q"), 1e-12);
    assert_close(r.fit.std_error[2], oracle("ml_se_m"), 1e-12);
    assert_close(r.fit.loglik, oracle("ml_loglik"), 1e-12);
    assert_close(r.sse, oracle("ml_sse"), 1e-11);
    assert_true(p.m > 60640.0); /* m exceeds the adopters seen */
    assert_true(r.fit.gradient_norm < 1e-6 * fabs(r.fit.loglik));
    /* The report's LL is clv_bass_loglik() at the estimate, and the gradient vanishes there.
     * 1e-12: terms of size 1e6 (N ln m) cancel to 321, and clv_bass_loglik forms m - N from the
     * rounded m while the fit holds m - N itself. */
    double ll;
    double g[3];
    assert_status(clv_bass_loglik(&p, sales, 10, &ll, g), CLV_OK);
    assert_close(ll, r.fit.loglik, 1e-12);
    assert_true(fabs(g[0] * p.p) < 1e-6 && fabs(g[1] * p.q) < 1e-6 && fabs(g[2] * p.m) < 1e-6);
}

/* Gradient of clv_bass_loglik at theta, for the information-by-differences helper. */
static int loglik_gradient(const double *theta, const void *ctx, double *gradient) {
    (void)ctx;
    const clv_bass_params p = {theta[0], theta[1], theta[2]};
    double ll;
    return clv_bass_loglik(&p, sales, 10, &ll, gradient);
}

/* The ML covariance is the inverse of the observed information: checked against -H formed
 * independently, by central differences of the analytic gradient at the estimate (error
 * ~1e-8 relative, so elementwise to 1e-6 of sqrt(I_ii I_jj)). */
static void test_bass_ml_covariance_is_inverse_information(void **state) {
    (void)state;
    clv_bass_fit_options o = options(CLV_BASS_ML, CLV_BASS_INTERVAL);
    clv_bass_params p;
    clv_bass_fit_report r;
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_OK);
    const double theta[3] = {p.p, p.q, p.m};
    double info[9];
    clv_test_information_by_differences(loglik_gradient, NULL, theta, 3, info);
    assert_information(r.fit.covariance, info, 3, 1e-6);
}

/* clv_bass_loglik and its gradient against mpmath (the formula of Schmittlein & Mahajan 1982
 * written with Gamma functions) at three points: an ordinary one, q = 0 (pure innovation),
 * and m = N exactly (every adopter already seen): 1e-12 for LL, 1e-9 for the gradient (sums
 * of terms that cancel). And the gradient against central differences of LL itself. */
static void test_bass_loglik_matches_mpmath_and_differences(void **state) {
    (void)state;
    static const struct {
        const char *tag;
        clv_bass_params p;
    } points[3] = {{"ll_a", {0.01, 0.5, 70000}},
                   {"ll_b", {0.02, 0.0, 80000}},
                   {"ll_c", {0.0066, 0.64, 60640}}};
    for (int k = 0; k < 3; k++) {
        double ll;
        double g[3];
        assert_status(clv_bass_loglik(&points[k].p, sales, 10, &ll, g), CLV_OK);
        assert_close(ll, oraclef("%s_loglik", points[k].tag, ""), 1e-12);
        assert_close(g[0], oraclef("%s_dp", points[k].tag, ""), 1e-9);
        assert_close(g[1], oraclef("%s_dq", points[k].tag, ""), 1e-9);
        assert_close(g[2], oraclef("%s_dm", points[k].tag, ""), 1e-9);
        double ll_only;
        assert_status(clv_bass_loglik(&points[k].p, sales, 10, &ll_only, NULL), CLV_OK);
        assert_true(ll_only == ll);
    }
    /* Found by fuzz/fuzz_bass.c: p = 1.7e-163, q = 6e-317, m = 8e283 and ten counts of
     * 3.55e59. log S(10) = -10 s + log(s / D(10)) was formed as log s - 10 s - log D, where
     * 10 s = 1.7e-162 vanished next to log s = -374.8: the (m - N) log S(10) = -1.4e122 that
     * dominates LL was lost, and LL came out positive (no log-probability is). log(s/D) is
     * now log1p(q (1 - E)/D). LL = -(m - N) 10 (p + q) to 1e-12 (the other terms are 1e63). */
    const clv_bass_params extreme = {1.7365302730531037e-163, 6.1679353e-317,
                                     8.02994378210025e+283};
    double many[10];
    for (int i = 0; i < 10; i++) {
        many[i] = 3.552593421376493e+59;
    }
    double ll_x;
    assert_status(clv_bass_loglik(&extreme, many, 10, &ll_x, NULL), CLV_OK);
    assert_close(ll_x, -(extreme.m - 3.552593421376493e+60) * 10.0 * extreme.p, 1e-12);
    /* Found next: no adopters, p = 4.4e-308, q = 1.2e-92, m = 1.2e291. F(8) = 3.6e-307, so
     * LL = m log S(8) = -m F(8) = -4.3e-16; -8 s + log(s/D) cancelled two terms of 1e-91 and
     * left noise of 1e-107, times m 1e184. log S is now log1p(-F) while F < 1/2. */
    const clv_bass_params lopsided = {4.377832816612919e-308, 1.2272733663244223e-92,
                                      1.2078853957377708e+291};
    const double none[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    double F8;
    assert_status(clv_bass_cumulative(&lopsided, 8.0, &F8), CLV_OK);
    assert_status(clv_bass_loglik(&lopsided, none, 8, &ll_x, NULL), CLV_OK);
    assert_close(ll_x, -lopsided.m * F8, 1e-12);
    assert_true(ll_x < 0.0 && ll_x > -1e-15);

    /* Central differences of LL, step 1e-6 relative: error ~1e-8 relative (gradient 1e6 on an
     * LL of 4e3 loses digits to cancellation), so 1e-5. */
    const clv_bass_params at = {0.012, 0.45, 72000};
    double g[3];
    double ll;
    assert_status(clv_bass_loglik(&at, sales, 10, &ll, g), CLV_OK);
    for (int j = 0; j < 3; j++) {
        clv_bass_params hi = at;
        clv_bass_params lo = at;
        double *hp = (j == 0) ? &hi.p : (j == 1) ? &hi.q : &hi.m;
        double *lp = (j == 0) ? &lo.p : (j == 1) ? &lo.q : &lo.m;
        double h = 1e-6 * *hp;
        *hp += h;
        *lp -= h;
        double l_hi;
        double l_lo;
        assert_status(clv_bass_loglik(&hi, sales, 10, &l_hi, NULL), CLV_OK);
        assert_status(clv_bass_loglik(&lo, sales, 10, &l_lo, NULL), CLV_OK);
        assert_close(g[j], (l_hi - l_lo) / (2.0 * h), 1e-5);
    }
}

/* ---- the curve ----------------------------------------------------------------------------- */

static const struct {
    const char *tag;
    clv_bass_params p;
} curves[5] = {{"pub", {6.59e-3, 0.638, 6.80e4}},
               {"flat", {0.3, 0.1, 1000}},
               {"innov", {0.05, 0.0, 500}},
               {"late", {1e-8, 0.9, 1e6}},
               {"near", {0.2, 0.2000001, 100}}};

static const struct {
    const char *name;
    double t;
} times[10] = {{"0", 0.0},   {"1e-6", 1e-6}, {"0.5", 0.5}, {"1", 1.0},     {"3", 3.0},
               {"6.5", 6.5}, {"10", 10.0},   {"25", 25.0}, {"100", 100.0}, {"600", 600.0}};

/* F(t), f(t) and S(t) = 1 - F(t) against mpmath, for five curves (q < p, q = 0, a tiny p, q
 * just above p) and times from the launch to far in the tail, where S is 1e-170 and below:
 * each to 1e-13 relative (the exponent s t carries rounding of ~1e-16 s t into e^{-s t}).
 * S(t) is read as adopters in (t, 1e300] / m: the tail keeps its relative precision. */
static void test_bass_curve_matches_mpmath(void **state) {
    (void)state;
    for (int c = 0; c < 5; c++) {
        const clv_bass_params *p = &curves[c].p;
        for (int k = 0; k < 10; k++) {
            double F = SENTINEL;
            double f = SENTINEL;
            double tail = SENTINEL;
            assert_status(clv_bass_cumulative(p, times[k].t, &F), CLV_OK);
            assert_status(clv_bass_density(p, times[k].t, &f), CLV_OK);
            assert_status(clv_bass_adopters(p, times[k].t, 1e300, &tail), CLV_OK);
            double want_F = oraclef("%s_F_%s", curves[c].tag, times[k].name);
            double want_S = oraclef("%s_S_%s", curves[c].tag, times[k].name);
            double want_f = oraclef("%s_f_%s", curves[c].tag, times[k].name);
            assert_close(F, want_F, 1e-13);
            assert_close(f, want_f, 1e-13);
            if (want_S > 1e-300) { /* mpmath's S is below the doubles beyond that */
                assert_close(tail / p->m, want_S, 1e-13);
            }
            assert_true(F >= 0.0 && F <= 1.0 && f >= 0.0);
        }
    }
}

/* Adopters of an interval, m (F(t2) - F(t1)), against mpmath: whole periods, a quarter period,
 * and (500, 600] deep in the tail where F(t2) and F(t1) agree to every digit a double has:
 * 1e-13 relative. */
static void test_bass_adopters_match_mpmath(void **state) {
    (void)state;
    static const char *const ends[7][2] = {{"0", "1"},    {"2", "3"},    {"9", "10"},
                                           {"10", "11"},  {"99", "100"}, {"3.25", "3.5"},
                                           {"500", "600"}};
    for (int c = 0; c < 5; c++) {
        for (int k = 0; k < 7; k++) {
            char name[96];
            double v = SENTINEL;
            snprintf(name, sizeof name, "%s_adopters_%s_%s", curves[c].tag, ends[k][0], ends[k][1]);
            double want = oracle(name);
            assert_status(clv_bass_adopters(&curves[c].p, strtod(ends[k][0], NULL),
                                            strtod(ends[k][1], NULL), &v),
                          CLV_OK);
            if (want > 1e-290) {
                assert_close(v, want, 1e-13);
            } else {
                assert_true(v >= 0.0 && v < 1e-280);
            }
        }
    }
}

/* Hand calculations. q = 0: F = 1 - e^{-pt}, f = p e^{-pt}. Any curve: F(0) = 0, f(0) = p, an
 * empty interval has no adopters, and adopters of consecutive periods add up to m F(n). The
 * peak of p = 0.03, q = 0.38 (Sultan, Farley & Lehmann 1990's mean coefficients):
 * t* = ln(0.38/0.03)/0.41 = 6.1926 periods, f(t*) = 0.41^2/(4 x 0.38) = 0.110592, and
 * F(t*) = 0.35/0.76 = 0.460526 -- and the density is lower just before and after. */
static void test_bass_curve_hand_calculations(void **state) {
    (void)state;
    const clv_bass_params innov = {0.05, 0.0, 500.0};
    double v;
    assert_status(clv_bass_cumulative(&innov, 7.0, &v), CLV_OK);
    assert_close(v, -expm1(-0.35), 1e-15);
    assert_status(clv_bass_density(&innov, 7.0, &v), CLV_OK);
    assert_close(v, 0.05 * exp(-0.35), 1e-15);

    const clv_bass_params b = {0.03, 0.38, 1000.0};
    assert_status(clv_bass_cumulative(&b, 0.0, &v), CLV_OK);
    assert_true(v == 0.0);
    assert_status(clv_bass_density(&b, 0.0, &v), CLV_OK);
    assert_close(v, 0.03, 1e-15);
    assert_status(clv_bass_adopters(&b, 4.0, 4.0, &v), CLV_OK);
    assert_true(v == 0.0);
    /* F(1) by the formula, by hand: e^{-0.41} = 0.66365025, (1 - 0.66365025) / (1 + 12.66667 x
     * 0.66365025) = 0.33634975 / 9.40623650 = 0.0357582. */
    assert_status(clv_bass_cumulative(&b, 1.0, &v), CLV_OK);
    assert_near(v, 0.0357582, 5e-8);

    clv_bass_peak_info pk;
    memset(&pk, 0x5a, sizeof pk);
    assert_status(clv_bass_peak(&b, &pk), CLV_OK);
    assert_int_equal(pk.interior, 1);
    assert_int_equal(pk.reserved, 0);
    assert_close(pk.time, log(0.38 / 0.03) / 0.41, 1e-14);
    assert_near(pk.time, 6.1926, 5e-5);
    assert_close(pk.density, 0.41 * 0.41 / (4 * 0.38), 1e-14);
    assert_near(pk.density, 0.110592, 5e-7);
    assert_close(pk.adopters, 1000.0 * 0.41 * 0.41 / (4 * 0.38), 1e-14);
    assert_close(pk.cumulative, 0.35 / 0.76, 1e-14);
    double at_peak;
    double before;
    double after;
    assert_status(clv_bass_density(&b, pk.time, &at_peak), CLV_OK);
    assert_status(clv_bass_density(&b, pk.time - 0.01, &before), CLV_OK);
    assert_status(clv_bass_density(&b, pk.time + 0.01, &after), CLV_OK);
    assert_close(at_peak, pk.density, 1e-14);
    assert_true(before < at_peak && after < at_peak);
    assert_status(clv_bass_cumulative(&b, pk.time, &v), CLV_OK);
    assert_close(v, pk.cumulative, 1e-14);

    /* Per-period adopters add up: the forecast from 0 of n periods sums to m F(n). */
    double per[40];
    double sum = 0.0;
    assert_status(clv_bass_forecast(&b, 0.0, CLV_BASS_INTERVAL, 40, per), CLV_OK);
    for (int t = 0; t < 40; t++) {
        double one;
        assert_status(clv_bass_adopters(&b, t, t + 1, &one), CLV_OK);
        assert_close(per[t], one, 1e-15);
        sum += per[t];
    }
    assert_status(clv_bass_cumulative(&b, 40.0, &v), CLV_OK);
    assert_close(sum, 1000.0 * v, 1e-13);
    /* The density form gives m f(t) at each period's end. */
    assert_status(clv_bass_forecast(&b, 2.5, CLV_BASS_DENSITY, 5, per), CLV_OK);
    for (int i = 0; i < 5; i++) {
        assert_status(clv_bass_density(&b, 3.5 + i, &v), CLV_OK);
        assert_close(per[i], 1000.0 * v, 1e-15);
    }
}

/* The peak against mpmath where it is interior (also a very late one and one a microsecond
 * after the launch, q = p (1 + 5e-7)): 1e-13; where q <= p the density only falls, and the
 * report says so: interior 0, time 0, density f(0) = p, cumulative 0. */
static void test_bass_peak(void **state) {
    (void)state;
    static const char *const interior[3] = {"pub", "late", "near"};
    static const int index[3] = {0, 3, 4};
    for (int k = 0; k < 3; k++) {
        clv_bass_peak_info pk;
        assert_status(clv_bass_peak(&curves[index[k]].p, &pk), CLV_OK);
        assert_int_equal(pk.interior, 1);
        assert_close(pk.time, oraclef("%s_peak_time", interior[k], ""), 1e-13);
        assert_close(pk.density, oraclef("%s_peak_density", interior[k], ""), 1e-13);
        assert_close(pk.adopters, oraclef("%s_peak_adopters", interior[k], ""), 1e-13);
        assert_close(pk.cumulative, oraclef("%s_peak_cumulative", interior[k], ""), 1e-12);
    }
    /* refs/published.md: peak sales m (p+q)^2/(4q) = 11,071 a year, at t* = 7.09 years. */
    clv_bass_peak_info pk;
    assert_status(clv_bass_peak(&curves[0].p, &pk), CLV_OK);
    assert_near(pk.adopters, 11071.2, 0.05);
    assert_near(pk.time, 7.094, 0.0005);

    static const clv_bass_params no_peak[3] = {{0.3, 0.1, 1000}, {0.2, 0.2, 50}, {0.05, 0.0, 5}};
    for (int k = 0; k < 3; k++) {
        memset(&pk, 0x5a, sizeof pk);
        assert_status(clv_bass_peak(&no_peak[k], &pk), CLV_OK);
        assert_int_equal(pk.interior, 0);
        assert_int_equal(pk.reserved, 0);
        assert_true(pk.time == 0.0 && pk.cumulative == 0.0);
        assert_true(pk.density == no_peak[k].p);
        assert_close(pk.adopters, no_peak[k].m * no_peak[k].p, 1e-15);
        double f0;
        double f1;
        assert_status(clv_bass_density(&no_peak[k], 0.0, &f0), CLV_OK);
        assert_status(clv_bass_density(&no_peak[k], 0.5, &f1), CLV_OK);
        assert_true(f1 <= f0);
    }
}

/* Forecasts of years 11-15 from each fit, in the form it was fitted with, against the same
 * forecasts at the mpmath optima (1e-7: the estimates are known to ~1e-9). */
static void test_bass_forecast_after_fit(void **state) {
    (void)state;
    static const struct {
        const char *tag;
        int method, model;
    } fits[3] = {{"nls_density", CLV_BASS_NLS, CLV_BASS_DENSITY},
                 {"nls_interval", CLV_BASS_NLS, CLV_BASS_INTERVAL},
                 {"ml", CLV_BASS_ML, CLV_BASS_INTERVAL}};
    for (int k = 0; k < 3; k++) {
        clv_bass_fit_options o = options(fits[k].method, fits[k].model);
        clv_bass_params p;
        assert_status(clv_bass_fit(sales, 10, &o, &p, NULL), CLV_OK);
        double next[5];
        assert_status(clv_bass_forecast(&p, 10.0, fits[k].model, 5, next), CLV_OK);
        for (int i = 0; i < 5; i++) {
            char t[8];
            snprintf(t, sizeof t, "%d", 11 + i);
            assert_close(next[i], oraclef("%s_forecast_%s", fits[k].tag, t), 1e-9);
        }
        /* The fitted values of the data's own years: their SSE is the report's. */
        double fitted[10];
        clv_bass_fit_report r;
        assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_OK);
        assert_status(clv_bass_forecast(&p, 0.0, fits[k].model, 10, fitted), CLV_OK);
        double sse = 0.0;
        for (int i = 0; i < 10; i++) {
            sse += (sales[i] - fitted[i]) * (sales[i] - fitted[i]);
        }
        assert_close(sse, r.sse, 1e-12);
    }
}

/* Counts made from a known curve (no noise) are fitted back to it: 30 periods, both NLS
 * forms, from the fit's own start (to 1e-11: with no residual Gauss-Newton converges
 * quadratically; the SSE vanishes to rounding), and from a start given in the options. */
static void test_bass_fit_recovers_exact_curve(void **state) {
    (void)state;
    const clv_bass_params truth = {0.004, 0.35, 250000.0};
    static const int models[2] = {CLV_BASS_INTERVAL, CLV_BASS_DENSITY};
    for (int k = 0; k < 2; k++) {
        double y[30];
        assert_status(clv_bass_forecast(&truth, 0.0, models[k], 30, y), CLV_OK);
        clv_bass_fit_options o = options(CLV_BASS_NLS, models[k]);
        clv_bass_params p;
        clv_bass_fit_report r;
        assert_status(clv_bass_fit(y, 30, &o, &p, &r), CLV_OK);
        assert_close(p.p, truth.p, 1e-11);
        assert_close(p.q, truth.q, 1e-11);
        assert_close(p.m, truth.m, 1e-11);
        assert_true(r.residual_se < 1e-6 * 20000.0);
        o.use_start = 1;
        o.start = (clv_bass_params){0.01, 0.2, 100000.0};
        assert_status(clv_bass_fit(y, 30, &o, &p, &r), CLV_OK);
        assert_close(p.q, truth.q, 1e-11);
    }
    /* ML on the expected counts m [F(t) - F(t-1)]: the score in p and q vanishes at the truth
     * (sum_t dF_t + S = 1 for every p, q); the one in m only approximately (psi differences
     * instead of logs): p, q and m come back within 1e-4 (3e-5, 1e-5, 2e-6 here). */
    double y[30];
    assert_status(clv_bass_forecast(&truth, 0.0, CLV_BASS_INTERVAL, 30, y), CLV_OK);
    clv_bass_fit_options o = options(CLV_BASS_ML, CLV_BASS_INTERVAL);
    clv_bass_params p;
    assert_status(clv_bass_fit(y, 30, &o, &p, NULL), CLV_OK);
    assert_close(p.p, truth.p, 1e-4);
    assert_close(p.q, truth.q, 1e-4);
    assert_close(p.m, truth.m, 1e-4);
}

/* ---- options and errors ---------------------------------------------------------------------- */

static void test_bass_fit_options(void **state) {
    (void)state;
    clv_bass_fit_options o;
    memset(&o, 0x5a, sizeof o);
    assert_status(clv_bass_fit_options_init(&o), CLV_OK);
    assert_int_equal(o.struct_size, sizeof o);
    assert_int_equal(o.reserved, 0);
    assert_int_equal(o.method, CLV_BASS_NLS);
    assert_int_equal(o.model, CLV_BASS_INTERVAL);
    assert_int_equal(o.max_iterations, 100);
    assert_int_equal(o.use_start, 0);
    assert_true(o.tolerance == 1e-10);
    assert_true(o.start.p == 0.0 && o.start.q == 0.0 && o.start.m == 0.0);
    assert_status(clv_bass_fit_options_init(NULL), CLV_EINVAL);

    clv_bass_params p;
    clv_bass_fit_report r;
    /* A larger struct from a newer header: accepted with a zero tail, not with a set one. */
    struct {
        clv_bass_fit_options o;
        double future;
    } big;
    memset(&big, 0, sizeof big);
    clv_bass_fit_options_init(&big.o);
    big.o.struct_size = sizeof big;
    assert_status(clv_bass_fit(sales, 10, &big.o, &p, &r), CLV_OK);
    big.future = 1.0;
    assert_status(clv_bass_fit(sales, 10, &big.o, &p, &r), CLV_ESTRUCT);
    clv_bass_fit_options_init(&o);
    o.struct_size = sizeof o - 4; /* inside the diag pointer: no layout */
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_ESTRUCT);
    o.struct_size = 4;
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_ESTRUCT);
    clv_bass_fit_options_init(&o);
    o.reserved = 1;
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_ESTRUCT);

    /* One iteration is not enough: CLV_ENOCONV with the point reached and an honest report. */
    clv_bass_fit_options_init(&o);
    o.max_iterations = 1;
    clv_bass_params q = {SENTINEL, SENTINEL, SENTINEL};
    fill_report(&r);
    assert_status(clv_bass_fit(sales, 10, &o, &q, &r), CLV_ENOCONV);
    assert_int_equal(r.fit.converged, 0);
    assert_int_equal(r.fit.iterations, 1);
    assert_true(q.p > 0.0 && q.q > 0.0 && q.m > 0.0 && isfinite(q.m));
    assert_true(isfinite(r.sse) && isfinite(r.fit.loglik) && r.df == 7);
    /* A loose tolerance stops earlier, a start at the optimum stops at once. */
    clv_bass_fit_options_init(&o);
    o.tolerance = 0.01;
    clv_bass_fit_report loose;
    assert_status(clv_bass_fit(sales, 10, &o, &q, &loose), CLV_OK);
    assert_status(clv_bass_fit(sales, 10, NULL, &p, &r), CLV_OK);
    assert_true(loose.fit.iterations <= r.fit.iterations);
    assert_close(q.q, p.q, 1e-2);
    clv_bass_fit_options_init(&o);
    o.use_start = 1;
    o.start = p;
    assert_status(clv_bass_fit(sales, 10, &o, &q, &r), CLV_OK);
    assert_int_equal(r.fit.iterations, 0);
    assert_int_equal(r.fit.evaluations, 1);
    assert_true(q.p == p.p && q.q == p.q);
    assert_close(q.m, p.m, 1e-15);
}

/* Every fit either succeeds with finite positive estimates, finite standard errors (or
 * +INFINITY with covariance_ok 0) and finite report numbers, or reports CLV_ENOCONV the same
 * way: never a NaN. */
static void check_fit_is_honest(const double *y, size_t n, int method, int model) {
    clv_bass_fit_options o = options(method, model);
    clv_bass_params p = {SENTINEL, SENTINEL, SENTINEL};
    clv_bass_fit_report r;
    fill_report(&r);
    int st = clv_bass_fit(y, n, &o, &p, &r);
    if (st != CLV_OK && st != CLV_ENOCONV) {
        fail_msg("fit status %d", st);
    }
    assert_true(p.p > 0.0 && isfinite(p.p) && p.q > 0.0 && isfinite(p.q) && p.m > 0.0 &&
                isfinite(p.m));
    assert_int_equal(r.fit.converged, st == CLV_OK);
    assert_true(isfinite(r.sse) && r.sse >= 0.0 && isfinite(r.residual_se));
    assert_true(!isnan(r.fit.loglik) && isfinite(r.fit.gradient_norm));
    for (int i = 0; i < 3; i++) {
        assert_true(r.fit.covariance_ok ? (isfinite(r.fit.std_error[i]) && r.fit.std_error[i] >= 0)
                                        : r.fit.std_error[i] == INFINITY);
    }
    for (int i = 0; i < 9; i++) {
        assert_true(isfinite(r.fit.covariance[i]));
    }
}

/* ---- diagnostics (issue 15) -------------------------------------------------------------- */

static const char *diag_text(const clv_diag *d) {
    static char buffer[512];
    size_t length = 0;
    assert_int_equal(clv_diag_format(d, buffer, sizeof buffer, &length), CLV_OK);
    assert_true(length < sizeof buffer && strlen(buffer) == length);
    return buffer;
}

/* Every refusal of clv_bass_fit(): the status, the record (field, rule, row, value, limit),
 * its sentence, and the outputs untouched. */
static void test_bass_fit_diag_names_every_refusal(void **state) {
    (void)state;
    enum { COUNTS, OPTS };
    static const struct {
        int what;       /* COUNTS: counts[3] = v; OPTS: the option `opt` set to v */
        int opt;        /* 0 method, 1 model (with method ML when v < 0), 2 max_iterations,
                           3 tolerance, 4 use_start, 5 start.q, 6 ML start.m */
        double v;
        int status;
        int field;
        int rule;
        int has_row;
        uint64_t row;
        double value;
        double limit;
        const char *text;
    } cases[] = {
        {COUNTS, 0, -2.0, CLV_EDOM, CLV_FIELD_ADOPTERS, CLV_RULE_NEGATIVE, 1, 3, -2.0, 0.0,
         "counts[3]: adopters is -2, must be >= 0"},
        {COUNTS, 0, NAN, CLV_EDOM, CLV_FIELD_ADOPTERS, CLV_RULE_NOT_FINITE, 1, 3, NAN, 0.0,
         "counts[3]: adopters is NaN, must be a finite number"},
        {COUNTS, 0, INFINITY, CLV_EDOM, CLV_FIELD_ADOPTERS, CLV_RULE_NOT_FINITE, 1, 3, INFINITY,
         0.0, "counts[3]: adopters is infinity, must be a finite number"},
        {OPTS, 0, 2.0, CLV_EINVAL, CLV_FIELD_METHOD, CLV_RULE_BAD_FLAG, 0, 0, 2.0, 0.0,
         "method is 2, must be 0 or 1"},
        {OPTS, 1, 5.0, CLV_EINVAL, CLV_FIELD_MODEL, CLV_RULE_BAD_FLAG, 0, 0, 5.0, 0.0,
         "model is 5, must be 0 or 1"},
        {OPTS, 1, -1.0, CLV_EINVAL, CLV_FIELD_MODEL, CLV_RULE_CONFLICT, 0, 0, 1.0, 1.0,
         "model is 1, not allowed with method 1 (maximum likelihood fits the interval form, "
         "model 0, only)"},
        {OPTS, 2, 0.0, CLV_EDOM, CLV_FIELD_MAX_ITERATIONS, CLV_RULE_BELOW_MIN, 0, 0, 0.0, 1.0,
         "max_iterations is 0, must be >= 1"},
        {OPTS, 3, 0.0, CLV_EDOM, CLV_FIELD_TOLERANCE, CLV_RULE_NOT_POSITIVE, 0, 0, 0.0, 0.0,
         "tolerance is 0, must be > 0"},
        {OPTS, 3, 0.5, CLV_EDOM, CLV_FIELD_TOLERANCE, CLV_RULE_ABOVE_MAX, 0, 0, 0.5, 0.01,
         "tolerance is 0.5, must be <= 0.01"},
        {OPTS, 3, NAN, CLV_EDOM, CLV_FIELD_TOLERANCE, CLV_RULE_NOT_FINITE, 0, 0, NAN, 0.0,
         "tolerance is NaN, must be a finite number"},
        {OPTS, 4, 2.0, CLV_EDOM, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG, 0, 0, 2.0, 0.0,
         "flag is 2, must be 0 or 1"},
        {OPTS, 5, -1.0, CLV_EDOM, CLV_FIELD_START, CLV_RULE_NOT_POSITIVE, 1, 1, -1.0, 0.0,
         "start[1]: start is -1, must be > 0"},
        {OPTS, 5, INFINITY, CLV_EDOM, CLV_FIELD_START, CLV_RULE_NOT_FINITE, 1, 1, INFINITY, 0.0,
         "start[1]: start is infinity, must be a finite number"},
        {OPTS, 6, 60640.0, CLV_EDOM, CLV_FIELD_START, CLV_RULE_NOT_ABOVE, 1, 2, 60640.0, 60640.0,
         "start[2]: start is 60640, must be > 60640"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double counts[10];
        memcpy(counts, sales, sizeof counts);
        clv_bass_fit_options o;
        clv_diag diag;
        clv_bass_fit_options_init(&o);
        clv_diag_init(&diag);
        diag.status = 99;
        o.diag = &diag;
        double v = cases[k].v;
        if (cases[k].what == COUNTS) {
            counts[3] = v;
        } else if (cases[k].opt == 0) {
            o.method = (int32_t)v;
        } else if (cases[k].opt == 1) {
            o.method = v < 0.0 ? CLV_BASS_ML : CLV_BASS_NLS;
            o.model = v < 0.0 ? CLV_BASS_DENSITY : (int32_t)v;
        } else if (cases[k].opt == 2) {
            o.max_iterations = (uint32_t)v;
        } else if (cases[k].opt == 3) {
            o.tolerance = v;
        } else if (cases[k].opt == 4) {
            o.use_start = (uint32_t)v;
        } else {
            o.use_start = 1;
            o.start = (clv_bass_params){0.01, 0.5, 1e5};
            if (cases[k].opt == 5) {
                o.start.q = v;
            } else {
                o.method = CLV_BASS_ML;
                o.start.m = v;
            }
        }
        clv_bass_params p = {SENTINEL, SENTINEL, SENTINEL};
        clv_bass_fit_report r;
        r.sse = SENTINEL;
        assert_status(clv_bass_fit(counts, 10, &o, &p, &r), cases[k].status);
        assert_int_equal(diag.status, cases[k].status);
        assert_int_equal(diag.field, cases[k].field);
        assert_int_equal(diag.rule, cases[k].rule);
        assert_int_equal(diag.has_row, cases[k].has_row);
        assert_true(diag.row == cases[k].row);
        assert_true(diag.value == cases[k].value || (isnan(diag.value) && isnan(cases[k].value)));
        assert_true(diag.limit == cases[k].limit);
        assert_string_equal(diag_text(&diag), cases[k].text);
        assert_true(p.p == SENTINEL && p.q == SENTINEL && p.m == SENTINEL && r.sse == SENTINEL);
    }
}

static void test_bass_fit_diag_arguments_totals_and_convergence(void **state) {
    (void)state;
    clv_bass_fit_options o;
    clv_diag diag;
    clv_bass_fit_options_init(&o);
    clv_diag_init(&diag);
    o.diag = &diag;
    clv_bass_params p = {SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_bass_fit(NULL, 10, &o, &p, NULL), CLV_EINVAL);
    assert_string_equal(diag_text(&diag),
                        "the adopters argument or column is null, and is required");
    assert_int_equal(diag.field, CLV_FIELD_ADOPTERS);
    assert_int_equal(diag.rule, CLV_RULE_MISSING);
    assert_status(clv_bass_fit(sales, 10, &o, NULL, NULL), CLV_EINVAL);
    assert_int_equal(diag.field, CLV_FIELD_PARAMS);
    assert_status(clv_bass_fit(sales, 3, &o, &p, NULL), CLV_EINVAL);
    assert_int_equal(diag.field, CLV_FIELD_COUNT);
    assert_int_equal(diag.rule, CLV_RULE_BELOW_MIN);
    assert_true(diag.value == 3.0 && diag.limit == 4.0 && !diag.has_row);
    assert_string_equal(diag_text(&diag), "count is 3, must be >= 4");
    const double zeros[5] = {0, 0, 0, 0, 0};
    assert_status(clv_bass_fit(zeros, 5, &o, &p, NULL), CLV_EDOM);
    assert_int_equal(diag.field, CLV_FIELD_ADOPTERS);
    assert_int_equal(diag.rule, CLV_RULE_ALL_ZERO);
    assert_string_equal(diag_text(&diag),
                        "no adopters in any period (every count is 0): nothing to fit");
    const double huge[4] = {DBL_MAX, DBL_MAX, 1.0, 1.0};
    assert_status(clv_bass_fit(huge, 4, &o, &p, NULL), CLV_ERANGE);
    assert_int_equal(diag.field, CLV_FIELD_ADOPTERS);
    assert_int_equal(diag.rule, CLV_RULE_OVERFLOW);
    assert_true(diag.value == INFINITY);
    assert_string_equal(diag_text(&diag),
                        "adopters infinity: the total of the adopters overflows");
    assert_true(p.p == SENTINEL && p.q == SENTINEL && p.m == SENTINEL);
    /* Stopped at the iteration cap: the last full step's size and the tolerance it missed. */
    o.max_iterations = 1;
    clv_bass_fit_report r;
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_ENOCONV);
    assert_int_equal(r.fit.converged, 0);
    assert_int_equal(diag.status, CLV_ENOCONV);
    assert_int_equal(diag.field, CLV_FIELD_TOLERANCE);
    assert_int_equal(diag.rule, CLV_RULE_NOT_CONVERGED);
    assert_true(diag.limit == 1e-10 && diag.value > diag.limit && isfinite(diag.value));
    const char *text = diag_text(&diag);
    const char *head = "fit did not converge: the last full Newton step would change a "
                       "parameter by ";
    assert_true(strncmp(text, head, strlen(head)) == 0);
    assert_non_null(strstr(text, " (relative), above the convergence limit 1e-10 (raise "
                                 "max_iterations, loosen tolerance or give a start)"));
    /* A converged fit clears the record. */
    o.max_iterations = 100;
    assert_status(clv_bass_fit(sales, 10, &o, &p, &r), CLV_OK);
    assert_int_equal(diag.status, 0);
    /* The layout before the diag pointer ends before it: a record it would point to is
     * never written (the pointer is not read). */
    clv_bass_fit_options old;
    clv_bass_fit_options_init(&old);
    old.struct_size = (uint32_t)offsetof(clv_bass_fit_options, diag);
    old.max_iterations = 0;
    old.diag = &diag; /* past the caller's struct_size */
    assert_status(clv_bass_fit(sales, 10, &old, &p, NULL), CLV_EDOM);
    assert_int_equal(diag.status, 0);
    /* A refused layout writes nothing either. */
    o.struct_size = (uint32_t)sizeof o - 4;
    assert_status(clv_bass_fit(sales, 10, &o, &p, NULL), CLV_ESTRUCT);
    assert_int_equal(diag.status, 0);
}

static void test_bass_rejects_invalid_input(void **state) {
    (void)state;
    const clv_bass_params good = {0.03, 0.38, 1000.0};
    static const clv_bass_params bad[10] = {
        {0.0, 0.38, 1000},  {-0.03, 0.38, 1000},   {NAN, 0.38, 1000},      {INFINITY, 0.38, 1000},
        {0.03, -0.1, 1000}, {0.03, NAN, 1000},     {0.03, INFINITY, 1000}, {0.03, 0.38, 0.0},
        {0.03, 0.38, -5},   {0.03, 0.38, INFINITY}};
    double out = SENTINEL;
    double buf[3] = {SENTINEL, SENTINEL, SENTINEL};
    clv_bass_peak_info pk;
    memset(&pk, 0x5a, sizeof pk);
    const clv_bass_peak_info pk0 = pk;
    for (int k = 0; k < 10; k++) {
        assert_status(clv_bass_cumulative(&bad[k], 1.0, &out), CLV_EDOM);
        assert_status(clv_bass_density(&bad[k], 1.0, &out), CLV_EDOM);
        assert_status(clv_bass_adopters(&bad[k], 1.0, 2.0, &out), CLV_EDOM);
        assert_status(clv_bass_peak(&bad[k], &pk), CLV_EDOM);
        assert_status(clv_bass_forecast(&bad[k], 0.0, CLV_BASS_INTERVAL, 3, buf), CLV_EDOM);
        assert_status(clv_bass_loglik(&bad[k], sales, 10, &out, buf), CLV_EDOM);
    }
    /* Times. */
    static const double bad_t[4] = {-1.0, -1e-300, NAN, INFINITY};
    for (int k = 0; k < 4; k++) {
        assert_status(clv_bass_cumulative(&good, bad_t[k], &out), CLV_EDOM);
        assert_status(clv_bass_density(&good, bad_t[k], &out), CLV_EDOM);
        assert_status(clv_bass_adopters(&good, bad_t[k], 2.0, &out), CLV_EDOM);
        assert_status(clv_bass_adopters(&good, 1.0, bad_t[k], &out), CLV_EDOM);
        assert_status(clv_bass_forecast(&good, bad_t[k], CLV_BASS_INTERVAL, 3, buf), CLV_EDOM);
    }
    assert_status(clv_bass_adopters(&good, 3.0, 2.0, &out), CLV_EDOM); /* t2 < t1 */
    /* Flags and sizes. */
    assert_status(clv_bass_forecast(&good, 0.0, 2, 3, buf), CLV_EINVAL);
    assert_status(clv_bass_forecast(&good, 0.0, -1, 3, buf), CLV_EINVAL);
    assert_status(clv_bass_forecast(&good, 0.0, CLV_BASS_INTERVAL, 0, buf), CLV_EINVAL);
    /* Null pointers. */
    assert_status(clv_bass_cumulative(NULL, 1.0, &out), CLV_EINVAL);
    assert_status(clv_bass_cumulative(&good, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_bass_density(NULL, 1.0, &out), CLV_EINVAL);
    assert_status(clv_bass_density(&good, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_bass_adopters(NULL, 1.0, 2.0, &out), CLV_EINVAL);
    assert_status(clv_bass_adopters(&good, 1.0, 2.0, NULL), CLV_EINVAL);
    assert_status(clv_bass_peak(NULL, &pk), CLV_EINVAL);
    assert_status(clv_bass_peak(&good, NULL), CLV_EINVAL);
    assert_status(clv_bass_forecast(NULL, 0.0, CLV_BASS_INTERVAL, 3, buf), CLV_EINVAL);
    assert_status(clv_bass_forecast(&good, 0.0, CLV_BASS_INTERVAL, 3, NULL), CLV_EINVAL);
    assert_true(out == SENTINEL);
    assert_true(buf[0] == SENTINEL && buf[1] == SENTINEL && buf[2] == SENTINEL);
    assert_memory_equal(&pk, &pk0, sizeof pk);

    /* The log-likelihood: counts, m < N, empty, nulls. */
    const clv_bass_params lp = {0.01, 0.5, 70000};
    double y[4] = {10, 20, 30, 40};
    static const double bad_y[4] = {-1.0, NAN, INFINITY, -INFINITY};
    for (int k = 0; k < 4; k++) {
        y[2] = bad_y[k];
        assert_status(clv_bass_loglik(&lp, y, 4, &out, buf), CLV_EDOM);
    }
    y[2] = 30;
    const clv_bass_params small_m = {0.01, 0.5, 99.5};
    assert_status(clv_bass_loglik(&small_m, y, 4, &out, buf), CLV_EDOM); /* m < N = 100 */
    assert_status(clv_bass_loglik(&lp, y, 0, &out, buf), CLV_EINVAL);
    assert_status(clv_bass_loglik(NULL, y, 4, &out, buf), CLV_EINVAL);
    assert_status(clv_bass_loglik(&lp, NULL, 4, &out, buf), CLV_EINVAL);
    assert_status(clv_bass_loglik(&lp, y, 4, NULL, buf), CLV_EINVAL);
    const double huge_y[2] = {DBL_MAX, DBL_MAX};
    const clv_bass_params huge_m = {0.01, 0.5, DBL_MAX};
    assert_status(clv_bass_loglik(&huge_m, huge_y, 2, &out, buf), CLV_ERANGE); /* N = inf */
    assert_true(out == SENTINEL && buf[0] == SENTINEL);
    const clv_bass_params exact_m = {0.01, 0.5, 100.0}; /* m = N is allowed */
    assert_status(clv_bass_loglik(&exact_m, y, 4, &out, buf), CLV_OK);

    /* The fit: nulls, too few periods, counts, options; outputs untouched. */
    clv_bass_params est = {SENTINEL, SENTINEL, SENTINEL};
    clv_bass_fit_report rep;
    fill_report(&rep);
    const clv_bass_fit_report rep0 = rep;
    double c[6] = {10, 30, 60, 50, 20, 5};
    assert_status(clv_bass_fit(NULL, 6, NULL, &est, &rep), CLV_EINVAL);
    assert_status(clv_bass_fit(c, 6, NULL, NULL, &rep), CLV_EINVAL);
    assert_status(clv_bass_fit(c, 3, NULL, &est, &rep), CLV_EINVAL); /* 3 < 4 periods */
    assert_status(clv_bass_fit(c, 0, NULL, &est, &rep), CLV_EINVAL);
    for (int k = 0; k < 4; k++) {
        c[3] = bad_y[k];
        assert_status(clv_bass_fit(c, 6, NULL, &est, &rep), CLV_EDOM);
    }
    c[3] = 50;
    const double zeros[6] = {0, 0, 0, 0, 0, 0};
    assert_status(clv_bass_fit(zeros, 6, NULL, &est, &rep), CLV_EDOM);
    const double overflow[4] = {DBL_MAX, DBL_MAX, 1, 1};
    clv_bass_fit_options o = options(CLV_BASS_ML, CLV_BASS_INTERVAL);
    assert_status(clv_bass_fit(overflow, 4, &o, &est, &rep), CLV_ERANGE);
    o = options(CLV_BASS_ML, CLV_BASS_DENSITY); /* ML has no density form */
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EINVAL);
    o = options(2, CLV_BASS_INTERVAL);
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EINVAL);
    o = options(CLV_BASS_NLS, -1);
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EINVAL);
    static const double bad_tol[5] = {0.0, -1e-8, NAN, INFINITY, 0.02};
    for (int k = 0; k < 5; k++) {
        o = options(CLV_BASS_NLS, CLV_BASS_INTERVAL);
        o.tolerance = bad_tol[k];
        assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EDOM);
    }
    o = options(CLV_BASS_NLS, CLV_BASS_INTERVAL);
    o.max_iterations = 0;
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EDOM);
    o = options(CLV_BASS_NLS, CLV_BASS_INTERVAL);
    o.use_start = 2;
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EDOM);
    static const clv_bass_params bad_start[5] = {
        {0.0, 0.3, 200}, {0.03, 0.0, 200}, {0.03, 0.3, NAN}, {INFINITY, 0.3, 200}, {0.03, -1, 200}};
    for (int k = 0; k < 5; k++) {
        o = options(CLV_BASS_NLS, CLV_BASS_INTERVAL);
        o.use_start = 1;
        o.start = bad_start[k];
        assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EDOM);
    }
    o = options(CLV_BASS_ML, CLV_BASS_INTERVAL);
    o.use_start = 1;
    o.start = (clv_bass_params){0.03, 0.3, 175.0}; /* m = N: ML needs m > N */
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_EDOM);
    /* A start whose p + q overflows: nothing can be evaluated, nothing is written. */
    o = options(CLV_BASS_ML, CLV_BASS_INTERVAL);
    o.use_start = 1;
    o.start = (clv_bass_params){DBL_MAX, DBL_MAX, 1000.0};
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_ERANGE);
    /* Found by fuzz/fuzz_bass.c: a start of p = 2e-317 (a denormal) let the search drift to
     * where exp(log p) underflows to 0, and a p of 0 came out. The search now stays within
     * the normal doubles, and a start outside them cannot be evaluated. */
    o = options(CLV_BASS_NLS, CLV_BASS_INTERVAL);
    o.use_start = 1;
    o.start = (clv_bass_params){2.0732734e-317, 8.029891299414742e+283, 8.0335e-320};
    const double wild[12] = {1.634089943871764e+69, 1.6340899438724717e+69, 0.09999551212086397};
    assert_status(clv_bass_fit(wild, 12, &o, &est, &rep), CLV_ERANGE);
    assert_true(est.p == SENTINEL && est.q == SENTINEL && est.m == SENTINEL);
    assert_memory_equal(&rep, &rep0, sizeof rep);
    check_fit_is_honest(wild, 12, CLV_BASS_NLS, CLV_BASS_INTERVAL);
    /* The same counts and options, valid, pass: the checks above were what failed. */
    o.start = (clv_bass_params){0.03, 0.3, 200.0};
    assert_status(clv_bass_fit(c, 6, &o, &est, &rep), CLV_OK);
    assert_status(clv_bass_fit(c, 4, NULL, &est, NULL), CLV_OK);
}

/* ---- degenerate and extreme inputs ----------------------------------------------------------- */

static void test_bass_degenerate_counts_give_status_never_nan(void **state) {
    (void)state;
    static const int forms[3][2] = {{CLV_BASS_NLS, CLV_BASS_INTERVAL},
                                    {CLV_BASS_NLS, CLV_BASS_DENSITY},
                                    {CLV_BASS_ML, CLV_BASS_INTERVAL}};
    const double spike[8] = {0, 0, 0, 1000, 0, 0, 0, 0};
    const double first_only[5] = {500, 0, 0, 0, 0};
    const double last_only[5] = {0, 0, 0, 0, 7};
    const double flat[6] = {100, 100, 100, 100, 100, 100};
    const double growth[8] = {1, 2, 4, 8, 16, 32, 64, 128};
    const double decay[8] = {512, 256, 128, 64, 32, 16, 8, 4};
    const double tiny[10] = {8.4e-300,   1.47e-299,  2.11e-299, 4e-299,    7.59e-299,
                             1.095e-298, 1.053e-298, 9.47e-299, 7.79e-299, 5.89e-299};
    const double *series[7] = {spike, first_only, last_only, flat, growth, decay, tiny};
    const size_t lens[7] = {8, 5, 5, 6, 8, 8, 10};
    for (int k = 0; k < 7; k++) {
        for (int f = 0; f < 3; f++) {
            check_fit_is_honest(series[k], lens[k], forms[f][0], forms[f][1]);
        }
    }
    /* NLS is scale-free: the published series times 1e150 or 1e-302 gives the same p and q,
     * and m times the factor (the fit works on counts / largest count). */
    double big[10];
    for (int i = 0; i < 10; i++) {
        big[i] = sales[i] * 1e150;
    }
    clv_bass_params a;
    clv_bass_params b;
    clv_bass_fit_report ra;
    clv_bass_fit_report rb;
    assert_status(clv_bass_fit(sales, 10, NULL, &a, &ra), CLV_OK);
    assert_status(clv_bass_fit(big, 10, NULL, &b, &rb), CLV_OK);
    assert_close(b.p, a.p, 1e-9);
    assert_close(b.q, a.q, 1e-9);
    assert_close(b.m, a.m * 1e150, 1e-9);
    assert_close(rb.residual_se, ra.residual_se * 1e150, 1e-9);
    assert_close(rb.fit.loglik, ra.fit.loglik - 10.0 * log(1e150), 1e-9);
    assert_status(clv_bass_fit(tiny, 10, NULL, &b, &rb), CLV_OK);
    assert_close(b.q, a.q, 1e-9);
    assert_close(b.m, a.m * 1e-302, 1e-9);
    /* SSE ~ 1e-598 underflows, but the log-likelihood is taken from log SSE in scaled units. */
    assert_close(rb.fit.loglik, ra.fit.loglik + 10.0 * 302.0 * log(10.0), 1e-9);
    /* Found by fuzz/fuzz_bass.c: one count of 1.7e156 among denormals. Its fit is far from
     * converging in 30 iterations, and the variance of m there, (1.2e154)^2, overflows: the
     * report cannot hold it, so CLV_ERANGE and nothing written (a standard error alone would
     * have fit). */
    const double lone[6] = {3.5070754936231e-310,  3.50102780561883e-310,  3.49895885972264e-310,
                            3.49710211340554e-310, 1.716199415038896e+156, 1.36454276262e-312};
    clv_bass_fit_options lo = options(CLV_BASS_NLS, CLV_BASS_INTERVAL);
    lo.max_iterations = 30;
    clv_bass_params lp = {SENTINEL, SENTINEL, SENTINEL};
    clv_bass_fit_report lr;
    fill_report(&lr);
    const clv_bass_fit_report lr0 = lr;
    assert_status(clv_bass_fit(lone, 6, &lo, &lp, &lr), CLV_ERANGE);
    assert_true(lp.p == SENTINEL && lp.q == SENTINEL && lp.m == SENTINEL);
    assert_memory_equal(&lr, &lr0, sizeof lr);
    /* Counts near the largest double: the SSE of the fit overflows, so both methods say
     * CLV_ERANGE and write nothing. */
    const double huge[10] = {8.4e300,   1.47e301,  2.11e301, 4e301,    7.59e301,
                             1.095e302, 1.053e302, 9.47e301, 7.79e301, 5.89e301};
    for (int f = 0; f < 3; f++) {
        clv_bass_fit_options o = options(forms[f][0], forms[f][1]);
        clv_bass_params p = {SENTINEL, SENTINEL, SENTINEL};
        assert_status(clv_bass_fit(huge, 10, &o, &p, NULL), CLV_ERANGE);
        assert_true(p.p == SENTINEL && p.m == SENTINEL);
    }
}

/* The curve functions at extreme but valid parameters and times: a value in range or
 * CLV_ERANGE, never NaN. p + q beyond DBL_MAX is handled by halving both rates and doubling
 * time (the same curve), so F is still exact there. */
static void test_bass_extreme_parameters_are_finite(void **state) {
    (void)state;
    static const double vals[7] = {4.9e-324, 1e-300, 1e-8, 0.3, 5.0, 1e300, DBL_MAX};
    static const double ts[6] = {0.0, 1e-300, 1.0, 1e8, 1e300, DBL_MAX};
    for (int i = 0; i < 7; i++) {
        for (int j = 0; j < 7; j++) {
            for (int k = 0; k < 6; k++) {
                const clv_bass_params p = {vals[i], vals[j], vals[(i + j) % 7]};
                double F;
                double f = SENTINEL;
                double a;
                assert_status(clv_bass_cumulative(&p, ts[k], &F), CLV_OK);
                assert_true(F >= 0.0 && F <= 1.0);
                int st = clv_bass_density(&p, ts[k], &f);
                assert_true((st == CLV_OK && f >= 0.0 && isfinite(f)) ||
                            (st == CLV_ERANGE && f == SENTINEL));
                assert_status(clv_bass_adopters(&p, ts[k] * 0.5, ts[k], &a), CLV_OK);
                assert_true(a >= 0.0 && a <= p.m);
                clv_bass_peak_info pk;
                st = clv_bass_peak(&p, &pk);
                assert_true((st == CLV_OK && isfinite(pk.time) && pk.time >= 0.0 &&
                             isfinite(pk.adopters) && pk.cumulative >= 0.0 &&
                             pk.cumulative <= 0.5) ||
                            st == CLV_ERANGE);
                double y[4];
                st = clv_bass_forecast(&p, ts[k] == DBL_MAX ? 0.0 : ts[k], CLV_BASS_DENSITY, 4, y);
                assert_true(st == CLV_OK || st == CLV_ERANGE);
                for (int n = 0; n < 4 && st == CLV_OK; n++) {
                    assert_true(isfinite(y[n]) && y[n] >= 0.0);
                }
            }
        }
    }
    /* p + q = 2 DBL_MAX: all adoption at once; F(t) = 1 for any t > 0 and F(0) = 0. */
    const clv_bass_params both = {DBL_MAX, DBL_MAX, 10.0};
    double v;
    assert_status(clv_bass_cumulative(&both, 1e-300, &v), CLV_OK);
    assert_true(v == 1.0);
    assert_status(clv_bass_cumulative(&both, 0.0, &v), CLV_OK);
    assert_true(v == 0.0);
    assert_status(clv_bass_density(&both, 0.0, &v), CLV_OK); /* f(0) = p */
    assert_true(v == DBL_MAX);
    /* Found by fuzz/fuzz_bass.c: with the rates halved, two equal times of DBL_MAX doubled to
     * inf made the interval's length inf - inf = NaN; it is formed before the scaling now. */
    const clv_bass_params all_max = {DBL_MAX, DBL_MAX, DBL_MAX};
    v = SENTINEL;
    assert_status(clv_bass_adopters(&all_max, DBL_MAX, DBL_MAX, &v), CLV_OK);
    assert_true(v == 0.0);
    assert_status(clv_bass_adopters(&all_max, 0.0, DBL_MAX, &v), CLV_OK);
    assert_true(v == DBL_MAX); /* everybody, at once */
    clv_bass_peak_info pk;
    memset(&pk, 0x5a, sizeof pk);
    clv_bass_peak_info pk0 = pk;
    assert_status(clv_bass_peak(&both, &pk), CLV_ERANGE); /* m p overflows */
    assert_memory_equal(&pk, &pk0, sizeof pk);            /* and nothing is written */
    /* Huge m with fast adoption: the peak's adopters, m (p+q)^2/(4q) = 11 m, overflow; the
     * shares do not. */
    const clv_bass_params big_m = {3.0, 38.0, DBL_MAX};
    assert_status(clv_bass_peak(&big_m, &pk), CLV_ERANGE);
    assert_memory_equal(&pk, &pk0, sizeof pk);
    double y[3] = {SENTINEL, SENTINEL, SENTINEL};
    assert_status(clv_bass_forecast(&big_m, 0.0, CLV_BASS_DENSITY, 3, y), CLV_ERANGE);
    assert_true(y[0] == SENTINEL && y[2] == SENTINEL);
    assert_status(clv_bass_forecast(&big_m, 0.0, CLV_BASS_INTERVAL, 3, y), CLV_OK);
    assert_true(isfinite(y[2]) && y[2] > 0.0);
    assert_status(clv_bass_adopters(&big_m, 0.0, 1e300, &v), CLV_OK);
    assert_true(v == DBL_MAX);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bass_nls_density_reproduces_published_estimates),
        cmocka_unit_test(test_bass_nls_interval_matches_mpmath_optimum),
        cmocka_unit_test(test_bass_ml_matches_mpmath_optimum),
        cmocka_unit_test(test_bass_ml_covariance_is_inverse_information),
        cmocka_unit_test(test_bass_loglik_matches_mpmath_and_differences),
        cmocka_unit_test(test_bass_curve_matches_mpmath),
        cmocka_unit_test(test_bass_adopters_match_mpmath),
        cmocka_unit_test(test_bass_curve_hand_calculations),
        cmocka_unit_test(test_bass_peak),
        cmocka_unit_test(test_bass_forecast_after_fit),
        cmocka_unit_test(test_bass_fit_recovers_exact_curve),
        cmocka_unit_test(test_bass_fit_options),
        cmocka_unit_test(test_bass_rejects_invalid_input),
        cmocka_unit_test(test_bass_fit_diag_names_every_refusal),
        cmocka_unit_test(test_bass_fit_diag_arguments_totals_and_convergence),
        cmocka_unit_test(test_bass_degenerate_counts_give_status_never_nan),
        cmocka_unit_test(test_bass_extreme_parameters_are_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
