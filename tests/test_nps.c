/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/referral/nps.c: Net Promoter Score (Reichheld 2003), its standard error and
 * Wald interval, against referral.h's contract and /work/shared/refs/published.md.
 *
 * z values: Phi^{-1}(0.975) = 1.9599639845400542 and Phi^{-1}(0.95) = 1.6448536269514722
 * (mpmath, tests/oracles/normal_quantile.txt); interval ends quoted to 17 digits were computed
 * with mpmath at 30 digits from the hand formulas beside them (tests/oracles/nps_oracles.py,
 * its output in nps_oracles.txt). Interval tolerances of 1e-13
 * relative allow the quantile's 1e-14 (test_normal.c) plus a few roundings in z x SE and nps -/+
 * half.
 */
#include "clv_test.h"

#include <float.h>
#include <string.h>

#include "referral.h"

/* Arithmetic on a handful of doubles: a few ulps. */
static const double ulps = 1e-15;
static const double interval_tol = 1e-13;

/* A clv_nps full of a recognisable value, to show that failing calls write nothing. */
static clv_nps sentinel_nps(void) {
    clv_nps s;
    s.promoters = s.passives = s.detractors = s.n = -12345.0;
    s.nps = s.variance = s.std_error = -12345.0;
    return s;
}

static void assert_nps_untouched(const clv_nps *got) {
    clv_nps s = sentinel_nps();
    assert_memory_equal(got, &s, sizeof s);
}

/* A valid score to hand to clv_nps_interval(): 3 promoters, 2 passives, 1 detractor. */
static clv_nps valid_nps(void) {
    clv_nps s;
    assert_status(clv_nps_from_counts(3.0, 2.0, 1.0, &s), CLV_OK);
    return s;
}

/* ---- values ----------------------------------------------------------------------------- */

/* published.md, NPS (Reichheld 2003): "shares 1/2, 1/3, 1/6 give NPS 33.3, variance 5/9".
 * Counts 3, 2, 1 have those shares exactly. By hand: NPS = 100 (3 - 1)/6 = 100/3; variance =
 * 1/2 + 1/6 - (1/3)^2 = 5/9; SE = 100 sqrt(5/9 / 6) = 100 sqrt(5/54) = 30.429030972509229. */
static void test_nps_from_counts_published_shares_give_33_3_and_variance_5_9(void **state) {
    (void)state;
    clv_nps s;
    assert_status(clv_nps_from_counts(3.0, 2.0, 1.0, &s), CLV_OK);
    assert_near(s.nps, 33.3, 0.05); /* published, printed to one decimal */
    assert_close(s.nps, 100.0 / 3.0, ulps);
    assert_close(s.variance, 5.0 / 9.0, ulps);
    assert_close(s.std_error, 30.429030972509229, ulps);
    assert_true(s.promoters == 3.0 && s.passives == 2.0 && s.detractors == 1.0);
    assert_true(s.n == 6.0);
}

/* published.md: "and with n = 100 a 95% Wald interval of 33.3 +/- 14.6". Weighted counts 50,
 * 100/3, 50/3 (fractional counts are allowed: survey weights) are the shares 1/2, 1/3, 1/6
 * at n = 100. By hand: SE = 100 sqrt(5/9 / 100) = 10 sqrt(5)/3 = 7.4535599249992990;
 * half width z SE = 1.9599639845400542 x 7.4535599249992990 = 14.608709009609694; interval
 * [18.724624323723639, 47.942042342943027] (mpmath, 30 digits). The counts' decimal
 * rounding moves n to 100.00000000000001: 1e-15 relative, inside the tolerance. */
