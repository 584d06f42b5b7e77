/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
#ifndef CLV_MATH_GEOMETRIC_H
#define CLV_MATH_GEOMETRIC_H

/*
 * The geometric sum G(q, n) = 1 + q + q^2 + ... + q^(n-1) = (1 - q^n) / (1 - q), G(1, n) = n,
 * for a real ratio q and n >= 0 terms; the word-of-mouth generations, the K-factor growth and
 * the cost of a dissatisfied customer are all built from it.
 *
 * - n may be any real >= 0 when q >= 0 (the closed form extended to a real exponent, which is
 *   what a continuous-time K-factor curve needs), a whole number when q < 0, or +INFINITY:
 *   then G = 1 / (1 - q) for |q| < 1.
 * - Accuracy: where q^n is near 1 (|n log q| < 1/2) the numerator 1 - q^n is formed as
 *   -expm1(n log q), with log q = log1p(q - 1) near q = 1 (q - 1 is exact there, Sterbenz),
 *   so neither the numerator nor the denominator cancels: a few ulps for q = 1 +/- 1e-12 and
 *   n = 1e12. Elsewhere q^n comes from pow (an ulp, exact for dyadic q, so hand examples come
 *   out exact) and 1 - q^n loses at most two bits; near overflow the quotient is formed in
 *   logs. For q < 0 the sign of q^n is taken from the parity of n. G(q, 1) = 1 exactly.
 *
 * Returns CLV_OK and writes *sum; CLV_EDIVERGE for n = +INFINITY with |q| >= 1; CLV_ERANGE
 * when the sum overflows; CLV_EDOM for a NaN or infinite q, a NaN or negative n, or a q < 0
 * with a finite n that is not a whole number. *sum is untouched on error.
 */
int clv__geometric_sum(double q, double n, double *sum);

#endif /* CLV_MATH_GEOMETRIC_H */
