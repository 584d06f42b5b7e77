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

#include <float.h>
#include <math.h>
#include <string.h>

#include "clv/fit.h"
#include "clv/kernels.h"
#include "core/validate.h"
#include "math/quad.h"
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
    out->log_b1 = log(m->b + (k_beta - 1.0));
    out->inv_b1 = 1.0 / (m->b + (k_beta - 1.0));
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
static double loglik_sum_xt(const model *m, x_terms *xtp, const clv_rfm_view *d, double *grad,
                            double *hess);

static double loglik_sum(const model *m, const clv_rfm_view *d, double *grad, double *hess) {
    x_terms xt;
    x_terms_init(&xt);
    return loglik_sum_xt(m, &xt, d, grad, hess);
}

/* loglik_sum() with the x table xtp kept by the caller (its rows are the same doubles however
 * far it was filled before: clv__bg_loglik_block() keeps one across a block of one-row
 * tables). */
static double loglik_sum_xt(const model *m, x_terms *xtp, const clv_rfm_view *d, double *grad,
                            double *hess) {
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
        x_row_of(m, xtp, x, &xr);
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
            tb->v[tb->filled] = log(p->b + ((double)tb->filled - 1.0));
            tb->filled++;
        }
        return tb->v[ki];
    }
    /* b + (k - 1), the whole number k - 1 exact: (b + k) - 1 would round a tiny b away
     * (b = 1e-200: 0, and ln 0 made P(alive) 0 for a customer who is alive). */
    return log(p->b + (k - 1.0)); /* the table's expression */
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
 * E[X(t) | x, t_x, T] (eq. 10) = P(alive) I, with the bracket
 *   I = (c/(a-1)) [1 - q^n 2F1(n, beta; c; z)],  n = r + x, beta = b + shift + x,
 *   c = a + beta - 1, q = (alpha+T)/(alpha+T+t), z = 1 - q, s = t/(alpha+T),
 * which is also the expectation over the dropout probability p ~ Beta(a, beta) of a live
 * customer of g(p) = (1 - (1 + p s)^-n)/p (integrate eq. 10's derivation, FHL 2005 section 3,
 * over lambda ~ Gamma(n, alpha+T) first): a positive integrand, so a quadrature over p never
 * cancels. Two methods, the first where it is safe:
 *
 * 1. The series. Euler's transformation (A&S 15.3.3) gives q^n 2F1(n, beta; c; z) =
 *    q^(a-1) 2F1(A, a-1; c; z), A = c - n = a+b+shift-1-r, and since (a-1)_k = (a-1)(a)_(k-1)
 *    every term past the first carries the factor a-1:
 *      I = c (1 - q^(a-1))/(a-1) - q^(a-1) U,
 *      U = sum_{k>=1} (A)_k (a)_(k-1) z^k / ((c+1)_(k-1) k!),
 *    regular at a = 1 and free of the pole of (c)_k when c <= 0. Fast for the parameters real
 *    data gives (a few terms), but the terms alternate and grow when A << 0 (r much larger than
 *    a + b: a homogeneous customer base), and converge slowly when z is near 1 (t >> alpha + T).
 *    It is used only when it converges within SERIES_TERMS terms and its condition number
 *    (sum of the absolute values of the parts over the result) is at most SERIES_COND, so its
 *    rounding error stays below ~1e-12 relative.
 * 2. Otherwise the quadrature over p, see bracket_quad().
 */
#define SERIES_TERMS 400
#define SERIES_COND 256.0

/* The series; 0 with *out set when it is safe by the rules above, -1 otherwise. */
static int bracket_series(double n, double a, double beta, double s, double *out) {
    double c = a + beta - 1.0; /* > -1, so c + k > 0 for k >= 1 */
    double A = c - n;
    double log_q = -log1p(s);
    double z = s / (1.0 + s);
    double y = (a - 1.0) * log_q;
    double first = (y == 0.0) ? -log_q : -expm1(y) / (a - 1.0);
    double u = A * z;
    double sum = 0.0;
    double abs_sum = 0.0;
    int converged = (u == 0.0);
    for (int k = 1; k <= SERIES_TERMS && !converged; k++) {
        sum += u;
        abs_sum += fabs(u);
        double ka = A + k;
        u *= ka * (a + k - 1.0) * z / ((c + k) * (k + 1.0));
        /* For j > k the ratio of |terms| is at most
         * rho = z max(1, (k+A)/(k+c)) max(1, (k+a-1)/(k+1)) once k + A >= 0 (each factor moves
         * monotonically towards 1), so the rest is at most |u| / (1 - rho). Tested only once
         * the term is negligible (a NaN from an overflow never is). */
        if (fabs(u) <= 1e-17 * fabs(sum)) {
            if (u == 0.0) {
                converged = 1;
            } else if (ka >= 0.0) {
                double rho = z * fmax(1.0, ka / (k + c)) * fmax(1.0, (k + a - 1.0) / (k + 1.0));
                converged = (rho < 1.0 && fabs(u) <= 1e-17 * (1.0 - rho) * fabs(sum));
            }
        }
    }
    if (!converged || !isfinite(abs_sum)) {
        return -1;
    }
    double e_y = exp(y);
    double value = c * first - e_y * sum;
    double scale = fabs(c * first) + e_y * abs_sum;
    if (!(value > 0.0) || !isfinite(scale) || scale > SERIES_COND * value) {
        return -1;
    }
    /* g decreases in p, so I = E[g(p)] lies in [g(1), g(0)] = [1 - (1+s)^-n, n s]: a value
     * outside is rounding noise that the condition number, computed from that value, cannot
     * see (b = DBL_MAX: A = c - n is c, n is lost, and I came back 2e307 for 131.6). */
    if (value > n * s * (1.0 + 1e-9) || value < -expm1(-n * log1p(s)) * (1.0 - 1e-9)) {
        return -1;
    }
    *out = value;
    return 0;
}

/*
 * The quadrature. I = g(1) + J, J = E[d(p)], d(p) = g(p) - g(1) >= 0 (g decreases: it is
 * the mean over u in [0, 1] of n s (1 + p u s)^-(n+1)); subtracting g(1) makes the integrand
 * vanish at p = 1, so a Beta with beta << 1 (mass piled up at p = 1) costs nothing. J is split
 * at a small eps:
 *  - [0, eps]: the power series of (1-p)^(beta-1) d(p) integrated term by term against
 *    p^(a-1) (int_0^eps p^(a-1+k) dp = eps^(a+k)/(a+k)): exact for any a, however much of
 *    the mass a << 1 puts at tiny p. eps is chosen so that both series' ratios are <= 1/8.
 *  - [eps, 1): in y = logit(p) (dp = p(1-p) dy), where the integrand
 *    exp(a ln p + beta ln(1-p) - ln B(a, beta)) d(p) is smooth on the scale of its features
 *    (the Beta bump at ln(a/beta), of width sqrt(1/a + 1/beta); g's bend at p ~ 1/(n s)):
 *    adaptive Gauss-Kronrod (math/quad.h) over pieces cut at those features and at most
 *    PIECE wide, up to Y_TAIL past the last feature, where the integrand has fallen by
 *    e^-Y_TAIL (it decays at least like (1-p) = e^-y there).
 * Work: at most QUAD_TERMS series terms and (pieces) x (CLV__QUAD_MAX_INTERVALS) rules of
 * 15 points; -1 if a piece misses BRACKET_TOL (never seen; reported as CLV_ENOCONV).
 */
#define QUAD_TERMS 80
#define PIECE 4.0
/* W's quadrature (KERNEL_VALUE) starts coarser: cuts at 2 and 8 widths of the bump, pieces
 * up to VALUE_PIECE wide (the adaptive rule refines what it must; a third fewer rules). */
#define VALUE_PIECE 8.0















#define Y_TAIL 46.0
#define MAX_CUTS 48
#define BRACKET_TOL 1e-12

/* The function of p whose mean over p ~ Beta(a, beta) is wanted: the bracket's
 * g(p) = (1 - (1 + p s)^-n)/p, DERT's h(p) (see dert_per_alive()), or the discounted sum of
 * the periods' increments W(p) (see value_per_alive()). */
enum { KERNEL_BRACKET, KERNEL_DERT, KERNEL_VALUE };

typedef struct p_kernel {
    int kind;
    double n, scale; /* n = r + x; s = t/(alpha+T), kappa = delta (alpha+T), or h (below) */
    double disc;     /* KERNEL_VALUE: the discount factor D = 1/(1+d) per period */
    double one_minus_disc; /* d/(1+d), without cancellation */
    double horizon;  /* KERNEL_VALUE: periods H, or +INFINITY */
    double delta;    /* KERNEL_VALUE: ln(1+d), from log1p (-ln D from the rounded D is off by
                      * 1e-16/d relative: 1e-4 at d = 1e-12) */
    int flat;        /* KERNEL_VALUE, finite H with delta H < VALUE_FLAT: see flat_kernel() */
    double delta1;   /* ... its interpolation nodes delta1 = VALUE_FLAT/H and 2 delta1 */
} p_kernel;

static double value_kernel(const p_kernel *k, double p);

/* g(p) = (1 - (1 + p s)^-n)/p = -expm1(-y)/p, y = n ln(1 + p s). Where y underflows (n or
 * p s near the smallest doubles: n = 1e-300, p s = 1e-297) g is n ln(1 + p s)/p to 1e-200,
 * with ln(1 + p s)/p = s (1 - p s/2) for a tiny p s (whose product may underflow itself):
 * -expm1(0)/p was 0, and E[X(t) | h] the value at p = 1 (no digits) with CLV_OK. */
static double bracket_kernel(double n, double s, double p) {
    double ps = p * s;
    double l = log1p(ps);
    double y = n * l;
    if (y > 1e-200) {
        return -expm1(-y) / p;
    }
    double l_over_p = (ps < 1e-8) ? s * (1.0 - 0.5 * ps) : l / p;
    return n * l_over_p;
}

static double kernel_at(const p_kernel *k, double p) {
    if (k->kind == KERNEL_BRACKET) {
        return bracket_kernel(k->n, k->scale, p);
    }
    if (k->kind == KERNEL_VALUE) {
        return value_kernel(k, p);
    }
    /* h(p) = (n/p) U(1, 1-n, v) = (n/p) e^v v^n Gamma(-n, v), v = kappa/p. */
    return k->n / p * clv__upper_gamma_scaled(-k->n, k->scale / p);
}