static void test_nps_interval_matches_published_33_3_pm_14_6(void **state) {
    (void)state;
    clv_nps s;
    double lower = 0.0, upper = 0.0;
    assert_status(clv_nps_from_counts(50.0, 100.0 / 3.0, 50.0 / 3.0, &s), CLV_OK);
    assert_close(s.n, 100.0, ulps);
    assert_close(s.std_error, 7.4535599249992990, 4 * ulps);
    assert_status(clv_nps_interval(&s, 0.95, &lower, &upper), CLV_OK);
    /* Published, one decimal: 33.3 - 14.6 = 18.7 and 33.3 + 14.6 = 47.9; the half width
     * and centre each carry 0.05 of rounding, so +/- 0.1 on the ends. */
    assert_near(0.5 * (upper + lower), 33.3, 0.05);
    assert_near(0.5 * (upper - lower), 14.6, 0.05);
    assert_near(lower, 18.7, 0.1);
    assert_near(upper, 47.9, 0.1);
    assert_close(lower, 18.724624323723639, interval_tol);
    assert_close(upper, 47.942042342943027, interval_tol);
}

/* Another level: 90% uses z = Phi^{-1}(0.95) = 1.6448536269514722. Counts 3, 2, 1: SE =
 * 30.429030972509229 (above); half = z SE = 50.051301959750504; interval [100/3 - half,
 * 100/3 + half] = [-16.717968626417170, 83.384635293083837] (mpmath). */
static void test_nps_interval_at_90_percent_uses_z_1_6448536(void **state) {
    (void)state;
    clv_nps s = valid_nps();
    double lower = 0.0, upper = 0.0;
    assert_status(clv_nps_interval(&s, 0.90, &lower, &upper), CLV_OK);
    assert_close(lower, -16.717968626417170, interval_tol);
    assert_close(upper, 83.384635293083837, interval_tol);
}

/* Everyone a promoter: p_P = 1, p_D = 0, NPS = 100, variance 1 + 0 - 1 = 0, SE = 0, and the
 * interval collapses to [100, 100] at any level -- including the largest level below 1,
 * where (1 + level)/2 rounds to 1 and a z computed from it is infinite (inf x 0 = NaN). */
static void test_nps_all_promoters_give_100_with_zero_se_and_interval_100_100(void **state) {
    (void)state;
    clv_nps s;
    assert_status(clv_nps_from_counts(250.0, 0.0, 0.0, &s), CLV_OK);
    assert_true(s.nps == 100.0);
    assert_true(s.variance == 0.0);
    assert_true(s.std_error == 0.0);
    const double levels[] = {0.5, 0.95, 0.999999, 1.0 - DBL_EPSILON / 2.0};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        double lower = 0.0, upper = 0.0;
        assert_status(clv_nps_interval(&s, levels[i], &lower, &upper), CLV_OK);
        if (!(lower == 100.0 && upper == 100.0)) {
            fail_msg("level %.17g: interval [%.17g, %.17g], expected [100, 100]", levels[i], lower,
                     upper);
        }
    }
}

/* Mirror image: all detractors give -100, SE 0, interval [-100, -100]. */
static void test_nps_all_detractors_give_minus_100_with_interval_minus_100(void **state) {
    (void)state;
    clv_nps s;
    double lower = 0.0, upper = 0.0;
    assert_status(clv_nps_from_counts(0.0, 0.0, 7.0, &s), CLV_OK);
    assert_true(s.nps == -100.0 && s.variance == 0.0 && s.std_error == 0.0);
    assert_status(clv_nps_interval(&s, 1.0 - DBL_EPSILON / 2.0, &lower, &upper), CLV_OK);
    assert_true(lower == -100.0 && upper == -100.0);
}

/* All passives: every score is 0, so NPS 0 with variance 0 and SE 0. */
static void test_nps_all_passives_give_0_with_zero_variance(void **state) {
    (void)state;
    clv_nps s;
    assert_status(clv_nps_from_counts(0.0, 12.0, 0.0, &s), CLV_OK);
    assert_true(s.nps == 0.0 && s.variance == 0.0 && s.std_error == 0.0);
}

