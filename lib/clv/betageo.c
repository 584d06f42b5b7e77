/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The beta-geometric family shared by BG/NBD and MBG/NBD (see betageo.h): likelihood with its
 * analytic gradient, fit, P(alive), conditional and unconditional expected purchases and
 * P(X(t) = n), written for BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way", Marketing Science 24(2) 275-284, eqs. 6, 7, 8, 10; note 021 for P(alive)) with the
 * Beta indices shifted by `shift` (1 for MBG/NBD, Batislam, Denizel & Filiztekin 2007, whose
 * customers may also drop out at time 0: b becomes b + 1 in every Beta function, and the
 * second likelihood term is present for x = 0 too).
 */
#include "clv/betageo.h"

#include <math.h>
#include <string.h>

#include "clv/fit.h"
#include "core/validate.h"
#include "math/special.h"

/* ---- likelihood --------------------------------------------------------------------------- */

/*
 * The log-likelihood of one customer (eq. 6), written with k = x + shift as
 *   l = [lnG(r+x) - lnG(r) + r ln alpha] + C(k) + log(e^u1 + [k > 0] e^u2),
 *   C(k) = lnG(a+b) + lnG(b+k) - lnG(b) - lnG(a+b+k)            (the Beta-function ratio),
 *   u1 = -(r+x) ln(alpha+T),   u2 = ln a - ln(b+k-1) - (r+x) ln(alpha+t_x),
 * since B(a+1, b+k-1)/B(a, b+k) = a/(b+k-1). Every term that depends on x alone is shared by
 * all customers with that x: for x < X_TABLE they come from a table built by the recurrences
 * lnG(y+1) = lnG(y) + ln y and psi(y+1) = psi(y) + 1/y, so a table of customers pays a few
 * logarithms per row, not a dozen log-gamma and digamma calls.
 */
#define X_TABLE 256

typedef struct x_terms {
    int filled;                      /* rows 0..filled-1 are valid */
    double lg_r[X_TABLE];            /* lnG(r+x) - lnG(r) */
    double dg_r[X_TABLE];            /* psi(r+x) - psi(r) */
    double tg_r[X_TABLE];            /* psi'(r+x) - psi'(r) */
    double c[X_TABLE];               /* C(x) */
    double dc_a[X_TABLE];            /* dC/da = psi(a+b) - psi(a+b+x) */
    double dc_b[X_TABLE];            /* dC/db = psi(a+b) + psi(b+x) - psi(b) - psi(a+b+x) */
    double tc_a[X_TABLE];            /* d2C/da2 = d2C/dadb = psi'(a+b) - psi'(a+b+x) */
    double tc_b[X_TABLE];            /* d2C/db2 = tc_a + psi'(b+x) - psi'(b) */
    double log_b1[X_TABLE];          /* ln(b+x-1), x >= 1 */
    double inv_b1[X_TABLE];          /* 1/(b+x-1), x >= 1 */
    double lg_b, lg_ab, dg_b, dg_ab; /* running sums for the last filled row */
    double tg_b, tg_ab;
} x_terms;

typedef struct model {
    double r, alpha, a, b;
    double log_alpha, log_a;
    int shift; /* 0 BG/NBD, 1 MBG/NBD */
} model;

static void model_from(model *m, const double *theta, int shift) {
    m->r = theta[0];
    m->alpha = theta[1];
    m->a = theta[2];
    m->b = theta[3];
    m->log_alpha = log(m->alpha);
    m->log_a = log(m->a);
    m->shift = shift;
}

/* Terms of one x: the r terms at x and the Beta terms at k = x + shift, from the table when
 * k < X_TABLE (extending it as needed), else directly. The second-derivative terms use the
 * recurrence psi'(y+1) = psi'(y) - 1/y^2. */
typedef struct x_row {
    double lg_r, dg_r, tg_r, c, dc_a, dc_b, tc_a, tc_b, log_b1, inv_b1;
} x_row;

static void x_terms_init(x_terms *xt) {
    xt->filled = 0;
    xt->lg_b = xt->lg_ab = xt->dg_b = xt->dg_ab = xt->tg_b = xt->tg_ab = 0.0;
}

