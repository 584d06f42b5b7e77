/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Delta-method standard errors and intervals of the predictions (issue 14, "Uncertainty"; the
 * method and its references are in clv.h, group clv_interval).
 *
 * Every prediction is evaluated through the models' public one-customer functions, so an
 * interval's estimate is the double those functions give. Gradients:
 * - P(alive) = A / L, L the customer's likelihood, A its term "alive at T": d log P(alive) =
 *   d log A - d log L, d log L from the model's analytic log-likelihood gradient on a one-row
 *   table, d log A below (analytic_p_alive);
 * - the Gamma-Gamma spend by the quotient rule (spend_gradient);
 * - the rest by Richardson-extrapolated central differences in log-parameters (richardson);
 * - Bass forecasts (referral.h) analytically, from Bass's (1969) closed form (bass_gradient).
 */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "referral.h"
#include "core/diag.h"
#include "core/options.h"
#include "math/normal.h"
#include "math/special.h"

int clv_interval_options_init(clv_interval_options *options) {
    if (options == NULL) {
        return CLV_EINVAL;
    }
    memset(options, 0, sizeof *options);
    options->struct_size = (uint32_t)sizeof *options;
    options->level = 0.95;
    options->scale = CLV_INTERVAL_LOG;
    options->horizon = 1.0;
    options->delta = 0.01;
    options->count = 0.0;
    return CLV_OK;
}

/* The caller's options, validated, into out (defaults for null); out->diag cleared. */
static int read_options(const clv_interval_options *options, clv_interval_options *out) {
    int st;
    clv_interval_options_init(out);
    if (options == NULL) {
        return CLV_OK;
    }
    /* the layout before count reads as count 0 (clv_interval_options_init's) */
    if ((st = clv__read_layouts(options, offsetof(clv_interval_options, count),
                                sizeof(clv_interval_options), out)) != CLV_OK) {
        return st;
    }
    clv__diag_clear(out->diag);
    if (out->reserved2 != 0) {
        return clv__diag_set(out->diag, CLV_EINVAL, CLV_FIELD_OPTIONS, CLV_RULE_BAD_FLAG,
                             (double)out->reserved2, 0.0);
    }
    if (out->scale != CLV_INTERVAL_LOG && out->scale != CLV_INTERVAL_NATURAL &&
        out->scale != CLV_INTERVAL_LOGIT) {
        return clv__diag_set(out->diag, CLV_EINVAL, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG,
                             (double)out->scale, 0.0);
    }
    if (!(out->level > 0.0 && out->level < 1.0)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_OPTIONS,
                             out->level >= 1.0 ? CLV_RULE_ABOVE_MAX : CLV_RULE_BELOW_MIN,
                             out->level, out->level >= 1.0 ? 1.0 : 0.0);
    }
    if (!(out->horizon >= 0.0) || !isfinite(out->horizon)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_HORIZON, CLV_RULE_NEGATIVE,
                             out->horizon, 0.0);
    }
    if (!(out->delta > 0.0) || !isfinite(out->delta)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_OPTIONS, CLV_RULE_NOT_POSITIVE,
                             out->delta, 0.0);
    }
    if (!(out->count >= 0.0) || !isfinite(out->count) || out->count != floor(out->count)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_OPTIONS,
                             out->count < 0.0 ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_WHOLE,
                             out->count, 0.0);
    }
    return CLV_OK;
}

/* ---- evaluating one prediction at a parameter vector ---------------------------------- */

/* A prediction of one customer: theta holds the purchase parameters (0..3) and, when
 * has_spend, the spend parameters (4..6); for CLV_INTERVAL_SPEND theta is (p, q, gamma). */
typedef struct job {
    int32_t model;
    int quantity;
    int has_spend;
    uint32_t n_params;
    const clv_interval_options *opt;
    double x, t_x, T, monetary;
    uint64_t done, total; /* what the progress callback is told (rows) */
} job;

static int eval_dert(int32_t model, const double *th, double x, double t_x, double T, double delta,
                     double *v) {
    switch (model) {
    case CLV_MODEL_BGNBD:
        return clv_bgnbd_dert((const clv_bgnbd_params *)(const void *)th, x, t_x, T, delta, v);
    case CLV_MODEL_PNBD:
        return clv_pnbd_dert((const clv_pnbd_params *)(const void *)th, x, t_x, T, delta, v);
    case CLV_MODEL_MBGNBD:
        return clv_mbgnbd_dert((const clv_mbgnbd_params *)(const void *)th, x, t_x, T, delta, v);
    default: {
        /* BG/BB: (1 + d)^-k = e^(-delta k), as clv_dert_rows(). */
        double d = expm1(delta);
        if (!isfinite(d)) {
            return CLV_EDOM;
        }
        return clv_bgbb_dert((const clv_bgbb_params *)(const void *)th, x, t_x, T, d, v);
    }
    }
}

static int eval_expected(int32_t model, const double *th, double x, double t_x, double T, double t,
                         double *v) {
    switch (model) {
    case CLV_MODEL_BGNBD:
        return clv_bgnbd_expected_purchases((const clv_bgnbd_params *)(const void *)th, x, t_x, T,
                                            t, v);
    case CLV_MODEL_PNBD:
        return clv_pnbd_expected_purchases((const clv_pnbd_params *)(const void *)th, x, t_x, T, t,
                                           v);
    case CLV_MODEL_MBGNBD:
        return clv_mbgnbd_expected_purchases((const clv_mbgnbd_params *)(const void *)th, x, t_x, T,
                                             t, v);
    default:
        return clv_bgbb_expected_purchases((const clv_bgbb_params *)(const void *)th, x, t_x, T, t,
                                           v);
    }
}

