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
 * half. The two-sample comparison and the sample size (clv_nps_compare, clv_nps_sample_size)
 * are checked against tests/oracles/referral_oracles.py (mpmath, 50 digits).
 */
#include "clv_test.h"

#include <float.h>
#include <string.h>

#include "oracles/referral_oracles.h"
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

/* ======================================================================================== */
/* Two samples (clv_nps_compare), sample size (clv_nps_sample_size), segments              */
/* (clv_nps_by_segment). Oracle: tests/oracles/referral_oracles.py (mpmath, 50 digits).     */
/* ======================================================================================== */

static clv_nps counts(double p, double a, double d) {
    clv_nps s;
    assert_status(clv_nps_from_counts(p, a, d, &s), CLV_OK);
    return s;
}

/* A score known without sampling error (a target, a benchmark): nps given, SE 0. */
static clv_nps fixed_score(double nps) {
    clv_nps s = {0.0, 1.0, 0.0, 1.0, nps, 0.0, 0.0};
    return s;
}

/*
 * published.md: shares 1/2, 1/3, 1/6 with n = 100 give NPS 33.3 and the 95% interval
 * 33.3 +/- 14.6. Compared with a fixed score 0 (SE 0) the two-sample interval is that
 * one-sample interval: difference 33.3, SE 7.4536, half-width 14.6 (printed to 0.1).
 */
static void test_nps_compare_against_fixed_score_is_published_interval(void **state) {
    (void)state;
    clv_nps a = counts(50.0, 100.0 / 3.0, 50.0 / 3.0);
    clv_nps zero = fixed_score(0.0);
    clv_nps_comparison c;
    assert_status(clv_nps_compare(&a, &zero, 0.95, &c), CLV_OK);
    assert_near(c.difference, 33.3, 0.05);
    assert_near(c.upper - c.difference, 14.6, 0.05);
    assert_near(c.difference - c.lower, 14.6, 0.05);
    assert_close(c.std_error, a.std_error, ulps);
    double lo, hi;
    assert_status(clv_nps_interval(&a, 0.95, &lo, &hi), CLV_OK);
    assert_close(c.lower, lo, interval_tol);
    assert_close(c.upper, hi, interval_tol);
}

/*
 * mpmath oracle: five pairs (n = 200 and 1000 per sample, a pair of 6 answers each, a sample
 * with SE 0 against one without), levels 0.90-0.99. Tolerances: difference and SE a few ulps
 * (1e-14); z 1e-14; p relative 1e-14 (1 + z^2), since p = erfc(|z| / sqrt 2) turns z's few
 * ulps into z^2 ulps; interval ends 1e-13 of max(|difference|, SE).
 */
static void test_nps_compare_matches_mpmath(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof nps_compare_cases / sizeof nps_compare_cases[0]; i++) {
        const nps_compare_case *k = &nps_compare_cases[i];
        clv_nps a = counts(k->a[0], k->a[1], k->a[2]);
        clv_nps b = counts(k->b[0], k->b[1], k->b[2]);
        clv_nps_comparison c;
        assert_status(clv_nps_compare(&a, &b, k->level, &c), CLV_OK);
        assert_close(c.difference, k->expect[0], 1e-14);
        assert_close(c.std_error, k->expect[1], 1e-14);
        assert_close(c.z, k->expect[2], 1e-14);
        assert_close(c.p_value, k->expect[3], 1e-14 * (1.0 + c.z * c.z));
        double scale = fmax(fabs(k->expect[0]), k->expect[1]);
        assert_near(c.lower, k->expect[4], 1e-13 * scale);
        assert_near(c.upper, k->expect[5], 1e-13 * scale);
    }
}

/* Swapping the samples negates the difference, z and the interval; SE and p are the same. */
static void test_nps_compare_is_antisymmetric(void **state) {
    (void)state;
    clv_nps a = counts(640.0, 250.0, 110.0);
    clv_nps b = counts(420.0, 300.0, 280.0);
    clv_nps_comparison ab, ba;
    assert_status(clv_nps_compare(&a, &b, 0.9, &ab), CLV_OK);
    assert_status(clv_nps_compare(&b, &a, 0.9, &ba), CLV_OK);
    assert_true(ab.difference == -ba.difference && ab.z == -ba.z);
    assert_true(ab.std_error == ba.std_error && ab.p_value == ba.p_value);
    assert_true(ab.lower == -ba.upper && ab.upper == -ba.lower);
}

/* Equal scores: difference 0, z 0, p 1, an interval symmetric about 0. */
static void test_nps_compare_equal_scores_give_p_1(void **state) {
    (void)state;
    clv_nps a = counts(30.0, 50.0, 20.0);
    clv_nps_comparison c;
    assert_status(clv_nps_compare(&a, &a, 0.95, &c), CLV_OK);
    assert_true(c.difference == 0.0 && c.z == 0.0 && c.p_value == 1.0);
    assert_true(c.lower == -c.upper && c.upper > 0.0);
}

