/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Internal: the Pareto/NBD likelihood with its analytic Hessian (what clv_pnbd_fit's Newton
 * steps and covariance use) and the integral I by either path, for the tests. */
#ifndef CLV_CLV_PNBD_H
#define CLV_CLV_PNBD_H

#include "clv.h"

/* Log-likelihood, gradient and Hessian (4 x 4, row-major) of the rows of d at theta = (r,
 * alpha, s, beta), neither validated here. CLV_OK, or CLV_ERANGE if a row's integral cannot
 * be evaluated (nothing written then). */
int clv__pnbd_loglik_hessian(const double *theta, const clv_rfm_view *d, double *loglik,
                             double *gradient, double *hessian);

/* ln I of one customer (note 008 eq. 19; see pnbd.c), by the path P(alive) and the
 * expectations take (with_gradient 0: the value-only series) or the likelihood's (1: with the
 * gradient sums). Valid input assumed. CLV_OK, or CLV_ERANGE if it cannot be evaluated. */
int clv__pnbd_log_integral(const double *theta, double x, double t_x, double T,
                           int with_gradient, double *log_i);

#endif /* CLV_CLV_PNBD_H */