static int eval_new(int32_t model, const double *th, double t, double *v) {
    switch (model) {
    case CLV_MODEL_BGNBD:
        return clv_bgnbd_expected_purchases_new((const clv_bgnbd_params *)(const void *)th, t, v);
    case CLV_MODEL_PNBD:
        return clv_pnbd_expected_purchases_new((const clv_pnbd_params *)(const void *)th, t, v);
    case CLV_MODEL_MBGNBD:
        return clv_mbgnbd_expected_purchases_new((const clv_mbgnbd_params *)(const void *)th, t, v);
    default:
        return clv_bgbb_expected_purchases_new((const clv_bgbb_params *)(const void *)th, t, v);
    }
}

static int eval_p_alive(int32_t model, const double *th, double x, double t_x, double T,
                        double *v) {
    switch (model) {
    case CLV_MODEL_BGNBD:
        return clv_bgnbd_p_alive((const clv_bgnbd_params *)(const void *)th, x, t_x, T, v);
    case CLV_MODEL_PNBD:
        return clv_pnbd_p_alive((const clv_pnbd_params *)(const void *)th, x, t_x, T, v);
    case CLV_MODEL_MBGNBD:
        return clv_mbgnbd_p_alive((const clv_mbgnbd_params *)(const void *)th, x, t_x, T, v);
    default:
        return clv_bgbb_p_alive((const clv_bgbb_params *)(const void *)th, x, t_x, T, v);
    }
}

/* P(X(t) = n | x, t_x, T) (BG/BB: x* = n purchases in n* = t opportunities). */
static int eval_prob(int32_t model, const double *th, double x, double t_x, double T, double t,
                     double n, double *v) {
    switch (model) {
    case CLV_MODEL_BGNBD:
        return clv_bgnbd_prob_purchases_cond((const clv_bgnbd_params *)(const void *)th, x, t_x,
                                             T, t, n, v);
    case CLV_MODEL_PNBD:
        return clv_pnbd_prob_purchases_cond((const clv_pnbd_params *)(const void *)th, x, t_x, T,
                                            t, n, v);
    case CLV_MODEL_MBGNBD:
        return clv_mbgnbd_prob_purchases_cond((const clv_mbgnbd_params *)(const void *)th, x,
                                              t_x, T, t, n, v);
    default:
        return clv_bgbb_prob_purchases_cond((const clv_bgbb_params *)(const void *)th, x, t_x, T,
                                            t, n, v);
    }
}

/* A value with the spend fixed at `spend` (the purchase part of the value). */
static int eval_value(const job *j, const double *th, const clv_gg_params *spend_model, double *v) {
    clv_purchase_model m;
    memset(&m, 0, sizeof m);
    m.model = j->model;
    memcpy(m.params, th, sizeof m.params);
    return clv_customer_value(&m, spend_model, j->opt->value, j->x, j->t_x, j->T, j->monetary, v);
}

/* sBG quantities (churn.h) are kept in job.quantity as SBG_BASE + their code; t in x,
 * the discount in monetary. */
#define SBG_BASE 100

static int eval_sbg(const job *j, const double *th, double *v) {
    const clv_sbg_params p = {th[0], th[1]};
    switch (j->quantity - SBG_BASE) {
    case CLV_SBG_INTERVAL_SURVIVAL:
        return clv_sbg_survival(&p, j->x, v);
    case CLV_SBG_INTERVAL_RETENTION:
        return clv_sbg_retention_rate(&p, j->x, v);
    case CLV_SBG_INTERVAL_DEL:
        return clv_sbg_del(&p, j->monetary, v);
    default:
        return clv_sbg_derl(&p, j->x, j->monetary, v);
    }
}

static int evaluate(const job *j, const double *th, double *v) {
    if (j->quantity > SBG_BASE) {
        return eval_sbg(j, th, v);
    }
    switch (j->quantity) {
    case CLV_INTERVAL_P_ALIVE:
        return eval_p_alive(j->model, th, j->x, j->t_x, j->T, v);
    case CLV_INTERVAL_EXPECTED_PURCHASES:
        return eval_expected(j->model, th, j->x, j->t_x, j->T, j->opt->horizon, v);
    case CLV_INTERVAL_EXPECTED_NEW:
        return eval_new(j->model, th, j->opt->horizon, v);
    case CLV_INTERVAL_DERT:
        return eval_dert(j->model, th, j->x, j->t_x, j->T, j->opt->delta, v);
    case CLV_INTERVAL_SPEND:
        return clv_gg_expected_spend((const clv_gg_params *)(const void *)th, j->x, j->monetary, v);
    case CLV_INTERVAL_PROB_PURCHASES:
        return eval_prob(j->model, th, j->x, j->t_x, j->T, j->opt->horizon, j->opt->count, v);
    default: {
        clv_gg_params g;
        if (j->has_spend) {
            g.p = th[4];
            g.q = th[5];
            g.gamma = th[6];
        }
        return eval_value(j, th, j->has_spend ? &g : NULL, v);
    }
    }
}

/* ---- numerical gradient: Richardson's tableau over central differences ---------------- */

#define RICH_H0 0.0625 /* first step in log theta_i */
#define RICH_STEPS 6   /* steps h0, h0/2, ..., h0/32 */

