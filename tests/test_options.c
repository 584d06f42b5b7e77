/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Tests of lib/core/options.c: validation of size-versioned options structs. */
#include "clv_test.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "core/options.h"
#include "referral.h"

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

/* struct_size is capped at CLV__OPTIONS_MAX_SIZE (4096, clv.h "Conventions"): the unknown-tail
 * scan never runs past it, so a garbage struct_size (here the largest, 4 GiB - 1, in an
 * 8-byte block: AddressSanitizer stops any read past it) is CLV_ESTRUCT. A zero tail up to
 * the cap is still a newer caller's struct. */
static void test_options_struct_size_is_capped_at_4096(void **state) {
    (void)state;
    assert_int_equal(CLV__OPTIONS_MAX_SIZE, 4096);
    clv__options_header *h = malloc(sizeof *h);
    assert_non_null(h);
    h->struct_size = UINT32_MAX;
    h->reserved = 0;
    assert_int_equal(clv__check_options(h, sizeof *h, sizeof *h), CLV_ESTRUCT);
    h->struct_size = CLV__OPTIONS_MAX_SIZE + 1;
    assert_int_equal(clv__check_options(h, sizeof *h, sizeof *h), CLV_ESTRUCT);
    free(h);
    unsigned char *big = calloc(1, CLV__OPTIONS_MAX_SIZE + 8);
    assert_non_null(big);
    uint32_t size = CLV__OPTIONS_MAX_SIZE;
    memcpy(big, &size, sizeof size);
    assert_int_equal(clv__check_options(big, 8, 16), CLV_OK);
    size = CLV__OPTIONS_MAX_SIZE + 8; /* all zero, but over the cap */
    memcpy(big, &size, sizeof size);
    assert_int_equal(clv__check_options(big, 8, 16), CLV_ESTRUCT);
    free(big);
}

/* ---- every public options struct at every size, in an allocation of exactly that size ---- */

/*
 * A caller that was built against an older header (or writes the struct by hand through an
 * FFI) passes a struct_size smaller than this header's sizeof, and its struct ends there: the
 * library must not read one byte past struct_size. Each options struct is copied below into a
 * malloc'd block of exactly struct_size bytes, so AddressSanitizer (the build-san setup) reports
 * any read past it; without the sanitizer the statuses are still checked.
 */

/* A copy of the first `size` bytes of `full` (zeros past full_size) with struct_size = size,
 * in a block of exactly `size` bytes. */
static void *exact_options(const void *full, size_t full_size, size_t size) {
    unsigned char *p = malloc(size);
    assert_non_null(p);
    memset(p, 0, size);
    memcpy(p, full, size < full_size ? size : full_size);
    uint32_t s = (uint32_t)size;
    memcpy(p, &s, sizeof s);
    return p;
}

/* Sizes to try: every 4 bytes (each field boundary and each half of an 8-byte field) from the
 * header to 32 bytes past this header's layout. */
#define SIZE_STEP 4
#define SIZE_PAST 32

typedef struct counting_allocator {
    int live;
    int total;
} counting_allocator;

/* ctx may be null: a library that read only part of the options could pass it so. */
static void *count_alloc(void *ctx, size_t size) {
    counting_allocator *c = ctx;
    if (c != NULL) {
        c->live++;
        c->total++;
    }
    return malloc(size);
}

static void count_free(void *ctx, void *ptr) {
    counting_allocator *c = ctx;
    if (c != NULL) {
        c->live--;
    }
    free(ptr);
}

/* 8 distinct histories, each 64 times (512 rows): whole numbers, so valid for BG/BB too, and
 * with more than 256 rows and few distinct ones, so a fit with allocator hooks merges them
 * (lib/clv/fit.c) and frees the copy through the options' dealloc. */
enum { DISTINCT = 8, COPIES = 64, ROWS = DISTINCT * COPIES };
typedef struct rows {
    double x[ROWS], t_x[ROWS], T[ROWS], m[ROWS];
} rows;