/* Half promoters, half detractors: scores +1/-1 with mean 0, variance 1 (the maximum the
 * contract allows), SE = 100 sqrt(1/4) = 50. */
static void test_nps_half_promoters_half_detractors_has_variance_1(void **state) {
    (void)state;
    clv_nps s;
    assert_status(clv_nps_from_counts(2.0, 0.0, 2.0, &s), CLV_OK);
    assert_true(s.nps == 0.0);
    assert_true(s.variance == 1.0);
    assert_close(s.std_error, 50.0, ulps);
}

/* Clipping to [-100, 100]. Counts 9, 0, 1: NPS = 80, variance = 0.9 + 0.1 - 0.64 = 0.36,
 * SE = 100 sqrt(0.036) = 18.973665961010276; at 95% the raw interval is 80 -/+ 37.187...
 * = [42.812298061726302, 117.18770193827370] (mpmath): the upper end is clipped to 100.
 * Counts 1, 0, 9 mirror it: [-100, -42.812298061726302]. */
static void test_nps_interval_is_clipped_to_plus_minus_100(void **state) {
    (void)state;
    clv_nps s;
    double lower = 0.0, upper = 0.0;
    assert_status(clv_nps_from_counts(9.0, 0.0, 1.0, &s), CLV_OK);
    assert_close(s.nps, 80.0, ulps);
    assert_close(s.variance, 0.36, ulps);
    assert_close(s.std_error, 18.973665961010276, 4 * ulps);
    assert_status(clv_nps_interval(&s, 0.95, &lower, &upper), CLV_OK);
    assert_close(lower, 42.812298061726302, interval_tol);
    assert_true(upper == 100.0);

    assert_status(clv_nps_from_counts(1.0, 0.0, 9.0, &s), CLV_OK);
    assert_status(clv_nps_interval(&s, 0.95, &lower, &upper), CLV_OK);
    assert_true(lower == -100.0);
    assert_close(upper, -42.812298061726302, interval_tol);

    /* Both ends clip when the half width exceeds 200: n = 1 promoter and 1 detractor, SE =
     * 100 sqrt(1/2) = 70.7, half at 99.9% = 3.2905 x 70.7 = 232.7 > 200. */
    assert_status(clv_nps_from_counts(1.0, 0.0, 1.0, &s), CLV_OK);
    assert_status(clv_nps_interval(&s, 0.999, &lower, &upper), CLV_OK);
    assert_true(lower == -100.0 && upper == 100.0);
}

/* Population variance of the +1/0/-1 scores, computed directly from the answers in the test
 * (two-pass: mean, then mean squared deviation), equals the trinomial formula. Answers: one
 * of each 0..10 plus 9, 9, 10, 3, 8 -> promoters 9, 10, 9, 9, 10 (5), passives 7, 8, 8 (3),
 * detractors 0..6 and 3 (8), n = 16. By hand: mean = (5 - 8)/16 = -3/16, E[s^2] = 13/16,
 * variance = 13/16 - 9/256 = 199/256 = 0.77734375. */
static void test_nps_variance_equals_population_variance_of_plus1_0_minus1_scores(void **state) {
    (void)state;
    const double answers[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 9, 10, 3, 8};
    const size_t n = sizeof answers / sizeof answers[0];
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) {
        mean += answers[i] >= 9 ? 1.0 : answers[i] >= 7 ? 0.0 : -1.0;
    }
    mean /= (double)n;
    double var = 0.0;
    for (size_t i = 0; i < n; i++) {
        double sc = answers[i] >= 9 ? 1.0 : answers[i] >= 7 ? 0.0 : -1.0;
        var += (sc - mean) * (sc - mean);
    }
    var /= (double)n;
    assert_close(var, 199.0 / 256.0, ulps); /* the test's own arithmetic, checked by hand */

    clv_nps s;
    assert_status(clv_nps_from_scores(answers, n, &s), CLV_OK);
    assert_close(s.variance, var, ulps);
    assert_close(s.nps, 100.0 * mean, ulps);
    assert_close(s.std_error, 100.0 * sqrt(var / (double)n), ulps);
}

