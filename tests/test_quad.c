/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/math/quad.c: the Gauss-Kronrod rule's degree of exactness (a 15-point Kronrod
 * rule integrates polynomials of degree 22 exactly, its 7-point Gauss rule degree 13), the
 * adaptive integration of several integrands at once to their closed forms, and an honest
 * error report when the budget is spent.
 */
#include "clv_test.h"

#include "math/quad.h"

/* x^k for k = 0..5 scaled: out[j] = x^(deg[j]). */
static void powers(const void *ctx, double x, double *out) {
    const int *deg = ctx;
    for (int j = 0; j < 3; j++) {
        out[j] = pow(x, deg[j]);
    }
}

static void test_quad_kronrod_rule_is_exact_to_degree_22(void **state) {
    (void)state;
    int deg[3] = {22, 13, 7};
    double res[3];
    /* A loose tolerance stops after the first rule: a single 15-point evaluation. */
    double err = clv__quad(powers, deg, 3, -1.0, 1.0, 1.0, res);
    assert_close(res[0], 2.0 / 23.0, 1e-14);
    assert_close(res[1], 0.0, 1e-15); /* odd: 0 */
    assert_near(res[2], 0.0, 1e-15);
    /* Degree 13 is exact for the Gauss rule too, so the error estimate of x^12 is ~0. */
    int deg2[3] = {12, 2, 0};
    err = clv__quad(powers, deg2, 3, 0.0, 1.0, 1.0, res);
    assert_close(res[0], 1.0 / 13.0, 1e-14);
    assert_close(res[1], 1.0 / 3.0, 1e-15);
    assert_close(res[2], 1.0, 1e-15);
    assert_true(err < 1e-13);
}

/* exp(-a x), 1/(1+x^2) and a sharp peak exp(-((x - 0.3)/0.01)^2) on [0, 2], to 1e-13. */
static void mixed(const void *ctx, double x, double *out) {
    (void)ctx;
    out[0] = exp(-7.0 * x);
    out[1] = 1.0 / (1.0 + x * x);
    double u = (x - 0.3) / 0.01;
    out[2] = exp(-u * u);
}

static void test_quad_adaptive_matches_closed_forms(void **state) {
    (void)state;
    double res[3];
    double err = clv__quad(mixed, NULL, 3, 0.0, 2.0, 1e-13, res);
    assert_true(err <= 1e-13);
    assert_close(res[0], -expm1(-14.0) / 7.0, 1e-13);
    assert_close(res[1], atan(2.0), 1e-13);
    assert_close(res[2], 0.01 * sqrt(M_PI), 1e-12); /* tails beyond [0, 2] are < 1e-300 */
}

/* Error control on the first k_ctl integrands only: exp(-7x) controls the subdivision, the
 * uncontrolled x exp(-7x) and x^2 exp(-7x) (as smooth) ride on its intervals and are still
 * accurate; the returned error is the controlled one's. A sharp peak left uncontrolled is not
 * refined for (the cost saved is real), so it comes out wrong, while the same peak under
 * control comes out right. 16 integrands (the most) with the fixed interval store. */
static void moments(const void *ctx, double x, double *out) {
    int k = *(const int *)ctx;
    double e = exp(-7.0 * x);
    double u = (x - 0.3) / 0.01;
    out[0] = e;
    out[1] = x * e;
    out[2] = x * x * e;
    out[3] = exp(-u * u);
    for (int j = 4; j < k; j++) {
        out[j] = e;
    }
}

static void test_quad_controls_the_first_integrands_only(void **state) {
    (void)state;
    int k = CLV__QUAD_MAX_K;
    double res[CLV__QUAD_MAX_K];
    double e14 = exp(-14.0);
    double m0 = -expm1(-14.0) / 7.0;
    double m1 = (1.0 - 15.0 * e14) / 49.0;               /* int_0^2 x e^-7x */
    double m2 = (2.0 - e14 * (2.0 + 28.0 + 196.0)) / 343.0; /* int_0^2 x^2 e^-7x */
    double err = clv__quad_outward_ctl(moments, &k, k, 3, 0.0, 2.0, 0.1, 1e-13, res);
    assert_true(err <= 1e-13);
    assert_close(res[0], m0, 1e-13);
    assert_close(res[1], m1, 1e-12);
    assert_close(res[2], m2, 1e-12);
    assert_close(res[k - 1], m0, 1e-13);
    double peak = 0.01 * sqrt(M_PI);
    assert_true(fabs(res[3] - peak) > 1e-6 * peak); /* not refined for */
    err = clv__quad_outward_ctl(moments, &k, k, 4, 0.0, 2.0, 0.1, 1e-13, res);
    assert_true(err <= 1e-13);
    assert_close(res[3], peak, 1e-12);
}

/* x^-0.9 on [0, 1] (integral 10) cannot meet 1e-12 within the interval budget: the piece
 * next to the singularity keeps ~h^0.1 of the total after any number of bisections. The
 * achieved error is reported, larger than asked, and the value is still roughly right. */
static void step(const void *ctx, double x, double *out) {
    (void)ctx;
    out[0] = pow(x, -0.9);
}

static void test_quad_reports_the_error_it_reached(void **state) {
    (void)state;
    double res;
    double err = clv__quad(step, NULL, 1, 0.0, 1.0, 1e-12, &res);
    assert_true(err > 1e-12);
    assert_close(res, 10.0, 0.05);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quad_kronrod_rule_is_exact_to_degree_22),
        cmocka_unit_test(test_quad_adaptive_matches_closed_forms),
        cmocka_unit_test(test_quad_controls_the_first_integrands_only),
        cmocka_unit_test(test_quad_reports_the_error_it_reached),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
