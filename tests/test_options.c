/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Tests of lib/core/options.c: validation of size-versioned options structs. */
#include "clv_test.h"

#include <string.h>

#include "clv.h"
#include "core/options.h"

/* A layout as a library version 1.0 would know it, and a caller's newer, larger one. */
typedef struct v1_options {
    uint32_t struct_size;
    uint32_t reserved;
    double tolerance;
} v1_options;

typedef struct v2_options {
    uint32_t struct_size;
    uint32_t reserved;
    double tolerance;
    double added_later;
    uint32_t added_flag;
    uint32_t pad;
} v2_options;

static void test_options_exact_size_is_accepted(void **state) {
    (void)state;
    v1_options o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.tolerance = 1e-8;
    assert_int_equal(clv__check_options(&o, sizeof o, sizeof o), CLV_OK);
}

static void test_options_too_small_is_estruct(void **state) {
    (void)state;
    v1_options o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o - 8;
    assert_int_equal(clv__check_options(&o, sizeof o, sizeof o), CLV_ESTRUCT);
    o.struct_size = 0; /* an uninitialised caller struct */
    assert_int_equal(clv__check_options(&o, 8, sizeof o), CLV_ESTRUCT);
    o.struct_size = 4; /* smaller than the header itself */
    assert_int_equal(clv__check_options(&o, 4, sizeof o), CLV_ESTRUCT);
}

static void test_options_nonzero_reserved_is_estruct(void **state) {
    (void)state;
    v1_options o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.reserved = 1;
    assert_int_equal(clv__check_options(&o, sizeof o, sizeof o), CLV_ESTRUCT);
}

/* A newer caller's struct: accepted only while every field this library does not know is 0,
 * so no caller believes an option took effect when it was ignored. */
static void test_options_newer_layout_needs_zero_tail(void **state) {
    (void)state;
    v2_options o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof o;
    o.tolerance = 1e-6;
    assert_int_equal(clv__check_options(&o, sizeof(v1_options), sizeof(v1_options)), CLV_OK);
    o.added_later = 0.5;
    assert_int_equal(clv__check_options(&o, sizeof(v1_options), sizeof(v1_options)), CLV_ESTRUCT);
    o.added_later = 0.0;
    o.added_flag = 1;
    assert_int_equal(clv__check_options(&o, sizeof(v1_options), sizeof(v1_options)), CLV_ESTRUCT);
    /* The same struct against a library that knows the newer layout is fine. */
    assert_int_equal(clv__check_options(&o, sizeof(v1_options), sizeof(v2_options)), CLV_OK);
}

/* An older caller (struct_size between the oldest and the current layout) is accepted. */
static void test_options_older_layout_is_accepted(void **state) {
    (void)state;
    v2_options o;
    memset(&o, 0, sizeof o);
    o.struct_size = sizeof(v1_options);
    assert_int_equal(clv__check_options(&o, sizeof(v1_options), sizeof(v2_options)), CLV_OK);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_exact_size_is_accepted),
        cmocka_unit_test(test_options_too_small_is_estruct),
        cmocka_unit_test(test_options_nonzero_reserved_is_estruct),
        cmocka_unit_test(test_options_newer_layout_needs_zero_tail),
        cmocka_unit_test(test_options_older_layout_is_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
