/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The beta-geometric family shared by BG/NBD and MBG/NBD (see betageo.h): likelihood with its
 * analytic gradient, fit, P(alive), conditional and unconditional expected purchases and
 * P(X(t) = n), written for BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy
 * way", Marketing Science 24(2) 275-284, eqs. 6, 7, 8, 10; note 021 for P(alive)) with the
 * Beta indices shifted by `shift` (1 for MBG/NBD, Batislam, Denizel & Filiztekin 2007, whose
 * customers may also drop out at time 0: b becomes b + 1 in every Beta function, and the
 * second likelihood term is present for x = 0 too).
 */
#include "clv/betageo.h"

#include <math.h>
#include <string.h>

#include "clv/fit.h"
#include "core/validate.h"
#include "math/special.h"
#include "math/vmath.h"

/* ---- likelihood --------------------------------------------------------------------------- */

/*
 * The log-likelihood of one customer (eq. 6), written with k = x + shift as
 *   l = [lnG(r+x) - lnG(r) + r ln alpha] + C(k) + log(e^u1 + [k > 0] e^u2),
 *   C(k) = lnG(a+b) + lnG(b+k) - lnG(b) - lnG(a+b+k)            (the Beta-function ratio),
 *   u1 = -(r+x) ln(alpha+T),   u2 = ln a - ln(b+k-1) - (r+x) ln(alpha+t_x),
 * since B(a+1, b+k-1)/B(a, b+k) = a/(b+k-1). Every term that depends on x alone is shared by
 * all customers with that x: for x < X_TABLE they come from a table built by the recurrences
 * lnG(y+1) = lnG(y) + ln y and psi(y+1) = psi(y) + 1/y, so a table of customers pays a few
 * logarithms per row, not a dozen log-gamma and digamma calls.
 */
#define X_TABLE 256

typedef struct x_terms {
    int filled;                      /* rows 0..filled-1 are valid */
    double lg_r[X_TABLE];            /* lnG(r+x) - lnG(r) */
    double dg_r[X_TABLE];            /* psi(r+x) - psi(r) */
    double tg_r[X_TABLE];            /* psi'(r+x) - psi'(r) */
    double c[X_TABLE];               /* C(x) */
    double dc_a[X_TABLE];            /* dC/da = psi(a+b) - psi(a+b+x) */
    double dc_b[X_TABLE];            /* dC/db = psi(a+b) + psi(b+x) - psi(b) - psi(a+b+x) */
    double tc_a[X_TABLE];            /* d2C/da2 = d2C/dadb = psi'(a+b) - psi'(a+b+x) */
    double tc_b[X_TABLE];            /* d2C/db2 = tc_a + psi'(b+x) - psi'(b) */
    double log_b1[X_TABLE];          /* ln(b+x-1), x >= 1 */
    double inv_b1[X_TABLE];          /* 1/(b+x-1), x >= 1 */
    double lg_b, lg_ab, dg_b, dg_ab; /* running sums for the last filled row */
    double tg_b, tg_ab;
} x_terms;

typedef struct model {
    double r, alpha, a, b;
    double log_alpha, log_a;
    int shift; /* 0 BG/NBD, 1 MBG/NBD */
} model;

static void model_from(model *m, const double *theta, int shift) {
    m->r = theta[0];
    m->alpha = theta[1];
    m->a = theta[2];
    m->b = theta[3];
    m->log_alpha = log(m->alpha);
    m->log_a = log(m->a);
    m->shift = shift;
}

/* Terms of one x: the r terms at x and the Beta terms at k = x + shift, from the table when
 * k < X_TABLE (extending it as needed), else directly. The second-derivative terms use the
 * recurrence psi'(y+1) = psi'(y) - 1/y^2. */
typedef struct x_row {
    double lg_r, dg_r, tg_r, c, dc_a, dc_b, tc_a, tc_b, log_b1, inv_b1;
} x_row;

static void x_terms_init(x_terms *xt) {
    xt->filled = 0;
    xt->lg_b = xt->lg_ab = xt->dg_b = xt->dg_ab = xt->tg_b = xt->tg_ab = 0.0;
}

