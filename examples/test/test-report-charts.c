/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for examples/common/report-charts.c, the computations behind clv-report's value charts: the
 * concentration (top-k% shares, Gini), the Lorenz curve, the histogram's bins and the value
 * tiers, against tests/oracles/concentration_oracles.txt (numpy and math.fsum in
 * tests/oracles/concentration_oracles.py: Gini over all n^2 pairs, not the sorted form used
 * here), and properties of the curve. Run from the source root (examples/meson.build).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first. */
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-charts.h"

#define ORACLES "tests/oracles/concentration_oracles.txt"
#define MAX_CASE 1000

typedef struct oracle_case {
    char name[32];
    size_t n;
    double v[MAX_CASE];
    double total, gini, top[REPORT_TOP_GROUPS], count[REPORT_TOP_GROUPS], tier[REPORT_TIERS];
    double bin[REPORT_MAX_BINS], below, log_scale;
    size_t bins;
} oracle_case;

/* The next case of the file, 1; 0 at its end. */
static int next_case(FILE *f, oracle_case *c) {
    char line[256];
    memset(c, 0, sizeof *c);
    if (fscanf(f, " case %31s %zu", c->name, &c->n) != 2) {
        return 0;
    }
    assert_true(c->n <= MAX_CASE);
    for (size_t i = 0; i < c->n; i++) {
        assert_int_equal(fscanf(f, "%lf", &c->v[i]), 1);
    }
    while (fscanf(f, " %255[^\n]", line) == 1 && strcmp(line, "end") != 0) {
        char key[32];
        double value;
        assert_int_equal(sscanf(line, "%31s = %lf", key, &value), 2);
        unsigned k;
        if (strcmp(key, "total") == 0) {
            c->total = value;
        } else if (strcmp(key, "gini") == 0) {
            c->gini = value;
        } else if (strcmp(key, "log_scale") == 0) {
            c->log_scale = value;
        } else if (strcmp(key, "below") == 0) {
            c->below = value;
        } else if (sscanf(key, "bin%u", &k) == 1 && k < REPORT_MAX_BINS) {
            c->bin[k] = value;
            c->bins = k + 1 > c->bins ? k + 1 : c->bins;
        } else if (sscanf(key, "tier%u", &k) == 1 && k < REPORT_TIERS) {
            c->tier[k] = value;
        } else {
            int found = 0;
            for (size_t g = 0; g < REPORT_TOP_GROUPS; g++) {
                char name[32];
                snprintf(name, sizeof name, "top%u", report_top_percent[g]);
                if (strcmp(key, name) == 0) {
                    c->top[g] = value;
                    found = 1;
                }
                snprintf(name, sizeof name, "count%u", report_top_percent[g]);
                if (strcmp(key, name) == 0) {
                    c->count[g] = value;
                    found = 1;
                }
            }
            if (!found) {
                fail_msg("unknown oracle key %s", key);
            }
        }
    }
    return 1;
}

static FILE *open_oracles(void) {
    FILE *f = fopen(ORACLES, "r");
    if (f == NULL) {
        fail_msg("cannot open %s (run from the source root)", ORACLES);
    }
    return f;
}

static void near(double got, double want, double tol, const char *what, const char *name) {
    if (!(fabs(got - want) <= tol)) {
        fail_msg("%s of case %s: %.17g, expected %.17g (tolerance %g)", what, name, got, want, tol);
    }
}

static void test_concentration_matches_numpy(void **state) {
    (void)state;
    FILE *f = open_oracles();
    static oracle_case c;
    static double sorted[MAX_CASE];
    int cases = 0;
    while (next_case(f, &c)) {
        report_concentration r;
        assert_int_equal(report_concentration_of(c.v, c.n, sorted, &r), 0);
        assert_int_equal(r.n, c.n);
        near(r.total, c.total, 1e-13 * c.total, "total", c.name);
        /* The sorted form sums n terms of either sign: a few ulps of the total each. */
        near(r.gini, c.gini, 1e-12, "Gini", c.name);
        for (size_t g = 0; g < REPORT_TOP_GROUPS; g++) {
            near((double)r.top_count[g], c.count[g], 0.0, "top count", c.name);
            near(r.top_share[g], c.top[g], 1e-13, "top share", c.name);
        }
        for (size_t i = 1; i < c.n; i++) {
            assert_true(sorted[i - 1] <= sorted[i]);
        }
        cases++;
    }
    fclose(f);
    assert_int_equal(cases, 6);
}

/* The Gini coefficient is one minus twice the area under the Lorenz curve (trapezoids over all
 * n + 1 points); the curve runs from (0, 0) to (100, 100), rises and is convex. */
