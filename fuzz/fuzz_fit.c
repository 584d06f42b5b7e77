/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for the fitting machinery (clv.h, groups clv_fit, clv_mbgnbd, clv_bgbb,
 * clv_pnbd; churn.h sBG fits) and the Markov workspace (churn.h clv_markov): the entry points
 * and call forms fuzz_models.c, fuzz_churn.c and fuzz_markov.c do not reach.
 *
 * Input layout: byte 0 picks the part ((byte & 7) % 5) and bit 7 how doubles are read (1: raw
 * little-endian doubles; 0: one byte each, mapped onto a grid of ordinary values and IEEE
 * specials); byte 1 and byte 2 are the part's two small numbers (k, j below); then doubles.
 *
 *   0 likelihoods: MBG/NBD and BG/BB log-likelihoods and gradients over up to 12 rows (x, t_x,
 *     T, weight), whole and in two chunks split at j % (rows + 1); the Pareto/NBD and MBG/NBD
 *     expectations for a new customer and their array forms; then (bit 6 of byte 0) a fit of
 *     both with weights, at most 1 + k % 24 iterations.
 *   1 reverse communication: clv_fit_start() for model k % 7 (0 is no model), then a
 *     script of at most 64 steps, one byte each: next, next again, tell (a fuzzed value, a
 *     NaN, -INFINITY, or the true BG/NBD value of a fixed table), tell twice, result early.
 *   2 hooks and progress: a table of 256+ rows (replicated from the input's rows, so that the
 *     fit merges them through the allocator hooks) fitted by model k % 7 (5 is sBG on
 *     durations, 6 sBG on one cohort), with an allocator that fails at its (j % 4)-th call (0: never) and a
 *     progress callback that cancels at iteration (byte 3 % 8) (0: never).
 *   3 struct sizes: one options struct (k % 4: clv_fit_options, clv_rfm_options,
 *     clv_value_options, clv_bass_fit_options) with struct_size = j' % (sizeof + 65), j' from
 *     bytes 2-3, in an exact-size heap block (at least the 8-byte header the library always
 *     reads) whose tail past sizeof is zero or (bit 6) input bytes; a non-zero reserved field
 *     with bit 5.
 *   4 Markov: clv_markov_value() on a chain of 1 + k % 64 states (i -> i + 1 with the input's
 *     probability, bit 7 of j: raw, else folded into [0, 1]), horizon j % 8 of a table, the
 *     discount from the input; every array an exact-size heap block, the workspace one double
 *     short when byte 3 % 3 == 0.
 *
 * Checked: statuses are documented ones; failing calls leave every output untouched
 * (sentinel bytes); on CLV_OK log-likelihoods and gradients are finite and the chunks add up
 * to the whole, expectations are finite and >= 0, array forms equal scalar forms, estimates
 * are finite and > 0 and reports finite; a fit cancelled at iteration k called the callback
 * exactly k times and returns CLV_ECANCELED with its point; every block the allocator gave is
 * freed; the reverse-communication API answers out-of-turn calls with CLV_EINVAL and a NaN
 * with CLV_EDOM, hands out the same point until told, and never returns CLV_OK from
 * clv_fit_result() before CLV_FIT_DONE; an options struct is read exactly when its size is an
 * accepted layout with a zero tail.
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "referral.h"

/* A broken contract: say which, then crash so libFuzzer keeps the input. */
static void fail(const char *what, int line) {
    fprintf(stderr, "fuzz_fit.c:%d: contract violated: %s\n", line, what);
    __builtin_trap();
}

#include "fuzz_common.h"

#define MAX_ROWS 12
#define SENTINEL (-4242.4242)
#define POISON 0xA5

static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,  -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,     -1.0,      0.5,
                                        1e5,     1e4,      1e-3,   1.0 + 1e-9};
    if (b >= 240) {
        return specials[b - 240];
    }
    if (b < 120) {
        return (double)b;
    }
    return (double)(b - 120) / 8.0;
}

static double next_double(reader *r) {
    return reader_next(r, mapped, 0.0);
}

static int documented(int st) {
    return st <= 0 && st >= CLV_EIDENT;
}

static int finite_all(const double *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            return 0;
        }
    }
    return 1;
}

static int positive_all(const double *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] > 0.0) || !isfinite(v[i])) {
            return 0;
        }
    }
    return 1;
}

/* Close within a relative tolerance of the magnitudes that were added. */
static int close_sum(double whole, double a, double b) {
    double scale = fabs(a) + fabs(b) + fabs(whole);
    return fabs(whole - (a + b)) <= 1e-9 * scale + 1e-300;
}

/* An honest report: finite numbers, n_params as the model's, standard errors +INFINITY only
 * without a covariance. */
static void check_report(const clv_fit_report *r, uint32_t n) {
    NEED(r->n_params == n);
    NEED(isfinite(r->loglik) && isfinite(r->gradient_norm) && r->gradient_norm >= 0.0);
    NEED(r->converged <= 1 && r->covariance_ok <= 1);
    for (uint32_t i = 0; i < n; i++) {
        if (r->covariance_ok) {
            NEED(isfinite(r->std_error[i]) && r->std_error[i] >= 0.0);
        } else {
            NEED(r->std_error[i] == INFINITY);
        }
    }
    NEED(finite_all(r->covariance, (size_t)n * n));
}

