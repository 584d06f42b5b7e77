/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Adaptive Gauss-Kronrod quadrature (7-point Gauss, 15-point Kronrod; Kronrod 1965, Piessens
 * et al. 1983 "QUADPACK") of up to CLV__QUAD_MAX_K integrands at once over a finite interval.
 * Global adaptive bisection of the interval with the largest error, in a fixed-size array on
 * the stack: no allocation, no state. Used where a model's closed form loses digits or its
 * series converges too slowly (Pareto/NBD's likelihood integral far from its usual range,
 * P(X(t) = n) of Pareto/NBD).
 */
#ifndef CLV_MATH_QUAD_H
#define CLV_MATH_QUAD_H

/* Up to 16 integrands at once; up to 96 intervals with at most 6 of them, fewer with more
 * (the interval store is fixed: 96 intervals x 6 integrands). */
#define CLV__QUAD_MAX_K 16
#define CLV__QUAD_MAX_INTERVALS 96

/* f(ctx, u, out) writes the k integrands at u. */
typedef void (*clv__quad_fn)(const void *ctx, double u, double *out);

/*
 * Integrates the k integrands of f over [lo, hi] (lo <= hi) until every component's error estimate is
 * at most rel_tol times the integral of its absolute value, or the interval budget is spent.
 * Writes k integrals; returns the largest achieved relative error (of the same kind).
 */
double clv__quad(clv__quad_fn f, const void *ctx, int k, double lo, double hi, double rel_tol,
                 double *result);

/*
 * The integral over the interval between from and to (either order; positively oriented), in
 * consecutive pieces whose widths grow by 4 from
 * w0 > 0 at `from`: for an integrand concentrated within ~w0 of `from` (a sharp peak or a fast
 * decay) that a single rule over the whole interval would step over. The pieces are summed;
 * for integrands of constant sign the returned relative error bounds the sum's too.
 */
double clv__quad_outward(clv__quad_fn f, const void *ctx, int k, double from, double to,
                         double w0, double rel_tol, double *result);

/*
 * As clv__quad_outward, with the error controlled (and returned) on the first k_ctl of the k
 * integrands only (1 <= k_ctl <= k); the others are integrated on the same intervals. For
 * companions of an integrand that are as smooth as it is (moments for a Hessian), at a fraction
 * of the cost.
 */
double clv__quad_outward_ctl(clv__quad_fn f, const void *ctx, int k, int k_ctl, double from,
                             double to, double w0, double rel_tol, double *result);

/* Intervals clv__quad_cuts() may use in all (its store is on the stack: 4 KiB per 128). */
#define CLV__QUAD_CUTS_MAX_INTERVALS 256

/* The piece boundaries for clv__quad_cuts() from n_cuts points where the integrand bends
 * (cuts, reordered in place; at least one finite one inside [lo, hi]): the finite cuts inside
 * [lo, hi], sorted, and between two of them pieces `piece` wide next to each, doubling towards
 * the middle of a long gap, so a gap of length L costs ~2 log2(L/piece) pieces. Writes at most
 * CLV__QUAD_CUTS_MAX_INTERVALS / 2 + n_cuts + 1 boundaries to pieces; returns how many. */
int clv__quad_pieces(double *cuts, int n_cuts, double lo, double hi, double piece, double *pieces);

/*
 * One integrand over [cuts[0], cuts[n_cuts - 1]], starting from the pieces between consecutive
 * cuts (increasing; at most CLV__QUAD_CUTS_MAX_INTERVALS pieces are taken) and bisecting the
 * piece with the largest error until the error estimate summed over all pieces is at most
 * rel_tol times the integral of |f| over the whole range or at most abs_tol, or the interval
 * budget is spent. The cuts put rule points where a feature narrower than a piece would
 * otherwise be missed; the tolerance is global, so pieces that hold a negligible part of the
 * integral cost one rule. abs_tol serves an integral that is a small part of a larger sum
 * (whose rounding noise would otherwise hold its relative error up). Writes the integral;
 * returns the summed error estimate (absolute).
 */
double clv__quad_cuts(clv__quad_fn f, const void *ctx, const double *cuts, int n_cuts,
                      double rel_tol, double abs_tol, double *result);

/*
 * As clv__quad_outward, for integrands of one sign, but the returned error is that of the
 * sum: the pieces' errors weighted by their share of it, not the worst piece's own relative
 * error. A piece far out that holds 1e-200 of the total need not be resolved to rel_tol of
 * itself (nor can it always be: its integrand may underflow in parts), and clv__quad_outward
 * would then report the whole integral as failed.
 */
double clv__quad_outward_sum(clv__quad_fn f, const void *ctx, int k, double from, double to,
                             double w0, double rel_tol, double *result);

#endif /* CLV_MATH_QUAD_H */
