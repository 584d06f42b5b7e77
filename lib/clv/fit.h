/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Internal: the one-call fit loop shared by every model's clv_<model>_fit(). */
#ifndef CLV_CLV_FIT_H
#define CLV_CLV_FIT_H

#include "clv.h"

/*
 * Cancellation inside long evaluations (issue 21). A fit's evaluation over a big table
 * counts its work on a tick -- about one unit for one row's terms with their derivatives,
 * ~0.1-0.5 us -- and once CLV__TICK_WORK units (a few ms) have built up since the last call
 * of the fit's progress callback (per iteration, or within an evaluation), it is consulted
 * with the iteration count and the best point so far; a nonzero answer makes the evaluation stop
 * and return CLV_ECANCELED, and the fit then returns CLV_ECANCELED with that best point.
 * A null tick (a model's public log-likelihood) or no callback costs one test per call.
 */
#define CLV__TICK_WORK 16384u

typedef struct clv__ticker {
    clv_progress_fn progress; /* null: nothing to consult */
    void *user_data;
    const void *state; /* the clv_fit_state whose best point is reported */
    uint64_t work;     /* units counted since the last consultation */
    uint32_t cancelled;
    uint32_t reserved_;
} clv__ticker;

/* Consult the callback now (work is reset); nonzero when cancelled (then for good). */
int clv__tick_consult(clv__ticker *tick);

/* Count `units` of work; consult the callback once CLV__TICK_WORK have built up. Nonzero when
 * the caller cancelled: stop and return CLV_ECANCELED. */
static inline int clv__tick(clv__ticker *tick, uint64_t units) {
    if (tick == NULL || tick->progress == NULL) {
        return 0;
    }
    tick->work += units;
    return (tick->work >= CLV__TICK_WORK) ? clv__tick_consult(tick) : 0;
}

/* Log-likelihood and gradient of a model at theta over data already validated. Returns
 * CLV_OK, or an error status that stops the fit (CLV_ECANCELED when clv__tick() said so; the
 * tick may be null). A point where the model cannot be evaluated gives *loglik = -INFINITY
 * with CLV_OK. */
typedef int (*clv__loglik_eval)(const void *ctx, const double *theta, double *loglik,
                                double *gradient, clv__ticker *tick);

/* The tail of every model's public log-likelihood: a value or gradient that is not finite
 * is CLV_ERANGE with nothing written; else copy out (gradient optional, n values). */
int clv__loglik_out(double ll, const double *g, int n, double *loglik, double *gradient);

/* Run the reverse-communication fit of `model` to the end, evaluating with eval(ctx, ...).
 * theta receives the estimate (also on CLV_ENOCONV / CLV_ECANCELED). */
int clv__fit_run(int model, const clv_fit_options *options, clv__loglik_eval eval, const void *ctx,
                 double *theta, clv_fit_report *report);

/* As clv__loglik_eval, with the Hessian of the log-likelihood in theta (n x n, row-major). */
typedef int (*clv__loglik_hess_eval)(const void *ctx, const double *theta, double *loglik,
                                     double *gradient, double *hessian, clv__ticker *tick);

/* A row-wise sum over a table, in chunks: part(ctx, chunk, g, h) returns the log-likelihood
 * of the rows of `chunk` and writes its gradient (n values) and, when h is not null, Hessian
 * (n x n). clv__sum_rows() adds the parts of chunks of CLV__TICK_WORK / units_per_row rows
 * (at least 1), ticking `units_per_row` a row between them; CLV_ECANCELED if cancelled, else
 * CLV_OK with the sums in *loglik, g, h (h may be null). */
typedef double (*clv__rows_part)(const void *ctx, const clv_rfm_view *chunk, double *g,
                                 double *h);
int clv__sum_rows(const clv_rfm_view *data, uint32_t n, clv__rows_part part, const void *ctx,
                  uint64_t units_per_row, clv__ticker *tick, double *loglik, double *g, double *h);

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