static void x_row_of(const model *m, x_terms *xt, double x, x_row *out) {
    double k_beta = x + m->shift;
    if (k_beta < X_TABLE) {
        int xi = (int)x;
        int bi = (int)k_beta;
        while (xt->filled <= bi) {
            int k = xt->filled;
            if (k == 0) {
                xt->lg_r[0] = xt->dg_r[0] = xt->tg_r[0] = 0.0;
                xt->c[0] = xt->dc_a[0] = xt->dc_b[0] = xt->tc_a[0] = xt->tc_b[0] = 0.0;
                xt->log_b1[0] = xt->inv_b1[0] = 0.0; /* unused: k = 0 has no second term */
            } else {
                double y = (double)(k - 1);
                double lb = log(m->b + y);
                double ir = 1.0 / (m->r + y);
                double ib = 1.0 / (m->b + y);
                double iab = 1.0 / (m->a + m->b + y);
                xt->lg_r[k] = xt->lg_r[k - 1] + log(m->r + y);
                xt->dg_r[k] = xt->dg_r[k - 1] + ir;
                xt->tg_r[k] = xt->tg_r[k - 1] - ir * ir;
                xt->lg_b += lb;
                xt->lg_ab += log(m->a + m->b + y);
                xt->dg_b += ib;
                xt->dg_ab += iab;
                xt->tg_b += ib * ib;
                xt->tg_ab += iab * iab;
                xt->c[k] = xt->lg_b - xt->lg_ab;
                xt->dc_a[k] = -xt->dg_ab;
                xt->dc_b[k] = xt->dg_b - xt->dg_ab;
                xt->tc_a[k] = xt->tg_ab;
                xt->tc_b[k] = xt->tg_ab - xt->tg_b;
                xt->log_b1[k] = lb;
                xt->inv_b1[k] = ib;
            }
            xt->filled = k + 1;
        }
        out->lg_r = xt->lg_r[xi];
        out->dg_r = xt->dg_r[xi];
        out->tg_r = xt->tg_r[xi];
        out->c = xt->c[bi];
        out->dc_a = xt->dc_a[bi];
        out->dc_b = xt->dc_b[bi];
        out->tc_a = xt->tc_a[bi];
        out->tc_b = xt->tc_b[bi];
        out->log_b1 = xt->log_b1[bi];
        out->inv_b1 = xt->inv_b1[bi];
        return;
    }
    double ab = m->a + m->b;
    out->lg_r = clv__lgamma_ratio(m->r, x);
    out->dg_r = clv__digamma_diff(m->r, x);
    out->tg_r = clv__trigamma(m->r + x) - clv__trigamma(m->r);
    out->c = clv__lgamma_ratio(m->b, k_beta) - clv__lgamma_ratio(ab, k_beta);
    out->dc_a = -clv__digamma_diff(ab, k_beta);
    out->dc_b = clv__digamma_diff(m->b, k_beta) - clv__digamma_diff(ab, k_beta);
    out->tc_a = clv__trigamma(ab) - clv__trigamma(ab + k_beta);
    out->tc_b = out->tc_a + clv__trigamma(m->b + k_beta) - clv__trigamma(m->b);
    out->log_b1 = log(m->b + k_beta - 1.0);
    out->inv_b1 = 1.0 / (m->b + k_beta - 1.0);
}

/*
 * Sum of weight x log-likelihood over the rows, its gradient (may be null) and its Hessian
 * (4 x 4 row-major; may be null, and needs the gradient). The rows are valid. log(alpha + T)
 * is cached across rows with the same T (tables sorted or grouped by cohort repeat T often).
 *
 * With w2 = e^u2 / (e^u1 + e^u2) and w1 = 1 - w2 (the mixture weights of the last term), the
 * row's gradient is dA + w1 du1 + w2 du2 and its Hessian
 *   d2A + w1 d2u1 + w2 d2u2 + w1 w2 (du1 - du2)(du1 - du2)',
 * A the terms outside the logarithm; u1, u2 and their derivatives are elementary.
 */