/* theta_i dg/dtheta_i (the derivative in log theta_i) and its error estimate: Ridders'
 * scheme (Ridders 1982; the tableau as in Press et al. 2007, "Numerical recipes", sec. 5.7):
 * column k holds the central differences at h0 / 2^k, row m the m-th extrapolation
 * (error O(h^(2m+2))); the answer is the entry whose change from its neighbours is smallest,
 * and the scheme stops when the diagonal's error grows (rounding starts to dominate). */
static int richardson(const job *j, const double *theta, uint32_t i, double *deriv, double *err) {
    double a[RICH_STEPS][RICH_STEPS];
    double th[CLV_MAX_PARAMS];
    double best = 0.0, best_err = INFINITY;
    double h = RICH_H0;
    memcpy(th, theta, sizeof(double) * j->n_params);
    for (int k = 0; k < RICH_STEPS; k++, h *= 0.5) {
        double up, down;
        int st;
        th[i] = theta[i] * exp(h);
        if ((st = evaluate(j, th, &up)) != CLV_OK) {
            return st;
        }
        th[i] = theta[i] * exp(-h);
        if ((st = evaluate(j, th, &down)) != CLV_OK) {
            return st;
        }
        th[i] = theta[i];
        a[0][k] = (up - down) / (2.0 * h);
        double fac = 4.0;
        for (int m = 1; m <= k; m++, fac *= 4.0) {
            a[m][k] = (a[m - 1][k] * fac - a[m - 1][k - 1]) / (fac - 1.0);
            double e = fmax(fabs(a[m][k] - a[m - 1][k]), fabs(a[m][k] - a[m - 1][k - 1]));
            if (e <= best_err) {
                best_err = e;
                best = a[m][k];
            }
        }
        if (k >= 2 && fabs(a[k][k] - a[k - 1][k - 1]) >= 2.0 * best_err) {
            break;
        }
    }
    *deriv = best;
    *err = best_err;
    return CLV_OK;
}

/* ---- analytic gradients ---------------------------------------------------------------- */

/* d log A / d theta of the "alive at T" term A of each model's likelihood (P(alive) = A/L):
 * - BG/NBD (FHL 2005, eq. 6): A = B(a, b+x)/B(a, b) Gamma(r+x) alpha^r / (Gamma(r)
 *   (alpha+T)^(r+x)); MBG/NBD (Batislam et al. 2007): B(a, b+x+1) in place of B(a, b+x);
 * - Pareto/NBD (Schmittlein et al. 1987; Fader & Hardie 2005 note 008, eq. 2): A =
 *   Gamma(r+x) alpha^r beta^s / (Gamma(r) (alpha+T)^(r+x) (beta+T)^s);
 * - BG/BB (FHS 2010, eq. 11 and the P(alive) of sec. 4): A = B(alpha+x, beta+n-x)/B(alpha,
 *   beta) B(gamma, delta+n+1)/B(gamma, delta). */
static void log_alive_term_gradient(int32_t model, const double *th, double x, double T,
                                    double *g) {
    if (model == CLV_MODEL_BGBB) {
        double al = th[0], be = th[1], ga = th[2], de = th[3], n = T;
        g[0] = clv__digamma(al + x) - clv__digamma(al) + clv__digamma(al + be) -
               clv__digamma(al + be + n);
        g[1] = clv__digamma(be + n - x) - clv__digamma(be) + clv__digamma(al + be) -
               clv__digamma(al + be + n);
        g[2] = clv__digamma(ga + de) - clv__digamma(ga + de + n + 1.0);
        g[3] = clv__digamma(de + n + 1.0) - clv__digamma(de) + clv__digamma(ga + de) -
               clv__digamma(ga + de + n + 1.0);
        return;
    }
    double r = th[0], alpha = th[1];
    g[0] = clv__digamma_diff(r, x) + log(alpha / (alpha + T));
    g[1] = r / alpha - (r + x) / (alpha + T);
    if (model == CLV_MODEL_PNBD) {
        double s = th[2], beta = th[3];
        g[2] = log(beta / (beta + T));
        g[3] = s / beta - s / (beta + T);
        return;
    }
    double a = th[2], b = th[3];
    double bx = b + x + (model == CLV_MODEL_MBGNBD ? 1.0 : 0.0);
    g[2] = clv__digamma(a + b) - clv__digamma(a + bx);
    g[3] = clv__digamma(bx) - clv__digamma(b) + clv__digamma(a + b) - clv__digamma(a + bx);
}

static int row_loglik_gradient(int32_t model, const double *th, double x, double t_x, double T,
                               double *g) {
    clv_rfm_view v = {1, &x, &t_x, &T, NULL, NULL};
    double ll;
    switch (model) {
    case CLV_MODEL_BGNBD:
        return clv_bgnbd_loglik((const clv_bgnbd_params *)(const void *)th, &v, &ll, g);
    case CLV_MODEL_PNBD:
        return clv_pnbd_loglik((const clv_pnbd_params *)(const void *)th, &v, &ll, g);
    case CLV_MODEL_MBGNBD:
        return clv_mbgnbd_loglik((const clv_mbgnbd_params *)(const void *)th, &v, &ll, g);
    default:
        return clv_bgbb_loglik((const clv_bgbb_params *)(const void *)th, &v, &ll, g);
    }
}

