/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * pos: one customer's numbers at the till, from models fitted beforehand by
 * `clv-report --save-params PARAMS` (file format: pos-model.c).
 *
 *   pos [--days] [--within-days D] PARAMS x t_x T mean_spend
 *   pos [--days] [--within-days D] --stdin PARAMS  < customers
 *   pos --help | --version
 *
 * x is the number of repeat purchases, t_x the time of the last one counted from the first
 * purchase (0 when x = 0), T the time from the first purchase to now, mean_spend the mean
 * spend of the repeat purchases (0 when x = 0). Times are in the file's unit, weeks, or in
 * days with --days (divided by 7, as clv-report does).
 *
 * Prints P(alive), the expected purchases in the next 90 days (--within-days D: the next D
 * days), the expected spend per purchase, the value (clv_customer_value(), exactly as
 * clv-report computes it with the file's margin, discount rate and horizon) and a service
 * tier (rule: pos_tier() in pos-model.c).
 *
 * --stdin: one customer a line, "[id] x t_x T mean_spend", fields separated by commas or
 * whitespace, "#" lines skipped; prints CSV "id,p_alive,expected_purchases,expected_spend,
 * clv,tier" (id: the line's id, else its line number). A bad line is reported on standard
 * error and skipped.
 *
 * Exit status: 0; 1 if a customer's history is invalid; 2 for a usage error or a missing or
 * malformed parameters file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pos-model.h"

static void usage(void) {
    fprintf(stderr, "usage: pos [--days] [--within-days D] PARAMS x t_x T mean_spend\n"
                    "       pos [--days] [--within-days D] --stdin PARAMS < customers\n"
                    "(pos --help for more)\n");
}

static void help(void) {
    printf("usage: pos [--days] [--within-days D] PARAMS x t_x T mean_spend\n"
           "       pos [--days] [--within-days D] --stdin PARAMS < customers\n"
           "One customer's numbers at the till from the models clv-report saved\n"
           "(clv-report --save-params PARAMS): P(alive), expected purchases, spend, value, tier.\n"
           "  x           repeat purchases (count)\n"
           "  t_x         time of the last repeat purchase since the first purchase, in weeks\n"
           "              (the file's unit; days with --days); 0 when x = 0\n"
           "  T           time from the first purchase to now, weeks (days with --days)\n"
           "  mean_spend  mean spend of the repeat purchases (currency units; 0 when x = 0)\n"
           "  --days            t_x and T are in days (divided by 7)\n"
           "  --within-days D   expected purchases in the next D days (default 90)\n"
           "  --stdin           one customer a line on standard input, \"[id] x t_x T "
           "mean_spend\";\n"
           "                    prints CSV id,p_alive,expected_purchases,expected_spend,clv,tier\n"
           "  --help            this text;  --version  the program's and libclv's version\n"
           "Exit status: 0; 1 invalid history; 2 usage error or bad PARAMS file.\n"
           "Example: clv-report --save-params cdnow.params && pos --days cdnow.params 2 213 272 "
           "22.35\n");
}

/* Parses and scores one history given as text; 0, or -1 with a message in err. */
static int score_text(const pos_model *m, char *const field[4], int days, double window,
                      double history[4], pos_score *s, char *err, size_t err_size) {
    static const char *names[4] = {"x", "t_x", "T", "mean_spend"};
    for (int k = 0; k < 4; k++) {
        if (pos_parse_number(field[k], &history[k]) != 0) {
            snprintf(err, err_size, "%s '%s' is not a number", names[k], field[k]);
            return -1;
        }
    }
    if (days) {
        history[1] /= 7.0;
        history[2] /= 7.0;
    }
    const char *bad = pos_check_history(history[0], history[1], history[2], history[3]);
    if (bad != NULL) {
        snprintf(err, err_size, "invalid history: %s", bad);
        return -1;
    }
    int st = pos_score_customer(m, history[0], history[1], history[2], history[3], window, s);
    if (st != CLV_OK) {
        snprintf(err, err_size, "cannot score this history: %s", clv_strerror(st));
        return -1;
    }
    return 0;
}

static int run_one(const pos_model *m, char *const field[4], int days, double within_days) {
    double h[4];
    pos_score s;
    char err[200];
    if (score_text(m, field, days, within_days / 7.0, h, &s, err, sizeof err) != 0) {
        fprintf(stderr, "pos: %s\n", err);
        return 1;
    }
    printf("customer   x = %.0f, t_x = %.4f, T = %.4f weeks, mean spend %g\n", h[0], h[1], h[2],
           h[3]);
    printf("model      %s fitted to %s\n", pos_model_name(m), m->calibration_end);
    printf("P(alive)   %.6f\n", s.p_alive);
    printf("purchases  %.6f expected in the next %g days\n", s.expected, within_days);
    printf("spend      %.4f expected per purchase\n", s.spend);
    printf("CLV        %.4f (%g weeks, %g%% a year, margin %g)\n", s.value, m->horizon_weeks,
           100.0 * m->discount_annual, m->margin);
    printf("tier       %s (a newcomer's CLV: %.4f)\n", s.tier, m->newcomer_value);
    return 0;
}

/* Batch: one customer a line on standard input, CSV out. */
static int run_batch(const pos_model *m, int days, double within_days) {
    char line[512];
    unsigned long lineno = 0;
    int status = 0;
    printf("id,p_alive,expected_purchases,expected_spend,clv,tier\n");
    while (fgets(line, sizeof line, stdin) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(stdin)) {
            int c;
            while ((c = getchar()) != EOF && c != '\n') {
            }
            fprintf(stderr, "pos: line %lu: too long\n", lineno);
            status = 1;
            continue;
        }
        char *field[6];
        int n = 0;
        for (char *tok = strtok(line, ", \t\r\n"); tok != NULL && n < 6;
             tok = strtok(NULL, ", \t\r\n")) {
            field[n++] = tok;
        }
        if (n == 0 || field[0][0] == '#') {
            continue;
        }
        if (n != 4 && n != 5) {
            fprintf(stderr, "pos: line %lu: expected '[id] x t_x T mean_spend'\n", lineno);
            status = 1;
            continue;
        }
        double h[4];
        pos_score s;
        char err[200];
        if (score_text(m, field + (n - 4), days, within_days / 7.0, h, &s, err, sizeof err) != 0) {
            fprintf(stderr, "pos: line %lu: %s\n", lineno, err);
            status = 1;
            continue;
        }
        if (n == 5) {
            printf("%s,", field[0]);
        } else {
            printf("%lu,", lineno);
        }
        printf("%.6f,%.6f,%.4f,%.4f,%s\n", s.p_alive, s.expected, s.spend, s.value, s.tier);
    }
    return status;
}

