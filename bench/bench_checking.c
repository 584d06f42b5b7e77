/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of model checking (issue 14): the tracking series of 2.357 million customers (CDNOW
 * replicated 1,000 times) over 78 weeks, and the full diagnostic set on CDNOW -- histogram and
 * chi-square, conditional expectations by frequency and by recency, tracking, holdout accuracy,
 * calibration table, AIC/BIC and a likelihood-ratio test, and a 21 x 40 P(alive) and
 * expected-purchases matrix. Issue 14's targets: under 1 s and under 50 ms. Figures printed,
 * nothing asserted.
 *
 *   bench_checking [cdnow_customers_summary_with_transactions.csv]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_common.h"
#include "clv.h"

#define COPIES 1000
#define BIG (BENCH_CDNOW_N * COPIES)
#define WEEKS 78

static double x[BENCH_CDNOW_N], t_x[BENCH_CDNOW_N], T[BENCH_CDNOW_N];
static double birth[BENCH_CDNOW_N], holdout[BENCH_CDNOW_N], pred[BENCH_CDNOW_N];
static double big_birth[BIG];
static double times[WEEKS], cum[WEEKS], inc[WEEKS];

static int by_value(const void *a, const void *b) {
    double u = *(const double *)a, v = *(const double *)b;
    return (u > v) - (u < v);
}

static void must(int st, const char *what) {
    if (st != CLV_OK) {
        fprintf(stderr, "bench_checking: %s failed: %s\n", what, clv_strerror(st));
        exit(1);
    }
}

/* Median seconds of one call of the block over BENCH_REPEATS runs. */
#define TIME_ONCE(var, body)                                                                       \
    do {                                                                                           \
        double s_[BENCH_REPEATS];                                                                  \
        for (int k_ = 0; k_ < BENCH_REPEATS; k_++) {                                               \
            double t0_ = bench_now();                                                              \
            body;                                                                                  \
            s_[k_] = bench_now() - t0_;                                                            \
        }                                                                                          \
        var = bench_median(s_, BENCH_REPEATS);                                                     \
    } while (0)