static int p_alive_gradient(const job *j, const double *th, double pa, double *grad) {
    double gl[4], ga[4];
    int st = row_loglik_gradient(j->model, th, j->x, j->t_x, j->T, gl);
    if (st != CLV_OK) {
        return st;
    }
    log_alive_term_gradient(j->model, th, j->x, j->T, ga);
    for (int i = 0; i < 4; i++) {
        grad[i] = pa * (ga[i] - gl[i]);
        if (!isfinite(grad[i])) {
            return CLV_ERANGE;
        }
    }
    return CLV_OK;
}

/* E = p (gamma + x zbar) / (p x + q - 1) (Fader & Hardie 2013, eq. 5): with D = p x + q - 1,
 * dE/dp = (gamma + x zbar) (q - 1) / D^2, dE/dq = -E / D, dE/dgamma = p / D. */
static int spend_gradient(const double *th, double x, double monetary, double *grad) {
    double p = th[0], q = th[1], gamma = th[2];
    double num = gamma + (x > 0.0 ? x * monetary : 0.0);
    double d = p * x + (q - 1.0);
    grad[0] = num * (q - 1.0) / (d * d);
    grad[1] = -p * num / (d * d);
    grad[2] = p / d;
    for (int i = 0; i < 3; i++) {
        if (!isfinite(grad[i])) {
            return CLV_ERANGE;
        }
    }
    return CLV_OK;
}

/* ---- checks ---------------------------------------------------------------------------- */

static int check_quantity(const clv_purchase_model *model, const clv_gg_params *spend_model,
                          int quantity, clv_diag *diag) {
    if (quantity < CLV_INTERVAL_P_ALIVE || quantity > CLV_INTERVAL_PROB_PURCHASES) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG, (double)quantity,
                             0.0);
    }
    if (quantity == CLV_INTERVAL_SPEND) {
        if (spend_model == NULL) {
            return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_PARAMS, CLV_RULE_MISSING, 0.0, 0.0);
        }
        return CLV_OK;
    }
    if (model == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_PARAMS, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (model->reserved != 0 || model->model < CLV_MODEL_BGNBD || model->model > CLV_MODEL_BGBB) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_PARAMS, CLV_RULE_BAD_FLAG,
                             (double)model->model, 0.0);
    }
    return CLV_OK;
}

static uint32_t params_of(int quantity, const clv_gg_params *spend_model) {
    if (quantity == CLV_INTERVAL_SPEND) {
        return 3;
    }
    return (quantity == CLV_INTERVAL_VALUE && spend_model != NULL) ? 7 : 4;
}

/* The gradient of a checked call (options read, quantity checked). */
static int gradient_of(const clv_purchase_model *model, const clv_gg_params *spend_model,
                       int quantity, const clv_interval_options *opt, double x, double t_x,
                       double T, double monetary, uint64_t done, uint64_t total,
                       double *estimate, double *grad, double *err, uint32_t *n_out) {
    job j;
    double theta[CLV_MAX_PARAMS];
    double g[CLV_MAX_PARAMS], e[CLV_MAX_PARAMS];
    double v;
    int st;
    memset(&j, 0, sizeof j);
    j.model = model != NULL ? model->model : 0;
    j.quantity = quantity;
    j.has_spend = (quantity == CLV_INTERVAL_VALUE && spend_model != NULL);
    j.n_params = params_of(quantity, spend_model);
    j.opt = opt;
    j.x = x;
    j.t_x = t_x;
    j.T = T;
    j.monetary = monetary;
    j.done = done;
    j.total = total;
    if (quantity == CLV_INTERVAL_SPEND) {
        theta[0] = spend_model->p;
        theta[1] = spend_model->q;
        theta[2] = spend_model->gamma;
    } else {
        memcpy(theta, model->params, sizeof model->params);
        if (j.has_spend) {
            theta[4] = spend_model->p;
            theta[5] = spend_model->q;
            theta[6] = spend_model->gamma;
        }
    }
    if ((st = evaluate(&j, theta, &v)) != CLV_OK) {
        return st;
    }
    memset(e, 0, sizeof e);
    if (quantity == CLV_INTERVAL_P_ALIVE) {
        st = p_alive_gradient(&j, theta, v, g);
    } else if (quantity == CLV_INTERVAL_SPEND) {
        st = spend_gradient(theta, x, monetary, g);
    } else {
        uint32_t n_num = 4;
        if (j.has_spend) {
            /* value = margin x spend x S(purchase parameters): the spend parameters enter
             * through spend alone. */
            double s, gs[3];
            if ((st = clv_gg_expected_spend(spend_model, x, monetary, &s)) != CLV_OK ||
                (st = spend_gradient(theta + 4, x, monetary, gs)) != CLV_OK) {
                return st;
            }
            for (int i = 0; i < 3; i++) {
                g[4 + i] = v / s * gs[i];
            }
        }
        for (uint32_t i = 0; i < n_num && st == CLV_OK; i++) {
            double d, de;
            st = richardson(&j, theta, i, &d, &de);
            g[i] = d / theta[i];
            e[i] = de / theta[i];
            /* up to 12 evaluations since the last call (issue 21: ~every 10 ms at most) */
            if (st == CLV_OK && opt->progress != NULL &&
                opt->progress(opt->user_data, j.done, j.total) != 0) {
                st = CLV_ECANCELED;
            }
        }
    }
    if (st != CLV_OK) {
        return st;
    }
    *estimate = v;
    memcpy(grad, g, sizeof(double) * j.n_params);
    if (err != NULL) {
        memcpy(err, e, sizeof(double) * j.n_params);
    }
    *n_out = j.n_params;
    return CLV_OK;
}

