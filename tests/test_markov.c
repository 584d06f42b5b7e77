/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/churn/markov.c: the Markov migration model of Pfeifer & Carraway (2000),
 * V(T) = sum_{t=0}^{T} [(1+d)^-1 P]^t R and V = [I - P/(1+d)]^-1 R, and its recency chain.
 *
 * Values marked "oracle" come from tests/oracles/markov_oracles.py (mpmath, 50 digits, term
 * by term sums and an LU solve, at the exact binary inputs); its output is
 * tests/oracles/markov_oracles.txt. The paper's own numerical example is not in
 * /work/shared/refs, so no printed value of the paper is asserted here.
 */
#include "clv_test.h"

#include <float.h>
#include <stddef.h>
#include <string.h>

#include "churn.h"

#define SENTINEL (-12345.678)
#define MAXN CLV_MARKOV_MAX_STATES

/* Condition number of I - P/(1+d) is at most (2+d)/d: 11 at d = 0.2. Rounding of a few
 * operations per entry times n = 5 and that condition number: 1e-13 relative holds with
 * margin. */
#define SMALL_TOL 1e-13

static double ws[CLV_MARKOV_WORKSPACE_SIZE(MAXN)];

static void fill(double *x, size_t n) {
    for (size_t i = 0; i < n; i++) {
        x[i] = SENTINEL;
    }
}

static void assert_untouched(const double *x, size_t n) {
    for (size_t i = 0; i < n; i++) {
        assert_true(x[i] == SENTINEL);
    }
}

static int value(const double *P, const double *R, size_t n, double d, double T, double *v) {
    return clv_markov_value(P, R, n, d, T, ws, sizeof ws / sizeof ws[0], v);
}

/* ---- workspace ---------------------------------------------------------------------------- */

/* n (n + 2): 1 -> 3, 2 -> 8, 50 -> 2600, 64 -> 4224 (33,792 bytes). */
static void test_markov_workspace_size_is_n_times_n_plus_2(void **state) {
    (void)state;
    size_t w = 0;
    assert_status(clv_markov_workspace_size(1, &w), CLV_OK);
    assert_int_equal(w, 3);
    assert_status(clv_markov_workspace_size(2, &w), CLV_OK);
    assert_int_equal(w, 8);
    assert_status(clv_markov_workspace_size(50, &w), CLV_OK);
    assert_int_equal(w, 2600);
    assert_status(clv_markov_workspace_size(64, &w), CLV_OK);
    assert_int_equal(w, 4224);
    assert_int_equal(CLV_MARKOV_WORKSPACE_SIZE(64), 4224);
    w = 7;
    assert_status(clv_markov_workspace_size(0, &w), CLV_EINVAL);
    assert_status(clv_markov_workspace_size(65, &w), CLV_EINVAL);
    assert_int_equal(w, 7);
    assert_status(clv_markov_workspace_size(2, NULL), CLV_EINVAL);
}

/* ---- hand-computable chains --------------------------------------------------------------- */

/* P = [[1/2, 1/2], [1/4, 3/4]], R = [1, 0], d = 1 (q = 1/2). Infinite:
 * V0 = 1 + (V0 + V1)/4, V1 = (V0 + 3 V1)/8  =>  V1 = V0/5, 0.7 V0 = 1: V = [10/7, 2/7]
 * (the closed-form inverse: det(I - qP) = (1-q)(1-q+q(a+b)) = 0.5 x 0.875 = 0.4375,
 * V0 = (1 - q(1-b))/det = 0.625/0.4375, V1 = qb/det = 0.125/0.4375).
 * Finite, exact in binary: T=0 [1, 0]; T=1 [1 + 1/4, 1/8] = [1.25, 0.125];
 * T=2 [1 + (1.25 + 0.125)/4, (1.25 + 3 x 0.125)/8] = [1.34375, 0.203125]. */
static void test_markov_two_states_closed_form_inverse_and_finite_sums(void **state) {
    (void)state;
    const double P[4] = {0.5, 0.5, 0.25, 0.75};
    const double R[2] = {1.0, 0.0};
    double v[2];
    assert_status(value(P, R, 2, 1.0, INFINITY, v), CLV_OK);
    assert_close(v[0], 10.0 / 7.0, 1e-15);
    assert_close(v[1], 2.0 / 7.0, 1e-15);
    assert_status(value(P, R, 2, 1.0, 0.0, v), CLV_OK);
    assert_true(v[0] == 1.0 && v[1] == 0.0);
    assert_status(value(P, R, 2, 1.0, 1.0, v), CLV_OK);
    assert_true(v[0] == 1.25 && v[1] == 0.125);
    assert_status(value(P, R, 2, 1.0, 2.0, v), CLV_OK);
    assert_true(v[0] == 1.34375 && v[1] == 0.203125);
}

