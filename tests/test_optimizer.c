/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/math/optimizer.c (BFGS in log-parameters by reverse communication) and of the
 * public reverse-communication interface in lib/clv/fit.c, on objectives whose optimum and
 * covariance are known in closed form.
 */
#include "clv_test.h"

#include <string.h>

#include "clv.h"
#include "math/optimizer.h"

/* Objective 1: LL = -sum_i w_i (theta_i - c_i)^2. Maximum at c; Hessian -2 diag(w), so the
 * covariance is diag(1/(2 w_i)) exactly. */
static const double quad_c[3] = {0.25, 4.0, 30.0};
static const double quad_w[3] = {100.0, 2.0, 0.5};

static void quadratic(const double *theta, double *ll, double *g) {
    *ll = 0.0;
    for (int i = 0; i < 3; i++) {
        double d = theta[i] - quad_c[i];
        *ll -= quad_w[i] * d * d;
        g[i] = -2.0 * quad_w[i] * d;
    }
}

/* Drive a clv__opt to the end with an evaluation function, with Hessians (Newton mode) when
 * fn_h is not null; returns the evaluations. */
typedef void (*objective_fn)(const double *theta, double *ll, double *g);
typedef void (*objective_hess_fn)(const double *theta, double *ll, double *g, double *h);

