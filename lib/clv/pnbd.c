/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987, "Counting your customers: who are they and
 * what will they do next?", Management Science 33(1) 1-24), in the formulation of Fader &
 * Hardie (2005, "A note on deriving the Pareto/NBD model and related expressions", note 008)
 * and Fader, Hardie & Lee (2005, "RFM and CLV: using iso-value curves for customer base
 * analysis", JMR 42(4) 415-430): likelihood with its analytic gradient, fit, P(alive),
 * conditional and unconditional expected purchases, P(X(t) = n) and DERT.
 *
 * While alive a customer buys at Poisson rate lambda ~ Gamma(r, alpha); their lifetime is
 * exponential with rate mu ~ Gamma(s, beta). Given (x, t_x, T) the likelihood (note 008,
 * eq. 2 integrated over lambda and mu) is
 *   L = Gamma(r+x) alpha^r beta^s / Gamma(r) [ (alpha+T)^-(r+x) (beta+T)^-s + s I ],
 *   I = int_{t_x}^{T} (alpha+tau)^-(r+x) (beta+tau)^-(s+1) dtau,
 * the second term being "died at tau in (t_x, T]". The note writes I with two Gauss 2F1 values
 * (I = A_0 / (r+s+x), its eq. 19), whose difference cancels when t_x is close to T; here both
 * 2F1 series are summed as one, term by term, so every term is positive (see log_integral).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "clv.h"
#include "clv/curve.h"
#include "clv/fit.h"
#include "clv/kernels.h"
#include "clv/pnbd.h"
#include "core/validate.h"
#include "math/quad.h"
#include "math/special.h"

typedef struct pmodel {
    double r, alpha, s, beta;
    double log_alpha, log_beta, log_s;
} pmodel;

static void pmodel_from(pmodel *m, const double *theta) {
    m->r = theta[0];
    m->alpha = theta[1];
    m->s = theta[2];
    m->beta = theta[3];
    m->log_alpha = log(m->alpha);
    m->log_beta = log(m->beta);
    m->log_s = log(m->s);
}

static void theta_of(const clv_pnbd_params *p, double *theta) {
    theta[0] = p->r;
    theta[1] = p->alpha;
    theta[2] = p->s;
    theta[3] = p->beta;
}

/* ---- the likelihood integral I ------------------------------------------------------------ */

#define SERIES_MAX_TERMS 400
#define SERIES_EPS 1e-17
#define SERIES_MAX_Z 0.5       /* beyond, split the integral (at SPLIT_Z) or integrate */
#define SERIES_MAX_PEAK 150.0  /* largest index of the largest term */
#define SPLIT_Z 0.25
#define SERIES_Z_TOO_LARGE 1
#define SERIES_TOO_LONG 2
#define QUAD_TOL 1e-13
#define QUAD_ACCEPT 1e-9 /* worse than this and the value is not reported */

/*
 * The Hessian of ln I in (r, alpha, s, beta) from the series sums: S, its first derivatives
 * su = d S / d(m, q, z, rho) and second derivatives s2 (upper triangle, row by row: mm, mq, mz,
 * mrho, qq, qz, qrho, zz, zrho, rhorho). ln I = -m ln A + ln S(m, q, z, rho) with m = r+s+x,
 * q = s+1 (alpha >= beta) or r+x, A = c0+lo, B = c0+T, z = (c0-other)/A, rho = A/B; by the
 * chain rule, H = J' F_uu J + sum_k F_k d2 u_k over u = (m, q, z, rho, ln A), where only z,
 * rho and ln A are curved, and only in c0 (and z also in c0 x other).
 */
static void series_hessian(const pmodel *pm, double x, double lo, double T, int alpha_big,
                           double S, const double *su, const double *s2, double *h) {
    int ic = alpha_big ? 1 : 3; /* index of c0 in theta */
    int io = alpha_big ? 3 : 1; /* index of the other scale */
    int iq = alpha_big ? 2 : 0; /* the parameter q depends on */
    double c0 = alpha_big ? pm->alpha : pm->beta;
    double other = alpha_big ? pm->beta : pm->alpha;
    double m = pm->r + pm->s + x;
    double A = c0 + lo;
    double B = c0 + T;
    double G[4];
    for (int k = 0; k < 4; k++) {
        G[k] = su[k] / S;
    }
    /* F_uu over u = (m, q, z, rho, lnA): the Hessian of ln S, and -1 for (m, lnA). */
    double F[5][5] = {{0.0}};
    static const int tri[4][4] = {{0, 1, 2, 3}, {1, 4, 5, 6}, {2, 5, 7, 8}, {3, 6, 8, 9}};
    for (int a = 0; a < 4; a++) {
        for (int b = 0; b < 4; b++) {
            F[a][b] = s2[tri[a][b]] / S - G[a] * G[b];
        }
    }
    F[0][4] = F[4][0] = -1.0;
    /* J: du/dtheta. */
    double J[5][4] = {{0.0}};
    J[0][0] = J[0][2] = 1.0;
    J[1][iq] = 1.0;
    J[2][ic] = (other + lo) / (A * A);
    J[2][io] = -1.0 / A;
    J[3][ic] = (T - lo) / (B * B);
    J[4][ic] = 1.0 / A;
    double FJ[5][4]; /* F_uu J */
    for (int a = 0; a < 5; a++) {
        for (int j = 0; j < 4; j++) {
            double v = 0.0;
            for (int b = 0; b < 5; b++) {
                v += F[a][b] * J[b][j];
            }
            FJ[a][j] = v;
        }
    }
    for (int i = 0; i < 4; i++) {
        for (int j = i; j < 4; j++) {
            double v = 0.0;
            for (int a = 0; a < 5; a++) {
                v += J[a][i] * FJ[a][j];
            }
            h[4 * i + j] = h[4 * j + i] = v;
        }
    }
    /* Curvature of the intermediates, weighted by F_z = G_z, F_rho = G_rho, F_lnA = -m. */
    h[4 * ic + ic] += G[2] * -2.0 * (other + lo) / (A * A * A) + G[3] * -2.0 * (T - lo) / (B * B * B) +
                      m / (A * A);
    h[4 * ic + io] += G[2] / (A * A);
    h[4 * io + ic] += G[2] / (A * A);
}

/*
 * Per-call tables for the series below (issue 20: a row costs the same whatever the order and
 * repetition of the rows). Term n needs 1/(m+n), m = r+s+x, and (q+n)/(n+1) (and, with the
 * gradient, 1/(q+n)), q = s+1 or r+x: with k = x + n (x whole), 1/((r+s) + k), r + k,
 * 1/(r + k), 1/(n+1) and 1/((s+1) + n) are the same for every row, and the terms need no
 * division. A row without a table (one customer, or an x that is not a whole number below
 * X_TABLE) computes the same expressions itself: the same doubles.
 */
#define X_TABLE 256
#define TAB_K (X_TABLE + SERIES_MAX_TERMS)

typedef struct series_tab {
    double inv_m[TAB_K];             /* 1 / ((r+s) + k) */
    double r_k[TAB_K];               /* r + k */
    double inv_rk[TAB_K];            /* 1 / (r + k) */
    double inv_n1[SERIES_MAX_TERMS]; /* 1 / (n+1) */
    double inv_qb[SERIES_MAX_TERMS]; /* 1 / ((s+1) + n) */
    double l1z0;                     /* ln(1 - z) at t_x = 0 (P(alive), see series_log_odds) */
} series_tab;

static void series_tab_fill(series_tab *tb, const pmodel *pm) {
    double rs = pm->r + pm->s;
    for (int k = 0; k < TAB_K; k++) {
        tb->inv_m[k] = 1.0 / (rs + (double)k);
        tb->r_k[k] = pm->r + (double)k;
        tb->inv_rk[k] = 1.0 / tb->r_k[k];
    }
    for (int n = 0; n < SERIES_MAX_TERMS; n++) {
        tb->inv_n1[n] = 1.0 / (n + 1.0);
        tb->inv_qb[n] = 1.0 / ((pm->s + 1.0) + n);
    }
    double c0 = fmax(pm->alpha, pm->beta);
    tb->l1z0 = log1p(-(fabs(pm->alpha - pm->beta) / c0));
}

/* The table's rows for x (null: compute): x whole below X_TABLE. */
static const series_tab *series_tab_for(const series_tab *tb, double x) {
    return (tb != NULL && x < X_TABLE && x == floor(x)) ? tb : NULL;
}

/*
 * Series form of I. Let c0 = max(alpha, beta), d = |alpha - beta|, m = r+s+x, A = c0+t_x,
 * B = c0+T, z = d/A, rho = A/B, and q the exponent of the other factor (s+1 when alpha >= beta,
 * r+x otherwise). Substituting u = c0 + tau and expanding (1 - d/u)^-q binomially,
 *   I = A^-m sum_n (q)_n/n! z^n (1 - rho^(m+n)) / (m+n),
 * i.e. the two 2F1(m, q; m+1; .) of note 008 eq. 19 added termwise. 1 - rho^(m+n) is carried
 * by w_(n+1) = (1 - rho) + rho w_n from w_0 = -expm1(m ln rho), so no term loses digits even
 * when t_x is close to T. The derivatives of the sum with respect to m, q, z and rho are
 * summed alongside, and the chain rule gives d ln I / d(r, alpha, s, beta).
 *
 * The same sum over [lo, T] for any lo in [t_x, T] (lo in place of t_x above). Returns 0 and
 * ln I (and the gradient when g is not null), SERIES_Z_TOO_LARGE when z > SERIES_MAX_Z, or
 * SERIES_TOO_LONG when it would need too many terms (a huge q z).
 */
static int series_log_integral(const pmodel *pm, const series_tab *tab, double x, double lo,
                               double T, double *log_i, double *g, double *h, double *log_sum) {
    tab = series_tab_for(tab, x);
    int xi = (tab != NULL) ? (int)x : 0;
    double rs = pm->r + pm->s;
    int alpha_big = pm->alpha >= pm->beta;
    double c0 = alpha_big ? pm->alpha : pm->beta;
    double other = alpha_big ? pm->beta : pm->alpha;
    double q = alpha_big ? pm->s + 1.0 : pm->r + x;
    double m = pm->r + pm->s + x;
    double A = c0 + lo;
    double B = c0 + T;
    double z = (c0 - other) / A;
    if (z > SERIES_MAX_Z) {
        return SERIES_Z_TOO_LARGE;
    }
    if (q * z / (1.0 - z) > SERIES_MAX_PEAK) {
        return SERIES_TOO_LONG;
    }
    double one_minus_rho = (T - lo) / B;
    double log_rho = -log1p((T - lo) / A);
    double rho = A / B;
    double w = -expm1(m * log_rho); /* 1 - rho^(m+n) */
    if (g == NULL) {
        /* Value only (P(alive), expectations, a likelihood without gradient): the same terms
         * in the same order, so the same doubles, without the derivative sums' work (a third
         * division per term among it). */
        double coef = 1.0, S = 0.0;
        int n;
        for (n = 0; n < SERIES_MAX_TERMS; n++) {
            double im = tab ? tab->inv_m[xi + n] : 1.0 / (rs + (x + n));
            double t = coef * (w * im);
            S += t;
            double qn = alpha_big ? q + n : (tab ? tab->r_k[xi + n] : pm->r + (x + n));
            double up = qn * (tab ? tab->inv_n1[n] : 1.0 / (n + 1.0));
            if (n > 0 && t <= SERIES_EPS * S && up * z < 1.0) {
                break;
            }
            coef = (coef * up) * z;
            w = one_minus_rho + rho * w;
        }
        if (n == SERIES_MAX_TERMS || !(S > 0.0)) {
            return SERIES_TOO_LONG;
        }
        *log_i = -m * log(A) + log(S);
        if (log_sum != NULL) {
            *log_sum = log(S);
        }
        return 0;
    }
    double v = exp(m * log_rho);    /* rho^(m+n) */
    double coef = 1.0;              /* (q)_n z^n / n! */
    double coef_z = 0.0;            /* (q)_n z^(n-1) / n!, n >= 1 */
    double coef_zz = 0.0;           /* (q)_n z^(n-2) / n!, n >= 2 */
    double hq = 0.0;                /* sum_{k<n} 1/(q+k) = d ln (q)_n / dq */
    double hq2 = 0.0;               /* sum_{k<n} 1/(q+k)^2 = -d2 ln (q)_n / dq2 */
    double S = 0.0, Sm = 0.0, Sq = 0.0, Sz = 0.0, Sr = 0.0;
    /* Second derivatives of the sum, in the order (m, q, z, rho): see series_hessian. */
    double S2[10] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    int n;
    double inv_rho = 1.0 / rho;
    for (n = 0; n < SERIES_MAX_TERMS; n++) {
        double mn = m + n;
        double inv_mn = tab ? tab->inv_m[xi + n] : 1.0 / (rs + (x + n));
        double g0 = w * inv_mn; /* (1 - rho^(m+n)) / (m+n) */
        double t = coef * g0;
        S += t;
        int small = t <= SERIES_EPS * S;
        if (g != NULL) {
            double tq = t * hq;
            double cz = n * coef_z;
            double tz = cz * g0;
            double gm = (-log_rho * v - g0) * inv_mn;
            double gr = -v * inv_rho;
            double tm = coef * gm;
            double tr = coef * gr;
            Sq += tq;
            Sz += tz;
            Sm += tm;
            Sr += tr;
            if (h != NULL) {
                /* t_n = c_n g_n with c_n = (q)_n z^n / n! and g_n = (1 - rho^(m+n)) / (m+n):
                 * d2 ln c_n / dq2 = -sum 1/(q+k)^2, d2 c_n / dz2 = n(n-1) c_n / z^2; with
                 * L = ln rho, v = rho^(m+n), M = m+n: g_m = -(L v + g)/M, g_rho = -v/rho,
                 * g_mm = (-L^2 v + 2 L v/M + 2 (1-v)/M^2)/M, g_mrho = -L v/rho,
                 * g_rhorho = -(M-1) v/rho^2. */
                double t2[10];
                t2[0] = coef * (log_rho * v * (2.0 * inv_mn - log_rho) + 2.0 * g0 * inv_mn) *
                        inv_mn;                      /* mm */
                t2[1] = tm * hq;                     /* mq */
                t2[2] = cz * gm;                     /* mz */
                t2[3] = tr * log_rho;                /* mrho */
                t2[4] = t * (hq * hq - hq2);         /* qq */
                t2[5] = tz * hq;                     /* qz */
                t2[6] = tr * hq;                     /* qrho */
                t2[7] = n * (n - 1.0) * coef_zz * g0; /* zz */
                t2[8] = cz * gr;                     /* zrho */
                t2[9] = tr * (mn - 1.0) * inv_rho;   /* rhorho */
                for (int k = 0; k < 10; k++) {
                    S2[k] += t2[k];
                }
                if (small) {
                    for (int k = 0; k < 10; k++) {
                        small = small && fabs(t2[k]) <= SERIES_EPS * fabs(S2[k]);
                    }
                }
            }
            small = small && fabs(tq) <= SERIES_EPS * fabs(Sq) &&
                    fabs(tz) <= SERIES_EPS * fabs(Sz) && fabs(tm) <= SERIES_EPS * fabs(Sm) &&
                    fabs(tr) <= SERIES_EPS * fabs(Sr);
        }
        double qn = alpha_big ? q + n : (tab ? tab->r_k[xi + n] : pm->r + (x + n));
        double up = qn * (tab ? tab->inv_n1[n] : 1.0 / (n + 1.0));
        if (n > 0 && small && up * z < 1.0) {
            break;
        }
        coef_zz = coef_z * up;
        coef_z = coef * up;
        coef = coef_z * z;
        double iq = tab ? (alpha_big ? tab->inv_qb[n] : tab->inv_rk[xi + n]) : 1.0 / qn;
        hq += iq;
        hq2 += iq * iq;
        w = one_minus_rho + rho * w;
        v *= rho;
    }
    if (n == SERIES_MAX_TERMS || !(S > 0.0)) {
        return SERIES_TOO_LONG;
    }
    double log_A = log(A);
    *log_i = -m * log_A + log(S);
    if (log_sum != NULL) {
        *log_sum = log(S);
    }
    if (g != NULL) {
        double dm = -log_A + Sm / S;
        double dq = Sq / S;
        double dz = Sz / S;
        double drho = Sr / S;
        double d_c0 = -m / A + drho * (T - lo) / (B * B); /* through A, B and rho */
        if (alpha_big) {
            g[0] = dm;
            g[1] = d_c0 + dz * (pm->beta + lo) / (A * A);
            g[2] = dm + dq;
            g[3] = -dz / A;
        } else {
            g[0] = dm + dq;
            g[1] = -dz / A;
            g[2] = dm;
            g[3] = d_c0 + dz * (pm->alpha + lo) / (A * A);
        }
        if (h != NULL) {
            const double su[4] = {Sm, Sq, Sz, Sr};
            series_hessian(pm, x, lo, T, alpha_big, S, su, S2, h);
        }
    }
    return 0;
}

/*
 * Quadrature form of I and of its derivatives
 *   dI/dr = -int ln(alpha+tau) f,  dI/dalpha = -(r+x) int f/(alpha+tau),
 *   dI/ds = -int ln(beta+tau) f,   dI/dbeta = -(s+1) int f/(beta+tau),
 * over [lo, T], with tau = lo + (c + lo)(e^u - 1), c = min(alpha, beta), so that the algebraic
 * decay of f becomes exponential in u; f is scaled by its value at lo and the logarithms are
 * taken relative to their values at lo.
 */
typedef struct quad_ctx {
    const pmodel *pm;
    double x, lo, c, scale, log_a0, log_b0;
    double inv_a0, inv_b0; /* 1/(alpha+lo), 1/(beta+lo) */
    int second;            /* also the ten second moments (quad_hessian) */
} quad_ctx;

static void integrand(const void *vctx, double u, double *out) {
    const quad_ctx *q = vctx;
    const pmodel *pm = q->pm;
    double grow = (q->c + q->lo) * expm1(u); /* tau - lo */
    double at = pm->alpha + q->lo + grow;
    double bt = pm->beta + q->lo + grow;
    /* ln((alpha+tau)/(alpha+lo)) and the same for beta, without cancellation when tau is
     * close to lo; c + tau = (c + lo) e^u makes the smaller base's exactly u. */
    double dla = (pm->alpha <= pm->beta) ? u : log1p(grow / (pm->alpha + q->lo));
    double dlb = (pm->alpha <= pm->beta) ? log1p(grow / (pm->beta + q->lo)) : u;
    /* f (c + tau), scaled by its value at lo: (c + tau) contributes u. */
    double f = exp(-(pm->r + q->x) * dla - (pm->s + 1.0) * dlb + u);
    out[0] = f;
    out[1] = dla * f;
    out[2] = f / at;
    out[3] = dlb * f;
    out[4] = f / bt;
    if (q->second) {
        /* y = (ln(alpha+tau), 1/(alpha+tau), ln(beta+tau), 1/(beta+tau)), each less its value
         * at lo (zero there, so the covariances below lose few digits): f y_i y_j. */
        double y[4] = {dla, -grow * q->inv_a0 / at, dlb, -grow * q->inv_b0 / bt};
        int k = 5;
        for (int i = 0; i < 4; i++) {
            double fy = f * y[i];
            for (int j = i; j < 4; j++) {
                out[k++] = fy * y[j];
            }
        }
    }
}

/*
 * The Hessian of ln I from the quadrature moments. With f = (alpha+tau)^-(r+x)
 * (beta+tau)^-(s+1), l = ln f and the weights f / I over [lo, T],
 *   d2 ln I / dtheta2 = E[d2 l] + Cov(dl),
 * dl = -(ln(alpha+tau), (r+x)/(alpha+tau), ln(beta+tau), (s+1)/(beta+tau)); d2 l is zero but
 * for (r, alpha) -1/(alpha+tau), (alpha, alpha) (r+x)/(alpha+tau)^2 and the same in (s, beta)
 * with s+1. res holds int f, int f y_i (y uncentred for 1/(.), see integrand) and the
 * centred int f y_i y_j.
 */
static void quad_hessian(const pmodel *pm, double x, const quad_ctx *q, const double *res,
                         double *h) {
    double i0 = res[0];
    /* Means of the centred y. */
    double ey[4] = {res[1] / i0, res[2] / i0 - q->inv_a0, res[3] / i0, res[4] / i0 - q->inv_b0};
    double kk[4] = {-1.0, -(pm->r + x), -1.0, -(pm->s + 1.0)};
    int idx = 5;
    for (int i = 0; i < 4; i++) {
        for (int j = i; j < 4; j++) {
            double cov = res[idx++] / i0 - ey[i] * ey[j];
            h[4 * i + j] = h[4 * j + i] = kk[i] * kk[j] * cov;
        }
    }
    double e_ia = res[2] / i0;     /* E[1/(alpha+tau)] */
    double e_ib = res[4] / i0;     /* E[1/(beta+tau)] */
    double e_ia2 = res[9] / i0 + ey[1] * (2.0 * q->inv_a0) + q->inv_a0 * q->inv_a0;
    double e_ib2 = res[14] / i0 + ey[3] * (2.0 * q->inv_b0) + q->inv_b0 * q->inv_b0;
    h[1] -= e_ia;
    h[4] -= e_ia;
    h[5] += (pm->r + x) * e_ia2;
    h[11] -= e_ib;
    h[14] -= e_ib;
    h[15] += (pm->s + 1.0) * e_ib2;
}

static int quad_log_integral(const pmodel *pm, double x, double lo, double T, double *log_i,
                             double *g, double *h, double *rel) {
    quad_ctx q;
    q.pm = pm;
    q.x = x;
    q.lo = lo;
    q.c = fmin(pm->alpha, pm->beta);
    q.log_a0 = log(pm->alpha + lo);
    q.log_b0 = log(pm->beta + lo);
    q.inv_a0 = 1.0 / (pm->alpha + lo);
    q.inv_b0 = 1.0 / (pm->beta + lo);
    q.second = (h != NULL);
    q.scale = -(pm->r + x) * q.log_a0 - (pm->s + 1.0) * q.log_b0 + log(q.c + lo);
    double hi = log1p((T - lo) / (q.c + lo));
    /* The integrand starts decaying like e^(-lambda u): integrate outward from u = 0 in pieces
     * from 1/lambda, so that a decay much faster than the interval (huge x) is not missed. */
    double lambda = (pm->r + x) * (q.c + lo) / (pm->alpha + lo) +
                    (pm->s + 1.0) * (q.c + lo) / (pm->beta + lo) - 1.0;
    double w0 = (lambda * hi > 1.0) ? 1.0 / lambda : hi;
    /* The decay rate -d ln f/du = (r+x)(c+tau)/(alpha+tau) + (s+1)(c+tau)/(beta+tau) - 1 never
     * falls as u grows (c <= alpha, beta), so f <= e^(-lambda u), and it never exceeds
     * lambda_max = r+x+s: the integral over [0, hi] is at least (1 - e^(-lambda_max hi)) /
     * lambda_max. Past u_cut = (42 + ln(lambda_max/lambda))/lambda the rest is below 1e-18 of
     * it: the pieces stop there. Without the cut a huge lambda (s = 9e283, beta = 3e-119)
     * cost ~500 pieces growing by 4 from w0 ~ 1e-284 to hi ~ 300, half a millisecond per
     * call; with it, a few pieces. */
    if (lambda * hi > 1.0) {
        double lambda_max = pm->r + x + pm->s;
        double u_cut = (42.0 + log(fmax(lambda_max / lambda, 1.0))) / lambda;
        if (u_cut < hi && lambda_max * hi >= 1.0) {
            hi = u_cut;
        }
    }
    double res[15];
    int k = (h != NULL) ? 15 : (g != NULL) ? 5 : 1;
    /* The error is controlled on I and its gradient's integrals; the second moments ride
     * on the same intervals. */
    double err =
        clv__quad_outward_ctl(integrand, &q, k, (k > 5) ? 5 : k, 0.0, hi, w0, QUAD_TOL, res);
    if (!(err <= QUAD_ACCEPT) || !(res[0] > 0.0)) {
        return 1;
    }
    *log_i = q.scale + log(res[0]);
    if (rel != NULL) { /* ln I less the log of the integrand at lo, without q.scale's size */
        *rel = log(q.c + lo) + log(res[0]);
    }
    if (g != NULL) {
        g[0] = -q.log_a0 - res[1] / res[0];
        g[1] = -(pm->r + x) * res[2] / res[0];
        g[2] = -q.log_b0 - res[3] / res[0];
        g[3] = -(pm->s + 1.0) * res[4] / res[0];
    }
    if (h != NULL) {
        quad_hessian(pm, x, &q, res, h);
    }
    return 0;
}

/*
 * Where z = d/(c0 + t_x) is too large for the series, I is split at the tau where
 * z = SPLIT_Z: numerical integration over [t_x, tau_split] and the series (fast, z <= SPLIT_Z)
 * over [tau_split, T]. The split point depends only on the parameters, so the first part is
 * the same for every row with the same (x, t_x) -- in particular for every customer without a
 * repeat purchase -- and a table evaluation keeps it in a small cache.
 */
typedef struct integral_cache {
    int valid[2];      /* slot 0: x = 0 (so t_x = 0); slot 1: the last other (x, t_x) */
    int has_h[2];      /* the slot holds the Hessian too */
    double x, t_x;     /* key of slot 1 */
    double log_q[2];   /* ln of the first part */
    double g_q[2][4];  /* its gradient (always computed, so one cache serves both uses) */
    double h_q[2][16]; /* its Hessian, when has_h */
    const series_tab *tab; /* the series' tables, or null */
} integral_cache;

static int first_part(const pmodel *pm, double x, double t_x, double split, integral_cache *cache,
                      double *log_q, double *g, double *h) {
    int slot = (x == 0.0) ? 0 : 1;
    if (cache != NULL && cache->valid[slot] && (h == NULL || cache->has_h[slot]) &&
        (slot == 0 || (cache->x == x && cache->t_x == t_x))) {
        *log_q = cache->log_q[slot];
        memcpy(g, cache->g_q[slot], 4 * sizeof g[0]);
        if (h != NULL) {
            memcpy(h, cache->h_q[slot], 16 * sizeof h[0]);
        }
        return 0;
    }
    if (quad_log_integral(pm, x, t_x, split, log_q, g, h, NULL) != 0) {
        return 1;
    }
    if (cache != NULL) {
        cache->valid[slot] = 1;
        cache->has_h[slot] = (h != NULL);
        cache->log_q[slot] = *log_q;
        memcpy(cache->g_q[slot], g, 4 * sizeof g[0]);
        if (h != NULL) {
            memcpy(cache->h_q[slot], h, 16 * sizeof h[0]);
        }
        if (slot == 1) {
            cache->x = x;
            cache->t_x = t_x;
        }
    }
    return 0;
}

/* ln I and optionally d ln I/d theta (g) and d2 ln I/d theta2 (h, 4 x 4, only with g);
 * I = 0 (ln I = -inf) when t_x = T. The cache may be null. Returns nonzero only when I cannot
 * be evaluated to QUAD_ACCEPT in doubles. */
static int log_integral(const pmodel *pm, double x, double t_x, double T, integral_cache *cache,
                        double *log_i, double *g, double *h) {
    if (!(T > t_x)) {
        *log_i = -INFINITY;
        if (g != NULL) {
            g[0] = g[1] = g[2] = g[3] = 0.0;
        }
        if (h != NULL) {
            memset(h, 0, 16 * sizeof h[0]);
        }
        return 0;
    }
    int st = series_log_integral(pm, (cache != NULL) ? cache->tab : NULL, x, t_x, T, log_i, g, h,
                                 NULL);
    if (st == 0) {
        return 0;
    }
    if (st == SERIES_Z_TOO_LARGE) {
        double split = fabs(pm->alpha - pm->beta) / SPLIT_Z - fmax(pm->alpha, pm->beta);
        double log_q, log_s, gq[4], gs[4], hq[16], hs[16];
        double *want_h = (h != NULL) ? hq : NULL;
        if (split > t_x && split < T &&
            first_part(pm, x, t_x, split, cache, &log_q, gq, want_h) == 0 &&
            series_log_integral(pm, (cache != NULL) ? cache->tab : NULL, x, split, T, &log_s,
                                (g != NULL) ? gs : NULL,
                                (h != NULL) ? hs : NULL, NULL) == 0) {
            double hi = fmax(log_q, log_s);
            double e = exp(-fabs(log_q - log_s));
            double w_q = (log_q >= log_s) ? 1.0 / (1.0 + e) : e / (1.0 + e);
            *log_i = hi + log1p(e);
            if (g != NULL) {
                for (int k = 0; k < 4; k++) {
                    g[k] = w_q * gq[k] + (1.0 - w_q) * gs[k];
                }
            }
            if (h != NULL) {
                /* ln(e^a + e^b): w_a H_a + w_b H_b + w_a w_b (g_a - g_b)(g_a - g_b)'. */
                double ww = w_q * (1.0 - w_q);
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        h[4 * i + j] = w_q * hq[4 * i + j] + (1.0 - w_q) * hs[4 * i + j] +
                                       ww * (gq[i] - gs[i]) * (gq[j] - gs[j]);
                    }
                }
            }
            return 0;
        }
    }
    return quad_log_integral(pm, x, t_x, T, log_i, g, h, NULL);
}

