/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/clv/simulate.c and lib/churn/sbg_simulate.c: simulated customer bases follow
 * their model (issue 14).
 * - The frequency histogram of 10^5 simulated customers matches the model's P(X(T) = x)
 *   (clv_<model>_prob_purchases(), itself checked against mpmath in test_grid*.c): a
 *   chi-square test with bins merged to expected counts >= 20, against the upper 1e-6 point
 *   (Wilson & Hilferty 1931 approximation, within 1% of the exact point at these degrees of
 *   freedom). Fixed seeds: a correct sampler fails with probability ~1e-6.
 * - Holdout purchases: their mean equals the mean over the same customers of the model's
 *   conditional expectation E[X(T, T + t*) | x, t_x, T] (law of total expectation), within 6
 *   standard errors: checks the holdout story and each row's t_x together.
 * - Coverage: 40 bases of 10,000 customers (BG/NBD, Pareto/NBD), fitted back; each
 *   parameter's 95% Wald interval (estimate +/- 1.96 se) covers the truth in at least 33 of 40
 *   bases (P(fewer | 95%) = 1.3e-3 under Binomial(40, 0.95)), and the joint Mahalanobis
 *   distance is below the chi-square(4) 95% point in at least 33. Gamma-Gamma spend and sBG
 *   survivors likewise (3 and 2 parameters).
 * - Transactions agree with their rows; rows do not depend on the log; errors leave outputs
 *   and the generator untouched.
 */
#include "clv_test.h"

#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"

#define N_HIST 100000

/* Each build runs part of the tests (see main); the other part is unused there. */
#if defined(__GNUC__)
#define CLV_SIM_TEST static __attribute__((unused))
#else
#define CLV_SIM_TEST static
#endif

/* CDNOW estimates (FHL 2005; Fader, Hardie & Lee 2005 "RFM and CLV"), weeks. */
static const double bgnbd_true[4] = {0.243, 4.414, 0.793, 2.426};
static const double pnbd_true[4] = {0.553, 10.578, 0.606, 11.669};
static const double mbgnbd_true[4] = {0.525, 6.183, 0.891, 1.614};
static const double bgbb_true[4] = {1.204, 0.750, 0.657, 2.783}; /* FHS 2010 donations */
static const clv_gg_params gg_true = {6.25, 3.74, 15.44};

static clv_purchase_model make_model(int32_t tag, const double *theta) {
    clv_purchase_model m;
    memset(&m, 0, sizeof m);
    m.model = tag;
    memcpy(m.params, theta, sizeof m.params);
    return m;
}

/* Upper 1e-6 point of chi-square(df), Wilson & Hilferty (1931). */
static double chi2_upper_1e6(double df) {
    const double z = 4.753424308822899; /* Phi^-1(1 - 1e-6) */
    double c = 2.0 / (9.0 * df);
    double t = 1.0 - c + z * sqrt(c);
    return df * t * t * t;
}

static double prob_x(const clv_purchase_model *m, double T, double x) {
    double p = NAN;
    int st;
    switch (m->model) {
    case CLV_MODEL_BGNBD:
        st = clv_bgnbd_prob_purchases((const clv_bgnbd_params *)m->params, T, x, &p);
        break;
    case CLV_MODEL_PNBD:
        st = clv_pnbd_prob_purchases((const clv_pnbd_params *)m->params, T, x, &p);
        break;
    case CLV_MODEL_MBGNBD:
        st = clv_mbgnbd_prob_purchases((const clv_mbgnbd_params *)m->params, T, x, &p);
        break;
    default:
        st = clv_bgbb_prob_purchases((const clv_bgbb_params *)m->params, T, x, &p);
        break;
    }
    assert_status(st, CLV_OK);
    return p;
}

/* Chi-square of the histogram of x against P(X(T) = x), bins merged from the top until each
 * expects >= 20 customers; the last bin is "x and above". */
