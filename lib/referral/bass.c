/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Bass diffusion (Bass 1969, "A new product growth model for consumer durables", Management
 * Science 15(5) 215-227): the curve F(t), its density f(t), adopters of an interval, the peak,
 * forecasts; the multinomial log-likelihood of adoption counts (Schmittlein & Mahajan 1982,
 * Marketing Science 1(1) 57-78) with its gradient; and fits of p, q, m by nonlinear least
 * squares (Srinivasan & Mason 1986, Marketing Science 5(2) 169-178) or maximum likelihood.
 *
 * Notation: s = p + q, E(x) = e^{-s x}, D(x) = p + q E(x). Then
 *   F(x) = (1 - E) p / D,  S(x) = 1 - F(x) = E s / D,  f(x) = (p + q F) S,
 * and the share adopting in (a, b] is
 *   F(b) - F(a) = S(a) (1 - e^{-s (b-a)}) p / D(b),
 * every factor in [0, 1]: no overflow and no cancellation, whatever the parameters.
 *
 * Derivatives. With r = q/p the curve depends on (s, r) only. Write w(x) = q E / D and
 * om(x) = p / D = 1 - w(x), c(x) = E / D, and rho = log r. For one period (a, b], b = a + 1:
 *   log dF = log s + log p - s a + log(1 - e^{-s}) - log D(a) - log D(b),
 *   d/ds|r    = -a om(a) + b w(b) + 1/expm1(s),
 *   d/dr|s    = p kr,   kr = 1/s - c(a) - c(b),
 *   d2/ds2    = -a^2 w om (a) - b^2 w om (b) - 1/(4 sinh^2(s/2)),
 *   d2/ds drho = a w om (a) + b w om (b),
 *   d2/drho2  = (q/s)(p/s) - w om (a) - w om (b);
 * for log S(n) = log s - s n - log D(n): -n om(n), kr = 1/s - c(n), -n^2 w om, n w om,
 * (q/s)(p/s) - w om; for the density, log f = log s + log(1+r) - s t - 2 log(1 + r E):
 * d/ds = 1/s - t + 2 t w(t), kr = 1/s - 2 c(t). In the parameters themselves d/dp = d/ds -
 * (q/p) kr, d/dq = d/ds + kr; in u = (log p, log q), d/du = (p d/ds - q kr, q d/ds + q kr),
 * and the second derivatives follow by the chain rule (ml_derivatives_u below). All of this
 * is checked against finite differences and mpmath in tests/test_bass.c. The logarithms
 * themselves are formed as log dF = log S(a) + log(1 - e^{-s}) + log(p/D(b)), each term from
 * its small part (see `at`), not from the difference of large logarithms written above.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core/diag.h"
#include "core/options.h"
#include "core/validate.h"
#include "math/special.h"
#include "referral.h"

/* The fit's search: steps of at most e^2 in any parameter, Levenberg-Marquardt damping
 * between LAMBDA_MIN and LAMBDA_MAX times the diagonal. */
#define MAX_LOG_STEP 2.0
#define LAMBDA_FIRST 1e-3
#define LAMBDA_MIN 1e-12
#define LAMBDA_MAX 1e12
/* Starting points tried after the first if it does not converge. */
#define EXTRA_STARTS 2
#define N_GRID 12
#define DEFAULT_MAX_ITERATIONS 100
#define DEFAULT_TOLERANCE 1e-10
/* log(DBL_MIN) and log(DBL_MAX) (rounded inwards): the search's log-parameters stay inside. */
#define LOG_DBL_MIN (-708.0)
#define LOG_DBL_MAX 709.0
/* log(2 pi): -std=c11 has no M_PI. */
#define LOG_2PI 1.8378770664093454836

/* ---- progress and cancellation (issue 21) ------------------------------------------------- */

/*
 * The fit's progress callback is consulted once per accepted step and, within the O(n) passes
 * over the periods (an evaluation of 1e7 periods takes ~1 s), every TICK_WORK units of work:
 * TICK_UNITS units every TICK_PERIODS periods, a period's exp and logarithms being ~1/8 of a
 * unit (~0.1 us), so about every 2-4 ms on the 2-core reference machine. A nonzero answer
 * sets `cancelled`; every pass then stops, and clv_bass_fit() returns CLV_ECANCELED.
 */
#define TICK_WORK 4096u
#define TICK_PERIODS 512u
#define TICK_UNITS 64u

typedef struct bass_tick {
    clv_progress_fn progress; /* null: no callback */
    void *user_data;
    uint64_t work;
    uint32_t cancelled;
    uint32_t iteration; /* accepted steps so far, over every start tried */
    double objective;   /* -(the objective) at the best point so far; NaN before the first */
    double best[3];     /* that point: p, q, m in the caller's units */
} bass_tick;

static int tick_consult(bass_tick *t) {
    t->work = 0;
    /* no point yet (NaN objective): n_params 0 */
    uint32_t n = isnan(t->objective) ? 0u : 3u;
    if (!t->cancelled &&
        t->progress(t->user_data, t->iteration, t->objective, t->best, n) != 0) {
        t->cancelled = 1;
    }
    return (int)t->cancelled;
}

/* Count the work of period i of a pass; nonzero when the caller cancelled (stop the pass). */
static int tick_period(bass_tick *t, size_t i) {
    if (t == NULL || t->progress == NULL) {
        return 0;
    }
    if (t->cancelled) {
        return 1;
    }
    if ((i % TICK_PERIODS) != TICK_PERIODS - 1) {
        return 0;
    }
    t->work += TICK_UNITS;
    return (t->work >= TICK_WORK) ? tick_consult(t) : 0;
}

static int tick_cancelled(const bass_tick *t) {
    return t != NULL && t->cancelled;
}

/* ---- validation ---------------------------------------------------------------------------- */

static int check_params(const clv_bass_params *b) {
    int st;
    if ((st = clv__check_positive(b->p)) != CLV_OK || (st = clv__check_nonneg(b->q)) != CLV_OK ||
        (st = clv__check_positive(b->m)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

/* Adoption counts: each finite and >= 0; their total through *total (may be +inf). */
/* The adopters' total; the first bad period is recorded in `diag` (may be null). */
static int check_counts(const double *counts, size_t n, double *total, bass_tick *tick,
                        clv_diag *diag) {
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (tick_period(tick, i)) {
            return CLV_ECANCELED;
        }
        if (clv__check_nonneg(counts[i]) != CLV_OK) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_ADOPTERS,
                                 isfinite(counts[i]) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE, i,
                                 counts[i], 0.0);
        }
        sum += counts[i];
    }
    *total = sum;
    return CLV_OK;
}

/* ---- the curve ----------------------------------------------------------------------------- */

/*
 * F(t) = F(p/2, q/2, 2t): halving both rates and doubling time leaves s t and q/p unchanged.
 * The curve functions use it when p + q overflows, so s is always finite below.
 */
static void fold_rates(double *p, double *q, double *time_scale) {
    *time_scale = 1.0;
    if (!isfinite(*p + *q)) {
        *p *= 0.5;
        *q *= 0.5;
        *time_scale = 2.0;
    }
}

