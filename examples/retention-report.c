/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * retention-report: contractual retention from survivor counts or contract durations.
 *
 *   retention-report [options] [FILE]
 *
 * FILE (or standard input with "-") holds, in CSV or whitespace-separated columns, either
 *   survivor counts   one cohort per line: the customers alive at the start of period
 *                     0, 1, ..., n (e.g. 1000,631,468,382,326,289,262,241). An optional
 *                     leading name (any field that is not a number) puts the cohort in a
 *                     segment: every segment is fitted on its own, and cohorts with the same
 *                     name (or all unnamed ones) are pooled into one fit. Names may contain
 *                     spaces only in CSV.
 *   durations         one customer (or group) per line: duration,churned[,weight], the
 *                     duration in whole periods >= 1, churned 1 = cancelled in that period,
 *                     0 = still a customer after it; weight = number of such customers
 *                     (default 1).
 * The form is detected from the first line: a header whose first field is "duration" means
 * durations, anything else survivor counts; --durations or --counts forces it. Lines starting
 * with '#' and blank lines are skipped, as is a header line without numbers.
 * With no FILE the bundled sample (examples/data/fh2007-retention.csv, run from the source
 * tree) is read: the "regular" and "high end" cohorts of Fader & Hardie (2007), fitted on
 * years 1-7 as in the paper, with years 8-12 shown as a holdout.
 *
 * Options:
 *   --durations | --counts   the input form (default: detected, see above)
 *   --fit N         fit on the first N periods of each cohort only; the later counts are
 *                   shown next to the projection as a holdout (default: all; 7 for the
 *                   bundled sample)
 *   --project N     project N periods past the last fitted one (default 5)
 *   --discount D    discount rate per period for DEL and DERL (default 0.1)
 *   --plots DIR     also write each segment's retention curve, actual next to sBG, as an SVG
 *                   chart into DIR (retention-<n>-<segment>.svg; DIR is created if missing)
 *   --unit NAME     what a period is ("years", "months"), for the charts' time axis
 *                   (default "periods"; "years" for the bundled sample)
 *   --help, --version
 *
 * For each segment it prints the sBG fit (Fader & Hardie 2007), the projected survivors and
 * retention rates next to the actual counts, the expected lifetime, DEL and DERL (Fader &
 * Hardie 2010), and the Kaplan-Meier curve of the same customers with Greenwood standard
 * errors, a 95% log-log band, the median and the restricted mean lifetime.
 *
 * The library does no I/O: this program reads, calls libclv, and prints.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <churn.h>
#include <clv.h>

#include "diagnose.h"
#include "svgplot.h"

#define PROG "retention-report"
#define BUNDLED "examples/data/fh2007-retention.csv"

/* One line of survivor counts. */
typedef struct cohort {
    char *label; /* "" when unnamed */
    double *alive;
    size_t periods; /* alive has periods + 1 values */
    size_t line;    /* of the input file */
} cohort;

typedef struct input {
    int durations; /* 1: durations, 0: survivor counts */
    cohort *cohorts;
    size_t n_cohorts, cap_cohorts;
    double *duration;
    int32_t *churned;
    double *weight;
    size_t *line; /* of each durations row in the input file */
    size_t n_rows, cap_rows;
} input;

typedef struct options {
    const char *path;
    int form; /* -1 detect, 0 counts, 1 durations */
    long fit; /* -1: all periods */
    long project;
    double discount;
    const char *plots; /* --plots DIR, or NULL */
    const char *unit;  /* --unit NAME: what a period is, for the charts' axes */
} options;

