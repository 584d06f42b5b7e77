/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Model checking (clv.h, group clv_checking): the goodness-of-fit diagnostics of Fader, Hardie
 * & Lee (2005, "Counting your customers the easy way", Marketing Science 24(2) 275-284) for
 * every purchase model behind clv_purchase_model -- tracking (their fig. 2), the calibration
 * frequency histogram (fig. 3) with Pearson's chi-square test, conditional expectations by
 * frequency (fig. 4) and by recency -- and the figures a comparison of models needs: holdout
 * MAE / RMSE / correlation and a calibration table, AIC and BIC, a likelihood-ratio test, and
 * P(alive) / expected-purchases matrices over a frequency x recency grid.
 *
 * Every function validates all of its input before it writes anything. Binned sums are kept on
 * the stack (at most CLV_CHECK_MAX_BINS bins), so no output is touched on an error and nothing
 * is allocated. Where a sum runs over a time grid or a matrix of caller-given size (tracking,
 * matrices), a numerical error of a model evaluation or a cancel leaves that output partly
 * written, as clv.h documents.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "clv.h"
#include "core/diag.h"
#include "core/options.h"
#include "core/validate.h"
#include "math/special.h"

/* Model evaluations between two calls of the progress callback: each is ~0.1-5 us, so a call
 * comes every few ms at most. */
#define CHECK_UNITS_PER_PROGRESS 4096u

/* Rows scored at once by the conditional expectations (a stack buffer). */
#define CHECK_BLOCK 256

/* ---- options, model, progress ----------------------------------------------------------- */

int clv_check_options_init(clv_check_options *options) {
    if (options == NULL) {
        return CLV_EINVAL;
    }
    memset(options, 0, sizeof *options);
    options->struct_size = (uint32_t)sizeof *options;
    options->min_expected = 5.0;
    return CLV_OK;
}

/* The caller's options, validated, into out (defaults for null); out->diag cleared. */
static int read_options(const clv_check_options *options, clv_check_options *out) {
    int st;
    clv__options_header head;
    clv_check_options_init(out);
    if (options == NULL) {
        return CLV_OK;
    }
    if ((st = clv__check_options(options, sizeof(clv_check_options),
                                 sizeof(clv_check_options))) != CLV_OK) {
        return st;
    }
    memcpy(&head, options, sizeof head);
    memcpy(out, options, sizeof *out);
    out->struct_size = (uint32_t)sizeof *out;
    clv__diag_clear(out->diag);
    if (!(out->min_expected > 0.0) || !isfinite(out->min_expected)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_OPTIONS, CLV_RULE_NOT_POSITIVE,
                             out->min_expected, 0.0);
    }
    return CLV_OK;
}

/* A purchase model the functions below can evaluate. */
static int check_model(const clv_purchase_model *m, clv_diag *diag) {
    if (m == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_PARAMS, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (m->reserved != 0 || m->model < CLV_MODEL_BGNBD || m->model > CLV_MODEL_BGBB) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_PARAMS, CLV_RULE_BAD_FLAG,
                             (double)m->model, 0.0);
    }
    for (int i = 0; i < 4; i++) {
        double v = m->params[i];
        if (!isfinite(v) || !(v > 0.0)) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_PARAMS,
                                 isfinite(v) ? CLV_RULE_NOT_POSITIVE : CLV_RULE_NOT_FINITE,
                                 (uint64_t)i, v, 0.0);
        }
    }
    return CLV_OK;
}

static int is_bgbb(const clv_purchase_model *m) {
    return m->model == CLV_MODEL_BGBB;
}

typedef struct progress {
    clv_work_fn fn;
    void *user_data;
    uint64_t total;
    uint64_t next;
} progress;

static progress progress_of(const clv_check_options *o, uint64_t total) {
    progress p = {o->progress, o->user_data, total, CHECK_UNITS_PER_PROGRESS};
    return p;
}

/* Nonzero when the caller cancels; called with the units done so far. The callback runs
 * every CHECK_UNITS_PER_PROGRESS units and once the last unit is done. */
static int progress_tick(progress *p, uint64_t done) {
    if (p->fn == NULL || (done < p->next && done < p->total)) {
        return 0;
    }
    p->next = done + CHECK_UNITS_PER_PROGRESS;
    return p->fn(p->user_data, done < p->total ? done : p->total, p->total) != 0;
}

/* ---- the models' quantities ------------------------------------------------------------- */

/* E[X(t)] of a new customer (FHL 2005 eq. 9; SMC 1987 eq. 17; Batislam et al. 2007; FHS 2010
 * eq. 7 with t the opportunities). */
static int expected_new(const clv_purchase_model *m, double t, double *out) {
    const double *p = m->params;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        clv_bgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_bgnbd_expected_purchases_new(&q, t, out);
    }
    case CLV_MODEL_PNBD: {
        clv_pnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_pnbd_expected_purchases_new(&q, t, out);
    }
    case CLV_MODEL_MBGNBD: {
        clv_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_mbgnbd_expected_purchases_new(&q, t, out);
    }
    default: {
        clv_bgbb_params q = {p[0], p[1], p[2], p[3]};
        return clv_bgbb_expected_purchases_new(&q, t, out);
    }
    }
}

/* P(X(t) = n) of a new customer (FHL 2005 eq. 8 and its siblings; BG/BB FHS 2010 eq. 8). */
static int prob_new(const clv_purchase_model *m, double t, double n, double *out) {
    const double *p = m->params;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        clv_bgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_bgnbd_prob_purchases(&q, t, n, out);
    }
    case CLV_MODEL_PNBD: {
        clv_pnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_pnbd_prob_purchases(&q, t, n, out);
    }
    case CLV_MODEL_MBGNBD: {
        clv_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
        return clv_mbgnbd_prob_purchases(&q, t, n, out);
    }
    default: {
        clv_bgbb_params q = {p[0], p[1], p[2], p[3]};
        return clv_bgbb_prob_purchases(&q, t, n, out);
    }
    }
}