static void x_row_of(const model *m, x_terms *xt, double x, x_row *out) {
    double k_beta = x + m->shift;
    if (k_beta < X_TABLE) {
        int xi = (int)x;
        int bi = (int)k_beta;
        while (xt->filled <= bi) {
            int k = xt->filled;
            if (k == 0) {
                xt->lg_r[0] = xt->dg_r[0] = xt->tg_r[0] = 0.0;
                xt->c[0] = xt->dc_a[0] = xt->dc_b[0] = xt->tc_a[0] = xt->tc_b[0] = 0.0;
                xt->log_b1[0] = xt->inv_b1[0] = 0.0; /* unused: k = 0 has no second term */
            } else {
                double y = (double)(k - 1);
                double lb = log(m->b + y);
                double ir = 1.0 / (m->r + y);
                double ib = 1.0 / (m->b + y);
                double iab = 1.0 / (m->a + m->b + y);
                xt->lg_r[k] = xt->lg_r[k - 1] + log(m->r + y);
                xt->dg_r[k] = xt->dg_r[k - 1] + ir;
                xt->tg_r[k] = xt->tg_r[k - 1] - ir * ir;
                xt->lg_b += lb;
                xt->lg_ab += log(m->a + m->b + y);
                xt->dg_b += ib;
                xt->dg_ab += iab;
                xt->tg_b += ib * ib;
                xt->tg_ab += iab * iab;
                xt->c[k] = xt->lg_b - xt->lg_ab;
                xt->dc_a[k] = -xt->dg_ab;
                xt->dc_b[k] = xt->dg_b - xt->dg_ab;
                xt->tc_a[k] = xt->tg_ab;
                xt->tc_b[k] = xt->tg_ab - xt->tg_b;
                xt->log_b1[k] = lb;
                xt->inv_b1[k] = ib;
            }
            xt->filled = k + 1;
        }
        out->lg_r = xt->lg_r[xi];
        out->dg_r = xt->dg_r[xi];
        out->tg_r = xt->tg_r[xi];
        out->c = xt->c[bi];
        out->dc_a = xt->dc_a[bi];
        out->dc_b = xt->dc_b[bi];
        out->tc_a = xt->tc_a[bi];
        out->tc_b = xt->tc_b[bi];
        out->log_b1 = xt->log_b1[bi];
        out->inv_b1 = xt->inv_b1[bi];
        return;
    }
    double ab = m->a + m->b;
    out->lg_r = clv__lgamma_ratio(m->r, x);
    out->dg_r = clv__digamma_diff(m->r, x);
    out->tg_r = clv__trigamma(m->r + x) - clv__trigamma(m->r);
    out->c = clv__lgamma_ratio(m->b, k_beta) - clv__lgamma_ratio(ab, k_beta);
    out->dc_a = -clv__digamma_diff(ab, k_beta);
    out->dc_b = clv__digamma_diff(m->b, k_beta) - clv__digamma_diff(ab, k_beta);
    out->tc_a = clv__trigamma(ab) - clv__trigamma(ab + k_beta);
    out->tc_b = out->tc_a + clv__trigamma(m->b + k_beta) - clv__trigamma(m->b);
    out->log_b1 = log(m->b + k_beta - 1.0);
    out->inv_b1 = 1.0 / (m->b + k_beta - 1.0);
}

/*
 * Sum of weight x log-likelihood over the rows, its gradient (may be null) and its Hessian
 * (4 x 4 row-major; may be null, and needs the gradient). The rows are valid. log(alpha + T)
 * is cached across rows with the same T (tables sorted or grouped by cohort repeat T often).
 *
 * With w2 = e^u2 / (e^u1 + e^u2) and w1 = 1 - w2 (the mixture weights of the last term), the
 * row's gradient is dA + w1 du1 + w2 du2 and its Hessian
 *   d2A + w1 d2u1 + w2 d2u2 + w1 w2 (du1 - du2)(du1 - du2)',
 * A the terms outside the logarithm; u1, u2 and their derivatives are elementary.
 */