static void usage(FILE *out) {
    fprintf(out,
            "usage: " PROG " [--durations|--counts] [--fit N] [--project N] [--discount D] "
            "[--plots DIR] [--unit NAME] [FILE|-]\n"
            "Contractual retention: sBG fit and projection, DEL and DERL, Kaplan-Meier.\n"
            "  FILE: survivor counts, one cohort per line ([segment,]alive0,alive1,...), or\n"
            "        durations, one customer per line (duration,churned[,weight]); detected\n"
            "        from a first header field \"duration\", else counts. Default: the bundled\n"
            "        Fader & Hardie (2007) sample, " BUNDLED " (periods of a year).\n"
            "  Time is counted in the input's periods (a year, a month...): durations are\n"
            "  whole periods >= 1, counts are the customers at the start of each period.\n"
            "  --durations   the input is durations (default: detected)\n"
            "  --counts      the input is survivor counts (default: detected)\n"
            "  --fit N       fit on periods 1..N of each cohort, later counts are a holdout\n"
            "                (default: all periods; 7 for the bundled sample)\n"
            "  --project N   project N periods past the fitted ones (default 5)\n"
            "  --discount D  discount rate per period for DEL and DERL, e.g. 0.1 = 10%%\n"
            "                (default 0.1)\n"
            "  --plots DIR   write each segment's retention curve as SVG into DIR\n"
            "  --unit NAME   what a period is, for the charts' time axis (default \"periods\";\n"
            "                \"years\" for the bundled sample)\n"
            "  --help        this text;  --version  the program's and libclv's version\n"
            "Example: " PROG " --fit 7 --project 5 --unit years --plots charts " BUNDLED "\n");
}

static int check(int status, const char *what) {
    if (status != CLV_OK) {
        fprintf(stderr, PROG ": %s: %s\n", what, clv_strerror(status));
    }
    return status;
}

static int parse_count(const char *s, long *n) {
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || v < 0 || v > 100000) {
        return -1;
    }
    *n = v;
    return 0;
}

static int parse_options(int argc, char **argv, options *o) {
    o->path = NULL;
    o->form = -1;
    o->fit = -1;
    o->project = 5;
    o->discount = 0.1;
    o->plots = NULL;
    o->unit = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = (i + 1 < argc) ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf(PROG " (libclv examples), libclv %s\n", clv_version_string());
            exit(0);
        } else if (strcmp(a, "--unit") == 0 && v != NULL && v[0] != '\0') {
            o->unit = v;
            i++;
        } else if (strcmp(a, "--durations") == 0) {
            o->form = 1;
        } else if (strcmp(a, "--counts") == 0) {
            o->form = 0;
        } else if (strcmp(a, "--fit") == 0 && v != NULL && parse_count(v, &o->fit) == 0) {
            i++;
        } else if (strcmp(a, "--project") == 0 && v != NULL && parse_count(v, &o->project) == 0) {
            i++;
        } else if (strcmp(a, "--plots") == 0 && v != NULL) {
            o->plots = v;
            i++;
        } else if (strcmp(a, "--discount") == 0 && v != NULL) {
            o->discount = strtod(v, &end);
            if (end == v || *end != '\0' || !(o->discount >= 0.0) || !isfinite(o->discount)) {
                fprintf(stderr, PROG ": --discount needs a rate >= 0\n");
                return -1;
            }
            i++;
        } else if ((a[0] != '-' || strcmp(a, "-") == 0) && o->path == NULL) {
            o->path = a;
        } else {
            fprintf(stderr, PROG ": unknown, incomplete or invalid option '%s' (see --help)\n", a);
            return -1;
        }
    }
    return 0;
}

/* Split a line in place into fields: on commas if it has any (empty fields kept), else on
 * blanks. Fields are trimmed. field must have room for strlen(line) + 1 entries. */
static size_t split(char *line, char **field) {
    const char *sep = strchr(line, ',') != NULL ? "," : " \t";
    int csv = sep[0] == ',';
    size_t n = 0;
    char *p = line;
    for (;;) {
        char *end = p + strcspn(p, sep);
        int more = *end != '\0';
        *end = '\0';
        p += strspn(p, " \t");
        for (char *t = end; t > p && (t[-1] == ' ' || t[-1] == '\t'); t--) {
            t[-1] = '\0';
        }
        if (csv || *p != '\0') {
            field[n++] = p;
        }
        if (!more) {
            return n;
        }
        p = end + 1;
    }
}

static int is_number(const char *s, double *v) {
    char *end;
    if (*s == '\0') {
        return 0;
    }
    *v = strtod(s, &end);
    return *end == '\0';
}

