/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Adaptive Gauss-Kronrod (7, 15) quadrature for several integrands at once: see quad.h. */
#include "math/quad.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Nodes of the 15-point Kronrod rule on [-1, 1] (the odd ones, 1, 3, 5, 7, are the 7-point
 * Gauss nodes), its weights and the Gauss weights; tests/test_quad.c checks the degrees of
 * exactness (22 and 13). */
static const double xk[8] = {
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.0};
static const double wk[8] = {
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
static const double wg[4] = {
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

/* One interval's bounds and, for each of the k integrands, its value, |f| integral and
 * error estimate, in a slice of a fixed-size store: with few integrands there is room for
 * CLV__QUAD_MAX_INTERVALS intervals, with more for fewer (see interval_budget). */
typedef struct interval {
    double lo, hi;
    double *value, *err, *absval;
} interval;

#define QUAD_STORE (CLV__QUAD_MAX_INTERVALS * 3 * 6)

static int interval_budget(int k, int kc) {
    int n = QUAD_STORE / (k + 2 * kc);
    return (n < CLV__QUAD_MAX_INTERVALS) ? n : CLV__QUAD_MAX_INTERVALS;
}

/* One Kronrod rule on [iv->lo, iv->hi]: the k values, and the |f| integral and error estimate
 * of the first kc. */
static void rule(clv__quad_fn f, const void *ctx, int k, int kc, interval *iv) {
    double c = 0.5 * (iv->lo + iv->hi);
    double h = 0.5 * (iv->hi - iv->lo);
    double kr[CLV__QUAD_MAX_K] = {0};
    double ga[CLV__QUAD_MAX_K] = {0};
    double ab[CLV__QUAD_MAX_K] = {0};
    double f0[CLV__QUAD_MAX_K];
    double fl[7][CLV__QUAD_MAX_K];
    double fr[7][CLV__QUAD_MAX_K];
    f(ctx, c, f0);
    for (int j = 0; j < k; j++) {
        kr[j] = wk[7] * f0[j];
    }
    for (int j = 0; j < kc; j++) {
        ga[j] = wg[3] * f0[j];
        ab[j] = wk[7] * fabs(f0[j]);
    }
    for (int i = 0; i < 7; i++) {
        double *v1 = fl[i];
        double *v2 = fr[i];
        f(ctx, c - h * xk[i], v1);
        f(ctx, c + h * xk[i], v2);
        for (int j = 0; j < k; j++) {
            kr[j] += wk[i] * (v1[j] + v2[j]);
        }
        for (int j = 0; j < kc; j++) {
            ab[j] += wk[i] * (fabs(v1[j]) + fabs(v2[j]));
            if (i % 2 == 1) {
                ga[j] += wg[i / 2] * (v1[j] + v2[j]);
            }
        }
    }
    for (int j = kc; j < k; j++) {
        iv->value[j] = kr[j] * h;
    }
    /* QUADPACK's error estimate (Piessens et al. 1983, routine QK15): |K - G| scaled by
     * resasc = int |f - mean f|, err = resasc min(1, (200 |K - G| / resasc)^1.5), which
     * for smooth integrands tracks the Kronrod rule's own (much smaller) error. */
    for (int j = 0; j < kc; j++) {
        double mean = 0.5 * kr[j];
        double asc = wk[7] * fabs(f0[j] - mean);
        for (int i = 0; i < 7; i++) {
            asc += wk[i] * (fabs(fl[i][j] - mean) + fabs(fr[i][j] - mean));
        }
        double err = fabs((kr[j] - ga[j]) * h);
        asc *= fabs(h);
        if (asc != 0.0 && err != 0.0) {
            double ratio = 200.0 * err / asc;
            err = asc * fmin(1.0, ratio * sqrt(ratio)); /* ratio^1.5 */
        }
        iv->value[j] = kr[j] * h;
        iv->absval[j] = ab[j] * fabs(h);
        iv->err[j] = err;
    }
}

/* The worst interval's index and the largest relative error over the components. */
static double worst(const interval *ivs, int n, int k, int *which) {
    double tot_abs[CLV__QUAD_MAX_K] = {0};
    double tot_err[CLV__QUAD_MAX_K] = {0};
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
            tot_abs[j] += ivs[i].absval[j];
            tot_err[j] += ivs[i].err[j];
        }
    }
    double rel = 0.0;
    double worst_score = -1.0;
    *which = 0;
    for (int i = 0; i < n; i++) {
        double score = 0.0;
        for (int j = 0; j < k; j++) {
            if (tot_abs[j] > 0.0) {
                score = fmax(score, ivs[i].err[j] / tot_abs[j]);
            }
        }
        if (score > worst_score) {
            worst_score = score;
            *which = i;
        }
    }
    for (int j = 0; j < k; j++) {
        if (tot_abs[j] > 0.0) {
            rel = fmax(rel, tot_err[j] / tot_abs[j]);
        }
    }
    return rel;
}