/* The ratio d_j / d_(j-1) (per power of p) of the kernel's power series at p = 0, and d_0:
 * g: d_j = (-1)^j (n)_(j+1) s^(j+1)/(j+1)! (convergent for p s < 1);
 * h: d_j = (n/kappa) (-1)^j (n+1)_j / kappa^j (asymptotic: U(1, b, v) ~ sum_j (-1)^j
 *    (2-b)_j v^-(j+1), DLMF 13.7.3; used only where its terms fall by 8 each);
 * W: d_0 = n h D/(1-D), d_1 = -n(n+1) h^2 D(1+D)/(2 (1-D)^2) (from sum_k k D^k and
 *    sum_k k^2 D^k), and no more: its window starts where p^2 d_2 is below 1e-14 of d_0. */
/* W's first two coefficients d_0, d_1 (above) for a kernel that is not flat. */
static void value_coefs(const p_kernel *k, double *d0, double *d1) {
    if (isinf(k->horizon)) {
        *d0 = k->n * k->scale * k->disc / k->one_minus_disc;
        *d1 = *d0 * -(k->n + 1.0) * k->scale * (1.0 + k->disc) / (2.0 * k->one_minus_disc);
        return;
    }
    /* d_1/d_0 = -(n+1) h/2 sum_(k<=H) D^k (2k-1) / sum_(k<=H) D^k, with
     * sum k D^k = D ((1 - D^H) - H D^H (1-D))/(1-D)^2 (which cancels by 2/(delta H) at most:
     * delta H >= VALUE_FLAT here). */
    double D = k->disc, H = k->horizon, om = k->one_minus_disc;
    double dh = exp(-k->delta * H), one_dh = -expm1(-k->delta * H);
    double s0 = D * one_dh / om;
    double s1 = D * (one_dh - H * dh * om) / (om * om);
    *d0 = k->n * k->scale * s0;
    *d1 = *d0 * -(k->n + 1.0) * k->scale * (2.0 * s1 - s0) / (2.0 * s0);
}

static p_kernel flat_node(const p_kernel *k, double delta);

/* d_0 and d_1 of W, or of flat_kernel()'s interpolation (the same combination of those of
 * g(H) = (1 - (1 + c H)^-n)/p, n h H and -n (n+1) (h H)^2/2, and of the two nodes'). */
static void value_d01(const p_kernel *k, double *d0, double *d1) {
    if (!k->flat) {
        value_coefs(k, d0, d1);
        return;
    }
    double t = k->delta / k->delta1, hh = k->scale * k->horizon;
    double l0 = 0.5 * (t - 1.0) * (t - 2.0), l1 = t * (2.0 - t), l2 = 0.5 * t * (t - 1.0);
    p_kernel k1 = flat_node(k, k->delta1), k2 = flat_node(k, 2.0 * k->delta1);
    double a0, a1, b0, b1;
    value_coefs(&k1, &a0, &a1);
    value_coefs(&k2, &b0, &b1);
    *d0 = l0 * k->n * hh + l1 * a0 + l2 * b0;
    *d1 = l0 * -k->n * (k->n + 1.0) * 0.5 * hh * hh + l1 * a1 + l2 * b1;
}

static double kernel_d0(const p_kernel *k) {
    if (k->kind == KERNEL_VALUE) { /* n h sum_(k<=H) D^k */
        double d0, d1;
        value_d01(k, &d0, &d1);
        return d0;
    }
    return (k->kind == KERNEL_DERT) ? k->n / k->scale : k->n * k->scale;
}
static double kernel_ratio(const p_kernel *k, int j) {
    if (k->kind == KERNEL_VALUE) {
        if (j != 1) {
            return 0.0;
        }
        double d0, d1;
        value_d01(k, &d0, &d1);
        return d1 / d0;
    }
    return (k->kind == KERNEL_DERT) ? -(k->n + j) / k->scale
                                    : -(k->n + j) * k->scale / (j + 1.0);
}

/*
 * W(p) = ((1-D)/p) sum_(k>=1) D^k psi(k), psi(k) = 1 - (1 + c k)^-n, c = p h: for a live
 * customer with dropout probability p, (1-D) sum_k D^k g(p; k h), which over p ~ Beta gives
 * clv_customer_value()'s discounted sum of the periods' increments (by Abel's summation,
 * sum_k D^k (E_k - E_(k-1)) = (1-D) sum_k D^k E_k). The sum over k: its first terms directly,
 * then from K0 on by the Euler-Maclaurin formula (A&S 23.1.30) with EM_TERMS = 10 Bernoulli
 * terms,
 *   sum_(k>=K0) f(k) = int_K0^inf f + f(K0)/2 - sum_j B_2j/(2j)! f^(2j-1)(K0),
 * f(k) = e^(-delta k) psi(k), whose derivatives are elementary; K0 is where every rate in f is
 * at most VALUE_RATE = 1 per period (delta + (n+22) c/(1 + c K0): the m-th derivative of
 * (1+ck)^-n is (n)_m c^m (1+ck)^-(n+m)), so the neglected term, B_22/22! f^(21), is below
 * ~6e-18 of f (B_2j/(2j)! ~ 2 (2 pi)^-2j). (Six terms at rate 1/4 did the same with a head
 * of up to ~160 terms for large n, the quadrature's main cost; at rate 1 it is at most ~40:
 * the head ends where (1+ck)^-n < 1e-17, k ~ 40/(n c), or at K0 ~ (n+22) - 1/c, whichever
 * comes first, so ~40 terms at most whatever n.) The integral, after integrating by parts (both
 * parts positive):
 *   e^(-delta K0) psi(K0)/delta + (n/delta) e^(-delta K0) v0^-n U(1, 1-n, mu v0),
 *   mu = delta/c, v0 = 1 + c K0 (U from math/special.h, without cancellation).
 * Where (1 + c k)^-n falls below 1e-17 first, the rest is the geometric D^k/(1-D).
 * At most VALUE_HEAD terms (NaN past them: never reached, see the bound on K0 above).
 */
#define VALUE_HEAD 4096
#define VALUE_RATE 1.0
#define M_PI_VALUE 3.14159265358979323846
#define EM_TERMS 10

/* B_2j/(2j)!, j = 1..EM_TERMS (A&S table 23.2). */
static const double em_bernoulli[EM_TERMS] = {1.0 / 12.0,
                                              -1.0 / 720.0,
                                              1.0 / 30240.0,
                                              -1.0 / 1209600.0,
                                              1.0 / 47900160.0,
                                              -691.0 / 1307674368000.0,
                                              1.0 / 74724249600.0,
                                              -3617.0 / 10670622842880000.0,
                                              43867.0 / 5109094217170944000.0,
                                              -174611.0 / 802857662698291200000.0};

/* C(2j-1, i), i = 0..2j-1, for the odd derivatives Euler-Maclaurin takes. */
static const double em_binomial[EM_TERMS][2 * EM_TERMS] = {
    {1, 1},
    {1, 3, 3, 1},
    {1, 5, 10, 10, 5, 1},
    {1, 7, 21, 35, 35, 21, 7, 1},
    {1, 9, 36, 84, 126, 126, 84, 36, 9, 1},
    {1, 11, 55, 165, 330, 462, 462, 330, 165, 55, 11, 1},
    {1, 13, 78, 286, 715, 1287, 1716, 1716, 1287, 715, 286, 78, 13, 1},
    {1, 15, 105, 455, 1365, 3003, 5005, 6435, 6435, 5005, 3003, 1365, 455, 105, 15, 1},
    {1, 17, 136, 680, 2380, 6188, 12376, 19448, 24310, 24310, 19448, 12376, 6188, 2380, 680, 136, 17, 1},
    {1, 19, 171, 969, 3876, 11628, 27132, 50388, 75582, 92378, 92378, 75582, 50388, 27132, 11628, 3876, 969, 171, 19, 1},
};

/* The Euler-Maclaurin terms the tail from k (v0 = 1 + c k) needs: the first J whose neglected
 * one, ~2 (rho_J/(2 pi))^(2J+2) of f with rho_J = delta + (n+2J+2) c/v0 the rate of the
 * derivatives it involves, is below e^-40 = 4e-18 (rho_J <= 1 at K0, so J <= EM_TERMS; far
 * fewer where f is flatter). */
static int em_terms(double n, double c, double v0, double delta) {
    for (int j = 2; j < EM_TERMS; j++) {
        double rho = (delta + (n + 2.0 * j + 2.0) * c / v0) / (2.0 * M_PI_VALUE);
        if ((2.0 * j + 2.0) * log(rho) < -40.0) {
            return j;
        }
    }
    return EM_TERMS;
}

/* psi^(i)(k) for i < 2 terms: psi^(0) = 1 - v0^-n, psi^(i) = -(-1)^i (n)_i c^i v0^-(n+i). */
static void em_dpsi(double n, double c, double v0, double lphi, int terms, double *dpsi) {
    dpsi[0] = -expm1(lphi);
    double t = exp(lphi); /* v0^-n */
    for (int i = 1; i < 2 * terms; i++) {
        t *= (n + i - 1.0) * c / v0;
        dpsi[i] = ((i % 2) ? 1.0 : -1.0) * t;
    }
}

/* The tail sum_(j>=k) D^j psi(j) by Euler-Maclaurin (Dk = D^k, dpsi from em_dpsi()). */
static double em_tail(const p_kernel *kp, double c, double k, double lphi, double Dk,
                      const double *dpsi, int terms) {
    double n = kp->n, delta = kp->delta;
    double v0 = 1.0 + c * k;
    double psi = dpsi[0];
    double integral = Dk * psi / delta + n / delta * Dk * exp(lphi) *
                                             clv__upper_gamma_scaled(-n, delta / c * v0);
    /* f^(m)(k) = D^k sum_i C(m, i) (-delta)^(m-i) psi^(i)(k). */
    double neg_delta[2 * EM_TERMS]; /* (-delta)^i, once per tail, not pow() per term */
    neg_delta[0] = 1.0;
    for (int i = 1; i < 2 * terms; i++) {
        neg_delta[i] = neg_delta[i - 1] * -delta;
    }
    double corr = 0.0;
    for (int j = 1; j <= terms; j++) {
        int m = 2 * j - 1;
        const double *binom = em_binomial[j - 1];
        double fm = 0.0;
        for (int i = 0; i <= m; i++) {
            fm += binom[i] * neg_delta[m - i] * dpsi[i];
        }
        corr += em_bernoulli[j - 1] * Dk * fm;
    }
    return integral + 0.5 * Dk * psi - corr;
}