/*
 * ln I - ln f(t_x), f(tau) = (alpha+tau)^-(r+x) (beta+tau)^-(s+1) the integrand, for P(alive):
 * both logs are of the size of s ln(beta+T) (2e9 at s = 1e8, beta = 1e9), and their difference,
 * a log of ~ the interval's width, lost ~2e-7 to their rounding. The series gives it as
 * ln S plus s ln(1 - z) + ln(beta+t_x) (alpha >= beta) or (r+x) ln(1 - z) + ln(beta+t_x)
 * (alpha < beta), the quadrature from its scaled integral; the split form (rare) as the
 * difference. -inf when t_x = T; nonzero when I cannot be evaluated.
 */
static int log_integral_rel(const pmodel *pm, double x, double t_x, double T, double *rel) {
    if (!(T > t_x)) {
        *rel = -INFINITY;
        return 0;
    }
    double log_i, log_sum;
    int st = series_log_integral(pm, NULL, x, t_x, T, &log_i, NULL, NULL, &log_sum);
    if (st == 0) {
        int alpha_big = pm->alpha >= pm->beta;
        double c0 = alpha_big ? pm->alpha : pm->beta;
        double z = fabs(pm->alpha - pm->beta) / (c0 + t_x);
        double q = alpha_big ? pm->s : pm->r + x;
        *rel = log_sum + q * log1p(-z) + log(pm->beta + t_x);
        return 0;
    }
    if (st == SERIES_Z_TOO_LARGE) {
        double split = fabs(pm->alpha - pm->beta) / SPLIT_Z - fmax(pm->alpha, pm->beta);
        if (split > t_x && split < T) {
            if (log_integral(pm, x, t_x, T, NULL, &log_i, NULL, NULL) != 0) {
                return 1;
            }
            *rel = log_i + (pm->r + x) * log(pm->alpha + t_x) +
                   (pm->s + 1.0) * log(pm->beta + t_x);
            return 0;
        }
    }
    return quad_log_integral(pm, x, t_x, T, &log_i, NULL, NULL, rel);
}

