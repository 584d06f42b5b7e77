/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Scoring a customer table row by row, with a status per row (clv.h, group clv_rows): the
 * quantities of the purchase models over a clv_rfm_view, for any model through
 * clv_purchase_model. With a row-status array a refused row does not stop the others; without
 * one, the call behaves as the models' _array functions (the table is checked first, and the
 * first error is returned).
 *
 * Speed: where a model has a vectorised _array form (P(alive) and expectations of BG/NBD,
 * MBG/NBD and Pareto/NBD), the table is scored through it in blocks of ROWS_BLOCK rows; only a
 * block that it refuses is scored again row by row, so a table with a few bad rows costs what
 * a clean one does. Every other quantity goes through the models' per-row kernels
 * (kernels.h): the parameters are checked and their constants computed once per call, not
 * once per row, and the parts of DERT and P(X(t) = n) that depend on only part of the
 * history are kept in a cache across the rows (one quadrature per distinct (x, T), not per
 * row). The one-customer functions call the same kernels, so the values are theirs, bit for
 * bit -- except BG/NBD and MBG/NBD DERT and value, whose whole tables go to betageo.c's
 * per-x interpolants in alpha + T (within 1e-12 of the exact kernel, independent of the rows'
 * order). The log-likelihoods go through the models' block kernels, ROWS_BLOCK rows at a
 * time.
 */
#include <math.h>
#include <string.h>

#include "clv.h"
#include "clv/betageo.h"
#include "clv/curve.h"
#include "clv/kernels.h"
#include "core/validate.h"

#define ROWS_BLOCK 256

/* A quantity: a fast form over a block (may be null), and the one-row form. */
typedef struct quantity {
    const clv_purchase_model *model;
    const clv_gg_params *gg;
    const clv_value_options *value_options;
    double t; /* horizon (expectations, probabilities); discount rate delta (DERT) */
    int kind;
    double n; /* number of purchases (probabilities) */
    union {
        clv__bg_prep bg;
        clv__pnbd_prep pn;
        clv__bgbb_prep bb;
    } prep;               /* the model's prepared parameters (set by prepare()) */
    clv__row_cache *cache; /* the kernels' cache across rows (may be null) */
} quantity;

enum { Q_P_ALIVE, Q_EXPECTED, Q_LOGLIK, Q_SPEND, Q_VALUE, Q_PROB, Q_DERT };

static quantity quantity_of(const clv_purchase_model *model, const clv_gg_params *gg,
                            const clv_value_options *value_options, double t, int kind,
                            double n) {
    quantity q;
    memset(&q, 0, sizeof q);
    q.model = model;
    q.gg = gg;
    q.value_options = value_options;
    q.t = t;
    q.kind = kind;
    q.n = n;
    q.cache = NULL;
    return q;
}

static clv_bgnbd_params bgnbd_of(const double *p) {
    clv_bgnbd_params q = {p[0], p[1], p[2], p[3]};
    return q;
}
static clv_mbgnbd_params mbgnbd_of(const double *p) {
    clv_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
    return q;
}
static clv_pnbd_params pnbd_of(const double *p) {
    clv_pnbd_params q = {p[0], p[1], p[2], p[3]};
    return q;
}
static clv_gg_params gg_of(const double *p) {
    clv_gg_params q = {p[0], p[1], p[2]};
    return q;
}

/* The _array form of the quantity over a block, or 1 when the model has none. */
static int block_form(const quantity *q, const clv_rfm_view *v, double *out) {
    if (q->model == NULL) {
        return 1; /* expected spend: no purchase model, no block form */
    }
    const double *p = q->model->params;
    if (q->kind == Q_P_ALIVE) {
        switch (q->model->model) {
        case CLV_MODEL_BGNBD: {
            clv_bgnbd_params m = bgnbd_of(p);
            return clv_bgnbd_p_alive_array(&m, v, out);
        }
        case CLV_MODEL_MBGNBD: {
            clv_mbgnbd_params m = mbgnbd_of(p);
            return clv_mbgnbd_p_alive_array(&m, v, out);
        }
        case CLV_MODEL_PNBD: {
            clv_pnbd_params m = pnbd_of(p);
            return clv_pnbd_p_alive_array(&m, v, out);
        }
        default:
            return 1;
        }
    }
    if (q->kind == Q_EXPECTED) {
        switch (q->model->model) {
        case CLV_MODEL_BGNBD: {
            clv_bgnbd_params m = bgnbd_of(p);
            return clv_bgnbd_expected_purchases_array(&m, v, q->t, out);
        }
        case CLV_MODEL_MBGNBD: {
            clv_mbgnbd_params m = mbgnbd_of(p);
            return clv_mbgnbd_expected_purchases_array(&m, v, q->t, out);
        }
        case CLV_MODEL_PNBD: {
            clv_pnbd_params m = pnbd_of(p);
            return clv_pnbd_expected_purchases_array(&m, v, q->t, out);
        }
        default:
            return 1;
        }
    }
    return 1;
}

