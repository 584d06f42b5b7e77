/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Gamma-Gamma model of monetary value (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4);
 * Fader & Hardie 2013, "The Gamma-Gamma model of monetary value", note 025): the likelihood of
 * the customers' mean transaction values (note, eq. 3) with its gradient, the fit, and the
 * conditional expected mean transaction value (eq. 5).
 */
#include <math.h>
#include <string.h>

#include "clv.h"
#include "clv/fit.h"
#include "clv/kernels.h"
#include "core/diag.h"
#include "core/validate.h"
#include "math/special.h"

/*
 * log f(zbar | x) = lnG(px+q) - lnG(px) - lnG(q) + q ln gamma + (px-1) ln zbar + px ln x
 *                   - (px+q) ln(gamma + x zbar),
 * d/dp = x [psi(px+q) - psi(px) + ln(x zbar / (gamma + x zbar))],
 * d/dq = psi(px+q) - psi(q) - ln(1 + x zbar / gamma),
 * d/dgamma = q/gamma - (px+q)/(gamma + x zbar).
 * The terms -lnG(q) + q ln gamma, -psi(q) and q/gamma are the same for every customer and are
 * added once, times the total weight.
 */
/* The terms of a row that depend on x alone, computed once per distinct x < X_TABLE (real
 * tables have few: CDNOW's 946 repeat customers have 30 values of x). */
#define X_TABLE 256

typedef struct x_terms {
    double lg;     /* lnG(px+q) - lnG(px) */
    double dg;     /* psi(px+q) - psi(px) */
    double dg_pq;  /* psi(px+q) */
    double tg;     /* psi'(px+q) - psi'(px) */
    double tg_pq;  /* psi'(px+q) */
    double log_x;  /* ln x */
} x_terms;

static void x_terms_of(double p, double q, double x, x_terms *t) {
    double px = p * x;
    t->lg = clv__lgamma_ratio(px, q);
    t->dg = clv__digamma_diff(px, q);
    t->dg_pq = clv__digamma(px + q);
    t->tg_pq = clv__trigamma(px + q);
    t->tg = t->tg_pq - clv__trigamma(px);
    t->log_x = log(x);
}

/*
 * The Hessian (when hess is not null; it needs grad), per row:
 *   d2/dp2 = x^2 [psi'(px+q) - psi'(px)],   d2/dpdq = x psi'(px+q),
 *   d2/dpdgamma = -x/(gamma + x zbar),      d2/dq2 = psi'(px+q) - psi'(q),
 *   d2/dqdgamma = 1/gamma - 1/(gamma + x zbar),
 *   d2/dgamma2 = -q/gamma^2 + (px+q)/(gamma + x zbar)^2.
 */
static double loglik_sum(const double *theta, const clv_rfm_view *d, double *grad,
                         double *hess) {
    double p = theta[0], q = theta[1], gamma = theta[2];
    double ll = 0.0;
    double g[3] = {0.0, 0.0, 0.0};
    double h[6] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0}; /* 00 01 02 11 12 22 */
    double total = 0.0;
    double log_gamma = log(gamma);
    x_terms table[X_TABLE];
    unsigned char filled[X_TABLE];
    memset(filled, 0, sizeof filled);
    for (size_t i = 0; i < d->count; i++) {
        double x = d->x[i];
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        if (x == 0.0 || w == 0.0) {
            continue;
        }
        x_terms own;
        const x_terms *t = &own;
        if (x < X_TABLE) {
            int xi = (int)x;
            if (!filled[xi]) {
                x_terms_of(p, q, x, &table[xi]);
                filled[xi] = 1;
            }
            t = &table[xi];
        } else {
            x_terms_of(p, q, x, &own);
        }
        double m = d->monetary[i];
        double px = p * x;
        double log_m = log(m);
        double log_gxm = log(gamma + x * m);
        ll += w * (t->lg + (px - 1.0) * log_m + px * t->log_x - (px + q) * log_gxm);
        if (grad != NULL) {
            g[0] += w * x * (t->dg + t->log_x + log_m - log_gxm);
            /* ln(1 + x zbar/gamma): log1p where the difference of logs would cancel */
            double ratio = x * m / gamma;
            g[1] += w * (t->dg_pq - ((ratio < 0.5) ? log1p(ratio) : log_gxm - log_gamma));
            double inv = 1.0 / (gamma + x * m);
            g[2] += w * (-(px + q) * inv);
            if (hess != NULL) {
                h[0] += w * x * x * t->tg;
                h[1] += w * x * t->tg_pq;
                h[2] -= w * x * inv;
                h[3] += w * t->tg_pq;
                h[4] -= w * inv;
                h[5] += w * (px + q) * inv * inv;
            }
        }
        total += w;
    }
    ll += total * (q * log_gamma - clv__lgamma(q));
    if (grad != NULL) {
        g[1] += total * -clv__digamma(q); /* ln gamma cancels against ln(gamma + x zbar) */
        g[2] += total * q / gamma;
        memcpy(grad, g, sizeof g);
    }
    if (hess != NULL) {
        h[3] -= total * clv__trigamma(q);
        h[4] += total / gamma;
        h[5] -= total * q / (gamma * gamma);
        static const int up[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                hess[3 * i + j] = h[up[i][j]];
            }
        }
    }
    return ll;
}

