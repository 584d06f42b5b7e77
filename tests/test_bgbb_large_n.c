/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * BG/BB with very many opportunities (issue 21): lib/clv/bgbb.c sums eq. 5 of Fader, Hardie &
 * Shang (2010) term by term up to 2,048 terms and by Euler-Maclaurin beyond, in work that does
 * not grow with n. Checked against mpmath (tests/oracles/bgbb_large_n.py, 32 digits: exact sums,
 * and an independent Euler-Maclaurin of its own at k > 5,000) for n = 50, 1e3, 1e5 and 1e7, x
 * and t_x across the range and parameters from 1e-2 to 1e3; the two routes against each other
 * where both apply; the predictions of long histories; a fit on simulated data with n = 1e5.
 */
#include "clv_test.h"

#include <stdint.h>

#include "clv.h"
#include "clv/bgbb.h"
#include "clv_test_data.h"
#include "math/special.h"

static double oracle(const char *name) {
    return oracle_value("bgbb_large_n.txt", name);
}

/* The cases of bgbb_large_n.py: its PARAMS x HIST. */
static const struct {
    const char *name;
    double theta[4];
} params[] = {
    {"p1", {1.2, 0.7, 0.6, 2.5}},          {"p2", {0.01, 0.01, 0.01, 0.01}},
    {"p3", {1000.0, 1000.0, 0.5, 1000.0}}, {"p4", {0.05, 300.0, 1000.0, 0.02}},
    {"p5", {20.0, 0.03, 0.02, 50.0}},
};
static const struct {
    double n, x, t_x;
} hist[] = {
    {50, 0, 0},           {50, 3, 3},           {50, 10, 50},          {50, 7, 20},
    {1000, 0, 0},         {1000, 40, 40},       {1000, 300, 1000},     {1000, 5, 12},
    {100000, 0, 0},       {100000, 30, 500},    {100000, 2000, 2000},  {100000, 30000, 100000},
    {100000, 1, 1},       {100000, 500, 60000}, {10000000, 0, 0},      {10000000, 7, 7},
    {10000000, 100, 3000}, {10000000, 40000, 5000000}, {10000000, 2, 9999000},
};
#define N_PARAMS (sizeof params / sizeof params[0])
#define N_HIST (sizeof hist / sizeof hist[0])

static void case_name(char *buf, size_t size, size_t p, size_t h, const char *suffix) {
    snprintf(buf, size, "%s_n%.0f_x%.0f_tx%.0f%s", params[p].name, hist[h].n, hist[h].x,
             hist[h].t_x, suffix);
}

/* log L to 1e-13 of max(|log L|, 1) (the oracle has 25 digits; the library's sums carry a few
 * roundings a term; where L is near 1, e.g. log L = -3.3e-9 at p4 with x = 0, log L is the log
 * of a sum of two parts each known to a relative eps, so only its absolute error is small);
 * each gradient component to 1e-13 of max(|g|, 1) (measured: 2.3e-14 and 6e-15): the
 * gradient is a weighted mean of the terms' digamma differences, each of size ~1 to ~log(n),
 * so its rounding is absolute, and a component near 0 is as accurate as the others are. */
