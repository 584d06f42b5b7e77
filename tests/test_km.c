/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/churn/km.c: the Kaplan-Meier estimate, Greenwood standard errors, log-log
 * bands, median, restricted mean and S(t), against churn.h's contract (group clv_km).
 *
 * Oracles:
 * - the 6-MP arm of Freireich et al. (1963), remission weeks (* censored), the textbook
 *   Kaplan-Meier example (Kalbfleisch & Prentice 2002; Klein & Moeschberger 2003, table 1.1):
 *   6, 6, 6, 6*, 7, 9*, 10, 10*, 11*, 13, 16, 17*, 19*, 20*, 22, 23, 25*, 32*, 32*, 34*, 35*.
 *   S(t) is published as exact fractions 6/7, 96/119, 64/85, 176/255, 32/51, 64/119, 160/357;
 *   the Greenwood standard errors round to the four decimals printed for this example
 *   (0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346). The 17-digit values of the
 *   standard errors, the log-log bands, the median interval and the restricted means come from
 *   tests/oracles/km_oracles.py (exact fractions, then mpmath at 40 digits; its output is
 *   tests/oracles/km_oracles.txt);
 * - small hand-computed tables (ties, all events), worked in the comments beside them;
 * - properties: weights == repeated rows, unsorted input through the workspace == sorted
 *   input, both bit for bit (whole weights make every sum exact).
 *
 * Tolerances: S is a product of at most 7 rounded ratios: 1e-15 relative. The standard error
 * adds a sum and a square root: 1e-14. The band's ends go through log, exp and the normal
 * quantile (relative accuracy 1e-14, test_normal.c): 1e-12.
 */
#include "clv_test.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"

#define MP_N 21
static const double mp_time[MP_N] = {6,  6,  6,  6,  7,  9,  10, 10, 11, 13, 16,
                                     17, 19, 20, 22, 23, 25, 32, 32, 34, 35};
static const int32_t mp_event[MP_N] = {1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1,
                                       0, 0, 0, 1, 1, 0, 0, 0, 0, 0};

#define MP_ROWS 7
static const double mp_t[MP_ROWS] = {6, 7, 10, 13, 16, 22, 23};
static const double mp_n[MP_ROWS] = {21, 17, 15, 12, 11, 7, 6};
static const double mp_d[MP_ROWS] = {3, 1, 1, 1, 1, 1, 1};
/* Censored in [t_i, t_{i+1}): 6*; 9*; 10*, 11*; none; 17*, 19*, 20*; none; 25*, 32* x2, 34*,
 * 35*. */
static const double mp_c[MP_ROWS] = {1, 1, 2, 0, 3, 0, 5};
static const double mp_s_num[MP_ROWS] = {6, 96, 64, 176, 32, 64, 160};
static const double mp_s_den[MP_ROWS] = {7, 119, 85, 255, 51, 119, 357};
static const double mp_se_printed[MP_ROWS] = {0.0764, 0.0869, 0.0963, 0.1068,
                                              0.1141, 0.1282, 0.1346};
/* km_oracles.txt */
static const double mp_se[MP_ROWS] = {0.076360354832121252767, 0.086935285180057197352,
                                      0.096349652994320514633, 0.10681470777500982365,
                                      0.11405386525675253797,  0.1282337516930339949,
                                      0.13459145675576046193};
static const double mp_lower95[MP_ROWS] = {
    0.61971795526598377749, 0.56314656462223332402, 0.50319951079995636443, 0.43161022248618399761,
    0.36751085598750202011, 0.26777893676713498839, 0.18805200595923233804};
static const double mp_upper95[MP_ROWS] = {
    0.95155174764699702905, 0.92280901920288045011, 0.88936183516926558999, 0.84906596334945081298,
    0.80491218947184132231, 0.74679071763539458942, 0.6801426284952415122};
static const double mp_lower90[MP_ROWS] = {
    0.67110678059217261938, 0.61247854398557923818, 0.55112338192788438721, 0.47870030967424388853,
    0.41261276800570492682, 0.31121408058184940568, 0.22646208824501073837};