/* S = E s / D, in [0, 1]: as E (s/D) (s/D in [1, 1 + q/p]) unless s/D overflows, so that a
 * small E times a small s does not underflow first. */
static double surv(double e, double s, double d) {
    double ratio = s / d;
    return fmin(isfinite(ratio) ? e * ratio : (e * s) / d, 1.0); /* rounding may exceed 1 */
}

/* F(t) and S(t) = 1 - F(t) for p + q finite, t >= 0 (t may be +inf after scaling). */
static void curve(double p, double q, double t, double *F, double *S) {
    double s = p + q;
    double st = (t == 0.0) ? 0.0 : s * t;
    double e = exp(-st);
    double d = p + q * e;       /* >= p > 0, <= s */
    *F = -expm1(-st) * (p / d); /* p/d <= 1: no underflow of a product of two tiny numbers */
    *S = surv(e, s, d);
}

/* F(t1 + len) - F(t1) = S(t1) (1 - e^{-s len}) p / D(t1 + len), for p + q finite, t1 >= 0,
 * len >= 0 (either may be +inf after scaling: the length is passed, not the end, so two
 * equal huge times give an empty interval and not inf - inf). */
static double interval_share(double p, double q, double t1, double len) {
    double s = p + q;
    double F1;
    double S1;
    curve(p, q, t1, &F1, &S1);
    double t2 = t1 + len;
    double grow = (len == 0.0) ? 0.0 : -expm1(-s * len);
    double e2 = (t2 == 0.0) ? 1.0 : exp(-s * t2);
    return S1 * grow * (p / (p + q * e2));
}

int clv_bass_cumulative(const clv_bass_params *params, double t, double *cumulative) {
    int st;
    if (params == NULL || cumulative == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    double p = params->p;
    double q = params->q;
    double k;
    double F;
    double S;
    fold_rates(&p, &q, &k);
    curve(p, q, k * t, &F, &S);
    *cumulative = F;
    return CLV_OK;
}

int clv_bass_density(const clv_bass_params *params, double t, double *density) {
    int st;
    if (params == NULL || density == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = clv__check_nonneg(t)) != CLV_OK) {
        return st;
    }
    double p = params->p;
    double q = params->q;
    double k;
    double F;
    double S;
    fold_rates(&p, &q, &k);
    curve(p, q, k * t, &F, &S);
    /* f(t) = k g(k t) for the folded rates g; (p + q F) S <= p + q is finite. */
    double v = k * ((p + q * F) * S);
    if ((st = clv__check_result(v)) != CLV_OK) {
        return st;
    }
    *density = v;
    return CLV_OK;
}

int clv_bass_adopters(const clv_bass_params *params, double t1, double t2, double *adopters) {
    int st;
    if (params == NULL || adopters == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = clv__check_nonneg(t1)) != CLV_OK ||
        (st = clv__check_nonneg(t2)) != CLV_OK) {
        return st;
    }
    if (!(t2 >= t1)) {
        return CLV_EDOM;
    }
    double p = params->p;
    double q = params->q;
    double k;
    fold_rates(&p, &q, &k);
    *adopters = params->m * interval_share(p, q, k * t1, k * (t2 - t1)); /* <= m */
    return CLV_OK;
}

int clv_bass_peak(const clv_bass_params *params, clv_bass_peak_info *peak) {
    int st;
    if (params == NULL || peak == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK) {
        return st;
    }
    double p = params->p;
    double q = params->q;
    clv_bass_peak_info out;
    memset(&out, 0, sizeof out);
    if (q > p) {
        /* t* = ln(q/p)/(p+q): log1p of (q-p)/p (exact difference) keeps the digits when q is
         * close to p; log q - log p avoids overflow of q/p when they are far apart. */
        double log_ratio = (q < 2.0 * p) ? log1p((q - p) / p) : log(q) - log(p);
        double half_s = 0.5 * p + 0.5 * q; /* (p+q)/2 cannot overflow */
        out.time = log_ratio / half_s * 0.5;
        out.density = half_s * (half_s / q);  /* (p+q)^2 / (4q) */
        out.cumulative = 0.5 * ((q - p) / q); /* 2q may overflow */
        out.interior = 1;
    } else {
        out.time = 0.0; /* f is non-increasing: its maximum over t >= 0 is f(0) = p */
        out.density = p;
        out.cumulative = 0.0;
        out.interior = 0;
    }
    out.adopters = params->m * out.density;
    if ((st = clv__check_result(out.time)) != CLV_OK ||
        (st = clv__check_result(out.density)) != CLV_OK ||
        (st = clv__check_result(out.adopters)) != CLV_OK) {
        return st;
    }
    *peak = out;
    return CLV_OK;
}

int clv_bass_forecast(const clv_bass_params *params, double start, int model, size_t count,
                      double *adopters) {
    int st;
    if (params == NULL || adopters == NULL || count == 0 ||
        (model != CLV_BASS_INTERVAL && model != CLV_BASS_DENSITY)) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = clv__check_nonneg(start)) != CLV_OK) {
        return st;
    }
    double p = params->p;
    double q = params->q;
    double m = params->m;
    double k;
    fold_rates(&p, &q, &k);
    if (model == CLV_BASS_DENSITY) {
        /* m f(t) <= m max f, the peak: if that is finite, so is every value. */
        clv_bass_peak_info peak;
        if ((st = clv_bass_peak(params, &peak)) != CLV_OK) {
            return st;
        }
        for (size_t i = 0; i < count; i++) {
            double F;
            double S;
            curve(p, q, k * (start + (double)i + 1.0), &F, &S);
            adopters[i] = m * (k * ((p + q * F) * S));
        }
        return CLV_OK;
    }
    for (size_t i = 0; i < count; i++) {
        double t1 = start + (double)i;
        adopters[i] = m * interval_share(p, q, k * t1, k);
    }
    return CLV_OK;
}

/* ---- the likelihood ------------------------------------------------------------------------ */

/* The multinomial log-likelihood of Schmittlein & Mahajan (1982) and its derivatives, in the
 * coordinates of the header comment: gs = d/ds, kr (d/dr = p kr), and the (s, rho) Hessian. */
typedef struct ml_sums {
    double loglik;
    double magnitude;        /* sum of the terms' sizes: the scale of loglik's rounding error */
    double gs, kr;           /* of the whole LL except the Gamma terms */
    double hss, hsr, hrr;    /* d2/ds2, d2/ds drho, d2/drho2 */
    double log_surv;         /* log S(n) */
    double surv_gs, surv_kr; /* d log S(n) / ds, and its kr */
    double dm;               /* dLL/dm */
    double hmm;              /* d2LL/dm2 */
} ml_sums;

/*
 * The per-point quantities of the header comment at x: E, D, w, om, c, and the two logarithms
 * the likelihood needs, log S(x) and log(p/D). Each is formed so that it keeps its relative
 * precision whatever the parameters:
 *   log S = log1p(-F) while F < 1/2 (F = (1 - E) p/D is accurate; -s x + log(s/D) would
 *           cancel when q >> p and s x is small: both terms ~ s x, their sum ~ F);
 *         = -s x + log1p(q (1 - E)/D) beyond (s/D - 1 = q (1 - E)/D);
 *   log(p/D) = -log1p(q E/p) while q E < p, log p - log D beyond.
 */
