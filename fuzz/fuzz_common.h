/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Shared by the libFuzzer harnesses. NEED(cond) checks one clause of a function's contract;
 * on a violation it calls the harness's own fail(const char *what, int line), which prints
 * what was being called and crashes, so libFuzzer keeps the input.
 */
#ifndef CLV_FUZZ_COMMON_H
#define CLV_FUZZ_COMMON_H

#define NEED(cond)                                                                                 \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail(#cond, __LINE__);                                                                 \
        }                                                                                          \
    } while (0)

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The input as a stream of doubles: raw (8 bytes each, native order) or mapped (one byte
 * each through the harness's own table, so that short inputs reach the values that matter). */
typedef struct reader {
    const uint8_t *data;
    size_t size;
    size_t pos;
    int raw;
} reader;

/* The next double: raw, or map(byte). A raw read with fewer than 8 bytes left gives
 * short_raw and spends the rest; a mapped read past the end gives 1. */
static inline double reader_next(reader *r, double (*map)(uint8_t), double short_raw) {
    if (r->raw) {
        double v = short_raw;
        if (r->pos + 8 <= r->size) {
            memcpy(&v, r->data + r->pos, 8);
            r->pos += 8;
        } else {
            r->pos = r->size;
        }
        return v;
    }
    if (r->pos < r->size) {
        return map(r->data[r->pos++]);
    }
    return 1.0;
}

/* 1 if every byte of p[0..n) still holds the byte pattern `sentinel` the harness filled it
 * with: an output a failing call must leave untouched. */
static inline int untouched_bytes(const void *p, size_t n, unsigned char sentinel) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != sentinel) {
            return 0;
        }
    }
    return 1;
}

#endif /* CLV_FUZZ_COMMON_H */
