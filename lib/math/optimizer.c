/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* BFGS in log-parameters by reverse communication; see optimizer.h for the method. */
#include "math/optimizer.h"

#include <math.h>
#include <string.h>

enum {
    PHASE_START = 0, /* the starting point is out */
    PHASE_LINE = 1,  /* a line-search trial point is out */
    PHASE_HESS = 2,  /* a Hessian difference point is out */
    PHASE_DONE = 3,
    PHASE_POLISH = 4, /* the final Newton point is out */
};

#define ARMIJO_C1 1e-4
#define MAX_LOG_STEP 2.0 /* at most an e^2 change of any parameter in one step */
#define HESS_H 1e-5

void clv__opt_init(clv__opt *o, uint32_t n, const double *theta0, uint32_t max_iterations,
                   double tolerance, double penalty) {
    memset(o, 0, sizeof *o);
    o->n = n;
    o->max_iterations = max_iterations;
    o->tolerance = tolerance;
    o->penalty = penalty;
    for (uint32_t i = 0; i < n; i++) {
        o->u[i] = log(theta0[i]);
        o->u_next[i] = o->u[i];
    }
    o->phase = PHASE_START;
}

static void set_identity(double *m, uint32_t n, double scale) {
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            m[i * CLV__OPT_MAX + j] = (i == j) ? scale : 0.0;
        }
    }
}

/* Objective (to minimise) and its gradient in u from the log-likelihood and its gradient in
 * theta = exp(u): f = -(LL - lambda sum theta^2), df/du_i = -(dLL/dtheta_i - 2 lambda
 * theta_i) theta_i. Returns 0 if anything is not finite. */
static int objective(const clv__opt *o, const double *u, double loglik, const double *grad,
                     double *f, double *g) {
    double pen = 0.0;
    for (uint32_t i = 0; i < o->n; i++) {
        double theta = exp(u[i]);
        pen += theta * theta;
        g[i] = -(grad[i] - 2.0 * o->penalty * theta) * theta;
        if (!isfinite(g[i])) {
            return 0;
        }
    }
    *f = -(loglik - o->penalty * pen);
    return isfinite(*f);
}

static double max_abs(const double *v, uint32_t n) {
    double m = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        m = fmax(m, fabs(v[i]));
    }
    return m;
}

static int is_converged(const clv__opt *o) {
    return o->gnorm <= o->tolerance * fmax(1.0, fabs(o->loglik));
}

/* Cholesky factor L (lower, stride CLV__OPT_MAX) of a + mu I; returns 0 if it is not
 * positive definite. */
static int cholesky(const double *a, uint32_t n, double mu, double *l) {
    for (uint32_t j = 0; j < n; j++) {
        double diag = a[j * CLV__OPT_MAX + j] + mu;
        for (uint32_t k = 0; k < j; k++) {
            diag -= l[j * CLV__OPT_MAX + k] * l[j * CLV__OPT_MAX + k];
        }
        if (!(diag > 0.0) || !isfinite(diag)) {
            return 0;
        }
        l[j * CLV__OPT_MAX + j] = sqrt(diag);
        for (uint32_t i = j + 1; i < n; i++) {
            double s = a[i * CLV__OPT_MAX + j];
            for (uint32_t k = 0; k < j; k++) {
                s -= l[i * CLV__OPT_MAX + k] * l[j * CLV__OPT_MAX + k];
            }
            l[i * CLV__OPT_MAX + j] = s / l[j * CLV__OPT_MAX + j];
        }
    }
    return 1;
}

/*
 * Newton direction in u: the objective's Hessian there is
 *   d2f/du_i du_j = -P_ij theta_i theta_j + [i = j] g_i,
 * P the penalised LL (Hessian hcur in theta), g = df/du. Solve (H + mu I) d = -g, mu = 0 when
 * H is positive definite, else the smallest of 1e-8, 1e-7, ... times (1 + max |H_ii|) that
 * makes it so. Returns 0 when no mu works (the caller then uses -g).
 */