static const double mp_upper90[MP_ROWS] = {
    0.9421594057201213849, 0.91019783284668359307, 0.87358124327442330455, 0.82976106501983193933,
    0.7823912244425658175, 0.71923318722497265261, 0.6481135841402935344};

static const double s_tol = 1e-15;
static const double se_tol = 1e-14;
static const double band_tol = 1e-12;

static clv_km_data mp_data(void) {
    clv_km_data d = {MP_N, mp_time, mp_event, NULL};
    return d;
}

/* A sentinel-filled row buffer, to show what a call writes. */
#define CAP 64
static void fill_sentinel(void *p, size_t n) {
    memset(p, 0xA5, n);
}

static int all_sentinel(const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0xA5) {
            return 0;
        }
    }
    return 1;
}

static void estimate_ok(const clv_km_data *data, double level, clv_km_row *rows, size_t *n_rows,
                        clv_km_summary *summary) {
    size_t bytes;
    assert_status(clv_km_workspace_size(data->count, &bytes), CLV_OK);
    void *ws = malloc(bytes);
    assert_non_null(ws);
    assert_status(clv_km_estimate(data, level, ws, bytes, rows, CAP, n_rows, summary, NULL),
                  CLV_OK);
    free(ws);
}

/* ---- the 6-MP example ------------------------------------------------------------------- */

static void check_mp_rows(const clv_km_row *rows, const double *lower, const double *upper) {
    for (int k = 0; k < MP_ROWS; k++) {
        assert_true(rows[k].time == mp_t[k]);
        assert_true(rows[k].at_risk == mp_n[k]);
        assert_true(rows[k].events == mp_d[k]);
        assert_true(rows[k].censored == mp_c[k]);
        assert_close(rows[k].survival, mp_s_num[k] / mp_s_den[k], s_tol);
        assert_near(rows[k].std_error, mp_se_printed[k], 0.5e-4);
        assert_close(rows[k].std_error, mp_se[k], se_tol);
        assert_close(rows[k].lower, lower[k], band_tol);
        assert_close(rows[k].upper, upper[k], band_tol);
    }
}

static void test_km_reproduces_freireich_6mp_fractions_greenwood_and_loglog_band(void **state) {
    (void)state;
    clv_km_data d = mp_data();
    clv_km_row rows[CAP];
    clv_km_summary sum;
    size_t n_rows = 0;
    /* Sorted input: no workspace needed. */
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, NULL), CLV_OK);
    assert_int_equal(n_rows, MP_ROWS);
    check_mp_rows(rows, mp_lower95, mp_upper95);
    assert_true(sum.customers == 21.0 && sum.events == 9.0 && sum.censored == 12.0);
    assert_true(sum.max_time == 35.0 && sum.level == 0.95 && sum.n_rows == MP_ROWS);
    assert_close(sum.z, 1.9599639845400542355, 1e-14);

    assert_status(clv_km_estimate(&d, 0.90, NULL, 0, rows, CAP, &n_rows, NULL, NULL), CLV_OK);
    check_mp_rows(rows, mp_lower90, mp_upper90);
}

static void test_km_6mp_median_23_with_interval_13_to_not_reached(void **state) {
    (void)state;
    clv_km_data d = mp_data();
    clv_km_row rows[CAP];
    size_t n_rows;
    double med = -1, lo = -1, hi = -1;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, CAP, &n_rows, NULL, NULL), CLV_OK);
    /* S(22) = 0.538 > 0.5, S(23) = 0.448; the lower band first drops to 0.5 at 13 (0.4316;
     * at 10 it is 0.5032); the upper band never does (0.680 at the last event). */
    assert_status(clv_km_median(rows, n_rows, &med, &lo, &hi), CLV_OK);
    assert_true(med == 23.0 && lo == 13.0 && isinf(hi) && hi > 0);
    /* The optional ends may be null. */
    med = -1;
    assert_status(clv_km_median(rows, n_rows, &med, NULL, NULL), CLV_OK);
    assert_true(med == 23.0);
}

