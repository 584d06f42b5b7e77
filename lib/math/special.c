/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Special functions (see special.h for domains and the accuracy target).
 *
 * Methods, by family:
 *   log Gamma        glibc lgamma_r (re-entrant; never lgamma, which writes signgam).
 *   Gamma ratios     Stirling series with Bernoulli coefficients (DLMF 5.11.1) written as a
 *                    difference, so that log Gamma(a + x) - log Gamma(a) and log B(a, b) lose
 *                    nothing to cancellation; arguments below 10 are first shifted up with the
 *                    recurrence Gamma(x + 1) = x Gamma(x) (DLMF 5.5.1).
 *   digamma family   asymptotic series (DLMF 5.11.2, Bernardo 1976 AS 103 uses the same), the
 *                    recurrences DLMF 5.5.2 / 5.15.5, and a Taylor series about the positive
 *                    zero of psi (DLMF 5.4.iv) so that psi keeps its relative accuracy there.
 *   2F1              Gauss series (DLMF 15.2.1) on F or on its Euler transform (Abramowitz &
 *                    Stegun 15.3.3, DLMF 15.8.1), whichever converges faster; for z > 1/2
 *                    where neither does, Pfaff's transform (A&S 15.3.4) summed as a Stieltjes
 *                    series up to its smallest term when c is large (Pareto/NBD, large x),
 *                    else analytic continuation by Taylor steps of the
 *                    hypergeometric differential equation (DLMF 15.10.1) from z = 1/2 towards
 *                    the singular point z = 1, each step a fixed fraction of the distance left.
 *                    The steps need no special case when c - a - b is (near) an integer, where
 *                    the z -> 1 - z connection formulas (A&S 15.3.6, 15.3.11) are singular.
 *   Gamma(s, x)      Legendre's continued fraction (DLMF 8.9.2) by the modified Lentz method
 *                    for large x; the power series of the lower function (DLMF 8.11.4) for
 *                    s > 1/2; for |s| <= 1/2 the series DLMF 8.7.3 with Gamma(1 + s) - 1
 *                    computed from the Taylor series of 1/Gamma (A&S 6.1.34, as in Temme 1994
 *                    and Gil, Segura & Temme 2012), then the recurrence DLMF 8.8.2 down to
 *                    negative s.
 * Everything is pure: no static mutable state, no allocation.
 */
#define _DEFAULT_SOURCE
#include "math/special.h"

#include <math.h>
#include <stddef.h>

/* log sqrt(2 pi) and Euler's gamma to 17 digits. */
#define LOG_SQRT_2PI 0.91893853320467274
#define EULER_GAMMA 0.57721566490153287

/* Arguments at or above this use the asymptotic series directly (terms up to y^-15 then
 * leave < 1e-17 relative); smaller ones are shifted up to it. */
#define ASYMPTOTIC_MIN 10.0

/* ---------------------------------------------------------------------------------------
 * Bernoulli-number coefficients. B2 = 1/6, B4 = -1/30, B6 = 1/42, B8 = -1/30, B10 = 5/66,
 * B12 = -691/2730, B14 = 7/6, B16 = -3617/510.
 */

/* Stirling: log Gamma(y) = (y - 1/2) log y - y + log sqrt(2 pi) + sum_k S_k y^(1 - 2k),
 * S_k = B_2k / (2k (2k - 1)) (DLMF 5.11.1). */
static const double stirling_coef[8] = {1.0 / 12.0,    -1.0 / 360.0,      1.0 / 1260.0,
                                        -1.0 / 1680.0, 1.0 / 1188.0,      -691.0 / 360360.0,
                                        1.0 / 156.0,   -3617.0 / 122400.0};

/* Digamma: psi(y) = log y - 1/(2y) - sum_k D_k y^(-2k), D_k = B_2k / (2k) (DLMF 5.11.2). */
static const double digamma_coef[8] = {1.0 / 12.0,   -1.0 / 120.0,    1.0 / 252.0,
                                       -1.0 / 240.0, 1.0 / 132.0,     -691.0 / 32760.0,
                                       1.0 / 12.0,   -3617.0 / 8160.0};

/* Trigamma: psi'(y) = 1/y + 1/(2y^2) + sum_k B_2k y^(-2k-1) (DLMF 5.15.8). */
static const double trigamma_coef[8] = {1.0 / 6.0,  -1.0 / 30.0,     1.0 / 42.0, -1.0 / 30.0,
                                        5.0 / 66.0, -691.0 / 2730.0, 7.0 / 6.0,  -3617.0 / 510.0};

/* The positive zero of psi, x0 = 1.461632144968362341262659542325721325..., as a sum of two
 * doubles, and psi^(k)(x0) / k!, k = 1..16 (mpmath, 40 digits). */
#define DIGAMMA_ROOT_HI 1.4616321449683622
#define DIGAMMA_ROOT_LO 9.549995429965697e-17
static const double digamma_root_taylor[16] = {
    0.9676722454476212,    -0.44276316898359208,   0.25849976095565103,  -0.16394270544240652,
    0.10782405069126237,   -0.072199561256454714,  0.04880428816414311,  -0.033161126474847362,
    0.022597648232218104,  -0.01542476590494896,   0.010538791616612175, -0.0072045343863568687,
    0.0049267813957298533, -0.0033698016554393282, 0.002305126326734928, -0.0015769367714301972};

/* 1/Gamma(z) = sum_k c_k z^k (A&S 6.1.34, DLMF 5.7.1): c_2 .. c_26 (mpmath, 40 digits). Then
 * 1/Gamma(1 + s) = 1 + s g(s), g(s) = c_2 + c_3 s + c_4 s^2 + ... */
static const double rgamma_coef[25] = {
    0.57721566490153287,     -0.6558780715202539,     -0.042002635034095237,
    0.16653861138229148,     -0.042197734555544333,   -0.009621971527876973,
    0.0072189432466630999,   -0.0011651675918590652,  -0.00021524167411495098,
    0.0001280502823881162,   -2.0134854780788239e-05, -1.2504934821426706e-06,
    1.1330272319816959e-06,  -2.0563384169776071e-07, 6.1160951044814161e-09,
    5.0020076444692229e-09,  -1.18127457048702e-09,   1.0434267116911005e-10,
    7.7822634399050708e-12,  -3.696805618642206e-12,  5.1003702874544758e-13,
    -2.0583260535665066e-14, -5.3481225394230178e-15, 1.2267786282382608e-15,
    -1.1812593016974588e-16};

/* Horner evaluation of c[0] + c[1] t + ... + c[n-1] t^(n-1). */
static double horner(const double *c, int n, double t) {
    double s = c[n - 1];
    for (int i = n - 2; i >= 0; i--) {
        s = s * t + c[i];
    }
    return s;
}

/* Number of unit steps that take y (> 0) to at least ASYMPTOTIC_MIN. */
static int shift_count(double y) {
    return y >= ASYMPTOTIC_MIN ? 0 : (int)(ASYMPTOTIC_MIN - y) + 1;
}

/* =======================================================================================
 * log Gamma and its differences
 */

double clv__lgamma(double x) {
    if (!(x > 0.0)) {
        return NAN;
    }
    int sign;
    return lgamma_r(x, &sign);
}