/* The interval of a difference is clipped to [-200, 200]: 2 promoters and a detractor (NPS
 * 33.3, SE 54.4) against all detractors (NPS -100, SE 0): 133.3 + 1.96 x 54.4 = 240 -> 200. */
static void test_nps_compare_interval_is_clipped_to_plus_minus_200(void **state) {
    (void)state;
    clv_nps a = counts(2.0, 0.0, 1.0);
    clv_nps b = counts(0.0, 0.0, 7.0);
    clv_nps_comparison c;
    assert_status(clv_nps_compare(&a, &b, 0.95, &c), CLV_OK);
    assert_true(c.upper == 200.0);
    assert_close(c.lower, 400.0 / 3.0 - 1.959963984540054 * a.std_error, 1e-13);
    assert_status(clv_nps_compare(&b, &a, 0.95, &c), CLV_OK);
    assert_true(c.lower == -200.0);
}

/* Errors: null pointers (EINVAL), level outside (0, 1), a score clv_nps_interval() rejects,
 * both SEs zero (EDOM), and a z that overflows (SE 1e-310: ERANGE). Nothing written. */
static void test_nps_compare_errors_leave_output(void **state) {
    (void)state;
    clv_nps a = counts(30.0, 50.0, 20.0);
    clv_nps b = counts(20.0, 50.0, 30.0);
    clv_nps_comparison c, c0;
    memset(&c, 0xA5, sizeof c);
    c0 = c;
    assert_status(clv_nps_compare(NULL, &b, 0.95, &c), CLV_EINVAL);
    assert_status(clv_nps_compare(&a, NULL, 0.95, &c), CLV_EINVAL);
    assert_status(clv_nps_compare(&a, &b, 0.95, NULL), CLV_EINVAL);
    const double bad_level[] = {0.0, 1.0, -0.5, 95.0, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_level / sizeof bad_level[0]; i++) {
        assert_status(clv_nps_compare(&a, &b, bad_level[i], &c), CLV_EDOM);
    }
    clv_nps bad = a;
    bad.nps = 100.5;
    assert_status(clv_nps_compare(&bad, &b, 0.95, &c), CLV_EDOM);
    assert_status(clv_nps_compare(&a, &bad, 0.95, &c), CLV_EDOM);
    bad = a;
    bad.std_error = NAN;
    assert_status(clv_nps_compare(&a, &bad, 0.95, &c), CLV_EDOM);
    bad = a;
    bad.n = 0.0;
    assert_status(clv_nps_compare(&bad, &b, 0.95, &c), CLV_EDOM);
    clv_nps all_promoters = counts(5.0, 0.0, 0.0);
    clv_nps all_passives = counts(0.0, 9.0, 0.0);
    assert_status(clv_nps_compare(&all_promoters, &all_passives, 0.95, &c), CLV_EDOM);
    clv_nps tiny = fixed_score(50.0);
    tiny.std_error = 1e-310;
    clv_nps zero = fixed_score(0.0);
    assert_status(clv_nps_compare(&tiny, &zero, 0.95, &c), CLV_ERANGE);
    assert_memory_equal(&c, &c0, sizeof c);
    /* one SE zero is fine: the other sample carries the error */
    assert_status(clv_nps_compare(&all_promoters, &a, 0.95, &c), CLV_OK);
    assert_close(c.std_error, a.std_error, ulps);
}

/* referral.h's example, by hand: variance 5/9 in both groups, 10 points, alpha 0.05, power
 * 0.8: (1.959964 + 0.841621)^2 x (10/9) / 0.01 = 872.1 -> 873 per group. */
static void test_nps_sample_size_header_example_is_873(void **state) {
    (void)state;
    double n = -1.0;
    assert_status(clv_nps_sample_size(5.0 / 9.0, 5.0 / 9.0, 10.0, 0.05, 0.8, &n), CLV_OK);
    assert_true(n == 873.0);
    /* the sign of the change does not matter */
    assert_status(clv_nps_sample_size(5.0 / 9.0, 5.0 / 9.0, -10.0, 0.05, 0.8, &n), CLV_OK);
    assert_true(n == 873.0);
}

/* mpmath oracle (quantiles from erfinv), seven cases from 1 to 784,887,974 per group; the
 * unrounded values are at least 0.02 from a whole number, so the ceiling is exact. */