static void test_km_6mp_restricted_mean_matches_fractions_and_km_variance(void **state) {
    (void)state;
    clv_km_data d = mp_data();
    clv_km_row rows[CAP];
    size_t n_rows;
    double mu, se;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, CAP, &n_rows, NULL, NULL), CLV_OK);
    /* km_oracles.txt: mu(10) = 1104/119, mu(23) = 10656/595, mu(35) = 13856/595. */
    assert_status(clv_km_rmst(rows, n_rows, 10.0, &mu, &se), CLV_OK);
    assert_close(mu, 1104.0 / 119.0, 1e-15);
    assert_close(se, 0.32676911538744419223, 1e-14);
    assert_status(clv_km_rmst(rows, n_rows, 23.0, &mu, &se), CLV_OK);
    assert_close(mu, 10656.0 / 595.0, 1e-15);
    assert_close(se, 1.5531899782483799208, 1e-14);
    assert_status(clv_km_rmst(rows, n_rows, 35.0, &mu, NULL), CLV_OK);
    assert_close(mu, 13856.0 / 595.0, 1e-15);
    /* Before the first event S = 1: mu(tau) = tau, no variance; tau = 0 gives 0. */
    assert_status(clv_km_rmst(rows, n_rows, 5.5, &mu, &se), CLV_OK);
    assert_true(mu == 5.5 && se == 0.0);
    assert_status(clv_km_rmst(rows, n_rows, 0.0, &mu, &se), CLV_OK);
    assert_true(mu == 0.0 && se == 0.0);
}

static void test_km_survival_at_is_the_right_continuous_step(void **state) {
    (void)state;
    clv_km_data d = mp_data();
    clv_km_row rows[CAP];
    size_t n_rows;
    double s, se, lo, hi;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, CAP, &n_rows, NULL, NULL), CLV_OK);
    assert_status(clv_km_survival_at(rows, n_rows, 0.0, &s, &se, &lo, &hi), CLV_OK);
    assert_true(s == 1.0 && se == 0.0 && lo == 1.0 && hi == 1.0);
    assert_status(clv_km_survival_at(rows, n_rows, 5.999, &s, NULL, NULL, NULL), CLV_OK);
    assert_true(s == 1.0);
    assert_status(clv_km_survival_at(rows, n_rows, 6.0, &s, &se, &lo, &hi), CLV_OK);
    assert_close(s, 6.0 / 7.0, s_tol);
    assert_true(se == rows[0].std_error && lo == rows[0].lower && hi == rows[0].upper);
    assert_status(clv_km_survival_at(rows, n_rows, 9.99, &s, NULL, NULL, NULL), CLV_OK);
    assert_close(s, 96.0 / 119.0, s_tol);
    assert_status(clv_km_survival_at(rows, n_rows, 10.0, &s, NULL, NULL, NULL), CLV_OK);
    assert_close(s, 64.0 / 85.0, s_tol);
    assert_status(clv_km_survival_at(rows, n_rows, 100.0, &s, NULL, NULL, NULL), CLV_OK);
    assert_close(s, 160.0 / 357.0, s_tol);
    assert_status(clv_km_survival_at(rows, n_rows, INFINITY, &s, NULL, NULL, NULL), CLV_OK);
    assert_close(s, 160.0 / 357.0, s_tol);
    s = -7.0;
    assert_status(clv_km_survival_at(rows, n_rows, -1.0, &s, NULL, NULL, NULL), CLV_EDOM);
    assert_status(clv_km_survival_at(rows, n_rows, NAN, &s, NULL, NULL, NULL), CLV_EDOM);
    assert_true(s == -7.0);
}

/* ---- small hand-computed tables ------------------------------------------------------------ */