static void check_histogram(const clv_purchase_model *m, double T, uint64_t seed, double holdout) {
    static double x[N_HIST], t_x[N_HIST], xh[N_HIST], cond[N_HIST];
    clv_rng rng;
    clv_rng_seed(&rng, seed);
    clv_sim_options o;
    clv_sim_options_init(&o);
    o.T = T;
    o.holdout = holdout;
    assert_status(clv_sim_customers(&rng, m, NULL, &o, N_HIST, NULL, x, t_x, NULL, xh, NULL),
                  CLV_OK);
    double count[512] = {0};
    for (size_t i = 0; i < N_HIST; i++) {
        assert_true(x[i] >= 0.0 && x[i] == floor(x[i]));
        assert_true(t_x[i] >= 0.0 && t_x[i] <= T && (x[i] > 0.0 || t_x[i] == 0.0));
        if (m->model == CLV_MODEL_BGBB) {
            assert_true(t_x[i] == floor(t_x[i]) && x[i] <= t_x[i]);
        }
        count[x[i] < 511.0 ? (size_t)x[i] : 511] += 1.0;
    }
    double chi2 = 0.0, obs = 0.0, expct = 0.0, tail_p = 1.0;
    int bins = 0;
    for (int k = 0; k < 511; k++) {
        double p = prob_x(m, T, k);
        tail_p -= p;
        obs += count[k];
        expct += N_HIST * p;
        if (expct >= 20.0 && N_HIST * tail_p >= 20.0) {
            chi2 += (obs - expct) * (obs - expct) / expct;
            bins++;
            obs = expct = 0.0;
        } else if (N_HIST * tail_p < 20.0) {
            /* the rest, this value and above, in one bin */
            for (int j = k + 1; j < 512; j++) {
                obs += count[j];
            }
            expct += N_HIST * tail_p;
            chi2 += (obs - expct) * (obs - expct) / expct;
            bins++;
            break;
        }
    }
    double crit = chi2_upper_1e6(bins - 1);
    print_message("# model %d, T %g: chi-square %.2f over %d bins (1e-6 point %.2f)\n",
                  (int)m->model, T, chi2, bins, crit);
    assert_true(bins >= 3);
    assert_true(chi2 < crit);
    if (holdout > 0.0) {
        clv_rfm_view v = {N_HIST, x, t_x, NULL, NULL, NULL};
        static double Tcol[N_HIST];
        for (size_t i = 0; i < N_HIST; i++) {
            Tcol[i] = T;
        }
        v.T = Tcol;
        assert_status(clv_expected_purchases_rows(m, &v, holdout, cond, NULL), CLV_OK);
        double s = 0.0, s2 = 0.0;
        for (size_t i = 0; i < N_HIST; i++) {
            double d = xh[i] - cond[i];
            s += d;
            s2 += d * d;
        }
        double mean = s / N_HIST, se = sqrt((s2 / N_HIST - mean * mean) / N_HIST);
        print_message("# holdout: mean of (x* - E[x* | row]) %.5f, se %.5f\n", mean, se);
        assert_true(fabs(mean) <= 6.0 * se);
    }
}

CLV_SIM_TEST void test_sim_bgnbd_histogram_matches_pmf(void **state) {
    (void)state;
    clv_purchase_model m = make_model(CLV_MODEL_BGNBD, bgnbd_true);
    check_histogram(&m, 39.0, 1, 39.0);
    check_histogram(&m, 2.0, 2, 0.0);
}

CLV_SIM_TEST void test_sim_pnbd_histogram_matches_pmf(void **state) {
    (void)state;
    clv_purchase_model m = make_model(CLV_MODEL_PNBD, pnbd_true);
    check_histogram(&m, 39.0, 3, 39.0);
    const double heavy[4] = {2.0, 1.0, 0.3, 5.0}; /* ~2 purchases a week */
    clv_purchase_model h = make_model(CLV_MODEL_PNBD, heavy);
    check_histogram(&h, 20.0, 4, 10.0);
}

CLV_SIM_TEST void test_sim_mbgnbd_histogram_matches_pmf(void **state) {
    (void)state;
    clv_purchase_model m = make_model(CLV_MODEL_MBGNBD, mbgnbd_true);
    check_histogram(&m, 39.0, 5, 39.0);
}

CLV_SIM_TEST void test_sim_bgbb_histogram_matches_pmf(void **state) {
    (void)state;
    clv_purchase_model m = make_model(CLV_MODEL_BGBB, bgbb_true);
    check_histogram(&m, 6.0, 6, 5.0);
    const double sticky[4] = {8.0, 1.0, 0.2, 20.0}; /* p near 0.9: binomial of failures */
    clv_purchase_model s = make_model(CLV_MODEL_BGBB, sticky);
    check_histogram(&s, 50.0, 7, 30.0);
}

/* ---- coverage --------------------------------------------------------------------------- */

#define N_FIT 10000
#define N_SEEDS 40
#define MIN_COVERED 33