static void test_nps_sample_size_matches_mpmath(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof nps_size_cases / sizeof nps_size_cases[0]; i++) {
        const nps_size_case *k = &nps_size_cases[i];
        double n = -1.0;
        assert_status(clv_nps_sample_size(k->var_a, k->var_b, k->delta, k->alpha, k->power, &n),
                      CLV_OK);
        if (!(n == k->n)) {
            fail_msg("case %zu: n = %.17g, oracle %.17g (unrounded %.17g)", i, n, k->n, k->raw);
        }
    }
}

/* More answers are needed for a smaller change, a smaller alpha, more power. */
static void test_nps_sample_size_is_monotone(void **state) {
    (void)state;
    double base, smaller_delta, smaller_alpha, more_power;
    assert_status(clv_nps_sample_size(0.6, 0.6, 8.0, 0.05, 0.8, &base), CLV_OK);
    assert_status(clv_nps_sample_size(0.6, 0.6, 4.0, 0.05, 0.8, &smaller_delta), CLV_OK);
    assert_status(clv_nps_sample_size(0.6, 0.6, 8.0, 0.01, 0.8, &smaller_alpha), CLV_OK);
    assert_status(clv_nps_sample_size(0.6, 0.6, 8.0, 0.05, 0.95, &more_power), CLV_OK);
    assert_true(smaller_delta > base && smaller_alpha > base && more_power > base);
    /* halving delta quadruples n, to the rounding up */
    assert_true(fabs(smaller_delta - 4.0 * base) <= 4.0);
}

static void test_nps_sample_size_errors(void **state) {
    (void)state;
    double n = -1.0;
    assert_status(clv_nps_sample_size(0.5, 0.5, 10.0, 0.05, 0.8, NULL), CLV_EINVAL);
    const double bad_var[] = {-0.1, 1.0000000000000002, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_var / sizeof bad_var[0]; i++) {
        assert_status(clv_nps_sample_size(bad_var[i], 0.5, 10.0, 0.05, 0.8, &n), CLV_EDOM);
        assert_status(clv_nps_sample_size(0.5, bad_var[i], 10.0, 0.05, 0.8, &n), CLV_EDOM);
    }
    const double bad_delta[] = {0.0, -0.0, 200.00000000000003, -250.0, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_delta / sizeof bad_delta[0]; i++) {
        assert_status(clv_nps_sample_size(0.5, 0.5, bad_delta[i], 0.05, 0.8, &n), CLV_EDOM);
    }
    const double bad_prob[] = {0.0, 1.0, -0.1, 1.5, NAN};
    for (size_t i = 0; i < sizeof bad_prob / sizeof bad_prob[0]; i++) {
        assert_status(clv_nps_sample_size(0.5, 0.5, 10.0, bad_prob[i], 0.8, &n), CLV_EDOM);
        assert_status(clv_nps_sample_size(0.5, 0.5, 10.0, 0.05, bad_prob[i], &n), CLV_EDOM);
    }
    /* power 0.01 at alpha 0.05: z_0.975 + z_0.01 = 1.96 - 2.33 < 0, no sample size gives it */
    assert_status(clv_nps_sample_size(0.5, 0.5, 10.0, 0.05, 0.01, &n), CLV_EDOM);
    /* a change of 1e-200 points needs more answers than a double holds */
    assert_status(clv_nps_sample_size(0.5, 0.5, 1e-200, 0.05, 0.8, &n), CLV_ERANGE);
    assert_true(n == -1.0);
    /* no variance at all: one answer per group */
    assert_status(clv_nps_sample_size(0.0, 0.0, 10.0, 0.05, 0.8, &n), CLV_OK);
    assert_true(n == 1.0);
}

/* By hand: segment 0 gets 10, 9, 0 (2 promoters, 1 detractor: NPS 33.3), segment 1 nothing,
 * segment 2 gets 7, 3, 10, 8 (1 promoter, 2 passives, 1 detractor: NPS 0); each equal to
 * clv_nps_from_scores() on its own answers. */
static void test_nps_by_segment_by_hand_and_equal_to_from_scores(void **state) {
    (void)state;
    const double scores[] = {10, 9, 0, 7, 3, 10, 8};
    const uint32_t segs[] = {0, 0, 0, 2, 2, 2, 2};
    clv_nps out[3];
    assert_status(clv_nps_by_segment(scores, segs, 7, 3, out), CLV_OK);
    assert_close(out[0].nps, 100.0 / 3.0, ulps);
    assert_true(out[0].promoters == 2.0 && out[0].detractors == 1.0 && out[0].n == 3.0);
    const clv_nps empty = {0, 0, 0, 0, 0, 0, 0};
    assert_memory_equal(&out[1], &empty, sizeof empty);
    assert_true(out[2].nps == 0.0 && out[2].n == 4.0 && out[2].passives == 2.0);
    clv_nps s0, s2;
    const double seg0[] = {10, 9, 0};
    const double seg2[] = {7, 3, 10, 8};
    assert_status(clv_nps_from_scores(seg0, 3, &s0), CLV_OK);
    assert_status(clv_nps_from_scores(seg2, 4, &s2), CLV_OK);
    assert_memory_equal(&out[0], &s0, sizeof s0);
    assert_memory_equal(&out[2], &s2, sizeof s2);
    /* the empty segment has no score: the interval refuses it */
    double lo, hi;
    assert_status(clv_nps_interval(&out[1], 0.95, &lo, &hi), CLV_EDOM);
}

