/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to
 * project customer retention", Journal of Interactive Marketing 21(1) 76-90): a customer
 * cancels at the end of each period with probability theta, theta ~ Beta(alpha, beta) across
 * customers. P(T = t) = B(alpha+1, beta+t-1)/B(alpha, beta), S(t) = B(alpha, beta+t)/
 * B(alpha, beta); likelihood of censored durations and of survivor counts (eq. B3) with the
 * analytic gradient, fit, survival, churn probability, retention rate, projection, expected
 * lifetime, and DEL / DERL (Fader & Hardie 2010, "Customer-base valuation in a contractual
 * setting: the perils of ignoring heterogeneity", Marketing Science 29(1) 85-93, eq. 6).
 */
#include <math.h>
#include <string.h>

#include "churn.h"
#include "clv/fit.h"
#include "core/diag.h"
#include "core/validate.h"
#include "math/special.h"

/* Horizons up to this many periods are summed term by term by clv_sbg_expected_lifetime();
 * longer ones through the closed form (relative error of the sum below 1e-13). */
#define SUM_HORIZON_MAX 1000.0

static int check_params(const clv_sbg_params *p) {
    const double theta[2] = {p->alpha, p->beta};
    return clv__check_params(theta, 2);
}

/* A whole number of periods >= lo: CLV_EDOM if negative, below lo or not finite, CLV_EINVAL
 * if finite but not whole (clv.h: a non-integer where a whole number is required). */
static int check_period(double t, double lo) {
    if (!isfinite(t) || !(t >= lo)) {
        return CLV_EDOM;
    }
    return (floor(t) == t) ? CLV_OK : CLV_EINVAL;
}

/* The first invalid row or count, recorded in `diag` (may be null; see clv.h, "Diagnostics"):
 * which row (durations) or which cohort and period (survivor counts), field and rule. */
static int check_durations(const clv_sbg_durations *d, clv_diag *diag) {
    if (d->duration == NULL || d->churned == NULL) {
        return clv__diag_set(diag, CLV_EINVAL,
                             d->duration == NULL ? CLV_FIELD_DURATION : CLV_FIELD_CHURNED,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (d->count == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    for (size_t i = 0; i < d->count; i++) {
        double t = d->duration[i];
        if (!isfinite(t) || !(t >= 1.0) || floor(t) != t) {
            int rule = !isfinite(t) ? CLV_RULE_NOT_FINITE
                       : !(t >= 1.0) ? CLV_RULE_BELOW_MIN
                                     : CLV_RULE_NOT_WHOLE;
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_DURATION, rule, i, t,
                                 rule == CLV_RULE_BELOW_MIN ? 1.0 : 0.0);
        }
        if (d->churned[i] != 0 && d->churned[i] != 1) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_CHURNED, CLV_RULE_BAD_FLAG, i,
                                 (double)d->churned[i], 0.0);
        }
        if (d->weight != NULL && clv__check_nonneg(d->weight[i]) != CLV_OK) {
            double w = d->weight[i];
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_WEIGHT,
                                 isfinite(w) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE, i, w, 0.0);
        }
    }
    return CLV_OK;
}

/* row of a survivor count in a diag: the cohort times 2^32 plus the period (clv.h) */
static uint64_t alive_row(size_t k, uint32_t t) {
    return ((uint64_t)k << 32) | t;
}

