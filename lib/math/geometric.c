/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* The geometric sum G(q, n) = (1 - q^n) / (1 - q) without cancellation (see geometric.h). */
#include "math/geometric.h"

#include <math.h>

#include "clv.h"

/* Beyond this |x| = |n log q| the closed form is evaluated in log space: expm1(700) is
 * 1.0e304, so below it neither q^n nor the numerator overflows. */
#define LOG_SPACE_FROM 700.0

/* log |q| for q != 0; log1p(|q| - 1) near |q| = 1, where |q| - 1 is exact (Sterbenz lemma for
 * |q| in [1/2, 2]) and log(|q|) would lose the digits the small difference carries. */
static double log_abs(double q) {
    double a = fabs(q);
    return (a >= 0.5 && a <= 2.0) ? log1p(a - 1.0) : log(a);
}

/* q > 0, q != 1, n > 0 finite: G = (q^n - 1) / (q - 1) = expm1(n log q) / (q - 1). */
static double sum_positive(double q, double n) {
    double x = n * log_abs(q);
    if (x <= LOG_SPACE_FROM) {
        return expm1(x) / (q - 1.0);
    }
    /* q > 1 and q^n near or past the overflow threshold, where the quotient itself may still be
     * finite (q = 1e300, n = 2): q^n / (q - 1) (1 - q^-n) = exp(x - log(q - 1)) (-expm1(-x)). */
    return exp(x - log(q - 1.0)) * -expm1(-x);
}

/* q < 0, n a whole number > 0: q^n = (-1)^n |q|^n, and 1 - q >= 1 never cancels. For even n
 * the numerator 1 - |q|^n is -expm1(n log|q|), exact where |q|^n is near 1; for odd n it is
 * 1 + |q|^n, a sum of positive terms. */
static double sum_negative(double q, double n) {
    double x = n * log_abs(q);
    int even = fmod(n, 2.0) == 0.0;
    if (x <= LOG_SPACE_FROM) {
        double numerator = even ? -expm1(x) : 1.0 + exp(x);
        return numerator / (1.0 - q);
    }
    double magnitude = exp(x - log1p(-q)); /* |q|^n / (1 - q) */
    return even ? -magnitude * -expm1(-x) : magnitude * (1.0 + exp(-x));
}

int clv__geometric_sum(double q, double n, double *sum) {
    if (!isfinite(q) || !(n >= 0.0)) {
        return CLV_EDOM;
    }
    double g;
    if (isinf(n)) {
        if (!(fabs(q) < 1.0)) {
            return CLV_EDIVERGE;
        }
        g = 1.0 / (1.0 - q);
    } else if (q < 0.0 && floor(n) != n) {
        return CLV_EDOM; /* (-q)^n has no real value for a fractional n */
    } else if (n == 0.0) {
        g = 0.0; /* the empty sum */
    } else if (q == 1.0) {
        g = n;
    } else if (q == 0.0) {
        g = 1.0; /* 0^0 = 1 is the only term; 0^n = 0 for n > 0 */
    } else if (q > 0.0) {
        g = sum_positive(q, n);
    } else {
        g = sum_negative(q, n);
    }
    if (!isfinite(g)) {
        return CLV_ERANGE;
    }
    *sum = g;
    return CLV_OK;
}
