/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/math/rng.c: the xoshiro256** outputs, splitmix64 seeding and the 2^128 jump
 * against tests/oracles/rng_oracles.py (the published recurrence in Python integers, the jump
 * as a GF(2) matrix power), and every variate's distribution: chi-square tests of 10^5 draws
 * against bins computed with mpmath (critical value at the upper 1e-6 point, so a correct
 * sampler fails with probability 1e-6 per fixed seed and a wrong one -- a mean off by 2%, a
 * shape off by 5% -- gives chi-square in the hundreds), and means within 6 standard errors.
 * The internal binomial (lib/math/rng.h) is checked the same way: the simulations draw
 * BG/BB's counts and sBG's survivors with it.
 */
#include "clv_test.h"

#include <float.h>
#include <string.h>

#include "clv.h"
#include "math/rng.h"
#include "oracles/rng_oracles.h"

#define N_DRAWS 100000

static void test_rng_xoshiro_matches_published_state1234(void **state) {
    (void)state;
    clv_rng rng = {{1, 2, 3, 4}};
    for (int i = 0; i < 8; i++) {
        uint64_t v = 0;
        assert_status(clv_rng_next(&rng, &v), CLV_OK);
        assert_true(v == rng_state1234_out[i]);
    }
}

static void test_rng_seed_is_splitmix64(void **state) {
    (void)state;
    for (size_t c = 0; c < sizeof rng_seed_cases / sizeof rng_seed_cases[0]; c++) {
        clv_rng rng;
        assert_status(clv_rng_seed(&rng, rng_seed_cases[c].seed), CLV_OK);
        for (int w = 0; w < 4; w++) {
            assert_true(rng.s[w] == rng_seed_cases[c].state[w]);
        }
        for (int i = 0; i < 8; i++) {
            uint64_t v = 0;
            assert_status(clv_rng_next(&rng, &v), CLV_OK);
            assert_true(v == rng_seed_cases[c].out[i]);
        }
    }
}

static void test_rng_jump_is_matrix_power(void **state) {
    (void)state;
    clv_rng rng;
    clv_rng_seed(&rng, 42);
    assert_status(clv_rng_jump(&rng), CLV_OK);
    for (int w = 0; w < 4; w++) {
        assert_true(rng.s[w] == rng_jump1[w]);
    }
    assert_status(clv_rng_jump(&rng), CLV_OK);
    for (int w = 0; w < 4; w++) {
        assert_true(rng.s[w] == rng_jump2[w]);
    }
}

/* The uniform is (top 52 bits + 1/2) 2^-52 of the same outputs. */
static void test_rng_uniform_from_outputs(void **state) {
    (void)state;
    clv_rng rng;
    clv_rng_seed(&rng, 42);
    for (int i = 0; i < 8; i++) {
        double u = 0.0;
        assert_status(clv_rng_uniform(&rng, &u), CLV_OK);
        double want = ((double)(rng_seed_cases[2].out[i] >> 12) + 0.5) * 0x1p-52;
        assert_true(u == want);
        assert_true(u > 0.0 && u < 1.0);
    }
}

static int draw(clv_rng *rng, int kind, double p1, double p2, double *v) {
    switch (kind) {
    case CLV_T_UNIFORM:
        return clv_rng_uniform(rng, v);
    case CLV_T_NORMAL:
        return clv_rng_normal(rng, v);
    case CLV_T_EXPONENTIAL:
        return clv_rng_exponential(rng, p1, v);
    case CLV_T_GAMMA:
        return clv_rng_gamma(rng, p1, p2, v);
    case CLV_T_BETA:
        return clv_rng_beta(rng, p1, p2, v);
    case CLV_T_POISSON:
        return clv_rng_poisson(rng, p1, v);
    case CLV_T_BINOMIAL:
        *v = clv__rng_binomial(rng, p1, p2);
        return CLV_OK;
    default:
        return clv_rng_geometric(rng, p1, v);
    }
}

/* Mean of each law, for the 6-standard-error check. */
static void moments(int kind, double p1, double p2, double *mean, double *var) {
    switch (kind) {
    case CLV_T_UNIFORM:
        *mean = 0.5, *var = 1.0 / 12.0;
        break;
    case CLV_T_NORMAL:
        *mean = 0.0, *var = 1.0;
        break;
    case CLV_T_EXPONENTIAL:
        *mean = 1.0 / p1, *var = 1.0 / (p1 * p1);
        break;
    case CLV_T_GAMMA:
        *mean = p1 / p2, *var = p1 / (p2 * p2);
        break;
    case CLV_T_BETA:
        *mean = p1 / (p1 + p2);
        *var = p1 * p2 / ((p1 + p2) * (p1 + p2) * (p1 + p2 + 1.0));
        break;
    case CLV_T_POISSON:
        *mean = p1, *var = p1;
        break;
    case CLV_T_BINOMIAL:
        *mean = p1 * p2, *var = p1 * p2 * (1.0 - p2);
        break;
    default:
        *mean = (1.0 - p1) / p1, *var = (1.0 - p1) / (p1 * p1);
        break;
    }
}