/*
 * log Gamma(a + x) - log Gamma(a) for a >= 10 from the Stirling series (DLMF 5.11.1) taken as
 * a difference: (a + x - 1/2) log(a + x) - (a - 1/2) log a - x
 *   = x (log a - 1) + (a + x - 1/2) log1p(x / a),
 * two non-negative terms for a >= e. The correction sum_k S_k (v^(2k-1) - u^(2k-1)), u = 1/a,
 * v = 1/(a + x), uses u^m - v^m = d_m, d_1 = u - v = x u v, d_(m+1) = u d_m + v^m d_1, all
 * positive terms, so it keeps its relative accuracy when x is tiny.
 */
static double stirling_ratio(double a, double x) {
    double u = 1.0 / a;
    double v = 1.0 / (a + x);
    double d1 = x * u * v;
    double dm = d1; /* u^m - v^m */
    double vm = v;  /* v^m */
    double corr = 0.0;
    for (int k = 0; k < 8; k++) {
        corr -= stirling_coef[k] * dm; /* m = 2k + 1 */
        dm = u * dm + vm * d1;
        vm *= v;
        dm = u * dm + vm * d1; /* m = 2k + 3 */
        vm *= v;
    }
    return x * (log(a) - 1.0) + (a + x - 0.5) * log1p(x / a) + corr;
}

double clv__lgamma_ratio(double a, double x) {
    if (!(a > 0.0) || !(x >= 0.0)) {
        return NAN;
    }
    if (x == 0.0) {
        return 0.0;
    }
    if (isinf(a) || isinf(x)) {
        return INFINITY;
    }
    /* Small integer x: log of the rising factorial (a)_n, one rounding per factor. */
    if (x <= 16.0 && x == floor(x) && a <= 1e15) {
        double p = a;
        for (int k = 1; k < (int)x; k++) {
            p *= a + k;
        }
        return log(p);
    }
    if (a >= ASYMPTOTIC_MIN) {
        return stirling_ratio(a, x);
    }
    if (x > 1e15) {
        /* log Gamma(a + x) > 3e16 dwarfs |log Gamma(a)| < 745: no cancellation. */
        return clv__lgamma(a + x) - clv__lgamma(a);
    }
    /*
     * Shift by n: the ratio at a equals the ratio at a + n minus log prod_k (a+x+k)/(a+k).
     * The product minus one is N/D with N_(k+1) = (a+x+k) N_k + x D_k, D_(k+1) = (a+k) D_k,
     * all positive, so log1p(N/D) is accurate for tiny x too.
     */
    int n = shift_count(a);
    double num = 0.0;
    double den = 1.0;
    for (int k = 0; k < n; k++) {
        num = (a + x + k) * num + x * den;
        den *= a + k;
    }
    double e = num / den;
    double lp = isfinite(e) ? log1p(e) : log(num) - log(den);
    return stirling_ratio(a + n, x) - lp;
}

/* c(a) + c(b) - c(a + b), c the Stirling correction, for a, b >= 10. */
static double stirling_corr(double y) {
    double r = 1.0 / y;
    return r * horner(stirling_coef, 8, r * r);
}

double clv__lbeta(double a, double b) {
    if (!(a > 0.0) || !(b > 0.0)) {
        return NAN;
    }
    if (a > b) {
        double t = a;
        a = b;
        b = t;
    }
    if (isinf(b)) {
        return -INFINITY;
    }
    if (a >= ASYMPTOTIC_MIN) {
        /* Stirling for all three: (a - 1/2) log(a/s) + (b - 1/2) log(b/s) - log(s)/2 +
         * log sqrt(2 pi) + corrections, s = a + b; the three log terms are all negative. */
        double s = a + b;
        return LOG_SQRT_2PI - 0.5 * log(s) + (a - 0.5) * log(a / s) - (b - 0.5) * log1p(a / b) +
               stirling_corr(a) + stirling_corr(b) - stirling_corr(s);
    }
    /* log B(a, b) = log Gamma(a) - [log Gamma(a + b) - log Gamma(b)]. */
    return clv__lgamma(a) - clv__lgamma_ratio(b, a);
}

/* =======================================================================================
 * Digamma and trigamma
 */

/* psi(y) for y >= 10 (DLMF 5.11.2). */
static double digamma_asymptotic(double y) {
    double r2 = 1.0 / (y * y);
    return log(y) - 0.5 / y - r2 * horner(digamma_coef, 8, r2);
}

/* Sum of 1/(y + k), k = 0..n-1, y >= 1, as one fraction p/q (a single division). */
static double reciprocal_sum(double y, int n) {
    double p = 0.0;
    double q = 1.0;
    for (int k = 0; k < n; k++) {
        double t = y + k;
        p = p * t + q;
        q *= t;
    }
    return p / q;
}

double clv__digamma(double x) {
    if (!(x > 0.0)) {
        return NAN;
    }
    if (isinf(x)) {
        return INFINITY;
    }
    /* Near the zero x0 the recurrence would cancel: Taylor series in h = x - x0, with h
     * exact to ~1e-33 (x - hi is exact by Sterbenz's lemma). */
    if (fabs(x - DIGAMMA_ROOT_HI) < 0.1) {
        double h = (x - DIGAMMA_ROOT_HI) - DIGAMMA_ROOT_LO;
        return h * horner(digamma_root_taylor, 16, h);
    }
    if (x >= ASYMPTOTIC_MIN) {
        return digamma_asymptotic(x);
    }
    /* psi(x) = psi(x + n) - sum_k 1/(x + k) (DLMF 5.5.2); the k = 0 term alone, so that a
     * tiny x cannot underflow the product in reciprocal_sum. */
    int n = shift_count(x);
    return digamma_asymptotic(x + n) - reciprocal_sum(x + 1.0, n - 1) - 1.0 / x;
}

/*
 * psi(a + x) - psi(a) for a >= 10 from the asymptotic series as a difference:
 * log1p(x/a) + (u - v)/2 + sum_k D_k (u^2k - v^2k), u = 1/a, v = 1/(a + x), the power
 * differences by the positive recurrence of stirling_ratio.
 */
static double digamma_diff_asymptotic(double a, double x) {
    double u = 1.0 / a;
    double v = 1.0 / (a + x);
    double d1 = x * u * v;
    double dm = u * d1 + v * d1; /* u^2 - v^2 */
    double vm = v * v;
    double sum = 0.0;
    for (int k = 0; k < 8; k++) {
        sum += digamma_coef[k] * dm; /* m = 2k + 2 */
        dm = u * dm + vm * d1;
        vm *= v;
        dm = u * dm + vm * d1;
        vm *= v;
    }
    return log1p(x / a) + 0.5 * d1 + sum;
}