/* P(alive) and E[X(t) | x, t_x, T] of one history (either output may be null). */
static int cell(const clv_purchase_model *m, double x, double t_x, double T, double t,
                double *alive, double *expected) {
    const double *p = m->params;
    int st = CLV_OK;
    switch (m->model) {
    case CLV_MODEL_BGNBD: {
        clv_bgnbd_params q = {p[0], p[1], p[2], p[3]};
        if (alive != NULL && (st = clv_bgnbd_p_alive(&q, x, t_x, T, alive)) != CLV_OK) {
            return st;
        }
        return expected ? clv_bgnbd_expected_purchases(&q, x, t_x, T, t, expected) : CLV_OK;
    }
    case CLV_MODEL_PNBD: {
        clv_pnbd_params q = {p[0], p[1], p[2], p[3]};
        if (alive != NULL && (st = clv_pnbd_p_alive(&q, x, t_x, T, alive)) != CLV_OK) {
            return st;
        }
        return expected ? clv_pnbd_expected_purchases(&q, x, t_x, T, t, expected) : CLV_OK;
    }
    case CLV_MODEL_MBGNBD: {
        clv_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
        if (alive != NULL && (st = clv_mbgnbd_p_alive(&q, x, t_x, T, alive)) != CLV_OK) {
            return st;
        }
        return expected ? clv_mbgnbd_expected_purchases(&q, x, t_x, T, t, expected) : CLV_OK;
    }
    default: {
        clv_bgbb_params q = {p[0], p[1], p[2], p[3]};
        if (alive != NULL && (st = clv_bgbb_p_alive(&q, x, t_x, T, alive)) != CLV_OK) {
            return st;
        }
        return expected ? clv_bgbb_expected_purchases(&q, x, t_x, T, t, expected) : CLV_OK;
    }
    }
}

/* ---- validation of arrays ---------------------------------------------------------------- */

static int is_whole(double v) {
    return floor(v) == v;
}

/* A BG/BB history (FHS 2010): whole x <= t_x <= n, t_x = 0 exactly when x = 0, n at most
 * CLV_BGBB_MAX_OPPORTUNITIES; the first rule broken, recorded in diag. Row i. */
static int check_bgbb_row(double x, double t_x, double n, size_t i, clv_diag *diag) {
    if (!is_whole(t_x)) {
        return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_T_X, CLV_RULE_NOT_WHOLE, i, t_x, 0.0);
    }
    if (!is_whole(n)) {
        return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_T, CLV_RULE_NOT_WHOLE, i, n, 0.0);
    }
    if (n > CLV_BGBB_MAX_OPPORTUNITIES) {
        return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_T, CLV_RULE_ABOVE_MAX, i, n,
                             (double)CLV_BGBB_MAX_OPPORTUNITIES);
    }
    if (x > t_x || (x > 0.0 && t_x == 0.0)) {
        return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_X, CLV_RULE_X_ABOVE_RECENCY, i, x, t_x);
    }
    return CLV_OK;
}

/* A customer table for a model: clv_rfm_check_diag()'s rules, then BG/BB's own. */
static int check_table(const clv_purchase_model *m, const clv_rfm_view *data, clv_diag *diag) {
    int st;
    clv_diag inner;
    clv_diag_init(&inner);
    if ((st = clv_rfm_check_diag(data, 0, &inner)) != CLV_OK) {
        if (clv__diag_writable(diag)) {
            memcpy(diag, &inner, sizeof inner);
        }
        return st;
    }
    if (is_bgbb(m)) {
        for (size_t i = 0; i < data->count; i++) {
            if ((st = check_bgbb_row(data->x[i], data->t_x[i], data->T[i], i, diag)) != CLV_OK) {
                return st;
            }
        }
    }
    return CLV_OK;
}

/* Finite values (>= 0 when nonneg) of an array named by field. */
static int check_values(const double *v, size_t n, int nonneg, int field, clv_diag *diag) {
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            return clv__diag_row(diag, CLV_EDOM, field, CLV_RULE_NOT_FINITE, i, v[i], 0.0);
        }
        if (nonneg && v[i] < 0.0) {
            return clv__diag_row(diag, CLV_EDOM, field, CLV_RULE_NEGATIVE, i, v[i], 0.0);
        }
    }
    return CLV_OK;
}

/* Finite, >= 0 (when nonneg), non-decreasing (strictly increasing when strict), whole (when
 * whole) values of a grid named by field. */