typedef struct point {
    double x, e, d, log_surv, log_pd, w, om, c;
} point;

static point at(double p, double q, double s, double x) {
    point pt;
    pt.x = x;
    pt.e = (x == 0.0) ? 1.0 : exp(-s * x);
    pt.d = p + q * pt.e;
    double one_minus_e = (pt.e < 0.5) ? 1.0 - pt.e : -expm1(-s * x);
    double F = one_minus_e * (p / pt.d);
    pt.log_surv = (F < 0.5) ? log1p(-F) : -s * x + log1p(q * one_minus_e / pt.d);
    double qe = q * pt.e;
    pt.log_pd = (qe < p) ? -log1p(qe / p) : log(p) - log(pt.d);
    pt.w = qe / pt.d;
    pt.om = p / pt.d;
    pt.c = pt.e / pt.d;
    return pt;
}

/*
 * level 0: loglik only; 1: with the gradient terms; 2: with the Hessian terms too. p, q > 0
 * (q >= 0 for levels 0 and 1), rest = m - N >= 0, total = N, log_fact = sum ln Gamma(y+1).
 */
static void ml_evaluate(double p, double q, double rest, double total, double log_fact,
                        const double *y, size_t n, int level, ml_sums *o, bass_tick *tick) {
    memset(o, 0, sizeof *o);
    double s = p + q;
    double log_grow = log(-expm1(-s)); /* log(1 - e^{-s}) */
    double inv_em1 = 1.0 / expm1(s);
    double sh = sinh(0.5 * s);
    double curv = 0.25 / (sh * sh); /* 1/(4 sinh^2(s/2)) = e^s / expm1(s)^2 */
    double pq = (q / s) * (p / s);
    point a = at(p, q, s, 0.0);
    point b = a;
    double ll = 0.0;
    /* A period without adopters adds nothing: its points are formed only next to periods
     * with adopters (b of period i is a of period i + 1), so a long series of mostly empty
     * periods costs a test per period plus the work of the others. */
    size_t have_a = 0; /* a is the point at have_a */
    for (size_t i = 0; i < n; i++) {
        if (tick_period(tick, i)) {
            o->loglik = NAN;
            return;
        }
        double yi = y[i];
        if (yi > 0.0) {
            if (have_a != i) {
                a = at(p, q, s, (double)i);
            }
            b = at(p, q, s, (double)(i + 1));
            have_a = i + 1;
            /* log[F(b) - F(a)] = log S(a) + log(1 - e^{-s}) + log(p/D(b)) */
            double term = yi * (a.log_surv + log_grow + b.log_pd);
            ll += term;
            o->magnitude += fabs(term);
            if (level >= 1) {
                o->gs += yi * (-a.x * a.om + b.x * b.w + inv_em1);
                o->kr += yi * (1.0 / s - a.c - b.c);
            }
            if (level >= 2) {
                double va = a.w * a.om;
                double vb = b.w * b.om;
                o->hss += yi * (-a.x * a.x * va - b.x * b.x * vb - curv);
                o->hsr += yi * (a.x * va + b.x * vb);
                o->hrr += yi * (pq - va - vb);
            }
            a = b;
        }
    }
    if (have_a != n) {
        b = at(p, q, s, (double)n);
    }
    /* Those who have not adopted by n: (m - N) log S(n). */
    o->log_surv = b.log_surv;
    o->surv_gs = -b.x * b.om;
    o->surv_kr = 1.0 / s - b.c;
    if (rest > 0.0) {
        ll += rest * o->log_surv;
        o->magnitude += fabs(rest * o->log_surv);
        o->gs += rest * o->surv_gs;
        o->kr += rest * o->surv_kr;
        if (level >= 2) {
            double vb = b.w * b.om;
            o->hss += rest * (-b.x * b.x * vb);
            o->hsr += rest * (b.x * vb);
            o->hrr += rest * (pq - vb);
        }
    }
    /* ln Gamma(m+1) - ln Gamma(m-N+1) - sum ln Gamma(y+1), and its m-derivatives psi(m+1) -
     * psi(m-N+1) and psi'(m+1) - psi'(m-N+1). */
    double log_comb = clv__lgamma_ratio(rest + 1.0, total);
    o->loglik = ll + log_comb - log_fact;
    o->magnitude += fabs(log_comb) + fabs(log_fact);
    if (level >= 1) {
        o->dm = clv__digamma_diff(rest + 1.0, total) + o->log_surv;
    }
    if (level >= 2) {
        o->hmm = clv__trigamma(rest + 1.0 + total) - clv__trigamma(rest + 1.0);
    }
}

static double log_factorials(const double *y, size_t n, bass_tick *tick) {
    double v = 0.0;
    for (size_t i = 0; i < n && !tick_period(tick, i); i++) {
        v += (y[i] > 0.0) ? clv__lgamma(y[i] + 1.0) : 0.0; /* ln 0! = 0 */
    }
    return v;
}

int clv_bass_loglik(const clv_bass_params *params, const double *counts, size_t n, double *loglik,
                    double *gradient) {
    int st;
    double total;
    if (params == NULL || counts == NULL || loglik == NULL || n == 0) {
        return CLV_EINVAL;
    }
    if ((st = check_params(params)) != CLV_OK || (st = check_counts(counts, n, &total, NULL, NULL)) != CLV_OK) {
        return st;
    }
    if (!isfinite(total)) {
        return CLV_ERANGE;
    }
    if (!(params->m >= total)) {
        return CLV_EDOM;
    }
    double p = params->p;
    double q = params->q;
    if (!isfinite(p + q)) {
        return CLV_ERANGE; /* every period of length 1 would hold all adoption */
    }
    ml_sums o;
    ml_evaluate(p, q, params->m - total, total, log_factorials(counts, n, NULL), counts, n,
                gradient != NULL, &o, NULL); /* the gradient's sums only when asked for */
    double g[3] = {o.gs - (q / p) * o.kr, o.gs + o.kr, o.dm};
    if (!isfinite(o.loglik)) {
        return CLV_ERANGE;
    }
    for (int i = 0; i < 3; i++) {
        if (gradient != NULL && !isfinite(g[i])) {
            return CLV_ERANGE;
        }
    }
    *loglik = o.loglik;
    if (gradient != NULL) {
        memcpy(gradient, g, sizeof g);
    }
    return CLV_OK;
}

/* ---- small linear algebra ------------------------------------------------------------------ */

/* Cholesky factor (lower, row-major 3x3) of a + lambda diag(scale); 0 if not positive
 * definite. */