static void check_mean(double sum, double n, int kind, double p1, double p2) {
    double mean, var;
    moments(kind, p1, p2, &mean, &var);
    double se = sqrt(var / n);
    if (!(fabs(sum / n - mean) <= 6.0 * se)) {
        fail_msg("kind %d (%g, %g): mean %.8g, expected %.8g +/- 6 x %.3g", kind, p1, p2, sum / n,
                 mean, se);
    }
}

static void test_rng_continuous_chi_square(void **state) {
    (void)state;
    clv_rng rng;
    clv_rng_seed(&rng, 20260101);
    for (size_t c = 0; c < sizeof rng_cont_cases / sizeof rng_cont_cases[0]; c++) {
        const rng_cont_case *k = &rng_cont_cases[c];
        double count[20] = {0};
        double sum = 0.0;
        for (int i = 0; i < N_DRAWS; i++) {
            double v = NAN;
            assert_status(draw(&rng, k->kind, k->p1, k->p2, &v), CLV_OK);
            assert_true(isfinite(v));
            int b = 0;
            while (b < 19 && v > k->edge[b]) {
                b++;
            }
            count[b] += 1.0;
            sum += v;
        }
        double chi2 = 0.0, e = N_DRAWS / 20.0;
        for (int b = 0; b < 20; b++) {
            chi2 += (count[b] - e) * (count[b] - e) / e;
        }
        print_message("# kind %d (%g, %g): chi-square %.2f (19 df, 1e-6 point %.2f)\n", k->kind,
                      k->p1, k->p2, chi2, rng_chi2_19);
        assert_true(chi2 < rng_chi2_19);
        check_mean(sum, N_DRAWS, k->kind, k->p1, k->p2);
    }
}

static void test_rng_discrete_chi_square(void **state) {
    (void)state;
    clv_rng rng;
    clv_rng_seed(&rng, 77);
    for (size_t c = 0; c < sizeof rng_disc_cases / sizeof rng_disc_cases[0]; c++) {
        const rng_disc_case *k = &rng_disc_cases[c];
        double count[100] = {0};
        double sum = 0.0;
        for (int i = 0; i < N_DRAWS; i++) {
            double v = NAN;
            assert_status(draw(&rng, k->kind, k->par, k->par2, &v), CLV_OK);
            assert_true(v >= 0.0 && v == floor(v));
            int b = 0;
            while (b < k->n_bins - 1 && v > k->bins[b].hi) {
                b++;
            }
            count[b] += 1.0;
            sum += v;
        }
        double chi2 = 0.0;
        for (int b = 0; b < k->n_bins; b++) {
            double e = N_DRAWS * k->bins[b].prob;
            chi2 += (count[b] - e) * (count[b] - e) / e;
        }
        print_message("# kind %d (%g, %g): chi-square %.2f (%d df, 1e-6 point %.2f)\n", k->kind,
                      k->par, k->par2, chi2, k->n_bins - 1, k->chi2);
        assert_true(chi2 < k->chi2);
        check_mean(sum, N_DRAWS, k->kind, k->par, k->par2);
    }
}

/* Means up to the documented limit: the mean and variance of 20,000 draws within 6 standard
 * errors (the variance's standard error is ~sqrt(2/n) of it). */
static void test_rng_poisson_large_means(void **state) {
    (void)state;
    const double means[] = {1e4, 1e9, 1e12};
    clv_rng rng;
    clv_rng_seed(&rng, 5);
    for (size_t c = 0; c < 3; c++) {
        double m = means[c], s1 = 0.0, s2 = 0.0, n = 20000.0;
        for (int i = 0; i < 20000; i++) {
            double v;
            assert_status(clv_rng_poisson(&rng, m, &v), CLV_OK);
            assert_true(v == floor(v));
            s1 += v - m;
            s2 += (v - m) * (v - m);
        }
        assert_true(fabs(s1 / n) <= 6.0 * sqrt(m / n));
        assert_true(fabs(s2 / n / m - 1.0) <= 6.0 * sqrt(2.0 / n));
    }
}