static int check_grid(const double *v, size_t n, int nonneg, int strict, int whole, int field,
                      clv_diag *diag) {
    int st;
    if ((st = check_values(v, n, nonneg, field, diag)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        if (whole && !is_whole(v[i])) {
            return clv__diag_row(diag, CLV_EDOM, field, CLV_RULE_NOT_WHOLE, i, v[i], 0.0);
        }
        if (i > 0 && (v[i] < v[i - 1] || (strict && v[i] == v[i - 1]))) {
            return clv__diag_row(diag, CLV_EINVAL, field, CLV_RULE_NOT_SORTED, i, v[i], v[i - 1]);
        }
    }
    return CLV_OK;
}

static double weight_of(const double *w, size_t i) {
    return (w != NULL) ? w[i] : 1.0;
}

/* ---- tracking ------------------------------------------------------------------------------ */

/* E[X(t)] by t: a calendar grid and birth days share few distinct differences tau - b
 * (CDNOW's 84 birth days x 78 weeks: 636 of 6,552 pairs), and one BG/NBD evaluation near
 * t >> alpha costs tens of microseconds. A small table on the stack, indexed by a hash of t,
 * overwritten on a collision: the same doubles as evaluating every pair. */
#define EXPECTED_CACHE_SLOTS 2048

typedef struct expected_cache {
    double t[EXPECTED_CACHE_SLOTS];
    double e[EXPECTED_CACHE_SLOTS];
    unsigned char used[EXPECTED_CACHE_SLOTS];
} expected_cache;

static int cached_expected_new(const clv_purchase_model *m, expected_cache *c, double t,
                               double *out) {
    uint64_t bits;
    memcpy(&bits, &t, sizeof bits);
    size_t slot = (size_t)((bits * UINT64_C(0x9E3779B97F4A7C15)) >> 53) % EXPECTED_CACHE_SLOTS;
    if (c->used[slot] && c->t[slot] == t) {
        *out = c->e[slot];
        return CLV_OK;
    }
    int st = expected_new(m, t, out);
    if (st == CLV_OK) {
        c->used[slot] = 1;
        c->t[slot] = t;
        c->e[slot] = *out;
    }
    return st;
}

/* Turn running totals into interval differences, in place (the first interval from 0). */
static void differences(double *v, size_t n) {
    for (size_t j = n; j-- > 1;) {
        v[j] -= v[j - 1];
    }
}

int clv_tracking_expected(const clv_purchase_model *model, const double *birth,
                          const double *birth_weight, size_t n_customers, const double *times,
                          size_t n_times, const clv_check_options *options, double *cumulative,
                          double *incremental) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if ((st = check_model(model, o.diag)) != CLV_OK) {
        return st;
    }
    if (birth == NULL || times == NULL || (cumulative == NULL && incremental == NULL)) {
        return clv__diag_set(o.diag, CLV_EINVAL, birth == NULL ? CLV_FIELD_BIRTH : CLV_FIELD_GRID,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n_customers == 0 || n_times == 0) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    int whole = is_bgbb(model);
    if ((st = check_grid(birth, n_customers, 1, 0, whole, CLV_FIELD_BIRTH, o.diag)) != CLV_OK ||
        (st = check_grid(times, n_times, 1, 0, whole, CLV_FIELD_GRID, o.diag)) != CLV_OK) {
        return st;
    }
    if (birth_weight != NULL &&
        (st = check_values(birth_weight, n_customers, 1, CLV_FIELD_WEIGHT, o.diag)) != CLV_OK) {
        return st;
    }
    /* Count the groups of equal births, for the progress total. */
    uint64_t groups = 1;
    for (size_t i = 1; i < n_customers; i++) {
        groups += (birth[i] != birth[i - 1]);
    }
    progress pr = progress_of(&o, groups * (uint64_t)n_times);
    uint64_t done = 0;
    double *acc = (cumulative != NULL) ? cumulative : incremental;
    for (size_t j = 0; j < n_times; j++) {
        acc[j] = 0.0;
    }
    expected_cache cache;
    memset(cache.used, 0, sizeof cache.used);
    size_t first = 0; /* the first time after the current group's birth */
    for (size_t i = 0; i < n_customers;) {
        double b = birth[i];
        double w = 0.0;
        size_t end = i;
        for (; end < n_customers && birth[end] == b; end++) {
            w += weight_of(birth_weight, end);
        }
        i = end;
        while (first < n_times && !(times[first] > b)) {
            first++;
        }
        if (w == 0.0) {
            continue;
        }
        for (size_t j = first; j < n_times; j++) {
            double e;
            if ((st = cached_expected_new(model, &cache, times[j] - b, &e)) != CLV_OK) {
                return st;
            }
            acc[j] += w * e;
        }
        done += n_times;
        if (progress_tick(&pr, done)) {
            return CLV_ECANCELED;
        }
    }
    for (size_t j = 0; j < n_times; j++) {
        if (!isfinite(acc[j])) {
            return clv__diag_row(o.diag, CLV_ERANGE, CLV_FIELD_GRID, CLV_RULE_OVERFLOW, j,
                                 times[j], 0.0);
        }
    }
    if (cumulative != NULL && incremental != NULL) {
        memcpy(incremental, cumulative, n_times * sizeof *incremental);
    }
    if (incremental != NULL) {
        differences(incremental, n_times);
    }
    return CLV_OK;
}

/* The first index j with times[j] >= t (n when none). */
static size_t lower_bound(const double *times, size_t n, double t) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (times[mid] < t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

int clv_tracking_actual(const uint64_t *customer, const double *time, size_t n,
                        const double *times, size_t n_times, const clv_check_options *options,
                        double *cumulative, double *incremental) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if (customer == NULL || time == NULL || times == NULL ||
        (cumulative == NULL && incremental == NULL)) {
        int field = customer == NULL ? CLV_FIELD_CUSTOMER
                    : time == NULL   ? CLV_FIELD_TIME
                                     : CLV_FIELD_GRID;
        return clv__diag_set(o.diag, CLV_EINVAL, field, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n == 0 || n_times == 0) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if ((st = check_grid(times, n_times, 0, 0, 0, CLV_FIELD_GRID, o.diag)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(time[i])) {
            return clv__diag_row(o.diag, CLV_EDOM, CLV_FIELD_TIME, CLV_RULE_NOT_FINITE, i,
                                 time[i], 0.0);
        }
        if (i > 0 && customer[i] < customer[i - 1]) {
            return clv__diag_row(o.diag, CLV_EINVAL, CLV_FIELD_CUSTOMER, CLV_RULE_NOT_SORTED, i,
                                 (double)customer[i], (double)customer[i - 1]);
        }
        if (i > 0 && customer[i] == customer[i - 1] && time[i] < time[i - 1]) {
            return clv__diag_row(o.diag, CLV_EINVAL, CLV_FIELD_TIME, CLV_RULE_NOT_SORTED, i,
                                 time[i], time[i - 1]);
        }
    }
    /* Repeat purchases counted into the interval that holds them, then summed up. */
    double *acc = (incremental != NULL) ? incremental : cumulative;
    for (size_t j = 0; j < n_times; j++) {
        acc[j] = 0.0;
    }
    for (size_t i = 1; i < n; i++) {
        if (customer[i] == customer[i - 1] && time[i] != time[i - 1]) {
            size_t j = lower_bound(times, n_times, time[i]);
            if (j < n_times) {
                acc[j] += 1.0;
            }
        }
    }
    if (cumulative != NULL) {
        double sum = 0.0;
        for (size_t j = 0; j < n_times; j++) {
            sum += acc[j];
            cumulative[j] = sum;
        }
    }
    return CLV_OK;
}

/* ---- frequency histogram and chi-square -------------------------------------------------- */

int clv_frequency_histogram(const clv_purchase_model *model, const clv_rfm_view *data,
                            uint32_t k, const clv_check_options *options, double *expected,
                            double *actual) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if ((st = check_model(model, o.diag)) != CLV_OK) {
        return st;
    }
    if (expected == NULL) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_EXPECTED, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (k < 1 || k >= CLV_CHECK_MAX_BINS) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT,
                             k < 1 ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX, (double)k,
                             k < 1 ? 1.0 : (double)(CLV_CHECK_MAX_BINS - 1));
    }
    if ((st = check_table(model, data, o.diag)) != CLV_OK) {
        return st;
    }
    double exp_sum[CLV_CHECK_MAX_BINS] = {0};
    double act_sum[CLV_CHECK_MAX_BINS] = {0};
    double prob[CLV_CHECK_MAX_BINS];
    double run_weight = 0.0; /* weight of the rows sharing the current T */
    double run_T = 0.0;
    int have_run = 0;
    progress pr = progress_of(&o, data->count);
    for (size_t i = 0; i <= data->count; i++) {
        int flush = (i == data->count) || !have_run || data->T[i] != run_T;
        if (flush && have_run && run_weight > 0.0) {
            /* P(X(T) = x), x < k, and the tail k+ as the rest (never below 0). */
            double sum = 0.0;
            for (uint32_t x = 0; x < k; x++) {
                if ((st = prob_new(model, run_T, (double)x, &prob[x])) != CLV_OK) {
                    return st;
                }
                sum += prob[x];
            }
            prob[k] = (sum < 1.0) ? 1.0 - sum : 0.0;
            for (uint32_t x = 0; x <= k; x++) {
                exp_sum[x] += run_weight * prob[x];
            }
        }
        if (i == data->count) {
            break;
        }
        if (flush) {
            run_T = data->T[i];
            run_weight = 0.0;
            have_run = 1;
        }
        double w = weight_of(data->weight, i);
        run_weight += w;
        double x = data->x[i];
        act_sum[x < (double)k ? (size_t)x : k] += w;
        if (progress_tick(&pr, i + 1)) {
            return CLV_ECANCELED;
        }
    }
    for (uint32_t x = 0; x <= k; x++) {
        if (!isfinite(exp_sum[x]) || !isfinite(act_sum[x])) {
            return clv__diag_set(o.diag, CLV_ERANGE, CLV_FIELD_WEIGHT, CLV_RULE_OVERFLOW,
                                 exp_sum[x], 0.0);
        }
    }
    memcpy(expected, exp_sum, (k + 1) * sizeof *expected);
    if (actual != NULL) {
        memcpy(actual, act_sum, (k + 1) * sizeof *actual);
    }
    return CLV_OK;
}