/* Near all promoters the formula p_P + p_D - (p_P - p_D)^2 is a difference of two numbers
 * near 1. Exact value for P promoters, 0 passives, D detractors, n = P + D: variance =
 * (P (n - P) + D (n - D) + 2 P D)/n^2 = 4 P D / n^2. P = 10^12, D = 1: 4e12/(1e12 + 1)^2
 * (n = 1e12 + 1 is exact in double, so the test's expression is good to 2 ulps). Computed as
 * the difference it came out 2e-5 relative wrong; P = 999999, D = 1 gave 2e-11. */
static void test_nps_variance_is_accurate_near_all_promoters(void **state) {
    (void)state;
    clv_nps s;
    double n = 1e12 + 1.0;
    assert_status(clv_nps_from_counts(1e12, 0.0, 1.0, &s), CLV_OK);
    assert_close(s.variance, 4e12 / (n * n), 4 * ulps);
    assert_close(s.std_error, 100.0 * sqrt(4e12 / (n * n) / n), 4 * ulps);

    n = 1e6;
    assert_status(clv_nps_from_counts(999999.0, 0.0, 1.0, &s), CLV_OK);
    assert_close(s.variance, 4.0 * 999999.0 / (n * n), 4 * ulps);
    /* and its mirror, near all detractors */
    assert_status(clv_nps_from_counts(1.0, 0.0, 999999.0, &s), CLV_OK);
    assert_close(s.variance, 4.0 * 999999.0 / (n * n), 4 * ulps);
}

/* The variance stays in [0, 1] (referral.h) over a sweep of counts, including the extremes. */
static void test_nps_variance_stays_in_0_1(void **state) {
    (void)state;
    for (int p = 0; p <= 40; p++) {
        for (int a = 0; a <= 5; a++) {
            for (int d = 0; d <= 40; d++) {
                if (p + a + d == 0) {
                    continue;
                }
                clv_nps s;
                assert_status(clv_nps_from_counts(p, a, d, &s), CLV_OK);
                if (!(s.variance >= 0.0 && s.variance <= 1.0)) {
                    fail_msg("counts %d %d %d: variance %.17g", p, a, d, s.variance);
                }
                assert_true(s.nps >= -100.0 && s.nps <= 100.0);
            }
        }
    }
}

/* Counts at the top of the double range: DBL_MAX promoters alone is a finite n, NPS 100. */
static void test_nps_from_counts_dbl_max_promoters_alone_is_100(void **state) {
    (void)state;
    clv_nps s;
    assert_status(clv_nps_from_counts(DBL_MAX, 0.0, 0.0, &s), CLV_OK);
    assert_true(s.nps == 100.0 && s.variance == 0.0 && s.std_error == 0.0);
    assert_true(s.n == DBL_MAX);
}

/* from_scores is from_counts on the tallied answers: the answers below hold promoters 9, 10,
 * 10, 9 (4), passives 7, 8, 7 (3) and detractors 0, 1, 2, 3, 4, 5, 6 (7); every field must
 * be identical (same arithmetic on the same counts). */
