/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* First-generation word-of-mouth reach (definitions in referral.h, clv_wom_reach). */
#include <math.h>

#include "core/validate.h"
#include "referral.h"

int clv_wom_params_init(clv_wom_params *params) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    params->told_satisfied = CLV_WOM_TOLD_SATISFIED;
    params->told_dissatisfied = CLV_WOM_TOLD_DISSATISFIED;
    params->conversion = 0.0;
    params->deterrence = 0.0;
    return CLV_OK;
}

int clv_wom_first_generation(const clv_wom_params *params, double satisfied, double dissatisfied,
                             double customer_value, clv_wom_reach *reach) {
    int st;
    if (params == NULL || reach == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_nonneg(params->told_satisfied)) != CLV_OK ||
        (st = clv__check_nonneg(params->told_dissatisfied)) != CLV_OK ||
        (st = clv__check_prob(params->conversion)) != CLV_OK ||
        (st = clv__check_prob(params->deterrence)) != CLV_OK ||
        (st = clv__check_nonneg(satisfied)) != CLV_OK ||
        (st = clv__check_nonneg(dissatisfied)) != CLV_OK ||
        (st = clv__check_finite(customer_value)) != CLV_OK) {
        return st;
    }
    clv_wom_reach out;
    out.told_positive = satisfied * params->told_satisfied;
    out.told_negative = dissatisfied * params->told_dissatisfied;
    out.customers_won = out.told_positive * params->conversion;
    out.customers_deterred = out.told_negative * params->deterrence;
    out.net_customers = out.customers_won - out.customers_deterred;
    out.value_won = out.customers_won * customer_value;
    out.value_lost = out.customers_deterred * customer_value;
    out.net_value = out.value_won - out.value_lost;
    const double results[] = {out.told_positive, out.told_negative, out.net_customers,
                              out.value_won,     out.value_lost,    out.net_value};
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        if ((st = clv__check_result(results[i])) != CLV_OK) {
            return st;
        }
    }
    *reach = out;
    return CLV_OK;
}