static int drive_with(clv__opt *o, objective_fn fn, objective_hess_fn fn_h) {
    double theta[CLV_MAX_PARAMS];
    int evaluations = 0;
    while (clv__opt_next(o, theta) == CLV_FIT_EVALUATE) {
        double ll;
        double g[CLV_MAX_PARAMS];
        double h[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
        if (fn_h != NULL) {
            fn_h(theta, &ll, g, h);
            assert_int_equal(clv__opt_tell_hessian(o, ll, g, h), CLV_OK);
        } else {
            fn(theta, &ll, g);
            assert_int_equal(clv__opt_tell(o, ll, g), CLV_OK);
        }
        evaluations++;
        assert_true(evaluations < 10000);
    }
    return evaluations;
}

static int drive(clv__opt *o, objective_fn fn) {
    return drive_with(o, fn, NULL);
}

static void test_optimizer_finds_quadratic_optimum_and_exact_covariance(void **state) {
    (void)state;
    clv__opt o;
    const double start[3] = {1.0, 1.0, 1.0};
    clv__opt_init(&o, 3, start, 200, 1e-12, 0.0);
    drive(&o, quadratic);
    double theta[3];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_int_equal(r.converged, 1);
    assert_int_equal(r.covariance_ok, 1);
    for (int i = 0; i < 3; i++) {
        /* gradient test 1e-12 x max(1, |LL|) in log space: |theta - c| ~ 1e-12 / (w c) */
        assert_close(theta[i], quad_c[i], 1e-9);
        /* Central differences are exact for a quadratic up to rounding (h = 1e-5). */
        assert_close(r.covariance[i * 3 + i], 1.0 / (2.0 * quad_w[i]), 1e-6);
        assert_close(r.std_error[i], sqrt(1.0 / (2.0 * quad_w[i])), 1e-6);
        for (int j = 0; j < 3; j++) {
            if (j != i) {
                assert_true(fabs(r.covariance[i * 3 + j]) < 1e-8);
            }
        }
    }
    assert_close(r.loglik, 0.0, 1e-12);
    assert_int_equal(r.n_params, 3);
    assert_true(r.evaluations == (uint32_t)r.evaluations && r.evaluations > 2 * 3);
}

/* Objective 2: Rosenbrock's function in u = log theta, LL = -[(1-u1)^2 + 100 (u2-u1^2)^2],
 * maximum at u = (1, 1), theta = (e, e): a curved valley that plain gradient steps crawl
 * along. Its Hessian at the optimum, in u, is -[[802, -400], [-400, 200]]. */
static void rosenbrock(const double *theta, double *ll, double *g) {
    double u1 = log(theta[0]);
    double u2 = log(theta[1]);
    double a = 1.0 - u1;
    double b = u2 - u1 * u1;
    *ll = -(a * a + 100.0 * b * b);
    double du1 = 2.0 * a + 400.0 * b * u1;
    double du2 = -200.0 * b;
    g[0] = du1 / theta[0]; /* chain rule back to theta */
    g[1] = du2 / theta[1];
}

static void test_optimizer_solves_rosenbrock_valley(void **state) {
    (void)state;
    clv__opt o;
    const double start[2] = {exp(-1.2), exp(1.0)}; /* the classic start (-1.2, 1) in u */
    clv__opt_init(&o, 2, start, 500, 1e-12, 0.0);
    drive(&o, rosenbrock);
    double theta[2];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_int_equal(r.converged, 1);
    assert_close(theta[0], exp(1.0), 1e-6);
    assert_close(theta[1], exp(1.0), 1e-6);
    /* Covariance in theta: J H_u^-1 J with J = diag(e, e); H_u^-1 = [[0.5, 1], [1, 2.005]]
     * (inverse of [[802, -400], [-400, 200]]). */
    double e2 = exp(2.0);
    assert_close(r.covariance[0], 0.5 * e2, 1e-4);
    assert_close(r.covariance[1], 1.0 * e2, 1e-4);
    assert_close(r.covariance[3], 2.005 * e2, 1e-4);
}

/* Objective 2b: a valley whose VALUES are quantised to 1e-6 (as a large log-likelihood's
 * are rounded, relative 1e-16) while its gradient is exact: near the optimum no step lowers
 * the values, and the line search must go on by the gradient (approximate Wolfe conditions)
 * to the gradient tolerance, not stop where the values go flat. */
static void quantised_valley(const double *theta, double *ll, double *g) {
    double d0 = theta[0] - 2.0;
    double d1 = theta[1] - 0.3;
    double v = -(d0 * d0 + 50.0 * d1 * d1 + 3.0 * d0 * d1);
    *ll = floor(v * 1e6) / 1e6;
    g[0] = -(2.0 * d0 + 3.0 * d1);
    g[1] = -(100.0 * d1 + 3.0 * d0);
}

static void test_optimizer_goes_on_by_gradient_where_values_are_flat(void **state) {
    (void)state;
    clv__opt o;
    const double start[2] = {0.5, 1.0};
    clv__opt_init(&o, 2, start, 200, 1e-12, 0.0);
    drive(&o, quantised_valley);
    double theta[2];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_int_equal(r.converged, 1);
    assert_true(fabs(theta[0] - 2.0) < 1e-9);
    assert_true(fabs(theta[1] - 0.3) < 1e-9);
}

/* Newton mode (clv__opt_use_newton): the same objectives with their Hessians in theta. */
static void quadratic_hess(const double *theta, double *ll, double *g, double *h) {
    quadratic(theta, ll, g);
    for (int i = 0; i < 9; i++) {
        h[i] = (i % 4 == 0) ? -2.0 * quad_w[i / 4] : 0.0;
    }
}

/* Rosenbrock's Hessian in u: -[[2 + 800 u1^2 - 400 b, -400 u1], [-400 u1, 200]]; in theta,
 * d2LL/dtheta_i dtheta_j = H^u_ij / (theta_i theta_j) - [i = j] (dLL/du_i) / theta_i^2. */
static void rosenbrock_hess(const double *theta, double *ll, double *g, double *h) {
    rosenbrock(theta, ll, g);
    double u1 = log(theta[0]);
    double u2 = log(theta[1]);
    double b = u2 - u1 * u1;
    double hu[4] = {-(2.0 + 800.0 * u1 * u1 - 400.0 * b), 400.0 * u1, 400.0 * u1, -200.0};
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            h[2 * i + j] = hu[2 * i + j] / (theta[i] * theta[j]) -
                           ((i == j) ? g[i] * theta[i] / (theta[i] * theta[i]) : 0.0);
        }
    }
}

static int drive_newton(clv__opt *o, objective_hess_fn fn) {
    return drive_with(o, NULL, fn);
}

/* From theta = 1 the quadratic's Hessian in u is indefinite (theta < c/2 for c = 4 and 30):
 * the shifted Newton steps must still reach the optimum, and the covariance is the inverse of
 * the told Hessian, exact. */