static int check_cohorts(const clv_sbg_cohort *c, size_t n, clv_diag *diag) {
    if (c == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COHORT, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    for (size_t k = 0; k < n; k++) {
        if (c[k].alive == NULL) {
            return clv__diag_row(diag, CLV_EINVAL, CLV_FIELD_COHORT, CLV_RULE_MISSING, k, 0.0,
                                 0.0);
        }
        if (c[k].reserved != 0) {
            return clv__diag_row(diag, CLV_EINVAL, CLV_FIELD_COHORT, CLV_RULE_RESERVED, k,
                                 (double)c[k].reserved, 0.0);
        }
    }
    for (size_t k = 0; k < n; k++) {
        const double *a = c[k].alive;
        if (clv__check_nonneg(a[0]) != CLV_OK) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_ALIVE,
                                 isfinite(a[0]) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE,
                                 alive_row(k, 0), a[0], 0.0);
        }
        /* a[0] is finite and >= 0, so 0 <= a[t] <= a[t-1] makes every count finite too
         * (NaN fails both): two comparisons a period, ~1 ns, for 1e7-period cohorts. */
        for (uint32_t t = 1; t <= c[k].periods; t++) {
            if (!(a[t] >= 0.0 && a[t] <= a[t - 1])) {
                int rule = !isfinite(a[t]) ? CLV_RULE_NOT_FINITE
                           : a[t] < 0.0    ? CLV_RULE_NEGATIVE
                                           : CLV_RULE_INCREASING;
                return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_ALIVE, rule, alive_row(k, t),
                                     a[t], rule == CLV_RULE_INCREASING ? a[t - 1] : 0.0);
            }
        }
    }
    return CLV_OK;
}

/* ---- likelihood -------------------------------------------------------------------------- */

/*
 * The Beta-function ratios of FH 2007 as ratios of gamma functions, each a difference of two
 * log-gamma ratios lnG(x + shift) - lnG(x). Their absolute error grows with the size of the
 * shift (~shift x log x ulps), so the shift is the smaller of alpha and t:
 *   log S(t) = log B(alpha, beta+t) - log B(alpha, beta)
 *            = [lnG(beta+alpha) - lnG(beta)] - [lnG(beta+t+alpha) - lnG(beta+t)]   (shift alpha)
 *            = [lnG(beta+t) - lnG(beta)] - [lnG(alpha+beta+t) - lnG(alpha+beta)]   (shift t),
 *   log P(T = t) = log B(alpha+1, beta+t-1) - log B(alpha, beta)
 *            = log alpha + [lnG(beta+alpha) - lnG(beta)]
 *              - [lnG(beta+t-1+alpha+1) - lnG(beta+t-1)]                              (shift alpha)
 *            = -log1p(beta/alpha) + [lnG(beta+t-1) - lnG(beta)]
 *              - [lnG(alpha+beta+1+t-1) - lnG(alpha+beta+1)]                          (shift t).
 * Both forms are exact; the first keeps S(10^6) to 1e-13 for parameters of real data, the
 * second serves a huge alpha. NaN only when alpha and t are both beyond ~1e305.
 * With D = psi(alpha+beta+t) - psi(alpha+beta) the gradients are
 *   d log P / d alpha = 1/alpha - D,  d log P / d beta = psi(beta+t-1) - psi(beta) - D,
 *   d log S / d alpha = -D,           d log S / d beta = psi(beta+t) - psi(beta) - D.
 */
/* lr_ba = lnG(beta+alpha) - lnG(beta), the same for every t: a table's sum computes it once. */
static double log_churn_prob(double a, double b, double t, double lr_ba) {
    if (a + 1.0 <= t) {
        return log(a) + lr_ba - clv__lgamma_ratio(b + (t - 1.0), a + 1.0);
    }
    return -log1p(b / a) + clv__lgamma_ratio(b, t - 1.0) - clv__lgamma_ratio(a + b + 1.0, t - 1.0);
}

static double log_survival(double a, double b, double t, double lr_ba) {
    if (a <= t) {
        return lr_ba - clv__lgamma_ratio(b + t, a);
    }
    return clv__lgamma_ratio(b, t) - clv__lgamma_ratio(a + b, t);
}

