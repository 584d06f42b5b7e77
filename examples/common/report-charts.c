/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * report-charts: the value side of clv-report (see report-charts.h).
 */
#include "report-charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svgplot.h"

const unsigned report_top_percent[REPORT_TOP_GROUPS] = {1, 5, 10, 20};
const char *const report_tier_names[REPORT_TIERS] = {"dormant", "low", "middle", "high", "top"};
const double report_tier_lower[REPORT_TIERS] = {0.0, 0.1, 0.5, 2.0, 5.0};

static int ascending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int report_concentration_of(const double *value, size_t n, double *sorted,
                            report_concentration *c) {
    double total = 0.0;
    if (n == 0) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(value[i]) || value[i] < 0.0) {
            return -1;
        }
        sorted[i] = value[i];
    }
    qsort(sorted, n, sizeof *sorted, ascending);
    /* Sum from the smallest up, and the Gini coefficient as the mean absolute difference over
     * twice the mean, G = sum_i sum_j |v_i - v_j| / (2 n^2 mean) (Gini 1912), in its form on
     * ascending values: G = sum_i (2 i - n - 1) v_(i) / (n sum_i v_(i)), i = 1..n. */
    double weighted = 0.0;
    for (size_t i = 0; i < n; i++) {
        total += sorted[i];
        weighted += (2.0 * (double)(i + 1) - (double)n - 1.0) * sorted[i];
    }
    if (!(total > 0.0) || !isfinite(total)) {
        return -1;
    }
    c->n = n;
    c->total = total;
    c->gini = weighted / ((double)n * total);
    for (size_t g = 0; g < REPORT_TOP_GROUPS; g++) {
        /* ceil(percent n / 100) in integers; at least one customer. */
        size_t k = (report_top_percent[g] * n + 99) / 100;
        double top = 0.0;
        k = k < 1 ? 1 : k;
        for (size_t i = n - k; i < n; i++) {
            top += sorted[i];
        }
        c->top_count[g] = k;
        c->top_share[g] = top / total;
    }
    return 0;
}

void report_lorenz(const double *sorted, size_t n, size_t m, double *x, double *y) {
    double total = 0.0, cumulative = 0.0;
    for (size_t i = 0; i < n; i++) {
        total += sorted[i];
    }
    size_t i = 0;
    for (size_t k = 0; k <= m; k++) {
        size_t upto = (size_t)floor((double)k * (double)n / (double)m + 0.5);
        for (; i < upto; i++) {
            cumulative += sorted[i];
        }
        x[k] = 100.0 * (double)upto / (double)n;
        y[k] = k == m ? 100.0 : 100.0 * cumulative / total;
    }
}

int report_histogram_of(const double *value, size_t n, report_histogram *h) {
    double lo = INFINITY, hi = -INFINITY, pos_lo = INFINITY, mean = 0.0;
    if (n == 0) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(value[i])) {
            return -1;
        }
        lo = fmin(lo, value[i]);
        hi = fmax(hi, value[i]);
        if (value[i] > 0.0) {
            pos_lo = fmin(pos_lo, value[i]);
        }
        mean += value[i] / (double)n;
    }
    /* Sample skewness g1 = m3 / m2^(3/2), the central moments over n. */
    double m2 = 0.0, m3 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = value[i] - mean;
        m2 += d * d / (double)n;
        m3 += d * d * d / (double)n;
    }
    double skew = m2 > 0.0 ? m3 / pow(m2, 1.5) : 0.0;
    memset(h, 0, sizeof *h);
    h->log_scale = skew > 2.0 && hi > 0.0 && hi > 100.0 * pos_lo;
    if (h->log_scale) {
        double from = fmax(pos_lo, hi * pow(10.0, -REPORT_LOG_DECADES));
        double e_lo = floor(4.0 * log10(from)) / 4.0, e_hi = ceil(4.0 * log10(hi)) / 4.0;
        size_t bins = (size_t)((e_hi - e_lo) * 4.0 + 0.5);
        h->bins = bins < 1 ? 1 : bins > REPORT_MAX_BINS ? REPORT_MAX_BINS : bins;
        for (size_t j = 0; j <= h->bins; j++) {
            h->edge[j] = pow(10.0, e_lo + (e_hi - e_lo) * (double)j / (double)h->bins);
        }
    } else {
        lo = fmin(lo, 0.0);
        hi = hi > lo ? hi : lo + 1.0;
        h->bins = REPORT_LINEAR_BINS;
        for (size_t j = 0; j <= h->bins; j++) {
            h->edge[j] = lo + (hi - lo) * (double)j / (double)h->bins;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (h->log_scale && !(value[i] >= h->edge[0])) {
            h->below++;
            continue;
        }
        /* The bin by search over the edges, so that the bins agree with the printed edges. */
        size_t j = 0;
        while (j + 1 < h->bins && value[i] >= h->edge[j + 1]) {
            j++;
        }
        h->count[j] += 1.0;
    }
    return 0;
}

