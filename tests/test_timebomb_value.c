/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Time bombs of the customer-base models (issues 13 and 21): valid inputs that made one call
 * run for seconds or minutes must each finish within BUDGET_SECONDS of wall-clock time (the
 * fastest of ATTEMPTS tries; a watchdog ends a runaway). Rows of issue 21's table and issue
 * 13's slow cases: clv_customer_value over infinite horizons at tiny discount rates and in
 * weekly periods, 999,999 periods undiscounted and at 1e-8, horizons of 1e7 at 1e-9;
 * expectations and P(X(t) = n) where the old series or sums ran for ~mean terms. Each call's
 * status is checked (values are checked in tests/test_customer_value.c and
 * tests/test_grid_bgnbd.c).
 *
 * Suite 'timebomb', as tests/test_timebomb_rfm.c (see tests/timebomb.h for the skips).
 */
#include <math.h>
#include <stdlib.h>

#include "clv.h"

/* Each call is at most ~0.6 ms of CPU (bench/bench_value prints the figures); the budget is
 * wall-clock time on a shared 2-core machine (the fastest of ATTEMPTS tries), so it leaves
 * room for waits. Issue 13: no call in the grid over 10 ms. The old code took 0.2 s to
 * minutes. */
#define BUDGET_SECONDS 0.01
#define ATTEMPTS 3
#define WATCHDOG_SECONDS 60
#define TIMEBOMB_NAME "test_timebomb_value"
#include "timebomb.h"

static int status;