/* Alive/gone chain: alive stays with r, R = [m, 0], gone absorbing. V_alive = sum_t m (r q)^t
 * = m (1+d)/(1+d-r), the start-of-period retention value of clv.h; over horizon T the T+1
 * margins of clv_retention_value(..., T+1, CLV_MARGIN_START). r = 0.8, d = 0.1, m = 30:
 * 30 x 1.1/0.3 = 110. */
static void test_markov_alive_gone_chain_equals_retention_value(void **state) {
    (void)state;
    const double P[4] = {0.8, 0.2, 0.0, 1.0};
    const double R[2] = {30.0, 0.0};
    double v[2];
    double expected;
    assert_status(value(P, R, 2, 0.1, INFINITY, v), CLV_OK);
    assert_close(v[0], 110.0, 1e-14);
    assert_true(v[1] == 0.0);
    assert_status(clv_retention_value(30.0, 0.8, 0.1, 13.0, CLV_MARGIN_START, &expected), CLV_OK);
    assert_status(value(P, R, 2, 0.1, 12.0, v), CLV_OK);
    assert_close(v[0], expected, 1e-14);
}

/* d = 0 over a finite horizon: with R = 1 in every state, V(T) = T + 1 exactly (each row of
 * P sums to exactly 1 in binary here). d = -1/2 (q = 2), one state: V = 2^(T+1) - 1. */
static void test_markov_zero_and_negative_discount_finite_horizon(void **state) {
    (void)state;
    const double P[4] = {0.25, 0.75, 0.5, 0.5};
    const double R[2] = {1.0, 1.0};
    double v[2];
    assert_status(value(P, R, 2, 0.0, 100.0, v), CLV_OK);
    assert_true(v[0] == 101.0 && v[1] == 101.0);
    const double one[1] = {1.0};
    assert_status(value(one, one, 1, -0.5, 10.0, v), CLV_OK);
    assert_true(v[0] == 2047.0);
}

/* ---- recency chain ------------------------------------------------------------------------ */

/* p = 0.3, 0.2, 0.15, 0.05, 0 by recency 1..5, margin 40, cost 4 in recency 1-4, 0 lapsed:
 * P rows: [p_k at column 0, 1 - p_k at column k+1 (k+1 capped at 4)], R = [36, -4, -4, -4, 0]. */
static void test_markov_recency_chain_builds_pfeifer_carraway_shape(void **state) {
    (void)state;
    const double p[5] = {0.30, 0.20, 0.15, 0.05, 0.0};
    const double cost[5] = {4.0, 4.0, 4.0, 4.0, 0.0};
    double P[25];
    double R[5];
    assert_status(clv_markov_recency_chain(p, 5, 40.0, cost, P, R), CLV_OK);
    const double expected_P[25] = {0.30, 0.70, 0,    0, 0, 0.20, 0,    0.80, 0, 0, 0.15, 0,  0,
                                   0.85, 0,    0.05, 0, 0, 0,    0.95, 0,    0, 0, 0,    1.0};
    for (int i = 0; i < 25; i++) {
        assert_true(P[i] == expected_P[i]);
    }
    assert_true(R[0] == 36.0 && R[1] == -4.0 && R[2] == -4.0 && R[3] == -4.0);
    assert_true(R[4] == 0.0 && !signbit(R[4]));
    /* No marketing cost: R = [40, 0, 0, 0, 0], no -0. */
    assert_status(clv_markov_recency_chain(p, 5, 40.0, NULL, P, R), CLV_OK);
    assert_true(R[0] == 40.0);
    for (int k = 1; k < 5; k++) {
        assert_true(R[k] == 0.0 && !signbit(R[k]));
    }
    /* One state: buy or not, the customer stays in it. */
    const double p1[1] = {0.4};
    assert_status(clv_markov_recency_chain(p1, 1, 10.0, NULL, P, R), CLV_OK);
    assert_true(P[0] == 1.0 && R[0] == 10.0);
}