static double loglik_sum(const model *m, const clv_rfm_view *d, double *grad, double *hess) {
    x_terms xt;
    x_terms_init(&xt);
    double ll = 0.0;
    double g[4] = {0.0, 0.0, 0.0, 0.0};
    double h[10] = {0}; /* upper triangle: 00 01 02 03 11 12 13 22 23 33 */
    double last_T = NAN;
    double log_aT = 0.0;
    double inv_aT = 0.0;
    double inv_a = 1.0 / m->a;
    double inv_alpha = 1.0 / m->alpha;
    for (size_t i = 0; i < d->count; i++) {
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        if (w == 0.0) {
            continue;
        }
        double x = d->x[i];
        double T = d->T[i];
        if (T != last_T) {
            last_T = T;
            log_aT = log(m->alpha + T);
            inv_aT = 1.0 / (m->alpha + T);
        }
        x_row xr;
        x_row_of(m, &xt, x, &xr);
        double rx = m->r + x;
        double u1 = -rx * log_aT;
        double l = xr.lg_r + m->r * m->log_alpha + xr.c;
        double w2 = 0.0; /* weight of the second term in the mixture */
        double log_at = 0.0;
        if (x + m->shift > 0.0) {
            log_at = log(m->alpha + d->t_x[i]);
            double u2 = m->log_a - xr.log_b1 - rx * log_at;
            double e = exp(-fabs(u1 - u2));
            double inv = 1.0 / (1.0 + e);
            if (u2 >= u1) {
                l += u2 + log1p(e);
                w2 = inv;
            } else {
                l += u1 + log1p(e);
                w2 = e * inv;
            }
        } else {
            l += u1;
        }
        ll += w * l;
        if (grad == NULL) {
            continue;
        }
        double w1 = 1.0 - w2;
        double inv_at = (w2 != 0.0) ? 1.0 / (m->alpha + d->t_x[i]) : 0.0;
        /* du1 = (-ln(alpha+T), -(r+x)/(alpha+T), 0, 0); du2 = (-ln(alpha+t_x),
         * -(r+x)/(alpha+t_x), 1/a, -1/(b+k-1)). */
        double d1r = -log_aT, d1al = -rx * inv_aT;
        double d2r = -log_at, d2al = -rx * inv_at, d2a = inv_a, d2b = -xr.inv_b1;
        g[0] += w * (xr.dg_r + m->log_alpha + w1 * d1r + w2 * d2r);
        g[1] += w * (m->r * inv_alpha + w1 * d1al + w2 * d2al);
        g[2] += w * (xr.dc_a + w2 * d2a);
        g[3] += w * (xr.dc_b + w2 * d2b);
        if (hess == NULL) {
            continue;
        }
        double ww = w * w1 * w2;
        double er = d1r - d2r, eal = d1al - d2al, ea = -d2a, eb = -d2b;
        h[0] += w * xr.tg_r + ww * er * er;
        h[1] += w * (inv_alpha - w1 * inv_aT - w2 * inv_at) + ww * er * eal;
        h[2] += ww * er * ea;
        h[3] += ww * er * eb;
        h[4] += w * (-m->r * inv_alpha * inv_alpha + rx * (w1 * inv_aT * inv_aT +
                                                           w2 * inv_at * inv_at)) +
                ww * eal * eal;
        h[5] += ww * eal * ea;
        h[6] += ww * eal * eb;
        h[7] += w * (xr.tc_a - w2 * inv_a * inv_a) + ww * ea * ea;
        h[8] += w * xr.tc_a + ww * ea * eb;
        h[9] += w * (xr.tc_b + w2 * xr.inv_b1 * xr.inv_b1) + ww * eb * eb;
    }
    if (grad != NULL) {
        memcpy(grad, g, sizeof g);
    }
    if (hess != NULL) {
        static const int up[4][4] = {{0, 1, 2, 3}, {1, 4, 5, 6}, {2, 5, 7, 8}, {3, 6, 8, 9}};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                hess[4 * i + j] = h[up[i][j]];
            }
        }
    }
    return ll;
}

/* ---- predictions -------------------------------------------------------------------------- */

/*
 * P(alive) (FHL 2005 eq. 8; note 021) = 1 / (1 + exp(lo)), lo the log of the odds
 *   (1 - P(alive))/P(alive) = [k > 0] a/(b+k-1) ((alpha+T)/(alpha+t_x))^(r+x),  k = x + shift,
 * written lo = ln a - ln(b+k-1) + (r+x) log1p((T - t_x)/(alpha + t_x)). Four customers at a
 * time through the vector exp and log1p of math/vmath.h (the cost of scoring a table is those
 * two functions); a single customer takes the same path in one lane, so the scalar and array
 * functions give the same doubles. ln(b+k-1) comes from a table filled as far as the rows need
 * (k < X_TABLE), or is computed (larger k, or no table).
 */
typedef struct log_b1_table {
    int filled;
    double v[X_TABLE];
} log_b1_table;