static double loglik_sum(const model *m, const clv_rfm_view *d, double *grad, double *hess) {
    x_terms xt;
    x_terms_init(&xt);
    double ll = 0.0;
    double g[4] = {0.0, 0.0, 0.0, 0.0};
    double h[10] = {0}; /* upper triangle: 00 01 02 03 11 12 13 22 23 33 */
    double last_T = NAN;
    double log_aT = 0.0;
    double inv_aT = 0.0;
    double inv_a = 1.0 / m->a;
    double inv_alpha = 1.0 / m->alpha;
    for (size_t i = 0; i < d->count; i++) {
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        if (w == 0.0) {
            continue;
        }
        double x = d->x[i];
        double T = d->T[i];
        if (T != last_T) {
            last_T = T;
            log_aT = log(m->alpha + T);
            inv_aT = 1.0 / (m->alpha + T);
        }
        x_row xr;
        x_row_of(m, &xt, x, &xr);
        double rx = m->r + x;
        double u1 = -rx * log_aT;
        double l = xr.lg_r + m->r * m->log_alpha + xr.c;
        double w2 = 0.0; /* weight of the second term in the mixture */
        double log_at = 0.0;
        if (x + m->shift > 0.0) {
            log_at = log(m->alpha + d->t_x[i]);
            double u2 = m->log_a - xr.log_b1 - rx * log_at;
            double e = exp(-fabs(u1 - u2));
            double inv = 1.0 / (1.0 + e);
            if (u2 >= u1) {
                l += u2 + log1p(e);
                w2 = inv;
            } else {
                l += u1 + log1p(e);
                w2 = e * inv;
            }
        } else {
            l += u1;
        }
        ll += w * l;
        if (grad == NULL) {
            continue;
        }
        double w1 = 1.0 - w2;
        double inv_at = (w2 != 0.0) ? 1.0 / (m->alpha + d->t_x[i]) : 0.0;
        /* du1 = (-ln(alpha+T), -(r+x)/(alpha+T), 0, 0); du2 = (-ln(alpha+t_x),
         * -(r+x)/(alpha+t_x), 1/a, -1/(b+k-1)). */
        double d1r = -log_aT, d1al = -rx * inv_aT;
        double d2r = -log_at, d2al = -rx * inv_at, d2a = inv_a, d2b = -xr.inv_b1;
        g[0] += w * (xr.dg_r + m->log_alpha + w1 * d1r + w2 * d2r);
        g[1] += w * (m->r * inv_alpha + w1 * d1al + w2 * d2al);
        g[2] += w * (xr.dc_a + w2 * d2a);
        g[3] += w * (xr.dc_b + w2 * d2b);
        if (hess == NULL) {
            continue;
        }
        double ww = w * w1 * w2;
        double er = d1r - d2r, eal = d1al - d2al, ea = -d2a, eb = -d2b;
        h[0] += w * xr.tg_r + ww * er * er;
        h[1] += w * (inv_alpha - w1 * inv_aT - w2 * inv_at) + ww * er * eal;
        h[2] += ww * er * ea;
        h[3] += ww * er * eb;
        h[4] += w * (-m->r * inv_alpha * inv_alpha + rx * (w1 * inv_aT * inv_aT +
                                                           w2 * inv_at * inv_at)) +
                ww * eal * eal;
        h[5] += ww * eal * ea;
        h[6] += ww * eal * eb;
        h[7] += w * (xr.tc_a - w2 * inv_a * inv_a) + ww * ea * ea;
        h[8] += w * xr.tc_a + ww * ea * eb;
        h[9] += w * (xr.tc_b + w2 * xr.inv_b1 * xr.inv_b1) + ww * eb * eb;
    }
    if (grad != NULL) {
        memcpy(grad, g, sizeof g);
    }
    if (hess != NULL) {
        static const int up[4][4] = {{0, 1, 2, 3}, {1, 4, 5, 6}, {2, 5, 7, 8}, {3, 6, 8, 9}};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                hess[4 * i + j] = h[up[i][j]];
            }
        }
    }
    return ll;
}

/* ---- predictions -------------------------------------------------------------------------- */

/* log of the odds (1 - P(alive))/P(alive) = [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x),
 * given ln(b + shift + x - 1) (the array paths take it from a table). */
static double dead_odds_from(const model *p, double x, double t_x, double T, double log_b1) {
    /* ((alpha+T)/(alpha+t_x))^(r+x) is exactly 1 when t_x = T, whatever r + x (even inf). */
    double growth = (T > t_x) ? (p->r + x) * log1p((T - t_x) / (p->alpha + t_x)) : 0.0;
    return p->log_a - log_b1 + growth;
}

static double log_dead_odds(const model *p, double x, double t_x, double T) {
    if (x + p->shift == 0.0) {
        return -INFINITY;
    }
    return dead_odds_from(p, x, t_x, T, log(p->b + p->shift + x - 1.0));
}

