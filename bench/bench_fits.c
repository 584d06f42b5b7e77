/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the small fits of issue 3's speed table: Gamma-Gamma on CDNOW's 946 repeat
 * customers and BG/BB on the donations data (22 weighted patterns), median of 7 runs, with
 * the iterations and evaluations each took.
 *
 *   bench_fits [cdnow_customers_summary_with_transactions.csv] [donations.csv]
 */
#include <stdio.h>

#include "bench_common.h"
#include "clv.h"

#define DONATION_PATTERNS 22

static double cd_x[BENCH_CDNOW_N], cd_tx[BENCH_CDNOW_N], cd_T[BENCH_CDNOW_N],
    cd_m[BENCH_CDNOW_N];
static double dn_x[DONATION_PATTERNS], dn_tx[DONATION_PATTERNS], dn_n[DONATION_PATTERNS],
    dn_w[DONATION_PATTERNS];

/* CDNOW rows with x > 0 (the spend model's customers), moved to the front: returns how many,
 * or 0. */
static size_t load_repeat_customers(const char *path) {
    if (bench_load_cdnow_spend(path, cd_x, cd_tx, cd_T, cd_m) < 0) {
        return 0;
    }
    size_t n = 0;
    for (size_t i = 0; i < BENCH_CDNOW_N; i++) {
        if (cd_x[i] > 0.0) {
            cd_x[n] = cd_x[i], cd_tx[n] = cd_tx[i], cd_T[n] = cd_T[i], cd_m[n] = cd_m[i];
            n++;
        }
    }
    return n;
}

static int load_donations(const char *path) {
    FILE *f = fopen(path, "r");
    char line[128];
    int k = 0;
    if (f == NULL || fgets(line, sizeof line, f) == NULL) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    while (k < DONATION_PATTERNS && fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "%lf,%lf,%lf,%lf", &dn_x[k], &dn_tx[k], &dn_n[k], &dn_w[k]) == 4) {
            k++;
        }
    }
    fclose(f);
    return (k == DONATION_PATTERNS) ? 0 : -1;
}

int main(int argc, char **argv) {
    const char *cdnow =
        (argc > 1) ? argv[1] : "tests/data/cdnow_customers_summary_with_transactions.csv";
    const char *donations = (argc > 2) ? argv[2] : "tests/data/donations.csv";
    size_t repeat = load_repeat_customers(cdnow);
    if (repeat == 0 || load_donations(donations) != 0) {
        return 1;
    }
    double s[BENCH_REPEATS];
    clv_fit_report r;
    printf("libclv %s small fits, median of %d runs\n", clv_version_string(), BENCH_REPEATS);

    clv_rfm_view gv = {repeat, cd_x, cd_tx, cd_T, cd_m, NULL};
    clv_gg_params gp;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        if (clv_gg_fit(&gv, NULL, &gp, &r) != CLV_OK) {
            fprintf(stderr, "Gamma-Gamma fit failed\n");
            return 1;
        }
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.1f us  (%zu customers, %u iterations, %u evaluations)\n",
           "Gamma-Gamma fit, CDNOW repeat customers", 1e6 * bench_median(s, BENCH_REPEATS),
           repeat, r.iterations, r.evaluations);

    clv_rfm_view bv = {DONATION_PATTERNS, dn_x, dn_tx, dn_n, NULL, dn_w};
    clv_bgbb_params bp;
    for (int k = 0; k < BENCH_REPEATS; k++) {
        double t0 = bench_now();
        if (clv_bgbb_fit(&bv, NULL, &bp, &r) != CLV_OK) {
            fprintf(stderr, "BG/BB fit failed\n");
            return 1;
        }
        s[k] = bench_now() - t0;
    }
    printf("%-48s %10.1f us  (%d patterns, %u iterations, %u evaluations)\n",
           "BG/BB fit, donations", 1e6 * bench_median(s, BENCH_REPEATS), DONATION_PATTERNS,
           r.iterations, r.evaluations);
    return 0;
}
