/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/clv/checking.c (model checking, issue 14). Three kinds of claim:
 * - against 40-digit values of tests/oracles/checking_oracles.py, which summarises the CDNOW
 *   log with its own code and writes the BG/NBD formulas of Fader, Hardie & Lee (2005) itself
 *   (tracking, histogram with chi-square, conditional expectations by frequency) and the
 *   chi-square survival function;
 * - against published values (refs/published.md): E[X(t)] of FHL 2005 [T] through tracking,
 *   and the BG/BB donations figures of Fader, Hardie & Shang 2010 [T] (expected donors with 0
 *   and 6 repeat donations; sum of the expected donations in the next 5 years);
 * - brute force: grouped sums against per-customer sums, weighted tables against expanded
 *   ones, accuracy figures worked by hand, and refusals that leave the outputs untouched.
 *
 * The CDNOW log (tests/data/CDNOW_sample.txt) is read here into purchase days: calibration to
 * 1997-09-30 (day 272 after 1997-01-01), holdout to 1998-06-30 (day 545), weeks = days / 7.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv_test.h"

#include "clv.h"
#include "clv_test_data.h"

#define SENTINEL (-12345.678)
#define CAL_END 272
#define HOLD_END 545
#define MAX_TX 7000
#define DONATION_PATTERNS 22

static const char *const ORACLES = "checking_oracles.txt";

/* Higher-precision BG/NBD fit of CDNOW (published.md [T]), as the oracle script uses. */
static const clv_purchase_model bgnbd_fit = {CLV_MODEL_BGNBD,
                                             0,
                                             {0.2425945, 4.4136019, 0.7929199, 2.4258881}};
/* BTYD's BG/BB fit of the donations (published.md [R]). */
static const clv_purchase_model bgbb_fit = {CLV_MODEL_BGBB,
                                            0,
                                            {1.203507, 0.7497667, 0.6567568, 2.783887}};
static const clv_purchase_model pnbd = {CLV_MODEL_PNBD, 0, {0.553, 10.578, 0.606, 11.669}};
static const clv_purchase_model mbgnbd = {CLV_MODEL_MBGNBD, 0, {0.525, 6.183, 0.891, 1.614}};

/* ---- data ------------------------------------------------------------------------------ */

typedef struct cdnow_log {
    size_t n_tx;                /* purchase days (one per customer and day) */
    uint64_t customer[MAX_TX];  /* sample id */
    double week[MAX_TX];        /* day / 7 */
    size_t n;                   /* customers */
    double first_week[CDNOW_N]; /* first purchase, weeks after 1997-01-01 */
    double x[CDNOW_N], t_x[CDNOW_N], T[CDNOW_N], holdout[CDNOW_N];
} cdnow_log;

static int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static const cdnow_log *cdnow(void) {
    static cdnow_log L;
    static int loaded = 0;
    if (loaded) {
        return &L;
    }
    FILE *f = fopen("data/CDNOW_sample.txt", "r");
    char line[256];
    int64_t origin = days_from_civil(1997, 1, 1);
    uint64_t prev_id = 0;
    int64_t prev_day = -1;
    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned id, ymd;
        if (sscanf(line, "%*s %u %u", &id, &ymd) != 2) {
            continue;
        }
        int64_t day = days_from_civil((int)(ymd / 10000), (int)(ymd / 100 % 100),
                                      (int)(ymd % 100)) -
                      origin;
        if (id == prev_id && day == prev_day) {
            continue; /* the same purchase day */
        }
        assert_true(L.n_tx < MAX_TX);
        L.customer[L.n_tx] = id;
        L.week[L.n_tx] = (double)day / 7.0;
        L.n_tx++;
        if (id != prev_id) {
            L.n++;
            assert_true(L.n <= CDNOW_N);
            L.first_week[L.n - 1] = (double)day / 7.0;
            L.x[L.n - 1] = -1.0;
            L.t_x[L.n - 1] = 0.0;
            L.holdout[L.n - 1] = 0.0;
            L.T[L.n - 1] = (double)(CAL_END - day) / 7.0;
            prev_id = id;
        }
        size_t c = L.n - 1;
        int64_t first_day = (int64_t)(L.first_week[c] * 7.0 + 0.5);
        if (day <= CAL_END) {
            L.x[c] += 1.0;
            L.t_x[c] = (double)(day - first_day) / 7.0;
        } else if (day <= HOLD_END) {
            L.holdout[c] += 1.0;
        }
        prev_day = day;
    }
    fclose(f);
    assert_int_equal(L.n, CDNOW_N);
    loaded = 1;
    return &L;
}

static clv_rfm_view cdnow_table(void) {
    const cdnow_log *L = cdnow();
    clv_rfm_view v = {L->n, L->x, L->t_x, L->T, NULL, NULL};
    return v;
}

static double d_x[DONATION_PATTERNS], d_tx[DONATION_PATTERNS], d_n[DONATION_PATTERNS],
    d_w[DONATION_PATTERNS];

static clv_rfm_view donations(void) {
    static int loaded = 0;
    if (!loaded) {
        FILE *f = fopen("data/donations.csv", "r");
        char line[128];
        int k = 0;
        assert_non_null(f);
        assert_non_null(fgets(line, sizeof line, f)); /* frequency,recency,periods,weights */
        while (k < DONATION_PATTERNS && fgets(line, sizeof line, f) != NULL) {
            assert_int_equal(sscanf(line, "%lf,%lf,%lf,%lf", &d_x[k], &d_tx[k], &d_n[k], &d_w[k]),
                             4);
            k++;
        }
        fclose(f);
        assert_int_equal(k, DONATION_PATTERNS);
        loaded = 1;
    }
    clv_rfm_view v = {DONATION_PATTERNS, d_x, d_tx, d_n, NULL, d_w};
    return v;
}

static double oracle(const char *name) {
    return oracle_value(ORACLES, name);
}

static void fill(double *v, size_t n, double value) {
    for (size_t i = 0; i < n; i++) {
        v[i] = value;
    }
}

static void assert_all(const double *v, size_t n, double value) {
    for (size_t i = 0; i < n; i++) {
        assert_true(v[i] == value);
    }
}

/* ---- chi-square ---------------------------------------------------------------------------- */

/* Q(df/2, x/2) against mpmath's gammainc at 40 digits. Tolerance 1e-12 relative: the
 * exponent a log x - x - log Gamma(a) is formed in doubles (its rounding grows with a;
 * measured worst 3e-13 at df 2000). */
