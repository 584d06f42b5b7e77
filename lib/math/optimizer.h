/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Maximum-likelihood optimizer for positive parameters, by reverse communication: the
 * optimizer hands out points, the caller evaluates the log-likelihood and its gradient there
 * and hands them back. It knows nothing of customers.
 *
 * Method: BFGS on u = log(theta) (Nocedal & Wright 2006, Numerical Optimization, 2nd ed.,
 * Algorithm 6.1 with the inverse-Hessian update (6.17) and the initial scaling (6.20)), with a
 * backtracking line search on the Armijo condition (their Algorithm 3.1, safeguarded quadratic
 * interpolation (3.57)); where the values agree to rounding, a step is accepted on the
 * approximate Wolfe conditions of Hager & Zhang (2005) instead, so the gradient carries the
 * last iterations. Updates are skipped when the curvature condition y's > 0 fails, and
 * the inverse Hessian is reset when a direction is not a descent direction. After the last
 * iteration, the Hessian of the (penalised) log-likelihood in theta is formed from central
 * differences of the analytic gradient at theta_i (1 +/- h), h = 1e-5, and inverted
 * (Cholesky) for the covariance of the estimate. A final Newton step with that Hessian
 * (accepted when it lowers the gradient norm) takes the estimate to the optimum more exactly
 * than a line search on log-likelihood values can, whose resolution is 1e-16 |LL|.
 */
#ifndef CLV_MATH_OPTIMIZER_H
#define CLV_MATH_OPTIMIZER_H

#include <stdint.h>

#include "clv.h"

#define CLV__OPT_MAX CLV_MAX_PARAMS

typedef struct clv__opt {
    uint32_t n;              /* parameters */
    uint32_t phase;          /* see optimizer.c */
    uint32_t awaiting;       /* 1 while a point is out for evaluation */
    uint32_t iterations;
    uint32_t evaluations;
    uint32_t max_iterations;
    uint32_t converged;
    uint32_t covariance_ok;
    uint32_t have_update;    /* an inverse-Hessian update has been made */
    uint32_t hess_index;     /* Hessian phase: 2 i + (0 for +h, 1 for -h) */
    double tolerance;
    double penalty;
    double u[CLV__OPT_MAX];       /* current point, log-parameters */
    double f;                     /* objective at u: -(LL - penalty) */
    double loglik;                /* LL at u, without the penalty */
    double g[CLV__OPT_MAX];       /* gradient of the objective in u */
    double hinv[CLV__OPT_MAX * CLV__OPT_MAX];
    double d[CLV__OPT_MAX];       /* search direction */
    double step;
    double slope;                 /* g . d at the start of the line search */
    double u_next[CLV__OPT_MAX];  /* point handed out */
    double hess[CLV__OPT_MAX * CLV__OPT_MAX]; /* Hessian of the objective in theta */
    double grad_plus[CLV__OPT_MAX];
    double gnorm;
    uint32_t newton;              /* 1: the caller supplies Hessians (clv__opt_tell_hessian) */
    uint32_t reserved_;
    double hcur[CLV__OPT_MAX * CLV__OPT_MAX]; /* Newton: Hessian of the penalised LL in
                                                 theta at u */
} clv__opt;

/* Start: n parameters (1..CLV_MAX_PARAMS), starting point theta0 (> 0, finite). */
void clv__opt_init(clv__opt *o, uint32_t n, const double *theta0, uint32_t max_iterations,
                   double tolerance, double penalty);

/* The next point to evaluate, in theta, into theta (n values): returns CLV_FIT_EVALUATE, or
 * CLV_FIT_DONE when finished. Calling it again before clv__opt_tell repeats the same point. */
int clv__opt_next(clv__opt *o, double *theta);

/* The log-likelihood and gradient (in theta) at the point handed out. A non-finite loglik
 * means "cannot evaluate here". Returns CLV_OK, CLV_EINVAL if no point is out, CLV_EDOM for
 * NaN input or an infeasible starting point. */
int clv__opt_tell(clv__opt *o, double loglik, const double *grad_theta);

/*
 * Newton mode, for callers that have the analytic Hessian: call right after clv__opt_init and
 * tell every point with clv__opt_tell_hessian. Each step is Newton's on the objective in u =
 * log(theta) (the Hessian made positive definite by a multiple of the identity when it is not:
 * Levenberg 1944, Marquardt 1963; Nocedal & Wright 2006, sec. 3.4), with the same Armijo
 * backtracking; at the end the covariance comes from the Hessian told at the optimum, so no
 * difference points are needed.
 */
void clv__opt_use_newton(clv__opt *o);

/* As clv__opt_tell, with the Hessian of the log-likelihood in theta (n x n, row-major). */
int clv__opt_tell_hessian(clv__opt *o, double loglik, const double *grad_theta,
                          const double *hess_theta);

/* The current point in theta (n values) and, when report is not null, the report. */
void clv__opt_result(const clv__opt *o, double *theta, clv_fit_report *report);

#endif /* CLV_MATH_OPTIMIZER_H */