static void value_call(int model, double p, double discount, double period, double horizon,
                       double x, double t_x, double T) {
    clv_purchase_model m = {model, 0, {p, p, p, p}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = discount;
    o.period = period;
    o.horizon = horizon;
    double v = -1.0;
    status = clv_customer_value(&m, NULL, &o, x, t_x, T, 1.0, &v);
    if (status == CLV_OK && !(v >= 0.0 && isfinite(v))) {
        status = -1000;
    }
}

static void tiny_infinite_1pct(void) {
    value_call(CLV_MODEL_BGNBD, 1e-3, 0.01, 1.0, INFINITY, 0, 0, 0);
}
static void tiny_infinite_1e12(void) {
    value_call(CLV_MODEL_BGNBD, 1e-3, 1e-12, 1.0, INFINITY, 0, 0, 0);
}
static void weekly_infinite(void) {
    value_call(CLV_MODEL_BGNBD, 1e-3, 0.01 / 52.0, 1.0, INFINITY, 2, 30, 39);
}
static void mbg_horizon_1e7(void) {
    value_call(CLV_MODEL_MBGNBD, 1e-3, 1e-9, 1.0, 1e7, 2, 30, 39);
}
static void undiscounted_999999(void) {
    clv_purchase_model m = {CLV_MODEL_BGNBD, 0, {241.0, 50.0, 3.0, 8.0}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 0.0;
    o.horizon = 999999.0;
    double v;
    status = clv_customer_value(&m, NULL, &o, 10, 35, 39, 1.0, &v);
}
static void horizon_999999_at_1e8(void) {
    clv_purchase_model m = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 1e-8;
    o.horizon = 999999.0;
    double v;
    status = clv_customer_value(&m, NULL, &o, 2, 30.43, 38.86, 1.0, &v);
}
static void expectation_all_1e3(void) {
    clv_bgnbd_params p = {1000, 1000, 1000, 1000};
    double e;
    status = clv_bgnbd_expected_purchases_new(&p, 1e4, &e);
}
static void prob_huge_mean(void) {
    /* mean r t / alpha = 1e13 purchases: the old NB sums ran ~mean terms */
    clv_bgnbd_params p = {1000, 1e-3, 2, 3};
    double q;
    status = clv_bgnbd_prob_purchases(&p, 1e4, 1e13, &q);
}

/* Issue 13/21, value13: Pareto/NBD and BG/BB long and infinite horizons (summed period by
 * period before, up to 1e6 periods or CLV_BGBB_MAX_OPPORTUNITIES), BG/NBD horizons up to
 * 1000 periods or nearly undiscounted (period by period: 20,000 periods at 1e-8 took 0.9 s),
 * BG/BB DERT below 4e-5 a period (0.6 s and CLV_ERANGE). */
static void pnbd_infinite_1e12(void) {
    value_call(CLV_MODEL_PNBD, 1e-3, 1e-12, 1.0, INFINITY, 3, 20, 38.86);
}
static void pnbd_horizon_1e6_at_1e8(void) {
    clv_purchase_model m = {CLV_MODEL_PNBD, 0, {0.553, 10.578, 0.606, 11.669}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 1e-8;
    o.horizon = 999999.0;
    double v;
    status = clv_customer_value(&m, NULL, &o, 2, 30.43, 38.86, 1.0, &v);
}
static void bgbb_infinite_1e12(void) {
    value_call(CLV_MODEL_BGBB, 1e3, 1e-12, 1.0, INFINITY, 500, 900, 1000);
}
static void bgbb_weekly_1e6(void) {
    clv_purchase_model m = {CLV_MODEL_BGBB, 0, {1.204, 0.750, 0.657, 2.783}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 1e-8;
    o.period = 7.0;
    o.horizon = 1e6;
    double v;
    status = clv_customer_value(&m, NULL, &o, 2, 4, 6, 1.0, &v);
}
static void bg_20000_at_1e8(void) {
    clv_purchase_model m = {CLV_MODEL_BGNBD, 0, {0.01, 0.01, 0.6, 2.0}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 1e-8;
    o.horizon = 20000.0;
    double v;
    status = clv_customer_value(&m, NULL, &o, 3, 20, 38.86, 1.0, &v);
}
static void bg_1000_at_1pct(void) {
    value_call(CLV_MODEL_MBGNBD, 1e-3, 0.01, 1.0, 1000, 0, 0, 0);
}
static void bg_homogeneous_infinite_1e12(void) {
    clv_purchase_model m = {CLV_MODEL_BGNBD, 0, {241.0, 50.0, 3.0, 8.0}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = 1e-12;
    o.horizon = INFINITY;
    double v;
    status = clv_customer_value(&m, NULL, &o, 10, 35, 39, 1.0, &v);
}
/* Issue 13 and 21, bgval: the slowest cases of the value grids and of random parameters,
 * 1.3-9 ms before (three quadratures for a nearly undiscounted horizon, a 1e-4 jump in the
 * kernel at d = 1e-12 that the quadrature chased), and one that gave CLV_ENOCONV. */
static void bg_call(int model, double r, double alpha, double a, double b, double x, double t_x,
                    double T, double discount, double horizon) {
    clv_purchase_model m = {model, 0, {r, alpha, a, b}};
    clv_value_options o;
    clv_value_options_init(&o);
    o.discount_rate = discount;
    o.horizon = horizon;
    double v = -1.0;
    status = clv_customer_value(&m, NULL, &o, x, t_x, T, 1.0, &v);
    if (status == CLV_OK && !(v >= 0.0 && isfinite(v))) {
        status = -1000;
    }
}
static void bg_all_1e3_horizon_1e6_at_1e12(void) {
    bg_call(CLV_MODEL_BGNBD, 1e3, 1e3, 1e3, 1e3, 2, 30.43, 38.86, 1e-12, 1e6);
}
static void mbg_homogeneous_1e6_at_1e12(void) {
    bg_call(CLV_MODEL_MBGNBD, 241, 50, 3, 8, 10, 35, 39, 1e-12, 1e6);
}
static void bg_cdnow_1e4_at_1e8(void) {
    bg_call(CLV_MODEL_BGNBD, 0.243, 4.414, 0.793, 2.426, 2, 30.43, 38.86, 1e-8, 1e4);
}
static void bg_small_alpha_1e6_at_1e12(void) {
    bg_call(CLV_MODEL_BGNBD, 0.0877, 0.00804, 8.046, 0.00272, 1, 1.748, 4.780, 1e-12, 1e6);
}
static void bg_x1838_1e6_at_1e12(void) {
    bg_call(CLV_MODEL_BGNBD, 0.0019033, 141.52, 0.054658, 0.0073372, 1838, 0.011973, 0.038812,
            1e-12, 1e6);
}
static void bgbb_dert_1e5(void) {
    const clv_bgbb_params p = {0.648, 0.0703, 518.65, 29.68};
    double d;
    status = clv_bgbb_dert(&p, 528, 646, 1146, 1e-5, &d);
}

typedef struct bomb {
    const char *what;
    call_fn call;
} bomb;

static const bomb bombs[] = {
    {"BG/NBD value, all parameters 1e-3, infinite horizon, 1%", tiny_infinite_1pct},
    {"BG/NBD value, infinite horizon, 1e-12 a period", tiny_infinite_1e12},
    {"BG/NBD value, weekly periods at 1%/52, infinite horizon", weekly_infinite},
    {"MBG/NBD value, horizon 1e7 at 1e-9", mbg_horizon_1e7},
    {"BG/NBD value, 999,999 undiscounted periods, r = 241", undiscounted_999999},
    {"BG/NBD value, 999,999 periods at 1e-8", horizon_999999_at_1e8},
    {"BG/NBD E[X(1e4)], all parameters 1e3", expectation_all_1e3},
    {"BG/NBD P(X(1e4) = 1e13), mean 1e13", prob_huge_mean},
    {"Pareto/NBD value, parameters 1e-3, infinite horizon at 1e-12", pnbd_infinite_1e12},
    {"Pareto/NBD value, 999,999 periods at 1e-8", pnbd_horizon_1e6_at_1e8},
    {"BG/BB value, parameters 1e3, infinite horizon at 1e-12", bgbb_infinite_1e12},
    {"BG/BB value, weeks of 7 opportunities, 1e6 weeks at 1e-8", bgbb_weekly_1e6},
    {"BG/NBD value, 20,000 periods at 1e-8", bg_20000_at_1e8},
    {"MBG/NBD value, parameters 1e-3, 1000 periods at 1%", bg_1000_at_1pct},
    {"BG/NBD value, r = 241, infinite horizon at 1e-12", bg_homogeneous_infinite_1e12},
    {"BG/BB DERT at 1e-5 an opportunity, gamma = 518.65", bgbb_dert_1e5},
    {"BG/NBD value, all parameters 1e3, 1e6 periods at 1e-12", bg_all_1e3_horizon_1e6_at_1e12},
    {"MBG/NBD value, r = 241, 1e6 periods at 1e-12", mbg_homogeneous_1e6_at_1e12},
    {"BG/NBD value, CDNOW, 1e4 periods at 1e-8", bg_cdnow_1e4_at_1e8},
    {"BG/NBD value, alpha 0.008, b 0.0027, 1e6 periods at 1e-12", bg_small_alpha_1e6_at_1e12},
    {"BG/NBD value, x = 1838, 1e6 periods at 1e-12 (was CLV_ENOCONV)", bg_x1838_1e6_at_1e12},
};

static void test_timebomb_value_calls_within_budget(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof bombs / sizeof bombs[0]; i++) {
        status = -999;
        within_budget(bombs[i].what, bombs[i].call);
        if (status != CLV_OK) {
            fail_msg("%s: status %d", bombs[i].what, status);
        }
    }
}

int main(void) {
    if (skip_reason != NULL) {
        printf("1..0 # SKIP %s\n", skip_reason);
        return 0;
    }
    signal(SIGALRM, watchdog);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timebomb_value_calls_within_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
