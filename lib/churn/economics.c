/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * What retention is worth and what churn costs: the effect of a retention gain on
 * retention-based CLV (Gupta & Lehmann 2003, eq. 2), and the cost of a period's churn from the
 * counts a business keeps (definitions in churn.h, clv_churn_costs).
 */
#include <math.h>

#include "churn.h"
#include "core/validate.h"

int clv_retention_gain(double margin, double retention, double discount, double gain,
                       double horizon, int timing, clv_retention_effect *effect) {
    int st;
    if (effect == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(margin)) != CLV_OK || (st = clv__check_finite(gain)) != CLV_OK) {
        return st;
    }
    if (margin == 0.0) {
        return CLV_EDOM;
    }
    double before;
    double after;
    if ((st = clv_retention_value(margin, retention, discount, horizon, timing, &before)) !=
        CLV_OK) {
        return st;
    }
    double improved = retention + gain;
    if ((st = clv__check_prob(improved)) != CLV_OK) {
        return st;
    }
    if ((st = clv_retention_value(margin, improved, discount, horizon, timing, &after)) != CLV_OK) {
        return st;
    }
    if (before == 0.0) {
        return CLV_EDOM; /* relative change undefined */
    }
    double change = after - before;
    double relative = change / before;
    if ((st = clv__check_result(change)) != CLV_OK ||
        (st = clv__check_result(relative)) != CLV_OK) {
        return st;
    }
    effect->value_before = before;
    effect->value_after = after;
    effect->value_change = change;
    effect->relative_change = relative;
    return CLV_OK;
}

/* x y z for finite x, y, z >= 0 without a spurious overflow: the largest factor meets the
 * smallest first, so a partial product overflows only when the whole product does (and a zero
 * factor gives 0, never inf x 0 = NaN). */
static double product3(double x, double y, double z) {
    double lo = fmin(x, fmin(y, z));
    double hi = fmax(x, fmax(y, z));
    double mid = (x == lo) ? fmin(y, z) : (y == lo) ? fmin(x, z) : fmin(x, y);
    return (lo * hi) * mid;
}

int clv_churn_economics(const clv_churn_counts *counts, clv_churn_costs *costs) {
    int st;
    if (counts == NULL || costs == NULL) {
        return CLV_EINVAL;
    }
    const double fields[] = {counts->churned_customers, counts->purchase_new,
                             counts->purchase_loyal,    counts->loyal_periods,
                             counts->profit_loyal,      counts->acquisition_spend,
                             counts->new_customers,     counts->rework_cost};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if ((st = clv__check_nonneg(fields[i])) != CLV_OK) {
            return st;
        }
    }
    if (!(counts->new_customers > 0.0)) {
        return CLV_EDOM;
    }
    double n = counts->churned_customers;
    clv_churn_costs out;
    out.cac = counts->acquisition_spend / counts->new_customers;
    out.loyal_lifetime_value = counts->profit_loyal * counts->loyal_periods;
    out.lost_lifetime_value = n * out.loyal_lifetime_value;
    out.lost_revenue = product3(n, counts->purchase_loyal, counts->loyal_periods);
    out.replacement_cost = n * out.cac;
    out.revenue_gap = n * (counts->purchase_loyal - counts->purchase_new);
    out.cost_of_churn = out.lost_lifetime_value + out.replacement_cost + counts->rework_cost;
    out.breakeven_retention_spend = out.loyal_lifetime_value + out.cac;
    if (n > 0.0) {
        out.breakeven_retention_spend += counts->rework_cost / n;
    }
    const double results[] = {
        out.cac,           out.loyal_lifetime_value,     out.lost_lifetime_value,
        out.lost_revenue,  out.replacement_cost,         out.revenue_gap,
        out.cost_of_churn, out.breakeven_retention_spend};
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        if ((st = clv__check_result(results[i])) != CLV_OK) {
            return st;
        }
    }
    *costs = out;
    return CLV_OK;
}
