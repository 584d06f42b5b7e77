/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for examples/common/fixfmt.h, clv-report's fixed-decimal writer: the same characters
 * as the C library's printf("%.*f") -- the independent implementation it replaces -- on
 * exact ties (round half to even), signed zeros and tiny negatives, subnormals, the 2^52
 * switch to snprintf, NaN and infinities, and a million pseudo-random doubles of the kinds
 * a CSV holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fixfmt.h"

/* 1 when fixfmt() and snprintf() agree on v at d decimals; prints the first few that do not. */
static int same(double v, int d, int *shown) {
    char a[FIXFMT_SIZE], b[FIXFMT_SIZE];
    int la = fixfmt(a, v, d);
    int lb = snprintf(b, sizeof b, "%.*f", d, v);
    if (la == lb && strcmp(a, b) == 0) {
        return 1;
    }
    if ((*shown)++ < 5) {
        print_message("# %.17g at %d decimals: fixfmt '%s', printf '%s'\n", v, d, a, b);
    }
    return 0;
}

static void test_edge_cases_match_printf(void **state) {
    (void)state;
    const double cases[] = {0.0,
                            -0.0,
                            0.5,
                            1.5,
                            2.5,
                            -2.5,
                            0.125,
                            0.375,
                            -0.625,
                            1e-7,
                            -1e-7,
                            5e-7,
                            -1e-300,
                            4.9e-324,
                            -4.9e-324,
                            2.2250738585072014e-308,
                            0.00049999999999999999,
                            0.0005,
                            123456.78905,
                            4503599627370495.5,
                            4503599627370496.0,
                            9007199254740993.0,
                            1e300,
                            -1e300,
                            INFINITY,
                            -INFINITY,
                            NAN,
                            -NAN,
                            1.0 / 3.0,
                            2.0 / 3.0,
                            99.99995,
                            0.999999999};
    int shown = 0, bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int d = 0; d <= 6; d++) {
            bad += !same(cases[i], d, &shown);
        }
    }
    assert_int_equal(bad, 0);
}

/* Every binary fraction j / 2^s is an exact tie at some number of decimals: all of them for
 * s <= 7 and j up to 2^12, at 0..6 decimals. */
static void test_ties_round_half_to_even_as_printf(void **state) {
    (void)state;
    int shown = 0, bad = 0;
    for (int s = 1; s <= 7; s++) {
        for (int j = -4096; j <= 4096; j++) {
            for (int d = 0; d <= 6; d++) {
                bad += !same(ldexp((double)j, -s), d, &shown);
            }
        }
    }
    assert_int_equal(bad, 0);
}

static void test_random_values_match_printf(void **state) {
    (void)state;
    uint64_t s = 88172645463325252u; /* xorshift64 */
    int shown = 0, bad = 0;
    for (long i = 0; i < 1000000; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        double v;
        switch (i % 4) {
        case 0: /* any bit pattern: every exponent, NaNs, infinities */
            memcpy(&v, &s, sizeof v);
            break;
        case 1: /* amounts with 4 decimals */
            v = (double)(s % 100000000) / 1e4 * ((s >> 40) & 1 ? -1.0 : 1.0);
            break;
        case 2: /* probabilities and expectations */
            v = (double)(s >> 11) / 9007199254740992.0 * (double)(1 + (s >> 60));
            break;
        default: /* small and large magnitudes */
            v = ldexp((double)(s >> 11), -(int)(s % 120));
            break;
        }
        bad += !same(v, (int)(i % 7), &shown);
    }
    assert_int_equal(bad, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases_match_printf),
        cmocka_unit_test(test_ties_round_half_to_even_as_printf),
        cmocka_unit_test(test_random_values_match_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