static int cholesky3(const double *a, double lambda, const double *scale, double *l) {
    memset(l, 0, 9 * sizeof *l);
    for (int j = 0; j < 3; j++) {
        double diag = a[j * 3 + j] + lambda * scale[j];
        for (int k = 0; k < j; k++) {
            diag -= l[j * 3 + k] * l[j * 3 + k];
        }
        if (!(diag > 0.0) || !isfinite(diag)) {
            return 0;
        }
        l[j * 3 + j] = sqrt(diag);
        for (int i = j + 1; i < 3; i++) {
            double v = a[i * 3 + j];
            for (int k = 0; k < j; k++) {
                v -= l[i * 3 + k] * l[j * 3 + k];
            }
            l[i * 3 + j] = v / l[j * 3 + j];
        }
    }
    return 1;
}

/* Solve L L' x = b. */
static void cholesky3_solve(const double *l, const double *b, double *x) {
    double z[3];
    for (int i = 0; i < 3; i++) {
        double v = b[i];
        for (int k = 0; k < i; k++) {
            v -= l[i * 3 + k] * z[k];
        }
        z[i] = v / l[i * 3 + i];
    }
    for (int i = 2; i >= 0; i--) {
        double v = z[i];
        for (int k = i + 1; k < 3; k++) {
            v -= l[k * 3 + i] * x[k];
        }
        x[i] = v / l[i * 3 + i];
    }
}

/* The inverse of a symmetric positive definite 3x3 matrix; 0 if it is not one. */
static int inverse3(const double *a, double *inv) {
    static const double none[3] = {0.0, 0.0, 0.0};
    double l[9];
    if (!cholesky3(a, 0.0, none, l)) {
        return 0;
    }
    for (int c = 0; c < 3; c++) {
        double e[3] = {0.0, 0.0, 0.0};
        double x[3];
        e[c] = 1.0;
        cholesky3_solve(l, e, x);
        for (int i = 0; i < 3; i++) {
            inv[i * 3 + c] = x[i];
        }
    }
    for (int i = 0; i < 9; i++) {
        if (!isfinite(inv[i])) {
            return 0;
        }
    }
    return 1;
}

static double max_abs3(const double *v) {
    return fmax(fabs(v[0]), fmax(fabs(v[1]), fabs(v[2])));
}

/* ---- the fit's objective ------------------------------------------------------------------- */

typedef struct fit_data {
    const double *y; /* the caller's counts */
    size_t n;
    int method;
    int model;
    double scale;       /* NLS: the largest count; the objective uses y / scale */
    double total;       /* N */
    double log_fact;    /* sum ln Gamma(y + 1) (ML) */
    double half_sum_y2; /* sum (y / scale)^2 / 2 (NLS): the size of the SSE's rounding */
    bass_tick *tick;    /* progress and cancellation */
} fit_data;

/* The parameters of a point u of the search: p, q, and m (NLS: in units of scale). */
static void unpack(const fit_data *fd, const double *u, double *p, double *q, double *m) {
    *p = exp(u[0]);
    *q = exp(u[1]);
    *m = (fd->method == CLV_BASS_ML) ? fd->total + exp(u[2]) : exp(u[2]);
}

/* Shape of period i's model (adopters / m) and, when g is not null, its log-derivatives
 * (d/ds, kr). a and b are the points at the period's ends (the density uses b only). */
static double nls_shape(const fit_data *fd, double p, double q, double s, double grow,
                        double inv_em1, const point *a, const point *b, double *g) {
    if (fd->model == CLV_BASS_DENSITY) {
        double t = b->x;
        double F = -expm1(-s * t) * b->om;
        double S = surv(b->e, s, b->d);
        if (g != NULL) {
            g[0] = 1.0 / s - t + 2.0 * t * b->w;
            g[1] = 1.0 / s - 2.0 * b->c;
        }
        return (p + q * F) * S;
    }
    if (g != NULL) {
        g[0] = -a->x * a->om + b->x * b->w + inv_em1;
        g[1] = 1.0 / s - a->c - b->c;
    }
    return surv(a->e, s, a->d) * grow * b->om; /* S(a) (1 - e^{-s}) p / D(b) */
}

/* Point quantities without the logarithm (NLS needs no log D). */
static point at_nolog(double p, double q, double s, double x) {
    point pt;
    pt.x = x;
    pt.e = exp(-s * x);
    pt.d = p + q * pt.e;
    pt.log_surv = 0.0;
    pt.log_pd = 0.0;
    pt.w = q * pt.e / pt.d;
    pt.om = p / pt.d;
    pt.c = pt.e / pt.d;
    return pt;
}

/*
 * NLS: objective SSE/2 over y / scale, gradient -J'r and Gauss-Newton matrix J'J, J the
 * Jacobian of the fitted values in u = (log p, log q, log m). Also sets *sse.
 */
static int nls_objective(const fit_data *fd, const double *u, int derivs, double *f, double *g,
                         double *A, double *noise) {
    double p;
    double q;
    double m;
    unpack(fd, u, &p, &q, &m);
    double s = p + q;
    double grow = -expm1(-s);
    double inv_em1 = 1.0 / expm1(s);
    double inv_scale = 1.0 / fd->scale;
    point a = at_nolog(p, q, s, 0.0);
    double sse = 0.0;
    double jtr[3] = {0.0, 0.0, 0.0};
    double jtj[9] = {0.0};
    for (size_t i = 0; i < fd->n; i++) {
        if (tick_period(fd->tick, i)) {
            return 0;
        }
        point b = at_nolog(p, q, s, (double)(i + 1));
        double dg[2];
        double mu = m * nls_shape(fd, p, q, s, grow, inv_em1, &a, &b, derivs ? dg : NULL);
        double r = fd->y[i] * inv_scale - mu;
        sse += r * r;
        if (derivs) {
            double j[3] = {mu * (p * dg[0] - q * dg[1]), mu * (q * dg[0] + q * dg[1]), mu};
            for (int k = 0; k < 3; k++) {
                jtr[k] += j[k] * r;
                for (int l = 0; l <= k; l++) {
                    jtj[k * 3 + l] += j[k] * j[l];
                }
            }
        }
        a = b;
    }
    *f = 0.5 * sse;
    *noise = fd->half_sum_y2; /* residuals carry rounding of the size of the counts */
    if (!isfinite(*f)) {
        return 0;
    }
    if (derivs) {
        for (int k = 0; k < 3; k++) {
            g[k] = -jtr[k];
            for (int l = 0; l <= k; l++) {
                A[k * 3 + l] = A[l * 3 + k] = jtj[k * 3 + l];
            }
        }
    }
    return 1;
}

/*
 * The gradient and Hessian of the log-likelihood in u = (log p, log q, log(m - N)) from the
 * (s, rho) sums: d/dlp = p gs - gr, d/dlq = q gs + gr (gr = q kr = d/drho), and
 *   H_lp,lp = p^2 Hss - 2p Hsr + Hrr + p gs,  H_lq,lq = q^2 Hss + 2q Hsr + Hrr + q gs,
 *   H_lp,lq = pq Hss + (p - q) Hsr - Hrr;
 * with k = m - N: d/dlk = k dm, H_lk,lk = k^2 hmm + k dm, H_lk,lp = k (p sgs - q skr),
 * H_lk,lq = k (q sgs + q skr), (sgs, skr) the derivatives of log S(n).
 */