/* The Gamma-Gamma log-likelihood of one row as a one-row table (its weight ignored); the
 * purchase models' go through their block kernels (run_loglik_blocks()). */
static int row_loglik(const quantity *q, const clv_rfm_view *d, double x, double t_x, double T,
                      const double *monetary, double *out) {
    /* A table without time columns: none in the row either (zeros would pass the same
     * checks, at a cost). */
    int times = (d->t_x != NULL && d->T != NULL);
    clv_rfm_view one = {1, &x, times ? &t_x : NULL, times ? &T : NULL, monetary, NULL};
    clv_gg_params m = gg_of(q->model->params);
    return clv_gg_loglik(&m, &one, out, NULL);
}

/* The prepared parameters of the call's model (checked by the caller: the status is CLV_OK). */
static void prepare(quantity *q) {
    q->cache = NULL;
    if (q->model == NULL) {
        return;
    }
    const double *p = q->model->params;
    switch (q->model->model) {
    case CLV_MODEL_BGNBD:
    case CLV_MODEL_MBGNBD:
        (void)clv__bg_prepare(p, q->model->model == CLV_MODEL_MBGNBD, &q->prep.bg);
        break;
    case CLV_MODEL_PNBD:
        (void)clv__pnbd_prepare(p, &q->prep.pn);
        break;
    case CLV_MODEL_BGBB:
        (void)clv__bgbb_prepare(p, &q->prep.bb);
        break;
    default:
        break;
    }
}

/* P(X(t) = n | x, t_x, T) of one row (BG/BB: t = n*, n = x*). */
static int row_prob(const quantity *q, double x, double t_x, double T, double *out) {
    switch (q->model->model) {
    case CLV_MODEL_BGNBD:
    case CLV_MODEL_MBGNBD:
        return clv__bg_prob_cond_row(&q->prep.bg, q->cache, x, t_x, T, q->t, q->n, out);
    case CLV_MODEL_PNBD:
        return clv__pnbd_prob_cond_row(&q->prep.pn, q->cache, x, t_x, T, q->t, q->n, out);
    case CLV_MODEL_BGBB:
        return clv__bgbb_prob_cond_row(&q->prep.bb, q->cache, x, t_x, T, q->t, q->n, out);
    default:
        return CLV_EINVAL;
    }
}

/* DERT of one row at the continuous rate delta = q->t (BG/BB: its discrete rate per
 * opportunity e^delta - 1, the same discounting, e^(-delta k) = (1 + d)^-k). */
static int row_dert(const quantity *q, double x, double t_x, double T, double *out) {
    switch (q->model->model) {
    case CLV_MODEL_BGNBD:
    case CLV_MODEL_MBGNBD:
        return clv__bg_dert_row(&q->prep.bg, q->cache, x, t_x, T, q->t, out);
    case CLV_MODEL_PNBD:
        return clv__pnbd_dert_row(&q->prep.pn, q->cache, x, t_x, T, q->t, out);
    case CLV_MODEL_BGBB:
        return clv__bgbb_dert_row(&q->prep.bb, q->cache, x, t_x, T, expm1(q->t), out);
    default:
        return CLV_EINVAL;
    }
}

/* The quantity of row i. */
static int one_row_of(const quantity *q, const clv_rfm_view *d, size_t i, double *out);