/* Oracle: the recency chain above at d = 0.2, infinite horizon and T = 10; and with lapsed
 * customers returning (p_5 = 0.02, cost 1 when lapsed), infinite and T = 3. */
static void test_markov_recency_values_match_mpmath(void **state) {
    (void)state;
    const double p[5] = {0.30, 0.20, 0.15, 0.05, 0.0};
    const double cost[5] = {4.0, 4.0, 4.0, 4.0, 0.0};
    const double inf_expected[5] = {52.31960943856794066, 5.553783563873067563,
                                    1.2507729861676156035, -1.8200162733930023717, 0.0};
    const double t10_expected[5] = {52.215693054886585767, 5.4914369171452152377,
                                    1.220623172759428005, -1.8272301939517391637, 0.0};
    const double p2[5] = {0.30, 0.20, 0.15, 0.05, 0.02};
    const double cost2[5] = {4.0, 4.0, 4.0, 4.0, 1.0};
    const double ret_inf[5] = {52.053815777390025896, 5.2120488566443200063, 0.80461934061897295219,
                               -2.4029754798420423366, -0.72238038387363392361};
    const double ret_t3[5] = {48.476851851851851314, 3.0474537037037038493, -0.47161458333333358341,
                              -3.0870717592592591566, -1.2760787037037036728};
    double P[25];
    double R[5];
    double v[5];
    assert_status(clv_markov_recency_chain(p, 5, 40.0, cost, P, R), CLV_OK);
    assert_status(value(P, R, 5, 0.2, INFINITY, v), CLV_OK);
    for (int i = 0; i < 5; i++) {
        assert_close(v[i], inf_expected[i], SMALL_TOL);
    }
    assert_status(value(P, R, 5, 0.2, 10.0, v), CLV_OK);
    for (int i = 0; i < 5; i++) {
        assert_close(v[i], t10_expected[i], SMALL_TOL);
    }
    assert_status(clv_markov_recency_chain(p2, 5, 40.0, cost2, P, R), CLV_OK);
    assert_status(value(P, R, 5, 0.2, INFINITY, v), CLV_OK);
    for (int i = 0; i < 5; i++) {
        assert_close(v[i], ret_inf[i], SMALL_TOL);
    }
    assert_status(value(P, R, 5, 0.2, 3.0, v), CLV_OK);
    for (int i = 0; i < 5; i++) {
        assert_close(v[i], ret_t3[i], SMALL_TOL);
    }
}

static void test_markov_recency_chain_rejects_bad_input_untouched(void **state) {
    (void)state;
    const double p[3] = {0.3, 0.2, 0.1};
    double P[9];
    double R[3];
    fill(P, 9);
    fill(R, 3);
    assert_status(clv_markov_recency_chain(NULL, 3, 1.0, NULL, P, R), CLV_EINVAL);
    assert_status(clv_markov_recency_chain(p, 3, 1.0, NULL, NULL, R), CLV_EINVAL);
    assert_status(clv_markov_recency_chain(p, 3, 1.0, NULL, P, NULL), CLV_EINVAL);
    assert_status(clv_markov_recency_chain(p, 0, 1.0, NULL, P, R), CLV_EINVAL);
    assert_status(clv_markov_recency_chain(p, MAXN + 1, 1.0, NULL, P, R), CLV_EINVAL);
    const double bad_p[][3] = {{0.3, -0.1, 0.1}, {0.3, 1.5, 0.1}, {0.3, NAN, 0.1}};
    for (int i = 0; i < 3; i++) {
        assert_status(clv_markov_recency_chain(bad_p[i], 3, 1.0, NULL, P, R), CLV_EDOM);
    }
    const double bad_cost[][3] = {{1.0, -1.0, 0.0}, {1.0, INFINITY, 0.0}, {NAN, 0.0, 0.0}};
    for (int i = 0; i < 3; i++) {
        assert_status(clv_markov_recency_chain(p, 3, 1.0, bad_cost[i], P, R), CLV_EDOM);
    }
    assert_status(clv_markov_recency_chain(p, 3, NAN, NULL, P, R), CLV_EDOM);
    assert_status(clv_markov_recency_chain(p, 3, INFINITY, NULL, P, R), CLV_EDOM);
    const double huge_cost[3] = {DBL_MAX, 0.0, 0.0};
    assert_status(clv_markov_recency_chain(p, 3, -DBL_MAX, huge_cost, P, R), CLV_ERANGE);
    assert_untouched(P, 9);
    assert_untouched(R, 3);
}