int report_tiers_of(const double *value, size_t n, double count[REPORT_TIERS]) {
    double mean = 0.0;
    if (n == 0) {
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        mean += value[i];
    }
    mean /= (double)n;
    if (!(mean > 0.0) || !isfinite(mean)) {
        return -1;
    }
    for (size_t t = 0; t < REPORT_TIERS; t++) {
        count[t] = 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        size_t t = REPORT_TIERS - 1;
        while (t > 0 && !(value[i] >= report_tier_lower[t] * mean)) {
            t--;
        }
        count[t] += 1.0;
    }
    return 0;
}

void report_print_concentration(FILE *out, const report_concentration *c, const char *currency) {
    fprintf(out, "\nValue concentration (%zu customers, total %.2f %s): Gini %.4f\n", c->n,
            c->total, currency, c->gini);
    for (size_t g = 0; g < REPORT_TOP_GROUPS; g++) {
        fprintf(out, "  top %2u%% (%zu customers) hold %6.2f%% of the value\n",
                report_top_percent[g], c->top_count[g], 100.0 * c->top_share[g]);
    }
}

void report_date(double day, char out[11]) {
    /* Day number -> proleptic Gregorian date, the inverse of clv-report's days_from_civil(). */
    long z = (long)floor(day) + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    /* y within 0..9999 (clamped), m 1..12, d 1..31: ten characters. */
    char buf[48];
    snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y < 0 ? 0 : y > 9999 ? 9999 : y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

/* ---- the charts ---------------------------------------------------------------------------- */

static FILE *open_chart(const char *dir, const char *name, char *path, size_t size) {
    FILE *f = svgplot_open(dir, name, path, size);
    if (f == NULL) {
        fprintf(stderr, "clv-report: cannot write %s/%s\n", dir, name);
    }
    return f;
}

static int close_chart(svgplot *p, FILE *f, const char *path) {
    int bad = svgplot_end(p) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "clv-report: writing %s failed\n", path);
        return -1;
    }
    return 0;
}

