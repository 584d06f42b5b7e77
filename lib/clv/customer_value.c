/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * A customer's lifetime value from fitted models (clv.h, group clv_value_model): margin x
 * expected spend (Gamma-Gamma, Fader & Hardie 2013 eq. 5) x the expected purchases of each
 * future period discounted to today (Fader, Hardie & Lee 2005, "RFM and CLV", section on CLV;
 * the discrete form lifetimes and CLVTools compute).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "clv.h"
#include "clv/betageo.h"
#include "clv/curve.h"
#include "clv/kernels.h"
#include "core/options.h"
#include "core/validate.h"
#include "math/quad.h"
#include "math/special.h"

/* Pareto/NBD and BG/BB sum a horizon of more periods than this in one quadrature (their
 * expectations are closed forms of ~1 us). */
#define GEO_DIRECT_PERIODS 64.0
/* Horizons per model call (on the stack). */
#define CURVE_BLOCK 64

int clv_value_options_init(clv_value_options *options) {
    if (options == NULL) {
        return CLV_EINVAL;
    }
    memset(options, 0, sizeof *options);
    options->struct_size = (uint32_t)sizeof *options;
    options->margin = 1.0;
    options->discount_rate = 0.01;
    options->period = 1.0;
    options->horizon = 12.0;
    return CLV_OK;
}

int clv__read_value_options(const clv_value_options *options, clv_value_options *out) {
    int st;
    clv_value_options_init(out);
    if (options == NULL) {
        return CLV_OK;
    }
    /* Two layouts: before the work-progress callback (issue 21), and the current one. */
    if ((st = clv__read_layouts(options, offsetof(clv_value_options, progress), sizeof *out,
                                out)) != CLV_OK) {
        return st;
    }
    if ((st = clv__check_nonneg(out->margin)) != CLV_OK ||
        (st = clv__check_nonneg(out->discount_rate)) != CLV_OK ||
        (st = clv__check_positive(out->period)) != CLV_OK ||
        (st = clv__check_horizon(out->horizon)) != CLV_OK) {
        return (st == CLV_EINVAL) ? CLV_EDOM : st; /* a fractional horizon is a domain error */
    }
    if (isinf(out->horizon) && out->discount_rate == 0.0) {
        return CLV_EDOM; /* an undiscounted infinite horizon is not a value */
    }
    return CLV_OK;
}

/*
 * The discounted value of a live customer whose purchases decay geometrically (Pareto/NBD:
 * e^(-mu tau); BG/BB: (1-theta)^i per opportunity), averaged over the posterior of the dropout
 * rate: one quadrature whatever the horizon and the discount rate (issues 13 and 21).
 *
 * For a period of P time units (or opportunities), D = 1/(1+d) = e^-delta per period, H
 * periods, the sum over the periods of D^k times the part of the decay that falls into period
 * k is, with Y = y P (y = mu, or y = -ln(1-theta)),
 *   sum_(k=1..H) D^k e^(-(k-1)Y) (1 - e^-Y) = G(Y) = D (1 - e^-Y) (1 - (D e^-Y)^H) / (1 - D e^-Y)
 * (a geometric series), times A(y): 1/mu for the continuous decay (the integral of e^(-mu tau)
 * over a period is e^(-mu (k-1) P) (1 - e^(-mu P))/mu; Schmittlein, Morrison & Colombo 1987,
 * whose E[X(t)] is this with D = 1 averaged over mu ~ Gamma(s, beta+T)), and q/(1-q), q =
 * 1-theta, for the opportunities (sum_(i=(k-1)P+1..kP) q^i = q^((k-1)P) q (1 - q^P)/(1 - q);
 * Fader, Hardie & Shang 2010, eqs. 13-14, with theta ~ Beta(gamma, delta+n) for a customer
 * alive at n). Every factor is formed with expm1, so G is exact at D -> 1 and Y -> 0. f = A G
 * is smooth and decreasing in y, with bends at Y ~ delta, 1/H and 1, and tends to
 * f(0) = P sum_(k<=H) D^k as y -> 0.
 *
 * The mean of f over the mixing law is split at a small eps:
 *  - [0, eps]: f(0) times the law's mass there (the lower regularised incomplete gamma by its
 *    series, A&S 6.5.29, or the incomplete beta, math/special.h); eps is 1e-14 of the scale
 *    of f's first bend, so f varies by less than 1e-14 of f(0) there.
 *  - [eps, ...): adaptive Gauss-Kronrod (math/quad.h) in u = ln mu (Gamma) or u = logit(theta)
 *    (Beta), over pieces cut at the law's bump (centre, +-1, 2, 4, 8 widths) and f's bends and
 *    at most MIX_PIECE wide near each cut (doubling towards the middle of a long gap), up to
 *    where the integrand has fallen by e^-46 or more.
 * Work: at most MIX_SERIES_TERMS series terms and CLV__QUAD_CUTS_MAX_INTERVALS rules of 15
 * points (about 2,000 cheap evaluations at most); CLV_ENOCONV if the quadrature misses
 * MIX_TOL within that budget (never seen in the grid of tests/oracles/grid_value.py).
 */