static int newton_direction(clv__opt *o) {
    uint32_t n = o->n;
    double h[CLV__OPT_MAX * CLV__OPT_MAX];
    double l[CLV__OPT_MAX * CLV__OPT_MAX];
    double theta[CLV__OPT_MAX];
    double scale = 1.0;
    for (uint32_t i = 0; i < n; i++) {
        theta[i] = exp(o->u[i]);
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            double v = -0.5 * (o->hcur[i * CLV__OPT_MAX + j] + o->hcur[j * CLV__OPT_MAX + i]) *
                       theta[i] * theta[j];
            h[i * CLV__OPT_MAX + j] = v + ((i == j) ? o->g[i] : 0.0);
        }
        scale = fmax(scale, fabs(h[i * CLV__OPT_MAX + i]));
    }
    double mu = 0.0;
    int ok = 0;
    for (int attempt = 0; attempt < 18 && !(ok = cholesky(h, n, mu, l)); attempt++) {
        mu = (mu == 0.0) ? 1e-8 * scale : 10.0 * mu;
    }
    if (!ok) {
        return 0;
    }
    double z[CLV__OPT_MAX];
    for (uint32_t i = 0; i < n; i++) { /* L z = -g */
        double s = -o->g[i];
        for (uint32_t k = 0; k < i; k++) {
            s -= l[i * CLV__OPT_MAX + k] * z[k];
        }
        z[i] = s / l[i * CLV__OPT_MAX + i];
    }
    double slope = 0.0;
    for (uint32_t i = n; i-- > 0;) { /* L' d = z */
        double s = z[i];
        for (uint32_t k = i + 1; k < n; k++) {
            s -= l[k * CLV__OPT_MAX + i] * o->d[k];
        }
        o->d[i] = s / l[i * CLV__OPT_MAX + i];
    }
    for (uint32_t i = 0; i < n; i++) {
        slope += o->d[i] * o->g[i];
    }
    if (!(slope < 0.0) || !isfinite(slope)) {
        return 0;
    }
    o->slope = slope;
    return 1;
}

/* d = -Hinv g (Newton mode: the Newton direction); resets Hinv to the identity when that is
 * not a descent direction. */
static void new_direction(clv__opt *o) {
    if (o->newton && newton_direction(o)) {
        double dmax = max_abs(o->d, o->n);
        o->step = (dmax > MAX_LOG_STEP) ? MAX_LOG_STEP / dmax : 1.0;
        return;
    }
    if (o->newton) {
        set_identity(o->hinv, o->n, 1.0); /* steepest descent this once */
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        double slope = 0.0;
        for (uint32_t i = 0; i < o->n; i++) {
            double s = 0.0;
            for (uint32_t j = 0; j < o->n; j++) {
                s -= o->hinv[i * CLV__OPT_MAX + j] * o->g[j];
            }
            o->d[i] = s;
            slope += s * o->g[i];
        }
        if (slope < 0.0 && isfinite(slope)) {
            o->slope = slope;
            break;
        }
        set_identity(o->hinv, o->n, 1.0);
        o->have_update = 0;
        o->slope = -1.0; /* recomputed on the second pass */
    }
    double dmax = max_abs(o->d, o->n);
    o->step = (dmax * 1.0 > MAX_LOG_STEP) ? MAX_LOG_STEP / dmax : 1.0;
}

/* Nocedal & Wright (6.17): H <- (I - rho s y') H (I - rho y s') + rho s s', rho = 1/(y's);
 * before the first update H0 = (y's / y'y) I (6.20). Skipped unless y's > 0. */
static void bfgs_update(clv__opt *o, const double *s, const double *y) {
    uint32_t n = o->n;
    double ys = 0.0;
    double yy = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        ys += y[i] * s[i];
        yy += y[i] * y[i];
    }
    if (!(ys > 1e-12 * sqrt(yy) * sqrt(max_abs(s, n) * max_abs(s, n) * n)) || !isfinite(ys)) {
        return;
    }
    if (!o->have_update) {
        set_identity(o->hinv, n, ys / yy);
        o->have_update = 1;
    }
    double rho = 1.0 / ys;
    double hy[CLV__OPT_MAX];
    double yhy = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        hy[i] = 0.0;
        for (uint32_t j = 0; j < n; j++) {
            hy[i] += o->hinv[i * CLV__OPT_MAX + j] * y[j];
        }
        yhy += y[i] * hy[i];
    }
    /* Expanded form: H + rho^2 (y'Hy) s s' + rho s s' - rho (Hy s' + s y'H). */
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            o->hinv[i * CLV__OPT_MAX + j] +=
                (rho * rho * yhy + rho) * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
        }
    }
}

static void finish_covariance(clv__opt *o);

/* The iterations are over: form the Hessian by differences, or in Newton mode take the one
 * told at the point. */
static void begin_hessian(clv__opt *o) {
    o->hess_index = 0;
    o->covariance_ok = 1;
    if (o->newton) {
        memcpy(o->hess, o->hcur, sizeof o->hess);
        finish_covariance(o);
        return;
    }
    o->phase = PHASE_HESS;
}