static void test_optimizer_newton_mode_quadratic(void **state) {
    (void)state;
    clv__opt o;
    const double start[3] = {1.0, 1.0, 1.0};
    clv__opt_init(&o, 3, start, 200, 1e-12, 0.0);
    clv__opt_use_newton(&o);
    int evaluations = drive_newton(&o, quadratic_hess);
    double theta[3];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_int_equal(r.converged, 1);
    assert_int_equal(r.covariance_ok, 1);
    for (int i = 0; i < 3; i++) {
        assert_close(theta[i], quad_c[i], 1e-9);
        assert_close(r.covariance[i * 3 + i], 1.0 / (2.0 * quad_w[i]), 1e-14);
    }
    assert_int_equal((int)r.evaluations, evaluations);
    /* Started at the optimum, Newton mode is done after one evaluation: the final polishing
     * step would move no parameter by more than 1e-9 of itself, so it is not taken (with
     * BFGS, the 2 n difference points for the Hessian follow, and no polish either). */
    clv__opt_init(&o, 3, quad_c, 200, 1e-12, 0.0);
    clv__opt_use_newton(&o);
    assert_int_equal(drive_newton(&o, quadratic_hess), 1);
    clv__opt_init(&o, 3, quad_c, 200, 1e-12, 0.0);
    assert_int_equal(drive(&o, quadratic), 1 + 2 * 3);
    clv__opt_result(&o, theta, &r);
    assert_int_equal(r.converged, 1);
    /* Telling without a Hessian is refused in Newton mode. */
    clv__opt_init(&o, 3, start, 200, 1e-12, 0.0);
    clv__opt_use_newton(&o);
    double t[3];
    double ll;
    double g[3];
    assert_int_equal(clv__opt_next(&o, t), CLV_FIT_EVALUATE);
    quadratic(t, &ll, g);
    assert_int_equal(clv__opt_tell(&o, ll, g), CLV_EINVAL);
}

static void test_optimizer_newton_mode_rosenbrock(void **state) {
    (void)state;
    clv__opt o;
    const double start[2] = {exp(-1.2), exp(1.0)};
    clv__opt_init(&o, 2, start, 500, 1e-12, 0.0);
    clv__opt_use_newton(&o);
    int newton_evaluations = drive_newton(&o, rosenbrock_hess);
    double theta[2];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_int_equal(r.converged, 1);
    assert_close(theta[0], exp(1.0), 1e-8);
    assert_close(theta[1], exp(1.0), 1e-8);
    double e2 = exp(2.0);
    assert_close(r.covariance[0], 0.5 * e2, 1e-8);
    assert_close(r.covariance[1], 1.0 * e2, 1e-8);
    assert_close(r.covariance[3], 2.005 * e2, 1e-8);
    /* Newton needs fewer evaluations than BFGS on the same valley. */
    clv__opt b;
    clv__opt_init(&b, 2, start, 500, 1e-12, 0.0);
    int bfgs_evaluations = drive(&b, rosenbrock);
    assert_true(newton_evaluations < bfgs_evaluations);
}

/* Objective 3: a model that cannot be evaluated above theta = 5 (LL = -inf there), with the
 * unconstrained optimum at 4.9: the line search must step back, not stop. */
static void walled(const double *theta, double *ll, double *g) {
    if (theta[0] > 5.0) {
        *ll = -INFINITY;
        g[0] = 0.0;
        return;
    }
    double d = theta[0] - 4.9;
    *ll = -d * d;
    g[0] = -2.0 * d;
}

static void test_optimizer_steps_back_from_unevaluable_points(void **state) {
    (void)state;
    clv__opt o;
    const double start[1] = {0.01};
    clv__opt_init(&o, 1, start, 200, 1e-12, 0.0);
    drive(&o, walled);
    double theta[1];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_close(theta[0], 4.9, 1e-8);
    /* The Hessian point 4.9 (1 + 1e-5) is still below the wall: covariance 1/2. */
    assert_int_equal(r.covariance_ok, 1);
    assert_close(r.covariance[0], 0.5, 1e-6);
}

/* The penalty: maximise -(theta-3)^2 - lambda theta^2, optimum 3/(1+lambda). */
static void shifted(const double *theta, double *ll, double *g) {
    double d = theta[0] - 3.0;
    *ll = -d * d;
    g[0] = -2.0 * d;
}

static void test_optimizer_penalty_shrinks_towards_zero(void **state) {
    (void)state;
    clv__opt o;
    const double start[1] = {1.0};
    clv__opt_init(&o, 1, start, 200, 1e-12, 0.5);
    drive(&o, shifted);
    double theta[1];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_close(theta[0], 2.0, 1e-9); /* 3 / 1.5 */
    /* The report's log-likelihood is without the penalty: -(2-3)^2 = -1. */
    assert_close(r.loglik, -1.0, 1e-9);
    /* Hessian of the penalised objective -2 - 2 lambda = -3: covariance 1/3. */
    assert_close(r.covariance[0], 1.0 / 3.0, 1e-6);
}

/* A saddle-free but flat objective the iteration cap stops: reported honestly. */
static void test_optimizer_iteration_cap_reports_not_converged(void **state) {
    (void)state;
    clv__opt o;
    const double start[2] = {exp(-1.2), exp(1.0)};
    clv__opt_init(&o, 2, start, 3, 1e-12, 0.0);
    drive(&o, rosenbrock);
    double theta[2];
    clv_fit_report r;
    clv__opt_result(&o, theta, &r);
    assert_int_equal(r.converged, 0);
    assert_int_equal(r.iterations, 3);
    assert_true(isfinite(theta[0]) && isfinite(theta[1]));
    assert_true(isfinite(r.loglik) && isfinite(r.gradient_norm));
}