static double durations_sum(double a, double b, const clv_sbg_durations *d, double *grad,
                            clv__ticker *tick) {
    double ll = 0.0;
    double ga = 0.0;
    double gb = 0.0;
    double lr_ba = clv__lgamma_ratio(b, a);
    for (size_t i = 0; i < d->count; i++) {
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        if (w == 0.0) {
            continue;
        }
        if (clv__tick(tick, 1)) { /* a row: a few log-gamma and digamma differences */
            return NAN;
        }
        double t = d->duration[i];
        if (d->churned[i]) {
            ll += w * log_churn_prob(a, b, t, lr_ba);
        } else {
            ll += w * log_survival(a, b, t, lr_ba);
        }
        if (grad != NULL) {
            double dd = clv__digamma_diff(a + b, t);
            if (d->churned[i]) {
                ga += w * (1.0 / a - dd);
                gb += w * (clv__digamma_diff(b, t - 1.0) - dd);
            } else {
                ga -= w * dd;
                gb += w * (clv__digamma_diff(b, t) - dd);
            }
        }
    }
    if (grad != NULL) {
        grad[0] = ga;
        grad[1] = gb;
    }
    return ll;
}

/*
 * FH 2007, eq. B3 for one cohort: sum_t n_t log P(T = t) + alive[n] log S(n), n_t =
 * alive[t-1] - alive[t]. Walked period by period with r(t) = (beta+t-1)/(alpha+beta+t-1):
 * log S(t) = log S(t-1) + log r(t), log P(T = t) = log S(t-1) + log(1 - r(t)), where
 * log r(t) = -log1p(alpha/(beta+t-1)) and 1 - r(t) = alpha/(alpha+beta+t-1); one log1p and
 * one log per period, and the gradients as sums of reciprocals (no digamma).
 *
 * A run of L >= RUN_MIN periods without a loss (a long-lived cohort's tail) is stepped over at
 * once: with b0 = b+t-1 its log r(t) sum telescopes to [lnG(b0+a) - lnG(b0)] -
 * [lnG(b0+L+a) - lnG(b0+L)], and its reciprocal sums to digamma differences, so a
 * cohort of 1e7 periods with a few hundred periods of losses costs a comparison a period
 * (issue 21) instead of a log1p, a log and three divisions.
 */
#define RUN_MIN 64u
/* Periods walked between two ticks, and the units of work they count (fit.h): a period is
 * one log1p, one log and three divisions, ~0.1 us, half a unit: the callback is consulted
 * about every 32,768 periods. */
#define PERIODS_PER_TICK 4096u
#define UNITS_PER_TICK 2048u

static double cohort_sum(double a, double b, const clv_sbg_cohort *c, double *ga, double *gb,
                         clv__ticker *tick) {
    double ls = 0.0;  /* log S(t-1) */
    double dsa = 0.0; /* d log S(t-1) / d alpha */
    double dsb = 0.0; /* d log S(t-1) / d beta */
    double ll = 0.0;
    double la = log(a);
    const double *alive = c->alive;
    for (uint32_t t = 1; t <= c->periods; t++) {
        if (t % PERIODS_PER_TICK == 0 && clv__tick(tick, UNITS_PER_TICK)) {
            return NAN; /* cancelled: the caller sees tick->cancelled */
        }
        if (alive[t - 1] == alive[t]) {
            uint32_t j = t; /* the run of periods t..j-1 without a loss */
            while (j <= c->periods && alive[j - 1] == alive[j]) {
                if (j % PERIODS_PER_TICK == 0 && clv__tick(tick, UNITS_PER_TICK / 64u)) {
                    return NAN; /* a comparison a period: 1/64 of the work of one above */
                }
                j++;
            }
            double len = (double)(j - t);
            if (j - t >= RUN_MIN) {
                double b0 = b + (double)(t - 1); /* beta + t - 1 */
                /* grouped by alpha-shift, not by run length: each part is ~alpha log b0,
                 * not ~L log L, so nothing cancels */
                ls += clv__lgamma_ratio(b0, a) - clv__lgamma_ratio(b0 + len, a);
                dsa -= clv__digamma_diff(a + b0, len);
                dsb += clv__digamma_diff(b0, a) - clv__digamma_diff(b0 + len, a);
                t = j - 1; /* the loop's t++ goes on at j */
                continue;
            }
        }
        double bt = b + (double)(t - 1); /* beta + t - 1 */
        double s = a + bt;               /* alpha + beta + t - 1 */
        double lost = alive[t - 1] - alive[t];
        if (lost > 0.0) {
            ll += lost * (ls + la - log(s));
            *ga += lost * (dsa + bt / (a * s)); /* 1/alpha - 1/s */
            *gb += lost * (dsb - 1.0 / s);
        }
        ls -= log1p(a / bt);
        dsa -= 1.0 / s;
        dsb += a / (bt * s); /* 1/(beta+t-1) - 1/s */
    }
    double n = alive[c->periods];
    if (n > 0.0) {
        ll += n * ls;
        *ga += n * dsa;
        *gb += n * dsb;
    }
    return ll;
}

