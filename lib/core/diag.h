/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Filling a caller's clv_diag (clv.h, "Diagnostics"). Every helper accepts a null record and
 * a record too small for this layout, and then writes nothing; the setters return the status
 * they record, so a check reads `return clv__diag_row(diag, CLV_EDOM, ...);`.
 */
#ifndef CLV_CORE_DIAG_H
#define CLV_CORE_DIAG_H

#include <stdint.h>

#include "clv.h"

/* Is the record one the library may write (non-null, struct_size >= this layout)? */
static inline int clv__diag_writable(const clv_diag *diag) {
    return diag != NULL && diag->struct_size >= sizeof(clv_diag);
}

/* Clear the record: nothing recorded (struct_size and reserved untouched). */
void clv__diag_clear(clv_diag *diag);

/* Record an error without a row; returns status. */
int clv__diag_set(clv_diag *diag, int status, int field, int rule, double value, double limit);

/* Record an error at a row of the caller's array named by field; returns status. */
int clv__diag_row(clv_diag *diag, int status, int field, int rule, uint64_t row, double value,
                  double limit);

/* The first rule row i of a customer table breaks (clv_rfm_check()'s rules), recorded in
 * diag with status CLV_EDOM; the row must be invalid. Defined in lib/clv/rfm.c. */
void clv__diag_table_row(const clv_rfm_view *data, int need_monetary, size_t i, clv_diag *diag);

#endif /* CLV_CORE_DIAG_H */