/* ---- part 0: likelihoods, expectations, weighted fits ---------------------------------------- */

typedef struct table {
    size_t n;
    double x[MAX_ROWS], t_x[MAX_ROWS], T[MAX_ROWS], w[MAX_ROWS];
} table;

static void read_table(reader *rd, table *t, double max_T) {
    t->n = 0;
    while (t->n < MAX_ROWS && rd->pos < rd->size) {
        size_t i = t->n++;
        t->x[i] = next_double(rd);
        t->t_x[i] = next_double(rd);
        t->T[i] = next_double(rd);
        t->w[i] = next_double(rd);
        /* Bound the work: BG/BB's likelihood costs O(n - t_x) per row. */
        if (isfinite(t->T[i]) && fabs(t->T[i]) > max_T) {
            t->T[i] = fmod(t->T[i], max_T);
        }
        if (isfinite(t->x[i]) && fabs(t->x[i]) > max_T) {
            t->x[i] = fmod(t->x[i], max_T);
        }
    }
}

typedef int (*loglik_fn)(const void *params, const clv_rfm_view *data, double *loglik,
                         double *gradient);

static int mbgnbd_ll(const void *p, const clv_rfm_view *v, double *ll, double *g) {
    return clv_mbgnbd_loglik(p, v, ll, g);
}

static int bgbb_ll(const void *p, const clv_rfm_view *v, double *ll, double *g) {
    return clv_bgbb_loglik(p, v, ll, g);
}

/* The whole table, then its two chunks: on CLV_OK for all three, the values and gradients
 * add up. A failing call leaves its outputs untouched. */