static double quad_ctl(clv__quad_fn f, const void *ctx, int k, int kc, double lo, double hi,
                       double rel_tol, double *result) {
    /* lo <= hi: bisection below relies on it. */
    interval ivs[CLV__QUAD_MAX_INTERVALS];
    double store[QUAD_STORE];
    int budget = interval_budget(k, kc);
    for (int i = 0; i < budget; i++) {
        ivs[i].value = store + (k + 2 * kc) * i;
        ivs[i].err = ivs[i].value + k;
        ivs[i].absval = ivs[i].err + kc;
    }
    int n = 1;
    ivs[0].lo = lo;
    ivs[0].hi = hi;
    rule(f, ctx, k, kc, &ivs[0]);
    double rel;
    int w;
    while ((rel = worst(ivs, n, kc, &w)) > rel_tol && n < budget) {
        double mid = 0.5 * (ivs[w].lo + ivs[w].hi);
        if (!(mid > ivs[w].lo && mid < ivs[w].hi)) {
            break; /* the interval cannot be split further in doubles */
        }
        ivs[n].lo = mid;
        ivs[n].hi = ivs[w].hi;
        ivs[w].hi = mid;
        rule(f, ctx, k, kc, &ivs[w]);
        rule(f, ctx, k, kc, &ivs[n]);
        n++;
    }
    for (int j = 0; j < k; j++) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += ivs[i].value[j];
        }
        result[j] = s;
    }
    return rel;
}

double clv__quad(clv__quad_fn f, const void *ctx, int k, double lo, double hi, double rel_tol,
                 double *result) {
    return quad_ctl(f, ctx, k, k, lo, hi, rel_tol, result);
}

double clv__quad_outward(clv__quad_fn f, const void *ctx, int k, double from, double to,
                         double w0, double rel_tol, double *result) {
    return clv__quad_outward_ctl(f, ctx, k, k, from, to, w0, rel_tol, result);
}

double clv__quad_outward_ctl(clv__quad_fn f, const void *ctx, int k, int k_ctl, double from,
                             double to, double w0, double rel_tol, double *result) {
    double sign = (to >= from) ? 1.0 : -1.0;
    double len = fabs(to - from);
    double lo = 0.0; /* distance from `from` covered so far */
    double width = (w0 > 0.0) ? w0 : len;
    double worst_rel = 0.0;
    for (int j = 0; j < k; j++) {
        result[j] = 0.0;
    }
    while (lo < len) {
        double hi = lo + width;
        if (hi >= len || len - hi < width) {
            hi = len; /* no sliver at the end */
        }
        double piece[CLV__QUAD_MAX_K];
        double a = from + sign * lo;
        double b = from + sign * hi;
        double rel = quad_ctl(f, ctx, k, k_ctl, fmin(a, b), fmax(a, b), rel_tol, piece);
        worst_rel = fmax(worst_rel, rel);
        for (int j = 0; j < k; j++) {
            result[j] += piece[j];
        }
        lo = hi;
        width *= 4.0;
    }
    return worst_rel;
}

/* Sum of the intervals' error estimates. */
static double total_error(const interval *ivs, int n) {
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        e += ivs[i].err[0];
    }
    return e;
}

