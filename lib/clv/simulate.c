/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Simulated customer bases (issue 14): each purchase model's generative story, drawn with the
 * caller's generator (lib/math/rng.c) into caller arrays of RFM rows, and parameter draws
 * from a fit's asymptotic normal distribution for a parametric bootstrap.
 *
 * A row costs O(1) whatever its purchases: only the counts and the last purchase are drawn.
 * - Continuous time. Given n events of a Poisson process on (0, e], their times are n
 *   uniform order statistics, so the last is e U^(1/n), and the j-th of n is e Beta(j,
 *   n - j + 1) (e.g. Ross 1996, "Stochastic processes", Thm 2.3.1). BG/NBD (Fader, Hardie &
 *   Lee 2005, sec. 2): a customer makes J repeat purchases up to and including the one after
 *   which they drop out, J - 1 ~ Geometric(p); with N ~ Poisson(lambda T) purchases had they
 *   stayed, x = min(N, J): N < J leaves them alive at T with J - N purchases to go (the
 *   holdout repeats the story), N >= J ends their life at the J-th of the N purchase times.
 *   MBG/NBD (Batislam, Denizel & Filiztekin 2007) is the same with J ~ Geometric(p) on
 *   0, 1, ...: J = 0 drops out right after the first purchase. Pareto/NBD (Schmittlein,
 *   Morrison & Colombo 1987): lifetime tau ~ Exp(mu); x ~ Poisson(lambda min(tau, T)).
 * - BG/BB (Fader, Hardie & Shang 2010, sec. 2): alive at opportunity t with probability
 *   (1 - theta)^t, so L ~ Geometric(theta) opportunities alive; of the m = min(L, n), the last
 *   purchase is m - G for G ~ Geometric(p) failures counted back from m (none if G >= m), and
 *   the purchases before it are Binomial(t_x - 1, p).
 * - Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013): nu ~
 *   Gamma(q, gamma), the mean of x values Gamma(p, nu) is Gamma(p x, x nu).
 * Each customer's transaction details (the other purchase times, each value) are drawn from a
 * generator seeded by one output of the caller's, so the rows do not depend on whether, or
 * how many, transactions are written: the times from uniform spacings, the BG/BB
 * opportunities by selection sampling (Knuth, TAOCP vol. 2, sec. 3.4.2, Algorithm S), the
 * values given their mean by a Dirichlet(p, ..., p) split of their sum.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "clv.h"
#include "core/diag.h"
#include "core/options.h"
#include "math/rng.h"

int clv_sim_options_init(clv_sim_options *options) {
    if (options == NULL) {
        return CLV_EINVAL;
    }
    memset(options, 0, sizeof *options);
    options->struct_size = (uint32_t)sizeof *options;
    options->T = 52.0;
    options->holdout = 0.0;
    return CLV_OK;
}

/* One customer as drawn from the main stream. */
typedef struct sim_row {
    double x, t_x, x_holdout;
    double hold_start, hold_end; /* the holdout purchases lie in (hold_start, hold_end] */
    int hold_last_fixed;         /* the last holdout purchase is at hold_end exactly */
    double log_nu;               /* Gamma-Gamma: log of the customer's nu */
    double monetary;
    uint64_t seed; /* of the customer's detail stream */
} sim_row;

typedef struct sim_job {
    int model;
    const double *theta;
    const clv_gg_params *spend;
    double holdout;
    clv_diag *diag;
} sim_job;

static int finite_pos(double v) {
    return v > 0.0 && isfinite(v);
}

/* A Poisson mean within the sampler's range; else CLV_ERANGE with the row. */
static int mean_ok(const sim_job *job, size_t i, double mean) {
    if (mean <= CLV__POISSON_MAX_MEAN) {
        return CLV_OK;
    }
    return clv__diag_row(job->diag, CLV_ERANGE, CLV_FIELD_X, CLV_RULE_ABOVE_MAX, i, mean,
                         CLV__POISSON_MAX_MEAN);
}

