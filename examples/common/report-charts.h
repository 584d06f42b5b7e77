/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * report-charts: the value side of clv-report (its --plots DIR and the concentration lines of
 * the report). Pure computations on the customers' values -- concentration (top-k% shares,
 * Gini, the Lorenz curve), the histogram's bins, the value tiers -- and the three charts drawn
 * from them with common/svgplot.c:
 *   value-distribution.svg   customers per value bin (log-spaced bins when the values are skewed)
 *   value-concentration.svg  the Lorenz curve with the line of equality, top 1/5/10/20% marked
 *   value-tiers.svg          customers per value tier (report_tier_names, relative to the mean)
 * Values are in the log's currency units (US$ for the bundled CDNOW sample).
 */
#ifndef REPORT_CHARTS_H
#define REPORT_CHARTS_H

#include <stddef.h>
#include <stdio.h>

/* The top groups of the concentration: the highest-valued 1, 5, 10 and 20 % of customers. */
#define REPORT_TOP_GROUPS 4
extern const unsigned report_top_percent[REPORT_TOP_GROUPS];

typedef struct report_concentration {
    size_t n;                            /* customers */
    double total;                        /* sum of their values */
    size_t top_count[REPORT_TOP_GROUPS]; /* ceil(percent x n / 100), at least 1 */
    double top_share[REPORT_TOP_GROUPS]; /* share of total held by them, 0..1 */
    double gini;                         /* Gini coefficient, 0 (equal) .. (n - 1) / n */
} report_concentration;

/* Concentration of n values (all finite and >= 0, their sum > 0). sorted: n doubles of the
 * caller's, filled with the values in ascending order (for report_lorenz()). Returns 0, or -1
 * when the values do not qualify (nothing written to c). */
int report_concentration_of(const double *value, size_t n, double *sorted, report_concentration *c);

/* The Lorenz curve of ascending values sorted[0..n-1] at m + 1 points k = 0..m: x[k] the share
 * of customers (the poorest round(k n / m)), y[k] the share of the total they hold, both in %. */
void report_lorenz(const double *sorted, size_t n, size_t m, double *x, double *y);

/* The histogram of customer value. Log-spaced bins, 4 a decade with edges at 10^(j/4), when
 * the values are skewed: sample skewness > 2 and the largest positive value over 100 times the
 * smallest. They span from the smallest positive value, or REPORT_LOG_DECADES decades below the
 * largest if that is higher (a few near-zero values would stretch the axis), to the largest;
 * the values under the first edge, those <= 0 included, are counted in below, outside the bins.
 * Otherwise REPORT_LINEAR_BINS equal bins from min(0, smallest) to the largest value, and
 * below is 0. A value on an inner edge falls in the bin above it; the largest in the last. */
#define REPORT_MAX_BINS 48
#define REPORT_LINEAR_BINS 20
#define REPORT_LOG_DECADES 4
typedef struct report_histogram {
    int log_scale;
    size_t bins;
    double edge[REPORT_MAX_BINS + 1];
    double count[REPORT_MAX_BINS];
    size_t below;
} report_histogram;

/* Returns 0, or -1 when n is 0 or a value is not finite. */
int report_histogram_of(const double *value, size_t n, report_histogram *h);

/* Value tiers, by a customer's value v against the mean value m:
 *   "dormant" v < 0.1 m, "low" 0.1 m <= v < 0.5 m, "middle" 0.5 m <= v < 2 m,
 *   "high" 2 m <= v < 5 m, "top" v >= 5 m. */
#define REPORT_TIERS 5
extern const char *const report_tier_names[REPORT_TIERS];
extern const double report_tier_lower[REPORT_TIERS]; /* lower bounds, times the mean */

/* Customers per tier (count[REPORT_TIERS]) of n values with mean > 0; -1 otherwise. */
int report_tiers_of(const double *value, size_t n, double count[REPORT_TIERS]);

/* Print the concentration lines of the report ("Value concentration ...") on out. */
void report_print_concentration(FILE *out, const report_concentration *c, const char *currency);

/* Write the three charts into dir and print what was written and the numbers plotted on msg;
 * currency names the unit of the values ("US$", "currency units"). Returns 0, or -1 with a
 * message on stderr. */
int report_value_charts(const char *dir, const double *value, size_t n, const char *currency,
                        FILE *msg);

/* "YYYY-MM-DD" of a day number (days since 1970-01-01), for axis labels. */
void report_date(double day, char out[11]);

#endif /* REPORT_CHARTS_H */
