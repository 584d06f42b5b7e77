/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * clv-report: a customer-lifetime-value report from a transaction log.
 *
 *   clv-report [options] [FILE]
 *
 * FILE (or standard input with "-") holds one transaction per line, in either form:
 *   customer,date,amount            CSV; date YYYY-MM-DD or YYYYMMDD; a header line is skipped
 *   master id  customer  YYYYMMDD  units  amount     the CDNOW sample's whitespace columns
 * With no FILE the bundled CDNOW sample (tests/data/CDNOW_sample.txt, run from the source tree)
 * is read with the papers' calibration end, 1997-09-30, so the default run reproduces Fader,
 * Hardie & Lee's published BG/NBD fit.
 *
 * Options:
 *   --end YYYY-MM-DD   end of the calibration period (default: 1997-09-30 for the bundled
 *                      sample, else the last transaction's date)
 *   --model bgnbd|pnbd|mbgnbd   purchase model (default bgnbd)
 *   --margin M         share of spend that is profit, 0..1 (default 1: revenue value)
 *   --discount D       annual discount rate (default 0.10)
 *   --weeks W          horizon of the value, in weeks (default 52; whole months)
 *   --csv              print every customer as CSV instead of the top 10
 *   --save-params FILE also write the fitted models and the value settings to FILE, the
 *                      versioned text file examples/pos reads (format: save_params() below)
 *   --plots DIR        also write SVG charts into DIR (created if missing): tracking.svg,
 *                      p-alive.svg and, when the log goes on past --end, conditional.svg
 *                      (the transactions after --end are their holdout); and the value side,
 *                      value-distribution.svg, value-concentration.svg, value-tiers.svg
 *                      (common/report-charts.h)
 *
 * Time unit: weeks; purchases on the same day count as one (Fader, Hardie & Lee 2005). The
 * value of a customer is clv_customer_value(): margin x E[spend] (Gamma-Gamma) x the
 * discounted expected purchases, the horizon cut into months (52/12 weeks), each month's
 * expected purchases discounted at the monthly rate equivalent to the annual one.
 *
 * The library does no I/O: this program reads, calls libclv, and prints.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clv.h>

#include "report-charts.h"
#include "svgplot.h"

typedef struct log_arrays {
    uint64_t *customer;
    double *day;
    double *amount;
    size_t n;
    size_t cap;
} log_arrays;

/* Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse of
 * "Howard Hinnant's date algorithms", written from the calendar arithmetic). */
static double days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (double)era * 146097.0 + (double)doe - 719468.0;
}

/* "YYYY-MM-DD" or "YYYYMMDD" (a real calendar day; blanks around it allowed) to a day
 * number; -1 on anything else. */
static int parse_date(const char *s, double *day) {
    static const int days_in[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d %c", &y, &m, &d, &tail) != 3 &&
        sscanf(s, "%4d%2d%2d %c", &y, &m, &d, &tail) != 3) {
        return -1;
    }
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m < 1 || m > 12 || d < 1 || d > days_in[m - 1] || (m == 2 && d == 29 && !leap)) {
        return -1;
    }
    *day = days_from_civil(y, m, d);
    return 0;
}

/* A whole option value as a double (strtod alone takes "1O" for 1). */
static int parse_number(const char *s, double *v) {
    char *end = NULL;
    *v = strtod(s, &end);
    return (end != s && *end == '\0') ? 0 : -1;
}

static int push(log_arrays *log, uint64_t customer, double day, double amount) {
    if (log->n == log->cap) {
        size_t cap = log->cap ? 2 * log->cap : 4096;
        uint64_t *c = realloc(log->customer, cap * sizeof *c);
        double *t = realloc(log->day, cap * sizeof *t);
        double *a = realloc(log->amount, cap * sizeof *a);
        if (c == NULL || t == NULL || a == NULL) {
            free(c ? c : log->customer);
            return -1;
        }
        log->customer = c;
        log->day = t;
        log->amount = a;
        log->cap = cap;
    }
    log->customer[log->n] = customer;
    log->day[log->n] = day;
    log->amount[log->n] = amount;
    log->n++;
    return 0;
}

