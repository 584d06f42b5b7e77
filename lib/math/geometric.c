/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* The geometric sum G(q, n) = (1 - q^n) / (1 - q) without cancellation (see geometric.h). */
#include "math/geometric.h"

#include <math.h>

#include "clv.h"

/* Beyond this |x| = |n log q| the closed form is evaluated in log space: q^n is then within
 * a factor e^-9 of the overflow threshold, while the quotient itself may still be finite. */
#define LOG_SPACE_FROM 700.0

/* Below this |x| the numerator 1 - q^n is taken as -expm1(x): q^n is within a factor e^(1/2)
 * of 1, where 1 - pow(q, n) would cancel. Above it 1 - q^n loses at most ~2 bits, and pow
 * (good to an ulp, with no rounding of x) is the more accurate -- and exact for dyadic q. */
#define EXPM1_BELOW 0.5

/* log |q| for q != 0; log1p(|q| - 1) near |q| = 1, where |q| - 1 is exact (Sterbenz lemma for
 * |q| in [1/2, 2]) and log(|q|) would lose the digits the small difference carries. */
static double log_abs(double q) {
    double a = fabs(q);
    return (a >= 0.5 && a <= 2.0) ? log1p(a - 1.0) : log(a);
}

/* q != 0, 1 and n > 0 (a whole number when q < 0): G = (1 - q^n) / (1 - q). */
static double closed_form(double q, double n) {
    double x = n * log_abs(q); /* log |q|^n */
    if (fabs(x) < EXPM1_BELOW) {
        if (q > 0.0) {
            return expm1(x) / (q - 1.0);
        }
        /* q < 0, q^n = (-1)^n |q|^n. For even n the numerator 1 - |q|^n is -expm1(x); for
         * odd n it is 1 + |q|^n, a sum of positive terms. 1 - q >= 1 never cancels. */
        int even = fmod(n, 2.0) == 0.0;
        return (even ? -expm1(x) : 1.0 + exp(x)) / (1.0 - q);
    }
    if (x <= LOG_SPACE_FROM) {
        return (1.0 - pow(q, n)) / (1.0 - q);
    }
    /* |q| > 1 and |q|^n near or past overflow: |q|^n / |1 - q| (1 -/+ |q|^-n), in logs. The
     * sign is that of q^n / (q - 1): + for q > 1, (-1)^(n+1) for q < 0. */
    if (q > 0.0) {
        return exp(x - log(q - 1.0)) * -expm1(-x);
    }
    double magnitude = exp(x - log1p(-q));
    return (fmod(n, 2.0) == 0.0) ? -magnitude * -expm1(-x) : magnitude * (1.0 + exp(-x));
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
    } else if (q == 0.0 || n == 1.0) {
        g = 1.0; /* the single term q^0; 0^n = 0 for n > 0 */
    } else {
        g = closed_form(q, n);
    }
    if (!isfinite(g)) {
        return CLV_ERANGE;
    }
    *sum = g;
    return CLV_OK;
}