typedef struct cohort_set {
    const clv_sbg_cohort *cohorts;
    size_t n;
} cohort_set;

static double cohorts_sum(double a, double b, const cohort_set *s, double *grad,
                          clv__ticker *tick) {
    double ll = 0.0;
    double ga = 0.0;
    double gb = 0.0;
    for (size_t k = 0; k < s->n; k++) {
        ll += cohort_sum(a, b, &s->cohorts[k], &ga, &gb, tick);
        if (clv__tick(tick, 1) || (tick != NULL && tick->cancelled)) {
            return NAN;
        }
    }
    if (grad != NULL) {
        grad[0] = ga;
        grad[1] = gb;
    }
    return ll;
}

int clv_sbg_loglik(const clv_sbg_params *params, const clv_sbg_durations *data, double *loglik,
                   double *gradient) {
    int st;
    if (params == NULL || data == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_durations(data, NULL)) != CLV_OK || (st = check_params(params)) != CLV_OK) {
        return st;
    }
    double g[2];
    double ll = durations_sum(params->alpha, params->beta, data, g, NULL);
    return clv__loglik_out(ll, g, 2, loglik, gradient);
}

int clv_sbg_loglik_cohorts(const clv_sbg_params *params, const clv_sbg_cohort *cohorts,
                           size_t n_cohorts, double *loglik, double *gradient) {
    int st;
    if (params == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_cohorts(cohorts, n_cohorts, NULL)) != CLV_OK ||
        (st = check_params(params)) != CLV_OK) {
        return st;
    }
    const cohort_set set = {cohorts, n_cohorts};
    double g[2];
    double ll = cohorts_sum(params->alpha, params->beta, &set, g, NULL);
    return clv__loglik_out(ll, g, 2, loglik, gradient);
}

/* ---- fits -------------------------------------------------------------------------------- */

/* The fits' evaluations consult the progress callback within the sums (fit.h). */
static int eval_durations(const void *ctx, const double *theta, double *loglik, double *grad,
                          clv__ticker *tick) {
    double ll = durations_sum(theta[0], theta[1], (const clv_sbg_durations *)ctx, grad, tick);
    if (tick->cancelled) {
        return CLV_ECANCELED;
    }
    *loglik = (isfinite(ll) && isfinite(grad[0]) && isfinite(grad[1])) ? ll : -INFINITY;
    return CLV_OK;
}

static int eval_cohorts(const void *ctx, const double *theta, double *loglik, double *grad,
                        clv__ticker *tick) {
    double ll = cohorts_sum(theta[0], theta[1], (const cohort_set *)ctx, grad, tick);
    if (tick->cancelled) {
        return CLV_ECANCELED;
    }
    *loglik = (isfinite(ll) && isfinite(grad[0]) && isfinite(grad[1])) ? ll : -INFINITY;
    return CLV_OK;
}

/* Customers who churned (total weight): with none, the likelihood keeps rising as alpha -> 0
 * (every customer immortal) and there is no maximum to find. */
