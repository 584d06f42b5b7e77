/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Input validation shared by every entry point. Each helper returns CLV_OK or the status the
 * public documentation promises for that kind of bad input, so a function validates with a
 * chain of `if ((st = clv__check_...(x)) != CLV_OK) return st;` and computes only after.
 */
#ifndef CLV_CORE_VALIDATE_H
#define CLV_CORE_VALIDATE_H

#include <math.h>

#include "clv.h"

/* A finite number: not NaN, not an infinity. */
static inline int clv__check_finite(double x) {
    return isfinite(x) ? CLV_OK : CLV_EDOM;
}

/* A finite number >= 0 (a count, a length, a spend). NaN fails the comparison. */
static inline int clv__check_nonneg(double x) {
    return (isfinite(x) && x >= 0.0) ? CLV_OK : CLV_EDOM;
}

/* A finite number > 0 (a denominator, a period length). */
static inline int clv__check_positive(double x) {
    return (isfinite(x) && x > 0.0) ? CLV_OK : CLV_EDOM;
}

/* A probability or rate in [0, 1]. */
static inline int clv__check_prob(double x) {
    return (x >= 0.0 && x <= 1.0) ? CLV_OK : CLV_EDOM;
}

/* A horizon in whole periods: +INFINITY, or a whole number >= 0. */
static inline int clv__check_horizon(double h) {
    if (isnan(h) || h < 0.0) {
        return CLV_EDOM;
    }
    if (isinf(h)) {
        return CLV_OK;
    }
    return (floor(h) == h) ? CLV_OK : CLV_EINVAL;
}

/* A margin-timing flag of clv.h. */
static inline int clv__check_timing(int timing) {
    return (timing == CLV_MARGIN_END || timing == CLV_MARGIN_START) ? CLV_OK : CLV_EINVAL;
}

/* A computed result that must be representable: overflow becomes CLV_ERANGE, not inf. */
static inline int clv__check_result(double x) {
    return isfinite(x) ? CLV_OK : CLV_ERANGE;
}

/* One customer's history (x, t_x, T) as the "buy till you die" models read it: x a whole
 * number >= 0, T finite and >= 0, 0 <= t_x <= T, and t_x = 0 when x = 0. */
static inline int clv__check_history(double x, double t_x, double T) {
    if (!(x >= 0.0) || !isfinite(x) || floor(x) != x || !(T >= 0.0) || !isfinite(T) ||
        !(t_x >= 0.0) || !(t_x <= T) || (x == 0.0 && t_x != 0.0)) {
        return CLV_EDOM;
    }
    return CLV_OK;
}

/* Positive, finite model parameters (every parameter of every model). */
static inline int clv__check_params(const double *theta, int n) {
    for (int i = 0; i < n; i++) {
        if (!(theta[i] > 0.0) || !isfinite(theta[i])) {
            return CLV_EDOM;
        }
    }
    return CLV_OK;
}

#endif /* CLV_CORE_VALIDATE_H */
