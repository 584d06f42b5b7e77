/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
#include "core/options.h"

#include <string.h>

#include "clv.h"

int clv__check_options(const void *opts, size_t min_size, size_t known_size) {
    clv__options_header head;
    memcpy(&head, opts, sizeof head);
    if (head.struct_size < min_size || head.struct_size < sizeof head ||
        head.struct_size > CLV__OPTIONS_MAX_SIZE || head.reserved != 0) {
        return CLV_ESTRUCT;
    }
    const unsigned char *bytes = (const unsigned char *)opts;
    for (size_t i = known_size; i < head.struct_size; i++) {
        if (bytes[i] != 0) {
            return CLV_ESTRUCT;
        }
    }
    return CLV_OK;
}

int clv__read_layouts(const void *opts, size_t old_size, size_t known_size, void *out) {
    int st;
    clv__options_header head;
    if ((st = clv__check_options(opts, old_size, known_size)) != CLV_OK) {
        return st;
    }
    memcpy(&head, opts, sizeof head);
    if (head.struct_size != old_size && head.struct_size < known_size) {
        return CLV_ESTRUCT; /* between the two layouts: no caller's struct */
    }
    size_t given = (head.struct_size < known_size) ? head.struct_size : known_size;
    memcpy(out, opts, given);
    head.struct_size = (uint32_t)known_size;
    memcpy(out, &head, sizeof head);
    return CLV_OK;
}
