/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * clv_customer_value() (lib/clv/customer_value.c) on the mpmath grid of
 * tests/oracles/grid_value.py (grid_value.txt; issue 13): BG/NBD, MBG/NBD, Pareto/NBD and BG/BB,
 * parameters 1e-3, 1e3 and published fits, horizons {1, 12, 1000, 1e4, 1e6, infinity} and
 * discounts {0, 1e-12, 1e-8, 1e-3, 0.01, 0.1} per period (margin 1, spend 1). Every value in the
 * file is the period-by-period sum of the models' closed-form expectations and was kept only
 * where an independent quadrature over the posterior dropout law agreed with it to 1e-14; each
 * case passes when the call returns CLV_OK within 1e-9 relative. grid_value_bg.txt
 * (tests/oracles/grid_value_bg.py) adds BG/NBD and MBG/NBD at 1000 and 1e4 periods and long
 * horizons at discounts below 10%: the period sum with mpmath's hyp2f1, or a quadrature over
 * the dropout probability of a tail-bounded period sum.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv_test.h"

#include "clv.h"

#define GRID_FILE "oracles/grid_value.txt"
#define GRID_BG_FILE "oracles/grid_value_bg.txt" /* BG/NBD, MBG/NBD long horizons */
#define REL_TOL 1e-9

static const int32_t model_ids[4] = {CLV_MODEL_BGNBD, CLV_MODEL_MBGNBD, CLV_MODEL_PNBD,
                                     CLV_MODEL_BGBB};

/* Every case of one grid file; the counts by model and of infinite horizons. */
static void check_grid(const char *path, int per_model[4], int *infinite_out) {
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[512];
    int line = 0, cases = 0, wrong = 0, spurious = 0, infinite = 0;
    double worst = 0.0;
    int worst_line = 0;
    while (fgets(buf, sizeof buf, f) != NULL) {
        line++;
        if (buf[0] == '#') {
            continue;
        }
        int model;
        double th[4], x, t_x, T, period, discount, horizon, exact;
        int got = sscanf(buf, "%d %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", &model, &th[0],
                         &th[1], &th[2], &th[3], &x, &t_x, &T, &period, &discount, &horizon,
                         &exact);
        assert_int_equal(got, 12);
        assert_true(model >= 0 && model < 4);
        cases++;
        per_model[model]++;
        clv_purchase_model m = {model_ids[model], 0, {th[0], th[1], th[2], th[3]}};
        clv_value_options o;
        assert_status(clv_value_options_init(&o), CLV_OK);
        o.margin = 1.0;
        o.discount_rate = discount;
        o.period = period;
        if (horizon < 0) {
            o.horizon = INFINITY;
            infinite++;
        } else {
            o.horizon = horizon;
        }
        double v = NAN;
        int st = clv_customer_value(&m, NULL, &o, x, t_x, T, 1.0, &v);
        double rel = fabs(v - exact) / fabs(exact);
        if (st == CLV_OK && isfinite(v) && rel <= REL_TOL) {
            if (rel > worst) {
                worst = rel;
                worst_line = line;
            }
            continue;
        }
        if (st == CLV_OK) {
            wrong++;
        } else {
            spurious++;
        }
        printf("# FAIL line %d: model %d status %d value %.17g exact %.17g (rel %.3g)\n", line,
               model, st, v, exact, rel);
    }
    fclose(f);
    printf("# %s: %d cases (%d BG/NBD, %d MBG/NBD, %d Pareto/NBD, %d BG/BB; %d infinite "
           "horizons), %d wrong with CLV_OK, %d error statuses; worst relative error %.3g "
           "(line %d)\n",
           path, cases, per_model[0], per_model[1], per_model[2], per_model[3], infinite, wrong,
           spurious, worst, worst_line);
    *infinite_out = infinite;
    assert_int_equal(wrong + spurious, 0);
}

static void test_grid_value_matches_mpmath_oracles(void **state) {
    (void)state;
    int per_model[4] = {0, 0, 0, 0}, infinite = 0;
    check_grid(GRID_FILE, per_model, &infinite);
    assert_true(per_model[0] > 0 && per_model[1] > 0 && per_model[2] > 0 && per_model[3] > 0);
    assert_true(infinite > 0);
}

/* grid_value_bg.py: BG/NBD and MBG/NBD at 1000 and 1e4 periods and long horizons at small
 * discounts, where grid_value.py's oracle was too slow (issues 13 and 21). */
static void test_grid_value_bg_long_horizons_match_mpmath(void **state) {
    (void)state;
    int per_model[4] = {0, 0, 0, 0}, infinite = 0;
    check_grid(GRID_BG_FILE, per_model, &infinite);
    assert_true(per_model[0] > 0 && per_model[1] > 0);
    assert_int_equal(per_model[2] + per_model[3], 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_value_matches_mpmath_oracles),
        cmocka_unit_test(test_grid_value_bg_long_horizons_match_mpmath),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