/* One line in either format; returns 1 if a transaction was read, 0 to skip, -1 on error. */
static int parse_line(char *line, uint64_t *customer, double *day, double *amount) {
    char f[5][64];
    unsigned long long id;
    if (strchr(line, ',') != NULL) {
        char *save = NULL;
        char *tok[3] = {NULL, NULL, NULL};
        tok[0] = strtok_r(line, ",\r\n", &save);
        tok[1] = strtok_r(NULL, ",\r\n", &save);
        tok[2] = strtok_r(NULL, ",\r\n", &save);
        if (tok[0] == NULL || tok[1] == NULL || tok[2] == NULL) {
            return -1;
        }
        if (sscanf(tok[0], "%llu", &id) != 1) {
            return 0; /* header */
        }
        *customer = id;
        return (parse_date(tok[1], day) == 0 && sscanf(tok[2], "%lf", amount) == 1) ? 1 : -1;
    }
    int k = sscanf(line, "%63s %63s %63s %63s %63s", f[0], f[1], f[2], f[3], f[4]);
    if (k <= 0) {
        return 0; /* blank line */
    }
    if (k == 5 && sscanf(f[1], "%llu", &id) == 1 && parse_date(f[2], day) == 0 &&
        sscanf(f[4], "%lf", amount) == 1) {
        *customer = id; /* the CDNOW sample: master id, sample id, date, units, amount */
        return 1;
    }
    if (k == 3 && sscanf(f[0], "%llu", &id) == 1 && parse_date(f[1], day) == 0 &&
        sscanf(f[2], "%lf", amount) == 1) {
        *customer = id;
        return 1;
    }
    return (k >= 1 && sscanf(f[0], "%llu", &id) != 1) ? 0 : -1;
}

static int read_log(FILE *in, log_arrays *log) {
    char line[512];
    size_t lineno = 0;
    while (fgets(line, sizeof line, in) != NULL) {
        uint64_t c;
        double day, amount;
        lineno++;
        int r = parse_line(line, &c, &day, &amount);
        if (r < 0) {
            fprintf(stderr, "clv-report: line %zu is not a transaction\n", lineno);
            return -1;
        }
        if (r == 1 && push(log, c, day, amount) != 0) {
            fprintf(stderr, "clv-report: out of memory\n");
            return -1;
        }
    }
    return 0;
}

typedef struct options {
    const char *path;
    int end_given;
    double end_day;
    int model; /* CLV_MODEL_BGNBD, CLV_MODEL_PNBD or CLV_MODEL_MBGNBD */
    double margin;
    double discount;
    double weeks;
    int csv;
    const char *save_params; /* --save-params FILE, or null */
    const char *plots; /* --plots DIR, or NULL */
} options;

static int parse_options(int argc, char **argv, options *o) {
    o->path = NULL;
    o->end_given = 0;
    o->model = CLV_MODEL_BGNBD;
    o->margin = 1.0;
    o->discount = 0.10;
    o->weeks = 52.0;
    o->csv = 0;
    o->save_params = NULL;
    o->plots = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = (i + 1 < argc) ? argv[i + 1] : NULL;
        if (strcmp(a, "--csv") == 0) {
            o->csv = 1;
        } else if (strcmp(a, "--end") == 0 && v != NULL && parse_date(v, &o->end_day) == 0) {
            o->end_given = 1;
            i++;
        } else if (strcmp(a, "--model") == 0 && v != NULL &&
                   (strcmp(v, "bgnbd") == 0 || strcmp(v, "pnbd") == 0 ||
                    strcmp(v, "mbgnbd") == 0)) {
            o->model = strcmp(v, "pnbd") == 0     ? CLV_MODEL_PNBD
                       : strcmp(v, "mbgnbd") == 0 ? CLV_MODEL_MBGNBD
                                                  : CLV_MODEL_BGNBD;
            i++;
        } else if (strcmp(a, "--plots") == 0 && v != NULL) {
            o->plots = v;
            i++;
        } else if (strcmp(a, "--save-params") == 0 && v != NULL) {
            o->save_params = v;
            i++;
        } else if (strcmp(a, "--margin") == 0 && v != NULL && parse_number(v, &o->margin) == 0) {
            i++;
        } else if (strcmp(a, "--discount") == 0 && v != NULL && parse_number(v, &o->discount) == 0) {
            i++;
        } else if (strcmp(a, "--weeks") == 0 && v != NULL && parse_number(v, &o->weeks) == 0) {
            i++;
        } else if (a[0] != '-' || strcmp(a, "-") == 0) {
            o->path = a;
        } else {
            fprintf(stderr, "clv-report: unknown option, or a missing or invalid value: '%s'\n", a);
            return -1;
        }
    }
    if (!(o->margin >= 0.0 && o->margin <= 1.0) || !(o->discount >= 0.0) || !(o->weeks > 0.0) ||
        !isfinite(o->weeks) || !isfinite(o->discount)) {
        fprintf(stderr, "clv-report: --margin 0..1, --discount >= 0, --weeks > 0\n");
        return -1;
    }
    return 0;
}

static int check(int status, const char *what) {
    if (status != CLV_OK) {
        fprintf(stderr, "clv-report: %s: %s\n", what, clv_strerror(status));
    }
    return status;
}

/* Per customer, the quantities of the report. */
typedef struct scored {
    uint64_t id;
    double x, t_x, T, monetary, p_alive, expected, spend, value;
} scored;

static int by_value(const void *a, const void *b) {
    double va = ((const scored *)a)->value;
    double vb = ((const scored *)b)->value;
    return (va < vb) - (va > vb);
}

