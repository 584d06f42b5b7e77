/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/math/special.c: log Gamma and its differences, digamma, trigamma, log 2F1 and
 * its gradient, log Gamma(s, x).
 *
 * Reference values come from tests/oracles/special_oracles.py (mpmath, 40 digits), which
 * writes tests/oracles/special_oracles.txt and the C tables oracles/special_oracles.h.
 */
#include "clv_test.h"

#include <stdio.h>

#include "math/special.h"
#include "oracles/special_oracles.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/*
 * Tolerance: 1e-12 relative, the contract of special.h. The oracle is exact to 17 digits;
 * the implementations reach a few 1e-16 where the function is well conditioned, so 1e-12
 * leaves room for the longest sums (thousands of 2F1 terms) while a wrong coefficient or a
 * wrong branch (errors of 1e-9 and more) fails.
 *
 * Where a function has a zero inside the domain (log Gamma at 1 and 2, lgamma_ratio where
 * Gamma(a+x) = Gamma(a), lbeta where B = 1) the relative error of any double algorithm
 * grows like kappa * 1.1e-16, kappa = sum |x_i df/dx_i| / |f| the condition number (a
 * rounding of the inputs alone does that). The oracle stores kappa; the tolerance is then
 * 1e-12 + 1e-15 kappa (nine roundings' worth of the ill-conditioned part).
 */
static const double rel_tol = 1e-12;

static double conditioned_tol(double kappa) {
    return rel_tol + 1e-15 * kappa;
}

static double rel_err(double got, double want) {
    if (want == 0.0) {
        return fabs(got);
    }
    return fabs(got - want) / fabs(want);
}

/* Fails with the worst case; prints the largest error seen (the figure the header quotes). */
static void check1(const char *name, double (*f)(double), const special_case1 *cases, size_t n,
                   int use_kappa) {
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        double got = f(cases[i].x);
        double err = rel_err(got, cases[i].value);
        double tol = use_kappa ? conditioned_tol(cases[i].kappa) : rel_tol;
        if (!(err <= tol)) {
            fail_msg("%s(%.17g) = %.17g, oracle %.17g, relative error %.3g > %.3g", name,
                     cases[i].x, got, cases[i].value, err, tol);
        }
        worst = err > worst ? err : worst;
    }
    printf("# %s: %zu cases, max relative error %.3g\n", name, n, worst);
    assert_true(n >= 20);
}

static void check2(const char *name, double (*f)(double, double), const special_case2 *cases,
                   size_t n, int use_kappa) {
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        double got = f(cases[i].a, cases[i].x);
        double err = rel_err(got, cases[i].value);
        double tol = use_kappa ? conditioned_tol(cases[i].kappa) : rel_tol;
        if (!(err <= tol)) {
            fail_msg("%s(%.17g, %.17g) = %.17g, oracle %.17g, relative error %.3g > %.3g", name,
                     cases[i].a, cases[i].x, got, cases[i].value, err, tol);
        }
        worst = err > worst ? err : worst;
    }
    printf("# %s: %zu cases, max relative error %.3g\n", name, n, worst);
    assert_true(n >= 20);
}

static void test_lgamma_matches_mpmath_to_1e_12(void **state) {
    (void)state;
    check1("lgamma", clv__lgamma, lgamma_cases, COUNT(lgamma_cases), 1);
}

static void test_digamma_matches_mpmath_to_1e_12_including_near_its_zero(void **state) {
    (void)state;
    /* The grid has x0 = 1.4616321449683622 (psi = 1e-16) and neighbours: no kappa allowance,
     * the Taylor series about the zero keeps the relative accuracy. */
    check1("digamma", clv__digamma, digamma_cases, COUNT(digamma_cases), 0);
}

static void test_trigamma_matches_mpmath_to_1e_12(void **state) {
    (void)state;
    check1("trigamma", clv__trigamma, trigamma_cases, COUNT(trigamma_cases), 0);
}

static void test_lgamma_ratio_matches_mpmath_to_1e_12(void **state) {
    (void)state;
    check2("lgamma_ratio", clv__lgamma_ratio, lgamma_ratio_cases, COUNT(lgamma_ratio_cases), 1);
}

static void test_lbeta_matches_mpmath_to_1e_12(void **state) {
    (void)state;
    check2("lbeta", clv__lbeta, lbeta_cases, COUNT(lbeta_cases), 1);
}