int clv_prediction_gradient(const clv_purchase_model *model, const clv_gg_params *spend_model,
                            int quantity, const clv_interval_options *options, double x, double t_x,
                            double T, double monetary, double *estimate, double *gradient,
                            double *gradient_error, uint32_t *n_params) {
    clv_interval_options opt;
    int st;
    if (estimate == NULL || gradient == NULL || n_params == NULL) {
        return CLV_EINVAL;
    }
    if ((st = read_options(options, &opt)) != CLV_OK) {
        return st;
    }
    if ((st = check_quantity(model, spend_model, quantity, opt.diag)) != CLV_OK) {
        return st;
    }
    double v, g[CLV_MAX_PARAMS], e[CLV_MAX_PARAMS];
    uint32_t n;
    if ((st = gradient_of(model, spend_model, quantity, &opt, x, t_x, T, monetary, 0, 1, &v, g,
                          e, &n)) != CLV_OK) {
        return st;
    }
    if (opt.progress != NULL && opt.progress(opt.user_data, 1, 1) != 0) {
        return CLV_ECANCELED; /* nothing written */
    }
    *estimate = v;
    memcpy(gradient, g, n * sizeof *g);
    if (gradient_error != NULL) {
        memcpy(gradient_error, e, n * sizeof *e);
    }
    *n_params = n;
    return CLV_OK;
}

/* ---- the interval ---------------------------------------------------------------------- */

/* Finite, symmetric (1e-8 of the largest diagonal entry, as clv_param_draws()) and positive
 * semi-definite: C + 1e-10 max_diag I has a Cholesky factor. The symmetric part into c. */
static int check_covariance(const double *cov, uint32_t n, double *c, clv_diag *diag) {
    double max_diag = 0.0;
    double l[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
    for (uint32_t k = 0; k < n * n; k++) {
        if (!isfinite(cov[k])) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_COVARIANCE, CLV_RULE_NOT_FINITE, k,
                                 cov[k], 0.0);
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        max_diag = fmax(max_diag, fabs(cov[i * n + i]));
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            if (fabs(cov[i * n + j] - cov[j * n + i]) > 1e-8 * max_diag) {
                return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_COVARIANCE, CLV_RULE_NOT_SYMMETRIC,
                                     (uint64_t)i * n + j, cov[i * n + j], cov[j * n + i]);
            }
            c[i * n + j] = 0.5 * (cov[i * n + j] + cov[j * n + i]);
        }
    }
    double shift = 1e-10 * max_diag;
    for (uint32_t j = 0; j < n; j++) {
        double d = c[j * n + j] + shift;
        for (uint32_t k = 0; k < j; k++) {
            d -= l[j * n + k] * l[j * n + k];
        }
        if (!(d > 0.0) && !(max_diag == 0.0 && d == 0.0)) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_COVARIANCE,
                                 CLV_RULE_NOT_POSITIVE_DEFINITE, j, d, 0.0);
        }
        double ljj = sqrt(d);
        l[j * n + j] = ljj;
        for (uint32_t i = j + 1; i < n; i++) {
            double s = c[i * n + j];
            for (uint32_t k = 0; k < j; k++) {
                s -= l[i * n + k] * l[j * n + k];
            }
            l[i * n + j] = ljj > 0.0 ? s / ljj : 0.0;
        }
    }
    return CLV_OK;
}

/* Largest se taken for rounding at a probability of exactly 0 or 1 (64 ulps of 1). */
#define CLV__EDGE_SE (64.0 * DBL_EPSILON)

/* The interval of a checked call: c the checked covariance. */
static int interval_of(double g, const double *grad, uint32_t n, const double *c,
                       const clv_interval_options *opt, double *lower, double *upper,
                       double *std_error) {
    double var = 0.0;
    if (!isfinite(g)) {
        return CLV_EDOM;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!isfinite(grad[i])) {
            return CLV_EDOM;
        }
        double s = 0.0;
        for (uint32_t k = 0; k < n; k++) {
            s += c[i * n + k] * grad[k];
        }
        var += grad[i] * s;
    }
    double se = sqrt(fmax(var, 0.0)); /* a PSD C within rounding */
    double z = clv__normal_two_sided_quantile(opt->level);
    double lo, hi;
    if (!isfinite(se)) {
        return CLV_ERANGE;
    }
    switch (opt->scale) {
    case CLV_INTERVAL_NATURAL:
        lo = g - z * se;
        hi = g + z * se;
        break;
    case CLV_INTERVAL_LOG:
        if (g < 0.0 || (g == 0.0 && se > 0.0)) {
            return CLV_EDOM;
        }
        if (g == 0.0) {
            lo = hi = 0.0;
        } else {
            double w = z * se / g;
            lo = g * exp(-w);
            hi = g * exp(w);
        }
        break;
    default: /* CLV_INTERVAL_LOGIT */
        /* A probability that is exactly 0 or 1 in doubles (BG/NBD P(alive) at x = 0, Pareto/NBD
         * at t_x = T) has a gradient that is 0 up to rounding: an se below
         * CLV__EDGE_SE is that rounding, and the interval is the point. */
        if (!(g >= 0.0 && g <= 1.0) || ((g == 0.0 || g == 1.0) && se > CLV__EDGE_SE)) {
            return CLV_EDOM;
        }
        if (g == 0.0 || g == 1.0) {
            lo = hi = g;
        } else {
            double w = z * se / (g * (1.0 - g));
            double lg = log(g / (1.0 - g));
            lo = 1.0 / (1.0 + exp(-(lg - w)));
            hi = 1.0 / (1.0 + exp(-(lg + w)));
        }
        break;
    }
    if (!isfinite(lo) || !isfinite(hi)) {
        return CLV_ERANGE;
    }
    *lower = lo;
    *upper = hi;
    if (std_error != NULL) {
        *std_error = se;
    }
    return CLV_OK;
}