static int add_duration(input *in, double d, int32_t c, double w, size_t line) {
    if (in->n_rows == in->cap_rows) {
        size_t cap = in->cap_rows ? 2 * in->cap_rows : 256;
        double *dd = realloc(in->duration, cap * sizeof *dd);
        if (dd == NULL) {
            return -1;
        }
        in->duration = dd;
        int32_t *cc = realloc(in->churned, cap * sizeof *cc);
        if (cc == NULL) {
            return -1;
        }
        in->churned = cc;
        double *ww = realloc(in->weight, cap * sizeof *ww);
        if (ww == NULL) {
            return -1;
        }
        in->weight = ww;
        size_t *ll = realloc(in->line, cap * sizeof *ll);
        if (ll == NULL) {
            return -1;
        }
        in->line = ll;
        in->cap_rows = cap;
    }
    in->duration[in->n_rows] = d;
    in->churned[in->n_rows] = c;
    in->weight[in->n_rows] = w;
    in->line[in->n_rows] = line;
    in->n_rows++;
    return 0;
}

static cohort *add_cohort(input *in) {
    if (in->n_cohorts == in->cap_cohorts) {
        size_t cap = in->cap_cohorts ? 2 * in->cap_cohorts : 16;
        cohort *c = realloc(in->cohorts, cap * sizeof *c);
        if (c == NULL) {
            return NULL;
        }
        in->cohorts = c;
        in->cap_cohorts = cap;
    }
    cohort *h = &in->cohorts[in->n_cohorts++];
    h->label = NULL;
    h->alive = NULL;
    h->periods = 0;
    return h;
}

static int read_input(FILE *f, int form, input *in) {
    char *line = NULL;
    size_t cap = 0;
    size_t lineno = 0;
    size_t max_fields = 0;
    char **field = NULL;
    int first = 1;
    int rc = -1;
    in->durations = (form == 1);
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#') {
            continue;
        }
        if (strlen(p) + 1 > max_fields) {
            max_fields = strlen(p) + 1;
            char **nf = realloc(field, max_fields * sizeof *nf);
            if (nf == NULL) {
                goto oom;
            }
            field = nf;
        }
        size_t n = split(p, field);
        double v;
        size_t numbers = 0;
        for (size_t k = 0; k < n; k++) {
            numbers += is_number(field[k], &v) ? 1u : 0u;
        }
        if (first && form < 0 && strcasecmp(field[0], "duration") == 0) {
            in->durations = 1;
        }
        first = 0;
        if (numbers == 0) {
            continue; /* a header */
        }
        if (in->durations) {
            double d, c, w = 1.0;
            if ((n != 2 && n != 3) || numbers != n || !is_number(field[0], &d) ||
                !is_number(field[1], &c) || (n == 3 && !is_number(field[2], &w)) ||
                !(c == 0.0 || c == 1.0)) {
                fprintf(stderr, PROG ": line %zu: expected duration,churned(0/1)[,weight]\n",
                        lineno);
                goto out;
            }
            if (add_duration(in, d, (int32_t)c, w, lineno) != 0) {
                goto oom;
            }
        } else {
            size_t named = (!is_number(field[0], &v) && field[0][0] != '\0') ? 1u : 0u;
            if (numbers != n - named || n - named < 1) {
                fprintf(stderr, PROG ": line %zu: expected [segment,]alive0,alive1,...\n", lineno);
                goto out;
            }
            cohort *h = add_cohort(in);
            if (h == NULL) {
                goto oom;
            }
            h->label = malloc(named ? strlen(field[0]) + 1 : 1);
            h->alive = malloc((n - named) * sizeof *h->alive);
            if (h->label == NULL || h->alive == NULL) {
                goto oom;
            }
            strcpy(h->label, named ? field[0] : "");
            for (size_t k = named; k < n; k++) {
                is_number(field[k], &h->alive[k - named]);
            }
            h->periods = n - named - 1;
            h->line = lineno;
        }
    }
    if ((in->durations ? in->n_rows : in->n_cohorts) == 0) {
        fprintf(stderr, PROG ": no data\n");
        goto out;
    }
    rc = 0;
    goto out;
oom:
    fprintf(stderr, PROG ": out of memory\n");
out:
    free(field);
    free(line);
    return rc;
}

/* Observed survivors of one cohort, for the projection table: actual[t] for t < known (NaN
 * where unknown), the model fitted on periods 1..fitted. */
typedef struct observed {
    const char *label;
    double size;
    const double *actual;
    size_t known;
    size_t fitted;
    size_t number; /* 1, 2, ... within a segment of several cohorts; 0 when alone */
} observed;

/* The customers of a segment as Kaplan-Meier rows (duration, event, weight). */
typedef struct km_input {
    double *duration;
    int32_t *event;
    double *weight;
    size_t count;
} km_input;