/* BG/NBD (mbg = 0) and MBG/NBD (mbg = 1). */
static int draw_betageo(clv_rng *rng, const sim_job *job, size_t i, double T, int mbg,
                        sim_row *row) {
    const double *th = job->theta; /* r, alpha, a, b */
    double lambda = exp(clv__rng_log_gamma1(rng, th[0]) - log(th[1]));
    double p = clv__rng_beta(rng, th[2], th[3]);
    double J = clv__rng_geometric(rng, p) + (mbg ? 0.0 : 1.0);
    int st;
    if ((st = mean_ok(job, i, lambda * T)) != CLV_OK) {
        return st;
    }
    double N = clv__rng_poisson(rng, lambda * T);
    if (N >= J) { /* dropped out at the J-th purchase, before T */
        row->x = J;
        row->t_x = (J > 0.0) ? T * clv__rng_beta(rng, J, N - J + 1.0) : 0.0;
        return CLV_OK;
    }
    row->x = N;
    row->t_x = (N > 0.0) ? T * exp(log(clv__rng_uniform(rng)) / N) : 0.0;
    double H = job->holdout;
    if (H > 0.0) {
        double left = J - N; /* purchases to go, the last of them the dropout */
        if ((st = mean_ok(job, i, lambda * H)) != CLV_OK) {
            return st;
        }
        double N2 = clv__rng_poisson(rng, lambda * H);
        row->hold_start = T;
        if (N2 < left) {
            row->x_holdout = N2;
            row->hold_end = T + H;
        } else {
            row->x_holdout = left;
            row->hold_end = T + H * clv__rng_beta(rng, left, N2 - left + 1.0);
            row->hold_last_fixed = 1;
        }
    }
    return CLV_OK;
}

static int draw_pnbd(clv_rng *rng, const sim_job *job, size_t i, double T, sim_row *row) {
    const double *th = job->theta; /* r, alpha, s, beta */
    double lambda = exp(clv__rng_log_gamma1(rng, th[0]) - log(th[1]));
    double log_mu = clv__rng_log_gamma1(rng, th[2]) - log(th[3]);
    double tau = exp(log(clv__rng_exp1(rng)) - log_mu); /* Exp(mu): +inf if mu underflows */
    double end = (tau < T) ? tau : T;
    int st;
    if ((st = mean_ok(job, i, lambda * end)) != CLV_OK) {
        return st;
    }
    double N = clv__rng_poisson(rng, lambda * end);
    row->x = N;
    row->t_x = (N > 0.0) ? end * exp(log(clv__rng_uniform(rng)) / N) : 0.0;
    double H = job->holdout;
    if (H > 0.0 && tau > T) {
        double hend = (tau < T + H) ? tau : T + H;
        if ((st = mean_ok(job, i, lambda * (hend - T))) != CLV_OK) {
            return st;
        }
        row->x_holdout = clv__rng_poisson(rng, lambda * (hend - T));
        row->hold_start = T;
        row->hold_end = hend;
    }
    return CLV_OK;
}

static void draw_bgbb(clv_rng *rng, const sim_job *job, double n, sim_row *row) {
    const double *th = job->theta; /* alpha, beta, gamma, delta */
    double p = clv__rng_beta(rng, th[0], th[1]);
    double theta = clv__rng_beta(rng, th[2], th[3]);
    double L = clv__rng_geometric(rng, theta); /* opportunities alive */
    double m = (L < n) ? L : n;
    double G = clv__rng_geometric(rng, p);
    if (G < m) {
        row->t_x = m - G;
        row->x = 1.0 + clv__rng_binomial(rng, row->t_x - 1.0, p);
    }
    double H = job->holdout;
    if (H > 0.0 && L > n) {
        double m2 = ((L < n + H) ? L : n + H) - n;
        row->x_holdout = clv__rng_binomial(rng, m2, p);
        row->hold_start = n;
        row->hold_end = n + m2;
    }
}

/* The spend of a customer: log nu, and the mean of x values, in the main stream. */
static int draw_spend(clv_rng *rng, const sim_job *job, size_t i, sim_row *row) {
    const clv_gg_params *g = job->spend;
    row->log_nu = clv__rng_log_gamma1(rng, g->q) - log(g->gamma);
    if (row->x > 0.0) {
        double lm = clv__rng_log_gamma1(rng, g->p * row->x) - log(row->x) - row->log_nu;
        row->monetary = exp(lm);
        if (!isfinite(row->monetary) || !(row->monetary > 0.0)) {
            return clv__diag_row(job->diag, CLV_ERANGE, CLV_FIELD_MONETARY, CLV_RULE_OVERFLOW, i,
                                 row->monetary, 0.0);
        }
    }
    return CLV_OK;
}