double clv__quad_cuts(clv__quad_fn f, const void *ctx, const double *cuts, int n_cuts,
                      double rel_tol, double abs_tol, double *result) {
    /* One integrand: the value, error and |f| integral of each interval in three arrays. */
    interval ivs[CLV__QUAD_CUTS_MAX_INTERVALS];
    double store[3 * CLV__QUAD_CUTS_MAX_INTERVALS];
    int n = 0;
    for (int i = 0; i + 1 < n_cuts && n < CLV__QUAD_CUTS_MAX_INTERVALS; i++) {
        if (!(cuts[i + 1] > cuts[i])) {
            continue; /* empty (or unordered) piece */
        }
        ivs[n].value = store + 3 * n;
        ivs[n].err = store + 3 * n + 1;
        ivs[n].absval = store + 3 * n + 2;
        ivs[n].lo = cuts[i];
        ivs[n].hi = cuts[i + 1];
        rule(f, ctx, 1, 1, &ivs[n]);
        n++;
    }
    int w;
    while (n > 0 && n < CLV__QUAD_CUTS_MAX_INTERVALS && worst(ivs, n, 1, &w) > rel_tol &&
           total_error(ivs, n) > abs_tol) {
        double mid = 0.5 * (ivs[w].lo + ivs[w].hi);
        if (!(mid > ivs[w].lo && mid < ivs[w].hi)) {
            break;
        }
        ivs[n].value = store + 3 * n;
        ivs[n].err = store + 3 * n + 1;
        ivs[n].absval = store + 3 * n + 2;
        ivs[n].lo = mid;
        ivs[n].hi = ivs[w].hi;
        ivs[w].hi = mid;
        rule(f, ctx, 1, 1, &ivs[w]);
        rule(f, ctx, 1, 1, &ivs[n]);
        n++;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += ivs[i].value[0];
    }
    *result = s;
    return total_error(ivs, n);
}

double clv__quad_outward_sum(clv__quad_fn f, const void *ctx, int k, double from, double to,
                             double w0, double rel_tol, double *result) {
    double sign = (to >= from) ? 1.0 : -1.0;
    double len = fabs(to - from);
    double lo = 0.0;
    double width = (w0 > 0.0) ? w0 : len;
    double err[CLV__QUAD_MAX_K];
    for (int j = 0; j < k; j++) {
        result[j] = 0.0;
        err[j] = 0.0;
    }
    while (lo < len) {
        double hi = lo + width;
        if (hi >= len || len - hi < width) {
            hi = len;
        }
        double piece[CLV__QUAD_MAX_K];
        double a = from + sign * lo;
        double b = from + sign * hi;
        double rel = quad_ctl(f, ctx, k, k, fmin(a, b), fmax(a, b), rel_tol, piece);
        for (int j = 0; j < k; j++) {
            result[j] += piece[j];
            err[j] += rel * fabs(piece[j]); /* |piece| is its absolute integral: one sign */
        }
        lo = hi;
        width *= 4.0;
    }
    double worst_rel = 0.0;
    for (int j = 0; j < k; j++) {
        if (err[j] > 0.0) {
            worst_rel = fmax(worst_rel, err[j] / fabs(result[j]));
        }
    }
    return worst_rel;
}

static int cmp_double(const void *x, const void *y) {
    double u = *(const double *)x, v = *(const double *)y;
    return (u > v) - (u < v);
}

int clv__quad_pieces(double *cuts, int n_cuts, double lo, double hi, double piece,
                     double *pieces) {
    int nk = 0;
    for (int i = 0; i < n_cuts; i++) { /* keep the finite cuts inside [lo, hi] */
        if (isfinite(cuts[i]) && cuts[i] >= lo && cuts[i] <= hi) {
            cuts[nk++] = cuts[i];
        }
    }
    qsort(cuts, (size_t)nk, sizeof *cuts, cmp_double);
    int np = 0;
    pieces[np++] = cuts[0];
    for (int i = 1; i < nk; i++) {
        double a0 = pieces[np - 1], b0 = cuts[i];
        if (!(b0 > a0)) {
            continue;
        }
        double mid = 0.5 * (a0 + b0);
        double right[64];
        int nr = 0;
        for (double w = piece; a0 + w < mid && np < CLV__QUAD_CUTS_MAX_INTERVALS / 2; w *= 2.0) {
            pieces[np++] = a0 + w;
        }
        for (double w = piece; b0 - w > mid && nr < 64; w *= 2.0) {
            right[nr++] = b0 - w;
        }
        if (np < CLV__QUAD_CUTS_MAX_INTERVALS / 2 && mid > pieces[np - 1] && mid < b0) {
            pieces[np++] = mid;
        }
        while (nr > 0 && np < CLV__QUAD_CUTS_MAX_INTERVALS / 2) {
            double c = right[--nr];
            if (c > pieces[np - 1]) {
                pieces[np++] = c;
            }
        }
        pieces[np++] = b0;
    }
    return np;
}
