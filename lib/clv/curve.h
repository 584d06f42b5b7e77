/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Internal: a customer's conditional expected purchases over several horizons at once, for
 * clv_customer_value(). Each validates the parameters and the history once and computes the
 * history's part of the expectation (P(alive), or BG/BB's likelihood factor) once; the values
 * are those of the public clv_<model>_expected_purchases() horizon by horizon, statuses too.
 * theta is in the model's parameter order. (BG/NBD and MBG/NBD: clv__bg_expected_curve() in
 * betageo.h.)
 */
#ifndef CLV_CLV_CURVE_H
#define CLV_CLV_CURVE_H

#include <stddef.h>

int clv__pnbd_expected_curve(const double *theta, double x, double t_x, double T, const double *t,
                             size_t n, double *expected);
int clv__bgbb_expected_curve(const double *theta, double x, double t_x, double n,
                             const double *n_star, size_t count, double *expected);

/* clv_customer_value()'s options checked and copied (defaults for null), with its statuses:
 * for the row-by-row form, which checks them once per call. */
#include "clv.h"
int clv__read_value_options(const clv_value_options *options, clv_value_options *out);

#endif /* CLV_CLV_CURVE_H */