#define MIX_PIECE 4.0
#define MIX_TAIL 46.0
#define MIX_TOL 1e-13
#define MIX_SERIES_TERMS 4000
#define MIX_MAX_CUTS 32

typedef struct mix_ctx {
    int kind;             /* CLV__MIX_GAMMA or CLV__MIX_BETA */
    double a, b;          /* Gamma(a, rate b) or Beta(a, b) */
    double log_norm;      /* a ln b - lnGamma(a), or -ln B(a, b) */
    double P, delta, D, H; /* period, continuous rate per period, e^-delta, horizon */
} mix_ctx;

/* G(Y) above, Y > 0. */
static double geo_g(const mix_ctx *c, double Y) {
    double om = -expm1(-Y);
    double den = -expm1(-(Y + c->delta));
    double fh = isinf(c->H) ? 1.0 : -expm1(-c->H * (Y + c->delta));
    return c->D * om * fh / den;
}

static void mix_integrand(const void *vctx, double u, double *out) {
    const mix_ctx *c = vctx;
    if (c->kind == CLV__MIX_GAMMA) {
        double mu = exp(u);
        double ld = c->a * u - c->b * mu + c->log_norm; /* density of ln mu */
        out[0] = (mu > 0.0 && isfinite(mu)) ? exp(ld) * geo_g(c, mu * c->P) / mu : 0.0;
        return;
    }
    /* theta = 1/(1+e^-u): ln theta, ln(1-theta) without cancellation. */
    double lt, l1t;
    if (u >= 0.0) {
        lt = -log1p(exp(-u));
        l1t = -u + lt;
    } else {
        l1t = -log1p(exp(u));
        lt = u + l1t;
    }
    double y = -l1t;                       /* -ln(1-theta) */
    double a_of = exp(l1t - lt);           /* q/theta */
    double ld = c->a * lt + c->b * l1t + c->log_norm; /* density of logit(theta) */
    out[0] = (y > 0.0) ? exp(ld) * a_of * geo_g(c, y * c->P) : 0.0;
}

/* P(a, z), the lower regularised incomplete gamma function, by z^a e^-z / Gamma(a+1)
 * sum_k z^k / ((a+1)...(a+k)) (A&S 6.5.29; terms positive, ratio z/(a+k+1) falling):
 * NaN past MIX_SERIES_TERMS terms. */
static double lower_gamma_reg(double a, double z) {
    if (z == 0.0) {
        return 0.0;
    }
    double t = 1.0, sum = 1.0;
    for (int k = 1; k <= MIX_SERIES_TERMS; k++) {
        t *= z / (a + k);
        sum += t;
        double ratio = z / (a + k + 1.0);
        if (ratio < 1.0 && t * ratio / (1.0 - ratio) <= 1e-17 * sum) {
            return exp(a * log(z) - z - clv__lgamma(a + 1.0)) * sum;
        }
    }
    return NAN;
}