static void test_bgbb_large_n_loglik_and_gradient_match_mpmath(void **state) {
    (void)state;
    double worst_ll = 0.0, worst_g = 0.0;
    for (size_t p = 0; p < N_PARAMS; p++) {
        const clv_bgbb_params prm = {params[p].theta[0], params[p].theta[1], params[p].theta[2],
                                     params[p].theta[3]};
        for (size_t h = 0; h < N_HIST; h++) {
            char name[96];
            static const char *const dn[4] = {"_dalpha", "_dbeta", "_dgamma", "_ddelta"};
            double x = hist[h].x, t_x = hist[h].t_x, n = hist[h].n;
            const clv_rfm_view v = {1, &x, &t_x, &n, NULL, NULL};
            double ll = 0.0, g[4], ll_value = 0.0;
            assert_status(clv_bgbb_loglik(&prm, &v, &ll, g), CLV_OK);
            assert_status(clv_bgbb_loglik(&prm, &v, &ll_value, NULL), CLV_OK);
            case_name(name, sizeof name, p, h, "");
            double want = oracle(name);
            double scale = fmax(fabs(want), 1.0);
            worst_ll = fmax(worst_ll, fabs(ll - want) / scale);
            if (!(fabs(ll - want) <= 1e-13 * scale && fabs(ll_value - want) <= 1e-13 * scale)) {
                fail_msg("%s: log L %.17g (value alone %.17g), mpmath %.17g", name, ll, ll_value,
                         want);
            }
            for (int c = 0; c < 4; c++) {
                case_name(name, sizeof name, p, h, dn[c]);
                double gw = oracle(name);
                double err = fabs(g[c] - gw) / fmax(fabs(gw), 1.0);
                worst_g = fmax(worst_g, err);
                if (!(err <= 1e-13)) {
                    fail_msg("%s: %.17g, mpmath %.17g (error %.3g of max(|g|, 1))", name, g[c], gw,
                             err);
                }
            }
        }
    }
    print_message("# worst log L error %.3g (of max(|log L|, 1)), gradient %.3g (of max(|g|, 1))\n",
                  worst_ll, worst_g);
}

/* Hessian entries against mpmath's numerical second derivatives of log L (25 digits): to
 * 1e-12 of max(|H_ij|, 1) (measured: 1.8e-14), the Hessian being a weighted mean of terms of
 * size up to ~log(n)^2 less the square of the gradient, whose cancellation costs a digit or
 * two. */
static void test_bgbb_large_n_hessian_matches_mpmath(void **state) {
    (void)state;
    static const struct {
        const char *name;
        size_t p;
        double x, t_x, n;
    } rows[] = {{"p1_n100000_x30_tx500", 0, 30, 500, 1e5},
                {"p2_n10000000_x0_tx0", 1, 0, 0, 1e7},
                {"p4_n1000_x5_tx12", 3, 5, 12, 1e3}};
    static const int ij[3][2] = {{0, 0}, {2, 3}, {1, 3}};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        double ll, g[4], hs[16];
        assert_status(clv__bgbb_loglik_row(params[rows[r].p].theta, rows[r].x, rows[r].t_x,
                                           rows[r].n, CLV__BGBB_ROUTE_AUTO, &ll, g, hs),
                      CLV_OK);
        for (int e = 0; e < 3; e++) {
            char name[96];
            snprintf(name, sizeof name, "%s_h%d%d", rows[r].name, ij[e][0], ij[e][1]);
            double want = oracle(name), got = hs[4 * ij[e][0] + ij[e][1]];
            double err = fabs(got - want) / fmax(fabs(want), 1.0);
            print_message("# %s: %.17g, mpmath %.17g (%.2g)\n", name, got, want, err);
            if (!(err <= 1e-12)) {
                fail_msg("%s: %.17g, mpmath %.17g", name, got, want);
            }
        }
    }
}

/* The largest relative difference between two routes' value, gradient and Hessian: the
 * gradient relative to max(|g_i|, 1) as above, the Hessian to max(|H_ij|, |g_i g_j|, 1), the
 * size of the mean of H + g g' from which g g' is taken (H_00 = -0.385 at p1, x = 5,
 * t_x = 400, n = 5,400 is a difference of two numbers of size 14: the routes' sums of that size
 * agree to 1e-14 of it, H_00 itself to 1.2e-13). */
static double route_difference(const double *theta, double x, double t_x, double n, int route_a,
                               int route_b) {
    double la, lb, ga[4], gb[4], ha[16], hb[16];
    assert_status(clv__bgbb_loglik_row(theta, x, t_x, n, route_a, &la, ga, ha), CLV_OK);
    assert_status(clv__bgbb_loglik_row(theta, x, t_x, n, route_b, &lb, gb, hb), CLV_OK);
    double d = fabs(la - lb) / fmax(fabs(lb), 1e-300);
    for (int c = 0; c < 4; c++) {
        d = fmax(d, fabs(ga[c] - gb[c]) / fmax(fabs(gb[c]), 1.0));
    }
    for (int c = 0; c < 16; c++) {
        double scale = fmax(fmax(fabs(hb[c]), fabs(gb[c / 4] * gb[c % 4])), 1.0);
        d = fmax(d, fabs(ha[c] - hb[c]) / scale);
    }
    return d;
}