int main(int argc, char **argv) {
    const char *path =
        argc > 1 ? argv[1] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    if (bench_load_cdnow(path, x, t_x, T) != 0) {
        return 1;
    }
    clv_rfm_view v = {BENCH_CDNOW_N, x, t_x, T, NULL, NULL};
    clv_bgnbd_params p;
    clv_fit_report rep;
    must(clv_bgnbd_fit(&v, NULL, &p, &rep), "fit");
    clv_purchase_model m = {CLV_MODEL_BGNBD, 0, {p.r, p.alpha, p.a, p.b}};
    /* First purchase in weeks after 1997-01-01: the calibration ends at day 272, and T is in
     * weeks to 2 decimals, so the day is 272 - 7 T rounded. */
    for (int i = 0; i < BENCH_CDNOW_N; i++) {
        birth[i] = round(272.0 - 7.0 * T[i]) / 7.0;
        holdout[i] = x[i] * 0.8; /* a stand-in: the times do not depend on the values */
    }
    qsort(birth, BENCH_CDNOW_N, sizeof birth[0], by_value);
    for (int j = 0; j < WEEKS; j++) {
        times[j] = j + 1.0;
    }
    size_t distinct = 1;
    for (int i = 1; i < BENCH_CDNOW_N; i++) {
        distinct += birth[i] != birth[i - 1];
    }

    /* 1. Tracking at scale. */
    for (int c = 0; c < COPIES; c++) {
        for (int i = 0; i < BENCH_CDNOW_N; i++) {
            big_birth[(size_t)i * COPIES + (size_t)c] = birth[i]; /* stays sorted */
        }
    }
    double s;
    TIME_ONCE(s, must(clv_tracking_expected(&m, big_birth, NULL, BIG, times, WEEKS, NULL, cum,
                                            inc),
                      "tracking"));
    printf("tracking, %d customers (%zu birth times) x %d weeks: %.1f ms (week 78: %.0f)\n", BIG,
           distinct, WEEKS, 1e3 * s, cum[WEEKS - 1]);
    /* Worst case: every birth time distinct (one evaluation per customer and week), on a
     * tenth of CDNOW, timed once. */
    static double spread[BENCH_CDNOW_N];
    for (int i = 0; i < BENCH_CDNOW_N; i++) {
        spread[i] = birth[i] + 1e-6 * i;
    }
    qsort(spread, BENCH_CDNOW_N, sizeof spread[0], by_value);
    double t0 = bench_now();
    must(clv_tracking_expected(&m, spread, NULL, BENCH_CDNOW_N / 10, times, WEEKS, NULL, cum,
                               NULL),
         "tracking, distinct");
    s = bench_now() - t0;
    printf("tracking, %d distinct birth times x %d weeks: %.1f ms (%.0f ns an evaluation)\n",
           BENCH_CDNOW_N / 10, WEEKS, 1e3 * s, 1e9 * s / (BENCH_CDNOW_N / 10 * (double)WEEKS));

    /* 2. The full diagnostic set on CDNOW. */
    double expected[8], actual[8], count[8], ma[8], mp[8], rc[4], ra[4], rp[4];
    double edges[5] = {0, 1, 10, 25, 39};
    double be[11], bc[10], bp[10], ba[10];
    static double pa[21 * 40], ex[21 * 40];
    static int32_t ok[21 * 40];
    double grid[40];
    for (int j = 0; j < 40; j++) {
        grid[j] = j;
    }
    clv_chi_square_result chi;
    clv_accuracy acc;
    double aic, bic, lr, lp, t_hist, t_cond, t_rec, t_track, t_acc, t_cal, t_mat, t_all;
    TIME_ONCE(t_hist, {
        must(clv_frequency_histogram(&m, &v, 7, NULL, expected, actual), "histogram");
        must(clv_chi_square_test(expected, actual, 8, 4, NULL, &chi, NULL), "chi-square");
    });
    TIME_ONCE(t_cond, must(clv_conditional_by_frequency(&m, &v, holdout, 39.0, 7, NULL, count, ma,
                                                        mp),
                           "conditional"));
    TIME_ONCE(t_rec, must(clv_conditional_by_recency(&m, &v, holdout, 39.0, edges, 4, NULL, rc, ra,
                                                     rp),
                          "recency"));
    TIME_ONCE(t_track, must(clv_tracking_expected(&m, birth, NULL, BENCH_CDNOW_N, times, WEEKS,
                                                  NULL, cum, inc),
                            "tracking"));
    must(clv_expected_purchases_rows(&m, &v, 39.0, pred, NULL), "predictions");
    TIME_ONCE(t_acc, {
        must(clv_holdout_accuracy(pred, holdout, NULL, BENCH_CDNOW_N, NULL, &acc), "accuracy");
        must(clv_information_criteria(&rep, BENCH_CDNOW_N, &aic, &bic), "aic");
        must(clv_likelihood_ratio_test(rep.loglik - 3.0, rep.loglik, 4.0, &lr, &lp), "lr");
    });
    TIME_ONCE(t_cal, must(clv_calibration_table(pred, holdout, NULL, BENCH_CDNOW_N, NULL, 10, NULL,
                                                be, bc, bp, ba),
                          "calibration"));
    TIME_ONCE(t_mat, must(clv_frequency_recency_matrix(&m, 20, grid, 40, 38.86, 39.0, NULL, pa, ex,
                                                       ok),
                          "matrix"));
    t_all = t_hist + t_cond + t_rec + t_track + t_acc + t_cal + t_mat;
    printf("CDNOW (%d customers), BG/NBD, median of %d runs:\n", BENCH_CDNOW_N, BENCH_REPEATS);
    printf("  histogram 0..6, 7+ and chi-square     %8.3f ms  (chi2 %.2f, df %.0f, p %.3f)\n",
           1e3 * t_hist, chi.statistic, chi.df, chi.p_value);
    printf("  conditional by frequency              %8.3f ms\n", 1e3 * t_cond);
    printf("  conditional by recency (4 bins)       %8.3f ms\n", 1e3 * t_rec);
    printf("  tracking, 78 weeks                    %8.3f ms\n", 1e3 * t_track);
    printf("  accuracy, AIC/BIC, LR test            %8.3f ms  (AIC %.1f, BIC %.1f)\n",
           1e3 * t_acc, aic, bic);
    printf("  calibration table, 10 quantile bins   %8.3f ms\n", 1e3 * t_cal);
    printf("  P(alive) and E[X(39)] matrix, 21 x 40 %8.3f ms\n", 1e3 * t_mat);
    printf("  full diagnostic set                   %8.3f ms (target 50 ms)\n", 1e3 * t_all);
    return 0;
}