static void test_chi_square_p_value_matches_mpmath(void **state) {
    (void)state;
    static const double dfs[] = {0.5, 1, 2, 3, 4, 5, 7, 10, 30, 100, 500, 2000};
    static const double ms[] = {0.01, 0.3, 1, 2, 5};
    char name[128];
    for (size_t i = 0; i < sizeof dfs / sizeof dfs[0]; i++) {
        for (size_t j = 0; j < sizeof ms / sizeof ms[0]; j++) {
            double stat = ms[j] * dfs[i], p = SENTINEL;
            snprintf(name, sizeof name, "chi2_sf_df%g_x%.17g", dfs[i], stat);
            assert_status(clv_chi_square_p_value(stat, dfs[i], &p), CLV_OK);
            assert_close(p, oracle(name), 1e-12);
        }
    }
    static const double far[][2] = {{1, 50}, {3, 200}, {4, 1000}, {10, 1200}};
    for (size_t i = 0; i < 4; i++) {
        double p;
        snprintf(name, sizeof name, "chi2_sf_df%g_x%.17g", far[i][0], far[i][1]);
        assert_status(clv_chi_square_p_value(far[i][1], far[i][0], &p), CLV_OK);
        assert_close(p, oracle(name), 1e-11);
    }
    /* df 2: Q(1, x/2) = e^(-x/2) exactly. */
    double p;
    assert_status(clv_chi_square_p_value(6.0, 2.0, &p), CLV_OK);
    assert_close(p, exp(-3.0), 1e-14);
    assert_status(clv_chi_square_p_value(0.0, 3.0, &p), CLV_OK);
    assert_true(p == 1.0);
    p = SENTINEL;
    assert_status(clv_chi_square_p_value(-1.0, 3.0, &p), CLV_EDOM);
    assert_status(clv_chi_square_p_value(1.0, 0.0, &p), CLV_EDOM);
    assert_status(clv_chi_square_p_value(NAN, 3.0, &p), CLV_EDOM);
    assert_status(clv_chi_square_p_value(1.0, INFINITY, &p), CLV_EDOM);
    assert_true(p == SENTINEL);
    assert_status(clv_chi_square_p_value(1.0, 1.0, NULL), CLV_EINVAL);
}

/* The documented merging rule on a hand example: expected 50 | 20 | 6 | 3 + 2 (= 5) and the
 * leftover 1 joins the last group: 4 groups, bins 3..5 in group 3. */
static void test_chi_square_merging_rule_by_hand(void **state) {
    (void)state;
    const double e[6] = {50, 20, 6, 3, 2, 1};
    const double o[6] = {45, 25, 8, 2, 1, 1};
    uint32_t group[6];
    clv_chi_square_result r;
    assert_status(clv_chi_square_test(e, o, 6, 1, NULL, &r, group), CLV_OK);
    assert_true(r.groups == 4.0);
    assert_true(r.df == 2.0);
    const uint32_t want[6] = {0, 1, 2, 3, 3, 3};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(group[i], want[i]);
    }
    double stat = 25.0 / 50 + 25.0 / 20 + 4.0 / 6 + 4.0 / 6; /* last: (4 - 6)^2 / 6 */
    assert_close(r.statistic, stat, 1e-15);
    assert_close(r.p_value, exp(-stat / 2.0), 1e-13); /* df 2: e^(-x/2) */

    /* A higher threshold merges more; too few groups left is refused, result untouched. */
    clv_check_options opt;
    clv_check_options_init(&opt);
    clv_diag diag;
    clv_diag_init(&diag);
    opt.diag = &diag;
    opt.min_expected = 30.0;
    clv_chi_square_result keep = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    r = keep;
    assert_status(clv_chi_square_test(e, o, 6, 1, &opt, &r, NULL), CLV_EDOM);
    assert_true(r.statistic == SENTINEL && r.p_value == SENTINEL);
    assert_int_equal(diag.rule, CLV_RULE_TOO_FEW_BINS);
    assert_true(diag.value == 2.0 && diag.limit == 3.0);
    char text[256];
    assert_status(clv_diag_format(&diag, text, sizeof text, NULL), CLV_OK);
    assert_non_null(strstr(text, "only 2 groups"));

    opt.min_expected = 0.0;
    assert_status(clv_chi_square_test(e, o, 6, 1, &opt, &r, NULL), CLV_EDOM);
    const double bad[6] = {50, 20, -6, 3, 2, 1};
    assert_status(clv_chi_square_test(bad, o, 6, 1, NULL, &r, NULL), CLV_EDOM);
    assert_status(clv_chi_square_test(e, o, 1, 0, NULL, &r, NULL), CLV_EINVAL);
    assert_status(clv_chi_square_test(e, NULL, 6, 1, NULL, &r, NULL), CLV_EINVAL);
    assert_true(r.statistic == SENTINEL);
}

/* ---- frequency histogram --------------------------------------------------------------- */

/* CDNOW at the BG/NBD fit, x = 0..6, 7+ (FHL 2005 fig. 3): expected counts against eq. 8 at
 * 40 digits (1e-10: the library's P(X(t) = x) is checked to ~1e-12 elsewhere, summed over
 * 2,357 customers); actual counts exact; chi-square statistic and p-value of the merged bins. */
static void test_histogram_cdnow_matches_mpmath(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_table();
    double expected[8], actual[8];
    char name[64];
    assert_status(clv_frequency_histogram(&bgnbd_fit, &v, 7, NULL, expected, actual), CLV_OK);
    double total = 0.0;
    for (int x = 0; x <= 7; x++) {
        snprintf(name, sizeof name, "hist_expected_%d", x);
        assert_close(expected[x], oracle(name), 1e-10);
        snprintf(name, sizeof name, "hist_actual_%d", x);
        assert_true(actual[x] == oracle(name));
        total += expected[x];
    }
    assert_close(total, (double)CDNOW_N, 1e-13);
    clv_chi_square_result r;
    assert_status(clv_chi_square_test(expected, actual, 8, 4, NULL, &r, NULL), CLV_OK);
    assert_true(r.groups == oracle("hist_groups"));
    assert_true(r.df == oracle("hist_df"));
    assert_close(r.statistic, oracle("hist_chi2"), 1e-8);
    assert_close(r.p_value, oracle("hist_p"), 1e-8);
}

/* Donations (FHS 2010), bins 0..6 and 7+: expected donors with 0 repeat donations 3454.9 and
 * with 6 1253.1 (published.md [T]). They come from Hardie's sheet at its own parameters,
 * known only to the paper's digits: held to 0.2 donors at BTYD's fit as in test_bgbb.c (mpmath
 * gives 3454.81 and 1253.04 there). Nobody has more than 6 in 6 opportunities: 7+ is 0. */
static void test_histogram_bgbb_donations_published(void **state) {
    (void)state;
    clv_rfm_view v = donations();
    double expected[8], actual[8];
    assert_status(clv_frequency_histogram(&bgbb_fit, &v, 7, NULL, expected, actual), CLV_OK);
    assert_near(expected[0], 3454.9, 0.2);
    assert_near(expected[6], 1253.1, 0.2);
    /* Every donor has n = 6: 11104 P(X(6) = x) at 40 digits (tests/oracles/bgbb_oracles). */
    assert_close(expected[0], 11104.0 * oracle_value("bgbb_oracles.txt", "prob_n6_x0"), 1e-12);
    assert_close(expected[6], 11104.0 * oracle_value("bgbb_oracles.txt", "prob_n6_x6"), 1e-12);
    assert_near(expected[7], 0.0, 1e-9);
    double e = 0.0, a = 0.0;
    for (int x = 0; x <= 7; x++) {
        e += expected[x];
        a += actual[x];
    }
    assert_close(e, 11104.0, 1e-12);
    assert_true(a == 11104.0);
    assert_true(actual[0] == 3464.0); /* the first pattern, weight 3464 */
}