static void test_km_ties_events_before_censorings(void **state) {
    (void)state;
    /* Unsorted on purpose. At t = 1: 6 at risk (the one censored at 1 included), 2 events:
     * S = 4/6 = 2/3. At t = 2: 3 at risk, 1 event, censored in [2, end): the 2* and the 3*:
     * S = 2/3 x 2/3 = 4/9. Greenwood: v = 2/(6 x 4) + 1/(3 x 2) = 1/4, se = 4/9 x 1/2 = 2/9. */
    const double t[6] = {2, 1, 3, 1, 2, 1};
    const int32_t e[6] = {1, 1, 0, 0, 0, 1};
    clv_km_data d = {6, t, e, NULL};
    clv_km_row rows[CAP];
    size_t n_rows;
    estimate_ok(&d, 0.95, rows, &n_rows, NULL);
    assert_int_equal(n_rows, 2);
    assert_true(rows[0].time == 1 && rows[0].at_risk == 6 && rows[0].events == 2 &&
                rows[0].censored == 1);
    assert_true(rows[1].time == 2 && rows[1].at_risk == 3 && rows[1].events == 1 &&
                rows[1].censored == 2);
    assert_close(rows[0].survival, 2.0 / 3.0, s_tol);
    assert_close(rows[1].survival, 4.0 / 9.0, s_tol);
    assert_close(rows[0].std_error, 2.0 / 3.0 * sqrt(1.0 / 12.0), se_tol);
    assert_close(rows[1].std_error, 2.0 / 9.0, se_tol);
}

static void test_km_all_events_is_the_empirical_survival_and_mean(void **state) {
    (void)state;
    /* No censoring: S = 3/4, 1/2, 1/4, 0; at S = 0 the standard error is 0, the band [0, 0].
     * The median is the first t with S <= 1/2: 2. The mean to tau = 4 is the sample mean 2.5,
     * and its variance sum((x - 2.5)^2)/n^2 = 5/16 (the KM variance without censoring). */
    const double t[4] = {4, 3, 2, 1};
    const int32_t e[4] = {1, 1, 1, 1};
    clv_km_data d = {4, t, e, NULL};
    clv_km_row rows[CAP];
    size_t n_rows;
    estimate_ok(&d, 0.95, rows, &n_rows, NULL);
    assert_int_equal(n_rows, 4);
    for (int k = 0; k < 4; k++) {
        assert_close(rows[k].survival, (3.0 - k) / 4.0, s_tol);
        /* Without censoring Greenwood is the binomial variance S (1 - S) / n. */
        double s = (3.0 - k) / 4.0;
        assert_close(rows[k].std_error, sqrt(s * (1 - s) / 4.0), se_tol);
    }
    assert_true(rows[3].std_error == 0.0 && rows[3].lower == 0.0 && rows[3].upper == 0.0);
    double med, lo, hi, mu, se;
    assert_status(clv_km_median(rows, n_rows, &med, &lo, &hi), CLV_OK);
    assert_true(med == 2.0 && lo <= med && hi >= med);
    assert_status(clv_km_rmst(rows, n_rows, 4.0, &mu, &se), CLV_OK);
    assert_close(mu, 2.5, 1e-15);
    assert_close(se, sqrt(5.0 / 16.0), 1e-15);
}

static void test_km_all_censored_has_no_rows_and_survival_one(void **state) {
    (void)state;
    const double t[3] = {5, 1, 3};
    const int32_t e[3] = {0, 0, 0};
    clv_km_data d = {3, t, e, NULL};
    clv_km_row rows[CAP];
    clv_km_summary sum;
    size_t n_rows = 99;
    /* Zero rows fit in zero capacity: no workspace either? The input is unsorted: it needs one. */
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, NULL, 0, &n_rows, NULL, NULL), CLV_EINVAL);
    estimate_ok(&d, 0.95, rows, &n_rows, &sum);
    assert_int_equal(n_rows, 0);
    assert_true(sum.customers == 3 && sum.events == 0 && sum.censored == 3 && sum.max_time == 5);
    double s, med, lo, hi, mu, se;
    assert_status(clv_km_survival_at(NULL, 0, 4.0, &s, NULL, NULL, NULL), CLV_OK);
    assert_true(s == 1.0);
    assert_status(clv_km_median(NULL, 0, &med, &lo, &hi), CLV_OK);
    assert_true(isinf(med) && isinf(lo) && isinf(hi));
    assert_status(clv_km_rmst(NULL, 0, 5.0, &mu, &se), CLV_OK);
    assert_true(mu == 5.0 && se == 0.0);
}