static void test_digamma_diff_matches_mpmath_to_1e_12(void **state) {
    (void)state;
    check2("digamma_diff", clv__digamma_diff, digamma_diff_cases, COUNT(digamma_diff_cases), 0);
}

static void test_log_upper_gamma_matches_mpmath_to_1e_12(void **state) {
    (void)state;
    /* s from -1000 to 1000 with 0 and negative integers, x from 1e-3 to 1e4. log Gamma(s, x)
     * has no zero crossing problem here: |log Gamma(s, x)| is never tiny on the grid. */
    check2("log_upper_gamma", clv__log_upper_gamma, upper_gamma_cases, COUNT(upper_gamma_cases), 0);
}

/*
 * Within 1e-4 of z = 1, with moderate parameters, log 2F1 comes from ~15-20 Taylor steps of
 * the hypergeometric equation (special.c), whose rounding accumulates: up to 1.8e-12
 * relative on this grid (z = 1 - 1e-6, c - a - b near integers), so 1e-11 there. This is a
 * limit of the method, not of the conditioning (log F is well conditioned there), and is
 * the weak regime of log_hyp2f1. The Pfaff and series paths that serve large parameters
 * near z = 1 meet 1e-12.
 */
static const double near_one_tol = 1e-11;

static void check_hyp_family(int family, size_t min_count) {
    double worst = 0.0;
    size_t count = 0;
    for (size_t i = 0; i < COUNT(hyp2f1_cases); i++) {
        const hyp2f1_case *c = &hyp2f1_cases[i];
        if (c->family != family) {
            continue;
        }
        double got = clv__log_hyp2f1(c->a, c->b, c->c, c->z);
        double err = rel_err(got, c->log_value);
        double tol = c->z > 0.9999 ? near_one_tol : rel_tol;
        if (!(err <= tol)) {
            fail_msg("log 2F1(%.17g, %.17g; %.17g; %.17g) = %.17g, oracle %.17g, relative "
                     "error %.3g > %.3g",
                     c->a, c->b, c->c, c->z, got, c->log_value, err, tol);
        }
        worst = err > worst ? err : worst;
        count++;
    }
    printf("# log_hyp2f1 family %d: %zu cases, max relative error %.3g\n", family, count, worst);
    assert_true(count >= min_count);
}

static void test_log_hyp2f1_bgnbd_arguments_match_mpmath_to_1e_12(void **state) {
    (void)state;
    check_hyp_family(0, 100); /* x up to 1e5, T, t up to 1e4, parameters 1e-3 .. 1e3 */
}

static void test_log_hyp2f1_pareto_nbd_arguments_match_mpmath_to_1e_12(void **state) {
    (void)state;
    check_hyp_family(1, 100); /* c - a - b = -s at and near integers, z to 1 - 1e-6 */
}

static void test_log_hyp2f1_sbg_derl_arguments_match_mpmath_to_1e_12(void **state) {
    (void)state;
    check_hyp_family(2, 40); /* a = 1, z = 1/(1+d), d from 1e-3 to 1 */
}

static void test_log_hyp2f1_generic_arguments_match_mpmath_to_1e_12(void **state) {
    (void)state;
    check_hyp_family(3, 15);
}

/*
 * Gradient: value to 1e-12 relative; each derivative to 1e-12 relative to the largest of
 * |derivative|, |d/da|, |d/db|, |d/dc| at that point (1e-12 absolute at least). Reason: the
 * derivatives come from sums of terms times sums of reciprocals (psi differences), and
 * d/dc nearly cancels d/da + d/db when a and b are large (e.g. -6.9 + 6.9 + ...): an entry
 * that is small only because of that cancellation inherits the absolute error of the large
 * ones, which is what the scale says. d/dz is compared relative to itself.
 */