double clv__digamma_diff(double a, double x) {
    if (!(a > 0.0) || !(x >= 0.0)) {
        return NAN;
    }
    if (x == 0.0) {
        return 0.0;
    }
    if (isinf(a)) {
        return 0.0;
    }
    if (isinf(x)) {
        return INFINITY;
    }
    /* Small integer x: sum_k 1/(a + k) (DLMF 5.5.2), positive terms. */
    if (x <= 16.0 && x == floor(x) && a >= 1.0 && a <= 1e15) {
        return reciprocal_sum(a, (int)x);
    }
    if (a >= ASYMPTOTIC_MIN) {
        return digamma_diff_asymptotic(a, x);
    }
    if (x > 1e15) {
        return clv__digamma(a + x) - clv__digamma(a);
    }
    /* Shift: the difference at a is the difference at a + n plus
     * sum_k [1/(a+k) - 1/(a+x+k)] = sum_k x / ((a+k)(a+x+k)), positive terms; k = 0 alone
     * (tiny a), the rest as one fraction. */
    int n = shift_count(a);
    double p = 0.0;
    double q = 1.0;
    for (int k = 1; k < n; k++) {
        double t = (a + k) * (a + x + k);
        p = p * t + q;
        q *= t;
    }
    return digamma_diff_asymptotic(a + n, x) + x * (p / q) + x / (a * (a + x));
}

/* psi'(y) for y >= 10 (DLMF 5.15.8). */
static double trigamma_asymptotic(double y) {
    double r = 1.0 / y;
    double r2 = r * r;
    return r + 0.5 * r2 + r * r2 * horner(trigamma_coef, 8, r2);
}

double clv__trigamma(double x) {
    if (!(x > 0.0)) {
        return NAN;
    }
    if (isinf(x)) {
        return 0.0;
    }
    if (x >= ASYMPTOTIC_MIN) {
        return trigamma_asymptotic(x);
    }
    /* psi'(x) = psi'(x + n) + sum_k 1/(x + k)^2 (DLMF 5.15.5), k = 0 alone. */
    int n = shift_count(x);
    double p = 0.0;
    double q = 1.0;
    for (int k = 1; k < n; k++) {
        double t = (x + k) * (x + k);
        p = p * t + q;
        q *= t;
    }
    return trigamma_asymptotic(x + n) + p / q + 1.0 / (x * x);
}

/* =======================================================================================
 * Gauss hypergeometric function 2F1(a, b; c; z), 0 <= z < 1
 *
 * The sums below carry a common scale exp(log_scale) so that F ~ (1 - z)^-1e5 never
 * overflows. "Param" derivatives are with respect to the (alpha, beta, gamma) of the series
 * being summed; the caller maps them back through the Euler transformation.
 */

#define HYP_EPS 1e-17
#define HYP_RESCALE 1e200
/* Hard cap on Gauss series terms (the last resort for z near 1 and huge c): 2e7 terms take
 * about 0.1 s; beyond, the function reports failure (NaN, which callers turn into a status)
 * instead of summing for minutes. sBG's DERL at beta 3.3e14, d 1.1e-13 ran 18 s under a cap
 * of 1e9 before failing anyway (found by fuzz_churn). */
#define HYP_MAX_TERMS 20000000L

typedef struct hyp_state {
    double log_scale; /* log H(z); the fields below are divided by H(z) */
    double f;         /* H(z) / H(z) = 1 */
    double fz;        /* H'(z) */
    double fp[3];     /* dH/d(alpha, beta, gamma) */
    double fzp[3];    /* dH'/d(alpha, beta, gamma) */
} hyp_state;

/*
 * The last n >= 0 where the Gauss term ratio rho(n) = z (al+n)(be+n) / ((ga+n)(n+1)) crosses
 * 1 (the largest term): the larger root of (ga+n)(n+1) - z (al+n)(be+n) =
 * (1-z) n^2 + (ga + 1 - z (al+be)) n + (ga - z al be), or 0.
 */
static double hyp_ratio_crossing(double al, double be, double ga, double z) {
    double qa = 1.0 - z;
    double qb = ga + 1.0 - z * (al + be);
    double qc = ga - z * al * be;
    if (qc >= 0.0 && qb >= 0.0) {
        return 0.0;
    }
    double disc = qb * qb - 4.0 * qa * qc;
    double n1 = disc > 0.0 ? (-qb + sqrt(disc)) / (2.0 * qa) : 0.0;
    return n1 > 0.0 ? n1 : 0.0;
}

/*
 * Gauss series sum_n t_n, t_n = (al)_n (be)_n / ((ga)_n n!) z^n (DLMF 15.2.1), with H'(z)
 * and, if grad, the parameter derivatives (product rule on the term recurrence, so a zero
 * factor al + n = 0 is handled). Returns 0 when converged within max_terms with a loss to
 * cancellation below 1e3 (only possible when al or be is negative), -1 otherwise.
 */
static int hyp_series(double al, double be, double ga, double z, int grad, long max_terms,
                      int asymptotic, hyp_state *out) {
    double t = 1.0, ta = 0.0, tb = 0.0, tc = 0.0;
    double s = 1.0, sa = 0.0, sb = 0.0, sc = 0.0;
    double rest = 0.0; /* s - 1 while unscaled: log F = log1p(rest) keeps log F ~ 1e-9 exact */
    double sz = 0.0, sza = 0.0, szb = 0.0, szc = 0.0;
    double abs_sum = 1.0;
    double log_scale = 0.0;
    int converged = 0;
    /* Stop only past the last crossing of ratio 1: before it the terms may grow again. */
    double n_min = asymptotic ? 0.0 : hyp_ratio_crossing(al, be, ga, z);
    for (long n = 0; n < max_terms; n++) {
        double an = al + (double)n;
        double bn = be + (double)n;
        double cn = ga + (double)n;
        double np1 = (double)n + 1.0;
        double q = 1.0 / (cn * np1);
        double rr = an * bn * q; /* t_(n+1) / (z t_n) */
        double tz = t * rr;      /* t_(n+1) / z */
        sz += np1 * tz;
        if (grad) {
            double ua = ta * rr + t * bn * q;
            double ub = tb * rr + t * an * q;
            double uc = tc * rr - tz / cn;
            sza += np1 * ua;
            szb += np1 * ub;
            szc += np1 * uc;
            ta = ua * z;
            tb = ub * z;
            tc = uc * z;
            sa += ta;
            sb += tb;
            sc += tc;
        }
        t = tz * z;
        s += t;
        rest += t;
        abs_sum += fabs(t);
        /* Tail bound: from here on the term ratio tends to z, so the remaining terms are at
         * most |t| r / (1 - r) with r the larger of the current ratio and z. */
        double r = fabs(rr * z);
        if (asymptotic) {
            /* Divergent series used up to its smallest term: give up once the terms grow. */
            if (r >= 1.0) {
                break;
            }
            int ok = fabs(t) <= HYP_EPS * fabs(s);
            if (grad) {
                ok = ok && fabs(ta) <= HYP_EPS * (fabs(sa) + fabs(s)) &&
                     fabs(tb) <= HYP_EPS * (fabs(sb) + fabs(s)) &&
                     fabs(tc) <= HYP_EPS * (fabs(sc) + fabs(s)) &&
                     np1 * fabs(tz) <= HYP_EPS * (fabs(sz) + 1e-300);
            }
            if (ok) {
                converged = 1;
                break;
            }
        } else if (r < 1.0) {
            double rb = r > z ? r : z;
            double tail = (grad ? (np1 + 2.0) / (1.0 - rb) : 1.0) / (1.0 - rb);
            /* Unscaled, relative to s - 1: log F = log1p(s - 1) then keeps its relative
             * accuracy when it is tiny (z or a b / c small). */
            double ref = log_scale == 0.0 ? fabs(rest) + 1e-20 * fabs(s) : fabs(s);
            int ok = fabs(t) * tail <= HYP_EPS * ref;
            if (grad) {
                ok = ok && (fabs(t) + fabs(ta) + fabs(tb) + fabs(tc)) * tail <=
                               HYP_EPS * (fabs(sa) + fabs(sb) + fabs(sc) + fabs(s));
                ok = ok && np1 * fabs(tz) * tail <= HYP_EPS * (fabs(sz) + 1e-300);
            }
            if (ok && n >= 1 && (double)n > n_min) {
                converged = 1;
                break;
            }
        }
        if (fabs(t) > HYP_RESCALE || abs_sum > HYP_RESCALE) {
            double by = 1.0 / HYP_RESCALE;
            t *= by, ta *= by, tb *= by, tc *= by;
            s *= by, sa *= by, sb *= by, sc *= by;
            sz *= by, sza *= by, szb *= by, szc *= by;
            abs_sum *= by;
            log_scale += log(HYP_RESCALE);
        }
    }
    if (!converged || !(s > 0.0) || abs_sum > (asymptotic ? 4.0 : 1e3) * s) {
        return -1;
    }
    out->log_scale = log_scale == 0.0 ? log1p(rest) : log_scale + log(s);
    out->f = 1.0; /* everything below divided by s */
    sz /= s, sa /= s, sb /= s, sc /= s, sza /= s, szb /= s, szc /= s;
    out->fz = sz;
    out->fp[0] = sa;
    out->fp[1] = sb;
    out->fp[2] = sc;
    out->fzp[0] = sza;
    out->fzp[1] = szb;
    out->fzp[2] = szc;
    return 0;
}