static void print_value(double v) {
    if (isnan(v)) {
        printf(" %10s", "-");
    } else if (v == floor(v) && fabs(v) < 1e9) {
        printf(" %10.0f", v);
    } else {
        printf(" %10.2f", v);
    }
}

static int report_projection(const clv_sbg_params *p, const observed *ob, long project) {
    size_t rows = ob->fitted + (size_t)project + 1;
    if (ob->known > rows) {
        rows = ob->known;
    }
    double *expected = malloc(rows * sizeof *expected);
    if (expected == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return -1;
    }
    if (check(clv_sbg_project(p, ob->size, rows, expected), "projecting")) {
        free(expected);
        return -1;
    }
    printf("\nProjection");
    if (ob->number > 0) {
        printf(", cohort %zu", ob->number);
    }
    if (ob->label[0]) {
        printf(" \"%s\"", ob->label);
    }
    printf(": %g customers, fitted on periods 1..%zu%s\n", ob->size, ob->fitted,
           ob->known > ob->fitted + 1 ? " (* = holdout, not fitted)" : "");
    printf("%3s  %10s %10s %8s %8s %8s\n", "t", "actual", "expected", "S(t)", "r(t)", "actual r");
    for (size_t t = 0; t < rows; t++) {
        double s, r = NAN;
        double act = t < ob->known ? ob->actual[t] : NAN;
        double prev = (t >= 1 && t - 1 < ob->known) ? ob->actual[t - 1] : NAN;
        if (check(clv_sbg_survival(p, (double)t, &s), "survival") ||
            (t >= 1 && check(clv_sbg_retention_rate(p, (double)t, &r), "retention rate"))) {
            free(expected);
            return -1;
        }
        printf("%3zu%c ", t, (t > ob->fitted && !isnan(act)) ? '*' : ' ');
        print_value(act);
        printf(" %10.1f %8.4f", expected[t], s);
        if (t == 0) {
            printf(" %8s %8s\n", "-", "-");
        } else if (isnan(act) || isnan(prev) || !(prev > 0.0)) {
            printf(" %8.4f %8s\n", r, "-");
        } else {
            printf(" %8.4f %8.4f\n", r, act / prev);
        }
    }
    free(expected);
    return 0;
}

static int report_lifetime(const clv_sbg_params *p, size_t fitted, long project, double discount) {
    double life, life_fit, life_proj, del;
    int st = clv_sbg_expected_lifetime(p, INFINITY, &life);
    printf("\nLifetime, in periods (the period of cancellation counted whole)\n");
    if (st == CLV_EDIVERGE) {
        printf("  E[T]                      infinite: alpha <= 1, S(t) falls like t^-alpha\n");
    } else if (check(st, "expected lifetime")) {
        return -1;
    } else {
        printf("  E[T]                      %10.4f\n", life);
    }
    size_t horizon = fitted + (size_t)project;
    if (check(clv_sbg_expected_lifetime(p, (double)fitted, &life_fit), "expected lifetime") ||
        check(clv_sbg_expected_lifetime(p, (double)horizon, &life_proj), "expected lifetime") ||
        check(clv_sbg_del(p, discount, &del), "DEL")) {
        return -1;
    }
    char what[64];
    snprintf(what, sizeof what, "E[min(T, %zu)]", fitted);
    printf("  %-25s %10.4f  (fitted periods)\n", what, life_fit);
    snprintf(what, sizeof what, "E[min(T, %zu)]", horizon);
    printf("  %-25s %10.4f  (to the end of the projection)\n", what, life_proj);
    printf("  DEL at d = %-14g %10.4f  (discounted expected lifetime of a new customer;\n"
           "%40s payments at the start of each period, the first undiscounted)\n",
           discount, del, "");
    printf("\nDERL at d = %g: discounted expected residual lifetime of a customer who has made\n"
           "n renewals and whose contract is now up for renewal, at the end of period n + 1\n"
           "(payments at each renewal, the next one undiscounted)\n",
           discount);
    printf("%4s %10s\n", "n", "DERL");
    for (size_t n = 0; n <= fitted; n++) {
        double derl;
        if (check(clv_sbg_derl(p, (double)n, discount, &derl), "DERL")) {
            return -1;
        }
        printf("%4zu %10.4f\n", n, derl);
    }
    return 0;
}