static void test_km_single_customer(void **state) {
    (void)state;
    const double t[1] = {2.5};
    const int32_t churned[1] = {1};
    const int32_t censored[1] = {0};
    clv_km_data d = {1, t, churned, NULL};
    clv_km_row rows[CAP];
    size_t n_rows;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, 1, &n_rows, NULL, NULL), CLV_OK);
    assert_int_equal(n_rows, 1);
    assert_true(rows[0].time == 2.5 && rows[0].at_risk == 1 && rows[0].events == 1 &&
                rows[0].censored == 0 && rows[0].survival == 0.0 && rows[0].std_error == 0.0 &&
                rows[0].lower == 0.0 && rows[0].upper == 0.0);
    double med, mu, se;
    assert_status(clv_km_median(rows, 1, &med, NULL, NULL), CLV_OK);
    assert_true(med == 2.5);
    assert_status(clv_km_rmst(rows, 1, 10.0, &mu, &se), CLV_OK);
    assert_true(mu == 2.5 && se == 0.0);
    d.event = censored;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, 1, &n_rows, NULL, NULL), CLV_OK);
    assert_int_equal(n_rows, 0);
}

/* ---- properties ---------------------------------------------------------------------------- */

/* A deterministic shuffle (LCG), so failures reproduce. */
static void shuffle(size_t *perm, size_t n, uint64_t seed) {
    for (size_t i = 0; i < n; i++) {
        perm[i] = i;
    }
    for (size_t i = n; i > 1; i--) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        size_t j = (size_t)((seed >> 33) % i);
        size_t tmp = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = tmp;
    }
}

static void test_km_unsorted_with_workspace_equals_sorted(void **state) {
    (void)state;
    clv_km_data sorted = mp_data();
    clv_km_row want[CAP], got[CAP];
    size_t n_want, n_got;
    assert_status(clv_km_estimate(&sorted, 0.95, NULL, 0, want, CAP, &n_want, NULL, NULL), CLV_OK);
    size_t perm[MP_N];
    double t[MP_N];
    int32_t e[MP_N];
    for (uint64_t seed = 1; seed <= 20; seed++) {
        shuffle(perm, MP_N, seed);
        for (size_t i = 0; i < MP_N; i++) {
            t[i] = mp_time[perm[i]];
            e[i] = mp_event[perm[i]];
        }
        clv_km_data d = {MP_N, t, e, NULL};
        estimate_ok(&d, 0.95, got, &n_got, NULL);
        assert_int_equal(n_got, n_want);
        assert_memory_equal(got, want, n_want * sizeof want[0]);
    }
    /* -0 sorts with +0 and comes out as +0. */
    const double tz[3] = {1.0, -0.0, 0.0};
    const int32_t ez[3] = {1, 1, 1};
    clv_km_data dz = {3, tz, ez, NULL};
    estimate_ok(&dz, 0.95, got, &n_got, NULL);
    assert_int_equal(n_got, 2);
    assert_true(got[0].time == 0.0 && !signbit(got[0].time) && got[0].events == 2.0);
}