static void ml_derivatives_u(double p, double q, double rest, const ml_sums *o, double *g,
                             double *H) {
    double gr = q * o->kr;
    g[0] = p * o->gs - gr;
    g[1] = q * o->gs + gr;
    g[2] = rest * o->dm;
    H[0] = p * p * o->hss - 2.0 * p * o->hsr + o->hrr + p * o->gs;
    H[4] = q * q * o->hss + 2.0 * q * o->hsr + o->hrr + q * o->gs;
    H[1] = H[3] = p * q * o->hss + (p - q) * o->hsr - o->hrr;
    H[8] = rest * rest * o->hmm + rest * o->dm;
    H[2] = H[6] = rest * (p * o->surv_gs - q * o->surv_kr);
    H[5] = H[7] = rest * (q * o->surv_gs + q * o->surv_kr);
}

/* ML: objective -LL, gradient and Hessian of -LL in u. */
static int ml_objective(const fit_data *fd, const double *u, int derivs, double *f, double *g,
                        double *A, double *noise) {
    double p;
    double q;
    double m;
    unpack(fd, u, &p, &q, &m);
    double rest = exp(u[2]);
    if (!isfinite(p + q) || !isfinite(rest) || !(rest > 0.0)) {
        return 0;
    }
    ml_sums o;
    ml_evaluate(p, q, rest, fd->total, fd->log_fact, fd->y, fd->n, derivs ? 2 : 0, &o, fd->tick);
    *f = -o.loglik;
    *noise = o.magnitude;
    if (!isfinite(*f)) {
        return 0;
    }
    if (derivs) {
        double gu[3];
        double H[9];
        ml_derivatives_u(p, q, rest, &o, gu, H);
        for (int i = 0; i < 3; i++) {
            g[i] = -gu[i];
        }
        for (int i = 0; i < 9; i++) {
            A[i] = -H[i];
        }
    }
    return 1;
}

/* The objective, its gradient g and model matrix A (n x n, positive semi-definite for NLS);
 * 0 when it cannot be evaluated at u (or is not finite). */
static int objective(const fit_data *fd, const double *u, int derivs, double *f, double *g,
                     double *A, double *noise) {
    double unused;
    if (noise == NULL) {
        noise = &unused;
    }
    /* Every parameter (and m - N) a normal positive double: a search that drifts to where
     * exp(u) underflows or overflows has left the model, whatever the arithmetic says. */
    for (int i = 0; i < 3; i++) {
        if (!(u[i] >= LOG_DBL_MIN) || !(u[i] <= LOG_DBL_MAX)) {
            return 0;
        }
    }
    int ok = (fd->method == CLV_BASS_ML) ? ml_objective(fd, u, derivs, f, g, A, noise)
                                         : nls_objective(fd, u, derivs, f, g, A, noise);
    if (ok && derivs) {
        for (int i = 0; i < 3 && ok; i++) {
            ok = isfinite(g[i]);
        }
        for (int i = 0; i < 9 && ok; i++) {
            ok = isfinite(A[i]);
        }
    }
    return ok;
}

/* ---- starting points ----------------------------------------------------------------------- */

/*
 * m at its best for given p and q, as the third coordinate of u. NLS: the least-squares m,
 * sum y g / sum g^2 (the model is linear in m). ML: m - N = N S(n)/F(n), the root of
 * dLL/dm = 0 when ln Gamma(m+1) - ln Gamma(m-N+1) is taken as N ln m (floored at 1e-6 N).
 * Returns 0 if there is none.
 */
static int profile_m(const fit_data *fd, double p, double q, double *u2) {
    double s = p + q;
    if (fd->method == CLV_BASS_ML) {
        double F;
        double S;
        curve(p, q, (double)fd->n, &F, &S);
        double rest = fmax(fd->total * (S / F), 1e-6 * fd->total);
        *u2 = log(rest);
        return isfinite(*u2);
    }
    double grow = -expm1(-s);
    double inv_em1 = 1.0 / expm1(s);
    point a = at_nolog(p, q, s, 0.0);
    double yg = 0.0;
    double gg = 0.0;
    for (size_t i = 0; i < fd->n; i++) {
        if (tick_period(fd->tick, i)) {
            return 0;
        }
        point b = at_nolog(p, q, s, (double)(i + 1));
        double g = nls_shape(fd, p, q, s, grow, inv_em1, &a, &b, NULL);
        yg += fd->y[i] / fd->scale * g;
        gg += g * g;
        a = b;
    }
    double m = yg / gg;
    *u2 = log(m);
    return m > 0.0 && isfinite(*u2);
}

/*
 * Bass (1969)'s regression S_t = a + b Y_{t-1} + c Y_{t-1}^2, with a = pm, b = q - p, c = -q/m
 * (S_t adopters of period t, Y_{t-1} adopters before it), fitted by least squares on counts
 * divided by N; then m is the positive root of a + b Y + c Y^2, p = a/m, q = -c m. Returns 0
 * when the roots are not valid (c >= 0, a <= 0, a singular system).
 */
static int regression_start(const fit_data *fd, double *p, double *q) {
    double xtx[9] = {0.0};
    double xty[3] = {0.0};
    double cum = 0.0;
    for (size_t i = 0; i < fd->n; i++) {
        if (tick_period(fd->tick, i)) {
            return 0;
        }
        double x[3] = {1.0, cum, cum * cum};
        double yi = fd->y[i] / fd->total;
        for (int k = 0; k < 3; k++) {
            xty[k] += x[k] * yi;
            for (int l = 0; l < 3; l++) {
                xtx[k * 3 + l] += x[k] * x[l];
            }
        }
        cum += yi;
    }
    static const double none[3] = {0.0, 0.0, 0.0};
    double l[9];
    double coef[3];
    if (!cholesky3(xtx, 0.0, none, l)) {
        return 0;
    }
    cholesky3_solve(l, xty, coef);
    double a = coef[0];
    double b = coef[1];
    double c = coef[2];
    if (!(a > 0.0) || !(c < 0.0)) {
        return 0;
    }
    double m = (-b - sqrt(b * b - 4.0 * a * c)) / (2.0 * c); /* > 0 when a > 0 > c */
    *p = a / m;
    *q = -c * m;
    return *p > 0.0 && *q > 0.0 && isfinite(*p) && isfinite(*q);
}

typedef struct start_point {
    double u[3];
    double f;
} start_point;

/* The candidates, sorted by objective (best first); returns how many could be evaluated. */
static size_t start_points(const fit_data *fd, start_point *out, uint32_t *evaluations) {
    /* p + q = s in {1, 3, 10} / n, q/p in {0.5, 5, 50, 500}: peaks from the launch to well
     * past the data, fast and slow diffusion. */
    static const double s_times_n[3] = {1.0, 3.0, 10.0};
    static const double ratio[4] = {0.5, 5.0, 50.0, 500.0};
    double pq[N_GRID + 1][2];
    size_t k = 0;
    if (regression_start(fd, &pq[k][0], &pq[k][1])) {
        k++;
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
            double s = s_times_n[i] / (double)fd->n;
            pq[k][0] = s / (1.0 + ratio[j]);
            pq[k][1] = s * ratio[j] / (1.0 + ratio[j]);
            k++;
        }
    }
    size_t count = 0;
    for (size_t i = 0; i < k; i++) {
        start_point sp;
        sp.u[0] = log(pq[i][0]);
        sp.u[1] = log(pq[i][1]);
        if (!profile_m(fd, pq[i][0], pq[i][1], &sp.u[2])) {
            continue;
        }
        (*evaluations)++;
        if (!objective(fd, sp.u, 0, &sp.f, NULL, NULL, NULL)) {
            continue;
        }
        size_t j = count++; /* insertion sort: a dozen entries */
        while (j > 0 && out[j - 1].f > sp.f) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = sp;
    }
    return count;
}