/*
 * Rough count of Gauss series terms: the crossing n1 (the largest term), plus the terms for a
 * decay of 1e-17 at the ratio found 20 terms later.
 */
static double hyp_series_cost(double al, double be, double ga, double z) {
    /* A non-positive integer numerator parameter ends the series (a polynomial). */
    if (al <= 0.0 && al == floor(al) && -al < 200.0) {
        return 1.0 - al;
    }
    if (be <= 0.0 && be == floor(be) && -be < 200.0) {
        return 1.0 - be;
    }
    double n1 = hyp_ratio_crossing(al, be, ga, z);
    double m = n1 + 20.0;
    double rho = fabs(z * (al + m) * (be + m) / ((ga + m) * (m + 1.0)));
    if (rho >= 1.0) {
        return 1e30;
    }
    return n1 + 20.0 + 40.0 / -log(rho > z ? rho : 0.5 * (rho + z) + 1e-300);
}

#ifndef HYP_STEP_FRACTION
#define HYP_STEP_FRACTION 0.5
#endif

/*
 * Continue H(z) = 2F1(al, be; ga; z) from st (at z0) to z1 by Taylor steps of the
 * hypergeometric equation z(1-z) H'' + (ga - (al+be+1) z) H' - al be H = 0 (DLMF 15.10.1).
 * About a point y, H(y + h) = sum_k c_k h^k with
 *   c_(k+2) = [(k+al)(k+be) c_k - (k+1)((1-2y) k + ga - (al+be+1) y) c_(k+1)]
 *             / (y (1-y) (k+1)(k+2)),
 * the series converging for |h| < 1 - y (the singularity at 1; y >= 1/2). Each step takes half
 * the distance left (fewer when H'/H is large), so reaching 1 - 1e-6 takes ~20 steps. If grad,
 * the derivatives of the c_k in the parameters follow the differentiated recurrence.
 * Returns 0, or -1 if a step fails to converge (not seen within the contract's domain).
 */
static int hyp_taylor_steps(double al, double be, double ga, double z0, double z1, int grad,
                            hyp_state *st) {
    double y = z0;
    for (int step = 0; step < 20000 && y < z1; step++) {
        double h = HYP_STEP_FRACTION * (1.0 - y);
        /* The forward recurrence also carries the coefficients of the other solution,
         * z^(1-ga) about 0, which grow like (ga h / y)^k / k!: keep ga h / y <= 2. */
        if (ga * h > 2.0 * y) {
            h = 2.0 * y / ga;
        }
        double lam = fabs(st->fz / st->f);
        if (lam * h > 8.0) {
            h = 8.0 / lam;
        }
        if (h > z1 - y) {
            h = z1 - y;
        }
        double p0 = y * (1.0 - y);
        double p1 = 1.0 - 2.0 * y;
        double q0 = ga - (al + be + 1.0) * y;
        /* c_k and c_(k+1); e[i] and g[i] the same for d/dparam i. */
        /* Work with d_k = c_k h^k (and the same for the parameter derivatives), which stay
         * O(1) where c_k ~ (1 - y)^-k would overflow next to z = 1. */
        double hh = h * h;
        double d0 = st->f, d1 = st->fz * h;
        double e0[3], e1[3];
        for (int i = 0; i < 3; i++) {
            e0[i] = st->fp[i];
            e1[i] = st->fzp[i] * h;
        }
        double tail0 = d1;             /* s0 - d0, d0 = 1 */
        double s0 = d0 + d1, s1h = d1; /* s1h = h H'(y + h) */
        double sp0[3], sp1h[3];
        for (int i = 0; i < 3; i++) {
            sp0[i] = e0[i] + e1[i];
            sp1h[i] = e1[i];
        }
        int small = 0;
        for (int k = 0; k < 4000; k++) {
            double ka = k + al, kb = k + be;
            double w = (k + 1.0) * (p1 * k + q0) * h;
            double inv = 1.0 / (p0 * (k + 1.0) * (k + 2.0));
            double d2 = (ka * kb * hh * d0 - w * d1) * inv;
            double e2[3] = {0.0, 0.0, 0.0};
            if (grad) {
                double yd1 = (k + 1.0) * y * h * d1;
                e2[0] = (kb * hh * d0 + ka * kb * hh * e0[0] - w * e1[0] + yd1) * inv;
                e2[1] = (ka * hh * d0 + ka * kb * hh * e0[1] - w * e1[1] + yd1) * inv;
                e2[2] = (ka * kb * hh * e0[2] - w * e1[2] - (k + 1.0) * h * d1) * inv;
            }
            double dterm = (k + 2.0) * d2;
            s0 += d2;
            tail0 += d2;
            s1h += dterm;
            /* Relative to the change of H over the step (log H grows by log1p(tail0)). */
            double mag = fabs(d2) + fabs(dterm);
            double ref = fabs(tail0) + fabs(s1h);
            if (grad) {
                for (int i = 0; i < 3; i++) {
                    sp0[i] += e2[i];
                    sp1h[i] += (k + 2.0) * e2[i];
                    mag += (k + 3.0) * fabs(e2[i]);
                    ref += fabs(sp0[i]) + fabs(sp1h[i]);
                }
            }
            d0 = d1;
            d1 = d2;
            if (grad) {
                for (int i = 0; i < 3; i++) {
                    e0[i] = e1[i];
                    e1[i] = e2[i];
                }
            }
            small = mag <= HYP_EPS * ref ? small + 1 : 0;
            if (small >= 3) {
                break;
            }
        }
        if (small < 3 || !(s0 > 0.0)) {
            return -1;
        }
        /* Renormalise to H = 1 at the new point; c0 was 1, so log H grows by log1p(tail). */
        double inv = 1.0 / s0;
        st->log_scale += log1p(tail0);
        st->f = 1.0;
        st->fz = s1h / h * inv;
        for (int i = 0; i < 3; i++) {
            st->fp[i] = sp0[i] * inv;
            st->fzp[i] = sp1h[i] / h * inv;
        }
        y = (h == z1 - y) ? z1 : y + h;
    }
    return y >= z1 ? 0 : -1;
}