static void fill_rows(rows *r) {
    static const double h[DISTINCT][4] = {{0, 0, 6, 0},  {1, 2, 6, 20}, {2, 5, 6, 35},
                                          {3, 3, 6, 15}, {4, 6, 6, 42}, {0, 0, 5, 0},
                                          {1, 1, 5, 28}, {5, 5, 5, 60}};
    for (size_t i = 0; i < ROWS; i++) {
        r->x[i] = h[i % DISTINCT][0];
        r->t_x[i] = h[i % DISTINCT][1];
        r->T[i] = h[i % DISTINCT][2];
        r->m[i] = h[i % DISTINCT][3];
    }
}

/* clv_fit_options: the layouts this library publishes are the 1.0 struct before the allocator
 * hooks (struct_size = offsetof(clv_fit_options, alloc): no hooks), the one before the diag
 * pointer (offsetof(clv_fit_options, diag)) and the current one; a larger struct_size is a
 * newer caller's, accepted with a zero tail. A size between two layouts, which would end
 * inside a pointer, is no layout: CLV_ESTRUCT. */
static int fit_size_accepted(size_t size) {
    return size == offsetof(clv_fit_options, alloc) || size == offsetof(clv_fit_options, diag) ||
           size >= sizeof(clv_fit_options);
}

/* A fit that read its options and ran: converged or not, or CLV_EIDENT -- the 8 distinct
 * histories below (and the 4 durations) do not pin down every model, whose estimates run off
 * to a boundary (lib/clv/fit.c); the options were read all the same. */
static int fitted(int st) {
    return st == CLV_OK || st == CLV_ENOCONV || st == CLV_EIDENT;
}

static int fit_at_size(int which, const clv_rfm_view *v, const clv_rfm_view *vm,
                       const clv_fit_options *o) {
    switch (which) {
    case 0: {
        clv_bgnbd_params p;
        return clv_bgnbd_fit(v, o, &p, NULL);
    }
    case 1: {
        clv_mbgnbd_params p;
        return clv_mbgnbd_fit(v, o, &p, NULL);
    }
    case 2: {
        clv_pnbd_params p;
        return clv_pnbd_fit(v, o, &p, NULL);
    }
    case 3: {
        clv_bgbb_params p;
        return clv_bgbb_fit(v, o, &p, NULL);
    }
    default: {
        clv_gg_params p;
        return clv_gg_fit(vm, o, &p, NULL);
    }
    }
}

static void test_fit_options_every_size_reads_only_struct_size_bytes(void **state) {
    (void)state;
    rows *r = malloc(sizeof *r);
    assert_non_null(r);
    fill_rows(r);
    clv_rfm_view v = {ROWS, r->x, r->t_x, r->T, NULL, NULL};
    clv_rfm_view vm = {ROWS, r->x, r->t_x, r->T, r->m, NULL};
    const double duration[4] = {1, 2, 3, 3};
    const int32_t churned[4] = {1, 1, 1, 0};
    const clv_sbg_durations d = {4, duration, churned, NULL};
    counting_allocator c = {0, 0};
    clv_fit_options full;
    clv_fit_options_init(&full);
    full.max_iterations = 50;
    full.alloc = count_alloc;
    full.dealloc = count_free;
    full.alloc_ctx = &c;
    for (size_t size = 8; size <= sizeof full + SIZE_PAST; size += SIZE_STEP) {
        clv_fit_options *o = exact_options(&full, sizeof full, size);
        int accepted = fit_size_accepted(size);
        for (int which = 0; which < 5; which++) {
            c.total = 0;
            int st = fit_at_size(which, &v, &vm, o);
            if (!accepted) {
                if (st != CLV_ESTRUCT) {
                    fail_msg("model %d, struct_size %zu: status %d, expected CLV_ESTRUCT", which,
                             size, st);
                }
                assert_int_equal(c.total, 0);
                continue;
            }
            if (!fitted(st)) {
                fail_msg("model %d, struct_size %zu: status %d", which, size, st);
            }
            /* The hooks are used exactly when the caller's layout has them. */
            assert_int_equal(c.total, size >= offsetof(clv_fit_options, diag) ? 1 : 0);
            assert_int_equal(c.live, 0);
        }
        clv_fit_state fs;
        clv_sbg_params sp;
        assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, o, NULL),
                         accepted ? CLV_OK : CLV_ESTRUCT);
        int st = clv_sbg_fit(&d, o, &sp, NULL);
        assert_true(accepted ? fitted(st) : st == CLV_ESTRUCT);
        free(o);
    }
    free(r);
}