static int check_params(const clv_gg_params *p) {
    const double theta[3] = {p->p, p->q, p->gamma};
    return clv__check_params(theta, 3);
}

/*
 * The columns the model reads: count > 0, x and monetary (CLV_EINVAL when missing); x a whole
 * number >= 0, monetary finite and > 0 where x > 0, weight (optional) finite and >= 0
 * (CLV_EDOM) -- the rules clv_rfm_check() applies to these columns. t_x and T are not read,
 * so they may be null (a spend table from a GROUP BY x, zbar needs no purchase history); when
 * both are given the rows are checked as clv_rfm_check() checks them, so a table is valid here
 * exactly when it is for the purchase models. *repeat is set to 1 when some row has x > 0 and
 * weight > 0: without one the data carry no information on p, q, gamma.
 */
static int check_data(const clv_rfm_view *data, int *repeat, clv_diag *diag) {
    int st;
    clv__diag_clear(diag);
    if (data->count == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if (data->x == NULL || data->monetary == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, (data->x == NULL) ? CLV_FIELD_X : CLV_FIELD_MONETARY,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (data->t_x != NULL && data->T != NULL &&
        (st = clv_rfm_check_diag(data, 1, diag)) != CLV_OK) {
        return st;
    }
    int any = 0;
    for (size_t i = 0; i < data->count; i++) {
        double x = data->x[i];
        double m = data->monetary[i];
        double w = (data->weight != NULL) ? data->weight[i] : 1.0;
        if (!(x >= 0.0) || !isfinite(x) || floor(x) != x) {
            int rule = !isfinite(x) ? CLV_RULE_NOT_FINITE
                       : (x < 0.0)  ? CLV_RULE_NEGATIVE
                                    : CLV_RULE_NOT_WHOLE;
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_X, rule, i, x, 0.0);
        }
        if (clv__check_nonneg(w) != CLV_OK) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_WEIGHT,
                                 isfinite(w) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE, i, w, 0.0);
        }
        if (clv__check_finite(m) != CLV_OK || (x > 0.0 && !(m > 0.0))) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_MONETARY,
                                 isfinite(m) ? CLV_RULE_NOT_POSITIVE : CLV_RULE_NOT_FINITE, i, m,
                                 0.0);
        }
        any |= (x > 0.0 && w > 0.0);
    }
    *repeat = any;
    return CLV_OK;
}