/* ---- transactions ------------------------------------------------------------------ */

/* m sorted uniforms on (a, b) into time[0..m): normalised partial sums of m + 1 exponential
 * spacings (Devroye 1986, ch. V.2). */
static void sorted_uniforms(clv_rng *d, double a, double b, size_t m, double *time) {
    double sum = 0.0;
    for (size_t j = 0; j < m; j++) {
        sum += clv__rng_exp1(d);
        time[j] = sum;
    }
    sum += clv__rng_exp1(d);
    for (size_t j = 0; j < m; j++) {
        time[j] = a + (b - a) * (time[j] / sum);
    }
}

/* k of the whole numbers first+1 .. first+N, in increasing order, each subset equally likely
 * (Knuth's Algorithm S). O(N). */
static void select_sorted(clv_rng *d, double first, double N, size_t k, double *time) {
    size_t chosen = 0;
    for (double t = 0.0; t < N && chosen < k; t += 1.0) {
        if ((N - t) * clv__rng_uniform(d) < (double)(k - chosen)) {
            time[chosen++] = first + t + 1.0;
        }
    }
}

/* A Gamma(p, nu) value. */
static double one_value(clv_rng *d, double p, double log_nu) {
    return exp(clv__rng_log_gamma1(d, p) - log_nu);
}

/* Write customer i's 1 + x + x_holdout transactions at out[pos..]. */
static int write_customer(const sim_job *job, size_t i, const sim_row *row,
                          clv_sim_transactions *tx, size_t pos) {
    clv_rng d;
    clv__rng_seed(&d, row->seed);
    size_t x = (size_t)row->x;
    size_t xh = (size_t)row->x_holdout;
    int bgbb = job->model == CLV_MODEL_BGBB;
    double *time = tx->time + pos;
    double *amount = (tx->amount != NULL) ? tx->amount + pos : NULL;
    for (size_t j = 0; j < 1 + x + xh; j++) {
        tx->customer[pos + j] = (uint64_t)i;
    }
    time[0] = 0.0;
    if (x > 0) { /* calibration: x - 1 before t_x, then t_x */
        if (bgbb) {
            select_sorted(&d, 0.0, row->t_x - 1.0, x - 1, time + 1);
        } else {
            sorted_uniforms(&d, 0.0, row->t_x, x - 1, time + 1);
        }
        time[x] = row->t_x;
    }
    if (xh > 0) {
        double *h = time + 1 + x;
        if (bgbb) {
            select_sorted(&d, row->hold_start, row->hold_end - row->hold_start, xh, h);
        } else if (row->hold_last_fixed) {
            sorted_uniforms(&d, row->hold_start, row->hold_end, xh - 1, h);
            h[xh - 1] = row->hold_end;
        } else {
            sorted_uniforms(&d, row->hold_start, row->hold_end, xh, h);
        }
    }
    if (amount == NULL) {
        return CLV_OK;
    }
    double p = job->spend->p;
    amount[0] = one_value(&d, p, row->log_nu);
    /* The repeat purchases' values given their mean: a Dirichlet(p, ..., p) split of x
     * times the mean (the values are independent of their sum's share; e.g. Devroye 1986,
     * ch. XI.4). */
    double sum = 0.0;
    for (size_t j = 1; j <= x; j++) {
        amount[j] = clv__rng_gamma1(&d, p);
        sum += amount[j];
    }
    for (size_t j = 1; j <= x; j++) {
        amount[j] = (sum > 0.0) ? row->x * row->monetary * (amount[j] / sum) : row->monetary;
    }
    for (size_t j = 1 + x; j < 1 + x + xh; j++) {
        amount[j] = one_value(&d, p, row->log_nu);
    }
    for (size_t j = 0; j < 1 + x + xh; j++) {
        if (!isfinite(amount[j])) {
            return clv__diag_row(job->diag, CLV_ERANGE, CLV_FIELD_AMOUNT, CLV_RULE_OVERFLOW,
                                 pos + j, amount[j], 0.0);
        }
    }
    return CLV_OK;
}

/* ---- checks -------------------------------------------------------------------------- */