static double churned_durations(const clv_sbg_durations *d) {
    double n = 0.0;
    for (size_t i = 0; i < d->count; i++) {
        n += (d->churned[i] == 1) ? ((d->weight != NULL) ? d->weight[i] : 1.0) : 0.0;
    }
    return n;
}

static double churned_cohorts(const clv_sbg_cohort *c, size_t n_cohorts) {
    double n = 0.0;
    for (size_t k = 0; k < n_cohorts; k++) {
        n += c[k].alive[0] - c[k].alive[c[k].periods];
    }
    return n;
}

/* Copy the estimate out; a fit with no churn at all is CLV_ENOCONV whatever the optimizer
 * said (its point is a drift towards alpha = 0, not a maximum), and the report says so. */
static int fit_out(int st, const double *theta, double churned, clv_sbg_params *params,
                   clv_fit_report *report, clv_diag *diag) {
    if (st == CLV_OK && !(churned > 0.0)) {
        st = clv__diag_set(diag, CLV_ENOCONV, CLV_FIELD_NONE, CLV_RULE_NO_CHURN, churned, 0.0);
        if (report != NULL) {
            report->converged = 0;
        }
    }
    if (st == CLV_OK || st == CLV_ENOCONV || st == CLV_ECANCELED) {
        params->alpha = theta[0];
        params->beta = theta[1];
    }
    return st;
}

int clv_sbg_fit(const clv_sbg_durations *data, const clv_fit_options *options,
                clv_sbg_params *params, clv_fit_report *report) {
    int st;
    double theta[CLV_MAX_PARAMS];
    clv_diag *diag = clv__fit_diag(options);
    clv__diag_clear(diag);
    if (data == NULL || params == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, data == NULL ? CLV_FIELD_DURATION : CLV_FIELD_PARAMS,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if ((st = check_durations(data, diag)) != CLV_OK) {
        return st;
    }
    st = clv__fit_run(CLV_MODEL_SBG, options, eval_durations, data, theta, report);
    return fit_out(st, theta, churned_durations(data), params, report, diag);
}

int clv_sbg_fit_cohorts(const clv_sbg_cohort *cohorts, size_t n_cohorts,
                        const clv_fit_options *options, clv_sbg_params *params,
                        clv_fit_report *report) {
    int st;
    double theta[CLV_MAX_PARAMS];
    clv_diag *diag = clv__fit_diag(options);
    clv__diag_clear(diag);
    if (params == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_PARAMS, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if ((st = check_cohorts(cohorts, n_cohorts, diag)) != CLV_OK) {
        return st;
    }
    const cohort_set set = {cohorts, n_cohorts};
    st = clv__fit_run(CLV_MODEL_SBG, options, eval_cohorts, &set, theta, report);
    return fit_out(st, theta, churned_cohorts(cohorts, n_cohorts), params, report, diag);
}

/* ---- the retention curve ----------------------------------------------------------------- */

int clv_sbg_survival(const clv_sbg_params *params, double t, double *survival) {
    int st;
    if (params == NULL || survival == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_period(t, 0.0)) != CLV_OK) {
        return st;
    }
    double v = exp(log_survival(params->alpha, params->beta, t,
                                clv__lgamma_ratio(params->beta, params->alpha)));
    if (isnan(v)) {
        return CLV_ERANGE;
    }
    *survival = v;
    return CLV_OK;
}

int clv_sbg_churn_prob(const clv_sbg_params *params, double t, double *p) {
    int st;
    if (params == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_period(t, 1.0)) != CLV_OK) {
        return st;
    }
    double v = exp(log_churn_prob(params->alpha, params->beta, t,
                                  clv__lgamma_ratio(params->beta, params->alpha)));
    if (isnan(v)) {
        return CLV_ERANGE;
    }
    /* Rounding in the log-gamma ratios can take it a few ulps past 1 when alpha and beta are
     * subnormal (alpha 7e-290, beta 3e-317: 1 + 1e-13, found by fuzz_churn). */
    *p = fmin(v, 1.0);
    return CLV_OK;
}