int clv__opt_next(clv__opt *o, double *theta) {
    if (o->phase == PHASE_DONE) {
        for (uint32_t i = 0; i < o->n; i++) {
            theta[i] = exp(o->u[i]);
        }
        return CLV_FIT_DONE;
    }
    if (!o->awaiting) {
        if (o->phase == PHASE_START) {
            memcpy(o->u_next, o->u, sizeof o->u);
        } else if (o->phase == PHASE_LINE) {
            for (uint32_t i = 0; i < o->n; i++) {
                o->u_next[i] = o->u[i] + o->step * o->d[i];
            }
        } else if (o->phase == PHASE_POLISH) {
            memcpy(o->u_next, o->d, sizeof o->u); /* the Newton point, stored in d */
        } else { /* PHASE_HESS: theta_i (1 + h) or theta_i (1 - h) */
            uint32_t i = o->hess_index / 2;
            double sign = (o->hess_index % 2 == 0) ? 1.0 : -1.0;
            memcpy(o->u_next, o->u, sizeof o->u);
            o->u_next[i] = o->u[i] + log1p(sign * HESS_H);
        }
        o->awaiting = 1;
    }
    for (uint32_t i = 0; i < o->n; i++) {
        theta[i] = exp(o->u_next[i]);
    }
    return CLV_FIT_EVALUATE;
}

/*
 * One Newton step from the converged point with the Hessian just formed: theta + C grad,
 * C = (-H)^-1 the covariance, grad the gradient of the penalised LL in theta. The line search
 * works on LL values, whose double resolution (1e-16 |LL|) hides the last improvements; this
 * step needs only gradients and takes the estimate to the optimum to within the rounding of
 * the gradient. Taken only when it is small (every parameter changes by < 1%), and kept only
 * if the gradient norm there is smaller (see tell_polish).
 */
#define POLISH_MIN 1e-9

static void begin_polish(clv__opt *o) {
    double theta[CLV__OPT_MAX];
    double grad[CLV__OPT_MAX];
    for (uint32_t i = 0; i < o->n; i++) {
        theta[i] = exp(o->u[i]);
        grad[i] = -o->g[i] / theta[i]; /* back from the objective's gradient in u */
    }
    int matters = 0;
    for (uint32_t i = 0; i < o->n; i++) {
        double step = 0.0;
        for (uint32_t j = 0; j < o->n; j++) {
            step += o->hess[i * CLV__OPT_MAX + j] * grad[j];
        }
        double next = theta[i] + step;
        if (!(fabs(step) < 0.01 * theta[i]) || !(next > 0.0)) {
            return; /* not a small correction: keep the point as it is */
        }
        /* A correction below POLISH_MIN of every parameter (a Newton step that has already
         * landed there) is not worth an evaluation. */
        matters = matters || fabs(step) > POLISH_MIN * theta[i];
        o->d[i] = log(next);
    }
    if (matters) {
        o->phase = PHASE_POLISH;
    }
}

/* Invert the observed information -H (symmetrised) into the covariance by Cholesky. */
static void finish_covariance(clv__opt *o) {
    uint32_t n = o->n;
    double a[CLV__OPT_MAX * CLV__OPT_MAX];
    double l[CLV__OPT_MAX * CLV__OPT_MAX];
    memset(a, 0, sizeof a);
    memset(l, 0, sizeof l);
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            a[i * CLV__OPT_MAX + j] =
                -0.5 * (o->hess[i * CLV__OPT_MAX + j] + o->hess[j * CLV__OPT_MAX + i]);
        }
    }
    if (o->covariance_ok && !cholesky(a, n, 0.0, l)) {
        o->covariance_ok = 0;
    }
    /* The covariance is stored in hess (reused): solve L L' C = I column by column. */
    if (o->covariance_ok) {
        for (uint32_t c = 0; c < n; c++) {
            double z[CLV__OPT_MAX];
            for (uint32_t i = 0; i < n; i++) { /* L z = e_c */
                double s = (i == c) ? 1.0 : 0.0;
                for (uint32_t k = 0; k < i; k++) {
                    s -= l[i * CLV__OPT_MAX + k] * z[k];
                }
                z[i] = s / l[i * CLV__OPT_MAX + i];
            }
            for (uint32_t i = n; i-- > 0;) { /* L' x = z */
                double s = z[i];
                for (uint32_t k = i + 1; k < n; k++) {
                    s -= l[k * CLV__OPT_MAX + i] * a[k * CLV__OPT_MAX + c];
                }
                a[i * CLV__OPT_MAX + c] = s / l[i * CLV__OPT_MAX + i];
            }
        }
        for (uint32_t i = 0; i < n; i++) {
            for (uint32_t j = 0; j < n; j++) {
                double v = a[i * CLV__OPT_MAX + j];
                o->hess[i * CLV__OPT_MAX + j] = v;
                if (!isfinite(v)) {
                    o->covariance_ok = 0;
                }
            }
        }
    }
    o->phase = PHASE_DONE;
    if (o->covariance_ok && o->converged) {
        begin_polish(o);
    }
}