/* Start of the continuation: at z <= 1/2 the Gauss series converges at least like 2^-n. */
#define HYP_TAYLOR_START 0.5
/* Below this estimated number of terms the Gauss series is used even for z > 1/2. */
#define HYP_SERIES_MAX_COST 250.0

/*
 * H = 2F1(al, be; ga; z) by series, or by series at 1/2 and Taylor steps. 0 on success.
 */
static int hyp_eval(double al, double be, double ga, double z, int grad, int use_steps,
                    hyp_state *st) {
    if (!use_steps) {
        return hyp_series(al, be, ga, z, grad, HYP_MAX_TERMS, 0, st);
    }
    if (hyp_series(al, be, ga, HYP_TAYLOR_START, 1, HYP_MAX_TERMS, 0, st) != 0) {
        return -1;
    }
    return hyp_taylor_steps(al, be, ga, HYP_TAYLOR_START, z, grad, st);
}

/* Largest gamma for the Taylor steps: the equation's other solution at 0 behaves like
 * z^(1 - gamma), and steps shorter than ~1/gamma would be needed to keep it from growing. */
#define HYP_TAYLOR_MAX_PARAM 2000.0

enum hyp_method { HYP_DIRECT, HYP_EULER, HYP_PFAFF_A, HYP_PFAFF_B };

/*
 * Pfaff's transformation F = (1-z)^-a 2F1(a, c-b; c; zeta), zeta = z/(z-1) (A&S 15.3.4), with
 * the new series summed up to its smallest term although |zeta| > 1: for a > 0 and
 * c > b > 0 the new function is int_0^1 (1 - zeta t)^-a dmu(t) with mu a beta distribution
 * (DLMF 15.6.1), and for zeta < 0 the Taylor remainder of (1 + u)^-a is at most its first
 * omitted term, so the truncated series errs by at most its first omitted term (a Stieltjes
 * series; compare DLMF 15.12.2, large c). This is what makes F(r+s+x, s+1; r+s+x+1; z) of the
 * Pareto/NBD fast for large x and z near 1: the terms fall like ((s+1+k)/((r+s+x) (1-z)))^k.
 */
static int hyp_pfaff(double p1, double p2, double p3, double zeta, int grad, hyp_state *st) {
    if (!(p1 > 0.0) || !(p2 > 0.0) || !(p1 * p2 * -zeta < p3)) {
        return -1;
    }
    return hyp_series(p1, p2, p3, zeta, grad, 2000, 1, st);
}

/*
 * log 2F1(a, b; c; z) and, if grad, its derivatives. The value is computed from F itself,
 * from its Euler transform F = (1 - z)^(c-a-b) 2F1(c-a, c-b; c; z) (A&S 15.3.3) or from one of
 * the two Pfaff transforms: by the Gauss series on the cheaper of F and its Euler transform;
 * when both are slow (z near 1) by the Pfaff transforms while their terms fall fast enough
 * (large c); otherwise by the Taylor steps on the one of F and its Euler transform that stays
 * bounded at z = 1 (c - a - b >= 0 for F), for moderate parameters; and as a last resort by
 * the (long) direct series, all of whose terms are positive.
 */
static double hyp2f1_log(double a, double b, double c, double z, double *grad) {
    if (!(a > 0.0 && b > 0.0 && c > 0.0 && z >= 0.0 && z < 1.0) || isinf(a) || isinf(b) ||
        isinf(c)) {
        if (grad) {
            grad[0] = grad[1] = grad[2] = grad[3] = NAN;
        }
        return NAN;
    }
    if (z == 0.0) {
        if (grad) {
            grad[0] = grad[1] = grad[2] = 0.0;
            grad[3] = a * b / c;
        }
        return 0.0;
    }
    /* c - a - b with the closer pair subtracted first (exact by Sterbenz when c is within a
     * factor 2 of the larger of a, b): F(0.001, 1000; 1000; z) needs m = -0.001 exactly. */
    double m = b >= a ? (c - b) - a : (c - a) - b;
    double w = 1.0 - z;
    double log1mz = log1p(-z);
    int want = grad != NULL;
    hyp_state st;
    enum hyp_method method = HYP_DIRECT;
    int ok = -1;
    double cost_direct = hyp_series_cost(a, b, c, z);
    double cost_euler = hyp_series_cost(c - a, c - b, c, z);
    double cheap = cost_direct < cost_euler ? cost_direct : cost_euler;
    if (z <= HYP_TAYLOR_START || cheap <= HYP_SERIES_MAX_COST) {
        /* The direct series has positive terms and gives log F ~ 0 to full relative
         * accuracy: take it whenever it is cheap. */
        method =
            cost_direct > HYP_SERIES_MAX_COST && cost_euler < cost_direct ? HYP_EULER : HYP_DIRECT;
        ok = method == HYP_EULER ? hyp_eval(c - a, c - b, c, z, want, 0, &st)
                                 : hyp_eval(a, b, c, z, want, 0, &st);
    }
    if (ok != 0) {
        double zeta = -z / w;
        /* The variant whose first term ratio is smaller first. */
        int a_first = a * (c - b) <= b * (c - a);
        for (int i = 0; i < 2 && ok != 0; i++) {
            if ((i == 0) == a_first) {
                method = HYP_PFAFF_A;
                ok = hyp_pfaff(a, c - b, c, zeta, want, &st);
            } else {
                method = HYP_PFAFF_B;
                ok = hyp_pfaff(c - a, b, c, zeta, want, &st);
            }
        }
    }
    if (ok != 0 && c <= HYP_TAYLOR_MAX_PARAM) {
        method = m < 0.0 ? HYP_EULER : HYP_DIRECT;
        ok = method == HYP_EULER ? hyp_eval(c - a, c - b, c, z, want, 1, &st)
                                 : hyp_eval(a, b, c, z, want, 1, &st);
    }
    if (ok != 0) { /* last resort: the positive direct series, however long */
        method = HYP_DIRECT;
        ok = hyp_eval(a, b, c, z, want, 0, &st);
    }
    if (ok != 0) {
        if (grad) {
            grad[0] = grad[1] = grad[2] = grad[3] = NAN;
        }
        return NAN;
    }
    double log_h = st.log_scale;
    double d1 = st.fp[0] / st.f, d2 = st.fp[1] / st.f, d3 = st.fp[2] / st.f;
    double dz = st.fz / st.f;
    switch (method) {
    case HYP_EULER: /* log F = m log(1-z) + log H(c-a, c-b; c; z) */
        if (grad) {
            grad[0] = -log1mz - d1;
            grad[1] = -log1mz - d2;
            grad[2] = log1mz + d1 + d2 + d3;
            grad[3] = dz - m / w;
        }
        return m * log1mz + log_h;
    case HYP_PFAFF_A: /* log F = -a log(1-z) + log H(a, c-b; c; zeta), dzeta/dz = -1/w^2 */
        if (grad) {
            grad[0] = -log1mz + d1;
            grad[1] = -d2;
            grad[2] = d2 + d3;
            grad[3] = a / w - dz / (w * w);
        }
        return -a * log1mz + log_h;
    case HYP_PFAFF_B: /* log F = -b log(1-z) + log H(c-a, b; c; zeta) */
        if (grad) {
            grad[0] = -d1;
            grad[1] = -log1mz + d2;
            grad[2] = d1 + d3;
            grad[3] = b / w - dz / (w * w);
        }
        return -b * log1mz + log_h;
    case HYP_DIRECT:
    default:
        if (grad) {
            grad[0] = d1;
            grad[1] = d2;
            grad[2] = d3;
            grad[3] = dz;
        }
        return log_h;
    }
}