static double log_b1_of(const model *p, log_b1_table *tb, double k) {
    if (tb != NULL && k < X_TABLE) {
        int ki = (int)k;
        while (tb->filled <= ki) {
            tb->v[tb->filled] = log(p->b + p->shift + ((double)tb->filled - p->shift) - 1.0);
            tb->filled++;
        }
        return tb->v[ki];
    }
    return log(p->b + p->shift + (k - p->shift) - 1.0); /* the table's expression */
}

/*
 * A chunk of rows prepared for the vector loop: per row ln(b+k-1) (0 when k = 0), r + x, and
 * whether k = 0 (P(alive) = 1: the odds are 0).
 */
#define PA_CHUNK 64

typedef struct pa_chunk {
    double lb[PA_CHUNK], c[PA_CHUNK], k0[PA_CHUNK];
} pa_chunk;

static void pa_prepare(const model *p, log_b1_table *tb, const double *x, size_t n,
                       pa_chunk *ch) {
    for (size_t j = 0; j < n; j++) {
        double k = x[j] + p->shift;
        ch->k0[j] = (k == 0.0) ? 1.0 : 0.0;
        ch->lb[j] = (k == 0.0) ? 0.0 : log_b1_of(p, tb, k);
        ch->c[j] = p->r + x[j];
    }
}

/* The vector loop, for one width: rows 0 .. n-1 of the chunk (n a multiple of the width; the
 * caller pads), (t_x, T) from the table. */
#define PA_LANES(VD, VI, VF)                                                                     \
    for (size_t j = 0; j < n; j += sizeof(VD) / sizeof(double)) {                               \
        VD lb, c, k0, tx, TT;                                                                    \
        memcpy(&lb, lbs + j, sizeof lb);                                                         \
        memcpy(&c, cs + j, sizeof c);                                                            \
        memcpy(&k0, k0s + j, sizeof k0);                                                         \
        memcpy(&tx, t_x + j, sizeof tx);                                                         \
        memcpy(&TT, T + j, sizeof TT);                                                           \
        VD u = (TT - tx) / (tx + alpha);                                                         \
        /* ((alpha+T)/(alpha+t_x))^(r+x) is exactly 1 when t_x = T, whatever r + x (even inf) */ \
        VD growth = VF(select)(TT > tx, c * VF(log1p)(u), VF(splat)(0.0));                       \
        VD pa = 1.0 / (1.0 + VF(exp)((log_a - lb) + growth)); /* exp = inf gives 0 */           \
        pa = VF(select)(k0 == 1.0, VF(splat)(1.0), pa);                                          \
        memcpy(out + j, &pa, sizeof pa);                                                         \
    }

static void pa_lanes2(const double *lbs, const double *cs, const double *k0s, const double *t_x,
                      const double *T, size_t n, double alpha, double log_a, double *out) {
    PA_LANES(clv__v2d, clv__v2i, CLV__V2)
}

#if CLV__HAVE_AVX2_PATH
CLV__TARGET_AVX2 static void pa_lanes4(const double *lbs, const double *cs, const double *k0s,
                                       const double *t_x, const double *T, size_t n,
                                       double alpha, double log_a, double *out) {
    PA_LANES(clv__v4d, clv__v4i, CLV__V4)
}
#endif

/* P(alive) of n rows (valid: checked by the caller) into out; tb may be null. */
static void p_alive_rows(const model *p, log_b1_table *tb, const double *x, const double *t_x,
                         const double *T, size_t n, int avx2, double *out) {
    pa_chunk ch;
    for (size_t i0 = 0; i0 < n; i0 += PA_CHUNK) {
        size_t m = (n - i0 < PA_CHUNK) ? n - i0 : PA_CHUNK;
        pa_prepare(p, tb, x + i0, m, &ch);
        size_t whole = m & ~(size_t)3; /* a multiple of both widths */
#if CLV__HAVE_AVX2_PATH
        if (avx2) {
            pa_lanes4(ch.lb, ch.c, ch.k0, t_x + i0, T + i0, whole, p->alpha, p->log_a, out + i0);
        } else
#endif
        {
            pa_lanes2(ch.lb, ch.c, ch.k0, t_x + i0, T + i0, whole, p->alpha, p->log_a, out + i0);
        }
        for (size_t j = whole; j < m; j += 2) {
            /* The last 1-3 rows, two at a time (a lone last row in both lanes). */
            size_t j2 = (j + 1 < m) ? j + 1 : j;
            double lb[2] = {ch.lb[j], ch.lb[j2]}, c[2] = {ch.c[j], ch.c[j2]};
            double k0[2] = {ch.k0[j], ch.k0[j2]};
            double tx2[2] = {t_x[i0 + j], t_x[i0 + j2]}, T2[2] = {T[i0 + j], T[i0 + j2]}, o2[2];
            pa_lanes2(lb, c, k0, tx2, T2, 2, p->alpha, p->log_a, o2);
            memcpy(out + i0 + j, o2, (j2 - j + 1) * sizeof *o2);
        }
    }
    (void)avx2;
}