/* A weighted table equals its expansion, and a table sorted by T equals one that is not (the
 * cache of probabilities is keyed by T, never stale). Pareto/NBD and MBG/NBD. */
static void test_histogram_weights_and_order_are_brute_force(void **state) {
    (void)state;
    static const double x[5] = {0, 2, 1, 5, 0}, t_x[5] = {0, 10, 3, 30, 0},
                        T[5] = {20, 30, 20, 38, 38}, w[5] = {3, 1, 2, 1, 4};
    double ex[11], ey[11], ax[11], ay[11], x2[11], t2[11], T2[11];
    size_t m = 0;
    for (int i = 0; i < 5; i++) {
        for (int r = 0; r < (int)w[i]; r++, m++) {
            x2[m] = x[i], t2[m] = t_x[i], T2[m] = T[i];
        }
    }
    const clv_purchase_model *models[2] = {&pnbd, &mbgnbd};
    for (int k = 0; k < 2; k++) {
        clv_rfm_view vw = {5, x, t_x, T, NULL, w};
        clv_rfm_view ve = {m, x2, t2, T2, NULL, NULL};
        assert_status(clv_frequency_histogram(models[k], &vw, 3, NULL, ex, ax), CLV_OK);
        assert_status(clv_frequency_histogram(models[k], &ve, 3, NULL, ey, ay), CLV_OK);
        for (int b = 0; b <= 3; b++) {
            assert_close(ex[b], ey[b], 1e-13);
            assert_true(ax[b] == ay[b]);
            /* Brute force: the sum of the one-customer probabilities. */
            double sum = 0.0;
            for (size_t i = 0; i < m; i++) {
                double p = 0.0, tail = 0.0;
                for (int j = 0; j < 3; j++) {
                    double pj;
                    if (k == 0) {
                        clv_pnbd_params q = {0.553, 10.578, 0.606, 11.669};
                        assert_status(clv_pnbd_prob_purchases(&q, T2[i], j, &pj), CLV_OK);
                    } else {
                        clv_mbgnbd_params q = {0.525, 6.183, 0.891, 1.614};
                        assert_status(clv_mbgnbd_prob_purchases(&q, T2[i], j, &pj), CLV_OK);
                    }
                    if (j == b) {
                        p = pj;
                    }
                    tail += pj;
                }
                sum += (b < 3) ? p : 1.0 - tail;
            }
            assert_close(ex[b], sum, 1e-12);
        }
    }
}

static int cancel_at_once(void *user_data, uint64_t done, uint64_t total) {
    (void)done;
    (void)total;
    ++*(int *)user_data;
    return 1;
}

/* Bad input: nothing written, the diag names the row; a cancel writes nothing. */
static void test_histogram_refusals_leave_outputs_untouched(void **state) {
    (void)state;
    double expected[4], actual[4];
    fill(expected, 4, SENTINEL);
    fill(actual, 4, SENTINEL);
    static const double x[3] = {0, 2, 1}, t_x[3] = {0, 10, 30}, T[3] = {20, 30, 20};
    clv_rfm_view v = {3, x, t_x, T, NULL, NULL};
    clv_check_options opt;
    clv_diag diag;
    clv_check_options_init(&opt);
    clv_diag_init(&diag);
    opt.diag = &diag;
    assert_status(clv_frequency_histogram(&pnbd, &v, 3, &opt, expected, actual), CLV_EDOM);
    assert_true(diag.has_row && diag.row == 2 && diag.rule == CLV_RULE_RECENCY_ABOVE_T);
    clv_purchase_model bad = pnbd;
    bad.params[2] = -1.0;
    v.count = 2;
    assert_status(clv_frequency_histogram(&bad, &v, 3, &opt, expected, actual), CLV_EDOM);
    assert_true(diag.field == CLV_FIELD_PARAMS && diag.row == 2);
    bad = pnbd;
    bad.model = CLV_MODEL_GG;
    assert_status(clv_frequency_histogram(&bad, &v, 3, NULL, expected, actual), CLV_EINVAL);
    assert_status(clv_frequency_histogram(&pnbd, &v, 0, NULL, expected, actual), CLV_EINVAL);
    assert_status(clv_frequency_histogram(&pnbd, &v, CLV_CHECK_MAX_BINS, NULL, expected, actual),
                  CLV_EINVAL);
    /* BG/BB's own rules: x = 2 > t_x = 1 opportunities. */
    static const double bx[2] = {0, 2}, btx[2] = {0, 1}, bn[2] = {6, 6};
    clv_rfm_view bv = {2, bx, btx, bn, NULL, NULL};
    assert_status(clv_frequency_histogram(&bgbb_fit, &bv, 3, &opt, expected, actual), CLV_EDOM);
    assert_true(diag.row == 1 && diag.rule == CLV_RULE_X_ABOVE_RECENCY);
    int calls = 0;
    opt.progress = cancel_at_once;
    opt.user_data = &calls;
    clv_rfm_view big = cdnow_table();
    assert_status(clv_frequency_histogram(&pnbd, &big, 3, &opt, expected, actual),
                  CLV_ECANCELED);
    assert_int_equal(calls, 1);
    /* Options: too small a struct. */
    clv_check_options small;
    clv_check_options_init(&small);
    small.struct_size = 8;
    assert_status(clv_frequency_histogram(&pnbd, &v, 3, &small, expected, actual), CLV_ESTRUCT);
    assert_all(expected, 4, SENTINEL);
    assert_all(actual, 4, SENTINEL);
}

/* ---- conditional expectations ------------------------------------------------------------ */

/* FHL 2005 fig. 4 on CDNOW: customers, mean holdout purchases in weeks 40-78 and the BG/NBD
 * conditional expectation per calibration frequency 0..6, 7+, against the oracle's own
 * summary of the log and eq. 10 at 40 digits (1e-9: the library's conditional expectation is
 * checked to 1e-9 on its mpmath grid). The counts are those BTYD's walkthrough prints (1411,
 * 439, 214, 100, 62, 38, 29, 64). */
static void test_conditional_by_frequency_cdnow_matches_mpmath(void **state) {
    (void)state;
    const cdnow_log *L = cdnow();
    clv_rfm_view v = cdnow_table();
    double count[8], act[8], pred[8];
    char name[64];
    assert_status(
        clv_conditional_by_frequency(&bgnbd_fit, &v, L->holdout, 39.0, 7, NULL, count, act, pred),
        CLV_OK);
    for (int g = 0; g <= 7; g++) {
        snprintf(name, sizeof name, "cond_count_%d", g);
        assert_true(count[g] == oracle(name));
        snprintf(name, sizeof name, "cond_actual_%d", g);
        assert_close(act[g], oracle(name), 1e-14);
        snprintf(name, sizeof name, "cond_predicted_%d", g);
        assert_close(pred[g], oracle(name), 1e-9);
    }
    static const double btyd_counts[8] = {1411, 439, 214, 100, 62, 38, 29, 64};
    for (int g = 0; g <= 7; g++) {
        assert_true(count[g] == btyd_counts[g]);
    }
}