int clv_sbg_retention_rate(const clv_sbg_params *params, double t, double *rate) {
    int st;
    if (params == NULL || rate == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_period(t, 1.0)) != CLV_OK) {
        return st;
    }
    /* r(t) = 1 / (1 + alpha/(beta+t-1)): no overflow for any finite inputs. */
    *rate = 1.0 / (1.0 + params->alpha / (params->beta + (t - 1.0)));
    return CLV_OK;
}

int clv_sbg_project(const clv_sbg_params *params, double cohort_size, size_t count,
                    double *survivors) {
    int st;
    if (params == NULL || survivors == NULL || count == 0) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = clv__check_nonneg(cohort_size)) != CLV_OK) {
        return st;
    }
    double a = params->alpha;
    double b = params->beta;
    double ls = 0.0;
    survivors[0] = cohort_size;
    for (size_t t = 1; t < count; t++) {
        ls -= log1p(a / (b + (double)(t - 1))); /* log r(t) */
        survivors[t] = cohort_size * exp(ls);
    }
    return CLV_OK;
}

/* ---- lifetimes ------------------------------------------------------------------------- */

/* log Gamma(a + e) - log Gamma(a) for a > 0, a + e > 0, either sign of e. */
static double lgamma_shift(double a, double e) {
    return (e >= 0.0) ? clv__lgamma_ratio(a, e) : -clv__lgamma_ratio(a + e, -e);
}

/*
 * E[min(T, H)] = sum_{t=0}^{H-1} S(t). The terms telescope: with g(t) = (alpha+beta+t-1) S(t)
 * / (alpha-1), g(t) - g(t+1) = S(t) because (alpha+beta+t) r(t+1) = beta+t; so the sum is
 * [A - (A+H) S(H)] / (alpha-1), A = alpha+beta-1. For A > 0 write (A+H) S(H) / A = exp(L);
 * L vanishes at alpha = 1 for every H, and with e = alpha - 1
 *   L = log1p(e/(beta+H)) - log1p(e/beta) - [lnG(1+beta+H+e) - lnG(1+beta+H)]
 *       + [lnG(1+beta+e) - lnG(1+beta)],
 * each bracket O(e) with its full relative precision, so A (-expm1(L)) / e keeps its digits
 * as alpha -> 1. At alpha = 1 exactly the sum is beta (psi(beta+H) - psi(beta)).
 */
static double lifetime_closed_form(double a, double b, double h) {
    double e = a - 1.0;
    if (e == 0.0) {
        return b * clv__digamma_diff(b, h);
    }
    double big_a = a + b - 1.0;
    if (big_a > 0.0) {
        double l = log1p(e / (b + h)) - log1p(e / b) - lgamma_shift(1.0 + b + h, e) +
                   lgamma_shift(1.0 + b, e);
        return big_a * -expm1(l) / e;
    }
    /* A <= 0 (alpha + beta <= 1, so alpha < 1): A and -(A+H) S(H) have the same sign. */
    double tail = exp(log(big_a + h) + log_survival(a, b, h, clv__lgamma_ratio(b, a)));
    return (big_a - tail) / e;
}

int clv_sbg_expected_lifetime(const clv_sbg_params *params, double horizon, double *periods) {
    int st;
    if (params == NULL || periods == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = clv__check_horizon(horizon)) != CLV_OK) {
        return st;
    }
    double a = params->alpha;
    double b = params->beta;
    double v;
    if (isinf(horizon)) {
        /* E[T] = E[1/theta] = (alpha+beta-1)/(alpha-1) = 1 + beta/(alpha-1), alpha > 1. */
        if (!(a > 1.0)) {
            return CLV_EDIVERGE;
        }
        v = 1.0 + b / (a - 1.0);
    } else if (horizon <= SUM_HORIZON_MAX) {
        double s = 1.0;
        v = 0.0;
        for (double t = 0.0; t < horizon; t += 1.0) {
            v += s;                         /* S(t) */
            s *= 1.0 / (1.0 + a / (b + t)); /* S(t+1) = S(t) r(t+1) */
        }
    } else {
        v = lifetime_closed_form(a, b, horizon);
        if (isfinite(v)) {
            v = fmin(fmax(v, 1.0), horizon); /* rounding may not leave [1, H] */
        }
    }
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *periods = v;
    return CLV_OK;
}