static int report_km(const km_input *k, const clv_sbg_params *p) {
    int sorted = 1;
    for (size_t i = 1; i < k->count; i++) {
        sorted &= k->duration[i - 1] <= k->duration[i];
    }
    size_t bytes = 0;
    void *ws = NULL;
    clv_km_row *rows = malloc(k->count * sizeof *rows);
    if (rows == NULL || (!sorted && check(clv_km_workspace_size(k->count, &bytes),
                                          "Kaplan-Meier workspace size"))) {
        free(rows);
        return -1;
    }
    if (!sorted && (ws = malloc(bytes)) == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        free(rows);
        return -1;
    }
    clv_km_data data = {k->count, k->duration, k->event, k->weight};
    clv_km_summary sum;
    size_t n_rows = 0, bad = 0;
    int st = clv_km_estimate(&data, 0.95, ws, bytes, rows, k->count, &n_rows, &sum, &bad);
    free(ws);
    if (check(st, "Kaplan-Meier estimate")) {
        if (st == CLV_EDOM) {
            fprintf(stderr, PROG ": (row %zu of the data)\n", bad + 1);
        }
        free(rows);
        return -1;
    }
    printf("\nKaplan-Meier: %g customers, %g churned, %g censored; follow-up %g periods\n",
           sum.customers, sum.events, sum.censored, sum.max_time);
    printf("%4s %10s %10s %10s %8s %8s %8s %8s\n", "t", "at risk", "churned", "censored", "S(t)",
           "SE", "95% low", "95% up");
    for (size_t i = 0; i < n_rows; i++) {
        const clv_km_row *r = &rows[i];
        printf("%4g", r->time);
        print_value(r->at_risk);
        print_value(r->events);
        print_value(r->censored);
        printf(" %8.4f %8.4f %8.4f %8.4f\n", r->survival, r->std_error, r->lower, r->upper);
    }
    double med, med_lo, med_up, rmst, rmst_se, sbg_life;
    if (check(clv_km_median(rows, n_rows, &med, &med_lo, &med_up), "Kaplan-Meier median") ||
        check(clv_km_rmst(rows, n_rows, sum.max_time, &rmst, &rmst_se), "restricted mean") ||
        check(clv_sbg_expected_lifetime(p, sum.max_time, &sbg_life), "expected lifetime")) {
        free(rows);
        return -1;
    }
    if (isinf(med)) {
        printf("  median lifetime           not reached within follow-up\n");
    } else {
        printf("  median lifetime           %10g  (95%% CI %g to ", med, med_lo);
        if (isinf(med_up)) {
            printf("not reached)\n");
        } else {
            printf("%g)\n", med_up);
        }
    }
    printf("  restricted mean to t=%-4g %10.4f  (SE %.4f; sBG E[min(T, %g)] = %.4f)\n",
           sum.max_time, rmst, rmst_se, sum.max_time, sbg_life);
    free(rows);
    return 0;
}

/* --plots DIR: the retention curve of a segment, the share of each cohort still a customer
 * next to the sBG survival S(t) (Fader & Hardie 2007), with the end of the fitted periods
 * marked: retention-<segment number>-<name>.svg. */
