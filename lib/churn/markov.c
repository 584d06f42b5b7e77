/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Markov migration model of customer value (Pfeifer & Carraway 2000, "Modeling customer
 * relationships as Markov chains", J. Interactive Marketing 14(2) 43-55): the expected present
 * value by starting state, V(T) = sum_{t=0}^{T} [(1+d)^-1 P]^t R, and with no horizon
 * V = [I - (1+d)^-1 P]^-1 R; and the recency chain of their introductory example.
 *
 * Method. Finite horizon: Horner's rule on the sum, V <- R + q P V with q = 1/(1+d), T times
 * from V = R (T matrix-vector products, O(T n^2)). Infinite horizon: Gaussian elimination with
 * partial pivoting on A = I - q P, then back substitution. A is strictly diagonally dominant by
 * rows (a_ii - sum_{j!=i} |a_ij| >= 1 - q > 0), hence nonsingular, with ||A||_inf <= 1 + q and
 * ||A^-1||_inf <= 1/(1 - q): the condition number is at most (1+q)/(1-q) = (2+d)/d.
 */
#include <math.h>
#include <string.h>

#include "churn.h"
#include "core/validate.h"

int clv_markov_workspace_size(size_t n_states, size_t *n_doubles) {
    if (n_doubles == NULL || n_states == 0 || n_states > CLV_MARKOV_MAX_STATES) {
        return CLV_EINVAL;
    }
    *n_doubles = CLV_MARKOV_WORKSPACE_SIZE(n_states);
    return CLV_OK;
}

/* P is row-stochastic: entries in [0, 1] (NaN fails), rows sum to 1 within the tolerance. */
static int check_transition(const double *transition, size_t n) {
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (size_t j = 0; j < n; j++) {
            double p = transition[i * n + j];
            if (clv__check_prob(p) != CLV_OK) {
                return CLV_EDOM;
            }
            sum += p;
        }
        if (!(fabs(sum - 1.0) <= CLV_MARKOV_ROW_TOLERANCE)) {
            return CLV_EDOM;
        }
    }
    return CLV_OK;
}

/* Periods actually summed for a finite horizon T: with d > 0 the terms after period k add at
 * most q^(k+1) max|R| / (1-q) (the tail of a geometric series, as every row of P sums to 1),
 * which is below 2^-60 max|R| from k+1 >= (60 ln 2 - ln(1-q)) / (-ln q) on: the sum is
 * stopped there, so a long horizon at a positive rate costs about 42/d steps, not T. */
static double steps_needed(double discount, double horizon) {
    if (!(discount > 0.0)) {
        return horizon;
    }
    double log_q = -log1p(discount);        /* ln q, q = 1/(1+d) */
    double log_1mq = log(discount) + log_q; /* ln(1-q) = ln(d/(1+d)) */
    double converged = ceil((60.0 * log(2.0) - log_1mq) / -log_q);
    return fmin(horizon, converged);
}

/* Multiply-adds between two calls of a work-progress callback: 2^20, a few ms (a step of
 * 64 states is 4096 of them, ~8 us on the reference machine). */
#define WORK_PER_PROGRESS 1048576.0

/* Finite horizon: v = sum_{t=0}^{T} (qP)^t R by Horner, v_0 = R, v_k = R + q P v_{k-1};
 * `next` is scratch of n. Returns CLV_ERANGE as soon as a value overflows, CLV_ECANCELED when
 * progress (if not null) returns nonzero; it is called with (steps done, steps) every
 * WORK_PER_PROGRESS / n^2 steps (at least 1). */
static int value_finite(const double *transition, const double *reward, size_t n, double q,
                        double steps, double *v, double *next, clv_work_fn progress,
                        void *user_data) {
    double every = fmax(1.0, floor(WORK_PER_PROGRESS / ((double)n * (double)n)));
    double next_call = every;
    memcpy(v, reward, n * sizeof v[0]);
    for (double step = 0.0; step < steps; step += 1.0) {
        if (progress != NULL && step >= next_call) {
            next_call += every;
            if (progress(user_data, (uint64_t)step, (uint64_t)steps) != 0) {
                return CLV_ECANCELED;
            }
        }
        int finite = 1;
        for (size_t i = 0; i < n; i++) {
            const double *row = transition + i * n;
            double acc = 0.0;
            for (size_t j = 0; j < n; j++) {
                acc += row[j] * v[j];
            }
            next[i] = reward[i] + q * acc;
            finite &= isfinite(next[i]) ? 1 : 0;
        }
        if (!finite) {
            return CLV_ERANGE;
        }
        memcpy(v, next, n * sizeof v[0]);
    }
    return CLV_OK;
}

