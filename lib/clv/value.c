/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Closed-form lifetime value: simple CLV, retention-based discounted CLV (Gupta & Lehmann
 * 2003, "Customers as assets", J. Interactive Marketing 17(1), eq. 2), CAC, LTV:CAC, payback
 * and discount-rate conversion. Geometric sums use expm1/log1p so that retention close to 1
 * and long horizons keep full precision.
 */
#include <math.h>

#include "clv.h"
#include "core/validate.h"

int clv_simple_value(double margin_per_purchase, double purchases_per_period,
                     double lifetime_periods, double *value) {
    int st;
    if (value == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(margin_per_purchase)) != CLV_OK ||
        (st = clv__check_nonneg(purchases_per_period)) != CLV_OK ||
        (st = clv__check_nonneg(lifetime_periods)) != CLV_OK) {
        return st;
    }
    double v = margin_per_purchase * purchases_per_period * lifetime_periods;
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *value = v;
    return CLV_OK;
}

/*
 * Sum of q^t for t = k .. k+N-1 (k = 1 for margins at the end of the period, 0 at the start)
 * with q = r/(1+d) in [0, 1]. Finite N: q^k (1 - q^N)/(1 - q) with 1 - q^N = -expm1(N log q)
 * and 1 - q = (1 + d - r)/(1 + d) formed without cancellation. Infinite N: q^k/(1 - q).
 * The caller has validated r in [0, 1], d >= 0 and the horizon, and excluded r = 1 = 1 + d
 * with an infinite horizon.
 */
static double margin_multiple(double r, double d, double horizon, int timing) {
    double q = r / (1.0 + d);
    double lead = (timing == CLV_MARGIN_END) ? q : 1.0;
    double one_minus_q = ((1.0 - r) + d) / (1.0 + d);
    if (isinf(horizon)) {
        return lead / one_minus_q;
    }
    if (horizon == 0.0) {
        return 0.0;
    }
    if (one_minus_q == 0.0) { /* r = 1, d = 0: every margin counts in full */
        return lead * horizon;
    }
    if (q == 0.0) { /* only the first margin can arrive (timing start) */
        return lead;
    }
    double log_q = log(r) - log1p(d);
    return lead * (-expm1(horizon * log_q)) / one_minus_q;
}

/* Shared validation of clv_retention_value() and clv_margin_multiple(). */
static int check_retention_inputs(double retention, double discount, double horizon, int timing) {
    int st;
    if ((st = clv__check_timing(timing)) != CLV_OK || (st = clv__check_prob(retention)) != CLV_OK ||
        (st = clv__check_nonneg(discount)) != CLV_OK ||
        (st = clv__check_horizon(horizon)) != CLV_OK) {
        return st;
    }
    if (isinf(horizon) && retention >= 1.0 + discount) {
        return CLV_EDIVERGE;
    }
    return CLV_OK;
}

int clv_margin_multiple(double retention, double discount, double horizon, int timing,
                        double *multiple) {
    int st;
    if (multiple == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_retention_inputs(retention, discount, horizon, timing)) != CLV_OK) {
        return st;
    }
    double m = margin_multiple(retention, discount, horizon, timing);
    if ((st = clv__check_result(m)) != CLV_OK) {
        return st;
    }
    *multiple = m;
    return CLV_OK;
}

int clv_retention_value(double margin, double retention, double discount, double horizon,
                        int timing, double *value) {
    int st;
    if (value == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(margin)) != CLV_OK ||
        (st = check_retention_inputs(retention, discount, horizon, timing)) != CLV_OK) {
        return st;
    }
    double v = margin * margin_multiple(retention, discount, horizon, timing);
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *value = v;
    return CLV_OK;
}

int clv_cac(double acquisition_spend, double new_customers, double *cac) {
    int st;
    if (cac == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_nonneg(acquisition_spend)) != CLV_OK ||
        (st = clv__check_positive(new_customers)) != CLV_OK) {
        return st;
    }
    double c = acquisition_spend / new_customers;
    if ((st = clv__check_result(c)) != CLV_OK) {
        return st;
    }
    *cac = c;
    return CLV_OK;
}