/* The fitted model's name and parameter names, for the report. */
static const char *model_name(int model) {
    return model == CLV_MODEL_PNBD     ? "Pareto/NBD"
           : model == CLV_MODEL_MBGNBD ? "MBG/NBD"
                                       : "BG/NBD";
}

/* Fit the chosen purchase model to the customer table. */
static int fit_model(int model, const clv_rfm_view *view, clv_purchase_model *pm,
                     clv_fit_report *report) {
    int st;
    pm->model = model;
    pm->reserved = 0;
    if (model == CLV_MODEL_PNBD) {
        clv_pnbd_params q;
        st = clv_pnbd_fit(view, NULL, &q, report);
        memcpy(pm->params, (double[4]){q.r, q.alpha, q.s, q.beta}, sizeof pm->params);
    } else if (model == CLV_MODEL_MBGNBD) {
        clv_mbgnbd_params q;
        st = clv_mbgnbd_fit(view, NULL, &q, report);
        memcpy(pm->params, (double[4]){q.r, q.alpha, q.a, q.b}, sizeof pm->params);
    } else {
        clv_bgnbd_params q;
        st = clv_bgnbd_fit(view, NULL, &q, report);
        memcpy(pm->params, (double[4]){q.r, q.alpha, q.a, q.b}, sizeof pm->params);
    }
    return st;
}

/* P(alive) and E[X(t) | history] of the fitted model. */
static int score(const clv_purchase_model *pm, double x, double t_x, double T, double t,
                 double *p_alive, double *expected) {
    const double *v = pm->params;
    int st;
    if (pm->model == CLV_MODEL_PNBD) {
        const clv_pnbd_params q = {v[0], v[1], v[2], v[3]};
        if ((st = clv_pnbd_p_alive(&q, x, t_x, T, p_alive)) != CLV_OK) {
            return st;
        }
        return clv_pnbd_expected_purchases(&q, x, t_x, T, t, expected);
    }
    if (pm->model == CLV_MODEL_MBGNBD) {
        const clv_mbgnbd_params q = {v[0], v[1], v[2], v[3]};
        if ((st = clv_mbgnbd_p_alive(&q, x, t_x, T, p_alive)) != CLV_OK) {
            return st;
        }
        return clv_mbgnbd_expected_purchases(&q, x, t_x, T, t, expected);
    }
    const clv_bgnbd_params q = {v[0], v[1], v[2], v[3]};
    if ((st = clv_bgnbd_p_alive(&q, x, t_x, T, p_alive)) != CLV_OK) {
        return st;
    }
    return clv_bgnbd_expected_purchases(&q, x, t_x, T, t, expected);
}

/* ---- --plots DIR: the charts of Fader, Hardie & Lee (2005) ------------------------------- */

/* E[X(t)] of a customer who has just made a first purchase (FHL 2005 eq. 7 for BG/NBD). */
static int expected_new(const clv_purchase_model *pm, double t, double *expected) {
    const double *v = pm->params;
    if (pm->model == CLV_MODEL_PNBD) {
        const clv_pnbd_params q = {v[0], v[1], v[2], v[3]};
        return clv_pnbd_expected_purchases_new(&q, t, expected);
    }
    if (pm->model == CLV_MODEL_MBGNBD) {
        const clv_mbgnbd_params q = {v[0], v[1], v[2], v[3]};
        return clv_mbgnbd_expected_purchases_new(&q, t, expected);
    }
    const clv_bgnbd_params q = {v[0], v[1], v[2], v[3]};
    return clv_bgnbd_expected_purchases_new(&q, t, expected);
}

/* Close a chart: 0, or -1 with a message. */
static int finish_plot(svgplot *p, FILE *f, const char *path) {
    int bad = svgplot_end(p) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "clv-report: writing %s failed\n", path);
        return -1;
    }
    return 0;
}

static FILE *open_plot(const char *dir, const char *name, char *path, size_t size) {
    FILE *f = svgplot_open(dir, name, path, size);
    if (f == NULL) {
        fprintf(stderr, "clv-report: cannot write %s/%s\n", dir, name);
    }
    return f;
}

/* The calibration cohort by day: first purchases and repeat purchases (distinct days after the
 * first) on each day since the cohort's first day, the log read through order. */
typedef struct by_day {
    double origin, last; /* first day of the cohort, last day of the log */
    size_t days;
    double *first, *repeat;
} by_day;

