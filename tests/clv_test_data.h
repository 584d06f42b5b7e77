/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Shared by the model tests: the CDNOW calibration summary of tests/data and the oracle files
 * of tests/oracles. Tests run with tests/ as their working directory (tests/meson.build).
 */
#ifndef CLV_TEST_DATA_H
#define CLV_TEST_DATA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"
#include "clv_test.h"

/* tests/data/cdnow_customers_summary_with_transactions.csv: 2,357 customers of the CDNOW 1/10
 * sample, 39-week calibration, weeks (source: tests/data/README.md). */
#define CDNOW_N 2357

typedef struct cdnow_data {
    double x[CDNOW_N];
    double t_x[CDNOW_N];
    double T[CDNOW_N];
    double zbar[CDNOW_N];
} cdnow_data;

/* The CDNOW table as a view; with_monetary selects whether zbar is its monetary column. */
static inline clv_rfm_view cdnow_view(int with_monetary) {
    static cdnow_data d;
    static int loaded = 0;
    if (!loaded) {
        FILE *f = fopen("data/cdnow_customers_summary_with_transactions.csv", "r");
        char line[256];
        size_t n = 0;
        assert_non_null(f);
        assert_non_null(fgets(line, sizeof line, f)); /* header ID,x,t_x,T,zbar */
        while (n < CDNOW_N && fgets(line, sizeof line, f) != NULL) {
            int id;
            assert_int_equal(
                sscanf(line, "%d,%lf,%lf,%lf,%lf", &id, &d.x[n], &d.t_x[n], &d.T[n], &d.zbar[n]),
                5);
            n++;
        }
        fclose(f);
        assert_int_equal(n, CDNOW_N);
        loaded = 1;
    }
    clv_rfm_view v = {CDNOW_N, d.x, d.t_x, d.T, with_monetary ? d.zbar : NULL, NULL};
    return v;
}

/* A value from an oracle file of "name = value" lines (tests/oracles/<file>). */
static inline double oracle_value(const char *file, const char *name) {
    char path[256];
    char line[256];
    size_t len = strlen(name);
    snprintf(path, sizeof path, "oracles/%s", file);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, name, len) == 0 && strncmp(line + len, " = ", 3) == 0) {
            fclose(f);
            return strtod(line + len + 3, NULL);
        }
    }
    fclose(f);
    fail_msg("oracle %s not found in %s", name, path);
    return NAN;
}

#endif /* CLV_TEST_DATA_H */