static int check_T(const sim_job *job, double T, int has_row, size_t i) {
    int rule = CLV_RULE_NONE;
    double limit = 0.0;
    if (!isfinite(T)) {
        rule = CLV_RULE_NOT_FINITE;
    } else if (T < 0.0) {
        rule = CLV_RULE_NEGATIVE;
    } else if (job->model == CLV_MODEL_BGBB) {
        if (T != floor(T)) {
            rule = CLV_RULE_NOT_WHOLE;
        } else if (T + job->holdout > CLV_BGBB_MAX_OPPORTUNITIES) {
            rule = CLV_RULE_ABOVE_MAX;
            limit = CLV_BGBB_MAX_OPPORTUNITIES - job->holdout;
        }
    }
    if (rule == CLV_RULE_NONE) {
        return CLV_OK;
    }
    return has_row ? clv__diag_row(job->diag, CLV_EDOM, CLV_FIELD_T, rule, i, T, limit)
                   : clv__diag_set(job->diag, CLV_EDOM, CLV_FIELD_T, rule, T, limit);
}

static int check_holdout(const sim_job *job) {
    double h = job->holdout;
    int rule = !isfinite(h)                                      ? CLV_RULE_NOT_FINITE
               : h < 0.0                                         ? CLV_RULE_NEGATIVE
               : (job->model == CLV_MODEL_BGBB && h != floor(h)) ? CLV_RULE_NOT_WHOLE
               : (job->model == CLV_MODEL_BGBB && h > CLV_BGBB_MAX_OPPORTUNITIES)
                   ? CLV_RULE_ABOVE_MAX
                   : CLV_RULE_NONE;
    if (rule == CLV_RULE_NONE) {
        return CLV_OK;
    }
    return clv__diag_set(job->diag, CLV_EDOM, CLV_FIELD_HOLDOUT, rule, h,
                         rule == CLV_RULE_ABOVE_MAX ? CLV_BGBB_MAX_OPPORTUNITIES : 0.0);
}

static int check_params(clv_diag *diag, const double *theta, uint32_t n) {
    for (uint32_t k = 0; k < n; k++) {
        if (!finite_pos(theta[k])) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_PARAMS,
                                 isfinite(theta[k]) ? CLV_RULE_NOT_POSITIVE : CLV_RULE_NOT_FINITE,
                                 k, theta[k], 0.0);
        }
    }
    return CLV_OK;
}

static int read_sim_options(const clv_sim_options *options, clv_sim_options *out) {
    clv_sim_options_init(out);
    if (options == NULL) {
        return CLV_OK;
    }
    if (clv__check_options(options, sizeof *out, sizeof *out) != CLV_OK) {
        return CLV_ESTRUCT;
    }
    memcpy(out, options, sizeof *out);
    return CLV_OK;
}

static int check_call(clv_rng *rng, const clv_purchase_model *model,
                      const clv_gg_params *spend_model, const clv_sim_options *opts, size_t count,
                      const double *T, const double *x, const double *t_x, const double *monetary,
                      const clv_sim_transactions *tx, sim_job *job) {
    clv_diag *diag = opts->diag;
    if (rng == NULL || model == NULL || x == NULL || t_x == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (!clv__rng_ok(rng)) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_STATE, CLV_RULE_BAD_STATE, 0.0, 0.0);
    }
    if (count == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if (model->reserved != 0 ||
        (model->model != CLV_MODEL_BGNBD && model->model != CLV_MODEL_PNBD &&
         model->model != CLV_MODEL_MBGNBD && model->model != CLV_MODEL_BGBB)) {
        /* an unknown model tag or a nonzero reserved field: the status's own text */
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_NONE, (double)model->model,
                             0.0);
    }
    if ((monetary != NULL || (tx != NULL && tx->amount != NULL)) && spend_model == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_MONETARY, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (tx != NULL && (tx->customer == NULL || tx->time == NULL)) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_TRANSACTIONS, CLV_RULE_MISSING, 0.0, 0.0);
    }
    job->model = model->model;
    job->theta = model->params;
    job->spend = spend_model;
    job->holdout = opts->holdout;
    job->diag = diag;
    int st;
    if ((st = check_params(diag, model->params, 4)) != CLV_OK ||
        (spend_model != NULL && (st = check_params(diag, &spend_model->p, 3)) != CLV_OK) ||
        (st = check_holdout(job)) != CLV_OK) {
        return st;
    }
    if (T == NULL) {
        return check_T(job, opts->T, 0, 0);
    }
    for (size_t i = 0; i < count; i++) {
        if ((st = check_T(job, T[i], 1, i)) != CLV_OK) {
            return st;
        }
    }
    return CLV_OK;
}