int clv__geo_value_mean(int kind, double a, double b, double period, double discount,
                        double horizon, double *mean) {
    mix_ctx c;
    c.kind = kind;
    c.a = a;
    c.b = b;
    c.P = period;
    c.delta = log1p(discount);
    c.D = 1.0 / (1.0 + discount);
    c.H = horizon;
    if (!(c.delta > 0.0) && isinf(horizon)) {
        return CLV_EDOM;
    }
    /* f(0) = P sum_(k<=H) D^k = P D (1 - D^H)/(1 - D), or P H undiscounted. */
    double s0;
    if (c.delta == 0.0) {
        s0 = horizon;
    } else {
        double part = isinf(horizon) ? 1.0 : -expm1(-horizon * c.delta);
        s0 = part / expm1(c.delta);
    }
    double f0 = period * s0;
    /* f's first bend, in y: Y = min(1, delta + 1/H) (whichever comes first as Y grows). */
    double bend = fmin(1.0, c.delta + (isinf(horizon) ? 0.0 : 1.0 / horizon)) / period;
    double eps = fmax(1e-14 * bend, 1e-300);
    double lo, hi, center, width, left_mass;
    double cuts[MIX_MAX_CUTS];
    int nc = 0;
    if (kind == CLV__MIX_GAMMA) {
        c.log_norm = a * log(b) - clv__lgamma(a);
        lo = log(eps);
        hi = log((a + 12.0 * sqrt(a) + 60.0) / b);
        center = log(a / b);
        width = 1.0 / sqrt(a);
        left_mass = lower_gamma_reg(a, b * eps);
    } else {
        c.log_norm = -clv__lbeta(a, b);
        lo = log(eps) - log1p(-eps);
        center = log(a) - log(b);
        width = sqrt(1.0 / a + 1.0 / b);
        hi = fmax(fmax(0.0, log(a)), center) + MIX_TAIL;
        left_mass = clv__beta_inc(a, b, eps, 1.0 - eps, log(eps), log1p(-eps));
    }
    if (!isfinite(left_mass) || !isfinite(c.log_norm) || !isfinite(hi) || !isfinite(center)) {
        return isfinite(c.log_norm) ? CLV_ENOCONV : CLV_ERANGE;
    }
    if (hi <= lo) {
        hi = lo + MIX_PIECE; /* all the mass below eps (not reached: eps is tiny) */
    }
    cuts[nc++] = lo;
    cuts[nc++] = hi;
    cuts[nc++] = 0.0;
    cuts[nc++] = log(c.delta / period);
    cuts[nc++] = -log(period);
    if (!isinf(horizon)) {
        cuts[nc++] = -log(horizon * period);
    }
    cuts[nc++] = center;
    if (width < MIX_PIECE) {
        for (double k = 1.0; k <= 8.0; k *= 2.0) {
            cuts[nc++] = center - k * width;
            cuts[nc++] = center + k * width;
        }
    }
    double pieces[CLV__QUAD_CUTS_MAX_INTERVALS + 1];
    int np = clv__quad_pieces(cuts, nc, lo, hi, MIX_PIECE, pieces);
    double known = f0 * left_mass;
    double rest = 0.0;
    double err = clv__quad_cuts(mix_integrand, &c, pieces, np, MIX_TOL, MIX_TOL * known, &rest);
    double value = known + rest;
    if (!isfinite(value)) {
        return CLV_ERANGE;
    }
    if (!(err <= 10.0 * MIX_TOL * value) || !(value >= 0.0)) {
        return CLV_ENOCONV;
    }
    *mean = value;
    return CLV_OK;
}

/* E[X(t_i) | x, t_x, T] of the model for n horizons (for BG/BB, whole opportunities),
 * validated and with the history's part computed once per call. */