static double p_alive(const model *p, double x, double t_x, double T) {
    double lo = log_dead_odds(p, x, t_x, T);
    return 1.0 / (1.0 + exp(lo)); /* exp(-inf) = 0; exp(+inf) = inf gives 0 */
}

/*
 * For scoring a table: ln(b + k - 1), k = x + shift, from a table filled as far as the rows
 * need (k < X_TABLE), so a row pays one log1p and one exp, and a row with k = 0 nothing.
 * P(alive) is the same double as p_alive() gives.
 */
typedef struct log_b1_table {
    int filled;
    double v[X_TABLE];
} log_b1_table;

static double p_alive_tabled(const model *p, log_b1_table *tb, double x, double t_x, double T) {
    double k = x + p->shift;
    if (k == 0.0) {
        return 1.0; /* 1 / (1 + exp(-inf)) */
    }
    double lb;
    if (k < X_TABLE) {
        int ki = (int)k;
        while (tb->filled <= ki) {
            tb->v[tb->filled] = log(p->b + p->shift + ((double)tb->filled - p->shift) - 1.0);
            tb->filled++;
        }
        lb = tb->v[ki];
    } else {
        lb = log(p->b + p->shift + x - 1.0);
    }
    return 1.0 / (1.0 + exp(dead_odds_from(p, x, t_x, T, lb)));
}

/*
 * E[X(t) | x, t_x, T] (eq. 10) = (c/(a-1)) [1 - q^(r+x) 2F1(r+x, b+x; c; z)] P(alive), with
 * c = a+b+x-1, q = (alpha+T)/(alpha+T+t), z = 1 - q. Euler's transformation (A&S 15.3.3)
 * gives q^(r+x) 2F1(r+x, b+x; c; z) = q^(a-1) 2F1(A, a-1; c; z), A = c - r - x = a+b-1-r,
 * and since (a-1)_k = (a-1) (a)_(k-1) every term past the first carries the factor a-1:
 *   c [1 - q^(a-1) F] / (a-1) = c (1 - q^(a-1))/(a-1) - q^(a-1) U,
 *   U = sum_{k>=1} (A)_k (a)_(k-1) z^k / ((c+1)_(k-1) k!),
 * regular at a = 1 and free of the pole of (c)_k when c <= 0 (x = 0, a + b <= 1). For large
 * x, c is large and U converges in a few terms. This returns the bracket, E / P(alive).
 */
static double cond_per_alive(const model *p, double x, double T, double t) {
    if (t == 0.0) {
        return 0.0;
    }
    double c = p->a + p->b + p->shift + x - 1.0; /* b + shift for b: Batislam et al. */
    double A = p->a + p->b + p->shift - 1.0 - p->r;
    double log_q = -log1p(t / (p->alpha + T));
    double z = t / (p->alpha + T + t);
    double y = (p->a - 1.0) * log_q;
    double first = (y == 0.0) ? -log_q : -expm1(y) / (p->a - 1.0);
    double u = A * z;
    double sum = 0.0;
    for (int k = 1; k < 1000000 && u != 0.0; k++) {
        sum += u;
        if (fabs(u) <= 1e-17 * fabs(sum)) {
            break;
        }
        u *= (A + k) * (p->a + k - 1.0) * z / ((c + k) * (k + 1.0));
    }
    return c * first - exp(y) * sum;
}

/* E[X(t) | x, t_x, T]: the bracket above times P(alive), >= 0 (rounding when it is tiny). */
static double cond_expected(const model *p, double x, double t_x, double T, double t) {
    double e = (t == 0.0) ? 0.0 : cond_per_alive(p, x, T, t) * p_alive(p, x, t_x, T);
    return (e > 0.0) ? e : 0.0;
}

/*
 * P(X(t) = n) for a new customer (eq. 8):
 *   B(a, b+n)/B(a, b) NB(n) + [n > 0] B(a+1, b+n-1)/B(a, b) P(NB >= n),
 * NB the negative binomial pmf Gamma(r+j)/(Gamma(r) j!) p0^r (1-p0)^j, p0 = alpha/(alpha+t).
 * The tail P(NB >= n) is 1 - sum_{j<n} NB(j) while that sum is below 1/2, and the sum of the
 * tail itself otherwise, so it never loses digits to cancellation.
 */
