/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * A simulated sBG cohort (issue 14). In the shifted-beta-geometric model (Fader & Hardie 2007,
 * "How to project customer retention", J. Interactive Marketing 21(1), sec. 2) each customer
 * cancels at the end of every period with their own probability theta ~ Beta(alpha, beta),
 * customers independent. Given that a customer survived t - 1 renewals, their theta is
 * Beta(alpha, beta + t - 1) (the posterior after t - 1 failures to cancel), so each of the
 * n_(t-1) survivors cancels in period t with probability alpha / (alpha + beta + t - 1),
 * independently of the others: the survivor counts form the chain n_t = n_(t-1) -
 * Binomial(n_(t-1), alpha / (alpha + beta + t - 1)), the same law as drawing every customer's
 * theta and duration. Each binomial takes O(log n) variates (lib/math/rng.c), so the work is
 * O(periods log(cohort size)).
 */
#include <math.h>
#include <stddef.h>

#include "churn.h"
#include "clv.h"
#include "math/rng.h"

int clv_sbg_simulate(clv_rng *rng, const clv_sbg_params *params, double cohort_size,
                     uint32_t periods, double *alive) {
    if (rng == NULL || params == NULL || alive == NULL || !clv__rng_ok(rng)) {
        return CLV_EINVAL;
    }
    if (!(params->alpha > 0.0) || !isfinite(params->alpha) || !(params->beta > 0.0) ||
        !isfinite(params->beta)) {
        return CLV_EDOM;
    }
    if (!(cohort_size >= 0.0) || !(cohort_size <= CLV_SBG_SIMULATE_MAX_COHORT) ||
        cohort_size != floor(cohort_size)) {
        return CLV_EDOM;
    }
    double n = cohort_size;
    alive[0] = n;
    for (uint32_t t = 1; t <= periods; t++) {
        if (n > 0.0) {
            double p = params->alpha / (params->alpha + params->beta + (double)(t - 1));
            n -= clv__rng_binomial(rng, n, p);
        }
        alive[t] = n;
    }
    return CLV_OK;
}