int clv_ltv_cac_ratio(double lifetime_value, double cac, double *ratio) {
    int st;
    if (ratio == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(lifetime_value)) != CLV_OK ||
        (st = clv__check_positive(cac)) != CLV_OK) {
        return st;
    }
    double q = lifetime_value / cac;
    if ((st = clv__check_result(q)) != CLV_OK) {
        return st;
    }
    *ratio = q;
    return CLV_OK;
}

/*
 * Invert the cumulative value V(n) = m q^k (1 - q^n)/(1 - q) (k = 1 end, 0 start) for
 * V(n) = cac: q^n = 1 - cac (1 - q)/(m q^k), n = log1p(-cac (1-q)/(m q^k)) / log q.
 */
int clv_payback_periods(double cac, double margin, double retention, double discount, int timing,
                        double *periods) {
    int st;
    if (periods == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_timing(timing)) != CLV_OK || (st = clv__check_nonneg(cac)) != CLV_OK ||
        (st = clv__check_positive(margin)) != CLV_OK ||
        (st = clv__check_prob(retention)) != CLV_OK ||
        (st = clv__check_nonneg(discount)) != CLV_OK) {
        return st;
    }
    double q = retention / (1.0 + discount);
    double one_minus_q = ((1.0 - retention) + discount) / (1.0 + discount);
    double lead = (timing == CLV_MARGIN_END) ? q : 1.0;
    double n;
    if (cac == 0.0) {
        n = 0.0;
    } else if (one_minus_q == 0.0) {
        n = cac / margin; /* r = 1, d = 0: the plain payback */
    } else if (q == 0.0) {
        /* Only the margin at acquisition (timing start) ever arrives. */
        if (timing == CLV_MARGIN_END || cac > margin) {
            *periods = INFINITY;
            return CLV_OK;
        }
        n = cac / margin;
    } else {
        double share = cac * one_minus_q / (margin * lead); /* cac / infinite-horizon CLV */
        if (!(share < 1.0)) {                               /* also when share overflows to inf */
            *periods = INFINITY;
            return CLV_OK;
        }
        n = log1p(-share) / (log(retention) - log1p(discount));
    }
    /* Repaid, but after more periods than a double holds: not the same as "never". */
    if ((st = clv__check_result(n)) != CLV_OK) {
        return st;
    }
    *periods = n;
    return CLV_OK;
}

int clv_discount_rate_convert(double rate, double from_length, double to_length,
                              double *converted) {
    int st;
    if (converted == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(rate)) != CLV_OK ||
        (st = clv__check_positive(from_length)) != CLV_OK ||
        (st = clv__check_positive(to_length)) != CLV_OK) {
        return st;
    }
    if (!(rate > -1.0)) {
        return CLV_EDOM;
    }
    /* A rate of 0 stays 0 for every ratio; k = inf would otherwise give inf x 0 = NaN. */
    double c = (rate == 0.0) ? 0.0 : expm1((to_length / from_length) * log1p(rate));
    if ((st = clv__check_result(c)) != CLV_OK) {
        return st;
    }
    *converted = c;
    return CLV_OK;
}

int clv_discount_rate_to_continuous(double rate, double length, double *delta) {
    int st;
    if (delta == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(rate)) != CLV_OK || (st = clv__check_positive(length)) != CLV_OK) {
        return st;
    }
    if (!(rate > -1.0)) {
        return CLV_EDOM;
    }
    double v = log1p(rate) / length; /* e^(delta length) = 1 + rate */
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *delta = v;
    return CLV_OK;
}

int clv_discount_rate_from_continuous(double delta, double length, double *rate) {
    int st;
    if (rate == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(delta)) != CLV_OK ||
        (st = clv__check_positive(length)) != CLV_OK) {
        return st;
    }
    double v = expm1(delta * length);
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *rate = v;
    return CLV_OK;
}