/* ---- properties --------------------------------------------------------------------------- */

/* The chain of tests/oracles/markov_oracles.py big_chain(): P[i][j] = w_ij / 1024 with
 * integer weights summing to 1024 per row (exact in binary), R_i = (i % 7) - 2. */
static void big_chain(size_t n, double *P, double *R) {
    for (size_t i = 0; i < n; i++) {
        long w[MAXN];
        long s = 0;
        for (size_t j = 0; j < n; j++) {
            w[j] = 1 + (long)((i * 7 + j * 13) % 17);
            s += w[j];
        }
        long scaled_sum = 0;
        for (size_t j = 0; j < n; j++) {
            w[j] = w[j] * 1024 / s;
            scaled_sum += w[j];
        }
        w[i] += 1024 - scaled_sum;
        for (size_t j = 0; j < n; j++) {
            P[i * n + j] = (double)w[j] / 1024.0;
        }
        R[i] = (double)((long)(i % 7) - 2);
    }
}

/* Oracle: 50 states at d = 0.01 (condition number <= 201). The elimination's backward error
 * is a few n eps; times 201 that is ~1e-12 at worst: 1e-11 relative. The finite horizon is
 * 120 Horner steps of well-scaled sums: 1e-13. */
static void test_markov_fifty_states_match_mpmath(void **state) {
    (void)state;
    static double P[50 * 50];
    double R[50];
    double v[50];
    big_chain(50, P, R);
    assert_status(value(P, R, 50, 0.01, INFINITY, v), CLV_OK);
    assert_close(v[0], 91.807796107666049522, 1e-11);
    assert_close(v[17], 94.869972887106261121, 1e-11);
    assert_close(v[49], 91.625959037085674148, 1e-11);
    assert_status(value(P, R, 50, 0.01, 120.0, v), CLV_OK);
    assert_close(v[0], 63.391136503107666237, 1e-13);
    assert_close(v[17], 66.453313282547877835, 1e-13);
    assert_close(v[49], 63.209299432527290863, 1e-13);
}

/* Residual of the solve, in long double: ||(I - qP) V - R||_inf <= 64 eps (||R|| + ||V||),
 * for 50 and 64 states and several rates, down to d = 1e-4 (condition number 2e4). */
static void test_markov_solve_residual_is_at_rounding_level(void **state) {
    (void)state;
    static double P[MAXN * MAXN];
    double R[MAXN];
    double v[MAXN];
    const size_t sizes[] = {50, 64};
    const double rates[] = {1e-4, 0.01, 0.2, 5.0};
    for (size_t s = 0; s < 2; s++) {
        size_t n = sizes[s];
        big_chain(n, P, R);
        for (size_t r = 0; r < 4; r++) {
            double d = rates[r];
            double q = 1.0 / (1.0 + d);
            assert_status(value(P, R, n, d, INFINITY, v), CLV_OK);
            long double worst = 0.0L;
            double norm_v = 0.0;
            for (size_t i = 0; i < n; i++) {
                long double acc = (long double)v[i] - (long double)R[i];
                for (size_t j = 0; j < n; j++) {
                    acc -= (long double)q * (long double)P[i * n + j] * (long double)v[j];
                }
                worst = fmaxl(worst, fabsl(acc));
                norm_v = fmax(norm_v, fabs(v[i]));
            }
            double bound = 64.0 * DBL_EPSILON * (4.0 + norm_v); /* ||R||_inf = 4 */
            if (!((double)worst <= bound)) {
                fail_msg("n = %zu, d = %g: residual %Lg > %g", n, d, worst, bound);
            }
        }
    }
}

/* V(T) -> V(inf): |V(T) - V(inf)| <= q^(T+1) max|R| / (1-q) (the geometric tail), checked at
 * T = 5, 10, 20, 40 with room for rounding; and a horizon far beyond convergence (1e9
 * periods, summed only until the tail is below 2^-60) equals the infinite value. */