int clv_delta_interval(double estimate, const double *gradient, uint32_t n_params,
                       const double *covariance, const clv_interval_options *options, double *lower,
                       double *upper, double *std_error) {
    clv_interval_options opt;
    double c[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
    int st;
    if (gradient == NULL || covariance == NULL || lower == NULL || upper == NULL) {
        return CLV_EINVAL;
    }
    if ((st = read_options(options, &opt)) != CLV_OK) {
        return st;
    }
    if (n_params == 0 || n_params > CLV_MAX_PARAMS) {
        return clv__diag_set(opt.diag, CLV_EINVAL, CLV_FIELD_PARAMS,
                             n_params == 0 ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX,
                             (double)n_params, n_params == 0 ? 1.0 : CLV_MAX_PARAMS);
    }
    if ((st = check_covariance(covariance, n_params, c, opt.diag)) != CLV_OK) {
        return st;
    }
    return interval_of(estimate, gradient, n_params, c, &opt, lower, upper, std_error);
}

/* The parameters of a call, checked once (a one-customer function with a valid history). */
static int check_model_params(const clv_purchase_model *model, const clv_gg_params *spend_model,
                              int quantity, clv_diag *diag) {
    for (int i = 0; quantity != CLV_INTERVAL_SPEND && i < 4; i++) {
        if (!(model->params[i] > 0.0) || !isfinite(model->params[i])) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_PARAMS, CLV_RULE_NOT_POSITIVE,
                                 (uint64_t)i, model->params[i], 0.0);
        }
    }
    if (spend_model != NULL && (quantity == CLV_INTERVAL_SPEND || quantity == CLV_INTERVAL_VALUE)) {
        const double g[3] = {spend_model->p, spend_model->q, spend_model->gamma};
        for (int i = 0; i < 3; i++) {
            if (!(g[i] > 0.0) || !isfinite(g[i])) {
                return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_PARAMS, CLV_RULE_NOT_POSITIVE,
                                     (uint64_t)i, g[i], 0.0);
            }
        }
    }
    return CLV_OK;
}