/* sum_(j>=K) D^j psi(j), K >= 1 whole, c = p h, for the m = 1 or 2 kernels kp[0..m-1] (the
 * same n, different discounts; with m = 2 both below VALUE_RATE): its first terms directly,
 * then from K0 on by Euler-Maclaurin (or a geometric rest, or, m = 1, to the end when D^k
 * falls fast), the kernels sharing the head's powers (1+ck)^-n and the derivatives of psi:
 * out[0..m-1]. NaN past VALUE_HEAD terms. */
static void psi_tails(const p_kernel *kp, int m, double c, double K, double *out) {
    double n = kp[0].n;
    double dmax = (m > 1) ? fmax(kp[0].delta, kp[1].delta) : kp[0].delta;
    double sum[2] = {0.0, 0.0}, Dk[2], disc[2];
    double K0 = K;
    if (dmax < VALUE_RATE) {
        K0 = fmax(K, ceil((n + 2.0 * EM_TERMS + 2.0) / (VALUE_RATE - dmax) - 1.0 / c));
    }
    /* D^k falls fast (m = 1): summing to D^k < 1e-18, 41.4/delta terms, is shorter than the
     * head Euler-Maclaurin would need (or delta is past VALUE_RATE). */
    int to_end = (m == 1 && (dmax >= VALUE_RATE || 41.4 / dmax < K0 - K));
    /* D^k by products along the head (at most VALUE_HEAD roundings, < 1e-12 relative), and
     * psi(k) as 1 - (1+ck)^-n where that does not cancel: the head's terms cost a log1p and
     * an exp each (at most ~40 terms, see above). */
    for (int j = 0; j < m; j++) {
        Dk[j] = exp(-kp[j].delta * K);
        disc[j] = kp[j].disc;
    }
    for (double k = K; k < K + VALUE_HEAD; k += 1.0) {
        double lphi = -n * log1p(c * k);
        if (lphi < -40.0) { /* (1 + c k)^-n < 1e-17: the rest is geometric */
            for (int j = 0; j < m; j++) {
                out[j] = sum[j] + Dk[j] / kp[j].one_minus_disc;
            }
            return;
        }
        double psi_k = (lphi > -0.5) ? -expm1(lphi) : 1.0 - exp(lphi);
        if (to_end) { /* (m = 1) D^k falls fast: sum to the end */
            sum[0] += Dk[0] * psi_k;
            if (Dk[0] <= 1e-18 * sum[0]) {
                out[0] = sum[0];
                return;
            }
            Dk[0] *= disc[0];
            continue;
        }
        if (k >= K0) {
            /* The tail from K0 = k (its D^k included). */
            double v0 = 1.0 + c * k;
            int terms = em_terms(n, c, v0, dmax);
            double dpsi[2 * EM_TERMS];
            em_dpsi(n, c, v0, lphi, terms, dpsi);
            for (int j = 0; j < m; j++) {
                out[j] = sum[j] + em_tail(&kp[j], c, k, lphi, Dk[j], dpsi, terms);
            }
            return;
        }
        for (int j = 0; j < m; j++) {
            sum[j] += Dk[j] * psi_k;
            Dk[j] *= disc[j];
        }
    }
    for (int j = 0; j < m; j++) {
        out[j] = NAN;
    }
}

/* sum_(k>=K) D^k psi(k) of one kernel (psi_tails()). */
static double psi_tail(const p_kernel *kp, double c, double K) {
    double out;
    psi_tails(kp, 1, c, K, &out);
    return out;
}

/*
 * A nearly undiscounted finite horizon, delta H < VALUE_FLAT: W's difference of two tails
 * (value_kernel()) would lose digits, so W is the quadratic in delta through
 * W(0) = g(H) = (1 - (1 + c H)^-n)/p (the telescoped sum: no discount) and W at
 * delta1 = VALUE_FLAT/H and 2 delta1, p by p (one quadrature for all three). W(delta) =
 * sum_k e^(-delta k) (g(k) - g(k-1)), increments >= 0, has a third derivative at most
 * H^3 W(0) in size, so the error is at most max|t (t-1) (t-2)|/6 VALUE_FLAT^3 W(0) =
 * 6.4e-11 W(0) (t = delta/delta1 in (0, 1); Lagrange's remainder), and so is the mean's.
 */
#define VALUE_FLAT 1e-3

static p_kernel flat_node(const p_kernel *k, double delta) {
    p_kernel node = *k;
    node.flat = 0;
    node.delta = delta;
    node.disc = exp(-delta);
    node.one_minus_disc = -expm1(-delta);
    return node;
}

static double value_kernel(const p_kernel *kp, double p);

static double flat_kernel(const p_kernel *kp, double p) {
    double t = kp->delta / kp->delta1;
    p_kernel nodes[2] = {flat_node(kp, kp->delta1), flat_node(kp, 2.0 * kp->delta1)};
    double c = p * kp->scale, H = kp->horizon;
    double psi_h = -expm1(-kp->n * log1p(c * H));
    double all[2], from_h[2], w[2];
    /* value_kernel() at both nodes, their sums taken together */
    psi_tails(nodes, 2, c, 1.0, all);
    psi_tails(nodes, 2, c, H, from_h);
    for (int j = 0; j < 2; j++) {
        double d_h = exp(-nodes[j].delta * H);
        w[j] = (nodes[j].one_minus_disc * (all[j] - from_h[j]) + d_h * psi_h) / p;
    }
    double w0 = psi_h / p;
    return w0 * 0.5 * (t - 1.0) * (t - 2.0) + w[0] * t * (2.0 - t) + w[1] * 0.5 * t * (t - 1.0);
}

/* W(p); for a finite horizon H, ((1-D) sum_(k<H) D^k psi(k) + D^H psi(H))/p (Abel's summation
 * of the first H increments), the first sum as the whole tail less the tail from H: used where
 * D^H is not near 1 (the caller's condition), so the difference keeps its digits. */
static double value_kernel(const p_kernel *kp, double p) {
    if (kp->flat) {
        return flat_kernel(kp, p);
    }
    double c = p * kp->scale;
    double all = psi_tail(kp, c, 1.0);
    if (isinf(kp->horizon)) {
        return kp->one_minus_disc / p * all;
    }
    double H = kp->horizon;
    double psi_h = -expm1(-kp->n * log1p(c * H));
    double d_h = exp(-kp->delta * H);
    return (kp->one_minus_disc * (all - psi_tail(kp, c, H)) + d_h * psi_h) / p;
}

typedef struct mean_p_ctx {
    p_kernel k;
    double a, beta, h1, log_norm;
} mean_p_ctx;

static void mean_p_integrand(const void *vctx, double y, double *out) {
    const mean_p_ctx *q = vctx;
    double lp, l1p, p;
    if (y >= 0.0) {
        double e = exp(-y);
        lp = -log1p(e);
        l1p = -y + lp;
        p = 1.0 / (1.0 + e);
    } else {
        double e = exp(y);
        l1p = -log1p(e);
        lp = y + l1p;
        p = e / (1.0 + e);
    }
    double ld = q->a * lp + q->beta * l1p - q->log_norm;
    if (ld < -746.0) { /* the density underflows: 0 whatever the kernel (and no kernel cost) */
        out[0] = 0.0;
        return;
    }
    double d = kernel_at(&q->k, p) - q->h1;
    out[0] = (d > 0.0) ? exp(ld) * d : 0.0;
}

/* logit(p) = y: p, ln p and ln(1-p) without cancellation. */
static double logistic_logs(double y, double *lp, double *l1p) {
    if (y >= 0.0) {
        double e = exp(-y);
        *lp = -log1p(e);
        *l1p = -y + *lp;
        return 1.0 / (1.0 + e);
    }
    double e = exp(y);
    *l1p = -log1p(e);
    *lp = y + *l1p;
    return e / (1.0 + e);
}

/*
 * The ends of the quadrature in y = logit(p) where the rest is below e^-TRIM_TAIL of the
 * integral (used for W, whose quadrature ran over up to ~100 units of y where the Beta
 * density had long underflowed: half its evaluations). phi(y) = a ln p + beta ln(1-p), the
 * log-density of y, is concave with its mode at center = ln(a/beta), and the kernel's part
 * d(p) = W(p) - W(1) decreases in p, from d0 = d(0). Right of y1 = center + 8w the
 * integrand is below f(y1) e^(phi'(y1) (y - y1)) (the tangent bounds a concave function),
 * while [center, y1] holds at least f(y1) (y1 - center): cutting at
 * y1 + (TRIM_TAIL + max(0, -ln(|phi'(y1)| (y1 - center))))/|phi'(y1)| leaves out less than
 * e^-TRIM_TAIL of the integral. Left of y1 = center - 8w likewise, with d0/d(center) for
 * the kernel's growth towards p = 0. Each end stays where it was when it is nearer.
 */
#define TRIM_TAIL 46.0

static void trim_range(const mean_p_ctx *q, double center, double w, double d0, double *lo,
                       double *hi) {
    double lp, l1p;
    double y1 = center + 8.0 * w;
    if (y1 < *hi) {
        double p1 = logistic_logs(y1, &lp, &l1p);
        double slope = q->a - (q->a + q->beta) * p1; /* phi'(y1) < 0 past the mode */
        if (slope < 0.0) {
            double room = TRIM_TAIL + fmax(0.0, -log(-slope * (y1 - center)));
            *hi = fmin(*hi, y1 + room / -slope);
        }
    }
    y1 = center - 8.0 * w;
    if (y1 > *lo) {
        double p1 = logistic_logs(y1, &lp, &l1p);
        double slope = q->a - (q->a + q->beta) * p1; /* > 0 before the mode */
        double pc = logistic_logs(center, &lp, &l1p);
        double dc = kernel_at(&q->k, pc) - q->h1;
        if (slope > 0.0 && dc > 0.0 && d0 >= dc && isfinite(d0)) {
            double room = TRIM_TAIL + log(d0 / dc) + fmax(0.0, -log(slope * (center - y1)));
            *lo = fmax(*lo, y1 - room / slope);
        }
    }
    if (*hi < *lo) {
        *hi = *lo; /* all that counts lies in [0, eps], the series' part: no quadrature */
    }
}