/* Newton mode: keep the Hessian of the penalised LL told at the accepted point. A Hessian that
 * is not finite is stored as zero (the direction then falls back to steepest descent). */
static void keep_hessian(clv__opt *o, const double *hess) {
    uint32_t n = o->n;
    int finite = 1;
    for (uint32_t i = 0; i < n * n; i++) {
        finite = finite && isfinite(hess[i]);
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            o->hcur[i * CLV__OPT_MAX + j] =
                finite ? hess[i * n + j] - ((i == j) ? 2.0 * o->penalty : 0.0) : 0.0;
        }
    }
}

/*
 * Near the optimum the objective's values agree to their rounding (~1e-16 |f|) and the Armijo
 * test on them can fail for every step, while the gradient still knows the way. Accept the
 * step on the approximate Wolfe conditions of Hager & Zhang (2005, SIAM J. Optim. 16(1),
 * eq. 4.1: (2 delta - 1) phi'(0) >= phi'(a) >= sigma phi'(0), delta = 0.1, sigma = 0.9) when
 * the values differ by no more than FLAT_EPS |f|, and only if the gradient norm decreases.
 */
#define FLAT_EPS 1e-12

static int approximate_wolfe(const clv__opt *o, double f_trial, const double *g_trial) {
    if (!(fabs(f_trial - o->f) <= FLAT_EPS * fabs(o->f))) {
        return 0;
    }
    double slope = 0.0;
    for (uint32_t i = 0; i < o->n; i++) {
        slope += g_trial[i] * o->d[i];
    }
    return slope >= 0.9 * o->slope && slope <= -0.8 * o->slope &&
           max_abs(g_trial, o->n) < o->gnorm;
}

static int tell_line(clv__opt *o, double loglik, const double *grad, const double *hess) {
    double f_trial;
    double g_trial[CLV__OPT_MAX];
    int ok = isfinite(loglik) && objective(o, o->u_next, loglik, grad, &f_trial, g_trial);
    if (ok && (f_trial <= o->f + ARMIJO_C1 * o->step * o->slope ||
               approximate_wolfe(o, f_trial, g_trial))) {
        double s[CLV__OPT_MAX];
        double y[CLV__OPT_MAX];
        for (uint32_t i = 0; i < o->n; i++) {
            s[i] = o->u_next[i] - o->u[i];
            y[i] = g_trial[i] - o->g[i];
        }
        if (o->newton) {
            keep_hessian(o, hess);
        } else {
            bfgs_update(o, s, y);
        }
        memcpy(o->u, o->u_next, sizeof o->u);
        memcpy(o->g, g_trial, sizeof o->g);
        o->f = f_trial;
        o->loglik = loglik;
        o->gnorm = max_abs(o->g, o->n);
        o->iterations++;
        if (is_converged(o)) {
            o->converged = 1;
            begin_hessian(o);
        } else if (o->iterations >= o->max_iterations) {
            begin_hessian(o);
        } else {
            new_direction(o);
        }
        return CLV_OK;
    }
    /* Step back: safeguarded quadratic interpolation, or a quarter step where the model
     * could not be evaluated. */
    double next;
    if (ok) {
        double denom = 2.0 * (f_trial - o->f - o->slope * o->step);
        next = (denom > 0.0) ? -o->slope * o->step * o->step / denom : 0.5 * o->step;
        next = fmin(fmax(next, 0.1 * o->step), 0.5 * o->step);
    } else {
        next = 0.25 * o->step;
    }
    o->step = next;
    if (o->step * max_abs(o->d, o->n) < 1e-15 * fmax(1.0, max_abs(o->u, o->n))) {
        /* No decrease is possible at double precision: the point is as good as the
         * arithmetic allows. Converged if the gradient is small on a looser scale. */
        o->converged = o->gnorm <= sqrt(o->tolerance) * fmax(1.0, fabs(o->loglik));
        begin_hessian(o);
    }
    return CLV_OK;
}