/* 95% point of chi-square with 2, 3, 4 degrees of freedom. */
static double chi2_95(uint32_t df) {
    return df == 2 ? 5.991464547107979 : df == 3 ? 7.814727903251178 : 9.487729036781154;
}

/* Solve (C) y = d by Gaussian elimination (n <= 4) and return d' C^-1 d. */
static double mahalanobis(const double *cov, const double *d, uint32_t n) {
    double a[4][5];
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            a[i][j] = cov[i * n + j];
        }
        a[i][n] = d[i];
    }
    for (uint32_t k = 0; k < n; k++) {
        for (uint32_t i = k + 1; i < n; i++) {
            double f = a[i][k] / a[k][k];
            for (uint32_t j = k; j <= n; j++) {
                a[i][j] -= f * a[k][j];
            }
        }
    }
    double y[4], q = 0.0;
    for (uint32_t i = n; i-- > 0;) {
        double s = a[i][n];
        for (uint32_t j = i + 1; j < n; j++) {
            s -= a[i][j] * y[j];
        }
        y[i] = s / a[i][i];
    }
    for (uint32_t i = 0; i < n; i++) {
        q += d[i] * y[i];
    }
    return q;
}

typedef struct coverage {
    int covered[4];
    int joint;
    uint32_t n;
} coverage;

static void tally(coverage *c, const double *truth, const double *est, const clv_fit_report *r) {
    double d[4];
    assert_int_equal(r->covariance_ok, 1);
    c->n = r->n_params;
    for (uint32_t i = 0; i < r->n_params; i++) {
        d[i] = est[i] - truth[i];
        c->covered[i] += fabs(d[i]) <= 1.959963984540054 * r->std_error[i];
    }
    c->joint += mahalanobis(r->covariance, d, r->n_params) <= chi2_95(r->n_params);
}

static void check_coverage(const coverage *c, const char *what) {
    print_message("# %s coverage of 95%% intervals in %d bases: %d %d %d %d, joint %d\n", what,
                  N_SEEDS, c->covered[0], c->covered[1], c->n > 2 ? c->covered[2] : -1,
                  c->n > 3 ? c->covered[3] : -1, c->joint);
    for (uint32_t i = 0; i < c->n; i++) {
        assert_true(c->covered[i] >= MIN_COVERED);
    }
    assert_true(c->joint >= MIN_COVERED);
}

/* Observation lengths spread like a cohort acquired over 12 weeks and watched for 27..39. */
static void cohort_T(double *T, size_t n) {
    for (size_t i = 0; i < n; i++) {
        T[i] = 27.0 + 12.0 * (double)i / (double)n;
    }
}

static void fit_coverage(int32_t tag, const double *truth, uint64_t seed0, const char *what) {
    static double x[N_FIT], t_x[N_FIT], T[N_FIT];
    cohort_T(T, N_FIT);
    clv_purchase_model m = make_model(tag, truth);
    coverage c;
    memset(&c, 0, sizeof c);
    for (int s = 0; s < N_SEEDS; s++) {
        clv_rng rng;
        clv_rng_seed(&rng, seed0 + (uint64_t)s);
        assert_status(clv_sim_customers(&rng, &m, NULL, NULL, N_FIT, T, x, t_x, NULL, NULL, NULL),
                      CLV_OK);
        clv_rfm_view v = {N_FIT, x, t_x, T, NULL, NULL};
        clv_fit_report r;
        double est[4];
        if (tag == CLV_MODEL_BGNBD) {
            assert_status(clv_bgnbd_fit(&v, NULL, (clv_bgnbd_params *)est, &r), CLV_OK);
        } else {
            assert_status(clv_pnbd_fit(&v, NULL, (clv_pnbd_params *)est, &r), CLV_OK);
        }
        tally(&c, truth, est, &r);
    }
    check_coverage(&c, what);
}

CLV_SIM_TEST void test_sim_bgnbd_fit_coverage(void **state) {
    (void)state;
    fit_coverage(CLV_MODEL_BGNBD, bgnbd_true, 1000, "BG/NBD");
}

CLV_SIM_TEST void test_sim_pnbd_fit_coverage(void **state) {
    (void)state;
    fit_coverage(CLV_MODEL_PNBD, pnbd_true, 2000, "Pareto/NBD");
}

/* 40,000 customers (~16,000 repeat buyers): at 10,000 the Gamma-Gamma estimates of the
 * strongly correlated (p, gamma) are visibly non-normal (joint coverage ~29 of 40 while each
 * parameter's is ~36), at 40,000 the asymptotics hold (39-40 of 40). */
