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
#include "core/options.h"
#include "core/validate.h"

/* Past this many periods an infinite-horizon sum is reported as not converged. */
#define MAX_PERIODS 1000000.0
/* Relative size of the bound on the remaining terms at which an infinite sum stops. */
#define SUM_EPS 1e-15
/* BG/NBD and MBG/NBD sum a finite horizon of more periods than this in one quadrature. */
#define BG_DIRECT_PERIODS 1000.0
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
    /* Each block below validates the model and the history; with no period to sum, an
     * empty curve does. */
    double prev = 0.0; /* E[X(0)] */
    if (o.horizon < 1.0 && (st = expected_curve(model, x, t_x, T, NULL, 0, &prev)) != CLV_OK) {
        return st;
    }
    double sum = 0.0;
    double factor = 1.0 / (1.0 + o.discount_rate);
    double disc = 1.0;
    /* A horizon longer than MAX_PERIODS is summed as an infinite one: stopped by the tail
     * bound below, or CLV_ENOCONV (a period-by-period sum of 1e7 or 1e300 periods would run
     * for minutes or for ever). Undiscounted, its sum telescopes to E[X(horizon)]. */
    int long_sum = isinf(o.horizon) || o.horizon > MAX_PERIODS;
    double limit = long_sum ? MAX_PERIODS : o.horizon;
    if (model->model == CLV_MODEL_BGBB && long_sum) {
        limit = floor(CLV_BGBB_MAX_OPPORTUNITIES / o.period); /* BG/BB's own cap */
    }
    /* Undiscounted, a finite sum telescopes to E[X(horizon x period)]: one expectation, not
     * one per period (999,999 periods took minutes where each bracket is a quadrature). */
    if (!isinf(o.horizon) && o.horizon >= 1.0 && o.discount_rate == 0.0) {
        double th = o.horizon * o.period;
        if ((st = expected_curve(model, x, t_x, T, &th, 1, &sum)) != CLV_OK) {
            return st;
        }
        sum = fmax(sum, 0.0);
        long_sum = 0;
        limit = 0.0; /* nothing to sum period by period */
    }
    /* BG/NBD and MBG/NBD: an infinite (or over MAX_PERIODS) discounted sum in one bounded
     * quadrature over the dropout probability, whatever the discount rate and the period
     * (betageo.h): a period-by-period sum needs ~35/d periods (3,500 at 1%, 3.5e13 at
     * 1e-12), each a bracket. */
    int bg = (model->model == CLV_MODEL_BGNBD || model->model == CLV_MODEL_MBGNBD);
    /* A finite horizon of many periods likewise, as the infinite sum less the tail past it,
     * where the horizon discounts by at least 1e-3 (the difference then loses at most three
     * digits; a nearly undiscounted sum goes period by period). */
    int many = !long_sum && o.discount_rate > 0.0 && o.horizon > BG_DIRECT_PERIODS &&
               o.horizon * log1p(o.discount_rate) >= 1e-3;
    if (bg && (long_sum || many)) {
        int shift = (model->model == CLV_MODEL_MBGNBD);
        double h = long_sum ? INFINITY : o.horizon;
        if ((st = clv__bg_value_sum(model->params, shift, x, t_x, T, o.period, o.discount_rate,
                                    h, &sum)) != CLV_OK) {
            return st;
        }
        long_sum = 0;
        limit = 0.0;
    }
    /* The periods' cumulative expectations, a block of horizons per model call. */
    double t[CURVE_BLOCK];
    double e[CURVE_BLOCK];
    double k = 1.0;
    int done = 0;
    while (!done && k <= limit) {
        size_t n = 0;
        for (; n < CURVE_BLOCK && k + (double)n <= limit; n++) {
            t[n] = (k + (double)n) * o.period;
        }
        if ((st = expected_curve(model, x, t_x, T, t, n, e)) != CLV_OK) {
            return st;
        }
        for (size_t i = 0; i < n; i++, k += 1.0) {
            double inc = fmax(e[i] - prev, 0.0); /* rounding when the increment is ~0 */
            disc *= factor;
            sum += inc * disc;
            prev = e[i];
            /* The increments never grow (the purchase rate of the survivors falls and so does
             * the number of survivors), so the rest is at most inc disc f / (1 - f); and a
             * customer certainly gone (inc = 0) expects nothing more. */
            if (long_sum &&
                (inc * disc * factor / (1.0 - factor) <= SUM_EPS * sum || inc == 0.0)) {
                done = 1;
                break;
            }
        }
    }
    if (long_sum && !done) {
        return CLV_ENOCONV;
    }
    double v = o.margin * spend * sum;
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *value = v;
    return CLV_OK;
}