int clv_sim_customers(clv_rng *rng, const clv_purchase_model *model,
                      const clv_gg_params *spend_model, const clv_sim_options *options,
                      size_t count, const double *T, double *x, double *t_x, double *monetary,
                      double *x_holdout, clv_sim_transactions *transactions) {
    clv_sim_options opts;
    sim_job job;
    int st;
    memset(&job, 0, sizeof job);
    if ((st = read_sim_options(options, &opts)) != CLV_OK) {
        return st;
    }
    clv__diag_clear(opts.diag);
    if ((st = check_call(rng, model, spend_model, &opts, count, T, x, t_x, monetary, transactions,
                         &job)) != CLV_OK) {
        return st;
    }
    size_t needed = 0;
    int overflow = 0;
    for (size_t i = 0; i < count; i++) {
        double Ti = (T != NULL) ? T[i] : opts.T;
        sim_row row;
        memset(&row, 0, sizeof row);
        switch (job.model) {
        case CLV_MODEL_BGNBD:
        case CLV_MODEL_MBGNBD:
            st = draw_betageo(rng, &job, i, Ti, job.model == CLV_MODEL_MBGNBD, &row);
            break;
        case CLV_MODEL_PNBD:
            st = draw_pnbd(rng, &job, i, Ti, &row);
            break;
        default:
            draw_bgbb(rng, &job, Ti, &row);
            st = CLV_OK;
            break;
        }
        if (st == CLV_OK && spend_model != NULL) {
            st = draw_spend(rng, &job, i, &row);
        }
        if (st != CLV_OK) {
            return st;
        }
        row.seed = clv__rng_next(rng);
        x[i] = row.x;
        t_x[i] = row.t_x;
        if (monetary != NULL) {
            monetary[i] = row.monetary;
        }
        if (x_holdout != NULL) {
            x_holdout[i] = row.x_holdout;
        }
        if (transactions != NULL) {
            double need = 1.0 + row.x + row.x_holdout;
            double room = (double)transactions->capacity - (double)needed;
            if (!overflow && need <= room) {
                if ((st = write_customer(&job, i, &row, transactions, needed)) != CLV_OK) {
                    return st;
                }
            } else {
                overflow = 1;
            }
            needed = (need >= (double)SIZE_MAX - (double)needed) ? SIZE_MAX : needed + (size_t)need;
        }
        if (opts.progress != NULL &&
            ((i + 1) % CLV_SIM_CUSTOMERS_PER_PROGRESS == 0 || i + 1 == count) &&
            opts.progress(opts.user_data, (uint64_t)(i + 1), (uint64_t)count) != 0) {
            return CLV_ECANCELED;
        }
    }
    if (transactions != NULL) {
        transactions->count = needed;
        if (overflow) {
            return clv__diag_set(opts.diag, CLV_ENOMEM, CLV_FIELD_TRANSACTIONS, CLV_RULE_TOO_SMALL,
                                 (double)needed, (double)transactions->capacity);
        }
    }
    return CLV_OK;
}

/* ---- parameter draws ------------------------------------------------------------------ */

/* Cholesky factor L (lower, row-major n x n) of a; 0 or the pivot + 1 where it breaks down,
 * with the remainder there in *bad. */
static uint32_t cholesky(const double *a, uint32_t n, double *l, double *bad) {
    memset(l, 0, sizeof(double) * n * n);
    for (uint32_t j = 0; j < n; j++) {
        double d = a[j * n + j];
        for (uint32_t k = 0; k < j; k++) {
            d -= l[j * n + k] * l[j * n + k];
        }
        if (!(d > 0.0) || !isfinite(d)) {
            *bad = d;
            return j + 1;
        }
        double ljj = sqrt(d);
        l[j * n + j] = ljj;
        for (uint32_t i = j + 1; i < n; i++) {
            double s = a[i * n + j];
            for (uint32_t k = 0; k < j; k++) {
                s -= l[i * n + k] * l[j * n + k];
            }
            l[i * n + j] = s / ljj;
        }
    }
    return 0;
}