static int chart_distribution(const char *dir, const report_histogram *h, size_t n,
                              const char *currency, FILE *msg) {
    double at[REPORT_MAX_BINS], top = 0.0;
    double a = h->log_scale ? log10(h->edge[0]) : h->edge[0];
    double b = h->log_scale ? log10(h->edge[h->bins]) : h->edge[h->bins];
    for (size_t j = 0; j < h->bins; j++) {
        double l = h->log_scale ? log10(h->edge[j]) : h->edge[j];
        double r = h->log_scale ? log10(h->edge[j + 1]) : h->edge[j + 1];
        at[j] = 0.5 * (l + r);
        top = fmax(top, h->count[j]);
    }
    char path[4096], subtitle[200], xlabel[120];
    FILE *f = open_chart(dir, "value-distribution.svg", path, sizeof path);
    if (f == NULL) {
        return -1;
    }
    svgplot p;
    if (h->log_scale) {
        snprintf(subtitle, sizeof subtitle,
                 "%zu customers in log-spaced bins (4 a decade): the values are skewed%s", n,
                 h->below ? "; the few below the first bin left out" : "");
        snprintf(xlabel, sizeof xlabel, "customer value (%s, log scale)", currency);
    } else {
        snprintf(subtitle, sizeof subtitle, "%zu customers in %zu equal bins", n, h->bins);
        snprintf(xlabel, sizeof xlabel, "customer value (%s)", currency);
    }
    svgplot_begin(&p, f, 860, 520, "Distribution of customer value", subtitle, 0);
    if (h->log_scale) {
        /* Ticks at the powers of ten inside the axis, labelled in currency units. */
        double tick_at[SVGPLOT_MAX_TICKS];
        char tick_text[SVGPLOT_MAX_TICKS][24];
        const char *tick_label[SVGPLOT_MAX_TICKS];
        size_t nt = 0;
        for (double e = ceil(a - 1e-9); e <= b + 1e-9 && nt < SVGPLOT_MAX_TICKS; e += 1.0) {
            tick_at[nt] = e;
            snprintf(tick_text[nt], sizeof tick_text[nt], "%g", pow(10.0, e));
            tick_label[nt] = tick_text[nt];
            nt++;
        }
        svgplot_x_ticks(&p, tick_at, tick_label, nt);
    }
    svgplot_axes(&p, a, b, 0.0, top, xlabel, "customers");
    svgplot_bars(&p, at, h->count, h->bins, 0.9 * (b - a) / (double)h->bins, 0.0, "customers",
                 SVGPLOT_BLUE, 0);
    if (close_chart(&p, f, path) != 0) {
        return -1;
    }
    fprintf(msg, "\nCustomer value distribution, %s bins (%s)\n",
            h->log_scale ? "log-spaced" : "equal", path);
    fprintf(msg, "%14s %14s %10s\n", "from", "to", "customers");
    for (size_t j = 0; j < h->bins; j++) {
        fprintf(msg, "%14.6g %14.6g %10.0f\n", h->edge[j], h->edge[j + 1], h->count[j]);
    }
    if (h->below > 0) {
        fprintf(msg, "%zu customers with a value under %.6g are not in the bins\n", h->below,
                h->edge[0]);
    }
    return 0;
}

static int chart_concentration(const char *dir, const double *sorted, const report_concentration *c,
                               FILE *msg) {
    size_t m = c->n < 200 ? c->n : 200;
    double *lx = malloc(2 * (m + 1) * sizeof *lx);
    if (lx == NULL) {
        fprintf(stderr, "clv-report: out of memory\n");
        return -1;
    }
    double *ly = lx + m + 1;
    report_lorenz(sorted, c->n, m, lx, ly);
    double eq[2] = {0.0, 100.0};
    double tx[REPORT_TOP_GROUPS], ty[REPORT_TOP_GROUPS];
    for (size_t g = 0; g < REPORT_TOP_GROUPS; g++) {
        tx[g] = 100.0 * (double)(c->n - c->top_count[g]) / (double)c->n;
        ty[g] = 100.0 * (1.0 - c->top_share[g]);
    }
    char path[4096], subtitle[200];
    FILE *f = open_chart(dir, "value-concentration.svg", path, sizeof path);
    if (f == NULL) {
        free(lx);
        return -1;
    }
    snprintf(subtitle, sizeof subtitle,
             "Gini %.3f; the top 1, 5, 10, 20%% of customers hold %.1f, %.1f, %.1f, %.1f%%",
             c->gini, 100.0 * c->top_share[0], 100.0 * c->top_share[1], 100.0 * c->top_share[2],
             100.0 * c->top_share[3]);
    svgplot p;
    svgplot_begin(&p, f, 700, 640, "Value concentration: Lorenz curve", subtitle, 0);
    svgplot_axes(&p, 0.0, 100.0, 0.0, 100.0, "customers, from the lowest value up (% of customers)",
                 "share of total value (%)");
    svgplot_line(&p, eq, eq, 2, "equal values", SVGPLOT_GREY, SVGPLOT_DASHED);
    svgplot_line(&p, lx, ly, m + 1, "Lorenz curve", SVGPLOT_BLUE, 0);
    svgplot_points(&p, tx, ty, REPORT_TOP_GROUPS, "start of the top 20%, 10%, 5%, 1%",
                   SVGPLOT_ORANGE, 0);
    int rc = close_chart(&p, f, path);
    if (rc == 0) {
        fprintf(msg, "\nLorenz curve of customer value, %zu points (%s)\n", m + 1, path);
    }
    free(lx);
    return rc;
}