/* Every other options struct has two or three layouts: clv_rfm_options before the diag
 * pointer, before the progress callback and current; clv_value_options and clv_bass_fit_options before and with their progress
 * callbacks. A smaller struct_size that is no layout is CLV_ESTRUCT, an equal or larger one
 * (zero tail) is read. */
static void test_rfm_options_every_size_reads_only_struct_size_bytes(void **state) {
    (void)state;
    const uint64_t customer[4] = {7, 7, 7, 9}; /* sorted by customer, then time */
    const double time[4] = {0.0, 3.0, 8.0, 1.0};
    const double amount[4] = {10.0, 20.0, 30.0, 5.0};
    double x[2], t_x[2], T[2];
    clv_rfm_table table = {2, NULL, x, t_x, T, NULL, NULL, NULL};
    clv_rfm_options full;
    clv_rfm_options_init(&full);
    full.calibration_end = 8.0;
    for (size_t size = 8; size <= sizeof full + SIZE_PAST; size += SIZE_STEP) {
        clv_rfm_options *o = exact_options(&full, sizeof full, size);
        size_t n = 0;
        int st = clv_rfm_summary(customer, time, amount, 4, NULL, o, &table, &n, NULL);
        if (size < sizeof full && size != offsetof(clv_rfm_options, diag) &&
            size != offsetof(clv_rfm_options, progress)) {
            assert_int_equal(st, CLV_ESTRUCT);
        } else {
            assert_int_equal(st, CLV_OK);
            assert_int_equal(n, 2);
            assert_true(x[0] == 2.0 && t_x[0] == 8.0 && T[0] == 8.0); /* customer 7 */
        }
        free(o);
    }
}

static void test_value_options_every_size_reads_only_struct_size_bytes(void **state) {
    (void)state;
    const clv_purchase_model model = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
    clv_value_options full;
    clv_value_options_init(&full);
    full.horizon = 4.0;
    double expected = 0.0;
    assert_int_equal(clv_customer_value(&model, NULL, &full, 2.0, 30.43, 38.86, 50.0, &expected),
                     CLV_OK);
    assert_true(expected > 0.0);
    /* Two layouts: before the progress callback (issue 21), and the current one. */
    const size_t v0 = offsetof(clv_value_options, progress);
    for (size_t size = 8; size <= sizeof full + SIZE_PAST; size += SIZE_STEP) {
        clv_value_options *o = exact_options(&full, sizeof full, size);
        double value = -1.0;
        int st = clv_customer_value(&model, NULL, o, 2.0, 30.43, 38.86, 50.0, &value);
        if (size < sizeof full && size != v0) {
            assert_int_equal(st, CLV_ESTRUCT);
            assert_true(value == -1.0);
        } else {
            assert_int_equal(st, CLV_OK);
            assert_true(value == expected); /* the same options, the same doubles */
        }
        free(o);
    }
}