static void test_log_hyp2f1_grad_matches_mpmath_diff(void **state) {
    (void)state;
    double worst = 0.0;
    for (size_t i = 0; i < COUNT(hyp2f1_grad_cases); i++) {
        const hyp2f1_grad_case *c = &hyp2f1_grad_cases[i];
        double g[4];
        double v = clv__log_hyp2f1_grad(c->a, c->b, c->c, c->z, g);
        double plain = clv__log_hyp2f1(c->a, c->b, c->c, c->z);
        assert_close(v, c->log_value, rel_tol);
        assert_close(plain, c->log_value, rel_tol);
        double scale = 1.0;
        for (int k = 0; k < 3; k++) {
            scale = fmax(scale, fabs(c->grad[k]));
        }
        for (int k = 0; k < 4; k++) {
            double ref = k == 3 ? fabs(c->grad[3]) : scale;
            double err = fabs(g[k] - c->grad[k]) / ref;
            if (!(err <= rel_tol)) {
                fail_msg("grad[%d] of log 2F1(%.17g, %.17g; %.17g; %.17g) = %.17g, oracle "
                         "%.17g, error %.3g of %.3g",
                         k, c->a, c->b, c->c, c->z, g[k], c->grad[k], err, ref);
            }
            worst = err > worst ? err : worst;
        }
    }
    printf("# log_hyp2f1_grad: %zu cases, max scaled error %.3g\n", COUNT(hyp2f1_grad_cases),
           worst);
}

/* Identities ----------------------------------------------------------------------------- */

/* log Gamma(x + 1) = log Gamma(x) + log x (DLMF 5.5.1); tolerance relative to the larger
 * term, 1e-14: both sides are sums of accurate terms. */
static void test_lgamma_recurrence(void **state) {
    (void)state;
    const double xs[] = {1e-3, 0.3, 0.7, 1.5, 2.5, 9.5, 10.5, 77.7, 1e3, 1e5};
    for (size_t i = 0; i < COUNT(xs); i++) {
        double x = xs[i];
        double lhs = clv__lgamma(x + 1.0);
        double rhs = clv__lgamma(x) + log(x);
        double scale = fmax(fabs(clv__lgamma(x)), fabs(log(x)));
        assert_near(lhs, rhs, 1e-14 * scale + 1e-300);
    }
    assert_true(clv__lgamma(1.0) == 0.0 && clv__lgamma(2.0) == 0.0);
}

/* psi(x + 1) = psi(x) + 1/x (DLMF 5.5.2), and digamma_diff(x, 1) = 1/x exactly; trigamma
 * psi'(x) = psi'(x + 1) + 1/x^2. Tolerances relative to the largest term, 1e-14. */
static void test_digamma_and_trigamma_recurrences(void **state) {
    (void)state;
    const double xs[] = {1e-3, 0.3, 1.0, 1.46, 2.5, 9.5, 10.5, 77.7, 1e3, 1e5};
    for (size_t i = 0; i < COUNT(xs); i++) {
        double x = xs[i];
        double scale = fmax(fabs(clv__digamma(x)), 1.0 / x);
        assert_near(clv__digamma(x + 1.0), clv__digamma(x) + 1.0 / x, 1e-14 * scale);
        assert_close(clv__digamma_diff(x, 1.0), 1.0 / x, 1e-15);
        assert_close(clv__trigamma(x), clv__trigamma(x + 1.0) + 1.0 / (x * x), 1e-14);
    }
}

/* lgamma_ratio(a, n) = sum_k log(a + k) for small n; digamma_diff(a, n) = sum 1/(a + k);
 * the tolerance is relative to sum |log(a + k)| (the terms can cancel near a = 1). */
static void test_lgamma_ratio_and_digamma_diff_for_integer_steps(void **state) {
    (void)state;
    const double as[] = {1e-3, 0.5, 0.9, 1.0, 3.3, 9.99, 10.0, 123.4, 1e5};
    for (size_t i = 0; i < COUNT(as); i++) {
        for (int n = 1; n <= 20; n++) {
            double a = as[i];
            double sum = 0.0, abs_sum = 0.0, rec = 0.0;
            for (int k = 0; k < n; k++) {
                sum += log(a + k);
                abs_sum += fabs(log(a + k));
                rec += 1.0 / (a + k);
            }
            assert_near(clv__lgamma_ratio(a, n), sum, 1e-14 * abs_sum);
            assert_close(clv__digamma_diff(a, n), rec, 1e-14);
        }
    }
    /* The cancellation the function exists for: a = 1000, x = 1 gives log 1000 exactly. */
    assert_close(clv__lgamma_ratio(1000.0, 1.0), log(1000.0), 1e-16);
    assert_close(clv__lgamma_ratio(1e15, 1e-5), 1e-5 * log(1e15), 1e-14);
}

/* lbeta is symmetric and lbeta(a, 1) = -log a. */
static void test_lbeta_symmetry_and_b_equals_one(void **state) {
    (void)state;
    const double as[] = {1e-3, 0.5, 2.0, 9.99, 10.0, 1e3, 1e5};
    for (size_t i = 0; i < COUNT(as); i++) {
        for (size_t j = 0; j < COUNT(as); j++) {
            assert_true(clv__lbeta(as[i], as[j]) == clv__lbeta(as[j], as[i]));
        }
        assert_close(clv__lbeta(as[i], 1.0), -log(as[i]), 1e-14);
    }
}