int clv_chi_square_p_value(double statistic, double df, double *p) {
    if (p == NULL) {
        return CLV_EINVAL;
    }
    if (!isfinite(statistic) || statistic < 0.0 || !isfinite(df) || !(df > 0.0) || df > 1e7) {
        return CLV_EDOM;
    }
    double q = clv__gamma_q(0.5 * df, 0.5 * statistic);
    if (!isfinite(q)) {
        return CLV_ENOCONV;
    }
    *p = q < 0.0 ? 0.0 : q;
    return CLV_OK;
}

int clv_chi_square_test(const double *expected, const double *observed, size_t bins,
                        uint32_t n_params, const clv_check_options *options,
                        clv_chi_square_result *result, uint32_t *group) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if (expected == NULL || observed == NULL || result == NULL) {
        return clv__diag_set(o.diag, CLV_EINVAL,
                             expected == NULL ? CLV_FIELD_EXPECTED : CLV_FIELD_ACTUAL,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (bins < 2) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_BELOW_MIN,
                             (double)bins, 2.0);
    }
    if ((st = check_values(expected, bins, 1, CLV_FIELD_EXPECTED, o.diag)) != CLV_OK ||
        (st = check_values(observed, bins, 1, CLV_FIELD_ACTUAL, o.diag)) != CLV_OK) {
        return st;
    }
    /* Groups: bins added in order until the group's expected count reaches min_expected;
     * a last group below it joins the one before. Pass 1 counts the groups and finds where
     * the last closed one ends. */
    size_t closed = 0, last_close = 0;
    double e = 0.0;
    for (size_t i = 0; i < bins; i++) {
        e += expected[i];
        if (e >= o.min_expected) {
            closed++;
            last_close = i;
            e = 0.0;
        }
    }
    size_t groups = (closed > 0) ? closed : 1; /* none closed: one group of everything */
    if (groups < (size_t)n_params + 2) {
        return clv__diag_set(o.diag, CLV_EDOM, CLV_FIELD_EXPECTED, CLV_RULE_TOO_FEW_BINS,
                             (double)groups, (double)n_params + 2.0);
    }
    /* Pass 2: the same groups (closing before last_close as pass 1 did; the bins from there
     * to the end are the last group), each with expected count >= min_expected > 0. */
    double stat = 0.0, ge = 0.0, go = 0.0;
    for (size_t i = 0; i < bins; i++) {
        ge += expected[i];
        go += observed[i];
        if ((ge >= o.min_expected && i < last_close) || i + 1 == bins) {
            stat += (go - ge) * (go - ge) / ge;
            ge = go = 0.0;
        }
    }
    if (!isfinite(stat)) {
        return clv__diag_set(o.diag, CLV_ERANGE, CLV_FIELD_ACTUAL, CLV_RULE_OVERFLOW, stat, 0.0);
    }
    double df = (double)groups - 1.0 - (double)n_params;
    double p;
    if ((st = clv_chi_square_p_value(stat, df, &p)) != CLV_OK) {
        return st;
    }
    if (group != NULL) {
        size_t gi = 0;
        ge = 0.0;
        for (size_t i = 0; i < bins; i++) {
            group[i] = (uint32_t)gi;
            ge += expected[i];
            if (ge >= o.min_expected && i < last_close) {
                gi++;
                ge = 0.0;
            }
        }
    }
    result->statistic = stat;
    result->df = df;
    result->p_value = p;
    result->groups = (double)groups;
    return CLV_OK;
}