static void test_km_weights_equal_repeated_rows(void **state) {
    (void)state;
    /* Random table of 200 rows with whole weights 0..4, durations on a coarse grid (many ties),
     * against the same rows repeated weight times. Whole weights make every sum exact, so the
     * tables must agree bit for bit; zero-weight rows must count for nothing. */
    enum { N = 200, MAXW = 4 };
    double t[N], w[N], te[N * MAXW];
    int32_t e[N], ee[N * MAXW];
    uint64_t seed = 12345;
    size_t m = 0;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        t[i] = (double)((seed >> 33) % 40) * 0.5;
        e[i] = (int32_t)((seed >> 20) & 1);
        w[i] = (double)((seed >> 40) % (MAXW + 1));
        for (int k = 0; k < (int)w[i]; k++) {
            te[m] = t[i];
            ee[m] = e[i];
            m++;
        }
    }
    clv_km_data weighted = {N, t, e, w};
    clv_km_data repeated = {m, te, ee, NULL};
    clv_km_row a[CAP], b[CAP];
    clv_km_summary sa, sb;
    size_t na, nb;
    estimate_ok(&weighted, 0.9, a, &na, &sa);
    estimate_ok(&repeated, 0.9, b, &nb, &sb);
    assert_true(na > 10);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na * sizeof a[0]);
    assert_memory_equal(&sa, &sb, sizeof sa);
    /* The 6-MP table compressed with weights (three events at 6 as one row of weight 3). */
    const double ct[] = {6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35};
    const int32_t ce[] = {1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0};
    const double cw[] = {3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1};
    clv_km_data compressed = {18, ct, ce, cw};
    clv_km_data full = mp_data();
    estimate_ok(&compressed, 0.95, a, &na, NULL);
    estimate_ok(&full, 0.95, b, &nb, NULL);
    assert_int_equal(na, MP_ROWS);
    assert_memory_equal(a, b, na * sizeof a[0]);
}

/* ---- invalid input ------------------------------------------------------------------------- */