static int count_by_day(const log_arrays *log, const size_t *order, double end, by_day *d) {
    d->origin = INFINITY;
    d->last = -INFINITY;
    for (size_t i = 0; i < log->n; i++) {
        d->last = fmax(d->last, log->day[i]);
        int first = (i == 0 || log->customer[order[i]] != log->customer[order[i - 1]]);
        if (first && log->day[order[i]] <= end) {
            d->origin = fmin(d->origin, log->day[order[i]]);
        }
    }
    d->days = (size_t)(d->last - d->origin) + 1;
    d->first = calloc(d->days, sizeof *d->first);
    d->repeat = calloc(d->days, sizeof *d->repeat);
    if (d->first == NULL || d->repeat == NULL) {
        return -1;
    }
    int in_cohort = 0;
    for (size_t i = 0; i < log->n; i++) {
        double day = log->day[order[i]];
        if (i == 0 || log->customer[order[i]] != log->customer[order[i - 1]]) {
            in_cohort = day <= end;
            if (in_cohort) {
                d->first[(size_t)(day - d->origin)] += 1.0;
            }
        } else if (in_cohort && day != log->day[order[i - 1]]) {
            d->repeat[(size_t)(day - d->origin)] += 1.0;
        }
    }
    return 0;
}

/* (a) Cumulative repeat purchases week by week, actual and expected: FHL 2005 Figure 1. The
 * expectation at day t sums, over the cohort, E[X(t - first purchase)] of a new customer. Week
 * k ends on day origin + 7k - 1, so week 39 of CDNOW ends on 1997-09-30, the calibration end. */
static int plot_tracking(const char *dir, const by_day *d, double end, const clv_purchase_model *pm,
                         FILE *msg) {
    size_t weeks = (d->days + 6) / 7;
    /* E[X(t)] of a newcomer depends on the lag since the first purchase alone: one value per
     * lag in days, then each week sums first[f] e[last - f]. */
    double *cols = malloc((3 * weeks + d->days) * sizeof *cols);
    if (cols == NULL) {
        return -1;
    }
    double *week = cols, *actual = cols + weeks, *expected = cols + 2 * weeks;
    double *e_lag = cols + 3 * weeks;
    for (size_t lag = 0; lag < d->days; lag++) {
        if (check(expected_new(pm, (double)lag / 7.0, &e_lag[lag]), "expected purchases")) {
            free(cols);
            return -1;
        }
    }
    double cumulative = 0.0;
    size_t day = 0;
    for (size_t k = 0; k < weeks; k++) {
        size_t last = 7 * k + 6 < d->days ? 7 * k + 6 : d->days - 1; /* days since origin */
        for (; day <= last; day++) {
            cumulative += d->repeat[day];
        }
        week[k] = (double)(last + 1) / 7.0;
        actual[k] = cumulative;
        expected[k] = 0.0;
        for (size_t f = 0; f <= last; f++) {
            if (d->first[f] > 0.0) {
                expected[k] += d->first[f] * e_lag[last - f];
            }
        }
    }
    double calibration_weeks = (end - d->origin + 1.0) / 7.0;
    char path[4096], subtitle[160];
    FILE *f = open_plot(dir, "tracking.svg", path, sizeof path);
    if (f == NULL) {
        free(cols);
        return -1;
    }
    snprintf(subtitle, sizeof subtitle,
             "the cohort's repeat purchases week by week; %s fitted to weeks 1-%.4g",
             model_name(pm->model), calibration_weeks);
    svgplot p;
    svgplot_begin(&p, f, 860, 520, "Cumulative repeat purchases: actual vs model", subtitle, 0);
    char xlabel[96], origin[11];
    report_date(d->origin, origin); /* the cohort's first day */
    snprintf(xlabel, sizeof xlabel, "weeks since the cohort's first purchase (%s)", origin);
    svgplot_axes(&p, 0.0, week[weeks - 1], 0.0, fmax(actual[weeks - 1], expected[weeks - 1]),
                 xlabel, "cumulative repeat purchases");
    svgplot_vline(&p, calibration_weeks, "end of calibration");
    svgplot_line(&p, week, actual, weeks, "actual", SVGPLOT_BLUE, 0);
    svgplot_line(&p, week, expected, weeks, model_name(pm->model), SVGPLOT_ORANGE, SVGPLOT_DASHED);
    int rc = finish_plot(&p, f, path);
    if (rc == 0) {
        fprintf(msg, "\nCumulative repeat purchases, actual vs %s (%s)\n", model_name(pm->model),
                path);
        fprintf(msg, "%8s %10s %12s\n", "week", "actual", "expected");
        /* The first and last weeks, and the week in which the calibration period ends. */
        size_t k_end = 0;
        while (k_end + 1 < weeks && week[k_end] < calibration_weeks - 1e-9) {
            k_end++;
        }
        for (size_t k = 0; k < weeks; k++) {
            if (k == 0 || k + 1 == weeks || k == k_end) {
                fprintf(msg, "%8.4g %10.0f %12.2f%s\n", week[k], actual[k], expected[k],
                        k != k_end                                 ? ""
                        : fabs(week[k] - calibration_weeks) < 1e-9 ? "  (end of calibration)"
                                                                   : "  (calibration ends)");
            }
        }
    }
    free(cols);
    return rc;
}