#define N_GG 40000

CLV_SIM_TEST void test_sim_gg_fit_coverage(void **state) {
    (void)state;
    static double x[N_GG], t_x[N_GG], T[N_GG], mon[N_GG];
    cohort_T(T, N_GG);
    clv_purchase_model m = make_model(CLV_MODEL_BGNBD, bgnbd_true);
    coverage c;
    memset(&c, 0, sizeof c);
    for (int s = 0; s < N_SEEDS; s++) {
        clv_rng rng;
        clv_rng_seed(&rng, 3000 + (uint64_t)s);
        assert_status(clv_sim_customers(&rng, &m, &gg_true, NULL, N_GG, T, x, t_x, mon, NULL, NULL),
                      CLV_OK);
        clv_rfm_view v = {N_GG, x, t_x, T, mon, NULL};
        clv_fit_report r;
        clv_gg_params est;
        assert_status(clv_gg_fit(&v, NULL, &est, &r), CLV_OK);
        tally(&c, &gg_true.p, &est.p, &r);
    }
    check_coverage(&c, "Gamma-Gamma");
}

CLV_SIM_TEST void test_sim_sbg_survivors_and_coverage(void **state) {
    (void)state;
    const clv_sbg_params truth = {0.704, 1.182}; /* FH 2007 "regular" */
    double alive[13];
    clv_rng rng;
    clv_rng_seed(&rng, 11);
    /* One big cohort: each alive[t] / n within 6 binomial standard errors of S(t). */
    const double n = 1e6;
    assert_status(clv_sbg_simulate(&rng, &truth, n, 12, alive), CLV_OK);
    assert_true(alive[0] == n);
    for (uint32_t t = 1; t <= 12; t++) {
        double S;
        assert_status(clv_sbg_survival(&truth, t, &S), CLV_OK);
        assert_true(alive[t] <= alive[t - 1] && alive[t] == floor(alive[t]));
        assert_true(fabs(alive[t] / n - S) <= 6.0 * sqrt(S * (1.0 - S) / n));
    }
    /* Coverage: 40 cohorts of 1,000 over 7 years fitted back. */
    coverage c;
    memset(&c, 0, sizeof c);
    for (int s = 0; s < N_SEEDS; s++) {
        clv_rng_seed(&rng, 4000 + (uint64_t)s);
        assert_status(clv_sbg_simulate(&rng, &truth, 1000.0, 7, alive), CLV_OK);
        clv_sbg_cohort cohort = {alive, 7, 0};
        clv_sbg_params est;
        clv_fit_report r;
        assert_status(clv_sbg_fit_cohorts(&cohort, 1, NULL, &est, &r), CLV_OK);
        tally(&c, &truth.alpha, &est.alpha, &r);
    }
    check_coverage(&c, "sBG");
}

/* ---- transactions ------------------------------------------------------------------------ */

#define N_TX 2000

