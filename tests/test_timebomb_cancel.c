/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Time bombs of issue 21 that are cancelled, not made fast: calls over big tables or long
 * series whose whole run takes seconds to minutes must consult their progress callback
 * promptly and, when it cancels, return CLV_ECANCELED within BUDGET_SECONDS of wall-clock
 * time (the fastest of ATTEMPTS tries; a watchdog ends a runaway). The rows of the issue's
 * table covered here:
 *   - clv_bgbb_loglik on 1,000 distinct rows with n ~ 1e5, the value alone and with its
 *     gradient, within budget (~3 and ~7 ms: the sums' cost no longer grows with n);
 *   - clv_bgbb_fit on the same rows, cancelled at the first callback and at the fifth, and
 *     run to its end within BGBB_FIT_BUDGET_SECONDS (it took minutes when the sums were
 *     term by term);
 *   - clv_bass_fit by maximum likelihood (and by least squares) on 1e7 periods, cancelled;
 *   - clv_sbg_fit_cohorts on a cohort of 1e7 periods, cancelled;
 *   - clv_customer_value_rows over 1e6 customers, cancelled;
 *   - clv_markov_value_progress over 1e5 steps of 64 states, cancelled;
 *   - clv_rfm_order_progress on a shuffled log of 1e7 transactions (~20 s whole), and
 *     clv_rfm_summary on 1e7 sorted transactions, cancelled (in its first and third pass).
 * Each cancelled call is checked for its status, for the longest wait between two calls of
 * the callback (from the start of the call to the first, between calls, from the last to the
 * return), and for the outputs the documentation promises on a cancel: untouched (Bass,
 * Markov; rows after the last reported for customer value) or the best point (the fits).
 *
 * Suite 'timebomb', as tests/test_timebomb_rfm.c (see tests/timebomb.h for the skips).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "referral.h"

/* Each cancelled call took 8-40 ms on the 2-core machine under load (the O(n) check of the
 * input comes before the first callback: ~30 ms for 1e7 periods); the runs they stop take
 * from 1 s (Markov) to minutes (the BG/BB fit). */
#define BUDGET_SECONDS 0.1
#define ATTEMPTS 3
#define WATCHDOG_SECONDS 60
#define TIMEBOMB_NAME "test_timebomb_cancel"
#include "timebomb.h"

/* ---- the callbacks: count calls, time the gaps, cancel at the cancel_at-th call ---------- */

static int status;
static int calls;
static int cancel_at;
static double last_time;
static double max_gap;

static void begin(int cancel_at_call) {
    calls = 0;
    cancel_at = cancel_at_call;
    max_gap = 0.0;
    last_time = now();
}

static int note_call(void) {
    double t = now();
    max_gap = fmax(max_gap, t - last_time);
    last_time = t;
    return ++calls >= cancel_at;
}

static void end(void) {
    max_gap = fmax(max_gap, now() - last_time);
}

static int fit_progress(void *user_data, uint32_t iteration, double loglik, const double *params,
                        uint32_t n_params) {
    (void)user_data;
    (void)iteration;
    (void)loglik;
    for (uint32_t i = 0; i < n_params; i++) {
        if (!(params[i] > 0.0) || !isfinite(params[i])) {
            status = -2000; /* the best point so far must be a point */
        }
    }
    return note_call();
}

static int work_progress(void *user_data, uint64_t done, uint64_t total) {
    (void)user_data;
    if (done > total || done == 0) {
        status = -2001;
    }
    return note_call();
}

/* ---- data ---------------------------------------------------------------------------------- */

#define BGBB_ROWS 1000
#define BGBB_N 100000.0
static double bx[BGBB_ROWS], btx[BGBB_ROWS], bT[BGBB_ROWS];

static void fill_bgbb(void) {
    /* 1,000 distinct histories over n = 1e5 opportunities: x up to 3e4, t_x from x to n. */
    for (size_t i = 0; i < BGBB_ROWS; i++) {
        bT[i] = BGBB_N;
        bx[i] = (double)((i * 7919u) % 1000u) * 30.0;
        btx[i] = (bx[i] == 0.0) ? 0.0 : fmin(BGBB_N, bx[i] + (double)(i % 50u) * 1000.0);
    }
}

#define LONG_PERIODS 10000000u
static double *counts;     /* Bass: adopters in 1e7 periods */
static double *alive;      /* sBG: one cohort's survivors over 1e7 periods */
#define VALUE_ROWS 1000000u
static double *vx, *vtx, *vT, *vm, *values;

static void fill_long(void) {
    counts = malloc(LONG_PERIODS * sizeof *counts);
    alive = malloc((LONG_PERIODS + 1) * sizeof *alive);
    vx = malloc(VALUE_ROWS * sizeof *vx);
    vtx = malloc(VALUE_ROWS * sizeof *vtx);
    vT = malloc(VALUE_ROWS * sizeof *vT);
    vm = malloc(VALUE_ROWS * sizeof *vm);
    values = malloc(VALUE_ROWS * sizeof *values);
    if (!counts || !alive || !vx || !vtx || !vT || !vm || !values) {
        fail_msg("out of memory");
    }
    /* Bass adopters of p = 0.003, q = 0.3, m = 1e6, rounded down: ~200 periods with adopters,
     * then 1e7 periods of none. */
    const clv_bass_params b = {0.003, 0.3, 1e6};
    for (size_t i = 0; i < LONG_PERIODS; i++) {
        double a = 0.0;
        if (i < 2000) {
            clv_bass_adopters(&b, (double)i, (double)i + 1.0, &a);
        }
        counts[i] = floor(a);
    }
    /* 1,000 customers losing 30% a period for 7 periods, the rest staying for 1e7. */
    alive[0] = 1000.0;
    for (size_t t = 1; t <= LONG_PERIODS; t++) {
        alive[t] = (t < 8) ? floor(alive[t - 1] * 0.7) : alive[t - 1];
    }
    for (size_t i = 0; i < VALUE_ROWS; i++) {
        vx[i] = (double)(i % 7u);
        vT[i] = 39.0;
        vtx[i] = (vx[i] == 0.0) ? 0.0 : 30.0 - (double)(i % 5u);
        vm[i] = 20.0 + (double)(i % 13u);
    }
}

/* ---- the calls ------------------------------------------------------------------------------- */

static void bgbb_loglik_value(void) {
    const clv_bgbb_params p = {1.2, 0.7, 0.6, 2.5};
    const clv_rfm_view v = {BGBB_ROWS, bx, btx, bT, NULL, NULL};
    double ll = 1.0;
    status = clv_bgbb_loglik(&p, &v, &ll, NULL);
    if (status == CLV_OK && !(ll < 0.0 && isfinite(ll))) {
        status = -1000;
    }
}

static void bgbb_loglik_gradient(void) {
    const clv_bgbb_params p = {1.2, 0.7, 0.6, 2.5};
    const clv_rfm_view v = {BGBB_ROWS, bx, btx, bT, NULL, NULL};
    double ll = 1.0, g[4] = {NAN, NAN, NAN, NAN};
    status = clv_bgbb_loglik(&p, &v, &ll, g);
    if (status == CLV_OK && !(ll < 0.0 && isfinite(ll) && isfinite(g[0]) && isfinite(g[3]))) {
        status = -1000;
    }
}

static clv_bgbb_params bgbb_est;

static void bgbb_fit_cancel(int at) {
    const clv_rfm_view v = {BGBB_ROWS, bx, btx, bT, NULL, NULL};
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.progress = fit_progress;
    memset(&bgbb_est, 0, sizeof bgbb_est);
    begin(at);
    int st = clv_bgbb_fit(&v, &o, &bgbb_est, NULL);
    end();
    if (status == -999) {
        status = st;
    }
}
static void bgbb_fit_cancel_first(void) {
    bgbb_fit_cancel(1);
}
static void bgbb_fit_cancel_fifth(void) {
    bgbb_fit_cancel(5);
}

static clv_bass_params bass_est;
/* The check of the counts and the first passes over the periods call it ~300 times each. */
#define BASS_CANCEL_AT 1000

static void bass_fit_cancel(int method) {
    clv_bass_fit_options o;
    clv_bass_fit_options_init(&o);
    o.method = method;
    o.progress = fit_progress;
    bass_est = (clv_bass_params){-1.0, -1.0, -1.0};
    begin(BASS_CANCEL_AT);
    int st = clv_bass_fit(counts, LONG_PERIODS, &o, &bass_est, NULL);
    end();
    if (status == -999) {
        status = st;
    }
}
static void bass_ml_cancel(void) {
    bass_fit_cancel(CLV_BASS_ML);
}
static void bass_nls_cancel(void) {
    bass_fit_cancel(CLV_BASS_NLS);
}

static clv_sbg_params sbg_est;

static void sbg_cohorts_cancel(void) {
    const clv_sbg_cohort c = {alive, LONG_PERIODS, 0};
    clv_fit_options o;
    clv_fit_options_init(&o);
    o.progress = fit_progress;
    sbg_est = (clv_sbg_params){-1.0, -1.0};
    begin(20);
    int st = clv_sbg_fit_cohorts(&c, 1, &o, &sbg_est, NULL);
    end();
    if (status == -999) {
        status = st;
    }
}

static void value_rows_cancel(void) {
    const clv_purchase_model m = {CLV_MODEL_BGNBD, 0, {0.243, 4.414, 0.793, 2.426}};
    const clv_gg_params gg = {6.25, 3.74, 15.44};
    const clv_rfm_view v = {VALUE_ROWS, vx, vtx, vT, vm, NULL};
    clv_value_options o;
    clv_value_options_init(&o);
    o.progress = work_progress; /* the default 12 periods */
    for (size_t i = 0; i < VALUE_ROWS; i++) {
        values[i] = -1.0;
    }
    begin(100); /* 800 customers */
    int st = clv_customer_value_rows(&m, &gg, &o, &v, values, NULL);
    end();
    if (status == -999) {
        status = st;
    }
}

static double markov_out[64];

static void markov_cancel(void) {
    enum { N = 64 };
    static double P[N * N], R[N], ws[N * (N + 2)];
    for (size_t i = 0; i < N; i++) {
        R[i] = (double)i;
        for (size_t j = 0; j < N; j++) {
            P[i * N + j] = 1.0 / N;
        }
    }
    for (size_t i = 0; i < N; i++) {
        markov_out[i] = -1.0;
    }
    begin(3);
    int st = clv_markov_value_progress(P, R, N, 0.0, 100000.0, ws, N * (N + 2), markov_out,
                                       work_progress, NULL);
    end();
    if (status == -999) {
        status = st;
    }
}

#define RFM_ROWS 10000000u
#define RFM_CUSTOMERS (RFM_ROWS / 10u)
static uint64_t *rfm_customer;
static double *rfm_time;
static size_t *rfm_order_out;
static double *rfm_x, *rfm_tx, *rfm_T;
static size_t rfm_n_customers;
static int rfm_cancel_at;

/* 10 transactions per customer; shuffled (an LCG) for the order, sorted for the summary. */
static void fill_rfm(int shuffled) {
    uint64_t rng = 99;
    for (size_t i = 0; i < RFM_ROWS; i++) {
        size_t k = i;
        if (shuffled) {
            rng = rng * 6364136223846793005u + 1442695040888963407u;
            k = (size_t)((rng >> 20) % RFM_ROWS);
        }
        rfm_customer[i] = k / 10u;
        rfm_time[i] = (double)(k % 10u);
    }
}

static void rfm_order_cancel(void) {
    begin(rfm_cancel_at);
    int st = clv_rfm_order_progress(rfm_customer, rfm_time, RFM_ROWS, rfm_order_out,
                                    work_progress, NULL);
    end();
    if (status == -999) {
        status = st;
    }
}

static void rfm_summary_cancel(void) {
    clv_rfm_options o;
    clv_rfm_options_init(&o);
    o.progress = work_progress;
    clv_rfm_table table = {RFM_CUSTOMERS, NULL, rfm_x, rfm_tx, rfm_T, NULL, NULL, NULL};
    rfm_n_customers = 7;
    begin(rfm_cancel_at);
    int st = clv_rfm_summary(rfm_customer, rfm_time, NULL, RFM_ROWS, NULL, &o, &table,
                             &rfm_n_customers, NULL);
    end();
    if (status == -999) {
        status = st;
    }
}

/* ---- the tests --------------------------------------------------------------------------- */

static void expect(const char *what, int st) {
    if (status != st) {
        fail_msg("%s: status %d, expected %d", what, status, st);
    }
}

/* No wait longer than the budget from the start of the call to the first callback, between
 * two callbacks, or from the cancelling one to the return (the best of up to ATTEMPTS runs);
 * the call cancelled with at least min_calls callbacks. */
static void cancelled_within_budget(const char *what, call_fn call, int min_calls) {
    double best = INFINITY;
    double t0 = now();
    for (int k = 0; k < ATTEMPTS && best > BUDGET_SECONDS; k++) {
        status = -999;
        alarm(WATCHDOG_SECONDS);
        call();
        alarm(0);
        expect(what, CLV_ECANCELED);
        if (calls < min_calls) {
            fail_msg("%s: %d callbacks, expected %d", what, calls, min_calls);
        }
        best = fmin(best, max_gap);
    }
    printf("# %s: %d callbacks, longest wait %.4f s (budget %g s), %.3f s in all\n", what,
           calls, best, BUDGET_SECONDS, now() - t0);
    if (best > BUDGET_SECONDS) {
        fail_msg("%s: %.4f s without a callback or return, over the %g s budget", what, best,
                 BUDGET_SECONDS);
    }
}

static void test_bgbb_loglik_value_n_1e5_within_budget(void **state) {
    (void)state;
    fill_bgbb();
    status = -999;
    within_budget("BG/BB loglik, 1,000 rows of n = 1e5", bgbb_loglik_value);
    expect("BG/BB loglik", CLV_OK);
}

static void test_bgbb_loglik_gradient_n_1e5_within_budget(void **state) {
    (void)state;
    fill_bgbb();
    status = -999;
    within_budget("BG/BB loglik with gradient, 1,000 rows of n = 1e5", bgbb_loglik_gradient);
    expect("BG/BB loglik with gradient", CLV_OK);
}

/* The whole fit of the 1,000 rows (Newton, value, gradient and Hessian each iteration): 0.36 s
 * of CPU on the 2-core machine; these rows are no BG/BB sample, and the estimate runs off to a
 * boundary (CLV_EIDENT) after a few dozen evaluations. */
#define BGBB_FIT_BUDGET_SECONDS 5.0

static void test_bgbb_fit_n_1e5_completes_within_budget(void **state) {
    (void)state;
    fill_bgbb();
    const clv_rfm_view v = {BGBB_ROWS, bx, btx, bT, NULL, NULL};
    clv_bgbb_params est;
    double best = INFINITY;
    int st = 0;
    for (int k = 0; k < ATTEMPTS && best > BGBB_FIT_BUDGET_SECONDS; k++) {
        alarm(WATCHDOG_SECONDS);
        double t0 = now();
        st = clv_bgbb_fit(&v, NULL, &est, NULL);
        best = fmin(best, now() - t0);
        alarm(0);
    }
    printf("# BG/BB fit of 1,000 rows of n = 1e5 to its end: %.3f s (budget %g s), status %d\n",
           best, BGBB_FIT_BUDGET_SECONDS, st);
    assert_int_equal(st, CLV_EIDENT);
    if (best > BGBB_FIT_BUDGET_SECONDS) {
        fail_msg("BG/BB fit took %.3f s, over the %g s budget", best, BGBB_FIT_BUDGET_SECONDS);
    }
}

static void test_bgbb_fit_n_1e5_cancels_within_budget(void **state) {
    (void)state;
    fill_bgbb();
    cancelled_within_budget("BG/BB fit, n = 1e5, cancel at the 1st callback",
                            bgbb_fit_cancel_first, 1);
    cancelled_within_budget("BG/BB fit, n = 1e5, cancel at the 5th callback",
                            bgbb_fit_cancel_fifth, 5);
    /* the best point so far is written on a cancel */
    assert_true(bgbb_est.alpha > 0.0 && bgbb_est.beta > 0.0 && bgbb_est.gamma > 0.0 &&
                bgbb_est.delta > 0.0);
}

static void test_long_series_cancel_within_budget(void **state) {
    (void)state;
    fill_long();
    cancelled_within_budget("Bass ML fit, 1e7 periods, cancel at the 1000th callback",
                            bass_ml_cancel, BASS_CANCEL_AT);
    assert_true(bass_est.p == -1.0 && bass_est.q == -1.0 && bass_est.m == -1.0); /* untouched */
    cancelled_within_budget("Bass NLS fit, 1e7 periods, cancel at the 1000th callback",
                            bass_nls_cancel, BASS_CANCEL_AT);
    assert_true(bass_est.p == -1.0);
    cancelled_within_budget("sBG cohort fit, 1e7 periods, cancel at the 20th callback",
                            sbg_cohorts_cancel, 20);
    assert_true(sbg_est.alpha > 0.0 && sbg_est.beta > 0.0); /* the best point so far */
    cancelled_within_budget("customer value rows, 1e6 customers, cancel at the 100th call",
                            value_rows_cancel, 100);
    /* rows reported done are valued, the others untouched */
    size_t done = 100u * CLV_VALUE_ROWS_PER_PROGRESS;
    for (size_t i = 0; i < VALUE_ROWS; i++) {
        if ((i < done) != (values[i] > 0.0) || (i >= done && values[i] != -1.0)) {
            fail_msg("customer value rows: row %zu is %g after a cancel at row %zu", i,
                     values[i], done);
        }
    }
    cancelled_within_budget("Markov value, 64 states, 1e5 steps, cancel at the 3rd call",
                            markov_cancel, 3);
    for (size_t i = 0; i < 64; i++) {
        assert_true(markov_out[i] == -1.0); /* untouched */
    }
    free(counts);
    free(alive);
    free(vx);
    free(vtx);
    free(vT);
    free(vm);
    free(values);
}

static void test_rfm_order_and_summary_1e7_cancel_within_budget(void **state) {
    (void)state;
    rfm_customer = malloc(RFM_ROWS * sizeof *rfm_customer);
    rfm_time = malloc(RFM_ROWS * sizeof *rfm_time);
    rfm_order_out = malloc(RFM_ROWS * sizeof *rfm_order_out);
    rfm_x = malloc(RFM_CUSTOMERS * sizeof *rfm_x);
    rfm_tx = malloc(RFM_CUSTOMERS * sizeof *rfm_tx);
    rfm_T = malloc(RFM_CUSTOMERS * sizeof *rfm_T);
    assert_non_null(rfm_customer && rfm_time && rfm_order_out && rfm_x && rfm_tx && rfm_T);
    fill_rfm(1);
    rfm_cancel_at = 50;
    cancelled_within_budget("rfm order, 1e7 shuffled transactions, cancel at the 50th call",
                            rfm_order_cancel, 50);
    fill_rfm(0);
    for (size_t i = 0; i < RFM_CUSTOMERS; i++) {
        rfm_x[i] = -1.0;
    }
    /* 3 n / 65,536 = 458 calls in all; the 10th is in the check pass, the 320th counting */
    const int at[2] = {10, 320};
    for (int k = 0; k < 2; k++) {
        rfm_cancel_at = at[k];
        cancelled_within_budget(k == 0 ? "rfm summary, 1e7 transactions, cancel at the 10th"
                                       : "rfm summary, 1e7 transactions, cancel at the 320th",
                                rfm_summary_cancel, at[k]);
        assert_int_equal(rfm_n_customers, 7); /* untouched */
        for (size_t i = 0; i < RFM_CUSTOMERS; i++) {
            if (rfm_x[i] != -1.0) {
                fail_msg("rfm summary: row %zu written on a cancel", i);
            }
        }
    }
    free(rfm_customer);
    free(rfm_time);
    free(rfm_order_out);
    free(rfm_x);
    free(rfm_tx);
    free(rfm_T);
}

int main(void) {
    if (skip_reason != NULL) {
        printf("1..0 # SKIP %s\n", skip_reason);
        return 0;
    }
    signal(SIGALRM, watchdog);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bgbb_loglik_value_n_1e5_within_budget),
        cmocka_unit_test(test_bgbb_loglik_gradient_n_1e5_within_budget),
        cmocka_unit_test(test_bgbb_fit_n_1e5_cancels_within_budget),
        cmocka_unit_test(test_bgbb_fit_n_1e5_completes_within_budget),
        cmocka_unit_test(test_long_series_cancel_within_budget),
        cmocka_unit_test(test_rfm_order_and_summary_1e7_cancel_within_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