static int plot_retention(const char *dir, size_t segment, const clv_sbg_params *p,
                          const observed *obs, size_t m, long project, const char *unit) {
    static const char *const colors[] = {SVGPLOT_BLUE, SVGPLOT_GREEN, SVGPLOT_PURPLE, SVGPLOT_RED,
                                         SVGPLOT_GREY};
    size_t rows = 0, fitted = 0;
    for (size_t i = 0; i < m; i++) {
        size_t r = obs[i].fitted + (size_t)project + 1;
        rows = r > rows ? r : rows;
        rows = obs[i].known > rows ? obs[i].known : rows;
        fitted = obs[i].fitted > fitted ? obs[i].fitted : fitted;
    }
    double *t = malloc(3 * rows * sizeof *t);
    if (t == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return -1;
    }
    double *model = t + rows, *share = t + 2 * rows;
    for (size_t k = 0; k < rows; k++) {
        t[k] = (double)k;
        if (check(clv_sbg_survival(p, t[k], &model[k]), "survival")) {
            free(t);
            return -1;
        }
        model[k] *= 100.0;
    }
    /* A name for the file: the segment's label in lower-case letters, digits and '-'. */
    char slug[48], name[96], path[4096], title[160], subtitle[200], xlabel[120];
    const char *label = obs[0].label;
    size_t len = 0;
    for (const char *c = label; *c != '\0' && len + 1 < sizeof slug; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) {
            slug[len++] = *c;
        } else if (*c >= 'A' && *c <= 'Z') {
            slug[len++] = (char)(*c - 'A' + 'a');
        } else if (len > 0 && slug[len - 1] != '-') {
            slug[len++] = '-';
        }
    }
    while (len > 0 && slug[len - 1] == '-') {
        len--;
    }
    slug[len] = '\0';
    snprintf(name, sizeof name, "retention-%zu%s%s.svg", segment, len ? "-" : "", slug);
    FILE *f = svgplot_open(dir, name, path, sizeof path);
    if (f == NULL) {
        fprintf(stderr, PROG ": cannot write %s/%s\n", dir, name);
        free(t);
        return -1;
    }
    snprintf(title, sizeof title, "Retention%s%s%s", label[0] ? ": \"" : "", label,
             label[0] ? "\"" : "");
    snprintf(subtitle, sizeof subtitle,
             "share of each cohort still a customer; sBG alpha %.4f, beta %.4f fitted on periods "
             "1-%zu",
             p->alpha, p->beta, fitted);
    svgplot plot;
    svgplot_begin(&plot, f, 860, 520, title, subtitle, 0);
    snprintf(xlabel, sizeof xlabel, "%s since the cohort's start", unit);
    svgplot_axes(&plot, 0.0, (double)(rows - 1), 0.0, 100.0, xlabel,
                 "customers still active (% of the cohort)");
    int holdout = 0;
    for (size_t i = 0; i < m; i++) {
        holdout |= obs[i].known > obs[i].fitted + 1;
    }
    svgplot_vline(&plot, (double)fitted, holdout ? "holdout \u2192" : "projection \u2192");
    svgplot_line(&plot, t, model, fitted + 1, "sBG, fitted periods", SVGPLOT_ORANGE, 0);
    svgplot_line(&plot, t + fitted, model + fitted, rows - fitted, "sBG projection", SVGPLOT_ORANGE,
                 SVGPLOT_DASHED);
    for (size_t i = 0; i < m; i++) {
        char what[64];
        for (size_t k = 0; k < rows; k++) {
            share[k] = (k < obs[i].known && obs[i].size > 0.0)
                           ? 100.0 * obs[i].actual[k] / obs[i].size
                           : NAN;
        }
        if (m > 1) {
            snprintf(what, sizeof what, "actual, cohort %zu", i + 1);
        } else {
            snprintf(what, sizeof what, "actual");
        }
        svgplot_points(&plot, t, share, rows, what, colors[i % 5], 0);
    }
    int bad = svgplot_end(&plot) != 0;
    bad |= fclose(f) != 0;
    free(t);
    if (bad) {
        fprintf(stderr, PROG ": writing %s failed\n", path);
        return -1;
    }
    printf("\nplot: %s\n", path);
    return 0;
}

/* An sBG fit refused: the library's diagnostic record says what broke which rule, where (a
 * duration row, or a cohort of the segment and its period); the example adds the line of the
 * input that holds it. */
static int fit_refused(int st, const clv_diag *diag, const input *in, const char *label) {
    if (st == CLV_OK) {
        return st;
    }
    diagnose_refusal(stderr, PROG, "fitting sBG", st, diag);
    if (diag->status == 0 || !diag->has_row) {
        return st;
    }
    size_t line = 0;
    if (label != NULL && (diag->field == CLV_FIELD_ALIVE || diag->field == CLV_FIELD_COHORT)) {
        /* the k-th cohort of the segment (row: cohort x 2^32 + period for alive) */
        uint64_t k = diag->field == CLV_FIELD_ALIVE ? diag->row >> 32 : diag->row;
        for (size_t i = 0, j = 0; i < in->n_cohorts; i++) {
            if (strcmp(in->cohorts[i].label, label) == 0 && j++ == k) {
                line = in->cohorts[i].line;
                break;
            }
        }
    } else if (label == NULL && diag->row < in->n_rows &&
               (diag->field == CLV_FIELD_DURATION || diag->field == CLV_FIELD_CHURNED ||
                diag->field == CLV_FIELD_WEIGHT)) {
        line = in->line[diag->row];
    }
    if (line > 0) {
        fprintf(stderr, PROG ": that is line %zu of the input\n", line);
    }
    return st;
}

