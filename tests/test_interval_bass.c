/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of clv_bass_interval() (lib/clv/intervals.c, referral.h; issue 14: "intervals for ...
 * Bass forecasts by the same means"). The analytic gradients against mpmath
 * (tests/oracles/bass_interval_oracles.py), the delta method's standard error against a
 * parametric bootstrap with clv_param_draws() from a real fit's covariance, the scales, the
 * agreement with the point forecasts, the error paths (outputs untouched) and the progress
 * callback.
 */
#include "clv_test_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"
#include "referral.h"

#define ORACLES "bass_interval_oracles.txt"

/* The oracle script's parameters and times. */
static const clv_bass_params oracle_params[3] = {
    {6.59e-3, 0.638, 6.80e4}, {0.03, 0.01, 1000.0}, {1e-4, 0.05, 2.5e6}};
static const double oracle_times[7] = {0.0, 0.5, 1.0, 2.5, 10.0, 30.0, 200.0};
static const char *quantity_names[4] = {"", "cumulative", "period", "rate"};

/* Bass's example data (../shared/refs/published.md): annual sales t = 1..10. */
static const double sales[10] = {840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890};

/* A covariance with correlations (0.5, -0.3, -0.6) and standard deviations rel x theta. */
static void test_covariance(const clv_bass_params *b, double rel, double *c) {
    const double sd[3] = {rel * b->p, rel * fmax(b->q, 1e-3), rel * b->m};
    const double r[9] = {1.0, 0.5, -0.3, 0.5, 1.0, -0.6, -0.3, -0.6, 1.0};
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            c[i * 3 + j] = r[i * 3 + j] * sd[i] * sd[j];
        }
    }
}

/* Every quantity at every oracle time: the estimate to 1e-13 relative (the oracle's 25
 * digits; the forecasts are those of clv_bass_cumulative() etc., accurate to a few ulps), and
 * each gradient entry, recovered from the standard error with a covariance holding one
 * variance (se = |g_j| exactly: the covariance's check does not change it), to 1e-11 of the
 * largest entry in log-parameter form theta_j g_j (analytic formulas in doubles; the oracle
 * is good to 1e-20). Then the signs: the se of a full covariance against sqrt(g' C g) from
 * the oracle's gradient, 1e-11. */
static void test_bass_interval_gradients_match_mpmath(void **state) {
    (void)state;
    double worst = 0.0;
    for (int k = 0; k < 3; k++) {
        const clv_bass_params *b = &oracle_params[k];
        const double th[3] = {b->p, b->q, b->m};
        for (int q = CLV_BASS_FORECAST_CUMULATIVE; q <= CLV_BASS_FORECAST_RATE; q++) {
            for (int i = 0; i < 7; i++) {
                double t = oracle_times[i];
                char key[96];
                if (q == CLV_BASS_FORECAST_PERIOD && t < 1.0) {
                    continue;
                }
                snprintf(key, sizeof key, "bass%d_%s_t%d", k, quantity_names[q], i);
                double want = oracle_value(ORACLES, key);
                double o[3], big = 0.0, g[3], est = NAN, lo, hi, se;
                for (int j = 0; j < 3; j++) {
                    snprintf(key, sizeof key, "bass%d_%s_t%d_g%d", k, quantity_names[q], i, j);
                    o[j] = oracle_value(ORACLES, key);
                    big = fmax(big, fabs(th[j] * o[j]));
                }
                clv_interval_options nat;
                clv_interval_options_init(&nat);
                nat.scale = CLV_INTERVAL_NATURAL; /* a unit variance is far outside log's range */
                for (int j = 0; j < 3; j++) {
                    double c[9] = {0};
                    c[j * 4] = 1.0;
                    assert_status(clv_bass_interval(b, c, q, &t, 1, &nat, &est, &lo, &hi, &se),
                                  CLV_OK);
                    g[j] = copysign(se, o[j]);
                    double err = fabs(th[j] * (g[j] - o[j]));
                    if (big == 0.0) {
                        assert_true(g[j] == 0.0);
                        continue;
                    }
                    worst = fmax(worst, err / big);
                    if (!(err <= 1e-11 * big)) {
                        fail_msg("bass%d %s t=%g g%d = %.17g, oracle %.17g", k, quantity_names[q],
                                 t, j, g[j], o[j]);
                    }
                }
                if (want == 0.0) {
                    assert_true(est == 0.0);
                } else {
                    assert_close(est, want, 1e-13);
                }
                double c[9], var = 0.0;
                test_covariance(b, 0.1, c);
                for (int a = 0; a < 3; a++) {
                    for (int d = 0; d < 3; d++) {
                        var += o[a] * c[a * 3 + d] * o[d];
                    }
                }
                clv_interval_options opt;
                clv_interval_options_init(&opt);
                opt.scale = CLV_INTERVAL_NATURAL;
                assert_status(clv_bass_interval(b, c, q, &t, 1, &opt, &est, &lo, &hi, &se),
                              CLV_OK);
                if (var == 0.0) {
                    assert_true(se == 0.0);
                } else {
                    assert_close(se, sqrt(var), 1e-11);
                }
            }
        }
    }
    print_message("# Bass gradients: worst error %.3g of the largest entry\n", worst);
}