/* Interleaved answers of many segments: each segment's score equals from_scores on its own
 * answers picked out in the test (every field identical: same counts, same arithmetic). */
static void test_nps_by_segment_many_segments_equal_per_segment_scores(void **state) {
    (void)state;
    enum { N = 997, K = 13 };
    static double scores[N];
    static uint32_t segs[N];
    for (size_t i = 0; i < N; i++) {
        scores[i] = (double)((i * 7u + 3u) % 11u);
        segs[i] = (uint32_t)((i * 5u + i / 3u) % K);
    }
    clv_nps out[K];
    assert_status(clv_nps_by_segment(scores, segs, N, K, out), CLV_OK);
    double total = 0.0;
    for (uint32_t k = 0; k < K; k++) {
        static double mine[N];
        size_t m = 0;
        for (size_t i = 0; i < N; i++) {
            if (segs[i] == k) {
                mine[m++] = scores[i];
            }
        }
        clv_nps want;
        assert_status(clv_nps_from_scores(mine, m, &want), CLV_OK);
        assert_memory_equal(&out[k], &want, sizeof want);
        total += out[k].n;
    }
    assert_true(total == (double)N);
}

/* Every answer and segment number is checked before anything is written: a bad answer or a
 * segment number >= n_segments at the first, a middle or the last index is CLV_EDOM and the
 * whole output array keeps its sentinel. Null pointers, n = 0 and no segments: CLV_EINVAL. */
static void test_nps_by_segment_validates_everything_before_writing(void **state) {
    (void)state;
    clv_nps out[2] = {sentinel_nps(), sentinel_nps()};
    const size_t where[] = {0, 2, 4};
    for (size_t w = 0; w < 3; w++) {
        double scores[5] = {10, 9, 8, 7, 0};
        uint32_t segs[5] = {0, 1, 0, 1, 1};
        scores[where[w]] = 10.5;
        assert_status(clv_nps_by_segment(scores, segs, 5, 2, out), CLV_EDOM);
        scores[where[w]] = NAN;
        assert_status(clv_nps_by_segment(scores, segs, 5, 2, out), CLV_EDOM);
        scores[where[w]] = 6.0;
        segs[where[w]] = 2;
        assert_status(clv_nps_by_segment(scores, segs, 5, 2, out), CLV_EDOM);
        segs[where[w]] = UINT32_MAX;
        assert_status(clv_nps_by_segment(scores, segs, 5, 2, out), CLV_EDOM);
    }
    assert_nps_untouched(&out[0]);
    assert_nps_untouched(&out[1]);
    const double scores[] = {9.0};
    const uint32_t segs[] = {0};
    assert_status(clv_nps_by_segment(NULL, segs, 1, 2, out), CLV_EINVAL);
    assert_status(clv_nps_by_segment(scores, NULL, 1, 2, out), CLV_EINVAL);
    assert_status(clv_nps_by_segment(scores, segs, 1, 2, NULL), CLV_EINVAL);
    assert_status(clv_nps_by_segment(scores, segs, 0, 2, out), CLV_EINVAL);
    assert_status(clv_nps_by_segment(scores, segs, 1, 0, out), CLV_EINVAL);
    assert_nps_untouched(&out[0]);
    assert_nps_untouched(&out[1]);
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
        cmocka_unit_test(test_nps_compare_against_fixed_score_is_published_interval),
        cmocka_unit_test(test_nps_compare_matches_mpmath),
        cmocka_unit_test(test_nps_compare_is_antisymmetric),
        cmocka_unit_test(test_nps_compare_equal_scores_give_p_1),
        cmocka_unit_test(test_nps_compare_interval_is_clipped_to_plus_minus_200),
        cmocka_unit_test(test_nps_compare_errors_leave_output),
        cmocka_unit_test(test_nps_sample_size_header_example_is_873),
        cmocka_unit_test(test_nps_sample_size_matches_mpmath),
        cmocka_unit_test(test_nps_sample_size_is_monotone),
        cmocka_unit_test(test_nps_sample_size_errors),
        cmocka_unit_test(test_nps_by_segment_by_hand_and_equal_to_from_scores),
        cmocka_unit_test(test_nps_by_segment_many_segments_equal_per_segment_scores),
        cmocka_unit_test(test_nps_by_segment_validates_everything_before_writing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