/* A BG/BB history clv_rfm_check() accepted: x <= t_x <= n whole, t_x = 0 exactly when x = 0,
 * n <= CLV_BGBB_MAX_OPPORTUNITIES (the rules of clv_bgbb_p_alive()). */
static int bgbb_history_ok(double x, double t_x, double n) {
    return floor(x) == x && floor(t_x) == t_x && floor(n) == n && x <= t_x &&
           !(x > 0.0 && t_x == 0.0) && n <= CLV_BGBB_MAX_OPPORTUNITIES;
}

/* BG/BB's histories are whole numbers, and a table has few distinct ones (the donations data
 * of Fader, Hardie & Shang 2010: 22 patterns for 11,104 customers): every quantity of a row
 * depends on (x, t_x, n) alone, so with a cache the row's value is kept by its history, under
 * the key (-1 - x, n 2^17 + t_x) -- one-to-one for valid histories (t_x <= n <= 10^5 < 2^17)
 * and apart from the kernels' own keys, whose first part is >= 0. */
#define BGBB_KEY_SCALE 131072.0

static int one_row(const quantity *q, const clv_rfm_view *d, size_t i, double *out) {
    if (q->cache != NULL && q->model != NULL && q->model->model != CLV_MODEL_BGBB &&
        (q->kind == Q_PROB || q->kind == Q_DERT) && d->x[i] == 0.0 && d->t_x[i] == 0.0) {
        /* BG/NBD, MBG/NBD, Pareto/NBD: a valid row with x = 0 has t_x = 0 and depends on T
         * alone (their P(alive) arrays keep such rows too), kept by (CLV__ZERO_KEY, T). */
        double T = d->T[i];
        if (clv__row_cache_get(q->cache, CLV__ZERO_KEY, T, out)) {
            return CLV_OK; /* only valid rows are kept: so is this one (x = t_x = 0, same T) */
        }
        int st = one_row_of(q, d, i, out);
        if (st == CLV_OK) {
            clv__row_cache_put(q->cache, CLV__ZERO_KEY, T, *out);
        }
        return st;
    }
    if (q->cache == NULL || q->model == NULL || q->model->model != CLV_MODEL_BGBB ||
        q->kind == Q_VALUE || q->kind == Q_LOGLIK) {
        return one_row_of(q, d, i, out);
    }
    double x = d->x[i], t_x = d->t_x[i], n = d->T[i];
    if (clv__check_history(x, t_x, n) != CLV_OK || !bgbb_history_ok(x, t_x, n)) {
        return one_row_of(q, d, i, out); /* the kernel's refusal */
    }
    double k0 = -1.0 - x, k1 = n * BGBB_KEY_SCALE + t_x;
    if (clv__row_cache_get(q->cache, k0, k1, out)) {
        return CLV_OK;
    }
    int st = one_row_of(q, d, i, out);
    if (st == CLV_OK) {
        clv__row_cache_put(q->cache, k0, k1, *out);
    }
    return st;
}

static int one_row_of(const quantity *q, const clv_rfm_view *d, size_t i, double *out) {
    double x = d->x[i];
    double t_x = (d->t_x != NULL) ? d->t_x[i] : 0.0;
    double T = (d->T != NULL) ? d->T[i] : 0.0;
    double monetary = (d->monetary != NULL) ? d->monetary[i] : NAN;
    const double *p = (q->model != NULL) ? q->model->params : NULL;
    switch (q->kind) {
    case Q_P_ALIVE:
    case Q_EXPECTED: {
        int e = (q->kind == Q_EXPECTED);
        switch (q->model->model) {
        case CLV_MODEL_BGNBD: {
            clv_bgnbd_params m = bgnbd_of(p);
            return e ? clv_bgnbd_expected_purchases(&m, x, t_x, T, q->t, out)
                     : clv_bgnbd_p_alive(&m, x, t_x, T, out);
        }
        case CLV_MODEL_MBGNBD: {
            clv_mbgnbd_params m = mbgnbd_of(p);
            return e ? clv_mbgnbd_expected_purchases(&m, x, t_x, T, q->t, out)
                     : clv_mbgnbd_p_alive(&m, x, t_x, T, out);
        }
        case CLV_MODEL_PNBD: {
            clv_pnbd_params m = pnbd_of(p);
            return e ? clv_pnbd_expected_purchases(&m, x, t_x, T, q->t, out)
                     : clv_pnbd_p_alive(&m, x, t_x, T, out);
        }
        case CLV_MODEL_BGBB:
            return e ? clv__bgbb_expected_row(&q->prep.bb, x, t_x, T, q->t, out)
                     : clv__bgbb_p_alive_row(&q->prep.bb, x, t_x, T, out);
        default:
            return CLV_EINVAL;
        }
    }
    case Q_PROB:
        return row_prob(q, x, t_x, T, out);
    case Q_DERT:
        return row_dert(q, x, t_x, T, out);
    case Q_LOGLIK:
        return row_loglik(q, d, x, t_x, T, (d->monetary != NULL) ? d->monetary + i : NULL, out);
    case Q_SPEND:
        return clv__gg_spend_row(q->gg, x, monetary, out);
    case Q_VALUE:
        return clv_customer_value(q->model, q->gg, q->value_options, x, t_x, T, monetary, out);
    default:
        return CLV_EINVAL;
    }
}

