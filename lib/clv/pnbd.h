/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Internal: the Pareto/NBD likelihood with its analytic Hessian (what clv_pnbd_fit's Newton
 * steps and covariance use), for the tests. */
#ifndef CLV_CLV_PNBD_H
#define CLV_CLV_PNBD_H

#include "clv.h"

/* Log-likelihood, gradient and Hessian (4 x 4, row-major) of the rows of d at theta = (r,
 * alpha, s, beta), neither validated here. CLV_OK, or CLV_ERANGE if a row's integral cannot
 * be evaluated (nothing written then). */
int clv__pnbd_loglik_hessian(const double *theta, const clv_rfm_view *d, double *loglik,
                             double *gradient, double *hessian);

#endif /* CLV_CLV_PNBD_H */