static int expected_curve(const clv_purchase_model *m, double x, double t_x, double T,
                          const double *t, size_t n, double *e) {
    switch (m->model) {
    case CLV_MODEL_BGNBD:
        return clv__bg_expected_curve(m->params, 0, x, t_x, T, t, n, e);
    case CLV_MODEL_MBGNBD:
        return clv__bg_expected_curve(m->params, 1, x, t_x, T, t, n, e);
    case CLV_MODEL_PNBD:
        return clv__pnbd_expected_curve(m->params, x, t_x, T, t, n, e);
    case CLV_MODEL_BGBB:
        return clv__bgbb_expected_curve(m->params, x, t_x, T, t, n, e);
    default:
        return CLV_EINVAL;
    }
}

/* The expected spend per purchase: Gamma-Gamma's conditional mean, or monetary itself. */
static int spend_of(const clv_gg_params *gg, double x, double monetary, double *spend) {
    if (gg != NULL) {
        return clv_gg_expected_spend(gg, x, monetary, spend);
    }
    if (clv__check_positive(monetary) != CLV_OK) {
        return CLV_EDOM;
    }
    *spend = monetary;
    return CLV_OK;
}

/* Horizons of at most this many periods are summed period by period (each period one
 * expectation: closed forms for Pareto/NBD and BG/BB); longer ones take one quadrature.
 * BG/NBD and MBG/NBD: clv__bg_value_total() (CLV__BG_DIRECT_PERIODS, kernels.h). */
static double direct_periods(int model) {
    (void)model;
    return GEO_DIRECT_PERIODS;
}

/* sum_(k<=H) (1+d)^-k (E[X(kP)] - E[X((k-1)P)]) period by period, H <= direct_periods(),
 * a block of horizons per model call. */
static int period_sum(const clv_purchase_model *model, double x, double t_x, double T,
                      const clv_value_options *o, double *out) {
    int st;
    double t[CURVE_BLOCK];
    double e[CURVE_BLOCK];
    double factor = 1.0 / (1.0 + o->discount_rate);
    double disc = 1.0, prev = 0.0, sum = 0.0;
    for (double k = 1.0; k <= o->horizon;) {
        size_t n = 0;
        for (; n < CURVE_BLOCK && k + (double)n <= o->horizon; n++) {
            t[n] = (k + (double)n) * o->period;
        }
        if ((st = expected_curve(model, x, t_x, T, t, n, e)) != CLV_OK) {
            return st;
        }
        for (size_t i = 0; i < n; i++, k += 1.0) {
            double inc = fmax(e[i] - prev, 0.0); /* rounding when the increment is ~0 */
            disc *= factor;
            sum += inc * disc;
            prev = e[i];
        }
    }
    *out = sum;
    return CLV_OK;
}