/* (b) P(alive) over frequency x and recency t_x for T = the calibration length (the longest T
 * of the cohort): rows x = 0..max x, columns cell centres of t_x in [0, T]. x = 0 has no
 * recency (t_x = 0): its first cell, which holds t_x = 0, is P(alive | 0, 0, T), and its other
 * cells (x = 0 with t_x > 0, impossible) are hatched. */
static int plot_p_alive(const char *dir, const clv_purchase_model *pm, double T, double max_x,
                        FILE *msg) {
    enum { COLUMNS = 40, MAX_ROWS = 61 };
    size_t rows = max_x + 1.0 < MAX_ROWS ? (size_t)max_x + 1 : MAX_ROWS;
    max_x = (double)(rows - 1);
    double *z = malloc(rows * COLUMNS * sizeof *z);
    unsigned char impossible[COLUMNS] = {0}; /* the mask of row x = 0; rows above are 0 */
    unsigned char *mask = calloc(rows * COLUMNS, 1);
    if (z == NULL || mask == NULL) {
        free(z);
        free(mask);
        return -1;
    }
    double lo = 1.0, hi = 0.0;
    for (size_t x = 0; x < rows; x++) {
        for (size_t c = 0; c < COLUMNS; c++) {
            if (x == 0 && c > 0) {
                z[c] = NAN; /* left blank by the heat map, hatched */
                mask[c] = impossible[c] = 1;
                continue;
            }
            double t_x = x == 0 ? 0.0 : (c + 0.5) * T / COLUMNS, e;
            if (check(score(pm, (double)x, t_x, T, 0.0, &z[x * COLUMNS + c], &e), "P(alive)")) {
                free(z);
                free(mask);
                return -1;
            }
            lo = fmin(lo, z[x * COLUMNS + c]);
            hi = fmax(hi, z[x * COLUMNS + c]);
        }
    }
    char path[4096], subtitle[160];
    FILE *f = open_plot(dir, "p-alive.svg", path, sizeof path);
    if (f == NULL) {
        free(z);
        free(mask);
        return -1;
    }
    snprintf(subtitle, sizeof subtitle,
             "%s, a customer first seen %.2f weeks before the end of calibration (T)",
             model_name(pm->model), T);
    svgplot p;
    svgplot_begin(&p, f, 860, 560, "P(alive) by frequency and recency", subtitle,
                  SVGPLOT_WIDE_RIGHT | SVGPLOT_EXACT_Y);
    svgplot_axes(&p, 0.0, T, -0.5, max_x + 0.5,
                 "recency t_x: weeks from the first to the last purchase",
                 "frequency x: repeat purchases (count)");
    svgplot_heatmap(&p, z, COLUMNS, rows, 0.0, 1.0, "P(alive)");
    svgplot_hatch(&p, mask, COLUMNS, rows, "impossible: x = 0 with t_x > 0");
    int rc = finish_plot(&p, f, path);
    if (rc == 0) {
        fprintf(msg,
                "\nP(alive) for T = %.4f weeks, x = 0..%zu, t_x in %d columns of %.4f weeks "
                "(%s): from %.4f to %.4f\n",
                T, rows - 1, COLUMNS, T / COLUMNS, path, lo, hi);
        size_t hatched = 0;
        for (size_t c = 0; c < COLUMNS; c++) {
            hatched += impossible[c];
        }
        fprintf(msg, "x = 0 only at t_x = 0 (the first column); %zu impossible cells hatched\n",
                hatched);
    }
    free(z);
    free(mask);
    return rc;
}

/* (c) Holdout purchases by calibration frequency, actual and the model's conditional
 * expectation, averaged over the customers of each x = 0..6, 7+: FHL 2005 Figure 3. */
