/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Shared test helpers. cmocka 1.1.5 has no double assertion (assert_float_equal casts to
 * float), so values are compared here with an explicit relative tolerance whose reason each
 * call site states.
 */
#ifndef CLV_TEST_H
#define CLV_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka.h needs the headers above first. */
#include <cmocka.h>

/* |actual - expected| <= rel * |expected|. An infinite expected value must match exactly;
 * for an expected 0, rel is used as an absolute tolerance. */
static inline void clv_test_assert_close(double actual, double expected, double rel,
                                         const char *expr, const char *file, int line) {
    int ok;
    if (isnan(actual) || isnan(expected)) {
        ok = 0;
    } else if (isinf(expected) || expected == 0.0) {
        ok = (actual == expected) || (expected == 0.0 && fabs(actual) <= rel);
    } else {
        ok = fabs(actual - expected) <= rel * fabs(expected);
    }
    if (!ok) {
        fail_msg("%s:%d: %s = %.17g, expected %.17g (relative tolerance %g)", file, line, expr,
                 actual, expected, rel);
    }
}

#define assert_close(actual, expected, rel)                                                        \
    clv_test_assert_close((actual), (expected), (rel), #actual, __FILE__, __LINE__)

/* |actual - expected| <= abs_tol: for values printed to fixed decimals in a paper. */
static inline void clv_test_assert_near(double actual, double expected, double abs_tol,
                                        const char *expr, const char *file, int line) {
    if (!(fabs(actual - expected) <= abs_tol)) {
        fail_msg("%s:%d: %s = %.17g, expected %.17g +/- %g", file, line, expr, actual, expected,
                 abs_tol);
    }
}

#define assert_near(actual, expected, abs_tol)                                                     \
    clv_test_assert_near((actual), (expected), (abs_tol), #actual, __FILE__, __LINE__)

/* Status assertion that names the status in the failure message. */
#define assert_status(call, expected) assert_int_equal((call), (expected))

/* Gradient of a log-likelihood at theta (model parameters in order) over the data ctx. */
typedef int (*clv_test_gradient_fn)(const double *theta, const void *ctx, double *gradient);

/*
 * The observed information -H (n x n, n <= 4) by central differences of an analytic
 * gradient, steps 1e-6 theta_j: an independent check of an analytic Hessian (error ~1e-10
 * relative).
 */
static inline void clv_test_information_by_differences(clv_test_gradient_fn grad, const void *ctx,
                                                       const double *theta, int n, double *info) {
    for (int j = 0; j < n; j++) {
        double h = 1e-6 * theta[j];
        double tp[4], tm[4], gp[4], gm[4];
        for (int k = 0; k < n; k++) {
            tp[k] = tm[k] = theta[k];
        }
        tp[j] += h;
        tm[j] -= h;
        assert_int_equal(grad(tp, ctx, gp), 0);
        assert_int_equal(grad(tm, ctx, gm), 0);
        for (int i = 0; i < n; i++) {
            info[i * n + j] = -(gp[i] - gm[i]) / (2.0 * h);
        }
    }
}

/*
 * A fit's covariance (n x n, n <= 4) against an information matrix formed independently
 * (e.g. central differences of the analytic gradient): invert the covariance (Gauss-Jordan)
 * and compare elementwise, each difference scaled by sqrt(I_ii I_jj) -- elementwise, since
 * correlated parameters make the covariance ill-conditioned.
 */
static inline void clv_test_assert_information(const double *covariance, const double *info,
                                               int n, double tol, const char *file, int line) {
    double a[4][8];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < 2 * n; j++) {
            a[i][j] = (j < n) ? covariance[i * n + j] : (double)(j - n == i);
        }
    }
    for (int c = 0; c < n; c++) {
        double pivot = a[c][c];
        for (int j = 0; j < 2 * n; j++) {
            a[c][j] /= pivot;
        }
        for (int i = 0; i < n; i++) {
            double f = a[i][c];
            for (int j = 0; i != c && j < 2 * n; j++) {
                a[i][j] -= f * a[c][j];
            }
        }
    }
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double scale = sqrt(info[i * n + i] * info[j * n + j]);
            double diff = fabs(a[i][j + n] - info[i * n + j]);
            if (!(diff <= tol * scale)) {
                fail_msg("%s:%d: information[%d][%d] = %.17g from the covariance, expected "
                         "%.17g (scaled difference %.3g > %g)",
                         file, line, i, j, a[i][j + n], info[i * n + j], diff / scale, tol);
            }
        }
    }
}
#define assert_information(covariance, info, n, tol)                                               \
    clv_test_assert_information((covariance), (info), (n), (tol), __FILE__, __LINE__)

#endif /* CLV_TEST_H */
