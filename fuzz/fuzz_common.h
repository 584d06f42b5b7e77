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