static clv_rfm_view block_of(const clv_rfm_view *d, size_t i0, size_t n) {
    clv_rfm_view v = {n,
                      d->x + i0,
                      (d->t_x != NULL) ? d->t_x + i0 : NULL,
                      (d->T != NULL) ? d->T + i0 : NULL,
                      (d->monetary != NULL) ? d->monetary + i0 : NULL,
                      NULL};
    return v;
}

/* Customer value's work-progress callback after row i of count (issue 21): every
 * CLV_VALUE_ROWS_PER_PROGRESS rows and after the last. Nonzero: the caller cancelled. */
static int work_after(const quantity *q, size_t i, size_t count) {
    if (q->kind != Q_VALUE || q->value_options->progress == NULL) {
        return 0;
    }
    size_t done = i + 1;
    if (done % CLV_VALUE_ROWS_PER_PROGRESS != 0 && done != count) {
        return 0;
    }
    return q->value_options->progress(q->value_options->user_data, (uint64_t)done,
                                      (uint64_t)count) != 0;
}

/*
 * The driver. The call's own arguments were checked by the caller. Without row_status: the
 * fast form over the whole table where there is one, else the table checked by
 * clv_rfm_check() (with need_monetary) and then row by row, stopping at the first error (rows
 * before it written). With row_status: blocks through the fast form, a refused block (and
 * every block of a model without one) row by row, each row's status in row_status and its
 * value in out (untouched where the status is an error).
 */
static int run_rows(const quantity *q, const clv_rfm_view *d, int need_monetary, double *out,
                    int32_t *row_status);
static int run_loglik_blocks(const quantity *q, const clv_rfm_view *d, double *out,
                             int32_t *row_status);

static int run(quantity *q, const clv_rfm_view *d, int need_monetary, double *out,
               int32_t *row_status) {
    prepare(q);
    if ((q->kind == Q_DERT || q->kind == Q_VALUE) &&
        (q->model->model == CLV_MODEL_BGNBD || q->model->model == CLV_MODEL_MBGNBD)) {
        /* Whole tables: per x an interpolant in alpha + T (betageo.c), not a row's kernel. */
        clv__bg_query dq = {CLV__BG_DERT, q->t, 0.0, 0.0, 0.0};
        return (q->kind == Q_DERT) ? clv__bg_query_rows(&q->prep.bg, &dq, d, NULL, NULL, NULL,
                                                        out, row_status)
                                   : clv__bg_value_rows(&q->prep.bg, q->gg, q->value_options, d,
                                                        out, row_status);
    }
    if (q->kind == Q_LOGLIK && q->model->model != CLV_MODEL_GG) {
        clv__row_cache cache; /* BG/BB's rows by history (one_row()), the others' x = 0 rows */
        clv__row_cache_init(&cache);
        q->cache = &cache;
        int st = run_loglik_blocks(q, d, out, row_status);
        q->cache = NULL;
        return st;
    }
    if (q->kind == Q_PROB || q->kind == Q_DERT ||
        (q->model != NULL && q->model->model == CLV_MODEL_BGBB && q->kind != Q_VALUE)) {
        clv__row_cache cache; /* the parts that depend on (x, T), kernels.h; BG/BB's rows */
        clv__row_cache_init(&cache);
        q->cache = &cache;
        int st = run_rows(q, d, need_monetary, out, row_status);
        q->cache = NULL;
        return st;
    }
    return run_rows(q, d, need_monetary, out, row_status);
}