static void test_bass_options_every_size_reads_only_struct_size_bytes(void **state) {
    (void)state;
    const double counts[10] = {100, 200, 350, 500, 600, 550, 400, 250, 120, 60};
    clv_bass_fit_options full;
    clv_bass_fit_options_init(&full);
    full.max_iterations = 60;
    /* Three layouts: before the progress callback (issue 21), before the diag pointer
     * (issue 15), and the current one. */
    const size_t v0 = offsetof(clv_bass_fit_options, progress);
    const size_t v1 = offsetof(clv_bass_fit_options, diag);
    for (size_t size = 8; size <= sizeof full + SIZE_PAST; size += SIZE_STEP) {
        clv_bass_fit_options *o = exact_options(&full, sizeof full, size);
        clv_bass_params p;
        int st = clv_bass_fit(counts, 10, o, &p, NULL);
        if (size < sizeof full && size != v0 && size != v1) {
            assert_int_equal(st, CLV_ESTRUCT);
        } else {
            assert_true(st == CLV_OK || st == CLV_ENOCONV);
        }
        free(o);
    }
}

/* The diag pointer (issue 15) at every struct_size: a layout that has it gets the record
 * filled on a bad row; an older layout (before diag, before the hooks) ends before it, so
 * the record it would point to is never written; a size that is no layout is CLV_ESTRUCT
 * with nothing written. The same for clv_rfm_options and its two layouts. */
static void test_diag_pointer_is_read_only_by_layouts_that_have_it(void **state) {
    (void)state;
    rows *r = malloc(sizeof *r);
    assert_non_null(r);
    fill_rows(r);
    r->t_x[300] = 9.0; /* T = 6 or 5: t_x > T */
    clv_rfm_view v = {ROWS, r->x, r->t_x, r->T, NULL, NULL};
    clv_diag d;
    clv_fit_options full;
    clv_fit_options_init(&full);
    full.diag = &d;
    for (size_t size = 8; size <= sizeof full + SIZE_PAST; size += SIZE_STEP) {
        clv_fit_options *o = exact_options(&full, sizeof full, size);
        clv_diag_init(&d);
        clv_bgnbd_params p;
        int st = clv_bgnbd_fit(&v, o, &p, NULL);
        assert_int_equal(st, CLV_EDOM); /* the data are checked first, at every size */
        if (size >= sizeof full) {
            assert_int_equal(d.status, CLV_EDOM);
            assert_int_equal(d.row, 300);
            assert_int_equal(d.rule, CLV_RULE_RECENCY_ABOVE_T);
        } else {
            assert_int_equal(d.status, 0);
        }
        free(o);
    }

    const uint64_t customer[3] = {7, 7, 9};
    const double time[3] = {3.0, 1.0, 1.0}; /* customer 7 out of order */
    double x[2], t_x[2], T[2];
    clv_rfm_table table = {2, NULL, x, t_x, T, NULL, NULL, NULL};
    clv_rfm_options rfull;
    clv_rfm_options_init(&rfull);
    rfull.diag = &d;
    for (size_t size = 8; size <= sizeof rfull + SIZE_PAST; size += SIZE_STEP) {
        clv_rfm_options *o = exact_options(&rfull, sizeof rfull, size);
        clv_diag_init(&d);
        size_t n = 0;
        int st = clv_rfm_summary(customer, time, NULL, 3, NULL, o, &table, &n, NULL);
        if (size >= sizeof rfull || size == offsetof(clv_rfm_options, progress)) {
            assert_int_equal(st, CLV_EINVAL);
            assert_int_equal(d.status, CLV_EINVAL);
            assert_int_equal(d.rule, CLV_RULE_NOT_SORTED);
            assert_int_equal(d.row, 1);
        } else {
            assert_int_equal(st,
                             size == offsetof(clv_rfm_options, diag) ? CLV_EINVAL : CLV_ESTRUCT);
            assert_int_equal(d.status, 0);
        }
        free(o);
    }
    free(r);
}

/* The cap through every public reader: a zero tail up to 4096 bytes is accepted, 4104 bytes
 * or a struct_size of 4 GiB - 1 (in a block of the struct's own size) is CLV_ESTRUCT. */