static int chart_tiers(const char *dir, const double *count, double mean, const char *currency,
                       FILE *msg) {
    double at[REPORT_TIERS], top = 0.0;
    char text[REPORT_TIERS][40];
    const char *labels[REPORT_TIERS];
    for (size_t t = 0; t < REPORT_TIERS; t++) {
        at[t] = (double)t;
        top = fmax(top, count[t]);
        if (t + 1 < REPORT_TIERS) {
            snprintf(text[t], sizeof text[t], "%s %g-%gx", report_tier_names[t],
                     report_tier_lower[t], report_tier_lower[t + 1]);
        } else {
            snprintf(text[t], sizeof text[t], "%s >=%gx", report_tier_names[t],
                     report_tier_lower[t]);
        }
        labels[t] = text[t];
    }
    char path[4096], subtitle[200], xlabel[160];
    FILE *f = open_chart(dir, "value-tiers.svg", path, sizeof path);
    if (f == NULL) {
        return -1;
    }
    snprintf(subtitle, sizeof subtitle, "tiers by value against the mean customer value, %.2f %s",
             mean, currency);
    snprintf(xlabel, sizeof xlabel, "value tier (value / mean value of %.2f %s)", mean, currency);
    svgplot p;
    svgplot_begin(&p, f, 860, 520, "Customers per value tier", subtitle, 0);
    svgplot_x_ticks(&p, at, labels, REPORT_TIERS);
    svgplot_axes(&p, -0.6, REPORT_TIERS - 0.4, 0.0, top, xlabel, "customers");
    svgplot_bars(&p, at, count, REPORT_TIERS, 0.6, 0.0, "customers", SVGPLOT_GREEN, 0);
    if (close_chart(&p, f, path) != 0) {
        return -1;
    }
    fprintf(msg, "\nCustomers per value tier, value against the mean %.4f %s (%s)\n", mean,
            currency, path);
    fprintf(msg, "%-10s %14s %10s\n", "tier", "value / mean", "customers");
    for (size_t t = 0; t < REPORT_TIERS; t++) {
        char range[32];
        if (t + 1 < REPORT_TIERS) {
            snprintf(range, sizeof range, "%g-%g", report_tier_lower[t], report_tier_lower[t + 1]);
        } else {
            snprintf(range, sizeof range, ">= %g", report_tier_lower[t]);
        }
        fprintf(msg, "%-10s %14s %10.0f\n", report_tier_names[t], range, count[t]);
    }
    return 0;
}

int report_value_charts(const char *dir, const double *value, size_t n, const char *currency,
                        FILE *msg) {
    report_histogram h;
    report_concentration c;
    double tiers[REPORT_TIERS];
    if (report_histogram_of(value, n, &h) != 0) {
        fprintf(stderr, "clv-report: no value chart: no customers, or a value is not finite\n");
        return -1;
    }
    if (chart_distribution(dir, &h, n, currency, msg) != 0) {
        return -1;
    }
    double *sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL) {
        fprintf(stderr, "clv-report: out of memory\n");
        return -1;
    }
    int rc = 0;
    if (report_concentration_of(value, n, sorted, &c) != 0 || report_tiers_of(value, n, tiers)) {
        fprintf(msg, "\nNo concentration or tier charts: the values are not all >= 0 with a "
                     "positive total\n");
    } else {
        rc = chart_concentration(dir, sorted, &c, msg);
        if (rc == 0) {
            rc = chart_tiers(dir, tiers, c.total / (double)n, currency, msg);
        }
    }
    free(sorted);
    return rc;
}