/* Where both routes apply (n - t_x from 40 to 5,000 terms), the Euler-Maclaurin tail from its
 * first admissible term and the term-by-term sum agree to 1e-13 (value, gradient, Hessian): the
 * switch at 2,048 terms has no step. (The tests' forced tail starts at term 32, earlier than the
 * public route's 1,024, so that the tail does most of the work in these comparisons.) */
static void test_bgbb_large_n_routes_agree_where_both_apply(void **state) {
    (void)state;
    static const double ks[] = {40, 100, 700, 2047, 2048, 2049, 2050, 5000};
    double worst = 0.0;
    for (size_t p = 0; p < N_PARAMS; p++) {
        for (size_t kk = 0; kk < sizeof ks / sizeof ks[0]; kk++) {
            static const double xt[][2] = {{0, 0}, {1, 1}, {3, 10}, {60, 80}, {5, 400}};
            for (size_t j = 0; j < sizeof xt / sizeof xt[0]; j++) {
                double x = xt[j][0], t_x = xt[j][1], n = t_x + ks[kk];
                double d = route_difference(params[p].theta, x, t_x, n, CLV__BGBB_ROUTE_DIRECT,
                                            CLV__BGBB_ROUTE_TAIL);
                worst = fmax(worst, d);
                if (!(d <= 1e-13)) {
                    fail_msg("%s x = %g, t_x = %g, n = %g: the routes differ by %.3g",
                             params[p].name, x, t_x, n, d);
                }
            }
        }
    }
    /* The public route is the direct one up to 2,048 terms (the same numbers) and the tail
     * from term 1,024 on above: no step at the switch either. */
    for (size_t p = 0; p < N_PARAMS; p++) {
        const double *th = params[p].theta;
        assert_true(route_difference(th, 3, 10, 10 + 2048, CLV__BGBB_ROUTE_AUTO,
                                     CLV__BGBB_ROUTE_DIRECT) == 0.0);
        for (double k = 2049; k <= 2052; k += 1.0) {
            double d = route_difference(th, 3, 10, 10 + k, CLV__BGBB_ROUTE_AUTO,
                                        CLV__BGBB_ROUTE_DIRECT);
            worst = fmax(worst, d);
            assert_true(d <= 1e-13);
        }
    }
    print_message("# worst difference between the routes: %.3g\n", worst);
}

/* P(alive) (eq. 11), E[X(n, n + 1000)] (eq. 13) and DERT at 1% (eq. 14) of long histories
 * against mpmath: to 1e-12 relative where log L is below ~1e3 in size (measured: 2e-13), to
 * 1e-9 for the row of x = 40,000 (as the grids of issue 13): each prediction is the
 * exponential of a difference of logs of size ~2e5 (log L and the log Beta terms), each known
 * to ~2e5 eps, so ~1e-10 is all doubles give there (measured: 7e-11). */
static void test_bgbb_large_n_predictions_match_mpmath(void **state) {
    (void)state;
    static const struct {
        size_t p;
        double x, t_x, n, tol;
    } rows[] = {{0, 0, 0, 1e5, 1e-12},
                {0, 30, 500, 1e5, 1e-12},
                {1, 7, 7, 1e7, 1e-12},
                {0, 100, 9999000, 1e7, 1e-12},
                {4, 40000, 9990000, 1e7, 1e-9}};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const double *th = params[rows[r].p].theta;
        const clv_bgbb_params prm = {th[0], th[1], th[2], th[3]};
        char base[96], name[128];
        snprintf(base, sizeof base, "pred_%s_n%.0f_x%.0f_tx%.0f", params[rows[r].p].name,
                 rows[r].n, rows[r].x, rows[r].t_x);
        double pa, e, d;
        assert_status(clv_bgbb_p_alive(&prm, rows[r].x, rows[r].t_x, rows[r].n, &pa), CLV_OK);
        assert_status(
            clv_bgbb_expected_purchases(&prm, rows[r].x, rows[r].t_x, rows[r].n, 1000, &e),
            CLV_OK);
        assert_status(clv_bgbb_dert(&prm, rows[r].x, rows[r].t_x, rows[r].n, 0.01, &d), CLV_OK);
        snprintf(name, sizeof name, "%s_palive", base);
        assert_close(pa, oracle(name), rows[r].tol);
        snprintf(name, sizeof name, "%s_cond1000", base);
        assert_close(e, oracle(name), rows[r].tol);
        snprintf(name, sizeof name, "%s_dert", base);
        assert_close(d, oracle(name), rows[r].tol);
    }
}

