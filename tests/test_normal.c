/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/math/normal.c: the standard normal quantile, Wichura (1988) AS 241 PPND16.
 *
 * Reference values come from tests/oracles/normal_quantile.py (mpmath, 50 digits), which
 * writes tests/oracles/normal_quantile.txt and the C table oracles/normal_quantile.h used here.
 * The distribution function Phi and the two-sided tail probability (erfc-based) are checked
 * against tests/oracles/referral_oracles.py (mpmath ncdf and erfc, 50 digits).
 */
#include "clv_test.h"

#include <float.h>
#include <stddef.h>

#include "math/normal.h"
#include "oracles/normal_quantile.h"
#include "oracles/referral_oracles.h"

#define N_CASES (sizeof normal_quantile_cases / sizeof normal_quantile_cases[0])

/*
 * Tolerance 1e-14 relative. Wichura designed PPND16 for a relative error of about 1e-16 (the
 * rational approximations themselves); the double evaluation adds rounding from up to 30
 * operations in two degree-7 Horner sums, a division and, outside the central region, a log
 * and a sqrt -- a few ulps (1 ulp = 2.2e-16). 1e-14 allows ~45 ulps: loose enough for the
 * rounding, tight enough that a wrong region split fails, and so does a relative change of
 * 1e-9 in any coefficient but the two smallest (d7 = 1.05e-9, f7 = 2.04e-15, whose terms are
 * below 1e-5 of their sums; checked by mutating each coefficient in turn). The oracle is exact
 * to 17 digits (0.5 ulp). Observed: at most 4.1e-16 over the grid (about 2 ulps).
 */
static const double quantile_tol = 1e-14;

static void check_region(int region) {
    size_t count = 0;
    for (size_t i = 0; i < N_CASES; i++) {
        const normal_quantile_case *c = &normal_quantile_cases[i];
        if (c->region != region) {
            continue;
        }
        double got = clv__normal_quantile(c->p);
        double err = c->quantile == 0.0 ? fabs(got) : fabs(got - c->quantile) / fabs(c->quantile);
        if (!(err <= quantile_tol)) {
            fail_msg("p = %.17g: quantile %.17g, oracle %.17g, relative error %.3g > %g", c->p, got,
                     c->quantile, err, quantile_tol);
        }
        count++;
    }
    /* The oracle grid must actually reach the region (guards against an emptied table). */
    assert_true(count >= 15);
}

static void test_normal_quantile_central_region_matches_mpmath_to_1e_14(void **state) {
    (void)state;
    check_region(0); /* |p - 0.5| <= 0.425 */
}

static void test_normal_quantile_middle_region_matches_mpmath_to_1e_14(void **state) {
    (void)state;
    check_region(1); /* r = sqrt(-log(min(p, 1-p))) <= 5, min(p, 1-p) >= exp(-25) */
}

static void test_normal_quantile_far_tail_matches_mpmath_to_1e_14_down_to_subnormal(void **state) {
    (void)state;
    /* r > 5: p < 1.389e-11 down to 1e-300, DBL_MIN and 2^-1074, and 1 - p down to 2^-53 */
    check_region(2);
}

/* The textbook 97.5% point z = 1.959963984540054 (mpmath: 1.95996398454005423552...), the
 * value referral.h quotes for a 95% interval. */
static void test_normal_quantile_0_975_is_1_959963984540054(void **state) {
    (void)state;
    assert_close(clv__normal_quantile(0.975), 1.959963984540054, quantile_tol);
    assert_close(clv__normal_quantile(0.025), -1.959963984540054, quantile_tol);
}

/*
 * q(1 - p) = -q(p), exactly. For p in [0.5, 1) the complement 1 - p is exact (Sterbenz), and
 * the code then sees the same |p - 0.5| (central) or the same min(p, 1 - p) (middle and tail)
 * for p and 1 - p, so the two calls evaluate the same rational function at the same point
 * and can differ only in sign. The list crosses all three regions.
 */
