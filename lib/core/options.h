/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Size-versioned options structs (DESIGN.md, section 3). Every public options struct opens
 * with `uint32_t struct_size; uint32_t reserved;`. A caller compiled against an older header
 * passes a smaller struct_size, one compiled against a newer header a larger one; the
 * library accepts the second only when every byte it does not know is zero, so a caller
 * never believes an option took effect when this library ignores it.
 */
#ifndef CLV_CORE_OPTIONS_H
#define CLV_CORE_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

/* The largest struct_size accepted (documented in clv.h, "Conventions"): a larger one is
 * CLV_ESTRUCT without a byte past the header read. It bounds the scan of the unknown tail,
 * which a garbage struct_size (up to 4 GiB) would otherwise run off the caller's struct. */
#define CLV__OPTIONS_MAX_SIZE 4096u

/* The header every options struct starts with. */
typedef struct clv__options_header {
    uint32_t struct_size;
    uint32_t reserved;
} clv__options_header;

/*
 * Check a caller's options struct against the layout this library knows.
 * opts:      the caller's struct (must not be null; a null options pointer means defaults
 *            and is handled by the caller of this function);
 * min_size:  the size of the oldest layout ever published (at least the header);
 * known_size: sizeof the struct in this library's header.
 * Returns CLV_OK, or CLV_ESTRUCT when struct_size < min_size, struct_size >
 * CLV__OPTIONS_MAX_SIZE, reserved != 0, or struct_size > known_size with a non-zero byte past
 * known_size.
 */
int clv__check_options(const void *opts, size_t min_size, size_t known_size);

/*
 * Check and copy a struct with two layouts: the one before its last fields were added
 * (struct_size old_size) and the current one (known_size). `out` holds the defaults; the
 * caller's first min(struct_size, known_size) bytes are copied over them (only those are
 * read) and out's struct_size is set to known_size. A struct_size strictly between the two
 * ends inside a field of the new layout and is CLV_ESTRUCT, as are the cases of
 * clv__check_options() (with min_size = old_size). Returns CLV_OK or CLV_ESTRUCT; out is
 * unchanged on error.
 */
int clv__read_layouts(const void *opts, size_t old_size, size_t known_size, void *out);

#endif /* CLV_CORE_OPTIONS_H */