/* The log-likelihood of each row through the model's block kernel (kernels.h), ROWS_BLOCK
 * rows at a time. Without row_status the table is checked first, and a row's error (the
 * model's own history rules: BG/BB; CLV_ERANGE) is returned with the rows before it written. */
static int run_loglik_blocks(const quantity *q, const clv_rfm_view *d, double *out,
                             int32_t *row_status) {
    int st;
    if (row_status == NULL && (st = clv_rfm_check(d, 0, NULL)) != CLV_OK) {
        return st;
    }
    for (size_t i0 = 0; i0 < d->count; i0 += ROWS_BLOCK) {
        size_t n = (d->count - i0 < ROWS_BLOCK) ? d->count - i0 : ROWS_BLOCK;
        clv_rfm_view v = block_of(d, i0, n);
        double value[ROWS_BLOCK];
        int32_t status[ROWS_BLOCK];
        switch (q->model->model) {
        case CLV_MODEL_BGNBD:
        case CLV_MODEL_MBGNBD:
            clv__bg_loglik_block(&q->prep.bg, q->cache, &v, value, status);
            break;
        case CLV_MODEL_PNBD:
            clv__pnbd_loglik_block(&q->prep.pn, q->cache, &v, value, status);
            break;
        default:
            for (size_t j = 0; j < n; j++) {
                /* a row at a time, each history once (one_row()) */
                double x = v.x[j], t_x = v.t_x[j], nn = v.T[j];
                int known = clv__check_history(x, t_x, nn) == CLV_OK &&
                            bgbb_history_ok(x, t_x, nn);
                double k0 = -1.0 - x, k1 = nn * BGBB_KEY_SCALE + t_x;
                if (known && clv__row_cache_get(q->cache, k0, k1, &value[j])) {
                    status[j] = CLV_OK;
                    continue;
                }
                clv_rfm_view one = block_of(&v, j, 1);
                clv__bgbb_loglik_block(&q->prep.bb, &one, &value[j], &status[j]);
                if (known && status[j] == CLV_OK) {
                    clv__row_cache_put(q->cache, k0, k1, value[j]);
                }
            }
            break;
        }
        for (size_t j = 0; j < n; j++) {
            if (row_status != NULL) {
                row_status[i0 + j] = status[j];
            } else if (status[j] != CLV_OK) {
                return status[j]; /* rows before i0 + j written, the rest untouched */
            }
            if (status[j] == CLV_OK) {
                out[i0 + j] = value[j];
            }
        }
    }
    return CLV_OK;
}