/* ---- Levenberg-Marquardt --------------------------------------------------------------------- */

typedef struct lm_state {
    double u[3];
    double f;
    double g[3];
    double A[9];
    double noise; /* scale of the rounding error of f */
    uint32_t iterations;
    uint32_t evaluations;
    uint32_t converged;
    uint32_t valid; /* the starting point could be evaluated */
    double step;       /* where it stopped unconverged: the full step's size (newton_size) */
    double step_limit; /* ... and the limit it missed (tol at the cap, sqrt(tol) on a stall) */
} lm_state;

/* Solve (A + lambda D) d = -g, D = diag(max(|A_ii|, 1e-12 max_j |A_jj|)) (Marquardt 1963,
 * "An algorithm for least-squares estimation of nonlinear parameters", J. SIAM 11(2)
 * 431-441: the damping scaled by the diagonal). 0 if not positive definite. */
static int damped_step(const double *A, const double *g, double lambda, double *d) {
    double scale[3];
    double big = fmax(fabs(A[0]), fmax(fabs(A[4]), fabs(A[8])));
    for (int i = 0; i < 3; i++) {
        scale[i] = fmax(fabs(A[i * 3 + i]), 1e-12 * big);
        if (!(scale[i] > 0.0)) {
            scale[i] = 1.0;
        }
    }
    double l[9];
    if (!cholesky3(A, lambda, scale, l)) {
        return 0;
    }
    double minus_g[3] = {-g[0], -g[1], -g[2]};
    cholesky3_solve(l, minus_g, d);
    return isfinite(d[0]) && isfinite(d[1]) && isfinite(d[2]);
}

/* The largest component of the undamped step -A^-1 g, +INFINITY when A is not positive
 * definite: how far the (Gauss-)Newton model puts the optimum, in log-parameters. */
static double newton_size(const double *A, const double *g, double *d) {
    return damped_step(A, g, 0.0, d) ? max_abs3(d) : INFINITY;
}

/*
 * Minimise the objective from u0. Converged when the undamped step -A^-1 g (Gauss-Newton for
 * NLS, Newton for ML, A positive definite) is at most `tol` in every log-parameter. A step is
 * accepted when it lowers the objective; the damping falls tenfold after a success and rises
 * tenfold after a failure. Near the optimum the objective's values agree to their rounding
 * and cannot tell a better point from a worse one: there a step is also accepted when the
 * value stays within FLAT_EPS of the current one -- relative to the size of the terms it is
 * summed from, which for the likelihood are far larger than the value itself (N ln m against
 * an LL of a few hundred) -- and the undamped step from the new point is shorter (the same idea as
 * the approximate Wolfe conditions of Hager & Zhang 2005, used by lib/math/optimizer.c). When no
 * damping gives either, the point is as good as the arithmetic allows: converged if the undamped
 * step is within sqrt(tol).
 */
#define FLAT_EPS 1e-12

/* Keep the search's point u (objective f) as the best so far if it is. */
static void tick_best(const fit_data *fd, const double *u, double f) {
    bass_tick *t = fd->tick;
    if (t == NULL || !(isnan(t->objective) || -f > t->objective)) {
        return;
    }
    double p;
    double q;
    double m;
    unpack(fd, u, &p, &q, &m);
    t->objective = -f;
    t->best[0] = p;
    t->best[1] = q;
    t->best[2] = (fd->method == CLV_BASS_NLS) ? m * fd->scale : m;
}

static void lm_run(const fit_data *fd, const double *u0, uint32_t max_iterations, double tol,
                   lm_state *s) {
    memset(s, 0, sizeof *s);
    memcpy(s->u, u0, sizeof s->u);
    s->evaluations = 1;
    if (!objective(fd, s->u, 1, &s->f, s->g, s->A, &s->noise)) {
        return;
    }
    s->valid = 1;
    tick_best(fd, s->u, s->f);
    double lambda = 0.0;
    double d0[3];
    double size0 = newton_size(s->A, s->g, d0);
    for (;;) {
        if (size0 <= tol) {
            s->converged = 1;
            return;
        }
        if (s->iterations >= max_iterations) {
            s->step = size0;
            s->step_limit = tol;
            return;
        }
        int accepted = 0;
        while (!accepted && lambda <= LAMBDA_MAX) {
            double d[3];
            if (lambda == 0.0 && isfinite(size0)) {
                memcpy(d, d0, sizeof d);
            } else if (!damped_step(s->A, s->g, lambda, d)) {
                lambda = (lambda == 0.0) ? LAMBDA_FIRST : 10.0 * lambda;
                continue;
            }
            double big = max_abs3(d);
            double shrink = (big > MAX_LOG_STEP) ? MAX_LOG_STEP / big : 1.0;
            double trial[3];
            double ft;
            double gt[3];
            double At[9];
            double dt[3];
            for (int i = 0; i < 3; i++) {
                trial[i] = s->u[i] + shrink * d[i];
            }
            s->evaluations++;
            double noise;
            int ok = objective(fd, trial, 1, &ft, gt, At, &noise);
            if (tick_cancelled(fd->tick)) {
                return;
            }
            if (ok) {
                double size_trial = newton_size(At, gt, dt);
                double flat = FLAT_EPS * fmax(fabs(s->f), s->noise);
                accepted = ft < s->f || (ft <= s->f + flat && size_trial < size0);
                if (accepted) {
                    memcpy(s->u, trial, sizeof s->u);
                    memcpy(s->g, gt, sizeof s->g);
                    memcpy(s->A, At, sizeof s->A);
                    memcpy(d0, dt, sizeof d0);
                    s->f = ft;
                    s->noise = noise;
                    size0 = size_trial;
                    lambda = (lambda * 0.1 < LAMBDA_MIN) ? 0.0 : lambda * 0.1;
                }
            }
            if (!accepted) {
                lambda = (lambda == 0.0) ? LAMBDA_FIRST : 10.0 * lambda;
            }
        }
        if (!accepted) {
            s->converged = size0 <= sqrt(tol);
            s->step = size0;
            s->step_limit = sqrt(tol);
            return;
        }
        s->iterations++;
        tick_best(fd, s->u, s->f);
        if (fd->tick != NULL && fd->tick->progress != NULL) {
            fd->tick->iteration++;
            if (tick_consult(fd->tick)) { /* once per accepted step */
                return;
            }
        }
    }
}

/* ---- the fit ------------------------------------------------------------------------------- */

