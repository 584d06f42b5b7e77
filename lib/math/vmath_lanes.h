/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The lane-wise functions of math/vmath.h for one vector width; included by vmath.h once per
 * width with VD (the double vector type), VI (the int64_t vector type of the same width),
 * VF(name) (the function name) and VATTR (a target attribute, or nothing) defined. See vmath.h for the methods and accuracy.
 */
/* NOLINT(build/header_guard): included once per width on purpose. */

/* Lane-wise select: m ? a : b, for a mask m of all-ones / all-zeros lanes (a comparison). */
CLV__VINLINE VATTR VD VF(select)(VI m, VD a, VD b) {
    return (VD)((m & (VI)a) | (~m & (VI)b));
}

CLV__VINLINE VATTR VD VF(splat)(double v) {
    VD zero = {0};
    return zero + v;
}

/*
 * exp(x), lane-wise. Domain: any double but NaN. x > ln(DBL_MAX) gives +inf; x < -707 gives 0
 * (results below 2^-1020 are flushed to zero: callers add the result to 1 or compare it).
 */
CLV__VINLINE VATTR VD VF(exp)(VD x) {
    const double log2e = 0x1.71547652b82fep+0;
    const double ln2_hi = 0x1.62e42ff000000p-1;
    const double ln2_lo = -0x1.718432a1b0e26p-35;
    const double shifter = 0x1.8p52; /* adding it rounds to an integer held in the low bits */
    const double x_max = 0x1.62e42fefa39efp+9; /* ln(DBL_MAX) rounded: 709.78 */
    const double x_min = -707.0;
    VI over = x > VF(splat)(x_max);
    VI under = x < VF(splat)(x_min);
    /* Clamp so the lanes that are replaced below stay finite on the way. */
    VD xc = VF(select)(over | under, VF(splat)(0.0), x);
    VD t = xc * log2e + shifter;
    VD k = t - shifter; /* round(x / ln 2), an exact integer in [-1021, 1024] */
    VD r = (xc - k * ln2_hi) - k * ln2_lo;
    /* Taylor polynomial to r^13/13!, by Estrin's scheme (short dependency chains). */
    VD r2 = r * r;
    VD r4 = r2 * r2;
    VD a0 = 1.0 + r;
    VD a1 = 0.5 + r * (1.0 / 6.0);
    VD a2 = 1.0 / 24.0 + r * (1.0 / 120.0);
    VD a3 = 1.0 / 720.0 + r * (1.0 / 5040.0);
    VD a4 = 1.0 / 40320.0 + r * (1.0 / 362880.0);
    VD a5 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
    VD a6 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
    VD b0 = a0 + r2 * a1;
    VD b1 = a2 + r2 * a3;
    VD b2 = a4 + r2 * a5;
    VD d1 = b2 + r4 * a6;
    VD p = b0 + r4 * (b1 + r4 * d1);
    /* 2^(k-1) from its bits (k - 1 in [-1022, 1023], a normal number), times 2 p (exact). */
    VI ki = (VI)t - (VI)VF(splat)(shifter);
    VD scale = (VD)((ki + 1022) << 52);
    VD e = (p + p) * scale;
    e = VF(select)(under, VF(splat)(0.0), e);
    return VF(select)(over, VF(splat)(__builtin_inf()), e);
}

/*
 * log(y), lane-wise, for y >= 1 finite (the only use: the y = 1 + u of clv__v4_log1p).
 * e ln 2 is added in two parts (ln2_hi exact times e, then ln2_lo with the small terms).
 */
CLV__VINLINE VATTR VD VF(log_ge1)(VD y) {
    const double ln2_hi = 0x1.62e42ff000000p-1;
    const double ln2_lo = -0x1.718432a1b0e26p-35;
    const int64_t mant = INT64_C(0x000fffffffffffff);
    const int64_t one = INT64_C(0x3ff0000000000000);
    VI bits = (VI)y;
    VI ei = (bits >> 52) - 1023; /* y >= 1: the sign bit is clear */
    VD m = (VD)((bits & mant) | one); /* [1, 2) */
    VI big = m > VF(splat)(0x1.6a09e667f3bcdp+0); /* above sqrt(2): halve */
    m = VF(select)(big, m * 0.5, m);
    ei = ei - big; /* a true comparison lane is -1 */
    /* e as a double: its low bits under the exponent of 2^52 + 2^51 (exact for |e| < 2^51). */
    VD e = (VD)(ei + (VI)VF(splat)(0x1.8p52)) - 0x1.8p52;
    VD f = m - 1.0; /* exact (Sterbenz) */
    VD s = f / (m + 1.0);
    VD z = s * s;
    /* q = sum_{i=0}^{9} z^i / (2i + 3), by Estrin's scheme. */
    VD z2 = z * z;
    VD z4 = z2 * z2;
    VD q0 = (1.0 / 3.0 + z * (1.0 / 5.0)) + z2 * (1.0 / 7.0 + z * (1.0 / 9.0));
    VD q1 = (1.0 / 11.0 + z * (1.0 / 13.0)) + z2 * (1.0 / 15.0 + z * (1.0 / 17.0));
    VD q2 = 1.0 / 19.0 + z * (1.0 / 21.0);
    VD q = q0 + z4 * (q1 + z4 * q2);
    /* log(m) = 2s + 2s z q; e ln 2 added hi part first. */
    VD two_s = s + s;
    return e * ln2_hi + (two_s + (two_s * z * q + e * ln2_lo));
}

/*
 * log1p(u), lane-wise, for u >= 0 (including +inf, which gives +inf).
 */
CLV__VINLINE VATTR VD VF(log1p)(VD u) {
    VI inf = u == VF(splat)(__builtin_inf());
    VD uc = VF(select)(inf, VF(splat)(1.0), u);
    VD one = VF(splat)(1.0);
    /* TwoSum (Knuth): y + c = 1 + u exactly. */
    VD y = one + uc;
    VD bb = y - one;
    VD c = (one - (y - bb)) + (uc - bb);
    VD l = VF(log_ge1)(y) + c / y;
    return VF(select)(inf, VF(splat)(__builtin_inf()), l);
}

