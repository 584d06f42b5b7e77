/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Net Promoter Score (Reichheld 2003) with its standard error. Each answer scores +1
 * (promoter, 9-10), 0 (passive, 7-8) or -1 (detractor, 0-6); NPS is 100 times the mean score.
 * The variance of one score is E[s^2] - E[s]^2 = p_P + p_D - (p_P - p_D)^2, so
 * SE(NPS) = 100 sqrt(var / n), the trinomial standard error.
 */
#include <math.h>

#include "core/validate.h"
#include "math/normal.h"
#include "referral.h"

int clv_nps_from_counts(double promoters, double passives, double detractors, clv_nps *nps) {
    int st;
    if (nps == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_nonneg(promoters)) != CLV_OK ||
        (st = clv__check_nonneg(passives)) != CLV_OK ||
        (st = clv__check_nonneg(detractors)) != CLV_OK) {
        return st;
    }
    double n = promoters + passives + detractors;
    if (!isfinite(n)) {
        return CLV_ERANGE; /* finite counts whose total overflows */
    }
    if (!(n > 0.0)) {
        return CLV_EDOM;
    }
    double share_p = promoters / n;
    double share_d = detractors / n;
    double mean = share_p - share_d;
    /* p_P + p_D - (p_P - p_D)^2 = p_P (1 - p_P) + p_D (1 - p_D) + 2 p_P p_D: a sum of
     * non-negative terms, with 1 - p taken from the other counts. Written as the difference it
     * cancels catastrophically near all promoters (or all detractors): 10^12 promoters and one
     * detractor lost 5 of the 16 digits. */
    double rest_p = (passives + detractors) / n;
    double rest_d = (passives + promoters) / n;
    double variance = share_p * rest_p + share_d * rest_d + 2.0 * share_p * share_d;
    if (variance > 1.0) { /* rounding at p_P = p_D = 1/2; the maximum is 1 */
        variance = 1.0;
    }
    clv_nps out;
    out.promoters = promoters;
    out.passives = passives;
    out.detractors = detractors;
    out.n = n;
    out.nps = 100.0 * mean;
    out.variance = variance;
    /* sqrt(var)/sqrt(n), not sqrt(var/n): with a subnormal total (weighted counts) var/n
     * overflows to inf although the standard error itself is finite (found by fuzzing). */
    out.std_error = 100.0 * sqrt(variance) / sqrt(n);
    *nps = out;
    return CLV_OK;
}

int clv_nps_from_scores(const double *scores, size_t n, clv_nps *nps) {
    if (scores == NULL || nps == NULL || n == 0) {
        return CLV_EINVAL;
    }
    double promoters = 0.0;
    double passives = 0.0;
    double detractors = 0.0;
    for (size_t i = 0; i < n; i++) {
        double s = scores[i];
        if (!(s >= 0.0 && s <= 10.0) || floor(s) != s) {
            return CLV_EDOM;
        }
        if (s >= 9.0) {
            promoters += 1.0;
        } else if (s >= 7.0) {
            passives += 1.0;
        } else {
            detractors += 1.0;
        }
    }
    return clv_nps_from_counts(promoters, passives, detractors, nps);
}

int clv_nps_interval(const clv_nps *nps, double level, double *lower, double *upper) {
    if (nps == NULL || lower == NULL || upper == NULL) {
        return CLV_EINVAL;
    }
    if (!(level > 0.0 && level < 1.0)) {
        return CLV_EDOM;
    }
    const double fields[] = {nps->promoters, nps->passives, nps->detractors, nps->n,
                             nps->nps,       nps->variance, nps->std_error};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!isfinite(fields[i])) {
            return CLV_EDOM;
        }
    }
    if (!(nps->nps >= -100.0 && nps->nps <= 100.0) || !(nps->std_error >= 0.0) || !(nps->n > 0.0)) {
        return CLV_EDOM;
    }
    /* z = Phi^{-1}((1 + level) / 2) = -Phi^{-1}((1 - level) / 2). The lower-tail form keeps
     * its argument exact and > 0 for every level < 1. (1 + level) / 2 rounds to 1 at the
     * largest level below 1, making z infinite: a zero std_error then gave inf x 0 = NaN and,
     * through fmax/fmin, the interval [-100, 100] instead of [nps, nps]. */
    double z = -clv__normal_quantile(0.5 * (1.0 - level));
    double half = z * nps->std_error;
    *lower = fmax(-100.0, nps->nps - half);
    *upper = fmin(100.0, nps->nps + half);
    return CLV_OK;
}