static void check_log(const clv_purchase_model *m, const clv_gg_params *gg, double holdout) {
    static double x[N_TX], t_x[N_TX], T[N_TX], mon[N_TX], xh[N_TX];
    static double x2[N_TX], t_x2[N_TX], mon2[N_TX], xh2[N_TX];
    static uint64_t cust[400000];
    static double time[400000], amount[400000];
    for (size_t i = 0; i < N_TX; i++) {
        T[i] = (m->model == CLV_MODEL_BGBB) ? (double)(1 + i % 20) : 1.0 + (double)(i % 50);
    }
    clv_sim_options o;
    clv_sim_options_init(&o);
    o.holdout = holdout;
    clv_rng rng, rng2;
    clv_rng_seed(&rng, 99);
    rng2 = rng;
    clv_sim_transactions tx = {cust, time, gg ? amount : NULL, 400000, 0};
    assert_status(clv_sim_customers(&rng, m, gg, &o, N_TX, T, x, t_x, gg ? mon : NULL, xh, &tx),
                  CLV_OK);
    /* The same rows without a log. */
    assert_status(
        clv_sim_customers(&rng2, m, gg, &o, N_TX, T, x2, t_x2, gg ? mon2 : NULL, xh2, NULL),
        CLV_OK);
    assert_memory_equal(&rng, &rng2, sizeof rng);
    assert_memory_equal(x, x2, sizeof x);
    assert_memory_equal(t_x, t_x2, sizeof t_x);
    assert_memory_equal(xh, xh2, sizeof xh);
    if (gg) {
        assert_memory_equal(mon, mon2, sizeof mon);
    }
    size_t pos = 0;
    double frac_sum = 0.0, frac_n = 0.0;
    for (size_t i = 0; i < N_TX; i++) {
        size_t k = 1 + (size_t)x[i] + (size_t)xh[i];
        assert_true(pos + k <= tx.count);
        double sum = 0.0;
        for (size_t j = 0; j < k; j++) {
            assert_true(cust[pos + j] == i);
            if (j > 0) {
                assert_true(time[pos + j] > time[pos + j - 1]);
            }
            if (j >= 1 && j <= (size_t)x[i]) {
                assert_true(time[pos + j] <= T[i]);
                if (j < (size_t)x[i] && m->model != CLV_MODEL_BGBB) {
                    frac_sum += time[pos + j] / t_x[i];
                    frac_n += 1.0;
                }
                if (gg) {
                    sum += amount[pos + j];
                }
            }
            if (j > (size_t)x[i]) {
                assert_true(time[pos + j] > T[i] && time[pos + j] <= T[i] + holdout);
            }
            if (m->model == CLV_MODEL_BGBB) {
                assert_true(time[pos + j] == floor(time[pos + j]));
            }
            if (gg) {
                assert_true(amount[pos + j] > 0.0);
            }
        }
        assert_true(time[pos] == 0.0);
        assert_true(time[pos + (size_t)x[i]] == t_x[i]);
        if (gg && x[i] > 0.0) {
            assert_close(sum / x[i], mon[i], 1e-12);
        }
        pos += k;
    }
    assert_true(pos == tx.count);
    /* The purchases before the last are uniform on (0, t_x): mean fraction 1/2, sd
     * sqrt(1/12) (draws within a customer are independent given the row). */
    if (frac_n > 100.0) {
        assert_true(fabs(frac_sum / frac_n - 0.5) <= 6.0 * sqrt(1.0 / 12.0 / frac_n));
    }
    /* A capacity too small: the rows all the same, ENOMEM and the size needed. */
    clv_rng_seed(&rng, 99);
    clv_diag d;
    clv_diag_init(&d);
    o.diag = &d;
    clv_sim_transactions small = {cust, time, gg ? amount : NULL, tx.count - 1, 0};
    assert_status(
        clv_sim_customers(&rng, m, gg, &o, N_TX, T, x2, t_x2, gg ? mon2 : NULL, xh2, &small),
        CLV_ENOMEM);
    assert_true(small.count == tx.count);
    assert_int_equal(d.rule, CLV_RULE_TOO_SMALL);
    assert_int_equal(d.field, CLV_FIELD_TRANSACTIONS);
    assert_true(d.value == (double)tx.count);
    assert_memory_equal(x, x2, sizeof x);
    assert_memory_equal(t_x, t_x2, sizeof t_x);
}

CLV_SIM_TEST void test_sim_transactions_agree_with_rows(void **state) {
    (void)state;
    clv_purchase_model b = make_model(CLV_MODEL_BGNBD, bgnbd_true);
    clv_purchase_model p = make_model(CLV_MODEL_PNBD, pnbd_true);
    clv_purchase_model mb = make_model(CLV_MODEL_MBGNBD, mbgnbd_true);
    clv_purchase_model bb = make_model(CLV_MODEL_BGBB, bgbb_true);
    const double busy[4] = {3.0, 1.0, 0.5, 10.0};
    clv_purchase_model h = make_model(CLV_MODEL_BGNBD, busy);
    check_log(&b, &gg_true, 20.0);
    check_log(&p, &gg_true, 20.0);
    check_log(&mb, NULL, 0.0);
    check_log(&bb, &gg_true, 10.0);
    check_log(&h, NULL, 30.0);
}

/* ---- parameter draws ---------------------------------------------------------------------- */

