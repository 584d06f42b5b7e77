/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
#ifndef CLV_MATH_NORMAL_H
#define CLV_MATH_NORMAL_H

/*
 * Quantile of the standard normal distribution, Phi^{-1}(p), for p in (0, 1).
 * Wichura (1988), Algorithm AS 241 "The percentage points of the normal distribution",
 * Applied Statistics 37(3) 477-484, routine PPND16: rational approximations in three
 * regions, relative accuracy about 1e-16. Returns -inf at 0, +inf at 1 and NaN outside
 * [0, 1]: callers validate p first.
 */
double clv__normal_quantile(double p);

/*
 * Distribution function of the standard normal, Phi(x) = erfc(-x / sqrt 2) / 2 (Abramowitz &
 * Stegun 1964, "Handbook of Mathematical Functions", section 26.2), through the C library's
 * erfc, which keeps the lower tail accurate (no 1 - something). The rounding of x / sqrt 2
 * costs a relative error of about x^2 ulps in the tail (1e-14 at x = -8). Phi(-inf) = 0,
 * Phi(+inf) = 1, NaN for NaN.
 */
double clv__normal_cdf(double x);

/*
 * Two-sided tail probability of a standard normal statistic, P(|Z| >= |z|) = erfc(|z| / sqrt 2),
 * the p-value of a two-sided z test; in [0, 1], 0 for infinite z, NaN for NaN. Computed as one
 * erfc, never as 2 (1 - Phi(|z|)), so p-values down to 1e-300 keep their digits.
 */
double clv__normal_two_sided_p(double z);

/*
 * z of a two-sided confidence level, Phi^{-1}((1 + level) / 2), computed as
 * -Phi^{-1}((1 - level) / 2): the lower-tail argument is exact for level >= 0.5 and stays > 0
 * for every level < 1 ((1 + level) / 2 would round to 1 at the largest level below 1 and make
 * z infinite). level in (0, 1), validated by the caller.
 */
double clv__normal_two_sided_quantile(double level);

#endif /* CLV_MATH_NORMAL_H */