static void check_loglik(loglik_fn f, const void *params, const table *t, int weighted,
                         size_t split) {
    const double *w = weighted ? t->w : NULL;
    clv_rfm_view all = {t->n, t->x, t->t_x, t->T, NULL, w};
    double ll = SENTINEL, g[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    int st = f(params, &all, &ll, g);
    NEED(documented(st));
    if (st != CLV_OK) {
        NEED(ll == SENTINEL && g[0] == SENTINEL && g[3] == SENTINEL);
        NEED(st == CLV_EINVAL || st == CLV_EDOM || st == CLV_ERANGE);
        return;
    }
    NEED(isfinite(ll) && finite_all(g, 4));
    /* Without the gradient: the same value. */
    double ll0 = SENTINEL;
    NEED(f(params, &all, &ll0, NULL) == CLV_OK);
    NEED(ll0 == ll || fabs(ll0 - ll) <= 1e-12 * fabs(ll));
    if (split == 0 || split >= t->n) {
        return;
    }
    clv_rfm_view a = {split, t->x, t->t_x, t->T, NULL, w};
    clv_rfm_view b = {t->n - split, t->x + split, t->t_x + split, t->T + split, NULL,
                      w ? w + split : NULL};
    double la, lb, ga[4], gb[4];
    int sa = f(params, &a, &la, ga);
    int sb = f(params, &b, &lb, gb);
    /* The whole was finite; a chunk may still overflow where the whole's terms cancelled. */
    NEED(sa == CLV_OK || sa == CLV_ERANGE);
    NEED(sb == CLV_OK || sb == CLV_ERANGE);
    if (sa == CLV_OK && sb == CLV_OK) {
        NEED(close_sum(ll, la, lb));
        for (int i = 0; i < 4; i++) {
            NEED(close_sum(g[i], ga[i], gb[i]));
        }
    }
}

typedef int (*fit_fn)(const clv_rfm_view *data, const clv_fit_options *options, void *params,
                      clv_fit_report *report);

static int mbgnbd_fit(const clv_rfm_view *v, const clv_fit_options *o, void *p,
                      clv_fit_report *r) {
    return clv_mbgnbd_fit(v, o, p, r);
}

static int bgbb_fit(const clv_rfm_view *v, const clv_fit_options *o, void *p, clv_fit_report *r) {
    return clv_bgbb_fit(v, o, p, r);
}

static int pnbd_fit(const clv_rfm_view *v, const clv_fit_options *o, void *p, clv_fit_report *r) {
    return clv_pnbd_fit(v, o, p, r);
}

static int bgnbd_fit(const clv_rfm_view *v, const clv_fit_options *o, void *p,
                     clv_fit_report *r) {
    return clv_bgnbd_fit(v, o, p, r);
}

static int gg_fit(const clv_rfm_view *v, const clv_fit_options *o, void *p, clv_fit_report *r) {
    return clv_gg_fit(v, o, p, r);
}

/* A fit's outcome: written outputs exactly on CLV_OK / CLV_ENOCONV / CLV_ECANCELED, with
 * finite positive estimates and an honest report; nothing written otherwise. */
static void check_fit_outcome(int st, const double *p, uint32_t n, const clv_fit_report *r) {
    NEED(documented(st));
    NEED(st != CLV_ESTRUCT && st != CLV_ENOMEM && st != CLV_EDIVERGE);
    if (st == CLV_OK || st == CLV_ENOCONV || st == CLV_ECANCELED) {
        NEED(positive_all(p, n));
        check_report(r, n);
        NEED(st != CLV_OK || r->converged == 1);
    } else {
        NEED(untouched_bytes(p, n * sizeof(double), POISON));
        NEED(untouched_bytes(r, sizeof *r, POISON));
    }
}

static void part_likelihoods(reader *rd, uint8_t k, uint8_t j, uint8_t flags) {
    double p[4];
    for (int i = 0; i < 4; i++) {
        p[i] = next_double(rd);
    }
    double t = next_double(rd);
    if (isfinite(t) && fabs(t) > 1e6) {
        t = copysign(1e6, t);
    }
    table tb;
    read_table(rd, &tb, 2000.0);
    size_t split = tb.n ? j % (tb.n + 1) : 0;
    int weighted = (flags & 0x20) != 0;
    const clv_mbgnbd_params mp = {p[0], p[1], p[2], p[3]};
    const clv_bgbb_params bp = {p[0], p[1], p[2], p[3]};
    const clv_pnbd_params pp = {p[0], p[1], p[2], p[3]};
    check_loglik(mbgnbd_ll, &mp, &tb, weighted, split);
    check_loglik(bgbb_ll, &bp, &tb, weighted, split);

    /* Expectations for a new customer. */
    double e = SENTINEL;
    int st = clv_pnbd_expected_purchases_new(&pp, t, &e);
    NEED(documented(st));
    NEED(st == CLV_OK ? (isfinite(e) && e >= 0.0) : e == SENTINEL);
    NEED(st == CLV_OK || st == CLV_EDOM || st == CLV_ERANGE || st == CLV_ENOCONV);
    e = SENTINEL;
    st = clv_mbgnbd_expected_purchases_new(&mp, t, &e);
    NEED(documented(st));
    NEED(st == CLV_OK ? (isfinite(e) && e >= 0.0) : e == SENTINEL);
    NEED(st == CLV_OK || st == CLV_EDOM || st == CLV_ERANGE || st == CLV_ENOCONV);
    e = SENTINEL;
    double nb = isfinite(t) ? floor(fabs(t)) : t;
    if (isfinite(nb) && nb > 2000.0) {
        nb = fmod(nb, 2000.0);
    }
    st = clv_bgbb_expected_purchases_new(&bp, nb, &e);
    NEED(documented(st));
    /* At most one transaction per opportunity: E[X(n)] <= n, up to rounding (the header
     * promises >= 0; the closed form can land an ulp above n when a Beta mean is ~1). */
    NEED(st == CLV_OK ? (isfinite(e) && e >= 0.0 && e <= nb * (1.0 + 1e-12)) : e == SENTINEL);

    /* Array forms equal the scalar forms row by row, or fail untouched. */
    if (tb.n > 0) {
        clv_rfm_view v = {tb.n, tb.x, tb.t_x, tb.T, NULL, NULL};
        double out[MAX_ROWS], one;
        for (int which = 0; which < 4; which++) {
            for (size_t i = 0; i < MAX_ROWS; i++) {
                out[i] = SENTINEL;
            }
            switch (which) {
            case 0:
                st = clv_pnbd_p_alive_array(&pp, &v, out);
                break;
            case 1:
                st = clv_pnbd_expected_purchases_array(&pp, &v, t, out);
                break;
            case 2:
                st = clv_mbgnbd_p_alive_array(&mp, &v, out);
                break;
            default:
                st = clv_mbgnbd_expected_purchases_array(&mp, &v, t, out);
                break;
            }
            NEED(documented(st));
            for (size_t i = tb.n; i < MAX_ROWS; i++) {
                NEED(out[i] == SENTINEL);
            }
            if (st == CLV_EINVAL || st == CLV_EDOM) { /* checked before any write */
                for (size_t i = 0; i < tb.n; i++) {
                    NEED(out[i] == SENTINEL);
                }
                continue;
            }
            /* CLV_OK, or CLV_ERANGE / CLV_ENOCONV at a row: the rows before it written, the
             * rest untouched (clv.h); the scalar form fails at that row too. */
            NEED(st == CLV_OK || st == CLV_ERANGE || st == CLV_ENOCONV);
            for (size_t i = 0; i < tb.n; i++) {
                one = SENTINEL;
                int s1;
                switch (which) {
                case 0:
                    s1 = clv_pnbd_p_alive(&pp, tb.x[i], tb.t_x[i], tb.T[i], &one);
                    break;
                case 1:
                    s1 = clv_pnbd_expected_purchases(&pp, tb.x[i], tb.t_x[i], tb.T[i], t, &one);
                    break;
                case 2:
                    s1 = clv_mbgnbd_p_alive(&mp, tb.x[i], tb.t_x[i], tb.T[i], &one);
                    break;
                default:
                    s1 = clv_mbgnbd_expected_purchases(&mp, tb.x[i], tb.t_x[i], tb.T[i], t,
                                                       &one);
                    break;
                }
                if (out[i] == SENTINEL && st != CLV_OK) {
                    /* The failing row: the scalar form fails alike; nothing after it. */
                    NEED(s1 == st && one == SENTINEL);
                    for (size_t k2 = i + 1; k2 < tb.n; k2++) {
                        NEED(out[k2] == SENTINEL);
                    }
                    break;
                }
                NEED(s1 == CLV_OK);
                NEED(out[i] == one);
                NEED(isfinite(one) && one >= 0.0);
                NEED((which % 2) == 1 || one <= 1.0);
                NEED(!(st != CLV_OK && i == tb.n - 1)); /* an error names a row */
            }
        }
    }

    /* Weighted fits with a small iteration cap. */
    if (!(flags & 0x40) || tb.n == 0) {
        return;
    }
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.max_iterations = 1u + k % 24u;
    clv_rfm_view v = {tb.n, tb.x, tb.t_x, tb.T, NULL, tb.w};
    fit_fn fits[2] = {mbgnbd_fit, bgbb_fit};
    for (int f = 0; f < 2; f++) {
        double est[4];
        clv_fit_report r;
        memset(est, POISON, sizeof est);
        memset(&r, POISON, sizeof r);
        st = fits[f](&v, &o, est, &r);
        check_fit_outcome(st, est, 4, &r);
    }
}

/* ---- part 1: reverse communication ----------------------------------------------------------- */

/* A fixed small BG/NBD table whose likelihood the script can tell truthfully. */
static const double rc_x[6] = {0, 1, 2, 5, 0, 3};
static const double rc_tx[6] = {0, 3, 7, 9, 0, 4};
static const double rc_T[6] = {10, 10, 10, 10, 8, 8};

static void part_reverse(reader *rd, uint8_t k, const uint8_t *script, size_t len) {
    int model = k % 7;
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.max_iterations = 1u + (k >> 3) % 40u;
    clv_fit_state fs;
    memset(&fs, POISON, sizeof fs);
    uint32_t n = 999;
    int st = clv_fit_start(&fs, model, &o, &n);
    NEED(documented(st));
    double est[CLV_MAX_PARAMS];
    memset(est, POISON, sizeof est);
    if (st != CLV_OK) {
        NEED(st == CLV_EINVAL && model == 0 && n == 999);
        /* A state that was never started is refused everywhere. */
        int req = 77;
        double pt[CLV_MAX_PARAMS];
        const double g[CLV_MAX_PARAMS] = {0};
        NEED(clv_fit_next(&fs, pt, &req) == CLV_EINVAL && req == 77);
        NEED(clv_fit_tell(&fs, -1.0, g) == CLV_EINVAL);
        NEED(clv_fit_result(&fs, est, NULL) == CLV_EINVAL);
        NEED(untouched_bytes(est, sizeof est, POISON));
        return;
    }
    NEED(n >= 2 && n <= 4);
    const clv_rfm_view v = {6, rc_x, rc_tx, rc_T, NULL, NULL};
    int asked = 0; /* a point is out, not yet told */
    int done = 0;
    double point[CLV_MAX_PARAMS];
    for (size_t s = 0; s < len && s < 64; s++) {
        uint8_t op = script[s] % 6;
        if (op <= 1) { /* next (twice for op 1): the same point until told */
            double p1[CLV_MAX_PARAMS];
            int req = 77;
            st = clv_fit_next(&fs, p1, &req);
            NEED(st == CLV_OK);
            NEED(req == CLV_FIT_EVALUATE || req == CLV_FIT_DONE);
            if (req == CLV_FIT_DONE) {
                done = 1;
                break;
            }
            NEED(positive_all(p1, n));
            if (asked) {
                NEED(memcmp(p1, point, n * sizeof p1[0]) == 0);
            }
            memcpy(point, p1, sizeof point);
            asked = 1;
            if (op == 1) {
                double p2[CLV_MAX_PARAMS];
                NEED(clv_fit_next(&fs, p2, &req) == CLV_OK && req == CLV_FIT_EVALUATE);
                NEED(memcmp(p2, point, n * sizeof p2[0]) == 0);
            }
        } else if (op <= 4) { /* tell: fuzzed (2), NaN / -inf (3), the truth for BG/NBD (4) */
            double ll;
            double g[CLV_MAX_PARAMS];
            for (uint32_t i = 0; i < CLV_MAX_PARAMS; i++) {
                g[i] = (op == 2) ? next_double(rd) : 0.0;
            }
            if (op == 2) {
                ll = next_double(rd);
            } else if (op == 3) {
                ll = (s % 2) ? NAN : -INFINITY;
            } else {
                ll = -INFINITY;
                if (asked && model == CLV_MODEL_BGNBD) {
                    const clv_bgnbd_params bp = {point[0], point[1], point[2], point[3]};
                    if (clv_bgnbd_loglik(&bp, &v, &ll, g) != CLV_OK) {
                        ll = -INFINITY;
                    }
                } else {
                    ll = -1.0 - (double)s;
                }
            }
            /* NaN is refused; so is a NaN gradient beside a finite value (beside -inf the
             * point is simply unevaluable and the gradient unread). */
            int has_nan = isnan(ll);
            int overflow = !isfinite(ll);
            for (uint32_t i = 0; i < n; i++) {
                has_nan = has_nan || (isfinite(ll) && isnan(g[i]));
                overflow = overflow || !isfinite(g[i] * (asked ? point[i] : 1.0));
            }
            st = clv_fit_tell(&fs, ll, g);
            NEED(documented(st));
            if (!asked) {
                NEED(st == CLV_EINVAL); /* tell without ask */
            } else if (has_nan) {
                NEED(st == CLV_EDOM || st == CLV_EINVAL);
            } else if (st == CLV_OK) {
                asked = 0;
            } else {
                /* Only a non-finite value at the start, or a value at a state that no longer
                 * takes one, is refused. */
                NEED(st == CLV_EDOM || st == CLV_EINVAL);
                if (st == CLV_EDOM) {
                    NEED(overflow);
                }
            }
            if (st == CLV_OK && asked == 0) {
                /* A second tell for the same point is out of turn. */
                if (script[s] & 0x80) {
                    NEED(clv_fit_tell(&fs, ll, g) == CLV_EINVAL);
                }
            }
        } else { /* result before the end: refused, nothing written */
            double e2[CLV_MAX_PARAMS];
            clv_fit_report r;
            memset(e2, POISON, sizeof e2);
            memset(&r, POISON, sizeof r);
            st = clv_fit_result(&fs, e2, &r);
            NEED(documented(st));
            if (st == CLV_EINVAL || st == CLV_EIDENT) {
                NEED(untouched_bytes(e2, sizeof e2, POISON));
                NEED(untouched_bytes(&r, sizeof r, POISON));
            } else {
                /* A fit whose last tell finished it has its result before clv_fit_next()
                 * says so; then clv_fit_next() says CLV_FIT_DONE. */
                NEED(st == CLV_OK || st == CLV_ENOCONV);
                NEED(positive_all(e2, n));
                check_report(&r, n);
                int req = 77;
                double p3[CLV_MAX_PARAMS];
                NEED(clv_fit_next(&fs, p3, &req) == CLV_OK && req == CLV_FIT_DONE);
                NEED(memcmp(p3, e2, n * sizeof p3[0]) == 0);
                done = 1;
                break;
            }
        }
    }
    clv_fit_report r;
    memset(&r, POISON, sizeof r);
    st = clv_fit_result(&fs, est, &r);
    NEED(documented(st));
    int req;
    if (st == CLV_OK || st == CLV_ENOCONV) {
        /* Finished, whether or not clv_fit_next() has said so yet (a last tell finishes). */
        NEED(positive_all(est, n));
        check_report(&r, n);
        double p3[CLV_MAX_PARAMS];
        NEED(clv_fit_next(&fs, p3, &req) == CLV_OK && req == CLV_FIT_DONE);
        NEED(memcmp(p3, est, n * sizeof p3[0]) == 0);
    } else {
        NEED(!done || st == CLV_EIDENT); /* a fit said done has a result */
        NEED(st == CLV_EINVAL || st == CLV_EIDENT);
        NEED(untouched_bytes(est, sizeof est, POISON));
        NEED(untouched_bytes(&r, sizeof r, POISON));
    }
    /* Null pointers. */
    NEED(clv_fit_next(NULL, point, &req) == CLV_EINVAL);
    NEED(clv_fit_next(&fs, NULL, &req) == CLV_EINVAL);
    NEED(clv_fit_next(&fs, point, NULL) == CLV_EINVAL);
    NEED(clv_fit_tell(&fs, -1.0, NULL) == CLV_EINVAL);
    NEED(clv_fit_result(&fs, NULL, &r) == CLV_EINVAL);
}

/* ---- part 2: allocator hooks and the progress callback ------------------------------------- */

typedef struct hooks {
    uint32_t calls;   /* allocator calls */
    uint32_t fail_at; /* the call that fails (1-based), 0 never */
    int32_t live;     /* blocks not yet freed */
    uint32_t progress_calls;
    uint32_t cancel_at; /* the iteration that cancels, 0 never */
    uint32_t last_iteration;
    double last_params[CLV_MAX_PARAMS];
} hooks;

static void *fuzz_alloc(void *ctx, size_t size) {
    hooks *h = ctx;
    h->calls++;
    NEED(size > 0);
    if (h->fail_at != 0 && h->calls >= h->fail_at) {
        return NULL;
    }
    void *p = malloc(size);
    if (p != NULL) {
        h->live++;
    }
    return p;
}

static void fuzz_free(void *ctx, void *ptr) {
    hooks *h = ctx;
    NEED(ptr != NULL);
    h->live--;
    free(ptr);
}

static int fuzz_progress(void *user_data, uint32_t iteration, double loglik, const double *params,
                         uint32_t n_params) {
    hooks *h = user_data;
    h->progress_calls++;
    NEED(iteration > h->last_iteration); /* once per accepted iteration, increasing */
    NEED(n_params >= 2 && n_params <= 4);
    NEED(!isnan(loglik));
    NEED(positive_all(params, n_params));
    h->last_iteration = iteration;
    memcpy(h->last_params, params, n_params * sizeof params[0]);
    return (h->cancel_at != 0 && iteration >= h->cancel_at) ? 1 : 0;
}

#define BIG_ROWS 300

static void part_hooks(reader *rd, uint8_t k, uint8_t j, uint8_t c) {
    int which = k % 7;
    table tb;
    read_table(rd, &tb, 50.0);
    /* Keep the valid rows (whole periods, so BG/BB takes them too), replicate to BIG_ROWS. */
    static double x[BIG_ROWS], t_x[BIG_ROWS], T[BIG_ROWS], m[BIG_ROWS], w[BIG_ROWS];
    static double dur[BIG_ROWS];
    static int32_t churned[BIG_ROWS];
    size_t good = 0;
    double gx[MAX_ROWS], gt[MAX_ROWS], gT[MAX_ROWS], gw[MAX_ROWS];
    for (size_t i = 0; i < tb.n; i++) {
        double xi = floor(fabs(tb.x[i])), Ti = floor(fabs(tb.T[i])), ti = floor(fabs(tb.t_x[i]));
        double wi = fabs(tb.w[i]);
        if (!isfinite(xi) || !isfinite(Ti) || !isfinite(ti) || !isfinite(wi) || wi > 1e6) {
            continue;
        }
        if (ti > Ti) {
            ti = Ti;
        }
        if (xi > ti) {
            xi = ti;
        }
        if (xi == 0.0) {
            ti = 0.0;
        }
        gx[good] = xi;
        gt[good] = ti;
        gT[good] = Ti;
        gw[good] = floor(wi);
        good++;
    }
    if (good == 0) {
        return;
    }
    for (size_t i = 0; i < BIG_ROWS; i++) {
        size_t s = i % good;
        x[i] = gx[s];
        t_x[i] = gt[s];
        T[i] = gT[s];
        m[i] = 10.0 + (double)(s * 7 % 13);
        w[i] = gw[s];
        dur[i] = (gT[s] >= 1.0) ? gT[s] : 1.0;
        churned[i] = (gx[s] == 0.0) ? 1 : 0;
    }
    hooks h;
    memset(&h, 0, sizeof h);
    h.fail_at = j % 4u;
    h.cancel_at = c % 8u;
    clv_fit_options o;
    clv_fit_options_init(&o);
    /* 12 iterations: enough to cancel at any of 1..7; a fit over the 300 rows unmerged (the
     * allocator failed) in Pareto/NBD's slow corner (beta -> 0, about 50 us a row) stays well
     * inside the time limit under the sanitizers. */
    o.max_iterations = 12;
    o.alloc = fuzz_alloc;
    o.dealloc = fuzz_free;
    o.alloc_ctx = &h;
    o.progress = fuzz_progress;
    o.user_data = &h;
    const int weighted = (k & 0x40) != 0;
    clv_rfm_view v = {BIG_ROWS, x, t_x, T, m, weighted ? w : NULL};
    double est[4];
    clv_fit_report r;
    memset(est, POISON, sizeof est);
    memset(&r, POISON, sizeof r);
    int st;
    uint32_t n = 4;
    switch (which) {
    case 0:
        st = bgnbd_fit(&v, &o, est, &r);
        break;
    case 1:
        st = pnbd_fit(&v, &o, est, &r);
        break;
    case 2:
        st = mbgnbd_fit(&v, &o, est, &r);
        break;
    case 3:
        st = bgbb_fit(&v, &o, est, &r);
        break;
    case 4:
        n = 3;
        st = gg_fit(&v, &o, est, &r);
        break;
    case 5: {
        n = 2;
        const clv_sbg_durations d = {BIG_ROWS, dur, churned, weighted ? w : NULL};
        st = clv_sbg_fit(&d, &o, (clv_sbg_params *)(void *)est, &r);
        break;
    }
    default: {
        /* One cohort of 1,000 losing 10 x (the rows' x) customers each period. */
        n = 2;
        double alive[MAX_ROWS + 1];
        alive[0] = 1000.0;
        for (size_t i = 0; i < good; i++) {
            double next = alive[i] - 10.0 * gx[i];
            alive[i + 1] = next > 0.0 ? next : 0.0;
        }
        const clv_sbg_cohort c = {alive, (uint32_t)good, 0};
        st = clv_sbg_fit_cohorts(&c, 1, &o, (clv_sbg_params *)(void *)est, &r);
        break;
    }
    }
    check_fit_outcome(st, est, n, &r);
    NEED(h.live == 0); /* every block freed */
    NEED(h.calls <= 1);
    if (h.cancel_at != 0 && h.progress_calls >= h.cancel_at) {
        /* Cancelled at iteration cancel_at: the callback was not called again, and the fit
         * says so with the point the callback saw last. */
        NEED(st == CLV_ECANCELED);
        NEED(h.progress_calls == h.cancel_at || h.last_iteration >= h.cancel_at);
        NEED(memcmp(est, h.last_params, n * sizeof est[0]) == 0);
        NEED(r.iterations == h.last_iteration);
    } else {
        NEED(st != CLV_ECANCELED);
    }
}

/* ---- part 3: struct sizes -------------------------------------------------------------------- */

/* An exact-size copy of `full` (sizeof `known`) at struct_size `size`: at least the 8-byte
 * header; bytes past `known` are zero or taken from the input. */
static void *sized_copy(const void *full, size_t known, size_t size, const uint8_t *tail,
                        size_t tail_len, int *tail_zero) {
    size_t bytes = size < 8 ? 8 : size;
    unsigned char *b = malloc(bytes);
    if (b == NULL) {
        return NULL;
    }
    memset(b, 0, bytes);
    memcpy(b, full, bytes < known ? bytes : known);
    *tail_zero = 1;
    for (size_t i = known; i < bytes; i++) {
        b[i] = (tail_len > 0) ? tail[(i - known) % tail_len] : 0;
        *tail_zero = *tail_zero && b[i] == 0;
    }
    uint32_t s32 = (uint32_t)size;
    memcpy(b, &s32, sizeof s32);
    return b;
}

static void part_sizes(uint8_t k, uint16_t j, uint8_t flags, const uint8_t *tail,
                       size_t tail_len) {
    int kind = k % 4;
    int bad_reserved = (flags & 0x20) != 0;
    const uint8_t *t = (flags & 0x40) ? tail : NULL;
    size_t tl = (flags & 0x40) ? tail_len : 0;
    int tail_zero = 1;
    int st;
    switch (kind) {
    case 0: {
        clv_fit_options full;
        clv_fit_options_init(&full);
        full.max_iterations = 3;
        hooks h;
        memset(&h, 0, sizeof h);
        full.alloc = fuzz_alloc;
        full.dealloc = fuzz_free;
        full.alloc_ctx = &h;
        size_t size = j % (sizeof full + 65);
        clv_fit_options *o = sized_copy(&full, sizeof full, size, t, tl, &tail_zero);
        if (o == NULL) {
            return;
        }
        if (bad_reserved) {
            o->reserved = 1;
        }
        /* Three layouts: before the hooks, before diag, and the current one. */
        int accepted = !bad_reserved && (size == offsetof(clv_fit_options, alloc) ||
                                          size == offsetof(clv_fit_options, diag) ||
                                          (size >= sizeof full && tail_zero));
        static double x[BIG_ROWS], t_x[BIG_ROWS], T[BIG_ROWS];
        for (size_t i = 0; i < BIG_ROWS; i++) {
            x[i] = (double)(i % 4);
            t_x[i] = (double)(i % 4) * 2.0;
            T[i] = 10.0;
        }
        clv_rfm_view v = {BIG_ROWS, x, t_x, T, NULL, NULL};
        double est[4];
        clv_fit_report r;
        memset(est, POISON, sizeof est);
        memset(&r, POISON, sizeof r);
        st = clv_bgnbd_fit(&v, o, (clv_bgnbd_params *)(void *)est, &r);
        NEED(documented(st));
        if (accepted) {
            NEED(st != CLV_ESTRUCT);
            check_fit_outcome(st, est, 4, &r);
        } else {
            NEED(st == CLV_ESTRUCT);
            NEED(untouched_bytes(est, sizeof est, POISON));
            NEED(untouched_bytes(&r, sizeof r, POISON));
        }
        /* The hooks are used exactly when the caller's layout has them. */
        NEED(h.calls == ((accepted && size >= offsetof(clv_fit_options, diag)) ? 1u : 0u));
        NEED(h.live == 0);
        clv_fit_state fs;
        st = clv_fit_start(&fs, CLV_MODEL_GG, o, NULL);
        NEED(st == (accepted ? CLV_OK : CLV_ESTRUCT));
        free(o);
        break;
    }
    case 1: {
        clv_rfm_options full;
        clv_rfm_options_init(&full);
        size_t size = j % (sizeof full + 65);
        clv_rfm_options *o = sized_copy(&full, sizeof full, size, t, tl, &tail_zero);
        if (o == NULL) {
            return;
        }
        if (bad_reserved) {
            o->reserved = 1;
        }
        /* Three layouts: before diag, before progress, and the current one. */
        int accepted = !bad_reserved && (size == offsetof(clv_rfm_options, diag) ||
                                          size == offsetof(clv_rfm_options, progress) ||
                                          (size >= sizeof full && tail_zero));
        const uint64_t customer[3] = {1, 1, 2};
        const double time[3] = {0.0, 2.0, 1.0};
        double tx[2], tt[2], tT[2];
        memset(tx, POISON, sizeof tx);
        memset(tt, POISON, sizeof tt);
        memset(tT, POISON, sizeof tT);
        const clv_rfm_table table = {2, NULL, tx, tt, tT, NULL, NULL, NULL};
        size_t nc = 77;
        st = clv_rfm_summary(customer, time, NULL, 3, NULL, o, &table, &nc, NULL);
        NEED(st == (accepted ? CLV_OK : CLV_ESTRUCT));
        if (!accepted) {
            NEED(nc == 77 && untouched_bytes(tx, sizeof tx, POISON));
        } else {
            NEED(nc == 2 && tx[0] == 1.0 && tt[0] == 2.0 && tT[0] == 2.0);
        }
        free(o);
        break;
    }
    case 2: {
        clv_value_options full;
        clv_value_options_init(&full);
        size_t size = j % (sizeof full + 65);
        clv_value_options *o = sized_copy(&full, sizeof full, size, t, tl, &tail_zero);
        if (o == NULL) {
            return;
        }
        if (bad_reserved) {
            o->reserved = 1;
        }
        /* Two layouts: before the progress callback, and the current one. */
        int accepted = !bad_reserved && (size == offsetof(clv_value_options, progress) ||
                                          (size >= sizeof full && tail_zero));
        const clv_purchase_model pm = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
        const clv_gg_params gg = {6.25, 3.74, 15.44};
        double value = SENTINEL;
        st = clv_customer_value(&pm, &gg, o, 2.0, 30.0, 38.0, 20.0, &value);
        NEED(st == (accepted ? CLV_OK : CLV_ESTRUCT));
        NEED(accepted ? (isfinite(value) && value >= 0.0) : value == SENTINEL);
        free(o);
        break;
    }
    default: {
        clv_bass_fit_options full;
        clv_bass_fit_options_init(&full);
        full.max_iterations = 5;
        size_t size = j % (sizeof full + 65);
        clv_bass_fit_options *o = sized_copy(&full, sizeof full, size, t, tl, &tail_zero);
        if (o == NULL) {
            return;
        }
        if (bad_reserved) {
            o->reserved = 1;
        }
        /* Two layouts: before the progress callback, and the current one. */
        int accepted = !bad_reserved && (size == offsetof(clv_bass_fit_options, progress) ||
                                          (size >= sizeof full && tail_zero));
        const double counts[8] = {100, 200, 350, 500, 600, 550, 400, 250};
        clv_bass_params bp;
        memset(&bp, POISON, sizeof bp);
        st = clv_bass_fit(counts, 8, o, &bp, NULL);
        NEED(documented(st));
        if (accepted) {
            NEED(st != CLV_ESTRUCT);
        } else {
            NEED(st == CLV_ESTRUCT && untouched_bytes(&bp, sizeof bp, POISON));
        }
        free(o);
        break;
    }
    }
}

/* ---- part 4: Markov chains in exact-size blocks --------------------------------------------- */

static double *heap_copy(const double *v, size_t n) {
    double *c = malloc(n * sizeof *c);
    if (c != NULL) {
        memcpy(c, v, n * sizeof *c);
    }
    return c;
}

static void part_markov(reader *rd, uint8_t k, uint8_t j, uint8_t w) {
    size_t n = 1 + k % CLV_MARKOV_MAX_STATES;
    static const double horizons[8] = {0.0, 1.0, 5.0, 120.0, INFINITY, 1e5, 1e5 + 1.0, 2.5};
    double horizon = horizons[j % 8];
    double d = next_double(rd);
    /* Bound the work, O(steps n^2): the longest horizons only for small chains. */
    if (n > 8 && (horizon >= 1e5 || (isfinite(d) && d < 0.01)) && isfinite(horizon)) {
        horizon = 120.0;
    }
    size_t need = 0;
    NEED(clv_markov_workspace_size(n, &need) == CLV_OK);
    NEED(need == CLV_MARKOV_WORKSPACE_SIZE(n));
    size_t bad = 7;
    NEED(clv_markov_workspace_size(0, &bad) == CLV_EINVAL && bad == 7);
    NEED(clv_markov_workspace_size(CLV_MARKOV_MAX_STATES + 1, &bad) == CLV_EINVAL && bad == 7);
    /* A chain that moves from state i to i + 1 (mod n) with the input's probability q_i and
     * stays otherwise; rewards from the input. */
    static double P[CLV_MARKOV_MAX_STATES * CLV_MARKOV_MAX_STATES];
    double R[CLV_MARKOV_MAX_STATES];
    memset(P, 0, n * n * sizeof P[0]);
    for (size_t i = 0; i < n; i++) {
        double q = next_double(rd);
        if (!(j & 0x80) && isfinite(q)) {
            q = fabs(fmod(q, 1.0)); /* else raw: NaN, negative or > 1 stay */
        }
        P[i * n + (i + 1) % n] += q;
        P[i * n + i] += 1.0 - q;
        R[i] = next_double(rd);
    }
    double *Pc = heap_copy(P, n * n);
    double *Rc = heap_copy(R, n);
    size_t ws_n = need - ((w % 3 == 0) ? 1 : 0); /* one double short, sometimes */
    double *ws = malloc(ws_n * sizeof *ws);
    double *v = malloc(n * sizeof *v);
    if (Pc == NULL || Rc == NULL || ws == NULL || v == NULL) {
        free(Pc);
        free(Rc);
        free(ws);
        free(v);
        return;
    }
    memset(v, POISON, n * sizeof *v);
    int st = clv_markov_value(Pc, Rc, n, d, horizon, ws, ws_n, v);
    NEED(documented(st));
    if (ws_n < need) {
        NEED(st == CLV_EINVAL);
    }
    if (st != CLV_OK) {
        NEED(untouched_bytes(v, n * sizeof *v, POISON));
        NEED(st != CLV_EINVAL || ws_n < need || horizon != floor(horizon));
    } else {
        NEED(finite_all(v, n));
        NEED(d > -1.0 && isfinite(d) && finite_all(R, n));
        NEED(isfinite(horizon) || d > 0.0);
        if (horizon == 0.0) {
            NEED(memcmp(v, R, n * sizeof *v) == 0); /* V(0) = R */
        }
    }
    /* The inputs are read, never written. */
    NEED(memcmp(Pc, P, n * n * sizeof P[0]) == 0 && memcmp(Rc, R, n * sizeof R[0]) == 0);
    free(Pc);
    free(Rc);
    free(ws);
    free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 4) {
        return 0;
    }
    const uint8_t flags = data[0];
    const uint8_t k = data[1];
    const uint8_t j = data[2];
    reader rd = {data, size, 3, (flags & 0x80) != 0};
    switch ((flags & 7) % 5) {
    case 0:
        part_likelihoods(&rd, k, j, flags);
        break;
    case 1: {
        /* The script is the bytes after byte 3; told values are read from the same bytes
         * again, through a second reader. */
        reader vals = {data, size, 3, (flags & 0x80) != 0};
        part_reverse(&vals, k, data + 3, size - 3);
        break;
    }
    case 2:
        rd.pos = 4;
        part_hooks(&rd, k, j, data[3]);
        break;
    case 3:
        part_sizes(k, (uint16_t)(j | (data[3] << 8)), flags, data + 4, size - 4);
        break;
    default:
        rd.pos = 4;
        part_markov(&rd, k, j, data[3]);
        break;
    }
    return 0;
}
