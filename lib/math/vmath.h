/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * exp and log1p on two or four doubles at once, for the scoring loops over customer tables
 * (a table's P(alive) costs little more than these two functions per row).
 *
 * Written with the GNU C vector extension (gcc >= 9, clang >= 9): the compiler maps a vector
 * onto whatever the target has (SSE2 on baseline x86-64, NEON, or plain scalar code; four
 * lanes inside functions compiled for AVX2) and the arithmetic stays IEEE double arithmetic,
 * lane by lane. Only +, -, *, / and bit operations are used, and the library is compiled with
 * -ffp-contract=off (no fusing into multiply-adds), so every width and target gives the same
 * doubles: a single customer scored in one lane gets the double a table's row gets in
 * another. No table lookups. The sums are evaluated by Estrin's scheme (short dependency
 * chains; Horner's chains made the loop latency-bound).
 *
 * Accuracy (tests/test_vmath.c, against 50-digit mpmath values): within 2 units in the last
 * place over the domains below.
 *
 * Methods (standard argument reductions, e.g. Muller, "Elementary Functions", 3rd ed. 2016,
 * ch. 11; Tang 1989 for exp):
 *   exp(x)   = 2^k exp(r), k = round(x / ln 2), r = x - k ln 2 (ln 2 in two parts, the first
 *              with 24 trailing zero bits so k ln2_hi is exact), |r| <= 0.347, exp(r) by its
 *              Taylor series to r^13/13! (the next term is below 5e-18 relative).
 *   log1p(u) = log(y) + c / y, y = fl(1 + u), c = (1 + u) - y exactly (Knuth's TwoSum);
 *   log(y)   = e ln 2 + log(m), y = 2^e m, m in [sqrt(1/2), sqrt(2)), and
 *              log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1)/(m + 1),
 *              |s| <= 0.1716, to s^21/21 (the next term is below 3e-17 of the sum).
 */
#ifndef CLV_MATH_VMATH_H
#define CLV_MATH_VMATH_H

#include <stdint.h>

/* The functions are always inlined, so the calling convention of 32-byte vectors on targets
 * without AVX (the -Wpsabi note, which gcc and clang give at every call site) never applies: the note
 * is off for the rest of a file that includes this header. */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpsabi"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
#define CLV__VINLINE static inline __attribute__((always_inline))

/* Two lanes (16 bytes: SSE2, NEON, any target) and four (32 bytes: used inside functions
 * compiled for AVX2, see clv__have_avx2()). */
typedef double clv__v2d __attribute__((vector_size(16)));
typedef int64_t clv__v2i __attribute__((vector_size(16)));
typedef double clv__v4d __attribute__((vector_size(32)));
typedef int64_t clv__v4i __attribute__((vector_size(32)));

/*
 * 1 if this CPU runs AVX2 code and the compiler can target it (x86-64 gcc or clang), else 0:
 * the array loops then take their four-lane AVX2 path. Either path gives the same doubles.
 */
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define CLV__HAVE_AVX2_PATH 1
#define CLV__TARGET_AVX2 __attribute__((target("avx2")))
static inline int clv__have_avx2(void) {
    return __builtin_cpu_supports("avx2") != 0;
}
#else
#define CLV__HAVE_AVX2_PATH 0
#define CLV__TARGET_AVX2
static inline int clv__have_avx2(void) {
    return 0;
}
#endif

#define VD clv__v2d
#define VI clv__v2i
#define VF(name) clv__v2_##name
#define VATTR
#include "math/vmath_lanes.h"
#undef VD
#undef VI
#undef VF
#undef VATTR

/* Compiled for AVX2 themselves: clang will not pass 32-byte vectors to a function without
 * AVX, inlined or not. On other targets the four-lane functions are plain vector code. */
#define VD clv__v4d
#define VI clv__v4i
#define VF(name) clv__v4_##name
#define VATTR CLV__TARGET_AVX2
#include "math/vmath_lanes.h"
#undef VD
#undef VI
#undef VF
#undef VATTR

/* Name a function of one width: CLV__V2(exp) is clv__v2_exp. */
#define CLV__V2(name) clv__v2_##name
#define CLV__V4(name) clv__v4_##name

#endif /* CLV_MATH_VMATH_H */