/*
 * The mean of the kernel over p ~ Beta(a, beta) (the quadrature described above): h(1) + J,
 * J the mean of h(p) - h(1) >= 0 (both kernels decrease in p), over [0, eps] by the power
 * series and over [eps, 1) by Gauss-Kronrod in logit(p). 0 and *out set, or -1.
 */
/* The log of the Beta(a, beta) density near its bulk, a ln p + beta ln(1-p) - ln B(a, beta),
 * is a difference of terms of size ~ a |ln pc| + beta |ln(1-pc)|, pc = a/(a+beta): past
 * BETA_EXPONENT_MAX their rounding alone nears 1e-9 of the density (a = 1e30 with
 * beta = 1e150 gave the value of p = 1 instead of the bulk's at p ~ 1e-120, with CLV_OK). The
 * quadrature is not used there: the caller's CLV_ERANGE (cannot be evaluated in doubles). */
#define BETA_EXPONENT_MAX 1e6

static int beta_too_sharp(double a, double beta) {
    double lpc = log(a) - log(a + beta), l1pc = log(beta) - log(a + beta);
    return !(a * fabs(lpc) + beta * fabs(l1pc) <= BETA_EXPONENT_MAX);
}

static int mean_over_p(const p_kernel *kern, double a, double beta, double *out) {
    double n = kern->n;
    if (beta_too_sharp(a, beta)) {
        return -1;
    }
    mean_p_ctx q = {*kern, a, beta, kernel_at(kern, 1.0), clv__lbeta(a, beta)};
    /* [0, eps]: h_k = sum_i e_i d_(k-i), e_i the coefficients of (1-p)^(beta-1), d_j those of
     * h(p) - h(1): the kernel's, less h(1) at j = 0. eps makes both ratios <= 1/8. */
    double eps;
    if (kern->kind == KERNEL_VALUE) {
        /* Two terms of W's series: eps makes the next one's share 1e-14 (and the Beta
         * factor's series converge as fast). */
        double r_w = (kern->n + 2.0) * kern->scale / kern->one_minus_disc;
        eps = 1e-7 / (r_w + fabs(beta - 1.0) + 1.0);
    } else {
        double r_kernel = (kern->kind == KERNEL_DERT) ? (n + QUAD_TERMS) / kern->scale
                                                      : kern->scale * (n + 1.0);
        eps = 0.125 / (r_kernel + fabs(beta - 1.0) + 1.0);
    }
    if (!(eps >= DBL_MIN)) {
        /* beta or n beyond ~1e307: no window at p = 0 (E was 2e307 at b = DBL_MAX, and DERT
         * spent 180 ms there before CLV_ENOCONV) */
        return -1;
    }
    double e[QUAD_TERMS], d[QUAD_TERMS]; /* e_i eps^i and d_j eps^j */
    double sum = 0.0, g = kernel_d0(kern);
    int converged = 0;
    e[0] = 1.0;
    d[0] = g - q.h1;
    for (int k = 0; k < QUAD_TERMS && !converged; k++) {
        if (k > 0) {
            e[k] = e[k - 1] * (k - beta) / k * eps;
            g *= kernel_ratio(kern, k) * eps;
            d[k] = g;
        }
        double h = 0.0; /* h_k eps^k */
        for (int i = 0; i <= k; i++) {
            h += e[i] * d[k - i];
        }
        sum += h / (a + k);
        converged = (k >= 3 && fabs(h) <= 1e-18 * fabs(sum));
    }
    if (!converged) {
        return -1;
    }
    double j_left = exp(a * log(eps) - q.log_norm) * sum;
    /* [eps, 1): the pieces, cut at the Beta bump (centre ln(a/beta), width
     * sqrt(1/a + 1/beta) in logit(p)) and at the kernel's bend. */
    double lo = log(eps) - log1p(-eps);
    double w = sqrt(1.0 / a + 1.0 / beta);
    double center = log(a) - log(beta);
    double hi = fmax(fmax(0.0, log(a)), log1p(n)) + Y_TAIL;
    if (kern->kind == KERNEL_VALUE) {
        trim_range(&q, center, w, kernel_d0(kern) - q.h1, &lo, &hi);
    }
    double cuts[MAX_CUTS];
    int nc = 0;
    cuts[nc++] = lo;
    cuts[nc++] = hi;
    cuts[nc++] = 0.0;
    if (kern->kind == KERNEL_DERT) {
        cuts[nc++] = log(kern->scale) - log1p(n);
        cuts[nc++] = log(kern->scale);
    } else if (kern->kind == KERNEL_VALUE) {
        cuts[nc++] = -log(n * kern->scale);
        cuts[nc++] = log(kern->one_minus_disc) - log(n * kern->scale);
        cuts[nc++] = -log(kern->scale);
        if (!isinf(kern->horizon)) {
            cuts[nc++] = -log(n * kern->scale * kern->horizon);
        }
    } else {
        cuts[nc++] = -log(n * kern->scale);
        cuts[nc++] = -log(kern->scale);
    }
    cuts[nc++] = center;
    if (w < PIECE) {
        double k0 = (kern->kind == KERNEL_VALUE) ? 2.0 : 1.0;
        double kstep = (kern->kind == KERNEL_VALUE) ? 4.0 : 2.0;
        for (double k = k0; k <= 8.0; k *= kstep) {
            cuts[nc++] = center - k * w;
            cuts[nc++] = center + k * w;
        }
    }
    /* Pieces between the cuts: PIECE wide next to each cut, doubling towards the middle of
     * a long gap (the integrand is smooth there; the adaptive rule refines what it must),
     * so a gap of length L costs ~2 log2(L/PIECE) pieces. */
    double pieces[CLV__QUAD_CUTS_MAX_INTERVALS + 1];
    double piece = (kern->kind == KERNEL_VALUE) ? VALUE_PIECE : PIECE;
    int np = clv__quad_pieces(cuts, nc, lo, hi, piece, pieces);
    /* The tolerance is relative to the whole mean: J is a small part of it when h barely
     * varies over p (t << alpha + T), and its rounding noise then holds J's own relative
     * error up. */
    double j_right = 0.0;
    double known = q.h1 + j_left;
    double err = clv__quad_cuts(mean_p_integrand, &q, pieces, np, BRACKET_TOL,
                                BRACKET_TOL * known, &j_right);
    double value = known + j_right;
    if (!(err <= BRACKET_TOL * value) || !isfinite(j_right)) {
        return -1;
    }
    if (!(value > 0.0) || !isfinite(value)) {
        return -1;
    }
    *out = value;
    return 0;
}

static int bracket_quad(double n, double a, double beta, double s, double *out) {
    p_kernel k = {.kind = KERNEL_BRACKET, .n = n, .scale = s, .horizon = INFINITY};
    return mean_over_p(&k, a, beta, out);
}

/* The bracket I = E / P(alive) of a customer (x, T) over the next t: 0 and *out set, or a
 * status (CLV_ENOCONV: the quadrature missed its tolerance within its work limit). */
static int cond_per_alive(const model *p, double x, double A, double t, double *out) {
    if (t == 0.0) {
        *out = 0.0;
        return CLV_OK;
    }
    double n = p->r + x;
    double beta = p->b + p->shift + x;
    double s = t / A;
    if (!isfinite(s)) {
        return CLV_ERANGE;
    }
    if (bracket_series(n, p->a, beta, s, out) == 0) {
        return CLV_OK;
    }
    if (beta_too_sharp(p->a, beta)) {
        return CLV_ERANGE;
    }
    return (bracket_quad(n, p->a, beta, s, out) == 0) ? CLV_OK : CLV_ENOCONV;
}

/*
 * DERT (discounted expected residual transactions at a continuous rate delta per time unit,
 * the convention of Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2, for Pareto/NBD):
 *   DERT = int_0^inf e^(-delta tau) dE[X(tau) | x, t_x, T]/dtau dtau.
 * For a live customer with rate lambda and dropout probability p, d/dtau of
 * (1 - e^(-lambda p tau))/p is lambda e^(-lambda p tau); over lambda ~ Gamma(n, alpha+T) it is
 * n/(alpha+T) (1 + p tau/(alpha+T))^-(n+1), and its Laplace transform at delta is
 *   h(p) = (n/p) U(1, 1-n, kappa/p) = (n/p) e^v v^n Gamma(-n, v),  v = kappa/p,
 *   kappa = delta (alpha+T)
 * (U Tricomi's function, DLMF 13.4.4; 8.2.2). DERT = P(alive) x the mean of h over
 * p ~ Beta(a, b + shift + x), by mean_over_p(): always the quadrature.
 */
#define DERT_N_MAX 1e6

static int dert_per_alive(const model *p, double x, double A, double delta, double *out) {
    double kappa = delta * A;
    if (!(kappa > 0.0) || !isfinite(kappa)) {
        return CLV_ERANGE;
    }
    p_kernel k = {.kind = KERNEL_DERT, .n = p->r + x, .scale = kappa, .horizon = INFINITY};
    /* r + x above DERT_N_MAX (beyond any fit: x to 1e5 purchases, r to 1e3): the kernel's
     * quadrature misses (CLV_ENOCONV from ~1e6 on), is off by ~1e-7 (r = 1e8, a = 1e8,
     * b = 0.01) or, from ~1e18, returns values of the size of r + x with CLV_OK (r = 1e18,
     * a = 2, b = 1: 2e18 for a limit of E[1/p] = 2; test_extremes.c). CLV_ERANGE. */
    if (beta_too_sharp(p->a, p->b + p->shift + x) || !(p->r + x <= DERT_N_MAX)) {
        return CLV_ERANGE;
    }
    return (mean_over_p(&k, p->a, p->b + p->shift + x, out) == 0) ? CLV_OK : CLV_ENOCONV;
}