/* Infinite horizon: solve (I - qP) v = R. a is scratch of n*n, v of n (holds R, then V). */
static void value_infinite(const double *transition, const double *reward, size_t n, double q,
                           double *a, double *v) {
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            a[i * n + j] = ((i == j) ? 1.0 : 0.0) - q * transition[i * n + j];
        }
        v[i] = reward[i];
    }
    /* Forward elimination with partial pivoting (row swaps). Diagonal dominance keeps every
     * pivot at least 1 - q in magnitude, so none is zero. */
    for (size_t k = 0; k < n; k++) {
        size_t pivot = k;
        for (size_t i = k + 1; i < n; i++) {
            if (fabs(a[i * n + k]) > fabs(a[pivot * n + k])) {
                pivot = i;
            }
        }
        if (pivot != k) {
            for (size_t j = k; j < n; j++) {
                double t = a[k * n + j];
                a[k * n + j] = a[pivot * n + j];
                a[pivot * n + j] = t;
            }
            double t = v[k];
            v[k] = v[pivot];
            v[pivot] = t;
        }
        double diag = a[k * n + k];
        for (size_t i = k + 1; i < n; i++) {
            double f = a[i * n + k] / diag;
            if (f == 0.0) {
                continue;
            }
            for (size_t j = k + 1; j < n; j++) {
                a[i * n + j] -= f * a[k * n + j];
            }
            v[i] -= f * v[k];
        }
    }
    for (size_t k = n; k-- > 0;) {
        double acc = v[k];
        for (size_t j = k + 1; j < n; j++) {
            acc -= a[k * n + j] * v[j];
        }
        v[k] = acc / a[k * n + k];
    }
}

int clv_markov_value(const double *transition, const double *reward, size_t n_states,
                     double discount, double horizon, double *workspace, size_t workspace_size,
                     double *value) {
    return clv_markov_value_progress(transition, reward, n_states, discount, horizon, workspace,
                                     workspace_size, value, NULL, NULL);
}

int clv_markov_value_progress(const double *transition, const double *reward, size_t n_states,
                              double discount, double horizon, double *workspace,
                              size_t workspace_size, double *value, clv_work_fn progress,
                              void *user_data) {
    int st;
    if (transition == NULL || reward == NULL || workspace == NULL || value == NULL ||
        n_states == 0 || n_states > CLV_MARKOV_MAX_STATES ||
        workspace_size < CLV_MARKOV_WORKSPACE_SIZE(n_states)) {
        return CLV_EINVAL;
    }
    size_t n = n_states;
    if ((st = check_transition(transition, n)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        if ((st = clv__check_finite(reward[i])) != CLV_OK) {
            return st;
        }
    }
    if (!isfinite(discount) || !(discount > -1.0)) {
        return CLV_EDOM;
    }
    if ((st = clv__check_horizon(horizon)) != CLV_OK) {
        return st;
    }
    /* (I - P/(1+d)) is singular at d = 0 (P has eigenvalue 1) and the series diverges for
     * d < 0; the inverse exists there but is not the value. */
    if (isinf(horizon) && !(discount > 0.0)) {
        return CLV_EDIVERGE;
    }
    double steps = isinf(horizon) ? horizon : steps_needed(discount, horizon);
    if (isfinite(steps) && steps > CLV_MARKOV_MAX_HORIZON) {
        return CLV_EDOM;
    }
    double q = 1.0 / (1.0 + discount);
    double *v = workspace;
    if (isinf(horizon)) {
        value_infinite(transition, reward, n, q, workspace + n, v);
    } else if ((st = value_finite(transition, reward, n, q, steps, v, workspace + n, progress,
                                  user_data)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        if ((st = clv__check_result(v[i])) != CLV_OK) {
            return st;
        }
    }
    memcpy(value, v, n * sizeof value[0]);
    return CLV_OK;
}

int clv_markov_recency_chain(const double *purchase_prob, size_t n_states, double margin,
                             const double *marketing_cost, double *transition, double *reward) {
    int st;
    if (purchase_prob == NULL || transition == NULL || reward == NULL || n_states == 0 ||
        n_states > CLV_MARKOV_MAX_STATES) {
        return CLV_EINVAL;
    }
    size_t n = n_states;
    for (size_t k = 0; k < n; k++) {
        if ((st = clv__check_prob(purchase_prob[k])) != CLV_OK) {
            return st;
        }
        if (marketing_cost != NULL && (st = clv__check_nonneg(marketing_cost[k])) != CLV_OK) {
            return st;
        }
    }
    if ((st = clv__check_finite(margin)) != CLV_OK) {
        return st;
    }
    /* margin - cost may overflow for huge finite inputs of opposite signs. */
    double first = margin - ((marketing_cost != NULL) ? marketing_cost[0] : 0.0);
    if ((st = clv__check_result(first)) != CLV_OK) {
        return st;
    }
    /* Pfeifer & Carraway (2000): from recency k+1 a customer buys with p_k (to recency 1) or
     * does not (to recency k+2, capped at the last state). With one state both go to it. */
    for (size_t k = 0; k < n; k++) {
        double *row = transition + k * n;
        for (size_t j = 0; j < n; j++) {
            row[j] = 0.0;
        }
        size_t next = (k + 1 < n) ? k + 1 : n - 1;
        row[0] += purchase_prob[k];
        row[next] += 1.0 - purchase_prob[k];
        reward[k] = 0.0 - ((marketing_cost != NULL) ? marketing_cost[k] : 0.0); /* no -0 */
    }
    reward[0] = first;
    return CLV_OK;
}
