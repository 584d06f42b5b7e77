/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/math/vmath.h: exp and log1p on two and four doubles at once (the scoring
 * loops of P(alive) and the table validator).
 *
 * Reference values: tests/oracles/vmath_oracles.py (mpmath, 50 digits), which writes the C
 * table oracles/vmath_oracles.h: each f(x) as hi + lo, so an error is measured in units in
 * the last place of the correctly rounded result.
 */
#include "clv_test.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "math/vmath.h"
#include "oracles/vmath_oracles.h"

/* Error of got against hi + lo, in units in the last place of hi. */
static double ulp_error(double got, double hi, double lo) {
    double ulp = nextafter(fabs(hi), INFINITY) - fabs(hi);
    if (ulp == 0.0 || !isfinite(ulp)) {
        ulp = DBL_MIN * DBL_EPSILON;
    }
    return fabs((got - hi) - lo) / ulp; /* got - hi exact when they are close (Sterbenz) */
}

enum { EXP = 0, LOG1P = 1 };

/* Each of the n inputs through the two-lane functions, paired with its neighbour. */
static void eval2(int f, const double *x, size_t n, double *out) {
    for (size_t i = 0; i < n; i += 2) {
        clv__v2d v = {x[i], x[(i + 1 < n) ? i + 1 : i]};
        clv__v2d r = (f == EXP) ? clv__v2_exp(v) : clv__v2_log1p(v);
        out[i] = r[0];
        if (i + 1 < n) {
            out[i + 1] = r[1];
        }
    }
}

#if CLV__HAVE_AVX2_PATH
/* The same through the four-lane functions, in code compiled for AVX2 (call only when the
 * CPU has it). */
CLV__TARGET_AVX2 static void eval4(int f, const double *x, size_t n, double *out) {
    for (size_t i = 0; i < n; i += 4) {
        double in[4], o[4];
        for (size_t j = 0; j < 4; j++) {
            in[j] = x[(i + j < n) ? i + j : i];
        }
        clv__v4d v;
        memcpy(&v, in, sizeof v);
        clv__v4d r = (f == EXP) ? clv__v4_exp(v) : clv__v4_log1p(v);
        memcpy(o, &r, sizeof o);
        for (size_t j = 0; j < 4 && i + j < n; j++) {
            out[i + j] = o[j];
        }
    }
}
#endif

/* Largest error over a table, through each width; the widths agree to the bit. */
static double max_error(int f, const vmath_case *cases, size_t n) {
    double *x = malloc(n * sizeof *x), *o2 = malloc(n * sizeof *o2);
    assert_non_null(x);
    assert_non_null(o2);
    for (size_t i = 0; i < n; i++) {
        x[i] = cases[i].x;
    }
    eval2(f, x, n, o2);
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        double e = ulp_error(o2[i], cases[i].hi, cases[i].lo);
        if (!(e <= 2.0)) {
            fail_msg("%s(%a) = %a, exact %a + %a: %.2f ulp", f == EXP ? "exp" : "log1p", x[i],
                     o2[i], cases[i].hi, cases[i].lo, e);
        }
        worst = fmax(worst, e);
    }
#if CLV__HAVE_AVX2_PATH
    if (clv__have_avx2()) {
        double *o4 = malloc(n * sizeof *o4);
        assert_non_null(o4);
        eval4(f, x, n, o4);
        for (size_t i = 0; i < n; i++) {
            if (memcmp(&o4[i], &o2[i], sizeof o2[i]) != 0) {
                fail_msg("x = %a: four lanes %a, two lanes %a", x[i], o4[i], o2[i]);
            }
        }
        free(o4);
    }
#endif
    free(x);
    free(o2);
    return worst;
}

/* exp within 2 ulp of the 50-digit value over [-707, 709.78], every case, and the worst case
 * as measured when the method was written (13 Taylor terms by Estrin's scheme, Cody-Waite
 * reduction): a lost term or a coarser reduction shows up here. */
static void test_vmath_exp_matches_mpmath_within_2_ulp(void **state) {
    (void)state;
    size_t n = sizeof exp_cases / sizeof exp_cases[0];
    assert_true(n > 1000);
    double worst = max_error(EXP, exp_cases, n);
    assert_true(worst < 1.6); /* 1.49 measured */
}

/* log1p within 2 ulp over u in [0, DBL_MAX], subnormal u included; worst case as measured. */
static void test_vmath_log1p_matches_mpmath_within_2_ulp(void **state) {
    (void)state;
    size_t n = sizeof log1p_cases / sizeof log1p_cases[0];
    assert_true(n > 1000);
    double worst = max_error(LOG1P, log1p_cases, n);
    assert_true(worst < 1.9); /* 1.74 measured */
}

/* The ends: exp overflows to +inf above ln(DBL_MAX) and is flushed to 0 below -707 (the
 * documented flush); exp(0) = 1 and log1p(0) = 0 exactly; log1p(+inf) = +inf; lanes do not
 * leak into each other (a lane's special case leaves its neighbour's value alone). */
static void test_vmath_ends_and_lanes(void **state) {
    (void)state;
    clv__v2d a = {709.79, 0.0};
    clv__v2d r = clv__v2_exp(a);
    assert_true(isinf(r[0]) && r[0] > 0.0);
    assert_true(r[1] == 1.0);
    clv__v2d b = {-INFINITY, INFINITY};
    r = clv__v2_exp(b);
    assert_true(r[0] == 0.0);
    assert_true(isinf(r[1]) && r[1] > 0.0);
    clv__v2d c = {-707.5, 1.0};
    r = clv__v2_exp(c);
    assert_true(r[0] == 0.0);
    assert_true(r[1] == 0x1.5bf0a8b145769p+1); /* e, correctly rounded */
    clv__v2d d = {INFINITY, 0.0};
    r = clv__v2_log1p(d);
    assert_true(isinf(r[0]) && r[0] > 0.0);
    assert_true(r[1] == 0.0 && !signbit(r[1]));
    clv__v2d e = {DBL_MAX, 1e-300};
    r = clv__v2_log1p(e);
    assert_true(fabs(r[0] - 0x1.62e42fefa39efp+9) <= 0x1p-43); /* ln DBL_MAX */
    assert_true(r[1] == 1e-300);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vmath_exp_matches_mpmath_within_2_ulp),
        cmocka_unit_test(test_vmath_log1p_matches_mpmath_within_2_ulp),
        cmocka_unit_test(test_vmath_ends_and_lanes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