int clv_interval_rows(const clv_purchase_model *model, const clv_gg_params *spend_model,
                      int quantity, const double *covariance, const clv_interval_options *options,
                      const clv_rfm_view *data, double *lower, double *estimate, double *upper,
                      double *std_error, int32_t *row_status) {
    clv_interval_options opt;
    double c[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
    int st;
    if (covariance == NULL || data == NULL || lower == NULL || estimate == NULL || upper == NULL) {
        return CLV_EINVAL;
    }
    if ((st = read_options(options, &opt)) != CLV_OK) {
        return st;
    }
    int need_monetary = (quantity == CLV_INTERVAL_SPEND || quantity == CLV_INTERVAL_VALUE);
    int need_history = (quantity != CLV_INTERVAL_SPEND && quantity != CLV_INTERVAL_EXPECTED_NEW);
    if (data->count == 0 || data->x == NULL ||
        (need_history && (data->t_x == NULL || data->T == NULL)) ||
        (need_monetary && data->monetary == NULL)) {
        return clv__diag_set(opt.diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if ((st = check_quantity(model, spend_model, quantity, opt.diag)) != CLV_OK ||
        (st = check_model_params(model, spend_model, quantity, opt.diag)) != CLV_OK) {
        return st;
    }
    uint32_t n = params_of(quantity, spend_model);
    if ((st = check_covariance(covariance, n, c, opt.diag)) != CLV_OK) {
        return st;
    }
    if (row_status == NULL && need_history &&
        (st = clv_rfm_check(data, need_monetary && spend_model == NULL, NULL)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < data->count; i++) {
        double g[CLV_MAX_PARAMS], v, lo, hi, se;
        uint32_t n_row;
        double t_x = need_history ? data->t_x[i] : 0.0;
        double T = need_history ? data->T[i] : 0.0;
        double m = need_monetary ? data->monetary[i] : 0.0;
        st = gradient_of(model, spend_model, quantity, &opt, data->x[i], t_x, T, m, i,
                         data->count, &v, g, NULL, &n_row);
        if (st == CLV_ECANCELED) {
            return st; /* the rows before i written, this one and the rest untouched */
        }
        if (st == CLV_OK) {
            st = interval_of(v, g, n, c, &opt, &lo, &hi, &se);
        }
        if (row_status != NULL) {
            row_status[i] = st;
        }
        if (st != CLV_OK) {
            if (row_status == NULL) {
                return st;
            }
            continue;
        }
        lower[i] = lo;
        estimate[i] = v;
        upper[i] = hi;
        if (std_error != NULL) {
            std_error[i] = se;
        }
        if (opt.progress != NULL && opt.progress(opt.user_data, i + 1, data->count) != 0) {
            return CLV_ECANCELED;
        }
    }
    return CLV_OK;
}

/* ---- sBG (churn.h) --------------------------------------------------------------------- */

int clv_sbg_interval(const clv_sbg_params *params, const double *covariance, int quantity, double t,
                     double discount, const clv_interval_options *options, double *estimate,
                     double *lower, double *upper, double *std_error) {
    clv_interval_options opt;
    double c[4], theta[2], g[2], v, lo, hi, se;
    job j;
    int st;
    if (params == NULL || covariance == NULL || estimate == NULL || lower == NULL ||
        upper == NULL) {
        return CLV_EINVAL;
    }
    if ((st = read_options(options, &opt)) != CLV_OK) {
        return st;
    }
    if (quantity < CLV_SBG_INTERVAL_SURVIVAL || quantity > CLV_SBG_INTERVAL_DERL) {
        return clv__diag_set(opt.diag, CLV_EINVAL, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG,
                             (double)quantity, 0.0);
    }
    if ((st = check_covariance(covariance, 2, c, opt.diag)) != CLV_OK) {
        return st;
    }
    memset(&j, 0, sizeof j);
    j.quantity = SBG_BASE + quantity;
    j.n_params = 2;
    j.opt = &opt;
    j.x = t;
    j.monetary = discount;
    theta[0] = params->alpha;
    theta[1] = params->beta;
    if ((st = evaluate(&j, theta, &v)) != CLV_OK) {
        return st;
    }
    for (uint32_t i = 0; i < 2; i++) {
        double d, e;
        if ((st = richardson(&j, theta, i, &d, &e)) != CLV_OK) {
            return st;
        }
        g[i] = d / theta[i];
    }
    if ((st = interval_of(v, g, 2, c, &opt, &lo, &hi, &se)) != CLV_OK) {
        return st;
    }
    *estimate = v;
    *lower = lo;
    *upper = hi;
    if (std_error != NULL) {
        *std_error = se;
    }
    return CLV_OK;
}

/* ---- Bass forecasts (referral.h) ----------------------------------------------------------- */

/* Times between two calls of the progress callback (each a fraction of a microsecond). */
#define BASS_TIMES_PER_PROGRESS 4096

/* h(x) = x - (1 - e^-x) >= 0, for x >= 0: its Taylor series sum_(k>=2) (-x)^k / k! below 0.01
 * (the first term left out is below 1e-16 of the sum), x + expm1(-x) above (relative error
 * ~1e-13 at worst, at x = 0.01). */
static double bass_h(double x) {
    if (x < 0.01) {
        return x * x *
               (1.0 / 2 - x * (1.0 / 6 - x * (1.0 / 24 - x * (1.0 / 120 - x * (1.0 / 720 -
                                                                               x / 5040.0)))));
    }
    return x + expm1(-x);
}

/* d log S(u) / dp and / dq of the survivor share S(u) = 1 - F(u) = s E / D. */
static void bass_log_surv_gradient(double p, double q, double u, double *gp, double *gq) {
    double s = p + q;
    double e = (u == 0.0) ? 1.0 : exp(-s * u);
    double d = p + q * e;
    double qte = q * (u * e);
    *gp = 1.0 / s - u - (1.0 - qte) / d;
    *gq = 1.0 / s - u - (e - qte) / d;
}

/*
 * A Bass forecast at time t (checked) and its gradient in (p, q, m). Bass (1969): F(t) =
 * (1 - E) / (1 + (q/p) E) = p u / D with E = e^{-st}, u = 1 - E, D = p + q E, s = p + q.
 * - Cumulative N = m F: dF/dp = (E/D) (q u + p s t) / D and dF/dq = (p/D) (E/D) h(st), h(x) =
 *   x - 1 + e^-x, both sums of non-negative terms (no cancellation near the launch or in the
 *   tail), dN/dm = F.
 * - Period (t-1, t]: m S(t-1) (1 - e^{-s}) p / D(t), the form of clv_bass_adopters(); the sum
 *   of its factors' log-derivatives times the value.
 * - Rate m f = m s^2 p E / D^2: d log/dp = 2/s + 1/p - t - 2 (1 - q t E)/D, d log/dq = 2/s -
 *   t - 2 (E - q t E)/D.
 */
static int bass_gradient(const clv_bass_params *b, int quantity, double t, double *v,
                         double *g) {
    double p = b->p, q = b->q, m = b->m, s = p + q;
    double val, share;
    int st;
    if (quantity == CLV_BASS_FORECAST_CUMULATIVE) {
        if ((st = clv_bass_cumulative(b, t, &share)) != CLV_OK) {
            return st;
        }
        double x = s * t;
        double e = exp(-x);
        double d = p + q * e;
        double u = -expm1(-x);
        val = m * share;
        g[0] = m * ((e / d) * (q * u + p * x) / d);
        g[1] = m * ((p / d) * (e / d) * bass_h(x));
        g[2] = share;
    } else if (quantity == CLV_BASS_FORECAST_PERIOD) {
        if ((st = clv_bass_adopters(b, t - 1.0, t, &val)) != CLV_OK) {
            return st;
        }
        double gp, gq;
        bass_log_surv_gradient(p, q, t - 1.0, &gp, &gq);
        double e2 = exp(-s * t);
        double d2 = p + q * e2;
        double qte = q * (t * e2);
        double grow = 1.0 / expm1(s); /* d log(1 - e^{-s}) / ds */
        g[0] = val * (gp + grow + 1.0 / p - (1.0 - qte) / d2);
        g[1] = val * (gq + grow - (e2 - qte) / d2);
        g[2] = val / m;
    } else {
        if ((st = clv_bass_density(b, t, &share)) != CLV_OK) {
            return st;
        }
        double e = (t == 0.0) ? 1.0 : exp(-s * t);
        double d = p + q * e;
        double qte = q * (t * e);
        val = m * share;
        g[0] = val * (2.0 / s + 1.0 / p - t - 2.0 * (1.0 - qte) / d);
        g[1] = val * (2.0 / s - t - 2.0 * (e - qte) / d);
        g[2] = share;
    }
    if (!isfinite(val) || !isfinite(g[0]) || !isfinite(g[1]) || !isfinite(g[2])) {
        return CLV_ERANGE;
    }
    *v = val;
    return CLV_OK;
}

/* The parameters and times of a call; the first bad one into diag. */
static int bass_check(const clv_bass_params *b, int quantity, const double *times,
                      size_t n_times, clv_diag *diag) {
    const double th[3] = {b->p, b->q, b->m};
    for (uint64_t i = 0; i < 3; i++) {
        int ok = isfinite(th[i]) && (i == 1 ? th[i] >= 0.0 : th[i] > 0.0);
        if (!ok) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_PARAMS,
                                 !isfinite(th[i]) ? CLV_RULE_NOT_FINITE
                                 : i == 1         ? CLV_RULE_NEGATIVE
                                                  : CLV_RULE_NOT_POSITIVE,
                                 i, th[i], 0.0);
        }
    }
    if (!isfinite(b->p + b->q)) {
        return clv__diag_set(diag, CLV_ERANGE, CLV_FIELD_PARAMS, CLV_RULE_OVERFLOW, b->q, 0.0);
    }
    double min_t = (quantity == CLV_BASS_FORECAST_PERIOD) ? 1.0 : 0.0;
    for (size_t i = 0; i < n_times; i++) {
        double t = times[i];
        if (!isfinite(t)) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_TIME, CLV_RULE_NOT_FINITE, i, t, 0.0);
        }
        if (!(t >= min_t)) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_TIME,
                                 min_t > 0.0 ? CLV_RULE_BELOW_MIN : CLV_RULE_NEGATIVE, i, t,
                                 min_t);
        }
    }
    return CLV_OK;
}