static void tell_polish(clv__opt *o, double loglik, const double *grad) {
    double f;
    double g[CLV__OPT_MAX];
    if (isfinite(loglik) && objective(o, o->u_next, loglik, grad, &f, g) &&
        max_abs(g, o->n) <= o->gnorm) {
        memcpy(o->u, o->u_next, sizeof o->u);
        memcpy(o->g, g, sizeof o->g);
        o->f = f;
        o->loglik = loglik;
        o->gnorm = max_abs(g, o->n);
    }
    o->phase = PHASE_DONE;
}

static void tell_hessian(clv__opt *o, double loglik, const double *grad) {
    uint32_t i = o->hess_index / 2;
    double theta_i = exp(o->u[i]);
    double g[CLV__OPT_MAX];
    for (uint32_t j = 0; j < o->n; j++) { /* gradient of the penalised LL in theta */
        g[j] = grad[j] - 2.0 * o->penalty * exp(o->u_next[j]);
        if (!isfinite(g[j]) || !isfinite(loglik)) {
            o->covariance_ok = 0;
        }
    }
    if (o->hess_index % 2 == 0) {
        memcpy(o->grad_plus, g, sizeof g);
    } else {
        /* The two points are theta_i (1 + h) and theta_i (1 - h): spacing 2 h theta_i. */
        for (uint32_t j = 0; j < o->n; j++) {
            o->hess[i * CLV__OPT_MAX + j] = (o->grad_plus[j] - g[j]) / (2.0 * HESS_H * theta_i);
        }
    }
    o->hess_index++;
    if (o->hess_index == 2 * o->n || !o->covariance_ok) {
        finish_covariance(o);
    }
}

void clv__opt_use_newton(clv__opt *o) {
    o->newton = 1;
}

static int tell(clv__opt *o, double loglik, const double *grad, const double *hess) {
    if (!o->awaiting || (o->newton && hess == NULL)) {
        return CLV_EINVAL;
    }
    if (isnan(loglik)) {
        return CLV_EDOM;
    }
    for (uint32_t i = 0; i < o->n && isfinite(loglik); i++) {
        if (isnan(grad[i])) {
            return CLV_EDOM;
        }
    }
    if (o->phase == PHASE_START) {
        if (!isfinite(loglik) || !objective(o, o->u, loglik, grad, &o->f, o->g)) {
            return CLV_EDOM; /* the starting point cannot be evaluated */
        }
        o->awaiting = 0;
        o->evaluations++;
        o->loglik = loglik;
        o->gnorm = max_abs(o->g, o->n);
        set_identity(o->hinv, o->n, 1.0);
        if (o->newton) {
            keep_hessian(o, hess);
        }
        if (is_converged(o)) {
            o->converged = 1;
            begin_hessian(o);
        } else {
            o->phase = PHASE_LINE;
            new_direction(o);
        }
        return CLV_OK;
    }
    o->awaiting = 0;
    o->evaluations++;
    if (o->phase == PHASE_LINE) {
        return tell_line(o, loglik, grad, hess);
    }
    if (o->phase == PHASE_POLISH) {
        tell_polish(o, loglik, grad);
        return CLV_OK;
    }
    tell_hessian(o, loglik, grad);
    return CLV_OK;
}

int clv__opt_tell(clv__opt *o, double loglik, const double *grad) {
    return tell(o, loglik, grad, NULL);
}

int clv__opt_tell_hessian(clv__opt *o, double loglik, const double *grad, const double *hess) {
    return tell(o, loglik, grad, hess);
}

void clv__opt_result(const clv__opt *o, double *theta, clv_fit_report *report) {
    for (uint32_t i = 0; i < o->n; i++) {
        theta[i] = exp(o->u[i]);
    }
    if (report == NULL) {
        return;
    }
    memset(report, 0, sizeof *report);
    report->n_params = o->n;
    report->loglik = o->loglik;
    report->gradient_norm = o->gnorm;
    report->iterations = o->iterations;
    report->evaluations = o->evaluations;
    report->converged = o->converged;
    report->covariance_ok = (o->phase == PHASE_DONE) ? o->covariance_ok : 0;
    /* A polished point moved each parameter by < 1%: the covariance formed at the point
     * before it stands. */
    for (uint32_t i = 0; i < o->n; i++) {
        report->std_error[i] =
            report->covariance_ok ? sqrt(o->hess[i * CLV__OPT_MAX + i]) : INFINITY;
        for (uint32_t j = 0; j < o->n; j++) {
            report->covariance[i * o->n + j] =
                report->covariance_ok ? o->hess[i * CLV__OPT_MAX + j] : 0.0;
        }
    }
}