double clv__log_hyp2f1(double a, double b, double c, double z) {
    return hyp2f1_log(a, b, c, z, NULL);
}

double clv__log_hyp2f1_grad(double a, double b, double c, double z, double grad[4]) {
    return hyp2f1_log(a, b, c, z, grad);
}

/* =======================================================================================
 * Upper incomplete gamma function, log Gamma(s, x)
 *
 * R(s, x) = Gamma(s, x) x^-s e^x is O(1/x)-sized for every s, so the work is done on R and
 * log Gamma(s, x) = s log x - x + log R.
 */

/* Legendre's continued fraction (DLMF 8.9.2) in its even form
 * R = 1/(x+1-s - 1(1-s)/(x+3-s - 2(2-s)/(x+5-s - ...))), by the modified Lentz method
 * (Lentz 1976; Thompson & Barnett 1986). */
static double upper_gamma_cf(double s, double x) {
    const double tiny = 1e-300;
    double f = x + 1.0 - s;
    if (f == 0.0) {
        f = tiny;
    }
    double cc = f;
    double dd = 0.0;
    for (int n = 1; n < 100000; n++) {
        double an = -(double)n * ((double)n - s);
        double bn = x + 2.0 * n + 1.0 - s;
        dd = bn + an * dd;
        if (dd == 0.0) {
            dd = tiny;
        }
        cc = bn + an / cc;
        if (cc == 0.0) {
            cc = tiny;
        }
        dd = 1.0 / dd;
        double delta = cc * dd;
        f *= delta;
        if (fabs(delta - 1.0) <= 3e-16) {
            break;
        }
    }
    return 1.0 / f;
}

/* Gamma(s, x) for |s| <= 1/2, x <= 2 (DLMF 8.7.3):
 * Gamma(s, x) = (Gamma(1+s) - 1)/s - (x^s - 1)/s - x^s sum_(n>=1) (-x)^n / (n! (s+n)),
 * with (Gamma(1+s) - 1)/s = -g(s) Gamma(1+s), 1/Gamma(1+s) = 1 + s g(s) (A&S 6.1.34), and
 * (x^s - 1)/s = expm1(s log x)/s -> log x at s = 0. Smooth through s = 0 (E_1 there). */
static double upper_gamma_small_s(double s, double x) {
    double g = horner(rgamma_coef, 25, s);
    double gamma1p = 1.0 / (1.0 + s * g);
    double lx = log(x);
    double xs_m1_over_s = s == 0.0 ? lx : expm1(s * lx) / s;
    double sum = 0.0;
    double term = 1.0;
    for (int n = 1; n < 200; n++) {
        term *= -x / n;
        double add = term / (s + n);
        sum += add;
        if (fabs(add) <= 1e-17 * fabs(sum)) {
            break;
        }
    }
    return -g * gamma1p - xs_m1_over_s - exp(s * lx) * sum;
}

/* Below this x (for s <= 1/2) the continued fraction converges slowly... */
#define UPPER_GAMMA_CF_MIN_X 1.5
/* ...unless s is below this, where the recurrence in s would be the slow one. */
#define UPPER_GAMMA_MAX_STEPS 64.0

double clv__log_upper_gamma(double s, double x) {
    if (!(x > 0.0) || isnan(s) || isinf(s)) {
        return NAN;
    }
    if (isinf(x)) {
        return -INFINITY;
    }
    double lx = log(x);
    if (s > 0.5) {
        if (x >= s + 1.0) {
            return s * lx - x + log(upper_gamma_cf(s, x));
        }
        /* Gamma(s, x) = Gamma(s) (1 - P), P = x^s e^-x / Gamma(s+1) sum_n x^n/((s+1)_n)
         * (DLMF 8.7.1 / 8.11.4), all terms positive; P <= ~0.92 here. */
        double term = 1.0;
        double sum = 1.0;
        for (int n = 1; n < 100000; n++) {
            term *= x / (s + n);
            sum += term;
            if (term <= 1e-17 * sum) {
                break;
            }
        }
        double log_p = s * lx - x - clv__lgamma(s + 1.0) + log(sum);
        return clv__lgamma(s) + log1p(-exp(log_p));
    }
    /* The continued fraction also converges fast when s is far below -x (its partial
     * quotients n(n-s) / ((x+2n+1-s)(x+2n-1-s)) are then ~n/|s|), where the recurrence below
     * would take |s| steps. */
    if (x >= UPPER_GAMMA_CF_MIN_X || s < -UPPER_GAMMA_MAX_STEPS) {
        return s * lx - x + log(upper_gamma_cf(s, x));
    }
    /* s <= 1/2, x < 1.5: s0 = s + n in (-1/2, 1/2], then R(s) = (x R(s+1) - 1)/s
     * (DLMF 8.8.2 divided by x^s e^-x), stable here since x R(s+1) < 1/2 roughly. */
    double n = s > -0.5 ? 0.0 : ceil(-0.5 - s);
    double s0 = s + n;
    if (s0 <= -0.5) {
        s0 += 1.0, n += 1.0;
    }
    double g0 = upper_gamma_small_s(s0, x);
    if (n == 0.0) {
        return log(g0);
    }
    double r = g0 * exp(x - s0 * lx);
    for (double sig = s0 - 1.0; sig >= s - 0.25; sig -= 1.0) {
        r = (x * r - 1.0) / sig;
    }
    return s * lx - x + log(r);
}

/* =======================================================================================
 * Regularised incomplete beta function
 */

/* Steps of the continued fraction before giving up (NaN). It needs O(sqrt(max(a, b)))
 * steps where it is used (x below the mean), so this covers a, b up to ~1e11. */
#define BETA_CF_MAX_STEPS 2000000

/* 1 / (1 + d1/(1 + d2/(1 + ...))) of DLMF 8.17.22, by the modified Lentz method; NaN if the
 * fraction has not converged within BETA_CF_MAX_STEPS. */
static double beta_cf(double a, double b, double x, long max_steps) {
    const double tiny = 1e-300;
    double f = 1.0, c = 1.0, d = 0.0;
    for (long j = 1; j <= max_steps; j++) {
        double m = (double)(j / 2);
        double dj;
        if (j % 2 == 0) {
            dj = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        } else {
            dj = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        }
        d = 1.0 + dj * d;
        d = (fabs(d) < tiny) ? tiny : d;
        c = 1.0 + dj / c;
        c = (fabs(c) < tiny) ? tiny : c;
        d = 1.0 / d;
        double delta = c * d;
        f *= delta;
        if (fabs(delta - 1.0) <= 1e-16) {
            return 1.0 / f;
        }
    }
    return NAN;
}