static void test_km_invalid_input_statuses_and_outputs_untouched(void **state) {
    (void)state;
    clv_km_data d = mp_data();
    clv_km_row rows[CAP];
    clv_km_summary sum;
    size_t n_rows, bad;
    fill_sentinel(rows, sizeof rows);
    fill_sentinel(&sum, sizeof sum);
    fill_sentinel(&n_rows, sizeof n_rows);
    fill_sentinel(&bad, sizeof bad);

    /* Null pointers, empty input, rows null with a capacity. */
    assert_status(clv_km_estimate(NULL, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, &bad), CLV_EINVAL);
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, CAP, NULL, &sum, &bad), CLV_EINVAL);
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, NULL, 1, &n_rows, &sum, &bad), CLV_EINVAL);
    clv_km_data nd = d;
    nd.duration = NULL;
    assert_status(clv_km_estimate(&nd, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, &bad), CLV_EINVAL);
    nd = d;
    nd.event = NULL;
    assert_status(clv_km_estimate(&nd, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, &bad), CLV_EINVAL);
    nd = d;
    nd.count = 0;
    assert_status(clv_km_estimate(&nd, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, &bad), CLV_EINVAL);
    /* Confidence level outside (0, 1). */
    const double levels[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        assert_status(clv_km_estimate(&d, levels[i], NULL, 0, rows, CAP, &n_rows, &sum, &bad),
                      CLV_EDOM);
    }
    assert_true(all_sentinel(rows, sizeof rows) && all_sentinel(&sum, sizeof sum));
    assert_true(all_sentinel(&n_rows, sizeof n_rows) && all_sentinel(&bad, sizeof bad));

    /* Bad rows: the first one's index in bad_index. */
    double t[4] = {1, 2, 3, 4};
    int32_t e[4] = {1, 0, 1, 0};
    double w[4] = {1, 1, 1, 1};
    clv_km_data b = {4, t, e, w};
    const double bad_t[] = {-1.0, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < 4; i++) {
        t[2] = bad_t[i];
        bad = 99;
        assert_status(clv_km_estimate(&b, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, &bad), CLV_EDOM);
        assert_int_equal(bad, 2);
    }
    t[2] = 3;
    const int32_t bad_e[] = {2, -1, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < 4; i++) {
        e[1] = bad_e[i];
        bad = 99;
        assert_status(clv_km_estimate(&b, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, &bad), CLV_EDOM);
        assert_int_equal(bad, 1);
    }
    e[1] = 0;
    const double bad_w[] = {-1.0, NAN, INFINITY, -0.5};
    for (size_t i = 0; i < 4; i++) {
        w[3] = bad_w[i];
        bad = 99;
        assert_status(clv_km_estimate(&b, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, &bad), CLV_EDOM);
        assert_int_equal(bad, 3);
    }
    /* Total weight 0; total weight overflowing. */
    w[0] = w[1] = w[2] = w[3] = 0.0;
    assert_status(clv_km_estimate(&b, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, NULL), CLV_EDOM);
    w[0] = w[1] = DBL_MAX;
    assert_status(clv_km_estimate(&b, 0.95, NULL, 0, rows, CAP, &n_rows, &sum, NULL), CLV_ERANGE);
    assert_true(all_sentinel(rows, sizeof rows) && all_sentinel(&sum, sizeof sum));
    assert_true(all_sentinel(&n_rows, sizeof n_rows));

    /* Unsorted: no workspace -> EINVAL, too small -> ENOMEM; n_rows untouched in both. */
    w[0] = w[1] = w[2] = w[3] = 1.0;
    t[0] = 5.0;
    size_t need;
    assert_status(clv_km_workspace_size(4, &need), CLV_OK);
    assert_true(need >= 4 * 32);
    unsigned char *ws = malloc(need);
    assert_non_null(ws);
    assert_status(clv_km_estimate(&b, 0.95, NULL, need, rows, CAP, &n_rows, &sum, NULL),
                  CLV_EINVAL);
    assert_status(clv_km_estimate(&b, 0.95, ws, need - 1, rows, CAP, &n_rows, &sum, NULL),
                  CLV_ENOMEM);
    assert_true(all_sentinel(rows, sizeof rows) && all_sentinel(&n_rows, sizeof n_rows));
    /* A misaligned workspace of the documented size works. */
    unsigned char *ws2 = malloc(need + 1);
    assert_non_null(ws2);
    assert_status(clv_km_estimate(&b, 0.95, ws2 + 1, need, rows, CAP, &n_rows, NULL, NULL), CLV_OK);
    assert_int_equal(n_rows, 2);
    free(ws2);
    free(ws);

    /* Too small an output: ENOMEM with the rows needed; nothing else written. Capacity 0 and
     * null rows ask for the size. */
    fill_sentinel(rows, sizeof rows);
    fill_sentinel(&sum, sizeof sum);
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, MP_ROWS - 1, &n_rows, &sum, NULL),
                  CLV_ENOMEM);
    assert_int_equal(n_rows, MP_ROWS);
    assert_true(all_sentinel(rows, sizeof rows) && all_sentinel(&sum, sizeof sum));
    n_rows = 0;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, NULL, 0, &n_rows, NULL, NULL), CLV_ENOMEM);
    assert_int_equal(n_rows, MP_ROWS);

    /* Workspace size: null output, overflow. */
    assert_status(clv_km_workspace_size(4, NULL), CLV_EINVAL);
    need = 7;
    assert_status(clv_km_workspace_size(SIZE_MAX / 16, &need), CLV_ERANGE);
    assert_int_equal(need, 7);
}