/* log 2F1(1, b; c; 1/(1+d)) for c >= b > 0, d > 0. When c = b in doubles (alpha lost against
 * a huge beta) the series would crawl: 2F1(1, b; b; z) = 1/(1-z) (A&S 15.1.8) = (1+d)/d,
 * taken from d itself because 1 - z loses digits when d is tiny. Elsewhere the 2F1 sees z
 * rounded to a double, so for d below ~1e-8 the result carries a relative error of about
 * 1e-16/d from that rounding alone. */
static double log_hyp_1(double b, double c, double discount) {
    if (b == c) {
        return log1p(discount) - log(discount);
    }
    return clv__log_hyp2f1(1.0, b, c, 1.0 / (1.0 + discount));
}

/*
 * DERL after n - 1 renewals (Fader & Hardie 2010, eq. 6), d > 0:
 * r(n) 2F1(1, beta+n; alpha+beta+n; z), r(n) = (beta+n-1)/(alpha+beta+n-1), z = 1/(1+d).
 * The 2F1's parameters are >= 1 here, where its series and transformations are fast.
 */
static double derl_discounted(double a, double b, double renewals, double discount) {
    double bn = b + renewals;      /* beta + n - 1 */
    double log_r = -log1p(a / bn); /* log r(n) */
    return exp(log_r + log_hyp_1(bn + 1.0, a + bn + 1.0, discount));
}

/*
 * DEL = sum_{t>=0} S(t) (1+d)^-t = sum_t (beta)_t / (alpha+beta)_t z^t = 2F1(1, beta;
 * alpha+beta; z), z = 1/(1+d) (Fader & Hardie 2010). Evaluated as 1 + z DERL(0 renewals), the
 * contiguous step (b)_n/(c)_n = (b/c) (b+1)_(n-1)/(c+1)_(n-1): the first payment, then the
 * discounted renewals. This keeps the 2F1's parameters >= 1 even for tiny alpha and beta,
 * where the direct series would need millions of terms. At d = 0, Gauss's sum gives E[T].
 */
int clv_sbg_del(const clv_sbg_params *params, double discount, double *del) {
    int st;
    if (params == NULL || del == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = clv__check_nonneg(discount)) != CLV_OK) {
        return st;
    }
    double a = params->alpha;
    double b = params->beta;
    double v;
    if (discount == 0.0) {
        if (!(a > 1.0)) {
            return CLV_EDIVERGE;
        }
        v = 1.0 + b / (a - 1.0);
    } else {
        v = 1.0 + derl_discounted(a, b, 0.0, discount) / (1.0 + discount);
    }
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *del = v;
    return CLV_OK;
}

int clv_sbg_derl(const clv_sbg_params *params, double renewals, double discount, double *derl) {
    int st;
    if (params == NULL || derl == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_period(renewals, 0.0)) != CLV_OK ||
        (st = clv__check_nonneg(discount)) != CLV_OK) {
        return st;
    }
    double a = params->alpha;
    double b = params->beta;
    double bn = b + renewals; /* beta + n - 1 */
    double v;
    if (discount == 0.0) {
        if (!(a > 1.0)) {
            return CLV_EDIVERGE;
        }
        v = bn / (a - 1.0);
    } else {
        v = derl_discounted(a, b, renewals, discount);
    }
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *derl = v;
    return CLV_OK;
}