static double prob_purchases(const model *p, double t, double n) {
    if (t == 0.0) {
        return (n == 0.0) ? 1.0 : 0.0;
    }
    double log_p0 = -log1p(t / p->alpha); /* log(alpha/(alpha+t)) */
    double log_p1 = -log1p(p->alpha / t); /* log(t/(alpha+t)) */
    /* log B(a, b+n)/B(a, b) = sum_{k<n} log((b+k)/(a+b+k)); exactly 0 for n = 0. */
    double k = n + p->shift;
    double lb = (k == 0.0) ? 0.0 : clv__lgamma_ratio(p->b, k) - clv__lgamma_ratio(p->a + p->b, k);
    /* n log(t/(alpha+t)) is 0 for n = 0 even when t is so small that the log is -inf. */
    double log_nb = clv__lgamma_ratio(p->r, n) - clv__lgamma(n + 1.0) + p->r * log_p0 +
                    ((n > 0.0) ? n * log_p1 : 0.0);
    double prob = exp(lb + log_nb);
    if (k == 0.0) {
        return prob; /* BG/NBD, n = 0: no dropout term */
    }
    /* Cumulative NB(j) for j < n by the recurrence NB(j+1) = NB(j) (r+j)/(j+1) (1-p0). */
    double q1 = exp(log_p1);
    double term = exp(p->r * log_p0);
    double cdf = 0.0;
    for (double j = 0.0; j < n && cdf <= 0.5; j += 1.0) {
        cdf += term;
        term *= (p->r + j) / (j + 1.0) * q1;
    }
    double tail;
    if (cdf <= 0.5) {
        tail = 1.0 - cdf;
    } else {
        /* Sum the tail from j = n, starting from NB(n) in log form. */
        double tj = exp(log_nb);
        tail = 0.0;
        for (double j = n; tj > 1e-18 * tail || j < n + 2.0; j += 1.0) {
            tail += tj;
            tj *= (p->r + j) / (j + 1.0) * q1;
            if (j > n + 1e7) {
                break;
            }
        }
    }
    double second = exp(lb + p->log_a - log(p->b + k - 1.0)) * tail;
    return prob + second; /* NaN only for parameters near DBL_MAX: the caller reports it */
}

/* ---- checked entry points (validation, then computation) --------------------------------- */

static int check_theta(const double *theta) {
    return clv__check_params(theta, 4);
}