static void test_normal_quantile_is_exactly_antisymmetric_q_1_minus_p_eq_minus_q_p(void **state) {
    (void)state;
    const double upper[] = {0.5,
                            0.55,
                            0.6,
                            0.75,
                            0.9,
                            0.925,
                            0.975,
                            0.999,
                            1.0 - 1e-10,
                            1.0 - 2e-11,
                            1.0 - 1e-12,
                            1.0 - 1e-15,
                            1.0 - DBL_EPSILON / 2.0};
    for (size_t i = 0; i < sizeof upper / sizeof upper[0]; i++) {
        double p = upper[i];
        double hi = clv__normal_quantile(p);
        double lo = clv__normal_quantile(1.0 - p);
        if (!(lo == -hi)) {
            fail_msg("q(%.17g) = %.17g but q(1 - p) = %.17g", p, hi, lo);
        }
    }
    /* Also from the small side: 2^-k and 1 - 2^-k, k = 1..53, are both exact doubles. */
    for (int k = 1; k <= 53; k++) {
        double p = ldexp(1.0, -k);
        assert_true(clv__normal_quantile(1.0 - p) == -clv__normal_quantile(p));
    }
}

/* The median: q = p - 0.5 = 0 exactly, times a finite rational function. */
static void test_normal_quantile_of_one_half_is_zero(void **state) {
    (void)state;
    assert_true(clv__normal_quantile(0.5) == 0.0);
}

/* Phi^{-1} is strictly increasing. Points are at least 1e-6 apart in relative terms, so the
 * true quantiles differ by far more than the approximation error and strict order is a fair
 * claim; the list straddles both region splits (p = 0.075 / 0.925 and p = exp(-25)). */
static void test_normal_quantile_is_increasing_across_region_boundaries(void **state) {
    (void)state;
    const double p[] = {
        1e-300, 1e-100, 1e-20, 1.38e-11, 1.39e-11, 1e-5,           0.0749,         0.0751,
        0.3,    0.5,    0.7,   0.9249,   0.9251,   1.0 - 1.39e-11, 1.0 - 1.38e-11, 1.0 - 1e-15};
    for (size_t i = 1; i < sizeof p / sizeof p[0]; i++) {
        assert_true(p[i] > p[i - 1]);
        double a = clv__normal_quantile(p[i - 1]);
        double b = clv__normal_quantile(p[i]);
        if (!(b > a)) {
            fail_msg("q(%.17g) = %.17g is not above q(%.17g) = %.17g", p[i], b, p[i - 1], a);
        }
    }
}

/* No jump where the approximation changes: at the neighbouring doubles of each split the two
 * formulas agree to the oracle tolerance (the true quantiles differ by < 1e-15 relative). */
static void test_normal_quantile_is_continuous_at_region_splits(void **state) {
    (void)state;
    /* |p - 0.5| <= 0.425: 0.075 is central, the double below it is middle; 0.925 is middle
     * (0.925 - 0.5 rounds above 0.425), the double below it central. */
    const double split_1[] = {0.075, 0.925};
    for (size_t i = 0; i < 2; i++) {
        double below = nextafter(split_1[i], 0.0);
        double above = nextafter(split_1[i], 1.0);
        assert_close(clv__normal_quantile(below), clv__normal_quantile(above), quantile_tol);
    }
    /* r = sqrt(-log p) = 5 at p = exp(-25) = 1.3887943864964021e-11; p (1 -/+ 1e-13) moves r
     * by 1e-14, past the split (a few ulps of p would leave r = 5.0 exactly), while the true
     * quantiles differ by only ~2e-15 relative. */
    double split_2 = 1.3887943864964021e-11;
    assert_close(clv__normal_quantile(split_2 * (1.0 - 1e-13)),
                 clv__normal_quantile(split_2 * (1.0 + 1e-13)), quantile_tol);
}

/* normal.h: -inf at 0, +inf at 1 (the limits of Phi^{-1}). */
static void test_normal_quantile_endpoints_are_infinite(void **state) {
    (void)state;
    assert_true(isinf(clv__normal_quantile(0.0)) && clv__normal_quantile(0.0) < 0.0);
    assert_true(isinf(clv__normal_quantile(-0.0)) && clv__normal_quantile(-0.0) < 0.0);
    assert_true(isinf(clv__normal_quantile(1.0)) && clv__normal_quantile(1.0) > 0.0);
}

/* normal.h: NaN outside [0, 1], NaN included. */
static void test_normal_quantile_outside_0_1_is_nan(void **state) {
    (void)state;
    const double bad[] = {NAN, -INFINITY, INFINITY, -1e-300, -0.5, 1.0 + DBL_EPSILON, 2.0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_true(isnan(clv__normal_quantile(bad[i])));
    }
}

