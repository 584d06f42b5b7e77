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

#endif /* CLV_MATH_NORMAL_H */
