/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * bass-fit: fit the Bass (1969) diffusion model to adopters per period and forecast.
 *
 *   bass-fit [--method nls|ml] [--model interval|density] [--forecast N] [--plots DIR]
 *            [FILE|-]
 *
 * FILE (or standard input with "-") holds the adopters of each period since the launch, in
 * order: one number per line, or CSV lines "period,count" (the last field is the count). Lines
 * starting with '#', blank lines and a header line without numbers are skipped.
 * With no FILE the bundled sample is read (examples/data/bass-published.csv, run from the
 * source tree): the ten years of the published example (refs/published.md), fitted as
 * published -- least squares on m f(t) -- which reproduces m = 6.80e4, p = 6.59e-3,
 * q = 0.638 and their standard errors.
 *
 * Options:
 *   --method nls|ml      nonlinear least squares (default; Srinivasan & Mason 1986) or
 *                        maximum likelihood (Schmittlein & Mahajan 1982)
 *   --model interval|density
 *                        for NLS, the adopters of period t as m [F(t) - F(t-1)] (default)
 *                        or m f(t) (default for the bundled sample, as published)
 *   --forecast N         forecast N periods past the data (default 5)
 *   --plots DIR          also write DIR/bass.svg (DIR is created if missing): adopters per
 *                        period and the fitted curve, and the cumulative adopters
 *   --unit NAME          what a period is ("years", "quarters"), for the chart's time axis
 *                        (default "periods"; "years" for the bundled sample)
 *   --help, --version
 *
 * It prints p, q and m with standard errors, the fit's residual SE and log-likelihood, the
 * peak of adoption, the fitted values next to the data, and the forecast.
 *
 * The library does no I/O: this program reads, calls libclv, and prints.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clv.h>
#include <referral.h>

#include "diagnose.h"
#include "svgplot.h"

#define PROG "bass-fit"
#define BUNDLED "examples/data/bass-published.csv"
#define MAX_FORECAST 100000L

typedef struct options {
    const char *path; /* NULL: the bundled sample */
    int method;
    int model; /* -1: the default for the input */
    long forecast;
    const char *plots; /* --plots DIR, or NULL */
    const char *unit;  /* --unit NAME: what a period is, for the chart's axis */
} options;

static void usage(FILE *out) {
    fprintf(out, "usage: " PROG " [--method nls|ml] [--model interval|density] [--forecast N] "
                 "[--plots DIR] [--unit NAME] [FILE|-]\n"
                 "Bass (1969) diffusion: fit adopters per period, peak and forecast.\n"
                 "  FILE: adopters per period since the launch, one per line or \"period,count\"\n"
                 "        (counts of people; periods of any fixed length, in order).\n"
                 "        Default: the published example, " BUNDLED " (years).\n"
                 "  --method nls|ml    least squares (default) or maximum likelihood\n"
                 "  --model interval|density\n"
                 "                     NLS model of a period: m [F(t)-F(t-1)] (default) or m f(t)\n"
                 "                     (default for the bundled sample, as published)\n"
                 "  --forecast N       periods to forecast past the data (default 5)\n"
                 "  --plots DIR        also write the fit as an SVG chart, DIR/bass.svg\n"
                 "  --unit NAME        what a period is, for the chart's time axis (default\n"
                 "                     \"periods\"; \"years\" for the bundled sample)\n"
                 "  --help             this text;  --version  the program's and libclv's version\n"
                 "Example: " PROG " --method ml --forecast 10 --unit years --plots charts "
                 BUNDLED "\n");
}

