/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Customer referral value (Kumar, Petersen & Leone 2007, HBR 85(10); 2010, J. Marketing
 * 74(5)): the value of the customers a customer refers, net of those who would have joined
 * anyway (for whom only the saved acquisition cost counts), less the cost of the referrals,
 * discounted (referral.h, group clv_crv):
 *   CRV = sum_{t=1..T} n_t [ (1 - w_t) V + w_t A - a ] / (1 + d)^t.
 * The discount factor of period t is exp(-t log1p(d)): one rounding per period instead of
 * the t roundings of a running product, and no loss for small d.
 */
#include <math.h>

#include "core/validate.h"
#include "referral.h"

int clv_crv_value(const clv_crv_params *params, const double *referrals, const double *anyway_share,
                  size_t n_periods, double clv, clv_crv_result *result) {
    int st;
    if (params == NULL || referrals == NULL || result == NULL || n_periods == 0) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(params->referral_value)) != CLV_OK ||
        (st = clv__check_nonneg(params->acquisition_cost)) != CLV_OK ||
        (st = clv__check_nonneg(params->referral_cost)) != CLV_OK ||
        (st = clv__check_nonneg(params->discount)) != CLV_OK ||
        (st = clv__check_finite(clv)) != CLV_OK) {
        return st;
    }
    for (size_t t = 0; t < n_periods; t++) {
        if ((st = clv__check_nonneg(referrals[t])) != CLV_OK) {
            return st;
        }
        if (anyway_share != NULL && (st = clv__check_prob(anyway_share[t])) != CLV_OK) {
            return st;
        }
    }
    /* Sums of counts, and of counts discounted to time 0; the money comes in at the end, one
     * multiplication per part. */
    double log_growth = log1p(params->discount);
    double incremental = 0.0, anyway = 0.0;
    double pv_incremental = 0.0, pv_anyway = 0.0, pv_all = 0.0;
    for (size_t t = 0; t < n_periods; t++) {
        double w = (anyway_share != NULL) ? anyway_share[t] : 0.0;
        double n_anyway = referrals[t] * w;
        double n_incremental = referrals[t] * (1.0 - w);
        double factor = exp(-(double)(t + 1) * log_growth);
        incremental += n_incremental;
        anyway += n_anyway;
        pv_incremental += n_incremental * factor;
        pv_anyway += n_anyway * factor;
        pv_all += referrals[t] * factor;
    }
    clv_crv_result out;
    out.incremental_customers = incremental;
    out.anyway_customers = anyway;
    out.value_incremental = pv_incremental * params->referral_value;
    out.acquisition_saved = pv_anyway * params->acquisition_cost;
    out.referral_cost = pv_all * params->referral_cost;
    out.crv = out.value_incremental + out.acquisition_saved - out.referral_cost;
    out.clv = clv;
    out.customer_value = clv + out.crv;
    const double all[] = {out.incremental_customers, out.anyway_customers, out.value_incremental,
                          out.acquisition_saved,     out.referral_cost,    out.crv,
                          out.customer_value};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if ((st = clv__check_result(all[i])) != CLV_OK) {
            return st;
        }
    }
    *result = out;
    return CLV_OK;
}