/* ---- conditional expectations ------------------------------------------------------------ */

/* How rows are binned: by frequency (0..k-1, k+) or by recency edges. */
typedef struct binning {
    uint32_t k;          /* frequency: the last bin "k or more"; 0 for recency */
    const double *edges; /* recency: n_bins + 1 edges */
    size_t n_bins;
} binning;

/* The bin of t_x among strictly increasing edges it is known to lie within. */
static size_t edge_bin(const double *edges, size_t n_bins, double v) {
    size_t lo = 0, hi = n_bins; /* the last edge <= v, capped at the last bin */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (edges[mid] <= v) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static size_t bin_of(const binning *b, const clv_rfm_view *d, size_t i) {
    if (b->edges == NULL) {
        double x = d->x[i];
        return x < (double)b->k ? (size_t)x : b->k;
    }
    return edge_bin(b->edges, b->n_bins, d->t_x[i]);
}

static int conditional(const clv_purchase_model *model, const clv_rfm_view *data,
                       const double *holdout, double holdout_length, const binning *b,
                       const clv_check_options *o, double *count, double *mean_actual,
                       double *mean_predicted) {
    int st;
    size_t n_bins = b->n_bins;
    if (count == NULL || mean_actual == NULL || mean_predicted == NULL) {
        return clv__diag_set(o->diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if ((st = check_table(model, data, o->diag)) != CLV_OK) {
        return st;
    }
    if (holdout == NULL) {
        return clv__diag_set(o->diag, CLV_EINVAL, CLV_FIELD_HOLDOUT, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if ((st = check_values(holdout, data->count, 1, CLV_FIELD_HOLDOUT, o->diag)) != CLV_OK) {
        return st;
    }
    if (!isfinite(holdout_length) || holdout_length < 0.0 ||
        (is_bgbb(model) && !is_whole(holdout_length))) {
        int rule = !isfinite(holdout_length) ? CLV_RULE_NOT_FINITE
                   : holdout_length < 0.0    ? CLV_RULE_NEGATIVE
                                             : CLV_RULE_NOT_WHOLE;
        return clv__diag_set(o->diag, CLV_EDOM, CLV_FIELD_HORIZON, rule, holdout_length, 0.0);
    }
    if (b->edges != NULL) {
        for (size_t i = 0; i < data->count; i++) {
            double t = data->t_x[i];
            if (t < b->edges[0] || t > b->edges[n_bins]) {
                int below = t < b->edges[0];
                return clv__diag_row(o->diag, CLV_EDOM, CLV_FIELD_T_X,
                                     below ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX, i, t,
                                     below ? b->edges[0] : b->edges[n_bins]);
            }
        }
    }
    double cnt[CLV_CHECK_MAX_BINS] = {0};
    double act[CLV_CHECK_MAX_BINS] = {0};
    double pred[CLV_CHECK_MAX_BINS] = {0};
    double block[CHECK_BLOCK];
    progress pr = progress_of(o, data->count);
    for (size_t i0 = 0; i0 < data->count; i0 += CHECK_BLOCK) {
        size_t n = data->count - i0 < CHECK_BLOCK ? data->count - i0 : CHECK_BLOCK;
        clv_rfm_view v = {n, data->x + i0, data->t_x + i0, data->T + i0, NULL, NULL};
        if ((st = clv_expected_purchases_rows(model, &v, holdout_length, block, NULL)) !=
            CLV_OK) {
            return st;
        }
        for (size_t j = 0; j < n; j++) {
            size_t i = i0 + j;
            double w = weight_of(data->weight, i);
            size_t g = bin_of(b, data, i);
            cnt[g] += w;
            act[g] += w * holdout[i];
            pred[g] += w * block[j];
        }
        if (progress_tick(&pr, i0 + n)) {
            return CLV_ECANCELED;
        }
    }
    for (size_t g = 0; g < n_bins; g++) {
        if (!isfinite(cnt[g]) || !isfinite(act[g]) || !isfinite(pred[g])) {
            return clv__diag_set(o->diag, CLV_ERANGE, CLV_FIELD_HOLDOUT, CLV_RULE_OVERFLOW,
                                 act[g], 0.0);
        }
    }
    for (size_t g = 0; g < n_bins; g++) {
        count[g] = cnt[g];
        mean_actual[g] = cnt[g] > 0.0 ? act[g] / cnt[g] : 0.0;
        mean_predicted[g] = cnt[g] > 0.0 ? pred[g] / cnt[g] : 0.0;
    }
    return CLV_OK;
}

int clv_conditional_by_frequency(const clv_purchase_model *model, const clv_rfm_view *data,
                                 const double *holdout, double holdout_length, uint32_t k,
                                 const clv_check_options *options, double *count,
                                 double *mean_actual, double *mean_predicted) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if ((st = check_model(model, o.diag)) != CLV_OK) {
        return st;
    }
    if (k < 1 || k >= CLV_CHECK_MAX_BINS) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT,
                             k < 1 ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX, (double)k,
                             k < 1 ? 1.0 : (double)(CLV_CHECK_MAX_BINS - 1));
    }
    binning b = {k, NULL, (size_t)k + 1};
    return conditional(model, data, holdout, holdout_length, &b, &o, count, mean_actual,
                       mean_predicted);
}

int clv_conditional_by_recency(const clv_purchase_model *model, const clv_rfm_view *data,
                               const double *holdout, double holdout_length,
                               const double *edges, size_t n_bins,
                               const clv_check_options *options, double *count,
                               double *mean_actual, double *mean_predicted) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if ((st = check_model(model, o.diag)) != CLV_OK) {
        return st;
    }
    if (edges == NULL) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_EDGES, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n_bins < 1 || n_bins > CLV_CHECK_MAX_BINS) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT,
                             n_bins < 1 ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX,
                             (double)n_bins, n_bins < 1 ? 1.0 : (double)CLV_CHECK_MAX_BINS);
    }
    if ((st = check_grid(edges, n_bins + 1, 0, 1, 0, CLV_FIELD_EDGES, o.diag)) != CLV_OK) {
        return st;
    }
    binning b = {0, edges, n_bins};
    return conditional(model, data, holdout, holdout_length, &b, &o, count, mean_actual,
                       mean_predicted);
}