static void test_public_options_over_4096_bytes_are_estruct(void **state) {
    (void)state;
    rows *r = malloc(sizeof *r);
    assert_non_null(r);
    fill_rows(r);
    clv_rfm_view v = {ROWS, r->x, r->t_x, r->T, NULL, NULL};
    const size_t sizes[3] = {4096, 4104, 0};
    for (int k = 0; k < 3; k++) {
        size_t alloc = sizes[k] ? sizes[k] : sizeof(clv_fit_options);
        int want = (k == 0) ? CLV_OK : CLV_ESTRUCT;
        clv_fit_options fo;
        clv_fit_options_init(&fo);
        clv_fit_options *o = exact_options(&fo, sizeof fo, alloc);
        if (k == 2) {
            o->struct_size = UINT32_MAX;
        }
        clv_bgnbd_params p;
        clv_fit_state fs;
        int st = clv_bgnbd_fit(&v, o, &p, NULL);
        assert_true(want == CLV_OK ? fitted(st) : st == want);
        assert_int_equal(clv_fit_start(&fs, CLV_MODEL_PNBD, o, NULL), want);
        free(o);

        const uint64_t customer[2] = {1, 1};
        const double time[2] = {0.0, 2.0};
        double x[1], t_x[1], T[1];
        clv_rfm_table table = {1, NULL, x, t_x, T, NULL, NULL, NULL};
        size_t n = 0;
        clv_rfm_options ro;
        clv_rfm_options_init(&ro);
        alloc = sizes[k] ? sizes[k] : sizeof ro;
        clv_rfm_options *rp = exact_options(&ro, sizeof ro, alloc);
        if (k == 2) {
            rp->struct_size = UINT32_MAX;
        }
        assert_int_equal(clv_rfm_summary(customer, time, NULL, 2, NULL, rp, &table, &n, NULL),
                         want);
        free(rp);

        const clv_purchase_model model = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
        clv_value_options vo;
        clv_value_options_init(&vo);
        alloc = sizes[k] ? sizes[k] : sizeof vo;
        clv_value_options *vp = exact_options(&vo, sizeof vo, alloc);
        if (k == 2) {
            vp->struct_size = UINT32_MAX;
        }
        double value;
        assert_int_equal(clv_customer_value(&model, NULL, vp, 2.0, 30.43, 38.86, 50.0, &value),
                         want);
        free(vp);

        const double counts[10] = {100, 200, 350, 500, 600, 550, 400, 250, 120, 60};
        clv_bass_fit_options bo;
        clv_bass_fit_options_init(&bo);
        alloc = sizes[k] ? sizes[k] : sizeof bo;
        clv_bass_fit_options *bp = exact_options(&bo, sizeof bo, alloc);
        if (k == 2) {
            bp->struct_size = UINT32_MAX;
        }
        clv_bass_params bass;
        st = clv_bass_fit(counts, 10, bp, &bass, NULL);
        assert_true(k == 0 ? (st == CLV_OK || st == CLV_ENOCONV) : st == CLV_ESTRUCT);
        free(bp);
    }
    free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_exact_size_is_accepted),
        cmocka_unit_test(test_options_too_small_is_estruct),
        cmocka_unit_test(test_options_nonzero_reserved_is_estruct),
        cmocka_unit_test(test_options_newer_layout_needs_zero_tail),
        cmocka_unit_test(test_options_older_layout_is_accepted),
        cmocka_unit_test(test_options_struct_size_is_capped_at_4096),
        cmocka_unit_test(test_fit_options_every_size_reads_only_struct_size_bytes),
        cmocka_unit_test(test_rfm_options_every_size_reads_only_struct_size_bytes),
        cmocka_unit_test(test_value_options_every_size_reads_only_struct_size_bytes),
        cmocka_unit_test(test_bass_options_every_size_reads_only_struct_size_bytes),
        cmocka_unit_test(test_public_options_over_4096_bytes_are_estruct),
        cmocka_unit_test(test_diag_pointer_is_read_only_by_layouts_that_have_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
