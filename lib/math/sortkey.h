/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
#ifndef CLV_MATH_SORTKEY_H
#define CLV_MATH_SORTKEY_H

/*
 * Radix-sort keys of non-negative doubles (durations, exit and entry times): a non-negative
 * double's IEEE bit pattern, read as an unsigned integer, orders like the double, so an LSD
 * radix sort of the patterns sorts the times. -0 is mapped to +0 first, so that the two
 * zeros are one key. Used by Kaplan-Meier (lib/churn/km.c) and the survival comparisons
 * (lib/churn/survtest.c); the transaction log's keys (lib/clv/rfm.c) take signed times and
 * have their own mapping.
 */
#include <stdint.h>
#include <string.h>

/* The key of t >= 0 (or -0). */
static inline uint64_t clv__nonneg_key(double t) {
    double d = t + 0.0; /* -0 + 0 = +0 */
    uint64_t k;
    memcpy(&k, &d, sizeof k);
    return k;
}

/* The time back from its key. */
static inline double clv__nonneg_value(uint64_t k) {
    double d;
    memcpy(&d, &k, sizeof d);
    return d;
}

#endif /* CLV_MATH_SORTKEY_H */