/*
 * Phi(x) against mpmath from x = -37 (5.7e-300) to 8. Tolerance 1e-15 (8 + x^2) relative:
 * erfc is good to a few ulps, and the rounding of x / sqrt 2 (half an ulp) moves erfc by a
 * relative x^2 / 2 ulps in the tail -- 1.5e-13 at x = -37, the conditioning of the argument.
 */
static void test_normal_cdf_matches_mpmath_into_the_far_lower_tail(void **state) {
    (void)state;
    size_t count = sizeof normal_cdf_cases / sizeof normal_cdf_cases[0];
    assert_true(count >= 15);
    for (size_t i = 0; i < count; i++) {
        double x = normal_cdf_cases[i].x;
        assert_close(clv__normal_cdf(x), normal_cdf_cases[i].value, 1e-15 * (8.0 + x * x));
    }
}

/* P(|Z| >= |z|) against mpmath, z = 0 .. 37 (1.1e-299), either sign; tolerance as for Phi. */
static void test_normal_two_sided_p_matches_mpmath(void **state) {
    (void)state;
    size_t count = sizeof normal_two_sided_cases / sizeof normal_two_sided_cases[0];
    assert_true(count >= 8);
    for (size_t i = 0; i < count; i++) {
        double z = normal_two_sided_cases[i].x;
        assert_close(clv__normal_two_sided_p(z), normal_two_sided_cases[i].value,
                     1e-15 * (8.0 + z * z));
    }
}

/* Identities: Phi(0) = 1/2 exactly; p(z) = 2 Phi(-|z|) (the same erfc, scaled by 2 exactly);
 * Phi(-x) + Phi(x) = 1 and Phi(Phi^{-1}(p)) = p to a few ulps in the body. */
static void test_normal_cdf_identities(void **state) {
    (void)state;
    assert_true(clv__normal_cdf(0.0) == 0.5);
    assert_true(clv__normal_two_sided_p(0.0) == 1.0);
    const double xs[] = {0.1, 0.7, 1.0, 1.959963984540054, 2.5, 4.0, 6.0, 12.0};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i];
        assert_true(clv__normal_two_sided_p(x) == 2.0 * clv__normal_cdf(-x));
        assert_true(clv__normal_two_sided_p(-x) == clv__normal_two_sided_p(x));
        assert_close(clv__normal_cdf(-x) + clv__normal_cdf(x), 1.0, 4e-16);
    }
    const double ps[] = {1e-10, 0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        assert_close(clv__normal_cdf(clv__normal_quantile(ps[i])), ps[i], 1e-13);
    }
}

/* Limits: Phi(-inf) = 0, Phi(+inf) = 1, p(+/-inf) = 0; NaN stays NaN. */
static void test_normal_cdf_limits_and_nan(void **state) {
    (void)state;
    assert_true(clv__normal_cdf(-INFINITY) == 0.0);
    assert_true(clv__normal_cdf(INFINITY) == 1.0);
    assert_true(clv__normal_two_sided_p(INFINITY) == 0.0);
    assert_true(clv__normal_two_sided_p(-INFINITY) == 0.0);
    assert_true(isnan(clv__normal_cdf(NAN)));
    assert_true(isnan(clv__normal_two_sided_p(NAN)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_quantile_central_region_matches_mpmath_to_1e_14),
        cmocka_unit_test(test_normal_quantile_middle_region_matches_mpmath_to_1e_14),
        cmocka_unit_test(test_normal_quantile_far_tail_matches_mpmath_to_1e_14_down_to_subnormal),
        cmocka_unit_test(test_normal_quantile_0_975_is_1_959963984540054),
        cmocka_unit_test(test_normal_quantile_is_exactly_antisymmetric_q_1_minus_p_eq_minus_q_p),
        cmocka_unit_test(test_normal_quantile_of_one_half_is_zero),
        cmocka_unit_test(test_normal_quantile_is_increasing_across_region_boundaries),
        cmocka_unit_test(test_normal_quantile_is_continuous_at_region_splits),
        cmocka_unit_test(test_normal_quantile_endpoints_are_infinite),
        cmocka_unit_test(test_normal_quantile_outside_0_1_is_nan),
        cmocka_unit_test(test_normal_cdf_matches_mpmath_into_the_far_lower_tail),
        cmocka_unit_test(test_normal_two_sided_p_matches_mpmath),
        cmocka_unit_test(test_normal_cdf_identities),
        cmocka_unit_test(test_normal_cdf_limits_and_nan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