int clv_customer_value(const clv_purchase_model *model, const clv_gg_params *spend_model,
                       const clv_value_options *options, double x, double t_x, double T,
                       double monetary, double *value) {
    int st;
    clv_value_options o;
    if (model == NULL || value == NULL || model->reserved != 0) {
        return CLV_EINVAL;
    }
    if (model->model != CLV_MODEL_BGNBD && model->model != CLV_MODEL_PNBD &&
        model->model != CLV_MODEL_MBGNBD && model->model != CLV_MODEL_BGBB) {
        return CLV_EINVAL;
    }
    if ((st = clv__read_value_options(options, &o)) != CLV_OK) {
        return st;
    }
    if (model->model == CLV_MODEL_BGBB && floor(o.period) != o.period) {
        return CLV_EDOM; /* BG/BB counts whole opportunities */
    }
    double spend;
    if ((st = spend_of(spend_model, x, monetary, &spend)) != CLV_OK) {
        return st;
    }
    double sum = 0.0;
    if (o.horizon < 1.0) {
        /* No period to sum: an empty curve validates the model and the history. */
        double none;
        if ((st = expected_curve(model, x, t_x, T, NULL, 0, &none)) != CLV_OK) {
            return st;
        }
    } else if (o.discount_rate == 0.0) {
        /* Undiscounted, a finite sum telescopes to E[X(horizon x period)]: one expectation
         * (an infinite one was refused above). */
        double th = o.horizon * o.period;
        if ((st = expected_curve(model, x, t_x, T, &th, 1, &sum)) != CLV_OK) {
            return st;
        }
        sum = fmax(sum, 0.0);
    } else if (model->model == CLV_MODEL_BGNBD || model->model == CLV_MODEL_MBGNBD) {
        /* The period sum or one quadrature, given alive a function of (x, alpha + T), the
         * kernel of clv_customer_value_rows() (betageo.c). */
        st = clv__bg_value_total(model->params, model->model == CLV_MODEL_MBGNBD, x, t_x, T,
                                 o.period, o.discount_rate, o.horizon, &sum);
    } else if (o.horizon <= direct_periods(model->model)) {
        st = period_sum(model, x, t_x, T, &o, &sum);
    } else if (model->model == CLV_MODEL_PNBD) {
        st = clv__pnbd_value_sum(model->params, x, t_x, T, o.period, o.discount_rate, o.horizon,
                                 &sum);
    } else { /* BG/BB */
        st = clv__bgbb_value_sum(model->params, x, t_x, T, o.period, o.discount_rate, o.horizon,
                                 &sum);
    }
    if (st != CLV_OK) {
        return st;
    }
    double v = o.margin * spend * sum;
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *value = v;
    return CLV_OK;
}

/* ---- clv_customer_value_rows() for BG/NBD and MBG/NBD ------------------------------------ */

typedef struct bg_rows_ctx {
    const clv_gg_params *gg;
    const clv_value_options *o;
    const clv_rfm_view *d;
} bg_rows_ctx;

/* margin x spend of row i, checked as clv_customer_value() checks it (first). */
static int bg_rows_factor(const void *vctx, size_t i, double *factor) {
    const bg_rows_ctx *c = vctx;
    double spend;
    double monetary = (c->d->monetary != NULL) ? c->d->monetary[i] : NAN;
    /* the spend model's parameters were checked by the caller: clv_gg_expected_spend()
     * without the check per row */
    int st = (c->gg != NULL) ? clv__gg_spend_row(c->gg, c->d->x[i], monetary, &spend)
                             : spend_of(NULL, c->d->x[i], monetary, &spend);
    if (st == CLV_OK) {
        *factor = c->o->margin * spend;
    }
    return st;
}

/* The work callback every CLV_VALUE_ROWS_PER_PROGRESS rows and after the last (rows.c). */
static int bg_rows_progress(const void *vctx, size_t i, size_t count) {
    const bg_rows_ctx *c = vctx;
    size_t done = i + 1;
    if (c->o->progress == NULL || (done % CLV_VALUE_ROWS_PER_PROGRESS != 0 && done != count)) {
        return 0;
    }
    return c->o->progress(c->o->user_data, (uint64_t)done, (uint64_t)count) != 0;
}

/*
 * The same sums as clv_customer_value() (the period sum up to CLV__BG_DIRECT_PERIODS periods,
 * one quadrature beyond, one expectation undiscounted), given alive a function of (x, alpha + T):
 * each row is margin x spend x P(alive) x that function, from the per-x interpolant of
 * clv__bg_query_rows() (all the periods of a row at once, whatever the row order).
 */
int clv__bg_value_rows(const clv__bg_prep *p, const clv_gg_params *spend_model,
                       const clv_value_options *options, const clv_rfm_view *d, double *out,
                       int32_t *row_status) {
    clv__bg_query q = {CLV__BG_VALUE, 0.0, options->period, options->discount_rate,
                       options->horizon};
    bg_rows_ctx c = {spend_model, options, d};
    return clv__bg_query_rows(p, &q, d, bg_rows_factor, bg_rows_progress, &c, out, row_status);
}