static int run_rows(const quantity *q, const clv_rfm_view *d, int need_monetary, double *out,
                    int32_t *row_status) {
    int st;
    if (row_status != NULL && q->model != NULL &&
        (q->kind == Q_P_ALIVE || q->kind == Q_EXPECTED) &&
        (q->model->model == CLV_MODEL_BGNBD || q->model->model == CLV_MODEL_MBGNBD)) {
        /* BG/NBD and MBG/NBD check rows one by one inside their vector loops (and keep one
         * cache of expectation brackets over the whole table). */
        int shift = (q->model->model == CLV_MODEL_MBGNBD);
        return (q->kind == Q_P_ALIVE)
                   ? clv__bg_p_alive_array(q->model->params, shift, d, out, row_status)
                   : clv__bg_expected_purchases_array(q->model->params, shift, d, q->t, out,
                                                      row_status);
    }
    if (row_status == NULL) {
        if ((st = block_form(q, d, out)) != 1) {
            return st;
        }
        if (d->t_x == NULL || d->T == NULL || q->kind == Q_SPEND) {
            /* Gamma-Gamma, which reads no time columns (the only quantities let through
             * without them; clv_rfm_check() needs them) and whose spend has a domain of its
             * own (p x + q > 1): each row is checked by its own function first, so that
             * nothing is written before a bad row. */
            for (size_t i = 0; i < d->count; i++) {
                double value;
                if ((st = one_row(q, d, i, &value)) != CLV_OK) {
                    return st;
                }
            }
        } else if ((st = clv_rfm_check(d, need_monetary, NULL)) != CLV_OK) {
            return st;
        } else if ((q->kind == Q_PROB || q->kind == Q_DERT) &&
                   q->model->model == CLV_MODEL_BGBB) {
            /* BG/BB's own history rules (whole opportunities), checked before any write. */
            for (size_t i = 0; i < d->count; i++) {
                if (!bgbb_history_ok(d->x[i], d->t_x[i], d->T[i])) {
                    return CLV_EDOM;
                }
            }
        }
        for (size_t i = 0; i < d->count; i++) {
            if ((st = one_row(q, d, i, &out[i])) != CLV_OK) {
                return st;
            }
            if (work_after(q, i, d->count)) {
                return CLV_ECANCELED; /* rows up to i written */
            }
        }
        return CLV_OK;
    }
    for (size_t i0 = 0; i0 < d->count; i0 += ROWS_BLOCK) {
        size_t n = (d->count - i0 < ROWS_BLOCK) ? d->count - i0 : ROWS_BLOCK;
        clv_rfm_view v = block_of(d, i0, n);
        if (block_form(q, &v, out + i0) == CLV_OK) {
            for (size_t j = 0; j < n; j++) {
                row_status[i0 + j] = CLV_OK;
            }
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            double value;
            st = one_row(q, d, i0 + j, &value);
            row_status[i0 + j] = st;
            if (st == CLV_OK) {
                out[i0 + j] = value;
            }
            if (work_after(q, i0 + j, d->count)) {
                return CLV_ECANCELED; /* rows up to i0 + j written, with their status */
            }
        }
    }
    return CLV_OK;
}

/* Null pointers, an empty table, an unknown model or a nonzero reserved field are CLV_EINVAL;
 * invalid parameters CLV_EDOM. allow_gg: the Gamma-Gamma tag is a valid model here. */
static int check_call(const clv_purchase_model *model, const clv_rfm_view *d, const double *out,
                      int allow_gg) {
    if (model == NULL || d == NULL || out == NULL || d->x == NULL || d->count == 0 ||
        model->reserved != 0) {
        return CLV_EINVAL;
    }
    int n = 4;
    switch (model->model) {
    case CLV_MODEL_BGNBD:
    case CLV_MODEL_MBGNBD:
    case CLV_MODEL_PNBD:
    case CLV_MODEL_BGBB:
        break;
    case CLV_MODEL_GG:
        if (!allow_gg) {
            return CLV_EINVAL;
        }
        n = 3;
        break;
    default:
        return CLV_EINVAL;
    }
    return clv__check_params(model->params, n);
}

/* The time columns every purchase model reads. */
static int check_times(const clv_rfm_view *d) {
    return (d->t_x == NULL || d->T == NULL) ? CLV_EINVAL : CLV_OK;
}

int clv_p_alive_rows(const clv_purchase_model *model, const clv_rfm_view *data, double *p,
                     int32_t *row_status) {
    int st;
    if ((st = check_call(model, data, p, 0)) != CLV_OK || (st = check_times(data)) != CLV_OK) {
        return st;
    }
    quantity q = quantity_of(model, NULL, NULL, 0.0, Q_P_ALIVE, 0.0);
    return run(&q, data, 0, p, row_status);
}

