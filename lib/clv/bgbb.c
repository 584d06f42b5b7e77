/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * BG/BB (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time noncontractual
 * setting", Marketing Science 29(6) 1086-1108): at each of n discrete opportunities an alive
 * customer transacts with probability p ~ Beta(alpha, beta) and, after each opportunity, dies
 * with probability theta ~ Beta(gamma, delta). Likelihood (eq. 5) with its analytic gradient,
 * fit, P(alive) (eq. 11), conditional expected transactions (eq. 13), E[X(n)] (eq. 7),
 * P(X(n) = x) (eq. 8) and DERT (eq. 14).
 */
#include <math.h>
#include <string.h>

#include "clv.h"
#include "clv/curve.h"
#include "clv/fit.h"
#include "clv/kernels.h"
#include "core/diag.h"
#include "core/validate.h"
#include "math/special.h"

#define M_LN2_CLV 0.693147180559945309417232121458176568 /* ln 2 (C11 has no M_LN2) */

/* A customer's history in opportunities: x <= t_x <= n whole, t_x = 0 exactly when x = 0, and
 * n bounded (the likelihood's cost is linear in n - t_x). */
static int check_history(double x, double t_x, double n) {
    int st;
    if ((st = clv__check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    if (floor(t_x) != t_x || floor(n) != n || x > t_x || (x > 0.0 && t_x == 0.0) ||
        n > CLV_BGBB_MAX_OPPORTUNITIES) {
        return CLV_EDOM;
    }
    return CLV_OK;
}

/* The rows as check_history() reads them; a fit's options may carry a diagnostic record for
 * the first bad row (null otherwise). */
static int check_data_diag(const clv_rfm_view *d, const clv_fit_options *options) {
    int st;
    if ((st = (options != NULL) ? clv__fit_check_rows(d, 0, options) : clv_rfm_check(d, 0, NULL)) !=
        CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < d->count; i++) {
        double x = d->x[i], t_x = d->t_x[i], n = d->T[i];
        if ((st = check_history(x, t_x, n)) != CLV_OK) {
            /* the rows passed clv_rfm_check(): what is left is particular to BG/BB */
            int field = (floor(t_x) != t_x)           ? CLV_FIELD_T_X
                        : (floor(n) != n || x <= t_x) ? CLV_FIELD_T
                                                      : CLV_FIELD_X;
            int rule = (field == CLV_FIELD_X)                    ? CLV_RULE_X_ABOVE_RECENCY
                       : (floor(n) == n && field == CLV_FIELD_T) ? CLV_RULE_ABOVE_MAX
                                                                 : CLV_RULE_NOT_WHOLE;
            double value = (field == CLV_FIELD_X) ? x : (field == CLV_FIELD_T_X) ? t_x : n;
            double limit = (rule == CLV_RULE_X_ABOVE_RECENCY) ? t_x
                           : (rule == CLV_RULE_ABOVE_MAX)     ? CLV_BGBB_MAX_OPPORTUNITIES
                                                              : 0.0;
            return clv__diag_row(clv__fit_diag(options), st, field, rule, i, value, limit);
        }
    }
    return CLV_OK;
}

static int check_data(const clv_rfm_view *d) {
    return check_data_diag(d, NULL);
}

static int check_params(const clv_bgbb_params *p) {
    const double theta[4] = {p->alpha, p->beta, p->gamma, p->delta};
    return clv__check_params(theta, 4);
}

/*
 * One term of the likelihood, B(alpha+x, beta+m)/B(alpha, beta) x B(gamma+g1, delta+k)/
 * B(gamma, delta), as a log, with its gradient in (alpha, beta, gamma, delta) when grad is
 * not null and its Hessian (4 x 4, block-diagonal) when hess is also not null; d_ab/d_gd and
 * t_ab/t_gd carry the digamma and trigamma terms of the denominators.
 */
typedef struct bgbb_base {
    double alpha, beta, gamma, delta;
    double lb_ab, lb_gd;     /* log B(alpha, beta), log B(gamma, delta) */
    double d_ab[2], d_gd[2]; /* gradients of -log B(alpha, beta), -log B(gamma, delta) */
    double t_ab[3], t_gd[3]; /* their Hessians: (11, 12, 22) */
} bgbb_base;

/* The per-parameter constants; the digamma (trigamma) terms only when gradients (Hessians)
 * will be asked for (predictions never need them). */
static void base_from(bgbb_base *b, const double *theta, int with_gradient, int with_hessian) {
    b->alpha = theta[0];
    b->beta = theta[1];
    b->gamma = theta[2];
    b->delta = theta[3];
    b->lb_ab = clv__lbeta(b->alpha, b->beta);
    b->lb_gd = clv__lbeta(b->gamma, b->delta);
    if (!with_gradient) {
        return;
    }
    double s_ab = clv__digamma(b->alpha + b->beta);
    double s_gd = clv__digamma(b->gamma + b->delta);
    b->d_ab[0] = s_ab - clv__digamma(b->alpha);
    b->d_ab[1] = s_ab - clv__digamma(b->beta);
    b->d_gd[0] = s_gd - clv__digamma(b->gamma);
    b->d_gd[1] = s_gd - clv__digamma(b->delta);
    if (!with_hessian) {
        return;
    }
    double u_ab = clv__trigamma(b->alpha + b->beta);
    double u_gd = clv__trigamma(b->gamma + b->delta);
    b->t_ab[0] = u_ab - clv__trigamma(b->alpha);
    b->t_ab[1] = u_ab;
    b->t_ab[2] = u_ab - clv__trigamma(b->beta);
    b->t_gd[0] = u_gd - clv__trigamma(b->gamma);
    b->t_gd[1] = u_gd;
    b->t_gd[2] = u_gd - clv__trigamma(b->delta);
}

/* d2/dp2 log B(p1, q1) = psi'(p1) - psi'(p1+q1), d2/dpdq = -psi'(p1+q1), d2/dq2 = psi'(q1) -
 * psi'(p1+q1); minus those of log B(p, q) (t_ab/t_gd). */
static double log_term(const bgbb_base *b, double x, double m, double g1, double k, double *grad,
                       double *hess) {
    double a1 = b->alpha + x, b1 = b->beta + m, c1 = b->gamma + g1, d1 = b->delta + k;
    double v = clv__lbeta(a1, b1) - b->lb_ab + clv__lbeta(c1, d1) - b->lb_gd;
    if (grad != NULL) {
        double s1 = clv__digamma(a1 + b1);
        double s2 = clv__digamma(c1 + d1);
        grad[0] = clv__digamma(a1) - s1 + b->d_ab[0];
        grad[1] = clv__digamma(b1) - s1 + b->d_ab[1];
        grad[2] = clv__digamma(c1) - s2 + b->d_gd[0];
        grad[3] = clv__digamma(d1) - s2 + b->d_gd[1];
    }
    if (hess != NULL) {
        double u1 = clv__trigamma(a1 + b1);
        double u2 = clv__trigamma(c1 + d1);
        memset(hess, 0, 16 * sizeof hess[0]);
        hess[0] = clv__trigamma(a1) - u1 + b->t_ab[0];
        hess[1] = hess[4] = -u1 + b->t_ab[1];
        hess[5] = clv__trigamma(b1) - u1 + b->t_ab[2];
        hess[10] = clv__trigamma(c1) - u2 + b->t_gd[0];
        hess[11] = hess[14] = -u2 + b->t_gd[1];
        hess[15] = clv__trigamma(d1) - u2 + b->t_gd[2];
    }
    return v;
}

/*
 * log L (eq. 5) without derivatives, for the predictions: the terms of the sum over the death
 * opportunity, T_i = B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d), follow from the first by
 *   T_(i+1)/T_i = (b+t_x-x+i)/(a+b+t_x+i) (d+t_x+i)/(g+d+t_x+i+1) < 1
 * (B(p, q+1) = B(p, q) q/(p+q)), so the sum costs a few flops a term instead of four log-gamma
 * values (n = 1e5 took 70 ms, now well under 1 ms), and it loses no digits to logs of size
 * ~1e6 either: the products carry at most ~3 roundings a term. The terms decrease, so the sum
 * stops when the current term times the number left is below 1e-17 of it.
 */
static double log_lik_parts(const bgbb_base *b, double x, double t_x, double n, double *alive_out,
                            double *rest_out);

static double log_lik_value(const bgbb_base *b, double x, double t_x, double n) {
    double alive, rest;
    return log_lik_parts(b, x, t_x, n, &alive, &rest);
}

/* log L and its two parts: the log of the term of a customer alive through n, and the log of
 * the sum over the death opportunity (-inf when t_x = n). */
static double log_lik_parts(const bgbb_base *b, double x, double t_x, double n, double *alive_out,
                            double *rest_out) {
    double alive = log_term(b, x, n - x, 0.0, n, NULL, NULL);
    double k = n - t_x;
    *alive_out = alive;
    *rest_out = -INFINITY;
    if (k <= 0.0) {
        return alive;
    }
    double first = log_term(b, x, t_x - x, 1.0, t_x, NULL, NULL);
    double bm = b->beta + t_x - x, ab = b->alpha + b->beta + t_x;
    double dk = b->delta + t_x, gd = b->gamma + b->delta + t_x + 1.0;
    double rho = 1.0, sum = 0.0;
    for (double i = 0.0; i < k; i += 1.0) {
        sum += rho;
        if (rho * (k - i) <= 1e-17 * sum) {
            break;
        }
        rho *= ((bm + i) * (dk + i)) / ((ab + i) * (gd + i));
    }
    double rest = first + log(sum);
    *rest_out = rest;
    double hi = fmax(alive, rest);
    return hi + log1p(exp(-fabs(alive - rest)));
}

/*
 * log L (eq. 5) = log[ B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)
 *                      + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d) ]
 * with its gradient (and Hessian) in (alpha, beta, gamma, delta). With the terms' normalised
 * weights w_j, the gradient is sum w_j g_j and the Hessian sum w_j (H_j + g_j g_j') - g g' (the
 * log of a sum of exponentials).
 *
 * The terms of the sum over the death opportunity follow from the first by the ratio of
 * log_lik_parts(), T_(i+1)/T_i = (b+t_x-x+i)/(a+b+t_x+i) (d+t_x+i)/(g+d+t_x+i+1) < 1, and so do
 * their derivatives: term i's digamma and trigamma arguments are the first term's plus i, so
 * psi(z+1) = psi(z) + 1/z and psi'(z+1) = psi'(z) - 1/z^2 (Abramowitz & Stegun 1964, 6.3.5 and
 * 6.4.6) give them in a few flops a term instead of four log-gamma, four digamma and four
 * trigamma values. A row with n = 1e5 went from about 30 ms to well under 1 ms. The
 * recurrences add about one rounding per term to a sum of size log(n), far below the
 * gradient's use. The terms decrease, so the sum stops once the current term times the number
 * left (times the largest |g|, which grows like log i) is below 1e-17 of the sum.
 */
static double log_lik(const bgbb_base *b, double x, double t_x, double n, double *grad,
                      double *hess, clv__ticker *tick) {
    double ga[4], ha[16], g[4], h[16];
    int want_h = (grad != NULL && hess != NULL);
    double *gp = (grad != NULL) ? ga : NULL;
    double alive = log_term(b, x, n - x, 0.0, n, gp, want_h ? ha : NULL);
    double k = n - t_x;
    double first = -INFINITY;
    double s0 = 0.0, s1[4] = {0.0, 0.0, 0.0, 0.0}, s2[16] = {0.0};
    if (k > 0.0) {
        first = log_term(b, x, t_x - x, 1.0, t_x, g, want_h ? h : NULL);
        double bm = b->beta + t_x - x, ab = b->alpha + b->beta + t_x;
        double dk = b->delta + t_x, gd = b->gamma + b->delta + t_x + 1.0;
        double rho = 1.0;
        for (double i = 0.0; i < k; i += 1.0) {
            /* 1,024 terms are about 1/16 of a unit of work each (fit.h). */
            if (fmod(i, 1024.0) == 1023.0 && clv__tick(tick, 64)) {
                return NAN;
            }
            s0 += rho;
            double gmax = 1.0;
            for (int c = 0; c < 4 && grad != NULL; c++) {
                s1[c] += rho * g[c];
                gmax = fmax(gmax, fabs(g[c]));
            }
            for (int r = 0; r < 4 && want_h; r++) {
                for (int c = 0; c < 4; c++) {
                    s2[4 * r + c] += rho * (h[4 * r + c] + g[r] * g[c]);
                }
            }
            if (rho * gmax * gmax * (k - i) <= 1e-17 * s0) {
                break;
            }
            double zab = ab + i, zb = bm + i, zgd = gd + i, zd = dk + i;
            rho *= (zb * zd) / (zab * zgd);
            if (grad == NULL) {
                continue;
            }
            g[0] -= 1.0 / zab;
            g[1] += 1.0 / zb - 1.0 / zab;
            g[2] -= 1.0 / zgd;
            g[3] += 1.0 / zd - 1.0 / zgd;
            if (want_h) {
                double qab = 1.0 / (zab * zab), qgd = 1.0 / (zgd * zgd);
                h[0] += qab;
                h[1] += qab;
                h[4] += qab;
                h[5] += qab - 1.0 / (zb * zb);
                h[10] += qgd;
                h[11] += qgd;
                h[14] += qgd;
                h[15] += qgd - 1.0 / (zd * zd);
            }
        }
    }
    /* L = e^alive + e^first s0, scaled by e^-hi. */
    double hi = fmax(alive, first);
    double wa = exp(alive - hi), wf = (k > 0.0) ? exp(first - hi) : 0.0;
    double sum = wa + wf * s0;
    /* log L itself as log_lik_parts() forms it (log1p of the smaller part over the larger),
     * so the value with and without derivatives agree to rounding even where log L is near
     * 0 (a customer all but certain to have done what the data show). */
    double ll = alive;
    if (k > 0.0) {
        double rest = first + log(s0);
        ll = fmax(alive, rest) + log1p(exp(-fabs(alive - rest)));
    }
    for (int c = 0; c < 4 && grad != NULL; c++) {
        grad[c] = (wa * ga[c] + wf * s1[c]) / sum;
    }
    for (int r = 0; r < 4 && want_h; r++) {
        for (int c = 0; c < 4; c++) {
            double e = (wa * (ha[4 * r + c] + ga[r] * ga[c]) + wf * s2[4 * r + c]) / sum;
            hess[4 * r + c] = e - grad[r] * grad[c];
        }
    }
    return ll;
}

static double loglik_sum(const double *theta, const clv_rfm_view *d, double *grad, double *hess,
                         clv__ticker *tick) {
    bgbb_base b;
    base_from(&b, theta, grad != NULL, hess != NULL);
    double ll = 0.0;
    double g[4] = {0.0, 0.0, 0.0, 0.0};
    double h[16] = {0.0};
    for (size_t i = 0; i < d->count; i++) {
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        if (w == 0.0) {
            continue;
        }
        double gi[4];
        double hi[16];
        ll += w * log_lik(&b, d->x[i], d->t_x[i], d->T[i], grad != NULL ? gi : NULL,
                          hess != NULL ? hi : NULL, tick);
        if (tick != NULL && tick->cancelled) {
            return NAN;
        }
        for (int k = 0; k < 4 && grad != NULL; k++) {
            g[k] += w * gi[k];
        }
        for (int k = 0; k < 16 && grad != NULL && hess != NULL; k++) {
            h[k] += w * hi[k];
        }
    }
    if (grad != NULL) {
        memcpy(grad, g, sizeof g);
    }
    if (grad != NULL && hess != NULL) {
        memcpy(hess, h, sizeof h);
    }
    return ll;
}

int clv_bgbb_loglik(const clv_bgbb_params *params, const clv_rfm_view *data, double *loglik,
                    double *gradient) {
    int st;
    if (params == NULL || data == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_data(data)) != CLV_OK) {
        return st;
    }
    const double theta[4] = {params->alpha, params->beta, params->gamma, params->delta};
    double g[4] = {0.0, 0.0, 0.0, 0.0};
    double ll;
    if (gradient == NULL) {
        /* the value alone: the recursive sum of log_lik_value(), a few flops a term */
        bgbb_base b;
        base_from(&b, theta, 0, 0);
        ll = 0.0;
        for (size_t i = 0; i < data->count; i++) {
            double w = (data->weight != NULL) ? data->weight[i] : 1.0;
            if (w != 0.0) {
                ll += w * log_lik_value(&b, data->x[i], data->t_x[i], data->T[i]);
            }
        }
    } else {
        ll = loglik_sum(theta, data, g, NULL, NULL);
    }
    return clv__loglik_out(ll, g, 4, loglik, gradient);
}

static bgbb_base base_of(const clv__bgbb_prep *p);

/* clv_bgbb_loglik() of each row as a one-row table without gradient (log_lik_value()). */
void clv__bgbb_loglik_block(const clv__bgbb_prep *p, const clv_rfm_view *rows, double *out,
                            int32_t *status) {
    bgbb_base b = base_of(p);
    const double g[4] = {0.0, 0.0, 0.0, 0.0};
    for (size_t j = 0; j < rows->count && j < CLV__LOGLIK_BLOCK; j++) {
        double x = rows->x[j], t_x = rows->t_x[j], n = rows->T[j];
        if ((status[j] = check_history(x, t_x, n)) != CLV_OK) {
            continue;
        }
        double ll = 0.0;
        ll += 1.0 * log_lik_value(&b, x, t_x, n);
        status[j] = clv__loglik_out(ll, g, 4, &out[j], NULL);
    }
}

/* The fit's evaluation; its rows and their terms consult the progress callback (fit.h). */
static int fit_eval(const void *ctx, const double *theta, double *loglik, double *gradient,
                    double *hessian, clv__ticker *tick) {
    double ll = loglik_sum(theta, (const clv_rfm_view *)ctx, gradient, hessian, tick);
    if (tick->cancelled) {
        return CLV_ECANCELED;
    }
    *loglik = isfinite(ll) ? ll : -INFINITY;
    return CLV_OK;
}

int clv_bgbb_fit(const clv_rfm_view *data, const clv_fit_options *options, clv_bgbb_params *params,
                 clv_fit_report *report) {
    int st;
    double theta[CLV_MAX_PARAMS];
    if (data == NULL || params == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_data_diag(data, options)) != CLV_OK) {
        return st;
    }
    clv__packed pk = {{0}, NULL};
    const clv_rfm_view *rows = clv__pack_rows(data, 0, options, &pk) ? &pk.view : data;
    st = clv__fit_run_newton(CLV_MODEL_BGBB, options, fit_eval, rows, theta, report);
    clv__unpack(options, &pk);
    if (st == CLV_OK || st == CLV_ENOCONV || st == CLV_ECANCELED) {
        params->alpha = theta[0];
        params->beta = theta[1];
        params->gamma = theta[2];
        params->delta = theta[3];
    }
    return st;
}

/* Validation shared by the per-customer predictions. */
static int check_customer(const clv_bgbb_params *params, double x, double t_x, double n,
                          const void *out) {
    int st;
    if (params == NULL || out == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

static void theta_of(const clv_bgbb_params *p, double *theta) {
    theta[0] = p->alpha;
    theta[1] = p->beta;
    theta[2] = p->gamma;
    theta[3] = p->delta;
}

/* The prepared parameters (kernels.h): base_from()'s constants without derivatives. */
int clv__bgbb_prepare(const double *theta, clv__bgbb_prep *p) {
    const clv_bgbb_params params = {theta[0], theta[1], theta[2], theta[3]};
    int st;
    if ((st = check_params(&params)) != CLV_OK) {
        return st;
    }
    bgbb_base b;
    base_from(&b, theta, 0, 0);
    clv__bgbb_prep q = {b.alpha, b.beta, b.gamma, b.delta, b.lb_ab, b.lb_gd};
    *p = q;
    return CLV_OK;
}

static bgbb_base base_of(const clv__bgbb_prep *p) {
    bgbb_base b;
    memset(&b, 0, sizeof b);
    b.alpha = p->alpha;
    b.beta = p->beta;
    b.gamma = p->gamma;
    b.delta = p->delta;
    b.lb_ab = p->lb_ab;
    b.lb_gd = p->lb_gd;
    return b;
}

/* The prepared parameters of a public call (checked by the caller). */
static clv__bgbb_prep prep_of(const clv_bgbb_params *params) {
    double theta[4];
    clv__bgbb_prep p;
    theta_of(params, theta);
    clv__bgbb_prepare(theta, &p);
    return p;
}

/* P(alive at n+1 | x, t_x, n) (eq. 11): B(a+x, b+n-x)/B(a,b) B(g, d+n+1)/B(g,d) / L. */
int clv_bgbb_p_alive(const clv_bgbb_params *params, double x, double t_x, double n, double *p) {
    int st;
    if ((st = check_customer(params, x, t_x, n, p)) != CLV_OK) {
        return st;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_p_alive_row(&prep, x, t_x, n, p);
}

int clv__bgbb_p_alive_row(const clv__bgbb_prep *p, double x, double t_x, double n, double *pa) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    double v =
        exp(log_term(&b, x, n - x, 0.0, n + 1.0, NULL, NULL) - log_lik_value(&b, x, t_x, n));
    *pa = fmin(fmax(v, 0.0), 1.0);
    return CLV_OK;
}

/*
 * E[X(n, n + n*) | x, t_x, n] (eq. 13) = (1/L) B(a+x+1, b+n-x)/B(a,b) (d/(g-1))
 *   Gamma(g+d)/Gamma(1+d) [Gamma(1+d+n)/Gamma(g+d+n) - Gamma(1+d+n+n*)/Gamma(g+d+n+n*)].
 * The bracket is written as R(n) - R(n+n*), R(k) = exp(lnG(1+d+k) - lnG(g+d+k)), and the
 * factor d/(g-1) (R(n) - R(n+n*)) is evaluated as d R(n) (1 - R(n+n*)/R(n)) / (g-1) with
 * 1 - ratio = -expm1(log ratio), which stays finite and exact as g -> 1.
 */

/*
 * log R(k + m) - log R(k) = sum_(j<m) ln((A+j)/(A+e+j)), A = 1+d+k, e = g-1, to the relative
 * accuracy of its own (small) size. The difference of the two lnG ratios over m steps,
 * lnG(A+m) - lnG(A) - [lnG(A+e+m) - lnG(A+e)], has terms of size m ln(A+m) (1.4e7 for
 * m = 1e6): their rounding alone is 1e-9 of a result near 1, and all of a result of size
 * e ln(1 + m/A) when g is near 1 (4 digits left at g = 1 + 1e-6). So:
 *  - m <= 32: the sum itself, -sum log1p(e/(A+j)), terms of one sign;
 *  - m <= |e|: the two ratios over m steps (terms of size m ln A, less than e ln A);
 *  - otherwise the same difference grouped the other way, D(A) - D(A+m) with
 *    D(y) = lnG(y+e) - lnG(y), of size |e| ln y: rounding of |e| ln(A+m) eps against a result
 *    of size |e| m/(A+m) at least, i.e. at most (A/m) ln(A+m) eps < 4e-12 for A <= 1e5 + d.
 */
static double log_r_shift(double A, double e, double m) {
    if (m <= 32.0) {
        double sum = 0.0;
        for (double j = 0.0; j < m; j += 1.0) {
            sum -= log1p(e / (A + j));
        }
        return sum;
    }
    if (m <= fabs(e)) {
        return clv__lgamma_ratio(A, m) - clv__lgamma_ratio(A + e, m);
    }
    if (e >= 0.0) {
        return clv__lgamma_ratio(A, e) - clv__lgamma_ratio(A + m, e);
    }
    return clv__lgamma_ratio(A + m + e, -e) - clv__lgamma_ratio(A + e, -e);
}

/* (1 - R(k+m)/R(k)) / (g - 1), A = 1+d+k: finite as g -> 1, where it tends to
 * psi(A+m) - psi(A) (the derivative of -log_r_shift in e at e = 0); used at g = 1 exactly,
 * since -expm1(L)/e keeps the relative accuracy of L for every e != 0. */
static double r_frac(double A, double gamma, double m) {
    double e = gamma - 1.0; /* exact for gamma in [1/2, 2] (Sterbenz), the cancelling range */
    if (e == 0.0) {
        return clv__digamma_diff(A, m);
    }
    return -expm1(log_r_shift(A, e, m)) / e;
}

static double cond_front(const bgbb_base *b, double x, double t_x, double n) {
    double lr_n = log_r_shift(1.0 + b->delta, b->gamma - 1.0, n);
    return clv__lbeta(b->alpha + x + 1.0, b->beta + n - x) - b->lb_ab + log(b->delta) + lr_n -
           log_lik_value(b, x, t_x, n);
}

/* (1 - R(n+n*)/R(n)) / (g - 1) of the comment above. */
static double cond_frac(const bgbb_base *b, double n, double n_star) {
    return r_frac(1.0 + b->delta + n, b->gamma, n_star);
}

static double cond_expected(const bgbb_base *b, double x, double t_x, double n, double n_star) {
    if (n_star == 0.0) {
        return 0.0;
    }
    return exp(cond_front(b, x, t_x, n)) * cond_frac(b, n, n_star);
}

int clv_bgbb_expected_purchases(const clv_bgbb_params *params, double x, double t_x, double n,
                                double n_star, double *expected) {
    int st;
    if ((st = check_customer(params, x, t_x, n, expected)) != CLV_OK) {
        return st;
    }
    if (!(n_star >= 0.0) || !isfinite(n_star) || floor(n_star) != n_star) {
        return CLV_EDOM;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_expected_row(&prep, x, t_x, n, n_star, expected);
}

int clv__bgbb_expected_row(const clv__bgbb_prep *p, double x, double t_x, double n,
                           double n_star, double *expected) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    double e = cond_expected(&b, x, t_x, n, n_star);
    if ((st = clv__check_result(e)) != CLV_OK) {
        return st;
    }
    *expected = (e > 0.0) ? e : 0.0;
    return CLV_OK;
}

/* E[X(n)] of a new customer (eq. 7) = (a/(a+b)) (d/(g-1)) [1 - Gamma(g+d) Gamma(1+d+n) /
 * (Gamma(g+d+n) Gamma(1+d))], the same bracket as above with n = 0. */
int clv_bgbb_expected_purchases_new(const clv_bgbb_params *params, double n, double *expected) {
    int st;
    if (params == NULL || expected == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK) {
        return st;
    }
    if (!(n >= 0.0) || !isfinite(n) || floor(n) != n) {
        return CLV_EDOM;
    }
    double frac = (n == 0.0) ? 0.0 : r_frac(1.0 + params->delta, params->gamma, n);
    double e = params->alpha / (params->alpha + params->beta) * params->delta * frac;
    if ((st = clv__check_result(e)) != CLV_OK) {
        return st;
    }
    *expected = (e > 0.0) ? e : 0.0;
    return CLV_OK;
}

static double prob_new(const bgbb_base *bp, double n, double x);

/* P(X(n) = x) of a new customer (eq. 8): C(n,x) B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)
 *   + sum_{i=x}^{n-1} C(i,x) B(a+x, b+i-x)/B(a,b) B(g+1, d+i)/B(g,d). */
int clv_bgbb_prob_purchases(const clv_bgbb_params *params, double n, double x, double *p) {
    int st;
    if (params == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK) {
        return st;
    }
    if (!(n >= 0.0) || !isfinite(n) || floor(n) != n || !(x >= 0.0) || !isfinite(x) ||
        floor(x) != x || n > CLV_BGBB_MAX_OPPORTUNITIES) {
        return CLV_EDOM;
    }
    if (x > n) {
        *p = 0.0;
        return CLV_OK;
    }
    double theta[4];
    bgbb_base b;
    theta_of(params, theta);
    base_from(&b, theta, 0, 0);
    double v = prob_new(&b, n, x);
    if (isnan(v)) {
        return CLV_ERANGE;
    }
    *p = v;
    return CLV_OK;
}

/* The probability of eq. 8 for x <= n at the parameters of b; NaN if it cannot be evaluated. */
static double prob_new(const bgbb_base *bp, double n, double x) {
    const bgbb_base b = *bp;
    /* log C(n, x) = lnG(n+1) - lnG(x+1) - lnG(n-x+1) */
    double lc = clv__lgamma(n + 1.0) - clv__lgamma(x + 1.0) - clv__lgamma(n - x + 1.0);
    double log_alive = lc + log_term(&b, x, n - x, 0.0, n, NULL, NULL);
    /* The terms U_i = C(i,x) B(a+x, b+i-x)/B(a,b) B(g+1, d+i)/B(g,d), i = x..n-1, from
     * U_x = B(a+x, b)/B(a,b) B(g+1, d+x)/B(g,d) by
     *   U_(i+1)/U_i = (i+1)/(i+1-x) (b+i-x)/(a+b+i) (d+i)/(g+d+i+1),
     * a few flops a term instead of five log-gamma values (n = 1e5 took 70 ms, now under a
     * millisecond) and no logs of size ~1e6 to round. The terms rise, then fall: the running
     * sum is rescaled by 2^-600 whenever the current term passes 2^600. */
    double log_dead = -INFINITY;
    if (x < n) {
        double rho = 1.0, sum = 0.0, log_scale = 0.0;
        for (double i = x; i < n; i += 1.0) {
            sum += rho;
            rho *= ((i + 1.0) * (b.beta + i - x) * (b.delta + i)) /
                   ((i + 1.0 - x) * (b.alpha + b.beta + i) * (b.gamma + b.delta + i + 1.0));
            if (rho > 0x1p600) {
                rho *= 0x1p-600;
                sum *= 0x1p-600;
                log_scale += 600.0 * M_LN2_CLV;
            }
        }
        log_dead = log_term(&b, x, 0.0, 1.0, x, NULL, NULL) + log_scale + log(sum);
    }
    double hi = fmax(log_alive, log_dead);
    double total = exp(hi) * (1.0 + exp(-fabs(log_alive - log_dead)));
    return isnan(total) ? total : fmin(fmax(total, 0.0), 1.0);
}

/*
 * P(X(n, n + n*) = x* | x, t_x, n) (FHS 2010, appendix): a customer alive at opportunity n has
 * the posterior p ~ Beta(alpha + x, beta + n - x), theta ~ Beta(gamma, delta + n) (the first
 * term of L, eq. 5), and from there the next n* opportunities are a new customer's first n*
 * at those parameters (eq. 8); a customer dead by n transacts no more. So
 *   P = P(alive at n) P8(x*; n*, posterior) + [x* = 0] (1 - P(alive at n)),
 * P(alive at n) = B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d) / L. Which is FHS's expression with
 * the common factors taken out: their sum over the death opportunity n + i, i < n*, is eq. 8's.
 */
static double prob_cond(const bgbb_base *b, clv__row_cache *c, double x, double t_x, double n,
                        double n_star, double x_star) {
    /* P(alive at n) = A/(A + D) and 1 - P(alive at n) = D/(A + D), A and D the two parts of
     * L, each from the log of their ratio: small relative to log L's size (up to ~1e5). */
    double la, ld;
    log_lik_parts(b, x, t_x, n, &la, &ld);
    double pa = 1.0, dead = 0.0;
    if (ld != -INFINITY) {
        double diff = ld - la; /* ln(D/A) */
        pa = (diff > 0.0) ? exp(-diff - log1p(exp(-diff))) : 1.0 / (1.0 + exp(diff));
        dead = (diff > 0.0) ? 1.0 / (1.0 + exp(-diff)) : exp(diff - log1p(exp(diff)));
    }
    double alive_part = 0.0;
    if (x_star <= n_star && pa > 0.0) {
        /* The part given alive depends on (x, n) alone: kept in the rows' cache, if any. */
        double given;
        if (!clv__row_cache_get(c, x, n, &given)) {
            const double post[4] = {b->alpha + x, b->beta + n - x, b->gamma, b->delta + n};
            bgbb_base q;
            base_from(&q, post, 0, 0);
            given = prob_new(&q, n_star, x_star);
            clv__row_cache_put(c, x, n, given);
        }
        alive_part = pa * given;
    }
    double v = alive_part + ((x_star == 0.0) ? fmax(dead, 0.0) : 0.0);
    return isnan(v) ? v : fmin(fmax(v, 0.0), 1.0);
}

int clv_bgbb_prob_purchases_cond(const clv_bgbb_params *params, double x, double t_x, double n,
                                 double n_star, double x_star, double *p) {
    int st;
    if ((st = check_customer(params, x, t_x, n, p)) != CLV_OK) {
        return st;
    }
    if (!(n_star >= 0.0) || !isfinite(n_star) || floor(n_star) != n_star ||
        n_star > CLV_BGBB_MAX_OPPORTUNITIES || !(x_star >= 0.0) || !isfinite(x_star) ||
        floor(x_star) != x_star) {
        return CLV_EDOM;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_prob_cond_row(&prep, NULL, x, t_x, n, n_star, x_star, p);
}

int clv__bgbb_prob_cond_row(const clv__bgbb_prep *p, clv__row_cache *c, double x, double t_x,
                            double n, double n_star, double x_star, double *prob) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    double v = prob_cond(&b, c, x, t_x, n, n_star, x_star);
    if (isnan(v)) {
        return CLV_ERANGE;
    }
    *prob = v;
    return CLV_OK;
}

/* P(alive at n + m | x, t_x, n): P(alive at n) times E[(1 - theta)^m] under theta's posterior
 * Beta(gamma, delta + n), B(g, d+n+m)/B(g, d+n); together B(a+x, b+n-x)/B(a,b)
 * B(g, d+n+m)/B(g,d) / L, eq. 11 with n + 1 replaced by n + m. */
int clv_bgbb_p_alive_at(const clv_bgbb_params *params, double x, double t_x, double n, double m,
                        double *p) {
    int st;
    if ((st = check_customer(params, x, t_x, n, p)) != CLV_OK) {
        return st;
    }
    if (!(m >= 0.0) || !isfinite(m) || floor(m) != m || m > CLV_BGBB_MAX_OPPORTUNITIES) {
        return CLV_EDOM;
    }
    double theta[4];
    bgbb_base b;
    theta_of(params, theta);
    base_from(&b, theta, 0, 0);
    double v = exp(log_term(&b, x, n - x, 0.0, n + m, NULL, NULL) - log_lik_value(&b, x, t_x, n));
    if (isnan(v)) {
        return CLV_ERANGE;
    }
    *p = fmin(fmax(v, 0.0), 1.0);
    return CLV_OK;
}

/*
 * The discounted expected transactions after opportunity n, sum_(i>=1) D^(k(i)) E[X at n+i],
 * k(i) = ceil(i / period) the period of opportunity n+i, over horizon periods: the customer's
 * transaction at n+i has expectation C E[(1-theta)^i] with theta ~ Beta(gamma, delta+n) and
 * C = B(a+x+1, b+n-x)/B(a, b) B(g, d+n)/B(g, d) / L (FHS 2010, eqs. 11-14), so the sum is C
 * times the mean over theta of the discounted geometric decay (clv__geo_value_mean(),
 * customer_value.c): one quadrature whatever the horizon and the discount. The caller
 * checked the customer, period (whole, >= 1), discount and horizon.
 */
static int value_of_mean(const bgbb_base *b, double x, double t_x, double n, double mean,
                         double *sum);

static int value_sum(const bgbb_base *b, double x, double t_x, double n, double period,
                     double discount, double horizon, double *sum) {
    double mean;
    int st = clv__geo_value_mean(CLV__MIX_BETA, b->gamma, b->delta + n, period, discount,
                                 horizon, &mean);
    if (st != CLV_OK) {
        return st;
    }
    return value_of_mean(b, x, t_x, n, mean, sum);
}

/* value_sum() from the mean over theta (which depends on n alone). */
static int value_of_mean(const bgbb_base *b, double x, double t_x, double n, double mean,
                         double *sum) {
    double log_c = log_term(b, x, n - x, 0.0, n, NULL, NULL) - log_lik_value(b, x, t_x, n) +
                   log(b->alpha + x) - log(b->alpha + b->beta + n);
    double v = (mean > 0.0) ? exp(log_c + log(mean)) : 0.0;
    if (!isfinite(v)) {
        return CLV_ERANGE;
    }
    *sum = v;
    return CLV_OK;
}

int clv__bgbb_value_sum(const double *theta, double x, double t_x, double n, double period,
                        double discount, double horizon, double *sum) {
    int st;
    const clv_bgbb_params params = {theta[0], theta[1], theta[2], theta[3]};
    if ((st = check_customer(&params, x, t_x, n, sum)) != CLV_OK) {
        return st;
    }
    bgbb_base b;
    base_from(&b, theta, 0, 0);
    return value_sum(&b, x, t_x, n, period, discount, horizon, sum);
}

/*
 * log 2F1(1, b; c; z) for c > b > 0, 0 < z < 1 (w = 1 - z), by its series
 * sum_j (b)_j/(c)_j z^j (DLMF 15.2.1) when that takes at most DERT_SERIES_TERMS terms (~15 us):
 * they are positive with ratios z (b+j)/(c+j) < z, so the tail after a term t is below t z/w,
 * a rigorous stop. Returns 0 when the series is too long (a discount below ~1e-2). DERT used to go through
 * clv__log_hyp2f1 alone, which has rare pockets where it gives up (NaN: b = 1318.69,
 * c = 1536.28, z = 0.99875716, or this model's alpha = 0.648, beta = 0.0703,
 * gamma = 518.65, delta = 29.68, x = 528, t_x = 646, n = 1146, 0.88% discount), reported
 * as CLV_ERANGE for a value of ~1e-309.
 */
#define DERT_SERIES_TERMS 4000
static int log_hyp2f1_1bc(double b, double c, double z, double w, double *log_f) {
    double t = 1.0, sum = 1.0;
    double tail_factor = z / w;
    /* The terms fall at least like z^j: when even that takes more than the cap to reach
     * 1e-17 (w below ~1e-2), do not start. */
    if ((39.2 + log(tail_factor)) > DERT_SERIES_TERMS * -log1p(-w)) {
        return 0;
    }
    for (int j = 0; j < DERT_SERIES_TERMS; j++) {
        t *= z * ((b + j) / (c + j));
        sum += t;
        if (t * tail_factor <= 1e-17 * sum) {
            *log_f = log(sum);
            return 1;
        }
    }
    return 0;
}

/*
 * DERT (eq. 14): the expected transactions after n, each discounted by (1+d)^-(k) for the
 * k-th future opportunity: B(a+x+1, b+n-x)/B(a,b) B(g, d+n+1)/(B(g,d) (1+disc))
 *   2F1(1, delta+n+1; gamma+delta+n+1; 1/(1+disc)) / L.
 */
int clv_bgbb_dert(const clv_bgbb_params *params, double x, double t_x, double n, double discount,
                  double *dert) {
    int st;
    if ((st = check_customer(params, x, t_x, n, dert)) != CLV_OK) {
        return st;
    }
    if (!(discount > 0.0) || !isfinite(discount)) {
        return CLV_EDOM;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_dert_row(&prep, NULL, x, t_x, n, discount, dert);
}

/* The cache keeps, by (n, 0), log 2F1 of the series, or by (n, 1) the quadrature's mean over
 * theta: each depends on n alone (and the call's discount). */
int clv__bgbb_dert_row(const clv__bgbb_prep *p, clv__row_cache *c, double x, double t_x,
                       double n, double discount, double *dert) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    /* The Gauss series of eq. 14 where it is short (a discount above ~1e-2 with typical
     * parameters: microseconds); otherwise, one opportunity a period over every period, the
     * quadrature of value_sum(), exact at any discount > 0 (the series needs ~1/d terms, and
     * clv__log_hyp2f1, used here before, had pockets where it gave up below d ~ 4e-5). */
    double z = 1.0 / (1.0 + discount);
    double hb = b.delta + n + 1.0;
    double hc = b.gamma + b.delta + n + 1.0;
    double log_f, v, mean;
    int series = clv__row_cache_get(c, n, 0.0, &log_f);
    if (!series && !clv__row_cache_get(c, n, 1.0, &mean)) {
        series = log_hyp2f1_1bc(hb, hc, z, discount / (1.0 + discount), &log_f);
        if (series) {
            clv__row_cache_put(c, n, 0.0, log_f);
        } else if ((st = clv__geo_value_mean(CLV__MIX_BETA, b.gamma, b.delta + n, 1.0, discount,
                                             INFINITY, &mean)) != CLV_OK) {
            return st;
        } else {
            clv__row_cache_put(c, n, 1.0, mean);
        }
    }
    if (series) {
        v = exp(clv__lbeta(b.alpha + x + 1.0, b.beta + n - x) - b.lb_ab +
                clv__lbeta(b.gamma, b.delta + n + 1.0) - b.lb_gd - log1p(discount) + log_f -
                log_lik_value(&b, x, t_x, n));
    } else if ((st = value_of_mean(&b, x, t_x, n, mean, &v)) != CLV_OK) {
        return st; /* value_sum(&b, x, t_x, n, 1.0, discount, INFINITY, &v) */
    }
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *dert = v;
    return CLV_OK;
}

int clv__bgbb_expected_curve(const double *theta, double x, double t_x, double n,
                             const double *n_star, size_t count, double *expected) {
    int st;
    const clv_bgbb_params params = {theta[0], theta[1], theta[2], theta[3]};
    if ((st = check_customer(&params, x, t_x, n, expected)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < count; i++) {
        if (!(n_star[i] >= 0.0) || !isfinite(n_star[i]) || floor(n_star[i]) != n_star[i]) {
            return CLV_EDOM;
        }
    }
    bgbb_base b;
    base_from(&b, theta, 0, 0);
    double front = exp(cond_front(&b, x, t_x, n));
    for (size_t i = 0; i < count; i++) {
        double e = (n_star[i] == 0.0) ? 0.0 : front * cond_frac(&b, n, n_star[i]);
        if ((st = clv__check_result(e)) != CLV_OK) {
            return st;
        }
        expected[i] = (e > 0.0) ? e : 0.0;
    }
    return CLV_OK;
}