/* 2F1(a, b; c; 0) = 1; 2F1(a, b; b; z) = (1 - z)^-a (DLMF 15.4.6); 2F1 symmetric in a, b;
 * 2F1(1, 1; 2; z) = -log(1 - z)/z (DLMF 15.4.1). */
static void test_log_hyp2f1_identities(void **state) {
    (void)state;
    const double ps[] = {1e-3, 0.5, 1.0, 2.5, 10.0, 100.0, 1e3, 1e5};
    const double zs[] = {1e-9, 0.1, 0.5, 0.9, 0.999, 1.0 - 1e-6};
    for (size_t i = 0; i < COUNT(ps); i++) {
        for (size_t j = 0; j < COUNT(ps); j++) {
            assert_true(clv__log_hyp2f1(ps[i], ps[j], 2.0, 0.0) == 0.0);
            for (size_t k = 0; k < COUNT(zs); k++) {
                double z = zs[k];
                if (z > 0.9999 && fmax(ps[i], ps[j]) > 1e3) {
                    continue; /* the slow regime of special.c (c > 2000, z = 1 - 1e-6) */
                }
                double want = -ps[i] * log1p(-z);
                assert_close(clv__log_hyp2f1(ps[i], ps[j], ps[j], z), want, 1e-12);
                /* c as in the BG/NBD (a + b - 1 + 0.7): the symmetric pair may take the
                 * same path in mirrored roles, so this checks the bookkeeping of each. */
                double c = ps[i] + ps[j] - 0.3;
                double ab = clv__log_hyp2f1(ps[i], ps[j], c, z);
                double ba = clv__log_hyp2f1(ps[j], ps[i], c, z);
                if (c > 0.0) {
                    assert_close(ab, ba, 1e-12);
                }
            }
        }
    }
    for (size_t k = 1; k < COUNT(zs); k++) { /* z >= 0.1: the right side rounds at z = 1e-9 */
        double z = zs[k];
        assert_close(clv__log_hyp2f1(1.0, 1.0, 2.0, z), log(-log1p(-z) / z), 1e-12);
    }
}

/* Gamma(1, x) = e^-x and Gamma(0, x) = E1(x); Gamma(s+1, x) = s Gamma(s, x) + x^s e^-x. */
static void test_log_upper_gamma_identities(void **state) {
    (void)state;
    const double xs[] = {1e-3, 0.5, 1.49, 1.5, 3.0, 30.0, 100.0};
    for (size_t i = 0; i < COUNT(xs); i++) {
        double x = xs[i];
        assert_close(clv__log_upper_gamma(1.0, x), -x, 1e-14);
        assert_close(clv__log_upper_gamma(1.0, 1e4 * x), -1e4 * x, 1e-14);
        const double ss[] = {-7.5, -1.0, 0.25, 2.0, 30.5};
        for (size_t j = 0; j < COUNT(ss); j++) {
            double s = ss[j];
            /* Scaled by e^x. The right side cancels (s < 0, x small or large: s Gamma(s, x)
             * and x^s nearly opposite), so the tolerance is relative to the size of its
             * terms; 1e-13 covers exp() of logs up to ~300 in size (1 ulp of the log each;
             * x <= 100 keeps them there). */
            double lhs = exp(clv__log_upper_gamma(s + 1.0, x) + x);
            double t1 = s * exp(clv__log_upper_gamma(s, x) + x);
            double t2 = pow(x, s);
            assert_near(lhs, t1 + t2, 1e-13 * (fabs(lhs) + fabs(t1) + fabs(t2)));
        }
    }
}

/* special.h: NaN outside the domain. */
/* The regularised incomplete beta function against mpmath's betainc (40 digits, at the exact
 * doubles; printed to 20 digits here): both sides of the mean, tiny tails (1e-89, 1e-24) to
 * full relative precision, parameters from 1e-3 to 1e8. 1e-11: the fraction's rounding just
 * above the mean with a/b = 1e8 (measured 6e-12; elsewhere below 1e-14). */