int clv_bass_fit_options_init(clv_bass_fit_options *options) {
    if (options == NULL) {
        return CLV_EINVAL;
    }
    memset(options, 0, sizeof *options);
    options->struct_size = (uint32_t)sizeof *options;
    options->progress = NULL;
    options->user_data = NULL;
    options->method = CLV_BASS_NLS;
    options->model = CLV_BASS_INTERVAL;
    options->max_iterations = DEFAULT_MAX_ITERATIONS;
    options->use_start = 0;
    options->tolerance = DEFAULT_TOLERANCE;
    return CLV_OK;
}

/* clv_bass_fit_options before the progress callback (issue 21): callers built against it pass
 * this struct_size and get no callback. A size between the two layouts ends inside a pointer
 * and is no caller's layout. */
#define BASS_OPTIONS_V0_SIZE offsetof(clv_bass_fit_options, progress)
/* ... and before the diag pointer (issue 15): no diagnostic record. */
#define BASS_OPTIONS_V1_SIZE offsetof(clv_bass_fit_options, diag)

/* Copy the options' layout into `out` (defaults for a null pointer, and for what an older
 * layout lacks). Only the caller's struct_size bytes are read. */
static int read_layout(const clv_bass_fit_options *options, clv_bass_fit_options *out) {
    int st;
    clv__options_header head;
    clv_bass_fit_options_init(out);
    if (options == NULL) {
        return CLV_OK;
    }
    if ((st = clv__check_options(options, BASS_OPTIONS_V0_SIZE, sizeof *out)) != CLV_OK) {
        return st;
    }
    memcpy(&head, options, sizeof head);
    if (head.struct_size != BASS_OPTIONS_V0_SIZE && head.struct_size != BASS_OPTIONS_V1_SIZE &&
        head.struct_size < sizeof *out) {
        return CLV_ESTRUCT; /* between two layouts: no caller's struct */
    }
    size_t given = head.struct_size < sizeof *out ? head.struct_size : sizeof *out;
    memcpy(out, options, given);
    out->struct_size = (uint32_t)sizeof *out;
    return CLV_OK;
}

/* Validate the options read by read_layout(), recording the first bad one in out->diag. */
static int check_options(const clv_bass_fit_options *out) {
    clv_diag *diag = out->diag;
    if (out->method != CLV_BASS_NLS && out->method != CLV_BASS_ML) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_METHOD, CLV_RULE_BAD_FLAG,
                             (double)out->method, 0.0);
    }
    if (out->model != CLV_BASS_INTERVAL && out->model != CLV_BASS_DENSITY) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_MODEL, CLV_RULE_BAD_FLAG,
                             (double)out->model, 0.0);
    }
    if (out->method == CLV_BASS_ML && out->model != CLV_BASS_INTERVAL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_MODEL, CLV_RULE_CONFLICT,
                             (double)out->model, (double)out->method);
    }
    if (out->max_iterations == 0) {
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_MAX_ITERATIONS, CLV_RULE_BELOW_MIN, 0.0,
                             1.0);
    }
    double tol = out->tolerance;
    if (!(tol > 0.0) || !(tol <= 0.01)) {
        int rule = !isfinite(tol) ? CLV_RULE_NOT_FINITE
                   : !(tol > 0.0) ? CLV_RULE_NOT_POSITIVE
                                  : CLV_RULE_ABOVE_MAX;
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_TOLERANCE, rule, tol,
                             rule == CLV_RULE_ABOVE_MAX ? 0.01 : 0.0);
    }
    if (out->use_start > 1) {
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG,
                             (double)out->use_start, 0.0);
    }
    if (out->use_start) {
        const double start[3] = {out->start.p, out->start.q, out->start.m};
        for (uint32_t i = 0; i < 3; i++) {
            if (clv__check_positive(start[i]) != CLV_OK) {
                return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_START,
                                     isfinite(start[i]) ? CLV_RULE_NOT_POSITIVE
                                                        : CLV_RULE_NOT_FINITE,
                                     i, start[i], 0.0);
            }
        }
    }
    return CLV_OK;
}

/* Covariance of (p, q, m) from the search's final state, in the fit's units (NLS: m in units of
 * scale). NLS: sigma^2 (J'J)^-1 with J in the parameters, sigma^2 = SSE/(n-3) (as R's nls;
 * Srinivasan & Mason 1986); ML: (-H)^-1, H the Hessian of LL in (p, q, m). Both from the u
 * matrices by theta_i theta_j scaling: J_theta = J_u / theta, and at a point where the gradient
 * g_u need not vanish exactly, -H_theta = (A + diag(g_u)) / (theta theta'), A = -H_u. */
static int covariance(const fit_data *fd, const lm_state *s, double *cov) {
    double p;
    double q;
    double m;
    unpack(fd, s->u, &p, &q, &m);
    double theta[3] = {p, q, exp(s->u[2])}; /* ML: m - N, whose differential is dm */
    double a[9];
    memcpy(a, s->A, sizeof a);
    if (fd->method == CLV_BASS_ML) {
        for (int i = 0; i < 3; i++) {
            a[i * 3 + i] -= s->g[i]; /* g here is d(-LL)/du = -g_u */
        }
    }
    double inv[9];
    if (!inverse3(a, inv)) {
        return 0;
    }
    double sigma2 = 1.0;
    if (fd->method == CLV_BASS_NLS) {
        sigma2 = 2.0 * s->f / (double)(fd->n - 3);
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            /* symmetrised: the columns of the inverse carry their own rounding */
            double v = 0.5 * (inv[i * 3 + j] + inv[j * 3 + i]);
            cov[i * 3 + j] = sigma2 * v * (theta[i] * theta[j]);
        }
    }
    return 1;
}

/* Fill the report and the parameters in the caller's units; CLV_ERANGE if anything does not
 * fit in a double. */