/*
 * The covariance checked as clv_delta_interval() does, then again in its correlation form c =
 * C_ij / (sd_i sd_j), sd_i = sqrt(C_ii) (1 for a zero variance), which is what the interval
 * uses (with the gradient times sd): a Bass covariance spans ~1e-6 (p) to ~1e7 (m), and the
 * first check's allowance of 1e-10 of the largest variance would hide a p-q block that is not
 * positive semi-definite. g' C g is unchanged.
 */
static int bass_covariance(const double *cov, double *c, double *sd, clv_diag *diag) {
    double sym[9];
    int st;
    if ((st = check_covariance(cov, 3, sym, diag)) != CLV_OK) {
        return st;
    }
    for (int i = 0; i < 3; i++) {
        sd[i] = sym[i * 4] > 0.0 ? sqrt(sym[i * 4]) : 1.0;
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            sym[i * 3 + j] /= sd[i] * sd[j];
        }
    }
    return check_covariance(sym, 3, c, diag);
}

int clv_bass_interval(const clv_bass_params *params, const double *covariance, int quantity,
                      const double *times, size_t n_times, const clv_interval_options *options,
                      double *estimate, double *lower, double *upper, double *std_error) {
    clv_interval_options opt;
    double c[9], sd[3];
    int st;
    if (params == NULL || covariance == NULL || times == NULL || estimate == NULL ||
        lower == NULL || upper == NULL) {
        return CLV_EINVAL;
    }
    if ((st = read_options(options, &opt)) != CLV_OK) {
        return st;
    }
    if (n_times == 0) {
        return clv__diag_set(opt.diag, CLV_EINVAL, CLV_FIELD_TIME, CLV_RULE_EMPTY, 0.0, 1.0);
    }
    if (quantity < CLV_BASS_FORECAST_CUMULATIVE || quantity > CLV_BASS_FORECAST_RATE) {
        return clv__diag_set(opt.diag, CLV_EINVAL, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG,
                             (double)quantity, 0.0);
    }
    if ((st = bass_check(params, quantity, times, n_times, opt.diag)) != CLV_OK ||
        (st = bass_covariance(covariance, c, sd, opt.diag)) != CLV_OK) {
        return st;
    }
    /* Pass 0 finds any error before anything is written; pass 1 writes. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n_times; i++) {
            double v = 0.0, g[3], lo, hi, se;
            st = bass_gradient(params, quantity, times[i], &v, g);
            if (st == CLV_OK) {
                for (int k = 0; k < 3; k++) {
                    g[k] *= sd[k]; /* the gradient for the correlation form c */
                }
                st = interval_of(v, g, 3, c, &opt, &lo, &hi, &se);
            }
            if (st != CLV_OK) {
                return clv__diag_row(opt.diag, st, CLV_FIELD_TIME,
                                     st == CLV_ERANGE ? CLV_RULE_OVERFLOW : CLV_RULE_ABOVE_MAX,
                                     i, times[i], 0.0);
            }
            if (pass == 1) {
                estimate[i] = v;
                lower[i] = lo;
                upper[i] = hi;
                if (std_error != NULL) {
                    std_error[i] = se;
                }
            }
            if (opt.progress != NULL &&
                ((i + 1) % BASS_TIMES_PER_PROGRESS == 0 || i + 1 == n_times) &&
                opt.progress(opt.user_data, (uint64_t)pass * n_times + i + 1,
                             2 * (uint64_t)n_times) != 0) {
                return CLV_ECANCELED;
            }
        }
    }
    return CLV_OK;
}