static int report_fit(const clv_sbg_params *p, const clv_fit_report *rep) {
    printf("\nsBG fit (log-likelihood %.4f, %u iterations%s)\n", rep->loglik, rep->iterations,
           rep->converged ? "" : ", NOT converged");
    printf("  %-6s %10.4f  (SE %.4f)\n", "alpha", p->alpha, rep->std_error[0]);
    printf("  %-6s %10.4f  (SE %.4f)\n", "beta", p->beta, rep->std_error[1]);
    return 0;
}

/* One segment of survivor counts: the cohorts of in->cohorts with the given label. */
static int report_cohorts(const input *in, const char *label, size_t segment, const options *o) {
    size_t m = 0, max_fit = 0, kmn = 0;
    for (size_t i = 0; i < in->n_cohorts; i++) {
        if (strcmp(in->cohorts[i].label, label) == 0) {
            size_t f = in->cohorts[i].periods;
            if (o->fit >= 0 && (size_t)o->fit < f) {
                f = (size_t)o->fit;
            }
            m++;
            kmn += f + 1;
            max_fit = f > max_fit ? f : max_fit;
        }
    }
    clv_sbg_cohort *cs = calloc(m, sizeof *cs);
    observed *obs = calloc(m, sizeof *obs);
    km_input k = {malloc(kmn * sizeof(double)), malloc(kmn * sizeof(int32_t)),
                  malloc(kmn * sizeof(double)), 0};
    int rc = -1;
    if (cs == NULL || obs == NULL || k.duration == NULL || k.event == NULL || k.weight == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        goto out;
    }
    double customers = 0.0;
    size_t j = 0;
    for (size_t i = 0; i < in->n_cohorts; i++) {
        const cohort *h = &in->cohorts[i];
        if (strcmp(h->label, label) != 0) {
            continue;
        }
        size_t f = h->periods;
        if (o->fit >= 0 && (size_t)o->fit < f) {
            f = (size_t)o->fit;
        }
        cs[j] = (clv_sbg_cohort){h->alive, (uint32_t)f, 0};
        obs[j] = (observed){h->label, h->alive[0], h->alive, h->periods + 1, f, m > 1 ? j + 1 : 0};
        /* alive[t-1] - alive[t] churned in period t, alive[f] censored at f. */
        for (size_t t = 1; t <= f; t++) {
            k.duration[k.count] = (double)t;
            k.event[k.count] = 1;
            k.weight[k.count++] = h->alive[t - 1] - h->alive[t];
        }
        k.duration[k.count] = (double)f;
        k.event[k.count] = 0;
        k.weight[k.count++] = h->alive[f];
        customers += h->alive[0];
        j++;
    }
    printf("\n== Segment \"%s\": %zu cohort%s, %g customers, survivor counts ==\n",
           label[0] ? label : "all", m, m == 1 ? "" : "s", customers);
    clv_sbg_params p;
    clv_fit_report rep;
    clv_fit_options fo;
    clv_diag diag;
    clv_fit_options_init(&fo);
    clv_diag_init(&diag);
    fo.diag = &diag;
    if (fit_refused(clv_sbg_fit_cohorts(cs, m, &fo, &p, &rep), &diag, in, label) ||
        report_fit(&p, &rep) != 0) {
        goto out;
    }
    for (size_t i = 0; i < m; i++) {
        if (report_projection(&p, &obs[i], o->project) != 0) {
            goto out;
        }
    }
    if (report_lifetime(&p, max_fit, o->project, o->discount) != 0 || report_km(&k, &p) != 0 ||
        (o->plots != NULL &&
         plot_retention(o->plots, segment, &p, obs, m, o->project, o->unit) != 0)) {
        goto out;
    }
    rc = 0;
out:
    free(cs);
    free(obs);
    free(k.duration);
    free(k.event);
    free(k.weight);
    return rc;
}