static void test_markov_finite_horizon_converges_to_infinite(void **state) {
    (void)state;
    const double p[5] = {0.30, 0.20, 0.15, 0.05, 0.02};
    const double cost[5] = {4.0, 4.0, 4.0, 4.0, 1.0};
    double P[25];
    double R[5];
    double vinf[5];
    double v[5];
    assert_status(clv_markov_recency_chain(p, 5, 40.0, cost, P, R), CLV_OK);
    assert_status(value(P, R, 5, 0.2, INFINITY, vinf), CLV_OK);
    const double q = 1.0 / 1.2;
    const double horizons[] = {5.0, 10.0, 20.0, 40.0};
    double previous_gap = INFINITY;
    for (int h = 0; h < 4; h++) {
        assert_status(value(P, R, 5, 0.2, horizons[h], v), CLV_OK);
        double tail = pow(q, horizons[h] + 1.0) * 36.0 / (1.0 - q);
        double gap = 0.0;
        for (int i = 0; i < 5; i++) {
            gap = fmax(gap, fabs(v[i] - vinf[i]));
        }
        assert_true(gap <= tail + 1e-12);
        assert_true(gap < previous_gap);
        previous_gap = gap;
    }
    assert_status(value(P, R, 5, 0.2, 1e9, v), CLV_OK);
    for (int i = 0; i < 5; i++) {
        assert_close(v[i], vinf[i], 1e-13);
    }
}

/* V is linear in R: V(a R1 + b R2) = a V(R1) + b V(R2), infinite and finite horizon. */
static void test_markov_value_is_linear_in_reward(void **state) {
    (void)state;
    static double P[50 * 50];
    double R1[50];
    double R2[50];
    double R3[50];
    double v1[50];
    double v2[50];
    double v3[50];
    big_chain(50, P, R1);
    for (int i = 0; i < 50; i++) {
        R2[i] = (double)(i % 5) + 0.5;
        R3[i] = 3.0 * R1[i] - 2.0 * R2[i];
    }
    const double horizons[] = {INFINITY, 30.0};
    for (int h = 0; h < 2; h++) {
        assert_status(value(P, R1, 50, 0.05, horizons[h], v1), CLV_OK);
        assert_status(value(P, R2, 50, 0.05, horizons[h], v2), CLV_OK);
        assert_status(value(P, R3, 50, 0.05, horizons[h], v3), CLV_OK);
        double scale = 0.0;
        for (int i = 0; i < 50; i++) {
            scale = fmax(scale, fabs(3.0 * v1[i]) + fabs(2.0 * v2[i]));
        }
        for (int i = 0; i < 50; i++) {
            assert_near(v3[i], 3.0 * v1[i] - 2.0 * v2[i], 1e-13 * scale);
        }
    }
}

/* ---- validation --------------------------------------------------------------------------- */

static void test_markov_value_rejects_bad_arguments_untouched(void **state) {
    (void)state;
    const double P[4] = {0.5, 0.5, 0.25, 0.75};
    const double R[2] = {1.0, 0.0};
    double v[2];
    double small_ws[8];
    fill(v, 2);
    assert_status(value(NULL, R, 2, 0.1, INFINITY, v), CLV_EINVAL);
    assert_status(value(P, NULL, 2, 0.1, INFINITY, v), CLV_EINVAL);
    assert_status(value(P, R, 2, 0.1, INFINITY, NULL), CLV_EINVAL);
    assert_status(clv_markov_value(P, R, 2, 0.1, INFINITY, NULL, 8, v), CLV_EINVAL);
    assert_status(clv_markov_value(P, R, 2, 0.1, INFINITY, small_ws, 7, v), CLV_EINVAL);
    assert_status(value(P, R, 0, 0.1, INFINITY, v), CLV_EINVAL);
    assert_status(value(P, R, MAXN + 1, 0.1, INFINITY, v), CLV_EINVAL);
    assert_status(value(P, R, 2, 0.1, 1.5, v), CLV_EINVAL);
    assert_untouched(v, 2);
    assert_status(clv_markov_value(P, R, 2, 0.1, INFINITY, small_ws, 8, v), CLV_OK);
}