static void test_km_readers_reject_tables_no_estimate_can_produce(void **state) {
    (void)state;
    clv_km_data d = mp_data();
    clv_km_row good[CAP], rows[CAP];
    size_t n_rows;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, good, CAP, &n_rows, NULL, NULL), CLV_OK);
    double out = -7.0, se = -7.0;
    /* Null pointers. */
    assert_status(clv_km_median(good, n_rows, NULL, NULL, NULL), CLV_EINVAL);
    assert_status(clv_km_median(NULL, 1, &out, NULL, NULL), CLV_EINVAL);
    assert_status(clv_km_rmst(good, n_rows, 5.0, NULL, NULL), CLV_EINVAL);
    assert_status(clv_km_rmst(NULL, 2, 5.0, &out, NULL), CLV_EINVAL);
    assert_status(clv_km_survival_at(good, n_rows, 5.0, NULL, NULL, NULL, NULL), CLV_EINVAL);
    assert_status(clv_km_survival_at(NULL, 3, 5.0, &out, NULL, NULL, NULL), CLV_EINVAL);
    /* Bad tau. */
    const double taus[] = {-1.0, NAN, INFINITY};
    for (size_t i = 0; i < 3; i++) {
        assert_status(clv_km_rmst(good, n_rows, taus[i], &out, &se), CLV_EDOM);
    }
    /* One field corrupted at a time. */
    for (int field = 0; field < 9; field++) {
        memcpy(rows, good, sizeof good);
        clv_km_row *r = &rows[3];
        switch (field) {
        case 0:
            r->time = rows[2].time;
            break; /* not increasing */
        case 1:
            r->survival = 0.9;
            break; /* S increasing */
        case 2:
            r->survival = NAN;
            break;
        case 3:
            r->lower = r->survival + 0.01;
            break;
        case 4:
            r->upper = 1.5;
            break;
        case 5:
            r->events = 0.0;
            break;
        case 6:
            r->events = r->at_risk + 1;
            break;
        case 7:
            r->std_error = NAN;
            break;
        default:
            r->time = NAN;
            break;
        }
        assert_status(clv_km_median(rows, n_rows, &out, NULL, NULL), CLV_EDOM);
        assert_status(clv_km_rmst(rows, n_rows, 30.0, &out, &se), CLV_EDOM);
        assert_status(clv_km_survival_at(rows, n_rows, 30.0, &out, &se, NULL, NULL), CLV_EDOM);
    }
    assert_true(out == -7.0 && se == -7.0);
}

static void test_km_variance_overflow_is_erange_not_inf(void **state) {
    (void)state;
    /* A horizon so long that A_i^2 overflows: the restricted mean is finite, its variance not. */
    clv_km_data d = mp_data();
    clv_km_row rows[CAP];
    size_t n_rows;
    double mu = -7.0, se = -7.0;
    assert_status(clv_km_estimate(&d, 0.95, NULL, 0, rows, CAP, &n_rows, NULL, NULL), CLV_OK);
    assert_status(clv_km_rmst(rows, n_rows, 1e300, &mu, &se), CLV_ERANGE);
    assert_true(mu == -7.0 && se == -7.0);
    /* A level so close to 1 that z is huge: the band opens to [0, 1] and is never NaN. */
    clv_km_summary sum;
    assert_status(clv_km_estimate(&d, 1.0 - 1e-16, NULL, 0, rows, CAP, &n_rows, &sum, NULL),
                  CLV_OK);
    for (size_t k = 0; k < n_rows; k++) {
        assert_true(rows[k].lower >= 0.0 && rows[k].lower < rows[k].survival);
        assert_true(rows[k].upper > rows[k].survival && rows[k].upper <= 1.0);
    }
    /* A tiny level: the band shrinks to S. */
    assert_status(clv_km_estimate(&d, 1e-300, NULL, 0, rows, CAP, &n_rows, &sum, NULL), CLV_OK);
    for (size_t k = 0; k < n_rows; k++) {
        assert_close(rows[k].lower, rows[k].survival, 1e-15);
        assert_close(rows[k].upper, rows[k].survival, 1e-15);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_km_reproduces_freireich_6mp_fractions_greenwood_and_loglog_band),
        cmocka_unit_test(test_km_6mp_median_23_with_interval_13_to_not_reached),
        cmocka_unit_test(test_km_6mp_restricted_mean_matches_fractions_and_km_variance),
        cmocka_unit_test(test_km_survival_at_is_the_right_continuous_step),
        cmocka_unit_test(test_km_ties_events_before_censorings),
        cmocka_unit_test(test_km_all_events_is_the_empirical_survival_and_mean),
        cmocka_unit_test(test_km_all_censored_has_no_rows_and_survival_one),
        cmocka_unit_test(test_km_single_customer),
        cmocka_unit_test(test_km_unsorted_with_workspace_equals_sorted),
        cmocka_unit_test(test_km_weights_equal_repeated_rows),
        cmocka_unit_test(test_km_invalid_input_statuses_and_outputs_untouched),
        cmocka_unit_test(test_km_readers_reject_tables_no_estimate_can_produce),
        cmocka_unit_test(test_km_variance_overflow_is_erange_not_inf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
