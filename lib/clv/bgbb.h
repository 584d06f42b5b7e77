/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Internal: one BG/BB row's log-likelihood by a chosen route, for the tests of the switch
 * between the term-by-term sum and the Euler-Maclaurin tail (bgbb.c, issue 21).
 */
#ifndef CLV_CLV_BGBB_H
#define CLV_CLV_BGBB_H

/* Routes: as the public functions choose (n - t_x above 2,048 terms: the tail), term by term
 * whatever n - t_x, or the tail from the first admissible term (term 32 at the earliest, when
 * n - t_x >= 35; term by term below). */
#define CLV__BGBB_ROUTE_AUTO 0
#define CLV__BGBB_ROUTE_DIRECT 1
#define CLV__BGBB_ROUTE_TAIL 2

/* log L of the history (x, t_x, n) at theta = (alpha, beta, gamma, delta), with its gradient
 * (grad, 4, optional) and Hessian (hess, 4 x 4 row-major, optional, needs grad). Validates as
 * clv_bgbb_p_alive(); CLV_ENOCONV if the tail missed its tolerance. */
int clv__bgbb_loglik_row(const double *theta, double x, double t_x, double n, int route,
                         double *ll, double *grad, double *hess);

#endif /* CLV_CLV_BGBB_H */