static int finish(const fit_data *fd, const lm_state *s, uint32_t evaluations,
                  clv_bass_params *params, clv_bass_fit_report *report, clv_diag *diag) {
    double p;
    double q;
    double m;
    unpack(fd, s->u, &p, &q, &m);
    double scale = (fd->method == CLV_BASS_NLS) ? fd->scale : 1.0;
    clv_bass_params est = {p, q, m * scale};
    clv_bass_fit_report rep;
    memset(&rep, 0, sizeof rep);
    double cov[9];
    int cov_ok = covariance(fd, s, cov);
    double n = (double)fd->n;
    double gu[3] = {-s->g[0], -s->g[1], -s->g[2]}; /* gradient of LL (NLS: of -SSE/2) in u */
    double sse;
    if (fd->method == CLV_BASS_NLS) {
        sse = 2.0 * s->f * scale * scale;
        /* R's logLik.nls: -n/2 (log(2 pi) + 1 - log n + log SSE); its u-gradient is
         * n J'r / SSE (SSE and J'r in the fit's units). */
        double ss = 2.0 * s->f;
        double log_sse = log(ss) + 2.0 * log(scale); /* SSE itself may under- or overflow */
        rep.fit.loglik = (ss > 0.0) ? -0.5 * n * (LOG_2PI + 1.0 - log(n) + log_sse) : INFINITY;
        rep.fit.gradient_norm = (ss > 0.0) ? n * max_abs3(gu) / ss : 0.0;
    } else {
        ml_sums o;
        ml_evaluate(p, q, exp(s->u[2]), fd->total, fd->log_fact, fd->y, fd->n, 1, &o, fd->tick);
        rep.fit.loglik = o.loglik;
        /* theta_i dLL/dtheta_i with theta_3 = m: m dm, not (m - N) dm */
        double gm[3] = {gu[0], gu[1], m * o.dm};
        rep.fit.gradient_norm = max_abs3(gm);
        /* SSE of the interval form at the estimate */
        sse = 0.0;
        for (size_t i = 0; i < fd->n; i++) {
            if (tick_period(fd->tick, i)) {
                return CLV_ECANCELED;
            }
            double r = fd->y[i] - m * interval_share(p, q, (double)i, 1.0);
            sse += r * r;
        }
    }
    rep.fit.n_params = 3;
    rep.fit.iterations = s->iterations;
    rep.fit.evaluations = evaluations;
    rep.fit.converged = s->converged;
    rep.fit.covariance_ok = (uint32_t)cov_ok;
    for (int i = 0; i < 3; i++) {
        double si = (i == 2) ? scale : 1.0;
        for (int j = 0; j < 3; j++) {
            double sj = (j == 2) ? scale : 1.0;
            rep.fit.covariance[i * 3 + j] = cov_ok ? cov[i * 3 + j] * (si * sj) : 0.0;
        }
        rep.fit.std_error[i] = cov_ok ? sqrt(cov[i * 3 + i]) * si : INFINITY;
    }
    rep.sse = sse;
    rep.residual_se = sqrt(sse / (n - 3.0));
    rep.n_periods = (uint32_t)fd->n;
    rep.df = (uint32_t)(fd->n - 3);
    rep.method = fd->method;
    rep.model = fd->model;
    int finite = isfinite(est.m) && isfinite(rep.sse) && isfinite(rep.fit.gradient_norm) &&
                 !isnan(rep.fit.loglik);
    for (int i = 0; i < 9; i++) {
        finite = finite && isfinite(rep.fit.covariance[i]); /* m's variance carries scale^2 */
    }
    if (!finite) {
        /* the estimate of m (in the caller's units), the SSE or the covariance overflows */
        return clv__diag_set(diag, CLV_ERANGE, CLV_FIELD_PARAMS, CLV_RULE_OVERFLOW, est.m, 0.0);
    }
    *params = est;
    if (report != NULL) {
        *report = rep;
    }
    if (!s->converged) {
        return clv__diag_set(diag, CLV_ENOCONV, CLV_FIELD_TOLERANCE, CLV_RULE_NOT_CONVERGED,
                             s->step, s->step_limit);
    }
    return CLV_OK;
}

int clv_bass_fit(const double *counts, size_t n, const clv_bass_fit_options *options,
                 clv_bass_params *params, clv_bass_fit_report *report) {
    int st;
    double total;
    clv_bass_fit_options o;
    if ((st = read_layout(options, &o)) != CLV_OK) {
        return st; /* no diag: a refused layout cannot be trusted to hold the pointer */
    }
    clv_diag *diag = o.diag;
    clv__diag_clear(diag);
    if (counts == NULL || params == NULL) {
        return clv__diag_set(diag, CLV_EINVAL,
                             counts == NULL ? CLV_FIELD_ADOPTERS : CLV_FIELD_PARAMS,
                             CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n < CLV_BASS_MIN_PERIODS || n > UINT32_MAX) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT,
                             n < CLV_BASS_MIN_PERIODS ? CLV_RULE_BELOW_MIN : CLV_RULE_ABOVE_MAX,
                             (double)n,
                             n < CLV_BASS_MIN_PERIODS ? CLV_BASS_MIN_PERIODS : (double)UINT32_MAX);
    }
    if ((st = check_options(&o)) != CLV_OK) {
        return st;
    }
    bass_tick tick = {o.progress, o.user_data, 0, 0, 0, NAN, {0.0, 0.0, 0.0}};
    if ((st = check_counts(counts, n, &total, &tick, diag)) != CLV_OK) {
        return st;
    }
    if (!(total > 0.0)) { /* no adopters: nothing to fit */
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_ADOPTERS, CLV_RULE_ALL_ZERO, 0.0, 0.0);
    }
    if (!isfinite(total)) {
        return clv__diag_set(diag, CLV_ERANGE, CLV_FIELD_ADOPTERS, CLV_RULE_OVERFLOW, total, 0.0);
    }
    fit_data fd = {counts, n, o.method, o.model, 1.0, total, 0.0, 0.0, &tick};
    if (o.method == CLV_BASS_NLS) {
        fd.scale = 0.0; /* the largest count, > 0 */
        for (size_t i = 0; i < n && !tick_period(&tick, i); i++) {
            fd.scale = fmax(fd.scale, counts[i]);
        }
        for (size_t i = 0; i < n && !tick_period(&tick, i); i++) {
            fd.half_sum_y2 += 0.5 * (counts[i] / fd.scale) * (counts[i] / fd.scale);
        }
    } else {
        fd.log_fact = log_factorials(counts, n, &tick);
        if (o.use_start && !(o.start.m > total)) { /* m - N is searched on the log scale */
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_START, CLV_RULE_NOT_ABOVE, 2, o.start.m,
                                 total);
        }
    }
    uint32_t evaluations = 0;
    start_point starts[N_GRID + 1];
    size_t n_starts;
    if (o.use_start) {
        starts[0].u[0] = log(o.start.p);
        starts[0].u[1] = log(o.start.q);
        starts[0].u[2] =
            (o.method == CLV_BASS_ML) ? log(o.start.m - total) : log(o.start.m / fd.scale);
        n_starts = 1;
    } else {
        n_starts = start_points(&fd, starts, &evaluations);
    }
    if (tick.cancelled) {
        return CLV_ECANCELED; /* outputs untouched */
    }
    lm_state best;
    memset(&best, 0, sizeof best);
    size_t tries = (n_starts < 1 + EXTRA_STARTS) ? n_starts : 1 + EXTRA_STARTS;
    for (size_t k = 0; k < tries; k++) {
        lm_state run;
        lm_run(&fd, starts[k].u, o.max_iterations, o.tolerance, &run);
        evaluations += run.evaluations;
        if (tick.cancelled) {
            return CLV_ECANCELED;
        }
        if (run.valid && (!best.valid || (run.converged && !best.converged) ||
                          (run.converged == best.converged && run.f < best.f))) {
            best = run;
        }
        if (best.converged) {
            break;
        }
    }
    if (!best.valid) {
        /* Not even the start could be evaluated (e.g. a start with p + q beyond the
         * largest double): there is no point to report. */
        return clv__diag_set(diag, CLV_ERANGE, o.use_start ? CLV_FIELD_START : CLV_FIELD_NONE,
                             CLV_RULE_OVERFLOW, o.use_start ? o.start.p + o.start.q : 0.0, 0.0);
    }
    return finish(&fd, &best, evaluations, params, report, diag);
}