static void test_nps_from_scores_equals_from_counts_on_same_answers(void **state) {
    (void)state;
    const double answers[] = {9, 0, 7, 1, 2, 10, 8, 3, 4, 10, 5, 6, 7, 9};
    clv_nps a, b;
    assert_status(clv_nps_from_scores(answers, sizeof answers / sizeof answers[0], &a), CLV_OK);
    assert_status(clv_nps_from_counts(4.0, 3.0, 7.0, &b), CLV_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(a.promoters == 4.0 && a.passives == 3.0 && a.detractors == 7.0);
    assert_true(a.n == 14.0);
    /* by hand: NPS = 100 (4 - 7)/14 = -150/7 */
    assert_close(a.nps, -150.0 / 7.0, ulps);
}

/* The class boundaries: 0-6 detractor, 7-8 passive, 9-10 promoter (Reichheld 2003). One
 * answer at a time, each boundary value on both sides. -0.0 is the whole number 0. */
static void test_nps_boundary_scores_6_7_8_9_classify_correctly(void **state) {
    (void)state;
    const struct {
        double score;
        double promoters, passives, detractors;
    } cases[] = {
        {0.0, 0, 0, 1}, {-0.0, 0, 0, 1}, {6.0, 0, 0, 1},  {7.0, 0, 1, 0},
        {8.0, 0, 1, 0}, {9.0, 1, 0, 0},  {10.0, 1, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clv_nps s;
        assert_status(clv_nps_from_scores(&cases[i].score, 1, &s), CLV_OK);
        if (!(s.promoters == cases[i].promoters && s.passives == cases[i].passives &&
              s.detractors == cases[i].detractors && s.n == 1.0)) {
            fail_msg("score %g classified as %g/%g/%g", cases[i].score, s.promoters, s.passives,
                     s.detractors);
        }
    }
}

/* ---- errors: clv_nps_from_counts --------------------------------------------------------- */

static void test_nps_from_counts_null_output_is_einval(void **state) {
    (void)state;
    assert_status(clv_nps_from_counts(1.0, 1.0, 1.0, NULL), CLV_EINVAL);
}

/* Each count in turn NaN, +inf, -inf or negative: CLV_EDOM, output untouched. */
static void test_nps_from_counts_bad_count_is_edom_and_leaves_output(void **state) {
    (void)state;
    const double bad[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN, -DBL_MAX};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        for (int which = 0; which < 3; which++) {
            double c[3] = {5.0, 3.0, 2.0};
            c[which] = bad[i];
            clv_nps s = sentinel_nps();
            assert_status(clv_nps_from_counts(c[0], c[1], c[2], &s), CLV_EDOM);
            assert_nps_untouched(&s);
        }
    }
}

/* No respondents at all (zero, or negative zeros): CLV_EDOM, output untouched. */
static void test_nps_from_counts_no_respondents_is_edom(void **state) {
    (void)state;
    clv_nps s = sentinel_nps();
    assert_status(clv_nps_from_counts(0.0, 0.0, 0.0, &s), CLV_EDOM);
    assert_nps_untouched(&s);
    assert_status(clv_nps_from_counts(-0.0, -0.0, -0.0, &s), CLV_EDOM);
    assert_nps_untouched(&s);
}

/* Subnormal weighted counts (n = 2e-320): sqrt(variance / n) would overflow, the standard
 * error itself does not: 100 sqrt(1) / sqrt(2e-320) with promoters = detractors (variance
 * p_P + p_D - 0 = 1). Found by fuzz/fuzz_closed_forms.c. */
static void test_nps_from_counts_subnormal_total_keeps_finite_se(void **state) {
    (void)state;
    clv_nps s = sentinel_nps();
    assert_status(clv_nps_from_counts(1e-320, 0.0, 1e-320, &s), CLV_OK);
    assert_true(s.nps == 0.0);
    assert_true(s.variance == 1.0);
    assert_true(isfinite(s.std_error));
    assert_close(s.std_error, 100.0 / sqrt(s.n), 1e-15);
}

/* Finite counts whose total overflows (DBL_MAX + DBL_MAX): n is not representable, which
 * referral.h documents as CLV_ERANGE; the call writes nothing. */
static void test_nps_from_counts_total_overflow_is_erange(void **state) {
    (void)state;
    clv_nps s = sentinel_nps();
    assert_status(clv_nps_from_counts(DBL_MAX, DBL_MAX, 0.0, &s), CLV_ERANGE);
    assert_nps_untouched(&s);
}

/* ---- errors: clv_nps_from_scores --------------------------------------------------------- */

static void test_nps_from_scores_null_pointers_and_n_0_are_einval(void **state) {
    (void)state;
    const double answers[] = {9.0, 7.0};
    clv_nps s = sentinel_nps();
    assert_status(clv_nps_from_scores(NULL, 2, &s), CLV_EINVAL);
    assert_nps_untouched(&s);
    assert_status(clv_nps_from_scores(answers, 2, NULL), CLV_EINVAL);
    assert_status(clv_nps_from_scores(answers, 0, &s), CLV_EINVAL);
    assert_nps_untouched(&s);
    assert_status(clv_nps_from_scores(NULL, 0, &s), CLV_EINVAL);
    assert_nps_untouched(&s);
}

/* Any answer not a whole number in [0, 10] -- fractional, out of range, NaN, infinite --
 * at the first, a middle and the last index: CLV_EDOM and the output untouched (every answer
 * is checked before the output is written). */
static void test_nps_from_scores_bad_answer_at_first_middle_last_is_edom(void **state) {
    (void)state;
    const double bad[] = {6.5,  0.5,      9.999999999999998,  1e-300,
                          -1.0, 11.0,     10.000000000000002, -1e-300,
                          NAN,  INFINITY, -INFINITY,          1e300};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const size_t where[] = {0, 3, 6};
        for (size_t w = 0; w < 3; w++) {
            double answers[7] = {10, 9, 8, 7, 6, 0, 10};
            answers[where[w]] = bad[i];
            clv_nps s = sentinel_nps();
            int st = clv_nps_from_scores(answers, 7, &s);
            if (st != CLV_EDOM) {
                fail_msg("answer %.17g at index %zu: status %d, expected CLV_EDOM", bad[i],
                         where[w], st);
            }
            assert_nps_untouched(&s);
        }
    }
}