/* splitmix64 (Steele, Lea & Flood 2014): a reproducible uniform in (0, 1). */
static double uniform(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) * 0x1p-53;
}

/* Gamma(shape, 1) by Marsaglia & Tsang (2000), with Gamma(a) = Gamma(a+1) U^(1/a) for a < 1. */
static double gamma_draw(uint64_t *s, double a) {
    if (a < 1.0) {
        return gamma_draw(s, a + 1.0) * pow(uniform(s), 1.0 / a);
    }
    double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double z, v;
        do {
            /* a standard normal by Box-Muller */
            z = sqrt(-2.0 * log(uniform(s))) * cos(6.283185307179586 * uniform(s));
            v = 1.0 + c * z;
        } while (v <= 0.0);
        v = v * v * v;
        double u = uniform(s);
        if (log(u) < 0.5 * z * z + d - d * v + d * log(v)) {
            return d * v;
        }
    }
}

static double beta_draw(uint64_t *s, double a, double b) {
    double g1 = gamma_draw(s, a), g2 = gamma_draw(s, b);
    return g1 / (g1 + g2);
}

/* failures before the first success of probability q: floor(log U / log(1 - q)) */
static double geometric_draw(uint64_t *s, double q) {
    return floor(log(uniform(s)) / log1p(-q));
}

#define SIM_CUSTOMERS 1500
#define SIM_N 100000.0

/* BG/BB's story (FHS 2010, section 2) simulated with n = 1e5 opportunities: p ~ Beta(a, b) and
 * theta ~ Beta(g, d) per customer; alive for L ~ Geometric(theta) opportunities (L failures of
 * the dropout before it strikes), transacting at each with probability p (the gaps between
 * transactions drawn as geometric). The fit recovers the parameters within 4 of its standard
 * errors (a test that fails for a biased likelihood; the sample is fixed by the seed), and takes
 * seconds, not the minutes of the term-by-term sums. */
static void test_bgbb_large_n_fit_recovers_simulated_parameters(void **state) {
    (void)state;
    static double x[SIM_CUSTOMERS], t_x[SIM_CUSTOMERS], n[SIM_CUSTOMERS];
    const double truth[4] = {1.0, 8.0, 0.8, 20.0};
    uint64_t seed = 20260407u;
    for (size_t i = 0; i < SIM_CUSTOMERS; i++) {
        double p = beta_draw(&seed, truth[0], truth[1]);
        double theta = beta_draw(&seed, truth[2], truth[3]);
        double alive = fmin(SIM_N, geometric_draw(&seed, theta));
        double pos = 0.0, count = 0.0, last = 0.0;
        for (;;) {
            pos += geometric_draw(&seed, p) + 1.0;
            if (pos > alive) {
                break;
            }
            count += 1.0;
            last = pos;
        }
        x[i] = count;
        t_x[i] = last;
        n[i] = SIM_N;
    }
    const clv_rfm_view v = {SIM_CUSTOMERS, x, t_x, n, NULL, NULL};
    clv_bgbb_params est;
    clv_fit_report r;
    assert_status(clv_bgbb_fit(&v, NULL, &est, &r), CLV_OK);
    assert_true(r.converged && r.covariance_ok);
    const double got[4] = {est.alpha, est.beta, est.gamma, est.delta};
    for (int c = 0; c < 4; c++) {
        print_message("# parameter %d: %.4f (truth %.4f, standard error %.4f)\n", c, got[c],
                      truth[c], r.std_error[c]);
        assert_true(fabs(got[c] - truth[c]) <= 4.0 * r.std_error[c]);
    }
}

