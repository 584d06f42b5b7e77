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

/* As clv__loglik_eval, with the Hessian of the log-likelihood in theta (n x n, row-major). */
typedef int (*clv__loglik_hess_eval)(const void *ctx, const double *theta, double *loglik,
                                     double *gradient, double *hessian);

/* As clv__fit_run, by Newton's method on the analytic Hessian (see math/optimizer.h): fewer
 * evaluations, and the covariance without difference points. */
int clv__fit_run_newton(int model, const clv_fit_options *options, clv__loglik_hess_eval eval,
                        const void *ctx, double *theta, clv_fit_report *report);

/* The caller's diagnostic record in a fit's options, or null (no options, a layout without
 * one, or options refused with CLV_ESTRUCT). */
clv_diag *clv__fit_diag(const clv_fit_options *options);

/* clv_rfm_check() of a fit's data, recording the first invalid row in the options' diag. */
int clv__fit_check_rows(const clv_rfm_view *data, int need_monetary,
                        const clv_fit_options *options);

/*
 * A weighted copy of a table with each distinct row once, made through the options' allocator
 * hooks. Rows are keyed on (x, t_x, T), and also monetary when key_monetary; weights add up
 * (rows of weight 0 are dropped). Returns 1 and fills *packed (release with clv__unpack()), or
 * 0 when there is nothing to gain or no way to do it: no hooks, a small table, more than
 * half the rows distinct, a merged weight that would overflow, or the allocator returned
 * null. The caller then fits `in` itself.
 */
typedef struct clv__packed {
    clv_rfm_view view;
    void *mem;
} clv__packed;

int clv__pack_rows(const clv_rfm_view *in, int key_monetary, const clv_fit_options *options,
                   clv__packed *packed);
/* Release what clv__pack_rows() made, with the dealloc hook it was made with (kept in the
 * block, so the caller's options are not read again); nothing when packed->mem is null.
 * `options` is unused. */
void clv__unpack(const clv_fit_options *options, clv__packed *packed);

#endif /* CLV_CLV_FIT_H */