int clv_expected_purchases_rows(const clv_purchase_model *model, const clv_rfm_view *data,
                                double t, double *expected, int32_t *row_status) {
    int st;
    if ((st = check_call(model, data, expected, 0)) != CLV_OK ||
        (st = check_times(data)) != CLV_OK) {
        return st;
    }
    if ((st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    if (model->model == CLV_MODEL_BGBB && floor(t) != t) {
        return CLV_EDOM; /* BG/BB: whole future opportunities */
    }
    quantity q = quantity_of(model, NULL, NULL, t, Q_EXPECTED, 0.0);
    return run(&q, data, 0, expected, row_status);
}

int clv_loglik_rows(const clv_purchase_model *model, const clv_rfm_view *data, double *loglik,
                    int32_t *row_status) {
    int st;
    if ((st = check_call(model, data, loglik, 1)) != CLV_OK) {
        return st;
    }
    int gg = (model->model == CLV_MODEL_GG);
    if (gg ? data->monetary == NULL : check_times(data) != CLV_OK) {
        return CLV_EINVAL;
    }
    quantity q = quantity_of(model, NULL, NULL, 0.0, Q_LOGLIK, 0.0);
    if (gg) {
        /* Gamma-Gamma reads x and monetary only: rows checked by its own likelihood. */
        return run(&q, data, 1, loglik, row_status);
    }
    return run(&q, data, 0, loglik, row_status);
}

int clv_gg_expected_spend_rows(const clv_gg_params *params, const clv_rfm_view *data,
                               double *spend, int32_t *row_status) {
    if (params == NULL || data == NULL || spend == NULL || data->x == NULL ||
        data->monetary == NULL || data->count == 0) {
        return CLV_EINVAL;
    }
    const double theta[3] = {params->p, params->q, params->gamma};
    int st = clv__check_params(theta, 3);
    if (st != CLV_OK) {
        return st;
    }
    quantity q = quantity_of(NULL, params, NULL, 0.0, Q_SPEND, 0.0);
    return run(&q, data, 0, spend, row_status);
}

int clv_customer_value_rows(const clv_purchase_model *model, const clv_gg_params *spend_model,
                            const clv_value_options *options, const clv_rfm_view *data,
                            double *value, int32_t *row_status) {
    int st;
    if ((st = check_call(model, data, value, 0)) != CLV_OK ||
        (st = check_times(data)) != CLV_OK) {
        return st;
    }
    if (data->monetary == NULL && spend_model == NULL) {
        return CLV_EINVAL; /* no spend at all */
    }
    /* The options and the spend model's parameters are arguments of the call. */
    clv_value_options checked;
    if ((st = clv__read_value_options(options, &checked)) != CLV_OK) {
        return st;
    }
    if (spend_model != NULL) {
        const double theta[3] = {spend_model->p, spend_model->q, spend_model->gamma};
        if ((st = clv__check_params(theta, 3)) != CLV_OK) {
            return st;
        }
    }
    quantity q = quantity_of(model, spend_model, &checked, 0.0, Q_VALUE, 0.0); /* the validated copy */
    return run(&q, data, 0, value, row_status);
}

int clv_prob_purchases_rows(const clv_purchase_model *model, const clv_rfm_view *data, double t,
                            double n, double *p, int32_t *row_status) {
    int st;
    if ((st = check_call(model, data, p, 0)) != CLV_OK || (st = check_times(data)) != CLV_OK) {
        return st;
    }
    if ((st = clv__check_nonneg(t)) != CLV_OK || (st = clv__check_nonneg(n)) != CLV_OK) {
        return st;
    }
    if (floor(n) != n ||
        (model->model == CLV_MODEL_BGBB && (floor(t) != t || t > CLV__BGBB_MAX_FORECAST))) {
        return CLV_EDOM; /* whole purchases; BG/BB: whole future opportunities, at most
                            clv_bgbb_prob_purchases_cond()'s limit (eq. 8 goes term by term) */
    }
    quantity q = quantity_of(model, NULL, NULL, t, Q_PROB, n);
    return run(&q, data, 0, p, row_status);
}

int clv_dert_rows(const clv_purchase_model *model, const clv_rfm_view *data, double delta,
                  double *dert, int32_t *row_status) {
    int st;
    if ((st = check_call(model, data, dert, 0)) != CLV_OK || (st = check_times(data)) != CLV_OK) {
        return st;
    }
    if ((st = clv__check_positive(delta)) != CLV_OK) {
        return st;
    }
    if (model->model == CLV_MODEL_BGBB && !(isfinite(expm1(delta)) && expm1(delta) > 0.0)) {
        return CLV_EDOM; /* no discrete rate per opportunity in doubles */
    }
    quantity q = quantity_of(model, NULL, NULL, delta, Q_DERT, 0.0);
    return run(&q, data, 0, dert, row_status);
}