/* Donations: the sum over donors of the expected donations in the next 5 years is 12884.2
 * (published.md [T], Hardie's sheet at parameters known to the paper's digits: 0.2, as
 * test_bgbb.c):
 * sum over bins of count x mean predicted. And the weighted table equals row-by-row sums. */
static void test_conditional_bgbb_donations_published(void **state) {
    (void)state;
    clv_rfm_view v = donations();
    double holdout[DONATION_PATTERNS] = {0};
    double count[7], act[7], pred[7];
    assert_status(
        clv_conditional_by_frequency(&bgbb_fit, &v, holdout, 5.0, 6, NULL, count, act, pred),
        CLV_OK);
    double total = 0.0, n = 0.0;
    for (int g = 0; g <= 6; g++) {
        total += count[g] * pred[g];
        n += count[g];
        assert_true(act[g] == 0.0);
    }
    assert_true(n == 11104.0);
    assert_near(total, 12884.2, 0.2);
    double brute = 0.0;
    clv_bgbb_params q = {1.203507, 0.7497667, 0.6567568, 2.783887};
    for (int i = 0; i < DONATION_PATTERNS; i++) {
        double e;
        assert_status(clv_bgbb_expected_purchases(&q, d_x[i], d_tx[i], d_n[i], 5.0, &e), CLV_OK);
        brute += d_w[i] * e;
    }
    assert_close(total, brute, 1e-13);
}

/* Recency bins on CDNOW (Pareto/NBD): each bin's count, mean actual and mean predicted equal
 * loops over the rows with the one-customer function; rows outside the bins are refused. */
static void test_conditional_by_recency_is_brute_force(void **state) {
    (void)state;
    const cdnow_log *L = cdnow();
    clv_rfm_view v = cdnow_table();
    const double edges[5] = {0.0, 1.0, 10.0, 25.0, 39.0};
    double count[4], act[4], pred[4];
    assert_status(clv_conditional_by_recency(&pnbd, &v, L->holdout, 39.0, edges, 4, NULL, count,
                                             act, pred),
                  CLV_OK);
    double c[4] = {0}, a[4] = {0}, p[4] = {0};
    clv_pnbd_params q = {0.553, 10.578, 0.606, 11.669};
    for (size_t i = 0; i < L->n; i++) {
        int b = L->t_x[i] < 1.0 ? 0 : L->t_x[i] < 10.0 ? 1 : L->t_x[i] < 25.0 ? 2 : 3;
        double e;
        assert_status(clv_pnbd_expected_purchases(&q, L->x[i], L->t_x[i], L->T[i], 39.0, &e),
                      CLV_OK);
        c[b] += 1.0;
        a[b] += L->holdout[i];
        p[b] += e;
    }
    for (int b = 0; b < 4; b++) {
        assert_true(count[b] == c[b]);
        assert_close(act[b], a[b] / c[b], 1e-14);
        assert_close(pred[b], p[b] / c[b], 1e-12);
    }
    /* Bins that stop at 30 weeks do not cover the data: refused, outputs untouched. */
    const double short_edges[3] = {0.0, 10.0, 30.0};
    clv_check_options opt;
    clv_diag diag;
    clv_check_options_init(&opt);
    clv_diag_init(&diag);
    opt.diag = &diag;
    double keep[2] = {SENTINEL, SENTINEL};
    assert_status(clv_conditional_by_recency(&pnbd, &v, L->holdout, 39.0, short_edges, 2, &opt,
                                             keep, keep, keep),
                  CLV_EDOM);
    assert_true(diag.field == CLV_FIELD_T_X && diag.rule == CLV_RULE_ABOVE_MAX);
    assert_true(diag.limit == 30.0 && L->t_x[diag.row] > 30.0);
    const double unsorted[3] = {0.0, 20.0, 20.0};
    assert_status(clv_conditional_by_recency(&pnbd, &v, L->holdout, 39.0, unsorted, 2, &opt,
                                             keep, keep, keep),
                  CLV_EINVAL);
    assert_true(diag.field == CLV_FIELD_EDGES && diag.rule == CLV_RULE_NOT_SORTED);
    double bad_holdout[3] = {0, -1, 0};
    clv_rfm_view v3 = v;
    v3.count = 3;
    assert_status(clv_conditional_by_frequency(&pnbd, &v3, bad_holdout, 39.0, 2, &opt, keep,
                                               keep, keep),
                  CLV_EDOM);
    assert_true(diag.field == CLV_FIELD_HOLDOUT && diag.row == 1);
    assert_status(clv_conditional_by_frequency(&pnbd, &v3, L->holdout, -1.0, 2, &opt, keep, keep,
                                               keep),
                  CLV_EDOM);
    assert_all(keep, 2, SENTINEL);
}

/* ---- tracking ------------------------------------------------------------------------------ */

/* One customer born at 0: the tracking curve is E[X(t)] of FHL 2005. Published [T] at
 * t = 1, 3, 32, 78: 0.0532, 0.1506, 1.0437, 1.8576 from Hardie's sheet, whose parameters are
 * known only to 3 decimals (held to 1e-3 at lifetimes' fit, as test_bgnbd.c explains); and
 * E[X(52)] = 1.444004 at BTYD's fit [R], 7 digits (1e-6). */
static void test_tracking_one_customer_is_published_expected_purchases(void **state) {
    (void)state;
    const double birth = 0.0, times[5] = {1, 3, 32, 52, 78};
    double cum[5], inc[5];
    assert_status(clv_tracking_expected(&bgnbd_fit, &birth, NULL, 1, times, 5, NULL, cum, inc),
                  CLV_OK);
    assert_near(cum[0], 0.0532, 1e-3);
    assert_near(cum[1], 0.1506, 1e-3);
    assert_near(cum[2], 1.0437, 1e-3);
    assert_near(cum[4], 1.8576, 1e-3);
    assert_true(inc[0] == cum[0]);
    assert_close(inc[4], cum[4] - cum[3], 1e-15);
    const clv_purchase_model btyd = {CLV_MODEL_BGNBD,
                                     0,
                                     {0.2425982, 4.4136842, 0.7929899, 2.4261667}};
    const double t52 = 52.0;
    assert_status(clv_tracking_expected(&btyd, &birth, NULL, 1, &t52, 1, NULL, cum, NULL),
                  CLV_OK);
    assert_near(cum[0], 1.444004, 1e-6);
}

/* CDNOW's 2,357 first-purchase days, weekly grid 1..78 (FHL 2005 fig. 2): against eq. 9
 * summed at 40 digits (1e-10); grouped with weights equals one entry per customer (1e-12);
 * the increments add up to the cumulative curve. */