int clv_param_draws(clv_rng *rng, uint32_t n_params, const double *estimate,
                    const double *covariance, int scale, size_t n_draws, double *draws,
                    clv_diag *diag) {
    clv__diag_clear(diag);
    if (rng == NULL || estimate == NULL || covariance == NULL || draws == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (!clv__rng_ok(rng)) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_STATE, CLV_RULE_BAD_STATE, 0.0, 0.0);
    }
    if (n_params == 0 || n_params > CLV_MAX_PARAMS) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_PARAMS,
                             n_params == 0 ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX,
                             (double)n_params, n_params == 0 ? 1.0 : CLV_MAX_PARAMS);
    }
    if (n_draws == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if (scale != CLV_DRAW_NATURAL && scale != CLV_DRAW_LOG) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG, (double)scale,
                             0.0);
    }
    uint32_t n = n_params;
    int st;
    if ((st = check_params(diag, estimate, n)) != CLV_OK) {
        return st;
    }
    double c[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
    double l[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
    double max_diag = 0.0;
    for (uint32_t k = 0; k < n * n; k++) {
        if (!isfinite(covariance[k])) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_COVARIANCE, CLV_RULE_NOT_FINITE, k,
                                 covariance[k], 0.0);
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        max_diag = fmax(max_diag, fabs(covariance[i * n + i]));
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            double v = covariance[i * n + j];
            if (fabs(v - covariance[j * n + i]) > 1e-8 * max_diag) {
                return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_COVARIANCE, CLV_RULE_NOT_SYMMETRIC,
                                     (uint64_t)i * n + j, v, covariance[j * n + i]);
            }
            /* The symmetric part; on the log scale the delta method's
             * Cov(log theta_i, log theta_j) = C_ij / (theta_i theta_j). */
            v = 0.5 * (v + covariance[j * n + i]);
            c[i * n + j] = (scale == CLV_DRAW_LOG) ? v / estimate[i] / estimate[j] : v;
        }
    }
    double bad = 0.0;
    uint32_t pivot = cholesky(c, n, l, &bad);
    if (pivot != 0) {
        return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_COVARIANCE, CLV_RULE_NOT_POSITIVE_DEFINITE,
                             pivot - 1, bad, 0.0);
    }
    for (size_t d = 0; d < n_draws; d++) {
        double *out = draws + d * n;
        int tries = 0;
        for (;;) {
            double z[CLV_MAX_PARAMS];
            int inside = 1;
            for (uint32_t i = 0; i < n; i++) {
                z[i] = clv__rng_normal(rng);
            }
            for (uint32_t i = 0; i < n; i++) {
                double s = 0.0;
                for (uint32_t k = 0; k <= i; k++) {
                    s += l[i * n + k] * z[k];
                }
                out[i] = (scale == CLV_DRAW_LOG) ? exp(log(estimate[i]) + s) : estimate[i] + s;
                inside = inside && finite_pos(out[i]);
            }
            if (inside) {
                break;
            }
            if (++tries >= CLV_DRAW_MAX_TRIES) {
                return clv__diag_row(diag, CLV_ENOCONV, CLV_FIELD_COUNT, CLV_RULE_NO_VALID_DRAW, d,
                                     (double)tries, CLV_DRAW_MAX_TRIES);
            }
        }
    }
    return CLV_OK;
}

int clv_param_draws_report(clv_rng *rng, const double *estimate, const clv_fit_report *report,
                           int scale, size_t n_draws, double *draws, clv_diag *diag) {
    if (report == NULL) {
        clv__diag_clear(diag);
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (report->covariance_ok != 1 && report->n_params >= 1 && report->n_params <= CLV_MAX_PARAMS &&
        rng != NULL && estimate != NULL && draws != NULL) {
        clv__diag_clear(diag);
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_COVARIANCE, CLV_RULE_NOT_POSITIVE_DEFINITE,
                             0.0, 0.0);
    }
    return clv_param_draws(rng, report->n_params, estimate, report->covariance, scale, n_draws,
                           draws, diag);
}
