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
