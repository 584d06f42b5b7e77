/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Cohort retention tables: per-cohort retention n(t)/n(t-1) and survival n(t)/n(0), and the
 * pooled (life-table) retention curve sum n(t) / sum n(t-1) over the cohorts observed at t.
 * Definitions in include/churn.h, group clv_cohort.
 *
 * Two passes: validate every cohort and compute the pooled length and sums without writing
 * (so a bad cell or an overflowing sum leaves every output untouched), then write.
 */
#include <math.h>
#include <stdint.h>

#include "churn.h"
#include "core/validate.h"

static inline double cell(const clv_cohort_table *tb, size_t c, size_t t) {
    return tb->active[c * tb->stride + t];
}

/* L_c: the observed length of cohort c, after checking its cells. */
static int check_cohort(const clv_cohort_table *tb, size_t c, size_t *length) {
    size_t len;
    if (tb->observed != NULL) {
        len = tb->observed[c];
        if (len > tb->n_periods) {
            return CLV_EINVAL;
        }
    } else {
        len = 0;
        while (len < tb->n_periods && !isnan(cell(tb, c, len))) {
            len++;
        }
        for (size_t t = len; t < tb->n_periods; t++) {
            if (!isnan(cell(tb, c, t))) {
                return CLV_EDOM; /* an observed cell after an unobserved one */
            }
        }
    }
    if (len == 0 || !(cell(tb, c, 0) > 0.0)) {
        return CLV_EDOM; /* no cohort size, or a size of 0 */
    }
    for (size_t t = 0; t < len; t++) {
        double n = cell(tb, c, t);
        if (clv__check_nonneg(n) != CLV_OK || (t > 0 && n > cell(tb, c, t - 1))) {
            return CLV_EDOM;
        }
    }
    *length = len;
    return CLV_OK;
}

/* The observed length again (already validated): no storage for n_cohorts lengths. */
static size_t length_of(const clv_cohort_table *tb, size_t c) {
    size_t len;
    int st = check_cohort(tb, c, &len);
    return st == CLV_OK ? len : 0;
}

/* Pooled sums at period t >= 1 over the cohorts observed at t (validated table). */
static void pooled_sums(const clv_cohort_table *tb, size_t t, double *num, double *den) {
    double a = 0.0, b = 0.0;
    for (size_t c = 0; c < tb->n_cohorts; c++) {
        size_t len = (tb->observed != NULL) ? tb->observed[c] : 0;
        if (tb->observed == NULL) {
            /* Unobserved cells are NaN and observation is a prefix: observed at t iff the
             * cell at t is a number. */
            if (isnan(cell(tb, c, t))) {
                continue;
            }
            len = t + 1;
        }
        if (len > t) {
            a += cell(tb, c, t);
            b += cell(tb, c, t - 1);
        }
    }
    *num = a;
    *den = b;
}

int clv_cohort_retention(const clv_cohort_table *table, const clv_cohort_rates *rates,
                         size_t *pooled_length, size_t *bad_cohort) {
    if (table == NULL || rates == NULL || table->active == NULL) {
        return CLV_EINVAL;
    }
    const clv_cohort_table *tb = table;
    if (tb->n_cohorts == 0 || tb->n_periods == 0 || tb->stride < tb->n_periods ||
        tb->n_cohorts > SIZE_MAX / tb->stride) {
        return CLV_EINVAL;
    }
    if ((rates->retention != NULL || rates->survival != NULL) && rates->stride < tb->n_periods) {
        return CLV_EINVAL;
    }
    if ((rates->retention != NULL || rates->survival != NULL) &&
        tb->n_cohorts > SIZE_MAX / rates->stride) {
        return CLV_EINVAL;
    }
    /* Pass 1: validate; the pooled length and the finiteness of its sums. */
    for (size_t c = 0; c < tb->n_cohorts; c++) {
        size_t len;
        int st = check_cohort(tb, c, &len);
        if (st != CLV_OK) {
            if (st == CLV_EDOM && bad_cohort != NULL) {
                *bad_cohort = c;
            }
            return st;
        }
    }
    size_t pooled = 1;
    while (pooled < tb->n_periods) {
        double num, den;
        pooled_sums(tb, pooled, &num, &den);
        if (!isfinite(num) || !isfinite(den)) {
            return CLV_ERANGE;
        }
        if (!(den > 0.0)) {
            break;
        }
        pooled++;
    }
    /* Pass 2: write. */
    for (size_t c = 0; c < tb->n_cohorts; c++) {
        size_t len = length_of(tb, c);
        double size = cell(tb, c, 0);
        for (size_t t = 0; t < len; t++) {
            double n = cell(tb, c, t);
            size_t at = c * rates->stride + t;
            if (rates->survival != NULL) {
                rates->survival[at] = (t == 0) ? 1.0 : n / size;
            }
            if (rates->retention != NULL) {
                double before = (t == 0) ? n : cell(tb, c, t - 1);
                if (t == 0) {
                    rates->retention[at] = 1.0;
                } else if (before > 0.0) {
                    rates->retention[at] = n / before;
                }
            }
        }
    }
    double s = 1.0;
    for (size_t t = 0; t < pooled; t++) {
        double r = 1.0;
        if (t > 0) {
            double num, den;
            pooled_sums(tb, t, &num, &den);
            r = num / den;
            s *= r;
        }
        if (rates->pooled_retention != NULL) {
            rates->pooled_retention[t] = r;
        }
        if (rates->pooled_survival != NULL) {
            rates->pooled_survival[t] = s;
        }
    }
    if (pooled_length != NULL) {
        *pooled_length = pooled;
    }
    return CLV_OK;
}