static int parse_options(int argc, char **argv, options *o) {
    o->path = NULL;
    o->method = CLV_BASS_NLS;
    o->model = -1;
    o->forecast = 5;
    o->plots = NULL;
    o->unit = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = (i + 1 < argc) ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf(PROG " (libclv examples), libclv %s\n", clv_version_string());
            exit(0);
        } else if (strcmp(a, "--unit") == 0 && v != NULL && v[0] != '\0') {
            o->unit = v;
            i++;
        } else if (strcmp(a, "--method") == 0 && v != NULL &&
                   (strcmp(v, "nls") == 0 || strcmp(v, "ml") == 0)) {
            o->method = (strcmp(v, "ml") == 0) ? CLV_BASS_ML : CLV_BASS_NLS;
            i++;
        } else if (strcmp(a, "--model") == 0 && v != NULL &&
                   (strcmp(v, "interval") == 0 || strcmp(v, "density") == 0)) {
            o->model = (strcmp(v, "density") == 0) ? CLV_BASS_DENSITY : CLV_BASS_INTERVAL;
            i++;
        } else if (strcmp(a, "--plots") == 0 && v != NULL) {
            o->plots = v;
            i++;
        } else if (strcmp(a, "--forecast") == 0 && v != NULL) {
            char *end;
            o->forecast = strtol(v, &end, 10);
            if (end == v || *end != '\0' || o->forecast < 0 || o->forecast > MAX_FORECAST) {
                fprintf(stderr, PROG ": --forecast wants a whole number 0..%ld\n", MAX_FORECAST);
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

/* The count on a line: its last comma- or blank-separated field. Returns 1 with the count,
 * 0 for a line to skip (comment, blank, a header without numbers), -1 for a bad line. */
static int parse_line(char *line, double *count) {
    line[strcspn(line, "\r\n")] = '\0';
    char *s = line + strspn(line, " \t");
    if (*s == '\0' || *s == '#') {
        return 0;
    }
    char *last = s;
    for (char *c = s; *c != '\0'; c++) {
        if ((*c == ',' || *c == ' ' || *c == '\t' || *c == ';') && c[1] != '\0' &&
            strchr(", \t;", c[1]) == NULL) {
            last = c + 1;
        }
    }
    char *end;
    double v = strtod(last, &end);
    end += strspn(end, " \t,;");
    if (end == last || *end != '\0') {
        return (strpbrk(s, "0123456789") == NULL) ? 0 : -1;
    }
    *count = v;
    return 1;
}

/* The counts of a file, and (lines) the line each came from. NULL after a message. */
static double *read_counts(FILE *f, const char *name, size_t *n, size_t **lines) {
    size_t cap = 64;
    double *y = malloc(cap * sizeof *y);
    size_t *at = malloc(cap * sizeof *at);
    char line[512];
    size_t lineno = 0;
    *n = 0;
    while (y != NULL && at != NULL && fgets(line, sizeof line, f) != NULL) {
        double v;
        lineno++;
        int r = parse_line(line, &v);
        if (r < 0) {
            fprintf(stderr, PROG ": %s:%zu: no count on this line\n", name, lineno);
            free(y);
            free(at);
            return NULL;
        }
        if (r == 0) {
            continue;
        }
        if (*n == cap) {
            double *bigger = realloc(y, 2 * cap * sizeof *y);
            if (bigger == NULL) {
                break;
            }
            y = bigger;
            size_t *more = realloc(at, 2 * cap * sizeof *at);
            if (more == NULL) {
                break;
            }
            at = more;
            cap *= 2;
        }
        at[*n] = lineno;
        y[(*n)++] = v;
    }
    if (y == NULL || at == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        free(y);
        free(at);
        return NULL;
    }
    *lines = at;
    return y;
}

static const char *model_name(int method, int model) {
    if (method == CLV_BASS_ML) {
        return "maximum likelihood, adopters of (t-1, t] (Schmittlein & Mahajan 1982)";
    }
    return (model == CLV_BASS_DENSITY) ? "least squares on m f(t), the density at t"
                                       : "least squares on m [F(t) - F(t-1)] (Srinivasan & "
                                         "Mason 1986)";
}

/* --plots DIR: bass.svg, adopters per period (bars) with the fitted and forecast curve, and the
 * cumulative adopters, actual and m F(t), on the right-hand axis. */
static int plot_bass(const char *dir, const double *y, size_t n, const double *fitted, size_t all,
                     const clv_bass_params *p, const char *unit) {
    double *cols = malloc(4 * all * sizeof *cols);
    if (cols == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return -1;
    }
    double *t = cols, *cum = cols + all, *cum_fit = cols + 2 * all, hi = 0.0, hi2 = 0.0;
    double total = 0.0;
    for (size_t i = 0; i < all; i++) {
        double F = 0.0;
        t[i] = (double)(i + 1);
        total += i < n ? y[i] : 0.0;
        cum[i] = i < n ? total : NAN;
        if (clv_bass_cumulative(p, t[i], &F) != CLV_OK) {
            fprintf(stderr, PROG ": cumulative adoption failed\n");
            free(cols);
            return -1;
        }
        cum_fit[i] = p->m * F;
        hi = fmax(hi, fmax(fitted[i], i < n ? y[i] : 0.0));
        hi2 = fmax(hi2, fmax(cum_fit[i], i < n ? cum[i] : 0.0));
    }
    char path[4096], subtitle[200];
    FILE *f = svgplot_open(dir, "bass.svg", path, sizeof path);
    if (f == NULL) {
        fprintf(stderr, PROG ": cannot write %s/bass.svg\n", dir);
        free(cols);
        return -1;
    }
    snprintf(subtitle, sizeof subtitle, "Bass (1969) fit: p = %.4g, q = %.4g, m = %.6g", p->p, p->q,
             p->m);
    svgplot plot;
    svgplot_begin(&plot, f, 860, 520, "Adopters per period: actual, fitted and forecast", subtitle,
                  SVGPLOT_WIDE_RIGHT);
    char xlabel[120];
    snprintf(xlabel, sizeof xlabel, "%s since the launch", unit);
    svgplot_axes(&plot, 0.4, (double)all + 0.6, 0.0, hi, xlabel, "adopters per period (people)");
    svgplot_right_axis(&plot, 0.0, hi2, "cumulative adopters (people)");
    if (all > n) {
        svgplot_vline(&plot, (double)n + 0.5, "forecast \u2192");
    }
    svgplot_bars(&plot, t, y, n, 0.7, 0.0, "adopters", "#9ecae1", 0);
    svgplot_line(&plot, t, fitted, all, "fitted", SVGPLOT_ORANGE, SVGPLOT_MARKERS);
    svgplot_line(&plot, t, cum, n, "cumulative", SVGPLOT_BLUE, SVGPLOT_RIGHT);
    svgplot_line(&plot, t, cum_fit, all, "m F(t)", SVGPLOT_PURPLE, SVGPLOT_RIGHT | SVGPLOT_DASHED);
    int bad = svgplot_end(&plot) != 0;
    bad |= fclose(f) != 0;
    free(cols);
    if (bad) {
        fprintf(stderr, PROG ": writing %s failed\n", path);
        return -1;
    }
    printf("\nplot: %s\n", path);
    return 0;
}

static int report(const double *y, const size_t *lines, size_t n, const options *o, int model) {
    clv_bass_fit_options fo;
    clv_bass_params p;
    clv_bass_fit_report r;
    clv_bass_fit_options_init(&fo);
    fo.method = o->method;
    fo.model = model;
    clv_diag diag;
    clv_diag_init(&diag);
    fo.diag = &diag;
    int st = clv_bass_fit(y, n, &fo, &p, &r);
    if (st != CLV_OK && st != CLV_ENOCONV) {
        /* the library's record names the count (counts[i], 0-based) and the rule; the
         * example adds the line it was read from */
        diagnose_refusal(stderr, PROG, "fitting the Bass model", st, &diag);
        if (diag.has_row && diag.field == CLV_FIELD_ADOPTERS && diag.row < n) {
            fprintf(stderr, PROG ": that is line %zu of the input (period %zu)\n",
                    lines[diag.row], (size_t)diag.row + 1);
        } else if (n < CLV_BASS_MIN_PERIODS) {
            fprintf(stderr, PROG ": %zu periods read: the fit needs at least %d\n", n,
                    CLV_BASS_MIN_PERIODS);
        }
        return 1;
    }
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        total += y[i];
    }
    printf("fit: %s\n", model_name(o->method, model));
    printf("data: %zu periods, %.10g adopters\n", n, total);
    if (st == CLV_ENOCONV) {
        char why[400];
        clv_diag_format(&diag, why, sizeof why, NULL);
        printf("WARNING: the fit did not converge (%u iterations; %s); the estimates below are "
               "where it stopped\n",
               r.fit.iterations, why);
    }
    printf("  %-2s %14.6g   SE %.6g\n", "p", p.p, r.fit.std_error[0]);
    printf("  %-2s %14.6g   SE %.6g\n", "q", p.q, r.fit.std_error[1]);
    printf("  %-2s %14.6g   SE %.6g\n", "m", p.m, r.fit.std_error[2]);
    printf("residual SE %.6g on %u df; log-likelihood %.6f; %u iterations\n", r.residual_se, r.df,
           r.fit.loglik, r.fit.iterations);

    clv_bass_peak_info peak;
    if (clv_bass_peak(&p, &peak) == CLV_OK) {
        if (peak.interior) {
            printf("peak: t* = %.4g periods after the launch, %.6g adopters per period, %.1f%% "
                   "of m adopted by then\n",
                   peak.time, peak.adopters, 100.0 * peak.cumulative);
        } else {
            printf("peak: none -- q <= p, adoption is fastest at the launch (%.6g per period) "
                   "and only slows\n",
                   peak.adopters);
        }
    }

    size_t all = n + (size_t)o->forecast;
    double *fitted = malloc(all * sizeof *fitted);
    if (fitted == NULL || clv_bass_forecast(&p, 0.0, model, all, fitted) != CLV_OK) {
        fprintf(stderr, PROG ": forecast failed\n");
        free(fitted);
        return 1;
    }
    printf("\n%6s %14s %14s %14s\n", "period", "adopters", "fitted", "residual");
    for (size_t i = 0; i < n; i++) {
        printf("%6zu %14.6g %14.6g %14.6g\n", i + 1, y[i], fitted[i], y[i] - fitted[i]);
    }
    if (o->forecast > 0) {
        printf("\nforecast\n%6s %14s %14s %9s\n", "period", "adopters", "cumulative", "of m");
        for (size_t i = n; i < all; i++) {
            double F = 0.0;
            clv_bass_cumulative(&p, (double)(i + 1), &F);
            printf("%6zu %14.6g %14.6g %8.1f%%\n", i + 1, fitted[i], p.m * F, 100.0 * F);
        }
    }
    if (o->plots != NULL && plot_bass(o->plots, y, n, fitted, all, &p, o->unit) != 0) {
        free(fitted);
        return 1;
    }
    free(fitted);
    return (st == CLV_OK) ? 0 : 1;
}

int main(int argc, char **argv) {
    options o;
    if (parse_options(argc, argv, &o) != 0) {
        return 2;
    }
    int bundled = (o.path == NULL);
    const char *path = bundled ? BUNDLED : o.path;
    if (o.unit == NULL) {
        o.unit = bundled ? "years" : "periods";
    }
    FILE *f = (strcmp(path, "-") == 0) ? stdin : fopen(path, "r");
#ifdef BASS_SAMPLE
    if (f == NULL && bundled) {
        path = BASS_SAMPLE; /* the source tree's copy, from a build directory */
        f = fopen(path, "r");
    }
#endif
    if (f == NULL) {
        fprintf(stderr, PROG ": cannot open %s (run from the source tree, or give a file)\n", path);
        return 1;
    }
    size_t n, *lines = NULL;
    double *y = read_counts(f, strcmp(path, "-") ? path : "stdin", &n, &lines);
    if (f != stdin) {
        fclose(f);
    }
    if (y == NULL) {
        return 1;
    }
    /* The published fit is least squares on m f(t): the bundled sample's default. */
    int model = (o.model >= 0) ? o.model : (bundled ? CLV_BASS_DENSITY : CLV_BASS_INTERVAL);
    if (o.method == CLV_BASS_ML) {
        if (o.model == CLV_BASS_DENSITY) {
            fprintf(stderr, PROG ": maximum likelihood has no density form\n");
            free(y);
            free(lines);
            return 2;
        }
        model = CLV_BASS_INTERVAL;
    }
    printf("libclv %s -- Bass diffusion (Bass 1969)\n", clv_version_string());
    printf("input: %s\n", strcmp(path, "-") ? path : "stdin");
    int rc = report(y, lines, n, &o, model);
    free(y);
    free(lines);
    return rc;
}