/* Tiny and huge shapes stay finite and in range: log-space gammas and betas. */
static void test_rng_extreme_shapes(void **state) {
    (void)state;
    clv_rng rng;
    clv_rng_seed(&rng, 9);
    int zeros = 0;
    for (int i = 0; i < 10000; i++) {
        double g, b1, b2;
        assert_status(clv_rng_gamma(&rng, 1e-3, 1.0, &g), CLV_OK);
        assert_true(g >= 0.0 && isfinite(g));
        assert_status(clv_rng_beta(&rng, 1e-3, 1e-3, &b1), CLV_OK);
        assert_true(b1 >= 0.0 && b1 <= 1.0);
        assert_status(clv_rng_beta(&rng, 1e8, 1e8, &b2), CLV_OK);
        assert_true(fabs(b2 - 0.5) < 1e-3);
        zeros += (b1 < 0.5);
    }
    /* Beta(e, e) puts half its mass near each end. */
    assert_true(zeros > 4500 && zeros < 5500);
    /* Shapes near the smallest doubles: 0 or 1 (the law's two atoms in the limit), in the
     * ratio a : b, never NaN (fuzz_simulate found the 0/0 of two underflowed gammas). */
    int ones = 0;
    for (int i = 0; i < 2000; i++) {
        double b;
        assert_status(clv_rng_beta(&rng, 8e-320, 2.4e-319, &b), CLV_OK);
        assert_true(b == 0.0 || b == 1.0);
        ones += (b == 1.0);
    }
    assert_true(ones > 380 && ones < 620); /* 1/4 of 2000, +-6 standard errors (19) */
    double g;
    assert_status(clv_rng_gamma(&rng, 1e300, 1e-300, &g), CLV_ERANGE);
}

static void test_rng_errors_leave_outputs(void **state) {
    (void)state;
    clv_rng rng, zero = {{0, 0, 0, 0}};
    clv_rng_seed(&rng, 1);
    clv_rng saved = rng;
    double v = -7.0;
    uint64_t u = 3;
    assert_status(clv_rng_seed(NULL, 1), CLV_EINVAL);
    assert_status(clv_rng_next(&zero, &u), CLV_EINVAL);
    assert_status(clv_rng_next(&rng, NULL), CLV_EINVAL);
    assert_status(clv_rng_jump(&zero), CLV_EINVAL);
    assert_status(clv_rng_jump(NULL), CLV_EINVAL);
    assert_status(clv_rng_uniform(&zero, &v), CLV_EINVAL);
    assert_status(clv_rng_normal(NULL, &v), CLV_EINVAL);
    assert_status(clv_rng_gamma(&rng, 0.0, 1.0, &v), CLV_EDOM);
    assert_status(clv_rng_gamma(&rng, 1.0, INFINITY, &v), CLV_EDOM);
    assert_status(clv_rng_beta(&rng, NAN, 1.0, &v), CLV_EDOM);
    assert_status(clv_rng_beta(&rng, 1.0, -1.0, &v), CLV_EDOM);
    assert_status(clv_rng_poisson(&rng, -1.0, &v), CLV_EDOM);
    assert_status(clv_rng_poisson(&rng, 1.01e12, &v), CLV_EDOM);
    assert_status(clv_rng_poisson(&rng, NAN, &v), CLV_EDOM);
    assert_status(clv_rng_exponential(&rng, 0.0, &v), CLV_EDOM);
    assert_status(clv_rng_geometric(&rng, 0.0, &v), CLV_EDOM);
    assert_status(clv_rng_geometric(&rng, 1.5, &v), CLV_EDOM);
    assert_status(clv_rng_geometric(&rng, 0.5, NULL), CLV_EINVAL);
    assert_true(v == -7.0 && u == 3);
    assert_memory_equal(&rng, &saved, sizeof rng);
    assert_status(clv_rng_geometric(&rng, 1.0, &v), CLV_OK);
    assert_true(v == 0.0);
    assert_status(clv_rng_poisson(&rng, 0.0, &v), CLV_OK);
    assert_true(v == 0.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_xoshiro_matches_published_state1234),
        cmocka_unit_test(test_rng_seed_is_splitmix64),
        cmocka_unit_test(test_rng_jump_is_matrix_power),
        cmocka_unit_test(test_rng_uniform_from_outputs),
        cmocka_unit_test(test_rng_continuous_chi_square),
        cmocka_unit_test(test_rng_discrete_chi_square),
        cmocka_unit_test(test_rng_poisson_large_means),
        cmocka_unit_test(test_rng_extreme_shapes),
        cmocka_unit_test(test_rng_errors_leave_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