/* ---- errors: clv_nps_interval ------------------------------------------------------------ */

static void test_nps_interval_null_pointers_are_einval(void **state) {
    (void)state;
    clv_nps s = valid_nps();
    double lower = -7.0, upper = -7.0;
    assert_status(clv_nps_interval(NULL, 0.95, &lower, &upper), CLV_EINVAL);
    assert_status(clv_nps_interval(&s, 0.95, NULL, &upper), CLV_EINVAL);
    assert_status(clv_nps_interval(&s, 0.95, &lower, NULL), CLV_EINVAL);
    assert_true(lower == -7.0 && upper == -7.0);
}

/* level outside the open interval (0, 1), NaN and infinities included: CLV_EDOM. */
static void test_nps_interval_level_outside_0_1_is_edom(void **state) {
    (void)state;
    clv_nps s = valid_nps();
    const double bad[] = {0.0, -0.0, 1.0, -0.5, 1.5, 95.0, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double lower = -7.0, upper = -7.0;
        assert_status(clv_nps_interval(&s, bad[i], &lower, &upper), CLV_EDOM);
        assert_true(lower == -7.0 && upper == -7.0);
    }
}

/* A clv_nps that is not a consistent score (non-finite fields, n <= 0, nps outside
 * [-100, 100], negative std_error): CLV_EDOM, outputs untouched. */