static void test_lorenz_area_gives_gini_and_curve_is_convex(void **state) {
    (void)state;
    FILE *f = open_oracles();
    static oracle_case c;
    static double sorted[MAX_CASE], x[MAX_CASE + 1], y[MAX_CASE + 1];
    while (next_case(f, &c)) {
        report_concentration r;
        assert_int_equal(report_concentration_of(c.v, c.n, sorted, &r), 0);
        report_lorenz(sorted, c.n, c.n, x, y);
        double area = 0.0;
        for (size_t k = 1; k <= c.n; k++) {
            area += (x[k] - x[k - 1]) * (y[k] + y[k - 1]) / 2.0 / 1e4;
        }
        near(1.0 - 2.0 * area, c.gini, 1e-12, "1 - 2 x Lorenz area", c.name);
        size_t m = c.n < 200 ? c.n : 200;
        report_lorenz(sorted, c.n, m, x, y);
        near(x[0], 0.0, 0.0, "Lorenz x[0]", c.name);
        near(y[0], 0.0, 0.0, "Lorenz y[0]", c.name);
        near(x[m], 100.0, 0.0, "Lorenz x[m]", c.name);
        near(y[m], 100.0, 0.0, "Lorenz y[m]", c.name);
        for (size_t k = 1; k <= m; k++) {
            assert_true(x[k] > x[k - 1] && y[k] >= y[k - 1] - 1e-12);
            assert_true(y[k] <= x[k] + 1e-9); /* under the line of equality */
        }
    }
    fclose(f);
}

static void test_histogram_and_tiers_match_numpy(void **state) {
    (void)state;
    FILE *f = open_oracles();
    static oracle_case c;
    while (next_case(f, &c)) {
        report_histogram h;
        double tiers[REPORT_TIERS];
        assert_int_equal(report_histogram_of(c.v, c.n, &h), 0);
        near(h.log_scale, c.log_scale, 0.0, "log scale", c.name);
        near((double)h.bins, (double)c.bins, 0.0, "bins", c.name);
        near((double)h.below, c.below, 0.0, "below the bins", c.name);
        double sum = (double)h.below;
        for (size_t j = 0; j < h.bins; j++) {
            near(h.count[j], c.bin[j], 0.0, "bin count", c.name);
            assert_true(h.edge[j] < h.edge[j + 1]);
            sum += h.count[j];
        }
        near(sum, (double)c.n, 0.0, "customers in the bins and below", c.name);
        if (h.log_scale) {
            /* 4 bins a decade, and no more than REPORT_LOG_DECADES below the largest value. */
            near(log10(h.edge[1] / h.edge[0]), 0.25, 1e-12, "log bin width", c.name);
            double largest = 0.0;
            for (size_t i = 0; i < c.n; i++) {
                largest = fmax(largest, c.v[i]);
            }
            assert_true(h.edge[0] >= largest * 1e-4 / 1.7783);
        }
        assert_int_equal(report_tiers_of(c.v, c.n, tiers), 0);
        for (size_t t = 0; t < REPORT_TIERS; t++) {
            near(tiers[t], c.tier[t], 0.0, "tier count", c.name);
        }
    }
    fclose(f);
}

static void test_values_that_do_not_qualify_are_refused(void **state) {
    (void)state;
    double sorted[4];
    report_concentration r;
    report_histogram h;
    double tiers[REPORT_TIERS];
    const double negative[3] = {1.0, -2.0, 3.0}, zeros[3] = {0.0, 0.0, 0.0};
    const double nan[2] = {1.0, NAN}, inf[2] = {INFINITY, 1.0};
    assert_int_equal(report_concentration_of(negative, 0, sorted, &r), -1);
    assert_int_equal(report_concentration_of(negative, 3, sorted, &r), -1);
    assert_int_equal(report_concentration_of(zeros, 3, sorted, &r), -1);
    assert_int_equal(report_concentration_of(nan, 2, sorted, &r), -1);
    assert_int_equal(report_concentration_of(inf, 2, sorted, &r), -1);
    assert_int_equal(report_histogram_of(nan, 2, &h), -1);
    assert_int_equal(report_histogram_of(inf, 0, &h), -1);
    assert_int_equal(report_tiers_of(zeros, 3, tiers), -1);
    assert_int_equal(report_tiers_of(zeros, 0, tiers), -1);
    /* Zeros and negatives are values of a histogram all the same: linear bins from the least. */
    assert_int_equal(report_histogram_of(negative, 3, &h), 0);
    assert_int_equal(h.log_scale, 0);
    near(h.edge[0], -2.0, 0.0, "first edge", "negative");
    near(h.edge[h.bins], 3.0, 0.0, "last edge", "negative");
    near(h.count[0] + h.count[h.bins - 1], 2.0, 0.0, "end bins", "negative");
}

static void test_report_date_inverts_the_calendar(void **state) {
    (void)state;
    char s[11];
    report_date(0.0, s);
    assert_string_equal(s, "1970-01-01");
    report_date(9862.0, s); /* 1997-01-01: 27 years of 365 days and 7 leap days */
    assert_string_equal(s, "1997-01-01");
    report_date(11016.0, s); /* 2000-02-29, a leap day of a year divisible by 400 */
    assert_string_equal(s, "2000-02-29");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concentration_matches_numpy),
        cmocka_unit_test(test_lorenz_area_gives_gini_and_curve_is_convex),
        cmocka_unit_test(test_histogram_and_tiers_match_numpy),
        cmocka_unit_test(test_values_that_do_not_qualify_are_refused),
        cmocka_unit_test(test_report_date_inverts_the_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