static void test_beta_inc_matches_mpmath(void **state) {
    (void)state;
    static const double cases[][4] = {
        {0.5, 0.5, 0.3, 0.36901011956554537504},
        {2.0, 3.0, 0.4, 0.52480000000000003837},
        {1000.0, 1000.0, 0.49, 0.18555265943151144994},
        {100000.0, 0.001, 0.99999, 0.00021960835574063129243},
        {1.0, 0.001, 1e-06, 1.0000004995003328093e-9},
        {100000000.0, 2.0, 0.999999999, 0.99532116004569497043},
        {50.0, 50.0, 0.1, 3.2321822349737531364e-24},
        {1000.0, 300.0, 0.5, 7.7293779179442093165e-89},
        {5.0, 1000000.0, 1e-05, 0.97074863606754240331},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double x = cases[i][2], y = 1.0 - x; /* exact for these x */
        assert_close(clv__beta_inc(cases[i][0], cases[i][1], x, y, log(x), log(y)), cases[i][3],
                     1e-11);
    }
    assert_true(clv__beta_inc(2.0, 3.0, 0.0, 1.0, -INFINITY, 0.0) == 0.0);
    assert_true(clv__beta_inc(2.0, 3.0, 1.0, 0.0, 0.0, -INFINITY) == 1.0);
    assert_true(isnan(clv__beta_inc(-1.0, 3.0, 0.5, 0.5, log(0.5), log(0.5))));
}

static void test_outside_domain_is_nan(void **state) {
    (void)state;
    assert_true(isnan(clv__lgamma(0.0)) && isnan(clv__lgamma(-1.0)) && isnan(clv__lgamma(NAN)));
    assert_true(isnan(clv__digamma(0.0)) && isnan(clv__trigamma(-2.0)));
    assert_true(isnan(clv__lgamma_ratio(0.0, 1.0)) && isnan(clv__lgamma_ratio(1.0, -1.0)));
    assert_true(isnan(clv__digamma_diff(-1.0, 1.0)) && isnan(clv__lbeta(1.0, 0.0)));
    assert_true(isnan(clv__log_hyp2f1(1.0, 1.0, 1.0, 1.0)));
    assert_true(isnan(clv__log_hyp2f1(1.0, 1.0, 1.0, -0.5)));
    assert_true(isnan(clv__log_hyp2f1(0.0, 1.0, 1.0, 0.5)));
    assert_true(isnan(clv__log_hyp2f1(1.0, 1.0, -1.0, 0.5)));
    double g[4];
    assert_true(isnan(clv__log_hyp2f1_grad(1.0, 1.0, 1.0, 1.0, g)) && isnan(g[0]));
    assert_true(isnan(clv__log_upper_gamma(1.0, 0.0)) && isnan(clv__log_upper_gamma(NAN, 1.0)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lgamma_matches_mpmath_to_1e_12),
        cmocka_unit_test(test_digamma_matches_mpmath_to_1e_12_including_near_its_zero),
        cmocka_unit_test(test_trigamma_matches_mpmath_to_1e_12),
        cmocka_unit_test(test_lgamma_ratio_matches_mpmath_to_1e_12),
        cmocka_unit_test(test_lbeta_matches_mpmath_to_1e_12),
        cmocka_unit_test(test_digamma_diff_matches_mpmath_to_1e_12),
        cmocka_unit_test(test_log_upper_gamma_matches_mpmath_to_1e_12),
        cmocka_unit_test(test_log_hyp2f1_bgnbd_arguments_match_mpmath_to_1e_12),
        cmocka_unit_test(test_log_hyp2f1_pareto_nbd_arguments_match_mpmath_to_1e_12),
        cmocka_unit_test(test_log_hyp2f1_sbg_derl_arguments_match_mpmath_to_1e_12),
        cmocka_unit_test(test_log_hyp2f1_generic_arguments_match_mpmath_to_1e_12),
        cmocka_unit_test(test_log_hyp2f1_grad_matches_mpmath_diff),
        cmocka_unit_test(test_lgamma_recurrence),
        cmocka_unit_test(test_digamma_and_trigamma_recurrences),
        cmocka_unit_test(test_lgamma_ratio_and_digamma_diff_for_integer_steps),
        cmocka_unit_test(test_lbeta_symmetry_and_b_equals_one),
        cmocka_unit_test(test_log_hyp2f1_identities),
        cmocka_unit_test(test_log_upper_gamma_identities),
        cmocka_unit_test(test_beta_inc_matches_mpmath),
        cmocka_unit_test(test_outside_domain_is_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
