/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Viral coefficient (K-factor) growth (referral.h, group clv_kfactor). K = i c; from C_0
 * customers, cycle j brings C_0 K^j new ones, so after n cycles
 *   C(n) = C_0 sum_{j=0..n} K^j = C_0 G(K, n + 1),  G(q, m) = (1 - q^m) / (1 - q),
 * and at time t, C(t) = C_0 G(K, t / c_t + 1) = C_0 (K^(t/c_t + 1) - 1) / (K - 1)
 * (Skok 2009, "Lessons learned - viral marketing", formula attributed to Stan Reiss).
 * G comes from clv__geometric_sum: expm1/log1p near K = 1, exact n + 1 at K = 1.
 */
#include <math.h>

#include "core/validate.h"
#include "math/geometric.h"
#include "referral.h"

static int check_viral(double invitations, double conversion) {
    int st;
    if ((st = clv__check_nonneg(invitations)) != CLV_OK ||
        (st = clv__check_prob(conversion)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

int clv_kfactor(double invitations, double conversion, double *k) {
    int st;
    if (k == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_viral(invitations, conversion)) != CLV_OK) {
        return st;
    }
    *k = invitations * conversion; /* finite x [0, 1]: cannot overflow */
    return CLV_OK;
}

/* C_0 G(K, terms), terms = cycles + 1 (real >= 1, or +INFINITY). */
static int viral_customers(double initial, double k, double terms, double *customers) {
    int st;
    if (initial == 0.0) {
        *customers = 0.0; /* no customer, no invitation: the sum is 0 even when K >= 1 */
        return CLV_OK;
    }
    double g;
    if ((st = clv__geometric_sum(k, terms, &g)) != CLV_OK) {
        return st;
    }
    double c = initial * g;
    if ((st = clv__check_result(c)) != CLV_OK) {
        return st;
    }
    *customers = c;
    return CLV_OK;
}

int clv_kfactor_customers(double initial, double invitations, double conversion, double cycles,
                          double *customers) {
    int st;
    if (customers == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_nonneg(initial)) != CLV_OK ||
        (st = check_viral(invitations, conversion)) != CLV_OK ||
        (st = clv__check_horizon(cycles)) != CLV_OK) {
        return st;
    }
    return viral_customers(initial, invitations * conversion, cycles + 1.0, customers);
}

int clv_kfactor_customers_at(double initial, double invitations, double conversion,
                             double cycle_time, double time, double *customers) {
    int st;
    if (customers == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_nonneg(initial)) != CLV_OK ||
        (st = check_viral(invitations, conversion)) != CLV_OK ||
        (st = clv__check_positive(cycle_time)) != CLV_OK) {
        return st;
    }
    if (!(time >= 0.0)) {
        return CLV_EDOM; /* NaN or negative; +INFINITY is the limit */
    }
    double k = invitations * conversion;
    double terms = time / cycle_time + 1.0;
    if (isinf(terms) && isfinite(time)) {
        /* t / c_t overflows for a finite time: the limit for K < 1 (reached to the last digit
         * long before), a count beyond any double otherwise. */
        if (initial > 0.0 && !(k < 1.0)) {
            return CLV_ERANGE;
        }
    }
    return viral_customers(initial, k, terms, customers);
}
