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

/* A score that an interval or a comparison can use: every field finite, n > 0, nps in
 * [-100, 100], std_error >= 0. The fields are not cross-checked (referral.h). */
static int check_score(const clv_nps *nps) {
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
    return CLV_OK;
}

/* z of the two-sided level (clv__normal_two_sided_quantile): its lower-tail form matters here,
 * since an infinite z times a zero std_error gave NaN and, through fmax/fmin, the interval
 * [-100, 100] instead of [nps, nps]. */
int clv_nps_interval(const clv_nps *nps, double level, double *lower, double *upper) {
    int st;
    if (nps == NULL || lower == NULL || upper == NULL) {
        return CLV_EINVAL;
    }
    if (!(level > 0.0 && level < 1.0)) {
        return CLV_EDOM;
    }
    if ((st = check_score(nps)) != CLV_OK) {
        return st;
    }
    double z = clv__normal_two_sided_quantile(level);
    double half = z * nps->std_error;
    *lower = fmax(-100.0, nps->nps - half);
    *upper = fmin(100.0, nps->nps + half);
    return CLV_OK;
}

/*
 * Two independent samples (referral.h, clv_nps_compare): the difference of two independent
 * means has variance SE_a^2 + SE_b^2 (the standard errors are those of the means already), so
 * SE = hypot(SE_a, SE_b) -- no overflow or underflow in the squares -- and the Wald statistic
 * z = difference / SE is referred to N(0, 1): p = P(|Z| >= |z|) = erfc(|z| / sqrt 2).
 */
int clv_nps_compare(const clv_nps *a, const clv_nps *b, double level,
                    clv_nps_comparison *comparison) {
    int st;
    if (a == NULL || b == NULL || comparison == NULL) {
        return CLV_EINVAL;
    }
    if (!(level > 0.0 && level < 1.0)) {
        return CLV_EDOM;
    }
    if ((st = check_score(a)) != CLV_OK || (st = check_score(b)) != CLV_OK) {
        return st;
    }
    double se = hypot(a->std_error, b->std_error);
    if (!(se > 0.0)) {
        return CLV_EDOM; /* no sampling error on either side: the test is undefined */
    }
    clv_nps_comparison out;
    out.difference = a->nps - b->nps; /* exact range [-200, 200] */
    out.std_error = se;
    out.z = out.difference / se;
    if ((st = clv__check_result(out.z)) != CLV_OK) {
        return st;
    }
    out.p_value = clv__normal_two_sided_p(out.z);
    double half = clv__normal_two_sided_quantile(level) * se;
    out.lower = fmax(-200.0, out.difference - half);
    out.upper = fmin(200.0, out.difference + half);
    *comparison = out;
    return CLV_OK;
}

/*
 * Per-group sample size of a two-sided two-sample z test on the +1/0/-1 score (Chow, Shao &
 * Wang 2008, sec. 3.2.1, with 2 sigma^2 = var_a + var_b):
 *   n = (z_{1-alpha/2} + z_{power})^2 (var_a + var_b) / (delta / 100)^2.
 * The 100 converts NPS points back to the score's scale. z_{1-alpha/2} is taken as
 * -Phi^{-1}(alpha/2), exact for small alpha.
 */
int clv_nps_sample_size(double variance_a, double variance_b, double delta, double alpha,
                        double power, double *n_per_group) {
    if (n_per_group == NULL) {
        return CLV_EINVAL;
    }
    if (!(variance_a >= 0.0 && variance_a <= 1.0) || !(variance_b >= 0.0 && variance_b <= 1.0) ||
        !(fabs(delta) > 0.0 && fabs(delta) <= 200.0) || !(alpha > 0.0 && alpha < 1.0) ||
        !(power > 0.0 && power < 1.0)) {
        return CLV_EDOM;
    }
    double z_sum = -clv__normal_quantile(0.5 * alpha) + clv__normal_quantile(power);
    if (!(z_sum > 0.0)) {
        return CLV_EDOM; /* power at or below alpha / 2: no sample size gives it */
    }
    double scaled = z_sum * 100.0 / fabs(delta);
    double n = ceil(scaled * scaled * (variance_a + variance_b));
    if (!isfinite(n)) {
        return CLV_ERANGE;
    }
    *n_per_group = fmax(n, 1.0);
    return CLV_OK;
}

int clv_nps_by_segment(const double *scores, const uint32_t *segments, size_t n, size_t n_segments,
                       clv_nps *nps) {
    if (scores == NULL || segments == NULL || nps == NULL || n == 0 || n_segments == 0) {
        return CLV_EINVAL;
    }
    for (size_t i = 0; i < n; i++) {
        double s = scores[i];
        if (!(s >= 0.0 && s <= 10.0) || floor(s) != s || (size_t)segments[i] >= n_segments) {
            return CLV_EDOM;
        }
    }
    /* Every input is valid: the output array is the tally. */
    for (size_t k = 0; k < n_segments; k++) {
        nps[k].promoters = nps[k].passives = nps[k].detractors = 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        clv_nps *seg = &nps[segments[i]];
        if (scores[i] >= 9.0) {
            seg->promoters += 1.0;
        } else if (scores[i] >= 7.0) {
            seg->passives += 1.0;
        } else {
            seg->detractors += 1.0;
        }
    }
    for (size_t k = 0; k < n_segments; k++) {
        clv_nps *seg = &nps[k];
        if (seg->promoters + seg->passives + seg->detractors == 0.0) {
            seg->n = seg->nps = seg->variance = seg->std_error = 0.0; /* no answers, no score */
        } else {
            /* Whole counts below 2^53 (n answers in memory): cannot fail. */
            (void)clv_nps_from_counts(seg->promoters, seg->passives, seg->detractors, seg);
        }
    }
    return CLV_OK;
}