int clv_gg_loglik(const clv_gg_params *params, const clv_rfm_view *data, double *loglik,
                  double *gradient) {
    int st;
    if (params == NULL || data == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    int repeat;
    if ((st = check_params(params)) != CLV_OK || (st = check_data(data, &repeat, NULL)) != CLV_OK) {
        return st;
    }
    const double theta[3] = {params->p, params->q, params->gamma};
    double g[3];
    double ll = loglik_sum(theta, data, g, NULL);
    return clv__loglik_out(ll, g, 3, loglik, gradient);
}

static double fit_part(const void *theta, const clv_rfm_view *rows, double *g, double *h) {
    return loglik_sum((const double *)theta, rows, g, h);
}

/* The fit's evaluation, in chunks of rows that consult the progress callback (fit.h). */
static int fit_eval(const void *ctx, const double *theta, double *loglik, double *gradient,
                    double *hessian, clv__ticker *tick) {
    double ll;
    if (clv__sum_rows((const clv_rfm_view *)ctx, 3, fit_part, theta, 1, tick, &ll, gradient,
                      hessian) != CLV_OK) {
        return CLV_ECANCELED;
    }
    *loglik = isfinite(ll) ? ll : -INFINITY;
    return CLV_OK;
}

int clv_gg_fit(const clv_rfm_view *data, const clv_fit_options *options, clv_gg_params *params,
               clv_fit_report *report) {
    int st;
    double theta[CLV_MAX_PARAMS];
    if (data == NULL || params == NULL) {
        return CLV_EINVAL;
    }
    int repeat;
    clv_diag *diag = clv__fit_diag(options);
    if ((st = check_data(data, &repeat, diag)) != CLV_OK) {
        return st;
    }
    if (!repeat) {
        /* No customer with x > 0: the likelihood is flat (0 everywhere) and any point would
         * "converge". The data cannot identify the model. */
        return clv__diag_set(diag, CLV_EIDENT, CLV_FIELD_X, CLV_RULE_NO_REPEAT_BUYER, 0.0, 0.0);
    }
    /* Rows are packed by (x, zbar), the only columns read: t_x and T, which may be null, are
     * replaced by x in the key (and in the packed view, where nothing reads them). */
    clv_rfm_view keyed = *data;
    keyed.t_x = data->x;
    keyed.T = data->x;
    clv__packed pk = {{0}, NULL};
    const clv_rfm_view *rows = clv__pack_rows(&keyed, 1, options, &pk) ? &pk.view : data;
    st = clv__fit_run_newton(CLV_MODEL_GG, options, fit_eval, rows, theta, report);
    clv__unpack(options, &pk);
    if (st == CLV_OK || st == CLV_ENOCONV || st == CLV_ECANCELED) {
        params->p = theta[0];
        params->q = theta[1];
        params->gamma = theta[2];
    }
    return st;
}

/* a + b = s + *err exactly (Knuth's two-sum, TAOCP vol. 2, 4.2.2). */
static double two_sum(double a, double b, double *err) {
    double s = a + b;
    double bb = s - a;
    *err = (a - (s - bb)) + (b - bb);
    return s;
}

int clv_gg_expected_spend(const clv_gg_params *params, double x, double monetary, double *spend) {
    int st;
    if (params == NULL || spend == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK) {
        return st;
    }
    return clv__gg_spend_row(params, x, monetary, spend);
}

int clv__gg_spend_row(const clv_gg_params *params, double x, double monetary, double *spend) {
    int st;
    if (!(x >= 0.0) || !isfinite(x) || floor(x) != x) {
        return CLV_EDOM;
    }
    if (x > 0.0 && (clv__check_positive(monetary) != CLV_OK)) {
        return CLV_EDOM;
    }
    /* shape - 1 = p x + q - 1 (shape the posterior shape of nu), exactly up to one rounding:
     * p x as a double-double (fma), q - 1 by two-sum. Formed as (p x + q) - 1 it kept few
     * digits when it is small (p = 0.3, q = 0.7000001: 5e-10 relative; nearer, any error),
     * and its sign decides whether the mean exists. */
    double px = params->p * x;
    double px_lo = fma(params->p, x, -px);
    double qm1_lo, u_lo;
    double qm1 = two_sum(params->q, -1.0, &qm1_lo);
    double u = two_sum(px, qm1, &u_lo);
    double den = u + (u_lo + (px_lo + qm1_lo));
    double ps = params->p;
    if (!isfinite(px) || !isfinite(den)) {
        /* p x or p x + q overflows (p = 1e306, x = 1e4) while the mean, a weighted mean of
         * gamma/x-ish and zbar, does not: the same ratios with p and q - 1 scaled by 2^-64
         * (exact), where the sign of p x + q - 1 is no longer close. */
        const double c = 0x1p-64;
        ps = params->p * c;
        px = ps * x;
        den = px + (params->q * c - c);
    }
    if (!(den > 0.0)) {
        return CLV_EDOM;
    }
    /* p (gamma + x zbar) / den as weights on gamma and zbar, so that x zbar overflowing
     * (zbar = 1e305, x = 1e5) does not make a representable mean (~zbar) an error. */
    double mean = (ps / den) * params->gamma;
    if (x > 0.0) {
        mean += (px / den) * monetary;
    }
    if ((st = clv__check_result(mean)) != CLV_OK) {
        return st;
    }
    *spend = mean;
    return CLV_OK;
}
