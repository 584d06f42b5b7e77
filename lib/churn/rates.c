/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Churn and retention rates of a period, their conversion between period lengths, and the
 * geometric lifetime under a constant churn rate (survival (1-c)^t; mean 1/c).
 */
#include <math.h>

#include "churn.h"
#include "core/validate.h"

int clv_churn_rate(double start_customers, double lost_customers, double new_customers, int method,
                   double *churn, double *retention) {
    int st;
    if (churn == NULL || retention == NULL) {
        return CLV_EINVAL;
    }
    if (method != CLV_CHURN_START && method != CLV_CHURN_AVERAGE && method != CLV_CHURN_EXPOSED) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_nonneg(start_customers)) != CLV_OK ||
        (st = clv__check_nonneg(lost_customers)) != CLV_OK ||
        (st = clv__check_nonneg(new_customers)) != CLV_OK) {
        return st;
    }
    /* The rate is a ratio: when start + new overflows, halve every count (exact for such large
     * values) so two finite counts near DBL_MAX still give their churn. */
    if (!isfinite(start_customers + new_customers)) {
        start_customers *= 0.5;
        lost_customers *= 0.5;
        new_customers *= 0.5;
    }
    double exposed = start_customers + new_customers;
    double denominator;
    if (method == CLV_CHURN_START) {
        if (lost_customers > start_customers) {
            return CLV_EDOM;
        }
        denominator = start_customers;
    } else {
        if (lost_customers > exposed) {
            return CLV_EDOM;
        }
        if (method == CLV_CHURN_AVERAGE) {
            double end_customers = exposed - lost_customers;
            denominator = 0.5 * start_customers + 0.5 * end_customers;
        } else {
            denominator = exposed;
        }
    }
    if (!(denominator > 0.0) || !isfinite(denominator)) {
        return CLV_EDOM;
    }
    double c = lost_customers / denominator;
    /* With CLV_CHURN_AVERAGE, lost can exceed the average count (e.g. start 10, lost 10,
     * new 0: average 5); a churn above 1 is no rate. */
    if (c > 1.0) {
        return CLV_EDOM;
    }
    *churn = c;
    *retention = 1.0 - c;
    return CLV_OK;
}

/* Shared validation of the two conversions. */
static int check_conversion(double rate, double from_length, double to_length) {
    int st;
    if ((st = clv__check_prob(rate)) != CLV_OK ||
        (st = clv__check_positive(from_length)) != CLV_OK ||
        (st = clv__check_positive(to_length)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

int clv_churn_convert(double churn, double from_length, double to_length, double *converted) {
    int st;
    if (converted == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_conversion(churn, from_length, to_length)) != CLV_OK) {
        return st;
    }
    double k = to_length / from_length;
    /* churn = 1: log1p(-1) = -inf, expm1(-inf) = -1, so the result is exactly 1. churn = 0
     * stays 0 for every k; a ratio that overflows to k = inf would otherwise give inf x 0 = NaN. */
    double c = (churn == 1.0) ? 1.0 : (churn == 0.0) ? 0.0 : -expm1(k * log1p(-churn));
    *converted = c;
    return CLV_OK;
}

int clv_retention_convert(double retention, double from_length, double to_length,
                          double *converted) {
    int st;
    if (converted == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_conversion(retention, from_length, to_length)) != CLV_OK) {
        return st;
    }
    /* 0^k = 0 for every k > 0; a ratio that underflows to k = 0 would give pow(0, 0) = 1. */
    *converted = (retention == 0.0) ? 0.0 : pow(retention, to_length / from_length);
    return CLV_OK;
}

int clv_expected_lifetime(double churn, double *periods) {
    if (periods == NULL) {
        return CLV_EINVAL;
    }
    if (clv__check_prob(churn) != CLV_OK) {
        return CLV_EDOM;
    }
    if (churn == 0.0) {
        *periods = INFINITY; /* never churns: a genuinely infinite time */
        return CLV_OK;
    }
    double life = 1.0 / churn;
    if (!isfinite(life)) {
        return CLV_ERANGE; /* a subnormal churn: finite, but beyond a double */
    }
    *periods = life;
    return CLV_OK;
}

int clv_median_lifetime(double churn, double *periods) {
    if (periods == NULL) {
        return CLV_EINVAL;
    }
    if (clv__check_prob(churn) != CLV_OK) {
        return CLV_EDOM;
    }
    double t;
    if (churn == 0.0) {
        t = INFINITY;
    } else if (churn == 1.0) {
        t = 0.0;
    } else {
        t = log(2.0) / -log1p(-churn);
        if (!isfinite(t)) {
            return CLV_ERANGE; /* a subnormal churn: finite, but beyond a double */
        }
    }
    *periods = t;
    return CLV_OK;
}