static void test_nps_interval_inconsistent_struct_is_edom(void **state) {
    (void)state;
    enum { F_PROMOTERS, F_PASSIVES, F_DETRACTORS, F_N, F_NPS, F_VARIANCE, F_SE, F_COUNT };
    const struct {
        int field;
        double value;
    } cases[] = {
        {F_NPS, NAN},
        {F_NPS, INFINITY},
        {F_NPS, -INFINITY},
        {F_NPS, 100.00000000000001},
        {F_NPS, -100.00000000000001},
        {F_NPS, 250.0},
        {F_SE, -1e-300},
        {F_SE, -1.0},
        {F_SE, NAN},
        {F_SE, INFINITY},
        {F_N, 0.0},
        {F_N, -0.0},
        {F_N, -6.0},
        {F_N, NAN},
        {F_N, INFINITY},
        {F_PROMOTERS, NAN},
        {F_PASSIVES, INFINITY},
        {F_DETRACTORS, -INFINITY},
        {F_VARIANCE, NAN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clv_nps s = valid_nps();
        double *fields[F_COUNT] = {&s.promoters, &s.passives, &s.detractors, &s.n,
                                   &s.nps,       &s.variance, &s.std_error};
        *fields[cases[i].field] = cases[i].value;
        double lower = -7.0, upper = -7.0;
        int st = clv_nps_interval(&s, 0.95, &lower, &upper);
        if (st != CLV_EDOM) {
            fail_msg("case %zu (field %d = %g): status %d, expected CLV_EDOM", i, cases[i].field,
                     cases[i].value, st);
        }
        assert_true(lower == -7.0 && upper == -7.0);
    }
}

/* The edges of the accepted ranges are accepted: nps = +/-100 exactly, std_error 0. */
static void test_nps_interval_accepts_nps_at_plus_minus_100_and_zero_se(void **state) {
    (void)state;
    clv_nps s = valid_nps();
    double lower = 0.0, upper = 0.0;
    s.nps = -100.0;
    s.std_error = 0.0;
    assert_status(clv_nps_interval(&s, 0.95, &lower, &upper), CLV_OK);
    assert_true(lower == -100.0 && upper == -100.0);
    s.nps = 100.0;
    assert_status(clv_nps_interval(&s, 0.95, &lower, &upper), CLV_OK);
    assert_true(lower == 100.0 && upper == 100.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nps_from_counts_published_shares_give_33_3_and_variance_5_9),
        cmocka_unit_test(test_nps_interval_matches_published_33_3_pm_14_6),
        cmocka_unit_test(test_nps_interval_at_90_percent_uses_z_1_6448536),
        cmocka_unit_test(test_nps_all_promoters_give_100_with_zero_se_and_interval_100_100),
        cmocka_unit_test(test_nps_all_detractors_give_minus_100_with_interval_minus_100),
        cmocka_unit_test(test_nps_all_passives_give_0_with_zero_variance),
        cmocka_unit_test(test_nps_half_promoters_half_detractors_has_variance_1),
        cmocka_unit_test(test_nps_interval_is_clipped_to_plus_minus_100),
        cmocka_unit_test(test_nps_variance_equals_population_variance_of_plus1_0_minus1_scores),
        cmocka_unit_test(test_nps_variance_is_accurate_near_all_promoters),
        cmocka_unit_test(test_nps_variance_stays_in_0_1),
        cmocka_unit_test(test_nps_from_counts_dbl_max_promoters_alone_is_100),
        cmocka_unit_test(test_nps_from_scores_equals_from_counts_on_same_answers),
        cmocka_unit_test(test_nps_boundary_scores_6_7_8_9_classify_correctly),
        cmocka_unit_test(test_nps_from_counts_null_output_is_einval),
        cmocka_unit_test(test_nps_from_counts_bad_count_is_edom_and_leaves_output),
        cmocka_unit_test(test_nps_from_counts_no_respondents_is_edom),
        cmocka_unit_test(test_nps_from_counts_subnormal_total_keeps_finite_se),
        cmocka_unit_test(test_nps_from_counts_total_overflow_is_erange),
        cmocka_unit_test(test_nps_from_scores_null_pointers_and_n_0_are_einval),
        cmocka_unit_test(test_nps_from_scores_bad_answer_at_first_middle_last_is_edom),
        cmocka_unit_test(test_nps_interval_null_pointers_are_einval),
        cmocka_unit_test(test_nps_interval_level_outside_0_1_is_edom),
        cmocka_unit_test(test_nps_interval_inconsistent_struct_is_edom),
        cmocka_unit_test(test_nps_interval_accepts_nps_at_plus_minus_100_and_zero_se),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
