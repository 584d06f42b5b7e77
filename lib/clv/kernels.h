/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Internal: the per-row kernels behind the scalar predictions and the rows forms (rows.c).
 *
 * A model's parameters are checked and its parameter-only constants (logs, log-Beta values)
 * computed once, into a prepared struct (clv__*_prep); a kernel then scores one customer from
 * it: it checks the history as the one-customer function does and returns that function's
 * status. The one-customer functions are "check the parameters, prepare, one kernel call", and
 * the rows forms prepare once and call the kernel per row, so both give the same doubles.
 *
 * Where a part of a quantity depends on only some of the history, a kernel may take a
 * clv__row_cache (null: none) that keeps that part across the rows of one call: the BG/NBD
 * family's DERT and P(X(t) = n) given alive depend on (x, T) alone, as does Pareto/NBD's
 * P(X(t) = n) given alive, Pareto/NBD's DERT's U on T alone, BG/BB's DERT on n alone and its
 * P(X = x*) given alive on (x, n); customer tables have few distinct such keys (CDNOW:
 * 464 pairs (x, T) in 2,357 rows). A cached value is the double the kernel computed for the
 * key, so a cache changes the cost, never a value.
 */
#ifndef CLV_CLV_KERNELS_H
#define CLV_CLV_KERNELS_H

#include <stdint.h>
#include <string.h>

#include "clv.h"

/* ---- the cache: keys (k0, k1) -> one double; 4-way buckets, the oldest entry replaced ------ */

#define CLV__ROW_CACHE_WAYS 4
#define CLV__ROW_CACHE_BUCKETS 512 /* 2,048 entries, ~50 KB on the caller's stack */

typedef struct clv__row_cache {
    double k0[CLV__ROW_CACHE_BUCKETS][CLV__ROW_CACHE_WAYS];
    double k1[CLV__ROW_CACHE_BUCKETS][CLV__ROW_CACHE_WAYS];
    double value[CLV__ROW_CACHE_BUCKETS][CLV__ROW_CACHE_WAYS];
    unsigned char used[CLV__ROW_CACHE_BUCKETS]; /* entries filled in the bucket */
    unsigned char next[CLV__ROW_CACHE_BUCKETS]; /* the entry to replace next */
} clv__row_cache;

static inline void clv__row_cache_init(clv__row_cache *c) {
    memset(c->used, 0, sizeof c->used);
    memset(c->next, 0, sizeof c->next);
}

/* The splitmix64 finaliser: every input bit moves every output bit (small whole x live in the
 * high bits of their doubles, T in the low ones). */