static double beta_inc_steps(double a, double b, double x, double y, double log_x,
                             double log_y, long max_steps);

double clv__beta_inc(double a, double b, double x, double y, double log_x, double log_y) {
    return beta_inc_steps(a, b, x, y, log_x, log_y, BETA_CF_MAX_STEPS);
}

double clv__beta_inc_capped(double a, double b, double x, double y, double log_x, double log_y,
                            long max_steps) {
    return beta_inc_steps(a, b, x, y, log_x, log_y, max_steps);
}

static double beta_inc_steps(double a, double b, double x, double y, double log_x,
                             double log_y, long max_steps) {
    if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(y >= 0.0)) {
        return NAN;
    }
    if (x == 0.0) {
        return 0.0;
    }
    if (y == 0.0) {
        return 1.0;
    }
    /* The fraction converges fast below the mean, x < (a+1)/(a+b+2); above it, the symmetry
     * I_x(a, b) = 1 - I_y(b, a) puts its argument below. */
    int swap = !(x * (a + b + 2.0) < a + 1.0);
    if (swap) {
        double t = a;
        a = b;
        b = t;
        t = x;
        x = y;
        y = t;
        t = log_x;
        log_x = log_y;
        log_y = t;
    }
    double front = exp(a * log_x + b * log_y - log(a) - clv__lbeta(a, b));
    double v = front * beta_cf(a, b, x, max_steps);
    if (swap && v > 0.5) {
        /* 1 - v would lose digits: the fraction of the unswapped arguments converges too,
         * more slowly, just above the mean where this happens. */
        double w = exp(b * log_y + a * log_x - log(b) - clv__lbeta(a, b)) *
                   beta_cf(b, a, y, max_steps);
        if (isfinite(w)) {
            return w;
        }
        if (v > 1.0 - 1e-6) {
            /* 1 - v below 1e-6 carries under 1e-10 relative: not a value (e.g. a negative
             * binomial tail of 1e-28 at r = 1e-30 came back as 1 - v, 0 or 1.1e-16) */
            return NAN;
        }
    }
    return swap ? 1.0 - v : v;
}

double clv__upper_gamma_scaled(double s, double x) {
    if (!(x > 0.0) || isnan(s) || isinf(s) || isinf(x)) {
        return NAN;
    }
    /* R itself wherever clv__log_upper_gamma() takes the continued fraction: no e^x and,
     * for s far below 0, no s log x of ~1e32 (s = -1e30, x = 1e-300) to cancel. */
    if ((s <= 0.5 && (x >= UPPER_GAMMA_CF_MIN_X || s < -UPPER_GAMMA_MAX_STEPS)) ||
        (s > 0.5 && x >= s + 1.0)) {
        return upper_gamma_cf(s, x);
    }
    return exp(clv__log_upper_gamma(s, x) - s * log(x) + x); /* x small here */
}

/* =======================================================================================
 * Regularised upper incomplete gamma function
 */

double clv__gamma_q(double a, double x) {
    if (!(a > 0.0) || isinf(a) || !(x >= 0.0)) {
        return NAN;
    }
    if (x == 0.0) {
        return 1.0;
    }
    if (isinf(x)) {
        return 0.0;
    }
    /* Q = Gamma(a, x) / Gamma(a): the series of the lower function (as 1 - P, exact through
     * log1p) below x = a + 1, Legendre's continued fraction above (DLMF 8.11.4, 8.9.2). */
    double q = exp(clv__log_upper_gamma(a, x) - clv__lgamma(a));
    return q > 1.0 ? 1.0 : q;
}

/* =======================================================================================
 * Second differences of log Gamma and scaled polygamma values (BG/BB's long sums)
 */

/*
 * lnG(y+e+d) - lnG(y+d) - lnG(y+e) + lnG(y) for y >= 10 from the Stirling series (DLMF
 * 5.11.1): the second difference of (z - 1/2) ln z - z is, with q = e d / ((y+e)(y+d)),
 *   e log1p(d/(y+e)) + d log1p(e/(y+d)) + (y - 1/2) log1p(-q)
 * (expand z ln z at the four corners; the linear part has no second difference), three terms
 * of the size of the result or of e and d: none of the e ln y sized logs of the plain
 * difference of two clv__lgamma_ratio() values, whose rounding is ~e ln(y) eps.
 */
/* a^-m - (a+e)^-m for m = 1..15 into out[m], by the positive recurrence of stirling_ratio(). */
static void power_differences(double a, double e, double *out) {
    double u = 1.0 / a, v = 1.0 / (a + e);
    double d1 = e * u * v, vm = v;
    out[1] = d1;
    for (int m = 1; m < 15; m++) {
        out[m + 1] = u * out[m] + vm * d1;
        vm *= v;
    }
}

static double lgamma_ratio2_asymptotic(double y, double e, double d) {
    double q = (e / (y + e)) * (d / (y + d));
    double main = e * log1p(d / (y + e)) + d * log1p(e / (y + d)) + (y - 0.5) * log1p(-q);
    /* the Stirling corrections' second difference, [c(y) - c(y+s)] - [c(y+l) - c(y+l+s)]
     * with s, l the smaller and larger of e, d: each bracket by power differences to its own
     * relative accuracy (their plain sum of four terms of size 1/(12 y) loses all of a result
     * of size e d / y^3 when e or d is tiny) */
    double s = fmin(e, d), l = fmax(e, d);
    double p0[16], p1[16];
    power_differences(y, s, p0);
    power_differences(y + l, s, p1);
    double corr = 0.0;
    for (int k = 7; k >= 0; k--) {
        corr += stirling_coef[k] * (p0[2 * k + 1] - p1[2 * k + 1]);
    }
    return main + corr;
}

double clv__lgamma_ratio2(double y, double e, double d) {
    if (!(y > 0.0) || !(e >= 0.0) || !(d >= 0.0) || isinf(y) || isinf(e) || isinf(d)) {
        return NAN;
    }
    if (e == 0.0 || d == 0.0) {
        return 0.0;
    }
    /* y far above e + d: D = e d psi'(y + (e+d)/2 + ...) = (e d / y)(1 - (e+d-1)/(2y) + ...),
     * e d / y to double precision. (The asymptotic form below loses its third term there: its
     * q = e d / y^2 underflows from y ~ 1e154, which doubled the result -- BG/BB's E[X(n)] at
     * delta = DBL_MAX came out twice the n alpha/(alpha+beta) of a customer who never drops
     * out; fuzz_fit.) */
    if (e + d + 1.0 < y * 0x1p-55) {
        return (e / y) * d;
    }
    /* D(y) = D(y + n) - sum_(k<n) log1p(-e d / ((y+k+e)(y+k+d))) (lnG(z+1) = lnG(z) + ln z),
     * terms of one sign. */
    int n = shift_count(y);
    double sum = 0.0;
    for (int k = 0; k < n; k++) {
        sum -= log1p(-(e / (y + k + e)) * (d / (y + k + d)));
    }
    return lgamma_ratio2_asymptotic(y + n, e, d) + sum;
}