static int plot_conditional(const char *dir, const log_arrays *log, const size_t *order, double end,
                            double holdout_weeks, const clv_purchase_model *pm, FILE *msg) {
    enum { GROUPS = 8 };
    size_t n = log->n, customers = 0;
    double *cols = malloc(4 * n * sizeof *cols);
    if (cols == NULL) {
        return -1;
    }
    double *x = cols, *t_x = cols + n, *T = cols + 2 * n, *x_holdout = cols + 3 * n;
    clv_rfm_options ro;
    clv_rfm_options_init(&ro);
    ro.period = 1.0;
    ro.calibration_end = end; /* and holdout_end +inf: everything after is holdout */
    clv_rfm_table table = {n, NULL, x, t_x, T, NULL, x_holdout, NULL};
    if (check(
            clv_rfm_summary(log->customer, log->day, NULL, n, order, &ro, &table, &customers, NULL),
            "summarising the holdout")) {
        free(cols);
        return -1;
    }
    double count[GROUPS] = {0}, actual[GROUPS] = {0}, expected[GROUPS] = {0};
    for (size_t i = 0; i < customers; i++) {
        double a, e;
        size_t g = x[i] < GROUPS - 1 ? (size_t)x[i] : GROUPS - 1;
        if (check(score(pm, x[i], t_x[i] / 7.0, T[i] / 7.0, holdout_weeks, &a, &e),
                  "conditional expectation")) {
            free(cols);
            return -1;
        }
        count[g] += 1.0;
        actual[g] += x_holdout[i];
        expected[g] += e;
    }
    free(cols);
    double at[GROUPS], mean_actual[GROUPS], mean_expected[GROUPS], top = 0.0;
    const char *labels[GROUPS] = {"0", "1", "2", "3", "4", "5", "6", "7+"};
    for (size_t g = 0; g < GROUPS; g++) {
        at[g] = (double)g;
        mean_actual[g] = count[g] > 0.0 ? actual[g] / count[g] : NAN;
        mean_expected[g] = count[g] > 0.0 ? expected[g] / count[g] : NAN;
        top = fmax(top, fmax(count[g] > 0.0 ? mean_actual[g] : 0.0,
                             count[g] > 0.0 ? mean_expected[g] : 0.0));
    }
    char path[4096], subtitle[160];
    FILE *f = open_plot(dir, "conditional.svg", path, sizeof path);
    if (f == NULL) {
        return -1;
    }
    snprintf(
        subtitle, sizeof subtitle,
        "mean purchases in the %.4g holdout weeks of the customers with x calibration purchases",
        holdout_weeks);
    svgplot p;
    svgplot_begin(&p, f, 860, 520, "Holdout purchases by calibration purchases", subtitle, 0);
    svgplot_x_ticks(&p, at, labels, GROUPS);
    svgplot_axes(&p, -0.6, GROUPS - 0.4, 0.0, top,
                 "repeat purchases in the calibration period, x (count)",
                 "mean purchases per customer in the holdout weeks");
    svgplot_bars(&p, at, mean_actual, GROUPS, 0.38, -0.2, "actual", SVGPLOT_BLUE, 0);
    svgplot_bars(&p, at, mean_expected, GROUPS, 0.38, 0.2, model_name(pm->model), SVGPLOT_ORANGE,
                 0);
    if (finish_plot(&p, f, path) != 0) {
        return -1;
    }
    fprintf(msg, "\nHoldout purchases in %.4g weeks by calibration purchases x (%s)\n",
            holdout_weeks, path);
    fprintf(msg, "%4s %10s %10s %10s\n", "x", "customers", "actual", "expected");
    for (size_t g = 0; g < GROUPS; g++) {
        fprintf(msg, "%4s %10.0f %10.4f %10.4f\n", labels[g], count[g], mean_actual[g],
                mean_expected[g]);
    }
    return 0;
}

/* All three charts; messages (what was written, and the numbers plotted) go to msg. */
static int write_plots(const char *dir, const log_arrays *log, const size_t *order, double end,
                       const clv_purchase_model *pm, const double *x, size_t customers,
                       const scored *s, const char *currency, FILE *msg) {
    by_day d = {0, 0, 0, NULL, NULL};
    double max_x = 0.0;
    for (size_t i = 0; i < customers; i++) {
        max_x = fmax(max_x, x[i]);
    }
    int rc = count_by_day(log, order, end, &d);
    if (rc != 0) {
        fprintf(stderr, "clv-report: out of memory\n");
    }
    if (rc == 0) {
        rc = plot_tracking(dir, &d, end, pm, msg);
    }
    if (rc == 0) {
        rc = plot_p_alive(dir, pm, (end - d.origin) / 7.0, max_x, msg);
    }
    if (rc == 0 && d.last > end) {
        rc = plot_conditional(dir, log, order, end, (d.last - end) / 7.0, pm, msg);
    } else if (rc == 0) {
        fprintf(msg, "\nNo transactions after the calibration end: no holdout chart\n");
    }
    double *value = rc == 0 ? malloc(customers * sizeof *value) : NULL;
    for (size_t i = 0; value != NULL && i < customers; i++) {
        value[i] = s[i].value;
    }
    if (rc == 0) {
        rc = value != NULL ? report_value_charts(dir, value, customers, currency, msg) : -1;
    }
    free(value);
    free(d.first);
    free(d.repeat);
    return rc;
}

/* --save-params: the fitted models and the value settings as a small versioned text file,
 * read by examples/pos (the till). Format version 1: the first line is "libclv-params 1";
 * then one "key value" per line, "#" lines are comments:
 *   model            bgnbd, pnbd or mbgnbd
 *   r alpha a b      the BG/NBD or MBG/NBD parameters (pnbd: r alpha s beta)
 *   gg_p gg_q gg_gamma   the Gamma-Gamma parameters (gamma in the log's currency)
 *   time_unit        weeks (t_x, T and the rates above are in weeks)
 *   margin           share of spend that is profit, 0..1
 *   discount_annual  annual discount rate
 *   horizon_weeks    the value's horizon, in weeks (whole months of 52/12 weeks, rounded up)
 *   calibration_end  YYYY-MM-DD, the end of the calibration period
 * Doubles are printed with %.17g so that they read back to the same bits. Returns 0, or -1
 * with a message. */