static inline uint64_t clv__row_cache_mix(uint64_t z) {
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static inline size_t clv__row_cache_bucket(double k0, double k1) {
    uint64_t a, b;
    memcpy(&a, &k0, sizeof a);
    memcpy(&b, &k1, sizeof b);
    return (size_t)(clv__row_cache_mix(clv__row_cache_mix(a) ^ b) % CLV__ROW_CACHE_BUCKETS);
}

/* 1 and *value set when (k0, k1) is cached (null cache: 0). */
static inline int clv__row_cache_get(const clv__row_cache *c, double k0, double k1,
                                     double *value) {
    if (c == NULL) {
        return 0;
    }
    size_t b = clv__row_cache_bucket(k0, k1);
    for (int w = 0; w < c->used[b]; w++) {
        if (c->k0[b][w] == k0 && c->k1[b][w] == k1) {
            *value = c->value[b][w];
            return 1;
        }
    }
    return 0;
}

static inline void clv__row_cache_put(clv__row_cache *c, double k0, double k1, double value) {
    if (c == NULL) {
        return;
    }
    size_t b = clv__row_cache_bucket(k0, k1);
    int w = c->next[b];
    c->k0[b][w] = k0;
    c->k1[b][w] = k1;
    c->value[b][w] = value;
    c->next[b] = (unsigned char)((w + 1) % CLV__ROW_CACHE_WAYS);
    if (c->used[b] < CLV__ROW_CACHE_WAYS) {
        c->used[b]++;
    }
}

/* ---- BG/NBD and MBG/NBD (betageo.c): theta = (r, alpha, a, b), shift 0 or 1 --------------- */

typedef struct clv__bg_prep {
    double r, alpha, a, b;
    double log_alpha, log_a;
    int shift;
} clv__bg_prep;

/* Checks theta (clv__check_params) and prepares; the status. */
int clv__bg_prepare(const double *theta, int shift, clv__bg_prep *p);
/* DERT at the continuous rate delta (> 0 finite, checked by the caller), as clv__bg_dert();
 * the cache keeps DERT / P(alive) by (x, T) (one delta per cache). */
int clv__bg_dert_row(const clv__bg_prep *p, clv__row_cache *c, double x, double t_x, double T,
                     double delta, double *dert);
/* P(X(t) = n | x, t_x, T) (t >= 0 finite, n whole >= 0: checked by the caller), as
 * clv__bg_prob_purchases_cond(); the cache keeps the part given alive by (x, T). */
int clv__bg_prob_cond_row(const clv__bg_prep *p, clv__row_cache *c, double x, double t_x,
                          double T, double t, double n, double *prob);
/* The log-likelihood of each row of a block of at most CLV__LOGLIK_BLOCK rows, each as a
 * one-row table would give it (clv__bg_loglik()): status[j] and, where it is CLV_OK, out[j]. */
#define CLV__LOGLIK_BLOCK 256
/* A row with x = 0 (so t_x = 0) depends on T alone: with a cache, kept by the key
 * (CLV__ZERO_KEY, T), apart from every kernel's own keys (whose first part is >= 0) and from
 * rows.c's BG/BB keys (whole numbers <= -1). */
#define CLV__ZERO_KEY (-0.5)
void clv__bg_loglik_block(const clv__bg_prep *p, clv__row_cache *c, const clv_rfm_view *rows,
                          double *out, int32_t *status);

/* DERT and clv_customer_value() of the family over a table (betageo.c). Given alive, both
 * depend on the row only through x and A = alpha + T; a query fixes the rest (DERT: the rate
 * delta; value: clv_value_options' period, discount rate and horizon, checked). */
enum { CLV__BG_DERT = 0, CLV__BG_VALUE = 1 };
typedef struct clv__bg_query {
    int kind;
    double delta;                     /* CLV__BG_DERT */
    double period, discount, horizon; /* CLV__BG_VALUE */
} clv__bg_query;
/* Value: horizons of at most this many periods are summed period by period, and past
 * ln(1+d) H = CLV__BG_FAR the infinite horizon is taken (clv_customer_value()). */
#define CLV__BG_DIRECT_PERIODS 12.0
#define CLV__BG_FAR 40.0
/* The query's value for a live customer (x, A): the exact kernel (a series or quadrature). */
int clv__bg_query_per_alive(const clv__bg_prep *p, const clv__bg_query *q, double x, double A,
                            double *out);
/* A row's factor (value: margin x spend; may fail with the row's status) and the work
 * callback after row i (nonzero: cancel). */
typedef int (*clv__bg_row_factor)(const void *ctx, size_t i, double *factor);
typedef int (*clv__bg_row_progress)(const void *ctx, size_t i, size_t count);
/* factor(row) x P(alive) x the query given alive, for every row of d (clv.h's rows rules:
 * without row_status the table is checked first and the first error returned, rows before it
 * written); factor and progress may be null. Per x, the part given alive comes from a
 * Chebyshev interpolant in ln A (betageo.c), within ~1e-13 of the exact kernel. */
int clv__bg_query_rows(const clv__bg_prep *p, const clv__bg_query *q, const clv_rfm_view *d,
                       clv__bg_row_factor factor, clv__bg_row_progress progress,
                       const void *ctx, double *out, int32_t *row_status);
/* clv_customer_value_rows() for BG/NBD and MBG/NBD (customer_value.c), options checked. */
int clv__bg_value_rows(const clv__bg_prep *p, const clv_gg_params *spend_model,
                       const clv_value_options *options, const clv_rfm_view *d, double *out,
                       int32_t *row_status);

/* ---- Pareto/NBD (pnbd.c): theta = (r, alpha, s, beta) ------------------------------------- */

typedef struct clv__pnbd_prep {
    double r, alpha, s, beta;
    double log_alpha, log_beta, log_s;
} clv__pnbd_prep;

int clv__pnbd_prepare(const double *theta, clv__pnbd_prep *p);
/* The cache keeps ln U(s, s; delta (beta+T)) by T (one delta per cache). */
int clv__pnbd_dert_row(const clv__pnbd_prep *p, clv__row_cache *c, double x, double t_x,
                       double T, double delta, double *dert);
/* The cache keeps the part given alive, P_new(n; r+x, alpha+T, s, beta+T), by (x, T). */
int clv__pnbd_prob_cond_row(const clv__pnbd_prep *p, clv__row_cache *c, double x, double t_x,
                            double T, double t, double n, double *prob);
/* As clv__bg_loglik_block(), for clv_pnbd_loglik() on one-row tables. */
void clv__pnbd_loglik_block(const clv__pnbd_prep *p, clv__row_cache *c,
                            const clv_rfm_view *rows, double *out, int32_t *status);

/* ---- BG/BB (bgbb.c): theta = (alpha, beta, gamma, delta); T holds the opportunities n ------ */

typedef struct clv__bgbb_prep {
    double alpha, beta, gamma, delta;
    double lb_ab, lb_gd; /* log B(alpha, beta), log B(gamma, delta) */
} clv__bgbb_prep;

int clv__bgbb_prepare(const double *theta, clv__bgbb_prep *p);
int clv__bgbb_p_alive_row(const clv__bgbb_prep *p, double x, double t_x, double n, double *pa);
/* n_star whole >= 0 finite: checked by the caller. */
int clv__bgbb_expected_row(const clv__bgbb_prep *p, double x, double t_x, double n,
                           double n_star, double *expected);
/* Longest forecast (n_star) and new-customer length eq. 8 sums term by term (bgbb.c). */
#define CLV__BGBB_MAX_FORECAST 100000.0
/* n_star, x_star whole >= 0, n_star <= CLV__BGBB_MAX_FORECAST: checked by the caller. The
 * cache keeps the part given alive by (x, n) (one n_star, x_star per cache). */
int clv__bgbb_prob_cond_row(const clv__bgbb_prep *p, clv__row_cache *c, double x, double t_x,
                            double n, double n_star, double x_star, double *prob);
/* DERT at the discrete rate per opportunity discount (> 0 finite: checked by the caller); the
 * cache keeps the part that depends on n alone (one discount per cache). */
int clv__bgbb_dert_row(const clv__bgbb_prep *p, clv__row_cache *c, double x, double t_x,
                       double n, double discount, double *dert);
/* As clv__bg_loglik_block(), for clv_bgbb_loglik() on one-row tables. */
void clv__bgbb_loglik_block(const clv__bgbb_prep *p, const clv_rfm_view *rows, double *out,
                            int32_t *status);

/* ---- Gamma-Gamma (gg.c) ------------------------------------------------------------------- */

/* clv_gg_expected_spend() for parameters already checked. */
int clv__gg_spend_row(const clv_gg_params *params, double x, double monetary, double *spend);

#endif /* CLV_CLV_KERNELS_H */
