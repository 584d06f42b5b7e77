/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Internal: the one-call fit loop shared by every model's clv_<model>_fit(). */
#ifndef CLV_CLV_FIT_H
#define CLV_CLV_FIT_H

#include "clv.h"

/* Log-likelihood and gradient of a model at theta over data already validated. Returns
 * CLV_OK, or an error status that stops the fit. A point where the model cannot be evaluated
 * gives *loglik = -INFINITY with CLV_OK. */
typedef int (*clv__loglik_eval)(const void *ctx, const double *theta, double *loglik,
                                double *gradient);

/* The tail of every model's public log-likelihood: a value or gradient that is not finite
 * is CLV_ERANGE with nothing written; else copy out (gradient optional, n values). */
int clv__loglik_out(double ll, const double *g, int n, double *loglik, double *gradient);

/* Run the reverse-communication fit of `model` to the end, evaluating with eval(ctx, ...).
 * theta receives the estimate (also on CLV_ENOCONV / CLV_ECANCELED). */
int clv__fit_run(int model, const clv_fit_options *options, clv__loglik_eval eval, const void *ctx,
                 double *theta, clv_fit_report *report);

#endif /* CLV_CLV_FIT_H */
