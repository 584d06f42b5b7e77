/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Coverage of the delta-method intervals (lib/clv/intervals.c; issue 14), in the 'slow' suite.
 *
 * A 95% interval must contain the true value in 95% of repeated samples. For each model:
 * simulate a base from known parameters (clv_sim_customers(), clv_sbg_simulate()), fit it,
 * compute the 95% interval of each prediction for fixed probe customers from the fit's
 * covariance, and count how often the prediction at the TRUE parameters lies inside, over
 * N_SEEDS independent bases. Under exact 95% coverage each count is Binomial(100, 0.95):
 * P(count <= 86) = 4.6e-4 (mpmath), so a count below MIN_COVERED = 87 fails the test; with
 * the 27 counts checked here a correct method fails by chance with probability ~1.2%, and the
 * seeds are fixed, so a pass stays a pass (30 counts in all with Bass: ~1.4%). (Over-coverage cannot be tested at this size:
 * P(count = 100) = 0.6%; the counts are printed.)
 *
 * Models: BG/NBD and Pareto/NBD (bases of 10,000 customers acquired over 12 weeks, watched 27
 * to 39 weeks, at the parameters of test_simulate.c, near CDNOW's fits) with P(alive) on the
 * logit scale, E[X(39) | history] and the customer value (margin 0.3, 1% per 4-week period,
 * 12 periods, spend 20 per purchase) on the log scale, for three probe customers (the true
 * value at the true parameters; the intervals from the fitted ones); sBG (one
 * cohort of 1,000 over 7 periods, FH 2007's "high end" parameters) with S(10) and the
 * retention rate of period 10 (extrapolations beyond the data, logit scale) and DERL after 7
 * renewals at 10% (log scale); Bass (below).
 */
#include "clv_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "referral.h"

#define N_SEEDS 100
#define MIN_COVERED 87
#define N_BASE 10000

static const double bgnbd_true[4] = {0.243, 4.414, 0.793, 2.426};
static const double pnbd_true[4] = {0.553, 10.578, 0.606, 11.669};

/* Probe customers (x, t_x, T, spend): FHL 2005's worked example, a customer with no repeat
 * purchase (BG/NBD: one repeat purchase in week 5 -- its P(alive) of a customer without one
 * is 1 at any parameters, with no interval), a frequent buyer quiet for 18 weeks. */
#define N_PROBES 3
static double probe_x[N_PROBES] = {2, 0, 6};
static double probe_tx[N_PROBES] = {30.43, 0, 20};
static const double probe_T[N_PROBES] = {38.86, 38.86, 38};
static const double probe_m[N_PROBES] = {20, 20, 20};

#define N_QUANTITIES 3
static const int quantities[N_QUANTITIES] = {CLV_INTERVAL_P_ALIVE,
                                             CLV_INTERVAL_EXPECTED_PURCHASES, CLV_INTERVAL_VALUE};
static const char *quantity_names[N_QUANTITIES] = {"P(alive)", "E[X(39)|h]", "value"};

static clv_purchase_model make_model(int32_t tag, const double *theta) {
    clv_purchase_model m;
    memset(&m, 0, sizeof m);
    m.model = tag;
    memcpy(m.params, theta, sizeof m.params);
    return m;
}

static void interval_options(int quantity, clv_interval_options *o, clv_value_options *v) {
    clv_interval_options_init(o);
    clv_value_options_init(v);
    v->margin = 0.3;
    v->discount_rate = 0.01;
    v->period = 4.0;
    v->horizon = 12.0;
    o->value = v;
    o->horizon = 39.0;
    o->scale = quantity == CLV_INTERVAL_P_ALIVE ? CLV_INTERVAL_LOGIT : CLV_INTERVAL_LOG;
}

/* Observation lengths spread like a cohort acquired over 12 weeks and watched for 27..39. */
static void cohort_T(double *T, size_t n) {
    for (size_t i = 0; i < n; i++) {
        T[i] = 27.0 + 12.0 * (double)i / (double)n;
    }
}

static void purchase_coverage(int32_t tag, const double *truth, uint64_t seed0,
                              const char *what) {
    static double x[N_BASE], t_x[N_BASE], T[N_BASE];
    int covered[N_QUANTITIES][N_PROBES];
    double rel_width[N_QUANTITIES][N_PROBES];
    double true_value[N_QUANTITIES][N_PROBES];
    memset(covered, 0, sizeof covered);
    memset(rel_width, 0, sizeof rel_width);
    cohort_T(T, N_BASE);
    probe_x[1] = tag == CLV_MODEL_BGNBD ? 1.0 : 0.0;
    probe_tx[1] = tag == CLV_MODEL_BGNBD ? 5.0 : 0.0;
    const clv_purchase_model m_true = make_model(tag, truth);
    const clv_rfm_view probes = {N_PROBES, probe_x, probe_tx, probe_T, probe_m, NULL};
    /* the predictions at the true parameters (any valid covariance: only the estimate is
     * read) */
    for (int k = 0; k < N_QUANTITIES; k++) {
        clv_interval_options o;
        clv_value_options v;
        double lo[N_PROBES], hi[N_PROBES], eye[16] = {0};
        for (int i = 0; i < 4; i++) {
            eye[i * 5] = 1e-6;
        }
        interval_options(quantities[k], &o, &v);
        assert_status(clv_interval_rows(&m_true, NULL, quantities[k], eye, &o, &probes, lo,
                                        true_value[k], hi, NULL, NULL),
                      CLV_OK);
    }
    for (int s = 0; s < N_SEEDS; s++) {
        clv_rng rng;
        clv_rng_seed(&rng, seed0 + (uint64_t)s);
        assert_status(clv_sim_customers(&rng, &m_true, NULL, NULL, N_BASE, T, x, t_x, NULL, NULL,
                                        NULL),
                      CLV_OK);
        clv_rfm_view data = {N_BASE, x, t_x, T, NULL, NULL};
        clv_fit_report r;
        double est[4];
        if (tag == CLV_MODEL_BGNBD) {
            assert_status(clv_bgnbd_fit(&data, NULL, (clv_bgnbd_params *)est, &r), CLV_OK);
        } else {
            assert_status(clv_pnbd_fit(&data, NULL, (clv_pnbd_params *)est, &r), CLV_OK);
        }
        assert_int_equal(r.covariance_ok, 1);
        const clv_purchase_model m = make_model(tag, est);
        for (int k = 0; k < N_QUANTITIES; k++) {
            clv_interval_options o;
            clv_value_options v;
            double lo[N_PROBES], mid[N_PROBES], hi[N_PROBES];
            interval_options(quantities[k], &o, &v);
            assert_status(clv_interval_rows(&m, NULL, quantities[k], r.covariance, &o, &probes,
                                            lo, mid, hi, NULL, NULL),
                          CLV_OK);
            for (int i = 0; i < N_PROBES; i++) {
                covered[k][i] += lo[i] <= true_value[k][i] && true_value[k][i] <= hi[i];
                rel_width[k][i] += (hi[i] - lo[i]) / true_value[k][i] / N_SEEDS;
            }
        }
    }
    for (int k = 0; k < N_QUANTITIES; k++) {
        for (int i = 0; i < N_PROBES; i++) {
            print_message("# %s %s, customer (%g, %g, %g): true %.6g, covered in %d of %d "
                          "bases, mean width %.3f of the true value\n",
                          what, quantity_names[k], probe_x[i], probe_tx[i], probe_T[i],
                          true_value[k][i], covered[k][i], N_SEEDS, rel_width[k][i]);
        }
    }
    for (int k = 0; k < N_QUANTITIES; k++) {
        for (int i = 0; i < N_PROBES; i++) {
            if (covered[k][i] < MIN_COVERED) {
                fail_msg("%s %s of customer %d: covered in %d of %d bases, below %d", what,
                         quantity_names[k], i, covered[k][i], N_SEEDS, MIN_COVERED);
            }
        }
    }
}

static void test_bgnbd_interval_coverage(void **state) {
    (void)state;
    purchase_coverage(CLV_MODEL_BGNBD, bgnbd_true, 141000, "BG/NBD");
}

static void test_pnbd_interval_coverage(void **state) {
    (void)state;
    purchase_coverage(CLV_MODEL_PNBD, pnbd_true, 142000, "Pareto/NBD");
}

/* sBG: one cohort of 1,000 customers over 7 periods per seed, fitted back. */
static void test_sbg_interval_coverage(void **state) {
    (void)state;
    const clv_sbg_params truth = {0.668, 3.806}; /* FH 2007, "high end" */
    static const int q[3] = {CLV_SBG_INTERVAL_SURVIVAL, CLV_SBG_INTERVAL_RETENTION,
                             CLV_SBG_INTERVAL_DERL};
    static const char *names[3] = {"S(10)", "retention(10)", "DERL(7, 10%)"};
    const double t[3] = {10, 10, 7};
    int covered[3] = {0, 0, 0};
    double true_value[3], eye[4] = {1e-6, 0, 0, 1e-6};
    for (int k = 0; k < 3; k++) {
        double lo, hi;
        assert_status(clv_sbg_interval(&truth, eye, q[k], t[k], 0.1, NULL, &true_value[k], &lo,
                                       &hi, NULL),
                      CLV_OK);
    }
    for (int s = 0; s < N_SEEDS; s++) {
        clv_rng rng;
        double alive[8];
        clv_rng_seed(&rng, 143000 + (uint64_t)s);
        assert_status(clv_sbg_simulate(&rng, &truth, 1000.0, 7, alive), CLV_OK);
        clv_sbg_cohort cohort = {alive, 7, 0};
        clv_sbg_params est;
        clv_fit_report r;
        assert_status(clv_sbg_fit_cohorts(&cohort, 1, NULL, &est, &r), CLV_OK);
        assert_int_equal(r.covariance_ok, 1);
        for (int k = 0; k < 3; k++) {
            clv_interval_options o;
            double e, lo, hi;
            clv_interval_options_init(&o);
            o.scale = q[k] == CLV_SBG_INTERVAL_DERL ? CLV_INTERVAL_LOG : CLV_INTERVAL_LOGIT;
            assert_status(clv_sbg_interval(&est, r.covariance, q[k], t[k], 0.1, &o, &e, &lo, &hi,
                                           NULL),
                          CLV_OK);
            covered[k] += lo <= true_value[k] && true_value[k] <= hi;
        }
    }
    for (int k = 0; k < 3; k++) {
        print_message("# sBG %s: true %.6g, covered in %d of %d cohorts\n", names[k],
                      true_value[k], covered[k], N_SEEDS);
    }
    for (int k = 0; k < 3; k++) {
        assert_true(covered[k] >= MIN_COVERED);
    }
}

/*
 * Bass: 5,000 people each adopt at a time drawn from F (by inversion: with u uniform, E =
 * (1 - u) / (1 + (q/p) u) and t = -ln(E) / (p + q), from Bass's closed form), counted in 12
 * yearly periods -- exactly the multinomial model of the maximum-likelihood fit (Schmittlein
 * & Mahajan 1982) -- fitted by ML, and the forecasts beyond the data: N(15), the adopters of
 * (13, 14], the rate at 13 (log scale).
 */
#define BASS_PEOPLE 5000
#define BASS_PERIODS 12

static void test_bass_interval_coverage(void **state) {
    (void)state;
    const clv_bass_params truth = {0.01, 0.4, BASS_PEOPLE};
    static const int q[3] = {CLV_BASS_FORECAST_CUMULATIVE, CLV_BASS_FORECAST_PERIOD,
                             CLV_BASS_FORECAST_RATE};
    static const char *names[3] = {"N(15)", "adopters of (13, 14]", "rate at 13"};
    const double t[3] = {15, 14, 13};
    int covered[3] = {0, 0, 0}, fitted = 0;
    double true_value[3], eye[9] = {1e-6, 0, 0, 0, 1e-6, 0, 0, 0, 1e-6};
    for (int k = 0; k < 3; k++) {
        double lo, hi;
        assert_status(clv_bass_interval(&truth, eye, q[k], &t[k], 1, NULL, &true_value[k], &lo,
                                        &hi, NULL),
                      CLV_OK);
    }
    for (int s = 0; s < N_SEEDS; s++) {
        clv_rng rng;
        double counts[BASS_PERIODS] = {0};
        clv_rng_seed(&rng, 144000 + (uint64_t)s);
        for (int i = 0; i < BASS_PEOPLE; i++) {
            double u;
            assert_status(clv_rng_uniform(&rng, &u), CLV_OK);
            double e = (1.0 - u) / (1.0 + truth.q / truth.p * u);
            double when = -log(e) / (truth.p + truth.q);
            if (when < BASS_PERIODS) {
                counts[(int)when] += 1.0;
            }
        }
        clv_bass_fit_options o;
        clv_bass_fit_report r;
        clv_bass_params est;
        clv_bass_fit_options_init(&o);
        o.method = CLV_BASS_ML;
        assert_status(clv_bass_fit(counts, BASS_PERIODS, &o, &est, &r), CLV_OK);
        assert_int_equal(r.fit.covariance_ok, 1);
        fitted++;
        for (int k = 0; k < 3; k++) {
            double e, lo, hi;
            assert_status(clv_bass_interval(&est, r.fit.covariance, q[k], &t[k], 1, NULL, &e,
                                            &lo, &hi, NULL),
                          CLV_OK);
            covered[k] += lo <= true_value[k] && true_value[k] <= hi;
        }
    }
    for (int k = 0; k < 3; k++) {
        print_message("# Bass %s: true %.6g, covered in %d of %d markets\n", names[k],
                      true_value[k], covered[k], fitted);
    }
    for (int k = 0; k < 3; k++) {
        assert_true(covered[k] >= MIN_COVERED);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bgnbd_interval_coverage),
        cmocka_unit_test(test_pnbd_interval_coverage),
        cmocka_unit_test(test_sbg_interval_coverage),
        cmocka_unit_test(test_bass_interval_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
