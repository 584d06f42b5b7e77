/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Churn by reason: customers lost per cause, the lifetime value each cause destroys, shares,
 * the ratio of two causes, and what removing a fraction of one cause is worth (definitions in
 * churn.h, group clv_churn_reasons). Plain bookkeeping on the caller's own counts and values.
 */
#include <math.h>

#include "churn.h"
#include "core/validate.h"

/* Counts and values: every count finite and >= 0, and the value of every reason (the
 * per-reason array, or the common value when it is null) finite and >= 0. */
static int check_reasons(const double *lost, const double *customer_value, size_t n, double value) {
    int st;
    for (size_t i = 0; i < n; i++) {
        if ((st = clv__check_nonneg(lost[i])) != CLV_OK) {
            return st;
        }
        if (customer_value != NULL && (st = clv__check_nonneg(customer_value[i])) != CLV_OK) {
            return st;
        }
    }
    return (customer_value == NULL) ? clv__check_nonneg(value) : CLV_OK;
}

static double reason_value(const double *customer_value, size_t i, double value) {
    return (customer_value != NULL) ? customer_value[i] : value;
}

/* Totals of customers and value lost; CLV_ERANGE if either overflows. */
static int totals(const double *lost, const double *customer_value, size_t n, double value,
                  clv_churn_reason_total *total) {
    double sum_lost = 0.0;
    double sum_value = 0.0;
    for (size_t i = 0; i < n; i++) {
        sum_lost += lost[i];
        sum_value += lost[i] * reason_value(customer_value, i, value);
    }
    if (!isfinite(sum_lost) || !isfinite(sum_value)) {
        return CLV_ERANGE;
    }
    total->lost = sum_lost;
    total->value_lost = sum_value;
    return CLV_OK;
}

int clv_churn_reasons(const double *lost, const double *customer_value, size_t n_reasons,
                      double value, clv_churn_reason *reasons, clv_churn_reason_total *total) {
    int st;
    if (lost == NULL || reasons == NULL || total == NULL || n_reasons == 0) {
        return CLV_EINVAL;
    }
    if ((st = check_reasons(lost, customer_value, n_reasons, value)) != CLV_OK) {
        return st;
    }
    clv_churn_reason_total sums;
    if ((st = totals(lost, customer_value, n_reasons, value, &sums)) != CLV_OK) {
        return st;
    }
    /* Every product is at most the finite total, so nothing below overflows. */
    for (size_t i = 0; i < n_reasons; i++) {
        double v = reason_value(customer_value, i, value);
        double destroyed = lost[i] * v;
        reasons[i].lost = lost[i];
        reasons[i].customer_value = v;
        reasons[i].value_lost = destroyed;
        reasons[i].share = (sums.lost > 0.0) ? lost[i] / sums.lost : 0.0;
        reasons[i].value_share = (sums.value_lost > 0.0) ? destroyed / sums.value_lost : 0.0;
    }
    *total = sums;
    return CLV_OK;
}

int clv_churn_reason_removal(const double *lost, const double *customer_value, size_t n_reasons,
                             double value, size_t reason, double fraction, double base_customers,
                             clv_churn_reason_effect *effect) {
    int st;
    if (lost == NULL || effect == NULL || n_reasons == 0 || reason >= n_reasons) {
        return CLV_EINVAL;
    }
    if ((st = check_reasons(lost, customer_value, n_reasons, value)) != CLV_OK ||
        (st = clv__check_prob(fraction)) != CLV_OK ||
        (st = clv__check_nonneg(base_customers)) != CLV_OK) {
        return st;
    }
    clv_churn_reason_total sums;
    if ((st = totals(lost, customer_value, n_reasons, value, &sums)) != CLV_OK) {
        return st;
    }
    if (base_customers > 0.0 && sums.lost > base_customers) {
        return CLV_EDOM; /* more customers lost than there were */
    }
    clv_churn_reason_effect out;
    out.customers_kept = fraction * lost[reason];
    /* fraction <= 1, so this is at most lost x value of the reason, within the finite total. */
    out.value_saved = out.customers_kept * reason_value(customer_value, reason, value);
    out.lost_before = sums.lost;
    out.lost_after = fmax(sums.lost - out.customers_kept, 0.0);
    if (base_customers > 0.0) {
        out.churn_before = sums.lost / base_customers;
        out.churn_after = out.lost_after / base_customers;
    } else {
        out.churn_before = -1.0; /* no base given: documented as -1 (never NaN) */
        out.churn_after = -1.0;
    }
    *effect = out;
    return CLV_OK;
}

int clv_churn_reason_ratio(const double *lost, size_t n_reasons, size_t numerator,
                           size_t denominator, double *ratio) {
    int st;
    if (lost == NULL || ratio == NULL || numerator >= n_reasons || denominator >= n_reasons) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_nonneg(lost[numerator])) != CLV_OK ||
        (st = clv__check_nonneg(lost[denominator])) != CLV_OK) {
        return st;
    }
    if (lost[denominator] == 0.0) {
        return CLV_EDOM; /* no customer lost to the second reason: no ratio */
    }
    double r = lost[numerator] / lost[denominator];
    if ((st = clv__check_result(r)) != CLV_OK) {
        return st;
    }
    *ratio = r;
    return CLV_OK;
}