/*
 * clv_customer_value()'s infinite discounted sum sum_k (1+d)^-k (E[X(kP)] - E[X((k-1)P)]) for
 * BG/NBD and MBG/NBD, divided by P(alive): the mean of W(p) over p ~ Beta(a, b+shift+x)
 * (value_kernel()), h = P/(alpha+T) the period in the scale of alpha + T. Work independent of
 * the discount rate and the period: one bounded quadrature.
 */
static int value_per_alive(const model *p, double x, double A, double period, double d,
                           double horizon, double *out) {
    double h = period / A;
    if (!(h > 0.0) || !isfinite(h)) {
        return CLV_ERANGE;
    }
    double delta = log1p(d);
    p_kernel k = {.kind = KERNEL_VALUE, .n = p->r + x, .scale = h, .disc = 1.0 / (1.0 + d),
                  .one_minus_disc = d / (1.0 + d), .horizon = horizon, .delta = delta};
    if (!isinf(horizon) && delta * horizon < VALUE_FLAT) {
        k.flat = 1;
        k.delta1 = VALUE_FLAT / horizon;
    }
    return (mean_over_p(&k, p->a, p->b + p->shift + x, out) == 0) ? CLV_OK : CLV_ENOCONV;
}

/* A tiny expectation rounded below 0 is 0; NaN stays NaN, for the caller's range check. */
static double clamp_expected(double e) {
    return (e > 0.0 || isnan(e)) ? e : 0.0;
}

/* E[X(t) | x, t_x, T]: the bracket above times P(alive), >= 0 (rounding when it is tiny). */
static int cond_expected(const model *p, double x, double t_x, double T, double t, double *e) {
    double br;
    int st = cond_per_alive(p, x, p->alpha + T, t, &br);
    if (st == CLV_OK) {
        *e = clamp_expected(br * p_alive(p, x, t_x, T));
    }
    return st;
}

/*
 * P(NB >= n), NB ~ NB(r, p0) (pmf Gamma(r+j)/(Gamma(r) j!) p0^r p1^j, p1 = 1 - p0), for a whole
 * n >= 1, from log p0 and log p1. The regularised incomplete beta function I_p1(n, r) needs
 * O(sqrt(max(n, r))) steps of its continued fraction, 30 ms and then NaN for r near 1e308
 * (parameters the validators accept). First, for n <= NB_HEAD, the pmf terms by their ratio
 * (r+j) p1/(j+1), in logs: the head sum_(j<n) when it is at most 1/2 (1 - head then keeps
 * its relative precision), else the terms from n up, to NB_HEAD terms, until the geometric
 * bound on the rest is negligible (the ratio decreases in j for r >= 1; for r < 1 it stays
 * below p1). A tail that underflows to 0 is 0. Work O(NB_HEAD); otherwise the continued fraction as before. The
 * logs of the terms accumulate ~NB_HEAD roundings of numbers below ~750: 1e-11 relative.
 * The continued fraction is capped at NB_CF_STEPS (r up to ~1e8 where it is needed); past
 * that, and where only 1 - (a value near 1) is left, NaN: the caller's CLV_ERANGE.
 */
#define NB_HEAD 512
#define NB_CF_STEPS 20000L

static double nb_tail(double r, double n, double log_p0, double log_p1) {
    if (n <= NB_HEAD) {
        double lt = r * log_p0; /* log pmf(0) */
        double head = 0.0;
        for (double j = 0.0; j < n; j += 1.0) {
            head += exp(lt);
            lt += log((r + j) / (j + 1.0)) + log_p1;
        }
        if (head <= 0.5) {
            return 1.0 - head;
        }
        /* lt is log pmf(n): sum upwards. */
        double sum = 0.0;
        for (double j = n; j < n + NB_HEAD; j += 1.0) {
            double term = exp(lt);
            sum += term;
            /* The ratio of every later term is at most rho. */
            double rho = (r >= 1.0) ? (r + j) / (j + 1.0) * exp(log_p1) : exp(log_p1);
            if (rho < 1.0 && term * rho <= 1e-17 * (1.0 - rho) * sum) {
                return sum;
            }
            lt += log((r + j) / (j + 1.0)) + log_p1;
        }
    }
    /* At most NB_CF_STEPS steps (~0.3 ms): beyond, CLV_ERANGE rather than a 30 ms call. */
    return clv__beta_inc_capped(n, r, exp(log_p1), exp(log_p0), log_p1, log_p0, NB_CF_STEPS);
}

/*
 * P(X(t) = n) for a new customer (eq. 8):
 *   B(a, b+n)/B(a, b) NB(n) + [n > 0] B(a+1, b+n-1)/B(a, b) P(NB >= n),
 * NB the negative binomial pmf Gamma(r+j)/(Gamma(r) j!) p0^r (1-p0)^j, p0 = alpha/(alpha+t).
 * The tail P(NB >= n) is the regularised incomplete beta function (math/special.h), which
 * keeps its relative precision when it is tiny.
 */
static double prob_purchases(const model *p, double t, double n) {
    if (t == 0.0) {
        return (n == 0.0) ? 1.0 : 0.0;
    }
    double log_p0 = -log1p(t / p->alpha); /* log(alpha/(alpha+t)) */
    /* log(t/(alpha+t)); alpha/t overflows for alpha near DBL_MAX and t < 1 (its log1p was
     * inf, p1 = 0, and P(X = 1) 0 where it is 0.00995), alpha + t is alpha there */
    double ratio = p->alpha / t;
    double log_p1 = isfinite(ratio) ? -log1p(ratio) : log(t) - log(p->alpha);
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
    /* The tail P(NB >= n) = I_(1-p0)(n, r), the regularised incomplete beta function (its
     * continued fraction: work O(sqrt(max(n, r))), whatever the mean r (1-p0)/p0; a sum of
     * the pmf would take ~ mean terms). 1 for n = 0 (MBG/NBD). */
    double tail = (n == 0.0) ? 1.0 : nb_tail(p->r, n, log_p0, log_p1);
    double second = exp(lb + p->log_a - log(p->b + (k - 1.0))) * tail; /* see log_b1_of() */
    return prob + second; /* NaN only for parameters near DBL_MAX: the caller reports it */
}

/*
 * P(X(t) = n | x, t_x, T): a customer dead at T buys nothing; one alive at T has the
 * posterior lambda ~ Gamma(r+x, alpha+T) and p ~ Beta(a, b+shift+x) (FHL 2005, the derivation
 * of eq. 10), and from T on drops out only after purchases, so eq. 8 applies with those
 * parameters and no drop-out at the start (shift 0). Hence
 *   P(alive) P_eq8(n; r+x, alpha+T, a, b+shift+x) + [n = 0] (1 - P(alive)),
 * with 1 - P(alive) = 1/(1 + e^-lo) from the log-odds lo (note 021), not by subtraction.
 */
static double prob_purchases_cond(const model *p, clv__row_cache *c, double x, double t_x,
                                  double T, double t, double n) {
    double k = x + p->shift;
    double pa = 1.0, dead = 0.0;
    if (k > 0.0) {
        double lo = p->log_a - log(p->b + (k - 1.0)) +
                    (p->r + x) * log1p((T - t_x) / (p->alpha + t_x));
        pa = 1.0 / (1.0 + exp(lo));
        dead = 1.0 / (1.0 + exp(-lo));
    }
    model post = *p;
    post.r = p->r + x;
    post.alpha = p->alpha + T;
    post.b = p->b + k;
    post.shift = 0;
    double alive_part = 0.0;
    if (pa > 0.0) {
        /* The part given alive depends on (x, T) alone: kept in the rows' cache, if any. */
        double given;
        if (!clv__row_cache_get(c, x, T, &given)) {
            given = prob_purchases(&post, t, n);
            clv__row_cache_put(c, x, T, given);
        }
        alive_part = pa * given;
    }
    return alive_part + ((n == 0.0) ? dead : 0.0);
}

/* ---- checked entry points (validation, then computation) --------------------------------- */

/* How far above 1 rounding may take a computed probability; beyond, CLV_ERANGE. */
#define PROB_ROUNDING 1e-9

static int check_theta(const double *theta) {
    return clv__check_params(theta, 4);
}