/* Bernoulli numbers B_2, B_4, ..., B_30. */
static const double bernoulli_even[15] = {1.0 / 6.0,
                                          -1.0 / 30.0,
                                          1.0 / 42.0,
                                          -1.0 / 30.0,
                                          5.0 / 66.0,
                                          -691.0 / 2730.0,
                                          7.0 / 6.0,
                                          -3617.0 / 510.0,
                                          43867.0 / 798.0,
                                          -174611.0 / 330.0,
                                          854513.0 / 138.0,
                                          -236364091.0 / 2730.0,
                                          8553103.0 / 6.0,
                                          -23749461029.0 / 870.0,
                                          8615841276005.0 / 14322.0};

/* Arguments below this are shifted up before the asymptotic series of the polygammas. */
#define POLYGAMMA_ASYMPTOTIC_MIN 40.0

/*
 * out[k] = psi^(k)(z) / k! for k = 1..kmax (kmax <= CLV__POLYGAMMA_MAX), z > 0: the Taylor
 * coefficients of psi(z + h). For z >= 40, the asymptotic series (DLMF 5.15.8 differentiated)
 *   psi^(k)(z)/k! = (-1)^(k+1) [ 1/(k z^k) + 1/(2 z^(k+1))
 *                                + sum_(j>=1) B_2j C(2j+k-1, k) / (2j z^(2j+k)) ],
 * whose terms fall by about ((2j+k)/(2 pi z))^2 (< 0.04 for k <= 17, j <= 15).
 * Below, psi^(k)(z)/k! = psi^(k)(z+1)/k! + (-1)^(k+1) / z^(k+1) (DLMF 5.15.5).
 */
void clv__polygamma_scaled(double z, int kmax, double *out) {
    int shift = (z >= POLYGAMMA_ASYMPTOTIC_MIN) ? 0 : (int)(POLYGAMMA_ASYMPTOTIC_MIN - z) + 1;
    double y = z + shift;
    double r = 1.0 / y, r2 = r * r;
    double rk = 1.0; /* r^k */
    for (int k = 1; k <= kmax; k++) {
        rk *= r;
        double sum = 1.0 / k + 0.5 * r;
        double p = r2; /* r^(2j) */
        /* C(2j+k-1, k) from C(2j+k-3, k): times (2j+k-2)(2j+k-1) / ((2j-2)(2j-1)); j = 1: k+1 */
        double binom = 0.0;
        for (int j = 1; j <= 15; j++) {
            if (j == 1) {
                binom = (double)(k + 1);
            } else {
                binom *= (double)(2 * j + k - 2) * (double)(2 * j + k - 1) /
                         ((double)(2 * j - 2) * (double)(2 * j - 1));
            }
            double t = bernoulli_even[j - 1] * binom / (2.0 * j) * p;
            sum += t;
            if (fabs(t) <= 1e-18 * fabs(sum)) {
                break;
            }
            p *= r2;
        }
        double v = rk * sum;
        out[k] = (k % 2 == 1) ? v : -v;
    }
    /* shift back down: from y to z by steps of 1 */
    for (int s = shift - 1; s >= 0; s--) {
        double w = 1.0 / (z + s);
        double wk = w;
        for (int k = 1; k <= kmax; k++) {
            wk *= w;
            out[k] += (k % 2 == 1) ? wk : -wk;
        }
    }
}

/* =======================================================================================
 * The second difference of log Gamma at any arguments (issue 13)
 */

/* p / (u + v) for p, u, v >= 0 finite, u + v > 0, also where u + v overflows (scaled by 2^-3
 * then: exact, the operands being far above the subnormals). */
static double ratio_sum(double p, double u, double v) {
    double s = u + v;
    return isinf(s) ? (p * 0.125) / (u * 0.125 + v * 0.125) : p / s;
}

/* log((y + e) / y) for y > 0, e >= 0 finite, to its relative accuracy: log1p(e/y) (e/y has
 * one rounding), or log e - log y + log1p(y/e) where e/y overflows (y subnormal or tiny). */
static double log_shift_ratio(double y, double e) {
    double r = e / y;
    return isinf(r) ? (log(e) - log(y)) + log1p(y / e) : log1p(r);
}

/* -log1p(-q), q = e d / ((z+e)(z+d)), z > 0: the term of lgamma_ratio2's shift. Where q > 1/2
 * (z small against e and d), 1 - q = z (z+e+d) / ((z+e)(z+d)) is formed without the
 * cancellation of 1 - q: the value is log((z+e)/z) - log((z+e+d)/(z+d)), >= log 2, two logs of
 * one rounding each. */
static double shift_term_wide(double z, double e, double d) {
    double q = ratio_sum(e, z, e) * ratio_sum(d, z, d);
    if (q <= 0.5) {
        return -log1p(-q);
    }
    return log_shift_ratio(z, e) - log_shift_ratio(z + d, e);
}

double clv__lgamma_ratio2_wide(double y, double e, double d) {
    if (!(y > 0.0) || !(e >= 0.0) || !(d >= 0.0) || isinf(y) || isinf(e) || isinf(d)) {
        return NAN;
    }
    if (e == 0.0 || d == 0.0) {
        return 0.0;
    }
    double s = fmin(e, d), l = fmax(e, d);
    /* a small whole difference: D = sum_(k<s) log((y+k+l)/(y+k)) (lnG(z+1) = lnG(z) + ln z),
     * positive terms of one rounding each */
    if (s == floor(s) && s <= 16.0) {
        double sum = 0.0;
        for (double k = 0.0; k < s; k += 1.0) {
            sum += log_shift_ratio(y + k, l);
        }
        return sum;
    }
    /* y far above e + d: e d / y (clv__lgamma_ratio2) */
    if (l + s + 1.0 < y * 0x1p-55) {
        return (l / y) * s;
    }
    /* the shift up to ASYMPTOTIC_MIN, its terms without cancellation (above) */
    int n = shift_count(y);
    double sum = 0.0;
    for (int k = 0; k < n; k++) {
        sum += shift_term_wide(y + k, e, d);
    }
    double z = y + n;
    /* Stirling's second difference (lgamma_ratio2_asymptotic) with its sums formed without
     * overflow and its log1p(-q) without cancellation where q > 1/2: then
     * log(1 - q) = log1p(e/(z+d)) - log1p(e/z), the second term the larger; nor underflow
     * where q is tiny. */
    double q = ratio_sum(e, z, e) * ratio_sum(d, z, d);
    double third; /* (z - 1/2) log(1 - q) */
    if (q <= 0.5) {
        /* -(z - 1/2) q log1p(-q)/(-q), the product formed as e/(z+e) (d (z - 1/2)/(z+d)): q
         * itself can be subnormal (z = DBL_MAX, e = 1e300) where (z - 1/2) q is not small */
        double f = (q < 1e-8) ? 1.0 + 0.5 * q : log1p(-q) / -q;
        third = -(ratio_sum(e, z, e) * (d * ratio_sum(z - 0.5, z, d))) * f;
    } else {
        third = (z - 0.5) * (log1p(ratio_sum(e, z, d)) - log1p(e / z));
    }
    double main = e * log1p(ratio_sum(d, z, e)) + d * log1p(ratio_sum(e, z, d)) + third;
    double p0[16], p1[16];
    power_differences(z, s, p0);
    power_differences(z + l, s, p1);
    double corr = 0.0;
    for (int k = 7; k >= 0; k--) {
        corr += stirling_coef[k] * (p0[2 * k + 1] - p1[2 * k + 1]);
    }
    return main + corr + sum;
}