static double p_alive(const model *p, double x, double t_x, double T) {
    double pa;
    p_alive_rows(p, NULL, &x, &t_x, &T, 1, 0, &pa); /* the last-rows path, one lane */
    return pa;
}

/*
 * E[X(t) | x, t_x, T] (eq. 10) = (c/(a-1)) [1 - q^(r+x) 2F1(r+x, b+x; c; z)] P(alive), with
 * c = a+b+x-1, q = (alpha+T)/(alpha+T+t), z = 1 - q. Euler's transformation (A&S 15.3.3)
 * gives q^(r+x) 2F1(r+x, b+x; c; z) = q^(a-1) 2F1(A, a-1; c; z), A = c - r - x = a+b-1-r,
 * and since (a-1)_k = (a-1) (a)_(k-1) every term past the first carries the factor a-1:
 *   c [1 - q^(a-1) F] / (a-1) = c (1 - q^(a-1))/(a-1) - q^(a-1) U,
 *   U = sum_{k>=1} (A)_k (a)_(k-1) z^k / ((c+1)_(k-1) k!),
 * regular at a = 1 and free of the pole of (c)_k when c <= 0 (x = 0, a + b <= 1). For large
 * x, c is large and U converges in a few terms. This returns the bracket, E / P(alive).
 */
static double cond_per_alive(const model *p, double x, double T, double t) {
    if (t == 0.0) {
        return 0.0;
    }
    double c = p->a + p->b + p->shift + x - 1.0; /* b + shift for b: Batislam et al. */
    double A = p->a + p->b + p->shift - 1.0 - p->r;
    double log_q = -log1p(t / (p->alpha + T));
    double z = t / (p->alpha + T + t);
    double y = (p->a - 1.0) * log_q;
    double first = (y == 0.0) ? -log_q : -expm1(y) / (p->a - 1.0);
    double u = A * z;
    double sum = 0.0;
    for (int k = 1; k < 1000000 && u != 0.0; k++) {
        sum += u;
        if (fabs(u) <= 1e-17 * fabs(sum)) {
            break;
        }
        u *= (A + k) * (p->a + k - 1.0) * z / ((c + k) * (k + 1.0));
    }
    return c * first - exp(y) * sum;
}

/* A tiny expectation rounded below 0 is 0; NaN stays NaN, for the caller's range check. */
static double clamp_expected(double e) {
    return (e > 0.0 || isnan(e)) ? e : 0.0;
}

/* E[X(t) | x, t_x, T]: the bracket above times P(alive), >= 0 (rounding when it is tiny). */
static double cond_expected(const model *p, double x, double t_x, double T, double t) {
    return clamp_expected(cond_per_alive(p, x, T, t) * p_alive(p, x, t_x, T));
}

/*
 * P(X(t) = n) for a new customer (eq. 8):
 *   B(a, b+n)/B(a, b) NB(n) + [n > 0] B(a+1, b+n-1)/B(a, b) P(NB >= n),
 * NB the negative binomial pmf Gamma(r+j)/(Gamma(r) j!) p0^r (1-p0)^j, p0 = alpha/(alpha+t).
 * The tail P(NB >= n) is 1 - sum_{j<n} NB(j) while that sum is below 1/2, and the sum of the
 * tail itself otherwise, so it never loses digits to cancellation.
 */