/* The prepared parameters (kernels.h) are the model's fields. */
int clv__bg_prepare(const double *theta, int shift, clv__bg_prep *p) {
    int st;
    if ((st = check_theta(theta)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    clv__bg_prep q = {m.r, m.alpha, m.a, m.b, m.log_alpha, m.log_a, m.shift};
    *p = q;
    return CLV_OK;
}

static model model_of(const clv__bg_prep *p) {
    model m = {p->r, p->alpha, p->a, p->b, p->log_alpha, p->log_a, p->shift};
    return m;
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

void clv__bg_loglik_block(const clv__bg_prep *p, clv__row_cache *c, const clv_rfm_view *rows,
                          double *out, int32_t *status) {
    model m = model_of(p);
    x_terms xt;
    x_terms_init(&xt);
    for (size_t j = 0; j < rows->count && j < CLV__LOGLIK_BLOCK; j++) {
        double x = rows->x[j], t_x = rows->t_x[j], T = rows->T[j];
        if ((status[j] = clv__check_history(x, t_x, T)) != CLV_OK) {
            continue;
        }
        if (x == 0.0 && clv__row_cache_get(c, CLV__ZERO_KEY, T, &out[j])) {
            continue; /* x = 0 (t_x = 0): the same row as before */
        }
        /* clv__bg_loglik() of the one-row table, its gradient included (a non-finite one is
         * CLV_ERANGE there too). */
        clv_rfm_view one = {1, &x, &t_x, &T, NULL, NULL};
        double g[4];
        double ll = loglik_sum_xt(&m, &xt, &one, g, NULL);
        status[j] = clv__loglik_out(ll, g, 4, &out[j], NULL);
        if (x == 0.0 && status[j] == CLV_OK) {
            clv__row_cache_put(c, CLV__ZERO_KEY, T, out[j]);
        }
    }
}

typedef struct fit_context {
    const clv_rfm_view *data;
    int shift;
} fit_context;

/* The fit's evaluation, with the Hessian: the table was validated once, before the first
 * point. */
static double fit_part(const void *m, const clv_rfm_view *rows, double *g, double *h) {
    return loglik_sum((const model *)m, rows, g, h);
}

/* ... in chunks of rows that consult the progress callback (fit.h). */
static int fit_eval_hessian(const void *ctx, const double *theta, double *loglik,
                            double *gradient, double *hessian, clv__ticker *tick) {
    const fit_context *fc = ctx;
    model m;
    model_from(&m, theta, fc->shift);
    double ll;
    if (clv__sum_rows(fc->data, 4, fit_part, &m, 1, tick, &ll, gradient, hessian) != CLV_OK) {
        return CLV_ECANCELED;
    }
    *loglik = isfinite(ll) ? ll : -INFINITY;
    return CLV_OK;
}

int clv__bg_fit(int model_tag, int shift, const clv_rfm_view *data, const clv_fit_options *options,
                double *theta, clv_fit_report *report) {
    int st;
    if (data == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__fit_check_rows(data, 0, options)) != CLV_OK) {
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
    double e = 0.0;
    if ((st = cond_expected(&m, x, t_x, T, t, &e)) != CLV_OK ||
        (st = clv__check_result(e)) != CLV_OK) {
        return st;
    }
    *expected = e;
    return CLV_OK;
}

/* A quantity computed per live customer (status st), times P(alive), into *out when finite. */
static int times_p_alive(const model *m, double x, double t_x, double T, int st,
                         double per_alive, double *out) {
    if (st != CLV_OK) {
        return st;
    }
    double v = per_alive * p_alive(m, x, t_x, T);
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *out = v;
    return CLV_OK;
}

int clv__bg_dert(const double *theta, int shift, double x, double t_x, double T, double delta,
                 double *dert) {
    int st;
    if (dert == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK ||
        (st = clv__check_positive(delta)) != CLV_OK) {
        return st;
    }
    clv__bg_prep prep;
    clv__bg_prepare(theta, shift, &prep);
    return clv__bg_dert_row(&prep, NULL, x, t_x, T, delta, dert);
}

/* DERT / P(alive) depends on (x, T) alone: kept in the cache (kernels.h). A failed row is not
 * kept (it is computed again, to the same status). */
int clv__bg_dert_row(const clv__bg_prep *p, clv__row_cache *c, double x, double t_x, double T,
                     double delta, double *dert) {
    int st;
    if ((st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    model m = model_of(p);
    double per_alive = 0.0;
    st = CLV_OK;
    if (!clv__row_cache_get(c, x, T, &per_alive)) {
        st = dert_per_alive(&m, x, m.alpha + T, delta, &per_alive);
        if (st == CLV_OK) {
            clv__row_cache_put(c, x, T, per_alive);
        }
    }
    return times_p_alive(&m, x, t_x, T, st, per_alive, dert);
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
    if (isnan(prob) || prob > 1.0 + PROB_ROUNDING) { /* no probability: never clamped to 1 */
        return CLV_ERANGE;
    }
    *p = fmin(fmax(prob, 0.0), 1.0); /* rounding at the ends of [0, 1] */
    return CLV_OK;
}

int clv__bg_prob_purchases_cond(const double *theta, int shift, double x, double t_x, double T,
                                double t, double n, double *p) {
    int st;
    if (p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK ||
        (st = clv__check_nonneg(t)) != CLV_OK || (st = clv__check_nonneg(n)) != CLV_OK) {
        return st;
    }
    if (floor(n) != n) {
        return CLV_EDOM;
    }
    clv__bg_prep prep;
    clv__bg_prepare(theta, shift, &prep);
    return clv__bg_prob_cond_row(&prep, NULL, x, t_x, T, t, n, p);
}

int clv__bg_prob_cond_row(const clv__bg_prep *p, clv__row_cache *c, double x, double t_x,
                          double T, double t, double n, double *prob) {
    int st;
    if ((st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    model m = model_of(p);
    double v = prob_purchases_cond(&m, c, x, t_x, T, t, n);
    if (isnan(v) || v > 1.0 + PROB_ROUNDING) {
        return CLV_ERANGE;
    }
    *prob = fmin(fmax(v, 0.0), 1.0); /* rounding at the ends of [0, 1] */
    return CLV_OK;
}

/* A chunk of rows with each invalid history replaced by (0, 0, 0), whose status is
 * CLV_EDOM: the vector loops need valid rows, and the row-status forms score the rest. */
typedef struct status_chunk {
    double x[PA_CHUNK], t_x[PA_CHUNK], T[PA_CHUNK];
} status_chunk;

static void status_chunk_of(const clv_rfm_view *d, size_t i0, size_t n, status_chunk *c,
                            int32_t *row_status) {
    clv_rfm_view v = {n, d->x + i0, d->t_x + i0, d->T + i0, NULL, NULL};
    if (clv_rfm_check(&v, 0, NULL) == CLV_OK) { /* the common case: branch-free blocks */
        memcpy(c->x, v.x, n * sizeof *c->x);
        memcpy(c->t_x, v.t_x, n * sizeof *c->t_x);
        memcpy(c->T, v.T, n * sizeof *c->T);
        for (size_t j = 0; j < n; j++) {
            row_status[i0 + j] = CLV_OK;
        }
        return;
    }
    for (size_t j = 0; j < n; j++) {
        double x = d->x[i0 + j], t_x = d->t_x[i0 + j], T = d->T[i0 + j];
        int st = clv__check_history(x, t_x, T);
        row_status[i0 + j] = st;
        c->x[j] = (st == CLV_OK) ? x : 0.0;
        c->t_x[j] = (st == CLV_OK) ? t_x : 0.0;
        c->T[j] = (st == CLV_OK) ? T : 0.0;
    }
}

/* The table's pointers; the row-status forms check rows one by one instead of all first. */
static int check_view(const clv_rfm_view *d) {
    return (d->count == 0 || d->x == NULL || d->t_x == NULL || d->T == NULL) ? CLV_EINVAL
                                                                             : CLV_OK;
}

int clv__bg_p_alive_array(const double *theta, int shift, const clv_rfm_view *data, double *p,
                          int32_t *row_status) {
    int st;
    if (data == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK ||
        (st = (row_status != NULL) ? check_view(data) : clv_rfm_check(data, 0, NULL)) !=
            CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    log_b1_table tb;
    tb.filled = 1; /* k = 0 has no entry */
    int avx2 = clv__have_avx2();
    if (row_status == NULL) {
        p_alive_rows(&m, &tb, data->x, data->t_x, data->T, data->count, avx2, p);
        return CLV_OK;
    }
    for (size_t i0 = 0; i0 < data->count; i0 += PA_CHUNK) {
        size_t n = (data->count - i0 < PA_CHUNK) ? data->count - i0 : PA_CHUNK;
        status_chunk c;
        double out[PA_CHUNK];
        status_chunk_of(data, i0, n, &c, row_status);
        p_alive_rows(&m, &tb, c.x, c.t_x, c.T, n, avx2, out);
        for (size_t j = 0; j < n; j++) {
            if (row_status[i0 + j] == CLV_OK) {
                p[i0 + j] = out[j];
            }
        }
    }
    return CLV_OK;
}

/* (x, T) -> E[X(t) | alive, x, T] / ..., see clv__bg_expected_purchases_array. */
#define BRACKET_SLOTS 1024

typedef struct bracket_cache {
    double x[BRACKET_SLOTS], T[BRACKET_SLOTS], value[BRACKET_SLOTS];
    unsigned char used[BRACKET_SLOTS];
} bracket_cache;

static int cached_cond_per_alive(const model *m, bracket_cache *bc, double x, double T,
                                 double t, double *out) {
    uint64_t bits;
    memcpy(&bits, &T, sizeof bits);
    uint64_t key = bits ^ ((uint64_t)(x < 1e18 ? x : 1e18) * UINT64_C(0x9E3779B97F4A7C15));
    key *= UINT64_C(0xBF58476D1CE4E5B9);
    size_t slot = (size_t)(key >> 54) & (BRACKET_SLOTS - 2); /* even: the bucket's first */
    for (size_t k = slot; k < slot + 2; k++) {
        if (bc->used[k] && bc->x[k] == x && bc->T[k] == T) {
            *out = bc->value[k];
            return CLV_OK;
        }
    }
    /* Miss: the bucket's second slot moves to its first, the new pair takes the second. */
    double v;
    int st = cond_per_alive(m, x, m->alpha + T, t, &v);
    if (st != CLV_OK) {
        return st;
    }
    bc->x[slot] = bc->x[slot + 1];
    bc->T[slot] = bc->T[slot + 1];
    bc->value[slot] = bc->value[slot + 1];
    bc->used[slot] = bc->used[slot + 1];
    bc->x[slot + 1] = x;
    bc->T[slot + 1] = T;
    bc->value[slot + 1] = v;
    bc->used[slot + 1] = 1;
    *out = v;
    return CLV_OK;
}

int clv__bg_expected_purchases_array(const double *theta, int shift, const clv_rfm_view *data,
                                     double t, double *expected, int32_t *row_status) {
    int st;
    if (data == NULL || expected == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_theta(theta)) != CLV_OK ||
        (st = (row_status != NULL) ? check_view(data) : clv_rfm_check(data, 0, NULL)) !=
            CLV_OK ||
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
    status_chunk c;
    for (size_t i0 = 0; i0 < data->count; i0 += 4) {
        size_t n = data->count - i0 < 4 ? data->count - i0 : 4;
        double pa[4];
        const double *x = data->x + i0, *tx = data->t_x + i0, *T = data->T + i0;
        if (row_status != NULL) {
            size_t c0 = i0 % PA_CHUNK; /* rows checked a chunk of PA_CHUNK at a time */
            if (c0 == 0) {
                size_t m = data->count - i0 < PA_CHUNK ? data->count - i0 : PA_CHUNK;
                status_chunk_of(data, i0, m, &c, row_status);
            }
            x = c.x + c0, tx = c.t_x + c0, T = c.T + c0;
        }
        p_alive_rows(&m, &tb, x, tx, T, n, avx2, pa);
        for (size_t j = 0; j < n; j++) {
            size_t i = i0 + j;
            if (row_status != NULL && row_status[i] != CLV_OK) {
                continue;
            }
            double br = 0.0;
            if (t != 0.0 && (st = cached_cond_per_alive(&m, &bc, x[j], T[j], t, &br)) != CLV_OK) {
                if (row_status != NULL) {
                    row_status[i] = st;
                    continue;
                }
                return st; /* rows before i are written, the rest untouched (clv.h) */
            }
            double e = clamp_expected(br * pa[j]);
            if (!isfinite(e)) {
                if (row_status != NULL) {
                    row_status[i] = CLV_ERANGE;
                    continue;
                }
                return CLV_ERANGE; /* as above */
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
        double br = 0.0;
        if ((st = cond_per_alive(&m, x, m.alpha + T, t[i], &br)) != CLV_OK) {
            return st;
        }
        double e = clamp_expected(br * pa);
        if ((st = clv__check_result(e)) != CLV_OK) {
            return st;
        }
        expected[i] = e;
    }
    return CLV_OK;
}

/* ---- DERT and customer value over a table: interpolation in A per x (issues 13, 20) ------ */

/*
 * Given alive, a customer (x, t_x, T) has lambda ~ Gamma(r+x, alpha+T) and p ~ Beta(a,
 * b+shift+x) (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing
 * Science 24(2), the derivation of eq. 10: the posterior of an alive customer; t_x enters
 * only P(alive)), and from T on makes a geometric number of purchases (it drops out after
 * each with probability p) at the Poisson rate lambda: its purchase rate at T + tau is
 * lambda e^(-lambda p tau), so DERT = P(alive) E[lambda / (delta + p lambda)] (the Laplace
 * transform of that rate; dert_per_alive() takes the mean over lambda in closed form, U of
 * DLMF 13.4.4) and each period's expected purchases are E[e^(-lambda p (k-1) P)
 * (1 - e^(-lambda p P)) / p]. So DERT / P(alive) and every discounted sum of
 * clv_customer_value() divided by P(alive) are functions of x and A = alpha + T alone:
 * F_x(A). Rows share x (small whole numbers), and F_x is analytic in A off the negative real
 * axis (each kernel depends on A through kappa = delta A, s = t/A or h = P/A, with its only
 * singularity at A <= 0), so over the call's range of A it is smooth in ln A, and its
 * Chebyshev interpolants converge geometrically (Trefethen 2013, "Approximation Theory and
 * Approximation Practice", ch. 8): per x, ln F_x is interpolated at the Chebyshev-Lobatto
 * points of [ln A_min, ln A_max] (the exact kernel at each), 9, 17, 33 or 65 of them (nested;
 * coefficients by the discrete cosine transform, values by Clenshaw's recurrence), until the
 * last two
 * coefficients are below IP_TAIL and the interpolant matches the exact kernel to IP_CHECK
 * (relative) at two points between nodes (a checked a-posteriori error). A row then costs a
 * log, a Clenshaw sum and an exp, besides P(alive). In ln F the error is relative everywhere,
 * however far F falls over the range.
 *
 * An x keeps the exact kernel (with the row cache, kernels.h) where that is cheaper or the
 * interpolant fails: fewer distinct A than the nodes would cost (counted per x by a 256-bit
 * linear-counting sketch, Whang, Vander-Zanden & Taylor 1990), x not a whole number below
 * IP_X, a node's kernel failing, or the coefficient pool full. Every choice depends on the
 * set of rows, not their order (ranges, counts and sketches are order-free; slots are built in
 * x order before any row is scored), so a shuffled table gives the same doubles, bit for bit.
 * Work: at most IP_X x (65 + 8) exact kernels besides the rows'; no allocation (~80 KB of
 * stack with the row cache).
 */
#define IP_X 128
#define IP_SKETCH 256
#define IP_POOL 2048
#define IP_N0 8
#define IP_NMAX 64
#define IP_TAIL 1e-14
#define IP_CHECK 2e-13
#define IP_PI 3.14159265358979323846

typedef struct ip_slot {
    double a_min, a_max; /* A over the rows */
    double mid, inv_half; /* ln A = mid + t / inv_half */
    uint32_t count;
    int32_t coef0, ncoef; /* into the pool; ncoef = 0: the exact kernel */
    uint64_t sketch[IP_SKETCH / 64];
} ip_slot;

typedef struct ip_ws {
    ip_slot slot[IP_X];
    double pool[IP_POOL];
    int pool_used;
    clv__row_cache cache; /* the exact kernel's values by (x, T) */
} ip_ws;

/* The exact value for a customer alive with (x, A) of the value query: the discounted sum of
 * clv_customer_value() divided by P(alive), the same branches as there. */
static int value_query_per_alive(const model *m, const clv__bg_query *q, double x, double A,
                                 double *out) {
    if (q->horizon < 1.0) {
        *out = 0.0;
        return CLV_OK;
    }
    if (q->discount == 0.0) { /* undiscounted: the sum telescopes */
        return cond_per_alive(m, x, A, q->horizon * q->period, out);
    }
    double delta = log1p(q->discount);
    if (q->horizon <= CLV__BG_DIRECT_PERIODS) {
        /* Period by period: a bracket (series or quadrature) per period. */
        double factor = 1.0 / (1.0 + q->discount), disc = 1.0, prev = 0.0, sum = 0.0;
        for (double k = 1.0; k <= q->horizon; k += 1.0) {
            double br;
            int st = cond_per_alive(m, x, A, k * q->period, &br);
            if (st != CLV_OK) {
                return st;
            }
            disc *= factor;
            sum += fmax(br - prev, 0.0) * disc; /* rounding when the increment is ~0 */
            prev = br;
        }
        *out = sum;
        return CLV_OK;
    }
    double h = (delta * q->horizon > CLV__BG_FAR) ? INFINITY : q->horizon;
    return value_per_alive(m, x, A, q->period, q->discount, h, out);
}

static int query_exact(const model *m, const clv__bg_query *q, double x, double A, double *out) {
    if (q->kind == CLV__BG_DERT) {
        return dert_per_alive(m, x, A, q->delta, out);
    }
    return value_query_per_alive(m, q, x, A, out);
}

int clv__bg_query_per_alive(const clv__bg_prep *p, const clv__bg_query *q, double x, double A,
                            double *out) {
    model m = model_of(p);
    return query_exact(&m, q, x, A, out);
}

/* ln F at A for the interpolant: 0 and *out, or -1 (a failed or non-positive kernel). */
static int ip_log_exact(const model *m, const clv__bg_query *q, double x, double A,
                        double *out) {
    double v;
    if (query_exact(m, q, x, A, &v) != CLV_OK || !(v > 0.0) || !isfinite(v)) {
        return -1;
    }
    *out = log(v);
    return 0;
}

/* sum_k c_k T_k(t) (Clenshaw). */
static double ip_clenshaw(const double *c, int n, double t) {
    double b1 = 0.0, b2 = 0.0, t2 = 2.0 * t;
    for (int k = n - 1; k >= 1; k--) {
        double b0 = c[k] + t2 * b1 - b2;
        b2 = b1;
        b1 = b0;
    }
    return c[0] + t * b1 - b2;
}

/* The Chebyshev coefficients c_0..c_N of the values f_j at t_j = cos(pi j/N) (DCT-I). */
static void ip_coefs(const double *f, int N, double *c) {
    double cosv[2 * IP_NMAX];
    for (int k = 0; k < 2 * N; k++) {
        cosv[k] = cos(IP_PI * k / N);
    }
    for (int k = 0; k <= N; k++) {
        double s = 0.5 * (f[0] + ((k % 2) ? -f[N] : f[N]));
        for (int j = 1; j < N; j++) {
            s += f[j] * cosv[(j * k) % (2 * N)];
        }
        c[k] = s * 2.0 / N;
    }
    c[0] *= 0.5;
    c[N] *= 0.5;
}

/* The distinct A of a slot, estimated from its sketch: m ln(m/zeros); +inf when full. */
static double ip_distinct(const ip_slot *s) {
    int ones = 0;
    for (int w = 0; w < IP_SKETCH / 64; w++) {
        uint64_t v = s->sketch[w];
        while (v != 0) {
            v &= v - 1;
            ones++;
        }
    }
    if (ones == IP_SKETCH) {
        return INFINITY;
    }
    return IP_SKETCH * log((double)IP_SKETCH / (double)(IP_SKETCH - ones));
}

/* Builds slot x's interpolant when it pays (see above); leaves ncoef = 0 otherwise. */
static void ip_build(const model *m, const clv__bg_query *q, ip_ws *ws, int xi) {
    ip_slot *s = &ws->slot[xi];
    s->ncoef = 0;
    double distinct = ip_distinct(s);
    if (s->count == 0 || !(s->a_max > s->a_min) || distinct < IP_N0 + 3.0) {
        return;
    }
    double x = (double)xi;
    double lo = log(s->a_min), hi = log(s->a_max);
    double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
    if (!(half > 0.0)) {
        return;
    }
    double f[IP_NMAX + 1], c[IP_NMAX + 1];
    int N = IP_N0;
    for (int j = 0; j <= N; j++) {
        double A = (j == 0)   ? s->a_max
                   : (j == N) ? s->a_min
                              : exp(mid + half * cos(IP_PI * j / N));
        if (ip_log_exact(m, q, x, A, &f[j]) != 0) {
            return;
        }
    }
    int evaluated = N + 1;
    for (;;) {
        ip_coefs(f, N, c);
        double scale = 1.0;
        if (fabs(c[N]) + fabs(c[N - 1]) <= IP_TAIL * scale) {
            int ok = 1;
            for (int k = 0; k < 2 && ok; k++) {
                int j = (k == 0) ? 0 : N / 2;
                double t = cos(IP_PI * (j + 0.5) / N);
                double ref;
                evaluated++;
                if (ip_log_exact(m, q, x, exp(mid + half * t), &ref) != 0) {
                    return;
                }
                double got = ip_clenshaw(c, N + 1, t);
                ok = fabs(expm1(got - ref)) <= IP_CHECK;
            }
            if (ok) {
                break;
            }
        }
        /* Refine (the nodes of 2N hold those of N at even places) if it still pays. */
        if (2 * N > IP_NMAX || evaluated + N + 2.0 > distinct) {
            return;
        }
        for (int j = N; j >= 0; j--) {
            f[2 * j] = f[j];
        }
        N *= 2;
        for (int j = 1; j < N; j += 2) {
            if (ip_log_exact(m, q, x, exp(mid + half * cos(IP_PI * j / N)), &f[j]) != 0) {
                return;
            }
            evaluated++;
        }
    }
    /* Trailing coefficients below 1e-17 in all change no row. */
    int n = N + 1;
    double dropped = 0.0;
    while (n > 1 && dropped + fabs(c[n - 1]) <= 1e-17) {
        dropped += fabs(c[n - 1]);
        n--;
    }
    if (ws->pool_used + n > IP_POOL) {
        return;
    }
    memcpy(ws->pool + ws->pool_used, c, (size_t)n * sizeof *c);
    s->coef0 = ws->pool_used;
    s->ncoef = n;
    s->mid = mid;
    s->inv_half = 1.0 / half;
    ws->pool_used += n;
}

static int ip_slot_of(double x) {
    return (x >= 0.0 && x < IP_X && floor(x) == x) ? (int)x : -1;
}

/* The valid rows' A per x, and the slots' interpolants (in x order). */
static void ip_prepare(const model *m, const clv__bg_query *q, ip_ws *ws,
                       const clv_rfm_view *d, int check) {
    memset(ws->slot, 0, sizeof ws->slot);
    ws->pool_used = 0;
    clv__row_cache_init(&ws->cache);
    for (size_t i = 0; i < d->count; i++) {
        double x = d->x[i], T = d->T[i];
        int xi = ip_slot_of(x);
        if (xi < 0 || (check && clv__check_history(x, d->t_x[i], T) != CLV_OK)) {
            continue;
        }
        ip_slot *s = &ws->slot[xi];
        double A = m->alpha + T;
        if (s->count == 0 || A < s->a_min) {
            s->a_min = A;
        }
        if (s->count == 0 || A > s->a_max) {
            s->a_max = A;
        }
        s->count++;
        uint64_t bits;
        memcpy(&bits, &A, sizeof bits);
        uint64_t h = clv__row_cache_mix(bits) % IP_SKETCH;
        s->sketch[h / 64] |= UINT64_C(1) << (h % 64);
    }
    for (int xi = 0; xi < IP_X; xi++) {
        ip_build(m, q, ws, xi);
    }
}

/* The rows j < n of a chunk whose x has an interpolant: per[j] and use[j] = 1 (use[j] = 0 for
 * the others). Four rows at a time, as two pairs of lanes (math/vmath.h; lane by lane the same
 * IEEE arithmetic, so a row's double does not depend on its neighbours): t from
 * ln A = ln A_min + log1p((A - A_min)/A_min), two Clenshaw chains side by side (a shorter
 * series padded with leading zeros, which leave every step exact), and exp. */
static void ip_chunk(const ip_ws *ws, double alpha, const double *x, const double *T, size_t n,
                     double *per, unsigned char *use) {
    size_t idx[PA_CHUNK];
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        int xi = ip_slot_of(x[j]);
        use[j] = (xi >= 0 && ws->slot[xi].ncoef > 0);
        if (use[j]) {
            idx[k++] = j;
        }
    }
    for (size_t g = 0; g < k; g += 4) {
        size_t jj[4];
        const ip_slot *sl[4];
        const double *cf[4];
        double tt[4], uu[4];
        int nmax = 0;
        for (int l = 0; l < 4; l++) {
            jj[l] = idx[(g + (size_t)l < k) ? g + (size_t)l : g];
            sl[l] = &ws->slot[(int)x[jj[l]]];
            cf[l] = ws->pool + sl[l]->coef0;
            nmax = (sl[l]->ncoef > nmax) ? sl[l]->ncoef : nmax;
            uu[l] = fmax((alpha + T[jj[l]] - sl[l]->a_min) / sl[l]->a_min, 0.0);
        }
        clv__v2d u0, u1;
        memcpy(&u0, uu, sizeof u0);
        memcpy(&u1, uu + 2, sizeof u1);
        u0 = CLV__V2(log1p)(u0);
        u1 = CLV__V2(log1p)(u1);
        memcpy(uu, &u0, sizeof u0);
        memcpy(uu + 2, &u1, sizeof u1);
        for (int l = 0; l < 4; l++) {
            tt[l] = fmin(fmax(uu[l] * sl[l]->inv_half - 1.0, -1.0), 1.0);
        }
        clv__v2d t0, t1, b10 = CLV__V2(splat)(0.0), b20 = b10, b11 = b10, b21 = b10;
        memcpy(&t0, tt, sizeof t0);
        memcpy(&t1, tt + 2, sizeof t1);
        clv__v2d t20 = t0 + t0, t21 = t1 + t1;
        int nc0 = sl[0]->ncoef, nc1 = sl[1]->ncoef, nc2 = sl[2]->ncoef, nc3 = sl[3]->ncoef;
        for (int kk = nmax - 1; kk >= 1; kk--) {
            /* lanes built in registers (a store and a vector load stalled the chain) */
            clv__v2d c0 = {(kk < nc0) ? cf[0][kk] : 0.0, (kk < nc1) ? cf[1][kk] : 0.0};
            clv__v2d c1 = {(kk < nc2) ? cf[2][kk] : 0.0, (kk < nc3) ? cf[3][kk] : 0.0};
            clv__v2d n0 = c0 + t20 * b10 - b20, n1 = c1 + t21 * b11 - b21;
            b20 = b10, b10 = n0;
            b21 = b11, b11 = n1;
        }
        double c[4] = {cf[0][0], cf[1][0], cf[2][0], cf[3][0]};
        clv__v2d c0, c1;
        memcpy(&c0, c, sizeof c0);
        memcpy(&c1, c + 2, sizeof c1);
        clv__v2d e0 = CLV__V2(exp)(c0 + t0 * b10 - b20), e1 = CLV__V2(exp)(c1 + t1 * b11 - b21);
        memcpy(uu, &e0, sizeof e0);
        memcpy(uu + 2, &e1, sizeof e1);
        for (int l = 0; l < 4; l++) {
            per[jj[l]] = uu[l];
        }
    }
}

/* The query given alive for a valid row. */
static int ip_row(const model *m, const clv__bg_query *q, ip_ws *ws, double x, double T,
                  double *out) {
    int xi = ip_slot_of(x);
    if (xi >= 0 && ws->slot[xi].ncoef > 0) {
        const ip_slot *s = &ws->slot[xi];
        double t = (log(m->alpha + T) - s->mid) * s->inv_half;
        t = fmin(fmax(t, -1.0), 1.0); /* rounding at the range's ends */
        *out = exp(ip_clenshaw(ws->pool + s->coef0, s->ncoef, t));
        return CLV_OK;
    }
    if (clv__row_cache_get(&ws->cache, x, T, out)) {
        return CLV_OK;
    }
    int st = query_exact(m, q, x, m->alpha + T, out);
    if (st == CLV_OK) {
        clv__row_cache_put(&ws->cache, x, T, *out);
    }
    return st;
}

static int check_view(const clv_rfm_view *d);

int clv__bg_query_rows(const clv__bg_prep *p, const clv__bg_query *q, const clv_rfm_view *d,
                       clv__bg_row_factor factor, clv__bg_row_progress progress,
                       const void *ctx, double *out, int32_t *row_status) {
    int st;
    if ((st = (row_status != NULL) ? check_view(d) : clv_rfm_check(d, 0, NULL)) != CLV_OK) {
        return st;
    }
    model m = model_of(p);
    ip_ws ws;
    ip_prepare(&m, q, &ws, d, row_status != NULL);
    log_b1_table tb;
    tb.filled = 1;
    int avx2 = clv__have_avx2();
    status_chunk c;
    int32_t hist[PA_CHUNK]; /* the histories' statuses (row_status: only rows scored) */
    for (size_t i0 = 0; i0 < d->count; i0 += PA_CHUNK) {
        size_t n = (d->count - i0 < PA_CHUNK) ? d->count - i0 : PA_CHUNK;
        const double *x = d->x + i0, *tx = d->t_x + i0, *T = d->T + i0;
        if (row_status != NULL) {
            for (size_t j = 0; j < n; j++) {
                hist[j] = clv__check_history(x[j], tx[j], T[j]);
                int ok = (hist[j] == CLV_OK);
                c.x[j] = ok ? x[j] : 0.0;
                c.t_x[j] = ok ? tx[j] : 0.0;
                c.T[j] = ok ? T[j] : 0.0;
            }
            x = c.x, tx = c.t_x, T = c.T;
        }
        double pa[PA_CHUNK], pers[PA_CHUNK];
        unsigned char use[PA_CHUNK];
        p_alive_rows(&m, &tb, x, tx, T, n, avx2, pa);
        ip_chunk(&ws, m.alpha, x, T, n, pers, use);
        for (size_t j = 0; j < n; j++) {
            size_t i = i0 + j;
            double f = 1.0, per = pers[j], v = 0.0;
            st = (factor != NULL) ? factor(ctx, i, &f) : CLV_OK; /* the scalar's order */
            if (st == CLV_OK && row_status != NULL) {
                st = hist[j];
            }
            if (st == CLV_OK && !use[j]) {
                st = ip_row(&m, q, &ws, x[j], T[j], &per);
            }
            if (st == CLV_OK) {
                v = per * pa[j] * f;
                st = clv__check_result(v);
            }
            if (st == CLV_OK) {
                out[i] = v;
            }
            if (row_status != NULL) {
                row_status[i] = st;
            } else if (st != CLV_OK) {
                return st; /* rows before i written, the rest untouched */
            }
            if (progress != NULL && progress(ctx, i, d->count)) {
                return CLV_ECANCELED; /* rows up to i written */
            }
        }
    }
    return CLV_OK;
}

int clv__bg_value_total(const double *theta, int shift, double x, double t_x, double T,
                        double period, double discount, double horizon, double *sum) {
    int st;
    if ((st = check_theta(theta)) != CLV_OK || (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    model m;
    model_from(&m, theta, shift);
    clv__bg_query q = {CLV__BG_VALUE, 0.0, period, discount, horizon};
    double per_alive = 0.0;
    st = value_query_per_alive(&m, &q, x, m.alpha + T, &per_alive);
    return times_p_alive(&m, x, t_x, T, st, per_alive, sum);
}