static void test_markov_value_rejects_bad_chain_and_rates_untouched(void **state) {
    (void)state;
    const double R[2] = {1.0, 0.0};
    double v[2];
    fill(v, 2);
    const double bad_P[][4] = {
        {0.5, 0.5 + 2e-9, 0.25, 0.75}, /* row sum 1 + 2e-9: beyond the tolerance */
        {0.5, 0.4, 0.25, 0.75},        /* row sum 0.9 */
        {1.5, -0.5, 0.25, 0.75},       /* sums to 1 but has a negative entry */
        {NAN, 0.5, 0.25, 0.75},        {0.5, 0.5, INFINITY, 0.75},
    };
    for (size_t i = 0; i < sizeof bad_P / sizeof bad_P[0]; i++) {
        assert_status(value(bad_P[i], R, 2, 0.1, INFINITY, v), CLV_EDOM);
        assert_status(value(bad_P[i], R, 2, 0.1, 5.0, v), CLV_EDOM);
    }
    const double P[4] = {0.5, 0.5, 0.25, 0.75};
    const double bad_R[][2] = {{NAN, 0.0}, {0.0, INFINITY}, {-INFINITY, 0.0}};
    for (size_t i = 0; i < 3; i++) {
        assert_status(value(P, bad_R[i], 2, 0.1, INFINITY, v), CLV_EDOM);
    }
    assert_status(value(P, R, 2, -1.0, 5.0, v), CLV_EDOM);
    assert_status(value(P, R, 2, -2.0, 5.0, v), CLV_EDOM);
    assert_status(value(P, R, 2, NAN, 5.0, v), CLV_EDOM);
    assert_status(value(P, R, 2, INFINITY, 5.0, v), CLV_EDOM);
    assert_status(value(P, R, 2, 0.1, -1.0, v), CLV_EDOM);
    assert_status(value(P, R, 2, 0.1, NAN, v), CLV_EDOM);
    assert_status(value(P, R, 2, 0.1, -INFINITY, v), CLV_EDOM);
    /* Infinite horizon needs d > 0. */
    assert_status(value(P, R, 2, 0.0, INFINITY, v), CLV_EDIVERGE);
    assert_status(value(P, R, 2, -0.5, INFINITY, v), CLV_EDIVERGE);
    /* A finite horizon that would need more than CLV_MARKOV_MAX_HORIZON steps. */
    assert_status(value(P, R, 2, 0.0, CLV_MARKOV_MAX_HORIZON + 1.0, v), CLV_EDOM);
    assert_status(value(P, R, 2, 1e-6, 1e9, v), CLV_EDOM);
    assert_untouched(v, 2);
    /* Within the tolerance: a row summing to 1 + 5e-10 is accepted. */
    const double near_P[4] = {0.5, 0.5 + 5e-10, 0.25, 0.75};
    assert_status(value(near_P, R, 2, 0.1, INFINITY, v), CLV_OK);
}

/* Overflow is CLV_ERANGE with the output untouched: R = DBL_MAX/2 at d = 0.1 (V ~ 11 R);
 * q = 2 (d = -1/2) over 2000 periods (2^2001). */
static void test_markov_value_overflow_is_erange(void **state) {
    (void)state;
    const double P[4] = {0.5, 0.5, 0.25, 0.75};
    const double R[2] = {DBL_MAX / 2.0, DBL_MAX / 2.0};
    double v[2];
    fill(v, 2);
    assert_status(value(P, R, 2, 0.1, INFINITY, v), CLV_ERANGE);
    assert_status(value(P, R, 2, 0.1, 50.0, v), CLV_ERANGE);
    const double one[1] = {1.0};
    assert_status(value(one, one, 1, -0.5, 2000.0, v), CLV_ERANGE);
    assert_untouched(v, 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markov_workspace_size_is_n_times_n_plus_2),
        cmocka_unit_test(test_markov_two_states_closed_form_inverse_and_finite_sums),
        cmocka_unit_test(test_markov_alive_gone_chain_equals_retention_value),
        cmocka_unit_test(test_markov_zero_and_negative_discount_finite_horizon),
        cmocka_unit_test(test_markov_recency_chain_builds_pfeifer_carraway_shape),
        cmocka_unit_test(test_markov_recency_values_match_mpmath),
        cmocka_unit_test(test_markov_recency_chain_rejects_bad_input_untouched),
        cmocka_unit_test(test_markov_fifty_states_match_mpmath),
        cmocka_unit_test(test_markov_solve_residual_is_at_rounding_level),
        cmocka_unit_test(test_markov_finite_horizon_converges_to_infinite),
        cmocka_unit_test(test_markov_value_is_linear_in_reward),
        cmocka_unit_test(test_markov_value_rejects_bad_arguments_untouched),
        cmocka_unit_test(test_markov_value_rejects_bad_chain_and_rates_untouched),
        cmocka_unit_test(test_markov_value_overflow_is_erange),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