/*
 * A row with x = 0 has t_x = 0, so what it needs (ln I and its derivatives, P(alive), an
 * expectation) depends on T alone, and tables have few distinct T among such rows (one per
 * acquisition date: CDNOW's 1,411 need 84). A small direct-mapped cache keyed on T's bits
 * keeps them whatever the order of the rows (it was the last T only, so a shuffled table paid
 * every row in full, issue 20). A cached value is the double computed for that T: the cache
 * changes the cost, never a value.
 */
#define ZERO_CACHE 512   /* P(alive), expectations: 8 KB; a power of 2 */
#define ZERO_LL_CACHE 256 /* the likelihood's, 21 doubles a slot: 44 KB; a power of 2 */

/* The slot of T in a cache of `size` (a power of 2) slots. A table's distinct T are few but
 * not so few that two never share a slot: with 84 keys, 128 slots left ~1 in 4 keys evicting
 * each other in turn in a shuffled table. */
static size_t zero_slot(double T, size_t size) {
    uint64_t b;
    memcpy(&b, &T, sizeof b);
    return (size_t)(clv__row_cache_mix(b) & (size - 1));
}

typedef struct zero_cache {
    double T[ZERO_CACHE]; /* NaN: empty */
    double v[ZERO_CACHE];
} zero_cache;

static void zero_cache_init(zero_cache *z) {
    for (int i = 0; i < ZERO_CACHE; i++) {
        z->T[i] = NAN;
    }
}