static int save_params(const char *path, const options *o, const clv_purchase_model *pm,
                       const clv_gg_params *gp, double end_day) {
    static const char *bg_keys[4] = {"r", "alpha", "a", "b"};
    static const char *pnbd_keys[4] = {"r", "alpha", "s", "beta"};
    const char **keys = (pm->model == CLV_MODEL_PNBD) ? pnbd_keys : bg_keys;
    /* Day number -> civil date, the inverse of days_from_civil(). */
    long z = (long)end_day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "clv-report: cannot write %s\n", path);
        return -1;
    }
    fprintf(f, "libclv-params 1\n# %s fit by clv-report, libclv %s\n", model_name(pm->model),
            clv_version_string());
    fprintf(f, "model %s\n",
            pm->model == CLV_MODEL_PNBD     ? "pnbd"
            : pm->model == CLV_MODEL_MBGNBD ? "mbgnbd"
                                            : "bgnbd");
    for (int k = 0; k < 4; k++) {
        fprintf(f, "%s %.17g\n", keys[k], pm->params[k]);
    }
    fprintf(f, "gg_p %.17g\ngg_q %.17g\ngg_gamma %.17g\n", gp->p, gp->q, gp->gamma);
    fprintf(f, "time_unit weeks\nmargin %.17g\ndiscount_annual %.17g\nhorizon_weeks %.17g\n",
            o->margin, o->discount, o->weeks);
    fprintf(f, "calibration_end %04ld-%02ld-%02ld\n", year, month, day);
    if (fclose(f) != 0) {
        fprintf(stderr, "clv-report: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    options o;
    log_arrays log = {NULL, NULL, NULL, 0, 0};
    if (parse_options(argc, argv, &o) != 0) {
        return 2;
    }
    int bundled = (o.path == NULL);
    /* The unit of the values: CDNOW's amounts are US dollars. */
    const char *currency = bundled ? "US$" : "currency units";
    const char *path = bundled ? "tests/data/CDNOW_sample.txt" : o.path;
    FILE *in = (strcmp(path, "-") == 0) ? stdin : fopen(path, "r");
    if (in == NULL) {
        fprintf(stderr, "clv-report: cannot open %s (run from the source tree, or give a file)\n",
                path);
        return 1;
    }
    if (read_log(in, &log) != 0) {
        return 1;
    }
    if (in != stdin) {
        fclose(in);
    }
    if (log.n == 0) {
        fprintf(stderr, "clv-report: no transactions\n");
        return 1;
    }
    double end = o.end_day;
    if (!o.end_given) {
        end = bundled ? days_from_civil(1997, 9, 30) : log.day[0];
        for (size_t i = 0; !bundled && i < log.n; i++) {
            end = fmax(end, log.day[i]);
        }
    }

    /* Transactions -> one (x, t_x, T, monetary) row per customer, in days, same-day purchases
     * collapsed; then weeks. */
    size_t n = log.n;
    size_t *order = malloc(n * sizeof *order);
    uint64_t *ids = malloc(n * sizeof *ids);
    double *cols = malloc(4 * n * sizeof *cols);
    if (order == NULL || ids == NULL || cols == NULL) {
        return 1;
    }
    double *x = cols, *t_x = cols + n, *T = cols + 2 * n, *m = cols + 3 * n;
    clv_rfm_options ro;
    clv_rfm_options_init(&ro);
    ro.period = 1.0;
    ro.calibration_end = end;
    clv_rfm_table table = {n, ids, x, t_x, T, m, NULL, NULL};
    size_t customers = 0;
    size_t bad = 0;
    if (check(clv_rfm_order(log.customer, log.day, n, order), "ordering the log") ||
        check(clv_rfm_summary(log.customer, log.day, log.amount, n, order, &ro, &table, &customers,
                              &bad),
              "summarising the log")) {
        return 1;
    }
    for (size_t i = 0; i < customers; i++) {
        t_x[i] /= 7.0;
        T[i] /= 7.0;
    }

    /* Fits: the purchase model on everyone, Gamma-Gamma on the repeat customers. */
    clv_rfm_view view = {customers, x, t_x, T, m, NULL};
    clv_purchase_model pm;
    clv_fit_report br;
    if (check(fit_model(o.model, &view, &pm, &br), "fitting the purchase model")) {
        return 1;
    }
    clv_gg_params gp;
    clv_fit_report gr;
    if (check(clv_gg_fit(&view, NULL, &gp, &gr), "fitting Gamma-Gamma")) {
        return 1;
    }
    if (o.save_params != NULL && save_params(o.save_params, &o, &pm, &gp, end) != 0) {
        return 1;
    }

    /* Score every customer: the value over whole months of the horizon. */
    scored *s = malloc(customers * sizeof *s);
    clv_value_options vo;
    clv_value_options_init(&vo);
    vo.margin = o.margin;
    vo.period = 52.0 / 12.0;
    vo.horizon = ceil(o.weeks / vo.period);
    if (s == NULL || check(clv_discount_rate_convert(o.discount, 12.0, 1.0, &vo.discount_rate),
                           "converting the discount rate")) {
        return 1;
    }
    for (size_t i = 0; i < customers; i++) {
        s[i] = (scored){ids[i], x[i], t_x[i], T[i], m[i], 0, 0, 0, 0};
        if (check(score(&pm, x[i], t_x[i], T[i], o.weeks, &s[i].p_alive, &s[i].expected),
                  "scoring") ||
            check(clv_gg_expected_spend(&gp, x[i], m[i], &s[i].spend), "expected spend") ||
            check(clv_customer_value(&pm, &gp, &vo, x[i], t_x[i], T[i], m[i], &s[i].value),
                  "value")) {
            return 1;
        }
    }

    if (o.csv && o.plots != NULL &&
        write_plots(o.plots, &log, order, end, &pm, x, customers, s, currency, stderr) != 0) {
        return 1;
    }
    if (o.csv) {
        printf("customer,x,t_x,T,monetary,p_alive,expected_purchases,expected_spend,clv\n");
        for (size_t i = 0; i < customers; i++) {
            printf("%llu,%.0f,%.4f,%.4f,%.2f,%.6f,%.6f,%.4f,%.4f\n", (unsigned long long)s[i].id,
                   s[i].x, s[i].t_x, s[i].T, s[i].monetary, s[i].p_alive, s[i].expected, s[i].spend,
                   s[i].value);
        }
        return 0;
    }
    printf("libclv %s -- customer lifetime value report\n", clv_version_string());
    printf("%zu transactions, %zu customers in the calibration period (weeks)\n\n", n, customers);
    printf("%s fit (log-likelihood %.4f, %u iterations%s)\n", model_name(pm.model), br.loglik,
           br.iterations, br.converged ? "" : ", NOT converged");
    static const char *bg_names[4] = {"r", "alpha", "a", "b"};
    static const char *pnbd_names[4] = {"r", "alpha", "s", "beta"};
    const char **names = (pm.model == CLV_MODEL_PNBD) ? pnbd_names : bg_names;
    for (int k = 0; k < 4; k++) {
        printf("  %-6s %10.4f  (SE %.4f)\n", names[k], pm.params[k], br.std_error[k]);
    }
    printf("Gamma-Gamma fit (log-likelihood %.4f)\n", gr.loglik);
    printf("  %-6s %10.4f  (SE %.4f)\n  %-6s %10.4f  (SE %.4f)\n  %-6s %10.4f  (SE %.4f)\n", "p",
           gp.p, gr.std_error[0], "q", gp.q, gr.std_error[1], "gamma", gp.gamma, gr.std_error[2]);
    qsort(s, customers, sizeof *s, by_value);
    double total = 0.0;
    for (size_t i = 0; i < customers; i++) {
        total += s[i].value;
    }
    printf("\nValue over %.0f weeks at %.0f%% a year, margin %.2f: total %.2f, mean %.2f\n",
           o.weeks, 100.0 * o.discount, o.margin, total, total / (double)customers);
    double *sorted = malloc(customers * sizeof *sorted);
    report_concentration conc;
    for (size_t i = 0; sorted != NULL && i < customers; i++) {
        sorted[i] = s[i].value;
    }
    if (sorted != NULL && report_concentration_of(sorted, customers, sorted, &conc) == 0) {
        report_print_concentration(stdout, &conc, currency);
    } else {
        printf("\nValue concentration: not defined (values must be >= 0, their total > 0)\n");
    }
    free(sorted);
    printf("\nTop 10 customers by value\n");
    printf("%10s %4s %8s %8s %8s %8s %10s %10s\n", "customer", "x", "t_x", "T", "P(alive)", "E[X]",
           "E[spend]", "value");
    for (size_t i = 0; i < customers && i < 10; i++) {
        printf("%10llu %4.0f %8.2f %8.2f %8.4f %8.3f %10.2f %10.2f\n", (unsigned long long)s[i].id,
               s[i].x, s[i].t_x, s[i].T, s[i].p_alive, s[i].expected, s[i].spend, s[i].value);
    }
    if (o.plots != NULL &&
        write_plots(o.plots, &log, order, end, &pm, x, customers, s, currency, stdout) != 0) {
        return 1;
    }
    free(s);
    free(order);
    free(ids);
    free(cols);
    free(log.customer);
    free(log.day);
    free(log.amount);
    return 0;
}