static double prob_purchases(const model *p, double t, double n) {
    if (t == 0.0) {
        return (n == 0.0) ? 1.0 : 0.0;
    }
    double log_p0 = -log1p(t / p->alpha); /* log(alpha/(alpha+t)) */
    double log_p1 = -log1p(p->alpha / t); /* log(t/(alpha+t)) */
    /* log B(a, b+n)/B(a, b) = sum_{k<n} log((b+k)/(a+b+k)); exactly 0 for n = 0. */
    double k = n + p->shift;
    double lb = (k == 0.0) ? 0.0 : clv__lgamma_ratio(p->b, k) - clv__lgamma_ratio(p->a + p->b, k);
    /* n log(t/(alpha+t)) is 0 for n = 0 even when t is so small that the log is -inf. */
    double log_nb = clv__lgamma_ratio(p->r, n) - clv__lgamma(n + 1.0) + p->r * log_p0 +
                    ((n > 0.0) ? n * log_p1 : 0.0);
    double prob = exp(lb + log_nb);
    if (k == 0.0) {
        return prob; /* BG/NBD, n = 0: no dropout term */
    }
    /* Cumulative NB(j) for j < n by the recurrence NB(j+1) = NB(j) (r+j)/(j+1) (1-p0). */
    double q1 = exp(log_p1);
    double term = exp(p->r * log_p0);
    double cdf = 0.0;
    for (double j = 0.0; j < n && cdf <= 0.5; j += 1.0) {
        cdf += term;
        term *= (p->r + j) / (j + 1.0) * q1;
    }
    double tail;
    if (cdf <= 0.5) {
        tail = 1.0 - cdf;
    } else {
        /* Sum the tail from j = n, starting from NB(n) in log form. */
        double tj = exp(log_nb);
        tail = 0.0;
        for (double j = n; tj > 1e-18 * tail || j < n + 2.0; j += 1.0) {
            tail += tj;
            tj *= (p->r + j) / (j + 1.0) * q1;
            if (j > n + 1e7) {
                break;
            }
        }
    }
    double second = exp(lb + p->log_a - log(p->b + k - 1.0)) * tail;
    return prob + second; /* NaN only for parameters near DBL_MAX: the caller reports it */
}

/* ---- checked entry points (validation, then computation) --------------------------------- */

static int check_theta(const double *theta) {
    return clv__check_params(theta, 4);
}