/* ---- holdout accuracy and calibration ------------------------------------------------------ */

/* Predictions, actual values and optional weights: finite, weights >= 0. */
static int check_pairs(const double *predicted, const double *actual, const double *weight,
                       size_t count, clv_diag *diag) {
    int st;
    if (predicted == NULL || actual == NULL) {
        return clv__diag_set(diag, CLV_EINVAL,
                             predicted == NULL ? CLV_FIELD_PREDICTED : CLV_FIELD_ACTUAL,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (count == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if ((st = check_values(predicted, count, 0, CLV_FIELD_PREDICTED, diag)) != CLV_OK ||
        (st = check_values(actual, count, 0, CLV_FIELD_ACTUAL, diag)) != CLV_OK) {
        return st;
    }
    if (weight != NULL && (st = check_values(weight, count, 1, CLV_FIELD_WEIGHT, diag)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

int clv_holdout_accuracy(const double *predicted, const double *actual, const double *weight,
                         size_t count, const clv_check_options *options, clv_accuracy *result) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if (result == NULL) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if ((st = check_pairs(predicted, actual, weight, count, o.diag)) != CLV_OK) {
        return st;
    }
    /* Weights relative to the largest (so that tiny weights do not underflow in the sums);
     * the root mean square from the terms t_i = sqrt(w_i) |e_i| scaled by the largest, as
     * LAPACK's dnrm2 does, so that the squares neither overflow nor underflow (and RMSE >=
     * MAE survives in floating point). Both scalings leave the figures unchanged. */
    double wmax = 0.0, tmax = 0.0, W = 0.0, sp = 0.0, sa = 0.0;
    for (size_t i = 0; i < count; i++) {
        double w = weight_of(weight, i);
        wmax = w > wmax ? w : wmax;
    }
    if (!(wmax > 0.0)) {
        return clv__diag_set(o.diag, CLV_EDOM, CLV_FIELD_WEIGHT, CLV_RULE_NOT_POSITIVE, 0.0, 0.0);
    }
    for (size_t i = 0; i < count; i++) {
        double t = sqrt(weight_of(weight, i) / wmax) * fabs(predicted[i] - actual[i]);
        tmax = t > tmax ? t : tmax;
    }
    if (!isfinite(tmax)) {
        return clv__diag_set(o.diag, CLV_ERANGE, CLV_FIELD_PREDICTED, CLV_RULE_OVERFLOW, tmax,
                             0.0);
    }
    for (size_t i = 0; i < count; i++) {
        double w = weight_of(weight, i) / wmax;
        W += w;
        sp += w * predicted[i];
        sa += w * actual[i];
    }
    double mp = sp / W, ma = sa / W;
    /* Second pass on centred values (a constant offset costs no precision). */
    double sae = 0.0, sse = 0.0, se = 0.0, spp = 0.0, saa = 0.0, spa = 0.0;
    for (size_t i = 0; i < count; i++) {
        double w = weight_of(weight, i) / wmax;
        if (w == 0.0) {
            continue; /* a row of weight 0 is not there */
        }
        double e = predicted[i] - actual[i];
        double ts = tmax > 0.0 ? sqrt(w) * fabs(e) / tmax : 0.0;
        double dp = predicted[i] - mp, da = actual[i] - ma;
        sae += w * fabs(e);
        sse += ts * ts;
        se += w * e;
        spp += w * dp * dp;
        saa += w * da * da;
        spa += w * dp * da;
    }
    clv_accuracy r;
    r.count = W * wmax;
    r.mae = sae / W;
    r.rmse = tmax * sqrt(sse / W);
    /* RMSE >= MAE always (Jensen); with weights near the smallest doubles the two sums lose
     * different digits (w |e| against (sqrt(w) |e|)^2), so keep the order that holds. */
    if (r.rmse < r.mae) {
        r.rmse = r.mae;
    }
    r.bias = se / W;
    r.mean_predicted = mp;
    r.mean_actual = ma;
    if (spp > 0.0 && saa > 0.0) {
        double c = spa / (sqrt(spp) * sqrt(saa));
        r.correlation = c > 1.0 ? 1.0 : (c < -1.0 ? -1.0 : c);
        r.correlation_defined = 1.0;
    } else {
        r.correlation = 0.0;
        r.correlation_defined = 0.0;
    }
    double all[8] = {r.count, r.mae, r.rmse, r.bias, r.correlation, r.mean_predicted,
                     r.mean_actual, spa};
    for (int i = 0; i < 8; i++) {
        if (!isfinite(all[i])) {
            return clv__diag_set(o.diag, CLV_ERANGE, CLV_FIELD_PREDICTED, CLV_RULE_OVERFLOW,
                                 all[i], 0.0);
        }
    }
    *result = r;
    return CLV_OK;
}

/* Doubles as unsigned integers in the same order (-0 taken as +0), for bisection. */
static uint64_t order_key(double v) {
    uint64_t u;
    if (v == 0.0) {
        v = 0.0;
    }
    memcpy(&u, &v, sizeof u);
    return (u >> 63) ? ~u : (u | (UINT64_C(1) << 63));
}

static double key_value(uint64_t k) {
    uint64_t u = (k >> 63) ? (k & ~(UINT64_C(1) << 63)) : ~k;
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

int clv_calibration_table(const double *predicted, const double *actual, const double *weight,
                          size_t count, const double *edges, size_t n_bins,
                          const clv_check_options *options, double *bin_edges,
                          double *bin_count, double *mean_predicted, double *mean_actual) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if (bin_count == NULL || mean_predicted == NULL || mean_actual == NULL) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n_bins < 1 || n_bins > CLV_CHECK_MAX_BINS) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT,
                             n_bins < 1 ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX,
                             (double)n_bins, n_bins < 1 ? 1.0 : (double)CLV_CHECK_MAX_BINS);
    }
    if ((st = check_pairs(predicted, actual, weight, count, o.diag)) != CLV_OK) {
        return st;
    }
    double cuts[CLV_CHECK_MAX_BINS + 1];
    double lo_v = predicted[0], hi_v = predicted[0];
    for (size_t i = 1; i < count; i++) {
        lo_v = predicted[i] < lo_v ? predicted[i] : lo_v;
        hi_v = predicted[i] > hi_v ? predicted[i] : hi_v;
    }
    if (edges != NULL) {
        if ((st = check_grid(edges, n_bins + 1, 0, 1, 0, CLV_FIELD_EDGES, o.diag)) != CLV_OK) {
            return st;
        }
        for (size_t i = 0; i < count; i++) {
            double v = predicted[i];
            if (v < edges[0] || v > edges[n_bins]) {
                int below = v < edges[0];
                return clv__diag_row(o.diag, CLV_EDOM, CLV_FIELD_PREDICTED,
                                     below ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX, i, v,
                                     below ? edges[0] : edges[n_bins]);
            }
        }
        memcpy(cuts, edges, (n_bins + 1) * sizeof *cuts);
    } else {
        double W = 0.0;
        for (size_t i = 0; i < count; i++) {
            W += weight_of(weight, i);
        }
        progress pr = progress_of(&o, 64 * (uint64_t)(n_bins - 1));
        uint64_t passes = 0;
        cuts[0] = lo_v;
        cuts[n_bins] = hi_v;
        for (size_t j = 1; j < n_bins; j++) {
            /* The smallest prediction v with W(predicted <= v) >= j W / n_bins. */
            double target = W * (double)j / (double)n_bins;
            uint64_t lo = order_key(lo_v), hi = order_key(hi_v);
            while (lo < hi) {
                uint64_t mid = lo + (hi - lo) / 2;
                double below = 0.0;
                for (size_t i = 0; i < count; i++) {
                    below += order_key(predicted[i]) <= mid ? weight_of(weight, i) : 0.0;
                }
                if (below >= target) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
                ++passes; /* a pass over the rows: the callback after each */
                if (o.progress != NULL && o.progress(o.user_data, passes, pr.total) != 0) {
                    return CLV_ECANCELED;
                }
            }
            cuts[j] = key_value(lo);
        }
    }
    double cnt[CLV_CHECK_MAX_BINS] = {0};
    double sp[CLV_CHECK_MAX_BINS] = {0};
    double sa[CLV_CHECK_MAX_BINS] = {0};
    for (size_t i = 0; i < count; i++) {
        size_t b;
        if (edges != NULL) {
            b = edge_bin(edges, n_bins, predicted[i]);
        } else {
            b = lower_bound(cuts + 1, n_bins - 1, predicted[i]); /* cuts strictly below */
        }
        double w = weight_of(weight, i);
        cnt[b] += w;
        sp[b] += w * predicted[i];
        sa[b] += w * actual[i];
    }
    for (size_t b = 0; b < n_bins; b++) {
        if (!isfinite(cnt[b]) || !isfinite(sp[b]) || !isfinite(sa[b])) {
            return clv__diag_set(o.diag, CLV_ERANGE, CLV_FIELD_PREDICTED, CLV_RULE_OVERFLOW,
                                 sp[b], 0.0);
        }
    }
    for (size_t b = 0; b < n_bins; b++) {
        bin_count[b] = cnt[b];
        mean_predicted[b] = cnt[b] > 0.0 ? sp[b] / cnt[b] : 0.0;
        mean_actual[b] = cnt[b] > 0.0 ? sa[b] / cnt[b] : 0.0;
    }
    if (bin_edges != NULL) {
        memcpy(bin_edges, cuts, (n_bins + 1) * sizeof *bin_edges);
    }
    return CLV_OK;
}

/* ---- information criteria and the likelihood-ratio test --------------------------------- */

int clv_information_criteria(const clv_fit_report *report, double n_obs, double *aic,
                             double *bic) {
    if (report == NULL) {
        return CLV_EINVAL;
    }
    if (!isfinite(report->loglik) || report->n_params < 1 ||
        report->n_params > CLV_MAX_PARAMS || !isfinite(n_obs) || !(n_obs > 0.0)) {
        return CLV_EDOM;
    }
    /* Akaike (1974): AIC = 2k - 2 LL; Schwarz (1978): BIC = k ln n - 2 LL. */
    double k = (double)report->n_params;
    double a = 2.0 * k - 2.0 * report->loglik;
    double b = k * log(n_obs) - 2.0 * report->loglik;
    if (!isfinite(a) || !isfinite(b)) {
        return CLV_ERANGE;
    }
    if (aic != NULL) {
        *aic = a;
    }
    if (bic != NULL) {
        *bic = b;
    }
    return CLV_OK;
}

int clv_likelihood_ratio_test(double loglik_restricted, double loglik_full, double df,
                              double *statistic, double *p_value) {
    int st;
    if (!isfinite(loglik_restricted) || !isfinite(loglik_full) || !isfinite(df) ||
        !(df > 0.0) || df > 1e7) {
        return CLV_EDOM;
    }
    /* Wilks (1938): 2 (LL_full - LL_restricted) ~ chi-square(df) under the restricted model. */
    double stat = 2.0 * (loglik_full - loglik_restricted);
    if (!isfinite(stat)) {
        return CLV_ERANGE;
    }
    if (stat < 0.0) {
        double slack = 2e-6 * fmax(1.0, fabs(loglik_full));
        if (-stat > slack) {
            return CLV_EDOM; /* not nested, or a fit that did not converge */
        }
        stat = 0.0;
    }
    double p;
    if ((st = clv_chi_square_p_value(stat, df, &p)) != CLV_OK) {
        return st;
    }
    if (statistic != NULL) {
        *statistic = stat;
    }
    if (p_value != NULL) {
        *p_value = p;
    }
    return CLV_OK;
}

/* ---- frequency x recency matrices -------------------------------------------------------- */

/* Can a customer observed for T have x purchases, the last at t? */
static int cell_possible(int bgbb, double x, double t, double T) {
    if (t > T || (x == 0.0 && t > 0.0)) {
        return 0;
    }
    if (bgbb && (x > t || (x > 0.0 && t == 0.0))) {
        return 0;
    }
    return 1;
}

int clv_frequency_recency_matrix(const clv_purchase_model *model, uint32_t max_x,
                                 const double *t_x, size_t n_t_x, double T, double horizon,
                                 const clv_check_options *options, double *p_alive,
                                 double *expected, int32_t *possible) {
    int st;
    clv_check_options o;
    if ((st = read_options(options, &o)) != CLV_OK) {
        return st;
    }
    if ((st = check_model(model, o.diag)) != CLV_OK) {
        return st;
    }
    if (t_x == NULL || possible == NULL || (p_alive == NULL && expected == NULL)) {
        return clv__diag_set(o.diag, CLV_EINVAL, t_x == NULL ? CLV_FIELD_GRID : CLV_FIELD_NONE,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n_t_x == 0) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if (max_x >= 100000) {
        return clv__diag_set(o.diag, CLV_EDOM, CLV_FIELD_X, CLV_RULE_ABOVE_MAX, (double)max_x,
                             99999.0);
    }
    if (n_t_x > SIZE_MAX / ((size_t)max_x + 1)) {
        return clv__diag_set(o.diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_OVERFLOW,
                             (double)n_t_x, 0.0);
    }
    int bgbb = is_bgbb(model);
    if ((st = check_values(t_x, n_t_x, 1, CLV_FIELD_GRID, o.diag)) != CLV_OK) {
        return st;
    }
    if (bgbb) {
        for (size_t j = 0; j < n_t_x; j++) {
            if (!is_whole(t_x[j])) {
                return clv__diag_row(o.diag, CLV_EDOM, CLV_FIELD_GRID, CLV_RULE_NOT_WHOLE, j,
                                     t_x[j], 0.0);
            }
        }
    }
    if (!isfinite(T) || T < 0.0 || (bgbb && (!is_whole(T) || T > CLV_BGBB_MAX_OPPORTUNITIES))) {
        int rule = !isfinite(T) ? CLV_RULE_NOT_FINITE
                   : T < 0.0    ? CLV_RULE_NEGATIVE
                   : !is_whole(T) ? CLV_RULE_NOT_WHOLE
                                  : CLV_RULE_ABOVE_MAX;
        return clv__diag_set(o.diag, CLV_EDOM, CLV_FIELD_T, rule, T,
                             rule == CLV_RULE_ABOVE_MAX ? CLV_BGBB_MAX_OPPORTUNITIES : 0.0);
    }
    if (!isfinite(horizon) || horizon < 0.0 || (bgbb && !is_whole(horizon))) {
        int rule = !isfinite(horizon) ? CLV_RULE_NOT_FINITE
                   : horizon < 0.0    ? CLV_RULE_NEGATIVE
                                      : CLV_RULE_NOT_WHOLE;
        return clv__diag_set(o.diag, CLV_EDOM, CLV_FIELD_HORIZON, rule, horizon, 0.0);
    }
    uint64_t cells = ((uint64_t)max_x + 1) * (uint64_t)n_t_x;
    progress pr = progress_of(&o, cells);
    size_t c = 0;
    for (uint32_t xi = 0; xi <= max_x; xi++) {
        double x = (double)xi;
        for (size_t j = 0; j < n_t_x; j++, c++) {
            double a = 0.0, e = 0.0; /* the sentinel of an impossible cell */
            int ok = cell_possible(bgbb, x, t_x[j], T);
            if (ok && (st = cell(model, x, t_x[j], T, horizon, p_alive ? &a : NULL,
                                 expected ? &e : NULL)) != CLV_OK) {
                return st;
            }
            possible[c] = ok;
            if (p_alive != NULL) {
                p_alive[c] = a;
            }
            if (expected != NULL) {
                expected[c] = e;
            }
            if (progress_tick(&pr, c + 1)) {
                return CLV_ECANCELED;
            }
        }
    }
    return CLV_OK;
}