/* ---- the public reverse-communication interface ------------------------------------------- */

static void test_fit_reverse_communication_matches_direct_optimizer(void **state) {
    (void)state;
    clv_fit_state fs;
    uint32_t n = 0;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_GG, NULL, &n), CLV_OK);
    assert_int_equal(n, 3);
    double theta[CLV_MAX_PARAMS];
    int request = -1;
    for (;;) {
        assert_int_equal(clv_fit_next(&fs, theta, &request), CLV_OK);
        if (request == CLV_FIT_DONE) {
            break;
        }
        assert_int_equal(request, CLV_FIT_EVALUATE);
        double ll;
        double g[3];
        quadratic(theta, &ll, g);
        assert_int_equal(clv_fit_tell(&fs, ll, g), CLV_OK);
    }
    double est[3];
    clv_fit_report r;
    assert_int_equal(clv_fit_result(&fs, est, &r), CLV_OK);
    clv__opt o;
    const double start[3] = {1.0, 1.0, 1.0}; /* the models' default start and options */
    clv__opt_init(&o, 3, start, 200, 1e-10, 0.0);
    drive(&o, quadratic);
    double direct[3];
    clv__opt_result(&o, direct, NULL);
    for (int i = 0; i < 3; i++) {
        assert_true(est[i] == direct[i]); /* the same algorithm on the same numbers */
    }
}

static int cancel_at_two(void *user, uint32_t iteration, double loglik, const double *params,
                         uint32_t n) {
    (void)loglik;
    (void)params;
    (void)n;
    *(uint32_t *)user = iteration;
    return iteration >= 2;
}

static void test_fit_progress_callback_cancels(void **state) {
    (void)state;
    clv_fit_options opts;
    uint32_t seen = 0;
    assert_int_equal(clv_fit_options_init(&opts), CLV_OK);
    opts.progress = cancel_at_two;
    opts.user_data = &seen;
    clv_fit_state fs;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_GG, &opts, NULL), CLV_OK);
    double theta[CLV_MAX_PARAMS];
    int request;
    int st;
    while ((st = clv_fit_next(&fs, theta, &request)) == CLV_OK && request == CLV_FIT_EVALUATE) {
        double ll;
        double g[3];
        quadratic(theta, &ll, g);
        assert_int_equal(clv_fit_tell(&fs, ll, g), CLV_OK);
    }
    assert_int_equal(st, CLV_ECANCELED);
    assert_int_equal(seen, 2);
    double est[3] = {-1.0, -1.0, -1.0};
    clv_fit_report r;
    assert_int_equal(clv_fit_result(&fs, est, &r), CLV_ECANCELED);
    assert_true(est[0] > 0.0 && isfinite(est[0])); /* the best point so far */
    assert_int_equal(r.converged, 0);
}

static void test_fit_interface_rejects_misuse(void **state) {
    (void)state;
    clv_fit_state fs;
    clv_fit_options opts;
    double theta[CLV_MAX_PARAMS];
    double g[CLV_MAX_PARAMS] = {0};
    int request;
    memset(&fs, 0, sizeof fs);
    /* A state that was never started. */
    assert_int_equal(clv_fit_next(&fs, theta, &request), CLV_EINVAL);
    assert_int_equal(clv_fit_tell(&fs, 0.0, g), CLV_EINVAL);
    assert_int_equal(clv_fit_result(&fs, theta, NULL), CLV_EINVAL);
    /* Unknown model, null state, bad options. */
    assert_int_equal(clv_fit_start(&fs, 99, NULL, NULL), CLV_EINVAL);
    assert_int_equal(clv_fit_start(NULL, CLV_MODEL_BGNBD, NULL, NULL), CLV_EINVAL);
    clv_fit_options_init(&opts);
    opts.tolerance = 0.0;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, &opts, NULL), CLV_EDOM);
    clv_fit_options_init(&opts);
    opts.penalty = -1.0;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, &opts, NULL), CLV_EDOM);
    clv_fit_options_init(&opts);
    opts.max_iterations = 0;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, &opts, NULL), CLV_EDOM);
    clv_fit_options_init(&opts);
    opts.use_start = 1; /* start left at 0: not > 0 */
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, &opts, NULL), CLV_EDOM);
    clv_fit_options_init(&opts);
    opts.struct_size = 8; /* older than any published layout */
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, &opts, NULL), CLV_ESTRUCT);
    clv_fit_options_init(&opts);
    opts.reserved = 1;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, &opts, NULL), CLV_ESTRUCT);
    /* Out of turn: tell before next, result before done. */
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, NULL, NULL), CLV_OK);
    assert_int_equal(clv_fit_tell(&fs, -1.0, g), CLV_EINVAL);
    assert_int_equal(clv_fit_result(&fs, theta, NULL), CLV_EINVAL);
    /* NaN is refused; so is an unevaluable starting point. */
    assert_int_equal(clv_fit_next(&fs, theta, &request), CLV_OK);
    assert_int_equal(clv_fit_tell(&fs, NAN, g), CLV_EDOM);
    assert_int_equal(clv_fit_tell(&fs, -INFINITY, g), CLV_EDOM);
    g[1] = NAN;
    assert_int_equal(clv_fit_tell(&fs, -3.0, g), CLV_EDOM);
    g[1] = 0.0;
    assert_int_equal(clv_fit_tell(&fs, -3.0, g), CLV_OK);
    /* Asking again for a point before telling repeats the same point. */
    double a[CLV_MAX_PARAMS];
    double b[CLV_MAX_PARAMS];
    assert_int_equal(clv_fit_next(&fs, a, &request), CLV_OK);
    assert_int_equal(clv_fit_next(&fs, b, &request), CLV_OK);
    assert_memory_equal(a, b, 4 * sizeof a[0]);
    assert_int_equal(clv_fit_options_init(NULL), CLV_EINVAL);
}

