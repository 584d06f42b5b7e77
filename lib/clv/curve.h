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
/* clv_customer_value()'s discounted sum for Pareto/NBD and BG/BB in one quadrature over the
 * dropout law (pnbd.c, bgbb.c; period, discount and horizon checked by the caller; BG/BB: n in
 * T's place, whole opportunities per period). */
int clv__pnbd_value_sum(const double *theta, double x, double t_x, double T, double period,
                        double discount, double horizon, double *sum);
int clv__bgbb_value_sum(const double *theta, double x, double t_x, double n, double period,
                        double discount, double horizon, double *sum);
int clv__bgbb_expected_curve(const double *theta, double x, double t_x, double n,
                             const double *n_star, size_t count, double *expected);

/* The mean over the dropout law of a live customer's discounted purchase decay, sum over H
 * periods of length period of (1+discount)^-k times the share of the decay in period k
 * (customer_value.c): mu ~ Gamma(a, rate b) with decay e^(-mu tau) (CLV__MIX_GAMMA,
 * Pareto/NBD), or theta ~ Beta(a, b) with (1-theta)^i at opportunity i (CLV__MIX_BETA, BG/BB).
 * horizon +INFINITY needs discount > 0. One bounded quadrature; CLV_ENOCONV, CLV_ERANGE. */
#define CLV__MIX_GAMMA 0
#define CLV__MIX_BETA 1
int clv__geo_value_mean(int kind, double a, double b, double period, double discount,
                        double horizon, double *mean);

/* clv_customer_value()'s options checked and copied (defaults for null), with its statuses:
 * for the row-by-row form, which checks them once per call. */
#include "clv.h"
int clv__read_value_options(const clv_value_options *options, clv_value_options *out);

#endif /* CLV_CLV_CURVE_H */