CLV_SIM_TEST void test_param_draws_moments(void **state) {
    (void)state;
    const double est[3] = {2.0, 5.0, 0.5};
    const double cov[9] = {0.04, 0.01, -0.002, 0.01, 0.09, 0.0, -0.002, 0.0, 0.0025};
    enum { N = 100000 };
    static double draws[N * 3];
    for (int scale = CLV_DRAW_NATURAL; scale <= CLV_DRAW_LOG; scale++) {
        clv_rng rng;
        clv_rng_seed(&rng, 123 + (uint64_t)scale);
        assert_status(clv_param_draws(&rng, 3, est, cov, scale, N, draws, NULL), CLV_OK);
        double mean[3] = {0}, c[9] = {0};
        for (int k = 0; k < N; k++) {
            for (int i = 0; i < 3; i++) {
                double v = draws[k * 3 + i];
                assert_true(v > 0.0);
                mean[i] += (scale == CLV_DRAW_LOG ? log(v) : v) / N;
            }
        }
        for (int k = 0; k < N; k++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double vi = draws[k * 3 + i], vj = draws[k * 3 + j];
                    if (scale == CLV_DRAW_LOG) {
                        vi = log(vi), vj = log(vj);
                    }
                    c[i * 3 + j] += (vi - mean[i]) * (vj - mean[j]) / N;
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            double centre = (scale == CLV_DRAW_LOG) ? log(est[i]) : est[i];
            double sii = cov[i * 4] / ((scale == CLV_DRAW_LOG) ? est[i] * est[i] : 1.0);
            assert_true(fabs(mean[i] - centre) <= 6.0 * sqrt(sii / N));
            for (int j = 0; j < 3; j++) {
                double f = (scale == CLV_DRAW_LOG) ? est[i] * est[j] : 1.0;
                double sij = cov[i * 3 + j] / f;
                double sjj = cov[j * 4] / ((scale == CLV_DRAW_LOG) ? est[j] * est[j] : 1.0);
                double se = sqrt((sii * sjj + sij * sij) / N);
                assert_true(fabs(c[i * 3 + j] - sij) <= 6.0 * se);
            }
        }
    }
}

CLV_SIM_TEST void test_param_draws_reject_and_errors(void **state) {
    (void)state;
    clv_rng rng, saved;
    clv_rng_seed(&rng, 1);
    saved = rng;
    double draws[16];
    for (int i = 0; i < 16; i++) {
        draws[i] = -1.0;
    }
    clv_diag d;
    clv_diag_init(&d);
    const double est[2] = {1.0, 2.0};
    const double not_pd[4] = {1.0, 2.0, 2.0, 1.0};
    const double asym[4] = {1.0, 0.5, 0.4, 1.0};
    const double nan_cov[4] = {1.0, NAN, NAN, 1.0};
    const double ok_cov[4] = {0.01, 0.0, 0.0, 0.01};
    const double bad_est[2] = {1.0, -2.0};
    assert_status(clv_param_draws(&rng, 2, est, not_pd, CLV_DRAW_NATURAL, 4, draws, &d), CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_NOT_POSITIVE_DEFINITE);
    assert_int_equal(d.field, CLV_FIELD_COVARIANCE);
    char text[200];
    assert_status(clv_diag_format(&d, text, sizeof text, NULL), CLV_OK);
    assert_non_null(strstr(text, "covariance not positive definite"));
    assert_status(clv_param_draws(&rng, 2, est, asym, CLV_DRAW_NATURAL, 4, draws, &d), CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_NOT_SYMMETRIC);
    assert_status(clv_param_draws(&rng, 2, est, nan_cov, CLV_DRAW_LOG, 4, draws, &d), CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_NOT_FINITE);
    assert_status(clv_param_draws(&rng, 2, bad_est, ok_cov, CLV_DRAW_LOG, 4, draws, &d), CLV_EDOM);
    assert_int_equal(d.field, CLV_FIELD_PARAMS);
    assert_status(clv_param_draws(&rng, 2, est, ok_cov, 2, 4, draws, &d), CLV_EINVAL);
    assert_status(clv_param_draws(&rng, 0, est, ok_cov, 0, 4, draws, &d), CLV_EINVAL);
    assert_status(clv_param_draws(&rng, 9, est, ok_cov, 0, 4, draws, &d), CLV_EINVAL);
    assert_status(clv_param_draws(&rng, 2, est, ok_cov, 0, 0, draws, &d), CLV_EINVAL);
    assert_status(clv_param_draws(NULL, 2, est, ok_cov, 0, 4, draws, &d), CLV_EINVAL);
    for (int i = 0; i < 16; i++) {
        assert_true(draws[i] == -1.0);
    }
    assert_memory_equal(&rng, &saved, sizeof rng);
    /* A report without a covariance. */
    clv_fit_report r;
    memset(&r, 0, sizeof r);
    r.n_params = 2;
    assert_status(clv_param_draws_report(&rng, est, &r, 0, 4, draws, &d), CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_NOT_POSITIVE_DEFINITE);
    r.covariance_ok = 1;
    memcpy(r.covariance, ok_cov, sizeof ok_cov);
    assert_status(clv_param_draws_report(&rng, est, &r, 0, 8, draws, &d), CLV_OK);
    assert_int_equal(d.status, 0);
    for (int i = 0; i < 16; i++) {
        assert_true(draws[i] > 0.0);
    }
    /* Almost every natural-scale draw has a parameter <= 0: bounded, CLV_ENOCONV. Two tiny
     * estimates with huge, almost perfectly anti-correlated errors: both positive needs
     * x1 in (0, 2e-3) out of a spread of 1e3. */
    const double tiny[2] = {1e-3, 1e-3};
    const double anti[4] = {1e6, -1e6 * (1.0 - 1e-12), -1e6 * (1.0 - 1e-12), 1e6};
    assert_status(clv_param_draws(&rng, 2, tiny, anti, CLV_DRAW_NATURAL, 1, draws, &d),
                  CLV_ENOCONV);
    assert_int_equal(d.rule, CLV_RULE_NO_VALID_DRAW);
    assert_status(clv_param_draws(&rng, 2, tiny, anti, CLV_DRAW_LOG, 1, draws, &d), CLV_OK);
}