int clv__bg_loglik(const double *theta, int shift, const clv_rfm_view *data, double *loglik,
                   double *gradient) {
    int st;
    if (data == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    double g[4];
    double ll = loglik_sum(&m, data, g, NULL);
    return clv__loglik_out(ll, g, 4, loglik, gradient);
}

typedef struct fit_context {
    const clv_rfm_view *data;
    int shift;
} fit_context;

/* The fit's evaluation, with the Hessian: the table was validated once, before the first
 * point. */
static int fit_eval_hessian(const void *ctx, const double *theta, double *loglik,
                            double *gradient, double *hessian) {
    const fit_context *fc = ctx;
    model m;
    model_from(&m, theta, fc->shift);
    double ll = loglik_sum(&m, fc->data, gradient, hessian);
    *loglik = isfinite(ll) ? ll : -INFINITY;
    return CLV_OK;
}

int clv__bg_fit(int model_tag, int shift, const clv_rfm_view *data, const clv_fit_options *options,
                double *theta, clv_fit_report *report) {
    int st;
    if (data == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    clv__packed pk = {{0}, NULL};
    fit_context fc = {clv__pack_rows(data, 0, options, &pk) ? &pk.view : data, shift};
    st = clv__fit_run_newton(model_tag, options, fit_eval_hessian, &fc, theta, report);
    clv__unpack(options, &pk);
    return st;
}

int clv__bg_p_alive(const double *theta, int shift, double x, double t_x, double T, double *p) {
    int st;
    if (p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    *p = p_alive(&m, x, t_x, T);
    return CLV_OK;
}

int clv__bg_expected_purchases(const double *theta, int shift, double x, double t_x, double T,
                               double t, double *expected) {
    int st;
    if (expected == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK ||
        (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    double e = cond_expected(&m, x, t_x, T, t);
    if ((st = clv__check_result(e)) != CLV_OK) {
        return st;
    }
    *expected = e;
    return CLV_OK;
}

int clv__bg_prob_purchases(const double *theta, int shift, double t, double n, double *p) {
    int st;
    if (p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_nonneg(t)) != CLV_OK ||
        (st = clv__check_nonneg(n)) != CLV_OK) {
        return st;
    }
    if (floor(n) != n) {
        return CLV_EDOM;
    }
    model m;
    model_from(&m, theta, shift);
    double prob = prob_purchases(&m, t, n);
    if (isnan(prob)) {
        return CLV_ERANGE;
    }
    *p = fmin(fmax(prob, 0.0), 1.0); /* rounding at the ends of [0, 1] */
    return CLV_OK;
}

int clv__bg_p_alive_array(const double *theta, int shift, const clv_rfm_view *data, double *p) {
    int st;
    if (data == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    log_b1_table tb;
    tb.filled = 1; /* k = 0 has no entry */
    p_alive_rows(&m, &tb, data->x, data->t_x, data->T, data->count, clv__have_avx2(), p);
    return CLV_OK;
}

/* (x, T) -> E[X(t) | alive, x, T] / ..., see clv__bg_expected_purchases_array. */
#define BRACKET_SLOTS 1024

typedef struct bracket_cache {
    double x[BRACKET_SLOTS], T[BRACKET_SLOTS], value[BRACKET_SLOTS];
    unsigned char used[BRACKET_SLOTS];
} bracket_cache;

static double cached_cond_per_alive(const model *m, bracket_cache *bc, double x, double T,
                                    double t) {
    uint64_t bits;
    memcpy(&bits, &T, sizeof bits);
    uint64_t key = bits ^ ((uint64_t)(x < 1e18 ? x : 1e18) * UINT64_C(0x9E3779B97F4A7C15));
    key *= UINT64_C(0xBF58476D1CE4E5B9);
    size_t slot = (size_t)(key >> 54) & (BRACKET_SLOTS - 2); /* even: the bucket's first */
    for (size_t k = slot; k < slot + 2; k++) {
        if (bc->used[k] && bc->x[k] == x && bc->T[k] == T) {
            return bc->value[k];
        }
    }
    /* Miss: the bucket's second slot moves to its first, the new pair takes the second. */
    double v = cond_per_alive(m, x, T, t);
    bc->x[slot] = bc->x[slot + 1];
    bc->T[slot] = bc->T[slot + 1];
    bc->value[slot] = bc->value[slot + 1];
    bc->used[slot] = bc->used[slot + 1];
    bc->x[slot + 1] = x;
    bc->T[slot + 1] = T;
    bc->value[slot + 1] = v;
    bc->used[slot + 1] = 1;
    return v;
}

int clv__bg_expected_purchases_array(const double *theta, int shift, const clv_rfm_view *data,
                                     double t, double *expected) {
    int st;
    if (data == NULL || expected == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv_rfm_check(data, 0, NULL)) != CLV_OK ||
        (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    /* The bracket E / P(alive) depends on (x, T) alone, and a customer table has few distinct
     * pairs (one T per acquisition date, mostly small x; CDNOW's 2,357 rows have 464): each
     * is kept in a small table on the stack, indexed by a hash of the pair, two slots per
     * bucket, overwritten on a miss. Same doubles as the row-by-row computation. */
    log_b1_table tb;
    tb.filled = 1;
    bracket_cache bc;
    memset(bc.used, 0, sizeof bc.used);
    int avx2 = clv__have_avx2();
    for (size_t i0 = 0; i0 < data->count; i0 += 4) {
        size_t n = data->count - i0 < 4 ? data->count - i0 : 4;
        double pa[4];
        p_alive_rows(&m, &tb, data->x + i0, data->t_x + i0, data->T + i0, n, avx2, pa);
        for (size_t j = 0; j < n; j++) {
            size_t i = i0 + j;
            double br = (t == 0.0) ? 0.0 : cached_cond_per_alive(&m, &bc, data->x[i], data->T[i], t);
            double e = clamp_expected(br * pa[j]);
            if (!isfinite(e)) {
                return CLV_ERANGE; /* rows before i are written, the rest untouched (clv.h) */
            }
            expected[i] = e;
        }
    }
    return CLV_OK;
}

int clv__bg_expected_curve(const double *theta, int shift, double x, double t_x, double T,
                           const double *t, size_t n, double *expected) {
    int st;
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        if ((st = clv__check_nonneg(t[i])) != CLV_OK) {
            return st;
        }
    }
    model m;
    model_from(&m, theta, shift);
    double pa = p_alive(&m, x, t_x, T);
    for (size_t i = 0; i < n; i++) {
        double e = clamp_expected(cond_per_alive(&m, x, T, t[i]) * pa);
        if ((st = clv__check_result(e)) != CLV_OK) {
            return st;
        }
        expected[i] = e;
    }
    return CLV_OK;
}