static void test_tracking_cdnow_matches_mpmath(void **state) {
    (void)state;
    const cdnow_log *L = cdnow();
    static double times[78], cum[78], inc[78], cum2[78];
    for (int j = 0; j < 78; j++) {
        times[j] = j + 1.0;
    }
    /* first_week is in customer order, which is also first-purchase order in CDNOW's sample?
     * Not necessarily: sort a copy. */
    static double births[CDNOW_N];
    memcpy(births, L->first_week, sizeof births);
    for (size_t i = 1; i < L->n; i++) { /* insertion sort: 2,357 entries, mostly sorted */
        double b = births[i];
        size_t j = i;
        for (; j > 0 && births[j - 1] > b; j--) {
            births[j] = births[j - 1];
        }
        births[j] = b;
    }
    assert_status(clv_tracking_expected(&bgnbd_fit, births, NULL, L->n, times, 78, NULL, cum, inc),
                  CLV_OK);
    static const int weeks[5] = {1, 10, 39, 52, 78};
    char name[64];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "track_expected_week%d", weeks[i]);
        assert_close(cum[weeks[i] - 1], oracle(name), 1e-10);
    }
    double sum = 0.0;
    for (int j = 0; j < 78; j++) {
        sum += inc[j];
        assert_close(sum, cum[j], 1e-12);
        assert_true(inc[j] >= 0.0);
    }
    /* The same base as (distinct day, customers that day). */
    static double days[CDNOW_N], w[CDNOW_N];
    size_t g = 0;
    for (size_t i = 0; i < L->n; i++) {
        if (g > 0 && days[g - 1] == births[i]) {
            w[g - 1] += 1.0;
        } else {
            days[g] = births[i];
            w[g++] = 1.0;
        }
    }
    assert_true(g < 100); /* births on the days of one quarter */
    assert_status(clv_tracking_expected(&bgnbd_fit, days, w, g, times, 78, NULL, cum2, NULL),
                  CLV_OK);
    for (int j = 0; j < 78; j++) {
        assert_close(cum2[j], cum[j], 1e-12);
    }
}

/* Every model through its own E[X(t)]: the sum over customers, by brute force. BG/BB in whole
 * opportunities. */
static void test_tracking_every_model_is_brute_force(void **state) {
    (void)state;
    const double birth[4] = {0, 0, 1.5, 4}, times[3] = {1, 4, 10};
    double cum[3];
    const clv_purchase_model *models[3] = {&bgnbd_fit, &pnbd, &mbgnbd};
    for (int k = 0; k < 3; k++) {
        assert_status(clv_tracking_expected(models[k], birth, NULL, 4, times, 3, NULL, cum, NULL),
                      CLV_OK);
        for (int j = 0; j < 3; j++) {
            double want = 0.0;
            for (int i = 0; i < 4; i++) {
                double t = times[j] - birth[i], e = 0.0;
                if (t > 0) {
                    const double *p = models[k]->params;
                    if (k == 0) {
                        clv_bgnbd_params q = {p[0], p[1], p[2], p[3]};
                        clv_bgnbd_expected_purchases_new(&q, t, &e);
                    } else if (k == 1) {
                        clv_pnbd_params q = {p[0], p[1], p[2], p[3]};
                        clv_pnbd_expected_purchases_new(&q, t, &e);
                    } else {
                        clv_mbgnbd_params q = {p[0], p[1], p[2], p[3]};
                        clv_mbgnbd_expected_purchases_new(&q, t, &e);
                    }
                }
                want += e;
            }
            assert_close(cum[j], want, 1e-14);
        }
    }
    /* BG/BB: donors born in years 0 and 1, observed at years 1..6. Hardie's E[X(n)] for a
     * new donor (published.md [T]): n = 1..6 0.4985 ... 2.2202. */
    const double yb[1] = {0}, years[6] = {1, 2, 3, 4, 5, 6};
    const double published[6] = {0.4985, 0.9233, 1.2969, 1.6323, 1.9381, 2.2202};
    double ycum[6];
    assert_status(clv_tracking_expected(&bgbb_fit, yb, NULL, 1, years, 6, NULL, ycum, NULL),
                  CLV_OK);
    for (int j = 0; j < 6; j++) {
        assert_near(ycum[j], published[j], 5e-5);
    }
    const double half = 0.5;
    assert_status(clv_tracking_expected(&bgbb_fit, &half, NULL, 1, years, 6, NULL, ycum, NULL),
                  CLV_EDOM);
}

/* Unsorted or negative births, an unsorted grid: refused, named, nothing written. */
static void test_tracking_refusals(void **state) {
    (void)state;
    double cum[3], inc[3];
    fill(cum, 3, SENTINEL);
    fill(inc, 3, SENTINEL);
    const double times[3] = {1, 2, 3};
    clv_check_options opt;
    clv_diag diag;
    clv_check_options_init(&opt);
    clv_diag_init(&diag);
    opt.diag = &diag;
    const double unsorted[4] = {0, 1, 3, 2};
    assert_status(clv_tracking_expected(&pnbd, unsorted, NULL, 4, times, 3, &opt, cum, inc),
                  CLV_EINVAL);
    assert_true(diag.field == CLV_FIELD_BIRTH && diag.rule == CLV_RULE_NOT_SORTED);
    assert_true(diag.row == 3 && diag.value == 2.0 && diag.limit == 3.0);
    char text[256];
    assert_status(clv_diag_format(&diag, text, sizeof text, NULL), CLV_OK);
    assert_string_equal(text, "birth[3]: birth 2 precedes the one before, 3: the values must be "
                              "in ascending order");
    const double negative[2] = {-1, 0};
    assert_status(clv_tracking_expected(&pnbd, negative, NULL, 2, times, 3, &opt, cum, inc),
                  CLV_EDOM);
    assert_true(diag.field == CLV_FIELD_BIRTH && diag.rule == CLV_RULE_NEGATIVE);
    const double ok[2] = {0, 1}, back[3] = {1, 3, 2}, w[2] = {1, NAN};
    assert_status(clv_tracking_expected(&pnbd, ok, NULL, 2, back, 3, &opt, cum, inc), CLV_EINVAL);
    assert_true(diag.field == CLV_FIELD_GRID && diag.row == 2);
    assert_status(clv_tracking_expected(&pnbd, ok, w, 2, times, 3, &opt, cum, inc), CLV_EDOM);
    assert_true(diag.field == CLV_FIELD_WEIGHT && diag.row == 1);
    assert_status(clv_tracking_expected(&pnbd, ok, NULL, 2, times, 3, NULL, NULL, NULL),
                  CLV_EINVAL);
    assert_status(clv_tracking_expected(&pnbd, ok, NULL, 0, times, 3, NULL, cum, inc), CLV_EINVAL);
    assert_all(cum, 3, SENTINEL);
    assert_all(inc, 3, SENTINEL);
}

/* The actual series of CDNOW: brute force over the purchase days (a repeat purchase is any
 * purchase day after the customer's first), and at week 78 (past the holdout end, day 545)
 * the total of calibration and holdout repeat purchases. Ties at one time are one purchase. */