/* Individual durations: one segment. */
static int report_durations(const input *in, const options *o) {
    clv_sbg_durations data = {in->n_rows, in->duration, in->churned, in->weight};
    clv_sbg_params p;
    clv_fit_report rep;
    double total = 0.0, max_d = 0.0;
    for (size_t i = 0; i < in->n_rows; i++) {
        total += in->weight[i];
        max_d = fmax(max_d, in->duration[i]);
    }
    printf("\n== %zu rows, %g customers, individual durations ==\n", in->n_rows, total);
    clv_fit_options fo;
    clv_diag diag;
    clv_fit_options_init(&fo);
    clv_diag_init(&diag);
    fo.diag = &diag;
    if (fit_refused(clv_sbg_fit(&data, &fo, &p, &rep), &diag, in, NULL) ||
        report_fit(&p, &rep) != 0) {
        return -1;
    }
    /* Survivors are known up to the first period with a censored customer in it: censored at
     * d means still a customer after period d, so known through t = d. */
    size_t periods = (size_t)max_d; /* the fit accepted the durations: whole numbers */
    double *actual = malloc((periods + 1) * sizeof *actual);
    double *lost = calloc(periods + 1, sizeof *lost);
    if (actual == NULL || lost == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        free(actual);
        free(lost);
        return -1;
    }
    double first_censor = INFINITY;
    for (size_t i = 0; i < in->n_rows; i++) {
        if (in->churned[i]) {
            lost[(size_t)in->duration[i]] += in->weight[i];
        } else if (in->weight[i] > 0.0) {
            first_censor = fmin(first_censor, in->duration[i]);
        }
    }
    size_t known = 0;
    for (double alive = total; known <= periods && (double)known <= first_censor; known++) {
        alive -= lost[known];
        actual[known] = alive;
    }
    observed ob = {"", total, actual, known, periods, 0};
    km_input k = {in->duration, in->churned, in->weight, in->n_rows};
    int rc =
        (report_projection(&p, &ob, o->project) == 0 &&
         report_lifetime(&p, periods, o->project, o->discount) == 0 && report_km(&k, &p) == 0 &&
         (o->plots == NULL || plot_retention(o->plots, 1, &p, &ob, 1, o->project, o->unit) == 0))
            ? 0
            : -1;
    free(actual);
    free(lost);
    return rc;
}

int main(int argc, char **argv) {
    options o;
    input in;
    memset(&in, 0, sizeof in);
    if (parse_options(argc, argv, &o) != 0) {
        return 2;
    }
    int bundled = (o.path == NULL);
    const char *path = bundled ? BUNDLED : o.path;
    FILE *f = (strcmp(path, "-") == 0) ? stdin : fopen(path, "r");
#ifdef RETENTION_SAMPLE
    if (f == NULL && bundled) {
        path = RETENTION_SAMPLE; /* the source tree's copy, from a build directory */
        f = fopen(path, "r");
    }
#endif
    if (f == NULL) {
        fprintf(stderr, PROG ": cannot open %s (run from the source tree, or give a file)\n", path);
        return 1;
    }
    if (bundled && o.fit < 0) {
        o.fit = 7; /* the paper's calibration period, years 1-7 */
    }
    if (o.unit == NULL) {
        o.unit = bundled ? "years" : "periods";
    }
    int st = read_input(f, bundled ? 0 : o.form, &in);
    if (f != stdin) {
        fclose(f);
    }
    if (st != 0) {
        return 1;
    }
    printf("libclv %s -- retention report: sBG (Fader & Hardie 2007) and Kaplan-Meier\n",
           clv_version_string());
    printf("input: %s, %s; discount rate %g per period\n", strcmp(path, "-") ? path : "stdin",
           in.durations ? "individual durations" : "survivor counts", o.discount);
    int rc = 0;
    if (in.durations) {
        rc = report_durations(&in, &o) == 0 ? 0 : 1;
    } else {
        /* One report per segment, in order of first appearance. */
        size_t segment = 0;
        for (size_t i = 0; i < in.n_cohorts && rc == 0; i++) {
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++) {
                seen = strcmp(in.cohorts[j].label, in.cohorts[i].label) == 0;
            }
            if (!seen && report_cohorts(&in, in.cohorts[i].label, ++segment, &o) != 0) {
                rc = 1;
            }
        }
    }
    for (size_t i = 0; i < in.n_cohorts; i++) {
        free(in.cohorts[i].label);
        free(in.cohorts[i].alive);
    }
    free(in.cohorts);
    free(in.duration);
    free(in.churned);
    free(in.weight);
    free(in.line);
    return rc;
}