/* The tail's special functions (lib/math/special.c) against mpmath (bgbb_special.py):
 * psi^(k)(z)/k! for k = 1..16 from z = 0.37 to 1e7, both sides of the asymptotic series'
 * threshold at 40, to 1e-14 relative (the series and the shifts carry a few roundings); the
 * second difference of log Gamma to 1e-14 relative, where the plain difference of four
 * log-gamma values of size up to 1.6e8 keeps no digit of a result near 1e-10. */
static void test_bgbb_large_n_special_functions_match_mpmath(void **state) {
    (void)state;
    static const double z[] = {0.37, 1.0, 7.5, 39.9, 40.0, 123.4, 1e5, 1e7};
    static const double lgr2[][3] = {{1e7, 1e4, 5e6},     {32.0, 0.01, 1e7},
                                     {0.001, 0.999, 1e7}, {12.5, 3.3, 0.5},
                                     {5.0, 200.0, 3.0},   {1000.5, 1000.0, 2.5e4},
                                     {40.0, 1e5, 1e7},    {10.0, 1e-10, 1e3}};
    for (size_t i = 0; i < sizeof z / sizeof z[0]; i++) {
        double out[17];
        clv__polygamma_scaled(z[i], 16, out);
        for (int k = 1; k <= 16; k++) {
            char name[32];
            snprintf(name, sizeof name, "psi_%zu_%d", i, k);
            assert_close(out[k], oracle_value("bgbb_special.txt", name), 1e-14);
        }
    }
    for (size_t j = 0; j < sizeof lgr2 / sizeof lgr2[0]; j++) {
        char name[32];
        snprintf(name, sizeof name, "lgr2_%zu", j);
        assert_close(clv__lgamma_ratio2(lgr2[j][0], lgr2[j][1], lgr2[j][2]),
                     oracle_value("bgbb_special.txt", name), 1e-14);
    }
}

/* Far above e + d the second difference of lnG is e d psi'(y + (e+d)/2 + ...) =
 * (e d / y)(1 - (e+d-1)/(2y) + O(((e+d)/y)^2)); and a BG/BB customer whose dropout
 * probability has mean gamma/(gamma+delta) ~ 1e-307 never drops out, E[X(n)] = n alpha /
 * (alpha + beta). Before, lgamma_ratio2's q = e d / y^2 underflowed from y ~ 1e154 and
 * doubled both (E[X(91)] = 93.08 for 46.54 at delta = DBL_MAX; fuzz_fit). */
static void test_bgbb_large_n_huge_delta(void **state) {
    (void)state;
    static const double y[] = {1e20, 1e60, 1e154, 1e200, 1e300, 1.7976931348623157e308};
    static const double ed[][2] = {{6.0, 91.0}, {0.5, 1e6}, {1e-3, 2.0}};
    for (size_t i = 0; i < sizeof y / sizeof y[0]; i++) {
        for (size_t j = 0; j < sizeof ed / sizeof ed[0]; j++) {
            double e = ed[j][0], d = ed[j][1];
            double expect = (e / y[i]) * d * (1.0 - (e + d - 1.0) / (2.0 * y[i]));
            assert_close(clv__lgamma_ratio2(y[i], e, d), expect, 1e-14);
        }
    }
    static const double delta[] = {1e200, 1e300, 1.7976931348623157e308};
    for (size_t i = 0; i < sizeof delta / sizeof delta[0]; i++) {
        clv_bgbb_params p = {14.0, 13.375, 7.0, delta[i]};
        for (double n = 1.0; n <= 1e5; n *= 91.0) {
            double e = -1.0;
            assert_int_equal(clv_bgbb_expected_purchases_new(&p, n, &e), CLV_OK);
            assert_close(e, n * 14.0 / 27.375, 1e-12);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bgbb_large_n_loglik_and_gradient_match_mpmath),
        cmocka_unit_test(test_bgbb_large_n_hessian_matches_mpmath),
        cmocka_unit_test(test_bgbb_large_n_routes_agree_where_both_apply),
        cmocka_unit_test(test_bgbb_large_n_predictions_match_mpmath),
        cmocka_unit_test(test_bgbb_large_n_fit_recovers_simulated_parameters),
        cmocka_unit_test(test_bgbb_large_n_special_functions_match_mpmath),
        cmocka_unit_test(test_bgbb_large_n_huge_delta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