static void test_tracking_actual_cdnow_is_brute_force(void **state) {
    (void)state;
    const cdnow_log *L = cdnow();
    static double times[78], cum[78], inc[78];
    for (int j = 0; j < 78; j++) {
        times[j] = j + 1.0;
    }
    assert_status(clv_tracking_actual(L->customer, L->week, L->n_tx, times, 78, NULL, cum, inc),
                  CLV_OK);
    for (int j = 0; j < 78; j++) {
        double want = 0.0, in = 0.0;
        for (size_t i = 1; i < L->n_tx; i++) {
            if (L->customer[i] == L->customer[i - 1]) {
                want += L->week[i] <= times[j];
                in += L->week[i] <= times[j] && (j == 0 || L->week[i] > times[j - 1]);
            }
        }
        assert_true(cum[j] == want);
        assert_true(inc[j] == in);
    }
    double total = 0.0;
    for (size_t i = 0; i < L->n; i++) {
        total += L->x[i] + L->holdout[i];
    }
    assert_true(cum[77] == total);

    const uint64_t c[5] = {1, 1, 1, 2, 2};
    const double t[5] = {0, 0, 2, 1, 1.5};
    const double grid[2] = {1, 2};
    double cc[2];
    assert_status(clv_tracking_actual(c, t, 5, grid, 2, NULL, cc, NULL), CLV_OK);
    assert_true(cc[0] == 0.0 && cc[1] == 2.0); /* the tie at 0 is the first purchase */
    const uint64_t bad_c[3] = {2, 1, 1};
    clv_check_options opt;
    clv_diag diag;
    clv_check_options_init(&opt);
    clv_diag_init(&diag);
    opt.diag = &diag;
    fill(cc, 2, SENTINEL);
    assert_status(clv_tracking_actual(bad_c, t, 3, grid, 2, &opt, cc, NULL), CLV_EINVAL);
    assert_true(diag.field == CLV_FIELD_CUSTOMER && diag.row == 1);
    const double bad_t[3] = {0, 2, 1};
    assert_status(clv_tracking_actual(c, bad_t, 3, grid, 2, &opt, cc, NULL), CLV_EINVAL);
    assert_true(diag.field == CLV_FIELD_TIME && diag.row == 2);
    assert_all(cc, 2, SENTINEL);
}

/* ---- holdout accuracy and calibration ------------------------------------------------------ */

/* Worked by hand: predicted 1, 2, 3 against actual 1, 3, 2: MAE 2/3, RMSE sqrt(2/3), bias 0,
 * correlation 1/2 (centred -1, 0, 1 and -1, 1, 0: 1 / (sqrt 2 sqrt 2)). A weight of 2 equals
 * the row twice; a constant series has no correlation (flagged, 0). */
static void test_holdout_accuracy_by_hand(void **state) {
    (void)state;
    const double p[3] = {1, 2, 3}, a[3] = {1, 3, 2};
    clv_accuracy r;
    assert_status(clv_holdout_accuracy(p, a, NULL, 3, NULL, &r), CLV_OK);
    assert_true(r.count == 3.0);
    assert_close(r.mae, 2.0 / 3.0, 1e-15);
    assert_close(r.rmse, sqrt(2.0 / 3.0), 1e-15);
    assert_near(r.bias, 0.0, 1e-15);
    assert_close(r.correlation, 0.5, 1e-15);
    assert_true(r.correlation_defined == 1.0);
    assert_close(r.mean_predicted, 2.0, 1e-15);

    const double w[3] = {2, 1, 1}, p4[4] = {1, 1, 2, 3}, a4[4] = {1, 1, 3, 2};
    clv_accuracy rw, re;
    assert_status(clv_holdout_accuracy(p, a, w, 3, NULL, &rw), CLV_OK);
    assert_status(clv_holdout_accuracy(p4, a4, NULL, 4, NULL, &re), CLV_OK);
    assert_close(rw.mae, re.mae, 1e-15);
    assert_close(rw.rmse, re.rmse, 1e-15);
    assert_close(rw.correlation, re.correlation, 1e-15);
    assert_true(rw.count == 4.0);

    const double flat[3] = {2, 2, 2};
    assert_status(clv_holdout_accuracy(flat, a, NULL, 3, NULL, &r), CLV_OK);
    assert_true(r.correlation == 0.0 && r.correlation_defined == 0.0);
    /* A shift of 1e8 in both costs nothing (centred sums). */
    const double ps[3] = {1e8 + 1, 1e8 + 2, 1e8 + 3}, as[3] = {1e8 + 1, 1e8 + 3, 1e8 + 2};
    assert_status(clv_holdout_accuracy(ps, as, NULL, 3, NULL, &r), CLV_OK);
    assert_close(r.correlation, 0.5, 1e-12);

    clv_accuracy keep;
    memset(&keep, 0, sizeof keep);
    keep.mae = SENTINEL;
    r = keep;
    const double nan_a[3] = {1, NAN, 2}, zero_w[3] = {0, 0, 0};
    clv_check_options opt;
    clv_diag diag;
    clv_check_options_init(&opt);
    clv_diag_init(&diag);
    opt.diag = &diag;
    assert_status(clv_holdout_accuracy(p, nan_a, NULL, 3, &opt, &r), CLV_EDOM);
    assert_true(diag.field == CLV_FIELD_ACTUAL && diag.row == 1);
    assert_status(clv_holdout_accuracy(p, a, zero_w, 3, &opt, &r), CLV_EDOM);
    assert_status(clv_holdout_accuracy(p, a, NULL, 0, &opt, &r), CLV_EINVAL);
    assert_true(r.mae == SENTINEL);
}

/* Quantile bins of 1..10 in 5 bins: two rows each, cuts 2, 4, 6, 8; ties never straddle; a
 * weighted table equals its expansion; given edges; rows outside given edges are refused. */
