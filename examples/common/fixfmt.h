/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * fixfmt: a double written with a fixed number of decimals, the same characters as
 * printf("%.*f") gives, without printf's cost (clv-report --csv writes millions of them).
 *
 * A finite double is m 2^e exactly (m an integer below 2^53). For |v| < 2^52 and up to 6
 * decimals, v 10^d = m 10^d / 2^k (k = -e > 0) is rounded as printf rounds it: the exact
 * quotient to the nearest integer, ties to even (glibc, in the default rounding mode) --
 * m 10^d < 2^73 and the shift are exact in 128-bit integers. Anything else (NaN, infinities,
 * larger values, more decimals) goes to snprintf. examples/test/test-fixfmt.c compares the two
 * on millions of values, ties and edge cases included.
 */
#ifndef CLV_EXAMPLES_FIXFMT_H
#define CLV_EXAMPLES_FIXFMT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 fixfmt_u128;

/* Room for any double written so: 309 digits, a sign, a point and 6 decimals, and the NUL. */
#define FIXFMT_SIZE 320

/* Write v with `decimals` (0..6) digits after the point into out (room for FIXFMT_SIZE
 * bytes), NUL terminated; returns the length. */
static inline int fixfmt(char *out, double v, int decimals) {
    static const uint32_t pow10[7] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
    if (biased == 0x7ff || biased >= 1075 || decimals < 0 || decimals > 6) {
        return snprintf(out, FIXFMT_SIZE, "%.*f", decimals, v); /* NaN, inf, |v| >= 2^52 */
    }
    int e = biased == 0 ? -1074 : biased - 1075; /* v = m 2^e, e < 0 */
    if (biased != 0) {
        m |= UINT64_C(1) << 52;
    }
    int k = -e;
    uint64_t p = pow10[decimals];
    fixfmt_u128 n = (fixfmt_u128)m * p, q;
    if (k >= 128) {
        q = 0; /* below 2^-55: rounds to 0 */
    } else {
        q = n >> k;
        fixfmt_u128 rem = n - (q << k), half = (fixfmt_u128)1 << (k - 1);
        if (rem > half || (rem == half && (q & 1) != 0)) {
            q++;
        }
    }
    /* q < 2^52 10^6 / 2^0 fits 73 bits; its integer part below 2^52. */
    uint64_t whole = (uint64_t)(q / p), frac = (uint64_t)(q % p);
    char digits[24];
    int nd = 0, len = 0;
    do {
        digits[nd++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole > 0);
    if (bits >> 63) {
        out[len++] = '-';
    }
    while (nd > 0) {
        out[len++] = digits[--nd];
    }
    if (decimals > 0) {
        out[len++] = '.';
        for (int i = decimals - 1; i >= 0; i--) {
            out[len + i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        len += decimals;
    }
    out[len] = '\0';
    return len;
}

#endif