int main(int argc, char **argv) {
    int days = 0;
    int batch = 0;
    double within_days = 90.0;
    char *positional[5];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("pos (libclv examples), libclv %s\n", clv_version_string());
            return 0;
        } else if (strcmp(a, "--days") == 0) {
            days = 1;
        } else if (strcmp(a, "--stdin") == 0) {
            batch = 1;
        } else if (strcmp(a, "--within-days") == 0 && i + 1 < argc &&
                   pos_parse_number(argv[i + 1], &within_days) == 0 && within_days >= 0.0) {
            i++;
        } else if (a[0] == '-' && a[1] != '\0' && (a[1] < '0' || a[1] > '9') && a[1] != '.') {
            fprintf(stderr, "pos: unknown, incomplete or invalid option '%s' (see --help)\n", a);
            return 2;
        } else if (n == 5) {
            usage();
            return 2;
        } else {
            positional[n++] = argv[i];
        }
    }
    if (n != (batch ? 1 : 5)) {
        usage();
        return 2;
    }
    pos_model model;
    char err[512];
    if (pos_model_load(positional[0], &model, err, sizeof err) != 0) {
        fprintf(stderr, "pos: %s\n", err);
        return 2;
    }
    return batch ? run_batch(&model, days, within_days)
                 : run_one(&model, positional + 1, days, within_days);
}