static void test_calibration_table_bins(void **state) {
    (void)state;
    double p[10], a[10];
    for (int i = 0; i < 10; i++) {
        p[i] = 10 - i; /* any order */
        a[i] = 2.0 * p[i];
    }
    double edges[6], cnt[5], mp[5], ma[5];
    assert_status(clv_calibration_table(p, a, NULL, 10, NULL, 5, NULL, edges, cnt, mp, ma),
                  CLV_OK);
    const double want_edges[6] = {1, 2, 4, 6, 8, 10};
    for (int b = 0; b < 5; b++) {
        assert_true(cnt[b] == 2.0);
        assert_close(mp[b], 2.0 * b + 1.5, 1e-15);
        assert_close(ma[b], 2.0 * (2.0 * b + 1.5), 1e-15);
    }
    for (int b = 0; b <= 5; b++) {
        assert_true(edges[b] == want_edges[b]);
    }
    /* Ties: 0, 0, 0, 0, 0, 0, 1, 2 in 4 bins: the zeros all in bin 0 (6 rows), bins 1-2 empty
     * (count 0, means 0), bin 3 the rest. */
    const double tp[8] = {0, 0, 0, 0, 0, 0, 1, 2}, ta[8] = {0, 1, 0, 0, 0, 0, 1, 3};
    double tc[4], tmp[4], tma[4];
    assert_status(clv_calibration_table(tp, ta, NULL, 8, NULL, 4, NULL, NULL, tc, tmp, tma),
                  CLV_OK);
    assert_true(tc[0] == 6.0 && tc[1] == 0.0 && tc[2] == 0.0 && tc[3] == 2.0);
    assert_true(tmp[1] == 0.0 && tma[1] == 0.0);
    assert_close(tma[0], 1.0 / 6.0, 1e-15);
    /* Weighted = expanded. */
    const double wp[3] = {3, 1, 2}, wa[3] = {1, 2, 3}, ww[3] = {2, 1, 3};
    const double ep[6] = {3, 3, 1, 2, 2, 2}, ea[6] = {1, 1, 2, 3, 3, 3};
    double c1[2], p1[2], a1[2], c2[2], p2[2], a2[2];
    assert_status(clv_calibration_table(wp, wa, ww, 3, NULL, 2, NULL, NULL, c1, p1, a1), CLV_OK);
    assert_status(clv_calibration_table(ep, ea, NULL, 6, NULL, 2, NULL, NULL, c2, p2, a2), CLV_OK);
    for (int b = 0; b < 2; b++) {
        assert_true(c1[b] == c2[b]);
        assert_close(p1[b], p2[b], 1e-15);
        assert_close(a1[b], a2[b], 1e-15);
    }
    /* Given edges. */
    const double ge[3] = {0, 5, 10};
    assert_status(clv_calibration_table(p, a, NULL, 10, ge, 2, NULL, edges, cnt, mp, ma), CLV_OK);
    assert_true(cnt[0] == 4.0 && cnt[1] == 6.0); /* [0, 5): 1..4; [5, 10]: 5..10 */
    assert_true(edges[1] == 5.0);
    const double narrow[3] = {0, 5, 9};
    clv_check_options opt;
    clv_diag diag;
    clv_check_options_init(&opt);
    clv_diag_init(&diag);
    opt.diag = &diag;
    fill(cnt, 5, SENTINEL);
    assert_status(clv_calibration_table(p, a, NULL, 10, narrow, 2, &opt, NULL, cnt, mp, ma),
                  CLV_EDOM);
    assert_true(diag.field == CLV_FIELD_PREDICTED && diag.row == 0 && diag.limit == 9.0);
    assert_status(clv_calibration_table(p, a, NULL, 10, NULL, 0, &opt, NULL, cnt, mp, ma),
                  CLV_EINVAL);
    assert_all(cnt, 5, SENTINEL);
}

/* ---- information criteria and LR test --------------------------------------------------- */

/* CDNOW BG/NBD: LL -9582.429 (published.md [T]; lifetimes stops short of the optimum, ours is
 * within 0.01 of it, test_bgnbd.c): AIC = 8 + 19164.858, BIC = 4 ln 2357 + 19164.858 to
 * 2 x 0.01. Exactly: the formulas at the report's own LL. */
static void test_information_criteria_cdnow(void **state) {
    (void)state;
    clv_rfm_view v = cdnow_view(0);
    clv_bgnbd_params p;
    clv_fit_report r;
    assert_status(clv_bgnbd_fit(&v, NULL, &p, &r), CLV_OK);
    double aic = SENTINEL, bic = SENTINEL;
    assert_status(clv_information_criteria(&r, CDNOW_N, &aic, &bic), CLV_OK);
    assert_near(aic, 8.0 + 2 * 9582.429, 0.02);
    assert_near(bic, 4.0 * log(2357.0) + 2 * 9582.429, 0.02);
    assert_close(aic, 8.0 - 2.0 * r.loglik, 1e-15);
    assert_close(bic, 4.0 * log(2357.0) - 2.0 * r.loglik, 1e-15);
    clv_fit_report bad = r;
    bad.n_params = 0;
    aic = SENTINEL;
    assert_status(clv_information_criteria(&bad, CDNOW_N, &aic, NULL), CLV_EDOM);
    assert_status(clv_information_criteria(&r, 0.0, &aic, NULL), CLV_EDOM);
    assert_status(clv_information_criteria(NULL, 1.0, &aic, NULL), CLV_EINVAL);
    assert_true(aic == SENTINEL);
}

/* Statistic 2 (LL_full - LL_restricted); df 2 gives p = e^(-x/2) exactly; a tiny negative
 * difference is 0 (p = 1); a large one is refused. */
static void test_likelihood_ratio_test(void **state) {
    (void)state;
    double s = SENTINEL, p = SENTINEL;
    assert_status(clv_likelihood_ratio_test(-100.0, -97.0, 2.0, &s, &p), CLV_OK);
    assert_true(s == 6.0);
    assert_close(p, exp(-3.0), 1e-14);
    assert_status(clv_likelihood_ratio_test(-9582.4290, -9582.4290001, 4.0, &s, &p), CLV_OK);
    assert_true(s == 0.0 && p == 1.0);
    s = p = SENTINEL;
    assert_status(clv_likelihood_ratio_test(-100.0, -101.0, 2.0, &s, &p), CLV_EDOM);
    assert_status(clv_likelihood_ratio_test(-100.0, -97.0, 0.0, &s, &p), CLV_EDOM);
    assert_status(clv_likelihood_ratio_test(NAN, -97.0, 1.0, &s, &p), CLV_EDOM);
    assert_true(s == SENTINEL && p == SENTINEL);
    /* Segments of CDNOW: two halves fitted apart against the pooled fit, df 4. */
    double x1[CDNOW_N / 2 + 1], t1[CDNOW_N / 2 + 1], T1[CDNOW_N / 2 + 1];
    double x2[CDNOW_N / 2 + 1], t2[CDNOW_N / 2 + 1], T2[CDNOW_N / 2 + 1];
    clv_rfm_view all = cdnow_view(0);
    size_t n1 = 0, n2 = 0;
    for (size_t i = 0; i < CDNOW_N; i++) {
        if (i % 2 == 0) {
            x1[n1] = all.x[i], t1[n1] = all.t_x[i], T1[n1++] = all.T[i];
        } else {
            x2[n2] = all.x[i], t2[n2] = all.t_x[i], T2[n2++] = all.T[i];
        }
    }
    clv_rfm_view h1 = {n1, x1, t1, T1, NULL, NULL}, h2 = {n2, x2, t2, T2, NULL, NULL};
    clv_bgnbd_params q;
    clv_fit_report r0, r1, r2;
    assert_status(clv_bgnbd_fit(&all, NULL, &q, &r0), CLV_OK);
    assert_status(clv_bgnbd_fit(&h1, NULL, &q, &r1), CLV_OK);
    assert_status(clv_bgnbd_fit(&h2, NULL, &q, &r2), CLV_OK);
    assert_status(clv_likelihood_ratio_test(r0.loglik, r1.loglik + r2.loglik, 4.0, &s, &p),
                  CLV_OK);
    assert_true(s >= 0.0 && p > 0.0 && p <= 1.0);
    double q4;
    assert_status(clv_chi_square_p_value(s, 4.0, &q4), CLV_OK);
    assert_true(p == q4);
}