/* The NLS fit of Bass's example data on m f(t) (the published fit) and its covariance. */
static void published_fit(clv_bass_params *b, double *cov) {
    clv_bass_fit_options o;
    clv_bass_fit_report r;
    clv_bass_fit_options_init(&o);
    o.model = CLV_BASS_DENSITY;
    assert_status(clv_bass_fit(sales, 10, &o, b, &r), CLV_OK);
    assert_int_equal(r.fit.covariance_ok, 1);
    memcpy(cov, r.fit.covariance, 9 * sizeof *cov);
    assert_close(b->m, 6.80e4, 0.005); /* published.md: 6.80e4, p 6.59e-3, q 0.638 */
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double forecast_at(const clv_bass_params *b, int q, double t) {
    double v, share;
    if (q == CLV_BASS_FORECAST_CUMULATIVE) {
        assert_status(clv_bass_cumulative(b, t, &share), CLV_OK);
        v = b->m * share;
    } else if (q == CLV_BASS_FORECAST_PERIOD) {
        assert_status(clv_bass_adopters(b, t - 1.0, t, &v), CLV_OK);
    } else {
        assert_status(clv_bass_density(b, t, &share), CLV_OK);
        v = b->m * share;
    }
    return v;
}

#define N_BOOT 20000

/*
 * Parametric bootstrap (clv_param_draws(), natural scale): the spread of the forecast over
 * 20,000 draws against the delta method's se. With the fit's covariance divided by 100 (the
 * regime where the first-order expansion holds) they must agree within 3%: the Monte Carlo
 * error of a standard deviation from 20,000 draws is 1/sqrt(2 x 20,000) = 0.5%, the second
 * order terms at standard errors of ~2% of the parameters well below 1%. With the fit's own
 * covariance (10 data points, p known to +/- 22%) the figures are printed and the bootstrap's
 * spread must stay within a factor 1.5 of the delta method's (the first-order method is then
 * only a guide; docs/uncertainty.md).
 */
static void test_bass_interval_matches_bootstrap(void **state) {
    (void)state;
    static double draws[N_BOOT * 3], values[N_BOOT];
    clv_bass_params b;
    double cov_fit[9];
    published_fit(&b, cov_fit);
    const double th[3] = {b.p, b.q, b.m};
    const double times[3] = {5.0, 12.0, 20.0};
    for (int scale_down = 1; scale_down >= 0; scale_down--) {
        double cov[9];
        for (int i = 0; i < 9; i++) {
            cov[i] = cov_fit[i] * (scale_down ? 0.01 : 1.0);
        }
        clv_rng rng;
        clv_rng_seed(&rng, 14 + (uint64_t)scale_down);
        assert_status(clv_param_draws(&rng, 3, th, cov, CLV_DRAW_NATURAL, N_BOOT, draws, NULL),
                      CLV_OK);
        for (int q = CLV_BASS_FORECAST_CUMULATIVE; q <= CLV_BASS_FORECAST_RATE; q++) {
            double est[3], lo[3], hi[3], se[3];
            assert_status(clv_bass_interval(&b, cov, q, times, 3, NULL, est, lo, hi, se), CLV_OK);
            for (int i = 0; i < 3; i++) {
                double sum = 0.0, sum2 = 0.0;
                for (size_t d = 0; d < N_BOOT; d++) {
                    const clv_bass_params bd = {draws[d * 3], draws[d * 3 + 1], draws[d * 3 + 2]};
                    values[d] = forecast_at(&bd, q, times[i]);
                    sum += values[d];
                }
                double mean = sum / N_BOOT;
                for (size_t d = 0; d < N_BOOT; d++) {
                    sum2 += (values[d] - mean) * (values[d] - mean);
                }
                double sd = sqrt(sum2 / (N_BOOT - 1));
                qsort(values, N_BOOT, sizeof *values, cmp_double);
                print_message("# %s cov %s %s t=%g: estimate %.6g, delta se %.5g, bootstrap sd "
                              "%.5g (ratio %.4f); log-scale 95%% [%.6g, %.6g], bootstrap "
                              "[%.6g, %.6g]\n",
                              "Bass", scale_down ? "fit/100" : "fit", quantity_names[q],
                              times[i], est[i], se[i], sd, sd / se[i], lo[i], hi[i],
                              values[N_BOOT / 40], values[N_BOOT - N_BOOT / 40]);
                if (scale_down) {
                    assert_close(sd, se[i], 0.03);
                    /* and the log-scale interval's ends against the bootstrap's 2.5% and
                     * 97.5% points, within 2 bootstrap standard errors of a quantile
                     * (~0.02 sd each) plus the asymmetry the log scale adds: 0.15 sd */
                    assert_true(fabs(lo[i] - values[N_BOOT / 40]) <= 0.15 * sd);
                    assert_true(fabs(hi[i] - values[N_BOOT - N_BOOT / 40]) <= 0.15 * sd);
                } else {
                    assert_true(sd / se[i] > 1.0 / 1.5 && sd / se[i] < 1.5);
                }
            }
        }
    }
}

/* The estimates are the point forecasts: clv_bass_forecast()'s interval form for the period,
 * its density form for the rate, and N(t) increases by the period's adopters. */
static void test_bass_interval_estimates_are_the_forecasts(void **state) {
    (void)state;
    clv_bass_params b;
    double cov[9];
    published_fit(&b, cov);
    double times[15], est[15], lo[15], hi[15], f_int[15], f_den[15], cum[16];
    for (int i = 0; i < 15; i++) {
        times[i] = 1.0 + i;
    }
    assert_status(clv_bass_forecast(&b, 0.0, CLV_BASS_INTERVAL, 15, f_int), CLV_OK);
    assert_status(clv_bass_forecast(&b, 0.0, CLV_BASS_DENSITY, 15, f_den), CLV_OK);
    assert_status(clv_bass_interval(&b, cov, CLV_BASS_FORECAST_PERIOD, times, 15, NULL, est, lo,
                                    hi, NULL),
                  CLV_OK);
    for (int i = 0; i < 15; i++) {
        assert_close(est[i], f_int[i], 1e-14);
        assert_true(lo[i] < est[i] && est[i] < hi[i] && lo[i] > 0.0);
    }
    assert_status(clv_bass_interval(&b, cov, CLV_BASS_FORECAST_RATE, times, 15, NULL, est, lo, hi,
                                    NULL),
                  CLV_OK);
    for (int i = 0; i < 15; i++) {
        assert_close(est[i], f_den[i], 1e-14);
    }
    double t16[16];
    for (int i = 0; i < 16; i++) {
        t16[i] = i;
    }
    double lo16[16], hi16[16];
    assert_status(clv_bass_interval(&b, cov, CLV_BASS_FORECAST_CUMULATIVE, t16, 16, NULL, cum,
                                    lo16, hi16, NULL),
                  CLV_OK);
    assert_true(cum[0] == 0.0 && lo16[0] == 0.0 && hi16[0] == 0.0); /* N(0) = 0 exactly */
    for (int i = 1; i < 16; i++) {
        assert_close(cum[i] - cum[i - 1], f_int[i - 1], 1e-10);
    }
}

/* Natural scale: est -/+ z se; log: est exp(-/+ z se / est); logit refused for a count above
 * 1; the se does not depend on the scale; a lower level gives a narrower interval. */
static void test_bass_interval_scales(void **state) {
    (void)state;
    clv_bass_params b;
    double cov[9];
    published_fit(&b, cov);
    const double t = 8.0, z = 1.959963984540054;
    double e1, l1, h1, s1, e2, l2, h2, s2, e3, l3, h3, s3;
    clv_interval_options o;
    clv_interval_options_init(&o);
    o.scale = CLV_INTERVAL_NATURAL;
    assert_status(
        clv_bass_interval(&b, cov, CLV_BASS_FORECAST_CUMULATIVE, &t, 1, &o, &e1, &l1, &h1, &s1),
        CLV_OK);
    assert_close(l1, e1 - z * s1, 1e-14);
    assert_close(h1, e1 + z * s1, 1e-14);
    assert_status(
        clv_bass_interval(&b, cov, CLV_BASS_FORECAST_CUMULATIVE, &t, 1, NULL, &e2, &l2, &h2, &s2),
        CLV_OK);
    assert_true(e2 == e1 && s2 == s1);
    assert_close(l2, e2 * exp(-z * s2 / e2), 1e-14);
    assert_close(h2, e2 * exp(z * s2 / e2), 1e-14);
    o.scale = CLV_INTERVAL_LOG;
    o.level = 0.8;
    assert_status(
        clv_bass_interval(&b, cov, CLV_BASS_FORECAST_CUMULATIVE, &t, 1, &o, &e3, &l3, &h3, &s3),
        CLV_OK);
    assert_true(l3 > l2 && h3 < h2);
    o.scale = CLV_INTERVAL_LOGIT;
    o.level = 0.95;
    e3 = -1.0;
    assert_status(
        clv_bass_interval(&b, cov, CLV_BASS_FORECAST_CUMULATIVE, &t, 1, &o, &e3, &l3, &h3, &s3),
        CLV_EDOM);
    assert_true(e3 == -1.0);
}

/* Each bad covariance is CLV_EDOM with the diag's field and rule, and nothing written. */
static void test_bass_interval_bad_covariance_refused(void **state) {
    (void)state;
    const clv_bass_params b = oracle_params[0];
    const double t[2] = {3.0, 4.0};
    double good[9];
    test_covariance(&b, 0.05, good);
    double not_pd[9], nan_c[9], asym[9];
    memcpy(not_pd, good, sizeof good);
    not_pd[1] = not_pd[3] = 2.0 * sqrt(good[0] * good[4]); /* |correlation| 2 */
    memcpy(nan_c, good, sizeof good);
    nan_c[8] = NAN;
    memcpy(asym, good, sizeof good);
    asym[2] = -asym[2];
    const double neg_var[9] = {-1e-6, 0, 0, 0, 1e-4, 0, 0, 0, 1.0};
    const double *bad[4] = {not_pd, nan_c, asym, neg_var};
    const int rule[4] = {CLV_RULE_NOT_POSITIVE_DEFINITE, CLV_RULE_NOT_FINITE,
                         CLV_RULE_NOT_SYMMETRIC, CLV_RULE_NOT_POSITIVE_DEFINITE};
    for (int k = 0; k < 4; k++) {
        double est[2] = {-1, -1}, lo[2] = {-1, -1}, hi[2] = {-1, -1}, se[2] = {-1, -1};
        clv_diag d;
        clv_diag_init(&d);
        clv_interval_options o;
        clv_interval_options_init(&o);
        o.diag = &d;
        assert_status(clv_bass_interval(&b, bad[k], CLV_BASS_FORECAST_PERIOD, t, 2, &o, est, lo,
                                        hi, se),
                      CLV_EDOM);
        assert_int_equal(d.field, CLV_FIELD_COVARIANCE);
        assert_int_equal(d.rule, rule[k]);
        for (int i = 0; i < 2; i++) {
            assert_true(est[i] == -1 && lo[i] == -1 && hi[i] == -1 && se[i] == -1);
        }
    }
    /* positive semi-definite (a parameter held fixed) is accepted */
    double psd[9];
    memcpy(psd, good, sizeof good);
    for (int i = 0; i < 3; i++) {
        psd[2 * 3 + i] = psd[i * 3 + 2] = 0.0;
    }
    double est[2], lo[2], hi[2];
    clv_diag d;
    clv_diag_init(&d);
    clv_interval_options o;
    clv_interval_options_init(&o);
    o.diag = &d;
    int st = clv_bass_interval(&b, psd, CLV_BASS_FORECAST_PERIOD, t, 2, &o, est, lo, hi, NULL);
    if (st != CLV_OK) {
        char msg[256];
        clv_diag_format(&d, msg, sizeof msg, NULL);
        fail_msg("status %d: %s", st, msg);
    }
}

/* Bad arguments: the status, the diag's field, rule and row, and nothing written. */
static void test_bass_interval_bad_arguments_refused(void **state) {
    (void)state;
    const clv_bass_params b = oracle_params[1];
    double cov[9];
    test_covariance(&b, 0.05, cov);
    double est[3] = {-1, -1, -1}, lo[3] = {-1, -1, -1}, hi[3] = {-1, -1, -1};
    const double t_ok[3] = {1, 2, 3};
    clv_diag d;
    clv_diag_init(&d);
    clv_interval_options o;
    clv_interval_options_init(&o);
    o.diag = &d;
    const int q = CLV_BASS_FORECAST_CUMULATIVE;
    assert_status(clv_bass_interval(NULL, cov, q, t_ok, 3, &o, est, lo, hi, NULL), CLV_EINVAL);
    assert_status(clv_bass_interval(&b, NULL, q, t_ok, 3, &o, est, lo, hi, NULL), CLV_EINVAL);
    assert_status(clv_bass_interval(&b, cov, q, NULL, 3, &o, est, lo, hi, NULL), CLV_EINVAL);
    assert_status(clv_bass_interval(&b, cov, q, t_ok, 3, &o, NULL, lo, hi, NULL), CLV_EINVAL);
    assert_status(clv_bass_interval(&b, cov, q, t_ok, 0, &o, est, lo, hi, NULL), CLV_EINVAL);
    assert_int_equal(d.rule, CLV_RULE_EMPTY);
    assert_status(clv_bass_interval(&b, cov, 0, t_ok, 3, &o, est, lo, hi, NULL), CLV_EINVAL);
    assert_status(clv_bass_interval(&b, cov, 4, t_ok, 3, &o, est, lo, hi, NULL), CLV_EINVAL);
    assert_int_equal(d.rule, CLV_RULE_BAD_FLAG);
    /* times: the first bad one's index */
    const double t_neg[3] = {1, 2, -0.5}, t_nan[3] = {NAN, 1, 2}, t_half[3] = {1, 0.5, 2};
    assert_status(clv_bass_interval(&b, cov, q, t_neg, 3, &o, est, lo, hi, NULL), CLV_EDOM);
    assert_int_equal(d.field, CLV_FIELD_TIME);
    assert_int_equal(d.rule, CLV_RULE_NEGATIVE);
    assert_true(d.has_row && d.row == 2);
    assert_status(clv_bass_interval(&b, cov, q, t_nan, 3, &o, est, lo, hi, NULL), CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_NOT_FINITE);
    assert_true(d.has_row && d.row == 0);
    assert_status(clv_bass_interval(&b, cov, q, t_half, 3, &o, est, lo, hi, NULL), CLV_OK);
    for (int i = 0; i < 3; i++) {
        est[i] = lo[i] = hi[i] = -1;
    }
    assert_status(clv_bass_interval(&b, cov, CLV_BASS_FORECAST_PERIOD, t_half, 3, &o, est, lo, hi,
                                    NULL),
                  CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_BELOW_MIN);
    assert_true(d.has_row && d.row == 1);
    /* parameters */
    const clv_bass_params bad_p[4] = {
        {0.0, 0.1, 10}, {0.1, -0.1, 10}, {0.1, 0.1, INFINITY}, {0.1, NAN, 10}};
    const uint64_t bad_row[4] = {0, 1, 2, 1};
    for (int k = 0; k < 4; k++) {
        assert_status(clv_bass_interval(&bad_p[k], cov, q, t_ok, 3, &o, est, lo, hi, NULL),
                      CLV_EDOM);
        assert_int_equal(d.field, CLV_FIELD_PARAMS);
        assert_true(d.has_row && d.row == bad_row[k]);
    }
    const clv_bass_params huge = {1e308, 1e308, 10};
    assert_status(clv_bass_interval(&huge, cov, q, t_ok, 3, &o, est, lo, hi, NULL), CLV_ERANGE);
    /* options */
    o.level = 1.0;
    assert_status(clv_bass_interval(&b, cov, q, t_ok, 3, &o, est, lo, hi, NULL), CLV_EDOM);
    o.level = 0.95;
    o.scale = 7;
    assert_status(clv_bass_interval(&b, cov, q, t_ok, 3, &o, est, lo, hi, NULL), CLV_EINVAL);
    o.scale = CLV_INTERVAL_LOG;
    o.struct_size = 8;
    assert_status(clv_bass_interval(&b, cov, q, t_ok, 3, &o, est, lo, hi, NULL), CLV_ESTRUCT);
    for (int i = 0; i < 3; i++) {
        assert_true(est[i] == -1 && lo[i] == -1 && hi[i] == -1);
    }
}

typedef struct progress_log {
    uint64_t calls, last_done, last_total, cancel_at;
} progress_log;

static int on_progress(void *user, uint64_t done, uint64_t total) {
    progress_log *p = user;
    p->calls++;
    assert_true(done > p->last_done && done <= total);
    p->last_done = done;
    p->last_total = total;
    return p->calls == p->cancel_at;
}

/* Progress every 4,096 times of each pass and after the last; a cancel in the first pass
 * writes nothing, one in the second leaves exactly the times reported done written. */
static void test_bass_interval_progress_and_cancel(void **state) {
    (void)state;
    enum { N = 10000 };
    static double t[N], est[N], lo[N], hi[N];
    const clv_bass_params b = oracle_params[0];
    double cov[9];
    test_covariance(&b, 0.05, cov);
    for (int i = 0; i < N; i++) {
        t[i] = 1.0 + 0.01 * i;
        est[i] = -1.0;
    }
    clv_interval_options o;
    clv_interval_options_init(&o);
    progress_log p = {0, 0, 0, 0};
    o.progress = on_progress;
    o.user_data = &p;
    assert_status(clv_bass_interval(&b, cov, CLV_BASS_FORECAST_RATE, t, N, &o, est, lo, hi, NULL),
                  CLV_OK);
    assert_int_equal(p.calls, 6); /* 4096, 8192, 10000 in each pass */
    assert_true(p.last_done == 2 * N && p.last_total == 2 * N);
    for (int i = 0; i < N; i++) {
        est[i] = -1.0;
    }
    p = (progress_log){0, 0, 0, 2};
    assert_status(clv_bass_interval(&b, cov, CLV_BASS_FORECAST_RATE, t, N, &o, est, lo, hi, NULL),
                  CLV_ECANCELED);
    for (int i = 0; i < N; i++) {
        assert_true(est[i] == -1.0);
    }
    p = (progress_log){0, 0, 0, 4}; /* the second pass's first report: 4,096 written */
    assert_status(clv_bass_interval(&b, cov, CLV_BASS_FORECAST_RATE, t, N, &o, est, lo, hi, NULL),
                  CLV_ECANCELED);
    for (int i = 0; i < N; i++) {
        assert_true((i < 4096) == (est[i] != -1.0));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bass_interval_gradients_match_mpmath),
        cmocka_unit_test(test_bass_interval_matches_bootstrap),
        cmocka_unit_test(test_bass_interval_estimates_are_the_forecasts),
        cmocka_unit_test(test_bass_interval_scales),
        cmocka_unit_test(test_bass_interval_bad_covariance_refused),
        cmocka_unit_test(test_bass_interval_bad_arguments_refused),
        cmocka_unit_test(test_bass_interval_progress_and_cancel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