/* The likelihood's: ln I, its gradient and Hessian (whichever the sum computes). */
typedef struct zero_ll_cache {
    double T[ZERO_LL_CACHE];
    double log_i[ZERO_LL_CACHE];
    double g[ZERO_LL_CACHE][4];
    double h[ZERO_LL_CACHE][16];
} zero_ll_cache;

/* ---- likelihood --------------------------------------------------------------------------- */

/* lnG(r+x) - lnG(r), psi(r+x) - psi(r) and psi'(r+x) - psi'(r) for x < X_TABLE by
 * recurrence, shared by all rows. */

typedef struct x_terms {
    int filled;
    double lg_r[X_TABLE];
    double dg_r[X_TABLE];
    double tg_r[X_TABLE];
} x_terms;

static void x_terms_of(const pmodel *pm, x_terms *xt, double x, double *lg_r, double *dg_r,
                       double *tg_r) {
    if (x < X_TABLE) {
        int xi = (int)x;
        while (xt->filled <= xi) {
            int k = xt->filled;
            if (k == 0) {
                xt->lg_r[0] = xt->dg_r[0] = xt->tg_r[0] = 0.0;
            } else {
                double ir = 1.0 / (pm->r + (k - 1));
                xt->lg_r[k] = xt->lg_r[k - 1] + log(pm->r + (k - 1));
                xt->dg_r[k] = xt->dg_r[k - 1] + ir;
                xt->tg_r[k] = xt->tg_r[k - 1] - ir * ir;
            }
            xt->filled = k + 1;
        }
        *lg_r = xt->lg_r[xi];
        *dg_r = xt->dg_r[xi];
        *tg_r = xt->tg_r[xi];
        return;
    }
    *lg_r = clv__lgamma_ratio(pm->r, x);
    *dg_r = clv__digamma_diff(pm->r, x);
    *tg_r = clv__trigamma(pm->r + x) - clv__trigamma(pm->r);
}

/* ln of the bracket of L, [E1 + s I] with E1 = (alpha+T)^-(r+x) (beta+T)^-s, and the
 * mixture weight of the second term (for P(alive) and the gradient). */
typedef struct bracket {
    double log_e1, log_si, log_sum, w2;
} bracket;

