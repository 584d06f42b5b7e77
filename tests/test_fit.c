/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/clv/fit.c, the one-call fit driver every model's clv_<model>_fit() runs
 * through, and its merging of identical rows: what it reports when the data cannot give an
 * answer. (The reverse-communication interface and the optimizer are tested in
 * test_optimizer.c; each model's fit against published values in its own test file.)
 */
#include "clv_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "clv_test_data.h"

#define SENTINEL (-7.25)

/* 8 distinct histories in whole periods (valid for BG/BB too) with a spend for the repeat
 * buyers. */
enum { DISTINCT = 8 };
static const double hist_x[DISTINCT] = {0, 1, 2, 3, 4, 0, 1, 5};
static const double hist_tx[DISTINCT] = {0, 2, 5, 3, 6, 0, 1, 5};
static const double hist_T[DISTINCT] = {6, 6, 6, 6, 6, 5, 5, 5};
static const double hist_m[DISTINCT] = {0, 20, 35, 15, 42, 0, 28, 60};

/* Fit one of the five customer-table models; on return *untouched says whether the estimate
 * kept the sentinel it was filled with. */
static int fit_model(int which, const clv_rfm_view *v, const clv_fit_options *o,
                     clv_fit_report *report, int *untouched) {
    double p[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    int st;
    switch (which) {
    case 0:
        st = clv_bgnbd_fit(v, o, (clv_bgnbd_params *)(void *)p, report);
        break;
    case 1:
        st = clv_mbgnbd_fit(v, o, (clv_mbgnbd_params *)(void *)p, report);
        break;
    case 2:
        st = clv_pnbd_fit(v, o, (clv_pnbd_params *)(void *)p, report);
        break;
    case 3:
        st = clv_bgbb_fit(v, o, (clv_bgbb_params *)(void *)p, report);
        break;
    default:
        st = clv_gg_fit(v, o, (clv_gg_params *)(void *)p, report);
        break;
    }
    *untouched = (p[0] == SENTINEL && p[1] == SENTINEL && p[2] == SENTINEL);
    return st;
}

static const char *const model_name[5] = {"BG/NBD", "MBG/NBD", "Pareto/NBD", "BG/BB",
                                          "Gamma-Gamma"};

/* ---- overflowing weights ------------------------------------------------------------------- */

/* Each weight is valid (finite, >= 0), but together they overflow: 3 x 1e308 is past DBL_MAX
 * (1.8e308), and so is the weighted log-likelihood. The result is not representable:
 * CLV_ERANGE, as clv_<model>_loglik() says at the same point -- it was CLV_EDOM, the
 * optimizer's status for a caller's unevaluable start, although every input is in its
 * domain. */
static void test_fit_overflowing_weights_are_erange(void **state) {
    (void)state;
    const double w[3] = {1e308, 1e308, 1e308};
    clv_rfm_view v = {3, hist_x + 1, hist_tx + 1, hist_T + 1, hist_m + 1, w};
    const clv_bgnbd_params one = {1.0, 1.0, 1.0, 1.0};
    double ll = SENTINEL;
    assert_int_equal(clv_bgnbd_loglik(&one, &v, &ll, NULL), CLV_ERANGE);
    for (int which = 0; which < 5; which++) {
        int untouched = 0;
        int st = fit_model(which, &v, NULL, NULL, &untouched);
        if (st != CLV_ERANGE) {
            fail_msg("%s: status %d, expected CLV_ERANGE", model_name[which], st);
        }
        assert_true(untouched);
    }
    const double duration[3] = {1, 2, 3};
    const int32_t churned[3] = {1, 1, 0};
    const clv_sbg_durations d = {3, duration, churned, w};
    clv_sbg_params sp = {SENTINEL, SENTINEL};
    assert_int_equal(clv_sbg_fit(&d, NULL, &sp, NULL), CLV_ERANGE);
    assert_true(sp.alpha == SENTINEL && sp.beta == SENTINEL);
}

typedef struct counting_allocator {
    int live;
    int total;
} counting_allocator;

static void *count_alloc(void *ctx, size_t size) {
    counting_allocator *c = ctx;
    c->live++;
    c->total++;
    return malloc(size);
}

static void count_free(void *ctx, void *ptr) {
    counting_allocator *c = ctx;
    c->live--;
    free(ptr);
}

/* Merging identical rows (allocator hooks) must not change a fit. Rows (x, t_x, T) = (0, 0, 0)
 * -- customers first seen at the end of the observation, likelihood 1 whatever the
 * parameters -- each of weight 1e308 add 0 to the log-likelihood as given; merged, two of them
 * would be one row of infinite weight, and inf x 0 is NaN. The driver fits the rows as given
 * instead: with and without hooks, CDNOW plus 300 such rows gives the same doubles, FHL 2005's
 * published estimate (printed to 3 decimals). */
static void test_fit_merging_never_makes_an_infinite_weight(void **state) {
    (void)state;
    enum { EMPTY = 300, N = CDNOW_N + EMPTY };
    const clv_rfm_view cdnow = cdnow_view(0);
    double *col = calloc(4 * N, sizeof *col);
    assert_non_null(col);
    double *x = col, *t_x = col + N, *T = col + 2 * N, *w = col + 3 * N;
    for (size_t i = 0; i < CDNOW_N; i++) {
        x[i] = cdnow.x[i];
        t_x[i] = cdnow.t_x[i];
        T[i] = cdnow.T[i];
        w[i] = 1.0;
    }
    for (size_t i = CDNOW_N; i < N; i++) {
        w[i] = 1e308; /* x = t_x = T = 0 */
    }
    clv_rfm_view v = {N, x, t_x, T, NULL, w};
    clv_bgnbd_params plain, merged;
    assert_int_equal(clv_bgnbd_fit(&v, NULL, &plain, NULL), CLV_OK);
    assert_near(plain.r, 0.243, 5e-4);
    assert_near(plain.alpha, 4.414, 5e-4);
    assert_near(plain.a, 0.793, 5e-4);
    assert_near(plain.b, 2.426, 5e-4);
    counting_allocator c = {0, 0};
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.alloc = count_alloc;
    o.dealloc = count_free;
    o.alloc_ctx = &c;
    assert_int_equal(clv_bgnbd_fit(&v, &o, &merged, NULL), CLV_OK);
    assert_int_equal(c.total, 1); /* merging was tried, and given up */
    assert_int_equal(c.live, 0);
    /* The same rows in the same order: the same doubles. */
    assert_true(merged.r == plain.r && merged.alpha == plain.alpha && merged.a == plain.a &&
                merged.b == plain.b);
    free(col);
}

static int count_progress(void *user_data, uint32_t iteration, double loglik,
                          const double *params, uint32_t n_params) {
    (void)iteration;
    (void)loglik;
    (void)params;
    (void)n_params;
    (*(uint32_t *)user_data)++;
    return 0;
}

/* ---- data that carry no information -------------------------------------------------------- */

/* A report filled with a byte pattern, to see that a failed fit leaves it alone. */
static void poison_report(clv_fit_report *r) {
    memset(r, 0xA5, sizeof *r);
}

static int report_untouched(const clv_fit_report *r) {
    clv_fit_report p;
    poison_report(&p);
    return memcmp(r, &p, sizeof p) == 0;
}

/* Every weight 0: the log-likelihood is 0 at every point, so the old driver stopped at the
 * start "converged" with (1, 1, 1, 1) and log-likelihood 0. The data cannot identify the
 * model: CLV_EIDENT, with the estimate and the report untouched -- for BG/NBD and Pareto/NBD
 * and every other model fitted through the driver, with or without allocator hooks (merging
 * drops weight-0 rows and has nothing left). */
static void test_fit_all_zero_weights_is_eident(void **state) {
    (void)state;
    enum { COPIES = 40, N = DISTINCT * COPIES };
    static double x[N], t_x[N], T[N], m[N], w[N];
    for (size_t i = 0; i < N; i++) {
        x[i] = hist_x[i % DISTINCT];
        t_x[i] = hist_tx[i % DISTINCT];
        T[i] = hist_T[i % DISTINCT];
        m[i] = hist_m[i % DISTINCT];
        w[i] = 0.0;
    }
    const clv_rfm_view v = {N, x, t_x, T, m, w};
    counting_allocator c = {0, 0};
    clv_fit_options hooks;
    clv_fit_options_init(&hooks);
    hooks.alloc = count_alloc;
    hooks.dealloc = count_free;
    hooks.alloc_ctx = &c;
    for (int with_hooks = 0; with_hooks < 2; with_hooks++) {
        for (int which = 0; which < 5; which++) {
            clv_fit_report r;
            poison_report(&r);
            int untouched = 0;
            int st = fit_model(which, &v, with_hooks ? &hooks : NULL, &r, &untouched);
            if (st != CLV_EIDENT) {
                fail_msg("%s (hooks %d): status %d, expected CLV_EIDENT", model_name[which],
                         with_hooks, st);
            }
            assert_true(untouched);
            assert_true(report_untouched(&r));
        }
    }
    assert_int_equal(c.live, 0);
    /* sBG: durations of weight 0, and cohorts of no customer. */
    const double duration[3] = {1, 2, 3};
    const int32_t churned[3] = {1, 1, 0};
    const double zero[3] = {0.0, 0.0, 0.0};
    const clv_sbg_durations d = {3, duration, churned, zero};
    clv_sbg_params sp = {SENTINEL, SENTINEL};
    clv_fit_report r;
    poison_report(&r);
    assert_int_equal(clv_sbg_fit(&d, NULL, &sp, &r), CLV_EIDENT);
    assert_true(sp.alpha == SENTINEL && sp.beta == SENTINEL);
    assert_true(report_untouched(&r));
    const clv_sbg_cohort cohort = {zero, 2, 0};
    assert_int_equal(clv_sbg_fit_cohorts(&cohort, 1, NULL, &sp, NULL), CLV_EIDENT);
    assert_true(sp.alpha == SENTINEL && sp.beta == SENTINEL);
}

/* Weights are not the only way to carry nothing: customers all observed for no time (T = 0,
 * likelihood 1 under BG/NBD, Pareto/NBD and MBG/NBD; n = 0 opportunities under BG/BB), and
 * for Gamma-Gamma, which models the spend of repeat purchases, no customer with x > 0. One
 * informative row is enough to leave CLV_EIDENT. */
static void test_fit_rows_without_information_are_eident(void **state) {
    (void)state;
    const double zero[4] = {0.0, 0.0, 0.0, 0.0};
    const double six[4] = {6.0, 5.0, 6.0, 4.0};
    const double spend[4] = {10.0, 20.0, 30.0, 40.0};
    const clv_rfm_view unobserved = {4, zero, zero, zero, spend, NULL};
    const clv_rfm_view no_repeat = {4, zero, zero, six, spend, NULL};
    for (int which = 0; which < 5; which++) {
        int untouched = 0;
        const clv_rfm_view *v = (which == 4) ? &no_repeat : &unobserved;
        int st = fit_model(which, v, NULL, NULL, &untouched);
        if (st != CLV_EIDENT) {
            fail_msg("%s: status %d, expected CLV_EIDENT", model_name[which], st);
        }
        assert_true(untouched);
    }
    /* One customer with two repeat purchases of mean 20: Gamma-Gamma has something to fit
     * and iterates (the start is no longer a constant 0); what it finds is another matter --
     * one mean spend cannot pin down three parameters, which run off to a boundary (below). */
    const double x1[4] = {0.0, 2.0, 0.0, 0.0};
    const double tx1[4] = {0.0, 5.0, 0.0, 0.0};
    const clv_rfm_view one = {4, x1, tx1, six, spend, NULL};
    int untouched = 0;
    uint32_t calls = 0;
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.progress = count_progress;
    o.user_data = &calls;
    int st = fit_model(4, &one, &o, NULL, &untouched);
    assert_true(calls >= 1);
    assert_true(st == CLV_EIDENT || st == CLV_ENOCONV);
}

/* ---- estimates that run off to a boundary -------------------------------------------------- */

/* Six customers, all of them active to the end of their 6 periods (t_x near T): nothing in the
 * data shows a dropout, and every repeat count is small. The old fits returned CLV_OK with
 * parameters near 1e7..1e9 -- e.g. Pareto/NBD r, alpha, beta = 1.3e7, 3.7e7, 1.4e7 and no
 * covariance (issue 21, "Degenerate fits") -- a point the optimizer merely stopped at on a
 * likelihood still rising towards a limit. A converged fit with a parameter outside
 * [1e-6, 1e6] that the data do not pin down (no positive definite information, or a
 * standard error of its log above 1) is CLV_EIDENT, nothing written. */
static const double run_x[6] = {1, 2, 3, 1, 2, 4};
static const double run_tx[6] = {5, 6, 6, 4, 5, 6};
static const double run_T[6] = {6, 6, 6, 6, 6, 6};
static const double run_m[6] = {10, 20, 30, 12, 25, 40};

static void test_fit_runaway_estimate_is_eident(void **state) {
    (void)state;
    const clv_rfm_view v = {6, run_x, run_tx, run_T, run_m, NULL};
    for (int which = 0; which < 5; which++) {
        clv_fit_report r;
        poison_report(&r);
        int untouched = 0;
        clv_diag d;
        clv_diag_init(&d);
        clv_fit_options o;
        clv_fit_options_init(&o);
        o.diag = &d;
        int st = fit_model(which, &v, &o, &r, &untouched);
        if (st != CLV_EIDENT) {
            fail_msg("%s: status %d, expected CLV_EIDENT", model_name[which], st);
        }
        assert_true(untouched);
        assert_true(report_untouched(&r));
        /* The record names the parameter that ran off and where it got to. */
        assert_int_equal(d.status, CLV_EIDENT);
        assert_int_equal(d.rule, CLV_RULE_RUNS_OFF);
        assert_int_equal(d.field, CLV_FIELD_PARAMS);
        assert_int_equal(d.has_row, 1);
        assert_true(d.row < 4);
        assert_true(d.limit == 1e6 && (d.value > 1e6 || d.value < 1e-6));
        char text[400];
        assert_int_equal(clv_diag_format(&d, text, sizeof text, NULL), CLV_OK);
        assert_non_null(strstr(text, "runs off to the edge of the parameter space"));
        assert_true(strncmp(text, "params[", 7) == 0);
    }
    /* sBG: a retention of exactly 1/2 every period is one geometric lifetime for everyone, so
     * the Beta heterogeneity has nothing to fit: alpha and beta run off together. */
    const double halves[5] = {1600, 800, 400, 200, 100};
    const clv_sbg_cohort c = {halves, 4, 0};
    clv_sbg_params sp = {SENTINEL, SENTINEL};
    clv_fit_report r;
    poison_report(&r);
    assert_int_equal(clv_sbg_fit_cohorts(&c, 1, NULL, &sp, &r), CLV_EIDENT);
    assert_true(sp.alpha == SENTINEL && sp.beta == SENTINEL);
    assert_true(report_untouched(&r));
}

/* The same rule in the reverse-communication API: BG/NBD over the six customers, evaluated by
 * the caller, ends in clv_fit_result() = CLV_EIDENT with nothing written. */
static void test_fit_runaway_estimate_is_eident_by_reverse_communication(void **state) {
    (void)state;
    const clv_rfm_view v = {6, run_x, run_tx, run_T, NULL, NULL};
    clv_fit_state fs;
    uint32_t n = 0;
    assert_int_equal(clv_fit_start(&fs, CLV_MODEL_BGNBD, NULL, &n), CLV_OK);
    assert_int_equal(n, 4);
    int request = CLV_FIT_EVALUATE;
    int rounds = 0;
    for (; rounds < 10000; rounds++) {
        double point[CLV_MAX_PARAMS];
        assert_int_equal(clv_fit_next(&fs, point, &request), CLV_OK);
        if (request == CLV_FIT_DONE) {
            break;
        }
        const clv_bgnbd_params p = {point[0], point[1], point[2], point[3]};
        double ll = -INFINITY;
        double g[4] = {0, 0, 0, 0};
        if (clv_bgnbd_loglik(&p, &v, &ll, g) != CLV_OK) {
            ll = -INFINITY;
        }
        assert_int_equal(clv_fit_tell(&fs, ll, g), CLV_OK);
    }
    assert_int_equal(request, CLV_FIT_DONE);
    double est[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    clv_fit_report r;
    poison_report(&r);
    assert_int_equal(clv_fit_result(&fs, est, &r), CLV_EIDENT);
    assert_true(est[0] == SENTINEL && est[3] == SENTINEL);
    assert_true(report_untouched(&r));
}

/* The rule leaves real fits alone: CDNOW (2,357 customers) under BG/NBD, MBG/NBD, Pareto/NBD
 * and Gamma-Gamma, and the published sBG cohort (Fader & Hardie 2007, "regular"), all
 * converge to CLV_OK with a covariance, their estimates inside [1e-6, 1e6]. */
static void test_fit_runaway_rule_leaves_real_fits_alone(void **state) {
    (void)state;
    const clv_rfm_view cdnow = cdnow_view(1);
    for (int which = 0; which < 5; which++) {
        if (which == 3) {
            continue; /* BG/BB is discrete; its published fit is in test_bgbb.c */
        }
        clv_fit_report r;
        int untouched = 0;
        int st = fit_model(which, &cdnow, NULL, &r, &untouched);
        if (st != CLV_OK) {
            fail_msg("%s on CDNOW: status %d", model_name[which], st);
        }
        assert_true(r.converged && r.covariance_ok);
    }
    const double regular[8] = {1000, 631, 468, 382, 326, 289, 262, 241}; /* FH 2007 Table 1 */
    const clv_sbg_cohort c = {regular, 7, 0};
    clv_sbg_params sp;
    clv_fit_report r;
    assert_int_equal(clv_sbg_fit_cohorts(&c, 1, NULL, &sp, &r), CLV_OK);
    assert_near(sp.alpha, 0.704, 5e-4);
    assert_near(sp.beta, 1.182, 5e-4);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fit_overflowing_weights_are_erange),
        cmocka_unit_test(test_fit_merging_never_makes_an_infinite_weight),
        cmocka_unit_test(test_fit_all_zero_weights_is_eident),
        cmocka_unit_test(test_fit_rows_without_information_are_eident),
        cmocka_unit_test(test_fit_runaway_estimate_is_eident),
        cmocka_unit_test(test_fit_runaway_estimate_is_eident_by_reverse_communication),
        cmocka_unit_test(test_fit_runaway_rule_leaves_real_fits_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
