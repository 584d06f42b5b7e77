/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * BG/BB (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time noncontractual
 * setting", Marketing Science 29(6) 1086-1108): at each of n discrete opportunities an alive
 * customer transacts with probability p ~ Beta(alpha, beta) and, after each opportunity, dies
 * with probability theta ~ Beta(gamma, delta). Likelihood (eq. 5) with its analytic gradient,
 * fit, P(alive) (eq. 11), conditional expected transactions (eq. 13), E[X(n)] (eq. 7),
 * P(X(n) = x) (eq. 8) and DERT (eq. 14).
 */
#include <math.h>
#include <string.h>

#include "clv.h"
#include "clv/bgbb.h"
#include "clv/curve.h"
#include "clv/fit.h"
#include "clv/kernels.h"
#include "core/diag.h"
#include "core/validate.h"
#include "math/special.h"

#define M_LN2_CLV 0.693147180559945309417232121458176568 /* ln 2 (C11 has no M_LN2) */

/* A customer's history in opportunities: x <= t_x <= n whole, t_x = 0 exactly when x = 0, and
 * n <= CLV_BGBB_MAX_OPPORTUNITIES (1e7: the likelihood's cost no longer grows with n, but the
 * whole numbers must stay far from 2^53 and the sums' arguments exact). */
static int check_history(double x, double t_x, double n) {
    int st;
    if ((st = clv__check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    if (floor(t_x) != t_x || floor(n) != n || x > t_x || (x > 0.0 && t_x == 0.0) ||
        n > CLV_BGBB_MAX_OPPORTUNITIES) {
        return CLV_EDOM;
    }
    return CLV_OK;
}

/* The rows as check_history() reads them; a fit's options may carry a diagnostic record for
 * the first bad row (null otherwise). */
static int check_data_diag(const clv_rfm_view *d, const clv_fit_options *options) {
    int st;
    if ((st = (options != NULL) ? clv__fit_check_rows(d, 0, options) : clv_rfm_check(d, 0, NULL)) !=
        CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < d->count; i++) {
        double x = d->x[i], t_x = d->t_x[i], n = d->T[i];
        if ((st = check_history(x, t_x, n)) != CLV_OK) {
            /* the rows passed clv_rfm_check(): what is left is particular to BG/BB */
            int field = (floor(t_x) != t_x)           ? CLV_FIELD_T_X
                        : (floor(n) != n || x <= t_x) ? CLV_FIELD_T
                                                      : CLV_FIELD_X;
            int rule = (field == CLV_FIELD_X)                    ? CLV_RULE_X_ABOVE_RECENCY
                       : (floor(n) == n && field == CLV_FIELD_T) ? CLV_RULE_ABOVE_MAX
                                                                 : CLV_RULE_NOT_WHOLE;
            double value = (field == CLV_FIELD_X) ? x : (field == CLV_FIELD_T_X) ? t_x : n;
            double limit = (rule == CLV_RULE_X_ABOVE_RECENCY) ? t_x
                           : (rule == CLV_RULE_ABOVE_MAX)     ? CLV_BGBB_MAX_OPPORTUNITIES
                                                              : 0.0;
            return clv__diag_row(clv__fit_diag(options), st, field, rule, i, value, limit);
        }
    }
    return CLV_OK;
}

static int check_data(const clv_rfm_view *d) {
    return check_data_diag(d, NULL);
}

static int check_params(const clv_bgbb_params *p) {
    const double theta[4] = {p->alpha, p->beta, p->gamma, p->delta};
    return clv__check_params(theta, 4);
}

/*
 * One term of the likelihood, B(alpha+x, beta+m)/B(alpha, beta) x B(gamma+g1, delta+k)/
 * B(gamma, delta), as a log, with its gradient in (alpha, beta, gamma, delta) when grad is
 * not null and its Hessian (4 x 4, block-diagonal) when hess is also not null; d_ab/d_gd and
 * t_ab/t_gd carry the digamma and trigamma terms of the denominators.
 */
typedef struct bgbb_base {
    double alpha, beta, gamma, delta;
    double lb_ab, lb_gd;     /* log B(alpha, beta), log B(gamma, delta) */
    double d_ab[2], d_gd[2]; /* gradients of -log B(alpha, beta), -log B(gamma, delta) */
    double t_ab[3], t_gd[3]; /* their Hessians: (11, 12, 22) */
    int wide;                /* parameters where log_term() takes the wide route */
} bgbb_base;

/*
 * Extreme parameters (issue 13). The ratios of Beta functions of the likelihood and the
 * predictions, B(a+x, b+m)/B(a, b) and B(g+g1, d+k)/B(g, d), were differences of log Beta
 * values; at parameters like 1e300 or 5e-324 those logs are of size 1e302 or 745 n and their
 * difference lost every digit (P(X(n) = x) summed to 2 over x with CLV_OK). For x, m whole,
 *   log B(a+x, b+m)/B(a, b) = [lnG(a+x) - lnG(a+b+x) - lnG(a) + lnG(a+b)]
 *                             + [lnG(b+m) - lnG(b+(a+x)+m) - lnG(b) + lnG(b+(a+x))]
 *                           = -D(a, b, x) - D(b, a+x, m),
 * D(y, e, d) = lnG(y+e+d) - lnG(y+d) - lnG(y+e) + lnG(y) >= 0 the second difference of
 * log Gamma (clv__lgamma_ratio2_wide(): to its own relative accuracy at any arguments): two
 * terms of one sign, no cancellation. Outside WIDE_LO..WIDE_HI, or where log B(a, b) or
 * log B(g, d) is large, log_term() takes this route; inside, the log Beta differences (a
 * few lgamma values, accurate there) as before. The predictions only: clv_bgbb_loglik() and
 * the fit keep the log Beta differences everywhere (wide = 0), the likelihood surface the
 * optimizer has always seen. (With the wide route, a fit whose gamma and delta run off to
 * infinity together -- a dropout probability the same for everyone -- kept finding the
 * likelihood rising by 1e-10 of itself an iteration and went on for a minute instead of
 * stopping at its noise floor within 2 s with CLV_EIDENT; tests/test_timebomb_cancel.c.)
 */
#define WIDE_LO 0x1p-20
#define WIDE_HI 0x1p20
#define WIDE_LBETA 0x1p12

static int wide_of(double a, double b, double g, double d, double lb_ab, double lb_gd) {
    return !(fmin(fmin(a, b), fmin(g, d)) >= WIDE_LO && fmax(fmax(a, b), fmax(g, d)) <= WIDE_HI &&
             fabs(lb_ab) <= WIDE_LBETA && fabs(lb_gd) <= WIDE_LBETA);
}

/* log B(a+x, b+m)/B(a, b) + log B(g+g1, d+k)/B(g, d), x, m, g1, k whole >= 0 (above). */
static double log_term_wide(const bgbb_base *b, double x, double m, double g1, double k) {
    return -(clv__lgamma_ratio2_wide(b->alpha, b->beta, x) +
             clv__lgamma_ratio2_wide(b->beta, b->alpha + x, m)) -
           (clv__lgamma_ratio2_wide(b->gamma, b->delta, g1) +
            clv__lgamma_ratio2_wide(b->delta, b->gamma + g1, k));
}

/* u / (u + v) for u, v > 0 finite, also where u + v overflows (1/(1 + v/u)). */
static double share(double u, double v) {
    double s = u + v;
    return isinf(s) ? 1.0 / (1.0 + v / u) : u / s;
}

/* The per-parameter constants; the digamma (trigamma) terms only when gradients (Hessians)
 * will be asked for (predictions never need them). */
static void base_from(bgbb_base *b, const double *theta, int with_gradient, int with_hessian) {
    b->alpha = theta[0];
    b->beta = theta[1];
    b->gamma = theta[2];
    b->delta = theta[3];
    b->lb_ab = clv__lbeta(b->alpha, b->beta);
    b->lb_gd = clv__lbeta(b->gamma, b->delta);
    b->wide = wide_of(b->alpha, b->beta, b->gamma, b->delta, b->lb_ab, b->lb_gd);
    if (!with_gradient) {
        return;
    }
    double s_ab = clv__digamma(b->alpha + b->beta);
    double s_gd = clv__digamma(b->gamma + b->delta);
    b->d_ab[0] = s_ab - clv__digamma(b->alpha);
    b->d_ab[1] = s_ab - clv__digamma(b->beta);
    b->d_gd[0] = s_gd - clv__digamma(b->gamma);
    b->d_gd[1] = s_gd - clv__digamma(b->delta);
    if (!with_hessian) {
        return;
    }
    double u_ab = clv__trigamma(b->alpha + b->beta);
    double u_gd = clv__trigamma(b->gamma + b->delta);
    b->t_ab[0] = u_ab - clv__trigamma(b->alpha);
    b->t_ab[1] = u_ab;
    b->t_ab[2] = u_ab - clv__trigamma(b->beta);
    b->t_gd[0] = u_gd - clv__trigamma(b->gamma);
    b->t_gd[1] = u_gd;
    b->t_gd[2] = u_gd - clv__trigamma(b->delta);
}

/* d2/dp2 log B(p1, q1) = psi'(p1) - psi'(p1+q1), d2/dpdq = -psi'(p1+q1), d2/dq2 = psi'(q1) -
 * psi'(p1+q1); minus those of log B(p, q) (t_ab/t_gd). */
static double log_term(const bgbb_base *b, double x, double m, double g1, double k, double *grad,
                       double *hess) {
    double a1 = b->alpha + x, b1 = b->beta + m, c1 = b->gamma + g1, d1 = b->delta + k;
    double v = b->wide ? log_term_wide(b, x, m, g1, k)
                       : clv__lbeta(a1, b1) - b->lb_ab + clv__lbeta(c1, d1) - b->lb_gd;
    if (grad != NULL) {
        double s1 = clv__digamma(a1 + b1);
        double s2 = clv__digamma(c1 + d1);
        grad[0] = clv__digamma(a1) - s1 + b->d_ab[0];
        grad[1] = clv__digamma(b1) - s1 + b->d_ab[1];
        grad[2] = clv__digamma(c1) - s2 + b->d_gd[0];
        grad[3] = clv__digamma(d1) - s2 + b->d_gd[1];
    }
    if (hess != NULL) {
        double u1 = clv__trigamma(a1 + b1);
        double u2 = clv__trigamma(c1 + d1);
        memset(hess, 0, 16 * sizeof hess[0]);
        hess[0] = clv__trigamma(a1) - u1 + b->t_ab[0];
        hess[1] = hess[4] = -u1 + b->t_ab[1];
        hess[5] = clv__trigamma(b1) - u1 + b->t_ab[2];
        hess[10] = clv__trigamma(c1) - u2 + b->t_gd[0];
        hess[11] = hess[14] = -u2 + b->t_gd[1];
        hess[15] = clv__trigamma(d1) - u2 + b->t_gd[2];
    }
    return v;
}

/*
 * The sum over the death opportunity in bounded work (issue 21).
 *
 * The terms of eq. 5's sum, T_i = B(a+x, bm+i)/B(a,b) B(g+1, dk+i)/B(g,d) with bm = b+t_x-x and
 * dk = d+t_x, are T_0 f(i) with f(i) = (bm)_i (dk)_i / ((ab)_i (gd)_i), ab = bm + (a+x),
 * gd = dk + (g+1): a smooth ratio of gamma functions in i that decays like a power,
 * i^-(a+x+g+1), as slowly as i^-1.01 for small a, g and x = 0. Summed term by term
 * the cost is n - t_x terms. Above TAIL_MIN_K terms, the first terms are summed directly until
 * i >= TAIL_FIRST_AUTO (where fast-falling terms have long stopped the sum) and consecutive
 * terms fall by less than e^-1/2 (at most ~TAIL_FIRST_AUTO + 120 terms: each term before
 * that is below e^-1/2 of the one before, and the sum stops once the rest is below 1e-17 of
 * it), and the rest, i = m..M = n-t_x-1, by the
 * Euler-Maclaurin formula (Abramowitz & Stegun 1964, 23.1.30):
 *   sum_(i=m)^M F(i) = int_m^M F + (F(m) + F(M))/2
 *                      + sum_(j=1)^(EM_ORDER) B_2j/(2j)! (F^(2j-1)(M) - F^(2j-1)(m)) + R,
 * for F = f, f g_c and f (H_rc + g_r g_c) (g and H the gradient and Hessian of log T_i, as in
 * log_lik()). From the switch on, |d log f/di| <= 1/2 and every gamma argument is >= 32, so
 * the derivatives of F fall like (1/2)^r r!-free: the j-th correction is ~2 (1/(4 pi))^(2j-1)
 * of F, and R after EM_ORDER = 8 terms is below 1e-17 of the sum. The derivatives at m and M
 * are the Taylor coefficients of F (jets): log f's are differences of polygamma values
 * (clv__polygamma_scaled), exponentiated as a power series, times the series of g and H.
 *
 * The integral is taken in v = log((t + c0)/(m + c0)), c0 = min(bm, dk): the gamma functions'
 * poles and the logs' branch points are all at t + c0 <= 0, i.e. |Im v| >= pi, so F is
 * analytic in a strip of half-width pi around the real v axis, and a power-law decay is an
 * exponential in v. 16-point Gauss-Legendre on pieces at most 1 wide over which log F changes
 * by at most ~4 (the slope of log F in v is checked at both ends of each piece) leaves < 1e-20
 * of a piece's integral; the pieces go out from m until M, or until the slope is negative and
 * F / |slope| (the rest, for a log-concave decay) is below 1e-20 of the sum. log f(t)/f(m) is
 * the second difference of log Gamma (clv__lgamma_ratio2), accurate to its own size: no
 * logs of size (a+x) log(t) cancel. A row costs at most ~TAIL_FIRST_AUTO + 120 direct terms
 * and a few hundred nodes of ~10 special-function values, whatever n (~50 us for the value,
 * ~200 us with the Hessian); the pieces are capped at
 * TAIL_PIECES (CLV_ENOCONV past it; the bound is never reached: log F falls by ~4 a piece or
 * v advances by 1 over a range below log(1e7)).
 */
#define TAIL_MIN_K 2048.0                     /* n - t_x above this: the tail route */
#define TAIL_FIRST 32.0                       /* the tail starts at term 32 at the earliest */
#define TAIL_FIRST_AUTO 1024.0                /* ... and at 1,024 when the route is automatic */
#define TAIL_STEP 0.60653065971263342360      /* e^-1/2: consecutive terms' ratio at the switch */
#define EM_ORDER 8                            /* Bernoulli corrections B_2 .. B_16 */
#define JET (2 * EM_ORDER)                    /* Taylor orders 0 .. 15 */
#define TAIL_PIECES 128
#define NSUM 21 /* s[0] = sum rho, s[1..4] = sum rho g, s[5..20] = sum rho (H + g g') */

/* ROUTE_DIRECT: term by term; ROUTE_TAIL: the tail from the first admissible term whatever
 * n - t_x (for tests of the switch); ROUTE_AUTO: the tail above TAIL_MIN_K terms. */
enum { ROUTE_AUTO = CLV__BGBB_ROUTE_AUTO, ROUTE_DIRECT = CLV__BGBB_ROUTE_DIRECT, ROUTE_TAIL = CLV__BGBB_ROUTE_TAIL };

/* Gauss-Legendre, 16 points on [-1, 1]: the positive nodes and their weights (Golub-Welsch;
 * computed to 40 digits with mpmath's Newton iteration on P_16). */
static const double gl_node[8] = {0.98940093499164993259, 0.94457502307323257608,
                                  0.86563120238783174388, 0.75540440835500303390,
                                  0.61787624440264374845, 0.45801677765722738634,
                                  0.28160355077925891323, 0.09501250983763744019};
static const double gl_weight[8] = {0.02715245941175409485, 0.06225352393864789286,
                                    0.09515851168249278481, 0.12462897125553387205,
                                    0.14959598881657673208, 0.16915651939500253819,
                                    0.18260341504492358887, 0.18945061045506849629};

/* B_2j / (2j), j = 1..8: the Euler-Maclaurin weights of the Taylor coefficients F^(2j-1)/(2j-1)!. */
static const double em_weight[EM_ORDER] = {
    1.0 / 12.0,           -1.0 / 120.0,          1.0 / 252.0,     -1.0 / 240.0,
    1.0 / 132.0,          -691.0 / 32760.0,      1.0 / 12.0,      -3617.0 / 8160.0};

typedef struct tail_ctx {
    const bgbb_base *b;
    double ax, g1;   /* alpha + x, gamma + 1 */
    double bm, dk;   /* beta + t_x - x, delta + t_x: term i's arguments are bm + i, dk + i */
    double m;        /* the first term of the tail */
    double A;        /* m + c0: t = m + A expm1(v), dt/dv = A + (t - m) */
    double gm[4];    /* gradient of log T_m */
    double hm[16];   /* its Hessian */
    double um_ab, um_gd; /* psi'(ab + m), psi'(gd + m) */
    int ns;          /* sums wanted: 1, 5 (gradient) or 21 (Hessian) */
} tail_ctx;

/* log f(m + d) - log f(m). */
static double tail_log_f(const tail_ctx *c, double d) {
    return -clv__lgamma_ratio2(c->bm + c->m, c->ax, d) - clv__lgamma_ratio2(c->dk + c->m, c->g1, d);
}

/* d/dt log f at t = m + d. */
static double tail_dlog_f(const tail_ctx *c, double d) {
    double t = c->m + d;
    return -clv__digamma_diff(c->bm + t, c->ax) - clv__digamma_diff(c->dk + t, c->g1);
}

/* The gradient g and Hessian H of log T at t = m + d (as log_term() gives at whole t). */
static void tail_derivs(const tail_ctx *c, double d, double *g, double *h) {
    const bgbb_base *b = c->b;
    double t = c->m + d, ab = c->bm + c->ax, gd = c->dk + c->g1;
    g[0] = c->gm[0] - clv__digamma_diff(ab + c->m, d);
    g[1] = -clv__digamma_diff(c->bm + t, c->ax) + b->d_ab[1];
    g[2] = c->gm[2] - clv__digamma_diff(gd + c->m, d);
    g[3] = -clv__digamma_diff(c->dk + t, c->g1) + b->d_gd[1];
    if (c->ns <= 5) {
        return;
    }
    double u_ab = clv__trigamma(ab + t), u_gd = clv__trigamma(gd + t);
    memset(h, 0, 16 * sizeof h[0]);
    h[0] = c->hm[0] + (c->um_ab - u_ab);
    h[1] = h[4] = c->hm[1] + (c->um_ab - u_ab);
    h[5] = clv__trigamma(c->bm + t) - u_ab + b->t_ab[2];
    h[10] = c->hm[10] + (c->um_gd - u_gd);
    h[11] = h[14] = c->hm[11] + (c->um_gd - u_gd);
    h[15] = clv__trigamma(c->dk + t) - u_gd + b->t_gd[2];
}

/* out[j] = F_j(t) (t + c0) at t = m + d, F_j = f/f(m) times 1, g_c, H_rc + g_r g_c. */
static void tail_integrand(const tail_ctx *c, double d, double *out) {
    double w = exp(tail_log_f(c, d)) * (c->A + d);
    out[0] = w;
    if (c->ns == 1) {
        return;
    }
    double g[4], h[16];
    tail_derivs(c, d, g, h);
    for (int r = 0; r < 4; r++) {
        out[1 + r] = w * g[r];
    }
    for (int r = 0; r < 4 && c->ns > 5; r++) {
        for (int q = 0; q < 4; q++) {
            out[5 + 4 * r + q] = w * (h[4 * r + q] + g[r] * g[q]);
        }
    }
}

/* Product of two series of JET terms, truncated. */
static void series_mul(const double *p, const double *q, double *out) {
    for (int n = 0; n < JET; n++) {
        double s = 0.0;
        for (int k = 0; k <= n; k++) {
            s += p[k] * q[n - k];
        }
        out[n] = s;
    }
}

/*
 * The Euler-Maclaurin end terms at t = m + d: F_j(t)/2 into half[j] and
 * sum_j B_2j/(2j) [F^(2j-1)(t)/(2j-1)!] into corr[j], from the Taylor series in h of F_j(t + h):
 * log f(t + h) - log f(t) has coefficients (psi^(r-1)(bm+t) - psi^(r-1)(ab+t) + psi^(r-1)(dk+t)
 * - psi^(r-1)(gd+t)) / r!, exponentiated by e_n = (1/n) sum_k k c_k e_(n-k); g's series are
 * those of the digamma values, H's of the trigamma values.
 */
static void tail_ends(const tail_ctx *c, double d, double *half, double *corr) {
    double pb[JET + 1], pab[JET + 1], pd[JET + 1], pgd[JET + 1];
    double t = c->m + d;
    clv__polygamma_scaled(c->bm + t, JET, pb);
    clv__polygamma_scaled(c->bm + c->ax + t, JET, pab);
    clv__polygamma_scaled(c->dk + t, JET, pd);
    clv__polygamma_scaled(c->dk + c->g1 + t, JET, pgd);
    double lc[JET], e[JET];
    lc[0] = 0.0;
    lc[1] = tail_dlog_f(c, d);
    for (int r = 2; r < JET; r++) {
        lc[r] = (pb[r - 1] - pab[r - 1] + pd[r - 1] - pgd[r - 1]) / r;
    }
    e[0] = exp(tail_log_f(c, d));
    for (int n = 1; n < JET; n++) {
        double s = 0.0;
        for (int k = 1; k <= n; k++) {
            s += k * lc[k] * e[n - k];
        }
        e[n] = s / n;
    }
    double series[NSUM][JET];
    memcpy(series[0], e, sizeof e);
    if (c->ns > 1) {
        double g[4], h[16], gs[4][JET], hs[16][JET];
        tail_derivs(c, d, g, h);
        for (int r = 0; r < 4; r++) {
            gs[r][0] = g[r];
        }
        for (int r = 1; r < JET; r++) {
            gs[0][r] = -pab[r];
            gs[1][r] = pb[r] - pab[r];
            gs[2][r] = -pgd[r];
            gs[3][r] = pd[r] - pgd[r];
        }
        for (int r = 0; r < 4; r++) {
            series_mul(e, gs[r], series[1 + r]);
        }
        if (c->ns > 5) {
            memset(hs, 0, sizeof hs);
            for (int q = 0; q < 16; q++) {
                hs[q][0] = h[q];
            }
            for (int r = 1; r < JET; r++) {
                hs[0][r] = hs[1][r] = hs[4][r] = -(r + 1) * pab[r + 1];
                hs[5][r] = (r + 1) * (pb[r + 1] - pab[r + 1]);
                hs[10][r] = hs[11][r] = hs[14][r] = -(r + 1) * pgd[r + 1];
                hs[15][r] = (r + 1) * (pd[r + 1] - pgd[r + 1]);
            }
            for (int r = 0; r < 4; r++) {
                for (int q = 0; q < 4; q++) {
                    double gg[JET], sum[JET];
                    series_mul(gs[r], gs[q], gg);
                    for (int n = 0; n < JET; n++) {
                        sum[n] = hs[4 * r + q][n] + gg[n];
                    }
                    series_mul(e, sum, series[5 + 4 * r + q]);
                }
            }
        }
    }
    for (int j = 0; j < c->ns; j++) {
        half[j] = 0.5 * series[j][0];
        double s = 0.0;
        for (int k = EM_ORDER - 1; k >= 0; k--) {
            s += em_weight[k] * series[j][2 * k + 1];
        }
        corr[j] = s;
    }
}

/* The slope in v of log(f (t + c0)) at t = m + d. */
static double tail_slope(const tail_ctx *c, double d) {
    return 1.0 + tail_dlog_f(c, d) * (c->A + d);
}

/*
 * sum_(i=m)^M F_j(i) / f(m) into out[0..ns-1] (see above); head is the sum so far over f(m)
 * (for the stopping test). *nodes counts the integrand values. CLV_OK or CLV_ENOCONV.
 */
static int tail_sum(const tail_ctx *c, double M, double head, double *out, int *nodes) {
    double v = 0.0, v_end = log1p((M - c->m) / c->A);
    double integral[NSUM] = {0.0};
    int done = 0, pieces = 0;
    double sa = tail_slope(c, 0.0);
    while (!done) {
        if (++pieces > TAIL_PIECES) {
            return CLV_ENOCONV;
        }
        double w = fmin(1.0, v_end - v);
        if (fabs(sa) * w > 4.0) {
            w = 4.0 / fabs(sa);
        }
        double sb = 0.0, db = 0.0;
        for (int tries = 0; tries < 64; tries++) {
            db = (v + w >= v_end) ? M - c->m : c->A * expm1(v + w);
            sb = tail_slope(c, db);
            if (fabs(sb) * w <= 4.0) {
                break;
            }
            w = fmin(0.5 * w, 4.0 / fabs(sb));
        }
        double mid = v + 0.5 * w, half = 0.5 * w;
        for (int k = 0; k < 16; k++) {
            double vn = mid + ((k < 8) ? -half : half) * gl_node[k % 8];
            double val[NSUM];
            tail_integrand(c, c->A * expm1(vn), val);
            for (int j = 0; j < c->ns; j++) {
                integral[j] += half * gl_weight[k % 8] * val[j];
            }
        }
        *nodes += 16;
        v += w;
        sa = sb;
        if (v >= v_end) {
            break;
        }
        /* log-concave from here on: the rest of int F dv is at most F(v) / |slope| */
        if (sb < 0.0) {
            double rest = exp(tail_log_f(c, db)) * (c->A + db) / -sb;
            done = (rest <= 1e-20 * (head + integral[0]));
        }
    }
    double half_m[NSUM], corr_m[NSUM], half_M[NSUM], corr_M[NSUM];
    tail_ends(c, 0.0, half_m, corr_m);
    tail_ends(c, M - c->m, half_M, corr_M);
    for (int j = 0; j < c->ns; j++) {
        out[j] = integral[j] + half_m[j] + half_M[j] + corr_M[j] - corr_m[j];
    }
    return CLV_OK;
}

/*
 * The sums over the death opportunity i = 0..k-1 of rho_i = T_i/T_0 times 1, g_i and H_i + g_i g_i'
 * into s[0], s[1..4], s[5..20] (g null: s[0] only; h null: no s[5..20]); g and h hold the
 * first term's on entry (clobbered). Term by term with the recurrences of log_lik() up to
 * TAIL_MIN_K terms, the tail above (route). CLV_OK, CLV_ECANCELED (tick), CLV_ENOCONV.
 */
static int dead_sums(const bgbb_base *b, double x, double t_x, double k, int route, double *g,
                     double *h, double *s, clv__ticker *tick) {
    int ns = (g == NULL) ? 1 : (h == NULL) ? 5 : NSUM;
    double bm = b->beta + t_x - x, ab = b->alpha + b->beta + t_x;
    double dk = b->delta + t_x, gd = b->gamma + b->delta + t_x + 1.0;
    int tail = (route == ROUTE_TAIL) || (route == ROUTE_AUTO && k > TAIL_MIN_K);
    /* The automatic route sums TAIL_FIRST_AUTO terms first: where the terms fall fast (a+x or
     * g large against b+t_x-x or d+t_x), the sum stops there before any tail, at a few ns a
     * term instead of the tail's ~50-150 us. */
    double first_tail = (route == ROUTE_TAIL) ? TAIL_FIRST : TAIL_FIRST_AUTO;
    double rho = 1.0, i = 0.0;
    memset(s, 0, NSUM * sizeof s[0]);
    for (; i < k; i += 1.0) {
        double zab = ab + i, zb = bm + i, zgd = gd + i, zd = dk + i;
        double ratio =
            b->wide ? share(zb, b->alpha + x) * share(zd, b->gamma + 1.0) : (zb * zd) / (zab * zgd);
        if (tail && i >= first_tail && ratio >= TAIL_STEP && k - i >= 3.0) {
            tail_ctx c = {b, b->alpha + x, b->gamma + 1.0, bm, dk, i, i + fmin(bm, dk), {0}, {0},
                          0.0, 0.0, ns};
            if (g != NULL) {
                memcpy(c.gm, g, sizeof c.gm);
            }
            if (ns == NSUM) {
                memcpy(c.hm, h, sizeof c.hm);
                c.um_ab = clv__trigamma(zab);
                c.um_gd = clv__trigamma(zgd);
            }
            double t[NSUM];
            int nodes = 0;
            int st = tail_sum(&c, k - 1.0, s[0] / rho, t, &nodes);
            if (st != CLV_OK) {
                return st;
            }
            for (int j = 0; j < ns; j++) {
                s[j] += rho * t[j];
            }
            /* a node costs about 16 direct terms with derivatives (~1 unit, fit.h) */
            return clv__tick(tick, (uint64_t)nodes) ? CLV_ECANCELED : CLV_OK;
        }
        /* 1,024 terms are about 1/16 of a unit of work each (fit.h). */
        if (fmod(i, 1024.0) == 1023.0 && clv__tick(tick, 64)) {
            return CLV_ECANCELED;
        }
        s[0] += rho;
        double gmax = 1.0;
        for (int c = 0; c < 4 && ns > 1; c++) {
            s[1 + c] += rho * g[c];
            gmax = fmax(gmax, fabs(g[c]));
        }
        for (int r = 0; r < 4 && ns > 5; r++) {
            for (int c = 0; c < 4; c++) {
                s[5 + 4 * r + c] += rho * (h[4 * r + c] + g[r] * g[c]);
            }
        }
        if (rho * gmax * gmax * (k - i) <= 1e-17 * s[0]) {
            break;
        }
        rho *= ratio;
        if (ns == 1) {
            continue;
        }
        g[0] -= 1.0 / zab;
        g[1] += 1.0 / zb - 1.0 / zab;
        g[2] -= 1.0 / zgd;
        g[3] += 1.0 / zd - 1.0 / zgd;
        if (ns > 5) {
            double qab = 1.0 / (zab * zab), qgd = 1.0 / (zgd * zgd);
            h[0] += qab;
            h[1] += qab;
            h[4] += qab;
            h[5] += qab - 1.0 / (zb * zb);
            h[10] += qgd;
            h[11] += qgd;
            h[14] += qgd;
            h[15] += qgd - 1.0 / (zd * zd);
        }
    }
    /* the terms since the last tick, and one unit for the row */
    return clv__tick(tick, (uint64_t)(fmod(i, 1024.0) / 16.0) + 1u) ? CLV_ECANCELED : CLV_OK;
}

/*
 * log L (eq. 5) without derivatives, for the predictions: the terms of the sum over the death
 * opportunity, T_i = B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d), follow from the first by
 *   T_(i+1)/T_i = (b+t_x-x+i)/(a+b+t_x+i) (d+t_x+i)/(g+d+t_x+i+1) < 1
 * (B(p, q+1) = B(p, q) q/(p+q)), so the sum costs a few flops a term instead of four log-gamma
 * values (n = 1e5 took 70 ms, now well under 1 ms), and it loses no digits to logs of size
 * ~1e6 either: the products carry at most ~3 roundings a term. The terms decrease, so the sum
 * stops when the current term times the number left is below 1e-17 of it; above TAIL_MIN_K
 * terms, dead_sums() takes the rest by Euler-Maclaurin (bounded work whatever n).
 */
static double log_lik_parts(const bgbb_base *b, double x, double t_x, double n, double *alive_out,
                            double *rest_out, int *status);

/* log L into *ll (NaN where the doubles give out, as before: CLV_ERANGE downstream);
 * CLV_ENOCONV (nothing written) if the tail route missed its tolerance. */
static int log_lik_checked(const bgbb_base *b, double x, double t_x, double n, double *ll) {
    double alive, rest;
    int st = CLV_OK;
    double v = log_lik_parts(b, x, t_x, n, &alive, &rest, &st);
    if (st != CLV_OK) {
        return st;
    }
    *ll = v;
    return CLV_OK;
}

/* log L and its two parts: the log of the term of a customer alive through n, and the log of
 * the sum over the death opportunity (-inf when t_x = n). NaN, and CLV_ENOCONV in *status
 * (optional), when the tail route missed its tolerance. */
static double log_lik_parts(const bgbb_base *b, double x, double t_x, double n, double *alive_out,
                            double *rest_out, int *status) {
    double alive = log_term(b, x, n - x, 0.0, n, NULL, NULL);
    double k = n - t_x;
    *alive_out = alive;
    *rest_out = -INFINITY;
    if (k <= 0.0) {
        return alive;
    }
    double first = log_term(b, x, t_x - x, 1.0, t_x, NULL, NULL);
    double sum[NSUM];
    int st = dead_sums(b, x, t_x, k, ROUTE_AUTO, NULL, NULL, sum, NULL);
    if (st != CLV_OK) {
        *rest_out = NAN;
        if (status != NULL) {
            *status = st;
        }
        return NAN;
    }
    double rest = first + log(sum[0]);
    *rest_out = rest;
    double hi = fmax(alive, rest);
    return hi + log1p(exp(-fabs(alive - rest)));
}

/*
 * log L (eq. 5) = log[ B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)
 *                      + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d) ]
 * with its gradient (and Hessian) in (alpha, beta, gamma, delta). With the terms' normalised
 * weights w_j, the gradient is sum w_j g_j and the Hessian sum w_j (H_j + g_j g_j') - g g' (the
 * log of a sum of exponentials).
 *
 * The terms of the sum over the death opportunity follow from the first by the ratio of
 * log_lik_parts(), T_(i+1)/T_i = (b+t_x-x+i)/(a+b+t_x+i) (d+t_x+i)/(g+d+t_x+i+1) < 1, and so do
 * their derivatives: term i's digamma and trigamma arguments are the first term's plus i, so
 * psi(z+1) = psi(z) + 1/z and psi'(z+1) = psi'(z) - 1/z^2 (Abramowitz & Stegun 1964, 6.3.5 and
 * 6.4.6) give them in a few flops a term instead of four log-gamma, four digamma and four
 * trigamma values. A row with n = 1e5 went from about 30 ms to well under 1 ms. The
 * recurrences add about one rounding per term to a sum of size log(n), far below the
 * gradient's use. The terms decrease, so the sum stops once the current term times the number
 * left (times the largest |g|, which grows like log i) is below 1e-17 of the sum. Above
 * TAIL_MIN_K terms the rest is the Euler-Maclaurin tail of dead_sums() (route: see
 * clv/bgbb.h); *status is CLV_ENOCONV or CLV_ECANCELED with NaN when the sum could not end.
 */
static double log_lik_route(const bgbb_base *b, double x, double t_x, double n, int route,
                            double *grad, double *hess, clv__ticker *tick, int *status) {
    double ga[4], ha[16], g[4], h[16];
    int want_h = (grad != NULL && hess != NULL);
    double *gp = (grad != NULL) ? ga : NULL;
    double alive = log_term(b, x, n - x, 0.0, n, gp, want_h ? ha : NULL);
    double k = n - t_x;
    double first = -INFINITY;
    double sums[NSUM] = {0.0};
    double s0 = 0.0, *s1 = sums + 1, *s2 = sums + 5;
    if (k > 0.0) {
        first = log_term(b, x, t_x - x, 1.0, t_x, g, want_h ? h : NULL);
        int st = dead_sums(b, x, t_x, k, route, (grad != NULL) ? g : NULL, want_h ? h : NULL,
                           sums, tick);
        if (st != CLV_OK) {
            *status = st;
            return NAN;
        }
        s0 = sums[0];
    }
    /* L = e^alive + e^first s0, scaled by e^-hi. */
    double hi = fmax(alive, first);
    double wa = exp(alive - hi), wf = (k > 0.0) ? exp(first - hi) : 0.0;
    double sum = wa + wf * s0;
    /* log L itself as log_lik_parts() forms it (log1p of the smaller part over the larger),
     * so the value with and without derivatives agree to rounding even where log L is near
     * 0 (a customer all but certain to have done what the data show). */
    double ll = alive;
    if (k > 0.0) {
        double rest = first + log(s0);
        ll = fmax(alive, rest) + log1p(exp(-fabs(alive - rest)));
    }
    for (int c = 0; c < 4 && grad != NULL; c++) {
        grad[c] = (wa * ga[c] + wf * s1[c]) / sum;
    }
    for (int r = 0; r < 4 && want_h; r++) {
        for (int c = 0; c < 4; c++) {
            double e = (wa * (ha[4 * r + c] + ga[r] * ga[c]) + wf * s2[4 * r + c]) / sum;
            hess[4 * r + c] = e - grad[r] * grad[c];
        }
    }
    return ll;
}

static double log_lik(const bgbb_base *b, double x, double t_x, double n, double *grad,
                      double *hess, clv__ticker *tick, int *status) {
    return log_lik_route(b, x, t_x, n, ROUTE_AUTO, grad, hess, tick, status);
}

/* The table's log-likelihood; NaN with *status set if a row's tail missed its tolerance
 * (CLV_ENOCONV) or the tick cancelled (CLV_ECANCELED). */
static double loglik_sum(const double *theta, const clv_rfm_view *d, double *grad, double *hess,
                         clv__ticker *tick, int *status) {
    bgbb_base b;
    base_from(&b, theta, grad != NULL, hess != NULL);
    b.wide = 0; /* the likelihood as the fit has always seen it (see wide_of()) */
    double ll = 0.0;
    double g[4] = {0.0, 0.0, 0.0, 0.0};
    double h[16] = {0.0};
    for (size_t i = 0; i < d->count; i++) {
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        if (w == 0.0) {
            continue;
        }
        double gi[4];
        double hi[16];
        ll += w * log_lik(&b, d->x[i], d->t_x[i], d->T[i], grad != NULL ? gi : NULL,
                          hess != NULL ? hi : NULL, tick, status);
        if (*status != CLV_OK) {
            return NAN;
        }
        for (int k = 0; k < 4 && grad != NULL; k++) {
            g[k] += w * gi[k];
        }
        for (int k = 0; k < 16 && grad != NULL && hess != NULL; k++) {
            h[k] += w * hi[k];
        }
    }
    if (grad != NULL) {
        memcpy(grad, g, sizeof g);
    }
    if (grad != NULL && hess != NULL) {
        memcpy(hess, h, sizeof h);
    }
    return ll;
}

int clv_bgbb_loglik(const clv_bgbb_params *params, const clv_rfm_view *data, double *loglik,
                    double *gradient) {
    int st;
    if (params == NULL || data == NULL || loglik == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_data(data)) != CLV_OK) {
        return st;
    }
    const double theta[4] = {params->alpha, params->beta, params->gamma, params->delta};
    double g[4] = {0.0, 0.0, 0.0, 0.0};
    double ll;
    st = CLV_OK;
    if (gradient == NULL) {
        /* the value alone: the recursive sum of log_lik_parts(), a few flops a term */
        bgbb_base b;
        base_from(&b, theta, 0, 0);
        b.wide = 0; /* as with the gradient (loglik_sum()) */
        ll = 0.0;
        for (size_t i = 0; i < data->count && st == CLV_OK; i++) {
            double w = (data->weight != NULL) ? data->weight[i] : 1.0;
            double alive, rest;
            if (w != 0.0) {
                ll += w * log_lik_parts(&b, data->x[i], data->t_x[i], data->T[i], &alive, &rest,
                                        &st);
            }
        }
    } else {
        ll = loglik_sum(theta, data, g, NULL, NULL, &st);
    }
    if (st != CLV_OK) {
        return st; /* a row's tail missed its tolerance: never a partial sum */
    }
    return clv__loglik_out(ll, g, 4, loglik, gradient);
}

static bgbb_base base_of(const clv__bgbb_prep *p);

/* clv_bgbb_loglik() of each row as a one-row table without gradient (log_lik_checked()). */
void clv__bgbb_loglik_block(const clv__bgbb_prep *p, const clv_rfm_view *rows, double *out,
                            int32_t *status) {
    bgbb_base b = base_of(p);
    b.wide = 0; /* as clv_bgbb_loglik() */
    const double g[4] = {0.0, 0.0, 0.0, 0.0};
    for (size_t j = 0; j < rows->count && j < CLV__LOGLIK_BLOCK; j++) {
        double x = rows->x[j], t_x = rows->t_x[j], n = rows->T[j];
        if ((status[j] = check_history(x, t_x, n)) != CLV_OK) {
            continue;
        }
        double ll = 0.0;
        if ((status[j] = log_lik_checked(&b, x, t_x, n, &ll)) != CLV_OK) {
            continue; /* a row's tail missed its tolerance */
        }
        status[j] = clv__loglik_out(0.0 + 1.0 * ll, g, 4, &out[j], NULL);
    }
}

/* The fit's evaluation; its rows and their terms consult the progress callback (fit.h). */
static int fit_eval(const void *ctx, const double *theta, double *loglik, double *gradient,
                    double *hessian, clv__ticker *tick) {
    int st = CLV_OK;
    double ll = loglik_sum(theta, (const clv_rfm_view *)ctx, gradient, hessian, tick, &st);
    if (st != CLV_OK) {
        return st; /* cancelled, or a row's tail missed its tolerance */
    }
    *loglik = isfinite(ll) ? ll : -INFINITY;
    return CLV_OK;
}

int clv_bgbb_fit(const clv_rfm_view *data, const clv_fit_options *options, clv_bgbb_params *params,
                 clv_fit_report *report) {
    int st;
    double theta[CLV_MAX_PARAMS];
    if (data == NULL || params == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_data_diag(data, options)) != CLV_OK) {
        return st;
    }
    clv__packed pk = {{0}, NULL};
    const clv_rfm_view *rows = clv__pack_rows(data, 0, options, &pk) ? &pk.view : data;
    st = clv__fit_run_newton(CLV_MODEL_BGBB, options, fit_eval, rows, theta, report);
    clv__unpack(options, &pk);
    if (st == CLV_OK || st == CLV_ENOCONV || st == CLV_ECANCELED) {
        params->alpha = theta[0];
        params->beta = theta[1];
        params->gamma = theta[2];
        params->delta = theta[3];
    }
    return st;
}

/* Validation shared by the per-customer predictions. */
static int check_customer(const clv_bgbb_params *params, double x, double t_x, double n,
                          const void *out) {
    int st;
    if (params == NULL || out == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

static void theta_of(const clv_bgbb_params *p, double *theta) {
    theta[0] = p->alpha;
    theta[1] = p->beta;
    theta[2] = p->gamma;
    theta[3] = p->delta;
}

/* The prepared parameters (kernels.h): base_from()'s constants without derivatives. */
int clv__bgbb_prepare(const double *theta, clv__bgbb_prep *p) {
    const clv_bgbb_params params = {theta[0], theta[1], theta[2], theta[3]};
    int st;
    if ((st = check_params(&params)) != CLV_OK) {
        return st;
    }
    bgbb_base b;
    base_from(&b, theta, 0, 0);
    clv__bgbb_prep q = {b.alpha, b.beta, b.gamma, b.delta, b.lb_ab, b.lb_gd};
    *p = q;
    return CLV_OK;
}

static bgbb_base base_of(const clv__bgbb_prep *p) {
    bgbb_base b;
    memset(&b, 0, sizeof b);
    b.alpha = p->alpha;
    b.beta = p->beta;
    b.gamma = p->gamma;
    b.delta = p->delta;
    b.lb_ab = p->lb_ab;
    b.lb_gd = p->lb_gd;
    b.wide = wide_of(b.alpha, b.beta, b.gamma, b.delta, b.lb_ab, b.lb_gd);
    return b;
}

/* The prepared parameters of a public call (checked by the caller). */
static clv__bgbb_prep prep_of(const clv_bgbb_params *params) {
    double theta[4];
    clv__bgbb_prep p;
    theta_of(params, theta);
    clv__bgbb_prepare(theta, &p);
    return p;
}

/* P(alive at n+1 | x, t_x, n) (eq. 11): B(a+x, b+n-x)/B(a,b) B(g, d+n+1)/B(g,d) / L. */
int clv_bgbb_p_alive(const clv_bgbb_params *params, double x, double t_x, double n, double *p) {
    int st;
    if ((st = check_customer(params, x, t_x, n, p)) != CLV_OK) {
        return st;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_p_alive_row(&prep, x, t_x, n, p);
}

int clv__bgbb_p_alive_row(const clv__bgbb_prep *p, double x, double t_x, double n, double *pa) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    double ll;
    if ((st = log_lik_checked(&b, x, t_x, n, &ll)) != CLV_OK) {
        return st;
    }
    double v = exp(log_term(&b, x, n - x, 0.0, n + 1.0, NULL, NULL) - ll);
    if (isnan(v)) {
        return CLV_ERANGE; /* never a clamped NaN with CLV_OK (issue 13) */
    }
    *pa = fmin(fmax(v, 0.0), 1.0);
    return CLV_OK;
}

/*
 * E[X(n, n + n*) | x, t_x, n] (eq. 13) = (1/L) B(a+x+1, b+n-x)/B(a,b) (d/(g-1))
 *   Gamma(g+d)/Gamma(1+d) [Gamma(1+d+n)/Gamma(g+d+n) - Gamma(1+d+n+n*)/Gamma(g+d+n+n*)].
 * The bracket is written as R(n) - R(n+n*), R(k) = exp(lnG(1+d+k) - lnG(g+d+k)), and the
 * factor d/(g-1) (R(n) - R(n+n*)) is evaluated as d R(n) (1 - R(n+n*)/R(n)) / (g-1) with
 * 1 - ratio = -expm1(log ratio), which stays finite and exact as g -> 1. With
 * d R(n)/R(0) = (d+n) B(g, d+n)/B(g, d), E = B(a+x+1, b+n-x)/B(a,b) B(g, d+n)/B(g,d) / L
 * times (d+n) (1 - R(n+n*)/R(n))/(g-1), the two factors joined as logs (log_surv_sum()):
 * either can overflow or underflow alone at extreme parameters (issue 13).
 */

/*
 * log R(k + m) - log R(k), R(k) = Gamma(1+d+k)/Gamma(g+d+k), at D = d + k:
 *   [lnG(1+D+m) - lnG(1+D)] - [lnG(g+D+m) - lnG(g+D)]
 * = -D2(1+D, g-1, m) for g >= 1, D2(g+D, 1-g, m) for g < 1,
 * D2 the second difference of lnG (clv__lgamma_ratio2_wide()), to the relative accuracy of
 * its own (small) size. g + D is formed from g and D, never as (1 + D) + (g - 1): at
 * g = 1e-8, d = 5e-324, n = 0 that lost 8 digits of g + D = 1e-8 (E[X(n* | h)] off by 5e-9
 * with CLV_OK, issue 13). (The difference of two lnG ratios, used before, had a rounding of
 * |e| ln(A+m) eps against a result of size |e| m/(A+m).)
 */
static double log_r_shift(double D, double gamma, double m) {
    if (gamma >= 1.0) {
        return -clv__lgamma_ratio2_wide(1.0 + D, gamma - 1.0, m);
    }
    return clv__lgamma_ratio2_wide(gamma + D, 1.0 - gamma, m);
}

/* (1 - R(k+m)/R(k)) / (g - 1) at D = d + k: finite as g -> 1, where it tends to
 * psi(1+D+m) - psi(1+D) (the derivative of -log_r_shift in g at g = 1); used at g = 1 exactly,
 * since -expm1(L)/e keeps the relative accuracy of L for every e != 0. D (1 - R(k+m)/R(k)) /
 * (g - 1) = sum_(j=1..m) B(g, D+j)/B(g, D), the expected opportunities survived of m. */
static double r_frac(double D, double gamma, double m) {
    double e = gamma - 1.0; /* exact for gamma in [1/2, 2] (Sterbenz), the cancelling range */
    if (e == 0.0) {
        return clv__digamma_diff(1.0 + D, m);
    }
    return -expm1(log_r_shift(D, gamma, m)) / e;
}

/* log sum_(j=1..m) B(g, D+j)/B(g, D) = log(D r_frac(D, g, m)), m >= 1, also where the sum
 * or r_frac overflow or underflow apart (issue 13: g = 5e-324, d = 1e-300 gives D = 1e-300
 * and r_frac = 1e300): for g < 1, L = log_r_shift > 0 and D (e^L - 1)/(1 - g) has the log
 * log D + L + log(-expm1(-L)) - log1p(-g). */
static double log_surv_sum(double D, double gamma, double m) {
    if (gamma < 1.0) {
        double L = log_r_shift(D, gamma, m);
        return log(D) + L + log(-expm1(-L)) - log1p(-gamma);
    }
    return log(D) + log(r_frac(D, gamma, m));
}

/* E[X(n, n + n*) | x, t_x, n] into *e; CLV_ENOCONV if log L could not be had. */
static int cond_expected(const bgbb_base *b, double x, double t_x, double n, double n_star,
                         double *e) {
    double ll;
    int st;
    if (n_star == 0.0) {
        *e = 0.0;
        return CLV_OK;
    }
    if ((st = log_lik_checked(b, x, t_x, n, &ll)) != CLV_OK) {
        return st;
    }
    *e = exp(log_term(b, x + 1.0, n - x, 0.0, n, NULL, NULL) - ll +
             log_surv_sum(b->delta + n, b->gamma, n_star));
    return CLV_OK;
}

int clv_bgbb_expected_purchases(const clv_bgbb_params *params, double x, double t_x, double n,
                                double n_star, double *expected) {
    int st;
    if ((st = check_customer(params, x, t_x, n, expected)) != CLV_OK) {
        return st;
    }
    if (!(n_star >= 0.0) || !isfinite(n_star) || floor(n_star) != n_star) {
        return CLV_EDOM;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_expected_row(&prep, x, t_x, n, n_star, expected);
}

int clv__bgbb_expected_row(const clv__bgbb_prep *p, double x, double t_x, double n,
                           double n_star, double *expected) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    double e;
    if ((st = cond_expected(&b, x, t_x, n, n_star, &e)) != CLV_OK ||
        (st = clv__check_result(e)) != CLV_OK) {
        return st;
    }
    *expected = (e > 0.0) ? e : 0.0;
    return CLV_OK;
}

/* E[X(n)] of a new customer (eq. 7) = (a/(a+b)) (d/(g-1)) [1 - Gamma(g+d) Gamma(1+d+n) /
 * (Gamma(g+d+n) Gamma(1+d))], the same bracket as above with n = 0. */
int clv_bgbb_expected_purchases_new(const clv_bgbb_params *params, double n, double *expected) {
    int st;
    if (params == NULL || expected == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK) {
        return st;
    }
    if (!(n >= 0.0) || !isfinite(n) || floor(n) != n) {
        return CLV_EDOM;
    }
    double e = (n == 0.0) ? 0.0
                          : share(params->alpha, params->beta) *
                                exp(log_surv_sum(params->delta, params->gamma, n));
    if ((st = clv__check_result(e)) != CLV_OK) {
        return st;
    }
    *expected = (e > 0.0) ? e : 0.0;
    return CLV_OK;
}

static double prob_new(const bgbb_base *bp, double n, double x);

/* Eq. 8 sums its n terms one by one (a few flops each): new-customer and forecast lengths stay
 * at most CLV__BGBB_MAX_FORECAST opportunities (kernels.h; ~1 ms), below the histories'
 * CLV_BGBB_MAX_OPPORTUNITIES. */
#define BGBB_MAX_FORECAST CLV__BGBB_MAX_FORECAST

/* P(X(n) = x) of a new customer (eq. 8): C(n,x) B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d)
 *   + sum_{i=x}^{n-1} C(i,x) B(a+x, b+i-x)/B(a,b) B(g+1, d+i)/B(g,d). */
int clv_bgbb_prob_purchases(const clv_bgbb_params *params, double n, double x, double *p) {
    int st;
    if (params == NULL || p == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK) {
        return st;
    }
    if (!(n >= 0.0) || !isfinite(n) || floor(n) != n || !(x >= 0.0) || !isfinite(x) ||
        floor(x) != x || n > BGBB_MAX_FORECAST) {
        return CLV_EDOM;
    }
    if (x > n) {
        *p = 0.0;
        return CLV_OK;
    }
    double theta[4];
    bgbb_base b;
    theta_of(params, theta);
    base_from(&b, theta, 0, 0);
    double v = prob_new(&b, n, x);
    if (isnan(v)) {
        return CLV_ERANGE;
    }
    *p = v;
    return CLV_OK;
}

/* The probability of eq. 8 for x <= n at the parameters of b; NaN if it cannot be evaluated. */
static double prob_new(const bgbb_base *bp, double n, double x) {
    const bgbb_base b = *bp;
    /* log C(n, x) = lnG(n+1) - lnG(x+1) - lnG(n-x+1) */
    double lc = clv__lgamma(n + 1.0) - clv__lgamma(x + 1.0) - clv__lgamma(n - x + 1.0);
    double log_alive = lc + log_term(&b, x, n - x, 0.0, n, NULL, NULL);
    /* The terms U_i = C(i,x) B(a+x, b+i-x)/B(a,b) B(g+1, d+i)/B(g,d), i = x..n-1, from
     * U_x = B(a+x, b)/B(a,b) B(g+1, d+x)/B(g,d) by
     *   U_(i+1)/U_i = (i+1)/(i+1-x) (b+i-x)/(a+b+i) (d+i)/(g+d+i+1),
     * a few flops a term instead of five log-gamma values (n = 1e5 took 70 ms, now under a
     * millisecond) and no logs of size ~1e6 to round. The terms rise, then fall: the running
     * sum is rescaled by 2^-600 whenever the current term passes 2^600. */
    double log_dead = -INFINITY;
    if (x < n) {
        double rho = 1.0, sum = 0.0, log_scale = 0.0;
        for (double i = x; i < n; i += 1.0) {
            sum += rho;
            if (b.wide) {
                /* the same without overflow in a + b or g + d (issue 13) */
                rho *= (i + 1.0) / (i + 1.0 - x) * share(b.beta + i - x, b.alpha + x) *
                       share(b.delta + i, b.gamma + 1.0);
            } else {
                rho *= ((i + 1.0) * (b.beta + i - x) * (b.delta + i)) /
                       ((i + 1.0 - x) * (b.alpha + b.beta + i) * (b.gamma + b.delta + i + 1.0));
            }
            if (rho > 0x1p600) {
                rho *= 0x1p-600;
                sum *= 0x1p-600;
                log_scale += 600.0 * M_LN2_CLV;
            }
        }
        log_dead = log_term(&b, x, 0.0, 1.0, x, NULL, NULL) + log_scale + log(sum);
    }
    double hi = fmax(log_alive, log_dead);
    double total = exp(hi) * (1.0 + exp(-fabs(log_alive - log_dead)));
    return isnan(total) ? total : fmin(fmax(total, 0.0), 1.0);
}

/*
 * P(X(n, n + n*) = x* | x, t_x, n) (FHS 2010, appendix): a customer alive at opportunity n has
 * the posterior p ~ Beta(alpha + x, beta + n - x), theta ~ Beta(gamma, delta + n) (the first
 * term of L, eq. 5), and from there the next n* opportunities are a new customer's first n*
 * at those parameters (eq. 8); a customer dead by n transacts no more. So
 *   P = P(alive at n) P8(x*; n*, posterior) + [x* = 0] (1 - P(alive at n)),
 * P(alive at n) = B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d) / L. Which is FHS's expression with
 * the common factors taken out: their sum over the death opportunity n + i, i < n*, is eq. 8's.
 */
static double prob_cond(const bgbb_base *b, clv__row_cache *c, double x, double t_x, double n,
                        double n_star, double x_star) {
    /* P(alive at n) = A/(A + D) and 1 - P(alive at n) = D/(A + D), A and D the two parts of
     * L, each from the log of their ratio: small relative to log L's size (up to ~1e5). */
    double la, ld;
    int st = CLV_OK;
    log_lik_parts(b, x, t_x, n, &la, &ld, &st);
    if (st != CLV_OK) {
        return NAN; /* the tail missed its tolerance: CLV_ENOCONV from the caller */
    }
    double pa = 1.0, dead = 0.0;
    if (ld != -INFINITY) {
        double diff = ld - la; /* ln(D/A) */
        pa = (diff > 0.0) ? exp(-diff - log1p(exp(-diff))) : 1.0 / (1.0 + exp(diff));
        dead = (diff > 0.0) ? 1.0 / (1.0 + exp(-diff)) : exp(diff - log1p(exp(diff)));
    }
    double alive_part = 0.0;
    if (x_star <= n_star && pa > 0.0) {
        /* The part given alive depends on (x, n) alone: kept in the rows' cache, if any. */
        double given;
        if (!clv__row_cache_get(c, x, n, &given)) {
            const double post[4] = {b->alpha + x, b->beta + n - x, b->gamma, b->delta + n};
            bgbb_base q;
            base_from(&q, post, 0, 0);
            given = prob_new(&q, n_star, x_star);
            clv__row_cache_put(c, x, n, given);
        }
        alive_part = pa * given;
    }
    double v = alive_part + ((x_star == 0.0) ? fmax(dead, 0.0) : 0.0);
    return isnan(v) ? v : fmin(fmax(v, 0.0), 1.0);
}

int clv_bgbb_prob_purchases_cond(const clv_bgbb_params *params, double x, double t_x, double n,
                                 double n_star, double x_star, double *p) {
    int st;
    if ((st = check_customer(params, x, t_x, n, p)) != CLV_OK) {
        return st;
    }
    if (!(n_star >= 0.0) || !isfinite(n_star) || floor(n_star) != n_star ||
        n_star > BGBB_MAX_FORECAST || !(x_star >= 0.0) || !isfinite(x_star) ||
        floor(x_star) != x_star) {
        return CLV_EDOM;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_prob_cond_row(&prep, NULL, x, t_x, n, n_star, x_star, p);
}

int clv__bgbb_prob_cond_row(const clv__bgbb_prep *p, clv__row_cache *c, double x, double t_x,
                            double n, double n_star, double x_star, double *prob) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    double v = prob_cond(&b, c, x, t_x, n, n_star, x_star);
    if (isnan(v)) {
        /* prob_new() is NaN where eq. 8 cannot be evaluated in doubles; the likelihood only
         * when its tail missed its tolerance */
        double ll;
        return (log_lik_checked(&b, x, t_x, n, &ll) != CLV_OK) ? CLV_ENOCONV : CLV_ERANGE;
    }
    *prob = v;
    return CLV_OK;
}

/* P(alive at n + m | x, t_x, n): P(alive at n) times E[(1 - theta)^m] under theta's posterior
 * Beta(gamma, delta + n), B(g, d+n+m)/B(g, d+n); together B(a+x, b+n-x)/B(a,b)
 * B(g, d+n+m)/B(g,d) / L, eq. 11 with n + 1 replaced by n + m. */
int clv_bgbb_p_alive_at(const clv_bgbb_params *params, double x, double t_x, double n, double m,
                        double *p) {
    int st;
    if ((st = check_customer(params, x, t_x, n, p)) != CLV_OK) {
        return st;
    }
    if (!(m >= 0.0) || !isfinite(m) || floor(m) != m || m > CLV_BGBB_MAX_OPPORTUNITIES) {
        return CLV_EDOM;
    }
    double theta[4];
    bgbb_base b;
    theta_of(params, theta);
    base_from(&b, theta, 0, 0);
    double ll;
    if ((st = log_lik_checked(&b, x, t_x, n, &ll)) != CLV_OK) {
        return st;
    }
    double v = exp(log_term(&b, x, n - x, 0.0, n + m, NULL, NULL) - ll);
    if (isnan(v)) {
        return CLV_ERANGE;
    }
    *p = fmin(fmax(v, 0.0), 1.0);
    return CLV_OK;
}

/*
 * The discounted expected transactions after opportunity n, sum_(i>=1) D^(k(i)) E[X at n+i],
 * k(i) = ceil(i / period) the period of opportunity n+i, over horizon periods: the customer's
 * transaction at n+i has expectation C E[(1-theta)^i] with theta ~ Beta(gamma, delta+n) and
 * C = B(a+x+1, b+n-x)/B(a, b) B(g, d+n)/B(g, d) / L (FHS 2010, eqs. 11-14), so the sum is C
 * times the mean over theta of the discounted geometric decay (clv__geo_value_mean(),
 * customer_value.c): one quadrature whatever the horizon and the discount. The caller
 * checked the customer, period (whole, >= 1), discount and horizon.
 */
static int value_of_mean(const bgbb_base *b, double x, double t_x, double n, double mean,
                         double *sum);

static int value_sum(const bgbb_base *b, double x, double t_x, double n, double period,
                     double discount, double horizon, double *sum) {
    double mean;
    int st = clv__geo_value_mean(CLV__MIX_BETA, b->gamma, b->delta + n, period, discount,
                                 horizon, &mean);
    if (st != CLV_OK) {
        return st;
    }
    return value_of_mean(b, x, t_x, n, mean, sum);
}

/* value_sum() from the mean over theta (which depends on n alone). */
static int value_of_mean(const bgbb_base *b, double x, double t_x, double n, double mean,
                         double *sum) {
    double ll;
    int st;
    if ((st = log_lik_checked(b, x, t_x, n, &ll)) != CLV_OK) {
        return st;
    }
    double log_c = log_term(b, x, n - x, 0.0, n, NULL, NULL) - ll +
                   log(share(b->alpha + x, b->beta + n - x));
    double v = (mean > 0.0) ? exp(log_c + log(mean)) : 0.0;
    if (!isfinite(v)) {
        return CLV_ERANGE;
    }
    *sum = v;
    return CLV_OK;
}

int clv__bgbb_value_sum(const double *theta, double x, double t_x, double n, double period,
                        double discount, double horizon, double *sum) {
    int st;
    const clv_bgbb_params params = {theta[0], theta[1], theta[2], theta[3]};
    if ((st = check_customer(&params, x, t_x, n, sum)) != CLV_OK) {
        return st;
    }
    bgbb_base b;
    base_from(&b, theta, 0, 0);
    return value_sum(&b, x, t_x, n, period, discount, horizon, sum);
}

/*
 * log 2F1(1, b; b + g; z) for b, g > 0, 0 < z < 1 (w = 1 - z), by its series
 * sum_j (b)_j/(c)_j z^j (DLMF 15.2.1) when that takes at most DERT_SERIES_TERMS terms (~15 us):
 * they are positive with ratios z (b+j)/(c+j) < z, so the tail after a term t is below t z/w,
 * a rigorous stop. Returns 0 when the series is too long (a discount below ~1e-2). DERT used to go through
 * clv__log_hyp2f1 alone, which has rare pockets where it gives up (NaN: b = 1318.69,
 * c = 1536.28, z = 0.99875716, or this model's alpha = 0.648, beta = 0.0703,
 * gamma = 518.65, delta = 29.68, x = 528, t_x = 646, n = 1146, 0.88% discount), reported
 * as CLV_ERANGE for a value of ~1e-309.
 */
#define DERT_SERIES_TERMS 4000
static int log_hyp2f1_1bc(double b, double g, double z, double w, double *log_f) {
    double t = 1.0, sum = 1.0;
    double tail_factor = z / w;
    /* The terms fall at least like z^j: when even that takes more than the cap to reach
     * 1e-17 (w below ~1e-2), do not start. */
    if ((39.2 + log(tail_factor)) > DERT_SERIES_TERMS * -log1p(-w)) {
        return 0;
    }
    for (int j = 0; j < DERT_SERIES_TERMS; j++) {
        t *= z * share(b + j, g); /* (b+j)/(c+j), c = b + g, without overflow */
        sum += t;
        if (t * tail_factor <= 1e-17 * sum) {
            *log_f = log(sum);
            return 1;
        }
    }
    return 0;
}

/*
 * DERT (eq. 14): the expected transactions after n, each discounted by (1+d)^-(k) for the
 * k-th future opportunity: B(a+x+1, b+n-x)/B(a,b) B(g, d+n+1)/(B(g,d) (1+disc))
 *   2F1(1, delta+n+1; gamma+delta+n+1; 1/(1+disc)) / L.
 */
int clv_bgbb_dert(const clv_bgbb_params *params, double x, double t_x, double n, double discount,
                  double *dert) {
    int st;
    if ((st = check_customer(params, x, t_x, n, dert)) != CLV_OK) {
        return st;
    }
    if (!(discount > 0.0) || !isfinite(discount)) {
        return CLV_EDOM;
    }
    clv__bgbb_prep prep = prep_of(params);
    return clv__bgbb_dert_row(&prep, NULL, x, t_x, n, discount, dert);
}

/* The cache keeps, by (n, 0), log 2F1 of the series, or by (n, 1) the quadrature's mean over
 * theta: each depends on n alone (and the call's discount). */
int clv__bgbb_dert_row(const clv__bgbb_prep *p, clv__row_cache *c, double x, double t_x,
                       double n, double discount, double *dert) {
    int st;
    if ((st = check_history(x, t_x, n)) != CLV_OK) {
        return st;
    }
    bgbb_base b = base_of(p);
    /* The Gauss series of eq. 14 where it is short (a discount above ~1e-2 with typical
     * parameters: microseconds); otherwise, one opportunity a period over every period, the
     * quadrature of value_sum(), exact at any discount > 0 (the series needs ~1/d terms, and
     * clv__log_hyp2f1, used here before, had pockets where it gave up below d ~ 4e-5). */
    double z = 1.0 / (1.0 + discount);
    double hb = b.delta + n + 1.0;
    double log_f, v, mean;
    int series = clv__row_cache_get(c, n, 0.0, &log_f);
    if (!series && !clv__row_cache_get(c, n, 1.0, &mean)) {
        series = log_hyp2f1_1bc(hb, b.gamma, z, discount / (1.0 + discount), &log_f);
        if (series) {
            clv__row_cache_put(c, n, 0.0, log_f);
        } else if ((st = clv__geo_value_mean(CLV__MIX_BETA, b.gamma, b.delta + n, 1.0, discount,
                                             INFINITY, &mean)) != CLV_OK) {
            return st;
        } else {
            clv__row_cache_put(c, n, 1.0, mean);
        }
    }
    if (series) {
        double ll;
        if ((st = log_lik_checked(&b, x, t_x, n, &ll)) != CLV_OK) {
            return st;
        }
        v = exp(log_term(&b, x + 1.0, n - x, 0.0, n + 1.0, NULL, NULL) - log1p(discount) + log_f -
                ll);
    } else if ((st = value_of_mean(&b, x, t_x, n, mean, &v)) != CLV_OK) {
        return st; /* value_sum(&b, x, t_x, n, 1.0, discount, INFINITY, &v) */
    }
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *dert = v;
    return CLV_OK;
}

int clv__bgbb_expected_curve(const double *theta, double x, double t_x, double n,
                             const double *n_star, size_t count, double *expected) {
    int st;
    const clv_bgbb_params params = {theta[0], theta[1], theta[2], theta[3]};
    if ((st = check_customer(&params, x, t_x, n, expected)) != CLV_OK) {
        return st;
    }
    for (size_t i = 0; i < count; i++) {
        if (!(n_star[i] >= 0.0) || !isfinite(n_star[i]) || floor(n_star[i]) != n_star[i]) {
            return CLV_EDOM;
        }
    }
    bgbb_base b;
    base_from(&b, theta, 0, 0);
    double ll;
    if ((st = log_lik_checked(&b, x, t_x, n, &ll)) != CLV_OK) {
        return st;
    }
    double front = log_term(&b, x + 1.0, n - x, 0.0, n, NULL, NULL) - ll;
    for (size_t i = 0; i < count; i++) {
        double e =
            (n_star[i] == 0.0) ? 0.0 : exp(front + log_surv_sum(b.delta + n, b.gamma, n_star[i]));
        if ((st = clv__check_result(e)) != CLV_OK) {
            return st;
        }
        expected[i] = (e > 0.0) ? e : 0.0;
    }
    return CLV_OK;
}

int clv__bgbb_loglik_row(const double *theta, double x, double t_x, double n, int route,
                         double *ll, double *grad, double *hess) {
    int st;
    const clv_bgbb_params params = {theta[0], theta[1], theta[2], theta[3]};
    if ((st = check_customer(&params, x, t_x, n, ll)) != CLV_OK) {
        return st;
    }
    if (hess != NULL && grad == NULL) {
        return CLV_EINVAL;
    }
    bgbb_base b;
    base_from(&b, theta, grad != NULL, hess != NULL);
    b.wide = 0; /* as clv_bgbb_loglik() */
    st = CLV_OK;
    double v = log_lik_route(&b, x, t_x, n, route, grad, hess, NULL, &st);
    if (st != CLV_OK) {
        return st;
    }
    *ll = v;
    return CLV_OK;
}