static void bracket_of(double log_e1, double log_si, bracket *b) {
    b->log_e1 = log_e1;
    b->log_si = log_si;
    if (log_si == -INFINITY) {
        b->log_sum = log_e1;
        b->w2 = 0.0;
        return;
    }
    double hi = fmax(log_e1, log_si);
    double e = exp(-fabs(log_e1 - log_si));
    b->log_sum = hi + log1p(e);
    b->w2 = (log_si >= log_e1) ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

/* Weighted sum of the rows' log-likelihoods, its gradient (grad may be null) and its
 * Hessian (hess, 4 x 4 row-major; may be null, needs grad). Returns nonzero if a row's
 * integral cannot be evaluated. */
static int loglik_sum(const pmodel *pm, const clv_rfm_view *d, double *ll_out, double *grad,
                      double *hess) {
    x_terms xt;
    xt.filled = 0;
    integral_cache cache;
    cache.valid[0] = cache.valid[1] = 0;
    series_tab tab;
    cache.tab = NULL;
    if (d->count >= 64) { /* the tables cost ~1,300 divisions: for tables of rows */
        series_tab_fill(&tab, pm);
        cache.tab = &tab;
    }
    double ll = 0.0;
    double gs[4] = {0.0, 0.0, 0.0, 0.0};
    double hs[16] = {0.0};
    double total = 0.0;
    double last_T = NAN;
    double log_aT = 0.0, log_bT = 0.0;
    /* Rows with x = 0 by T (zero_ll_cache), for tables of rows (the sum runs over chunks of
     * a few thousand rows, fit.h: the cache is filled again for each). */
    zero_ll_cache zc;
    int use_zc = d->count >= 64;
    if (use_zc) {
        for (int k = 0; k < ZERO_LL_CACHE; k++) {
            zc.T[k] = NAN;
        }
    }
    for (size_t i = 0; i < d->count; i++) {
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        if (w == 0.0) {
            continue;
        }
        double x = d->x[i];
        double t_x = d->t_x[i];
        double T = d->T[i];
        double lg_r, dg_r, tg_r;
        x_terms_of(pm, &xt, x, &lg_r, &dg_r, &tg_r);
        double gi[4], hi[16];
        double log_i;
        size_t zs = (use_zc && x == 0.0) ? zero_slot(T, ZERO_LL_CACHE) : 0;
        if (use_zc && x == 0.0 && zc.T[zs] == T) {
            log_i = zc.log_i[zs];
            if (grad != NULL) {
                memcpy(gi, zc.g[zs], sizeof gi);
            }
            if (hess != NULL) {
                memcpy(hi, zc.h[zs], sizeof hi);
            }
        } else {
            if (log_integral(pm, x, t_x, T, &cache, &log_i, (grad != NULL) ? gi : NULL,
                             (hess != NULL) ? hi : NULL) != 0) {
                return 1;
            }
            if (use_zc && x == 0.0) {
                zc.T[zs] = T;
                zc.log_i[zs] = log_i;
                if (grad != NULL) {
                    memcpy(zc.g[zs], gi, sizeof gi);
                }
                if (hess != NULL) {
                    memcpy(zc.h[zs], hi, sizeof hi);
                }
            }
        }
        double rx = pm->r + x;
        if (T != last_T) { /* tables grouped by cohort repeat T */
            last_T = T;
            log_aT = log(pm->alpha + T);
            log_bT = log(pm->beta + T);
        }
        bracket b;
        bracket_of(-rx * log_aT - pm->s * log_bT, pm->log_s + log_i, &b);
        ll += w * (lg_r + b.log_sum);
        total += w;
        if (grad != NULL) {
            double w1 = 1.0 - b.w2;
            double w2 = b.w2;
            double iaT = 1.0 / (pm->alpha + T);
            double ibT = 1.0 / (pm->beta + T);
            /* Gradients of ln E1 and of ln(s I). */
            double ga[4] = {-log_aT, -rx * iaT, -log_bT, -pm->s * ibT};
            double gb[4] = {gi[0], gi[1], 1.0 / pm->s + gi[2], gi[3]};
            gs[0] += w * (dg_r + w1 * ga[0] + w2 * gb[0]);
            gs[1] += w * (w1 * ga[1] + w2 * gb[1]);
            gs[2] += w * (w1 * ga[2] + w2 * gb[2]);
            gs[3] += w * (w1 * ga[3] + w2 * gb[3]);
            if (hess != NULL) {
                /* ln(E1 + s I) = ln(e^a + e^b): w1 H_a + w2 H_b + w1 w2 (g_a - g_b)(g_a - g_b)',
                 * with H_a zero but (r, alpha) -1/(alpha+T), (alpha, alpha) (r+x)/(alpha+T)^2,
                 * (s, beta) -1/(beta+T), (beta, beta) s/(beta+T)^2, and H_b = H_I - 1/s^2 in
                 * (s, s); plus psi'(r+x) - psi'(r) in (r, r). */
                double ww = w1 * w2;
                double dd[4];
                for (int k = 0; k < 4; k++) {
                    dd[k] = ga[k] - gb[k];
                }
                for (int r = 0; r < 4; r++) {
                    for (int c = r; c < 4; c++) {
                        hs[4 * r + c] += w * (w2 * hi[4 * r + c] + ww * dd[r] * dd[c]);
                    }
                }
                hs[0] += w * tg_r;
                hs[1] -= w * w1 * iaT;
                hs[5] += w * w1 * rx * iaT * iaT;
                hs[10] -= w * w2 / (pm->s * pm->s);
                hs[11] -= w * w1 * ibT;
                hs[15] += w * w1 * pm->s * ibT * ibT;
            }
        }
    }
    /* r ln alpha + s ln beta, the same for every row. */
    ll += total * (pm->r * pm->log_alpha + pm->s * pm->log_beta);
    if (grad != NULL) {
        grad[0] = gs[0] + total * pm->log_alpha;
        grad[1] = gs[1] + total * pm->r / pm->alpha;
        grad[2] = gs[2] + total * pm->log_beta;
        grad[3] = gs[3] + total * pm->s / pm->beta;
    }
    if (hess != NULL) {
        hs[1] += total / pm->alpha;
        hs[5] -= total * pm->r / (pm->alpha * pm->alpha);
        hs[11] += total / pm->beta;
        hs[15] -= total * pm->s / (pm->beta * pm->beta);
        for (int r = 0; r < 4; r++) {
            for (int c = r; c < 4; c++) {
                hess[4 * r + c] = hess[4 * c + r] = hs[4 * r + c];
            }
        }
    }
    *ll_out = ll;
    return 0;
}

/* ---- predictions -------------------------------------------------------------------------- */

/* Per-call state of the scoring loops: cond_expected's factor along a run of equal T, and
 * the series' tables (series_tab), or null. */
typedef struct t_logs {
    double k_T, k_t, k; /* cond_expected's (beta+T) k(T, t) / (alpha+T) at (k_T, k_t) */
    const series_tab *tab;
} t_logs;

static void t_logs_init(t_logs *tl) {
    tl->k_T = tl->k_t = NAN; /* equal to no T */
    tl->k = 0.0;
    tl->tab = NULL;
}

/* Below this P(alive) (e^-690, 3e-300) the predictions that multiply it take it as a log:
 * 1/(1 + e^lo) is 0 once e^lo overflows (P(alive) < 1e-308), while a conditional expectation
 * or DERT, P(alive) times up to ~1e14, can still be a normal double. */
#define LOG_ODDS_SMALL_P 690.0

/* -ln(1 + e^lo), the log of P(alive) from the log odds of being dead, without overflow. */
static double log_p_from_odds(double lo) {
    return (lo > 0.0) ? -(lo + log1p(exp(-lo))) : -log1p(exp(lo));
}

/*
 * The log odds of being dead, ln(s I / E1), by the series of series_log_integral() over
 * [t_x, T] in one pass with the fewest logarithms: with la = ln(1 + (T-t_x)/(alpha+t_x)) and
 * lb = ln(1 + (T-t_x)/(beta+t_x)),
 *   ln(s I / E1) = ln s + ln S + q ln(1 - z) + (r+x) la + s lb,
 * (q = s when alpha >= beta, r + x otherwise; I = A^-m S as in series_log_integral(); the
 * powers of alpha + t_x and beta + t_x cancel in closed form), ln rho = -la or -lb, and
 * ln(1 - z) the same for every row with t_x = 0 (kept in the table). Returns 0 and *lo, or
 * nonzero where the series does not apply (z > SERIES_MAX_Z, too many terms): the caller then
 * takes the general path. T > t_x.
 */
static int series_log_odds(const pmodel *pm, const t_logs *tl, double x, double t_x, double T,
                           double *lo) {
    int alpha_big = pm->alpha >= pm->beta;
    double c0 = alpha_big ? pm->alpha : pm->beta;
    double other = alpha_big ? pm->beta : pm->alpha;
    double A = c0 + t_x;
    double z = (c0 - other) / A;
    double qz = alpha_big ? pm->s + 1.0 : pm->r + x;
    if (z > SERIES_MAX_Z || qz * z / (1.0 - z) > SERIES_MAX_PEAK) {
        return 1;
    }
    double gap = T - t_x;
    double la = log1p(gap / (pm->alpha + t_x));
    double lb = log1p(gap / (pm->beta + t_x));
    double log_rho = -(alpha_big ? la : lb);
    double m = pm->r + pm->s + x;
    double B = c0 + T;
    double one_minus_rho = gap / B;
    double rho = A / B;
    double w = -expm1(m * log_rho); /* 1 - rho^(m+n) */
    double rs = pm->r + pm->s;
    const series_tab *all = (tl != NULL) ? tl->tab : NULL;
    const series_tab *tab = series_tab_for(all, x);
    int xi = (tab != NULL) ? (int)x : 0;
    double coef = 1.0, S = 0.0;
    int n;
    for (n = 0; n < SERIES_MAX_TERMS; n++) {
        double im = tab ? tab->inv_m[xi + n] : 1.0 / (rs + (x + n));
        double t = coef * (w * im);
        S += t;
        double qn = alpha_big ? qz + n : (tab ? tab->r_k[xi + n] : pm->r + (x + n));
        double up = qn * (tab ? tab->inv_n1[n] : 1.0 / (n + 1.0));
        if (n > 0 && t <= SERIES_EPS * S && up * z < 1.0) {
            break;
        }
        coef = (coef * up) * z;
        w = one_minus_rho + rho * w;
    }
    if (n == SERIES_MAX_TERMS || !(S > 0.0)) {
        return 1;
    }
    double l1z = (t_x == 0.0 && all != NULL) ? all->l1z0 : log1p(-z);
    double q = alpha_big ? pm->s : pm->r + x;
    *lo = pm->log_s + log(S) + q * l1z + (pm->r + x) * la + pm->s * lb;
    return 0;
}

/* P(alive) = E1 / (E1 + s I) (note 008, eq. 18 divided through). Nonzero if I fails. tl may
 * be null. With log_odds not null, also ln((1 - P)/P), the log odds of being dead (-inf when
 * P = 1). */
static int p_alive_odds(const pmodel *pm, double x, double t_x, double T, t_logs *tl, double *p,
                        double *log_odds) {
    double lo;
    if (!(T > t_x)) {
        *p = 1.0; /* t_x = T: no time to have died unseen */
        if (log_odds != NULL) {
            *log_odds = -INFINITY;
        }
        return 0;
    }
    if (series_log_odds(pm, tl, x, t_x, T, &lo) != 0) {
        double rel;
        if (log_integral_rel(pm, x, t_x, T, &rel) != 0) {
            return 1;
        }
        /* ln s I / E1 = ln s + rel + ln f(t_x) - ln E1, E1 = (alpha+T)^-(r+x) (beta+T)^-s,
         * with ln f(t_x) - ln E1 = (r+x) log1p((T-t_x)/(alpha+t_x)) + s log1p((T-t_x)/(beta+t_x))
         * - ln(beta+t_x): no difference of two huge logs. */
        double gap = T - t_x;
        lo = pm->log_s + rel + (pm->r + x) * log1p(gap / (pm->alpha + t_x)) +
             pm->s * log1p(gap / (pm->beta + t_x)) - log(pm->beta + t_x);
    }
    if (isnan(lo)) {
        return 1; /* both terms overflow: parameters near DBL_MAX */
    }
    /* e^-lo / (1 + e^-lo) where e^lo would overflow: the subnormal P(alive) of 1e-308..5e-324
     * rather than 0. */
    *p = (lo > LOG_ODDS_SMALL_P) ? exp(log_p_from_odds(lo)) : 1.0 / (1.0 + exp(lo));
    if (log_odds != NULL) {
        *log_odds = lo;
    }
    return 0;
}

static int p_alive(const pmodel *pm, double x, double t_x, double T, t_logs *tl, double *p) {
    return p_alive_odds(pm, x, t_x, T, tl, p, NULL);
}

/* (1 - e^(-y L)) / y, and L at y = 0: the integral of e^(-y u) over [0, L]. */
static double expm1_ratio(double y, double L) {
    double yl = y * L;
    if (fabs(yl) < 1e-10) {
        return L * (1.0 - 0.5 * yl);
    }
    return -expm1(-yl) / y;
}

/* E[X(t) | x, t_x, T] = (r+x)(beta+T)/((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
 * P(alive) (Schmittlein et al. 1987, eq. 22; note 008 eq. 22), regular at s = 1. */
static double cond_given_alive(const pmodel *pm, double x, double T, double t, double pa) {
    double bT = pm->beta + T;
    double k = expm1_ratio(pm->s - 1.0, log1p(t / bT));
    /* (beta+T) k first: each factor can be far outside the double range while their product
     * is not (beta = 1e-300 with s ~ 0: 1e-300 x 1e298; (r/alpha) beta underflowed to 0) */
    return (pm->r + x) / (pm->alpha + T) * (bT * k) * pa;
}

/* cond_given_alive() for a P(alive) below e^-LOG_ODDS_SMALL_P, given as its log odds: the
 * product in logs, so that it does not underflow through P(alive) alone. */
static double cond_given_alive_log(const pmodel *pm, double x, double T, double t, double lo) {
    double bT = pm->beta + T;
    double k = expm1_ratio(pm->s - 1.0, log1p(t / bT));
    return exp(log(pm->r + x) - log(pm->alpha + T) + log(bT) + log(k) + log_p_from_odds(lo));
}

static int cond_expected(const pmodel *pm, double x, double t_x, double T, double t,
                         t_logs *tl, double *e) {
    double pa, lo;
    if (p_alive_odds(pm, x, t_x, T, tl, &pa, &lo) != 0) {
        return 1;
    }
    if (lo > LOG_ODDS_SMALL_P) {
        *e = cond_given_alive_log(pm, x, T, t, lo);
        return 0;
    }
    if (tl == NULL) {
        *e = cond_given_alive(pm, x, T, t, pa);
        return 0;
    }
    /* The factor of (r + x) P(alive) depends on T and t alone: kept along a run of equal T.
     * cond_given_alive()'s products in its order, so the same doubles. */
    if (tl->k_T != T || tl->k_t != t) {
        double bT = pm->beta + T;
        tl->k_T = T;
        tl->k_t = t;
        tl->k = expm1_ratio(pm->s - 1.0, log1p(t / bT));
    }
    *e = (pm->r + x) / (pm->alpha + T) * ((pm->beta + T) * tl->k) * pa;
    return 0;
}

/*
 * P(X(t) = n) for a new customer: alive through t, n purchases of a Poisson(lambda t); or dead
 * at tau < t after n purchases in (0, tau]. Integrating over lambda and mu (note 008, section
 * on P(X(t) = x), where the second part is written with 2F1 differences):
 *   P = NB(n; r, alpha/(alpha+t)) (beta/(beta+t))^s
 *     + (s/beta) int_0^t NB(n; r, alpha/(alpha+tau)) (1 + tau/beta)^-(s+1) dtau,
 * NB(n; r, p) = Gamma(r+n)/(Gamma(r) n!) p^r (1-p)^n the negative binomial probability
 * (Gamma(r+n)/(Gamma(r) n!) alpha^r s beta^s tau^n (alpha+tau)^-(r+n) (beta+tau)^-(s+1), the
 * note's integrand, regrouped), with the integral evaluated numerically (positive integrand:
 * no cancellation), split at the integrand's single maximum, the positive root of
 *   (r+s+1) tau^2 - (n alpha - r beta - (s+1) alpha) tau - n alpha beta = 0.
 *
 * NB in the saddle-point form of Loader (2000, "Fast and accurate computation of binomial
 * probabilities"), with N = r + n, p N and q N the expected successes and failures:
 *   ln NB = -bd0(r, p N) - bd0(n, q N) + ln(r/(2 pi N n))/2 + se(N) - se(r) - se(n),
 * bd0(x, m) = x ln(x/m) + m - x >= 0 and se(z) = ln Gamma(z+1) - (z+1/2) ln z + z - ln(2 pi)/2
 * Stirling's error. Its terms are of the size of the result's log, not of ln Gamma(r + n) (up
 * to ~1e9 for the counts a long horizon reaches), whose rounding alone would be 1e-7 of the
 * probability. Below DIRECT_MAX (r + n + s) the logs of the note's integrand,
 * n ln tau - (r+n) ln(alpha+tau) - (s+1) ln(beta+tau), are at most ~2e4 in size, their
 * rounding under 3e-12 of the result, and they cost half as much: used there.
 */
#define DIRECT_MAX 500.0
#define PROB_ROUNDING 1e-9 /* how far above 1 rounding may take a computed probability */
#define HALF_LN_2PI 0.918938533204672741780329736405617640 /* ln(2 pi)/2 */

/* Stirling's error se(z) for z > 0: directly below 15, else its asymptotic series (DLMF
 * 5.11.1; the first omitted term is below 3e-18 at z = 15). */
static double stirling_error(double z) {
    if (z < 15.0) {
        return clv__lgamma(z + 1.0) - (z + 0.5) * log(z) + z - HALF_LN_2PI;
    }
    double w = 1.0 / (z * z);
    return (1.0 / 12.0 -
            w * (1.0 / 360.0 -
                 w * (1.0 / 1260.0 -
                      w * (1.0 / 1680.0 - w * (1.0 / 1188.0 - w * (691.0 / 360360.0 -
                                                                   w * (1.0 / 156.0))))))) /
           z;
}

/* bd0(x, m) = x ln(x/m) + m - x for x >= 0, m = x + d > 0, to its own relative accuracy,
 * from the difference d = m - x itself: near x = m by the series 2x sum_j v^(2j+1)/(2j+1)
 * - (x-m) v, v = (x-m)/(x+m) (Loader 2000), whose terms fall by v^2 < 1/121 each (at most 9
 * terms). Given d as well as m: when x and m are huge and close (r = 1e300 buying n = 1),
 * m = p (r + n) rounds to x and the bd0 of the two doubles is 0 where the true value is
 * ~ d^2/(2x) (P(X(t) = 1) came out 4 times too small at r = 1e300, alpha = 1, s = 1e8,
 * beta = 1e-300). */
static double bd0_diff(double x, double m, double d) {
    if (x == 0.0) {
        return m;
    }
    if (fabs(d) < 0.2 * (x + 0.5 * d)) { /* |v| < 0.1; halves, so x = DBL_MAX stays finite */
        double v = -0.5 * d / (x + 0.5 * d);
        double sum = -d * v;
        double ej = x * (2.0 * v);
        double v2 = v * v;
        for (int j = 1; j < 40; j++) {
            ej *= v2;
            double next = sum + ej / (2 * j + 1);
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return sum;
    }
    return x * log(x / m) + m - x; /* m far from x: m itself, not x + d (n + d for a tiny
                                     * q N lost the digits of q N) */
}

/* ln(1 + t/a) for t >= 0, a > 0, also where t/a overflows (a = 5e-324: r ln(1 + t/alpha)
 * was r times infinity, -inf, and P(X(t) = 0) came out 0 at r = alpha = 5e-324 where it is
 * ~1); beyond 1e300 the log1p(a/t) it leaves out is below 1e-300. */
static double log1p_ratio(double t, double a) {
    double q = t / a;
    return (q <= 1e300) ? log1p(q) : log(t) - log(a);
}

typedef struct pn_ctx {
    const pmodel *pm;
    double n, scale;
    int direct;      /* the note's integrand (see DIRECT_MAX) */
    double nb_const; /* ln(r/(2 pi N n))/2 + se(N) - se(r) - se(n), N = r + n */
} pn_ctx;

static void pn_ctx_init(pn_ctx *c, const pmodel *pm, double n) {
    c->pm = pm;
    c->n = n;
    c->scale = 0.0;
    c->direct = (pm->r + n + pm->s <= DIRECT_MAX);
    double N = pm->r + n;
    c->nb_const = (n > 0.0 && !c->direct) ? 0.5 * (log(pm->r) - log(N) - log(n)) - HALF_LN_2PI +
                                                stirling_error(N) - stirling_error(pm->r) -
                                                stirling_error(n)
                                          : 0.0;
}

/* ln NB(n; r, alpha/(alpha+tau)). */
static double log_nb_at(const pn_ctx *c, double tau) {
    const pmodel *pm = c->pm;
    if (c->n == 0.0) {
        return -pm->r * log1p_ratio(tau, pm->alpha); /* p^r */
    }
    /* bd0(r, p N) + bd0(n, q N), N = r + n, through d = p N - r = n - q N = n p - r q, which
     * keeps its digits when r + n rounds to r. */
    double p = pm->alpha / (pm->alpha + tau), q = tau / (pm->alpha + tau);
    double N = pm->r + c->n;
    double d = c->n * p - pm->r * q;
    return c->nb_const - bd0_diff(pm->r, p * N, d) - bd0_diff(c->n, q * N, -d);
}

/* The log of the integrand: NB(n; r, alpha/(alpha+tau)) (1 + tau/beta)^-(s+1), or when
 * direct tau^n (alpha+tau)^-(r+n) (beta+tau)^-(s+1) (the two differ by a constant factor). */
static double log_pn_integrand(const pn_ctx *c, double tau) {
    const pmodel *pm = c->pm;
    if (c->direct) {
        double lt = (c->n > 0.0) ? c->n * log(tau) : 0.0;
        return lt - (pm->r + c->n) * log(pm->alpha + tau) - (pm->s + 1.0) * log(pm->beta + tau);
    }
    if (c->n > 0.0 && tau == 0.0) {
        return -INFINITY;
    }
    return log_nb_at(c, tau) - (pm->s + 1.0) * log1p_ratio(tau, pm->beta);
}

static void pn_integrand(const void *vctx, double tau, double *out) {
    const pn_ctx *c = vctx;
    out[0] = exp(log_pn_integrand(c, tau) - c->scale);
}

/* The integrand in u = ln(tau / base): f(base e^u) e^u (times base, applied by the caller). */
typedef struct pn_log_ctx {
    const pn_ctx *c;
    double base;
} pn_log_ctx;

static void pn_integrand_log(const void *vctx, double u, double *out) {
    const pn_log_ctx *l = vctx;
    /* base e^u overflows in its factor past u ~ 709 (from = 1e-308 to t = 1e300): there in
     * logs (ln tau then ~ ln t, to ~1e-13 of itself; a node moved that little) */
    double tau = (u < 700.0) ? l->base * exp(u) : exp(log(l->base) + u);
    out[0] = exp(log_pn_integrand(l->c, tau) - l->c->scale + u);
}

/* The integral of the scaled integrand over [from, t], from > 0, in u = ln(tau / from), pieces
 * growing outward from w0 (in u): a long range of tau (r = 1e-8, alpha = 1e-150, s = 100,
 * beta = 1e-8 put the peak at 1e-142 and the mass near 1e-8: pieces growing by 4 in tau took
 * ~230 pieces, 10-40 ms a call) is a few pieces in u, where each factor (c + tau)^-k of the
 * integrand bends once, near u = ln(c / from). Returns the error as clv__quad_outward_sum(). */
static double pn_right_log(const pn_ctx *c, double from, double t, double w0, double *j) {
    pn_log_ctx l = {c, from};
    double ratio = t / from;
    double len = isfinite(ratio) ? log(ratio) : log(t) - log(from);
    double v;
    double e = clv__quad_outward_sum(pn_integrand_log, &l, 1, 0.0, len, fmin(w0, len), QUAD_TOL, &v);
    *j = from * v;
    return e;
}

static int prob_purchases(const pmodel *pm, double t, double n, double *p) {
    if (t == 0.0) {
        *p = (n == 0.0) ? 1.0 : 0.0;
        return 0;
    }
    pn_ctx c;
    pn_ctx_init(&c, pm, n);
    double log_nb = c.direct ? clv__lgamma_ratio(pm->r, n) - clv__lgamma(n + 1.0) : 0.0;
    double alive = c.direct ? log_nb - pm->r * log1p_ratio(t, pm->alpha) +
                                  ((n > 0.0) ? -n * log1p_ratio(pm->alpha, t) : 0.0) -
                                  pm->s * log1p_ratio(t, pm->beta)
                            : log_nb_at(&c, t) - pm->s * log1p_ratio(t, pm->beta);
    /* The maximum of the integrand over [0, t]: half the linear coefficient through hypot(),
     * so that no square overflows (alpha = 1e300 with n = 40). */
    double peak = 0.0;
    if (n > 0.0) {
        double a2 = pm->r + pm->s + 1.0;
        double hb = 0.5 * (n * pm->alpha - pm->r * pm->beta - (pm->s + 1.0) * pm->alpha);
        double c2 = n * pm->alpha * pm->beta;
        double disc = hypot(hb, sqrt(a2) * sqrt(c2));
        peak = (hb >= 0.0) ? (hb + disc) / a2 : c2 / (disc - hb);
        peak = fmin(peak, t);
    }
    c.scale = log_pn_integrand(&c, peak);
    /* Width of the integrand around its maximum: 1/sqrt(-phi'') at an interior maximum of
     * phi = ln integrand, 1/|phi'| at an end, so the pieces start at the right scale; in
     * units of the peak (phi'' peak^2, phi' peak), so that nothing under- or overflows at a
     * peak near 1e-308. */
    double width;
    if (peak > 0.0) {
        double ap = peak / (pm->alpha + peak), bp = peak / (pm->beta + peak);
        double d1p = n - (pm->r + n) * ap - (pm->s + 1.0) * bp;
        double d2p = -n + (pm->r + n) * ap * ap + (pm->s + 1.0) * bp * bp;
        width = (peak < t && d2p < 0.0) ? peak / sqrt(-d2p) : peak / fabs(d1p);
    } else {
        /* at 0 the decay rate r/alpha + (s+1)/beta, its largest: f falls by at most e over
         * the first width */
        width = 1.0 / (pm->r / pm->alpha + (pm->s + 1.0) / pm->beta);
        if (!(width > 0.0)) {
            width = fmin(pm->alpha / pm->r, pm->beta / (pm->s + 1.0));
        }
    }
    if (!(width > 0.0) || !isfinite(width)) {
        width = t;
    }
    double j1 = 0.0, j2 = 0.0, j0 = 0.0;
    double e1 = 0.0, e2 = 0.0, e0 = 0.0;
    /* The error of each side relative to its sum: pieces far from the peak hold a negligible
     * part of J and are not asked to be accurate to QUAD_ACCEPT of themselves (with t in the
     * 1e5s they used to fail the whole call with CLV_ERANGE, for probabilities like 0.025).
     * Left of the peak in tau (at most ln(peak/width)/ln 4 pieces); right of it in ln tau
     * (pn_right_log), after a first piece [0, width] when the peak is at 0. */
    if (peak > 0.0) {
        e1 = clv__quad_outward_sum(pn_integrand, &c, 1, peak, 0.0, width, QUAD_TOL, &j1);
        if (peak < t) {
            e2 = pn_right_log(&c, peak, t, width / peak, &j2);
        }
    } else {
        double w = fmin(width, t);
        e0 = clv__quad_outward_sum(pn_integrand, &c, 1, 0.0, w, w, QUAD_TOL, &j0);
        if (w < t) {
            e2 = pn_right_log(&c, w, t, 1.0, &j2);
        }
    }
    if (!(e0 <= QUAD_ACCEPT) || !(e1 <= QUAD_ACCEPT) || !(e2 <= QUAD_ACCEPT)) {
        return 1;
    }
    j1 += j0;
    /* ln of the constant factor: Gamma(r+n)/(Gamma(r) n!) alpha^r s beta^s when direct, s/beta
     * otherwise. */
    double dead = (c.direct ? log_nb + pm->r * pm->log_alpha + pm->log_s + pm->s * pm->log_beta
                            : pm->log_s - pm->log_beta) +
                  c.scale + log(j1 + j2);
    double prob = exp(alive) + exp(dead);
    /* Above 1 by more than rounding is no probability: an error, never clamped to 1 (alpha =
     * DBL_MAX, r = beta = 1e-300 gave 1 for every n). */
    if (isnan(prob) || prob > 1.0 + PROB_ROUNDING) {
        return 1;
    }
    *p = fmin(fmax(prob, 0.0), 1.0);
    return 0;
}

/*
 * P(X(T, T + t) = n | x, t_x, T) (Fader & Hardie 2006, "Deriving the conditional PMF of the
 * Pareto/NBD model"): a customer alive at T has the independent posteriors
 * lambda ~ Gamma(r + x, alpha + T) and mu ~ Gamma(s, beta + T) (note 008, section 4), and by
 * the memorylessness of the exponential lifetime the next t is a new customer's first t at
 * those parameters; a customer dead at T makes no purchase. So
 *   P = P(alive) P_new(n; r + x, alpha + T, s, beta + T) + [n = 0] (1 - P(alive)),
 * P_new prob_purchases() above (FH 2006's eq. for the alive part, with J integrated
 * numerically rather than through its 2F1 differences). 1 - P(alive) from the log odds, so that
 * it keeps its digits when P(alive) is near 1. Nonzero when a part cannot be evaluated.
 */
static int prob_purchases_cond(const pmodel *pm, clv__row_cache *c, double x, double t_x,
                               double T, double t, double n, double *p) {
    double pa, lo;
    if (p_alive_odds(pm, x, t_x, T, NULL, &pa, &lo) != 0) {
        return 1;
    }
    double dead = (lo == -INFINITY) ? 0.0 : 1.0 / (1.0 + exp(-lo));
    double alive_part = 0.0;
    if (pa > 0.0) {
        /* The part given alive depends on (x, T) alone: kept in the rows' cache, if any. */
        double pn;
        if (!clv__row_cache_get(c, x, T, &pn)) {
            const double post[4] = {pm->r + x, pm->alpha + T, pm->s, pm->beta + T};
            pmodel q;
            pmodel_from(&q, post);
            if (prob_purchases(&q, t, n, &pn) != 0) {
                return 1;
            }
            clv__row_cache_put(c, x, T, pn);
        }
        alive_part = pa * pn;
    }
    double v = alive_part + ((n == 0.0) ? dead : 0.0);
    if (isnan(v) || v > 1.0 + PROB_ROUNDING) {
        return 1;
    }
    *p = fmin(fmax(v, 0.0), 1.0);
    return 0;
}

/*
 * DERT at continuous discount rate delta (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2):
 *   DERT = alpha^r beta^s delta^(s-1) Gamma(r+x+1) U(s, s; delta(beta+T))
 *          / (Gamma(r) (alpha+T)^(r+x+1) L),
 * U Tricomi's confluent hypergeometric function. Dividing through by L's constant,
 *   DERT = delta^(s-1) (r+x)/(alpha+T) (beta+T)^s U(s, s; delta(beta+T)) P(alive),
 * with U(s, s; y) = e^y Gamma(1-s, y) (A&S 13.6.28 in the form of DLMF 13.6.6).
 */
static int dert(const pmodel *pm, clv__row_cache *c, double x, double t_x, double T,
                double delta, double *out) {
    double pa, lo;
    if (p_alive_odds(pm, x, t_x, T, NULL, &pa, &lo) != 0) {
        return 1;
    }
    double bT = pm->beta + T;
    double y = delta * bT;
    /* U(s, s; y) = e^y Gamma(1-s, y) = y^(1-s) R(1-s, y), R = e^y y^(s-1) Gamma(1-s, y) the
     * scaled function of math/special.h, so delta^(s-1) (beta+T)^s U = (beta+T) R exactly:
     * the powers cancel in closed form (as logs of size s ln y they cancelled in doubles and
     * gave DERT = 1 for ~1e-330 at s = 1e30, beta = 1e-300). ln R depends on T alone (one
     * delta per call): kept in the rows' cache, if any. */
    double log_r;
    if (!clv__row_cache_get(c, T, 0.0, &log_r)) {
        log_r = log(clv__upper_gamma_scaled(1.0 - pm->s, y));
        clv__row_cache_put(c, T, 0.0, log_r);
    }
    double log_v = log(pm->r + x) - log(pm->alpha + T) + log(bT) + log_r;
    /* P(alive) in logs: DERT is up to ~1e14 times it (see LOG_ODDS_SMALL_P). */
    *out = (lo > LOG_ODDS_SMALL_P) ? exp(log_v + log_p_from_odds(lo)) : exp(log_v) * pa;
    return 0;
}

/* ---- checked entry points ----------------------------------------------------------------- */

static int check_customer(const clv_pnbd_params *params, double x, double t_x, double T,
                          const void *out, double *theta) {
    int st;
    if (params == NULL || out == NULL) {
        return CLV_EINVAL;
    }
    theta_of(params, theta);
    if ((st = clv__check_params(theta, 4)) != CLV_OK ||
        (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

int clv_pnbd_loglik(const clv_pnbd_params *params, const clv_rfm_view *data, double *loglik,
                    double *gradient) {
    int st;
    double theta[4];
    if (params == NULL || data == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    theta_of(params, theta);
    if ((st = clv__check_params(theta, 4)) != CLV_OK ||
        (st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    pmodel m;
    pmodel_from(&m, theta);
    double ll;
    double g[4];
    if (loglik_sum(&m, data, &ll, g, NULL) != 0) {
        return CLV_ERANGE;
    }
    return clv__loglik_out(ll, g, 4, loglik, gradient);
}

int clv__pnbd_loglik_hessian(const double *theta, const clv_rfm_view *d, double *loglik,
                             double *gradient, double *hessian) {
    pmodel m;
    pmodel_from(&m, theta);
    double ll, g[4], h[16];
    if (loglik_sum(&m, d, &ll, g, h) != 0) {
        return CLV_ERANGE;
    }
    *loglik = ll;
    memcpy(gradient, g, sizeof g);
    memcpy(hessian, h, sizeof h);
    return CLV_OK;
}

int clv__pnbd_log_integral(const double *theta, double x, double t_x, double T,
                           int with_gradient, double *log_i) {
    pmodel m;
    pmodel_from(&m, theta);
    double g[4];
    if (log_integral(&m, x, t_x, T, NULL, log_i, with_gradient ? g : NULL, NULL) != 0) {
        return CLV_ERANGE;
    }
    return CLV_OK;
}

/* The fit's evaluation, with the Hessian (Newton's method, see fit.h): the table was
 * validated once, before the first point. */
static double fit_part(const void *m, const clv_rfm_view *rows, double *g, double *h) {
    double ll;
    return (loglik_sum((const pmodel *)m, rows, &ll, g, h) != 0) ? NAN : ll;
}

/* The fit's evaluation, in chunks of rows that consult the progress callback (fit.h); a row
 * is ~4 units of work (its integral and derivatives). */
static int fit_eval(const void *ctx, const double *theta, double *loglik, double *gradient,
                    double *hessian, clv__ticker *tick) {
    pmodel m;
    pmodel_from(&m, theta);
    double ll;
    if (clv__sum_rows((const clv_rfm_view *)ctx, 4, fit_part, &m, 4, tick, &ll, gradient,
                      hessian) != CLV_OK) {
        return CLV_ECANCELED;
    }
    *loglik = isfinite(ll) ? ll : -INFINITY;
    return CLV_OK;
}

/*
 * The start of a big fit (issue 20). From the default start (all 1) Newton's first steps on
 * CDNOW-like data pass through alpha >> beta, where z is near 1 and every row's integral goes
 * to quadrature (a few us a row), and take ~10 evaluations of the whole table. A table of more
 * than PREFIT_MIN_ROWS rows is therefore first fitted on PREFIT_BLOCKS blocks of PREFIT_BLOCK
 * consecutive rows spread evenly over it (no copy, no allocation); its estimate, near the
 * whole table's for any table whose blocks are like the rest, is the start of the fit of the
 * whole table, which then takes ~4-5 evaluations. Only the start changes: the estimate is
 * the same maximum (to the fit's tolerance). A caller's own start (use_start) is kept, and a
 * pre-fit that fails or is far off costs only its own small evaluations.
 */
#define PREFIT_MIN_ROWS 65536
#define PREFIT_BLOCKS 16
#define PREFIT_BLOCK 1024

typedef struct prefit_plan {
    const clv_rfm_view *rows;
    size_t stride;
} prefit_plan;

static int prefit_eval(const void *ctx, const double *theta, double *loglik, double *gradient,
                       double *hessian, clv__ticker *tick) {
    const prefit_plan *pl = ctx;
    const clv_rfm_view *d = pl->rows;
    double ll = 0.0;
    double g[4] = {0.0, 0.0, 0.0, 0.0}, h[16] = {0.0};
    for (size_t b = 0; b < PREFIT_BLOCKS; b++) {
        size_t at = b * pl->stride;
        clv_rfm_view blk = {PREFIT_BLOCK,
                            d->x + at,
                            d->t_x + at,
                            d->T + at,
                            NULL,
                            (d->weight != NULL) ? d->weight + at : NULL};
        double lb, gb[4], hb[16];
        int st = fit_eval(&blk, theta, &lb, gb, hessian != NULL ? hb : NULL, tick);
        if (st != CLV_OK) {
            return st;
        }
        ll += lb;
        for (int k = 0; k < 4; k++) {
            g[k] += gb[k];
        }
        if (hessian != NULL) {
            for (int k = 0; k < 16; k++) {
                h[k] += hb[k];
            }
        }
    }
    *loglik = ll;
    memcpy(gradient, g, sizeof g);
    if (hessian != NULL) {
        memcpy(hessian, h, sizeof h);
    }
    return CLV_OK;
}

/* Options for the whole fit starting from the pre-fit's estimate, in *local; returns the
 * options to use (the caller's, untouched, when there is no pre-fit); *cancelled 1 (and theta
 * the pre-fit's best point) when the caller cancelled during the pre-fit. */
static const clv_fit_options *prefit_start(const clv_rfm_view *rows,
                                           const clv_fit_options *options,
                                           clv_fit_options *local, double *theta,
                                           int *cancelled) {
    *cancelled = 0;
    if (rows->count <= PREFIT_MIN_ROWS) {
        return options;
    }
    if (options == NULL) {
        clv_fit_options_init(local);
    } else {
        /* the caller's layout, read as far as its struct_size (every layout has use_start and
         * start); anything fit.c would refuse is passed through for it to say so */
        if (options->struct_size < offsetof(clv_fit_options, alloc) ||
            options->struct_size > sizeof *local || options->use_start != 0) {
            return options;
        }
        memset(local, 0, sizeof *local);
        memcpy(local, options, options->struct_size);
    }
    clv_fit_options pre = *local;
    pre.diag = NULL; /* its failures are not the caller's */
    pre.penalty = 0.0;
    prefit_plan pl = {rows, rows->count / PREFIT_BLOCKS};
    double th[CLV_MAX_PARAMS];
    int st = clv__fit_run_newton(CLV_MODEL_PNBD, &pre, prefit_eval, &pl, th, NULL);
    if (st == CLV_ECANCELED) {
        memcpy(theta, th, 4 * sizeof th[0]);
        *cancelled = 1;
        return options;
    }
    if (st != CLV_OK) {
        return options;
    }
    local->use_start = 1;
    memcpy(local->start, th, 4 * sizeof th[0]);
    return local;
}

int clv_pnbd_fit(const clv_rfm_view *data, const clv_fit_options *options,
                 clv_pnbd_params *params, clv_fit_report *report) {
    int st;
    double theta[CLV_MAX_PARAMS];
    if (data == NULL || params == NULL) {
        return CLV_EINVAL;
    }
    if ((st = clv__fit_check_rows(data, 0, options)) != CLV_OK) {
        return st;
    }
    clv__packed pk = {{0}, NULL};
    const clv_rfm_view *rows = clv__pack_rows(data, 0, options, &pk) ? &pk.view : data;
    clv_fit_options local;
    int cancelled;
    const clv_fit_options *use = prefit_start(rows, options, &local, theta, &cancelled);
    st = cancelled ? CLV_ECANCELED
                   : clv__fit_run_newton(CLV_MODEL_PNBD, use, fit_eval, rows, theta, report);
    clv__unpack(options, &pk);
    if (st == CLV_OK || st == CLV_ENOCONV || st == CLV_ECANCELED) {
        params->r = theta[0];
        params->alpha = theta[1];
        params->s = theta[2];
        params->beta = theta[3];
    }
    return st;
}

int clv_pnbd_p_alive(const clv_pnbd_params *params, double x, double t_x, double T, double *p) {
    int st;
    double theta[4];
    if ((st = check_customer(params, x, t_x, T, p, theta)) != CLV_OK) {
        return st;
    }
    pmodel m;
    pmodel_from(&m, theta);
    double v;
    if (p_alive(&m, x, t_x, T, NULL, &v) != 0) {
        return CLV_ERANGE;
    }
    *p = v;
    return CLV_OK;
}

int clv_pnbd_expected_purchases(const clv_pnbd_params *params, double x, double t_x, double T,
                                double t, double *expected) {
    int st;
    double theta[4];
    if ((st = check_customer(params, x, t_x, T, expected, theta)) != CLV_OK ||
        (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    pmodel m;
    pmodel_from(&m, theta);
    double e;
    if (cond_expected(&m, x, t_x, T, t, NULL, &e) != 0 || !isfinite(e)) {
        return CLV_ERANGE;
    }
    *expected = e;
    return CLV_OK;
}

int clv_pnbd_expected_purchases_new(const clv_pnbd_params *params, double t, double *expected) {
    return clv_pnbd_expected_purchases(params, 0.0, 0.0, 0.0, t, expected);
}

int clv_pnbd_prob_purchases(const clv_pnbd_params *params, double t, double n, double *p) {
    int st;
    double theta[4];
    if (params == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    theta_of(params, theta);
    if ((st = clv__check_params(theta, 4)) != CLV_OK || (st = clv__check_nonneg(t)) != CLV_OK ||
        (st = clv__check_nonneg(n)) != CLV_OK) {
        return st;
    }
    if (floor(n) != n) {
        return CLV_EDOM;
    }
    pmodel m;
    pmodel_from(&m, theta);
    double v;
    if (prob_purchases(&m, t, n, &v) != 0) {
        return CLV_ERANGE;
    }
    *p = v;
    return CLV_OK;
}

int clv_pnbd_prob_purchases_cond(const clv_pnbd_params *params, double x, double t_x, double T,
                                 double t, double n, double *p) {
    int st;
    double theta[4];
    if ((st = check_customer(params, x, t_x, T, p, theta)) != CLV_OK ||
        (st = clv__check_nonneg(t)) != CLV_OK || (st = clv__check_nonneg(n)) != CLV_OK) {
        return st;
    }
    if (floor(n) != n) {
        return CLV_EDOM;
    }
    clv__pnbd_prep prep;
    clv__pnbd_prepare(theta, &prep);
    return clv__pnbd_prob_cond_row(&prep, NULL, x, t_x, T, t, n, p);
}

/* The prepared parameters (kernels.h) are the pmodel's fields. */
int clv__pnbd_prepare(const double *theta, clv__pnbd_prep *p) {
    int st;
    if ((st = clv__check_params(theta, 4)) != CLV_OK) {
        return st;
    }
    pmodel m;
    pmodel_from(&m, theta);
    clv__pnbd_prep q = {m.r, m.alpha, m.s, m.beta, m.log_alpha, m.log_beta, m.log_s};
    *p = q;
    return CLV_OK;
}

static pmodel pmodel_of(const clv__pnbd_prep *p) {
    pmodel m = {p->r, p->alpha, p->s, p->beta, p->log_alpha, p->log_beta, p->log_s};
    return m;
}

int clv__pnbd_prob_cond_row(const clv__pnbd_prep *p, clv__row_cache *c, double x, double t_x,
                            double T, double t, double n, double *prob) {
    int st;
    if ((st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    pmodel m = pmodel_of(p);
    double v;
    if (prob_purchases_cond(&m, c, x, t_x, T, t, n, &v) != 0) {
        return CLV_ERANGE;
    }
    *prob = v;
    return CLV_OK;
}

int clv_pnbd_dert(const clv_pnbd_params *params, double x, double t_x, double T, double delta,
                  double *value) {
    int st;
    double theta[4];
    if ((st = check_customer(params, x, t_x, T, value, theta)) != CLV_OK ||
        (st = clv__check_positive(delta)) != CLV_OK) {
        return st;
    }
    clv__pnbd_prep prep;
    clv__pnbd_prepare(theta, &prep);
    return clv__pnbd_dert_row(&prep, NULL, x, t_x, T, delta, value);
}

int clv__pnbd_dert_row(const clv__pnbd_prep *p, clv__row_cache *c, double x, double t_x,
                       double T, double delta, double *value) {
    int st;
    if ((st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    pmodel m = pmodel_of(p);
    double v;
    if (dert(&m, c, x, t_x, T, delta, &v) != 0 || !isfinite(v)) {
        return CLV_ERANGE;
    }
    *value = v;
    return CLV_OK;
}

/* clv_pnbd_loglik() of each row as a one-row table (the same sum, gradient included: its
 * status depends on it), the parameters checked and prepared once. */
void clv__pnbd_loglik_block(const clv__pnbd_prep *p, clv__row_cache *c,
                            const clv_rfm_view *rows, double *out, int32_t *status) {
    pmodel m = pmodel_of(p);
    for (size_t j = 0; j < rows->count && j < CLV__LOGLIK_BLOCK; j++) {
        double x = rows->x[j], t_x = rows->t_x[j], T = rows->T[j];
        if ((status[j] = clv__check_history(x, t_x, T)) != CLV_OK) {
            continue;
        }
        if (x == 0.0 && clv__row_cache_get(c, CLV__ZERO_KEY, T, &out[j])) {
            continue; /* x = 0 (t_x = 0): the same row as before */
        }
        clv_rfm_view one = {1, &x, &t_x, &T, NULL, NULL};
        double ll, g[4];
        status[j] = (loglik_sum(&m, &one, &ll, g, NULL) != 0)
                        ? CLV_ERANGE
                        : clv__loglik_out(ll, g, 4, &out[j], NULL);
        if (x == 0.0 && status[j] == CLV_OK) {
            clv__row_cache_put(c, CLV__ZERO_KEY, T, out[j]);
        }
    }
}

int clv_pnbd_p_alive_array(const clv_pnbd_params *params, const clv_rfm_view *data, double *p) {
    int st;
    double theta[4];
    if (params == NULL || data == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    theta_of(params, theta);
    if ((st = clv__check_params(theta, 4)) != CLV_OK ||
        (st = clv_rfm_check(data, 0, NULL)) != CLV_OK) {
        return st;
    }
    pmodel m;
    pmodel_from(&m, theta);
    /* A customer with x = 0 has t_x = 0: the answer depends on T alone (zero_cache). */
    zero_cache zc;
    zero_cache_init(&zc);
    t_logs tl;
    t_logs_init(&tl);
    series_tab tab;
    series_tab_fill(&tab, &m);
    tl.tab = &tab;
    for (size_t i = 0; i < data->count; i++) {
        double x = data->x[i];
        double T = data->T[i];
        size_t zs = (x == 0.0) ? zero_slot(T, ZERO_CACHE) : 0;
        if (x == 0.0 && zc.T[zs] == T) {
            p[i] = zc.v[zs];
            continue;
        }
        if (p_alive(&m, x, data->t_x[i], T, &tl, &p[i]) != 0) {
            return CLV_ERANGE; /* rows before i are written, the rest untouched (clv.h) */
        }
        if (x == 0.0) {
            zc.T[zs] = T;
            zc.v[zs] = p[i];
        }
    }
    return CLV_OK;
}

int clv_pnbd_expected_purchases_array(const clv_pnbd_params *params, const clv_rfm_view *data,
                                      double t, double *expected) {
    int st;
    double theta[4];
    if (params == NULL || data == NULL || expected == NULL) {
        return CLV_EINVAL;
    }
    theta_of(params, theta);
    if ((st = clv__check_params(theta, 4)) != CLV_OK ||
        (st = clv_rfm_check(data, 0, NULL)) != CLV_OK || (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    pmodel m;
    pmodel_from(&m, theta);
    zero_cache zc; /* as in clv_pnbd_p_alive_array: x = 0 depends on T alone */
    zero_cache_init(&zc);
    t_logs tl;
    t_logs_init(&tl);
    series_tab tab;
    series_tab_fill(&tab, &m);
    tl.tab = &tab;
    for (size_t i = 0; i < data->count; i++) {
        double x = data->x[i];
        double T = data->T[i];
        double e;
        size_t zs = (x == 0.0) ? zero_slot(T, ZERO_CACHE) : 0;
        if (x == 0.0 && zc.T[zs] == T) {
            expected[i] = zc.v[zs];
            continue;
        }
        if (cond_expected(&m, x, data->t_x[i], T, t, &tl, &e) != 0 || !isfinite(e)) {
            return CLV_ERANGE;
        }
        expected[i] = e;
        if (x == 0.0) {
            zc.T[zs] = T;
            zc.v[zs] = e;
        }
    }
    return CLV_OK;
}

int clv__pnbd_expected_curve(const double *theta, double x, double t_x, double T, const double *t,
                             size_t n, double *expected) {
    int st;
    if ((st = clv__check_params(theta, 4)) != CLV_OK ||
        (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        if ((st = clv__check_nonneg(t[i])) != CLV_OK) {
            return st;
        }
    }
    pmodel m;
    pmodel_from(&m, theta);
    double pa, lo;
    if (p_alive_odds(&m, x, t_x, T, NULL, &pa, &lo) != 0) {
        return CLV_ERANGE;
    }
    for (size_t i = 0; i < n; i++) {
        double e = (lo > LOG_ODDS_SMALL_P) ? cond_given_alive_log(&m, x, T, t[i], lo)
                                           : cond_given_alive(&m, x, T, t[i], pa);
        if (!isfinite(e)) {
            return CLV_ERANGE;
        }
        expected[i] = e;
    }
    return CLV_OK;
}

/*
 * clv_customer_value()'s discounted sum for Pareto/NBD, sum_(k<=H) (1+d)^-k (E[X(kP)] -
 * E[X((k-1)P)] | x, t_x, T), in one quadrature whatever H and d: given alive at T, lambda ~
 * Gamma(r+x, alpha+T) and mu ~ Gamma(s, beta+T) independently (Schmittlein et al. 1987; their
 * eq. 22 is E[lambda] P(alive) E[(1 - e^(-mu t))/mu]), so the sum is P(alive) (r+x)/(alpha+T)
 * times the mean over mu of the discounted decay (clv__geo_value_mean(), customer_value.c).
 * The caller checked period, discount and horizon.
 */
int clv__pnbd_value_sum(const double *theta, double x, double t_x, double T, double period,
                        double discount, double horizon, double *sum) {
    int st;
    if ((st = clv__check_params(theta, 4)) != CLV_OK ||
        (st = clv__check_history(x, t_x, T)) != CLV_OK) {
        return st;
    }
    pmodel m;
    pmodel_from(&m, theta);
    double pa, lo;
    if (p_alive_odds(&m, x, t_x, T, NULL, &pa, &lo) != 0) {
        return CLV_ERANGE;
    }
    double mean;
    if ((st = clv__geo_value_mean(CLV__MIX_GAMMA, m.s, m.beta + T, period, discount, horizon,
                                  &mean)) != CLV_OK) {
        return st;
    }
    /* A P(alive) below e^-LOG_ODDS_SMALL_P from its log odds, in logs (as cond_given_alive_log). */
    double v = (lo > LOG_ODDS_SMALL_P)
                   ? ((mean > 0.0) ? exp(log(m.r + x) - log(m.alpha + T) + log_p_from_odds(lo) +
                                         log(mean))
                                   : 0.0)
                   : (m.r + x) / (m.alpha + T) * pa * mean;
    if (!isfinite(v)) {
        return CLV_ERANGE;
    }
    *sum = v;
    return CLV_OK;
}