/* ---- errors ---------------------------------------------------------------------------- */

static int cancel_at_second(void *user, uint64_t done, uint64_t total) {
    (void)total;
    int *calls = user;
    ++*calls;
    return done > CLV_SIM_CUSTOMERS_PER_PROGRESS;
}

CLV_SIM_TEST void test_sim_errors_leave_outputs(void **state) {
    (void)state;
    double x[4] = {-1, -1, -1, -1}, t_x[4] = {-1, -1, -1, -1}, mon[4] = {-1, -1, -1, -1};
    double T[4] = {10, 10, NAN, 10};
    clv_rng rng, saved, zero = {{0, 0, 0, 0}};
    clv_rng_seed(&rng, 5);
    saved = rng;
    clv_purchase_model m = make_model(CLV_MODEL_BGNBD, bgnbd_true);
    clv_purchase_model bad = m;
    bad.params[2] = -1.0;
    clv_purchase_model unknown = m;
    unknown.model = 9;
    clv_diag d;
    clv_diag_init(&d);
    clv_sim_options o;
    clv_sim_options_init(&o);
    o.diag = &d;
    assert_status(clv_sim_customers(NULL, &m, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EINVAL);
    assert_status(clv_sim_customers(&zero, &m, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EINVAL);
    assert_status(clv_sim_customers(&rng, &m, NULL, &o, 0, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EINVAL);
    assert_status(clv_sim_customers(&rng, &unknown, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EINVAL);
    assert_status(clv_sim_customers(&rng, &m, NULL, &o, 4, NULL, x, t_x, mon, NULL, NULL),
                  CLV_EINVAL); /* monetary without a spend model */
    assert_status(clv_sim_customers(&rng, &bad, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EDOM);
    assert_int_equal(d.field, CLV_FIELD_PARAMS);
    assert_true(d.has_row && d.row == 2);
    assert_status(clv_sim_customers(&rng, &m, NULL, &o, 4, T, x, t_x, NULL, NULL, NULL), CLV_EDOM);
    assert_int_equal(d.field, CLV_FIELD_T);
    assert_true(d.has_row && d.row == 2);
    o.holdout = -1.0;
    assert_status(clv_sim_customers(&rng, &m, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EDOM);
    assert_int_equal(d.field, CLV_FIELD_HOLDOUT);
    o.holdout = 0.0;
    clv_purchase_model bb = make_model(CLV_MODEL_BGBB, bgbb_true);
    o.T = 5.5;
    assert_status(clv_sim_customers(&rng, &bb, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_NOT_WHOLE);
    o.T = CLV_BGBB_MAX_OPPORTUNITIES - 1.0; /* T + holdout above the cap */
    o.holdout = 2.0;
    assert_status(clv_sim_customers(&rng, &bb, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_EDOM);
    assert_int_equal(d.rule, CLV_RULE_ABOVE_MAX);
    o.T = 52.0;
    o.holdout = 0.0;
    clv_sim_options big = o;
    big.struct_size = 4;
    assert_status(clv_sim_customers(&rng, &m, NULL, &big, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_ESTRUCT);
    for (int i = 0; i < 4; i++) {
        assert_true(x[i] == -1.0 && t_x[i] == -1.0 && mon[i] == -1.0);
    }
    assert_memory_equal(&rng, &saved, sizeof rng);
    /* A rate far outside any customer base: CLV_ERANGE with the row. */
    const double wild[4] = {1.0, 1e-13, 1.0, 1.0};
    clv_purchase_model w = make_model(CLV_MODEL_PNBD, wild);
    assert_status(clv_sim_customers(&rng, &w, NULL, &o, 4, NULL, x, t_x, NULL, NULL, NULL),
                  CLV_ERANGE);
    assert_int_equal(d.rule, CLV_RULE_ABOVE_MAX);
    assert_true(d.has_row);
    /* Cancellation at the second progress call. */
    enum { NC = 3 * CLV_SIM_CUSTOMERS_PER_PROGRESS };
    static double cx[NC], ct[NC];
    int calls = 0;
    o.progress = cancel_at_second;
    o.user_data = &calls;
    assert_status(clv_sim_customers(&rng, &m, NULL, &o, NC, NULL, cx, ct, NULL, NULL, NULL),
                  CLV_ECANCELED);
    assert_int_equal(calls, 2);
}

CLV_SIM_TEST void test_sim_same_seed_same_base(void **state) {
    (void)state;
    double x1[500], t1[500], x2[500], t2[500];
    clv_purchase_model m = make_model(CLV_MODEL_PNBD, pnbd_true);
    clv_rng a, b;
    clv_rng_seed(&a, 31);
    clv_rng_seed(&b, 31);
    assert_status(clv_sim_customers(&a, &m, NULL, NULL, 500, NULL, x1, t1, NULL, NULL, NULL),
                  CLV_OK);
    assert_status(clv_sim_customers(&b, &m, NULL, NULL, 500, NULL, x2, t2, NULL, NULL, NULL),
                  CLV_OK);
    assert_memory_equal(x1, x2, sizeof x1);
    assert_memory_equal(t1, t2, sizeof t1);
    /* The next call continues the stream: a different base. */
    assert_status(clv_sim_customers(&b, &m, NULL, NULL, 500, NULL, x2, t2, NULL, NULL, NULL),
                  CLV_OK);
    assert_true(memcmp(t1, t2, sizeof t1) != 0);
    /* sBG errors */
    clv_sbg_params sp = {1.0, 1.0}, bad = {0.0, 1.0};
    double alive[3] = {-1, -1, -1};
    assert_status(clv_sbg_simulate(&a, &bad, 10.0, 2, alive), CLV_EDOM);
    assert_status(clv_sbg_simulate(&a, &sp, 10.5, 2, alive), CLV_EDOM);
    assert_status(clv_sbg_simulate(&a, &sp, 1e16, 2, alive), CLV_EDOM);
    assert_status(clv_sbg_simulate(&a, &sp, INFINITY, 2, alive), CLV_EDOM);
    assert_status(clv_sbg_simulate(NULL, &sp, 10.0, 2, alive), CLV_EINVAL);
    assert_true(alive[0] == -1.0);
}

/* The coverage tests fit 160 simulated bases (~8 s of CPU): built a second time with
 * CLV_SIM_COVERAGE as the 'slow' suite's simulate_coverage (tests/meson.build), kept out of
 * the valgrind setup; the rest is the unit suite's simulate. */
int main(void) {
#ifdef CLV_SIM_COVERAGE
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_bgnbd_fit_coverage),
        cmocka_unit_test(test_sim_pnbd_fit_coverage),
        cmocka_unit_test(test_sim_gg_fit_coverage),
        cmocka_unit_test(test_sim_sbg_survivors_and_coverage),
    };
#else
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sim_bgnbd_histogram_matches_pmf),
        cmocka_unit_test(test_sim_pnbd_histogram_matches_pmf),
        cmocka_unit_test(test_sim_mbgnbd_histogram_matches_pmf),
        cmocka_unit_test(test_sim_bgbb_histogram_matches_pmf),
        cmocka_unit_test(test_sim_transactions_agree_with_rows),
        cmocka_unit_test(test_param_draws_moments),
        cmocka_unit_test(test_param_draws_reject_and_errors),
        cmocka_unit_test(test_sim_errors_leave_outputs),
        cmocka_unit_test(test_sim_same_seed_same_base),
    };
#endif
    return cmocka_run_group_tests(tests, NULL, NULL);
}