int clv__bg_loglik(const double *theta, int shift, const clv_rfm_view *data, double *loglik,
                   double *gradient) {
    int st;
    if (data == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    double g[4];
    double ll = loglik_sum(&m, data, g, NULL);
    return clv__loglik_out(ll, g, 4, loglik, gradient);
}

typedef struct fit_context {
    const clv_rfm_view *data;
    int shift;
} fit_context;

/* The fit's evaluation, with the Hessian: the table was validated once, before the first
 * point. */
static int fit_eval_hessian(const void *ctx, const double *theta, double *loglik,
                            double *gradient, double *hessian) {
    const fit_context *fc = ctx;
    model m;
    model_from(&m, theta, fc->shift);
    double ll = loglik_sum(&m, fc->data, gradient, hessian);
    *loglik = isfinite(ll) ? ll : -INFINITY;
    return CLV_OK;
}

int clv__bg_fit(int model_tag, int shift, const clv_rfm_view *data, const clv_fit_options *options,
                double *theta, clv_fit_report *report) {
    int st;
    if (data == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    clv__packed pk = {{0}, NULL};
    fit_context fc = {clv__pack_rows(data, 0, options, &pk) ? &pk.view : data, shift};
    st = clv__fit_run_newton(model_tag, options, fit_eval_hessian, &fc, theta, report);
    clv__unpack(options, &pk);
    return st;
}

int clv__bg_p_alive(const double *theta, int shift, double x, double t_x, double T, double *p) {
    int st;
    if (p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    *p = p_alive(&m, x, t_x, T);
    return CLV_OK;
}

int clv__bg_expected_purchases(const double *theta, int shift, double x, double t_x, double T,
                               double t, double *expected) {
    int st;
    if (expected == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK ||
        (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    double e = cond_expected(&m, x, t_x, T, t);
    if ((st = clv__check_result(e)) != CLV_OK) {
        return st;
    }
    *expected = e;
    return CLV_OK;
}

int clv__bg_prob_purchases(const double *theta, int shift, double t, double n, double *p) {
    int st;
    if (p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_nonneg(t)) != CLV_OK ||
        (st = clv__check_nonneg(n)) != CLV_OK) {
        return st;
    }
    if (floor(n) != n) {
        return CLV_EDOM;
    }
    model m;
    model_from(&m, theta, shift);
    double prob = prob_purchases(&m, t, n);
    if (isnan(prob)) {
        return CLV_ERANGE;
    }
    *p = fmin(fmax(prob, 0.0), 1.0); /* rounding at the ends of [0, 1] */
    return CLV_OK;
}

int clv__bg_p_alive_array(const double *theta, int shift, const clv_rfm_view *data, double *p) {
    int st;
    if (data == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    log_b1_table tb;
    tb.filled = 1; /* k = 0 has no entry */
    for (size_t i = 0; i < data->count; i++) {
        p[i] = p_alive_tabled(&m, &tb, data->x[i], data->t_x[i], data->T[i]);
    }
    return CLV_OK;
}

/* (x, T) -> E[X(t) | alive, x, T] / ..., see clv__bg_expected_purchases_array. */
#define BRACKET_SLOTS 1024

typedef struct bracket_cache {
    double x[BRACKET_SLOTS], T[BRACKET_SLOTS], value[BRACKET_SLOTS];
    unsigned char used[BRACKET_SLOTS];
} bracket_cache;

static double cached_cond_per_alive(const model *m, bracket_cache *bc, double x, double T,
                                    double t) {
    uint64_t bits;
    memcpy(&bits, &T, sizeof bits);
    uint64_t key = bits ^ ((uint64_t)(x < 1e18 ? x : 1e18) * UINT64_C(0x9E3779B97F4A7C15));
    key *= UINT64_C(0xBF58476D1CE4E5B9);
    size_t slot = (size_t)(key >> 54) & (BRACKET_SLOTS - 2); /* even: the bucket's first */
    for (size_t k = slot; k < slot + 2; k++) {
        if (bc->used[k] && bc->x[k] == x && bc->T[k] == T) {
            return bc->value[k];
        }
    }
    /* Miss: the bucket's second slot moves to its first, the new pair takes the second. */
    double v = cond_per_alive(m, x, T, t);
    bc->x[slot] = bc->x[slot + 1];
    bc->T[slot] = bc->T[slot + 1];
    bc->value[slot] = bc->value[slot + 1];
    bc->used[slot] = bc->used[slot + 1];
    bc->x[slot + 1] = x;
    bc->T[slot + 1] = T;
    bc->value[slot + 1] = v;
    bc->used[slot + 1] = 1;
    return v;
}

int clv__bg_expected_purchases_array(const double *theta, int shift, const clv_rfm_view *data,
                                     double t, double *expected) {
    int st;
    if (data == NULL || expected == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv_rfm_check(data, 0, NULL)) != CLV_OK ||
        (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    /* The bracket E / P(alive) depends on (x, T) alone, and a customer table has few distinct
     * pairs (one T per acquisition date, mostly small x; CDNOW's 2,357 rows have 464): each
     * is kept in a small table on the stack, indexed by a hash of the pair, two slots per
     * bucket, overwritten on a miss. Same doubles as the row-by-row computation. */
    log_b1_table tb;
    tb.filled = 1;
    bracket_cache bc;
    memset(bc.used, 0, sizeof bc.used);
    for (size_t i = 0; i < data->count; i++) {
        double x = data->x[i];
        double T = data->T[i];
        double br = (t == 0.0) ? 0.0 : cached_cond_per_alive(&m, &bc, x, T, t);
        double e = br * p_alive_tabled(&m, &tb, x, data->t_x[i], T);
        e = (e > 0.0) ? e : 0.0;
        if (!isfinite(e)) {
            return CLV_ERANGE; /* rows before i are written, the rest untouched (clv.h) */
        }
        expected[i] = e;
    }
    return CLV_OK;
}

int clv__bg_expected_curve(const double *theta, int shift, double x, double t_x, double T,
                           const double *t, size_t n, double *expected) {
    int st;
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        if ((st = clv__check_nonneg(t[i])) != CLV_OK) {
            return st;
        }
    }
    model m;
    model_from(&m, theta, shift);
    double pa = p_alive(&m, x, t_x, T);
    for (size_t i = 0; i < n; i++) {
        double e = (t[i] == 0.0) ? 0.0 : cond_per_alive(&m, x, T, t[i]) * pa;
        e = (e > 0.0) ? e : 0.0;
        if ((st = clv__check_result(e)) != CLV_OK) {
            return st;
        }
        expected[i] = e;
    }
    return CLV_OK;
}