/* ---- matrices ------------------------------------------------------------------------------ */

/* BG/NBD at CDNOW's fit, x = 0..10, t_x = 0, 5, ..., 40, T = 38.86: impossible cells (x = 0
 * with t_x > 0; t_x > T) flagged 0 with the sentinel 0; possible cells equal the one-customer
 * functions exactly. BG/BB adds its own impossible cells (x > t_x; x > 0 with t_x = 0). */
static void test_matrix_marks_impossible_cells(void **state) {
    (void)state;
    double grid[9];
    for (int j = 0; j < 9; j++) {
        grid[j] = 5.0 * j;
    }
    static double pa[11 * 9], ex[11 * 9];
    static int32_t ok[11 * 9];
    const double T = 38.86;
    assert_status(
        clv_frequency_recency_matrix(&bgnbd_fit, 10, grid, 9, T, 39.0, NULL, pa, ex, ok), CLV_OK);
    clv_bgnbd_params q = {0.2425945, 4.4136019, 0.7929199, 2.4258881};
    int impossible = 0;
    for (int x = 0; x <= 10; x++) {
        for (int j = 0; j < 9; j++) {
            int c = x * 9 + j;
            int want = !(x == 0 && grid[j] > 0) && grid[j] <= T;
            assert_int_equal(ok[c], want);
            if (!want) {
                impossible++;
                assert_true(pa[c] == 0.0 && ex[c] == 0.0);
                continue;
            }
            double a, e;
            assert_status(clv_bgnbd_p_alive(&q, x, grid[j], T, &a), CLV_OK);
            assert_status(clv_bgnbd_expected_purchases(&q, x, grid[j], T, 39.0, &e), CLV_OK);
            assert_true(pa[c] == a && ex[c] == e);
        }
    }
    assert_int_equal(impossible, 8 + 10); /* x = 0 row but t_x = 0; t_x = 40 column */
    /* BG/BB, n = 6: x = 0..6, t_x = 0..6. */
    const double og[7] = {0, 1, 2, 3, 4, 5, 6};
    double bp[49];
    int32_t bok[49];
    assert_status(clv_frequency_recency_matrix(&bgbb_fit, 6, og, 7, 6.0, 5.0, NULL, bp, NULL, bok),
                  CLV_OK);
    int possible = 0;
    for (int x = 0; x <= 6; x++) {
        for (int t = 0; t <= 6; t++) {
            possible += bok[x * 7 + t];
            assert_int_equal(bok[x * 7 + t], (x == 0 && t == 0) || (x >= 1 && x <= t));
        }
    }
    assert_int_equal(possible, 22); /* the 22 patterns of the donations data */
    /* FHS 2010 table 6: P(alive) of (x, t_x) = (6, 6) is 0.93, (2, 4) 0.59 (two decimals),
     * n = 6 here. */
    assert_near(bp[6 * 7 + 6], 0.93, 0.005);
    assert_near(bp[2 * 7 + 4], 0.59, 0.005);
    /* Refusals. */
    double keep[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
    int32_t kok[4] = {7, 7, 7, 7};
    const double badg[2] = {0, NAN};
    assert_status(clv_frequency_recency_matrix(&pnbd, 1, badg, 2, 10.0, 1.0, NULL, keep, NULL,
                                               kok),
                  CLV_EDOM);
    assert_status(clv_frequency_recency_matrix(&pnbd, 1, og, 2, 10.0, 1.0, NULL, NULL, NULL, kok),
                  CLV_EINVAL);
    assert_status(clv_frequency_recency_matrix(&bgbb_fit, 1, og, 2, 6.5, 1.0, NULL, keep, NULL,
                                               kok),
                  CLV_EDOM);
    assert_status(clv_frequency_recency_matrix(&pnbd, 1, og, 2, 10.0, -1.0, NULL, keep, NULL,
                                               kok),
                  CLV_EDOM);
    assert_all(keep, 4, SENTINEL);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(kok[i], 7);
    }
}

/* clv_constant() knows the new names; the options' defaults. */
static void test_constants_and_options(void **state) {
    (void)state;
    double v;
    assert_status(clv_constant("CLV_CHECK_MAX_BINS", &v), CLV_OK);
    assert_true(v == CLV_CHECK_MAX_BINS);
    assert_status(clv_constant("CLV_RULE_TOO_FEW_BINS", &v), CLV_OK);
    assert_true(v == CLV_RULE_TOO_FEW_BINS);
    assert_status(clv_constant("CLV_FIELD_HORIZON", &v), CLV_OK);
    assert_true(v == CLV_FIELD_HORIZON);
    clv_check_options o;
    assert_status(clv_check_options_init(&o), CLV_OK);
    assert_true(o.struct_size == sizeof o && o.min_expected == 5.0 && o.diag == NULL);
    assert_status(clv_check_options_init(NULL), CLV_EINVAL);
    /* A newer caller's larger struct with a zero tail is accepted, a nonzero tail is not. */
    struct {
        clv_check_options o;
        uint64_t extra;
    } big;
    memset(&big, 0, sizeof big);
    clv_check_options_init(&big.o);
    big.o.struct_size = sizeof big;
    clv_chi_square_result r;
    const double e[6] = {50, 20, 6, 3, 2, 1}, ob[6] = {45, 25, 8, 2, 1, 1};
    assert_status(clv_chi_square_test(e, ob, 6, 1, &big.o, &r, NULL), CLV_OK);
    big.extra = 1;
    assert_status(clv_chi_square_test(e, ob, 6, 1, &big.o, &r, NULL), CLV_ESTRUCT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chi_square_p_value_matches_mpmath),
        cmocka_unit_test(test_chi_square_merging_rule_by_hand),
        cmocka_unit_test(test_histogram_cdnow_matches_mpmath),
        cmocka_unit_test(test_histogram_bgbb_donations_published),
        cmocka_unit_test(test_histogram_weights_and_order_are_brute_force),
        cmocka_unit_test(test_histogram_refusals_leave_outputs_untouched),
        cmocka_unit_test(test_conditional_by_frequency_cdnow_matches_mpmath),
        cmocka_unit_test(test_conditional_bgbb_donations_published),
        cmocka_unit_test(test_conditional_by_recency_is_brute_force),
        cmocka_unit_test(test_tracking_one_customer_is_published_expected_purchases),
        cmocka_unit_test(test_tracking_cdnow_matches_mpmath),
        cmocka_unit_test(test_tracking_every_model_is_brute_force),
        cmocka_unit_test(test_tracking_refusals),
        cmocka_unit_test(test_tracking_actual_cdnow_is_brute_force),
        cmocka_unit_test(test_holdout_accuracy_by_hand),
        cmocka_unit_test(test_calibration_table_bins),
        cmocka_unit_test(test_information_criteria_cdnow),
        cmocka_unit_test(test_likelihood_ratio_test),
        cmocka_unit_test(test_matrix_marks_impossible_cells),
        cmocka_unit_test(test_constants_and_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