/* A driver whose data carry no information (e.g. every chunk's weights are 0) tells a
 * log-likelihood and gradient of exactly 0 at the start: the fit is done at once and the
 * result is CLV_EIDENT with nothing written -- not "converged" at the starting point. A later
 * tell is out of turn. A value of 0 with a non-zero gradient is an ordinary point. */
static void test_fit_no_information_at_start_is_eident(void **state) {
    (void)state;
    clv_fit_state fs;
    double theta[CLV_MAX_PARAMS];
    double g[CLV_MAX_PARAMS] = {0};
    int request = -1;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_PNBD, NULL, NULL), CLV_OK);
    assert_int_equal(clv_fit_next(&fs, theta, &request), CLV_OK);
    assert_int_equal(request, CLV_FIT_EVALUATE);
    assert_int_equal(clv_fit_tell(&fs, 0.0, g), CLV_OK);
    assert_int_equal(clv_fit_next(&fs, theta, &request), CLV_OK);
    assert_int_equal(request, CLV_FIT_DONE);
    for (int i = 0; i < 4; i++) {
        assert_true(theta[i] == 1.0); /* the starting point */
    }
    double est[4] = {-1.0, -1.0, -1.0, -1.0};
    clv_fit_report r;
    memset(&r, 0x5A, sizeof r);
    clv_fit_report before = r;
    assert_int_equal(clv_fit_result(&fs, est, &r), CLV_EIDENT);
    assert_true(est[0] == -1.0 && est[3] == -1.0);
    assert_memory_equal(&r, &before, sizeof r);
    assert_int_equal(clv_fit_tell(&fs, 0.0, g), CLV_EINVAL);

    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_GG, NULL, NULL), CLV_OK);
    assert_int_equal(clv_fit_next(&fs, theta, &request), CLV_OK);
    g[2] = -0.5;
    assert_int_equal(clv_fit_tell(&fs, 0.0, g), CLV_OK);
    assert_int_equal(clv_fit_next(&fs, theta, &request), CLV_OK);
    assert_int_equal(request, CLV_FIT_EVALUATE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_optimizer_finds_quadratic_optimum_and_exact_covariance),
        cmocka_unit_test(test_optimizer_solves_rosenbrock_valley),
        cmocka_unit_test(test_optimizer_goes_on_by_gradient_where_values_are_flat),
        cmocka_unit_test(test_optimizer_newton_mode_quadratic),
        cmocka_unit_test(test_optimizer_newton_mode_rosenbrock),
        cmocka_unit_test(test_optimizer_steps_back_from_unevaluable_points),
        cmocka_unit_test(test_optimizer_penalty_shrinks_towards_zero),
        cmocka_unit_test(test_optimizer_iteration_cap_reports_not_converged),
        cmocka_unit_test(test_fit_reverse_communication_matches_direct_optimizer),
        cmocka_unit_test(test_fit_progress_callback_cancels),
        cmocka_unit_test(test_fit_interface_rejects_misuse),
        cmocka_unit_test(test_fit_no_information_at_start_is_eident),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
